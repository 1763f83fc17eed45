//! Methods of packet lists (`rdpcap`'s result, a session, a conversation).

use std::rc::Rc;

use crate::lang::builtins::*;
use crate::lang::commands::{method, property, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    method(Owner::PacketList, "summary", "a.summary()", "Print one Scapy summary line per packet.", "a.summary()", summary, true),
    method(Owner::PacketList, "nsummary", "a.nsummary()", "Print the summary lines numbered, as Scapy's nsummary().", "a[:5].nsummary()", summary, true),
    method(Owner::PacketList, "show", "a.show()", "Same as nsummary().", "a.show()", summary, true),
    method(Owner::PacketList, "sessions", "a.sessions()", "Group packets as Scapy does: one key per direction (`TCP 10.0.0.1:1234 > 10.0.0.2:80`), in order of first appearance.", "s = a.sessions()", sessions, true),
    method(Owner::PacketList, "filter", "a.filter(fn) / a.filter('tcp port 80')", "The packets for which fn(p) is true, or that a pcap-filter expression selects (as tcpdump -r FILE EXPR).", "a.filter(lambda p: TCP in p)", filter, false),
    method(Owner::PacketList, "hexdump", "a.hexdump()", "Each packet's summary line and hexdump.", "a[:2].hexdump()", hexdump, true),
    method(Owner::PacketList, "conversations", "a.conversations(timeout=120)", "Both directions of each flow together: TCP and UDP by their two endpoints, ICMP by addresses and identifier, other IP by addresses and protocol. A reused TCP port pair starts a new conversation at a new SYN (as tcp.stream); others split after `timeout` idle seconds (None: never).", "c = a.conversations(); c.sort('bytes').head(10)", conversations, false),
    method(Owner::PacketList, "follow", "v.follow(mode='ascii')", "Print the reassembled TCP payload (or UDP datagrams) of the list's one conversation, both directions in order, as Wireshark's Follow Stream; mode 'ascii', 'hex' or 'raw'.", "c[0].follow('hex')", follow, false),
    method(Owner::PacketList, "ladder", "v.ladder()", "Draw a conversation (c[i], or a list holding one TCP/UDP flow) as a ladder diagram: each packet an arrow between the two ends, with its time from the first, TCP flags, relative seq/ack and length; retransmissions and resets marked.", "c[0].ladder()", ladder, true),
    method(Owner::PacketList, "payload", "v.payload('client')", "The reassembled bytes of one direction: 'client' (the initiator) or 'server'.", "c[0].payload('server').save('body.bin')", follow, false),
    property(Owner::PacketList, "time", "a.time", "One exact timestamp per packet, shown as a column (Scapy has no such attribute).", "s[k].time", time),
    property(Owner::PacketList, "listname", "a.listname", "The list's name, as its repr shows it (the file's name for rdpcap).", "a.listname", |_, v| match v { Value::Packets(p) => Ok(Value::str(&p.name)), _ => Ok(Value::None) }),
    property(Owner::PacketList, "index", "a.index", "Each packet's position in its capture (0 for the first), as a list.", "s[k].index[:5]", index),
    property(Owner::PacketList, "wirelen", "a.wirelen", "Each packet's length on the wire.", "sum(a.wirelen)", wirelen),
    method(Owner::PacketList, "times", "v.times(mode='abs')", "Each packet's time: 'abs' (epoch), 'rel' (since the capture's first packet), 'delta' (since the previous packet) or 'iso' (ISO 8601 UTC).", "v.times('rel')", times, false),
];

receiver!(Packets, Rc<PacketList>);

fn summary(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (k, name) = (call.kwargs, call.name);
    let pl = this(obj, call)?;
    {
        let mut out = String::new();
        let lfilter = arg(&[], k, 0, "lfilter").cloned();
        for i in 0..pl.len() {
            if i % 4096 == 0 {
                it.check_interrupt()?;
            }
            let idx = pl.at(i) as usize;
            if let Some(f) = &lfilter {
                let p = Value::Packet(PacketRef::of(pl.cap.clone(), idx as u32));
                if !it.call(f, vec![p], vec![])?.truthy() {
                    continue;
                }
            }
            let d = crate::dissect::dissect_with(
                pl.cap.linktype(idx),
                pl.cap.packet(idx),
                pl.cap.layers,
            );
            if name != "summary" {
                out.push_str(&format!("{i:04} "));
            }
            out.push_str(&crate::dissect::summary(&d));
            out.push('\n');
            if out.len() > 1 << 16 {
                it.write(&out)?;
                out.clear();
            }
        }
        it.write(&out)?;
        Ok(Value::None)
    }
}

