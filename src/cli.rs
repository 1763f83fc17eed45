//! The command line: arguments, where commands come from, one place that prints errors,
//! and the exit code.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

use crate::lang::{Error, ErrorKind, Interp, Options};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Explore pcap and pcapng captures the way the Scapy prompt does.
///
/// Examples:
///   pcapsh capture.pcap                      load it as `a` and start the shell
///   pcapsh -c 'a = rdpcap("x.pcap"); a.sessions()'
///   pcapsh analysis.pcapsh                   run a script and exit
///   pcapsh count.py capture.pcap -n 5        run a Scapy script with arguments (sys.argv)
///   pcapsh --json -c 'rdpcap("x.pcap").sessions()' | jq .
///   pcapsh export --out tables/ captures/    Parquet tables for DuckDB/Spark (pcapsh export -h)
#[derive(Parser, Debug)]
#[command(name = "pcapsh", version, verbatim_doc_comment)]
pub struct Args {
    /// A capture to load as `a`, or a script to run.
    pub file: Option<String>,
    /// Arguments for the script: its `sys.argv[1:]`.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ARGS"
    )]
    pub script_args: Vec<String>,
    /// Run these statements (separated by `;` or newlines) and exit.
    #[arg(short = 'c', value_name = "CMDS")]
    pub command: Option<String>,
    /// Run this script, then stay in the interactive shell.
    #[arg(short = 'i', value_name = "SCRIPT")]
    pub interactive_script: Option<String>,
    /// Show each value as one line of JSON.
    #[arg(long)]
    pub json: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// In scripts, report an error and go on with the next statement.
    #[arg(long)]
    pub keep_going: bool,
    /// Print the reference (docs/reference.md) generated from the command table.
    #[arg(long, hide = true)]
    pub reference: bool,
    /// Print the tables' columns (docs/scale.md) as the table writers define them.
    #[arg(long, hide = true)]
    pub columns: bool,
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// True when the file looks like a capture rather than a script.
fn is_capture(path: &str) -> bool {
    let mut head = [0u8; 4];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    if f.read_exact(&mut head).is_err() {
        return false;
    }
    crate::capture::source::looks_like_capture(&head)
}

pub fn new_interp(json: bool, color: bool) -> Interp {
    let opts = Options {
        json,
        color,
        width: None,
    };
    Interp::new(
        Box::new(std::io::stdout()),
        Box::new(std::io::stderr()),
        opts,
    )
}

/// Runs a script's text statement by statement. Returns its exit status: 0, 1 if a
/// statement failed, or what `sys.exit()` asked for.
pub fn run_script(interp: &mut Interp, name: &str, src: &str, keep_going: bool) -> u8 {
    let mut status = 0;
    interp.run_each(src, |e| {
        if is_broken_pipe(&e) {
            return false;
        }
        if e.kind == ErrorKind::SystemExit {
            let (code, text) = crate::lang::modules::sys::exit_status(&e);
            if let Some(t) = text {
                eprintln!("{t}");
            }
            status = code;
            return false;
        }
        crate::lang::error::report(name, src, &e);
        status = 1;
        keep_going
    });
    status
}

/// A script's text: the file read whole, decoded as `decode_script` does.
fn read_script(path: &str) -> Result<String, String> {
    match std::fs::read(path) {
        Ok(bytes) => decode_script(path, bytes),
        Err(e) => Err(format!(
            "error: cannot read {path}: {}",
            if Path::new(path).exists() {
                e.to_string()
            } else {
                "no such file".into()
            }
        )),
    }
}

