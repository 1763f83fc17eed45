//! Classic libpcap files: a 24-byte header, then 16-byte record headers each followed by
//! the packet bytes.

use super::{Endian, Format, Index, Interface, Record, MAX_RECORD};

/// Byte order and resolution from the magic number, or None if it is not pcap's.
pub(super) fn magic(m: [u8; 4]) -> Option<(bool, bool)> {
    match m {
        [0xd4, 0xc3, 0xb2, 0xa1] => Some((false, false)),
        [0xa1, 0xb2, 0xc3, 0xd4] => Some((true, false)),
        [0x4d, 0x3c, 0xb2, 0xa1] => Some((false, true)),
        [0xa1, 0xb2, 0x3c, 0x4d] => Some((true, true)),
        _ => None,
    }
}

pub(super) fn index(data: &[u8], big_endian: bool, nanos: bool) -> Result<Index, String> {
    let e = Endian(big_endian);
    if data.len() < 24 {
        return Err(format!(
            "pcap file header is cut short: {} of 24 bytes",
            data.len()
        ));
    }
    let mut warnings = Vec::new();
    let major = e.u16(data, 4).unwrap_or(0);
    let minor = e.u16(data, 6).unwrap_or(0);
    if major != 2 {
        warnings.push(format!(
            "unusual pcap version {major}.{minor} (expected 2.4); reading it as 2.4"
        ));
    }
    let snaplen = e.u32(data, 16).unwrap_or(0);
    // The link type is the low 16 bits; bits 26-31 carry FCS information, bits 16-25 are
    // reserved (pcap-linktype(7)). Reserved bits set are named, not dropped silently.
    let field = e.u32(data, 20).unwrap_or(0);
    let linktype = (field & 0xffff) as u16;
    if field & 0x03ff_0000 != 0 {
        warnings.push(format!(
            "the link-type field 0x{field:08x} has reserved bits set; reading link type {linktype}"
        ));
    }
    let digits = if nanos { 9 } else { 6 };
    let scale: u64 = if nanos { 1_000_000_000 } else { 1_000_000 };
    let bound = MAX_RECORD.max(snaplen);
    let interfaces = vec![Interface {
        linktype,
        digits,
        snaplen,
        ..Interface::default()
    }];
    let format = Format::Pcap { big_endian, nanos };
    if let Some(records) = parallel_index(data, e, scale, bound) {
        return Ok(Index {
            format,
            records,
            interfaces,
            warnings,
        });
    }
    let mut records = Vec::with_capacity(estimate(data.len()));
    let mut at = 24usize;
    while at < data.len() {
        let n = records.len() + 1;
        if data.len() - at < 16 {
            warnings.push(format!(
                "record {n} at byte offset {at}: the record header is cut short \
                 ({} of 16 bytes); {} packets read",
                data.len() - at,
                records.len()
            ));
            break;
        }
        let sec = e.u32(data, at).unwrap_or(0) as u64;
        let frac = e.u32(data, at + 4).unwrap_or(0) as u64;
        let caplen = e.u32(data, at + 8).unwrap_or(0);
        let origlen = e.u32(data, at + 12).unwrap_or(0);
        if caplen > bound {
            warnings.push(format!(
                "record {n} at byte offset {at}: captured length {caplen} is larger than \
                 {bound} bytes, so the file is corrupt from here; {} packets read, \
                 {} bytes not read",
                records.len(),
                data.len() - at
            ));
            break;
        }
        let body = at + 16;
        let avail = data.len() - body;
        if (caplen as usize) > avail {
            // Keep what is there of the last packet, as Scapy does, and say so.
            warnings.push(format!(
                "record {n} at byte offset {at}: the file ends inside the packet \
                 ({avail} of {caplen} bytes); kept the {avail} bytes"
            ));
            records.push(Record::new(
                body as u64,
                0,
                sec * scale + frac,
                avail as u32,
                origlen,
            ));
            break;
        }
        records.push(Record::new(
            body as u64,
            0,
            sec * scale + frac,
            caplen,
            origlen,
        ));
        at = body + caplen as usize;
    }
    Ok(Index {
        format,
        records,
        interfaces,
        warnings,
    })
}

/// Reads one record header: (ticks, caplen, origlen), if it fits.
fn header(data: &[u8], at: usize, e: Endian, scale: u64) -> Option<(u64, u32, u32)> {
    let sec = e.u32(data, at)? as u64;
    let frac = e.u32(data, at + 4)? as u64;
    Some((
        sec * scale + frac,
        e.u32(data, at + 8)?,
        e.u32(data, at + 12)?,
    ))
}

