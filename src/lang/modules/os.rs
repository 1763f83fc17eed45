//! `os` and `os.path`: paths and directories, as analysis scripts use them.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, property, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::{HKey, Value};

const OS: Owner = Owner::Module("os");
const P: Owner = Owner::Module("os.path");
const TF: Owner = Owner::Module("tempfile");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(OS, "getcwd", "os.getcwd()", "The current directory.", "os.getcwd()", |_, _| Ok(Value::str(&cwd()))),
    function(OS, "listdir", "os.listdir(path='.')", "The names in a directory (in the order the system lists them).", "os.listdir('samples')", listdir).outside(),
    function(OS, "makedirs", "os.makedirs(path, exist_ok=False)", "Make a directory and its parents.", "os.makedirs('/tmp/pcapsh-demo', exist_ok=True)", mkdir).outside(),
    function(OS, "mkdir", "os.mkdir(path)", "Make a directory.", "os.makedirs('/tmp/pcapsh-demo2', exist_ok=True)", mkdir).outside(),
    function(OS, "remove", "os.remove(path)", "Delete a file.", "open('/tmp/pcapsh-rm', 'w').close(); os.remove('/tmp/pcapsh-rm')", remove).outside(),
    function(OS, "unlink", "os.unlink(path)", "Delete a file.", "open('/tmp/pcapsh-rm2', 'w').close(); os.unlink('/tmp/pcapsh-rm2')", remove).outside(),
    function(OS, "rename", "os.rename(src, dst)", "Rename a file.", "open('/tmp/pcapsh-a', 'w').close(); os.rename('/tmp/pcapsh-a', '/tmp/pcapsh-b')", rename).outside(),
    function(OS, "getenv", "os.getenv(name, default=None)", "An environment variable, or the default.", "os.getenv('HOME')", getenv),
    function(OS, "getpid", "os.getpid()", "This process's id.", "os.getpid()", |_, _| Ok(Value::Int(std::process::id() as i64))),
    function(OS, "walk", "os.walk(top)", "(dirpath, dirnames, filenames) for each directory under top, top first.", "[d for d, _, f in os.walk('samples')]", walk).outside(),
    property(OS, "environ", "os.environ", "The environment, as a dict.", "os.environ.get('HOME')", |_, _| Ok(environ())),
    property(OS, "sep", "os.sep", "The path separator: '/'.", "os.sep", |_, _| Ok(Value::str("/"))),
    property(OS, "linesep", "os.linesep", "The line separator: '\\n'.", "os.linesep", |_, _| Ok(Value::str("\n"))),
    property(OS, "name", "os.name", "The kind of system: 'posix'.", "os.name", |_, _| Ok(Value::str("posix"))),
    function(P, "exists", "os.path.exists(path)", "Whether a path exists.", "os.path.exists('samples')", test),
    function(P, "isfile", "os.path.isfile(path)", "Whether a path is a file.", "os.path.isfile('samples/blogexample.pcap')", test),
    function(P, "isdir", "os.path.isdir(path)", "Whether a path is a directory.", "os.path.isdir('samples')", test),
    function(P, "islink", "os.path.islink(path)", "Whether a path is a symbolic link.", "os.path.islink('samples')", test),
    function(P, "isabs", "os.path.isabs(path)", "Whether a path is absolute.", "os.path.isabs('/tmp')", test),
    function(P, "getsize", "os.path.getsize(path)", "A file's size in bytes.", "os.path.getsize('samples/blogexample.pcap')", getsize),
    function(P, "join", "os.path.join(a, *more)", "Paths joined with '/'; an absolute part starts over.", "os.path.join('out', 'flows.csv')", join),
    function(P, "basename", "os.path.basename(path)", "The last part of a path.", "os.path.basename('/data/x.pcap')", parts),
    function(P, "dirname", "os.path.dirname(path)", "All but the last part of a path.", "os.path.dirname('/data/x.pcap')", parts),
    function(P, "split", "os.path.split(path)", "(dirname, basename).", "os.path.split('/data/x.pcap')", parts),
    function(P, "splitext", "os.path.splitext(path)", "(root, extension): the extension with its dot, or ''.", "os.path.splitext('x.pcap')", parts),
    function(P, "abspath", "os.path.abspath(path)", "The absolute, normalised path.", "os.path.abspath('samples')", parts),
    function(P, "normpath", "os.path.normpath(path)", "The path with '.', '..' and double slashes resolved.", "os.path.normpath('a//b/../c')", parts),
    function(P, "realpath", "os.path.realpath(path)", "The absolute path with symbolic links resolved.", "os.path.realpath('samples')", parts),
    function(TF, "gettempdir", "tempfile.gettempdir()", "The directory for temporary files ($TMPDIR, else /tmp).", "tempfile.gettempdir()", |_, _| Ok(Value::str(&temp_dir()))),
    function(TF, "mkdtemp", "tempfile.mkdtemp(suffix='', prefix='tmp', dir=None)", "Make a new directory with a name no one else has, and give its path.", "os.path.isdir(tempfile.mkdtemp())", mkdtemp).outside(),
    function(P, "expanduser", "os.path.expanduser(path)", "'~' replaced by the home directory.", "os.path.expanduser('~/x.pcap')", parts),
];

