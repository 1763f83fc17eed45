//! HTTP/1 as Scapy 2.8.0's `scapy.layers.http` dissects it, once loaded
//! (`load_layer('http')` or an import of the module): TCP port 80 or 8080 carries `HTTP`,
//! and above it an `HTTPRequest` or `HTTPResponse` when the payload starts with a request
//! or status line, else `Raw`. Headers Scapy names are fields; the others are
//! `Unknown_Headers`. A response body sent chunked, gzip or deflate is decoded in its
//! `Raw` load, as Scapy does when the whole body is in the packet.

use std::io::Read;

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{none, Field, FieldValue, Fields};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::{bytes_repr, decode_backslash};

const MODULE: &str = "scapy.layers.http";

pub static HTTP: Ops = Ops {
    classes: &[
        Class::new("HTTP", "HTTP 1", MODULE),
        Class::new("HTTPRequest", "HTTP Request", MODULE),
        Class::new("HTTPResponse", "HTTP Response", MODULE),
    ],
    class: |p| match p {
        Proto::HttpRequest => &HTTP.classes[1],
        Proto::HttpResponse => &HTTP.classes[2],
        _ => &HTTP.classes[0],
    },
    fields,
    summary,
};

/// The headers of a request Scapy names, in its field order (after Method, Path and
/// Http_Version; before Unknown_Headers).
const REQUEST_HEADERS: &[&str] = &[
    "A_IM",
    "Accept",
    "Accept_Charset",
    "Accept_Datetime",
    "Accept_Encoding",
    "Accept_Language",
    "Access_Control_Request_Headers",
    "Access_Control_Request_Method",
    "Authorization",
    "Cache_Control",
    "Connection",
    "Content_Length",
    "Content_MD5",
    "Content_Type",
    "Cookie",
    "DNT",
    "Date",
    "Expect",
    "Forwarded",
    "From",
    "Front_End_Https",
    "HTTP2_Settings",
    "Host",
    "If_Match",
    "If_Modified_Since",
    "If_None_Match",
    "If_Range",
    "If_Unmodified_Since",
    "Keep_Alive",
    "Max_Forwards",
    "Origin",
    "Permanent",
    "Pragma",
    "Proxy_Authorization",
    "Proxy_Connection",
    "Range",
    "Referer",
    "Save_Data",
    "TE",
    "Upgrade",
    "Upgrade_Insecure_Requests",
    "User_Agent",
    "Via",
    "Warning",
    "X_ATT_DeviceId",
    "X_Correlation_ID",
    "X_Csrf_Token",
    "X_Forwarded_For",
    "X_Forwarded_Host",
    "X_Forwarded_Proto",
    "X_Http_Method_Override",
    "X_Request_ID",
    "X_Requested_With",
    "X_UIDH",
    "X_Wap_Profile",
];

/// The headers of a response Scapy names, in its field order (after Http_Version,
/// Status_Code and Reason_Phrase).
const RESPONSE_HEADERS: &[&str] = &[
    "Accept_Patch",
    "Accept_Ranges",
    "Access_Control_Allow_Credentials",
    "Access_Control_Allow_Headers",
    "Access_Control_Allow_Methods",
    "Access_Control_Allow_Origin",
    "Access_Control_Expose_Headers",
    "Access_Control_Max_Age",
    "Age",
    "Allow",
    "Alt_Svc",
    "Cache_Control",
    "Connection",
    "Content_Disposition",
    "Content_Encoding",
    "Content_Language",
    "Content_Length",
    "Content_Location",
    "Content_MD5",
    "Content_Range",
    "Content_Security_Policy",
    "Content_Type",
    "Date",
    "Delta_Base",
    "ETag",
    "Expires",
    "IM",
    "Keep_Alive",
    "Last_Modified",
    "Link",
    "Location",
    "P3P",
    "Permanent",
    "Pragma",
    "Proxy_Authenticate",
    "Public_Key_Pins",
    "Refresh",
    "Retry_After",
    "Server",
    "Set_Cookie",
    "Status",
    "Strict_Transport_Security",
    "Timing_Allow_Origin",
    "Tk",
    "Trailer",
    "Transfer_Encoding",
    "Upgrade",
    "Vary",
    "Via",
    "WWW_Authenticate",
    "Warning",
    "X_Content_Duration",
    "X_Content_Security_Policy",
    "X_Content_Type_Options",
    "X_Correlation_ID",
    "X_Frame_Options",
    "X_Powered_By",
    "X_Request_ID",
    "X_UA_Compatible",
    "X_WebKit_CSP",
    "X_XSS_Protection",
];

/// The first line's three fields and their defaults, request and response.
const REQUEST_LINE: [(&str, &str); 3] = [
    ("Method", "GET"),
    ("Path", "/"),
    ("Http_Version", "HTTP/1.1"),
];
const STATUS_LINE: [(&str, &str); 3] = [
    ("Http_Version", "HTTP/1.1"),
    ("Status_Code", "200"),
    ("Reason_Phrase", "OK"),
];

