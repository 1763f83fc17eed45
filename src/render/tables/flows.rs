//! The conversations and sessions tables: one row per conversation (both directions, as
//! `a.conversations()` shows them) or per Scapy session (one direction, `a.sessions()`).

use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{Int64Builder, StringBuilder, TimestampNanosecondBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, SchemaRef};

use super::{col, nanos, ns_type, schema_of, write_rows, Column, Format, TableError};
use crate::capture::Capture;
use crate::session::conv::{Conversation, Endpoint};
use crate::session::Sessions;

pub fn conv_columns() -> Vec<Column> {
    vec![
        col(
            "index",
            DataType::Int64,
            false,
            "its number in a.conversations() (order of first packet)",
        ),
        col(
            "key",
            DataType::Utf8,
            false,
            "as pcapsh spells it: c['TCP 10.0.0.1:39312 <-> 10.0.0.2:80']",
        ),
        col(
            "proto",
            DataType::Utf8,
            false,
            "TCP, UDP, ICMP, ICMPv6, IP, IPv6, ARP, Ethernet",
        ),
        col(
            "a",
            DataType::Utf8,
            false,
            "the initiator (sender of the first SYN, else of the first packet)",
        ),
        col("b", DataType::Utf8, false, "the responder"),
        col("a_addr", DataType::Utf8, true, "the initiator's address"),
        col(
            "a_port",
            DataType::Int32,
            true,
            "the initiator's port (TCP, UDP)",
        ),
        col("b_addr", DataType::Utf8, true, "the responder's address"),
        col(
            "b_port",
            DataType::Int32,
            true,
            "the responder's port (TCP, UDP)",
        ),
        col("packets_ab", DataType::Int64, false, "packets from a to b"),
        col(
            "bytes_ab",
            DataType::Int64,
            false,
            "frame bytes from a to b (lengths on the wire, as tshark's conversation tables)",
        ),
        col("packets_ba", DataType::Int64, false, "packets from b to a"),
        col(
            "bytes_ba",
            DataType::Int64,
            false,
            "frame bytes from b to a",
        ),
        col("packets", DataType::Int64, false, "packets both ways"),
        col("bytes", DataType::Int64, false, "frame bytes both ways"),
        col(
            "start",
            ns_type(),
            true,
            "time of the first packet (null past the year 2262)",
        ),
        col("end", ns_type(), true, "time of the last packet"),
        col(
            "duration_ns",
            DataType::Int64,
            true,
            "end - start, in nanoseconds (exact)",
        ),
        col(
            "state",
            DataType::Utf8,
            true,
            "Zeek's conn_state for TCP (SF, S0, REJ, ...)",
        ),
        col(
            "first_file",
            DataType::Utf8,
            false,
            "the file of its first packet",
        ),
        col(
            "first_frame",
            DataType::Int64,
            false,
            "its first packet's number in that file (1 first)",
        ),
        col(
            "last_file",
            DataType::Utf8,
            false,
            "the file of its last packet",
        ),
    ]
}

pub fn session_columns() -> Vec<Column> {
    vec![
        col(
            "index",
            DataType::Int64,
            false,
            "its position in a.sessions() (order of first packet)",
        ),
        col(
            "key",
            DataType::Utf8,
            false,
            "Scapy's key: s['TCP 10.0.0.1:39312 > 10.0.0.2:80']",
        ),
        col("packets", DataType::Int64, false, "packets"),
        col(
            "bytes",
            DataType::Int64,
            false,
            "frame bytes (lengths on the wire)",
        ),
        col(
            "first",
            ns_type(),
            true,
            "time of the first packet (null past the year 2262)",
        ),
        col("last", ns_type(), true, "time of the last packet"),
    ]
}

/// The address and port columns of an endpoint.
fn split(e: &Endpoint) -> (Option<String>, Option<i32>) {
    match e {
        Endpoint::Port(a, p) => (Some(a.to_string()), Some(*p as i32)),
        Endpoint::None => (None, None),
        other => (Some(other.to_string()), None),
    }
}

/// Each packet's number within its own file (1 first), by capture index.
pub fn frames(cap: &Capture) -> Vec<u32> {
    let mut seen = vec![0u32; cap.files.len()];
    cap.records
        .iter()
        .map(|r| {
            let f = cap.interfaces[r.iface()].file as usize;
            seen[f] += 1;
            seen[f]
        })
        .collect()
}

fn file_name(cap: &Capture, k: usize) -> String {
    cap.file_of(k).path.display().to_string()
}

/// Writes conversations (`(number, conversation)`, in the order given).
pub fn write_conversations(
    target: &Path,
    overwrite: bool,
    format: Format,
    cap: &Capture,
    convs: &[(usize, &Conversation)],
) -> Result<u64, String> {
    let schema = schema_of(&conv_columns());
    let frames = frames(cap);
    write_rows(
        target,
        overwrite,
        format,
        &schema,
        convs.len(),
        |from, to| conv_batch(&schema, cap, &frames, &convs[from..to]),
    )
}

