//! Date (ECMA-262 §21.4): time values, the constructor, `Date.parse`
//! (the ISO format plus the common legacy forms), getters, setters and the
//! string conversions. Local time comes from `local_tz.rs` (the host's zone).
//!
//! The `toLocale*String` methods use a fixed, locale-independent en-US style
//! ("3/1/2022, 10:00:00 AM") since there is no Intl support.

use super::arg;
use crate::object::{JsObject, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};

const MS_PER_DAY: f64 = 86_400_000.0;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

// Component indices.
const YEAR: usize = 0;
const MONTH: usize = 1;
const DATE: usize = 2;
const HOURS: usize = 3;
const MINUTES: usize = 4;
const SECONDS: usize = 5;
const MS: usize = 6;
const DAY: usize = 7;

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_object_with_proto(op);
    vm.realm.date_proto = proto;
    let ctor = vm.new_constructor("Date", 7, date_ctor, proto);
    vm.realm.date_ctor = ctor;
    vm.define_method(ctor, "now", 0, |vm, _, _, _| {
        Ok(Value::number(vm.host.now_ms().floor()))
    });
    vm.define_method(ctor, "parse", 1, |vm, _, a, _| {
        let s = vm.to_rust_string(arg(a, 0))?;
        Ok(Value::number(parse_date(vm, &s)))
    });
    vm.define_method(ctor, "UTC", 7, date_utc);

    let getters: &[(&str, crate::object::NativeFn)] = &[
        ("getDate", |vm, t, _, _| get_field(vm, t, DATE, true)),
        ("getDay", |vm, t, _, _| get_field(vm, t, DAY, true)),
        ("getFullYear", |vm, t, _, _| get_field(vm, t, YEAR, true)),
        ("getHours", |vm, t, _, _| get_field(vm, t, HOURS, true)),
        ("getMilliseconds", |vm, t, _, _| get_field(vm, t, MS, true)),
        ("getMinutes", |vm, t, _, _| get_field(vm, t, MINUTES, true)),
        ("getMonth", |vm, t, _, _| get_field(vm, t, MONTH, true)),
        ("getSeconds", |vm, t, _, _| get_field(vm, t, SECONDS, true)),
        ("getTime", |vm, t, _, _| {
            Ok(Value::number(this_time(vm, t)?))
        }),
        ("getTimezoneOffset", |vm, t, _, _| {
            let tv = this_time(vm, t)?;
            if tv.is_nan() {
                return Ok(Value::number(f64::NAN));
            }
            Ok(Value::number((tv - local_time(vm, tv)) / 60_000.0))
        }),
        ("getUTCDate", |vm, t, _, _| get_field(vm, t, DATE, false)),
        ("getUTCDay", |vm, t, _, _| get_field(vm, t, DAY, false)),
        ("getUTCFullYear", |vm, t, _, _| {
            get_field(vm, t, YEAR, false)
        }),
        ("getUTCHours", |vm, t, _, _| get_field(vm, t, HOURS, false)),
        ("getUTCMilliseconds", |vm, t, _, _| {
            get_field(vm, t, MS, false)
        }),
        ("getUTCMinutes", |vm, t, _, _| {
            get_field(vm, t, MINUTES, false)
        }),
        ("getUTCMonth", |vm, t, _, _| get_field(vm, t, MONTH, false)),
        ("getUTCSeconds", |vm, t, _, _| {
            get_field(vm, t, SECONDS, false)
        }),
        ("getYear", |vm, t, _, _| {
            let tv = this_time(vm, t)?;
            if tv.is_nan() {
                return Ok(Value::number(f64::NAN));
            }
            let l = local_time(vm, tv);
            Ok(Value::number(year_from_time(l) - 1900.0))
        }),
    ];
    for (name, f) in getters {
        vm.define_method(proto, name, 0, *f);
    }
    let setters: &[(&str, u32, crate::object::NativeFn)] = &[
        ("setDate", 1, |vm, t, a, _| {
            set_fields(vm, t, a, DATE, 1, true)
        }),
        ("setFullYear", 3, |vm, t, a, _| {
            set_fields(vm, t, a, YEAR, 3, true)
        }),
        ("setHours", 4, |vm, t, a, _| {
            set_fields(vm, t, a, HOURS, 4, true)
        }),
        ("setMilliseconds", 1, |vm, t, a, _| {
            set_fields(vm, t, a, MS, 1, true)
        }),
        ("setMinutes", 3, |vm, t, a, _| {
            set_fields(vm, t, a, MINUTES, 3, true)
        }),
        ("setMonth", 2, |vm, t, a, _| {
            set_fields(vm, t, a, MONTH, 2, true)
        }),
        ("setSeconds", 2, |vm, t, a, _| {
            set_fields(vm, t, a, SECONDS, 2, true)
        }),
        ("setTime", 1, |vm, t, a, _| {
            let o = this_date(vm, t)?;
            let n = vm.to_number(arg(a, 0))?;
            let v = time_clip(n);
            vm.obj_mut(o).kind = ObjectKind::Date(v);
            Ok(Value::number(v))
        }),
        ("setUTCDate", 1, |vm, t, a, _| {
            set_fields(vm, t, a, DATE, 1, false)
        }),
        ("setUTCFullYear", 3, |vm, t, a, _| {
            set_fields(vm, t, a, YEAR, 3, false)
        }),
        ("setUTCHours", 4, |vm, t, a, _| {
            set_fields(vm, t, a, HOURS, 4, false)
        }),
        ("setUTCMilliseconds", 1, |vm, t, a, _| {
            set_fields(vm, t, a, MS, 1, false)
        }),
        ("setUTCMinutes", 3, |vm, t, a, _| {
            set_fields(vm, t, a, MINUTES, 3, false)
        }),
        ("setUTCMonth", 2, |vm, t, a, _| {
            set_fields(vm, t, a, MONTH, 2, false)
        }),
        ("setUTCSeconds", 2, |vm, t, a, _| {
            set_fields(vm, t, a, SECONDS, 2, false)
        }),
        ("setYear", 1, set_year),
    ];
    for (name, len, f) in setters {
        vm.define_method(proto, name, *len, *f);
    }
    let strings: &[(&str, crate::object::NativeFn)] = &[
        ("toDateString", |vm, t, _, _| fmt_this(vm, t, Fmt::Date)),
        ("toISOString", |vm, t, _, _| {
            let tv = this_time(vm, t)?;
            if !tv.is_finite() {
                return vm.throw_range("Invalid time value");
            }
            Ok(vm.new_string(&to_iso_string(tv)))
        }),
        ("toLocaleDateString", |vm, t, _, _| {
            fmt_this(vm, t, Fmt::LocaleDate)
        }),
        ("toLocaleString", |vm, t, _, _| fmt_this(vm, t, Fmt::Locale)),
        ("toLocaleTimeString", |vm, t, _, _| {
            fmt_this(vm, t, Fmt::LocaleTime)
        }),
        ("toString", |vm, t, _, _| fmt_this(vm, t, Fmt::Full)),
        ("toTimeString", |vm, t, _, _| fmt_this(vm, t, Fmt::Time)),
        ("valueOf", |vm, t, _, _| {
            Ok(Value::number(this_time(vm, t)?))
        }),
    ];
    for (name, f) in strings {
        vm.define_method(proto, name, 0, *f);
    }
    let utc = vm.define_method(proto, "toUTCString", 0, |vm, t, _, _| {
        fmt_this(vm, t, Fmt::Utc)
    });
    let gk = vm.key_str("toGMTString");
    vm.put(proto, gk, Value::object(utc), attrs::HIDDEN);
    vm.define_method(proto, "toJSON", 1, to_json);
    let tp = vm.realm.sym.to_primitive;
    let f = vm.new_native("[Symbol.toPrimitive]", 1, to_primitive, false);
    vm.put(
        proto,
        PropKey::Sym(tp),
        Value::object(f),
        attrs::CONFIGURABLE,
    );
    vm.define_global("Date", Value::object(ctor));
}

