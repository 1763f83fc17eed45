# Recorded fragments (samples/fragments.pcap, samples/record-lossy.sh): UDP datagrams the
# kernel fragmented over IPv4 and IPv6 (defrag() leaves IPv6 alone), then IPv4 fragments
# sent out of order, overlapping, copied after completion, and never completed.
a = rdpcap('samples/fragments.pcap')
nofrag, joined, bad = defrag(a)
print(len(a), len(nofrag), len(joined), len(bad))
for p in joined:
    print(p.summary(), len(raw(p)), p.time, hex(p[IP].id), len(p[UDP].payload))
# Scapy joins at the fragment without MF: the datagram whose first fragment came last
# is "bad" there. (Scapy lists bad fragments as tuples, pcapsh as packets.)
print(len(defragment(a)))
