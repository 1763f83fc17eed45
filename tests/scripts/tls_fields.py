# TLS as scripts read it once loaded: records, handshake messages and their
# extensions, found with haslayer / p[X] / isinstance, and show().
load_layer("tls")
from collections import Counter

types = Counter()
for f in ['samples/mixed.pcap', 'samples/blogexample.pcap']:
    pkts = rdpcap(f)
    for i, p in enumerate(pkts):
        if not p.haslayer(TLS):
            continue
        print(i, p.summary())
        rec = p[TLS]
        types[rec.type] += 1
        print(' ', rec.type, rec.version, rec.len, [m.name for m in rec.msg])
        if TLSClientHello in p:
            ch = p[TLSClientHello]
            print('  hello', ch.version, ch.sidlen, len(ch.ciphers), ch.ciphers[:4], ch.comp)
            for e in ch.ext:
                print('   ext', e.type, e.len, e.name)
                if isinstance(e, TLS_Ext_ALPN):
                    print('   alpn', [x.protocol for x in e.protocols])
            if p.haslayer(TLS_Ext_SupportedVersion_CH):
                print('  versions', p[TLS_Ext_SupportedVersion_CH].versions)
            if p.haslayer(TLS_Ext_ServerName):
                print('  sni', p[TLS_Ext_ServerName].servernames[0].servername)
        if p.haslayer(TLSServerHello):
            sh = p[TLSServerHello]
            print('  server', sh.version, sh.cipher, sh.comp, [e.name for e in sh.ext])
print(sorted(types.items()))
a = rdpcap('samples/mixed.pcap')
hellos = [p for p in a if TLSClientHello in p]
hellos[0][TLS].show()
print(repr(hellos[0][TLSClientHello].ext[0]))
# A segment that does not start a record is Scapy's _TLSEncryptedContent, which
# matches Raw (match_subclass): payload scripts read it as p[Raw].load.
for p in a:
    if 'Encrypted' in p.summary() or p.haslayer(Raw):
        print(p.summary(), Raw in p, TLS in p, len(p[Raw].load), type(p[Raw]).__name__)
