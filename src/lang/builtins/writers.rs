//! Scapy's stream classes: `PcapWriter` (write packets as they come), `RawPcapReader`
//! (records as bytes and metadata), and `PacketList(list)` for lists a script builds.

use std::cell::RefCell;
use std::rc::Rc;

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{builtin, method, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

const W: Owner = Owner::Type("PcapWriter");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    builtin("PacketList", "PacketList(packets, name='PacketList')", "A packet list from a list of packets (of one capture), with every packet-list method.", "PacketList([p for p in a if TCP in p])", packet_list),
    builtin("PcapWriter", "PcapWriter(filename, append=False)", "Writes packets to a pcap file as they come: w.write(p or list), w.flush(), w.close().", "w = PcapWriter('/tmp/pcapsh-w.pcap'); w.write(a[:2]); w.close()", pcap_writer).outside(),
    builtin("RawPcapReader", "RawPcapReader(filename)", "A capture's records as (bytes, metadata): metadata.sec, .usec, .wirelen, .caplen.", "[len(b) for b, m in RawPcapReader('samples/blogexample.pcap')][:3]", raw_reader).outside(),
    method(W, "write", "w.write(pkt)", "Add a packet or a list of packets.", "w = PcapWriter('/tmp/pcapsh-w2.pcap'); w.write(a[0]); w.close()", write, false),
    method(W, "flush", "w.flush()", "Write what was added so far.", "w = PcapWriter('/tmp/pcapsh-w3.pcap'); w.write(a[0]); w.flush()", flush, false),
    method(W, "close", "w.close()", "Write and close.", "PcapWriter('/tmp/pcapsh-w4.pcap').close()", flush, false),
];

fn packet_list(it: &mut Interp, call: &Call) -> R<Value> {
    let v = arg(call.args, call.kwargs, 0, "res")
        .cloned()
        .unwrap_or(Value::list(vec![]));
    let refs = it.packet_refs(&v)?;
    let name = arg(call.args, call.kwargs, 1, "name").map_or("PacketList".into(), |v| v.to_str());
    let Some(first) = refs.first() else {
        return err(
            ErrorKind::NotImplemented,
            "an empty PacketList is not supported yet: pcapsh's lists hold packets of a capture",
        );
    };
    if refs
        .iter()
        .any(|r| !std::sync::Arc::ptr_eq(&r.cap, &first.cap))
    {
        return err(
            ErrorKind::NotImplemented,
            "a PacketList of packets from several captures is not supported yet",
        );
    }
    let idx: Vec<u32> = refs.iter().map(|r| r.index).collect();
    Ok(it.packets_value(PacketList::new(first.cap.clone(), Some(Rc::new(idx)), name)))
}

/// A PcapWriter: its path and the packets written so far (written out on flush/close).
struct Writer {
    path: String,
    packets: RefCell<Vec<PacketRef>>,
    /// The file's packets before this writer (append=True).
    before: Option<std::sync::Arc<crate::capture::Capture>>,
}

