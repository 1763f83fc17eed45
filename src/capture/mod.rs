//! Reading capture files: the bytes (memory-mapped, or inflated for gzip) and a compact
//! index of their records, built in one pass. Packet bytes are never copied at load.

pub mod bpf;
pub mod guard;
pub mod merge;
mod pcap;
mod pcapng;
pub mod source;
pub mod write;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use source::Bytes;

use crate::time::Timestamp;

/// Records larger than this are taken as corruption (libpcap's and Wireshark's bound).
pub const MAX_RECORD: u32 = 256 * 1024;

/// One packet record: where its bytes are, when, how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    /// Byte offset of the packet data in the (inflated) file in the low 48 bits, the
    /// index into [`Capture::interfaces`] in the high 16: 24 bytes a record in all. The
    /// interface says which of the capture's files holds the bytes.
    pos: u64,
    /// Timestamp in units of 10^-digits seconds of its interface.
    pub ticks: u64,
    pub caplen: u32,
    pub origlen: u32,
}

impl Record {
    pub fn new(offset: u64, iface: u16, ticks: u64, caplen: u32, origlen: u32) -> Record {
        Record {
            pos: offset | (iface as u64) << 48,
            ticks,
            caplen,
            origlen,
        }
    }
    pub fn offset(&self) -> u64 {
        self.pos & ((1 << 48) - 1)
    }
    pub fn iface(&self) -> usize {
        (self.pos >> 48) as usize
    }
}

/// An interface (pcapng IDB, or the single implicit one of a pcap file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    pub linktype: u16,
    /// Decimal digits of the timestamp fraction: ticks are 10^-digits seconds.
    pub digits: u8,
    /// Seconds added to every timestamp (pcapng `if_tsoffset`).
    pub offset_secs: i64,
    pub snaplen: u32,
    pub name: Option<String>,
    /// For a binary resolution (pcapng `if_tsresol` with the top bit set), the n of 2^-n;
    /// such ticks are converted to nanoseconds when indexed. 0 for decimal resolutions.
    pub binary_bits: u8,
    /// Which of [`Capture::files`] the interface's records are in.
    pub file: u16,
}

impl Default for Interface {
    fn default() -> Self {
        Interface {
            linktype: 1,
            digits: 6,
            offset_secs: 0,
            snaplen: 0,
            name: None,
            binary_bits: 0,
            file: 0,
        }
    }
}

impl Interface {
    /// Converts raw ticks from the file into ticks of 10^-digits seconds.
    pub(crate) fn scale_ticks(&self, raw: u64) -> u64 {
        if self.binary_bits == 0 {
            raw
        } else {
            ((raw as u128 * 1_000_000_000) >> self.binary_bits) as u64
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pcap { big_endian: bool, nanos: bool },
    PcapNg,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Format::Pcap { big_endian, nanos } => write!(
                f,
                "pcap ({}, {})",
                if *big_endian {
                    "big-endian"
                } else {
                    "little-endian"
                },
                if *nanos {
                    "nanoseconds"
                } else {
                    "microseconds"
                }
            ),
            Format::PcapNg => write!(f, "pcapng"),
        }
    }
}

/// One file of a capture: its bytes (mapped, or inflated) and how they were read.
pub struct File {
    pub path: PathBuf,
    pub format: Format,
    pub gzip: bool,
    /// Dropped before the bytes it watches.
    watch: Option<guard::Watch>,
    bytes: Bytes,
}

impl File {
    pub fn data(&self) -> &[u8] {
        self.bytes.data()
    }
}

