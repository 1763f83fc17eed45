#!/usr/bin/env bash
# Records samples/snmp.pcap: net-snmp's tools against a real snmpd in two network
# namespaces joined by a veth pair. The client asks over SNMP v1 and v2c (get, get-next,
# get-bulk, a walk of the system group, a set the agent refuses, names that do not
# exist: noSuchName in v1, noSuchObject/noSuchInstance and endOfMibView in v2c), over
# SNMP v3 (authenticated and encrypted, which Scapy leaves as bytes), and sends v1 and
# v2c traps to the manager port 162. Run as root:  bash samples/record-snmp.sh [OUTDIR]
# Needs: iproute2 tcpdump snmpd snmp (net-snmp).
#
#   ns "pcapsh-snmpc" (nc, 10.95.0.1) <-- veth --> ns "pcapsh-snmps" (ns, 10.95.0.2, snmpd)
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
. "$(dirname "$0")/netns.sh"
netns_pair pcapsh-snmpc nc 02:00:00:95:00:01 10.95.0.1/24 pcapsh-snmps ns 02:00:00:95:00:02 10.95.0.2/24
C=pcapsh-snmpc S=pcapsh-snmps

mkdir -p "$work/agent"
cat > "$work/agent/snmpd.conf" <<EOF
agentAddress udp:10.95.0.2:161
rocommunity public 10.95.0.0/24
rwcommunity private 10.95.0.0/24 .1.3.6.1.2.1.1.6
sysName pcapsh-agent
sysDescr pcapsh test agent (net-snmp)
sysLocation pcapsh lab
sysContact admin@pcapsh.example
createUser pcapshv3 SHA "pcapsh-auth-pass" AES "pcapsh-priv-pass"
rouser pcapshv3 priv
EOF
ip netns exec $S env SNMP_PERSISTENT_DIR="$work/agent" \
  snmpd -f -Lf "$work/agent/log" -C -c "$work/agent/snmpd.conf" -p "$work/agent/pid" &
agent=$!
sleep 2
ip netns exec $C tcpdump -i nc -U -s 0 -w "$work/snmp.pcap" udp or icmp 2>/dev/null &
dump=$!
sleep 1

q() { ip netns exec $C env MIBS= "$@" 2>&1 | sed 's/^/  /' || true; }
A=10.95.0.2
q snmpget -v1 -c public -On $A .1.3.6.1.2.1.1.1.0 .1.3.6.1.2.1.1.3.0 .1.3.6.1.2.1.1.5.0
q snmpget -v1 -c public -On $A .1.3.6.1.2.1.1.99.0
q snmpgetnext -v1 -c public -On $A .1.3.6.1.2.1.1.4
q snmpget -v2c -c public -On $A .1.3.6.1.2.1.1.2.0 .1.3.6.1.2.1.2.2.1.10.1 .1.3.6.1.2.1.4.20.1.1.10.95.0.2
q snmpget -v2c -c public -On $A .1.3.6.1.2.1.1.99.0 .1.3.6.1.2.1.1.1.5
q snmpgetnext -v2c -c public -On $A .1.3.6.1.6.3.99
q snmpbulkget -v2c -c public -On -Cn1 -Cr3 $A .1.3.6.1.2.1.1.1 .1.3.6.1.2.1.2.2.1.2
q snmpwalk -v2c -c public -On $A .1.3.6.1.2.1.1
q snmpset -v2c -c public -On $A .1.3.6.1.2.1.1.6.0 s "elsewhere"
q snmpset -v2c -c private -On $A .1.3.6.1.2.1.1.6.0 s "pcapsh lab, rack 2"
q snmpget -v3 -l authPriv -u pcapshv3 -a SHA -A pcapsh-auth-pass -x AES -X pcapsh-priv-pass -On $A .1.3.6.1.2.1.1.5.0
q snmptrap -v1 -c public 10.95.0.2:162 .1.3.6.1.4.1.8072.2.3 10.95.0.1 6 17 4242 .1.3.6.1.2.1.1.5.0 s "pcapsh-trap"
q snmptrap -v1 -c public 10.95.0.2:162 .1.3.6.1.4.1.8072.2.3 10.95.0.1 2 0 100 .1.3.6.1.2.1.2.2.1.1.1 i 1
q snmptrap -v2c -c public 10.95.0.2:162 4242 .1.3.6.1.6.3.1.1.5.3 .1.3.6.1.2.1.2.2.1.1.2 i 2 .1.3.6.1.2.1.31.1.1.1.6.2 C 1234567890123 .1.3.6.1.4.1.8072.9999.1 x "DEADBEEF" .1.3.6.1.4.1.8072.9999.2 a 10.95.0.9 .1.3.6.1.4.1.8072.9999.3 u 4000000000 .1.3.6.1.4.1.8072.9999.4 o .1.3.6.1.4.1
sleep 1
netns_save $dump snmp.pcap
