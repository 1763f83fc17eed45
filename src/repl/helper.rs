//! Completion, hints and colouring, from the values the shell holds right now.

use std::borrow::Cow;

use owo_colors::OwoColorize;
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use crate::lang::commands::{self, Owner};
use crate::lang::{Interp, Value};

pub struct ShellHelper {
    color: bool,
    /// A copy of the shell's variables, to look up `a[0].` and `s['k'].` for completion.
    scratch: std::cell::RefCell<Option<Interp>>,
    /// Variables, builtins and layer names.
    names: Vec<String>,
    /// Each variable's attributes, looked up on its value.
    attrs: Vec<(String, Vec<String>)>,
    /// Each sessions variable's keys, for `s['<TAB>`.
    keys: Vec<(String, Vec<String>)>,
}

impl ShellHelper {
    pub fn new(color: bool) -> ShellHelper {
        ShellHelper {
            color,
            scratch: std::cell::RefCell::new(None),
            names: vec![],
            attrs: vec![],
            keys: vec![],
        }
    }

    pub fn refresh(&mut self, interp: &Interp) {
        let mut scratch = Interp::new(
            Box::new(std::io::sink()),
            Box::new(std::io::sink()),
            Default::default(),
        );
        scratch.globals = interp.globals.clone();
        *self.scratch.borrow_mut() = Some(scratch);
        let mut names: Vec<String> = interp.globals.keys().cloned().collect();
        names.extend(commands::methods_of(Owner::Builtin).map(|c| c.name.to_string()));
        names.extend(crate::dissect::layers::classes().map(|c| c.name.to_string()));
        names.sort();
        names.dedup();
        self.names = names;
        self.attrs = interp
            .globals
            .iter()
            .map(|(k, v)| (k.clone(), crate::lang::attributes(v)))
            .collect();
        self.keys = interp
            .globals
            .iter()
            .filter_map(|(k, v)| match v {
                Value::Sessions(s) => Some((
                    k.clone(),
                    s.key_texts().iter().map(|t| t.to_string()).collect(),
                )),
                _ => None,
            })
            .collect();
    }

    /// Candidates for the text before the cursor: (where they start, candidates).
    fn candidates(&self, before: &str) -> (usize, Vec<String>) {
        // Session keys inside s['...
        if let Some(q) = before.rfind(['\'', '"']) {
            let head = &before[..q];
            let quotes = before.matches(['\'', '"']).count();
            if quotes % 2 == 1 {
                if let Some(var) = head.strip_suffix('[') {
                    let var = var
                        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                        .unwrap_or("");
                    let prefix = &before[q + 1..];
                    if let Some((_, keys)) = self.keys.iter().find(|(n, _)| n == var) {
                        return (
                            q + 1,
                            keys.iter()
                                .filter(|k| k.starts_with(prefix))
                                .cloned()
                                .collect(),
                        );
                    }
                }
                let call = head.trim_end_matches(' ');
                if call.ends_with("rdpcap(") || call.ends_with("wrpcap(") {
                    return (q + 1, complete_path(&before[q + 1..]));
                }
                return (before.len(), vec![]);
            }
        }
        let start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .map_or(0, |i| i + 1);
        let word = &before[start..];
        // `a[0].ti`, `s['UDP ...'].su`: the value before the dot, looked up for real.
        if let Some(dot) = before.rfind('.') {
            let prefix = &before[dot + 1..];
            if prefix.chars().all(|c| c.is_alphanumeric() || c == '_')
                && before[..dot].ends_with(']')
            {
                if let Some(expr_start) = expression_start(&before[..dot]) {
                    let expr = &before[expr_start..dot];
                    let value = self
                        .scratch
                        .borrow_mut()
                        .as_mut()
                        .and_then(|i| i.peek(expr));
                    let attrs = value.map_or(vec![], |v| crate::lang::attributes(&v));
                    return (
                        dot + 1,
                        attrs
                            .into_iter()
                            .filter(|a| a.starts_with(prefix))
                            .collect(),
                    );
                }
            }
        }
        if let Some(dot) = word.rfind('.') {
            let (obj, prefix) = (&word[..dot], &word[dot + 1..]);
            let found = self.attrs.iter().find(|(n, _)| n == obj);
            let c = found.map_or(vec![], |(_, attrs)| {
                attrs
                    .iter()
                    .filter(|a| a.starts_with(prefix))
                    .cloned()
                    .collect()
            });
            return (start + dot + 1, c);
        }
        if word.is_empty() {
            return (start, vec![]);
        }
        (
            start,
            self.names
                .iter()
                .filter(|n| n.starts_with(word))
                .cloned()
                .collect(),
        )
    }
}

/// Where the expression that ends `text` starts: a name followed by `[...]` groups.
fn expression_start(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = b.len();
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    while i > 0 {
        let c = b[i - 1];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                b']' => depth += 1,
                b'[' => depth -= 1,
                c if depth == 0 && !(c.is_ascii_alphanumeric() || c == b'_') => break,
                _ => {}
            },
        }
        i -= 1;
    }
    (depth == 0 && quote.is_none() && i < b.len()).then_some(i)
}

