# A script's classes with Python's protocols: ==, <, len(), iteration, [], in.
class Flow(object):
    def __init__(self, src, dst, n):
        self.src, self.dst, self.n = src, dst, n

    def __eq__(self, other):
        return (self.src, self.dst) == (other.src, other.dst)

    def __lt__(self, other):
        return self.n < other.n

    def __repr__(self):
        return "Flow(%s>%s, %d)" % (self.src, self.dst, self.n)


class Table:
    def __init__(self):
        self.rows = []

    def add(self, row):
        self.rows.append(row)

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, i):
        return self.rows[i]

    def __contains__(self, row):
        return row in self.rows


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n


a = rdpcap('samples/blogexample.pcap')
t = Table()
for p in a:
    if IP in p:
        t.add(Flow(p[IP].src, p[IP].dst, len(p)))
print(len(t), t[0], t[-1])
print(t[0] == t[1], t[0] != t[2], t[0] == Flow(t[0].src, t[0].dst, 0))
print(t[0] < t[1], t[1] > t[0], Flow('a', 'b', 3) in t, t[2] in t)
print([f.n for f in t][:5], sum(1 for f in t if f.n > 100))
print(list(Countdown(4)), [x * 2 for x in Countdown(3)])
plain = Table()
print(plain == plain, plain == Table(), plain != Table())
flows = sorted(t, key=None)
print(flows[:3], min(t), max(t), sorted(t, reverse=True)[0])
