//! `time` and `datetime`: times as scripts print them (UTC: pcapsh takes the local zone to
//! be UTC, as on servers and in CI).

use std::rc::Rc;

use crate::lang::ast::BinOp;
use crate::lang::builtins::{arg, need};
use crate::lang::commands::{function, method, property, Call, Command, Owner};
use crate::lang::error::ErrorKind;
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::{ClassObj, HKey, Instance, Object, Value};
use crate::time::civil;

const TM: Owner = Owner::Module("time");
const DM: Owner = Owner::Module("datetime");
/// Class methods of `datetime.datetime`.
const DC: Owner = Owner::Module("datetime.datetime");
const DT: Owner = Owner::Type("datetime.datetime");
const TD: Owner = Owner::Type("datetime.timedelta");

#[rustfmt::skip]
pub static TABLE: &[Command] = &[
    function(TM, "time", "time.time()", "Seconds since 1970 now, as a float.", "time.time() > 0", now),
    function(TM, "perf_counter", "time.perf_counter()", "A clock for measuring durations, in seconds.", "time.perf_counter()", now),
    function(TM, "monotonic", "time.monotonic()", "A clock that never goes back, in seconds.", "time.monotonic()", now),
    function(TM, "sleep", "time.sleep(secs)", "Wait.", "time.sleep(0)", sleep).outside(),
    function(TM, "gmtime", "time.gmtime(secs=None)", "A UTC time as a 9-field tuple (struct_time).", "time.gmtime(0)", struct_time),
    function(TM, "localtime", "time.localtime(secs=None)", "A local time (UTC here) as a 9-field tuple.", "time.localtime(0)", struct_time),
    function(TM, "strftime", "time.strftime(format, t=None)", "A time tuple (or now) as text: '%Y-%m-%d %H:%M:%S'.", "time.strftime('%Y-%m-%d', time.gmtime(0))", strftime),
    function(TM, "ctime", "time.ctime(secs=None)", "A time as 'Thu Jan  1 00:00:00 1970'.", "time.ctime(0)", ctime),
    function(TM, "asctime", "time.asctime(t=None)", "A time tuple as 'Thu Jan  1 00:00:00 1970'.", "time.asctime(time.gmtime(0))", ctime),
    function(TM, "mktime", "time.mktime(t)", "Seconds since 1970 of a local time tuple.", "time.mktime(time.localtime(0))", mktime),
    function(DM, "datetime", "datetime.datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0)", "A date and time; also datetime.datetime.fromtimestamp(t), .utcfromtimestamp(t), .now().", "datetime.datetime(2024, 1, 2, 3, 4, 5)", new_datetime),
    function(DM, "timedelta", "datetime.timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)", "A duration.", "datetime.timedelta(seconds=90)", new_delta),
    function(DC, "fromtimestamp", "datetime.datetime.fromtimestamp(t, tz=None)", "The local (UTC) date and time of a Unix time.", "datetime.datetime.fromtimestamp(0)", from_ts),
    function(DC, "utcfromtimestamp", "datetime.datetime.utcfromtimestamp(t)", "The UTC date and time of a Unix time.", "datetime.datetime.utcfromtimestamp(0)", from_ts),
    function(DC, "now", "datetime.datetime.now(tz=None)", "The date and time now.", "datetime.datetime.now()", from_ts),
    function(DC, "utcnow", "datetime.datetime.utcnow()", "The UTC date and time now.", "datetime.datetime.utcnow()", from_ts),
    property(DM, "timezone", "datetime.timezone", "Time zones: datetime.timezone.utc.", "datetime.timezone.utc", |_, _| Ok(Value::Module("datetime.timezone".into()))),
    property(Owner::Module("datetime.timezone"), "utc", "datetime.timezone.utc", "The UTC time zone.", "datetime.timezone.utc", |_, _| Ok(Value::Object(Rc::new(Utc)))),
    method(DT, "strftime", "dt.strftime(format)", "The date and time as text: '%Y-%m-%d %H:%M:%S.%f'.", "datetime.datetime(2024, 1, 2).strftime('%d/%m/%Y')", dt_method, false),
    method(DT, "isoformat", "dt.isoformat(sep='T')", "'2024-01-02T03:04:05'.", "datetime.datetime(2024, 1, 2).isoformat()", dt_method, false),
    method(DT, "timestamp", "dt.timestamp()", "Seconds since 1970, as a float.", "datetime.datetime(2024, 1, 2).timestamp()", dt_method, false),
    method(DT, "weekday", "dt.weekday()", "0 for Monday to 6 for Sunday.", "datetime.datetime(2024, 1, 2).weekday()", dt_method, false),
    method(DT, "isoweekday", "dt.isoweekday()", "1 for Monday to 7 for Sunday.", "datetime.datetime(2024, 1, 2).isoweekday()", dt_method, false),
    method(DT, "date", "dt.date()", "The date part.", "datetime.datetime(2024, 1, 2).date()", dt_method, false),
    method(TD, "total_seconds", "td.total_seconds()", "The duration in seconds, as a float.", "datetime.timedelta(minutes=2).total_seconds()", td_total, false),
];

