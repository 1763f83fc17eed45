//! Link headers that only the extended walk reads past: FDDI, Linux ARCNET (RFC 1201 and
//! 1051), PPI and radiotap in front of 802.11, and 802.11 data frames. Their bytes are
//! skipped and no layer is pushed, so that conversations and followed streams see the IP
//! inside, as Wireshark's do. Scapy's dissection of the 802.11 link types (`summary()`,
//! `show()`) is the layers' own (`radiotap.rs`, `dot11.rs`); FDDI and ARCNET stay Raw.

use crate::dissect::layers::{arp, ipv4, llc};
use crate::dissect::{Next, Walk};

/// FDDI: frame control, destination and source addresses; LLC follows.
pub fn fddi(w: &mut Walk) -> Next {
    skip(w, 13, llc::parse)
}

/// Linux ARCNET: source, destination, a 2-byte offset, the protocol id, and for RFC 1201
/// protocols a split flag and sequence number (4 more bytes in an exception packet).
pub fn arcnet(w: &mut Walk) -> Next {
    let h = w.here();
    let (Some(&proto), Some(&split)) = (h.get(4), h.get(5)) else {
        return Next::Raw;
    };
    let (rfc1201, step): (bool, crate::dissect::Step) = match proto {
        0xd4 => (true, ipv4::parse),
        0xd5 => (true, arp::parse),
        0xf0 => (false, ipv4::parse),
        0xf1 => (false, arp::parse),
        _ => return Next::Raw,
    };
    let len = match (rfc1201, split) {
        (false, _) => 5,
        (true, 0xff) => 12,
        (true, _) => 8,
    };
    skip(w, len, step)
}

/// PPI: its length (little-endian) and the link type inside; 802.11 is read on.
pub fn ppi(w: &mut Walk) -> Next {
    let h = w.here();
    if h.len() < 8 {
        return Next::Raw;
    }
    let len = u16::from_le_bytes([h[2], h[3]]) as usize;
    let dlt = u32::from_le_bytes([h[4], h[5], h[6], h[7]]);
    if dlt != 105 || len < 8 {
        return Next::Raw;
    }
    skip(w, len, dot11)
}

/// Radiotap: its length (little-endian); 802.11 follows.
pub fn radiotap(w: &mut Walk) -> Next {
    let h = w.here();
    if h.len() < 4 {
        return Next::Raw;
    }
    let len = u16::from_le_bytes([h[2], h[3]]) as usize;
    skip(w, len.max(4), dot11)
}

/// An 802.11 data frame that is not protected: its header (with the fourth address when
/// both DS bits are set, QoS control, and HT control after QoS when the order bit is set),
/// then LLC.
pub fn dot11(w: &mut Walk) -> Next {
    let h = w.here();
    if h.len() < 24 {
        return Next::Raw;
    }
    let (fc, flags) = (h[0], h[1]);
    let (kind, subtype) = ((fc >> 2) & 3, fc >> 4);
    if fc & 3 != 0 || kind != 2 || subtype & 4 != 0 || flags & 0x40 != 0 {
        return Next::Raw; // not data, a null frame, or encrypted
    }
    let mut len = 24;
    if flags & 3 == 3 {
        len += 6;
    }
    if subtype & 8 != 0 {
        len += 2;
        if flags & 0x80 != 0 {
            len += 4;
        }
    }
    skip(w, len, llc::parse)
}

fn skip(w: &mut Walk, len: usize, next: crate::dissect::Step) -> Next {
    if w.rest() <= len {
        return Next::Raw;
    }
    w.at += len;
    Next::Parse(next)
}

#[cfg(test)]
mod tests {
    use crate::dissect::{dissect, dissect_extended, Proto};

    /// Radiotap (8 bytes) + 802.11 QoS data (26 bytes) + LLC/SNAP + IPv4/UDP.
    fn frame(fc_flags: u8) -> Vec<u8> {
        let mut v = vec![0, 0, 8, 0, 0, 0, 0, 0];
        v.extend_from_slice(&[0x88, fc_flags]); // QoS data
        v.extend_from_slice(&[0; 22]); // duration, three addresses, sequence
        v.extend_from_slice(&[0, 0]); // QoS control
        v.extend_from_slice(&[0xaa, 0xaa, 3, 0, 0, 0, 8, 0]);
        let mut ip = Vec::new();
        etherparse::PacketBuilder::ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(5000, 53)
            .write(&mut ip, b"hi")
            .unwrap();
        v.extend_from_slice(&ip);
        v
    }

    #[test]
    fn the_extended_walk_reads_past_radiotap_and_802_11_to_ip() {
        let f = frame(0x01);
        let p = dissect_extended(127, &f);
        let protos: Vec<Proto> = p.layers().iter().map(|l| l.proto).collect();
        assert!(
            protos.contains(&Proto::Ip) && protos.contains(&Proto::Udp),
            "{protos:?}"
        );
        // The same frame without radiotap, as link type 802.11.
        let p = dissect_extended(105, &f[8..]);
        assert!(p.layers().iter().any(|l| l.proto == Proto::Udp));
        // Scapy's walk dissects each header as its own layer.
        let names: Vec<&str> = dissect(127, &f)
            .layers()
            .iter()
            .map(|l| l.proto.class_name())
            .collect();
        assert_eq!(
            names,
            ["RadioTap", "Dot11", "Dot11QoS", "LLC", "SNAP", "IP", "UDP", "Raw"]
        );
        // A protected (encrypted) frame is not read into.
        let g = frame(0x41);
        let p = dissect_extended(127, &g);
        assert!(!p.layers().iter().any(|l| l.proto == Proto::Ip));
    }
}
