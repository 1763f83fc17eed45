//! ISAKMP's names for numbers, as Scapy 2.8.0's `scapy.layers.isakmp` has them:
//! written by tools/make-isakmp-tables.py.

/// A transform attribute: its type, its name, the names of its values.
pub type Attr = (i64, &'static str, &'static [(i64, &'static str)]);

/// Payload types (`next_payload`).
#[rustfmt::skip]
pub const PAYLOADS: &[(i64, &str)] = &[
    (0, "None"),
    (1, "SA"),
    (2, "Proposal"),
    (3, "Transform"),
    (4, "KE"),
    (5, "ID"),
    (6, "CERT"),
    (7, "CR"),
    (8, "Hash"),
    (9, "SIG"),
    (10, "Nonce"),
    (11, "Notification"),
    (12, "Delete"),
    (13, "VendorID"),
];

/// Exchange types.
#[rustfmt::skip]
pub const EXCHANGES: &[(i64, &str)] = &[
    (0, "None"),
    (1, "base"),
    (2, "identity protection"),
    (3, "authentication only"),
    (4, "aggressive"),
    (5, "informational"),
    (32, "quick mode"),
];

/// Security protocol identifiers.
#[rustfmt::skip]
pub const PROTOS: &[(i64, &str)] = &[
    (1, "ISAKMP"),
    (2, "IPSEC_AH"),
    (3, "IPSEC_ESP"),
    (4, "IPCOMP"),
    (5, "GIGABEAM_RADIO"),
];

/// Notify message types.
#[rustfmt::skip]
pub const NOTIFY: &[(i64, &str)] = &[
    (1, "INVALID-PAYLOAD-TYPE"),
    (2, "DOI-NOT-SUPPORTED"),
    (3, "SITUATION-NOT-SUPPORTED"),
    (4, "INVALID-COOKIE"),
    (5, "INVALID-MAJOR-VERSION"),
    (6, "INVALID-MINOR-VERSION"),
    (7, "INVALID-EXCHANGE-TYPE"),
    (8, "INVALID-FLAGS"),
    (9, "INVALID-MESSAGE-ID"),
    (10, "INVALID-PROTOCOL-ID"),
    (11, "INVALID-SPI"),
    (12, "INVALID-TRANSFORM-ID"),
    (13, "ATTRIBUTES-NOT-SUPPORTED"),
    (14, "NO-PROPOSAL-CHOSEN"),
    (15, "BAD-PROPOSAL-SYNTAX"),
    (16, "PAYLOAD-MALFORMED"),
    (17, "INVALID-KEY-INFORMATION"),
    (18, "INVALID-ID-INFORMATION"),
    (19, "INVALID-CERT-ENCODING"),
    (20, "INVALID-CERTIFICATE"),
    (21, "CERT-TYPE-UNSUPPORTED"),
    (22, "INVALID-CERT-AUTHORITY"),
    (23, "INVALID-HASH-INFORMATION"),
    (24, "AUTHENTICATION-FAILED"),
    (25, "INVALID-SIGNATURE"),
    (26, "ADDRESS-NOTIFICATION"),
    (27, "NOTIFY-SA-LIFETIME"),
    (28, "CERTIFICATE-UNAVAILABLE"),
    (29, "UNSUPPORTED-EXCHANGE-TYPE"),
    (30, "UNEQUAL-PAYLOAD-LENGTHS"),
    (16384, "CONNECTED"),
    (36136, "R-U-THERE"),
    (36137, "R-U-THERE-ACK"),
];

/// Transform attributes of an ISAKMP proposal: type, name, names of its values.
#[rustfmt::skip]
pub const ISAKMP_ATTRS: &[Attr] = &[
    (1, "Encryption", &[(1, "DES-CBC"), (2, "IDEA-CBC"), (3, "Blowfish-CBC"), (4, "RC5-R16-B64-CBC"), (5, "3DES-CBC"), (6, "CAST-CBC"), (7, "AES-CBC"), (8, "CAMELLIA-CBC")]),
    (2, "Hash", &[(1, "MD5"), (2, "SHA"), (3, "Tiger"), (4, "SHA2-256"), (5, "SHA2-384"), (6, "SHA2-512")]),
    (3, "Authentication", &[(1, "PSK"), (2, "DSS"), (3, "RSA Sig"), (4, "RSA Encryption"), (5, "RSA Encryption Revised"), (6, "ElGamal Encryption"), (7, "ElGamal Encryption Revised"), (8, "ECDSA Sig"), (64221, "HybridInitRSA"), (64222, "HybridRespRSA"), (64223, "HybridInitDSS"), (64224, "HybridRespDSS"), (65001, "XAUTHInitPreShared"), (65002, "XAUTHRespPreShared"), (65003, "XAUTHInitDSS"), (65004, "XAUTHRespDSS"), (65005, "XAUTHInitRSA"), (65006, "XAUTHRespRSA"), (65007, "XAUTHInitRSAEncryption"), (65008, "XAUTHRespRSAEncryption"), (65009, "XAUTHInitRSARevisedEncryption"), (65010, "XAUTHRespRSARevisedEncryptio")]),
    (4, "GroupDesc", &[(1, "768MODPgr"), (2, "1024MODPgr"), (3, "EC2Ngr155"), (4, "EC2Ngr185"), (5, "1536MODPgr"), (14, "2048MODPgr"), (15, "3072MODPgr"), (16, "4096MODPgr"), (17, "6144MODPgr"), (18, "8192MODPgr")]),
    (5, "GroupType", &[(1, "MODP"), (2, "ECP"), (3, "EC2N")]),
    (6, "GroupPrime", &[]),
    (7, "GroupGenerator1", &[]),
    (8, "GroupGenerator2", &[]),
    (9, "GroupCurveA", &[]),
    (10, "GroupCurveB", &[]),
    (11, "LifeType", &[(1, "Seconds"), (2, "Kilobytes")]),
    (12, "LifeDuration", &[]),
    (13, "PRF", &[]),
    (14, "KeyLength", &[]),
    (15, "FieldSize", &[]),
    (16, "GroupOrder", &[]),
];

/// Transform attributes of an IPsec ESP proposal: type, name, names of its values.
#[rustfmt::skip]
pub const IPSEC_ATTRS: &[Attr] = &[
    (1, "LifeType", &[(0, "Reserved"), (1, "seconds"), (2, "kilobytes")]),
    (2, "LifeDuration", &[]),
    (3, "GroupDesc", &[(1, "768MODPgr"), (2, "1024MODPgr"), (3, "EC2Ngr155"), (4, "EC2Ngr185"), (5, "1536MODPgr"), (14, "2048MODPgr"), (15, "3072MODPgr"), (16, "4096MODPgr"), (17, "6144MODPgr"), (18, "8192MODPgr")]),
    (4, "EncapsulationMode", &[(0, "Reserved"), (1, "Tunnel"), (2, "Transport"), (3, "UDP-Encapsulated-Tunnel"), (4, "UDP-Encapsulated-Transport")]),
    (5, "AuthenticationAlgorithm", &[(1, "HMAC-MD5"), (2, "HMAC-SHA"), (3, "DES-MAC"), (4, "KPDK"), (5, "HMAC-SHA2-256"), (6, "HMAC-SHA2-384"), (7, "HMAC-SHA2-512"), (8, "HMAC-RIPEMD"), (9, "AES-XCBC-MAC"), (10, "SIG-RSA"), (11, "AES-128-GMAC"), (12, "AES-192-GMAC"), (13, "AES-256-GMAC")]),
    (6, "KeyLength", &[]),
    (7, "KeyRounds", &[]),
    (8, "CompressDictionarySize", &[]),
    (9, "CompressPrivateAlgorithm", &[]),
];

/// Vendor IDs Scapy names.
#[rustfmt::skip]
pub const VENDOR_IDS: &[(&[u8], &str)] = &[
    (b"\x09\x00\x26\x89\xdf\xd6\xb7\x12", "XAUTH"),
    (b"\xaf\xca\xd7\x13\x68\xa1\xf1\xc9\x6b\x86\x96\xfc\x77\x57\x01\x00", "RFC 3706 DPD"),
    (b"\x40\x48\xb7\xd5\x6e\xbc\xe8\x85\x25\xe7\xde\x7f\x00\xd6\xc2\xd3\x80", "Cisco Fragmentation"),
    (b"\x4a\x13\x1c\x81\x07\x03\x58\x45\x5c\x57\x28\xf2\x0e\x95\x45\x2f", "RFC 3947 Negotiation of NAT-Transversal"),
    (b"\x90\xcb\x80\x91\x3e\xbb\x69\x6e\x08\x63\x81\xb5\xec\x42\x7b\x1f", "draft-ietf-ipsec-nat-t-ike-02"),
];
