a = rdpcap('samples/mixed.pcap')
counts = {}
for p in a:
    if IP in p:
        counts[p[IP].src] = counts.get(p[IP].src, 0) + 1
for ip, n in sorted(counts.items()):
    print(ip, n)
ports = dict()
for p in a:
    if TCP in p:
        ports.setdefault(p[TCP].dport, []).append(p)
for port in sorted(ports):
    print(port, len(ports[port]))
proto = {}
for k in a.sessions():
    name = k.split()[0]
    proto[name] = proto.get(name, 0) + 1
print(proto)