fn conv_batch(
    schema: &SchemaRef,
    cap: &Capture,
    frames: &[u32],
    convs: &[(usize, &Conversation)],
) -> Result<RecordBatch, TableError> {
    let n = convs.len();
    let s = || StringBuilder::with_capacity(n, n * 16);
    let i = || Int64Builder::with_capacity(n);
    let t = || TimestampNanosecondBuilder::with_capacity(n).with_timezone("UTC");
    let (mut index, mut key, mut proto, mut a, mut b) = (i(), s(), s(), s(), s());
    let (mut a_addr, mut b_addr) = (s(), s());
    let mut a_port = arrow_array::builder::Int32Builder::with_capacity(n);
    let mut b_port = arrow_array::builder::Int32Builder::with_capacity(n);
    let (mut pab, mut bab, mut pba, mut bba, mut pk, mut by) = (i(), i(), i(), i(), i(), i());
    let (mut start, mut end, mut dur) = (t(), t(), i());
    let (mut state, mut first_file, mut first_frame, mut last_file) = (s(), s(), i(), s());
    for (num, c) in convs {
        index.append_value(*num as i64);
        key.append_value(c.key());
        proto.append_value(c.proto());
        a.append_value(c.a.to_string());
        b.append_value(c.b.to_string());
        let (aa, ap) = split(&c.a);
        let (ba, bp) = split(&c.b);
        a_addr.append_option(aa);
        a_port.append_option(ap);
        b_addr.append_option(ba);
        b_port.append_option(bp);
        pab.append_value(c.packets_ab as i64);
        bab.append_value(c.bytes_ab as i64);
        pba.append_value(c.packets_ba as i64);
        bba.append_value(c.bytes_ba as i64);
        pk.append_value((c.packets_ab + c.packets_ba) as i64);
        by.append_value(c.bytes() as i64);
        start.append_option(nanos(c.start));
        end.append_option(nanos(c.end));
        dur.append_option(nanos(c.end - c.start));
        state.append_option(c.state());
        let first = c.packets.first().map_or(0, |&k| k as usize);
        let last = c.packets.last().map_or(0, |&k| k as usize);
        first_file.append_value(file_name(cap, first));
        first_frame.append_value(frames.get(first).copied().unwrap_or(0) as i64);
        last_file.append_value(file_name(cap, last));
    }
    let cols: Vec<ArrayRef> = vec![
        Arc::new(index.finish()),
        Arc::new(key.finish()),
        Arc::new(proto.finish()),
        Arc::new(a.finish()),
        Arc::new(b.finish()),
        Arc::new(a_addr.finish()),
        Arc::new(a_port.finish()),
        Arc::new(b_addr.finish()),
        Arc::new(b_port.finish()),
        Arc::new(pab.finish()),
        Arc::new(bab.finish()),
        Arc::new(pba.finish()),
        Arc::new(bba.finish()),
        Arc::new(pk.finish()),
        Arc::new(by.finish()),
        Arc::new(start.finish()),
        Arc::new(end.finish()),
        Arc::new(dur.finish()),
        Arc::new(state.finish()),
        Arc::new(first_file.finish()),
        Arc::new(first_frame.finish()),
        Arc::new(last_file.finish()),
    ];
    Ok(RecordBatch::try_new(schema.clone(), cols)?)
}

/// Writes sessions with their key texts.
pub fn write_sessions(
    target: &Path,
    overwrite: bool,
    format: Format,
    cap: &Capture,
    sessions: &Sessions,
    keys: &[String],
) -> Result<u64, String> {
    let schema = schema_of(&session_columns());
    write_rows(
        target,
        overwrite,
        format,
        &schema,
        sessions.len(),
        |from, to| {
            let n = to - from;
            let i = || Int64Builder::with_capacity(n);
            let t = || TimestampNanosecondBuilder::with_capacity(n).with_timezone("UTC");
            let (mut index, mut packets, mut bytes) = (i(), i(), i());
            let mut key = StringBuilder::with_capacity(n, n * 32);
            let (mut first, mut last) = (t(), t());
            for (s, k) in keys.iter().enumerate().take(to).skip(from) {
                let pk = sessions.packets(s);
                index.append_value(s as i64);
                key.append_value(k);
                packets.append_value(pk.len() as i64);
                let b: u64 = pk
                    .iter()
                    .map(|&p| cap.records[p as usize].origlen as u64)
                    .sum();
                bytes.append_value(b as i64);
                first.append_option(pk.first().and_then(|&p| nanos(cap.timestamp(p as usize))));
                last.append_option(pk.last().and_then(|&p| nanos(cap.timestamp(p as usize))));
            }
            let cols: Vec<ArrayRef> = vec![
                Arc::new(index.finish()),
                Arc::new(key.finish()),
                Arc::new(packets.finish()),
                Arc::new(bytes.finish()),
                Arc::new(first.finish()),
                Arc::new(last.finish()),
            ];
            Ok(RecordBatch::try_new(schema.clone(), cols)?)
        },
    )
}
