//! Evaluating expressions and calling functions.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use super::ops::unary;
use super::*;
use crate::lang::ast::*;
use crate::lang::error::{Error, ErrorKind};
use crate::lang::format;
use crate::lang::value::*;

impl Interp {
    pub fn eval(&mut self, e: &Expr) -> R<Value> {
        // Deep expressions and recursion run on more stack, never past its end.
        deep(|| self.eval_inner(e)).map_err(|er| er.located(e.pos, e.len))
    }

    /// A NameError for `n`, offering the nearest name that exists.
    fn name_error(&self, n: &str, e: &Expr) -> Error {
        let mut names: Vec<String> = self.globals.keys().cloned().collect();
        if let Some(f) = self.frames.last() {
            names.extend(f.vars.borrow().keys().cloned());
        }
        names.extend(
            crate::lang::commands::methods_of(crate::lang::commands::Owner::Builtin)
                .map(|c| c.name.to_string()),
        );
        let er = Error::new(
            ErrorKind::Name,
            &format!("name '{n}' is not defined"),
            e.pos,
            e.len,
        );
        // Scapy's API for defining layers: say what is missing rather than guess a name.
        let defines_layers = matches!(n, "Packet" | "bind_layers" | "split_layers")
            || (n.ends_with("Field") && n.chars().next().is_some_and(|c| c.is_ascii_uppercase()));
        if defines_layers {
            return er.with_help(
                "help: defining Scapy layers (class X(Packet), fields_desc, bind_layers) is not \
                 supported yet; pcapsh dissects the layers docs/compat.md lists",
            );
        }
        match nearest(n, names.iter().map(|s| s.as_str())) {
            Some(best) => er.with_help(format!("help: did you mean '{best}'?")),
            None => er,
        }
    }

    /// An f-string: its literal parts and its fields, converted and formatted.
    fn fstring(&mut self, parts: &[FPart]) -> R<Value> {
        let mut s = String::new();
        for p in parts {
            match p {
                FPart::Lit(l) => s.push_str(l),
                FPart::Expr(ex, conv, spec) => {
                    let v = self.eval(ex)?;
                    let v = match conv {
                        Some('r') => Value::str(&self.repr_of(&v)?),
                        Some('s') => Value::str(&self.str_of(&v)?),
                        _ => self.rendered(&v)?,
                    };
                    s.push_str(&format::format_value(&v, spec)?);
                }
            }
        }
        Ok(Value::str(&s))
    }

