//! Measures load and sessions() on one capture: wall time of each step, packets, peak
//! memory, and the time to read the same bytes with no work, for comparison; then
//! conversations, follow, split, and the Parquet tables `pcapsh export` writes.
//!
//!     cargo run --release --bin pcapsh-bench -- /tmp/g1g.pcap
//!
//! `bench/run.sh` runs it beside tshark and Scapy; docs/performance.md has the numbers.

use std::io::Read;
use std::time::Instant;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pcapsh-bench CAPTURE");
        std::process::exit(2);
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);

    // Baseline: read every byte once, as `cat file > /dev/null` does.
    let t = Instant::now();
    let mut f = std::fs::File::open(&path).expect("open");
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    while let Ok(k) = f.read(&mut buf) {
        if k == 0 {
            break;
        }
        n += k as u64;
    }
    let read_s = t.elapsed().as_secs_f64();
    drop(buf);

    let t = Instant::now();
    let cap = pcapsh::capture::Capture::open(&path).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let s = pcapsh::session::sessions(&cap, None);
    let sess_s = t.elapsed().as_secs_f64();
    let rss_sessions = peak_rss_kib();
    let t = Instant::now();
    let convs = pcapsh::session::conv::conversations(
        &cap,
        None,
        Some(pcapsh::time::Decimal::from_int(120)),
    );
    let conv_s = t.elapsed().as_secs_f64();
    // Follow the conversation with the most TCP bytes.
    let big = convs
        .iter()
        .filter(|c| c.kind == pcapsh::session::conv::Kind::Tcp)
        .max_by_key(|c| c.bytes());
    let t = Instant::now();
    let followed = big.map_or(0, |c| {
        let chunks = pcapsh::session::follow::follow(&cap, c);
        pcapsh::session::follow::payload(&chunks, true).len()
            + pcapsh::session::follow::payload(&chunks, false).len()
    });
    let follow_s = t.elapsed().as_secs_f64();
    let dir = std::env::temp_dir().join(format!("pcapsh-bench-split-{}", std::process::id()));
    let groups: Vec<(String, &[u32])> = convs.iter().map(|c| (c.key(), &c.packets[..])).collect();
    let t = Instant::now();
    let files = pcapsh::capture::write::write_groups(&cap, &groups, &dir, true, &mut |_, _| Ok(()))
        .unwrap_or(0);
    let split_s = t.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);
    // The tables for SQL engines (pcapsh export): packets, then conversations.
    let out = std::env::temp_dir().join(format!("pcapsh-bench-tables-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&out);
    let rss_before_tables = peak_rss_kib();
    let t = Instant::now();
    let sessions_again = pcapsh::session::sessions(&cap, None);
    let convs_again = pcapsh::session::conv::conversations(
        &cap,
        None,
        Some(pcapsh::time::Decimal::from_int(120)),
    );
    let rows = pcapsh::render::tables::packets::write_packets(
        &out.join("packets.parquet"),
        true,
        pcapsh::render::tables::Format::Parquet,
        &cap,
        None,
        false,
        &sessions_again,
        &convs_again,
    )
    .unwrap_or(0);
    let packets_table_s = t.elapsed().as_secs_f64();
    let rss_tables = peak_rss_kib();
    let t = Instant::now();
    let convs_table = pcapsh::session::conv::conversations(
        &cap,
        None,
        Some(pcapsh::time::Decimal::from_int(120)),
    );
    let numbered: Vec<_> = convs_table.iter().enumerate().collect();
    let conv_rows = pcapsh::render::tables::flows::write_conversations(
        &out.join("conversations.parquet"),
        true,
        pcapsh::render::tables::Format::Parquet,
        &cap,
        &numbered,
    )
    .unwrap_or(0);
    let conv_table_s = t.elapsed().as_secs_f64();
    let size_of = |n: &str| std::fs::metadata(out.join(n)).map_or(0, |m| m.len());
    let (packets_size, conv_size) = (size_of("packets.parquet"), size_of("conversations.parquet"));
    let _ = std::fs::remove_dir_all(&out);
    let rss = peak_rss_kib();
    let packets = cap.len();
    println!("file            {path}");
    println!(
        "size            {:.1} MiB ({n} bytes read)",
        size as f64 / 1048576.0
    );
    println!("packets         {packets}");
    println!("sessions        {}", s.len());
    println!("read (cat)      {read_s:.3} s");
    println!("load            {load_s:.3} s");
    println!("sessions()      {sess_s:.3} s");
    println!(
        "load+sessions   {:.3} s  ({:.2}x the plain read)",
        load_s + sess_s,
        (load_s + sess_s) / read_s
    );
    println!(
        "conversations() {conv_s:.3} s  ({} conversations)",
        convs.len()
    );
    println!("follow largest  {follow_s:.3} s  ({followed} payload bytes)");
    println!("split           {split_s:.3} s  ({files} files)");
    println!(
        "packets table   {packets_table_s:.3} s  ({rows} rows, {:.1} MiB Parquet; sessions, conversations and rows)",
        packets_size as f64 / 1048576.0
    );
    println!(
        "conv. table     {conv_table_s:.3} s  ({conv_rows} rows, {:.1} MiB Parquet; conversations() and rows)",
        conv_size as f64 / 1048576.0
    );
    println!(
        "peak RSS while writing the tables {:.1} MiB (before: {:.1} MiB)",
        rss_tables as f64 / 1024.0,
        rss_before_tables as f64 / 1024.0
    );
    println!(
        "peak RSS        {:.1} MiB (all of the above)",
        rss as f64 / 1024.0
    );
    println!(
        "peak RSS after load+sessions {:.1} MiB",
        rss_sessions as f64 / 1024.0
    );
    println!(
        "RSS budget      {:.1} MiB (file size + 64 B/packet)",
        (size as f64 + 64.0 * packets as f64) / 1048576.0
    );
}
