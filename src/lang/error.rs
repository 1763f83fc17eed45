//! Errors of the language, named as Python names them, with the span they point at.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    Name,
    Attribute,
    Type,
    Value,
    Index,
    Key,
    ZeroDivision,
    File,
    Interrupted,
}

impl ErrorKind {
    pub fn python_name(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "SyntaxError",
            ErrorKind::Name => "NameError",
            ErrorKind::Attribute => "AttributeError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Value => "ValueError",
            ErrorKind::Index => "IndexError",
            ErrorKind::Key => "KeyError",
            ErrorKind::ZeroDivision => "ZeroDivisionError",
            ErrorKind::File => "FileError",
            ErrorKind::Interrupted => "KeyboardInterrupt",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// Byte offset and length in the source; `usize::MAX` when unknown.
    pub pos: usize,
    pub len: usize,
    /// Extra lines: what does exist, the nearest key...
    pub help: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: &str, pos: usize, len: usize) -> Error {
        Error {
            kind,
            message: message.to_string(),
            pos,
            len,
            help: None,
        }
    }

    /// An error whose place is filled in by the evaluator.
    pub fn at_none(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            pos: usize::MAX,
            len: 0,
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }

    pub fn located(mut self, pos: usize, len: usize) -> Error {
        if self.pos == usize::MAX {
            self.pos = pos;
            self.len = len;
        }
        self
    }

    /// Renders `file:line:col: Kind: message`, the source line, and a caret under the spot.
    pub fn render(&self, file: &str, src: &str) -> String {
        let mut out = String::new();
        if self.pos == usize::MAX || self.pos > src.len() {
            out.push_str(&format!("{}: {}", self.kind.python_name(), self.message));
        } else {
            let line_start = src[..self.pos].rfind('\n').map_or(0, |i| i + 1);
            let line_end = src[self.pos..]
                .find('\n')
                .map_or(src.len(), |i| self.pos + i);
            let line_no = src[..self.pos].matches('\n').count() + 1;
            let col = src[line_start..self.pos].chars().count() + 1;
            let text = &src[line_start..line_end];
            out.push_str(&format!(
                "{file}:{line_no}:{col}: {}: {}\n",
                self.kind.python_name(),
                self.message
            ));
            out.push_str(&format!("    {text}\n"));
            let width = src[self.pos
                ..(self.pos + self.len.max(1))
                    .min(line_end.max(self.pos + 1))
                    .min(src.len())]
                .chars()
                .count()
                .max(1);
            out.push_str(&format!("    {}{}", " ".repeat(col - 1), "^".repeat(width)));
        }
        if let Some(h) = &self.help {
            out.push('\n');
            out.push_str(h);
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.python_name(), self.message)
    }
}

/// Prints an error, with its source line and a caret, to standard error.
pub fn report(name: &str, src: &str, e: &Error) {
    use std::io::Write;
    let text = e.render(name, src);
    let _ = writeln!(std::io::stderr(), "{text}");
}
