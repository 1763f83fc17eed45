//! Running statements: blocks, loops, `def`, `try`, assignment.

use super::*;
use crate::lang::ast::*;
use crate::lang::error::{Error, ErrorKind};
use crate::lang::value::*;

impl Interp {
    pub(crate) fn exec_block(&mut self, body: &[Stmt]) -> R<Flow> {
        for s in body {
            match self.exec(s)? {
                Flow::Normal => {}
                f => return Ok(f),
            }
        }
        Ok(Flow::Normal)
    }

    pub(crate) fn exec(&mut self, s: &Stmt) -> R<Flow> {
        self.check_interrupt()?;
        let r = deep(|| self.exec_inner(s));
        r.map_err(|e| e.located(s.pos, s.len))
    }

    pub(crate) fn exec_inner(&mut self, s: &Stmt) -> R<Flow> {
        match &s.kind {
            StmtKind::Expr(e) => {
                self.eval(e)?;
            }
            StmtKind::Assign(targets, value) => {
                let v = self.eval(value)?;
                for t in targets {
                    self.assign(t, v.clone())?;
                }
            }
            StmtKind::AugAssign(target, op, value) => self.aug_assign(target, *op, value)?,
            StmtKind::Print(args, newline) => {
                let parts: Vec<String> = args
                    .iter()
                    .map(|a| self.eval(a).map(|v| v.to_str()))
                    .collect::<R<_>>()?;
                let mut line = parts.join(" ");
                line.push(if *newline { '\n' } else { ' ' });
                self.write(&line)?;
            }
            StmtKind::For(target, iter, body, other) => {
                let it = self.eval(iter)?;
                // An iterator (a generator, a PcapReader) is taken from one item at a
                // time, so what a `break` leaves stays in it, as in Python.
                let mut lazy = match &it {
                    Value::Object(o) => o.next_item().map(|first| (o.clone(), first)),
                    _ => None,
                };
                let mut items = match lazy {
                    Some(_) => Vec::new().into_iter(),
                    None => self.iterate(&it)?.into_iter(),
                };
                let mut next = || match &mut lazy {
                    Some((o, first)) => first.take().or_else(|| o.next_item().flatten()),
                    None => items.next(),
                };
                while let Some(item) = next() {
                    self.check_interrupt()?;
                    self.assign(target, item)?;
                    match self.exec_block(body)? {
                        Flow::Break => return Ok(Flow::Normal),
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
                if let Some(o) = other {
                    return self.exec_block(o);
                }
            }
            StmtKind::While(cond, body, other) => {
                while self.eval(cond)?.truthy() {
                    self.check_interrupt()?;
                    match self.exec_block(body)? {
                        Flow::Break => return Ok(Flow::Normal),
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
                if let Some(o) = other {
                    return self.exec_block(o);
                }
            }
            StmtKind::Class(name, bases, body) => {
                let c = self.make_class(name, bases, body)?;
                self.set_var(name, c);
            }
            StmtKind::With(items, body) => return self.exec_with(items, body),
            StmtKind::Global(names, nonlocal) => {
                if let Some(f) = self.frames.last_mut() {
                    for n in names {
                        f.declared.insert(n.clone(), *nonlocal);
                    }
                } else if *nonlocal {
                    return err(
                        ErrorKind::Syntax,
                        "nonlocal declaration not allowed at module level",
                    );
                }
            }
            StmtKind::Assert(cond, msg) => {
                if !self.eval(cond)?.truthy() {
                    let m = match msg {
                        Some(m) => {
                            let v = self.eval(m)?;
                            self.str_of(&v)?
                        }
                        None => String::new(),
                    };
                    return err(ErrorKind::Assertion, m);
                }
            }
            StmtKind::If(arms, other) => {
                for (cond, body) in arms {
                    if self.eval(cond)?.truthy() {
                        return self.exec_block(body);
                    }
                }
                if let Some(body) = other {
                    return self.exec_block(body);
                }
            }
            StmtKind::Def(name, params, body, generator) => {
                let f = self.make_func(name, params, FuncBody::Block(body.clone()), *generator)?;
                self.set_var(name, f);
            }
            StmtKind::Decorated(decorators, def) => self.decorated(decorators, def)?,
            StmtKind::Return(v) => {
                let v = match v {
                    Some(e) => self.eval(e)?,
                    None => Value::None,
                };
                return Ok(Flow::Return(v));
            }
            StmtKind::Del(targets) => {
                for t in targets {
                    self.delete(t)?;
                }
            }
            StmtKind::Try(body, handlers, other, finally) => {
                return self.exec_try(body, handlers, other.as_deref(), finally.as_deref())
            }
            StmtKind::Raise(v) => return Err(self.raise(v.as_ref())),
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Import(_) | StmtKind::FromImport(..) => self.import(&s.kind)?,
            StmtKind::Pass => {}
        }
        Ok(Flow::Normal)
    }

    /// `target op= value`: in place for strings, lists and a class's `__iadd__` ...
    fn aug_assign(&mut self, target: &Expr, op: BinOp, value: &Expr) -> R<()> {
        let cur = self.eval(target)?;
        let rhs = self.eval(value)?;
        if let (ExprKind::Name(n), BinOp::Add, Value::Str(_), Value::Str(tail)) =
            (&target.kind, op, &cur, &rhs)
        {
            // `s += t` grows the string in place when nothing else holds it, as
            // CPython does: a loop of appends stays linear.
            drop(cur);
            if self.append_in_place(n, tail)? {
                return Ok(());
            }
            let cur = self.eval(target)?;
            let v = self.binop(op, &cur, &rhs)?;
            return self.assign(target, v);
        }
        if let Value::Instance(_) = &cur {
            let name = format!("__i{}__", super::ops::dunder_of(op));
            if let Some(v) = self.call_dunder(&cur, &name, vec![rhs.clone()])? {
                return self.assign(target, v);
            }
        }
        let v = match (&cur, op) {
            (Value::List(l), BinOp::Add) => {
                let items = self.iterate(&rhs)?;
                check_items(l.borrow().len() as u128 + items.len() as u128)?;
                l.borrow_mut().extend(items);
                cur.clone()
            }
            _ => self.binop(op, &cur, &rhs)?,
        };
        self.assign(target, v)
    }

    /// `@d1 @d2 def f ...`: Python evaluates the decorators first, then defines, then
    /// applies them bottom up and binds the name to the result.
    fn decorated(&mut self, decorators: &[Expr], def: &Stmt) -> R<()> {
        let ds = decorators
            .iter()
            .map(|d| self.eval(d))
            .collect::<R<Vec<_>>>()?;
        self.exec(def)?;
        let name = match &def.kind {
            StmtKind::Def(n, ..) | StmtKind::Class(n, ..) => n,
            _ => return Ok(()),
        };
        let mut v = self.lookup(name).unwrap_or(Value::None);
        for (d, e) in ds.iter().zip(decorators).rev() {
            v = self
                .call(d, vec![v], vec![])
                .map_err(|x| x.located(e.pos, e.len))?;
        }
        self.set_var(name, v);
        Ok(())
    }

    /// `import ...` and `from ... import ...`.
    fn import(&mut self, kind: &StmtKind) -> R<()> {
        match kind {
            StmtKind::Import(modules) => {
                for (path, alias) in modules {
                    super::super::modules::import(path)?;
                    match alias {
                        Some(name) => self.set_var(name, Value::Module(path.as_str().into())),
                        // `import os.path` binds `os`.
                        None => {
                            let top = path.split('.').next().unwrap_or(path);
                            self.set_var(top, super::super::modules::import(top)?);
                        }
                    }
                }
            }
            StmtKind::FromImport(path, names) => {
                super::super::modules::import(path)?;
                let modules = super::super::modules::star;
                if names.is_empty() {
                    for (name, v) in modules(self, path)? {
                        self.set_var(name, v);
                    }
                }
                for (name, alias) in names {
                    let v = super::super::modules::from_import(self, path, name)?;
                    self.set_var(alias.as_ref().unwrap_or(name), v);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// `del x`, `del d[k]`, `del l[i]`.
    fn delete(&mut self, t: &Expr) -> R<()> {
        match &t.kind {
            ExprKind::Name(n) => {
                let removed = match self.frames.last_mut() {
                    Some(f) if f.declared.get(n) != Some(&false) => f.vars.borrow_mut().remove(n),
                    _ => self.globals.remove(n),
                };
                let Some(removed) = removed else {
                    return Err(Error::new(
                        ErrorKind::Name,
                        &format!("name '{n}' is not defined"),
                        t.pos,
                        t.len,
                    ));
                };
                crate::lang::dispose::dispose(removed);
            }
            ExprKind::Attr(obj, name) => {
                let o = self.eval(obj)?;
                if !matches!(o, Value::Packet(_) | Value::Layer(_)) {
                    return err(
                        ErrorKind::Attribute,
                        format!("cannot delete attribute '{name}' of a {}", o.type_name()),
                    );
                }
                let np = crate::lang::builtins::build::set_attr(&o, name, None)?;
                self.rebind(obj, np)?;
            }
            ExprKind::Index(obj, idx) => {
                let o = self.eval(obj)?;
                if let ExprKind::Slice(lo, hi, step) = &idx.kind {
                    return self.delete_slice(&o, [lo, hi, step]);
                }
                let k = self.eval(idx)?;
                match &o {
                    Value::Dict(d) => {
                        let hk = hashable(&k)?;
                        if d.borrow_mut().shift_remove(&hk).is_none() {
                            return err(ErrorKind::Key, k.repr());
                        }
                    }
                    Value::List(l) => {
                        let n = l.borrow().len();
                        let i = norm_index(&k, n)?;
                        l.borrow_mut().remove(i);
                    }
                    _ => {
                        return err(
                            ErrorKind::Type,
                            format!("'{}' object does not support item deletion", o.type_name()),
                        )
                    }
                }
            }
            _ => {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    "cannot delete this",
                    t.pos,
                    t.len,
                ))
            }
        }
        Ok(())
    }

    /// `try`: the first handler whose class catches the error runs, with the exception
    /// bound to its `as` name; then `else` (when nothing was raised) and `finally`.
    fn exec_try(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        other: Option<&[Stmt]>,
        finally: Option<&[Stmt]>,
    ) -> R<Flow> {
        let r = match self.exec_block(body) {
            // Ctrl-C is never caught: it stops the script.
            Err(e) if e.kind != ErrorKind::Interrupted => {
                let h = handlers
                    .iter()
                    .find(|h| h.names.is_empty() || h.names.iter().any(|n| caught(&e, n)));
                match h {
                    Some(h) => {
                        if let Some(b) = &h.bind {
                            let v = match &e.raised {
                                Some(r) => r.0.clone(),
                                None => Value::exception(e.kind, &e.message),
                            };
                            self.set_var(b, v);
                        }
                        self.handling.push(e);
                        let r = self.exec_block(&h.body);
                        self.handling.pop();
                        r
                    }
                    None => Err(e),
                }
            }
            Ok(Flow::Normal) => match other {
                Some(o) => self.exec_block(o),
                None => Ok(Flow::Normal),
            },
            r => r,
        };
        if let Some(f) = finally {
            match self.exec_block(f)? {
                Flow::Normal => {}
                flow => return Ok(flow),
            }
        }
        r
    }

    /// The error `raise` raises: the exception being handled (bare `raise`), an
    /// exception (`raise KeyError('k')`) or an exception class (`raise ValueError`).
    fn raise(&mut self, v: Option<&Expr>) -> Error {
        let Some(e) = v else {
            return match self.handling.last() {
                Some(e) => e.clone(),
                None => Error::at_none(ErrorKind::Runtime, "No active exception to reraise"),
            };
        };
        let v = match self.eval(e) {
            Err(err) => return err,
            // `raise MyError`: the class is instantiated with no arguments.
            Ok(Value::UserClass(c)) if c.exception.is_some() => {
                match self.instantiate(&c, vec![], vec![]) {
                    Ok(v) => v,
                    Err(e) => return e,
                }
            }
            Ok(v) => v,
        };
        match v {
            Value::Exception(x) => Error::at_none(x.kind, x.message.clone()),
            Value::ExceptionClass(kind) => Error::at_none(kind, ""),
            Value::Instance(ref i) if i.class.exception.is_some() => {
                let kind = i.class.exception.unwrap_or(ErrorKind::Exception);
                let message = match self.str_of(&v) {
                    Ok(m) => m,
                    Err(e) => return e,
                };
                let mut er = Error::at_none(kind, message);
                er.raised = Some(Box::new(crate::lang::error::Raised(
                    v.clone(),
                    i.class.name.clone(),
                )));
                er
            }
            _ => Error::at_none(ErrorKind::Type, "exceptions must derive from BaseException"),
        }
    }

    /// Appends to the string a variable holds, in place, if no other value shares it.
    fn append_in_place(&mut self, name: &str, tail: &str) -> R<bool> {
        let grow = |v: &mut Value| -> R<bool> {
            if let Value::Str(rc) = v {
                if let Some(s) = Rc::get_mut(rc) {
                    check_size(s.len() as u128 + tail.len() as u128)?;
                    s.push_str(tail);
                    return Ok(true);
                }
            }
            Ok(false)
        };
        // Only where `set_var` would bind the result: the running scope, a `nonlocal`'s
        // or a `global`'s home.
        if let Some(f) = self.frames.last() {
            match f.declared.get(name) {
                None => {
                    return match f.vars.borrow_mut().get_mut(name) {
                        Some(v) => grow(v),
                        None => Ok(false),
                    }
                }
                Some(true) => {
                    for o in &f.outer {
                        if let Some(v) = o.borrow_mut().get_mut(name) {
                            return grow(v);
                        }
                    }
                    return Ok(false);
                }
                Some(false) => {}
            }
        }
        match self.globals.get_mut(name) {
            Some(v) => grow(v),
            None => Ok(false),
        }
    }

    /// Binds a name in the running scope, or where `global` / `nonlocal` put it.
    pub(crate) fn set_var(&mut self, name: &str, v: Value) {
        let name = name.to_string();
        let old = match self.frames.last_mut() {
            Some(f) => match f.declared.get(&name) {
                Some(false) => self.globals.insert(name, v),
                Some(true) => {
                    let owner = f.outer.iter().find(|o| o.borrow().contains_key(&name));
                    match owner {
                        Some(o) => o.borrow_mut().insert(name, v),
                        None => f.vars.borrow_mut().insert(name, v),
                    }
                }
                None => f.vars.borrow_mut().insert(name, v),
            },
            None => self.globals.insert(name, v),
        };
        // What the name held may be nested deeper than the stack allows to drop.
        if let Some(old) = old {
            crate::lang::dispose::dispose(old);
        }
    }

    /// `with a as x: body`: the value's `__enter__` result is bound (a file is itself),
    /// and whatever happens in the body, it is left (a file closes).
    fn exec_with(&mut self, items: &[(Expr, Option<Expr>)], body: &[Stmt]) -> R<Flow> {
        let Some(((e, target), rest)) = items.split_first() else {
            return self.exec_block(body);
        };
        let v = self.eval(e)?;
        let bound = match self.call_dunder(&v, "__enter__", vec![])? {
            Some(x) => x,
            None => v.clone(),
        };
        if let Some(t) = target {
            self.assign(t, bound)?;
        }
        let r = self.exec_with(rest, body);
        match &v {
            Value::Object(o) => o.exit(),
            Value::Instance(_) => {
                self.call_dunder(&v, "__exit__", vec![Value::None, Value::None, Value::None])?;
            }
            _ => {}
        }
        r
    }

    /// After `p[IP].ttl = 1`: the packet `p` names becomes the changed one. The changed
    /// value is a layer of it (`p[IP]`) or the packet; the expression that holds the
    /// whole packet is assigned to.
    fn rebind(&mut self, obj: &Expr, changed: Value) -> R<()> {
        match (&obj.kind, changed) {
            (ExprKind::Index(inner, _), Value::Layer(l)) => {
                if matches!(self.eval(inner)?, Value::Packet(_)) {
                    return self.rebind(inner, Value::Packet(l.pkt));
                }
                self.assign(obj, Value::Layer(l))
            }
            (ExprKind::Attr(inner, _), Value::Layer(l)) => self.rebind(inner, Value::Packet(l.pkt)),
            (_, Value::Layer(l)) => self.assign(obj, Value::Layer(l)),
            // `a[0][IP].ttl = 1`: the list gives the changed packet already.
            (ExprKind::Index(base, _), _) if matches!(self.eval(base)?, Value::Packets(_)) => {
                Ok(())
            }
            (_, v) => self.assign(obj, v),
        }
    }

    pub(crate) fn assign(&mut self, target: &Expr, v: Value) -> R<()> {
        match &target.kind {
            ExprKind::Name(n) => {
                self.set_var(n, v);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let mut vals = self.iterate(&v)?;
                if let Some(star) = items
                    .iter()
                    .position(|t| matches!(t.kind, ExprKind::Starred(_)))
                {
                    // `first, *rest = ...`: the starred target takes what the others leave.
                    let after = items.len() - star - 1;
                    if vals.len() < items.len() - 1 {
                        return Err(Error::new(
                            ErrorKind::Value,
                            &format!(
                                "not enough values to unpack (expected at least {}, got {})",
                                items.len() - 1,
                                vals.len()
                            ),
                            target.pos,
                            target.len,
                        ));
                    }
                    let tail = vals.split_off(vals.len() - after);
                    let middle = vals.split_off(star);
                    vals.push(Value::list(middle));
                    vals.extend(tail);
                }
                if vals.len() != items.len() {
                    let msg = if vals.len() > items.len() {
                        format!("too many values to unpack (expected {})", items.len())
                    } else {
                        format!(
                            "not enough values to unpack (expected {}, got {})",
                            items.len(),
                            vals.len()
                        )
                    };
                    return Err(Error::new(ErrorKind::Value, &msg, target.pos, target.len));
                }
                for (t, v) in items.iter().zip(vals) {
                    match &t.kind {
                        ExprKind::Starred(x) => self.assign(x, v)?,
                        _ => self.assign(t, v)?,
                    }
                }
                Ok(())
            }
            ExprKind::Index(obj, idx) => {
                let o = self.eval(obj)?;
                if let ExprKind::Slice(lo, hi, step) = &idx.kind {
                    return self.assign_slice(&o, [lo, hi, step], v);
                }
                let k = self.eval(idx)?;
                match &o {
                    Value::Dict(d) => {
                        let hk = hashable(&k)?;
                        d.borrow_mut().insert(hk, (k, v));
                        Ok(())
                    }
                    Value::List(l) => {
                        let n = l.borrow().len();
                        let i = norm_index(&k, n)?;
                        l.borrow_mut()[i] = v;
                        Ok(())
                    }
                    _ => err(
                        ErrorKind::Type,
                        format!(
                            "'{}' object does not support item assignment",
                            o.type_name()
                        ),
                    ),
                }
            }
            ExprKind::Attr(obj, name) => match self.eval(obj)? {
                o @ (Value::Packet(_) | Value::Layer(_)) => {
                    let np = crate::lang::builtins::build::set_attr(&o, name, Some(&v))?;
                    self.rebind(obj, np)
                }
                Value::Instance(i) => {
                    if let Some(p) = crate::lang::builtins::classes::class_property(&i.class, name)
                    {
                        let Some(set) = p.set else {
                            return err(
                                ErrorKind::Attribute,
                                format!(
                                    "property '{name}' of '{}' object has no setter",
                                    i.class.name
                                ),
                            );
                        };
                        self.call(&set, vec![Value::Instance(i.clone()), v], vec![])?;
                        return Ok(());
                    }
                    i.attrs.borrow_mut().insert(name.clone(), v);
                    Ok(())
                }
                Value::UserClass(c) => {
                    c.attrs.borrow_mut().insert(name.clone(), v);
                    Ok(())
                }
                Value::Object(o) if o.set_attr(name, v.clone()) => Ok(()),
                // Namespaces such as Scapy's `conf` take any setting.
                Value::Dict(d) => {
                    let k = Value::str(name);
                    d.borrow_mut().insert(hashable(&k)?, (k, v));
                    Ok(())
                }
                _ => err(
                    ErrorKind::Attribute,
                    format!("cannot set attribute '{name}': values here are read-only"),
                ),
            },
            _ => Err(Error::new(
                ErrorKind::Syntax,
                "cannot assign to this expression",
                target.pos,
                target.len,
            )),
        }
    }
}

/// Whether `except NAME:` catches the error: by Python's hierarchy for its kind, and for
/// an instance of a script's exception class, by that class or any of its bases.
fn caught(e: &Error, name: &str) -> bool {
    fn in_line(c: &ClassObj, name: &str) -> bool {
        c.name == name || c.bases.iter().any(|b| in_line(b, name))
    }
    if let Some(r) = &e.raised {
        if let Value::Instance(i) = &r.0 {
            if in_line(&i.class, name) {
                return true;
            }
        }
    }
    e.kind.caught_by(name)
}