const METHODS: &[&[u8]] = &[
    b"OPTIONS", b"GET", b"HEAD", b"POST", b"PUT", b"DELETE", b"TRACE", b"CONNECT",
];

/// The HTTP layer (no fields of its own), then a request, a response or Raw.
pub fn parse(w: &mut Walk) -> Next {
    if w.rest() == 0 {
        return Next::Done;
    }
    w.push(Proto::Http, 0);
    let s = w.here();
    let proto = match first_line(s) {
        Some(line) if is_request_line(line) => Proto::HttpRequest,
        Some(line) if is_status_line(line) => Proto::HttpResponse,
        _ => return Next::Raw,
    };
    let head = find(s, b"\r\n\r\n").map_or(s.len(), |i| i + 4);
    w.push(proto, head);
    Next::Raw
}

/// The bytes before the first CRLF, as Scapy's guess reads them (None without one).
fn first_line(s: &[u8]) -> Option<&[u8]> {
    let line = &s[..find(s, b"\r\n")?];
    // The pattern ends in `$`, which also matches before a final newline; `.` matches
    // anything but a newline.
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    (!line.contains(&b'\n')).then_some(line)
}

fn is_version(v: &[u8]) -> bool {
    v.len() == 8
        && v.starts_with(b"HTTP/")
        && v[5].is_ascii_digit()
        && v[6] == b'.'
        && v[7].is_ascii_digit()
}

/// `^(?:OPTIONS|GET|...) (?:.+?) HTTP/\d\.\d$`
fn is_request_line(line: &[u8]) -> bool {
    METHODS.iter().any(|m| {
        line.len() >= m.len() + 11
            && line.starts_with(m)
            && line[m.len()] == b' '
            && line[line.len() - 9] == b' '
            && is_version(&line[line.len() - 8..])
    })
}

/// `^HTTP/\d\.\d \d\d\d .*$`
fn is_status_line(line: &[u8]) -> bool {
    line.len() >= 13
        && is_version(&line[..8])
        && line[8] == b' '
        && line[9..12].iter().all(u8::is_ascii_digit)
        && line[12] == b' '
}

fn find(s: &[u8], pat: &[u8]) -> Option<usize> {
    s.windows(pat.len()).position(|w| w == pat)
}

/// Python's `bytes.strip()`.
fn strip(b: &[u8]) -> &[u8] {
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let start = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !ws(c)).map_or(start, |i| i + 1);
    &b[start..end]
}

/// A header's bytes as Scapy shows them (decoded) and a script reads them (bytes).
fn value(b: &[u8]) -> Field {
    Field {
        value: FieldValue::Bytes(b.to_vec()),
        show: decode_backslash(b),
    }
}

/// A first-line field Scapy leaves at its default (a str).
fn default(s: &str) -> Field {
    Field {
        value: FieldValue::Str(s.to_string()),
        show: s.to_string(),
    }
}

/// One header line: the name as Scapy matches it (`-` as `_`, lower case), the name as
/// sent, the value.
struct Header<'a> {
    norm: String,
    name: &'a [u8],
    value: &'a [u8],
}

/// The header lines after the first line, each name once (the last value wins, in the
/// place of the first), as Scapy's `_parse_headers` keeps them.
fn headers(head: &[u8]) -> (&[u8], Vec<Header<'_>>) {
    let (first, rest) = match find(head, b"\r\n") {
        Some(i) => (&head[..i], &head[i + 2..]),
        None => (head, &head[head.len()..]),
    };
    let mut out: Vec<Header> = Vec::new();
    let mut at = 0;
    while at <= rest.len() {
        let end = find(&rest[at..], b"\r\n").map_or(rest.len(), |i| at + i);
        let line = &rest[at..end];
        at = end + 2;
        let Some(colon) = line.iter().position(|&c| c == b':') else {
            continue;
        };
        let name = &line[..colon];
        let norm = decode_backslash(strip(name))
            .replace('-', "_")
            .to_lowercase();
        let value = strip(&line[colon + 1..]);
        match out.iter_mut().find(|h| h.norm == norm) {
            Some(h) => {
                h.name = name;
                h.value = value;
            }
            None => out.push(Header { norm, name, value }),
        }
    }
    (strip(first), out)
}

