//! The values pcapsh's domain is made of: packet lists, sessions, conversations, packets
//! and their layers, each over a loaded capture. The language wraps them in its values;
//! render shows them.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::capture::Capture;
use crate::dissect::{self, Proto};
use crate::session::conv::Conversation;
use crate::session::Sessions;

/// A list of packets of one capture: all of it, or some of its packets by index.
pub struct PacketList {
    pub cap: Arc<Capture>,
    /// Indices into the capture; None means every packet in order.
    pub idx: Option<Rc<Vec<u32>>>,
    pub name: String,
    counts: OnceCell<[usize; 4]>,
    /// The conversation this list is, when it came from one (`c[0]`): following it then
    /// needs no regrouping and keeps the datagrams reassembled from fragments.
    pub conv: Option<Rc<Conversation>>,
}

impl PacketList {
    pub fn new(cap: Arc<Capture>, idx: Option<Rc<Vec<u32>>>, name: String) -> PacketList {
        PacketList {
            cap,
            idx,
            name,
            counts: OnceCell::new(),
            conv: None,
        }
    }
    pub fn len(&self) -> usize {
        self.idx.as_ref().map_or(self.cap.len(), |v| v.len())
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The capture index of the i-th packet.
    pub fn at(&self, i: usize) -> u32 {
        self.idx.as_ref().map_or(i as u32, |v| v[i])
    }
    pub fn indices(&self) -> Vec<u32> {
        (0..self.len()).map(|i| self.at(i)).collect()
    }
    /// Scapy's repr counts: TCP, UDP, ICMP, Other (each packet counted once).
    pub fn counts(&self) -> [usize; 4] {
        *self.counts.get_or_init(|| {
            let mut c = [0usize; 4];
            for i in 0..self.len() {
                let k = self.at(i) as usize;
                // Only the transport headers count: no need to parse DNS.
                let p = dissect::dissect_headers(self.cap.linktype(k), self.cap.packet(k));
                let slot = if p.has(Proto::Tcp) {
                    0
                } else if p.has(Proto::Udp) {
                    1
                } else if p.has(Proto::Icmp) {
                    2
                } else {
                    3
                };
                c[slot] += 1;
            }
            c
        })
    }
    pub fn repr(&self) -> String {
        let c = self.counts();
        format!(
            "<{}: TCP:{} UDP:{} ICMP:{} Other:{}>",
            self.name, c[0], c[1], c[2], c[3]
        )
    }
}

/// Each key's first position.
fn key_index(keys: &[Rc<String>]) -> HashMap<Rc<String>, usize> {
    let mut index = HashMap::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        index.entry(k.clone()).or_insert(i);
    }
    index
}

pub struct SessionsVal {
    pub cap: Arc<Capture>,
    pub sessions: Sessions,
    /// Key texts, made once when first needed.
    keys: OnceCell<Vec<Rc<String>>>,
    /// Position of each key text, for `s[key]` and `key in s` in constant time.
    index: OnceCell<HashMap<Rc<String>, usize>>,
}

impl SessionsVal {
    pub fn new(cap: Arc<Capture>, sessions: Sessions) -> SessionsVal {
        SessionsVal {
            cap,
            sessions,
            keys: OnceCell::new(),
            index: OnceCell::new(),
        }
    }
    pub fn key_texts(&self) -> &[Rc<String>] {
        self.keys.get_or_init(|| {
            self.sessions
                .keys
                .iter()
                .map(|k| Rc::from(k.to_string()))
                .collect()
        })
    }
    pub fn find(&self, key: &str) -> Option<usize> {
        self.index
            .get_or_init(|| key_index(self.key_texts()))
            .get(&key.to_string())
            .copied()
    }
    /// The packet list of session `i`; Scapy names each one "PacketList".
    pub fn list(&self, i: usize) -> PacketList {
        PacketList::new(
            self.cap.clone(),
            Some(Rc::new(self.sessions.packets(i).to_vec())),
            "PacketList".into(),
        )
    }
}

/// Conversations of a packet list, in order of first packet (or as sorted).
pub struct ConvVal {
    pub cap: Arc<Capture>,
    /// Each conversation with its number in order of appearance.
    pub convs: Vec<(usize, Rc<Conversation>)>,
    /// The capture's first timestamp, for relative start times.
    pub origin: crate::time::Decimal,
    keys: OnceCell<Vec<Rc<String>>>,
    index: OnceCell<HashMap<Rc<String>, usize>>,
}

