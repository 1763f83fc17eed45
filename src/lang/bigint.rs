//! Integers beyond 64 bits, as Python's unbounded `int`.
//!
//! An integer is a `Value::Int(i64)` while it fits, and a `Value::Big` only past that:
//! arithmetic on `Int` checks for overflow and comes here, and every result here that
//! fits goes back to `Int`. So the common case costs nothing, and `2**100`,
//! `int.from_bytes(ipv6, 'big')` or `1 << 70` give Python's answers.

use std::rc::Rc;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::ast::BinOp;
use super::error::{Error, ErrorKind};
use super::eval::{check_size, err, R};
use super::value::Value;

/// The integer as a `Value`: `Int` when it fits in 64 bits, else `Big`.
pub fn norm(b: BigInt) -> Value {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::Big(Rc::new(b)),
    }
}

/// A value as an unbounded integer, if it is one (ints, bools and flags count).
pub fn of(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Big(b) => Some((**b).clone()),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Flags(f, _) => Some(BigInt::from(*f)),
        _ => None,
    }
}

/// Python's TypeError for a value where an integer is needed (`hex(1.5)`, `chr('a')`).
pub fn not_int(v: &Value) -> Error {
    Error::at_none(
        ErrorKind::Type,
        format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        ),
    )
}

/// The integer as a float, or Python's OverflowError when it is beyond a float's range.
pub fn to_f64(b: &BigInt) -> R<f64> {
    match b.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => err(ErrorKind::Overflow, "int too large to convert to float"),
    }
}

thread_local! {
    /// `sys.set_int_max_str_digits`: the most decimal digits an int is turned into or read
    /// from (0: no limit). Python's default, 4300, keeps a huge number from taking
    /// seconds to print.
    static MAX_STR_DIGITS: std::cell::Cell<usize> = const { std::cell::Cell::new(4300) };
}

/// The limit on decimal digits in the text of an int (0: none).
pub fn max_str_digits() -> usize {
    MAX_STR_DIGITS.with(|c| c.get())
}

/// Sets the limit on decimal digits: 0 (none) or 640 and more, as Python.
pub fn set_max_str_digits(n: i64) -> R<()> {
    if n != 0 && n < 640 {
        return err(ErrorKind::Value, "maxdigits must be 0 or larger than 640");
    }
    MAX_STR_DIGITS.with(|c| c.set(n as usize));
    Ok(())
}

/// Python's ValueError for an int of more digits than the limit (with the count, when read).
pub fn too_many_digits(has: Option<usize>) -> Error {
    let limit = max_str_digits();
    let has = has.map_or(String::new(), |n| format!(": value has {n} digits"));
    Error::at_none(
        ErrorKind::Value,
        format!(
            "Exceeds the limit ({limit} digits) for integer string conversion{has}; \
             use sys.set_int_max_str_digits() to increase the limit"
        ),
    )
}

/// The integer in decimal, or Python's ValueError past the digit limit, found from the
/// number's size before any text is made (`str(10**10**6)` fails at once, as in Python).
pub fn decimal(b: &BigInt) -> R<String> {
    if past_limit(b.magnitude()) {
        return Err(too_many_digits(None));
    }
    Ok(b.to_string())
}

/// `decimal` of a magnitude (a number's digits without its sign).
pub fn decimal_magnitude(m: &num_bigint::BigUint) -> R<String> {
    if past_limit(m) {
        return Err(too_many_digits(None));
    }
    Ok(m.to_string())
}

/// Whether the integer has more decimal digits than the limit. Its bit length bounds
/// them (2**(bits-1) <= |b| < 2**bits); only a number at the bound is written out.
fn past_limit(m: &num_bigint::BigUint) -> bool {
    let limit = max_str_digits() as u64;
    let bits = m.bits();
    let digits = |bits: u64| (bits as f64 * std::f64::consts::LOG10_2).floor() as u64 + 1;
    if limit == 0 || digits(bits) < limit {
        return false;
    }
    if digits(bits.saturating_sub(1)) > limit + 1 {
        return true;
    }
    m.to_string().len() as u64 > limit
}

/// Refuses decimal text of more digits than the limit, before it is read (`int('1' * 5000)`).
pub fn check_decimal_digits(digits: usize) -> R<()> {
    let limit = max_str_digits();
    if limit > 0 && digits > limit {
        return Err(too_many_digits(Some(digits)));
    }
    Ok(())
}

