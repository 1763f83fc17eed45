//! Exact decimal times. A timestamp is an integer count of 10^-scale seconds, never a
//! float, so `p.time` prints the capture's own digits and differences stay exact, as
//! Python's `Decimal` (Scapy's `EDecimal`) does.

use std::cmp::Ordering;
use std::fmt;

/// An exact decimal number: `mantissa * 10^-scale`.
#[derive(Clone, Copy, Debug)]
pub struct Decimal {
    pub mantissa: i128,
    pub scale: u8,
}

/// Capture timestamps are decimals.
pub type Timestamp = Decimal;

const POW10: [i128; 20] = {
    let mut t = [1i128; 20];
    let mut i = 1;
    while i < 20 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

impl Decimal {
    pub fn new(mantissa: i128, scale: u8) -> Self {
        Decimal { mantissa, scale }
    }

    pub fn from_ticks(ticks: u64, digits: u8, offset_secs: i64) -> Self {
        Decimal {
            mantissa: ticks as i128 + offset_secs as i128 * POW10[digits as usize],
            scale: digits,
        }
    }

    pub fn from_int(i: i64) -> Self {
        Decimal {
            mantissa: i as i128,
            scale: 0,
        }
    }

    fn rescale(self, scale: u8) -> i128 {
        self.mantissa * POW10[(scale - self.scale) as usize]
    }

    pub fn mul_int(self, k: i64) -> Decimal {
        Decimal::new(self.mantissa * k as i128, self.scale)
    }

    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 / POW10[self.scale as usize] as f64
    }

    /// Whole seconds (floor) and the fraction in nanoseconds.
    pub fn secs_nanos(self) -> (i64, u32) {
        let p = POW10[self.scale as usize];
        let secs = self.mantissa.div_euclid(p);
        let frac = self.mantissa.rem_euclid(p);
        let nanos = if self.scale <= 9 {
            frac * POW10[9 - self.scale as usize]
        } else {
            frac / POW10[self.scale as usize - 9]
        };
        (secs as i64, nanos as u32)
    }

    /// Fixed-point text with exactly `scale` decimals: `1795674223.199969`.
    pub fn fixed(self) -> String {
        let neg = self.mantissa < 0;
        let m = self.mantissa.unsigned_abs();
        let p = POW10[self.scale as usize] as u128;
        let (int, frac) = (m / p, m % p);
        let sign = if neg { "-" } else { "" };
        if self.scale == 0 {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac:0width$}", width = self.scale as usize)
        }
    }
}

impl std::ops::Add for Decimal {
    type Output = Decimal;
    fn add(self, o: Decimal) -> Decimal {
        let s = self.scale.max(o.scale);
        Decimal::new(self.rescale(s) + o.rescale(s), s)
    }
}

impl std::ops::Sub for Decimal {
    type Output = Decimal;
    fn sub(self, o: Decimal) -> Decimal {
        let s = self.scale.max(o.scale);
        Decimal::new(self.rescale(s) - o.rescale(s), s)
    }
}

impl std::ops::Neg for Decimal {
    type Output = Decimal;
    fn neg(self) -> Decimal {
        Decimal::new(-self.mantissa, self.scale)
    }
}

impl PartialEq for Decimal {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Decimal {}
impl PartialOrd for Decimal {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Decimal {
    fn cmp(&self, o: &Self) -> Ordering {
        let s = self.scale.max(o.scale);
        self.rescale(s).cmp(&o.rescale(s))
    }
}

/// `str(Decimal)`: Python's to-scientific-string rules (`5.307077942`, `0E-9`, `1.2E-7`).
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.mantissa < 0;
        let digits = self.mantissa.unsigned_abs().to_string();
        let exp = -(self.scale as i64);
        let n = digits.len() as i64;
        let adjusted = exp + n - 1;
        let sign = if neg { "-" } else { "" };
        if adjusted >= -6 {
            if exp == 0 {
                write!(f, "{sign}{digits}")
            } else if n > -exp {
                let cut = (n + exp) as usize;
                write!(f, "{sign}{}.{}", &digits[..cut], &digits[cut..])
            } else {
                write!(f, "{sign}0.{}{digits}", "0".repeat((-exp - n) as usize))
            }
        } else {
            let rest = if n > 1 {
                format!(".{}", &digits[1..])
            } else {
                String::new()
            };
            write!(f, "{sign}{}{rest}E{adjusted}", &digits[..1])
        }
    }
}

/// A civil date and time (UTC) from seconds since 1970-01-01.
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 for Monday, as Python's `weekday()`.
    pub weekday: u32,
}

/// The UTC civil date of a Unix time (Howard Hinnant's days-to-civil algorithm).
pub fn civil(secs: i64) -> Civil {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    Civil {
        year: if m <= 2 { y + 1 } else { y },
        month: m as u32,
        day: d as u32,
        hour: (rem / 3600) as u32,
        minute: (rem % 3600 / 60) as u32,
        second: (rem % 60) as u32,
        // 1970-01-01 was a Thursday.
        weekday: (days + 3).rem_euclid(7) as u32,
    }
}

/// ISO 8601 UTC with the time's own decimals: `2026-11-26T12:35:44.447436Z`.
pub fn iso_time(t: Decimal) -> String {
    let (secs, _) = t.secs_nanos();
    let c = civil(secs);
    let fixed = t.fixed();
    let frac = fixed.find('.').map(|i| &fixed[i..]).unwrap_or("");
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{frac}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `Sat, 25 Jul 1987 21:08:33 +0000`: `strftime("%a, %d %b %Y %H:%M:%S +0000")` in UTC.
pub fn http_date_utc(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let c = civil(secs);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
        DAYS[c.weekday as usize],
        c.day,
        MONTHS[(c.month - 1) as usize],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// `%.time%`: time of day with microseconds, as Scapy's hexdump header shows it.
pub fn time_of_day(t: Decimal) -> String {
    let (secs, nanos) = t.secs_nanos();
    let c = civil(secs);
    format!(
        "{:02}:{:02}:{:02}.{:06}",
        c.hour,
        c.minute,
        c.second,
        nanos / 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_decimal_text() {
        let d = |m, s| Decimal::new(m, s).to_string();
        assert_eq!(d(1795674223199969522, 9), "1795674223.199969522");
        assert_eq!(d(5307077942, 9), "5.307077942");
        assert_eq!(d(0, 9), "0E-9");
        assert_eq!(d(0, 6), "0.000000");
        assert_eq!(d(123, 9), "1.23E-7");
        assert_eq!(d(1230, 9), "0.000001230");
        assert_eq!(d(-5, 1), "-0.5");
        let a = Decimal::new(1795674223199969522, 9);
        let b = Decimal::new(1795674217892891, 6);
        assert_eq!((a - b).to_string(), "5.307078522");
    }
}
