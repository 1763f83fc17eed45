def describe(p):
    if TCP in p:
        return "tcp %d -> %d" % (p[TCP].sport, p[TCP].dport)
    elif UDP in p:
        return "udp %d -> %d" % (p[UDP].sport, p[UDP].dport)
    elif ICMP in p:
        return "icmp type %d" % p[ICMP].type
    return "other"

def total_bytes(pkts):
    n = 0
    for p in pkts:
        n += len(p)
    return n

a = rdpcap('samples/blogexample.pcap')
for p in a[:12]:
    print(describe(p))
for k, v in a.sessions().items():
    print(k, total_bytes(v))
