//! Methods of lists, as Python's.

use std::cell::RefCell;
use std::rc::Rc;

use crate::lang::builtins::*;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, norm_index, Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    method(
        Owner::List,
        "append",
        "l.append(x)",
        "Add an item at the end.",
        "out.append(p)",
        append,
        false,
    ),
    method(
        Owner::List,
        "extend",
        "l.extend(items)",
        "Add items at the end.",
        "out.extend(v)",
        extend,
        false,
    ),
    method(
        Owner::List,
        "pop",
        "l.pop(i=-1)",
        "Remove and return an item.",
        "out.pop()",
        pop,
        false,
    ),
    method(
        Owner::List,
        "sort",
        "l.sort(key=None, reverse=False)",
        "Sort in place.",
        "out.sort(reverse=True)",
        sort,
        false,
    ),
    method(
        Owner::List,
        "reverse",
        "l.reverse()",
        "Reverse in place.",
        "out.reverse()",
        reverse,
        false,
    ),
    method(
        Owner::List,
        "index",
        "l.index(x)",
        "Position of an item.",
        "out.index(3)",
        index,
        false,
    ),
    method(
        Owner::List,
        "count",
        "l.count(x)",
        "Occurrences of an item.",
        "out.count(3)",
        count,
        false,
    ),
];

receiver!(List, Rc<RefCell<Vec<Value>>>);

fn append(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let l = this(obj, call)?;
    {
        l.borrow_mut().push(need(name, a, k, 0, "object")?.clone());
        Ok(Value::None)
    }
}

fn extend(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let l = this(obj, call)?;
    {
        let items = it.iterate(need(name, a, k, 0, "iterable")?)?;
        crate::lang::eval::check_items(l.borrow().len() as u128 + items.len() as u128)?;
        l.borrow_mut().extend(items);
        Ok(Value::None)
    }
}

fn pop(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let a = call.args;
    let l = this(obj, call)?;
    {
        let n = l.borrow().len();
        if n == 0 {
            return err(ErrorKind::Index, "pop from empty list");
        }
        let i = match a.first() {
            Some(v) => norm_index(v, n)?,
            None => n - 1,
        };
        Ok(l.borrow_mut().remove(i))
    }
}

fn sort(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let k = call.kwargs;
    let l = this(obj, call)?;
    {
        let items = l.borrow().clone();
        let key = arg(&[], k, 0, "key").cloned();
        let reverse = arg(&[], k, 0, "reverse").is_some_and(|v| v.truthy());
        let sorted = it.sort_values(items, key, reverse)?;
        *l.borrow_mut() = sorted;
        Ok(Value::None)
    }
}

fn reverse(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let l = this(obj, call)?;
    {
        l.borrow_mut().reverse();
        Ok(Value::None)
    }
}

fn index(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let l = this(obj, call)?;
    {
        let x = need(name, a, k, 0, "value")?;
        let pos = l
            .borrow()
            .iter()
            .position(|v| crate::lang::eval::values_equal(v, x));
        pos.map(|p| Value::Int(p as i64))
            .ok_or_else(|| Error::at_none(ErrorKind::Value, format!("{} is not in list", x.repr())))
    }
}

fn count(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let l = this(obj, call)?;
    {
        let x = need(name, a, k, 0, "value")?;
        Ok(Value::Int(
            l.borrow()
                .iter()
                .filter(|v| crate::lang::eval::values_equal(v, x))
                .count() as i64,
        ))
    }
}