fn temp_dir() -> String {
    std::env::var("TMPDIR")
        .ok()
        .filter(|d| Path::new(d).is_dir())
        .unwrap_or_else(|| "/tmp".into())
}

/// `tempfile.mkdtemp`: a directory created here (mode 0700) under a name made from the
/// clock, the process and a counter, tried again if it exists.
fn mkdtemp(_: &mut Interp, call: &Call) -> R<Value> {
    use std::os::unix::fs::DirBuilderExt;
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let text = |i, name, default: &str| match arg(call.args, call.kwargs, i, name) {
        Some(Value::None) | None => default.to_string(),
        Some(v) => v.to_str(),
    };
    let (suffix, prefix, dir) = (
        text(0, "suffix", ""),
        text(1, "prefix", "tmp"),
        text(2, "dir", ""),
    );
    let dir = if dir.is_empty() { temp_dir() } else { dir };
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_";
    for _ in 0..100 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let mut x = nanos
            ^ (std::process::id() as u64) << 32
            ^ COUNT
                .fetch_add(1, Ordering::Relaxed)
                .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let name: String = (0..8)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                CHARS[(x >> 33) as usize % CHARS.len()] as char
            })
            .collect();
        let path = format!("{}/{prefix}{name}{suffix}", dir.trim_end_matches('/'));
        match std::fs::DirBuilder::new().mode(0o700).create(&path) {
            Ok(()) => return Ok(Value::str(&path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(os_error(&path, &e)),
        }
    }
    err(
        ErrorKind::FileExists,
        "No usable temporary directory name found",
    )
}

fn cwd() -> String {
    std::env::current_dir()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// An OSError as Python words it: `[Errno 2] No such file or directory: 'x'`.
pub fn os_error(path: &str, e: &std::io::Error) -> Error {
    let text = e.to_string();
    let text = text.split(" (os error").next().unwrap_or(&text);
    let errno = e.raw_os_error().unwrap_or(0);
    let kind = match e.kind() {
        std::io::ErrorKind::NotFound => ErrorKind::FileNotFound,
        std::io::ErrorKind::PermissionDenied => ErrorKind::Permission,
        std::io::ErrorKind::AlreadyExists => ErrorKind::FileExists,
        _ => ErrorKind::Io,
    };
    Error::at_none(
        kind,
        format!("[Errno {errno}] {text}: {}", crate::pyfmt::str_repr(path)),
    )
}

fn path_arg(call: &Call, i: usize, name: &str) -> R<String> {
    match need(call.name, call.args, call.kwargs, i, name)? {
        Value::Str(s) => Ok(s.to_string()),
        Value::Bytes(b) => Ok(String::from_utf8_lossy(b).into_owned()),
        v => err(
            ErrorKind::Type,
            format!(
                "expected str, bytes or os.PathLike object, not {}",
                v.type_name()
            ),
        ),
    }
}

fn listdir(_: &mut Interp, call: &Call) -> R<Value> {
    let p = arg(call.args, call.kwargs, 0, "path").map_or(".".into(), |v| v.to_str());
    let rd = std::fs::read_dir(&p).map_err(|e| os_error(&p, &e))?;
    let names = rd
        .filter_map(|e| e.ok())
        .map(|e| Value::str(&e.file_name().to_string_lossy()))
        .collect();
    Ok(Value::list(names))
}

fn mkdir(_: &mut Interp, call: &Call) -> R<Value> {
    let p = path_arg(call, 0, "name")?;
    let exist_ok = arg(&[], call.kwargs, 0, "exist_ok").is_some_and(|v| v.truthy());
    if Path::new(&p).is_dir() && exist_ok {
        return Ok(Value::None);
    }
    let r = if call.name == "makedirs" && !Path::new(&p).exists() {
        std::fs::create_dir_all(&p)
    } else {
        std::fs::create_dir(&p)
    };
    r.map_err(|e| os_error(&p, &e))?;
    Ok(Value::None)
}

fn remove(_: &mut Interp, call: &Call) -> R<Value> {
    let p = path_arg(call, 0, "path")?;
    std::fs::remove_file(&p).map_err(|e| os_error(&p, &e))?;
    Ok(Value::None)
}

fn rename(_: &mut Interp, call: &Call) -> R<Value> {
    let a = path_arg(call, 0, "src")?;
    let b = path_arg(call, 1, "dst")?;
    std::fs::rename(&a, &b).map_err(|e| os_error(&a, &e))?;
    Ok(Value::None)
}

fn getenv(_: &mut Interp, call: &Call) -> R<Value> {
    let k = path_arg(call, 0, "key")?;
    Ok(match std::env::var(&k) {
        Ok(v) => Value::str(&v),
        Err(_) => arg(call.args, call.kwargs, 1, "default")
            .cloned()
            .unwrap_or(Value::None),
    })
}

fn environ() -> Value {
    let m = std::env::vars()
        .map(|(k, v)| (HKey::str(&k), (Value::str(&k), Value::str(&v))))
        .collect();
    Value::dict(m)
}

fn walk(_: &mut Interp, call: &Call) -> R<Value> {
    let top = path_arg(call, 0, "top")?;
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::from(&top)];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        let (mut dirs, mut files) = (Vec::new(), Vec::new());
        for e in rd.filter_map(|e| e.ok()) {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                dirs.push(name);
            } else {
                files.push(name);
            }
        }
        for name in dirs.iter().rev() {
            stack.push(d.join(name));
        }
        let strs = |v: Vec<String>| Value::list(v.iter().map(|s| Value::str(s)).collect());
        out.push(Value::Tuple(Rc::new(vec![
            Value::str(&d.display().to_string()),
            strs(dirs),
            strs(files),
        ])));
    }
    Ok(crate::lang::builtins::iterator(out, "generator"))
}

