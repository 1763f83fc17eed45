//! Dropping a value without recursion. Rust drops a nested value by recursing into it, so
//! a list a million levels deep (`for i in range(10**6): x = [x]`) would overflow the
//! stack when it is dropped, as CPython's "trashcan" exists to avoid. The places where
//! deep values die (a name rebound or deleted, a call's scope, the interpreter itself)
//! hand them here, to be taken apart one level at a time.

use std::rc::Rc;

use super::value::{HKey, Value};

/// Drops `v`; containers no one else holds are emptied onto a work list first.
pub fn dispose(v: Value) {
    let mut values = vec![v];
    let mut keys: Vec<HKey> = Vec::new();
    while let Some(v) = values.pop() {
        match v {
            Value::List(rc) => {
                if let Ok(cell) = Rc::try_unwrap(rc) {
                    values.extend(cell.into_inner());
                }
            }
            Value::Tuple(rc) | Value::Times(rc) | Value::View(_, rc) => {
                if let Ok(items) = Rc::try_unwrap(rc) {
                    values.extend(items);
                }
            }
            Value::Dict(rc) => {
                if let Ok(cell) = Rc::try_unwrap(rc) {
                    for (k, (orig, v)) in cell.into_inner().map {
                        keys.push(k);
                        values.push(orig);
                        values.push(v);
                    }
                }
            }
            Value::Set(rc, _) => {
                if let Ok(cell) = Rc::try_unwrap(rc) {
                    for (k, v) in cell.into_inner() {
                        keys.push(k);
                        values.push(v);
                    }
                }
            }
            Value::Instance(rc) => {
                if let Ok(inst) = Rc::try_unwrap(rc) {
                    values.extend(inst.attrs.into_inner().into_values());
                }
            }
            Value::Method(b, _) | Value::Bound(b, _) | Value::Super(_, b) => values.push(*b),
            other => drop(other),
        }
        while let Some(k) = keys.pop() {
            if let HKey::Tuple(items) = k {
                keys.extend(items);
            }
        }
    }
}
