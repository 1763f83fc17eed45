#!/usr/bin/env bash
# Records the lossy and fragmented samples from real programs across two network
# namespaces joined by a veth pair, a small token-bucket queue (tc tbf) making the
# server's side drop what overflows it. Run as root:
#   bash samples/record-lossy.sh [OUTDIR]
# Needs: iproute2 (ip, tc), tcpdump, editcap (tshark), python3, curl.
#
#   ns "pcapsh-lc" 10.98.0.1 fd98::1  <-- veth -->  ns "pcapsh-ls" 10.98.0.2 fd98::2
#
# lossy.pcap         an HTTP download of 150 kB through a 4 Mbit/s queue of 12 kB on the
#                    server's side that drops what overflows it, captured at the client
#                    (the receiver): losses, retransmissions, segments after a loss
#                    arriving before it is repaired, SACK, duplicate ACKs.
# lossy-snap.pcap    the same download captured at the same time with a snap length of 100
#                    bytes: every data segment cut short, its place in the stream kept.
# lossy-gaps.pcap    lossy.pcap with four of the server's data segments deleted by
#                    editcap, as a capture that dropped them: the client's ACKs pass the
#                    holes (tshark's "[N bytes missing in capture file]").
# lossy-oneside.pcap the server's packets of lossy-gaps.pcap only (tshark -Y ... -w), as
#                    a one-sided capture: nothing proves delivery after the first hole.
# fragments.pcap     UDP datagrams of 3000 to 6000 bytes over IPv4 and IPv6 on a 1280-byte
#                    MTU, fragmented by the kernel; then IPv4 fragments sent by hand on a
#                    raw socket: out of order (the frame that completes a datagram is not
#                    the last), overlapping, a copy after completion, one that never
#                    completes.
# stray-ack.pcap     a client that lost its connection (its namespace vanished) connects
#                    again from the same port: the server, still holding the old one,
#                    answers the SYN with a challenge ACK (RFC 5961), the client resets
#                    it, the retransmitted SYN gets its SYN-ACK: a side whose first packet
#                    is a stray ACK, then its SYN-ACK.
# Nothing leaves the two namespaces: every address used is on the veth pair.
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
C=pcapsh-lc S=pcapsh-ls
work=$(mktemp -d)
cleanup() {
  pkill -INT -f "tcpdump.*$work" 2>/dev/null || true
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
# wire: the veth pair between the namespaces, addressed, up, without TCP offloads (they
# would hand tcpdump 64 KiB "segments" that never crossed a wire).
wire() {
  ip link add lc type veth peer name ls
  ip link set lc netns $C
  ip link set ls netns $S
  ip -n $C link set lc address 02:00:00:98:00:01
  ip -n $S link set ls address 02:00:00:98:00:02
  ip -n $C addr add 10.98.0.1/24 dev lc
  ip -n $S addr add 10.98.0.2/24 dev ls
  ip -n $C addr add fd98::1/64 dev lc nodad
  ip -n $S addr add fd98::2/64 dev ls nodad
  for n in $C $S; do ip -n $n link set lo up; done
  ip -n $C link set lc up
  ip -n $S link set ls up
  ip netns exec $C ethtool -K lc tso off gso off gro off 2>/dev/null || true
  ip netns exec $S ethtool -K ls tso off gso off gro off 2>/dev/null || true
}
wire

mkdir -p "$work/www"
python3 -c "import sys; sys.stdout.buffer.write(bytes(i * 7 % 251 for i in range(150000)))" > "$work/www/file.bin"
(cd "$work/www" && exec ip netns exec $S python3 -m http.server 80 --bind 10.98.0.2 >/dev/null 2>&1) &
sleep 1.5

pids=()
capture() {  # NAME NAMESPACE IFACE [FILTER...]; SNAP (default 0: whole packets)
  local name=$1 ns=$2 dev=$3; shift 3
  ip netns exec "$ns" tcpdump -i "$dev" -U -s "${SNAP:-0}" -w "$work/$name" "$@" 2>/dev/null &
  pids+=($!)
}
stop_captures() {
  sleep 1
  for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}

# 1. The lossy download, seen whole and seen one-sided.
ip netns exec $S tc qdisc add dev ls root tbf rate 4mbit burst 6kb limit 12kb
capture lossy.pcap $C lc
SNAP=100 capture lossy-snap.pcap $C lc
sleep 1
ip netns exec $C curl -s --max-time 60 http://10.98.0.2/file.bin -o /dev/null
stop_captures
ip netns exec $S tc qdisc del dev ls root

# 2. Holes the capture lost: delete four of the server's data segments.
frames=$(tshark -n -r "$work/lossy.pcap" -Y 'ip.src == 10.98.0.2 && tcp.len > 0' -T fields -e frame.number 2>/dev/null | awk 'NR == 10 || NR == 30 || NR == 31 || NR == 60')
editcap "$work/lossy.pcap" "$work/lossy-gaps.pcap" $frames
tshark -n -r "$work/lossy-gaps.pcap" -Y 'ip.src == 10.98.0.2' -w "$work/lossy-oneside.pcap" 2>/dev/null

# 3. Fragments, reordered and duplicated on the way.
ip -n $C link set lc mtu 1280
ip -n $S link set ls mtu 1280
capture fragments.pcap $S ls
sleep 1
ip netns exec $C python3 - <<'PY'
import socket, time
for fam, dst in ((socket.AF_INET, "10.98.0.2"), (socket.AF_INET6, "fd98::2")):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    for n in (3000, 4000, 5000, 6000):
        s.sendto(bytes(i % 256 for i in range(n)), (dst, 9000))
        time.sleep(0.05)

# IPv4 fragments by hand: (id, [(offset, more, first, last)...]) in sending order.
import struct
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
data = b"pcapsh fragments " * 70  # 1190 bytes
udp = struct.pack("!HHHH", 40000, 9000, 8 + len(data), 0) + data
def frag(ident, off, more, lo, hi):
    body = udp[lo:hi]
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), ident,
                    (0x2000 if more else 0) | (off // 8), 64, 17, 0,
                    socket.inet_aton("10.98.0.1"), socket.inet_aton("10.98.0.2"))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + body
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
n = len(udp)  # 1198
plans = [
    (0x5101, [(400, True, 400, 800), (800, False, 800, n), (0, True, 0, 400)]),  # first fragment last
    (0x5102, [(0, True, 0, 400), (400, False, 400, n), (400, False, 400, n)]),   # a copy after completion
    (0x5103, [(0, True, 0, 600), (400, True, 400, 800), (800, False, 800, n)]),  # overlap: first copy wins
    (0x5104, [(0, True, 0, 400), (800, False, 800, n)]),                          # 400..800 never comes
]
for ident, parts in plans:
    for off, more, lo, hi in parts:
        raw.sendto(frag(ident, off, more, lo, hi), ("10.98.0.2", 0))
        time.sleep(0.02)
