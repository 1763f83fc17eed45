//! MGCP (RFC 3435) as Scapy 2.8.0's `scapy.layers.mgcp` dissects it on UDP port 2727:
//! the first line split at its spaces (verb, transaction id, endpoint, version), the
//! rest of the message Raw.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, fixed_str, Fields};
use crate::dissect::{Next, Packet, Walk};

pub static MGCP: Ops = Ops {
    classes: &[Class::new("MGCP", "MGCP", "scapy.layers.mgcp")],
    class: |_| &MGCP.classes[0],
    fields,
    summary: no_summary,
};

/// Scapy's StrStopField with `additional=-1`: the bytes before `stop`, or all of them
/// (and nothing left) when there is none.
fn stop_field(s: &[u8], stop: u8) -> (&[u8], &[u8]) {
    match s.iter().position(|&c| c == stop) {
        Some(i) => s.split_at(i),
        None => (s, &[]),
    }
}

/// The fields and the bytes they take; MGCP's fields never fail, so any payload is one.
fn decode(mut s: &[u8]) -> (Fields, usize) {
    let total = s.len();
    let mut f: Fields = Vec::new();
    for (name, sep, stop) in [
        ("verb", "sep1", b' '),
        ("transaction_id", "sep2", b' '),
        ("endpoint", "sep3", b' '),
        ("version", "sep4", b'\n'),
    ] {
        let (v, rest) = stop_field(s, stop);
        f.push((name, bytes(v)));
        let (sepv, rest) = rest.split_at(rest.len().min(1));
        f.push((sep, fixed_str(sepv)));
        s = rest;
    }
    (f, total - s.len())
}

/// After UDP port 2727.
pub fn parse(w: &mut Walk) -> Next {
    let (_, used) = decode(w.here());
    w.push(Proto::Mgcp, used);
    Next::Raw
}

fn fields(p: &Packet, i: usize) -> Fields {
    decode(p.layers()[i].bytes(p.data)).0
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, linktype, show, summary};

    /// An RSIP as a gateway sends it: the first line is the layer, the rest Raw.
    #[test]
    fn restart_in_progress() {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(2427, 2727)
            .write(
                &mut b,
                b"RSIP 5 aaln/1@gw.example MGCP 1.0 NCS 1.0\nRM: restart\n",
            )
            .unwrap();
        let p = dissect(linktype::ETHERNET, &b);
        assert_eq!(
            summary(&p),
            "Ether / IP / UDP 10.0.0.1:2427 > 10.0.0.2:2727 / MGCP / Raw"
        );
        let text = show::show(&p, 3);
        assert!(
            text.contains("  endpoint  = b'aaln/1@gw.example'\n  sep3      = b' '\n  version   = b'MGCP 1.0 NCS 1.0'\n  sep4      = b'\\n'\n###[ Raw ]###\n"),
            "{text}"
        );
    }
}
