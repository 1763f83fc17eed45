#!/usr/bin/env bash
# Records samples/ike.pcap: strongSwan's charon in two network namespaces joined by a veth
# pair, and ike-scan. The capture holds:
#   - ike-scan's IKEv1 Main Mode and Aggressive Mode probes (many transforms, TLV
#     lifetimes, an ID and a key exchange in the clear) and what charon answers;
#   - an IKEv1 Main Mode with a pre-shared key, its Quick Mode and the encrypted Delete
#     that ends it;
#   - an IKEv1 Aggressive Mode (identity and hash in the clear);
#   - an IKEv2 exchange forced into UDP encapsulation: IKE_SA_INIT on 500, then IKE on
#     4500 after the non-ESP marker, and the Delete.
# The kernel this was recorded on has no ESP, so the IPsec SAs fail to install (charon
# then sends an encrypted NO_PROPOSAL_CHOSEN) and the pings in between go in the clear.
# Run as root:  bash samples/record-ike.sh [OUTDIR]
# Needs: iproute2 tcpdump strongswan-charon strongswan-swanctl ike-scan.
#
#   ns "pcapsh-ikea" (na, 10.97.1.1) <-- veth --> ns "pcapsh-ikeb" (nb, 10.97.1.2)
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
. "$(dirname "$0")/netns.sh"
netns_pair pcapsh-ikea na 02:00:00:97:01:01 10.97.1.1/24 pcapsh-ikeb nb 02:00:00:97:01:02 10.97.1.2/24
A=pcapsh-ikea B=pcapsh-ikeb

# One charon per namespace, each with its own configuration, control socket and (in a
# private mount namespace) its own /run for the pid file.
conf() {  # conf SIDE LOCAL_ADDR REMOTE_ADDR LOCAL_ID REMOTE_ID
  mkdir -p "$work/$1"
  cat > "$work/$1/strongswan.conf" <<EOF
charon {
  install_routes = no
  i_dont_care_about_security_and_use_aggressive_mode_psk = yes
  plugins {
    vici { socket = unix://$work/$1/vici }
  }
  filelog {
    log { path = $work/$1/charon.log
      default = 1
      ike = 2
      knl = 2 }
  }
}
EOF
}
conns() {  # conns SIDE LOCAL REMOTE LOCAL_ID REMOTE_ID VERSION EXTRA...
  local side=$1 l=$2 r=$3 lid=$4 rid=$5 v=$6; shift 6
  cat > "$work/$side/swanctl.conf" <<EOF
connections {
  test {
    version = $v
    local_addrs = $l
    remote_addrs = $r
    proposals = aes128-sha256-modp2048
    $*
    local { auth = psk
      id = $lid }
    remote { auth = psk
      id = $rid }
    children {
      test { local_ts = $l/32
        remote_ts = $r/32
        mode = transport
        esp_proposals = aes128-sha256 }
    }
  }
}
secrets {
  ike-1 { id-1 = $lid
    id-2 = $rid
    secret = "pcapsh-psk" }
}
EOF
  ip netns exec "pcapsh-ike$side" swanctl --load-all --file "$work/$side/swanctl.conf" \
    --uri "unix://$work/$side/vici" >/dev/null
}
start() {  # start SIDE
  ip netns exec "pcapsh-ike$1" unshare -m sh -c \
    "mount -t tmpfs tmpfs /run && STRONGSWAN_CONF=$work/$1/strongswan.conf exec /usr/lib/ipsec/charon" \
    >/dev/null 2>&1 &
  for _ in $(seq 50); do [ -S "$work/$1/vici" ] && return; sleep 0.1; done
  echo "charon on side $1 did not start" >&2
  exit 1
}
sw() { local side=$1; shift; ip netns exec "pcapsh-ike$side" swanctl "$@" --uri "unix://$work/$side/vici" 2>&1 | sed 's/^/  /' || true; }
conf a; conf b

ip netns exec $A tcpdump -i na -U -s 0 -w "$work/ike.pcap" udp or esp or icmp 2>/dev/null &
dump=$!
sleep 1

# ike-scan against a responder that knows only the IKEv1 connection.
start b
conns b 10.97.1.2 10.97.1.1 b.pcapsh.example a.pcapsh.example 1
ip netns exec $A ike-scan --sport=0 10.97.1.2 2>&1 | sed 's/^/  /' || true
ip netns exec $A ike-scan --sport=0 --trans=7/256,2,1,14 --lifetime=3600 --lifesize=100000 10.97.1.2 2>&1 | sed 's/^/  /' || true
ip netns exec $A ike-scan --sport=0 -A --id=scanner@pcapsh.example 10.97.1.2 2>&1 | sed 's/^/  /' || true

# IKEv1 Main Mode, Quick Mode, ESP, Delete.
start a
conns a 10.97.1.1 10.97.1.2 a.pcapsh.example b.pcapsh.example 1
sw a --initiate --child test
ip netns exec $A ping -c 2 -i 0.2 10.97.1.2 >/dev/null 2>&1 || true
sw a --terminate --ike test
sleep 1

# IKEv1 Aggressive Mode.
conns a 10.97.1.1 10.97.1.2 a.pcapsh.example b.pcapsh.example 1 aggressive = yes
conns b 10.97.1.2 10.97.1.1 b.pcapsh.example a.pcapsh.example 1 aggressive = yes
sw a --initiate --child test
sw a --terminate --ike test
sleep 1

# IKEv2 in UDP encapsulation (port 4500 after IKE_SA_INIT), ESP in UDP, and the end.
conns a 10.97.1.1 10.97.1.2 a.pcapsh.example b.pcapsh.example 2 encap = yes
conns b 10.97.1.2 10.97.1.1 b.pcapsh.example a.pcapsh.example 2 encap = yes
sw a --initiate --child test
ip netns exec $A ping -c 2 -i 0.2 10.97.1.2 >/dev/null 2>&1 || true
sw a --terminate --ike test
sleep 1
netns_save $dump ike.pcap
