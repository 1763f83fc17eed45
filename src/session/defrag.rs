//! IP defragmentation (RFC 791 section 3.2, RFC 8200 section 4.5) as Wireshark counts
//! it: fragments of a datagram are gathered by (source, destination, protocol,
//! identification); the frame that fills the last hole completes the datagram (not always
//! the last to arrive) and carries its transport header; the other fragments, copies that
//! arrive after completion and datagrams that never complete are IP-only. Overlapping
//! bytes: the first copy wins. Bounded: a datagram waits at most [`TIMEOUT`] seconds and
//! [`MAX_FRAGMENTS`] fragments, and all waiting data at most [`MAX_HELD`] bytes.

use rustc_hash::FxHashMap;

use crate::dissect::layers::{ipv4, ipv6};
use crate::dissect::{Packet, Proto};
use crate::time::{Decimal, Timestamp};

/// Seconds a partial datagram waits for its other fragments (RFC 8200's 60 s), and
/// during which copies of a completed one are recognised.
pub const TIMEOUT: i64 = 60;
/// Fragments one datagram may have.
pub const MAX_FRAGMENTS: usize = 8192;
/// Bytes all partial datagrams may hold together.
pub const MAX_HELD: usize = 64 << 20;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    v6: bool,
    src: [u8; 16],
    dst: [u8; 16],
    proto: u8,
    id: u32,
}

/// One fragment, read from a packet.
pub struct Piece<'a> {
    key_v6: bool,
    src: [u8; 16],
    dst: [u8; 16],
    /// The upper-layer protocol (IPv4 protocol, or the fragment header's next header).
    pub proto: u8,
    id: u32,
    offset: usize,
    more: bool,
    /// The fragment's data, or None when the capture lacks some of it.
    data: Option<&'a [u8]>,
    /// The headers that go in front of the reassembled data (the IPv4 header, or the
    /// IPv6 header and any extension headers before the fragment header).
    head: &'a [u8],
    /// For IPv6: where in `head` the next-header byte that names the fragment header is.
    nh_at: usize,
    /// The index in the packet of the IP header whose datagram this is a fragment of.
    pub ip: usize,
}

/// The first fragment in `p`: an IPv4 header with MF set or an offset, or an IPv6
/// fragment header (offset 0 and no more fragments is not a fragment).
pub fn piece<'a>(p: &Packet<'a>) -> Option<Piece<'a>> {
    let layers = p.layers();
    for (j, l) in layers.iter().enumerate() {
        match l.proto {
            Proto::Ip => {
                let h = p.view::<ipv4::Header>(j)?;
                let (more, frag) = (h.flags() & 1 == 1, h.frag());
                if !more && frag == 0 {
                    return None;
                }
                let start = l.start as usize;
                let hl = h.ihl() as usize * 4;
                let end = start + h.total_len() as usize;
                let mut a = [0u8; 16];
                let mut b = [0u8; 16];
                a[..4].copy_from_slice(&h.src());
                b[..4].copy_from_slice(&h.dst());
                return Some(Piece {
                    key_v6: false,
                    src: a,
                    dst: b,
                    proto: h.proto(),
                    id: h.id() as u32,
                    offset: frag as usize * 8,
                    more,
                    data: (hl <= h.total_len() as usize && end <= p.data.len())
                        .then(|| &p.data[start + hl..end]),
                    head: p.data.get(start..start + hl)?,
                    nh_at: 0,
                    ip: j,
                });
            }
            Proto::Fragment6 => {
                let f = p.view::<ipv6::Fragment>(j)?;
                let i6 = (0..j).rev().find(|&k| layers[k].proto == Proto::Ipv6)?;
                let h = p.view::<ipv6::Header>(i6)?;
                if f.offset() == 0 && f.m() == 0 {
                    return None;
                }
                let start = layers[i6].start as usize;
                let at = l.start as usize;
                let end = start + 40 + h.plen() as usize;
                // The byte naming the fragment header: the IPv6 header's, or the first byte
                // of the extension header just before it.
                let nh_at = if j == i6 + 1 {
                    6
                } else {
                    layers[j - 1].start as usize - start
                };
                return Some(Piece {
                    key_v6: true,
                    src: h.src(),
                    dst: h.dst(),
                    proto: f.nh(),
                    id: f.id(),
                    offset: f.offset() as usize * 8,
                    more: f.m() == 1,
                    data: (at + 8 <= end && end <= p.data.len()).then(|| &p.data[at + 8..end]),
                    head: p.data.get(start..at)?,
                    nh_at,
                    ip: i6,
                });
            }
            _ => {}
        }
    }
    None
}

