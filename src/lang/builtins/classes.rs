//! What decorators make: `staticmethod`, `classmethod` and `property` (with `.setter`
//! and `.deleter`) for a script's classes, and `functools`' `wraps`, `lru_cache`,
//! `cache` and `partial`. The evaluator applies `@...` lines
//! (`eval/stmt.rs`) and asks `bind_class_attr` how a class attribute reads.

use std::rc::Rc;

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{builtin, Call, Command};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    builtin("staticmethod", "staticmethod(f)", "In a class (`@staticmethod`): a function called without the instance or class.", "staticmethod(len)", b_wrap),
    builtin("classmethod", "classmethod(f)", "In a class (`@classmethod`): a method that gets the class as its first argument.", "classmethod(len)", b_wrap),
    builtin("property", "property(fget, fset=None, fdel=None, doc=None)", "In a class (`@property`, `@x.setter`): an attribute computed by a method when read.", "property(len)", b_property),
];

/// A function a class keeps with how it binds: `@staticmethod` or `@classmethod`.
pub struct Wrapped {
    class_method: bool,
    pub f: Value,
}

impl Object for Wrapped {
    fn type_name(&self) -> &'static str {
        if self.class_method {
            "classmethod"
        } else {
            "staticmethod"
        }
    }
    fn repr(&self) -> String {
        format!("<{}({})>", self.type_name(), self.f.repr())
    }
    fn attr(&self, name: &str) -> Option<Value> {
        (name == "__func__").then(|| self.f.clone())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `property(fget, fset, fdel)`: reading, setting and deleting the attribute call these.
#[derive(Clone)]
pub struct Property {
    pub get: Option<Value>,
    pub set: Option<Value>,
    pub del: Option<Value>,
}

impl Object for Property {
    fn type_name(&self) -> &'static str {
        "property"
    }
    fn repr(&self) -> String {
        format!("<property object at {:#x}>", self as *const _ as usize)
    }
    fn attr(&self, name: &str) -> Option<Value> {
        let part = |v: &Option<Value>| Some(v.clone().unwrap_or(Value::None));
        match name {
            "fget" => part(&self.get),
            "fset" => part(&self.set),
            "fdel" => part(&self.del),
            "getter" => Some(self.part("getter")),
            "setter" => Some(self.part("setter")),
            "deleter" => Some(self.part("deleter")),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Property {
    fn part(&self, which: &'static str) -> Value {
        Value::Object(Rc::new(Decorator::Part(self.clone(), which)))
    }
}

/// A callable made by a call: a decorator waiting for the function it decorates
/// (`functools.wraps(f)`, `lru_cache(maxsize=None)`, `prop.setter`), or a
/// `functools.partial`.
pub enum Decorator {
    /// Gives the function back as it is.
    Same(&'static str),
    /// `prop.setter` and friends: a copy of the property with that part replaced.
    Part(Property, &'static str),
    /// `partial(f, *args, **kwargs)`: f with these arguments first.
    Partial(Value, Vec<Value>, Vec<(String, Value)>),
    /// `lru_cache(f)`, `cache(f)`: f, remembering its result for each argument list (no
    /// bound on the size: results are the same as with one).
    Cached(
        Value,
        std::cell::RefCell<std::collections::HashMap<HKey, Value>>,
    ),
    /// `lru_cache(maxsize=...)`, waiting for its function.
    Cache,
}

impl Object for Decorator {
    fn type_name(&self) -> &'static str {
        match self {
            Decorator::Same(_) => "function",
            Decorator::Part(..) => "builtin_function_or_method",
            Decorator::Partial(..) => "functools.partial",
            Decorator::Cached(..) => "functools._lru_cache_wrapper",
            Decorator::Cache => "function",
        }
    }
    fn repr(&self) -> String {
        let name = match self {
            Decorator::Same(n) => n,
            Decorator::Part(_, n) => n,
            Decorator::Cached(f, _) => return f.repr(),
            Decorator::Cache => "lru_cache",
            Decorator::Partial(f, args, kwargs) => {
                let mut parts = vec![f.repr()];
                parts.extend(args.iter().map(|a| a.repr()));
                parts.extend(kwargs.iter().map(|(k, v)| format!("{k}={}", v.repr())));
                return format!("functools.partial({})", parts.join(", "));
            }
        };
        format!("<function {name} at {:#x}>", self as *const _ as usize)
    }
    fn attr(&self, name: &str) -> Option<Value> {
        match (self, name) {
            (Decorator::Partial(f, ..), "func") => Some(f.clone()),
            (Decorator::Partial(_, a, _), "args") => Some(Value::Tuple(Rc::new(a.clone()))),
            (Decorator::Cached(f, _), "__wrapped__") => Some(f.clone()),
            _ => None,
        }
    }
    fn call(
        &self,
        it: &mut Interp,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
    ) -> Option<R<Value>> {
        Some(self.run(it, args, kwargs))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Decorator {
    /// Calls the partial or the cached function, or applies the decorator to the
    /// function it is given.
    fn run(&self, it: &mut Interp, args: Vec<Value>, kwargs: Vec<(String, Value)>) -> R<Value> {
        let one = |args: &[Value], kwargs: &[(String, Value)]| match (args, kwargs) {
            ([f], []) => Ok(f.clone()),
            _ => err(ErrorKind::Type, "a decorator takes one function"),
        };
        match self {
            Decorator::Partial(f, first, kw) => {
                let mut all = first.clone();
                all.extend(args);
                let mut kws = kw.clone();
                for (k, v) in kwargs {
                    kws.retain(|(n, _)| *n != k);
                    kws.push((k, v));
                }
                it.call(f, all, kws)
            }
            Decorator::Cached(f, memo) => {
                let mut key: Vec<HKey> = Vec::with_capacity(args.len() + 2 * kwargs.len());
                for v in args.iter().chain(kwargs.iter().map(|(_, v)| v)) {
                    key.push(crate::lang::eval::hashable(v)?);
                }
                key.extend(kwargs.iter().map(|(k, _)| HKey::str(k)));
                let key = HKey::Tuple(key);
                if let Some(v) = memo.borrow().get(&key) {
                    return Ok(v.clone());
                }
                let v = it.call(f, args, kwargs)?;
                memo.borrow_mut().insert(key, v.clone());
                Ok(v)
            }
            Decorator::Same(_) => one(&args, &kwargs),
            Decorator::Cache => one(&args, &kwargs).map(cached),
            Decorator::Part(p, part) => {
                let f = one(&args, &kwargs)?;
                let mut p = p.clone();
                match *part {
                    "getter" => p.get = Some(f),
                    "setter" => p.set = Some(f),
                    _ => p.del = Some(f),
                }
                Ok(Value::Object(Rc::new(p)))
            }
        }
    }
}

/// `functools.wraps(wrapped)`: a decorator that leaves the wrapper as it is.
pub fn wraps(_: &mut Interp, call: &Call) -> R<Value> {
    need("wraps", call.args, call.kwargs, 0, "wrapped")?;
    Ok(Value::Object(Rc::new(Decorator::Same("wraps"))))
}

fn cached(f: Value) -> Value {
    Value::Object(Rc::new(Decorator::Cached(f, Default::default())))
}

/// `functools.lru_cache` and `cache`, bare (`@lru_cache`) or called
/// (`@lru_cache(maxsize=None)`): the function, remembering its results.
pub fn cache(_: &mut Interp, call: &Call) -> R<Value> {
    match call.args.first() {
        Some(Value::Int(_) | Value::None) | None => Ok(Value::Object(Rc::new(Decorator::Cache))),
        Some(Value::Str(_) | Value::Float(_) | Value::List(_) | Value::Tuple(_)) => err(
            ErrorKind::Type,
            "Expected first argument to be an integer, a callable, or None",
        ),
        Some(f) => Ok(cached(f.clone())),
    }
}

/// `functools.partial(f, *args, **kwargs)`.
pub fn partial(_: &mut Interp, call: &Call) -> R<Value> {
    let Some((f, args)) = call.args.split_first() else {
        return err(
            ErrorKind::Type,
            "partial() takes at least one argument (0 given)",
        );
    };
    Ok(Value::Object(Rc::new(Decorator::Partial(
        f.clone(),
        args.to_vec(),
        call.kwargs.to_vec(),
    ))))
}

fn b_wrap(_: &mut Interp, call: &Call) -> R<Value> {
    let f = need(call.name, call.args, call.kwargs, 0, "function")?;
    Ok(Value::Object(Rc::new(Wrapped {
        class_method: call.name == "classmethod",
        f: f.clone(),
    })))
}

fn b_property(_: &mut Interp, call: &Call) -> R<Value> {
    let part = |i, name| {
        arg(call.args, call.kwargs, i, name)
            .filter(|v| !matches!(v, Value::None))
            .cloned()
    };
    Ok(Value::Object(Rc::new(Property {
        get: part(0, "fget"),
        set: part(1, "fset"),
        del: part(2, "fdel"),
    })))
}

/// How an attribute found on a class reads from `this` (an instance, or the class
/// itself when `this` is a class): functions bind to the instance, static methods stay
/// as they are, class methods bind to the class, properties run their getter on an
/// instance.
pub fn bind_class_attr(it: &mut Interp, v: Value, this: &Value, class: &Value) -> R<Value> {
    let on_instance = !matches!(this, Value::UserClass(_));
    Ok(match v {
        Value::Func(f) if on_instance => Value::Bound(Box::new(this.clone()), f),
        Value::Object(o) => {
            if let Some(w) = o.as_any().downcast_ref::<Wrapped>() {
                match (&w.f, w.class_method) {
                    (Value::Func(f), true) => Value::Bound(Box::new(class.clone()), f.clone()),
                    (f, _) => f.clone(),
                }
            } else if let Some(p) = o.as_any().downcast_ref::<Property>() {
                if !on_instance {
                    return Ok(Value::Object(o));
                }
                match &p.get {
                    Some(g) => it.call(g, vec![this.clone()], vec![])?,
                    None => return err(ErrorKind::Attribute, "property has no getter"),
                }
            } else {
                Value::Object(o)
            }
        }
        v => v,
    })
}

/// The property a class defines under `name`, if any (setting and deleting the
/// attribute on an instance go through it).
pub fn class_property(class: &Rc<ClassObj>, name: &str) -> Option<Property> {
    match class.find(name)? {
        (Value::Object(o), _) => o.as_any().downcast_ref::<Property>().cloned(),
        _ => None,
    }
}
