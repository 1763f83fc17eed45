# Integers beyond 64 bits, as analysis scripts meet them: IPv6 addresses as numbers,
# 64-bit hashes, byte counters, masks.
import ipaddress
import struct
import sys
from collections import Counter

FNV_OFFSET = 0xcbf29ce484222325
FNV_PRIME = 0x100000001b3


def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h ^= b
        h = (h * FNV_PRIME) % 2**64
    return h


def prefix64(addr):
    n = int.from_bytes(ipaddress.ip_address(addr).packed, 'big')
    return ipaddress.IPv6Address(n >> 64 << 64)


pkts = rdpcap(sys.argv[1] if len(sys.argv) > 1 else 'samples/mixed.pcap')
prefixes = Counter()
flows = {}
total = 0
for p in pkts:
    total += len(p)
    if IPv6 not in p:
        continue
    src = p[IPv6].src
    prefixes[str(prefix64(src))] += 1
    key = fnv1a64(bytes(p[IPv6])[8:40])
    flows[key] = flows.get(key, 0) + 1
    n = int(ipaddress.ip_address(src))
    print(src, n, hex(n), n.bit_length(), n % 65521, n // 2**96, n & 0xffff)

for pfx, count in prefixes.most_common():
    print("%-24s %d" % (pfx, count))
for key in sorted(flows):
    print("%016x %d" % (key, flows[key]), key > 2**63, -key)

big = 1 << 100
print(big, big - 1, -big, big // 3, big % 1000007, big / 7, big * big)
print(2**64 - 1, struct.unpack('>Q', b'\xff' * 8)[0], struct.pack('>Q', 2**64 - 1))
print(int('f' * 32, 16), int('-123456789012345678901234567890'), 10**20 + 0.5)
print('{:,}'.format(total * 2**70), '{:>45}|'.format(2**120), '{:#x}'.format(2**80))
print(sum(2**62 for _ in range(8)), max(2**70, 3, -2**80), sorted([2**65, 1, -2**65]))
print(hash(2**100), hash((6, 2**70)), 0xffffffffffffffffffff, 0o777, 0b1011)
print(round(2**70), round(123456, -3), abs(-2**63), -(-2**63), ~(2**64))

# Where Python refuses a huge integer, with its errors.
tries = [
    ("[0] * 2**70", lambda: [0] * 2**70),
    ("[1, 2][2**70]", lambda: [1, 2][2**70]),
    ("chr(2**70)", lambda: chr(2**70)),
    ("[1, 2, 3][:2**70]", lambda: [1, 2, 3][:2**70]),
    ("float(10**400)", lambda: float(10**400)),
    ("10**400 / 3", lambda: 10**400 / 3),
    ("struct.pack('>Q', 2**64)", lambda: struct.pack('>Q', 2**64)),
    ("struct.pack('<I', -1)", lambda: struct.pack('<I', -1)),
    ("(2**70).to_bytes(8, 'big')", lambda: (2**70).to_bytes(8, 'big')),
]
for text, f in tries:
    try:
        print(text, '->', f())
    except Exception as e:
        print(text, type(e).__name__, e)
