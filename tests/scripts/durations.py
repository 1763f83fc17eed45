a = rdpcap('samples/mixed-ns.pcap')
s = a.sessions()
for k, v in s.items():
    first = v[0].time
    last = v[-1].time
    print(k, first, last, last - first)
print(a[-1].time - a[0].time)
print(float(a[1].time - a[0].time) > 0)
