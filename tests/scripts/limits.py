# Edges where pcapsh once panicked or hung: exact times, int(), formats, recursion,
# containers that hold themselves, long string building. Scapy 2.8.0 prints the answers.
a = rdpcap('samples/blogexample.pcap')
t0, t1 = a[0].time, a[-1].time
mean = (t1 - t0) / len(a)
print(mean, float(mean), round(mean, 2), mean < 1, '%.3f' % mean, '%.30f' % mean)
print(t0 * 1.5, t0 + 0.1, t0 - 0.5, t0 * t1, t0 // 7, t0 % 7, t0 * 3, -t0)
print(sorted([t1, t0])[0] == t0, t1 - t0 > 0.5, int(t1), float(t1 - t0))

for text, base in [('0x1f', 0), ('-0b101', 0), (' 12 ', 10), ('ff', 16), ('0xff', 16),
                   ('1_000', 10), ('017', 0), ('12', 40), ('z', 36), ('', 10), ('0o17', 8)]:
    try:
        print(text, base, int(text, base))
    except ValueError as e:
        print(text, base, 'ValueError', e)

inf, nan = float('inf'), float('nan')
print('%e|%E|%f|%F|%g|%G|%10.3e|%-6f|' % (inf, inf, -inf, nan, nan, inf, -inf, inf))
print('{:e} {:.2f} {:g} {:>8}'.format(inf, -inf, nan, inf))
print(len('%.70000f' % 1.5), ('%.3000e' % 2.5)[-8:], len('{:.5000f}'.format(0.1)))


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(900))


def forever(n):
    return forever(n + 1)


try:
    forever(0)
except RecursionError as e:
    print('RecursionError', e)

x = [1, 2]
x.append(x)
d = {'k': 1}
d['self'] = d
print(x, d, x == x, len(x))
print(repr(x), str(d))

s = ''
for i in range(100000):
    s += '%05d,' % i
print(len(s), s[-12:])
parts = []
for i in range(1000):
    parts.append(str(i))
print(len(','.join(parts)))
