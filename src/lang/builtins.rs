//! Builtin functions, methods and attributes. Names come from the command table.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use indexmap::IndexMap;

use super::commands::{self, Owner};
use super::error::{Error, ErrorKind};
use super::eval::{compare_values, err, hashable, nearest, norm_index, Interp, R};
use super::format;
use super::value::*;
use crate::capture::Capture;
use crate::dissect::field::FieldValue;
use crate::time::Decimal;

fn arg<'a>(
    args: &'a [Value],
    kwargs: &'a [(String, Value)],
    i: usize,
    name: &str,
) -> Option<&'a Value> {
    args.get(i)
        .or_else(|| kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v))
}

fn need<'a>(
    f: &str,
    args: &'a [Value],
    kwargs: &'a [(String, Value)],
    i: usize,
    name: &str,
) -> R<&'a Value> {
    arg(args, kwargs, i, name).ok_or_else(|| {
        Error::at_none(
            ErrorKind::Type,
            format!("{f}() missing required argument: '{name}'"),
        )
    })
}

fn owner_of(v: &Value) -> Option<Owner> {
    Some(match v {
        Value::Packets(_) => Owner::PacketList,
        Value::Sessions(_) => Owner::Sessions,
        Value::Conversations(_) => Owner::Conversations,
        Value::Packet(_) | Value::Layer(_) => Owner::Packet,
        Value::Bytes(_) => Owner::Bytes,
        Value::Str(_) => Owner::Str,
        Value::Dict(_) => Owner::Dict,
        Value::List(_) => Owner::List,
        _ => return None,
    })
}

/// Names that `dir(v)` and completion offer for a value.
pub fn attributes(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = match owner_of(v) {
        Some(o) => commands::methods_of(o)
            .map(|c| c.name.to_string())
            .collect(),
        None => Vec::new(),
    };
    let pkt = match v {
        Value::Packet(p) => Some((p.clone(), 0)),
        Value::Layer(l) => Some((l.pkt.clone(), l.layer)),
        _ => None,
    };
    if let Some((p, from)) = pkt {
        let d = p.dissect();
        for i in from..d.layers().len() {
            for (n, _) in d.fields(i) {
                if !out.iter().any(|o| o == n) {
                    out.push(n.to_string());
                }
            }
        }
    }
    out
}

pub(super) fn to_value(f: FieldValue) -> Value {
    match f {
        FieldValue::Int(i) => Value::Int(i),
        FieldValue::Str(s) => Value::str(&s),
        FieldValue::Bytes(b) => Value::Bytes(b.into()),
        FieldValue::Flags(v, tcp) => {
            Value::Flags(v, if tcp { FlagKind::Tcp } else { FlagKind::Ip })
        }
        FieldValue::None => Value::None,
        FieldValue::List(l) => Value::list(l.into_iter().map(to_value).collect()),
        FieldValue::Packets(l) => {
            Value::list(l.into_iter().map(|n| Value::Record(Rc::new(n))).collect())
        }
    }
}

fn hexdump_text(b: &[u8]) -> String {
    let mut s = String::new();
    for (n, chunk) in b.chunks(16).enumerate() {
        s.push_str(&format!("{:04x}  ", n * 16));
        for j in 0..16 {
            match chunk.get(j) {
                Some(x) => s.push_str(&format!("{x:02X} ")),
                None => s.push_str("   "),
            }
        }
        s.push(' ');
        s.extend(chunk.iter().map(|&c| {
            if (32..127).contains(&c) {
                c as char
            } else {
                '.'
            }
        }));
        s.push('\n');
    }
    s
}

fn show_text(p: &PacketRef, from: usize) -> String {
    crate::dissect::show::show(&p.dissect(), from)
}

/// The DNS layer at or after `from`: its parsed message.
pub(super) fn dns_of(p: &PacketRef, from: usize) -> Option<crate::dissect::dns::Dns> {
    let d = p.dissect();
    d.find_dns(from).map(|i| d.dns(i))
}

