#!/usr/bin/env bash
# Regenerates what tshark says of the captures, for the conversation and follow tests:
#   apt-get install tshark && bash tests/golden/make-tshark.sh
# For each capture: NAME.streams, one line per tcp.stream and udp.stream:
#   "tcp N frame frame ..." (the frame numbers in it; tshark's conversation tables count
#   these frames and their lengths), and, for captures with at most 40 TCP streams,
#   NAME.follow (tshark -z follow,tcp,raw,N for every stream N). ICMP errors are not
#   counted in any stream.
# Captures under ../shared are read in place; only tshark's outputs are stored here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/tshark"
mkdir -p "$out"
tshark --version | head -1

one() {
  local cap=$1 name; name=$(basename "$cap")
  # ICMP errors are left out: tshark sets tcp.stream/udp.stream from the header they
  # quote, but its conversation tables do not count them. A tunnelled packet counts in
  # its innermost stream. Frames that are not packets (pcapng custom blocks) are not
  # numbered, so numbers are packet positions.
  tshark -n -r "$cap" -T fields -e frame.number -e tcp.stream -e udp.stream -e icmp.type -e icmpv6.type -e frame.encap_type 2>/dev/null \
    | awk -F'\t' '
        $6 == "" { next }
        { pkt++ }
        $4 != "" || $5 != "" { next }
        $2 != "" { n = split($2, t, ","); s = t[n]; tcp[s] = tcp[s] " " pkt; if (!(s in seen_t)) { seen_t[s]; nt++; ot[nt] = s } }
        $2 == "" && $3 != "" { n = split($3, u, ","); s = u[n]; udp[s] = udp[s] " " pkt; if (!(s in seen_u)) { seen_u[s]; nu++; ou[nu] = s } }
        END { for (i = 1; i <= nt; i++) print "tcp " ot[i] tcp[ot[i]]; for (i = 1; i <= nu; i++) print "udp " ou[i] udp[ou[i]] }' \
    > "$out/$name.streams" || true
  [ -s "$out/$name.streams" ] || { rm -f "$out/$name.streams"; return 0; }
  local count; count=$(grep -c '^tcp ' "$out/$name.streams" || true)
  if [ "$count" -gt 0 ] && [ "$count" -le 40 ]; then
    local args=()
    for s in $(grep '^tcp ' "$out/$name.streams" | cut -d' ' -f2); do args+=(-z "follow,tcp,raw,$s"); done
    tshark -n -q -r "$cap" "${args[@]}" > "$out/$name.follow" 2>/dev/null || rm -f "$out/$name.follow"
  fi
}

for f in "$root"/samples/*.pcap "$root"/samples/*.pcapng; do one "$f"; done
if [ -d "$root/../shared/captures" ]; then
  for f in "$root"/../shared/captures/*; do
    [ -f "$f" ] || continue
    case "$f" in *.md) continue ;; esac
    [ "$(stat -c %s "$f")" -gt 1500000 ] && continue
    one "$f"
  done
fi
echo "written to $out"
