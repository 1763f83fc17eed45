# Layer classes, builtins and modules are single objects; type(p) is the layer class;
# globals() finds variables and the classes `from scapy.all import *` brought in.
import os
LAYERS = ["TCP", "UDP", "ICMP", "DNS"]
a = rdpcap("samples/mixed.pcap")
counts = {}
for p in a:
    for name in LAYERS:
        if globals()[name] in p:
            counts[name] = counts.get(name, 0) + 1
    if type(p) is not Ether or type(p[1]) is not p[1].__class__:
        print("odd", p.summary())
print(sorted(counts.items()))
print(TCP is TCP, len is len, os is os, 3 is 3, type(a[5][IP]) is IP, type(a[5]) == Ether)
print(type(a[5]), type(a[5][Raw]) is Raw, 'x' in globals(), 'a' in globals())
try:
    a[5]['TCP']
except IndexError as e:
    print(e)
try:
    a[5][TCP]
except IndexError as e:
    print(e)