/// Scapy's `Packet.sprintf`.
fn sprintf(p: &PacketRef, from: usize, fmt: &str) -> R<String> {
    let d = p.dissect();
    let layers = from..d.layers().len();
    let find = |name: &str| layers.clone().find(|&i| d.layers()[i].proto.is_named(name));
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' => {
                // {Layer:text} or {!Layer:text}, nested braces allowed.
                let mut depth = 1;
                let mut j = i + 1;
                while j < chars.len() && depth > 0 {
                    match chars[j] {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                let inner: String = chars[i + 1..j.saturating_sub(1).max(i + 1)]
                    .iter()
                    .collect();
                if let Some((cond, text)) = inner.split_once(':') {
                    let (neg, cond) = match cond.strip_prefix('!') {
                        Some(c) => (true, c),
                        None => (false, cond),
                    };
                    if find(cond).is_some() != neg {
                        out.push_str(&sprintf(p, from, text)?);
                    }
                }
                i = j;
            }
            '%' => {
                let Some(end) = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '%')
                    .map(|e| i + 1 + e)
                else {
                    out.push('%');
                    break;
                };
                if end == i + 1 {
                    out.push('%');
                    i += 2;
                    continue;
                }
                let spec: String = chars[i + 1..end].iter().collect();
                i = end + 1;
                let (mut fmt, field) = match spec.rsplit_once(',') {
                    Some((f, x)) => (f.to_string(), x.to_string()),
                    None => (String::new(), spec.clone()),
                };
                let raw = fmt.ends_with('r');
                if raw {
                    fmt.pop();
                }
                if field == ".time" {
                    out.push_str(&local_time(&p.cap, p.index as usize));
                    continue;
                }
                let (layer, fname) = match field.split_once('.') {
                    Some((l, f)) => (find(l), f.to_string()),
                    None => (Some(from).filter(|_| !layers.is_empty()), field.clone()),
                };
                let found = layer.and_then(|l| {
                    let own = d.fields(l).into_iter().find(|(n, _)| *n == fname);
                    // A field named without its layer is looked up in the layers above too.
                    own.or_else(|| {
                        if field.contains('.') {
                            None
                        } else {
                            layers
                                .clone()
                                .flat_map(|x| d.fields(x))
                                .find(|(n, _)| *n == fname)
                        }
                    })
                });
                let value = match found {
                    None => {
                        out.push_str("??");
                        continue;
                    }
                    Some((_, f)) if raw => to_value(f.value),
                    Some((_, f)) => Value::str(&f.show),
                };
                let text = if fmt.is_empty() {
                    value.to_str()
                } else {
                    format::percent(&format!("%{fmt}"), &value)?
                };
                out.push_str(&text);
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

impl Interp {
    pub(super) fn getattr(&mut self, o: &Value, name: &str) -> R<Value> {
        // Methods from the command table first.
        if let Some(owner) = owner_of(o) {
            if commands::methods_of(owner).any(|c| c.name == name) {
                // Attributes that are values, not calls.
                match (o, name) {
                    (Value::Packets(pl), "time") => {
                        let t: Vec<Value> = (0..pl.len())
                            .map(|i| Value::Dec(pl.cap.timestamp(pl.at(i) as usize)))
                            .collect();
                        return Ok(Value::Times(Rc::new(t)));
                    }
                    (Value::Packets(pl), "index") => {
                        return Ok(Value::list(
                            (0..pl.len()).map(|i| Value::Int(pl.at(i) as i64)).collect(),
                        ));
                    }
                    (Value::Packets(pl), "wirelen") => {
                        let t = (0..pl.len())
                            .map(|i| Value::Int(pl.cap.records[pl.at(i) as usize].origlen as i64))
                            .collect();
                        return Ok(Value::list(t));
                    }
                    (Value::Packet(p), "time")
                    | (Value::Layer(LayerRef { pkt: p, .. }), "time") => {
                        return Ok(Value::Dec(p.cap.timestamp(p.index as usize)));
                    }
                    (Value::Packet(p), "truncated")
                    | (Value::Layer(LayerRef { pkt: p, .. }), "truncated") => {
                        let r = &p.cap.records[p.index as usize];
                        return Ok(Value::Bool(r.caplen < r.origlen));
                    }
                    (Value::Packet(p), "wirelen")
                    | (Value::Layer(LayerRef { pkt: p, .. }), "wirelen") => {
                        return Ok(Value::Int(p.cap.records[p.index as usize].origlen as i64));
                    }
                    (Value::Packet(p), "payload") => {
                        if p.dissect().layers().len() < 2 {
                            return Ok(Value::Bytes(Rc::from(Vec::new())));
                        }
                        return Ok(Value::Layer(LayerRef {
                            pkt: p.clone(),
                            layer: 1,
                        }));
                    }
                    (Value::Layer(l), "payload") => {
                        // Past the last layer is Scapy's NoPayload: empty.
                        if l.layer + 1 >= l.pkt.dissect().layers().len() {
                            return Ok(Value::Bytes(Rc::from(Vec::new())));
                        }
                        return Ok(Value::Layer(LayerRef {
                            pkt: l.pkt.clone(),
                            layer: l.layer + 1,
                        }));
                    }
                    _ => {
                        return Ok(Value::Method(
                            Box::new(o.clone()),
                            commands::methods_of(owner)
                                .find(|c| c.name == name)
                                .unwrap()
                                .name,
                        ))
                    }
                }
            }
        }
        let pkt = match o {
            Value::Packet(p) => Some((p.clone(), 0)),
            Value::Layer(l) => Some((l.pkt.clone(), l.layer)),
            _ => None,
        };
        if let Some((p, from)) = pkt.clone() {
            let d = p.dissect();
            for i in from..d.layers().len() {
                if let Some((_, f)) = d.fields(i).into_iter().find(|(n, _)| *n == name) {
                    return Ok(to_value(f.value));
                }
            }
            if name == "name" {
                return Ok(Value::str(
                    d.layers()
                        .get(from)
                        .map_or("Raw", |l| l.proto.display_name()),
                ));
            }
        }
        if let Value::Flags(v, k) = o {
            let s = flags_str(*v, *k);
            if name.len() == 1 || matches!(name, "MF" | "DF" | "evil") {
                return Ok(Value::Bool(s.contains(name)));
            }
            if name == "value" {
                return Ok(Value::Int(*v as i64));
            }
        }
        if let Value::Dict(d) = o {
            if let Some((_, v)) = d.borrow().get(&super::value::HKey::Str(Rc::from(name))) {
                return Ok(v.clone());
            }
        }
        if let Value::Record(r) = o {
            if let Some((_, f)) = r.fields.iter().find(|(n, _)| *n == name) {
                return Ok(to_value(f.value.clone()));
            }
        }
        // Scapy lets `p[DNS].qd.qname` reach into the first record of the list.
        if let Value::List(l) = o {
            let first = l.borrow().first().cloned();
            if let Some(Value::Record(_)) = &first {
                return self.getattr(first.as_ref().unwrap(), name);
            }
        }
        if let Value::Dec(d) = o {
            if name == "real" {
                return Ok(Value::Dec(*d));
            }
        }
        let have = attributes(o);
        let mut e = Error::at_none(
            ErrorKind::Attribute,
            format!("'{}' object has no attribute '{name}'", o.type_name()),
        );
        if let Some(best) = nearest(name, have.iter().map(|s| s.as_str())) {
            e = e.with_help(format!("help: did you mean '{best}'?"));
        } else if !have.is_empty() {
            e = e.with_help(format!("help: it has {}", have.join(", ")));
        }
        if matches!(o, Value::Times(_)) || (matches!(o, Value::List(_)) && name == "time") {
            e = e
                .with_help("help: a plain list has no times; take them from a packet list: v.time");
        }
        Err(e)
    }

    pub(super) fn call_builtin(
        &mut self,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
    ) -> R<Value> {
        let a = &args[..];
        let k = &kwargs[..];
        Ok(match name {
            "print" => {
                let sep = arg(&[], k, 0, "sep")
                    .map(|v| v.to_str())
                    .unwrap_or_else(|| " ".into());
                let end = arg(&[], k, 0, "end")
                    .map(|v| v.to_str())
                    .unwrap_or_else(|| "\n".into());
                let parts: Vec<String> = a.iter().map(|v| v.to_str()).collect();
                self.write(&(parts.join(&sep) + &end))?;
                Value::None
            }
            "rdpcap" => {
                let path = need(name, a, k, 0, "filename")?;
                let Value::Str(path) = path else {
                    return err(
                        ErrorKind::Type,
                        "rdpcap() takes a file name as text: rdpcap('capture.pcap')",
                    );
                };
                let cap = Capture::open(&**path)
                    .map_err(|e| Error::at_none(ErrorKind::File, e.to_string()))?;
                for w in &cap.warnings {
                    let _ = writeln!(self.err, "warning: {}: {w}", cap.path.display());
                }
                // Say which link types are kept as raw bytes.
                let mut seen = Vec::new();
                for ifc in &cap.interfaces {
                    let lt = ifc.linktype;
                    if !crate::dissect::linktype::dissected(lt) && !seen.contains(&lt) {
                        seen.push(lt);
                        let _ = writeln!(
                            self.err,
                            "note: {}: link type {} is not dissected; its packets are kept as raw bytes",
                            cap.path.display(),
                            crate::dissect::linktype::name(lt)
                        );
                    }
                }
                let count = match arg(a, k, 1, "count") {
                    Some(Value::Int(c)) if *c >= 0 => Some(*c as usize),
                    _ => None,
                };
                let name = cap.name.clone();
                let idx = count
                    .filter(|&c| c < cap.len())
                    .map(|c| Rc::new((0..c as u32).collect()));
                Value::Packets(Rc::new(PacketList::new(cap, idx, name)))
            }
            "Counter" | "defaultdict" | "OrderedDict" => {
                let d = Rc::new(RefCell::new(IndexMap::new()));
                match name {
                    "Counter" => {
                        if let Some(v) = a.first() {
                            for item in self.iterate(v)? {
                                let hk = hashable(&item)?;
                                let mut m = d.borrow_mut();
                                let e = m.entry(hk).or_insert((item, Value::Int(0)));
                                if let Value::Int(n) = &mut e.1 {
                                    *n += 1;
                                }
                            }
                        }
                        self.defaults.retain(|(w, _)| w.strong_count() > 0);
                        self.defaults
                            .push((Rc::downgrade(&d), Value::Builtin("int")));
                    }
                    "defaultdict" => {
                        if let Some(f) = a.first().filter(|f| !matches!(f, Value::None)) {
                            self.defaults.retain(|(w, _)| w.strong_count() > 0);
                            self.defaults.push((Rc::downgrade(&d), f.clone()));
                        }
                    }
                    _ => {
                        if let Some(v) = a.first() {
                            return self.call_builtin("dict", vec![v.clone()], vec![]);
                        }
                    }
                }
                Value::Dict(d)
            }
            "hasattr" | "getattr" => {
                let obj = need(name, a, k, 0, "object")?.clone();
                let attr = need(name, a, k, 1, "name")?.to_str();
                match self.getattr(&obj, &attr) {
                    Ok(v) => {
                        if name == "hasattr" {
                            Value::Bool(true)
                        } else {
                            v
                        }
                    }
                    Err(e) => match (name, a.get(2)) {
                        ("hasattr", _) => Value::Bool(false),
                        (_, Some(default)) => default.clone(),
                        _ => return Err(e),
                    },
                }
            }
            "PcapReader" => return self.call_builtin("rdpcap", args.clone(), kwargs.clone()),
            "load_layer" => Value::None,
            "sniff" => {
                let Some(path) = arg(&[], k, 0, "offline").or_else(|| a.first()) else {
                    return err(ErrorKind::Value, "pcapsh reads captures, it does not capture: use sniff(offline='file.pcap')");
                };
                let pl = match self.call_builtin("rdpcap", vec![path.clone()], vec![])? {
                    Value::Packets(pl) => pl,
                    _ => unreachable!(),
                };
                let count = match arg(&[], k, 0, "count") {
                    Some(Value::Int(c)) if *c > 0 => *c as usize,
                    _ => usize::MAX,
                };
                let lfilter = arg(&[], k, 0, "lfilter")
                    .cloned()
                    .filter(|v| !matches!(v, Value::None));
                let prn = arg(&[], k, 0, "prn")
                    .cloned()
                    .filter(|v| !matches!(v, Value::None));
                let mut keep = Vec::new();
                for i in 0..pl.len() {
                    if keep.len() >= count {
                        break;
                    }
                    let p = Value::Packet(PacketRef {
                        cap: pl.cap.clone(),
                        index: pl.at(i),
                    });
                    if let Some(f) = &lfilter {
                        if !self.call(f, vec![p.clone()], vec![])?.truthy() {
                            continue;
                        }
                    }
                    keep.push(pl.at(i));
                    if let Some(f) = &prn {
                        let r = self.call(f, vec![p], vec![])?;
                        if !matches!(r, Value::None) {
                            let line = r.to_str() + "\n";
                            self.write(&line)?;
                        }
                    }
                }
                Value::Packets(Rc::new(PacketList::new(
                    pl.cap.clone(),
                    Some(Rc::new(keep)),
                    "Sniffed".into(),
                )))
            }
            "wrpcap" => {
                let path = need(name, a, k, 0, "filename")?.to_str();
                let pk = need(name, a, k, 1, "pkt")?.clone();
                let pkts = self.packet_refs(&pk)?;
                let items: Vec<(&Capture, usize)> =
                    pkts.iter().map(|p| (&*p.cap, p.index as usize)).collect();
                crate::capture::write::write(&path, &items)
                    .map_err(|e| Error::at_none(ErrorKind::File, format!("{path}: {e}")))?;
                Value::None
            }
            "len" => {
                let v = need(name, a, k, 0, "obj")?;
                Value::Int(match v {
                    Value::Str(s) => s.chars().count(),
                    Value::Bytes(b) => b.len(),
                    Value::List(l) => l.borrow().len(),
                    Value::Tuple(t) | Value::Times(t) | Value::View(_, t) => t.len(),
                    Value::Dict(d) => d.borrow().len(),
                    Value::Packets(p) => p.len(),
                    Value::Sessions(s) => s.sessions.len(),
                    Value::Conversations(c) => c.convs.len(),
                    Value::Packet(p) => p.data().len(),
                    Value::Layer(l) => {
                        let d = l.pkt.dissect();
                        let ly = d.layers()[l.layer];
                        l.pkt.data().len() - ly.start as usize
                    }
                    _ => {
                        return err(
                            ErrorKind::Type,
                            format!("object of type '{}' has no len()", v.type_name()),
                        )
                    }
                } as i64)
            }
            "type" => Value::Class(Rc::from(need(name, a, k, 0, "obj")?.type_repr())),
            "str" => Value::str(&a.first().map(|v| v.to_str()).unwrap_or_default()),
            "repr" => Value::str(&need(name, a, k, 0, "obj")?.repr()),
            "int" => {
                let v = a.first().cloned().unwrap_or(Value::Int(0));
                match &v {
                    Value::Int(_) => v,
                    Value::Bool(b) => Value::Int(*b as i64),
                    Value::Flags(f, _) => Value::Int(*f as i64),
                    Value::Float(f) => Value::Int(f.trunc() as i64),
                    Value::Dec(d) => Value::Int((d.mantissa / 10i128.pow(d.scale as u32)) as i64),
                    Value::Str(s) => {
                        let base = match a.get(1) {
                            Some(Value::Int(b)) => *b as u32,
                            _ => 10,
                        };
                        let t = s.trim().replace('_', "");
                        let t = if base == 16 {
                            t.trim_start_matches("0x")
                                .trim_start_matches("0X")
                                .to_string()
                        } else {
                            t
                        };
                        match i64::from_str_radix(&t, base) {
                            Ok(i) => Value::Int(i),
                            Err(_) => {
                                return err(
                                    ErrorKind::Value,
                                    format!(
                                        "invalid literal for int() with base {base}: {}",
                                        v.repr()
                                    ),
                                )
                            }
                        }
                    }
                    _ => {
                        return err(
                            ErrorKind::Type,
                            format!(
                                "int() argument must be a string or a number, not '{}'",
                                v.type_name()
                            ),
                        )
                    }
                }
            }
            "float" => {
                let v = a.first().cloned().unwrap_or(Value::Float(0.0));
                Value::Float(match &v {
                    Value::Int(i) => *i as f64,
                    Value::Float(f) => *f,
                    Value::Dec(d) => d.to_f64(),
                    Value::Bool(b) => *b as i64 as f64,
                    Value::Str(s) => s.trim().parse().map_err(|_| {
                        Error::at_none(
                            ErrorKind::Value,
                            format!("could not convert string to float: {}", v.repr()),
                        )
                    })?,
                    _ => {
                        return err(
                            ErrorKind::Type,
                            format!(
                                "float() argument must be a string or a number, not '{}'",
                                v.type_name()
                            ),
                        )
                    }
                })
            }
            "bool" => Value::Bool(a.first().is_some_and(|v| v.truthy())),
            "list" | "tuple" | "set" => {
                let items = match a.first() {
                    Some(v) => self.iterate(v)?,
                    None => Vec::new(),
                };
                match name {
                    "list" => Value::list(items),
                    "tuple" => Value::Tuple(Rc::new(items)),
                    _ => {
                        let mut seen = IndexMap::new();
                        for v in items {
                            seen.entry(hashable(&v)?).or_insert(v);
                        }
                        Value::list(seen.into_values().collect())
                    }
                }
            }
            "dict" => {
                let mut m = IndexMap::new();
                if let Some(v) = a.first() {
                    let pairs = match v {
                        Value::Dict(d) => d
                            .borrow()
                            .values()
                            .map(|(k, v)| Value::Tuple(Rc::new(vec![k.clone(), v.clone()])))
                            .collect(),
                        Value::Sessions(s) => (0..s.sessions.len())
                            .map(|i| {
                                Value::Tuple(Rc::new(vec![
                                    Value::Str(s.key_texts()[i].clone()),
                                    self.packets_value(s.list(i)),
                                ]))
                            })
                            .collect(),
                        _ => self.iterate(v)?,
                    };
                    for p in pairs {
                        let kv = self.iterate(&p)?;
                        if kv.len() != 2 {
                            return err(
                                ErrorKind::Value,
                                "dictionary update sequence element has the wrong length",
                            );
                        }
                        m.insert(hashable(&kv[0])?, (kv[0].clone(), kv[1].clone()));
                    }
                }
                for (key, v) in k {
                    let kv = Value::str(key);
                    m.insert(hashable(&kv)?, (kv, v.clone()));
                }
                Value::Dict(Rc::new(RefCell::new(m)))
            }
            "range" => {
                let ints: Vec<i64> = a
                    .iter()
                    .map(|v| match v {
                        Value::Int(i) => Ok(*i),
                        _ => err(
                            ErrorKind::Type,
                            format!(
                                "'{}' object cannot be interpreted as an integer",
                                v.type_name()
                            ),
                        ),
                    })
                    .collect::<R<_>>()?;
                let (s, e, st) = match ints.len() {
                    1 => (0, ints[0], 1),
                    2 => (ints[0], ints[1], 1),
                    3 => (ints[0], ints[1], ints[2]),
                    _ => return err(ErrorKind::Type, "range expected 1 to 3 arguments"),
                };
                if st == 0 {
                    return err(ErrorKind::Value, "range() arg 3 must not be zero");
                }
                super::eval::check_size(((e as i128 - s as i128) / st as i128).max(0) as u128)?;
                let mut out = Vec::new();
                let mut i = s;
                while (st > 0 && i < e) || (st < 0 && i > e) {
                    out.push(Value::Int(i));
                    i += st;
                }
                Value::list(out)
            }
            "enumerate" => {
                let items = self.iterate(need(name, a, k, 0, "iterable")?)?;
                let start = match arg(a, k, 1, "start") {
                    Some(Value::Int(i)) => *i,
                    _ => 0,
                };
                Value::list(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| Value::Tuple(Rc::new(vec![Value::Int(start + i as i64), v])))
                        .collect(),
                )
            }
            "filter" | "map" => {
                let f = need(name, a, k, 0, "function")?.clone();
                let items = self.iterate(need(name, a, k, 1, "iterable")?)?;
                let mut out = Vec::new();
                for v in items {
                    let r = if matches!(f, Value::None) {
                        v.clone()
                    } else {
                        self.call(&f, vec![v.clone()], vec![])?
                    };
                    if name == "map" {
                        out.push(r);
                    } else if r.truthy() {
                        out.push(v);
                    }
                }
                Value::list(out)
            }
            "zip" => {
                let lists: Vec<Vec<Value>> = a.iter().map(|v| self.iterate(v)).collect::<R<_>>()?;
                let n = lists.iter().map(|l| l.len()).min().unwrap_or(0);
                Value::list(
                    (0..n)
                        .map(|i| {
                            Value::Tuple(Rc::new(lists.iter().map(|l| l[i].clone()).collect()))
                        })
                        .collect(),
                )
            }
            "sorted" => {
                let items = self.iterate(need(name, a, k, 0, "iterable")?)?;
                let key = arg(&[], k, 0, "key").cloned();
                let reverse = arg(&[], k, 0, "reverse").is_some_and(|v| v.truthy());
                Value::list(self.sort_values(items, key, reverse)?)
            }
            "min" | "max" => {
                let items = if a.len() == 1 {
                    self.iterate(&a[0])?
                } else {
                    a.to_vec()
                };
                if items.is_empty() {
                    if let Some(d) = arg(&[], k, 0, "default") {
                        return Ok(d.clone());
                    }
                    return err(
                        ErrorKind::Value,
                        format!("{name}() arg is an empty sequence"),
                    );
                }
                let key = arg(&[], k, 0, "key").cloned();
                let mut best = items[0].clone();
                let mut best_k = match &key {
                    Some(f) => self.call(f, vec![best.clone()], vec![])?,
                    None => best.clone(),
                };
                for v in items.into_iter().skip(1) {
                    let kv = match &key {
                        Some(f) => self.call(f, vec![v.clone()], vec![])?,
                        None => v.clone(),
                    };
                    let ord = compare_values(&kv, &best_k).ok_or_else(|| {
                        Error::at_none(
                            ErrorKind::Type,
                            format!(
                                "'<' not supported between instances of '{}' and '{}'",
                                kv.type_name(),
                                best_k.type_name()
                            ),
                        )
                    })?;
                    if (name == "min" && ord.is_lt()) || (name == "max" && ord.is_gt()) {
                        best = v;
                        best_k = kv;
                    }
                }
                best
            }
            "sum" => {
                let items = self.iterate(need(name, a, k, 0, "iterable")?)?;
                let mut acc = arg(a, k, 1, "start").cloned().unwrap_or(Value::Int(0));
                for v in items {
                    acc = self.binop("+", &acc, &v)?;
                }
                acc
            }
            "abs" => match need(name, a, k, 0, "x")? {
                Value::Int(i) => Value::Int(i.wrapping_abs()),
                Value::Float(f) => Value::Float(f.abs()),
                Value::Dec(d) => Value::Dec(Decimal::new(d.mantissa.abs(), d.scale)),
                v => {
                    return err(
                        ErrorKind::Type,
                        format!("bad operand type for abs(): '{}'", v.type_name()),
                    )
                }
            },
            "round" => {
                let v = need(name, a, k, 0, "number")?;
                let nd = match arg(a, k, 1, "ndigits") {
                    Some(Value::Int(i)) => Some(*i),
                    _ => None,
                };
                let x = match v {
                    Value::Int(i) => *i as f64,
                    Value::Float(f) => *f,
                    Value::Dec(d) => d.to_f64(),
                    _ => return err(ErrorKind::Type, "round() needs a number"),
                };
                match nd {
                    None => Value::Int(round_half_even(x) as i64),
                    Some(n) => {
                        let p = 10f64.powi(n as i32);
                        Value::Float(round_half_even(x * p) / p)
                    }
                }
            }
            "any" | "all" => {
                let items = self.iterate(need(name, a, k, 0, "iterable")?)?;
                Value::Bool(if name == "any" {
                    items.iter().any(|v| v.truthy())
                } else {
                    items.iter().all(|v| v.truthy())
                })
            }
            "isinstance" => {
                let v = need(name, a, k, 0, "obj")?;
                let t = need(name, a, k, 1, "class")?;
                let names: Vec<String> = match t {
                    Value::Tuple(ts) => ts.iter().map(|x| x.to_str()).collect(),
                    x => vec![x.to_str()],
                };
                let tn = v.type_name();
                Value::Bool(names.iter().any(|n| {
                    n.contains(&format!("function {tn}>"))
                        || n.ends_with(&format!(".{tn}'>"))
                        || n.ends_with(&format!("scapy.layers.{tn}'>"))
                }))
            }
            "hex" => match need(name, a, k, 0, "x")? {
                Value::Int(i) => Value::str(&if *i < 0 {
                    format!("-{:#x}", i.unsigned_abs())
                } else {
                    format!("{i:#x}")
                }),
                v => {
                    return err(
                        ErrorKind::Type,
                        format!(
                            "'{}' object cannot be interpreted as an integer",
                            v.type_name()
                        ),
                    )
                }
            },
            "hexdump" => {
                let v = need(name, a, k, 0, "p")?;
                let bytes: Vec<u8> = match v {
                    Value::Packet(p) => p.data().to_vec(),
                    Value::Layer(l) => {
                        let d = l.pkt.dissect();
                        l.pkt.data()[d.layers()[l.layer].start as usize..].to_vec()
                    }
                    Value::Bytes(b) => b.to_vec(),
                    Value::Str(s) => s.as_bytes().to_vec(),
                    _ => {
                        return err(
                            ErrorKind::Type,
                            format!("hexdump() needs a packet or bytes, not {}", v.type_name()),
                        )
                    }
                };
                let t = hexdump_text(&bytes);
                self.write(&t)?;
                Value::None
            }
            "ls" => {
                let v = need(name, a, k, 0, "obj")?;
                match v {
                    Value::Packet(p) => {
                        let t = ls_text(p, 0);
                        self.write(&t)?
                    }
                    Value::Layer(l) => {
                        let t = ls_text(&l.pkt, l.layer);
                        self.write(&t)?
                    }
                    _ => {
                        // Scapy's ls(): every layer class and its name, sorted.
                        let mut all: Vec<_> = crate::dissect::layers::classes().collect();
                        all.sort_by_key(|c| c.name);
                        let t: String = all
                            .iter()
                            .map(|c| format!("{:<10} : {}\n", c.name, c.display))
                            .collect();
                        self.write(&t)?
                    }
                }
                Value::None
            }
            "raw" | "bytes" => match need(name, a, k, 0, "x")? {
                Value::Packet(p) => Value::Bytes(p.data().into()),
                Value::Layer(l) => {
                    let d = l.pkt.dissect();
                    Value::Bytes(l.pkt.data()[d.layers()[l.layer].start as usize..].into())
                }
                Value::Bytes(b) => Value::Bytes(b.clone()),
                Value::Str(s) => Value::Bytes(s.as_bytes().into()),
                v => {
                    return err(
                        ErrorKind::Type,
                        format!("cannot convert '{}' object to bytes", v.type_name()),
                    )
                }
            },
            "help" => {
                let t = super::help::help(a.first());
                self.write(&t)?;
                Value::None
            }
            "dir" => match a.first() {
                None => {
                    let mut names: Vec<String> = self.globals.keys().cloned().collect();
                    names.sort();
                    Value::list(names.iter().map(|n| Value::str(n)).collect())
                }
                Some(v) => Value::list(attributes(v).iter().map(|n| Value::str(n)).collect()),
            },
            _ => return err(ErrorKind::Name, format!("'{name}' cannot be called")),
        })
    }

    /// The packets of a value: a packet list, a packet, or a list of packets.
    pub(super) fn packet_refs(&mut self, v: &Value) -> R<Vec<PacketRef>> {
        match v {
            Value::Packet(p) => Ok(vec![p.clone()]),
            Value::Layer(l) => Ok(vec![l.pkt.clone()]),
            _ => self
                .iterate(v)?
                .into_iter()
                .map(|x| match x {
                    Value::Packet(p) => Ok(p),
                    other => err(
                        ErrorKind::Type,
                        format!("expected packets, found {}", other.type_name()),
                    ),
                })
                .collect(),
        }
    }

    fn sort_values(
        &mut self,
        items: Vec<Value>,
        key: Option<Value>,
        reverse: bool,
    ) -> R<Vec<Value>> {
        let mut keyed: Vec<(Value, Value)> = Vec::with_capacity(items.len());
        for v in items {
            let kv = match &key {
                Some(f) if !matches!(f, Value::None) => self.call(f, vec![v.clone()], vec![])?,
                _ => v.clone(),
            };
            keyed.push((kv, v));
        }
        let mut failed: Option<Error> = None;
        keyed.sort_by(|x, y| {
            let o = compare_values(&x.0, &y.0);
            if o.is_none() && failed.is_none() {
                failed = Some(Error::at_none(
                    ErrorKind::Type,
                    format!(
                        "'<' not supported between instances of '{}' and '{}'",
                        x.0.type_name(),
                        y.0.type_name()
                    ),
                ));
            }
            let o = o.unwrap_or(std::cmp::Ordering::Equal);
            if reverse {
                o.reverse()
            } else {
                o
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        Ok(keyed.into_iter().map(|(_, v)| v).collect())
    }

    /// `split(dir, overwrite=False)` of sessions and conversations.
    fn split_groups(
        &mut self,
        cap: &Arc<Capture>,
        groups: &[(String, &[u32])],
        a: &[Value],
        k: &[(String, Value)],
    ) -> R<Value> {
        let dir = need("split", a, k, 0, "dir")?.to_str();
        let overwrite = arg(a, k, 1, "overwrite").is_some_and(|v| v.truthy());
        let show = self.progress;
        let mut last = std::time::Instant::now();
        let mut progress = |done: usize, total: usize| {
            if show && (done == total || last.elapsed().as_millis() > 100) {
                last = std::time::Instant::now();
                eprint!("\rwriting {done}/{total} files");
                if done == total {
                    eprintln!();
                }
            }
        };
        let n = crate::capture::write::write_groups(
            cap,
            groups,
            std::path::Path::new(&dir),
            overwrite,
            &mut progress,
        )
        .map_err(|e| Error::at_none(ErrorKind::File, e))?;
        Ok(Value::Int(n as i64))
    }

    pub(super) fn call_method(
        &mut self,
        obj: &Value,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
    ) -> R<Value> {
        let a = &args[..];
        let k = &kwargs[..];
        match obj {
            Value::Packets(pl) => match name {
                "summary" | "nsummary" | "show" => {
                    let mut out = String::new();
                    let lfilter = arg(&[], k, 0, "lfilter").cloned();
                    for i in 0..pl.len() {
                        if i % 4096 == 0 {
                            self.check_interrupt()?;
                        }
                        let idx = pl.at(i) as usize;
                        if let Some(f) = &lfilter {
                            let p = Value::Packet(PacketRef {
                                cap: pl.cap.clone(),
                                index: idx as u32,
                            });
                            if !self.call(f, vec![p], vec![])?.truthy() {
                                continue;
                            }
                        }
                        let d = crate::dissect::dissect(pl.cap.linktype(idx), pl.cap.packet(idx));
                        if name != "summary" {
                            out.push_str(&format!("{i:04} "));
                        }
                        out.push_str(&crate::dissect::summary(&d));
                        out.push('\n');
                        if out.len() > 1 << 16 {
                            self.write(&out)?;
                            out.clear();
                        }
                    }
                    self.write(&out)?;
                    Ok(Value::None)
                }
                "sessions" => {
                    let s = crate::session::sessions(&pl.cap, pl.idx.as_ref().map(|v| &v[..]));
                    Ok(Value::Sessions(Rc::new(SessionsVal::new(
                        pl.cap.clone(),
                        s,
                    ))))
                }
                "filter" => {
                    let f = need(name, a, k, 0, "func")?.clone();
                    let mut keep = Vec::new();
                    for i in 0..pl.len() {
                        let p = Value::Packet(PacketRef {
                            cap: pl.cap.clone(),
                            index: pl.at(i),
                        });
                        if self.call(&f, vec![p], vec![])?.truthy() {
                            keep.push(pl.at(i));
                        }
                    }
                    Ok(self.packets_value(PacketList::new(
                        pl.cap.clone(),
                        Some(Rc::new(keep)),
                        format!("filtered {}", pl.name),
                    )))
                }
                "conversations" => {
                    let timeout = match arg(a, k, 0, "timeout") {
                        None => Some(Decimal::from_int(120)),
                        Some(Value::None) => None,
                        Some(Value::Int(t)) if *t > 0 => Some(Decimal::from_int(*t)),
                        Some(Value::Float(t)) if *t > 0.0 => {
                            Some(Decimal::new((*t * 1e9).round() as i128, 9))
                        }
                        Some(Value::Dec(t)) => Some(*t),
                        Some(v) => {
                            return err(
                                ErrorKind::Type,
                                format!("timeout is a number of seconds or None, not {}", v.repr()),
                            )
                        }
                    };
                    let list = crate::session::conv::conversations(
                        &pl.cap,
                        pl.idx.as_ref().map(|v| &v[..]),
                        timeout,
                    );
                    let convs = list
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| (i, Rc::new(c)))
                        .collect();
                    Ok(Value::Conversations(Rc::new(ConvVal::new(
                        pl.cap.clone(),
                        convs,
                    ))))
                }
                "follow" | "payload" => {
                    let (conv, tcp) = one_conversation(pl)?;
                    let chunks =
                        crate::session::follow::follow(&pl.cap, &conv.packets, &conv.a, tcp);
                    if name == "payload" {
                        let side = match arg(a, k, 0, "side") {
                            None => "client".to_string(),
                            Some(v) => v.to_str(),
                        };
                        let from_a = match side.as_str() {
                            "client" | "a" | "initiator" => true,
                            "server" | "b" | "responder" => false,
                            other => {
                                return err(
                                    ErrorKind::Value,
                                    format!("payload() takes 'client' or 'server', not {other:?}"),
                                )
                            }
                        };
                        return Ok(Value::Bytes(
                            crate::session::follow::payload(&chunks, from_a).into(),
                        ));
                    }
                    let mode = arg(a, k, 0, "mode")
                        .map(|v| v.to_str())
                        .unwrap_or_else(|| "ascii".into());
                    if !matches!(mode.as_str(), "ascii" | "hex" | "raw") {
                        return err(
                            ErrorKind::Value,
                            format!("follow() mode is 'ascii', 'hex' or 'raw', not {mode:?}"),
                        );
                    }
                    let text = crate::render::follow::follow_text(
                        &chunks,
                        &conv.key(),
                        &conv.a.to_string(),
                        &conv.b.to_string(),
                        if tcp { "tcp" } else { "udp" },
                        &mode,
                        self.opts.color,
                    );
                    self.write(&text)?;
                    self.write("\n")?;
                    Ok(Value::None)
                }
                "times" => {
                    let mode = arg(a, k, 0, "mode")
                        .map(|v| v.to_str())
                        .unwrap_or_else(|| "abs".into());
                    let origin = if pl.cap.is_empty() {
                        Decimal::from_int(0)
                    } else {
                        pl.cap.timestamp(0)
                    };
                    let mut prev: Option<Decimal> = None;
                    let mut out = Vec::with_capacity(pl.len());
                    for i in 0..pl.len() {
                        let t = pl.cap.timestamp(pl.at(i) as usize);
                        out.push(match mode.as_str() {
                            "abs" => Value::Dec(t),
                            "rel" => Value::Dec(t - origin),
                            "delta" => Value::Dec(t - prev.unwrap_or(t)),
                            "iso" => Value::str(&crate::time::iso_time(t)),
                            other => {
                                return err(
                                    ErrorKind::Value,
                                    format!(
                                    "times() takes 'abs', 'rel', 'delta' or 'iso', not {other:?}"
                                ),
                                )
                            }
                        });
                        prev = Some(t);
                    }
                    Ok(Value::Times(Rc::new(out)))
                }
                "hexdump" => {
                    for i in 0..pl.len() {
                        let idx = pl.at(i) as usize;
                        let d = crate::dissect::dissect(pl.cap.linktype(idx), pl.cap.packet(idx));
                        let t = format!(
                            "{i:04} {} {}\n{}",
                            local_time(&pl.cap, idx),
                            crate::dissect::summary(&d),
                            hexdump_text(pl.cap.packet(idx))
                        );
                        self.write(&t)?;
                    }
                    Ok(Value::None)
                }
                _ => unknown_method(obj, name),
            },
            Value::Sessions(s) => match name {
                "keys" => Ok(Value::View(
                    "dict_keys",
                    Rc::new(
                        s.key_texts()
                            .iter()
                            .map(|k| Value::Str(k.clone()))
                            .collect(),
                    ),
                )),
                "values" => Ok(Value::View(
                    "dict_values",
                    Rc::new(
                        (0..s.sessions.len())
                            .map(|i| self.packets_value(s.list(i)))
                            .collect(),
                    ),
                )),
                "items" | "iteritems" => {
                    let kind = if name == "items" {
                        "dict_items"
                    } else {
                        "dict_itemiterator"
                    };
                    Ok(Value::View(
                        kind,
                        Rc::new(
                            (0..s.sessions.len())
                                .map(|i| {
                                    Value::Tuple(Rc::new(vec![
                                        Value::Str(s.key_texts()[i].clone()),
                                        self.packets_value(s.list(i)),
                                    ]))
                                })
                                .collect(),
                        ),
                    ))
                }
                "split" => {
                    let groups: Vec<(String, &[u32])> = (0..s.sessions.len())
                        .map(|i| (s.key_texts()[i].to_string(), s.sessions.packets(i)))
                        .collect();
                    self.split_groups(&s.cap, &groups, a, k)
                }
                "get" => {
                    let key = need(name, a, k, 0, "key")?;
                    match key {
                        Value::Str(t) => match s.find(t) {
                            Some(i) => Ok(self.packets_value(s.list(i))),
                            None => Ok(a.get(1).cloned().unwrap_or(Value::None)),
                        },
                        _ => Ok(a.get(1).cloned().unwrap_or(Value::None)),
                    }
                }
                _ => unknown_method(obj, name),
            },
            Value::Conversations(c) => match name {
                "keys" => Ok(Value::list(
                    c.key_texts()
                        .iter()
                        .map(|k| Value::Str(k.clone()))
                        .collect(),
                )),
                "values" => Ok(Value::list(
                    (0..c.convs.len())
                        .map(|i| self.packets_value(c.list(i)))
                        .collect(),
                )),
                "items" => Ok(Value::list(
                    (0..c.convs.len())
                        .map(|i| {
                            Value::Tuple(Rc::new(vec![
                                Value::Str(c.key_texts()[i].clone()),
                                self.packets_value(c.list(i)),
                            ]))
                        })
                        .collect(),
                )),
                "sort" => {
                    let by = arg(a, k, 0, "by")
                        .map(|v| v.to_str())
                        .unwrap_or_else(|| "bytes".into());
                    let mut v = c.convs.clone();
                    match by.as_str() {
                        "bytes" => v.sort_by_key(|(_, x)| std::cmp::Reverse(x.bytes())),
                        "packets" => v.sort_by_key(|(_, x)| std::cmp::Reverse(x.packets.len())),
                        "duration" => v.sort_by_key(|(_, x)| std::cmp::Reverse(x.end - x.start)),
                        "start" => v.sort_by_key(|(_, x)| x.start),
                        other => return err(ErrorKind::Value, format!("sort() takes 'bytes', 'packets', 'duration' or 'start', not {other:?}")),
                    }
                    Ok(Value::Conversations(Rc::new(ConvVal::new(
                        c.cap.clone(),
                        v,
                    ))))
                }
                "head" => {
                    let n = match arg(a, k, 0, "n") {
                        None => 10,
                        Some(Value::Int(n)) if *n >= 0 => *n as usize,
                        Some(v) => {
                            return err(
                                ErrorKind::Type,
                                format!("head() takes a count, not {}", v.repr()),
                            )
                        }
                    };
                    let v = c.convs.iter().take(n).cloned().collect();
                    Ok(Value::Conversations(Rc::new(ConvVal::new(
                        c.cap.clone(),
                        v,
                    ))))
                }
                "grep" => {
                    let t = need(name, a, k, 0, "text")?.to_str();
                    let v = c
                        .convs
                        .iter()
                        .zip(c.key_texts())
                        .filter(|(_, key)| key.contains(&t))
                        .map(|(x, _)| x.clone())
                        .collect();
                    Ok(Value::Conversations(Rc::new(ConvVal::new(
                        c.cap.clone(),
                        v,
                    ))))
                }
                "split" => {
                    let groups: Vec<(String, &[u32])> = c
                        .convs
                        .iter()
                        .zip(c.key_texts())
                        .map(|((_, x), key)| (key.to_string(), &x.packets[..]))
                        .collect();
                    self.split_groups(&c.cap, &groups, a, k)
                }
                _ => unknown_method(obj, name),
            },
            Value::Bytes(b) => match name {
                "save" => {
                    let path = need(name, a, k, 0, "path")?.to_str();
                    std::fs::write(&path, &b[..])
                        .map_err(|e| Error::at_none(ErrorKind::File, format!("{path}: {e}")))?;
                    Ok(Value::Int(b.len() as i64))
                }
                "hex" => Ok(Value::str(
                    &b.iter().map(|x| format!("{x:02x}")).collect::<String>(),
                )),
                "decode" => Ok(Value::str(&String::from_utf8_lossy(b))),
                _ => unknown_method(obj, name),
            },
            Value::Packet(_) | Value::Layer(_) => {
                let (p, from) = match obj {
                    Value::Packet(p) => (p.clone(), 0),
                    Value::Layer(l) => (l.pkt.clone(), l.layer),
                    _ => unreachable!(),
                };
                match name {
                    "summary" => Ok(Value::str(&crate::dissect::summary_from(
                        &p.dissect(),
                        from,
                    ))),
                    "haslayer" => {
                        let l = need(name, a, k, 0, "cls")?;
                        Ok(Value::Bool(self.contains(obj, l)?))
                    }
                    "getlayer" => {
                        let l = need(name, a, k, 0, "cls")?;
                        match self.index(obj, l) {
                            Ok(v) => Ok(v),
                            Err(_) => Ok(Value::None),
                        }
                    }
                    "layers" => {
                        let d = p.dissect();
                        Ok(Value::list(
                            d.layers()[from..]
                                .iter()
                                .map(|l| Value::LayerClass(l.proto.class_name()))
                                .collect(),
                        ))
                    }
                    "sprintf" => {
                        let f = need(name, a, k, 0, "fmt")?.to_str();
                        Ok(Value::str(&sprintf(&p, from, &f)?))
                    }
                    "show" => {
                        let t = show_text(&p, from);
                        self.write(&t)?;
                        Ok(Value::None)
                    }
                    _ => unknown_method(obj, name),
                }
            }
            Value::Str(s) => self.str_method(s, name, a, k),
            Value::Dict(d) => match name {
                "get" => {
                    let key = need(name, a, k, 0, "key")?;
                    Ok(d.borrow()
                        .get(&hashable(key)?)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None)))
                }
                "keys" => Ok(Value::View(
                    "dict_keys",
                    Rc::new(d.borrow().values().map(|(k, _)| k.clone()).collect()),
                )),
                "values" => Ok(Value::View(
                    "dict_values",
                    Rc::new(d.borrow().values().map(|(_, v)| v.clone()).collect()),
                )),
                "items" | "iteritems" => Ok(Value::View(
                    if name == "items" {
                        "dict_items"
                    } else {
                        "dict_itemiterator"
                    },
                    Rc::new(
                        d.borrow()
                            .values()
                            .map(|(k, v)| Value::Tuple(Rc::new(vec![k.clone(), v.clone()])))
                            .collect(),
                    ),
                )),
                "setdefault" => {
                    let key = need(name, a, k, 0, "key")?.clone();
                    let hk = hashable(&key)?;
                    let default = a.get(1).cloned().unwrap_or(Value::None);
                    let mut m = d.borrow_mut();
                    Ok(m.entry(hk).or_insert((key, default)).1.clone())
                }
                "pop" => {
                    let key = need(name, a, k, 0, "key")?;
                    match d.borrow_mut().shift_remove(&hashable(key)?) {
                        Some((_, v)) => Ok(v),
                        None => a
                            .get(1)
                            .cloned()
                            .ok_or_else(|| Error::at_none(ErrorKind::Key, key.repr())),
                    }
                }
                "most_common" => {
                    let mut items: Vec<(Value, Value)> = d.borrow().values().cloned().collect();
                    // Stable: equal counts keep their first-seen order, as in Python.
                    items.sort_by(|x, y| {
                        compare_values(&y.1, &x.1).unwrap_or(std::cmp::Ordering::Equal)
                    });
                    if let Some(Value::Int(n)) = a.first() {
                        items.truncate((*n).max(0) as usize);
                    }
                    Ok(Value::list(
                        items
                            .into_iter()
                            .map(|(k, v)| Value::Tuple(Rc::new(vec![k, v])))
                            .collect(),
                    ))
                }
                "update" => {
                    if let Some(Value::Dict(o)) = a.first() {
                        let items: Vec<_> = o
                            .borrow()
                            .iter()
                            .map(|(h, kv)| (h.clone(), kv.clone()))
                            .collect();
                        d.borrow_mut().extend(items);
                    }
                    Ok(Value::None)
                }
                _ => unknown_method(obj, name),
            },
            Value::List(l) => match name {
                "append" => {
                    l.borrow_mut().push(need(name, a, k, 0, "object")?.clone());
                    Ok(Value::None)
                }
                "extend" => {
                    let items = self.iterate(need(name, a, k, 0, "iterable")?)?;
                    l.borrow_mut().extend(items);
                    Ok(Value::None)
                }
                "pop" => {
                    let n = l.borrow().len();
                    if n == 0 {
                        return err(ErrorKind::Index, "pop from empty list");
                    }
                    let i = match a.first() {
                        Some(v) => norm_index(v, n)?,
                        None => n - 1,
                    };
                    Ok(l.borrow_mut().remove(i))
                }
                "sort" => {
                    let items = l.borrow().clone();
                    let key = arg(&[], k, 0, "key").cloned();
                    let reverse = arg(&[], k, 0, "reverse").is_some_and(|v| v.truthy());
                    let sorted = self.sort_values(items, key, reverse)?;
                    *l.borrow_mut() = sorted;
                    Ok(Value::None)
                }
                "reverse" => {
                    l.borrow_mut().reverse();
                    Ok(Value::None)
                }
                "index" => {
                    let x = need(name, a, k, 0, "value")?;
                    let pos = l
                        .borrow()
                        .iter()
                        .position(|v| super::eval::values_equal(v, x));
                    pos.map(|p| Value::Int(p as i64)).ok_or_else(|| {
                        Error::at_none(ErrorKind::Value, format!("{} is not in list", x.repr()))
                    })
                }
                "count" => {
                    let x = need(name, a, k, 0, "value")?;
                    Ok(Value::Int(
                        l.borrow()
                            .iter()
                            .filter(|v| super::eval::values_equal(v, x))
                            .count() as i64,
                    ))
                }
                _ => unknown_method(obj, name),
            },
            _ => unknown_method(obj, name),
        }
    }

    fn str_method(&mut self, s: &str, name: &str, a: &[Value], k: &[(String, Value)]) -> R<Value> {
        let text = |i: usize, n: &str| -> R<Option<String>> {
            match arg(a, k, i, n) {
                None | Some(Value::None) => Ok(None),
                Some(Value::Str(t)) => Ok(Some(t.to_string())),
                Some(v) => err(
                    ErrorKind::Type,
                    format!("must be str, not {}", v.type_name()),
                ),
            }
        };
        Ok(match name {
            "split" => {
                let sep = text(0, "sep")?;
                let max = match arg(a, k, 1, "maxsplit") {
                    Some(Value::Int(m)) if *m >= 0 => Some(*m as usize),
                    _ => None,
                };
                let parts: Vec<String> = match (&sep, max) {
                    (Some(sep), Some(m)) => {
                        s.splitn(m + 1, sep.as_str()).map(String::from).collect()
                    }
                    (Some(sep), None) => s.split(sep.as_str()).map(String::from).collect(),
                    (None, Some(m)) => {
                        let mut v: Vec<String> = Vec::new();
                        let mut rest = s.trim_start();
                        while !rest.is_empty() {
                            if v.len() == m {
                                v.push(rest.to_string());
                                break;
                            }
                            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                            v.push(rest[..end].to_string());
                            rest = rest[end..].trim_start();
                        }
                        v
                    }
                    (None, None) => s.split_whitespace().map(String::from).collect(),
                };
                Value::list(parts.iter().map(|p| Value::str(p)).collect())
            }
            "join" => {
                let items = self.iterate(need(name, a, k, 0, "iterable")?)?;
                let parts: Vec<String> = items
                    .iter()
                    .map(|v| match v {
                        Value::Str(t) => Ok(t.to_string()),
                        o => err(
                            ErrorKind::Type,
                            format!(
                                "sequence item: expected str instance, {} found",
                                o.type_name()
                            ),
                        ),
                    })
                    .collect::<R<_>>()?;
                Value::str(&parts.join(s))
            }
            "strip" | "lstrip" | "rstrip" => {
                let chars = text(0, "chars")?;
                let pred = |c: char| match &chars {
                    Some(cs) => cs.contains(c),
                    None => c.is_whitespace(),
                };
                Value::str(match name {
                    "strip" => s.trim_matches(pred),
                    "lstrip" => s.trim_start_matches(pred),
                    _ => s.trim_end_matches(pred),
                })
            }
            "startswith" | "endswith" => {
                let v = need(name, a, k, 0, "prefix")?;
                let opts: Vec<String> = match v {
                    Value::Tuple(t) => t.iter().map(|x| x.to_str()).collect(),
                    x => vec![x.to_str()],
                };
                Value::Bool(opts.iter().any(|o| {
                    if name == "startswith" {
                        s.starts_with(o.as_str())
                    } else {
                        s.ends_with(o.as_str())
                    }
                }))
            }
            "ljust" | "rjust" | "center" | "zfill" => {
                let w = match arg(a, k, 0, "width") {
                    Some(Value::Int(w)) => (*w).max(0) as usize,
                    _ => return err(ErrorKind::Type, format!("{name}() needs a width")),
                };
                let fill = text(1, "fillchar")?
                    .and_then(|f| f.chars().next())
                    .unwrap_or(' ');
                let n = s.chars().count();
                if n >= w {
                    Value::str(s)
                } else {
                    let pad = |k: usize, c: char| std::iter::repeat_n(c, k).collect::<String>();
                    Value::str(&match name {
                        "ljust" => format!("{s}{}", pad(w - n, fill)),
                        "rjust" => format!("{}{s}", pad(w - n, fill)),
                        "center" => {
                            let left = (w - n) / 2 + (((w - n) % 2) & (w % 2));
                            format!("{}{s}{}", pad(left, fill), pad(w - n - left, fill))
                        }
                        _ => match s.strip_prefix(['-', '+']) {
                            Some(rest) => format!("{}{}{rest}", &s[..1], pad(w - n, '0')),
                            None => format!("{}{s}", pad(w - n, '0')),
                        },
                    })
                }
            }
            "isdigit" => Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
            "isalpha" => Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_alphabetic())),
            "title" | "capitalize" => {
                let mut out = String::new();
                let mut start = true;
                for (i, c) in s.chars().enumerate() {
                    if (name == "title" && start) || (name == "capitalize" && i == 0) {
                        out.extend(c.to_uppercase());
                    } else {
                        out.extend(c.to_lowercase());
                    }
                    start = !c.is_alphanumeric();
                }
                Value::str(&out)
            }
            "splitlines" => Value::list(s.lines().map(Value::str).collect()),
            "encode" => Value::Bytes(s.as_bytes().into()),
            "rsplit" => {
                let sep = text(0, "sep")?;
                let max = match arg(a, k, 1, "maxsplit") {
                    Some(Value::Int(m)) if *m >= 0 => Some(*m as usize),
                    _ => None,
                };
                let mut parts: Vec<String> = match (&sep, max) {
                    (Some(sep), Some(m)) => {
                        s.rsplitn(m + 1, sep.as_str()).map(String::from).collect()
                    }
                    (Some(sep), None) => s.rsplit(sep.as_str()).map(String::from).collect(),
                    (None, _) => s.split_whitespace().rev().map(String::from).collect(),
                };
                parts.reverse();
                Value::list(parts.iter().map(|p| Value::str(p)).collect())
            }
            "rfind" | "index" => {
                let sub = text(0, "sub")?.unwrap_or_default();
                let found = if name == "rfind" {
                    s.rfind(&sub)
                } else {
                    s.find(&sub)
                };
                match (found, name) {
                    (Some(b), _) => Value::Int(s[..b].chars().count() as i64),
                    (None, "rfind") => Value::Int(-1),
                    _ => return err(ErrorKind::Value, "substring not found"),
                }
            }
            "partition" => {
                let sep = text(0, "sep")?.unwrap_or_default();
                let parts = match s.split_once(sep.as_str()) {
                    Some((l, r)) => vec![Value::str(l), Value::str(&sep), Value::str(r)],
                    None => vec![Value::str(s), Value::str(""), Value::str("")],
                };
                Value::Tuple(Rc::new(parts))
            }
            "lower" => Value::str(&s.to_lowercase()),
            "upper" => Value::str(&s.to_uppercase()),
            "replace" => {
                let old = text(0, "old")?.unwrap_or_default();
                let new = text(1, "new")?.unwrap_or_default();
                Value::str(&s.replace(&old, &new))
            }
            "find" => {
                let sub = text(0, "sub")?.unwrap_or_default();
                Value::Int(s.find(&sub).map_or(-1, |b| s[..b].chars().count() as i64))
            }
            "count" => {
                let sub = text(0, "sub")?.unwrap_or_default();
                Value::Int(if sub.is_empty() {
                    s.chars().count() as i64 + 1
                } else {
                    s.matches(&sub).count() as i64
                })
            }
            "format" => {
                let mut ga = |v: &Value, n: &str| -> R<Value> { self.getattr(v, n) };
                Value::str(&format::str_format(s, a, k, &mut ga)?)
            }
            _ => return unknown_method(&Value::str(s), name),
        })
    }
}

