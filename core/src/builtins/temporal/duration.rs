//! Temporal.Duration.

use super::*;
use temporal_rs::options::RelativeTo;
use temporal_rs::partial::{PartialDuration, PartialZonedDateTime};

pub fn init(vm: &mut Vm, ns: ObjId) {
    let (proto, ctor) = new_type(vm, ns, "Duration", 0, duration_ctor);
    vm.realm.temporal_duration_proto = proto;
    vm.define_method(ctor, "from", 1, |vm, _, a, _| {
        let d = to_duration(vm, arg(a, 0))?;
        Ok(wrap(vm, TemporalValue::Duration(d)))
    });
    vm.define_method(ctor, "compare", 2, |vm, _, a, _| {
        let one = to_duration(vm, arg(a, 0))?;
        let two = to_duration(vm, arg(a, 1))?;
        let o = get_options_object(vm, arg(a, 2))?;
        let rel = get_relative_to(vm, o)?;
        let r = one.compare(&two, rel).js(vm)?;
        Ok(compare_result(r))
    });
    getters(
        vm,
        proto,
        &[
            ("years", |vm, t, _, _| {
                Ok(num(this_duration(vm, t)?.years() as f64))
            }),
            ("months", |vm, t, _, _| {
                Ok(num(this_duration(vm, t)?.months() as f64))
            }),
            ("weeks", |vm, t, _, _| {
                Ok(num(this_duration(vm, t)?.weeks() as f64))
            }),
            ("days", |vm, t, _, _| {
                Ok(num(this_duration(vm, t)?.days() as f64))
            }),
            ("hours", |vm, t, _, _| {
                Ok(num(this_duration(vm, t)?.hours() as f64))
            }),
            ("minutes", |vm, t, _, _| {
                Ok(num(this_duration(vm, t)?.minutes() as f64))
            }),
            ("seconds", |vm, t, _, _| {
                Ok(num(this_duration(vm, t)?.seconds() as f64))
            }),
            ("milliseconds", |vm, t, _, _| {
                Ok(num(this_duration(vm, t)?.milliseconds() as f64))
            }),
            ("microseconds", |vm, t, _, _| {
                Ok(num(this_duration(vm, t)?.microseconds() as f64))
            }),
            ("nanoseconds", |vm, t, _, _| {
                Ok(num(this_duration(vm, t)?.nanoseconds() as f64))
            }),
            ("sign", |vm, t, _, _| {
                Ok(Value::int(this_duration(vm, t)?.sign() as i8 as i32))
            }),
            ("blank", |vm, t, _, _| {
                Ok(Value::bool(this_duration(vm, t)?.is_zero()))
            }),
        ],
    );
    vm.define_method(proto, "with", 1, |vm, t, a, _| {
        let d = this_duration(vm, t)?;
        let like = arg(a, 0);
        if !like.is_object() {
            return vm.throw_type("Duration.prototype.with requires an object");
        }
        let p = to_partial_duration(vm, like)?;
        let r = Duration::new(
            p.years.unwrap_or(d.years()),
            p.months.unwrap_or(d.months()),
            p.weeks.unwrap_or(d.weeks()),
            p.days.unwrap_or(d.days()),
            p.hours.unwrap_or(d.hours()),
            p.minutes.unwrap_or(d.minutes()),
            p.seconds.unwrap_or(d.seconds()),
            p.milliseconds.unwrap_or(d.milliseconds()),
            p.microseconds.unwrap_or(d.microseconds()),
            p.nanoseconds.unwrap_or(d.nanoseconds()),
        )
        .js(vm)?;
        Ok(wrap(vm, TemporalValue::Duration(r)))
    });
    vm.define_method(proto, "negated", 0, |vm, t, _, _| {
        let d = this_duration(vm, t)?;
        Ok(wrap(vm, TemporalValue::Duration(d.negated())))
    });
    vm.define_method(proto, "abs", 0, |vm, t, _, _| {
        let d = this_duration(vm, t)?;
        Ok(wrap(vm, TemporalValue::Duration(d.abs())))
    });
    vm.define_method(proto, "add", 1, |vm, t, a, _| add_sub(vm, t, a, false));
    vm.define_method(proto, "subtract", 1, |vm, t, a, _| add_sub(vm, t, a, true));
    vm.define_method(proto, "round", 1, |vm, t, a, _| {
        let d = this_duration(vm, t)?;
        let o = round_to_object(vm, arg(a, 0))?;
        let largest = get_unit_option(vm, Some(o), "largestUnit", true)?;
        let rel = get_relative_to(vm, Some(o))?;
        let increment = get_rounding_increment(vm, Some(o))?;
        let mode = get_rounding_mode(vm, Some(o))?;
        let smallest = get_unit_option(vm, Some(o), "smallestUnit", false)?;
        if smallest.is_none() && largest.is_none() {
            return vm.throw_range("at least one of smallestUnit or largestUnit is required");
        }
        let mut opts = RoundingOptions::default();
        opts.largest_unit = largest;
        opts.smallest_unit = smallest;
        opts.increment = increment;
        opts.rounding_mode = mode;
        let r = d.round(opts, rel).js(vm)?;
        Ok(wrap(vm, TemporalValue::Duration(r)))
    });
    vm.define_method(proto, "total", 1, |vm, t, a, _| {
        let d = this_duration(vm, t)?;
        let o = round_to_object_keyed(vm, arg(a, 0), "unit")?;
        let rel = get_relative_to(vm, Some(o))?;
        let unit = get_unit_option(vm, Some(o), "unit", false)?;
        let Some(unit) = unit else {
            return vm.throw_range("unit is required");
        };
        let r = d.total(unit, rel).js(vm)?;
        Ok(Value::number(r.as_inner()))
    });
    vm.define_method(proto, "toString", 0, |vm, t, a, _| {
        let d = this_duration(vm, t)?;
        let o = get_options_object(vm, arg(a, 0))?;
        let precision = get_fractional_second_digits(vm, o)?;
        let mode = get_rounding_mode(vm, o)?;
        let smallest = get_to_string_smallest_unit(vm, o)?;
        let smallest = check_to_string_unit(vm, smallest)?;
        if smallest == Some(Unit::Minute) {
            return vm.throw_range("smallestUnit must be second or smaller");
        }
        let s = d
            .as_temporal_string(to_string_rounding(
                ToStringParts { precision, mode },
                smallest,
            ))
            .js(vm)?;
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toJSON", 0, |vm, t, _, _| {
        let d = this_duration(vm, t)?;
        let s = d
            .as_temporal_string(ToStringRoundingOptions::default())
            .js(vm)?;
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toLocaleString", 0, |vm, t, _, _| {
        let d = this_duration(vm, t)?;
        let s = d
            .as_temporal_string(ToStringRoundingOptions::default())
            .js(vm)?;
        Ok(vm.new_string(&s))
    });
}

