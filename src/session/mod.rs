//! Scapy's `sessions()`: each packet filed under a key made by Scapy's default session
//! extractor. Keys are compact binary values in a hash map; their text is made only when
//! shown. Keys keep the order in which they first appear, as Scapy's dict does.

pub mod conv;
pub mod defrag;
pub mod follow;
mod key;
pub mod ladder;

pub use key::{key_of, key_of_packet, Addr, Key};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::capture::Capture;

/// Sessions of a packet list: keys in order of first appearance, and for each key the
/// indices (into the capture) of its packets, in capture order.
pub struct Sessions {
    pub keys: Vec<Key>,
    /// `members[offsets[i]..offsets[i + 1]]` are the packets of session `i`.
    offsets: Vec<u32>,
    members: Vec<u32>,
}

impl Sessions {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn packets(&self, i: usize) -> &[u32] {
        &self.members[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Groups the packets `indices` (all of the capture when None) into sessions.
pub fn sessions(cap: &Capture, indices: Option<&[u32]>) -> Sessions {
    let n = indices.map_or(cap.len(), |v| v.len());
    let at = |i: usize| indices.map_or(i as u32, |v| v[i]);
    // Each chunk files its packets under chunk-local ids; chunks are merged in order, so
    // the first appearance of a key stays first.
    let chunk = (n / (rayon::current_num_threads() * 4)).max(4096);
    let starts: Vec<usize> = (0..n).step_by(chunk.max(1)).collect();
    let parts: Vec<(Vec<Key>, Vec<u32>)> = starts
        .par_iter()
        .map(|&s| {
            let e = (s + chunk).min(n);
            let mut map: FxHashMap<Key, u32> = FxHashMap::default();
            let mut keys = Vec::new();
            let mut ids = Vec::with_capacity(e - s);
            for i in s..e {
                // The packets are far apart in memory: ask for the headers a few packets
                // ahead while this one is keyed.
                if i + 8 < e {
                    prefetch(cap.packet_start(at(i + 8) as usize));
                }
                let idx = at(i) as usize;
                let k = key_of(cap.linktype(idx), cap.packet(idx));
                let id = *map.entry(k).or_insert_with_key(|k| {
                    keys.push(k.clone());
                    (keys.len() - 1) as u32
                });
                ids.push(id);
            }
            (keys, ids)
        })
        .collect();
    let mut map: FxHashMap<Key, u32> = FxHashMap::default();
    let mut keys: Vec<Key> = Vec::new();
    let mut ids: Vec<u32> = Vec::with_capacity(n);
    for (local_keys, local_ids) in parts {
        let remap: Vec<u32> = local_keys
            .into_iter()
            .map(|k| {
                *map.entry(k).or_insert_with_key(|k| {
                    keys.push(k.clone());
                    (keys.len() - 1) as u32
                })
            })
            .collect();
        ids.extend(local_ids.into_iter().map(|l| remap[l as usize]));
    }
    // Counting sort of packet positions by session id keeps capture order within each.
    let mut offsets = vec![0u32; keys.len() + 1];
    for &id in &ids {
        offsets[id as usize + 1] += 1;
    }
    for i in 0..keys.len() {
        offsets[i + 1] += offsets[i];
    }
    let mut fill = offsets.clone();
    let mut members = vec![0u32; n];
    for (i, &id) in ids.iter().enumerate() {
        let slot = &mut fill[id as usize];
        members[*slot as usize] = at(i);
        *slot += 1;
    }
    Sessions {
        keys,
        offsets,
        members,
    }
}
