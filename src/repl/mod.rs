//! The interactive shell: rustyline with completion, continuation lines and history.

use std::process::ExitCode;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Editor, Helper};

use crate::lang::Interp;

struct ShellHelper {
    /// Names in scope and the attributes of each value, refreshed after every command.
    names: Vec<String>,
    attrs: Vec<(String, Vec<String>)>,
    keys: Vec<(String, Vec<String>)>,
}

impl Helper for ShellHelper {}
impl Hinter for ShellHelper {
    type Hint = String;
}
impl Highlighter for ShellHelper {}

impl Validator for ShellHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        let input = ctx.input();
        if crate::lang::parser::is_incomplete(input) {
            Ok(ValidationResult::Incomplete)
        } else {
            Ok(ValidationResult::Valid(None))
        }
    }
}

impl Completer for ShellHelper {
    type Candidate = Pair;
    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        // Session keys inside s['...
        if let Some(q) = before.rfind(['\'', '"']) {
            let head = &before[..q];
            if let Some(var) = head.strip_suffix('[') {
                let var = var.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '_');
                let prefix = &before[q + 1..];
                if let Some((_, keys)) = self.keys.iter().find(|(n, _)| n == var) {
                    let c = keys
                        .iter()
                        .filter(|k| k.starts_with(prefix))
                        .map(|k| Pair {
                            display: k.clone(),
                            replacement: k.clone(),
                        })
                        .collect();
                    return Ok((q + 1, c));
                }
            }
            if head.ends_with("rdpcap(") || head.ends_with("wrpcap(") {
                let prefix = &before[q + 1..];
                return Ok((q + 1, complete_path(prefix)));
            }
        }
        let start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .map_or(0, |i| i + 1);
        let word = &before[start..];
        if let Some(dot) = word.rfind('.') {
            let (obj, prefix) = (&word[..dot], &word[dot + 1..]);
            if let Some((_, attrs)) = self.attrs.iter().find(|(n, _)| n == obj) {
                let c = attrs
                    .iter()
                    .filter(|a| a.starts_with(prefix))
                    .map(|a| Pair {
                        display: a.clone(),
                        replacement: a.clone(),
                    })
                    .collect();
                return Ok((start + dot + 1, c));
            }
            return Ok((pos, vec![]));
        }
        let c = self
            .names
            .iter()
            .filter(|n| n.starts_with(word))
            .map(|n| Pair {
                display: n.clone(),
                replacement: n.clone(),
            })
            .collect();
        Ok((start, c))
    }
}

fn complete_path(prefix: &str) -> Vec<Pair> {
    let (dir, file) = match prefix.rfind('/') {
        Some(i) => (&prefix[..=i], &prefix[i + 1..]),
        None => ("", prefix),
    };
    let read = std::fs::read_dir(if dir.is_empty() { "." } else { dir });
    let mut out: Vec<Pair> = match read {
        Ok(rd) => rd
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                if !name.starts_with(file) || (name.starts_with('.') && !file.starts_with('.')) {
                    return None;
                }
                let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
                let full = format!("{dir}{name}{}", if is_dir { "/" } else { "" });
                Some(Pair {
                    display: full.clone(),
                    replacement: full,
                })
            })
            .collect(),
        Err(_) => vec![],
    };
    out.sort_by(|a, b| a.display.cmp(&b.display));
    out
}

fn refresh(helper: &mut ShellHelper, interp: &Interp) {
    let mut names: Vec<String> = interp.globals.keys().cloned().collect();
    names.extend(
        crate::lang::commands::COMMANDS
            .iter()
            .filter(|c| c.owner == crate::lang::commands::Owner::Builtin)
            .map(|c| c.name.to_string()),
    );
    names.extend(
        crate::lang::commands::LAYER_NAMES
            .iter()
            .map(|s| s.to_string()),
    );
    names.sort();
    names.dedup();
    helper.names = names;
    helper.attrs = interp
        .globals
        .iter()
        .map(|(k, v)| (k.clone(), crate::lang::attributes(v)))
        .collect();
    helper.keys = interp
        .globals
        .iter()
        .filter_map(|(k, v)| match v {
            crate::lang::Value::Sessions(s) => Some((
                k.clone(),
                s.key_texts().iter().map(|t| t.to_string()).collect(),
            )),
            _ => None,
        })
        .collect();
}

fn history_path() -> Option<std::path::PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".local/share"))
        })?;
    let dir = base.join("pcapsh");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("history"))
}

pub fn run(mut interp: Interp, _color: bool) -> ExitCode {
    let mut rl: Editor<ShellHelper, rustyline::history::DefaultHistory> = match Editor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return ExitCode::from(1);
        }
    };
    let mut helper = ShellHelper {
        names: vec![],
        attrs: vec![],
        keys: vec![],
    };
    refresh(&mut helper, &interp);
    rl.set_helper(Some(helper));
    let hist = history_path();
    if let Some(h) = &hist {
        let _ = rl.load_history(h);
    }
    let flag = interp.interrupt.clone();
    let _ = ctrlc_install(flag);
    loop {
        match rl.readline(">>> ") {
            Ok(line) => {
                if line.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(line.as_str());
                if let Err(e) = interp.run(&line) {
                    crate::cli::report("<stdin>", &line, &e);
                }
                if let Some(h) = rl.helper_mut() {
                    refresh(h, &interp);
                }
            }
            Err(ReadlineError::Interrupted) => {
                println!("KeyboardInterrupt");
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("error: {e}");
                break;
            }
        }
    }
    if let Some(h) = &hist {
        let _ = rl.save_history(h);
    }
    ExitCode::SUCCESS
}

/// Ctrl-C while a command runs sets the flag the evaluator checks; at the prompt,
/// rustyline reports it as Interrupted.
fn ctrlc_install(flag: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Result<(), ()> {
    signal::install(flag)
}

mod signal {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, OnceLock};

    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();

    extern "C" fn on_sigint(_: i32) {
        if let Some(f) = FLAG.get() {
            f.store(true, Ordering::Relaxed);
        }
    }

    extern "C" {
        fn signal(sig: i32, handler: extern "C" fn(i32)) -> usize;
    }

    pub fn install(flag: Arc<AtomicBool>) -> Result<(), ()> {
        let _ = FLAG.set(flag);
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe {
            signal(2, on_sigint);
        }
        Ok(())
    }
}
