"""Top talkers with the class features real scripts use: decorators, properties,
class and static methods, operators defined by the class, generators taken lazily."""
import functools
import operator
from collections import Counter


def timed(label):
    def outer(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            return "%s: %s" % (label, fn(*args, **kwargs))
        return inner
    return outer


class Flow(object):
    def __init__(self, src, dst, pkts=0, size=0):
        self.src = src
        self.dst = dst
        self.pkts = pkts
        self.size = size

    @property
    def key(self):
        return "%s->%s" % (self.src, self.dst)

    @property
    def mean(self):
        return self.size / self.pkts if self.pkts else 0

    @mean.setter
    def mean(self, value):
        raise ValueError("mean is computed")

    @staticmethod
    def fmt(n):
        return "{:,}".format(n)

    @classmethod
    def from_packet(cls, p):
        return cls(p[IP].src, p[IP].dst, 1, len(p))

    def __add__(self, other):
        return Flow(self.src, self.dst, self.pkts + other.pkts, self.size + other.size)

    def __iadd__(self, other):
        self.pkts += other.pkts
        self.size += other.size
        return self

    def __radd__(self, other):
        return self if other == 0 else NotImplemented

    def __lt__(self, other):
        return (self.size, self.key) < (other.size, other.key)

    def __neg__(self):
        return Flow(self.dst, self.src, self.pkts, self.size)

    def __repr__(self):
        return "Flow(%r, %r, pkts=%d)" % (self.src, self.dst, self.pkts)


@timed("flows")
def count(path):
    flows = {}
    for p in rdpcap(path):
        if IP in p:
            f = Flow.from_packet(p)
            if f.key in flows:
                flows[f.key] += f
            else:
                flows[f.key] = f
    return len(flows)


def packets_of(path, layer):
    for p in rdpcap(path):
        if layer in p:
            yield p


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@functools.lru_cache
def service(port):
    return {53: "dns", 80: "http", 443: "https"}.get(port, "other")


print(count("samples/blogexample.pcap"))
flows = {}
for p in rdpcap("samples/blogexample.pcap"):
    if IP in p:
        f = Flow.from_packet(p)
        flows[f.key] = flows[f.key] + f if f.key in flows else f
for f in sorted(flows.values(), reverse=True):
    print(f.key.ljust(24), Flow.fmt(f.size).rjust(6), f.pkts, round(f.mean, 1), -f)
try:
    f.mean = 3
except ValueError as e:
    print("ValueError:", e)
total = functools.reduce(operator.add, flows.values())
print(total, total.size, Flow.fmt(10 ** 6))

gen = packets_of("samples/blogexample.pcap", UDP)
print(type(gen).__name__, next(gen).summary())
print(next(gen).summary())
print(sum(1 for _ in gen), "more")
sizes = (len(p) for p in rdpcap("samples/blogexample.pcap"))
print(next(sizes), next(sizes), max(sizes))
it = iter([3, 1, 2])
print(next(it), list(it), next(it, "end"))

print(fib(80), [service(p) for p in (53, 80, 8080)])
by_port = Counter(p[TCP].dport for p in rdpcap("samples/blogexample.pcap") if TCP in p)
print(sorted(by_port.items(), key=operator.itemgetter(1, 0), reverse=True)[:3])
get = operator.attrgetter("src", "dst")
print(get(Flow("a", "b")), operator.itemgetter(2)("xyz"))
hex16 = functools.partial(int, base=16)
print(hex16("ff"), hex16("10"), functools.partial(max, 4)(2, 9))
seen = {Flow("a", "b"): 1}
print(len(seen), Flow in {Flow: 1})
