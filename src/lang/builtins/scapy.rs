//! Scapy's functions: reading and writing captures, hexdump, ls.

use std::rc::Rc;

use crate::lang::builtins::*;
use crate::lang::commands::{builtin, Call, Command};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

pub static TABLE: &[Command] = &[
    builtin("rdpcap", "rdpcap(path, count=-1)", "Load a pcap or pcapng capture (gzip too) as a packet list named after the file. Several files (a list, a glob pattern or a directory) load as one list in time order, as mergecap merges them; p.file says where each packet came from.", "a = rdpcap('samples/blogexample.pcap'); b = rdpcap(['samples/mixed.pcap', 'samples/lossy.pcap']); d = rdpcap('samples/lossy*.pcap')", b_rdpcap).outside(),
    builtin("sniff", "sniff(offline=path, filter=None, count=0, lfilter=None, prn=None)", "Read packets from a capture file, as Scapy's sniff(offline=...): select them with a pcap-filter expression (filter='tcp port 80', as tcpdump) and lfilter, print prn(p) for each, stop after count.", "sniff(offline='samples/blogexample.pcap', prn=lambda p: p.summary(), count=5)", b_sniff).outside(),
    builtin("load_layer", "load_layer(name)", "Load Scapy's optional layers for captures read from now on: 'http' (HTTPRequest, HTTPResponse) and 'tls'. Scapy's default layers are always loaded.", "load_layer('http')", b_load_layer),
    builtin("wrpcap", "wrpcap(path, packets, append=False)", "Write a packet list to a pcap file (pcapng when the name ends in .pcapng), keeping link types and exact times; append=True adds to the file's packets.", "wrpcap('dns.pcap', [p for p in a if UDP in p])", b_wrpcap).outside(),
    builtin("hexdump", "hexdump(x)", "Print a packet's bytes as Scapy's hexdump does.", "hexdump(a[0])", b_hexdump),
    builtin("ls", "ls(x=None, case_sensitive=False)", "Print a packet's or layer class's fields with their values; with a text, the layer classes whose names it finds (a regular expression); without an argument, every layer class pcapsh dissects.", "ls(a[0]); ls(IP); ls('dns')", b_ls),
    builtin("raw", "raw(p)", "A packet's bytes.", "raw(a[0])[:14]", b_raw),
    builtin("bytes", "bytes(x)", "A packet's bytes (as raw), or bytes from a list of integers or a string.", "bytes(a[0])[:14]", b_raw),
];

fn b_rdpcap(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let path = need(name, a, k, 0, "filename")?;
        let specs: Vec<String> = match path {
            Value::Str(p) => vec![p.to_string()],
            Value::List(_) | Value::Tuple(_) => {
                let items = it.iterate(path)?;
                let mut specs = Vec::with_capacity(items.len());
                for v in items {
                    match v {
                        Value::Str(p) => specs.push(p.to_string()),
                        v => {
                            return err(
                                ErrorKind::Type,
                                format!(
                                    "rdpcap() takes file names as text, not {}: rdpcap(['a.pcap', 'b.pcap'])",
                                    v.type_name()
                                ),
                            )
                        }
                    }
                }
                if specs.is_empty() {
                    return err(ErrorKind::Value, "rdpcap() was given no file names");
                }
                specs
            }
            _ => {
                return err(
                    ErrorKind::Type,
                    "rdpcap() takes a file name as text: rdpcap('capture.pcap')",
                );
            }
        };
        let cap = crate::capture::merge::open_all(&specs, &it.interrupt)
            .map(std::sync::Arc::new)
            .map_err(|e| Error::at_none(ErrorKind::File, e.to_string()))?;
        let several = cap.files.len() > 1;
        for w in &cap.warnings {
            if several {
                let _ = writeln!(it.err, "warning: {w}");
            } else {
                let _ = writeln!(it.err, "warning: {}: {w}", cap.path.display());
            }
        }
        // Say which link types are kept as raw bytes.
        let mut seen = Vec::new();
        for ifc in &cap.interfaces {
            let lt = ifc.linktype;
            if !crate::dissect::linktype::dissected(lt) && !seen.contains(&lt) {
                seen.push(lt);
                let _ = writeln!(
                    it.err,
                    "note: {}: link type {} is not dissected; its packets are kept as raw bytes",
                    cap.files[ifc.file as usize].path.display(),
                    crate::dissect::linktype::name(lt)
                );
            }
        }
        let count = match arg(a, k, 1, "count") {
            Some(Value::Int(c)) if *c >= 0 => Some(*c as usize),
            _ => None,
        };
        let name = cap.name.clone();
        let idx = count
            .filter(|&c| c < cap.len())
            .map(|c| Rc::new((0..c as u32).collect()));
        Value::Packets(Rc::new(PacketList::new(cap, idx, name)))
    })
}

