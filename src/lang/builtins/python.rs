//! Python's builtin functions, as scripts use them.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use crate::lang::builtins::*;
use crate::lang::commands::{builtin, Call, Command};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{compare_values, err, hashable, Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    builtin("exit", "exit(status=None)", "Leave the shell, or end a script with that exit status (as sys.exit).", "exit if False else None", b_exit),
    builtin("quit", "quit(status=None)", "As exit().", "quit if False else None", b_exit),
    builtin("print", "print(*values, sep=' ', end='\\n')", "Print values as text. `print x, y` (Python 2 form) works too.", "print(len(a), 'packets')", b_print),
    builtin("len", "len(x)", "Number of packets, sessions, items or characters; for a packet, its captured length in bytes.", "len(a.sessions())", b_len),
    builtin("type", "type(x)", "The type of a value, named as Python and Scapy name it.", "type(a.sessions())", b_type),
    builtin("help", "help(x)", "Help on a value, a builtin or a method name.", "help('sessions')", b_help),
    builtin("dir", "dir(x)", "The methods and attributes of a value; without an argument, the variables.", "dir(a)", b_dir),
    builtin("filter", "filter(fn, iterable)", "The items for which fn(item) is true.", "list(filter(lambda p: UDP in p, a))", b_filter),
    builtin("map", "map(fn, iterable)", "fn applied to every item.", "list(map(len, a))", b_filter),
    builtin("sorted", "sorted(iterable, key=None, reverse=False)", "A new sorted list.", "sorted(s.keys(), key=lambda k: len(s[k]), reverse=True)", b_sorted),
    builtin("str", "str(x)", "A value as text.", "str(p.time)", b_str),
    builtin("repr", "repr(x)", "A value as Python would write it.", "repr(p[Raw].load)", b_repr),
    builtin("format", "format(value, spec='')", "A value formatted by a format spec, as in f-strings.", "format(len(a), ',')", b_format),
    builtin("int", "int(x, base=10)", "An integer from a number or text.", "int(p.time)", b_int),
    builtin("float", "float(x)", "A floating-point number.", "float(p.time)", b_float),
    builtin("bool", "bool(x)", "True or False.", "bool(a)", b_bool),
    builtin("list", "list(iterable)", "A new list.", "list(s.keys())", b_list),
    builtin("tuple", "tuple(iterable)", "A new tuple.", "tuple([1, 2])", b_list),
    builtin("dict", "dict(iterable)", "A new dict, empty or from pairs.", "counts = dict()", b_dict),
    builtin("Counter", "Counter(iterable)", "Counts of each item (a dict; missing keys count 0), as collections.Counter.", "Counter(p[IP].src for p in a if IP in p).most_common(5)", b_counter),
    builtin("defaultdict", "defaultdict(factory)", "A dict that makes missing values with factory(), as collections.defaultdict.", "d = defaultdict(list)", b_counter),
    builtin("OrderedDict", "OrderedDict(items)", "A dict (every dict keeps its order).", "OrderedDict()", b_counter),
    builtin("range", "range(stop) / range(start, stop, step)", "A list of integers.", "for i in range(5): print(a[i].time)", b_range),
    builtin("enumerate", "enumerate(iterable, start=0)", "Pairs (index, item).", "for i, p in enumerate(a[:3]): print(i, p.summary())", b_enumerate),
    builtin("zip", "zip(a, b, ...)", "Tuples of items taken together.", "zip(a[:-1], a[1:])", b_zip),
    builtin("min", "min(iterable, key=None)", "The smallest item.", "min(p.time for p in a)", b_min),
    builtin("max", "max(iterable, key=None)", "The largest item.", "max(len(p) for p in a)", b_min),
    builtin("sum", "sum(iterable, start=0)", "The sum of numbers (times stay exact).", "sum(len(p) for p in a)", b_sum),
    builtin("abs", "abs(x)", "The absolute value.", "abs(a[0].time - a[1].time)", b_abs),
    builtin("round", "round(x, ndigits=0)", "A number rounded.", "round(float(p.time), 2)", b_round),
    builtin("any", "any(iterable)", "True if any item is true.", "any(TCP in p for p in a)", b_any),
    builtin("all", "all(iterable)", "True if every item is true.", "all(IP in p for p in a)", b_any),
    builtin("hasattr", "hasattr(x, name)", "Whether a value has an attribute.", "hasattr(p, 'sport')", b_hasattr),
    builtin("getattr", "getattr(x, name, default)", "An attribute by name, or the default.", "getattr(p, 'ttl', None)", b_hasattr),
    builtin("hex", "hex(n)", "An integer in hexadecimal.", "hex(p[IP].id)", super::types::b_bin),
];

