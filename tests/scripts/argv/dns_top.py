#!/usr/bin/env python3
"""Typical quick script: top DNS queries, with helper functions and a main guard."""
from scapy.all import *
import sys
from collections import Counter, defaultdict, OrderedDict, namedtuple

def qname(p):
    q = p[DNSQR].qname
    return q.decode(errors="ignore").rstrip(".") if isinstance(q, bytes) else q

def main():
    if len(sys.argv) < 2:
        print("Usage: {} <pcap>".format(sys.argv[0]))
        return 1
    pkts = rdpcap(sys.argv[1])
    queries = Counter(qname(p) for p in pkts if p.haslayer(DNSQR) and p[DNS].qr == 0)
    by_host = defaultdict(list)
    for p in pkts:
        if p.haslayer(DNSQR) and IP in p:
            by_host[p[IP].src].append(qname(p))
    for name, n in queries.most_common(5):
        print(f"{n:4d}  {name}")
    for host in sorted(by_host):
        names = by_host[host]
        print("%s asked %d (%d distinct)" % (host, len(names), len(set(names))))
    total = sum(queries.values())
    print("total", total, "unique", len(queries), "ratio", round(len(queries) / max(total, 1), 3))
    return 0

if __name__ == "__main__":
    sys.exit(main())
