#!/usr/bin/env python3
# smb_audit.py - who spoke SMB to whom, in which dialect, which shares and files
# in a real author's style: a Counter of commands, a CSV of files opened, shares per
# client. Usage: smb_audit.py [CAPTURE] [--no-csv]
import sys
from collections import Counter, defaultdict

from scapy.all import rdpcap, IP, TCP
from scapy.layers.netbios import NBTSession
from scapy.layers.smb import SMB_Header, SMBNegotiate_Request, SMBTree_Connect_AndX
from scapy.layers.smb2 import (SMB2_Header, SMB2_Negotiate_Protocol_Request,
                               SMB2_Negotiate_Protocol_Response, SMB2_Tree_Connect_Request,
                               SMB2_Create_Request, SMB2_Error_Response, SMB2_Read_Response)

path = sys.argv[1] if len(sys.argv) > 1 else 'samples/smb.pcap'

DIALECT_NAMES = {0x202: "2.0.2", 0x210: "2.1", 0x300: "3.0", 0x302: "3.0.2", 0x311: "3.1.1"}


def flow(p):
    return "%s:%d -> %s:%d" % (p[IP].src, p[TCP].sport, p[IP].dst, p[TCP].dport)


pkts = rdpcap(path)
commands = Counter()
errors = Counter()
shares = defaultdict(set)
files = []
sizes = Counter()
for i, p in enumerate(pkts):
    if NBTSession not in p:
        continue
    nbt = p[NBTSession]
    sizes[nbt.TYPE] += nbt.LENGTH
    if SMB_Header in p:
        h = p[SMB_Header]
        commands["SMB1 " + str(h.Command)] += 1
        if SMBNegotiate_Request in p:
            offered = [d.DialectString.decode() for d in p[SMBNegotiate_Request].Dialects]
            print("%d %s offers %s" % (i, flow(p), ", ".join(offered)))
        if SMBTree_Connect_AndX in p and not h.Flags & 0x80:
            print("%d SMB1 tree connect %r" % (i, p[SMBTree_Connect_AndX].Path))
    if SMB2_Header in p:
        h = p[SMB2_Header]
        reply = bool(h.Flags & 1)
        commands["SMB2 %s %s" % (h.Command, "reply" if reply else "call")] += 1
        if SMB2_Negotiate_Protocol_Request in p:
            ds = p[SMB2_Negotiate_Protocol_Request].Dialects
            print("%d client dialects: %s" % (i, " ".join(DIALECT_NAMES.get(d, hex(d)) for d in ds)))
        if SMB2_Negotiate_Protocol_Response in p:
            r = p[SMB2_Negotiate_Protocol_Response]
            print("%d server chose %s, max read %d" % (i, DIALECT_NAMES.get(r.DialectRevision, "?"), r.MaxReadSize))
        if SMB2_Tree_Connect_Request in p:
            shares[p[IP].src].add(p[SMB2_Tree_Connect_Request].Path)
        if SMB2_Create_Request in p:
            c = p[SMB2_Create_Request]
            name = c.Name if c.NameLen else "(root)"
            files.append((i, h.MID, name, c.CreateDisposition, c.DesiredAccess))
        if SMB2_Error_Response in p:
            errors[h.Status] += 1
        if SMB2_Read_Response in p:
            print("%d read %d bytes: %r" % (i, p[SMB2_Read_Response].DataLen, p[SMB2_Read_Response].Data))

print("commands:")
for k, v in sorted(commands.items()):
    print("  %-40s %d" % (k, v))
print("errors:", dict(errors))
for host, s in sorted(shares.items()):
    print(host, sorted(s))
if "--no-csv" not in sys.argv:
    print("frame,mid,name,disposition,access")
    for f in files:
        print(",".join(str(x) for x in f))
print("bytes by session message type:", sorted(sizes.items()))
