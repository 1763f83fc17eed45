//! A ladder (sequence) diagram of a conversation for the terminal: the initiator's
//! lane on the left, the responder's on the right, one arrow per packet with its
//! relative time, retransmissions and resets marked (in colour on a terminal).

use owo_colors::OwoColorize;

use crate::session::ladder::Row;

/// The width between the two lanes.
const LANE: usize = 56;

/// The diagram: a title, the two endpoints over their lanes, one line per packet.
pub fn ladder_text(key: &str, a: &str, b: &str, rows: &[Row], color: bool) -> String {
    let tw = rows
        .iter()
        .map(|r| r.time.fixed().len())
        .max()
        .unwrap_or(1)
        .max(4);
    let mut out = format!("{key}\n");
    // The initiator over the left lane, the responder ending over the right one.
    let gap = (LANE + 2).saturating_sub(a.len() + b.len()).max(1);
    out.push_str(&format!(
        "{}{a}{}{b}\n",
        " ".repeat(tw + 2),
        " ".repeat(gap)
    ));
    out.push_str(&format!("{:>tw$}  |{}|\n", "time", " ".repeat(LANE)));
    for r in rows {
        let mut label = r.label.clone();
        if r.retransmission {
            label.push_str(" [retransmission]");
        }
        let room = LANE - 6;
        if label.chars().count() > room {
            label = label.chars().take(room - 1).collect::<String>() + "…";
        }
        let fill = LANE - 4 - label.chars().count();
        let arrow = if r.a_to_b {
            format!("|-- {label} {}>|", "-".repeat(fill.saturating_sub(1)))
        } else {
            format!("|<{} {label} --|", "-".repeat(fill.saturating_sub(1)))
        };
        let arrow = if !color {
            arrow
        } else if r.retransmission || r.reset {
            arrow.red().to_string()
        } else if r.label.starts_with("SYN") || r.label.contains("FIN") {
            arrow.green().to_string()
        } else {
            arrow
        };
        out.push_str(&format!("{:>tw$}  {arrow}\n", r.time.fixed()));
    }
    out
}
