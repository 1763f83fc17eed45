//! The larger 802.11 element bodies (HT capabilities and operation, HE and EHT
//! operation), read as Scapy 2.8.0's bit fields read them, for `dot11elt.rs`.

use super::dot11elt::{be, bits, le, len_byte, packet, take};
use crate::dissect::field::{
    enum_field, fixed_str, flag_set, int, named, Field, FieldValue, Fields,
};

pub(super) fn ht_capabilities(r: &[u8]) -> Fields {
    let mut f = bits(
        le(&r[0..2]),
        16,
        &[
            ("L_SIG_TXOP_Protection", 1),
            ("Forty_Mhz_Intolerant", 1),
            ("PSMP", 1),
            ("DSSS_CCK", 1),
            ("Max_A_MSDU", 1),
            ("Delayed_BlockAck", 1),
            ("Rx_STBC", 2),
            ("Tx_STBC", 1),
            ("Short_GI_40Mhz", 1),
            ("Short_GI_20Mhz", 1),
            ("Green_Field", 1),
            ("SM_Power_Save", 2),
            ("Supported_Channel_Width", 1),
            ("LDPC_Coding_Capability", 1),
        ],
    );
    for (name, field) in f.iter_mut() {
        let FieldValue::Int(v) = field.value else {
            continue;
        };
        let table: &[(i64, &str)] = match *name {
            "Max_A_MSDU" => &[(0, "3839 o"), (1, "7935 o")],
            "SM_Power_Save" => &[(0, "static SM"), (1, "dynamic SM"), (3, "disabled")],
            "Supported_Channel_Width" => &[(0, "20Mhz"), (1, "20Mhz+40Mhz")],
            _ => continue,
        };
        *field = enum_field(v, table);
    }
    f.extend(bits(
        r[2] as u128,
        8,
        &[
            ("res1", 3),
            ("Min_MPDCU_Start_Spacing", 3),
            ("Max_A_MPDU_Length_Exponent", 2),
        ],
    ));
    f.extend(bits(
        le(&r[3..19]),
        128,
        &[
            ("res2", 27),
            ("TX_Unequal_Modulation", 1),
            ("TX_Max_Spatial_Streams", 2),
            ("TX_RX_MCS_Set_Not_Equal", 1),
            ("TX_MCS_Set_Defined", 1),
            ("res3", 6),
            ("RX_Highest_Supported_Data_Rate", 10),
            ("res4", 3),
            ("RX_MSC_Bitmask", 77),
        ],
    ));
    // The 77-bit bitmask does not fit an int field: keep it exact as text.
    if let Some((_, field)) = f.iter_mut().find(|(n, _)| *n == "RX_MSC_Bitmask") {
        let v = le(&r[3..19]) & ((1u128 << 77) - 1);
        if v > i64::MAX as u128 {
            *field = named(0, v.to_string());
        }
    }
    f.extend(bits(
        le(&r[19..21]),
        16,
        &[
            ("res5", 4),
            ("RD_Responder", 1),
            ("HTC_HT_Support", 1),
            ("MCS_Feedback", 2),
            ("res6", 5),
            ("PCO_Transition_Time", 2),
            ("PCO", 1),
        ],
    ));
    f.extend(bits(
        le(&r[21..25]),
        32,
        &[
            ("res7", 3),
            ("Channel_Estimation_Capability", 2),
            ("CSI_max_n_Rows_Beamformer_Supported", 2),
            ("Compressed_Steering_n_Beamformer_Antennas_Supported", 2),
            ("Noncompressed_Steering_n_Beamformer_Antennas_Supported", 2),
            ("CSI_n_Beamformer_Antennas_Supported", 2),
            ("Minimal_Grouping", 2),
            ("Explicit_Compressed_Beamforming_Feedback", 2),
            ("Explicit_Noncompressed_Beamforming_Feedback", 2),
            ("Explicit_Transmit_Beamforming_CSI_Feedback", 2),
            ("Explicit_Compressed_Steering", 1),
            ("Explicit_Noncompressed_Steering", 1),
            ("Explicit_CSI_Transmit_Beamforming", 1),
            ("Calibration", 2),
            ("Implicit_Trasmit_Beamforming", 1),
            ("Transmit_NDP", 1),
            ("Receive_NDP", 1),
            ("Transmit_Staggered_Sounding", 1),
            ("Receive_Staggered_Sounding", 1),
            ("Implicit_Transmit_Beamforming_Receiving", 1),
        ],
    ));
    f.push(("ASEL", flag_set(r[25] as u32, &ASEL)));
    f
}

pub(super) fn ht_operation(r: &[u8]) -> Fields {
    let mut f = vec![("primary_channel", int(r[0]))];
    f.extend(bits(
        r[1] as u128,
        8,
        &[
            ("reserved_1", 4),
            ("rifs_mode", 1),
            ("channel_width", 1),
            ("secondary_channel_offset", 2),
        ],
    ));
    f.extend(bits(
        le(&r[2..4]),
        16,
        &[
            ("reserved_3", 11),
            ("obss_non_ht_stas_present", 1),
            ("reserved_2", 1),
            ("nongreenfield_ht_stas_present", 1),
            ("ht_protection", 2),
        ],
    ));
    f.extend(bits(
        le(&r[4..6]),
        16,
        &[
            ("reserved_4", 10),
            ("pco_phase", 1),
            ("pco_active", 1),
            ("lsig_txop_protection_full_support", 1),
            ("stbc_beacon", 1),
            ("dual_cts_protection", 1),
            ("dual_beacon", 1),
        ],
    ));
    f.push(("basic_mcs_set", fixed_str(&r[6..])));
    f
}

