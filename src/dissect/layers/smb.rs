//! SMB 1 over a NetBIOS datagram (UDP port 138), as Scapy 2.8.0's `scapy.layers.smb`
//! dissects it: Scapy's dispatcher picks `SMB_Header` by the `\xffSMB` magic (another
//! magic leaves the 4-byte `_SMBGeneric`), then a transaction (`SMBMailslot_Write` for 17
//! parameter words, else `SMBTransaction_Request` or `_Response`) whose data buffer is a
//! browser message (`BRWS`) on `\MAILSLOT\BROWSE` or a domain-controller locator message
//! (`NETLOGON`) on `\MAILSLOT\NET\NETLOGON`.
//!
//! The transaction's buffer is found by the offsets in its header, relative to where
//! Scapy believes the buffer starts (one byte early in a response, as Scapy computes it);
//! whatever lies past the furthest field is the layer's payload (Raw).

use super::smb_tables::{SERVER_TYPES, SMB_COM, STATUS, TRANSACTION_FLAGS};
use super::{Class, Ops, Proto};
use crate::dissect::field::{
    enum_field, fixed_str, flag_set, hex, int, list, packets, xstr, Field, FieldValue, Fields,
    Nested,
};
use crate::dissect::view::le16;
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::{bytes_repr, str_repr};

const MODULE: &str = "scapy.layers.smb";

/// The layers, by their index in `SMB.classes`.
const GENERIC: u8 = 0;
const HEADER: u8 = 1;
const REQUEST: u8 = 2;
const MAILSLOT: u8 = 3;
const RESPONSE: u8 = 4;
const NEGOTIATE: u8 = 5;

pub static SMB: Ops = Ops {
    classes: &[
        Class::new("_SMBGeneric", "SMB Generic dispatcher", MODULE),
        Class::new("SMB_Header", "SMB 1 Protocol Request Header", MODULE),
        Class::new(
            "SMBTransaction_Request",
            "SMB COM Transaction Request",
            MODULE,
        ),
        Class::new("SMBMailslot_Write", "SMB COM Transaction Request", MODULE)
            .derived("SMBTransaction_Request"),
        Class::new(
            "SMBTransaction_Response",
            "SMB COM Transaction Response",
            MODULE,
        ),
        Class::new("SMBNegotiate_Request", "SMB Negotiate Request", MODULE),
    ],
    class: |p| match p {
        Proto::Smb(k) => &SMB.classes[(k as usize).min(5)],
        _ => &SMB.classes[0],
    },
    fields,
    summary,
};

/// The SMB 1 header is 32 bytes.
const HEADER_LEN: usize = 32;

/// Scapy's `_SMBGeneric` dispatch on what a NetBIOS datagram carries.
pub fn parse(w: &mut Walk) -> Next {
    let d = w.here();
    if d.is_empty() {
        return Next::Done;
    }
    if !d.starts_with(b"\xffSMB") {
        if d.len() >= 4 && (0xfc..=0xfe).contains(&d[0]) && &d[1..4] == b"SMB" {
            return super::smb2::parse(w);
        }
        w.push(Proto::Smb(GENERIC), d.len().min(4));
        return Next::Raw;
    }
    if d.len() < HEADER_LEN {
        return Next::Raw;
    }
    let (command, flags) = (d[4], d[9]);
    w.push(Proto::Smb(HEADER), HEADER_LEN);
    let t = w.here();
    if t.is_empty() {
        return Next::Done;
    }
    if command == 0x72 && flags & 0x80 == 0 {
        if let Some((_, len)) = negotiate(t) {
            w.push(Proto::Smb(NEGOTIATE), len);
        }
        return Next::Raw;
    }
    if command != 0x25 {
        let flags2 = le16(d, 10);
        return match super::smb_session::class_of(command, flags, flags2, t[0]) {
            Some(class) => super::smb_session::parse(w, class, flags2),
            None => Next::Raw,
        };
    }
    let kind = transaction_kind(t[0], flags);
    if let Some(tr) = transaction(t, kind) {
        w.push(Proto::Smb(kind), tr.len);
    }
    Next::Raw
}

