from collections import namedtuple
Flow = namedtuple("Flow", "src dst sport dport")
f = Flow("10.0.0.1", "10.0.0.2", 1234, dport=80)
print(f, f.dport, f[0], len(f))
s, d, sp, dp = f
print(s, dp, {f: 1}[Flow("10.0.0.1", "10.0.0.2", 1234, 80)], list(f))
flows = {}
for p in rdpcap('samples/blogexample.pcap'):
    if TCP in p:
        k = Flow(p[IP].src, p[IP].dst, p[TCP].sport, p[TCP].dport)
        flows[k] = flows.get(k, 0) + 1
for k in sorted(flows, key=lambda k: (-flows[k], k.sport)):
    print(k, flows[k])
