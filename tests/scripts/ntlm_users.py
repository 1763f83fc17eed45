#!/usr/bin/env python3
# Who authenticated over SMB with NTLM (samples/smb.pcap): the negotiated mechanisms,
# the server's challenge and target information, then each user, domain and workstation
# from the NTLM AUTHENTICATE messages inside the SPNEGO tokens.
import sys
from scapy.all import *

pcap = sys.argv[1] if len(sys.argv) > 1 else 'samples/smb.pcap'


def token_of(blob):
    """The NTLM message inside a security blob, or None."""
    if blob is None:
        return None
    if isinstance(blob, GSSAPI_BLOB):
        blob = blob.innerToken
    if not isinstance(blob, SPNEGO_negToken):
        return None
    tok = blob.token
    inner = tok.mechToken if isinstance(tok, SPNEGO_negTokenInit) else tok.responseToken
    return inner.value if inner is not None else None


for i, p in enumerate(rdpcap(pcap)):
    blob = None
    if p.haslayer(SMB2_Session_Setup_Request):
        blob = p[SMB2_Session_Setup_Request].SecurityBlob
    elif p.haslayer(SMB2_Session_Setup_Response):
        blob = p[SMB2_Session_Setup_Response].Security
    elif p.haslayer(SMB2_Negotiate_Protocol_Response):
        b = p[SMB2_Negotiate_Protocol_Response].SecurityBlob
        mechs = [m.oid.val for m in b.innerToken.token.mechTypes]
        print(i, 'negotiate: mechanisms', mechs)
        continue
    elif p.haslayer(SMBSession_Setup_AndX_Request_Extended_Security):
        blob = p[SMBSession_Setup_AndX_Request_Extended_Security].SecurityBlob
    elif p.haslayer(SMBSession_Setup_AndX_Response_Extended_Security):
        blob = p[SMBSession_Setup_AndX_Response_Extended_Security].SecurityBlob
    msg = token_of(blob)
    if msg is None:
        continue
    name = msg.__class__.__name__
    if isinstance(msg, NTLM_NEGOTIATE):
        print(i, name, msg.NegotiateFlags)
    elif isinstance(msg, NTLM_CHALLENGE):
        avs = [(av.sprintf('%AvId%'), av.AvLen, av.Value) for av in msg.TargetInfo]
        print(i, name, msg.ServerChallenge.hex(), msg.TargetName, len(avs), 'AV pairs')
        for avid, n, value in avs:
            print('    %-22s %2d %r' % (avid, n, value))
    elif isinstance(msg, NTLM_AUTHENTICATE):
        print(i, name, repr(msg.UserName), repr(msg.DomainName), repr(msg.Workstation),
              'MIC' if msg.MIC else 'no MIC', len(msg.EncryptedRandomSessionKey))
