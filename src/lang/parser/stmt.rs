//! Statements: simple lines, blocks and compound statements.

use super::*;

impl Parser {
    /// A module path: `scapy.layers.dns`.
    fn dotted_name(&mut self) -> Result<String, Error> {
        if is_op(self.peek(), ".") {
            return Err(self.err_here("relative imports are not supported"));
        }
        let mut path = self.name()?;
        while self.eat_op(".") {
            path.push('.');
            path.push_str(&self.name()?);
        }
        Ok(path)
    }

    /// `as NAME` after an imported name, if there.
    fn alias(&mut self) -> Result<Option<String>, Error> {
        if self.eat_kw("as") {
            Ok(Some(self.name()?))
        } else {
            Ok(None)
        }
    }

    pub(super) fn statement(&mut self) -> Result<Vec<Stmt>, Error> {
        let start = self.tok().pos;
        if is_op(self.peek(), "@") {
            return self.decorated(start);
        }
        match self.peek().clone() {
            Tok::Name(k)
                if matches!(
                    k.as_str(),
                    "for" | "while" | "if" | "def" | "try" | "with" | "class"
                ) =>
            {
                let s = self.compound(&k, start)?;
                Ok(vec![s])
            }
            Tok::Indent => Err(Error::new(ErrorKind::Syntax, "unexpected indent", start, 1)),
            _ => self.simple_line(),
        }
    }

    /// `@decorator` lines, then the `def` or `class` they apply to.
    fn decorated(&mut self, start: usize) -> Result<Vec<Stmt>, Error> {
        let mut decorators = Vec::new();
        while self.eat_op("@") {
            decorators.push(self.expr()?);
            if !self.eat_tok(&Tok::Newline) {
                return Err(self.err_here("expected the end of the line after a decorator"));
            }
            while self.eat_tok(&Tok::Newline) {}
        }
        let def_start = self.tok().pos;
        match self.peek().clone() {
            Tok::Name(k) if k == "def" || k == "class" => {
                let def = self.compound(&k, def_start)?;
                Ok(vec![Stmt {
                    kind: StmtKind::Decorated(decorators, Box::new(def)),
                    pos: start,
                    len: self.span(start),
                }])
            }
            _ => Err(self.err_here("expected 'def' or 'class' after a decorator")),
        }
    }

    /// Simple statements separated by `;`, up to the end of the line.
    pub(super) fn simple_line(&mut self) -> Result<Vec<Stmt>, Error> {
        let mut out = vec![self.simple()?];
        while self.eat_op(";") {
            if matches!(self.peek(), Tok::Newline | Tok::Eof) {
                break;
            }
            out.push(self.simple()?);
        }
        if !self.eat_tok(&Tok::Newline) && !self.at_eof() && !matches!(self.peek(), Tok::Dedent) {
            return Err(self.err_here("expected the end of the statement"));
        }
        Ok(out)
    }

    pub(super) fn block(&mut self) -> Result<Vec<Stmt>, Error> {
        self.expect_op(":")?;
        if self.eat_tok(&Tok::Newline) {
            if !self.eat_tok(&Tok::Indent) {
                return Err(self.err_here("expected an indented block"));
            }
            let mut body = Vec::new();
            while !self.eat_tok(&Tok::Dedent) && !self.at_eof() {
                if self.eat_tok(&Tok::Newline) {
                    continue;
                }
                body.extend(self.statement()?);
            }
            Ok(body)
        } else {
            self.simple_line()
        }
    }

    pub(super) fn compound(&mut self, k: &str, start: usize) -> Result<Stmt, Error> {
        self.bump();
        let kind = match k {
            "for" => {
                let target = self.target_list()?;
                if !self.eat_kw("in") {
                    return Err(self.err_here("expected 'in'"));
                }
                let iter = self.expr_list()?;
                let body = self.block()?;
                StmtKind::For(target, iter, body, self.loop_else()?)
            }
            "while" => {
                let cond = self.expr()?;
                let body = self.block()?;
                StmtKind::While(cond, body, self.loop_else()?)
            }
            "with" => self.with_items()?,
            "class" => self.class_def()?,
            "try" => self.try_stmt()?,
            "if" => {
                let mut arms = vec![(self.expr()?, self.block()?)];
                let mut other = None;
                loop {
                    if self.eat_kw("elif") {
                        arms.push((self.expr()?, self.block()?));
                    } else if self.eat_kw("else") {
                        other = Some(self.block()?);
                        break;
                    } else {
                        break;
                    }
                }
                StmtKind::If(arms, other)
            }
            _ => {
                let name = self.name()?;
                self.expect_op("(")?;
                let params = self.params(")")?;
                self.expect_op(")")?;
                if self.eat_op("->") {
                    self.expr()?;
                }
                let outer = std::mem::replace(&mut self.yields, false);
                let body = self.block()?;
                let generator = std::mem::replace(&mut self.yields, outer);
                StmtKind::Def(name, params, body, generator)
            }
        };
        let end = self.toks[self.i.saturating_sub(1)].pos;
        Ok(Stmt {
            kind,
            pos: start,
            len: end.saturating_sub(start).max(1),
        })
    }

