//! ASN.1 BER values as Scapy 2.8.0's `scapy.asn1.ber` decodes them, for the layers
//! Scapy writes as `ASN1_Packet`s (SNMP): tags and lengths read the way its
//! `BER_id_dec`/`BER_len_dec` read them (a high tag number folds into a small one, a
//! long length of zero octets is 0), the universal types it has codecs for, and each
//! value shown by its `repr` (`0x5 <ASN1_INTEGER[5]>`, `<ASN1_STRING[b'public']>`,
//! `<ASN1_OID['.1.3.6.1.2.1.1.1.0']>`).

use num_bigint::BigInt;

use crate::dissect::field::{Field, FieldValue};

/// Why a value did not decode: `Decode` is Scapy's BER_Decoding_Error or ASN1_Error
/// (an optional field becomes None); `Fatal` is its BER_Exception (nesting deeper than
/// 32), which no field catches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BerError {
    Decode,
    Fatal,
}

pub type BerResult<T> = Result<T, BerError>;

const MAX_DEPTH: usize = 32;

pub const INTEGER: u64 = 2;
pub const STRING: u64 = 4;
pub const NULL: u64 = 5;
pub const OID: u64 = 6;
pub const SEQUENCE: u64 = 0x30;
pub const IPADDRESS: u64 = 0x40;
pub const TIME_TICKS: u64 = 0x43;

/// Scapy's `BER_num_dec`: a base-128 number, at most 33 octets.
fn num_dec(s: &[u8], cls: u64) -> BerResult<(u64, &[u8])> {
    if s.is_empty() {
        return Err(BerError::Decode);
    }
    let mut x = cls;
    for (i, &c) in s.iter().enumerate() {
        // Python's integers do not wrap; a tag this large matches nothing anyway.
        x = x
            .checked_mul(128)
            .map_or(u64::MAX, |v| v | (c & 0x7f) as u64);
        if c & 0x80 == 0 {
            return Ok((x, &s[i + 1..]));
        }
        if i > 32 {
            return Err(BerError::Decode);
        }
    }
    Err(BerError::Decode)
}

/// Scapy's `BER_id_dec`: the identifier octet(s), class and form bits kept.
pub fn id_dec(s: &[u8]) -> BerResult<(u64, &[u8])> {
    let x = *s.first().ok_or(BerError::Decode)?;
    if x & 0x1f != 0x1f {
        Ok((x as u64, &s[1..]))
    } else {
        num_dec(&s[1..], (x >> 5) as u64)
    }
}

/// Scapy's `BER_len_dec`.
pub fn len_dec(s: &[u8]) -> BerResult<(usize, &[u8])> {
    let b = *s.first().ok_or(BerError::Decode)?;
    if b & 0x80 == 0 {
        return Ok((b as usize, &s[1..]));
    }
    let n = (b & 0x7f) as usize;
    if s.len() <= n {
        return Err(BerError::Decode);
    }
    let l = s[1..=n].iter().fold(0usize, |l, &c| {
        l.checked_mul(256).map_or(usize::MAX, |v| v | c as usize)
    });
    Ok((l, &s[n + 1..]))
}

/// Scapy's `check_type_check_len`: the tag must be `tag`; returns (content, rest).
pub fn check(tag: u64, s: &[u8]) -> BerResult<(&[u8], &[u8])> {
    let (t, rest) = id_dec(s)?;
    if t != tag || rest.is_empty() {
        return Err(BerError::Decode);
    }
    let (l, rest) = len_dec(rest)?;
    if rest.len() < l {
        return Err(BerError::Decode);
    }
    Ok(rest.split_at(l))
}

/// A decoded value: its Scapy class and what it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Ber {
    pub class: &'static str,
    pub val: BerVal,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BerVal {
    Int(BigInt),
    Bytes(Vec<u8>),
    /// OIDs, IP addresses, times: text.
    Text(String),
    /// A bit string as '0'/'1' characters.
    Bits(String),
    Seq(Vec<Ber>),
}

/// How a universal type's content is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Str,
    Other,
}

