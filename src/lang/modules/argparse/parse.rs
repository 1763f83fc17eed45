//! Parsing a command line by a parser's actions, as argparse does.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use super::format::{help_text, usage};
use super::{parser, Action, Kind, Namespace, Nargs, Parser};
use crate::lang::builtins::arg;
use crate::lang::commands::Call;
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{Interp, R};
use crate::lang::value::Value;

/// Usage and `prog: error: message` on stderr, then exit status 2, as argparse does.
pub(super) fn fail(it: &mut Interp, p: &Parser, message: &str) -> Error {
    use std::io::Write;
    let _ = it.out.flush();
    let _ = write!(it.err, "{}\n{}: error: {message}\n", usage(p), p.prog);
    crate::lang::modules::sys::system_exit(&Value::Int(2))
}

fn looks_like_option(s: &str) -> bool {
    s.len() > 1 && s.starts_with('-') && s[1..].parse::<f64>().is_err()
}

/// Converts one value by the action's `type=` and checks its choices.
fn convert(it: &mut Interp, p: &Parser, a: &Action, s: &str) -> R<Value> {
    let v = match &a.ty {
        None => Value::str(s),
        Some(t) => match it.call(t, vec![Value::str(s)], vec![]) {
            Ok(v) => v,
            Err(e) if matches!(e.kind, ErrorKind::Value | ErrorKind::Type) => {
                let tname = match it.getattr(t, "__name__") {
                    Ok(n) => n.to_str(),
                    Err(_) => t.repr(),
                };
                let m = format!("argument {}: invalid {tname} value: '{s}'", a.name());
                return Err(fail(it, p, &m));
            }
            Err(e) => return Err(e),
        },
    };
    if let Some(c) = &a.choices {
        if !c.iter().any(|x| crate::lang::eval::values_equal(x, &v)) {
            let list: Vec<String> = c.iter().map(|x| x.repr()).collect();
            let m = format!(
                "argument {}: invalid choice: {} (choose from {})",
                a.name(),
                v.repr(),
                list.join(", ")
            );
            return Err(fail(it, p, &m));
        }
    }
    Ok(v)
}

/// How many values an action takes from `avail` values that follow it.
fn take(n: &Nargs, avail: usize) -> Option<usize> {
    match n {
        Nargs::One => (avail >= 1).then_some(1),
        Nargs::Optional => Some(avail.min(1)),
        Nargs::Any => Some(avail),
        Nargs::AtLeastOne => (avail >= 1).then_some(avail),
        Nargs::Exactly(k) => (avail >= *k).then_some(*k),
    }
}

fn store(
    it: &mut Interp,
    p: &Parser,
    a: &Action,
    vals: &[String],
    ns: &mut IndexMap<String, Value>,
) -> R<()> {
    let v = match a.kind {
        Kind::StoreTrue => Value::Bool(true),
        Kind::StoreFalse => Value::Bool(false),
        Kind::StoreConst => a.konst.clone(),
        Kind::Count => {
            let n = match ns.get(&a.dest) {
                Some(Value::Int(n)) => *n,
                _ => 0,
            };
            Value::Int(n + 1)
        }
        _ => {
            let conv = vals
                .iter()
                .map(|s| convert(it, p, a, s))
                .collect::<R<Vec<_>>>()?;
            match (&a.nargs, conv.len()) {
                (Nargs::One, _) => conv.into_iter().next().unwrap_or(Value::None),
                (Nargs::Optional, 0) => a.konst.clone(),
                (Nargs::Optional, _) => conv.into_iter().next().unwrap_or(Value::None),
                _ => Value::list(conv),
            }
        }
    };
    if a.kind == Kind::Append {
        let cur = ns.get(&a.dest).cloned();
        match cur {
            Some(Value::List(l)) => l.borrow_mut().push(v),
            _ => {
                ns.insert(a.dest.clone(), Value::list(vec![v]));
            }
        }
        return Ok(());
    }
    ns.insert(a.dest.clone(), v);
    Ok(())
}

