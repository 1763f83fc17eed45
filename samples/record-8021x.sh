#!/usr/bin/env bash
# Records samples/8021x.pcap: wired 802.1X between real programs in two network
# namespaces joined by a veth pair. hostapd (driver=wired, its own EAP server) is the
# authenticator, wpa_supplicant (driver=wired) the supplicant; each run tries one EAP
# method. Run as root:  bash samples/record-8021x.sh [OUTDIR]
# Needs: iproute2 tcpdump hostapd wpasupplicant openssl.
#
#   ns "pcapsh-sup" (vs, supplicant) <-- veth --> ns "pcapsh-auth" (va, hostapd)
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
A=pcapsh-auth S=pcapsh-sup
work=$(mktemp -d)
cleanup() {
  pkill -INT -f "tcpdump.*$work" 2>/dev/null || true
  ip netns pids $A 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns pids $S 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del $A 2>/dev/null || true
  ip netns del $S 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cleanup 2>/dev/null || true
work=$(mktemp -d)

ip netns add $A
ip netns add $S
ip link add va type veth peer name vs
ip link set va netns $A
ip link set vs netns $S
ip -n $A link set va address 02:00:00:8e:00:01
ip -n $S link set vs address 02:00:00:8e:00:02
# Only 802.1X on the wire: no IPv6 neighbour discovery.
for n in $A $S; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
ip -n $A link set va up
ip -n $S link set vs up

# A throwaway CA, server and client certificate for the TLS-based methods.
cd "$work"
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=pcapsh-test-ca \
  -keyout ca.key -out ca.pem 2>/dev/null
for who in server client; do
  openssl req -newkey rsa:2048 -nodes -subj /CN=pcapsh-$who -keyout $who.key \
    -out $who.csr 2>/dev/null
  openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
    -out $who.pem 2>/dev/null
done

cat > users <<'U'
"md5user" MD5 "secret"
"peapuser" PEAP
"peapuser" MSCHAPV2 "secret" [2]
"ttlsuser" TTLS
"ttlsuser" TTLS-PAP "secret" [2]
"tlsuser" TLS
U
cat > hostapd.conf <<H
interface=va
driver=wired
ieee8021x=1
eapol_version=2
eap_server=1
eap_user_file=$work/users
ca_cert=$work/ca.pem
server_cert=$work/server.pem
private_key=$work/server.key
use_pae_group_addr=1
H

ip netns exec $A tcpdump -U -i va -w "$work/8021x.pcap" 2>/dev/null &
sleep 1
ip netns exec $A hostapd "$work/hostapd.conf" > "$work/hostapd.log" 2>&1 &
sleep 2

# One supplicant run per method; the last two fail (a wrong password, an unknown user).
run() {
  { printf 'ap_scan=0\neapol_version=2\nnetwork={\n key_mgmt=IEEE8021X\n eapol_flags=0\n'
    printf ' %s\n' "$@"
    printf '}\n'; } > sup.conf
  ip netns exec $S timeout -s INT 6 wpa_supplicant -D wired -i vs -c "$work/sup.conf" \
    >> "$work/sup.log" 2>&1 || true
  sleep 1
}
run eap=MD5 'identity="md5user"' 'password="secret"'
run eap=PEAP 'identity="peapuser"' 'password="secret"' "ca_cert=\"$work/ca.pem\"" \
  'phase2="auth=MSCHAPV2"'
run eap=TTLS 'identity="ttlsuser"' 'password="secret"' "ca_cert=\"$work/ca.pem\"" \
  'phase2="auth=PAP"'
run eap=TLS 'identity="tlsuser"' "ca_cert=\"$work/ca.pem\"" \
  "client_cert=\"$work/client.pem\"" "private_key=\"$work/client.key\""
run eap=MD5 'identity="md5user"' 'password="wrong"'
run eap=MD5 'identity="nobody"' 'password="secret"'
pkill -INT -f "tcpdump.*$work"
sleep 1
cp "$work/8021x.pcap" "$out/8021x.pcap"
cp "$work/hostapd.log" "$work/sup.log" "${TMPDIR:-/tmp}/" 2>/dev/null || true
echo "wrote $out/8021x.pcap: $(tcpdump -r "$out/8021x.pcap" 2>/dev/null | wc -l) packets"