/// Scapy's ASN.1 object class of each universal tag it has a codec for.
const TYPES: &[(u64, &str, Kind)] = &[
    (1, "ASN1_BOOLEAN", Kind::Int),
    (2, "ASN1_INTEGER", Kind::Int),
    (3, "ASN1_BIT_STRING", Kind::Other),
    (3, "_Raw_ASN1_BIT_STRING", Kind::Other),
    (4, "ASN1_STRING", Kind::Str),
    (5, "ASN1_NULL", Kind::Int),
    (6, "ASN1_OID", Kind::Other),
    (10, "ASN1_ENUMERATED", Kind::Int),
    (12, "ASN1_UTF8_STRING", Kind::Str),
    (18, "ASN1_NUMERIC_STRING", Kind::Str),
    (19, "ASN1_PRINTABLE_STRING", Kind::Str),
    (20, "ASN1_T61_STRING", Kind::Str),
    (21, "ASN1_VIDEOTEX_STRING", Kind::Str),
    (22, "ASN1_IA5_STRING", Kind::Str),
    (23, "ASN1_UTC_TIME", Kind::Str),
    (24, "ASN1_GENERALIZED_TIME", Kind::Str),
    (26, "ASN1_ISO646_STRING", Kind::Str),
    (27, "ASN1_GENERAL_STRING", Kind::Str),
    (28, "ASN1_UNIVERSAL_STRING", Kind::Str),
    (30, "ASN1_BMP_STRING", Kind::Str),
    (0x30, "ASN1_SEQUENCE", Kind::Other),
    (0x31, "ASN1_SET", Kind::Other),
    (0x40, "ASN1_IPADDRESS", Kind::Other),
    (0x41, "ASN1_COUNTER32", Kind::Int),
    (0x42, "ASN1_GAUGE32", Kind::Int),
    (0x43, "ASN1_TIME_TICKS", Kind::Int),
    (0x46, "ASN1_COUNTER64", Kind::Int),
];

fn class_of(tag: u64, kind: Kind) -> Option<&'static str> {
    TYPES
        .iter()
        .find(|(t, _, k)| *t == tag && *k == kind)
        .map(|(_, c, _)| *c)
}

/// The universal tag of one of Scapy's ASN.1 classes (0 for one it has no codec for).
pub fn tag_of(class: &str) -> u8 {
    TYPES
        .iter()
        .find(|(_, c, _)| *c == class)
        .map_or(0, |(t, _, _)| *t as u8)
}

/// An INTEGER-like value of class `class` (the tag checked by the caller's `check`).
pub fn int_of(content: &[u8], class: &'static str) -> Ber {
    Ber {
        class,
        val: BerVal::Int(BigInt::from_signed_bytes_be(content)),
    }
}

/// A BIT STRING's content: the unused-bit count, then the bits. Scapy's shell loads
/// `scapy.layers.tls.cert`, whose `_Raw_ASN1_BIT_STRING` is then the class decoded.
pub fn bits_of(c: &[u8]) -> BerResult<Ber> {
    let (&unused, bits) = c.split_first().ok_or(BerError::Decode)?;
    let mut fs: String = bits.iter().map(|b| format!("{b:08b}")).collect();
    let keep = fs.len().saturating_sub(unused as usize);
    fs.truncate(keep);
    Ok(Ber {
        class: "_Raw_ASN1_BIT_STRING",
        val: BerVal::Bits(fs),
    })
}

/// Scapy's OID decoding, the first number split by 40 as it splits it.
pub fn oid_of(content: &[u8]) -> BerResult<Ber> {
    let mut nums: Vec<u64> = Vec::new();
    let mut s = content;
    while !s.is_empty() {
        let (n, rest) = num_dec(s, 0)?;
        nums.push(n);
        s = rest;
    }
    if let Some(&first) = nums.first() {
        nums.insert(0, first / 40);
        nums[1] %= 40;
    }
    let dotted: Vec<String> = nums.iter().map(|n| n.to_string()).collect();
    Ok(Ber {
        class: "ASN1_OID",
        val: BerVal::Text(dotted.join(".")),
    })
}

