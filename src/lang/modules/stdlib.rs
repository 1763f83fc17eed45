//! Modules of Python's standard library that scripts import and pcapsh does not have yet:
//! importing one works (as in Python), and using a name from it says plainly that pcapsh
//! lacks it, instead of failing on the import line or carrying on wrongly.

use super::Family;
use crate::lang::eval::Interp;
use crate::lang::value::Value;

const KNOWN: &[&str] = &[
    "operator",
    "logging",
    "glob",
    "shutil",
    "subprocess",
    "random",
    "statistics",
    "textwrap",
    "pprint",
    "io",
    "codecs",
    "typing",
    "enum",
    "dataclasses",
    "pathlib",
    "tempfile",
    "signal",
    "threading",
    "traceback",
    "warnings",
    "copy",
    "getopt",
    "optparse",
    "errno",
    "platform",
    "__future__",
];

pub static FAMILY: Family = Family {
    owns: |path| KNOWN.contains(&path),
    names: |_| vec![],
    attr,
};

/// `from __future__ import print_function` and its like change nothing here.
fn attr(_: &mut Interp, path: &str, name: &str) -> Option<Value> {
    (path == "__future__").then(|| Value::str(name))
}
