//! `json`, `math`, `string`, `itertools` and `functools`: what analysis
//! scripts use of them.

use std::rc::Rc;

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, property, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, hashable, Interp, R};
use crate::lang::value::{HKey, Value};
use crate::pyfmt::float_repr;

const J: Owner = Owner::Module("json");
const MA: Owner = Owner::Module("math");
const S: Owner = Owner::Module("string");
const IT: Owner = Owner::Module("itertools");
const FT: Owner = Owner::Module("functools");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(J, "dumps", "json.dumps(obj, indent=None, sort_keys=False)", "A value as JSON text, as Python writes it.", "json.dumps({'a': [1, 2.5, None]})", dumps),
    function(J, "dump", "json.dump(obj, f, indent=None, sort_keys=False)", "Write a value as JSON to a file.", "json.dump([1], sys.stdout)", dumps),
    function(J, "loads", "json.loads(text)", "The value of JSON text.", "json.loads('{\"a\": [1, 2]}')", loads),
    function(J, "load", "json.load(f)", "The value of a JSON file.", "json", loads),
    function(MA, "floor", "math.floor(x)", "The largest integer <= x.", "math.floor(2.5)", round_fn),
    function(MA, "ceil", "math.ceil(x)", "The smallest integer >= x.", "math.ceil(2.5)", round_fn),
    function(MA, "trunc", "math.trunc(x)", "x without its fraction.", "math.trunc(-2.5)", round_fn),
    function(MA, "sqrt", "math.sqrt(x)", "The square root.", "math.sqrt(2)", float_fn),
    function(MA, "exp", "math.exp(x)", "e to the x.", "math.exp(1)", float_fn),
    function(MA, "log", "math.log(x, base=e)", "The logarithm.", "math.log(8, 2)", float_fn),
    function(MA, "log2", "math.log2(x)", "The base-2 logarithm (entropy in bits).", "math.log2(8)", float_fn),
    function(MA, "log10", "math.log10(x)", "The base-10 logarithm.", "math.log10(1000)", float_fn),
    function(MA, "fabs", "math.fabs(x)", "The absolute value, as a float.", "math.fabs(-2)", float_fn),
    function(MA, "pow", "math.pow(x, y)", "x to the y, as a float.", "math.pow(2, 10)", float_fn),
    function(MA, "isnan", "math.isnan(x)", "Whether x is not a number.", "math.isnan(float('nan'))", float_fn),
    function(MA, "isinf", "math.isinf(x)", "Whether x is infinite.", "math.isinf(1e999)", float_fn),
    function(MA, "gcd", "math.gcd(a, b)", "The greatest common divisor.", "math.gcd(12, 18)", gcd),
    property(MA, "pi", "math.pi", "π.", "math.pi", |_, _| Ok(Value::Float(std::f64::consts::PI))),
    property(MA, "e", "math.e", "e.", "math.e", |_, _| Ok(Value::Float(std::f64::consts::E))),
    property(MA, "inf", "math.inf", "Infinity.", "math.inf", |_, _| Ok(Value::Float(f64::INFINITY))),
    property(MA, "nan", "math.nan", "Not a number.", "math.nan", |_, _| Ok(Value::Float(f64::NAN))),
    property(S, "ascii_letters", "string.ascii_letters", "a-z and A-Z.", "string.ascii_letters", |_, _| Ok(Value::str("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))),
    property(S, "ascii_lowercase", "string.ascii_lowercase", "a-z.", "string.ascii_lowercase", |_, _| Ok(Value::str("abcdefghijklmnopqrstuvwxyz"))),
    property(S, "ascii_uppercase", "string.ascii_uppercase", "A-Z.", "string.ascii_uppercase", |_, _| Ok(Value::str("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))),
    property(S, "digits", "string.digits", "0-9.", "string.digits", |_, _| Ok(Value::str("0123456789"))),
    property(S, "hexdigits", "string.hexdigits", "0-9, a-f and A-F.", "string.hexdigits", |_, _| Ok(Value::str("0123456789abcdefABCDEF"))),
    property(S, "punctuation", "string.punctuation", "ASCII punctuation.", "string.punctuation", |_, _| Ok(Value::str("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"))),
    property(S, "whitespace", "string.whitespace", "ASCII whitespace.", "string.whitespace", |_, _| Ok(Value::str(" \t\n\r\x0b\x0c"))),
    property(S, "printable", "string.printable", "Digits, letters, punctuation and whitespace: what is safe to print.", "string.printable", |_, _| Ok(Value::str("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"))),
    function(IT, "chain", "itertools.chain(*iterables)", "The items of each iterable in turn.", "list(itertools.chain([1], [2, 3]))", chain),
    function(IT, "islice", "itertools.islice(iterable, stop) / (iterable, start, stop, step)", "A slice of any iterable.", "list(itertools.islice(a, 3))", islice),
    function(IT, "groupby", "itertools.groupby(iterable, key=None)", "(key, items) for each run of items with the same key.", "[(k, len(list(g))) for k, g in itertools.groupby('aabc')]", groupby),
    function(IT, "combinations", "itertools.combinations(iterable, r)", "Every r-item combination, in order.", "list(itertools.combinations([1, 2, 3], 2))", combos),
    function(IT, "permutations", "itertools.permutations(iterable, r=None)", "Every r-item ordering.", "list(itertools.permutations([1, 2]))", combos),
    function(IT, "product", "itertools.product(*iterables, repeat=1)", "Every tuple taking one item of each iterable.", "list(itertools.product('ab', [1, 2]))", product),
    function(IT, "zip_longest", "itertools.zip_longest(*iterables, fillvalue=None)", "Tuples of items taken together, filled to the longest.", "list(itertools.zip_longest([1, 2], [3]))", zip_longest),
    function(IT, "accumulate", "itertools.accumulate(iterable)", "Running sums.", "list(itertools.accumulate([1, 2, 3]))", accumulate),
    function(IT, "repeat", "itertools.repeat(x, times)", "x, times times (times is required here).", "list(itertools.repeat(0, 3))", repeat),
    function(IT, "count", "itertools.count(start=0, step=1)", "Not supported yet (pcapsh's iterators are not lazy): use range() or enumerate().", "itertools", count),
    function(FT, "wraps", "functools.wraps(wrapped)", "A decorator for a wrapper function (`@functools.wraps(fn)`); the wrapper stays as it is.", "functools.wraps(len)(len)", crate::lang::builtins::classes::wraps),
    function(FT, "lru_cache", "functools.lru_cache(maxsize=128)", "A decorator (`@lru_cache` or `@lru_cache(maxsize=None)`): the function gives the same results; pcapsh computes them each time.", "functools.lru_cache(maxsize=None)(len)", crate::lang::builtins::classes::cache),
    function(FT, "cache", "functools.cache(fn)", "A decorator (`@cache`): as lru_cache(maxsize=None).", "functools.cache(len)", crate::lang::builtins::classes::cache),
    function(FT, "partial", "functools.partial(fn, *args, **kwargs)", "fn with its first arguments given: partial(f, 1)(2) is f(1, 2).", "functools.partial(int, base=16)('ff')", crate::lang::builtins::classes::partial),
    function(FT, "reduce", "functools.reduce(fn, iterable, initial)", "fn applied cumulatively: reduce(f, [a, b, c]) is f(f(a, b), c).", "functools.reduce(lambda x, y: x + y, [1, 2, 3])", reduce),
];

/// JSON as Python's json.dumps writes it: ", " and ": " separators, ASCII only.
fn to_json(
    it: &mut Interp,
    v: &Value,
    indent: Option<usize>,
    sort: bool,
    level: usize,
) -> R<String> {
    let nl = |l: usize| match indent {
        Some(n) => format!("\n{}", " ".repeat(n * l)),
        None => String::new(),
    };
    let sep = if indent.is_some() { "," } else { ", " };
    Ok(match v {
        Value::None => "null".into(),
        Value::Bool(b) => if *b { "true" } else { "false" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Big(b) => b.to_string(),
        Value::Float(f) if f.is_nan() => "NaN".into(),
        Value::Float(f) if f.is_infinite() => {
            if *f > 0.0 { "Infinity" } else { "-Infinity" }.into()
        }
        Value::Float(f) => float_repr(*f),
        Value::Dec(d) => float_repr(d.to_f64()),
        Value::Str(s) => json_str(s),
        Value::Flags(..) => v
            .to_str()
            .parse::<i64>()
            .map_or_else(|_| json_str(&v.to_str()), |n| n.to_string()),
        Value::List(_) | Value::Tuple(_) | Value::Times(_) => {
            let items = it.iterate(v)?;
            if items.is_empty() {
                return Ok("[]".into());
            }
            let parts = items
                .iter()
                .map(|x| to_json(it, x, indent, sort, level + 1))
                .collect::<R<Vec<_>>>()?;
            format!(
                "[{}{}{}]",
                nl(level + 1),
                parts.join(&format!("{sep}{}", nl(level + 1))),
                nl(level)
            )
        }
        Value::Dict(d) => {
            let mut pairs: Vec<(Value, Value)> = d.borrow().values().cloned().collect();
            if pairs.is_empty() {
                return Ok("{}".into());
            }
            if sort {
                pairs.sort_by(|a, b| {
                    crate::lang::eval::compare_values(&a.0, &b.0)
                        .unwrap_or(std::cmp::Ordering::Equal)
                });
            }
            let mut parts = Vec::new();
            for (k, x) in pairs {
                let key = match &k {
                    Value::Str(s) => json_str(s),
                    Value::None => "\"null\"".into(),
                    Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
                        format!("\"{}\"", to_json(it, &k, None, false, 0)?)
                    }
                    k => {
                        return err(
                            ErrorKind::Type,
                            format!(
                                "keys must be str, int, float, bool or None, not {}",
                                k.type_name()
                            ),
                        )
                    }
                };
                parts.push(format!(
                    "{key}: {}",
                    to_json(it, &x, indent, sort, level + 1)?
                ));
            }
            format!(
                "{{{}{}{}}}",
                nl(level + 1),
                parts.join(&format!("{sep}{}", nl(level + 1))),
                nl(level)
            )
        }
        v => {
            return err(
                ErrorKind::Type,
                format!("Object of type {} is not JSON serializable", v.type_name()),
            )
        }
    })
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{:04x}", u));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dumps(it: &mut Interp, call: &Call) -> R<Value> {
    let v = need(call.name, call.args, call.kwargs, 0, "obj")?.clone();
    let indent = match arg(&[], call.kwargs, 0, "indent") {
        Some(Value::Int(n)) => Some(*n as usize),
        _ => None,
    };
    let sort = arg(&[], call.kwargs, 0, "sort_keys").is_some_and(|v| v.truthy());
    let text = to_json(it, &v, indent, sort, 0)?;
    if call.name == "dump" {
        let f = need("dump", call.args, call.kwargs, 1, "fp")?.clone();
        it.call_method(&f, "write", vec![Value::str(&text)], vec![])?;
        return Ok(Value::None);
    }
    Ok(Value::str(&text))
}

fn from_json(j: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match j {
        J::Null => Value::None,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            // An integer of any size stays an integer, as Python's json reads it.
            None => match num_bigint::BigInt::parse_bytes(n.to_string().as_bytes(), 10) {
                Some(b) => crate::lang::bigint::norm(b),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
        },
        J::String(s) => Value::str(s),
        J::Array(a) => Value::list(a.iter().map(from_json).collect()),
        J::Object(o) => Value::dict(
            o.iter()
                .map(|(k, v)| (HKey::str(k), (Value::str(k), from_json(v))))
                .collect(),
        ),
    }
}

fn loads(it: &mut Interp, call: &Call) -> R<Value> {
    let src = need(call.name, call.args, call.kwargs, 0, "s")?.clone();
    let text = match (&src, call.name) {
        (_, "load") => it.call_method(&src, "read", vec![], vec![])?.to_str(),
        (Value::Bytes(b), _) => String::from_utf8_lossy(b).into_owned(),
        (v, _) => v.to_str(),
    };
    let j: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::at_none(ErrorKind::Value, format!("invalid JSON: {e}"))
            .with_help("help: Python calls this json.JSONDecodeError")
    })?;
    Ok(from_json(&j))
}

fn num(v: &Value) -> R<f64> {
    Ok(match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Dec(d) => d.to_f64(),
        Value::Bool(b) => *b as i64 as f64,
        v => {
            return err(
                ErrorKind::Type,
                format!("must be real number, not {}", v.type_name()),
            )
        }
    })
}

fn round_fn(_: &mut Interp, call: &Call) -> R<Value> {
    let v = need(call.name, call.args, call.kwargs, 0, "x")?;
    if let Value::Int(i) = v {
        return Ok(Value::Int(*i));
    }
    let x = num(v)?;
    let r = match call.name {
        "floor" => x.floor(),
        "ceil" => x.ceil(),
        _ => x.trunc(),
    };
    if !r.is_finite() {
        return err(
            ErrorKind::Overflow,
            "cannot convert float infinity to integer",
        );
    }
    Ok(Value::Int(r as i64))
}

fn float_fn(_: &mut Interp, call: &Call) -> R<Value> {
    let x = num(need(call.name, call.args, call.kwargs, 0, "x")?)?;
    let domain = || err(ErrorKind::Value, "math domain error");
    Ok(match call.name {
        "sqrt" if x < 0.0 => return domain(),
        "sqrt" => Value::Float(x.sqrt()),
        "exp" => Value::Float(x.exp()),
        "log" | "log2" | "log10" if x <= 0.0 => return domain(),
        "log" => match call.args.get(1) {
            Some(b) => Value::Float(x.ln() / num(b)?.ln()),
            None => Value::Float(x.ln()),
        },
        "log2" => Value::Float(x.log2()),
        "log10" => Value::Float(x.log10()),
        "fabs" => Value::Float(x.abs()),
        "pow" => Value::Float(x.powf(num(need("pow", call.args, call.kwargs, 1, "y")?)?)),
        "isnan" => Value::Bool(x.is_nan()),
        _ => Value::Bool(x.is_infinite()),
    })
}

fn gcd(_: &mut Interp, call: &Call) -> R<Value> {
    let mut g = 0i64;
    for a in call.args {
        let Value::Int(mut b) = a else {
            return err(ErrorKind::Type, "gcd() needs integers");
        };
        b = b.abs();
        let mut x = g;
        while b != 0 {
            (x, b) = (b, x % b);
        }
        g = x;
    }
    Ok(Value::Int(g))
}

fn gen(items: Vec<Value>) -> Value {
    crate::lang::builtins::iterator(items, "generator")
}

fn chain(it: &mut Interp, call: &Call) -> R<Value> {
    let mut out = Vec::new();
    for a in call.args {
        out.extend(it.iterate(a)?);
    }
    Ok(gen(out))
}

fn islice(it: &mut Interp, call: &Call) -> R<Value> {
    let items = it.iterate(need("islice", call.args, call.kwargs, 0, "iterable")?)?;
    let n = |v: Option<&Value>, d: usize| match v {
        Some(Value::Int(i)) if *i >= 0 => *i as usize,
        _ => d,
    };
    let (start, stop, step) = match call.args.len() {
        2 => (0, n(call.args.get(1), usize::MAX), 1),
        _ => (
            n(call.args.get(1), 0),
            n(call.args.get(2), usize::MAX),
            n(call.args.get(3), 1).max(1),
        ),
    };
    Ok(gen(items
        .into_iter()
        .take(stop)
        .skip(start)
        .step_by(step)
        .collect()))
}

fn groupby(it: &mut Interp, call: &Call) -> R<Value> {
    let items = it.iterate(need("groupby", call.args, call.kwargs, 0, "iterable")?)?;
    let key = arg(call.args, call.kwargs, 1, "key")
        .cloned()
        .filter(|k| !matches!(k, Value::None));
    let mut out: Vec<(Value, Vec<Value>)> = Vec::new();
    for x in items {
        let k = match &key {
            Some(f) => it.call(f, vec![x.clone()], vec![])?,
            None => x.clone(),
        };
        match out.last_mut() {
            Some((lk, g)) if crate::lang::eval::values_equal(lk, &k) => g.push(x),
            _ => out.push((k, vec![x])),
        }
    }
    Ok(gen(out
        .into_iter()
        .map(|(k, g)| Value::Tuple(Rc::new(vec![k, gen(g)])))
        .collect()))
}

fn combos(it: &mut Interp, call: &Call) -> R<Value> {
    let items = it.iterate(need(call.name, call.args, call.kwargs, 0, "iterable")?)?;
    let r = match arg(call.args, call.kwargs, 1, "r") {
        Some(Value::Int(r)) => *r as usize,
        _ => items.len(),
    };
    let mut out = Vec::new();
    let mut pick: Vec<usize> = Vec::new();
    fn walk(
        items: &[Value],
        r: usize,
        perm: bool,
        pick: &mut Vec<usize>,
        out: &mut Vec<Value>,
    ) -> R<()> {
        if pick.len() == r {
            out.push(Value::Tuple(Rc::new(
                pick.iter().map(|&i| items[i].clone()).collect(),
            )));
            crate::lang::eval::check_items(out.len() as u128)?;
            return Ok(());
        }
        let from = if perm {
            0
        } else {
            pick.last().map_or(0, |l| l + 1)
        };
        for i in from..items.len() {
            if perm && pick.contains(&i) {
                continue;
            }
            pick.push(i);
            walk(items, r, perm, pick, out)?;
            pick.pop();
        }
        Ok(())
    }
    if r <= items.len() {
        walk(&items, r, call.name == "permutations", &mut pick, &mut out)?;
    }
    Ok(gen(out))
}

fn product(it: &mut Interp, call: &Call) -> R<Value> {
    let mut pools = Vec::new();
    for a in call.args {
        pools.push(it.iterate(a)?);
    }
    let repeat = match arg(&[], call.kwargs, 0, "repeat") {
        Some(Value::Int(n)) => *n as usize,
        _ => 1,
    };
    let pools: Vec<Vec<Value>> = (0..repeat).flat_map(|_| pools.clone()).collect();
    let mut out: Vec<Vec<Value>> = vec![vec![]];
    for pool in &pools {
        let mut next = Vec::new();
        for prefix in &out {
            for x in pool {
                let mut t = prefix.clone();
                t.push(x.clone());
                next.push(t);
            }
        }
        crate::lang::eval::check_items(next.len() as u128)?;
        out = next;
    }
    Ok(gen(out
        .into_iter()
        .map(|t| Value::Tuple(Rc::new(t)))
        .collect()))
}

fn zip_longest(it: &mut Interp, call: &Call) -> R<Value> {
    let mut cols = Vec::new();
    for a in call.args {
        cols.push(it.iterate(a)?);
    }
    let fill = arg(&[], call.kwargs, 0, "fillvalue")
        .cloned()
        .unwrap_or(Value::None);
    let n = cols.iter().map(|c| c.len()).max().unwrap_or(0);
    Ok(gen((0..n)
        .map(|i| {
            Value::Tuple(Rc::new(
                cols.iter()
                    .map(|c| c.get(i).cloned().unwrap_or(fill.clone()))
                    .collect(),
            ))
        })
        .collect()))
}

fn accumulate(it: &mut Interp, call: &Call) -> R<Value> {
    let items = it.iterate(need("accumulate", call.args, call.kwargs, 0, "iterable")?)?;
    let f = arg(call.args, call.kwargs, 1, "func").cloned();
    let mut out: Vec<Value> = Vec::new();
    for x in items {
        let v = match (out.last(), &f) {
            (None, _) => x,
            (Some(acc), Some(f)) => it.call(f, vec![acc.clone(), x], vec![])?,
            (Some(acc), None) => it.binop(crate::lang::ast::BinOp::Add, acc, &x)?,
        };
        out.push(v);
    }
    Ok(gen(out))
}

fn repeat(_: &mut Interp, call: &Call) -> R<Value> {
    let x = need("repeat", call.args, call.kwargs, 0, "object")?;
    match arg(call.args, call.kwargs, 1, "times") {
        Some(Value::Int(n)) => {
            crate::lang::eval::check_items((*n).max(0) as u128)?;
            Ok(gen(vec![x.clone(); (*n).max(0) as usize]))
        }
        _ => err(
            ErrorKind::NotImplemented,
            "itertools.repeat() without times is endless: pcapsh's iterators are not lazy yet",
        ),
    }
}

fn count(_: &mut Interp, _: &Call) -> R<Value> {
    err(
        ErrorKind::NotImplemented,
        "itertools.count() is endless and pcapsh's iterators are not lazy yet: use enumerate() or range()",
    )
}

fn reduce(it: &mut Interp, call: &Call) -> R<Value> {
    let f = need("reduce", call.args, call.kwargs, 0, "function")?.clone();
    let items = it.iterate(need("reduce", call.args, call.kwargs, 1, "iterable")?)?;
    let mut items = items.into_iter();
    let mut acc = match call.args.get(2) {
        Some(v) => v.clone(),
        None => match items.next() {
            Some(v) => v,
            None => {
                return err(
                    ErrorKind::Type,
                    "reduce() of empty iterable with no initial value",
                )
            }
        },
    };
    for x in items {
        acc = it.call(&f, vec![acc, x], vec![])?;
    }
    let _ = hashable;
    Ok(acc)
}