/// Scapy's `BERcodec_Object.dec` in the universal context: any value it knows.
pub fn dec_any(s: &[u8], depth: usize) -> BerResult<(Ber, &[u8])> {
    if depth > MAX_DEPTH {
        return Err(BerError::Fatal);
    }
    let (tag, after) = id_dec(s)?;
    if tag == 0 {
        // The ANY tag has no codec: Scapy reads a base-128 number as the length.
        let (l, rest) = num_dec(after, 0)?;
        let l = (l as usize).min(rest.len());
        return Ok((
            Ber {
                class: "ASN1_BADTAG",
                val: BerVal::Bytes(rest[..l].to_vec()),
            },
            &rest[l..],
        ));
    }
    if let Some(class) = class_of(tag, Kind::Int) {
        let (c, rest) = check(tag, s)?;
        return Ok((int_of(c, class), rest));
    }
    if let Some(class) = class_of(tag, Kind::Str) {
        let (c, rest) = check(tag, s)?;
        return Ok((
            Ber {
                class,
                val: BerVal::Bytes(c.to_vec()),
            },
            rest,
        ));
    }
    match tag {
        3 => {
            let (c, rest) = check(tag, s)?;
            Ok((bits_of(c)?, rest))
        }
        OID => {
            let (c, rest) = check(tag, s)?;
            Ok((oid_of(c)?, rest))
        }
        0x30 | 0x31 => {
            // The length is checked after the items, as Scapy does.
            let (_, after_id) = id_dec(s)?;
            if after_id.is_empty() {
                return Err(BerError::Decode);
            }
            let (l, st) = len_dec(after_id)?;
            let (mut body, rest) = st.split_at(l.min(st.len()));
            let mut items = Vec::new();
            while !body.is_empty() {
                let (o, r) = dec_any(body, depth + 1)?;
                items.push(o);
                body = r;
            }
            if st.len() < l {
                return Err(BerError::Decode);
            }
            let class = if tag == 0x30 {
                "ASN1_SEQUENCE"
            } else {
                "ASN1_SET"
            };
            Ok((
                Ber {
                    class,
                    val: BerVal::Seq(items),
                },
                rest,
            ))
        }
        IPADDRESS => {
            let (c, rest) = check(tag, s)?;
            if c.len() != 4 {
                return Err(BerError::Decode);
            }
            Ok((
                Ber {
                    class: "ASN1_IPADDRESS",
                    val: BerVal::Text(format!("{}.{}.{}.{}", c[0], c[1], c[2], c[3])),
                },
                rest,
            ))
        }
        // Tags Scapy names but has no codec for, and tags it does not know.
        _ => Err(BerError::Decode),
    }
}

/// A value that must have tag `tag` (a field of that type): Scapy's codec for the type
/// refuses any other.
pub fn dec_tagged(tag: u64, s: &[u8]) -> BerResult<(Ber, &[u8])> {
    if id_dec(s)?.0 != tag {
        return Err(BerError::Decode);
    }
    dec_any(s, 0)
}

/// Python's `repr()` of a `str`.
fn py_str(s: &str) -> String {
    crate::lang::value::Value::str(s).repr()
}

/// Python's `repr()` of `bytes`.
fn py_bytes(b: &[u8]) -> String {
    crate::lang::value::Value::Bytes(b.to_vec().into()).repr()
}

/// `s[:10] + "..." + s[-10:]` when longer than `max`, as Scapy shortens reprs.
fn cut(s: String, max: usize) -> String {
    if s.len() > max {
        format!("{}...{}", &s[..10], &s[s.len() - 10..])
    } else {
        s
    }
}

