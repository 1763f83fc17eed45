use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/captures`, or None (and a message saying the test skips) when absent.
pub fn shared_captures(test: &str) -> Option<PathBuf> {
    let p = root().join("../shared/captures");
    if p.is_dir() {
        Some(p)
    } else {
        // Written to the process's stderr directly, past the test harness's capture, so
        // that the skip shows in `cargo test` output.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipping {test}: ../shared/captures is absent"
        );
        None
    }
}

pub struct Run {
    pub out: String,
    pub err: String,
    pub code: i32,
}

pub fn pcapsh(args: &[&str]) -> Run {
    pcapsh_in(args, None)
}

pub fn pcapsh_in(args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pcapsh"));
    cmd.args(args).current_dir(root()).env("NO_COLOR", "1");
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run pcapsh");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let o: Output = child.wait_with_output().unwrap();
    Run {
        out: String::from_utf8_lossy(&o.stdout).into_owned(),
        err: String::from_utf8_lossy(&o.stderr).into_owned(),
        code: o.status.code().unwrap_or(-1),
    }
}

/// A path as a single-quoted pcapsh string literal.
pub fn lit(p: &Path) -> String {
    format!(
        "'{}'",
        p.display()
            .to_string()
            .replace('\\', "\\\\")
            .replace('\'', "\\'")
    )
}

/// Shows the first difference between two texts, line by line.
pub fn first_diff(want: &str, got: &str) -> Option<String> {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    for i in 0..w.len().max(g.len()) {
        if w.get(i) != g.get(i) {
            return Some(format!(
                "line {}:\n  scapy : {:?}\n  pcapsh: {:?}",
                i + 1,
                w.get(i),
                g.get(i)
            ));
        }
    }
    None
}

/// Whether a tool runs here; when not, says on stderr that the test skips.
pub fn have(tool: &str) -> bool {
    let ok = std::process::Command::new(tool)
        .arg("--version")
        .output()
        .is_ok();
    if !ok {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "skipped: {tool} is not installed");
    }
    ok
}
