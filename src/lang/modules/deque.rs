//! `collections.deque`: a list with fast ends and an optional length bound, as scripts
//! keep the last N packets (`deque(maxlen=5)`) or work through a queue (`popleft`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use crate::lang::builtins::arg;
use crate::lang::commands::{function, method, property, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, values_equal, Interp, R};
use crate::lang::value::*;

const M: Owner = Owner::Module("collections");
const D: Owner = Owner::Type("deque");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(M, "deque", "collections.deque(iterable=(), maxlen=None)", "A double-ended queue; with maxlen, adding past it drops from the other end.", "from collections import deque; w = deque([1, 2, 3], maxlen=3); w.append(4); w", new),
    method(D, "append", "q.append(x)", "Add to the right end.", "q = collections.deque(); q.append(1)", push, false),
    method(D, "appendleft", "q.appendleft(x)", "Add to the left end.", "q = collections.deque([2]); q.appendleft(1); q", push, false),
    method(D, "extend", "q.extend(items)", "Add each item to the right end.", "q = collections.deque(); q.extend([1, 2]); q", extend, false),
    method(D, "extendleft", "q.extendleft(items)", "Add each item to the left end (so they end up reversed).", "q = collections.deque(); q.extendleft([1, 2]); q", extend, false),
    method(D, "pop", "q.pop()", "Remove and return the rightmost item.", "collections.deque([1, 2]).pop()", pop, false),
    method(D, "popleft", "q.popleft()", "Remove and return the leftmost item.", "collections.deque([1, 2]).popleft()", pop, false),
    method(D, "clear", "q.clear()", "Remove every item.", "q = collections.deque([1]); q.clear(); q", clear, false),
    method(D, "rotate", "q.rotate(n=1)", "Move n items from the right end to the left (left for negative n).", "q = collections.deque([1, 2, 3]); q.rotate(1); q", rotate, false),
    method(D, "count", "q.count(x)", "How many items equal x.", "collections.deque([1, 1, 2]).count(1)", count, false),
    method(D, "remove", "q.remove(x)", "Remove the first item equal to x; ValueError if none.", "q = collections.deque([1, 2]); q.remove(2); q", remove, false),
    property(D, "maxlen", "q.maxlen", "The bound given, or None.", "collections.deque(maxlen=3).maxlen", |_, v| Ok(this(v)?.maxlen.map_or(Value::None, |n| Value::Int(n as i64)))),
];

pub struct Deque {
    items: RefCell<VecDeque<Value>>,
    maxlen: Option<usize>,
}

impl Deque {
    /// Adds at one end, dropping from the other past `maxlen`.
    fn add(&self, v: Value, left: bool) {
        let mut q = self.items.borrow_mut();
        if left {
            q.push_front(v);
        } else {
            q.push_back(v);
        }
        if self.maxlen.is_some_and(|m| q.len() > m) {
            if left {
                q.pop_back();
            } else {
                q.pop_front();
            }
        }
    }

    /// `q[i]`.
    pub fn get(&self, k: &Value) -> R<Value> {
        let q = self.items.borrow();
        let i = crate::lang::eval::norm_index(k, q.len()).map_err(|_| {
            crate::lang::error::Error::at_none(ErrorKind::Index, "deque index out of range")
        })?;
        Ok(q[i].clone())
    }
}

impl Object for Deque {
    fn type_name(&self) -> &'static str {
        "deque"
    }
    fn repr(&self) -> String {
        let items: Vec<String> = self.items.borrow().iter().map(|v| v.repr()).collect();
        match self.maxlen {
            Some(m) => format!("deque([{}], maxlen={m})", items.join(", ")),
            None => format!("deque([{}])", items.join(", ")),
        }
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(self.items.borrow().iter().cloned().collect())
    }
    fn length(&self) -> Option<usize> {
        Some(self.items.borrow().len())
    }
    fn truthy(&self) -> bool {
        !self.items.borrow().is_empty()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn this(v: &Value) -> R<&Deque> {
    v.as_object::<Deque>("a deque")
}

fn new(it: &mut Interp, call: &Call) -> R<Value> {
    let maxlen = match arg(call.args, call.kwargs, 1, "maxlen") {
        None | Some(Value::None) => None,
        Some(Value::Int(n)) if *n >= 0 => Some(*n as usize),
        Some(Value::Int(_)) => return err(ErrorKind::Value, "maxlen must be non-negative"),
        Some(v) => {
            return err(
                ErrorKind::Type,
                format!("an integer is required, not {}", v.type_name()),
            )
        }
    };
    let q = Deque {
        items: RefCell::new(VecDeque::new()),
        maxlen,
    };
    if let Some(src) = arg(call.args, call.kwargs, 0, "iterable") {
        for v in it.iterate(src)? {
            q.add(v, false);
        }
    }
    Ok(Value::Object(Rc::new(q)))
}

fn one<'a>(call: &'a Call) -> R<&'a Value> {
    call.args.first().ok_or_else(|| {
        crate::lang::error::Error::at_none(
            ErrorKind::Type,
            format!("{}() takes exactly one argument (0 given)", call.name),
        )
    })
}

fn push(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    this(v)?.add(one(call)?.clone(), call.name == "appendleft");
    Ok(Value::None)
}

fn extend(it: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let q = this(v)?;
    for x in it.iterate(one(call)?)? {
        q.add(x, call.name == "extendleft");
    }
    Ok(Value::None)
}

fn pop(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let mut q = this(v)?.items.borrow_mut();
    let x = if call.name == "popleft" {
        q.pop_front()
    } else {
        q.pop_back()
    };
    x.map_or_else(|| err(ErrorKind::Index, "pop from an empty deque"), Ok)
}

fn clear(_: &mut Interp, v: &Value, _: &Call) -> R<Value> {
    this(v)?.items.borrow_mut().clear();
    Ok(Value::None)
}

fn rotate(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let n = match arg(call.args, call.kwargs, 0, "n") {
        None => 1,
        Some(Value::Int(n)) => *n,
        Some(x) => {
            return err(
                ErrorKind::Type,
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    x.type_name()
                ),
            )
        }
    };
    let mut q = this(v)?.items.borrow_mut();
    if !q.is_empty() {
        let k = n.rem_euclid(q.len() as i64) as usize;
        q.rotate_right(k);
    }
    Ok(Value::None)
}

fn count(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let x = one(call)?;
    let n = this(v)?
        .items
        .borrow()
        .iter()
        .filter(|y| values_equal(y, x))
        .count();
    Ok(Value::Int(n as i64))
}

fn remove(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let x = one(call)?;
    let mut q = this(v)?.items.borrow_mut();
    match q.iter().position(|y| values_equal(y, x)) {
        Some(i) => {
            q.remove(i);
            Ok(Value::None)
        }
        None => err(ErrorKind::Value, format!("{} is not in deque", x.repr())),
    }
}
