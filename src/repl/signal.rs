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

extern "C" {
    fn signal(sig: i32, handler: extern "C" fn(i32)) -> usize;
}

pub fn install(flag: Arc<AtomicBool>) {
    let _ = FLAG.set(flag);
    const SIGINT: i32 = 2;
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        signal(SIGINT, on_sigint);
    }
}
