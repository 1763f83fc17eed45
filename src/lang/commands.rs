//! The one table of builtins and methods. The evaluator dispatches on these names, and
//! `help`, `dir`, completion and `docs/reference.md` are all made from this table, so
//! they cannot drift apart (a test checks that every entry is implemented).

/// Where a name lives: a builtin function, or a method of a kind of value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Builtin,
    PacketList,
    Sessions,
    Conversations,
    Packet,
    Bytes,
    Str,
    Dict,
    List,
}

impl Owner {
    pub fn title(self) -> &'static str {
        match self {
            Owner::Builtin => "Builtins",
            Owner::PacketList => "Packet lists",
            Owner::Sessions => "Sessions",
            Owner::Conversations => "Conversations",
            Owner::Bytes => "Bytes",
            Owner::Packet => "Packets and layers",
            Owner::Str => "Strings",
            Owner::Dict => "Dicts",
            Owner::List => "Lists",
        }
    }
}

pub struct Command {
    pub owner: Owner,
    pub name: &'static str,
    pub signature: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
}

macro_rules! cmd {
    ($owner:ident, $name:expr, $sig:expr, $doc:expr, $ex:expr) => {
        Command {
            owner: Owner::$owner,
            name: $name,
            signature: $sig,
            doc: $doc,
            example: $ex,
        }
    };
}

