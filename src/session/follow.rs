//! Following a stream: what each side's application received, as tshark's
//! `-z follow,tcp` delivers it (RFC 9293's rules on a capture): bytes in sequence order,
//! retransmissions and overlaps dropped (the first copy of a byte wins), out-of-order
//! segments held until the bytes before them arrive. A hole the receiver acknowledged past
//! was lost from the capture, not the network: it becomes a gap at the packet whose ACK
//! passes it, and delivery goes on after it. Data after a hole nobody acknowledged was
//! never shown to be delivered: it stays held, out of the payload, to the end. UDP flows
//! are their datagrams in order.

use std::collections::BTreeMap;

use super::conv::{Conversation, Kind};
use crate::capture::Capture;
use crate::dissect::layers::{ipv4, ipv6, tcp};
use crate::dissect::{dissect_extended, Packet, Proto};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chunk {
    /// Bytes, and whether they went from the initiator (`a`) to the responder.
    Data(bool, Vec<u8>),
    /// Bytes the receiver acknowledged that the capture does not have.
    Gap(bool, u64),
    /// Bytes after a gap that the receiver never acknowledged: not delivered.
    Held(bool, u64),
}

const SYN: u16 = 0x02;
const ACK: u16 = 0x10;

#[derive(Default)]
struct Side {
    /// Next expected sequence number, unwrapped to 64 bits.
    next: Option<u64>,
    /// The last raw sequence number seen, to unwrap the next one.
    last: Option<(u32, u64)>,
    /// Whether any byte was delivered yet.
    delivered: bool,
    /// Segments waiting for the bytes before them, by (start, arrival).
    held: BTreeMap<(u64, u32), Vec<u8>>,
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

    /// An acknowledgment number from the other side, in this side's unwrapped space.
    fn wide(&self, ack: u32) -> Option<u64> {
        let next = self.next?;
        Some(next.wrapping_add_signed(ack.wrapping_sub(next as u32) as i32 as i64))
    }

    fn deliver(&mut self, from_a: bool, data: &[u8], end: u64, out: &mut Vec<Chunk>) {
        out.push(Chunk::Data(from_a, data.to_vec()));
        self.next = Some(end);
        self.delivered = true;
    }

    /// Moves one held segment into the stream if it now fits; else, when `ack` passes the
    /// lowest held start, records the hole before it as a gap. False when nothing moved.
    fn settle(&mut self, from_a: bool, ack: Option<u64>, out: &mut Vec<Chunk>) -> bool {
        let Some(next) = self.next else {
            return false;
        };
        let Some((&(lowest, _), _)) = self.held.iter().next() else {
            return false;
        };
        // Of the segments that start at or before `next`, the first to arrive wins.
        let first = self
            .held
            .range(..=(next, u32::MAX))
            .min_by_key(|((_, n), _)| *n)
            .map(|(k, _)| *k);
        if let Some(k) = first {
            let data = self.held.remove(&k).unwrap_or_default();
            let end = k.0 + data.len() as u64;
            if end > next {
                self.deliver(from_a, &data[(next - k.0) as usize..], end, out);
            }
            return true;
        }
        if ack.is_some_and(|a| a > lowest) {
            out.push(Chunk::Gap(from_a, lowest - next));
            self.next = Some(lowest);
            return true;
        }
        false
    }
}

/// One TCP segment of a packet: flags, sequence and acknowledgment numbers, the data
/// present, and the length in sequence space (more than the data when the capture cut
/// the packet short).
struct Segment<'a> {
    flags: u16,
    seq: u32,
    ack: u32,
    data: &'a [u8],
    len: u64,
}

