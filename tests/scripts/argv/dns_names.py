from scapy.all import *
import sys, re
from collections import defaultdict

names = defaultdict(int)
for p in rdpcap(sys.argv[1]):
    if p.haslayer(DNSQR):
        q = p[DNSQR].qname
        if isinstance(q, bytes):
            q = q.decode()
        names[q.rstrip('.')] += 1
for n in sorted(names, key=lambda k: (-names[k], k)):
    if re.search(r"\.(com|org|net)$", n):
        print(n, names[n])
