//! Operators: arithmetic on ints, exact decimals and floats; comparison and equality.

use std::rc::Rc;
use std::sync::Arc;

use super::*;
use crate::lang::ast::*;
use crate::lang::error::{Error, ErrorKind};
use crate::lang::format;
use crate::lang::value::*;
use crate::time::Decimal;

impl Interp {
    pub(crate) fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> R<bool> {
        Ok(match op {
            CmpOp::Eq => values_equal(a, b),
            CmpOp::Ne => !values_equal(a, b),
            CmpOp::In => self.contains(b, a)?,
            CmpOp::NotIn => !self.contains(b, a)?,
            CmpOp::Is => identical(a, b),
            CmpOp::IsNot => !identical(a, b),
            _ => {
                let ord = compare_values(a, b).ok_or_else(|| {
                    Error::at_none(
                        ErrorKind::Type,
                        format!(
                            "'{op}' not supported between instances of '{}' and '{}'",
                            a.type_name(),
                            b.type_name()
                        ),
                    )
                })?;
                match op {
                    CmpOp::Lt => ord.is_lt(),
                    CmpOp::Gt => ord.is_gt(),
                    CmpOp::Le => ord.is_le(),
                    _ => ord.is_ge(),
                }
            }
        })
    }

    pub(crate) fn binop(&mut self, op: BinOp, a: &Value, b: &Value) -> R<Value> {
        use Value::*;
        let num = as_number;
        if let (Some(x), Some(y)) = (num(a), num(b)) {
            return arith(op, &x, &y);
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
        Ok(match (op, a, b) {
            (BinOp::Add, Str(x), Str(y)) => Value::str(&format!("{x}{y}")),
            (BinOp::Add, Bytes(x), Bytes(y)) => Bytes([&x[..], &y[..]].concat().into()),
            (BinOp::Add, List(x), List(y)) => Value::list(
                x.borrow()
                    .iter()
                    .chain(y.borrow().iter())
                    .cloned()
                    .collect(),
            ),
            (BinOp::Add, Tuple(x), Tuple(y)) => {
                Tuple(Rc::new(x.iter().chain(y.iter()).cloned().collect()))
            }
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
            (BinOp::Mul, Str(s), Int(n)) | (BinOp::Mul, Int(n), Str(s)) => {
                check_size((*n).max(0) as u128 * s.len() as u128)?;
                Value::str(&s.repeat((*n).max(0) as usize))
            }
            (BinOp::Mul, Bytes(s), Int(n)) | (BinOp::Mul, Int(n), Bytes(s)) => {
                check_size((*n).max(0) as u128 * s.len() as u128)?;
                Bytes(s.repeat((*n).max(0) as usize).into())
            }
            (BinOp::Mul, Tuple(t), Int(n)) | (BinOp::Mul, Int(n), Tuple(t)) => {
                check_size((*n).max(0) as u128 * t.len() as u128)?;
                Tuple(Rc::new(
                    (0..(*n).max(0)).flat_map(|_| t.iter().cloned()).collect(),
                ))
            }
            (BinOp::Mul, List(l), Int(n)) | (BinOp::Mul, Int(n), List(l)) => {
                let items = l.borrow();
                check_size((*n).max(0) as u128 * items.len() as u128)?;
                Value::list(
                    (0..(*n).max(0))
                        .flat_map(|_| items.iter().cloned())
                        .collect(),
                )
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

/// Python's integers have no bound; pcapsh's have 64 bits, and says so rather than wrap.
fn too_big() -> Error {
    Error::at_none(
        ErrorKind::Overflow,
        "integer result beyond 64 bits: pcapsh's integers are 64-bit (Python's have no bound)",
    )
}

/// Refuses to build a value of more than 100 million items or bytes: the shell stays up.
pub(crate) fn check_size(n: u128) -> R<()> {
    if n > 100_000_000 {
        return err(
            ErrorKind::Value,
            format!("that would make {n} items, more than this shell makes at once"),
        );
    }
    Ok(())
}

/// Arithmetic on numbers: ints stay ints, exact decimals stay exact, floats are floats.
pub(crate) fn arith(op: BinOp, a: &Value, b: &Value) -> R<Value> {
    use Value::*;
    let zero = || err(ErrorKind::ZeroDivision, "division by zero");
    Ok(match (a, b) {
        (Int(x), Int(y)) => match op {
            BinOp::Add => Int(x.checked_add(*y).ok_or_else(too_big)?),
            BinOp::Sub => Int(x.checked_sub(*y).ok_or_else(too_big)?),
            BinOp::Mul => Int(x.checked_mul(*y).ok_or_else(too_big)?),
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
                Int(x.div_euclid(*y)
                    - if (x.rem_euclid(*y) != 0) && (*y < 0) {
                        1
                    } else {
                        0
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
                    let e = u32::try_from(*y).map_err(|_| too_big())?;
                    Int(x.checked_pow(e).ok_or_else(too_big)?)
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
                    _ => return Err(too_big()),
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
        },
        (Dec(_), _) | (_, Dec(_)) if !matches!(a, Float(_)) && !matches!(b, Float(_)) => {
            let d = |v: &Value| match v {
                Dec(d) => *d,
                Int(i) => Decimal::from_int(*i),
                _ => Decimal::from_int(0),
            };
            let (x, y) = (d(a), d(b));
            match op {
                BinOp::Add => Dec(x + y),
                BinOp::Sub => Dec(x - y),
                BinOp::Mul => match (a, b) {
                    (Dec(x), Int(k)) | (Int(k), Dec(x)) => Dec(x.mul_int(*k)),
                    _ => Float(x.to_f64() * y.to_f64()),
                },
                BinOp::Div => {
                    if y.mantissa == 0 {
                        return err(ErrorKind::ZeroDivision, "division by zero");
                    }
                    Dec(crate::lang::numbers::dec_div(x, y))
                }
                BinOp::FloorDiv => {
                    if y.mantissa == 0 {
                        return zero();
                    }
                    Int((x.to_f64() / y.to_f64()).trunc() as i64)
                }
                BinOp::Mod => Float(x.to_f64() % y.to_f64()),
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

pub(crate) fn hashable(v: &Value) -> R<HKey> {
    v.hkey().ok_or_else(|| {
        Error::at_none(
            ErrorKind::Type,
            format!("unhashable type: '{}'", v.type_name()),
        )
    })
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
        (List(x), List(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| values_equal(a, b))
        }
        (Tuple(x), Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| values_equal(a, b))
        }
        (LayerClass(x), LayerClass(y)) => x == y,
        (Set(x, _), Set(y, _)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.keys().all(|k| y.contains_key(k))
        }
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
            (Dec(p), Dec(q)) => Some(p.cmp(q)),
            (Dec(p), Int(q)) => Some(p.cmp(&Decimal::from_int(*q))),
            (Int(p), Dec(q)) => Some(Decimal::from_int(*p).cmp(q)),
            _ => {
                let f = as_float;
                f(&x).partial_cmp(&f(&y))
            }
        },
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
        (UnaryOp::Neg, Value::Int(i)) => Value::Int(i.wrapping_neg()),
        (UnaryOp::Neg, Value::Float(f)) => Value::Float(-f),
        (UnaryOp::Neg, Value::Dec(d)) => Value::Dec(-*d),
        (UnaryOp::Neg, Value::Bool(b)) => Value::Int(-(*b as i64)),
        (UnaryOp::Pos, Value::Int(_) | Value::Float(_) | Value::Dec(_)) => v.clone(),
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
        Value::Int(_) | Value::Float(_) | Value::Dec(_) => Some(v.clone()),
        _ => None,
    }
}

/// A number as a float, for mixed arithmetic and comparison.
fn as_float(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Dec(d) => d.to_f64(),
        _ => 0.0,
    }
}
