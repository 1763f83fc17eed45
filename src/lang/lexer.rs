//! Tokens of the pcapsh language (a small Python), with their byte offsets. Indentation
//! becomes INDENT/DEDENT tokens; newlines inside brackets are ignored, as in Python.

use super::error::{Error, ErrorKind};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Name(String),
    Int(i64),
    /// An integer literal beyond 64 bits.
    Big(std::rc::Rc<num_bigint::BigInt>),
    Float(f64),
    Str(String),
    /// An f-string's raw text, parsed later.
    FStr(String),
    /// A bytes literal, `b'...'`.
    Bytes(Vec<u8>),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    Eof,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub pos: usize,
    pub len: usize,
}

const OPS: [&str; 45] = [
    "**=", "//=", ">>=", "<<=", "...", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=",
    "|=", "^=", "**", "//", "<<", ">>", "->", "+", "-", "*", "/", "%", "<", ">", "=", "(", ")",
    "[", "]", "{", "}", ",", ":", ".", ";", "@", "&", "|", "^", "~",
];

pub fn lex(src: &str) -> Result<Vec<Token>, Error> {
    let b = src.as_bytes();
    let mut out: Vec<Token> = Vec::new();
    let mut indents = vec![0usize];
    let mut depth = 0i32;
    let mut i = 0;
    let mut at_line_start = true;
    while i < b.len() {
        if at_line_start && depth == 0 {
            match indentation(b, i, &mut indents, &mut out)? {
                Line::Blank(next) => i = next,
                Line::Starts(at) => {
                    i = at;
                    at_line_start = false;
                }
            }
            continue;
        }
        let c = b[i];
        match c {
            b'\n' => {
                if depth == 0 {
                    if !matches!(out.last().map(|t| &t.tok), Some(Tok::Newline) | None) {
                        out.push(Token {
                            tok: Tok::Newline,
                            pos: i,
                            len: 1,
                        });
                    }
                    at_line_start = true;
                }
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'\\' if b.get(i + 1) == Some(&b'\n') => i += 2,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'0'..=b'9' => {
                let start = i;
                let tok;
                (tok, i) = number(src, start)?;
                out.push(Token {
                    tok,
                    pos: start,
                    len: i - start,
                });
            }
            c if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => i = word(src, i, &mut out)?,
            b'\'' | b'"' => {
                let (s, end) = string(src, i, false)?;
                out.push(Token {
                    tok: Tok::Str(s),
                    pos: i,
                    len: end - i,
                });
                i = end;
            }
            _ => {
                let op = OPS.iter().find(|op| src[i..].starts_with(**op));
                match op {
                    Some(op) => {
                        match *op {
                            "(" | "[" | "{" => depth += 1,
                            ")" | "]" | "}" => depth = (depth - 1).max(0),
                            _ => {}
                        }
                        out.push(Token {
                            tok: Tok::Op(op),
                            pos: i,
                            len: op.len(),
                        });
                        i += op.len();
                    }
                    None => {
                        let ch = src[i..].chars().next().unwrap_or('?');
                        return Err(Error::new(
                            ErrorKind::Syntax,
                            &format!("invalid character '{ch}'"),
                            i,
                            1,
                        ));
                    }
                }
            }
        }
    }
    if !matches!(out.last().map(|t| &t.tok), Some(Tok::Newline) | None) {
        out.push(Token {
            tok: Tok::Newline,
            pos: b.len(),
            len: 0,
        });
    }
    while indents.len() > 1 {
        indents.pop();
        out.push(Token {
            tok: Tok::Dedent,
            pos: b.len(),
            len: 0,
        });
    }
    out.push(Token {
        tok: Tok::Eof,
        pos: b.len(),
        len: 0,
    });
    Ok(out)
}

/// After `rdpcap`, an unquoted file name (with or without parentheses): its start, text
/// and end. Only text that cannot be an expression counts: no quotes, spaces or operators
/// other than `/ . - _ ~ +`, and a slash or a capture file's extension.
fn bare_path_arg(src: &str, mut i: usize) -> Option<(usize, String, usize)> {
    let b = src.as_bytes();
    let paren = b.get(i) == Some(&b'(');
    if paren {
        i += 1;
    } else if b.get(i) == Some(&b' ') {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
    } else {
        return None;
    }
    let start = i;
    while i < b.len()
        && (b[i].is_ascii_alphanumeric()
            || matches!(b[i], b'/' | b'.' | b'-' | b'_' | b'~' | b'+')
            || b[i] >= 0x80)
    {
        i += 1;
    }
    let text = &src[start..i];
    let stop_ok = if paren {
        b.get(i) == Some(&b')')
    } else {
        matches!(b.get(i), None | Some(b';' | b'\n' | b'\r' | b' ' | b'#'))
    };
    // `a.b` would be an attribute: a file name needs a slash or a capture's extension;
    // inside parentheses (`rdpcap(args.pcap)` is Python), something no expression has.
    let looks_like_path = if paren {
        text.contains(['/', '-', '~'])
    } else {
        text.contains('/')
            || [".pcap", ".pcapng", ".cap", ".gz"]
                .iter()
                .any(|e| text.ends_with(e))
    };
    (stop_ok && looks_like_path).then(|| (start, text.to_string(), i))
}

/// Reads a string literal starting at the quote `at`; returns its value and end offset.
fn string(src: &str, at: usize, raw: bool) -> Result<(String, usize), Error> {
    let b = src.as_bytes();
    let q = b[at];
    let triple = b.len() >= at + 3 && b[at + 1] == q && b[at + 2] == q;
    let mut i = at + if triple { 3 } else { 1 };
    let mut s = String::new();
    loop {
        if i >= b.len() || (!triple && b[i] == b'\n') {
            // A triple-quoted string may go on in the lines to come (the shell asks for them).
            let kind = if triple && i >= b.len() {
                ErrorKind::Incomplete
            } else {
                ErrorKind::Syntax
            };
            return Err(Error::new(kind, "unterminated string literal", at, 1));
        }
        if b[i] == q && (!triple || (b.len() >= i + 3 && b[i + 1] == q && b[i + 2] == q)) {
            i += if triple { 3 } else { 1 };
            return Ok((s, i));
        }
        if b[i] == b'\\' && i + 1 < b.len() {
            let e = b[i + 1];
            if raw {
                // The backslash stays, and an escaped quote does not end the string; a
                // character after it that is not ASCII is read whole, below.
                s.push('\\');
                i += 1;
                if e.is_ascii() {
                    s.push(e as char);
                    i += 1;
                }
                continue;
            }
            i += 2;
            match e {
                b'n' => s.push('\n'),
                b't' => s.push('\t'),
                b'r' => s.push('\r'),
                b'0' => s.push('\0'),
                b'\\' => s.push('\\'),
                b'\'' => s.push('\''),
                b'"' => s.push('"'),
                b'\n' => {}
                b'x' if i + 2 <= b.len() => {
                    if let Some(v) = src
                        .get(i..i + 2)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                    {
                        s.push(v as char);
                        i += 2;
                    } else {
                        s.push_str("\\x");
                    }
                }
                _ => {
                    s.push('\\');
                    i -= 1;
                }
            }
            continue;
        }
        let ch = src[i..].chars().next().unwrap();
        s.push(ch);
        i += ch.len_utf8();
    }
}

/// An integer literal's digits as a token: `Int` while it fits in 64 bits, else `Big`.
fn int_token(digits: &str, radix: u32) -> Option<Tok> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let n = num_bigint::BigInt::parse_bytes(digits.as_bytes(), radix)?;
    Some(match num_traits::ToPrimitive::to_i64(&n) {
        Some(i) => Tok::Int(i),
        None => Tok::Big(std::rc::Rc::new(n)),
    })
}