fn b_load_layer(it: &mut Interp, call: &Call) -> R<Value> {
    let name = need(call.name, call.args, call.kwargs, 0, "name")?;
    let Value::Str(name) = name else {
        return err(
            ErrorKind::Type,
            "load_layer() takes a module name as text: load_layer('http')",
        );
    };
    if let Some(msg) = crate::lang::modules::scapy::load_layer(name) {
        let _ = writeln!(it.err, "{msg}");
    }
    Ok(Value::None)
}

fn b_sniff(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    Ok({
        let Some(path) = arg(&[], k, 0, "offline").or_else(|| a.first()) else {
            return err(
                ErrorKind::Value,
                "pcapsh reads captures, it does not capture: use sniff(offline='file.pcap')",
            );
        };
        let pl = match it.call_builtin("rdpcap", vec![path.clone()], vec![])? {
            Value::Packets(pl) => pl,
            _ => unreachable!(),
        };
        let count = match arg(&[], k, 0, "count") {
            Some(Value::Int(c)) if *c > 0 => *c as usize,
            _ => usize::MAX,
        };
        // `filter=`: a pcap-filter expression, as Scapy hands it to tcpdump.
        let pl = match arg(&[], k, 0, "filter") {
            Some(Value::Str(expr)) => {
                let keep = crate::lang::methods::packet_list::bpf_select(&pl, expr)?;
                Rc::new(PacketList::new(
                    pl.cap.clone(),
                    Some(Rc::new(keep)),
                    pl.name.clone(),
                ))
            }
            Some(Value::None) | None => pl,
            Some(v) => {
                return err(
                    ErrorKind::Type,
                    format!(
                        "filter must be a pcap-filter expression (str), not {}",
                        v.type_name()
                    ),
                )
            }
        };
        if let Some(k) = k.iter().find(|(n, _)| {
            !matches!(
                n.as_str(),
                "offline"
                    | "count"
                    | "lfilter"
                    | "prn"
                    | "filter"
                    | "store"
                    | "quiet"
                    | "timeout"
                    | "iface"
            )
        }) {
            return err(
                ErrorKind::Type,
                format!("sniff() does not support {}= yet", k.0),
            );
        }
        let lfilter = arg(&[], k, 0, "lfilter")
            .cloned()
            .filter(|v| !matches!(v, Value::None));
        let prn = arg(&[], k, 0, "prn")
            .cloned()
            .filter(|v| !matches!(v, Value::None));
        let mut keep = Vec::new();
        for i in 0..pl.len() {
            if keep.len() >= count {
                break;
            }
            let p = Value::Packet(PacketRef::of(pl.cap.clone(), pl.at(i)));
            if let Some(f) = &lfilter {
                if !it.call(f, vec![p.clone()], vec![])?.truthy() {
                    continue;
                }
            }
            keep.push(pl.at(i));
            if let Some(f) = &prn {
                let r = it.call(f, vec![p], vec![])?;
                if !matches!(r, Value::None) {
                    let line = r.to_str() + "\n";
                    it.write(&line)?;
                }
            }
        }
        Value::Packets(Rc::new(PacketList::new(
            pl.cap.clone(),
            Some(Rc::new(keep)),
            "Sniffed".into(),
        )))
    })
}

fn b_wrpcap(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let path = need(name, a, k, 0, "filename")?.to_str();
        let pk = need(name, a, k, 1, "pkt")?.clone();
        let before = super::writers::writer_options(name, &path, a.get(2..).unwrap_or(&[]), k)?;
        let pkts = it.packet_refs(&pk)?;
        let mut items: Vec<(&Capture, usize)> = Vec::new();
        if let Some(b) = &before {
            items.extend((0..b.len()).map(|i| (&**b, i)));
        }
        items.extend(pkts.iter().map(|p| (&*p.cap, p.index as usize)));
        crate::capture::write::write(&path, &items)
            .map_err(|e| Error::at_none(ErrorKind::File, e))?;
        Value::None
    })
}

