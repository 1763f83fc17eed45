//! GSS-API tokens as Scapy 2.8.0 dissects them where a protocol carries one (an SMB
//! security blob, an LDAP SASL bind): `GSSAPI_BLOB` with the mechanism its OID names,
//! SPNEGO's `negTokenInit` and `negTokenResp` (`scapy.layers.spnego`) with the token of
//! the mechanism they chose, NTLM messages (ntlm.rs), Kerberos inside GSS-API
//! (`KRB_InnerToken`: the AP-REQ, AP-REP or KRB-ERROR), and the MIC signatures. The
//! ASN.1 classes live in kerberos_schema.rs; the ones Scapy writes as plain packets are
//! here. Each class's `dispatch_hook` is followed as Scapy follows it when it builds the
//! class from bytes.

use super::asn1::{Dec, Hook, Pick2};
use super::ber::{self, BerError, BerResult, BerVal};
use super::kerberos_schema::{self as ks, SCHEMA};
use super::{Class, Ops};
use crate::dissect::field::{held, int, padding, raw, xstr, FieldValue, Fields, Nested};
use crate::pyfmt::bytes_repr;

const NTLM: &str = "scapy.layers.ntlm";
const KRB: &str = "scapy.layers.kerberos";

/// Never a layer: the classes Scapy writes as plain packets that GSS-API tokens hold.
pub static NATIVE: Ops = Ops {
    classes: &[
        Class::new("NTLM_NEGOTIATE", "NTLM Negotiate", NTLM),
        Class::new("NTLM_CHALLENGE", "NTLM Challenge", NTLM),
        Class::new("NTLM_AUTHENTICATE", "NTLM Authenticate", NTLM),
        Class::new("NTLM_AUTHENTICATE_V2", "NTLM Authenticate", NTLM).derived("NTLM_AUTHENTICATE"),
        Class::new("AV_PAIR", "NTLM AV Pair", NTLM),
        Class::new("LMv2_RESPONSE", "LMv2_RESPONSE", NTLM),
        Class::new("NTLMv2_RESPONSE", "NTLMv2_RESPONSE", NTLM),
        Class::new("Single_Host_Data", "Single_Host_Data", NTLM),
        Class::new("KERB_EXT_ERROR", "KERB_EXT_ERROR", KRB),
        Class::new("KERB_EXT_ERROR_NTSTATUS", "KERB_EXT_ERROR_NTSTATUS", KRB),
        Class::new("KRB_GSS_MIC", "Kerberos v5 MIC Token", KRB),
        Class::new("KRB_GSS_Wrap", "Kerberos v5 Wrap Token", KRB),
        Class::new(
            "KRB_GSS_MIC_RFC1964",
            "Kerberos v5 MIC Token (RFC1964)",
            KRB,
        ),
        Class::new(
            "KRB_GSS_Wrap_RFC1964",
            "Kerberos v5 GSS_Wrap (RFC1964)",
            KRB,
        ),
        Class::new(
            "KRB_GSS_Delete_sec_context_RFC1964",
            "Kerberos v5 GSS_Delete_sec_context (RFC1964)",
            KRB,
        ),
    ],
    class: |_| &NATIVE.classes[0],
    fields: |_, _| vec![],
    summary: super::no_summary,
};

const NTLM_OID: &str = "1.3.6.1.4.1.311.2.2.10";
const SPNEGO_OID: &str = "1.3.6.1.5.5.2";
const KRB5_OIDS: [&str; 3] = [
    "1.2.840.113554.1.2.2",
    "1.2.840.113554.1.2.2.3",
    "1.3.6.1.5.2.5",
];
/// `_mechDissector`: the mechanisms whose tokens SPNEGO hands to Kerberos.
const KERBEROS_MECHS: [&str; 4] = [
    "1.2.840.48018.1.2.2",
    "1.2.840.113554.1.2.2",
    "1.2.840.113554.1.2.2.3",
    "1.3.6.1.5.2.5",
];

