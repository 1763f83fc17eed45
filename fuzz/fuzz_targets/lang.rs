//! The language on any source text: parsed and run in the sandbox (no files, no standard
//! input, no waiting; a step budget ends endless loops), with a capture already loaded as
//! `a` so that packet, session and conversation methods run too, and no value past 64 KiB.
//! Errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pcapsh::capture::Capture;
use pcapsh::domain::PacketList;
use pcapsh::lang::{Interp, Options, Value};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

/// A capture of TCP, UDP, DNS, ICMP, ARP and IPv6 from the repository's samples.
static MIXED: &[u8] = include_bytes!("../../samples/mixed.pcap");

fn capture() -> Arc<Capture> {
    static CAP: OnceLock<Arc<Capture>> = OnceLock::new();
    CAP.get_or_init(|| Arc::new(Capture::from_bytes("mixed.pcap", MIXED.to_vec()).unwrap()))
        .clone()
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let opts = Options {
        json: false,
        color: false,
        width: Some(100),
    };
    // A value past 64 KiB is a MemoryError here: squaring a number again and again
    // (legitimate, and as slow in Python) would otherwise time out, and numbers of a
    // megabyte spent a third of the fuzzer's time in multiplication.
    pcapsh::lang::limit_value_bytes(1 << 16);
    let mut it = Interp::new(Box::new(std::io::sink()), Box::new(std::io::sink()), opts);
    it.echo = true;
    it.sandbox = true;
    it.budget.set(20_000);
    let list = PacketList::new(capture(), None, "mixed".into());
    it.globals.insert("a".into(), Value::Packets(Rc::new(list)));
    let _ = it.run(src);
});
