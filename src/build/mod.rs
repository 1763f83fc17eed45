//! Building packets as Scapy 2.8.0 does: layers made with fields set by name, stacked
//! with `/`, Scapy's defaults, the fields the layer above sets (`proto` under TCP) and
//! the ones computed when the packet is built (lengths, checksums, counts, addresses
//! from the routing table).
//!
//! Each buildable layer is a `Template` in its protocol's file (fields, defaults, how to
//! write its header) and one line in `TEMPLATES`. The bytes a packet builds to are then
//! read back by the dissector, so `show2()`, `summary()` and field values of a built
//! packet are those of the same bytes read from a capture.

pub mod route;
pub(crate) mod value;

use crate::dissect::layers::{arp, dns, dot1q, ether, icmp, icmpv6, ipv4, ipv6, raw, tcp, udp};
use crate::dissect::Step;

pub use value::{checksum, Kind, V};

/// What Scapy does with a field left at None.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auto {
    /// Nothing: None is not a value this field takes.
    No,
    /// Computed at build time; `show()` prints None (lengths, checksums).
    Hidden,
    /// Computed when read, so `show()` and `p.src` give the value (source addresses).
    Shown,
}

/// A field's default, as Scapy's `fields_desc` gives it.
#[derive(Clone, Copy, Debug)]
pub enum D {
    None,
    Int(i64),
    Str(&'static str),
    Bytes(&'static [u8]),
    /// An empty list.
    List,
    /// DNS's default question list: one `DNSQR()`.
    Question,
    /// ICMP's timestamps: milliseconds since midnight UTC, now.
    Now,
}

/// One field of a template.
pub struct Def {
    pub name: &'static str,
    /// Scapy's field class as `ls()` prints it, with its bit count: "BitField  (4 bits)".
    pub class: &'static str,
    pub kind: Kind,
    pub default: D,
    pub auto: Auto,
}

/// A field: name, `ls()` class, kind, default.
pub const fn f(name: &'static str, class: &'static str, kind: Kind, default: D) -> Def {
    let auto = match default {
        D::None => Auto::Hidden,
        _ => Auto::No,
    };
    Def {
        name,
        class,
        kind,
        default,
        auto,
    }
}

/// A field Scapy fills in when read (`IP.src` from the route to `dst`).
pub const fn shown(name: &'static str, class: &'static str, kind: Kind) -> Def {
    Def {
        name,
        class,
        kind,
        default: D::None,
        auto: Auto::Shown,
    }
}

/// What building one layer has to hand: its fields (Scapy's defaults, the layer above's
/// settings and the computed addresses already in), the layers below (for checksum
/// pseudo-headers and DNS over TCP) and the bytes of everything above it.
pub struct Ctx<'a> {
    pub tpl: &'static Template,
    pub vals: &'a [V],
    pub below: &'a [(&'static Template, Vec<V>)],
    pub payload: &'a [u8],
}

impl Ctx<'_> {
    pub fn get(&self, name: &str) -> &V {
        self.tpl
            .index(name)
            .and_then(|i| self.vals.get(i))
            .unwrap_or(&V::None)
    }
    /// An integer field; None (left for computing) is None.
    pub fn opt(&self, name: &str) -> Result<Option<i64>, String> {
        match self.get(name) {
            V::None => Ok(None),
            v => v.int(name).map(Some),
        }
    }
    pub fn int(&self, name: &str) -> Result<i64, String> {
        Ok(self.opt(name)?.unwrap_or(0))
    }
    /// The layer just below, by class, with its fields.
    pub fn under(&self) -> Option<(&'static str, &[V])> {
        self.below.last().map(|(t, v)| (t.class, &v[..]))
    }
    /// The nearest IP layer below: its class and resolved fields.
    pub fn ip_below(&self) -> Option<(&'static str, &[V])> {
        self.below
            .iter()
            .rev()
            .find(|(t, _)| matches!(t.class, "IP" | "IPv6"))
            .map(|(t, v)| (t.class, &v[..]))
    }
}

