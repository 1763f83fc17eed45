//! The packets table: one row per packet, its headers' fields typed, its Scapy session
//! key and conversation number, and the names applications asked for (DNS, TLS, HTTP).

use arrow_array::builder::{
    Int32Builder, Int64Builder, ListBuilder, StringBuilder, TimestampNanosecondBuilder,
};
use arrow_array::{ArrayRef, DictionaryArray, Int32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, SchemaRef};
use std::sync::Arc;

use std::path::Path;

use super::{col, dict_type, ns_type, write_rows, Column, Format, TableError};
use crate::capture::Capture;
use crate::dissect::layers::{dot1q, ether, ipv4, ipv6, tcp, tls, udp};
use crate::dissect::{self, Proto};

/// What the packets table is made from: a list of a capture's packets (all when `idx` is
/// None), each packet's session and conversation, and whether to add summary lines.
pub struct Packets<'a> {
    pub cap: &'a Capture,
    pub idx: Option<&'a [u32]>,
    /// Session number of each row, and each session's key text.
    pub session_of: Vec<u32>,
    pub session_keys: Arc<StringArray>,
    /// Conversation number of each row (`u32::MAX`: in none).
    pub conv_of: Vec<u32>,
    pub summary: bool,
}

/// The columns, in order: name, type, nullable, what it holds (docs/scale.md).
pub fn columns(summary: bool) -> Vec<Column> {
    let mut c = vec![
        col("file", dict_type(), false, "the capture file's path"),
        col("index", DataType::Int64, false, "position in the list, as a[i] (0 first)"),
        col("frame", DataType::Int64, false, "number in its own file, as Wireshark's frame.number (1 first)"),
        col("time", ns_type(), true, "capture time, UTC, exact to the nanosecond (null past the year 2262)"),
        col("caplen", DataType::Int64, false, "bytes captured"),
        col("wirelen", DataType::Int64, false, "bytes on the wire"),
        col("linktype", DataType::Int32, false, "link-layer header type (1: Ethernet)"),
        col("eth_src", DataType::Utf8, true, "Ethernet source MAC"),
        col("eth_dst", DataType::Utf8, true, "Ethernet destination MAC"),
        col("ethertype", DataType::Int32, true, "the Ethernet header's type field"),
        col("vlan", DataType::List(Arc::new(Field::new("item", DataType::Int32, true))), true, "VLAN ids, outermost first"),
        col("ip_version", DataType::Int32, true, "4 or 6 (the outermost IP header)"),
        col("src", DataType::Utf8, true, "IP source address"),
        col("dst", DataType::Utf8, true, "IP destination address"),
        col("protocol", DataType::Int32, true, "IP protocol (IPv6: the header after the extension headers)"),
        col("ttl", DataType::Int32, true, "IPv4 TTL or IPv6 hop limit"),
        col("sport", DataType::Int32, true, "TCP or UDP source port"),
        col("dport", DataType::Int32, true, "TCP or UDP destination port"),
        col("tcp_flags", DataType::Utf8, true, "TCP flags as Scapy writes them ('S', 'SA', 'PA')"),
        col("tcp_seq", DataType::Int64, true, "TCP sequence number"),
        col("tcp_ack", DataType::Int64, true, "TCP acknowledgment number"),
        col("tcp_window", DataType::Int32, true, "TCP window (unscaled)"),
        col("icmp_type", DataType::Int32, true, "ICMP or ICMPv6 type"),
        col("icmp_code", DataType::Int32, true, "ICMP or ICMPv6 code"),
        col("payload_len", DataType::Int64, true, "TCP or UDP payload bytes, as the headers' lengths say (tshark's tcp.len, udp.length - 8)"),
        col("session", dict_type(), true, "Scapy's sessions() key"),
        col("conversation", DataType::Int64, true, "number of its conversation (the conversations table's index)"),
        col("dns_qname", DataType::Utf8, true, "the first DNS question's name, without the final dot (tshark's dns.qry.name)"),
        col("tls_sni", DataType::Utf8, true, "server name of a TLS ClientHello that starts the segment"),
        col("http_host", DataType::Utf8, true, "Host header of an HTTP request that starts the segment"),
    ];
    if summary {
        c.push(col(
            "summary",
            DataType::Utf8,
            false,
            "Scapy's summary line",
        ));
    }
    c
}

