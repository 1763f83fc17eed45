//! Modules that scripts import. `import X`, `import X as Y`, `from X import a, b` and
//! `from X import *` bind module values and their attributes from here; each module (or
//! family of modules) is one file.
//!
//! Adding a module: a file with `EXPORTS` (its names) and `attr`, and one line in
//! `FAMILIES`.

pub(crate) mod argparse;
pub(crate) mod binary;
pub(crate) mod clock;
mod collections;
pub(crate) mod csv;
pub(crate) mod data;
pub(crate) mod deque;
pub(crate) mod io;
pub(crate) mod ipaddress;
pub(crate) mod logging;
pub(crate) mod operator;
pub(crate) mod os;
pub(crate) mod random;
pub(crate) mod re;
pub(crate) mod scapy;
pub(crate) mod stdlib;
pub(crate) mod sys;

use super::commands::{module_entries, Command, Owner, Run};
use super::error::{Error, ErrorKind};
use super::eval::{Interp, R};
use super::value::Value;

/// A family of modules: the paths it answers for, the names each exports, and their
/// values.
pub struct Family {
    /// Whether a dotted module path belongs to this family.
    pub owns: fn(&str) -> bool,
    /// The names a module exports, for `from X import *` and `dir(X)`.
    pub names: fn(&str) -> Vec<&'static str>,
    /// The value of a name a module exports, or None.
    pub attr: fn(&mut Interp, &str, &str) -> Option<Value>,
}

static FAMILIES: &[&Family] = &[
    &scapy::FAMILY,
    &collections::FAMILY,
    &TABLES,
    &stdlib::FAMILY,
];

/// Modules whose functions and constants are command-table entries
/// (`Owner::Module(path)`): `help`, completion and docs/reference.md list them.
static TABLES: Family = Family {
    owns: |path| module_entries(path).is_some(),
    names: |path| table_entries(path).map(|c| c.name).collect(),
    attr: |it, path, name| {
        let c = *module_entries(path)?.get(name)?;
        match c.run {
            Run::Property(run) => it
                .allowed(c)
                .and_then(|_| run(it, &Value::Module(path.into())))
                .ok(),
            _ => Some(Value::Function(c)),
        }
    },
};

/// A module's entries in table order (for `dir()` and `from X import *`).
fn table_entries(path: &str) -> impl Iterator<Item = &'static Command> + '_ {
    super::commands::all().filter(move |c| matches!(c.owner, Owner::Module(m) if m == path))
}

fn family(path: &str) -> R<&'static Family> {
    FAMILIES
        .iter()
        .copied()
        .find(|f| (f.owns)(path))
        .ok_or_else(|| {
            Error::at_none(
                ErrorKind::ModuleNotFound,
                format!("No module named '{path}'"),
            )
            .with_help(
                "help: pcapsh does not have this module yet (docs/compat.md lists the modules it has)",
            )
        })
}

/// The module value for `import path`.
pub fn import(path: &str) -> R<Value> {
    // `int.from_bytes` lives in the table as if `int` were a module; it is not one.
    let top = path.split('.').next().unwrap_or(path);
    if super::commands::find_builtin(top).is_some() {
        return Err(Error::at_none(
            ErrorKind::ModuleNotFound,
            format!("No module named '{path}'"),
        ));
    }
    family(path)?;
    scapy::imported(path);
    Ok(Value::Module(path.into()))
}

/// An attribute of a module: `scapy.rdpcap`, `collections.Counter`, `os.path`.
pub fn attr(interp: &mut Interp, path: &str, name: &str) -> R<Value> {
    let f = family(path)?;
    if let Some(v) = (f.attr)(interp, path, name) {
        return Ok(v);
    }
    let sub = format!("{path}.{name}");
    if FAMILIES.iter().any(|f| (f.owns)(&sub)) && is_package(&sub) {
        return Ok(Value::Module(sub.into()));
    }
    Err(missing(path, name, ErrorKind::Attribute))
}

/// `from path import name`.
pub fn from_import(interp: &mut Interp, path: &str, name: &str) -> R<Value> {
    attr(interp, path, name).map_err(|e| match e.kind {
        ErrorKind::Attribute => missing(path, name, ErrorKind::Import),
        _ => e,
    })
}

/// `from path import *`: every name the module exports.
pub fn star(interp: &mut Interp, path: &str) -> R<Vec<(&'static str, Value)>> {
    let f = family(path)?;
    Ok((f.names)(path)
        .into_iter()
        .filter_map(|n| (f.attr)(interp, path, n).map(|v| (n, v)))
        .collect())
}

/// The names of a module, for `dir()` and completion.
pub fn names(path: &str) -> Vec<&'static str> {
    family(path).map_or(vec![], |f| (f.names)(path))
}

/// Sub-modules reachable as attributes (`os.path`, `scapy.layers.dns`): Scapy's module
/// names are lower case, its classes are not.
fn is_package(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or("");
    path == "os.path"
        || (path.starts_with("scapy.") && last.starts_with(|c: char| c.is_ascii_lowercase()))
}

fn missing(path: &str, name: &str, kind: ErrorKind) -> Error {
    let text = match kind {
        ErrorKind::Import => format!("cannot import name '{name}' from '{path}'"),
        _ => format!("module '{path}' has no attribute '{name}'"),
    };
    Error::at_none(kind, text).with_help(
        "help: pcapsh does not have it yet (docs/compat.md lists what is missing)".to_string(),
    )
}