/// A loaded capture: one file, or several merged in time order (`rdpcap([...])`). Cheap
/// to share: packet lists hold an `Arc<Capture>` and indices.
pub struct Capture {
    /// The file's path (the first file's for several).
    pub path: PathBuf,
    /// The name Scapy gives the list: the file's base name.
    pub name: String,
    /// The files the records are in; one for a capture read from one file.
    pub files: Vec<File>,
    pub records: Vec<Record>,
    pub interfaces: Vec<Interface>,
    /// Problems met while indexing; the records before them are kept.
    pub warnings: Vec<String>,
    /// The optional layers (`load_layer`) loaded when the capture was read: Scapy
    /// dissects at read time, so a layer loaded later does not change these packets.
    pub layers: u8,
}

/// Why a file could not be loaded at all.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for LoadError {}

/// What a parser found: records, interfaces, and the problem that stopped it, if any.
pub(crate) struct Index {
    pub format: Format,
    pub records: Vec<Record>,
    pub interfaces: Vec<Interface>,
    pub warnings: Vec<String>,
}

impl Capture {
    pub fn open(path: impl AsRef<Path>) -> Result<Arc<Capture>, LoadError> {
        Capture::open_with(path, &AtomicBool::new(false))
    }

    /// Opens a capture; `cancel` (Ctrl-C) stops waiting on a pipe or FIFO.
    pub fn open_with(
        path: impl AsRef<Path>,
        cancel: &AtomicBool,
    ) -> Result<Arc<Capture>, LoadError> {
        Capture::open_one(path.as_ref(), cancel).map(Arc::new)
    }

    /// Opens one capture file.
    pub fn open_one(path: &Path, cancel: &AtomicBool) -> Result<Capture, LoadError> {
        let err = |message: String| LoadError {
            path: path.to_path_buf(),
            message,
        };
        let src = source::open(path, cancel).map_err(err)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Capture::assemble(path, name, src).map_err(err)
    }

    /// Whether another program truncated the file since it was loaded (its missing
    /// bytes read as zeros).
    pub fn shrunk(&self) -> bool {
        self.files
            .iter()
            .any(|f| f.watch.as_ref().is_some_and(|w| w.shrunk()))
    }

    /// A capture from bytes read from a pipe or FIFO named `path` (gzip inflated).
    pub fn from_stream_bytes(path: &str, data: Vec<u8>) -> Result<Arc<Capture>, LoadError> {
        let name = Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_string());
        source::from_bytes(data)
            .and_then(|src| Capture::assemble(Path::new(path), name, src))
            .map(Arc::new)
            .map_err(|message| LoadError {
                path: PathBuf::from(path),
                message,
            })
    }

    /// A capture over bytes already in memory (tests, fuzzing); gzip is inflated.
    pub fn from_bytes(name: &str, data: Vec<u8>) -> Result<Capture, String> {
        let src = source::from_bytes(data)?;
        Capture::assemble(Path::new(name), name.to_string(), src)
    }

    /// Indexes a source's bytes; a problem met while reading them joins the warnings.
    fn assemble(path: &Path, name: String, src: source::Source) -> Result<Capture, String> {
        let mut index = index_bytes(src.bytes.data())?;
        index.warnings.extend(src.warning);
        Ok(Capture {
            path: path.to_path_buf(),
            name,
            files: vec![File {
                path: path.to_path_buf(),
                format: index.format,
                gzip: src.gzip,
                watch: src.watch,
                bytes: src.bytes,
            }],
            records: index.records,
            interfaces: index.interfaces,
            warnings: index.warnings,
            layers: crate::dissect::bind::loaded(),
        })
    }

    /// The file that holds packet `i`.
    #[inline]
    pub fn file_of(&self, i: usize) -> &File {
        if self.files.len() == 1 {
            &self.files[0]
        } else {
            &self.files[self.interfaces[self.records[i].iface()].file as usize]
        }
    }

    /// The format of the (first) file: pcap or pcapng.
    pub fn format(&self) -> Format {
        self.files[0].format
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The captured bytes of packet `i`.
    pub fn packet(&self, i: usize) -> &[u8] {
        let r = &self.records[i];
        let start = r.offset() as usize;
        &self.file_of(i).data()[start..start + r.caplen as usize]
    }

    /// The address of packet `i`'s first byte (for prefetching).
    pub fn packet_start(&self, i: usize) -> *const u8 {
        self.file_of(i)
            .data()
            .as_ptr()
            .wrapping_add(self.records[i].offset() as usize)
    }

    pub fn linktype(&self, i: usize) -> u16 {
        self.interfaces[self.records[i].iface()].linktype
    }

    /// `p.time` as Scapy 2.8.0 computes it: pcap adds whole microseconds or nanoseconds
    /// (a fixed number of decimals); pcapng divides ticks by the resolution, an exact
    /// `Decimal` quotient without trailing zeros.
    pub fn py_time(&self, i: usize) -> Timestamp {
        let t = self.timestamp(i);
        match self.file_of(i).format {
            Format::PcapNg => t.reduced(),
            Format::Pcap { .. } => t,
        }
    }

    pub fn timestamp(&self, i: usize) -> Timestamp {
        let r = &self.records[i];
        let ifc = &self.interfaces[r.iface()];
        Timestamp::from_ticks(r.ticks, ifc.digits, ifc.offset_secs)
    }
}

