//! Values of the language.

use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;

use indexmap::IndexMap;

use super::ast::{Expr, ParamKind, Stmt};
use super::error::ErrorKind;
use crate::dissect::{self};
pub use crate::domain::{ConvVal, LayerRef, PacketList, PacketRef, SessionsVal};
use crate::pyfmt::{bytes_repr, float_repr, str_repr};
use crate::time::Decimal;

pub use crate::dissect::field::FlagKind;

/// A scope's variables, shared with the functions defined in it (closures).
pub type Vars = Rc<RefCell<std::collections::HashMap<String, Value>>>;

pub struct Func {
    pub name: String,
    /// Each parameter: name, default value, how it takes its argument.
    pub params: Vec<(String, Option<Value>, ParamKind)>,
    pub body: FuncBody,
    /// The scopes of the functions it was defined in, innermost first.
    pub closure: Vec<Vars>,
    /// Its body yields: calling it makes a generator.
    pub generator: bool,
    /// The class it was defined in, for `super()`.
    pub class: std::cell::OnceCell<std::rc::Weak<ClassObj>>,
}

/// A class defined by a script: `class Flow(object): ...`.
pub struct ClassObj {
    pub name: String,
    pub bases: Vec<Rc<ClassObj>>,
    pub attrs: RefCell<IndexMap<String, Value>>,
    /// The exception class it derives from, if it is an exception.
    pub exception: Option<ErrorKind>,
}

impl ClassObj {
    /// An attribute of the class or its bases, depth first as Python's MRO is for single
    /// inheritance; with the class that holds it.
    pub fn find(self: &Rc<Self>, name: &str) -> Option<(Value, Rc<ClassObj>)> {
        if let Some(v) = self.attrs.borrow().get(name) {
            return Some((v.clone(), self.clone()));
        }
        self.bases.iter().find_map(|b| b.find(name))
    }

    pub fn is_subclass(&self, other: &ClassObj) -> bool {
        std::ptr::eq(self, other) || self.bases.iter().any(|b| b.is_subclass(other))
    }
}

/// An instance of a script's class.
pub struct Instance {
    pub class: Rc<ClassObj>,
    pub attrs: RefCell<IndexMap<String, Value>>,
}

impl Instance {
    /// A namedtuple's field names (its class's `_fields`), if it is one.
    pub fn tuple_fields(&self) -> Option<Vec<String>> {
        match self.class.find("_fields") {
            Some((Value::Tuple(t), _)) => Some(t.iter().map(|v| v.to_str()).collect()),
            _ => None,
        }
    }

    /// A namedtuple's values, in field order.
    pub fn tuple_values(&self) -> Option<Vec<Value>> {
        let fields = self.tuple_fields()?;
        let a = self.attrs.borrow();
        Some(
            fields
                .iter()
                .map(|f| a.get(f).cloned().unwrap_or(Value::None))
                .collect(),
        )
    }
}

pub enum FuncBody {
    Block(Vec<Stmt>),
    Lambda(Expr),
}

