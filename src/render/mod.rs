//! Showing values: tables for sessions and times, Scapy's reprs for the rest, JSON for
//! pipelines. Nothing here knows about terminals: the caller says whether to use colour.

pub mod follow;
pub mod ladder;
pub mod tables;

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};

use crate::domain::{session_stats, ConvVal, SessionsVal};
use crate::time::Decimal;

/// How values are shown: decided by the front end, obeyed here.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub json: bool,
    pub color: bool,
    /// Table width; None lets the table size itself.
    pub width: Option<u16>,
}

fn table(opts: &Options) -> Table {
    let mut t = Table::new();
    if opts.color {
        t.load_preset(presets::UTF8_FULL_CONDENSED);
        t.enforce_styling();
    } else {
        t.load_preset(presets::ASCII_FULL_CONDENSED);
        t.force_no_tty();
    }
    t.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = opts.width {
        t.set_width(w);
    }
    t
}

fn header(t: &mut Table, names: &[&str], opts: &Options) {
    t.set_header(names.iter().map(|n| {
        let c = Cell::new(n);
        if opts.color {
            c.add_attribute(comfy_table::Attribute::Bold)
        } else {
            c
        }
    }));
}

pub fn sessions_table(s: &SessionsVal, opts: &Options) -> String {
    let mut t = table(opts);
    header(
        &mut t,
        &["key", "packets", "bytes", "first", "last", "duration"],
        opts,
    );
    for (i, key) in s.key_texts().iter().enumerate() {
        let st = session_stats(s, i);
        let key_cell = if opts.color {
            Cell::new(key).fg(proto_color(&key[..key.find(' ').unwrap_or(key.len())]))
        } else {
            Cell::new(key)
        };
        t.add_row(vec![
            key_cell,
            Cell::new(st.packets).set_alignment(CellAlignment::Right),
            Cell::new(st.bytes).set_alignment(CellAlignment::Right),
            Cell::new(st.first.fixed()),
            Cell::new(st.last.fixed()),
            Cell::new((st.last - st.first).fixed()).set_alignment(CellAlignment::Right),
        ]);
    }
    format!("{t}\n{} sessions", s.sessions.len())
}

fn proto_color(p: &str) -> comfy_table::Color {
    use comfy_table::Color::*;
    match p {
        "TCP" => Cyan,
        "UDP" => Green,
        "ICMP" => Yellow,
        "IPv6" | "IP" => Magenta,
        "ARP" => Blue,
        _ => Reset,
    }
}

pub fn times_table(t: &[Decimal], opts: &Options) -> String {
    let mut tb = table(opts);
    header(&mut tb, &["#", "time"], opts);
    for (i, v) in t.iter().enumerate() {
        tb.add_row(vec![
            Cell::new(i).set_alignment(CellAlignment::Right),
            Cell::new(v.to_string()),
        ]);
    }
    tb.to_string()
}

pub fn conversations_table(c: &ConvVal, opts: &Options) -> String {
    let mut t = table(opts);
    header(
        &mut t,
        &[
            "#",
            "key",
            "A->B pkts",
            "A->B bytes",
            "B->A pkts",
            "B->A bytes",
            "pkts",
            "bytes",
            "rel start",
            "start",
            "duration",
            "state",
        ],
        opts,
    );
    let right = |v: String| Cell::new(v).set_alignment(CellAlignment::Right);
    for ((n, conv), key) in c.convs.iter().zip(c.key_texts()) {
        let key_cell = if opts.color {
            Cell::new(key).fg(proto_color(conv.proto()))
        } else {
            Cell::new(key)
        };
        t.add_row(vec![
            right(n.to_string()),
            key_cell,
            right(conv.packets_ab.to_string()),
            right(conv.bytes_ab.to_string()),
            right(conv.packets_ba.to_string()),
            right(conv.bytes_ba.to_string()),
            right(conv.packets.len().to_string()),
            right(conv.bytes().to_string()),
            right((conv.start - c.origin).fixed()),
            Cell::new(conv.start.fixed()),
            right((conv.end - conv.start).fixed()),
            Cell::new(conv.state().unwrap_or("")),
        ]);
    }
    format!("{t}\n{} conversations", c.convs.len())
}
