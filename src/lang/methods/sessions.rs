//! Methods of `a.sessions()`: a dict of packet lists keyed as Scapy keys them.

use std::rc::Rc;

use crate::lang::builtins::*;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::eval::{Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    method(Owner::Sessions, "split", "s.split(dir, overwrite=False)", "Write every session to its own pcap in `dir`, named after its key; returns how many files were written.", "a.sessions().split('out/')", split, false).outside(),
    method(Owner::Sessions, "keys", "s.keys()", "The session keys, in order of first appearance.", "for k in s.keys(): print(k)", keys, true),
    method(Owner::Sessions, "values", "s.values()", "The packet list of each session.", "[len(v) for v in s.values()]", values, true),
    method(Owner::Sessions, "items", "s.items()", "Pairs (key, packet list).", "for k, v in s.items(): print(k, len(v))", items, true),
    method(Owner::Sessions, "iteritems", "s.iteritems()", "Python 2's items().", "for k, v in s.iteritems(): print k", items, true),
    method(Owner::Sessions, "get", "s.get(key, default=None)", "The session of a key, or the default.", "s.get('Other')", get, false),
];

receiver!(Sessions, Rc<SessionsVal>);

fn keys(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    Ok(Value::View(
        "dict_keys",
        Rc::new(
            s.key_texts()
                .iter()
                .map(|k| Value::Str(k.clone()))
                .collect(),
        ),
    ))
}

fn values(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let s = this(obj, call)?;
    Ok(Value::View(
        "dict_values",
        Rc::new(
            (0..s.sessions.len())
                .map(|i| it.packets_value(s.list(i)))
                .collect(),
        ),
    ))
}

fn items(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let name = call.name;
    let s = this(obj, call)?;
    {
        let kind = if name == "items" {
            "dict_items"
        } else {
            "dict_itemiterator"
        };
        Ok(Value::View(
            kind,
            Rc::new(
                (0..s.sessions.len())
                    .map(|i| {
                        Value::Tuple(Rc::new(vec![
                            Value::Str(s.key_texts()[i].clone()),
                            it.packets_value(s.list(i)),
                        ]))
                    })
                    .collect(),
            ),
        ))
    }
}

fn split(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let s = this(obj, call)?;
    {
        let groups: Vec<(String, &[u32])> = (0..s.sessions.len())
            .map(|i| (s.key_texts()[i].to_string(), s.sessions.packets(i)))
            .collect();
        it.split_groups(&s.cap, &groups, a, k)
    }
}

fn get(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let s = this(obj, call)?;
    {
        let key = need(name, a, k, 0, "key")?;
        match key {
            Value::Str(t) => match s.find(t) {
                Some(i) => Ok(it.packets_value(s.list(i))),
                None => Ok(a.get(1).cloned().unwrap_or(Value::None)),
            },
            _ => Ok(a.get(1).cloned().unwrap_or(Value::None)),
        }
    }
}