#[derive(Clone)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    /// An integer beyond 64 bits (never one that fits: see `bigint::norm`).
    Big(Rc<num_bigint::BigInt>),
    Float(f64),
    Dec(Decimal),
    Str(Rc<String>),
    Bytes(Rc<[u8]>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<Vec<Value>>),
    Dict(Rc<RefCell<DictMap>>),
    Packets(Rc<PacketList>),
    Packet(PacketRef),
    Layer(LayerRef),
    Sessions(Rc<SessionsVal>),
    Conversations(Rc<ConvVal>),
    /// One timestamp per packet of a list (`v.time`): a list that shows as a column.
    Times(Rc<Vec<Value>>),
    Flags(u32, FlagKind),
    /// A layer class such as `TCP`, for `TCP in p`, `p[TCP]`, `haslayer(TCP)`.
    LayerClass(&'static str),
    Builtin(&'static str),
    Method(Box<Value>, &'static str),
    Func(Rc<Func>),
    /// A record inside a layer (a DNS question or resource record): its Scapy class and
    /// fields, each with the text Scapy's repr shows.
    /// A packet inside a layer's list field (a DNS record).
    Record(Rc<crate::dissect::field::Nested>),
    /// What `type(x)` returns: prints as `<class 'dict'>`.
    Class(Rc<str>),
    /// A module (`import scapy.all as scapy`), by its dotted path.
    Module(Rc<str>),
    /// An exception class: `KeyError`, to raise, call or name in `except`.
    ExceptionClass(ErrorKind),
    /// An exception: raised, or bound by `except ... as e`.
    Exception(Rc<ExceptionVal>),
    /// `dict_keys([...])` and friends: a list with Python's view repr.
    View(&'static str, Rc<Vec<Value>>),
    /// A function of a module (`os.path.join`): its command-table entry.
    Function(&'static crate::lang::commands::Command),
    /// An object a module makes (a file, a csv writer, a regex match ...): its methods are
    /// command-table entries of its type.
    Object(Rc<dyn Object>),
    /// A set (`frozen`: a frozenset), in insertion order.
    Set(Rc<RefCell<IndexMap<HKey, Value>>>, bool),
    /// A class a script defines.
    UserClass(Rc<ClassObj>),
    /// An instance of one.
    Instance(Rc<Instance>),
    /// A script's function bound to an instance: `obj.method`.
    Bound(Box<Value>, Rc<Func>),
    /// `super()`: attribute lookup starts after this class.
    Super(Rc<ClassObj>, Box<Value>),
}

/// A value made by a module: a file, a parser, a match. Its methods live in the command
/// table under `Owner::Type(type_name)`; data attributes come from `attr`.
pub trait Object {
    /// Python's name for its type, also the owner of its methods in the command table.
    fn type_name(&self) -> &'static str;
    fn repr(&self) -> String;
    fn to_str(&self) -> String {
        self.repr()
    }
    /// A data attribute (`args.pcap`, `m.lastindex`), if it has one of that name.
    fn attr(&self, _name: &str) -> Option<Value> {
        None
    }
    /// Sets a data attribute; false if the object has none.
    fn set_attr(&self, _name: &str, _v: Value) -> bool {
        false
    }
    /// Its items, if it is iterable.
    fn items(&self) -> Option<Vec<Value>> {
        None
    }
    fn truthy(&self) -> bool {
        true
    }
    /// What leaving a `with` block does (a file closes).
    fn exit(&self) {}
    /// `self op other` (or `other op self` when `reflected`), if the type defines it.
    fn binop(&self, _op: super::ast::BinOp, _other: &Value, _reflected: bool) -> Option<Value> {
        None
    }
    /// Order against another value, if comparable.
    fn cmp(&self, _other: &Value) -> Option<std::cmp::Ordering> {
        None
    }
    /// A hashable key, if it can be a dict key or set item.
    fn key(&self) -> Option<HKey> {
        None
    }
    /// Its length, if `len()` takes it.
    fn length(&self) -> Option<usize> {
        None
    }
    /// Whether it is an iterator: `next_item` takes its items one at a time.
    fn is_iterator(&self) -> bool {
        false
    }
    /// The next item, if it is an iterator (`next(it)`): None when it is not one,
    /// `Some(None)` at its end.
    fn next_item(&self) -> Option<Option<Value>> {
        None
    }
    /// Calls it, if it is callable (a decorator, `partial`, `itemgetter` ...).
    fn call(
        &self,
        _it: &mut super::eval::Interp,
        _args: Vec<Value>,
        _kwargs: Vec<(String, Value)>,
    ) -> Option<super::eval::R<Value>> {
        None
    }
    fn as_any(&self) -> &dyn std::any::Any;
}

/// An exception value: its class, and its message as `str(e)` shows it.
pub struct ExceptionVal {
    pub kind: ErrorKind,
    pub message: String,
    /// Its arguments as its repr shows them: `KeyError('k')`.
    pub args: String,
}

/// A dict's contents: insertion-ordered, each key kept with its original value; and what
/// kind of dict it is (a Counter, a defaultdict ...). It derefs to its map.
#[derive(Clone, Default)]
pub struct DictMap {
    pub map: IndexMap<HKey, (Value, Value)>,
    pub kind: DictKind,
}

/// `collections`' dicts: each a dict with its own repr, and a Counter or defaultdict makes
/// missing values.
#[derive(Clone, Default)]
pub enum DictKind {
    #[default]
    Plain,
    Counter,
    /// A defaultdict and its factory.
    Default(Value),
    Ordered,
}

impl std::ops::Deref for DictMap {
    type Target = IndexMap<HKey, (Value, Value)>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl std::ops::DerefMut for DictMap {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.map
    }
}

impl From<IndexMap<HKey, (Value, Value)>> for DictMap {
    fn from(map: IndexMap<HKey, (Value, Value)>) -> DictMap {
        DictMap {
            map,
            kind: DictKind::Plain,
        }
    }
}

impl FromIterator<(HKey, (Value, Value))> for DictMap {
    fn from_iter<T: IntoIterator<Item = (HKey, (Value, Value))>>(iter: T) -> Self {
        DictMap::from(iter.into_iter().collect::<IndexMap<_, _>>())
    }
}

impl Value {
    /// The module-made object of type `T` this value holds, if it holds one.
    pub fn object<T: 'static>(&self) -> Option<&T> {
        match self {
            Value::Object(o) => o.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    /// As `object`, or a TypeError saying what was expected (`"expected a csv writer"`).
    pub fn as_object<T: 'static>(&self, what: &str) -> Result<&T, crate::lang::error::Error> {
        self.object::<T>().ok_or_else(|| {
            crate::lang::error::Error::at_none(ErrorKind::Type, format!("expected {what}"))
        })
    }

    /// A new dict value.
    pub fn dict(map: IndexMap<HKey, (Value, Value)>) -> Value {
        Value::Dict(Rc::new(RefCell::new(map.into())))
    }
}

/// A hashable form of a value, for dict keys.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HKey {
    None,
    Int(i64),
    Big(Rc<num_bigint::BigInt>),
    Str(Rc<String>),
    Bytes(Rc<[u8]>),
    Dec(i128, u8),
    Float(u64),
    Tuple(Vec<HKey>),
    /// An object hashed by identity (an instance of a script's class without `__eq__`, a
    /// class, a function), as Python's default `__hash__`; the dict or set keeps the
    /// object itself alive beside its key.
    Id(usize),
}

impl HKey {
    pub fn str(s: &str) -> HKey {
        HKey::Str(Rc::new(s.to_string()))
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::new(s.to_string()))
    }

    /// A string made from an owned `String`, without copying it.
    pub fn string(s: String) -> Value {
        Value::Str(Rc::new(s))
    }

    /// An exception from an error: a KeyError's message is already its key's repr.
    pub fn exception(kind: ErrorKind, message: &str) -> Value {
        let args = match kind {
            _ if message.is_empty() => String::new(),
            ErrorKind::Key => message.to_string(),
            _ => str_repr(message),
        };
        Value::Exception(Rc::new(ExceptionVal {
            kind,
            message: message.to_string(),
            args,
        }))
    }

    pub fn list(v: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(v)))
    }

    pub fn hkey(&self) -> Option<HKey> {
        Some(match self {
            Value::None => HKey::None,
            Value::Bool(b) => HKey::Int(*b as i64),
            Value::Int(i) => HKey::Int(*i),
            Value::Big(b) => HKey::Big(b.clone()),
            Value::Str(s) => HKey::Str(s.clone()),
            Value::Bytes(b) => HKey::Bytes(b.clone()),
            Value::Dec(d) => {
                // Equal decimals hash alike whatever their scale.
                let mut m = d.mantissa;
                let mut s = d.scale;
                while s > 0 && m % 10 == 0 {
                    m /= 10;
                    s -= 1;
                }
                if s == 0 && i64::try_from(m).is_ok() {
                    HKey::Int(m as i64)
                } else {
                    HKey::Dec(m, s)
                }
            }
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9e15 {
                    HKey::Int(*f as i64)
                } else {
                    HKey::Float(f.to_bits())
                }
            }
            Value::Tuple(t) => HKey::Tuple(t.iter().map(|v| v.hkey()).collect::<Option<_>>()?),
            Value::Flags(v, _) => HKey::Int(*v as i64),
            Value::LayerClass(n) | Value::Builtin(n) => HKey::str(n),
            Value::Class(c) => HKey::str(c),
            Value::Object(o) => return o.key(),
            Value::Instance(i) => match i.tuple_values() {
                Some(vals) => HKey::Tuple(vals.iter().map(|v| v.hkey()).collect::<Option<_>>()?),
                None if i.class.find("__eq__").is_some() || i.class.find("__hash__").is_some() => {
                    return None
                }
                None => HKey::Id(Rc::as_ptr(i) as *const u8 as usize),
            },
            Value::UserClass(c) => HKey::Id(Rc::as_ptr(c) as *const u8 as usize),
            Value::Func(f) => HKey::Id(Rc::as_ptr(f) as *const u8 as usize),
            Value::Set(s, true) => {
                let mut keys: Vec<HKey> = s.borrow().keys().cloned().collect();
                keys.sort_by_key(|k| format!("{k:?}"));
                HKey::Tuple(keys)
            }
            _ => return None,
        })
    }

    /// Python's type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::Big(_) => "int",
            Value::Float(_) => "float",
            Value::Dec(_) => "EDecimal",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) | Value::Times(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(d) => match d.borrow().kind {
                DictKind::Plain => "dict",
                DictKind::Counter => "Counter",
                DictKind::Default(_) => "defaultdict",
                DictKind::Ordered => "OrderedDict",
            },
            Value::Sessions(_) => "dict",
            Value::Conversations(_) => "Conversations",
            Value::Packets(_) => "PacketList",
            Value::Packet(p) => {
                let d = p.dissect();
                d.layers().first().map_or("Raw", |l| l.proto.class_name())
            }
            Value::Layer(l) => {
                let d = l.pkt.dissect();
                d.layers()[l.layer].proto.class_name()
            }
            Value::Flags(..) => "FlagValue",
            Value::LayerClass(_) => "Packet_metaclass",
            Value::Builtin(_) | Value::Method(..) => "builtin_function_or_method",
            Value::Func(_) => "function",
            Value::View(k, _) => k,
            Value::Class(_) => "type",
            Value::Record(r) => r.class,
            Value::ExceptionClass(_) => "type",
            Value::Module(_) => "module",
            Value::Exception(e) => e.kind.python_name(),
            Value::Function(_) => "builtin_function_or_method",
            Value::Object(o) => o.type_name(),
            Value::Set(_, false) => "set",
            Value::Set(_, true) => "frozenset",
            Value::UserClass(_) => "type",
            Value::Instance(_) => "object",
            Value::Bound(..) => "method",
            Value::Super(..) => "super",
        }
    }

    /// `type(x)` as Python prints it.
    pub fn type_repr(&self) -> String {
        match self {
            Value::Packets(_) => "<class 'scapy.plist.PacketList'>".into(),
            Value::Dec(_) => "<class 'scapy.utils.EDecimal'>".into(),
            Value::Flags(..) => "<class 'scapy.fields.FlagValue'>".into(),
            Value::Packet(_) | Value::Layer(_) => {
                let n = self.type_name();
                let module =
                    crate::dissect::layers::class_by_name(n).map_or("scapy.packet", |c| c.module);
                format!("<class '{module}.{n}'>")
            }
            _ => format!("<class '{}'>", self.type_name()),
        }
    }

    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Dec(d) => d.mantissa != 0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Times(t) | Value::View(_, t) => !t.is_empty(),
            Value::Dict(d) => !d.borrow().is_empty(),
            Value::Packets(p) => !p.is_empty(),
            Value::Sessions(s) => !s.sessions.is_empty(),
            Value::Conversations(c) => !c.convs.is_empty(),
            Value::Flags(v, _) => *v != 0,
            Value::Set(s, _) => !s.borrow().is_empty(),
            Value::Object(o) => o.truthy(),
            _ => true,
        }
    }

    /// Python's `repr()`.
    pub fn repr(&self) -> String {
        match self {
            Value::Str(s) => str_repr(s),
            Value::List(l) => shown_once(Rc::as_ptr(l) as *const u8, "[...]", || {
                let items: Vec<String> = l.borrow().iter().map(|v| v.repr()).collect();
                format!("[{}]", items.join(", "))
            }),
            Value::Times(t) => {
                let items: Vec<String> = t.iter().map(|v| v.repr()).collect();
                format!("[{}]", items.join(", "))
            }
            Value::View(kind, t) => {
                let items: Vec<String> = t.iter().map(|v| v.repr()).collect();
                format!("{kind}([{}])", items.join(", "))
            }
            Value::Tuple(t) => {
                let items: Vec<String> = t.iter().map(|v| v.repr()).collect();
                if items.len() == 1 {
                    format!("({},)", items[0])
                } else {
                    format!("({})", items.join(", "))
                }
            }
            Value::Dict(d) => shown_once(Rc::as_ptr(d) as *const u8, "{...}", || {
                dict_repr(&d.borrow())
            }),
            Value::Sessions(s) => {
                let mut out = String::from("{");
                for (i, k) in s.key_texts().iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{}: {}", str_repr(k), s.list(i).repr());
                }
                out.push('}');
                out
            }
            Value::Conversations(c) => format!("<Conversations: {}>", c.convs.len()),
            Value::Record(r) => crate::dissect::field::nested_repr(r),
            Value::Dec(d) => format!("Decimal('{d}')"),
            Value::Flags(v, k) => format!("<Flag {v} ({})>", flags_str(*v, *k)),
            Value::Packet(p) => crate::lang::builtins::build::repr_text(p, 0)
                .unwrap_or_else(|| packet_repr(&p.dissect(), 0)),
            Value::Layer(l) => crate::lang::builtins::build::repr_text(&l.pkt, l.layer)
                .unwrap_or_else(|| packet_repr(&l.pkt.dissect(), l.layer)),
            Value::Exception(e) => format!("{}({})", e.kind.python_name(), e.args),
            Value::Object(o) => o.repr(),
            Value::Set(s, frozen) => {
                let s = s.borrow();
                let items: Vec<String> = set_order(&s).iter().map(|v| v.repr()).collect();
                match (frozen, items.is_empty()) {
                    (false, true) => "set()".into(),
                    (true, true) => "frozenset()".into(),
                    (false, false) => format!("{{{}}}", items.join(", ")),
                    (true, false) => format!("frozenset({{{}}})", items.join(", ")),
                }
            }
            _ => self.to_str(),
        }
    }

    /// Python's `str()`.
    pub fn to_str(&self) -> String {
        match self {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::Big(b) => b.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Dec(d) => d.to_string(),
            Value::Str(s) => s.to_string(),
            Value::Bytes(b) => bytes_repr(b),
            Value::Packets(p) => p.repr(),
            Value::Packet(p) => dissect::summary(&p.dissect()),
            Value::Layer(l) => crate::dissect::summary_from(&l.pkt.dissect(), l.layer),
            Value::Flags(v, k) => flags_str(*v, *k),
            Value::LayerClass(n) => match crate::dissect::layers::class_by_name(n) {
                Some(c) => format!("<class '{}.{n}'>", c.module),
                None => format!("<class '{n}'>"),
            },
            // Scapy prints a packet as its summary; a record's is its class name.
            Value::Record(r) => r.class.to_string(),
            Value::Builtin(n) => format!("<built-in function {n}>"),
            Value::Method(v, n) => format!("<bound method {}.{n} of {}>", v.type_name(), v.repr()),
            Value::Func(f) => format!("<function {}>", f.name),
            Value::Class(c) => c.to_string(),
            Value::ExceptionClass(k) => format!("<class '{}'>", k.python_name()),
            Value::Module(m) => format!("<module '{m}'>"),
            Value::Exception(e) => e.message.clone(),
            Value::Function(c) => format!("<built-in function {}>", c.name),
            Value::UserClass(c) => format!("<class '__main__.{}'>", c.name),
            Value::Instance(i) => match i.tuple_fields() {
                // A namedtuple: `Flow(src='10.0.0.1', dport=80)`.
                Some(fields) => {
                    let a = i.attrs.borrow();
                    let parts: Vec<String> = fields
                        .iter()
                        .map(|f| format!("{f}={}", a.get(f).map_or("None".into(), |v| v.repr())))
                        .collect();
                    format!("{}({})", i.class.name, parts.join(", "))
                }
                None => format!(
                    "<__main__.{} object at {:#x}>",
                    i.class.name,
                    Rc::as_ptr(i) as usize
                ),
            },
            Value::Bound(o, f) => format!("<bound method {} of {}>", f.name, o.repr()),
            Value::Super(c, _) => format!("<super: <class '{}'>>", c.name),
            Value::Object(o) => o.to_str(),
            _ => self.repr(),
        }
    }
}

