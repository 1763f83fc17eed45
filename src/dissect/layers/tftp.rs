//! TFTP (RFC 1350, options RFC 2347) as Scapy 2.8.0 dissects it: a request to UDP port
//! 69 (Scapy binds no other port, so the transfer that follows is Raw): `TFTP` with the
//! opcode, then `TFTP_RRQ`/`TFTP_WRQ` (and `TFTP_Options`), `TFTP_DATA`, `TFTP_ACK`,
//! `TFTP_ERROR` or `TFTP_OACK`, with Scapy's summaries (`RRQ b'boot.img'`).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, int, packets, Fields, Nested};
use crate::dissect::view::be16;
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::bytes_repr;

const MODULE: &str = "scapy.layers.tftp";

/// By `Proto::Tftp`'s index: the opcode layer, one class per opcode (1 to 6), options.
static CLASSES: &[Class] = &[
    Class::new("TFTP", "TFTP opcode", MODULE),
    Class::new("TFTP_RRQ", "TFTP Read Request", MODULE),
    Class::new("TFTP_WRQ", "TFTP Write Request", MODULE),
    Class::new("TFTP_DATA", "TFTP Data", MODULE),
    Class::new("TFTP_ACK", "TFTP Ack", MODULE),
    Class::new("TFTP_ERROR", "TFTP Error", MODULE),
    Class::new("TFTP_OACK", "TFTP Option Ack", MODULE),
    Class::new("TFTP_Options", "TFTP_Options", MODULE),
];
const OPTIONS: u8 = 7;

pub static TFTP: Ops = Ops {
    classes: CLASSES,
    class: |p| match p {
        Proto::Tftp(k) => &CLASSES[(k as usize).min(OPTIONS as usize)],
        _ => &CLASSES[0],
    },
    fields,
    summary,
};

const OPERATIONS: &[(i64, &str)] = &[
    (1, "RRQ"),
    (2, "WRQ"),
    (3, "DATA"),
    (4, "ACK"),
    (5, "ERROR"),
    (6, "OACK"),
];
const ERRORS: &[(i64, &str)] = &[
    (0, "Not defined"),
    (1, "File not found"),
    (2, "Access violation"),
    (3, "Disk full or allocation exceeded"),
    (4, "Illegal TFTP operation"),
    (5, "Unknown transfer ID"),
    (6, "File already exists"),
    (7, "No such user"),
    (8, "Terminate transfer due to option negotiation"),
];

/// Scapy's StrNullField: the bytes to the next NUL (all that is left without one) and
/// the length taken.
fn null_str(b: &[u8]) -> (&[u8], usize) {
    match b.iter().position(|&c| c == 0) {
        Some(i) => (&b[..i], i + 1),
        None => (b, b.len()),
    }
}

/// UDP destination port 69: the opcode, then the message.
pub fn parse(w: &mut Walk) -> Next {
    if w.rest() < 2 {
        return Next::Raw;
    }
    let op = be16(w.here(), 0);
    w.push(Proto::Tftp(0), 2);
    let d = w.here();
    match op {
        1 | 2 => {
            let (_, a) = null_str(d);
            let (_, b) = null_str(&d[a..]);
            w.push(Proto::Tftp(op as u8), a + b);
            if w.rest() > 0 {
                w.push(Proto::Tftp(OPTIONS), w.rest());
            }
            Next::Done
        }
        3 | 4 if d.len() >= 2 => {
            w.push(Proto::Tftp(op as u8), 2);
            Next::Raw
        }
        5 if d.len() >= 2 => {
            let (_, n) = null_str(&d[2..]);
            w.push(Proto::Tftp(5), 2 + n);
            Next::Raw
        }
        6 => {
            w.push(Proto::Tftp(6), 0);
            if w.rest() > 0 {
                w.push(Proto::Tftp(OPTIONS), w.rest());
            }
            Next::Done
        }
        _ if d.is_empty() => Next::Done,
        _ => Next::Raw,
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let b = l.header(p.data);
    let Proto::Tftp(k) = l.proto else {
        return vec![];
    };
    match k {
        0 => vec![("op", enum_field(be16(b, 0), OPERATIONS))],
        1 | 2 => {
            let (name, a) = null_str(b);
            let (mode, _) = null_str(&b[a..]);
            vec![("filename", bytes(name)), ("mode", bytes(mode))]
        }
        3 | 4 => vec![("block", int(be16(b, 0)))],
        5 => vec![
            ("errorcode", enum_field(be16(b, 0), ERRORS)),
            ("errormsg", bytes(null_str(&b[2..]).0)),
        ],
        OPTIONS => {
            let mut list = Vec::new();
            let mut r = b;
            while !r.is_empty() {
                let (name, a) = null_str(r);
                let (value, n) = null_str(&r[a..]);
                list.push(Nested {
                    class: "TFTP_Option",
                    display: "TFTP_Option",
                    fields: vec![("oname", bytes(name)), ("value", bytes(value))],
                });
                r = &r[a + n..];
            }
            vec![("options", packets(list))]
        }
        _ => vec![],
    }
}

fn summary(p: &Packet, i: usize) -> String {
    let l = p.layers()[i];
    let b = l.header(p.data);
    match l.proto {
        Proto::Tftp(1) => format!("RRQ {}", bytes_repr(null_str(b).0)),
        Proto::Tftp(2) => format!("WRQ {}", bytes_repr(null_str(b).0)),
        Proto::Tftp(3) => format!("DATA {}", be16(b, 0)),
        Proto::Tftp(4) => format!("ACK {}", be16(b, 0)),
        Proto::Tftp(5) => format!(
            "ERROR {}: {}",
            enum_field(be16(b, 0), ERRORS).show,
            bytes_repr(null_str(&b[2..]).0)
        ),
        _ => no_summary(p, i),
    }
}
