//! The shape of the code, which the redesign set: no source file over 800 lines, no
//! function over 150 (docs/adding.md says where things go instead).

use std::path::{Path, PathBuf};

use crate::common::root;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Functions and their lengths in lines: from a `fn` line to the first line after it
/// that closes a block at the same indentation.
fn functions(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let indent = l.len() - t.len();
        let is_fn = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "const fn ",
        ]
        .iter()
        .any(|p| t.starts_with(p));
        if !is_fn || t.ends_with(';') {
            continue;
        }
        let close = " ".repeat(indent) + "}";
        if let Some(end) = lines[i + 1..].iter().position(|x| x.trim_end() == close) {
            let name = t.split('(').next().unwrap_or(t).to_string();
            out.push((name, end + 2));
        }
    }
    out
}

#[test]
fn files_and_functions_stay_small() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut problems = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let name = f.strip_prefix(root()).unwrap().display().to_string();
        let n = text.lines().count();
        if n > 800 {
            problems.push(format!("{name}: {n} lines"));
        }
        for (func, len) in functions(&text) {
            if len > 150 {
                problems.push(format!("{name}: `{func}` is {len} lines"));
            }
        }
    }
    assert!(files.len() > 50, "too few source files found");
    assert!(problems.is_empty(), "too big:\n{}", problems.join("\n"));
}
