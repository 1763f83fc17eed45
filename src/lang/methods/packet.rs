//! Methods of packets and of their layers (`p[TCP]`).

use std::rc::Rc;

use crate::lang::builtins::*;
use crate::lang::commands::{method, property, Call, Command, Owner};
use crate::lang::eval::{Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    method(Owner::Packet, "summary", "p.summary()", "The packet's Scapy summary line.", "a[0].summary()", summary, true),
    property(Owner::Packet, "time", "p.time", "The exact capture time, with the capture's own digits.", "a[-1].time - a[0].time", time),
    method(Owner::Packet, "haslayer", "p.haslayer(layer)", "Whether the packet has a layer (TCP, UDP, 'DNS', ...).", "p.haslayer(UDP)", haslayer, false),
    method(Owner::Packet, "getlayer", "p.getlayer(layer)", "The layer and what follows it, or None.", "p.getlayer(TCP)", getlayer, false),
    method(Owner::Packet, "layers", "p.layers()", "The names of the packet's layers.", "a[0].layers()", layers, true),
    method(Owner::Packet, "sprintf", "p.sprintf(format)", "Scapy's sprintf: `%IP.src%`, `%r,TCP.flags%` (raw), `%-15s,IP.dst%`, `{TCP:text}` only when a layer is there.", "p.sprintf('%IP.src%:%TCP.sport% -> %IP.dst%:%TCP.dport%')", sprintf_method, false),
    method(Owner::Packet, "show", "p.show()", "Print every layer with its fields.", "a[0].show()", show, true),
    property(Owner::Packet, "truncated", "p.truncated", "Whether the capture cut the packet short (captured length below its length on the wire).", "[p for p in a if p.truncated]", truncated),
    property(Owner::Packet, "wirelen", "p.wirelen", "The packet's length on the wire (may exceed len(p) when cut by the snaplen).", "a[0].wirelen", wirelen),
    property(Owner::Packet, "payload", "p.payload", "The layers after the first.", "a[0].payload", payload),
];

fn summary(_it: &mut Interp, obj: &Value, _call: &Call) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    Ok(Value::str(&crate::dissect::summary_from(
        &p.dissect(),
        from,
    )))
}

fn haslayer(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let (_p, _from) = packet_of(obj)?;
    {
        let l = need(name, a, k, 0, "cls")?;
        Ok(Value::Bool(it.contains(obj, l)?))
    }
}

fn getlayer(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let (_p, _from) = packet_of(obj)?;
    {
        let l = need(name, a, k, 0, "cls")?;
        match it.index(obj, l) {
            Ok(v) => Ok(v),
            Err(_) => Ok(Value::None),
        }
    }
}

fn layers(_it: &mut Interp, obj: &Value, _call: &Call) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    {
        let d = p.dissect();
        Ok(Value::list(
            d.layers()[from..]
                .iter()
                .map(|l| Value::LayerClass(l.proto.class_name()))
                .collect(),
        ))
    }
}

fn sprintf_method(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let (p, from) = packet_of(obj)?;
    {
        let f = need(name, a, k, 0, "fmt")?.to_str();
        Ok(Value::str(&sprintf(&p, from, &f)?))
    }
}

fn show(it: &mut Interp, obj: &Value, _call: &Call) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    {
        let t = show_text(&p, from);
        it.write(&t)?;
        Ok(Value::None)
    }
}

fn time(_it: &mut Interp, obj: &Value) -> R<Value> {
    let (p, _) = packet_of(obj)?;
    Ok(Value::Dec(p.cap.timestamp(p.index as usize)))
}

fn truncated(_it: &mut Interp, obj: &Value) -> R<Value> {
    let (p, _) = packet_of(obj)?;
    let r = &p.cap.records[p.index as usize];
    Ok(Value::Bool(r.caplen < r.origlen))
}

fn wirelen(_it: &mut Interp, obj: &Value) -> R<Value> {
    let (p, _) = packet_of(obj)?;
    Ok(Value::Int(p.cap.records[p.index as usize].origlen as i64))
}

/// The layers after this one; past the last layer is Scapy's NoPayload: empty.
fn payload(_it: &mut Interp, obj: &Value) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    if from + 1 >= p.dissect().layers().len() {
        return Ok(Value::Bytes(Rc::from(Vec::new())));
    }
    Ok(Value::Layer(LayerRef {
        pkt: p,
        layer: from + 1,
    }))
}
