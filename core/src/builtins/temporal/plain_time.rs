//! Temporal.PlainTime.

use super::*;

pub fn init(vm: &mut Vm, ns: ObjId) {
    let (proto, ctor) = new_type(vm, ns, "PlainTime", 0, plain_time_ctor);
    vm.realm.temporal_plain_time_proto = proto;
    vm.define_method(ctor, "from", 1, |vm, _, a, _| {
        let d = to_plain_time(vm, arg(a, 0), arg(a, 1))?;
        Ok(wrap(vm, TemporalValue::PlainTime(d)))
    });
    vm.define_method(ctor, "compare", 2, |vm, _, a, _| {
        let one = to_plain_time(vm, arg(a, 0), Value::UNDEFINED)?;
        let two = to_plain_time(vm, arg(a, 1), Value::UNDEFINED)?;
        Ok(compare_result(key(&one).cmp(&key(&two))))
    });
    time_getters!(vm, proto, this_plain_time);
    vm.define_method(proto, "add", 1, |vm, t, a, _| add_sub(vm, t, a, false));
    vm.define_method(proto, "subtract", 1, |vm, t, a, _| add_sub(vm, t, a, true));
    vm.define_method(proto, "with", 1, |vm, t, a, _| {
        let d = this_plain_time(vm, t)?;
        let like = arg(a, 0);
        check_partial_object(vm, like)?;
        let f = to_time_record(vm, like)?;
        let overflow = overflow_from_options(vm, arg(a, 1))?;
        let pt = f.partial_time(vm, overflow)?;
        let r = d.with(pt, overflow).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainTime(r)))
    });
    vm.define_method(proto, "until", 1, |vm, t, a, _| diff(vm, t, a, false));
    vm.define_method(proto, "since", 1, |vm, t, a, _| diff(vm, t, a, true));
    vm.define_method(proto, "round", 1, |vm, t, a, _| {
        let d = this_plain_time(vm, t)?;
        let opts = get_round_to(vm, arg(a, 0))?;
        let r = d.round(opts).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainTime(r)))
    });
    vm.define_method(proto, "equals", 1, |vm, t, a, _| {
        let d = this_plain_time(vm, t)?;
        let o = to_plain_time(vm, arg(a, 0), Value::UNDEFINED)?;
        Ok(Value::bool(key(&d) == key(&o)))
    });
    vm.define_method(proto, "toString", 0, |vm, t, a, _| {
        let d = this_plain_time(vm, t)?;
        let o = get_options_object(vm, arg(a, 0))?;
        let precision = get_fractional_second_digits(vm, o)?;
        let mode = get_rounding_mode(vm, o)?;
        let smallest = get_to_string_smallest_unit(vm, o)?;
        let smallest = check_to_string_unit(vm, smallest)?;
        let s = d
            .to_ixdtf_string(to_string_rounding(
                ToStringParts { precision, mode },
                smallest,
            ))
            .js(vm)?;
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toJSON", 0, |vm, t, _, _| default_string(vm, t));
    vm.define_method(proto, "toLocaleString", 0, |vm, t, _, _| {
        default_string(vm, t)
    });
}

fn default_string(vm: &mut Vm, t: Value) -> JsResult<Value> {
    let d = this_plain_time(vm, t)?;
    let s = d
        .to_ixdtf_string(ToStringRoundingOptions::default())
        .js(vm)?;
    Ok(vm.new_string(&s))
}

pub(crate) fn key(t: &PlainTime) -> (u8, u8, u8, u16, u16, u16) {
    (
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond(),
        t.microsecond(),
        t.nanosecond(),
    )
}

fn plain_time_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    require_new(vm, nt, "PlainTime")?;
    let mut f = [0f64; 6];
    for (i, slot) in f.iter_mut().enumerate() {
        *slot = int_arg_or_zero(vm, arg(a, i))?;
    }
    let r = PlainTime::try_new(
        clamp_u8(f[0]),
        clamp_u8(f[1]),
        clamp_u8(f[2]),
        clamp_u16(f[3]),
        clamp_u16(f[4]),
        clamp_u16(f[5]),
    )
    .js(vm)?;
    let fallback = vm.realm.temporal_plain_time_proto;
    construct(vm, nt, fallback, TemporalValue::PlainTime(r))
}

/// ToTemporalTime(item, options).
pub(crate) fn to_plain_time(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainTime> {
    if item.is_object() {
        let direct = match temporal_of(vm, item) {
            Some(TemporalValue::PlainTime(d)) => Some(*d),
            Some(TemporalValue::PlainDateTime(d)) => Some(d.to_plain_time()),
            Some(TemporalValue::ZonedDateTime(z)) => Some(z.to_plain_time()),
            _ => None,
        };
        if let Some(d) = direct {
            overflow_from_options(vm, options)?;
            return Ok(d);
        }
        let f = to_time_record(vm, item)?;
        let overflow = overflow_from_options(vm, options)?;
        let pt = f.partial_time(vm, overflow)?;
        return PlainTime::from_partial(pt, overflow).js(vm);
    }
    let s = require_string(vm, item)?;
    let r = PlainTime::from_utf8(s.as_bytes()).js(vm)?;
    overflow_from_options(vm, options)?;
    Ok(r)
}

fn add_sub(vm: &mut Vm, t: Value, a: &[Value], subtract: bool) -> JsResult<Value> {
    let d = this_plain_time(vm, t)?;
    let dur = super::duration::to_duration(vm, arg(a, 0))?;
    let r = if subtract {
        d.subtract(&dur)
    } else {
        d.add(&dur)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::PlainTime(r)))
}

fn diff(vm: &mut Vm, t: Value, a: &[Value], since: bool) -> JsResult<Value> {
    let d = this_plain_time(vm, t)?;
    let other = to_plain_time(vm, arg(a, 0), Value::UNDEFINED)?;
    let s = get_difference_settings(vm, arg(a, 1))?;
    let r = if since {
        d.since(&other, s)
    } else {
        d.until(&other, s)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::Duration(r)))
}
