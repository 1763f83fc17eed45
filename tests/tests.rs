//! Integration tests: the real binary on real captures, compared with Scapy's own output.
//!
//! - `golden`: samples/ and ../shared/captures against tests/golden (made by Scapy 2.8.0).
//! - `bpf`: pcap-filter expressions against tcpdump.
//! - `build`: built packets against Scapy and tshark; read packets build to themselves.
//! - `broken`: damaged captures load what can be read, or fail with a clear error.
//! - `cli`: the command line, JSON output, errors.
//! - `conv`: conversations and followed streams, against tshark.
//! - `lang`: scripts Scapy users write, against Scapy's output.
//! - `layers`: the layer registry, show() and layer names, against Scapy.
//! - `fuzz`: mutated captures never panic.
//! - `shell`: the interactive shell through a pseudo-terminal.
//! - `robust`: what once crashed the shell or lost a file: limits, recursion, writes.
//! - `scripts`: real scripts with their arguments, against Python 3 + Scapy 2.8.0.
//! - `shape`: no source file over 800 lines, no function over 150.
//! - `tables`: several files as one list; Parquet tables read back by DuckDB, against
//!   pcapsh, tshark and mergecap.

#[path = "suite/common.rs"]
mod common;

#[path = "suite/bpf.rs"]
mod bpf;
#[path = "suite/broken.rs"]
mod broken;
#[path = "suite/build.rs"]
mod build;
#[path = "suite/cli.rs"]
mod cli;
#[path = "suite/conv.rs"]
mod conv;
#[path = "suite/fuzz.rs"]
mod fuzz;
#[path = "suite/golden.rs"]
mod golden;
#[path = "suite/lang.rs"]
mod lang;
#[path = "suite/layers.rs"]
mod layers;
#[path = "suite/robust.rs"]
mod robust;
#[path = "suite/scripts.rs"]
mod scripts;
#[path = "suite/shape.rs"]
mod shape;
#[path = "suite/shell.rs"]
mod shell;
#[path = "suite/tables.rs"]
mod tables;
