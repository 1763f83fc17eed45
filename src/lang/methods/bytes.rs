//! Methods of bytes values.

use std::rc::Rc;

use crate::lang::builtins::*;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    method(
        Owner::Bytes,
        "save",
        "b.save(path)",
        "Write the bytes to a file.",
        "c[0].payload('server').save('reply.bin')",
        save,
        false,
    ),
    method(
        Owner::Bytes,
        "hex",
        "b.hex()",
        "The bytes as hexadecimal text.",
        "p[Raw].load.hex()",
        hex,
        false,
    ),
    method(
        Owner::Bytes,
        "decode",
        "b.decode(encoding='utf-8', errors='replace')",
        "The bytes as text.",
        "p[Raw].load.decode()",
        decode,
        false,
    ),
];

receiver!(Bytes, Rc<[u8]>);

fn save(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let b = this(obj, call)?;
    {
        let path = need(name, a, k, 0, "path")?.to_str();
        std::fs::write(&path, &b[..])
            .map_err(|e| Error::at_none(ErrorKind::File, format!("{path}: {e}")))?;
        Ok(Value::Int(b.len() as i64))
    }
}

fn hex(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let b = this(obj, call)?;
    Ok(Value::str(
        &b.iter().map(|x| format!("{x:02x}")).collect::<String>(),
    ))
}

fn decode(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let b = this(obj, call)?;
    Ok(Value::str(&String::from_utf8_lossy(b)))
}
