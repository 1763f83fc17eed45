//! The pcapsh language: a small Python that Scapy users already know.

pub mod asn1;
mod ast;
mod bigint;
mod builtins;
pub mod commands;
mod dispose;
pub mod error;
pub mod eval;
mod format;
pub mod help;
pub mod json;
mod lexer;
mod methods;
pub mod modules;
mod numbers;
pub mod parser;
pub mod value;

#[cfg(test)]
mod tests;

pub use builtins::attributes;
pub use error::{Error, ErrorKind};
pub use eval::{limit_value_bytes, Interp, Options};
pub use value::Value;
