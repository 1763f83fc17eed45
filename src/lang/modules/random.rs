//! `random`: Python's Mersenne Twister (MT19937) and the algorithms of its `random`
//! module, so that a script that seeds it (`random.seed(1)`) draws the numbers Python
//! draws: `random`, `randint`, `randrange`, `choice`, `choices`, `shuffle`, `sample`,
//! `uniform`, `getrandbits`. Unseeded, it starts from the clock and process id.

use num_bigint::BigInt;
use sha2::{Digest, Sha512};

use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::Value;

const RND: Owner = Owner::Module("random");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(RND, "seed", "random.seed(a=None)", "Start the generator from a (an int, str or bytes), as Python does: the same seed gives the same numbers as in Python.", "random.seed(1)", seed),
    function(RND, "random", "random.random()", "A float in [0, 1).", "random.random()", random),
    function(RND, "uniform", "random.uniform(a, b)", "A float between a and b.", "random.uniform(1, 2)", uniform),
    function(RND, "randint", "random.randint(a, b)", "An integer in [a, b], both included.", "random.randint(1, 6)", randint),
    function(RND, "randrange", "random.randrange(start, stop=None, step=1)", "An integer of range(start, stop, step).", "random.randrange(0, 10, 2)", randrange),
    function(RND, "getrandbits", "random.getrandbits(k)", "An integer of k random bits.", "random.getrandbits(16)", getrandbits),
    function(RND, "choice", "random.choice(seq)", "One item of a non-empty sequence.", "random.choice('abc')", choice),
    function(RND, "choices", "random.choices(population, weights=None, k=1)", "k items drawn with replacement, by weight if given.", "random.choices('abc', k=2)", choices),
    function(RND, "sample", "random.sample(population, k)", "k distinct items (by position).", "random.sample(range(10), 3)", sample),
    function(RND, "shuffle", "random.shuffle(x)", "Shuffle a list in place.", "random.shuffle([1, 2, 3])", shuffle),
];

const N: usize = 624;

/// The generator's state.
pub struct Mt {
    mt: [u32; N],
    i: usize,
}

impl Mt {
    fn from_key(key: &[u32]) -> Mt {
        let mut mt = [0u32; N];
        mt[0] = 19650218;
        for i in 1..N {
            mt[i] = 1812433253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        let (mut i, mut j) = (1, 0);
        let key = if key.is_empty() { &[0][..] } else { key };
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1664525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1566083941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        Mt { mt, i: N }
    }

    fn next_u32(&mut self) -> u32 {
        if self.i >= N {
            for k in 0..N {
                let y = (self.mt[k] & 0x8000_0000) | (self.mt[(k + 1) % N] & 0x7fff_ffff);
                let mag = if y & 1 == 1 { 0x9908_b0df } else { 0 };
                self.mt[k] = self.mt[(k + 397) % N] ^ (y >> 1) ^ mag;
            }
            self.i = 0;
        }
        let mut y = self.mt[self.i];
        self.i += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn float(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) / 9007199254740992.0
    }

    /// One word of getrandbits with `left` bits still to draw: the top `left` bits of
    /// a draw when fewer than 32 are left.
    fn word(&mut self, left: u64) -> u32 {
        let r = self.next_u32();
        if left < 32 {
            r >> (32 - left)
        } else {
            r
        }
    }

    /// k random bits, the first 32-bit word lowest, as Python's getrandbits.
    fn bits(&mut self, k: u64) -> BigInt {
        let mut words = Vec::new();
        let mut left = k;
        while left > 0 {
            words.push(self.word(left));
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(num_bigint::Sign::Plus, &words)
    }

    /// An integer in [0, n), by rejection as Python's `_randbelow`.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // getrandbits(k) without a big integer: at most two words.
        let k = (64 - n.leading_zeros()) as u64;
        loop {
            let mut r = self.word(k) as u64;
            if k > 32 {
                r |= (self.word(k - 32) as u64) << 32;
            }
            if r < n {
                return r;
            }
        }
    }
}

fn clock_seed() -> Mt {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let s = t ^ (std::process::id() as u128) << 64;
    let key: Vec<u32> = (0..4).map(|i| (s >> (32 * i)) as u32).collect();
    Mt::from_key(&key)
}

fn rng(it: &mut Interp) -> &mut Mt {
    it.rng.get_or_insert_with(|| Box::new(clock_seed()))
}

/// The 32-bit words of a non-negative integer, lowest first (Python's seed key).
fn key_of(n: &BigInt) -> Vec<u32> {
    n.magnitude().to_u32_digits()
}

fn seed(it: &mut Interp, call: &Call) -> R<Value> {
    let key = match arg(call.args, call.kwargs, 0, "a") {
        None | Some(Value::None) => {
            it.rng = Some(Box::new(clock_seed()));
            return Ok(Value::None);
        }
        Some(v @ (Value::Int(_) | Value::Big(_) | Value::Bool(_))) => {
            key_of(&crate::lang::bigint::of(v).unwrap_or_default())
        }
        Some(v @ (Value::Str(_) | Value::Bytes(_))) => {
            // Version 2: the bytes followed by their SHA-512, read as a big-endian number.
            let mut b = match v {
                Value::Bytes(b) => b.to_vec(),
                _ => v.to_str().into_bytes(),
            };
            let digest = Sha512::digest(&b);
            b.extend_from_slice(&digest);
            key_of(&BigInt::from_bytes_be(num_bigint::Sign::Plus, &b))
        }
        Some(v) => {
            return err(
                ErrorKind::NotImplemented,
                format!(
                    "random.seed() of a {} is not supported yet: use an int, str or bytes",
                    v.type_name()
                ),
            )
        }
    };
    it.rng = Some(Box::new(Mt::from_key(&key)));
    Ok(Value::None)
}

fn random(it: &mut Interp, _: &Call) -> R<Value> {
    Ok(Value::Float(rng(it).float()))
}

fn number(name: &str, v: &Value) -> R<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        Value::Bool(b) => Ok(*b as i64 as f64),
        _ => err(
            ErrorKind::Type,
            format!("{name}() needs numbers, not {}", v.type_name()),
        ),
    }
}

