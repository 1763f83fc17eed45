//! Scapy 2.8.0's ASN.1 packets (`ASN1_Packet` with an `ASN1_root` of `ASN1F_*`
//! fields), walked from tables: each layer Scapy writes this way (Kerberos, LDAP) is a
//! schema that tools/make-asn1-schema.py writes from Scapy's own classes, and this file
//! dissects any of them as `scapy.asn1fields` does:
//!
//! - a SEQUENCE is transparent (its fields are the packet's), its content bounded by
//!   its length, and bytes left inside it fail it; an empty one sets its fields None;
//! - an implicit tag replaces the value's own (Scapy puts the type's tag back before
//!   decoding); an explicit tag is read with its length, which bounds nothing;
//! - an optional field that fails to decode is None and takes no bytes;
//! - a CHOICE picks its alternative by the next tag, and fails on an unknown one;
//! - a packet field decodes its class and returns the bytes after it; a string that
//!   holds a packet (`ASN1F_STRING_PacketField`) decodes its content, and what the
//!   class leaves is Raw after it.
//!
//! Values are Scapy's ASN.1 objects (`ber.rs`), shown by their repr.

use super::ber::{self, Ber, BerError, BerResult, BerVal};
use crate::dissect::field::{self, held, packets, Field, FieldValue, Fields, Nested};

pub struct Schema {
    pub module: &'static str,
    pub nodes: &'static [Node],
    pub alts: &'static [(u64, Alt)],
    pub classes: &'static [Cls],
}

/// A class: its name, display name and module, and its root node; a class that is not
/// ASN.1 in Scapy has none, and is dissected by its `native` function, or read as one
/// BER value of any type.
pub struct Cls {
    pub name: &'static str,
    pub display: &'static str,
    pub module: &'static str,
    pub root: Option<u16>,
    pub native: Option<Native>,
}

