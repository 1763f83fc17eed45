//! Link types (LINKTYPE_*) the dissector knows.

pub const NULL: u16 = 0;
pub const ETHERNET: u16 = 1;
pub const RAW_BSD: u16 = 12;
pub const RAW_OPENBSD: u16 = 14;
pub const RAW: u16 = 101;
pub const LOOP: u16 = 108;
pub const LINUX_SLL: u16 = 113;
pub const IPV4: u16 = 228;
pub const IPV6: u16 = 229;
pub const LINUX_SLL2: u16 = 276;
pub const PPP: u16 = 9;
pub const PPP_SERIAL: u16 = 50;

/// Whether the dissector reads packets of this link type (others are raw bytes).
pub fn dissected(lt: u16) -> bool {
    super::bind::LINKS.iter().any(|(t, _)| *t == lt)
}

/// The name libpcap gives a link type, for messages.
pub fn name(lt: u16) -> String {
    let s = match lt {
        0 => "NULL",
        1 => "ETHERNET",
        9 => "PPP",
        10 => "FDDI",
        12 | 14 | 101 => "RAW",
        50 => "PPP_HDLC",
        104 => "C_HDLC",
        105 => "IEEE802_11",
        108 => "LOOP",
        113 => "LINUX_SLL",
        119 => "PRISM_HEADER",
        127 => "IEEE802_11_RADIOTAP",
        129 => "ARCNET_LINUX",
        192 => "PPI",
        228 => "IPV4",
        229 => "IPV6",
        276 => "LINUX_SLL2",
        _ => return format!("link type {lt}"),
    };
    format!("{s} ({lt})")
}
