//! Methods of named tuples (`collections.namedtuple`, `time.struct_time`): `_asdict`,
//! `_replace`, and the tuple methods `count` and `index`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, values_equal, Interp, R};
use crate::lang::value::*;

const N: Owner = Owner::Type("namedtuple");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    method(N, "_asdict", "t._asdict()", "The fields as a dict, in order.", "P = namedtuple('P', 'x y'); P(1, 2)._asdict()", asdict, false),
    method(N, "_replace", "t._replace(field=value, ...)", "A copy with those fields changed.", "P = namedtuple('P', 'x y'); P(1, 2)._replace(y=5)", replace, false),
    method(N, "count", "t.count(x)", "How many fields equal x.", "P = namedtuple('P', 'x y'); P(1, 1).count(1)", count, false),
    method(N, "index", "t.index(x)", "The position of the first field equal to x.", "P = namedtuple('P', 'x y'); P(1, 2).index(2)", index, false),
];

/// The instance and its field names.
fn parts(v: &Value) -> R<(&Rc<Instance>, Vec<String>)> {
    match v {
        Value::Instance(i) => match i.tuple_fields() {
            Some(f) => Ok((i, f)),
            None => err(ErrorKind::Type, "expected a named tuple"),
        },
        _ => err(ErrorKind::Type, "expected a named tuple"),
    }
}

fn asdict(_: &mut Interp, v: &Value, _: &Call) -> R<Value> {
    let (i, fields) = parts(v)?;
    let attrs = i.attrs.borrow();
    let map: DictMap = fields
        .iter()
        .map(|f| {
            let value = attrs.get(f).cloned().unwrap_or(Value::None);
            (HKey::str(f), (Value::str(f), value))
        })
        .collect();
    Ok(Value::Dict(Rc::new(RefCell::new(map))))
}

fn replace(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let (i, fields) = parts(v)?;
    if !call.args.is_empty() {
        return err(
            ErrorKind::Type,
            "_replace() takes only keyword arguments: t._replace(x=1)",
        );
    }
    let mut attrs = i.attrs.borrow().clone();
    for (k, x) in call.kwargs {
        if !fields.contains(k) {
            return err(
                ErrorKind::Value,
                format!("Got unexpected field names: ['{k}']"),
            );
        }
        attrs.insert(k.clone(), x.clone());
    }
    Ok(Value::Instance(Rc::new(Instance {
        class: i.class.clone(),
        attrs: RefCell::new(attrs),
    })))
}

fn values(v: &Value) -> R<Vec<Value>> {
    let (i, _) = parts(v)?;
    Ok(i.tuple_values().unwrap_or_default())
}

fn count(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let Some(x) = call.args.first() else {
        return err(
            ErrorKind::Type,
            "count() takes exactly one argument (0 given)",
        );
    };
    let n = values(v)?.iter().filter(|y| values_equal(y, x)).count();
    Ok(Value::Int(n as i64))
}

fn index(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let Some(x) = call.args.first() else {
        return err(ErrorKind::Type, "index expected at least 1 argument, got 0");
    };
    match values(v)?.iter().position(|y| values_equal(y, x)) {
        Some(i) => Ok(Value::Int(i as i64)),
        None => err(ErrorKind::Value, "tuple.index(x): x not in tuple"),
    }
}
