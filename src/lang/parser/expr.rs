//! Expressions, by precedence from `or` down to atoms.

use super::*;

impl Parser {
    pub(super) fn or_expr_no_in(&mut self) -> Result<Expr, Error> {
        if self.eat_op("(") {
            let e = self.target_list()?;
            self.expect_op(")")?;
            return Ok(e);
        }
        self.bitor()
    }

    /// Expressions separated by commas; two or more make a tuple.
    pub(super) fn expr_list(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let first = self.expr()?;
        if !is_op(self.peek(), ",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if matches!(self.peek(), Tok::Newline | Tok::Eof)
                || is_op(self.peek(), "=")
                || is_op(self.peek(), ")")
                || is_op(self.peek(), ";")
                || is_op(self.peek(), ":")
            {
                break;
            }
            items.push(self.expr()?);
        }
        let end = self.toks[self.i - 1].pos + self.toks[self.i - 1].len;
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            pos: start,
            len: end - start,
        })
    }

    pub fn expr(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        if self.eat_kw("yield") {
            self.yields = true;
            let from = self.eat_kw("from");
            let v = if matches!(self.peek(), Tok::Newline | Tok::Eof | Tok::Dedent)
                || is_op(self.peek(), ")")
                || is_op(self.peek(), ";")
            {
                None
            } else {
                Some(Box::new(self.expr_list()?))
            };
            return Ok(Expr {
                kind: ExprKind::Yield(v, from),
                pos: start,
                len: self.span(start),
            });
        }
        if is_op(self.peek(), "*") {
            // `*rest` in a list display or an assignment target.
            self.bump();
            let x = self.bitor()?;
            return Ok(Expr {
                kind: ExprKind::Starred(Box::new(x)),
                pos: start,
                len: self.span(start),
            });
        }
        if self.eat_kw("lambda") {
            let params = self.params(":")?;
            self.expect_op(":")?;
            let body = self.expr()?;
            let len = body.pos + body.len - start;
            return Ok(Expr {
                kind: ExprKind::Lambda(params, Box::new(body)),
                pos: start,
                len,
            });
        }
        let e = self.or()?;
        if is_kw(self.peek(), "if") {
            self.bump();
            let cond = self.or()?;
            if !self.eat_kw("else") {
                return Err(self.err_here("expected 'else'"));
            }
            let other = self.expr()?;
            let len = other.pos + other.len - start;
            return Ok(Expr {
                kind: ExprKind::IfElse(Box::new(cond), Box::new(e), Box::new(other)),
                pos: start,
                len,
            });
        }
        Ok(e)
    }

    pub(super) fn span(&self, start: usize) -> usize {
        let t = &self.toks[self.i.saturating_sub(1)];
        (t.pos + t.len).saturating_sub(start).max(1)
    }

    pub(super) fn or(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let mut e = self.and()?;
        while self.eat_kw("or") {
            let r = self.and()?;
            e = Expr {
                kind: ExprKind::Or(Box::new(e), Box::new(r)),
                pos: start,
                len: self.span(start),
            };
        }
        Ok(e)
    }

    pub(super) fn and(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let mut e = self.not()?;
        while self.eat_kw("and") {
            let r = self.not()?;
            e = Expr {
                kind: ExprKind::And(Box::new(e), Box::new(r)),
                pos: start,
                len: self.span(start),
            };
        }
        Ok(e)
    }

    pub(super) fn not(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        if self.eat_kw("not") {
            self.nest += 1;
            self.check_chain(self.nest)?;
            let e = self.not();
            self.nest -= 1;
            let e = e?;
            return Ok(Expr {
                kind: ExprKind::Unary(UnaryOp::Not, Box::new(e)),
                pos: start,
                len: self.span(start),
            });
        }
        self.comparison()
    }

    pub(super) fn comparison(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let first = self.bitor()?;
        let mut rest = Vec::new();
        loop {
            let op = match self.peek().clone() {
                Tok::Op(o) if matches!(o, "==" | "!=" | "<" | ">" | "<=" | ">=") => {
                    self.bump();
                    match CmpOp::from_symbol(o) {
                        Some(op) => op,
                        None => break,
                    }
                }
                Tok::Name(n) if n == "in" => {
                    self.bump();
                    CmpOp::In
                }
                Tok::Name(n) if n == "not" && is_kw(self.peek_at(1), "in") => {
                    self.bump();
                    self.bump();
                    CmpOp::NotIn
                }
                Tok::Name(n) if n == "is" => {
                    self.bump();
                    if self.eat_kw("not") {
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                _ => break,
            };
            rest.push((op, self.bitor()?));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        Ok(Expr {
            kind: ExprKind::Compare(Box::new(first), rest),
            pos: start,
            len: self.span(start),
        })
    }

    pub(super) fn binary_level(
        &mut self,
        ops: &[&'static str],
        next: fn(&mut Parser) -> Result<Expr, Error>,
    ) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let mut e = next(self)?;
        let mut links = 0;
        loop {
            let op = match self.peek() {
                Tok::Op(o) if ops.contains(o) => BinOp::from_symbol(o),
                _ => None,
            };
            let Some(op) = op else { break };
            self.bump();
            links += 1;
            self.check_chain(links)?;
            let r = next(self)?;
            e = Expr {
                kind: ExprKind::Binary(op, Box::new(e), Box::new(r)),
                pos: start,
                len: self.span(start),
            };
        }
        Ok(e)
    }

    pub(super) fn bitor(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["|"], Parser::bitxor)
    }
    pub(super) fn bitxor(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["^"], Parser::bitand)
    }
    pub(super) fn bitand(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["&"], Parser::shift)
    }
    pub(super) fn shift(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["<<", ">>"], Parser::arith)
    }
    pub(super) fn arith(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["+", "-"], Parser::term)
    }
    pub(super) fn term(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["*", "/", "//", "%"], Parser::unary)
    }

    pub(super) fn unary(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        for op in [UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Invert] {
            if self.eat_op(op.symbol()) {
                self.nest += 1;
                self.check_chain(self.nest)?;
                let e = self.unary();
                self.nest -= 1;
                let e = e?;
                return Ok(Expr {
                    kind: ExprKind::Unary(op, Box::new(e)),
                    pos: start,
                    len: self.span(start),
                });
            }
        }
        self.power()
    }

    pub(super) fn power(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let base = self.postfix()?;
        if self.eat_op("**") {
            let exp = self.unary()?;
            return Ok(Expr {
                kind: ExprKind::Binary(BinOp::Pow, Box::new(base), Box::new(exp)),
                pos: start,
                len: self.span(start),
            });
        }
        Ok(base)
    }

    pub(super) fn postfix(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let mut e = self.atom()?;
        let mut links = 0;
        loop {
            links += 1;
            self.check_chain(links)?;
            if self.eat_op(".") {
                let t = self.tok().clone();
                let name = match &t.tok {
                    Tok::Name(n) => n.clone(),
                    _ => return Err(self.err_here("expected an attribute name after '.'")),
                };
                self.bump();
                e = Expr {
                    kind: ExprKind::Attr(Box::new(e), name),
                    pos: start,
                    len: self.span(start),
                };
            } else if self.eat_op("(") {
                let (args, kwargs) = self.call_args()?;
                e = Expr {
                    kind: ExprKind::Call(Box::new(e), args, kwargs),
                    pos: start,
                    len: self.span(start),
                };
            } else if self.eat_op("[") {
                let idx = self.subscript()?;
                self.expect_op("]")?;
                e = Expr {
                    kind: ExprKind::Index(Box::new(e), Box::new(idx)),
                    pos: start,
                    len: self.span(start),
                };
            } else {
                break;
            }
        }
        Ok(e)
    }

    pub(super) fn subscript(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let lo = if is_op(self.peek(), ":") {
            None
        } else {
            Some(Box::new(self.expr_list()?))
        };
        if !is_op(self.peek(), ":") {
            return Ok(*lo.unwrap());
        }
        self.bump();
        let hi = if is_op(self.peek(), ":") || is_op(self.peek(), "]") {
            None
        } else {
            Some(Box::new(self.expr()?))
        };
        let step = if self.eat_op(":") && !is_op(self.peek(), "]") {
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        Ok(Expr {
            kind: ExprKind::Slice(lo, hi, step),
            pos: start,
            len: self.span(start),
        })
    }

    pub(super) fn call_args(&mut self) -> Result<CallArgs, Error> {
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        while !self.eat_op(")") {
            if let (Tok::Name(n), true) = (self.peek().clone(), is_op(self.peek_at(1), "=")) {
                self.bump();
                self.bump();
                kwargs.push((n, self.expr()?));
            } else if self.eat_op("**") {
                kwargs.push(("**".into(), self.expr()?));
            } else {
                let e = self.expr()?;
                if is_kw(self.peek(), "for") {
                    let start = e.pos;
                    let comp = self.comprehension(e, start, true)?;
                    args.push(comp);
                } else {
                    args.push(e);
                }
            }
            if !self.eat_op(",") {
                self.expect_op(")")?;
                break;
            }
        }
        Ok((args, kwargs))
    }

    /// The `for ...` clauses after `elt`: a list comprehension, or (`gen`) a generator
    /// expression.
    pub(super) fn comprehension(
        &mut self,
        elt: Expr,
        start: usize,
        gen: bool,
    ) -> Result<Expr, Error> {
        let clauses = self.clauses()?;
        let elt = Box::new(elt);
        let kind = if gen {
            ExprKind::GenExp(elt, clauses)
        } else {
            ExprKind::ListComp(elt, clauses)
        };
        Ok(Expr {
            kind,
            pos: start,
            len: self.span(start),
        })
    }

    fn clauses(&mut self) -> Result<Vec<Clause>, Error> {
        let mut clauses = Vec::new();
        while self.eat_kw("for") {
            let target = self.target_list()?;
            if !self.eat_kw("in") {
                return Err(self.err_here("expected 'in'"));
            }
            let iter = self.or()?;
            let mut conds = Vec::new();
            while self.eat_kw("if") {
                conds.push(self.or()?);
            }
            clauses.push((target, iter, conds));
        }
        Ok(clauses)
    }

    pub(super) fn atom(&mut self) -> Result<Expr, Error> {
        let t = self.tok().clone();
        let start = t.pos;
        let kind = match t.tok {
            Tok::Int(i) => {
                self.bump();
                ExprKind::Int(i)
            }
            Tok::Big(b) => {
                self.bump();
                ExprKind::Big(b)
            }
            Tok::Float(f) => {
                self.bump();
                ExprKind::Float(f)
            }
            Tok::Str(s) => {
                self.bump();
                let mut s = s;
                // Adjacent literals concatenate.
                while let Tok::Str(more) = self.peek().clone() {
                    self.bump();
                    s.push_str(&more);
                }
                ExprKind::Str(s)
            }
            Tok::FStr(s) => {
                self.bump();
                ExprKind::FStr(fstring_parts(&s, start)?)
            }
            Tok::Bytes(b) => {
                self.bump();
                let mut b = b;
                while let Tok::Bytes(more) = self.peek().clone() {
                    self.bump();
                    b.extend(more);
                }
                ExprKind::Bytes(b)
            }
            Tok::Name(n) => {
                self.bump();
                match n.as_str() {
                    "None" => ExprKind::None,
                    "True" => ExprKind::Bool(true),
                    "False" => ExprKind::Bool(false),
                    k if KEYWORDS.contains(&k) && k != "print_kw_unused" => {
                        return Err(Error::new(
                            ErrorKind::Syntax,
                            &format!("'{k}' cannot start an expression"),
                            start,
                            k.len(),
                        ))
                    }
                    _ => ExprKind::Name(n),
                }
            }
            Tok::Op("(") => {
                self.bump();
                if self.eat_op(")") {
                    ExprKind::Tuple(vec![])
                } else {
                    let first = self.expr()?;
                    if is_kw(self.peek(), "for") {
                        let c = self.comprehension(first, start, true)?;
                        self.expect_op(")")?;
                        return Ok(c);
                    }
                    if self.eat_op(")") {
                        return Ok(Expr {
                            pos: start,
                            len: self.span(start),
                            ..first
                        });
                    }
                    let mut items = vec![first];
                    while self.eat_op(",") {
                        if is_op(self.peek(), ")") {
                            break;
                        }
                        items.push(self.expr()?);
                    }
                    self.expect_op(")")?;
                    ExprKind::Tuple(items)
                }
            }
            Tok::Op("[") => {
                self.bump();
                let mut items = Vec::new();
                if !self.eat_op("]") {
                    let first = self.expr()?;
                    if is_kw(self.peek(), "for") {
                        let c = self.comprehension(first, start, false)?;
                        self.expect_op("]")?;
                        return Ok(c);
                    }
                    items.push(first);
                    while self.eat_op(",") {
                        if is_op(self.peek(), "]") {
                            break;
                        }
                        items.push(self.expr()?);
                    }
                    self.expect_op("]")?;
                }
                ExprKind::List(items)
            }
            Tok::Op("{") => return self.brace_display(start),
            _ => return Err(self.err_here("expected an expression")),
        };
        Ok(Expr {
            kind,
            pos: start,
            len: self.span(start),
        })
    }

    /// `{...}`: a dict, a set, or their comprehensions.
    fn brace_display(&mut self, start: usize) -> Result<Expr, Error> {
        self.bump();
        let mut items = Vec::new();
        let mut set = Vec::new();
        while !self.eat_op("}") {
            if self.eat_op("**") {
                return Err(self.err_here("'**' in a dict display is not supported yet"));
            }
            let k = self.expr()?;
            if items.is_empty() && (set.is_empty() || !is_op(self.peek(), ":")) {
                if is_kw(self.peek(), "for") {
                    let clauses = self.clauses()?;
                    self.expect_op("}")?;
                    return Ok(Expr {
                        kind: ExprKind::SetComp(Box::new(k), clauses),
                        pos: start,
                        len: self.span(start),
                    });
                }
                if !is_op(self.peek(), ":") {
                    set.push(k);
                    if !self.eat_op(",") {
                        self.expect_op("}")?;
                        break;
                    }
                    continue;
                }
            }
            if !set.is_empty() {
                return Err(self.err_here("expected ',' or '}' in a set"));
            }
            self.expect_op(":")?;
            let v = self.expr()?;
            if items.is_empty() && is_kw(self.peek(), "for") {
                let clauses = self.clauses()?;
                self.expect_op("}")?;
                return Ok(Expr {
                    kind: ExprKind::DictComp(Box::new(k), Box::new(v), clauses),
                    pos: start,
                    len: self.span(start),
                });
            }
            items.push((k, v));
            if !self.eat_op(",") {
                self.expect_op("}")?;
                break;
            }
        }
        let kind = if set.is_empty() {
            ExprKind::Dict(items)
        } else {
            ExprKind::Set(set)
        };
        Ok(Expr {
            kind,
            pos: start,
            len: self.span(start),
        })
    }
}