/// An OID field's dotted value.
fn oid<'f>(fields: &'f Fields, name: &str) -> Option<&'f str> {
    match &fields.iter().find(|(k, _)| *k == name)?.1.value {
        FieldValue::Asn1(b) => match &b.val {
            BerVal::Text(t) if b.class == "ASN1_OID" => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// The OID of the `SPNEGO_MechType` a field holds (first of a list, or the one held).
fn mech_of(fields: &Fields, name: &str) -> Option<String> {
    let n = match &fields.iter().find(|(k, _)| *k == name)?.1.value {
        FieldValue::Packets(l) | FieldValue::Held(l) => l.first()?,
        _ => return None,
    };
    oid(&n.fields, "oid").map(str::to_string)
}

/// The hooks of the GSS-API classes (`next_cls_cb`, `_SPNEGO_Token_Field`, the MIC's
/// `dispatch_hook`).
pub fn pick(h: Hook, f: &Fields, stack: &[u16], parents: &[Fields]) -> Pick2 {
    match h {
        Hook::GssMech => {
            let signature = stack.last() == Some(&ks::GSSAPI_BLOB_SIGNATURE);
            match oid(f, "MechType") {
                Some(NTLM_OID) if signature => Pick2::Class(ks::NTLMSSP_MESSAGE_SIGNATURE),
                Some(NTLM_OID) => Pick2::Class(ks::NTLM_HEADER),
                Some(SPNEGO_OID) => Pick2::Class(ks::SPNEGO_NEGTOKEN),
                Some(o) if o == KRB5_OIDS[0] || (!signature && KRB5_OIDS.contains(&o)) => {
                    Pick2::Class(ks::KRB_INNERTOKEN)
                }
                _ => Pick2::Keep,
            }
        }
        Hook::SpnegoToken => {
            let under = stack.len().checked_sub(2).map(|i| stack[i]);
            let mech = match (under, parents.last()) {
                (Some(ks::SPNEGO_NEGTOKENINIT), Some(p)) => mech_of(p, "mechTypes"),
                (Some(ks::SPNEGO_NEGTOKENRESP), Some(p)) => mech_of(p, "supportedMech"),
                _ => None,
            };
            match mech.as_deref() {
                Some(NTLM_OID) => Pick2::Native(ntlm_token),
                Some(m) if KERBEROS_MECHS.contains(&m) => Pick2::Class(ks::KERBEROS),
                _ => Pick2::Native(blob_at),
            }
        }
        Hook::MechListMic => Pick2::Native(signature_at),
        _ => Pick2::Keep,
    }
}

fn dec(depth: usize) -> BerResult<Dec> {
    Dec::at_depth(&SCHEMA, super::kerberos::pick, depth)
}

/// `GSSAPI_BLOB(b)`: its `dispatch_hook` sends a bare SPNEGO token, an NTLM message or
/// a bare Kerberos message to its class.
pub fn blob(b: &[u8]) -> BerResult<Vec<Nested>> {
    blob_at(0, b)
}

/// A PacketLenField of `GSSAPI_BLOB`: the token's packets, or Raw where Scapy's
/// dissection of it fails.
pub fn blob_field(b: &[u8]) -> crate::dissect::field::Field {
    match blob(b) {
        Ok(l) => held(l),
        Err(_) => held(vec![raw(b)]),
    }
}

pub fn blob_at(depth: usize, b: &[u8]) -> BerResult<Vec<Nested>> {
    let mut d = dec(depth)?;
    let Some(&first) = b.first() else {
        return Err(BerError::Decode);
    };
    if first & 0xa0 >= 0xa0 {
        return d.whole_list(ks::SPNEGO_NEGTOKEN, b);
    }
    if b.starts_with(b"NTLMSSP") {
        return ntlm_token(depth, b);
    }
    if ber::id_dec(b)?.0 & 0x7f > 0x60 {
        return d.whole_list(ks::KERBEROS, b);
    }
    d.whole_list(ks::GSSAPI_BLOB, b)
}

/// `NTLM_Header(b)`, sent by its `dispatch_hook` to the message class.
fn ntlm_token(depth: usize, b: &[u8]) -> BerResult<Vec<Nested>> {
    dec(depth)?.whole_list(ks::NTLM_HEADER, b)
}

/// `GSSAPI_BLOB_SIGNATURE(b)`: its `dispatch_hook` sends a bare Kerberos MIC or wrap
/// token to `KRB_InnerToken` and an NTLM signature to its class.
fn signature_at(depth: usize, b: &[u8]) -> BerResult<Vec<Nested>> {
    let mut d = dec(depth)?;
    if b.len() >= 2 && (b.starts_with(b"\x04\x04") || b.starts_with(b"\x05\x04")) {
        return d.whole_list(ks::KRB_INNERTOKEN, b);
    }
    if b.len() >= 4 && b.starts_with(b"\x01\x00\x00\x00") {
        return d.whole_list(ks::NTLMSSP_MESSAGE_SIGNATURE, b);
    }
    d.whole_list(ks::GSSAPI_BLOB_SIGNATURE, b)
}

/// Scapy's `_TOK_IDS`.
const TOK_IDS: &[(&[u8], &str)] = &[
    (b"\x01\x00", "KRB-AP-REQ"),
    (b"\x02\x00", "KRB-AP-REP"),
    (b"\x03\x00", "KRB-ERROR"),
    (b"\x01\x01", "GSS_GetMIC-RFC1964"),
    (b"\x02\x01", "GSS_Wrap-RFC1964"),
    (b"\x01\x02", "GSS_Delete_sec_context-RFC1964"),
    (b"\x04\x00", "KRB-TGT-REQ"),
    (b"\x04\x01", "KRB-TGT-REP"),
    (b"\x04\x04", "GSS_GetMIC"),
    (b"\x05\x04", "GSS_Wrap"),
    (b"\x05\x01", "IAKERB_PROXY"),
];

/// `KRB_InnerToken`: the token id, then the message it names (`_InitialContextTokens`)
/// or Raw. An older token that still has its GSS-API header is `KRB_GSSAPI_Token`.
pub fn krb_inner_token<'a>(d: &mut Dec, s: &'a [u8]) -> BerResult<(Vec<Nested>, &'a [u8])> {
    if s.len() >= 13 && &s[2..13] == b"\x06\t*\x86H\x86\xf7\x12\x01\x02\x02" {
        let (p, rest) = d.class(ks::KRB_GSSAPI_TOKEN, s)?;
        return Ok((vec![p], rest));
    }
    let (id, body) = s.split_at(s.len().min(2));
    let name = TOK_IDS.iter().find(|(k, _)| *k == id).map(|(_, n)| *n);
    let end = id.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
    let tok = match name {
        Some(n) => format!("{} ({n})", bytes_repr(&id[..end])),
        None => bytes_repr(&id[..end]),
    };
    let class = match id {
        b"\x01\x00" => Some(ks::KRB_AP_REQ),
        b"\x02\x00" => Some(ks::KRB_AP_REP),
        b"\x03\x00" => Some(ks::KRB_ERROR),
        b"\x04\x00" => Some(ks::KRB_TGT_REQ),
        b"\x04\x01" => Some(ks::KRB_TGT_REP),
        _ => None,
    };
    let mut pad: &[u8] = &[];
    let root = match class {
        Some(c) if !body.is_empty() => held(d.whole_list(c, body)?),
        None if id == b"\x04\x04" || id == b"\x05\x04" => {
            let (p, rest) = gss_token(id == b"\x05\x04", body).ok_or(BerError::Decode)?;
            pad = rest;
            held(vec![p])
        }
        None if id == b"\x01\x01" || id == b"\x02\x01" || id == b"\x01\x02" => {
            let (p, rest) = rfc1964_token(id, body).ok_or(BerError::Decode)?;
            pad = rest;
            held(vec![p])
        }
        _ => held(vec![raw(body)]),
    };
    let fields = vec![
        (
            "TOK_ID",
            crate::dissect::field::Field {
                value: FieldValue::Bytes(id.to_vec()),
                show: tok,
            },
        ),
        ("root", root),
    ];
    let mut list = vec![Nested {
        class: "KRB_InnerToken",
        display: "Kerberos v5 InnerToken",
        fields,
    }];
    // After a MIC or wrap token, what is left is padding.
    if !pad.is_empty() {
        list.push(padding(pad));
    }
    Ok((list, &[]))
}

static GSS_FLAGS: &[&str] = &["SentByAcceptor", "Sealed", "AcceptorSubkey"];

fn be(b: &[u8]) -> u64 {
    b.iter().fold(0u64, |a, &c| (a << 8) | c as u64)
}

/// RFC 4121's MIC (`KRB_GSS_MIC`) and wrap (`KRB_GSS_Wrap`) tokens, and the bytes left.
fn gss_token(wrap: bool, b: &[u8]) -> Option<(Nested, &[u8])> {
    use crate::dissect::field::{flag_set, hex, uint};
    let flags = *b.first()?;
    let mut f: Fields = vec![("Flags", flag_set(flags as u32, &GSS_FLAGS))];
    if !wrap {
        let filler = &b[1..b.len().min(6)];
        f.push(("Filler", xstr(filler)));
        let at = 1 + filler.len();
        f.push(("SND_SEQ", uint(be(b.get(at..at + 8)?))));
        f.push(("SGN_CKSUM", xstr(&b[at + 8..])));
        let n = Nested {
            class: "KRB_GSS_MIC",
            display: "Kerberos v5 MIC Token",
            fields: f,
        };
        return Some((n, &[]));
    }
    let h = b.get(..16)?;
    f.push(("Filler", hex(h[1] as i64)));
    let ec = be(&h[2..4]);
    f.push(("EC", int(ec as i64)));
    f.push(("RRC", int(be(&h[4..6]) as i64)));
    f.push(("SND_SEQ", uint(be(&h[6..14]))));
    let _ = h;
    let rest = &b[14..];
    let (data, left) = if flags & 2 != 0 {
        (rest, &rest[rest.len()..])
    } else {
        rest.split_at((ec as usize).min(rest.len()))
    };
    f.push(("Data", xstr(data)));
    let n = Nested {
        class: "KRB_GSS_Wrap",
        display: "Kerberos v5 Wrap Token",
        fields: f,
    };
    Some((n, left))
}

/// RFC 1964's MIC, wrap and delete tokens, and the bytes left.
fn rfc1964_token<'a>(id: &[u8], b: &'a [u8]) -> Option<(Nested, &'a [u8])> {
    use crate::dissect::field::{enum_field, hex};
    const SGN: &[(i64, &str)] = &[
        (0, "DES MAC MD5"),
        (1, "MD2.5"),
        (2, "DES MAC"),
        (0x11, "HMAC"),
    ];
    const SEAL: &[(i64, &str)] = &[(0, "DES"), (0xffff, "none"), (0x10, "RC4")];
    let le16 = |x: &[u8]| u16::from_le_bytes([x[0], x[1]]) as i64;
    let wrap = id == b"\x02\x01";
    let mut f: Fields = vec![("SGN_ALG", enum_field(le16(b.get(0..2)?), SGN))];
    let mut at = 2;
    if wrap {
        f.push(("SEAL_ALG", enum_field(le16(b.get(2..4)?), SEAL)));
        f.push(("Filler", hex(le16(b.get(4..6)?))));
        at = 6;
    } else {
        let x = b.get(2..6)?;
        f.push((
            "Filler",
            hex(u32::from_le_bytes([x[0], x[1], x[2], x[3]]) as i64),
        ));
        at += 4;
    }
    let mut fixed = |name: &'static str, f: &mut Fields| {
        let e = (at + 8).min(b.len());
        f.push((name, xstr(&b[at.min(e)..e])));
        at = e;
    };
    fixed("SND_SEQ", &mut f);
    fixed("SGN_CKSUM", &mut f);
    if wrap {
        fixed("CONFOUNDER", &mut f);
    }
    let (class, display) = match id {
        b"\x01\x01" => ("KRB_GSS_MIC_RFC1964", "Kerberos v5 MIC Token (RFC1964)"),
        b"\x02\x01" => ("KRB_GSS_Wrap_RFC1964", "Kerberos v5 GSS_Wrap (RFC1964)"),
        _ => (
            "KRB_GSS_Delete_sec_context_RFC1964",
            "Kerberos v5 GSS_Delete_sec_context (RFC1964)",
        ),
    };
    Some((
        Nested {
            class,
            display,
            fields: f,
        },
        &b[at..],
    ))
}