/// A set's items in the order Python shows them: small non-negative integers in order (as
/// CPython's hash table puts them), anything else as inserted.
pub fn set_order(s: &IndexMap<HKey, Value>) -> Vec<Value> {
    let mut items: Vec<Value> = s.values().cloned().collect();
    let small =
        |v: &Value| matches!(v, Value::Int(i) if (0..(8 * s.len().max(1)) as i64).contains(i));
    if items.iter().all(small) {
        items.sort_by_key(|v| match v {
            Value::Int(i) => *i,
            _ => 0,
        });
    }
    items
}

thread_local! {
    /// The lists and dicts whose repr is being made, outermost first.
    static SHOWING: RefCell<Vec<*const u8>> = const { RefCell::new(Vec::new()) };
}

/// The repr of a container that may hold itself: inside its own repr it shows as
/// `recursive` (`[...]`), as in Python. Deep nesting grows the stack, never overflows it.
fn shown_once(ptr: *const u8, recursive: &str, show: impl FnOnce() -> String) -> String {
    struct Open;
    impl Drop for Open {
        fn drop(&mut self) {
            SHOWING.with(|s| s.borrow_mut().pop());
        }
    }
    if SHOWING.with(|s| s.borrow().contains(&ptr)) {
        return recursive.to_string();
    }
    SHOWING.with(|s| s.borrow_mut().push(ptr));
    let _open = Open;
    crate::lang::eval::deep(show)
}