// ----- time arithmetic (§21.4.1) -------------------------------------------------------------

fn day(t: f64) -> f64 {
    (t / MS_PER_DAY).floor()
}

fn time_within_day(t: f64) -> f64 {
    t.rem_euclid(MS_PER_DAY)
}

/// Days from 1970-01-01 to year-month-day (proleptic Gregorian; month 1-12).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month 1-12, day 1-31) of a day number.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn year_from_time(t: f64) -> f64 {
    civil_from_days(day(t) as i64).0 as f64
}

/// All components of a (finite) time value: year, month (0-11), date,
/// hours, minutes, seconds, ms, weekday.
fn components(t: f64) -> [f64; 8] {
    // Time values are whole milliseconds within ±8.64e15, so integer arithmetic
    // is exact (and avoids a software fmod per field).
    if t.fract() == 0.0 && t.abs() <= 8.64e15 + MS_PER_DAY {
        let t = t as i64;
        let day_ms = MS_PER_DAY as i64;
        let (d, ms) = (t.div_euclid(day_ms), t.rem_euclid(day_ms));
        let (y, m, dd) = civil_from_days(d);
        return [
            y as f64,
            (m - 1) as f64,
            dd as f64,
            (ms / 3_600_000) as f64,
            (ms / 60_000 % 60) as f64,
            (ms / 1000 % 60) as f64,
            (ms % 1000) as f64,
            (d + 4).rem_euclid(7) as f64,
        ];
    }
    let d = day(t);
    let (y, m, dd) = civil_from_days(d as i64);
    let ms = time_within_day(t);
    [
        y as f64,
        (m - 1) as f64,
        dd as f64,
        (ms / 3_600_000.0).floor(),
        ((ms / 60_000.0).floor()) % 60.0,
        ((ms / 1000.0).floor()) % 60.0,
        ms % 1000.0,
        (d + 4.0).rem_euclid(7.0),
    ]
}

