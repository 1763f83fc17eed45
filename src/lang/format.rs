//! Python's `%` formatting and format-spec mini-language (`str.format`, f-strings).

use super::error::{Error, ErrorKind};
use super::value::Value;
use crate::pyfmt::float_repr;

fn type_err(msg: &str) -> Error {
    Error::at_none(ErrorKind::Type, msg)
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Big(b) => num_traits::ToPrimitive::to_f64(&**b),
        Value::Float(f) => Some(*f),
        Value::Dec(d) => Some(d.to_f64()),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Flags(f, _) => Some(*f as f64),
        _ => None,
    }
}

fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        Value::Float(f) => Some(f.trunc() as i64),
        Value::Dec(d) => Some(i64::try_from(d.trunc()).unwrap_or(if d.mantissa < 0 {
            i64::MIN
        } else {
            i64::MAX
        })),
        Value::Flags(f, _) => Some(*f as i64),
        _ => None,
    }
}

/// The sign and magnitude of an integer to format, however large.
fn int_parts(v: &Value) -> Option<(bool, Magnitude)> {
    match v {
        Value::Big(b) => Some((
            b.sign() == num_bigint::Sign::Minus,
            Magnitude::Big(b.magnitude().clone()),
        )),
        v => as_int(v).map(|i| (i < 0, Magnitude::Small(i.unsigned_abs()))),
    }
}

enum Magnitude {
    Small(u64),
    Big(num_bigint::BigUint),
}

impl Magnitude {
    /// The digits in the base of a format type (`x`, `X`, `o`, `b`, else decimal).
    fn digits(&self, ty: char) -> Result<String, Error> {
        Ok(match (self, ty) {
            (Magnitude::Small(a), 'x') => format!("{a:x}"),
            (Magnitude::Small(a), 'X') => format!("{a:X}"),
            (Magnitude::Small(a), 'o') => format!("{a:o}"),
            (Magnitude::Small(a), 'b') => format!("{a:b}"),
            (Magnitude::Small(a), _) => a.to_string(),
            (Magnitude::Big(a), 'x') => format!("{a:x}"),
            (Magnitude::Big(a), 'X') => format!("{a:X}"),
            (Magnitude::Big(a), 'o') => format!("{a:o}"),
            (Magnitude::Big(a), 'b') => format!("{a:b}"),
            (Magnitude::Big(a), _) => crate::lang::bigint::decimal_magnitude(a)?,
        })
    }
}

/// A parsed format spec: `[[fill]align][sign][#][0][width][,][.precision][type]`.
#[derive(Default)]
struct Spec {
    fill: char,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    comma: bool,
    precision: Option<usize>,
    ty: Option<char>,
}

/// A width or precision: refused when the text would be too large to make.
fn size_field(digits: &[char]) -> Result<usize, Error> {
    let n: u128 = digits
        .iter()
        .collect::<String>()
        .parse()
        .unwrap_or(u128::MAX);
    crate::lang::eval::check_size(n)?;
    Ok(n as usize)
}

