# HTTP as analysis scripts read it: the layer switched on by import, request and
# response fields, unknown headers, the body, summaries and show().
from scapy.layers.http import HTTPRequest, HTTPResponse, HTTP
from collections import Counter

hosts = Counter()
for f in ['samples/mixed.pcap', 'samples/mixed-ns.pcap', 'samples/blogexample.pcap']:
    for i, p in enumerate(rdpcap(f)):
        if p.haslayer(HTTP):
            print(i, p.summary())
        if p.haslayer(HTTPRequest):
            req = p[HTTPRequest]
            hosts[req.Host] += 1
            print(req.Method.decode(), req.Path, req.Http_Version, req.Host, req.User_Agent)
            print(req.Accept, req.Cookie, req.Unknown_Headers)
            print(repr(p[HTTP]))
        if HTTPResponse in p:
            r = p[HTTPResponse]
            print(r.Status_Code, r.Reason_Phrase, r.Content_Type, r.Content_Length, r.Server)
            if p.haslayer(Raw):
                print(len(p[Raw].load), p[Raw].load[:60])
print(hosts.most_common())
a = rdpcap('samples/mixed.pcap')
reqs = [p for p in a if HTTPRequest in p]
reqs[0].show()
reqs[0][HTTP].show()
print(reqs[0][HTTPRequest].summary())
print(reqs[0].sprintf('%HTTPRequest.Method% %HTTPRequest.Host%'))