fn make_time(h: f64, m: f64, s: f64, ms: f64) -> f64 {
    if !(h.is_finite() && m.is_finite() && s.is_finite() && ms.is_finite()) {
        return f64::NAN;
    }
    h.trunc() * 3_600_000.0 + m.trunc() * 60_000.0 + s.trunc() * 1000.0 + ms.trunc()
}

fn make_day(year: f64, month: f64, date: f64) -> f64 {
    if !(year.is_finite() && month.is_finite() && date.is_finite()) {
        return f64::NAN;
    }
    let (y, m, dt) = (year.trunc(), month.trunc(), date.trunc());
    let ym = y + (m / 12.0).floor();
    if ym.abs() > 400_000.0 {
        return f64::NAN;
    }
    let mn = m.rem_euclid(12.0);
    let days = days_from_civil(ym as i64, mn as i64 + 1, 1) as f64;
    days + dt - 1.0
}

fn make_date(day: f64, time: f64) -> f64 {
    let tv = day * MS_PER_DAY + time;
    if tv.is_finite() {
        tv
    } else {
        f64::NAN
    }
}

fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > 8.64e15 {
        return f64::NAN;
    }
    t.trunc() + 0.0
}

fn offset_ms(vm: &mut Vm, t: f64) -> f64 {
    crate::local_tz::offset_minutes(vm, t) * 60_000.0
}

fn local_time(vm: &mut Vm, t: f64) -> f64 {
    t + offset_ms(vm, t)
}

/// UTC(t): local time value → time value.
fn utc(vm: &mut Vm, t: f64) -> f64 {
    if !t.is_finite() {
        return f64::NAN;
    }
    // The offsets in force a day before and a day after (zones change at most once
    // in between). A local time valid under both is ambiguous (a clock set back):
    // take the earlier instant. One valid under neither falls in a gap (a clock set
    // forward): interpret it with the offset before the transition (§21.4.1.26).
    const DAY: f64 = 86_400_000.0;
    let before = offset_ms(vm, t - DAY);
    let after = offset_ms(vm, t + DAY);
    let u_before = t - before;
    let u_after = t - after;
    let ok_before = offset_ms(vm, u_before) == before;
    let ok_after = offset_ms(vm, u_after) == after;
    match (ok_before, ok_after) {
        (true, true) => u_before.min(u_after),
        (false, true) => u_after,
        _ => u_before,
    }
}