    pub(crate) fn eval_inner(&mut self, e: &Expr) -> R<Value> {
        Ok(match &e.kind {
            ExprKind::Name(n) => match self.lookup(n) {
                Some(v) => v,
                None => return Err(self.name_error(n, e)),
            },
            ExprKind::Int(i) => Value::Int(*i),
            ExprKind::Big(b) => Value::Big(b.clone()),
            ExprKind::Float(f) => Value::Float(*f),
            ExprKind::Str(s) => Value::str(s),
            ExprKind::FStr(parts) => self.fstring(parts)?,
            ExprKind::None => Value::None,
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::List(items) => Value::list(self.eval_items(items)?),
            ExprKind::Tuple(items) => Value::Tuple(Rc::new(self.eval_items(items)?)),
            ExprKind::Dict(items) => {
                let mut m = IndexMap::new();
                for (k, v) in items {
                    let k = self.eval(k)?;
                    let v = self.eval(v)?;
                    m.insert(hashable(&k)?, (k, v));
                }
                Value::Dict(Rc::new(RefCell::new(m.into())))
            }
            ExprKind::Attr(obj, name) => {
                let o = self.eval(obj)?;
                let v = self.getattr(&o, name)?;
                // Parentheses are optional on methods that take no arguments:
                // `a.summary`, `s = a.sessions`.
                match &v {
                    Value::Method(obj, m) if crate::lang::commands::runs_bare(obj, m) => {
                        self.call(&v, vec![], vec![])?
                    }
                    _ => v,
                }
            }
            ExprKind::Index(obj, idx) => {
                let o = self.eval(obj)?;
                if let ExprKind::Slice(lo, hi, step) = &idx.kind {
                    let lo = lo.as_ref().map(|x| self.eval(x)).transpose()?;
                    let hi = hi.as_ref().map(|x| self.eval(x)).transpose()?;
                    let step = step.as_ref().map(|x| self.eval(x)).transpose()?;
                    return self.slice(&o, lo, hi, step);
                }
                let k = self.eval(idx)?;
                self.index(&o, &k)?
            }
            ExprKind::Slice(..) => {
                return err(ErrorKind::Syntax, "a slice is only allowed inside [ ]")
            }
            ExprKind::Call(f, args, kwargs) => {
                let fv = match &f.kind {
                    ExprKind::Attr(obj, name) => {
                        let o = self.eval(obj)?;
                        self.getattr(&o, name)
                            .map_err(|e| e.located(f.pos, f.len))?
                    }
                    _ => self.eval(f)?,
                };
                let args = self.eval_items(args)?;
                let mut kw = Vec::with_capacity(kwargs.len());
                for (k, v) in kwargs {
                    let v = self.eval(v)?;
                    if k == "**" {
                        let Value::Dict(d) = &v else {
                            return err(
                                ErrorKind::Type,
                                format!(
                                    "argument after ** must be a mapping, not {}",
                                    v.type_name()
                                ),
                            );
                        };
                        for (k, v) in d.borrow().values() {
                            kw.push((k.to_str(), v.clone()));
                        }
                    } else {
                        kw.push((k.clone(), v));
                    }
                }
                self.call(&fv, args, kw)?
            }
            ExprKind::Unary(op, x) => {
                let v = self.eval(x)?;
                match self.instance_unary(*op, &v)? {
                    Some(r) => r,
                    None => unary(*op, &v)?,
                }
            }
            ExprKind::Binary(op, a, b) => {
                let a = self.eval(a)?;
                let b = self.eval(b)?;
                self.binop(*op, &a, &b)?
            }
            ExprKind::Compare(first, rest) => {
                let mut left = self.eval(first)?;
                for (op, r) in rest {
                    let right = self.eval(r)?;
                    if !self.compare(*op, &left, &right)? {
                        return Ok(Value::Bool(false));
                    }
                    left = right;
                }
                Value::Bool(true)
            }
            ExprKind::And(a, b) => {
                let a = self.eval(a)?;
                if !a.truthy() {
                    a
                } else {
                    self.eval(b)?
                }
            }
            ExprKind::Or(a, b) => {
                let a = self.eval(a)?;
                if a.truthy() {
                    a
                } else {
                    self.eval(b)?
                }
            }
            ExprKind::IfElse(c, a, b) => {
                if self.eval(c)?.truthy() {
                    self.eval(a)?
                } else {
                    self.eval(b)?
                }
            }
            ExprKind::Lambda(params, body) => self.make_func(
                "<lambda>",
                params,
                FuncBody::Lambda((**body).clone()),
                false,
            )?,
            ExprKind::ListComp(elt, clauses) => {
                let mut out = Vec::new();
                self.comp(elt, clauses, 0, &mut out)?;
                Value::list(out)
            }
            ExprKind::SetComp(..)
            | ExprKind::GenExp(..)
            | ExprKind::DictComp(..)
            | ExprKind::Set(_)
            | ExprKind::Bytes(_)
            | ExprKind::Starred(_)
            | ExprKind::Yield(..) => self.eval_display(e)?,
        })
    }

