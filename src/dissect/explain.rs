//! `explain(p)`: each layer and field of a packet in plain words, with its value as read
//! and where the protocol defines it. One table: a layer's line, then its fields'.

use super::field::FieldValue;
use super::Packet;

/// (class, field or "" for the layer itself, what it means, where it is defined).
type Entry = (&'static str, &'static str, &'static str, &'static str);

#[rustfmt::skip]
static TABLE: &[Entry] = &[
    ("Ether", "", "Ethernet II frame: carries one packet between two machines on the same link", "IEEE 802.3 clause 3"),
    ("Ether", "dst", "MAC address of the receiving interface (ff:ff:ff:ff:ff:ff: every machine on the link)", "IEEE 802.3 3.2.4"),
    ("Ether", "src", "MAC address of the sending interface", "IEEE 802.3 3.2.5"),
    ("Ether", "type", "EtherType: which protocol the payload is (0x800 IPv4, 0x86dd IPv6, 0x806 ARP, 0x8100 VLAN)", "IEEE 802.3 3.2.6"),
    ("Dot1Q", "", "802.1Q VLAN tag: puts the frame on a virtual LAN", "IEEE 802.1Q 9.6"),
    ("Dot1Q", "prio", "priority code point, 0 (best effort) to 7 (network control)", "IEEE 802.1Q 6.9.3"),
    ("Dot1Q", "dei", "drop eligible: may be dropped first under congestion", "IEEE 802.1Q 6.9.3"),
    ("Dot1Q", "vlan", "VLAN identifier, 1 to 4094", "IEEE 802.1Q 9.6"),
    ("Dot1Q", "type", "EtherType of what the tag carries", "IEEE 802.1Q 9.5"),
    ("ARP", "", "Address Resolution Protocol: asks which MAC address has an IP address", "RFC 826"),
    ("ARP", "hwtype", "hardware type (1: Ethernet)", "RFC 826"),
    ("ARP", "ptype", "protocol type whose address is asked for (0x800: IPv4)", "RFC 826"),
    ("ARP", "hwlen", "length of a hardware address in bytes (6 for MAC)", "RFC 826"),
    ("ARP", "plen", "length of a protocol address in bytes (4 for IPv4)", "RFC 826"),
    ("ARP", "op", "1 who-has (request), 2 is-at (reply)", "RFC 826"),
    ("ARP", "hwsrc", "sender's MAC address", "RFC 826"),
    ("ARP", "psrc", "sender's IP address", "RFC 826"),
    ("ARP", "hwdst", "target's MAC address (zeros in a request: that is the question)", "RFC 826"),
    ("ARP", "pdst", "the IP address asked about", "RFC 826"),
    ("IP", "", "IPv4 header: carries a datagram from one host to another across networks", "RFC 791 3.1"),
    ("IP", "version", "IP version: 4", "RFC 791 3.1"),
    ("IP", "ihl", "header length in 32-bit words (5 = 20 bytes, no options)", "RFC 791 3.1"),
    ("IP", "tos", "type of service: DSCP (6 bits) and ECN (2 bits)", "RFC 2474 3, RFC 3168 5"),
    ("IP", "len", "total length of the datagram, header included, in bytes", "RFC 791 3.1"),
    ("IP", "id", "identification: fragments of one datagram share it", "RFC 791 3.1, RFC 6864"),
    ("IP", "flags", "DF: do not fragment; MF: more fragments follow", "RFC 791 3.1"),
    ("IP", "frag", "fragment offset, in units of 8 bytes", "RFC 791 3.1"),
    ("IP", "ttl", "time to live: each router subtracts 1 and drops the datagram at 0 (starts are often 64, 128 or 255)", "RFC 791 3.1"),
    ("IP", "proto", "protocol of the payload (1 ICMP, 6 TCP, 17 UDP)", "RFC 791 3.1, IANA protocol numbers"),
    ("IP", "chksum", "checksum of the header only", "RFC 791 3.1, RFC 1071"),
    ("IP", "src", "source address", "RFC 791 3.1"),
    ("IP", "dst", "destination address", "RFC 791 3.1"),
    ("IP", "options", "options (rare today: record route, timestamps)", "RFC 791 3.1"),
    ("IPv6", "", "IPv6 header: fixed 40 bytes, extensions chained by next header", "RFC 8200 3"),
    ("IPv6", "version", "IP version: 6", "RFC 8200 3"),
    ("IPv6", "tc", "traffic class: DSCP and ECN", "RFC 8200 7"),
    ("IPv6", "fl", "flow label: marks packets of one flow for routers", "RFC 6437"),
    ("IPv6", "plen", "payload length: bytes after this header", "RFC 8200 3"),
    ("IPv6", "nh", "next header: what follows (6 TCP, 17 UDP, 58 ICMPv6, or an extension header)", "RFC 8200 3, 4"),
    ("IPv6", "hlim", "hop limit: IPv4's TTL, one less at each router", "RFC 8200 3"),
    ("IPv6", "src", "source address", "RFC 8200 3"),
    ("IPv6", "dst", "destination address", "RFC 8200 3"),
    ("TCP", "", "TCP segment: a reliable, ordered byte stream between two ports", "RFC 9293 3.1"),
    ("TCP", "sport", "source port", "RFC 9293 3.1"),
    ("TCP", "dport", "destination port (the service: 80 HTTP, 443 HTTPS, 22 SSH)", "RFC 9293 3.1"),
    ("TCP", "seq", "sequence number of the first data byte (of the SYN itself, when SYN is set)", "RFC 9293 3.4"),
    ("TCP", "ack", "next sequence number the sender expects from the other side (valid with ACK)", "RFC 9293 3.4"),
    ("TCP", "dataofs", "header length in 32-bit words (5 = 20 bytes, more with options)", "RFC 9293 3.1"),
    ("TCP", "reserved", "reserved bits, zero", "RFC 9293 3.1"),
    ("TCP", "flags", "control bits", "RFC 9293 3.1, RFC 3168 6.1"),
    ("TCP", "window", "how many more bytes the sender can receive (times 2^scale once scaling was agreed)", "RFC 9293 3.1, RFC 7323 2"),
    ("TCP", "chksum", "checksum of header, payload and the IP addresses", "RFC 9293 3.1"),
    ("TCP", "urgptr", "urgent pointer (with URG; unused today)", "RFC 9293 3.8.5"),
    ("TCP", "options", "options: MSS (largest segment), window scale, SACK, timestamps", "RFC 9293 3.2, RFC 7323, RFC 2018"),
    ("UDP", "", "UDP datagram: a message between two ports, no connection, no retransmission", "RFC 768"),
    ("UDP", "sport", "source port", "RFC 768"),
    ("UDP", "dport", "destination port (53 DNS, 67/68 DHCP, 123 NTP)", "RFC 768"),
    ("UDP", "len", "length of header and data in bytes", "RFC 768"),
    ("UDP", "chksum", "checksum of header, data and the IP addresses (0: none, IPv4 only)", "RFC 768"),
    ("ICMP", "", "ICMP message: errors and diagnostics for IPv4 (ping, unreachable, time exceeded)", "RFC 792"),
    ("ICMP", "type", "message type (8 echo-request, 0 echo-reply, 3 dest-unreach, 11 time-exceeded)", "RFC 792"),
    ("ICMP", "code", "detail of the type (for dest-unreach: 3 port, 1 host unreachable)", "RFC 792"),
    ("ICMP", "chksum", "checksum of the ICMP message", "RFC 792"),
    ("ICMP", "id", "identifier: matches replies to requests (ping's process)", "RFC 792"),
    ("ICMP", "seq", "sequence number: counts the echo requests", "RFC 792"),
    ("ICMPv6EchoRequest", "", "ICMPv6 echo request (IPv6 ping)", "RFC 4443 4.1"),
    ("ICMPv6EchoReply", "", "ICMPv6 echo reply", "RFC 4443 4.2"),
    ("ICMPv6EchoRequest", "cksum", "checksum over the message and an IPv6 pseudo-header", "RFC 4443 2.3"),
    ("ICMPv6EchoReply", "cksum", "checksum over the message and an IPv6 pseudo-header", "RFC 4443 2.3"),
    ("DNS", "", "DNS message: questions about names and the answers", "RFC 1035 4.1"),
    ("DNS", "length", "length of the message (DNS over TCP only)", "RFC 1035 4.2.2"),
    ("DNS", "id", "identifier: the answer carries the query's", "RFC 1035 4.1.1"),
    ("DNS", "qr", "0: a query, 1: a response", "RFC 1035 4.1.1"),
    ("DNS", "opcode", "kind of query (0: standard)", "RFC 1035 4.1.1"),
    ("DNS", "aa", "authoritative answer: from a server responsible for the name", "RFC 1035 4.1.1"),
    ("DNS", "tc", "truncated: the answer did not fit; ask again over TCP", "RFC 1035 4.1.1"),
    ("DNS", "rd", "recursion desired: the client asks the server to find the answer for it", "RFC 1035 4.1.1"),
    ("DNS", "ra", "recursion available: the server will do so", "RFC 1035 4.1.1"),
    ("DNS", "z", "reserved, zero", "RFC 1035 4.1.1"),
    ("DNS", "ad", "authentic data: DNSSEC-validated", "RFC 4035 3.2.3"),
    ("DNS", "cd", "checking disabled: no DNSSEC validation wanted", "RFC 4035 3.2.2"),
    ("DNS", "rcode", "response code (0 ok, 2 server failure, 3 name does not exist)", "RFC 1035 4.1.1"),
    ("DNS", "qdcount", "number of questions", "RFC 1035 4.1.1"),
    ("DNS", "ancount", "number of answer records", "RFC 1035 4.1.1"),
    ("DNS", "nscount", "number of authority records", "RFC 1035 4.1.1"),
    ("DNS", "arcount", "number of additional records", "RFC 1035 4.1.1"),
    ("DNS", "qd", "the questions: name, type (A, AAAA, MX ...), class", "RFC 1035 4.1.2"),
    ("DNS", "an", "answer records: name, type, time to live, data", "RFC 1035 4.1.3"),
    ("DNS", "ns", "authority records: the servers responsible", "RFC 1035 4.1.3"),
    ("DNS", "ar", "additional records (EDNS options among them)", "RFC 1035 4.1.3, RFC 6891"),
    ("Raw", "", "bytes the layers below carry that pcapsh does not decode further", ""),
    ("Padding", "", "bytes after the packet's end, added to reach a minimum frame size", "IEEE 802.3 3.2.8"),
];

