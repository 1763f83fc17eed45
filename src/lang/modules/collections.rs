//! `collections`: Counter, defaultdict, OrderedDict (also builtins here, as scripts use
//! them after `from collections import ...`), and deque (`deque.rs`).

use super::Family;
use crate::lang::eval::Interp;
use crate::lang::value::Value;

const EXPORTS: &[&str] = &[
    "Counter",
    "defaultdict",
    "OrderedDict",
    "namedtuple",
    "deque",
];

pub static FAMILY: Family = Family {
    owns: |path| path == "collections",
    names: |_| EXPORTS.to_vec(),
    attr,
};

fn attr(_: &mut Interp, _: &str, name: &str) -> Option<Value> {
    // Functions of the command table first (`deque`), then the builtins it shares.
    if let Some(c) = crate::lang::commands::module_entries("collections")?.get(name) {
        return Some(Value::Function(c));
    }
    EXPORTS
        .iter()
        .find(|n| **n == name)
        .map(|n| Value::Builtin(n))
}