fn float_arg(v: &Value) -> R<f64> {
    Ok(match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Dec(d) => d.to_f64(),
        Value::Bool(b) => *b as i64 as f64,
        v => {
            return err(
                ErrorKind::Type,
                format!("an integer or float is required, not '{}'", v.type_name()),
            )
        }
    })
}

/// Microseconds of a Unix time given as a number (exact for pcapsh's decimal times).
fn micros_of(v: &Value) -> R<i64> {
    Ok(match v {
        Value::Int(i) => i * 1_000_000,
        Value::Dec(d) => {
            let (s, n) = d.secs_nanos();
            // Python rounds to the nearest microsecond, halves to even.
            let us = n as i64 / 1000;
            let rest = n % 1000;
            let us = if rest > 500 || (rest == 500 && us % 2 == 1) {
                us + 1
            } else {
                us
            };
            s * 1_000_000 + us
        }
        v => (float_arg(v)? * 1e6).round() as i64,
    })
}

fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}

fn now(_: &mut Interp, call: &Call) -> R<Value> {
    if call.name == "time" {
        return Ok(Value::Float(now_micros() as f64 / 1e6));
    }
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let start = *START.get_or_init(std::time::Instant::now);
    Ok(Value::Float(start.elapsed().as_secs_f64()))
}

