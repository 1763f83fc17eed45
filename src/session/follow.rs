//! Following a stream: the TCP payload of both directions reassembled in sequence order
//! (retransmissions and overlaps dropped, the first copy winning as in Wireshark;
//! out-of-order segments held until the gap fills; a gap that never fills shown with its
//! size), or the datagrams of a UDP flow in order.

use std::collections::BTreeMap;

use super::conv::Endpoint;
use crate::capture::Capture;
use crate::dissect::layers::tcp;
use crate::dissect::{dissect_extended, Proto};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chunk {
    /// Bytes, and whether they went from the initiator (`a`) to the responder.
    Data(bool, Vec<u8>),
    /// Bytes the capture does not have.
    Gap(bool, u64),
}

#[derive(Default)]
struct Side {
    /// Next expected sequence number, unwrapped to 64 bits.
    next: Option<u64>,
    /// The last raw sequence number seen, to unwrap the next one.
    last: Option<(u32, u64)>,
    /// Segments that arrived before the bytes ahead of them.
    pending: BTreeMap<u64, Vec<u8>>,
}

impl Side {
    fn unwrap(&mut self, seq: u32) -> u64 {
        let v = match self.last {
            None => (1u64 << 32) + seq as u64,
            Some((raw, wide)) => wide.wrapping_add_signed(seq.wrapping_sub(raw) as i32 as i64),
        };
        self.last = Some((seq, v));
        v
    }

    /// Takes in a segment; returns the bytes now in order.
    fn add(&mut self, seq: u64, data: &[u8], out: &mut Vec<Vec<u8>>) {
        let next = *self.next.get_or_insert(seq);
        let end = seq + data.len() as u64;
        if end <= next {
            return; // all seen before: a retransmission
        }
        if seq > next {
            // Out of order: keep the first copy of each byte range.
            self.pending.entry(seq).or_insert_with(|| data.to_vec());
            return;
        }
        out.push(data[(next - seq) as usize..].to_vec());
        self.next = Some(end);
        self.drain(out);
    }

    fn drain(&mut self, out: &mut Vec<Vec<u8>>) {
        while let Some((&s, _)) = self.pending.iter().next() {
            let next = self.next.unwrap_or(s);
            if s > next {
                break;
            }
            let d = self.pending.remove(&s).unwrap();
            let end = s + d.len() as u64;
            if end > next {
                out.push(d[(next - s) as usize..].to_vec());
                self.next = Some(end);
            }
        }
    }
}

/// Reassembles the TCP stream, or concatenates the UDP datagrams, of `packets`, which
/// hold one conversation whose initiator is `a`.
pub fn follow(cap: &Capture, packets: &[u32], a: &Endpoint, tcp: bool) -> Vec<Chunk> {
    let mut sides = [Side::default(), Side::default()];
    let mut out = Vec::new();
    for &i in packets {
        let i = i as usize;
        let p = dissect_extended(cap.linktype(i), cap.packet(i));
        let Some((src, _)) = super::conv::endpoints(&p) else {
            continue;
        };
        let from_a = src == *a;
        let proto = if tcp { Proto::Tcp } else { Proto::Udp };
        let Some(i) = p.layers().iter().rposition(|l| l.proto == proto) else {
            continue;
        };
        let payload = p.layers()[i].payload(p.data);
        if !tcp {
            if !payload.is_empty() {
                out.push(Chunk::Data(from_a, payload.to_vec()));
            }
            continue;
        }
        let Some(h) = p.view::<tcp::Header>(i) else {
            continue;
        };
        let (flags, seq) = (h.flags(), h.seq());
        let side = &mut sides[if from_a { 0 } else { 1 }];
        let mut s = side.unwrap(seq);
        if flags & 0x02 != 0 {
            // The SYN takes one sequence number; data starts after it.
            s += 1;
            if side.next.is_none() {
                side.next = Some(s);
            }
        }
        if payload.is_empty() {
            continue;
        }
        let mut got = Vec::new();
        side.add(s, payload, &mut got);
        out.extend(got.into_iter().map(|d| Chunk::Data(from_a, d)));
    }
    // What never came in order: show each gap, then the bytes after it.
    for (n, side) in sides.iter_mut().enumerate() {
        let from_a = n == 0;
        while let Some((&s, _)) = side.pending.iter().next() {
            let next = side.next.unwrap_or(s);
            if s > next {
                out.push(Chunk::Gap(from_a, s - next));
                side.next = Some(s);
            }
            let mut got = Vec::new();
            side.drain(&mut got);
            out.extend(got.into_iter().map(|d| Chunk::Data(from_a, d)));
        }
    }
    out
}