/// Python's `re.split(rb"\s+", line, maxsplit=2)` when it gives three parts.
fn three_parts(line: &[u8]) -> Option<[&[u8]; 3]> {
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let mut parts = [&line[..0]; 3];
    let mut rest = line;
    for part in parts.iter_mut().take(2) {
        let i = rest.iter().position(ws)?;
        *part = &rest[..i];
        let j = rest[i..]
            .iter()
            .position(|c| !ws(c))
            .map_or(rest.len(), |j| i + j);
        rest = &rest[j..];
    }
    parts[2] = rest;
    Some(parts)
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let (line, names) = match l.proto {
        Proto::HttpRequest => (REQUEST_LINE, REQUEST_HEADERS),
        Proto::HttpResponse => (STATUS_LINE, RESPONSE_HEADERS),
        _ => return vec![],
    };
    let (first, mut found) = headers(l.header(p.data));
    let mut take = |name: &str| {
        let norm = name.to_lowercase();
        let at = found.iter().position(|h| h.norm == norm)?;
        Some(value(found.remove(at).value))
    };
    let mut out: Fields = line
        .iter()
        .map(|&(n, d)| (n, take(n).unwrap_or_else(|| default(d))))
        .collect();
    out.extend(names.iter().map(|&n| (n, take(n).unwrap_or_else(none))));
    let unknown = take("Unknown_Headers");
    if let Some(parts) = three_parts(first) {
        for (f, v) in out.iter_mut().zip(parts) {
            f.1 = value(v);
        }
    }
    out.push((
        "Unknown_Headers",
        if found.is_empty() {
            unknown.unwrap_or_else(none)
        } else {
            unknown_headers(&found)
        },
    ));
    out
}

/// The headers Scapy has no field for: a dict of name to value, as sent.
fn unknown_headers(found: &[Header]) -> Field {
    let mut pairs: Vec<(&[u8], &[u8])> = Vec::new();
    for h in found {
        match pairs.iter_mut().find(|(n, _)| *n == h.name) {
            Some(p) => p.1 = h.value,
            None => pairs.push((h.name, h.value)),
        }
    }
    let show: Vec<String> = pairs
        .iter()
        .map(|(n, v)| format!("{}: {}", bytes_repr(n), bytes_repr(v)))
        .collect();
    Field {
        value: FieldValue::Map(
            pairs
                .iter()
                .map(|(n, v)| (FieldValue::Bytes(n.to_vec()), FieldValue::Bytes(v.to_vec())))
                .collect(),
        ),
        show: format!("{{{}}}", show.join(", ")),
    }
}

fn summary(p: &Packet, i: usize) -> String {
    let proto = p.layers()[i].proto;
    if !matches!(proto, Proto::HttpRequest | Proto::HttpResponse) {
        return no_summary(p, i);
    }
    let f = fields(p, i);
    let get = |n: &str| f.iter().find(|(k, _)| *k == n).map_or("", |(_, v)| &v.show);
    if proto == Proto::HttpRequest {
        format!("{} '{}' ", get("Method"), get("Path"))
    } else {
        format!("{} {}", get("Status_Code"), get("Reason_Phrase"))
    }
}

/// Largest body Scapy's decoding is followed to here; a larger one stays as sent.
const MAX_DECODED: u64 = 64 << 20;

/// The `Raw` load above a response, as Scapy leaves it: de-chunked, then decompressed
/// (gzip or deflate) when the response says so and the whole body is in the packet.
/// None where the load is the bytes as sent.
pub fn decoded_body(p: &Packet, head: usize, body: &[u8]) -> Option<Vec<u8>> {
    if p.layers()[head].proto != Proto::HttpResponse {
        return None;
    }
    let f = fields(p, head);
    let mut encodings: Vec<String> = Vec::new();
    for name in ["Transfer_Encoding", "Content_Encoding"] {
        if let Some((
            _,
            Field {
                value: FieldValue::Bytes(v),
                ..
            },
        )) = f.iter().find(|(k, _)| *k == name)
        {
            if !v.is_empty() {
                encodings.extend(
                    decode_backslash(v)
                        .split(',')
                        .map(|e| e.trim().to_lowercase()),
                );
            }
        }
    }
    let has = |e: &str| encodings.iter().any(|x| x == e);
    let mut s = body.to_vec();
    if has("chunked") {
        s = dechunk(body);
    }
    let decoded = if has("deflate") {
        inflate(flate2::read::ZlibDecoder::new(&s[..]))?
    } else if has("gzip") {
        inflate(flate2::read::MultiGzDecoder::new(&s[..]))?
    } else {
        s
    };
    (decoded != body).then_some(decoded)
}

/// Reads a whole compressed body; None when it is cut short or corrupt.
fn inflate(r: impl Read) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    r.take(MAX_DECODED + 1).read_to_end(&mut out).ok()?;
    (out.len() as u64 <= MAX_DECODED).then_some(out)
}