pub fn schema(summary: bool) -> SchemaRef {
    super::schema_of(&columns(summary))
}

/// Builders for one batch of rows.
struct Batch {
    index: Int64Builder,
    frame: Int64Builder,
    time: TimestampNanosecondBuilder,
    caplen: Int64Builder,
    wirelen: Int64Builder,
    linktype: Int32Builder,
    eth_src: StringBuilder,
    eth_dst: StringBuilder,
    ethertype: Int32Builder,
    vlan: ListBuilder<Int32Builder>,
    ip_version: Int32Builder,
    src: StringBuilder,
    dst: StringBuilder,
    protocol: Int32Builder,
    ttl: Int32Builder,
    sport: Int32Builder,
    dport: Int32Builder,
    tcp_flags: StringBuilder,
    tcp_seq: Int64Builder,
    tcp_ack: Int64Builder,
    tcp_window: Int32Builder,
    icmp_type: Int32Builder,
    icmp_code: Int32Builder,
    payload_len: Int64Builder,
    conversation: Int64Builder,
    dns_qname: StringBuilder,
    tls_sni: StringBuilder,
    http_host: StringBuilder,
    summary: StringBuilder,
}

impl Batch {
    fn new(n: usize) -> Batch {
        let s = || StringBuilder::with_capacity(n, n * 8);
        Batch {
            index: Int64Builder::with_capacity(n),
            frame: Int64Builder::with_capacity(n),
            time: TimestampNanosecondBuilder::with_capacity(n).with_timezone("UTC"),
            caplen: Int64Builder::with_capacity(n),
            wirelen: Int64Builder::with_capacity(n),
            linktype: Int32Builder::with_capacity(n),
            eth_src: s(),
            eth_dst: s(),
            ethertype: Int32Builder::with_capacity(n),
            vlan: ListBuilder::new(Int32Builder::new()),
            ip_version: Int32Builder::with_capacity(n),
            src: s(),
            dst: s(),
            protocol: Int32Builder::with_capacity(n),
            ttl: Int32Builder::with_capacity(n),
            sport: Int32Builder::with_capacity(n),
            dport: Int32Builder::with_capacity(n),
            tcp_flags: StringBuilder::with_capacity(n, n * 2),
            tcp_seq: Int64Builder::with_capacity(n),
            tcp_ack: Int64Builder::with_capacity(n),
            tcp_window: Int32Builder::with_capacity(n),
            icmp_type: Int32Builder::with_capacity(n),
            icmp_code: Int32Builder::with_capacity(n),
            payload_len: Int64Builder::with_capacity(n),
            conversation: Int64Builder::with_capacity(n),
            dns_qname: StringBuilder::new(),
            tls_sni: StringBuilder::new(),
            http_host: StringBuilder::new(),
            summary: StringBuilder::new(),
        }
    }
}

/// `a.b.c.d`, written without the formatting machinery (millions of rows).
fn ipv4_text(a: [u8; 4]) -> String {
    let mut s = String::with_capacity(15);
    for (i, b) in a.iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        if *b >= 100 {
            s.push((b'0' + b / 100) as char);
        }
        if *b >= 10 {
            s.push((b'0' + b / 10 % 10) as char);
        }
        s.push((b'0' + b % 10) as char);
    }
    s
}