fn sessions(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let pl = this(obj, call)?;
    {
        let s = crate::session::sessions(&pl.cap, pl.idx.as_ref().map(|v| &v[..]));
        Ok(Value::Sessions(Rc::new(SessionsVal::new(
            pl.cap.clone(),
            s,
        ))))
    }
}

fn filter(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let pl = this(obj, call)?;
    {
        let f = need(name, a, k, 0, "func")?.clone();
        if let Value::Str(expr) = &f {
            if it.sandbox {
                // libpcap compiles the expression: its code, not ours, so not fuzzed.
                return err(
                    ErrorKind::Permission,
                    "pcap-filter expressions are not allowed in the sandbox",
                );
            }
            let keep = bpf_select(pl, expr)?;
            return Ok(it.packets_value(PacketList::new(
                pl.cap.clone(),
                Some(Rc::new(keep)),
                format!("filtered {}", pl.name),
            )));
        }
        let mut keep = Vec::new();
        for i in 0..pl.len() {
            let p = Value::Packet(PacketRef::of(pl.cap.clone(), pl.at(i)));
            if it.call(&f, vec![p], vec![])?.truthy() {
                keep.push(pl.at(i));
            }
        }
        Ok(it.packets_value(PacketList::new(
            pl.cap.clone(),
            Some(Rc::new(keep)),
            format!("filtered {}", pl.name),
        )))
    }
}

/// The indices of a list's packets that a pcap-filter expression selects.
pub(crate) fn bpf_select(pl: &PacketList, expr: &str) -> R<Vec<u32>> {
    let keep = crate::capture::bpf::select(&pl.cap, (0..pl.len()).map(|i| pl.at(i) as usize), expr).map_err(|m| {
        crate::lang::error::Error::at_none(ErrorKind::Value, format!("bad filter {}: {m}", crate::pyfmt::str_repr(expr)))
            .with_help("help: filters are pcap-filter expressions, as tcpdump takes them: 'tcp port 80 and host 10.0.0.1'")
    })?;
    Ok(keep.into_iter().map(|i| i as u32).collect())
}

fn conversations(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let pl = this(obj, call)?;
    {
        let timeout = match arg(a, k, 0, "timeout") {
            None => Some(crate::time::Decimal::from_int(120)),
            Some(Value::None) => None,
            Some(Value::Int(t)) if *t > 0 => Some(crate::time::Decimal::from_int(*t)),
            Some(Value::Float(t)) if *t > 0.0 => {
                Some(crate::time::Decimal::new((*t * 1e9).round() as i128, 9))
            }
            Some(Value::Dec(t)) => Some(*t),
            Some(v) => {
                return err(
                    ErrorKind::Type,
                    format!("timeout is a number of seconds or None, not {}", v.repr()),
                )
            }
        };
        let list =
            crate::session::conv::conversations(&pl.cap, pl.idx.as_ref().map(|v| &v[..]), timeout);
        let convs = list
            .into_iter()
            .enumerate()
            .map(|(i, c)| (i, Rc::new(c)))
            .collect();
        Ok(Value::Conversations(Rc::new(ConvVal::new(
            pl.cap.clone(),
            convs,
        ))))
    }
}

fn ladder(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let pl = this(obj, call)?;
    let conv = match &pl.conv {
        Some(c) => (**c).clone(),
        None => one_conversation(pl)?.0,
    };
    let rows = crate::session::ladder::rows(&pl.cap, &conv);
    let text = crate::render::ladder::ladder_text(
        &conv.key(),
        &conv.a.to_string(),
        &conv.b.to_string(),
        &rows,
        it.opts.color,
    );
    it.write(&text)?;
    Ok(Value::None)
}