/// A dict's repr, as Python's for its kind.
fn dict_repr(d: &DictMap) -> String {
    let pairs = |items: &mut dyn Iterator<Item = &(Value, Value)>| -> String {
        let items: Vec<String> = items
            .map(|(k, v)| format!("{}: {}", k.repr(), v.repr()))
            .collect();
        format!("{{{}}}", items.join(", "))
    };
    match &d.kind {
        DictKind::Plain => pairs(&mut d.values()),
        DictKind::Counter if d.is_empty() => "Counter()".into(),
        DictKind::Counter => {
            let mut items: Vec<&(Value, Value)> = d.values().collect();
            items.sort_by(|a, b| {
                crate::lang::eval::compare_values(&b.1, &a.1).unwrap_or(std::cmp::Ordering::Equal)
            });
            format!("Counter({})", pairs(&mut items.into_iter()))
        }
        DictKind::Default(f) => {
            let f = match f {
                Value::Builtin(n) => format!("<class '{n}'>"),
                Value::None => "None".into(),
                f => f.repr(),
            };
            format!("defaultdict({f}, {})", pairs(&mut d.values()))
        }
        DictKind::Ordered if d.is_empty() => "OrderedDict()".into(),
        DictKind::Ordered => {
            let items: Vec<String> = d
                .values()
                .map(|(k, v)| format!("({}, {})", k.repr(), v.repr()))
                .collect();
            format!("OrderedDict([{}])", items.join(", "))
        }
    }
}

