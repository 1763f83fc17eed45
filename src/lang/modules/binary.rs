//! Bytes and addresses: `struct`, `socket` (address conversions), `binascii`, `base64`,
//! `hashlib`.

use std::rc::Rc;

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, method, property, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::{Object, Value};

const ST: Owner = Owner::Module("struct");
const SO: Owner = Owner::Module("socket");
const BA: Owner = Owner::Module("binascii");
const B64: Owner = Owner::Module("base64");
const HL: Owner = Owner::Module("hashlib");
const H: Owner = Owner::Type("_hashlib.HASH");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(ST, "pack", "struct.pack(fmt, *values)", "Values packed into bytes by a format ('!HH', '<I', '>4s' ...).", "struct.pack('!HH', 80, 443)", pack),
    function(ST, "unpack", "struct.unpack(fmt, data)", "A tuple of values unpacked from exactly calcsize(fmt) bytes.", "struct.unpack('!H', b'\\x01\\xbb')", unpack),
    function(ST, "unpack_from", "struct.unpack_from(fmt, data, offset=0)", "A tuple of values unpacked from data at offset.", "struct.unpack_from('!H', b'\\x00\\x01\\xbb', 1)", unpack),
    function(ST, "calcsize", "struct.calcsize(fmt)", "How many bytes a format takes.", "struct.calcsize('!IHH')", calcsize),
    function(SO, "inet_ntoa", "socket.inet_ntoa(packed)", "Four bytes as a dotted IPv4 address.", "socket.inet_ntoa(b'\\x0a\\x00\\x00\\x01')", ntoa),
    function(SO, "inet_aton", "socket.inet_aton(ip)", "A dotted IPv4 address as four bytes.", "socket.inet_aton('10.0.0.1')", aton),
    function(SO, "inet_ntop", "socket.inet_ntop(family, packed)", "Bytes as an IPv4 or IPv6 address (family AF_INET or AF_INET6).", "socket.inet_ntop(socket.AF_INET6, bytes(16))", ntoa),
    function(SO, "inet_pton", "socket.inet_pton(family, ip)", "An IPv4 or IPv6 address as bytes.", "socket.inet_pton(socket.AF_INET6, '::1')", aton),
    function(SO, "ntohs", "socket.ntohs(x)", "A 16-bit integer from network to host order (swaps bytes here).", "socket.ntohs(0x5000)", swap),
    function(SO, "htons", "socket.htons(x)", "A 16-bit integer from host to network order.", "socket.htons(80)", swap),
    function(SO, "ntohl", "socket.ntohl(x)", "A 32-bit integer from network to host order.", "socket.ntohl(1)", swap),
    function(SO, "htonl", "socket.htonl(x)", "A 32-bit integer from host to network order.", "socket.htonl(1)", swap),
    function(SO, "getservbyport", "socket.getservbyport(port, proto=None)", "A port's service name from /etc/services.", "socket.getservbyport(53, 'udp') if os.path.exists('/etc/services') else None", service),
    function(SO, "getservbyname", "socket.getservbyname(name, proto=None)", "A service's port from /etc/services.", "socket.getservbyname('domain', 'udp') if os.path.exists('/etc/services') else None", service),
    function(SO, "getprotobyname", "socket.getprotobyname(name)", "An IP protocol's number: 'tcp' 6, 'udp' 17, 'icmp' 1.", "socket.getprotobyname('tcp')", protocol),
    property(SO, "AF_INET", "socket.AF_INET", "The IPv4 address family: 2.", "socket.AF_INET", |_, _| Ok(Value::Int(2))),
    property(SO, "AF_INET6", "socket.AF_INET6", "The IPv6 address family: 10.", "socket.AF_INET6", |_, _| Ok(Value::Int(10))),
    function(BA, "hexlify", "binascii.hexlify(data, sep=None)", "Bytes as hexadecimal digits (bytes).", "binascii.hexlify(b'\\x01\\xff')", hexlify),
    function(BA, "b2a_hex", "binascii.b2a_hex(data)", "Bytes as hexadecimal digits (bytes).", "binascii.b2a_hex(b'ab')", hexlify),
    function(BA, "unhexlify", "binascii.unhexlify(hexstr)", "Bytes from hexadecimal digits.", "binascii.unhexlify('01ff')", unhexlify),
    function(BA, "a2b_hex", "binascii.a2b_hex(hexstr)", "Bytes from hexadecimal digits.", "binascii.a2b_hex(b'6162')", unhexlify),
    function(BA, "crc32", "binascii.crc32(data, crc=0)", "The CRC-32 of bytes.", "binascii.crc32(b'hello')", crc32),
    function(B64, "b64encode", "base64.b64encode(data)", "Bytes in base64 (bytes).", "base64.b64encode(b'hi')", b64encode),
    function(B64, "b64decode", "base64.b64decode(data)", "Bytes from base64.", "base64.b64decode('aGk=')", b64decode),
    function(HL, "md5", "hashlib.md5(data=b'')", "An MD5 hash: .hexdigest(), .digest(), .update(more).", "hashlib.md5(b'abc').hexdigest()", new_hash),
    function(HL, "sha1", "hashlib.sha1(data=b'')", "A SHA-1 hash.", "hashlib.sha1(b'abc').hexdigest()", new_hash),
    function(HL, "sha256", "hashlib.sha256(data=b'')", "A SHA-256 hash.", "hashlib.sha256(b'abc').hexdigest()", new_hash),
    function(HL, "sha512", "hashlib.sha512(data=b'')", "A SHA-512 hash.", "hashlib.sha512(b'abc').hexdigest()", new_hash),
    method(H, "hexdigest", "h.hexdigest()", "The hash as hexadecimal text.", "hashlib.md5(b'').hexdigest()", digest, false),
    method(H, "digest", "h.digest()", "The hash as bytes.", "hashlib.md5(b'').digest()", digest, false),
    method(H, "update", "h.update(data)", "Hash more bytes.", "hashlib.md5().update(b'x')", digest, false),
    property(H, "name", "h.name", "The algorithm: 'md5', 'sha1' ...", "hashlib.md5().name", |_, h| Ok(Value::str(hash_of(h)?.name))),
];

