//! Methods of packets and of their layers (`p[TCP]`).

use std::rc::Rc;

use crate::lang::builtins::*;
use crate::lang::commands::{method, property, Call, Command, Owner};
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;
use crate::lang::ErrorKind;

pub static TABLE: &[Command] = &[
    method(Owner::Packet, "summary", "p.summary()", "The packet's Scapy summary line.", "a[0].summary()", summary, true),
    method(Owner::Packet, "mysummary", "p.mysummary()", "The layer's own part of the summary line ('' for a layer that has none).", "a[0].mysummary()", mysummary, false),
    property(Owner::Packet, "time", "p.time", "The exact capture time, with the capture's own digits.", "a[-1].time - a[0].time", time),
    method(Owner::Packet, "haslayer", "p.haslayer(layer)", "Whether the packet has a layer (TCP, UDP, 'DNS', ...).", "p.haslayer(UDP)", haslayer, false),
    method(Owner::Packet, "getlayer", "p.getlayer(cls, nb=1, **fields)", "The nb-th layer of a class (with these field values), and what follows it; or None.", "p.getlayer(TCP)", getlayer, false),
    method(Owner::Packet, "layers", "p.layers()", "The names of the packet's layers.", "a[0].layers()", layers, true),
    method(Owner::Packet, "sprintf", "p.sprintf(format)", "Scapy's sprintf: `%IP.src%`, `%r,TCP.flags%` (raw), `%-15s,IP.dst%`, `{TCP:text}` only when a layer is there.", "p.sprintf('%IP.src%:%TCP.sport% -> %IP.dst%:%TCP.dport%')", sprintf_method, false),
    method(Owner::Packet, "show", "p.show(dump=False)", "Print every layer with its fields; with dump=True, return the text instead.", "a[0].show()", show, true),
    method(Owner::Packet, "show2", "p.show2(dump=False)", "Print the packet as built: lengths, checksums and counts computed (a captured packet is already built).", "(IP()/TCP()).show2()", show, true),
    method(Owner::Packet, "command", "p.command()", "The expression that builds the packet again: `IP(dst='10.0.0.1')/TCP(dport=80)`.", "(IP(ttl=7)/ICMP()).command()", command, true),
    method(Owner::Packet, "lastlayer", "p.lastlayer()", "The last layer.", "a[0].lastlayer()", edge_layer, false),
    method(Owner::Packet, "firstlayer", "p.firstlayer()", "The first layer (the whole packet).", "a[0].firstlayer()", edge_layer, false),
    method(Owner::Packet, "getfieldval", "p.getfieldval(name)", "A field's value, by name.", "a[0].getfieldval('src')", getfieldval, false),
    method(Owner::Packet, "network_stats", "p[Dot11Beacon].network_stats()", "What an 802.11 beacon, probe or association frame says of its network: a dict of ssid, channel, country, rates and crypto (a set: WPA2/PSK, OPN ...).", "[p[Dot11Beacon].network_stats() for p in a if Dot11Beacon in p]", network_stats, false),
    method(Owner::Packet, "copy", "p.copy()", "A copy of the packet: changing its fields changes no list.", "a[0].copy()", copy, false),
    property(Owner::Packet, "fields", "p.fields", "This layer's fields and values, as a dict.", "a[0].fields", fields),
    property(Owner::Packet, "fields_desc", "p.fields_desc", "This layer's fields, in order: each has .name.", "[f.name for f in a[0].fields_desc]", fields_desc),
    property(Owner::Packet, "original", "p.original", "The bytes the packet was read from.", "a[0].original[:6]", original),
    property(Owner::Packet, "truncated", "p.truncated", "Whether the capture cut the packet short (captured length below its length on the wire).", "[p for p in a if p.truncated]", truncated),
    property(Owner::Packet, "wirelen", "p.wirelen", "The packet's length on the wire (may exceed len(p) when cut by the snaplen).", "a[0].wirelen", wirelen),
    property(Owner::Packet, "file", "p.file", "The path of the capture file the packet was read from (of several, its own).", "a[0].file", file),
    property(Owner::Packet, "payload", "p.payload", "The layers after the first.", "a[0].payload", payload),
];

fn summary(_it: &mut Interp, obj: &Value, _call: &Call) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    Ok(Value::str(&crate::dissect::summary_from(
        &crate::lang::builtins::build::aligned(&p),
        from,
    )))
}

fn mysummary(_it: &mut Interp, obj: &Value, _call: &Call) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    let d = crate::lang::builtins::build::aligned(&p);
    Ok(Value::str(&crate::dissect::layer_summary(&d, from)))
}

fn haslayer(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let (_p, _from) = packet_of(obj)?;
    {
        let l = need(name, a, k, 0, "cls")?;
        // Scapy's haslayer answers True, or 0 (not False).
        Ok(match it.contains(obj, l)? {
            true => Value::Bool(true),
            false => Value::Int(0),
        })
    }
}

