//! VXLAN (RFC 7348) and its Group Policy and GPE variants' flags.

use super::{Class, Ops, Proto};
use crate::dissect::field::{flag_names, hex, int, named, Fields};
use crate::dissect::view::{be16, view, View};
use crate::dissect::{Next, Packet, Walk};

view!(
    /// A VXLAN header, 8 bytes: flags, 3 bytes that depend on them, the VNI, a reserved byte.
    Header,
    8
);

impl Header<'_> {
    pub fn flags(&self) -> u8 {
        self.0[0]
    }
    /// The Group Policy extension (G flag).
    pub fn group(&self) -> bool {
        self.flags() & 0x80 != 0
    }
    /// The GPE extension (NextProtocol flag).
    pub fn next_protocol(&self) -> bool {
        self.flags() & 0x04 != 0
    }
    pub fn gpid(&self) -> u16 {
        be16(self.0, 2)
    }
    pub fn vni(&self) -> u32 {
        u32::from_be_bytes([0, self.0[4], self.0[5], self.0[6]])
    }
}

const FLAGS: [&str; 8] = ["OAM", "R", "NextProtocol", "Instance", "V1", "V2", "R", "G"];
const GP_FLAGS: [&str; 8] = ["R", "R", "R", "A", "R", "R", "D", "R"];

pub static VXLAN: Ops = Ops {
    classes: &[Class::new("VXLAN", "VXLAN", "scapy.layers.vxlan")],
    class: |_| &VXLAN.classes[0],
    fields,
    summary,
};

/// VXLAN carries Ethernet frames.
pub fn parse(w: &mut Walk) -> Next {
    if Header::new(w.here()).is_none() {
        return Next::Raw;
    }
    w.push(Proto::Vxlan, 8);
    Next::Parse(super::ether::parse)
}

fn fields(p: &Packet, i: usize) -> Fields {
    let Some(h) = p.view::<Header>(i) else {
        return vec![];
    };
    let b = h.0;
    let mut f = vec![(
        "flags",
        named(h.flags(), flag_names(h.flags() as u64, &FLAGS)),
    )];
    if h.next_protocol() {
        let np = match b[3] {
            0 => "NotDefined".to_string(),
            1 => "IPv4".to_string(),
            2 => "IPv6".to_string(),
            3 => "Ethernet".to_string(),
            4 => "NSH".to_string(),
            n => n.to_string(),
        };
        f.push(("reserved0", int(be16(b, 1))));
        f.push(("NextProtocol", named(b[3], np)));
    } else if !h.group() {
        f.push(("reserved1", int(u32::from_be_bytes([0, b[1], b[2], b[3]]))));
    }
    if h.group() {
        f.push(("gpflags", named(b[1], flag_names(b[1] as u64, &GP_FLAGS))));
        f.push(("gpid", int(h.gpid())));
    }
    f.push(("vni", hex(h.vni())));
    f.push(("reserved2", hex(b[7])));
    f
}

fn summary(p: &Packet, i: usize) -> String {
    let Some(h) = p.view::<Header>(i) else {
        return String::new();
    };
    // The VNI is Scapy's X3BytesField: sprintf shows it in hexadecimal.
    if h.group() {
        format!("VXLAN (vni={:#x} gpid={})", h.vni(), h.gpid())
    } else {
        format!("VXLAN (vni={:#x})", h.vni())
    }
}
