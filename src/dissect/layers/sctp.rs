//! SCTP (RFC 9260): the common header and its chunks, each chunk type a class of its own
//! as in Scapy.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, hex, int, text, Fields};
use crate::dissect::view::{be16, be32, view, View};
use crate::dissect::{Next, Packet, Walk};

view!(
    /// The common header: ports, verification tag, checksum.
    Header,
    12
);

impl Header<'_> {
    pub fn sport(&self) -> u16 {
        be16(self.0, 0)
    }
    pub fn dport(&self) -> u16 {
        be16(self.0, 2)
    }
}

view!(
    /// A chunk: type, flags, length, value.
    Chunk,
    4
);

impl Chunk<'_> {
    pub fn kind(&self) -> u8 {
        self.0[0]
    }
    pub fn flags(&self) -> u8 {
        self.0[1]
    }
    pub fn chunk_len(&self) -> u16 {
        be16(self.0, 2)
    }
    fn long(&self, at: usize) -> u32 {
        if self.0.len() >= at + 4 {
            be32(self.0, at)
        } else {
            0
        }
    }
    fn word(&self, at: usize) -> u16 {
        if self.0.len() >= at + 2 {
            be16(self.0, at)
        } else {
            0
        }
    }
    /// The value past `at`, as far as the chunk's length says and the bytes go.
    fn value(&self, at: usize) -> &[u8] {
        let end = (self.chunk_len() as usize).clamp(at, self.0.len().max(at));
        self.0.get(at..end).unwrap_or(&[])
    }
}

/// Chunk types Scapy has a class for, with the name its `type` field shows.
static CHUNK_TYPES: [(u8, &str); 21] = [
    (0, "data"),
    (1, "init"),
    (2, "init-ack"),
    (3, "sack"),
    (4, "heartbeat-req"),
    (5, "heartbeat-ack"),
    (6, "abort"),
    (7, "shutdown"),
    (8, "shutdown-ack"),
    (9, "error"),
    (10, "cookie-echo"),
    (11, "cookie-ack"),
    (14, "shutdown-complete"),
    (15, "authentication"),
    (64, "i-data"),
    (130, "re-config"),
    (132, "pad"),
    (0x80, "address-configuration-ack"),
    (192, "forward-tsn"),
    (0xc1, "address-configuration"),
    (194, "i-forward-tsn"),
];

/// Their classes, in the same order.
static CHUNK_CLASSES: [Class; 21] = [
    c("SCTPChunkData"),
    c("SCTPChunkInit"),
    c("SCTPChunkInitAck"),
    c("SCTPChunkSACK"),
    c("SCTPChunkHeartbeatReq"),
    c("SCTPChunkHeartbeatAck"),
    c("SCTPChunkAbort"),
    c("SCTPChunkShutdown"),
    c("SCTPChunkShutdownAck"),
    c("SCTPChunkError"),
    c("SCTPChunkCookieEcho"),
    c("SCTPChunkCookieAck"),
    c("SCTPChunkShutdownComplete"),
    c("SCTPChunkAuthentication"),
    c("SCTPChunkIData"),
    c("SCTPChunkReConfig"),
    c("SCTPChunkPad"),
    c("SCTPChunkAddressConfAck"),
    c("SCTPChunkForwardTSN"),
    c("SCTPChunkAddressConf"),
    c("SCTPChunkIForwardTSN"),
];

const fn c(name: &'static str) -> Class {
    Class::new(name, name, "scapy.layers.sctp")
}

fn chunk_class(t: u8) -> Option<&'static Class> {
    let i = CHUNK_TYPES.iter().position(|(k, _)| *k == t)?;
    Some(&CHUNK_CLASSES[i])
}

pub static SCTP: Ops = Ops {
    classes: &[Class::new("SCTP", "SCTP", "scapy.layers.sctp")],
    class: |_| &SCTP.classes[0],
    fields: sctp_fields,
    summary: no_summary,
};

pub static CHUNK: Ops = Ops {
    classes: &CHUNK_CLASSES,
    class: |p| match p {
        Proto::SctpChunk(t) => chunk_class(t).unwrap_or(&super::raw::RAW.classes[0]),
        _ => &super::raw::RAW.classes[0],
    },
    fields: chunk_fields,
    summary: no_summary,
};

pub fn parse(w: &mut Walk) -> Next {
    if Header::new(w.here()).is_none() {
        return Next::Raw;
    }
    w.push(Proto::Sctp, 12);
    Next::Parse(parse_chunk)
}