fn entry(class: &str, field: &str) -> Option<&'static Entry> {
    TABLE.iter().find(|e| e.0 == class && e.1 == field)
}

/// TCP's flags, each in words.
fn tcp_flags(v: u16) -> Vec<String> {
    const WORDS: [(&str, &str); 9] = [
        ("F", "FIN: the sender has no more data"),
        (
            "S",
            "SYN: opens a connection, synchronises sequence numbers",
        ),
        ("R", "RST: aborts the connection"),
        ("P", "PSH: deliver the data to the application now"),
        ("A", "ACK: the ack field is valid"),
        ("U", "URG: the urgent pointer is valid"),
        ("E", "ECE: ECN echo, congestion seen"),
        ("C", "CWR: congestion window reduced"),
        ("N", "AE: accurate ECN"),
    ];
    (0..9)
        .filter(|b| v & (1 << b) != 0)
        .map(|b| format!("{} {}", WORDS[b].0, WORDS[b].1))
        .collect()
}

/// A few values worth a word of their own.
fn decoded(class: &str, field: &str, v: &FieldValue, show: &str) -> Option<String> {
    Some(match (class, field, v) {
        ("TCP", "flags", FieldValue::Flags(f, _)) => tcp_flags(*f as u16).join("; "),
        ("IP", "flags", FieldValue::Flags(f, _)) => match f & 3 {
            0 => "none: may be fragmented, last fragment".into(),
            _ => show
                .replace("DF", "DF (do not fragment)")
                .replace("MF", "MF (more fragments)"),
        },
        ("IP", "ttl", FieldValue::Int(t)) | ("IPv6", "hlim", FieldValue::Int(t)) => {
            let start = [32, 64, 128, 255]
                .into_iter()
                .find(|s| s >= t)
                .unwrap_or(255);
            format!(
                "{} hops from a sender starting at {start}, probably",
                start - t
            )
        }
        ("TCP", "options", _) if show.contains("WScale") => {
            "with WScale n, the window counts in units of 2^n bytes from the next segments".into()
        }
        ("DNS", "qr", FieldValue::Int(q)) => if *q == 0 { "a query" } else { "a response" }.into(),
        _ => return None,
    })
}

