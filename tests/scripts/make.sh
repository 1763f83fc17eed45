#!/usr/bin/env bash
# Makes NAME.out for each NAME.py here (and in shared/, the scripts that read
# ../shared/captures) by running it under real Scapy 2.8.0 from the repository root
# (pip install scapy==2.8.0):   bash tests/scripts/make.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
python3 -c 'import scapy; assert scapy.VERSION == "2.8.0", scapy.VERSION'
for f in "$here"/*.py "$here"/shared/*.py; do
  { printf 'from scapy.all import *\nconf.verb = 0\n'; cat "$f"; } > /tmp/pcapsh-script.py
  python3 /tmp/pcapsh-script.py > "${f%.py}.out" 2>/dev/null
done
echo "written: $(ls "$here"/*.out | wc -l) outputs"