/// `aa:bb:cc:dd:ee:ff`, lower-case as Scapy writes it.
fn mac_text(m: [u8; 6]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(17);
    for (i, b) in m.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

impl Packets<'_> {
    fn at(&self, row: usize) -> usize {
        self.idx.map_or(row, |v| v[row] as usize)
    }

    /// The rows `from..to` as one record batch.
    pub fn batch(
        &self,
        schema: &SchemaRef,
        files: &Arc<StringArray>,
        frames: &[u32],
        from: usize,
        to: usize,
    ) -> Result<RecordBatch, TableError> {
        let n = to - from;
        let mut b = Batch::new(n);
        let mut file_keys = Vec::with_capacity(n);
        let mut session_keys = Vec::with_capacity(n);
        for row in from..to {
            let k = self.at(row);
            let cap = self.cap;
            let r = &cap.records[k];
            file_keys.push(cap.interfaces[r.iface()].file as i32);
            session_keys.push(self.session_of.get(row).map(|&s| s as i32));
            b.index.append_value(row as i64);
            b.frame.append_value(frames[k] as i64);
            b.time.append_option(super::nanos(cap.timestamp(k)));
            b.caplen.append_value(r.caplen as i64);
            b.wirelen.append_value(r.origlen as i64);
            b.linktype.append_value(cap.linktype(k) as i32);
            let c = self.conv_of.get(row).copied().unwrap_or(u32::MAX);
            b.conversation
                .append_option((c != u32::MAX).then_some(c as i64));
            let p = dissect::dissect_with(cap.linktype(k), cap.packet(k), cap.layers);
            fill(&mut b, &p);
            if self.summary {
                b.summary.append_value(dissect::summary(&p));
            }
        }
        let dict =
            |keys: Vec<Option<i32>>, values: &Arc<StringArray>| -> Result<ArrayRef, TableError> {
                let keys = Int32Array::from(keys);
                Ok(Arc::new(DictionaryArray::try_new(
                    keys,
                    values.clone() as ArrayRef,
                )?))
            };
        let mut cols: Vec<ArrayRef> = vec![
            dict(file_keys.into_iter().map(Some).collect(), files)?,
            Arc::new(b.index.finish()),
            Arc::new(b.frame.finish()),
            Arc::new(b.time.finish()),
            Arc::new(b.caplen.finish()),
            Arc::new(b.wirelen.finish()),
            Arc::new(b.linktype.finish()),
            Arc::new(b.eth_src.finish()),
            Arc::new(b.eth_dst.finish()),
            Arc::new(b.ethertype.finish()),
            Arc::new(b.vlan.finish()),
            Arc::new(b.ip_version.finish()),
            Arc::new(b.src.finish()),
            Arc::new(b.dst.finish()),
            Arc::new(b.protocol.finish()),
            Arc::new(b.ttl.finish()),
            Arc::new(b.sport.finish()),
            Arc::new(b.dport.finish()),
            Arc::new(b.tcp_flags.finish()),
            Arc::new(b.tcp_seq.finish()),
            Arc::new(b.tcp_ack.finish()),
            Arc::new(b.tcp_window.finish()),
            Arc::new(b.icmp_type.finish()),
            Arc::new(b.icmp_code.finish()),
            Arc::new(b.payload_len.finish()),
            dict(session_keys, &self.session_keys)?,
            Arc::new(b.conversation.finish()),
            Arc::new(b.dns_qname.finish()),
            Arc::new(b.tls_sni.finish()),
            Arc::new(b.http_host.finish()),
        ];
        if self.summary {
            cols.push(Arc::new(b.summary.finish()));
        }
        Ok(RecordBatch::try_new(schema.clone(), cols)?)
    }
}

