//! The protocol layers: one file each, and the registry below, which is the one place that
//! lists them. Everything else (the language's layer names, `type()`, `show()`, summaries,
//! `docs/reference.md`) reads the registry, so a layer added here is complete everywhere.
//!
//! Adding a layer: a file with its header view, `parse` step, fields, summary and
//! `Ops`; one line in `registry!` below; one line in `bind.rs` that says where it sits.
//! docs/adding.md walks through a real example.

pub mod arp;
pub mod asn1;
pub mod ber;
pub mod bootp;
pub mod dhcp6;
pub mod dns;
pub mod dnsmsg;
pub mod dot11;
pub mod dot11elt;
pub mod dot11ie;
pub mod dot11stats;
pub mod dot1q;
pub mod eapol;
pub mod ether;
pub mod fhrp;
pub mod geneve;
pub mod gre;
pub mod gssapi;
pub mod hbhopt;
pub mod http;
pub mod icmp;
pub mod icmpv6;
pub mod igmp;
pub mod ipopt;
pub mod ipsec;
pub mod ipv4;
pub mod ipv6;
pub mod isakmp;
pub mod isakmp_tables;
pub mod kerberos;
pub mod kerberos_schema;
pub mod l2tp;
pub mod ldap;
pub mod ldap_schema;
pub mod linkskip;
pub mod llc;
pub mod mgcp;
pub mod mib_table;
pub mod mip6;
pub mod mobileip;
pub mod mpls;
pub mod ndopt;
pub mod netbios;
pub mod netflow;
pub mod netflow9;
pub mod netflow_types;
pub mod netlogon;
pub mod ntlm;
pub mod ntp;
pub mod ppi;
pub mod ppp;
pub mod pppctl;
pub mod pptp;
pub mod radiotap;
pub mod radius;
pub mod radius_tables;
pub mod raw;
pub mod rip;
pub mod sctp;
pub mod skinny;
pub mod skinny_table;
pub mod sll;
pub mod smb;
pub mod smb2;
pub mod smb2_tables;
pub mod smb_session;
pub mod smb_tables;
pub mod snmp;
pub mod tcp;
pub mod tftp;
pub mod tls;
pub mod tls_ext;
pub mod tls_msg;
pub mod tls_tables;
pub mod udp;
pub mod vxlan;

use super::field::Field;
use super::Packet;

pub use icmpv6::Icmp6;

/// A Scapy layer class: its name, its display name (`_name`, what `show()` heads it
/// with) and the module Scapy defines it in.
#[derive(Debug, PartialEq, Eq)]
pub struct Class {
    pub name: &'static str,
    pub display: &'static str,
    pub module: &'static str,
    /// The Scapy class it derives from and is found by (`match_subclass`): `p[Dot11]`
    /// finds a `Dot11FCS`, `p[Dot11Elt]` any element.
    pub parent: Option<&'static str>,
    /// Whether `p[X]` and `X in p` find it by its base classes too (Scapy's
    /// `match_subclass`); `isinstance` always does.
    pub matched_as_base: bool,
}

impl Class {
    pub const fn new(name: &'static str, display: &'static str, module: &'static str) -> Class {
        Class {
            name,
            display,
            module,
            parent: None,
            matched_as_base: false,
        }
    }

    /// The same class, deriving from `parent` and found by its name (`match_subclass`).
    pub const fn under(self, parent: &'static str) -> Class {
        Class {
            parent: Some(parent),
            matched_as_base: true,
            ..self
        }
    }

    /// The same class, deriving from `parent` but found only by its own name
    /// (`isinstance(x, Dot11Encrypted)` holds for a `Dot11CCMP`; `Dot11Encrypted in p`
    /// does not, as in Scapy).
    pub const fn derived(self, parent: &'static str) -> Class {
        Class {
            parent: Some(parent),
            ..self
        }
    }