fn follow(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let pl = this(obj, call)?;
    {
        let (conv, tcp) = one_conversation(pl)?;
        let chunks = crate::session::follow::follow(&pl.cap, &conv);
        if name == "payload" {
            let side = match arg(a, k, 0, "side") {
                None => "client".to_string(),
                Some(v) => v.to_str(),
            };
            let from_a = match side.as_str() {
                "client" | "a" | "initiator" => true,
                "server" | "b" | "responder" => false,
                other => {
                    return err(
                        ErrorKind::Value,
                        format!("payload() takes 'client' or 'server', not {other:?}"),
                    )
                }
            };
            return Ok(Value::Bytes(
                crate::session::follow::payload(&chunks, from_a).into(),
            ));
        }
        let mode = arg(a, k, 0, "mode")
            .map(|v| v.to_str())
            .unwrap_or_else(|| "ascii".into());
        if !matches!(mode.as_str(), "ascii" | "hex" | "raw") {
            return err(
                ErrorKind::Value,
                format!("follow() mode is 'ascii', 'hex' or 'raw', not {mode:?}"),
            );
        }
        let text = crate::render::follow::follow_text(
            &chunks,
            &conv.key(),
            &conv.a.to_string(),
            &conv.b.to_string(),
            if tcp { "tcp" } else { "udp" },
            &mode,
            it.opts.color,
        );
        it.write(&text)?;
        it.write("\n")?;
        Ok(Value::None)
    }
}

fn times(_it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let pl = this(obj, call)?;
    {
        let mode = arg(a, k, 0, "mode")
            .map(|v| v.to_str())
            .unwrap_or_else(|| "abs".into());
        let origin = if pl.cap.is_empty() {
            crate::time::Decimal::from_int(0)
        } else {
            pl.cap.timestamp(0)
        };
        let mut prev: Option<crate::time::Decimal> = None;
        let mut out = Vec::with_capacity(pl.len());
        for i in 0..pl.len() {
            let t = pl.cap.timestamp(pl.at(i) as usize);
            out.push(match mode.as_str() {
                "abs" => Value::Dec(t),
                "rel" => Value::Dec(t - origin),
                "delta" => Value::Dec(t - prev.unwrap_or(t)),
                "iso" => Value::str(&crate::time::iso_time(t)),
                other => {
                    return err(
                        ErrorKind::Value,
                        format!("times() takes 'abs', 'rel', 'delta' or 'iso', not {other:?}"),
                    )
                }
            });
            prev = Some(t);
        }
        Ok(Value::Times(Rc::new(out)))
    }
}

fn hexdump(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let pl = this(obj, call)?;
    {
        for i in 0..pl.len() {
            let idx = pl.at(i) as usize;
            let d = crate::dissect::dissect_with(
                pl.cap.linktype(idx),
                pl.cap.packet(idx),
                pl.cap.layers,
            );
            let t = format!(
                "{i:04} {} {}\n{}",
                local_time(&pl.cap, idx),
                crate::dissect::summary(&d),
                hexdump_text(pl.cap.packet(idx))
            );
            it.write(&t)?;
        }
        Ok(Value::None)
    }
}

fn list_of(obj: &Value) -> R<&PacketList> {
    match obj {
        Value::Packets(pl) => Ok(pl),
        _ => err(ErrorKind::Type, "not a packet list".to_string()),
    }
}

fn time(_it: &mut Interp, obj: &Value) -> R<Value> {
    let pl = list_of(obj)?;
    let t: Vec<Value> = (0..pl.len())
        .map(|i| Value::Dec(pl.cap.py_time(pl.at(i) as usize)))
        .collect();
    Ok(Value::Times(Rc::new(t)))
}

fn index(_it: &mut Interp, obj: &Value) -> R<Value> {
    let pl = list_of(obj)?;
    Ok(Value::list(
        (0..pl.len()).map(|i| Value::Int(pl.at(i) as i64)).collect(),
    ))
}

fn wirelen(_it: &mut Interp, obj: &Value) -> R<Value> {
    let pl = list_of(obj)?;
    Ok(Value::list(
        (0..pl.len())
            .map(|i| Value::Int(pl.cap.records[pl.at(i) as usize].origlen as i64))
            .collect(),
    ))
}
