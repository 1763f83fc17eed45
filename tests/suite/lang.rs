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

#[test]
fn the_walkthrough_runs_verbatim_in_python2_form() {
    check_script("walkthrough_py2.pcapsh", "walkthrough.out");
}