/// The one TCP or UDP conversation of a packet list, for follow() and payload().
fn one_conversation(pl: &PacketList) -> R<(crate::session::conv::Conversation, bool)> {
    use crate::session::conv::{conversations, Kind};
    let all = conversations(&pl.cap, pl.idx.as_ref().map(|v| &v[..]), None);
    let mut flows: Vec<_> = all
        .into_iter()
        .filter(|c| matches!(c.kind, Kind::Tcp | Kind::Udp))
        .collect();
    match flows.len() {
        1 => {
            let c = flows.pop().unwrap();
            let tcp = c.kind == Kind::Tcp;
            Ok((c, tcp))
        }
        0 => err(
            ErrorKind::Value,
            "this list has no TCP or UDP conversation to follow",
        ),
        n => Err(Error::at_none(
            ErrorKind::Value,
            format!("this list holds {n} TCP/UDP conversations; follow one of them"),
        )
        .with_help("help: c = v.conversations(); c[0].follow()")),
    }
}

fn unknown_method(obj: &Value, name: &str) -> R<Value> {
    err(
        ErrorKind::Attribute,
        format!("'{}' object has no attribute '{name}'", obj.type_name()),
    )
}

fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

/// `%.time%`: time of day with microseconds, as Scapy's hexdump header shows it.
fn local_time(cap: &Arc<Capture>, i: usize) -> String {
    crate::time::time_of_day(cap.timestamp(i))
}

fn ls_text(p: &PacketRef, from: usize) -> String {
    crate::dissect::show::ls(&p.dissect(), from)
}

use std::io::Write;
