#!/usr/bin/env python
# Top talkers from NetFlow v5/v1 exports: walks each export's records and sums bytes
# and packets per (src, dst, protocol). Usage: netflow_top.py [CAPTURE] [N]
import sys
from collections import defaultdict

path = sys.argv[1] if len(sys.argv) > 1 else 'samples/netflow.pcap'
top = int(sys.argv[2]) if len(sys.argv) > 2 else 5

def records(pkt):
    """Every flow record of an export, whatever its version."""
    out = []
    if NetflowHeaderV5 in pkt:
        rec = pkt[NetflowHeaderV5].payload
        while isinstance(rec, NetflowRecordV5):
            out.append((rec.src, rec.dst, rec.prot, rec.dpkts, rec.dOctets, rec.sprintf('%tcpFlags%')))
            rec = rec.payload
    elif NetflowHeaderV1 in pkt:
        n = 1
        while pkt.haslayer(NetflowRecordV1, ) and pkt.getlayer(NetflowRecordV1, n) is not None:
            r = pkt.getlayer(NetflowRecordV1, n)
            out.append((r.ipsrc, r.ipdst, r.proto, r.dpkts, r.dbytes, ''))
            n += 1
    return out

totals = defaultdict(lambda: [0, 0])
for p in rdpcap(path):
    if NetflowHeader not in p:
        continue
    h = p[NetflowHeader]
    v = h.payload
    print('v%d export from %s: count=%d uptime=%d %s' % (h.version, p[IP].src, v.count, v.sysUptime, v.sprintf('%unixSecs%')[:5]))
    for src, dst, proto, pkts, octets, flags in records(p):
        t = totals[(src, dst, proto)]
        t[0] += pkts
        t[1] += octets

print('%-15s %-15s %5s %8s %10s' % ('src', 'dst', 'proto', 'packets', 'bytes'))
for key, (pkts, octets) in sorted(totals.items(), key=lambda kv: (-kv[1][1], kv[0]))[:top]:
    print('%-15s %-15s %5d %8d %10d' % (key[0], key[1], key[2], pkts, octets))
print(len(totals), 'flows')
