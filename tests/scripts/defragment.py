# Fragments joined as Scapy's defragment() and defrag() join them: a 3000-byte ping sent
# in IPv4 fragments comes back whole, at its last fragment's place, with the first
# fragment's time; the bytes are rebuilt (length, checksum, MF cleared).
import hashlib

a = rdpcap('samples/mixed.pcap')
b = defragment(a)
print(len(a), len(b))
print(repr(b))
for i, p in enumerate(b):
    if ICMP in p and len(raw(p)) > 1500:
        print(i, p.summary(), len(raw(p)), p.time, hashlib.sha256(raw(p)).hexdigest()[:16])
        print(p[ICMP].id, p[ICMP].seq, len(p[Raw].load), p[IP].flags, p[IP].frag)
nofrag, joined, bad = defrag(a)
print(len(nofrag), len(joined), len(bad))
print([p.summary() for p in joined])
print(len(defragment([p for p in a if IP in p and p[IP].frag > 0])))