    /// Generator expressions, sets, dict and set comprehensions, bytes, `yield`.
    fn eval_display(&mut self, e: &Expr) -> R<Value> {
        Ok(match &e.kind {
            ExprKind::GenExp(elt, clauses) => {
                let mut out = Vec::new();
                self.comp(elt, clauses, 0, &mut out)?;
                crate::lang::builtins::generator(out, "<genexpr>")
            }
            ExprKind::SetComp(elt, clauses) => {
                let mut out = Vec::new();
                self.comp(elt, clauses, 0, &mut out)?;
                self.make_set(out, false)?
            }
            ExprKind::DictComp(k, v, clauses) => {
                let pair = Expr {
                    kind: ExprKind::Tuple(vec![(**k).clone(), (**v).clone()]),
                    pos: e.pos,
                    len: e.len,
                };
                let mut out = Vec::new();
                self.comp(&pair, clauses, 0, &mut out)?;
                let mut m = IndexMap::new();
                for p in out {
                    if let Value::Tuple(t) = p {
                        m.insert(hashable(&t[0])?, (t[0].clone(), t[1].clone()));
                    }
                }
                Value::Dict(Rc::new(RefCell::new(m.into())))
            }
            ExprKind::Set(items) => {
                let items = self.eval_items(items)?;
                self.make_set(items, false)?
            }
            ExprKind::Bytes(b) => Value::Bytes(b.as_slice().into()),
            ExprKind::Starred(_) => {
                return err(ErrorKind::Syntax, "can't use starred expression here")
            }
            ExprKind::Yield(v, from) => {
                let v = match v {
                    Some(x) => self.eval(x)?,
                    None => Value::None,
                };
                let items = if *from { self.iterate(&v)? } else { vec![v] };
                match self.frames.last_mut().and_then(|f| f.yields.as_mut()) {
                    Some(y) => {
                        y.extend(items);
                        if y.len() > 50_000_000 {
                            return err(
                                ErrorKind::Runtime,
                                "a generator yielded more than 50 million items: pcapsh runs \
                                 generators to the end when they are called",
                            );
                        }
                    }
                    None => return err(ErrorKind::Syntax, "'yield' outside function"),
                }
                Value::None
            }
            _ => unreachable!("eval_display of {:?}", e.kind),
        })
    }