/// Python's ValueError if a container holds an int past the digit limit (`str([10**5000])`).
pub fn check_digits(v: &Value) -> R<()> {
    let past = |x: &Value| matches!(x, Value::Big(b) if past_limit(b.magnitude()));
    if super::value::holds(v, &past) {
        return Err(too_many_digits(None));
    }
    Ok(())
}

/// Refuses a result of more than the memory one value may take (`2 ** 10**12`).
fn check_bits(bits: u128) -> R<()> {
    check_size(bits / 8)
}

/// `x op y` on two integers, either of which may be beyond 64 bits.
pub fn arith(op: BinOp, x: &BigInt, y: &BigInt) -> R<Value> {
    let zero = || {
        err(
            ErrorKind::ZeroDivision,
            "integer division or modulo by zero",
        )
    };
    Ok(match op {
        BinOp::Add => norm(x + y),
        BinOp::Sub => norm(x - y),
        BinOp::Mul => {
            check_bits(x.bits() as u128 + y.bits() as u128)?;
            norm(x * y)
        }
        BinOp::Div => {
            if y.is_zero() {
                return err(ErrorKind::ZeroDivision, "division by zero");
            }
            Value::Float(true_div(x, y)?)
        }
        BinOp::FloorDiv => {
            if y.is_zero() {
                return zero();
            }
            norm(x.div_floor(y))
        }
        BinOp::Mod => {
            if y.is_zero() {
                return zero();
            }
            norm(x.mod_floor(y))
        }
        BinOp::Pow => {
            if y.is_negative() {
                return Ok(Value::Float(to_f64(x)?.powf(to_f64(y)?)));
            }
            if x.is_zero() || x.magnitude() == &1u32.into() {
                let odd = y.is_odd();
                return Ok(norm(if x.is_zero() && !y.is_zero() {
                    BigInt::zero()
                } else if x.is_negative() && odd {
                    BigInt::from(-1)
                } else {
                    BigInt::from(1)
                }));
            }
            let e = y.to_u32().ok_or_else(too_big)?;
            check_bits(x.bits() as u128 * e as u128)?;
            norm(x.pow(e))
        }
        BinOp::BitAnd => norm(x & y),
        BinOp::BitOr => norm(x | y),
        BinOp::BitXor => norm(x ^ y),
        BinOp::LShift | BinOp::RShift if y.is_negative() => {
            return err(ErrorKind::Value, "negative shift count")
        }
        BinOp::LShift => {
            if x.is_zero() {
                return Ok(Value::Int(0));
            }
            let n = y.to_u64().ok_or_else(too_big)?;
            check_bits(x.bits() as u128 + n as u128)?;
            norm(x << n)
        }
        BinOp::RShift => match y.to_u64() {
            Some(n) => norm(x >> n),
            None => Value::Int(if x.is_negative() { -1 } else { 0 }),
        },
    })
}

/// `x / y` correctly rounded, as Python's true division of integers.
fn true_div(x: &BigInt, y: &BigInt) -> R<f64> {
    if let (Some(a), Some(b)) = (x.to_i64(), y.to_i64()) {
        if a.unsigned_abs() < 1 << 53 && b.unsigned_abs() < 1 << 53 {
            return Ok(a as f64 / b as f64);
        }
    }
    // Scale so the quotient has 64 significant bits, then let the float round it.
    let shift = 64 + y.bits() as i64 - x.bits() as i64;
    let q = if shift >= 0 {
        (x << shift as u64).div_floor(y)
    } else {
        x.div_floor(&(y << (-shift) as u64))
    };
    let f = q.to_f64().unwrap_or(f64::INFINITY) * 2f64.powi(-shift as i32);
    if !f.is_finite() {
        return err(
            ErrorKind::Overflow,
            "integer division result too large for a float",
        );
    }
    Ok(f)
}

/// `-x`, `~x` of an integer beyond 64 bits (or of `i64::MIN`).
pub fn neg(x: &BigInt) -> Value {
    norm(-x)
}

pub fn invert(x: &BigInt) -> Value {
    norm(-x - 1)
}

/// The error for a result that would need more than memory allows.
fn too_big() -> Error {
    Error::at_none(
        ErrorKind::Overflow,
        "integer result too large: it would not fit in memory",
    )
}

