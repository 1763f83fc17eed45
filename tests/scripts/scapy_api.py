p = rdpcap('samples/mixed.pcap')[3]
print(p.getlayer(1).name, p[1].name, p.lastlayer().name, p.firstlayer().name)
print(p[IPv6].fields)
print([f.name for f in p[IPv6].fields_desc])
print(p.haslayer('TCP'), p.getfieldval('src'), p.payload.name, p.copy().summary())
for pkt, meta in RawPcapReader('samples/mixed.pcap'):
    print(len(pkt), meta); break
l = PacketList([p for p in rdpcap('samples/mixed.pcap') if TCP in p]); print(l)
print(p.show(dump=True) == p.show2(dump=True))
