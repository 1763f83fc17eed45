//! SMB 1 set-up over a NetBIOS session, as Scapy 2.8.0's `scapy.layers.smb` dissects
//! it: the negotiate response (extended security or not), session setup requests and
//! responses (extended security, classic, or `SMBSession_Null` without words), and tree
//! connect (`SMBTree_Connect_AndX`, which Scapy reads the same way in both directions).
//!
//! The class is picked as `SMB_Header.guess_payload_class` picks it, by the command, the
//! reply flag, the word count and the extended-security flag; strings are UTF-16 when
//! the header's `Flags2` says Unicode. Security blobs are kept as their bytes. What is
//! left after a class's last field is Raw, except after a classic session setup request
//! whose `AndXCommand` is a tree connect (0x75), which Scapy reads next.

use super::netlogon::uuid;
use super::smb::{cstr_field, utf16, Cur};
use super::smb_tables::SMB_COM;
use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{enum_field, flag_set, int, named, xstr, Field, Fields};
use crate::dissect::{Next, Packet, Walk};

const MODULE: &str = "scapy.layers.smb";

const NEG_EXT: u8 = 0;
const NEG_SEC: u8 = 1;
const SETUP_REQ_EXT: u8 = 2;
const SETUP_REQ: u8 = 3;
const SETUP_RESP_EXT: u8 = 4;
const SETUP_RESP: u8 = 5;
const NULL: u8 = 6;
const TREE: u8 = 7;
/// Set in the layer's number when the strings are UTF-16.
const UNICODE: u8 = 0x80;

pub static SMB_SESSION: Ops = Ops {
    classes: &[
        Class::new(
            "SMBNegotiate_Response_Extended_Security",
            "SMB Negotiate Extended Security Response (SMB)",
            MODULE,
        ),
        Class::new(
            "SMBNegotiate_Response_Security",
            "SMB Negotiate Non-Extended Security Response (SMB)",
            MODULE,
        ),
        Class::new(
            "SMBSession_Setup_AndX_Request_Extended_Security",
            "Session Setup AndX Extended Security Request (SMB)",
            MODULE,
        ),
        Class::new(
            "SMBSession_Setup_AndX_Request",
            "Session Setup AndX Request (CIFS)",
            MODULE,
        ),
        Class::new(
            "SMBSession_Setup_AndX_Response_Extended_Security",
            "Session Setup AndX Extended Security Response (SMB)",
            MODULE,
        )
        .derived("SMBSession_Setup_AndX_Response"),
        Class::new(
            "SMBSession_Setup_AndX_Response",
            "Session Setup AndX Response (CIFS)",
            MODULE,
        ),
        Class::new("SMBSession_Null", "SMBSession_Null", MODULE),
        Class::new("SMBTree_Connect_AndX", "Session Tree Connect AndX", MODULE),
    ],
    class: |p| match p {
        Proto::SmbSession(k) => &SMB_SESSION.classes[((k & !UNICODE) as usize).min(7)],
        _ => &SMB_SESSION.classes[0],
    },
    fields,
    summary: no_summary,
};

/// The class Scapy picks for SMB 1 command `command` (None: not one of these).
pub fn class_of(command: u8, flags: u8, flags2: u16, word_count: u8) -> Option<u8> {
    let reply = flags & 0x80 != 0;
    let ext = flags2 & 0x0800 != 0;
    match command {
        0x72 if reply => Some(if ext { NEG_EXT } else { NEG_SEC }),
        0x73 if word_count == 0 => Some(NULL),
        0x73 if reply => Some(match word_count {
            4 => SETUP_RESP_EXT,
            3 => SETUP_RESP,
            _ if ext => SETUP_RESP_EXT,
            _ => SETUP_RESP,
        }),
        0x73 => Some(match word_count {
            0x0c => SETUP_REQ_EXT,
            0x0d => SETUP_REQ,
            _ if ext => SETUP_REQ_EXT,
            _ => SETUP_REQ,
        }),
        0x75 => Some(TREE),
        _ => None,
    }
}

/// After `SMB_Header`: the class, then a tree connect after a classic session setup
/// that names one, then Raw.
pub fn parse(w: &mut Walk, class: u8, flags2: u16) -> Next {
    let uni = if flags2 & 0x8000 != 0 { UNICODE } else { 0 };
    let Some((f, len)) = read(class, uni != 0, w.here()) else {
        return Next::Raw;
    };
    w.push(Proto::SmbSession(class | uni), len);
    if class == SETUP_REQ && w.rest() > 0 {
        let andx = f.iter().find(|x| x.0 == "AndXCommand");
        if andx.is_some_and(|x| x.1.value == crate::dissect::field::FieldValue::Int(0x75)) {
            if let Some((_, len)) = read(TREE, uni != 0, w.here()) {
                w.push(Proto::SmbSession(TREE | uni), len);
            }
        }
    }
    Next::Raw
}

