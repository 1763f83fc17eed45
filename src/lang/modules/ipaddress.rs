//! `ipaddress`: addresses and networks, as Python's module gives them.

use std::net::IpAddr;
use std::rc::Rc;

use crate::lang::ast::BinOp;
use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, method, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::{HKey, Object, Value};

const M: Owner = Owner::Module("ipaddress");
const N: Owner = Owner::Type("ipaddress.Network");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(M, "ip_address", "ipaddress.ip_address(address)", "An IPv4 or IPv6 address: .version, .is_private, .is_global, .is_multicast, .is_loopback; compare, int().", "ipaddress.ip_address('10.0.0.1').is_private", ip_address),
    function(M, "IPv4Address", "ipaddress.IPv4Address(address)", "An IPv4 address.", "ipaddress.IPv4Address('10.0.0.1')", ip_address),
    function(M, "IPv6Address", "ipaddress.IPv6Address(address)", "An IPv6 address.", "ipaddress.IPv6Address('::1')", ip_address),
    function(M, "ip_network", "ipaddress.ip_network(address, strict=True)", "A network: `ip_address(x) in net`, .network_address, .prefixlen, .num_addresses.", "ipaddress.ip_address('10.1.2.3') in ipaddress.ip_network('10.0.0.0/8')", ip_network),
    function(M, "IPv4Network", "ipaddress.IPv4Network(address, strict=True)", "An IPv4 network.", "ipaddress.IPv4Network('192.168.0.0/16')", ip_network),
    function(M, "IPv6Network", "ipaddress.IPv6Network(address, strict=True)", "An IPv6 network.", "ipaddress.IPv6Network('fe80::/10')", ip_network),
    method(N, "hosts", "net.hosts()", "The usable host addresses of a network.", "list(ipaddress.ip_network('10.0.0.0/30').hosts())", hosts, false),
    method(N, "overlaps", "net.overlaps(other)", "Whether two networks share addresses.", "ipaddress.ip_network('10.0.0.0/8').overlaps(ipaddress.ip_network('10.1.0.0/16'))", overlaps, false),
];

fn bits(a: &IpAddr) -> (u128, u32) {
    match a {
        IpAddr::V4(v) => (u32::from(*v) as u128, 32),
        IpAddr::V6(v) => (u128::from(*v), 128),
    }
}

fn from_bits(x: u128, v6: bool) -> IpAddr {
    if v6 {
        IpAddr::V6(x.into())
    } else {
        IpAddr::V4((x as u32).into())
    }
}

pub struct Address(IpAddr);

impl Address {
    fn private(&self) -> bool {
        let net = |s: &str| network(s).is_some_and(|n| n.contains(&self.0));
        match self.0 {
            IpAddr::V4(_) => [
                "0.0.0.0/8",
                "10.0.0.0/8",
                "127.0.0.0/8",
                "169.254.0.0/16",
                "172.16.0.0/12",
                "192.0.0.0/29",
                "192.0.0.170/31",
                "192.0.2.0/24",
                "192.168.0.0/16",
                "198.18.0.0/15",
                "198.51.100.0/24",
                "203.0.113.0/24",
                "240.0.0.0/4",
                "255.255.255.255/32",
            ]
            .iter()
            .any(|s| net(s)),
            IpAddr::V6(_) => [
                "::1/128",
                "::/128",
                "::ffff:0:0/96",
                "100::/64",
                "2001::/23",
                "2001:db8::/32",
                "2001:10::/28",
                "fc00::/7",
                "fe80::/10",
            ]
            .iter()
            .any(|s| net(s)),
        }
    }
}

