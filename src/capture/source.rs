//! Where a capture's bytes come from: a regular file is mapped (and watched for
//! truncation), a pipe, FIFO or device is read as a stream, and gzip is inflated into an
//! unlinked temporary file that is then mapped, so that memory stays bounded.

use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use memmap2::Mmap;

use super::guard::Watch;

/// A capture's bytes: mapped from the file, or read into memory.
pub(super) enum Bytes {
    Mapped(Mmap),
    Owned(Vec<u8>),
}

impl Bytes {
    pub(super) fn data(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// Inflated gzip above this size must stay within [`MAX_RATIO`] times the compressed size.
const RATIO_FLOOR: u64 = 256 << 20;
/// Real captures inflate 2 to 20 times; a gzip bomb a thousand.
const MAX_RATIO: u64 = 200;

/// What `open` found: the bytes, whether they were gzip, a watch on the map, and any
/// problem met while reading that still left bytes to index.
pub(super) struct Source {
    pub bytes: Bytes,
    pub gzip: bool,
    pub watch: Option<Watch>,
    pub warning: Option<String>,
}

/// Opens `path` for reading without blocking on a FIFO that has no writer yet; `cancel`
/// (Ctrl-C) stops waiting on a stream.
pub(super) fn open(path: &Path, cancel: &AtomicBool) -> Result<Source, String> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| io_message(&e))?;
    let meta = file.metadata().map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err("is a directory, not a capture file".into());
    }
    let (bytes, watch, warning) = if !meta.is_file() {
        let (data, warning) = read_stream(&file, cancel)?;
        (Bytes::Owned(data), None, warning)
    } else if meta.len() == 0 {
        (Bytes::Owned(Vec::new()), None, None)
    } else {
        // SAFETY: the map is read-only. A file truncated under us would fault: the watch
        // turns that fault into zero pages and a warning instead of the end of the shell.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| io_message(&e))?;
        let watch = Watch::new(map.as_ptr(), map.len(), &path.display().to_string());
        (Bytes::Mapped(map), Some(watch), None)
    };
    finish(bytes, watch, warning)
}

/// A source from its bytes: gzip is inflated (and no longer needs the watch on its map).
fn finish(bytes: Bytes, watch: Option<Watch>, warning: Option<String>) -> Result<Source, String> {
    if !bytes.data().starts_with(&[0x1f, 0x8b]) {
        return Ok(Source {
            bytes,
            gzip: false,
            watch,
            warning,
        });
    }
    let (inflated, gz_warning) = inflate(bytes.data())?;
    Ok(Source {
        bytes: inflated,
        gzip: true,
        watch: None,
        warning: warning.or(gz_warning),
    })
}

/// Bytes already read (from a pipe), gzip inflated.
pub(super) fn from_bytes(data: Vec<u8>) -> Result<Source, String> {
    finish(Bytes::Owned(data), None, None)
}

/// Reads a pipe, FIFO or device to its end. Stops early on bytes that cannot begin a
/// capture (so `/dev/zero` is refused, not read forever), and on `cancel`, keeping what
/// arrived.
fn read_stream(file: &File, cancel: &AtomicBool) -> Result<(Vec<u8>, Option<String>), String> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut reader = file;
    loop {
        if cancel.load(Ordering::Relaxed) {
            if out.is_empty() {
                return Err("reading stopped by Ctrl-C before any data arrived".into());
            }
            let why = format!("reading stopped by Ctrl-C after {} bytes", out.len());
            return Ok((out, Some(why)));
        }
        let mut pfd = libc::pollfd {
            fd: file.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for an open descriptor.
        let ready = unsafe { libc::poll(&mut pfd, 1, 200) };
        if ready == 0 {
            continue;
        }
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if out.len() >= 4 && !looks_like_capture(&out) {
                    return Err(format!(
                        "not a pcap or pcapng capture: it starts with {}",
                        super::describe_start(&out)
                    ));
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted
                ) => {}
            Err(e) => return Err(io_message(&e)),
        }
    }
    Ok((out, None))
}

/// Whether bytes begin as a pcap, pcapng or gzip file does.
pub fn looks_like_capture(d: &[u8]) -> bool {
    d.len() >= 4
        && (matches!(
            [d[0], d[1], d[2], d[3]],
            [0xd4, 0xc3, 0xb2, 0xa1]
                | [0xa1, 0xb2, 0xc3, 0xd4]
                | [0x4d, 0x3c, 0xb2, 0xa1]
                | [0xa1, 0xb2, 0x3c, 0x4d]
                | [0x0a, 0x0d, 0x0d, 0x0a]
        ) || d[..2] == [0x1f, 0x8b])
}

/// Inflates gzip into an unlinked temporary file and maps it. A stream cut short or
/// corrupt keeps what inflated, with a warning; absurd ratios are refused.
fn inflate(compressed: &[u8]) -> Result<(Bytes, Option<String>), String> {
    static SERIAL: AtomicUsize = AtomicUsize::new(0);
    let tmp = std::env::temp_dir().join(format!(
        "pcapsh-{}-{}.inflated",
        std::process::id(),
        SERIAL.fetch_add(1, Ordering::Relaxed)
    ));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|e| format!("cannot make a temporary file to inflate into: {e}"))?;
    // Unlinked at once: the space returns when the capture is dropped, whatever happens.
    let _ = std::fs::remove_file(&tmp);
    let limit = RATIO_FLOOR.max(compressed.len() as u64 * MAX_RATIO);
    let mut dec = flate2::read::MultiGzDecoder::new(compressed);
    let mut out = std::io::BufWriter::with_capacity(1 << 20, &file);
    let mut buf = vec![0u8; 1 << 20];
    let mut total: u64 = 0;
    let mut warning = None;
    loop {
        match dec.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                total += n as u64;
                if total > limit {
                    return Err(format!(
                        "gzip data inflates to more than {} MiB, over {MAX_RATIO} times its \
                         size: refused as a likely gzip bomb (if it is a real capture, \
                         gunzip it first)",
                        limit >> 20
                    ));
                }
                out.write_all(&buf[..n])
                    .map_err(|e| format!("cannot write the inflated capture: {e}"))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                if total == 0 {
                    return Err(format!("gzip data is corrupt: {e}"));
                }
                warning = Some(format!(
                    "the gzip data is cut short or corrupt after {total} inflated bytes \
                     ({e}); the capture may end early"
                ));
                break;
            }
        }
    }
    out.flush()
        .map_err(|e| format!("cannot write the inflated capture: {e}"))?;
    drop(out);
    if total == 0 {
        return Ok((Bytes::Owned(Vec::new()), warning));
    }
    // SAFETY: the file is private to this process (created exclusively, then unlinked).
    let map = unsafe { Mmap::map(&file) }.map_err(|e| io_message(&e))?;
    Ok((Bytes::Mapped(map), warning))
}

pub(super) fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// True when `path` names something other than a regular file (a pipe, FIFO, device).
pub fn is_stream(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}
