//! Methods of integers, and the class methods of builtin types (`int.from_bytes`,
//! `bytes.fromhex`, `dict.fromkeys`).

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, method, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, hashable, Interp, R};
use crate::lang::value::*;

const I: Owner = Owner::Type("int");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    method(I, "to_bytes", "n.to_bytes(length, byteorder='big', signed=False)", "The integer as bytes.", "(443).to_bytes(2, 'big')", to_bytes, false),
    method(I, "bit_length", "n.bit_length()", "How many bits the integer needs.", "(255).bit_length()", bit_length, false),
    function(Owner::Module("int"), "from_bytes", "int.from_bytes(bytes, byteorder='big', signed=False)", "The integer bytes encode.", "int.from_bytes(b'\\x01\\xbb', 'big')", from_bytes),
    function(Owner::Module("bytes"), "fromhex", "bytes.fromhex(text)", "Bytes from hexadecimal digits (spaces allowed).", "bytes.fromhex('de ad be ef')", fromhex),
    function(Owner::Module("dict"), "fromkeys", "dict.fromkeys(keys, value=None)", "A dict with each key set to value.", "dict.fromkeys(['a', 'b'], 0)", fromkeys),
];

fn int(v: &Value) -> R<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        v => err(
            ErrorKind::Type,
            format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ),
        ),
    }
}

fn big(call: &Call, at: usize) -> R<bool> {
    match arg(call.args, call.kwargs, at, "byteorder").map(|v| v.to_str()) {
        None => Ok(true),
        Some(o) if o == "big" => Ok(true),
        Some(o) if o == "little" => Ok(false),
        Some(_) => err(
            ErrorKind::Value,
            "byteorder must be either 'little' or 'big'",
        ),
    }
}

fn to_bytes(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let n = int(v)?;
    let len = match arg(call.args, call.kwargs, 0, "length") {
        Some(l) => int(l)? as usize,
        None => 1,
    };
    let signed = arg(&[], call.kwargs, 0, "signed").is_some_and(|v| v.truthy());
    let bits = (len * 8) as u32;
    let fits = if signed {
        bits >= 64 || (n >= -(1i64 << (bits - 1)) && n < (1i64 << (bits - 1)))
    } else {
        n >= 0 && (bits >= 64 || n < (1i64 << bits))
    };
    if !fits || len > 64 {
        return err(ErrorKind::Overflow, "int too big to convert");
    }
    let mut out: Vec<u8> = (0..len)
        .map(|i| {
            if i < 8 {
                (n >> (8 * i)) as u8
            } else if n < 0 {
                0xff
            } else {
                0
            }
        })
        .collect();
    if big(call, 1)? {
        out.reverse();
    }
    Ok(Value::Bytes(out.into()))
}

fn bit_length(_: &mut Interp, v: &Value, _: &Call) -> R<Value> {
    let n = int(v)?;
    Ok(Value::Int(64 - n.unsigned_abs().leading_zeros() as i64))
}

fn from_bytes(_: &mut Interp, call: &Call) -> R<Value> {
    let b = match need("from_bytes", call.args, call.kwargs, 0, "bytes")? {
        Value::Bytes(b) => b.to_vec(),
        Value::List(l) => l
            .borrow()
            .iter()
            .map(|v| int(v).map(|x| x as u8))
            .collect::<R<_>>()?,
        v => {
            return err(
                ErrorKind::Type,
                format!("cannot convert '{}' object to bytes", v.type_name()),
            )
        }
    };
    let mut b = b;
    if !big(call, 1)? {
        b.reverse();
    }
    let signed = arg(&[], call.kwargs, 0, "signed").is_some_and(|v| v.truthy());
    let lead = b.iter().take_while(|&&x| x == 0).count();
    if b.len() - lead > 8 || (b.len() - lead == 8 && !signed && b[lead] >= 0x80) {
        return err(
            ErrorKind::Overflow,
            "integer beyond 64 bits: pcapsh's integers are 64-bit",
        );
    }
    let mut n: i64 = 0;
    for &x in &b {
        n = n.wrapping_shl(8) | x as i64;
    }
    if signed && !b.is_empty() && b[0] >= 0x80 && b.len() < 8 {
        n -= 1i64 << (8 * b.len());
    }
    Ok(Value::Int(n))
}

fn fromhex(_: &mut Interp, call: &Call) -> R<Value> {
    let s = need("fromhex", call.args, call.kwargs, 0, "string")?.to_str();
    let digits: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() % 2 != 0 {
        return err(
            ErrorKind::Value,
            "non-hexadecimal number found in fromhex() arg",
        );
    }
    let mut out = Vec::new();
    for pair in digits.chunks(2) {
        let t: String = pair.iter().collect();
        match u8::from_str_radix(&t, 16) {
            Ok(v) => out.push(v),
            Err(_) => {
                return err(
                    ErrorKind::Value,
                    "non-hexadecimal number found in fromhex() arg",
                )
            }
        }
    }
    Ok(Value::Bytes(out.into()))
}

fn fromkeys(it: &mut Interp, call: &Call) -> R<Value> {
    let keys = it.iterate(need("fromkeys", call.args, call.kwargs, 0, "iterable")?)?;
    let v = arg(call.args, call.kwargs, 1, "value")
        .cloned()
        .unwrap_or(Value::None);
    let mut m = indexmap::IndexMap::new();
    for k in keys {
        m.insert(hashable(&k)?, (k, v.clone()));
    }
    Ok(Value::dict(m))
}
