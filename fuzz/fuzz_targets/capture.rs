//! Capture files (pcap, pcapng, gzip): the reader, then every view of every packet,
//! sessions, conversations, and each TCP/UDP conversation followed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pcapsh::capture::Capture;

fuzz_target!(|data: &[u8]| {
    if let Ok(cap) = Capture::from_bytes("fuzz", data.to_vec()) {
        for i in 0..cap.len() {
            views(cap.linktype(i), cap.packet(i));
        }
        let _ = pcapsh::session::sessions(&cap, None);
        // Conversations, and each TCP/UDP one followed both ways.
        use pcapsh::session::conv::{conversations, Kind};
        use pcapsh::session::follow::{follow, payload};
        for c in conversations(&cap, None, None) {
            if matches!(c.kind, Kind::Tcp | Kind::Udp) {
                let chunks = follow(&cap, &c);
                let _ = payload(&chunks, true);
                let _ = payload(&chunks, false);
            }
        }
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
