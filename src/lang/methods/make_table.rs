//! Scapy's `make_table`, `make_lined_table` and `make_tex_table` of a packet list: a
//! function gives each packet's (column, row, value), and the table is printed as Scapy
//! 2.8.0 prints it (utils.__make_table), byte for byte; on a terminal, as a drawn table.

use std::rc::Rc;

use comfy_table::{presets, Table};

use crate::lang::builtins::*;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    method(Owner::PacketList, "make_table", "a.make_table(f, sortx=None, sorty=None, dump=False)", "A table of f(p) = (column, row, value) for each packet, as Scapy prints it: columns and rows sorted as numbers, else as IP addresses, else as text (or by sortx/sorty); '-' where no packet gave a value; dump=True returns the text.", "a.filter(lambda p: IP in p).make_table(lambda p: (p[IP].dst, p[IP].src, p[IP].ttl))", make_table, false),
    method(Owner::PacketList, "make_lined_table", "a.make_lined_table(f, sortx=None, sorty=None, dump=False)", "As make_table, with Scapy's lines between the cells.", "a.filter(lambda p: TCP in p).make_lined_table(lambda p: (p[IP].src, p[TCP].dport, p.sprintf('%TCP.flags%')))", make_table, false),
    method(Owner::PacketList, "make_tex_table", "a.make_tex_table(f, sortx=None, sorty=None, dump=False)", "As make_table, as a LaTeX tabular body (Scapy's escapes).", "a.filter(lambda p: IP in p).make_tex_table(lambda p: (p[IP].dst, p[IP].src, p[IP].ttl), dump=True)", make_table, false),
];

receiver!(Packets, Rc<PacketList>);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Lined,
    Tex,
}

fn make_table(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let pl = this(obj, call)?.clone();
    let allowed = ["fxyz", "sortx", "sorty", "dump"];
    refuse_other_kwargs(name, k, &allowed)?;
    let f = need(name, a, k, 0, "fxyz")?.clone();
    let sortx = arg(a, k, 1, "sortx")
        .cloned()
        .filter(|v| !matches!(v, Value::None));
    let sorty = arg(a, k, 2, "sorty")
        .cloned()
        .filter(|v| !matches!(v, Value::None));
    let dump = arg(a, k, 3, "dump").is_some_and(|v| v.truthy());
    let style = match name {
        "make_lined_table" => Style::Lined,
        "make_tex_table" => Style::Tex,
        _ => Style::Plain,
    };
    // Columns keep their widest text; rows and cells are kept in first-seen order.
    let mut cols: Vec<(String, usize)> = Vec::new();
    let mut rows: Vec<String> = Vec::new();
    let mut cells: std::collections::HashMap<(String, String), String> = Default::default();
    let mut row_width = 0;
    for i in 0..pl.len() {
        if i % 4096 == 0 {
            it.check_interrupt()?;
        }
        let p = Value::Packet(PacketRef::of(pl.cap.clone(), pl.at(i)));
        let xyz = it.call(&f, vec![p], vec![])?;
        let parts = it.iterate(&xyz)?;
        let [x, y, z] = &parts[..] else {
            // Python's words, from Scapy's `xx, yy, zz = ...`.
            let msg = if parts.len() < 3 {
                format!(
                    "not enough values to unpack (expected 3, got {})",
                    parts.len()
                )
            } else {
                "too many values to unpack (expected 3)".to_string()
            };
            return err(ErrorKind::Value, msg);
        };
        let (x, y, z) = (it.str_of(x)?, it.str_of(y)?, it.str_of(z)?);
        let width = len(&x).max(len(&z));
        match cols.iter_mut().find(|(c, _)| *c == x) {
            Some((_, w)) => *w = (*w).max(width),
            None => cols.push((x.clone(), width)),
        }
        row_width = row_width.max(len(&y));
        if !rows.contains(&y) {
            rows.push(y.clone());
        }
        cells.insert((x, y), z);
    }
    let mut xs: Vec<String> = cols.iter().map(|(c, _)| c.clone()).collect();
    xs = order(it, xs, sortx)?;
    let rows = order(it, rows, sorty)?;
    let width = |x: &str| cols.iter().find(|(c, _)| c == x).map_or(0, |(_, w)| *w);
    let text = if it.opts.color && !dump && style != Style::Tex {
        drawn(&xs, &rows, &cells)
    } else {
        scapy_text(style, row_width, &xs, &rows, &cells, &width)
    };
    if dump {
        return Ok(Value::str(&text));
    }
    it.write(&text)?;
    Ok(Value::None)
}

