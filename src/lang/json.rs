//! One line of JSON per shown value. Times are written with exactly the capture's digits,
//! never through a float.

use crate::lang::value::Value;
use crate::pyfmt::float_repr;

fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

pub fn value(v: &Value) -> String {
    match v {
        Value::None => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Big(b) => b.to_string(),
        Value::Float(f) if f.is_finite() => float_repr(*f),
        Value::Float(_) => "null".into(),
        Value::Dec(d) => d.fixed(),
        Value::Str(s) => string(s),
        Value::Flags(..) | Value::Bytes(_) => string(&v.to_str()),
        Value::List(l) => list(l.borrow().iter()),
        Value::Tuple(t) | Value::Times(t) | Value::View(_, t) => list(t.iter()),
        Value::Dict(d) => {
            let items: Vec<String> = d
                .borrow()
                .values()
                .map(|(k, v)| format!("{}:{}", string(&k.to_str()), value(v)))
                .collect();
            format!("{{{}}}", items.join(","))
        }
        Value::Sessions(s) => {
            let mut out = String::from("[");
            for (i, key) in s.key_texts().iter().enumerate() {
                let st = crate::domain::session_stats(s, i);
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!(
                    "{{\"key\":{},\"packets\":{},\"bytes\":{},\"first_time\":{},\"last_time\":{}}}",
                    string(key),
                    st.packets,
                    st.bytes,
                    st.first.fixed(),
                    st.last.fixed()
                ));
            }
            out.push(']');
            out
        }
        Value::Conversations(c) => {
            let mut out = String::from("[");
            for (i, ((n, conv), key)) in c.convs.iter().zip(c.key_texts()).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!(
                    "{{\"index\":{n},\"key\":{},\"proto\":{},\"a\":{},\"b\":{},\"packets_ab\":{},\"bytes_ab\":{},\"packets_ba\":{},\"bytes_ba\":{},\"start\":{},\"duration\":{},\"state\":{}}}",
                    string(key),
                    string(conv.proto()),
                    string(&conv.a.to_string()),
                    string(&conv.b.to_string()),
                    conv.packets_ab,
                    conv.bytes_ab,
                    conv.packets_ba,
                    conv.bytes_ba,
                    conv.start.fixed(),
                    (conv.end - conv.start).fixed(),
                    conv.state().map_or("null".to_string(), string),
                ));
            }
            out.push(']');
            out
        }
        Value::Packets(pl) => {
            let mut out = String::from("[");
            for i in 0..pl.len() {
                let k = pl.at(i) as usize;
                let r = &pl.cap.records[k];
                let d = crate::dissect::dissect_with(
                    pl.cap.linktype(k),
                    pl.cap.packet(k),
                    pl.cap.layers,
                );
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!(
                    "{{\"index\":{},\"time\":{},\"len\":{},\"caplen\":{},\"truncated\":{},\"summary\":{}}}",
                    k,
                    pl.cap.timestamp(k).fixed(),
                    r.origlen,
                    r.caplen,
                    r.caplen < r.origlen,
                    string(&crate::dissect::summary(&d))
                ));
            }
            out.push(']');
            out
        }
        Value::Packet(p) => {
            let k = p.index as usize;
            let r = &p.cap.records[k];
            format!(
                "{{\"index\":{},\"time\":{},\"len\":{},\"caplen\":{},\"summary\":{}}}",
                k,
                p.cap.timestamp(k).fixed(),
                r.origlen,
                r.caplen,
                string(&crate::dissect::summary(&p.dissect()))
            )
        }
        other => string(&other.to_str()),
    }
}

fn list<'a>(items: impl Iterator<Item = &'a Value>) -> String {
    let parts: Vec<String> = items.map(value).collect();
    format!("[{}]", parts.join(","))
}
