#!/usr/bin/env bash
# Records samples/kerberos.pcap: MIT Kerberos (krb5kdc) and OpenLDAP (slapd) with their
# clients in two network namespaces joined by a veth pair. Over UDP: kinit without
# pre-authentication (KRB-ERROR PREAUTH_REQUIRED with its METHOD-DATA, then AS-REQ with
# PA-ENC-TIMESTAMP and AS-REP), a wrong password (PREAUTH_FAILED), an unknown user
# (C_PRINCIPAL_UNKNOWN), service tickets (TGS-REQ/REP with the AP-REQ in PA-TGS-REQ),
# an unknown service (S_PRINCIPAL_UNKNOWN); the same over TCP; two password changes with
# kpasswd to kadmind (Kpasswd on port 464, over TCP as MIT's client sends it whatever
# udp_preference_limit says). LDAP: simple binds (one
# refused), an add, searches with every filter kind and paged results, a modify, a
# rename, a compare-free delete, a SASL GSSAPI bind (Kerberos inside LDAP, then
# SASL-wrapped messages) and an unbind. Run as root:
#   bash samples/record-kerberos.sh [OUTDIR]
# Needs: iproute2 tcpdump krb5-kdc krb5-user slapd ldap-utils libsasl2-modules-gssapi-mit.
#
#   ns "pcapsh-krbc" (nc, 10.97.0.1) <-- veth --> ns "pcapsh-krbs" (ns, 10.97.0.2, kdc, slapd)
set -euo pipefail
out=$(realpath "${1:-$(dirname "$0")}")
. "$(dirname "$0")/netns.sh"
netns_pair pcapsh-krbc nc 02:00:00:97:00:01 10.97.0.1/24 pcapsh-krbs ns 02:00:00:97:00:02 10.97.0.2/24
C=pcapsh-krbc S=pcapsh-krbs
R=PCAPSH.EXAMPLE
A=10.97.0.2
H=kdc.pcapsh.example

cat > "$work/krb5.conf" <<EOF
[libdefaults]
  default_realm = $R
  dns_lookup_kdc = false
  dns_lookup_realm = false
  rdns = false
  udp_preference_limit = 1465
[realms]
  $R = {
    kdc = $A
    admin_server = $A
    kpasswd_server = $A
  }
[domain_realm]
  .pcapsh.example = $R
EOF
sed 's/udp_preference_limit = 1465/udp_preference_limit = 1/' "$work/krb5.conf" > "$work/krb5-tcp.conf"
mkdir -p "$work/db"
cat > "$work/kdc.conf" <<EOF
[kdcdefaults]
  kdc_listen = $A
  kdc_tcp_listen = $A
  kadmind_listen = $A
  kpasswd_listen = $A
[realms]
  $R = {
    database_name = $work/db/principal
    key_stash_file = $work/db/stash
    acl_file = $work/db/kadm5.acl
    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
  }
EOF
export KRB5_CONFIG="$work/krb5.conf" KRB5_KDC_PROFILE="$work/kdc.conf"
kdb5_util create -s -r $R -P pcapsh-master >/dev/null
kadmin.local -q "addprinc -pw hello bob" >/dev/null
kadmin.local -q "addprinc +requires_preauth -pw wonderland alice" >/dev/null
kadmin.local -q "addprinc -randkey host/$H" >/dev/null
kadmin.local -q "addprinc -randkey ldap/$A" >/dev/null
kadmin.local -q "ktadd -k $work/ldap.keytab ldap/$A" >/dev/null
chmod 644 "$work/ldap.keytab"
echo "*/admin@$R *" > "$work/db/kadm5.acl"
ip netns exec $S krb5kdc -n -P "$work/kdc.pid" &
ip netns exec $S kadmind -nofork -P "$work/kadmind.pid" &