fn b_print(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    Ok({
        let sep = arg(&[], k, 0, "sep")
            .map(|v| v.to_str())
            .unwrap_or_else(|| " ".into());
        let end = arg(&[], k, 0, "end")
            .map(|v| v.to_str())
            .unwrap_or_else(|| "\n".into());
        let parts: Vec<String> = a.iter().map(|v| it.str_of(v)).collect::<R<_>>()?;
        let text = parts.join(&sep) + &end;
        match arg(&[], k, 0, "file").filter(|f| !matches!(f, Value::None)) {
            Some(f) => {
                let fl = crate::lang::modules::io::file(f)?;
                crate::lang::modules::io::write_to(it, fl, text.as_bytes())?;
                if arg(&[], k, 0, "flush").is_some_and(|v| v.truthy()) {
                    it.call_method(f, "flush", vec![], vec![])?;
                }
            }
            None => it.write(&text)?,
        }
        Value::None
    })
}

fn b_counter(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, name) = (call.args, call.name);
    Ok({
        let d: Rc<RefCell<DictMap>> = Rc::new(RefCell::new(DictMap::default()));
        match name {
            "Counter" => {
                if let Some(v) = a.first() {
                    for item in it.iterate(v)? {
                        let hk = hashable(&item)?;
                        let mut m = d.borrow_mut();
                        let e = m.entry(hk).or_insert((item, Value::Int(0)));
                        if let Value::Int(n) = &mut e.1 {
                            *n += 1;
                        }
                    }
                }
                d.borrow_mut().kind = DictKind::Counter;
            }
            "defaultdict" => {
                let f = a.first().cloned().unwrap_or(Value::None);
                d.borrow_mut().kind = DictKind::Default(f);
            }
            _ => {
                if let Some(v) = a.first() {
                    return it.call_builtin("dict", vec![v.clone()], vec![]);
                }
            }
        }
        Value::Dict(d)
    })
}

fn b_hasattr(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let obj = need(name, a, k, 0, "object")?.clone();
        let attr = need(name, a, k, 1, "name")?.to_str();
        match it.getattr(&obj, &attr) {
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
    })
}

fn b_len(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let v = need(name, a, k, 0, "obj")?;
        if let Some(n) = it.call_dunder(v, "__len__", vec![])? {
            return Ok(n);
        }
        Value::Int(match v {
            Value::Str(s) => s.chars().count(),
            Value::Bytes(b) => b.len(),
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) | Value::Times(t) | Value::View(_, t) => t.len(),
            Value::Dict(d) => d.borrow().len(),
            Value::Set(s, _) => s.borrow().len(),
            Value::Instance(i) if i.tuple_fields().is_some() => {
                i.tuple_values().map_or(0, |v| v.len())
            }
            Value::Packets(p) => p.len(),
            Value::Object(o) if o.length().is_some() => o.length().unwrap_or(0),
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
    })
}

fn b_type(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    match a.first() {
        Some(Value::Instance(i)) => return Ok(Value::UserClass(i.class.clone())),
        // A packet's (or a layer's) type is its layer class (`type(p) is Ether`).
        Some(v @ (Value::Packet(_) | Value::Layer(..))) => {
            if let Ok(c @ Value::LayerClass(_)) = it.getattr(v, "__class__") {
                return Ok(c);
            }
        }
        _ => {}
    }
    Ok(Value::Class(Rc::from(
        need(name, a, k, 0, "obj")?.type_repr(),
    )))
}