/// Which transaction class Scapy's `SMB_Header.guess_payload_class` picks.
fn transaction_kind(word_count: u8, flags: u8) -> u8 {
    if word_count == 0x11 {
        MAILSLOT
    } else if flags & 0x80 != 0 {
        RESPONSE
    } else {
        REQUEST
    }
}

/// A reader that fails as Scapy's fixed-size fields do on short data, and takes what
/// there is where Scapy's string fields do.
pub(super) struct Cur<'a> {
    d: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Cur<'a> {
    pub(super) fn new(d: &'a [u8]) -> Self {
        Cur { d, at: 0 }
    }
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let b = self.d.get(self.at..self.at + n)?;
        self.at += n;
        Some(b)
    }
    /// A fixed-length string: short data is no error.
    pub(super) fn fixed(&mut self, n: usize) -> &'a [u8] {
        let e = (self.at + n).min(self.d.len());
        let b = &self.d[self.at..e];
        self.at = e;
        b
    }
    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub(super) fn le16(&mut self) -> Option<u16> {
        self.take(2).map(|b| le16(b, 0))
    }
    pub(super) fn be16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
    pub(super) fn le32(&mut self) -> Option<u32> {
        self.take(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// Scapy's StrNullField: up to the NUL (dropped); without one, all the rest.
    pub(super) fn cstr(&mut self) -> &'a [u8] {
        let rest = &self.d[self.at..];
        match rest.iter().position(|&c| c == 0) {
            Some(i) => {
                self.at += i + 1;
                &rest[..i]
            }
            None => {
                self.at = self.d.len();
                rest
            }
        }
    }
    /// Scapy's StrNullFieldUtf16: up to a NUL pair at an even offset.
    pub(super) fn cstr16(&mut self) -> &'a [u8] {
        let rest = &self.d[self.at..];
        let end = (0..rest.len().saturating_sub(1))
            .step_by(2)
            .find(|&i| rest[i] == 0 && rest[i + 1] == 0);
        match end {
            Some(i) => {
                self.at += i + 2;
                &rest[..i]
            }
            None => {
                self.at = self.d.len();
                rest
            }
        }
    }
    pub(super) fn rest(&self) -> &'a [u8] {
        &self.d[self.at..]
    }
}

/// A StrNullFieldUtf16: its bytes, shown decoded and unquoted as Scapy's i2repr does.
pub(super) fn utf16(b: &[u8]) -> Field {
    // Python's "replace" decoder ends an odd byte with one replacement character.
    let units: Vec<u16> = b.chunks(2).map(le16_or_byte).collect();
    let s = String::from_utf16_lossy(&units);
    // A script reads the text, as Scapy's `i2h` decodes it.
    Field {
        value: FieldValue::Str(s.clone()),
        show: s,
    }
}

fn le16_or_byte(c: &[u8]) -> u16 {
    if c.len() == 2 {
        le16(c, 0)
    } else {
        0xfffd
    }
}

/// A StrField's bytes, shown as Python's repr of them.
pub(super) fn cstr_field(b: &[u8]) -> Field {
    Field {
        value: FieldValue::Bytes(b.to_vec()),
        show: bytes_repr(b),
    }
}

static FLAGS: &[&str] = &[
    "LOCK_AND_READ_OK",
    "BUF_AVAIL",
    "res",
    "CASE_INSENSITIVE",
    "CANONICALIZED_PATHS",
    "OPLOCK",
    "OPBATCH",
    "REPLY",
];
static FLAGS2: &[&str] = &[
    "LONG_NAMES",
    "EAS",
    "SMB_SECURITY_SIGNATURE",
    "COMPRESSED",
    "SMB_SECURITY_SIGNATURE_REQUIRED",
    "res",
    "IS_LONG_NAME",
    "res",
    "res",
    "res",
    "REPARSE_PATH",
    "EXTENDED_SECURITY",
    "DFS",
    "PAGING_IO",
    "NT_STATUS",
    "UNICODE",
];

