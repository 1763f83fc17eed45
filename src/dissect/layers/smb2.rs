//! SMB 2 and 3 as Scapy 2.8.0's `scapy.layers.smb2` dissects them, behind a NetBIOS
//! session (TCP 139 and 445) or a datagram: `SMB2_Header` (`\xfeSMB`), then the command
//! class `SMB2_Header.guess_payload_class` picks by command and direction (an error status
//! in a response is `SMB2_Error_Response`), and the transform headers (`\xfdSMB`,
//! `\xfcSMB`) whose encrypted or compressed rest is Raw.
//!
//! Each command class is one row of `COMMANDS`: its fixed fields, then Scapy's
//! `_NTLMPayloadField` `Buffer`, whose parts lie at the offsets (counted from the SMB 2
//! header) and lengths the fixed fields give. The layer ends at the furthest part, as
//! Scapy's field computes it; what follows is Raw, or with `NextCommand` set, the next
//! command of a compound request (`SMB2_Header` again, Raw padding before it).

use super::netlogon::uuid;
use super::smb::{cstr_field, group, payload_group, payload_parts, utf16};
use super::smb2_tables::*;
use super::smb_tables::bit_names;
use super::smb_tables::STATUS;
use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{enum_field, fixed_str, flag_set, held, hex, int, list, uint, xstr};
use crate::dissect::field::{named, Field, Fields, Nested};
use crate::dissect::view::le16;
use crate::dissect::{Next, Packet, Walk};

const MODULE: &str = "scapy.layers.smb2";

/// `SMB2_Header`, the transform headers, then `COMMANDS` from index `FIRST`.
const HEADER: u8 = 0;
const TRANSFORM: u8 = 1;
const COMPRESSION: u8 = 2;
const FIRST: u8 = 3;

/// How a field of a command is read and shown.
#[derive(Clone, Copy)]
enum K {
    /// Little-endian integers of 1, 2, 4 and 8 bytes, shown in decimal.
    B,
    H,
    I,
    Q,
    /// Big-endian ShortField and IntField (Scapy's, in a little-endian protocol).
    BeH,
    BeI,
    /// Little-endian integers shown in hexadecimal (XLEShortField ...).
    XH,
    XI,
    XQ,
    /// Flags with one name per bit.
    F8(&'static &'static [&'static str]),
    F16(&'static &'static [&'static str]),
    F32(&'static &'static [&'static str]),
    /// A little-endian enumeration of 1, 2 or 4 bytes.
    E8(&'static [(i64, &'static str)]),
    E16(&'static [(i64, &'static str)]),
    E32(&'static [(i64, &'static str)]),
    /// A GUID (UUIDField, little-endian layout).
    Uuid,
    /// `SMB2_FILEID`: a packet of two hexadecimal 64-bit halves.
    FileId,
    /// A FILETIME: 100-nanosecond units since 1601 (Scapy's UTCTimeField).
    Time,
    /// The dialects of a negotiate request, as many as `DialectCount`.
    Dialects,
    /// An error response's data, `ByteCount` bytes.
    ErrorData,
}

impl K {
    /// Bytes taken by a fixed-size kind.
    fn size(self) -> usize {
        match self {
            K::B | K::F8(_) | K::E8(_) => 1,
            K::H | K::BeH | K::XH | K::F16(_) | K::E16(_) => 2,
            K::E32(_) => 4,
            K::I | K::BeI | K::XI | K::F32(_) => 4,
            K::Q | K::XQ | K::Time => 8,
            K::Uuid | K::FileId => 16,
            K::Dialects | K::ErrorData => 0,
        }
    }
}

/// A part of a command's `Buffer`: its name, the field with its offset, and the field
/// with its length (None: up to the next part or the end).
struct Part(&'static str, &'static str, Option<&'static str>, PartKind);

#[derive(Clone, Copy, PartialEq)]
enum PartKind {
    /// A StrLenField, or a packet kept as its bytes.
    Bytes,
    /// A StrFieldUtf16.
    Utf16,
    /// A StrFixedLenField (shown without its trailing NULs).
    Fixed,
    /// A `Raw` packet (an IOCTL's input and output).
    Raw,
    /// A GSS-API token in a PacketLenField: Raw where it does not decode.
    Gss,
    /// A GSS-API token in a PacketField: where it does not decode, the command fails.
    GssStrict,
}

/// A command class: its fixed fields, where its buffer's offsets count from
/// (0: no buffer; `usize::MAX`: after the dialects), and its buffer's parts.
struct Command {
    fields: &'static [(&'static str, K)],
    base: usize,
    parts: &'static [Part],
}

