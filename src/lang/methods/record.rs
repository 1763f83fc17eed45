//! Methods of a record inside a layer (a DNS question or resource record, an option):
//! `show()`, `summary()` and `sprintf()`, as Scapy gives them for the packet the record is.

use crate::dissect::field::{nested_show, Nested};
use crate::lang::builtins::{arg, need};
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

const T: Owner = Owner::Type("Record");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    method(T, "show", "r.show(dump=False)", "Print the record's fields as Scapy's show() does (dump=True returns the text).", "[r.show() for r in a if DNSQR in r][:0]", show, false),
    method(T, "summary", "r.summary()", "The record's one-line summary, as Scapy's: its class name (print(r) prints it too).", "[r[DNSQR].summary() for r in a if DNSQR in r][:1]", |_, v, _| Ok(Value::str(record(v)?.class)), false),
    method(T, "sprintf", "r.sprintf(fmt)", "Fields by name: r.sprintf('%qname% %qtype%').", "[r[DNSQR].sprintf('%qtype%') for r in a if DNSQR in r][:1]", sprintf, false),
];

fn record(v: &Value) -> R<&Nested> {
    match v {
        Value::Record(r) => Ok(r),
        v => err(
            ErrorKind::Type,
            format!("a record is needed, not '{}'", v.type_name()),
        ),
    }
}

fn show(it: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let r = record(v)?;
    let out = nested_show(r);
    if arg(call.args, call.kwargs, 0, "dump").is_some_and(|d| d.truthy()) {
        return Ok(Value::str(&out));
    }
    // Scapy prints the dump, and print() adds a line.
    it.write(&format!("{out}\n"))?;
    Ok(Value::None)
}

/// `%field%` and `%Class.field%` of the record's own fields, each as its repr shows it.
fn sprintf(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let r = record(v)?;
    let fmt = need("sprintf", call.args, call.kwargs, 0, "fmt")?.to_str();
    let mut out = String::new();
    let mut rest = fmt.as_str();
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find('%') else {
            out.push('%');
            rest = after;
            break;
        };
        let spec = &after[..end];
        rest = &after[end + 1..];
        if spec.is_empty() {
            out.push('%');
            continue;
        }
        if spec.contains(',') || spec.contains('{') {
            return err(
                ErrorKind::NotImplemented,
                format!("sprintf of a record with a format ('%{spec}%') is not supported yet"),
            );
        }
        let name = match spec.split_once('.') {
            Some((class, name)) if class == r.class => name,
            Some(_) => {
                out.push_str("??");
                continue;
            }
            None => spec,
        };
        match r.fields.iter().find(|(n, _)| *n == name) {
            Some((_, f)) => out.push_str(&f.show),
            None => out.push_str("??"),
        }
    }
    out.push_str(rest);
    Ok(Value::str(&out))
}
