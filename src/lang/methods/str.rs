//! Methods of strings, as Python's.

use std::rc::Rc;

use crate::lang::builtins::*;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    method(
        Owner::Str,
        "split",
        "s.split(sep=None, maxsplit=-1)",
        "Split text into a list.",
        "k.split(' ')",
        split,
        false,
    ),
    method(
        Owner::Str,
        "join",
        "sep.join(items)",
        "Join text items with a separator.",
        "', '.join(s.keys())",
        join,
        false,
    ),
    method(
        Owner::Str,
        "strip",
        "s.strip(chars=None)",
        "Remove surrounding blanks.",
        "' x '.strip()",
        strip,
        false,
    ),
    method(
        Owner::Str,
        "lstrip",
        "s.lstrip(chars=None)",
        "Remove leading blanks.",
        "' x'.lstrip()",
        strip,
        false,
    ),
    method(
        Owner::Str,
        "rstrip",
        "s.rstrip(chars=None)",
        "Remove trailing blanks.",
        "'x '.rstrip()",
        strip,
        false,
    ),
    method(
        Owner::Str,
        "startswith",
        "s.startswith(prefix)",
        "Whether text starts with a prefix.",
        "k.startswith('TCP')",
        startswith,
        false,
    ),
    method(
        Owner::Str,
        "endswith",
        "s.endswith(suffix)",
        "Whether text ends with a suffix.",
        "k.endswith(':443')",
        startswith,
        false,
    ),
    method(
        Owner::Str,
        "lower",
        "s.lower()",
        "Lower case.",
        "'TCP'.lower()",
        lower,
        false,
    ),
    method(
        Owner::Str,
        "upper",
        "s.upper()",
        "Upper case.",
        "'tcp'.upper()",
        upper,
        false,
    ),
    method(
        Owner::Str,
        "replace",
        "s.replace(old, new)",
        "Replace every occurrence.",
        "k.replace(' > ', ' -> ')",
        replace,
        false,
    ),
    method(
        Owner::Str,
        "format",
        "s.format(*args, **kwargs)",
        "Fill `{}` fields, with format specs.",
        "'{:<50} {:>5}'.format(k, len(v))",
        format,
        false,
    ),
    method(
        Owner::Str,
        "ljust",
        "s.ljust(width, fillchar=' ')",
        "Padded on the right to a width.",
        "k.ljust(50)",
        ljust,
        false,
    ),
    method(
        Owner::Str,
        "rjust",
        "s.rjust(width, fillchar=' ')",
        "Padded on the left to a width.",
        "str(n).rjust(6)",
        ljust,
        false,
    ),
    method(
        Owner::Str,
        "center",
        "s.center(width, fillchar=' ')",
        "Centred in a width.",
        "'x'.center(9, '-')",
        ljust,
        false,
    ),
    method(
        Owner::Str,
        "zfill",
        "s.zfill(width)",
        "Padded with zeros on the left.",
        "str(7).zfill(3)",
        ljust,
        false,
    ),
    method(
        Owner::Str,
        "isdigit",
        "s.isdigit()",
        "Whether all characters are digits.",
        "'443'.isdigit()",
        isdigit,
        false,
    ),
    method(
        Owner::Str,
        "isalpha",
        "s.isalpha()",
        "Whether all characters are letters.",
        "'TCP'.isalpha()",
        isalpha,
        false,
    ),
    method(
        Owner::Str,
        "title",
        "s.title()",
        "Each word capitalised.",
        "'echo reply'.title()",
        title,
        false,
    ),
    method(
        Owner::Str,
        "capitalize",
        "s.capitalize()",
        "The first character upper case, the rest lower.",
        "'tcp'.capitalize()",
        title,
        false,
    ),
    method(
        Owner::Str,
        "splitlines",
        "s.splitlines()",
        "The lines of a text.",
        "text.splitlines()",
        splitlines,
        false,
    ),
    method(
        Owner::Str,
        "encode",
        "s.encode()",
        "The text as UTF-8 bytes.",
        "'GET'.encode() in p[Raw].load",
        encode,
        false,
    ),
    method(
        Owner::Str,
        "rsplit",
        "s.rsplit(sep=None, maxsplit=-1)",
        "Split from the right.",
        "k.rsplit(':', 1)",
        rsplit,
        false,
    ),
    method(
        Owner::Str,
        "rfind",
        "s.rfind(sub)",
        "Index of the last occurrence, or -1.",
        "k.rfind(':')",
        rfind,
        false,
    ),
    method(
        Owner::Str,
        "index",
        "s.index(sub)",
        "Index of the first occurrence (ValueError if none).",
        "k.index(' ')",
        rfind,
        false,
    ),
    method(
        Owner::Str,
        "partition",
        "s.partition(sep)",
        "(before, sep, after) at the first separator.",
        "k.partition(' > ')",
        partition,
        false,
    ),
    method(
        Owner::Str,
        "find",
        "s.find(sub)",
        "Index of the first occurrence, or -1.",
        "k.find(':')",
        find,
        false,
    ),
    method(
        Owner::Str,
        "count",
        "s.count(sub)",
        "Occurrences of a substring.",
        "k.count('.')",
        count,
        false,
    ),
];

