#!/usr/bin/env bash
# Speed and memory of load + sessions(), beside cat, tshark and Scapy, in one run.
#   bash bench/run.sh            (needs python3, tshark, hyperfine, GNU time; Scapy 2.8.0)
# Writes the captures to $BENCH_DIR (default /tmp) with ../shared/tools/gen-capture.py.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-/tmp}
gen=../shared/tools/gen-capture.py
big=$dir/g1g.pcap
small=$dir/g64m.pcap
[ -f "$big" ] || python3 "$gen" "$big" --mib 1024 --seed 1
[ -f "$small" ] || python3 "$gen" "$small" --mib 64 --seed 1
cargo build --release --quiet
bin=target/release/pcapsh

rss() {  # peak resident memory of a command, in MiB
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'
}

echo "## machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)"
echo
for f in "$big" "$small"; do
  cat "$f" > /dev/null  # warm the page cache: every tool reads from memory
  pk=$(capinfos -c -M "$f" | awk '/Number of packets/ {print $NF}')
  echo "## $(basename "$f"): $(du -m "$f" | cut -f1) MiB, $pk packets"
  echo
  pc="a = rdpcap('$f'); s = a.sessions(); print(len(s))"
  hyperfine --time-unit millisecond --warmup 1 --runs 5 --style none --export-markdown /tmp/bench-$$.md \
    -n "cat > /dev/null" "cat $f > /dev/null" \
    -n "pcapsh load + sessions()" "$bin -c \"$pc\"" >/dev/null
  if [ "$f" = "$small" ] || [ "${BENCH_TSHARK_BIG:-1}" = 1 ]; then
    hyperfine --time-unit millisecond --runs 1 --style none --export-markdown /tmp/bench-ts-$$.md \
      -n "tshark -q -z conv,tcp" "tshark -n -q -z conv,tcp -r $f" >/dev/null
    tail -n +3 /tmp/bench-ts-$$.md >> /tmp/bench-$$.md
  fi
  if [ "$f" = "$small" ]; then
    cat > /tmp/bench-scapy-$$.py <<PY
import logging; logging.getLogger("scapy").setLevel(logging.ERROR)
from scapy.all import rdpcap
print(len(rdpcap("$f").sessions()))
PY
    hyperfine --time-unit millisecond --runs 1 --style none --export-markdown /tmp/bench-sc-$$.md \
      -n "Scapy 2.8.0 rdpcap + sessions()" "python3 /tmp/bench-scapy-$$.py" >/dev/null
    tail -n +3 /tmp/bench-sc-$$.md >> /tmp/bench-$$.md
  fi
  cat /tmp/bench-$$.md
  echo
  echo "peak memory (RSS): pcapsh $(rss $bin -c "$pc") MiB"
  if [ "$f" = "$small" ] || [ "${BENCH_TSHARK_BIG:-1}" = 1 ]; then
    echo "peak memory (RSS): tshark $(rss tshark -n -q -z conv,tcp -r "$f") MiB"
  fi
  [ "$f" = "$small" ] && echo "peak memory (RSS): Scapy $(rss python3 /tmp/bench-scapy-$$.py) MiB"
  echo
  if [ "$f" = "$big" ]; then
    echo "### conversations, follow and split"
    cc="a = rdpcap('$f'); c = a.conversations(); print(len(c))"
    fc="a = rdpcap('$f'); c = a.conversations().grep('TCP').sort('bytes'); c[0].payload('client'); print(len(c))"
    sc="a = rdpcap('$f'); print(a.conversations().split('$dir/pcapsh-split', overwrite=True))"
    hyperfine --time-unit millisecond --runs 3 --style none --export-markdown /tmp/bench-conv-$$.md \
      -n "pcapsh load + conversations()" "$bin -c \"$cc\"" \
      -n "pcapsh load + follow the largest TCP conversation" "$bin -c \"$fc\"" \
      -n "pcapsh load + split every conversation to its own file" "$bin -c \"$sc\"" >/dev/null
    hyperfine --time-unit millisecond --runs 1 --style none --export-markdown /tmp/bench-conv-ts-$$.md \
      -n "tshark -z conv,tcp -z conv,udp" "tshark -n -q -z conv,tcp -z conv,udp -r $f" \
      -n "tshark -z follow,tcp,raw,0 (one stream)" "tshark -n -q -z follow,tcp,raw,0 -r $f" \
      -n "tshark -Y tcp.stream==0 -w (one stream's file)" "tshark -n -r $f -Y tcp.stream==0 -w $dir/ts-one.pcap" >/dev/null
    cat /tmp/bench-conv-$$.md; tail -n +3 /tmp/bench-conv-ts-$$.md
    rm -rf "$dir/pcapsh-split" "$dir/ts-one.pcap"
    echo
    echo "### tables for SQL engines (pcapsh export), beside tshark's field export"
    tout=$dir/pcapsh-tables
    hyperfine --time-unit millisecond --runs 3 --style none --export-markdown /tmp/bench-tab-$$.md \
      -n "pcapsh export -t packets" "$bin export --force -t packets -o $tout $f" \
      -n "pcapsh export -t conversations" "$bin export --force -t conversations -o $tout $f" \
      -n "pcapsh export (all three tables)" "$bin export --force -o $tout $f" >/dev/null
    fields="-e frame.number -e frame.time_epoch -e frame.len -e eth.src -e eth.dst -e ip.src -e ip.dst"
    fields="$fields -e ip.proto -e ip.ttl -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport"
    fields="$fields -e tcp.flags -e tcp.seq_raw -e tcp.ack_raw -e tcp.window_size_value -e tcp.len"
    fields="$fields -e dns.qry.name -e tls.handshake.extensions_server_name -e http.host"
    hyperfine --time-unit millisecond --runs 1 --style none --export-markdown /tmp/bench-tab-ts-$$.md \
      -n "tshark -T fields (the same 21 fields, CSV)" "tshark -n -r $f -T fields -E separator=, $fields > $dir/ts-fields.csv" >/dev/null
    cat /tmp/bench-tab-$$.md; tail -n +3 /tmp/bench-tab-ts-$$.md
    echo "peak memory (RSS): pcapsh export -t packets $(rss $bin export --force -t packets -o $tout $f) MiB"
    du -k "$tout"/*/* | awk '{printf "    %s: %.1f MiB\n", $2, $1/1024}'
    if python3 -c 'import duckdb' 2>/dev/null; then
      python3 - "$tout" <<'PY'
import sys, time, duckdb
out = sys.argv[1]
for name, q in [
    ("top talkers", f"SELECT src, sum(wirelen) AS bytes FROM '{out}/packets/*.parquet' WHERE src IS NOT NULL GROUP BY src ORDER BY bytes DESC, src LIMIT 10"),
    ("longest conversations", f"SELECT key, duration_ns FROM '{out}/conversations/*.parquet' ORDER BY duration_ns DESC, key LIMIT 10"),
    ("DNS names per host", f"SELECT src, count(DISTINCT dns_qname) AS names FROM '{out}/packets/*.parquet' WHERE dns_qname IS NOT NULL GROUP BY src ORDER BY names DESC, src LIMIT 10"),
]:
    t = time.time(); duckdb.sql(q).fetchall()
    print(f"    DuckDB, {name}: {(time.time() - t) * 1000:.0f} ms")
PY
    fi
    rm -rf "$tout" "$dir/ts-fields.csv"
    echo
  fi
  echo "in-process breakdown (pcapsh-bench):"
  target/release/pcapsh-bench "$f" | sed 's/^/    /'
  echo
done
rm -f /tmp/bench-*$$*