fn b_str(it: &mut Interp, call: &Call) -> R<Value> {
    match (
        call.args.first(),
        arg(call.args, call.kwargs, 1, "encoding"),
    ) {
        // str(b'..', 'utf-8') decodes.
        (Some(b @ Value::Bytes(_)), Some(enc)) => {
            it.call_method(b, "decode", vec![enc.clone()], vec![])
        }
        (Some(v), _) => Ok(Value::str(&it.str_of(v)?)),
        (None, _) => Ok(Value::str("")),
    }
}

fn b_repr(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok(Value::str(&it.repr_of(need(name, a, k, 0, "obj")?)?))
}

fn b_format(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let v = it.rendered(need(name, a, k, 0, "value")?)?;
    let spec = match arg(a, k, 1, "format_spec") {
        None => String::new(),
        Some(Value::Str(s)) => s.to_string(),
        Some(o) => {
            return err(
                ErrorKind::Type,
                format!("format() argument 2 must be str, not {}", o.type_name()),
            )
        }
    };
    Ok(Value::string(format::format_value(&v, &spec)?))
}

fn b_int(_it: &mut Interp, call: &Call) -> R<Value> {
    let a = call.args;
    Ok({
        let v = a.first().cloned().unwrap_or(Value::Int(0));
        match &v {
            Value::Int(_) | Value::Big(_) => v,
            Value::Object(o) if o.attr("__int__").is_some() => o.attr("__int__").unwrap(),
            Value::Bool(b) => Value::Int(*b as i64),
            Value::Flags(f, _) => Value::Int(*f as i64),
            Value::Float(f) => crate::lang::bigint::from_f64(*f)?,
            Value::Dec(d) => Value::Int(i64::try_from(d.trunc()).unwrap_or(if d.mantissa < 0 {
                i64::MIN
            } else {
                i64::MAX
            })),
            Value::Str(_) | Value::Bytes(_) => {
                let text = match &v {
                    Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                    other => other.to_str(),
                };
                let base = match super::arg(a, call.kwargs, 1, "base") {
                    None => 10,
                    Some(Value::Int(b)) if *b == 0 || (2..=36).contains(b) => *b as u32,
                    Some(Value::Int(_)) => {
                        return err(ErrorKind::Value, "int() base must be >= 2 and <= 36, or 0")
                    }
                    Some(o) => return Err(crate::lang::bigint::not_int(o)),
                };
                match parse_int(&text, base) {
                    Ok(Ok(i)) => i,
                    Ok(Err(e)) => return Err(e),
                    Err(()) => {
                        return err(
                            ErrorKind::Value,
                            format!("invalid literal for int() with base {base}: {}", v.repr()),
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
    })
}

/// Python's `int(text, base)`: sign, `0x`/`0o`/`0b` prefixes (base 0 infers the base and
/// refuses leading zeros), `_` between digits; in a base not a power of two, no more
/// digits than `sys.get_int_max_str_digits()`. Err(()) is an invalid literal.
fn parse_int(text: &str, base: u32) -> Result<R<Value>, ()> {
    let t = text.trim();
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.get(..2).map(str::to_ascii_lowercase);
    let prefixed = match lower.as_deref() {
        Some("0x") => Some(16),
        Some("0o") => Some(8),
        Some("0b") => Some(2),
        _ => None,
    };
    let (base, digits) = match prefixed {
        Some(b) if base == 0 || base == b => (b, t[2..].strip_prefix('_').unwrap_or(&t[2..])),
        _ if base == 0 => {
            if t.len() > 1 && t.starts_with('0') && t.chars().any(|c| c != '0' && c != '_') {
                return Err(());
            }
            (10, t)
        }
        _ => (base, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return Err(());
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(base)) {
        return Err(());
    }
    if !base.is_power_of_two() {
        if let Err(e) = crate::lang::bigint::check_decimal_digits(clean.len()) {
            return Ok(Err(e));
        }
    }
    let n = num_bigint::BigInt::parse_bytes(clean.as_bytes(), base).ok_or(())?;
    Ok(Ok(crate::lang::bigint::norm(if neg { -n } else { n })))
}

fn b_float(_it: &mut Interp, call: &Call) -> R<Value> {
    let a = call.args;
    Ok({
        let v = a.first().cloned().unwrap_or(Value::Float(0.0));
        Value::Float(match &v {
            Value::Int(i) => *i as f64,
            Value::Big(b) => crate::lang::bigint::to_f64(b)?,
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
    })
}

fn b_bool(_it: &mut Interp, call: &Call) -> R<Value> {
    let a = call.args;
    Ok(Value::Bool(a.first().is_some_and(|v| v.truthy())))
}

fn b_list(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, name) = (call.args, call.name);
    Ok({
        let items = match a.first() {
            Some(v) => it.iterate(v)?,
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
    })
}

fn b_dict(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    Ok({
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
                            it.packets_value(s.list(i)),
                        ]))
                    })
                    .collect(),
                _ => it.iterate(v)?,
            };
            for p in pairs {
                let kv = it.iterate(&p)?;
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
        Value::Dict(Rc::new(RefCell::new(m.into())))
    })
}

fn b_range(it: &mut Interp, call: &Call) -> R<Value> {
    let a = call.args;
    Ok({
        let ints: Vec<i64> = a
            .iter()
            .map(|v| match v {
                Value::Int(i) => Ok(*i),
                _ => Err(crate::lang::bigint::not_int(v)),
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
        crate::lang::eval::check_items(((e as i128 - s as i128) / st as i128).max(0) as u128)?;
        let mut out = Vec::new();
        let mut i = s;
        while (st > 0 && i < e) || (st < 0 && i > e) {
            out.push(Value::Int(i));
            if out.len() % (1 << 20) == 0 {
                it.check_interrupt()?;
            }
            // The last step may leave 64 bits: the range ends there, never wraps.
            match i.checked_add(st) {
                Some(n) => i = n,
                None => break,
            }
        }
        Value::list(out)
    })
}

fn b_enumerate(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let src = need(name, a, k, 0, "iterable")?;
        let start = match arg(a, k, 1, "start") {
            Some(Value::Int(i)) => *i,
            _ => 0,
        };
        if let Value::Object(o) = src {
            if o.is_iterator() {
                return Ok(super::types::enumerate(o.clone(), start));
            }
        }
        let items = it.iterate(src)?;
        Value::list(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| Value::Tuple(Rc::new(vec![Value::Int(start + i as i64), v])))
                .collect(),
        )
    })
}

fn b_filter(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let f = need(name, a, k, 0, "function")?.clone();
        let items = it.iterate(need(name, a, k, 1, "iterable")?)?;
        let mut out = Vec::new();
        for v in items {
            let r = if matches!(f, Value::None) {
                v.clone()
            } else {
                it.call(&f, vec![v.clone()], vec![])?
            };
            if name == "map" {
                out.push(r);
            } else if r.truthy() {
                out.push(v);
            }
        }
        Value::list(out)
    })
}

