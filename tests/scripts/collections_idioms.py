from collections import Counter, defaultdict
a = rdpcap('samples/mixed.pcap')
c = Counter(p[IP].src for p in a if IP in p)
print(c.most_common(2))
ports = Counter()
for p in a:
    if TCP in p:
        ports[p[TCP].dport] += 1
for port, n in ports.most_common(3):
    print(port, n)
by_proto = defaultdict(list)
for k, v in a.sessions().items():
    by_proto[k.split()[0]].append(len(v))
for proto in sorted(by_proto):
    print(proto, sum(by_proto[proto]), max(by_proto[proto]))
sizes = defaultdict(int)
for p in a:
    sizes[len(p) // 500 * 500] += 1
print(sorted(sizes.items()))