const AFTER_DIALECTS: usize = usize::MAX;

/// Defines `CLASSES` (the headers, then each command's class) and `COMMANDS` (each
/// command's fields and buffer) from one list, so that a row's name and reading stay
/// together and their indices agree.
macro_rules! commands {
    ($(($name:literal, $display:literal, $base:expr, [$($f:expr),* $(,)?], [$($p:expr),* $(,)?]),)*) => {
        static CLASSES: &[Class] = &[
            Class::new("SMB2_Header", "SMB2 Header", MODULE),
            Class::new("SMB2_Transform_Header", "SMB2 Transform Header", MODULE),
            Class::new(
                "SMB2_Compression_Transform_Header",
                "SMB2 Compression Transform Header",
                MODULE,
            ),
            $(Class::new($name, $display, MODULE),)*
        ];
        static COMMANDS: &[Command] = &[
            $(Command { fields: &[$($f),*], base: $base, parts: &[$($p),*] },)*
        ];
    };
}

static SECURITY_MODE: &[&str] = &["SIGNING_ENABLED", "SIGNING_REQUIRED"];
static CAPABILITIES: &[&str] = &[
    "DFS",
    "LEASING",
    "LARGE_MTU",
    "MULTI_CHANNEL",
    "PERSISTENT_HANDLES",
    "DIRECTORY_LEASING",
    "ENCRYPTION",
];
static SESSION_FLAGS: &[&str] = &["IS_GUEST", "IS_NULL", "ENCRYPT_DATA"];
static BINDING: &[&str] = &["SMB2_SESSION_FLAG_BINDING"];
static TREE_FLAGS: &[&str] = &[
    "CLUSTER_RECONNECT",
    "REDIRECT_TO_OWNER",
    "EXTENSION_PRESENT",
];
static CLOSE_FLAGS: &[&str] = &["SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB"];
static HEADER_FLAGS: &[&str] = &bit_names::<32>(&[
    (0, "SMB2_FLAGS_SERVER_TO_REDIR"),
    (1, "SMB2_FLAGS_ASYNC_COMMAND"),
    (2, "SMB2_FLAGS_RELATED_OPERATIONS"),
    (3, "SMB2_FLAGS_SIGNED"),
    (28, "SMB2_FLAGS_DFS_OPERATIONS"),
    (29, "SMB2_FLAGS_REPLAY_OPERATION"),
]);
const DIALECTS: &[(i64, &str)] = &[
    (0x0202, "SMB 2.002"),
    (0x0210, "SMB 2.1"),
    (0x02FF, "SMB 2.???"),
    (0x0300, "SMB 3.0"),
    (0x0302, "SMB 3.0.2"),
    (0x0311, "SMB 3.1.1"),
];
const COMMAND_NAMES: &[(i64, &str)] = &[
    (0x00, "SMB2_NEGOTIATE"),
    (0x01, "SMB2_SESSION_SETUP"),
    (0x02, "SMB2_LOGOFF"),
    (0x03, "SMB2_TREE_CONNECT"),
    (0x04, "SMB2_TREE_DISCONNECT"),
    (0x05, "SMB2_CREATE"),
    (0x06, "SMB2_CLOSE"),
    (0x07, "SMB2_FLUSH"),
    (0x08, "SMB2_READ"),
    (0x09, "SMB2_WRITE"),
    (0x0A, "SMB2_LOCK"),
    (0x0B, "SMB2_IOCTL"),
    (0x0C, "SMB2_CANCEL"),
    (0x0D, "SMB2_ECHO"),
    (0x0E, "SMB2_QUERY_DIRECTORY"),
    (0x0F, "SMB2_CHANGE_NOTIFY"),
    (0x10, "SMB2_QUERY_INFO"),
    (0x11, "SMB2_SET_INFO"),
    (0x12, "SMB2_OPLOCK_BREAK"),
];
const SHARE_TYPES: &[(i64, &str)] = &[(1, "DISK"), (2, "PIPE"), (3, "PRINT")];

use PartKind::{Bytes as PB, Fixed as PF, Raw as PR, Utf16 as PU};

