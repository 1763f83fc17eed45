//! The evaluator: runs statements against an environment of named values.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use indexmap::IndexMap;

use super::ast::*;
use super::error::{Error, ErrorKind};
use super::format;
use super::value::*;
use crate::time::Decimal;

pub use crate::render::Options;

pub(super) enum Flow {
    Normal,
    Break,
    Continue,
    Return(Value),
}

pub struct Interp {
    pub globals: HashMap<String, Value>,
    frames: Vec<HashMap<String, Value>>,
    pub out: Box<dyn Write>,
    pub err: Box<dyn Write>,
    pub opts: Options,
    pub interrupt: Arc<AtomicBool>,
    /// Show the value of expression statements (off for Python-compatible scripts).
    pub echo: bool,
    /// Show progress bars (on a terminal only).
    pub progress: bool,
    /// Scapy's `conf`: accepts settings (`conf.verb = 0`) so Scapy scripts run.
    conf: Value,
    /// Errors being handled by `except` blocks, for a bare `raise`.
    handling: Vec<Error>,
    /// The default factories of `defaultdict`s, by the dict they belong to.
    pub(super) defaults: Vec<(std::rc::Weak<RefCell<DictMap>>, Value)>,
    depth: usize,
}

pub(super) type R<T> = Result<T, Error>;

pub(super) fn err<T>(kind: ErrorKind, msg: impl Into<String>) -> R<T> {
    Err(Error::at_none(kind, msg))
}