fn bytes_arg<'a>(call: &'a Call, i: usize, name: &str) -> R<std::borrow::Cow<'a, [u8]>> {
    match need(call.name, call.args, call.kwargs, i, name)? {
        Value::Bytes(b) => Ok(std::borrow::Cow::Borrowed(&b[..])),
        Value::Str(s) if matches!(call.name, "unhexlify" | "a2b_hex" | "b64decode") => {
            Ok(std::borrow::Cow::Owned(s.as_bytes().to_vec()))
        }
        v => err(
            ErrorKind::Type,
            format!("a bytes-like object is required, not '{}'", v.type_name()),
        ),
    }
}

/// One item of a struct format: its code, repeat count, size and alignment.
struct Item {
    code: char,
    count: usize,
    size: usize,
}

/// A struct format: byte order (true: big-endian), native alignment, and its items.
fn format(fmt: &str) -> R<(bool, bool, Vec<Item>)> {
    let mut chars = fmt.trim().chars().peekable();
    let (big, native) = match chars.peek() {
        Some('!') | Some('>') => (true, false),
        Some('<') | Some('=') => (false, false),
        Some('@') => (false, true),
        _ => (false, true),
    };
    if matches!(chars.peek(), Some('!' | '>' | '<' | '=' | '@')) {
        chars.next();
    }
    let mut items = Vec::new();
    let mut count = String::new();
    for c in chars {
        if c.is_ascii_digit() {
            count.push(c);
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let n = if count.is_empty() {
            1
        } else {
            count.parse().unwrap_or(1)
        };
        count.clear();
        let size = match c {
            'x' | 'c' | 'b' | 'B' | '?' | 's' | 'p' => 1,
            'h' | 'H' | 'e' => 2,
            'i' | 'I' | 'f' => 4,
            'l' | 'L' => {
                if native {
                    8
                } else {
                    4
                }
            }
            'q' | 'Q' | 'd' => 8,
            'n' | 'N' | 'P' if native => 8,
            _ => {
                return Err(Error::at_none(
                    ErrorKind::Struct,
                    "bad char in struct format",
                ))
            }
        };
        items.push(Item {
            code: c,
            count: n,
            size,
        });
    }
    Ok((big, native, items))
}

fn align(off: usize, size: usize, native: bool) -> usize {
    if native && size > 1 {
        off.div_ceil(size) * size
    } else {
        off
    }
}

fn size_of(fmt: &str) -> R<usize> {
    let (_, native, items) = format(fmt)?;
    let mut off = 0;
    for it in &items {
        if matches!(it.code, 's' | 'p') {
            off += it.count;
        } else {
            off = align(off, it.size, native) + it.size * it.count;
        }
    }
    Ok(off)
}

fn struct_error(msg: String) -> Error {
    Error::at_none(ErrorKind::Struct, msg)
}

/// Python's struct.error for an integer out of a code's range, word for word: CPython
/// reads `q`/`Q` and the unsigned codes through C conversions with their own messages.
fn out_of_range(code: char, size: usize, big_endian: bool, n: i128) -> Option<String> {
    let bits = size * 8;
    let signed = code.is_ascii_lowercase();
    let (lo, hi) = if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    };
    if (lo..=hi).contains(&n) {
        return None;
    }
    let in_long = i64::try_from(n).is_ok();
    let unsigned_long = !signed && (code != 'B' && (code != 'H' || big_endian));
    Some(if size == 8 {
        if big_endian {
            "int too large to convert".into()
        } else {
            "argument out of range".into()
        }
    } else if unsigned_long {
        if n < 0 || u64::try_from(n).is_err() {
            "argument out of range".into()
        } else {
            format!("'{code}' format requires {lo} <= number <= {hi}")
        }
    } else if !in_long {
        "argument out of range".into()
    } else {
        let name = match (code, big_endian) {
            ('b', _) => "byte format".to_string(),
            ('B', _) => "ubyte format".to_string(),
            ('h', false) => "short format".to_string(),
            ('H', false) => "ushort format".to_string(),
            (c, _) => format!("'{c}' format"),
        };
        format!("{name} requires {lo} <= number <= {hi}")
    })
}