/// A layer pcapsh can build.
pub struct Template {
    pub class: &'static str,
    pub fields: &'static [Def],
    /// Writes the header (and, for most layers, copies the payload after it).
    pub build: fn(&Ctx) -> Result<Vec<u8>, String>,
    /// The dissector's step that reads this layer, for a packet that starts with it.
    pub start: Step,
    /// The link type `wrpcap` writes a packet starting with this layer as (0: Scapy has
    /// none and writes Ethernet's, 1).
    pub linktype: u16,
    /// Where this header's options start (TCP's and IP's 20 bytes), when it has some.
    pub options_at: usize,
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}", self.class)
    }
}

impl Template {
    pub fn index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|d| d.name == name)
    }
}

/// Every layer pcapsh builds.
pub static TEMPLATES: &[&Template] = &[
    &ether::BUILD,
    &dot1q::BUILD,
    &arp::BUILD,
    &ipv4::BUILD,
    &ipv6::BUILD,
    &tcp::BUILD,
    &udp::BUILD,
    &icmp::BUILD,
    &icmpv6::BUILD_ECHO_REQUEST,
    &icmpv6::BUILD_ECHO_REPLY,
    &dns::BUILD,
    &dns::BUILD_QR,
    &dns::BUILD_RR,
    &raw::BUILD_RAW,
    &raw::BUILD_PADDING,
];

pub fn template(class: &str) -> Option<&'static Template> {
    TEMPLATES.iter().copied().find(|t| t.class == class)
}

/// The fields a layer sets in the one below it (Scapy's `overload_fields`, from its
/// `bind_layers`): (lower, upper, fields).
type Overload = (&'static str, &'static str, &'static [(&'static str, i64)]);

static OVERLOADS: &[Overload] = &[
    ("Ether", "IP", &[("type", 0x0800)]),
    ("Ether", "IPv6", &[("type", 0x86dd)]),
    ("Ether", "ARP", &[("type", 0x0806)]),
    ("Ether", "Dot1Q", &[("type", 0x8100)]),
    ("IP", "TCP", &[("frag", 0), ("proto", 6)]),
    ("IP", "UDP", &[("frag", 0), ("proto", 17)]),
    ("IP", "ICMP", &[("frag", 0), ("proto", 1)]),
    ("IP", "IP", &[("frag", 0), ("proto", 4)]),
    ("IP", "IPv6", &[("proto", 41)]),
    ("IPv6", "TCP", &[("nh", 6)]),
    ("IPv6", "UDP", &[("nh", 17)]),
    ("IPv6", "IP", &[("nh", 4)]),
    ("IPv6", "IPv6", &[("nh", 41)]),
    ("IPv6", "ICMPv6EchoRequest", &[("nh", 58)]),
    ("IPv6", "ICMPv6EchoReply", &[("nh", 58)]),
    ("UDP", "DNS", &[("sport", 53)]),
    ("TCP", "DNS", &[("sport", 53)]),
];

/// The fields `upper` sets in `lower`. Dot1Q takes Ether's (Scapy's `aliastypes`).
pub fn overloads(lower: &str, upper: &str) -> &'static [(&'static str, i64)] {
    let lower = if lower == "Dot1Q" { "Ether" } else { lower };
    OVERLOADS
        .iter()
        .find(|(l, u, _)| *l == lower && *u == upper)
        .map_or(&[], |(_, _, f)| f)
}

/// One layer of a packet being built: its template and the fields set on it, in the
/// order they were set (Scapy's `fields` dict).
#[derive(Clone, Debug)]
pub struct Layer {
    pub tpl: &'static Template,
    pub set: Vec<(usize, V)>,
}

impl PartialEq for Layer {
    fn eq(&self, o: &Layer) -> bool {
        std::ptr::eq(self.tpl, o.tpl) && self.set == o.set
    }
}

