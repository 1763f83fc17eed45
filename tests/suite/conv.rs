//! Conversations and followed streams against tshark 4.0 (tests/golden/tshark, made by
//! tests/golden/make-tshark.sh): the same packets in each TCP and UDP conversation as
//! tshark's tcp.stream and udp.stream, and the same reassembled bytes as
//! `tshark -z follow,tcp,raw`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{lit, pcapsh, root, shared_captures};

/// Captures where pcapsh groups differently, and why (docs/compat.md): none today.
const GROUPING_DIFFERS: &[(&str, &str)] = &[];

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
    out.into_iter()
        .map(|(_, (a, b, d0, d1))| (a, b, unmarked(&d0), unmarked(&d1)))
        .collect()
}

/// The bytes without tshark's "[N bytes missing in capture file]" markers (and their NUL).
fn unmarked(d: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(d.len());
    let mut i = 0;
    while i < d.len() {
        if d[i] == b'[' {
            let digits = d[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            let tail = b" bytes missing in capture file]\0";
            let at = i + 1 + digits;
            if digits > 0 && d[at..].starts_with(tail) {
                i = at + tail.len();
                continue;
            }
        }
        out.push(d[i]);
        i += 1;
    }
    out
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

/// Every TCP stream of every capture with a digest file (any size, made by
/// make-tshark.sh): pcapsh's payload() of each side hashes as tshark's raw follow does with
/// its gap markers taken out. This holds the receiver's rules: held data after a hole
/// nobody acknowledged stays out, acknowledged holes are skipped, longer copies win.
#[test]
fn every_stream_delivers_what_tshark_delivers() {
    let gdir = root().join("tests/golden/tshark");
    let mut problems = Vec::new();
    let (mut streams, mut gaps) = (0, 0);
    for cap in captures() {
        let name = cap.file_name().unwrap().to_string_lossy().to_string();
        let golden = gdir.join(format!("{name}.follow-digest"));
        if !golden.exists() || GROUPING_DIFFERS.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap();
        let script = format!(
            "import hashlib\na = rdpcap({})\nfor k, v in a.conversations(timeout=None).items():\n    if k.startswith('TCP'):\n        c, s = v.payload('client'), v.payload('server')\n        print(k, len(c), hashlib.sha256(c).hexdigest(), len(s), hashlib.sha256(s).hexdigest())\n",
            lit(&cap)
        );
        let r = pcapsh(&["-c", &script]);
        assert_eq!(r.code, 0, "{name}: {}", r.err);
        let ours: Vec<&str> = r.out.lines().collect();
        let want: Vec<Vec<&str>> = want.lines().map(|l| l.split(' ').collect()).collect();
        if ours.len() != want.len() {
            problems.push(format!(
                "{name}: {} TCP streams in tshark, {} in pcapsh",
                want.len(),
                ours.len()
            ));
            continue;
        }
        for (w, o) in want.iter().zip(&ours) {
            streams += 1;
            gaps += w[7].parse::<u32>().unwrap() + w[8].parse::<u32>().unwrap();
            let o: Vec<&str> = o.rsplitn(5, ' ').collect();
            // Ours: key, client len and hash, server len and hash (reversed by rsplitn).
            let (key, ours) = (o[4], [(o[3], o[2]), (o[1], o[0])]);
            let node0_is_client = key.contains(&format!("TCP {} <->", w[1]));
            let (client, server) = ((w[3], w[4]), (w[5], w[6]));
            let (client, server) = if node0_is_client {
                (client, server)
            } else {
                (server, client)
            };
            if ours != [client, server] {
                problems.push(format!(
                    "{name} stream {} ({key}): client {} vs ours {} bytes, server {} vs ours {} bytes",
                    w[0], client.0, ours[0].0, server.0, ours[1].0
                ));
            }
        }
    }
    assert!(streams >= 20, "only {streams} streams compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Skip-proofing: with ../shared present, the streams with gaps were compared.
    if shared_captures("every_stream_delivers_what_tshark_delivers (gaps)").is_some() {
        assert!(
            streams > 1000 && gaps > 50,
            "{streams} streams, {gaps} gaps"
        );
    }
}

/// tshark's ascii follow of streams with gaps, held data and one side only: the same text
/// (chunks in time order, gap markers where the ACK proved them, lengths, \r kept).
#[test]
fn follow_text_places_gaps_as_tshark_does() {
    let shared = shared_captures("follow_text_places_gaps_as_tshark_does (shared part)");
    let gdir = root().join("tests/golden/tshark/follow-ascii");
    let mut checked = 0;
    for e in std::fs::read_dir(&gdir).unwrap() {
        let path = e.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let (cap, n) = file.rsplit_once('.').unwrap();
        let mut at = root().join("samples").join(cap);
        if !at.exists() {
            match &shared {
                Some(dir) => at = dir.join(cap),
                None => continue,
            }
        }
        let script = format!(
            "c = rdpcap({}).conversations(timeout=None).grep('TCP')\nc[{n}].follow()\n",
            lit(&at)
        );
        let r = pcapsh(&["-c", &script]);
        assert_eq!(r.code, 0, "{file}: {}", r.err);
        let want = std::fs::read_to_string(&path).unwrap();
        let keep = |l: &&str| !l.starts_with("Filter: ") && !l.starts_with("Conversation: ");
        let want: Vec<&str> = want.lines().filter(keep).collect();
        // Held data is pcapsh's addition, after the last chunk.
        let got: Vec<&str> = r
            .out
            .lines()
            .filter(keep)
            .filter(|l| !l.contains("never acknowledged: not delivered]"))
            .collect();
        assert_eq!(want.len(), got.len(), "{file}: line count");
        // tshark's node 0 sent the first packet, pcapsh's is the initiator: when they
        // differ, the sides' indentation is swapped and only the text is compared.
        let swapped = want.iter().find(|l| l.starts_with("Node 0: "))
            != got.iter().find(|l| l.starts_with("Node 0: "));
        for (i, (w, g)) in want.iter().zip(&got).enumerate() {
            if swapped && w.starts_with("Node ") {
                continue;
            }
            let (w, g) = if swapped {
                (w.trim_start_matches('\t'), g.trim_start_matches('\t'))
            } else {
                (*w, *g)
            };
            assert_eq!(w, g, "{file}: line {}", i + 1);
        }
        checked += 1;
    }
    // The recorded samples: holes the client acknowledged, one marker each; the
    // one-sided view, where everything after the first hole is held.
    assert!(checked >= 3, "{checked}");
    let digest = |name: &str| -> Vec<String> {
        let p = root()
            .join("tests/golden/tshark")
            .join(format!("{name}.follow-digest"));
        let text = std::fs::read_to_string(p).unwrap();
        text.split_whitespace().map(String::from).collect()
    };
    let gaps = digest("lossy-gaps.pcap");
    let markers: usize = gaps[7].parse::<usize>().unwrap() + gaps[8].parse::<usize>().unwrap();
    assert!(markers >= 2, "{gaps:?}");
    let r = pcapsh(&[
        "-c",
        "c = rdpcap('samples/lossy-gaps.pcap').conversations().grep('TCP')\nc[0].follow()",
    ]);
    assert_eq!(
        r.out.matches(" bytes missing in capture file].").count(),
        markers,
        "{}",
        r.out
    );
    let one = digest("lossy-oneside.pcap");
    let r = pcapsh(&["-c", "c = rdpcap('samples/lossy-oneside.pcap').conversations().grep('TCP')\nc[0].follow()\nprint(len(c[0].payload('server')))"]);
    assert!(
        r.out
            .contains(" bytes after a gap, never acknowledged: not delivered]\n"),
        "{}",
        r.out
    );
    assert!(r.out.ends_with(&format!("\n{}\n", one[3])), "{}", r.out);
    // A stray challenge ACK before the SYN-ACK: the server's side restarts at its SYN.
    let r = pcapsh(&["-c", "c = rdpcap('samples/stray-ack.pcap').conversations().grep('TCP')\nprint(len(c), c[0].payload('client'), c[0].payload('server'))"]);
    assert_eq!(r.out, "1 b'second' b'hello second'\n", "{}", r.err);
    // (Its follow text, with no gap before the server's data, is in follow-ascii/.)
    // Two held copies from the same byte, the second longer, then a shorter third: the
    // receiver got the longer one, as its application's echo shows (its follow text,
    // three chunks as tshark prints them, is in follow-ascii/).
    let r = pcapsh(&["-c", "c = rdpcap('samples/overlap.pcap').conversations().grep('TCP')\nprint(c[0].payload('client'), c[0].payload('server'))"]);
    assert_eq!(
        r.out, "b'data: hello world!\\n' b'you sent: data: hello world!\\n'\n",
        "{}",
        r.err
    );
    let Some(shared) = shared else {
        return;
    };
    assert_eq!(checked, 8);
    // And the held data is shown.
    let r = pcapsh(&[
        "-c",
        &format!(
            "c = rdpcap({}).conversations(timeout=None).grep('TCP')\nc[275].follow()",
            lit(&shared.join("ppp-tls2.pcap"))
        ),
    ]);
    assert!(
        r.out
            .contains("\t[697 bytes after a gap, never acknowledged: not delivered]\n"),
        "{}",
        r.out
    );
}

#[test]
fn conversation_table_json_states_and_views() {
    let r = pcapsh(&[
        "--json",
        "-c",
        "a = rdpcap('samples/mixed.pcap'); a.conversations()",
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    let v: serde_json::Value = serde_json::from_str(r.out.trim()).unwrap();
    let all = v.as_array().unwrap();
    let find = |k: &str| {
        all.iter()
            .find(|c| c["key"] == k)
            .unwrap_or_else(|| panic!("no {k}"))
    };
    let http = find("TCP 10.99.0.1:60346 <-> 10.99.0.2:80");
    assert_eq!(
        (http["packets_ab"].as_u64(), http["packets_ba"].as_u64()),
        (Some(17), Some(18))
    );
    assert_eq!(
        (http["bytes_ab"].as_u64(), http["bytes_ba"].as_u64()),
        (Some(1211), Some(21385))
    );
    assert_eq!(
        (http["a"].as_str(), http["b"].as_str()),
        (Some("10.99.0.1:60346"), Some("10.99.0.2:80"))
    );
    assert_eq!(http["state"], "SF");
    assert_eq!(find("TCP 10.99.0.1:50858 <-> 10.99.0.2:81")["state"], "REJ");
    assert!(find("UDP 10.99.0.1:50243 <-> 10.99.0.2:53")["state"].is_null());
    // Times are exact: six decimals for a microsecond capture.
    let raw = r
        .out
        .split("\"start\":")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    assert_eq!(raw.split('.').nth(1).unwrap().len(), 6, "{raw}");
    for k in ["index", "proto", "duration"] {
        assert!(http.get(k).is_some(), "missing {k}");
    }

    let r = pcapsh(&["-c", "c = rdpcap('samples/mixed.pcap').conversations()\nprint(len(c), len(c.grep('TCP')), c.sort('bytes').keys()[0], len(c.head(3)))\nc.grep(':443')"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let first = r.out.lines().next().unwrap();
    assert_eq!(first, "17 5 TCP 10.99.0.1:60346 <-> 10.99.0.2:80 3");
    assert!(
        r.out
            .contains("| 16 | TCP 10.99.0.1:45390 <-> 10.99.0.2:443 |"),
        "{}",
        r.out
    );
    assert!(r.out.trim_end().ends_with("1 conversations"), "{}", r.out);

    // An idle timeout splits other flows: the two pings 0.2 s apart become two.
    let r = pcapsh(&["-c", "a = rdpcap('samples/mixed.pcap')\nprint(len(a.conversations().grep('id=0xfc0')), len(a.conversations(timeout=0.1).grep('id=0xfc0')))"]);
    assert_eq!(r.out, "1 2\n", "{}", r.err);
}

#[test]
fn follow_shows_both_directions_in_tshark_layouts() {
    let r = pcapsh(&["-c", "c = rdpcap('samples/mixed.pcap').conversations()\nv = c['TCP fd99::1:51540 <-> fd99::2:80']\nv.follow()\nv.follow('raw')\nprint(v.payload('server')[:15])"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.contains("Follow: tcp,ascii\nConversation: TCP fd99::1:51540 <-> fd99::2:80\nNode 0: fd99::1:51540\nNode 1: fd99::2:80\n83\nGET /index.html HTTP/1.1"), "{}", r.out);
    assert!(r.out.contains("\n\t185\nHTTP/1.0 200 OK"), "{}", r.out);
    assert!(r.out.contains("Follow: tcp,raw\n"), "{}", r.out);
    assert!(r.out.contains("\n474554202f696e646578"), "{}", r.out);
    assert!(r.out.ends_with("b'HTTP/1.0 200 OK'\n"), "{}", r.out);
    // A list of many conversations says which to pick.
    let r = pcapsh(&["-c", "rdpcap('samples/mixed.pcap').follow()"]);
    assert_eq!(r.code, 1);
    assert!(
        r.err.contains("conversations; follow one of them"),
        "{}",
        r.err
    );
}

#[test]
fn times_in_four_forms() {
    let r = pcapsh(&["-c", "a = rdpcap('samples/mixed-ns.pcap')[:3]\nprint(a.times('abs')[1], a.times('rel')[1], a.times('delta')[2], a.times('iso')[0])"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let parts: Vec<&str> = r.out.split_whitespace().collect();
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[0].split('.').nth(1).unwrap().len(), 9);
    assert!(parts[1].starts_with("0.9"), "{}", r.out);
    assert!(
        parts[3].starts_with("2026-11-26T") && parts[3].ends_with('Z') && parts[3].len() == 30,
        "{}",
        r.out
    );
}

#[test]
fn split_writes_every_session_and_conversation_to_its_own_file() {
    let dir = std::env::temp_dir().join(format!("pcapsh-split-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.display().to_string();
    let script = format!(
        "a = rdpcap('samples/mixed-ns.pcap')\nprint(a.sessions().split('{d}/s'))\nprint(a.conversations().split('{d}/c'))\n"
    );
    let r = pcapsh(&["-c", &script]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(r.out, "27\n17\n");
    for (sub, n) in [("s", 27), ("c", 17)] {
        let files: Vec<_> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), n);
        // Every packet is in exactly one file, with its exact time and bytes.
        let mut total = 0;
        for f in &files {
            let r = pcapsh(&["-c", &format!("b = rdpcap({})\nprint(len(b))", lit(f))]);
            total += r.out.trim().parse::<usize>().unwrap();
            if let Ok(t) = std::process::Command::new("tshark")
                .args(["-n", "-r"])
                .arg(f)
                .arg("-T")
                .arg("fields")
                .arg("-e")
                .arg("frame.len")
                .output()
            {
                if t.status.success() {
                    let frames = String::from_utf8_lossy(&t.stdout).lines().count();
                    assert_eq!(
                        frames,
                        r.out.trim().parse::<usize>().unwrap(),
                        "tshark reads {}",
                        f.display()
                    );
                }
            }
        }
        assert_eq!(total, 113);
    }
    let name = std::fs::read_dir(dir.join("s"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .min()
        .unwrap();
    assert_eq!(name, "00000_IPv6_fe80_ff_fe99_1_to_ff02_2_nh_ICMPv6.pcap");
    // A second split refuses to overwrite, unless told to.
    let r = pcapsh(&["-c", &script]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("exists; pass overwrite=True"), "{}", r.err);
    let r = pcapsh(&[
        "-c",
        &format!(
            "print(rdpcap('samples/mixed-ns.pcap').sessions().split('{d}/s', overwrite=True))"
        ),
    ]);
    assert_eq!(r.out, "27\n", "{}", r.err);
    std::fs::remove_dir_all(&dir).ok();
}
