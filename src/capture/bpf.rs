//! pcap-filter expressions (`tcp port 80`, `host 10.0.0.1 and not arp`), compiled and run
//! by libpcap itself, so that a filter selects exactly the packets `tcpdump -r FILE EXPR`
//! selects, on every link type. libpcap is loaded when a filter is first used (it comes
//! with tcpdump; Scapy needs tcpdump for the same job); without it, filtering is a clear
//! error, never "everything".

use std::ffi::{c_char, c_int, c_uint, c_void, CStr, CString};
use std::sync::OnceLock;

#[repr(C)]
struct BpfProgram {
    len: c_uint,
    insns: *mut c_void,
}

#[repr(C)]
struct PktHdr {
    sec: i64,
    usec: i64,
    caplen: u32,
    len: u32,
}

struct Lib {
    _lib: libloading::Library,
    open_offline: unsafe extern "C" fn(*const c_char, *mut c_char) -> *mut c_void,
    compile: unsafe extern "C" fn(*mut c_void, *mut BpfProgram, *const c_char, c_int, u32) -> c_int,
    offline_filter: unsafe extern "C" fn(*const BpfProgram, *const PktHdr, *const u8) -> c_int,
    geterr: unsafe extern "C" fn(*mut c_void) -> *const c_char,
    freecode: unsafe extern "C" fn(*mut BpfProgram),
    close: unsafe extern "C" fn(*mut c_void),
}

const NAMES: [&str; 4] = [
    "libpcap.so.1",
    "libpcap.so.0.8",
    "libpcap.so",
    "libpcap.dylib",
];

fn lib() -> Result<&'static Lib, String> {
    static LIB: OnceLock<Result<Lib, String>> = OnceLock::new();
    LIB.get_or_init(|| {
        // SAFETY: loading libpcap runs no initialisation code with requirements, and each
        // symbol is looked up with the C signature libpcap documents (pcap(3PCAP)).
        unsafe {
            let lib = NAMES
                .iter()
                .find_map(|n| libloading::Library::new(n).ok())
                .ok_or_else(|| {
                    "filter expressions need libpcap, which tcpdump installs \
                     (apt-get install tcpdump, or libpcap0.8)"
                        .to_string()
                })?;
            // Each symbol is copied out as the plain function pointer of its C type.
            macro_rules! sym {
                ($name:literal) => {
                    *lib.get($name)
                        .map_err(|e| format!("libpcap lacks a function pcapsh needs: {e}"))?
                };
            }
            Ok(Lib {
                open_offline: sym!(b"pcap_open_offline\0"),
                compile: sym!(b"pcap_compile\0"),
                offline_filter: sym!(b"pcap_offline_filter\0"),
                geterr: sym!(b"pcap_geterr\0"),
                freecode: sym!(b"pcap_freecode\0"),
                close: sym!(b"pcap_close\0"),
                _lib: lib,
            })
        }
    })
    .as_ref()
    .map_err(|e| e.clone())
}

/// A compiled filter for one link type.
pub struct Filter {
    lib: &'static Lib,
    prog: BpfProgram,
}