    /// `with a as x, b: body` (after `with`).
    fn with_items(&mut self) -> Result<StmtKind, Error> {
        let mut items = Vec::new();
        loop {
            let e = self.expr()?;
            let target = if self.eat_kw("as") {
                let t = self.or_expr_no_in()?;
                check_target(&t)?;
                Some(t)
            } else {
                None
            };
            items.push((e, target));
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(StmtKind::With(items, self.block()?))
    }

    /// `class Name(bases): body` (after `class`).
    fn class_def(&mut self) -> Result<StmtKind, Error> {
        let name = self.name()?;
        let mut bases = Vec::new();
        if self.eat_op("(") {
            while !self.eat_op(")") {
                bases.push(self.expr()?);
                if !self.eat_op(",") {
                    self.expect_op(")")?;
                    break;
                }
            }
        }
        Ok(StmtKind::Class(name, bases, self.block()?))
    }

    /// `try: ... except ...: ... else: ... finally: ...` (after `try`).
    fn try_stmt(&mut self) -> Result<StmtKind, Error> {
        let body = self.block()?;
        let mut handlers = Vec::new();
        while self.eat_kw("except") {
            let mut names = Vec::new();
            if !is_op(self.peek(), ":") {
                let e = self.expr()?;
                let items = match e.kind {
                    ExprKind::Tuple(items) => items,
                    _ => vec![e],
                };
                for it in items {
                    names.push(exception_name(&it)?);
                }
            }
            let bind = if self.eat_kw("as") {
                Some(self.name()?)
            } else {
                None
            };
            handlers.push(Handler {
                names,
                bind,
                body: self.block()?,
            });
        }
        let other = if self.eat_kw("else") {
            Some(self.block()?)
        } else {
            None
        };
        let finally = if self.eat_kw("finally") {
            Some(self.block()?)
        } else {
            None
        };
        if handlers.is_empty() && finally.is_none() {
            return Err(self.err_here("expected 'except' or 'finally'"));
        }
        Ok(StmtKind::Try(body, handlers, other, finally))
    }

    /// `import a.b as c, d` or `from a.b import x as y, z` (at the keyword).
    fn import_stmt(&mut self, from: bool) -> Result<StmtKind, Error> {
        self.bump();
        if !from {
            let mut modules = vec![];
            loop {
                let path = self.dotted_name()?;
                modules.push((path, self.alias()?));
                if !self.eat_op(",") {
                    break;
                }
            }
            return Ok(StmtKind::Import(modules));
        }

        let path = self.dotted_name()?;
        if !self.eat_kw("import") {
            return Err(self.err_here("expected 'import'"));
        }
        let mut names = vec![];
        if !self.eat_op("*") {
            let paren = self.eat_op("(");
            loop {
                let name = self.name()?;
                names.push((name, self.alias()?));
                if !self.eat_op(",") || (paren && is_op(self.peek(), ")")) {
                    break;
                }
            }
            if paren {
                self.expect_op(")")?;
            }
        }
        Ok(StmtKind::FromImport(path, names))
    }

    /// `else:` after a loop: runs when the loop ends without `break`.
    fn loop_else(&mut self) -> Result<Option<Vec<Stmt>>, Error> {
        Ok(if self.eat_kw("else") {
            Some(self.block()?)
        } else {
            None
        })
    }

    /// Parameters of a `def` (up to `)`) or a `lambda` (up to `:`): defaults, `*args`,
    /// keyword-only ones, `**kwargs`; annotations are read and ignored.
    pub(super) fn params(&mut self, close: &str) -> Result<Vec<Param>, Error> {
        let mut params = Vec::new();
        let mut kind = ParamKind::Normal;
        while !is_op(self.peek(), close) {
            let this = if self.eat_op("**") {
                ParamKind::VarKw
            } else if self.eat_op("*") {
                if is_op(self.peek(), ",") {
                    self.bump();
                    kind = ParamKind::KwOnly;
                    continue;
                }
                ParamKind::VarArgs
            } else {
                kind
            };
            let name = self.name()?;
            if close == ")" && self.eat_op(":") {
                self.expr()?;
            }
            let default = if self.eat_op("=") {
                Some(self.expr()?)
            } else {
                None
            };
            if this == ParamKind::VarArgs {
                kind = ParamKind::KwOnly;
            }
            params.push(Param {
                name,
                default,
                kind: this,
            });
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(params)
    }

    pub(super) fn simple(&mut self) -> Result<Stmt, Error> {
        let t = self.tok().clone();
        let start = t.pos;
        let mk = |kind, p: &Parser| {
            let end = &p.toks[p.i.saturating_sub(1)];
            Stmt {
                kind,
                pos: start,
                len: (end.pos + end.len).saturating_sub(start).max(1),
            }
        };
        if let Tok::Name(n) = &t.tok {
            match n.as_str() {
                "pass" => {
                    self.bump();
                    return Ok(mk(StmtKind::Pass, self));
                }
                "global" | "nonlocal" => {
                    self.bump();
                    let mut names = vec![self.name()?];
                    while self.eat_op(",") {
                        names.push(self.name()?);
                    }
                    return Ok(mk(StmtKind::Global(names, n == "nonlocal"), self));
                }
                "assert" => {
                    self.bump();
                    let cond = self.expr()?;
                    let msg = if self.eat_op(",") {
                        Some(self.expr()?)
                    } else {
                        None
                    };
                    return Ok(mk(StmtKind::Assert(cond, msg), self));
                }
                "raise" => {
                    self.bump();
                    let v = if matches!(self.peek(), Tok::Newline | Tok::Eof | Tok::Dedent)
                        || is_op(self.peek(), ";")
                    {
                        None
                    } else {
                        Some(self.expr()?)
                    };
                    return Ok(mk(StmtKind::Raise(v), self));
                }
                "break" => {
                    self.bump();
                    return Ok(mk(StmtKind::Break, self));
                }
                "continue" => {
                    self.bump();
                    return Ok(mk(StmtKind::Continue, self));
                }
                "return" => {
                    self.bump();
                    let v = if matches!(self.peek(), Tok::Newline | Tok::Eof | Tok::Dedent)
                        || is_op(self.peek(), ";")
                    {
                        None
                    } else {
                        Some(self.expr_list()?)
                    };
                    return Ok(mk(StmtKind::Return(v), self));
                }
                "del" => {
                    self.bump();
                    let mut targets = vec![self.postfix()?];
                    while self.eat_op(",") {
                        targets.push(self.postfix()?);
                    }
                    return Ok(mk(StmtKind::Del(targets), self));
                }
                "import" | "from" => {
                    let kind = self.import_stmt(n == "from")?;
                    return Ok(mk(kind, self));
                }
                "print" => {
                    let next = self.peek_at(1).clone();
                    let is_stmt = !(is_op(&next, "(")
                        || is_op(&next, "=")
                        || is_op(&next, ".")
                        || is_op(&next, "["));
                    if is_stmt {
                        self.bump();
                        let mut args = Vec::new();
                        let mut newline = true;
                        while !matches!(self.peek(), Tok::Newline | Tok::Eof | Tok::Dedent)
                            && !is_op(self.peek(), ";")
                        {
                            args.push(self.expr()?);
                            if self.eat_op(",") {
                                newline = false;
                                continue;
                            }
                            newline = true;
                            break;
                        }
                        if args.is_empty() {
                            newline = true;
                        }
                        return Ok(mk(StmtKind::Print(args, newline), self));
                    }
                }
                _ => {}
            }
        }
        let first = self.expr_list()?;
        if let Tok::Op(op) = self.peek().clone() {
            if op == "=" {
                let mut targets = vec![first];
                let mut value;
                loop {
                    self.bump();
                    value = self.expr_list()?;
                    if is_op(self.peek(), "=") {
                        targets.push(value);
                        continue;
                    }
                    break;
                }
                for t in &targets {
                    check_target(t)?;
                }
                return Ok(mk(StmtKind::Assign(targets, value), self));
            }
            if op.len() >= 2 && op.ends_with('=') && !matches!(op, "==" | "!=" | "<=" | ">=") {
                self.bump();
                check_target(&first)?;
                let value = self.expr()?;
                let Some(bin) = BinOp::from_symbol(&op[..op.len() - 1]) else {
                    return Err(self.err_here(&format!("unknown operator {op}")));
                };
                return Ok(mk(StmtKind::AugAssign(first, bin, value), self));
            }
        }
        Ok(mk(StmtKind::Expr(first), self))
    }

    /// `a, b` targets of a for loop (stops before `in`).
    pub(super) fn target_list(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let first = self.or_expr_no_in()?;
        if !is_op(self.peek(), ",") {
            check_target(&first)?;
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if is_kw(self.peek(), "in") {
                break;
            }
            items.push(self.or_expr_no_in()?);
        }
        for t in &items {
            check_target(t)?;
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            pos: start,
            len: 1,
        })
    }
}

/// The name in an `except` clause: `KeyError`, `scapy.error.Scapy_Exception`.
pub(super) fn exception_name(e: &Expr) -> Result<String, Error> {
    match &e.kind {
        ExprKind::Name(n) => Ok(n.clone()),
        ExprKind::Attr(_, n) => Ok(n.clone()),
        _ => Err(Error::new(
            ErrorKind::Syntax,
            "expected an exception name",
            e.pos,
            e.len,
        )),
    }
}

pub(super) fn check_target(e: &Expr) -> Result<(), Error> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Index(..) => Ok(()),
        ExprKind::Starred(x) => check_target(x),
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().try_for_each(check_target),
        _ => Err(Error::new(
            ErrorKind::Syntax,
            "cannot assign to this expression",
            e.pos,
            e.len,
        )),
    }
}
