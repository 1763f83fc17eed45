//! pcap-filter expressions select exactly what tcpdump selects: every expression of
//! tests/golden/bpf/exprs.txt on every capture tcpdump reads (samples/ and
//! ../shared/captures), recorded by tests/golden/bpf/make.py.

use crate::common::*;

/// Whether libpcap can be loaded here (it comes with tcpdump); the tests skip without it.
fn have_libpcap(test: &str) -> bool {
    let ok = pcapsh::capture::bpf::Filter::new("tcp", 1, false).is_ok();
    if !ok {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipping {test}: libpcap is absent (apt-get install tcpdump)"
        );
    }
    ok
}

#[test]
fn filters_select_what_tcpdump_selects() {
    if !have_libpcap("filters_select_what_tcpdump_selects") {
        return;
    }
    let shared = shared_captures("filters_select_what_tcpdump_selects (shared captures)").is_some();
    let golden = std::fs::read_to_string(root().join("tests/golden/bpf/selections.tsv")).unwrap();
    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut caps: std::collections::HashMap<String, std::sync::Arc<pcapsh::capture::Capture>> =
        Default::default();
    for line in golden.lines() {
        let mut f = line.splitn(3, '\t');
        let (Some(path), Some(expr), Some(want)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        if path.starts_with("../shared") && !shared {
            continue;
        }
        let cap = caps
            .entry(path.to_string())
            .or_insert_with(|| pcapsh::capture::Capture::open(root().join(path)).unwrap())
            .clone();
        let got = match pcapsh::capture::bpf::select(&cap, 0..cap.len(), expr) {
            Ok(v) => v
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(","),
            Err(_) => "ERROR".into(),
        };
        checked += 1;
        if got != want {
            wrong.push(format!(
                "{path} [{expr}]: tcpdump {want:.80}, pcapsh {got:.80}"
            ));
        }
    }
    assert!(checked >= 500, "only {checked} selections checked");
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn sniff_filter_and_list_filter_take_expressions() {
    if !have_libpcap("sniff_filter_and_list_filter_take_expressions") {
        return;
    }
    let r = pcapsh(&[
        "-c",
        "a = sniff(offline='samples/blogexample.pcap', filter='udp port 53'); print(len(a)); \
         b = rdpcap('samples/blogexample.pcap'); print(len(b.filter('tcp[tcpflags] & tcp-syn != 0')))",
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(r.out, "2\n2\n");
    // A filter that does not parse is an error naming it, never "everything".
    let r = pcapsh(&[
        "-c",
        "sniff(offline='samples/blogexample.pcap', filter='tcp prt 80')",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.err.contains("bad filter 'tcp prt 80'") && r.err.contains("syntax error"),
        "{}",
        r.err
    );
    assert!(r.err.contains('^'), "{}", r.err);
}