fn segment<'a>(p: &Packet<'a>, truncated: bool) -> Option<Segment<'a>> {
    use crate::dissect::layers::ppp::Pppoe;
    let layers = p.layers();
    let i = layers.iter().rposition(|l| l.proto == Proto::Tcp)?;
    let h = p.view::<tcp::Header>(i)?;
    let at = (layers[i].start + layers[i].hlen) as usize;
    // The encapsulations' length fields bound the segment (PPPoE's as well as IP's), as
    // tshark reads them; Scapy's dissection (which may take padding as data) is unchanged.
    let claim = (0..i)
        .filter_map(|j| {
            let start = layers[j].start as usize;
            match layers[j].proto {
                Proto::PppoE => p
                    .view::<Pppoe>(j)
                    .map(|h| start + 6 + h.payload_len() as usize),
                Proto::Ip => p
                    .view::<ipv4::Header>(j)
                    .filter(|h| h.total_len() != 0)
                    .map(|h| start + h.total_len() as usize),
                Proto::Ipv6 => p
                    .view::<ipv6::Header>(j)
                    .filter(|h| h.plen() != 0)
                    .map(|h| start + 40 + h.plen() as usize),
                _ => None,
            }
        })
        .min();
    let present = layers[i].end as usize;
    let end = claim.map_or(present, |c| c.min(present)).max(at);
    let data = &p.data[at..end];
    // A packet the capture cut short was longer on the wire: its sequence space is what
    // the headers claim.
    let len = match claim {
        Some(c) if truncated && c > end => c - at,
        _ => data.len(),
    } as u64;
    Some(Segment {
        flags: h.flags(),
        seq: h.seq(),
        ack: h.ack(),
        data,
        len,
    })
}

/// Reassembles the TCP stream, or concatenates the UDP datagrams, of one conversation
/// (the initiator's side is `a`). Chunks come in the order the capture
/// shows them happening; held data comes last.
pub fn follow(cap: &Capture, conv: &Conversation) -> Vec<Chunk> {
    let (a, tcp) = (&conv.a, conv.kind == Kind::Tcp);
    let mut sides = [Side::default(), Side::default()];
    let mut out = Vec::new();
    let mut datagrams = conv.datagrams.iter().peekable();
    for (arrival, &i) in conv.packets.iter().enumerate() {
        // A frame that completed a fragmented datagram brings the whole datagram.
        let whole = datagrams.next_if(|(f, _)| *f == i).map(|(_, d)| d);
        let i = i as usize;
        let p = match whole {
            Some(d) => dissect_extended(crate::dissect::linktype::RAW, d),
            None => dissect_extended(cap.linktype(i), cap.packet(i)),
        };
        let Some((src, _)) = super::conv::endpoints(&p) else {
            continue;
        };
        let from_a = src == *a;
        if !tcp {
            if let Some(j) = p.layers().iter().rposition(|l| l.proto == Proto::Udp) {
                let payload = p.layers()[j].payload(p.data);
                if !payload.is_empty() {
                    out.push(Chunk::Data(from_a, payload.to_vec()));
                }
            }
            continue;
        }
        let r = &cap.records[i];
        let Some(seg) = segment(&p, whole.is_none() && r.caplen < r.origlen) else {
            continue;
        };
        let [s0, s1] = &mut sides;
        let (me, peer) = if from_a { (s0, s1) } else { (s1, s0) };
        // This packet's ACK may prove that the peer's held data got through.
        if seg.flags & ACK != 0 && !peer.held.is_empty() {
            let ack = peer.wide(seg.ack);
            while peer.settle(!from_a, ack, &mut out) {}
        }
        let mut s = me.unwrap(seg.seq);
        if seg.flags & SYN != 0 {
            // The SYN takes one sequence number; data starts after it. A SYN also restarts
            // a side that has delivered nothing (stray ACKs before a SYN-ACK are common).
            s += 1;
            if !me.delivered {
                me.next = Some(s);
            }
        }
        let next = *me.next.get_or_insert(s);
        let (mut data, mut len) = (seg.data, seg.len);
        if s < next {
            // Partly seen before: only the tail past `next` is new.
            let end = s + len;
            if end <= next {
                continue;
            }
            data = &data[((next - s) as usize).min(data.len())..];
            len = end - next;
            s = next;
        }
        if data.is_empty() {
            continue;
        }
        if s == next {
            me.deliver(from_a, data, s + len, &mut out);
            while me.settle(from_a, None, &mut out) {}
        } else {
            me.held.insert((s, arrival as u32), data.to_vec());
        }
    }
    // What never became deliverable stays out of the stream.
    for (n, side) in sides.iter().enumerate() {
        let Some(next) = side.next else { continue };
        let mut upto = next;
        let mut held = 0u64;
        for (&(s, _), d) in &side.held {
            let end = s + d.len() as u64;
            if end > upto {
                held += end - s.max(upto);
                upto = end;
            }
        }
        if held > 0 {
            out.push(Chunk::Held(n == 0, held));
        }
    }
    out
}

