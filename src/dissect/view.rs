//! Reading numbers out of header bytes. Only the layer files use these, inside their
//! header views, behind the one length check each view makes.

/// A typed view over a header's bytes: `new` checks the length once, after which no
/// accessor can read out of bounds.
pub trait View<'a>: Sized {
    fn new(b: &'a [u8]) -> Option<Self>;
}

/// A header view whose one check is a minimum length:
/// `view!(/// doc\n Header, 20);` makes `pub struct Header<'a>(&'a [u8])` and its `View`.
macro_rules! view {
    ($(#[$doc:meta])* $name:ident, $len:expr) => {
        $(#[$doc])*
        pub struct $name<'a>(&'a [u8]);

        impl<'a> $crate::dissect::view::View<'a> for $name<'a> {
            fn new(b: &'a [u8]) -> Option<Self> {
                (b.len() >= $len).then_some($name(b))
            }
        }
    };
}
pub(crate) use view;

/// How many of `avail` bytes Python's `s[:n]` keeps: a length Scapy reads from a field
/// may underflow, and a negative one counts from the end.
pub fn py_len(avail: usize, n: i64) -> usize {
    if n >= 0 {
        (n as usize).min(avail)
    } else {
        avail.saturating_sub(n.unsigned_abs() as usize)
    }
}

/// Python's `s[:n]` and `s[n:]` (see `py_len`).
pub fn py_split(s: &[u8], n: i64) -> (&[u8], &[u8]) {
    s.split_at(py_len(s.len(), n))
}

#[inline]
pub fn be16(d: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([d[at], d[at + 1]])
}

#[inline]
pub fn be32(d: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([d[at], d[at + 1], d[at + 2], d[at + 3]])
}

#[inline]
pub fn be64(d: &[u8], at: usize) -> u64 {
    u64::from_be_bytes(d[at..at + 8].try_into().unwrap_or([0; 8]))
}

#[inline]
pub fn le16(d: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([d[at], d[at + 1]])
}

#[inline]
pub fn le32(d: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([d[at], d[at + 1], d[at + 2], d[at + 3]])
}

#[inline]
pub fn le64(d: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(d[at..at + 8].try_into().unwrap_or([0; 8]))
}

/// Four bytes as an IPv4 address.
#[inline]
pub fn addr4(d: &[u8], at: usize) -> [u8; 4] {
    [d[at], d[at + 1], d[at + 2], d[at + 3]]
}

/// Sixteen bytes as an IPv6 address.
#[inline]
pub fn addr16(d: &[u8], at: usize) -> [u8; 16] {
    let mut a = [0; 16];
    a.copy_from_slice(&d[at..at + 16]);
    a
}

/// Six bytes as a MAC address.
#[inline]
pub fn mac(d: &[u8], at: usize) -> [u8; 6] {
    let mut a = [0; 6];
    a.copy_from_slice(&d[at..at + 6]);
    a
}
