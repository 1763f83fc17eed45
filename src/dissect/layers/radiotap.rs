//! Radiotap (link type 127), the header Linux puts before captured 802.11 frames, as
//! Scapy 2.8.0 reads it: the presence bitmaps, then each field Scapy knows, aligned to
//! its size from the header's start; bytes up to the header's length that Scapy does not
//! decode are `notdecoded`. The frame is `Dot11FCS` when the flags say it ends in a frame
//! check sequence, else `Dot11`.

use super::{dot11, Class, Ops, Proto};
use crate::dissect::field::{
    bytes, enum_field, fixed_str, flag_set, int, named, uint, Field, FieldValue, Fields,
};
use crate::dissect::{Next, Packet, Walk};
use crate::pyfmt::float_repr;

pub static RADIOTAP: Ops = Ops {
    classes: &[Class::new("RadioTap", "RadioTap", "scapy.layers.dot11")],
    class: |_| &RADIOTAP.classes[0],
    fields,
    summary: super::no_summary,
};

static PRESENT: &[&str] = &[
    "TSFT",
    "Flags",
    "Rate",
    "Channel",
    "FHSS",
    "dBm_AntSignal",
    "dBm_AntNoise",
    "Lock_Quality",
    "TX_Attenuation",
    "dB_TX_Attenuation",
    "dBm_TX_Power",
    "Antenna",
    "dB_AntSignal",
    "dB_AntNoise",
    "RXFlags",
    "TXFlags",
    "b17",
    "b18",
    "ChannelPlus",
    "MCS",
    "A_MPDU",
    "VHT",
    "timestamp",
    "HE",
    "HE_MU",
    "HE_MU_other_user",
    "zero_length_psdu",
    "L_SIG",
    "TLV",
    "RadiotapNS",
    "VendorNS",
    "Ext",
];
static FLAGS: &[&str] = &[
    "CFP",
    "ShortPreamble",
    "wep",
    "fragment",
    "FCS",
    "pad",
    "badFCS",
    "ShortGI",
];
/// Channel flags: the first 16 of ChannelPlus's.
static CHANNEL_FLAGS: &[&str] = CHANNEL_FLAGS2.split_at(16).0;
static CHANNEL_FLAGS2: &[&str] = &[
    "res1",
    "res2",
    "res3",
    "res4",
    "Turbo",
    "CCK",
    "OFDM",
    "2GHz",
    "5GHz",
    "Passive",
    "Dynamic_CCK_OFDM",
    "GFSK",
    "GSM",
    "StaticTurbo",
    "10MHz",
    "5MHz",
    "20MHz",
    "40MHz_ext_channel_above",
    "40MHz_ext_channel_below",
    "res5",
    "res6",
    "res7",
    "res8",
    "res9",
];
static RX_FLAGS: &[&str] = &["res1", "BAD_PLCP", "res2"];
static TX_FLAGS: &[&str] = &["TX_FAIL", "CTS", "RTS", "NOACK", "NOSEQ", "ORDER"];
static TS_FLAGS: &[&str] = &[
    "32-bit_counter",
    "Accuracy",
    "res1",
    "res2",
    "res3",
    "res4",
    "res5",
    "res6",
];
static KNOWN_MCS: &[&str] = &[
    "MCS_bandwidth",
    "MCS_index",
    "guard_interval",
    "HT_format",
    "FEC_type",
    "STBC_streams",
    "Ness",
    "Ness_MSB",
];
static A_MPDU_FLAGS: &[&str] = &[
    "Report0Subframe",
    "Is0Subframe",
    "KnownLastSubframe",
    "LastSubframe",
    "CRCerror",
    "EOFsubframe",
    "KnownEOF",
    "res1",
    "res2",
    "res3",
    "res4",
    "res5",
    "res6",
    "res7",
    "res8",
];
static KNOWN_VHT: &[&str] = &[
    "STBC",
    "TXOP_PS_NOT_ALLOWED",
    "GuardInterval",
    "SGINsysmDis",
    "LDPCextraOFDM",
    "Beamformed",
    "Bandwidth",
    "GroupID",
    "PartialAID",
    "res1",
    "res2",
    "res3",
    "res4",
    "res5",
    "res6",
    "res7",
];
static PRESENT_VHT: &[&str] = &[
    "STBC",
    "TXOP_PS_NOT_ALLOWED",
    "GuardInterval",
    "SGINsysmDis",
    "LDPCextraOFDM",
    "Beamformed",
    "res1",
    "res2",
];
static HEMU_KNOWN: &[&str] = &[
    "user field position",
    "STA-ID",
    "NSTS",
    "Tx Beamforming",
    "Spatial Configuration",
    "MCS",
    "DCM",
    "Coding",
];
static LSIG: &[&str] = &["rate", "length"];