fn calcsize(_: &mut Interp, call: &Call) -> R<Value> {
    let f = need("calcsize", call.args, call.kwargs, 0, "format")?.to_str();
    Ok(Value::Int(size_of(&f)? as i64))
}

fn pack(_: &mut Interp, call: &Call) -> R<Value> {
    let f = need("pack", call.args, call.kwargs, 0, "format")?.to_str();
    let (big, native, items) = format(&f)?;
    let mut vals = call.args[1..].iter();
    let mut out: Vec<u8> = Vec::new();
    let want: usize = items
        .iter()
        .map(|i| match i.code {
            'x' => 0,
            's' | 'p' => 1,
            _ => i.count,
        })
        .sum();
    if call.args.len() - 1 != want {
        return Err(struct_error(format!(
            "pack expected {want} items for packing (got {})",
            call.args.len() - 1
        )));
    }
    for it in &items {
        if matches!(it.code, 's' | 'p') {
            let v = vals.next().cloned().unwrap_or(Value::None);
            let Value::Bytes(b) = v else {
                return Err(struct_error(
                    "argument for 's' must be a bytes object".into(),
                ));
            };
            let mut b = b.to_vec();
            b.resize(it.count, 0);
            out.extend(b);
            continue;
        }
        let start = align(out.len(), it.size, native);
        out.resize(start, 0);
        for _ in 0..it.count {
            if it.code == 'x' {
                out.push(0);
                continue;
            }
            let v = vals.next().cloned().unwrap_or(Value::None);
            let bytes: Vec<u8> = match (it.code, &v) {
                ('f', _) | ('d', _) | ('e', _) => {
                    let x = match v {
                        Value::Int(i) => i as f64,
                        Value::Big(b) => crate::lang::bigint::to_f64(&b)?,
                        Value::Float(f) => f,
                        _ => return Err(struct_error("required argument is not a float".into())),
                    };
                    if it.code == 'f' {
                        (x as f32).to_bits().to_le_bytes().to_vec()
                    } else {
                        x.to_bits().to_le_bytes().to_vec()
                    }
                }
                ('c', Value::Bytes(b)) if b.len() == 1 => b.to_vec(),
                ('?', v) => vec![v.truthy() as u8],
                (_, Value::Int(_) | Value::Big(_) | Value::Bool(_)) => {
                    let n: i128 = match &v {
                        Value::Int(i) => *i as i128,
                        Value::Bool(b) => *b as i128,
                        Value::Big(b) => num_traits::ToPrimitive::to_i128(&**b).unwrap_or(
                            if b.sign() == num_bigint::Sign::Minus {
                                i128::MIN
                            } else {
                                i128::MAX
                            },
                        ),
                        _ => 0,
                    };
                    if let Some(msg) = out_of_range(it.code, it.size, big, n) {
                        return Err(struct_error(msg));
                    }
                    (n as u64).to_le_bytes()[..it.size].to_vec()
                }
                _ => return Err(struct_error("required argument is not an integer".into())),
            };
            let mut bytes = bytes;
            if big && !matches!(it.code, 'c' | '?') {
                bytes.reverse();
            }
            out.extend(bytes);
        }
    }
    Ok(Value::Bytes(out.into()))
}