// ----- this / constructor ------------------------------------------------------------------------

fn this_date(vm: &mut Vm, this: Value) -> JsResult<ObjId> {
    match this.as_object() {
        Some(o) if matches!(vm.obj(o).kind, ObjectKind::Date(_)) => Ok(o),
        _ => vm.throw_type("this is not a Date object."),
    }
}

fn this_time(vm: &mut Vm, this: Value) -> JsResult<f64> {
    let o = this_date(vm, this)?;
    match vm.obj(o).kind {
        ObjectKind::Date(t) => Ok(t),
        _ => Ok(f64::NAN),
    }
}

fn date_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        let now = vm.host.now_ms().floor();
        let s = format_date(vm, now, Fmt::Full);
        return Ok(vm.new_string(&s));
    }
    let tv = match a.len() {
        0 => vm.host.now_ms().floor(),
        1 => {
            let v = a[0];
            let from_date = match v.as_object().map(|o| &vm.obj(o).kind) {
                Some(ObjectKind::Date(t)) => Some(*t),
                _ => None,
            };
            match from_date {
                Some(t) => t,
                None => {
                    let p = vm.to_primitive(v, "default")?;
                    if p.is_string() {
                        let s = vm.string_lossy(p);
                        parse_date(vm, &s)
                    } else {
                        vm.to_number(p)?
                    }
                }
            }
        }
        _ => {
            let c = to_components(vm, a)?;
            let fd = make_date(
                make_day(c[0], c[1], c[2]),
                make_time(c[3], c[4], c[5], c[6]),
            );
            utc(vm, fd)
        }
    };
    let dv = time_clip(tv);
    let fb = vm.realm.date_proto;
    let proto = vm.proto_from_ctor(nt, fb)?;
    Ok(Value::object(
        vm.alloc(JsObject::new(proto, ObjectKind::Date(dv))),
    ))
}

/// The seven numeric arguments of `Date(y, m, ...)` / `Date.UTC`, with the two-digit year rule.
fn to_components(vm: &mut Vm, a: &[Value]) -> JsResult<[f64; 7]> {
    let defaults = [f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
    let mut c = defaults;
    for (i, slot) in c.iter_mut().enumerate() {
        if i < a.len() {
            *slot = vm.to_number(a[i])?;
        }
    }
    c[0] = make_full_year(c[0]);
    Ok(c)
}

fn make_full_year(y: f64) -> f64 {
    if y.is_nan() {
        return y;
    }
    let yi = crate::ops::convert::to_integer_or_infinity(y);
    if (0.0..=99.0).contains(&yi) {
        1900.0 + yi
    } else {
        y
    }
}

fn date_utc(vm: &mut Vm, _this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let c = to_components(vm, a)?;
    Ok(Value::number(time_clip(make_date(
        make_day(c[0], c[1], c[2]),
        make_time(c[3], c[4], c[5], c[6]),
    ))))
}

// ----- getters and setters -------------------------------------------------------------------------

fn get_field(vm: &mut Vm, this: Value, field: usize, local: bool) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(Value::number(f64::NAN));
    }
    let t = if local { local_time(vm, t) } else { t };
    Ok(Value::number(components(t)[field]))
}