struct Partial {
    since: Timestamp,
    /// The headers from the fragment at offset 0, and where IPv6's next header is.
    head: Option<(Vec<u8>, usize)>,
    /// The datagram's data length, from the fragment without "more fragments".
    total: Option<usize>,
    /// (offset, bytes) in arrival order.
    pieces: Vec<(usize, Vec<u8>)>,
    held: usize,
}

/// What a packet is to the reassembler.
pub enum Verdict {
    /// Not a fragment.
    Whole,
    /// A fragment that does not complete a datagram: the index of its IP header and its
    /// upper-layer protocol.
    Fragment { ip: usize, proto: u8 },
    /// The fragment that completed a datagram: the whole IP datagram, headers included.
    Complete(Vec<u8>),
}

#[derive(Default)]
pub struct Defrag {
    partial: FxHashMap<Key, Partial>,
    done: FxHashMap<Key, Timestamp>,
    held: usize,
}

impl Defrag {
    /// Takes in one packet, in capture order.
    pub fn add(&mut self, p: &Packet, ts: Timestamp) -> Verdict {
        let Some(f) = piece(p) else {
            return Verdict::Whole;
        };
        let (ip, proto) = (f.ip, f.proto);
        let timeout = Decimal::from_int(TIMEOUT);
        let key = Key {
            v6: f.key_v6,
            src: f.src,
            dst: f.dst,
            proto: if f.key_v6 { 0 } else { f.proto },
            id: f.id,
        };
        if let Some(t) = self.done.get(&key) {
            if ts - *t <= timeout {
                return Verdict::Fragment { ip, proto }; // a copy of a datagram already complete
            }
            self.done.remove(&key);
        }
        let Some(data) = f.data else {
            return Verdict::Fragment { ip, proto }; // cut short by the capture: unusable
        };
        let stale = self
            .partial
            .get(&key)
            .is_some_and(|e| ts - e.since > timeout);
        if stale {
            self.drop_partial(&key);
        }
        if self.held + data.len() > MAX_HELD {
            self.partial.clear();
            self.held = 0;
        }
        let e = self.partial.entry(key.clone()).or_insert_with(|| Partial {
            since: ts,
            head: None,
            total: None,
            pieces: Vec::new(),
            held: 0,
        });
        if f.offset == 0 && e.head.is_none() {
            e.head = Some((f.head.to_vec(), f.nh_at));
        }
        if !f.more && e.total.is_none() {
            e.total = Some(f.offset + data.len());
        }
        e.pieces.push((f.offset, data.to_vec()));
        e.held += data.len();
        self.held += data.len();
        if e.pieces.len() > MAX_FRAGMENTS {
            self.drop_partial(&key);
            return Verdict::Fragment { ip, proto };
        }
        let Some(whole) = assemble(e, proto) else {
            return Verdict::Fragment { ip, proto };
        };
        self.drop_partial(&key);
        self.done.insert(key, ts);
        Verdict::Complete(whole)
    }

    fn drop_partial(&mut self, key: &Key) {
        if let Some(e) = self.partial.remove(key) {
            self.held -= e.held;
        }
    }
}

