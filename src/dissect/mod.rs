//! Dissection: walks a packet's bytes into the layers Scapy would build, as typed views
//! (a protocol and a byte range each). Field values are read from the bytes on demand.
//!
//! The walk follows Scapy 2.8.0's default layer bindings (`bind.rs`), including its
//! quirks (ports bound to DNS, ICMP errors quoting `IPerror`, padding after the IP
//! length), so that summaries and session keys come out as Scapy's do. Each protocol's
//! step, header view, fields and summary live in its own file under `layers/`.

pub mod bind;
pub mod explain;
pub mod field;
pub mod layers;
pub mod linktype;
pub mod names;
pub mod show;
mod summary;
pub mod view;

pub use layers::dnsmsg as dns;
pub use layers::{Class, Icmp6, Proto};
pub use summary::{layer_summary, summary, summary_from};

/// One layer: its protocol and where its bytes are in the packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layer {
    pub proto: Proto,
    /// Offset of the layer's first byte.
    pub start: u32,
    /// Length of its header (its payload starts at `start + hlen`).
    pub hlen: u32,
    /// End of the bytes that belong to it and its payload (padding excluded).
    pub end: u32,
}

impl Layer {
    pub fn header<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        &data[self.start as usize..(self.start + self.hlen) as usize]
    }
    pub fn payload<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        &data[(self.start + self.hlen) as usize..self.end as usize]
    }
    pub fn bytes<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        &data[self.start as usize..self.end as usize]
    }
}

pub const MAX_LAYERS: usize = 32;

/// A dissected packet: the bytes and the layers over them. No allocation.
pub struct Packet<'a> {
    pub data: &'a [u8],
    pub linktype: u16,
    layers: [Layer; MAX_LAYERS],
    n: usize,
    /// An RFC 4884 extension after an ICMP error: (ICMP layer index, start, end).
    pub icmp_ext: Option<(u8, u32, u32)>,
    /// The padding Scapy moves into that ICMP layer's `extpad` (start, end).
    pub icmp_pad: (u32, u32),
}

impl<'a> Packet<'a> {
    pub fn layers(&self) -> &[Layer] {
        &self.layers[..self.n]
    }

    /// The first layer of a protocol, outermost first.
    pub fn find(&self, p: Proto) -> Option<&Layer> {
        self.layers().iter().find(|l| l.proto == p)
    }

    pub fn has(&self, p: Proto) -> bool {
        self.find(p).is_some()
    }

    /// The protocol of the layer below layer `i`.
    pub fn under(&self, i: usize) -> Option<Proto> {
        i.checked_sub(1).map(|j| self.layers[j].proto)
    }

    /// The header of layer `i` through its typed view.
    pub fn view<V: view::View<'a>>(&self, i: usize) -> Option<V> {
        let l = self.layers().get(i)?;
        V::new(l.header(self.data))
    }

    /// The first layer of a protocol through its typed view.
    pub fn first<V: view::View<'a>>(&self, p: Proto) -> Option<V> {
        let i = self.layers().iter().position(|l| l.proto == p)?;
        self.view(i)
    }

    /// The first DNS layer at or after layer `from`.
    pub fn find_dns(&self, from: usize) -> Option<usize> {
        (from..self.n).find(|&i| self.layers[i].proto == Proto::Dns)
    }

    /// The DNS (or LLMNR) message of layer `i`, parsed; over TCP it has a length prefix.
    pub fn dns(&self, i: usize) -> dns::Dns {
        let l = self.layers[i];
        let tcp = matches!(self.under(i), Some(Proto::Tcp | Proto::TcpError));
        dns::parse(&self.data[l.start as usize..l.end as usize], tcp)
    }

    /// Finds a layer by a name as `'TCP' in p` does in Scapy: class or display name.
    pub fn find_named(&self, name: &str) -> Option<&Layer> {
        self.layers().iter().find(|l| l.proto.is_named(name))
    }

    /// The fields of layer `i`, in Scapy's order.
    pub fn fields(&self, i: usize) -> field::Fields {
        (self.layers[i].proto.ops().fields)(self, i)
    }

    /// Gives layer `i` another class (a built packet's IP inside ICMP is IP, not IPerror).
    pub fn relabel(&mut self, i: usize, proto: Proto) {
        if i < self.n {
            self.layers[i].proto = proto;
        }
    }

    fn push(&mut self, proto: Proto, start: usize, hlen: usize, end: usize) -> bool {
        if self.n == MAX_LAYERS {
            return false;
        }
        self.layers[self.n] = Layer {
            proto,
            start: start as u32,
            hlen: hlen as u32,
            end: end as u32,
        };
        self.n += 1;
        true
    }
}

