//! Writing packets back to disk (`wrpcap`): pcap, or pcapng when the name ends in
//! `.pcapng`. Link types and timestamps are kept exactly.

use std::borrow::Cow;
use std::fs::File;
use std::io::BufWriter;
use std::time::Duration;

use pcap_file::pcap::{PcapHeader, PcapWriter, RawPcapPacket};
use pcap_file::pcapng::blocks::enhanced_packet::EnhancedPacketBlock;
use pcap_file::pcapng::blocks::interface_description::{
    InterfaceDescriptionBlock, InterfaceDescriptionOption,
};
use pcap_file::pcapng::PcapNgWriter;
use pcap_file::{DataLink, Endianness, TsResolution};

use super::Capture;

/// A packet to write: its capture and its index there.
pub type Item<'a> = (&'a Capture, usize);

pub fn write(path: &str, pkts: &[Item]) -> Result<(), String> {
    let file = File::create(path).map_err(|e| e.to_string())?;
    let out = BufWriter::new(file);
    let ng = path.ends_with(".pcapng") || path.ends_with(".ng");
    if ng {
        write_ng(out, pkts)
    } else {
        write_pcap(out, pkts)
    }
}

fn write_pcap(out: BufWriter<File>, pkts: &[Item]) -> Result<(), String> {
    let mut lts: Vec<u16> = pkts.iter().map(|(c, i)| c.linktype(*i)).collect();
    lts.dedup();
    lts.sort();
    lts.dedup();
    if lts.len() > 1 {
        return Err(format!(
            "these packets have {} link types ({}), which one pcap file cannot hold; write a .pcapng file instead",
            lts.len(),
            lts.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    let nanos = pkts
        .iter()
        .any(|(c, i)| c.interfaces[c.records[*i].iface()].digits > 6);
    let header = PcapHeader {
        version_major: 2,
        version_minor: 4,
        ts_correction: 0,
        ts_accuracy: 0,
        snaplen: 262144,
        datalink: DataLink::from(*lts.first().unwrap_or(&1) as u32),
        ts_resolution: if nanos {
            TsResolution::NanoSecond
        } else {
            TsResolution::MicroSecond
        },
        endianness: Endianness::Little,
    };
    let mut w = PcapWriter::with_header(out, header).map_err(|e| e.to_string())?;
    for &(c, i) in pkts {
        let r = &c.records[i];
        let (secs, ns) = c.timestamp(i).secs_nanos();
        let raw = RawPcapPacket {
            ts_sec: secs as u32,
            ts_frac: if nanos { ns } else { ns / 1000 },
            incl_len: r.caplen,
            orig_len: r.origlen,
            data: Cow::Borrowed(c.packet(i)),
        };
        w.write_raw_packet(&raw).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn write_ng(out: BufWriter<File>, pkts: &[Item]) -> Result<(), String> {
    let mut w = PcapNgWriter::new(out).map_err(|e| e.to_string())?;
    let mut ifaces: Vec<u16> = Vec::new();
    for &(c, i) in pkts {
        let lt = c.linktype(i);
        let id = match ifaces.iter().position(|&l| l == lt) {
            Some(i) => i,
            None => {
                let idb = InterfaceDescriptionBlock {
                    linktype: DataLink::from(lt as u32),
                    snaplen: 0,
                    options: vec![InterfaceDescriptionOption::IfTsResol(9)],
                };
                w.write_pcapng_block(idb).map_err(|e| e.to_string())?;
                ifaces.push(lt);
                ifaces.len() - 1
            }
        };
        let r = &c.records[i];
        let (secs, ns) = c.timestamp(i).secs_nanos();
        let epb = EnhancedPacketBlock {
            interface_id: id as u32,
            timestamp: Duration::new(secs.max(0) as u64, ns),
            original_len: r.origlen,
            data: Cow::Borrowed(c.packet(i)),
            options: vec![],
        };
        w.write_pcapng_block(epb).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A file name made from a session or conversation key: letters, digits, `.` and `-`
/// kept, `>` and `<->` spelled out, everything else `_`.
pub fn safe_name(key: &str) -> String {
    let key = key.replace(" <-> ", "_and_").replace(" > ", "_to_");
    let mut s: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    while s.contains("__") {
        s = s.replace("__", "_");
    }
    s.chars().take(150).collect()
}

/// Writes each group of packets to its own file in `dir`, one file open at a time (so
/// any number of groups fits within the file-descriptor limit). Refuses to overwrite
/// unless asked. Returns the number of files written.
pub fn write_groups(
    cap: &Capture,
    groups: &[(String, &[u32])],
    dir: &std::path::Path,
    overwrite: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let names: Vec<std::path::PathBuf> = groups
        .iter()
        .enumerate()
        .map(|(i, (key, pk))| {
            let mut lts: Vec<u16> = pk.iter().map(|&p| cap.linktype(p as usize)).collect();
            lts.sort();
            lts.dedup();
            let ext = if lts.len() > 1 { "pcapng" } else { "pcap" };
            dir.join(format!("{:05}_{}.{ext}", i, safe_name(key)))
        })
        .collect();
    if !overwrite {
        if let Some(p) = names.iter().find(|p| p.exists()) {
            return Err(format!(
                "{} exists; pass overwrite=True to replace it",
                p.display()
            ));
        }
    }
    for (i, ((_, pk), path)) in groups.iter().zip(&names).enumerate() {
        let items: Vec<Item> = pk.iter().map(|&p| (cap, p as usize)).collect();
        write(&path.to_string_lossy(), &items)?;
        progress(i + 1, groups.len());
    }
    Ok(groups.len())
}