/// The datagram, when its fragments cover it from 0 to its end.
fn assemble(e: &Partial, proto: u8) -> Option<Vec<u8>> {
    let total = e.total?;
    let (head, nh_at) = e.head.as_ref()?;
    let mut spans: Vec<(usize, usize)> = e.pieces.iter().map(|(o, d)| (*o, o + d.len())).collect();
    spans.sort_unstable();
    let mut reach = 0;
    for (s, end) in spans {
        if s > reach {
            return None;
        }
        reach = reach.max(end);
    }
    if reach < total {
        return None;
    }
    let mut body = vec![0u8; total];
    // Later copies first, so that the first copy of each byte is the one that stays.
    for (o, d) in e.pieces.iter().rev() {
        if *o < total {
            let n = d.len().min(total - o);
            body[*o..o + n].copy_from_slice(&d[..n]);
        }
    }
    let mut out = head.clone();
    if head.first().is_some_and(|b| b >> 4 == 4) && head.len() >= 20 {
        whole_ipv4_header(&mut out, total);
    } else if head.len() >= 40 {
        let plen = (head.len() - 40 + total).min(0xffff) as u16;
        out[4..6].copy_from_slice(&plen.to_be_bytes());
        if *nh_at < out.len() {
            out[*nh_at] = proto;
        }
    }
    out.extend_from_slice(&body);
    Some(out)
}

/// Makes the IPv4 header `h` (options included) that of a whole datagram with `payload`
/// bytes after it: its total length, MF and the offset cleared, the checksum anew.
pub fn whole_ipv4_header(h: &mut [u8], payload: usize) {
    let len = (h.len() + payload).min(0xffff) as u16;
    h[2..4].copy_from_slice(&len.to_be_bytes());
    h[6] &= 0xc0; // the reserved bit and DF stay
    h[7] = 0;
    h[10] = 0;
    h[11] = 0;
    let sum = !ones_sum(h);
    h[10..12].copy_from_slice(&sum.to_be_bytes());
}

