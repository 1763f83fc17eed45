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

/// Python's default decimal context keeps 28 significant digits.
const PRECISION: u32 = 28;
/// The most decimals an `i128` mantissa can carry (10^38 < 2^127).
const MAX_SCALE: u8 = 38;

fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

fn digit_count(n: i128) -> u32 {
    let n = n.unsigned_abs();
    if n == 0 {
        1
    } else {
        n.ilog10() + 1
    }
}

/// `m / p` rounded half-even (`p > 0`).
fn div_half_even(m: i128, p: i128) -> i128 {
    let (q, r) = (m / p, m % p);
    let twice = r.unsigned_abs() * 2;
    let up = twice > p as u128 || (twice == p as u128 && q % 2 != 0);
    if !up {
        q
    } else if m < 0 {
        q - 1
    } else {
        q + 1
    }
}

impl Decimal {
    pub fn new(mantissa: i128, scale: u8) -> Self {
        Decimal { mantissa, scale }
    }

    pub fn from_ticks(ticks: u64, digits: u8, offset_secs: i64) -> Self {
        let p = pow10(digits as u32).unwrap_or(1);
        Decimal {
            mantissa: (ticks as i128).saturating_add((offset_secs as i128).saturating_mul(p)),
            scale: digits.min(MAX_SCALE),
        }
    }

    pub fn from_int(i: i64) -> Self {
        Decimal {
            mantissa: i as i128,
            scale: 0,
        }
    }

    /// `Decimal(f)`: the float's exact value (to 37 significant digits), as Python converts
    /// one; `None` for infinities, NaN and magnitudes beyond 10^38.
    pub fn from_f64(f: f64) -> Option<Self> {
        if !f.is_finite() || f.abs() >= 1e38 {
            return None;
        }
        if f == 0.0 {
            return Some(Decimal::new(0, 0));
        }
        let text = format!("{:.36e}", f);
        let (m, e) = text.split_once('e')?;
        let exp: i32 = e.parse().ok()?;
        let mut mantissa: i128 = m.replace('.', "").parse().ok()?;
        let mut scale = 36 - exp;
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        while scale > MAX_SCALE as i32 {
            mantissa = div_half_even(mantissa, 10);
            scale -= 1;
        }
        if scale < 0 {
            mantissa = mantissa.checked_mul(pow10((-scale) as u32)?)?;
            scale = 0;
        }
        Some(Decimal::new(mantissa, scale as u8))
    }

    /// This number at `scale` decimals: exact when more, rounded half-even when fewer;
    /// `None` if it does not fit.
    fn at(self, scale: u8) -> Option<i128> {
        if scale >= self.scale {
            self.mantissa
                .checked_mul(pow10((scale - self.scale) as u32)?)
        } else {
            Some(div_half_even(
                self.mantissa,
                pow10((self.scale - scale) as u32)?,
            ))
        }
    }

    /// Both at one scale, the finer one's when it fits.
    fn align(self, o: Decimal) -> (i128, i128, u8) {
        let (lo, hi) = (self.scale.min(o.scale), self.scale.max(o.scale));
        for s in (lo..=hi).rev() {
            if let (Some(a), Some(b)) = (self.at(s), o.at(s)) {
                return (a, b, s);
            }
        }
        // At the coarser scale the finer number only loses digits: it always fits.
        (self.at(lo).unwrap_or(0), o.at(lo).unwrap_or(0), lo)
    }

    /// Rounded to Python's 28 significant digits (never past the units).
    pub fn rounded(self) -> Decimal {
        let excess = digit_count(self.mantissa).saturating_sub(PRECISION);
        let drop = excess
            .max(self.scale.saturating_sub(MAX_SCALE) as u32)
            .min(self.scale as u32);
        if drop == 0 {
            return self;
        }
        match pow10(drop) {
            Some(p) => Decimal::new(div_half_even(self.mantissa, p), self.scale - drop as u8),
            // Below 10^-38 at any mantissa: zero at the finest scale kept.
            None => Decimal::new(0, MAX_SCALE),
        }
    }

    fn float_fallback(f: f64) -> Decimal {
        Decimal::from_f64(f).unwrap_or(Decimal::new(0, 0))
    }

    pub fn mul_int(self, k: i64) -> Decimal {
        self * Decimal::from_int(k)
    }

    /// `x // y` as Python's Decimal: the quotient truncated toward zero (`None` for y = 0).
    pub fn div_trunc(self, o: Decimal) -> Option<i128> {
        let (a, b, _) = self.align(o);
        a.checked_div(b)
    }

