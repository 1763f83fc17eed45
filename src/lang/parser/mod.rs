//! Recursive-descent parser from tokens to statements.

mod expr;
mod fstring;
mod stmt;

use fstring::fstring_parts;

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
    let mut p = Parser {
        toks,
        i: 0,
        yields: false,
        nest: 0,
    };
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
    // A decorator line waits for the definition it decorates.
    if trimmed
        .lines()
        .last()
        .is_some_and(|l| l.trim_start().starts_with('@'))
    {
        return true;
    }
    match lex(src) {
        Err(e) => {
            e.kind == ErrorKind::Incomplete
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

/// Whether a script reads as a Python program (it begins with a docstring, or imports a
/// module at its top level): its expression statements then show nothing, as in Python,
/// whatever the file's name. Other `.pcapsh` scripts show values as the prompt does.
pub fn is_python_program(src: &str) -> bool {
    let Ok(stmts) = parse(src) else {
        return false;
    };
    let docstring = matches!(
        stmts.first().map(|s| &s.kind),
        Some(StmtKind::Expr(Expr {
            kind: ExprKind::Str(_),
            ..
        }))
    );
    docstring
        || stmts
            .iter()
            .any(|s| matches!(s.kind, StmtKind::Import(_) | StmtKind::FromImport(..)))
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
    /// Whether the function being parsed has seen `yield`.
    yields: bool,
    /// Prefix operators (`not`, `-`) open around the expression being parsed.
    nest: usize,
}

/// The deepest expression a statement may build, as CPython's compiler allows (about
/// 3,000 levels): running and dropping it recurse once per level.
const MAX_CHAIN: usize = 2_900;

fn is_op(t: &Tok, s: &str) -> bool {
    matches!(t, Tok::Op(o) if *o == s)
}

fn is_kw(t: &Tok, s: &str) -> bool {
    matches!(t, Tok::Name(n) if n == s)
}

const KEYWORDS: [&str; 35] = [
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
    "class",
    "global",
    "nonlocal",
    "yield",
    "assert",
    "async",
];

impl Parser {
    pub(super) fn peek(&self) -> &Tok {
        &self.toks[self.i].tok
    }
    pub(super) fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.i + k).min(self.toks.len() - 1)].tok
    }
    pub(super) fn tok(&self) -> &Token {
        &self.toks[self.i]
    }
    pub(super) fn at_eof(&self) -> bool {
        matches!(self.peek(), Tok::Eof)
    }
    pub(super) fn bump(&mut self) -> Token {
        let t = self.toks[self.i].clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }
    pub(super) fn eat_tok(&mut self, t: &Tok) -> bool {
        if self.peek() == t {
            self.bump();
            true
        } else {
            false
        }
    }
    pub(super) fn eat_op(&mut self, s: &str) -> bool {
        if is_op(self.peek(), s) {
            self.bump();
            true
        } else {
            false
        }
    }
    pub(super) fn eat_kw(&mut self, s: &str) -> bool {
        if is_kw(self.peek(), s) {
            self.bump();
            true
        } else {
            false
        }
    }
    /// Refuses an operator chain deeper than [`MAX_CHAIN`] with Python's RecursionError.
    pub(super) fn check_chain(&self, links: usize) -> Result<(), Error> {
        if links > MAX_CHAIN {
            let t = self.tok();
            return Err(Error::new(
                ErrorKind::Recursion,
                "maximum recursion depth exceeded during compilation",
                t.pos,
                t.len.max(1),
            ));
        }
        Ok(())
    }

    pub(super) fn err_here(&self, msg: &str) -> Error {
        let t = self.tok();
        let what = match &t.tok {
            Tok::Eof | Tok::Newline => "end of line".to_string(),
            Tok::Indent => "indent".to_string(),
            Tok::Dedent => "dedent".to_string(),
            Tok::Name(n) => format!("'{n}'"),
            Tok::Op(o) => format!("'{o}'"),
            Tok::Str(_) | Tok::FStr(_) => "a string".to_string(),
            Tok::Bytes(_) => "bytes".to_string(),
            Tok::Int(_) | Tok::Big(_) | Tok::Float(_) => "a number".to_string(),
        };
        Error::new(
            ErrorKind::Syntax,
            &format!("{msg}, found {what}"),
            t.pos,
            t.len.max(1),
        )
    }
    pub(super) fn expect_op(&mut self, s: &str) -> Result<Token, Error> {
        if is_op(self.peek(), s) {
            Ok(self.bump())
        } else {
            Err(self.err_here(&format!("expected '{s}'")))
        }
    }
    pub(super) fn name(&mut self) -> Result<String, Error> {
        match self.peek().clone() {
            Tok::Name(n) if !KEYWORDS.contains(&n.as_str()) => {
                self.bump();
                Ok(n)
            }
            _ => Err(self.err_here("expected a name")),
        }
    }
}
