//! Real analysis scripts, complete with their imports, run as `pcapsh SCRIPT ARGS...`
//! exactly as `python3 SCRIPT ARGS...` runs them with Scapy 2.8.0: the same standard
//! output, exit status and written files (tests/scripts/argv/runs.txt; the answers were
//! recorded by tests/scripts/argv/make.sh). Argument errors print argparse's usage.

use crate::common::{first_diff, root};

#[test]
fn scripts_with_arguments_run_as_under_python() {
    let dir = root().join("tests/scripts/argv");
    let runs = std::fs::read_to_string(dir.join("runs.txt")).unwrap();
    let have_libpcap = pcapsh::capture::bpf::Filter::new("tcp", 1, false).is_ok();
    let mut n = 0;
    let mut failures = Vec::new();
    for line in runs.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        n += 1;
        let mut words = line.split_whitespace();
        let script = words.next().unwrap();
        if script == "bpf_sniff.py" && !have_libpcap {
            eprintln!("skipping run {n} ({line}): libpcap is absent");
            continue;
        }
        let out = std::env::temp_dir().join(format!("pcapsh-argv-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        let args: Vec<String> = words
            .map(|w| w.replace("{out}", &out.to_string_lossy()))
            .collect();
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_pcapsh"))
            // Relative, as recorded: sys.argv[0] is printed by usage lines.
            .arg(format!("tests/scripts/argv/{script}"))
            .args(&args)
            .current_dir(root())
            .env("NO_COLOR", "1")
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        let read = |ext: &str| {
            std::fs::read_to_string(dir.join("expected").join(format!("{n}.{ext}"))).unwrap()
        };
        let outs = out.to_string_lossy().into_owned();
        let stdout = String::from_utf8_lossy(&o.stdout).replace(&outs, "{out}");
        let stderr = String::from_utf8_lossy(&o.stderr).replace(&outs, "{out}");
        let status: i32 = read("status").trim().parse().unwrap();
        if o.status.code() != Some(status) {
            failures.push(format!(
                "run {n} ({line}): exit {:?}, Python {status}\n{stderr}",
                o.status.code()
            ));
        }
        if let Some(d) = first_diff(&read("out"), &stdout) {
            failures.push(format!("run {n} ({line}): stdout differs at {d}"));
        }
        // argparse's messages (usage and errors) go to stderr, and must match too.
        if status == 2 && stderr != read("err") {
            failures.push(format!(
                "run {n} ({line}): stderr\n{stderr}\nPython:\n{}",
                read("err")
            ));
        }
        let mut files = String::new();
        let mut names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for f in names {
            files.push_str(&format!("== {f}\n"));
            files.push_str(&std::fs::read_to_string(out.join(&f)).unwrap());
        }
        if let Some(d) = first_diff(&read("files"), &files) {
            failures.push(format!("run {n} ({line}): written files differ at {d}"));
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    assert!(n >= 25, "only {n} runs");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
