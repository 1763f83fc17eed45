//! Indexing, slicing and `in`: lists, dicts, sessions, packets and their layers.

use std::rc::Rc;

use super::getlayer::nested_layer;
use super::*;
use crate::lang::error::{Error, ErrorKind};
use crate::lang::value::*;

impl Interp {
    pub(crate) fn slice(
        &mut self,
        o: &Value,
        lo: Option<Value>,
        hi: Option<Value>,
        step: Option<Value>,
    ) -> R<Value> {
        // A named tuple slices as the tuple it is (`t[:3]` of a struct_time).
        if let Value::Instance(inst) = o {
            if let Some(vals) = inst.tuple_values() {
                return self.slice(&Value::Tuple(Rc::new(vals)), lo, hi, step);
            }
        }
        // `p[TCP:2]`: the second TCP layer; `p[IP:1:{'src': x}]` with field values.
        if let Value::Packet(_) | Value::Layer(_) = o {
            return self.layer_slice(o, lo, hi, step);
        }
        let len = match o {
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) | Value::Times(t) => t.len(),
            Value::Str(s) => s.chars().count(),
            Value::Bytes(b) => b.len(),
            Value::Packets(p) => p.len(),
            _ => {
                return err(
                    ErrorKind::Type,
                    format!("'{}' object is not subscriptable", o.type_name()),
                )
            }
        };
        let step = step_of(&step)?;
        let idx = slice_indices(len as i64, as_i(&lo)?, as_i(&hi)?, step);
        Ok(match o {
            Value::List(l) => {
                let l = l.borrow();
                Value::list(idx.iter().map(|&i| l[i].clone()).collect())
            }
            Value::Tuple(t) => Value::Tuple(Rc::new(idx.iter().map(|&i| t[i].clone()).collect())),
            Value::Times(t) => Value::Times(Rc::new(idx.iter().map(|&i| t[i].clone()).collect())),
            Value::Str(s) => {
                let c: Vec<char> = s.chars().collect();
                Value::str(&idx.iter().map(|&i| c[i]).collect::<String>())
            }
            Value::Bytes(b) => Value::Bytes(idx.iter().map(|&i| b[i]).collect::<Vec<u8>>().into()),
            Value::Packets(p) => {
                let v: Vec<u32> = idx.iter().map(|&i| p.at(i)).collect();
                self.packets_value(PacketList::new(
                    p.cap.clone(),
                    Some(Rc::new(v)),
                    format!("mod {}", p.name),
                ))
            }
            _ => unreachable!(),
        })
    }

    pub(crate) fn index(&mut self, o: &Value, k: &Value) -> R<Value> {
        if let Value::Instance(_) = o {
            if let Some(v) = self.call_dunder(o, "__getitem__", vec![k.clone()])? {
                return Ok(v);
            }
        }
        if let Value::Instance(inst) = o {
            if let Some(vals) = inst.tuple_values() {
                return self.index(&Value::Tuple(Rc::new(vals)), k);
            }
        }
        if let Some(q) = o.object::<crate::lang::modules::deque::Deque>() {
            return q.get(k);
        }
        match o {
            Value::List(l) => {
                let l = l.borrow();
                Ok(l[norm_index(k, l.len())?].clone())
            }
            Value::Tuple(t) | Value::Times(t) | Value::View(_, t) => {
                Ok(t[norm_index(k, t.len())?].clone())
            }
            Value::Str(s) => {
                let c: Vec<char> = s.chars().collect();
                Ok(Value::str(&c[norm_index(k, c.len())?].to_string()))
            }
            Value::Bytes(b) => Ok(Value::Int(b[norm_index(k, b.len())?] as i64)),
            Value::Dict(d) => {
                let hk = hashable(k)?;
                let found = d.borrow().get(&hk).map(|(_, v)| v.clone());
                match found {
                    Some(v) => Ok(v),
                    None => {
                        // A defaultdict makes the missing value; a Counter reads 0.
                        let factory = match &d.borrow().kind {
                            DictKind::Default(f) => Some(f.clone()),
                            DictKind::Counter => return Ok(Value::Int(0)),
                            _ => None,
                        };
                        match factory {
                            Some(f) => {
                                let v = self.call(&f, vec![], vec![])?;
                                d.borrow_mut().insert(hk, (k.clone(), v.clone()));
                                Ok(v)
                            }
                            None => err(ErrorKind::Key, k.repr()),
                        }
                    }
                }
            }
            Value::Packets(pl) => match k {
                Value::LayerClass(n) => {
                    let v: Vec<u32> = (0..pl.len())
                        .map(|i| pl.at(i))
                        .filter(|&i| {
                            crate::dissect::dissect_with(
                                pl.cap.linktype(i as usize),
                                pl.cap.packet(i as usize),
                                pl.cap.layers,
                            )
                            .find_named(n)
                            .is_some()
                        })
                        .collect();
                    Ok(self.packets_value(PacketList::new(
                        pl.cap.clone(),
                        Some(Rc::new(v)),
                        format!("{n} from {}", pl.name),
                    )))
                }
                _ => {
                    let i = norm_index(k, pl.len()).map_err(|e| {
                        if e.kind == ErrorKind::Index {
                            Error::at_none(
                                ErrorKind::Index,
                                format!(
                                    "packet index out of range: the list has {} packets",
                                    pl.len()
                                ),
                            )
                        } else {
                            e
                        }
                    })?;
                    Ok(Value::Packet(PacketRef::of(pl.cap.clone(), pl.at(i))))
                }
            },
            Value::Sessions(s) => match k {
                Value::Str(key) => match s.find(key) {
                    Some(i) => Ok(self.packets_value(s.list(i))),
                    None => Err(key_error(key, s.key_texts())),
                },
                Value::Int(_) => {
                    let i = norm_index(k, s.sessions.len())?;
                    Ok(self.packets_value(s.list(i)))
                }
                _ => err(ErrorKind::Key, k.repr()),
            },
            Value::Conversations(c) => match k {
                Value::Str(key) => match c.find(key) {
                    Some(i) => Ok(self.packets_value(c.list(i))),
                    None => Err(key_error(key, c.key_texts())),
                },
                _ => {
                    let i = norm_index(k, c.convs.len())?;
                    Ok(self.packets_value(c.list(i)))
                }
            },
            Value::Packet(p) => self.packet_layer(p, 0, k),
            Value::Layer(l) => self.packet_layer(&l.pkt, l.layer, k),
            _ => err(
                ErrorKind::Type,
                format!("'{}' object is not subscriptable", o.type_name()),
            ),
        }
    }

    pub(crate) fn contains(&mut self, container: &Value, item: &Value) -> R<bool> {
        Ok(match container {
            Value::Str(s) => match item {
                Value::Str(x) => s.contains(&**x),
                _ => {
                    return err(
                        ErrorKind::Type,
                        "'in <string>' requires string as left operand",
                    )
                }
            },
            Value::Bytes(b) => match item {
                Value::Bytes(x) => x.is_empty() || b.windows(x.len()).any(|w| w == &x[..]),
                Value::Int(i) => b.contains(&(*i as u8)),
                _ => false,
            },
            Value::Dict(d) => d.borrow().contains_key(&hashable(item)?),
            Value::Set(d, _) => d.borrow().contains_key(&hashable(item)?),
            Value::Object(_)
                if crate::lang::modules::ipaddress::contains(container, item).is_some() =>
            {
                crate::lang::modules::ipaddress::contains(container, item).unwrap_or(false)
            }
            Value::Sessions(s) => match item {
                Value::Str(k) => s.find(k).is_some(),
                _ => false,
            },
            Value::Conversations(c) => match item {
                Value::Str(k) => c.find(k).is_some(),
                _ => false,
            },
            Value::Packet(p) => layer_present(p, 0, item),
            Value::Layer(l) => layer_present(&l.pkt, l.layer, item),
            Value::Flags(v, kind) => match item {
                // Named flags iterate over the names of the bits set (Scapy's FlagValue).
                Value::Str(x) if matches!(kind, crate::dissect::field::FlagKind::Named(_)) => {
                    crate::lang::value::flags_str(*v, *kind)
                        .split('+')
                        .any(|n| n == x.as_str())
                }
                Value::Str(x) => {
                    let s = crate::lang::value::flags_str(*v, *kind);
                    x.chars().all(|c| s.contains(c))
                }
                _ => false,
            },
            _ => {
                let items = self.iterate(container)?;
                items.iter().any(|v| values_equal(v, item))
            }
        })
    }
}