/// A string of Scapy's `_SMBStrNullField`: UTF-16 or bytes, up to its NUL.
fn smb_str(c: &mut Cur, uni: bool) -> Field {
    if uni {
        utf16(c.cstr16())
    } else {
        cstr_field(c.cstr())
    }
}

/// Scapy's ReversePadField: skips to an even offset in the layer first.
fn pad2(c: &mut Cur) {
    let _ = c.fixed(c.at % 2);
}

/// Scapy's length fields may be negative when adjusted: a slice as Python takes it.
fn py_take<'a>(c: &mut Cur<'a>, n: i64) -> &'a [u8] {
    let rest = c.rest().len() as i64;
    let take = if n >= 0 {
        n.min(rest)
    } else {
        (rest + n).max(0)
    };
    c.fixed(take as usize)
}

static SECURITY_MODE: &[&str] = &[
    "USER_SECURITY",
    "ENCRYPT_PASSWORDS",
    "SECURITY_SIGNATURES_ENABLED",
    "SECURITY_SIGNATURES_REQUIRED",
];
static CAPABILITIES: &[&str] = &[
    "RAW_MODE",
    "MPX_MODE",
    "UNICODE",
    "LARGE_FILES",
    "NT_SMBS",
    "RPC_REMOTE_APIS",
    "STATUS32",
    "LEVEL_II_OPLOCKS",
    "LOCK_AND_READ",
    "NT_FIND",
    "res",
    "res",
    "DFS",
    "INFOLEVEL_PASSTHRU",
    "LARGE_READX",
    "LARGE_WRITEX",
    "LWIO",
    "res",
    "res",
    "res",
    "res",
    "res",
    "res",
    "UNIX",
    "res",
    "COMPRESSED_DATA",
    "res",
    "res",
    "res",
    "DYNAMIC_REAUTH",
    "PERSISTENT_HANDLES",
    "EXTENDED_SECURITY",
];
static ACTION: &[&str] = &["SMB_SETUP_GUEST", "SMB_SETUP_USE_LANMAN_KEY"];
static TREE_FLAGS: &[&str] = &[
    "DISCONNECT_TID",
    "r2",
    "EXTENDED_SIGNATURES",
    "EXTENDED_RESPONSE",
];

/// The AndX block every one of these starts with (after the word count).
fn andx(c: &mut Cur, f: &mut Fields) -> Option<()> {
    f.push(("AndXCommand", enum_field(c.u8()?, SMB_COM)));
    f.push(("AndXReserved", int(c.u8()?)));
    f.push(("AndXOffset", int(c.le16()?)));
    Some(())
}