/// The bytes of one direction, gaps left out.
pub fn payload(chunks: &[Chunk], from_a: bool) -> Vec<u8> {
    let mut v = Vec::new();
    for c in chunks {
        if let Chunk::Data(d, b) = c {
            if *d == from_a {
                v.extend_from_slice(b);
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Capture;

    /// A pcap of TCP segments (from_client, seq, flags, payload) between two hosts.
    fn capture(segments: &[(bool, u32, u8, &[u8])]) -> Capture {
        let mut out = vec![
            0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0,
        ];
        for (n, (client, seq, flags, data)) in segments.iter().enumerate() {
            let (src, dst, sp, dp) = if *client {
                ([10, 0, 0, 1], [10, 0, 0, 2], 40000, 80)
            } else {
                ([10, 0, 0, 2], [10, 0, 0, 1], 80, 40000)
            };
            let mut b =
                etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
                    .ipv4(src, dst, 64)
                    .tcp(sp, dp, *seq, 65535);
            if flags & 0x02 != 0 {
                b = b.syn();
            }
            if flags & 0x10 != 0 {
                b = b.ack(0);
            }
            let mut pkt = Vec::new();
            b.write(&mut pkt, data).unwrap();
            out.extend_from_slice(&(n as u32 + 1).to_le_bytes());
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(&(pkt.len() as u32).to_le_bytes());
            out.extend_from_slice(&(pkt.len() as u32).to_le_bytes());
            out.extend_from_slice(&pkt);
        }
        Capture::from_bytes("t.pcap", out).unwrap()
    }

    fn run(segments: &[(bool, u32, u8, &[u8])]) -> Vec<Chunk> {
        let cap = capture(segments);
        let all: Vec<u32> = (0..cap.len() as u32).collect();
        let convs = crate::session::conv::conversations(&cap, None, None);
        assert_eq!(convs.len(), 1);
        follow(&cap, &all, &convs[0].a, true)
    }

    #[test]
    fn retransmissions_out_of_order_and_overlaps() {
        let c = run(&[
            (true, 100, 0x02, b""),       // SYN: data starts at 101
            (false, 500, 0x12, b""),      // SYN-ACK
            (true, 101, 0x10, b"hello "), // 101..107
            (true, 113, 0x10, b"there"),  // out of order: 113..118
            (true, 107, 0x10, b"world "), // fills 107..113
            (true, 101, 0x10, b"hello "), // retransmission: dropped
            (true, 116, 0x10, b"XXeve"),  // overlaps 116..118: the first copy wins there
            (false, 501, 0x10, b"ok"),
        ]);
        assert_eq!(payload(&c, true), b"hello world thereeve");
        assert_eq!(payload(&c, false), b"ok");
        assert_eq!(
            c,
            vec![
                Chunk::Data(true, b"hello ".to_vec()),
                Chunk::Data(true, b"world ".to_vec()),
                Chunk::Data(true, b"there".to_vec()),
                Chunk::Data(true, b"eve".to_vec()),
                Chunk::Data(false, b"ok".to_vec()),
            ]
        );
    }

    #[test]
    fn sequence_wrap_and_a_missing_segment() {
        let c = run(&[
            (true, u32::MAX - 2, 0x10, b"abc"), // mid-connection start, wraps after this
            (true, 0, 0x10, b"def"),
            (true, 10, 0x10, b"xyz"), // 3..10 never arrives
        ]);
        assert_eq!(
            c,
            vec![
                Chunk::Data(true, b"abc".to_vec()),
                Chunk::Data(true, b"def".to_vec()),
                Chunk::Gap(true, 7),
                Chunk::Data(true, b"xyz".to_vec()),
            ]
        );
    }
}
