# Building packets as a Scapy lesson does: layers with fields by name, stacked with /,
# Scapy's defaults and computed fields; bytes, show(), show2(), summary(), repr(),
# command(), hexdump() and ls() of each. Addresses are given (or loopback defaults), so
# the output does not depend on this machine's routes.

def look(p):
    print(p.summary())
    print(repr(p))
    print(p.command())
    print(raw(p).hex())
    p.show()
    p.show2()


# Ether / IP / TCP with options and a payload
look(Ether(src='00:11:22:33:44:55', dst='66:77:88:99:aa:bb')/IP(src='1.2.3.4', dst='5.6.7.8', ttl=7, flags='DF')/TCP(sport=1234, dport=80, flags='SA', options=[('MSS', 1460), ('SAckOK', b''), ('Timestamp', (1, 2)), ('NOP', None), ('WScale', 7)])/Raw(load=b'GET / HTTP/1.0\r\n\r\n'))
hexdump(Ether(src='00:11:22:33:44:55', dst='66:77:88:99:aa:bb')/IP(src='1.2.3.4', dst='5.6.7.8')/TCP())

# IP / UDP / DNS: a query, a response with records, DNS over TCP
look(IP()/UDP()/DNS(qd=DNSQR(qname='example.org')))
look(IP(src='10.0.0.53', dst='10.0.0.1')/UDP(sport=53, dport=33333)/DNS(id=7, qr=1, aa=1, rd=1, ra=1, qd=DNSQR(qname='www.example.org', qtype='AAAA'), an=[DNSRR(rrname='www.example.org', type='CNAME', ttl=300, rdata='web.example.org'), DNSRR(rrname='web.example.org', type='A', ttl=60, rdata='93.184.216.34'), DNSRR(rrname='web.example.org', type='AAAA', rdata='2001:db8::1'), DNSRR(rrname='web.example.org', type='TXT', rdata=['v=spf1', '-all'])]))
look(IP(src='10.1.2.4', dst='10.1.2.3')/TCP(sport=5353, dport=53, flags='PA')/DNS(qd=DNSQR(qname='example.com', qtype='MX')))
print(DNS().command(), repr(DNS(id=3)))

# ICMP echo, errors quoting a packet, timestamps left out
look(IP(src='192.168.0.1', dst='192.168.0.2')/ICMP(id=0x42, seq=3)/b'abcdefgh')
look(IP(src='192.168.0.2', dst='192.168.0.1')/ICMP(type='echo-reply', id=0x42, seq=3))
look(IP(src='1.1.1.1', dst='2.2.2.2')/ICMP(type='dest-unreach', code=3)/IP(src='2.2.2.2', dst='1.1.1.1')/UDP(sport=1, dport=2))
look(IP(src='1.1.1.1', dst='2.2.2.2')/ICMP(type=11)/IP(src='2.2.2.2', dst='9.9.9.9', ttl=1)/ICMP())

# IPv6 / TCP, IPv6 / UDP, ICMPv6 echo
look(IPv6(src='2001:db8::1', dst='2001:db8::2', hlim=3)/TCP(sport=40000, dport=443, flags='S', seq=1000, options=[('MSS', 1440), ('NOP', None), ('WScale', 8), ('SAckOK', b''), ('Timestamp', (123, 0))]))
look(IPv6(src='fe80::1', dst='ff02::1:2')/UDP(sport=546, dport=547)/Raw(b'\x01\x02'))
look(IPv6(dst='::1')/ICMPv6EchoRequest(id=5, seq=1))
look(Ether(src='00:0a:0b:0c:0d:0e', dst='33:33:00:00:00:01')/IPv6(src='fe80::1', dst='ff02::1')/ICMPv6EchoReply(id=0x1234, seq=9, data=b'ping'))

# ARP and VLAN
look(Ether(src='00:0a:0b:0c:0d:0e', dst='ff:ff:ff:ff:ff:ff')/ARP(hwsrc='00:0a:0b:0c:0d:0e', psrc='192.168.1.1', pdst='192.168.1.2'))
look(Ether(src='00:0a:0b:0c:0d:0e', dst='00:01:02:03:04:05')/ARP(op='is-at', hwsrc='00:0a:0b:0c:0d:0e', psrc='192.168.1.1', hwdst='00:01:02:03:04:05', pdst='192.168.1.2'))
look(Ether(dst='00:01:02:03:04:05', src='00:0a:0b:0c:0d:0e')/Dot1Q(vlan=100, prio=3)/IP(src='192.168.1.1', dst='192.168.1.2')/UDP(sport=1000, dport=2000)/'hello')
look(Ether(dst='00:01:02:03:04:05', src='00:0a:0b:0c:0d:0e')/Dot1Q(vlan=10)/Dot1Q(vlan=20)/IP(src='10.0.0.1', dst='10.0.0.2')/ICMP())

# Layers alone, defaults, reading fields
look(TCP())
look(UDP(sport=1, dport=2)/b'x')
look(Raw(b'ab'))
print(repr(IP()), repr(TCP()), repr(Ether()), repr(IP()/"abc"), (IP()/"abc").summary())
print(repr(Ether().dst), repr(IP().src), repr(IP().chksum), repr(TCP().flags), repr(Ether().src), repr(IP().proto))
print((IP()/TCP()).proto, repr((IP()/TCP())[IP].proto), TCP(flags='S').command(), IP(flags='MF+DF').flags)

# Changing fields and building again
p = IP(src='10.0.0.2', dst='10.0.0.1')/TCP()
p[IP].ttl = 5
p[TCP].dport = 443
p.sport = 'ssh'
print(raw(p).hex(), p.ttl, p[TCP].dport, p.sport, p.flags, p[TCP].flags, p.chksum, len(p))
del p[IP].ttl
print(raw(p).hex(), p.ttl)
q = IP(raw(p))
print(q.chksum, q.len, q.ttl, repr(q))
q.ttl = 9
print(raw(q).hex())
del q.chksum
print(raw(q).hex())
print(q.command())
print(TCP in p, p.haslayer(UDP), p[TCP].summary(), p.getlayer(TCP).dport)
print([raw(IP(src='10.0.0.9', dst='10.0.0.%d' % i)/ICMP(seq=i)).hex() for i in range(3)])

# ls() of the common layers
for c in [Ether, Dot1Q, ARP, IP, IPv6, TCP, UDP, ICMPv6EchoRequest, ICMPv6EchoReply, DNS, DNSQR, DNSRR, Raw, Padding]:
    ls(c)
