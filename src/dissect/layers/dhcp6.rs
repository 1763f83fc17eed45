//! DHCPv6 (RFC 8415) on UDP ports 546 and 547, as Scapy 2.8.0's `scapy.layers.dhcp6`
//! dissects it: the message (`DHCP6_Solicit`, `DHCP6_Reply`, ... or a relay message),
//! then each option as a layer of its own class (`DHCP6OptClientId`,
//! `DHCP6OptIA_NA`, ... or `DHCP6OptUnknown`), as Scapy chains them.

use super::{no_summary, Class, Ops, Proto};
use crate::dissect::field::{bytes, enum_field, hex, int, text, Fields};
use crate::dissect::view::be16;
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::ipv6_str;

const MODULE: &str = "scapy.layers.dhcp6";

/// The classes: the messages (in `MESSAGE_TYPES` order), the options (in `OPTION_CODES`
/// order), then the class of options Scapy has none for.
static CLASSES: &[Class] = &[
    Class::new("DHCP6_Solicit", "DHCPv6 Solicit Message", MODULE),
    Class::new("DHCP6_Advertise", "DHCPv6 Advertise Message", MODULE),
    Class::new("DHCP6_Request", "DHCPv6 Request Message", MODULE),
    Class::new("DHCP6_Confirm", "DHCPv6 Confirm Message", MODULE),
    Class::new("DHCP6_Renew", "DHCPv6 Renew Message", MODULE),
    Class::new("DHCP6_Rebind", "DHCPv6 Rebind Message", MODULE),
    Class::new("DHCP6_Reply", "DHCPv6 Reply Message", MODULE),
    Class::new("DHCP6_Release", "DHCPv6 Release Message", MODULE),
    Class::new("DHCP6_Decline", "DHCPv6 Decline Message", MODULE),
    Class::new("DHCP6_Reconf", "DHCPv6 Reconfigure Message", MODULE),
    Class::new(
        "DHCP6_InfoRequest",
        "DHCPv6 Information Request Message",
        MODULE,
    ),
    Class::new(
        "DHCP6_RelayForward",
        "DHCPv6 Relay Forward Message (Relay Agent/Server Message)",
        MODULE,
    ),
    Class::new(
        "DHCP6_RelayReply",
        "DHCPv6 Relay Reply Message (Relay Agent/Server Message)",
        MODULE,
    ),
    Class::new(
        "DHCP6_AddrRegInform",
        "DHCPv6 Information Request Message",
        MODULE,
    ),
    Class::new(
        "DHCP6_AddrRegReply",
        "DHCPv6 Information Reply Message",
        MODULE,
    ),
    Class::new("DHCP6OptClientId", "DHCP6 Client Identifier Option", MODULE),
    Class::new("DHCP6OptServerId", "DHCP6 Server Identifier Option", MODULE),
    Class::new(
        "DHCP6OptIA_NA",
        "DHCP6 Identity Association for Non-temporary Addresses Option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptIA_TA",
        "DHCP6 Identity Association for Temporary Addresses Option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptIAAddress",
        "DHCP6 IA Address Option (IA_TA or IA_NA suboption)",
        MODULE,
    ),
    Class::new("DHCP6OptOptReq", "DHCP6 Option Request Option", MODULE),
    Class::new("DHCP6OptPref", "DHCP6 Preference Option", MODULE),
    Class::new("DHCP6OptElapsedTime", "DHCP6 Elapsed Time Option", MODULE),
    Class::new("DHCP6OptRelayMsg", "DHCP6 Relay Message Option", MODULE),
    Class::new("DHCP6OptAuth", "DHCP6 Option - Authentication", MODULE),
    Class::new(
        "DHCP6OptServerUnicast",
        "DHCP6 Server Unicast Option",
        MODULE,
    ),
    Class::new("DHCP6OptStatusCode", "DHCP6 Status Code Option", MODULE),
    Class::new("DHCP6OptRapidCommit", "DHCP6 Rapid Commit Option", MODULE),
    Class::new("DHCP6OptUserClass", "DHCP6 User Class Option", MODULE),
    Class::new("DHCP6OptVendorClass", "DHCP6 Vendor Class Option", MODULE),
    Class::new(
        "DHCP6OptVendorSpecificInfo",
        "DHCP6 Vendor-specific Information Option",
        MODULE,
    ),
    Class::new("DHCP6OptIfaceId", "DHCP6 Interface-Id Option", MODULE),
    Class::new(
        "DHCP6OptReconfMsg",
        "DHCP6 Reconfigure Message Option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptReconfAccept",
        "DHCP6 Reconfigure Accept Option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptSIPDomains",
        "DHCP6 Option - SIP Servers Domain Name List",
        MODULE,
    ),
    Class::new(
        "DHCP6OptSIPServers",
        "DHCP6 Option - SIP Servers IPv6 Address List",
        MODULE,
    ),
    Class::new(
        "DHCP6OptDNSServers",
        "DHCP6 Option - DNS Recursive Name Server",
        MODULE,
    ),
    Class::new(
        "DHCP6OptDNSDomains",
        "DHCP6 Option - Domain Search List option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptIA_PD",
        "DHCP6 Option - Identity Association for Prefix Delegation",
        MODULE,
    ),
    Class::new(
        "DHCP6OptIAPrefix",
        "DHCP6 Option - IA Prefix option",
        MODULE,
    ),
    Class::new("DHCP6OptNISServers", "DHCP6 Option - NIS Servers", MODULE),
    Class::new("DHCP6OptNISPServers", "DHCP6 Option - NIS+ Servers", MODULE),
    Class::new(
        "DHCP6OptNISDomain",
        "DHCP6 Option - NIS Domain Name",
        MODULE,
    ),
    Class::new(
        "DHCP6OptNISPDomain",
        "DHCP6 Option - NIS+ Domain Name",
        MODULE,
    ),
    Class::new("DHCP6OptSNTPServers", "DHCP6 option - SNTP Servers", MODULE),
    Class::new(
        "DHCP6OptInfoRefreshTime",
        "DHCP6 Option - Information Refresh Time",
        MODULE,
    ),
    Class::new(
        "DHCP6OptBCMCSDomains",
        "DHCP6 Option - BCMCS Domain Name List",
        MODULE,
    ),
    Class::new(
        "DHCP6OptBCMCSServers",
        "DHCP6 Option - BCMCS Addresses List",
        MODULE,
    ),
    Class::new(
        "DHCP6OptRemoteID",
        "DHCP6 Option - Relay Agent Remote-ID",
        MODULE,
    ),
    Class::new(
        "DHCP6OptSubscriberID",
        "DHCP6 Option - Subscriber ID",
        MODULE,
    ),
    Class::new("DHCP6OptClientFQDN", "DHCP6 Option - Client FQDN", MODULE),
    Class::new(
        "DHCP6OptPanaAuthAgent",
        "DHCP6 PANA Authentication Agent Option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptNewPOSIXTimeZone",
        "DHCP6 POSIX Timezone Option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptNewTZDBTimeZone",
        "DHCP6 TZDB Timezone Option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptRelayAgentERO",
        "DHCP6 Option - RelayRequest Option",
        MODULE,
    ),
    Class::new("DHCP6OptLQClientLink", "DHCP6 Client Link Option", MODULE),
    Class::new("DHCP6OptNTPServer", "DHCP6 NTP Server Option", MODULE),
    Class::new("DHCP6OptBootFileUrl", "DHCP6 Boot File URL Option", MODULE),
    Class::new(
        "DHCP6OptClientArchType",
        "DHCP6 Client System Architecture Type Option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptClientNetworkInterId",
        "DHCP6 Client Network Interface Identifier Option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptERPDomain",
        "DHCP6 Option - ERP Domain Name List",
        MODULE,
    ),
    Class::new(
        "DHCP6OptRelaySuppliedOpt",
        "DHCP6 Relay-Supplied Options Option",
        MODULE,
    ),
    Class::new(
        "DHCP6OptVSS",
        "DHCP6 Option - Virtual Subnet Selection",
        MODULE,
    ),
    Class::new(
        "DHCP6OptClientLinkLayerAddr",
        "DHCP6 Option - Client Link Layer address",
        MODULE,
    ),
    Class::new(
        "DHCP6OptCaptivePortal",
        "DHCP6 Option - Captive-Portal",
        MODULE,
    ),
    Class::new("DHCP6OptMudUrl", "DHCP6 Option - MUD URL", MODULE),
    Class::new(
        "DHCP6OptAddrRegEnable",
        "DHCP6 Address Registration Option",
        MODULE,
    ),
    Class::new("DHCP6OptUnknown", "Unknown DHCPv6 Option", MODULE),
];

