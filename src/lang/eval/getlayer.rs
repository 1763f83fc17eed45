//! A packet's layers by class, as Scapy's `getlayer` and `p[...]` find them:
//! `p[TCP]`, `p['IP']`, `p[2]`, `p[IP:2]` (the second IP layer), `p[IP:1:{'src': x}]` and
//! `p.getlayer(IP, 2, src=x)` (field values to match), `p.getlayer('IP.src')`, and the
//! records and messages Scapy keeps in packet-list fields (DNS records, TLS messages).

use super::*;
use crate::lang::error::{Error, ErrorKind};
use crate::lang::value::*;

use super::ops::values_equal;

impl Interp {
    /// `p[k]`: the first layer `k` names, or Scapy's IndexError.
    pub(crate) fn packet_layer(&mut self, p: &PacketRef, from: usize, k: &Value) -> R<Value> {
        match self.getlayer(p, from, k, 1, &[])? {
            Some(v) => Ok(v),
            None => Err(self.not_found(p, from, k)),
        }
    }

    /// `p[cls:nb:{field: value}]`, as Scapy slices a packet: `getlayer(cls, nb, **fields)`.
    pub(crate) fn layer_slice(
        &mut self,
        o: &Value,
        lo: Option<Value>,
        hi: Option<Value>,
        step: Option<Value>,
    ) -> R<Value> {
        let (p, from) = crate::lang::builtins::packet_of(o)?;
        let cls = lo.unwrap_or(Value::None);
        let nb = match &hi {
            None | Some(Value::None) => 1,
            Some(v) if !v.truthy() => 1,
            Some(Value::Int(n)) => *n,
            Some(Value::Bool(_)) => 1,
            Some(v) => {
                return err(
                    ErrorKind::Type,
                    format!(
                        "the layer number in p[cls:nb] must be an int, not {}",
                        v.type_name()
                    ),
                )
            }
        };
        let flt = match &step {
            None | Some(Value::None) => Vec::new(),
            Some(Value::Dict(d)) => d
                .borrow()
                .values()
                .map(|(k, v)| (k.to_str(), v.clone()))
                .collect(),
            Some(v) => {
                return err(
                    ErrorKind::Type,
                    format!(
                        "the fields in p[cls:nb:fields] must be a dict, not {}",
                        v.type_name()
                    ),
                )
            }
        };
        match self.getlayer(&p, from, &cls, nb, &flt)? {
            Some(v) => Ok(v),
            None => Err(self.not_found(&p, from, &cls)),
        }
    }

    /// Scapy's `getlayer(cls, nb, **flt)`: the `nb`th layer from `from` that `cls` names
    /// (a class, a class name, or an index, which ignores `nb`) whose fields equal `flt`;
    /// `'IP.src'` gives the field when the first layer is the one named. None if absent.
    pub(crate) fn getlayer(
        &mut self,
        p: &PacketRef,
        from: usize,
        cls: &Value,
        nb: i64,
        flt: &[(String, Value)],
    ) -> R<Option<Value>> {
        let (name, class, mut nb) = match cls {
            // An index counts every layer: nb is the index plus one, as in Scapy.
            Value::Int(i) => ("", false, i.saturating_add(1)),
            Value::Bool(b) => ("", false, *b as i64 + 1),
            Value::LayerClass(n) | Value::Builtin(n) => (&**n, true, nb),
            Value::Str(s) => (s.as_str(), false, nb),
            _ => return Ok(None),
        };
        let (name, field) = match name.split_once('.') {
            Some((c, f)) if !class => (c, Some(f)),
            _ => (name, None),
        };
        if nb < 1 {
            return Ok(None);
        }
        if name == "DNSQR" || name.starts_with("DNSRR") {
            return self.dns_record(p, from, name, nb, flt);
        }
        let d = p.dissect();
        let count = d.layers().len();
        for i in from..count {
            let proto = d.layers()[i].proto;
            let named = name.is_empty()
                || if class {
                    proto.is_class(name)
                } else {
                    proto.is_named(name)
                };
            if !named {
                continue;
            }
            let layer = Value::Layer(LayerRef {
                pkt: p.clone(),
                layer: i,
            });
            if !self.fields_match(&layer, flt)? {
                continue;
            }
            nb -= 1;
            if nb == 0 {
                return match field {
                    Some(f) if i == from => self.getattr(&layer, f).map(Some),
                    _ => Ok(Some(layer)),
                };
            }
        }
        if name.is_empty() {
            return Ok(None);
        }
        match nested_layer(&d, from, name) {
            Some(n) if nb == 1 && flt.is_empty() => Ok(Some(Value::Record(std::rc::Rc::new(n)))),
            Some(_) => err(
                ErrorKind::NotImplemented,
                format!("pcapsh finds only the first {name}, with no field values, inside another layer"),
            ),
            None => Ok(None),
        }
    }

