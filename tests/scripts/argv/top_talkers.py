#!/usr/bin/env python3
import sys
from scapy.all import *
from collections import Counter

if len(sys.argv) < 2:
    print("usage: %s file.pcap" % sys.argv[0])
    sys.exit(1)

pkts = rdpcap(sys.argv[1])
c = Counter()
for p in pkts:
    if p.haslayer(IP):
        c[(p[IP].src, p[IP].dst)] += 1
for (s, d), n in c.most_common(10):
    print("%-16s -> %-16s %d" % (s, d, n))
print(c)
