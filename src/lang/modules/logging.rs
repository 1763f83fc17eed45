//! `logging`: enough for scripts that quiet Scapy (`logging.getLogger("scapy.runtime")
//! .setLevel(logging.ERROR)`) and log their own messages to stderr as Python's default
//! configuration does (`WARNING:root:message`, level WARNING and above).

use std::cell::Cell;
use std::rc::Rc;

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, method, property, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{Interp, R};
use crate::lang::value::{Object, Value};

const M: Owner = Owner::Module("logging");
const L: Owner = Owner::Type("Logger");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(M, "getLogger", "logging.getLogger(name=None)", "A logger: setLevel(), debug(), info(), warning(), error().", "logging.getLogger('scapy.runtime').setLevel(logging.ERROR)", get_logger),
    function(M, "basicConfig", "logging.basicConfig(level=WARNING, format=None)", "Set the root logger's level (format: the default '%(levelname)s:%(name)s:%(message)s' only).", "logging.basicConfig(level=logging.INFO)", basic_config),
    function(M, "debug", "logging.debug(msg, *args)", "Log at DEBUG on the root logger.", "logging.debug('x')", root_log),
    function(M, "info", "logging.info(msg, *args)", "Log at INFO on the root logger.", "logging.info('x')", root_log),
    function(M, "warning", "logging.warning(msg, *args)", "Log at WARNING on the root logger (stderr by default).", "logging.warning('odd packet')", root_log),
    function(M, "error", "logging.error(msg, *args)", "Log at ERROR on the root logger.", "logging.error('bad')", root_log),
    function(M, "critical", "logging.critical(msg, *args)", "Log at CRITICAL on the root logger.", "logging.critical('bad')", root_log),
    property(M, "DEBUG", "logging.DEBUG", "10.", "logging.DEBUG", |_, _| Ok(Value::Int(10))),
    property(M, "INFO", "logging.INFO", "20.", "logging.INFO", |_, _| Ok(Value::Int(20))),
    property(M, "WARNING", "logging.WARNING", "30.", "logging.WARNING", |_, _| Ok(Value::Int(30))),
    property(M, "ERROR", "logging.ERROR", "40.", "logging.ERROR", |_, _| Ok(Value::Int(40))),
    property(M, "CRITICAL", "logging.CRITICAL", "50.", "logging.CRITICAL", |_, _| Ok(Value::Int(50))),
    method(L, "setLevel", "log.setLevel(level)", "Log only at this level and above.", "logging.getLogger('x').setLevel(logging.ERROR)", set_level, false),
    method(L, "debug", "log.debug(msg, *args)", "Log at DEBUG.", "logging.getLogger('x').debug('x')", log, false),
    method(L, "info", "log.info(msg, *args)", "Log at INFO.", "logging.getLogger('x').info('x')", log, false),
    method(L, "warning", "log.warning(msg, *args)", "Log at WARNING.", "logging.getLogger('x').warning('x')", log, false),
    method(L, "error", "log.error(msg, *args)", "Log at ERROR.", "logging.getLogger('x').error('x')", log, false),
    method(L, "critical", "log.critical(msg, *args)", "Log at CRITICAL.", "logging.getLogger('x').critical('x')", log, false),
];

thread_local! {
    static ROOT_LEVEL: Cell<i64> = const { Cell::new(30) };
}

struct Logger {
    name: String,
    /// 0: not set, the root's level applies.
    level: Cell<i64>,
}

impl Object for Logger {
    fn type_name(&self) -> &'static str {
        "Logger"
    }
    fn repr(&self) -> String {
        format!("<Logger {} ({})>", self.name, level_name(self.effective()))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Logger {
    fn effective(&self) -> i64 {
        match self.level.get() {
            0 => ROOT_LEVEL.with(|l| l.get()),
            l => l,
        }
    }
}

fn level_name(l: i64) -> &'static str {
    match l {
        ..=10 => "DEBUG",
        11..=20 => "INFO",
        21..=30 => "WARNING",
        31..=40 => "ERROR",
        _ => "CRITICAL",
    }
}

fn level_of(name: &str) -> i64 {
    match name {
        "debug" => 10,
        "info" => 20,
        "warning" => 30,
        "error" => 40,
        _ => 50,
    }
}

fn get_logger(_: &mut Interp, call: &Call) -> R<Value> {
    let name = arg(call.args, call.kwargs, 0, "name")
        .filter(|v| !matches!(v, Value::None))
        .map_or("root".into(), |v| v.to_str());
    Ok(Value::Object(Rc::new(Logger {
        name,
        level: Cell::new(0),
    })))
}

fn level_arg(v: &Value) -> R<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Str(s) => Ok(match s.as_str() {
            "DEBUG" => 10,
            "INFO" => 20,
            "WARNING" => 30,
            "ERROR" => 40,
            "CRITICAL" => 50,
            _ => {
                return Err(Error::at_none(
                    ErrorKind::Value,
                    format!("Unknown level: '{s}'"),
                ))
            }
        }),
        v => Err(Error::at_none(
            ErrorKind::Type,
            format!("Level not an integer or a valid string: {}", v.repr()),
        )),
    }
}

fn basic_config(_: &mut Interp, call: &Call) -> R<Value> {
    if let Some(l) = arg(&[], call.kwargs, 0, "level") {
        let l = level_arg(l)?;
        ROOT_LEVEL.with(|r| r.set(l));
    }
    Ok(Value::None)
}

fn emit(it: &mut Interp, name: &str, level: i64, call: &Call) -> R<Value> {
    let msg = need(call.name, call.args, call.kwargs, 0, "msg")?.to_str();
    let text = if call.args.len() > 1 {
        let rest = &call.args[1..];
        let a = if rest.len() == 1 {
            rest[0].clone()
        } else {
            Value::Tuple(Rc::new(rest.to_vec()))
        };
        it.binop(crate::lang::ast::BinOp::Mod, &Value::str(&msg), &a)?
            .to_str()
    } else {
        msg
    };
    use std::io::Write;
    let _ = it.out.flush();
    let _ = writeln!(it.err, "{}:{name}:{text}", level_name(level));
    Ok(Value::None)
}

fn root_log(it: &mut Interp, call: &Call) -> R<Value> {
    let level = level_of(call.name);
    if level >= ROOT_LEVEL.with(|l| l.get()) {
        return emit(it, "root", level, call);
    }
    Ok(Value::None)
}

fn this(v: &Value) -> R<&Logger> {
    v.as_object::<Logger>("a Logger")
}

fn set_level(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let l = level_arg(need("setLevel", call.args, call.kwargs, 0, "level")?)?;
    this(v)?.level.set(l);
    Ok(Value::None)
}

fn log(it: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let lg = this(v)?;
    let level = level_of(call.name);
    if level >= lg.effective() {
        let name = lg.name.clone();
        return emit(it, &name, level, call);
    }
    Ok(Value::None)
}
