# SMB 2 headers as a script author reads them: sprintf of enum fields, a flag by name,
# the nested FileId, and TID/PID, which an async header leaves out (None, as in Scapy).
import sys
from scapy.all import *
from scapy.layers.smb2 import SMB2_Header, SMB2_Tree_Connect_Response, SMB2_Create_Response
pkts = rdpcap(sys.argv[1] if len(sys.argv) > 1 else 'samples/smb.pcap')
for n, p in enumerate(pkts):
    if not p.haslayer(SMB2_Header):
        continue
    h = p.getlayer(SMB2_Header)
    line = p.sprintf("%IP.src% -> %IP.dst% ") + h.sprintf("%Command% %Status%")
    if h.Flags.SMB2_FLAGS_SERVER_TO_REDIR:
        line += " (reply)"
    print(n, line, h.MID, h.SessionId, h.TID)
    if p.haslayer(SMB2_Tree_Connect_Response):
        t = p[SMB2_Tree_Connect_Response]
        print("   share type", t.ShareType, t.sprintf("%ShareType%"), t.MaximalAccess)
    if SMB2_Create_Response in p:
        c = p[SMB2_Create_Response]
        print("   file id", c.FileId.Persistent, c.FileId.Volatile, c.EndOfFile, c.sprintf("%CreateAction%"))
