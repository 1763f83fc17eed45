#!/usr/bin/env python3
# RADIUS audit: who logged in how, what the server answered, what the NAS accounted,
# and the EAP methods inside the requests (samples/radius.pcap, recorded by
# samples/record-radius.sh). Writes a CSV of the accounting records to stdout.
import csv
import sys
from collections import Counter, defaultdict
from scapy.all import *

pcap = sys.argv[1] if len(sys.argv) > 1 else 'samples/radius.pcap'
pkts = rdpcap(pcap)

requests = {}
answers = Counter()
methods = Counter()
eap_types = Counter()
accounting = []


def attr(r, name):
    for a in r.attributes:
        if a.name == name:
            return a.value
    return None


def login_method(r):
    names = set(a.name for a in r.attributes)
    if 'User-Password' in names:
        return 'PAP'
    if 'CHAP-Password' in names:
        return 'CHAP'
    if 'EAP-Message' in names:
        return 'EAP'
    for a in r.attributes:
        if a.name == 'Vendor-Specific' and a.vendor_id == 311:
            return 'MS-CHAP (type %d)' % a.vendor_type
    return '?'


for p in pkts:
    if not p.haslayer(Radius) or p.haslayer(IPerror):
        continue
    r = p[Radius]
    code = r.sprintf('%code%')
    if r.code == 1:
        user = attr(r, 'User-Name')
        requests[(p[IP].src, p[UDP].sport, r.id)] = user.decode() if user else '-'
        methods[(requests[(p[IP].src, p[UDP].sport, r.id)], login_method(r))] += 1
        if EAP in p:
            eap_types[p[EAP].sprintf('%code% %type%')] += 1
    elif r.code in (2, 3, 11):
        user = requests.get((p[IP].dst, p[UDP].dport, r.id), '?')
        answers[(user, code)] += 1
    elif r.code == 4:
        row = {'user': attr(r, 'User-Name').decode()}
        for a in r.attributes:
            if isinstance(a.value, int):
                row[a.name] = a.value
            elif a.name == 'Acct-Status-Type':
                row[a.name] = a.value
        status = [a for a in r.attributes if a.name == 'Acct-Status-Type'][0]
        row['status'] = status.sprintf('%value%')
        accounting.append(row)
    print('%-15s %5d  %s' % (p[IP].src, r.len, p[Radius].summary()))

print()
print('Logins:')
for (user, how), n in sorted(methods.items()):
    print('  %-10s %-22s %d' % (user, how, n))
print('Answers:')
for (user, code), n in sorted(answers.items()):
    print('  %-10s %-18s %d' % (user, code, n))
print('EAP in requests:', dict(eap_types))

# An EAP message longer than one attribute holds is split over several; Scapy joins them
# into the first.
big = [p for p in pkts if RadiusAttr_EAP_Message in p and p[RadiusAttr_EAP_Message].len == 255]
print('Packets with split EAP messages:', len(big))
for p in big[:3]:
    m = p[RadiusAttr_EAP_Message]
    print('  id %d: %d attributes, EAP length %d' % (p[Radius].id, len(p[Radius].attributes), m.value.len))

fields = ['user', 'status', 'Acct-Session-Time', 'Acct-Input-Octets', 'Acct-Output-Octets', 'NAS-Port']
w = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction='ignore', restval='')
w.writeheader()
for row in accounting:
    w.writerow(row)

vs = [a for p in pkts if Radius in p for a in p[Radius].attributes if a.type == 26]
for a in vs:
    print(a.vendor_id, a.vendor_type, a.vendor_len, repr(a.value)[:60])