/// A number literal starting at `start`: the token and where it ends.
fn number(src: &str, start: usize) -> Result<(Tok, usize), Error> {
    let b = src.as_bytes();
    let c = b[start];
    let mut i = start;
    let radix = match b.get(i + 1) {
        Some(b'x' | b'X') if c == b'0' => Some((16, "hexadecimal")),
        Some(b'o' | b'O') if c == b'0' => Some((8, "octal")),
        Some(b'b' | b'B') if c == b'0' => Some((2, "binary")),
        _ => None,
    };
    let tok = if let Some((radix, name)) = radix {
        i += 2;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        let t: String = src[start + 2..i].chars().filter(|&c| c != '_').collect();
        int_token(&t, radix).ok_or_else(|| {
            Error::new(
                ErrorKind::Syntax,
                &format!("invalid {name} literal"),
                start,
                i - start,
            )
        })?
    } else {
        let mut float = false;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
        if i < b.len()
            && b[i] == b'.'
            && b.get(i + 1)
                .is_none_or(|c| c.is_ascii_digit() || !c.is_ascii_alphabetic())
        {
            float = true;
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            let save = i;
            i += 1;
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                i += 1;
            }
            if i < b.len() && b[i].is_ascii_digit() {
                float = true;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            } else {
                i = save;
            }
        }
        let t: String = src[start..i].chars().filter(|&c| c != '_').collect();
        if float {
            Tok::Float(t.parse().unwrap_or(0.0))
        } else {
            if let Err(e) = crate::lang::bigint::check_decimal_digits(t.len()) {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    &format!(
                        "{} - Consider hexadecimal for huge integer literals to avoid \
                         decimal conversion limits.",
                        e.message
                    ),
                    start,
                    i - start,
                ));
            }
            int_token(&t, 10).ok_or_else(|| {
                Error::new(
                    ErrorKind::Syntax,
                    "invalid decimal literal",
                    start,
                    i - start,
                )
            })?
        }
    };
    Ok((tok, i))
}