fn header_fields(h: &[u8]) -> Fields {
    let status = u32::from_le_bytes([h[5], h[6], h[7], h[8]]);
    let f2 = le16(h, 10);
    let pid_high = le16(h, 12);
    vec![
        ("Start", fixed_str(&h[..4])),
        ("Command", enum_field(h[4], SMB_COM)),
        ("Status", enum_field(status as i64, STATUS)),
        ("Flags", flag_set(h[9] as u32, &FLAGS)),
        ("Flags2", flag_set(f2 as u32, &FLAGS2)),
        ("PIDHigh", int(pid_high)),
        ("SecuritySignature", fixed_str(&h[14..22])),
        ("Reserved", int(le16(h, 22))),
        ("TID", int(le16(h, 24))),
        ("PIDLow", int(le16(h, 26))),
        ("UID", int(le16(h, 28))),
        ("MID", int(le16(h, 30))),
    ]
}

/// A negotiate request: the dialects the client offers, and the bytes it takes.
fn negotiate(t: &[u8]) -> Option<(Fields, usize)> {
    let mut c = Cur::new(t);
    let word_count = c.u8()?;
    let byte_count = c.le16()?;
    let list = c.fixed(byte_count as usize);
    let mut d = Cur::new(list);
    let mut dialects = Vec::new();
    while let Some(format) = d.u8() {
        dialects.push(Nested {
            class: "SMB_Dialect",
            display: "SMB Dialect",
            fields: vec![
                ("BufferFormat", int(format)),
                ("DialectString", cstr_field(d.cstr())),
            ],
        });
    }
    let f = vec![
        ("WordCount", int(word_count)),
        ("ByteCount", int(byte_count)),
        ("Dialects", packets(dialects)),
    ];
    Some((f, c.at))
}

/// A dissected transaction: its fields and how many bytes it takes.
struct Transaction {
    fields: Fields,
    len: usize,
    /// `Tran NAME`, and the data's own summary, for Scapy's `mysummary`.
    summary: Option<String>,
}

/// A transaction request or response as Scapy reads it; None where Scapy's dissection
/// fails (the bytes are then Raw).
fn transaction(t: &[u8], kind: u8) -> Option<Transaction> {
    let mut c = Cur::new(t);
    let mut f: Fields = vec![("WordCount", int(c.u8()?))];
    f.push(("TotalParamCount", int(c.le16()?)));
    f.push(("TotalDataCount", int(c.le16()?)));
    let response = kind == RESPONSE;
    if response {
        f.push(("Reserved1", int(c.le16()?)));
    } else {
        f.push(("MaxParamCount", int(c.le16()?)));
        f.push(("MaxDataCount", int(c.le16()?)));
        f.push(("MaxSetupCount", int(c.u8()?)));
        f.push(("Reserved1", int(c.u8()?)));
        let flags = c.le16()? as u32;
        f.push(("Flags", flag_set(flags, &TRANSACTION_FLAGS)));
        f.push(("Timeout", int(c.le32()?)));
        f.push(("Reserved2", int(c.be16()?)));
    }
    let plen = c.le16()?;
    let poff = c.le16()?;
    f.push(("ParameterLen", int(plen)));
    f.push(("ParameterBufferOffset", int(poff)));
    if response {
        f.push(("ParameterDisplacement", int(c.le16()?)));
    }
    let dlen = c.le16()?;
    let doff = c.le16()?;
    f.push(("DataLen", int(dlen)));
    f.push(("DataBufferOffset", int(doff)));
    if response {
        f.push(("DataDisplacement", int(c.le16()?)));
    }
    let setup_count = c.u8()?;
    f.push(("SetupCount", int(setup_count)));
    f.push((
        if response { "Reserved2" } else { "Reserved3" },
        int(c.u8()?),
    ));
    let mut setup = Vec::new();
    for _ in 0..setup_count {
        setup.push(int(c.le16()?));
    }
    f.push(("Setup", list(setup)));
    f.push(("ByteCount", int(c.le16()?)));
    let name = if response {
        None
    } else {
        let n = c.cstr();
        f.push(("Name", cstr_field(n)));
        Some(n)
    };
    // Where Scapy believes the buffer starts, counted from the SMB header.
    let start = match name {
        Some(n) => HEADER_LEN + 31 + 2 * setup_count as usize + n.len() + 1,
        None => HEADER_LEN + 22 + 2 * setup_count as usize,
    } as i64;
    let remain = c.rest();
    let mut found: Vec<(i64, &'static str, Field, Option<String>)> = Vec::new();
    let mut furthest = 0usize;
    if !remain.is_empty() {
        for (fname, off, len) in [("Parameter", poff, plen), ("Data", doff, dlen)] {
            let off = off as i64 - start;
            if off < 0 {
                continue;
            }
            let (off, len) = (off as usize, len as usize);
            furthest = furthest.max(off + len);
            let Some(b) = remain.get(off..(off + len).min(remain.len())) else {
                continue;
            };
            if b.is_empty() {
                continue;
            }
            let (field, sum) = if fname == "Data" && !response {
                let n = data(name.unwrap_or(b""), b);
                let sum = n.summary.clone();
                (n.field(), Some(sum))
            } else {
                (xstr(b), None)
            };
            found.push((off as i64, fname, field, sum));
        }
    }
    let summary = name.map(|n| {
        let tran = format!("Tran {}", bytes_repr(n));
        match found.iter().find_map(|x| x.3.clone()) {
            Some(s) => format!("{tran} {s}"),
            None => tran,
        }
    });
    // Scapy lists the buffer's fields by offset (ties in declared order).
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| found[i].0);
    let items: Vec<(&'static str, Field)> = found.into_iter().map(|x| (x.1, x.2)).collect();
    f.push(("Buffer", group(items, order)));
    let len = c.at + furthest.min(remain.len());
    Some(Transaction {
        fields: f,
        len,
        summary,
    })
}

/// A part of a payload that holds bytes: its index, offset and bytes.
pub(super) type Part<'a> = (usize, i64, &'a [u8]);