fn unpack(_: &mut Interp, call: &Call) -> R<Value> {
    let f = need(call.name, call.args, call.kwargs, 0, "format")?.to_str();
    let data = bytes_arg(call, 1, "buffer")?;
    let offset = match arg(call.args, call.kwargs, 2, "offset") {
        Some(Value::Int(o)) if call.name == "unpack_from" => *o as usize,
        _ => 0,
    };
    let size = size_of(&f)?;
    let data = data.get(offset..).unwrap_or(&[]);
    if (call.name == "unpack" && data.len() != size) || data.len() < size {
        return Err(struct_error(format!(
            "{} requires a buffer of {}{size} bytes",
            call.name,
            if call.name == "unpack" {
                ""
            } else {
                "at least "
            }
        )));
    }
    let (big, native, items) = format(&f)?;
    let mut out = Vec::new();
    let mut off = 0;
    for it in &items {
        if matches!(it.code, 's' | 'p') {
            out.push(Value::Bytes(data[off..off + it.count].into()));
            off += it.count;
            continue;
        }
        off = align(off, it.size, native);
        for _ in 0..it.count {
            let mut b = data[off..off + it.size].to_vec();
            off += it.size;
            if big {
                b.reverse();
            }
            let mut raw = [0u8; 8];
            raw[..it.size].copy_from_slice(&b);
            let u = u64::from_le_bytes(raw);
            out.push(match it.code {
                'x' => continue,
                'c' => Value::Bytes(vec![b[0]].into()),
                '?' => Value::Bool(u != 0),
                'f' => Value::Float(f32::from_bits(u as u32) as f64),
                'd' => Value::Float(f64::from_bits(u)),
                c if c.is_ascii_lowercase() => {
                    let bits = it.size * 8;
                    Value::Int(((u << (64 - bits)) as i64) >> (64 - bits))
                }
                _ => crate::lang::bigint::norm(u.into()),
            });
        }
    }
    Ok(Value::Tuple(Rc::new(out)))
}

fn ntoa(_: &mut Interp, call: &Call) -> R<Value> {
    let i = usize::from(call.name == "inet_ntop");
    let b = bytes_arg(call, i, "packed_ip")?;
    match b.len() {
        4 => Ok(Value::str(
            &std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string(),
        )),
        16 if call.name == "inet_ntop" => {
            let a: [u8; 16] = b[..].try_into().unwrap_or([0; 16]);
            Ok(Value::str(&std::net::Ipv6Addr::from(a).to_string()))
        }
        _ => Err(Error::at_none(
            ErrorKind::Value,
            format!("packed IP wrong length for {}", call.name),
        )
        .with_help("help: Python raises OSError or ValueError here")),
    }
}

