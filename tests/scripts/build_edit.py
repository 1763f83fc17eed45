# Rewriting a capture as analysts do: change addresses, let Scapy compute the checksums
# again, write the result and read it back.
a = rdpcap('samples/blogexample.pcap')
out = []
for p in a:
    if IP in p:
        p[IP].src = '10.9.8.7'
        p[IP].ttl = 1
        del p[IP].chksum
        if TCP in p:
            del p[TCP].chksum
    out.append(p)
wrpcap('/tmp/pcapsh-test-anon.pcap', out)
b = rdpcap('/tmp/pcapsh-test-anon.pcap')
print(len(b))
for p in b[:12]:
    if IP in p:
        print(p.summary(), p[IP].chksum, p[TCP].chksum if TCP in p else None)
    print(raw(p).hex())
tcp = [p for p in a if TCP in p]
x = tcp[0]
x[TCP].flags = 'RA'
x[Ether].dst = '00:00:00:00:00:01'
print(x.summary(), repr(x[TCP].flags), x[TCP].chksum)
print(x.command())
y = Ether(raw(tcp[5]))
print(y.summary(), len(y), y[IP].src)
z = tcp[3][IP]
print(repr(z.copy()) == repr(tcp[3][IP]))
