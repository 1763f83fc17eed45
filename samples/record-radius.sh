#!/usr/bin/env bash
# Records samples/radius.pcap: FreeRADIUS 3 and its clients (radclient, radtest,
# eapol_test) in two network namespaces joined by a veth pair. The NAS side asks:
# PAP, CHAP and MS-CHAP logins that succeed and one that is refused, a Status-Server,
# accounting Start, Interim-Update and Stop with the usual attributes and a
# vendor-specific one, EAP-MD5, and PEAP with MS-CHAPv2 inside (the server's
# certificate makes EAP messages longer than one attribute holds, so they are split over
# several EAP-Message attributes), and a Disconnect-Request to port 3799, where nothing
# listens. Run as root:  bash samples/record-radius.sh [OUTDIR]
# Needs: iproute2 tcpdump openssl freeradius freeradius-utils eapoltest.
#
#   ns "pcapsh-radc" (nc, 10.96.0.1) <-- veth --> ns "pcapsh-rads" (ns, 10.96.0.2, freeradius)
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
. "$(dirname "$0")/netns.sh"
netns_pair pcapsh-radc nc 02:00:00:96:00:01 10.96.0.1/24 pcapsh-rads ns 02:00:00:96:00:02 10.96.0.2/24
C=pcapsh-radc S=pcapsh-rads
SECRET=pcapsh-secret

# The server's configuration: the packaged one with a client, users and a certificate.
cp -a /etc/freeradius/3.0 "$work/raddb"
cat >> "$work/raddb/clients.conf" <<EOF
client pcapsh-nas {
	ipaddr = 10.96.0.0/24
	secret = $SECRET
}
EOF
cat > "$work/raddb/mods-config/files/authorize" <<'EOF'
bob	Cleartext-Password := "hello"
	Reply-Message := "Hello, %{User-Name}",
	Session-Timeout := 3600,
	Framed-IP-Address := 10.96.0.50

alice	Cleartext-Password := "wonderland"
EOF
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=radius.pcapsh.example" \
  -keyout "$work/raddb/certs/server.key" -out "$work/raddb/certs/server.pem" 2>/dev/null
sed -i -e "s|private_key_file = .*|private_key_file = $work/raddb/certs/server.key|" \
  -e "s|certificate_file = .*|certificate_file = $work/raddb/certs/server.pem|" \
  -e "s|^\(\s*\)ca_file = .*|\1ca_file = $work/raddb/certs/server.pem|" \
  -e "s|private_key_password = .*|private_key_password = |" "$work/raddb/mods-available/eap"
chown -R freerad:freerad "$work/raddb"
ip netns exec $S freeradius -f -l "$work/server.log" -d "$work/raddb" &
server=$!
sleep 3
ip netns exec $C tcpdump -i nc -U -s 0 -w "$work/radius.pcap" udp or icmp 2>/dev/null &
dump=$!
sleep 1

A=10.96.0.2
q() { ip netns exec $C "$@" 2>&1 | sed 's/^/  /' || true; }
q radtest -t pap bob hello $A:1812 7 $SECRET
q radtest -t chap bob hello $A:1812 7 $SECRET
q radtest -t mschap alice wonderland $A:1812 8 $SECRET
q radtest -t pap bob wrong-password $A:1812 7 $SECRET
echo 'Message-Authenticator = 0x00' | q radclient -x $A:1812 status $SECRET
cat > "$work/acct" <<EOF
User-Name = "bob"
Acct-Status-Type = Start
Acct-Session-Id = "pcapsh-0001"
NAS-IP-Address = 10.96.0.1
NAS-Port = 7
NAS-Port-Type = Ethernet
Service-Type = Framed-User
Framed-Protocol = PPP
Framed-IP-Address = 10.96.0.50
Acct-Authentic = RADIUS
Called-Station-Id = "02-00-00-96-00-01:pcapsh"
Calling-Station-Id = "02-00-00-96-00-99"
Cisco-AVPair = "shell:priv-lvl=15"
Event-Timestamp = 1700000000
Acct-Delay-Time = 0

User-Name = "bob"
Acct-Status-Type = Interim-Update
Acct-Session-Id = "pcapsh-0001"
NAS-IP-Address = 10.96.0.1
Acct-Session-Time = 300
Acct-Input-Octets = 123456
Acct-Output-Octets = 654321
Acct-Input-Packets = 1000
Acct-Output-Packets = 2000

User-Name = "bob"
Acct-Status-Type = Stop
Acct-Session-Id = "pcapsh-0001"
NAS-IP-Address = 10.96.0.1
Acct-Session-Time = 600
Acct-Terminate-Cause = User-Request
Acct-Input-Gigawords = 1
Acct-Output-Gigawords = 0
EOF
q radclient -x -f "$work/acct" $A:1813 acct $SECRET
cat > "$work/md5.conf" <<'EOF'
network={
	key_mgmt=IEEE8021X
	eap=MD5
	identity="bob"
	password="hello"
}
EOF
cat > "$work/peap.conf" <<'EOF'
network={
	key_mgmt=IEEE8021X
	eap=PEAP
	identity="bob"
	anonymous_identity="anonymous"
	password="hello"
	phase2="auth=MSCHAPV2"
	phase1="peapver=0"
}
EOF
q eapol_test -c "$work/md5.conf" -a $A -s $SECRET -t 5
q eapol_test -c "$work/peap.conf" -a $A -s $SECRET -t 10
echo 'User-Name = "bob", Acct-Session-Id = "pcapsh-0001"' | q radclient -x -r 1 -t 1 $A:3799 disconnect $SECRET
sleep 1
netns_save $dump radius.pcap
