//! Built packets in the language: `IP(dst='10.0.0.1')/TCP(dport=80)`, their fields read
//! and set (`p[IP].ttl = 1`, `del p[IP].chksum`), `show()` as set, `repr()` and
//! `command()`. The packet itself is `crate::build`; its bytes are held as a capture of
//! one packet, so everything that reads a captured packet reads a built one.

use std::rc::Rc;
use std::sync::Arc;

use crate::build::{Auto, Built, Kind, Layer, Template, V};
use crate::dissect::field::{none, Field, FieldValue, Fields};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, R};
use crate::lang::value::*;

fn build_err<T>(e: String) -> R<T> {
    err(ErrorKind::Value, e)
}

/// `IP(dst=..., ttl=...)`, or `IP(data)` to read bytes as that layer.
pub(crate) fn construct(class: &str, args: &[Value], kwargs: &[(String, Value)]) -> R<Value> {
    let Some(tpl) = crate::build::template(class) else {
        let can: Vec<&str> = crate::build::TEMPLATES.iter().map(|t| t.class).collect();
        return err(
            ErrorKind::NotImplemented,
            format!(
                "building {class} packets is not supported yet; pcapsh builds {}",
                can.join(", ")
            ),
        );
    };
    if let Some(first) = args.first() {
        if args.len() > 1 {
            return err(
                ErrorKind::Type,
                format!("{class}() takes the bytes to read and fields by name"),
            );
        }
        let data = match first {
            Value::Bytes(b) => b.to_vec(),
            Value::Str(s) => s.as_bytes().to_vec(),
            Value::Packet(p) => p.data().to_vec(),
            v => {
                return err(
                    ErrorKind::Type,
                    format!("{class}() reads bytes, not {}", v.type_name()),
                )
            }
        };
        let p = from_bytes(tpl, data)?;
        return set_fields(p, kwargs);
    }
    let mut l = Layer::new(tpl);
    // Scapy keeps the fields in `fields_desc` order, whatever order they were given in.
    let mut given: Vec<(usize, &String, &Value)> = Vec::new();
    for (k, v) in kwargs {
        match tpl.index(k) {
            Some(i) => given.push((i, k, v)),
            None => {
                return err(
                    ErrorKind::Attribute,
                    format!("{class} has no field '{k}' (its fields: see ls({class}))"),
                )
            }
        }
    }
    given.sort_by_key(|g| g.0);
    for (_, k, v) in given {
        let v = to_v(v)?;
        l.set(k, v).or_else(build_err)?;
    }
    packet(Built::one(l))
}

/// Bytes read as a layer (`IP(raw(p))`): dissected, then every field taken as set.
fn from_bytes(tpl: &'static Template, data: Vec<u8>) -> R<Value> {
    let cap = one_packet(&data, tpl.linktype.max(1))?;
    let p = PacketRef::built(cap, Built::one(Layer::new(tpl)));
    let b = convert(&p);
    packet(b)
}

fn set_fields(p: Value, kwargs: &[(String, Value)]) -> R<Value> {
    let mut p = p;
    for (k, v) in kwargs {
        p = set_attr(&p, k, Some(v))?;
    }
    Ok(p)
}

/// A packet of the language made of a built one, stamped now (Scapy's `time.time()`).
pub(crate) fn packet(b: Built) -> R<Value> {
    packet_at(b, None).map(Value::Packet)
}

/// A built packet with the time of the packet it was changed from, if any.
fn packet_at(b: Built, time: Option<&PacketRef>) -> R<PacketRef> {
    let bytes = b.bytes().or_else(build_err)?;
    let cap = match time {
        Some(p) => {
            let i = p.index as usize;
            let (s, ns) = p.cap.timestamp(i).secs_nanos();
            let nano = p.cap.interfaces[p.cap.records[i].iface()].digits > 6;
            one_packet_at(&bytes, b.linktype(), s, ns, nano)?
        }
        None => one_packet(&bytes, b.linktype())?,
    };
    Ok(PacketRef::built(cap, b))
}

