//! Functions, closures, generators and classes defined by scripts.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use indexmap::IndexMap;

use super::*;
use crate::lang::ast::{Param, ParamKind, Stmt};

impl Interp {
    /// A function value from a `def` or `lambda`: its defaults evaluated now, and the
    /// scopes it can see (closures).
    pub(crate) fn make_func(
        &mut self,
        name: &str,
        params: &[Param],
        body: FuncBody,
        generator: bool,
    ) -> R<Value> {
        let mut ps = Vec::with_capacity(params.len());
        for p in params {
            let d = p.default.as_ref().map(|e| self.eval(e)).transpose()?;
            ps.push((p.name.clone(), d, p.kind));
        }
        let closure = match self.frames.last() {
            Some(f) if f.is_class => f.outer.clone(),
            Some(f) => {
                let mut c = vec![f.vars.clone()];
                c.extend(f.outer.iter().cloned());
                c
            }
            None => Vec::new(),
        };
        Ok(Value::Func(Rc::new(Func {
            name: name.to_string(),
            params: ps,
            body,
            closure,
            generator,
            class: std::cell::OnceCell::new(),
        })))
    }

    /// Binds arguments to a function's parameters, as Python does.
    fn bind(
        &mut self,
        func: &Func,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
    ) -> R<HashMap<String, Value>> {
        let name = &func.name;
        let mut frame = HashMap::with_capacity(func.params.len());
        let mut args = args.into_iter();
        let mut extra_kw: Option<IndexMap<HKey, (Value, Value)>> = None;
        let positional = func
            .params
            .iter()
            .filter(|p| p.2 == ParamKind::Normal)
            .count();
        let given = args.len();
        for (pname, _, kind) in &func.params {
            match kind {
                ParamKind::Normal => {
                    if let Some(v) = args.next() {
                        frame.insert(pname.clone(), v);
                    }
                }
                ParamKind::VarArgs => {
                    frame.insert(
                        pname.clone(),
                        Value::Tuple(Rc::new(args.by_ref().collect())),
                    );
                }
                ParamKind::VarKw => extra_kw = Some(IndexMap::new()),
                ParamKind::KwOnly => {}
            }
        }
        if args.len() > 0 {
            return err(
                ErrorKind::Type,
                format!(
                    "{name}() takes {positional} positional argument{} but {given} were given",
                    if positional == 1 { "" } else { "s" }
                ),
            );
        }
        for (k, v) in kwargs {
            let known = func
                .params
                .iter()
                .any(|p| p.0 == k && matches!(p.2, ParamKind::Normal | ParamKind::KwOnly));
            if known {
                if frame.contains_key(&k) {
                    return err(
                        ErrorKind::Type,
                        format!("{name}() got multiple values for argument '{k}'"),
                    );
                }
                frame.insert(k, v);
            } else if let Some(m) = &mut extra_kw {
                let key = Value::str(&k);
                m.insert(HKey::str(&k), (key, v));
            } else {
                return err(
                    ErrorKind::Type,
                    format!("{name}() got an unexpected keyword argument '{k}'"),
                );
            }
        }
        for (pname, default, kind) in &func.params {
            match kind {
                ParamKind::VarKw => {
                    let m = extra_kw.take().unwrap_or_default();
                    frame.insert(pname.clone(), Value::Dict(Rc::new(RefCell::new(m.into()))));
                }
                ParamKind::VarArgs => {}
                _ if frame.contains_key(pname) => {}
                _ => match default {
                    Some(d) => {
                        frame.insert(pname.clone(), d.clone());
                    }
                    None => {
                        return err(
                            ErrorKind::Type,
                            format!("{name}() missing 1 required positional argument: '{pname}'"),
                        )
                    }
                },
            }
        }
        Ok(frame)
    }

    /// Calls a script's function; `this` is the instance for a method (for `super()`).
    pub(crate) fn call_func(
        &mut self,
        func: &Rc<Func>,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
        this: Option<Value>,
    ) -> R<Value> {
        if self.depth >= MAX_CALL_DEPTH {
            return err(ErrorKind::Recursion, "maximum recursion depth exceeded");
        }
        self.check_interrupt()?;
        let vars = self.bind(func, args, kwargs)?;
        let mut frame = Frame::new(vars, func.closure.clone());
        frame.func = this.map(|t| (func.clone(), t));
        if func.generator {
            frame.yields = Some(Vec::new());
        }
        self.frames.push(frame);
        self.depth += 1;
        let r = match &func.body {
            FuncBody::Lambda(e) => self.eval(e),
            FuncBody::Block(b) => self.exec_block(b).map(|f| match f {
                Flow::Return(v) => v,
                _ => Value::None,
            }),
        };
        self.depth -= 1;
        let frame = self.frames.pop();
        let r = r?;
        if func.generator {
            let items = frame.and_then(|mut f| f.yields.take()).unwrap_or_default();
            return Ok(crate::lang::builtins::generator(items, &func.name));
        }
        Ok(r)
    }

