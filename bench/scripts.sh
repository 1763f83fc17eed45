#!/usr/bin/env bash
# The language and filters on the 1 GiB benchmark capture, beside tcpdump, in one run:
#   bash bench/scripts.sh        (needs python3, tcpdump, GNU time; builds pcapsh --release)
# The capture is made with ../shared/tools/gen-capture.py into $BENCH_DIR (default /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-/tmp}
cap="$dir/pcapsh-bench-1024.pcap"
[ -f "$cap" ] || python3 ../shared/tools/gen-capture.py "$cap" --mib 1024 --seed 1
cargo build --release -q
pcapsh=target/release/pcapsh
run() {  # label, command...: best of 3, wall seconds and peak MiB
  local label=$1; shift
  local best=999 mem=0
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o /tmp/pcapsh-bench-time "$@" >/dev/null 2>&1
    read -r t m < /tmp/pcapsh-bench-time
    best=$(python3 -c "print(min($best, $t))"); mem=$((m / 1024))
  done
  printf '| %s | %s s | %s MiB |\n' "$label" "$best" "$mem"
}
echo "| task | time (best of 3) | peak memory |"
echo "|---|---:|---:|"
run "pcapsh: load, \`[p for p in a if TCP in p]\`" $pcapsh -c "a = rdpcap('$cap'); x = [p for p in a if TCP in p]; print(len(x))"
run "pcapsh: load, Counter of IP sources (a script loop)" $pcapsh -c "from collections import Counter
a = rdpcap('$cap')
c = Counter()
for p in a:
    if IP in p:
        c[p[IP].src] += 1
print(c.most_common(3))"
run "pcapsh: \`sniff(offline=f, filter='tcp port 80')\`" $pcapsh -c "print(len(sniff(offline='$cap', filter='tcp port 80')))"
run "tcpdump -r f -w /dev/null 'tcp port 80'" tcpdump -r "$cap" -w /dev/null 'tcp port 80'
