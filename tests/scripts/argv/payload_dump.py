from scapy.all import *
import sys
import binascii
import struct

pkts = rdpcap(sys.argv[1])
for n, p in enumerate(pkts[:20]):
    if Raw in p:
        data = bytes(p[Raw].load)
        print(n, len(data), binascii.hexlify(data[:8]))
        if len(data) >= 4:
            (a,) = struct.unpack("!I", data[:4])
            print("  first word", hex(a))
        if b"HTTP" in data:
            print("  http:", data.split(b"\r\n")[0])
