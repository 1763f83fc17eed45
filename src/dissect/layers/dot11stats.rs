//! Scapy's `network_stats()` of a beacon, probe or association frame: what its
//! information elements say of the network (SSID, channel, country, rates, security).

use super::dot11elt::{info, rsn_layout, AKM_SUITES, COUNTRY, MS_WPA, RATES, RSN};
use super::Proto;
use crate::dissect::Packet;
use crate::pyfmt::decode_backslash;

/// One value of the statistics dict, in the kinds Scapy puts there.
#[derive(Debug, PartialEq)]
pub enum Stat {
    Str(String),
    Int(i64),
    /// A country's descriptor type Scapy does not name.
    None,
    Floats(Vec<f64>),
    /// The security: a set of names (`WPA2/PSK`, `OPN` ...).
    Set(Vec<String>),
}

/// The body classes Scapy gives `network_stats()` (`_Dot11EltUtils`), by index in
/// `dot11::BODY`, and whether each has the capability field.
fn elt_body(p: Proto) -> Option<bool> {
    match p {
        // Association request and response, reassociation request and response, probe
        // response, beacon: with capabilities; probe request and authentication: without.
        Proto::Dot11Body(1..=4 | 6 | 7) => Some(true),
        Proto::Dot11Body(5 | 10 | 14) => Some(false),
        _ => None,
    }
}

fn akm_name(v: u8) -> String {
    AKM_SUITES
        .iter()
        .find(|(k, _)| *k == v as i64)
        .map_or(v.to_string(), |(_, n)| n.to_string())
}

/// The statistics of the body at layer `from`, in the order Scapy's dict has its keys;
/// None where that layer is not such a body (Scapy's other classes lack the method).
pub fn network_stats(p: &Packet, from: usize) -> Option<Vec<(&'static str, Stat)>> {
    let layers = p.layers();
    let body = from;
    let has_cap = elt_body(layers.get(body)?.proto)?;
    let mut out: Vec<(&'static str, Stat)> = Vec::new();
    let mut rates: Option<Vec<f64>> = None;
    let mut crypto: Vec<String> = Vec::new();
    let add = |c: String, crypto: &mut Vec<String>| {
        if !crypto.contains(&c) {
            crypto.push(c);
        }
    };
    for l in &layers[body + 1..] {
        let Proto::Dot11Elt(class) = l.proto else {
            break;
        };
        let b = l.header(p.data);
        let id = b.first().copied().unwrap_or(0);
        if id == 0 && !out.iter().any(|(k, _)| *k == "ssid") {
            out.push(("ssid", Stat::Str(decode_backslash(info(b)))));
        } else if id == 3 {
            if let [c] = info(b) {
                set(&mut out, "channel", Stat::Int(*c as i64));
            }
        } else if class == COUNTRY {
            let s = b.get(2..b.len().min(5)).unwrap_or(&[]);
            set(
                &mut out,
                "country",
                Stat::Str(decode_backslash(&s[..s.len().min(2)])),
            );
            let kind = match s.last() {
                Some(b'I') => Stat::Str("Indoor".into()),
                Some(b'O') => Stat::Str("Outdoor".into()),
                Some(b'X') => Stat::Str("Non-country".into()),
                Some(0xff) => Stat::Str("Ignored".into()),
                _ => Stat::None,
            };
            set(&mut out, "country_desc_type", kind);
        } else if class == RATES {
            let r = rates.get_or_insert_with(Vec::new);
            r.extend(b[2..].iter().map(|x| (x & 0x7f) as f64 / 2.0));
            if !out.iter().any(|(k, _)| *k == "rates") {
                out.push(("rates", Stat::Floats(vec![])));
            }
        } else if class == RSN {
            if let Some(c) = rsn_crypto(b) {
                add(c, &mut crypto);
            }
        } else if class == MS_WPA {
            let l = rsn_layout(b, 6);
            let first = l
                .filter(|l| l.nakm > 0)
                .map(|l| b[6 + 2 + 4 + 2 + 4 * l.npair + 2 + 3]);
            add(
                first.map_or("WPA".into(), |s| format!("WPA/{}", akm_name(s))),
                &mut crypto,
            );
        }
    }
    if let (Some(r), Some(slot)) = (rates, out.iter_mut().find(|(k, _)| *k == "rates")) {
        slot.1 = Stat::Floats(r);
    }
    if crypto.is_empty() && has_cap {
        let b = layers[body].header(p.data);
        // Probe responses and beacons have a timestamp and interval before it.
        let at = if matches!(layers[body].proto, Proto::Dot11Body(6 | 7)) {
            10
        } else {
            0
        };
        let privacy = b
            .get(at..at + 2)
            .is_some_and(|c| u16::from_be_bytes([c[0], c[1]]) & (1 << 12) != 0);
        crypto.push(if privacy { "WEP" } else { "OPN" }.into());
    }
    if !crypto.is_empty() {
        out.push(("crypto", Stat::Set(crypto)));
    }
    Some(out)
}

/// Sets a key, keeping its first place when it is already there (a dict's order).
fn set(out: &mut Vec<(&'static str, Stat)>, key: &'static str, v: Stat) {
    match out.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = v,
        None => out.push((key, v)),
    }
}

/// The WPA version an RSN element announces (WPA2, WPA3, WPA3-transition) and its first
/// key management suite, as Scapy names them.
fn rsn_crypto(b: &[u8]) -> Option<String> {
    let l = rsn_layout(b, 2)?;
    let pair_at = 2 + 2 + 4 + 2;
    let akm_at = pair_at + 4 * l.npair + 2;
    let akms: Vec<u8> = (0..l.nakm).map(|k| b[akm_at + 4 * k + 3]).collect();
    let ciphers: Vec<u8> = (0..l.npair).map(|k| b[pair_at + 4 * k + 3]).collect();
    let caps = l.caps.map_or(0, |c| b[c]);
    let (mfpc, mfpr) = (caps & 0x80 != 0, caps & 0x40 != 0);
    let version = if akms.contains(&8)
        && akms.iter().all(|a| !matches!(a, 2 | 6))
        && mfpc
        && mfpr
        && ciphers.iter().all(|c| !matches!(c, 1 | 2 | 5))
    {
        "WPA3"
    } else if akms.contains(&8) && akms.contains(&2) && mfpc && !mfpr {
        "WPA3-transition"
    } else {
        "WPA2"
    };
    Some(match akms.first() {
        Some(&a) => format!("{version}/{}", akm_name(a)),
        None => version.into(),
    })
}