/// Source bytes as Python reads them: UTF-8 (a leading BOM dropped), or Latin-1 when the
/// first two lines declare it (`# -*- coding: latin-1 -*-`, PEP 263). Bytes that are not
/// UTF-8 are a SyntaxError naming the line, as Python's.
pub fn decode_script(path: &str, bytes: Vec<u8>) -> Result<String, String> {
    let bytes = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let declared: String = bytes
        .split(|&b| b == b'\n')
        .take(2)
        .map(|l| String::from_utf8_lossy(l).to_ascii_lowercase())
        .filter(|l| l.trim_start().starts_with('#') && l.contains("coding"))
        .collect();
    let latin1 = ["latin-1", "latin1", "iso-8859-1", "iso8859-1", "cp1252"]
        .iter()
        .any(|c| declared.contains(c));
    if latin1 {
        return Ok(bytes.iter().map(|&b| b as char).collect());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let raw = e.as_bytes();
        let line = raw[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "{path}:{line}: SyntaxError: Non-UTF-8 code starting with '\\x{:02x}' in file \
             {path} on line {line}, but no encoding declared; see \
             https://peps.python.org/pep-0263/ for details",
            raw[at]
        )
    })
}

fn is_broken_pipe(e: &Error) -> bool {
    e.kind == ErrorKind::BrokenPipe
}

/// Splits the command line where the script's own arguments start: everything after the
/// first FILE belongs to the script (`pcapsh count.py -h` is the script's -h), as with
/// `python3 script.py ...`.
fn split_argv(argv: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        if a == "--" {
            i += 1;
            break;
        }
        if !a.starts_with('-') || a == "-" {
            break;
        }
        // Options that take a separate value.
        if matches!(a.as_str(), "-c" | "-i" | "--color") {
            i += 1;
        }
        i += 1;
    }
    let cut = (i + 1).min(argv.len());
    let rest = argv[cut..].to_vec();
    (argv[..cut].to_vec(), rest)
}

pub fn main() -> ExitCode {
    crate::panic::install();
    match std::panic::catch_unwind(run_main) {
        Ok(code) => code,
        Err(payload) => {
            eprintln!("error: {}", crate::panic::message(&*payload));
            ExitCode::from(70)
        }
    }
}