pub(crate) fn layer_present(p: &PacketRef, from: usize, item: &Value) -> bool {
    // DNS's questions and records (DNSRR and the typed DNSRRSOA, DNSRRMX ...) live in
    // the DNS layer's lists.
    if let Value::LayerClass(n) = item {
        if *n == "DNSQR" || n.starts_with("DNSRR") {
            let Some(m) = crate::lang::builtins::dns_of(p, from) else {
                return false;
            };
            return if *n == "DNSQR" {
                !m.questions.is_empty()
            } else {
                m.sections.iter().flatten().any(|r| r.class == *n)
            };
        }
    }
    let (name, class): (&str, bool) = match item {
        Value::LayerClass(n) => (n, true),
        Value::Str(s) => (s, false),
        _ => return false,
    };
    let d = p.dissect();
    d.layers()[from..].iter().any(|l| {
        if class {
            l.proto.is_class(name)
        } else {
            l.proto.is_named(name)
        }
    }) || nested_layer(&d, from, name).is_some()
}

/// A KeyError for a session or conversation key, offering the nearest one.
pub(crate) fn key_error(key: &str, keys: &[Rc<String>]) -> Error {
    let e = Error::at_none(ErrorKind::Key, crate::pyfmt::str_repr(key));
    match nearest(key, keys.iter().map(|k| k.as_str())) {
        Some(best) => e.with_help(format!("help: did you mean '{best}'?")),
        None => e,
    }
}