/// A float as an integer, truncated (`int(1e30)`), or the error Python gives for
/// infinities and NaN.
pub fn from_f64(f: f64) -> R<Value> {
    if f.is_nan() {
        return err(ErrorKind::Value, "cannot convert float NaN to integer");
    }
    if f.is_infinite() {
        return err(
            ErrorKind::Overflow,
            "cannot convert float infinity to integer",
        );
    }
    let t = f.trunc();
    if t.abs() < 9.2e18 {
        return Ok(Value::Int(t as i64));
    }
    // An integral float is mantissa * 2**exp exactly.
    let bits = t.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1 << 52) - 1)) | (1 << 52);
    let mut b = BigInt::from(mant) << exp as u64;
    if t < 0.0 {
        b = -b;
    }
    Ok(norm(b))
}

/// `round(x, ndigits)` of a finite float, correctly rounded from its exact binary value
/// with ties to even, as Python rounds (`round(2.675, 2)` is 2.67: 2.675 is a little less).
/// None where the result is too large for a float (Python's OverflowError).
pub fn round_float(x: f64, ndigits: i64) -> Option<f64> {
    if ndigits >= 0 {
        // Rust's fixed-precision formatting is exact, ties to even.
        let r: f64 = format!("{:.*}", ndigits as usize, x).parse().unwrap_or(x);
        return Some(if r == 0.0 { 0.0 * x.signum() } else { r });
    }
    // x = mant / 2**shift exactly; round mant to a multiple of 10**k * 2**shift.
    let bits = x.abs().to_bits();
    let (e, m) = ((bits >> 52) as i64 & 0x7ff, bits & ((1 << 52) - 1));
    let (mant, exp) = if e == 0 {
        (m, -1074)
    } else {
        (m | 1 << 52, e - 1075)
    };
    let step = BigInt::from(10).pow(ndigits.unsigned_abs() as u32);
    let (num, den) = if exp >= 0 {
        (BigInt::from(mant) << exp as u64, step.clone())
    } else {
        (BigInt::from(mant), &step << (-exp) as u64)
    };
    let (mut q, r) = num.div_mod_floor(&den);
    let twice = r * 2;
    if twice > den || (twice == den && q.is_odd()) {
        q += 1;
    }
    let v: f64 = (q * step).to_string().parse().unwrap_or(f64::INFINITY);
    v.is_finite()
        .then_some(if x.is_sign_negative() { -v } else { v })
}

/// `round(n, ndigits)` of an integer with negative `ndigits`: to a multiple of
/// `10**-ndigits`, ties to even, as Python rounds.
pub fn round(n: &BigInt, ndigits: i64) -> Value {
    let Some(k) = ndigits.checked_neg().and_then(|k| u32::try_from(k).ok()) else {
        return Value::Int(0);
    };
    if k > 4300 {
        return Value::Int(0);
    }
    let p = BigInt::from(10).pow(k);
    let r = n.mod_floor(&p);
    let mut q = n - &r;
    let twice = &r * 2;
    if twice > p || (twice == p && (&q / &p).is_odd()) {
        q += &p;
    }
    norm(q)
}

/// `n.to_bytes(length, byteorder, signed=)` for any integer.
pub fn to_bytes(n: &BigInt, len: usize, big_endian: bool, signed: bool) -> R<Vec<u8>> {
    if n.is_negative() && !signed {
        return err(
            ErrorKind::Overflow,
            "can't convert negative int to unsigned",
        );
    }
    let mut raw = if signed {
        n.to_signed_bytes_le()
    } else {
        n.to_bytes_le().1
    };
    if n.is_zero() {
        raw.clear();
    }
    if raw.len() > len {
        return err(ErrorKind::Overflow, "int too big to convert");
    }
    let fill = if n.is_negative() { 0xff } else { 0 };
    raw.resize(len, fill);
    if big_endian {
        raw.reverse();
    }
    Ok(raw)
}

/// `int.from_bytes(b, byteorder, signed=)` for any length.
pub fn from_bytes(b: &[u8], big_endian: bool, signed: bool) -> Value {
    let n = match (big_endian, signed) {
        (true, true) => BigInt::from_signed_bytes_be(b),
        (false, true) => BigInt::from_signed_bytes_le(b),
        (true, false) => BigInt::from_bytes_be(Sign::Plus, b),
        (false, false) => BigInt::from_bytes_le(Sign::Plus, b),
    };
    norm(n)
}