/// One step of the walk: reads the header at `w.at` (pushing its layer) and says what
/// comes next.
pub type Step = fn(&mut Walk) -> Next;

/// What comes next in the walk.
#[derive(Clone, Copy)]
pub enum Next {
    Parse(Step),
    /// The protocol an EtherType names (`bind::ETHERTYPES`).
    EtherType(u16),
    /// The rest is a Raw payload.
    Raw,
    Done,
}

/// The state of a walk over one packet, handed to each layer's step.
pub struct Walk<'a> {
    pub p: Packet<'a>,
    /// Where the next header starts.
    pub at: usize,
    /// Where the current payload ends (padding after it is cut off).
    pub end: usize,
    pads: [(usize, usize); 8],
    npads: usize,
    /// (ICMP layer index, extension start, extension end)
    pub icmp_ext: Option<(usize, usize, usize)>,
    /// Parse application layers (DNS) fully, not just check them.
    pub full: bool,
    /// Go past Scapy's default bindings (MPLS, Geneve, BSD loopback IPv6).
    pub extended: bool,
    /// Inside the packet an ICMP error quotes (IPerror, TCPerror ...).
    pub quoted: bool,
    /// The optional layers in force (`bind::HTTP`, `bind::TLS`); none when quoted.
    pub loaded: u8,
}

impl<'a> Walk<'a> {
    pub fn data(&self) -> &'a [u8] {
        self.p.data
    }

    /// Bytes left in the current payload.
    pub fn rest(&self) -> usize {
        self.end - self.at
    }

    /// The current payload.
    pub fn here(&self) -> &'a [u8] {
        &self.p.data[self.at..self.end]
    }

    /// The protocol of the layer pushed last.
    pub fn last(&self) -> Option<Proto> {
        self.p.layers().last().map(|l| l.proto)
    }

    /// Pushes a layer whose header of `hlen` bytes starts here and whose payload runs to
    /// the current end; the walk moves past the header.
    pub fn push(&mut self, proto: Proto, hlen: usize) {
        self.p.push(proto, self.at, hlen, self.end);
        self.at += hlen;
    }

    /// Pushes a layer with explicit bounds; the walk does not move.
    pub fn push_at(&mut self, proto: Proto, start: usize, hlen: usize, end: usize) {
        self.p.push(proto, start, hlen, end);
    }

    /// Ends the current payload at `pend`: what follows it is Scapy's Padding.
    pub fn cut(&mut self, pend: usize) {
        if pend < self.end {
            if self.npads < self.pads.len() {
                self.pads[self.npads] = (pend, self.end);
                self.npads += 1;
            }
            self.end = pend;
        }
    }

    /// Ends the current payload at `pend` without padding after it (an ICMP extension).
    pub fn set_end(&mut self, pend: usize) {
        self.end = pend;
    }

    /// The index the next pushed layer gets.
    pub fn next_index(&self) -> usize {
        self.p.n
    }
}

/// Dissects one packet of the given link type, with the optional layers loaded now.
pub fn dissect(linktype: u16, data: &[u8]) -> Packet<'_> {
    walk(linktype, data, true, false, bind::loaded())
}

/// Dissects one packet with the given optional layers (`bind::HTTP`, `bind::TLS`): a
/// capture's packets are dissected with those loaded when it was read, as in Scapy.
pub fn dissect_with(linktype: u16, data: &[u8], loaded: u8) -> Packet<'_> {
    walk(linktype, data, true, false, loaded)
}

/// Dissects the headers only: application layers (DNS) are not parsed, which is all
/// session keys need.
pub fn dissect_headers(linktype: u16, data: &[u8]) -> Packet<'_> {
    walk(linktype, data, false, false, 0)
}

/// Dissects headers past where Scapy's default bindings stop: BSD loopback IPv6 (address
/// families 24, 28 and 30), MPLS label stacks and Geneve tunnels. Conversations and
/// followed streams use this; summaries and Scapy's sessions do not.
pub fn dissect_extended(linktype: u16, data: &[u8]) -> Packet<'_> {
    walk(linktype, data, false, true, 0)
}