/// A class Scapy writes as an ordinary packet: its packet (with the layers after it, if
/// any) and the bytes it leaves.
pub type Native = for<'a> fn(&mut Dec, &'a [u8]) -> BerResult<(Vec<Nested>, &'a [u8])>;

/// One `ASN1F_*` field.
pub struct Node {
    pub name: &'static str,
    pub kind: Kind,
    pub imp: Option<u64>,
    pub exp: Option<u64>,
    pub opt: bool,
}

#[derive(Clone, Copy)]
pub enum Kind {
    /// A primitive of this tag, read by this codec into this ASN.1 class.
    Prim(u64, Codec, &'static str),
    /// An integer with names (`ASN1F_enum_INTEGER`, `ASN1F_ENUMERATED`).
    Enum(u64, &'static str, &'static [(i64, &'static str)]),
    /// A bit string with a name per bit (`ASN1F_FLAGS`).
    Flags(&'static [&'static str]),
    /// Any value (`ASN1F_field`).
    Any,
    /// A sequence (or set) of these nodes: tag, first node, count.
    Seq(u64, u16, u16),
    /// A sequence of values of one node.
    SeqOf(u64, u16),
    /// A sequence of packets of one class.
    SeqOfCls(u64, u16),
    /// The alternatives `alts[first..first + n]`.
    Choice(u16, u16),
    /// A packet of a class.
    Packet(u16),
    /// A string whose content is a packet of a class (`ASN1F_STRING_ENCAPS`).
    Encaps(u64, u16),
    /// A string a hook may read as a packet, by another field's value.
    Hook(u64, Hook, &'static str),
    /// A packet of the class a hook picks (`next_cls_cb`).
    PacketHook(Hook),
}

#[derive(Clone, Copy)]
pub enum Codec {
    Int,
    Str,
    Bits,
    Oid,
    Ip,
}

#[derive(Clone, Copy)]
pub enum Alt {
    Cls(u16),
    Node(u16),
}

/// The `ASN1F_STRING_PacketField`s whose `m2i` picks a class.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Hook {
    Plain,
    Padata,
    AuthData,
    KrbErrorData,
    FastArmor,
    ErrorData,
    Control,
    Sasl,
    GssMech,
    SpnegoToken,
    MechListMic,
}

/// Picks the class a hook's string holds: (hook, the packet's fields so far, the
/// classes around it and the fields of the packets around it, innermost last).
pub type Pick = fn(Hook, &Fields, &[u16], &[Fields]) -> Pick2;

/// What a hook does with the string.
pub enum Pick2 {
    Keep,
    Class(u16),
    /// Try these classes in turn; the first that decodes wins; if none does, fail.
    Try(&'static [u16]),
    /// A packet a function dissects from the whole string, at this depth.
    Native(fn(usize, &[u8]) -> BerResult<Vec<Nested>>),
    /// Scapy's hook raises an error no field catches (a control type that is not
    /// UTF-8): the whole message fails.
    Fail,
}

/// Deeper than this, Python's recursion limit stops Scapy: the layer is Raw.
const MAX_NEST: usize = 48;

/// The input at one point: the bytes, and the tag an implicit tag put back in place of
/// the one read (Scapy re-prefixes the bytes with it).
#[derive(Clone, Copy)]
struct In<'a> {
    id: Option<u64>,
    s: &'a [u8],
}

impl<'a> In<'a> {
    fn of(s: &'a [u8]) -> Self {
        In { id: None, s }
    }
    fn is_empty(&self) -> bool {
        self.id.is_none() && self.s.is_empty()
    }
    fn read_id(&self) -> BerResult<(u64, &'a [u8])> {
        match self.id {
            Some(t) => Ok((t, self.s)),
            None => ber::id_dec(self.s),
        }
    }
}

pub struct Dec {
    schema: &'static Schema,
    pick: Pick,
    stack: Vec<u16>,
    parents: Vec<Fields>,
}

impl Dec {
    pub fn new(schema: &'static Schema, pick: Pick) -> Self {
        Dec {
            schema,
            pick,
            stack: Vec::new(),
            parents: Vec::new(),
        }
    }

    /// A decoder that starts `depth` packets deep (a packet inside another layer's).
    pub fn at_depth(schema: &'static Schema, pick: Pick, depth: usize) -> Result<Self, BerError> {
        if depth > MAX_NEST {
            return Err(BerError::Fatal);
        }
        let mut d = Dec::new(schema, pick);
        d.stack = vec![u16::MAX; depth];
        Ok(d)
    }

    fn node(&self, i: u16) -> &'static Node {
        &self.schema.nodes[i as usize]
    }

    /// Dissects class `cls` from `s` as `cls(s)` does: its fields, then the bytes after.
    pub fn class<'a>(&mut self, cls: u16, s: &'a [u8]) -> BerResult<(Nested, &'a [u8])> {
        self.class_in(cls, In::of(s))
    }

    fn class_in<'a>(&mut self, cls: u16, inp: In<'a>) -> BerResult<(Nested, &'a [u8])> {
        if self.stack.len() > MAX_NEST {
            return Err(BerError::Fatal);
        }
        let c = &self.schema.classes[cls as usize];
        let Some(root) = c.root else {
            return Err(BerError::Decode);
        };
        let mut fields = Vec::new();
        self.leaves(root, &mut fields);
        self.stack.push(cls);
        let r = self.dissect(root, inp, &mut fields);
        self.stack.pop();
        let rest = r?;
        Ok((
            Nested {
                class: c.name,
                display: c.display,
                fields,
            },
            rest,
        ))
    }

    /// The class's fields in Scapy's order (`fields_desc`), all None.
    fn leaves(&self, i: u16, out: &mut Fields) {
        let n = self.node(i);
        if let Kind::Seq(_, first, cnt) = n.kind {
            for k in first..first + cnt {
                self.leaves(k, out);
            }
        } else if !out.iter().any(|(k, _)| *k == n.name) {
            out.push((n.name, field::none()));
        }
    }

    fn set(out: &mut Fields, name: &'static str, v: Field) {
        match out.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = v,
            None => out.push((name, v)),
        }
    }

    /// `field.dissect(pkt, s)`, optional fields included.
    fn dissect<'a>(&mut self, i: u16, inp: In<'a>, out: &mut Fields) -> BerResult<&'a [u8]> {
        let n = self.node(i);
        let r = self.dissect_req(i, inp, out);
        match r {
            Err(BerError::Decode) if n.opt => {
                // Scapy sets the field None; a sequence's fields keep what was read.
                if !matches!(n.kind, Kind::Seq(..)) {
                    Self::set(out, n.name, field::none());
                }
                Ok(Self::unread(inp))
            }
            r => r,
        }
    }

    /// The bytes of an input nothing was read from (an implicit tag's replacement is
    /// only made after a read).
    fn unread(inp: In<'_>) -> &[u8] {
        inp.s
    }

    fn dissect_req<'a>(&mut self, i: u16, inp: In<'a>, out: &mut Fields) -> BerResult<&'a [u8]> {
        let n = self.node(i);
        if let Kind::Seq(tag, first, cnt) = n.kind {
            let inp = tagging(n, inp, tag)?;
            let (content, remain) = check_len(tag, inp)?;
            if content.is_empty() {
                for k in first..first + cnt {
                    if !matches!(self.node(k).kind, Kind::Seq(..)) {
                        Self::set(out, self.node(k).name, field::none());
                    }
                }
                return Ok(remain);
            }
            let mut s = content;
            for k in first..first + cnt {
                s = self.dissect(k, In::of(s), out)?;
            }
            if !s.is_empty() {
                return Err(BerError::Decode);
            }
            return Ok(remain);
        }
        let (v, rest) = self.m2i(i, inp, out)?;
        Self::set(out, n.name, v);
        Ok(rest)
    }

    /// `field.m2i(pkt, s)`: the value and the bytes after it. Hooks of the packets read
    /// inside it see this packet's fields as their parent's.
    fn m2i<'a>(&mut self, i: u16, inp: In<'a>, out: &Fields) -> BerResult<(Field, &'a [u8])> {
        let nests = !matches!(
            self.node(i).kind,
            Kind::Prim(..) | Kind::Enum(..) | Kind::Flags(_) | Kind::Any | Kind::SeqOf(..)
        );
        if nests {
            self.parents.push(out.clone());
        }
        let r = self.m2i_here(i, inp, out);
        if nests {
            self.parents.pop();
        }
        r
    }

    fn m2i_here<'a>(&mut self, i: u16, inp: In<'a>, out: &Fields) -> BerResult<(Field, &'a [u8])> {
        let n = self.node(i);
        match n.kind {
            Kind::Prim(tag, codec, class) => {
                let (b, rest) = prim(tagging(n, inp, tag)?, tag, codec, class)?;
                Ok((b.field(), rest))
            }
            Kind::Enum(tag, class, names) => {
                let (b, rest) = prim(tagging(n, inp, tag)?, tag, Codec::Int, class)?;
                Ok((b.enum_field(names), rest))
            }
            Kind::Flags(names) => {
                let (b, rest) = prim(tagging(n, inp, 3)?, 3, Codec::Bits, BITS)?;
                Ok((flags(b, names), rest))
            }
            Kind::Any => {
                let inp = tagging(n, inp, 0)?;
                if inp.id.is_some() {
                    return Err(BerError::Decode);
                }
                let (b, rest) = ber::dec_any(inp.s, 0)?;
                Ok((b.field(), rest))
            }
            Kind::Seq(..) => Err(BerError::Decode),
            Kind::SeqOf(tag, elem) => {
                let (mut s, remain) = check_len(tag, tagging(n, inp, tag)?)?;
                let mut items = Vec::new();
                while !s.is_empty() {
                    let (v, r) = self.m2i(elem, In::of(s), out)?;
                    items.push(v);
                    s = r;
                }
                Ok((field::list(items), remain))
            }
            Kind::SeqOfCls(tag, cls) => {
                let (mut s, remain) = check_len(tag, tagging(n, inp, tag)?)?;
                let mut items = Vec::new();
                while !s.is_empty() {
                    let (v, r) = self.extract(cls, In::of(s))?;
                    items.extend(v);
                    s = r;
                }
                Ok((packets(items), remain))
            }
            Kind::Choice(first, cnt) => {
                if inp.is_empty() {
                    return Err(BerError::Decode);
                }
                let inp = tagging(n, inp, 0)?;
                let (tag, _) = inp.read_id()?;
                let alts = &self.schema.alts[first as usize..(first + cnt) as usize];
                match alts.iter().find(|(t, _)| *t == tag).map(|(_, a)| *a) {
                    Some(Alt::Cls(c)) => self.extract_field(c, inp),
                    Some(Alt::Node(k)) => self.m2i(k, inp, out),
                    None => Err(BerError::Decode),
                }
            }
            Kind::PacketHook(h) => self.packet_hook(h, inp, out),
            Kind::Packet(cls) if self.schema.classes[cls as usize].root.is_none() => {
                // Not ASN.1: Scapy hands it the bytes without reading a tag.
                self.extract_field(cls, inp)
            }
            Kind::Packet(cls) => {
                let inp = tagging(n, inp, self.root_tag(cls))?;
                if inp.is_empty() {
                    return Ok((field::none(), inp.s));
                }
                self.extract_field(cls, inp)
            }
            Kind::Encaps(tag, cls) => {
                let (b, rest) = prim(tagging(n, inp, tag)?, tag, Codec::Str, "ASN1_STRING")?;
                let content = match &b.val {
                    BerVal::Bytes(v) => v.clone(),
                    _ => Vec::new(),
                };
                if content.is_empty() {
                    return Ok((field::none(), rest));
                }
                Ok((self.whole(cls, &content)?, rest))
            }
            Kind::Hook(tag, hook, class) => {
                let (b, rest) = prim(tagging(n, inp, tag)?, tag, Codec::Str, class)?;
                let content = match &b.val {
                    BerVal::Bytes(v) => v.clone(),
                    _ => Vec::new(),
                };
                if content.is_empty() || hook == Hook::Plain {
                    return Ok((b.field(), rest));
                }
                match (self.pick)(hook, out, &self.stack, &self.parents) {
                    Pick2::Keep => Ok((b.field(), rest)),
                    Pick2::Fail => Err(BerError::Fatal),
                    Pick2::Native(f) => Ok((held(f(self.stack.len() + 1, &content)?), rest)),
                    Pick2::Class(c) => Ok((self.whole(c, &content)?, rest)),
                    Pick2::Try(list) => {
                        let mut last = Err(BerError::Decode);
                        for &c in list {
                            last = self.whole(c, &content);
                            if !matches!(last, Err(BerError::Decode)) {
                                break;
                            }
                        }
                        Ok((last?, rest))
                    }
                }
            }
        }
    }

    /// A packet of the class a hook picks; none picked is Scapy's Raw, which takes
    /// every byte and so leaves them after the field (an error) unless there are none.
    fn packet_hook<'a>(
        &mut self,
        h: Hook,
        inp: In<'a>,
        out: &Fields,
    ) -> BerResult<(Field, &'a [u8])> {
        match (self.pick)(h, out, &self.stack, &self.parents) {
            Pick2::Class(c) => {
                if self.schema.classes[c as usize].root.is_none() {
                    return self.extract_field(c, inp);
                }
                if inp.is_empty() {
                    return Ok((field::none(), inp.s));
                }
                self.extract_field(c, inp)
            }
            _ if inp.is_empty() => Ok((held(vec![field::raw(b"")]), inp.s)),
            _ => Err(BerError::Decode),
        }
    }

    /// The tag a class's root has (Scapy's `hidden_tag` for an implicit tag).
    fn root_tag(&self, cls: u16) -> u64 {
        let Some(root) = self.schema.classes[cls as usize].root else {
            return 0;
        };
        match self.node(root).kind {
            Kind::Prim(t, ..) | Kind::Enum(t, ..) | Kind::Seq(t, ..) => t,
            Kind::SeqOf(t, _) | Kind::SeqOfCls(t, _) | Kind::Encaps(t, _) => t,
            Kind::Hook(t, ..) => t,
            Kind::Flags(_) => 3,
            Kind::Any | Kind::Choice(..) | Kind::Packet(_) | Kind::PacketHook(_) => 0,
        }
    }

    /// Scapy's `extract_packet`: the class's packet (its Raw payload given back as the
    /// bytes after it).
    fn extract<'a>(&mut self, cls: u16, inp: In<'a>) -> BerResult<(Option<Nested>, &'a [u8])> {
        if self.schema.classes[cls as usize].root.is_none() {
            return Err(BerError::Decode);
        }
        let (p, rest) = self.class_in(cls, inp)?;
        Ok((Some(p), rest))
    }

    fn extract_field<'a>(&mut self, cls: u16, inp: In<'a>) -> BerResult<(Field, &'a [u8])> {
        if let Some(f) = self.schema.classes[cls as usize].native {
            if inp.id.is_some() {
                return Err(BerError::Decode);
            }
            let (list, rest) = self.native(f, inp.s)?;
            return Ok((held(list), rest));
        }
        if self.schema.classes[cls as usize].root.is_none() {
            // Not ASN.1 in Scapy (or X.509, not written here): one value of any type.
            if inp.id.is_some() {
                return Err(BerError::Decode);
            }
            let (b, rest) = ber::dec_any(inp.s, 0)?;
            return Ok((b.field(), rest));
        }
        let (p, rest) = self.class_in(cls, inp)?;
        Ok((held(vec![p]), rest))
    }

    fn native<'a>(&mut self, f: Native, s: &'a [u8]) -> BerResult<(Vec<Nested>, &'a [u8])> {
        if self.stack.len() > MAX_NEST {
            return Err(BerError::Fatal);
        }
        self.stack.push(u16::MAX);
        let r = f(self, s);
        self.stack.pop();
        r
    }

    /// `cls(s)`: the packet, and Raw after it for what it leaves.
    pub fn whole(&mut self, cls: u16, s: &[u8]) -> BerResult<Field> {
        Ok(held(self.whole_list(cls, s)?))
    }

    /// The same, as the packet and the layers after it.
    pub fn whole_list(&mut self, cls: u16, s: &[u8]) -> BerResult<Vec<Nested>> {
        if s.is_empty() {
            return Err(BerError::Decode);
        }
        let (mut list, rest) = match self.schema.classes[cls as usize].native {
            Some(f) => self.native(f, s)?,
            None => {
                let (p, rest) = self.class_in(cls, In::of(s))?;
                (vec![p], rest)
            }
        };
        if !rest.is_empty() {
            list.push(field::raw(rest));
        }
        Ok(list)
    }
}