impl Filter {
    /// Compiles `expr` for packets of `linktype` from a file of that byte order, as
    /// `tcpdump -r` does (optimised, netmask 0). libpcap compiles some filters differently
    /// for files (a BSD loopback's address families, a byte-swapped file's fields), so
    /// the program is compiled against a header-only capture file of the same kind.
    /// The error is libpcap's message.
    pub fn new(expr: &str, linktype: u16, big_endian: bool) -> Result<Filter, String> {
        let lib = lib()?;
        let c = CString::new(expr).map_err(|_| "a filter cannot contain a NUL byte".to_string())?;
        // magic, version 2.4, thiszone, sigfigs, snaplen, link type: in the file's order.
        let w32 = |x: u32| {
            if big_endian {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            }
        };
        let w16 = |x: u16| {
            if big_endian {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            }
        };
        let mut header = Vec::with_capacity(24);
        header.extend(w32(0xa1b2_c3d4));
        header.extend(w16(2));
        header.extend(w16(4));
        header.extend(w32(0));
        header.extend(w32(0));
        header.extend(w32(262_144));
        header.extend(w32(linktype as u32));
        let path = temp_header(&header)?;
        let cpath = CString::new(path.to_string_lossy().as_bytes())
            .map_err(|_| "temporary path with a NUL byte".to_string())?;
        let mut prog = BpfProgram {
            len: 0,
            insns: std::ptr::null_mut(),
        };
        let mut errbuf = [0 as c_char; 512];
        // SAFETY: the handle reads only the header file, is used for compiling and closed
        // below; `prog` is written by pcap_compile and freed by Drop only on success.
        let r = unsafe {
            let p = (lib.open_offline)(cpath.as_ptr(), errbuf.as_mut_ptr());
            if p.is_null() {
                let _ = std::fs::remove_file(&path);
                let m = CStr::from_ptr(errbuf.as_ptr())
                    .to_string_lossy()
                    .into_owned();
                return Err(format!("libpcap cannot take link type {linktype}: {m}"));
            }
            let r = (lib.compile)(p, &mut prog, c.as_ptr(), 1, 0);
            let msg = (r != 0).then(|| {
                CStr::from_ptr((lib.geterr)(p))
                    .to_string_lossy()
                    .into_owned()
            });
            (lib.close)(p);
            msg
        };
        let _ = std::fs::remove_file(&path);
        match r {
            Some(m) => Err(m),
            None => Ok(Filter { lib, prog }),
        }
    }

    /// Whether a packet (its captured bytes and length on the wire) passes.
    pub fn matches(&self, data: &[u8], wirelen: u32) -> bool {
        let hdr = PktHdr {
            sec: 0,
            usec: 0,
            caplen: data.len() as u32,
            len: wirelen.max(data.len() as u32),
        };
        // SAFETY: the program is valid while self lives; libpcap reads at most caplen
        // bytes of `data`.
        unsafe { (self.lib.offline_filter)(&self.prog, &hdr, data.as_ptr()) != 0 }
    }
}

impl Drop for Filter {
    fn drop(&mut self) {
        // SAFETY: the program was made by pcap_compile and is freed once.
        unsafe { (self.lib.freecode)(&mut self.prog) }
    }
}

/// Writes a capture file header to a new private temporary file; returns its path.
fn temp_header(header: &[u8]) -> Result<std::path::PathBuf, String> {
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir();
    for _ in 0..100 {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("pcapsh-bpf-{}-{n}.pcap", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(header)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("cannot write {}: {e}", path.display())),
        }
    }
    Err("cannot make a temporary file for the filter".into())
}

/// Whether the file that holds packet `i` is big-endian (its first section's byte order).
fn big_endian(cap: &super::Capture, i: usize) -> bool {
    let d = cap.file_of(i).data();
    match d.get(..4) {
        Some([0xa1, 0xb2, 0xc3, 0xd4]) | Some([0xa1, 0xb2, 0x3c, 0x4d]) => true,
        Some([0x0a, 0x0d, 0x0d, 0x0a]) => d.get(8..12) == Some(&[0x1a, 0x2b, 0x3c, 0x4d]),
        _ => false,
    }
}

/// Selects the packets of a capture that pass a filter: their indices among `indices`.
/// Compiled once a link type and byte order (a pcapng file may have several link types,
/// merged files several byte orders).
pub fn select(
    cap: &super::Capture,
    indices: impl Iterator<Item = usize>,
    expr: &str,
) -> Result<Vec<usize>, String> {
    let mut filters: Vec<((u16, bool), Filter)> = Vec::new();
    let mut keep = Vec::new();
    for i in indices {
        let lt = (cap.linktype(i), big_endian(cap, i));
        let f = match filters.iter().position(|(l, _)| *l == lt) {
            Some(k) => &filters[k].1,
            None => {
                filters.push((lt, Filter::new(expr, lt.0, lt.1)?));
                &filters.last().expect("just pushed").1
            }
        };
        if f.matches(cap.packet(i), cap.records[i].origlen) {
            keep.push(i);
        }
    }
    Ok(keep)
}