impl Layer {
    /// A layer with Scapy's initial fields: the ones whose default is a list are set
    /// from the start (so `DNS().command()` is `DNS(qd=[DNSQR()])`).
    pub fn new(tpl: &'static Template) -> Layer {
        let set = tpl
            .fields
            .iter()
            .enumerate()
            .filter(|(_, d)| matches!(d.default, D::List | D::Question))
            .map(|(i, d)| (i, value::default(d)))
            .collect();
        Layer { tpl, set }
    }
    /// Sets a field by name, converting names and text as Scapy does (`dport='http'`,
    /// `flags='SA'`, `qname='example.org'`).
    pub fn set(&mut self, name: &str, v: V) -> Result<(), String> {
        let Some(i) = self.tpl.index(name) else {
            return Err(format!("{} has no field '{name}'", self.tpl.class));
        };
        let mut v = self.tpl.fields[i].kind.coerce(name, v)?;
        if self.tpl.class == "DNSRR" && name == "rdata" {
            let t = self.value(1).and_then(|t| t.int("type").ok()).unwrap_or(1);
            v = dns::rdata_as_set(t, v);
        }
        match self.set.iter_mut().find(|(j, _)| *j == i) {
            Some(slot) => slot.1 = v,
            None => self.set.push((i, v)),
        }
        Ok(())
    }
    /// `del p.chksum`: back to the default (computed again when built).
    pub fn unset(&mut self, name: &str) -> Result<(), String> {
        if self.tpl.index(name).is_none() {
            return Err(format!("{} has no field '{name}'", self.tpl.class));
        }
        let i = self.tpl.index(name);
        self.set.retain(|(j, _)| Some(*j) != i);
        Ok(())
    }
    pub fn value(&self, i: usize) -> Option<&V> {
        self.set.iter().find(|(j, _)| *j == i).map(|(_, v)| v)
    }
}

/// A packet being built: its layers, and bytes after them it carries unchanged (the
/// layers of a read packet pcapsh cannot build).
#[derive(Clone, Debug, PartialEq)]
pub struct Built {
    pub layers: Vec<Layer>,
    pub tail: Vec<u8>,
}

impl Built {
    pub fn one(l: Layer) -> Built {
        Built {
            layers: vec![l],
            tail: Vec::new(),
        }
    }

    /// `a / b`.
    pub fn stack(&self, upper: &Built) -> Result<Built, String> {
        if !self.tail.is_empty() {
            return Err(
                "cannot add a layer after bytes pcapsh does not build: rebuild from the layers"
                    .into(),
            );
        }
        let mut b = self.clone();
        b.layers.extend(upper.layers.iter().cloned());
        b.tail = upper.tail.clone();
        Ok(b)
    }

    /// The link type `wrpcap` gives it, and whether Scapy warns that it has none.
    pub fn linktype(&self) -> u16 {
        match self.layers.first().map(|l| l.tpl.linktype) {
            Some(0) | None => 1,
            Some(t) => t,
        }
    }

    /// The dissector's first step for its bytes.
    pub fn start(&self) -> Option<Step> {
        self.layers.first().map(|l| l.tpl.start)
    }

    /// Field indices of layer `i` the layer above it sets.
    pub fn overloaded(&self, i: usize) -> Vec<usize> {
        let (Some(l), Some(up)) = (self.layers.get(i), self.layers.get(i + 1)) else {
            return vec![];
        };
        overloads(l.tpl.class, up.tpl.class)
            .iter()
            .filter_map(|(n, _)| l.tpl.index(n))
            .collect()
    }

    /// Every layer's fields: set, else set by the layer above, else Scapy's default;
    /// addresses Scapy looks up (source IP and MAC, Ether's destination) filled in.
    pub fn resolve(&self) -> Vec<Vec<V>> {
        let n = self.layers.len();
        let mut out: Vec<Vec<V>> = (0..n)
            .map(|i| {
                let l = &self.layers[i];
                let over = self
                    .layers
                    .get(i + 1)
                    .map_or(&[][..], |u| overloads(l.tpl.class, u.tpl.class));
                l.tpl
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(j, d)| match l.value(j) {
                        Some(v) => v.clone(),
                        None => match over.iter().find(|(n, _)| *n == d.name) {
                            Some((_, x)) => V::Int(*x),
                            None => value::default(d),
                        },
                    })
                    .collect()
            })
            .collect();
        route::fill(&self.layers, &mut out);
        out
    }

    /// The packet's bytes, as Scapy's `raw()` gives them.
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        let vals = self.resolve();
        let below: Vec<(&'static Template, Vec<V>)> = self
            .layers
            .iter()
            .zip(vals.iter())
            .map(|(l, v)| (l.tpl, v.clone()))
            .collect();
        let mut payload = self.tail.clone();
        for i in (0..self.layers.len()).rev() {
            let ctx = Ctx {
                tpl: self.layers[i].tpl,
                vals: &vals[i],
                below: &below[..i],
                payload: &payload,
            };
            payload = (self.layers[i].tpl.build)(&ctx)
                .map_err(|e| format!("{}: {e}", self.layers[i].tpl.class))?;
        }
        Ok(payload)
    }
}

