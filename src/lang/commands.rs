//! The command table: every builtin, method and computed attribute is one entry, which
//! holds its documentation and the function that runs it. The evaluator runs entries,
//! and `help`, `dir`, completion and `docs/reference.md` are made from the same entries,
//! so they cannot drift apart. Each table lives beside its functions, one file a kind of
//! value (`methods/`) or of builtin (`builtins/`); `TABLES` lists them.

use super::eval::{Interp, R};
use super::value::Value;
use super::{builtins, methods, modules};

/// Where a name lives: a builtin function, or a method of a kind of value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    Builtin,
    PacketList,
    Sessions,
    Conversations,
    Packet,
    Bytes,
    Str,
    Dict,
    List,
    /// A module's functions and constants (`os.path`).
    Module(&'static str),
    /// The methods of a type of value a module makes (`TextIOWrapper`, `set`).
    Type(&'static str),
}

impl Owner {
    pub fn title(self) -> String {
        match self {
            Owner::Module(m) => return format!("Module `{m}`"),
            Owner::Type(t) => return format!("Type `{t}`"),
            _ => {}
        }
        match self {
            Owner::Builtin => "Builtins",
            Owner::PacketList => "Packet lists",
            Owner::Sessions => "Sessions",
            Owner::Conversations => "Conversations",
            Owner::Bytes => "Bytes",
            Owner::Packet => "Packets and layers",
            Owner::Str => "Strings",
            Owner::Dict => "Dicts",
            Owner::List => "Lists",
            Owner::Module(_) | Owner::Type(_) => unreachable!(),
        }
        .to_string()
    }
}

/// What a call hands to the function that runs it: the name it was called by (several
/// names can share a function: `min` and `max`), and its arguments.
pub struct Call<'a> {
    pub name: &'static str,
    pub args: &'a [Value],
    pub kwargs: &'a [(String, Value)],
}

pub type BuiltinFn = fn(&mut Interp, &Call) -> R<Value>;
pub type MethodFn = fn(&mut Interp, &Value, &Call) -> R<Value>;
pub type PropertyFn = fn(&mut Interp, &Value) -> R<Value>;

/// How an entry runs.
#[derive(Clone, Copy)]
pub enum Run {
    Builtin(BuiltinFn),
    /// A method; `bare`: it also runs when named without parentheses (`a.summary`).
    Method {
        run: MethodFn,
        bare: bool,
    },
    /// An attribute whose value is computed when read (`p.time`).
    Property(PropertyFn),
}

/// One builtin, method or attribute: what `help`, completion and docs/reference.md show,
/// and the function that runs it.
pub struct Command {
    pub owner: Owner,
    pub name: &'static str,
    pub signature: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
    pub run: Run,
    /// It reaches outside the process: files, the terminal's input, waiting. The sandbox
    /// (`Interp::sandbox`, for fuzzing the language) refuses these entries.
    pub outside: bool,
}

impl Command {
    /// Marks an entry that reads or writes files, reads standard input or waits.
    pub const fn outside(self) -> Command {
        Command {
            outside: true,
            ..self
        }
    }
}

pub const fn builtin(
    name: &'static str,
    signature: &'static str,
    doc: &'static str,
    example: &'static str,
    run: BuiltinFn,
) -> Command {
    Command {
        owner: Owner::Builtin,
        name,
        signature,
        doc,
        example,
        run: Run::Builtin(run),
        outside: false,
    }
}

/// A function of a module (`Owner::Module`) or a constructor of a type.
pub const fn function(
    owner: Owner,
    name: &'static str,
    signature: &'static str,
    doc: &'static str,
    example: &'static str,
    run: BuiltinFn,
) -> Command {
    Command {
        owner,
        name,
        signature,
        doc,
        example,
        run: Run::Builtin(run),
        outside: false,
    }
}

pub const fn method(
    owner: Owner,
    name: &'static str,
    signature: &'static str,
    doc: &'static str,
    example: &'static str,
    run: MethodFn,
    bare: bool,
) -> Command {
    Command {
        owner,
        name,
        signature,
        doc,
        example,
        run: Run::Method { run, bare },
        outside: false,
    }
}

pub const fn property(
    owner: Owner,
    name: &'static str,
    signature: &'static str,
    doc: &'static str,
    example: &'static str,
    run: PropertyFn,
) -> Command {
    Command {
        owner,
        name,
        signature,
        doc,
        example,
        run: Run::Property(run),
        outside: false,
    }
}

/// The tables, one for each file that defines builtins or methods.
static TABLES: &[&[Command]] = &[
    builtins::scapy::TABLE,
    builtins::python::TABLE,
    builtins::types::TABLE,
    builtins::classes::TABLE,
    builtins::writers::TABLE,
    builtins::reader::TABLE,
    builtins::defrag::TABLE,
    builtins::teach::TABLE,
    methods::packet_list::TABLE,
    methods::sessions::TABLE,
    methods::conversations::TABLE,
    methods::tables::TABLE,
    methods::make_table::TABLE,
    methods::iograph::TABLE,
    methods::packet::TABLE,
    methods::nopayload::TABLE,
    methods::record::TABLE,
    methods::bytes::TABLE,
    methods::bytes::AS_TEXT,
    methods::str::TABLE,
    methods::str::MORE,
    methods::dict::TABLE,
    methods::list::TABLE,
    methods::set::TABLE,
    methods::int::TABLE,
    methods::namedtuple::TABLE,
    modules::io::TABLE,
    modules::deque::TABLE,
    modules::sys::TABLE,
    modules::os::TABLE,
    modules::argparse::TABLE,
    modules::csv::TABLE,
    modules::re::TABLE,
    modules::binary::TABLE,
    modules::clock::TABLE,
    modules::data::TABLE,
    modules::operator::TABLE,
    modules::ipaddress::TABLE,
    modules::logging::TABLE,
    modules::stdlib::TABLE,
    modules::random::TABLE,
];

