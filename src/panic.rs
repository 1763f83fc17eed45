//! Defence in depth: a panic that still slips through becomes an error the shell reports,
//! and the shell goes on with its variables intact.
//!
//! The hook records where the panic happened instead of printing Rust's message; the
//! places that catch it (each statement, the command line as a whole) turn the record
//! into an internal error that says what to report. `PCAPSH_BACKTRACE=1` prints Rust's
//! own message and backtrace as well.

use std::cell::RefCell;
use std::sync::Once;

thread_local! {
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the hook once per process.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let what = payload_text(info.payload());
            let place = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST.with(|l| *l.borrow_mut() = Some(format!("{what}{place}")));
            if std::env::var_os("PCAPSH_BACKTRACE").is_some_and(|v| v != "0") {
                default(info);
            }
        }));
    });
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// What the last panic on this thread said and where (taken, once), else its payload.
fn take_last(payload: &(dyn std::any::Any + Send)) -> String {
    LAST.with(|l| l.borrow_mut().take())
        .unwrap_or_else(|| payload_text(payload))
}

/// The text of an internal error: what happened and what to report.
pub fn message(payload: &(dyn std::any::Any + Send)) -> String {
    format!(
        "internal error in pcapsh {}: {}. This is a bug: please report it with the command \
         that caused it (and the capture, if you can share it). Your variables are kept.",
        env!("CARGO_PKG_VERSION"),
        take_last(payload)
    )
}
