# DNS names by entropy, record show() and sprintf(), as analysts write them.
import math, sys
from collections import Counter, OrderedDict

def entropy(s):
    if not s:
        return 0.0
    c = Counter(s)
    n = float(len(s))
    return -sum((v / n) * math.log2(v / n) for v in c.values())

pkts = rdpcap('samples/mixed.pcap')
names = Counter()
ent = OrderedDict()
for p in pkts:
    if p.haslayer(DNSQR) and p[DNS].qr == 0:
        q = p[DNSQR].qname.decode(errors='ignore').rstrip('.')
        names[q] += 1
        ent[q] = round(entropy(q), 3)
        sub = q.split('.')
        print("%-40s %5.2f %d %s" % (q, entropy(q), len(sub), p[DNSQR].sprintf("%qtype%")))
for name, n in names.most_common(5):
    print('{:<40} {:>3} {:.3f}'.format(name, n, ent[name]))
print(sorted(ent.items(), key=lambda kv: kv[1], reverse=True)[:3])
print(len(set(names)), sum(names.values()), max(ent.values()) if ent else None)
resp = [p for p in pkts if DNS in p and p[DNS].qr == 1 and p[DNS].ancount > 0]
for r in resp[:5]:
    for i in range(r[DNS].ancount):
        rr = r[DNS].an[i]
        print(rr.rrname, rr.type, rr.sprintf("%type%"), rr.rdata if rr.type != 16 else rr.rdata[:1], rr.ttl)

a = rdpcap('samples/mixed.pcap')
for p in a:
    if DNS in p and p[DNS].qd:
        p[DNSQR].show()
        print(repr(p[DNSQR].show(dump=True))[:60])
    if DNSRR in p:
        p[DNSRR].show()
        print(p[DNSRR].sprintf("%DNSRR.rrname% %type% %ttl% %rdata% %nosuch%"))
