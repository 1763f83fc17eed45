//! Building packets: a read packet, taken apart into fields and built again, gives its
//! own bytes; built packets written by wrpcap are read back by tshark with checksums
//! that check; what depends on this machine's routes matches real Scapy run here.

use crate::common::{pcapsh, root, shared_captures};

fn captures() -> Vec<std::path::PathBuf> {
    let mut all: Vec<_> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".pcap"))
        .collect();
    if let Some(dir) = shared_captures("read_packets_build_to_their_own_bytes") {
        all.extend(
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_file() && p.to_string_lossy().contains(".pcap")),
        );
    }
    all.sort();
    all
}

#[test]
fn read_packets_build_to_their_own_bytes() {
    let (mut n, mut bad) = (0, Vec::new());
    for path in captures() {
        let Ok(cap) = pcapsh::capture::Capture::open(&path) else {
            continue;
        };
        for i in 0..cap.len() {
            let data = cap.packet(i);
            let d = pcapsh::dissect::dissect(cap.linktype(i), data);
            let b = pcapsh::build::from_packet(&d);
            n += 1;
            match b.bytes() {
                Ok(out) if out == data => {}
                Ok(_) => bad.push(format!("{}#{}: other bytes", path.display(), i + 1)),
                Err(e) => bad.push(format!("{}#{}: {e}", path.display(), i + 1)),
            }
        }
    }
    assert!(n > 1000, "only {n} packets");
    assert!(
        bad.is_empty(),
        "{} of {n} differ: {:?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
}

/// Whether real Scapy 2.8.0 runs here (CI installs it); the test says when it skips.
fn scapy() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import scapy; assert scapy.VERSION == '2.8.0'"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: Scapy 2.8.0 is not installed (pip install scapy==2.8.0)"
        );
    }
    ok
}

#[test]
fn addresses_from_this_machines_routes_match_scapy() {
    if !scapy() {
        return;
    }
    let script = std::fs::read_to_string(root().join("tests/build/route.py")).unwrap();
    let py = std::env::temp_dir().join(format!("pcapsh-route-{}.py", std::process::id()));
    std::fs::write(
        &py,
        format!("from scapy.all import *\nconf.verb = 0\n{script}"),
    )
    .unwrap();
    let want = std::process::Command::new("python3")
        .arg(&py)
        .current_dir(root())
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&py);
    assert!(
        want.status.success(),
        "{}",
        String::from_utf8_lossy(&want.stderr)
    );
    let r = pcapsh(&["tests/build/route.py"]);
    assert_eq!(r.code, 0, "{}", r.err);
    if let Some(d) = crate::common::first_diff(&String::from_utf8_lossy(&want.stdout), &r.out) {
        panic!("tests/build/route.py differs from Scapy at {d}");
    }
}

#[test]
fn built_packets_are_read_back_by_tshark_with_good_checksums() {
    if !crate::common::have("tshark") {
        return;
    }
    let out = std::env::temp_dir().join(format!("pcapsh-built-{}.pcap", std::process::id()));
    let script = format!(
        "wrpcap('{}', [Ether(src='00:0a:0b:0c:0d:0e', dst='00:01:02:03:04:05')/IP(src='10.0.0.1', dst='10.0.0.2')/TCP(sport=1025, dport=80, flags='PA', options=[('MSS', 1460), ('NOP', None), ('WScale', 7)])/'GET / HTTP/1.0\\r\\n\\r\\n', \
         Ether(src='00:0a:0b:0c:0d:0e', dst='00:01:02:03:04:05')/IP(src='10.0.0.1', dst='10.0.0.2')/UDP(sport=5000, dport=53)/DNS(qd=DNSQR(qname='example.org')), \
         Ether(src='00:0a:0b:0c:0d:0e', dst='00:01:02:03:04:05')/IP(src='10.0.0.1', dst='10.0.0.2')/ICMP(id=1, seq=2)/b'ping', \
         Ether(src='00:0a:0b:0c:0d:0e', dst='00:01:02:03:04:05')/IPv6(src='2001:db8::1', dst='2001:db8::2')/TCP(sport=1, dport=443), \
         Ether(src='00:0a:0b:0c:0d:0e', dst='00:01:02:03:04:05')/IPv6(src='2001:db8::1', dst='2001:db8::2')/UDP(sport=1, dport=2)/b'x', \
         Ether(src='00:0a:0b:0c:0d:0e', dst='00:01:02:03:04:05')/IPv6(src='2001:db8::1', dst='2001:db8::2')/ICMPv6EchoRequest(id=3, seq=4)])",
        out.display()
    );
    let r = pcapsh(&["-c", &script]);
    assert_eq!(r.code, 0, "{}", r.err);
    let t = std::process::Command::new("tshark")
        .args([
            "-r",
            &out.to_string_lossy(),
            "-o",
            "ip.check_checksum:TRUE",
            "-o",
            "tcp.check_checksum:TRUE",
            "-o",
            "udp.check_checksum:TRUE",
        ])
        .args([
            "-T",
            "fields",
            "-e",
            "frame.protocols",
            "-e",
            "ip.checksum.status",
            "-e",
            "tcp.checksum.status",
            "-e",
            "udp.checksum.status",
            "-e",
            "icmp.checksum.status",
            "-e",
            "icmpv6.checksum.status",
            "-e",
            "_ws.expert.message",
        ])
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&out);
    let text = String::from_utf8_lossy(&t.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    let want = [
        "eth:ethertype:ip:tcp:http",
        "eth:ethertype:ip:udp:dns",
        "eth:ethertype:ip:icmp:data",
        "eth:ethertype:ipv6:tcp",
        "eth:ethertype:ipv6:udp:data",
        "eth:ethertype:ipv6:icmpv6",
    ];
    for (l, w) in lines.iter().zip(want) {
        let cols: Vec<&str> = l.split('\t').collect();
        assert_eq!(cols[0], w, "{l}");
        // 1: the checksum is good; 0 would be bad, 2 unverified.
        for c in &cols[1..6] {
            assert!(c.is_empty() || *c == "1", "checksum not good: {l}");
        }
        assert!(cols[1..6].contains(&"1"), "no checksum checked: {l}");
    }
}

