#!/usr/bin/env python3
"""Reads the tables `pcapsh export` writes with DuckDB and checks them against pcapsh's own
values (--json of sessions(), conversations() and the packet list) and against tshark.

    python3 tests/tables/check.py PCAPSH OUTDIR CAPTURE...

Exports the captures to OUTDIR, then for each capture:
  - sessions: the same keys in the same order, packets, bytes, exact first and last times;
  - conversations: the same keys, per-direction packets and bytes, exact start and
    duration, state;
  - packets: the same count, exact times, lengths and summary lines;
  - against tshark -T fields (where tshark is installed): addresses, ports, TTL, TCP
    sequence numbers and lengths, VLAN ids, DNS names, TLS server names and HTTP hosts,
    wherever both dissect the packet.
Then it merges the captures with rdpcap([...]) and checks that conversations and the file
span of each are those of the merged list. Prints one line per problem; exit status 1 if
any.
"""
import json
from collections import Counter
import os
import shutil
import subprocess
import sys
from decimal import Decimal

import duckdb

problems = []


def problem(msg):
    problems.append(msg)
    if len(problems) <= int(os.environ.get("SHOW", "30")):
        print("FAIL:", msg)


def ns(text):
    """Exact nanoseconds of a JSON time (a decimal number with the capture's digits); None
    past the year 2262, where the table's timestamps end."""
    n = int(Decimal(str(text)) * 1_000_000_000)
    return n if -2**63 <= n < 2**63 else None


def pcapsh_json(pcapsh, code):
    out = subprocess.run([pcapsh, "--json", "-c", code], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"pcapsh failed: {code}\n{out.stderr}")
    return [json.loads(line, parse_float=Decimal) for line in out.stdout.splitlines()]


def table(path, sql):
    return duckdb.sql(sql.replace(" FROM T", f" FROM read_parquet('{path}')", 1)).fetchall()


def check_sessions(name, want, path):
    got = table(path, "SELECT key, packets, bytes, epoch_ns(first), epoch_ns(last) FROM T ORDER BY index")
    exp = [(s["key"], s["packets"], s["bytes"], ns(s["first_time"]), ns(s["last_time"])) for s in want]
    compare(name, "sessions", exp, got)


def check_convs(name, want, path):
    got = table(path, "SELECT index, key, proto, packets_ab, bytes_ab, packets_ba, bytes_ba, "
                      "epoch_ns(start), duration_ns, state FROM T ORDER BY index")
    exp = [(c["index"], c["key"], c["proto"], c["packets_ab"], c["bytes_ab"], c["packets_ba"],
            c["bytes_ba"], ns(c["start"]), ns(c["duration"]), c["state"]) for c in want]
    compare(name, "conversations", exp, got)


def check_packets(name, want, path):
    got = table(path, "SELECT index, epoch_ns(time), wirelen, caplen, summary FROM T ORDER BY index")
    exp = [(p["index"], ns(p["time"]), p["len"], p["caplen"], p["summary"]) for p in want]
    compare(name, "packets", exp, got)


def compare(name, what, exp, got):
    if len(exp) != len(got):
        problem(f"{name}: {what}: {len(got)} rows in the table, pcapsh has {len(exp)}")
    for i, (e, g) in enumerate(zip(exp, got)):
        if tuple(e) != tuple(g):
            problem(f"{name}: {what} row {i}: table {g} != pcapsh {e}")
            return


# tshark field -> (table column, how to read tshark's text); the first of several values
# (tunnels, quoted headers) is the outermost, as in the table.
TSHARK = [
    ("ip.src", "src", str), ("ip.dst", "dst", str), ("ipv6.src", "src", str),
    ("ipv6.dst", "dst", str), ("ip.ttl", "ttl", int), ("tcp.srcport", "sport", int),
    ("tcp.dstport", "dport", int), ("udp.srcport", "sport", int), ("udp.dstport", "dport", int),
    ("tcp.seq_raw", "tcp_seq", int), ("tcp.len", "payload_len", int),
    ("dns.qry.name", "dns_qname", str),
    ("tls.handshake.extensions_server_name", "tls_sni", str), ("http.host", "http_host", str),
]


