# deque windows, named tuples as tuples, and time.struct_time fields, as analysts use them.
import time
from collections import deque, namedtuple, Counter

Flow = namedtuple("Flow", "src dst sport dport")
a = rdpcap("samples/blogexample.pcap")
window = deque(maxlen=3)
flows = Counter()
for p in a:
    if TCP in p:
        f = Flow(p[IP].src, p[IP].dst, p[TCP].sport, p[TCP].dport)
        flows[f] += 1
        window.append(f)
print(window.maxlen, len(window), window[-1], window[0] == window[-1])
print(window)
for f, n in sorted(flows.items())[:3]:
    print(f, n, f._asdict(), f[:2], f == tuple(f), f._replace(sport=0).sport)
top = max(flows, key=flows.get)
print(top.src, top.dport, top.index(top.dport), top.count(top.src))
q = deque(range(5))
q.rotate(2)
q.appendleft(-1)
print(q, q.popleft(), q.pop(), list(q), 3 in q)
t = time.gmtime(int(a[0].time))
print(t)
print(t.tm_year, t.tm_hour, t[:3], time.strftime("%H:%M:%S", t), t == time.gmtime(int(a[0].time)))
hours = Counter(time.gmtime(int(p.time)).tm_hour for p in a)
print(sorted(hours.items()))
