//! `collections`: Counter, defaultdict, OrderedDict (also builtins here, as scripts use
//! them after `from collections import ...`).

use super::Family;
use crate::lang::eval::Interp;
use crate::lang::value::Value;

const EXPORTS: &[&str] = &["Counter", "defaultdict", "OrderedDict", "namedtuple"];

pub static FAMILY: Family = Family {
    owns: |path| path == "collections",
    names: |_| EXPORTS.to_vec(),
    attr,
};

fn attr(_: &mut Interp, _: &str, name: &str) -> Option<Value> {
    EXPORTS
        .iter()
        .find(|n| **n == name)
        .map(|n| Value::Builtin(n))
}
