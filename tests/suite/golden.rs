//! Summary lines and sessions against Scapy 2.8.0's own output (tests/golden, made by
//! tests/golden/make.sh with ../shared/tools/scapy-oracle.py).

use std::path::Path;

use crate::common::{first_diff, lit, pcapsh, root, shared_captures};

/// Scapy layers pcapsh does not dissect yet: a summary line of Scapy's that names one of
/// these may differ (docs/compat.md lists them). Every other line must be identical.
const NOT_YET: &[&str] = &[
    "ARCnet",
    "NetBIOS",
    "ICMPv6NDOpt",
    "ICMPv6ND_Redirect",
    "ICMPv6MLQuery",
    "ICMPv6MLReport",
    "MPLS",
    "CDP",
    "LLDP",
    "GTP",
    "IPv6ExtHdrSegmentRouting",
    "HBHOptUnknown",
    "Jumbo",
    "PFCP",
    "QUIC",
    "ESP",
    "AH",
    "ICMPv6NIQuery",
    "ICMPv6NIReply",
    "IPv6ExtHdrHopByHop / Raw",
    "RTP",
    "SAP",
    "SIP",
    "Dot1AH",
    "802.1ah",
    "ERSPAN",
    "Geneve",
    "GENEVE",
    "NSH",
    "BFD",
    "VXLAN / Raw",
];

/// Captures whose session keys differ, and why (docs/compat.md).
const KEYS_DIFFER: &[(&str, &str)] = &[];

fn allowed(scapy_line: &str) -> bool {
    NOT_YET.iter().any(|n| scapy_line.contains(n))
}

/// Compares line lists; returns (identical lines, problems).
fn compare_lines(what: &str, want: &[&str], got: &[&str], strict: bool) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut same = 0;
    if want.len() != got.len() {
        problems.push(format!(
            "{what}: {} lines from Scapy, {} from pcapsh",
            want.len(),
            got.len()
        ));
        return (0, problems);
    }
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        if w == g {
            same += 1;
        } else if strict || !allowed(w) {
            problems.push(format!(
                "{what} line {}:\n  scapy : {w}\n  pcapsh: {g}",
                i + 1
            ));
        }
    }
    (same, problems)
}

struct Golden {
    summary: String,
    sessions: serde_json::Value,
}

fn golden(dir: &Path, name: &str) -> Option<Golden> {
    let summary = std::fs::read_to_string(dir.join(format!("{name}.summary"))).ok()?;
    let sessions = std::fs::read_to_string(dir.join(format!("{name}.sessions.json"))).ok()?;
    Some(Golden {
        summary,
        sessions: serde_json::from_str(&sessions).unwrap(),
    })
}

/// Checks one capture; returns (lines compared, identical lines, problems).
fn check(cap: &Path, g: &Golden, strict: bool) -> (usize, usize, Vec<String>) {
    let name = cap.file_name().unwrap().to_string_lossy().to_string();
    let mut problems = Vec::new();
    // summary(): every line.
    let r = pcapsh(&["-c", &format!("a = rdpcap({}); a.summary()", lit(cap))]);
    if r.code != 0 {
        return (0, 0, vec![format!("{name}: pcapsh failed: {}", r.err)]);
    }
    let want: Vec<&str> = g.summary.lines().collect();
    let got: Vec<&str> = r.out.lines().collect();
    let (same, mut p) = compare_lines(&format!("{name} summary"), &want, &got, strict);
    problems.append(&mut p);
    // sessions(): keys in order, and each session's packets (by their summary lines).
    // Packets of a non-Ethernet capture were rewrapped in Ethernet for Scapy to key them
    // (scapy-oracle.py --as-ethernet), so their summaries there are not the capture's:
    // for those, the packet count of each session is compared instead.
    let ethernet = g
        .summary
        .lines()
        .all(|l| l.starts_with("Ether") || l.starts_with("802.3"));
    let script = if ethernet {
        format!("a = rdpcap({})\nfor k, v in a.sessions().items():\n    print('== ' + k)\n    v.summary()\n", lit(cap))
    } else {
        format!("a = rdpcap({})\nfor k, v in a.sessions().items():\n    print('== ' + k)\n    print(len(v))\n", lit(cap))
    };
    let r = pcapsh(&["-c", &script]);
    let mut want = String::new();
    for s in g.sessions.as_array().unwrap() {
        want.push_str(&format!("== {}\n", s["key"].as_str().unwrap()));
        if ethernet {
            for l in s["summaries"].as_array().unwrap() {
                want.push_str(l.as_str().unwrap());
                want.push('\n');
            }
        } else {
            want.push_str(&format!("{}\n", s["packets"]));
        }
    }
    let keys_ok = KEYS_DIFFER.iter().all(|(n, _)| *n != name);
    if keys_ok {
        let wk: Vec<&str> = want.lines().filter(|l| l.starts_with("== ")).collect();
        let gk: Vec<&str> = r.out.lines().filter(|l| l.starts_with("== ")).collect();
        if wk != gk {
            problems.push(format!(
                "{name} session keys: {}",
                first_diff(&wk.join("\n"), &gk.join("\n")).unwrap_or_default()
            ));
        } else {
            let w: Vec<&str> = want.lines().collect();
            let g: Vec<&str> = r.out.lines().collect();
            let (_, mut p) = compare_lines(&format!("{name} sessions"), &w, &g, strict);
            problems.append(&mut p);
        }
    }
    (want.len(), same, problems)
}

