from scapy.all import *
import sys
import datetime
class Flow(object):
    def __init__(self, key):
        self.key = key
        self.pkts = 0
        self.bytes = 0
        self.first = None
    def add(self, p):
        self.pkts += 1
        self.bytes += len(p)
        if self.first is None:
            self.first = p.time
    def __repr__(self):
        return "Flow(%s, %d pkts, %d bytes)" % (self.key, self.pkts, self.bytes)

flows = {}
for p in rdpcap(sys.argv[1]):
    if IP not in p: continue
    k = tuple(sorted([p[IP].src, p[IP].dst]))
    if k not in flows:
        flows[k] = Flow(k)
    flows[k].add(p)
for f in sorted(flows.values(), key=lambda f: f.bytes, reverse=True)[:5]:
    print(f, datetime.datetime.utcfromtimestamp(float(f.first)).strftime("%Y-%m-%d %H:%M:%S"))
