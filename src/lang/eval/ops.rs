//! Operators: arithmetic on ints, exact decimals and floats; comparison and equality.

use std::rc::Rc;
use std::sync::Arc;

use super::*;
use crate::lang::ast::*;
use crate::lang::bigint;
use crate::lang::error::{Error, ErrorKind};
use crate::lang::format;
use crate::lang::value::*;
use crate::time::Decimal;

impl Interp {
    pub(crate) fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> R<bool> {
        if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
            if let Some(r) = self.compare_instances(op, a, b)? {
                return Ok(r);
            }
        }
        // Named tuples compare as the tuples of their fields (`sorted(flows)`).
        if named(a) || named(b) {
            if let (Some(x), Some(y)) = (as_tuple(a), as_tuple(b)) {
                return self.compare(op, &x, &y);
            }
        }
        Ok(match op {
            CmpOp::Eq => values_equal(a, b),
            CmpOp::Ne => !values_equal(a, b),
            CmpOp::In => self.contains(b, a)?,
            CmpOp::NotIn => !self.contains(b, a)?,
            CmpOp::Is => identical(a, b),
            CmpOp::IsNot => !identical(a, b),
            _ => {
                let ord = compare_values(a, b).ok_or_else(|| not_ordered(&op.to_string(), a, b))?;
                match op {
                    CmpOp::Lt => ord.is_lt(),
                    CmpOp::Gt => ord.is_gt(),
                    CmpOp::Le => ord.is_le(),
                    _ => ord.is_ge(),
                }
            }
        })
    }

    /// A comparison a script's class defines (`__eq__`, `__lt__` ..., `__contains__`),
    /// tried on the left operand, then reflected on the right, as Python does. Without
    /// `__eq__`, instances are equal only to themselves.
    fn compare_instances(&mut self, op: CmpOp, a: &Value, b: &Value) -> R<Option<bool>> {
        let (name, reflected) = match op {
            CmpOp::Eq => ("__eq__", "__eq__"),
            CmpOp::Ne => ("__ne__", "__ne__"),
            CmpOp::Lt => ("__lt__", "__gt__"),
            CmpOp::Gt => ("__gt__", "__lt__"),
            CmpOp::Le => ("__le__", "__ge__"),
            CmpOp::Ge => ("__ge__", "__le__"),
            CmpOp::In | CmpOp::NotIn => {
                return Ok(self
                    .call_dunder(b, "__contains__", vec![a.clone()])?
                    .map(|v| v.truthy() == (op == CmpOp::In)));
            }
            CmpOp::Is | CmpOp::IsNot => return Ok(None),
        };
        if let Some(v) = self.call_dunder(a, name, vec![b.clone()])? {
            return Ok(Some(v.truthy()));
        }
        if let Some(v) = self.call_dunder(b, reflected, vec![a.clone()])? {
            return Ok(Some(v.truthy()));
        }
        Ok(match op {
            CmpOp::Ne => match self.call_dunder(a, "__eq__", vec![b.clone()])? {
                Some(v) => Some(!v.truthy()),
                None if named(a) || named(b) => None,
                None => Some(!identical(a, b)),
            },
            CmpOp::Eq if !named(a) && !named(b) => Some(identical(a, b)),
            _ => None,
        })
    }

    pub(crate) fn binop(&mut self, op: BinOp, a: &Value, b: &Value) -> R<Value> {
        use Value::*;
        let num = as_number;
        if let (Some(x), Some(y)) = (num(a), num(b)) {
            return arith(op, &x, &y);
        }
        if op == BinOp::Div
            && (matches!(a, Packet(_) | Layer(_)) || matches!(b, Packet(_) | Layer(_)))
            && matches!(a, Packet(_) | Layer(_) | Str(_) | Bytes(_))
            && matches!(b, Packet(_) | Layer(_) | Str(_) | Bytes(_))
        {
            return crate::lang::builtins::build::div(a, b);
        }
        if let Object(o) = a {
            if let Some(v) = o.binop(op, b, false) {
                return Ok(v);
            }
        }
        if let Object(o) = b {
            if let Some(v) = o.binop(op, a, true) {
                return Ok(v);
            }
        }
        if let Some(v) = self.instance_binop(op, a, b)? {
            return Ok(v);
        }
        Ok(match (op, a, b) {
            (BinOp::Add, Str(_), Str(_))
            | (BinOp::Add, Bytes(_), Bytes(_))
            | (BinOp::Add, List(_), List(_))
            | (BinOp::Add, Tuple(_), Tuple(_)) => concat(a, b)?,
            (BinOp::Add, Packets(x), Packets(y)) => {
                if !Arc::ptr_eq(&x.cap, &y.cap) {
                    let mut items: Vec<Value> = self.iterate(a)?;
                    items.extend(self.iterate(b)?);
                    Value::list(items)
                } else {
                    let mut v = x.indices();
                    v.extend(y.indices());
                    self.packets_value(PacketList::new(
                        x.cap.clone(),
                        Some(Rc::new(v)),
                        format!("{}+{}", x.name, y.name),
                    ))
                }
            }
            (BinOp::Mul, Str(_) | Bytes(_) | List(_) | Tuple(_), Big(_))
            | (BinOp::Mul, Big(_), Str(_) | Bytes(_) | List(_) | Tuple(_)) => {
                return err(
                    ErrorKind::Overflow,
                    "cannot fit 'int' into an index-sized integer",
                )
            }
            (BinOp::Mul, Str(s), Int(n)) | (BinOp::Mul, Int(n), Str(s)) => {
                check_size((*n).max(0) as u128 * s.len() as u128)?;
                Value::str(&s.repeat((*n).max(0) as usize))
            }
            (BinOp::Mul, Bytes(s), Int(n)) | (BinOp::Mul, Int(n), Bytes(s)) => {
                check_size((*n).max(0) as u128 * s.len() as u128)?;
                Bytes(s.repeat((*n).max(0) as usize).into())
            }
            (BinOp::Mul, Tuple(t), Int(n)) | (BinOp::Mul, Int(n), Tuple(t)) => {
                check_items((*n).max(0) as u128 * t.len() as u128)?;
                let n = if t.is_empty() { 0 } else { (*n).max(0) };
                Tuple(Rc::new((0..n).flat_map(|_| t.iter().cloned()).collect()))
            }
            (BinOp::Mul, List(l), Int(n)) | (BinOp::Mul, Int(n), List(l)) => {
                let items = l.borrow();
                check_items((*n).max(0) as u128 * items.len() as u128)?;
                let n = if items.is_empty() { 0 } else { (*n).max(0) };
                Value::list((0..n).flat_map(|_| items.iter().cloned()).collect())
            }
            (BinOp::Add | BinOp::Sub, Dict(x), Dict(y))
                if matches!(x.borrow().kind, DictKind::Counter) =>
            {
                // Counter arithmetic keeps the positive counts.
                let mut out = x.borrow().clone();
                for (h, (k, v)) in y.borrow().iter() {
                    let cur = out.get(h).map_or(Int(0), |(_, c)| c.clone());
                    let n = arith(op, &cur, v)?;
                    out.insert(h.clone(), (k.clone(), n));
                }
                out.retain(|_, (_, v)| matches!(v, Int(n) if *n > 0));
                Dict(Rc::new(std::cell::RefCell::new(out)))
            }
            (BinOp::Mod, Str(f), args) => {
                let args = self.rendered(args)?;
                Value::str(&format::percent(f, &args)?)
            }
            (BinOp::Mod, Bytes(f), args) => {
                let text: String = f.iter().map(|&c| c as char).collect();
                let args = match args {
                    Tuple(t) => Tuple(Rc::new(t.iter().map(bytes_as_text).collect())),
                    x => bytes_as_text(x),
                };
                let out = format::percent(&text, &args)?;
                Bytes(
                    out.chars()
                        .map(|c| c as u32 as u8)
                        .collect::<Vec<u8>>()
                        .into(),
                )
            }
            (BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor, Set(x, fz), Set(y, _)) => {
                let (x, y) = (x.borrow(), y.borrow());
                let mut out = indexmap::IndexMap::new();
                match op {
                    BinOp::BitOr => out.extend(
                        x.iter()
                            .chain(y.iter())
                            .map(|(k, v)| (k.clone(), v.clone())),
                    ),
                    BinOp::BitAnd => out.extend(
                        x.iter()
                            .filter(|(k, _)| y.contains_key(*k))
                            .map(|(k, v)| (k.clone(), v.clone())),
                    ),
                    BinOp::Sub => out.extend(
                        x.iter()
                            .filter(|(k, _)| !y.contains_key(*k))
                            .map(|(k, v)| (k.clone(), v.clone())),
                    ),
                    _ => out.extend(
                        x.iter()
                            .filter(|(k, _)| !y.contains_key(*k))
                            .chain(y.iter().filter(|(k, _)| !x.contains_key(*k)))
                            .map(|(k, v)| (k.clone(), v.clone())),
                    ),
                }
                Set(Rc::new(std::cell::RefCell::new(out)), *fz)
            }
            _ => {
                return err(
                    ErrorKind::Type,
                    format!(
                        "unsupported operand type(s) for {op}: '{}' and '{}'",
                        a.type_name(),
                        b.type_name()
                    ),
                )
            }
        })
    }
}

