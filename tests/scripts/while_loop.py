a = rdpcap('samples/blogexample.pcap')
i = 0
total = 0
while i < len(a):
    p = a[i]
    i += 1
    if not p.haslayer(TCP):
        continue
    total += len(p)
    if total > 5000:
        break
print(i, total)
n = 0
while True:
    n = n + 1
    if n >= 3:
        break
print(n)
