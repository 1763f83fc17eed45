//! Issue "Never crash, never lose a file": each case that once killed the shell, hung, or
//! lost or misplaced a file, run through the real binary. The Python-comparable cases
//! (times, int(), formats, recursion, self-holding containers) are in
//! tests/scripts/limits.py against Scapy's own output.

use std::path::{Path, PathBuf};

use crate::common::{lit, pcapsh, pcapsh_in, root};

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pcapsh-robust-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn sample() -> PathBuf {
    root().join("samples/blogexample.pcap")
}

/// Runs statements with `-c`; returns (stdout, stderr, exit status).
fn run(cmds: &str) -> (String, String, i32) {
    let r = pcapsh(&["-c", cmds]);
    (r.out, r.err, r.code)
}

#[test]
fn values_too_large_to_make_are_a_memory_error_not_the_machine() {
    for (cmds, what) in [
        ("x = [0] * 10**9", "list repetition"),
        ("x = 'a'.ljust(10**10)", "ljust"),
        ("x = '%99999999999d' % 1", "% width"),
        ("x = format(1.5, '>99999999999')", "format width"),
        ("s = 'x'\nwhile True: s = s + s", "string doubling"),
        ("x = [1]\nwhile True: x += x", "list doubling in place"),
    ] {
        let (_, err, code) = run(cmds);
        assert_eq!(code, 1, "{what}: {err}");
        assert!(err.contains("MemoryError"), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
    // An empty list repeated any number of times is empty, at once.
    assert_eq!(run("print(len([] * 10**12))").0, "0\n");
}

#[test]
fn deep_expressions_are_a_recursion_error_not_a_stack_overflow() {
    for (src, what) in [
        (
            format!("x = 1\ny = {}x", "not ".repeat(10_000)),
            "not chain",
        ),
        (format!("x = 1\ny = {}x", "-".repeat(10_000)), "minus chain"),
        (
            format!("x = [0]\ny = x{}", "[0]".repeat(10_000)),
            "index chain",
        ),
        (format!("y = 1{}", "+1".repeat(10_000)), "sum chain"),
    ] {
        let dir = scratch("deep");
        let f = dir.join("deep.py");
        std::fs::write(&f, src).unwrap();
        let r = pcapsh(&[f.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{what}: {}", r.err);
        assert!(r.err.contains("RecursionError"), "{what}: {}", r.err);
    }
    // Within Python's limits, deep code runs.
    let (out, err, _) = run(&format!("x = 1\nprint({}x)", "not ".repeat(2000)));
    assert_eq!(out, "True\n", "{err}");
}

/// Values nested a million levels deep are dropped without recursion (CPython's
/// "trashcan"): rebinding the name, `del`, a function's scope ending and the end of the
/// run each let go of one. Hashing one is Python's RecursionError (CPython crashes).
#[test]
fn deeply_nested_values_are_dropped_and_hashed_without_overflow() {
    for (src, want) in [
        ("x = []\nfor i in range(10**6): x = [x]\nx = None\nprint('list')", "list\n"),
        ("d = {}\nfor i in range(10**6): d = {'k': d}\ndel d\nprint('dict')", "dict\n"),
        ("t = ()\nfor i in range(10**6): t = (t,)\nprint(len(t))", "1\n"),
        (
            "def f():\n    x = []\n    for i in range(10**6): x = [x]\n    return 'scope'\nprint(f())",
            "scope\n",
        ),
        (
            "t = ()\nfor i in range(10**5): t = (t,)\ntry:\n    {t}\nexcept RecursionError as e:\n    print(e)",
            "maximum recursion depth exceeded while hashing a tuple\n",
        ),
    ] {
        let (out, err, code) = run(src);
        assert_eq!((out.as_str(), code), (want, 0), "{src}: {err}");
    }
}

#[test]
fn the_shell_keeps_its_variables_after_an_error_deep_in_a_statement() {
    let r = pcapsh_in(
        &["--keep-going"],
        Some("x = 5\ndef f(n): return f(n + 1)\nf(0)\nprint(x)\n"),
    );
    assert!(r.err.contains("RecursionError"), "{}", r.err);
    assert!(r.out.ends_with("5\n"), "{}", r.out);
}

#[test]
fn string_appends_in_a_loop_stay_linear() {
    // 400,000 appends: quadratic copying took minutes; in place it takes milliseconds.
    let t = std::time::Instant::now();
    let (out, err, _) = run("s = ''\nfor i in range(400000): s += 'abcdefghij'\nprint(len(s))");
    assert_eq!(out, "4000000\n", "{err}");
    assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
    // A string another name still holds is not changed by += on the first.
    let (out, _, _) = run("a = 'x'\nb = a\nb += 'y'\nprint(a, b)");
    assert_eq!(out, "x xy\n");
}

#[test]
fn scripts_with_a_bom_or_latin1_run_and_bad_utf8_names_its_line() {
    let dir = scratch("utf8");
    let bom = dir.join("bom.py");
    std::fs::write(&bom, b"\xef\xbb\xbfprint('bom ok')\n").unwrap();
    assert_eq!(pcapsh(&[bom.to_str().unwrap()]).out, "bom ok\n");
    let l1 = dir.join("l1.py");
    std::fs::write(&l1, b"# -*- coding: latin-1 -*-\nprint('caf\xe9')\n").unwrap();
    assert_eq!(pcapsh(&[l1.to_str().unwrap()]).out, "caf\u{e9}\n");
    let bad = dir.join("bad.py");
    std::fs::write(&bad, b"x = 1\nprint('a\xff')\n").unwrap();
    let r = pcapsh(&[bad.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.err.contains("Non-UTF-8 code starting with '\\xff'") && r.err.contains("line 2"),
        "{}",
        r.err
    );
}

#[test]
fn wrpcap_over_the_loaded_capture_keeps_both() {
    let dir = scratch("overwrite");
    let m = dir.join("m.pcap");
    std::fs::copy(sample(), &m).unwrap();
    let (out, err, code) = run(&format!(
        "a = rdpcap({0})\nwrpcap({0}, [p for p in a if TCP in p])\nprint(len(a), a[-1].summary())\n\
         a[0].original.save({0})\nprint(len(a), len(rdpcap({0}, 1) if False else a))",
        lit(&m)
    ));
    assert_eq!(code, 0, "{err}");
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("34 "), "{out}");
    // The loaded list still reads; the file now holds what was saved last.
    let saved = std::fs::read(&m).unwrap();
    let original = std::fs::read(sample()).unwrap();
    assert!(saved.len() < original.len() && !saved.is_empty());
    // No temporary files are left beside it.
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn write_errors_are_reported_with_the_path_and_leave_nothing() {
    if Path::new("/dev/full").exists() {
        let (_, err, code) = run(&format!(
            "a = rdpcap({})\nwrpcap('/dev/full', a)",
            lit(&sample())
        ));
        assert_eq!(code, 1);
        assert!(
            err.contains("cannot write /dev/full") && err.contains("No space left"),
            "{err}"
        );
    }
    // A directory that cannot be written: the error names the file.
    let dir = scratch("nowrite");
    let target = dir.join("missing-dir/x.pcap");
    let (_, err, code) = run(&format!(
        "a = rdpcap({})\nwrpcap({}, a)",
        lit(&sample()),
        lit(&target)
    ));
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot write") && err.contains("x.pcap"),
        "{err}"
    );
}

#[test]
fn split_never_writes_through_a_symlink_and_reruns_after_a_refusal() {
    let dir = scratch("split");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let victim = dir.join("victim");
    std::fs::write(&victim, "precious").unwrap();
    // Learn the first file name split() makes, then plant a symlink there.
    let (_, err, code) = run(&format!(
        "a = rdpcap({})\na.sessions().split({})",
        lit(&sample()),
        lit(&out)
    ));
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    std::fs::remove_dir_all(&out).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&victim, out.join(&names[0])).unwrap();
    let split = |overwrite: bool| {
        run(&format!(
            "a = rdpcap({})\nprint(a.sessions().split({}, overwrite={}))",
            lit(&sample()),
            lit(&out),
            if overwrite { "True" } else { "False" }
        ))
    };
    let (_, err, code) = split(false);
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot write") && err.contains("exists"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let (o, err, code) = split(true);
    assert_eq!(code, 0, "{err}");
    assert_eq!(o.trim(), names.len().to_string());
    // The symlink was replaced by a file; its target is untouched.
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let meta = std::fs::symlink_metadata(out.join(&names[0])).unwrap();
    assert!(meta.file_type().is_file());
    // No temporary files left; a rerun with overwrite succeeds again.
    assert!(std::fs::read_dir(&out).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".tmp")));
    assert_eq!(split(true).2, 0);
}

#[test]
fn written_files_follow_their_names_and_read_back() {
    let dir = scratch("names");
    let (_, err, code) = run(&format!(
        "a = rdpcap({s})\nwrpcap({}, a)\nwrpcap({}, a)\nwrpcap({}, a)\n\
         print(len(rdpcap({})), len(rdpcap({})), len(rdpcap({})))",
        lit(&dir.join("x.PCAPNG")),
        lit(&dir.join("x.pcap.gz")),
        lit(&dir.join("y.pcapng.gz")),
        lit(&dir.join("x.PCAPNG")),
        lit(&dir.join("x.pcap.gz")),
        lit(&dir.join("y.pcapng.gz")),
        s = lit(&sample()),
    ));
    assert_eq!(code, 0, "{err}");
    let head = |f: &str| std::fs::read(dir.join(f)).unwrap()[..4].to_vec();
    assert_eq!(head("x.PCAPNG"), [0x0a, 0x0d, 0x0d, 0x0a]);
    assert_eq!(head("x.pcap.gz")[..2], [0x1f, 0x8b]);
    assert_eq!(head("y.pcapng.gz")[..2], [0x1f, 0x8b]);
    if let Ok(o) = std::process::Command::new("tshark")
        .args(["-r", dir.join("y.pcapng.gz").to_str().unwrap()])
        .output()
    {
        if o.status.success() {
            assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 34);
        }
    }
}

