//! Ctrl-C while a command runs sets the flag the evaluator checks between statements and
//! inside long loops; at the prompt, rustyline reads Ctrl-C as a key instead.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();

extern "C" fn on_sigint(_: i32) {
    if let Some(f) = FLAG.get() {
        f.store(true, Ordering::Relaxed);
    }
}

/// Sets the flag on Ctrl-C. Without SA_RESTART, so that a line being read on a dumb
/// terminal is interrupted too (the prompt then shows KeyboardInterrupt).
pub fn install(flag: Arc<AtomicBool>) {
    let _ = FLAG.set(flag);
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_sigint as *const () as usize;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGINT, &sa, std::ptr::null_mut());
    }
}
