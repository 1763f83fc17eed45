#!/usr/bin/env python3
"""Writes src/dissect/layers/tls_tables.rs from Scapy 2.8.0's TLS registries: the IANA
cipher suite names Scapy shows, and for each suite Scapy can decrypt the kind of
cipher it uses (which decides how it dissects records after a ChangeCipherSpec).

    pip install scapy==2.8.0 && python3 tools/make-tls-tables.py
"""
import os
from scapy.all import load_layer
load_layer('tls')
from scapy.layers.tls.crypto.suites import _tls_cipher_suites_cls
from scapy.layers.tls.handshake import _tls_cipher_suites
from scapy.layers.tls.crypto.groups import _tls_named_groups
from scapy.layers.tls.keyexchange import _tls_hash_sig
from scapy.layers.tls.extensions import _tls_ext
from scapy.layers.tls.basefields import _tls_version

def kind(c):
    ca = getattr(c, 'cipher_alg', None)
    if ca is None:
        return None
    if (c.__name__.startswith('TLS_AES') or c.__name__.startswith('TLS_CHACHA20_POLY1305_SHA')
            or c.__name__.startswith('TLS_SM4')) and (c.val >> 8) == 0x13:
        return 'Tls13'
    if ca.type == 'block':
        return 'Block(%d)' % ca.block_size
    if ca.type == 'stream':
        return 'Stream'
    return 'Aead(%d, %d)' % (ca.nonce_explicit_len or 0, ca.tag_len)

def table(name, ty, d):
    rows = ''.join('    (%#06x, %s),\n' % (k, v) for k, v in sorted(d.items()))
    return 'pub static %s: &[(u16, %s)] = &[\n%s];\n\n' % (name, ty, rows)

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', 'src', 'dissect', 'layers', 'tls_tables.rs')
s = ('//! Scapy 2.8.0\'s TLS registries, as data: written by tools/make-tls-tables.py.\n\n'
     'use super::tls::Cipher::{self, *};\n\n')
s += table('SUITE_NAMES', '&str', {k: '"%s"' % v for k, v in _tls_cipher_suites.items() if k < 0x10000})
s += table('SUITE_CIPHERS', 'Cipher',
           {k: kind(c) for k, c in _tls_cipher_suites_cls.items() if kind(c) and k < 0x10000})
s += table('GROUPS', '&str', {k: '"%s"' % v for k, v in _tls_named_groups.items()})
s += table('SIG_ALGS', '&str', {k: '"%s"' % v for k, v in _tls_hash_sig.items()})
s += table('EXTENSIONS', '&str', {k: '"%s"' % v for k, v in _tls_ext.items()})
s += table('VERSIONS', '&str', {k: '"%s"' % v for k, v in _tls_version.items()})
open(out, 'w').write(s.rstrip('\n') + '\n')
