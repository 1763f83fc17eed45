//! Methods of dicts (and Counter, defaultdict), as Python's.

use std::rc::Rc;

use std::cell::RefCell;

use crate::lang::builtins::*;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{compare_values, hashable, Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    method(
        Owner::Dict,
        "get",
        "d.get(key, default=None)",
        "The value of a key, or the default.",
        "counts.get(k, 0)",
        get,
        false,
    ),
    method(
        Owner::Dict,
        "keys",
        "d.keys()",
        "The keys.",
        "d.keys()",
        keys,
        false,
    ),
    method(
        Owner::Dict,
        "values",
        "d.values()",
        "The values.",
        "d.values()",
        values,
        false,
    ),
    method(
        Owner::Dict,
        "items",
        "d.items()",
        "Pairs (key, value).",
        "sorted(d.items())",
        items,
        false,
    ),
    method(
        Owner::Dict,
        "iteritems",
        "d.iteritems()",
        "Python 2's items().",
        "d.iteritems()",
        items,
        false,
    ),
    method(
        Owner::Dict,
        "setdefault",
        "d.setdefault(key, default=None)",
        "The value of a key, set to the default first if missing.",
        "d.setdefault(k, []).append(p)",
        setdefault,
        false,
    ),
    method(
        Owner::Dict,
        "pop",
        "d.pop(key, default)",
        "Remove a key and return its value.",
        "d.pop(k, None)",
        pop,
        false,
    ),
    method(
        Owner::Dict,
        "most_common",
        "d.most_common(n)",
        "The n largest counts, as (key, count) pairs, largest first.",
        "Counter(k.split()[0] for k in s).most_common(3)",
        most_common,
        false,
    ),
    method(
        Owner::Dict,
        "update",
        "d.update(other)",
        "Add the pairs of another dict.",
        "d.update(e)",
        update,
        false,
    ),
];

receiver!(Dict, Rc<RefCell<DictMap>>);

fn get(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let d = this(obj, call)?;
    {
        let key = need(name, a, k, 0, "key")?;
        Ok(d.borrow()
            .get(&hashable(key)?)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None)))
    }
}

fn keys(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let d = this(obj, call)?;
    Ok(Value::View(
        "dict_keys",
        Rc::new(d.borrow().values().map(|(k, _)| k.clone()).collect()),
    ))
}

fn values(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let d = this(obj, call)?;
    Ok(Value::View(
        "dict_values",
        Rc::new(d.borrow().values().map(|(_, v)| v.clone()).collect()),
    ))
}

fn items(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (_k, name) = (call.kwargs, call.name);
    let d = this(obj, call)?;
    Ok(Value::View(
        if name == "items" {
            "dict_items"
        } else {
            "dict_itemiterator"
        },
        Rc::new(
            d.borrow()
                .values()
                .map(|(k, v)| Value::Tuple(Rc::new(vec![k.clone(), v.clone()])))
                .collect(),
        ),
    ))
}

fn setdefault(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let d = this(obj, call)?;
    {
        let key = need(name, a, k, 0, "key")?.clone();
        let hk = hashable(&key)?;
        let default = a.get(1).cloned().unwrap_or(Value::None);
        let mut m = d.borrow_mut();
        Ok(m.entry(hk).or_insert((key, default)).1.clone())
    }
}

fn pop(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let d = this(obj, call)?;
    {
        let key = need(name, a, k, 0, "key")?;
        match d.borrow_mut().shift_remove(&hashable(key)?) {
            Some((_, v)) => Ok(v),
            None => a
                .get(1)
                .cloned()
                .ok_or_else(|| Error::at_none(ErrorKind::Key, key.repr())),
        }
    }
}

fn most_common(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, _k) = (call.args, call.kwargs);
    let d = this(obj, call)?;
    {
        let mut items: Vec<(Value, Value)> = d.borrow().values().cloned().collect();
        // Stable: equal counts keep their first-seen order, as in Python.
        items.sort_by(|x, y| compare_values(&y.1, &x.1).unwrap_or(std::cmp::Ordering::Equal));
        if let Some(Value::Int(n)) = a.first() {
            items.truncate((*n).max(0) as usize);
        }
        Ok(Value::list(
            items
                .into_iter()
                .map(|(k, v)| Value::Tuple(Rc::new(vec![k, v])))
                .collect(),
        ))
    }
}

fn update(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let a = call.args;
    let d = this(obj, call)?;
    {
        if let Some(Value::Dict(o)) = a.first() {
            let items: Vec<_> = o
                .borrow()
                .iter()
                .map(|(h, kv)| (h.clone(), kv.clone()))
                .collect();
            d.borrow_mut().extend(items);
        }
        Ok(Value::None)
    }
}
