//! `PcapReader`: Scapy's streaming reader, packet by packet. The capture is mapped
//! and indexed as `rdpcap` does it; the reader keeps its place in it, so
//! `read_packet()`, `next(r)`, `for p in r` and `read_all()` take up where the last
//! one stopped, and the end is Scapy's `EOFError` (or `StopIteration` for `next`).

use std::cell::Cell;
use std::rc::Rc;

use crate::domain::PacketList;
use crate::lang::builtins::{arg, need};
use crate::lang::commands::{builtin, method, property, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

const T: Owner = Owner::Type("PcapReader");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    builtin("PcapReader", "PcapReader(filename)", "Scapy's streaming reader: read_packet(), next(r), for p in r, read_all(count). The file is mapped, not read into memory.", "r = PcapReader('samples/blogexample.pcap'); r.read_packet().summary()", open).outside(),
    method(T, "read_packet", "r.read_packet()", "The next packet; EOFError after the last.", "PcapReader('samples/blogexample.pcap').read_packet()", read_packet, false),
    method(T, "recv", "r.recv()", "The same as read_packet().", "PcapReader('samples/blogexample.pcap').recv()", read_packet, false),
    method(T, "read_all", "r.read_all(count=-1)", "The packets left (at most count) as a packet list.", "len(PcapReader('samples/blogexample.pcap').read_all(5))", read_all, false),
    method(T, "dispatch", "r.dispatch(callback)", "Call callback(p) for each packet left.", "PcapReader('samples/blogexample.pcap').dispatch(lambda p: None)", dispatch, false),
    method(T, "close", "r.close()", "Close the reader.", "PcapReader('samples/blogexample.pcap').close()", close, false),
    property(T, "filename", "r.filename", "The file it reads.", "PcapReader('samples/blogexample.pcap').filename", |_, r| Ok(Value::str(&reader(r)?.filename))),
    property(T, "linktype", "r.linktype", "The capture's link type (1 for Ethernet).", "PcapReader('samples/blogexample.pcap').linktype", linktype),
];

pub struct Reader {
    list: Rc<PacketList>,
    pos: Cell<usize>,
    filename: String,
}

impl Reader {
    fn take(&self) -> Option<Value> {
        let i = self.pos.get();
        if i >= self.list.len() {
            return None;
        }
        self.pos.set(i + 1);
        Some(Value::Packet(PacketRef::of(
            self.list.cap.clone(),
            self.list.at(i),
        )))
    }
}

impl Object for Reader {
    fn type_name(&self) -> &'static str {
        "PcapReader"
    }
    fn repr(&self) -> String {
        format!(
            "<scapy.utils.PcapReader object at {:#x}>",
            self as *const _ as usize
        )
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(std::iter::from_fn(|| self.take()).collect())
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn next_item(&self) -> Option<Option<Value>> {
        Some(self.take())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn reader(v: &Value) -> R<&Reader> {
    v.as_object::<Reader>("a PcapReader")
}

fn open(it: &mut Interp, call: &Call) -> R<Value> {
    let path = need("PcapReader", call.args, call.kwargs, 0, "filename")?.to_str();
    if let Some((k, _)) = call.kwargs.first() {
        return err(
            ErrorKind::Type,
            format!("PcapReader() got an unexpected keyword argument '{k}'"),
        );
    }
    let Value::Packets(list) = it.call_builtin("rdpcap", vec![Value::str(&path)], vec![])? else {
        return err(ErrorKind::Internal, "rdpcap returned no packet list");
    };
    Ok(Value::Object(Rc::new(Reader {
        list,
        pos: Cell::new(0),
        filename: path,
    })))
}

fn read_packet(_: &mut Interp, r: &Value, _: &Call) -> R<Value> {
    match reader(r)?.take() {
        Some(p) => Ok(p),
        None => err(ErrorKind::Eof, ""),
    }
}

fn read_all(it: &mut Interp, r: &Value, call: &Call) -> R<Value> {
    let rd = reader(r)?;
    let count = match arg(call.args, call.kwargs, 0, "count") {
        None => -1,
        Some(Value::Int(n)) => *n,
        Some(v) => {
            return err(
                ErrorKind::Type,
                format!("count must be an int, not {}", v.type_name()),
            )
        }
    };
    let start = rd.pos.get();
    let left = rd.list.len() - start;
    let n = if count < 0 {
        left
    } else {
        left.min(count as usize)
    };
    rd.pos.set(start + n);
    let idx: Vec<u32> = (start..start + n).map(|i| rd.list.at(i)).collect();
    let name = std::path::Path::new(&rd.filename)
        .file_name()
        .map_or(rd.filename.clone(), |f| f.to_string_lossy().into_owned());
    Ok(it.packets_value(PacketList::new(
        rd.list.cap.clone(),
        Some(Rc::new(idx)),
        name,
    )))
}

fn dispatch(it: &mut Interp, r: &Value, call: &Call) -> R<Value> {
    let rd = reader(r)?;
    let f = need("dispatch", call.args, call.kwargs, 0, "callback")?;
    while let Some(p) = rd.take() {
        it.call(f, vec![p], vec![])?;
    }
    Ok(Value::None)
}

fn close(_: &mut Interp, r: &Value, _: &Call) -> R<Value> {
    reader(r)?;
    Ok(Value::None)
}

fn linktype(_: &mut Interp, r: &Value) -> R<Value> {
    let rd = reader(r)?;
    Ok(Value::Int(if rd.list.cap.is_empty() {
        1
    } else {
        rd.list.cap.linktype(0) as i64
    }))
}
