//! Writing packets back to disk (`wrpcap`, `split`): pcap, or pcapng when the name ends in
//! `.pcapng`, gzip-compressed for `.gz`. Link types and timestamps are kept exactly, and a
//! file appears whole or not at all.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// How a file name asks to be written: pcapng for `.pcapng`/`.ng` (any case), gzip-
/// compressed when it ends in `.gz` (as `x.pcap.gz`).
fn kind_of(path: &Path) -> (bool, bool) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let gz = name.ends_with(".gz");
    let stem = name.strip_suffix(".gz").unwrap_or(&name);
    (stem.ends_with(".pcapng") || stem.ends_with(".ng"), gz)
}

/// `wrpcap(path, packets)`: the file appears whole or not at all. It is written beside the
/// target under a temporary name, flushed and synced, then renamed over it, so that a
/// capture loaded from the same file stays valid and a failed write leaves nothing that
/// looks complete. A symlink is followed to the file it names, as Scapy's open() would.
pub fn write(path: &str, pkts: &[Item]) -> Result<(), String> {
    let given = Path::new(path);
    let target = match std::fs::symlink_metadata(given) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf())
        }
        _ => given.to_path_buf(),
    };
    write_to(&target, pkts, Replace::Yes)
}

/// Whether an existing file at the target may be replaced.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Replace {
    Yes,
    No,
}

fn write_to(target: &Path, pkts: &[Item], replace: Replace) -> Result<(), String> {
    let (ng, gz) = kind_of(target);
    // Checked before anything is written: a refusal leaves no file behind.
    let refused = |why: String| format!("cannot write {}: {why}", target.display());
    if !ng {
        pcap_link_type(pkts).map_err(refused)?;
    }
    check_times(pkts, ng).map_err(refused)?;
    atomic_write(target, replace, |out| {
        if gz {
            let mut z = flate2::write::GzEncoder::new(out, flate2::Compression::default());
            write_packets(&mut z, pkts, ng)?;
            z.finish().map(|_| ()).map_err(|e| e.to_string())
        } else {
            write_packets(out, pkts, ng)
        }
    })
}

fn write_packets<W: Write>(out: W, pkts: &[Item], ng: bool) -> Result<(), String> {
    if ng {
        write_ng(out, pkts, &[], false)
    } else {
        write_pcap(out, pkts, &[])
    }
}

/// Packet `n`'s bytes and original length: its own, or the new bytes given for it
/// (Scapy's `defragment`).
fn bytes_of<'a>(pkts: &[Item<'a>], new: &[Option<&'a [u8]>], n: usize) -> (&'a [u8], u32) {
    let (c, i) = pkts[n];
    match new.get(n).copied().flatten() {
        Some(b) => (b, b.len() as u32),
        None => (c.packet(i), c.records[i].origlen),
    }
}

/// A file written through `fill`, whole or not at all, as `write` does; an existing file
/// is replaced only with `overwrite`.
pub fn write_file(
    target: &Path,
    overwrite: bool,
    fill: impl FnOnce(&mut BufWriter<&File>) -> Result<(), String>,
) -> Result<(), String> {
    let replace = if overwrite { Replace::Yes } else { Replace::No };
    atomic_write(target, replace, fill)
}

/// Bytes to a file, whole or not at all (`Bytes.save()`), as `write` does.
pub fn save_bytes(path: &str, data: &[u8]) -> Result<(), String> {
    atomic_write(Path::new(path), Replace::Yes, |out| {
        out.write_all(data).map_err(|e| e.to_string())
    })
}

