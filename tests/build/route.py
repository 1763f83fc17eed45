# Building with the addresses Scapy looks up on this machine: the source address and
# interface MAC of the route to the destination, loopback and multicast defaults.
# tests/suite/build.rs runs this under real Scapy 2.8.0 and under pcapsh, on the same
# machine, and compares.
for p in [IP(dst='10.0.0.1')/TCP(dport=80), IP()/ICMP(), IP(dst='224.0.0.251')/UDP(dport=5353),
          IPv6(dst='::1')/TCP(), Ether()/IP()/UDP(), Ether()/ARP(), ARP(pdst='127.0.0.1'),
          Ether()/IP(dst='224.0.0.1')/ICMP(), Ether()/IPv6(dst='ff02::1')/ICMPv6EchoRequest()]:
    print(p.summary())
    print(repr(p))
    print(raw(p).hex())
    p.show()
print(IP().src, IP(dst='10.0.0.1').src, IPv6().src, Ether().src)