pub(super) fn parse_args(it: &mut Interp, pv: &Value, call: &Call) -> R<Value> {
    let p = parser(pv)?;
    let argv: Vec<String> = match arg(call.args, call.kwargs, 0, "args") {
        Some(Value::None) | None => match &it.sys.argv {
            Value::List(l) => l.borrow().iter().skip(1).map(|v| v.to_str()).collect(),
            _ => vec![],
        },
        Some(v) => it.iterate(v)?.iter().map(|v| v.to_str()).collect(),
    };
    let actions = p.actions.borrow();
    let mut ns: IndexMap<String, Value> = IndexMap::new();
    let mut positionals: Vec<String> = Vec::new();
    let mut extras: Vec<String> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    let mut i = 0;
    let mut only_positional = false;
    while i < argv.len() {
        let tok = argv[i].clone();
        i += 1;
        if only_positional || !looks_like_option(&tok) {
            positionals.push(tok);
            continue;
        }
        if tok == "--" {
            only_positional = true;
            continue;
        }
        if !option(it, p, &actions, &argv, &mut i, &tok, &mut seen, &mut ns)? {
            extras.push(tok);
        }
    }
    let at = match_positionals(it, p, &actions, &positionals, &mut seen, &mut ns)?;
    extras.extend(positionals[at..].iter().cloned());
    let missing: Vec<String> = actions
        .iter()
        .enumerate()
        .filter(|(j, a)| a.required && !seen.contains(j))
        .map(|(_, a)| a.name())
        .collect();
    if !missing.is_empty() {
        let m = format!(
            "the following arguments are required: {}",
            missing.join(", ")
        );
        return Err(fail(it, p, &m));
    }
    // Defaults for what was not given; string defaults go through type=, as in argparse.
    let mut out = IndexMap::new();
    for a in actions
        .iter()
        .filter(|a| a.kind != Kind::Help && a.kind != Kind::Version)
    {
        let v = match ns.shift_remove(&a.dest) {
            Some(v) => v,
            None => match (&a.default, &a.ty) {
                (Value::Str(s), Some(_)) if a.takes_values() => convert(it, p, a, &s[..])?,
                (d, _) => d.clone(),
            },
        };
        out.insert(a.dest.clone(), v);
    }
    for (k, v) in p.defaults.borrow().iter() {
        out.entry(k.clone()).or_insert_with(|| v.clone());
    }
    let ns = Value::Object(Rc::new(Namespace(RefCell::new(out))));
    if call.name == "parse_known_args" {
        let ex = Value::list(extras.iter().map(|s| Value::str(s)).collect());
        return Ok(Value::Tuple(Rc::new(vec![ns, ex])));
    }
    if !extras.is_empty() {
        let m = format!("unrecognized arguments: {}", extras.join(" "));
        return Err(fail(it, p, &m));
    }
    Ok(ns)
}

