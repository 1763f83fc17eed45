//! The builtin functions (`python.rs`, `scapy.rs`), attribute lookup, and the helpers
//! that builtins and methods share.

pub mod build;
pub mod classes;
pub mod defrag;
pub mod python;
pub mod reader;
pub mod scapy;
pub mod teach;
pub mod types;
pub mod writers;

pub(crate) use types::{generator, iterator};

use std::rc::Rc;
use std::sync::Arc;

use super::commands;
use super::error::{Error, ErrorKind};
use super::eval::{compare_values, err, nearest, Interp, R};
use super::format;
use super::value::*;
use crate::capture::Capture;
use crate::dissect::field::FieldValue;

pub(crate) fn arg<'a>(
    args: &'a [Value],
    kwargs: &'a [(String, Value)],
    i: usize,
    name: &str,
) -> Option<&'a Value> {
    args.get(i)
        .or_else(|| kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v))
}

pub(crate) fn need<'a>(
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

/// Names that `dir(v)` and completion offer for a value.
pub fn attributes(v: &Value) -> Vec<String> {
    if let Value::Module(path) = v {
        return crate::lang::modules::names(path)
            .into_iter()
            .map(String::from)
            .collect();
    }
    let mut out: Vec<String> = match commands::owner_of(v) {
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

/// A field of a packet from layer `from` on, as Scapy's `getfieldval` finds it; None
/// where no layer has it.
fn packet_field(p: &PacketRef, from: usize, name: &str) -> R<Option<Value>> {
    if let Some(v) = build::field(p, from, name)? {
        return Ok(Some(v));
    }
    let d = p.dissect();
    for i in from..d.layers().len() {
        if let Some(f) = crate::dissect::field::find(d.fields(i), name) {
            return Ok(Some(to_value(f.value)));
        }
        // Every 802.11 element has `info` in Scapy, a field or not.
        if i == from && name == "info" {
            if let Some(b) = crate::dissect::layers::dot11elt::info_of(&d, i) {
                return Ok(Some(Value::Bytes(b.into())));
            }
        }
        // A field of the layer's class that this packet leaves out is None, and the
        // search stops there, as Scapy's `getfieldval` does.
        if d.layers()[i].proto.left_out(name) {
            return Ok(Some(Value::None));
        }
    }
    if name == "name" {
        return Ok(Some(Value::str(
            d.layers()
                .get(from)
                .map_or("Raw", |l| l.proto.display_name()),
        )));
    }
    Ok(None)
}

pub(crate) fn to_value(f: FieldValue) -> Value {
    match f {
        FieldValue::Int(i) => Value::Int(i),
        FieldValue::UInt(v) => Value::Big(Rc::new(num_bigint::BigInt::from(v))),
        FieldValue::Float(x) => Value::Float(x),
        FieldValue::Str(s) => Value::str(&s),
        FieldValue::Bytes(b) => Value::Bytes(b.into()),
        FieldValue::Flags(v, kind) => Value::Flags(v, kind),
        FieldValue::None => Value::None,
        FieldValue::List(l) => Value::list(l.into_iter().map(to_value).collect()),
        FieldValue::Tuple(t) => Value::Tuple(Rc::new(t.into_iter().map(to_value).collect())),
        FieldValue::Packets(l) | FieldValue::Inline(l) => {
            Value::list(l.into_iter().map(|n| Value::Record(Rc::new(n))).collect())
        }
        FieldValue::Asn1(b) => crate::lang::asn1::value(*b),
        FieldValue::Held(mut l) => {
            if l.is_empty() {
                return Value::None;
            }
            // The first packet, which keeps the layers after it as its payload.
            let rest = l.split_off(1);
            let mut first = l.swap_remove(0);
            if !rest.is_empty() {
                first.fields.push((
                    crate::dissect::field::PAYLOAD,
                    crate::dissect::field::held(rest),
                ));
            }
            Value::Record(Rc::new(first))
        }
        FieldValue::Group(items, order) => Value::list(
            order
                .iter()
                .filter_map(|&i| items.get(i).cloned())
                .map(|(n, f)| Value::Tuple(Rc::new(vec![Value::str(n), to_value(f.value)])))
                .collect(),
        ),
        FieldValue::Map(pairs) => Value::dict(
            pairs
                .into_iter()
                .filter_map(|(k, v)| {
                    let k = to_value(k);
                    let hk = crate::lang::eval::hashable(&k).ok()?;
                    Some((hk, (k, to_value(v))))
                })
                .collect(),
        ),
    }
}

pub(crate) fn hexdump_text(b: &[u8]) -> String {
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

pub(crate) fn show_text(p: &PacketRef, from: usize) -> String {
    crate::dissect::show::show(&p.dissect(), from)
}

/// The DNS layer at or after `from`: its parsed message.
pub(crate) fn dns_of(p: &PacketRef, from: usize) -> Option<crate::dissect::dns::Dns> {
    let d = p.dissect();
    d.find_dns(from).map(|i| d.dns(i))
}

/// Scapy's `Packet.sprintf`.
pub(crate) fn sprintf(p: &PacketRef, from: usize, fmt: &str) -> R<String> {
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
    pub(crate) fn getattr(&mut self, o: &Value, name: &str) -> R<Value> {
        if let Some(v) = self.user_attr(o, name)? {
            return Ok(v);
        }
        if name == "__class__" {
            return Ok(match o {
                Value::Packet(_) | Value::Layer(_) => Value::LayerClass(
                    crate::dissect::layers::class_by_name(o.type_name()).map_or("Raw", |c| c.name),
                ),
                _ => Value::Class(o.type_repr().into()),
            });
        }
        if name == "__name__" {
            let n = match o {
                Value::Class(c) => c
                    .trim_start_matches("<class '")
                    .trim_end_matches("'>")
                    .rsplit('.')
                    .next()
                    .map(String::from),
                Value::ExceptionClass(k) => Some(k.python_name().to_string()),
                Value::LayerClass(n) | Value::Builtin(n) => Some(n.to_string()),
                Value::Func(f) => Some(f.name.clone()),
                Value::Module(m) => Some(m.to_string()),
                _ => None,
            };
            if let Some(n) = n {
                return Ok(Value::str(&n));
            }
        }
        if let Value::Module(path) = o {
            return crate::lang::modules::attr(self, path, name);
        }
        // Class methods of builtin types: `int.from_bytes`, `bytes.fromhex`.
        if let Value::Builtin(b) = o {
            if let Ok(v) = crate::lang::modules::attr(self, b, name) {
                return Ok(v);
            }
        }
        // A class's own functions: `datetime.datetime.fromtimestamp`.
        if let Value::Function(c) = o {
            if let commands::Owner::Module(m) = c.owner {
                let path = format!("{m}.{}", c.name);
                if let Ok(v) = crate::lang::modules::attr(self, &path, name) {
                    return Ok(v);
                }
            }
        }
        // Methods and computed attributes from the command table first.
        if let Some(c) = commands::owner_of(o).and_then(|w| commands::find_method(w, name)) {
            return match c.run {
                commands::Run::Property(run) => {
                    self.allowed(c)?;
                    run(self, o)
                }
                _ => Ok(Value::Method(Box::new(o.clone()), c.name)),
            };
        }
        let pkt = match o {
            Value::Packet(p) => Some((p.clone(), 0)),
            Value::Layer(l) => Some((l.pkt.clone(), l.layer)),
            _ => None,
        };
        if let Some((p, from)) = pkt.clone() {
            if let Some(v) = packet_field(&p, from, name)? {
                return Ok(v);
            }
        }
        if let Value::Flags(v, k) = o {
            if let crate::dissect::field::FlagKind::Named(names) = k {
                if let Some(bit) = names.iter().position(|n| *n == name) {
                    return Ok(Value::Bool(*v & (1 << bit) != 0));
                }
            }
            let s = flags_str(*v, *k);
            if name.len() == 1 || matches!(name, "MF" | "DF" | "evil") {
                return Ok(Value::Bool(s.contains(name)));
            }
            if name == "value" {
                return Ok(Value::Int(*v as i64));
            }
        }
        if let Value::Dict(d) = o {
            if let Some((_, v)) = d.borrow().get(&super::value::HKey::str(name)) {
                return Ok(v.clone());
            }
        }
        if let Value::Record(r) = o {
            // Also a part of a field made of fields (NTLM's `Payload`), as Scapy's
            // `_NTLMPayloadPacket` finds them.
            if let Some(f) = crate::dissect::field::find(r.fields.clone(), name) {
                return Ok(to_value(f.value));
            }
            // Scapy's `name`: the class's display name.
            if name == "name" {
                return Ok(Value::str(r.display));
            }
            // The layers after it in the field that held it; None after the last (Scapy's
            // NoPayload, which is false too).
            if name == "payload" {
                return Ok(r
                    .fields
                    .iter()
                    .find(|(n, _)| *n == crate::dissect::field::PAYLOAD)
                    .map_or(Value::None, |(_, f)| to_value(f.value.clone())));
            }
        }
        // Scapy lets `p[DNS].qd.qname` reach into the first record of the list.
        if let Value::List(l) = o {
            let first = l.borrow().first().cloned();
            if let Some(Value::Record(_)) = &first {
                return self.getattr(first.as_ref().unwrap(), name);
            }
        }
        if let Value::Object(obj) = o {
            if let Some(v) = obj.attr(name) {
                return Ok(v);
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

    /// Runs a builtin function by its table entry.
    pub(crate) fn call_builtin(
        &mut self,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
    ) -> R<Value> {
        if let Some(c) = commands::find_builtin(name) {
            self.allowed(c)?;
        }
        match commands::find_builtin(name).map(|c| (c.name, c.run)) {
            Some((name, commands::Run::Builtin(run))) => run(
                self,
                &commands::Call {
                    name,
                    args: &args,
                    kwargs: &kwargs,
                },
            ),
            _ => err(ErrorKind::Name, format!("'{name}' cannot be called")),
        }
    }

    /// Runs a method of a value by its table entry.
    pub(crate) fn call_method(
        &mut self,
        obj: &Value,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
    ) -> R<Value> {
        let entry = commands::owner_of(obj).and_then(|o| commands::find_method(o, name));
        if let Some(c) = entry {
            self.allowed(c)?;
        }
        // `'{}'.format(obj)`: a script's objects are shown by their __str__.
        let (args, kwargs) = if name == "format" && matches!(obj, Value::Str(_)) {
            let a = args
                .iter()
                .map(|v| self.rendered(v))
                .collect::<R<Vec<_>>>()?;
            let k = kwargs
                .iter()
                .map(|(n, v)| Ok((n.clone(), self.rendered(v)?)))
                .collect::<R<Vec<_>>>()?;
            (a, k)
        } else {
            (args, kwargs)
        };
        match entry.map(|c| (c.name, c.run)) {
            Some((name, commands::Run::Method { run, .. })) => run(
                self,
                obj,
                &commands::Call {
                    name,
                    args: &args,
                    kwargs: &kwargs,
                },
            ),
            _ => unknown_method(obj, name),
        }
    }

    /// The packets of a value: a packet list, a packet, or a list of packets.
    pub(crate) fn packet_refs(&mut self, v: &Value) -> R<Vec<PacketRef>> {
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

    pub(crate) fn sort_values(
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
        if keyed.iter().any(|(k, _)| matches!(k, Value::Instance(_))) {
            // A script's class orders itself with `__lt__`: a stable merge sort that asks it.
            let mut sorted = self.merge_sort(keyed)?;
            if reverse {
                sorted.reverse();
            }
            return Ok(sorted.into_iter().map(|(_, v)| v).collect());
        }
        let mut failed: Option<Error> = None;
        keyed.sort_by(|x, y| {
            let o = compare_values(&x.0, &y.0);
            if o.is_none() && failed.is_none() {
                failed = Some(crate::lang::eval::not_ordered("<", &x.0, &y.0));
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

    /// Sorts (key, value) pairs by their keys with `<` as the language evaluates it
    /// (a script's `__lt__`), stably, as Python's sort does.
    fn merge_sort(&mut self, mut v: Vec<(Value, Value)>) -> R<Vec<(Value, Value)>> {
        if v.len() <= 1 {
            return Ok(v);
        }
        let right = v.split_off(v.len() / 2);
        let (left, right) = (self.merge_sort(v)?, self.merge_sort(right)?);
        let mut out = Vec::with_capacity(left.len() + right.len());
        let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
        while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
            let take_right = self.compare(crate::lang::ast::CmpOp::Lt, &b.0, &a.0)?;
            out.extend(if take_right { r.next() } else { l.next() });
        }
        out.extend(l);
        out.extend(r);
        Ok(out)
    }

    /// `split(dir, overwrite=False)` of sessions and conversations.
    pub(crate) fn split_groups(
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
        let interrupt = self.interrupt.clone();
        let mut progress = |done: usize, total: usize| {
            if show && (done == total || last.elapsed().as_millis() > 100) {
                last = std::time::Instant::now();
                eprint!("\rwriting {done}/{total} files");
                if done == total {
                    eprintln!();
                }
            }
            if interrupt.load(std::sync::atomic::Ordering::Relaxed) && done < total {
                if show {
                    eprintln!();
                }
                return Err(format!("stopped by Ctrl-C after {done} of {total} files"));
            }
            Ok(())
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
}

/// The one TCP or UDP conversation of a packet list, for follow() and payload().
pub(crate) fn one_conversation(pl: &PacketList) -> R<(crate::session::conv::Conversation, bool)> {
    use crate::session::conv::{conversations, Kind};
    if let Some(c) = pl
        .conv
        .as_ref()
        .filter(|c| matches!(c.kind, Kind::Tcp | Kind::Udp))
    {
        return Ok(((**c).clone(), c.kind == Kind::Tcp));
    }
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

/// Makes `this(obj, call)` in a method table's file: the value the method was called on,
/// as the kind of value the table is for (`receiver!(Str, Rc<str>)`).
macro_rules! receiver {
    ($variant:ident, $ty:ty) => {
        /// The value a method of this table was called on.
        fn this<'a>(obj: &'a Value, call: &Call) -> R<&'a $ty> {
            match obj {
                Value::$variant(x) => Ok(x),
                _ => unknown_method(obj, call.name),
            }
        }
    };
}
pub(crate) use receiver;

/// A string argument (`None` when absent or None), or a TypeError.
/// A TypeError for a keyword argument a method does not take (never silently ignored).
pub(crate) fn refuse_other_kwargs(name: &str, k: &[(String, Value)], allowed: &[&str]) -> R<()> {
    match k.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
        Some((bad, _)) => Err(Error::at_none(
            ErrorKind::Type,
            format!(
                "{name}() got an unexpected keyword argument '{bad}' (it takes {})",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

pub(crate) fn text_arg(a: &[Value], k: &[(String, Value)], i: usize, n: &str) -> R<Option<String>> {
    match arg(a, k, i, n) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(t)) => Ok(Some(t.to_string())),
        Some(v) => err(
            ErrorKind::Type,
            format!("must be str, not {}", v.type_name()),
        ),
    }
}

/// The packet a packet or layer value is in, and the layer it starts at.
pub(crate) fn packet_of(v: &Value) -> R<(PacketRef, usize)> {
    match v {
        Value::Packet(p) => Ok((p.clone(), 0)),
        Value::Layer(l) => Ok((l.pkt.clone(), l.layer)),
        _ => err(
            ErrorKind::Type,
            format!("'{}' is not a packet", v.type_name()),
        ),
    }
}

pub(crate) fn unknown_method<T>(obj: &Value, name: &str) -> R<T> {
    err(
        ErrorKind::Attribute,
        format!("'{}' object has no attribute '{name}'", obj.type_name()),
    )
}

pub(crate) fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

/// `%.time%`: time of day with microseconds, as Scapy's hexdump header shows it.
pub(crate) fn local_time(cap: &Arc<Capture>, i: usize) -> String {
    crate::time::time_of_day(cap.timestamp(i))
}

use std::io::Write;
