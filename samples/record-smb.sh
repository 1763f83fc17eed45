#!/usr/bin/env bash
# Records samples/netbios.pcap: NetBIOS between real Samba programs in two network
# namespaces joined by a veth pair. The server runs smbd and nmbd (workgroup PCAPSH,
# SMB 1 allowed); the client runs its own nmbd, so both send browser announcements and
# hold a browser election on UDP 138; then nmblookup (NBNS on UDP 137) and smbclient
# over SMB 1 and SMB 3 (list the shares, list a share, fetch a file). The UDP part goes
# to netbios.pcap, the TCP part (NetBIOS sessions, SMB 1 and 2/3) to smb.pcap.
# Run as root:  bash samples/record-smb.sh [OUTDIR]
# Needs: iproute2 tcpdump samba smbclient.
#
#   ns "pcapsh-smbc" (vc, 10.97.0.1) <-- veth --> ns "pcapsh-smbs" (vs, 10.97.0.2)
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
. "$(dirname "$0")/netns.sh"
netns_pair pcapsh-smbc vc 02:00:00:5b:00:01 10.97.0.1/24 pcapsh-smbs vs 02:00:00:5b:00:02 10.97.0.2/24
C=pcapsh-smbc S=pcapsh-smbs

# One Samba configuration per side, every path inside the work directory.
conf() {  # conf NAME NETBIOS IFACE
  local d="$work/$1"
  mkdir -p "$d"/{lock,state,cache,private,pid,log,share}
  printf 'a file fetched over SMB\n' > "$d/share/hello.txt"
  chmod 755 "$d" "$d/share"
  chmod 644 "$d/share/hello.txt"
  cat > "$d/smb.conf" <<EOF
[global]
  workgroup = PCAPSH
  netbios name = $2
  interfaces = $3
  bind interfaces only = yes
  server min protocol = NT1
  client min protocol = NT1
  server signing = disabled
  map to guest = Bad User
  local master = yes
  preferred master = yes
  os level = 65
  lock directory = $d/lock
  state directory = $d/state
  cache directory = $d/cache
  private dir = $d/private
  pid directory = $d/pid
  ncalrpc dir = $d/lock/ncalrpc
  log file = $d/log/%m.log
  disable spoolss = yes
  load printers = no
[pub]
  path = $d/share
  guest ok = yes
  read only = yes
EOF
}
conf server PCAPSH-SRV vs
conf client PCAPSH-CLI vc

ip netns exec $C tcpdump -q -i vc -U -w "$work/smb.pcap" 'not ip6' 2>/dev/null &
sleep 1
ip netns exec $S nmbd -F --no-process-group -s "$work/server/smb.conf" &
ip netns exec $S smbd -F --no-process-group -s "$work/server/smb.conf" &
ip netns exec $C nmbd -F --no-process-group -s "$work/client/smb.conf" &
# nmbd registers its names, holds the election and announces itself.
sleep 45
ip netns exec $C nmblookup -s "$work/client/smb.conf" -U 10.97.0.255 -B 10.97.0.255 PCAPSH-SRV || true
ip netns exec $C nmblookup -s "$work/client/smb.conf" -A 10.97.0.2 || true
cd "$work/client"
ip netns exec $C smbclient -s "$work/client/smb.conf" -N -L //10.97.0.2 || true
ip netns exec $C smbclient -s "$work/client/smb.conf" -N //10.97.0.2/pub -c 'ls; get hello.txt' || true
ip netns exec $C smbclient -s "$work/client/smb.conf" -m NT1 --option='client max protocol=NT1' \
  -N //10.97.0.2/pub -c 'ls; get hello.txt hello1.txt' || true
sleep 15
pkill -INT -f "tcpdump.*$work" || true
sleep 1
tcpdump -r "$work/smb.pcap" -w "$out/netbios.pcap" udp 2>/dev/null
tcpdump -r "$work/smb.pcap" -w "$out/smb.pcap" tcp 2>/dev/null
echo "wrote $out/netbios.pcap and $out/smb.pcap"
