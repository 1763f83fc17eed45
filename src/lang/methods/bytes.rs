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
    ).outside(),
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
        "b.decode(encoding='utf-8', errors='strict')",
        "The bytes as text (UTF-8, ASCII or Latin-1); errors='ignore' or 'replace' for bytes that are not.",
        "p[Raw].load.decode(errors='replace')",
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
        crate::capture::write::save_bytes(&path, &b[..])
            .map_err(|e| Error::at_none(ErrorKind::File, e))?;
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
    let enc = arg(call.args, call.kwargs, 0, "encoding")
        .map_or("utf-8".into(), |v| v.to_str().to_lowercase());
    let errors = arg(call.args, call.kwargs, 1, "errors").map_or("strict".into(), |v| v.to_str());
    Ok(Value::str(&match enc.replace('_', "-").as_str() {
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => b.iter().map(|&c| c as char).collect(),
        "ascii" | "us-ascii" if errors == "ignore" => b.iter().filter(|c| c.is_ascii()).map(|&c| c as char).collect(),
        "ascii" | "us-ascii" if errors == "replace" => b.iter().map(|&c| if c.is_ascii() { c as char } else { '\u{fffd}' }).collect(),
        "ascii" | "us-ascii" => match b.iter().position(|c| !c.is_ascii()) {
            Some(i) => {
                return Err(Error::at_none(
                    ErrorKind::Value,
                    format!("'ascii' codec can't decode byte {:#04x} in position {i}: ordinal not in range(128)", b[i]),
                )
                .with_help("help: Python calls this UnicodeDecodeError; decode('ascii', 'ignore') skips such bytes"))
            }
            None => String::from_utf8_lossy(b).into_owned(),
        },
        _ => match std::str::from_utf8(b) {
            Ok(s) => s.to_string(),
            Err(_) if errors == "ignore" => String::from_utf8_lossy(b).replace('\u{fffd}', ""),
            Err(_) if errors != "strict" => String::from_utf8_lossy(b).into_owned(),
            Err(e) => {
                let i = e.valid_up_to();
                return Err(Error::at_none(
                    ErrorKind::Value,
                    format!("'utf-8' codec can't decode byte {:#04x} in position {i}: invalid start byte", b[i]),
                )
                .with_help("help: Python calls this UnicodeDecodeError; decode(errors='ignore') skips such bytes"));
            }
        },
    }))
}