// The command classes, in the order of `class_of`'s numbers.
commands! {
    ("SMB2_Error_Response", "SMB2 Error Response", 0,
        [("StructureSize", K::XH), ("ErrorContextCount", K::B), ("Reserved", K::B),
         ("ByteCount", K::I), ("ErrorData", K::ErrorData)], []),
    ("SMB2_Negotiate_Protocol_Request", "SMB2 Negotiate Protocol Request", AFTER_DIALECTS,
        [("StructureSize", K::XH), ("DialectCount", K::H), ("SecurityMode", K::F16(&SECURITY_MODE)),
         ("Reserved", K::H), ("Capabilities", K::F32(&CAPABILITIES)), ("ClientGUID", K::Uuid),
         ("NegotiateContextsBufferOffset", K::XI), ("NegotiateContextsCount", K::H),
         ("Reserved2", K::BeH), ("Dialects", K::Dialects)],
        [Part("NegotiateContexts", "NegotiateContextsBufferOffset", None, PB)]),
    ("SMB2_Negotiate_Protocol_Response", "SMB2 Negotiate Protocol Response", 128,
        [("StructureSize", K::XH), ("SecurityMode", K::F16(&SECURITY_MODE)),
         ("DialectRevision", K::E16(DIALECTS)), ("NegotiateContextsCount", K::H), ("GUID", K::Uuid),
         ("Capabilities", K::F32(&CAPABILITIES)), ("MaxTransactionSize", K::I),
         ("MaxReadSize", K::I), ("MaxWriteSize", K::I), ("ServerTime", K::Time),
         ("ServerStartTime", K::Time), ("SecurityBlobBufferOffset", K::XH),
         ("SecurityBlobLen", K::H), ("NegotiateContextsBufferOffset", K::XI)],
        [Part("SecurityBlob", "SecurityBlobBufferOffset", Some("SecurityBlobLen"), PartKind::Gss),
         Part("NegotiateContexts", "NegotiateContextsBufferOffset", None, PB)]),
    ("SMB2_Session_Setup_Request", "SMB2 Session Setup Request", 88,
        [("StructureSize", K::XH), ("Flags", K::F8(&BINDING)), ("SecurityMode", K::F8(&SECURITY_MODE)),
         ("Capabilities", K::F32(&CAPABILITIES)), ("Channel", K::I),
         ("SecurityBlobBufferOffset", K::XH), ("SecurityBlobLen", K::H),
         ("PreviousSessionId", K::XQ)],
        [Part("SecurityBlob", "SecurityBlobBufferOffset", Some("SecurityBlobLen"), PartKind::GssStrict)]),
    ("SMB2_Session_Setup_Response", "SMB2 Session Setup Response", 72,
        [("StructureSize", K::XH), ("SessionFlags", K::F16(&SESSION_FLAGS)),
         ("SecurityBufferOffset", K::XH), ("SecurityLen", K::H)],
        [Part("Security", "SecurityBufferOffset", Some("SecurityLen"), PartKind::GssStrict)]),
    ("SMB2_Session_Logoff_Request", "SMB2 LOGOFF Request", 0,
        [("StructureSize", K::XH), ("reserved", K::BeH)], []),
    ("SMB2_Session_Logoff_Response", "SMB2 LOGOFF Request", 0,
        [("StructureSize", K::XH), ("reserved", K::BeH)], []),
    ("SMB2_Tree_Connect_Request", "SMB2 TREE_CONNECT Request", 72,
        [("StructureSize", K::XH), ("Flags", K::F16(&TREE_FLAGS)), ("PathBufferOffset", K::XH),
         ("PathLen", K::H)],
        [Part("Path", "PathBufferOffset", Some("PathLen"), PU)]),
    ("SMB2_Tree_Connect_Response", "SMB2 TREE_CONNECT Response", 0,
        [("StructureSize", K::XH), ("ShareType", K::E8(SHARE_TYPES)), ("Reserved", K::B),
         ("ShareFlags", K::F32(&SHARE_FLAGS)), ("Capabilities", K::F32(&TREE_CAPABILITIES)), ("MaximalAccess", K::F32(&ACCESS))], []),
    ("SMB2_Tree_Disconnect_Request", "SMB2 TREE_DISCONNECT Request", 0,
        [("StructureSize", K::XH), ("Reserved", K::XH)], []),
    ("SMB2_Tree_Disconnect_Response", "SMB2 TREE_DISCONNECT Response", 0,
        [("StructureSize", K::XH), ("Reserved", K::XH)], []),
    ("SMB2_Create_Request", "SMB2 CREATE Request", 120,
        [("StructureSize", K::XH), ("ShareType", K::B), ("RequestedOplockLevel", K::E8(OPLOCK_LEVELS)),
         ("ImpersonationLevel", K::E32(IMPERSONATION)), ("SmbCreateFlags", K::Q), ("Reserved", K::Q),
         ("DesiredAccess", K::F32(&ACCESS)), ("FileAttributes", K::F32(&FILE_ATTRIBUTES)), ("ShareAccess", K::F32(&SHARE_ACCESS)),
         ("CreateDisposition", K::E32(DISPOSITION)), ("CreateOptions", K::F32(&CREATE_OPTIONS)), ("NameBufferOffset", K::XH),
         ("NameLen", K::H), ("CreateContextsBufferOffset", K::XI), ("CreateContextsLen", K::I)],
        [Part("Name", "NameBufferOffset", Some("NameLen"), PU),
         Part("CreateContexts", "CreateContextsBufferOffset", Some("CreateContextsLen"), PB)]),
    ("SMB2_Create_Response", "SMB2 CREATE Response", 152,
        [("StructureSize", K::XH), ("OplockLevel", K::E8(OPLOCK_LEVELS)), ("Flags", K::F8(&CREATE_FLAGS)), ("CreateAction", K::E32(CREATE_ACTION)),
         ("CreationTime", K::Time),
         ("LastAccessTime", K::Time), ("LastWriteTime", K::Time), ("ChangeTime", K::Time),
         ("AllocationSize", K::Q), ("EndOfFile", K::Q), ("FileAttributes", K::F32(&FILE_ATTRIBUTES)), ("Reserved2", K::BeI), ("FileId", K::FileId),
         ("CreateContextsBufferOffset", K::XI), ("CreateContextsLen", K::I)],
        [Part("CreateContexts", "CreateContextsBufferOffset", Some("CreateContextsLen"), PB)]),
    ("SMB2_Close_Request", "SMB2 CLOSE Request", 0,
        [("StructureSize", K::XH), ("Flags", K::F16(&CLOSE_FLAGS)), ("Reserved", K::I),
         ("FileId", K::FileId)], []),
    ("SMB2_Close_Response", "SMB2 CLOSE Response", 0,
        [("StructureSize", K::XH), ("Flags", K::F16(&CLOSE_FLAGS)), ("Reserved", K::I),
         ("CreationTime", K::Time),
         ("LastAccessTime", K::Time), ("LastWriteTime", K::Time), ("ChangeTime", K::Time),
         ("AllocationSize", K::Q), ("EndOfFile", K::Q), ("FileAttributes", K::F32(&FILE_ATTRIBUTES))], []),
    ("SMB2_Read_Request", "SMB2 READ Request", 112,
        [("StructureSize", K::XH), ("Padding", K::B), ("Flags", K::F8(&READ_FLAGS)), ("Length", K::I),
         ("Offset", K::Q), ("FileId", K::FileId), ("MinimumCount", K::I), ("Channel", K::E32(CHANNELS)),
         ("RemainingBytes", K::I), ("ReadChannelInfoBufferOffset", K::H),
         ("ReadChannelInfoLen", K::H)],
        [Part("ReadChannelInfo", "ReadChannelInfoBufferOffset", Some("ReadChannelInfoLen"), PB)]),
    ("SMB2_Read_Response", "SMB2 READ Response", 80,
        [("StructureSize", K::XH), ("DataBufferOffset", K::H), ("DataLen", K::I),
         ("DataRemaining", K::I), ("Flags", K::F32(&READ_RESPONSE_FLAGS))],
        [Part("Data", "DataBufferOffset", Some("DataLen"), PB)]),
    ("SMB2_Write_Request", "SMB2 WRITE Request", 112,
        [("StructureSize", K::XH), ("DataBufferOffset", K::H), ("DataLen", K::I), ("Offset", K::Q),
         ("FileId", K::FileId), ("Channel", K::E32(CHANNELS)), ("RemainingBytes", K::I),
         ("WriteChannelInfoBufferOffset", K::H), ("WriteChannelInfoLen", K::H), ("Flags", K::F32(&WRITE_FLAGS))],
        [Part("Data", "DataBufferOffset", Some("DataLen"), PB),
         Part("WriteChannelInfo", "WriteChannelInfoBufferOffset", Some("WriteChannelInfoLen"), PB)]),
    ("SMB2_Write_Response", "SMB2 WRITE Response", 0,
        [("StructureSize", K::XH), ("Reserved", K::H), ("Count", K::I), ("Remaining", K::I),
         ("WriteChannelInfoBufferOffset", K::H), ("WriteChannelInfoLen", K::H)], []),
    ("SMB2_Cancel_Request", "SMB2 CANCEL Request", 0,
        [("StructureSize", K::XH), ("Reserved", K::H)], []),
    ("SMB2_Echo_Request", "SMB2 ECHO Request", 0,
        [("StructureSize", K::XH), ("Reserved", K::H)], []),
    ("SMB2_Echo_Response", "SMB2 ECHO Response", 0,
        [("StructureSize", K::XH), ("Reserved", K::H)], []),
    ("SMB2_Query_Directory_Request", "SMB2 QUERY DIRECTORY Request", 96,
        [("StructureSize", K::XH), ("FileInformationClass", K::E8(FILE_INFO_CLASSES)), ("Flags", K::F8(&QUERY_DIRECTORY_FLAGS)),
         ("FileIndex", K::I), ("FileId", K::FileId), ("FileNameBufferOffset", K::H),
         ("FileNameLen", K::H), ("OutputBufferLength", K::I)],
        [Part("FileName", "FileNameBufferOffset", Some("FileNameLen"), PU)]),
    ("SMB2_Query_Directory_Response", "SMB2 QUERY DIRECTORY Response", 72,
        [("StructureSize", K::XH), ("OutputBufferOffset", K::H), ("OutputLen", K::I)],
        [Part("Output", "OutputBufferOffset", Some("OutputLen"), PF)]),
    ("SMB2_Change_Notify_Request", "SMB2 CHANGE NOTIFY Request", 0,
        [("StructureSize", K::XH), ("Flags", K::F16(&NOTIFY_FLAGS)), ("OutputBufferLength", K::I),
         ("FileId", K::FileId), ("CompletionFilter", K::F32(&COMPLETION_FILTER)), ("Reserved", K::I)], []),
    ("SMB2_Change_Notify_Response", "SMB2 CHANGE NOTIFY Response", 72,
        [("StructureSize", K::XH), ("OutputBufferOffset", K::H), ("OutputLen", K::I)],
        [Part("Output", "OutputBufferOffset", Some("OutputLen"), PB)]),
    ("SMB2_Query_Info_Request", "SMB2 QUERY INFO Request", 104,
        [("StructureSize", K::XH), ("InfoType", K::E8(INFO_TYPES)), ("FileInfoClass", K::E8(FILE_INFO_CLASSES)),
         ("OutputBufferLength", K::I), ("InputBufferOffset", K::XI), ("InputLen", K::I),
         ("AdditionalInformation", K::F32(&ADDITIONAL_INFO)), ("Flags", K::F32(&QUERY_INFO_FLAGS)), ("FileId", K::FileId)],
        [Part("Input", "InputBufferOffset", Some("InputLen"), PB)]),
    ("SMB2_Query_Info_Response", "SMB2 QUERY INFO Response", 72,
        [("StructureSize", K::XH), ("OutputBufferOffset", K::H), ("OutputLen", K::I)],
        [Part("Output", "OutputBufferOffset", Some("OutputLen"), PF)]),
    ("SMB2_Set_Info_Request", "SMB2 SET INFO Request", 96,
        [("StructureSize", K::XH), ("InfoType", K::E8(INFO_TYPES)), ("FileInfoClass", K::E8(FILE_INFO_CLASSES)), ("DataLen", K::I),
         ("DataBufferOffset", K::XI), ("AdditionalInformation", K::F32(&ADDITIONAL_INFO)), ("FileId", K::FileId)],
        [Part("Data", "DataBufferOffset", Some("DataLen"), PB)]),
    ("SMB2_Set_Info_Response", "SMB2 SET INFO Request", 0,
        [("StructureSize", K::XH)], []),
    ("SMB2_IOCTL_Request", "SMB2 IOCTL Request", 120,
        [("StructureSize", K::XH), ("Reserved", K::H), ("CtlCode", K::E32(CTL_CODES)), ("FileId", K::FileId),
         ("InputBufferOffset", K::I), ("InputLen", K::I), ("MaxInputResponse", K::I),
         ("OutputBufferOffset", K::I), ("OutputLen", K::I), ("MaxOutputResponse", K::I),
         ("Flags", K::F32(&IOCTL_FLAGS)), ("Reserved2", K::I)],
        [Part("Input", "InputBufferOffset", Some("InputLen"), PR),
         Part("Output", "OutputBufferOffset", Some("OutputLen"), PR)]),
    ("SMB2_IOCTL_Response", "SMB2 IOCTL Response", 112,
        [("StructureSize", K::XH), ("Reserved", K::H), ("CtlCode", K::E32(CTL_CODES)), ("FileId", K::FileId),
         ("InputBufferOffset", K::I), ("InputLen", K::I), ("OutputBufferOffset", K::I),
         ("OutputLen", K::I), ("Flags", K::F32(&IOCTL_FLAGS)), ("Reserved2", K::I)],
        [Part("Input", "InputBufferOffset", Some("InputLen"), PR),
         Part("Output", "OutputBufferOffset", Some("OutputLen"), PR)]),
}

