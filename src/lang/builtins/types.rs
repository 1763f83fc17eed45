//! Builtins that make and test values of Python's types: sets, bytes, characters,
//! iterators and generators, `isinstance`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{builtin, Call, Command};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    builtin("set", "set(iterable)", "A set: the distinct items (add, discard, |, &, -, in).", "set(p[TCP].dport for p in a if TCP in p)", b_set),
    builtin("frozenset", "frozenset(iterable)", "A set that cannot change (it can be a dict key).", "frozenset([1, 2])", b_set),
    builtin("chr", "chr(i)", "The character with this code point.", "chr(65)", b_chr),
    builtin("ord", "ord(c)", "The code point of a one-character string (or the value of a one-byte bytes).", "ord('A')", b_ord),
    builtin("bytearray", "bytearray(x)", "Bytes from a list of integers, a string and encoding, or bytes (a bytes value here).", "bytearray(b'ab')", b_bytearray),
    builtin("iter", "iter(iterable)", "An iterator over the items: next(it) takes them one by one.", "next(iter([1, 2]))", b_iter),
    builtin("reversed", "reversed(seq)", "An iterator over a sequence's items (a list, tuple, string, range, dict's keys), last first.", "for p in reversed(a): print(p.time)", b_reversed),
    builtin("next", "next(iterator, default)", "The next item of an iterator or generator; default (or StopIteration) at the end.", "next(iter(a))", b_next),
    builtin("isinstance", "isinstance(x, type)", "Whether a value is of a type (int, str, list, dict, a layer, a script's class ...), or of one in a tuple of types.", "isinstance(n, int)", b_isinstance),
    builtin("issubclass", "issubclass(cls, base)", "Whether a class derives from another.", "issubclass(KeyError, Exception)", b_issubclass),
    builtin("super", "super()", "In a method: the class's base, to call its methods (super().__init__()).", "super", b_super),
    builtin("callable", "callable(x)", "Whether x can be called.", "callable(len)", b_callable),
    builtin("id", "id(x)", "A number that identifies an object while it exists.", "id(a)", b_id),
    builtin("divmod", "divmod(a, b)", "(a // b, a % b).", "divmod(7, 2)", b_divmod),
    builtin("pow", "pow(x, y, mod=None)", "x ** y, or x ** y % mod.", "pow(2, 10)", b_pow),
    builtin("globals", "globals()", "The script's variables and the layer classes, by name, as a dict (a copy: setting a key there sets no variable).", "globals()['TCP']", b_globals),
    builtin("vars", "vars(x)", "An object's attributes as a dict (parse_args()'s result, a script's object).", "vars(argparse.Namespace(x=1)) if False else None", b_vars),
    builtin("namedtuple", "namedtuple(name, fields)", "A tuple class with named fields (collections.namedtuple): fields as a list or 'a b' / 'a, b'.", "Flow = namedtuple('Flow', 'src dst'); Flow('a', 'b').dst", b_namedtuple),
    builtin("hash", "hash(x)", "Python's hash of a number or of a tuple of numbers (of text it differs from Python's, which changes each run).", "hash((6, 443))", b_hash),
    builtin("bin", "bin(n)", "An integer in binary: '0b101'.", "bin(5)", b_bin),
    builtin("oct", "oct(n)", "An integer in octal: '0o17'.", "oct(15)", b_bin),
];

/// `enumerate(it)` of an iterator: it pulls one item at a time, so a `break` leaves the
/// rest in the iterator.
struct Enumerate {
    inner: Rc<dyn Object>,
    n: std::cell::Cell<i64>,
}

