//! Several captures as one list, and the Parquet tables `pcapsh export` and `to_parquet`
//! write, read back by DuckDB (and Spark where installed) and compared with pcapsh's own
//! values, tshark's fields and mergecap's order (tests/tables/check.py).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{lit, pcapsh, root, shared_captures};

fn say(msg: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Whether python3 can import `module`. In CI (which installs it) a missing module is a
/// failure, not a skip.
fn python_has(module: &str, test: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: python3 cannot import {module}, which .ci/run installs"
        );
        say(&format!(
            "skipping {test}: python3 has no {module} (pip install {module})"
        ));
    }
    ok
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pcapsh-tables-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn samples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".pcap") || n.ends_with(".pcapng")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn duckdb_reads_what_pcapsh_and_tshark_say() {
    if !python_has("duckdb", "duckdb_reads_what_pcapsh_and_tshark_say") {
        return;
    }
    let mut caps = samples();
    if let Some(shared) = shared_captures("duckdb_reads_what_pcapsh_and_tshark_say (shared part)") {
        let mut more: Vec<PathBuf> = std::fs::read_dir(shared)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".md"))
            .collect();
        more.sort();
        caps.extend(more);
    }
    let out = tmp("check");
    let o = Command::new("python3")
        .arg(root().join("tests/tables/check.py"))
        .arg(env!("CARGO_BIN_EXE_pcapsh"))
        .arg(&out)
        .args(&caps)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    say(text.lines().last().unwrap_or(""));
    assert!(
        o.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let spark = Command::new("python3")
        .arg(root().join("tests/tables/spark.py"))
        .arg(&out)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&spark.stdout);
    say(&format!("spark: {}", s.trim()));
    assert!(spark.status.success(), "{s}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_directory_of_a_hundred_captures_exports_in_one_command() {
    let dir = tmp("hundred");
    let parts = dir.join("parts");
    std::fs::create_dir_all(&parts).unwrap();
    // The 100 captures: the lossy download cut into consecutive pieces, as tcpdump -C would.
    let code = format!(
        "a = rdpcap('samples/lossy.pcap')\nn = len(a)\nfor i in range(100):\n    wrpcap({} + '/part%03d.pcap' % i, a[i * n // 100:(i + 1) * n // 100])\n\
         print(len(a), sum(p.wirelen for p in a), len(a.conversations()))",
        lit(&parts)
    );
    let r = pcapsh(&["-c", &code]);
    assert_eq!(r.code, 0, "{}", r.err);
    let want = r.out.trim().to_string();
    let out = dir.join("out");
    let r = pcapsh(&[
        "export",
        "--out",
        out.to_str().unwrap(),
        parts.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.err.contains("exported 100 of 100 captures"), "{}", r.err);
    assert_eq!(std::fs::read_dir(out.join("packets")).unwrap().count(), 100);
    // The same list read back as one, from the directory.
    let r = pcapsh(&[
        "-c",
        &format!("a = rdpcap({}); print(len(a), sum(p.wirelen for p in a), len(a.conversations())); print(a[0].file.endswith('part000.pcap'), a[-1].file.endswith('part099.pcap'))", lit(&parts)),
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    let mut lines = r.out.lines();
    assert_eq!(lines.next(), Some(want.as_str()));
    assert_eq!(lines.next(), Some("True True"));
    if python_has(
        "duckdb",
        "a_directory_of_a_hundred_captures_exports_in_one_command",
    ) {
        let q = format!(
            "import duckdb; print(*duckdb.sql(\"SELECT count(*), sum(wirelen), count(DISTINCT file) FROM '{}/packets/*.parquet'\").fetchall()[0])",
            out.display()
        );
        let o = Command::new("python3").args(["-c", &q]).output().unwrap();
        let got = String::from_utf8_lossy(&o.stdout);
        let n: Vec<&str> = want.split(' ').collect();
        assert_eq!(
            got.trim(),
            format!("{} {} 100", n[0], n[1]),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // Never over what is there, unless asked; one bad file does not stop the others.
    std::fs::write(parts.join("zzz-notes.pcap"), b"not a capture at all").unwrap();
    let r = pcapsh(&[
        "export",
        "--table",
        "sessions",
        "--out",
        out.to_str().unwrap(),
        parts.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.err
            .contains("part000.pcap.parquet: it exists; pass --force to replace it"),
        "{}",
        r.err
    );
    let bad = parts.join("zzz-notes.pcap");
    std::fs::write(&bad, b"\xd4\xc3\xb2\xa1 but then nothing").unwrap();
    let r = pcapsh(&[
        "export",
        "--force",
        "--table",
        "sessions",
        "--out",
        out.to_str().unwrap(),
        parts.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(
        r.err.contains(&format!("error: {}", bad.display())),
        "{}",
        r.err
    );
    assert!(r.err.contains("exported 100 of 101 captures"), "{}", r.err);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn several_files_load_as_one_list_in_time_order() {
    let r = pcapsh(&[
        "-c",
        "a = rdpcap(['samples/lossy.pcap', 'samples/mixed.pcap']); print(a); b = rdpcap('samples/lossy-*.pcap'); print(b.name if hasattr(b, 'name') else '', len(b), sorted(set(p.file for p in b)))",
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    let first = r.out.lines().next().unwrap();
    assert!(first.starts_with("<lossy.pcap+mixed.pcap: TCP:"), "{first}");
    assert!(
        r.out.contains(
            "['samples/lossy-gaps.pcap', 'samples/lossy-oneside.pcap', 'samples/lossy-snap.pcap']"
        ),
        "{}",
        r.out
    );
    for (code, want) in [
        (
            "rdpcap('samples/nothing-*.pcap')",
            "samples/nothing-*.pcap: no file matches this pattern",
        ),
        ("rdpcap([])", "rdpcap() was given no file names"),
        (
            "rdpcap(['samples/mixed.pcap', 3])",
            "rdpcap() takes file names as text, not int",
        ),
        (
            "rdpcap(['samples/mixed.pcap', 'samples/missing.pcap'])",
            "samples/missing.pcap: no such file",
        ),
    ] {
        let r = pcapsh(&["-c", code]);
        assert_eq!(r.code, 1, "{code}");
        assert!(r.err.contains(want), "{code}: {}", r.err);
    }
}

#[test]
fn to_csv_and_to_parquet_refuse_what_they_do_not_take() {
    let dir = tmp("args");
    let p = lit(&dir.join("x.parquet"));
    for (code, want) in [
        (format!("rdpcap('samples/mixed.pcap').to_parquet({p}, compression='gzip')"), "unexpected keyword argument 'compression'"),
        (format!("rdpcap('samples/mixed.pcap').sessions().to_parquet({p}, summary=True)"), "unexpected keyword argument 'summary'"),
        ("rdpcap('samples/mixed.pcap').to_csv()".to_string(), "to_csv() needs a file name"),
        (format!("rdpcap('samples/mixed.pcap').to_parquet({p}); rdpcap('samples/mixed.pcap').to_parquet({p}, overwrite=False)"), "it exists"),
    ] {
        let r = pcapsh(&["-c", &code]);
        assert_eq!(r.code, 1, "{code}");
        assert!(r.err.contains(want), "{code}: {}", r.err);
    }
    // CSV: a header, then one line per packet, times as exact epoch seconds.
    let csv = dir.join("p.csv");
    let r = pcapsh(&[
        "-c",
        &format!(
            "a = rdpcap('samples/mixed.pcap'); a.to_csv({}); print(a[0].time)",
            lit(&csv)
        ),
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("file,index,frame,time,caplen,wirelen,"));
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        row[3].trim_end_matches('0'),
        r.out.trim().trim_end_matches('0')
    );
    assert_eq!(
        text.lines().count(),
        1 + count(Path::new("samples/mixed.pcap"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn count(p: &Path) -> usize {
    let r = pcapsh(&["-c", &format!("print(len(rdpcap({})))", lit(p))]);
    r.out.trim().parse().unwrap()
}

#[test]
fn a_key_found_in_sql_opens_in_the_shell() {
    if !python_has("duckdb", "a_key_found_in_sql_opens_in_the_shell") {
        return;
    }
    let out = tmp("roundtrip");
    let r = pcapsh(&[
        "export",
        "-t",
        "conversations",
        "-o",
        out.to_str().unwrap(),
        "samples/lossy.pcap",
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    let q = format!(
        "import duckdb; print(duckdb.sql(\"SELECT key FROM '{}/conversations/lossy.pcap.parquet' WHERE proto = 'TCP' ORDER BY bytes DESC LIMIT 1\").fetchall()[0][0])",
        out.display()
    );
    let o = Command::new("python3").args(["-c", &q]).output().unwrap();
    let key = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(
        key.starts_with("TCP "),
        "{key} {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let shell = pcapsh(&[
        "samples/lossy.pcap",
        "-c",
        &format!("c['{key}'].follow('raw')"),
    ]);
    assert_eq!(shell.code, 0, "{}", shell.err);
    let direct = pcapsh(&[
        "-c",
        &format!("a = rdpcap('samples/lossy.pcap'); a.conversations()['{key}'].follow('raw')"),
    ]);
    assert_eq!(shell.out, direct.out);
    assert!(shell.out.contains("Follow: tcp,raw"), "{}", shell.out);
    let _ = std::fs::remove_dir_all(&out);
}

/// The frames and bytes of each interval in tshark's `-z io,stat,N` table.
fn tshark_io(cap: &Path, interval: &str) -> Option<Vec<(u64, u64)>> {
    let o = Command::new("tshark")
        .args(["-q", "-n", "-z", &format!("io,stat,{interval}"), "-r"])
        .arg(cap)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let rows = text
        .lines()
        .filter(|l| l.contains("<>"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[2].parse().unwrap(), cells[3].parse().unwrap())
        })
        .collect();
    Some(rows)
}

/// The counts in pcapsh's iograph text (the number before each bar).
fn ours_io(cap: &Path, interval: &str, value: &str) -> Vec<u64> {
    let r = pcapsh(&[
        "-c",
        &format!("rdpcap({}).iograph({interval}, '{value}')", lit(cap)),
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    r.out
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().nth(3).unwrap().parse().unwrap())
        .collect()
}

#[test]
fn iograph_counts_equal_tshark_io_stat() {
    let have_tshark = Command::new("tshark").arg("-v").output().is_ok();
    if !have_tshark {
        say("skipping iograph_counts_equal_tshark_io_stat: tshark is not installed");
        return;
    }
    let mut caps = vec![
        root().join("samples/lossy.pcap"),
        root().join("samples/mixed.pcapng"),
    ];
    if let Some(shared) = shared_captures("iograph_counts_equal_tshark_io_stat (shared part)") {
        caps.push(shared.join("ppp-tls2.pcap"));
        caps.push(shared.join("dpkt-http.pcap"));
        caps.push(shared.join("ppp-four_ipv6_http_streams.pcap"));
    }
    for cap in &caps {
        for interval in ["1", "0.1", "5"] {
            let want = tshark_io(cap, interval).unwrap();
            let frames: Vec<u64> = want.iter().map(|w| w.0).collect();
            let bytes: Vec<u64> = want.iter().map(|w| w.1).collect();
            assert_eq!(
                ours_io(cap, interval, "packets"),
                frames,
                "{} every {interval} s",
                cap.display()
            );
            assert_eq!(
                ours_io(cap, interval, "bytes"),
                bytes,
                "{} every {interval} s",
                cap.display()
            );
        }
    }
}
