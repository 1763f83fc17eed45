//! L2TP (RFC 2661) on UDP port 1701 as Scapy 2.8.0 dissects it: `L2TP` with its
//! optional fields by the header's flags, then `PPP` (for control messages too: Scapy
//! binds nothing else, so their AVPs are read as PPP).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, flag_set, int, Fields};
use crate::dissect::view::be16;
use crate::dissect::{Next, Packet, Walk};

static CLASSES: &[Class] = &[Class::new("L2TP", "L2TP", "scapy.layers.l2tp")];

pub static L2TP: Ops = Ops {
    classes: CLASSES,
    class: |_| &CLASSES[0],
    fields,
    summary: no_summary,
};

/// The 12 flag bits before the version, lowest first, as Scapy names them.
static HDR: &[&str] = &[
    "res00", "res01", "res02", "res03", "priority", "offset", "res06", "sequence", "res08",
    "res09", "length", "control",
];
const CONTROL: u16 = 1 << 11;
const LENGTH: u16 = 1 << 10;
const SEQUENCE: u16 = 1 << 7;
const OFFSET: u16 = 1 << 5;

/// Where each optional field is, from the flags: (len, ns/nr, offset) present.
struct Layout {
    len: bool,
    seq: bool,
    offset: bool,
}

fn layout(hdr: u16) -> Layout {
    Layout {
        len: hdr & (CONTROL | LENGTH) != 0,
        seq: hdr & (SEQUENCE | CONTROL) != 0,
        offset: hdr & CONTROL == 0 && hdr & OFFSET != 0,
    }
}

/// The header's length, or None where Scapy's dissection fails (a short field: Raw).
fn header_len(d: &[u8]) -> Option<usize> {
    if d.len() < 2 {
        return None;
    }
    let l = layout(be16(d, 0) >> 4);
    let mut n = 2 + 2 * l.len as usize + 4 + 4 * l.seq as usize;
    if l.offset {
        let off = be16(d.get(n..n + 2)?, 0) as usize;
        n += 2;
        // The pad takes what is there of its `offset` bytes.
        n += off.min(d.len().saturating_sub(n));
    }
    (d.len() >= n).then_some(n)
}

/// UDP port 1701.
pub fn parse(w: &mut Walk) -> Next {
    let Some(n) = header_len(w.here()) else {
        return Next::Raw;
    };
    w.push(Proto::L2tp, n);
    Next::Parse(super::ppp::parse)
}

fn fields(p: &Packet, i: usize) -> Fields {
    let b = p.layers()[i].header(p.data);
    let hdr = be16(b, 0) >> 4;
    let l = layout(hdr);
    let mut f = vec![
        ("hdr", flag_set(hdr as u32, &HDR)),
        ("version", enum_field(b[1] & 0xf, &[(2, "L2TPv2")])),
    ];
    let mut at = 2;
    if l.len {
        f.push(("len", int(be16(b, at))));
        at += 2;
    }
    f.push(("tunnel_id", int(be16(b, at))));
    f.push(("session_id", int(be16(b, at + 2))));
    at += 4;
    if l.seq {
        f.push(("ns", int(be16(b, at))));
        f.push(("nr", int(be16(b, at + 2))));
        at += 4;
    }
    if l.offset {
        f.push(("offset", int(be16(b, at))));
        f.push(("pad", bytes(&b[at + 2..])));
    }
    f
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, summary};

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// A data message with length and sequence numbers, PPP and a ping inside (bytes
    /// and summary from Scapy 2.8.0).
    #[test]
    fn a_data_message_carries_ppp() {
        let b = hex(
            "00112233446600112233445508004500004600010000401166a40a0000010a00000206a506a5\
             003295dd4802002a000500070003000400214500001c000100004001f78cc0a80102c0a80101\
             0800f7ff00000000",
        );
        let p = dissect(1, &b);
        assert_eq!(
            summary(&p),
            "Ether / IP / UDP / L2TP / PPP / IP / ICMP 192.168.1.2 > 192.168.1.1 echo-request 0"
        );
        let f = p.fields(3);
        let show = |n: &str| f.iter().find(|(k, _)| *k == n).map(|(_, v)| v.show.clone());
        assert_eq!(show("hdr").as_deref(), Some("sequence+length"));
        assert_eq!(show("len").as_deref(), Some("42"));
        assert_eq!(show("ns").as_deref(), Some("3"));
        assert_eq!(show("offset"), None);
        // Cut inside the sequence numbers: Scapy's dissection fails, the rest is Raw.
        assert_eq!(
            summary(&dissect(1, &b[..48])),
            "Ether / IP / UDP 10.0.0.1:l2f > 10.0.0.2:l2f / Raw"
        );
    }

    /// RFC 3948's NAT keepalive on port 4500 is its own class in Scapy, not ESP.
    #[test]
    fn a_nat_keepalive_is_not_esp() {
        let b = hex(
            "00112233446600112233445508004500001d00010000401166cd0a0000010a000002119411940009c9b0ff",
        );
        assert_eq!(
            summary(&dissect(1, &b)),
            "Ether / IP / UDP 10.0.0.1:ipsec_nat_t > 10.0.0.2:ipsec_nat_t / NAT_KEEPALIVE"
        );
    }
}