/// The setters: `first` is the first component set, `n` how many they accept.
fn set_fields(
    vm: &mut Vm,
    this: Value,
    a: &[Value],
    first: usize,
    n: usize,
    local: bool,
) -> JsResult<Value> {
    let o = this_date(vm, this)?;
    let t = match vm.obj(o).kind {
        ObjectKind::Date(t) => t,
        _ => f64::NAN,
    };
    let mut given: Vec<f64> = Vec::with_capacity(n);
    for i in 0..n {
        if i == 0 || i < a.len() {
            given.push(vm.to_number(arg(a, i))?);
        }
    }
    let t = if t.is_nan() {
        if first != YEAR {
            return Ok(Value::number(f64::NAN));
        }
        0.0
    } else if local {
        local_time(vm, t)
    } else {
        t
    };
    let mut c = components(t);
    for (i, v) in given.into_iter().enumerate() {
        c[first + i] = v;
    }
    let nd = make_date(
        make_day(c[YEAR], c[MONTH], c[DATE]),
        make_time(c[HOURS], c[MINUTES], c[SECONDS], c[MS]),
    );
    let u = time_clip(if local { utc(vm, nd) } else { nd });
    vm.obj_mut(o).kind = ObjectKind::Date(u);
    Ok(Value::number(u))
}

fn set_year(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = this_date(vm, this)?;
    let t = match vm.obj(o).kind {
        ObjectKind::Date(t) => t,
        _ => f64::NAN,
    };
    let y = vm.to_number(arg(a, 0))?;
    let t = if t.is_nan() { 0.0 } else { local_time(vm, t) };
    let yyyy = make_full_year(y);
    if yyyy.is_nan() {
        vm.obj_mut(o).kind = ObjectKind::Date(f64::NAN);
        return Ok(Value::number(f64::NAN));
    }
    let c = components(t);
    let d = make_day(yyyy, c[MONTH], c[DATE]);
    let u = time_clip(utc(vm, make_date(d, time_within_day(t))));
    vm.obj_mut(o).kind = ObjectKind::Date(u);
    Ok(Value::number(u))
}

fn to_json(vm: &mut Vm, this: Value, _a: &[Value], _nt: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let tv = vm.to_primitive(Value::object(o), "number")?;
    if let Some(n) = tv.as_number() {
        if !n.is_finite() {
            return Ok(Value::NULL);
        }
    }
    let k = vm.key_str("toISOString");
    let f = vm.get(Value::object(o), k)?;
    if !vm.is_callable(f) {
        return vm.throw_type("toISOString is not a function");
    }
    vm.call(f, Value::object(o), &[])
}

fn to_primitive(vm: &mut Vm, this: Value, a: &[Value], _nt: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Date.prototype[Symbol.toPrimitive] called on non-object");
    }
    let hint = arg(a, 0);
    let h = if hint.is_string() {
        vm.string_lossy(hint)
    } else {
        String::new()
    };
    let order = match h.as_str() {
        "string" | "default" => [vm.names.to_string, vm.names.value_of],
        "number" => [vm.names.value_of, vm.names.to_string],
        _ => return vm.throw_type("Invalid hint"),
    };
    for name in order {
        let f = vm.get(this, PropKey::Str(name))?;
        if vm.is_callable(f) {
            let r = vm.call(f, this, &[])?;
            if !r.is_object() {
                return Ok(r);
            }
        }
    }
    vm.throw_type("Cannot convert object to primitive value")
}

// ----- formatting ------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Fmt {
    Full,
    Date,
    Time,
    Utc,
    Locale,
    LocaleDate,
    LocaleTime,
}

fn fmt_this(vm: &mut Vm, this: Value, f: Fmt) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    let s = format_date(vm, t, f);
    Ok(vm.new_string(&s))
}

fn year_str(y: f64) -> String {
    if y >= 0.0 {
        format!("{:04}", y as i64)
    } else {
        format!("-{:04}", (-y) as i64)
    }
}