fn sleep(_: &mut Interp, call: &Call) -> R<Value> {
    let s = float_arg(need("sleep", call.args, call.kwargs, 0, "secs")?)?;
    if s > 0.0 {
        std::thread::sleep(std::time::Duration::from_secs_f64(s.min(3600.0)));
    }
    Ok(Value::None)
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_before(year: i64, month: u32) -> i64 {
    // Days from 1970-01-01 to the first of a month (the inverse of `civil`).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m as i64 + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Unix seconds of a civil UTC time.
fn unix(y: i64, mo: u32, d: u32, h: i64, mi: i64, s: i64) -> i64 {
    (days_before(y, mo) + d as i64 - 1) * 86400 + h * 3600 + mi * 60 + s
}

/// Python's strftime for the common directives.
fn format_time(fmt: &str, micros: i64, utc_suffix: bool) -> String {
    let secs = micros.div_euclid(1_000_000);
    let us = micros.rem_euclid(1_000_000);
    let c = civil(secs);
    let doy = secs.div_euclid(86400) - days_before(c.year, 1) + 1;
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        let Some(d) = chars.next() else {
            out.push('%');
            break;
        };
        let day = DAYS[c.weekday as usize];
        let month = MONTHS[c.month as usize - 1];
        match d {
            'Y' => out.push_str(&c.year.to_string()),
            'y' => out.push_str(&format!("{:02}", c.year % 100)),
            'm' => out.push_str(&format!("{:02}", c.month)),
            'd' => out.push_str(&format!("{:02}", c.day)),
            'e' => out.push_str(&format!("{:2}", c.day)),
            'H' => out.push_str(&format!("{:02}", c.hour)),
            'I' => out.push_str(&format!("{:02}", (c.hour + 11) % 12 + 1)),
            'p' => out.push_str(if c.hour < 12 { "AM" } else { "PM" }),
            'M' => out.push_str(&format!("{:02}", c.minute)),
            'S' => out.push_str(&format!("{:02}", c.second)),
            'f' => out.push_str(&format!("{us:06}")),
            'j' => out.push_str(&format!("{doy:03}")),
            'a' => out.push_str(&day[..3]),
            'A' => out.push_str(day),
            'b' | 'h' => out.push_str(&month[..3]),
            'B' => out.push_str(month),
            'w' => out.push_str(&((c.weekday + 1) % 7).to_string()),
            'u' => out.push_str(&(c.weekday + 1).to_string()),
            's' => out.push_str(&secs.to_string()),
            'z' => out.push_str(if utc_suffix { "+0000" } else { "" }),
            'Z' => out.push_str(if utc_suffix { "UTC" } else { "" }),
            'c' => out.push_str(&format_time("%a %b %e %H:%M:%S %Y", micros, false)),
            'x' => out.push_str(&format_time("%m/%d/%y", micros, false)),
            'X' => out.push_str(&format_time("%H:%M:%S", micros, false)),
            'F' => out.push_str(&format_time("%Y-%m-%d", micros, false)),
            'T' => out.push_str(&format_time("%H:%M:%S", micros, false)),
            '%' => out.push('%'),
            other => {
                out.push('%');
                out.push(other);
            }
        }
    }
    out
}

/// The fields of `time.struct_time`, in order.
const TM_FIELDS: [&str; 9] = [
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

/// `time.struct_time`: a named tuple (`t.tm_hour`, `t[3]`), one class per thread so that
/// `type(a) == type(b)` holds.
fn struct_time_class() -> Rc<ClassObj> {
    thread_local! {
        static CLASS: Rc<ClassObj> = {
            let mut attrs = indexmap::IndexMap::new();
            let fields = TM_FIELDS.iter().map(|f| Value::str(f)).collect();
            attrs.insert("_fields".to_string(), Value::Tuple(Rc::new(fields)));
            Rc::new(ClassObj {
                name: "time.struct_time".into(),
                bases: vec![],
                attrs: std::cell::RefCell::new(attrs),
                exception: None,
            })
        };
    }
    CLASS.with(|c| c.clone())
}

fn time_tuple(micros: i64) -> Value {
    let secs = micros.div_euclid(1_000_000);
    let c = civil(secs);
    let doy = secs.div_euclid(86400) - days_before(c.year, 1) + 1;
    let values = [
        c.year,
        c.month as i64,
        c.day as i64,
        c.hour as i64,
        c.minute as i64,
        c.second as i64,
        c.weekday as i64,
        doy,
        0,
    ];
    let attrs = TM_FIELDS
        .iter()
        .zip(values)
        .map(|(f, v)| (f.to_string(), Value::Int(v)))
        .collect();
    Value::Instance(Rc::new(Instance {
        class: struct_time_class(),
        attrs: std::cell::RefCell::new(attrs),
    }))
}

fn tuple_micros(it: &mut Interp, v: &Value) -> R<i64> {
    let f = it.iterate(v)?;
    let n = |i: usize| match f.get(i) {
        Some(Value::Int(x)) => Ok(*x),
        _ => err(ErrorKind::Type, "a time tuple of 9 integers is required"),
    };
    Ok(unix(n(0)?, n(1)? as u32, n(2)? as u32, n(3)?, n(4)?, n(5)?) * 1_000_000)
}

fn micros_arg(it: &mut Interp, call: &Call, tuple: bool) -> R<i64> {
    match call.args.first() {
        None | Some(Value::None) => Ok(now_micros()),
        Some(v) if tuple => tuple_micros(it, v),
        Some(v) => micros_of(v),
    }
}

fn struct_time(it: &mut Interp, call: &Call) -> R<Value> {
    let us = micros_arg(it, call, false)?;
    Ok(time_tuple(us.div_euclid(1_000_000) * 1_000_000))
}

fn strftime(it: &mut Interp, call: &Call) -> R<Value> {
    let f = need("strftime", call.args, call.kwargs, 0, "format")?.to_str();
    let us = match call.args.get(1) {
        Some(t) => tuple_micros(it, t)?,
        None => now_micros(),
    };
    Ok(Value::str(&format_time(&f, us, false)))
}

fn ctime(it: &mut Interp, call: &Call) -> R<Value> {
    let us = micros_arg(it, call, call.name == "asctime")?;
    Ok(Value::str(&format_time("%a %b %e %H:%M:%S %Y", us, false)))
}

fn mktime(it: &mut Interp, call: &Call) -> R<Value> {
    let t = need("mktime", call.args, call.kwargs, 0, "t")?;
    Ok(Value::Float(tuple_micros(it, t)? as f64 / 1e6))
}

/// `datetime.timezone.utc`.
struct Utc;

impl Object for Utc {
    fn type_name(&self) -> &'static str {
        "datetime.timezone"
    }
    fn repr(&self) -> String {
        "datetime.timezone.utc".into()
    }
    fn to_str(&self) -> String {
        "UTC".into()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A date and time: microseconds since 1970 (UTC), aware of UTC or naive; or a date.
pub struct DateTime {
    micros: i64,
    aware: bool,
    date_only: bool,
}

impl DateTime {
    fn value(micros: i64, aware: bool) -> Value {
        Value::Object(Rc::new(DateTime {
            micros,
            aware,
            date_only: false,
        }))
    }
    fn civil(&self) -> crate::time::Civil {
        civil(self.micros.div_euclid(1_000_000))
    }
    fn us(&self) -> i64 {
        self.micros.rem_euclid(1_000_000)
    }
    fn iso(&self, sep: &str) -> String {
        if self.date_only {
            return format_time("%Y-%m-%d", self.micros, false);
        }
        let mut s = format_time(&format!("%Y-%m-%d{sep}%H:%M:%S"), self.micros, false);
        if self.us() != 0 {
            s.push_str(&format!(".{:06}", self.us()));
        }
        if self.aware {
            s.push_str("+00:00");
        }
        s
    }
}

impl Object for DateTime {
    fn type_name(&self) -> &'static str {
        "datetime.datetime"
    }
    fn repr(&self) -> String {
        let c = self.civil();
        if self.date_only {
            return format!("datetime.date({}, {}, {})", c.year, c.month, c.day);
        }
        let mut parts = vec![
            c.year.to_string(),
            c.month.to_string(),
            c.day.to_string(),
            c.hour.to_string(),
            c.minute.to_string(),
        ];
        if c.second != 0 || self.us() != 0 {
            parts.push(c.second.to_string());
        }
        if self.us() != 0 {
            parts.push(self.us().to_string());
        }
        let tz = if self.aware {
            ", tzinfo=datetime.timezone.utc"
        } else {
            ""
        };
        format!("datetime.datetime({}{tz})", parts.join(", "))
    }
    fn to_str(&self) -> String {
        self.iso(" ")
    }
    fn attr(&self, name: &str) -> Option<Value> {
        let c = self.civil();
        Some(Value::Int(match name {
            "year" => c.year,
            "month" => c.month as i64,
            "day" => c.day as i64,
            "hour" => c.hour as i64,
            "minute" => c.minute as i64,
            "second" => c.second as i64,
            "microsecond" => self.us(),
            "tzinfo" => {
                return Some(if self.aware {
                    Value::Object(Rc::new(Utc))
                } else {
                    Value::None
                })
            }
            _ => return None,
        }))
    }
    fn binop(&self, op: BinOp, other: &Value, reflected: bool) -> Option<Value> {
        if let Some(d) = other.object::<Delta>() {
            return match (op, reflected) {
                (BinOp::Add, _) => Some(DateTime::value(self.micros + d.0, self.aware)),
                (BinOp::Sub, false) => Some(DateTime::value(self.micros - d.0, self.aware)),
                _ => None,
            };
        }
        let dt = other.object::<DateTime>()?;
        match op {
            BinOp::Sub if !reflected => Some(Delta::value(self.micros - dt.micros)),
            _ => None,
        }
    }
    fn cmp(&self, other: &Value) -> Option<std::cmp::Ordering> {
        other
            .object::<DateTime>()
            .map(|d| self.micros.cmp(&d.micros))
    }
    fn key(&self) -> Option<HKey> {
        Some(HKey::Tuple(vec![
            HKey::str("datetime"),
            HKey::Int(self.micros),
        ]))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A duration in microseconds.
pub struct Delta(i64);

impl Delta {
    fn value(us: i64) -> Value {
        Value::Object(Rc::new(Delta(us)))
    }
    fn parts(&self) -> (i64, i64, i64) {
        let days = self.0.div_euclid(86_400_000_000);
        let rest = self.0.rem_euclid(86_400_000_000);
        (days, rest / 1_000_000, rest % 1_000_000)
    }
}

impl Object for Delta {
    fn type_name(&self) -> &'static str {
        "datetime.timedelta"
    }
    fn repr(&self) -> String {
        let (d, s, us) = self.parts();
        let mut parts = Vec::new();
        if d != 0 {
            parts.push(format!("days={d}"));
        }
        if s != 0 {
            parts.push(format!("seconds={s}"));
        }
        if us != 0 {
            parts.push(format!("microseconds={us}"));
        }
        if parts.is_empty() {
            parts.push("0".into());
        }
        format!("datetime.timedelta({})", parts.join(", "))
    }
    fn to_str(&self) -> String {
        let (d, s, us) = self.parts();
        let mut out = String::new();
        if d != 0 {
            out.push_str(&format!("{d} day{}, ", if d.abs() == 1 { "" } else { "s" }));
        }
        out.push_str(&format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60));
        if us != 0 {
            out.push_str(&format!(".{us:06}"));
        }
        out
    }
    fn attr(&self, name: &str) -> Option<Value> {
        let (d, s, us) = self.parts();
        match name {
            "days" => Some(Value::Int(d)),
            "seconds" => Some(Value::Int(s)),
            "microseconds" => Some(Value::Int(us)),
            _ => None,
        }
    }
    fn binop(&self, op: BinOp, other: &Value, reflected: bool) -> Option<Value> {
        let o = match other {
            Value::Object(_) => other.object::<Delta>().map(|d| d.0),
            Value::Int(n) if op == BinOp::Mul => return Some(Delta::value(self.0 * n)),
            _ => None,
        }?;
        match (op, reflected) {
            (BinOp::Add, _) => Some(Delta::value(self.0 + o)),
            (BinOp::Sub, false) => Some(Delta::value(self.0 - o)),
            (BinOp::Sub, true) => Some(Delta::value(o - self.0)),
            (BinOp::Div, false) if o != 0 => Some(Value::Float(self.0 as f64 / o as f64)),
            _ => None,
        }
    }
    fn cmp(&self, other: &Value) -> Option<std::cmp::Ordering> {
        other.object::<Delta>().map(|d| self.0.cmp(&d.0))
    }
    fn key(&self) -> Option<HKey> {
        Some(HKey::Tuple(vec![HKey::str("timedelta"), HKey::Int(self.0)]))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn int_kw(call: &Call, i: usize, name: &str, default: i64) -> R<i64> {
    match arg(call.args, call.kwargs, i, name) {
        None => Ok(default),
        Some(Value::Int(n)) => Ok(*n),
        Some(v) => Err(crate::lang::bigint::not_int(v)),
    }
}

fn new_datetime(_: &mut Interp, call: &Call) -> R<Value> {
    let y = int_kw(call, 0, "year", 1970)?;
    let mo = int_kw(call, 1, "month", 1)?;
    let d = int_kw(call, 2, "day", 1)?;
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return err(ErrorKind::Value, "month must be in 1..12 and day in 1..31");
    }
    let secs = unix(
        y,
        mo as u32,
        d as u32,
        int_kw(call, 3, "hour", 0)?,
        int_kw(call, 4, "minute", 0)?,
        int_kw(call, 5, "second", 0)?,
    );
    let aware = arg(call.args, call.kwargs, 7, "tzinfo").is_some_and(|v| !matches!(v, Value::None));
    Ok(DateTime::value(
        secs * 1_000_000 + int_kw(call, 6, "microsecond", 0)?,
        aware,
    ))
}

fn new_delta(_: &mut Interp, call: &Call) -> R<Value> {
    let units: [(&str, f64); 7] = [
        ("days", 86_400e6),
        ("seconds", 1e6),
        ("microseconds", 1.0),
        ("milliseconds", 1e3),
        ("minutes", 60e6),
        ("hours", 3600e6),
        ("weeks", 604_800e6),
    ];
    let mut us = 0f64;
    for (i, (name, scale)) in units.iter().enumerate() {
        if let Some(v) = arg(call.args, call.kwargs, i, name) {
            us += float_arg(v)? * scale;
        }
    }
    Ok(Delta::value(us.round() as i64))
}

fn from_ts(_: &mut Interp, call: &Call) -> R<Value> {
    let (us, tz_at) = match call.name {
        "now" | "utcnow" => (now_micros(), 0),
        _ => (
            micros_of(need(call.name, call.args, call.kwargs, 0, "timestamp")?)?,
            1,
        ),
    };
    let aware = arg(call.args, call.kwargs, tz_at, "tz").is_some_and(|v| !matches!(v, Value::None));
    Ok(DateTime::value(us, aware))
}

fn this(v: &Value) -> R<&DateTime> {
    v.as_object::<DateTime>("a datetime")
}

fn dt_method(_: &mut Interp, v: &Value, call: &Call) -> R<Value> {
    let d = this(v)?;
    Ok(match call.name {
        "strftime" => {
            let f = need("strftime", call.args, call.kwargs, 0, "format")?.to_str();
            Value::str(&format_time(&f, d.micros, d.aware))
        }
        "isoformat" => {
            let sep = arg(call.args, call.kwargs, 0, "sep").map_or("T".into(), |v| v.to_str());
            Value::str(&d.iso(&sep))
        }
        "timestamp" => Value::Float(d.micros as f64 / 1e6),
        "weekday" => Value::Int(d.civil().weekday as i64),
        "isoweekday" => Value::Int(d.civil().weekday as i64 + 1),
        _ => Value::Object(Rc::new(DateTime {
            micros: d.micros.div_euclid(86_400_000_000) * 86_400_000_000,
            aware: false,
            date_only: true,
        })),
    })
}

fn td_total(_: &mut Interp, v: &Value, _: &Call) -> R<Value> {
    Ok(Value::Float(
        v.as_object::<Delta>("a timedelta")?.0 as f64 / 1e6,
    ))
}
