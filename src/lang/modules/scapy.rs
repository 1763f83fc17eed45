//! Scapy's modules: `scapy.all` and every `scapy.*` path a script imports from. A layer
//! is found in the module the registry says defines it (`from scapy.layers.dns import
//! DNS`); `scapy` and `scapy.all` export everything pcapsh has of Scapy. Layers pcapsh
//! does not dissect yet are an ImportError when named, not silently missing.

use super::Family;
use crate::dissect::layers;
use crate::lang::commands::{self, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::Interp;
use crate::lang::value::Value;

pub static FAMILY: Family = Family {
    owns: |path| path == "scapy" || path.starts_with("scapy."),
    names,
    attr,
};

/// Scapy's functions pcapsh has, and the module each lives in.
const FUNCTIONS: &[(&str, &str)] = &[
    ("rdpcap", "scapy.utils"),
    ("wrpcap", "scapy.utils"),
    ("PcapReader", "scapy.utils"),
    ("PcapWriter", "scapy.utils"),
    ("RawPcapReader", "scapy.utils"),
    ("PacketList", "scapy.plist"),
    ("hexdump", "scapy.utils"),
    ("sniff", "scapy.sendrecv"),
    ("load_layer", "scapy.config"),
    ("ls", "scapy.packet"),
    ("raw", "scapy.compat"),
    ("conf", "scapy.config"),
    ("Scapy_Exception", "scapy.error"),
];

/// Whether a module exports everything (`from scapy.all import *`).
fn everything(path: &str) -> bool {
    matches!(path, "scapy" | "scapy.all" | "scapy.layers.all")
}

fn names(path: &str) -> Vec<&'static str> {
    let all = everything(path);
    let mut out: Vec<&'static str> = FUNCTIONS
        .iter()
        .filter(|(_, m)| all || *m == path)
        .map(|(n, _)| *n)
        .collect();
    out.extend(
        layers::classes()
            .filter(|c| all || c.module == path)
            .map(|c| c.name),
    );
    out
}

fn attr(interp: &mut Interp, path: &str, name: &str) -> Option<Value> {
    if !names(path).contains(&name) {
        return None;
    }
    if name == "conf" {
        return interp.lookup("conf");
    }
    if name == "Scapy_Exception" {
        // What Scapy raises for a capture it cannot read: pcapsh's FileError.
        return Some(Value::ExceptionClass(ErrorKind::File));
    }
    if let Some(c) = layers::class_by_name(name) {
        return Some(Value::LayerClass(c.name));
    }
    commands::methods_of(Owner::Builtin)
        .find(|c| c.name == name)
        .map(|c| Value::Builtin(c.name))
}
