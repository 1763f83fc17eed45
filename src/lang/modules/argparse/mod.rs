//! `argparse`: command-line options as Python's ArgumentParser parses them, with its usage,
//! help and error messages (errors exit with status 2, `-h` prints help and exits 0).

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, method, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::{Object, Value};

mod format;
mod parse;

use format::{help_text, usage};
use parse::{fail, parse_args};

const M: Owner = Owner::Module("argparse");
const T: Owner = Owner::Type("ArgumentParser");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(M, "ArgumentParser", "argparse.ArgumentParser(prog=None, description=None, epilog=None)", "A command-line parser: add_argument(...), then parse_args().", "ap = argparse.ArgumentParser(description='Count packets')", new_parser),
    function(M, "Namespace", "argparse.Namespace(**kw)", "The attributes parse_args() returns.", "argparse.Namespace(pcap='x.pcap')", new_namespace),
    function(M, "FileType", "argparse.FileType(mode='r')", "Not supported yet: take the path as a string and open() it.", "argparse", unsupported),
    method(T, "add_argument", "ap.add_argument(*flags, type=, default=, required=, help=, action=, nargs=, dest=, choices=, metavar=)", "Declare a positional argument ('pcap') or an option ('-o', '--out'); action='store_true', 'store_false', 'count', 'append', 'store_const', 'version'.", "argparse.ArgumentParser().add_argument('pcap')", add_argument, false),
    method(T, "parse_args", "ap.parse_args(args=None)", "Parse sys.argv[1:] (or args): a Namespace, or usage and an error on stderr and exit 2.", "argparse.ArgumentParser().parse_args([])", parse_args, false),
    method(T, "parse_known_args", "ap.parse_known_args(args=None)", "(namespace, the arguments it did not know).", "argparse.ArgumentParser().parse_known_args(['x'])", parse_args, false),
    method(T, "print_help", "ap.print_help()", "Print the help text.", "argparse.ArgumentParser(prog='x').print_help()", print_help, false),
    method(T, "print_usage", "ap.print_usage()", "Print the usage line.", "argparse.ArgumentParser(prog='x').print_usage()", print_help, false),
    method(T, "format_help", "ap.format_help()", "The help text.", "argparse.ArgumentParser(prog='x').format_help()", print_help, false),
    method(T, "error", "ap.error(message)", "Print usage and the message to stderr, exit 2.", "argparse", error, false),
    method(T, "add_mutually_exclusive_group", "ap.add_mutually_exclusive_group()", "A group of options (here: the parser itself; exclusivity is not checked).", "argparse.ArgumentParser().add_mutually_exclusive_group()", group, false),
    method(T, "add_argument_group", "ap.add_argument_group(title)", "A group of options (here: the parser itself; help lists them with the rest).", "argparse.ArgumentParser().add_argument_group('x')", group, false),
    method(T, "set_defaults", "ap.set_defaults(**kw)", "Values the namespace has when no argument sets them.", "argparse.ArgumentParser().set_defaults(x=1)", set_defaults, false),
];

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Store,
    StoreConst,
    StoreTrue,
    StoreFalse,
    Append,
    Count,
    Help,
    Version,
}

#[derive(Clone, PartialEq)]
enum Nargs {
    One,
    Optional,
    Any,
    AtLeastOne,
    Exactly(usize),
}

struct Action {
    flags: Vec<String>,
    dest: String,
    kind: Kind,
    nargs: Nargs,
    default: Value,
    konst: Value,
    ty: Option<Value>,
    required: bool,
    help: Option<String>,
    choices: Option<Vec<Value>>,
    metavar: Option<String>,
}