    /// Whether this class is `name` or derives from it.
    pub fn is_a(&self, name: &str) -> bool {
        let mut c = self;
        for _ in 0..8 {
            if c.name == name {
                return true;
            }
            match c.parent.and_then(class_by_name) {
                Some(p) => c = p,
                None => return false,
            }
        }
        false
    }
}

/// What the rest of pcapsh knows of one protocol.
pub struct Ops {
    /// Every Scapy class a layer of this protocol can be.
    pub classes: &'static [Class],
    /// Which one a given layer is.
    pub class: fn(Proto) -> &'static Class,
    /// Its fields, in Scapy's `fields_desc` order, under Scapy's names.
    pub fields: fn(&Packet, usize) -> Vec<(&'static str, Field)>,
    /// Its own summary text (Scapy's `mysummary()`), or "" where Scapy has none.
    pub summary: fn(&Packet, usize) -> String,
}

/// The summary of a layer whose Scapy class has no text of its own.
pub fn no_summary(_: &Packet, _: usize) -> String {
    String::new()
}

macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident $(($($ty:ty),*))? => $ops:path,)*) => {
        /// A protocol layer. Scapy's class for it comes from its `Ops`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Proto {
            $($(#[$doc])* $variant $(($($ty),*))?,)*
        }

        impl Proto {
            /// The protocol's entry in the registry. The match has no `_` arm: a variant
            /// without one does not compile.
            pub fn ops(self) -> &'static Ops {
                match self {
                    $(Proto::$variant { .. } => &$ops,)*
                }
            }
        }

        /// Every protocol's entry, in the registry's order.
        pub static ALL: &[&Ops] = &[$(&$ops,)*];
    };
}

