#!/usr/bin/env bash
# Records samples/overlap.pcap: a real Linux TCP receiver given out-of-order copies of one
# segment, the second longer than the first. A client in one namespace writes its TCP
# segments by hand on a packet socket (from an address its own kernel does not hold, so
# that kernel sends no resets); the server in the other namespace is an ordinary Python
# socket server that reads until the client's FIN and echoes what it got. The client:
#   1. connects (SYN, SYN-ACK, ACK);
#   2. sends "hello wor" at byte 6, then "hello world!\n" at the same byte: both held by
#      the server behind the hole of bytes 0..5;
#   3. sends "xxxxx" at byte 6 (a shorter copy, after the longer one);
#   4. fills the hole with "data: " and sends its FIN after the last byte.
# The server's echo shows what its application read: "data: hello world!\n".
# Run as root:  bash samples/record-overlap.sh [OUTDIR]
# Needs: iproute2 tcpdump python3.
#
#   ns "pcapsh-ovc" (oc, 10.96.0.1; segments from 10.96.0.3)
#        <-- veth -->  ns "pcapsh-ovs" (os, 10.96.0.2, port 7000)
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
. "$(dirname "$0")/netns.sh"
netns_pair pcapsh-ovc oc 02:00:00:96:00:01 10.96.0.1/24 pcapsh-ovs os 02:00:00:96:00:02 10.96.0.2/24
C=pcapsh-ovc S=pcapsh-ovs
ip netns exec $C ethtool -K oc tso off gso off gro off 2>/dev/null || true
ip netns exec $S ethtool -K os tso off gso off gro off 2>/dev/null || true
# The server reaches the hand-made client's address at the client's MAC.
ip -n $S neigh add 10.96.0.3 lladdr 02:00:00:96:00:01 dev os

ip netns exec $S python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.96.0.2", 7000)); s.listen(1)
c, _ = s.accept(); got = b""
while True:
    b = c.recv(1000)
    if not b:
        break
    got += b
c.sendall(b"you sent: " + got); c.close()
' &
sleep 1
ip netns exec $S tcpdump -i os -U -s 0 -w "$work/overlap.pcap" tcp port 7000 2>/dev/null &
dump=$!
sleep 1

ip netns exec $C python3 - <<'PY'
import socket, struct, time

MAC_C, MAC_S = bytes.fromhex("020000960001"), bytes.fromhex("020000960002")
SRC, DST, SPORT, DPORT = "10.96.0.3", "10.96.0.2", 41000, 7000

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF

def frame(seq, ack, flags, data=b""):
    src, dst = socket.inet_aton(SRC), socket.inet_aton(DST)
    tcp = struct.pack("!HHIIBBHHH", SPORT, DPORT, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                      5 << 4, flags, 64240, 0, 0) + data
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0x4242, 0x4000, 64, 6, 0,
                     src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return MAC_S + MAC_C + b"\x08\x00" + ip + tcp

sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
sock.bind(("oc", 0))
sock.settimeout(5)

def receive():
    """The server's next TCP segment to the hand-made client: (seq, ack, flags, data)."""
    while True:
        b = sock.recv(65535)
        ip = b[14:]
        if ip[9] != 6 or socket.inet_ntoa(ip[16:20]) != SRC:
            continue
        tcp = ip[(ip[0] & 15) * 4:struct.unpack("!H", ip[2:4])[0]]
        seq, ack = struct.unpack("!II", tcp[4:12])
        return seq, ack, tcp[13], tcp[(tcp[12] >> 4) * 4:]

SYN, FIN, ACK, PSH = 0x02, 0x01, 0x10, 0x08
isn = 0x1000
sock.send(frame(isn, 0, SYN))
seq_s, _, flags, _ = receive()
assert flags & (SYN | ACK) == SYN | ACK, flags
rcv = seq_s + 1
sock.send(frame(isn + 1, rcv, ACK))
base = isn + 1
time.sleep(0.1)
for off, data in ((6, b"hello wor"), (6, b"hello world!\n"), (6, b"xxxxx")):
    sock.send(frame(base + off, rcv, ACK | PSH, data))
    time.sleep(0.1)
sock.send(frame(base, rcv, ACK | PSH, b"data: "))
end = base + 6 + len(b"hello world!\n")
sock.send(frame(end, rcv, ACK | FIN))
# Read the server's echo and FIN, acknowledging them.
got = b""
while True:
    seq, ack, flags, data = receive()
    if data:
        got += data
    if flags & FIN:
        sock.send(frame(end + 1, seq + len(data) + 1, ACK))
        break
    if data:
        sock.send(frame(end + 1, seq + len(data), ACK))
print(got.decode().strip())
assert got == b"you sent: data: hello world!\n", got
PY
sleep 1
netns_save $dump overlap.pcap
