//! The interactive shell: rustyline with completion from the live values, hints,
//! syntax colouring, `... ` continuation lines, history across runs, and Ctrl-C that
//! stops a running command but keeps the shell.

mod helper;
pub mod signal;

use std::process::ExitCode;

use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor};

use crate::lang::{ErrorKind, Interp};
use helper::ShellHelper;

/// Where the history is kept: `$XDG_DATA_HOME/pcapsh/history`, else
/// `~/.local/share/pcapsh/history`.
fn history_path() -> Option<std::path::PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".local/share"))
        })?;
    let dir = base.join("pcapsh");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("history"))
}

/// What the shell does with the lines typed so far.
enum Entry {
    Run(String),
    Interrupted,
    Eof,
}

/// Reads one statement: a line, and while it is unfinished (an open block or bracket,
/// decided by the parser's `is_incomplete`), more lines at the `... ` prompt. A block
/// ends at an empty line, as in Python.
fn read_entry(rl: &mut Editor<ShellHelper, DefaultHistory>) -> Result<Entry, ReadlineError> {
    let first = match rl.readline(">>> ") {
        Ok(l) => l,
        Err(ReadlineError::Interrupted) => return Ok(Entry::Interrupted),
        Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::Interrupted => {
            return Ok(Entry::Interrupted)
        }
        Err(ReadlineError::Eof) => return Ok(Entry::Eof),
        Err(e) => return Err(e),
    };
    let mut buf = first;
    while crate::lang::parser::is_incomplete(&buf) {
        let line = match rl.readline("... ") {
            Ok(l) => l,
            Err(ReadlineError::Interrupted) => return Ok(Entry::Interrupted),
            Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::Interrupted => {
                return Ok(Entry::Interrupted)
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e),
        };
        if line.trim().is_empty() && crate::lang::parser::opens_block(&buf) {
            break;
        }
        buf.push('\n');
        buf.push_str(&line);
    }
    Ok(Entry::Run(buf))
}

pub fn run(mut interp: Interp, color: bool) -> ExitCode {
    let config = Config::builder()
        .auto_add_history(false)
        .completion_type(rustyline::CompletionType::List)
        .max_history_size(10_000)
        .map(|b| b.build())
        .unwrap_or_default();
    let mut rl: Editor<ShellHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return ExitCode::from(1);
        }
    };
    let mut helper = ShellHelper::new(color);
    helper.refresh(&interp);
    rl.set_helper(Some(helper));
    let hist = history_path();
    if let Some(h) = &hist {
        let _ = rl.load_history(h);
    }
    signal::install(interp.interrupt.clone());
    println!(
        "pcapsh {}: help() lists what there is, Ctrl-D leaves.",
        env!("CARGO_PKG_VERSION")
    );
    loop {
        match read_entry(&mut rl) {
            Ok(Entry::Run(src)) => {
                if src.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(src.as_str());
                if let Some(h) = &hist {
                    let _ = rl.save_history(h);
                }
                if let Err(e) = interp.run(&src) {
                    if e.kind == ErrorKind::Interrupted {
                        eprintln!("KeyboardInterrupt");
                    } else {
                        crate::lang::error::report("<stdin>", &src, &e);
                    }
                }
                if let Some(h) = rl.helper_mut() {
                    h.refresh(&interp);
                }
            }
            Ok(Entry::Interrupted) => {
                println!("KeyboardInterrupt");
            }
            Ok(Entry::Eof) => break,
            Err(e) => {
                eprintln!("error: {e}");
                break;
            }
        }
    }
    ExitCode::SUCCESS
}