/// Scapy's `_NTLMPayloadField.getfield` (SMB 2 buffers, NTLM payloads): each part at
/// its offset into `remain`, for its length (None: up to the next part's offset or the
/// end). Returns the parts that hold bytes, as (index, offset, bytes) in declared order,
/// and how many bytes the furthest part reaches.
pub(super) fn payload_parts<'a>(
    remain: &'a [u8],
    offsets: &[i64],
    lens: &[Option<i64>],
) -> (Vec<Part<'a>>, usize) {
    let mut max_end = 0i64;
    let mut parts = Vec::new();
    for (i, (&off, len)) in offsets.iter().zip(lens).enumerate() {
        let len = len.unwrap_or_else(|| {
            let to_end = remain.len() as i64 - off;
            let next = offsets.iter().filter(|&&x| x > off).map(|x| x - off).min();
            next.map_or(to_end, |n| to_end.min(n))
        });
        if off < 0 {
            continue;
        }
        max_end = max_end.max(off + len);
        let s = off.min(remain.len() as i64) as usize;
        let e = (off + len).clamp(s as i64, remain.len() as i64) as usize;
        if e > s {
            parts.push((i, off, &remain[s..e]));
        }
    }
    (parts, (max_end.max(0) as usize).min(remain.len()))
}

/// The parts as the payload field: shown in declared order, valued in packet order.
pub(super) fn payload_group(parts: Vec<(&'static str, i64, Field)>) -> Field {
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| parts[i].1);
    group(parts.into_iter().map(|(n, _, f)| (n, f)).collect(), order)
}

/// A field made of fields (Scapy's `_NTLMPayloadField`): `show()` lists them under its
/// name, the repr shows `[('Data', <...>)]`.
pub(super) fn group(items: Fields, order: Vec<usize>) -> Field {
    let shown: Vec<String> = order
        .iter()
        .map(|&i| {
            let (n, f) = &items[i];
            let v = match &f.value {
                FieldValue::Held(_) => f.show.clone(),
                _ => str_repr(&f.show),
            };
            format!("('{n}', {v})")
        })
        .collect();
    Field {
        show: format!("[{}]", shown.join(", ")),
        value: FieldValue::Group(items, order),
    }
}

/// The packet a transaction's data holds, with its payload (Scapy's `Padding` after a
/// browser message, `Raw` after a NETLOGON one).
struct Data {
    packet: Nested,
    payload: Option<Nested>,
    summary: String,
}

impl Data {
    fn field(self) -> Field {
        let mut list = vec![self.packet];
        list.extend(self.payload);
        crate::dissect::field::held(list)
    }
}

