//! Methods of sets, as Python's.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use crate::lang::builtins::need;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, hashable, Interp, R};
use crate::lang::value::*;

const S: Owner = Owner::Type("set");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    method(S, "add", "s.add(x)", "Add an item.", "seen = set(); seen.add('10.0.0.1')", add, false),
    method(S, "discard", "s.discard(x)", "Remove an item if there.", "seen = {1}; seen.discard(2)", remove, false),
    method(S, "remove", "s.remove(x)", "Remove an item; KeyError if it is not there.", "seen = {1}; seen.remove(1)", remove, false),
    method(S, "pop", "s.pop()", "Remove and return an item.", "{1}.pop()", pop, false),
    method(S, "clear", "s.clear()", "Remove every item.", "seen = {1}; seen.clear()", clear, false),
    method(S, "update", "s.update(*iterables)", "Add the items of each iterable.", "seen = set(); seen.update([1, 2])", update, false),
    method(S, "copy", "s.copy()", "A new set with the same items.", "{1}.copy()", combine, false),
    method(S, "union", "s.union(*iterables)", "A new set: the items in s or any iterable (s | t).", "{1}.union([2])", combine, false),
    method(S, "intersection", "s.intersection(*iterables)", "A new set: the items in s and every iterable (s & t).", "{1, 2}.intersection([2])", combine, false),
    method(S, "difference", "s.difference(*iterables)", "A new set: the items in s and in none of the iterables (s - t).", "{1, 2}.difference([2])", combine, false),
    method(S, "symmetric_difference", "s.symmetric_difference(t)", "A new set: the items in exactly one of s and t (s ^ t).", "{1, 2}.symmetric_difference([2, 3])", combine, false),
    method(S, "issubset", "s.issubset(t)", "Whether every item of s is in t.", "{1}.issubset([1, 2])", test, false),
    method(S, "issuperset", "s.issuperset(t)", "Whether every item of t is in s.", "{1, 2}.issuperset([1])", test, false),
    method(S, "isdisjoint", "s.isdisjoint(t)", "Whether s and t have no item in common.", "{1}.isdisjoint([2])", test, false),
];

type Items = Rc<RefCell<IndexMap<HKey, Value>>>;

fn this(v: &Value) -> R<(&Items, bool)> {
    match v {
        Value::Set(s, frozen) => Ok((s, *frozen)),
        _ => err(ErrorKind::Type, "expected a set"),
    }
}

fn mutable<'a>(v: &'a Value, name: &str) -> R<&'a Items> {
    match this(v)? {
        (_, true) => err(
            ErrorKind::Attribute,
            format!("'frozenset' object has no attribute '{name}'"),
        ),
        (s, false) => Ok(s),
    }
}

fn keyed(it: &mut Interp, v: &Value) -> R<IndexMap<HKey, Value>> {
    let mut m = IndexMap::new();
    for x in it.iterate(v)? {
        m.entry(hashable(&x)?).or_insert(x);
    }
    Ok(m)
}

fn add(_: &mut Interp, s: &Value, call: &Call) -> R<Value> {
    let x = need("add", call.args, call.kwargs, 0, "elem")?;
    let k = hashable(x)?;
    mutable(s, "add")?
        .borrow_mut()
        .entry(k)
        .or_insert_with(|| x.clone());
    Ok(Value::None)
}

fn remove(_: &mut Interp, s: &Value, call: &Call) -> R<Value> {
    let x = need(call.name, call.args, call.kwargs, 0, "elem")?;
    let gone = mutable(s, call.name)?
        .borrow_mut()
        .shift_remove(&hashable(x)?);
    if gone.is_none() && call.name == "remove" {
        return err(ErrorKind::Key, x.repr());
    }
    Ok(Value::None)
}

fn pop(_: &mut Interp, s: &Value, _: &Call) -> R<Value> {
    let s = mutable(s, "pop")?;
    let first = s.borrow_mut().shift_remove_index(0);
    match first {
        Some((_, v)) => Ok(v),
        None => err(ErrorKind::Key, "'pop from an empty set'"),
    }
}

fn clear(_: &mut Interp, s: &Value, _: &Call) -> R<Value> {
    mutable(s, "clear")?.borrow_mut().clear();
    Ok(Value::None)
}

fn update(it: &mut Interp, s: &Value, call: &Call) -> R<Value> {
    let s = mutable(s, "update")?.clone();
    for a in call.args {
        let m = keyed(it, a)?;
        let mut s = s.borrow_mut();
        for (k, v) in m {
            s.entry(k).or_insert(v);
        }
    }
    Ok(Value::None)
}

fn combine(it: &mut Interp, s: &Value, call: &Call) -> R<Value> {
    let (items, frozen) = this(s)?;
    let mut out = items.borrow().clone();
    for a in call.args {
        let m = keyed(it, a)?;
        match call.name {
            "union" => {
                for (k, v) in m {
                    out.entry(k).or_insert(v);
                }
            }
            "intersection" => out.retain(|k, _| m.contains_key(k)),
            "difference" => out.retain(|k, _| !m.contains_key(k)),
            _ => {
                let both: Vec<HKey> = out.keys().filter(|k| m.contains_key(*k)).cloned().collect();
                for (k, v) in m {
                    out.entry(k).or_insert(v);
                }
                out.retain(|k, _| !both.contains(k));
            }
        }
    }
    Ok(Value::Set(Rc::new(RefCell::new(out)), frozen))
}

fn test(it: &mut Interp, s: &Value, call: &Call) -> R<Value> {
    let (items, _) = this(s)?;
    let other = keyed(it, need(call.name, call.args, call.kwargs, 0, "other")?)?;
    let items = items.borrow();
    Ok(Value::Bool(match call.name {
        "issubset" => items.keys().all(|k| other.contains_key(k)),
        "issuperset" => other.keys().all(|k| items.contains_key(k)),
        _ => !items.keys().any(|k| other.contains_key(k)),
    }))
}