/// The `Buffer` of an `LDAP_SASL_Buffer` (Scapy's `_GSSAPI_Field`): the signature
/// token, or None where Scapy's dissection fails.
pub fn sasl_buffer(b: &[u8]) -> Option<Vec<Nested>> {
    signature_at(0, b).ok()
}

/// `NTLMSSP_MESSAGE_SIGNATURE`: version, checksum, sequence number; bytes after it are
/// padding.
pub fn ntlm_signature<'a>(_: &mut Dec, s: &'a [u8]) -> BerResult<(Vec<Nested>, &'a [u8])> {
    if s.len() < 16 {
        return Err(BerError::Decode);
    }
    let le32 = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64;
    let mut list = vec![Nested {
        class: "NTLMSSP_MESSAGE_SIGNATURE",
        display: "NTLMSSP_MESSAGE_SIGNATURE",
        fields: vec![
            ("Version", int(le32(&s[0..4]))),
            ("Checksum", xstr(&s[4..12])),
            ("SeqNum", int(le32(&s[12..16]))),
        ],
    }];
    if s.len() > 16 {
        list.push(padding(&s[16..]));
    }
    Ok((list, &[]))
}

/// `NTLM_Header`: the NTLM message (ntlm.rs).
pub fn ntlm<'a>(_: &mut Dec, s: &'a [u8]) -> BerResult<(Vec<Nested>, &'a [u8])> {
    let (list, used) = super::ntlm::message(s).ok_or(BerError::Decode)?;
    Ok((list, &s[used..]))
}

