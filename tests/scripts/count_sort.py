a = rdpcap('samples/mixed.pcap')
s = a.sessions()
print(len(s), "sessions")
for k in sorted(s.keys(), key=lambda k: len(s[k]), reverse=True)[:5]:
    print('%-50s %5d' % (k, len(s[k])))
print(sorted(s)[0])
print(max(s, key=lambda k: len(s[k])))
