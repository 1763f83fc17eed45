//! pcapng: a sequence of blocks (type, total length, body, total length again), in
//! sections that each begin with a Section Header Block fixing the byte order.

use super::pcap::estimate;
use super::{Endian, Format, Index, Interface, Record, MAX_RECORD};

const SHB: u32 = 0x0A0D_0D0A;
const IDB: u32 = 1;
const PB: u32 = 2; // obsolete Packet Block
const SPB: u32 = 3;
const EPB: u32 = 6;

pub(super) fn index(data: &[u8]) -> Result<Index, String> {
    let mut records = Vec::with_capacity(estimate(data.len()));
    let mut interfaces: Vec<Interface> = Vec::new();
    let mut warnings = Vec::new();
    // Global interface index of each interface id of the current section.
    let mut section_ifaces: Vec<u32> = Vec::new();
    let mut e = Endian(false);
    let mut at = 0usize;
    let mut block_no = 0usize;
    while at < data.len() {
        block_no += 1;
        let stop = |why: String, records: &Vec<Record>| {
            format!(
                "block {block_no} at byte offset {at}: {why}; {} packets read",
                records.len()
            )
        };
        if data.len() - at < 12 {
            warnings.push(stop(
                format!(
                    "the file ends inside a block header ({} bytes left)",
                    data.len() - at
                ),
                &records,
            ));
            break;
        }
        let raw_type = Endian(false).u32(data, at).unwrap_or(0);
        if raw_type == SHB {
            match section_header(data, at) {
                Ok(endian) => e = endian,
                Err(why) if at == 0 => return Err(format!("pcapng section header: {why}")),
                Err(why) => {
                    warnings.push(stop(format!("bad section header: {why}"), &records));
                    break;
                }
            }
            section_ifaces.clear();
            let len = e.u32(data, at + 4).unwrap_or(0) as usize;
            at += len;
            continue;
        }
        if at == 0 {
            return Err("not a pcapng file: the first block is not a section header".into());
        }
        let btype = e.u32(data, at).unwrap_or(0);
        let len = e.u32(data, at + 4).unwrap_or(0) as usize;
        if len < 12 || len % 4 != 0 || len > data.len() - at {
            let why = if len > data.len() - at {
                format!(
                    "block length {len} runs past the end of the file ({} bytes left)",
                    data.len() - at
                )
            } else {
                format!("invalid block length {len}")
            };
            warnings.push(stop(why, &records));
            break;
        }
        if e.u32(data, at + len - 4) != Some(len as u32) {
            warnings.push(stop(
                "the block's trailing length does not match its header".into(),
                &records,
            ));
            break;
        }
        let body = &data[at + 8..at + len - 4];
        let body_at = at + 8;
        match btype {
            IDB if interfaces.len() > u16::MAX as usize => {
                warnings.push(stop(
                    "more than 65,536 interface descriptions, the most pcapsh holds".into(),
                    &records,
                ));
                break;
            }
            IDB => match interface(body, e) {
                Ok(ifc) => {
                    section_ifaces.push(interfaces.len() as u32);
                    interfaces.push(ifc);
                }
                Err(why) => {
                    warnings.push(stop(format!("bad interface description: {why}"), &records));
                    break;
                }
            },
            EPB | PB | SPB => {
                let block = Block {
                    kind: btype,
                    body,
                    at: body_at,
                    len,
                    endian: e,
                };
                match block.record(&section_ifaces, &interfaces) {
                    Ok(r) => records.push(r),
                    Err(why) => {
                        warnings.push(stop(why, &records));
                        break;
                    }
                }
            }
            _ => {} // statistics, name resolution, custom, decryption secrets...: not needed
        }
        at += len;
    }
    if interfaces.is_empty() {
        interfaces.push(Interface::default());
    }
    Ok(Index {
        format: Format::PcapNg,
        records,
        interfaces,
        warnings,
    })
}

/// A packet block: enhanced (EPB), obsolete (PB) or simple (SPB).
struct Block<'a> {
    kind: u32,
    body: &'a [u8],
    /// Byte offset of the body in the file.
    at: usize,
    /// The whole block's length.
    len: usize,
    endian: Endian,
}

