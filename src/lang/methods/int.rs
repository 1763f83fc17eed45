//! Methods of integers, and the class methods of builtin types (`int.from_bytes`,
//! `bytes.fromhex`, `dict.fromkeys`).

use crate::lang::bigint;
use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, method, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{check_size, err, hashable, Interp, R};
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
        v => Err(bigint::not_int(v)),
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
    let n = bigint::of(v).ok_or_else(|| bigint::not_int(v))?;
    let len = match arg(call.args, call.kwargs, 0, "length") {
        Some(l) => usize::try_from(int(l)?).map_err(|_| {
            Error::at_none(ErrorKind::Value, "length argument must be non-negative")
        })?,
        None => 1,
    };
    check_size(len as u128)?;
    let signed = arg(&[], call.kwargs, 0, "signed").is_some_and(|v| v.truthy());
    let out = bigint::to_bytes(&n, len, big(call, 1)?, signed)?;
    Ok(Value::Bytes(out.into()))
}

fn bit_length(_: &mut Interp, v: &Value, _: &Call) -> R<Value> {
    let n = bigint::of(v).ok_or_else(|| bigint::not_int(v))?;
    Ok(Value::Int(n.bits() as i64))
}

fn from_bytes(_: &mut Interp, call: &Call) -> R<Value> {
    let b = match need("from_bytes", call.args, call.kwargs, 0, "bytes")? {
        Value::Bytes(b) => b.to_vec(),
        Value::List(l) => l
            .borrow()
            .iter()
            .map(|v| match int(v) {
                Ok(x) if (0..256).contains(&x) => Ok(x as u8),
                Ok(_) => err(ErrorKind::Value, "bytes must be in range(0, 256)"),
                Err(e) => Err(e),
            })
            .collect::<R<_>>()?,
        v => {
            return err(
                ErrorKind::Type,
                format!("cannot convert '{}' object to bytes", v.type_name()),
            )
        }
    };
    let signed = arg(&[], call.kwargs, 0, "signed").is_some_and(|v| v.truthy());
    Ok(bigint::from_bytes(&b, big(call, 1)?, signed))
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