fn uniform(it: &mut Interp, call: &Call) -> R<Value> {
    let a = number("uniform", need("uniform", call.args, call.kwargs, 0, "a")?)?;
    let b = number("uniform", need("uniform", call.args, call.kwargs, 1, "b")?)?;
    Ok(Value::Float(a + (b - a) * rng(it).float()))
}

fn int(name: &str, v: &Value) -> R<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Big(_) => err(
            ErrorKind::NotImplemented,
            format!("{name}() of integers past 64 bits is not supported yet"),
        ),
        _ => err(
            ErrorKind::Type,
            format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ),
        ),
    }
}

/// Python 3.11's `randrange`.
fn range_draw(it: &mut Interp, start: i64, stop: Option<i64>, step: i64) -> R<Value> {
    let Some(stop) = stop else {
        if start > 0 {
            return Ok(Value::Int(rng(it).below(start as u64) as i64));
        }
        return err(ErrorKind::Value, "empty range for randrange()");
    };
    let width = stop as i128 - start as i128;
    if step == 1 {
        if width > 0 {
            return Ok(Value::Int(
                (start as i128 + rng(it).below(width as u64) as i128) as i64,
            ));
        }
        return err(
            ErrorKind::Value,
            format!("empty range for randrange() ({start}, {stop}, {width})"),
        );
    }
    if step == 0 {
        return err(ErrorKind::Value, "zero step for randrange()");
    }
    let step = step as i128;
    let n = if step > 0 {
        (width + step - 1).div_euclid(step)
    } else {
        (width + step + 1).div_euclid(step)
    };
    if n <= 0 {
        return err(ErrorKind::Value, "empty range for randrange()");
    }
    let k = rng(it).below(n as u64) as i128;
    Ok(Value::Int((start as i128 + step * k) as i64))
}

fn randrange(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let start = int("randrange", need("randrange", a, k, 0, "start")?)?;
    let stop = match arg(a, k, 1, "stop") {
        None | Some(Value::None) => None,
        Some(v) => Some(int("randrange", v)?),
    };
    let step = arg(a, k, 2, "step").map_or(Ok(1), |v| int("randrange", v))?;
    range_draw(it, start, stop, step)
}

fn randint(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, k) = (call.args, call.kwargs);
    let lo = int("randint", need("randint", a, k, 0, "a")?)?;
    let hi = int("randint", need("randint", a, k, 1, "b")?)?;
    range_draw(it, lo, Some(hi.saturating_add(1)), 1)
}