/// A pcap file header and records, built by hand for the cases no sample has.
fn pcap(linktype: u32, snaplen: u32, records: &[(u32, &[u8])]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend(0xa1b2c3d4u32.to_le_bytes());
    v.extend(2u16.to_le_bytes());
    v.extend(4u16.to_le_bytes());
    v.extend([0; 8]);
    v.extend(snaplen.to_le_bytes());
    v.extend(linktype.to_le_bytes());
    for (secs, data) in records {
        v.extend(secs.to_le_bytes());
        v.extend(0u32.to_le_bytes());
        v.extend((data.len() as u32).to_le_bytes());
        v.extend((data.len() as u32).to_le_bytes());
        v.extend(*data);
    }
    v
}

#[test]
fn the_pcap_snaplen_written_covers_every_record() {
    let dir = scratch("snaplen");
    let big = vec![0u8; 70_000];
    let src = dir.join("small-snaplen.pcap");
    std::fs::write(&src, pcap(1, 1000, &[(1, &big)])).unwrap();
    let out = dir.join("out.pcap");
    let (_, err, code) = run(&format!("wrpcap({}, rdpcap({}))", lit(&out), lit(&src)));
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read(&out).unwrap();
    let snaplen = u32::from_le_bytes(written[16..20].try_into().unwrap());
    assert!(snaplen >= 70_000, "snaplen {snaplen}");
}

