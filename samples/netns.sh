# Shared by the newer record-*.sh scripts (source it): two network namespaces joined by
# a veth pair, IPv6 off, and a cleanup that stops their programs and removes them.
#   netns_pair NS_A IF_A MAC_A ADDR_A NS_B IF_B MAC_B ADDR_B   (ADDR as 10.0.0.1/24)
#   netns_save DUMP_PID NAME   (stops the capture, copies $work/NAME to $out/NAME)
# Sets $work (a fresh directory, removed on exit) and traps EXIT.

netns_cleanup() {
  pkill -INT -f "tcpdump.*$work" 2>/dev/null || true
  for n in "${NETNS_PAIR[@]}"; do
    ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$n" 2>/dev/null || true
  done
  rm -rf "$work"
}

netns_pair() {
  NETNS_PAIR=("$1" "$5")
  work=$(mktemp -d)
  netns_cleanup 2>/dev/null || true
  work=$(mktemp -d)
  chmod 755 "$work"
  trap netns_cleanup EXIT
  ip netns add "$1"
  ip netns add "$5"
  ip link add "$2" type veth peer name "$6"
  ip link set "$2" netns "$1"
  ip link set "$6" netns "$5"
  ip -n "$1" link set "$2" address "$3"
  ip -n "$5" link set "$6" address "$7"
  for n in "$1" "$5"; do
    ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    ip -n "$n" link set lo up
  done
  ip -n "$1" addr add "$4" brd + dev "$2"
  ip -n "$5" addr add "$8" brd + dev "$6"
  ip -n "$1" link set "$2" up
  ip -n "$5" link set "$6" up
}

netns_save() {
  kill -INT "$1"
  wait "$1" 2>/dev/null || true
  cp "$work/$2" "$out/$2"
  chmod 644 "$out/$2"
  ls -l "$out/$2"
}