fn duration_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    require_new(vm, nt, "Duration")?;
    let mut f = [0f64; 10];
    for (i, slot) in f.iter_mut().enumerate() {
        let v = arg(a, i);
        if !v.is_undefined() {
            *slot = to_integer_if_integral(vm, v)?;
        }
    }
    let d = duration_from_numbers(vm, &f)?;
    let fallback = vm.realm.temporal_duration_proto;
    construct(vm, nt, fallback, TemporalValue::Duration(d))
}

fn to_i64(vm: &mut Vm, n: f64) -> JsResult<i64> {
    if n.abs() >= 9.2e18 {
        return vm.throw_range("duration field out of range");
    }
    Ok(n as i64)
}

fn to_i128(vm: &mut Vm, n: f64) -> JsResult<i128> {
    if n.abs() >= 1e38 {
        return vm.throw_range("duration field out of range");
    }
    Ok(n as i128)
}

fn duration_from_numbers(vm: &mut Vm, f: &[f64; 10]) -> JsResult<Duration> {
    let mut ints = [0i64; 8];
    for i in 0..8 {
        ints[i] = to_i64(vm, f[i])?;
    }
    let us = to_i128(vm, f[8])?;
    let ns = to_i128(vm, f[9])?;
    Duration::new(
        ints[0], ints[1], ints[2], ints[3], ints[4], ints[5], ints[6], ints[7], us, ns,
    )
    .js(vm)
}