fn parse_spec(s: &str) -> Result<Spec, Error> {
    let c: Vec<char> = s.chars().collect();
    let mut sp = Spec {
        fill: ' ',
        ..Default::default()
    };
    let mut i = 0;
    if c.len() >= 2 && matches!(c[1], '<' | '>' | '^' | '=') {
        sp.fill = c[0];
        sp.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && matches!(c[0], '<' | '>' | '^' | '=') {
        sp.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        sp.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        sp.alt = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        sp.zero = true;
        i += 1;
    }
    let st = i;
    while i < c.len() && c[i].is_ascii_digit() {
        i += 1;
    }
    if i > st {
        sp.width = size_field(&c[st..i])?;
    }
    if i < c.len() && (c[i] == ',' || c[i] == '_') {
        sp.comma = true;
        i += 1;
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        let st = i;
        while i < c.len() && c[i].is_ascii_digit() {
            i += 1;
        }
        sp.precision = Some(size_field(&c[st..i])?);
    }
    if i < c.len() {
        sp.ty = Some(c[i]);
        i += 1;
    }
    if i != c.len() {
        return Err(Error::at_none(
            ErrorKind::Value,
            format!("invalid format specifier '{s}'"),
        ));
    }
    Ok(sp)
}

fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The sign a number is written with: `-`, or what the spec asks for (`+`, ` `).
fn sign_text(negative: bool, sp: &Spec) -> String {
    if negative {
        "-".to_string()
    } else {
        sp.sign
            .filter(|&c| c != '-')
            .map(String::from)
            .unwrap_or_default()
    }
}

fn pad(body: String, sign: &str, sp: &Spec, default_right: bool) -> String {
    let len = body.chars().count() + sign.chars().count();
    if len >= sp.width {
        return format!("{sign}{body}");
    }
    let n = sp.width - len;
    let align = sp.align.unwrap_or(if sp.zero && default_right {
        '='
    } else if default_right {
        '>'
    } else {
        '<'
    });
    let fill = if sp.zero && sp.align.is_none() {
        '0'
    } else {
        sp.fill
    };
    let f = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match align {
        '<' => format!("{sign}{body}{}", f(n)),
        '^' => format!("{}{sign}{body}{}", f(n / 2), f(n - n / 2)),
        '=' => format!("{sign}{}{body}", f(n)),
        _ => format!("{}{sign}{body}", f(n)),
    }
}

/// `format(value, spec)`.
pub fn format_value(v: &Value, spec: &str) -> Result<String, Error> {
    if spec.is_empty() {
        return match v {
            Value::Big(b) => crate::lang::bigint::decimal(b),
            _ => Ok(v.to_str()),
        };
    }
    let sp = parse_spec(spec)?;
    let numeric = matches!(
        v,
        Value::Int(_) | Value::Big(_) | Value::Float(_) | Value::Dec(_) | Value::Bool(_)
    );
    match sp.ty {
        None | Some('s') if !numeric || sp.ty == Some('s') => {
            let mut s = v.to_str();
            if let Some(p) = sp.precision {
                s = s.chars().take(p).collect();
            }
            Ok(pad(s, "", &sp, false))
        }
        Some('d') | Some('x') | Some('X') | Some('o') | Some('b') | Some('n') | Some('c') => {
            let (neg, a) = match v {
                Value::Int(_) | Value::Big(_) | Value::Bool(_) | Value::Flags(..) => {
                    int_parts(v).unwrap()
                }
                _ => {
                    return Err(Error::at_none(
                        ErrorKind::Value,
                        format!(
                            "Unknown format code '{}' for object of type '{}'",
                            sp.ty.unwrap(),
                            v.type_name()
                        ),
                    ))
                }
            };
            let ty = sp.ty.unwrap();
            let prefix = match ty {
                'x' => "0x",
                'X' => "0X",
                'o' => "0o",
                'b' => "0b",
                _ => "",
            };
            let mut body = match (ty, &a) {
                ('c', Magnitude::Small(c)) if *c <= 0x10ffff => {
                    char::from_u32(*c as u32).unwrap_or('?').to_string()
                }
                ('c', _) => {
                    return Err(Error::at_none(
                        ErrorKind::Overflow,
                        "%c arg not in range(0x110000)",
                    ))
                }
                _ => a.digits(ty)?,
            };
            if sp.comma {
                body = group(&body);
            }
            let mut sign = sign_text(neg, &sp);
            if sp.alt {
                sign.push_str(prefix);
            }
            Ok(pad(body, &sign, &sp, true))
        }
        _ => {
            // Float-like: f, e, g, %, or none for numbers.
            if sp.ty.is_none() && matches!(v, Value::Int(_) | Value::Big(_) | Value::Bool(_)) {
                let (neg, a) = int_parts(v).unwrap_or((false, Magnitude::Small(0)));
                let mut body = a.digits('d')?;
                if sp.comma {
                    body = group(&body);
                }
                return Ok(pad(body, &sign_text(neg, &sp), &sp, true));
            }
            let x = as_f64(v).ok_or_else(|| type_err("a number is required"))?;
            if sp.ty.is_none() && sp.precision.is_none() {
                let s = match v {
                    Value::Dec(d) => d.to_string(),
                    _ => float_repr(x),
                };
                let (sign, body) = match s.strip_prefix('-') {
                    Some(b) => ("-".to_string(), b.to_string()),
                    None => (
                        sp.sign
                            .filter(|&c| c != '-')
                            .map(String::from)
                            .unwrap_or_default(),
                        s,
                    ),
                };
                return Ok(pad(body, &sign, &sp, true));
            }
            let prec = sp.precision.unwrap_or(6);
            let a = x.abs();
            let upper = sp.ty.is_some_and(|c| c.is_ascii_uppercase());
            let mut body = if !x.is_finite() {
                let t = if x.is_nan() { "nan" } else { "inf" };
                let t = if upper { t.to_uppercase() } else { t.into() };
                if sp.ty == Some('%') {
                    t + "%"
                } else {
                    t
                }
            } else {
                match sp.ty.unwrap_or('g') {
                    'f' | 'F' => match v {
                        Value::Dec(d) => dec_fixed(d.abs(), prec),
                        _ => fixed_f64(a, prec),
                    },
                    'e' | 'E' => exp_fmt(a, prec, upper),
                    '%' => fixed_f64(a * 100.0, prec) + "%",
                    'G' => general(a, prec.max(1)).to_uppercase(),
                    _ => general(a, prec.max(1)),
                }
            };
            if sp.comma {
                let (int, frac) = match body.find('.') {
                    Some(k) => (body[..k].to_string(), body[k..].to_string()),
                    None => (body.clone(), String::new()),
                };
                body = format!("{}{frac}", group(&int));
            }
            let sign = if x < 0.0 || (x == 0.0 && x.is_sign_negative()) {
                "-".to_string()
            } else {
                sp.sign
                    .filter(|&c| c != '-')
                    .map(String::from)
                    .unwrap_or_default()
            };
            Ok(pad(body, &sign, &sp, true))
        }
    }
}

trait DecAbs {
    fn abs(self) -> Self;
}
impl DecAbs for crate::time::Decimal {
    fn abs(self) -> Self {
        crate::time::Decimal::new(self.mantissa.abs(), self.scale)
    }
}

/// Rounds an exact decimal to `prec` places, half-even as Python's Decimal does.
fn dec_fixed(d: crate::time::Decimal, prec: usize) -> String {
    if prec >= d.scale as usize {
        let mut text = d.fixed();
        if d.scale == 0 && prec > 0 {
            text.push('.');
        }
        text.extend(std::iter::repeat_n('0', prec - d.scale as usize));
        return text;
    }
    let Some(drop) = 10i128.checked_pow((d.scale as usize - prec) as u32) else {
        return crate::time::Decimal::new(0, prec as u8).fixed();
    };
    let (q, r) = (d.mantissa / drop, d.mantissa % drop);
    let q = if r * 2 > drop || (r * 2 == drop && q % 2 == 1) {
        q + 1
    } else {
        q
    };
    crate::time::Decimal::new(q, prec as u8).fixed()
}

/// A float's exact binary value has at most 1,074 decimals: digits past these are zeros.
const EXACT_DIGITS: usize = 1100;

/// `%.Nf` of a finite float for any N (Rust's formatter stops at 65,535).
fn fixed_f64(a: f64, prec: usize) -> String {
    if prec <= EXACT_DIGITS {
        return format!("{a:.prec$}");
    }
    let mut s = format!("{a:.EXACT_DIGITS$}");
    s.extend(std::iter::repeat_n('0', prec - EXACT_DIGITS));
    s
}

fn exp_fmt(a: f64, prec: usize, upper: bool) -> String {
    let shown = prec.min(EXACT_DIGITS);
    let s = format!("{a:.shown$e}");
    let s = match s.split_once('e') {
        Some((m, e)) if prec > shown => format!("{m}{}e{e}", "0".repeat(prec - shown)),
        _ => s,
    };
    let (m, e) = s.split_once('e').unwrap();
    let e: i32 = e.parse().unwrap();
    let out = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

/// `%g`: shortest of fixed or exponent form with `prec` significant digits.
fn general(a: f64, prec: usize) -> String {
    if a == 0.0 {
        return "0".into();
    }
    let exp = a.log10().floor() as i32;
    let s = if exp < -4 || exp >= prec as i32 {
        let s = exp_fmt(a, prec - 1, false);
        let (m, e) = s.split_once('e').unwrap();
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        format!("{m}e{e}")
    } else {
        let decimals = (prec as i64 - 1 - exp as i64).max(0) as usize;
        let s = fixed_f64(a, decimals);
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    s
}

/// `fmt % args`.
pub fn percent(fmt: &str, args: &Value) -> Result<String, Error> {
    let items: Vec<Value> = match args {
        Value::Tuple(t) => t.to_vec(),
        v => vec![v.clone()],
    };
    let dict = match args {
        Value::Dict(d) => Some(d.clone()),
        _ => None,
    };
    let mut out = String::new();
    let c: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let mut k = 0;
    while i < c.len() {
        if c[i] != '%' {
            out.push(c[i]);
            i += 1;
            continue;
        }
        i += 1;
        if i < c.len() && c[i] == '%' {
            out.push('%');
            i += 1;
            continue;
        }
        let mut mapped: Option<Value> = None;
        if i < c.len() && c[i] == '(' {
            let st = i + 1;
            while i < c.len() && c[i] != ')' {
                i += 1;
            }
            let key: String = c[st..i].iter().collect();
            i += 1;
            if let Some(d) = &dict {
                let hk = Value::str(&key).hkey().unwrap();
                mapped = d.borrow().get(&hk).map(|(_, v)| v.clone());
            }
            if mapped.is_none() {
                return Err(Error::at_none(ErrorKind::Key, format!("'{key}'")));
            }
        }
        let mut flags = String::new();
        while i < c.len() && matches!(c[i], '-' | '+' | ' ' | '0' | '#') {
            flags.push(c[i]);
            i += 1;
        }
        let mut width = String::new();
        while i < c.len() && (c[i].is_ascii_digit() || c[i] == '*') {
            if c[i] == '*' {
                let w = items.get(k).and_then(as_int).unwrap_or(0);
                k += 1;
                width = w.to_string();
            } else {
                width.push(c[i]);
            }
            i += 1;
        }
        let mut prec = None;
        if i < c.len() && c[i] == '.' {
            i += 1;
            let st = i;
            while i < c.len() && c[i].is_ascii_digit() {
                i += 1;
            }
            prec = Some(c[st..i].iter().collect::<String>());
        }
        while i < c.len() && matches!(c[i], 'l' | 'h' | 'L') {
            i += 1;
        }
        let Some(&conv) = c.get(i) else {
            return Err(Error::at_none(ErrorKind::Value, "incomplete format"));
        };
        i += 1;
        let v = match mapped {
            Some(v) => v,
            None => {
                let v = items
                    .get(k)
                    .cloned()
                    .ok_or_else(|| type_err("not enough arguments for format string"))?;
                k += 1;
                v
            }
        };
        out.push_str(&convert(conv, &v, &flags, &width, prec)?);
    }
    if k < items.len() && dict.is_none() && !matches!(args, Value::Dict(_)) {
        return Err(type_err(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

/// `template.format(*args, **kwargs)`.
pub fn str_format(
    t: &str,
    args: &[Value],
    kwargs: &[(String, Value)],
    getattr: &mut dyn FnMut(&Value, &str) -> Result<Value, Error>,
) -> Result<String, Error> {
    let c: Vec<char> = t.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut auto = 0;
    while i < c.len() {
        match c[i] {
            '{' if c.get(i + 1) == Some(&'{') => {
                out.push('{');
                i += 2;
            }
            '}' if c.get(i + 1) == Some(&'}') => {
                out.push('}');
                i += 2;
            }
            '{' => {
                let st = i + 1;
                while i < c.len() && c[i] != '}' {
                    i += 1;
                }
                let field: String = c[st..i].iter().collect();
                i += 1;
                let (name, spec) = match field.find(':') {
                    Some(k) => (field[..k].to_string(), field[k + 1..].to_string()),
                    None => (field.clone(), String::new()),
                };
                let (name, conv) = match name.find('!') {
                    Some(k) => (name[..k].to_string(), name[k + 1..].chars().next()),
                    None => (name, None),
                };
                let mut parts = name.split('.');
                let head = parts.next().unwrap_or("");
                let mut v = if head.is_empty() {
                    let v = args.get(auto).cloned().ok_or_else(|| {
                        Error::at_none(
                            ErrorKind::Index,
                            "Replacement index out of range for positional args tuple",
                        )
                    })?;
                    auto += 1;
                    v
                } else if let Ok(n) = head.parse::<usize>() {
                    args.get(n).cloned().ok_or_else(|| {
                        Error::at_none(
                            ErrorKind::Index,
                            "Replacement index out of range for positional args tuple",
                        )
                    })?
                } else {
                    kwargs
                        .iter()
                        .find(|(k, _)| k == head)
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| Error::at_none(ErrorKind::Key, format!("'{head}'")))?
                };
                for attr in parts {
                    v = getattr(&v, attr)?;
                }
                let v = match conv {
                    Some('r') => Value::str(&v.repr()),
                    Some('s') => Value::str(&v.to_str()),
                    _ => v,
                };
                out.push_str(&format_value(&v, &spec)?);
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// One `%` conversion of a value, with its flags, width and precision.
fn convert(
    conv: char,
    v: &Value,
    flags: &str,
    width: &str,
    prec: Option<String>,
) -> Result<String, Error> {
    // printf-style: right-aligned unless `-`, strings included.
    let align = if flags.contains('-') {
        "<"
    } else if flags.contains('0') {
        ""
    } else {
        ">"
    };
    let zero = if flags.contains('0') && !flags.contains('-') {
        "0"
    } else {
        ""
    };
    let sign = if flags.contains('+') {
        "+"
    } else if flags.contains(' ') {
        " "
    } else {
        ""
    };
    let alt = if flags.contains('#') { "#" } else { "" };
    let p = prec.map(|p| format!(".{p}")).unwrap_or_default();
    Ok(match conv {
        's' | 'r' | 'a' => {
            crate::lang::bigint::check_digits(v)?;
            let text = if conv == 's' { v.to_str() } else { v.repr() };
            format_value(&Value::str(&text), &format!("{align}{width}{p}"))?
        }
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
            let decimal = matches!(conv, 'd' | 'i' | 'u');
            let n = match v {
                Value::Big(_) => v.clone(),
                v => Value::Int(as_int(v).ok_or_else(|| {
                    let what = if decimal { "a number" } else { "an integer" };
                    type_err(&format!(
                        "%{conv} format: {what} is required, not {}",
                        v.type_name()
                    ))
                })?),
            };
            let spec = if decimal {
                format!("{align}{sign}{zero}{width}d")
            } else {
                format!("{align}{sign}{alt}{zero}{width}{conv}")
            };
            format_value(&n, &spec)?
        }
        'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
            let x = as_f64(v)
                .ok_or_else(|| type_err(&format!("must be real number, not {}", v.type_name())))?;
            // `%` converts a Decimal to float first, as Python does.
            let p = if p.is_empty() { ".6".to_string() } else { p };
            format_value(
                &Value::Float(x),
                &format!("{align}{sign}{zero}{width}{p}{conv}"),
            )?
        }
        'c' => match &v {
            Value::Str(s) => s.to_string(),
            _ => char::from_u32(as_int(v).unwrap_or(63) as u32)
                .unwrap_or('?')
                .to_string(),
        },
        other => {
            return Err(Error::at_none(
                ErrorKind::Value,
                format!("unsupported format character '{other}'"),
            ))
        }
    })
}