    /// Whether a layer or record has each field value asked for (Scapy's `**flt`).
    fn fields_match(&mut self, v: &Value, flt: &[(String, Value)]) -> R<bool> {
        for (f, want) in flt {
            match self.getattr(v, f) {
                Ok(have) if values_equal(&have, want) => {}
                Ok(_) => return Ok(false),
                Err(_) => {
                    return err(
                        ErrorKind::Attribute,
                        format!("{} has no field '{f}'", v.type_name()),
                    )
                }
            }
        }
        Ok(true)
    }

    /// The `nb`th DNS question or resource record: DNS keeps them in packet-list fields
    /// (qd; an, ns, ar), which Scapy's getlayer searches in order.
    fn dns_record(
        &mut self,
        p: &PacketRef,
        from: usize,
        name: &str,
        mut nb: i64,
        flt: &[(String, Value)],
    ) -> R<Option<Value>> {
        let dns = Value::Layer(LayerRef {
            pkt: p.clone(),
            layer: from,
        });
        let sections: &[&str] = if name == "DNSQR" {
            &["qd"]
        } else {
            &["an", "ns", "ar"]
        };
        for sec in sections {
            let Ok(Value::List(l)) = self.getattr(&dns, sec) else {
                continue;
            };
            let records = l.borrow().clone();
            for r in records {
                let is = match &r {
                    Value::Record(x) => x.class == name,
                    _ => false,
                };
                if is && self.fields_match(&r, flt)? {
                    nb -= 1;
                    if nb == 0 {
                        return Ok(Some(r));
                    }
                }
            }
        }
        Ok(None)
    }

    /// Scapy's IndexError for a layer not there, naming a class by its name and anything
    /// else by its repr, with the layers the packet has.
    fn not_found(&self, p: &PacketRef, from: usize, k: &Value) -> Error {
        let name = match k {
            Value::LayerClass(n) => n.to_string(),
            v => v.repr(),
        };
        let d = p.dissect();
        let have: Vec<&str> = d.layers()[from..]
            .iter()
            .map(|l| l.proto.class_name())
            .collect();
        Error::at_none(ErrorKind::Index, format!("Layer [{name}] not found"))
            .with_help(format!("help: this packet has {}", have.join(" / ")))
    }
}

/// A packet inside a layer's packet-list field (TLS messages and their extensions), as
/// Scapy's `haslayer` and `p[X]` find them: the first, depth first.
pub(crate) fn nested_layer(
    d: &crate::dissect::Packet,
    from: usize,
    name: &str,
) -> Option<crate::dissect::field::Nested> {
    use crate::dissect::field::{FieldValue, Nested};
    fn search(
        fields: &[(&'static str, crate::dissect::field::Field)],
        name: &str,
    ) -> Option<Nested> {
        for (_, f) in fields {
            if let FieldValue::Packets(l) | FieldValue::Inline(l) | FieldValue::Held(l) = &f.value {
                for n in l {
                    let base = crate::dissect::layers::class_by_name(n.class)
                        .is_some_and(|c| c.matched_as_base && c.is_a(name));
                    if n.class == name || n.display == name || base {
                        return Some(n.clone());
                    }
                    if let Some(x) = search(&n.fields, name) {
                        return Some(x);
                    }
                }
            }
        }
        None
    }
    // Only layers whose fields hold packets Scapy searches (TLS records, the element a
    // channel switch announcement frame holds, SNMP's PDU and variable bindings, RADIUS
    // attributes, ISAKMP proposals and transforms).
    (from..d.layers().len())
        .filter(|&i| {
            let p = d.layers()[i].proto;
            matches!(
                p,
                crate::dissect::Proto::Tls
                    | crate::dissect::Proto::Snmp
                    | crate::dissect::Proto::Radius
                    | crate::dissect::Proto::IsakmpPayload(_)
                    | crate::dissect::Proto::Kerberos
                    | crate::dissect::Proto::Kpasswd(_)
                    | crate::dissect::Proto::Ldap
                    | crate::dissect::Proto::Cldap
                    | crate::dissect::Proto::LdapSasl
                    | crate::dissect::Proto::SmbSession(_)
            ) || p.class_name() == "Dot11CSA"
        })
        .find_map(|i| search(&d.fields(i), name))
}
