"""Per-conversation table with a small class hierarchy, generators and f-strings."""
import argparse
import csv
import sys
from datetime import datetime, timezone
from scapy.all import rdpcap, IP, IPv6, TCP, UDP


class Conversation:
    kind = "ip"

    def __init__(self, a, b):
        self.a, self.b = a, b
        self.packets = 0
        self.bytes = 0
        self.first = None
        self.last = None

    def add(self, pkt):
        self.packets += 1
        self.bytes += len(pkt)
        t = float(pkt.time)
        self.first = t if self.first is None else min(self.first, t)
        self.last = t if self.last is None else max(self.last, t)

    def duration(self):
        return (self.last or 0) - (self.first or 0)

    def __str__(self):
        return f"{self.kind} {self.a} <-> {self.b}: {self.packets} pkts {self.bytes} B"


class TcpConversation(Conversation):
    kind = "tcp"

    def __init__(self, a, b):
        super().__init__(a, b)
        self.syns = 0

    def add(self, pkt):
        super().add(pkt)
        if pkt[TCP].flags & 0x02:
            self.syns += 1


def endpoints(pkt):
    ip = pkt[IP] if IP in pkt else (pkt[IPv6] if IPv6 in pkt else None)
    if ip is None:
        return None
    if TCP in pkt:
        return (f"{ip.src}:{pkt[TCP].sport}", f"{ip.dst}:{pkt[TCP].dport}")
    if UDP in pkt:
        return (f"{ip.src}:{pkt[UDP].sport}", f"{ip.dst}:{pkt[UDP].dport}")
    return (ip.src, ip.dst)


def conversations(pkts):
    table = {}
    for pkt in pkts:
        ends = endpoints(pkt)
        if ends is None:
            continue
        key = tuple(sorted(ends))
        if key not in table:
            table[key] = TcpConversation(*key) if TCP in pkt else Conversation(*key)
        table[key].add(pkt)
    yield from sorted(table.values(), key=lambda c: (-c.bytes, c.a))


def main(argv=None):
    ap = argparse.ArgumentParser(description="List conversations")
    ap.add_argument("pcap")
    ap.add_argument("--csv", help="write the table here")
    ap.add_argument("--top", type=int, default=5)
    args = ap.parse_args(argv)
    convs = list(conversations(rdpcap(args.pcap)))
    for c in convs[: args.top]:
        start = datetime.fromtimestamp(c.first, tz=timezone.utc).strftime("%H:%M:%S.%f")
        extra = f" syn={c.syns}" if isinstance(c, TcpConversation) else ""
        print(f"{start} {c}{extra} dur={c.duration():.3f}")
    if args.csv:
        with open(args.csv, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["a", "b", "kind", "packets", "bytes"])
            w.writeheader()
            for c in convs:
                w.writerow({"a": c.a, "b": c.b, "kind": c.kind, "packets": c.packets, "bytes": c.bytes})
        print(f"wrote {len(convs)} rows", file=sys.stderr)
    return 0 if convs else 3


if __name__ == "__main__":
    sys.exit(main())
