# A seeded random module draws what Python's draws: sampling packets for a quick look,
# shuffling, synthetic IDs (Mersenne Twister and Python's algorithms on top of it).
import random
from random import randint, choice

random.seed(42)
a = rdpcap("samples/mixed.pcap")
print([round(random.random(), 12) for _ in range(3)])
print([randint(1, 6) for _ in range(10)], random.randint(-5, 5))
print(random.randrange(10), random.randrange(0, 100, 7), random.randrange(50, 0, -3))
print(hex(random.getrandbits(32)), random.getrandbits(64), random.getrandbits(128), random.getrandbits(7))
picked = random.sample(range(len(a)), 5)
print(picked)
for i in sorted(picked):
    print(i, a[i].summary())
print(choice("abcdef"), choice([p.summary() for p in a[:4]]))
x = list(range(20))
random.shuffle(x)
print(x)
print(random.choices("abc", k=5), random.choices([1, 2, 3], weights=[10, 1, 1], k=6))
print(random.sample(range(10000), 8))
print(round(random.uniform(10, 20), 9))
for s in (0, 1, 2**40, 2**70 + 3, -7, "pcapsh", b"bytes"):
    random.seed(s)
    print(repr(s), random.randint(0, 10**6), random.random())
random.seed(7)
counts = {}
for _ in range(1000):
    k = random.choice("ACGT")
    counts[k] = counts.get(k, 0) + 1
print(sorted(counts.items()))
