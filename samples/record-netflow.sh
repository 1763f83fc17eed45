#!/usr/bin/env bash
# Records samples/netflow.pcap and samples/netflow9.pcap: NetFlow exports from softflowd of real
# traffic (pings, UDP datagrams, an HTTP download) between two network namespaces
# joined by a veth pair. The traffic is recorded first; softflowd then reads it (-r:
# reading a live veth, softflowd 1.1 receives packets but never processes them) and
# exports its flows to UDP 2055 (v5) and 9995 (v1), for netflow.pcap, and 9996 (v9) and
# 2056 (IPFIX), for netflow9.pcap, on the server, where tcpdump records only the exports
# (a collector there takes them).
# Run as root:  bash samples/record-netflow.sh [OUTDIR]
# Needs: iproute2 iputils-ping tcpdump softflowd python3 curl.
#
#   ns "pcapsh-nfa" (va, 10.96.0.1) <-- veth --> ns "pcapsh-nfb" (vb, 10.96.0.2)
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
. "$(dirname "$0")/netns.sh"
netns_pair pcapsh-nfa va 02:00:00:4f:00:01 10.96.0.1/24 pcapsh-nfb vb 02:00:00:4f:00:02 10.96.0.2/24
A=pcapsh-nfa B=pcapsh-nfb

head -c 30000 /dev/urandom > "$work/blob"
ip netns exec $A tcpdump -q -i va -U -w "$work/traffic.pcap" 2>/dev/null &
(cd "$work" && exec ip netns exec $B python3 -m http.server 8080 --bind 10.96.0.2) >/dev/null 2>&1 &
sleep 1
ip netns exec $A ping -c 3 -i 0.2 10.96.0.2 >/dev/null
for port in 5001 5002 5003; do
  echo "datagram to $port" | ip netns exec $A timeout 1 python3 -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(sys.stdin.buffer.read(), ('10.96.0.2', $port))" || true
done
ip netns exec $A curl -s -o /dev/null http://10.96.0.2:8080/blob
sleep 1
pkill -INT -f "tcpdump.*$work/traffic" || true
sleep 1
ip netns exec $B tcpdump -q -i vb -U -w "$work/netflow.pcap" 'udp port 2055 or udp port 9995 or udp port 9996 or udp port 2056' 2>/dev/null &
# A collector that takes the exports (without one, ICMP errors stall softflowd).
ip netns exec $B python3 -c "
import socket, select
socks = []
for port in (2055, 9995, 9996, 2056):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('10.96.0.2', port))
    socks.append(s)
while True:
    for s in select.select(socks, [], [])[0]:
        s.recv(65536)
" &
sleep 1
# Two exports of the same flows: version 5 to port 2055, version 1 to port 9995.
ip netns exec $A softflowd -D -r "$work/traffic.pcap" -n 10.96.0.2:2055 -v 5 >/dev/null 2>&1
ip netns exec $A softflowd -D -r "$work/traffic.pcap" -n 10.96.0.2:9995 -v 1 >/dev/null 2>&1
# And as templates and data flowsets: version 9 to port 9996, IPFIX (10) to port 2056.
ip netns exec $A softflowd -D -r "$work/traffic.pcap" -n 10.96.0.2:9996 -v 9 >/dev/null 2>&1
ip netns exec $A softflowd -D -r "$work/traffic.pcap" -n 10.96.0.2:2056 -v 10 >/dev/null 2>&1
sleep 1
pkill -INT -f "tcpdump.*$work" || true
sleep 1
tcpdump -r "$work/netflow.pcap" -w "$out/netflow.pcap" 'udp port 2055 or udp port 9995' 2>/dev/null
tcpdump -r "$work/netflow.pcap" -w "$out/netflow9.pcap" 'udp port 9996 or udp port 2056' 2>/dev/null
echo "wrote $out/netflow.pcap and $out/netflow9.pcap"