/// The command class Scapy's `SMB2_Header.guess_payload_class` picks: an index into
/// `COMMANDS`, or None for a command it leaves Raw (flush, lock, oplock break).
fn class_of(command: u16, response: bool, status: u32) -> Option<usize> {
    // Statuses that still carry the command's own response (MS-SMB2 3.3.4.4).
    const OK: &[(u32, u16)] = &[
        (0xC0000016, 0x01),
        (0x80000005, 0x08),
        (0x80000005, 0x10),
        (0x80000005, 0x0B),
        (0xC000000D, 0x0B),
        (0x0000010C, 0x0F),
    ];
    if response && status != 0 && !OK.contains(&(status, command)) {
        return Some(0);
    }
    let pair = |req: usize| Some(if response { req + 1 } else { req });
    match command {
        0x00 => pair(1),
        0x01 => pair(3),
        0x02 => pair(5),
        0x03 => pair(7),
        0x04 => pair(9),
        0x05 => pair(11),
        0x06 => pair(13),
        0x08 => pair(15),
        0x09 => pair(17),
        0x0C => Some(19),
        0x0D => pair(20),
        0x0E => pair(22),
        0x0F => pair(24),
        0x10 => pair(26),
        0x11 => pair(28),
        0x0B => pair(30),
        _ => None,
    }
}