fn b_zip(it: &mut Interp, call: &Call) -> R<Value> {
    let a = call.args;
    Ok({
        let lists: Vec<Vec<Value>> = a.iter().map(|v| it.iterate(v)).collect::<R<_>>()?;
        let n = lists.iter().map(|l| l.len()).min().unwrap_or(0);
        Value::list(
            (0..n)
                .map(|i| Value::Tuple(Rc::new(lists.iter().map(|l| l[i].clone()).collect())))
                .collect(),
        )
    })
}

fn b_sorted(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let items = it.iterate(need(name, a, k, 0, "iterable")?)?;
        let key = arg(&[], k, 0, "key").cloned();
        let reverse = arg(&[], k, 0, "reverse").is_some_and(|v| v.truthy());
        Value::list(it.sort_values(items, key, reverse)?)
    })
}

fn b_min(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let items = if a.len() == 1 {
            it.iterate(&a[0])?
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
            Some(f) => it.call(f, vec![best.clone()], vec![])?,
            None => best.clone(),
        };
        for v in items.into_iter().skip(1) {
            let kv = match &key {
                Some(f) => it.call(f, vec![v.clone()], vec![])?,
                None => v.clone(),
            };
            if matches!(kv, Value::Instance(_)) || matches!(best_k, Value::Instance(_)) {
                use crate::lang::ast::CmpOp;
                let better = if name == "min" {
                    it.compare(CmpOp::Lt, &kv, &best_k)?
                } else {
                    it.compare(CmpOp::Gt, &kv, &best_k)?
                };
                if better {
                    best = v;
                    best_k = kv;
                }
                continue;
            }
            let ord = compare_values(&kv, &best_k).ok_or_else(|| {
                crate::lang::eval::not_ordered(if name == "max" { ">" } else { "<" }, &kv, &best_k)
            })?;
            if (name == "min" && ord.is_lt()) || (name == "max" && ord.is_gt()) {
                best = v;
                best_k = kv;
            }
        }
        best
    })
}

