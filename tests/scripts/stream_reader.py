# PcapReader read packet by packet, TCP options as lists, io.StringIO with csv, NoPayload.
import sys
CAP = sys.argv[1] if len(sys.argv) > 1 else 'samples/blogexample.pcap'
import collections, itertools, os, csv, io, sys
from collections import defaultdict
reader = PcapReader(CAP)
stats = defaultdict(lambda: defaultdict(int))
first = None
n = 0
while True:
    try:
        p = reader.read_packet()
    except EOFError:
        break
    if p is None:
        break
    n += 1
    if first is None:
        first = p.time
    if TCP in p:
        opts = dict((k, v) for k, v in p[TCP].options if isinstance(k, str))
        stats[p[IP].src if IP in p else p[IPv6].src]['tcp'] += 1
        if p[TCP].flags & 0x02:
            print("SYN", p.sprintf("%IP.src% %TCP.sport% %TCP.flags%"), opts.get('MSS'), opts.get('WScale'), 'SAck' in opts)
        if 'F' in p[TCP].flags or p[TCP].flags.R:
            print("END", p[TCP].flags, int(p[TCP].flags), str(p[TCP].flags), repr(p[TCP].flags))
    elif UDP in p:
        stats[p.sprintf("{IP:%IP.src%}{IPv6:%IPv6.src%}")]['udp'] += 1
reader.close()
print(n, '%.6f' % float(p.time - first) if n else 0)
for host, d in sorted(stats.items()):
    print("{0:<40}{1}".format(host, dict(d)))
out = io.StringIO()
w = csv.DictWriter(out, fieldnames=['host', 'tcp', 'udp'])
w.writeheader()
for host, d in sorted(stats.items()):
    w.writerow({'host': host, 'tcp': d['tcp'], 'udp': d['udp']})
print(out.getvalue())
pk = rdpcap(CAP)
for key, grp in itertools.groupby(pk[:30], key=lambda p: p.lastlayer().name):
    print(key, len(list(grp)))
print(os.path.basename(CAP), pk.nsummary(lp=None) if False else len(pk))
pk[:3].nsummary()
hexdump(pk[0])
print(pk[0].payload.payload.name, pk[0].getlayer(1).name, pk[0][1].summary())
a = rdpcap(CAP)
for p in a[:6]:
    l = p
    names = []
    while l:
        names.append(l.name)
        l = l.payload
    n = p.lastlayer().payload
    print(names, repr(n), len(n), n.name, n.summary(), n.haslayer(TCP), n.getlayer(TCP), bool(n), n.fields, bytes(n), TCP in n, str(n), n == p.lastlayer().payload)
    if TCP in p:
        print(len(p[TCP].payload), bytes(p[TCP].payload)[:10], p[TCP].payload.name)

import io
b = io.StringIO()
w = csv.writer(b)
w.writerow(['a', 'b,c', 1])
w.writerow([2, 3, 'x"y'])
print(repr(b.getvalue()))
print('hello', 'world', file=b)
b.write('tail')
print(repr(b.getvalue()), b.tell())
b.seek(0)
print(repr(b.readline()), repr(b.read(3)), b.tell())
for line in io.StringIO('l1\nl2\nl3'):
    print(repr(line))
r = io.BytesIO(b'\x00\x01\x02\x03')
print(r.read(2), r.read(), r.read(), r.seek(1), r.read(1), r.getvalue())
r.seek(0, 2); r.write(b'zz'); print(r.getvalue())
with io.StringIO() as s:
    s.write('abc')
    print(s.getvalue())
try:
    s.getvalue()
except ValueError as e:
    print('closed', e)
rows = list(csv.reader(io.StringIO('x,y\n1,2\n')))
print(rows)
print(type(io.StringIO()).__name__ if False else 'ok')

with PcapReader(CAP) as r:
    for i, p in enumerate(r):
        if i == 2:
            break
    print(r.read_packet().summary())
    print(next(r).summary(), r.next().summary() if hasattr(r, 'next') else '')
    rest = r.read_all(3)
    print(len(rest), rest.listname if hasattr(rest, 'listname') else '', [q.summary() for q in rest])
    print(len(r.read_all()), r.linktype)
    try:
        r.read_packet()
    except EOFError:
        print("EOF")
    print(next(r, 'done'))

def gen(n):
    for i in range(n):
        yield i * i
g = gen(10)
for x in g:
    if x > 10:
        break
print(next(g), list(g))
g2 = (c for c in "abcdef")
for c in g2:
    if c == 'c': break
print(''.join(g2))
it = iter([1, 2, 3, 4])
for x in it:
    if x == 2: break
print(list(it))
g = gen(6)
for i, x in enumerate(g):
    if i == 2: break
print(list(g))
e = enumerate(gen(3), 1)
print(next(e), list(e))
print(list(enumerate('ab')), list(enumerate(gen(3))))