impl ConvVal {
    pub fn new(cap: Arc<Capture>, convs: Vec<(usize, Rc<Conversation>)>) -> ConvVal {
        let origin = if cap.is_empty() {
            crate::time::Decimal::from_int(0)
        } else {
            cap.timestamp(0)
        };
        ConvVal {
            cap,
            convs,
            origin,
            keys: OnceCell::new(),
            index: OnceCell::new(),
        }
    }
    pub fn key_texts(&self) -> &[Rc<String>] {
        self.keys
            .get_or_init(|| self.convs.iter().map(|(_, c)| Rc::from(c.key())).collect())
    }
    pub fn find(&self, key: &str) -> Option<usize> {
        self.index
            .get_or_init(|| key_index(self.key_texts()))
            .get(&key.to_string())
            .copied()
    }
    /// The packets of conversation `i` (in this view), named by its key.
    pub fn list(&self, i: usize) -> PacketList {
        let c = &self.convs[i].1;
        let mut l = PacketList::new(
            self.cap.clone(),
            Some(Rc::new(c.packets.clone())),
            self.key_texts()[i].to_string(),
        );
        l.conv = Some(c.clone());
        l
    }
}

/// One packet of a capture.
#[derive(Clone)]
pub struct PacketRef {
    pub cap: Arc<Capture>,
    pub index: u32,
    /// A packet a script built (`IP()/TCP()`): its layers and fields as set. `cap` then
    /// holds the bytes it builds to, as a capture of one packet.
    pub built: Option<Rc<crate::build::Built>>,
    /// The read packet a changed one stands for (its capture and index).
    pub origin: Option<(Arc<Capture>, u32)>,
}

/// A read packet a script changed in place (`p[IP].ttl = 1` in a loop over a list):
/// every list of that capture gives the changed packet from then on, as Scapy's lists
/// hold the same packet objects. Keyed by capture and index; the capture is kept.
type Edits = HashMap<(usize, u32), (Arc<Capture>, PacketRef)>;

thread_local! {
    static EDITS: std::cell::RefCell<Edits> = Default::default();
}

impl PacketRef {
    /// Packet `index` of a capture (as a script changed it, if it did).
    pub fn of(cap: Arc<Capture>, index: u32) -> PacketRef {
        let edited = EDITS.with(|e| {
            let e = e.borrow();
            if e.is_empty() {
                return None;
            }
            e.get(&(Arc::as_ptr(&cap) as usize, index))
                .map(|(_, p)| p.clone())
        });
        edited.unwrap_or(PacketRef {
            cap,
            index,
            built: None,
            origin: None,
        })
    }

    /// A packet a script built: its bytes as a capture of one packet.
    pub fn built(cap: Arc<Capture>, b: crate::build::Built) -> PacketRef {
        PacketRef {
            cap,
            index: 0,
            built: Some(Rc::new(b)),
            origin: None,
        }
    }

    /// The read packet this one is, or stands for once changed.
    pub fn origin(&self) -> Option<(Arc<Capture>, u32)> {
        match self.built {
            None => Some((self.cap.clone(), self.index)),
            Some(_) => self.origin.clone(),
        }
    }

    /// This packet changed in place: it is now `new`, wherever its capture's lists give
    /// it. A packet built by the script stands for no read packet and changes alone.
    pub fn changed_to(&self, new: &mut PacketRef) {
        let Some((cap, i)) = self.origin() else {
            return;
        };
        new.origin = Some((cap.clone(), i));
        let key = (Arc::as_ptr(&cap) as usize, i);
        let new = new.clone();
        EDITS.with(|e| e.borrow_mut().insert(key, (cap, new)));
    }
    pub fn data(&self) -> &[u8] {
        self.cap.packet(self.index as usize)
    }
    pub fn linktype(&self) -> u16 {
        self.cap.linktype(self.index as usize)
    }
    pub fn dissect(&self) -> dissect::Packet<'_> {
        if let Some(b) = &self.built {
            if let (Some(first), Some(step)) = (b.layers.first(), b.start()) {
                if first.tpl.linktype == 0 {
                    return dissect::dissect_from(step, self.data(), self.cap.layers);
                }
            }
        }
        dissect::dissect_with(self.linktype(), self.data(), self.cap.layers)
    }
}

/// A layer of a packet and everything above it (`p[TCP]`).
#[derive(Clone)]
pub struct LayerRef {
    pub pkt: PacketRef,
    pub layer: usize,
}

/// Per-session packets, bytes (frame lengths, as Wireshark counts) and times.
pub struct SessionStats {
    pub packets: usize,
    pub bytes: u64,
    pub first: crate::time::Decimal,
    pub last: crate::time::Decimal,
}

pub fn session_stats(s: &SessionsVal, i: usize) -> SessionStats {
    let pk = s.sessions.packets(i);
    let cap = &s.cap;
    let bytes = pk
        .iter()
        .map(|&p| cap.records[p as usize].origlen as u64)
        .sum();
    let first = cap.timestamp(pk[0] as usize);
    let last = cap.timestamp(pk[pk.len() - 1] as usize);
    SessionStats {
        packets: pk.len(),
        bytes,
        first,
        last,
    }
}