/// Chunks follow one another, each padded to 4 bytes; fewer than 4 bytes left are
/// padding, and a type Scapy has no class for is Raw.
fn parse_chunk(w: &mut Walk) -> Next {
    let rest = w.rest();
    if rest == 0 {
        return Next::Done;
    }
    let Some(h) = Chunk::new(w.here()) else {
        w.push(Proto::Padding, rest);
        return Next::Done;
    };
    let (t, len) = (h.kind(), h.chunk_len() as usize);
    let size = ((len + 3) & !3).clamp(4, rest);
    if chunk_class(t).is_none() || len < 4 {
        return Next::Raw;
    }
    w.push_at(Proto::SctpChunk(t), w.at, size, w.at + size);
    w.at += size;
    Next::Parse(parse_chunk)
}

/// A DATA chunk's user data: Scapy's packet field holds it as Raw (it binds no protocol
/// to chunks by default).
fn user_data(b: &[u8]) -> crate::dissect::field::Field {
    crate::dissect::field::held(vec![crate::dissect::field::Nested {
        class: "Raw",
        display: "Raw",
        fields: vec![("load", bytes(b))],
    }])
}

fn sctp_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    vec![
        ("sport", int(h.sport())),
        ("dport", int(h.dport())),
        ("tag", hex(be32(h.0, 4))),
        ("chksum", hex(be32(h.0, 8))),
    ]
}

fn chunk_fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Chunk>(i) else {
        return vec![];
    };
    let names: Vec<(i64, &str)> = CHUNK_TYPES.iter().map(|(t, n)| (*t as i64, *n)).collect();
    let t = h.kind();
    let mut f = vec![("type", enum_field(t, &names))];
    let fl = h.flags();
    match t {
        0 | 64 => f.extend([
            ("reserved", int(fl >> 4)),
            ("delay_sack", int((fl >> 3) & 1)),
            ("unordered", int((fl >> 2) & 1)),
            ("beginning", int((fl >> 1) & 1)),
            ("ending", int(fl & 1)),
        ]),
        6 | 14 => f.extend([("reserved", int(fl >> 1)), ("TCB", int(fl & 1))]),
        _ => f.push(("flags", hex(fl))),
    }
    f.push(("len", int(h.chunk_len())));
    match t {
        0 => f.extend([
            ("tsn", hex(h.long(4))),
            ("stream_id", hex(h.word(8))),
            ("stream_seq", hex(h.word(10))),
            ("proto_id", enum_field(h.long(12), &[(0, "Reserved")])),
            ("data", user_data(h.value(16))),
        ]),
        64 => f.extend([
            ("tsn", hex(h.long(4))),
            ("stream_id", hex(h.word(8))),
            ("reserved_16", hex(h.word(10))),
            ("message_id", hex(h.long(12))),
            // The payload protocol on a first fragment, else the fragment number.
            (
                "ppid_fsn",
                if fl & 2 != 0 {
                    enum_field(h.long(16), &[(0, "Reserved")])
                } else {
                    hex(h.long(16))
                },
            ),
            ("data", bytes(h.value(20))),
        ]),
        1 | 2 => f.extend([
            ("init_tag", hex(h.long(4))),
            ("a_rwnd", int(h.long(8))),
            ("n_out_streams", int(h.word(12))),
            ("n_in_streams", int(h.word(14))),
            ("init_tsn", hex(h.long(16))),
        ]),
        3 => {
            let (gaps, dups) = (h.word(12), h.word(14));
            let b = h.value(16);
            let gap_list: Vec<String> = b
                .chunks_exact(2)
                .take(2 * gaps as usize)
                .map(|c| be16(c, 0).to_string())
                .collect();
            let dup_list: Vec<String> = b
                .get(4 * gaps as usize..)
                .unwrap_or(&[])
                .chunks_exact(4)
                .take(dups as usize)
                .map(|c| be32(c, 0).to_string())
                .collect();
            f.extend([
                ("cumul_tsn_ack", hex(h.long(4))),
                ("a_rwnd", int(h.long(8))),
                ("n_gap_ack", int(gaps)),
                ("n_dup_tsn", int(dups)),
                ("gap_ack_list", text(format!("[{}]", gap_list.join(", ")))),
                ("dup_tsn_list", text(format!("[{}]", dup_list.join(", ")))),
            ])
        }
        7 => f.push(("cumul_tsn_ack", hex(h.long(4)))),
        10 => f.push(("cookie", bytes(h.value(4)))),
        _ => {}
    }
    f
}
