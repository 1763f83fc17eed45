//! argparse's layout of usage and help text.

use super::{Action, Parser};

pub(super) fn usage(p: &Parser) -> String {
    let actions = p.actions.borrow();
    let mut opts = Vec::new();
    for a in actions.iter().filter(|a| !a.positional()) {
        let flag = &a.flags[0];
        let body = if a.takes_values() {
            format!("{flag} {}", a.args_text())
        } else {
            flag.clone()
        };
        opts.push(if a.required {
            body
        } else {
            format!("[{body}]")
        });
    }
    let pos: Vec<String> = actions
        .iter()
        .filter(|a| a.positional())
        .map(|a| a.args_text())
        .collect();
    let prefix = "usage: ";
    let all: Vec<&str> = std::iter::once(p.prog.as_str())
        .chain(opts.iter().map(|s| s.as_str()))
        .chain(pos.iter().map(|s| s.as_str()))
        .collect();
    let one = all.join(" ");
    let text_width = width();
    if prefix.len() + one.len() <= text_width || prefix.len() + p.prog.len() > text_width * 3 / 4 {
        return format!("{prefix}{one}");
    }
    // argparse's layout: the program, then options filled to the width, then positionals
    // on lines of their own, indented under the first option.
    let indent = " ".repeat(prefix.len() + p.prog.len() + 1);
    let lines = |parts: Vec<&str>, first: bool| -> Vec<String> {
        let mut lines = Vec::new();
        let mut line: Vec<&str> = Vec::new();
        let mut len = if first { prefix.len() } else { indent.len() } - 1;
        for part in parts {
            if len + 1 + part.len() > text_width && !line.is_empty() {
                lines.push(line.join(" "));
                line.clear();
                len = indent.len() - 1;
            }
            len += part.len() + 1;
            line.push(part);
        }
        if !line.is_empty() {
            lines.push(line.join(" "));
        }
        lines
    };
    let mut out: Vec<String> = Vec::new();
    let prog = std::iter::once(p.prog.as_str());
    if opts.is_empty() {
        out.extend(lines(
            prog.chain(pos.iter().map(|s| s.as_str())).collect(),
            true,
        ));
    } else {
        out.extend(lines(
            prog.chain(opts.iter().map(|s| s.as_str())).collect(),
            true,
        ));
        out.extend(lines(pos.iter().map(|s| s.as_str()).collect(), false));
    }
    let mut text = String::from(prefix);
    for (i, l) in out.iter().enumerate() {
        if i > 0 {
            text.push('\n');
            text.push_str(&indent);
        }
        text.push_str(l);
    }
    text
}

/// The width argparse lays text out in: the terminal's columns (COLUMNS) less 2.
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(80)
        .saturating_sub(2)
}

/// The help text, laid out as argparse's HelpFormatter does on an 80-column terminal.
pub(super) fn help_text(p: &Parser) -> String {
    let width = width();
    let mut out = usage(p) + "\n";
    if let Some(d) = &p.description {
        out.push('\n');
        out.push_str(&wrap(d, width, ""));
        out.push('\n');
    }
    let actions = p.actions.borrow();
    let max_inv = actions
        .iter()
        .map(|a| a.invocation().len() + 2)
        .max()
        .unwrap_or(0);
    let help_pos = (max_inv + 2).min(24.min(width.saturating_sub(20).max(4)));
    let section = |title: &str, items: Vec<&Action>, out: &mut String| {
        if items.is_empty() {
            return;
        }
        out.push_str(&format!("\n{title}:\n"));
        for a in items {
            let inv = a.invocation();
            let help = a
                .help
                .clone()
                .unwrap_or_default()
                .replace("%(default)s", &a.default.to_str());
            let help = help.replace("%(prog)s", &p.prog);
            if help.is_empty() {
                out.push_str(&format!("  {inv}\n"));
                continue;
            }
            let indent = " ".repeat(help_pos);
            let wrapped = wrap(&help, width.saturating_sub(help_pos).max(11), &indent);
            if inv.len() + 2 <= help_pos.saturating_sub(2) {
                out.push_str(&format!(
                    "  {inv:<w$}  {}\n",
                    wrapped.trim_start(),
                    w = help_pos - 4
                ));
            } else {
                out.push_str(&format!("  {inv}\n{wrapped}\n"));
            }
        }
    };
    section(
        "positional arguments",
        actions.iter().filter(|a| a.positional()).collect(),
        &mut out,
    );
    section(
        "options",
        actions.iter().filter(|a| !a.positional()).collect(),
        &mut out,
    );
    if let Some(e) = &p.epilog {
        out.push('\n');
        out.push_str(&wrap(e, width, ""));
        out.push('\n');
    }
    out
}

/// Words filled into lines of at most `width` characters, each line after `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for w in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + w.len() > width {
            lines.push(format!("{indent}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        lines.push(format!("{indent}{line}"));
    }
    lines.join("\n")
}