pub static SMB2: Ops = Ops {
    classes: CLASSES,
    class: |p| match p {
        Proto::Smb2(k) => &CLASSES[(k as usize).min(CLASSES.len() - 1)],
        _ => &CLASSES[0],
    },
    fields,
    summary: no_summary,
};

/// The SMB 2 header is 64 bytes; Scapy reads one from 48 (the signature may be short).
const HEADER_LEN: usize = 64;
const HEADER_MIN: usize = 48;
const TRANSFORM_LEN: usize = 52;
const COMPRESSION_LEN: usize = 16;

/// What follows the `\xfeSMB`, `\xfdSMB` or `\xfcSMB` magic (Scapy's `_SMBGeneric`).
pub fn parse(w: &mut Walk) -> Next {
    let d = w.here();
    match d.first() {
        Some(0xfd) if d.len() >= TRANSFORM_LEN => {
            w.push(Proto::Smb2(TRANSFORM), TRANSFORM_LEN);
            return Next::Raw;
        }
        Some(0xfc) if d.len() >= COMPRESSION_LEN => {
            w.push(Proto::Smb2(COMPRESSION), COMPRESSION_LEN);
            return Next::Raw;
        }
        Some(0xfe) => {}
        _ => return Next::Raw,
    }
    parse_header(w)
}