    /// `class Name(bases): body`: runs the body in its own scope; its names become the
    /// class's attributes.
    pub(crate) fn make_class(&mut self, name: &str, bases: &[Expr], body: &[Stmt]) -> R<Value> {
        let mut bs = Vec::new();
        let mut exception = None;
        for b in bases {
            match self.eval(b)? {
                Value::UserClass(c) => {
                    exception = exception.or(c.exception);
                    bs.push(c);
                }
                Value::ExceptionClass(k) => exception = Some(k),
                Value::Builtin("object") => {}
                v => {
                    return err(
                        ErrorKind::Type,
                        format!(
                            "pcapsh classes can derive from object, Exception or a script's \\
                             own classes, not {}",
                            v.repr()
                        ),
                    )
                }
            }
        }
        let outer = match self.frames.last() {
            Some(f) => {
                let mut c = vec![f.vars.clone()];
                c.extend(f.outer.iter().cloned());
                c
            }
            None => Vec::new(),
        };
        let mut frame = Frame::new(HashMap::new(), outer);
        frame.is_class = true;
        self.frames.push(frame);
        let r = self.exec_block(body);
        let frame = self.frames.pop().expect("class frame");
        r?;
        let mut attrs: Vec<(String, Value)> = frame.vars.borrow_mut().drain().collect();
        attrs.sort_by(|a, b| a.0.cmp(&b.0));
        let class = Rc::new(ClassObj {
            name: name.to_string(),
            bases: bs,
            attrs: RefCell::new(attrs.into_iter().collect()),
            exception,
        });
        for v in class.attrs.borrow().values() {
            if let Value::Func(f) = v {
                let _ = f.class.set(Rc::downgrade(&class));
            }
        }
        Ok(Value::UserClass(class))
    }

    /// `Cls(args)`: a new instance, initialised by `__init__`.
    pub(crate) fn instantiate(
        &mut self,
        class: &Rc<ClassObj>,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
    ) -> R<Value> {
        let inst = Value::Instance(Rc::new(Instance {
            class: class.clone(),
            attrs: RefCell::new(IndexMap::new()),
        }));
        if class.exception.is_some() {
            // As BaseException.__new__: the arguments are kept, whatever __init__ does.
            if let Value::Instance(i) = &inst {
                let a = Value::Tuple(Rc::new(args.clone()));
                i.attrs.borrow_mut().insert("args".into(), a);
            }
        }
        match class.find("__init__") {
            Some((Value::Func(f), _)) => {
                let mut all = vec![inst.clone()];
                all.extend(args);
                self.call_func(&f, all, kwargs, Some(inst.clone()))?;
            }
            _ if class.find("_fields").is_some() => {
                // A namedtuple: arguments by position or name, in field order.
                let Value::Instance(i) = &inst else {
                    unreachable!()
                };
                let fields = i.tuple_fields().unwrap_or_default();
                if args.len() > fields.len() {
                    return err(
                        ErrorKind::Type,
                        format!(
                            "{}() takes {} positional arguments but {} were given",
                            class.name,
                            fields.len(),
                            args.len()
                        ),
                    );
                }
                let mut a = i.attrs.borrow_mut();
                for (f, v) in fields.iter().zip(args) {
                    a.insert(f.clone(), v);
                }
                for (k, v) in kwargs {
                    if !fields.contains(&k) {
                        return err(
                            ErrorKind::Type,
                            format!("{}() got an unexpected keyword argument '{k}'", class.name),
                        );
                    }
                    a.insert(k, v);
                }
                if let Some(f) = fields.iter().find(|f| !a.contains_key(*f)) {
                    return err(
                        ErrorKind::Type,
                        format!(
                            "{}() missing 1 required positional argument: '{f}'",
                            class.name
                        ),
                    );
                }
            }
            _ if class.exception.is_some() => {}
            _ if !args.is_empty() || !kwargs.is_empty() => {
                return err(
                    ErrorKind::Type,
                    format!("{}() takes no arguments", class.name),
                )
            }
            _ => {}
        }
        Ok(inst)
    }