/// The fields a radiotap header has only when its presence bits say so.
pub const CONDITIONAL: &[&str] = &[
    "Ext",
    "mac_timestamp",
    "Flags",
    "Rate",
    "ChannelFrequency",
    "ChannelFlags",
    "dBm_AntSignal",
    "dBm_AntNoise",
    "Lock_Quality",
    "Antenna",
    "RXFlags",
    "TXFlags",
    "ChannelPlusFlags",
    "ChannelPlusFrequency",
    "ChannelPlusNumber",
    "knownMCS",
    "Ness_LSB",
    "STBC_streams",
    "FEC_type",
    "HT_format",
    "guard_interval",
    "MCS_bandwidth",
    "MCS_index",
    "A_MPDU_ref",
    "A_MPDU_flags",
    "KnownVHT",
    "PresentVHT",
    "VHT_bandwidth",
    "mcs_nss",
    "GroupID",
    "PartialAID",
    "timestamp",
    "ts_accuracy",
    "ts_unit",
    "ts_position",
    "ts_flags",
    "he_data1",
    "he_data2",
    "he_data3",
    "he_data4",
    "he_data5",
    "he_data6",
    "hemu_flags1",
    "hemu_flags2",
    "RU_channel1",
    "RU_channel2",
    "hemuou_per_user_1",
    "hemuou_per_user_2",
    "hemuou_per_user_position",
    "hemuou_per_user_known",
    "lsig_data1",
    "lsig_length",
    "lsig_rate",
    "tlvs",
];

/// A cursor over the header that aligns fields from the header's start.
struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn align(&mut self, n: usize) {
        self.at += (n - self.at % n) % n;
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at + n)?;
        self.at += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|s| s[0])
    }
    fn le(&mut self, n: usize) -> Option<u64> {
        self.take(n)
            .map(|s| s.iter().rev().fold(0u64, |v, &x| v << 8 | x as u64))
    }
}

fn unit(v: String, u: &str) -> String {
    format!("{v} {u}")
}