impl Block<'_> {
    /// The packet's record, or why the block cannot be read.
    fn record(&self, section_ifaces: &[u32], interfaces: &[Interface]) -> Result<Record, String> {
        let (e, body) = (self.endian, self.body);
        if self.kind == SPB {
            let Some(&global) = section_ifaces.first() else {
                return Err("simple packet block before any interface description".into());
            };
            let origlen = e.u32(body, 0).unwrap_or(0);
            let snap = interfaces[global as usize].snaplen;
            let mut caplen = (body.len().saturating_sub(4)).min(origlen as usize) as u32;
            if snap > 0 {
                caplen = caplen.min(snap);
            }
            return Ok(Record::new(
                (self.at + 4) as u64,
                global as u16,
                0,
                caplen,
                origlen,
            ));
        }
        let iface = if self.kind == EPB {
            e.u32(body, 0).unwrap_or(u32::MAX)
        } else {
            e.u16(body, 0).map(u32::from).unwrap_or(u32::MAX)
        };
        let (ts_at, fixed) = (4, 20);
        if body.len() < fixed {
            return Err("packet block too short".into());
        }
        let hi = e.u32(body, ts_at).unwrap_or(0) as u64;
        let lo = e.u32(body, ts_at + 4).unwrap_or(0) as u64;
        let caplen = e.u32(body, ts_at + 8).unwrap_or(0);
        let origlen = e.u32(body, ts_at + 12).unwrap_or(0);
        let Some(&global) = section_ifaces.get(iface as usize) else {
            return Err(format!(
                "packet names interface {iface}, which was never described"
            ));
        };
        if caplen as usize > body.len() - fixed || caplen > MAX_RECORD.max(origlen) {
            return Err(format!(
                "captured length {caplen} does not fit in a block of {} bytes",
                self.len
            ));
        }
        let ticks = interfaces[global as usize].scale_ticks((hi << 32) | lo);
        Ok(Record::new(
            (self.at + fixed) as u64,
            global as u16,
            ticks,
            caplen,
            origlen,
        ))
    }
}

/// Validates a section header block at `at` and returns the section's byte order.
fn section_header(data: &[u8], at: usize) -> Result<Endian, String> {
    if data.len() - at < 28 {
        return Err("cut short".into());
    }
    let e = match &data[at + 8..at + 12] {
        [0x4d, 0x3c, 0x2b, 0x1a] => Endian(false),
        [0x1a, 0x2b, 0x3c, 0x4d] => Endian(true),
        _ => return Err("unknown byte-order magic".into()),
    };
    let len = e.u32(data, at + 4).unwrap_or(0) as usize;
    if len < 28 || len % 4 != 0 || len > data.len() - at {
        return Err(format!("invalid block length {len}"));
    }
    if e.u32(data, at + len - 4) != Some(len as u32) {
        return Err("the block's trailing length does not match its header".into());
    }
    let major = e.u16(data, at + 12).unwrap_or(0);
    let minor = e.u16(data, at + 14).unwrap_or(0);
    if major != 1 || minor > 2 {
        return Err(format!(
            "unsupported version {major}.{minor} (expected 1.0)"
        ));
    }
    options(&data[at + 24..at + len - 4], e, |_, _| {})?;
    Ok(e)
}

/// Walks a block's options, calling `f(code, value)` for each, until opt_endofopt.
fn options(mut d: &[u8], e: Endian, mut f: impl FnMut(u16, &[u8])) -> Result<(), String> {
    while d.len() >= 4 {
        let code = e.u16(d, 0).unwrap_or(0);
        let len = e.u16(d, 2).unwrap_or(0) as usize;
        if code == 0 {
            return Ok(());
        }
        let padded = (len + 3) & !3;
        if 4 + len > d.len() {
            return Err(format!("option {code} of length {len} runs past the block"));
        }
        f(code, &d[4..4 + len]);
        d = &d[(4 + padded).min(d.len())..];
    }
    Ok(())
}

fn interface(body: &[u8], e: Endian) -> Result<Interface, String> {
    if body.len() < 8 {
        return Err("cut short".into());
    }
    let linktype = e.u16(body, 0).unwrap_or(0);
    let snaplen = e.u32(body, 4).unwrap_or(0);
    let mut ifc = Interface {
        linktype,
        snaplen,
        ..Interface::default()
    };
    let mut binary: Option<u8> = None;
    let mut bad = None;
    options(&body[8..], e, |code, v| match code {
        2 => ifc.name = Some(String::from_utf8_lossy(v).into_owned()),
        9 if !v.is_empty() => {
            let r = v[0];
            if r & 0x80 != 0 {
                binary = Some(r & 0x7f);
            } else if r <= 18 {
                ifc.digits = r;
            } else {
                bad = Some(format!("timestamp resolution 10^-{r} is too fine"));
            }
        }
        14 if v.len() == 8 => ifc.offset_secs = e.u64(v, 0).unwrap_or(0) as i64,
        _ => {}
    })?;
    if let Some(b) = bad {
        return Err(b);
    }
    if let Some(bits) = binary {
        if bits > 63 {
            return Err(format!("timestamp resolution 2^-{bits} is too fine"));
        }
        // 2^-n ticks are kept as nanoseconds (the finest decimal unit we index in).
        ifc.digits = if bits == 0 { 0 } else { 9 };
        ifc.binary_bits = bits;
    }
    Ok(ifc)
}