const BITS: &str = "_Raw_ASN1_BIT_STRING";

/// Scapy's `BER_tagging_dec`: an implicit tag must be there and is replaced by the
/// type's `hidden` tag; an explicit tag must be there, and its length is read.
fn tagging<'a>(n: &Node, inp: In<'a>, hidden: u64) -> BerResult<In<'a>> {
    if inp.is_empty() {
        return Ok(inp);
    }
    if let Some(t) = n.imp {
        let (id, rest) = inp.read_id()?;
        if id != t {
            return Err(BerError::Decode);
        }
        return Ok(In {
            id: Some(hidden & 0xff),
            s: rest,
        });
    }
    if let Some(t) = n.exp {
        let (id, rest) = inp.read_id()?;
        if id != t {
            return Err(BerError::Decode);
        }
        let (_, rest) = ber::len_dec(rest)?;
        return Ok(In::of(rest));
    }
    Ok(inp)
}

/// `check_type_check_len`: the tag must be `tag`; (content, bytes after).
fn check_len(tag: u64, inp: In<'_>) -> BerResult<(&[u8], &[u8])> {
    let (t, rest) = inp.read_id()?;
    if t != tag || rest.is_empty() {
        return Err(BerError::Decode);
    }
    let (l, rest) = ber::len_dec(rest)?;
    if rest.len() < l {
        return Err(BerError::Decode);
    }
    Ok(rest.split_at(l))
}

