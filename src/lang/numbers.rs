//! Exact decimal division as Python's `Decimal` does it (28 significant digits).

use crate::time::Decimal;

fn digits(mut n: i128) -> u32 {
    n = n.abs();
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// `x / y` with Python's default context: the exact quotient at the ideal exponent when it
/// fits in 28 digits, else rounded half-even to 28 significant digits.
pub fn dec_div(x: Decimal, y: Decimal) -> Decimal {
    let ideal = x.scale as i32 - y.scale as i32;
    let start = ideal.max(0);
    for s in start..=start + 40 {
        let k = s - x.scale as i32 + y.scale as i32;
        let (num, den) = if k >= 0 {
            match 10i128
                .checked_pow(k as u32)
                .and_then(|p| x.mantissa.checked_mul(p))
            {
                Some(n) => (n, y.mantissa),
                None => break,
            }
        } else {
            match 10i128
                .checked_pow((-k) as u32)
                .and_then(|p| y.mantissa.checked_mul(p))
            {
                Some(d) => (x.mantissa, d),
                None => break,
            }
        };
        let (q, r) = (num / den, num % den);
        if r == 0 {
            return Decimal::new(q, s.clamp(0, 38) as u8);
        }
        if digits(q) >= 28 {
            // Round half-even at this precision.
            let twice = (r.abs() * 2).cmp(&den.abs());
            let neg = (num < 0) != (den < 0);
            let q = match twice {
                std::cmp::Ordering::Greater => q + if neg { -1 } else { 1 },
                std::cmp::Ordering::Equal if q % 2 != 0 => q + if neg { -1 } else { 1 },
                _ => q,
            };
            return Decimal::new(q, s.clamp(0, 38) as u8);
        }
    }
    // Beyond what i128 holds exactly: fall back to a float's digits.
    let f = x.to_f64() / y.to_f64();
    Decimal::new((f * 1e9).round() as i128, 9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_python() {
        let d = |m, s| Decimal::new(m, s);
        assert_eq!(dec_div(d(756564, 6), d(3, 0)).to_string(), "0.252188");
        assert_eq!(
            dec_div(d(1, 0), d(3, 0)).to_string(),
            "0.3333333333333333333333333333"
        );
        assert_eq!(
            dec_div(d(5307077942, 9), d(2, 0)).to_string(),
            "2.653538971"
        );
        assert_eq!(dec_div(d(1, 0), d(4, 0)).to_string(), "0.25");
    }
}
