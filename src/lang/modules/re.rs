//! `re`: regular expressions on str and bytes, with Python's functions and match objects
//! (Rust's regex engine: no look-around or back-references, and it says so).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use regex::bytes::Regex;

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, method, property, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::{HKey, Object, Value};

const M: Owner = Owner::Module("re");
const P: Owner = Owner::Type("re.Pattern");
const MT: Owner = Owner::Type("re.Match");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(M, "compile", "re.compile(pattern, flags=0)", "A compiled pattern, with the same methods as the module's functions.", "re.compile(r'\\d+').findall('a1b22')", compile),
    function(M, "search", "re.search(pattern, string, flags=0)", "The first match anywhere in the string, or None.", "re.search(r'(\\w+)\\.com', 'www.example.com').group(1)", run),
    function(M, "match", "re.match(pattern, string, flags=0)", "A match at the start of the string, or None.", "re.match(r'GET (\\S+)', 'GET /index.html HTTP/1.1').group(1)", run),
    function(M, "fullmatch", "re.fullmatch(pattern, string, flags=0)", "A match of the whole string, or None.", "re.fullmatch(r'\\d+', '443') is not None", run),
    function(M, "findall", "re.findall(pattern, string, flags=0)", "Every match: strings, or tuples when the pattern has several groups.", "re.findall(r'\\d+\\.\\d+\\.\\d+\\.\\d+', 'from 10.0.0.1 to 10.0.0.2')", run),
    function(M, "finditer", "re.finditer(pattern, string, flags=0)", "A match object for every match.", "[m.start() for m in re.finditer('a', 'banana')]", run),
    function(M, "sub", "re.sub(pattern, repl, string, count=0, flags=0)", "The string with matches replaced (\\1 and \\g<name> in repl; repl may be a function).", "re.sub(r'\\s+', ' ', 'a   b')", run),
    function(M, "subn", "re.subn(pattern, repl, string, count=0, flags=0)", "(new string, number of replacements).", "re.subn('a', 'o', 'banana')", run),
    function(M, "split", "re.split(pattern, string, maxsplit=0, flags=0)", "The string split at matches (groups in the pattern are kept).", "re.split(r'[,;]', 'a,b;c')", run),
    function(M, "escape", "re.escape(pattern)", "The text with regex special characters escaped.", "re.escape('a.b')", escape),
    property(M, "IGNORECASE", "re.IGNORECASE", "Flag: case-insensitive (also re.I).", "re.IGNORECASE", |_, _| Ok(Value::Int(2))),
    property(M, "I", "re.I", "Flag: case-insensitive.", "re.I", |_, _| { Ok(Value::Int(2)) }),
    property(M, "MULTILINE", "re.MULTILINE", "Flag: ^ and $ match at line ends (also re.M).", "re.MULTILINE", |_, _| Ok(Value::Int(8))),
    property(M, "M", "re.M", "Flag: multi-line.", "re.M", |_, _| { Ok(Value::Int(8)) }),
    property(M, "DOTALL", "re.DOTALL", "Flag: . matches a newline too (also re.S).", "re.DOTALL", |_, _| Ok(Value::Int(16))),
    property(M, "S", "re.S", "Flag: dot-all.", "re.S", |_, _| { Ok(Value::Int(16)) }),
    property(M, "VERBOSE", "re.VERBOSE", "Flag: whitespace and comments in the pattern are ignored (also re.X).", "re.VERBOSE", |_, _| Ok(Value::Int(64))),
    property(M, "X", "re.X", "Flag: verbose.", "re.X", |_, _| { Ok(Value::Int(64)) }),
    method(P, "search", "pat.search(string)", "The first match, or None.", "re.compile('b').search('abc')", pat_run, false),
    method(P, "match", "pat.match(string)", "A match at the start, or None.", "re.compile('a').match('abc')", pat_run, false),
    method(P, "fullmatch", "pat.fullmatch(string)", "A match of the whole string, or None.", "re.compile('abc').fullmatch('abc')", pat_run, false),
    method(P, "findall", "pat.findall(string)", "Every match.", "re.compile('a').findall('banana')", pat_run, false),
    method(P, "finditer", "pat.finditer(string)", "A match object for every match.", "list(re.compile('a').finditer('banana'))", pat_run, false),
    method(P, "sub", "pat.sub(repl, string, count=0)", "The string with matches replaced.", "re.compile('a').sub('o', 'banana')", pat_run, false),
    method(P, "subn", "pat.subn(repl, string, count=0)", "(new string, number of replacements).", "re.compile('a').subn('o', 'banana')", pat_run, false),
    method(P, "split", "pat.split(string, maxsplit=0)", "The string split at matches.", "re.compile(',').split('a,b')", pat_run, false),
    property(P, "pattern", "pat.pattern", "The pattern's text.", "re.compile('a+').pattern", |_, p| Ok(pattern(p)?.source.clone())),
    method(MT, "group", "m.group(*groups)", "A group's text (0 or none: the whole match), by number or name; several give a tuple.", "re.search(r'(\\d+)', 'port 80').group(1)", group, false),
    method(MT, "groups", "m.groups(default=None)", "Every group's text, as a tuple.", "re.search(r'(\\w+)@(\\w+)', 'a@b').groups()", groups, false),
    method(MT, "groupdict", "m.groupdict(default=None)", "Named groups' text, as a dict.", "re.search(r'(?P<user>\\w+)@', 'a@b').groupdict()", groups, false),
    method(MT, "start", "m.start(group=0)", "Where the match (or a group) starts.", "re.search('b', 'abc').start()", span, false),
    method(MT, "end", "m.end(group=0)", "Where the match (or a group) ends.", "re.search('b', 'abc').end()", span, false),
    method(MT, "span", "m.span(group=0)", "(start, end).", "re.search('b', 'abc').span()", span, false),
    property(MT, "string", "m.string", "The string searched.", "re.search('b', 'abc').string", |_, m| Ok(matched(m)?.subject.clone())),
    property(MT, "lastindex", "m.lastindex", "The number of the last group that matched, or None.", "re.search('(a)(b)', 'ab').lastindex", lastindex),
];

