//! `csv`: writers and readers of comma-separated rows, quoting as Python's csv module does
//! (QUOTE_MINIMAL, "\r\n" line ends).

use std::cell::RefCell;
use std::rc::Rc;

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, method, property, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, hashable, Interp, R};
use crate::lang::value::{HKey, Object, Value};

const M: Owner = Owner::Module("csv");
const W: Owner = Owner::Type("_csv.writer");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(M, "writer", "csv.writer(f, delimiter=',', quoting=csv.QUOTE_MINIMAL, lineterminator='\\r\\n')", "Writes rows (lists) to a file as CSV: w.writerow(row), w.writerows(rows).", "csv.writer(sys.stdout).writerow(['src', 'dst', 3])", writer),
    function(M, "DictWriter", "csv.DictWriter(f, fieldnames, restval='', extrasaction='raise', delimiter=',')", "Writes dicts as CSV rows in fieldnames' order: w.writeheader(), w.writerow(d).", "w = csv.DictWriter(sys.stdout, ['a', 'b']); w.writeheader(); w.writerow({'a': 1, 'b': 2})", writer),
    function(M, "reader", "csv.reader(lines, delimiter=',')", "The rows of CSV text (a file or a list of lines), each a list of strings.", "list(csv.reader(['a,b', '1,\"x,y\"']))", reader),
    function(M, "DictReader", "csv.DictReader(lines, fieldnames=None, delimiter=',')", "The rows of CSV text as dicts keyed by the header row (or fieldnames).", "list(csv.DictReader(['a,b', '1,2']))", reader),
    property(M, "QUOTE_MINIMAL", "csv.QUOTE_MINIMAL", "Quote only fields that need it (the default): 0.", "csv.QUOTE_MINIMAL", |_, _| Ok(Value::Int(0))),
    property(M, "QUOTE_ALL", "csv.QUOTE_ALL", "Quote every field: 1.", "csv.QUOTE_ALL", |_, _| Ok(Value::Int(1))),
    property(M, "QUOTE_NONNUMERIC", "csv.QUOTE_NONNUMERIC", "Quote every field that is not a number: 2.", "csv.QUOTE_NONNUMERIC", |_, _| Ok(Value::Int(2))),
    property(M, "QUOTE_NONE", "csv.QUOTE_NONE", "Never quote: 3.", "csv.QUOTE_NONE", |_, _| Ok(Value::Int(3))),
    method(W, "writerow", "w.writerow(row)", "Write one row: a list (writer) or a dict (DictWriter).", "csv.writer(sys.stdout).writerow([1, 'a b'])", writerow, false),
    method(W, "writerows", "w.writerows(rows)", "Write each row.", "csv.writer(sys.stdout).writerows([[1], [2]])", writerow, false),
    method(W, "writeheader", "w.writeheader()", "A DictWriter's header row: its fieldnames.", "csv.DictWriter(sys.stdout, ['a']).writeheader()", writeheader, false),
];

struct Writer {
    file: Value,
    delimiter: char,
    quotechar: char,
    quoting: i64,
    terminator: String,
    /// A DictWriter's field names.
    fields: Option<Vec<Value>>,
    restval: Value,
    ignore_extra: bool,
}

