//! The domain-controller locator messages (MS-ADTS 6.3.1) a `\MAILSLOT\NET\NETLOGON`
//! transaction carries, as Scapy 2.8.0's `NETLOGON` classes dissect them: the class by
//! the first byte of the opcode, a SAM logon response told apart from its NT 4.0 form by
//! the version flags before the `ffffffff` tokens. They live in a transaction's `Data`
//! field (`smb.rs`), not in the layer chain.

use super::smb::{cstr_field, utf16, Cur};
use super::smb_tables::{DC_FLAGS, NT_VERSION};
use crate::dissect::field::{enum_field, flag_set, held, hex, int, text, Field, Fields, Nested};
use crate::pyfmt::{bytes_repr, ipv4_str};

const OPCODES: &[(i64, &str)] = &[
    (0x7, "LOGON_PRIMARY_QUERY"),
    (0x12, "LOGON_SAM_LOGON_REQUEST"),
    (0x13, "LOGON_SAM_LOGON_RESPONSE"),
    (0x15, "LOGON_SAM_USER_UNKNOWN"),
    (0x17, "LOGON_SAM_LOGON_RESPONSE_EX"),
    (0x19, "LOGON_SAM_USER_UNKNOWN_EX"),
];

/// The version flags just before the first `ffffffff` (the two tokens), as Scapy finds
/// them; None where there are none.
fn version_before_tokens(m: &[u8]) -> Option<u32> {
    let i = m.windows(4).position(|w| w == [0xff; 4])?;
    let b = m.get(i.checked_sub(4)?..i)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Scapy's class for a message, by its first byte.
fn class_of(m: &[u8]) -> &'static str {
    match m[0] {
        0x07 => "NETLOGON_LOGON_QUERY",
        0x12 => "NETLOGON_SAM_LOGON_REQUEST",
        0x13 => match version_before_tokens(m) {
            Some(v) if v & 1 != 0 && v & 2 == 0 => "NETLOGON_SAM_LOGON_RESPONSE_NT40",
            _ => "NETLOGON_SAM_LOGON_RESPONSE",
        },
        0x15 | 0x19 => "NETLOGON_SAM_LOGON_RESPONSE",
        0x17 => "NETLOGON_SAM_LOGON_RESPONSE_EX",
        _ => "NETLOGON",
    }
}

/// A message as Scapy dissects it, and how many bytes it takes (the rest is its Raw
/// payload); None where Scapy's dissection fails.
pub(super) fn netlogon(m: &[u8]) -> Option<(Nested, usize)> {
    if m.is_empty() {
        return None;
    }
    let class = class_of(m);
    let mut c = Cur::new(m);
    let mut f: Fields = Vec::new();
    if class != "NETLOGON" {
        f.push(("OpCode", enum_field(c.le16()?, OPCODES)));
    }
    match class {
        "NETLOGON_LOGON_QUERY" => {
            f.push(("ComputerName", cstr_field(c.cstr())));
            f.push(("MailslotName", cstr_field(c.cstr())));
            // Aligned to two bytes from the message's start (ReversePadField).
            let pad = c.at % 2;
            c.fixed(pad);
            f.push(("UnicodeComputerName", utf16(c.cstr16())));
        }
        "NETLOGON_SAM_LOGON_REQUEST" => {
            f.push(("RequestCount", int(c.le16()?)));
            f.push(("UnicodeComputerName", utf16(c.cstr16())));
            f.push(("UnicodeUserName", utf16(c.cstr16())));
            f.push(("MailslotName", cstr_field(c.cstr())));
            f.push(("AllowableAccountControlBits", int(c.le32()?)));
            let size = c.le32()?;
            f.push(("DomainSidSize", int(size)));
            f.push((
                "DomainSid",
                crate::dissect::field::xstr(c.fixed(size as usize)),
            ));
        }
        "NETLOGON_SAM_LOGON_RESPONSE_NT40" | "NETLOGON_SAM_LOGON_RESPONSE" => {
            for name in ["UnicodeLogonServer", "UnicodeUserName", "UnicodeDomainName"] {
                f.push((name, utf16(c.cstr16())));
            }
            if class == "NETLOGON_SAM_LOGON_RESPONSE" {
                f.push(("DomainGuid", uuid(c.take(16)?)));
                f.push(("NullGuid", uuid(c.take(16)?)));
                for name in ["DnsForestName", "DnsDomainName", "DnsHostName"] {
                    f.push((name, dns_name(&mut c, m)));
                }
                f.push(("DcIpAddress", text(ipv4_str(c.take(4)?))));
                f.push(("Flags", flag_set(c.le32()?, &DC_FLAGS)));
            }
        }
        "NETLOGON_SAM_LOGON_RESPONSE_EX" => response_ex(&mut c, m, &mut f)?,
        _ => return Some((nested(class, f), 0)),
    }
    f.push(("NtVersion", flag_set(c.le32()?, &NT_VERSION)));
    f.push(("LmNtToken", hex(c.le16()?)));
    f.push(("Lm20Token", hex(c.le16()?)));
    Some((nested(class, f), c.at))
}

