# p.time in a pcapng file is Scapy's exact quotient ticks / resolution: no trailing zeros.
a = rdpcap('samples/mixed.pcapng')
for p in a[:8]:
    print(p.time, repr(p.time), p.time - a[0].time, float(p.time))
t = [p.time for p in a]
print(max(t) - min(t), sum(t[1:4]) / 3)
