//! Errors of the language, named as Python names them, with the span they point at.

use std::fmt;

macro_rules! kinds {
    ($($(#[$doc:meta])* $kind:ident = $name:literal,)*) => {
        /// What went wrong, as Python's exception class for it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ErrorKind {
            $($(#[$doc])* $kind,)*
        }

        impl ErrorKind {
            /// The exception class Python would raise.
            pub fn python_name(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $name,)*
                }
            }

            /// The kind a Python exception class name stands for (`raise KeyError(...)`).
            /// Where two kinds share a name, the first listed wins.
            #[allow(unreachable_patterns)]
            pub fn from_python_name(name: &str) -> Option<ErrorKind> {
                match name {
                    $($name => Some(ErrorKind::$kind),)*
                    "IOError" | "EnvironmentError" => Some(ErrorKind::Io),
                    _ => None,
                }
            }
        }
    };
}

kinds! {
    Syntax = "SyntaxError",
    /// Input that ends too soon (an open string or bracket): the shell asks for more.
    Incomplete = "SyntaxError",
    Name = "NameError",
    Attribute = "AttributeError",
    Type = "TypeError",
    Value = "ValueError",
    /// `struct.error`, which Python's exceptions name `error`.
    Struct = "error",
    Index = "IndexError",
    Key = "KeyError",
    ZeroDivision = "ZeroDivisionError",
    /// A capture that cannot be read or written.
    File = "FileError",
    /// Any other failure of the operating system (Python's OSError).
    Io = "OSError",
    FileNotFound = "FileNotFoundError",
    Permission = "PermissionError",
    FileExists = "FileExistsError",
    /// Output to a pipe that was closed (`pcapsh ... | head`).
    BrokenPipe = "BrokenPipeError",
    Runtime = "RuntimeError",
    Recursion = "RecursionError",
    Exception = "Exception",
    Assertion = "AssertionError",
    NotImplemented = "NotImplementedError",
    Import = "ImportError",
    ModuleNotFound = "ModuleNotFoundError",
    Overflow = "OverflowError",
    Memory = "MemoryError",
    /// A bug in pcapsh caught before it could end the shell (Python's interpreter error).
    Internal = "SystemError",
    StopIteration = "StopIteration",
    /// The end of a stream read packet by packet (`PcapReader.read_packet()`).
    Eof = "EOFError",
    SystemExit = "SystemExit",
    Interrupted = "KeyboardInterrupt",
}

impl ErrorKind {
    /// Whether `except NAME:` catches this kind, by Python's exception hierarchy.
    pub fn caught_by(self, name: &str) -> bool {
        use ErrorKind::*;
        name == self.python_name()
            || match name {
                "BaseException" => true,
                "Exception" => !matches!(self, SystemExit | Interrupted),
                "OSError" | "IOError" | "EnvironmentError" => {
                    matches!(
                        self,
                        File | Io | BrokenPipe | FileNotFound | Permission | FileExists
                    )
                }
                "Scapy_Exception" => self == File,
                // `struct.error`, `re.error`, `binascii.Error`, `socket.error`: the module
                // errors pcapsh raises as ValueError or OSError.
                "error" | "Error" | "herror" | "gaierror" => {
                    matches!(self, Value | Struct | Io | FileNotFound | Permission)
                }
                "LookupError" => matches!(self, Key | Index),
                "ArithmeticError" => matches!(self, ZeroDivision | Overflow),
                "ImportError" => self == ModuleNotFound,
                "RuntimeError" => self == Recursion,
                _ => false,
            }
    }
}

/// Where an error is in the source: a byte offset and a length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub pos: usize,
    pub len: usize,
}

/// An instance of a script's exception class being raised, with its class's name.
#[derive(Clone)]
pub struct Raised(pub super::value::Value, pub String);

impl fmt::Debug for Raised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} instance>", self.1)
    }
}

#[derive(Clone, Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// What `raise` raised when it is an instance of a script's exception class.
    pub raised: Option<Box<Raised>>,
    /// Where it is in the source, when known.
    pub span: Option<Span>,
    /// Extra lines: what does exist, the nearest key...
    pub help: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: &str, pos: usize, len: usize) -> Error {
        Error {
            kind,
            message: message.to_string(),
            span: Some(Span { pos, len }),
            help: None,
            raised: None,
        }
    }

    /// An error whose place is filled in by the evaluator.
    pub fn at_none(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            span: None,
            help: None,
            raised: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }

    pub fn located(mut self, pos: usize, len: usize) -> Error {
        if self.span.is_none() {
            self.span = Some(Span { pos, len });
        }
        self
    }

    /// Renders `file:line:col: Kind: message`, the source line, and a caret under the spot.
    /// The exception's class name: a script's own class, or Python's for the kind.
    pub fn class_name(&self) -> &str {
        match &self.raised {
            Some(r) => &r.1,
            None => self.kind.python_name(),
        }
    }

    pub fn render(&self, file: &str, src: &str) -> String {
        let mut out = String::new();
        // Python's traceback names a module's exception with its module.
        let name = match self.kind {
            ErrorKind::Struct if self.raised.is_none() => "struct.error",
            _ => self.class_name(),
        };
        match self.span.filter(|s| s.pos <= src.len()) {
            None => out.push_str(&format!("{name}: {}", self.message)),
            Some(Span { pos, len }) => {
                let line_start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
                let line_end = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
                let line_no = src[..pos].matches('\n').count() + 1;
                let col = src[line_start..pos].chars().count() + 1;
                let text = &src[line_start..line_end];
                out.push_str(&format!(
                    "{file}:{line_no}:{col}: {name}: {}\n",
                    self.message
                ));
                out.push_str(&format!("    {text}\n"));
                let width = src[pos..(pos + len.max(1)).min(line_end.max(pos + 1)).min(src.len())]
                    .chars()
                    .count()
                    .max(1);
                out.push_str(&format!("    {}{}", " ".repeat(col - 1), "^".repeat(width)));
            }
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
        write!(f, "{}: {}", self.class_name(), self.message)
    }
}

/// Prints an error, with its source line and a caret, to standard error.
pub fn report(name: &str, src: &str, e: &Error) {
    use std::io::Write;
    let text = e.render(name, src);
    let _ = writeln!(std::io::stderr(), "{text}");
}
