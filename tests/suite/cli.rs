//! The command line as a user meets it: -c, scripts, JSON, errors and exit codes.

use crate::common::{pcapsh, pcapsh_in};

#[test]
fn sessions_json_has_exact_times() {
    let r = pcapsh(&[
        "--json",
        "-c",
        "a = rdpcap('samples/mixed-ns.pcap'); a.sessions()",
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    let v: serde_json::Value = serde_json::from_str(r.out.trim()).unwrap();
    let first = &v.as_array().unwrap()[0];
    for k in ["key", "packets", "bytes", "first_time", "last_time"] {
        assert!(first.get(k).is_some(), "missing {k} in {first}");
    }
    // Nine decimals, written from the integer nanoseconds, never through a float.
    let raw = r.out.split("\"first_time\":").nth(1).unwrap();
    let num: &str = raw.split(',').next().unwrap();
    assert_eq!(num.split('.').nth(1).unwrap().len(), 9, "{num}");
    let r = pcapsh(&["--json", "-c", "a = rdpcap('samples/mixed.pcap'); a[:2]"]);
    let v: serde_json::Value = serde_json::from_str(r.out.trim()).unwrap();
    let p = &v.as_array().unwrap()[1];
    assert_eq!(p["index"], 1);
    assert!(p["summary"].as_str().unwrap().starts_with("Ether / "));
    let raw = r
        .out
        .split("\"time\":")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    assert_eq!(raw.split('.').nth(1).unwrap().len(), 6, "{raw}");
}

#[test]
fn a_sessions_value_shows_as_a_table() {
    let r = pcapsh(&[
        "-c",
        "a = rdpcap(samples/blogexample.pcap); s = a.sessions; s",
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.contains("| key "), "{}", r.out);
    assert!(r.out.contains("TCP 10.99.0.1:45376 > 10.99.0.2:443"));
    assert!(r.out.trim_end().ends_with("9 sessions"));
    let r = pcapsh(&["-c", "a = rdpcap('samples/blogexample.pcap'); a; len(a)"]);
    assert_eq!(
        r.out,
        "<blogexample.pcap: TCP:23 UDP:2 ICMP:6 Other:3>\n34\n"
    );
}

#[test]
fn indexing_sessions_by_key_gives_times() {
    let r = pcapsh(&["-c", "s = rdpcap('samples/blogexample.pcap').sessions(); v = s['UDP 10.99.0.1:33312 > 10.99.0.2:53']; print(v.time[0]); print(len(v))"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(r.out, "1795696544.417459\n1\n");
}

#[test]
fn an_unknown_key_suggests_the_nearest() {
    let r = pcapsh(&["-c", "s = rdpcap('samples/blogexample.pcap').sessions(); s['UDP 10.99.0.1:33312 > 10.99.0.2:54']"]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("KeyError"), "{}", r.err);
    assert!(
        r.err
            .contains("did you mean 'UDP 10.99.0.1:33312 > 10.99.0.2:53'"),
        "{}",
        r.err
    );
}

#[test]
fn errors_point_at_the_spot_and_scripts_stop() {
    let dir = std::env::temp_dir().join(format!("pcapsh-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.pcapsh");
    std::fs::write(&f, "a = rdpcap('samples/blogexample.pcap')\nprint(len(a))\nprint(a.sesions())\nprint('not reached')\n").unwrap();
    let r = pcapsh(&[f.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert_eq!(r.out, "34\n");
    let first = r.err.lines().next().unwrap();
    assert!(
        first.ends_with(
            "bad.pcapsh:3:7: AttributeError: 'PacketList' object has no attribute 'sesions'"
        ),
        "{}",
        r.err
    );
    assert!(r.err.contains("did you mean 'sessions'"), "{}", r.err);
    assert!(r.err.lines().nth(2).unwrap().contains('^'), "{}", r.err);
    let r = pcapsh(&["--keep-going", f.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert_eq!(r.out, "34\nnot reached\n");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_pcapsh_script_that_reads_as_python_shows_no_values() {
    let dir = std::env::temp_dir().join(format!("pcapsh-echo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A Python program (docstring, imports): expression statements show nothing, as in
    // Python, though the file is named .pcapsh (scapy-diff.py runs scripts so).
    let py = dir.join("py.pcapsh");
    std::fs::write(
        &py,
        "\"\"\"Count.\"\"\"\nimport sys\nsys.stdout.write('x\\n')\nl = [1, 2]\nl.pop()\n",
    )
    .unwrap();
    let r = pcapsh(&[py.to_str().unwrap()]);
    assert_eq!((r.code, r.out.as_str()), (0, "x\n"), "{}", r.err);
    // A pcapsh script shows values as the prompt does.
    let ps = dir.join("ps.pcapsh");
    std::fs::write(&ps, "a = rdpcap('samples/blogexample.pcap')\nlen(a)\n").unwrap();
    let r = pcapsh(&[ps.to_str().unwrap()]);
    assert_eq!((r.code, r.out.as_str()), (0, "34\n"), "{}", r.err);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn name_errors_and_syntax_errors() {
    let r = pcapsh(&["-c", "x = 1\nprint(y)"]);
    assert_eq!(r.code, 1);
    assert!(
        r.err
            .starts_with("-c:2:7: NameError: name 'y' is not defined"),
        "{}",
        r.err
    );
    let r = pcapsh(&["-c", "for x in [1, 2]\n    print(x)"]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("SyntaxError: expected ':'"), "{}", r.err);
    // Defining a Scapy layer is not there yet, and the error says so.
    let r = pcapsh(&[
        "-c",
        "class P(Packet):\n    fields_desc = [ByteField('k', 0)]",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("NameError: name 'Packet'"), "{}", r.err);
    assert!(r.err.contains("defining Scapy layers"), "{}", r.err);
}

#[test]
fn a_script_on_standard_input() {
    let r = pcapsh_in(&[], Some("a = rdpcap('samples/blogexample.pcap')\nfor k in a.sessions().keys():\n    if k.startswith('UDP'):\n        print(k)\n"));
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(
        r.out,
        "UDP 10.99.0.1:33312 > 10.99.0.2:53\nUDP 10.99.0.2:53 > 10.99.0.1:33312\n"
    );
}

#[test]
fn help_and_version() {
    let r = pcapsh(&["--version"]);
    assert!(r.out.starts_with("pcapsh "), "{}", r.out);
    let r = pcapsh(&["-c", "help('sessions')"]);
    assert!(
        r.out.contains("a.sessions()") && r.out.contains("example:"),
        "{}",
        r.out
    );
}

#[test]
fn the_reference_is_generated_from_the_command_table() {
    let r = pcapsh(&["--reference"]);
    let on_disk = std::fs::read_to_string(crate::common::root().join("docs/reference.md")).unwrap();
    assert!(
        r.out == on_disk,
        "docs/reference.md is stale: run `cargo run -- --reference > docs/reference.md`"
    );
}

#[test]
fn wrpcap_round_trips_through_tshark_style_reading() {
    let dir = std::env::temp_dir().join(format!("pcapsh-wr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for ext in ["pcap", "pcapng"] {
        let out = dir.join(format!("tcp.{ext}"));
        let script = format!(
            "a = rdpcap('samples/mixed-ns.pcap')\nv = [p for p in a if TCP in p]\nwrpcap('{}', v)\nb = rdpcap('{}')\nprint(len(v) == len(b), len(b) > 50)\nprint(all(x.time == y.time and raw(x) == raw(y) for x, y in zip(v, b)))\n",
            out.display(),
            out.display()
        );
        let r = pcapsh(&["-c", &script]);
        assert_eq!(r.code, 0, "{}", r.err);
        assert_eq!(r.out, "True True\nTrue\n", "{ext}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn undissected_link_types_are_named_and_cut_packets_marked() {
    let Some(dir) =
        crate::common::shared_captures("undissected_link_types_are_named_and_cut_packets_marked")
    else {
        return;
    };
    let f = dir.join("tcpdump-hdlc.pcap");
    let r = pcapsh(&[
        "-c",
        &format!("a = rdpcap({}); print(len(a))", crate::common::lit(&f)),
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.err.contains("note:") && r.err.contains("link type C_HDLC (104) is not dissected"),
        "{}",
        r.err
    );
    let f = dir.join("gopacket-le-test202.pcapng");
    let r = pcapsh(&[
        "-c",
        &format!(
            "a = rdpcap({}); print([p.truncated for p in a])",
            crate::common::lit(&f)
        ),
    ]);
    assert_eq!(
        r.out, "[True, True, False, True, True, True, True, False]\n",
        "{}",
        r.err
    );
}