impl Ber {
    /// Scapy's `repr()` of the object.
    pub fn repr(&self) -> String {
        let c = self.class;
        match &self.val {
            BerVal::Int(v) if c == "ASN1_NULL" => format!("<{c}[{v}]>"),
            BerVal::Int(v) if c == "ASN1_BOOLEAN" => {
                let t = if *v == BigInt::from(0) {
                    "False"
                } else {
                    "True"
                };
                format!("{t} <{c}[{v}]>")
            }
            BerVal::Int(v) => {
                let h = if v.sign() == num_bigint::Sign::Minus {
                    format!("-0x{:x}", -v)
                } else {
                    format!("0x{v:x}")
                };
                let h = if h.len() > 22 {
                    format!("{}...{}", &h[..12], &h[h.len() - 10..])
                } else {
                    h
                };
                format!("{h} <{c}[{}]>", cut(v.to_string(), 20))
            }
            BerVal::Bytes(b) if c == "ASN1_BMP_STRING" => {
                let units: Vec<u16> = b
                    .chunks(2)
                    .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
                    .collect();
                format!("<{c}[{}]>", py_str(&String::from_utf16_lossy(&units)))
            }
            BerVal::Bytes(b) if c == "ASN1_UTC_TIME" || c == "ASN1_GENERALIZED_TIME" => {
                let text = time_text(b);
                format!(
                    "{} <{c}[{}]>",
                    pretty_time(&text, c == "ASN1_UTC_TIME"),
                    py_str(&text)
                )
            }
            BerVal::Bytes(b) => format!("<{c}[{}]>", py_bytes(b)),
            BerVal::Text(t) if c == "ASN1_OID" => format!("<{c}[{}]>", py_str(&oid_name(t))),
            BerVal::Text(t) => format!("<{c}[{}]>", py_str(t)),
            BerVal::Bits(bits) => {
                let unused = if bits.len() % 8 == 0 {
                    0
                } else {
                    8 - bits.len() % 8
                };
                let mut padded = bits.clone();
                padded.extend(std::iter::repeat_n('0', unused));
                let bytes: Vec<u8> = padded
                    .as_bytes()
                    .chunks(8)
                    .map(|ch| ch.iter().fold(0u8, |a, &d| (a << 1) | (d - b'0')))
                    .collect();
                let shown = if bytes.len() > 16 {
                    let mut v = bytes[..10].to_vec();
                    v.extend_from_slice(b"...");
                    v.extend_from_slice(&bytes[bytes.len() - 10..]);
                    v
                } else {
                    bytes
                };
                format!(
                    "<{c}[{}]={} ({unused} unused bit{})>",
                    cut(bits.clone(), 20),
                    py_bytes(&shown),
                    if unused > 1 { "s" } else { "" }
                )
            }
            BerVal::Seq(items) => {
                let inner: Vec<String> = items.iter().map(Ber::repr).collect();
                format!("<{c}[[{}]]>", inner.join(", "))
            }
        }
    }

    /// The field for this value: Scapy's object, shown by its repr.
    pub fn field(self) -> Field {
        Field {
            show: self.repr(),
            value: FieldValue::Asn1(Box::new(self)),
        }
    }

    /// The same, with an enumeration's name before it (`'v2c' 0x1 <ASN1_INTEGER[1]>`).
    pub fn enum_field(self, names: &[(i64, &str)]) -> Field {
        let name = match &self.val {
            BerVal::Int(v) => i64::try_from(v)
                .ok()
                .and_then(|n| names.iter().find(|(k, _)| *k == n)),
            _ => None,
        };
        let mut f = self.field();
        if let Some((_, n)) = name {
            f.show = format!("'{n}' {}", f.show);
        }
        f
    }
}

/// Scapy's name for an OID (`conf.mib._oidname`): the name of the longest known prefix,
/// then the arcs after it (`NTLMSSP - Microsoft NTLM Security Support Provider.5`); with
/// no known prefix, the dotted form after a dot (SNMP's arcs).
pub fn oid_name(dotted: &str) -> String {
    let x = format!("{dotted}.");
    let best = super::mib_table::MIB
        .iter()
        .filter(|(k, _)| x.starts_with(&format!("{k}.")))
        .max_by_key(|(k, _)| k.len());
    match best {
        Some((k, name)) => format!("{name}{}", &x[k.len()..x.len() - 1]),
        None => format!(".{dotted}"),
    }
}

/// A time's text as Scapy keeps it (`plain_str`): UTF-8, each byte that is not part of
/// a character as `\xNN`.
pub fn time_text(b: &[u8]) -> String {
    let mut out = String::new();
    for chunk in b.utf8_chunks() {
        out.push_str(chunk.valid());
        for x in chunk.invalid() {
            out.push_str(&format!("\\x{x:02x}"));
        }
    }
    out
}

