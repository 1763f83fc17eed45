//! IPv4 options (RFC 791 section 3.1 and the IANA registry), as Scapy 2.8.0's IPOption
//! classes read them: each option is a packet whose first byte is split into copy flag,
//! class and number. A known option takes only its fixed fields; what follows (the rest
//! of a timestamp list, say) is read as further options, as Scapy does.

use crate::dissect::field::{bytes, enum_field, int, named, text, Field, Fields, Nested};
use crate::dissect::view::py_split;
use crate::pyfmt::{bytes_repr, ipv4_str};

const NAMES: &[(i64, &str)] = &[
    (0, "end_of_list"),
    (1, "nop"),
    (2, "security"),
    (3, "loose_source_route"),
    (4, "timestamp"),
    (5, "extended_security"),
    (6, "commercial_security"),
    (7, "record_route"),
    (8, "stream_id"),
    (9, "strict_source_route"),
    (10, "experimental_measurement"),
    (11, "mtu_probe"),
    (12, "mtu_reply"),
    (13, "flow_control"),
    (14, "access_control"),
    (15, "encode"),
    (16, "imi_traffic_descriptor"),
    (17, "extended_IP"),
    (18, "traceroute"),
    (19, "address_extension"),
    (20, "router_alert"),
    (21, "selective_directed_broadcast_mode"),
    (23, "dynamic_packet_state"),
    (24, "upstream_multicast_packet"),
    (25, "quick_start"),
    (30, "rfc4727_experiment"),
];

/// The first byte's three fields.
fn header(t: u8) -> Fields {
    vec![
        ("copy_flag", int(t >> 7)),
        (
            "optclass",
            enum_field((t >> 5) & 3, &[(0, "control"), (2, "debug")]),
        ),
        ("option", enum_field(t & 0x1f, NAMES)),
    ]
}

fn ip(b: &[u8]) -> Field {
    text(ipv4_str(&[b[0], b[1], b[2], b[3]]))
}

/// A list of addresses as Scapy's FieldListField shows it: `[10.0.0.1, ...]`.
fn addresses(b: &[u8]) -> Option<Field> {
    if b.len() % 4 != 0 {
        return None;
    }
    let list: Vec<String> = b.chunks(4).map(|c| ip(c).show).collect();
    Some(Field {
        show: format!("[{}]", list.join(", ")),
        value: crate::dissect::field::FieldValue::List(
            b.chunks(4)
                .map(|c| crate::dissect::field::FieldValue::Str(ip(c).show))
                .collect(),
        ),
    })
}

/// The options in the bytes between the fixed header and `ihl`.
pub fn options(mut b: &[u8]) -> Vec<Nested> {
    let mut out = Vec::new();
    while !b.is_empty() {
        match option(b) {
            Some((n, used)) => {
                out.push(n);
                b = &b[used..];
            }
            None => {
                out.push(Nested {
                    class: "Raw",
                    display: "Raw",
                    fields: vec![("load", bytes(b))],
                });
                break;
            }
        }
    }
    out
}

fn word(b: &[u8], i: usize) -> Option<i64> {
    Some(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]) as i64)
}