# slapd: one database, a manager with a password, SASL GSSAPI with the keytab.
mkdir -p "$work/ldapdb"
cat > "$work/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile $work/slapd.pid
sasl-host $A
sasl-realm $R
authz-regexp uid=([^,]*),cn=$R,cn=gssapi,cn=auth uid=\$1,ou=people,dc=pcapsh,dc=example
database mdb
suffix "dc=pcapsh,dc=example"
rootdn "cn=admin,dc=pcapsh,dc=example"
rootpw secret
directory $work/ldapdb
access to * by * read
EOF
ip netns exec $S env KRB5_KTNAME="$work/ldap.keytab" slapd -f "$work/slapd.conf" \
  -h "ldap://$A/" -d 0 2>"$work/slapd.log" &
sleep 2
ip netns exec $C tcpdump -i nc -U -s 0 -w "$work/kerberos.pcap" port 88 or port 389 or port 464 2>/dev/null &
dump=$!
sleep 1

q() { ip netns exec $C "$@" 2>&1 | sed 's/^/  /' || true; }
export KRB5CCNAME="$work/cc"
# Kerberos over UDP.
echo hello | q kinit bob
q kvno host/$H
echo wrong | q kinit alice
echo wonderland | q kinit alice
q kvno host/$H
q kvno nobody/$H
echo x | q kinit carol
# The same over TCP.
KRB5_CONFIG="$work/krb5-tcp.conf"
echo wonderland | q kinit alice
q kvno host/$H
KRB5_CONFIG="$work/krb5.conf"
# Password changes (and back): Kpasswd.
printf 'hello\nbuilder1\nbuilder1\n' | q kpasswd bob
printf 'builder1\nhello\nhello\n' | q env KRB5_CONFIG="$work/krb5-tcp.conf" kpasswd bob

# LDAP.
D="cn=admin,dc=pcapsh,dc=example"
U="ldap://$A"
cat > "$work/add.ldif" <<EOF
dn: dc=pcapsh,dc=example
objectClass: dcObject
objectClass: organization
o: pcapsh
dc: pcapsh

dn: ou=people,dc=pcapsh,dc=example
objectClass: organizationalUnit
ou: people

dn: uid=alice,ou=people,dc=pcapsh,dc=example
objectClass: inetOrgPerson
uid: alice
cn: Alice Liddell
sn: Liddell
mail: alice@pcapsh.example

dn: uid=bob,ou=people,dc=pcapsh,dc=example
objectClass: inetOrgPerson
uid: bob
cn: Bob Builder
sn: Builder
EOF
q ldapadd -x -H $U -D "$D" -w secret -f "$work/add.ldif"
q ldapsearch -x -H $U -D "$D" -w wrong -b dc=pcapsh,dc=example
B=dc=pcapsh,dc=example
q ldapsearch -x -H $U -b $B "(uid=alice)" cn mail
q ldapsearch -x -H $U -b $B "(&(objectClass=inetOrgPerson)(|(cn=Ali*ell)(sn=*uild*))(!(uid=carol)))"
q ldapsearch -x -H $U -b $B "(&(mail=*)(uid>=a)(uid<=z)(cn~=alice))" uid
q ldapsearch -x -H $U -b $B -s one -E pr=1/noprompt "(objectClass=*)" dn
q ldapsearch -x -H $U -b "" -s base "(objectClass=*)" namingContexts supportedSASLMechanisms
cat > "$work/mod.ldif" <<EOF
dn: uid=bob,ou=people,dc=pcapsh,dc=example
changetype: modify
replace: mail
mail: bob@pcapsh.example
-
add: description
description: builds things
EOF
q ldapmodify -x -H $U -D "$D" -w secret -f "$work/mod.ldif"
q ldapmodrdn -x -H $U -D "$D" -w secret "uid=bob,ou=people,$B" uid=robert
q ldapdelete -x -H $U -D "$D" -w secret "uid=robert,ou=people,$B"
q ldapwhoami -x -H $U -D "$D" -w secret
# SASL GSSAPI with alice's ticket: Kerberos inside the bind, then wrapped messages.
q ldapsearch -N -Y GSSAPI -H "$U" -b $B "(uid=alice)" cn
sleep 1
netns_save $dump kerberos.pcap
