# Modules as scripts import them: whole, renamed, single names, and what is missing.
import collections
import scapy.all as S
from scapy.layers.dns import DNS, DNSQR
from scapy.layers.inet import IP, TCP
from collections import Counter as C

a = S.rdpcap('samples/blogexample.pcap')
print(collections.Counter(p[IP].src for p in a if IP in p).most_common(2))
print(C(p[TCP].dport for p in a if TCP in p).most_common(1))
print(sum(1 for p in a if DNS in p), [p[DNSQR].qname for p in a if DNSQR in p][:1])
print(type(S).__name__, S.__name__)
try:
    import nosuchmodule
except ImportError as e:
    print(type(e).__name__, e)
try:
    from scapy.layers.inet import DNS
except ImportError as e:
    print(type(e).__name__, str(e).split(' (')[0])
