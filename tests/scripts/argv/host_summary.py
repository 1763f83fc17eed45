from scapy.all import *
import sys, os
fn = sys.argv[1]
if not os.path.exists(fn):
    print("no file", file=sys.stderr)
    sys.exit(2)
print(os.path.basename(fn), os.path.splitext(fn)[1])
a = rdpcap(fn)
ips = {p[IP].src for p in a if IP in p}
print(len(ips), sorted(ips)[:3])
sys.stdout.write("done\n")
sys.exit(0)
