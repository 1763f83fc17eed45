a = rdpcap('samples/mixed.pcap')
udp = [p for p in a if UDP in p]
print(len(udp))
tcp = a.filter(lambda p: TCP in p and p[TCP].dport == 80)
print(len(tcp))
syns = [p for p in a if TCP in p and p[TCP].flags == 'S']
for p in syns:
    print(p.summary())
dns = [p for p in a if p.haslayer(DNS)]
print(len(dns), dns[0].summary())
big = list(filter(lambda p: len(p) > 1000, a))
print(len(big))
print([len(p) for p in a[:10]])
