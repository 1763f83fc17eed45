//! Damaged captures (../shared/captures/broken): each loads what can be read and warns
//! with the record and byte offset, or fails with a one-line error naming the file.
//! Nothing panics, and summary() and sessions() run on whatever loaded.

use crate::common::{lit, pcapsh, root, shared_captures};

enum Expect {
    /// Fails to open.
    Fails(&'static str),
    /// Loads this many packets and warns, the warning containing this text.
    Warns(usize, &'static str),
    /// Loads this many packets.
    Loads(usize),
}

const CASES: &[(&str, Expect)] = &[
    (
        "suricata-bug-1450-04-tls_der-incomplete-header.pcap",
        Expect::Warns(6, "record 7 at byte offset"),
    ),
    (
        "dpkt-truncated_dns_2.pcap",
        Expect::Warns(1, "record 2 at byte offset 240"),
    ),
    (
        "ppp-crash-81dba690a3f67ee41a41390a625db732fa1413a1",
        Expect::Warns(12, "record 12 at byte offset"),
    ),
    (
        "suricata-10.7.29.101_49898-178.63.41.150_25.pcap",
        Expect::Warns(18, "record 19 at byte offset"),
    ),
    (
        "libpcap-shb-option-too-long.pcapng",
        Expect::Fails("option"),
    ),
    (
        "libpcap-pcapng-invalid-vers-1.pcapng",
        Expect::Fails("version 0.1"),
    ),
    (
        "libpcap-pcap-invalid-version-1.pcap",
        Expect::Warns(1, "version 1.4"),
    ),
    (
        "ppp-crash-pcapng-epb-unbounded-length",
        Expect::Warns(0, "byte offset"),
    ),
    (
        "gopacket-le-test901.pcapng",
        Expect::Warns(1, "version 2.0"),
    ),
    ("tcpdump-timestamp_invalid_micro.pcap", Expect::Loads(3)),
    ("zeek-trunc-hdr.pcap", Expect::Loads(1)),
    ("ppp-ipv4-malformed.pcap", Expect::Loads(2)),
    ("ppp-tcp-malformed.pcap", Expect::Loads(2)),
    ("zeek-ip6-ext-trunc.pcap", Expect::Loads(1)),
];

#[test]
fn broken_captures_load_or_fail_clearly() {
    let Some(dir) = shared_captures("broken_captures_load_or_fail_clearly") else {
        return;
    };
    let dir = dir.join("broken");
    let mut seen = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let script = format!(
            "a = rdpcap({})\nprint(len(a))\na.summary()\ns = a.sessions()\nprint(len(s))\n",
            lit(&path)
        );
        let r = pcapsh(&["-c", &script]);
        assert!(
            !r.err.contains("panicked"),
            "{name}: pcapsh panicked:\n{}",
            r.err
        );
        let Some((_, expect)) = CASES.iter().find(|(n, _)| *n == name) else {
            panic!("{name}: a broken capture with no expectation in tests/broken.rs");
        };
        seen += 1;
        match expect {
            Expect::Fails(text) => {
                assert_eq!(r.code, 1, "{name} should fail to open");
                let first = r.err.lines().next().unwrap_or("");
                assert!(
                    first.contains(&name) && first.contains(text),
                    "{name}: unclear error: {}",
                    r.err
                );
            }
            Expect::Warns(n, _) | Expect::Loads(n) => {
                assert_eq!(r.code, 0, "{name} should load: {}", r.err);
                assert_eq!(
                    r.out.lines().next(),
                    Some(n.to_string().as_str()),
                    "{name}: packet count"
                );
                if let Expect::Warns(_, text) = expect {
                    assert!(
                        r.err.contains("warning:") && r.err.contains(&name) && r.err.contains(text),
                        "{name}: expected a warning containing {text:?}, got: {}",
                        r.err
                    );
                } else {
                    assert!(
                        !r.err.contains("warning:"),
                        "{name}: unexpected warning: {}",
                        r.err
                    );
                }
            }
        }
    }
    assert_eq!(seen, CASES.len(), "some broken captures were not found");
}

#[test]
fn a_file_that_is_not_a_capture_names_its_first_bytes() {
    let r = pcapsh(&["-c", "a = rdpcap('Cargo.toml')"]);
    assert_eq!(r.code, 1);
    let first = r.err.lines().next().unwrap();
    assert!(
        first.contains("Cargo.toml")
            && first.contains("not a pcap or pcapng capture")
            && first.contains("5b 70 61 63"),
        "{first}"
    );
    let r = pcapsh(&["-c", "a = rdpcap('no/such/file.pcap')"]);
    assert_eq!(r.code, 1);
    assert!(
        r.err.contains("no/such/file.pcap: no such file"),
        "{}",
        r.err
    );
    let _ = root();
}

#[test]
fn a_truncated_copy_of_a_sample_keeps_what_was_read() {
    let data = std::fs::read(root().join("samples/blogexample.pcap")).unwrap();
    let dir = std::env::temp_dir().join(format!("pcapsh-trunc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cut = dir.join("cut.pcap");
    std::fs::write(&cut, &data[..data.len() - 30]).unwrap();
    let r = pcapsh(&["-c", &format!("a = rdpcap({}); print(len(a))", lit(&cut))]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(
        r.out.trim(),
        "34",
        "the cut record keeps its remaining bytes"
    );
    assert!(
        r.err.contains("record 34 at byte offset")
            && r.err.contains("the file ends inside the packet"),
        "{}",
        r.err
    );
    std::fs::remove_dir_all(&dir).ok();
}