/// The most memory one value may take (1 GiB): building more is a MemoryError, and the
/// shell stays up (Python would try, and take the machine with it).
static MAX_VALUE_BYTES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1 << 30);

/// Sets the most memory one value may take, for the whole process. The language fuzz
/// target lowers it, so that an input squaring a number again and again ends in a
/// MemoryError at once instead of minutes of arithmetic.
pub fn limit_value_bytes(bytes: u64) {
    MAX_VALUE_BYTES.store(bytes, Ordering::Relaxed);
}

/// Refuses to build a value of more than [`MAX_VALUE_BYTES`] bytes.
pub(crate) fn check_size(bytes: u128) -> R<()> {
    let max = MAX_VALUE_BYTES.load(Ordering::Relaxed);
    if bytes > max as u128 {
        let limit = if max >= 1 << 20 {
            format!("{} MiB", max >> 20)
        } else {
            format!("{max} bytes")
        };
        return err(
            ErrorKind::Memory,
            format!(
                "that would take {bytes} bytes, more than the {limit} one value may use in pcapsh"
            ),
        );
    }
    Ok(())
}

/// Refuses to build a list or tuple of more items than [`MAX_VALUE_BYTES`] holds.
pub(crate) fn check_items(items: u128) -> R<()> {
    check_size(items.saturating_mul(std::mem::size_of::<Value>() as u128))
}