/// The bytes methods that are str's methods on bytes: run on the bytes as Latin-1 text
/// (one character a byte), their results turned back into bytes.
#[rustfmt::skip]
pub static AS_TEXT: &[Command] = &[
    method(Owner::Bytes, "split", "b.split(sep=None, maxsplit=-1)", "The bytes split at sep (or runs of whitespace).", "b'a b'.split()", as_text, false),
    method(Owner::Bytes, "rsplit", "b.rsplit(sep=None, maxsplit=-1)", "Split from the right.", "b'a b c'.rsplit(b' ', 1)", as_text, false),
    method(Owner::Bytes, "splitlines", "b.splitlines()", "The lines.", "b'a\\r\\nb'.splitlines()", as_text, false),
    method(Owner::Bytes, "strip", "b.strip(chars=None)", "Without leading and trailing whitespace (or chars).", "b' x '.strip()", as_text, false),
    method(Owner::Bytes, "lstrip", "b.lstrip(chars=None)", "Without leading whitespace.", "b' x'.lstrip()", as_text, false),
    method(Owner::Bytes, "rstrip", "b.rstrip(chars=None)", "Without trailing whitespace.", "b'x\\r\\n'.rstrip()", as_text, false),
    method(Owner::Bytes, "startswith", "b.startswith(prefix)", "Whether it starts with prefix (or one of a tuple).", "b'GET /'.startswith(b'GET')", as_text, false),
    method(Owner::Bytes, "endswith", "b.endswith(suffix)", "Whether it ends with suffix.", "b'x\\r\\n'.endswith(b'\\r\\n')", as_text, false),
    method(Owner::Bytes, "find", "b.find(sub, start=0)", "Where sub first occurs, or -1.", "b'HTTP/1.1 200'.find(b' ')", as_text, false),
    method(Owner::Bytes, "rfind", "b.rfind(sub)", "Where sub last occurs, or -1.", "b'a.b.c'.rfind(b'.')", as_text, false),
    method(Owner::Bytes, "index", "b.index(sub)", "Where sub first occurs; ValueError if it does not.", "b'ab'.index(b'b')", as_text, false),
    method(Owner::Bytes, "count", "b.count(sub)", "How many times sub occurs.", "b'aXbXc'.count(b'X')", as_text, false),
    method(Owner::Bytes, "replace", "b.replace(old, new)", "With old replaced by new.", "b'a-b'.replace(b'-', b'+')", as_text, false),
    method(Owner::Bytes, "join", "b.join(items)", "The items joined by b.", "b','.join([b'a', b'b'])", as_text, false),
    method(Owner::Bytes, "partition", "b.partition(sep)", "(before, sep, after).", "b'k: v'.partition(b': ')", as_text, false),
    method(Owner::Bytes, "isdigit", "b.isdigit()", "Whether all bytes are ASCII digits.", "b'80'.isdigit()", as_text, false),
    method(Owner::Bytes, "isalpha", "b.isalpha()", "Whether all bytes are ASCII letters.", "b'ab'.isalpha()", as_text, false),
    method(Owner::Bytes, "lower", "b.lower()", "ASCII letters in lower case.", "b'HOST'.lower()", ascii_case, false),
    method(Owner::Bytes, "upper", "b.upper()", "ASCII letters in upper case.", "b'get'.upper()", ascii_case, false),
];

fn latin1(b: &[u8]) -> Value {
    Value::str(&b.iter().map(|&c| c as char).collect::<String>())
}

fn to_bytes(v: Value) -> Value {
    match v {
        Value::Str(s) => Value::Bytes(
            s.chars()
                .map(|c| c as u32 as u8)
                .collect::<Vec<u8>>()
                .into(),
        ),
        Value::List(l) => Value::list(l.borrow().iter().cloned().map(to_bytes).collect()),
        Value::Tuple(t) => Value::Tuple(Rc::new(t.iter().cloned().map(to_bytes).collect())),
        v => v,
    }
}

fn text_arg(v: &Value) -> R<Value> {
    Ok(match v {
        Value::Bytes(b) => latin1(b),
        Value::Tuple(t) => Value::Tuple(Rc::new(t.iter().map(text_arg).collect::<R<_>>()?)),
        Value::List(l) => Value::list(l.borrow().iter().map(text_arg).collect::<R<_>>()?),
        Value::Int(_) | Value::None => v.clone(),
        Value::Object(_) => v.clone(),
        v => {
            return Err(Error::at_none(
                ErrorKind::Type,
                format!("a bytes-like object is required, not '{}'", v.type_name()),
            ))
        }
    })
}

fn as_text(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let b = this(obj, call)?;
    let mut args = Vec::with_capacity(call.args.len());
    for a in call.args {
        args.push(match (call.name, a) {
            ("join", v) => Value::list(it.iterate(v)?.iter().map(text_arg).collect::<R<_>>()?),
            (_, v) => text_arg(v)?,
        });
    }
    let kwargs = call
        .kwargs
        .iter()
        .map(|(k, v)| Ok((k.clone(), text_arg(v)?)))
        .collect::<R<Vec<_>>>()?;
    let r = it.call_method(&latin1(b), call.name, args, kwargs)?;
    Ok(to_bytes(r))
}

fn ascii_case(_: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let b = this(obj, call)?;
    let out: Vec<u8> = match call.name {
        "lower" => b.to_ascii_lowercase(),
        _ => b.to_ascii_uppercase(),
    };
    Ok(Value::Bytes(out.into()))
}
