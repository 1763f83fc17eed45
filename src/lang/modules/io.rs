//! Files: `open()`, the file objects it returns (also `sys.stdout`, `sys.stderr` and
//! `sys.stdin`), `with open(...) as f`, and the in-memory files of the `io` module
//! (`io.StringIO`, `io.BytesIO`).

use std::cell::RefCell;
use std::io::{Read, Write};
use std::rc::Rc;

use super::os::os_error;
use crate::lang::builtins::{arg, need};
use crate::lang::commands::{builtin, function, method, property, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::{Object, Value};

const T: Owner = Owner::Type("TextIOWrapper");
const IO: Owner = Owner::Module("io");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    builtin("open", "open(path, mode='r', newline=None, encoding=None)", "Open a file: 'r' reads text, 'w' writes it, 'a' appends, 'rb'/'wb' for bytes.", "f = open('/tmp/pcapsh-x.txt', 'w'); f.write('hi\\n'); f.close()", b_open).outside(),
    method(T, "read", "f.read(size=-1)", "The rest of the file (str, or bytes in 'b' mode), or at most size characters.", "open('/etc/hostname').read()", f_read, false),
    method(T, "readline", "f.readline()", "The next line with its newline; '' at the end.", "open('/etc/hostname').readline()", f_read, false),
    method(T, "readlines", "f.readlines()", "The remaining lines, each with its newline.", "open('/etc/hostname').readlines()", f_read, false),
    method(T, "write", "f.write(s)", "Write text (bytes in 'b' mode); returns how many characters.", "sys.stdout.write('hi\\n')", f_write, false),
    method(T, "writelines", "f.writelines(lines)", "Write each string in turn (no newlines added).", "sys.stdout.writelines(['a\\n', 'b\\n'])", f_write, false),
    method(T, "flush", "f.flush()", "Write what is buffered now.", "sys.stdout.flush()", f_flush, false),
    method(T, "close", "f.close()", "Flush and close; a write error is reported here.", "open('/etc/hostname').close()", f_flush, false),
    method(T, "fileno", "f.fileno()", "The operating system's file descriptor (stdin 0, stdout 1, stderr 2).", "sys.stdout.fileno()", f_fileno, false),
    method(T, "isatty", "f.isatty()", "Whether it is a terminal.", "sys.stdout.isatty()", f_fileno, false),
    method(T, "seek", "f.seek(offset, whence=0)", "Move to a position (from the start; whence 1 from here, 2 from the end); returns it.", "b = io.BytesIO(b'abc'); b.seek(1); b.read()", f_seek, false),
    method(T, "tell", "f.tell()", "The current position.", "io.StringIO('ab').tell()", f_seek, false),
    method(T, "getvalue", "buf.getvalue()", "All an io.StringIO or io.BytesIO holds.", "b = io.StringIO(); b.write('x'); b.getvalue()", f_getvalue, false),
    function(IO, "StringIO", "io.StringIO(initial='')", "A text file in memory: write to it (print(file=), csv.writer), then getvalue(); or read it.", "b = io.StringIO(); print('hi', file=b); b.getvalue()", memory),
    function(IO, "BytesIO", "io.BytesIO(initial=b'')", "A binary file in memory: write bytes, then getvalue(); or read them.", "io.BytesIO(b'abc').read(2)", memory),
    function(IO, "open", "io.open(path, mode='r')", "The same as open().", "io.open('/etc/hostname').read()", b_open).outside(),
    property(T, "name", "f.name", "The path it was opened with.", "sys.stdout.name", |_, f| Ok(Value::str(&file(f)?.name))),
    property(T, "mode", "f.mode", "The mode it was opened with.", "sys.stdout.mode", |_, f| Ok(Value::str(&file(f)?.mode))),
    property(T, "closed", "f.closed", "Whether it is closed.", "sys.stdout.closed", |_, f| { Ok(Value::Bool(matches!(*file(f)?.state.borrow(), State::Closed))) }),
];

