a = rdpcap('samples/mixed.pcap')
for p in a[:40]:
    if IP in p:
        print(p[IP].src, p[IP].dst, p[IP].ttl, p[IP].proto, p[IP].id, p[IP].flags)
    if TCP in p:
        print(p[TCP].sport, p[TCP].dport, p[TCP].flags, p[TCP].seq, p[TCP].window, p[TCP].flags == 'SA')
    if UDP in p:
        print(p.sport, p.dport, p[UDP].len)
    if ARP in p:
        print(p[ARP].op, p.psrc, p.pdst, p.hwsrc)
print(a[0].src, a[0].dst, a[0].type)
print([len(p[TCP].payload) for p in a[:60] if TCP in p])
print([hasattr(p, 'sport') for p in a[:12]], getattr(a[1], 'ttl', None), getattr(a[0], 'nope', 'default'))
