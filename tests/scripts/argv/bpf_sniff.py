#!/usr/bin/env python3
# Count packets per BPF filter, as people do with sniff(offline=..., filter=...).
import sys
from scapy.all import sniff, rdpcap

FILTERS = ["tcp", "udp port 53", "icmp or icmp6", "tcp[tcpflags] & tcp-syn != 0", "not ip and not ip6"]

def main(path):
    for f in FILTERS:
        pkts = sniff(offline=path, filter=f)
        print("%-32s %5d" % (f, len(pkts)))
    first = sniff(offline=path, filter="tcp", count=2)
    for p in first:
        print(p.summary())

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: bpf_sniff.py CAPTURE\n")
        sys.exit(1)
    main(sys.argv[1])
