//! `pcapsh export`: captures to Parquet (or CSV) tables, one file per capture and table,
//! all cores, for DuckDB, Spark and other engines to read in parallel.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use rayon::prelude::*;

use crate::capture::{merge, Capture};
use crate::render::tables::{flows, packets, Format};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Table {
    Packets,
    Conversations,
    Sessions,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Packets => "packets",
            Table::Conversations => "conversations",
            Table::Sessions => "sessions",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    Parquet,
    Csv,
}

/// Write captures as tables for SQL engines: OUT/TABLE/NAME.parquet, one file per
/// capture and table.
///
/// Examples:
///   pcapsh export --out tables/ day/*.pcap
///   pcapsh export --table packets,conversations --out tables/ /data/sensor1/
///   duckdb -c "SELECT src, sum(wirelen) FROM 'tables/packets/*.parquet' GROUP BY 1"
#[derive(Parser, Debug)]
#[command(
    name = "pcapsh export",
    bin_name = "pcapsh export",
    version,
    verbatim_doc_comment
)]
pub struct ExportArgs {
    /// Captures: files, directories (each capture in them) or glob patterns.
    #[arg(required = true, value_name = "CAPTURE")]
    pub inputs: Vec<String>,
    /// The directory to write into (made if missing): each table in DIR/TABLE, or where
    /// `{table}` stands in DIR ('tables/{table}/sensor=s1/day=2026-11-27', for engines that
    /// find partitions in directory names).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: PathBuf,
    /// Which tables, comma-separated [default: all three].
    #[arg(long, short = 't', value_enum, value_delimiter = ',')]
    pub table: Vec<Table>,
    /// Replace table files that already exist (never done otherwise).
    #[arg(long)]
    pub force: bool,
    /// Add Scapy's summary line to the packets table.
    #[arg(long)]
    pub summary: bool,
    /// File format of the tables.
    #[arg(long, value_enum, default_value = "parquet")]
    pub format: FileFormat,
    /// Captures exported at once [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

/// What one capture's export did.
struct Done {
    packets: usize,
    bytes: u64,
}

pub fn main(argv: Vec<String>) -> ExitCode {
    let args = match ExportArgs::try_parse_from(argv) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let tables = if args.table.is_empty() {
        vec![Table::Packets, Table::Conversations, Table::Sessions]
    } else {
        let mut t = args.table.clone();
        t.dedup();
        t
    };
    let mut files = Vec::new();
    let mut failed = 0usize;
    for spec in &args.inputs {
        match merge::expand(spec) {
            Ok(f) => files.extend(f),
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    // Two inputs with one name would write the same table file.
    let mut seen: std::collections::HashMap<String, PathBuf> = Default::default();
    files.retain(|f| {
        let name = out_name(f);
        if let Some(first) = seen.get(&name) {
            eprintln!(
                "error: {}: has the same name as {}; its tables would be written over (export them in two runs to two directories)",
                f.display(),
                first.display()
            );
            failed += 1;
            return false;
        }
        seen.insert(name, f.clone());
        true
    });
    for t in &tables {
        let dir = table_dir(&args.out, *t);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("error: cannot make {}: {e}", dir.display());
            return ExitCode::from(1);
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build();
    let Ok(pool) = pool else {
        eprintln!("error: cannot start the worker threads");
        return ExitCode::from(1);
    };
    let skipped = failed;
    let start = Instant::now();
    let progress = Progress::new(files.len());
    let errors = AtomicUsize::new(failed);
    let format = match args.format {
        FileFormat::Parquet => Format::Parquet,
        FileFormat::Csv => Format::Csv,
    };
    let results: Vec<Option<Done>> = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                let r = export_one(f, &args, &tables, format);
                let done = match r {
                    Ok(d) => Some(d),
                    Err(e) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        progress.say(&format!("error: {e}"));
                        None
                    }
                };
                progress.step(done.as_ref().map_or(0, |d| d.bytes), &errors);
                done
            })
            .collect()
    });
    progress.finish();
    let ok: Vec<&Done> = results.iter().flatten().collect();
    let failed = errors.load(Ordering::Relaxed);
    eprintln!(
        "exported {} of {} captures ({} packets) to {} in {:.2} s{}",
        ok.len(),
        files.len() + skipped,
        ok.iter().map(|d| d.packets).sum::<usize>(),
        args.out.display(),
        start.elapsed().as_secs_f64(),
        if failed > 0 {
            format!("; {failed} failed")
        } else {
            String::new()
        }
    );
    ExitCode::from(u8::from(failed > 0))
}

