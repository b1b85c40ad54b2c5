//! Temporal.PlainDateTime.

use super::*;
use temporal_rs::fields::DateTimeFields;
use temporal_rs::options::Disambiguation;
use temporal_rs::partial::PartialDateTime;

pub fn init(vm: &mut Vm, ns: ObjId) {
    let (proto, ctor) = new_type(vm, ns, "PlainDateTime", 3, plain_date_time_ctor);
    vm.realm.temporal_plain_date_time_proto = proto;
    vm.define_method(ctor, "from", 1, |vm, _, a, _| {
        let d = to_plain_date_time(vm, arg(a, 0), arg(a, 1))?;
        Ok(wrap(vm, TemporalValue::PlainDateTime(d)))
    });
    vm.define_method(ctor, "compare", 2, |vm, _, a, _| {
        let one = to_plain_date_time(vm, arg(a, 0), Value::UNDEFINED)?;
        let two = to_plain_date_time(vm, arg(a, 1), Value::UNDEFINED)?;
        Ok(compare_result(one.compare_iso(&two)))
    });
    date_getters!(vm, proto, this_plain_date_time);
    time_getters!(vm, proto, this_plain_date_time);
    vm.define_method(proto, "with", 1, |vm, t, a, _| {
        let d = this_plain_date_time(vm, t)?;
        let like = arg(a, 0);
        check_partial_object(vm, like)?;
        let f = prepare_fields(vm, like, d.calendar(), F_DATE | F_TIME, 0, true)?;
        let overflow = overflow_from_options(vm, arg(a, 1))?;
        let fields = DateTimeFields {
            calendar_fields: f.calendar_fields(vm)?,
            time: f.partial_time(vm, overflow)?,
        };
        let r = d.with(fields, overflow).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainDateTime(r)))
    });
    vm.define_method(proto, "withPlainTime", 0, |vm, t, a, _| {
        let d = this_plain_date_time(vm, t)?;
        let time = arg(a, 0);
        let time = if time.is_undefined() {
            None
        } else {
            Some(super::plain_time::to_plain_time(
                vm,
                time,
                Value::UNDEFINED,
            )?)
        };
        let r = d.with_time(time).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainDateTime(r)))
    });
    vm.define_method(proto, "withCalendar", 1, |vm, t, a, _| {
        let d = this_plain_date_time(vm, t)?;
        let c = arg(a, 0);
        if c.is_undefined() {
            return vm.throw_type("calendar is required");
        }
        let cal = to_calendar(vm, c)?;
        Ok(wrap(vm, TemporalValue::PlainDateTime(d.with_calendar(cal))))
    });
    vm.define_method(proto, "add", 1, |vm, t, a, _| add_sub(vm, t, a, false));
    vm.define_method(proto, "subtract", 1, |vm, t, a, _| add_sub(vm, t, a, true));
    vm.define_method(proto, "until", 1, |vm, t, a, _| diff(vm, t, a, false));
    vm.define_method(proto, "since", 1, |vm, t, a, _| diff(vm, t, a, true));
    vm.define_method(proto, "round", 1, |vm, t, a, _| {
        let d = this_plain_date_time(vm, t)?;
        let opts = get_round_to(vm, arg(a, 0))?;
        let r = d.round(opts).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainDateTime(r)))
    });
    vm.define_method(proto, "equals", 1, |vm, t, a, _| {
        let d = this_plain_date_time(vm, t)?;
        let o = to_plain_date_time(vm, arg(a, 0), Value::UNDEFINED)?;
        Ok(Value::bool(
            d.compare_iso(&o) == std::cmp::Ordering::Equal
                && d.calendar().identifier() == o.calendar().identifier(),
        ))
    });
    vm.define_method(proto, "toString", 0, |vm, t, a, _| {
        let d = this_plain_date_time(vm, t)?;
        let o = get_options_object(vm, arg(a, 0))?;
        let dc = get_calendar_name_option(vm, o)?;
        let precision = get_fractional_second_digits(vm, o)?;
        let mode = get_rounding_mode(vm, o)?;
        let smallest = get_to_string_smallest_unit(vm, o)?;
        let smallest = check_to_string_unit(vm, smallest)?;
        let s = d
            .to_ixdtf_string(
                to_string_rounding(ToStringParts { precision, mode }, smallest),
                dc,
            )
            .js(vm)?;
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toJSON", 0, |vm, t, _, _| default_string(vm, t));
    vm.define_method(proto, "toLocaleString", 0, |vm, t, _, _| {
        default_string(vm, t)
    });
    vm.define_method(proto, "toZonedDateTime", 1, |vm, t, a, _| {
        let d = this_plain_date_time(vm, t)?;
        let tz = to_time_zone(vm, arg(a, 0))?;
        let o = get_options_object(vm, arg(a, 1))?;
        let dis: Option<Disambiguation> = get_enum_option(vm, o, "disambiguation")?;
        let z = d
            .to_zoned_date_time(tz, dis.unwrap_or(Disambiguation::Compatible))
            .js(vm)?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(z)))
    });
    vm.define_method(proto, "toPlainDate", 0, |vm, t, _, _| {
        let d = this_plain_date_time(vm, t)?;
        Ok(wrap(vm, TemporalValue::PlainDate(d.to_plain_date())))
    });
    vm.define_method(proto, "toPlainTime", 0, |vm, t, _, _| {
        let d = this_plain_date_time(vm, t)?;
        Ok(wrap(vm, TemporalValue::PlainTime(d.to_plain_time())))
    });
}

