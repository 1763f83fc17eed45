//! `operator`: the operators as functions, and `itemgetter` / `attrgetter` (sort keys).

use std::rc::Rc;

use crate::lang::ast::{BinOp, CmpOp};
use crate::lang::builtins::need;
use crate::lang::commands::{function, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::{Object, Value};

const OP: Owner = Owner::Module("operator");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(OP, "itemgetter", "operator.itemgetter(*keys)", "A function that takes item key (a tuple of items for several keys) of its argument: a sort key.", "sorted([(1, 'b'), (2, 'a')], key=operator.itemgetter(1))", getter),
    function(OP, "attrgetter", "operator.attrgetter(*names)", "A function that reads attribute name (dotted names too) of its argument: a sort key.", "operator.attrgetter('time')(a[0])", getter),
    function(OP, "add", "operator.add(a, b)", "a + b.", "operator.add(1, 2)", binary),
    function(OP, "sub", "operator.sub(a, b)", "a - b.", "operator.sub(3, 1)", binary),
    function(OP, "mul", "operator.mul(a, b)", "a * b.", "operator.mul(2, 3)", binary),
    function(OP, "truediv", "operator.truediv(a, b)", "a / b.", "operator.truediv(1, 2)", binary),
    function(OP, "floordiv", "operator.floordiv(a, b)", "a // b.", "operator.floordiv(7, 2)", binary),
    function(OP, "mod", "operator.mod(a, b)", "a % b.", "operator.mod(7, 2)", binary),
    function(OP, "and_", "operator.and_(a, b)", "a & b.", "operator.and_(6, 3)", binary),
    function(OP, "or_", "operator.or_(a, b)", "a | b.", "operator.or_(4, 1)", binary),
    function(OP, "xor", "operator.xor(a, b)", "a ^ b.", "operator.xor(6, 3)", binary),
    function(OP, "eq", "operator.eq(a, b)", "a == b.", "operator.eq(1, 1)", binary),
    function(OP, "ne", "operator.ne(a, b)", "a != b.", "operator.ne(1, 2)", binary),
    function(OP, "lt", "operator.lt(a, b)", "a < b.", "operator.lt(1, 2)", binary),
    function(OP, "le", "operator.le(a, b)", "a <= b.", "operator.le(1, 2)", binary),
    function(OP, "gt", "operator.gt(a, b)", "a > b.", "operator.gt(1, 2)", binary),
    function(OP, "ge", "operator.ge(a, b)", "a >= b.", "operator.ge(1, 2)", binary),
    function(OP, "contains", "operator.contains(a, b)", "b in a.", "operator.contains([1], 1)", binary),
    function(OP, "getitem", "operator.getitem(a, k)", "a[k].", "operator.getitem([5, 6], 1)", binary),
    function(OP, "neg", "operator.neg(a)", "-a.", "operator.neg(1)", unary),
    function(OP, "not_", "operator.not_(a)", "not a.", "operator.not_(0)", unary),
    function(OP, "truth", "operator.truth(a)", "bool(a).", "operator.truth([])", unary),
];

/// `itemgetter(k, ...)` or `attrgetter(name, ...)`: called with an object, its item(s)
/// or attribute(s).
struct Getter {
    attrs: bool,
    keys: Vec<Value>,
}

impl Object for Getter {
    fn type_name(&self) -> &'static str {
        if self.attrs {
            "operator.attrgetter"
        } else {
            "operator.itemgetter"
        }
    }
    fn repr(&self) -> String {
        let keys: Vec<String> = self.keys.iter().map(|k| k.repr()).collect();
        format!("{}({})", self.type_name(), keys.join(", "))
    }
    fn call(
        &self,
        it: &mut Interp,
        args: Vec<Value>,
        _kwargs: Vec<(String, Value)>,
    ) -> Option<R<Value>> {
        Some(self.get(it, args))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Getter {
    fn get(&self, it: &mut Interp, args: Vec<Value>) -> R<Value> {
        let [obj] = &args[..] else {
            return err(
                ErrorKind::Type,
                format!(
                    "{} expected 1 argument, got {}",
                    self.type_name().trim_start_matches("operator."),
                    args.len()
                ),
            );
        };
        let mut out = Vec::with_capacity(self.keys.len());
        for k in &self.keys {
            out.push(if self.attrs {
                let mut v = obj.clone();
                for part in k.to_str().split('.') {
                    v = it.getattr(&v, part)?;
                }
                v
            } else {
                it.index(obj, k)?
            });
        }
        Ok(match out.len() {
            1 => out.remove(0),
            _ => Value::Tuple(Rc::new(out)),
        })
    }
}

fn getter(_: &mut Interp, call: &Call) -> R<Value> {
    let attrs = call.name == "attrgetter";
    if call.args.is_empty() {
        return err(
            ErrorKind::Type,
            format!("{} expected 1 argument, got 0", call.name),
        );
    }
    if attrs {
        if let Some(k) = call.args.iter().find(|k| !matches!(k, Value::Str(_))) {
            return err(
                ErrorKind::Type,
                format!("attribute name must be a string, not '{}'", k.type_name()),
            );
        }
    }
    Ok(Value::Object(Rc::new(Getter {
        attrs,
        keys: call.args.to_vec(),
    })))
}

fn binary(it: &mut Interp, call: &Call) -> R<Value> {
    let a = need(call.name, call.args, call.kwargs, 0, "a")?;
    let b = need(call.name, call.args, call.kwargs, 1, "b")?;
    let op = match call.name {
        "add" => BinOp::Add,
        "sub" => BinOp::Sub,
        "mul" => BinOp::Mul,
        "truediv" => BinOp::Div,
        "floordiv" => BinOp::FloorDiv,
        "mod" => BinOp::Mod,
        "and_" => BinOp::BitAnd,
        "or_" => BinOp::BitOr,
        "xor" => BinOp::BitXor,
        "getitem" => return it.index(a, b),
        "contains" => return Ok(Value::Bool(it.contains(a, b)?)),
        name => {
            let op = match name {
                "eq" => CmpOp::Eq,
                "ne" => CmpOp::Ne,
                "lt" => CmpOp::Lt,
                "le" => CmpOp::Le,
                "gt" => CmpOp::Gt,
                _ => CmpOp::Ge,
            };
            return Ok(Value::Bool(it.compare(op, a, b)?));
        }
    };
    it.binop(op, a, b)
}

fn unary(_: &mut Interp, call: &Call) -> R<Value> {
    let a = need(call.name, call.args, call.kwargs, 0, "a")?;
    match call.name {
        "neg" => crate::lang::eval::unary(crate::lang::ast::UnaryOp::Neg, a),
        "not_" => Ok(Value::Bool(!a.truthy())),
        _ => Ok(Value::Bool(a.truthy())),
    }
}