pub fn flags_str(v: u32, k: FlagKind) -> String {
    match k {
        FlagKind::Tcp => crate::dissect::layers::tcp::flags_text(v as u16),
        FlagKind::Ip => crate::dissect::layers::ipv4::flags_text(v as u16),
        FlagKind::Named(names) => crate::dissect::field::flag_names(v as u64, names),
    }
}

/// Scapy's packet repr: `<Ether  dst=... src=... type=IPv4 |<IP  ... |>>`.
pub fn packet_repr(p: &dissect::Packet, from: usize) -> String {
    dissect::show::repr_from(p, from)
}

/// Whether a value is, or holds in its lists, tuples and dicts, one that `is` says.
pub(crate) fn holds(v: &Value, is: &dyn Fn(&Value) -> bool) -> bool {
    fn walk(v: &Value, is: &dyn Fn(&Value) -> bool, open: &mut Vec<*const u8>) -> bool {
        if is(v) {
            return true;
        }
        let ptr = match v {
            Value::List(l) => Rc::as_ptr(l) as *const u8,
            Value::Tuple(t) => Rc::as_ptr(t) as *const u8,
            Value::Dict(d) => Rc::as_ptr(d) as *const u8,
            _ => return false,
        };
        // A container that holds itself is looked at once.
        if open.contains(&ptr) {
            return false;
        }
        open.push(ptr);
        let found = crate::lang::eval::deep(|| match v {
            Value::List(l) => l.borrow().iter().any(|x| walk(x, is, open)),
            Value::Tuple(t) => t.iter().any(|x| walk(x, is, open)),
            Value::Dict(d) => d
                .borrow()
                .values()
                .any(|(k, v)| walk(k, is, open) || walk(v, is, open)),
            _ => false,
        });
        open.pop();
        found
    }
    walk(v, is, &mut Vec::new())
}