    /// An attribute of an instance, a class or `super()`; None if it has none.
    pub(crate) fn user_attr(&mut self, o: &Value, name: &str) -> R<Option<Value>> {
        use crate::lang::builtins::classes::bind_class_attr as bind;
        Ok(match o {
            Value::Instance(i) => {
                if let Some(v) = i.attrs.borrow().get(name) {
                    return Ok(Some(v.clone()));
                }
                match name {
                    "__class__" => return Ok(Some(Value::UserClass(i.class.clone()))),
                    "__dict__" => {
                        let m: DictMap = i
                            .attrs
                            .borrow()
                            .iter()
                            .map(|(k, v)| (HKey::str(k), (Value::str(k), v.clone())))
                            .collect();
                        return Ok(Some(Value::Dict(Rc::new(RefCell::new(m)))));
                    }
                    _ => {}
                }
                match i.class.find(name) {
                    Some((v, _)) => Some(bind(self, v, o, &Value::UserClass(i.class.clone()))?),
                    None => None,
                }
            }
            Value::Exception(e) if name == "args" => {
                // The arguments it was raised with: its message (a KeyError's is the key's
                // repr, so its quotes come off).
                let m = &e.message;
                let arg = match e.kind {
                    ErrorKind::Key if m.len() >= 2 && m.starts_with('\'') && m.ends_with('\'') => {
                        m[1..m.len() - 1].to_string()
                    }
                    _ => m.clone(),
                };
                let items = if m.is_empty() {
                    vec![]
                } else {
                    vec![Value::str(&arg)]
                };
                Some(Value::Tuple(Rc::new(items)))
            }
            Value::UserClass(c) => match name {
                "__name__" => Some(Value::str(&c.name)),
                _ => match c.find(name) {
                    Some((v, _)) => Some(bind(self, v, o, o)?),
                    None => None,
                },
            },
            Value::Super(c, this) => {
                let class = match &**this {
                    Value::Instance(i) => Value::UserClass(i.class.clone()),
                    t => t.clone(),
                };
                match c.bases.iter().find_map(|b| b.find(name)) {
                    Some((v, _)) => Some(bind(self, v, this, &class)?),
                    // `super().__init__(msg)` in a script's exception class: BaseException's.
                    None if name == "__init__" && c.exception.is_some() => {
                        let init = self.exception_init()?;
                        Some(bind(self, init, this, &class)?)
                    }
                    None => None,
                }
            }
            _ => None,
        })
    }

    /// BaseException's `__init__`, written in the language itself: it keeps the arguments.
    fn exception_init(&mut self) -> R<Value> {
        let stmts =
            crate::lang::parser::parse("def __init__(self, *args):\n    self.args = args\n")?;
        match stmts.first().map(|s| &s.kind) {
            Some(StmtKind::Def(name, params, body, generator)) => {
                self.make_func(name, params, FuncBody::Block(body.clone()), *generator)
            }
            _ => err(ErrorKind::Internal, "BaseException.__init__ did not parse"),
        }
    }

    /// `super()` inside a method: the method's class and its instance.
    pub(crate) fn super_value(&self) -> R<Value> {
        let f = self.frames.last().and_then(|f| f.func.as_ref());
        let class = f
            .and_then(|(func, _)| func.class.get())
            .and_then(|w| w.upgrade());
        match (class, f) {
            (Some(c), Some((_, this))) => Ok(Value::Super(c, Box::new(this.clone()))),
            _ => err(ErrorKind::Runtime, "super(): no arguments"),
        }
    }

    /// Runs a method an instance defines (`__str__`, `__enter__` ...), if it does.
    pub(crate) fn call_dunder(
        &mut self,
        o: &Value,
        name: &str,
        args: Vec<Value>,
    ) -> R<Option<Value>> {
        if let Value::Instance(i) = o {
            if let Some((Value::Func(f), _)) = i.class.find(name) {
                let mut all = vec![o.clone()];
                all.extend(args);
                return self.call_func(&f, all, vec![], Some(o.clone())).map(Some);
            }
        }
        Ok(None)
    }

