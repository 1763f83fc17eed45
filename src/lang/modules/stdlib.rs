//! `__future__` and `warnings`: imports that change nothing pcapsh does.
//! (`from __future__ import print_function` is a no-op in Python 3 too; warnings only
//! decide what goes to stderr.) Any other module that is not here is a
//! ModuleNotFoundError naming it, as in Python.

use super::Family;
use crate::lang::commands::{function, Command, Owner};
use crate::lang::eval::Interp;
use crate::lang::value::Value;

pub static FAMILY: Family = Family {
    owns: |path| path == "__future__",
    names: |_| vec![],
    attr,
};

fn attr(_: &mut Interp, path: &str, name: &str) -> Option<Value> {
    (path == "__future__").then(|| Value::str(name))
}

const W: Owner = Owner::Module("warnings");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(W, "filterwarnings", "warnings.filterwarnings(action, ...)", "Accepted: pcapsh prints no Python warnings.", "warnings.filterwarnings('ignore')", |_, _| Ok(Value::None)),
    function(W, "simplefilter", "warnings.simplefilter(action, ...)", "Accepted: pcapsh prints no Python warnings.", "warnings.simplefilter('ignore')", |_, _| Ok(Value::None)),
];
