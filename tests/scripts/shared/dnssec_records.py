# DNSSEC and zone records from a resolver's capture (../shared/captures, zeek's EDNS
# client-subnet test): the typed record classes Scapy dissects, found by class and read
# by field, as a zone-checking script reads them.
import sys
from collections import Counter
from scapy.all import *

path = sys.argv[1] if len(sys.argv) > 1 else '../shared/captures/zeek-dns-edns-ecs.pcap'
pkts = rdpcap(path)
kinds = Counter()
for p in pkts:
    if not p.haslayer(DNS):
        continue
    for cls in (DNSRRSOA, DNSRRMX, DNSRRSRV, DNSRRRSIG, DNSRRDS, DNSRRDNSKEY,
                DNSRRNSEC, DNSRRNSEC3, DNSRRNSEC3PARAM, DNSRRTSIG, DNSRROPT):
        if cls in p:
            kinds[cls.__name__] += 1
print(sorted(kinds.items()))

for p in pkts:
    if DNSRRSOA in p:
        soa = p[DNSRRSOA]
        print("SOA", soa.rrname, soa.mname, soa.rname, soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum)
        break
for p in pkts:
    if DNSRRRSIG in p:
        r = p[DNSRRRSIG]
        print("RRSIG", r.typecovered, r.algorithm, r.labels, r.originalttl, r.expiration, r.inception, r.keytag, r.signersname, len(r.signature))
        break
keys = set()
for p in pkts:
    if DNSRRDNSKEY in p:
        k = p[DNSRRDNSKEY]
        keys.add((k.rrname, k.protocol, k.algorithm, len(k.publickey)))
print("DNSKEY", sorted(keys))
for p in pkts:
    if DNSRRDS in p:
        d = p[DNSRRDS]
        print("DS", d.keytag, d.algorithm, d.digesttype, d.digest.hex())
        break
for p in pkts:
    if DNSRRNSEC3 in p:
        n = p[DNSRRNSEC3]
        print("NSEC3", n.hashalg, n.flags, n.iterations, n.saltlength, n.hashlength, n.typebitmaps)
        break
for p in pkts:
    if p.haslayer(DNSRRTSIG):
        t = p[DNSRRTSIG]
        print("TSIG", t.algo_name, t.time_signed, t.fudge, t.mac_len, t.mac_data.hex()[:16], t.original_id, t.error, t.other_len)
        break
