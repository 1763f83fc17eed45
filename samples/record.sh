#!/usr/bin/env bash
# Records the captures in samples/ from real programs talking across two network
# namespaces joined by a veth pair. Run as root:  bash samples/record.sh [OUTDIR]
# Needs: iproute2 tcpdump dumpcap(tshark) dnsmasq dig openssl curl python3 ping.
#
#   ns "pcapsh-c" (client) 10.99.0.1 fd99::1  <-- veth -->  ns "pcapsh-s" (server) 10.99.0.2 fd99::2
#
# Nothing leaves the two namespaces: every address used is on the veth pair.
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
C=pcapsh-c S=pcapsh-s
work=$(mktemp -d)
cleanup() {
  pkill -INT -f "tcpdump.*$work" 2>/dev/null || true
  pkill -f "dumpcap.*$work" 2>/dev/null || true
  ip netns pids $S 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns pids $C 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del $C 2>/dev/null || true
  ip netns del $S 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cleanup 2>/dev/null || true
work=$(mktemp -d)

ip netns add $C
ip netns add $S
ip link add vc type veth peer name vs
ip link set vc netns $C
ip link set vs netns $S
ip -n $C link set vc address 02:00:00:99:00:01
ip -n $S link set vs address 02:00:00:99:00:02
ip -n $C addr add 10.99.0.1/24 dev vc
ip -n $S addr add 10.99.0.2/24 dev vs
ip -n $C addr add fd99::1/64 dev vc nodad
ip -n $S addr add fd99::2/64 dev vs nodad
for n in $C $S; do ip -n $n link set lo up; done
ip -n $C link set vc up
ip -n $S link set vs up
# TCP offloads would hand tcpdump 64 KiB "segments" that never crossed a wire.
ip netns exec $C ethtool -K vc tso off gso off gro off 2>/dev/null || true
ip netns exec $S ethtool -K vs tso off gso off gro off 2>/dev/null || true

# Servers, all in the server namespace.
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=pcapsh.test -days 2 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
ip netns exec $S openssl s_server -quiet -accept 443 -www \
  -cert "$work/cert.pem" -key "$work/key.pem" >/dev/null 2>&1 &
ip netns exec $S dnsmasq --no-daemon --no-resolv --no-hosts --bind-interfaces \
  --listen-address=10.99.0.2 --address=/example.test/10.99.0.80 \
  --address=/example.test/fd99::80 >/dev/null 2>&1 &
mkdir -p "$work/www"
head -c 20000 /dev/zero | tr '\0' 'x' > "$work/www/file.txt"
echo "hello from pcapsh samples" > "$work/www/index.html"
(cd "$work/www" && exec ip netns exec $S python3 -m http.server 80 --bind :: >/dev/null 2>&1) &
sleep 1.5

# capture NAME IFACE-NAMESPACE IFACE EXTRA-ARGS...: starts a capture, remembers its pid.
pids=()
capture() {
  local name=$1 ns=$2 dev=$3; shift 3
  ip netns exec "$ns" tcpdump -i "$dev" -U -s 0 -w "$work/$name" "$@" 2>/dev/null &
  pids+=($!)
}
capture_ng() {
  local name=$1 ns=$2 dev=$3
  ip netns exec "$ns" dumpcap -q -i "$dev" -s 0 -w "$work/$name" 2>/dev/null &
  pids+=($!)
}
stop_captures() {
  sleep 1
  for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
cx() { ip netns exec $C "$@"; }

# 1. blogexample: a ping, a DNS lookup and a TLS connection (the classic walkthrough).
capture blogexample.pcap $C vc
sleep 1
cx ping -c 3 -i 0.2 10.99.0.2 >/dev/null
cx dig +short @10.99.0.2 example.test A >/dev/null
cx curl -sk --max-time 5 https://10.99.0.2/ -o /dev/null
stop_captures

# 2. mixed: everything else as well, recorded four ways at once.
capture mixed.pcap $C vc
capture mixed-ns.pcap $C vc --time-stamp-precision=nano
capture mixed-sll2.pcap $C any
capture mixed-sll.pcap $C any -y LINUX_SLL
capture_ng mixed.pcapng $C vc
sleep 1.5
cx ping -c 2 -i 0.2 10.99.0.2 >/dev/null
cx ping -c 2 -i 0.2 -s 3000 10.99.0.2 >/dev/null            # fragmented echo
cx ping -6 -c 2 -i 0.2 fd99::2 >/dev/null                   # ICMPv6 + neighbour discovery
cx dig @10.99.0.2 example.test A >/dev/null
cx dig @10.99.0.2 example.test AAAA >/dev/null
cx dig +tcp @10.99.0.2 example.test A >/dev/null            # DNS over TCP
cx dig +tries=1 +time=1 @10.99.0.2 -p 5300 example.test A >/dev/null || true  # port unreachable
cx curl -s --max-time 5 http://10.99.0.2/file.txt -o /dev/null   # HTTP download
cx curl -s --max-time 5 'http://[fd99::2]/index.html' -o /dev/null  # HTTP over IPv6
cx curl -s --max-time 2 http://10.99.0.2:81/ -o /dev/null || true   # refused: RST
cx curl -sk --max-time 5 https://10.99.0.2/ -o /dev/null          # TLS
stop_captures

for f in "$work"/*.pcap "$work"/*.pcapng; do
  cp "$f" "$out/"
done
chmod 644 "$out"/*.pcap "$out"/*.pcapng
ls -l "$out"