pub enum State {
    Reading {
        data: Vec<u8>,
        pos: usize,
    },
    /// An `io.StringIO` or `io.BytesIO`: read and written in place.
    Memory {
        data: Vec<u8>,
        pos: usize,
    },
    Writing(std::io::BufWriter<std::fs::File>),
    Stdout,
    Stderr,
    Stdin,
    Closed,
}

pub struct File {
    pub name: String,
    pub mode: String,
    pub binary: bool,
    pub state: RefCell<State>,
}

impl File {
    pub fn std(name: &str, state: State) -> Value {
        let mode = if matches!(state, State::Stdin) {
            "r"
        } else {
            "w"
        };
        Value::Object(Rc::new(File {
            name: name.into(),
            mode: mode.into(),
            binary: false,
            state: RefCell::new(state),
        }))
    }

    fn flush(&self) -> std::io::Result<()> {
        match &mut *self.state.borrow_mut() {
            State::Writing(w) => {
                w.flush()?;
                w.get_ref().sync_data().or_else(|e| {
                    // Pipes and terminals cannot be synced; that is not a write error.
                    if e.raw_os_error() == Some(22) {
                        Ok(())
                    } else {
                        Err(e)
                    }
                })
            }
            _ => Ok(()),
        }
    }
}

impl Object for File {
    fn type_name(&self) -> &'static str {
        "TextIOWrapper"
    }
    fn repr(&self) -> String {
        if matches!(*self.state.borrow(), State::Memory { .. }) || self.name.is_empty() {
            let kind = if self.binary { "BytesIO" } else { "StringIO" };
            return format!("<_io.{kind} object at {:#x}>", self as *const _ as usize);
        }
        let kind = match (self.binary, self.mode.contains('r')) {
            (false, _) => "TextIOWrapper",
            (true, true) => "BufferedReader",
            (true, false) => "BufferedWriter",
        };
        let enc = if self.binary { "" } else { " encoding='UTF-8'" };
        format!(
            "<_io.{kind} name={} mode='{}'{enc}>",
            crate::pyfmt::str_repr(&self.name),
            self.mode
        )
    }
    fn items(&self) -> Option<Vec<Value>> {
        let mut lines = Vec::new();
        while let Some(l) = self.line() {
            lines.push(l);
        }
        Some(lines)
    }
    fn exit(&self) {
        let _ = self.flush();
        *self.state.borrow_mut() = State::Closed;
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl File {
    fn value(&self, b: &[u8]) -> Value {
        if self.binary {
            Value::Bytes(b.into())
        } else if self.name.is_empty() {
            // io.StringIO keeps line ends as written.
            Value::str(&String::from_utf8_lossy(b))
        } else {
            Value::str(&String::from_utf8_lossy(b).replace("\r\n", "\n"))
        }
    }

    fn ensure_stdin(&self) {
        let mut st = self.state.borrow_mut();
        if matches!(*st, State::Stdin) {
            let mut data = Vec::new();
            let _ = std::io::stdin().read_to_end(&mut data);
            *st = State::Reading { data, pos: 0 };
        }
    }

    fn line(&self) -> Option<Value> {
        self.ensure_stdin();
        let mut st = self.state.borrow_mut();
        let (State::Reading { data, pos } | State::Memory { data, pos }) = &mut *st else {
            return None;
        };
        if *pos >= data.len() {
            return None;
        }
        let end = data[*pos..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(data.len(), |i| *pos + i + 1);
        let v = self.value(&data[*pos..end]);
        *pos = end;
        Some(v)
    }
}

pub fn file(v: &Value) -> R<&File> {
    v.as_object::<File>("a file")
}

fn b_open(_: &mut Interp, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let path = need("open", a, k, 0, "file")?.to_str();
    let mode = arg(a, k, 1, "mode").map_or("r".into(), |m| m.to_str());
    let binary = mode.contains('b');
    let plain: String = mode.chars().filter(|c| !"bt".contains(*c)).collect();
    let state = match plain.as_str() {
        "r" | "r+" | "U" | "rU" => {
            let data = std::fs::read(&path).map_err(|e| os_error(&path, &e))?;
            State::Reading { data, pos: 0 }
        }
        "w" | "a" | "x" | "w+" | "a+" => {
            let mut o = std::fs::OpenOptions::new();
            match &plain[..1] {
                "w" => o.write(true).create(true).truncate(true),
                "a" => o.append(true).create(true),
                _ => o.write(true).create_new(true),
            };
            let f = o.open(&path).map_err(|e| os_error(&path, &e))?;
            State::Writing(std::io::BufWriter::new(f))
        }
        _ => return err(ErrorKind::Value, format!("invalid mode: '{mode}'")),
    };
    Ok(Value::Object(Rc::new(File {
        name: path,
        mode,
        binary,
        state: RefCell::new(state),
    })))
}

fn f_read(_: &mut Interp, f: &Value, call: &Call) -> R<Value> {
    let fl = file(f)?;
    fl.ensure_stdin();
    match call.name {
        "readline" => Ok(fl.line().unwrap_or_else(|| fl.value(b""))),
        "readlines" => Ok(Value::list(fl.items().unwrap_or_default())),
        _ => {
            let mut st = fl.state.borrow_mut();
            let (State::Reading { data, pos } | State::Memory { data, pos }) = &mut *st else {
                return closed_or(&st, "not readable");
            };
            let n = match arg(call.args, call.kwargs, 0, "size") {
                Some(Value::Int(n)) if *n >= 0 => *n as usize,
                _ => usize::MAX,
            };
            let start = *pos;
            let end = if fl.binary {
                start.saturating_add(n).min(data.len())
            } else {
                // n characters, not bytes.
                let text = String::from_utf8_lossy(&data[start..]);
                start
                    + text
                        .char_indices()
                        .nth(n)
                        .map_or(data.len() - start, |(i, _)| i)
            };
            *pos = end;
            Ok(fl.value(&data[start..end]))
        }
    }
}

fn f_write(it: &mut Interp, f: &Value, call: &Call) -> R<Value> {
    let fl = file(f)?;
    let items = match call.name {
        "writelines" => it.iterate(need("writelines", call.args, call.kwargs, 0, "lines")?)?,
        _ => vec![need("write", call.args, call.kwargs, 0, "s")?.clone()],
    };
    let mut count = 0;
    for v in items {
        let bytes: Vec<u8> = match (&v, fl.binary) {
            (Value::Bytes(b), true) => b.to_vec(),
            (Value::Str(s), false) => {
                count += s.chars().count() as i64;
                s.as_bytes().to_vec()
            }
            (_, true) => {
                return err(
                    ErrorKind::Type,
                    format!("a bytes-like object is required, not '{}'", v.type_name()),
                )
            }
            _ => {
                return err(
                    ErrorKind::Type,
                    format!("write() argument must be str, not {}", v.type_name()),
                )
            }
        };
        if fl.binary {
            count += bytes.len() as i64;
        }
        write_to(it, fl, &bytes)?;
    }
    Ok(match call.name {
        "writelines" => Value::None,
        _ => Value::Int(count),
    })
}

/// Writes bytes to a file object (the shell's own output for `sys.stdout`).
pub fn write_to(it: &mut Interp, fl: &File, bytes: &[u8]) -> R<()> {
    let mut st = fl.state.borrow_mut();
    match &mut *st {
        State::Stdout => {
            drop(st);
            it.write(&String::from_utf8_lossy(bytes))
        }
        State::Stderr => {
            let _ = it.out.flush();
            it.err
                .write_all(bytes)
                .map_err(|e| Error::at_none(ErrorKind::Io, e.to_string()))
        }
        State::Writing(w) => w.write_all(bytes).map_err(|e| os_error(&fl.name, &e)),
        State::Memory { data, pos } => {
            // Over what is there from the position, then past its end, as Python's.
            let end = *pos + bytes.len();
            if data.len() < *pos {
                data.resize(*pos, 0);
            }
            let keep = end.min(data.len());
            data.splice(*pos..keep, bytes.iter().copied());
            *pos = end;
            Ok(())
        }
        State::Closed => err(ErrorKind::Value, "I/O operation on closed file."),
        _ => err(ErrorKind::Io, "not writable"),
    }
}

fn f_flush(it: &mut Interp, f: &Value, call: &Call) -> R<Value> {
    let fl = file(f)?;
    if matches!(*fl.state.borrow(), State::Stdout) {
        let _ = it.out.flush();
    }
    fl.flush().map_err(|e| os_error(&fl.name, &e))?;
    if call.name == "close" && !matches!(*fl.state.borrow(), State::Stdout | State::Stderr) {
        *fl.state.borrow_mut() = State::Closed;
    }
    Ok(Value::None)
}

fn f_fileno(_: &mut Interp, f: &Value, call: &Call) -> R<Value> {
    use std::io::IsTerminal;
    let fl = file(f)?;
    let st = fl.state.borrow();
    let (fd, tty) = match &*st {
        State::Stdin => (0, std::io::stdin().is_terminal()),
        State::Stdout => (1, std::io::stdout().is_terminal()),
        State::Stderr => (2, std::io::stderr().is_terminal()),
        State::Writing(w) => {
            use std::os::fd::AsRawFd;
            (w.get_ref().as_raw_fd() as i64, false)
        }
        _ => {
            return err(
                ErrorKind::Io,
                "fileno: the file is read whole, it has no descriptor",
            )
        }
    };
    Ok(match call.name {
        "isatty" => Value::Bool(tty),
        _ => Value::Int(fd),
    })
}

fn closed_or<T>(st: &State, what: &str) -> R<T> {
    match st {
        State::Closed => err(ErrorKind::Value, "I/O operation on closed file."),
        _ => err(ErrorKind::Io, what),
    }
}

/// `io.StringIO(initial)` and `io.BytesIO(initial)`.
fn memory(_: &mut Interp, call: &Call) -> R<Value> {
    let binary = call.name == "BytesIO";
    let data = match arg(call.args, call.kwargs, 0, "initial_value") {
        None | Some(Value::None) => Vec::new(),
        Some(Value::Bytes(b)) if binary => b.to_vec(),
        Some(Value::Str(s)) if !binary => s.as_bytes().to_vec(),
        Some(v) => {
            return err(
                ErrorKind::Type,
                if binary {
                    format!("a bytes-like object is required, not '{}'", v.type_name())
                } else {
                    format!("initial_value must be str or None, not {}", v.type_name())
                },
            )
        }
    };
    Ok(Value::Object(Rc::new(File {
        name: String::new(),
        mode: "w+".into(),
        binary,
        state: RefCell::new(State::Memory { data, pos: 0 }),
    })))
}

fn f_getvalue(_: &mut Interp, f: &Value, _: &Call) -> R<Value> {
    let fl = file(f)?;
    let st = fl.state.borrow();
    match &*st {
        State::Memory { data, .. } => Ok(fl.value(data)),
        State::Closed => err(ErrorKind::Value, "I/O operation on closed file"),
        st => closed_or(
            st,
            "getvalue: only io.StringIO and io.BytesIO hold their value",
        ),
    }
}

/// `f.seek(offset, whence)` and `f.tell()` on a file read whole or in memory.
fn f_seek(_: &mut Interp, f: &Value, call: &Call) -> R<Value> {
    let fl = file(f)?;
    let mut st = fl.state.borrow_mut();
    let (State::Reading { data, pos } | State::Memory { data, pos }) = &mut *st else {
        return closed_or(
            &st,
            "seek and tell work on files opened for reading and io buffers",
        );
    };
    if call.name == "seek" {
        let off = match need("seek", call.args, call.kwargs, 0, "offset")? {
            Value::Int(i) => *i,
            v => return Err(crate::lang::bigint::not_int(v)),
        };
        let whence = match arg(call.args, call.kwargs, 1, "whence") {
            Some(Value::Int(w)) => *w,
            _ => 0,
        };
        let base = match whence {
            0 => 0,
            1 => *pos as i64,
            2 => data.len() as i64,
            w => {
                return err(
                    ErrorKind::Value,
                    format!("invalid whence ({w}, should be 0, 1 or 2)"),
                )
            }
        };
        let to = base + off;
        if to < 0 {
            return err(ErrorKind::Value, format!("negative seek value {to}"));
        }
        *pos = to as usize;
    }
    Ok(Value::Int(*pos as i64))
}
