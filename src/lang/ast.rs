//! The syntax tree. Every expression keeps its source span for error messages.

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub pos: usize,
    pub len: usize,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Name(String),
    Int(i64),
    /// An integer literal beyond 64 bits.
    Big(std::rc::Rc<num_bigint::BigInt>),
    Float(f64),
    Str(String),
    FStr(Vec<FPart>),
    None,
    Bool(bool),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    Attr(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    Call(Box<Expr>, Vec<Expr>, Vec<(String, Expr)>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// A chain `a < b <= c`.
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    IfElse(Box<Expr>, Box<Expr>, Box<Expr>),
    Lambda(Vec<Param>, Box<Expr>),
    /// `[elt for target in iter if cond ...]` (also a generator expression).
    ListComp(Box<Expr>, Vec<Clause>),
    /// `(elt for target in iter ...)`: a generator object, taken item by item.
    GenExp(Box<Expr>, Vec<Clause>),
    /// `{elt for ...}`
    SetComp(Box<Expr>, Vec<Clause>),
    /// `{k: v for ...}`
    DictComp(Box<Expr>, Box<Expr>, Vec<Clause>),
    /// `{a, b}`
    Set(Vec<Expr>),
    /// `b'...'`
    Bytes(Vec<u8>),
    /// `*x` in a call's arguments, a list or an assignment target; `**d` in a call is a
    /// keyword argument named `**`.
    Starred(Box<Expr>),
    /// `yield x` (`yield from x` when the flag is set).
    Yield(Option<Box<Expr>>, bool),
}

/// One `for target in iter if cond...` clause of a comprehension.
pub type Clause = (Expr, Expr, Vec<Expr>);

/// How a parameter takes its argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Normal,
    /// `*args`
    VarArgs,
    /// After `*` or `*args`: by keyword only.
    KwOnly,
    /// `**kwargs`
    VarKw,
}

/// A parameter of a `def` or `lambda`, with its default expression.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub default: Option<Expr>,
    pub kind: ParamKind,
}

#[derive(Clone, Debug)]
pub enum FPart {
    Lit(String),
    Expr(Expr, Option<char>, String),
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub pos: usize,
    pub len: usize,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Expr(Expr),
    Assign(Vec<Expr>, Expr),
    AugAssign(Expr, BinOp, Expr),
    Print(Vec<Expr>, bool),
    /// `for target in iter: body else: other`
    For(Expr, Expr, Vec<Stmt>, Option<Vec<Stmt>>),
    While(Expr, Vec<Stmt>, Option<Vec<Stmt>>),
    If(Vec<(Expr, Vec<Stmt>)>, Option<Vec<Stmt>>),
    /// `def name(params): body`; the flag: its body yields (a generator).
    Def(String, Vec<Param>, Vec<Stmt>, bool),
    /// `class Name(bases): body`
    Class(String, Vec<Expr>, Vec<Stmt>),
    /// `@d1 @d2 def f...` (or a class): the decorators, top first, and the definition.
    Decorated(Vec<Expr>, Box<Stmt>),
    /// `with a as x, b: body`
    With(Vec<(Expr, Option<Expr>)>, Vec<Stmt>),
    /// `assert cond, message`
    Assert(Expr, Option<Expr>),
    /// `global a, b` (`nonlocal` when the flag is set).
    Global(Vec<String>, bool),
    Return(Option<Expr>),
    Del(Vec<Expr>),
    /// `try` with its `except` clauses (exception names, `as` name, body), `else`, `finally`.
    Try(
        Vec<Stmt>,
        Vec<Handler>,
        Option<Vec<Stmt>>,
        Option<Vec<Stmt>>,
    ),
    /// `raise` (re-raises inside an `except`, or raises an error with a message).
    Raise(Option<Expr>),
    Break,
    Continue,
    Pass,
    /// `import a.b as c, d`: each dotted module path and the name it binds, if any.
    Import(Vec<(String, Option<String>)>),
    /// `from a.b import x as y, z`; an empty list is `from a.b import *`.
    FromImport(String, Vec<(String, Option<String>)>),
}

#[derive(Clone, Debug)]
pub struct Handler {
    /// Exception names it catches; empty for a bare `except:`.
    pub names: Vec<String>,
    pub bind: Option<String>,
    pub body: Vec<Stmt>,
}

macro_rules! operators {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $symbol:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($variant,)*
        }

        impl $name {
            /// The operator as Python spells it.
            pub fn symbol(self) -> &'static str {
                match self {
                    $($name::$variant => $symbol,)*
                }
            }

            /// The operator a symbol spells.
            pub fn from_symbol(s: &str) -> Option<$name> {
                match s {
                    $($symbol => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.symbol())
            }
        }
    };
}

operators! {
    /// A binary arithmetic or bitwise operator (also the `op` of `x op= y`).
    BinOp {
        Add = "+",
        Sub = "-",
        Mul = "*",
        Div = "/",
        FloorDiv = "//",
        Mod = "%",
        Pow = "**",
        LShift = "<<",
        RShift = ">>",
        BitAnd = "&",
        BitOr = "|",
        BitXor = "^",
    }
}

operators! {
    /// A comparison operator.
    CmpOp {
        Eq = "==",
        Ne = "!=",
        Lt = "<",
        Gt = ">",
        Le = "<=",
        Ge = ">=",
        In = "in",
        NotIn = "not in",
        Is = "is",
        IsNot = "is not",
    }
}

operators! {
    /// A unary operator.
    UnaryOp {
        Neg = "-",
        Pos = "+",
        Invert = "~",
        Not = "not",
    }
}