fn parse_header(w: &mut Walk) -> Next {
    let d = w.here();
    if d.len() < HEADER_MIN {
        return Next::Raw;
    }
    let status = u32::from_le_bytes([d[8], d[9], d[10], d[11]]);
    let command = le16(d, 12);
    let flags = d[16];
    let next = u32::from_le_bytes([d[20], d[21], d[22], d[23]]);
    w.push(Proto::Smb2(HEADER), d.len().min(HEADER_LEN));
    let t = w.here();
    if t.is_empty() {
        return Next::Done;
    }
    let Some(k) = class_of(command, flags & 1 != 0, status) else {
        return Next::Raw;
    };
    let Some(cmd) = dissect(&COMMANDS[k], t) else {
        return Next::Raw;
    };
    w.push(Proto::Smb2(FIRST + k as u8), cmd.len);
    if next == 0 {
        return Next::Raw;
    }
    // A compound request: Scapy takes the bytes up to `NextCommand` as Raw (as Python
    // slices them, from the end when the count is negative), then the next header.
    let pad = next as i64 - (HEADER_LEN + cmd.len) as i64;
    if pad != 0 {
        let rest = w.rest() as i64;
        let take = if pad > 0 {
            pad.min(rest)
        } else {
            (rest + pad).max(0)
        } as usize;
        w.push_at(Proto::Raw, w.at, take, w.at + take);
        w.at += take;
    }
    if w.rest() == 0 {
        return Next::Done;
    }
    Next::Parse(parse_header)
}