fn getlayer(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let (p, from) = packet_of(obj)?;
    let cls = need(name, a, k, 0, "cls")?;
    let nb = match arg(a, k, 1, "nb") {
        None => 1,
        Some(Value::Int(n)) => *n,
        Some(v) => return Err(crate::lang::bigint::not_int(v)),
    };
    // Any other keyword is a field value the layer must have (`getlayer(IP, src=x)`).
    let flt: Vec<(String, Value)> = k
        .iter()
        .filter(|(n, _)| n != "cls" && n != "nb")
        .cloned()
        .collect();
    Ok(it.getlayer(&p, from, cls, nb, &flt)?.unwrap_or(Value::None))
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

fn show(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    let t = match call.name {
        "show" => crate::lang::builtins::build::show_text(&p, from),
        _ => None,
    }
    .unwrap_or_else(|| show_text(&p, from));
    if arg(call.args, call.kwargs, 0, "dump").is_some_and(|v| v.truthy()) {
        // `show()` prints the text and a newline; `show(dump=True)` returns the text.
        return Ok(Value::str(t.strip_suffix('\n').unwrap_or(&t)));
    }
    it.write(&t)?;
    Ok(Value::None)
}

fn network_stats(_: &mut Interp, obj: &Value, _call: &Call) -> R<Value> {
    use crate::dissect::layers::dot11stats::{network_stats, Stat};
    let (p, from) = packet_of(obj)?;
    let d = p.dissect();
    let Some(stats) = network_stats(&d, from) else {
        return err(
            ErrorKind::Attribute,
            format!(
                "'{}' object has no attribute 'network_stats'",
                obj.type_name()
            ),
        );
    };
    let mut map = indexmap::IndexMap::new();
    for (k, v) in stats {
        let v = match v {
            Stat::Str(s) => Value::str(&s),
            Stat::Int(n) => Value::Int(n),
            Stat::None => Value::None,
            Stat::Floats(f) => Value::list(f.into_iter().map(Value::Float).collect()),
            Stat::Set(names) => Value::Set(
                Rc::new(std::cell::RefCell::new(
                    names
                        .iter()
                        .map(|n| (HKey::str(n), Value::str(n)))
                        .collect(),
                )),
                false,
            ),
        };
        map.insert(HKey::str(k), (Value::str(k), v));
    }
    Ok(Value::dict(map))
}

fn command(_: &mut Interp, obj: &Value, _: &Call) -> R<Value> {
    Ok(Value::str(&crate::lang::builtins::build::command(obj)?))
}

fn edge_layer(_: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    let n = p.dissect().layers().len();
    let layer = match call.name {
        "firstlayer" => 0,
        _ => n.saturating_sub(1).max(from),
    };
    Ok(if layer == 0 {
        Value::Packet(p)
    } else {
        Value::Layer(LayerRef { pkt: p, layer })
    })
}

fn getfieldval(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let name = need("getfieldval", call.args, call.kwargs, 0, "attr")?.to_str();
    it.getattr(obj, &name)
}

/// A packet of its own: changing it changes no list.
fn copy(_: &mut Interp, obj: &Value, _: &Call) -> R<Value> {
    crate::lang::builtins::build::packet(crate::lang::builtins::build::built_of(obj)?)
}

fn fields(_: &mut Interp, obj: &Value) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    let d = p.dissect();
    if from >= d.layers().len() {
        return Ok(Value::dict(Default::default()));
    }
    let m = d
        .fields(from)
        .into_iter()
        .map(|(n, f)| (HKey::str(n), (Value::str(n), to_value(f.value))))
        .collect();
    Ok(Value::dict(m))
}

/// A field of `fields_desc`: what scripts read of it is its name.
struct FieldDesc(&'static str, &'static str);

impl Object for FieldDesc {
    fn type_name(&self) -> &'static str {
        "Field"
    }
    fn repr(&self) -> String {
        format!("<Field ({}).{}>", self.0, self.1)
    }
    fn attr(&self, name: &str) -> Option<Value> {
        (name == "name").then(|| Value::str(self.1))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn fields_desc(_: &mut Interp, obj: &Value) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    let d = p.dissect();
    let Some(l) = d.layers().get(from) else {
        return Ok(Value::list(vec![]));
    };
    let class = l.proto.class_name();
    Ok(Value::list(
        d.fields(from)
            .into_iter()
            .map(|(n, _)| Value::Object(Rc::new(FieldDesc(class, n))))
            .collect(),
    ))
}

fn original(_: &mut Interp, obj: &Value) -> R<Value> {
    let (p, _) = packet_of(obj)?;
    Ok(Value::Bytes(p.data().into()))
}

fn time(_it: &mut Interp, obj: &Value) -> R<Value> {
    let (p, _) = packet_of(obj)?;
    Ok(Value::Dec(p.cap.py_time(p.index as usize)))
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

fn file(_it: &mut Interp, obj: &Value) -> R<Value> {
    let (p, _) = packet_of(obj)?;
    let f = p.cap.file_of(p.index as usize);
    Ok(Value::str(&f.path.display().to_string()))
}

/// The layers after this one; past the last layer is Scapy's NoPayload: empty.
fn payload(_it: &mut Interp, obj: &Value) -> R<Value> {
    let (p, from) = packet_of(obj)?;
    if from + 1 >= p.dissect().layers().len() {
        return Ok(super::nopayload::value());
    }
    Ok(Value::Layer(LayerRef {
        pkt: p,
        layer: from + 1,
    }))
}