/// The bytes of one direction as its receiver got them: gaps and held data left out.
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

    /// One segment: from the client?, seq, ack (0: no ACK flag), SYN?, payload.
    type Seg<'a> = (bool, u32, u32, bool, &'a [u8]);

    /// A pcap of TCP segments between two hosts; `cut` shortens each record's captured
    /// bytes by that many (as a snap length does).
    fn capture(segments: &[Seg], cut: usize) -> Capture {
        let mut out = vec![
            0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0,
        ];
        for (n, (client, seq, ack, syn, data)) in segments.iter().enumerate() {
            let (src, dst, sp, dp) = if *client {
                ([10, 0, 0, 1], [10, 0, 0, 2], 40000, 80)
            } else {
                ([10, 0, 0, 2], [10, 0, 0, 1], 80, 40000)
            };
            let mut b =
                etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
                    .ipv4(src, dst, 64)
                    .tcp(sp, dp, *seq, 65535);
            if *syn {
                b = b.syn();
            }
            if *ack != 0 {
                b = b.ack(*ack);
            }
            let mut pkt = Vec::new();
            b.write(&mut pkt, data).unwrap();
            let kept = pkt.len() - cut.min(data.len());
            out.extend_from_slice(&(n as u32 + 1).to_le_bytes());
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(&(kept as u32).to_le_bytes());
            out.extend_from_slice(&(pkt.len() as u32).to_le_bytes());
            out.extend_from_slice(&pkt[..kept]);
        }
        Capture::from_bytes("t.pcap", out).unwrap()
    }

    fn run_cut(segments: &[Seg], cut: usize) -> Vec<Chunk> {
        let cap = capture(segments, cut);
        let convs = crate::session::conv::conversations(&cap, None, None);
        assert_eq!(convs.len(), 1);
        follow(&cap, &convs[0])
    }

    fn run(segments: &[Seg]) -> Vec<Chunk> {
        run_cut(segments, 0)
    }

    fn data(from_a: bool, d: &[u8]) -> Chunk {
        Chunk::Data(from_a, d.to_vec())
    }

    #[test]
    fn retransmissions_out_of_order_and_overlaps() {
        let c = run(&[
            (true, 100, 0, true, b""),          // SYN: data starts at 101
            (false, 500, 101, true, b""),       // SYN-ACK
            (true, 101, 501, false, b"hello "), // 101..107
            (true, 113, 501, false, b"there"),  // out of order: 113..118
            (true, 107, 501, false, b"world "), // fills 107..113
            (true, 101, 501, false, b"hello "), // retransmission: dropped
            (true, 116, 501, false, b"XXeve"),  // overlaps 116..118: the first copy wins there
            (false, 501, 121, false, b"ok"),
        ]);
        assert_eq!(payload(&c, true), b"hello world thereeve");
        assert_eq!(payload(&c, false), b"ok");
        assert_eq!(
            c,
            vec![
                data(true, b"hello "),
                data(true, b"world "),
                data(true, b"there"),
                data(true, b"eve"),
                data(false, b"ok"),
            ]
        );
    }

    #[test]
    fn a_gap_the_receiver_never_acknowledged_stays_held() {
        // Mid-connection start that wraps; 3..10 is lost and the receiver says nothing.
        let c = run(&[
            (true, u32::MAX - 2, 0, false, b"abc"),
            (true, 0, 0, false, b"def"),
            (true, 10, 0, false, b"xyz"),
        ]);
        assert_eq!(
            c,
            vec![data(true, b"abc"), data(true, b"def"), Chunk::Held(true, 3)]
        );
        assert_eq!(payload(&c, true), b"abcdef");
        // The receiver acknowledges only up to the hole, then resets: still held.
        let c = run(&[
            (true, 100, 900, false, b"abc"),
            (true, 110, 900, false, b"xyz"),
            (false, 900, 103, false, b""),
            (false, 900, 103, false, b""),
        ]);
        assert_eq!(c, vec![data(true, b"abc"), Chunk::Held(true, 3)]);
    }

    #[test]
    fn a_gap_the_receiver_acknowledged_is_marked_where_it_was_acknowledged() {
        let c = run(&[
            (true, 100, 900, false, b"abc"), // 100..103
            (true, 110, 900, false, b"xyz"), // 103..110 lost from the capture
            (false, 900, 103, false, b"r1"), // ACK 103: not past the held start
            (false, 902, 113, false, b"r2"), // ACK 113 passes 110: the gap is here
            (true, 113, 904, false, b"more"),
        ]);
        assert_eq!(
            c,
            vec![
                data(true, b"abc"),
                data(false, b"r1"),
                Chunk::Gap(true, 7),
                data(true, b"xyz"),
                data(false, b"r2"),
                data(true, b"more"),
            ]
        );
        assert_eq!(payload(&c, true), b"abcxyzmore");
        // Two holes: one gap each.
        let c = run(&[
            (true, 100, 900, false, b"a"),
            (true, 105, 900, false, b"b"),
            (true, 110, 900, false, b"c"),
            (false, 900, 111, false, b""),
        ]);
        assert_eq!(
            c,
            vec![
                data(true, b"a"),
                Chunk::Gap(true, 4),
                data(true, b"b"),
                Chunk::Gap(true, 4),
                data(true, b"c"),
            ]
        );
    }

    #[test]
    fn a_longer_copy_of_a_held_segment_is_kept() {
        let c = run(&[
            (true, 100, 900, false, b"abc"),
            (true, 106, 900, false, b"hello wor"),
            (true, 106, 900, false, b"hello world!"),
            (true, 103, 900, false, b"123"),
        ]);
        assert_eq!(payload(&c, true), b"abc123hello world!");
    }

    #[test]
    fn a_syn_restarts_a_side_that_delivered_nothing() {
        // A stray challenge ACK from the server before its SYN-ACK.
        let c = run(&[
            (true, 100, 0, true, b""),
            (false, 7000, 101, false, b""),
            (false, 500, 101, true, b""),
            (true, 101, 501, false, b"GET"),
            (false, 501, 104, false, b"200"),
        ]);
        assert_eq!(payload(&c, false), b"200");
        assert_eq!(payload(&c, true), b"GET");
    }

    #[test]
    fn a_segment_cut_short_by_the_snap_length_keeps_its_place() {
        // Each record lacks 2 of its bytes; the next segment still follows on.
        let c = run_cut(
            &[
                (true, 100, 900, false, b"abcd"),
                (true, 104, 900, false, b"efgh"),
            ],
            2,
        );
        assert_eq!(c, vec![data(true, b"ab"), data(true, b"ef")]);
    }

    /// Ethernet + PPPoE session (length field `plen`) + PPP + IPv4 (total length `iplen`)
    /// + TCP (ACK, from 10.0.0.1:40000, sequence 100) + `tail`.
    fn pppoe_frame(plen: u16, iplen: u16, tail: &[u8]) -> Vec<u8> {
        let mut f = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x88, 0x64];
        f.extend_from_slice(&[0x11, 0, 0, 1]);
        f.extend_from_slice(&plen.to_be_bytes());
        f.extend_from_slice(&[0, 0x21]);
        let mut ip = vec![
            0x45, 0, 0, 0, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        ip[2..4].copy_from_slice(&iplen.to_be_bytes());
        f.extend_from_slice(&ip);
        f.extend_from_slice(&[
            0x9c, 0x40, 0, 80, 0, 0, 0, 100, 0, 0, 0, 1, 0x50, 0x10, 1, 0,
        ]);
        f.extend_from_slice(&[0, 0, 0, 0]);
        f.extend_from_slice(tail);
        f
    }

    #[test]
    fn pppoe_and_ip_lengths_bound_the_data() {
        // An ACK whose IP length claims 6 bytes past PPPoE's: they are padding, not data;
        // the next segment's "hello" at the same sequence number is the data.
        let frames = [
            pppoe_frame(42, 46, b"PADPAD"),
            pppoe_frame(47, 45, b"hello"),
        ];
        let mut out = vec![
            0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0,
        ];
        for (n, f) in frames.iter().enumerate() {
            out.extend_from_slice(&(n as u32 + 1).to_le_bytes());
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(&(f.len() as u32).to_le_bytes());
            out.extend_from_slice(&(f.len() as u32).to_le_bytes());
            out.extend_from_slice(f);
        }
        let cap = Capture::from_bytes("t.pcap", out).unwrap();
        let convs = crate::session::conv::conversations(&cap, None, None);
        let c = follow(&cap, &convs[0]);
        assert_eq!(payload(&c, true), b"hello");
    }
}