/// An operand of decimal arithmetic: a Decimal, an int, or a finite float (exactly).
fn dec_operand(v: &Value) -> Option<Decimal> {
    match v {
        Value::Dec(d) => Some(*d),
        Value::Int(i) => Some(Decimal::from_int(*i)),
        Value::Bool(b) => Some(Decimal::from_int(*b as i64)),
        Value::Float(f) => Decimal::from_f64(*f),
        _ => None,
    }
}

/// `a + b` of two sequences of one kind, refused past [`MAX_VALUE_BYTES`].
fn concat(a: &Value, b: &Value) -> R<Value> {
    use Value::*;
    Ok(match (a, b) {
        (Str(x), Str(y)) => {
            check_size(x.len() as u128 + y.len() as u128)?;
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            Value::string(s)
        }
        (Bytes(x), Bytes(y)) => {
            check_size(x.len() as u128 + y.len() as u128)?;
            Bytes([&x[..], &y[..]].concat().into())
        }
        (List(x), List(y)) => {
            check_items(x.borrow().len() as u128 + y.borrow().len() as u128)?;
            Value::list(
                x.borrow()
                    .iter()
                    .chain(y.borrow().iter())
                    .cloned()
                    .collect(),
            )
        }
        (Tuple(x), Tuple(y)) => {
            check_items(x.len() as u128 + y.len() as u128)?;
            Tuple(Rc::new(x.iter().chain(y.iter()).cloned().collect()))
        }
        _ => {
            return err(
                ErrorKind::Type,
                "can only concatenate sequences of one kind",
            )
        }
    })
}