/// Where a table's files go: DIR/TABLE, or DIR with `{table}` replaced.
fn table_dir(out: &Path, t: Table) -> PathBuf {
    let text = out.to_string_lossy();
    if text.contains("{table}") {
        PathBuf::from(text.replace("{table}", t.name()))
    } else {
        out.join(t.name())
    }
}

/// A capture's table file name: its own name, with the table format's extension.
fn out_name(f: &Path) -> String {
    f.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| f.display().to_string())
}

fn export_one(
    f: &Path,
    args: &ExportArgs,
    tables: &[Table],
    format: Format,
) -> Result<Done, String> {
    let cap = Capture::open_one(f, &AtomicBool::new(false)).map_err(|e| e.to_string())?;
    for w in &cap.warnings {
        eprintln!("warning: {}: {w}", f.display());
    }
    let ext = match format {
        Format::Parquet => "parquet",
        Format::Csv => "csv",
    };
    let target = |t: Table| table_dir(&args.out, t).join(format!("{}.{ext}", out_name(f)));
    let sessions = tables
        .iter()
        .any(|t| *t != Table::Conversations)
        .then(|| crate::session::sessions(&cap, None));
    let convs = tables.iter().any(|t| *t != Table::Sessions).then(|| {
        crate::session::conv::conversations(&cap, None, Some(crate::time::Decimal::from_int(120)))
    });
    for &t in tables {
        let path = target(t);
        let r = match t {
            Table::Packets => packets::write_packets(
                &path,
                args.force,
                format,
                &cap,
                None,
                args.summary,
                sessions.as_ref().expect("made for packets"),
                convs.as_deref().unwrap_or(&[]),
            ),
            Table::Conversations => {
                let rows: Vec<_> = convs.iter().flatten().enumerate().collect();
                flows::write_conversations(&path, args.force, format, &cap, &rows)
            }
            Table::Sessions => {
                let s = sessions.as_ref().expect("made for sessions");
                let keys: Vec<String> = s.keys.iter().map(|k| k.to_string()).collect();
                flows::write_sessions(&path, args.force, format, &cap, s, &keys)
            }
        };
        r.map_err(|e| {
            if e.ends_with("pass overwrite=True to replace it") {
                format!("{}: it exists; pass --force to replace it", path.display())
            } else {
                e
            }
        })?;
    }
    let bytes = cap.files.iter().map(|f| f.data().len() as u64).sum();
    Ok(Done {
        packets: cap.len(),
        bytes,
    })
}

/// A progress line on a terminal: captures done, bytes read, failures.
struct Progress {
    total: usize,
    done: AtomicUsize,
    bytes: AtomicU64,
    tty: bool,
    out: Mutex<()>,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            tty: std::io::stderr().is_terminal(),
            out: Mutex::new(()),
        }
    }

    fn step(&self, bytes: u64, errors: &AtomicUsize) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let b = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if self.tty {
            let _g = self.out.lock();
            let width = 30;
            let filled = done * width / self.total.max(1);
            eprint!(
                "\r[{}{}] {done}/{} captures, {:.1} MiB, {} failed ",
                "#".repeat(filled),
                " ".repeat(width - filled),
                self.total,
                b as f64 / 1048576.0,
                errors.load(Ordering::Relaxed)
            );
            let _ = std::io::stderr().flush();
        }
    }

    /// A message on its own line, not mixed into the progress line.
    fn say(&self, msg: &str) {
        let _g = self.out.lock();
        if self.tty {
            eprint!("\r\x1b[K");
        }
        eprintln!("{msg}");
    }

    fn finish(&self) {
        if self.tty {
            eprintln!();
        }
    }
}
