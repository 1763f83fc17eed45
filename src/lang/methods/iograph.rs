//! `a.iograph(interval=1)`: packets or bytes per interval, drawn as bars in the terminal
//! (and as SVG on request). Intervals start at the first packet, as tshark's
//! `-z io,stat,N` counts them; times are exact, from the capture's own digits.

use std::rc::Rc;

use crate::lang::builtins::*;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;
use crate::time::Decimal;

pub static TABLE: &[Command] = &[
    method(Owner::PacketList, "iograph", "a.iograph(interval=1, value='packets', svg=None)", "Packets (or value='bytes', frame lengths) per interval of seconds from the first packet, as bars: the counts equal tshark -z io,stat,INTERVAL. svg='io.svg' also writes the graph as SVG.", "a.iograph(0.5)", iograph, false).outside(),
];

receiver!(Packets, Rc<PacketList>);

/// More intervals than this is a graph nobody reads: ask for a longer interval.
const MAX_ROWS: usize = 2000;
const BAR: usize = 50;

fn seconds(v: &Value) -> Option<Decimal> {
    let d = match v {
        Value::Int(i) => Decimal::from_int(*i),
        Value::Float(f) => Decimal::from_f64(*f)?,
        Value::Dec(d) => *d,
        _ => return None,
    };
    (d > Decimal::from_int(0)).then_some(d)
}

fn iograph(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let pl = this(obj, call)?.clone();
    let allowed = ["interval", "value", "svg"];
    refuse_other_kwargs(name, k, &allowed)?;
    let interval = match arg(a, k, 0, "interval") {
        None => Decimal::from_int(1),
        Some(v) => seconds(v).ok_or_else(|| {
            Error::at_none(
                ErrorKind::Value,
                format!("interval is a number of seconds above 0, not {}", v.repr()),
            )
        })?,
    };
    let bytes = match text_arg(a, k, 1, "value")?.as_deref() {
        None | Some("packets") => false,
        Some("bytes") => true,
        Some(other) => {
            return err(
                ErrorKind::Value,
                format!("value is 'packets' or 'bytes', not '{other}'"),
            )
        }
    };
    let svg = text_arg(a, k, 2, "svg")?;
    if pl.is_empty() {
        it.write("no packets\n")?;
        return Ok(Value::None);
    }
    let cap = &pl.cap;
    let t0 = cap.timestamp(pl.at(0) as usize);
    let mut rows: Vec<u64> = Vec::new();
    let mut last = t0;
    for i in 0..pl.len() {
        let idx = pl.at(i) as usize;
        let t = cap.timestamp(idx);
        last = last.max(t);
        // A packet earlier than the first counts in the first interval, as in tshark.
        let slot = (t - t0).div_trunc(interval).unwrap_or(0).max(0) as usize;
        if slot >= MAX_ROWS {
            return err(
                ErrorKind::Value,
                format!(
                    "more than {MAX_ROWS} intervals of {} s: use a longer interval",
                    interval.reduced().fixed()
                ),
            );
        }
        if rows.len() <= slot {
            rows.resize(slot + 1, 0);
        }
        rows[slot] += if bytes {
            cap.records[idx].origlen as u64
        } else {
            1
        };
    }
    let unit = if bytes { "bytes" } else { "packets" };
    let step = interval.reduced();
    let label = |k: usize| step.mul_int(k as i64).fixed();
    let labels: Vec<String> = (0..rows.len())
        .map(|k| format!("{} <> {}", label(k), label(k + 1)))
        .collect();
    let lw = labels.iter().map(|l| l.len()).max().unwrap_or(0).max(8);
    let max = rows.iter().copied().max().unwrap_or(0).max(1);
    let nw = max.to_string().len().max(unit.len());
    let mark = if it.opts.color { "█" } else { "#" };
    let mut out = format!(
        "{unit} per {} s from {} ({}): {} {unit} in {} s\n{:<lw$}  {:>nw$}\n",
        step.fixed(),
        t0.fixed(),
        pl.name,
        rows.iter().sum::<u64>(),
        (last - t0).fixed(),
        "interval",
        unit,
    );
    for (l, n) in labels.iter().zip(&rows) {
        let bar = ((*n as u128 * BAR as u128).div_ceil(max as u128)) as usize;
        out.push_str(&format!("{l:<lw$}  {n:>nw$} {}\n", mark.repeat(bar)));
    }
    it.write(&out)?;
    if let Some(path) = svg {
        crate::capture::write::save_bytes(&path, svg_text(&rows, &labels, unit, max).as_bytes())
            .map_err(|e| Error::at_none(ErrorKind::File, e))?;
    }
    Ok(Value::None)
}

/// A bar chart: one bar per interval, the count above it, the interval below.
fn svg_text(rows: &[u64], labels: &[String], unit: &str, max: u64) -> String {
    let (bw, h, top, bottom) = (24usize, 240usize, 30usize, 60usize);
    let width = 60 + rows.len() * bw;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"10\">\n<text x=\"10\" y=\"16\" font-size=\"12\">{unit} per interval</text>\n",
        top + h + bottom
    );
    for (k, (n, l)) in rows.iter().zip(labels).enumerate() {
        let bh = (*n as u128 * h as u128 / max as u128) as usize;
        let x = 50 + k * bw;
        let y = top + h - bh;
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{bh}\" fill=\"#4a7ab5\"><title>{l}: {n}</title></rect>\n<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{n}</text>\n<text x=\"{}\" y=\"{}\" transform=\"rotate(45 {} {})\">{l}</text>\n",
            bw - 4,
            x + (bw - 4) / 2,
            y.saturating_sub(3),
            x,
            top + h + 12,
            x,
            top + h + 12
        ));
    }
    s.push_str("</svg>\n");
    s
}