fn getrandbits(it: &mut Interp, call: &Call) -> R<Value> {
    let k = int(
        "getrandbits",
        need("getrandbits", call.args, call.kwargs, 0, "k")?,
    )?;
    if k < 0 {
        return err(ErrorKind::Value, "number of bits must be non-negative");
    }
    if k > 1 << 24 {
        return err(ErrorKind::Memory, "getrandbits() of more than 2**24 bits");
    }
    Ok(crate::lang::bigint::norm(rng(it).bits(k as u64)))
}

fn items(it: &mut Interp, name: &str, call: &Call) -> R<Vec<Value>> {
    let v = need(name, call.args, call.kwargs, 0, "population")?.clone();
    it.iterate(&v)
}

fn choice(it: &mut Interp, call: &Call) -> R<Value> {
    let seq = items(it, "choice", call)?;
    if seq.is_empty() {
        return err(ErrorKind::Index, "Cannot choose from an empty sequence");
    }
    let j = rng(it).below(seq.len() as u64) as usize;
    Ok(seq[j].clone())
}

fn choices(it: &mut Interp, call: &Call) -> R<Value> {
    let (a, kw) = (call.args, call.kwargs);
    let pop = items(it, "choices", call)?;
    let k = arg(a, kw, 3, "k")
        .map_or(Ok(1), |v| int("choices", v))?
        .max(0) as usize;
    let weights = match arg(a, kw, 1, "weights") {
        None | Some(Value::None) => None,
        Some(w) => {
            let w = it.iterate(&w.clone())?;
            let mut total = 0.0;
            let mut cum = Vec::with_capacity(w.len());
            for x in &w {
                total += number("choices", x)?;
                cum.push(total);
            }
            Some(cum)
        }
    };
    if pop.is_empty() {
        return err(ErrorKind::Index, "Cannot choose from an empty population");
    }
    let n = pop.len();
    let mut out = Vec::with_capacity(k);
    for _ in 0..k {
        let r = rng(it).float();
        let j = match &weights {
            None => ((r * n as f64).floor() as usize).min(n - 1),
            Some(cum) => {
                if cum.len() != n {
                    return err(
                        ErrorKind::Value,
                        "The number of weights does not match the population",
                    );
                }
                let x = r * (cum[n - 1] + 0.0);
                // bisect_right over cum[0..n-1].
                cum[..n - 1].partition_point(|&c| c <= x)
            }
        };
        out.push(pop[j].clone());
    }
    Ok(Value::list(out))
}

fn sample(it: &mut Interp, call: &Call) -> R<Value> {
    let pop = items(it, "sample", call)?;
    let k = int("sample", need("sample", call.args, call.kwargs, 1, "k")?)?;
    let n = pop.len();
    if k < 0 || k as usize > n {
        return err(
            ErrorKind::Value,
            "Sample larger than population or is negative",
        );
    }
    let k = k as usize;
    let mut setsize = 21usize;
    if k > 5 {
        // 4 ** ceil(log(3k, 4)), as Python computes it in floats.
        let e = ((k as f64 * 3.0).ln() / 4f64.ln()).ceil() as u32;
        setsize += 4usize.saturating_pow(e);
    }
    let r = rng(it);
    let mut out = Vec::with_capacity(k);
    if n <= setsize {
        let mut pool = pop;
        for i in 0..k {
            let j = r.below((n - i) as u64) as usize;
            out.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut picked = std::collections::HashSet::new();
        for _ in 0..k {
            let mut j = r.below(n as u64) as usize;
            while !picked.insert(j) {
                j = r.below(n as u64) as usize;
            }
            out.push(pop[j].clone());
        }
    }
    Ok(Value::list(out))
}

fn shuffle(it: &mut Interp, call: &Call) -> R<Value> {
    let Value::List(l) = need("shuffle", call.args, call.kwargs, 0, "x")? else {
        return err(ErrorKind::Type, "random.shuffle() shuffles a list in place");
    };
    let l = l.clone();
    let r = rng(it);
    let mut v = l.borrow_mut();
    for i in (1..v.len()).rev() {
        let j = r.below(i as u64 + 1) as usize;
        v.swap(i, j);
    }
    Ok(Value::None)
}
