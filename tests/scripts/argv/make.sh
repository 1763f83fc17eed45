#!/usr/bin/env bash
# Records what real Python 3 + Scapy 2.8.0 does with each run in runs.txt, from the
# repository root: standard output (N.out), standard error (N.err), exit status
# (N.status) and the files the run wrote into {out} (N.files).
#   pip install scapy==2.8.0 && apt-get install tcpdump && bash tests/scripts/argv/make.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../../.."
python3 -c 'import scapy; assert scapy.VERSION == "2.8.0", scapy.VERSION'
rm -rf "$here/expected" && mkdir -p "$here/expected"
n=0
while read -r script rest; do
  case "$script" in ''|'#'*) continue ;; esac
  n=$((n + 1))
  out=$(mktemp -d)
  args=${rest//\{out\}/$out}
  # shellcheck disable=SC2086
  set +e
  python3 "tests/scripts/argv/$script" $args > "$here/expected/$n.out" 2> "$here/expected/$n.err"
  echo $? > "$here/expected/$n.status"
  set -e
  for f in $(ls "$out" | sort); do printf '== %s\n' "$f"; cat "$out/$f"; done > "$here/expected/$n.files"
  # Where the files went is not part of the answer.
  sed -i "s#$out#{out}#g" "$here/expected/$n.out" "$here/expected/$n.err"
  rm -rf "$out"
done < "$here/runs.txt"
echo "recorded $n runs"