    /// The values of a list of expressions, with `*x` spread out.
    pub(crate) fn eval_items(&mut self, items: &[Expr]) -> R<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for i in items {
            match &i.kind {
                ExprKind::Starred(x) => {
                    let v = self.eval(x)?;
                    out.extend(self.iterate(&v)?);
                }
                _ => out.push(self.eval(i)?),
            }
        }
        Ok(out)
    }

    /// A set of values (each must be hashable).
    pub(crate) fn make_set(&mut self, items: Vec<Value>, frozen: bool) -> R<Value> {
        let mut m = IndexMap::with_capacity(items.len());
        for v in items {
            m.entry(hashable(&v)?).or_insert(v);
        }
        Ok(Value::Set(Rc::new(RefCell::new(m)), frozen))
    }

    pub(crate) fn comp(
        &mut self,
        elt: &Expr,
        clauses: &[(Expr, Expr, Vec<Expr>)],
        i: usize,
        out: &mut Vec<Value>,
    ) -> R<()> {
        if i == clauses.len() {
            out.push(self.eval(elt)?);
            return Ok(());
        }
        let (target, iter, conds) = &clauses[i];
        let it = self.eval(iter)?;
        'items: for item in self.iterate(&it)? {
            self.check_interrupt()?;
            self.assign(target, item)?;
            for c in conds {
                if !self.eval(c)?.truthy() {
                    continue 'items;
                }
            }
            self.comp(elt, clauses, i + 1, out)?;
        }
        Ok(())
    }

    /// Calls a function value.
    pub fn call(&mut self, f: &Value, args: Vec<Value>, kwargs: Vec<(String, Value)>) -> R<Value> {
        match f {
            Value::Builtin(name) => self.call_builtin(name, args, kwargs),
            // `KeyError('k')`: str(e) is the argument, as Python's (a KeyError's repr'd).
            Value::ExceptionClass(kind) => {
                let message = match (kind, &args[..]) {
                    (_, []) => String::new(),
                    (ErrorKind::Key, [a]) => a.repr(),
                    (_, [a]) => a.to_str(),
                    _ => Value::Tuple(Rc::new(args.clone())).repr(),
                };
                let reprs: Vec<String> = args.iter().map(|a| a.repr()).collect();
                Ok(Value::Exception(Rc::new(ExceptionVal {
                    kind: *kind,
                    message,
                    args: reprs.join(", "),
                })))
            }
            Value::Method(obj, name) => self.call_method(obj, name, args, kwargs),
            Value::Function(c) => match c.run {
                crate::lang::commands::Run::Builtin(run) => {
                    self.allowed(c)?;
                    run(
                        self,
                        &crate::lang::commands::Call {
                            name: c.name,
                            args: &args,
                            kwargs: &kwargs,
                        },
                    )
                }
                _ => err(ErrorKind::Type, format!("'{}' is not callable", c.name)),
            },
            Value::Func(func) => self.call_func(func, args, kwargs, None),
            Value::Bound(this, func) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push((**this).clone());
                all.extend(args);
                self.call_func(func, all, kwargs, Some((**this).clone()))
            }
            Value::UserClass(c) => self.instantiate(c, args, kwargs),
            Value::LayerClass(n) => crate::lang::builtins::build::construct(n, &args, &kwargs),
            Value::Object(o) => match o.call(self, args, kwargs) {
                Some(r) => r,
                None => err(
                    ErrorKind::Type,
                    format!("'{}' object is not callable", f.type_name()),
                ),
            },
            _ => err(
                ErrorKind::Type,
                format!("'{}' object is not callable", f.type_name()),
            ),
        }
    }

    /// The items of what `__iter__` returned: an iterable, or an object with `__next__`
    /// (called until StopIteration).
    fn iterate_iterator(&mut self, it: Value) -> R<Vec<Value>> {
        let has_next = matches!(&it, Value::Instance(i) if i.class.find("__next__").is_some());
        if !has_next {
            return self.iterate(&it);
        }
        let mut out = Vec::new();
        loop {
            self.check_interrupt()?;
            match self.call_dunder(&it, "__next__", vec![]) {
                Ok(Some(x)) => out.push(x),
                Err(e) if e.kind == ErrorKind::StopIteration => return Ok(out),
                Err(e) => return Err(e),
                Ok(None) => return Ok(out),
            }
            crate::lang::eval::check_items(out.len() as u128)?;
        }
    }

    /// Makes a list of the items of an iterable value.
    pub fn iterate(&mut self, v: &Value) -> R<Vec<Value>> {
        if let Value::Instance(_) = v {
            if let Some(it) = self.call_dunder(v, "__iter__", vec![])? {
                return self.iterate_iterator(it);
            }
            if let Some((Value::Func(_), _)) = match v {
                Value::Instance(i) => i.class.find("__getitem__"),
                _ => None,
            } {
                // The old protocol: items 0, 1, 2 ... until IndexError.
                let mut out = Vec::new();
                loop {
                    match self.call_dunder(v, "__getitem__", vec![Value::Int(out.len() as i64)]) {
                        Ok(Some(x)) => out.push(x),
                        Err(e) if e.kind == ErrorKind::Index => return Ok(out),
                        Err(e) => return Err(e),
                        Ok(None) => return Ok(out),
                    }
                    crate::lang::eval::check_items(out.len() as u128)?;
                }
            }
        }
        Ok(match v {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) | Value::Times(t) | Value::View(_, t) => t.to_vec(),
            Value::Str(s) => s.chars().map(|c| Value::str(&c.to_string())).collect(),
            Value::Bytes(b) => b.iter().map(|&x| Value::Int(x as i64)).collect(),
            Value::Dict(d) => d.borrow().values().map(|(k, _)| k.clone()).collect(),
            Value::Packets(pl) => (0..pl.len())
                .map(|i| Value::Packet(PacketRef::of(pl.cap.clone(), pl.at(i))))
                .collect(),
            Value::Set(s, _) => set_order(&s.borrow()),
            Value::Instance(i) if i.tuple_fields().is_some() => {
                i.tuple_values().unwrap_or_default()
            }
            Value::Object(o) => match o.items() {
                Some(items) => items,
                None => {
                    return err(
                        ErrorKind::Type,
                        format!("'{}' object is not iterable", v.type_name()),
                    )
                }
            },
            Value::Sessions(s) => s
                .key_texts()
                .iter()
                .map(|k| Value::Str(k.clone()))
                .collect(),
            _ => {
                return err(
                    ErrorKind::Type,
                    format!("'{}' object is not iterable", v.type_name()),
                )
            }
        })
    }

    pub(crate) fn packets_value(&self, pl: PacketList) -> Value {
        Value::Packets(Rc::new(pl))
    }
}
