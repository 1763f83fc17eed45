//! Methods of `a.conversations()`: both directions of each flow.

use std::rc::Rc;

use crate::lang::builtins::*;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    method(
        Owner::Conversations,
        "keys",
        "c.keys()",
        "The conversation keys, initiator on the left.",
        "c.keys()[:3]",
        keys,
        true,
    ),
    method(
        Owner::Conversations,
        "values",
        "c.values()",
        "The packet list of each conversation.",
        "[len(v) for v in c.values()]",
        values,
        true,
    ),
    method(
        Owner::Conversations,
        "items",
        "c.items()",
        "Pairs (key, packet list).",
        "for k, v in c.items(): print(k, len(v))",
        items,
        true,
    ),
    method(
        Owner::Conversations,
        "sort",
        "c.sort(by='bytes')",
        "Sorted by 'bytes', 'packets' or 'duration' (largest first), or 'start'.",
        "c.sort('packets')",
        sort,
        false,
    ),
    method(
        Owner::Conversations,
        "head",
        "c.head(n=10)",
        "The first n conversations.",
        "c.sort('bytes').head(20)",
        head,
        false,
    ),
    method(
        Owner::Conversations,
        "grep",
        "c.grep(text)",
        "The conversations whose key contains the text.",
        "c.grep(':443')",
        grep,
        false,
    ),
    method(
        Owner::Conversations,
        "split",
        "c.split(dir, overwrite=False)",
        "Write every conversation to its own pcap in `dir`; returns how many files were written.",
        "c.split('convs/')",
        split,
        false,
    )
    .outside(),
];

receiver!(Conversations, Rc<ConvVal>);

fn keys(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let c = this(obj, call)?;
    Ok(Value::list(
        c.key_texts()
            .iter()
            .map(|k| Value::Str(k.clone()))
            .collect(),
    ))
}

fn values(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let c = this(obj, call)?;
    Ok(Value::list(
        (0..c.convs.len())
            .map(|i| it.packets_value(c.list(i)))
            .collect(),
    ))
}

fn items(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let c = this(obj, call)?;
    Ok(Value::list(
        (0..c.convs.len())
            .map(|i| {
                Value::Tuple(Rc::new(vec![
                    Value::Str(c.key_texts()[i].clone()),
                    it.packets_value(c.list(i)),
                ]))
            })
            .collect(),
    ))
}

fn sort(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let c = this(obj, call)?;
    {
        let by = arg(a, k, 0, "by")
            .map(|v| v.to_str())
            .unwrap_or_else(|| "bytes".into());
        let mut v = c.convs.clone();
        match by.as_str() {
            "bytes" => v.sort_by_key(|(_, x)| std::cmp::Reverse(x.bytes())),
            "packets" => v.sort_by_key(|(_, x)| std::cmp::Reverse(x.packets.len())),
            "duration" => v.sort_by_key(|(_, x)| std::cmp::Reverse(x.end - x.start)),
            "start" => v.sort_by_key(|(_, x)| x.start),
            other => {
                return err(
                    ErrorKind::Value,
                    format!(
                        "sort() takes 'bytes', 'packets', 'duration' or 'start', not {other:?}"
                    ),
                )
            }
        }
        Ok(Value::Conversations(Rc::new(ConvVal::new(
            c.cap.clone(),
            v,
        ))))
    }
}

fn head(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let c = this(obj, call)?;
    {
        let n = match arg(a, k, 0, "n") {
            None => 10,
            Some(Value::Int(n)) if *n >= 0 => *n as usize,
            Some(v) => {
                return err(
                    ErrorKind::Type,
                    format!("head() takes a count, not {}", v.repr()),
                )
            }
        };
        let v = c.convs.iter().take(n).cloned().collect();
        Ok(Value::Conversations(Rc::new(ConvVal::new(
            c.cap.clone(),
            v,
        ))))
    }
}

fn grep(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let c = this(obj, call)?;
    {
        let t = need(name, a, k, 0, "text")?.to_str();
        let v = c
            .convs
            .iter()
            .zip(c.key_texts())
            .filter(|(_, key)| key.contains(&t))
            .map(|(x, _)| x.clone())
            .collect();
        Ok(Value::Conversations(Rc::new(ConvVal::new(
            c.cap.clone(),
            v,
        ))))
    }
}

fn split(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let c = this(obj, call)?;
    {
        let groups: Vec<(String, &[u32])> = c
            .convs
            .iter()
            .zip(c.key_texts())
            .map(|((_, x), key)| (key.to_string(), &x.packets[..]))
            .collect();
        it.split_groups(&c.cap, &groups, a, k)
    }
}