fn len(s: &str) -> usize {
    s.chars().count()
}

/// Python's `"%-Ns" % s`.
fn pad(s: &str, n: usize) -> String {
    format!("{s}{}", " ".repeat(n.saturating_sub(len(s))))
}

/// Scapy's text: `%-Ns` cells and a space after each (with ` |` for lined tables and
/// `& ` and `\\` for LaTeX), a separator line above, under the header and below.
fn scapy_text(
    style: Style,
    row_width: usize,
    xs: &[String],
    rows: &[String],
    cells: &std::collections::HashMap<(String, String), String>,
    width: &dyn Fn(&str) -> usize,
) -> String {
    let conv = |s: &str| {
        if style == Style::Tex {
            tex_escape(s)
        } else {
            s.to_string()
        }
    };
    let head = |s: &str, n: usize| match style {
        Style::Plain => pad(s, n),
        Style::Lined => format!("{} |", pad(s, n)),
        Style::Tex => s.to_string(),
    };
    let cell = |s: &str, n: usize| match style {
        Style::Plain => pad(s, n),
        Style::Lined => format!("{} |", pad(s, n)),
        Style::Tex => format!("& {s}"),
    };
    let end = if style == Style::Tex { "\\\\" } else { "" };
    let sepline = match style {
        Style::Plain => None,
        Style::Lined => {
            let widths: Vec<isize> = std::iter::once(row_width as isize - 1)
                .chain(xs.iter().map(|x| width(x) as isize))
                .chain(std::iter::once(-2))
                .collect();
            Some(
                widths
                    .iter()
                    .map(|y| "-".repeat((y + 2).max(0) as usize))
                    .collect::<Vec<_>>()
                    .join("+"),
            )
        }
        Style::Tex => Some("\\hline".to_string()),
    };
    let mut s = String::new();
    if let Some(l) = &sepline {
        s.push_str(l);
        s.push('\n');
    }
    // The header is a row named "" whose cells are the column names.
    let line = |s: &mut String, name: &str, values: Vec<&str>| {
        s.push_str(&head(&conv(name), row_width));
        s.push(' ');
        for (x, v) in xs.iter().zip(values) {
            s.push_str(&cell(&conv(v), width(x)));
            s.push(' ');
        }
        s.push_str(end);
        s.push('\n');
    };
    line(&mut s, "", xs.iter().map(String::as_str).collect());
    if let Some(l) = &sepline {
        s.push_str(l);
        s.push('\n');
    }
    for y in rows {
        let values = xs
            .iter()
            .map(|x| {
                cells
                    .get(&(x.clone(), y.clone()))
                    .map_or("-", |z| z.as_str())
            })
            .collect();
        line(&mut s, y, values);
    }
    if let Some(l) = &sepline {
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// The same cells drawn with comfy-table, for a terminal.
fn drawn(
    xs: &[String],
    rows: &[String],
    cells: &std::collections::HashMap<(String, String), String>,
) -> String {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    let mut header = vec![String::new()];
    header.extend(xs.iter().cloned());
    t.set_header(header);
    for y in rows {
        let mut r = vec![y.clone()];
        r.extend(xs.iter().map(|x| {
            cells
                .get(&(x.clone(), y.clone()))
                .cloned()
                .unwrap_or_else(|| "-".into())
        }));
        t.add_row(r);
    }
    format!("{t}\n")
}

/// Scapy's order of column or row names: by the key function when given; else as
/// integers if all are, else as IPv4 addresses (inet_aton) if all are, else as text.
fn order(it: &mut Interp, names: Vec<String>, key: Option<Value>) -> R<Vec<String>> {
    if let Some(f) = key {
        let items: Vec<Value> = names.iter().map(|n| Value::str(n)).collect();
        let sorted = it.sort_values(items, Some(f), false)?;
        return Ok(sorted.iter().map(|v| v.to_str()).collect());
    }
    /// The names sorted by a parsed key, if every name parses.
    fn by<K: Ord>(names: &[String], parse: impl Fn(&str) -> Option<K>) -> Option<Vec<String>> {
        let keys: Vec<K> = names.iter().map(|n| parse(n)).collect::<Option<_>>()?;
        let mut pairs: Vec<(K, &String)> = keys.into_iter().zip(names).collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        Some(pairs.into_iter().map(|p| p.1.clone()).collect())
    }
    if let Some(v) = by(&names, py_int).or_else(|| by(&names, inet_aton)) {
        return Ok(v);
    }
    let mut names = names;
    names.sort();
    Ok(names)
}

/// Python's `int(text)`: surrounding whitespace, a sign, digits with single underscores.
fn py_int(s: &str) -> Option<i128> {
    let t = s.trim();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    let v: i128 = digits.replace('_', "").parse().ok()?;
    Some(if neg { -v } else { v })
}

/// The C library's inet_aton, as Python's socket.inet_aton: one to four parts, each
/// decimal, octal (leading 0) or hex (0x); text after a space is ignored.
fn inet_aton(s: &str) -> Option<u32> {
    let s = s.split(|c: char| c.is_ascii_whitespace()).next()?;
    let parts: Vec<u64> = s
        .split('.')
        .map(|p| {
            let (digits, radix) =
                if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
                    (h, 16)
                } else if p.len() > 1 && p.starts_with('0') {
                    (&p[1..], 8)
                } else {
                    (p, 10)
                };
            if digits.is_empty() && radix != 16 {
                return None;
            }
            if digits.is_empty() {
                return Some(0);
            }
            u64::from_str_radix(digits, radix).ok()
        })
        .collect::<Option<_>>()?;
    let fits = |v: u64, bits: u32| v < (1u64 << bits);
    let v = match parts[..] {
        [a] if fits(a, 32) => a,
        [a, b] if fits(a, 8) && fits(b, 24) => a << 24 | b,
        [a, b, c] if fits(a, 8) && fits(b, 8) && fits(c, 16) => a << 24 | b << 16 | c,
        [a, b, c, d] if [a, b, c, d].iter().all(|&x| fits(x, 8)) => a << 24 | b << 16 | c << 8 | d,
        _ => return None,
    };
    Some(v as u32)
}

/// Scapy's tex_escape.
fn tex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' => out.push_str("{\\tt\\char123}"),
            '}' => out.push_str("{\\tt\\char125}"),
            '\\' => out.push_str("{\\tt\\char92}"),
            '^' => out.push_str("\\^{}"),
            '$' => out.push_str("\\$"),
            '#' => out.push_str("\\#"),
            '_' => out.push_str("\\_"),
            '&' => out.push_str("\\&"),
            '%' => out.push_str("\\%"),
            '|' => out.push_str("{\\tt\\char124}"),
            '~' => out.push_str("{\\tt\\char126}"),
            '<' => out.push_str("{\\tt\\char60}"),
            '>' => out.push_str("{\\tt\\char62}"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_order_as_python_reads_them() {
        assert_eq!(super::py_int(" 1_000 "), Some(1000));
        assert_eq!(super::py_int("+7"), Some(7));
        assert_eq!(super::py_int("1__0"), None);
        assert_eq!(super::py_int("0x10"), None);
        assert_eq!(super::inet_aton("10.0.0.1"), Some(0x0a000001));
        assert_eq!(super::inet_aton("127.1"), Some(0x7f000001));
        assert_eq!(super::inet_aton("0x7f.1"), Some(0x7f000001));
        assert_eq!(super::inet_aton("010.0.0.1"), Some(0x08000001));
        assert_eq!(super::inet_aton("1.2.3.256"), None);
        assert_eq!(super::inet_aton("fe80::1"), None);
    }
}