/// Arithmetic on numbers: ints stay ints, exact decimals stay exact, floats are floats.
pub(crate) fn arith(op: BinOp, a: &Value, b: &Value) -> R<Value> {
    use Value::*;
    let zero = || err(ErrorKind::ZeroDivision, "division by zero");
    if matches!(a, Big(_)) || matches!(b, Big(_)) {
        if let (Some(x), Some(y)) = (bigint::of(a), bigint::of(b)) {
            return bigint::arith(op, &x, &y);
        }
        // With a float or a decimal, the integer takes part as a float.
        let float = |v: &Value| match v {
            Big(n) => bigint::to_f64(n).map(Float),
            Dec(d) => Ok(Float(d.to_f64())),
            v => Ok(v.clone()),
        };
        return arith(op, &float(a)?, &float(b)?);
    }
    Ok(match (a, b) {
        (Int(x), Int(y)) => int_arith(op, x, y)?,
        (Dec(_), Int(_) | Bool(_) | Float(_) | Dec(_)) | (Int(_) | Bool(_) | Float(_), Dec(_))
            if dec_operand(a).is_some() && dec_operand(b).is_some() =>
        {
            // Scapy's EDecimal: the other operand becomes a Decimal (a float exactly).
            let (x, y) = (dec_operand(a).unwrap(), dec_operand(b).unwrap());
            match op {
                BinOp::Add => Dec(x + y),
                BinOp::Sub => Dec(x - y),
                BinOp::Mul => Dec(x * y),
                BinOp::Div => {
                    if y.mantissa == 0 {
                        return err(ErrorKind::ZeroDivision, "division by zero");
                    }
                    Dec(crate::lang::numbers::dec_div(x, y))
                }
                BinOp::FloorDiv => match x.div_trunc(y) {
                    Option::None => return zero(),
                    Some(q) => bigint::norm(q.into()),
                },
                BinOp::Mod => match x.rem_trunc(y) {
                    Option::None => return zero(),
                    Some(r) => Dec(r),
                },
                _ => {
                    return err(
                        ErrorKind::Type,
                        format!(
                            "unsupported operand type(s) for {op}: 'EDecimal' and '{}'",
                            b.type_name()
                        ),
                    )
                }
            }
        }
        _ => {
            let f = as_float;
            let (x, y) = (f(a), f(b));
            match op {
                BinOp::Add => Float(x + y),
                BinOp::Sub => Float(x - y),
                BinOp::Mul => Float(x * y),
                BinOp::Div => {
                    if y == 0.0 {
                        return err(ErrorKind::ZeroDivision, "float division by zero");
                    }
                    Float(x / y)
                }
                BinOp::FloorDiv => {
                    if y == 0.0 {
                        return zero();
                    }
                    Float((x / y).floor())
                }
                BinOp::Mod => {
                    if y == 0.0 {
                        return zero();
                    }
                    Float(x - y * (x / y).floor())
                }
                BinOp::Pow => Float(x.powf(y)),
                _ => {
                    return err(
                        ErrorKind::Type,
                        format!("unsupported operand type(s) for {op}: 'float'"),
                    )
                }
            }
        }
    })
}

/// `x op y` on two 64-bit integers; past 64 bits, the same on unbounded integers.
fn int_arith(op: BinOp, x: &i64, y: &i64) -> R<Value> {
    use Value::*;
    let zero = || err(ErrorKind::ZeroDivision, "division by zero");
    let big = |x: i64, y: i64| bigint::arith(op, &x.into(), &y.into());
    Ok(match op {
        BinOp::Add => match x.checked_add(*y) {
            Some(v) => Int(v),
            Option::None => big(*x, *y)?,
        },
        BinOp::Sub => match x.checked_sub(*y) {
            Some(v) => Int(v),
            Option::None => big(*x, *y)?,
        },
        BinOp::Mul => match x.checked_mul(*y) {
            Some(v) => Int(v),
            Option::None => big(*x, *y)?,
        },
        BinOp::Div => {
            if *y == 0 {
                return zero();
            }
            Float(*x as f64 / *y as f64)
        }
        BinOp::FloorDiv => {
            if *y == 0 {
                return zero();
            }
            let Some(q) = x.checked_div_euclid(*y) else {
                return big(*x, *y);
            };
            Int(if x.rem_euclid(*y) != 0 && *y < 0 {
                q - 1
            } else {
                q
            })
        }
        BinOp::Mod => {
            if *y == 0 {
                return zero();
            }
            Int(x.wrapping_rem(*y).wrapping_add(*y).wrapping_rem(*y))
        }
        BinOp::Pow => {
            if *y >= 0 {
                match u32::try_from(*y).ok().and_then(|e| x.checked_pow(e)) {
                    Some(v) => Int(v),
                    Option::None => big(*x, *y)?,
                }
            } else {
                Float((*x as f64).powf(*y as f64))
            }
        }
        BinOp::BitAnd => Int(x & y),
        BinOp::BitOr => Int(x | y),
        BinOp::BitXor => Int(x ^ y),
        BinOp::LShift if *y < 0 => return err(ErrorKind::Value, "negative shift count"),
        BinOp::RShift if *y < 0 => return err(ErrorKind::Value, "negative shift count"),
        BinOp::LShift => {
            let r = if *y > 63 {
                Option::None
            } else {
                x.checked_shl(*y as u32)
            };
            match r {
                Some(v) if *x == 0 || (v >> *y) == *x => Int(v),
                _ if *x == 0 => Int(0),
                _ => big(*x, *y)?,
            }
        }
        BinOp::RShift => Int(if *y > 63 {
            if *x < 0 {
                -1
            } else {
                0
            }
        } else {
            x >> y
        }),
    })
}