/// A capture of one packet with these bytes, stamped now.
fn one_packet(bytes: &[u8], linktype: u16) -> R<Arc<crate::capture::Capture>> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    one_packet_at(
        bytes,
        linktype,
        now.as_secs() as i64,
        now.subsec_nanos(),
        false,
    )
}

/// A capture of one packet, in microseconds or (`nano`) nanoseconds.
fn one_packet_at(
    bytes: &[u8],
    linktype: u16,
    secs: i64,
    nanos: u32,
    nano: bool,
) -> R<Arc<crate::capture::Capture>> {
    let (magic, frac) = if nano {
        (0xa1b23c4du32, nanos)
    } else {
        (0xa1b2c3d4u32, nanos / 1000)
    };
    let mut f = Vec::with_capacity(40 + bytes.len());
    f.extend_from_slice(&magic.to_le_bytes());
    f.extend_from_slice(&2u16.to_le_bytes());
    f.extend_from_slice(&4u16.to_le_bytes());
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&(bytes.len().max(65535) as u32).to_le_bytes());
    f.extend_from_slice(&(linktype as u32).to_le_bytes());
    f.extend_from_slice(&(secs as u32).to_le_bytes());
    f.extend_from_slice(&frac.to_le_bytes());
    f.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    f.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    f.extend_from_slice(bytes);
    crate::capture::Capture::from_bytes("<built>", f)
        .map(Arc::new)
        .or_else(build_err)
}

/// A script's value as a field value.
pub(crate) fn to_v(v: &Value) -> R<V> {
    Ok(match v {
        Value::None => V::None,
        Value::Bool(b) => V::Int(*b as i64),
        Value::Int(n) => V::Int(*n),
        Value::Flags(n, _) => V::Int(*n as i64),
        Value::Str(s) => V::Str(s.to_string()),
        Value::Bytes(b) => V::Bytes(b.to_vec()),
        Value::List(l) => {
            let items = l.borrow().clone();
            V::List(items.iter().map(to_v).collect::<R<_>>()?)
        }
        Value::Tuple(t) => V::Tuple(t.iter().map(to_v).collect::<R<_>>()?),
        Value::Packet(_) | Value::Layer(_) => {
            let b = built_of(v)?;
            if b.layers.len() == 1 && b.tail.is_empty() {
                V::Pkt(Box::new(b.layers[0].clone()))
            } else {
                // `DNSQR(qname='a')/DNSQR(qname='b')`: a list of records.
                V::List(b.layers.into_iter().map(|l| V::Pkt(Box::new(l))).collect())
            }
        }
        v => {
            return err(
                ErrorKind::Type,
                format!("a field cannot hold a {}", v.type_name()),
            )
        }
    })
}

/// A field value as the script reads it.
fn from_v(d: &crate::build::Def, v: &V) -> R<Value> {
    Ok(match (v, d.kind) {
        (V::Int(n), Kind::Flags(names)) => Value::Flags(
            *n as u32,
            if names.len() > 3 {
                FlagKind::Tcp
            } else {
                FlagKind::Ip
            },
        ),
        (V::None, _) => Value::None,
        (V::Int(n), _) => Value::Int(*n),
        (V::Str(s), _) => Value::str(s),
        (V::Bytes(b), _) => Value::Bytes(b.as_slice().into()),
        (V::List(l), _) => Value::list(l.iter().map(|x| from_v(d, x)).collect::<R<_>>()?),
        (V::Tuple(t), _) => {
            Value::Tuple(Rc::new(t.iter().map(|x| from_v(d, x)).collect::<R<_>>()?))
        }
        (V::Pkt(l), _) => packet(Built::one((**l).clone()))?,
    })
}