fn complete_path(prefix: &str) -> Vec<String> {
    let (dir, file) = match prefix.rfind('/') {
        Some(i) => (&prefix[..=i], &prefix[i + 1..]),
        None => ("", prefix),
    };
    let Ok(rd) = std::fs::read_dir(if dir.is_empty() { "." } else { dir }) else {
        return vec![];
    };
    let mut out: Vec<String> = rd
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(file) || (name.starts_with('.') && !file.starts_with('.')) {
                return None;
            }
            let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
            Some(format!("{dir}{name}{}", if is_dir { "/" } else { "" }))
        })
        .collect();
    out.sort();
    out
}

impl Helper for ShellHelper {}

impl Validator for ShellHelper {}

impl Completer for ShellHelper {
    type Candidate = Pair;
    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, c) = self.candidates(&line[..pos]);
        Ok((
            start,
            c.into_iter()
                .map(|s| Pair {
                    display: s.clone(),
                    replacement: s,
                })
                .collect(),
        ))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
    /// The rest of the one name that completes what is typed.
    fn hint(&self, line: &str, pos: usize, _: &Context<'_>) -> Option<String> {
        if pos < line.len() || line.is_empty() {
            return None;
        }
        let (start, c) = self.candidates(line);
        match c.as_slice() {
            [one] if one.len() > pos - start => Some(one[pos - start..].to_string()),
            _ => None,
        }
    }
}

const KEYWORDS: [&str; 22] = [
    "for", "in", "if", "elif", "else", "while", "def", "return", "lambda", "and", "or", "not",
    "is", "break", "continue", "pass", "del", "print", "import", "from", "True", "False",
];

impl Highlighter for ShellHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.color {
            return Cow::Borrowed(line);
        }
        Cow::Owned(colorize(line))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if !self.color {
            return Cow::Borrowed(hint);
        }
        Cow::Owned(hint.dimmed().to_string())
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _forced: bool) -> bool {
        self.color
    }
}

/// Colours keywords, builtins, strings, numbers and comments, keeping every character.
pub fn colorize(line: &str) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '#' {
            let rest: String = chars[i..].iter().collect();
            out.push_str(&rest.dimmed().to_string());
            break;
        }
        if c == '\'' || c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != c {
                if chars[j] == '\\' {
                    j += 1;
                }
                j += 1;
            }
            let end = (j + 1).min(chars.len());
            let s: String = chars[i..end].iter().collect();
            out.push_str(&s.green().to_string());
            i = end;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '.') {
                j += 1;
            }
            let s: String = chars[i..j].iter().collect();
            out.push_str(&s.cyan().to_string());
            i = j;
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let w: String = chars[i..j].iter().collect();
            let after_dot = i > 0 && chars[i - 1] == '.';
            if KEYWORDS.contains(&w.as_str()) {
                out.push_str(&w.magenta().to_string());
            } else if !after_dot && commands::find_builtin(&w).is_some() {
                out.push_str(&w.blue().to_string());
            } else if !after_dot && crate::dissect::layers::class_by_name(&w).is_some() {
                out.push_str(&w.yellow().to_string());
            } else {
                out.push_str(&w);
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colouring_keeps_the_text() {
        let line = "for p in a[:3]: print(p.summary(), 'x', 42) # done";
        let plain: String = {
            let s = colorize(line);
            let mut out = String::new();
            let mut esc = false;
            for ch in s.chars() {
                match (esc, ch) {
                    (false, '\x1b') => esc = true,
                    (true, 'm') => esc = false,
                    (true, _) => {}
                    (false, c) => out.push(c),
                }
            }
            out
        };
        assert_eq!(plain, line);
    }

    #[test]
    fn completes_attributes_keys_and_names() {
        let mut h = ShellHelper::new(false);
        h.names = vec!["rdpcap".into(), "range".into()];
        h.attrs = vec![("a".into(), vec!["sessions".into(), "summary".into()])];
        h.keys = vec![(
            "s".into(),
            vec!["TCP 1.2.3.4:1 > 5.6.7.8:80".into(), "UDP x".into()],
        )];
        assert_eq!(h.candidates("a.ses"), (2, vec!["sessions".to_string()]));
        assert_eq!(
            h.candidates("x = s['TC").1,
            vec!["TCP 1.2.3.4:1 > 5.6.7.8:80".to_string()]
        );
        assert_eq!(h.candidates("rd"), (0, vec!["rdpcap".to_string()]));
        assert_eq!(h.candidates("ra").1, vec!["range".to_string()]);
    }

    #[test]
    fn completes_on_the_value_an_expression_names() {
        let mut interp = Interp::new(
            Box::new(std::io::sink()),
            Box::new(std::io::sink()),
            Default::default(),
        );
        interp
            .run(concat!(
                "a = rdpcap('",
                env!("CARGO_MANIFEST_DIR"),
                "/samples/blogexample.pcap'); s = a.sessions()"
            ))
            .unwrap();
        let mut h = ShellHelper::new(false);
        h.refresh(&interp);
        let (at, c) = h.candidates("x = a[12].sp");
        assert_eq!(
            (at, c),
            (10, vec!["sprintf".to_string(), "sport".to_string()])
        );
        let (_, c) = h.candidates("s['UDP 10.99.0.1:33312 > 10.99.0.2:53'].ti");
        assert_eq!(c, vec!["time".to_string(), "times".to_string()]);
        assert!(h
            .candidates("a[0][IPv6].hl")
            .1
            .contains(&"hlim".to_string()));
        // Calls are never made to complete.
        assert!(h.candidates("a.filter(lambda p: 1)[0].sp").1.is_empty());
    }
}