/// The special method a script's class defines for an operator: `__add__` for `+`.
pub(crate) fn dunder_of(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "sub",
        BinOp::Mul => "mul",
        BinOp::Div => "truediv",
        BinOp::FloorDiv => "floordiv",
        BinOp::Mod => "mod",
        BinOp::Pow => "pow",
        BinOp::LShift => "lshift",
        BinOp::RShift => "rshift",
        BinOp::BitAnd => "and",
        BinOp::BitOr => "or",
        BinOp::BitXor => "xor",
    }
}

impl Interp {
    /// `a op b` where either is an instance of a script's class: `a.__op__(b)`, else
    /// `b.__rop__(a)`; None when neither defines it.
    pub(crate) fn instance_binop(&mut self, op: BinOp, a: &Value, b: &Value) -> R<Option<Value>> {
        let name = dunder_of(op);
        if matches!(a, Value::Instance(_)) {
            if let Some(v) = self.call_dunder(a, &format!("__{name}__"), vec![b.clone()])? {
                return Ok(Some(v));
            }
        }
        if matches!(b, Value::Instance(_)) {
            if let Some(v) = self.call_dunder(b, &format!("__r{name}__"), vec![a.clone()])? {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// `-x`, `+x`, `~x` on an instance of a script's class that defines `__neg__` ...
    pub(crate) fn instance_unary(&mut self, op: UnaryOp, v: &Value) -> R<Option<Value>> {
        let name = match op {
            UnaryOp::Neg => "__neg__",
            UnaryOp::Pos => "__pos__",
            UnaryOp::Invert => "__invert__",
            UnaryOp::Not => return Ok(None),
        };
        if !matches!(v, Value::Instance(_)) {
            return Ok(None);
        }
        self.call_dunder(v, name, vec![])
    }
}

pub(crate) fn hashable(v: &Value) -> R<HKey> {
    if matches!(v, Value::Tuple(_)) && nesting(v) > MAX_KEY_NESTING {
        // CPython dies here (its tuple hash recurses on the C stack); this is its error.
        return err(
            ErrorKind::Recursion,
            "maximum recursion depth exceeded while hashing a tuple",
        );
    }
    if let Value::Instance(i) = v {
        if i.tuple_fields().is_none() && i.class.find("__hash__").is_some() {
            return err(
                ErrorKind::NotImplemented,
                format!(
                    "'{}' objects as dict keys or set items: pcapsh does not call a \
                     class's __hash__ yet (use a tuple of its fields as the key)",
                    i.class.name
                ),
            );
        }
    }
    v.hkey().ok_or_else(|| {
        Error::at_none(
            ErrorKind::Type,
            format!("unhashable type: '{}'", v.type_name()),
        )
    })
}

/// Tuples inside tuples deeper than this are not hashed: their keys are dropped and
/// compared by recursion.
const MAX_KEY_NESTING: usize = 10_000;

/// How deep tuples nest in `v`, counted without recursion (stopping past the limit).
fn nesting(v: &Value) -> usize {
    let mut deepest = 0;
    let mut todo = vec![(v, 0)];
    while let Some((v, d)) = todo.pop() {
        deepest = deepest.max(d);
        if let (Value::Tuple(t), true) = (v, d <= MAX_KEY_NESTING) {
            todo.extend(t.iter().map(|x| (x, d + 1)));
        }
    }
    deepest
}

/// Whether `v` is a named tuple (it compares as its fields).
fn named(v: &Value) -> bool {
    matches!(v, Value::Instance(i) if i.tuple_fields().is_some())
}

/// A named tuple as the plain tuple of its fields; any other value as itself; None for an
/// instance that is not a named tuple.
fn as_tuple(v: &Value) -> Option<Value> {
    match v {
        Value::Instance(i) => i.tuple_values().map(|t| Value::Tuple(Rc::new(t))),
        v => Some(v.clone()),
    }
}

/// `b'%s' % x`: bytes arguments take part as text of the same bytes.
fn bytes_as_text(v: &Value) -> Value {
    match v {
        Value::Bytes(b) => Value::str(&b.iter().map(|&c| c as char).collect::<String>()),
        x => x.clone(),
    }
}

pub(crate) fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Instance(x), Value::Instance(y)) => Rc::ptr_eq(x, y),
        (Value::UserClass(x), Value::UserClass(y)) => Rc::ptr_eq(x, y),
        (Value::Set(x, _), Value::Set(y, _)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Dict(x), Value::Dict(y)) => Rc::ptr_eq(x, y),
        (Value::Packets(x), Value::Packets(y)) => Rc::ptr_eq(x, y),
        // A packet is one object wherever it is reached from (`a[0] is a[0]`), and its
        // first layer is the packet itself (`p[Ether] is p`, `p.getlayer('IP.src') is p[IP]`).
        (Value::Packet(x), Value::Packet(y)) => same_packet(x, y),
        (Value::Layer(x), Value::Layer(y)) => x.layer == y.layer && same_packet(&x.pkt, &y.pkt),
        (Value::Packet(x), Value::Layer(y)) | (Value::Layer(y), Value::Packet(x)) => {
            y.layer == 0 && same_packet(x, &y.pkt)
        }
        // Classes, builtins and modules are one object each (`p.__class__ is TCP`).
        (Value::LayerClass(x), Value::LayerClass(y)) | (Value::Builtin(x), Value::Builtin(y)) => {
            x == y
        }
        (Value::Function(x), Value::Function(y)) => std::ptr::eq(*x, *y),
        (Value::Module(x), Value::Module(y)) => x == y,
        // CPython keeps one object for each of the small integers.
        (Value::Int(x), Value::Int(y)) => x == y && (-5..=256).contains(x),
        _ => false,
    }
}