fn response_ex(c: &mut Cur, m: &[u8], f: &mut Fields) -> Option<()> {
    // Scapy reads the version flags first (pre_dissect); without them it assumes 0xb.
    let version = version_before_tokens(m).unwrap_or(0xb);
    f.push(("Sbz", int(c.le16()?)));
    f.push(("Flags", flag_set(c.le32()?, &DC_FLAGS)));
    f.push(("DomainGuid", uuid(c.take(16)?)));
    for name in [
        "DnsForestName",
        "DnsDomainName",
        "DnsHostName",
        "NetbiosDomainName",
        "NetbiosComputerName",
        "UserName",
        "DcSiteName",
        "ClientSiteName",
    ] {
        f.push((name, dns_name(c, m)));
    }
    if version & 0x8 != 0 {
        f.push(("DcSockAddrSize", int(c.u8()?)));
        let fam = c.le16()?;
        let port = c.le16()?;
        let addr = ipv4_str(c.take(4)?);
        let zero = c.take(8)?;
        let sock = nested(
            "DcSockAddr",
            vec![
                ("sin_family", int(fam)),
                ("sin_port", int(port)),
                ("sin_addr", text(addr)),
                (
                    "sin_zero",
                    int(u64::from_le_bytes(zero.try_into().ok()?) as i64),
                ),
            ],
        );
        f.push(("DcSockAddr", held(vec![sock])));
    }
    if version & 0x10 != 0 {
        f.push(("NextClosestSiteName", dns_name(c, m)));
    }
    Some(())
}

fn nested(class: &'static str, fields: Fields) -> Nested {
    Nested {
        class,
        display: class,
        fields,
    }
}

/// A DNS name (Scapy's DNSStrField), compression pointers counted from the message's
/// start.
fn dns_name(c: &mut Cur, m: &[u8]) -> Field {
    let (name, used) = super::dnsmsg::get_name(c.rest(), m, false);
    c.fixed(used);
    Field {
        show: bytes_repr(&name),
        value: crate::dissect::field::FieldValue::Bytes(name),
    }
}

/// A GUID in its little-endian layout, as Python's `UUID(bytes_le=...)` shows it.
pub(super) fn uuid(b: &[u8]) -> Field {
    let h = |r: &[u8]| r.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let rev = |r: &[u8]| h(&r.iter().rev().copied().collect::<Vec<u8>>());
    let s = format!(
        "{}-{}-{}-{}-{}",
        rev(&b[0..4]),
        rev(&b[4..6]),
        rev(&b[6..8]),
        h(&b[8..10]),
        h(&b[10..16])
    );
    Field {
        show: format!("UUID('{s}')"),
        value: crate::dissect::field::FieldValue::Str(s),
    }
}