/// The 16-bit ones' complement sum of RFC 1071.
fn ones_sum(b: &[u8]) -> u16 {
    let mut s: u32 = b
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]) as u32)
        .sum();
    while s > 0xffff {
        s = (s & 0xffff) + (s >> 16);
    }
    s as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dissect::{dissect_extended, linktype};

    /// A raw IPv4 fragment from 10.0.0.1 to 10.0.0.2 (UDP) carrying `data` at `off`.
    fn v4(id: u16, off: usize, more: bool, data: &[u8]) -> Vec<u8> {
        let mut h = vec![
            0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        h[2..4].copy_from_slice(&((20 + data.len()) as u16).to_be_bytes());
        h[4..6].copy_from_slice(&id.to_be_bytes());
        let fo = (off / 8) as u16 | if more { 0x2000 } else { 0 };
        h[6..8].copy_from_slice(&fo.to_be_bytes());
        h.extend_from_slice(data);
        h
    }

    /// A raw IPv6 fragment (fragment header, next header UDP) carrying `data` at `off`.
    fn v6(id: u32, off: usize, more: bool, data: &[u8]) -> Vec<u8> {
        let mut h = vec![0x60, 0, 0, 0, 0, 0, 44, 64];
        h[4..6].copy_from_slice(&((8 + data.len()) as u16).to_be_bytes());
        h.extend_from_slice(&[0xfd, 0x99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        h.extend_from_slice(&[0xfd, 0x99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
        let fo = (off as u16) | more as u16;
        h.extend_from_slice(&[17, 0]);
        h.extend_from_slice(&fo.to_be_bytes());
        h.extend_from_slice(&id.to_be_bytes());
        h.extend_from_slice(data);
        h
    }

    fn feed(d: &mut Defrag, pkt: &[u8], t: i64) -> Verdict {
        let p = dissect_extended(linktype::RAW, pkt);
        d.add(&p, Decimal::from_int(t))
    }

    /// A UDP header (ports 5000 -> 53, length for `n` data bytes) and then `n` data bytes.
    fn udp(n: usize) -> Vec<u8> {
        let mut v = vec![0x13, 0x88, 0, 53, 0, 0, 0, 0];
        v[4..6].copy_from_slice(&((8 + n) as u16).to_be_bytes());
        v.extend((0..n).map(|i| i as u8));
        v
    }

    fn complete(v: Verdict) -> Vec<u8> {
        match v {
            Verdict::Complete(b) => b,
            Verdict::Whole => panic!("whole"),
            Verdict::Fragment { .. } => panic!("fragment"),
        }
    }

    #[test]
    fn the_frame_that_fills_the_last_hole_completes_the_datagram() {
        let u = udp(32); // 40 bytes: 0..16, 16..32, 32..40
        let mut d = Defrag::default();
        assert!(matches!(
            feed(&mut d, &v4(7, 32, false, &u[32..]), 0),
            Verdict::Fragment { .. }
        ));
        assert!(matches!(
            feed(&mut d, &v4(7, 16, true, &u[16..32]), 0),
            Verdict::Fragment { .. }
        ));
        // The first fragment arrives last and completes it.
        let whole = complete(feed(&mut d, &v4(7, 0, true, &u[..16]), 0));
        assert_eq!(&whole[20..], &u[..]);
        assert_eq!(u16::from_be_bytes([whole[2], whole[3]]), 60);
        assert_eq!(whole[6] & 0x3f, 0, "MF and offset cleared");
        let p = dissect_extended(linktype::RAW, &whole);
        assert_eq!(p.layers()[1].proto, Proto::Udp);
        // A copy of a fragment after completion is only a fragment.
        assert!(matches!(
            feed(&mut d, &v4(7, 16, true, &u[16..32]), 1),
            Verdict::Fragment { .. }
        ));
        // Not a fragment at all.
        assert!(matches!(
            feed(&mut d, &v4(8, 0, false, &u), 1),
            Verdict::Whole
        ));
    }

    #[test]
    fn overlapping_bytes_keep_their_first_copy() {
        let u = udp(16); // 24 bytes
        let mut bad = u.clone();
        bad[8..16].fill(0xee);
        let mut d = Defrag::default();
        assert!(matches!(
            feed(&mut d, &v4(1, 0, true, &u[..16]), 0),
            Verdict::Fragment { .. }
        ));
        // Overlaps 8..16 with other bytes, and brings the tail.
        let whole = complete(feed(&mut d, &v4(1, 8, false, &bad[8..]), 0));
        assert_eq!(&whole[20..], &u[..]);
    }

    #[test]
    fn incomplete_stale_and_cut_short_fragments_never_complete() {
        let u = udp(32);
        let mut d = Defrag::default();
        assert!(matches!(
            feed(&mut d, &v4(2, 0, true, &u[..16]), 0),
            Verdict::Fragment { .. }
        ));
        // The rest comes after the timeout: a new datagram that lacks its start.
        assert!(matches!(
            feed(&mut d, &v4(2, 16, false, &u[16..]), TIMEOUT + 1),
            Verdict::Fragment { .. }
        ));
        assert_eq!(d.partial.len(), 1);
        // A fragment whose bytes the capture lacks is not used.
        let mut cut = v4(3, 16, false, &u[16..]);
        cut.truncate(cut.len() - 4);
        assert!(matches!(
            feed(&mut d, &v4(3, 0, true, &u[..16]), 0),
            Verdict::Fragment { .. }
        ));
        assert!(matches!(feed(&mut d, &cut, 0), Verdict::Fragment { .. }));
        assert_eq!(d.partial.len(), 2);
    }

    #[test]
    fn ipv6_fragments_reassemble_with_the_fragment_header_removed() {
        let u = udp(40); // 48 bytes
        let mut d = Defrag::default();
        assert!(matches!(
            feed(&mut d, &v6(9, 0, true, &u[..24]), 0),
            Verdict::Fragment { .. }
        ));
        let whole = complete(feed(&mut d, &v6(9, 24, false, &u[24..]), 0));
        assert_eq!(whole[6], 17, "next header is UDP");
        assert_eq!(u16::from_be_bytes([whole[4], whole[5]]), 48);
        assert_eq!(&whole[40..], &u[..]);
        let p = dissect_extended(linktype::RAW, &whole);
        assert_eq!(p.layers()[1].proto, Proto::Udp);
    }
}