impl Object for Enumerate {
    fn type_name(&self) -> &'static str {
        "enumerate"
    }
    fn repr(&self) -> String {
        format!("<enumerate object at {:#x}>", self as *const _ as usize)
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(std::iter::from_fn(|| self.next_item().flatten()).collect())
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn next_item(&self) -> Option<Option<Value>> {
        Some(self.inner.next_item().flatten().map(|v| {
            let i = self.n.get();
            self.n.set(i + 1);
            Value::Tuple(Rc::new(vec![Value::Int(i), v]))
        }))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub(crate) fn enumerate(inner: Rc<dyn Object>, start: i64) -> Value {
    Value::Object(Rc::new(Enumerate {
        inner,
        n: std::cell::Cell::new(start),
    }))
}

/// A generator's items, computed when it was called, taken one by one.
pub struct Generator {
    items: RefCell<std::collections::VecDeque<Value>>,
    kind: &'static str,
    /// The function that made it (`<genexpr>` for a generator expression).
    name: Option<Rc<str>>,
}

impl Object for Generator {
    fn type_name(&self) -> &'static str {
        self.kind
    }
    fn repr(&self) -> String {
        let at = self as *const _ as usize;
        match &self.name {
            Some(name) => format!("<{} object {name} at {at:#x}>", self.kind),
            None => format!("<{} object at {at:#x}>", self.kind),
        }
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(self.items.borrow_mut().drain(..).collect())
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn next_item(&self) -> Option<Option<Value>> {
        Some(self.items.borrow_mut().pop_front())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A generator (or iterator) over values.
pub fn generator(items: Vec<Value>, name: &str) -> Value {
    Value::Object(Rc::new(Generator {
        items: RefCell::new(items.into()),
        kind: "generator",
        name: Some(name.into()),
    }))
}

pub fn iterator(items: Vec<Value>, kind: &'static str) -> Value {
    Value::Object(Rc::new(Generator {
        items: RefCell::new(items.into()),
        kind,
        name: None,
    }))
}

fn b_set(it: &mut Interp, call: &Call) -> R<Value> {
    let items = match call.args.first() {
        Some(v) => it.iterate(v)?,
        None => Vec::new(),
    };
    it.make_set(items, call.name == "frozenset")
}

fn b_chr(_: &mut Interp, call: &Call) -> R<Value> {
    match need("chr", call.args, call.kwargs, 0, "i")? {
        Value::Int(i) => match u32::try_from(*i).ok().and_then(char::from_u32) {
            Some(c) => Ok(Value::str(&c.to_string())),
            None => err(ErrorKind::Value, "chr() arg not in range(0x110000)"),
        },
        Value::Big(_) => err(
            ErrorKind::Overflow,
            "Python int too large to convert to C int",
        ),
        v => Err(crate::lang::bigint::not_int(v)),
    }
}

fn b_ord(_: &mut Interp, call: &Call) -> R<Value> {
    let v = need("ord", call.args, call.kwargs, 0, "c")?;
    let n = match v {
        Value::Str(s) => s.chars().count(),
        Value::Bytes(b) => b.len(),
        _ => {
            return err(
                ErrorKind::Type,
                format!(
                    "ord() expected string of length 1, but {} found",
                    v.type_name()
                ),
            )
        }
    };
    if n != 1 {
        return err(
            ErrorKind::Type,
            format!("ord() expected a character, but string of length {n} found"),
        );
    }
    Ok(Value::Int(match v {
        Value::Str(s) => s.chars().next().map_or(0, |c| c as i64),
        Value::Bytes(b) => b[0] as i64,
        _ => 0,
    }))
}

fn b_bytearray(it: &mut Interp, call: &Call) -> R<Value> {
    it.call_builtin("bytes", call.args.to_vec(), call.kwargs.to_vec())
}

fn b_iter(it: &mut Interp, call: &Call) -> R<Value> {
    let v = need("iter", call.args, call.kwargs, 0, "iterable")?;
    if v.object::<Generator>().is_some() {
        return Ok(v.clone());
    }
    let items = it.iterate(v)?;
    Ok(iterator(items, "iterator"))
}

fn b_reversed(it: &mut Interp, call: &Call) -> R<Value> {
    let v = need("reversed", call.args, call.kwargs, 0, "sequence")?;
    // Python reverses sequences (and dicts, by their order); an iterator or generator
    // has no end to start from.
    if v.object::<Generator>().is_some() || matches!(v, Value::Set(..)) {
        return Err(crate::lang::error::Error::at_none(
            ErrorKind::Type,
            format!("'{}' object is not reversible", v.type_name()),
        ));
    }
    let mut items = it.iterate(v)?;
    items.reverse();
    let kind = match v {
        Value::List(_) | Value::Packets(_) => "list_reverseiterator",
        Value::Dict(_) => "dict_reversekeyiterator",
        _ => "reversed",
    };
    Ok(iterator(items, kind))
}

fn b_next(it: &mut Interp, call: &Call) -> R<Value> {
    let v = need("next", call.args, call.kwargs, 0, "iterator")?;
    let item = match v {
        Value::Object(o) => o.next_item(),
        Value::Instance(_) => match it.call_dunder(v, "__next__", vec![]) {
            Ok(Some(x)) => Some(Some(x)),
            Ok(None) => None,
            Err(e) if e.kind == ErrorKind::StopIteration => Some(None),
            Err(e) => return Err(e),
        },
        _ => None,
    };
    let Some(item) = item else {
        return err(
            ErrorKind::Type,
            format!("'{}' object is not an iterator", v.type_name()),
        );
    };
    match item {
        Some(x) => Ok(x),
        None => match call.args.get(1) {
            Some(d) => Ok(d.clone()),
            None => err(ErrorKind::StopIteration, ""),
        },
    }
}

/// Whether a value is an instance of one type value.
fn instance_of(v: &Value, t: &Value) -> bool {
    match t {
        Value::UserClass(c) => matches!(v, Value::Instance(i) if i.class.is_subclass(c)),
        Value::ExceptionClass(k) => match v {
            Value::Exception(e) => e.kind.caught_by(k.python_name()),
            Value::Instance(i) => i
                .class
                .exception
                .is_some_and(|e| e.caught_by(k.python_name())),
            _ => false,
        },
        Value::Builtin(name) => matches!(
            (*name, v),
            ("int", Value::Int(_) | Value::Big(_) | Value::Bool(_))
                | ("float", Value::Float(_))
                | ("bool", Value::Bool(_))
                | ("str", Value::Str(_))
                | ("bytes" | "bytearray", Value::Bytes(_))
                | ("list", Value::List(_) | Value::Times(_))
                | ("tuple", Value::Tuple(_))
                | (
                    "dict" | "Counter" | "defaultdict" | "OrderedDict",
                    Value::Dict(_) | Value::Sessions(_)
                )
                | ("set", Value::Set(_, false))
                | ("frozenset", Value::Set(_, true))
                | ("object", _)
        ),
        Value::LayerClass(n) => match v {
            // Scapy: a packet is an instance of its first layer's class.
            Value::Packet(_) | Value::Layer(_) => {
                v.type_name() == *n
                    || *n == "Packet"
                    || crate::dissect::layers::class_by_name(v.type_name())
                        .is_some_and(|c| c.is_a(n))
            }
            Value::Record(r) => {
                r.class == *n
                    || *n == "Packet"
                    || crate::dissect::layers::class_by_name(r.class).is_some_and(|c| c.is_a(n))
            }
            _ => false,
        },
        Value::Class(c) => {
            let tn = v.type_name();
            c.ends_with(&format!(".{tn}'>")) || c.ends_with(&format!("'{tn}'>"))
        }
        Value::Function(c) => c.name == v.type_name(),
        _ => false,
    }
}

fn b_isinstance(_: &mut Interp, call: &Call) -> R<Value> {
    let v = need("isinstance", call.args, call.kwargs, 0, "obj")?;
    let t = need("isinstance", call.args, call.kwargs, 1, "class_or_tuple")?;
    Ok(Value::Bool(match t {
        Value::Tuple(ts) => ts.iter().any(|t| instance_of(v, t)),
        t => instance_of(v, t),
    }))
}

fn b_issubclass(_: &mut Interp, call: &Call) -> R<Value> {
    let a = need("issubclass", call.args, call.kwargs, 0, "cls")?;
    let b = need("issubclass", call.args, call.kwargs, 1, "class_or_tuple")?;
    Ok(Value::Bool(match (a, b) {
        (Value::UserClass(x), Value::UserClass(y)) => x.is_subclass(y),
        (Value::UserClass(x), Value::ExceptionClass(k)) => {
            x.exception.is_some_and(|e| e.caught_by(k.python_name()))
        }
        (Value::ExceptionClass(x), Value::ExceptionClass(k)) => x.caught_by(k.python_name()),
        (Value::UserClass(_), Value::Builtin("object")) => true,
        _ => false,
    }))
}

fn b_super(it: &mut Interp, _: &Call) -> R<Value> {
    it.super_value()
}

fn b_callable(_: &mut Interp, call: &Call) -> R<Value> {
    let v = need("callable", call.args, call.kwargs, 0, "obj")?;
    Ok(Value::Bool(matches!(
        v,
        Value::Builtin(_)
            | Value::Function(_)
            | Value::Func(_)
            | Value::Method(..)
            | Value::Bound(..)
            | Value::UserClass(_)
            | Value::ExceptionClass(_)
            | Value::LayerClass(_)
    )))
}

fn b_id(_: &mut Interp, call: &Call) -> R<Value> {
    let v = need("id", call.args, call.kwargs, 0, "obj")?;
    Ok(Value::Int(v as *const Value as i64))
}

fn b_divmod(it: &mut Interp, call: &Call) -> R<Value> {
    let a = need("divmod", call.args, call.kwargs, 0, "a")?;
    let b = need("divmod", call.args, call.kwargs, 1, "b")?;
    let q = it.binop(crate::lang::ast::BinOp::FloorDiv, a, b)?;
    let r = it.binop(crate::lang::ast::BinOp::Mod, a, b)?;
    Ok(Value::Tuple(Rc::new(vec![q, r])))
}

fn b_pow(it: &mut Interp, call: &Call) -> R<Value> {
    use crate::lang::bigint;
    let x = need("pow", call.args, call.kwargs, 0, "base")?;
    let y = need("pow", call.args, call.kwargs, 1, "exp")?;
    match arg(call.args, call.kwargs, 2, "mod") {
        None | Some(Value::None) => it.binop(crate::lang::ast::BinOp::Pow, x, y),
        Some(m) => match (bigint::of(x), bigint::of(y), bigint::of(m)) {
            (_, _, Some(m)) if m == 0.into() => {
                err(ErrorKind::Value, "pow() 3rd argument cannot be 0")
            }
            (Some(b), Some(e), Some(m)) if e >= 0.into() => Ok(bigint::norm(b.modpow(&e, &m))),
            (Some(_), Some(_), Some(_)) => err(
                ErrorKind::NotImplemented,
                "pow() with a negative exponent and a modulus (a modular inverse) is not supported yet",
            ),
            _ => err(
                ErrorKind::Type,
                "pow() 3rd argument not allowed unless all arguments are integers",
            ),
        },
    }
}

/// Python's `hash()`: exact for numbers and tuples of them; text hashes stably here,
/// where Python's changes from run to run.
fn b_hash(_: &mut Interp, call: &Call) -> R<Value> {
    let v = need("hash", call.args, call.kwargs, 0, "obj")?;
    Ok(Value::Int(py_hash(v)?))
}

fn py_hash(v: &Value) -> R<i64> {
    use crate::lang::bigint;
    Ok(match v {
        Value::Int(_) | Value::Big(_) | Value::Bool(_) | Value::Flags(..) => {
            bigint::hash(&bigint::of(v).unwrap_or_default())
        }
        Value::Float(f) => bigint::hash_float(*f),
        Value::Dec(d) => bigint::hash_float(d.to_f64()),
        Value::Tuple(t) => {
            // CPython's tuple hash (xxHash's mixing).
            const P1: u64 = 11400714785074694791;
            const P2: u64 = 14029467366897019727;
            const P5: u64 = 2870177450012600261;
            let mut acc = P5;
            for item in t.iter() {
                let lane = py_hash(item)? as u64;
                acc = acc.wrapping_add(lane.wrapping_mul(P2));
                acc = acc.rotate_left(31);
                acc = acc.wrapping_mul(P1);
            }
            acc = acc.wrapping_add((t.len() as u64) ^ (P5 ^ 3527539));
            if acc == u64::MAX {
                1546275796
            } else {
                acc as i64
            }
        }
        v => {
            let key = crate::lang::eval::hashable(v)?;
            let mut h = rustc_hash::FxHasher::default();
            std::hash::Hash::hash(&key, &mut h);
            let x = std::hash::Hasher::finish(&h) as i64;
            if x == -1 {
                -2
            } else {
                x
            }
        }
    })
}

/// `bin(n)`, `oct(n)` and `hex(n)` of any integer.
pub(crate) fn b_bin(_: &mut Interp, call: &Call) -> R<Value> {
    let v = need(call.name, call.args, call.kwargs, 0, "number")?;
    let Some(i) = crate::lang::bigint::of(v).filter(|_| !matches!(v, Value::Flags(..))) else {
        return Err(crate::lang::bigint::not_int(v));
    };
    let sign = if i.sign() == num_bigint::Sign::Minus {
        "-"
    } else {
        ""
    };
    let u = i.magnitude();
    Ok(Value::str(&match call.name {
        "bin" => format!("{sign}0b{u:b}"),
        "hex" => format!("{sign}0x{u:x}"),
        _ => format!("{sign}0o{u:o}"),
    }))
}

fn b_vars(it: &mut Interp, call: &Call) -> R<Value> {
    let v = need("vars", call.args, call.kwargs, 0, "object")?;
    if let Some(ns) = v.object::<crate::lang::modules::argparse::Namespace>() {
        let m =
            ns.0.borrow()
                .iter()
                .map(|(k, v)| (HKey::str(k), (Value::str(k), v.clone())))
                .collect();
        return Ok(Value::dict(m));
    }
    it.getattr(v, "__dict__")
}

fn b_globals(it: &mut Interp, _: &Call) -> R<Value> {
    let mut m: indexmap::IndexMap<HKey, (Value, Value)> = indexmap::IndexMap::new();
    let mut put = |k: &str, v: Value| {
        m.insert(HKey::str(k), (Value::str(k), v));
    };
    put("__name__", Value::str("__main__"));
    for c in crate::dissect::layers::classes() {
        put(c.name, Value::LayerClass(c.name));
    }
    let mut names: Vec<(&String, &Value)> = it.globals.iter().collect();
    names.sort_by(|a, b| a.0.cmp(b.0));
    for (k, v) in names {
        put(k, v.clone());
    }
    Ok(Value::dict(m))
}

fn b_namedtuple(_: &mut Interp, call: &Call) -> R<Value> {
    let name = need("namedtuple", call.args, call.kwargs, 0, "typename")?.to_str();
    let fields: Vec<String> = match need("namedtuple", call.args, call.kwargs, 1, "field_names")? {
        Value::Str(s) => s
            .replace(',', " ")
            .split_whitespace()
            .map(String::from)
            .collect(),
        Value::List(l) => l.borrow().iter().map(|v| v.to_str()).collect(),
        Value::Tuple(t) => t.iter().map(|v| v.to_str()).collect(),
        v => {
            return err(
                ErrorKind::Type,
                format!(
                    "field names must be a string or a list, not {}",
                    v.type_name()
                ),
            )
        }
    };
    let mut attrs = indexmap::IndexMap::new();
    attrs.insert(
        "_fields".to_string(),
        Value::Tuple(Rc::new(fields.iter().map(|f| Value::str(f)).collect())),
    );
    Ok(Value::UserClass(Rc::new(ClassObj {
        name,
        bases: vec![],
        attrs: RefCell::new(attrs),
        exception: None,
    })))
}