fn aton(_: &mut Interp, call: &Call) -> R<Value> {
    let i = usize::from(call.name == "inet_pton");
    let s = need(call.name, call.args, call.kwargs, i, "ip_string")?.to_str();
    let six = call.name == "inet_pton" && matches!(call.args.first(), Some(Value::Int(10)));
    let bytes: Option<Vec<u8>> = if six {
        s.parse::<std::net::Ipv6Addr>()
            .ok()
            .map(|a| a.octets().to_vec())
    } else {
        s.parse::<std::net::Ipv4Addr>()
            .ok()
            .map(|a| a.octets().to_vec())
    };
    match bytes {
        Some(b) => Ok(Value::Bytes(b.into())),
        None => Err(Error::at_none(
            ErrorKind::Io,
            "illegal IP address string passed to inet_aton",
        )),
    }
}

fn swap(_: &mut Interp, call: &Call) -> R<Value> {
    let Value::Int(x) = need(call.name, call.args, call.kwargs, 0, "x")? else {
        return err(ErrorKind::Type, "expected an integer");
    };
    Ok(Value::Int(match call.name {
        "ntohs" | "htons" => (*x as u16).swap_bytes() as i64,
        _ => (*x as u32).swap_bytes() as i64,
    }))
}

fn service(_: &mut Interp, call: &Call) -> R<Value> {
    let key = need(call.name, call.args, call.kwargs, 0, "port")?.to_str();
    let proto = arg(call.args, call.kwargs, 1, "protocolname").map(|v| v.to_str());
    let text = std::fs::read_to_string("/etc/services").unwrap_or_default();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let mut w = line.split_whitespace();
        let (Some(name), Some(pp)) = (w.next(), w.next()) else {
            continue;
        };
        let Some((port, pr)) = pp.split_once('/') else {
            continue;
        };
        if proto.as_deref().is_some_and(|p| p != pr) {
            continue;
        }
        let aliases: Vec<&str> = w.collect();
        match call.name {
            "getservbyport" if port == key => return Ok(Value::str(name)),
            "getservbyname" if name == key || aliases.contains(&key.as_str()) => {
                return Ok(Value::Int(port.parse().unwrap_or(0)))
            }
            _ => {}
        }
    }
    let what = if call.name == "getservbyport" {
        "port/proto"
    } else {
        "service/proto"
    };
    Err(Error::at_none(ErrorKind::Io, format!("{what} not found")))
}