impl Object for Writer {
    fn type_name(&self) -> &'static str {
        "_csv.writer"
    }
    fn repr(&self) -> String {
        match self.fields {
            Some(_) => format!(
                "<csv.DictWriter object at {:#x}>",
                self as *const _ as usize
            ),
            None => format!("<_csv.writer object at {:#x}>", self as *const _ as usize),
        }
    }
    fn attr(&self, name: &str) -> Option<Value> {
        match name {
            "fieldnames" => self.fields.clone().map(Value::list),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn char_arg(call: &Call, name: &str, default: char) -> R<char> {
    match arg(&[], call.kwargs, 0, name) {
        None => Ok(default),
        Some(Value::Str(s)) if s.chars().count() == 1 => Ok(s.chars().next().unwrap_or(default)),
        Some(_) => err(
            ErrorKind::Type,
            format!("\"{name}\" must be a 1-character string"),
        ),
    }
}

fn writer(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let file = need(call.name, a, k, 0, "f")?.clone();
    let fields = if call.name == "DictWriter" {
        Some(it.iterate(need(call.name, a, k, 1, "fieldnames")?)?)
    } else {
        None
    };
    let quoting = match arg(&[], k, 0, "quoting") {
        Some(Value::Int(q)) => *q,
        _ => 0,
    };
    Ok(Value::Object(Rc::new(Writer {
        file,
        delimiter: char_arg(call, "delimiter", ',')?,
        quotechar: char_arg(call, "quotechar", '"')?,
        quoting,
        terminator: arg(&[], k, 0, "lineterminator").map_or("\r\n".into(), |v| v.to_str()),
        fields,
        restval: arg(&[], k, 0, "restval").cloned().unwrap_or(Value::str("")),
        ignore_extra: arg(&[], k, 0, "extrasaction").is_some_and(|v| v.to_str() == "ignore"),
    })))
}

fn this(v: &Value) -> R<&Writer> {
    v.as_object::<Writer>("a csv writer")
}

/// One field as csv writes it: None is empty, numbers as str(), quoted when needed.
fn field(w: &Writer, v: &Value) -> String {
    let numeric = matches!(
        v,
        Value::Int(_) | Value::Float(_) | Value::Dec(_) | Value::Bool(_)
    );
    let text = match v {
        Value::None => String::new(),
        v => v.to_str(),
    };
    let special = text.contains(w.delimiter)
        || text.contains(w.quotechar)
        || text.contains('\n')
        || text.contains('\r');
    let quote = match w.quoting {
        1 => true,
        2 => !numeric,
        3 => false,
        _ => special,
    };
    if quote {
        let q = w.quotechar.to_string();
        format!("{q}{}{q}", text.replace(&q, &format!("{q}{q}")))
    } else {
        text
    }
}

fn write_row(it: &mut Interp, w: &Writer, row: &Value) -> R<()> {
    let items: Vec<Value> = match (&w.fields, row) {
        (Some(fields), Value::Dict(d)) => {
            let d = d.borrow();
            if !w.ignore_extra {
                let extra: Vec<String> = d
                    .values()
                    .filter(|(k, _)| !fields.iter().any(|f| crate::lang::eval::values_equal(f, k)))
                    .map(|(k, _)| k.repr())
                    .collect();
                if !extra.is_empty() {
                    return err(
                        ErrorKind::Value,
                        format!(
                            "dict contains fields not in fieldnames: {}",
                            extra.join(", ")
                        ),
                    );
                }
            }
            fields
                .iter()
                .map(|f| {
                    Ok(d.get(&hashable(f)?)
                        .map_or(w.restval.clone(), |(_, v)| v.clone()))
                })
                .collect::<R<_>>()?
        }
        (Some(_), v) => {
            return err(
                ErrorKind::Attribute,
                format!("'{}' object has no attribute 'keys'", v.type_name()),
            )
        }
        (None, Value::Str(s)) => s.chars().map(|c| Value::str(&c.to_string())).collect(),
        (None, v) => it.iterate(v)?,
    };
    let row = items
        .iter()
        .map(|v| field(w, v))
        .collect::<Vec<_>>()
        .join(&w.delimiter.to_string());
    let line = Value::str(&(row + &w.terminator));
    it.call_method(&w.file, "write", vec![line], vec![])?;
    Ok(())
}

fn writerow(it: &mut Interp, wv: &Value, call: &Call) -> R<Value> {
    let w = this(wv)?;
    let v = need(call.name, call.args, call.kwargs, 0, "row")?;
    if call.name == "writerows" {
        for row in it.iterate(v)? {
            write_row(it, w, &row)?;
        }
    } else {
        write_row(it, w, v)?;
    }
    Ok(Value::None)
}

fn writeheader(it: &mut Interp, wv: &Value, _: &Call) -> R<Value> {
    let w = this(wv)?;
    let Some(fields) = &w.fields else {
        return err(
            ErrorKind::Attribute,
            "'_csv.writer' object has no attribute 'writeheader'",
        );
    };
    let row = Value::list(fields.clone());
    let plain = Writer {
        fields: None,
        file: w.file.clone(),
        restval: Value::None,
        terminator: w.terminator.clone(),
        ..*w
    };
    write_row(it, &plain, &row)?;
    Ok(Value::None)
}

/// Splits CSV text into rows of fields (quoted fields may hold delimiters and newlines).
fn parse(text: &str, delim: char, quote: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            if c == quote {
                if chars.peek() == Some(&quote) {
                    chars.next();
                    field.push(quote);
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == quote && field.is_empty() {
            quoted = true;
        } else if c == delim {
            row.push(std::mem::take(&mut field));
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
            any = false;
        } else {
            field.push(c);
        }
    }
    if any {
        row.push(field);
        rows.push(row);
    }
    // A blank line is an empty row, as Python's reader gives it.
    rows.into_iter()
        .map(|r| if r == [""] { vec![] } else { r })
        .collect()
}

fn reader(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let src = need(call.name, a, k, 0, "csvfile")?;
    let lines = it.iterate(src)?;
    let mut text = String::new();
    for l in &lines {
        let s = l.to_str();
        text.push_str(&s);
        if !s.ends_with('\n') {
            text.push('\n');
        }
    }
    let delim = char_arg(call, "delimiter", ',')?;
    let quote = char_arg(call, "quotechar", '"')?;
    let rows = parse(&text, delim, quote);
    let strs = |r: Vec<String>| r.iter().map(|s| Value::str(s)).collect::<Vec<_>>();
    if call.name == "reader" {
        let out = rows.into_iter().map(|r| Value::list(strs(r))).collect();
        return Ok(crate::lang::builtins::iterator(out, "generator"));
    }
    let mut rows = rows.into_iter().filter(|r| !r.is_empty());
    let header: Vec<String> = match arg(&[], k, 0, "fieldnames") {
        Some(f) if !matches!(f, Value::None) => it.iterate(f)?.iter().map(|v| v.to_str()).collect(),
        _ => rows.next().unwrap_or_default(),
    };
    let out = rows
        .map(|r| {
            let m = header
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let v = r.get(i).map_or(Value::None, |s| Value::str(s));
                    (HKey::str(h), (Value::str(h), v))
                })
                .collect();
            Value::Dict(Rc::new(RefCell::new(m)))
        })
        .collect();
    Ok(crate::lang::builtins::iterator(out, "generator"))
}
