import argparse
import csv
from scapy.all import rdpcap, IP, TCP, UDP

def parse():
    ap = argparse.ArgumentParser(description="Export flows to CSV")
    ap.add_argument("pcap", help="input capture")
    ap.add_argument("-o", "--out", default="flows.csv", help="output csv")
    ap.add_argument("-v", "--verbose", action="store_true")
    return ap.parse_args()

def main():
    args = parse()
    pkts = rdpcap(args.pcap)
    rows = []
    for i, p in enumerate(pkts):
        if IP in p:
            proto = "TCP" if TCP in p else ("UDP" if UDP in p else str(p[IP].proto))
            rows.append([i, p[IP].src, p[IP].dst, proto, len(p)])
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["idx", "src", "dst", "proto", "len"])
        w.writerows(rows)
    if args.verbose:
        print("wrote %d rows to %s" % (len(rows), args.out))
    with open(args.out) as f:
        for line in f.readlines()[:5]:
            print(line.strip())

if __name__ == "__main__":
    main()
