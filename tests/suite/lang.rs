//! Scripts that Scapy users write, run under pcapsh, must print exactly what they print
//! under Scapy 2.8.0 (tests/scripts/NAME.out, made by tests/scripts/make.sh).

use crate::common::{first_diff, pcapsh, root};

fn check_script(script: &str, golden: &str) {
    let want = std::fs::read_to_string(root().join("tests/scripts").join(golden)).unwrap();
    let r = pcapsh(&[&format!("tests/scripts/{script}")]);
    assert_eq!(r.code, 0, "{script} failed:\n{}", r.err);
    if let Some(d) = first_diff(&want, &r.out) {
        panic!("{script} differs from Scapy at {d}");
    }
}

#[test]
fn every_script_prints_what_scapy_prints() {
    let mut n = 0;
    for e in std::fs::read_dir(root().join("tests/scripts")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "py") {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            check_script(&name, &name.replace(".py", ".out"));
            n += 1;
        }
    }
    assert!(n >= 9);
}

/// Scripts that read captures in ../shared (tests/scripts/shared/NAME.py with its Scapy
/// output NAME.out): skipped, with a message, where ../shared is absent.
#[test]
fn scripts_on_shared_captures_print_what_scapy_prints() {
    if crate::common::shared_captures("scripts_on_shared_captures_print_what_scapy_prints")
        .is_none()
    {
        return;
    }
    let mut n = 0;
    for e in std::fs::read_dir(root().join("tests/scripts/shared")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "py") {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            check_script(
                &format!("shared/{name}"),
                &format!("shared/{}", name.replace(".py", ".out")),
            );
            n += 1;
        }
    }
    assert!(n >= 1);
}

#[test]
fn the_walkthrough_runs_verbatim_in_python2_form() {
    check_script("walkthrough_py2.pcapsh", "walkthrough.out");
}

/// Every entry of the command table runs its own example, as help() and
/// docs/reference.md show it, on a sample capture (in a scratch directory, for the
/// examples that write files).
#[test]
fn every_command_example_runs() {
    let dir = std::env::temp_dir().join(format!("pcapsh-examples-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(root().join("samples"), dir.join("samples")).unwrap();
    let setup = "a = rdpcap('samples/blogexample.pcap')\n\
                 s = a.sessions()\n\
                 c = a.conversations().sort('bytes')\n\
                 k = list(s.keys())[0]\n\
                 v = c[0]\n\
                 p = a[3]\n\
                 x = p\n\
                 n = 7\n\
                 d = {'a': 1}\n\
                 e = {'b': 2}\n\
                 counts = {}\n\
                 out = [3, 1, 2]\n\
                 text = 'one\\ntwo'\n";
    // Module entries' examples name their module, as a script would after importing it.
    let mut imports = String::new();
    for c in pcapsh::lang::commands::all() {
        if let pcapsh::lang::commands::Owner::Module(m) = c.owner {
            // `int.from_bytes` and its like are class methods of builtins, not modules.
            let top = m.split('.').next().unwrap_or(m);
            if pcapsh::lang::commands::find_builtin(top).is_none() {
                imports.push_str(&format!("import {top}\n"));
            }
        }
    }
    let setup = format!("{setup}{imports}");
    let mut failed = Vec::new();
    for c in pcapsh::lang::commands::all() {
        let script = format!("{setup}{}\n", c.example);
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_pcapsh"))
            .args(["-c", &script])
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        if !run.status.success() {
            failed.push(format!(
                "{} ({}): {}",
                c.signature,
                c.example,
                String::from_utf8_lossy(&run.stderr).trim()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failed.is_empty(),
        "examples that fail:\n{}",
        failed.join("\n")
    );
}