/// Indexes a large file on all cores. Each core starts at a guessed record boundary (an
/// offset from which a chain of plausible record headers runs); the guesses are proven
/// when the core before ends its walk exactly on them. Anything unexpected (a bad guess,
/// a damaged record) returns None, and the caller indexes sequentially, with warnings.
fn parallel_index(data: &[u8], e: Endian, scale: u64, bound: u32) -> Option<Vec<Record>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(16);
    if threads < 2 || data.len() < (64 << 20) {
        return None;
    }
    let (first_ticks, _, _) = header(data, 24, e, scale)?;
    let first_sec = first_ticks / scale;
    let plausible = |at: usize| -> bool {
        // 12 headers in a row that fit, in time order within a day of the first packet.
        let mut p = at;
        for _ in 0..12 {
            if p == data.len() {
                return true;
            }
            let Some((ticks, caplen, origlen)) = header(data, p, e, scale) else {
                return false;
            };
            let sec = ticks / scale;
            if caplen > bound
                || origlen < caplen
                || sec + 86400 < first_sec
                || sec > first_sec + 86400 * 365
            {
                return false;
            }
            p += 16 + caplen as usize;
            if p > data.len() {
                return false;
            }
        }
        true
    };
    let body = data.len() - 24;
    let mut starts = vec![24usize];
    for k in 1..threads {
        let guess = 24 + body / threads * k;
        let found = (guess..(guess + (1 << 20)).min(data.len() - 16)).find(|&c| plausible(c))?;
        if found <= *starts.last()? {
            return None;
        }
        starts.push(found);
    }
    starts.push(data.len());
    let parts: Vec<Option<Vec<Record>>> = std::thread::scope(|s| {
        let handles: Vec<_> = starts
            .windows(2)
            .map(|w| {
                let (from, to) = (w[0], w[1]);
                s.spawn(move || {
                    let mut out = Vec::with_capacity(estimate(to - from));
                    let mut at = from;
                    while at < to {
                        let (ticks, caplen, origlen) = header(data, at, e, scale)?;
                        if caplen > bound || at + 16 + caplen as usize > data.len() {
                            return None;
                        }
                        out.push(Record::new((at + 16) as u64, 0, ticks, caplen, origlen));
                        at += 16 + caplen as usize;
                    }
                    (at == to).then_some(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    let mut records = Vec::with_capacity(
        parts
            .iter()
            .map(|p| p.as_ref().map_or(0, |v| v.len()))
            .sum(),
    );
    for p in parts {
        records.extend(p?);
    }
    Some(records)
}

/// A first guess at the record count, to size the index once (capped: the guess is
/// about the file, which may lie).
pub(super) fn estimate(len: usize) -> usize {
    (len / 128).min(1 << 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A capture over 64 MiB made of the sample's records, repeated.
    fn big_capture() -> Vec<u8> {
        let sample =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/mixed.pcap")).unwrap();
        let mut out = sample[..24].to_vec();
        while out.len() < (65 << 20) {
            out.extend_from_slice(&sample[24..]);
        }
        out
    }

    #[test]
    fn parallel_index_equals_the_sequential_walk() {
        let data = big_capture();
        let e = Endian(false);
        let par = parallel_index(&data, e, 1_000_000, MAX_RECORD).expect("parallel index");
        // The sequential walk, for reference.
        let mut seq = Vec::new();
        let mut at = 24;
        while at < data.len() {
            let (t, c, o) = header(&data, at, e, 1_000_000).unwrap();
            seq.push(Record::new((at + 16) as u64, 0, t, c, o));
            at += 16 + c as usize;
        }
        assert_eq!(par.len(), seq.len());
        assert!(par == seq);
    }

    #[test]
    fn a_damaged_record_falls_back_to_the_sequential_walk_and_warns() {
        let mut data = big_capture();
        // Corrupt a caplen three quarters in: the parallel walk must give up.
        let mut at = 24;
        while at < data.len() * 3 / 4 {
            at += 16 + u32::from_le_bytes(data[at + 8..at + 12].try_into().unwrap()) as usize;
        }
        data[at + 8..at + 12].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
        assert!(parallel_index(&data, Endian(false), 1_000_000, MAX_RECORD).is_none());
        let idx = index(&data, false, false).unwrap();
        assert_eq!(idx.warnings.len(), 1);
        assert!(
            idx.warnings[0].contains(&format!("at byte offset {at}")),
            "{}",
            idx.warnings[0]
        );
    }
}
