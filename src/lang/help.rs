//! `help`, from the command table.

use super::commands::{self, Owner};
use super::value::Value;

pub fn help(topic: Option<&Value>) -> String {
    let name = match topic {
        None => return overview(),
        Some(Value::Str(s)) => s.to_string(),
        Some(Value::Builtin(n)) => n.to_string(),
        Some(Value::Method(_, n)) => n.to_string(),
        Some(Value::LayerClass(n)) => {
            return format!("{n}: a protocol layer. Use `{n} in p`, `p[{n}]`, `p.haslayer({n})`.\n")
        }
        Some(v) => {
            let owner = match v {
                Value::Packets(_) => Some(Owner::PacketList),
                Value::Sessions(_) => Some(Owner::Sessions),
                Value::Conversations(_) => Some(Owner::Conversations),
                Value::Bytes(_) => Some(Owner::Bytes),
                Value::Packet(_) | Value::Layer(_) => Some(Owner::Packet),
                Value::Str(_) => Some(Owner::Str),
                Value::Dict(_) => Some(Owner::Dict),
                Value::List(_) => Some(Owner::List),
                _ => None,
            };
            return match owner {
                Some(o) => section(o),
                None => format!("{}: no help for this kind of value.\n", v.type_name()),
            };
        }
    };
    let hits: Vec<_> = commands::all().filter(|c| c.name == name).collect();
    if hits.is_empty() {
        let near = super::eval::nearest(&name, commands::all().map(|c| c.name));
        return match near {
            Some(n) => format!("no help for '{name}'. Did you mean '{n}'?\n"),
            None => format!("no help for '{name}'. Type help() for the list.\n"),
        };
    }
    let mut out = String::new();
    for c in hits {
        out.push_str(&format!(
            "{}\n    {}\n    example: {}\n",
            c.signature, c.doc, c.example
        ));
    }
    out
}

fn section(o: Owner) -> String {
    let mut out = format!("{}:\n", o.title());
    for c in commands::methods_of(o) {
        out.push_str(&format!("  {:<40} {}\n", c.signature, c.doc));
    }
    out
}

fn overview() -> String {
    let mut out = String::from(
        "pcapsh: explore captures the way the Scapy prompt does.\n\n  a = rdpcap('samples/blogexample.pcap')\n  a.summary()\n  s = a.sessions()\n  for k, v in s.items(): print(k, len(v))\n  c = a.conversations(); c[0].follow()\n\n",
    );
    for o in [
        Owner::Builtin,
        Owner::PacketList,
        Owner::Sessions,
        Owner::Conversations,
        Owner::Packet,
    ] {
        out.push_str(&format!("{}:\n", o.title()));
        let mut line = String::from(" ");
        for c in commands::methods_of(o) {
            if line.len() + c.name.len() + 1 > 88 {
                out.push_str(&line);
                out.push('\n');
                line = String::from(" ");
            }
            line.push(' ');
            line.push_str(c.name);
        }
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out.push_str("help('name') explains one, with an example; help(x) lists what a value has.\n");
    out
}
