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