pub static COMMANDS: &[Command] = &[
    cmd!(Builtin, "rdpcap", "rdpcap(path, count=-1)", "Load a pcap or pcapng capture (gzip too) as a packet list named after the file.", "a = rdpcap('samples/blogexample.pcap')"),
    cmd!(Builtin, "PcapReader", "PcapReader(path)", "Scapy's streaming reader: here the same as rdpcap (the file is mapped, not read into memory).", "for p in PcapReader('x.pcap'): print(p.summary())"),
    cmd!(Builtin, "sniff", "sniff(offline=path, count=0, lfilter=None, prn=None)", "Read packets from a capture file, as Scapy's sniff(offline=...): filter them with lfilter, print prn(p) for each, stop after count.", "sniff(offline='x.pcap', prn=lambda p: p.summary(), count=5)"),
    cmd!(Builtin, "load_layer", "load_layer(name)", "Accepted for Scapy scripts; the layers pcapsh knows are always loaded.", "load_layer('tls')"),
    cmd!(Builtin, "wrpcap", "wrpcap(path, packets)", "Write a packet list to a pcap file (pcapng when the name ends in .pcapng), keeping link types and exact times.", "wrpcap('dns.pcap', [p for p in a if UDP in p])"),
    cmd!(Builtin, "print", "print(*values, sep=' ', end='\\n')", "Print values as text. `print x, y` (Python 2 form) works too.", "print(len(a), 'packets')"),
    cmd!(Builtin, "len", "len(x)", "Number of packets, sessions, items or characters; for a packet, its captured length in bytes.", "len(a.sessions())"),
    cmd!(Builtin, "type", "type(x)", "The type of a value, named as Python and Scapy name it.", "type(a.sessions())"),
    cmd!(Builtin, "help", "help(x)", "Help on a value, a builtin or a method name.", "help('sessions')"),
    cmd!(Builtin, "dir", "dir(x)", "The methods and attributes of a value; without an argument, the variables.", "dir(a)"),
    cmd!(Builtin, "filter", "filter(fn, iterable)", "The items for which fn(item) is true.", "list(filter(lambda p: UDP in p, a))"),
    cmd!(Builtin, "map", "map(fn, iterable)", "fn applied to every item.", "list(map(len, a))"),
    cmd!(Builtin, "sorted", "sorted(iterable, key=None, reverse=False)", "A new sorted list.", "sorted(s.keys(), key=lambda k: len(s[k]), reverse=True)"),
    cmd!(Builtin, "str", "str(x)", "A value as text.", "str(p.time)"),
    cmd!(Builtin, "repr", "repr(x)", "A value as Python would write it.", "repr(p[Raw].load)"),
    cmd!(Builtin, "int", "int(x, base=10)", "An integer from a number or text.", "int(p.time)"),
    cmd!(Builtin, "float", "float(x)", "A floating-point number.", "float(p.time)"),
    cmd!(Builtin, "bool", "bool(x)", "True or False.", "bool(a)"),
    cmd!(Builtin, "list", "list(iterable)", "A new list.", "list(s.keys())"),
    cmd!(Builtin, "tuple", "tuple(iterable)", "A new tuple.", "tuple([1, 2])"),
    cmd!(Builtin, "dict", "dict(iterable)", "A new dict, empty or from pairs.", "counts = dict()"),
 cmd!(Builtin, "Counter", "Counter(iterable)", "Counts of each item (a dict; missing keys count 0), as collections.Counter.", "Counter(p[IP].src for p in a if IP in p).most_common(5)"),
    cmd!(Builtin, "defaultdict", "defaultdict(factory)", "A dict that makes missing values with factory(), as collections.defaultdict.", "d = defaultdict(list)"),
    cmd!(Builtin, "OrderedDict", "OrderedDict(items)", "A dict (every dict keeps its order).", "OrderedDict()"),
    cmd!(Builtin, "set", "set(iterable)", "The distinct items, as a sorted-by-first-appearance list.", "set(p.dport for p in a if TCP in p)"),
    cmd!(Builtin, "range", "range(stop) / range(start, stop, step)", "A list of integers.", "for i in range(5): print(a[i].time)"),
    cmd!(Builtin, "enumerate", "enumerate(iterable, start=0)", "Pairs (index, item).", "for i, p in enumerate(a[:3]): print(i, p.summary())"),
    cmd!(Builtin, "zip", "zip(a, b, ...)", "Tuples of items taken together.", "zip(a[:-1], a[1:])"),
    cmd!(Builtin, "min", "min(iterable, key=None)", "The smallest item.", "min(p.time for p in a)"),
    cmd!(Builtin, "max", "max(iterable, key=None)", "The largest item.", "max(len(p) for p in a)"),
    cmd!(Builtin, "sum", "sum(iterable, start=0)", "The sum of numbers (times stay exact).", "sum(len(p) for p in a)"),
    cmd!(Builtin, "abs", "abs(x)", "The absolute value.", "abs(a[0].time - a[1].time)"),
    cmd!(Builtin, "round", "round(x, ndigits=0)", "A number rounded.", "round(float(p.time), 2)"),
    cmd!(Builtin, "any", "any(iterable)", "True if any item is true.", "any(TCP in p for p in a)"),
    cmd!(Builtin, "all", "all(iterable)", "True if every item is true.", "all(IP in p for p in a)"),
    cmd!(Builtin, "hasattr", "hasattr(x, name)", "Whether a value has an attribute.", "hasattr(p, 'sport')"),
    cmd!(Builtin, "getattr", "getattr(x, name, default)", "An attribute by name, or the default.", "getattr(p, 'ttl', None)"),
    cmd!(Builtin, "isinstance", "isinstance(x, type)", "Whether a value is of a type (int, str, list, dict...).", "isinstance(n, int)"),
    cmd!(Builtin, "hex", "hex(n)", "An integer in hexadecimal.", "hex(p[IP].id)"),
    cmd!(Builtin, "hexdump", "hexdump(x)", "Print a packet's bytes as Scapy's hexdump does.", "hexdump(a[0])"),
    cmd!(Builtin, "ls", "ls(x)", "Print a packet's layers and fields with their values.", "ls(a[0])"),
    cmd!(Builtin, "raw", "raw(p)", "A packet's bytes.", "raw(a[0])[:14]"),
    cmd!(PacketList, "summary", "a.summary()", "Print one Scapy summary line per packet.", "a.summary()"),
    cmd!(PacketList, "nsummary", "a.nsummary()", "Print the summary lines numbered, as Scapy's nsummary().", "a[:5].nsummary()"),
    cmd!(PacketList, "show", "a.show()", "Same as nsummary().", "a.show()"),
    cmd!(PacketList, "sessions", "a.sessions()", "Group packets as Scapy does: one key per direction (`TCP 10.0.0.1:1234 > 10.0.0.2:80`), in order of first appearance.", "s = a.sessions()"),
    cmd!(PacketList, "filter", "a.filter(fn)", "The packets for which fn(p) is true.", "a.filter(lambda p: TCP in p)"),
    cmd!(PacketList, "time", "a.time", "One exact timestamp per packet, shown as a column (Scapy has no such attribute).", "s['TCP ...'].time"),
    cmd!(PacketList, "hexdump", "a.hexdump()", "Each packet's summary line and hexdump.", "a[:2].hexdump()"),
    cmd!(PacketList, "conversations", "a.conversations(timeout=120)", "Both directions of each flow together: TCP and UDP by their two endpoints, ICMP by addresses and identifier, other IP by addresses and protocol. A reused TCP port pair starts a new conversation at a new SYN (as tcp.stream); others split after `timeout` idle seconds (None: never).", "c = a.conversations(); c.sort('bytes').head(10)"),
    cmd!(PacketList, "follow", "v.follow(mode='ascii')", "Print the reassembled TCP payload (or UDP datagrams) of the list's one conversation, both directions in order, as Wireshark's Follow Stream; mode 'ascii', 'hex' or 'raw'.", "c[0].follow('hex')"),
    cmd!(PacketList, "payload", "v.payload('client')", "The reassembled bytes of one direction: 'client' (the initiator) or 'server'.", "c[0].payload('server').save('body.bin')"),
    cmd!(PacketList, "times", "v.times(mode='abs')", "Each packet's time: 'abs' (epoch), 'rel' (since the capture's first packet), 'delta' (since the previous packet) or 'iso' (ISO 8601 UTC).", "v.times('rel')"),
    cmd!(PacketList, "index", "a.index", "Each packet's position in its capture (0 for the first), as a list.", "s[k].index[:5]"),
    cmd!(PacketList, "wirelen", "a.wirelen", "Each packet's length on the wire.", "sum(a.wirelen)"),
    cmd!(Sessions, "split", "s.split(dir, overwrite=False)", "Write every session to its own pcap in `dir`, named after its key; returns how many files were written.", "a.sessions().split('out/')"),
    cmd!(Conversations, "keys", "c.keys()", "The conversation keys, initiator on the left.", "c.keys()[:3]"),
    cmd!(Conversations, "values", "c.values()", "The packet list of each conversation.", "[len(v) for v in c.values()]"),
    cmd!(Conversations, "items", "c.items()", "Pairs (key, packet list).", "for k, v in c.items(): print(k, len(v))"),
    cmd!(Conversations, "sort", "c.sort(by='bytes')", "Sorted by 'bytes', 'packets' or 'duration' (largest first), or 'start'.", "c.sort('packets')"),
    cmd!(Conversations, "head", "c.head(n=10)", "The first n conversations.", "c.sort('bytes').head(20)"),
    cmd!(Conversations, "grep", "c.grep(text)", "The conversations whose key contains the text.", "c.grep(':443')"),
    cmd!(Conversations, "split", "c.split(dir, overwrite=False)", "Write every conversation to its own pcap in `dir`; returns how many files were written.", "c.split('convs/')"),
    cmd!(Bytes, "save", "b.save(path)", "Write the bytes to a file.", "c[0].payload('server').save('reply.bin')"),
    cmd!(Bytes, "hex", "b.hex()", "The bytes as hexadecimal text.", "p[Raw].load.hex()"),
    cmd!(Bytes, "decode", "b.decode(encoding='utf-8', errors='replace')", "The bytes as text.", "p[Raw].load.decode()"),
    cmd!(Sessions, "keys", "s.keys()", "The session keys, in order of first appearance.", "for k in s.keys(): print(k)"),
    cmd!(Sessions, "values", "s.values()", "The packet list of each session.", "[len(v) for v in s.values()]"),
    cmd!(Sessions, "items", "s.items()", "Pairs (key, packet list).", "for k, v in s.items(): print(k, len(v))"),
    cmd!(Sessions, "iteritems", "s.iteritems()", "Python 2's items().", "for k, v in s.iteritems(): print k"),
    cmd!(Sessions, "get", "s.get(key, default=None)", "The session of a key, or the default.", "s.get('Other')"),
    cmd!(Packet, "summary", "p.summary()", "The packet's Scapy summary line.", "a[0].summary()"),
    cmd!(Packet, "time", "p.time", "The exact capture time, with the capture's own digits.", "a[-1].time - a[0].time"),
    cmd!(Packet, "haslayer", "p.haslayer(layer)", "Whether the packet has a layer (TCP, UDP, 'DNS', ...).", "p.haslayer(UDP)"),
    cmd!(Packet, "getlayer", "p.getlayer(layer)", "The layer and what follows it, or None.", "p.getlayer(TCP)"),
    cmd!(Packet, "layers", "p.layers()", "The names of the packet's layers.", "a[0].layers()"),
    cmd!(Packet, "sprintf", "p.sprintf(format)", "Scapy's sprintf: `%IP.src%`, `%r,TCP.flags%` (raw), `%-15s,IP.dst%`, `{TCP:text}` only when a layer is there.", "p.sprintf('%IP.src%:%TCP.sport% -> %IP.dst%:%TCP.dport%')"),
    cmd!(Packet, "show", "p.show()", "Print every layer with its fields.", "a[0].show()"),
    cmd!(Packet, "truncated", "p.truncated", "Whether the capture cut the packet short (captured length below its length on the wire).", "[p for p in a if p.truncated]"),
    cmd!(Packet, "wirelen", "p.wirelen", "The packet's length on the wire (may exceed len(p) when cut by the snaplen).", "a[0].wirelen"),
    cmd!(Packet, "payload", "p.payload", "The layers after the first.", "a[0].payload"),
    cmd!(Str, "split", "s.split(sep=None, maxsplit=-1)", "Split text into a list.", "k.split(' ')"),
    cmd!(Str, "join", "sep.join(items)", "Join text items with a separator.", "', '.join(s.keys())"),
    cmd!(Str, "strip", "s.strip(chars=None)", "Remove surrounding blanks.", "' x '.strip()"),
    cmd!(Str, "lstrip", "s.lstrip(chars=None)", "Remove leading blanks.", "' x'.lstrip()"),
    cmd!(Str, "rstrip", "s.rstrip(chars=None)", "Remove trailing blanks.", "'x '.rstrip()"),
    cmd!(Str, "startswith", "s.startswith(prefix)", "Whether text starts with a prefix.", "k.startswith('TCP')"),
    cmd!(Str, "endswith", "s.endswith(suffix)", "Whether text ends with a suffix.", "k.endswith(':443')"),
    cmd!(Str, "lower", "s.lower()", "Lower case.", "'TCP'.lower()"),
    cmd!(Str, "upper", "s.upper()", "Upper case.", "'tcp'.upper()"),
    cmd!(Str, "replace", "s.replace(old, new)", "Replace every occurrence.", "k.replace(' > ', ' -> ')"),
    cmd!(Str, "format", "s.format(*args, **kwargs)", "Fill `{}` fields, with format specs.", "'{:<50} {:>5}'.format(k, len(v))"),
    cmd!(Str, "ljust", "s.ljust(width, fillchar=' ')", "Padded on the right to a width.", "k.ljust(50)"),
    cmd!(Str, "rjust", "s.rjust(width, fillchar=' ')", "Padded on the left to a width.", "str(n).rjust(6)"),
    cmd!(Str, "center", "s.center(width, fillchar=' ')", "Centred in a width.", "'x'.center(9, '-')"),
    cmd!(Str, "zfill", "s.zfill(width)", "Padded with zeros on the left.", "str(7).zfill(3)"),
    cmd!(Str, "isdigit", "s.isdigit()", "Whether all characters are digits.", "'443'.isdigit()"),
    cmd!(Str, "isalpha", "s.isalpha()", "Whether all characters are letters.", "'TCP'.isalpha()"),
    cmd!(Str, "title", "s.title()", "Each word capitalised.", "'echo reply'.title()"),
    cmd!(Str, "capitalize", "s.capitalize()", "The first character upper case, the rest lower.", "'tcp'.capitalize()"),
    cmd!(Str, "splitlines", "s.splitlines()", "The lines of a text.", "text.splitlines()"),
    cmd!(Str, "encode", "s.encode()", "The text as UTF-8 bytes.", "'GET'.encode() in p[Raw].load"),
    cmd!(Str, "rsplit", "s.rsplit(sep=None, maxsplit=-1)", "Split from the right.", "k.rsplit(':', 1)"),
    cmd!(Str, "rfind", "s.rfind(sub)", "Index of the last occurrence, or -1.", "k.rfind(':')"),
    cmd!(Str, "index", "s.index(sub)", "Index of the first occurrence (ValueError if none).", "k.index(' ')"),
    cmd!(Str, "partition", "s.partition(sep)", "(before, sep, after) at the first separator.", "k.partition(' > ')"),
    cmd!(Str, "find", "s.find(sub)", "Index of the first occurrence, or -1.", "k.find(':')"),
    cmd!(Str, "count", "s.count(sub)", "Occurrences of a substring.", "k.count('.')"),
    cmd!(Dict, "get", "d.get(key, default=None)", "The value of a key, or the default.", "counts.get(k, 0)"),
    cmd!(Dict, "keys", "d.keys()", "The keys.", "d.keys()"),
    cmd!(Dict, "values", "d.values()", "The values.", "d.values()"),
    cmd!(Dict, "items", "d.items()", "Pairs (key, value).", "sorted(d.items())"),
    cmd!(Dict, "iteritems", "d.iteritems()", "Python 2's items().", "d.iteritems()"),
    cmd!(Dict, "setdefault", "d.setdefault(key, default=None)", "The value of a key, set to the default first if missing.", "d.setdefault(k, []).append(p)"),
    cmd!(Dict, "pop", "d.pop(key, default)", "Remove a key and return its value.", "d.pop(k, None)"),
    cmd!(Dict, "most_common", "d.most_common(n)", "The n largest counts, as (key, count) pairs, largest first.", "Counter(k.split()[0] for k in s).most_common(3)"),
    cmd!(Dict, "update", "d.update(other)", "Add the pairs of another dict.", "d.update(e)"),
    cmd!(List, "append", "l.append(x)", "Add an item at the end.", "out.append(p)"),
    cmd!(List, "extend", "l.extend(items)", "Add items at the end.", "out.extend(v)"),
    cmd!(List, "pop", "l.pop(i=-1)", "Remove and return an item.", "out.pop()"),
    cmd!(List, "sort", "l.sort(key=None, reverse=False)", "Sort in place.", "out.sort(reverse=True)"),
    cmd!(List, "reverse", "l.reverse()", "Reverse in place.", "out.reverse()"),
    cmd!(List, "index", "l.index(x)", "Position of an item.", "out.index(3)"),
    cmd!(List, "count", "l.count(x)", "Occurrences of an item.", "out.count(3)"),
];

