//! PPTP control messages (RFC 2637) on TCP port 1723, as Scapy 2.8.0 names them: the
//! class by control message type (`PPTPStartControlConnectionRequest`, ...), its fixed
//! fields as the message's bytes here (`data`), Raw after it. The tunnel's data travels
//! in GRE_PPTP (gre.rs).

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, hex, int, Fields};
use crate::dissect::view::{be16, be32};
use crate::dissect::{Next, Packet, Walk};

const MODULE: &str = "scapy.layers.pptp";

/// By control message type (index 0: a type Scapy has no class for), with the bytes
/// each message takes.
static CLASSES: &[Class] = &[
    Class::new("PPTP", "PPTP", MODULE),
    Class::new(
        "PPTPStartControlConnectionRequest",
        "PPTP Start Control Connection Request",
        MODULE,
    ),
    Class::new(
        "PPTPStartControlConnectionReply",
        "PPTP Start Control Connection Reply",
        MODULE,
    ),
    Class::new(
        "PPTPStopControlConnectionRequest",
        "PPTP Stop Control Connection Request",
        MODULE,
    ),
    Class::new(
        "PPTPStopControlConnectionReply",
        "PPTP Stop Control Connection Reply",
        MODULE,
    ),
    Class::new("PPTPEchoRequest", "PPTP Echo Request", MODULE),
    Class::new("PPTPEchoReply", "PPTP Echo Reply", MODULE),
    Class::new(
        "PPTPOutgoingCallRequest",
        "PPTP Outgoing Call Request",
        MODULE,
    ),
    Class::new("PPTPOutgoingCallReply", "PPTP Outgoing Call Reply", MODULE),
    Class::new(
        "PPTPIncomingCallRequest",
        "PPTP Incoming Call Request",
        MODULE,
    ),
    Class::new("PPTPIncomingCallReply", "PPTP Incoming Call Reply", MODULE),
    Class::new(
        "PPTPIncomingCallConnected",
        "PPTP Incoming Call Connected",
        MODULE,
    ),
    Class::new("PPTPCallClearRequest", "PPTP Call Clear Request", MODULE),
    Class::new(
        "PPTPCallDisconnectNotify",
        "PPTP Call Disconnect Notify",
        MODULE,
    ),
    Class::new("PPTPWANErrorNotify", "PPTP WAN Error Notify", MODULE),
    Class::new("PPTPSetLinkInfo", "PPTP Set Link Info", MODULE),
];
const SIZES: [usize; 16] = [
    12, 156, 156, 16, 16, 16, 20, 168, 32, 220, 24, 28, 16, 148, 40, 24,
];

pub static PPTP: Ops = Ops {
    classes: CLASSES,
    class: |p| match p {
        Proto::Pptp(t) => &CLASSES[(t as usize).min(15)],
        _ => &CLASSES[0],
    },
    fields,
    summary: no_summary,
};

/// TCP port 1723: the message by its control message type (the low byte Scapy reads).
pub fn parse(w: &mut Walk) -> Next {
    let d = w.here();
    if d.len() < 12 {
        return Next::Raw;
    }
    let t = if (1..=15).contains(&d[9]) { d[9] } else { 0 };
    let len = if t == 0 {
        (be16(d, 0) as usize).max(12).min(d.len())
    } else {
        SIZES[t as usize]
    };
    if d.len() < len {
        return Next::Raw;
    }
    w.push(Proto::Pptp(t), len);
    Next::Raw
}

fn fields(p: &Packet, i: usize) -> Fields {
    let b = p.layers()[i].header(p.data);
    vec![
        ("len", int(be16(b, 0))),
        (
            "type",
            enum_field(
                be16(b, 2),
                &[(1, "Control Message"), (2, "Managemenent Message")],
            ),
        ),
        ("magic_cookie", hex(be32(b, 4))),
        ("ctrl_msg_type", int(be16(b, 8))),
        ("reserved_0", hex(be16(b, 10))),
        ("data", bytes(&b[12..])),
    ]
}
