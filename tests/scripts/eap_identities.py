# 802.1X audit in the style of the EAP identity harvesters: who tried to log in, with
# which EAP method, and did it work (samples/8021x.pcap: hostapd and wpa_supplicant).
import csv
import sys
from collections import Counter, OrderedDict

pkts = rdpcap("samples/8021x.pcap")
identities = OrderedDict()
methods = Counter()
outcome = {}
last_id = None
for p in pkts:
    if not p.haslayer(EAP):
        if EAPOL in p:
            print("EAPOL", p[EAPOL].type, p.sprintf("%EAPOL.type%"), p[EAPOL].len)
        continue
    e = p[EAP]
    if e.code == 2 and e.type == 1:
        last_id = e.identity.decode()
        identities.setdefault(last_id, p[Ether].src)
    elif e.code in (1, 2):
        methods[(last_id, e.__class__.__name__, e.name)] += 1
    else:
        outcome[last_id] = "success" if e.code == 3 else "failure"
    print(e.code, e.id, e.len, isinstance(e, EAP), 'EAP' in p, type(e).__name__, p.summary())
for cls in (EAP_TLS, EAP_PEAP, EAP_TTLS, EAP_MD5):
    hits = [p for p in pkts if cls in p]
    print(cls.__name__, len(hits), sum(len(p[cls]) for p in hits))
tls = [p[EAP_TLS] for p in pkts if EAP_TLS in p]
print([(t.L, t.M, t.S, len(t.tls_data)) for t in tls])
print([t.tls_message_len for t in tls if t.L])
w = csv.writer(sys.stdout)
w.writerow(["identity", "mac", "result"])
for ident, mac in identities.items():
    w.writerow([ident, mac, outcome.get(ident, "?")])
for k, v in sorted(methods.items(), key=lambda kv: str(kv[0])):
    print(k, v)