/// The built packet of a value: a built packet's own; a captured packet's layers with
/// every field as read; text and bytes as Raw.
pub(crate) fn built_of(v: &Value) -> R<Built> {
    match v {
        Value::Packet(p) => Ok(match &p.built {
            Some(b) => (**b).clone(),
            None => convert(p),
        }),
        Value::Layer(l) => {
            let full = match &l.pkt.built {
                Some(b) => (**b).clone(),
                None => convert(&l.pkt),
            };
            let d = l.pkt.dissect();
            match built_index(&full, &d, l.layer) {
                Some(j) => Ok(Built {
                    layers: full.layers[j..].to_vec(),
                    tail: full.tail,
                }),
                None => Ok(raw_layer(d.layers()[l.layer].bytes(d.data).to_vec())),
            }
        }
        Value::Str(s) => Ok(raw_layer(s.as_bytes().to_vec())),
        Value::Bytes(b) => Ok(raw_layer(b.to_vec())),
        v => err(
            ErrorKind::Type,
            format!("cannot stack a {} on a packet", v.type_name()),
        ),
    }
}

fn raw_layer(b: Vec<u8>) -> Built {
    let mut l = Layer::new(&crate::dissect::layers::raw::BUILD_RAW);
    l.set.push((0, V::Bytes(b)));
    Built::one(l)
}

/// A read packet as layers with every field set as read.
fn convert(p: &PacketRef) -> Built {
    crate::build::from_packet(&p.dissect())
}

/// The bytes of a built packet read back, with the classes it was built of: an IP
/// inside an ICMP error is Scapy's IP there, though read back it is IPerror.
pub(crate) fn aligned(p: &PacketRef) -> crate::dissect::Packet<'_> {
    use crate::dissect::Proto;
    let mut d = p.dissect();
    let Some(b) = &p.built else { return d };
    let mut j = 0;
    for i in 0..d.layers().len() {
        let Some(want) = b.layers.get(j).map(|l| l.tpl.class) else {
            break;
        };
        let have = d.layers()[i].proto;
        let as_built = match (have, want) {
            (Proto::IpError, "IP") => Proto::Ip,
            (Proto::Ipv6Error, "IPv6") => Proto::Ipv6,
            (Proto::TcpError, "TCP") => Proto::Tcp,
            (Proto::UdpError, "UDP") => Proto::Udp,
            (Proto::IcmpError, "ICMP") => Proto::Icmp,
            _ => have,
        };
        d.relabel(i, as_built);
        if as_built.class_name() == want {
            j += 1;
        }
    }
    d
}

/// Which built layer a dissected layer is: the layers are matched by class in order.
fn built_index(b: &Built, d: &crate::dissect::Packet, i: usize) -> Option<usize> {
    let mut j = 0;
    for (k, l) in d.layers().iter().enumerate() {
        let hit = b
            .layers
            .get(j)
            .is_some_and(|x| x.tpl.class == l.proto.class_name());
        if k == i {
            return hit.then_some(j);
        }
        if hit {
            j += 1;
        }
    }
    None
}

/// `a / b`.
pub(crate) fn div(a: &Value, b: &Value) -> R<Value> {
    let (x, y) = (built_of(a)?, built_of(b)?);
    packet(x.stack(&y).or_else(build_err)?)
}

/// The fields of dissected layer `i` of a built packet as its `show()` prints them:
/// the ones left for building at None.
fn shown_fields(b: &Built, d: &crate::dissect::Packet, i: usize) -> Fields {
    let f = d.fields(i);
    let Some(j) = built_index(b, d, i) else {
        return f;
    };
    let l = &b.layers[j];
    let over = b.overloaded(j);
    f.into_iter()
        .map(|(n, fv)| match l.tpl.index(n) {
            Some(k)
                if l.tpl.fields[k].auto == Auto::Hidden
                    && l.value(k).is_none_or(|v| *v == V::None)
                    && !over.contains(&k) =>
            {
                (n, none())
            }
            Some(k) => (n, nested_repr(l.value(k), fv)),
            _ => (n, fv),
        })
        .collect()
}

/// `show()` of a built packet: its fields as set, computed ones None.
pub(crate) fn show_text(p: &PacketRef, from: usize) -> Option<String> {
    let b = p.built.as_ref()?;
    let d = aligned(p);
    Some(crate::dissect::show::show_with(&d, from, |i| {
        shown_fields(b, &d, i)
    }))
}

