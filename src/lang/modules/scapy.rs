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

/// Scapy's layer modules (`scapy.layers.X`) that `load_layer` and imports accept.
/// Those it loads by default, and those pcapsh has, load without a word.
const LAYER_MODULES: &[&str] = &[
    "all",
    "bluetooth",
    "bluetooth4LE",
    "can",
    "clns",
    "dcerpc",
    "dhcp",
    "dhcp6",
    "dns",
    "dot11",
    "dot15d4",
    "eap",
    "gprs",
    "gssapi",
    "hsrp",
    "http",
    "igmp",
    "inet",
    "inet6",
    "ipsec",
    "ir",
    "isakmp",
    "kerberos",
    "l2",
    "l2tp",
    "ldap",
    "llmnr",
    "lltd",
    "mgcp",
    "mobileip",
    "ms_nrtp",
    "msrpce",
    "netbios",
    "netflow",
    "ntlm",
    "ntp",
    "pflog",
    "ppi",
    "ppp",
    "pptp",
    "quic",
    "radius",
    "rip",
    "rtp",
    "sctp",
    "sixlowpan",
    "skinny",
    "smb",
    "smb2",
    "smbclient",
    "smbserver",
    "snmp",
    "spnego",
    "ssh",
    "tftp",
    "tls",
    "tpm",
    "tuntap",
    "usb",
    "vrrp",
    "vxlan",
    "windows",
    "x509",
    "zigbee",
];

/// Layer modules Scapy does not load by default and pcapsh does not have: a script that
/// loads one is told its packets stay Raw where Scapy would dissect them.
const NOT_LOADED: &[&str] = &[
    "can", "clns", "ms_nrtp", "pflog", "quic", "ssh", "tpm", "usb", "windows",
];

/// What importing a Scapy module does to dissection: `scapy.layers.http` and
/// `scapy.layers.tls` (and their sub-modules) bind their layers, as Python runs a
/// module's `bind_layers` when it is first imported.
pub fn imported(path: &str) {
    use crate::dissect::bind;
    let under = |m: &str| path == m || path.strip_prefix(m).is_some_and(|r| r.starts_with('.'));
    if under("scapy.layers.http") {
        bind::load(bind::HTTP);
    }
    if under("scapy.layers.tls") {
        bind::load(bind::TLS);
    }
}

/// `load_layer(name)`: what happened, for the script's standard error (None: loaded).
pub fn load_layer(name: &str) -> Option<String> {
    let module = if name == "tls" { "tls.all" } else { name };
    let top = module.split('.').next().unwrap_or(module);
    if !LAYER_MODULES.contains(&top) {
        return Some(format!(
            "ERROR: Loading module scapy.layers.{module}\nModuleNotFoundError: No module named 'scapy.layers.{module}'"
        ));
    }
    imported(&format!("scapy.layers.{module}"));
    NOT_LOADED.contains(&top).then(|| {
        format!(
            "WARNING: load_layer('{name}'): pcapsh does not dissect Scapy's {name} layers yet; \
             their packets stay Raw where Scapy would dissect them (docs/compat.md)"
        )
    })
}