fn load(class: &'static str, b: &[u8]) -> Nested {
    Nested {
        class,
        display: class,
        fields: vec![("load", crate::dissect::field::bytes(b))],
    }
}

/// Scapy's `_SMB_TransactionRequest_Data`: the data as the mailslot's message, or Raw
/// (also where that message does not dissect).
fn data(mailslot: &[u8], b: &[u8]) -> Data {
    let parsed = match mailslot {
        b"\\MAILSLOT\\NET\\NETLOGON" => super::netlogon::netlogon(b).map(|(n, used)| {
            let pay = (used < b.len()).then(|| load("Raw", &b[used..]));
            (n, pay, String::new())
        }),
        b"\\MAILSLOT\\BROWSE" => brws(b).map(|(n, used, s)| {
            let pay = (used < b.len()).then(|| load("Padding", &b[used..]));
            (n, pay, s)
        }),
        _ => None,
    };
    match parsed {
        Some((packet, payload, summary)) => Data {
            packet,
            payload,
            summary,
        },
        None => Data {
            packet: load("Raw", b),
            payload: None,
            summary: String::new(),
        },
    }
}

const BRWS_OPS: &[(i64, &str)] = &[
    (0x01, "HostAnnouncement"),
    (0x02, "AnnouncementRequest"),
    (0x08, "RequestElection"),
    (0x09, "GetBackupListRequest"),
    (0x0a, "GetBackupListResponse"),
    (0x0b, "BecomeBackup"),
    (0x0c, "DomainAnnouncement"),
    (0x0d, "MasterAnnouncement"),
    (0x0e, "ResetStateRequest"),
    (0x0f, "LocalMasterAnnouncement"),
];

/// A browser message (MS-BRWS 2.2) by Scapy's class for its opcode: the packet, the
/// bytes it takes and its summary.
fn brws(b: &[u8]) -> Option<(Nested, usize, String)> {
    let mut c = Cur::new(b);
    let op = c.u8()?;
    let opcode = enum_field(op, BRWS_OPS);
    let op_name = opcode.show.clone();
    let mut f: Fields = vec![("OpCode", opcode)];
    let (class, summary) = match op {
        0x01 | 0x0f => {
            f.push(("UpdateCount", int(c.u8()?)));
            f.push(("Periodicity", int(c.le32()?)));
            let server = c.fixed(16);
            f.push(("ServerName", fixed_str(server)));
            f.push(("OSVersionMajor", int(c.u8()?)));
            f.push(("OSVersionMinor", int(c.u8()?)));
            f.push(("ServerType", flag_set(c.le32()?, &SERVER_TYPES)));
            f.push(("BrowserConfigVersionMajor", int(c.u8()?)));
            f.push(("BrowserConfigVersionMinor", int(c.u8()?)));
            f.push(("Signature", hex(c.le16()?)));
            f.push(("Comment", cstr_field(c.cstr())));
            let class = if op == 1 {
                "BRWS_HostAnnouncement"
            } else {
                "BRWS_LocalMasterAnnouncement"
            };
            let shown = fixed_str(server).show;
            (class, format!("{op_name} for {shown}"))
        }
        0x0b => {
            let who = c.cstr();
            f.push(("BrowserToPromote", cstr_field(who)));
            (
                "BRWS_BecomeBackup",
                format!("{op_name} from {}", bytes_repr(who)),
            )
        }
        _ => ("BRWS", op_name),
    };
    let n = Nested {
        class,
        display: class,
        fields: f,
    };
    Some((n, c.at, summary))
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let Proto::Smb(kind) = l.proto else {
        return vec![];
    };
    let h = l.header(p.data);
    match kind {
        GENERIC => vec![("Start", fixed_str(h))],
        HEADER => header_fields(h),
        NEGOTIATE => negotiate(h).map_or(vec![], |n| n.0),
        _ => transaction(h, kind).map_or(vec![], |t| t.fields),
    }
}

fn summary(p: &Packet, i: usize) -> String {
    let l = p.layers()[i];
    match l.proto {
        Proto::Smb(REQUEST | MAILSLOT) => transaction(l.header(p.data), REQUEST)
            .and_then(|t| t.summary)
            .unwrap_or_default(),
        _ => String::new(),
    }
}
