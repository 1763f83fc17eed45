#!/usr/bin/env python3
# IKE audit: who negotiated with whom, which proposals and vendors they offered, what was
# refused, and which identities went in the clear (samples/ike.pcap, recorded by
# samples/record-ike.sh).
import argparse
from collections import Counter, OrderedDict
from scapy.all import *

parser = argparse.ArgumentParser(description='Summarise IKE negotiations')
parser.add_argument('pcap', nargs='?', default='samples/ike.pcap')
parser.add_argument('--verbose', '-v', action='store_true')
args = parser.parse_args()

sessions = OrderedDict()
vendors = Counter()
notifies = Counter()
kinds = Counter()


def payloads(isakmp):
    """The payload layers after an ISAKMP header, as a list."""
    out = []
    pl = isakmp.payload
    while pl and not isinstance(pl, (Raw, Padding)):
        out.append(pl)
        pl = pl.payload
    return out


for p in rdpcap(args.pcap):
    if ISAKMP not in p:
        continue
    h = p[ISAKMP]
    key = h.init_cookie.hex() if isinstance(h.init_cookie, bytes) else h.init_cookie
    s = sessions.setdefault(key, {'peers': (p[IP].src, p[IP].dst), 'packets': 0,
                                  'exchanges': [], 'version': h.version})
    s['packets'] += 1
    ex = h.sprintf('%exch_type%')
    if ex not in s['exchanges']:
        s['exchanges'].append(ex)
    enc = 'encrypted' if h.flags & 1 else 'clear'
    names = [x.__class__.__name__.replace('ISAKMP_payload_', '') for x in payloads(h)]
    kinds[enc] += 1
    if args.verbose:
        print(p[UDP].sport, p[UDP].dport, hex(h.version), ex, enc, '/'.join(names) or '-')
    for x in payloads(h):
        if isinstance(x, ISAKMP_payload_VendorID):
            vendors[x.sprintf('%VendorID%')[:60]] += 1
        elif isinstance(x, ISAKMP_payload_Notify):
            notifies[x.sprintf('%notify_msg_type%')] += 1
        elif isinstance(x, ISAKMP_payload_ID):
            print('  identity in the clear:', x.IDtype, x.IdentData)
        elif isinstance(x, ISAKMP_payload_SA):
            prop = x.prop
            while prop is not None and isinstance(prop, ISAKMP_payload_Proposal):
                t = prop.trans
                n = 0
                while isinstance(t, ISAKMP_payload_Transform):
                    n += 1
                    if n <= 3:
                        print('  proposal %d transform %d: %s' % (prop.proposal, t.transform_count, t.transforms))
                    t = t.payload
                print('  proposal %d (%s): %d transforms' % (prop.proposal, prop.sprintf('%proto%'), n))
                prop = prop.payload if prop.payload else None

print()
for k, s in sessions.items():
    print(k, '%s -> %s' % s['peers'], 'v%#x' % s['version'], s['packets'], ', '.join(s['exchanges']))
print('vendors:')
for v, n in vendors.most_common():
    print('  %3d %s' % (n, v))
print('notifies:', dict(notifies))
print('payloads:', sorted(kinds.items()))
print(len([p for p in rdpcap(args.pcap) if NON_ESP in p]), 'IKE messages on port 4500')
