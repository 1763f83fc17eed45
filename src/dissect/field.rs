//! A header field as a script reads it (`p[IP].ttl`) and as Scapy's repr and `show()`
//! print it (`proto=tcp`), with the constructors the layer files use.

use crate::pyfmt::bytes_repr;

#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Int(i64),
    Str(String),
    Bytes(Vec<u8>),
    /// TCP (`true`) or IP (`false`) flags.
    Flags(u16, bool),
}

#[derive(Clone, Debug)]
pub struct Field {
    pub value: FieldValue,
    /// What Scapy's repr shows for it.
    pub show: String,
}

/// A list of fields in Scapy's order.
pub type Fields = Vec<(&'static str, Field)>;

/// An integer shown in decimal.
pub fn int(v: impl Into<i64>) -> Field {
    let v = v.into();
    Field {
        value: FieldValue::Int(v),
        show: v.to_string(),
    }
}

/// An integer shown in hexadecimal (Scapy's XByteField, XShortField ...).
pub fn hex(v: impl Into<i64>) -> Field {
    let v = v.into();
    Field {
        value: FieldValue::Int(v),
        show: format!("{v:#x}"),
    }
}

/// An integer shown by a name (Scapy's enum fields).
pub fn named(v: impl Into<i64>, name: String) -> Field {
    Field {
        value: FieldValue::Int(v.into()),
        show: name,
    }
}

/// An integer shown by its name in a table, or as a number when the table has none.
pub fn enum_field(v: impl Into<i64> + Copy, table: &[(i64, &str)]) -> Field {
    let n: i64 = v.into();
    match table.iter().find(|(k, _)| *k == n) {
        Some((_, s)) => named(n, s.to_string()),
        None => int(n),
    }
}

/// Bytes, shown as Python's bytes repr.
pub fn bytes(b: &[u8]) -> Field {
    Field {
        value: FieldValue::Bytes(b.to_vec()),
        show: bytes_repr(b),
    }
}

/// Text (an address, a name).
pub fn text(s: String) -> Field {
    Field {
        show: s.clone(),
        value: FieldValue::Str(s),
    }
}

/// Text shown as it is, read as the same text (a list printed as Scapy prints it).
pub fn shown(s: String) -> Field {
    text(s)
}

/// Flags: TCP's (`tcp`) or IP's.
pub fn flags(v: u16, tcp: bool, show: String) -> Field {
    Field {
        value: FieldValue::Flags(v, tcp),
        show,
    }
}

/// Flag names of the set bits, lowest first, joined by `+` (Scapy's multi-letter
/// FlagValue); an empty set is shown as the empty string.
pub fn flag_names(v: u64, names: &[&str]) -> String {
    let set: Vec<&str> = names
        .iter()
        .enumerate()
        .filter(|(i, _)| v & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect();
    set.join("+")
}