/// The layers of a packet dissected inside a field (the EAP message of a RADIUS
/// attribute), as the packets the field holds.
pub fn nested_layers(p: &Packet) -> Vec<field::Nested> {
    (0..p.layers().len())
        .map(|i| {
            let c = p.layers()[i].proto.class();
            field::Nested {
                class: c.name,
                display: c.display,
                fields: p.fields(i),
            }
        })
        .collect()
}

/// Dissects bytes that begin with the layer `first` reads (a packet built from TCP up).
pub fn dissect_from(first: Step, data: &[u8], loaded: u8) -> Packet<'_> {
    walk_from(Next::Parse(first), 0, data, true, false, loaded)
}

fn walk(linktype: u16, data: &[u8], full: bool, extended: bool, loaded: u8) -> Packet<'_> {
    walk_from(
        bind::link(linktype, extended),
        linktype,
        data,
        full,
        extended,
        loaded,
    )
}

fn walk_from(
    first: Next,
    linktype: u16,
    data: &[u8],
    full: bool,
    extended: bool,
    loaded: u8,
) -> Packet<'_> {
    let mut w = Walk {
        p: Packet {
            data,
            linktype,
            layers: [Layer {
                proto: Proto::Raw,
                start: 0,
                hlen: 0,
                end: 0,
            }; MAX_LAYERS],
            n: 0,
            icmp_ext: None,
            icmp_pad: (0, 0),
        },
        at: 0,
        end: data.len(),
        pads: [(0, 0); 8],
        npads: 0,
        icmp_ext: None,
        full,
        extended,
        quoted: false,
        loaded,
    };
    let mut next = first;
    loop {
        if w.p.n + 1 >= MAX_LAYERS && !matches!(next, Next::Done) {
            // One layer left: the rest is Raw rather than lost (an 802.11 beacon with
            // more elements than that).
            next = Next::Raw;
        }
        next = match next {
            Next::Done => break,
            Next::Raw => {
                if w.rest() > 0 {
                    w.push(Proto::Raw, w.rest());
                }
                break;
            }
            Next::EtherType(t) => bind::ethertype(t, w.extended),
            Next::Parse(step) => step(&mut w),
        };
        if w.p.n == MAX_LAYERS {
            break;
        }
    }
    let Walk {
        mut p,
        mut pads,
        mut npads,
        icmp_ext,
        ..
    } = w;
    if icmp_ext.is_some() && npads > 0 {
        // Scapy's ICMP post-dissection drops the packet's last layer when it is padding:
        // that is the outermost padding, added last. It becomes the layer's `extpad`.
        p.icmp_pad = (pads[0].0 as u32, pads[0].1 as u32);
        pads.copy_within(1..npads, 0);
        npads -= 1;
    }
    p.icmp_ext = icmp_ext.map(|(i, s, e)| (i as u8, s as u32, e as u32));
    for &(s, e) in pads[..npads].iter().rev() {
        if e > s {
            p.push(Proto::Padding, s, e - s, e);
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &Packet) -> Vec<&'static str> {
        p.layers().iter().map(|l| l.proto.class_name()).collect()
    }

    #[test]
    fn ethernet_ipv4_tcp_with_padding() {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .tcp(40000, 443, 1, 1000)
            .ack(5)
            .write(&mut b, &[])
            .unwrap();
        b.resize(60, 0);
        let p = dissect(linktype::ETHERNET, &b);
        assert_eq!(names(&p), ["Ether", "IP", "TCP", "Padding"]);
    }

    #[test]
    fn truncated_ip_header_is_raw() {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv4([10, 0, 0, 1], [10, 0, 0, 2], 64)
            .udp(1, 2)
            .write(&mut b, &[1, 2, 3])
            .unwrap();
        b.truncate(30);
        let p = dissect(linktype::ETHERNET, &b);
        assert_eq!(names(&p), ["Ether", "Raw"]);
    }

    #[test]
    fn every_prefix_of_a_packet_dissects() {
        let mut b = Vec::new();
        etherparse::PacketBuilder::ethernet2([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2])
            .ipv6([0xfd; 16], [0xfe; 16], 64)
            .udp(5353, 5353)
            .write(&mut b, &[0; 40])
            .unwrap();
        for n in 0..b.len() {
            for lt in [0, 1, 12, 101, 113, 228, 229, 276] {
                let p = dissect(lt, &b[..n]);
                for (i, l) in p.layers().iter().enumerate() {
                    assert!(l.end as usize <= n && l.start <= l.end);
                    // Every layer's fields and summary read only what the walk checked.
                    let _ = p.fields(i);
                }
                let _ = summary(&p);
            }
        }
    }
}