fn format_date(vm: &mut Vm, t: f64, f: Fmt) -> String {
    if t.is_nan() {
        return "Invalid Date".into();
    }
    if f == Fmt::Utc {
        let c = components(t);
        return format!(
            "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
            DAYS[c[DAY] as usize % 7],
            c[DATE] as i64,
            MONTHS[c[MONTH] as usize % 12],
            year_str(c[YEAR]),
            c[HOURS] as i64,
            c[MINUTES] as i64,
            c[SECONDS] as i64
        );
    }
    let off = offset_ms(vm, t);
    let c = components(t + off);
    let date = format!(
        "{} {} {:02} {}",
        DAYS[c[DAY] as usize % 7],
        MONTHS[c[MONTH] as usize % 12],
        c[DATE] as i64,
        year_str(c[YEAR])
    );
    let om = (off / 60_000.0).round() as i64;
    let tz = format!(
        "GMT{}{:02}{:02}{}",
        if om >= 0 { '+' } else { '-' },
        om.abs() / 60,
        om.abs() % 60,
        if om == 0 {
            " (Coordinated Universal Time)"
        } else {
            ""
        }
    );
    let time = format!(
        "{:02}:{:02}:{:02} {tz}",
        c[HOURS] as i64, c[MINUTES] as i64, c[SECONDS] as i64
    );
    let h12 = match c[HOURS] as i64 % 12 {
        0 => 12,
        h => h,
    };
    let ampm = if c[HOURS] < 12.0 { "AM" } else { "PM" };
    let ldate = format!(
        "{}/{}/{}",
        c[MONTH] as i64 + 1,
        c[DATE] as i64,
        c[YEAR] as i64
    );
    let ltime = format!(
        "{}:{:02}:{:02} {ampm}",
        h12, c[MINUTES] as i64, c[SECONDS] as i64
    );
    match f {
        Fmt::Full => format!("{date} {time}"),
        Fmt::Date => date,
        Fmt::Time => time,
        Fmt::Locale => format!("{ldate}, {ltime}"),
        Fmt::LocaleDate => ldate,
        Fmt::LocaleTime => ltime,
        Fmt::Utc => String::new(),
    }
}

/// ISO 8601 text of a time value (e.g. for inspection).
pub fn to_iso_string(t: f64) -> String {
    if !t.is_finite() {
        return "Invalid Date".into();
    }
    let c = components(t);
    let y = c[YEAR] as i64;
    let ys = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else if y < 0 {
        format!("-{:06}", -y)
    } else {
        format!("+{y:06}")
    };
    format!(
        "{ys}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c[MONTH] as i64 + 1,
        c[DATE] as i64,
        c[HOURS] as i64,
        c[MINUTES] as i64,
        c[SECONDS] as i64,
        c[MS] as i64
    )
}

// ----- parsing -----------------------------------------------------------------------------------------

/// Date.parse: the ISO format first, then the legacy forms browsers accept.
fn parse_date(vm: &mut Vm, s: &str) -> f64 {
    let s = s.trim();
    if let Some(r) = parse_iso(s) {
        return match r {
            (t, true) => time_clip(t),
            (t, false) => time_clip(utc(vm, t)),
        };
    }
    if s.starts_with(['+', '-']) {
        // Expanded years exist only in the ISO format.
        return f64::NAN;
    }
    match parse_legacy(s) {
        Some((t, true)) => time_clip(t),
        Some((t, false)) => time_clip(utc(vm, t)),
        None => f64::NAN,
    }
}

struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cur<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<i64> {
        let mut v = 0i64;
        for _ in 0..n {
            let c = self.peek()?;
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + (c - b'0') as i64;
            self.i += 1;
        }
        Some(v)
    }
}