fn same_packet(x: &crate::domain::PacketRef, y: &crate::domain::PacketRef) -> bool {
    match (&x.built, &y.built) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => std::sync::Arc::ptr_eq(&x.cap, &y.cap) && x.index == y.index,
        _ => false,
    }
}

pub(crate) fn values_equal(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Flags(v, k), Str(s)) | (Str(s), Flags(v, k)) => {
            crate::lang::value::flags_str(*v, *k) == **s
        }
        (Str(x), Str(y)) => x == y,
        (Bytes(x), Bytes(y)) => x == y,
        (None, None) => true,
        // The same list is equal to itself (Python compares identity first), which also
        // ends the comparison of a list that holds itself.
        (List(x), List(y)) if Rc::ptr_eq(x, y) => true,
        (List(x), List(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(a, b)| super::deep(|| values_equal(a, b)))
        }
        (Tuple(x), Tuple(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(a, b)| super::deep(|| values_equal(a, b)))
        }
        // Named tuples equal the tuples of their fields, as Python's.
        (Instance(i), _) | (_, Instance(i)) if i.tuple_fields().is_some() => {
            match (as_tuple(a), as_tuple(b)) {
                (Some(x @ Tuple(_)), Some(y @ Tuple(_))) => values_equal(&x, &y),
                _ => false,
            }
        }
        (LayerClass(x), LayerClass(y)) => x == y,
        (Set(x, _), Set(y, _)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.keys().all(|k| y.contains_key(k))
        }
        (Dict(x), Dict(y)) if Rc::ptr_eq(x, y) => true,
        (Dict(x), Dict(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, (_, v))| y.get(k).is_some_and(|(_, w)| values_equal(v, w)))
        }
        (Object(o), _) if o.cmp(b).is_some() => o.cmp(b).is_some_and(|c| c.is_eq()),
        (Instance(_), Instance(_)) | (UserClass(_), UserClass(_)) | (Object(_), Object(_)) => {
            identical(a, b)
        }
        (Builtin(x), Builtin(y)) => x == y,
        (Packet(x), Packet(y)) => Arc::ptr_eq(&x.cap, &y.cap) && x.index == y.index,
        _ => compare_values(a, b).is_some_and(|o| o.is_eq()),
    }
}