fn run_main() -> ExitCode {
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("export") {
        return crate::export::main(argv[1..].to_vec());
    }
    let (ours, script_args) = split_argv(argv);
    let mut args = Args::parse_from(ours);
    args.script_args.extend(script_args);
    if args.reference {
        print!("{}", crate::lang::commands::reference_markdown());
        return ExitCode::SUCCESS;
    }
    if args.columns {
        print!("{}", crate::render::tables::columns_markdown());
        return ExitCode::SUCCESS;
    }
    let color = use_color(args.color);
    let mut interp = new_interp(args.json, color);
    interp.progress = std::io::stderr().is_terminal();
    let mut argv = vec![args.file.clone().unwrap_or_default()];
    argv.extend(args.script_args.iter().cloned());
    if let Some(cmds) = &args.command {
        // `pcapsh -c CMDS x y`: as `python -c`, sys.argv is ['-c', x, y] (FILE is x).
        argv.insert(0, "-c".into());
        argv.retain(|a| !a.is_empty());
        interp.sys = crate::lang::modules::sys::Sys::new(argv);
        return code(run_script(&mut interp, "-c", cmds, args.keep_going));
    }
    if let Some(script) = &args.interactive_script {
        // Ctrl-C stops the script and returns to the prompt, as `python3 -i` does.
        crate::repl::signal::install(interp.interrupt.clone());
        // Whether the script failed or not, the shell starts: its error is shown above.
        match read_script(script) {
            Ok(src) => {
                run_script(&mut interp, script, &src, args.keep_going);
            }
            Err(e) => eprintln!("{e}"),
        }
        return crate::repl::run(interp, color);
    }
    if let Some(file) = &args.file {
        interp.sys = crate::lang::modules::sys::Sys::new(argv);
        // A pipe or FIFO (`tcpdump -w - | pcapsh /dev/stdin`) can be read only once: its
        // bytes are read here, then taken as a capture or as a script.
        let streamed = if crate::capture::source::is_stream(Path::new(file)) {
            match std::fs::read(file) {
                Ok(bytes) => Some(bytes),
                Err(e) => {
                    eprintln!("error: cannot read {file}: {e}");
                    return ExitCode::from(1);
                }
            }
        } else {
            None
        };
        if let Some(bytes) = streamed {
            if !crate::capture::source::looks_like_capture(&bytes) {
                let src = match decode_script(file, bytes) {
                    Ok(s) => s,
                    Err(e) => {
                        eprintln!("{e}");
                        return ExitCode::from(1);
                    }
                };
                return code(run_script(&mut interp, file, &src, args.keep_going));
            }
            match crate::capture::Capture::from_stream_bytes(file, bytes) {
                Ok(cap) => {
                    for w in &cap.warnings {
                        eprintln!("warning: {file}: {w}");
                    }
                    let name = cap.name.clone();
                    let v = interp.packets_value(crate::domain::PacketList::new(cap, None, name));
                    eprintln!("loaded {file} as a: {}", v.repr());
                    interp.globals.insert("a".into(), v);
                }
                Err(e) => eprintln!("error: {e}"),
            }
            return crate::repl::run(interp, color);
        }
        let capture_dir = Path::new(file).is_dir();
        if is_capture(file) || capture_dir {
            if let [flag, cmds] = &args.script_args[..] {
                if flag == "-c" {
                    return code(run_on_capture(&mut interp, file, cmds, args.keep_going));
                }
            }
            if !args.script_args.is_empty() {
                eprintln!(
                    "error: {file} is a capture; arguments after it are for scripts \
                     (pcapsh script.py ARG...)"
                );
                return ExitCode::from(2);
            }
            let q = file.replace('\\', "\\\\").replace('\'', "\\'");
            if run_script(&mut interp, "-", &format!("a = rdpcap('{q}')"), false) == 0 {
                if let Some(Value::Packets(p)) = interp.globals.get("a") {
                    eprintln!("loaded {} as a: {}", file, p.repr());
                }
            }
            return crate::repl::run(interp, color);
        }
        let src = match read_script(file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        };
        if file.ends_with(".py") || crate::lang::parser::is_python_program(&src) {
            interp.echo = false;
        }
        return code(run_script(&mut interp, file, &src, args.keep_going));
    }
    if !std::io::stdin().is_terminal() {
        let mut src = String::new();
        if std::io::stdin().read_to_string(&mut src).is_err() {
            eprintln!("error: cannot read the script from standard input");
            return ExitCode::from(1);
        }
        return code(run_script(&mut interp, "<stdin>", &src, args.keep_going));
    }
    crate::repl::run(interp, color)
}

use crate::lang::Value;

/// `pcapsh FILE -c CMDS`: FILE (a capture, or a directory of them) loaded as `a`, then the
/// commands run; `c` and `s` are `a.conversations()` and `a.sessions()` when the commands
/// name them, so that a key found in a table opens at once: `c['TCP a:p <-> b:q'].follow()`.
fn run_on_capture(interp: &mut Interp, file: &str, cmds: &str, keep_going: bool) -> u8 {
    let q = file.replace('\\', "\\\\").replace('\'', "\\'");
    let mut setup = format!("a = rdpcap('{q}')");
    let names = |n: &str| {
        regex::Regex::new(&format!(r"(^|[^\w.]){n}\b"))
            .map(|r| r.is_match(cmds))
            .unwrap_or(false)
    };
    if names("c") {
        setup.push_str("; c = a.conversations()");
    }
    if names("s") {
        setup.push_str("; s = a.sessions()");
    }
    let echo = std::mem::replace(&mut interp.echo, false);
    let status = run_script(interp, "-", &setup, false);
    interp.echo = echo;
    if status != 0 {
        return status;
    }
    run_script(interp, "-c", cmds, keep_going)
}

fn code(status: u8) -> ExitCode {
    ExitCode::from(status)
}