    /// `str(x)`, as `print` shows it, calling a script's `__str__` / `__repr__`.
    pub fn str_of(&mut self, v: &Value) -> R<String> {
        match v {
            Value::Instance(i) => {
                if let Some(s) = self.call_dunder(v, "__str__", vec![])? {
                    return Ok(s.to_str());
                }
                if i.class.exception.is_some() && i.class.find("__repr__").is_none() {
                    // BaseException.__str__: its one argument, or the tuple of them.
                    return Ok(match i.attrs.borrow().get("args") {
                        Some(Value::Tuple(t)) if t.len() == 1 => self.str_of(&t[0])?,
                        Some(Value::Tuple(t)) if t.is_empty() => String::new(),
                        Some(a) => self.repr_of(a)?,
                        None => String::new(),
                    });
                }
                self.repr_of(v)
            }
            Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(..) => {
                crate::lang::bigint::check_digits(v)?;
                Ok(self.rendered(v)?.to_str())
            }
            Value::Big(b) => crate::lang::bigint::decimal(b),
            _ => Ok(v.to_str()),
        }
    }

    /// `repr(x)`, calling a script's `__repr__`.
    pub fn repr_of(&mut self, v: &Value) -> R<String> {
        match v {
            Value::Instance(i) => match self.call_dunder(v, "__repr__", vec![])? {
                Some(s) => Ok(s.to_str()),
                None if i.class.exception.is_some() => {
                    // BaseException.__repr__: `Name('msg')`, `Name(1, 2)`, `Name()`.
                    let args = match i.attrs.borrow().get("args") {
                        Some(Value::Tuple(t)) => t.to_vec(),
                        _ => Vec::new(),
                    };
                    let parts: Vec<String> =
                        args.iter().map(|a| self.repr_of(a)).collect::<R<_>>()?;
                    Ok(format!("{}({})", i.class.name, parts.join(", ")))
                }
                None => Ok(v.repr()),
            },
            Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(..) => {
                crate::lang::bigint::check_digits(v)?;
                Ok(self.rendered(v)?.repr())
            }
            Value::Big(b) => crate::lang::bigint::decimal(b),
            _ => Ok(v.repr()),
        }
    }

    /// A copy of a value in which every instance of a script's class is replaced by its
    /// text (`__str__` and `__repr__` run now), so that formatting needs no interpreter.
    pub(crate) fn rendered(&mut self, v: &Value) -> R<Value> {
        if !has_instance(v) {
            return Ok(v.clone());
        }
        self.rendered_in(v, &mut Vec::new())
    }

    /// `rendered`, where `done` maps each list or dict already copied to its copy, so that
    /// a container that holds itself gives a copy that holds itself.
    fn rendered_in(&mut self, v: &Value, done: &mut Vec<(*const u8, Value)>) -> R<Value> {
        let ptr = match v {
            Value::List(l) => Rc::as_ptr(l) as *const u8,
            Value::Dict(d) => Rc::as_ptr(d) as *const u8,
            _ => std::ptr::null(),
        };
        if let Some((_, copy)) = done.iter().find(|(p, _)| !ptr.is_null() && *p == ptr) {
            return Ok(copy.clone());
        }
        Ok(match v {
            Value::Instance(_) => {
                let s = self.str_of(v)?;
                let r = self.repr_of(v)?;
                Value::Object(Rc::new(Rendered(s, r)))
            }
            Value::List(l) => {
                let copy = Rc::new(RefCell::new(Vec::new()));
                done.push((ptr, Value::List(copy.clone())));
                let items = l.borrow().clone();
                for x in &items {
                    let x = self.rendered_in(x, done)?;
                    copy.borrow_mut().push(x);
                }
                Value::List(copy)
            }
            Value::Tuple(t) => Value::Tuple(Rc::new(
                t.iter()
                    .map(|x| self.rendered_in(x, done))
                    .collect::<R<_>>()?,
            )),
            Value::Dict(d) => {
                let copy = Rc::new(RefCell::new(DictMap::from(IndexMap::new())));
                done.push((ptr, Value::Dict(copy.clone())));
                let items: Vec<_> = d
                    .borrow()
                    .iter()
                    .map(|(h, (k, v))| (h.clone(), k.clone(), v.clone()))
                    .collect();
                for (h, k, v) in items {
                    let pair = (self.rendered_in(&k, done)?, self.rendered_in(&v, done)?);
                    copy.borrow_mut().insert(h, pair);
                }
                Value::Dict(copy)
            }
            _ => v.clone(),
        })
    }
}

/// Whether a value holds an instance of a script's class.
fn has_instance(v: &Value) -> bool {
    crate::lang::value::holds(v, &|x| matches!(x, Value::Instance(_)))
}

/// An instance already turned into text: its `str()` and its `repr()`.
struct Rendered(String, String);

impl Object for Rendered {
    fn type_name(&self) -> &'static str {
        "object"
    }
    fn repr(&self) -> String {
        self.1.clone()
    }
    fn to_str(&self) -> String {
        self.0.clone()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
