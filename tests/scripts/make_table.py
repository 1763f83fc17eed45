# Scapy's make_table family, as lessons and scripts use it: who talks to whom with which
# TTL, ports by host, a lined table, a LaTeX one, custom sort keys, dump=True.
a = rdpcap('samples/mixed.pcap')
ip = [p for p in a if IP in p]
PacketList(ip).make_table(lambda p: (p[IP].dst, p[IP].src, p[IP].ttl))
tcp = PacketList([p for p in a if IP in p and TCP in p])
tcp.make_lined_table(lambda p: (p[IP].src, p[TCP].dport, p[TCP].sprintf('%flags%')))
t = tcp.make_table(lambda p: (p[TCP].sport, p[IP].dst, len(p)), dump=True)
print(len(t.splitlines()))
print(t)
print(tcp.make_tex_table(lambda p: (p[IP].dst, p.sprintf('%TCP.flags%'), p[TCP].window), dump=True))
tcp.make_table(lambda p: (p[IP].dst, p[TCP].dport, p[TCP].seq % 7), sortx=lambda x: x[::-1], sorty=lambda y: -int(y))
b = rdpcap('samples/lossy.pcap')
b.make_lined_table(lambda p: (p.sprintf('%IP.src%'), p.sprintf('{TCP:%TCP.flags%}{UDP:udp}'), 1))