pub(crate) fn compare_values(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    use Value::*;
    let num = as_number;
    match (num(a), num(b)) {
        (Some(x), Some(y)) => match (&x, &y) {
            (Int(p), Int(q)) => Some(p.cmp(q)),
            (Int(_) | Big(_), Int(_) | Big(_)) => Some(bigint::of(&x)?.cmp(&bigint::of(&y)?)),
            (Dec(p), Dec(q)) => Some(p.cmp(q)),
            (Dec(p), Int(q)) => Some(p.cmp(&Decimal::from_int(*q))),
            (Int(p), Dec(q)) => Some(Decimal::from_int(*p).cmp(q)),
            _ => {
                let f = as_float;
                f(&x).partial_cmp(&f(&y))
            }
        },
        _ if named(a) || named(b) => compare_values(&as_tuple(a)?, &as_tuple(b)?),
        _ => match (a, b) {
            (Str(x), Str(y)) => Some(x.cmp(y)),
            (Bytes(x), Bytes(y)) => Some(x.cmp(y)),
            (List(x), List(y)) => seq_cmp(&x.borrow(), &y.borrow()),
            (Tuple(x), Tuple(y)) => seq_cmp(x, y),
            (Object(o), y) => o.cmp(y),
            (x, Object(o)) => o.cmp(x).map(|c| c.reverse()),
            _ => Option::None,
        },
    }
}

/// The TypeError of an ordering Python refuses; it names the innermost pair that does not
/// compare (`sorted([('a', 1), (None, 2)])` names 'NoneType' and 'str', not the tuples).
pub(crate) fn not_ordered(op: &str, a: &Value, b: &Value) -> crate::lang::Error {
    fn inner(a: &Value, b: &Value) -> (&'static str, &'static str) {
        let pair = |x: &[Value], y: &[Value]| {
            x.iter()
                .zip(y)
                .find(|(p, q)| !values_equal(p, q))
                .map(|(p, q)| inner(p, q))
        };
        let found = match (a, b) {
            (Value::List(x), Value::List(y)) => pair(&x.borrow(), &y.borrow()),
            (Value::Tuple(x), Value::Tuple(y)) => pair(x, y),
            _ => None,
        };
        found.unwrap_or((a.type_name(), b.type_name()))
    }
    let (x, y) = inner(a, b);
    crate::lang::Error::at_none(
        crate::lang::ErrorKind::Type,
        format!("'{op}' not supported between instances of '{x}' and '{y}'"),
    )
}

pub(crate) fn seq_cmp(x: &[Value], y: &[Value]) -> Option<std::cmp::Ordering> {
    for (a, b) in x.iter().zip(y.iter()) {
        if values_equal(a, b) {
            continue;
        }
        return compare_values(a, b);
    }
    Some(x.len().cmp(&y.len()))
}

/// A unary operator applied to a value.
pub(crate) fn unary(op: UnaryOp, v: &Value) -> R<Value> {
    Ok(match (op, v) {
        (UnaryOp::Not, _) => Value::Bool(!v.truthy()),
        (UnaryOp::Neg, Value::Int(i)) => match i.checked_neg() {
            Some(n) => Value::Int(n),
            None => bigint::neg(&(*i).into()),
        },
        (UnaryOp::Neg, Value::Big(b)) => bigint::neg(b),
        (UnaryOp::Invert, Value::Big(b)) => bigint::invert(b),
        (UnaryOp::Neg, Value::Float(f)) => Value::Float(-f),
        (UnaryOp::Neg, Value::Dec(d)) => Value::Dec(-*d),
        (UnaryOp::Neg, Value::Bool(b)) => Value::Int(-(*b as i64)),
        (UnaryOp::Pos, Value::Int(_) | Value::Big(_) | Value::Float(_) | Value::Dec(_)) => {
            v.clone()
        }
        (UnaryOp::Invert, Value::Int(i)) => Value::Int(!i),
        _ => {
            return err(
                ErrorKind::Type,
                format!("bad operand type for unary {op}: '{}'", v.type_name()),
            )
        }
    })
}

/// A value as a number for arithmetic and comparison: bools and flags count as ints.
fn as_number(v: &Value) -> Option<Value> {
    match v {
        Value::Bool(x) => Some(Value::Int(*x as i64)),
        Value::Flags(x, _) => Some(Value::Int(*x as i64)),
        Value::Int(_) | Value::Big(_) | Value::Float(_) | Value::Dec(_) => Some(v.clone()),
        _ => None,
    }
}

/// A number as a float, for mixed arithmetic and comparison.
fn as_float(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Big(b) => num_traits::ToPrimitive::to_f64(&**b).unwrap_or(f64::NAN),
        Value::Float(f) => *f,
        Value::Dec(d) => d.to_f64(),
        _ => 0.0,
    }
}
