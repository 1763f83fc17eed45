//! A capture file truncated by another program while it is mapped (log rotation) would
//! kill the shell with SIGBUS on the next access. This guard catches that fault: the pages
//! past the file's new end are replaced by zero pages, the capture is marked as shrunk,
//! and the access goes on (reading zeros) so that the shell can say what happened.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

const SLOTS: usize = 256;

struct Slot {
    start: AtomicUsize,
    len: AtomicUsize,
    shrunk: AtomicBool,
    reported: AtomicBool,
}

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY: Slot = Slot {
    start: AtomicUsize::new(0),
    len: AtomicUsize::new(0),
    shrunk: AtomicBool::new(false),
    reported: AtomicBool::new(false),
};
static MAPS: [Slot; SLOTS] = [EMPTY; SLOTS];
static PAGE: AtomicUsize = AtomicUsize::new(4096);
/// The file each slot maps, for the message (never touched by the signal handler).
static NAMES: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());

/// A mapping watched for truncation; unwatched when dropped.
pub struct Watch(Option<usize>);

impl Watch {
    /// Watches `len` bytes mapped at `start` from the file `name`. Past 256 watched maps
    /// at once, a map is not watched (it still works; a truncation would then fault).
    pub fn new(start: *const u8, len: usize, name: &str) -> Watch {
        install();
        for (i, s) in MAPS.iter().enumerate() {
            if s.start
                .compare_exchange(0, start as usize, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
            {
                s.shrunk.store(false, Ordering::Relaxed);
                s.reported.store(false, Ordering::Relaxed);
                s.len.store(len, Ordering::Release);
                if let Ok(mut n) = NAMES.lock() {
                    n.push((i, name.to_string()));
                }
                return Watch(Some(i));
            }
        }
        Watch(None)
    }

    /// Whether the file was found shorter than its map.
    pub fn shrunk(&self) -> bool {
        self.0
            .is_some_and(|i| MAPS[i].shrunk.load(Ordering::Relaxed))
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(i) = self.0 {
            MAPS[i].len.store(0, Ordering::Release);
            MAPS[i].start.store(0, Ordering::Release);
            if let Ok(mut n) = NAMES.lock() {
                n.retain(|(s, _)| *s != i);
            }
        }
    }
}

/// The files found shrunk and not yet reported, each named once.
pub fn take_shrunk() -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(n) = NAMES.lock() {
        for (i, name) in n.iter() {
            let slot = &MAPS[*i];
            if slot.shrunk.load(Ordering::Relaxed) && !slot.reported.swap(true, Ordering::Relaxed) {
                out.push(name.clone());
            }
        }
    }
    out
}

fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: sysconf and sigaction are called with valid arguments; the handler only
        // reads atomics and calls mmap, and chains to the default action otherwise.
        unsafe {
            let page = libc::sysconf(libc::_SC_PAGESIZE);
            if page > 0 {
                PAGE.store(page as usize, Ordering::Relaxed);
            }
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_sigbus as *const () as usize;
            sa.sa_flags = libc::SA_SIGINFO;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(libc::SIGBUS, &sa, std::ptr::null_mut());
        }
    });
}

extern "C" fn on_sigbus(_sig: i32, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers.
    let addr = unsafe { (*info).si_addr() } as usize;
    let page = PAGE.load(Ordering::Relaxed);
    for s in MAPS.iter() {
        let start = s.start.load(Ordering::Acquire);
        let len = s.len.load(Ordering::Acquire);
        if start != 0 && addr >= start && addr < start + len {
            let from = addr & !(page - 1);
            let end = (start + len).div_ceil(page) * page;
            // SAFETY: [from, end) lies inside a read-only map this process owns; zero pages
            // replace the part the file no longer backs.
            let r = unsafe {
                libc::mmap(
                    from as *mut libc::c_void,
                    end - from,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                    -1,
                    0,
                )
            };
            if r != libc::MAP_FAILED {
                s.shrunk.store(true, Ordering::Relaxed);
                return;
            }
        }
    }
    // Not a watched map: the default action, as without this handler.
    // SAFETY: restoring the default disposition; the fault repeats and ends the process.
    unsafe {
        libc::signal(libc::SIGBUS, libc::SIG_DFL);
    }
}