/// A command as read: its fields and its length.
struct Dissected {
    fields: Fields,
    len: usize,
}

/// Reads a command's fields and finds where it ends; None where Scapy's dissection
/// fails (too short for a fixed field).
fn dissect(cmd: &Command, t: &[u8]) -> Option<Dissected> {
    let mut at = 0;
    let mut nums: Vec<(&str, u64)> = Vec::new();
    let mut fields: Fields = Vec::new();
    let num = |nums: &Vec<(&str, u64)>, n: &str| nums.iter().find(|x| x.0 == n).map(|x| x.1);
    for &(name, k) in cmd.fields {
        let f = match k {
            K::Dialects => {
                let n = num(&nums, "DialectCount").unwrap_or(0) as usize;
                let b = t.get(at..at + 2 * n)?;
                at += 2 * n;
                list(
                    b.chunks(2)
                        .map(|c| enum_field(le16(c, 0), DIALECTS))
                        .collect(),
                )
            }
            K::ErrorData => {
                let n = num(&nums, "ByteCount").unwrap_or(0) as usize;
                let e = (at + n).min(t.len());
                let b = &t[at..e];
                at = e;
                xstr(b)
            }
            _ => {
                let b = t.get(at..at + k.size())?;
                at += k.size();
                let (f, v) = field(k, b);
                nums.push((name, v));
                f
            }
        };
        fields.push((name, f));
    }
    let remain = &t[at..];
    if cmd.parts.is_empty() {
        return Some(Dissected { fields, len: at });
    }
    if remain.is_empty() {
        // `show()` names the buffer even when it holds nothing.
        fields.push(("Buffer", group(vec![], vec![])));
        return Some(Dissected { fields, len: at });
    }
    let base = if cmd.base == AFTER_DIALECTS {
        HEADER_LEN + at
    } else {
        cmd.base
    } as i64;
    let offsets: Vec<i64> = cmd
        .parts
        .iter()
        .map(|p| num(&nums, p.1).unwrap_or(0) as i64 - base)
        .collect();
    let lens: Vec<Option<i64>> = cmd
        .parts
        .iter()
        .map(|p| p.2.map(|l| num(&nums, l).unwrap_or(0) as i64))
        .collect();
    let (present, used) = payload_parts(remain, &offsets, &lens);
    let mut items = Vec::new();
    for (i, off, b) in present {
        let p = &cmd.parts[i];
        let f = match p.3 {
            PartKind::Utf16 => utf16(b),
            PartKind::Bytes => cstr_field(b),
            PartKind::Fixed => fixed_str(b),
            PartKind::Raw => held(vec![Nested {
                class: "Raw",
                display: "Raw",
                fields: vec![("load", cstr_field(b))],
            }]),
            PartKind::Gss => super::gssapi::blob_field(b),
            PartKind::GssStrict => held(super::gssapi::blob(b).ok()?),
        };
        items.push((p.0, off, f));
    }
    fields.push(("Buffer", payload_group(items)));
    Some(Dissected {
        fields,
        len: at + used,
    })
}

/// One fixed-size field, and its number for the fields that follow.
fn field(k: K, b: &[u8]) -> (Field, u64) {
    let mut v = [0u8; 8];
    let n = b.len().min(8);
    v[..n].copy_from_slice(&b[..n]);
    let le = u64::from_le_bytes(v);
    match k {
        K::B | K::H | K::I | K::Q => (uint(le), le),
        K::BeH => (int(u16::from_be_bytes([b[0], b[1]])), le),
        K::BeI => (
            uint(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as u64),
            le,
        ),
        K::XH | K::XI => (hex(le as i64), le),
        K::XQ => (hex_u64(le), le),
        K::F8(names) | K::F16(names) | K::F32(names) => (flag_set(le as u32, names), le),
        K::E8(t) | K::E16(t) | K::E32(t) => (enum_field(le as i64, t), le),
        K::Uuid => (uuid(b), 0),
        K::FileId => (file_id(b), 0),
        K::Time => (filetime(le), le),
        K::Dialects | K::ErrorData => (int(0), 0),
    }
}

fn hex_u64(v: u64) -> Field {
    let mut f = uint(v);
    f.show = format!("{v:#x}");
    f
}