/// The packet from layer `from` on, explained.
pub fn explain(p: &Packet, from: usize) -> String {
    let mut out = String::new();
    for i in from..p.layers().len() {
        let class = p.layers()[i].proto.class_name();
        let display = p.layers()[i].proto.display_name();
        match entry(class, "") {
            Some((_, _, what, "")) => out.push_str(&format!("{display}: {what}\n")),
            Some((_, _, what, at)) => out.push_str(&format!("{display}: {what} [{at}]\n")),
            None => out.push_str(&format!("{display}\n")),
        }
        for (name, f) in p.fields(i) {
            let value = match &f.value {
                FieldValue::Packets(l) | FieldValue::Held(l) => format!("{} item(s)", l.len()),
                _ if f.show.len() > 40 => {
                    format!("{}...", f.show.chars().take(37).collect::<String>())
                }
                _ => f.show.clone(),
            };
            out.push_str(&format!("  {name:<9} = {value}\n"));
            if let Some((_, _, what, at)) = entry(class, name) {
                out.push_str(&format!("              {what} [{at}]\n"));
            }
            if let Some(d) = decoded(class, name, &f.value, &f.show) {
                out.push_str(&format!("              -> {d}\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of the layers a lesson builds is explained, with where it is defined.
    #[test]
    fn every_field_of_the_common_layers_is_explained() {
        for class in ["Ether", "Dot1Q", "ARP", "IP", "IPv6", "TCP", "UDP", "DNS"] {
            let t = crate::build::template(class).unwrap();
            assert!(entry(class, "").is_some(), "{class}");
            for d in t.fields {
                let e = entry(class, d.name);
                assert!(e.is_some_and(|e| !e.3.is_empty()), "{class}.{}", d.name);
            }
        }
        for f in ["type", "code", "chksum", "id", "seq"] {
            assert!(entry("ICMP", f).is_some(), "ICMP.{f}");
        }
    }

    #[test]
    fn tcp_flags_and_ttl_are_put_in_words() {
        let syn_ack = tcp_flags(0x12).join("; ");
        assert!(syn_ack.starts_with("S SYN: opens a connection"));
        assert!(syn_ack.contains("A ACK: the ack field is valid"));
        let ttl = decoded("IP", "ttl", &FieldValue::Int(57), "57").unwrap();
        assert_eq!(ttl, "7 hops from a sender starting at 64, probably");
    }
}