pub(super) fn he_operation(b: &[u8]) -> Fields {
    let Some((vht_at, six_at, _)) = he_layout(b) else {
        return vec![];
    };
    let mut f = bits(
        le(&b[3..6]),
        24,
        &[
            ("reserved", 6),
            ("six_g_op_info_present", 1),
            ("er_su_disable", 1),
            ("co_hosted_bss", 1),
            ("vht_operation_info_present", 1),
            ("txop_duration_rts_threshold", 10),
            ("twt_required", 1),
            ("default_pe_duration", 3),
        ],
    );
    f.extend(bits(
        b[6] as u128,
        8,
        &[
            ("bss_color_disabled", 1),
            ("partial_bss_color", 1),
            ("bss_color", 6),
        ],
    ));
    f.push(("basic_he_mcs_and_nss_set", ss_list(&b[7..9])));
    if let Some(at) = vht_at {
        f.push(("vht_operation_info", vht_info(&b[at..at + 3])));
    }
    if (le(&b[3..6]) >> 15) & 1 == 1 {
        let at = vht_at.map_or(9, |a| a + 3);
        f.push(("max_co_hosted_bssid", int(b[at])));
    }
    if let Some(at) = six_at {
        let mut info = vec![("primary_channel", int(b[at]))];
        info.extend(bits(
            b[at + 1] as u128,
            8,
            &[
                ("reserved", 2),
                ("regulatory_info", 3),
                ("duplicate_beacon", 1),
                ("channel_width", 2),
            ],
        ));
        info.extend([
            ("channel_center0", int(b[at + 2])),
            ("channel_center1", int(b[at + 3])),
            ("minimum_rate", int(b[at + 4])),
        ]);
        f.push((
            "he_6g_operation_info",
            packet(
                "Dot11HE6GOperationInfo",
                "802.11 HE 6 GHz Operation Information",
                info,
            ),
        ));
    }
    f
}

pub(super) fn eht_operation(b: &[u8]) -> Fields {
    let Some((info_at, bitmap_at, _)) = eht_layout(b) else {
        return vec![];
    };
    let mut f = bits(
        b[3] as u128,
        8,
        &[
            ("reserved", 2),
            ("group_addressed_bu_indication_exponent", 2),
            ("group_addressed_bu_indication_limit", 1),
            ("eht_default_pe_duration", 1),
            ("disabled_subchannel_bitmap_present", 1),
            ("eht_operation_information_present", 1),
        ],
    );
    f.push(("basic_eht_mcs_and_nss_set", int(le(&b[4..8]) as i64)));
    if let Some(at) = info_at {
        let mut info = bits(b[at] as u128, 8, &[("reserved", 5), ("channel_width", 3)]);
        info.extend([
            ("channel_center0", int(b[at + 1])),
            ("channel_center1", int(b[at + 2])),
        ]);
        f.push((
            "eht_operation_info",
            packet(
                "Dot11EHTOperationInfo",
                "802.11 EHT Operation Information",
                info,
            ),
        ));
    }
    if let Some(at) = bitmap_at {
        f.push(("disabled_subchannel_bitmap", int(le(&b[at..at + 2]) as i64)));
    }
    f
}

/// HE Operation: (VHT info at, 6 GHz info at, end).
pub(super) fn he_layout(b: &[u8]) -> Option<(Option<usize>, Option<usize>, usize)> {
    let mut at = 3;
    take(b, &mut at, 3 + 1 + 2)?;
    let params = le(&b[3..6]);
    let (six_g, co_hosted, vht) = (params >> 17 & 1, params >> 15 & 1, params >> 14 & 1);
    let vht_at = (vht == 1).then_some(at);
    if vht == 1 {
        take(b, &mut at, 3)?;
    }
    if co_hosted == 1 {
        take(b, &mut at, 1)?;
    }
    let six_at = (six_g == 1).then_some(at);
    if six_g == 1 {
        take(b, &mut at, 5)?;
    }
    Some((vht_at, six_at, at))
}

/// EHT Operation: (info at, disabled bitmap at, end).
pub(super) fn eht_layout(b: &[u8]) -> Option<(Option<usize>, Option<usize>, usize)> {
    let mut at = 3;
    take(b, &mut at, 1 + 4)?;
    let params = b[3];
    let len = len_byte(b);
    let info_at = (params & 1 == 1 && len >= 9).then_some(at);
    if info_at.is_some() {
        take(b, &mut at, 3)?;
    }
    let bitmap_at = (params & 1 == 1 && params >> 1 & 1 == 1 && len >= 11).then_some(at);
    if bitmap_at.is_some() {
        take(b, &mut at, 2)?;
    }
    Some((info_at, bitmap_at, at))
}

/// Eight 2-bit values from two bytes (MCS and NSS sets), most significant first.
pub(super) fn ss_list(b: &[u8]) -> Field {
    let v = be(&b[..2]);
    crate::dissect::field::list(
        (0..8)
            .map(|k| int(((v >> (14 - 2 * k)) & 3) as i64))
            .collect(),
    )
}

pub(super) fn vht_info(b: &[u8]) -> Field {
    packet(
        "Dot11VHTOperationInfo",
        "802.11 VHT Operation Information",
        vec![
            ("channel_width", int(b[0])),
            ("channel_center0", int(b[1])),
            ("channel_center1", int(b[2])),
        ],
    )
}

static ASEL: &[&str] = &[
    "res",
    "Transmit_Sounding_PPDUs",
    "Receive_ASEL",
    "Antenna_Indices_Feedback",
    "Explicit_CSI_Feedback",
    "Explicit_CSI_Feedback_Based_Transmit_ASEL",
    "Antenna_Selection",
];