/// Writes the packets `idx` of a capture (all when None), with each one's session (of
/// `sessions()` of the same list) and conversation (numbered as in `convs`).
#[allow(clippy::too_many_arguments)]
pub fn write_packets(
    target: &Path,
    overwrite: bool,
    format: Format,
    cap: &Capture,
    idx: Option<&[u32]>,
    summary: bool,
    sessions: &crate::session::Sessions,
    convs: &[crate::session::conv::Conversation],
) -> Result<u64, String> {
    let rows = idx.map_or(cap.len(), |v| v.len());
    let row_of: Option<Vec<u32>> = idx.map(|v| {
        let mut r = vec![u32::MAX; cap.len()];
        for (row, &k) in v.iter().enumerate() {
            r[k as usize] = row as u32;
        }
        r
    });
    let row = |k: u32| {
        row_of
            .as_ref()
            .map_or(k as usize, |r| r[k as usize] as usize)
    };
    let mut session_of = vec![0u32; rows];
    for s in 0..sessions.len() {
        for &k in sessions.packets(s) {
            session_of[row(k)] = s as u32;
        }
    }
    let keys: StringArray = sessions.keys.iter().map(|k| Some(k.to_string())).collect();
    let mut conv_of = vec![u32::MAX; rows];
    for (n, c) in convs.iter().enumerate() {
        for &k in &c.packets {
            conv_of[row(k)] = n as u32;
        }
    }
    let table = Packets {
        cap,
        idx,
        session_of,
        session_keys: Arc::new(keys),
        conv_of,
        summary,
    };
    let files: StringArray = cap
        .files
        .iter()
        .map(|f| Some(f.path.display().to_string()))
        .collect();
    let files = Arc::new(files);
    let frames = super::flows::frames(cap);
    let schema = schema(summary);
    write_rows(target, overwrite, format, &schema, rows, |from, to| {
        table.batch(&schema, &files, &frames, from, to)
    })
}

/// The header columns of one packet into a batch of its own (for the fuzz target).
#[doc(hidden)]
pub fn fill_one(p: &dissect::Packet) {
    let mut b = Batch::new(1);
    fill(&mut b, p);
}

