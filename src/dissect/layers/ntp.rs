//! NTP (RFC 5905): the 48-byte header, and what may follow it (an authenticator or
//! version 4 extension fields).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, int, named, text, Field, Fields};
use crate::dissect::view::{be32, be64, view, View};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv4_str;

pub const LEN: usize = 48;

view!(
    /// The NTP header, 48 bytes.
    Header,
    LEN
);

impl Header<'_> {
    pub fn leap(&self) -> u8 {
        self.0[0] >> 6
    }
    pub fn version(&self) -> u8 {
        (self.0[0] >> 3) & 7
    }
    pub fn mode(&self) -> u8 {
        self.0[0] & 7
    }
    pub fn stratum(&self) -> u8 {
        self.0[1]
    }
    pub fn poll(&self) -> i8 {
        self.0[2] as i8
    }
    pub fn precision(&self) -> i8 {
        self.0[3] as i8
    }
}

pub static NTP: Ops = Ops {
    classes: &[Class::new("NTPHeader", "NTPHeader", "scapy.layers.ntp")],
    class: |_| &NTP.classes[0],
    fields: header_fields,
    summary,
};

pub static AUTHENTICATOR: Ops = Ops {
    classes: &[Class::new(
        "NTPAuthenticator",
        "Authenticator",
        "scapy.layers.ntp",
    )],
    class: |_| &AUTHENTICATOR.classes[0],
    fields: authenticator_fields,
    summary: no_summary,
};

pub static EXTENSIONS: Ops = Ops {
    classes: &[Class::new(
        "NTPExtensions",
        "NTPv4 extensions",
        "scapy.layers.ntp",
    )],
    class: |_| &EXTENSIONS.classes[0],
    fields: |_, _| vec![],
    summary: no_summary,
};

/// Modes 6 and 7 (control and private messages) are other classes in Scapy, not
/// dissected here.
pub fn parse(w: &mut Walk) -> Next {
    let Some(h) = Header::new(w.here()) else {
        return Next::Raw;
    };
    if matches!(h.mode(), 6 | 7) {
        return Next::Raw;
    }
    w.push(Proto::Ntp, LEN);
    let rest = w.rest();
    if rest == 0 {
        Next::Done
    } else if rest >= 4 && matches!(rest - 4, 16 | 20 | 32 | 48 | 64) {
        // A key id and a digest of one of the lengths MD5 or SHA give.
        w.push(Proto::NtpAuthenticator, rest);
        Next::Done
    } else if rest > 20 {
        w.push(Proto::NtpExtensions, rest);
        Next::Done
    } else {
        Next::Raw
    }
}

const LEAP: [&str; 4] = [
    "no warning",
    "last minute of the day has 61 seconds",
    "last minute of the day has 59 seconds",
    "unknown (clock unsynchronized)",
];

const MODES: [&str; 8] = [
    "reserved",
    "symmetric active",
    "symmetric passive",
    "client",
    "server",
    "broadcast",
    "NTP control message",
    "reserved for private use",
];

/// Seconds from 1900 (NTP's era) to 1970 (Unix's).
const NTP_TO_UNIX: u64 = 2_208_988_800;

/// A fixed-point number as Scapy's FixedPointField shows it: the fraction rounded to
/// as many significant digits as `frac_bits` bits carry (4 for 16, 9 for 32), then
/// added to the integer part, as Python's Decimal prints the sum.
pub fn fixed_point(int_part: u64, frac: u64, frac_bits: u32) -> String {
    let sig = (frac_bits as f64 * std::f64::consts::LOG10_2) as usize;
    // frac / 2^bits = frac * 5^bits / 10^bits, exactly, as `frac_bits` decimal digits.
    let exact = frac as u128 * 5u128.pow(frac_bits);
    let mut digits: Vec<u8> = format!("{exact:0width$}", width = frac_bits as usize)
        .bytes()
        .map(|c| c - b'0')
        .collect();
    let Some(first) = digits.iter().position(|&d| d != 0) else {
        return int_part.to_string();
    };
    let keep = first + sig;
    let mut int_part = int_part;
    if keep < digits.len() {
        let tail = &digits[keep..];
        let half = tail[0] > 5 || (tail[0] == 5 && tail[1..].iter().any(|&d| d != 0));
        let tie = tail[0] == 5 && tail[1..].iter().all(|&d| d == 0);
        let odd = digits[keep - 1] % 2 == 1;
        digits.truncate(keep);
        if half || (tie && odd) {
            let mut i = keep;
            loop {
                if i == 0 {
                    int_part += 1;
                    break;
                }
                i -= 1;
                if digits[i] == 9 {
                    digits[i] = 0;
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.is_empty() {
        return int_part.to_string();
    }
    let text: String = digits.iter().map(|d| (b'0' + d) as char).collect();
    if int_part > 0 {
        return format!("{int_part}.{text}");
    }
    // Python's Decimal switches to exponent notation below 1e-6.
    let lead = text.bytes().position(|c| c != b'0').unwrap_or(0);
    let adjusted = -(lead as i64) - 1;
    if adjusted < -6 {
        let sig_digits = &text[lead..];
        let (head, rest) = sig_digits.split_at(1);
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!("{head}{rest}E{adjusted}")
    } else {
        format!("0.{text}")
    }
}

/// An NTP timestamp as Scapy shows it: a date from 1970 on, the number of seconds
/// before that.
fn timestamp(v: u64) -> Field {
    let (secs, frac) = (v >> 32, v & 0xffff_ffff);
    let show = if secs < NTP_TO_UNIX {
        fixed_point(secs, frac, 32)
    } else {
        crate::time::http_date_utc((secs - NTP_TO_UNIX) as i64)
    };
    named(v as i64, show)
}

fn short_fixed(v: u32) -> Field {
    named(v, fixed_point((v >> 16) as u64, (v & 0xffff) as u64, 16))
}

fn header_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let b = h.0;
    let mut f = vec![
        ("leap", named(h.leap(), LEAP[h.leap() as usize].into())),
        ("version", int(h.version())),
        ("mode", named(h.mode(), MODES[h.mode() as usize].into())),
        ("stratum", int(h.stratum())),
        ("poll", int(h.poll())),
        ("precision", int(h.precision())),
        ("delay", short_fixed(be32(b, 4))),
        ("dispersion", short_fixed(be32(b, 8))),
    ];
    if h.stratum() > 1 {
        f.push(("id", text(ipv4_str(&b[12..16]))));
    } else {
        let id = &b[12..16];
        let end = id.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
        f.push(("ref_id", bytes(&id[..end])));
    }
    for (n, name) in ["ref", "orig", "recv", "sent"].into_iter().enumerate() {
        f.push((name, timestamp(be64(b, 16 + 8 * n))));
    }
    f
}

fn authenticator_fields(p: &Packet, i: usize) -> Fields {
    let b = p.layers()[i].bytes(p.data);
    if b.len() < 4 {
        return vec![];
    }
    let mut dgst = bytes(&b[4..]);
    dgst.show = b[4..].iter().map(|x| format!("{x:02x}")).collect();
    vec![("key_id", int(be32(b, 0))), ("dgst", dgst)]
}

fn summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Header>(i) else {
        return String::new();
    };
    format!("NTP v{}, {}", h.version(), MODES[h.mode() as usize])
}
