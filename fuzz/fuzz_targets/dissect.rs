//! One packet under a link type: the dissector (with and without the optional layers,
//! chosen by the first byte's top bit), every layer's fields, show(), repr(), the summary
//! and the session key; the packets table's columns; the TLS server name and HTTP host
//! readers on the raw bytes; the packet taken apart into fields and built again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pcapsh::dissect::{bind, dissect_extended, dissect_with, show, summary};

const LINK_TYPES: [u16; 17] = [
    0, 1, 9, 12, 14, 50, 101, 105, 108, 113, 119, 127, 192, 228, 229, 276, 999,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, packet)) = data.split_first() else {
        return;
    };
    let lt = LINK_TYPES[pick as usize % LINK_TYPES.len()];
    let loaded = if pick & 0x80 != 0 { bind::HTTP | bind::TLS } else { 0 };
    let p = dissect_with(lt, packet, loaded);
    let _ = summary(&p);
    let _ = show::show(&p, 0);
    let _ = show::repr_from(&p, 0);
    let _ = pcapsh::session::key_of(lt, packet).to_string();
    pcapsh::render::tables::packets::fill_one(&p);
    let _ = pcapsh::dissect::layers::tls::client_hello_sni(packet);
    let _ = pcapsh::dissect::layers::http::request_host(packet);
    let _ = pcapsh::build::from_packet(&p).bytes();
    let x = dissect_extended(lt, packet);
    for i in 0..x.layers().len() {
        let _ = x.fields(i);
    }
});
