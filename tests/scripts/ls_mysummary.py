# ls(p) with Scapy's columns, each layer's mysummary(), and appending with wrpcap.
import os
import tempfile

# (ICMP is left out: Scapy's default for its timestamps is the time of day.)
a = rdpcap("samples/blogexample.pcap")
tcp = [p for p in a if TCP in p]
for p in tcp[:2] + tcp[5:7]:
    ls(p)
    print("==")
ls(tcp[3][TCP])
for p in a[:12]:
    print(p.mysummary(), "|", p.payload.mysummary(), "|", p.lastlayer().mysummary())
m = rdpcap("samples/mixed.pcap")
for p in m[:40]:
    if (ARP in p or UDP in p) and ICMP not in p and DNS not in p:
        ls(p)
        print("==")

out = os.path.join(tempfile.mkdtemp(), "grow.pcap")
wrpcap(out, a[:3])
wrpcap(out, a[3:5], append=True)
w = PcapWriter(out, append=True, sync=True)
w.write(a[5])
w.close()
print(len(rdpcap(out)), [p.summary() for p in rdpcap(out)][-1])
try:
    wrpcap(out, a[:1], compress=True)
except TypeError as e:
    print("TypeError")
