//! Capture files (pcap, pcapng, gzip): the reader, then every view of every packet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pcapsh::capture::Capture;

fuzz_target!(|data: &[u8]| {
    if let Ok(cap) = Capture::from_bytes("fuzz", data.to_vec()) {
        for i in 0..cap.len() {
            views(cap.linktype(i), cap.packet(i));
        }
        let _ = pcapsh::session::sessions(&cap, None);
    }
});

fn views(lt: u16, data: &[u8]) {
    use pcapsh::dissect::{dissect, dissect_extended, show, summary};
    let p = dissect(lt, data);
    let _ = summary(&p);
    let _ = show::show(&p, 0);
    let _ = pcapsh::session::key_of(lt, data).to_string();
    let x = dissect_extended(lt, data);
    for i in 0..x.layers().len() {
        let _ = x.fields(i);
    }
}
