# An access-point scanner as wifi tutorials write it: beacons and probe responses,
# their SSID, channel and security, the signal radiotap reports, and a count of frame
# types. Run by tests/suite/layers.rs on ../shared/captures; make.sh records Scapy's.
import sys
from collections import Counter
from scapy.all import *

networks = {}
kinds = Counter()
for p in rdpcap(sys.argv[1]):
    if not p.haslayer(Dot11):
        continue
    d = p[Dot11]
    kinds[(d.type, d.subtype)] += 1
    if p.haslayer(Dot11Beacon) or p.haslayer(Dot11ProbeResp):
        ssid = p[Dot11Elt].info.decode(errors="replace")
        channel = None
        elt = p[Dot11Elt]
        while isinstance(elt, Dot11Elt):
            if elt.ID == 3:
                channel = ord(elt.info)
            elt = elt.payload
        crypto = "WPA" if p.haslayer(Dot11EltMicrosoftWPA) else ("RSN" if p.haslayer(Dot11EltRSN) else "open")
        signal = p.dBm_AntSignal if p.haslayer(RadioTap) and "dBm_AntSignal" in p[RadioTap].present else None
        networks[d.addr2] = (ssid, channel, crypto, signal)
        body = p[Dot11Beacon] if p.haslayer(Dot11Beacon) else p[Dot11ProbeResp]
        print(body.network_stats())
    if d.FCfield & 0x40:
        print("protected", d.addr2, "->", d.addr1, d.FCfield, p.lastlayer().__class__.__name__)
    if d.FCfield.retry:
        print("retry", d.addr1)
    if isinstance(d, Dot11FCS):
        print("fcs %#x" % d.fcs, d.sprintf("%Dot11FCS.addr1%"))
for bssid, (ssid, channel, crypto, signal) in sorted(networks.items()):
    print("%-17s %-12s ch=%s %s %s" % (bssid, ssid, channel, crypto, signal))
for (t, s), n in sorted(kinds.items()):
    print(t, s, n)
print([r for r in [p[Dot11EltRates].rates for p in rdpcap(sys.argv[1]) if Dot11EltRates in p][:2]])