/// Sniffs the format by its magic number and indexes the records.
pub(crate) fn index_bytes(data: &[u8]) -> Result<Index, String> {
    if data.is_empty() {
        return Err("the file is empty, not a pcap or pcapng capture".into());
    }
    if data.len() >= 4 {
        let m = [data[0], data[1], data[2], data[3]];
        if m == [0x0a, 0x0d, 0x0d, 0x0a] {
            return pcapng::index(data);
        }
        if let Some((be, nanos)) = pcap::magic(m) {
            return pcap::index(data, be, nanos);
        }
    }
    Err(format!(
        "not a pcap or pcapng capture: it starts with {}",
        describe_start(data)
    ))
}

/// Names what the first bytes of a non-capture look like, for the error message.
pub(crate) fn describe_start(data: &[u8]) -> String {
    let head = &data[..data.len().min(8)];
    let hex: Vec<String> = head.iter().map(|b| format!("{b:02x}")).collect();
    let kind = if data.starts_with(b"%PDF") {
        " (a PDF document)"
    } else if data.starts_with(b"PK\x03\x04") {
        " (a zip archive)"
    } else if data.starts_with(b"\x7fELF") {
        " (an ELF executable)"
    } else if data.starts_with(&[0x89, b'P', b'N', b'G']) {
        " (a PNG image)"
    } else if data.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        " (zstd-compressed data, not supported: decompress it first)"
    } else if data.starts_with(b"BZh") {
        " (bzip2-compressed data, not supported: decompress it first)"
    } else if data.starts_with(&[0xfd, b'7', b'z', b'X', b'Z']) {
        " (xz-compressed data, not supported: decompress it first)"
    } else if head
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
    {
        " (text)"
    } else {
        ""
    };
    let text: String = head
        .iter()
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '.'
            }
        })
        .collect();
    format!("{} \"{}\"{}", hex.join(" "), text, kind)
}

/// Little helpers to read integers in the file's byte order without panicking.
#[derive(Clone, Copy)]
pub(crate) struct Endian(pub bool);

impl Endian {
    pub fn u16(self, d: &[u8], at: usize) -> Option<u16> {
        let b: [u8; 2] = d.get(at..at + 2)?.try_into().ok()?;
        Some(if self.0 {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    }
    pub fn u32(self, d: &[u8], at: usize) -> Option<u32> {
        let b: [u8; 4] = d.get(at..at + 4)?.try_into().ok()?;
        Some(if self.0 {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    }
    pub fn u64(self, d: &[u8], at: usize) -> Option<u64> {
        let b: [u8; 8] = d.get(at..at + 8)?.try_into().ok()?;
        Some(if self.0 {
            u64::from_be_bytes(b)
        } else {
            u64::from_le_bytes(b)
        })
    }
}