/// Decodes the header as Scapy's fields do: (fields, where decoding ended, FCS flag);
/// None where a field runs past the packet (Scapy then leaves the whole packet Raw).
fn decode(b: &[u8]) -> Option<(Fields, usize, bool)> {
    let mut c = Cursor { b, at: 0 };
    let (version, pad) = (c.u8()?, c.u8()?);
    let len = c.le(2)? as usize;
    let present = c.le(4)? as u32;
    let mut f: Fields = vec![
        ("version", int(version)),
        ("pad", int(pad)),
        ("len", int(len as i64)),
        ("present", flag_set(present, &PRESENT)),
    ];
    let has = |bit: u32| present & (1 << bit) != 0;
    if has(31) {
        f.push(("Ext", ext_masks(&mut c)?));
    }
    let mut fcs = false;
    if has(0) {
        c.align(8);
        f.push(("mac_timestamp", int(c.le(8)? as i64)));
    }
    if has(1) {
        let v = c.u8()?;
        fcs = v & 0x10 != 0;
        f.push(("Flags", flag_set(v as u32, &FLAGS)));
    }
    if has(2) {
        let v = c.u8()?;
        f.push(("Rate", float(v as f64 * 0.5, "Mbps")));
    }
    if has(3) {
        c.align(2);
        f.push(("ChannelFrequency", int(c.le(2)? as i64)));
        f.push(("ChannelFlags", flag_set(c.le(2)? as u32, &CHANNEL_FLAGS)));
    }
    for (bit, name) in [(5, "dBm_AntSignal"), (6, "dBm_AntNoise")] {
        if has(bit) {
            let v = c.u8()? as i8;
            f.push((name, named(v, unit(v.to_string(), "dBm"))));
        }
    }
    if has(7) {
        c.align(2);
        f.push(("Lock_Quality", int(c.le(2)? as i64)));
    }
    if has(11) {
        f.push(("Antenna", int(c.u8()?)));
    }
    if has(14) {
        c.align(2);
        f.push(("RXFlags", flag_set(c.le(2)? as u32, &RX_FLAGS)));
    }
    if has(15) {
        c.align(2);
        f.push(("TXFlags", flag_set(c.le(2)? as u32, &TX_FLAGS)));
    }
    if has(18) {
        c.align(4);
        f.push((
            "ChannelPlusFlags",
            flag_set(c.le(4)? as u32, &CHANNEL_FLAGS2),
        ));
        f.push(("ChannelPlusFrequency", int(c.le(2)? as i64)));
        f.push(("ChannelPlusNumber", int(c.u8()?)));
    }
    later_fields(&mut c, &mut f, present)?;
    if has(28) {
        // TLVs run to the end of the packet in Scapy's reading; not read here.
        return None;
    }
    let end = c.at;
    let stop = len.max(end).min(b.len());
    f.push(("notdecoded", bytes(&b[end.min(stop)..stop])));
    Some((f, stop, fcs))
}

/// The fields from MCS on (HT, A-MPDU, VHT, timestamp, HE, L-SIG).
fn later_fields(c: &mut Cursor, f: &mut Fields, present: u32) -> Option<()> {
    let has = |bit: u32| present & (1 << bit) != 0;
    if has(19) {
        c.align(2);
        f.push(("knownMCS", flag_set(c.u8()? as u32, &KNOWN_MCS)));
        let v = c.u8()?;
        f.extend([
            ("Ness_LSB", int(v >> 7)),
            ("STBC_streams", int((v >> 5) & 3)),
            (
                "FEC_type",
                enum_field((v >> 4) & 1, &[(0, "BCC"), (1, "LDPC")]),
            ),
            (
                "HT_format",
                enum_field((v >> 3) & 1, &[(0, "mixed"), (1, "greenfield")]),
            ),
            (
                "guard_interval",
                enum_field((v >> 2) & 1, &[(0, "Long_GI"), (1, "Short_GI")]),
            ),
            (
                "MCS_bandwidth",
                enum_field(
                    v & 3,
                    &[(0, "20MHz"), (1, "40MHz"), (2, "ht40Mhz-"), (3, "ht40MHz+")],
                ),
            ),
        ]);
        f.push(("MCS_index", int(c.u8()?)));
    }
    if has(20) {
        c.align(4);
        f.push(("A_MPDU_ref", int(c.le(4)? as i64)));
        f.push(("A_MPDU_flags", flag_set(c.le(4)? as u32, &A_MPDU_FLAGS)));
    }
    if has(21) {
        c.align(2);
        f.push(("KnownVHT", flag_set(c.le(2)? as u32, &KNOWN_VHT)));
        f.push(("PresentVHT", flag_set(c.u8()? as u32, &PRESENT_VHT)));
        let bw = c.u8()?;
        let name = match bw {
            0 => Some("20MHz"),
            1..=3 => Some("40MHz"),
            4..=10 => Some("80MHz"),
            11..=25 => Some("160MHz"),
            _ => None,
        };
        f.push((
            "VHT_bandwidth",
            name.map_or(int(bw), |n| named(bw, n.into())),
        ));
        f.push(("mcs_nss", fixed_str(c.take(5)?)));
        f.push(("GroupID", int(c.u8()?)));
        let aid = c.take(2)?;
        f.push(("PartialAID", int(u16::from_be_bytes([aid[0], aid[1]]))));
    }
    if has(22) {
        c.align(8);
        f.push(("timestamp", uint(c.le(8)?)));
        f.push(("ts_accuracy", int(c.le(2)? as i64)));
        let v = c.u8()?;
        f.push((
            "ts_unit",
            enum_field(
                v >> 4,
                &[(0, "milliseconds"), (1, "microseconds"), (2, "nanoseconds")],
            ),
        ));
        f.push(("ts_position", int(v & 0xf)));
        f.push(("ts_flags", flag_set(c.u8()? as u32, &TS_FLAGS)));
    }
    if has(23) {
        c.align(2);
        for n in [
            "he_data1", "he_data2", "he_data3", "he_data4", "he_data5", "he_data6",
        ] {
            f.push((n, int(c.le(2)? as i64)));
        }
    }
    if has(24) {
        c.align(2);
        f.push(("hemu_flags1", int(c.le(2)? as i64)));
        f.push(("hemu_flags2", int(c.le(2)? as i64)));
        for n in ["RU_channel1", "RU_channel2"] {
            let s = c.take(4)?;
            f.push((n, int_list(s)));
        }
    }
    if has(25) {
        c.align(2);
        f.push(("hemuou_per_user_1", int(c.le(2)? as i64)));
        f.push(("hemuou_per_user_2", int(c.le(2)? as i64)));
        f.push(("hemuou_per_user_position", int(c.u8()?)));
        f.push((
            "hemuou_per_user_known",
            flag_set(c.le(2)? as u32, &HEMU_KNOWN),
        ));
    }
    if has(27) {
        c.align(2);
        f.push(("lsig_data1", flag_set(c.le(2)? as u32, &LSIG)));
        let v = c.le(2)?;
        f.push(("lsig_length", int((v >> 4) as i64)));
        f.push(("lsig_rate", int((v & 0xf) as i64)));
    }
    Some(())
}