def check_tshark(name, capture, path):
    if not shutil.which("tshark"):
        return Counter()
    fields = [f for f, _, _ in TSHARK] + ["vlan.id", "ip.cur_rt"]
    cmd = ["tshark", "-n", "-r", capture, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|",
           "-E", "separator=\t", "-o", "tcp.desegment_tcp_streams:FALSE"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        return Counter()
    rows = [line.split("\t") for line in out.stdout.splitlines()]
    cols = sorted({c for _, c, _ in TSHARK} | {"ip_version", "protocol"})
    got = table(path, f"SELECT {', '.join(cols)}, vlan FROM T ORDER BY index")
    if len(rows) != len(got):
        # tshark also counts blocks that are not packets (systemd journal entries ...),
        # which Scapy and pcapsh skip: the rows do not line up.
        print(f"note: {name}: tshark reads {len(rows)} records, pcapsh {len(got)}; not compared")
        return Counter()
    checked = Counter()
    for i, (r, g) in enumerate(zip(rows, got)):
        have = dict(zip(cols, g))
        for (field, col, conv), text in zip(TSHARK, r):
            if not text or have[col] is None:
                # Names the table must have wherever tshark found them at a segment start.
                if text and col in ("tls_sni", "http_host") and have["protocol"] == 6 and have["payload_len"]:
                    problem(f"{name}: frame {i + 1}: {col} is null, tshark has {text!r}")
                continue
            # Fields of a layer the table's columns do not describe: ports of the
            # outermost transport (UDP of a VXLAN tunnel, not the TCP inside), addresses of
            # the outermost IP header (IPv4 of 6in4, not the IPv6 inside).
            family = field.split(".")[0]
            if (family == "tcp" and have["protocol"] != 6) or (family == "udp" and have["protocol"] != 17):
                continue
            if (family == "ip" and have["ip_version"] != 4) or (family == "ipv6" and have["ip_version"] != 6):
                continue
            values = [conv(v) for v in text.split("|")]
            value = values[0]
            if col == "dns_qname" and value == "<Root>":
                value = "."
            # With a source route, tshark's ip.dst is the route's final hop and ip.cur_rt
            # the header's destination field, which the table holds (as Scapy's p[IP].dst).
            cur_rt = r[len(TSHARK) + 1] if len(r) > len(TSHARK) + 1 else ""
            if field == "ip.dst" and cur_rt:
                value = cur_rt.split("|")[0]
            if have[col] != value:
                problem(f"{name}: frame {i + 1}: {col} = {have[col]!r}, tshark {field} = {value!r}")
            checked[col] += 1
        vl = r[len(TSHARK)] if len(r) > len(TSHARK) else ""
        if vl and g[-1] is not None and [int(v) for v in vl.split("|")] != list(g[-1]):
            problem(f"{name}: frame {i + 1}: vlan = {g[-1]}, tshark vlan.id = {vl}")
    return checked


def main():
    pcapsh, out, captures = sys.argv[1], sys.argv[2], sys.argv[3:]
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run([pcapsh, "export", "--summary", "--out", out, *captures],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"export failed:\n{r.stderr}")
    checked = Counter()
    for cap in captures:
        name = os.path.basename(cap)
        sessions, convs, packets = pcapsh_json(
            pcapsh, f"a = rdpcap({cap!r}); a.sessions(); a.conversations(); a")
        pq = lambda t: os.path.join(out, t, name + ".parquet")
        check_sessions(name, sessions, pq("sessions"))
        check_convs(name, convs, pq("conversations"))
        check_packets(name, packets, pq("packets"))
        checked.update(check_tshark(name, cap, pq("packets")))
    # Several files as one list: conversations across the files, and the span of each.
    merged = os.path.join(out, "merged")
    os.makedirs(merged, exist_ok=True)
    lst = repr(captures)
    convs, = pcapsh_json(pcapsh, f"a = rdpcap({lst}); c = a.conversations(); "
                                 f"c.to_parquet({merged + '/c.parquet'!r}); "
                                 f"a.to_parquet({merged + '/p.parquet'!r}, summary=True); c")
    check_convs("merged", convs, merged + "/c.parquet")
    spans = table(merged + "/c.parquet", "SELECT count(*) FROM T WHERE first_file <> last_file")[0][0]
    files = table(merged + "/p.parquet", "SELECT count(DISTINCT file) FROM T")[0][0]
    if files != len(set(captures)):
        problem(f"merged: {files} files in the packets table, {len(set(captures))} given")
    # The order is mergecap's: by time, the later file first on a tie, each file's order kept.
    if shutil.which("mergecap"):
        m = os.path.join(merged, "mergecap.pcapng")
        subprocess.run(["mergecap", "-w", m, *captures], check=True)
        want, = pcapsh_json(pcapsh, f"rdpcap({m!r})")
        got = table(merged + "/p.parquet", "SELECT index, epoch_ns(time), wirelen, caplen, summary FROM T ORDER BY index")
        compare("merged", "packets in mergecap's order",
                [(p["index"], ns(p["time"]), p["len"], p["caplen"], p["summary"]) for p in want], got)
    print(f"{len(captures)} captures: sessions, conversations and packets equal pcapsh's; "
          f"{sum(checked.values())} values equal tshark's ({dict(sorted(checked.items()))}); merged: {len(convs)} conversations, "
          f"{spans} spanning files")
    if problems:
        print(f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
