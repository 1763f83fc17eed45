//! What `.payload` of a packet's last layer is: Scapy's `NoPayload`, an empty layer that
//! is false, has no length and no bytes, prints as nothing, and answers layer questions
//! with nothing found (so `while l: l = l.payload` ends, and `len(p[TCP].payload)` is 0).

use std::rc::Rc;

use crate::lang::builtins::need;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::eval::{Interp, R};
use crate::lang::value::*;

const N: Owner = Owner::Type("NoPayload");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    method(N, "summary", "p.payload.summary()", "'' (there is no layer).", "a[0].lastlayer().payload.summary()", empty_text, false),
    method(N, "mysummary", "p.payload.mysummary()", "''.", "a[0].lastlayer().payload.mysummary()", empty_text, false),
    method(N, "haslayer", "p.payload.haslayer(cls)", "0: it holds no layer.", "a[0].lastlayer().payload.haslayer(TCP)", haslayer, false),
    method(N, "getlayer", "p.payload.getlayer(cls)", "None: it holds no layer.", "a[0].lastlayer().payload.getlayer(TCP)", getlayer, false),
    method(N, "show", "p.payload.show()", "Prints nothing.", "a[0].lastlayer().payload.show()", show, false),
    method(N, "copy", "p.payload.copy()", "Itself (there is one NoPayload).", "a[0].lastlayer().payload.copy()", itself, false),
    method(N, "lastlayer", "p.payload.lastlayer()", "Itself.", "a[0].lastlayer().payload.lastlayer()", itself, false),
    method(N, "layers", "p.payload.layers()", "[].", "a[0].lastlayer().payload.layers()", layers, false),
];

pub struct NoPayload;

/// The value `.payload` of a last layer gives.
pub fn value() -> Value {
    Value::Object(Rc::new(NoPayload))
}

impl Object for NoPayload {
    fn type_name(&self) -> &'static str {
        "NoPayload"
    }
    fn repr(&self) -> String {
        String::new()
    }
    fn attr(&self, name: &str) -> Option<Value> {
        Some(match name {
            "name" => Value::str("NoPayload"),
            "payload" => value(),
            "fields" | "default_fields" | "overloaded_fields" => Value::dict(Default::default()),
            "original" => Value::Bytes(Rc::from(Vec::new())),
            "underlayer" => Value::None,
            _ => return None,
        })
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(vec![])
    }
    fn length(&self) -> Option<usize> {
        Some(0)
    }
    fn truthy(&self) -> bool {
        false
    }
    fn cmp(&self, other: &Value) -> Option<std::cmp::Ordering> {
        other
            .object::<NoPayload>()
            .map(|_| std::cmp::Ordering::Equal)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn empty_text(_: &mut Interp, _: &Value, _: &Call) -> R<Value> {
    Ok(Value::str(""))
}

fn haslayer(_: &mut Interp, _: &Value, call: &Call) -> R<Value> {
    need("haslayer", call.args, call.kwargs, 0, "cls")?;
    Ok(Value::Int(0))
}

fn getlayer(_: &mut Interp, _: &Value, call: &Call) -> R<Value> {
    need("getlayer", call.args, call.kwargs, 0, "cls")?;
    Ok(Value::None)
}

fn show(_: &mut Interp, _: &Value, _: &Call) -> R<Value> {
    Ok(Value::None)
}

fn itself(_: &mut Interp, v: &Value, _: &Call) -> R<Value> {
    Ok(v.clone())
}

fn layers(_: &mut Interp, _: &Value, _: &Call) -> R<Value> {
    Ok(Value::list(vec![]))
}
