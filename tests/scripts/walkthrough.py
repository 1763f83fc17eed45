a = rdpcap('samples/blogexample.pcap')
a.summary()
s = a.sessions()
print(type(s))
for k, v in s.items():
    print(k)
for k, v in s.items():
    print(k)
    print(v.summary())
for k, v in s.items():
    for p in v:
        print(p.time, k)