registry! {
    Ether => ether::ETHER,
    Dot3 => ether::DOT3,
    Llc => llc::LLC,
    Snap => llc::SNAP,
    Stp => llc::STP,
    Dot1Q => dot1q::DOT1Q,
    Dot1AD => dot1q::DOT1AD,
    Arp => arp::ARP,
    PppoE => ppp::PPPOE,
    PppoED => ppp::PPPOED,
    Ppp => ppp::PPP,
    Hdlc => ppp::HDLC,
    /// PPP's control protocols and PPPoE's tag list, by their index in `pppctl`.
    PppCtl(u8) => pppctl::PPP_CTL,
    Loopback => sll::LOOPBACK,
    CookedLinux => sll::COOKED,
    CookedLinuxV2 => sll::COOKED_V2,
    Ip => ipv4::IP,
    IpError => ipv4::IP_ERROR,
    Ipv6 => ipv6::IPV6,
    Ipv6Error => ipv6::IPV6_ERROR,
    HopByHop => ipv6::HOP_BY_HOP,
    Routing => ipv6::ROUTING,
    Fragment6 => ipv6::FRAGMENT,
    /// A Mobile IPv6 mobility header, by type (8: any other).
    Mip6(u8) => mip6::MIP6,
    DestOpt => ipv6::DEST_OPT,
    Ah => ipsec::AH,
    Esp => ipsec::ESP,
    NonEsp => ipsec::ESP,
    NatKeepalive => ipsec::ESP,
    Tcp => tcp::TCP,
    TcpError => tcp::TCP_ERROR,
    Udp => udp::UDP,
    UdpError => udp::UDP_ERROR,
    Icmp => icmp::ICMP,
    IcmpError => icmp::ICMP_ERROR,
    /// An ICMPv6 message, by Scapy's class for its type.
    Icmpv6(Icmp6) => icmpv6::ICMPV6,
    /// An ICMPv6 neighbour-discovery option, by its type number.
    NdOpt(u8) => ndopt::NDOPT,
    Dns => dns::DNS,
    Llmnr => dns::LLMNR,
    LlmnrResponse => dns::LLMNR,
    Gre => gre::GRE,
    GrePptp => gre::GRE,
    /// A PPTP control message by type (0: one Scapy has no class for).
    Pptp(u8) => pptp::PPTP,
    Vxlan => vxlan::VXLAN,
    Bootp => bootp::BOOTP,
    Dhcp => bootp::DHCP,
    /// IGMP by Scapy's class: the message type, and whether it is a version 3 message.
    Igmp(u8, bool) => igmp::IGMP,
    Sctp => sctp::SCTP,
    /// An SCTP chunk, by its type number.
    SctpChunk(u8) => sctp::CHUNK,
    /// A DHCPv6 message by type, and an option by code (0: one Scapy has no class for).
    Dhcp6(u8) => dhcp6::DHCP6,
    Dhcp6Opt(u16) => dhcp6::DHCP6,
    NbnsHeader => netbios::NBNS,
    /// An NBNS message, by its index in `netbios::MESSAGES`.
    Nbns(u8) => netbios::MESSAGES,
    NbtDatagram => netbios::DATAGRAM,
    NbtSession => netbios::SESSION,
    /// SMB 1 in a NetBIOS datagram, by its index in `smb::SMB`.
    Smb(u8) => smb::SMB,
    /// SMB 1 set-up over a NetBIOS session, by its index in `smb_session` (0x80: Unicode).
    SmbSession(u8) => smb_session::SMB_SESSION,
    /// SMB 2 and 3: the header (0), the transform headers (1, 2), a command (3 on).
    Smb2(u8) => smb2::SMB2,
    /// NetFlow v1 and v5, by the layer's index in `netflow::NETFLOW`.
    Netflow(u8) => netflow::NETFLOW,
    /// NetFlow v9 and IPFIX, by the layer's index in `netflow9::NETFLOW9`.
    Netflow9(u8) => netflow9::NETFLOW9,
    Radius => radius::RADIUS,
    Mgcp => mgcp::MGCP,
    Skinny => skinny::SKINNY,
    MobileIp(u8) => mobileip::MOBILEIP,
    Isakmp => isakmp::ISAKMP,
    /// Kerberos on UDP, and TCP's 4-byte header before it.
    Kerberos => kerberos::KERBEROS,
    KerberosTcp => kerberos::KERBEROS,
    /// Kpasswd: a request (0), a reply (1), TCP's 4-byte header (2).
    Kpasswd(u8) => kerberos::KERBEROS,
    /// An LDAP message (TCP), a CLDAP message (UDP), a SASL-wrapped LDAP buffer.
    Ldap => ldap::LDAP,
    Cldap => ldap::LDAP,
    LdapSasl => ldap::SASL,
    /// Never a layer: NTLM messages and Kerberos GSS tokens inside GSS-API tokens.
    GssNative => gssapi::NATIVE,
    IsakmpPayload(u8) => isakmp::PAYLOAD,
    Rip => rip::RIP,
    /// SNMP v1/v2c (its PDU and variable bindings are packets in its fields).
    Snmp => snmp::SNMP,
    /// HSRP and VRRP, by their index in `fhrp`.
    Fhrp(u8) => fhrp::FHRP,
    /// TFTP: the opcode layer (0), a message by opcode, the options (7).
    Tftp(u8) => tftp::TFTP,
    RipEntry => rip::ENTRY,
    RipAuth => rip::AUTH,
    Ntp => ntp::NTP,
    NtpAuthenticator => ntp::AUTHENTICATOR,
    NtpExtensions => ntp::EXTENSIONS,
    /// Only in the extended walk (conversations), which goes where Scapy's defaults stop.
    /// HTTP/1 once loaded (`load_layer('http')`): the HTTP layer, a request, a response.
    Http => http::HTTP,
    HttpRequest => http::HTTP,
    HttpResponse => http::HTTP,
    /// TLS once loaded (`load_layer('tls')`): a record, a segment that does not start
    /// one, an SSLv2 record.
    Tls => tls::TLS,
    TlsEncrypted => tls::TLS,
    Sslv2 => tls::TLS,
    /// Never a layer: the classes of the messages inside TLS records.
    TlsMessage => tls::MESSAGES,
    L2tp => l2tp::L2TP,
    Mpls => mpls::MPLS,
    Geneve => geneve::GENEVE,
    RadioTap => radiotap::RADIOTAP,
    Ppi => ppi::PPI,
    Prism => ppi::PRISM,
    /// The 802.11 MAC header; `true`: with the frame check sequence (`Dot11FCS`).
    Dot11(bool) => dot11::DOT11,
    /// What follows an 802.11 header, by its index in `dot11::BODY`.
    Dot11Body(u8) => dot11::BODY,
    /// An 802.11 information element, by its index in `dot11elt::ELT`.
    Dot11Elt(u8) => dot11elt::ELT,
    /// 802.1X: EAPOL, an EAP message by method, the key descriptor (`eapol`'s index).
    Eapol(u8) => eapol::EAPOL_OPS,
    Raw => raw::RAW,
    Padding => raw::PADDING,
}

