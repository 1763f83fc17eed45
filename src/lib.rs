//! pcapsh: an interactive shell for exploring packet captures, Scapy-compatible.
//!
//! Data flows one way: `capture` (mmap + record index) -> `dissect` (layers, lazily) ->
//! `session` (keys, grouping) -> `render` (tables, text, JSON, Parquet). The language in
//! `lang` drives them; `repl` is the interactive front end, `export` the batch one.

pub mod build;
pub mod capture;
pub mod cli;
pub mod dissect;
pub mod domain;
pub mod export;
pub mod lang;
pub mod panic;
pub mod pyfmt;
pub mod render;
pub mod repl;
pub mod session;
pub mod time;
