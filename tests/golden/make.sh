#!/usr/bin/env bash
# Regenerates the golden outputs the tests compare against, from real Scapy 2.8.0:
#   pip install scapy==2.8.0 && bash tests/golden/make.sh
# For each capture: NAME.summary (rdpcap(NAME).summary()) and NAME.sessions.json (the
# sessions: plain Scapy for Ethernet captures, `--as-ethernet` for other link types, as
# pcapsh keys those packets as Scapy would over Ethernet). Captures under ../shared are
# read in place; only Scapy's outputs are stored here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
oracle="$root/../shared/tools/scapy-oracle.py"
python3 -c 'import scapy; assert scapy.VERSION == "2.8.0", scapy.VERSION'

linktype() {  # prints "Ethernet" when every interface of the capture is Ethernet
  python3 - "$1" <<'PY'
import gzip, struct, sys
d = open(sys.argv[1], 'rb').read()
if d[:2] == b'\x1f\x8b':
    try: d = gzip.decompress(d)
    except Exception: pass
lts = []
if d[:4] in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'): lts = [struct.unpack('<I', d[20:24])[0] & 0xffff]
elif d[:4] in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'): lts = [struct.unpack('>I', d[20:24])[0] & 0xffff]
elif d[:4] == b'\n\r\r\n':
    at, e = 0, '<'
    while at + 12 <= len(d):
        if d[at:at+4] == b'\n\r\r\n':
            e = '<' if d[at+8:at+12] == b'\x4d\x3c\x2b\x1a' else '>'
        t, n = struct.unpack(e + 'II', d[at:at+8])
        if t == 1: lts.append(struct.unpack(e + 'H', d[at+8:at+10])[0])
        if n < 12: break
        at += n
print('Ethernet' if lts and all(l == 1 for l in lts) else 'other')
PY
}

make_one() {
  local cap=$1 out=$2
  local name; name=$(basename "$cap")
  python3 "$oracle" --summary "$cap" > "$out/$name.summary" 2>/dev/null || rm -f "$out/$name.summary"
  local mode=()
  case "$(linktype "$cap")" in
    Ethernet) ;;
    *) mode=(--as-ethernet) ;;
  esac
  python3 "$oracle" "${mode[@]}" "$cap" > "$out/$name.sessions.json" 2>/dev/null || rm -f "$out/$name.sessions.json"
}

for f in "$root"/samples/*.pcap "$root"/samples/*.pcapng; do
  make_one "$f" "$here/samples"
done
if [ -d "$root/../shared/captures" ]; then
  for f in "$root"/../shared/captures/*; do
    [ -f "$f" ] || continue
    case "$f" in *.md) continue ;; esac
    # The largest capture (82k packets) would make a 5 MB golden file; its keys are
    # still checked by the sweep test against a count.
    [ "$(stat -c %s "$f")" -gt 1500000 ] && continue
    make_one "$f" "$here/shared"
  done
fi
echo "golden files written to $here"
