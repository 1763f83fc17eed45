//! Scapy's ASN.1 objects in scripts (`p[SNMP].community` is an `ASN1_STRING`): `.val`
//! holds the value, `repr()` is Scapy's, `str()` the BER encoding, `==` compares the
//! values (`p[SNMP].version == 1`), and like Scapy's they cannot be dict keys.

use std::cmp::Ordering;
use std::rc::Rc;

use crate::dissect::layers::ber::{tag_of, Ber, BerVal};
use crate::lang::value::{Object, Value};

pub struct Asn1Obj(pub Ber);

pub fn value(b: Ber) -> Value {
    Value::Object(Rc::new(Asn1Obj(b)))
}

fn val_of(b: &Ber) -> Value {
    match &b.val {
        BerVal::Int(i) => super::bigint::norm(i.clone()),
        // Scapy keeps a time as text.
        BerVal::Bytes(v) if b.class == "ASN1_GENERALIZED_TIME" || b.class == "ASN1_UTC_TIME" => {
            Value::str(&crate::dissect::layers::ber::time_text(v))
        }
        BerVal::Bytes(v) => Value::Bytes(v.clone().into()),
        BerVal::Text(t) if b.class == "ASN1_OID" => Value::str(t),
        BerVal::Text(t) | BerVal::Bits(t) => Value::str(t),
        BerVal::Seq(items) => Value::list(items.iter().cloned().map(value).collect()),
    }
}

fn len_enc(n: usize) -> Vec<u8> {
    if n <= 127 {
        return vec![n as u8];
    }
    let b: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|&x| x == 0)
        .collect();
    [vec![0x80 | b.len() as u8], b].concat()
}

fn base128(mut n: u64) -> Vec<u8> {
    let mut out = vec![(n & 0x7f) as u8];
    n >>= 7;
    while n > 0 {
        out.insert(0, 0x80 | (n & 0x7f) as u8);
        n >>= 7;
    }
    out
}

/// The BER encoding Scapy's `enc` gives the object.
pub fn encode(b: &Ber) -> Vec<u8> {
    let tag = tag_of(b.class);
    let body: Vec<u8> = match &b.val {
        BerVal::Int(i) if b.class == "ASN1_NULL" && *i == 0.into() => Vec::new(),
        BerVal::Int(i) => i.to_signed_bytes_be(),
        BerVal::Bytes(v) => v.clone(),
        BerVal::Text(t) if b.class == "ASN1_OID" => {
            let mut nums: Vec<u64> = t.split('.').filter_map(|x| x.parse().ok()).collect();
            if nums.len() >= 2 {
                nums[1] += 40 * nums[0];
                nums.remove(0);
            }
            nums.into_iter().flat_map(base128).collect()
        }
        BerVal::Text(t) if b.class == "ASN1_IPADDRESS" => {
            t.split('.').filter_map(|x| x.parse::<u8>().ok()).collect()
        }
        BerVal::Text(t) => t.as_bytes().to_vec(),
        BerVal::Bits(bits) => {
            let unused = (8 - bits.len() % 8) % 8;
            let mut v = vec![unused as u8];
            let padded: String = bits
                .chars()
                .chain(std::iter::repeat_n('0', unused))
                .collect();
            v.extend(
                padded
                    .as_bytes()
                    .chunks(8)
                    .map(|c| c.iter().fold(0u8, |a, &d| (a << 1) | (d - b'0'))),
            );
            v
        }
        BerVal::Seq(items) => items.iter().flat_map(encode).collect(),
    };
    [vec![tag], len_enc(body.len()), body].concat()
}

/// `bytes.decode(errors='backslashreplace')`, as Scapy's `plain_str`.
fn backslash_utf8(b: &[u8]) -> String {
    let mut s = String::new();
    for chunk in b.utf8_chunks() {
        s.push_str(chunk.valid());
        for x in chunk.invalid() {
            s.push_str(&format!("\\x{x:02x}"));
        }
    }
    s
}

impl Object for Asn1Obj {
    fn type_name(&self) -> &'static str {
        self.0.class
    }
    fn repr(&self) -> String {
        self.0.repr()
    }
    /// Scapy's `str()` of an ASN.1 object: its encoding, decoded as UTF-8.
    fn to_str(&self) -> String {
        backslash_utf8(&encode(&self.0))
    }
    fn attr(&self, name: &str) -> Option<Value> {
        match name {
            "val" => Some(val_of(&self.0)),
            "tag" => Some(Value::Int(tag_of(self.0.class) as i64)),
            _ => None,
        }
    }
    fn cmp(&self, other: &Value) -> Option<Ordering> {
        let other = match other {
            Value::Object(o) => match o.as_any().downcast_ref::<Asn1Obj>() {
                Some(a) => val_of(&a.0),
                None => other.clone(),
            },
            v => v.clone(),
        };
        let mine = val_of(&self.0);
        crate::lang::eval::compare_values(&mine, &other)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
