# Scapy's defragment6 on recorded IPv6 fragments (samples/fragments.pcap: UDP datagrams
# of 3000 to 6000 bytes the kernel fragmented on a 1280-byte MTU), or on a capture
# given as the first argument: each datagram joined by its fragment id, as a whole packet.
import sys
from collections import OrderedDict
from scapy.all import *

path = sys.argv[1] if len(sys.argv) > 1 else 'samples/fragments.pcap'
pkts = rdpcap(path)
by_id = OrderedDict()
for p in pkts:
    if IPv6ExtHdrFragment in p:
        by_id.setdefault(p[IPv6ExtHdrFragment].id, []).append(p)
print("%d packets, %d fragmented datagrams" % (len(pkts), len(by_id)))
for ident, frags in by_id.items():
    whole = defragment6(frags)
    print(hex(ident), len(frags), whole.summary(), len(whole), whole[IPv6].plen, whole[IPv6].nh)
    if UDP in whole:
        u = whole[UDP]
        print("  udp", u.sport, u.dport, u.len, hex(u.chksum), len(u.payload), bytes(u.payload)[:8])
    print("  time", whole.time, repr(whole)[:90])
# Out of order, and one fragment missing: padded with X, as Scapy does.
first = list(by_id.values())[0]
p = defragment6(list(reversed(first)))
print(p.summary(), len(p))
p = defragment6(first[:1] + first[2:])
print(len(p), bytes(p[IPv6].payload)[1228:1240] if len(p) > 1300 else None)
# Fragments of two datagrams: the first one's id wins.
both = list(by_id.values())[0] + list(by_id.values())[1]
print(len(defragment6(both)))
print(defragment6([p for p in pkts if IPv6ExtHdrFragment not in p]))