/// The header columns of one packet, from its layers (nulls where a layer is absent).
fn fill(b: &mut Batch, p: &dissect::Packet) {
    let data = p.data;
    let eth = p.first::<ether::Header>(Proto::Ether);
    b.eth_src
        .append_option(eth.as_ref().map(|e| mac_text(e.src())));
    b.eth_dst
        .append_option(eth.as_ref().map(|e| mac_text(e.dst())));
    b.ethertype
        .append_option(eth.as_ref().map(|e| e.kind() as i32));
    let vlans: Vec<Option<i32>> = p
        .layers()
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l.proto, Proto::Dot1Q | Proto::Dot1AD))
        .filter_map(|(i, _)| p.view::<dot1q::Tag>(i).map(|t| Some(t.vlan() as i32)))
        .collect();
    if vlans.is_empty() {
        b.vlan.append_null();
    } else {
        b.vlan.append_value(vlans);
    }
    // The outermost IP header, and the transport header after it.
    let ip = p
        .layers()
        .iter()
        .position(|l| matches!(l.proto, Proto::Ip | Proto::Ipv6));
    let mut ip_end = None;
    match ip.map(|i| (i, p.layers()[i])) {
        Some((i, l)) if l.proto == Proto::Ip => {
            let h = p.view::<ipv4::Header>(i);
            b.ip_version.append_value(4);
            b.src.append_option(h.as_ref().map(|h| ipv4_text(h.src())));
            b.dst.append_option(h.as_ref().map(|h| ipv4_text(h.dst())));
            b.protocol
                .append_option(h.as_ref().map(|h| h.proto() as i32));
            b.ttl.append_option(h.as_ref().map(|h| h.ttl() as i32));
            ip_end = h.map(|h| l.start as usize + h.total_len() as usize);
        }
        Some((i, l)) => {
            let h = p.view::<ipv6::Header>(i);
            b.ip_version.append_value(6);
            b.src.append_option(
                h.as_ref()
                    .map(|h| std::net::Ipv6Addr::from(h.src()).to_string()),
            );
            b.dst.append_option(
                h.as_ref()
                    .map(|h| std::net::Ipv6Addr::from(h.dst()).to_string()),
            );
            b.protocol
                .append_option(h.as_ref().map(|h| upper_nh(p, i, h.nh()) as i32));
            b.ttl.append_option(h.as_ref().map(|h| h.hlim() as i32));
            ip_end = h.map(|h| l.start as usize + 40 + h.plen() as usize);
        }
        None => {
            b.ip_version.append_null();
            b.src.append_null();
            b.dst.append_null();
            b.protocol.append_null();
            b.ttl.append_null();
        }
    }
    let after = ip.map_or(0, |i| i + 1);
    let layers = &p.layers()[after.min(p.layers().len())..];
    let transport = layers
        .iter()
        .position(|l| {
            matches!(
                l.proto,
                Proto::Tcp | Proto::Udp | Proto::Icmp | Proto::Icmpv6(_)
            )
        })
        .map(|j| (after + j, layers[j]));
    let (mut sport, mut dport, mut flags, mut seq, mut ack, mut win) =
        (None, None, None, None, None, None);
    let (mut itype, mut icode, mut plen) = (None, None, None);
    let (mut sni, mut host) = (None, None);
    match transport {
        Some((i, l)) if l.proto == Proto::Tcp => {
            if let Some(h) = p.view::<tcp::Header>(i) {
                sport = Some(h.sport() as i32);
                dport = Some(h.dport() as i32);
                flags = Some(tcp::flags_text(h.flags()));
                seq = Some(h.seq() as i64);
                if h.complete() {
                    ack = Some(h.ack() as i64);
                    win = Some(h.window() as i32);
                }
                let start = l.start as usize + l.hlen as usize;
                plen = ip_end.map(|e| e.saturating_sub(start) as i64);
                let seg = data.get(start..(l.end as usize).max(start)).unwrap_or(&[]);
                sni = tls::client_hello_sni(seg).map(text);
                host = crate::dissect::layers::http::request_host(seg).map(text);
            }
        }
        Some((i, _)) if p.layers()[i].proto == Proto::Udp => {
            if let Some(h) = p.view::<udp::Header>(i) {
                sport = Some(h.sport() as i32);
                dport = Some(h.dport() as i32);
                plen = Some(h.length().saturating_sub(8) as i64);
            }
        }
        Some((_, l)) => {
            let h = data.get(l.start as usize..).unwrap_or(&[]);
            itype = h.first().map(|&t| t as i32);
            icode = h.get(1).map(|&c| c as i32);
        }
        None => {}
    }
    b.sport.append_option(sport);
    b.dport.append_option(dport);
    b.tcp_flags.append_option(flags);
    b.tcp_seq.append_option(seq);
    b.tcp_ack.append_option(ack);
    b.tcp_window.append_option(win);
    b.icmp_type.append_option(itype);
    b.icmp_code.append_option(icode);
    b.payload_len.append_option(plen);
    let qname = p.find_dns(0).and_then(|i| p.dns(i).qname).map(|q| {
        let q = if q.len() > 1 {
            q.strip_suffix(b".").unwrap_or(&q)
        } else {
            &q[..]
        };
        text(q)
    });
    b.dns_qname.append_option(qname);
    b.tls_sni.append_option(sni);
    b.http_host.append_option(host);
}

/// The protocol after an IPv6 header's extension headers.
fn upper_nh(p: &dissect::Packet, ip: usize, first: u8) -> u8 {
    let mut nh = first;
    for (i, l) in p.layers().iter().enumerate().skip(ip + 1) {
        nh = match l.proto {
            Proto::HopByHop | Proto::Routing | Proto::DestOpt => match p.view::<ipv6::Ext>(i) {
                Some(e) => e.nh(),
                None => break,
            },
            Proto::Fragment6 => match p.view::<ipv6::Fragment>(i) {
                Some(f) => f.nh(),
                None => break,
            },
            _ => break,
        };
    }
    nh
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_as_text() {
        for a in [
            [0, 0, 0, 0],
            [10, 99, 0, 1],
            [255, 255, 255, 255],
            [192, 168, 100, 9],
        ] {
            assert_eq!(super::ipv4_text(a), std::net::Ipv4Addr::from(a).to_string());
        }
        let m = [0x02, 0, 0xab, 0x99, 0x0f, 0xff];
        assert_eq!(super::mac_text(m), crate::pyfmt::mac_str(&m));
    }
}