fn default_string(vm: &mut Vm, t: Value) -> JsResult<Value> {
    let d = this_plain_date_time(vm, t)?;
    let s = d
        .to_ixdtf_string(ToStringRoundingOptions::default(), DisplayCalendar::Auto)
        .js(vm)?;
    Ok(vm.new_string(&s))
}

fn plain_date_time_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    require_new(vm, nt, "PlainDateTime")?;
    let y = int_arg(vm, arg(a, 0))?;
    let m = int_arg(vm, arg(a, 1))?;
    let d = int_arg(vm, arg(a, 2))?;
    let mut f = [0f64; 6];
    for (i, slot) in f.iter_mut().enumerate() {
        *slot = int_arg_or_zero(vm, arg(a, 3 + i))?;
    }
    let cal = calendar_ctor_arg(vm, arg(a, 9))?;
    let r = PlainDateTime::try_new(
        clamp_i32(y),
        clamp_u8(m),
        clamp_u8(d),
        clamp_u8(f[0]),
        clamp_u8(f[1]),
        clamp_u8(f[2]),
        clamp_u16(f[3]),
        clamp_u16(f[4]),
        clamp_u16(f[5]),
        cal,
    )
    .js(vm)?;
    let fallback = vm.realm.temporal_plain_date_time_proto;
    construct(vm, nt, fallback, TemporalValue::PlainDateTime(r))
}

/// ToTemporalDateTime(item, options).
pub(crate) fn to_plain_date_time(
    vm: &mut Vm,
    item: Value,
    options: Value,
) -> JsResult<PlainDateTime> {
    if item.is_object() {
        let direct = match temporal_of(vm, item) {
            Some(TemporalValue::PlainDateTime(d)) => Some(Ok(d.clone())),
            Some(TemporalValue::PlainDate(d)) => Some(d.to_plain_date_time(None)),
            Some(TemporalValue::ZonedDateTime(z)) => Some(Ok(z.to_plain_date_time())),
            _ => None,
        };
        if let Some(d) = direct {
            overflow_from_options(vm, options)?;
            return d.js(vm);
        }
        let cal = calendar_with_iso_default(vm, item)?;
        let f = prepare_fields(vm, item, &cal, F_DATE | F_TIME, 0, false)?;
        let overflow = overflow_from_options(vm, options)?;
        let fields = DateTimeFields {
            calendar_fields: f.calendar_fields(vm)?,
            time: f.partial_time(vm, overflow)?,
        };
        if fields.is_empty() {
            return vm.throw_type("missing date fields");
        }
        return PlainDateTime::from_partial(
            PartialDateTime {
                fields,
                calendar: cal,
            },
            overflow,
        )
        .js(vm);
    }
    let s = require_string(vm, item)?;
    let parsed =
        temporal_rs::parsed_intermediates::ParsedDateTime::from_utf8(s.as_bytes()).js(vm)?;
    overflow_from_options(vm, options)?;
    PlainDateTime::from_parsed(parsed).js(vm)
}

fn add_sub(vm: &mut Vm, t: Value, a: &[Value], subtract: bool) -> JsResult<Value> {
    let d = this_plain_date_time(vm, t)?;
    let dur = super::duration::to_duration(vm, arg(a, 0))?;
    let overflow = overflow_from_options(vm, arg(a, 1))?;
    let r = if subtract {
        d.subtract(&dur, overflow)
    } else {
        d.add(&dur, overflow)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::PlainDateTime(r)))
}

fn diff(vm: &mut Vm, t: Value, a: &[Value], since: bool) -> JsResult<Value> {
    let d = this_plain_date_time(vm, t)?;
    let other = to_plain_date_time(vm, arg(a, 0), Value::UNDEFINED)?;
    let s = get_difference_settings(vm, arg(a, 1))?;
    let r = if since {
        d.since(&other, s)
    } else {
        d.until(&other, s)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::Duration(r)))
}