#[test]
fn samples_match_scapy_exactly() {
    let dir = root().join("tests/golden/samples");
    let mut n = 0;
    let mut problems = Vec::new();
    for e in std::fs::read_dir(root().join("samples")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !(name.ends_with(".pcap") || name.ends_with(".pcapng")) {
            continue;
        }
        let g = golden(&dir, &name).unwrap_or_else(|| {
            panic!("no golden output for samples/{name}: run tests/golden/make.sh")
        });
        problems.extend(check(&p, &g, true).2);
        n += 1;
    }
    assert!(n >= 6, "expected the sample captures, found {n}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn shared_captures_match_scapy() {
    let Some(dir) = shared_captures("shared_captures_match_scapy") else {
        return;
    };
    let gdir = root().join("tests/golden/shared");
    let (mut total, mut same, mut checked) = (0, 0, 0);
    let mut problems = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let Some(g) = golden(&gdir, &name) else {
            continue;
        };
        let lines = g.summary.lines().count();
        let (_, s, mut pr) = check(&p, &g, false);
        total += lines;
        same += s;
        checked += 1;
        problems.append(&mut pr);
    }
    assert!(
        checked >= 50,
        "only {checked} shared captures had golden files"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    eprintln!("{same} of {total} summary lines identical to Scapy's across {checked} captures");
}

/// Summaries with Scapy's optional layers loaded (`load_layer('http')`, `'tls'`), against
/// tests/golden/layers/LAYER/NAME.summary (made by tests/golden/make-layers.sh).
fn optional_layer_matches(layer: &str) {
    let gdir = root().join("tests/golden/layers").join(layer);
    let shared = shared_captures(&format!("optional layer {layer}, shared captures"));
    let mut problems = Vec::new();
    let mut checked = 0;
    for e in std::fs::read_dir(&gdir).unwrap() {
        let g = e.unwrap().path();
        let name = g
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".summary", "");
        let cap = [root().join("samples").join(&name)]
            .into_iter()
            .chain(shared.iter().map(|d| d.join(&name)))
            .find(|p| p.exists());
        let Some(cap) = cap else {
            continue;
        };
        let r = pcapsh(&[
            "-c",
            &format!(
                "load_layer('{layer}')\na = rdpcap({})\na.summary()",
                lit(&cap)
            ),
        ]);
        let want = std::fs::read_to_string(&g).unwrap();
        let want: Vec<&str> = want.lines().collect();
        let got: Vec<&str> = r.out.lines().collect();
        problems.extend(compare_lines(&format!("{layer} {name}"), &want, &got, false).1);
        checked += 1;
    }
    assert!(checked > 0, "no capture for tests/golden/layers/{layer}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn http_layer_matches_scapy() {
    optional_layer_matches("http");
}

#[test]
fn tls_layer_matches_scapy() {
    optional_layer_matches("tls");
}