pub(crate) fn norm_index(k: &Value, len: usize) -> R<usize> {
    let i = match k {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::Big(_) => {
            return err(
                ErrorKind::Index,
                "cannot fit 'int' into an index-sized integer",
            )
        }
        _ => {
            return err(
                ErrorKind::Type,
                format!("indices must be integers, not {}", k.type_name()),
            )
        }
    };
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return err(
            ErrorKind::Index,
            format!("index {i} is out of range (length {len})"),
        );
    }
    Ok(j as usize)
}

/// A slice bound: None, an integer, or one beyond 64 bits, clamped past that end.
fn as_i(v: &Option<Value>) -> R<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        // Beyond 64 bits: past either end, as Python clamps it.
        Some(Value::Big(b)) => Ok(Some(if b.sign() == num_bigint::Sign::Minus {
            i64::MIN
        } else {
            i64::MAX
        })),
        Some(x) => err(
            ErrorKind::Type,
            format!(
                "slice indices must be integers or None, not {}",
                x.type_name()
            ),
        ),
    }
}

/// A slice's step: 1 when absent, never 0.
fn step_of(v: &Option<Value>) -> R<i64> {
    match as_i(v)?.unwrap_or(1) {
        0 => err(ErrorKind::Value, "slice step cannot be zero"),
        step => Ok(step),
    }
}

impl Interp {
    /// The bounds of `x[lo:hi:step]` as written, evaluated.
    fn slice_parts(&mut self, parts: [&Option<Box<Expr>>; 3]) -> R<[Option<Value>; 3]> {
        let mut out = [None, None, None];
        for (o, p) in out.iter_mut().zip(parts) {
            *o = p.as_ref().map(|x| self.eval(x)).transpose()?;
        }
        Ok(out)
    }

    /// `l[lo:hi] = items` (any number of items) and `l[lo:hi:step] = items` (as many as
    /// the slice has), on a list, as Python's.
    pub(crate) fn assign_slice(
        &mut self,
        o: &Value,
        parts: [&Option<Box<Expr>>; 3],
        v: Value,
    ) -> R<()> {
        let [lo, hi, step] = self.slice_parts(parts)?;
        let Value::List(l) = o else {
            return err(
                ErrorKind::Type,
                format!(
                    "'{}' object does not support item assignment",
                    o.type_name()
                ),
            );
        };
        let items = self.iterate(&v)?;
        let step = step_of(&step)?;
        let len = l.borrow().len() as i64;
        let (lo, hi) = (as_i(&lo)?, as_i(&hi)?);
        if step == 1 {
            let at = |b: Option<i64>, dflt: i64| {
                let b = b.unwrap_or(dflt);
                (if b < 0 { b.saturating_add(len) } else { b }).clamp(0, len) as usize
            };
            let start = at(lo, 0);
            let stop = at(hi, len).max(start);
            l.borrow_mut().splice(start..stop, items);
            return Ok(());
        }
        let idx = slice_indices(len, lo, hi, step);
        if idx.len() != items.len() {
            return err(
                ErrorKind::Value,
                format!(
                    "attempt to assign sequence of size {} to extended slice of size {}",
                    items.len(),
                    idx.len()
                ),
            );
        }
        let mut l = l.borrow_mut();
        for (i, x) in idx.into_iter().zip(items) {
            l[i] = x;
        }
        Ok(())
    }

    /// `del l[lo:hi:step]` on a list.
    pub(crate) fn delete_slice(&mut self, o: &Value, parts: [&Option<Box<Expr>>; 3]) -> R<()> {
        let [lo, hi, step] = self.slice_parts(parts)?;
        let Value::List(l) = o else {
            return err(
                ErrorKind::Type,
                format!("'{}' object does not support item deletion", o.type_name()),
            );
        };
        let step = step_of(&step)?;
        let len = l.borrow().len();
        let mut gone = vec![false; len];
        for i in slice_indices(len as i64, as_i(&lo)?, as_i(&hi)?, step) {
            gone[i] = true;
        }
        let mut i = 0;
        l.borrow_mut().retain(|_| {
            i += 1;
            !gone[i - 1]
        });
        Ok(())
    }
}

/// Python's slice.indices, expanded.
pub(crate) fn slice_indices(len: i64, lo: Option<i64>, hi: Option<i64>, step: i64) -> Vec<usize> {
    let clamp = |v: i64, lo_b: i64, hi_b: i64| v.max(lo_b).min(hi_b);
    let fix = |v: i64| if v < 0 { v + len } else { v };
    let mut out = Vec::new();
    if step > 0 {
        let s = clamp(lo.map_or(0, fix), 0, len);
        let e = clamp(hi.map_or(len, fix), 0, len);
        let mut i = s;
        while i < e {
            out.push(i as usize);
            // A step past the end (`x[::2**63-1]`) ends the slice, never wraps.
            let Some(next) = i.checked_add(step) else {
                break;
            };
            i = next;
        }
    } else {
        let s = clamp(lo.map_or(len - 1, fix), -1, len - 1);
        let e = clamp(hi.map_or(-1, fix), -1, len - 1);
        let mut i = s;
        while i > e {
            out.push(i as usize);
            let Some(next) = i.checked_add(step) else {
                break;
            };
            i = next;
        }
    }
    out
}