impl Action {
    fn positional(&self) -> bool {
        self.flags.is_empty()
    }
    fn takes_values(&self) -> bool {
        matches!(self.kind, Kind::Store | Kind::Append)
    }
    /// `-o/--out` or `pcap`: how errors name it.
    fn name(&self) -> String {
        if self.positional() {
            self.metavar.clone().unwrap_or_else(|| self.dest.clone())
        } else {
            self.flags.join("/")
        }
    }
    fn metavar(&self) -> String {
        self.metavar.clone().unwrap_or_else(|| {
            if self.positional() {
                self.dest.clone()
            } else if let Some(c) = &self.choices {
                let c: Vec<String> = c.iter().map(|v| v.to_str()).collect();
                format!("{{{}}}", c.join(","))
            } else {
                self.dest.to_uppercase()
            }
        })
    }
    /// The metavars after a flag (or for a positional), as usage shows them.
    fn args_text(&self) -> String {
        let m = self.metavar();
        match self.nargs {
            Nargs::One => m,
            Nargs::Optional => format!("[{m}]"),
            Nargs::Any => format!("[{m} ...]"),
            Nargs::AtLeastOne => format!("{m} [{m} ...]"),
            Nargs::Exactly(n) => vec![m; n].join(" "),
        }
    }
    fn invocation(&self) -> String {
        if self.positional() {
            return self.metavar();
        }
        if !self.takes_values() {
            return self.flags.join(", ");
        }
        let a = self.args_text();
        self.flags
            .iter()
            .map(|f| format!("{f} {a}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub struct Parser {
    prog: String,
    description: Option<String>,
    epilog: Option<String>,
    actions: RefCell<Vec<Action>>,
    defaults: RefCell<Vec<(String, Value)>>,
}

impl Object for Parser {
    fn type_name(&self) -> &'static str {
        "ArgumentParser"
    }
    fn repr(&self) -> String {
        format!(
            "ArgumentParser(prog={}, usage=None, description={}, formatter_class=<class 'argparse.HelpFormatter'>, conflict_handler='error', add_help=True)",
            crate::pyfmt::str_repr(&self.prog),
            self.description
                .as_deref()
                .map_or("None".into(), crate::pyfmt::str_repr)
        )
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// What parse_args returns: attributes, in the order the parser declared them.
pub struct Namespace(pub RefCell<IndexMap<String, Value>>);

impl Object for Namespace {
    fn type_name(&self) -> &'static str {
        "Namespace"
    }
    fn repr(&self) -> String {
        let m = self.0.borrow();
        let items: Vec<String> = m.iter().map(|(k, v)| format!("{k}={}", v.repr())).collect();
        format!("Namespace({})", items.join(", "))
    }
    fn attr(&self, name: &str) -> Option<Value> {
        self.0.borrow().get(name).cloned()
    }
    fn set_attr(&self, name: &str, v: Value) -> bool {
        self.0.borrow_mut().insert(name.to_string(), v);
        true
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn parser(v: &Value) -> R<&Parser> {
    v.as_object::<Parser>("an ArgumentParser")
}

fn text(v: Option<&Value>) -> Option<String> {
    v.filter(|v| !matches!(v, Value::None)).map(|v| v.to_str())
}

fn new_parser(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let prog = text(arg(a, k, 0, "prog")).unwrap_or_else(|| {
        let argv0 = match &it.sys.argv {
            Value::List(l) => l.borrow().first().map(|v| v.to_str()).unwrap_or_default(),
            _ => String::new(),
        };
        argv0.rsplit('/').next().unwrap_or("").to_string()
    });
    let p = Parser {
        prog,
        description: text(arg(&[], k, 0, "description")).or_else(|| text(a.get(2))),
        epilog: text(arg(&[], k, 0, "epilog")),
        actions: RefCell::new(Vec::new()),
        defaults: RefCell::new(Vec::new()),
    };
    if arg(&[], k, 0, "add_help").is_none_or(|v| v.truthy()) {
        p.actions.borrow_mut().push(Action {
            flags: vec!["-h".into(), "--help".into()],
            dest: "help".into(),
            kind: Kind::Help,
            nargs: Nargs::Exactly(0),
            default: Value::None,
            konst: Value::None,
            ty: None,
            required: false,
            help: Some("show this help message and exit".into()),
            choices: None,
            metavar: None,
        });
    }
    Ok(Value::Object(Rc::new(p)))
}

fn new_namespace(_: &mut Interp, call: &Call) -> R<Value> {
    let m = call
        .kwargs
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(Value::Object(Rc::new(Namespace(RefCell::new(m)))))
}

fn unsupported(_: &mut Interp, _: &Call) -> R<Value> {
    err(
        ErrorKind::NotImplemented,
        "argparse.FileType is not supported yet: take the path as a string and open() it",
    )
}

fn group(_: &mut Interp, p: &Value, _: &Call) -> R<Value> {
    Ok(p.clone())
}

fn set_defaults(_: &mut Interp, p: &Value, call: &Call) -> R<Value> {
    let p = parser(p)?;
    for (k, v) in call.kwargs {
        p.defaults.borrow_mut().push((k.clone(), v.clone()));
    }
    Ok(Value::None)
}

fn add_argument(_: &mut Interp, p: &Value, call: &Call) -> R<Value> {
    let p = parser(p)?;
    let k = call.kwargs;
    let flags: Vec<String> = call.args.iter().map(|v| v.to_str()).collect();
    if flags.is_empty() {
        return err(ErrorKind::Type, "add_argument() needs a name or flags");
    }
    let optional = flags[0].starts_with('-');
    let kind = match text(arg(&[], k, 0, "action")).as_deref() {
        None | Some("store") => Kind::Store,
        Some("store_true") => Kind::StoreTrue,
        Some("store_false") => Kind::StoreFalse,
        Some("store_const") => Kind::StoreConst,
        Some("append") => Kind::Append,
        Some("count") => Kind::Count,
        Some("help") => Kind::Help,
        Some("version") => Kind::Version,
        Some(other) => {
            return err(
                ErrorKind::Value,
                format!("argparse action '{other}' is not supported yet"),
            )
        }
    };
    let nargs = match arg(&[], k, 0, "nargs") {
        None | Some(Value::None) => match kind {
            Kind::Store | Kind::Append => Nargs::One,
            _ => Nargs::Exactly(0),
        },
        Some(Value::Int(n)) => Nargs::Exactly(*n as usize),
        Some(v) => match v.to_str().as_str() {
            "?" => Nargs::Optional,
            "*" => Nargs::Any,
            "+" => Nargs::AtLeastOne,
            s => return err(ErrorKind::Value, format!("invalid nargs value: {s:?}")),
        },
    };
    let dest = match text(arg(&[], k, 0, "dest")) {
        Some(d) => d,
        None if !optional => flags[0].clone(),
        None => {
            let long = flags
                .iter()
                .find(|f| f.starts_with("--"))
                .unwrap_or(&flags[0]);
            long.trim_start_matches('-').replace('-', "_")
        }
    };
    let default = match (arg(&[], k, 0, "default"), kind) {
        (Some(d), _) => d.clone(),
        (None, Kind::StoreTrue) => Value::Bool(false),
        (None, Kind::StoreFalse) => Value::Bool(true),
        _ => Value::None,
    };
    let choices = match arg(&[], k, 0, "choices") {
        Some(Value::None) | None => None,
        Some(v) => Some(match v {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => t.to_vec(),
            Value::Str(s) => s.chars().map(|c| Value::str(&c.to_string())).collect(),
            v => vec![v.clone()],
        }),
    };
    let konst = match kind {
        Kind::Version => arg(&[], k, 0, "version").cloned().unwrap_or(Value::None),
        _ => arg(&[], k, 0, "const").cloned().unwrap_or(Value::None),
    };
    p.actions.borrow_mut().push(Action {
        flags: if optional { flags } else { vec![] },
        dest,
        kind,
        nargs: nargs.clone(),
        default,
        konst,
        ty: arg(&[], k, 0, "type")
            .cloned()
            .filter(|v| !matches!(v, Value::None)),
        required: if optional {
            arg(&[], k, 0, "required").is_some_and(|v| v.truthy())
        } else {
            // argparse: a positional is required unless '?', or '*' with a default.
            match nargs {
                Nargs::Optional => false,
                Nargs::Any => arg(&[], k, 0, "default").is_none(),
                _ => true,
            }
        },
        help: text(arg(&[], k, 0, "help")),
        choices,
        metavar: text(arg(&[], k, 0, "metavar")),
    });
    Ok(Value::None)
}

fn print_help(it: &mut Interp, p: &Value, call: &Call) -> R<Value> {
    let pr = parser(p)?;
    let text = match call.name {
        "print_usage" => usage(pr) + "\n",
        _ => help_text(pr),
    };
    if call.name == "format_help" {
        return Ok(Value::str(&text));
    }
    it.write(&text)?;
    Ok(Value::None)
}

fn error(it: &mut Interp, p: &Value, call: &Call) -> R<Value> {
    let m = need("error", call.args, call.kwargs, 0, "message")?.to_str();
    Err(fail(it, parser(p)?, &m))
}