/// The extended presence bitmaps, each named by its place (`b32` ... in the second).
fn ext_masks(c: &mut Cursor) -> Option<Field> {
    let mut masks = Vec::new();
    loop {
        let m = c.le(4)? as u32;
        let k = masks.len() as u32;
        let names: Vec<String> = (0..32)
            .filter(|i| m & (1 << i) != 0)
            .map(|i| {
                if i == 31 {
                    "Ext".to_string()
                } else {
                    format!("b{}", i + 32 * k)
                }
            })
            .collect();
        masks.push(crate::dissect::field::Nested {
            class: "RadioTapExtendedPresenceMask",
            display: "RadioTap Extended presence mask",
            fields: vec![("present", named(m as i64, names.join("+")))],
        });
        if m & (1 << 31) == 0 {
            break;
        }
    }
    Some(crate::dissect::field::packets(masks))
}

fn float(v: f64, u: &str) -> Field {
    Field {
        value: FieldValue::Float(v),
        show: unit(float_repr(v), u),
    }
}

fn int_list(s: &[u8]) -> Field {
    let items: Vec<String> = s.iter().map(|x| x.to_string()).collect();
    Field {
        value: FieldValue::List(s.iter().map(|&x| FieldValue::Int(x as i64)).collect()),
        show: format!("[{}]", items.join(", ")),
    }
}

pub fn parse(w: &mut Walk) -> Next {
    let Some((_, hlen, fcs)) = decode(w.here()) else {
        return Next::Raw;
    };
    w.push(Proto::RadioTap, hlen);
    match (w.rest(), fcs) {
        (0, _) => Next::Done,
        (_, true) => Next::Parse(dot11::parse_fcs),
        (_, false) => Next::Parse(dot11::parse),
    }
}

fn fields(p: &Packet, i: usize) -> Fields {
    let l = p.layers()[i];
    decode(&p.data[l.start as usize..]).map_or(vec![], |(f, _, _)| f)
}
