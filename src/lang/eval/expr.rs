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
        self.eval_inner(e).map_err(|er| er.located(e.pos, e.len))
    }

    /// A NameError for `n`, offering the nearest name that exists.
    fn name_error(&self, n: &str, e: &Expr) -> Error {
        let mut names: Vec<String> = self.globals.keys().cloned().collect();
        if let Some(f) = self.frames.last() {
            names.extend(f.keys().cloned());
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
                        Some('r') => Value::str(&v.repr()),
                        Some('s') => Value::str(&v.to_str()),
                        _ => v,
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
            ExprKind::Float(f) => Value::Float(*f),
            ExprKind::Str(s) => Value::str(s),
            ExprKind::FStr(parts) => self.fstring(parts)?,
            ExprKind::None => Value::None,
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::List(items) => {
                Value::list(items.iter().map(|i| self.eval(i)).collect::<R<_>>()?)
            }
            ExprKind::Tuple(items) => Value::Tuple(Rc::new(
                items.iter().map(|i| self.eval(i)).collect::<R<_>>()?,
            )),
            ExprKind::Dict(items) => {
                let mut m = IndexMap::new();
                for (k, v) in items {
                    let k = self.eval(k)?;
                    let v = self.eval(v)?;
                    m.insert(hashable(&k)?, (k, v));
                }
                Value::Dict(Rc::new(RefCell::new(m)))
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
                let args = args.iter().map(|a| self.eval(a)).collect::<R<Vec<_>>>()?;
                let kwargs = kwargs
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.eval(v)?)))
                    .collect::<R<Vec<_>>>()?;
                self.call(&fv, args, kwargs)?
            }
            ExprKind::Unary(op, x) => {
                let v = self.eval(x)?;
                unary(*op, &v)?
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
            ExprKind::Lambda(params, body) => Value::Func(Rc::new(Func {
                name: "<lambda>".into(),
                params: params.iter().map(|p| (p.clone(), None)).collect(),
                body: FuncBody::Lambda((**body).clone()),
            })),
            ExprKind::ListComp(elt, clauses) => {
                let mut out = Vec::new();
                self.comp(elt, clauses, 0, &mut out)?;
                Value::list(out)
            }
        })
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
            Value::Func(func) => {
                if self.depth > 200 {
                    return err(ErrorKind::Value, "maximum recursion depth exceeded");
                }
                let mut frame = HashMap::new();
                if args.len() > func.params.len() {
                    return err(
                        ErrorKind::Type,
                        format!(
                            "{}() takes {} positional arguments but {} were given",
                            func.name,
                            func.params.len(),
                            args.len()
                        ),
                    );
                }
                let mut args = args.into_iter();
                for (name, default) in &func.params {
                    let v = match args.next() {
                        Some(v) => v,
                        None => match kwargs.iter().find(|(k, _)| k == name) {
                            Some((_, v)) => v.clone(),
                            None => match default {
                                Some(d) => d.clone(),
                                None => {
                                    return err(
                                        ErrorKind::Type,
                                        format!(
                                            "{}() missing required argument: '{name}'",
                                            func.name
                                        ),
                                    )
                                }
                            },
                        },
                    };
                    frame.insert(name.clone(), v);
                }
                // Lambdas see the variables of the frame they are called from (closures,
                // simply).
                if let (FuncBody::Lambda(_), Some(outer)) = (&func.body, self.frames.last()) {
                    for (k, v) in outer {
                        frame.entry(k.clone()).or_insert_with(|| v.clone());
                    }
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
                self.frames.pop();
                r
            }
            Value::LayerClass(n) => err(
                ErrorKind::Type,
                format!("building packets is not supported: {n}() cannot be called"),
            ),
            _ => err(
                ErrorKind::Type,
                format!("'{}' object is not callable", f.type_name()),
            ),
        }
    }

    /// Makes a list of the items of an iterable value.
    pub fn iterate(&mut self, v: &Value) -> R<Vec<Value>> {
        Ok(match v {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) | Value::Times(t) | Value::View(_, t) => t.to_vec(),
            Value::Str(s) => s.chars().map(|c| Value::str(&c.to_string())).collect(),
            Value::Bytes(b) => b.iter().map(|&x| Value::Int(x as i64)).collect(),
            Value::Dict(d) => d.borrow().values().map(|(k, _)| k.clone()).collect(),
            Value::Packets(pl) => (0..pl.len())
                .map(|i| {
                    Value::Packet(PacketRef {
                        cap: pl.cap.clone(),
                        index: pl.at(i),
                    })
                })
                .collect(),
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