/// A chunked body as Scapy's loop leaves it: the chunks joined when every chunk is whole,
/// else what is left from the first chunk it could not read (the ones before are dropped).
fn dechunk(mut s: &[u8]) -> Vec<u8> {
    let mut data = Vec::new();
    while !s.is_empty() {
        let (len, body) = match find(s, b"\r\n") {
            Some(i) => (&s[..i], &s[i + 2..]),
            None => (s, &s[s.len()..]),
        };
        let Some(n) = hex_len(len) else {
            return s.to_vec();
        };
        if body.get(n..n + 2) != Some(b"\r\n") {
            return s.to_vec();
        }
        data.extend_from_slice(&body[..n]);
        s = &body[n + 2..];
    }
    data
}

/// Python's `int(text, 16)` for a chunk size: spaces around, an optional `+` and `0x`,
/// single underscores between digits.
fn hex_len(t: &[u8]) -> Option<usize> {
    let t = strip(t);
    let t = t.strip_prefix(b"+").unwrap_or(t);
    let t = t
        .strip_prefix(b"0x")
        .or_else(|| t.strip_prefix(b"0X"))
        .map_or(t, |r| r.strip_prefix(b"_").unwrap_or(r));
    if t.is_empty() || t.starts_with(b"_") || t.ends_with(b"_") || find(t, b"__").is_some() {
        return None;
    }
    let mut n: usize = 0;
    for &c in t.iter().filter(|&&c| c != b'_') {
        let d = (c as char).to_digit(16)?;
        n = n.checked_mul(16)?.checked_add(d as usize)?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_and_status_lines() {
        assert!(is_request_line(b"GET / HTTP/1.1"));
        assert!(is_request_line(b"POST /a b HTTP/1.0"));
        assert!(!is_request_line(b"GET HTTP/1.1"));
        assert!(!is_request_line(b"get / HTTP/1.1"));
        assert!(is_status_line(b"HTTP/1.1 200 OK"));
        assert!(is_status_line(b"HTTP/1.1 204 "));
        assert!(!is_status_line(b"HTTP/1.1 200"));
        assert_eq!(
            first_line(b"GET / HTTP/1.1\n\r\n"),
            Some(&b"GET / HTTP/1.1"[..])
        );
    }

    #[test]
    fn chunks() {
        assert_eq!(dechunk(b"3\r\nabc\r\n0\r\n\r\n"), b"abc");
        assert_eq!(dechunk(b"1\r\na\r\n3\r\nab"), b"3\r\nab");
        assert_eq!(hex_len(b" 1a "), Some(26));
        assert_eq!(hex_len(b"1a;x=y"), None);
    }

    #[test]
    fn three_parts_split_like_python() {
        let p = three_parts(b"GET /x  HTTP/1.1").unwrap();
        assert_eq!(p, [&b"GET"[..], b"/x", b"HTTP/1.1"]);
        assert!(three_parts(b"GET /x").is_none());
    }
}

/// The Host header of an HTTP request that starts in `s` (a TCP payload), for tables:
/// None unless `s` begins with a request line. Only the header block present is read.
pub fn request_host(s: &[u8]) -> Option<&[u8]> {
    // Any method token, as tshark takes them (WebDAV's PROPFIND, UPnP's SUBSCRIBE ...);
    // most segments are not requests, so the token is checked before any line is sought.
    let token = s
        .iter()
        .take(33)
        .position(|&b| !(b.is_ascii_uppercase() || b == b'-' || b == b'_'))?;
    if token == 0 || s[token] != b' ' {
        return None;
    }
    let line = first_line(s)?;
    if line.len() < token + 11
        || line[line.len() - 9] != b' '
        || !is_version(&line[line.len() - 8..])
    {
        return None;
    }
    let head = &s[..find(s, b"\r\n\r\n").map_or(s.len(), |i| i + 2)];
    head.split(|&b| b == b'\n').skip(1).find_map(|l| {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        let colon = l.iter().position(|&b| b == b':')?;
        l[..colon]
            .eq_ignore_ascii_case(b"host")
            .then(|| strip(&l[colon + 1..]))
    })
}

#[cfg(test)]
mod host_tests {
    use super::request_host;

    #[test]
    fn host_of_a_request_only() {
        let req = b"GET /x HTTP/1.1\r\nUser-Agent: u\r\nhOsT:  example.org \r\n\r\nbody";
        assert_eq!(request_host(req), Some(&b"example.org"[..]));
        assert_eq!(request_host(b"HTTP/1.1 200 OK\r\nHost: x\r\n\r\n"), None);
        assert_eq!(request_host(b"GET / HTTP/1.0\r\n\r\n"), None);
        assert_eq!(request_host(b"\x16\x03\x01"), None);
        let sub = b"SUBSCRIBE /evt HTTP/1.1\r\nHOST: 10.0.0.138:5005\r\n\r\n";
        assert_eq!(request_host(sub), Some(&b"10.0.0.138:5005"[..]));
        assert_eq!(request_host(b"get / HTTP/1.1\r\nHost: x\r\n\r\n"), None);
    }
}