receiver!(Str, Rc<String>);

/// `split` and `rsplit`'s arguments: the separator (None: runs of blanks) and the most
/// splits to make (None: all).
fn split_args(call: &Call) -> R<(Option<String>, Option<usize>)> {
    let (a, k) = (call.args, call.kwargs);
    let max = match arg(a, k, 1, "maxsplit") {
        Some(Value::Int(m)) if *m >= 0 => Some(*m as usize),
        _ => None,
    };
    Ok((text_arg(a, k, 0, "sep")?, max))
}

fn split(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    let (sep, max) = split_args(call)?;
    Ok({
        let parts: Vec<String> = match (&sep, max) {
            (Some(sep), Some(m)) => s.splitn(m + 1, sep.as_str()).map(String::from).collect(),
            (Some(sep), None) => s.split(sep.as_str()).map(String::from).collect(),
            (None, Some(m)) => {
                let mut v: Vec<String> = Vec::new();
                let mut rest = s.trim_start();
                while !rest.is_empty() {
                    if v.len() == m {
                        v.push(rest.to_string());
                        break;
                    }
                    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    v.push(rest[..end].to_string());
                    rest = rest[end..].trim_start();
                }
                v
            }
            (None, None) => s.split_whitespace().map(String::from).collect(),
        };
        Value::list(parts.iter().map(|p| Value::str(p)).collect())
    })
}

fn join(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let s = this(obj, call)?;
    Ok({
        let items = it.iterate(need(name, a, k, 0, "iterable")?)?;
        let parts: Vec<String> = items
            .iter()
            .map(|v| match v {
                Value::Str(t) => Ok(t.to_string()),
                o => err(
                    ErrorKind::Type,
                    format!(
                        "sequence item: expected str instance, {} found",
                        o.type_name()
                    ),
                ),
            })
            .collect::<R<_>>()?;
        Value::str(&parts.join(s))
    })
}

fn strip(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let s = this(obj, call)?;
    let text = |i: usize, n: &str| text_arg(a, k, i, n);
    Ok({
        let chars = text(0, "chars")?;
        let pred = |c: char| match &chars {
            Some(cs) => cs.contains(c),
            None => c.is_whitespace(),
        };
        Value::str(match name {
            "strip" => s.trim_matches(pred),
            "lstrip" => s.trim_start_matches(pred),
            _ => s.trim_end_matches(pred),
        })
    })
}

fn startswith(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let s = this(obj, call)?;
    Ok({
        let v = need(name, a, k, 0, "prefix")?;
        let opts: Vec<String> = match v {
            Value::Tuple(t) => t.iter().map(|x| x.to_str()).collect(),
            x => vec![x.to_str()],
        };
        Value::Bool(opts.iter().any(|o| {
            if name == "startswith" {
                s.starts_with(o.as_str())
            } else {
                s.ends_with(o.as_str())
            }
        }))
    })
}