#[test]
fn reserved_link_type_bits_are_named_not_dropped() {
    let dir = scratch("linktype");
    let f = dir.join("lt.pcap");
    std::fs::write(&f, pcap(0x0001_0001, 65535, &[(1, &[0u8; 60])])).unwrap();
    let (_, err, _) = run(&format!("a = rdpcap({})", lit(&f)));
    assert!(err.contains("reserved bits"), "{err}");
}

#[test]
fn gzip_bombs_are_refused_and_cut_gzip_is_reported() {
    use std::io::Write;
    let dir = scratch("gzip");
    // 16-byte empty records inflate about a thousand times.
    let bomb = dir.join("bomb.pcap.gz");
    let mut z = flate2::write::GzEncoder::new(
        std::fs::File::create(&bomb).unwrap(),
        flate2::Compression::best(),
    );
    z.write_all(&pcap(1, 65535, &[])).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..400 {
        z.write_all(&zeros).unwrap();
    }
    z.finish().unwrap();
    let (_, err, code) = run(&format!("a = rdpcap({})", lit(&bomb)));
    assert_eq!(code, 1);
    assert!(
        err.contains("gzip bomb") && err.contains("bomb.pcap.gz"),
        "{err}"
    );
    // A gzip file cut short loads what inflated and says so.
    let whole = dir.join("whole.pcap.gz");
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&std::fs::read(sample()).unwrap()).unwrap();
    let gz = z.finish().unwrap();
    std::fs::write(&whole, &gz[..gz.len() - 8]).unwrap();
    let (out, err, code) = run(&format!("print(len(rdpcap({})))", lit(&whole)));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "34\n");
    assert!(err.contains("cut short"), "{err}");
}

#[test]
fn a_capture_truncated_while_loaded_reads_zeros_and_says_so() {
    let dir = scratch("shrink");
    let f = dir.join("big.pcap");
    // Enough records to span many pages.
    let payload = vec![0x45u8; 1400];
    let recs: Vec<(u32, &[u8])> = (0..2000).map(|i| (i, &payload[..])).collect();
    std::fs::write(&f, pcap(1, 65535, &recs)).unwrap();
    let (out, err, code) = run(&format!(
        "a = rdpcap({0})\nprint(len(a))\nopen({0}, 'w').close()\nprint(len(a[-1]), a[-1].summary())\nprint(len(a[1000].original))",
        lit(&f)
    ));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().next(), Some("2000"));
    assert!(err.contains("shrank while loaded"), "{err}");
    assert_eq!(err.matches("shrank while loaded").count(), 1, "{err}");
}

#[test]
fn fifos_and_pipes_are_read_as_streams() {
    let dir = scratch("fifo");
    let fifo = dir.join("cap.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let (f2, s) = (fifo.clone(), sample());
        // The writer comes a moment later: pcapsh waits for it instead of reading nothing.
        let writer = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            std::fs::write(&f2, std::fs::read(s).unwrap()).unwrap();
        });
        let (out, err, _) = run(&format!("print(len(rdpcap({})))", lit(&fifo)));
        writer.join().unwrap();
        assert_eq!(out, "34\n", "{err}");
    }
    // A device that never ends and is no capture is refused at once.
    let (_, err, code) = run("rdpcap('/dev/zero')");
    assert_eq!(code, 1);
    assert!(err.contains("not a pcap or pcapng capture"), "{err}");
}
