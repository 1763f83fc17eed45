import sys, json, hashlib, ipaddress
from collections import Counter
from scapy.all import rdpcap, IP, TCP, UDP, Raw


def classify(addr):
    ip = ipaddress.ip_address(addr)
    if ip.is_multicast:
        return "multicast"
    return "private" if ip.is_private else "public"


def report(path):
    pkts = rdpcap(path)
    kinds = Counter()
    digests = set()
    ports = Counter()
    for p in pkts:
        if IP not in p:
            continue
        kinds[classify(p[IP].src)] += 1
        if Raw in p:
            digests.add(hashlib.md5(bytes(p[Raw].load)).hexdigest()[:12])
        l4 = p[TCP] if TCP in p else (p[UDP] if UDP in p else None)
        if l4 is not None:
            ports[min(l4.sport, l4.dport)] += 1
    out = {
        "file": path.split("/")[-1],
        "packets": len(pkts),
        "sources": dict(sorted(kinds.items())),
        "distinct_payloads": len(digests),
        "top_ports": ports.most_common(3),
    }
    print(json.dumps(out, indent=2, sort_keys=True))


if __name__ == "__main__":
    for path in sys.argv[1:]:
        report(path)
