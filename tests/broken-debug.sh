#!/usr/bin/env bash
# Runs a debug build of pcapsh (overflow checks on) over every capture in
# ../shared/captures/broken: load, every summary, show(), sessions, conversations and
# their payloads. Fails on any panic (an "internal error") or an exit other than 0 or 1.
#   bash tests/broken-debug.sh [PCAPSH]      (default target/debug/pcapsh)
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/pcapsh}
dir=../shared/captures/broken
if [ ! -d "$dir" ]; then
  echo "skipping the debug run over broken captures: $dir is absent"
  exit 0
fi
fail=0
n=0
for f in "$dir"/*; do
  n=$((n + 1))
  q=${f//\'/\\\'}
  out=$(timeout 300 "$bin" -c "
a = rdpcap('$q')
for p in a: x = p.summary()
for p in a[:500]: x = p.show(dump=True)
s = a.sessions()
c = a.conversations()
for i in range(min(len(c), 100)):
    try:
        x = c[i].payload()
    except ValueError:
        pass
print(len(a), len(s), len(c))" 2>&1)
  rc=$?
  if { [ $rc -ne 0 ] && [ $rc -ne 1 ]; } || grep -q "internal error\|panicked" <<<"$out"; then
    echo "FAILED ($rc): $f"
    echo "$out" | tail -5
    fail=1
  fi
done
echo "debug build over $n broken captures: $([ $fail = 0 ] && echo 'no panic' || echo 'FAILED')"
exit $fail