/// `repr()` of a built packet: the fields set, and those the layer above sets.
pub(crate) fn repr_text(p: &PacketRef, from: usize) -> Option<String> {
    let b = p.built.as_ref()?;
    let d = aligned(p);
    Some(crate::dissect::show::repr_with(&d, from, |i| {
        let f = d.fields(i);
        let Some(j) = built_index(b, &d, i) else {
            return f;
        };
        let l = &b.layers[j];
        let over = b.overloaded(j);
        let mut out: Fields = Vec::new();
        for (n, fv) in f {
            let Some(k) = l.tpl.index(n) else { continue };
            if !(l.value(k).is_some() || over.contains(&k)) {
                continue;
            }
            out.push((n, nested_repr(l.value(k), fv)));
        }
        out
    }))
}

/// A list of records shows each record's fields as set (text stays text).
fn nested_repr(set: Option<&V>, f: Field) -> Field {
    let (Some(V::List(items)), FieldValue::Packets(list)) = (set, &f.value) else {
        return f;
    };
    let list: Vec<crate::dissect::field::Nested> = list
        .iter()
        .zip(items)
        .map(|(n, x)| {
            let mut n = n.clone();
            if let V::Pkt(l) = x {
                for (name, fv) in n.fields.iter_mut() {
                    let set = l.tpl.index(name).and_then(|k| l.value(k));
                    if let Some(v @ V::List(_)) = set {
                        fv.show = v.repr();
                    }
                }
            }
            n
        })
        .collect();
    let list = &list;
    let parts: Vec<String> = items
        .iter()
        .zip(list)
        .map(|(x, n)| {
            let V::Pkt(l) = x else { return String::new() };
            let fields: Fields = n
                .fields
                .iter()
                .filter(|(name, _)| l.tpl.index(name).is_some_and(|k| l.value(k).is_some()))
                .cloned()
                .collect();
            crate::dissect::field::repr(n.class, &fields, "")
        })
        .collect();
    Field {
        show: format!("[{}]", parts.join(", ")),
        value: FieldValue::Packets(list.clone()),
    }
}

