//! NetFlow versions 1 and 5 on Scapy's NetFlow ports (UDP 2055, 2056, 9995, 9996 and
//! 6343, either way), as Scapy 2.8.0's `scapy.layers.netflow` dissects them:
//! `NetflowHeader` (the version), the version's header, then one layer per 48-byte
//! record for as many records as the bytes hold (Scapy chains them; a short one is Raw).
//! Versions 9 and 10 (templates and flowsets) are read by `netflow9.rs`.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{flags, int, named, text, Field, Fields};
use crate::dissect::view::{be16, be32};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv4_str;

const MODULE: &str = "scapy.layers.netflow";

/// The layers, by their index in `NETFLOW.classes`.
const HEADER: u8 = 0;
const HEADER_V1: u8 = 1;
const RECORD_V1: u8 = 2;
const HEADER_V5: u8 = 3;
const RECORD_V5: u8 = 4;

pub static NETFLOW: Ops = Ops {
    classes: &[
        Class::new("NetflowHeader", "Netflow Header", MODULE),
        Class::new("NetflowHeaderV1", "Netflow Header v1", MODULE),
        Class::new("NetflowRecordV1", "Netflow Record v1", MODULE),
        Class::new("NetflowHeaderV5", "Netflow Header v5", MODULE),
        Class::new("NetflowRecordV5", "Netflow Record v5", MODULE),
    ],
    class: |p| match p {
        Proto::Netflow(k) => &NETFLOW.classes[(k as usize).min(4)],
        _ => &NETFLOW.classes[0],
    },
    fields,
    summary: no_summary,
};

/// Every record of versions 1 and 5 is 48 bytes.
const RECORD_LEN: usize = 48;

/// The version header's length after the 2-byte version.
fn header_len(kind: u8) -> usize {
    if kind == HEADER_V1 {
        14
    } else {
        22
    }
}

pub fn parse(w: &mut Walk) -> Next {
    let d = w.here();
    if d.len() < 2 {
        return Next::Raw;
    }
    let version = be16(d, 0);
    w.push(Proto::Netflow(HEADER), 2);
    if matches!(version, 9 | 10) {
        return super::netflow9::parse(w, version);
    }
    let (head, record) = match version {
        1 => (HEADER_V1, RECORD_V1),
        5 => (HEADER_V5, RECORD_V5),
        _ => return Next::Raw,
    };
    if w.here().len() < header_len(head) {
        return Next::Raw;
    }
    w.push(Proto::Netflow(head), header_len(head));
    while w.here().len() >= RECORD_LEN {
        w.push(Proto::Netflow(record), RECORD_LEN);
    }
    Next::Raw
}

/// Scapy's UTCTimeField as it shows seconds: `Thu, 01 Jan 1970 00:00:00  (0)` (its
/// `%z` of a time without a zone is empty).
pub(super) fn utc(secs: u32) -> Field {
    named(
        secs,
        format!("{}  ({secs})", crate::time::gmt_text(secs as i64)),
    )
}

/// The same field counting nanoseconds: the date of the time rounded to microseconds
/// (Python's timedelta), then the whole seconds.
fn utc_nanos(ns: u32) -> Field {
    let x = ns as f64 / 1e9;
    let micros = (x.fract() * 1e6).round_ties_even() as i64;
    let date = x.trunc() as i64 + micros / 1_000_000;
    named(
        ns,
        format!("{}  ({})", crate::time::gmt_text(date), ns / 1_000_000_000),
    )
}

fn ip(d: &[u8], at: usize) -> Field {
    text(ipv4_str(&d[at..at + 4]))
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let Proto::Netflow(kind) = l.proto else {
        return vec![];
    };
    let d = l.header(p.data);
    match kind {
        HEADER => vec![("version", int(be16(d, 0)))],
        HEADER_V1 | HEADER_V5 => {
            let mut f = vec![
                ("count", int(be16(d, 0))),
                ("sysUptime", int(be32(d, 2))),
                ("unixSecs", utc(be32(d, 6))),
                ("unixNanoSeconds", utc_nanos(be32(d, 10))),
            ];
            if kind == HEADER_V5 {
                f.extend([
                    ("flowSequence", int(be32(d, 14))),
                    ("engineType", int(d[18])),
                    ("engineID", int(d[19])),
                    ("samplingInterval", int(be16(d, 20))),
                ]);
            }
            f
        }
        RECORD_V1 => vec![
            ("ipsrc", ip(d, 0)),
            ("ipdst", ip(d, 4)),
            ("nexthop", ip(d, 8)),
            ("inputIfIndex", int(be16(d, 12))),
            ("outpuIfIndex", int(be16(d, 14))),
            ("dpkts", int(be32(d, 16))),
            ("dbytes", int(be32(d, 20))),
            ("starttime", int(be32(d, 24))),
            ("endtime", int(be32(d, 28))),
            ("srcport", int(be16(d, 32))),
            ("dstport", int(be16(d, 34))),
            ("padding", int(be16(d, 36))),
            ("proto", int(d[38])),
            ("tos", int(d[39])),
            ("padding1", int(be32(d, 40))),
            ("padding2", int(be32(d, 44))),
        ],
        _ => vec![
            ("src", ip(d, 0)),
            ("dst", ip(d, 4)),
            ("nexthop", ip(d, 8)),
            ("input", int(be16(d, 12))),
            ("output", int(be16(d, 14))),
            ("dpkts", int(be32(d, 16))),
            ("dOctets", int(be32(d, 20))),
            ("first", int(be32(d, 24))),
            ("last", int(be32(d, 28))),
            ("srcport", int(be16(d, 32))),
            ("dstport", int(be16(d, 34))),
            ("pad1", int(d[36])),
            ("tcpFlags", flags(d[37] as u16, true, record_flags(d[37]))),
            ("prot", named(d[38], crate::dissect::names::ip_proto(d[38]))),
            ("tos", int(d[39])),
            ("src_as", int(be16(d, 40))),
            ("dst_as", int(be16(d, 42))),
            ("src_mask", int(d[44])),
            ("dst_mask", int(d[45])),
            ("pad2", int(be16(d, 46))),
        ],
    }
}

/// A v5 record's TCP flags, one letter per bit as Scapy's `FSRPAUEC` names them.
fn record_flags(v: u8) -> String {
    b"FSRPAUEC"
        .iter()
        .enumerate()
        .filter(|(i, _)| v & (1 << i) != 0)
        .map(|(_, &c)| c as char)
        .collect()
}