/// Python's `hash()` of an integer beyond 64 bits: its value modulo 2**61 - 1.
pub fn hash(b: &BigInt) -> i64 {
    let m = BigInt::from((1u64 << 61) - 1);
    let h = b.abs().mod_floor(&m).to_i64().unwrap_or(0);
    let h = if b.is_negative() { -h } else { h };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Python's `hash()` of a float: of its exact rational value modulo 2**61 - 1, so an
/// integral float hashes as the integer.
pub fn hash_float(f: f64) -> i64 {
    const BITS: i32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if f.is_infinite() {
        return if f > 0.0 { 314159 } else { -314159 };
    }
    if f.is_nan() || f == 0.0 {
        return 0;
    }
    // frexp: f = m * 2**e with 0.5 <= |m| < 1.
    let bits = f.abs().to_bits();
    let (mut m, mut e) = if (bits >> 52) & 0x7ff == 0 {
        let scaled = f.abs() * 2f64.powi(54);
        let b = scaled.to_bits();
        (
            f64::from_bits((b & !(0x7ff << 52)) | (1022 << 52)),
            ((b >> 52) & 0x7ff) as i32 - 1022 - 54,
        )
    } else {
        (
            f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52)),
            ((bits >> 52) & 0x7ff) as i32 - 1022,
        )
    };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS
    } else {
        BITS - 1 - ((-1 - e) % BITS)
    } as u32;
    x = ((x << e) & MODULUS) | (x >> (BITS as u32 - e));
    let h = if f < 0.0 { -(x as i64) } else { x as i64 };
    if h == -1 {
        -2
    } else {
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(s: &str) -> BigInt {
        BigInt::parse_bytes(s.as_bytes(), 10).unwrap()
    }

    #[test]
    fn results_match_python() {
        let two = BigInt::from(2);
        let r = arith(BinOp::Pow, &two, &BigInt::from(100)).unwrap();
        assert_eq!(r.repr(), "1267650600228229401496703205376");
        let r = arith(
            BinOp::FloorDiv,
            &big("-1267650600228229401496703205377"),
            &two,
        );
        assert_eq!(r.unwrap().repr(), "-633825300114114700748351602689");
        let r = arith(
            BinOp::Mod,
            &big("-1267650600228229401496703205377"),
            &BigInt::from(7),
        );
        assert_eq!(r.unwrap().repr(), "4");
        // Back to 64 bits when the result fits.
        let r = arith(
            BinOp::Sub,
            &big("18446744073709551616"),
            &big("18446744073709551615"),
        );
        assert!(matches!(r.unwrap(), Value::Int(1)));
        let r = arith(
            BinOp::Div,
            &big("1267650600228229401496703205376"),
            &BigInt::from(3),
        );
        assert_eq!(r.unwrap().repr(), "4.2255020007607644e+29");
        assert_eq!(
            from_f64(1e30).unwrap().repr(),
            "1000000000000000019884624838656"
        );
        assert_eq!(from_f64(-2.5).unwrap().repr(), "-2");
    }

    #[test]
    fn bytes_round_trip() {
        let b = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        let v = from_bytes(&b, true, false);
        assert_eq!(v.repr(), "42540766411282592856903984951653826561");
        let Value::Big(n) = v else { panic!() };
        assert_eq!(to_bytes(&n, 16, true, false).unwrap(), b);
        assert!(to_bytes(&n, 15, true, false).is_err());
        assert_eq!(
            to_bytes(&BigInt::from(-1), 2, false, true).unwrap(),
            [0xff, 0xff]
        );
        assert_eq!(round(&BigInt::from(1250), -2).repr(), "1200");
        assert_eq!(round(&BigInt::from(1350), -2).repr(), "1400");
        assert_eq!(round(&BigInt::from(-1351), -2).repr(), "-1400");
        assert_eq!(hash(&big("18446744073709551616")), 8);
        assert_eq!(hash(&BigInt::from(-1)), -2);
        // Python: hash(0.5), hash(2.0), hash(-1.5), hash(1e300)
        assert_eq!(hash_float(0.5), 1152921504606846976);
        assert_eq!(hash_float(2.0), 2);
        assert_eq!(hash_float(-1.5), -1152921504606846977);
        assert_eq!(hash_float(1e300), 1224995262755759164);
        assert_eq!(hash_float(1e-300), 482449582752280463);
        assert_eq!(hash_float(5e-324), 16777216);
    }
}