/// Reads a class's fields; None where a fixed field is cut short (Scapy's Raw).
fn read(class: u8, uni: bool, d: &[u8]) -> Option<(Fields, usize)> {
    let mut c = Cur::new(d);
    let mut f: Fields = vec![("WordCount", int(c.u8()?))];
    match class {
        NEG_EXT | NEG_SEC => {
            f.push(("DialectIndex", int(c.le16()?)));
            f.push(("SecurityMode", flag_set(c.u8()? as u32, &SECURITY_MODE)));
            f.push(("MaxMpxCount", int(c.le16()?)));
            f.push(("MaxNumberVC", int(c.le16()?)));
            f.push(("MaxBufferSize", int(c.le32()?)));
            f.push(("MaxRawSize", int(c.le32()?)));
            f.push(("SessionKey", int(c.le32()?)));
            f.push(("ServerCapabilities", flag_set(c.le32()?, &CAPABILITIES)));
            let t = c.take(8)?;
            f.push(("ServerTime", super::smb2::filetime_bytes(t)));
            let tz = i16::from_le_bytes([c.u8()?, c.u8()?]);
            f.push(("ServerTimeZone", named(tz, format!("{tz} min-UTC"))));
            let chal = c.u8()?;
            f.push(("ChallengeLength", int(chal)));
            let bc = c.le16()?;
            f.push(("ByteCount", int(bc)));
            f.push(("Challenge", xstr(c.fixed(chal as usize))));
            if class == NEG_EXT {
                f.push(("GUID", uuid(c.take(16)?)));
                f.push((
                    "SecurityBlob",
                    blob(py_take(&mut c, bc as i64 - 16), bc as i64 - 16),
                ));
            } else {
                f.push(("DomainName", smb_str(&mut c, uni)));
                f.push(("ServerName", smb_str(&mut c, uni)));
            }
        }
        SETUP_REQ_EXT | SETUP_REQ => {
            andx(&mut c, &mut f)?;
            f.push(("MaxBufferSize", int(c.le16()?)));
            f.push(("MaxMPXCount", int(c.le16()?)));
            f.push(("VCNumber", int(c.le16()?)));
            f.push(("SessionKey", int(c.le32()?)));
            if class == SETUP_REQ_EXT {
                let blob = c.le16()?;
                f.push(("SecurityBlobLength", int(blob)));
                f.push(("Reserved", int(c.le32()?)));
                f.push(("ServerCapabilities", flag_set(c.le32()?, &CAPABILITIES)));
                f.push(("ByteCount", int(c.le16()?)));
                f.push((
                    "SecurityBlob",
                    self::blob(c.fixed(blob as usize), blob as i64),
                ));
                pad2(&mut c);
                f.push(("NativeOS", smb_str(&mut c, uni)));
                f.push(("NativeLanMan", smb_str(&mut c, uni)));
            } else {
                let oem = c.le16()?;
                let unicode = c.le16()?;
                f.push(("OEMPasswordLength", int(oem)));
                f.push(("UnicodePasswordLength", int(unicode)));
                f.push(("Reserved", int(c.le32()?)));
                f.push(("ServerCapabilities", flag_set(c.le32()?, &CAPABILITIES)));
                f.push(("ByteCount", int(c.le16()?)));
                f.push(("OEMPassword", xstr(c.fixed(oem as usize))));
                f.push(("UnicodePassword", xstr(c.fixed(unicode as usize))));
                pad2(&mut c);
                for name in ["AccountName", "PrimaryDomain", "NativeOS", "NativeLanMan"] {
                    f.push((name, smb_str(&mut c, uni)));
                }
            }
        }
        SETUP_RESP_EXT => {
            andx(&mut c, &mut f)?;
            f.push(("Action", flag_set(c.le16()? as u32, &ACTION)));
            let blob = c.le16()?;
            f.push(("SecurityBlobLength", int(blob)));
            f.push(("ByteCount", int(c.le16()?)));
            f.push((
                "SecurityBlob",
                self::blob(c.fixed(blob as usize), blob as i64),
            ));
            pad2(&mut c);
            f.push(("NativeOS", smb_str(&mut c, uni)));
            f.push(("NativeLanMan", smb_str(&mut c, uni)));
        }
        SETUP_RESP => {
            andx(&mut c, &mut f)?;
            f.push(("Action", flag_set(c.le16()? as u32, &ACTION)));
            f.push(("ByteCount", int(c.le16()?)));
            for name in ["NativeOS", "NativeLanMan", "PrimaryDomain"] {
                f.push((name, smb_str(&mut c, uni)));
            }
            f.push(("WordCount2", int(c.u8()?)));
            f.push(("AndXCommand2", enum_field(c.u8()?, SMB_COM)));
            f.push(("Reserved3", int(c.u8()?)));
            f.push(("AndXOffset2", int(c.le16()?)));
            f.push(("OptionalSupport", int(c.le16()?)));
            f.push(("ByteCount2", int(c.le16()?)));
            f.push(("Service", cstr_field(c.cstr())));
            f.push(("NativeFileSystem", cstr_field(c.cstr())));
        }
        NULL => f.push(("ByteCount", int(c.le16()?))),
        _ => {
            andx(&mut c, &mut f)?;
            f.push(("Flags", flag_set(c.le16()? as u32, &TREE_FLAGS)));
            let pw = c.le16()?;
            f.push(("PasswordLength", int(pw)));
            f.push(("ByteCount", int(c.le16()?)));
            f.push(("Password", xstr(c.fixed(pw as usize))));
            pad2(&mut c);
            f.push(("Path", smb_str(&mut c, uni)));
            f.push(("Service", cstr_field(c.cstr())));
        }
    }
    Some((f, c.at))
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let Proto::SmbSession(k) = l.proto else {
        return vec![];
    };
    // Read as the walk read it: a negative length counts from the end of what follows.
    read(k & !UNICODE, k & UNICODE != 0, l.bytes(p.data)).map_or(vec![], |r| r.0)
}

/// A PacketLenField of `GSSAPI_BLOB`: None for a length of 0, else the token (Raw where
/// it does not decode).
fn blob(b: &[u8], len: i64) -> Field {
    if len == 0 {
        return crate::dissect::field::none();
    }
    super::gssapi::blob_field(b)
}