/// The Date Time String Format (§21.4.1.32): (time value, has explicit UTC offset or is date-only).
fn parse_iso(s: &str) -> Option<(f64, bool)> {
    let mut c = Cur {
        b: s.as_bytes(),
        i: 0,
    };
    let year = match c.peek()? {
        b'+' | b'-' => {
            let neg = c.peek() == Some(b'-');
            c.i += 1;
            let y = c.digits(6)?;
            if neg && y == 0 {
                return None;
            }
            if neg {
                -y
            } else {
                y
            }
        }
        _ => c.digits(4)?,
    };
    let (mut month, mut dayn) = (1, 1);
    if c.eat(b'-') {
        month = c.digits(2)?;
        if c.eat(b'-') {
            dayn = c.digits(2)?;
        }
    }
    if !(1..=12).contains(&month) || dayn < 1 || dayn > days_in_month(year, month) {
        return None;
    }
    let (mut h, mut mi, mut sec, mut ms) = (0, 0, 0, 0.0);
    let mut utc_flag = true;
    if c.eat(b'T') || c.eat(b't') {
        utc_flag = false;
        h = c.digits(2)?;
        if !c.eat(b':') {
            return None;
        }
        mi = c.digits(2)?;
        if c.eat(b':') {
            sec = c.digits(2)?;
            if c.eat(b'.') {
                let st = c.i;
                let mut frac = String::new();
                while let Some(d) = c.peek().filter(|d| d.is_ascii_digit()) {
                    frac.push(d as char);
                    c.i += 1;
                }
                if c.i == st {
                    return None;
                }
                frac.truncate(3);
                while frac.len() < 3 {
                    frac.push('0');
                }
                ms = frac.parse::<f64>().ok()?;
            }
        }
        if h > 24 || mi > 59 || sec > 59 || (h == 24 && (mi > 0 || sec > 0 || ms > 0.0)) {
            return None;
        }
        let mut off = 0i64;
        match c.peek() {
            Some(b'Z') | Some(b'z') => {
                c.i += 1;
                utc_flag = true;
            }
            Some(sign @ (b'+' | b'-')) => {
                c.i += 1;
                let oh = c.digits(2)?;
                if !c.eat(b':') {
                    return None;
                }
                let om = c.digits(2)?;
                if oh > 23 || om > 59 {
                    return None;
                }
                off = (oh * 60 + om) * if sign == b'-' { -1 } else { 1 };
                utc_flag = true;
            }
            _ => {}
        }
        if c.i != c.b.len() {
            return None;
        }
        let d = make_day(year as f64, (month - 1) as f64, dayn as f64);
        let t =
            make_date(d, make_time(h as f64, mi as f64, sec as f64, ms)) - off as f64 * 60_000.0;
        return Some((t, utc_flag));
    }
    if c.i != c.b.len() {
        return None;
    }
    let d = make_day(year as f64, (month - 1) as f64, dayn as f64);
    Some((
        make_date(d, make_time(h as f64, mi as f64, sec as f64, ms)),
        utc_flag,
    ))
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 => {
            if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
                29
            } else {
                28
            }
        }
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Legacy formats: "Tue Mar 01 2022 10:00:00 GMT+0100 (CET)", "Tue, 01 Mar 2022 09:00:00 GMT",
/// "March 1, 2022", "1 March 2022 10:00", "2022/03/01 10:00", "3/1/2022", "2022-03-01 10:00:00".
fn parse_legacy(s: &str) -> Option<(f64, bool)> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut nums: Vec<(i64, usize)> = Vec::new(); // (value, digit count)
    let mut month: Option<i64> = None;
    let mut time: Option<(i64, i64, i64, i64)> = None;
    let mut pm: Option<bool> = None;
    let mut offset: Option<i64> = None;
    let mut utc_flag = false;
    let mut negative_year = false;
    while i < b.len() {
        let c = b[i];
        if c == b'(' {
            // Comment.
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'(' {
                    depth += 1;
                } else if b[i] == b')' {
                    depth -= 1;
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                i += 1;
            }
            continue;
        }
        if c.is_ascii_alphabetic() {
            let st = i;
            while i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'.') {
                i += 1;
            }
            let w = s[st..i].trim_end_matches('.').to_ascii_lowercase();
            if w == "am" || w == "pm" {
                pm = Some(w == "pm");
            } else if w == "z" || w == "gmt" || w == "utc" || w == "ut" {
                utc_flag = true;
            } else if w == "t" && time.is_none() {
                // ISO-like separator.
            } else if w.len() >= 3 {
                if let Some(m) = MONTHS
                    .iter()
                    .position(|m| w.starts_with(&m.to_ascii_lowercase()))
                {
                    month = Some(m as i64);
                } else if !DAYS.iter().any(|d| w.starts_with(&d.to_ascii_lowercase())) {
                    return None;
                }
            } else {
                return None;
            }
            continue;
        }
        if (c == b'+' || c == b'-')
            && (time.is_some() || utc_flag)
            && i + 1 < b.len()
            && b[i + 1].is_ascii_digit()
        {
            // UTC offset: +hh, +hhmm or +hh:mm.
            i += 1;
            let st = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &s[st..i];
            let mut v: i64 = digits.parse().ok()?;
            if digits.len() <= 2 {
                v *= 100;
                if i < b.len() && b[i] == b':' {
                    i += 1;
                    let st2 = i;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    v += s[st2..i].parse::<i64>().ok()?;
                }
            }
            let mins = (v / 100) * 60 + v % 100;
            offset = Some(if c == b'-' { -mins } else { mins });
            utc_flag = true;
            continue;
        }
        if c.is_ascii_digit() {
            let st = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let v: i64 = s[st..i].parse().ok()?;
            if i < b.len() && b[i] == b':' && time.is_none() {
                // hh:mm[:ss[.mmm]]
                i += 1;
                let st2 = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let mi: i64 = s[st2..i].parse().ok()?;
                let mut sec = 0;
                let mut ms = 0;
                if i < b.len() && b[i] == b':' {
                    i += 1;
                    let st3 = i;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    sec = s[st3..i].parse().ok()?;
                    if i < b.len() && b[i] == b'.' {
                        i += 1;
                        let st4 = i;
                        while i < b.len() && b[i].is_ascii_digit() {
                            i += 1;
                        }
                        let mut f = s[st4..i].to_string();
                        f.truncate(3);
                        while f.len() < 3 {
                            f.push('0');
                        }
                        ms = f.parse().ok()?;
                    }
                }
                time = Some((v, mi, sec, ms));
            } else {
                if st > 0 && b[st - 1] == b'-' && nums.is_empty() && month.is_none() && st == 1 {
                    negative_year = true;
                }
                nums.push((v, i - st));
            }
            continue;
        }
        if matches!(c, b' ' | b',' | b'/' | b'-' | b'.' | b'\t') {
            i += 1;
            continue;
        }
        return None;
    }
    let (y, m, d) = match month {
        Some(m) => match nums.as_slice() {
            [(a, la), (bb, _)] => {
                if *la >= 3 || *a > 31 {
                    (*a, m, *bb)
                } else {
                    (*bb, m, *a)
                }
            }
            [(a, la)] if *la >= 3 || *a > 31 => (*a, m, 1),
            _ => return None,
        },
        None => match nums.as_slice() {
            [(a, la), (bb, _), (cc, _)] => {
                if *la >= 3 {
                    (*a, *bb - 1, *cc)
                } else {
                    (*cc, *a - 1, *bb)
                }
            }
            [(a, la), (bb, _)] if *la >= 3 => (*a, *bb - 1, 1),
            _ => return None,
        },
    };
    let mut y = if negative_year { -y } else { y };
    if (0..50).contains(&y) && !negative_year {
        let digits = nums.iter().find(|(v, _)| *v == y).map_or(4, |(_, l)| *l);
        if digits <= 2 {
            y += 2000;
        }
    } else if (50..100).contains(&y) {
        y += 1900;
    }
    if !(0..=11).contains(&m) || d < 1 || d > 31 {
        return None;
    }
    let (mut h, mi, sec, ms) = time.unwrap_or((0, 0, 0, 0));
    if let Some(p) = pm {
        if h > 12 {
            return None;
        }
        if h == 12 {
            h = 0;
        }
        if p {
            h += 12;
        }
    }
    if h > 24 || mi > 59 || sec > 59 {
        return None;
    }
    let dday = make_day(y as f64, m as f64, d as f64);
    let t = make_date(dday, make_time(h as f64, mi as f64, sec as f64, ms as f64))
        - offset.unwrap_or(0) as f64 * 60_000.0;
    Some((t, utc_flag))
}
