//! Methods of dicts (and Counter, defaultdict), as Python's.

use std::rc::Rc;

use std::cell::RefCell;

use crate::lang::builtins::*;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{compare_values, err, hashable, Interp, R};
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
        "d.update(other, **kw)",
        "Add the pairs of another dict (or of (key, value) pairs); a Counter adds counts, from a dict or by counting an iterable.",
        "d.update(e)",
        update,
        false,
    ),
    method(Owner::Dict, "subtract", "c.subtract(other)", "A Counter's counts minus those of another (or of an iterable's items).", "c = Counter('aab'); c.subtract('a')", update, false),
    method(Owner::Dict, "elements", "c.elements()", "A Counter's keys, each repeated as many times as its count.", "sorted(Counter('aab').elements())", elements, false),
    method(Owner::Dict, "total", "c.total()", "The sum of a Counter's counts.", "Counter('aab').total()", total, false),
    method(Owner::Dict, "copy", "d.copy()", "A new dict of the same kind with the same pairs.", "d2 = d.copy()", copy, false),
    method(Owner::Dict, "clear", "d.clear()", "Remove every pair.", "d.clear()", clear, false),
    method(Owner::Dict, "popitem", "d.popitem()", "Remove and return the last (key, value) pair.", "{1: 2}.popitem()", popitem, false),
];

fn copy(_: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let d = this(obj, call)?;
    let c = d.borrow().clone();
    Ok(Value::Dict(Rc::new(RefCell::new(c))))
}

fn clear(_: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    this(obj, call)?.borrow_mut().clear();
    Ok(Value::None)
}

fn popitem(_: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    match this(obj, call)?.borrow_mut().pop() {
        Some((_, (k, v))) => Ok(Value::Tuple(Rc::new(vec![k, v]))),
        None => err(ErrorKind::Key, "'popitem(): dictionary is empty'"),
    }
}

fn elements(_: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let d = this(obj, call)?;
    let mut out = Vec::new();
    for (k, v) in d.borrow().values() {
        if let Value::Int(n) = v {
            for _ in 0..*n {
                out.push(k.clone());
            }
        }
    }
    Ok(crate::lang::builtins::iterator(out, "generator"))
}

fn total(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let vals: Vec<Value> = this(obj, call)?
        .borrow()
        .values()
        .map(|(_, v)| v.clone())
        .collect();
    let mut sum = Value::Int(0);
    for v in vals {
        sum = it.binop(crate::lang::ast::BinOp::Add, &sum, &v)?;
    }
    Ok(sum)
}

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

fn update(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let d = this(obj, call)?.clone();
    let counter = matches!(d.borrow().kind, DictKind::Counter) || call.name == "subtract";
    let mut pairs: Vec<(Value, Value)> = Vec::new();
    match call.args.first() {
        Some(Value::Dict(o)) => pairs.extend(o.borrow().values().cloned()),
        Some(v) if counter => {
            for x in it.iterate(v)? {
                pairs.push((x, Value::Int(1)));
            }
        }
        Some(v) => {
            for x in it.iterate(v)? {
                let kv = it.iterate(&x)?;
                let [k, v] = <[Value; 2]>::try_from(kv).map_err(|_| {
                    Error::at_none(
                        ErrorKind::Value,
                        "dictionary update sequence element has the wrong length; 2 is required",
                    )
                })?;
                pairs.push((k, v));
            }
        }
        None => {}
    }
    pairs.extend(call.kwargs.iter().map(|(k, v)| (Value::str(k), v.clone())));
    for (k, v) in pairs {
        let hk = hashable(&k)?;
        let v = if counter {
            let cur = d
                .borrow()
                .get(&hk)
                .map_or(Value::Int(0), |(_, c)| c.clone());
            let op = if call.name == "subtract" {
                crate::lang::ast::BinOp::Sub
            } else {
                crate::lang::ast::BinOp::Add
            };
            it.binop(op, &cur, &v)?
        } else {
            v
        };
        let mut m = d.borrow_mut();
        match m.get_mut(&hk) {
            Some(slot) => slot.1 = v,
            None => {
                m.insert(hk, (k, v));
            }
        }
    }
    Ok(Value::None)
}