/// Scapy's `pretty_time` of a UTC or generalized time.
fn pretty_time(v: &str, utc: bool) -> String {
    let invalid = || {
        let kind = if utc { "utc time" } else { "generalized time" };
        format!("{v} [invalid {kind}]")
    };
    let (body, ofs) = if let Some(b) = v.strip_suffix('Z') {
        (b, "Z")
    } else if v.len() >= 5 && matches!(v.as_bytes()[v.len() - 5], b'+' | b'-') {
        v.split_at(v.len() - 5)
    } else if utc {
        return invalid();
    } else {
        (v, "")
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (whole, frac) = match body.split_once('.') {
        Some((w, f)) if !utc && f.len() == 3 && digits(f) => (w, Some(f)),
        Some(_) => return invalid(),
        None => (body, None),
    };
    let year = if utc { 2 } else { 4 };
    if !digits(whole)
        || !matches!(whole.len().checked_sub(year), Some(6 | 8 | 10))
        || (utc && whole.len() < 10)
    {
        return invalid();
    }
    let n = |a: usize, b: usize| whole.get(a..b).and_then(|x| x.parse::<u32>().ok());
    let mut y = n(0, year).unwrap_or(0);
    if utc {
        // strptime's %y: 69..99 are 1900s, 00..68 the 2000s.
        y += if y >= 69 { 1900 } else { 2000 };
    }
    let (mo, d, h) = (
        n(year, year + 2),
        n(year + 2, year + 4),
        n(year + 4, year + 6),
    );
    let mi = n(year + 6, year + 8).unwrap_or(0);
    let s = n(year + 8, year + 10).unwrap_or(0);
    let (Some(mo), Some(d), Some(h)) = (mo, d, h) else {
        return invalid();
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&mo) || d == 0 || d > days[mo as usize - 1] || h > 23 || mi > 59 || s > 59
    {
        return invalid();
    }
    let mut out = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}");
    if let Some(f) = frac.filter(|f| *f != "000") {
        out.push_str(&format!(".{}", &f[..3]));
    }
    match ofs {
        "Z" => out.push_str(" UTC"),
        "" => {}
        o => {
            let (hh, mm) = (&o[1..3], &o[3..5]);
            if !digits(hh) || !digits(mm) || hh > "23" || mm > "59" {
                return invalid();
            }
            // A zero offset is Python's timezone.utc.
            if hh == "00" && mm == "00" {
                out.push_str(" UTC");
            } else {
                out.push_str(&format!(" {}{hh}{mm}", &o[..1]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_as_scapy() {
        let r = |b: &[u8]| dec_any(b, 0).map(|(o, _)| o.repr());
        assert_eq!(r(b"\x02\x01\x05").unwrap(), "0x5 <ASN1_INTEGER[5]>");
        assert_eq!(r(b"\x02\x01\xfb").unwrap(), "-0x5 <ASN1_INTEGER[-5]>");
        assert_eq!(r(b"\x01\x01\xff").unwrap(), "True <ASN1_BOOLEAN[-1]>");
        assert_eq!(
            r(b"\x03\x02\x03\xa8").unwrap(),
            "<_Raw_ASN1_BIT_STRING[10101]=b'\\xa8' (3 unused bits)>"
        );
        assert_eq!(
            r(b"\x17\x0d991231235959Z").unwrap(),
            "1999-12-31 23:59:59 UTC <ASN1_UTC_TIME['991231235959Z']>"
        );
        assert_eq!(r(b"\x1e\x04\x00a\x00b").unwrap(), "<ASN1_BMP_STRING['ab']>");
        // Shorter than its year (found by fuzzing Kerberos): invalid, as in Scapy.
        assert_eq!(
            r(b"\x18\x0312Z").unwrap(),
            "12Z [invalid generalized time] <ASN1_GENERALIZED_TIME['12Z']>"
        );
        assert_eq!(
            r(b"\x30\x06\x02\x01\x05\x04\x01a").unwrap(),
            "<ASN1_SEQUENCE[[0x5 <ASN1_INTEGER[5]>, <ASN1_STRING[b'a']>]]>"
        );
        assert_eq!(r(b"\x00\x01\x00").unwrap(), "<ASN1_BADTAG[b'\\x00']>");
        assert_eq!(r(b"\x1f\x02\x01\x05").unwrap(), "0x5 <ASN1_INTEGER[5]>");
        assert_eq!(r(b"\x07\x01\x00"), Err(BerError::Decode));
        assert_eq!(r(b"\x44\x01\x00"), Err(BerError::Decode));
        assert_eq!(
            r(b"\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00").unwrap(),
            "<ASN1_OID['.1.3.6.1.2.1.1.1.0']>"
        );
        let mut deep: Vec<u8> = vec![];
        for _ in 0..40 {
            deep = [vec![0x30, deep.len() as u8], deep].concat();
        }
        assert_eq!(r(&deep), Err(BerError::Fatal));
    }
}