impl Object for Writer {
    fn type_name(&self) -> &'static str {
        "PcapWriter"
    }
    fn repr(&self) -> String {
        format!("<PcapWriter: {}>", self.path)
    }
    fn exit(&self) {
        let _ = self.save();
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Writer {
    fn save(&self) -> Result<(), String> {
        let pk = self.packets.borrow();
        let mut items: Vec<(&crate::capture::Capture, usize)> = Vec::new();
        if let Some(b) = &self.before {
            items.extend((0..b.len()).map(|i| (&**b, i)));
        }
        items.extend(pk.iter().map(|p| (&*p.cap, p.index as usize)));
        crate::capture::write::write(&self.path, &items).map_err(|e| e.to_string())
    }
}

/// The options Scapy's PcapWriter (and so wrpcap) takes after the file name and, for
/// wrpcap, the packets: `append` and `sync` are taken; the others are an error until they
/// are supported, never ignored. Returns the packets already in the file when appending.
pub(crate) fn writer_options(
    name: &str,
    path: &str,
    args: &[Value],
    kwargs: &[(String, Value)],
) -> R<Option<std::sync::Arc<crate::capture::Capture>>> {
    // PcapWriter(filename, linktype=None, gz=False, endianness="", append=False, sync=False,
    // nano=False, snaplen=MTU): positional options in this order.
    const ORDER: [&str; 7] = [
        "linktype",
        "gz",
        "endianness",
        "append",
        "sync",
        "nano",
        "snaplen",
    ];
    let mut append = false;
    let given = ORDER.iter().zip(args).map(|(n, v)| (*n, v));
    for (n, v) in given.chain(kwargs.iter().map(|(n, v)| (n.as_str(), v))) {
        match n {
            // Taken by the caller (the file and, for wrpcap, the packets).
            "filename" | "pkt" => {}
            "append" => append = v.truthy(),
            "sync" => {}
            "linktype" | "endianness" | "snaplen" if matches!(v, Value::None) => {}
            "gz" | "nano" if !v.truthy() => {}
            "linktype" | "gz" | "endianness" | "nano" | "snaplen" => {
                return err(
                    ErrorKind::NotImplemented,
                    format!(
                        "{name}(..., {n}=...) is not supported yet: pcapsh writes each packet's \
                         own link type and exact time (pcapng when the name ends in .pcapng)"
                    ),
                )
            }
            _ => {
                return err(
                    ErrorKind::Type,
                    format!(
                        "{name}() got an unexpected keyword argument '{n}' (it takes append, \
                         sync, linktype, gz, endianness, nano, snaplen)"
                    ),
                )
            }
        }
    }
    if !append || !std::path::Path::new(path).exists() {
        return Ok(None);
    }
    crate::capture::Capture::open(path)
        .map(Some)
        .map_err(|e| Error::at_none(ErrorKind::File, e.to_string()))
}

fn pcap_writer(_: &mut Interp, call: &Call) -> R<Value> {
    let path = need("PcapWriter", call.args, call.kwargs, 0, "filename")?.to_str();
    let rest = call.args.get(1..).unwrap_or(&[]);
    let before = writer_options("PcapWriter", &path, rest, call.kwargs)?;
    Ok(Value::Object(Rc::new(Writer {
        path,
        packets: RefCell::new(Vec::new()),
        before,
    })))
}

fn this(v: &Value) -> R<&Writer> {
    v.as_object::<Writer>("a PcapWriter")
}

fn write(it: &mut Interp, w: &Value, call: &Call) -> R<Value> {
    let p = need("write", call.args, call.kwargs, 0, "pkt")?;
    let refs = it.packet_refs(p)?;
    this(w)?.packets.borrow_mut().extend(refs);
    Ok(Value::None)
}

fn flush(_: &mut Interp, w: &Value, _: &Call) -> R<Value> {
    let w = this(w)?;
    w.save()
        .map_err(|e| Error::at_none(ErrorKind::File, format!("{}: {e}", w.path)))?;
    Ok(Value::None)
}

/// A record's metadata, as RawPcapReader gives it for pcap files.
struct Meta {
    sec: i64,
    usec: i64,
    wirelen: i64,
    caplen: i64,
}

impl Object for Meta {
    fn type_name(&self) -> &'static str {
        "PacketMetadata"
    }
    fn repr(&self) -> String {
        format!(
            "PacketMetadata(sec={}, usec={}, wirelen={}, caplen={})",
            self.sec, self.usec, self.wirelen, self.caplen
        )
    }
    fn attr(&self, name: &str) -> Option<Value> {
        Some(Value::Int(match name {
            "sec" => self.sec,
            "usec" => self.usec,
            "wirelen" => self.wirelen,
            "caplen" => self.caplen,
            _ => return None,
        }))
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(
            [self.sec, self.usec, self.wirelen, self.caplen]
                .iter()
                .map(|&x| Value::Int(x))
                .collect(),
        )
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn raw_reader(_: &mut Interp, call: &Call) -> R<Value> {
    let path = need("RawPcapReader", call.args, call.kwargs, 0, "filename")?.to_str();
    let cap = crate::capture::Capture::open(&path)
        .map_err(|e| Error::at_none(ErrorKind::File, e.to_string()))?;
    let mut out = Vec::with_capacity(cap.len());
    for i in 0..cap.len() {
        let (secs, nanos) = cap.timestamp(i).secs_nanos();
        let r = &cap.records[i];
        let meta = Meta {
            sec: secs,
            usec: (nanos / 1000) as i64,
            wirelen: r.origlen as i64,
            caplen: r.caplen as i64,
        };
        out.push(Value::Tuple(Rc::new(vec![
            Value::Bytes(cap.packet(i).into()),
            Value::Object(Rc::new(meta)),
        ])));
    }
    Ok(crate::lang::builtins::iterator(out, "generator"))
}