/// The message type of each message class.
const MESSAGE_TYPES: &[u8] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 36, 37];

/// The option code of each option class.
const OPTION_CODES: &[u16] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
    28, 29, 30, 31, 32, 33, 34, 37, 38, 39, 40, 41, 42, 43, 48, 56, 59, 61, 62, 65, 66, 68, 79,
    103, 112, 148,
];

const TYPE_NAMES: &[(i64, &str)] = &[
    (1, "SOLICIT"),
    (2, "ADVERTISE"),
    (3, "REQUEST"),
    (4, "CONFIRM"),
    (5, "RENEW"),
    (6, "REBIND"),
    (7, "REPLY"),
    (8, "RELEASE"),
    (9, "DECLINE"),
    (10, "RECONFIGURE"),
    (11, "INFORMATION-REQUEST"),
    (12, "RELAY-FORW"),
    (13, "RELAY-REPL"),
    (36, "ADDR-REG-INFORM"),
    (37, "ADDR-REG-REPLY"),
];

/// Scapy's names of option codes (`dhcp6opts`).
const OPTION_NAMES: &[(i64, &str)] = &[
    (1, "CLIENTID"),
    (2, "SERVERID"),
    (3, "IA_NA"),
    (4, "IA_TA"),
    (5, "IAADDR"),
    (6, "ORO"),
    (7, "PREFERENCE"),
    (8, "ELAPSED_TIME"),
    (9, "RELAY_MSG"),
    (11, "AUTH"),
    (12, "UNICAST"),
    (13, "STATUS_CODE"),
    (14, "RAPID_COMMIT"),
    (15, "USER_CLASS"),
    (16, "VENDOR_CLASS"),
    (17, "VENDOR_OPTS"),
    (18, "INTERFACE_ID"),
    (19, "RECONF_MSG"),
    (20, "RECONF_ACCEPT"),
    (21, "SIP Servers Domain Name List"),
    (22, "SIP Servers IPv6 Address List"),
    (23, "DNS Recursive Name Server Option"),
    (24, "Domain Search List option"),
    (25, "OPTION_IA_PD"),
    (26, "OPTION_IAPREFIX"),
    (27, "OPTION_NIS_SERVERS"),
    (28, "OPTION_NISP_SERVERS"),
    (29, "OPTION_NIS_DOMAIN_NAME"),
    (30, "OPTION_NISP_DOMAIN_NAME"),
    (31, "OPTION_SNTP_SERVERS"),
    (32, "OPTION_INFORMATION_REFRESH_TIME"),
    (33, "OPTION_BCMCS_SERVER_D"),
    (34, "OPTION_BCMCS_SERVER_A"),
    (36, "OPTION_GEOCONF_CIVIC"),
    (37, "OPTION_REMOTE_ID"),
    (38, "OPTION_SUBSCRIBER_ID"),
    (39, "OPTION_CLIENT_FQDN"),
    (40, "OPTION_PANA_AGENT"),
    (41, "OPTION_NEW_POSIX_TIMEZONE"),
    (42, "OPTION_NEW_TZDB_TIMEZONE"),
    (48, "OPTION_LQ_CLIENT_LINK"),
    (56, "OPTION_NTP_SERVER"),
    (59, "OPT_BOOTFILE_URL"),
    (60, "OPT_BOOTFILE_PARAM"),
    (61, "OPTION_CLIENT_ARCH_TYPE"),
    (62, "OPTION_NII"),
    (65, "OPTION_ERP_LOCAL_DOMAIN_NAME"),
    (66, "OPTION_RELAY_SUPPLIED_OPTIONS"),
    (68, "OPTION_VSS"),
    (79, "OPTION_CLIENT_LINKLAYER_ADDR"),
    (103, "OPTION_CAPTIVE_PORTAL"),
    (112, "OPTION_MUD_URL"),
    (148, "OPTION_ADDR_REG_ENABLE"),
];