PY
stop_captures

# 4. A challenge ACK before the SYN-ACK.
ip -n $C link set lc mtu 1500
ip -n $S link set ls mtu 1500
ip netns exec $S python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.98.0.2", 8080)); s.listen(4); held = []
while True:
    c, _ = s.accept(); held.append(c); c.sendall(b"hello " + c.recv(100))
' >/dev/null 2>&1 &
sleep 1
client='
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.98.0.1", 40000)); s.connect(("10.98.0.2", 8080))
s.sendall(sys.argv[1].encode()); s.recv(100); time.sleep(float(sys.argv[2]))
'
ip netns exec $C python3 -c "$client" first 60 &
old=$!
sleep 1
# The client's side vanishes without a FIN or RST reaching the server.
ip -n $C link set lc down
kill -9 $old 2>/dev/null || true
wait $old 2>/dev/null || true
ip -n $S link del ls
ip netns del $C
ip netns add $C
wire
sleep 1
capture stray-ack.pcap $C lc tcp port 8080
sleep 1
ip netns exec $C python3 -c "$client" second 0.2
stop_captures

for f in lossy.pcap lossy-snap.pcap lossy-gaps.pcap lossy-oneside.pcap fragments.pcap stray-ack.pcap; do
  cp "$work/$f" "$out/$f"
  chmod 644 "$out/$f"
done
ls -l "$out"
