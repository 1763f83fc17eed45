//! f-strings: literal parts and the expressions inside braces.

use super::*;

/// Splits an f-string into literal text and `{expr!c:spec}` fields.
pub(super) fn fstring_parts(s: &str, pos: usize) -> Result<Vec<FPart>, Error> {
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
                let len = e.span.map_or(1, |s| s.len);
                e.span = Some(crate::lang::error::Span { pos, len });
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
pub(super) fn relocate(mut e: Expr, pos: usize) -> Expr {
    e.pos = pos;
    e.len = 1;
    e
}