    /// `x % y` as Python's Decimal: the sign of the dividend (`None` for y = 0).
    pub fn rem_trunc(self, o: Decimal) -> Option<Decimal> {
        let (a, b, s) = self.align(o);
        a.checked_rem(b).map(|r| Decimal::new(r, s))
    }

    /// Without trailing zeros in the fraction (`1.50` -> `1.5`, `2.000` -> `2`), as the
    /// exact quotient of Python's `Decimal(n) / 10**k` is.
    pub fn reduced(self) -> Decimal {
        let (mut m, mut s) = (self.mantissa, self.scale);
        while s > 0 && m % 10 == 0 {
            m /= 10;
            s -= 1;
        }
        Decimal::new(m, s)
    }

    /// The integer part, truncated toward zero.
    pub fn trunc(self) -> i128 {
        pow10(self.scale as u32).map_or(0, |p| self.mantissa / p)
    }

    /// The nearest float, as Python's `float(Decimal)`.
    pub fn to_f64(self) -> f64 {
        // Both operands exact, so one correctly rounded division.
        if self.mantissa.unsigned_abs() < 1 << 53 && self.scale <= 22 {
            return self.mantissa as f64 / 10f64.powi(self.scale as i32);
        }
        self.fixed().parse().unwrap_or(f64::NAN)
    }

    /// Whole seconds (floor) and the fraction in nanoseconds.
    pub fn secs_nanos(self) -> (i64, u32) {
        let p = pow10(self.scale as u32).unwrap_or(1);
        let secs = self.mantissa.div_euclid(p);
        let frac = self.mantissa.rem_euclid(p);
        let nanos = if self.scale <= 9 {
            frac * pow10(9 - self.scale as u32).unwrap_or(1)
        } else {
            frac / pow10(self.scale as u32 - 9).unwrap_or(1)
        };
        (
            secs.clamp(i64::MIN as i128, i64::MAX as i128) as i64,
            nanos as u32,
        )
    }

    /// Fixed-point text with exactly `scale` decimals: `1795674223.199969`.
    pub fn fixed(self) -> String {
        let neg = self.mantissa < 0;
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if neg { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return format!("{sign}{digits}");
        }
        let digits = format!("{digits:0>width$}", width = scale + 1);
        let cut = digits.len() - scale;
        format!("{sign}{}.{}", &digits[..cut], &digits[cut..])
    }
}

impl std::ops::Add for Decimal {
    type Output = Decimal;
    fn add(self, o: Decimal) -> Decimal {
        let (a, b, s) = self.align(o);
        match a.checked_add(b) {
            Some(m) => Decimal::new(m, s).rounded(),
            None => Decimal::float_fallback(self.to_f64() + o.to_f64()),
        }
    }
}

impl std::ops::Sub for Decimal {
    type Output = Decimal;
    fn sub(self, o: Decimal) -> Decimal {
        self + -o
    }
}

impl std::ops::Mul for Decimal {
    type Output = Decimal;
    fn mul(self, o: Decimal) -> Decimal {
        let (mut x, mut y) = (self, o);
        loop {
            let scale = x.scale as u32 + y.scale as u32;
            if let (Some(m), true) = (x.mantissa.checked_mul(y.mantissa), scale <= 255) {
                return Decimal::new(m, scale as u8).rounded();
            }
            // Too many digits for an exact product: drop one from the longer factor.
            let longer = if digit_count(x.mantissa) >= digit_count(y.mantissa) {
                &mut x
            } else {
                &mut y
            };
            if longer.scale == 0 {
                return Decimal::float_fallback(self.to_f64() * o.to_f64());
            }
            *longer = Decimal::new(div_half_even(longer.mantissa, 10), longer.scale - 1);
        }
    }
}

impl std::ops::Neg for Decimal {
    type Output = Decimal;
    fn neg(self) -> Decimal {
        Decimal::new(self.mantissa.saturating_neg(), self.scale)
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
        let (a, b, _) = self.align(*o);
        a.cmp(&b)
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
    format!("{} +0000", gmt_text(secs))
}

/// strftime's `%a` and `%b`, Monday first.
pub const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Sat, 25 Jul 1987 21:08:33`: `strftime("%a, %d %b %Y %H:%M:%S", gmtime(secs))`.
pub fn gmt_text(secs: i64) -> String {
    let c = civil(secs);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02}",
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

    #[test]
    fn utc_dates() {
        assert_eq!(gmt_text(2445427296), "Sat, 29 Jun 2047 13:21:36");
        assert_eq!(gmt_text(0), "Thu, 01 Jan 1970 00:00:00");
    }
}
