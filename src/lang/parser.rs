//! Recursive-descent parser from tokens to statements.

use super::ast::*;
use super::error::{Error, ErrorKind};
use super::lexer::{lex, Tok, Token};

pub fn parse(src: &str) -> Result<Vec<Stmt>, Error> {
    let toks = lex(src)?;
    // The parser recurses once per nesting level: refuse absurd depths rather than
    // overflow the stack.
    let mut depth = 0usize;
    for t in &toks {
        match t.tok {
            Tok::Op("(" | "[" | "{") | Tok::Indent => depth += 1,
            Tok::Op(")" | "]" | "}") | Tok::Dedent => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 100 {
            return Err(Error::new(
                ErrorKind::Syntax,
                "too many nested brackets or blocks (100 at most)",
                t.pos,
                t.len.max(1),
            ));
        }
    }
    let unary_run = toks
        .windows(2)
        .filter(|w| {
            matches!(w[0].tok, Tok::Op("-" | "+" | "~"))
                && matches!(w[1].tok, Tok::Op("-" | "+" | "~"))
        })
        .count();
    if unary_run > 1000 {
        return Err(Error::new(
            ErrorKind::Syntax,
            "expression too deeply nested",
            0,
            1,
        ));
    }
    let mut p = Parser { toks, i: 0 };
    let mut out = Vec::new();
    while !p.at_eof() {
        if p.eat_tok(&Tok::Newline) {
            continue;
        }
        out.extend(p.statement()?);
    }
    Ok(out)
}

/// True when `src` is unfinished: an open bracket or triple-quoted string, a line that
/// ends in `:` or `\\`, or an indented block not yet closed by an empty line. The shell
/// asks for more lines (`... `) while this holds.
pub fn is_incomplete(src: &str) -> bool {
    let trimmed = src.trim_end();
    if trimmed.ends_with(':') || trimmed.ends_with('\\') {
        return true;
    }
    match lex(src) {
        Err(e) => {
            e.message.contains("unterminated")
                && (src.matches("\"\"\"").count() % 2 == 1 || src.matches("'''").count() % 2 == 1)
        }
        Ok(toks) => {
            let mut depth = 0i32;
            for t in &toks {
                if let Tok::Op(o) = t.tok {
                    match o {
                        "(" | "[" | "{" => depth += 1,
                        ")" | "]" | "}" => depth -= 1,
                        _ => {}
                    }
                }
            }
            depth > 0 || opens_block(src)
        }
    }
}

/// True when `src` holds a compound statement (`for`, `if`, `def`...): in the shell its
/// block is ended by an empty line.
pub fn opens_block(src: &str) -> bool {
    src.lines().any(|l| {
        let t = l.split('#').next().unwrap_or("").trim_end();
        t.ends_with(':') && !t.starts_with(['\'', '"'])
    })
}

/// Positional and keyword arguments of a call.
type CallArgs = (Vec<Expr>, Vec<(String, Expr)>);

struct Parser {
    toks: Vec<Token>,
    i: usize,
}

fn is_op(t: &Tok, s: &str) -> bool {
    matches!(t, Tok::Op(o) if *o == s)
}

fn is_kw(t: &Tok, s: &str) -> bool {
    matches!(t, Tok::Name(n) if n == s)
}

const KEYWORDS: [&str; 29] = [
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "else",
    "elif",
    "for",
    "while",
    "def",
    "return",
    "lambda",
    "None",
    "True",
    "False",
    "break",
    "continue",
    "pass",
    "del",
    "import",
    "from",
    "print_kw_unused",
    "as",
    "try",
    "except",
    "finally",
    "raise",
    "with",
];

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.i].tok
    }
    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.i + k).min(self.toks.len() - 1)].tok
    }
    fn tok(&self) -> &Token {
        &self.toks[self.i]
    }
    fn at_eof(&self) -> bool {
        matches!(self.peek(), Tok::Eof)
    }
    fn bump(&mut self) -> Token {
        let t = self.toks[self.i].clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }
    fn eat_tok(&mut self, t: &Tok) -> bool {
        if self.peek() == t {
            self.bump();
            true
        } else {
            false
        }
    }
    fn eat_op(&mut self, s: &str) -> bool {
        if is_op(self.peek(), s) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn eat_kw(&mut self, s: &str) -> bool {
        if is_kw(self.peek(), s) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn err_here(&self, msg: &str) -> Error {
        let t = self.tok();
        let what = match &t.tok {
            Tok::Eof | Tok::Newline => "end of line".to_string(),
            Tok::Indent => "indent".to_string(),
            Tok::Dedent => "dedent".to_string(),
            Tok::Name(n) => format!("'{n}'"),
            Tok::Op(o) => format!("'{o}'"),
            Tok::Str(_) | Tok::FStr(_) => "a string".to_string(),
            Tok::Int(_) | Tok::Float(_) => "a number".to_string(),
        };
        Error::new(
            ErrorKind::Syntax,
            &format!("{msg}, found {what}"),
            t.pos,
            t.len.max(1),
        )
    }
    fn expect_op(&mut self, s: &str) -> Result<Token, Error> {
        if is_op(self.peek(), s) {
            Ok(self.bump())
        } else {
            Err(self.err_here(&format!("expected '{s}'")))
        }
    }
    fn name(&mut self) -> Result<String, Error> {
        match self.peek().clone() {
            Tok::Name(n) if !KEYWORDS.contains(&n.as_str()) => {
                self.bump();
                Ok(n)
            }
            _ => Err(self.err_here("expected a name")),
        }
    }

    fn statement(&mut self) -> Result<Vec<Stmt>, Error> {
        let start = self.tok().pos;
        match self.peek().clone() {
            Tok::Name(k) if k == "for" || k == "while" || k == "if" || k == "def" || k == "try" => {
                let s = self.compound(&k, start)?;
                Ok(vec![s])
            }
            Tok::Indent => Err(Error::new(ErrorKind::Syntax, "unexpected indent", start, 1)),
            _ => self.simple_line(),
        }
    }

    /// Simple statements separated by `;`, up to the end of the line.
    fn simple_line(&mut self) -> Result<Vec<Stmt>, Error> {
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

    fn block(&mut self) -> Result<Vec<Stmt>, Error> {
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

    fn compound(&mut self, k: &str, start: usize) -> Result<Stmt, Error> {
        self.bump();
        let kind = match k {
            "for" => {
                let target = self.target_list()?;
                if !self.eat_kw("in") {
                    return Err(self.err_here("expected 'in'"));
                }
                let iter = self.expr_list()?;
                let body = self.block()?;
                StmtKind::For(target, iter, body)
            }
            "while" => {
                let cond = self.expr()?;
                StmtKind::While(cond, self.block()?)
            }
            "try" => {
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
                StmtKind::Try(body, handlers, other, finally)
            }
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
                let mut params = Vec::new();
                while !self.eat_op(")") {
                    let p = self.name()?;
                    let default = if self.eat_op("=") {
                        Some(self.expr()?)
                    } else {
                        None
                    };
                    params.push((p, default));
                    if !self.eat_op(",") {
                        self.expect_op(")")?;
                        break;
                    }
                }
                StmtKind::Def(name, params, self.block()?)
            }
        };
        let end = self.toks[self.i.saturating_sub(1)].pos;
        Ok(Stmt {
            kind,
            pos: start,
            len: end.saturating_sub(start).max(1),
        })
    }

    fn simple(&mut self) -> Result<Stmt, Error> {
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
                    while !matches!(self.peek(), Tok::Newline | Tok::Eof)
                        && !is_op(self.peek(), ";")
                    {
                        self.bump();
                    }
                    return Ok(mk(StmtKind::Import, self));
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
    fn target_list(&mut self) -> Result<Expr, Error> {
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

    fn or_expr_no_in(&mut self) -> Result<Expr, Error> {
        if self.eat_op("(") {
            let e = self.target_list()?;
            self.expect_op(")")?;
            return Ok(e);
        }
        self.bitor()
    }

    /// Expressions separated by commas; two or more make a tuple.
    fn expr_list(&mut self) -> Result<Expr, Error> {
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
        if self.eat_kw("lambda") {
            let mut params = Vec::new();
            while !is_op(self.peek(), ":") {
                params.push(self.name()?);
                if !self.eat_op(",") {
                    break;
                }
            }
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

    fn span(&self, start: usize) -> usize {
        let t = &self.toks[self.i.saturating_sub(1)];
        (t.pos + t.len).saturating_sub(start).max(1)
    }

    fn or(&mut self) -> Result<Expr, Error> {
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

    fn and(&mut self) -> Result<Expr, Error> {
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

    fn not(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        if self.eat_kw("not") {
            let e = self.not()?;
            return Ok(Expr {
                kind: ExprKind::Unary(UnaryOp::Not, Box::new(e)),
                pos: start,
                len: self.span(start),
            });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, Error> {
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

    fn binary_level(
        &mut self,
        ops: &[&'static str],
        next: fn(&mut Parser) -> Result<Expr, Error>,
    ) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let mut e = next(self)?;
        loop {
            let op = match self.peek() {
                Tok::Op(o) if ops.contains(o) => BinOp::from_symbol(o),
                _ => None,
            };
            let Some(op) = op else { break };
            self.bump();
            let r = next(self)?;
            e = Expr {
                kind: ExprKind::Binary(op, Box::new(e), Box::new(r)),
                pos: start,
                len: self.span(start),
            };
        }
        Ok(e)
    }

    fn bitor(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["|"], Parser::bitxor)
    }
    fn bitxor(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["^"], Parser::bitand)
    }
    fn bitand(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["&"], Parser::shift)
    }
    fn shift(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["<<", ">>"], Parser::arith)
    }
    fn arith(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["+", "-"], Parser::term)
    }
    fn term(&mut self) -> Result<Expr, Error> {
        self.binary_level(&["*", "/", "//", "%"], Parser::unary)
    }

    fn unary(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        for op in [UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Invert] {
            if self.eat_op(op.symbol()) {
                let e = self.unary()?;
                return Ok(Expr {
                    kind: ExprKind::Unary(op, Box::new(e)),
                    pos: start,
                    len: self.span(start),
                });
            }
        }
        self.power()
    }

    fn power(&mut self) -> Result<Expr, Error> {
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

    fn postfix(&mut self) -> Result<Expr, Error> {
        let start = self.tok().pos;
        let mut e = self.atom()?;
        loop {
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

    fn subscript(&mut self) -> Result<Expr, Error> {
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

    fn call_args(&mut self) -> Result<CallArgs, Error> {
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        while !self.eat_op(")") {
            if let (Tok::Name(n), true) = (self.peek().clone(), is_op(self.peek_at(1), "=")) {
                self.bump();
                self.bump();
                kwargs.push((n, self.expr()?));
            } else {
                let e = self.expr()?;
                if is_kw(self.peek(), "for") {
                    let start = e.pos;
                    let comp = self.comprehension(e, start)?;
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

    fn comprehension(&mut self, elt: Expr, start: usize) -> Result<Expr, Error> {
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
        Ok(Expr {
            kind: ExprKind::ListComp(Box::new(elt), clauses),
            pos: start,
            len: self.span(start),
        })
    }

    fn atom(&mut self) -> Result<Expr, Error> {
        let t = self.tok().clone();
        let start = t.pos;
        let kind = match t.tok {
            Tok::Int(i) => {
                self.bump();
                ExprKind::Int(i)
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
                        let c = self.comprehension(first, start)?;
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
                        let c = self.comprehension(first, start)?;
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
            Tok::Op("{") => {
                self.bump();
                let mut items = Vec::new();
                while !self.eat_op("}") {
                    let k = self.expr()?;
                    self.expect_op(":")?;
                    let v = self.expr()?;
                    items.push((k, v));
                    if !self.eat_op(",") {
                        self.expect_op("}")?;
                        break;
                    }
                }
                ExprKind::Dict(items)
            }
            _ => return Err(self.err_here("expected an expression")),
        };
        Ok(Expr {
            kind,
            pos: start,
            len: self.span(start),
        })
    }
}

/// The name in an `except` clause: `KeyError`, `scapy.error.Scapy_Exception`.
fn exception_name(e: &Expr) -> Result<String, Error> {
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

fn check_target(e: &Expr) -> Result<(), Error> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Index(..) => Ok(()),
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().try_for_each(check_target),
        _ => Err(Error::new(
            ErrorKind::Syntax,
            "cannot assign to this expression",
            e.pos,
            e.len,
        )),
    }
}

/// Splits an f-string into literal text and `{expr!c:spec}` fields.
fn fstring_parts(s: &str, pos: usize) -> Result<Vec<FPart>, Error> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' && chars.get(i + 1) == Some(&'{') {
            lit.push('{');
            i += 2;
        } else if c == '}' && chars.get(i + 1) == Some(&'}') {
            lit.push('}');
            i += 2;
        } else if c == '{' {
            let mut depth = 1;
            let mut j = i + 1;
            while j < chars.len() && depth > 0 {
                match chars[j] {
                    '{' | '[' | '(' => depth += 1,
                    '}' | ']' | ')' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    "f-string: expecting '}'",
                    pos,
                    1,
                ));
            }
            let inner: String = chars[i + 1..j].iter().collect();
            // Split off !conv and :spec at the top level.
            let (mut expr_text, mut spec, mut conv) = (inner.clone(), String::new(), None);
            let mut d = 0;
            for (k, ch) in inner.char_indices() {
                match ch {
                    '[' | '(' | '{' => d += 1,
                    ']' | ')' | '}' => d -= 1,
                    ':' if d == 0 => {
                        expr_text = inner[..k].to_string();
                        spec = inner[k + 1..].to_string();
                        break;
                    }
                    _ => {}
                }
            }
            if let Some(k) = expr_text.rfind('!') {
                if !expr_text[k..].starts_with("!=") {
                    conv = expr_text[k + 1..].chars().next();
                    expr_text = expr_text[..k].to_string();
                }
            }
            let toks = parse(&expr_text).map_err(|mut e| {
                e.pos = pos;
                e
            })?;
            let expr = match toks.into_iter().next() {
                Some(Stmt {
                    kind: StmtKind::Expr(e),
                    ..
                }) => e,
                _ => {
                    return Err(Error::new(
                        ErrorKind::Syntax,
                        "f-string: bad expression",
                        pos,
                        1,
                    ))
                }
            };
            if !lit.is_empty() {
                parts.push(FPart::Lit(std::mem::take(&mut lit)));
            }
            parts.push(FPart::Expr(relocate(expr, pos), conv, spec));
            i = j + 1;
        } else {
            lit.push(c);
            i += 1;
        }
    }
    if !lit.is_empty() {
        parts.push(FPart::Lit(lit));
    }
    Ok(parts)
}

/// Points an f-string field's spans at the f-string itself.
fn relocate(mut e: Expr, pos: usize) -> Expr {
    e.pos = pos;
    e.len = 1;
    e
}