/// A primitive: the codec's tag check, then its content.
fn prim<'a>(
    inp: In<'a>,
    tag: u64,
    codec: Codec,
    class: &'static str,
) -> BerResult<(Ber, &'a [u8])> {
    if inp.is_empty() {
        return Err(BerError::Decode);
    }
    let (c, rest) = check_len(tag, inp)?;
    let b = match codec {
        Codec::Int => ber::int_of(c, class),
        Codec::Str => Ber {
            class,
            val: BerVal::Bytes(c.to_vec()),
        },
        Codec::Bits => ber::bits_of(c)?,
        Codec::Oid => ber::oid_of(c)?,
        Codec::Ip => {
            if c.len() != 4 {
                return Err(BerError::Decode);
            }
            Ber {
                class,
                val: BerVal::Text(format!("{}.{}.{}.{}", c[0], c[1], c[2], c[3])),
            }
        }
    };
    Ok((b, rest))
}

/// `ASN1F_FLAGS`: the names of the bits set, then the bit string.
fn flags(b: Ber, names: &[&str]) -> Field {
    let set: Vec<&str> = match &b.val {
        BerVal::Bits(bits) => bits
            .chars()
            .enumerate()
            .filter(|(i, c)| *c == '1' && *i < names.len())
            .map(|(i, _)| names[i])
            .collect(),
        _ => Vec::new(),
    };
    let mut f = b.field();
    f.show = format!("{} {}", set.join(", "), f.show);
    f
}

/// A field's value by name, as an integer (the hooks' `pkt.padataType.val`).
pub fn int_field(fields: &Fields, name: &str) -> Option<i64> {
    match &fields.iter().find(|(k, _)| *k == name)?.1.value {
        FieldValue::Asn1(b) => match &b.val {
            BerVal::Int(v) => i64::try_from(v).ok(),
            _ => None,
        },
        _ => None,
    }
}

/// A field's value by name, as bytes (LDAP's `controlType`).
pub fn bytes_field<'f>(fields: &'f Fields, name: &str) -> Option<&'f [u8]> {
    match &fields.iter().find(|(k, _)| *k == name)?.1.value {
        FieldValue::Asn1(b) => match &b.val {
            BerVal::Bytes(v) => Some(v),
            _ => None,
        },
        _ => None,
    }
}