/// `SMB2_FILEID`, held in the command as Scapy's PacketField holds it.
fn file_id(b: &[u8]) -> Field {
    let half = |at: usize| {
        let mut v = [0u8; 8];
        v.copy_from_slice(&b[at..at + 8]);
        hex_u64(u64::from_le_bytes(v))
    };
    held(vec![Nested {
        class: "SMB2_FILEID",
        display: "SMB2_FILEID",
        fields: vec![("Persistent", half(0)), ("Volatile", half(8))],
    }])
}

/// Seconds from 1601 to 1970.
const FILETIME_EPOCH: f64 = 11_644_473_600.0;

/// A FILETIME as Scapy's UTCTimeField shows it: the date of the time rounded to
/// microseconds, then its whole seconds since 1970 (negative before).
pub(super) fn filetime(v: u64) -> Field {
    let x = v as f64 / 1e7 - FILETIME_EPOCH;
    let whole = x.trunc();
    let micros = whole * 1e6 + ((x - whole) * 1e6).round_ties_even();
    let date = (micros / 1e6).floor();
    // Python's datetime stops at the year 9999: show the number beyond it.
    if !(-FILETIME_EPOCH..=253_402_300_799.0).contains(&date) {
        return uint(v);
    }
    named(
        v as i64,
        format!("{}  ({})", crate::time::gmt_text(date as i64), whole as i64),
    )
}

/// A FILETIME field from its 8 bytes (SMB 1 uses them too).
pub(super) fn filetime_bytes(b: &[u8]) -> Field {
    filetime(le64(b, 0))
}

fn le32(d: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([d[at], d[at + 1], d[at + 2], d[at + 3]])
}

fn le64(d: &[u8], at: usize) -> u64 {
    let mut v = [0u8; 8];
    v.copy_from_slice(&d[at..at + 8]);
    u64::from_le_bytes(v)
}

fn header_fields(h: &[u8]) -> Fields {
    let flags = le32(h, 16);
    let mut f = vec![
        ("Start", fixed_str(&h[..4])),
        ("StructureSize", int(le16(h, 4))),
        ("CreditCharge", int(le16(h, 6))),
        ("Status", enum_field(le32(h, 8) as i64, STATUS)),
        ("Command", enum_field(le16(h, 12), COMMAND_NAMES)),
        ("CreditRequest", int(le16(h, 14))),
        ("Flags", flag_set(flags, &HEADER_FLAGS)),
        ("NextCommand", hex(le32(h, 20))),
        ("MID", uint(le64(h, 24))),
    ];
    if flags & 2 != 0 {
        f.push(("AsyncId", uint(le64(h, 32))));
    } else {
        f.push(("PID", int(le32(h, 32))));
        f.push(("TID", int(le32(h, 36))));
    }
    f.push(("SessionId", uint(le64(h, 40))));
    f.push(("SecuritySignature", xstr(&h[48..])));
    f
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let Proto::Smb2(kind) = l.proto else {
        return vec![];
    };
    let h = l.header(p.data);
    match kind {
        HEADER if h.len() >= HEADER_MIN => header_fields(h),
        TRANSFORM if h.len() >= TRANSFORM_LEN => vec![
            ("Start", fixed_str(&h[..4])),
            ("Signature", xstr(&h[4..20])),
            ("Nonce", xstr(&h[20..36])),
            ("OriginalMessageSize", int(le32(h, 36))),
            ("Reserved", int(le16(h, 40))),
            ("Flags", enum_field(le16(h, 42), &[(1, "ENCRYPTED")])),
            ("SessionId", uint(le64(h, 44))),
        ],
        COMPRESSION if h.len() >= COMPRESSION_LEN => vec![
            ("Start", fixed_str(&h[..4])),
            ("OriginalCompressedSegmentSize", int(le32(h, 4))),
            (
                "CompressionAlgorithm",
                enum_field(
                    le16(h, 8),
                    &[
                        (0, "None"),
                        (1, "LZNT1"),
                        (2, "LZ77"),
                        (3, "LZ77 + Huffman"),
                        (4, "Pattern_V1"),
                    ],
                ),
            ),
            (
                "Flags",
                enum_field(
                    le16(h, 10),
                    &[
                        (0, "SMB2_COMPRESSION_FLAG_NONE"),
                        (1, "SMB2_COMPRESSION_FLAG_CHAINED"),
                    ],
                ),
            ),
            ("Offset_or_Length", hex(le32(h, 12))),
        ],
        k if k >= FIRST => COMMANDS
            .get((k - FIRST) as usize)
            .and_then(|c| dissect(c, l.bytes(p.data)))
            .map_or(vec![], |d| d.fields),
        _ => vec![],
    }
}