fn b_hexdump(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    Ok({
        let v = need(name, a, k, 0, "p")?;
        let bytes: Vec<u8> = match v {
            Value::Packet(p) => p.data().to_vec(),
            Value::Layer(l) => {
                let d = l.pkt.dissect();
                l.pkt.data()[d.layers()[l.layer].start as usize..].to_vec()
            }
            Value::Bytes(b) => b.to_vec(),
            Value::Str(s) => s.as_bytes().to_vec(),
            _ => {
                return err(
                    ErrorKind::Type,
                    format!("hexdump() needs a packet or bytes, not {}", v.type_name()),
                )
            }
        };
        let t = hexdump_text(&bytes);
        it.write(&t)?;
        Value::None
    })
}

fn b_ls(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    Ok({
        match arg(a, k, 0, "obj").unwrap_or(&Value::None) {
            Value::Packet(p) => {
                let t = super::build::ls_packet(p, 0)?;
                it.write(&t)?
            }
            Value::Layer(l) => {
                let t = super::build::ls_packet(&l.pkt, l.layer)?;
                it.write(&t)?
            }
            Value::LayerClass(n) => {
                let t = super::build::ls_class(n)?;
                it.write(&t)?
            }
            Value::None => it.write(all_layers())?,
            Value::Str(pattern) => {
                let case = arg(a, k, 1, "case_sensitive").is_some_and(Value::truthy);
                let t = layers_matching(pattern, case)?;
                it.write(&t)?
            }
            other => {
                return err(
                    ErrorKind::Type,
                    format!(
                        "ls() takes a packet, a layer class or a name pattern, not '{}'",
                        other.type_name()
                    ),
                )
            }
        }
        Value::None
    })
}

/// Scapy's `ls()`: every layer class and its name, sorted by class name (made once).
fn all_layers() -> &'static str {
    static ALL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<_> = crate::dissect::layers::classes().collect();
        all.sort_by_key(|c| c.name);
        all.iter()
            .map(|c| format!("{:<10} : {}\n", c.name, c.display))
            .collect()
    })
}

/// Scapy's `ls('pattern')`: the classes whose class name or name the regular expression
/// finds, ordered by where the pattern's text sits in the class name, then by length.
/// As in Scapy, a class found only by its display name, or by a pattern that is not
/// plain text, has no such place: that is Scapy's `ValueError: substring not found`.
fn layers_matching(pattern: &str, case_sensitive: bool) -> R<String> {
    use crate::lang::modules::re::searches;
    let mut found = Vec::new();
    for c in crate::dissect::layers::classes() {
        if searches(pattern, !case_sensitive, c.name)?
            || searches(pattern, !case_sensitive, c.display)?
        {
            let place = if case_sensitive {
                c.name.find(pattern)
            } else {
                c.name.to_lowercase().find(&pattern.to_lowercase())
            };
            let Some(place) = place else {
                return err(ErrorKind::Value, "substring not found");
            };
            let chars = c.name[..place].chars().count();
            found.push(((chars, c.name.chars().count()), c));
        }
    }
    found.sort_by_key(|(key, _)| *key);
    Ok(found
        .iter()
        .map(|(_, c)| format!("{:<10} : {}\n", c.name, c.display))
        .collect())
}

fn b_raw(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    if a.is_empty() && name == "bytes" {
        return Ok(Value::Bytes(Vec::new().into()));
    }
    Ok(match need(name, a, k, 0, "x")? {
        Value::Int(n) if name == "bytes" => {
            if *n < 0 {
                return err(ErrorKind::Value, "negative count");
            }
            crate::lang::eval::check_size(*n as u128)?;
            Value::Bytes(vec![0u8; *n as usize].into())
        }
        v @ (Value::List(_) | Value::Tuple(_) | Value::Object(_) | Value::Set(..)) => {
            let mut out = Vec::new();
            for x in it.iterate(v)? {
                match x {
                    Value::Int(b) if (0..256).contains(&b) => out.push(b as u8),
                    Value::Int(_) => {
                        return err(ErrorKind::Value, "bytes must be in range(0, 256)")
                    }
                    x => return Err(crate::lang::bigint::not_int(&x)),
                }
            }
            Value::Bytes(out.into())
        }
        Value::Packet(p) => Value::Bytes(p.data().into()),
        Value::Layer(l) => {
            let d = l.pkt.dissect();
            Value::Bytes(l.pkt.data()[d.layers()[l.layer].start as usize..].into())
        }
        Value::Bytes(b) => Value::Bytes(b.clone()),
        Value::Str(s) => Value::Bytes(s.as_bytes().into()),
        v => {
            return err(
                ErrorKind::Type,
                format!("cannot convert '{}' object to bytes", v.type_name()),
            )
        }
    })
}
