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
    let mut out =
        format!("{RULE}\nFollow: {proto},{mode}\nConversation: {key}\nNode 0: {a}\nNode 1: {b}\n");
    let mut offsets = [0usize; 2];
    for c in chunks {
        let (from_a, body) = match c {
            Chunk::Gap(from_a, n) => (*from_a, format!("[{n} bytes missing]\n")),
            Chunk::Data(from_a, d) => {
                let side = if *from_a { 0 } else { 1 };
                let tab = if *from_a { "" } else { "\t" };
                let body = match mode {
                    "raw" => format!(
                        "{tab}{}\n",
                        d.iter().map(|x| format!("{x:02x}")).collect::<String>()
                    ),
                    "hex" => {
                        let mut s = String::new();
                        for (k, line) in d.chunks(16).enumerate() {
                            let mut hex = String::new();
                            for j in 0..16 {
                                match line.get(j) {
                                    Some(x) => hex.push_str(&format!("{x:02x} ")),
                                    None => hex.push_str("   "),
                                }
                                if j == 7 {
                                    hex.push(' ');
                                }
                            }
                            let asc: String = line
                                .iter()
                                .enumerate()
                                .map(|(j, &x)| {
                                    let ch = if (32..127).contains(&x) {
                                        x as char
                                    } else {
                                        '.'
                                    };
                                    if j == 8 {
                                        format!(" {ch}")
                                    } else {
                                        ch.to_string()
                                    }
                                })
                                .collect();
                            s.push_str(&format!(
                                "{tab}{:08x}  {hex} {asc}\n",
                                offsets[side] + k * 16
                            ));
                        }
                        offsets[side] += d.len();
                        s
                    }
                    _ => {
                        let text: String = d
                            .iter()
                            .map(|&x| {
                                if x == b'\n' || (32..127).contains(&x) {
                                    x as char
                                } else {
                                    '.'
                                }
                            })
                            .collect();
                        format!("{tab}{}\n{text}\n", d.len())
                    }
                };
                (*from_a, body)
            }
        };
        if color {
            if from_a {
                out.push_str(&body.red().to_string());
            } else {
                out.push_str(&body.blue().to_string());
            }
        } else {
            out.push_str(&body);
        }
    }
    out.push_str(RULE);
    out
}
