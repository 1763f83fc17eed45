# Layers by number and by field value, as tunnel and DNS scripts ask for them:
# p[IP:2] (the inner header of an ICMP error or a tunnel), p.getlayer(cls, nb),
# p.getlayer(cls, **fields), p[cls:nb:{fields}], p.getlayer('IP.src'), DNS records.
import sys
from collections import Counter


def depth(p, cls):
    n = 0
    while p.getlayer(cls, n + 1) is not None:
        n += 1
    return n


def answers(p):
    out = []
    i = 1
    while True:
        rr = p.getlayer(DNSRR, i)
        if rr is None:
            return out
        out.append("%s=%s" % (rr.rrname.decode(), rr.rdata))
        i += 1


pkts = rdpcap(sys.argv[1] if len(sys.argv) > 1 else 'samples/mixed.pcap')
depths = Counter()
for n, p in enumerate(pkts):
    depths[(depth(p, IP), depth(p, 'IPv6'))] += 1
    if depth(p, IP) > 1:
        inner = p[IP:2]
        print(n, "inner", inner.src, "->", inner.dst, inner.proto, p[IP:1].src)
    if DNS in p and p[DNS].qr == 1:
        print(n, p[DNSQR].qname, answers(p)[:3], p.getlayer(DNSRR, type=1) is not None)
        print("  ", p.getlayer(DNSRR, 99), p[DNSQR:1], p.getlayer(DNSQR).summary())
    if UDP in p and p.getlayer(UDP, dport=53) is not None:
        print(n, "query to", p.getlayer(IP, proto=17).dst, p[UDP:1:{'dport': 53}].sport)
for k in sorted(depths):
    print(k, depths[k])

p = [q for q in pkts if TCP in q][0]
print(p.getlayer(0).name, p.getlayer(1).name, p.getlayer(1, 5).name)
print(p.getlayer('IP.src'), p[IP].getlayer('IP.src'), p.getlayer('IP.src') is p[IP] or 'layer')
print(repr(p[0:3])[:40], repr(p[1:9])[:40])
for cls, nb in [(IP, 2), ('IP', 2), (TCP, 0), (IP, -1)]:
    try:
        print(p[cls:nb])
    except IndexError as e:
        print("IndexError:", e)
print(p.getlayer(IP, 0), p.getlayer(IP, src='192.0.2.1'), p.getlayer(-1))