fn ljust(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let s = this(obj, call)?;
    let text = |i: usize, n: &str| text_arg(a, k, i, n);
    Ok({
        let w = match arg(a, k, 0, "width") {
            Some(Value::Int(w)) => (*w).max(0) as usize,
            _ => return err(ErrorKind::Type, format!("{name}() needs a width")),
        };
        let fill = text(1, "fillchar")?
            .and_then(|f| f.chars().next())
            .unwrap_or(' ');
        crate::lang::eval::check_size(w as u128 * fill.len_utf8() as u128)?;
        let n = s.chars().count();
        if n >= w {
            Value::str(s)
        } else {
            let pad = |k: usize, c: char| std::iter::repeat_n(c, k).collect::<String>();
            Value::str(&match name {
                "ljust" => format!("{s}{}", pad(w - n, fill)),
                "rjust" => format!("{}{s}", pad(w - n, fill)),
                "center" => {
                    let left = (w - n) / 2 + (((w - n) % 2) & (w % 2));
                    format!("{}{s}{}", pad(left, fill), pad(w - n - left, fill))
                }
                _ => match s.strip_prefix(['-', '+']) {
                    Some(rest) => format!("{}{}{rest}", &s[..1], pad(w - n, '0')),
                    None => format!("{}{s}", pad(w - n, '0')),
                },
            })
        }
    })
}

fn isdigit(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    Ok(Value::Bool(
        !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()),
    ))
}

fn isalpha(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    Ok(Value::Bool(
        !s.is_empty() && s.chars().all(|c| c.is_alphabetic()),
    ))
}

