conf.verb = 0
load_layer('tls')
pkts = sniff(offline='samples/blogexample.pcap', lfilter=lambda p: TCP in p, count=4)
print(len(pkts))
for p in pkts:
    print(p[TCP].sport, p[TCP].dport, p[TCP].flags, p[IP].ttl)
n = 0
for p in PcapReader('samples/mixed.pcap'):
    if p.haslayer(DNS):
        n += 1
print(n)
sniff(offline='samples/blogexample.pcap', prn=lambda p: p.summary(), count=2)
s = rdpcap('samples/mixed.pcap').sessions()
print(s.keys())
print(list(s.values())[1])
print(s[list(s.keys())[1]][0].summary())
