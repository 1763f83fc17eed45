a = rdpcap('samples/mixed.pcap')
for i in [0, 3, 11, 21, 29, 40, 60, 100, 110]:
    p = a[i]
    print(repr(p))
    p.show()
    print(p.sprintf('%-16s,IP.src% %5s,TCP.sport% %r,TCP.flags% {TCP:%04xr,TCP.dport%}{!TCP:no tcp} %.time%'))
print(a[40][TCP].flags, a[40][TCP].options)
hexdump(a[40])
a[20:23].hexdump()