fn test(_: &mut Interp, call: &Call) -> R<Value> {
    let Ok(p) = path_arg(call, 0, "path") else {
        return Ok(Value::Bool(false));
    };
    let path = Path::new(&p);
    Ok(Value::Bool(match call.name {
        "exists" => path.exists(),
        "isfile" => path.is_file(),
        "isdir" => path.is_dir(),
        "islink" => path.is_symlink(),
        _ => p.starts_with('/'),
    }))
}

fn getsize(_: &mut Interp, call: &Call) -> R<Value> {
    let p = path_arg(call, 0, "filename")?;
    let m = std::fs::metadata(&p).map_err(|e| os_error(&p, &e))?;
    Ok(Value::Int(m.len() as i64))
}

fn join(_: &mut Interp, call: &Call) -> R<Value> {
    let mut out = String::new();
    for (i, a) in call.args.iter().enumerate() {
        let Value::Str(s) = a else {
            return err(
                ErrorKind::Type,
                format!("join() argument must be str, not '{}'", a.type_name()),
            );
        };
        if i == 0 || s.starts_with('/') {
            out = s.to_string();
        } else {
            if !out.is_empty() && !out.ends_with('/') {
                out.push('/');
            }
            out.push_str(s);
        }
    }
    Ok(Value::str(&out))
}

/// Python's posixpath.normpath.
fn normpath(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let lead = if p.starts_with("//") && !p.starts_with("///") {
        "//"
    } else if p.starts_with('/') {
        "/"
    } else {
        ""
    };
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." if !parts.is_empty() && parts.last() != Some(&"..") => {
                parts.pop();
            }
            ".." if !lead.is_empty() => {}
            c => parts.push(c),
        }
    }
    let out = format!("{lead}{}", parts.join("/"));
    if out.is_empty() {
        ".".into()
    } else {
        out
    }
}

fn parts(_: &mut Interp, call: &Call) -> R<Value> {
    let p = path_arg(call, 0, "p")?;
    let cut = p.rfind('/').map_or(0, |i| i + 1);
    let (head, tail) = p.split_at(cut);
    let head_trim = if head.chars().all(|c| c == '/') {
        head
    } else {
        head.trim_end_matches('/')
    };
    let s = |x: &str| Value::str(x);
    Ok(match call.name {
        "basename" => s(tail),
        "dirname" => s(head_trim),
        "split" => Value::Tuple(Rc::new(vec![s(head_trim), s(tail)])),
        "splitext" => {
            // The last dot of the last part, unless the part is only dots before it.
            let dot = tail
                .rfind('.')
                .filter(|&i| tail[..i].chars().any(|c| c != '.'));
            match dot {
                Some(i) => {
                    let at = cut + i;
                    Value::Tuple(Rc::new(vec![s(&p[..at]), s(&p[at..])]))
                }
                None => Value::Tuple(Rc::new(vec![s(&p), s("")])),
            }
        }
        "abspath" => s(&normpath(&if p.starts_with('/') {
            p.clone()
        } else {
            format!("{}/{p}", cwd())
        })),
        "normpath" => s(&normpath(&p)),
        "realpath" => s(&std::fs::canonicalize(&p).map_or_else(
            |_| normpath(&format!("{}/{p}", cwd())),
            |c| c.display().to_string(),
        )),
        _ => s(&match (p.strip_prefix('~'), std::env::var("HOME")) {
            (Some(rest), Ok(h)) if rest.is_empty() || rest.starts_with('/') => format!("{h}{rest}"),
            _ => p.clone(),
        }),
    })
}
