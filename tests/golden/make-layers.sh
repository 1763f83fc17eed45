#!/usr/bin/env bash
# Golden summaries with Scapy's optional layers loaded: layers/LAYER/NAME.summary is
# `load_layer(LAYER); rdpcap(NAME).summary()` under real Scapy 2.8.0, for each capture
# (samples/ and ../shared/captures) whose summary that layer changes.
#   pip install scapy==2.8.0 && bash tests/golden/make-layers.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python3 -c 'import scapy; assert scapy.VERSION == "2.8.0", scapy.VERSION'
for layer in http tls; do
  out="$here/layers/$layer"
  rm -rf "$out"
  mkdir -p "$out"
  python3 - "$layer" "$out" "$root"/samples/*.pcap* "$root"/../shared/captures/* <<'PY'
import os, sys
from scapy.all import conf, load_layer, rdpcap
conf.verb = 0
layer, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
plain = {}
for f in files:
    if f.endswith('.md') or os.path.getsize(f) > 1500000:
        continue
    try:
        plain[f] = [p.summary() for p in rdpcap(f)]
    except Exception:
        pass
load_layer(layer)
for f, before in plain.items():
    after = [p.summary() for p in rdpcap(f)]
    if after != before:
        with open(os.path.join(out, os.path.basename(f) + '.summary'), 'w') as o:
            o.write(''.join(l + '\n' for l in after))
PY
  echo "$layer: $(ls "$out" | wc -l) captures"
done