/// What the start of a line holds.
enum Line {
    /// Nothing but blanks or a comment: the next line starts here.
    Blank(usize),
    /// A statement, starting here.
    Starts(usize),
}

/// Measures a line's indentation, pushing Indent or Dedent tokens; blank and
/// comment-only lines are skipped.
fn indentation(
    b: &[u8],
    i: usize,
    indents: &mut Vec<usize>,
    out: &mut Vec<Token>,
) -> Result<Line, Error> {
    // Measure indentation; skip blank and comment-only lines.
    let mut j = i;
    let mut col = 0;
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        col += if b[j] == b'\t' { 8 - col % 8 } else { 1 };
        j += 1;
    }
    if j >= b.len() || b[j] == b'\n' || b[j] == b'#' || b[j] == b'\r' {
        while j < b.len() && b[j] != b'\n' {
            j += 1;
        }
        return Ok(Line::Blank(j + 1));
    }
    let cur = *indents.last().unwrap_or(&0);
    if col > cur {
        indents.push(col);
        out.push(Token {
            tok: Tok::Indent,
            pos: j,
            len: 0,
        });
    } else {
        while col < *indents.last().unwrap_or(&0) {
            indents.pop();
            out.push(Token {
                tok: Tok::Dedent,
                pos: j,
                len: 0,
            });
        }
        if col != *indents.last().unwrap_or(&0) {
            return Err(Error::new(
                ErrorKind::Syntax,
                "unindent does not match any outer indentation level",
                j,
                1,
            ));
        }
    }
    Ok(Line::Starts(j))
}

/// A name starting at `i` (or a prefixed string literal, `b'..'`, `f"..."`), pushed to
/// `out`; returns where it ends. `rdpcap` followed by a bare path reads the path as a
/// string.
fn word(src: &str, mut i: usize, out: &mut Vec<Token>) -> Result<usize, Error> {
    let b = src.as_bytes();
    let start = i;
    while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric() || b[i] >= 0x80) {
        i += 1;
    }
    let word = &src[start..i];
    // String prefixes: r, b, f, rb, br, fr, rf (any case).
    let lower = word.to_ascii_lowercase();
    if i < b.len()
        && (b[i] == b'\'' || b[i] == b'"')
        && matches!(
            lower.as_str(),
            "r" | "b" | "f" | "rb" | "br" | "fr" | "rf" | "u"
        )
    {
        let raw = lower.contains('r');
        let (s, end) = string(src, i, raw)?;
        let tok = if lower.contains('f') {
            Tok::FStr(s)
        } else if lower.contains('b') {
            if let Some(c) = s.chars().find(|c| *c as u32 > 0xff) {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    &format!("bytes can only contain ASCII literal characters, not {c:?}"),
                    start,
                    end - start,
                ));
            }
            Tok::Bytes(s.chars().map(|c| c as u8).collect())
        } else {
            Tok::Str(s)
        };
        out.push(Token {
            tok,
            pos: start,
            len: end - start,
        });
        i = end;
    } else {
        out.push(Token {
            tok: Tok::Name(word.to_string()),
            pos: start,
            len: i - start,
        });
        if word == "rdpcap" {
            if let Some((path_start, path, end)) = bare_path_arg(src, i) {
                // `rdpcap samples/x.pcap` and `rdpcap(samples/x.pcap)`: the
                // path needs no quotes.
                out.push(Token {
                    tok: Tok::Op("("),
                    pos: i,
                    len: 0,
                });
                out.push(Token {
                    tok: Tok::Str(path),
                    pos: path_start,
                    len: end - path_start,
                });
                out.push(Token {
                    tok: Tok::Op(")"),
                    pos: end,
                    len: 0,
                });
                i = end;
                if src[i..].starts_with(')') {
                    i += 1;
                }
            }
        }
    }
    Ok(i)
}