fn b_sum(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let items = it.iterate(need(name, a, k, 0, "iterable")?)?;
        let mut acc = arg(a, k, 1, "start").cloned().unwrap_or(Value::Int(0));
        for v in items {
            acc = it.binop(crate::lang::ast::BinOp::Add, &acc, &v)?;
        }
        acc
    })
}

fn b_abs(_it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok(match need(name, a, k, 0, "x")? {
        Value::Int(i) => match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => crate::lang::bigint::neg(&num_bigint::BigInt::from(*i)),
        },
        Value::Big(b) => crate::lang::bigint::norm(num_traits::Signed::abs(&**b)),
        Value::Float(f) => Value::Float(f.abs()),
        Value::Dec(d) => Value::Dec(crate::time::Decimal::new(d.mantissa.abs(), d.scale)),
        v => {
            return err(
                ErrorKind::Type,
                format!("bad operand type for abs(): '{}'", v.type_name()),
            )
        }
    })
}

fn b_round(_it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let v = need(name, a, k, 0, "number")?;
        let nd = match arg(a, k, 1, "ndigits") {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        };
        let x = match v {
            Value::Int(_) | Value::Big(_) if nd.is_none_or(|n| n >= 0) => return Ok(v.clone()),
            Value::Int(_) | Value::Big(_) => {
                let n = crate::lang::bigint::of(v).unwrap_or_default();
                return Ok(crate::lang::bigint::round(&n, nd.unwrap_or(0)));
            }
            Value::Float(f) => *f,
            Value::Dec(d) => d.to_f64(),
            _ => return err(ErrorKind::Type, "round() needs a number"),
        };
        match nd {
            None => crate::lang::bigint::from_f64(round_half_even(x))?,
            // Python keeps a float as it is past 323 digits, and past 308 to the left
            // of the point rounds it to a zero of its sign.
            Some(n) if n > 323 || !x.is_finite() => Value::Float(x),
            Some(n) if n < -308 => Value::Float(0.0 * x),
            Some(n) => match crate::lang::bigint::round_float(x, n) {
                Some(r) => Value::Float(r),
                None => return err(ErrorKind::Overflow, "rounded value too large to represent"),
            },
        }
    })
}

fn b_any(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let items = it.iterate(need(name, a, k, 0, "iterable")?)?;
        Value::Bool(if name == "any" {
            items.iter().any(|v| v.truthy())
        } else {
            items.iter().all(|v| v.truthy())
        })
    })
}

fn b_help(it: &mut Interp, call: &Call) -> R<Value> {
    let a = call.args;
    Ok({
        let t = crate::lang::help::help(a.first());
        it.write(&t)?;
        Value::None
    })
}

fn b_dir(it: &mut Interp, call: &Call) -> R<Value> {
    let a = call.args;
    Ok(match a.first() {
        None => {
            let mut names: Vec<String> = it.globals.keys().cloned().collect();
            names.sort();
            Value::list(names.iter().map(|n| Value::str(n)).collect())
        }
        Some(v) => Value::list(attributes(v).iter().map(|n| Value::str(n)).collect()),
    })
}

fn b_exit(_: &mut Interp, call: &Call) -> R<Value> {
    let v = arg(call.args, call.kwargs, 0, "status")
        .cloned()
        .unwrap_or(Value::None);
    Err(crate::lang::modules::sys::system_exit(&v))
}