/// `KERB_EXT_ERROR` (`extended`) or `KERB_EXT_ERROR_NTSTATUS` in a KRB-ERROR's e-data:
/// the NT status, then for the first its reserved word and flags; bytes after are Raw.
/// Too short fails the whole message, as Scapy's `struct.error` does.
fn ext_error(extended: bool, b: &[u8]) -> BerResult<Vec<Nested>> {
    use crate::dissect::field::{hex, named};
    let words = if extended { 3 } else { 1 };
    if b.len() < 4 * words {
        return Err(BerError::Fatal);
    }
    let w = |i: usize| u32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
    let status = w(0) as i64;
    let mut fields: Fields = vec![(
        "status",
        match super::smb_tables::STATUS.iter().find(|(k, _)| *k == status) {
            Some((_, n)) => named(status, n.to_string()),
            None => hex(status),
        },
    )];
    if extended {
        fields.push(("reserved", hex(w(1) as i64)));
        fields.push(("flags", hex(w(2) as i64)));
    }
    let (class, display) = if extended {
        ("KERB_EXT_ERROR", "KERB_EXT_ERROR")
    } else {
        ("KERB_EXT_ERROR_NTSTATUS", "KERB_EXT_ERROR_NTSTATUS")
    };
    let mut list = vec![Nested {
        class,
        display,
        fields,
    }];
    if b.len() > 4 * words {
        list.push(raw(&b[4 * words..]));
    }
    Ok(list)
}

/// `_Error_Field`: the e-data's value by its data type.
pub fn ext_error_pick(data_type: Option<i64>) -> Pick2 {
    match data_type {
        Some(1) => Pick2::Native(|_, b| ext_error(false, b)),
        Some(3) => Pick2::Native(|_, b| ext_error(true, b)),
        _ => Pick2::Keep,
    }
}
