//! Skinny (Cisco SCCP) as Scapy 2.8.0's `scapy.layers.skinny` dissects it on TCP port
//! 2000: the 12-byte header (length, reserved, message id named by Scapy's table); the
//! message body is Raw. Each TCP segment is read on its own, as Scapy reads it.

use super::skinny_table::MESSAGES;
use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{enum_field, int, Fields};
use crate::dissect::{Next, Packet, Walk};

pub static SKINNY: Ops = Ops {
    classes: &[Class::new("Skinny", "Skinny", "scapy.layers.skinny")],
    class: |_| &SKINNY.classes[0],
    fields,
    summary: no_summary,
};

fn le32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// After TCP port 2000: fewer than 12 bytes are Raw, as Scapy's dissection fails.
pub fn parse(w: &mut Walk) -> Next {
    if w.rest() < 12 {
        return Next::Raw;
    }
    w.push(Proto::Skinny, 12);
    Next::Raw
}

fn fields(p: &Packet, i: usize) -> Fields {
    let b = p.layers()[i].header(p.data);
    if b.len() < 12 {
        return vec![];
    }
    vec![
        ("len", int(le32(b, 0))),
        ("res", int(le32(b, 4))),
        ("msg", enum_field(le32(b, 8), MESSAGES)),
    ]
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, linktype, show, summary};

    /// A KeepAliveMessage (0x0000) and a RegisterMessage cut short by the segment.
    #[test]
    fn header_and_short_segment() {
        let frame = |payload: &[u8]| {
            let mut b = Vec::new();
            etherparse::PacketBuilder::ipv4([10, 0, 0, 5], [10, 0, 0, 1], 64)
                .tcp(51000, 2000, 1, 1000)
                .write(&mut b, payload)
                .unwrap();
            b
        };
        let b = frame(&[4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, b'S', b'E', b'P']);
        let p = dissect(linktype::RAW, &b);
        assert!(summary(&p).ends_with("/ Skinny / Raw"), "{}", summary(&p));
        let text = show::show(&p, 2);
        assert!(
            text.contains("###[ Skinny ]###\n  len       = 4\n  res       = 0\n  msg       = RegisterMessage\n###[ Raw ]###\n"),
            "{text}"
        );
        let b = frame(&[4, 0, 0, 0, 0, 0]);
        let p = dissect(linktype::RAW, &b);
        let s = summary(&p);
        assert!(s.ends_with("/ Raw") && !s.contains("Skinny"), "{s}");
    }
}