impl Object for Address {
    fn type_name(&self) -> &'static str {
        match self.0 {
            IpAddr::V4(_) => "IPv4Address",
            IpAddr::V6(_) => "IPv6Address",
        }
    }
    fn repr(&self) -> String {
        format!("{}('{}')", self.type_name(), self.0)
    }
    fn to_str(&self) -> String {
        self.0.to_string()
    }
    fn attr(&self, name: &str) -> Option<Value> {
        let a = &self.0;
        Some(match name {
            "version" => Value::Int(if a.is_ipv4() { 4 } else { 6 }),
            "is_private" => Value::Bool(self.private()),
            "is_global" => Value::Bool(
                !self.private()
                    && !a.is_multicast()
                    && !(matches!(a, IpAddr::V4(v) if v.octets()[0] == 100 && (v.octets()[1] & 0xc0) == 64)),
            ),
            "is_multicast" => Value::Bool(a.is_multicast()),
            "is_loopback" => Value::Bool(a.is_loopback()),
            "is_unspecified" => Value::Bool(a.is_unspecified()),
            "is_link_local" => Value::Bool(match a {
                IpAddr::V4(v) => v.is_link_local(),
                IpAddr::V6(v) => (v.segments()[0] & 0xffc0) == 0xfe80,
            }),
            "packed" => Value::Bytes(match a {
                IpAddr::V4(v) => v.octets().to_vec().into(),
                IpAddr::V6(v) => v.octets().to_vec().into(),
            }),
            "compressed" => Value::str(&a.to_string()),
            "exploded" => Value::str(&match a {
                IpAddr::V4(v) => v.to_string(),
                IpAddr::V6(v) => v
                    .segments()
                    .iter()
                    .map(|s| format!("{s:04x}"))
                    .collect::<Vec<_>>()
                    .join(":"),
            }),
            // What `int(address)` reads.
            "__int__" => crate::lang::bigint::norm(bits(a).0.into()),
            _ => return None,
        })
    }
    fn binop(&self, op: BinOp, other: &Value, _: bool) -> Option<Value> {
        let (x, w) = bits(&self.0);
        let n = crate::lang::bigint::of(other).filter(|_| !matches!(other, Value::Flags(..)))?;
        let max = if w == 32 { u32::MAX as u128 } else { u128::MAX };
        let x = num_bigint::BigInt::from(x);
        let r = match op {
            BinOp::Add => num_traits::ToPrimitive::to_u128(&(x + n)),
            BinOp::Sub => num_traits::ToPrimitive::to_u128(&(x - n)),
            _ => None,
        }
        .filter(|r| *r <= max)?;
        Some(Value::Object(Rc::new(Address(from_bits(r, w == 128)))))
    }
    fn cmp(&self, other: &Value) -> Option<std::cmp::Ordering> {
        other
            .object::<Address>()
            .map(|b| bits(&self.0).cmp(&bits(&b.0)))
    }
    fn key(&self) -> Option<HKey> {
        Some(HKey::Str(format!("ip:{}", self.0).into()))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub struct Network {
    addr: IpAddr,
    prefix: u32,
}

fn network(s: &str) -> Option<Network> {
    let (a, p) = s.split_once('/').unwrap_or((s, ""));
    let addr: IpAddr = a.parse().ok()?;
    let (_, w) = bits(&addr);
    let prefix = if p.is_empty() { w } else { p.parse().ok()? };
    (prefix <= w).then_some(Network { addr, prefix })
}

impl Network {
    fn mask(&self) -> u128 {
        let (_, w) = bits(&self.addr);
        if self.prefix == 0 {
            0
        } else {
            (u128::MAX << (128 - self.prefix)) >> (128 - w)
        }
    }
    fn contains(&self, a: &IpAddr) -> bool {
        let (x, w) = bits(a);
        let (n, nw) = bits(&self.addr);
        w == nw && x & self.mask() == n & self.mask()
    }
}

impl Object for Network {
    fn type_name(&self) -> &'static str {
        "ipaddress.Network"
    }
    fn repr(&self) -> String {
        let kind = if self.addr.is_ipv4() {
            "IPv4Network"
        } else {
            "IPv6Network"
        };
        format!("{kind}('{}')", self.to_str())
    }
    fn to_str(&self) -> String {
        format!("{}/{}", self.addr, self.prefix)
    }
    fn attr(&self, name: &str) -> Option<Value> {
        let (n, w) = bits(&self.addr);
        let v6 = w == 128;
        let host = !self.mask() & if v6 { u128::MAX } else { u32::MAX as u128 };
        let addr = |x| Value::Object(Rc::new(Address(from_bits(x, v6))));
        Some(match name {
            "network_address" => addr(n),
            "broadcast_address" => addr(n | host),
            "netmask" => addr(self.mask()),
            "hostmask" => addr(host),
            "prefixlen" => Value::Int(self.prefix as i64),
            "version" => Value::Int(if v6 { 6 } else { 4 }),
            "num_addresses" => crate::lang::bigint::norm(num_bigint::BigInt::from(host) + 1),
            "with_prefixlen" => Value::str(&self.to_str()),
            "is_private" => Value::Bool(Address(self.addr).private()),
            _ => return None,
        })
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// An address from text, packed bytes or an integer; an integer is IPv6 when `v6` says
/// so, or when it is beyond 32 bits.
fn parse_addr(v: &Value, v6: bool) -> R<IpAddr> {
    let int = crate::lang::bigint::of(v)
        .filter(|_| matches!(v, Value::Int(_) | Value::Big(_)))
        .and_then(|n| num_traits::ToPrimitive::to_u128(&n));
    match v {
        Value::Str(s) => s.parse().ok(),
        Value::Int(_) | Value::Big(_) => match int {
            Some(n) if !v6 && n <= u32::MAX as u128 => Some(IpAddr::V4((n as u32).into())),
            Some(n) => Some(IpAddr::V6(n.into())),
            None => None,
        },
        Value::Bytes(b) if b.len() == 4 => Some(IpAddr::V4([b[0], b[1], b[2], b[3]].into())),
        Value::Bytes(b) if b.len() == 16 => <[u8; 16]>::try_from(&b[..])
            .ok()
            .map(|a| IpAddr::V6(a.into())),
        Value::Object(_) => v.object::<Address>().map(|a| a.0),
        _ => None,
    }
    .ok_or_else(|| {
        Error::at_none(
            ErrorKind::Value,
            format!("{} does not appear to be an IPv4 or IPv6 address", v.repr()),
        )
    })
}

fn ip_address(_: &mut Interp, call: &Call) -> R<Value> {
    let v6 = call.name == "IPv6Address";
    let a = parse_addr(need(call.name, call.args, call.kwargs, 0, "address")?, v6)?;
    match (call.name, &a) {
        ("IPv4Address", IpAddr::V6(_)) | ("IPv6Address", IpAddr::V4(_)) => err(
            ErrorKind::Value,
            format!("'{a}' is not an address of that version"),
        ),
        _ => Ok(Value::Object(Rc::new(Address(a)))),
    }
}

fn ip_network(_: &mut Interp, call: &Call) -> R<Value> {
    let s = need(call.name, call.args, call.kwargs, 0, "address")?.to_str();
    let Some(mut n) = network(&s) else {
        return err(
            ErrorKind::Value,
            format!("'{s}' does not appear to be an IPv4 or IPv6 network"),
        );
    };
    let strict = arg(call.args, call.kwargs, 1, "strict").is_none_or(|v| v.truthy());
    let (x, w) = bits(&n.addr);
    if x & !n.mask() != 0 {
        if strict {
            return err(ErrorKind::Value, format!("{s} has host bits set"));
        }
        n.addr = from_bits(x & n.mask(), w == 128);
    }
    Ok(Value::Object(Rc::new(n)))
}

fn net(v: &Value) -> R<&Network> {
    v.as_object::<Network>("a network")
}

fn hosts(_: &mut Interp, v: &Value, _: &Call) -> R<Value> {
    let n = net(v)?;
    let (x, w) = bits(&n.addr);
    let size = (!n.mask()
        & if w == 128 {
            u128::MAX
        } else {
            u32::MAX as u128
        })
    .saturating_add(1);
    crate::lang::eval::check_items(size)?;
    let range: Vec<u128> = if size <= 2 {
        (0..size).collect()
    } else {
        (1..size - 1).collect()
    };
    Ok(crate::lang::builtins::iterator(
        range
            .into_iter()
            .map(|i| Value::Object(Rc::new(Address(from_bits(x + i, w == 128)))))
            .collect(),
        "generator",
    ))
}

fn overlaps(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let a = net(v)?;
    let b = net(need("overlaps", call.args, call.kwargs, 0, "other")?)?;
    Ok(Value::Bool(a.contains(&b.addr) || b.contains(&a.addr)))
}

/// `addr in network`.
pub fn contains(container: &Value, item: &Value) -> Option<bool> {
    let n = container.object::<Network>()?;
    Some(item.object::<Address>().is_some_and(|a| n.contains(&a.0)))
}