/// Writes through `fill` into a new temporary file beside `target` (created exclusively,
/// never through a symlink), flushes and syncs it, then moves it into place: renamed over
/// the target, or with `Replace::No` linked to a name that must not exist yet. On any
/// failure the temporary file is removed and the error names the target.
fn atomic_write(
    target: &Path,
    replace: Replace,
    fill: impl FnOnce(&mut BufWriter<&File>) -> Result<(), String>,
) -> Result<(), String> {
    static SERIAL: AtomicUsize = AtomicUsize::new(0);
    let fail = |why: String| format!("cannot write {}: {why}", target.display());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| fail("not a file name".into()))?
        .to_string_lossy()
        .into_owned();
    match std::fs::metadata(target) {
        Ok(m) if m.is_dir() => return Err(fail("it is a directory".into())),
        // A device or FIFO (`/dev/stdout`, a pipe) is written in place, never replaced.
        Ok(m) if !m.is_file() && replace == Replace::Yes => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(target)
                .map_err(|e| fail(e.to_string()))?;
            let mut out = BufWriter::with_capacity(1 << 20, &file);
            fill(&mut out).map_err(fail)?;
            return out
                .into_inner()
                .map(|_| ())
                .map_err(|e| fail(e.error().to_string()));
        }
        _ => {}
    }
    let tmp = dir.join(format!(
        ".{name}.pcapsh-{}-{}.tmp",
        std::process::id(),
        SERIAL.fetch_add(1, Ordering::Relaxed)
    ));
    let mode = std::fs::metadata(target)
        .map(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o7777)
        .unwrap_or(0o644);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&tmp)
        .map_err(|e| fail(e.to_string()))?;
    let result = (|| {
        let mut out = BufWriter::with_capacity(1 << 20, &file);
        fill(&mut out)?;
        out.into_inner().map_err(|e| e.error().to_string())?;
        file.sync_all().map_err(|e| e.to_string())?;
        match replace {
            Replace::Yes => std::fs::rename(&tmp, target).map_err(|e| e.to_string()),
            // link() never replaces and never follows a symlink at the target.
            Replace::No => std::fs::hard_link(&tmp, target).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    "it exists; pass overwrite=True to replace it".to_string()
                } else {
                    e.to_string()
                }
            }),
        }
    })();
    if result.is_err() || replace == Replace::No {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

/// The one link type a pcap file of these packets has.
fn pcap_link_type(pkts: &[Item]) -> Result<u16, String> {
    let mut lts: Vec<u16> = pkts.iter().map(|(c, i)| c.linktype(*i)).collect();
    lts.sort_unstable();
    lts.dedup();
    if lts.len() > 1 {
        return Err(format!(
            "these packets have {} link types ({}), which one pcap file cannot hold; write a .pcapng file instead",
            lts.len(),
            lts.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    Ok(*lts.first().unwrap_or(&1))
}

/// Refuses times a format cannot hold, rather than wrapping them: pcap keeps unsigned
/// 32-bit seconds (up to 2106), pcapng unsigned 64-bit nanoseconds (up to 2554).
fn check_times(pkts: &[Item], ng: bool) -> Result<(), String> {
    let max: i64 = if ng {
        (u64::MAX / 1_000_000_000) as i64
    } else {
        u32::MAX as i64
    };
    for (n, &(c, i)) in pkts.iter().enumerate() {
        let (secs, _) = c.timestamp(i).secs_nanos();
        if secs < 0 || secs >= max {
            let hint = if ng {
                ""
            } else {
                "; a .pcapng file holds times up to the year 2554"
            };
            return Err(format!(
                "packet {n} has the time {}, which a {} file cannot hold{hint}",
                c.timestamp(i),
                if ng { "pcapng" } else { "pcap" }
            ));
        }
    }
    Ok(())
}

/// A pcap of the packets, `new` bytes in place of a packet's own where given.
fn write_pcap<W: Write>(out: W, pkts: &[Item], new: &[Option<&[u8]>]) -> Result<(), String> {
    let linktype = pcap_link_type(pkts)?;
    let nanos = pkts
        .iter()
        .any(|(c, i)| c.interfaces[c.records[*i].iface()].digits > 6);
    // The snapshot length covers every record written, so that readers accept them all.
    let longest = (0..pkts.len())
        .map(|n| bytes_of(pkts, new, n).0.len() as u32)
        .max()
        .unwrap_or(0);
    let header = PcapHeader {
        version_major: 2,
        version_minor: 4,
        ts_correction: 0,
        ts_accuracy: 0,
        snaplen: longest.max(262144),
        datalink: DataLink::from(linktype as u32),
        ts_resolution: if nanos {
            TsResolution::NanoSecond
        } else {
            TsResolution::MicroSecond
        },
        endianness: Endianness::Little,
    };
    let mut w = PcapWriter::with_header(out, header).map_err(|e| e.to_string())?;
    for (n, &(c, i)) in pkts.iter().enumerate() {
        let (data, orig_len) = bytes_of(pkts, new, n);
        let (secs, ns) = c.timestamp(i).secs_nanos();
        let raw = RawPcapPacket {
            ts_sec: secs as u32,
            ts_frac: if nanos { ns } else { ns / 1000 },
            incl_len: data.len() as u32,
            orig_len,
            data: Cow::Borrowed(data),
        };
        w.write_raw_packet(&raw).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A pcapng of the packets, `new` bytes in place of a packet's own where given. Times
/// are in nanoseconds, or with `keep` at each packet's own resolution (one interface per
/// link type and resolution).
fn write_ng<W: Write>(
    out: W,
    pkts: &[Item],
    new: &[Option<&[u8]>],
    keep: bool,
) -> Result<(), String> {
    let mut w = PcapNgWriter::new(out).map_err(|e| e.to_string())?;
    let mut ifaces: Vec<(u16, u8)> = Vec::new();
    for (n, &(c, i)) in pkts.iter().enumerate() {
        let lt = c.linktype(i);
        let own = c.interfaces[c.records[i].iface()].digits;
        let digits = if keep { own.min(9) } else { 9 };
        let id = match ifaces.iter().position(|&x| x == (lt, digits)) {
            Some(i) => i,
            None => {
                let idb = InterfaceDescriptionBlock {
                    linktype: DataLink::from(lt as u32),
                    snaplen: 0,
                    options: vec![InterfaceDescriptionOption::IfTsResol(digits)],
                };
                w.write_pcapng_block(idb).map_err(|e| e.to_string())?;
                ifaces.push((lt, digits));
                ifaces.len() - 1
            }
        };
        let timestamp = if keep {
            // The writer stores a Duration's nanoseconds as the ticks: give it the ticks
            // at this interface's resolution, so that the time reads back to the digit.
            let ticks = c.records[i].ticks;
            Duration::from_nanos(if own <= 9 {
                ticks
            } else {
                ticks / 10u64.pow(own as u32 - 9)
            })
        } else {
            let (secs, ns) = c.timestamp(i).secs_nanos();
            Duration::new(secs.max(0) as u64, ns)
        };
        let (data, original_len) = bytes_of(pkts, new, n);
        let epb = EnhancedPacketBlock {
            interface_id: id as u32,
            timestamp,
            original_len,
            data: Cow::Borrowed(data),
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
/// unless asked. `progress` hears of each file written and may stop the work (Ctrl-C)
/// with an error. Returns the number of files written.
pub fn write_groups(
    cap: &Capture,
    groups: &[(String, &[u32])],
    dir: &std::path::Path,
    overwrite: bool,
    progress: &mut dyn FnMut(usize, usize) -> Result<(), String>,
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
        // A symlink, even a dangling one, counts as taken: nothing is written through it.
        if let Some(p) = names.iter().find(|p| std::fs::symlink_metadata(p).is_ok()) {
            return Err(format!(
                "cannot write {}: it exists; pass overwrite=True to replace it",
                p.display()
            ));
        }
    }
    let replace = if overwrite { Replace::Yes } else { Replace::No };
    for (i, ((_, pk), path)) in groups.iter().zip(&names).enumerate() {
        let items: Vec<Item> = pk.iter().map(|&p| (cap, p as usize)).collect();
        write_to(path, &items, replace)?;
        progress(i + 1, groups.len())?;
    }
    Ok(groups.len())
}

/// A capture in memory made of packets of other captures, `new` bytes in place of a
/// packet's own where given (Scapy's `defragment`): each keeps its link type and its time
/// to the digit. One link type at microseconds or nanoseconds makes a pcap, read back as
/// Scapy reads one; anything else a pcapng at each interface's resolution.
pub fn derived(name: &str, pkts: &[Item], new: &[Option<&[u8]>]) -> Result<Capture, String> {
    let ifc = |&(c, i): &Item| {
        let f = &c.interfaces[c.records[i].iface()];
        (c.linktype(i), f.digits, f.offset_secs)
    };
    let first = pkts.first().map(ifc);
    let pcap = first.is_some_and(|(_, digits, offset)| {
        matches!(digits, 6 | 9) && offset == 0 && pkts.iter().all(|p| Some(ifc(p)) == first)
    });
    let mut out = Vec::new();
    if pcap {
        write_pcap(&mut out, pkts, new)?;
    } else {
        write_ng(&mut out, pkts, new, true)?;
    }
    Capture::from_bytes(name, out)
}
