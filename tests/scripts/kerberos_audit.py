#!/usr/bin/env python3
# Kerberos and LDAP audit (samples/kerberos.pcap, recorded by samples/record-kerberos.sh):
# who asked the KDC for which tickets, which errors it gave and why, the encryption
# types offered, then what the LDAP clients bound as, searched for and got back.
import sys
from collections import Counter, defaultdict
from scapy.all import *
from scapy.layers.kerberos import KRB_AS_REQ, KRB_TGS_REQ, KRB_ERROR, PADATA, KPASSWD_REQ, KPASSWD_REP
from scapy.layers.ldap import LDAP, LDAP_BindRequest, LDAP_SearchRequest

pcap = sys.argv[1] if len(sys.argv) > 1 else 'samples/kerberos.pcap'
pkts = rdpcap(pcap)


def principal(pn):
    if pn is None:
        return '-'
    return '/'.join(s.val.decode() for s in pn.nameString)


messages = Counter()
etypes = Counter()
errors = []
padata = Counter()
for p in pkts:
    if Kerberos not in p:
        continue
    root = p[Kerberos].root
    messages[root.__class__.__name__] += 1
    transport = 'tcp' if KerberosTCPHeader in p else 'udp'
    if isinstance(root, (KRB_AS_REQ, KRB_TGS_REQ)):
        body = root.reqBody
        for e in body.etype:
            etypes[e.val] += 1
        print('%-11s %s %-8s -> %-28s realm=%s nonce=%d' % (
            root.__class__.__name__, transport, principal(body.cname),
            principal(body.sname), body.realm.val.decode(), body.nonce.val))
    if isinstance(root, KRB_ERROR):
        errors.append((root.errorCode.val, principal(root.sname), root.stime.val))
    elif not isinstance(root, (KRB_AS_REQ, KRB_TGS_REQ)):
        for pa in (root.padata or []):
            padata[pa.padataType.val] += 1

print('messages:', sorted(messages.items()))
print('etypes offered:', etypes.most_common())
print('padata types:', sorted(padata.items()))
for code, sname, when in errors:
    print('error %d for %s at %s' % (code, sname, when))

# Password changes: the service the AP-REQ is for, and the reply's lengths.
for p in pkts:
    if KPASSWD_REQ in p:
        req = p[KPASSWD_REQ]
        print('kpasswd request: pvno=%#x ap-req %d bytes for %s, krb-priv %s' % (
            req.pvno, req.apreqlen, principal(req.apreq.ticket.sname),
            req.krbpriv.__class__.__name__))
    elif KPASSWD_REP in p:
        rep = p[KPASSWD_REP]
        print('kpasswd reply: len=%d ap-rep %d bytes' % (rep.len, rep.apreplen))

binds = []
searches = defaultdict(list)
results = Counter()
for p in pkts:
    layer = p.getlayer(LDAP)
    while isinstance(layer, LDAP):
        op = layer.protocolOp
        name = op.__class__.__name__
        if isinstance(op, LDAP_BindRequest):
            auth = op.authentication
            kind = auth.__class__.__name__
            binds.append((layer.messageID.val, op.bind_name.val.decode() or '(anonymous)', kind))
        elif isinstance(op, LDAP_SearchRequest):
            attrs = [a.type.val.decode() for a in op.attributes]
            searches[op.baseObject.val.decode()].append((op.scope.val, op.filter.filter.__class__.__name__, attrs))
        elif hasattr(op, 'resultCode'):
            results[(name, op.resultCode.val)] += 1
        layer = layer.payload
print('binds:')
for b in binds:
    print('  ', b)
print('searches:')
for base, items in sorted(searches.items()):
    for item in items:
        print('  ', repr(base), item)
print('results:')
for k, v in sorted(results.items()):
    print('  ', k, v)