/// Whether a method is called without arguments, so `x.name` may call it.
pub fn takes_no_arguments(obj: &super::value::Value, name: &str) -> bool {
    use super::value::Value;
    let owner = match obj {
        Value::Packets(_) => Owner::PacketList,
        Value::Sessions(_) => Owner::Sessions,
        Value::Conversations(_) => Owner::Conversations,
        Value::Packet(_) | Value::Layer(_) => Owner::Packet,
        _ => return false,
    };
    methods_of(owner).any(|c| c.name == name && c.signature.ends_with("()"))
}

pub fn methods_of(owner: Owner) -> impl Iterator<Item = &'static Command> {
    COMMANDS.iter().filter(move |c| c.owner == owner)
}

pub fn builtin(name: &str) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .find(|c| c.owner == Owner::Builtin && c.name == name)
}

/// Writes `docs/reference.md` from the table.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# pcapsh reference\n\nGenerated from the command table in `src/lang/commands.rs` \
         (`cargo run -- --reference > docs/reference.md`); a test fails when this file is stale.\n",
    );
    for owner in [
        Owner::Builtin,
        Owner::PacketList,
        Owner::Sessions,
        Owner::Conversations,
        Owner::Packet,
        Owner::Bytes,
        Owner::Str,
        Owner::Dict,
        Owner::List,
    ] {
        out.push_str(&format!(
            "\n## {}\n\n| name | what it does | example |\n|---|---|---|\n",
            owner.title()
        ));
        for c in methods_of(owner) {
            out.push_str(&format!(
                "| `{}` | {} | `{}` |\n",
                c.signature.replace('|', "\\|"),
                c.doc.replace('|', "\\|"),
                c.example.replace('|', "\\|")
            ));
        }
    }
    out.push_str(
        "\n## Layers\n\nEvery layer pcapsh dissects, usable as `TCP in p`, `p[TCP]`, \
         `p.haslayer(TCP)`; from the registry in `src/dissect/layers/mod.rs`.\n\n\
         | class | Scapy's name for it | Scapy module |\n|---|---|---|\n",
    );
    for c in crate::dissect::layers::classes() {
        out.push_str(&format!(
            "| `{}` | {} | `{}` |\n",
            c.name, c.display, c.module
        ));
    }
    out
}
