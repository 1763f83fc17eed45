//! Conversations and followed streams against tshark 4.0 (tests/golden/tshark, made by
//! tests/golden/make-tshark.sh): the same packets in each TCP and UDP conversation as
//! tshark's tcp.stream and udp.stream, and the same reassembled bytes as
//! `tshark -z follow,tcp,raw`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{lit, pcapsh, root, shared_captures};

/// Captures where pcapsh groups differently, and why (docs/compat.md).
const GROUPING_DIFFERS: &[(&str, &str)] = &[
    ("ppp-ip4_fragments.pcap", "tshark reassembles IP fragments and counts a datagram at its last fragment; pcapsh counts each fragment, the first one (with the UDP header) in the UDP conversation"),
    ("ppp-ip6_fragments.pcap", "the same, for IPv6 fragments"),
    ("zeek-dns-edns-ecs.pcap", "the same: it holds fragmented DNS answers"),
    ("libpcap-http_ppi.pcap", "link type PPI (802.11) is not dissected"),
    ("libpcap-arcnet-rfc1201-arp-icmp-http.pcap", "link type ARCNET is not dissected"),
    ("zeek-llc.pcap", "link type FDDI is not dissected"),
];

/// tshark's streams: for each, the set of its (1-based) frame numbers.
fn tshark_streams(path: &Path) -> Vec<BTreeSet<u32>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split(' ').skip(2).map(|n| n.parse().unwrap()).collect())
        .collect()
}

/// pcapsh's TCP and UDP conversations (no idle timeout, as tshark has none).
fn our_streams(cap: &Path) -> Vec<BTreeSet<u32>> {
    let script = format!(
        "a = rdpcap({})\nfor k, v in a.conversations(timeout=None).items():\n    if k.startswith('TCP') or k.startswith('UDP'):\n        print(' '.join([str(i) for i in v.index]))\n",
        lit(cap)
    );
    let r = pcapsh(&["-c", &script]);
    assert_eq!(r.code, 0, "{}: {}", cap.display(), r.err);
    r.out
        .lines()
        .map(|l| {
            l.split(' ')
                .map(|n| n.parse::<u32>().unwrap() + 1)
                .collect()
        })
        .collect()
}

fn check_streams(cap: &Path, golden: &Path) -> Option<String> {
    let mut want = tshark_streams(golden);
    let mut got = our_streams(cap);
    want.sort();
    got.sort();
    if want == got {
        return None;
    }
    let missing: Vec<_> = want.iter().filter(|s| !got.contains(s)).take(3).collect();
    let extra: Vec<_> = got.iter().filter(|s| !want.contains(s)).take(3).collect();
    Some(format!(
        "{}: {} tshark streams, {} pcapsh conversations\n  only tshark: {missing:?}\n  only pcapsh: {extra:?}",
        cap.display(),
        want.len(),
        got.len()
    ))
}

fn captures() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    if let Some(dir) = shared_captures("conversations_agree_with_tshark (shared part)") {
        v.extend(
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_file()),
        );
    }
    v
}

#[test]
fn conversations_agree_with_tshark_streams() {
    let gdir = root().join("tests/golden/tshark");
    let mut problems = Vec::new();
    let mut checked = 0;
    for cap in captures() {
        let name = cap.file_name().unwrap().to_string_lossy().to_string();
        let golden = gdir.join(format!("{name}.streams"));
        if !golden.exists() || GROUPING_DIFFERS.iter().any(|(n, _)| *n == name) {
            continue;
        }
        checked += 1;
        problems.extend(check_streams(&cap, &golden));
    }
    assert!(
        checked >= 6,
        "only {checked} captures had tshark golden files"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

type Follow = (String, String, Vec<u8>, Vec<u8>);

/// Each stream of a tshark raw follow, by stream number: (node 0, node 1, bytes from
/// node 0, bytes from node 1). tshark prints the streams in no particular order.
fn tshark_follows(text: &str) -> Vec<Follow> {
    let mut out: Vec<(u32, Follow)> = Vec::new();
    let mut cur: Option<Follow> = None;
    let mut stream = 0u32;
    let hex = |s: &str| -> Vec<u8> {
        (0..s.len() / 2)
            .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
            .collect()
    };
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("Node 0: ") {
            cur = Some((n.replace(['[', ']'], ""), String::new(), vec![], vec![]));
        } else if let Some(n) = line.strip_prefix("Node 1: ") {
            if let Some(c) = cur.as_mut() {
                c.1 = n.replace(['[', ']'], "");
            }
        } else if let Some(n) = line.strip_prefix("Filter: tcp.stream eq ") {
            stream = n.trim().parse().unwrap();
        } else if line.starts_with("=====") {
            if let Some(c) = cur.take() {
                out.push((stream, c));
            }
        } else if let Some(c) = cur.as_mut() {
            if let Some(h) = line.strip_prefix('\t') {
                c.3.extend(hex(h));
            } else if !line.is_empty()
                && !line.starts_with("Follow:")
                && !line.starts_with("Filter:")
            {
                c.2.extend(hex(line));
            }
        }
    }
    out.sort_by_key(|(n, _)| *n);
    out.into_iter().map(|(_, f)| f).collect()
}

#[test]
fn followed_streams_equal_tshark_follow_raw() {
    let gdir = root().join("tests/golden/tshark");
    let mut problems = Vec::new();
    let mut streams = 0;
    for cap in captures() {
        let name = cap.file_name().unwrap().to_string_lossy().to_string();
        let golden = gdir.join(format!("{name}.follow"));
        if !golden.exists() || GROUPING_DIFFERS.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let want = tshark_follows(&std::fs::read_to_string(&golden).unwrap());
        let script = format!(
            "a = rdpcap({})\nfor k, v in a.conversations(timeout=None).items():\n    if k.startswith('TCP'):\n        print(k)\n        print(v.payload('client').hex())\n        print(v.payload('server').hex())\n",
            lit(&cap)
        );
        let r = pcapsh(&["-c", &script]);
        assert_eq!(r.code, 0, "{name}: {}", r.err);
        let lines: Vec<&str> = r.out.lines().collect();
        let ours: Vec<(&str, &str, &str)> = lines.chunks(3).map(|c| (c[0], c[1], c[2])).collect();
        if ours.len() != want.len() {
            problems.push(format!(
                "{name}: {} TCP streams in tshark, {} in pcapsh",
                want.len(),
                ours.len()
            ));
            continue;
        }
        for (i, ((n0, n1, d0, d1), (key, client, server))) in want.iter().zip(&ours).enumerate() {
            streams += 1;
            let hex = |d: &Vec<u8>| d.iter().map(|x| format!("{x:02x}")).collect::<String>();
            // tshark's node 0 is the first packet's sender; ours is the initiator.
            let (w_client, w_server) = if key.contains(&format!("TCP {n0} <->")) {
                (d0, d1)
            } else {
                (d1, d0)
            };
            if hex(w_client) != *client || hex(w_server) != *server {
                problems.push(format!(
                    "{name} stream {i} ({n0} / {n1}, ours {key}): client {} vs {} bytes, server {} vs {} bytes",
                    w_client.len(),
                    client.len() / 2,
                    w_server.len(),
                    server.len() / 2
                ));
            }
        }
    }
    assert!(streams >= 20, "only {streams} streams compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