/// One option token (`--out=x`, `-o x`, `-vn5`): stores what it sets; false if no action
/// has that flag.
#[allow(clippy::too_many_arguments)]
fn option(
    it: &mut Interp,
    p: &Parser,
    actions: &[Action],
    argv: &[String],
    i: &mut usize,
    tok: &str,
    seen: &mut Vec<usize>,
    ns: &mut IndexMap<String, Value>,
) -> R<bool> {
    // `--out=x`, `-ox`, `-vv`.
    let tok = tok.to_string();
    let (flag, attached) = match tok.split_once('=') {
        Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
        _ if !tok.starts_with("--") && tok.len() > 2 => {
            (tok[..2].to_string(), Some(tok[2..].to_string()))
        }
        _ => (tok.clone(), None),
    };
    let found = actions
        .iter()
        .position(|a| a.flags.contains(&flag))
        .or_else(|| {
            // A unique prefix of a long option, as argparse allows.
            let m: Vec<usize> = (0..actions.len())
                .filter(|&j| {
                    flag.starts_with("--") && actions[j].flags.iter().any(|f| f.starts_with(&flag))
                })
                .collect();
            (m.len() == 1).then(|| m[0])
        });
    let Some(ai) = found else {
        return Ok(false);
    };
    let a = &actions[ai];
    seen.push(ai);
    match a.kind {
        Kind::Help => {
            let t = help_text(p);
            it.write(&t)?;
            return Err(crate::lang::modules::sys::system_exit(&Value::Int(0)));
        }
        Kind::Version => {
            let t = a.konst.to_str().replace("%(prog)s", &p.prog) + "\n";
            it.write(&t)?;
            return Err(crate::lang::modules::sys::system_exit(&Value::Int(0)));
        }
        _ => {}
    }
    let mut vals = Vec::new();
    if a.takes_values() {
        if let Some(v) = attached {
            vals.push(v);
        } else {
            let avail = argv[*i..]
                .iter()
                .take_while(|s| !looks_like_option(s))
                .count();
            let Some(n) = take(&a.nargs, avail) else {
                let m = match a.nargs {
                    Nargs::One => "expected one argument".to_string(),
                    Nargs::AtLeastOne => "expected at least one argument".to_string(),
                    Nargs::Exactly(k) => format!("expected {k} arguments"),
                    _ => "expected an argument".to_string(),
                };
                return Err(fail(it, p, &format!("argument {}: {m}", a.name())));
            };
            vals.extend(argv[*i..*i + n].iter().cloned());
            *i += n;
        }
    } else if let Some(v) = attached {
        if tok.starts_with("--") {
            let m = format!("argument {}: ignored explicit argument '{v}'", a.name());
            return Err(fail(it, p, &m));
        }
        // `-vx`: more single-letter flags; one that takes a value takes the rest
        // (`-vn5`) or the next argument.
        for (ci, c) in v.char_indices() {
            let f = format!("-{c}");
            match actions.iter().position(|a| a.flags.contains(&f)) {
                Some(j) if !actions[j].takes_values() => {
                    seen.push(j);
                    store(it, p, &actions[j], &[], ns)?;
                }
                Some(j) => {
                    seen.push(j);
                    let rest = &v[ci + c.len_utf8()..];
                    let val = if !rest.is_empty() {
                        rest.to_string()
                    } else if *i < argv.len() && !looks_like_option(&argv[*i]) {
                        *i += 1;
                        argv[*i - 1].clone()
                    } else {
                        let m = format!("argument {}: expected one argument", actions[j].name());
                        return Err(fail(it, p, &m));
                    };
                    store(it, p, &actions[j], &[val], ns)?;
                    break;
                }
                None => {
                    let m = format!("argument {}: ignored explicit argument '{v}'", a.name());
                    return Err(fail(it, p, &m));
                }
            }
        }
    }
    store(it, p, a, &vals, ns)?;
    Ok(true)
}

/// Positionals in order, each taking what its nargs allows while leaving enough for the
/// ones after it; returns how many values they took.
fn match_positionals(
    it: &mut Interp,
    p: &Parser,
    actions: &[Action],
    positionals: &[String],
    seen: &mut Vec<usize>,
    ns: &mut IndexMap<String, Value>,
) -> R<usize> {
    let pos: Vec<usize> = (0..actions.len())
        .filter(|&j| actions[j].positional())
        .collect();
    let mut at = 0;
    for (n, &j) in pos.iter().enumerate() {
        let a = &actions[j];
        let need_after: usize = pos[n + 1..]
            .iter()
            .map(|&k| match actions[k].nargs {
                Nargs::One | Nargs::AtLeastOne => 1,
                Nargs::Exactly(e) => e,
                _ => 0,
            })
            .sum();
        let avail = positionals
            .len()
            .saturating_sub(at)
            .saturating_sub(need_after);
        // As argparse, positionals match in order: after one that cannot, none do.
        let Some(k) = take(&a.nargs, avail) else {
            break;
        };
        let vals = positionals[at..at + k].to_vec();
        at += k;
        seen.push(j);
        match (&a.nargs, k) {
            (Nargs::Any, 0) if !matches!(a.default, Value::None) => {}
            (Nargs::Any, 0) => {
                ns.insert(a.dest.clone(), Value::list(vec![]));
            }
            (Nargs::Optional, 0) => {}
            _ => store(it, p, a, &vals, ns)?,
        }
    }
    Ok(at)
}