fn title(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let name = call.name;
    let s = this(obj, call)?;
    Ok({
        let mut out = String::new();
        let mut start = true;
        for (i, c) in s.chars().enumerate() {
            if (name == "title" && start) || (name == "capitalize" && i == 0) {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = !c.is_alphanumeric();
        }
        Value::str(&out)
    })
}

fn splitlines(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    Ok(Value::list(s.lines().map(Value::str).collect()))
}

fn encode(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    Ok(Value::Bytes(s.as_bytes().into()))
}

fn rsplit(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    let (sep, max) = split_args(call)?;
    Ok({
        let mut parts: Vec<String> = match (&sep, max) {
            (Some(sep), Some(m)) => s.rsplitn(m + 1, sep.as_str()).map(String::from).collect(),
            (Some(sep), None) => s.rsplit(sep.as_str()).map(String::from).collect(),
            (None, _) => s.split_whitespace().rev().map(String::from).collect(),
        };
        parts.reverse();
        Value::list(parts.iter().map(|p| Value::str(p)).collect())
    })
}

fn rfind(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let s = this(obj, call)?;
    let text = |i: usize, n: &str| text_arg(a, k, i, n);
    Ok({
        let sub = text(0, "sub")?.unwrap_or_default();
        let found = if name == "rfind" {
            s.rfind(&sub)
        } else {
            s.find(&sub)
        };
        match (found, name) {
            (Some(b), _) => Value::Int(s[..b].chars().count() as i64),
            (None, "rfind") => Value::Int(-1),
            _ => return err(ErrorKind::Value, "substring not found"),
        }
    })
}

fn partition(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let s = this(obj, call)?;
    let text = |i: usize, n: &str| text_arg(a, k, i, n);
    Ok({
        let sep = text(0, "sep")?.unwrap_or_default();
        let parts = match s.split_once(sep.as_str()) {
            Some((l, r)) => vec![Value::str(l), Value::str(&sep), Value::str(r)],
            None => vec![Value::str(s), Value::str(""), Value::str("")],
        };
        Value::Tuple(Rc::new(parts))
    })
}

fn lower(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    Ok(Value::str(&s.to_lowercase()))
}

fn upper(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    Ok(Value::str(&s.to_uppercase()))
}

fn replace(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let s = this(obj, call)?;
    let text = |i: usize, n: &str| text_arg(a, k, i, n);
    Ok({
        let old = text(0, "old")?.unwrap_or_default();
        let new = text(1, "new")?.unwrap_or_default();
        Value::str(&s.replace(&old, &new))
    })
}

fn find(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let s = this(obj, call)?;
    let text = |i: usize, n: &str| text_arg(a, k, i, n);
    Ok({
        let sub = text(0, "sub")?.unwrap_or_default();
        Value::Int(s.find(&sub).map_or(-1, |b| s[..b].chars().count() as i64))
    })
}

fn count(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let s = this(obj, call)?;
    let text = |i: usize, n: &str| text_arg(a, k, i, n);
    Ok({
        let sub = text(0, "sub")?.unwrap_or_default();
        Value::Int(if sub.is_empty() {
            s.chars().count() as i64 + 1
        } else {
            s.matches(&sub).count() as i64
        })
    })
}

fn format(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let s = this(obj, call)?;
    Ok({
        let mut ga = |v: &Value, n: &str| -> R<Value> { it.getattr(v, n) };
        Value::str(&crate::lang::format::str_format(s, a, k, &mut ga)?)
    })
}

/// Character tests and small transforms, as Python's str methods.
#[rustfmt::skip]
pub static MORE: &[Command] = &[
    method(Owner::Str, "isprintable", "s.isprintable()", "Whether every character prints (no control characters).", "'abc'.isprintable()", char_test, false),
    method(Owner::Str, "isalnum", "s.isalnum()", "Whether all characters are letters or digits.", "'a1'.isalnum()", char_test, false),
    method(Owner::Str, "isspace", "s.isspace()", "Whether all characters are whitespace.", "' \\t'.isspace()", char_test, false),
    method(Owner::Str, "islower", "s.islower()", "Whether it has letters, all lower case.", "'abc'.islower()", char_test, false),
    method(Owner::Str, "isupper", "s.isupper()", "Whether it has letters, all upper case.", "'GET'.isupper()", char_test, false),
    method(Owner::Str, "isnumeric", "s.isnumeric()", "Whether all characters are numeric.", "'42'.isnumeric()", char_test, false),
    method(Owner::Str, "isdecimal", "s.isdecimal()", "Whether all characters are decimal digits.", "'42'.isdecimal()", char_test, false),
    method(Owner::Str, "isascii", "s.isascii()", "Whether all characters are ASCII.", "'abc'.isascii()", char_test, false),
    method(Owner::Str, "swapcase", "s.swapcase()", "Upper case to lower and lower to upper.", "'aB'.swapcase()", transform, false),
    method(Owner::Str, "casefold", "s.casefold()", "Lower case, for caseless comparison.", "'ABC'.casefold()", transform, false),
    method(Owner::Str, "removeprefix", "s.removeprefix(prefix)", "Without the prefix, if it starts with it.", "'www.x.org'.removeprefix('www.')", transform, false),
    method(Owner::Str, "removesuffix", "s.removesuffix(suffix)", "Without the suffix, if it ends with it.", "'x.org.'.removesuffix('.')", transform, false),
    method(Owner::Str, "rindex", "s.rindex(sub)", "Where sub last occurs; ValueError if it does not.", "'a.b.c'.rindex('.')", transform, false),
];

fn char_test(_: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    let all = |f: fn(char) -> bool| !s.is_empty() && s.chars().all(f);
    Ok(Value::Bool(match call.name {
        "isprintable" => s.chars().all(|c| {
            !c.is_control()
                && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{a0}' | '\u{ad}')
        }),
        "isalnum" => all(|c| c.is_alphanumeric()),
        "isspace" => all(|c| c.is_whitespace()),
        "isnumeric" => all(|c| c.is_numeric()),
        "isdecimal" => all(|c| c.is_ascii_digit()),
        "isascii" => s.is_ascii(),
        "islower" => s.chars().any(|c| c.is_lowercase()) && !s.chars().any(|c| c.is_uppercase()),
        _ => s.chars().any(|c| c.is_uppercase()) && !s.chars().any(|c| c.is_lowercase()),
    }))
}

fn transform(_: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    let a = || need(call.name, call.args, call.kwargs, 0, "arg").map(|v| v.to_str());
    Ok(match call.name {
        "swapcase" => Value::str(
            &s.chars()
                .flat_map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().collect::<Vec<_>>()
                    } else {
                        c.to_uppercase().collect()
                    }
                })
                .collect::<String>(),
        ),
        "casefold" => Value::str(&s.to_lowercase()),
        "removeprefix" => {
            let p = a()?;
            Value::str(s.strip_prefix(p.as_str()).unwrap_or(s))
        }
        "removesuffix" => {
            let p = a()?;
            Value::str(s.strip_suffix(p.as_str()).unwrap_or(s))
        }
        _ => {
            let sub = a()?;
            match s.rfind(sub.as_str()) {
                Some(i) => Value::Int(s[..i].chars().count() as i64),
                None => return err(ErrorKind::Value, "substring not found"),
            }
        }
    })
}