impl Proto {
    /// Scapy's class for this layer.
    pub fn class(self) -> &'static Class {
        (self.ops().class)(self)
    }

    /// Scapy's class name: what `summary()` shows for a layer without its own text, and
    /// what `'TCP' in p` matches.
    pub fn class_name(self) -> &'static str {
        self.class().name
    }

    /// Scapy's display name (`_name`): what `show()` heads a layer with, and what
    /// `'X' in p` also matches.
    pub fn display_name(self) -> &'static str {
        self.class().display
    }

    /// Whether a name (class or display name) names this layer, as `'X' in p` matches.
    pub fn is_named(self, name: &str) -> bool {
        let c = self.class();
        // `_TLSEncryptedContent` is a Raw subclass Scapy matches as Raw (`match_subclass`).
        // A class derived from another is found by that one's name too (Scapy's
        // `issubtype` on a name, for classes that `match_subclass`: `'EAP' in p` with
        // an `EAP_PEAP`, `'Dot11Elt' in p` with a `Dot11EltRates`).
        c.name == name
            || c.display == name
            || (c.matched_as_base && c.parent == Some(name))
            || (self == Proto::TlsEncrypted && name == "Raw")
    }

    /// Whether `name` is a conditional field of this layer's class (one a packet can
    /// leave out): `addr2` of an 802.11 Ack, `dBm_AntSignal` of a radiotap header.
    pub fn left_out(self, name: &str) -> bool {
        match self {
            Proto::Dot11(_) => dot11::CONDITIONAL.contains(&name),
            Proto::RadioTap => radiotap::CONDITIONAL.contains(&name),
            // `AsyncId` of a sync SMB 2 header, `PID` and `TID` of an async one.
            Proto::Smb2(0) => matches!(name, "AsyncId" | "PID" | "TID"),
            _ => false,
        }
    }

    /// Whether this layer is an instance of the class `name`, as Scapy's `p[X]`,
    /// `haslayer(X)` and `isinstance` match a class: its own, or one it derives from.
    pub fn is_class(self, name: &str) -> bool {
        let c = self.class();
        self.is_named(name) || (c.matched_as_base && c.is_a(name))
    }
}

/// Every layer class pcapsh dissects, each once, in the registry's order.
pub fn classes() -> impl Iterator<Item = &'static Class> {
    let mut seen = std::collections::HashSet::new();
    ALL.iter()
        .flat_map(|o| o.classes.iter())
        .filter(move |c| seen.insert(c.name))
}

/// The class of that name, if pcapsh dissects it.
/// Indexed once: the evaluator asks for every name it cannot find elsewhere (`TCP in p`
/// inside a loop over a capture).
pub fn class_by_name(name: &str) -> Option<&'static Class> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static Class>> =
        std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| {
            let mut m = std::collections::HashMap::new();
            for c in ALL.iter().flat_map(|o| o.classes.iter()) {
                m.entry(c.name).or_insert(c);
            }
            m
        })
        .get(name)
        .copied()
}
