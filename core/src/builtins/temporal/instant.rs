//! Temporal.Instant (and Date.prototype.toTemporalInstant).

use super::*;
use num_traits::ToPrimitive;

pub fn init(vm: &mut Vm, ns: ObjId) {
    let (proto, ctor) = new_type(vm, ns, "Instant", 1, instant_ctor);
    vm.realm.temporal_instant_proto = proto;
    vm.define_method(ctor, "from", 1, |vm, _, a, _| {
        let i = to_instant(vm, arg(a, 0))?;
        Ok(wrap(vm, TemporalValue::Instant(i)))
    });
    vm.define_method(ctor, "fromEpochMilliseconds", 1, |vm, _, a, _| {
        let n = vm.to_number(arg(a, 0))?;
        if !n.is_finite() || n.trunc() != n {
            return vm.throw_range("epochMilliseconds must be an integer");
        }
        if n.abs() > 8.64e15 {
            return vm.throw_range("instant out of range");
        }
        let i = Instant::from_epoch_milliseconds(n as i64).js(vm)?;
        Ok(wrap(vm, TemporalValue::Instant(i)))
    });
    vm.define_method(ctor, "fromEpochNanoseconds", 1, |vm, _, a, _| {
        let n = epoch_ns_arg(vm, arg(a, 0))?;
        let i = Instant::try_new(n).js(vm)?;
        Ok(wrap(vm, TemporalValue::Instant(i)))
    });
    vm.define_method(ctor, "compare", 2, |vm, _, a, _| {
        let one = to_instant(vm, arg(a, 0))?;
        let two = to_instant(vm, arg(a, 1))?;
        Ok(compare_result(one.as_i128().cmp(&two.as_i128())))
    });
    getters(
        vm,
        proto,
        &[
            ("epochMilliseconds", |vm, t, _, _| {
                Ok(num(this_instant(vm, t)?.epoch_milliseconds() as f64))
            }),
            ("epochNanoseconds", |vm, t, _, _| {
                let i = this_instant(vm, t)?;
                Ok(new_bigint_i128(vm, i.as_i128()))
            }),
        ],
    );
    vm.define_method(proto, "add", 1, |vm, t, a, _| add_sub(vm, t, a, false));
    vm.define_method(proto, "subtract", 1, |vm, t, a, _| add_sub(vm, t, a, true));
    vm.define_method(proto, "until", 1, |vm, t, a, _| diff(vm, t, a, false));
    vm.define_method(proto, "since", 1, |vm, t, a, _| diff(vm, t, a, true));
    vm.define_method(proto, "round", 1, |vm, t, a, _| {
        let i = this_instant(vm, t)?;
        let opts = get_round_to(vm, arg(a, 0))?;
        let r = i.round(opts).js(vm)?;
        Ok(wrap(vm, TemporalValue::Instant(r)))
    });
    vm.define_method(proto, "equals", 1, |vm, t, a, _| {
        let i = this_instant(vm, t)?;
        let o = to_instant(vm, arg(a, 0))?;
        Ok(Value::bool(i.as_i128() == o.as_i128()))
    });
    vm.define_method(proto, "toString", 0, |vm, t, a, _| {
        let i = this_instant(vm, t)?;
        let o = get_options_object(vm, arg(a, 0))?;
        let precision = get_fractional_second_digits(vm, o)?;
        let mode = get_rounding_mode(vm, o)?;
        let smallest = get_to_string_smallest_unit(vm, o)?;
        let tz = match o {
            Some(o) => {
                let v = vm.get_str(Value::object(o), "timeZone")?;
                if v.is_undefined() {
                    None
                } else {
                    Some(to_time_zone(vm, v)?)
                }
            }
            None => None,
        };
        let smallest = check_to_string_unit(vm, smallest)?;
        let s = i
            .to_ixdtf_string(
                tz,
                to_string_rounding(ToStringParts { precision, mode }, smallest),
            )
            .js(vm)?;
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toJSON", 0, |vm, t, _, _| default_string(vm, t));
    vm.define_method(proto, "toLocaleString", 0, |vm, t, _, _| {
        default_string(vm, t)
    });
    vm.define_method(proto, "toZonedDateTimeISO", 1, |vm, t, a, _| {
        let i = this_instant(vm, t)?;
        let tz = to_time_zone(vm, arg(a, 0))?;
        let z = i.to_zoned_date_time_iso(tz).js(vm)?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(z)))
    });

    let dp = vm.realm.date_proto;
    vm.define_method(dp, "toTemporalInstant", 0, |vm, t, _, _| {
        let tv = match t.as_object().map(|o| &vm.obj(o).kind) {
            Some(ObjectKind::Date(tv)) => *tv,
            _ => return vm.throw_type("this is not a Date object"),
        };
        if !tv.is_finite() {
            return vm.throw_range("invalid Date");
        }
        let i = Instant::from_epoch_milliseconds(tv as i64).js(vm)?;
        Ok(wrap(vm, TemporalValue::Instant(i)))
    });
}

fn default_string(vm: &mut Vm, t: Value) -> JsResult<Value> {
    let i = this_instant(vm, t)?;
    let s = i
        .to_ixdtf_string(None, ToStringRoundingOptions::default())
        .js(vm)?;
    Ok(vm.new_string(&s))
}

/// ToBigInt(v) as an i128 epoch-nanoseconds value (RangeError when huge).
pub(crate) fn epoch_ns_arg(vm: &mut Vm, v: Value) -> JsResult<i128> {
    let b = crate::builtins::bigint::to_bigint(vm, v)?;
    match b.to_i128() {
        Some(n) => Ok(n),
        None => vm.throw_range("epochNanoseconds out of range"),
    }
}

fn instant_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    require_new(vm, nt, "Instant")?;
    let n = epoch_ns_arg(vm, arg(a, 0))?;
    let i = Instant::try_new(n).js(vm)?;
    let fallback = vm.realm.temporal_instant_proto;
    construct(vm, nt, fallback, TemporalValue::Instant(i))
}

/// ToTemporalInstant.
pub(crate) fn to_instant(vm: &mut Vm, item: Value) -> JsResult<Instant> {
    let mut item = item;
    if item.is_object() {
        match temporal_of(vm, item) {
            Some(TemporalValue::Instant(i)) => return Ok(*i),
            Some(TemporalValue::ZonedDateTime(z)) => return Ok(z.to_instant()),
            _ => {}
        }
        item = vm.to_primitive(item, "string")?;
    }
    let s = require_string(vm, item)?;
    Instant::from_utf8(s.as_bytes()).js(vm)
}

fn add_sub(vm: &mut Vm, t: Value, a: &[Value], subtract: bool) -> JsResult<Value> {
    let i = this_instant(vm, t)?;
    let d = super::duration::to_duration(vm, arg(a, 0))?;
    let r = if subtract { i.subtract(&d) } else { i.add(&d) }.js(vm)?;
    Ok(wrap(vm, TemporalValue::Instant(r)))
}

fn diff(vm: &mut Vm, t: Value, a: &[Value], since: bool) -> JsResult<Value> {
    let i = this_instant(vm, t)?;
    let other = to_instant(vm, arg(a, 0))?;
    let s = get_difference_settings(vm, arg(a, 1))?;
    let r = if since {
        i.since(&other, s)
    } else {
        i.until(&other, s)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::Duration(r)))
}