pub static DHCP6: Ops = Ops {
    classes: CLASSES,
    class: class_of,
    fields,
    summary: no_summary,
};

fn class_of(p: Proto) -> &'static Class {
    let i = match p {
        Proto::Dhcp6(t) => MESSAGE_TYPES.iter().position(|&m| m == t),
        Proto::Dhcp6Opt(c) => OPTION_CODES
            .iter()
            .position(|&o| o == c)
            .map(|i| MESSAGE_TYPES.len() + i),
        _ => None,
    };
    &CLASSES[i.unwrap_or(CLASSES.len() - 1)]
}

/// UDP port 546 or 547: Scapy's `_dhcp6_dispatcher` picks the message class by type.
pub fn parse(w: &mut Walk) -> Next {
    let d = w.here();
    if d.len() < 2 {
        return Next::Raw;
    }
    let t = d[0];
    if !MESSAGE_TYPES.contains(&t) {
        return Next::Raw;
    }
    let hlen = if matches!(t, 12 | 13) { 34 } else { 4 };
    if d.len() < hlen {
        return Next::Raw;
    }
    w.push(Proto::Dhcp6(t), hlen);
    Next::Parse(parse_option)
}

/// An option, then the next: its class by code; fewer than four bytes left are Raw
/// (Scapy guesses Raw for two, and fails on three).
fn parse_option(w: &mut Walk) -> Next {
    let d = w.here();
    if d.is_empty() {
        return Next::Done;
    }
    if d.len() < 4 {
        return Next::Raw;
    }
    let code = be16(d, 0);
    let len = (4 + be16(d, 2) as usize).min(d.len());
    let known = OPTION_CODES.contains(&code);
    w.push(Proto::Dhcp6Opt(if known { code } else { 0 }), len);
    Next::Parse(parse_option)
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    let b = l.header(p.data);
    match l.proto {
        Proto::Dhcp6(t) if matches!(t, 12 | 13) => {
            let a = |at: usize| {
                let mut x = [0u8; 16];
                x.copy_from_slice(&b[at..at + 16]);
                text(ipv6_str(&x))
            };
            vec![
                ("msgtype", enum_field(t, TYPE_NAMES)),
                ("hopcount", int(b[1])),
                ("linkaddr", a(2)),
                ("peeraddr", a(18)),
            ]
        }
        Proto::Dhcp6(t) => vec![
            ("msgtype", enum_field(t, TYPE_NAMES)),
            (
                "trid",
                hex((b[1] as i64) << 16 | (b[2] as i64) << 8 | b[3] as i64),
            ),
        ],
        Proto::Dhcp6Opt(_) if b.len() >= 4 => vec![
            ("optcode", enum_field(be16(b, 0), OPTION_NAMES)),
            ("optlen", int(be16(b, 2))),
            ("data", bytes(&b[4..])),
        ],
        _ => vec![],
    }
}