/// ToTemporalPartialDurationRecord (alphabetical reads, ToIntegerIfIntegral).
pub(crate) fn to_partial_duration(vm: &mut Vm, like: Value) -> JsResult<PartialDuration> {
    if !like.is_object() {
        return vm.throw_type("duration-like must be an object");
    }
    let mut p = PartialDuration::default();
    let mut any = false;
    let names = [
        "days",
        "hours",
        "microseconds",
        "milliseconds",
        "minutes",
        "months",
        "nanoseconds",
        "seconds",
        "weeks",
        "years",
    ];
    for name in names {
        let v = vm.get_str(like, name)?;
        if v.is_undefined() {
            continue;
        }
        any = true;
        let n = to_integer_if_integral(vm, v)?;
        match name {
            "days" => p.days = Some(to_i64(vm, n)?),
            "hours" => p.hours = Some(to_i64(vm, n)?),
            "microseconds" => p.microseconds = Some(to_i128(vm, n)?),
            "milliseconds" => p.milliseconds = Some(to_i64(vm, n)?),
            "minutes" => p.minutes = Some(to_i64(vm, n)?),
            "months" => p.months = Some(to_i64(vm, n)?),
            "nanoseconds" => p.nanoseconds = Some(to_i128(vm, n)?),
            "seconds" => p.seconds = Some(to_i64(vm, n)?),
            "weeks" => p.weeks = Some(to_i64(vm, n)?),
            _ => p.years = Some(to_i64(vm, n)?),
        }
    }
    if !any {
        return vm.throw_type("duration-like object has no duration properties");
    }
    Ok(p)
}

/// ToTemporalDuration.
pub(crate) fn to_duration(vm: &mut Vm, item: Value) -> JsResult<Duration> {
    if let Some(TemporalValue::Duration(d)) = temporal_of(vm, item) {
        return Ok(*d);
    }
    if !item.is_object() {
        let s = require_string(vm, item)?;
        return Duration::from_utf8(s.as_bytes()).js(vm);
    }
    let p = to_partial_duration(vm, item)?;
    Duration::from_partial_duration(p).js(vm)
}

fn add_sub(vm: &mut Vm, t: Value, a: &[Value], subtract: bool) -> JsResult<Value> {
    let d = this_duration(vm, t)?;
    let other = to_duration(vm, arg(a, 0))?;
    let r = if subtract {
        d.subtract(&other)
    } else {
        d.add(&other)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::Duration(r)))
}

/// GetTemporalRelativeToOption.
pub(crate) fn get_relative_to(vm: &mut Vm, opts: Option<ObjId>) -> JsResult<Option<RelativeTo>> {
    let Some(o) = opts else { return Ok(None) };
    let value = vm.get_str(Value::object(o), "relativeTo")?;
    if value.is_undefined() {
        return Ok(None);
    }
    if value.is_object() {
        // Held only here while its getters run.
        vm.root(value);
        match temporal_of(vm, value) {
            Some(TemporalValue::ZonedDateTime(z)) => {
                return Ok(Some(RelativeTo::ZonedDateTime(z.clone())))
            }
            Some(TemporalValue::PlainDate(d)) => return Ok(Some(RelativeTo::PlainDate(d.clone()))),
            Some(TemporalValue::PlainDateTime(d)) => {
                return Ok(Some(RelativeTo::PlainDate(d.to_plain_date())))
            }
            _ => {}
        }
        let cal = calendar_with_iso_default(vm, value)?;
        let f = prepare_fields(
            vm,
            value,
            &cal,
            F_DATE | F_TIME | F_OFFSET | F_TIME_ZONE,
            0,
            false,
        )?;
        let cf = f.calendar_fields(vm)?;
        let time = f.partial_time(vm, None)?;
        match f.time_zone {
            None => {
                let pd = temporal_rs::partial::PartialDate {
                    calendar_fields: cf,
                    calendar: cal,
                };
                let d = PlainDate::from_partial(pd, None).js(vm)?;
                Ok(Some(RelativeTo::PlainDate(d)))
            }
            Some(tz) => {
                let mut p = PartialZonedDateTime::new()
                    .with_calendar_fields(cf)
                    .with_time(time)
                    .with_timezone(Some(tz));
                p.fields.offset = f.offset;
                p.calendar = cal;
                let z = ZonedDateTime::from_partial(p, None, None, None).js(vm)?;
                Ok(Some(RelativeTo::ZonedDateTime(z)))
            }
        }
    } else {
        let s = require_string(vm, value)?;
        RelativeTo::try_from_str(&s).js(vm).map(Some)
    }
}
