//! Follow-stream text in tshark's layouts (`-z follow,tcp,ascii|hex|raw`): the initiator's
//! data flush left, the responder's indented by a tab (and in colour on a terminal).

use owo_colors::OwoColorize;

use crate::session::follow::Chunk;

const RULE: &str = "===================================================================";

pub fn follow_text(
    chunks: &[Chunk],
    key: &str,
    a: &str,
    b: &str,
    proto: &str,
    mode: &str,
    color: bool,
) -> String {
    let mut out = format!(
        "\n{RULE}\nFollow: {proto},{mode}\nConversation: {key}\nNode 0: {a}\nNode 1: {b}\n"
    );
    let mut offsets = [0usize; 2];
    for c in chunks {
        let marker;
        let (from_a, d) = match c {
            Chunk::Data(from_a, d) => (*from_a, &d[..]),
            // tshark's marker for bytes the receiver had and the capture lacks, with
            // its trailing NUL.
            Chunk::Gap(from_a, n) => {
                marker = format!("[{n} bytes missing in capture file]\0").into_bytes();
                (*from_a, &marker[..])
            }
            Chunk::Held(from_a, n) => {
                if mode != "raw" {
                    let tab = if *from_a { "" } else { "\t" };
                    let note = format!(
                        "{tab}[{n} bytes after a gap, never acknowledged: not delivered]\n"
                    );
                    push(&mut out, *from_a, &note, color);
                }
                continue;
            }
        };
        let side = if from_a { 0 } else { 1 };
        let tab = if from_a { "" } else { "\t" };
        let body = match mode {
            "raw" => format!(
                "{tab}{}\n",
                d.iter().map(|x| format!("{x:02x}")).collect::<String>()
            ),
            "hex" => {
                let s = hex_lines(d, offsets[side], tab);
                offsets[side] += d.len();
                s
            }
            _ => {
                let text: String = d
                    .iter()
                    .map(|&x| {
                        if x == b'\n' || x == b'\r' || (32..127).contains(&x) {
                            x as char
                        } else {
                            '.'
                        }
                    })
                    .collect();
                format!("{tab}{}\n{text}\n", d.len())
            }
        };
        push(&mut out, from_a, &body, color);
    }
    out.push_str(RULE);
    out
}

fn push(out: &mut String, from_a: bool, body: &str, color: bool) {
    if !color {
        out.push_str(body);
    } else if from_a {
        out.push_str(&body.red().to_string());
    } else {
        out.push_str(&body.blue().to_string());
    }
}

/// tshark's hex layout: the offset, 16 bytes in two groups of 8, the same bytes as
/// text; like tshark, a line loses one trailing space (the group gap of a short line, or a
/// space byte at its end).
fn hex_lines(d: &[u8], offset: usize, tab: &str) -> String {
    let mut s = String::new();
    for (k, line) in d.chunks(16).enumerate() {
        let mut hex = String::with_capacity(50);
        let mut text = String::with_capacity(17);
        for (j, &x) in line.iter().enumerate() {
            if j == 8 {
                hex.push(' ');
                text.push(' ');
            }
            hex.push_str(&format!("{x:02x} "));
            text.push(if (32..127).contains(&x) {
                x as char
            } else {
                '.'
            });
        }
        if line.len() == 8 {
            text.push(' ');
        }
        if text.ends_with(' ') {
            text.pop();
        }
        s.push_str(&format!("{tab}{:08X}  {hex:<49} {text}\n", offset + k * 16));
    }
    s
}
