//! The evaluator: runs statements against an environment of named values.

mod call;
mod expr;
mod getlayer;
mod index;
mod ops;
pub use ops::limit_value_bytes;
mod stmt;

pub(crate) use index::norm_index;
pub(crate) use ops::{
    check_items, check_size, compare_values, hashable, not_ordered, unary, values_equal,
};

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use indexmap::IndexMap;

use super::ast::*;
use super::error::{Error, ErrorKind};
use super::value::*;
use crate::time::Decimal;

pub use crate::render::Options;

pub(crate) enum Flow {
    Normal,
    Break,
    Continue,
    Return(Value),
}

/// The scope of a running function (or class body).
pub(crate) struct Frame {
    pub vars: Vars,
    /// The scopes of the functions it was defined in, innermost first.
    pub outer: Vec<Vars>,
    /// Names declared `global` (false) or `nonlocal` (true).
    pub declared: HashMap<String, bool>,
    /// A class body: functions defined here do not see its names.
    pub is_class: bool,
    /// A generator's body: what it has yielded so far.
    pub yields: Option<Vec<Value>>,
    /// The function running, for `super()`, and its first argument.
    pub func: Option<(Rc<Func>, Value)>,
}

/// A call's scope ends: its names go one level at a time (see `dispose`).
impl Drop for Frame {
    fn drop(&mut self) {
        if let Some(vars) = Rc::get_mut(&mut self.vars) {
            for (_, v) in vars.get_mut().drain() {
                crate::lang::dispose::dispose(v);
            }
        }
    }
}

impl Frame {
    pub fn new(vars: HashMap<String, Value>, outer: Vec<Vars>) -> Frame {
        Frame {
            vars: Rc::new(RefCell::new(vars)),
            outer,
            declared: HashMap::new(),
            is_class: false,
            yields: None,
            func: None,
        }
    }
}

pub struct Interp {
    pub globals: HashMap<String, Value>,
    pub(crate) frames: Vec<Frame>,
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
    depth: usize,
    /// What `sys` shows: the script's arguments and the standard streams.
    pub sys: crate::lang::modules::sys::Sys,
    /// Refuse what reaches outside the process (files, standard input, waiting): the
    /// entries marked `outside` in the command table. For fuzzing the language.
    pub sandbox: bool,
    /// Loop steps left before evaluation stops (each loop turn and call counts one);
    /// unlimited unless set, as the fuzzer does so that `while 1: pass` ends.
    pub budget: std::cell::Cell<u64>,
    /// The `random` module's generator, started on first use.
    pub(crate) rng: Option<Box<crate::lang::modules::random::Mt>>,
}

/// The interpreter ends: its globals go one level at a time (see `dispose`).
impl Drop for Interp {
    fn drop(&mut self) {
        for (_, v) in self.globals.drain() {
            crate::lang::dispose::dispose(v);
        }
    }
}

pub(super) type R<T> = Result<T, Error>;

/// When less stack than this is left, evaluation continues on a new segment...
pub(crate) const STACK_RED_ZONE: usize = 256 * 1024;
/// ...of this size (`stacker`), so that deep recursion never overflows the stack.
pub(crate) const STACK_GROWTH: usize = 8 * 1024 * 1024;
/// Calls of script functions inside one another, as Python's default recursion limit.
pub(crate) const MAX_CALL_DEPTH: usize = 1000;

/// Runs `f` where deep recursion is safe: on a new stack segment when this one runs low.
pub(crate) fn deep<T>(f: impl FnOnce() -> T) -> T {
    stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, f)
}

pub(crate) fn err<T>(kind: ErrorKind, msg: impl Into<String>) -> R<T> {
    Err(Error::at_none(kind, msg))
}

impl Interp {
    pub fn new(out: Box<dyn Write>, err: Box<dyn Write>, opts: Options) -> Interp {
        // A new interpreter starts from Python's digit limit, whatever one before set.
        let _ = crate::lang::bigint::set_max_str_digits(4300);
        Interp {
            globals: HashMap::new(),
            frames: Vec::new(),
            out,
            err,
            opts,
            interrupt: Arc::new(AtomicBool::new(false)),
            echo: true,
            progress: false,
            conf: Value::dict(IndexMap::new()),
            handling: Vec::new(),
            depth: 0,
            sys: crate::lang::modules::sys::Sys::new(vec![String::new()]),
            sandbox: false,
            budget: std::cell::Cell::new(u64::MAX),
            rng: None,
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
            let r = self.exec_guarded(s, echo);
            let _ = self.out.flush();
            for file in crate::capture::guard::take_shrunk() {
                let _ = writeln!(
                    self.err,
                    "warning: {file} shrank while loaded (another program truncated it): \
                     packets past its new end read as zeros; load it again with rdpcap()"
                );
            }
            if let Err(e) = r {
                if !on_error(e) {
                    return;
                }
            }
        }
    }

    /// Runs a top-level statement; a panic inside becomes an internal error, and the
    /// interpreter is left as it was before the statement (its variables kept).
    fn exec_guarded(&mut self, s: &Stmt, echo: bool) -> R<()> {
        let (frames, depth, handling) = (self.frames.len(), self.depth, self.handling.len());
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.exec_top(s, echo))) {
            Ok(r) => r,
            Err(payload) => {
                self.frames.truncate(frames);
                self.depth = depth;
                self.handling.truncate(handling);
                Err(Error::new(
                    ErrorKind::Internal,
                    &crate::panic::message(&*payload),
                    s.pos,
                    s.len,
                ))
            }
        }
    }

    pub(crate) fn exec_top(&mut self, s: &Stmt, echo: bool) -> R<()> {
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

    pub(crate) fn check_interrupt(&self) -> R<()> {
        if self.interrupt.load(Ordering::Relaxed) {
            return err(ErrorKind::Interrupted, "stopped by Ctrl-C");
        }
        match self.budget.get() {
            0 => err(ErrorKind::Interrupted, "stopped: the step budget ran out"),
            n => {
                self.budget.set(n - 1);
                Ok(())
            }
        }
    }

    /// Whether an entry of the command table may run here: in the sandbox, nothing that
    /// reaches outside the process.
    pub(crate) fn allowed(&self, c: &crate::lang::commands::Command) -> R<()> {
        if self.sandbox && c.outside {
            return err(
                ErrorKind::Permission,
                format!("{} is not allowed in the sandbox", c.signature),
            );
        }
        Ok(())
    }

    pub fn write(&mut self, s: &str) -> R<()> {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            let kind = if e.kind() == std::io::ErrorKind::BrokenPipe {
                ErrorKind::BrokenPipe
            } else {
                ErrorKind::Io
            };
            Error::at_none(kind, format!("cannot write output: {e}"))
        })
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

    pub(crate) fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(f) = self.frames.last() {
            if f.declared.get(name) != Some(&false) {
                if let Some(v) = f.vars.borrow().get(name) {
                    return Some(v.clone());
                }
                for o in &f.outer {
                    if let Some(v) = o.borrow().get(name) {
                        return Some(v.clone());
                    }
                }
            }
        }
        if let Some(v) = self.globals.get(name) {
            return Some(v.clone());
        }
        if let Some(c) = super::commands::find_builtin(name) {
            return Some(Value::Builtin(c.name));
        }
        if let Some(k) = ErrorKind::from_python_name(name)
            .filter(|k| !matches!(k, ErrorKind::Interrupted | ErrorKind::Struct))
        {
            return Some(Value::ExceptionClass(k));
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

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
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