/// One option and the bytes it takes; None when the bytes end inside a fixed field.
fn option(b: &[u8]) -> Option<(Nested, usize)> {
    let t = b[0];
    let mut f = header(t);
    let done = |class, display, f: Fields, used: usize| {
        Some((
            Nested {
                class,
                display,
                fields: f,
            },
            used,
        ))
    };
    if t & 0x1f <= 1 {
        let (class, display) = if t & 0x1f == 0 {
            ("IPOption_EOL", "IP Option End of Options List")
        } else {
            ("IPOption_NOP", "IP Option No Operation")
        };
        return done(class, display, f, 1);
    }
    let len = *b.get(1)?;
    f.push(("length", int(len)));
    match t & 0x1f {
        2 => {
            let tcc = b.get(8..11)?;
            f.extend([
                ("security", int(word(b, 2)?)),
                ("compartment", int(word(b, 4)?)),
                ("handling_restrictions", int(word(b, 6)?)),
                (
                    "transmission_control_code",
                    Field {
                        show: bytes_repr(tcc),
                        value: crate::dissect::field::FieldValue::Bytes(tcc.to_vec()),
                    },
                ),
            ]);
            done("IPOption_Security", "IP Option Security", f, 11)
        }
        n @ (3 | 7 | 9 | 21) => {
            let skip = if n == 21 { 2 } else { 3 };
            if n != 21 {
                f.push(("pointer", int(*b.get(2)?)));
            }
            let (list, _) = py_split(b.get(skip..)?, len as i64 - skip as i64);
            let name = if n == 21 { "addresses" } else { "routers" };
            f.push((name, addresses(list)?));
            let (class, display) = match n {
                3 => ("IPOption_LSRR", "IP Option Loose Source and Record Route"),
                7 => ("IPOption_RR", "IP Option Record Route"),
                9 => ("IPOption_SSRR", "IP Option Strict Source and Record Route"),
                _ => (
                    "IPOption_SDBM",
                    "IP Option Selective Directed Broadcast Mode",
                ),
            };
            done(class, display, f, skip + list.len())
        }
        4 => {
            let pf = *b.get(3)?;
            let flg = pf & 0x0f;
            f.extend([
                ("pointer", int(*b.get(2)?)),
                ("oflw", int(pf >> 4)),
                (
                    "flg",
                    enum_field(
                        flg,
                        &[
                            (0, "timestamp_only"),
                            (1, "timestamp_and_ip_addr"),
                            (3, "prespecified_ip_addr"),
                        ],
                    ),
                ),
            ]);
            let mut at = 4;
            if flg != 0 {
                f.push(("internet_address", ip(b.get(4..8)?)));
                at = 8;
            }
            let ts = b.get(at..at + 4)?;
            f.push((
                "timestamp",
                int(u32::from_be_bytes([ts[0], ts[1], ts[2], ts[3]])),
            ));
            done("IPOption_Timestamp", "IP Option Timestamp", f, at + 4)
        }
        8 => {
            f.push(("security", int(word(b, 2)?)));
            done("IPOption_Stream_Id", "IP Option Stream ID", f, 4)
        }
        n @ (11 | 12) => {
            f.push(("mtu", int(word(b, 2)?)));
            if n == 11 {
                done("IPOption_MTU_Probe", "IP Option MTU Probe", f, 4)
            } else {
                done("IPOption_MTU_Reply", "IP Option MTU Reply", f, 4)
            }
        }
        18 => {
            f.extend([
                ("id", int(word(b, 2)?)),
                ("outbound_hops", int(word(b, 4)?)),
                ("return_hops", int(word(b, 6)?)),
                ("originator_ip", ip(b.get(8..12)?)),
            ]);
            done("IPOption_Traceroute", "IP Option Traceroute", f, 12)
        }
        19 => {
            f.extend([
                ("src_ext", ip(b.get(2..6)?)),
                ("dst_ext", ip(b.get(6..10)?)),
            ]);
            done(
                "IPOption_Address_Extension",
                "IP Option Address Extension",
                f,
                10,
            )
        }
        20 => {
            let v = word(b, 2)?;
            let alert = match v {
                0 => named(0, "router_shall_examine_packet".into()),
                v => int(v),
            };
            f.push(("alert", alert));
            done("IPOption_Router_Alert", "IP Option Router Alert", f, 4)
        }
        _ => {
            let (value, _) = py_split(&b[2..], len as i64 - 2);
            f.push(("value", bytes(value)));
            done("IPOption", "IP Option", f, 2 + value.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn router_alert_and_a_timestamp_read_as_scapy_reads_them() {
        let o = options(&[0x94, 0x04, 0x00, 0x00]);
        assert_eq!(o[0].display, "IP Option Router Alert");
        assert_eq!(o[0].fields[0].1.show, "1");
        assert_eq!(o[0].fields[2].1.show, "router_alert");
        assert_eq!(o[0].fields[4].1.show, "router_shall_examine_packet");
        // A timestamp takes its first entry; the zeros after it are end-of-list options.
        let o = options(&[0x44, 0x0c, 0x09, 0x00, 0, 0, 0, 1, 0, 0, 0, 0]);
        assert_eq!(o[0].fields[1].1.show, "debug");
        assert_eq!(o[0].fields.last().unwrap().1.show, "1");
        assert_eq!(o.len(), 5);
        assert_eq!(o[1].class, "IPOption_EOL");
        // A cut option ends the list as Raw.
        assert_eq!(options(&[0x94, 0x04, 0x00])[0].class, "Raw");
    }
}