fn protocol(_: &mut Interp, call: &Call) -> R<Value> {
    let n = need(call.name, call.args, call.kwargs, 0, "name")?.to_str();
    let p = match n.as_str() {
        "ip" => 0,
        "icmp" => 1,
        "igmp" => 2,
        "tcp" => 6,
        "udp" => 17,
        "ipv6" => 41,
        "gre" => 47,
        "esp" => 50,
        "ah" => 51,
        "ipv6-icmp" => 58,
        "sctp" => 132,
        _ => return Err(Error::at_none(ErrorKind::Io, "protocol not found")),
    };
    Ok(Value::Int(p))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn hexlify(_: &mut Interp, call: &Call) -> R<Value> {
    let b = bytes_arg(call, 0, "data")?;
    let h = match arg(call.args, call.kwargs, 1, "sep") {
        Some(s) if !matches!(s, Value::None) => {
            let sep = match s {
                Value::Bytes(x) => String::from_utf8_lossy(x).into_owned(),
                x => x.to_str(),
            };
            b.iter()
                .map(|x| format!("{x:02x}"))
                .collect::<Vec<_>>()
                .join(&sep)
        }
        _ => hex(&b),
    };
    Ok(Value::Bytes(h.into_bytes().into()))
}

fn unhexlify(_: &mut Interp, call: &Call) -> R<Value> {
    let b = bytes_arg(call, 0, "hexstr")?;
    if b.len() % 2 != 0 {
        return Err(Error::at_none(ErrorKind::Value, "Odd-length string")
            .with_help("help: Python calls this binascii.Error"));
    }
    let s = String::from_utf8_lossy(&b);
    let mut out = Vec::with_capacity(b.len() / 2);
    for i in (0..s.len()).step_by(2) {
        match s.get(i..i + 2).and_then(|x| u8::from_str_radix(x, 16).ok()) {
            Some(v) => out.push(v),
            None => {
                return Err(
                    Error::at_none(ErrorKind::Value, "Non-hexadecimal digit found")
                        .with_help("help: Python calls this binascii.Error"),
                )
            }
        }
    }
    Ok(Value::Bytes(out.into()))
}

fn crc32(_: &mut Interp, call: &Call) -> R<Value> {
    let b = bytes_arg(call, 0, "data")?;
    let mut crc: u32 = match arg(call.args, call.kwargs, 1, "crc") {
        Some(Value::Int(c)) => !(*c as u32),
        _ => 0xffff_ffff,
    };
    for &x in b.iter() {
        crc ^= x as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    Ok(Value::Int((!crc) as i64))
}

const B64_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64encode(_: &mut Interp, call: &Call) -> R<Value> {
    let b = bytes_arg(call, 0, "s")?;
    let mut out = Vec::new();
    for chunk in b.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (chunk.get(1).copied().unwrap_or(0) as u32) << 8
            | chunk.get(2).copied().unwrap_or(0) as u32;
        for i in 0..4 {
            out.push(if i <= n {
                B64_CHARS[((v >> (18 - 6 * i)) & 63) as usize]
            } else {
                b'='
            });
        }
    }
    Ok(Value::Bytes(out.into()))
}

fn b64decode(_: &mut Interp, call: &Call) -> R<Value> {
    let b = bytes_arg(call, 0, "s")?;
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in b.iter() {
        let v = match B64_CHARS.iter().position(|&x| x == c) {
            Some(v) => v as u32,
            None if c == b'=' => break,
            None if c.is_ascii_whitespace() => continue,
            None => continue,
        };
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(Value::Bytes(out.into()))
}

struct Hash {
    name: &'static str,
    data: std::cell::RefCell<Vec<u8>>,
}

impl Object for Hash {
    fn type_name(&self) -> &'static str {
        "_hashlib.HASH"
    }
    fn repr(&self) -> String {
        format!(
            "<{} _hashlib.HASH object @ {:#x}>",
            self.name, self as *const _ as usize
        )
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn hash_of(v: &Value) -> R<&Hash> {
    v.as_object::<Hash>("a hash")
}

fn new_hash(_: &mut Interp, call: &Call) -> R<Value> {
    let data = match call.args.first() {
        Some(_) => bytes_arg(call, 0, "data")?.to_vec(),
        None => Vec::new(),
    };
    Ok(Value::Object(Rc::new(Hash {
        name: call.name,
        data: std::cell::RefCell::new(data),
    })))
}

fn digest(_: &mut Interp, hv: &Value, call: &Call) -> R<Value> {
    use sha2::Digest;
    let h = hash_of(hv)?;
    if call.name == "update" {
        let more = bytes_arg(call, 0, "data")?;
        h.data.borrow_mut().extend_from_slice(&more);
        return Ok(Value::None);
    }
    let d = h.data.borrow();
    let out: Vec<u8> = match h.name {
        "md5" => md5::Md5::digest(&d[..]).to_vec(),
        "sha1" => sha1::Sha1::digest(&d[..]).to_vec(),
        "sha512" => sha2::Sha512::digest(&d[..]).to_vec(),
        _ => sha2::Sha256::digest(&d[..]).to_vec(),
    };
    Ok(match call.name {
        "hexdigest" => Value::str(&hex(&out)),
        _ => Value::Bytes(out.into()),
    })
}
