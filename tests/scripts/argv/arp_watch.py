#!/usr/bin/env python
# ARP spoofing check: several MACs claiming one IP.
from scapy.all import *
import sys
from collections import defaultdict

seen = defaultdict(set)
def handle(pkt):
    if ARP in pkt and pkt[ARP].op == 2:
        seen[pkt[ARP].psrc].add(pkt[ARP].hwsrc)

sniff(offline=sys.argv[1], prn=handle, store=0)
alerts = 0
for ip, macs in sorted(seen.items()):
    status = "SPOOF?" if len(macs) > 1 else "ok"
    print("{:<15} {} {}".format(ip, status, ", ".join(sorted(macs))))
    if len(macs) > 1:
        alerts += 1
print("replies seen for %d addresses" % len(seen))
sys.exit(1 if alerts else 0)
