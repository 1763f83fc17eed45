#!/bin/sh
# Records what Scapy 2.8.0 prints for each 802.11 script on the shared 802.11 captures:
# tests/scripts/wifi/SCRIPT.CAPTURE.out. tests/suite/layers.rs compares pcapsh with them.
#   pip install scapy==2.8.0 && sh tests/scripts/wifi/make.sh [../shared/captures]
set -e
here=$(cd "$(dirname "$0")" && pwd)
shared=${1:-$here/../../../../shared/captures}
for script in "$here"/*.py; do
    for cap in libpcap-network_join_nokia_mobile.pcap tcpdump-ieee802.11_exthdr.pcap libpcap-http_ppi.pcap; do
        python3 "$script" "$shared/$cap" > "$here/$(basename "$script" .py).$cap.out"
    done
done