/// A read packet as layers with every field set as read (so it builds to the same
/// bytes); from the first layer pcapsh cannot build on, its bytes are carried unchanged.
pub fn from_packet(d: &crate::dissect::Packet) -> Built {
    let mut b = Built {
        layers: Vec::new(),
        tail: Vec::new(),
    };
    for (i, l) in d.layers().iter().enumerate() {
        // DNS messages are carried as read: names may be compressed and records of
        // classes pcapsh does not build (OPT) must come out as they went in.
        let tpl = template(l.proto.class_name()).filter(|t| t.class != "DNS");
        let Some(tpl) = tpl else {
            b.tail = d.data[l.start as usize..].to_vec();
            break;
        };
        let mut layer = Layer::new(tpl);
        for (name, f) in d.fields(i) {
            if let Some(k) = tpl.index(name) {
                if let Some(v) = from_field(&tpl.fields[k], &f.value) {
                    layer.set.retain(|(j, _)| *j != k);
                    layer.set.push((k, v));
                }
            }
        }
        if tpl.options_at > 0 {
            let h = l.header(d.data);
            if let (Some(k), Some(o)) = (tpl.index("options"), h.get(tpl.options_at..)) {
                layer.set.retain(|(j, _)| *j != k);
                // As Scapy reads them: TCP's a list (empty when there are none).
                if tpl.class == "TCP" {
                    layer
                        .set
                        .push((k, crate::dissect::layers::tcp::options_value(o)));
                } else if !o.is_empty() {
                    layer.set.push((k, V::Bytes(o.to_vec())));
                }
            }
        }
        b.layers.push(layer);
    }
    b
}

/// A field of a packet read from bytes, as a template field holds it.
pub fn from_field(d: &Def, f: &crate::dissect::field::FieldValue) -> Option<V> {
    value::from_field(d, f)
}

/// `ls(CLASS)`: each field with its class and default.
pub fn ls(tpl: &Template) -> String {
    let mut s = String::new();
    for d in tpl.fields {
        s.push_str(&format!(
            "{:<10} : {:<35} = ({})\n",
            d.name,
            d.class,
            crate::pyfmt::str_repr(&value::default_repr(d))
        ));
    }
    s
}

/// Adds a big-endian 16-bit value.
pub fn put16(out: &mut Vec<u8>, v: i64) {
    out.extend_from_slice(&(v as u16).to_be_bytes());
}

/// Adds a big-endian 32-bit value.
pub fn put32(out: &mut Vec<u8>, v: i64) {
    out.extend_from_slice(&(v as u32).to_be_bytes());
}

/// The checksum of a transport segment over the pseudo-header of the nearest IP layer
/// below (RFC 793, RFC 8200 section 8.1); None when there is none.
pub fn l4_checksum(c: &Ctx, proto: u8, seg: &[u8]) -> Result<Option<u16>, String> {
    let Some((class, v)) = c.ip_below() else {
        return Ok(None);
    };
    let t = template(class).ok_or("no IP template")?;
    let get = |n: &str| t.index(n).map_or(&V::None, |i| &v[i]);
    let mut ph = Vec::with_capacity(40 + seg.len());
    if class == "IP" {
        ph.extend_from_slice(&get("src").ip4("src")?);
        ph.extend_from_slice(&get("dst").ip4("dst")?);
        ph.extend_from_slice(&[0, proto]);
        put16(&mut ph, seg.len() as i64);
    } else {
        ph.extend_from_slice(&get("src").ip6("src")?);
        ph.extend_from_slice(&get("dst").ip6("dst")?);
        put32(&mut ph, seg.len() as i64);
        ph.extend_from_slice(&[0, 0, 0, proto]);
    }
    ph.extend_from_slice(seg);
    Ok(Some(checksum(&ph)))
}
