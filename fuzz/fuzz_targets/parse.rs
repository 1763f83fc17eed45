//! The language's lexer and parser on any text: errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let _ = pcapsh::lang::parser::parse(src);
        let _ = pcapsh::lang::parser::is_incomplete(src);
    }
});