/// Every entry of every table.
pub fn all() -> impl Iterator<Item = &'static Command> {
    TABLES.iter().flat_map(|t| t.iter())
}

pub fn methods_of(owner: Owner) -> impl Iterator<Item = &'static Command> {
    all().filter(move |c| c.owner == owner)
}

type Index =
    std::collections::HashMap<Owner, std::collections::HashMap<&'static str, &'static Command>>;

/// Every entry by owner and name, built once: the evaluator looks names up here on every
/// use, so this must not be a scan.
fn index() -> &'static Index {
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = Index::new();
        for c in all() {
            m.entry(c.owner).or_default().entry(c.name).or_insert(c);
        }
        m
    })
}

/// The entry of a builtin function.
pub fn find_builtin(name: &str) -> Option<&'static Command> {
    find_method(Owner::Builtin, name)
}

/// The entry of a method or attribute of a kind of value.
pub fn find_method(owner: Owner, name: &str) -> Option<&'static Command> {
    index().get(&owner)?.get(name).copied()
}

/// A module's entries by name (`Owner::Module(path)`), found by the path a script wrote.
pub fn module_entries(
    path: &str,
) -> Option<&'static std::collections::HashMap<&'static str, &'static Command>> {
    type Modules = std::collections::HashMap<
        &'static str,
        std::collections::HashMap<&'static str, &'static Command>,
    >;
    static MODULES: std::sync::OnceLock<Modules> = std::sync::OnceLock::new();
    MODULES
        .get_or_init(|| {
            let mut m = Modules::new();
            for (owner, entries) in index() {
                if let Owner::Module(p) = owner {
                    m.insert(*p, entries.clone());
                }
            }
            m
        })
        .get(path)
}

/// Whether `x.name` runs the method without parentheses (`a.summary`, `s = a.sessions`).
pub fn runs_bare(obj: &Value, name: &str) -> bool {
    let entry = owner_of(obj).and_then(|o| find_method(o, name));
    matches!(entry.map(|c| c.run), Some(Run::Method { bare: true, .. }))
}

/// Which table a value's methods are in.
pub fn owner_of(v: &Value) -> Option<Owner> {
    Some(match v {
        Value::Packets(_) => Owner::PacketList,
        Value::Sessions(_) => Owner::Sessions,
        Value::Conversations(_) => Owner::Conversations,
        Value::Packet(_) | Value::Layer(_) => Owner::Packet,
        Value::Bytes(_) => Owner::Bytes,
        Value::Str(_) => Owner::Str,
        Value::Dict(_) => Owner::Dict,
        Value::List(_) => Owner::List,
        Value::Object(o) => Owner::Type(o.type_name()),
        Value::Instance(i) if i.tuple_fields().is_some() => Owner::Type("namedtuple"),
        Value::Record(_) => Owner::Type("Record"),
        Value::Set(..) => Owner::Type("set"),
        Value::Int(_) | Value::Big(_) => Owner::Type("int"),
        _ => return None,
    })
}

/// Writes `docs/reference.md` from the table.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# pcapsh reference\n\nGenerated from the command table in `src/lang/commands.rs` \
         (`cargo run -- --reference > docs/reference.md`); a test fails when this file is stale.\n",
    );
    let mut owners = vec![
        Owner::Builtin,
        Owner::PacketList,
        Owner::Sessions,
        Owner::Conversations,
        Owner::Packet,
        Owner::Bytes,
        Owner::Str,
        Owner::Dict,
        Owner::List,
    ];
    for c in all() {
        if !owners.contains(&c.owner) {
            owners.push(c.owner);
        }
    }
    for owner in owners {
        out.push_str(&format!(
            "\n## {}\n\n| name | what it does | example |\n|---|---|---|\n",
            owner.title()
        ));
        for c in methods_of(owner) {
            out.push_str(&format!(
                "| `{}` | {} | `{}` |\n",
                c.signature.replace('|', "\\|"),
                c.doc.replace('|', "\\|"),
                c.example.replace('|', "\\|")
            ));
        }
    }
    out.push_str(
        "\n## Layers\n\nEvery layer pcapsh dissects, usable as `TCP in p`, `p[TCP]`, \
         `p.haslayer(TCP)`; from the registry in `src/dissect/layers/mod.rs`.\n\n\
         | class | Scapy's name for it | Scapy module |\n|---|---|---|\n",
    );
    for c in crate::dissect::layers::classes() {
        out.push_str(&format!(
            "| `{}` | {} | `{}` |\n",
            c.name, c.display, c.module
        ));
    }
    out
}
