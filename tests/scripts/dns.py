a = rdpcap('samples/mixed.pcap')
for p in a:
    if p.haslayer(DNSQR):
        print(p[DNSQR].qname, p[DNSQR].qtype, p[DNS].qd.qname)
    if DNSRR in p:
        print(p[DNSRR].rrname, p[DNSRR].rdata, p[DNSRR].type, p[DNSRR].ttl)
        print(repr(p[DNSRR]))
        print(p[DNS].an[0].rdata, len(p[DNS].an), p[DNS].ancount)
for p in rdpcap('samples/mixed-ns.pcap'):
    if p.haslayer(DNS) and p[DNS].qr == 1:
        print(p[DNS].id, [r.rdata for r in p[DNS].an if r.type in (1, 5, 28)], p[DNS].qd[0].qname)