/// Frame number -> (seq, ack when ACK is set, len).
type TcpNumbers = std::collections::HashMap<u32, (u32, Option<u32>, u32)>;

/// tshark's relative sequence and acknowledgement numbers and payload length of each
/// TCP frame: frame number -> (seq, ack or None without ACK, len).
fn tshark_tcp(path: &std::path::Path) -> Option<TcpNumbers> {
    let o = std::process::Command::new("tshark")
        .args(["-r", &path.to_string_lossy(), "-Y", "tcp", "-T", "fields"])
        .args([
            "-e",
            "frame.number",
            "-e",
            "tcp.seq",
            "-e",
            "tcp.ack",
            "-e",
            "tcp.len",
            "-e",
            "tcp.flags.ack",
        ])
        .args(["-E", "occurrence=f"])
        .output()
        .ok()?;
    let mut m = std::collections::HashMap::new();
    for l in String::from_utf8_lossy(&o.stdout).lines() {
        let c: Vec<&str> = l.split('\t').collect();
        if c.len() < 5 {
            continue;
        }
        let n = |s: &str| s.parse::<u32>().ok();
        let ack = (c[4] == "1" || c[4] == "True").then(|| n(c[2])).flatten();
        if let (Some(f), Some(s), Some(len)) = (n(c[0]), n(c[1]), n(c[3])) {
            m.insert(f, (s, ack, len));
        }
    }
    Some(m)
}

/// The ladder's numbers are tshark's: for every TCP packet of every conversation in the
/// samples and shared captures, the same relative seq, ack and length.
#[test]
fn ladder_numbers_equal_tsharks() {
    if !crate::common::have("tshark") {
        return;
    }
    let (mut n, mut bad) = (0, Vec::new());
    for path in captures() {
        let Ok(cap) = pcapsh::capture::Capture::open(&path) else {
            continue;
        };
        let Some(want) = tshark_tcp(&path) else {
            continue;
        };
        for conv in pcapsh::session::conv::conversations(&cap, None, None) {
            if conv.kind != pcapsh::session::conv::Kind::Tcp {
                continue;
            }
            for r in pcapsh::session::ladder::rows(&cap, &conv) {
                let Some(&(seq, ack, len)) = want.get(&(r.index + 1)) else {
                    continue;
                };
                n += 1;
                let mut mine = format!(" seq={seq}");
                if let Some(a) = ack {
                    mine.push_str(&format!(" ack={a}"));
                }
                if len > 0 {
                    mine.push_str(&format!(" len={len}"));
                }
                if !r.label.ends_with(&mine) {
                    bad.push(format!(
                        "{}#{}: {} vs tshark{mine}",
                        path.display(),
                        r.index + 1,
                        r.label
                    ));
                }
            }
        }
    }
    assert!(n > 1000, "only {n} packets");
    assert!(
        bad.is_empty(),
        "{} of {n} differ: {:?}",
        bad.len(),
        &bad[..bad.len().min(8)]
    );
}

/// Retransmissions the ladder marks are the frames tshark's analysis calls
/// retransmissions, on the samples recorded with loss.
#[test]
fn ladder_marks_tsharks_retransmissions() {
    if !crate::common::have("tshark") {
        return;
    }
    for name in ["samples/lossy.pcap", "samples/lossy-gaps.pcap"] {
        let path = root().join(name);
        let o = std::process::Command::new("tshark")
            .args(["-r", &path.to_string_lossy(), "-T", "fields", "-e", "frame.number", "-Y"])
            .arg("tcp.analysis.retransmission || tcp.analysis.fast_retransmission || tcp.analysis.spurious_retransmission")
            .output()
            .unwrap();
        let want: Vec<u32> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect();
        let cap = pcapsh::capture::Capture::open(&path).unwrap();
        let mut got: Vec<u32> = pcapsh::session::conv::conversations(&cap, None, None)
            .iter()
            .flat_map(|c| pcapsh::session::ladder::rows(&cap, c))
            .filter(|r| r.retransmission)
            .map(|r| r.index + 1)
            .collect();
        got.sort();
        assert!(!want.is_empty());
        assert_eq!(got, want, "{name}");
    }
}