fn layer_command(l: &Layer) -> String {
    let mut parts = Vec::new();
    for (k, v) in &l.set {
        let d = &l.tpl.fields[*k];
        let text = match v {
            // Scapy leaves out an empty list when the default is empty too.
            V::List(items)
                if items.is_empty()
                    && matches!(
                        crate::build::value::default_repr(d).as_str(),
                        "[]" | "b''" | "''" | "None" | "0"
                    ) =>
            {
                continue
            }
            V::List(items) if matches!(d.kind, Kind::Records(_)) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|x| match x {
                        V::Pkt(l) => layer_command(l),
                        x => x.repr(),
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            V::List(items) => format!(
                "[{}]",
                items.iter().map(|x| x.repr()).collect::<Vec<_>>().join(",")
            ),
            v => v.repr(),
        };
        parts.push(format!("{}={text}", d.name));
    }
    format!("{}({})", l.tpl.class, parts.join(", "))
}

/// `p.command()`: the expression that builds the packet again.
pub(crate) fn command(v: &Value) -> R<String> {
    let b = built_of(v)?;
    let mut parts: Vec<String> = b.layers.iter().map(layer_command).collect();
    if !b.tail.is_empty() {
        parts.push(format!("Raw(load={})", crate::pyfmt::bytes_repr(&b.tail)));
    }
    Ok(parts.join("/"))
}

/// `p.name` of a built packet's layer at or after `from`: its value as Scapy's
/// `getattr` gives it (None for what is computed when built).
pub(crate) fn field(p: &PacketRef, from: usize, name: &str) -> R<Option<Value>> {
    let Some(b) = &p.built else { return Ok(None) };
    let d = p.dissect();
    let Some(j) = (from..d.layers().len()).find_map(|i| built_index(b, &d, i)) else {
        return Ok(None);
    };
    let vals = b.resolve();
    for (jj, l) in b.layers.iter().enumerate().skip(j) {
        if let Some(k) = l.tpl.index(name) {
            let def = &l.tpl.fields[k];
            let v = &vals[jj][k];
            let unset = l.value(k).is_none() && !b.overloaded(jj).contains(&k);
            if def.auto == Auto::Hidden && unset {
                return Ok(Some(Value::None));
            }
            return from_v(def, v).map(Some);
        }
    }
    Ok(None)
}

/// `obj.name = v` (or `del obj.name` with None) on a packet or layer: the packet with
/// the field changed. Captured packets become built ones with every field as read.
pub(crate) fn set_attr(obj: &Value, name: &str, v: Option<&Value>) -> R<Value> {
    let (p, from) = crate::lang::builtins::packet_of(obj)?;
    let mut b = match &p.built {
        Some(b) => (**b).clone(),
        None => convert(&p),
    };
    let d = p.dissect();
    let start = (from..d.layers().len())
        .find_map(|i| built_index(&b, &d, i))
        .ok_or_else(|| {
            Error::at_none(
                ErrorKind::NotImplemented,
                format!("setting fields of this layer is not supported yet ({name})"),
            )
        })?;
    let Some(j) = (start..b.layers.len()).find(|&j| b.layers[j].tpl.index(name).is_some()) else {
        return err(
            ErrorKind::Attribute,
            format!("no layer here has a field '{name}'"),
        );
    };
    match v {
        Some(v) => {
            let v = to_v(v)?;
            b.layers[j].set(name, v).or_else(build_err)?
        }
        None => b.layers[j].unset(name).or_else(build_err)?,
    }
    let mut np = packet_at(b, Some(&p))?;
    // As in Scapy, the packet changes where it is: in the lists that hold it too.
    p.changed_to(&mut np);
    Ok(match obj {
        Value::Layer(l) => Value::Layer(LayerRef {
            pkt: np,
            layer: l.layer,
        }),
        _ => Value::Packet(np),
    })
}

/// `ls(TCP)`: the class's fields, classes and defaults.
pub(crate) fn ls_class(name: &str) -> R<String> {
    match crate::build::template(name) {
        Some(t) => Ok(crate::build::ls(t)),
        None => err(
            ErrorKind::NotImplemented,
            format!("ls({name}): pcapsh does not know {name}'s fields and defaults yet"),
        ),
    }
}

/// `ls(p)`: each layer's fields as Scapy 2.8.0 lists them: name, field class, the value
/// as `getattr` gives it (repr), the class default (repr); `--` between layers. A layer
/// pcapsh cannot build yet lists its fields as show() names them.
pub(crate) fn ls_packet(p: &PacketRef, from: usize) -> R<String> {
    let b = match &p.built {
        Some(b) => (**b).clone(),
        None => convert(p),
    };
    let d = aligned(p);
    let vals = b.resolve();
    let mut out = String::new();
    for i in from..d.layers().len() {
        if i > from {
            out.push_str("--\n");
        }
        let Some(j) = built_index(&b, &d, i) else {
            for (name, f) in d.fields(i) {
                out.push_str(&format!("{name:<10} = {}\n", f.show));
            }
            continue;
        };
        let l = &b.layers[j];
        // A conditional field whose condition does not hold reads as None.
        let present: Vec<&str> = d.fields(i).into_iter().map(|(n, _)| n).collect();
        for (k, def) in l.tpl.fields.iter().enumerate() {
            let unset = l.value(k).is_none() && !b.overloaded(j).contains(&k);
            let absent = def.class.contains("(Cond)") && !present.contains(&def.name);
            let v = if (def.auto == Auto::Hidden && unset) || absent {
                Value::None
            } else {
                from_v(def, &vals[j][k])?
            };
            // `MultiEnumField (Depends on N)`: N is the value of the field it depends on.
            let class = match def.class.strip_prefix("MultiEnumField (Depends on ") {
                Some(rest) => match &vals[j][0] {
                    V::Int(t) => format!("MultiEnumField (Depends on {t})"),
                    _ => format!("MultiEnumField (Depends on {rest}"),
                },
                None => def.class.to_string(),
            };
            out.push_str(&format!(
                "{:<10} : {:<35} = {:<15} ({})\n",
                def.name,
                class,
                v.repr(),
                crate::pyfmt::str_repr(&crate::build::value::default_repr(def))
            ));
        }
    }
    Ok(out)
}
