from scapy.all import *
import sys
syn = set()
synack = set()
pk = rdpcap(sys.argv[1])
for p in pk:
    if TCP in p and IP in p:
        f = p[TCP].flags
        if f & 0x02 and not f & 0x10:
            syn.add((p[IP].src, p[IP].dst, p[TCP].dport))
        elif f & 0x12 == 0x12:
            synack.add((p[IP].dst, p[IP].src, p[TCP].sport))
print("SYN:", len(syn), "SYN-ACK:", len(synack))
unanswered = syn - synack
for t in sorted(unanswered):
    print("no answer:", t)
ratio = len(synack) / len(syn) if syn else 0
print("ratio %.2f" % ratio)
