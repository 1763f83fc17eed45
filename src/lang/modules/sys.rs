//! `sys`: the script's arguments, exit, and the standard streams.

use crate::lang::builtins::arg;
use crate::lang::commands::{function, property, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{Interp, R};
use crate::lang::value::Value;

const M: Owner = Owner::Module("sys");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    property(M, "argv", "sys.argv", "The script's command line: sys.argv[0] is the script, then its arguments (`pcapsh script.py ARG...`).", "sys.argv", |it, _| Ok(it.sys.argv.clone())),
    function(M, "exit", "sys.exit(status=0)", "End the script: an integer is the exit status, text is printed to stderr and exits 1.", "sys.exit(0) if False else None", sys_exit),
    property(M, "stdout", "sys.stdout", "Standard output, as a file: sys.stdout.write(text).", "sys.stdout.write('hello\\n')", |it, _| Ok(it.sys.stdout.clone())),
    property(M, "stderr", "sys.stderr", "Standard error, as a file: print(msg, file=sys.stderr).", "print('warning', file=sys.stderr)", |it, _| Ok(it.sys.stderr.clone())),
    property(M, "stdin", "sys.stdin", "Standard input, as a file: for line in sys.stdin.", "sys.stdin", |it, _| Ok(it.sys.stdin.clone())).outside(),
    property(M, "version", "sys.version", "The Python version pcapsh follows.", "sys.version", |_, _| Ok(Value::str("3.11.7 (pcapsh)"))),
    property(M, "version_info", "sys.version_info", "The Python version pcapsh follows, as a tuple: (3, 11, 7, 'final', 0).", "sys.version_info[0] >= 3", |_, _| Ok(Value::Tuple(std::rc::Rc::new(vec![Value::Int(3), Value::Int(11), Value::Int(7), Value::str("final"), Value::Int(0)])))),
    property(M, "platform", "sys.platform", "The operating system, as Python names it.", "sys.platform", |_, _| Ok(Value::str(std::env::consts::OS))),
    property(M, "byteorder", "sys.byteorder", "This machine's byte order.", "sys.byteorder", |_, _| Ok(Value::str(if cfg!(target_endian = "little") { "little" } else { "big" }))),
    property(M, "maxsize", "sys.maxsize", "The largest list index: 2**63 - 1.", "sys.maxsize", |_, _| Ok(Value::Int(i64::MAX))),
    property(M, "executable", "sys.executable", "The path of pcapsh.", "sys.executable", |_, _| Ok(Value::str(&std::env::current_exe().map(|p| p.display().to_string()).unwrap_or_default()))),
    function(M, "setrecursionlimit", "sys.setrecursionlimit(n)", "Accepted; pcapsh's limit on nested calls stays 200.", "sys.setrecursionlimit(10000)", |_, _| Ok(Value::None)),
    function(M, "set_int_max_str_digits", "sys.set_int_max_str_digits(maxdigits)", "The most decimal digits an int is turned into or read from: 0 for no limit, else 640 or more (default 4300).", "sys.set_int_max_str_digits(10000)", |_, call| {
        match arg(call.args, call.kwargs, 0, "maxdigits") {
            Some(Value::Int(n)) => crate::lang::bigint::set_max_str_digits(*n).map(|_| Value::None),
            Some(o) => Err(crate::lang::bigint::not_int(o)),
            None => Err(Error::at_none(ErrorKind::Type, "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)")),
        }
    }),
    function(M, "get_int_max_str_digits", "sys.get_int_max_str_digits()", "The most decimal digits an int is turned into or read from (0: no limit).", "sys.get_int_max_str_digits()", |_, _| Ok(Value::Int(crate::lang::bigint::max_str_digits() as i64))),
    function(M, "getrecursionlimit", "sys.getrecursionlimit()", "The limit on nested calls.", "sys.getrecursionlimit()", |_, _| Ok(Value::Int(200))),
];

/// The state `sys` shows: arguments and the standard streams as file objects.
pub struct Sys {
    pub argv: Value,
    pub stdout: Value,
    pub stderr: Value,
    pub stdin: Value,
}

impl Sys {
    pub fn new(argv: Vec<String>) -> Sys {
        use super::io::{File, State};
        Sys {
            argv: Value::list(argv.iter().map(|a| Value::str(a)).collect()),
            stdout: File::std("<stdout>", State::Stdout),
            stderr: File::std("<stderr>", State::Stderr),
            stdin: File::std("<stdin>", State::Stdin),
        }
    }
}

/// `sys.exit(x)` raises SystemExit; the command line turns it into the exit status.
fn sys_exit(_: &mut Interp, call: &Call) -> R<Value> {
    let v = arg(call.args, call.kwargs, 0, "status")
        .cloned()
        .unwrap_or(Value::None);
    Err(system_exit(&v))
}

/// The SystemExit error for an exit value; its message is what `str(e)` gives, and what
/// `exit_status` reads.
pub fn system_exit(v: &Value) -> Error {
    Error::at_none(
        ErrorKind::SystemExit,
        match v {
            Value::None => String::new(),
            Value::Bool(b) => (*b as u8).to_string(),
            _ => v.to_str(),
        },
    )
}

/// The exit status of a SystemExit, and the text to print first if its value was not a
/// number (`sys.exit('bad file')` prints it and exits 1).
pub fn exit_status(e: &Error) -> (u8, Option<&str>) {
    match e.message.as_str() {
        "" => (0, None),
        m => match m.parse::<i64>() {
            Ok(n) => ((n & 0xff) as u8, None),
            Err(_) => (1, Some(m)),
        },
    }
}
