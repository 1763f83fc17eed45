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
fn read_entry(
    readline: &mut dyn FnMut(&str) -> Result<String, ReadlineError>,
) -> Result<Entry, ReadlineError> {
    let first = match readline(">>> ") {
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
        let line = match readline("... ") {
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

/// A terminal rustyline cannot drive (`TERM=dumb`, Emacs shells): lines are read here,
/// from the terminal's own line editing, so that Ctrl-C interrupts the read (rustyline
/// would retry it and Ctrl-C would do nothing).
fn is_dumb_terminal() -> bool {
    matches!(
        std::env::var("TERM").as_deref(),
        Ok("dumb") | Ok("cons25") | Ok("emacs")
    )
}

fn dumb_readline(prompt: &str) -> Result<String, ReadlineError> {
    use std::io::Write;
    print!("{prompt}");
    let _ = std::io::stdout().flush();
    let mut line = Vec::new();
    loop {
        let mut b = [0u8; 1];
        // SAFETY: reads one byte into a valid buffer from standard input.
        let n = unsafe { libc::read(0, b.as_mut_ptr().cast(), 1) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                println!();
                return Err(ReadlineError::Interrupted);
            }
            return Err(ReadlineError::Io(e));
        }
        if n == 0 {
            if line.is_empty() {
                return Err(ReadlineError::Eof);
            }
            break;
        }
        if b[0] == b'\n' {
            break;
        }
        line.push(b[0]);
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

pub fn run(mut interp: Interp, color: bool) -> ExitCode {
    let dumb = is_dumb_terminal();
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
        let entry = if dumb {
            read_entry(&mut dumb_readline)
        } else {
            read_entry(&mut |p: &str| rl.readline(p))
        };
        match entry {
            Ok(Entry::Run(src)) => {
                if src.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(src.as_str());
                if let Some(h) = &hist {
                    let _ = rl.save_history(h);
                }
                if let Err(e) = interp.run(&src) {
                    if e.kind == ErrorKind::SystemExit {
                        // exit(), quit(), sys.exit(): leave the shell, as Python's does.
                        let (_, text) = crate::lang::modules::sys::exit_status(&e);
                        if let Some(t) = text {
                            eprintln!("{t}");
                        }
                        break;
                    }
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