impl Interp {
    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>, opts: Options) -> Interp {
        Interp {
            globals: HashMap::new(),
            frames: Vec::new(),
            out,
            err,
            opts,
            interrupt: Arc::new(AtomicBool::new(false)),
            echo: true,
            progress: false,
            conf: Value::Dict(Rc::new(RefCell::new(IndexMap::new()))),
            handling: Vec::new(),
            defaults: Vec::new(),
            depth: 0,
        }
    }

    /// Parses and runs source text. Output goes to `out`; the first error stops it.
    pub fn run(&mut self, src: &str) -> R<()> {
        let mut first = None;
        self.run_each(src, |e| {
            first = Some(e);
            false
        });
        first.map_or(Ok(()), Err)
    }

    /// Runs each top-level statement in turn; after an error, `on_error` says whether to
    /// go on with the next statement. A syntax error stops before anything runs.
    pub fn run_each(&mut self, src: &str, mut on_error: impl FnMut(Error) -> bool) {
        let stmts = match super::parser::parse(src) {
            Ok(s) => s,
            Err(e) => {
                on_error(e);
                return;
            }
        };
        for s in &stmts {
            self.interrupt.store(false, Ordering::Relaxed);
            let echo = self.echo;
            let r = self.exec_top(s, echo);
            let _ = self.out.flush();
            if let Err(e) = r {
                if !on_error(e) {
                    return;
                }
            }
        }
    }

    fn exec_top(&mut self, s: &Stmt, echo: bool) -> R<()> {
        if let StmtKind::Expr(e) = &s.kind {
            let v = self.eval(e)?;
            if echo {
                self.show(&v)?;
            }
            return Ok(());
        }
        match self.exec(s)? {
            Flow::Normal => Ok(()),
            Flow::Break | Flow::Continue => Err(Error::new(
                ErrorKind::Syntax,
                "'break' or 'continue' outside a loop",
                s.pos,
                s.len,
            )),
            Flow::Return(_) => Err(Error::new(
                ErrorKind::Syntax,
                "'return' outside a function",
                s.pos,
                s.len,
            )),
        }
    }

    pub(super) fn check_interrupt(&self) -> R<()> {
        if self.interrupt.load(Ordering::Relaxed) {
            return err(ErrorKind::Interrupted, "stopped by Ctrl-C");
        }
        Ok(())
    }

    pub fn write(&mut self, s: &str) -> R<()> {
        self.out
            .write_all(s.as_bytes())
            .map_err(|e| Error::at_none(ErrorKind::File, format!("cannot write output: {e}")))
    }

    /// Evaluates `src` only if it is a pure expression (names, attributes that are not
    /// calls, indexing by literals), for completion: nothing runs that could change state
    /// or take long.
    pub fn peek(&mut self, src: &str) -> Option<Value> {
        fn pure(e: &Expr) -> bool {
            match &e.kind {
                ExprKind::Name(_) | ExprKind::Str(_) | ExprKind::Int(_) => true,
                ExprKind::Unary(UnaryOp::Neg, x) => pure(x),
                ExprKind::Attr(o, _) => pure(o),
                ExprKind::Index(o, i) => pure(o) && pure(i),
                ExprKind::Slice(a, b, c) => {
                    [a, b, c].iter().all(|x| x.as_ref().is_none_or(|x| pure(x)))
                }
                _ => false,
            }
        }
        let stmts = super::parser::parse(src).ok()?;
        let [Stmt {
            kind: StmtKind::Expr(e),
            ..
        }] = stmts.as_slice()
        else {
            return None;
        };
        if !pure(e) {
            return None;
        }
        // Attribute access may call a method that takes no arguments (`a.sessions`):
        // only names and indexing go through here, so that never happens.
        fn no_attr(e: &Expr) -> bool {
            match &e.kind {
                ExprKind::Attr(..) => false,
                ExprKind::Index(o, i) => no_attr(o) && no_attr(i),
                _ => true,
            }
        }
        if !no_attr(e) {
            return None;
        }
        self.eval(e).ok()
    }

    /// Shows a value as the shell does after an expression statement.
    pub fn show(&mut self, v: &Value) -> R<()> {
        if matches!(v, Value::None) {
            return Ok(());
        }
        let text = if self.opts.json {
            super::json::value(v)
        } else {
            match v {
                Value::Sessions(s) => crate::render::sessions_table(s, &self.opts),
                Value::Conversations(c) => crate::render::conversations_table(c, &self.opts),
                Value::Times(t) => {
                    let times: Vec<Decimal> = t
                        .iter()
                        .filter_map(|x| match x {
                            Value::Dec(d) => Some(*d),
                            _ => None,
                        })
                        .collect();
                    crate::render::times_table(&times, &self.opts)
                }
                _ => v.repr(),
            }
        };
        self.write(&text)?;
        self.write("\n")
    }

    fn exec_block(&mut self, body: &[Stmt]) -> R<Flow> {
        for s in body {
            match self.exec(s)? {
                Flow::Normal => {}
                f => return Ok(f),
            }
        }
        Ok(Flow::Normal)
    }

    fn exec(&mut self, s: &Stmt) -> R<Flow> {
        self.check_interrupt()?;
        let r = self.exec_inner(s);
        r.map_err(|e| e.located(s.pos, s.len))
    }

    fn exec_inner(&mut self, s: &Stmt) -> R<Flow> {
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
            StmtKind::AugAssign(target, op, value) => {
                let cur = self.eval(target)?;
                let rhs = self.eval(value)?;
                let v = match (&cur, *op) {
                    (Value::List(l), BinOp::Add) => {
                        let items = self.iterate(&rhs)?;
                        l.borrow_mut().extend(items);
                        cur.clone()
                    }
                    _ => self.binop(*op, &cur, &rhs)?,
                };
                self.assign(target, v)?;
            }
            StmtKind::Print(args, newline) => {
                let parts: Vec<String> = args
                    .iter()
                    .map(|a| self.eval(a).map(|v| v.to_str()))
                    .collect::<R<_>>()?;
                let mut line = parts.join(" ");
                line.push(if *newline { '\n' } else { ' ' });
                self.write(&line)?;
            }
            StmtKind::For(target, iter, body) => {
                let it = self.eval(iter)?;
                let items = self.iterate(&it)?;
                for item in items {
                    self.check_interrupt()?;
                    self.assign(target, item)?;
                    match self.exec_block(body)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
            }
            StmtKind::While(cond, body) => {
                while self.eval(cond)?.truthy() {
                    self.check_interrupt()?;
                    match self.exec_block(body)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
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
            StmtKind::Def(name, params, body) => {
                let params = params
                    .iter()
                    .map(|(n, d)| Ok((n.clone(), d.as_ref().map(|e| self.eval(e)).transpose()?)))
                    .collect::<R<Vec<_>>>()?;
                let f = Func {
                    name: name.clone(),
                    params,
                    body: FuncBody::Block(body.clone()),
                };
                self.set_var(name, Value::Func(Rc::new(f)));
            }
            StmtKind::Return(v) => {
                let v = match v {
                    Some(e) => self.eval(e)?,
                    None => Value::None,
                };
                return Ok(Flow::Return(v));
            }
            StmtKind::Del(targets) => {
                for t in targets {
                    match &t.kind {
                        ExprKind::Name(n) => {
                            let removed = match self.frames.last_mut() {
                                Some(f) => f.remove(n).is_some(),
                                None => self.globals.remove(n).is_some(),
                            };
                            if !removed {
                                return Err(Error::new(
                                    ErrorKind::Name,
                                    &format!("name '{n}' is not defined"),
                                    t.pos,
                                    t.len,
                                ));
                            }
                        }
                        ExprKind::Index(obj, idx) => {
                            let o = self.eval(obj)?;
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
                                        format!(
                                            "'{}' object does not support item deletion",
                                            o.type_name()
                                        ),
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
                }
            }
            StmtKind::Try(body, handlers, other, finally) => {
                let r = self.exec_block(body);
                let r = match r {
                    // Ctrl-C is never caught: it stops the script.
                    Err(e) if e.kind != ErrorKind::Interrupted => {
                        let name = e.kind.python_name();
                        let h = handlers.iter().find(|h| {
                            h.names.is_empty()
                                || h.names.iter().any(|n| {
                                    n == name
                                        || n == "Exception"
                                        || n == "BaseException"
                                        || n == "Scapy_Exception" && e.kind == ErrorKind::File
                                        || n == "OSError" && e.kind == ErrorKind::File
                                        || n == "IOError" && e.kind == ErrorKind::File
                                        || n == "LookupError"
                                            && matches!(e.kind, ErrorKind::Key | ErrorKind::Index)
                                        || n == "ArithmeticError"
                                            && e.kind == ErrorKind::ZeroDivision
                                })
                        });
                        match h {
                            Some(h) => {
                                if let Some(b) = &h.bind {
                                    self.set_var(b, Value::str(&e.message));
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
                return r;
            }
            StmtKind::Raise(v) => {
                return match v {
                    None => match self.handling.last() {
                        Some(e) => Err(e.clone()),
                        None => err(ErrorKind::Value, "No active exception to reraise"),
                    },
                    Some(e) => {
                        let v = self.eval(e)?;
                        err(ErrorKind::Value, v.to_str())
                    }
                };
            }
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Pass | StmtKind::Import => {}
        }
        Ok(Flow::Normal)
    }

    fn set_var(&mut self, name: &str, v: Value) {
        match self.frames.last_mut() {
            Some(f) => {
                f.insert(name.to_string(), v);
            }
            None => {
                self.globals.insert(name.to_string(), v);
            }
        }
    }

    fn assign(&mut self, target: &Expr, v: Value) -> R<()> {
        match &target.kind {
            ExprKind::Name(n) => {
                self.set_var(n, v);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let vals = self.iterate(&v)?;
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
                    self.assign(t, v)?;
                }
                Ok(())
            }
            ExprKind::Index(obj, idx) => {
                let o = self.eval(obj)?;
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

    pub(super) fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(f) = self.frames.last() {
            if let Some(v) = f.get(name) {
                return Some(v.clone());
            }
        }
        if let Some(v) = self.globals.get(name) {
            return Some(v.clone());
        }
        if let Some(c) = super::commands::find_builtin(name) {
            return Some(Value::Builtin(c.name));
        }
        if let Some(c) = crate::dissect::layers::class_by_name(name) {
            return Some(Value::LayerClass(c.name));
        }
        if let Some(t) = ["object", "bytes", "EDecimal"].iter().find(|n| **n == name) {
            return Some(Value::Builtin(t));
        }
        if name == "conf" {
            return Some(self.conf.clone());
        }
        if name == "__name__" {
            return Some(Value::str("__main__"));
        }
        None
    }

    pub fn eval(&mut self, e: &Expr) -> R<Value> {
        self.eval_inner(e).map_err(|er| er.located(e.pos, e.len))
    }

    fn eval_inner(&mut self, e: &Expr) -> R<Value> {
        Ok(match &e.kind {
            ExprKind::Name(n) => match self.lookup(n) {
                Some(v) => v,
                None => {
                    let mut names: Vec<String> = self.globals.keys().cloned().collect();
                    if let Some(f) = self.frames.last() {
                        names.extend(f.keys().cloned());
                    }
                    names.extend(
                        super::commands::methods_of(super::commands::Owner::Builtin)
                            .map(|c| c.name.to_string()),
                    );
                    let mut er = Error::new(
                        ErrorKind::Name,
                        &format!("name '{n}' is not defined"),
                        e.pos,
                        e.len,
                    );
                    if let Some(best) = nearest(n, names.iter().map(|s| s.as_str())) {
                        er = er.with_help(format!("help: did you mean '{best}'?"));
                    }
                    return Err(er);
                }
            },
            ExprKind::Int(i) => Value::Int(*i),
            ExprKind::Float(f) => Value::Float(*f),
            ExprKind::Str(s) => Value::str(s),
            ExprKind::FStr(parts) => {
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
                Value::str(&s)
            }
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
                    Value::Method(obj, m) if super::commands::runs_bare(obj, m) => {
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
                match (*op, &v) {
                    (UnaryOp::Not, _) => Value::Bool(!v.truthy()),
                    (UnaryOp::Neg, Value::Int(i)) => Value::Int(i.wrapping_neg()),
                    (UnaryOp::Neg, Value::Float(f)) => Value::Float(-f),
                    (UnaryOp::Neg, Value::Dec(d)) => Value::Dec(-*d),
                    (UnaryOp::Neg, Value::Bool(b)) => Value::Int(-(*b as i64)),
                    (UnaryOp::Pos, Value::Int(_) | Value::Float(_) | Value::Dec(_)) => v.clone(),
                    (UnaryOp::Invert, Value::Int(i)) => Value::Int(!i),
                    _ => {
                        return err(
                            ErrorKind::Type,
                            format!("bad operand type for unary {op}: '{}'", v.type_name()),
                        )
                    }
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

    fn comp(
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

    pub(super) fn packets_value(&self, pl: PacketList) -> Value {
        Value::Packets(Rc::new(pl))
    }

    fn slice(
        &mut self,
        o: &Value,
        lo: Option<Value>,
        hi: Option<Value>,
        step: Option<Value>,
    ) -> R<Value> {
        let len = match o {
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) | Value::Times(t) => t.len(),
            Value::Str(s) => s.chars().count(),
            Value::Bytes(b) => b.len(),
            Value::Packets(p) => p.len(),
            Value::Packet(p) => p.data().len(),
            _ => {
                return err(
                    ErrorKind::Type,
                    format!("'{}' object is not subscriptable", o.type_name()),
                )
            }
        };
        let as_i = |v: &Option<Value>| -> R<Option<i64>> {
            match v {
                None | Some(Value::None) => Ok(None),
                Some(Value::Int(i)) => Ok(Some(*i)),
                Some(Value::Bool(b)) => Ok(Some(*b as i64)),
                Some(x) => err(
                    ErrorKind::Type,
                    format!(
                        "slice indices must be integers or None, not {}",
                        x.type_name()
                    ),
                ),
            }
        };
        let step = as_i(&step)?.unwrap_or(1);
        if step == 0 {
            return err(ErrorKind::Value, "slice step cannot be zero");
        }
        let idx = slice_indices(len as i64, as_i(&lo)?, as_i(&hi)?, step);
        Ok(match o {
            Value::List(l) => {
                let l = l.borrow();
                Value::list(idx.iter().map(|&i| l[i].clone()).collect())
            }
            Value::Tuple(t) => Value::Tuple(Rc::new(idx.iter().map(|&i| t[i].clone()).collect())),
            Value::Times(t) => Value::Times(Rc::new(idx.iter().map(|&i| t[i].clone()).collect())),
            Value::Str(s) => {
                let c: Vec<char> = s.chars().collect();
                Value::str(&idx.iter().map(|&i| c[i]).collect::<String>())
            }
            Value::Bytes(b) => Value::Bytes(idx.iter().map(|&i| b[i]).collect::<Vec<u8>>().into()),
            Value::Packet(p) => {
                let d = p.data();
                Value::Bytes(idx.iter().map(|&i| d[i]).collect::<Vec<u8>>().into())
            }
            Value::Packets(p) => {
                let v: Vec<u32> = idx.iter().map(|&i| p.at(i)).collect();
                self.packets_value(PacketList::new(
                    p.cap.clone(),
                    Some(Rc::new(v)),
                    format!("mod {}", p.name),
                ))
            }
            _ => unreachable!(),
        })
    }

    pub(super) fn index(&mut self, o: &Value, k: &Value) -> R<Value> {
        match o {
            Value::List(l) => {
                let l = l.borrow();
                Ok(l[norm_index(k, l.len())?].clone())
            }
            Value::Tuple(t) | Value::Times(t) | Value::View(_, t) => {
                Ok(t[norm_index(k, t.len())?].clone())
            }
            Value::Str(s) => {
                let c: Vec<char> = s.chars().collect();
                Ok(Value::str(&c[norm_index(k, c.len())?].to_string()))
            }
            Value::Bytes(b) => Ok(Value::Int(b[norm_index(k, b.len())?] as i64)),
            Value::Dict(d) => {
                let hk = hashable(k)?;
                let found = d.borrow().get(&hk).map(|(_, v)| v.clone());
                match found {
                    Some(v) => Ok(v),
                    None => {
                        // A defaultdict makes the missing value.
                        let factory = self
                            .defaults
                            .iter()
                            .find(|(w, _)| w.upgrade().is_some_and(|x| Rc::ptr_eq(&x, d)))
                            .map(|(_, f)| f.clone());
                        match factory {
                            Some(f) => {
                                let v = self.call(&f, vec![], vec![])?;
                                d.borrow_mut().insert(hk, (k.clone(), v.clone()));
                                Ok(v)
                            }
                            None => err(ErrorKind::Key, k.repr()),
                        }
                    }
                }
            }
            Value::Packets(pl) => match k {
                Value::LayerClass(n) => {
                    let v: Vec<u32> = (0..pl.len())
                        .map(|i| pl.at(i))
                        .filter(|&i| {
                            crate::dissect::dissect(
                                pl.cap.linktype(i as usize),
                                pl.cap.packet(i as usize),
                            )
                            .find_named(n)
                            .is_some()
                        })
                        .collect();
                    Ok(self.packets_value(PacketList::new(
                        pl.cap.clone(),
                        Some(Rc::new(v)),
                        format!("{n} from {}", pl.name),
                    )))
                }
                _ => {
                    let i = norm_index(k, pl.len()).map_err(|e| {
                        if e.kind == ErrorKind::Index {
                            Error::at_none(
                                ErrorKind::Index,
                                format!(
                                    "packet index out of range: the list has {} packets",
                                    pl.len()
                                ),
                            )
                        } else {
                            e
                        }
                    })?;
                    Ok(Value::Packet(PacketRef {
                        cap: pl.cap.clone(),
                        index: pl.at(i),
                    }))
                }
            },
            Value::Sessions(s) => match k {
                Value::Str(key) => match s.find(key) {
                    Some(i) => Ok(self.packets_value(s.list(i))),
                    None => Err(key_error(key, s.key_texts())),
                },
                Value::Int(_) => {
                    let i = norm_index(k, s.sessions.len())?;
                    Ok(self.packets_value(s.list(i)))
                }
                _ => err(ErrorKind::Key, k.repr()),
            },
            Value::Conversations(c) => match k {
                Value::Str(key) => match c.find(key) {
                    Some(i) => Ok(self.packets_value(c.list(i))),
                    None => Err(key_error(key, c.key_texts())),
                },
                _ => {
                    let i = norm_index(k, c.convs.len())?;
                    Ok(self.packets_value(c.list(i)))
                }
            },
            Value::Packet(p) => self.packet_layer(p, 0, k),
            Value::Layer(l) => self.packet_layer(&l.pkt, l.layer, k),
            _ => err(
                ErrorKind::Type,
                format!("'{}' object is not subscriptable", o.type_name()),
            ),
        }
    }

    fn packet_layer(&mut self, p: &PacketRef, from: usize, k: &Value) -> R<Value> {
        // DNS records live inside the DNS layer, as in Scapy's packet list fields.
        if let Value::LayerClass(n @ ("DNSQR" | "DNSRR")) = k {
            let found = match *n {
                "DNSQR" => self
                    .getattr(
                        &Value::Layer(LayerRef {
                            pkt: p.clone(),
                            layer: from,
                        }),
                        "qd",
                    )
                    .ok(),
                _ => ["an", "ns", "ar"]
                    .iter()
                    .find_map(|sec| {
                        let v = self
                            .getattr(
                                &Value::Layer(LayerRef {
                                    pkt: p.clone(),
                                    layer: from,
                                }),
                                sec,
                            )
                            .ok()?;
                        let Value::List(l) = v else { return None };
                        let r = l
                            .borrow()
                            .iter()
                            .find(|x| matches!(x, Value::Record(r) if r.class == "DNSRR"))
                            .cloned();
                        r
                    })
                    .map(|r| Value::list(vec![r])),
            };
            if let Some(Value::List(l)) = found {
                if let Some(first) = l.borrow().first() {
                    return Ok(first.clone());
                }
            }
            return Err(Error::at_none(
                ErrorKind::Index,
                format!("Layer [{n}] not found"),
            ));
        }
        let d = p.dissect();
        let layers = &d.layers()[from..];
        let found = match k {
            Value::LayerClass(n) | Value::Builtin(n) => layers
                .iter()
                .position(|l| l.proto.class_name() == *n || l.proto.display_name() == *n),
            Value::Str(n) => layers
                .iter()
                .position(|l| l.proto.class_name() == &**n || l.proto.display_name() == &**n),
            Value::Int(i) => {
                let i = *i;
                if i >= 0 && (i as usize) < layers.len() {
                    Some(i as usize)
                } else {
                    None
                }
            }
            _ => None,
        };
        match found {
            Some(i) => Ok(Value::Layer(LayerRef {
                pkt: p.clone(),
                layer: from + i,
            })),
            None => {
                let name = match k {
                    Value::Str(s) => s.to_string(),
                    v => v.to_str(),
                };
                let have: Vec<&str> = layers.iter().map(|l| l.proto.class_name()).collect();
                Err(
                    Error::at_none(ErrorKind::Index, format!("Layer [{name}] not found"))
                        .with_help(format!("help: this packet has {}", have.join(" / "))),
                )
            }
        }
    }

    pub(super) fn contains(&mut self, container: &Value, item: &Value) -> R<bool> {
        Ok(match container {
            Value::Str(s) => match item {
                Value::Str(x) => s.contains(&**x),
                _ => {
                    return err(
                        ErrorKind::Type,
                        "'in <string>' requires string as left operand",
                    )
                }
            },
            Value::Bytes(b) => match item {
                Value::Bytes(x) => x.is_empty() || b.windows(x.len()).any(|w| w == &x[..]),
                Value::Int(i) => b.contains(&(*i as u8)),
                _ => false,
            },
            Value::Dict(d) => d.borrow().contains_key(&hashable(item)?),
            Value::Sessions(s) => match item {
                Value::Str(k) => s.find(k).is_some(),
                _ => false,
            },
            Value::Conversations(c) => match item {
                Value::Str(k) => c.find(k).is_some(),
                _ => false,
            },
            Value::Packet(p) => layer_present(p, 0, item),
            Value::Layer(l) => layer_present(&l.pkt, l.layer, item),
            Value::Flags(v, kind) => match item {
                Value::Str(x) => {
                    let s = crate::lang::value::flags_str(*v, *kind);
                    x.chars().all(|c| s.contains(c))
                }
                _ => false,
            },
            _ => {
                let items = self.iterate(container)?;
                items.iter().any(|v| values_equal(v, item))
            }
        })
    }

    pub(super) fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> R<bool> {
        Ok(match op {
            CmpOp::Eq => values_equal(a, b),
            CmpOp::Ne => !values_equal(a, b),
            CmpOp::In => self.contains(b, a)?,
            CmpOp::NotIn => !self.contains(b, a)?,
            CmpOp::Is => identical(a, b),
            CmpOp::IsNot => !identical(a, b),
            _ => {
                let ord = compare_values(a, b).ok_or_else(|| {
                    Error::at_none(
                        ErrorKind::Type,
                        format!(
                            "'{op}' not supported between instances of '{}' and '{}'",
                            a.type_name(),
                            b.type_name()
                        ),
                    )
                })?;
                match op {
                    CmpOp::Lt => ord.is_lt(),
                    CmpOp::Gt => ord.is_gt(),
                    CmpOp::Le => ord.is_le(),
                    _ => ord.is_ge(),
                }
            }
        })
    }

    pub(super) fn binop(&mut self, op: BinOp, a: &Value, b: &Value) -> R<Value> {
        use Value::*;
        let num = |v: &Value| -> Option<Value> {
            match v {
                Bool(x) => Some(Int(*x as i64)),
                Flags(x, _) => Some(Int(*x as i64)),
                Int(_) | Float(_) | Dec(_) => Some(v.clone()),
                _ => Option::None,
            }
        };
        if let (Some(x), Some(y)) = (num(a), num(b)) {
            return arith(op, &x, &y);
        }
        Ok(match (op, a, b) {
            (BinOp::Add, Str(x), Str(y)) => Value::str(&format!("{x}{y}")),
            (BinOp::Add, Bytes(x), Bytes(y)) => Bytes([&x[..], &y[..]].concat().into()),
            (BinOp::Add, List(x), List(y)) => Value::list(
                x.borrow()
                    .iter()
                    .chain(y.borrow().iter())
                    .cloned()
                    .collect(),
            ),
            (BinOp::Add, Tuple(x), Tuple(y)) => {
                Tuple(Rc::new(x.iter().chain(y.iter()).cloned().collect()))
            }
            (BinOp::Add, Packets(x), Packets(y)) => {
                if !Arc::ptr_eq(&x.cap, &y.cap) {
                    let mut items: Vec<Value> = self.iterate(a)?;
                    items.extend(self.iterate(b)?);
                    Value::list(items)
                } else {
                    let mut v = x.indices();
                    v.extend(y.indices());
                    self.packets_value(PacketList::new(
                        x.cap.clone(),
                        Some(Rc::new(v)),
                        format!("{}+{}", x.name, y.name),
                    ))
                }
            }
            (BinOp::Mul, Str(s), Int(n)) | (BinOp::Mul, Int(n), Str(s)) => {
                check_size((*n).max(0) as u128 * s.len() as u128)?;
                Value::str(&s.repeat((*n).max(0) as usize))
            }
            (BinOp::Mul, List(l), Int(n)) | (BinOp::Mul, Int(n), List(l)) => {
                let items = l.borrow();
                check_size((*n).max(0) as u128 * items.len() as u128)?;
                Value::list(
                    (0..(*n).max(0))
                        .flat_map(|_| items.iter().cloned())
                        .collect(),
                )
            }
            (BinOp::Mod, Str(f), args) => Value::str(&format::percent(f, args)?),
            _ => {
                return err(
                    ErrorKind::Type,
                    format!(
                        "unsupported operand type(s) for {op}: '{}' and '{}'",
                        a.type_name(),
                        b.type_name()
                    ),
                )
            }
        })
    }
}

/// Refuses to build a value of more than 100 million items or bytes: the shell stays up.
pub(super) fn check_size(n: u128) -> R<()> {
    if n > 100_000_000 {
        return err(
            ErrorKind::Value,
            format!("that would make {n} items, more than this shell makes at once"),
        );
    }
    Ok(())
}

/// Arithmetic on numbers: ints stay ints, exact decimals stay exact, floats are floats.
fn arith(op: BinOp, a: &Value, b: &Value) -> R<Value> {
    use Value::*;
    let zero = || err(ErrorKind::ZeroDivision, "division by zero");
    Ok(match (a, b) {
        (Int(x), Int(y)) => match op {
            BinOp::Add => Int(x.wrapping_add(*y)),
            BinOp::Sub => Int(x.wrapping_sub(*y)),
            BinOp::Mul => Int(x.wrapping_mul(*y)),
            BinOp::Div => {
                if *y == 0 {
                    return zero();
                }
                Float(*x as f64 / *y as f64)
            }
            BinOp::FloorDiv => {
                if *y == 0 {
                    return zero();
                }
                Int(x.div_euclid(*y)
                    - if (x.rem_euclid(*y) != 0) && (*y < 0) {
                        1
                    } else {
                        0
                    })
            }
            BinOp::Mod => {
                if *y == 0 {
                    return zero();
                }
                Int(x.wrapping_rem(*y).wrapping_add(*y).wrapping_rem(*y))
            }
            BinOp::Pow => {
                if *y >= 0 {
                    Int(x.wrapping_pow((*y).min(u32::MAX as i64) as u32))
                } else {
                    Float((*x as f64).powf(*y as f64))
                }
            }
            BinOp::BitAnd => Int(x & y),
            BinOp::BitOr => Int(x | y),
            BinOp::BitXor => Int(x ^ y),
            BinOp::LShift if *y < 0 => return err(ErrorKind::Value, "negative shift count"),
            BinOp::RShift if *y < 0 => return err(ErrorKind::Value, "negative shift count"),
            BinOp::LShift => Int(if *y > 63 {
                0
            } else {
                x.wrapping_shl(*y as u32)
            }),
            BinOp::RShift => Int(if *y > 63 {
                if *x < 0 {
                    -1
                } else {
                    0
                }
            } else {
                x >> y
            }),
        },
        (Dec(_), _) | (_, Dec(_)) if !matches!(a, Float(_)) && !matches!(b, Float(_)) => {
            let d = |v: &Value| match v {
                Dec(d) => *d,
                Int(i) => Decimal::from_int(*i),
                _ => Decimal::from_int(0),
            };
            let (x, y) = (d(a), d(b));
            match op {
                BinOp::Add => Dec(x + y),
                BinOp::Sub => Dec(x - y),
                BinOp::Mul => match (a, b) {
                    (Dec(x), Int(k)) | (Int(k), Dec(x)) => Dec(x.mul_int(*k)),
                    _ => Float(x.to_f64() * y.to_f64()),
                },
                BinOp::Div => {
                    if y.mantissa == 0 {
                        return err(ErrorKind::ZeroDivision, "division by zero");
                    }
                    Dec(super::numbers::dec_div(x, y))
                }
                BinOp::FloorDiv => {
                    if y.mantissa == 0 {
                        return zero();
                    }
                    Int((x.to_f64() / y.to_f64()).trunc() as i64)
                }
                BinOp::Mod => Float(x.to_f64() % y.to_f64()),
                _ => {
                    return err(
                        ErrorKind::Type,
                        format!(
                            "unsupported operand type(s) for {op}: 'EDecimal' and '{}'",
                            b.type_name()
                        ),
                    )
                }
            }
        }
        _ => {
            let f = |v: &Value| match v {
                Int(i) => *i as f64,
                Float(f) => *f,
                Dec(d) => d.to_f64(),
                _ => 0.0,
            };
            let (x, y) = (f(a), f(b));
            match op {
                BinOp::Add => Float(x + y),
                BinOp::Sub => Float(x - y),
                BinOp::Mul => Float(x * y),
                BinOp::Div => {
                    if y == 0.0 {
                        return err(ErrorKind::ZeroDivision, "float division by zero");
                    }
                    Float(x / y)
                }
                BinOp::FloorDiv => {
                    if y == 0.0 {
                        return zero();
                    }
                    Float((x / y).floor())
                }
                BinOp::Mod => {
                    if y == 0.0 {
                        return zero();
                    }
                    Float(x - y * (x / y).floor())
                }
                BinOp::Pow => Float(x.powf(y)),
                _ => {
                    return err(
                        ErrorKind::Type,
                        format!("unsupported operand type(s) for {op}: 'float'"),
                    )
                }
            }
        }
    })
}

fn layer_present(p: &PacketRef, from: usize, item: &Value) -> bool {
    if let Value::LayerClass(n @ ("DNSQR" | "DNSRR")) = item {
        let Some(m) = super::builtins::dns_of(p, from) else {
            return false;
        };
        return if *n == "DNSQR" {
            !m.questions.is_empty()
        } else {
            m.sections.iter().flatten().any(|r| r.class == "DNSRR")
        };
    }
    let name: &str = match item {
        Value::LayerClass(n) => n,
        Value::Str(s) => s,
        _ => return false,
    };
    p.dissect().layers()[from..]
        .iter()
        .any(|l| l.proto.class_name() == name || l.proto.display_name() == name)
}

/// A KeyError for a session or conversation key, offering the nearest one.
fn key_error(key: &str, keys: &[Rc<str>]) -> Error {
    let e = Error::at_none(ErrorKind::Key, crate::pyfmt::str_repr(key));
    match nearest(key, keys.iter().map(|k| &**k)) {
        Some(best) => e.with_help(format!("help: did you mean '{best}'?")),
        None => e,
    }
}

pub(super) fn hashable(v: &Value) -> R<HKey> {
    v.hkey().ok_or_else(|| {
        Error::at_none(
            ErrorKind::Type,
            format!("unhashable type: '{}'", v.type_name()),
        )
    })
}

pub(super) fn norm_index(k: &Value, len: usize) -> R<usize> {
    let i = match k {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ => {
            return err(
                ErrorKind::Type,
                format!("indices must be integers, not {}", k.type_name()),
            )
        }
    };
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return err(
            ErrorKind::Index,
            format!("index {i} is out of range (length {len})"),
        );
    }
    Ok(j as usize)
}

/// Python's slice.indices, expanded.
pub(super) fn slice_indices(len: i64, lo: Option<i64>, hi: Option<i64>, step: i64) -> Vec<usize> {
    let clamp = |v: i64, lo_b: i64, hi_b: i64| v.max(lo_b).min(hi_b);
    let fix = |v: i64| if v < 0 { v + len } else { v };
    let mut out = Vec::new();
    if step > 0 {
        let s = clamp(lo.map_or(0, fix), 0, len);
        let e = clamp(hi.map_or(len, fix), 0, len);
        let mut i = s;
        while i < e {
            out.push(i as usize);
            i += step;
        }
    } else {
        let s = clamp(lo.map_or(len - 1, fix), -1, len - 1);
        let e = clamp(hi.map_or(-1, fix), -1, len - 1);
        let mut i = s;
        while i > e {
            out.push(i as usize);
            i += step;
        }
    }
    out
}

fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Dict(x), Value::Dict(y)) => Rc::ptr_eq(x, y),
        (Value::Packets(x), Value::Packets(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

pub(super) fn values_equal(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Flags(v, k), Str(s)) | (Str(s), Flags(v, k)) => {
            crate::lang::value::flags_str(*v, *k) == **s
        }
        (Str(x), Str(y)) => x == y,
        (Bytes(x), Bytes(y)) => x == y,
        (None, None) => true,
        (List(x), List(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| values_equal(a, b))
        }
        (Tuple(x), Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| values_equal(a, b))
        }
        (LayerClass(x), LayerClass(y)) => x == y,
        (Packet(x), Packet(y)) => Arc::ptr_eq(&x.cap, &y.cap) && x.index == y.index,
        _ => compare_values(a, b).is_some_and(|o| o.is_eq()),
    }
}

pub(super) fn compare_values(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    use Value::*;
    let num = |v: &Value| -> Option<Value> {
        match v {
            Bool(x) => Some(Int(*x as i64)),
            Flags(x, _) => Some(Int(*x as i64)),
            Int(_) | Float(_) | Dec(_) => Some(v.clone()),
            _ => Option::None,
        }
    };
    match (num(a), num(b)) {
        (Some(x), Some(y)) => match (&x, &y) {
            (Int(p), Int(q)) => Some(p.cmp(q)),
            (Dec(p), Dec(q)) => Some(p.cmp(q)),
            (Dec(p), Int(q)) => Some(p.cmp(&Decimal::from_int(*q))),
            (Int(p), Dec(q)) => Some(Decimal::from_int(*p).cmp(q)),
            _ => {
                let f = |v: &Value| match v {
                    Int(i) => *i as f64,
                    Float(f) => *f,
                    Dec(d) => d.to_f64(),
                    _ => 0.0,
                };
                f(&x).partial_cmp(&f(&y))
            }
        },
        _ => match (a, b) {
            (Str(x), Str(y)) => Some(x.cmp(y)),
            (Bytes(x), Bytes(y)) => Some(x.cmp(y)),
            (List(x), List(y)) => seq_cmp(&x.borrow(), &y.borrow()),
            (Tuple(x), Tuple(y)) => seq_cmp(x, y),
            _ => Option::None,
        },
    }
}

fn seq_cmp(x: &[Value], y: &[Value]) -> Option<std::cmp::Ordering> {
    for (a, b) in x.iter().zip(y.iter()) {
        if values_equal(a, b) {
            continue;
        }
        return compare_values(a, b);
    }
    Some(x.len().cmp(&y.len()))
}

/// The candidate closest to `word` by edit distance, if close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let n = word.chars().count();
    (d <= (n / 3).max(1) && d < n).then(|| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = if a[i - 1] == b[j - 1] { 0 } else { 1 };
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}