/// A compiled pattern: its regex and whether it works on str (else bytes).
pub struct Pattern {
    source: Value,
    flags: i64,
    text: bool,
    re: Regex,
    /// The same pattern anchored at the start, and at both ends, made when first needed.
    anchored: RefCell<HashMap<&'static str, Regex>>,
    names: Vec<Option<String>>,
}

impl Object for Pattern {
    fn type_name(&self) -> &'static str {
        "re.Pattern"
    }
    fn repr(&self) -> String {
        match self.flags {
            0 => format!("re.compile({})", self.source.repr()),
            f => format!("re.compile({}, {})", self.source.repr(), flag_names(f)),
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn flag_names(f: i64) -> String {
    let names: Vec<&str> = [
        (2, "re.IGNORECASE"),
        (8, "re.MULTILINE"),
        (16, "re.DOTALL"),
        (64, "re.VERBOSE"),
    ]
    .iter()
    .filter(|(b, _)| f & b != 0)
    .map(|(_, n)| *n)
    .collect();
    names.join("|")
}

/// A match: the subject, and each group's byte span in it.
pub struct Match {
    subject: Value,
    bytes: Rc<[u8]>,
    text: bool,
    groups: Vec<Option<(usize, usize)>>,
    names: Vec<Option<String>>,
}

impl Object for Match {
    fn type_name(&self) -> &'static str {
        "re.Match"
    }
    fn repr(&self) -> String {
        let (s, e) = self.groups[0].unwrap_or((0, 0));
        format!(
            "<re.Match object; span=({}, {}), match={}>",
            self.pos(s),
            self.pos(e),
            self.value(0).repr()
        )
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Match {
    /// A byte offset as Python counts positions: characters in a str.
    fn pos(&self, byte: usize) -> usize {
        if self.text {
            String::from_utf8_lossy(&self.bytes[..byte]).chars().count()
        } else {
            byte
        }
    }
    fn value(&self, g: usize) -> Value {
        match self.groups.get(g).copied().flatten() {
            Some((s, e)) => slice_value(&self.bytes[s..e], self.text),
            None => Value::None,
        }
    }
    fn index(&self, v: &Value) -> R<usize> {
        match v {
            Value::Int(i) if *i >= 0 && (*i as usize) < self.groups.len() => Ok(*i as usize),
            Value::Str(n) => self
                .names
                .iter()
                .position(|x| x.as_deref() == Some(&**n))
                .ok_or_else(|| Error::at_none(ErrorKind::Index, "no such group")),
            _ => err(ErrorKind::Index, "no such group"),
        }
    }
}

fn slice_value(b: &[u8], text: bool) -> Value {
    if text {
        Value::str(&String::from_utf8_lossy(b))
    } else {
        Value::Bytes(b.into())
    }
}

fn subject(v: &Value) -> R<(Rc<[u8]>, bool)> {
    match v {
        Value::Str(s) => Ok((s.as_bytes().into(), true)),
        Value::Bytes(b) => Ok((b.clone(), false)),
        v => err(
            ErrorKind::Type,
            format!(
                "expected string or bytes-like object, got '{}'",
                v.type_name()
            ),
        ),
    }
}

thread_local! {
    static CACHE: RefCell<HashMap<(String, bool, i64), Rc<Pattern>>> = RefCell::new(HashMap::new());
}

/// Python's pattern syntax in Rust's: the differences that matter are refused clearly.
fn translate(p: &str) -> R<String> {
    if p.contains("(?=") || p.contains("(?!") || p.contains("(?<=") || p.contains("(?<!") {
        return err(
            ErrorKind::NotImplemented,
            "look-ahead and look-behind ((?=...), (?!...), (?<=...)) are not supported in pcapsh's regular expressions",
        );
    }
    let b = p.as_bytes();
    let mut out = String::with_capacity(p.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            let c = b[i + 1];
            if c.is_ascii_digit() && c != b'0' {
                return err(
                    ErrorKind::NotImplemented,
                    "back-references (\\1 in a pattern) are not supported in pcapsh's regular expressions",
                );
            }
            if c == b'Z' {
                out.push_str("\\z");
                i += 2;
                continue;
            }
        }
        let ch = p[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    Ok(out)
}

/// Whether Python's `re.search(pattern, text, flags)` finds a match (for callers
/// outside the module, such as Scapy's `ls('pattern')`).
pub(crate) fn searches(pattern: &str, ignore_case: bool, text: &str) -> R<bool> {
    let p = compile_pattern(
        &Value::Str(Rc::new(pattern.to_string())),
        if ignore_case { 2 } else { 0 },
    )?;
    Ok(p.re.is_match(text.as_bytes()))
}

fn compile_pattern(src: &Value, flags: i64) -> R<Rc<Pattern>> {
    if let Some(p) = src.object::<Pattern>() {
        return compile_pattern(&p.source.clone(), p.flags | flags);
    }
    let (bytes, text) = subject(src)?;
    let s = String::from_utf8_lossy(&bytes).into_owned();
    let key = (s.clone(), text, flags);
    if let Some(p) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(p);
    }
    let mut prefix = String::from("(?");
    if flags & 2 != 0 {
        prefix.push('i');
    }
    if flags & 8 != 0 {
        prefix.push('m');
    }
    if flags & 16 != 0 {
        prefix.push('s');
    }
    if flags & 64 != 0 {
        prefix.push('x');
    }
    if !text {
        prefix.push_str("-u");
    }
    let body = translate(&s)?;
    let full = if prefix.len() > 2 {
        format!("{prefix}){body}")
    } else {
        body
    };
    let re = Regex::new(&full).map_err(|e| {
        Error::at_none(
            ErrorKind::Value,
            format!(
                "bad regular expression {}: {}",
                crate::pyfmt::str_repr(&s),
                e.to_string().lines().last().unwrap_or("")
            ),
        )
        .with_help("help: Python's re error class is re.error")
    })?;
    let names = re.capture_names().map(|n| n.map(String::from)).collect();
    let p = Rc::new(Pattern {
        source: src.clone(),
        flags,
        text,
        re,
        anchored: RefCell::new(HashMap::new()),
        names,
    });
    CACHE.with(|c| c.borrow_mut().insert(key, p.clone()));
    Ok(p)
}

impl Pattern {
    fn anchored(&self, kind: &'static str) -> Regex {
        if let Some(r) = self.anchored.borrow().get(kind) {
            return r.clone();
        }
        let src = self.re.as_str();
        let r = Regex::new(&match kind {
            "match" => format!("\\A(?:{src})"),
            _ => format!("\\A(?:{src})\\z"),
        })
        .unwrap_or_else(|_| self.re.clone());
        self.anchored.borrow_mut().insert(kind, r.clone());
        r
    }

    fn make_match(
        &self,
        subject: &Value,
        bytes: &Rc<[u8]>,
        caps: &regex::bytes::Captures,
    ) -> Value {
        let groups = (0..caps.len())
            .map(|i| caps.get(i).map(|m| (m.start(), m.end())))
            .collect();
        Value::Object(Rc::new(Match {
            subject: subject.clone(),
            bytes: bytes.clone(),
            text: self.text,
            groups,
            names: self.names.clone(),
        }))
    }
}

fn pattern(v: &Value) -> R<&Pattern> {
    v.as_object::<Pattern>("a compiled pattern")
}

fn matched(v: &Value) -> R<&Match> {
    v.as_object::<Match>("a match")
}

fn int_kw(call: &Call, i: usize, name: &str) -> i64 {
    match arg(call.args, call.kwargs, i, name) {
        Some(Value::Int(n)) => *n,
        _ => 0,
    }
}

fn compile(_: &mut Interp, call: &Call) -> R<Value> {
    let src = need("compile", call.args, call.kwargs, 0, "pattern")?;
    let p = compile_pattern(src, int_kw(call, 1, "flags"))?;
    Ok(Value::Object(p))
}

fn escape(_: &mut Interp, call: &Call) -> R<Value> {
    let s = need("escape", call.args, call.kwargs, 0, "pattern")?.to_str();
    let mut out = String::new();
    for c in s.chars() {
        if !(c.is_alphanumeric() || c == '_') && c.is_ascii() {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(Value::str(&out))
}

/// `re.search(p, s)` and the other module functions: compile (cached), then run.
fn run(it: &mut Interp, call: &Call) -> R<Value> {
    let src = need(call.name, call.args, call.kwargs, 0, "pattern")?;
    let flags_at = match call.name {
        "sub" | "subn" => 4,
        "split" => 3,
        _ => 2,
    };
    let p = compile_pattern(src, int_kw(call, flags_at, "flags"))?;
    let rest: Vec<Value> = call.args.iter().skip(1).cloned().collect();
    let kw: Vec<(String, Value)> = call
        .kwargs
        .iter()
        .filter(|(k, _)| k != "flags")
        .cloned()
        .collect();
    exec(it, &p, call.name, &rest, &kw)
}

fn pat_run(it: &mut Interp, pv: &Value, call: &Call) -> R<Value> {
    let p = pattern(pv)?;
    exec(it, p, call.name, call.args, call.kwargs)
}

fn exec(it: &mut Interp, p: &Pattern, name: &str, a: &[Value], k: &[(String, Value)]) -> R<Value> {
    let subj_at = usize::from(matches!(name, "sub" | "subn"));
    let subj = need(name, a, k, subj_at, "string")?.clone();
    let (bytes, text) = subject(&subj)?;
    if text != p.text {
        return err(
            ErrorKind::Type,
            if p.text {
                "cannot use a string pattern on a bytes-like object"
            } else {
                "cannot use a bytes pattern on a string-like object"
            },
        );
    }
    match name {
        "search" | "match" | "fullmatch" => {
            let re = if name == "search" {
                p.re.clone()
            } else {
                p.anchored(if name == "match" {
                    "match"
                } else {
                    "fullmatch"
                })
            };
            Ok(match re.captures(&bytes) {
                Some(c) => p.make_match(&subj, &bytes, &c),
                None => Value::None,
            })
        }
        "findall" => {
            let out =
                p.re.captures_iter(&bytes)
                    .map(|c| {
                        let g = |i: usize| {
                            c.get(i)
                                .map_or(slice_value(b"", text), |m| slice_value(m.as_bytes(), text))
                        };
                        match c.len() {
                            1 => g(0),
                            2 => g(1),
                            n => Value::Tuple(Rc::new((1..n).map(g).collect())),
                        }
                    })
                    .collect();
            Ok(Value::list(out))
        }
        "finditer" => {
            let out =
                p.re.captures_iter(&bytes)
                    .map(|c| p.make_match(&subj, &bytes, &c))
                    .collect();
            Ok(crate::lang::builtins::iterator(out, "generator"))
        }
        "sub" | "subn" => substitute(it, p, name, a, k, &subj, &bytes),
        _ => {
            let max = match arg(a, k, 1, "maxsplit") {
                Some(Value::Int(n)) if *n > 0 => *n as usize,
                _ => usize::MAX,
            };
            let mut out = Vec::new();
            let mut last = 0;
            for (n, c) in p.re.captures_iter(&bytes).enumerate() {
                if n >= max {
                    break;
                }
                let m = c.get(0).expect("group 0");
                out.push(slice_value(&bytes[last..m.start()], text));
                for i in 1..c.len() {
                    out.push(
                        c.get(i)
                            .map_or(Value::None, |g| slice_value(g.as_bytes(), text)),
                    );
                }
                last = m.end();
            }
            out.push(slice_value(&bytes[last..], text));
            Ok(Value::list(out))
        }
    }
}

/// Expands `\1`, `\g<1>`, `\g<name>` and escapes in a replacement.
fn expand(repl: &[u8], caps: &regex::bytes::Captures, names: &[Option<String>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < repl.len() {
        if repl[i] != b'\\' || i + 1 >= repl.len() {
            out.push(repl[i]);
            i += 1;
            continue;
        }
        let c = repl[i + 1];
        let group = |g: usize, out: &mut Vec<u8>| {
            if let Some(m) = caps.get(g) {
                out.extend_from_slice(m.as_bytes());
            }
        };
        match c {
            b'0'..=b'9' => {
                let mut j = i + 1;
                let mut n = 0usize;
                while j < repl.len() && repl[j].is_ascii_digit() && j < i + 3 {
                    n = n * 10 + (repl[j] - b'0') as usize;
                    j += 1;
                }
                group(n, &mut out);
                i = j;
            }
            b'g' if repl.get(i + 2) == Some(&b'<') => {
                let end = repl[i + 3..]
                    .iter()
                    .position(|&x| x == b'>')
                    .map_or(repl.len(), |p| i + 3 + p);
                let name = String::from_utf8_lossy(&repl[i + 3..end.min(repl.len())]).into_owned();
                let g = name
                    .parse::<usize>()
                    .ok()
                    .or_else(|| names.iter().position(|n| n.as_deref() == Some(&name)));
                if let Some(g) = g {
                    group(g, &mut out);
                }
                i = end + 1;
            }
            b'n' => {
                out.push(b'\n');
                i += 2;
            }
            b't' => {
                out.push(b'\t');
                i += 2;
            }
            b'\\' => {
                out.push(b'\\');
                i += 2;
            }
            _ => {
                out.push(b'\\');
                out.push(c);
                i += 2;
            }
        }
    }
    out
}

fn substitute(
    it: &mut Interp,
    p: &Pattern,
    name: &str,
    a: &[Value],
    k: &[(String, Value)],
    subj: &Value,
    bytes: &Rc<[u8]>,
) -> R<Value> {
    let repl = need(name, a, k, 0, "repl")?.clone();
    let count = match arg(a, k, 2, "count") {
        Some(Value::Int(n)) if *n > 0 => *n as usize,
        _ => usize::MAX,
    };
    let mut out = Vec::new();
    let mut last = 0;
    let mut n = 0;
    let caps: Vec<_> = p.re.captures_iter(bytes).take(count).collect();
    for c in caps {
        let m = c.get(0).expect("group 0");
        out.extend_from_slice(&bytes[last..m.start()]);
        match &repl {
            Value::Str(_) | Value::Bytes(_) => {
                let (r, _) = subject(&repl)?;
                out.extend(expand(&r, &c, &p.names));
            }
            f => {
                let mv = p.make_match(subj, bytes, &c);
                let r = it.call(f, vec![mv], vec![])?;
                let (r, _) = subject(&r)?;
                out.extend_from_slice(&r);
            }
        }
        last = m.end();
        n += 1;
    }
    out.extend_from_slice(&bytes[last..]);
    let v = slice_value(&out, p.text);
    Ok(if name == "subn" {
        Value::Tuple(Rc::new(vec![v, Value::Int(n)]))
    } else {
        v
    })
}

fn group(_: &mut Interp, mv: &Value, call: &Call) -> R<Value> {
    let m = matched(mv)?;
    if call.args.len() <= 1 {
        let g = match call.args.first() {
            Some(v) => m.index(v)?,
            None => 0,
        };
        return Ok(m.value(g));
    }
    let vals = call
        .args
        .iter()
        .map(|v| Ok(m.value(m.index(v)?)))
        .collect::<R<Vec<_>>>()?;
    Ok(Value::Tuple(Rc::new(vals)))
}

fn groups(_: &mut Interp, mv: &Value, call: &Call) -> R<Value> {
    let m = matched(mv)?;
    let default = arg(call.args, call.kwargs, 0, "default")
        .cloned()
        .unwrap_or(Value::None);
    let get = |i: usize| match m.groups[i] {
        Some(_) => m.value(i),
        None => default.clone(),
    };
    if call.name == "groups" {
        return Ok(Value::Tuple(Rc::new(
            (1..m.groups.len()).map(get).collect(),
        )));
    }
    let d = m
        .names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.as_ref().map(|n| (HKey::str(n), (Value::str(n), get(i)))))
        .collect();
    Ok(Value::dict(d))
}

fn span(_: &mut Interp, mv: &Value, call: &Call) -> R<Value> {
    let m = matched(mv)?;
    let g = match call.args.first() {
        Some(v) => m.index(v)?,
        None => 0,
    };
    let (s, e) = match m.groups[g] {
        Some((s, e)) => (m.pos(s) as i64, m.pos(e) as i64),
        None => (-1, -1),
    };
    Ok(match call.name {
        "start" => Value::Int(s),
        "end" => Value::Int(e),
        _ => Value::Tuple(Rc::new(vec![Value::Int(s), Value::Int(e)])),
    })
}

fn lastindex(_: &mut Interp, m: &Value) -> R<Value> {
    let m = matched(m)?;
    Ok(m.groups
        .iter()
        .rposition(|g| g.is_some())
        .filter(|&i| i > 0)
        .map_or(Value::None, |i| Value::Int(i as i64)))
}
