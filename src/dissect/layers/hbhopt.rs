//! The options inside IPv6 Hop-by-Hop and Destination Options headers (RFC 8200 section
//! 4.2), as Scapy 2.8.0's `_OptionsField` reads them: Pad1, PadN, Router Alert (RFC
//! 2711), RPL (RFC 6553), Jumbo Payload (RFC 2675), Home Address (RFC 6275), and any
//! other as "Scapy6 Unknown Option". An option cut short ends the list as Raw.

use crate::dissect::field::{bytes, enum_field, hex, int, named, text, Fields, Nested};
use crate::pyfmt::ipv6_str;

const NAMES: &[(i64, &str)] = &[
    (0x00, "Pad1"),
    (0x01, "PadN"),
    (0x04, "Tunnel Encapsulation Limit"),
    (0x05, "Router Alert"),
    (0x06, "Quick-Start"),
    (0xc2, "Jumbo Payload"),
    (0xc9, "Home Address Option"),
];

const ALERTS: &[(i64, &str)] = &[
    (0, "Datagram contains a MLD message"),
    (1, "Datagram contains RSVP message"),
    (2, "Datagram contains an Active Network message"),
    (68, "NSIS NATFW NSLP"),
    (69, "MPLS OAM"),
    (65535, "Reserved"),
];

/// The option type with what a node that does not know it must do (its top 3 bits).
fn otype(t: u8) -> crate::dissect::field::Field {
    let name = NAMES
        .iter()
        .find(|(v, _)| *v == t as i64)
        .map_or_else(|| t.to_string(), |(_, n)| n.to_string());
    let policy = match t & 0xc0 {
        0x00 => "00: skip",
        0x40 => "01: discard",
        0x80 => "10: discard+ICMP",
        _ => "11: discard+ICMP not mcast",
    };
    let change = if t & 0x20 == 0 {
        "0: Don't change en-route"
    } else {
        "1: May change en-route"
    };
    named(t, format!("{name} [{policy}, {change}]"))
}

/// The options in `b` (the header after its next-header and length bytes).
pub fn options(mut b: &[u8]) -> Vec<Nested> {
    let mut out = Vec::new();
    while let Some(&t) = b.first() {
        let Some((n, used)) = option(t, b) else {
            out.push(Nested {
                class: "Raw",
                display: "Raw",
                fields: vec![("load", bytes(b))],
            });
            break;
        };
        out.push(n);
        b = &b[used..];
    }
    out
}

/// One option and the bytes it takes; None when the bytes end inside it.
fn option(t: u8, b: &[u8]) -> Option<(Nested, usize)> {
    let one = |class, display, fields: Fields, used| {
        Some((
            Nested {
                class,
                display,
                fields,
            },
            used,
        ))
    };
    if t == 0 {
        return one("Pad1", "Pad1", vec![("otype", otype(t))], 1);
    }
    let len = *b.get(1)?;
    let word = |i: usize| Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]));
    match t {
        0x05 => one(
            "RouterAlert",
            "Router Alert",
            vec![
                ("otype", otype(t)),
                ("optlen", int(len)),
                ("value", enum_field(word(2)?, ALERTS)),
            ],
            4,
        ),
        0x63 => {
            let bits = *b.get(2)?;
            one(
                "RplOption",
                "RPL Option",
                vec![
                    ("otype", otype(t)),
                    ("optlen", int(len)),
                    ("Down", int(bits >> 7)),
                    ("RankError", int((bits >> 6) & 1)),
                    ("ForwardError", int((bits >> 5) & 1)),
                    ("unused", int(bits & 0x1f)),
                    ("RplInstanceId", hex(*b.get(3)?)),
                    ("SenderRank", hex(word(4)?)),
                ],
                6,
            )
        }
        0xc2 => {
            let v = b.get(2..6)?;
            one(
                "Jumbo",
                "Jumbo Payload",
                vec![
                    ("otype", otype(t)),
                    ("optlen", int(len)),
                    (
                        "jumboplen",
                        int(u32::from_be_bytes([v[0], v[1], v[2], v[3]])),
                    ),
                ],
                6,
            )
        }
        0xc9 => {
            let a: [u8; 16] = b.get(2..18)?.try_into().ok()?;
            one(
                "HAO",
                "Home Address Option",
                vec![
                    ("otype", otype(t)),
                    ("optlen", int(len)),
                    ("hoa", text(ipv6_str(&a))),
                ],
                18,
            )
        }
        _ => {
            // Scapy's StrLenField takes what there is when the length runs past it.
            let data = &b[2.min(b.len())..(2 + len as usize).min(b.len())];
            let (class, display) = match t {
                1 => ("PadN", "PadN"),
                _ => ("HBHOptUnknown", "Scapy6 Unknown Option"),
            };
            one(
                class,
                display,
                vec![
                    ("otype", otype(t)),
                    ("optlen", int(len)),
                    ("optdata", bytes(data)),
                ],
                (2 + len as usize).min(b.len()),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn router_alert_and_padding_as_scapy_names_them() {
        // A Hop-by-Hop header's options from an MLD report: Router Alert, PadN.
        let o = options(&[0x05, 0x02, 0x00, 0x00, 0x01, 0x00]);
        assert_eq!(o.len(), 2);
        assert_eq!(o[0].display, "Router Alert");
        assert_eq!(
            o[0].fields[0].1.show,
            "Router Alert [00: skip, 0: Don't change en-route]"
        );
        assert_eq!(o[0].fields[2].1.show, "Datagram contains a MLD message");
        assert_eq!(o[1].fields[2].1.show, "b''");
        // An unknown type keeps its number; a cut option ends the list as Raw.
        let o = options(&[0x0b, 0x01, 0x09, 0xc2, 0x04, 0x00]);
        assert_eq!(
            o[0].fields[0].1.show,
            "11 [00: skip, 0: Don't change en-route]"
        );
        assert_eq!(o[1].class, "Raw");
    }
}
