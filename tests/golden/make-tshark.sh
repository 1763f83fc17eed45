#!/usr/bin/env bash
# Regenerates what tshark says of the captures, for the conversation and follow tests:
#   apt-get install tshark && bash tests/golden/make-tshark.sh
# For each capture: NAME.streams, one line per tcp.stream and udp.stream:
#   "tcp N frame frame ..." (the frame numbers in it; tshark's conversation tables count
#   these frames and their lengths), and, for captures with at most 40 TCP streams,
#   NAME.follow (tshark -z follow,tcp,raw,N for every stream N). ICMP errors are not
#   counted in any stream. For every capture with TCP streams, NAME.follow-digest: each
#   stream's bytes per node as tshark delivers them, hashed (tshark-follow-digest.py).
#   follow-ascii/NAME.N: tshark's ascii follow of a few streams with gaps and held data.
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
  digest "$cap"
  local count; count=$(grep -c '^tcp ' "$out/$name.streams" || true)
  if [ "$count" -gt 0 ] && [ "$count" -le 40 ]; then
    local args=()
    for s in $(grep '^tcp ' "$out/$name.streams" | cut -d' ' -f2); do args+=(-z "follow,tcp,raw,$s"); done
    tshark -n -q -r "$cap" "${args[@]}" > "$out/$name.follow" 2>/dev/null || rm -f "$out/$name.follow"
  fi
}

# Every TCP stream's delivered bytes, hashed: for captures of any size.
digest() {
  local cap=$1 name; name=$(basename "$cap")
  local streams
  streams=$(tshark -n -r "$cap" -T fields -e tcp.stream 2>/dev/null | tr ',' '\n' | grep -v '^$' | sort -un) || true
  [ -n "$streams" ] || return 0
  local args=() n=0
  : > "$out/$name.follow-raw.tmp"
  for s in $streams; do
    args+=(-z "follow,tcp,raw,$s"); n=$((n + 1))
    if [ "$n" -ge 200 ]; then
      tshark -n -q -r "$cap" "${args[@]}" >> "$out/$name.follow-raw.tmp" 2>/dev/null || true
      args=(); n=0
    fi
  done
  [ "$n" -gt 0 ] && { tshark -n -q -r "$cap" "${args[@]}" >> "$out/$name.follow-raw.tmp" 2>/dev/null || true; }
  python3 "$here/tshark-follow-digest.py" < "$out/$name.follow-raw.tmp" > "$out/$name.follow-digest"
  rm -f "$out/$name.follow-raw.tmp"
}

# Big captures: the digests only.
big() { digest "$1"; }

for f in "$root"/samples/*.pcap "$root"/samples/*.pcapng; do one "$f"; done
if [ -d "$root/../shared/captures" ]; then
  for f in "$root"/../shared/captures/*; do
    [ -f "$f" ] || continue
    case "$f" in *.md) continue ;; esac
    if [ "$(stat -c %s "$f")" -gt 1500000 ]; then
      big "$f"
    else
      one "$f"
    fi
  done
fi
# Streams whose follow text shows tshark's rules at work: gaps the receiver acknowledged
# (both sides), data held after a gap nobody acknowledged, a one-sided capture, a longer
# copy of a held segment.
mkdir -p "$out/follow-ascii"
shared="$root/../shared/captures"
for spec in ppp-tls2.pcap:304 ppp-tls2.pcap:275 ppp-tls2.pcap:274 ppp-650httpresponses.pcap:0 \
    lossy-gaps.pcap:0 lossy-oneside.pcap:0 stray-ack.pcap:0 overlap.pcap:0; do
  cap=${spec%%:*} n=${spec##*:}
  path="$root/samples/$cap"
  [ -f "$path" ] || path="$shared/$cap"
  [ -f "$path" ] || continue
  tshark -n -q -r "$path" -z "follow,tcp,ascii,$n" > "$out/follow-ascii/$cap.$n" 2>/dev/null
done
echo "written to $out"
