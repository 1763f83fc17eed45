//! For teaching: `explain(p)`, each field of a packet in plain words with where it is
//! defined, and `tour()`, a guided lesson on a bundled capture, one step per call.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crate::lang::builtins::{arg, need, packet_of};
use crate::lang::commands::{builtin, Call, Command};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    builtin("explain", "explain(p)", "Each layer and field of a packet in plain words: its value, what it means, and the RFC (and section) that defines it.", "explain(a[3])", explain),
    builtin("tour", "tour(step=None)", "A guided lesson on a bundled capture: each call shows and runs the next step (load, summary, sessions, a handshake, DNS, follow a stream, build a packet); tour(3) goes to step 3. Its variables are its own: yours are left as they are.", "tour(1)", tour).outside(),
];

fn explain(it: &mut Interp, call: &Call) -> R<Value> {
    let v = need("explain", call.args, call.kwargs, 0, "p")?;
    let (p, from) = packet_of(v)?;
    let d = crate::lang::builtins::build::aligned(&p);
    let t = crate::dissect::explain::explain(&d, from);
    it.write(&t)?;
    Ok(Value::None)
}

/// The tour's capture, bundled: samples/blogexample.pcap.
static CAPTURE: &[u8] = include_bytes!("../../../samples/blogexample.pcap");

/// (title, what it shows, the code it runs).
static STEPS: &[(&str, &str, &str)] = &[
    ("Load a capture", "rdpcap() reads a pcap or pcapng file into a packet list; its repr counts the packets by transport.", "a = rdpcap(CAPTURE)\na"),
    ("One line per packet", "summary() prints Scapy's line for each packet: its layers, addresses, ports and flags.", "a[:10].summary()"),
    ("Sessions", "sessions() groups the packets one way, as Scapy does: one key per direction.", "s = a.sessions()\ns"),
    ("Conversations and a handshake", "conversations() puts both directions together; ladder() draws the TCP handshake, the data and the close.", "c = a.conversations()\nc[-1].ladder()"),
    ("DNS", "A DNS query and its answer: show() lists every field, explain() says what each means.", "d = [p for p in a if DNS in p]\nd[1][DNS].show()\nexplain(d[0][DNS])"),
    ("Follow a stream", "follow() puts a TCP stream's bytes back in order, both directions, as Wireshark's Follow Stream (this one is TLS: mostly unreadable bytes).", "c[-1].follow('hex')"),
    ("Build a packet", "Layers stack with /; Scapy computes lengths and checksums when the packet is built; show2() shows them.", "p = IP(dst='10.99.0.2')/TCP(dport=443, flags='S')\np.show2()\nexplain(p)"),
];

thread_local! {
    static NEXT: Cell<usize> = const { Cell::new(0) };
    /// How many steps have run in the tour's variables.
    static RAN: Cell<usize> = const { Cell::new(0) };
    static VARS: RefCell<HashMap<String, Value>> = RefCell::new(HashMap::new());
}

fn tour(it: &mut Interp, call: &Call) -> R<Value> {
    let step = match arg(call.args, call.kwargs, 0, "step") {
        None | Some(Value::None) => NEXT.with(|n| n.get()),
        Some(Value::Int(n)) if *n >= 1 && (*n as usize) <= STEPS.len() => *n as usize - 1,
        Some(v) => {
            return err(
                ErrorKind::Value,
                format!("tour() has steps 1 to {}, not {}", STEPS.len(), v.repr()),
            )
        }
    };
    if step >= STEPS.len() {
        NEXT.with(|n| n.set(0));
        it.write("The tour is over. tour(1) starts it again; help() lists every command.\n")?;
        return Ok(Value::None);
    }
    let path = std::env::temp_dir().join("pcapsh-tour-blogexample.pcap");
    if std::fs::read(&path).ok().as_deref() != Some(CAPTURE) {
        std::fs::write(&path, CAPTURE)
            .map_err(|e| crate::lang::error::Error::at_none(ErrorKind::File, e.to_string()))?;
    }
    let (title, what, code) = STEPS[step];
    let code = code.replace("CAPTURE", &crate::pyfmt::str_repr(&path.to_string_lossy()));
    it.write(&format!(
        "Step {} of {}: {title}\n{what}\n",
        step + 1,
        STEPS.len()
    ))?;
    // The tour runs in its own variables, at the prompt's echo, and gives the script's
    // back whatever happens.
    let mine = VARS.with(|v| std::mem::take(&mut *v.borrow_mut()));
    let theirs = std::mem::replace(&mut it.globals, mine);
    let echo = std::mem::replace(&mut it.echo, true);
    let mut r = Ok(());
    // A step uses what the ones before it made: run those first, quietly.
    let ran = RAN.with(|r| r.get());
    if ran < step {
        let out = std::mem::replace(&mut it.out, Box::new(std::io::sink()));
        for (_, _, earlier) in &STEPS[ran..step] {
            let earlier =
                earlier.replace("CAPTURE", &crate::pyfmt::str_repr(&path.to_string_lossy()));
            r = it.run(&earlier);
            if r.is_err() {
                break;
            }
        }
        it.out = out;
    }
    for line in code.lines() {
        if r.is_err() {
            break;
        }
        r = it
            .write(&format!(">>> {line}\n"))
            .and_then(|_| it.run(line));
        if r.is_err() {
            break;
        }
    }
    it.echo = echo;
    let mine = std::mem::replace(&mut it.globals, theirs);
    VARS.with(|v| *v.borrow_mut() = mine);
    NEXT.with(|n| n.set(step + 1));
    RAN.with(|n| n.set(if r.is_ok() { step + 1 } else { 0 }));
    r?;
    let next = if step + 1 < STEPS.len() {
        format!(
            "\nNext: tour() for step {}, {}.\n",
            step + 2,
            STEPS[step + 1].0
        )
    } else {
        "\nThat was the last step. Try the same on your own capture: a = rdpcap('your.pcap').\n"
            .into()
    };
    it.write(&next)?;
    Ok(Value::None)
}
