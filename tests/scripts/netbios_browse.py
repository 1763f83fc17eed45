# Who is on the LAN, from NetBIOS browser announcements and name registrations:
# a CSV of the hosts that announce themselves, a count of every browser message,
# and the first election in full. Usage: netbios_browse.py [CAPTURE]
import sys
import csv
from collections import Counter

path = sys.argv[1] if len(sys.argv) > 1 else 'samples/netbios.pcap'
pkts = rdpcap(path)

def mailslot(p):
    """The transaction layer of a mailslot message, or None."""
    if p.haslayer(SMBMailslot_Write):
        return p[SMBMailslot_Write]
    return None

ops = Counter()
hosts = {}
election = None
for p in pkts:
    t = mailslot(p)
    if t is None:
        continue
    data = t.Data
    ops[data.sprintf('%OpCode%')] += 1
    if data.OpCode in (1, 15):
        name = data.ServerName.rstrip(b'\x00').decode()
        hosts[name] = (p[NBTDatagram].SourceIP, data.OSVersionMajor, data.OSVersionMinor,
                       str(data.ServerType), data.Periodicity // 1000)
    if data.OpCode == 8 and election is None:
        election = p

w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(['host', 'ip', 'os', 'type', 'every_s'])
for name in sorted(hosts):
    ip, major, minor, kind, every = hosts[name]
    w.writerow([name, ip, '%d.%d' % (major, minor), kind, every])

for op, n in ops.most_common():
    print('%-25s %d' % (op, n))

regs = [p for p in pkts if p.haslayer(NBNSRegistrationRequest)]
print('registrations:', len(regs), sorted(set(p.QUESTION_NAME for p in regs)))

if election is not None:
    t = mailslot(election)
    print(t.Name, t.DataLen, t.DataBufferOffset, t.Setup, election[SMB_Header].Command)
    print(election[SMB_Header].Flags, election[NBTDatagram].SourceName)
    election[SMB_Header].show()
    print(election.summary())
