#!/usr/bin/env python3
# SNMP audit: which managers used which community strings, what they asked for, and
# what the agents answered (samples/snmp.pcap, recorded by samples/record-snmp.sh).
import sys
from collections import Counter, defaultdict
from scapy.all import *

pcap = sys.argv[1] if len(sys.argv) > 1 else 'samples/snmp.pcap'
packets = rdpcap(pcap)
communities = Counter()
asked = defaultdict(set)
errors = []

def value_text(v):
    if v is None:
        return '-'
    if isinstance(v.val, bytes):
        return v.val.decode('utf-8', 'replace')
    return str(v.val)

for n, pkt in enumerate(packets):
    if not pkt.haslayer(SNMP):
        continue
    snmp = pkt[SNMP]
    pdu = snmp.PDU
    kind = pdu.__class__.__name__
    community = snmp.community.val.decode()
    communities[(pkt[IP].src, community)] += 1
    print("%3d %-15s v%s %-8s %-12s %d varbind(s)" % (n, pkt[IP].src, snmp.version.val, community, kind, len(pdu.varbindlist)))
    if isinstance(pdu, (SNMPget, SNMPnext, SNMPbulk)):
        for vb in pdu.varbindlist:
            asked[pkt[IP].src].add(vb.oid.val)
    if isinstance(pdu, SNMPresponse):
        if pdu.error.val != 0:
            errors.append((n, pdu.error.val, pdu.error_index.val))
        for vb in pdu.varbindlist:
            flags = [f for f in ('noSuchObject', 'noSuchInstance', 'endOfMibView') if getattr(vb, f) is not None]
            print("      %s = %s %s" % (vb.oid.val, value_text(vb.value), ' '.join(flags)))
    if SNMPtrapv1 in pkt:
        t = pkt[SNMPtrapv1]
        print("      trap from %s enterprise %s generic %s specific %s at %s" % (
            t.agent_addr.val, t.enterprise.val, t.generic_trap.val, t.specific_trap.val, t.time_stamp.val))
    if kind == 'SNMPtrapv2':
        for vb in pdu.varbindlist:
            print("      %-40s %-16s %r" % (vb.oid.val, type(vb.value).__name__, vb.value))

print()
for (src, c), k in sorted(communities.items()):
    print(src, repr(c), k)
for src, oids in sorted(asked.items()):
    print(src, len(oids), sorted(oids)[:3])
print('errors:', errors)
first = packets[0][SNMP]
print(repr(first.version), repr(first.community), first.version == 0, first.community == b'public')
print(str(first.community).encode(), first[SNMPvarbind].oid)
print(first.PDU.id.val > 0, first.PDU.varbindlist[0].value)
