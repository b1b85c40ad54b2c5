//! Temporal.PlainDate.

use super::*;
use temporal_rs::partial::PartialDate;

pub fn init(vm: &mut Vm, ns: ObjId) {
    let (proto, ctor) = new_type(vm, ns, "PlainDate", 3, plain_date_ctor);
    vm.realm.temporal_plain_date_proto = proto;
    vm.define_method(ctor, "from", 1, |vm, _, a, _| {
        let d = to_plain_date(vm, arg(a, 0), arg(a, 1))?;
        Ok(wrap(vm, TemporalValue::PlainDate(d)))
    });
    vm.define_method(ctor, "compare", 2, |vm, _, a, _| {
        let one = to_plain_date(vm, arg(a, 0), Value::UNDEFINED)?;
        let two = to_plain_date(vm, arg(a, 1), Value::UNDEFINED)?;
        Ok(compare_result(one.compare_iso(&two)))
    });
    date_getters!(vm, proto, this_plain_date);
    vm.define_method(proto, "toPlainYearMonth", 0, |vm, t, _, _| {
        let d = this_plain_date(vm, t)?;
        let r = d.to_plain_year_month().js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainYearMonth(r)))
    });
    vm.define_method(proto, "toPlainMonthDay", 0, |vm, t, _, _| {
        let d = this_plain_date(vm, t)?;
        let r = d.to_plain_month_day().js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainMonthDay(r)))
    });
    vm.define_method(proto, "add", 1, |vm, t, a, _| add_sub(vm, t, a, false));
    vm.define_method(proto, "subtract", 1, |vm, t, a, _| add_sub(vm, t, a, true));
    vm.define_method(proto, "with", 1, |vm, t, a, _| {
        let d = this_plain_date(vm, t)?;
        let like = arg(a, 0);
        check_partial_object(vm, like)?;
        let f = prepare_fields(vm, like, d.calendar(), F_DATE, 0, true)?;
        let overflow = overflow_from_options(vm, arg(a, 1))?;
        let cf = f.calendar_fields(vm)?;
        let r = d.with(cf, overflow).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainDate(r)))
    });
    vm.define_method(proto, "withCalendar", 1, |vm, t, a, _| {
        let d = this_plain_date(vm, t)?;
        let c = arg(a, 0);
        if c.is_undefined() {
            return vm.throw_type("calendar is required");
        }
        let cal = to_calendar(vm, c)?;
        Ok(wrap(vm, TemporalValue::PlainDate(d.with_calendar(cal))))
    });
    vm.define_method(proto, "until", 1, |vm, t, a, _| diff(vm, t, a, false));
    vm.define_method(proto, "since", 1, |vm, t, a, _| diff(vm, t, a, true));
    vm.define_method(proto, "equals", 1, |vm, t, a, _| {
        let d = this_plain_date(vm, t)?;
        let o = to_plain_date(vm, arg(a, 0), Value::UNDEFINED)?;
        Ok(Value::bool(
            d.compare_iso(&o) == std::cmp::Ordering::Equal
                && d.calendar().identifier() == o.calendar().identifier(),
        ))
    });
    vm.define_method(proto, "toPlainDateTime", 0, |vm, t, a, _| {
        let d = this_plain_date(vm, t)?;
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
        let r = d.to_plain_date_time(time).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainDateTime(r)))
    });
    vm.define_method(proto, "toZonedDateTime", 1, |vm, t, a, _| {
        let d = this_plain_date(vm, t)?;
        let item = arg(a, 0);
        let (tz, time) = if item.is_object() {
            let tzl = vm.get_str(item, "timeZone")?;
            if tzl.is_undefined() {
                (to_time_zone(vm, item)?, Value::UNDEFINED)
            } else {
                let tz = to_time_zone(vm, tzl)?;
                let time = vm.get_str(item, "plainTime")?;
                vm.root(time);
                (tz, time)
            }
        } else {
            (to_time_zone(vm, item)?, Value::UNDEFINED)
        };
        let time = if time.is_undefined() {
            None
        } else {
            Some(super::plain_time::to_plain_time(
                vm,
                time,
                Value::UNDEFINED,
            )?)
        };
        let z = d.to_zoned_date_time(tz, time).js(vm)?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(z)))
    });
    vm.define_method(proto, "toString", 0, |vm, t, a, _| {
        let d = this_plain_date(vm, t)?;
        let dc = display_calendar_from(vm, arg(a, 0))?;
        let s = d.to_ixdtf_string(dc);
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toJSON", 0, |vm, t, _, _| {
        let d = this_plain_date(vm, t)?;
        let s = d.to_ixdtf_string(DisplayCalendar::Auto);
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toLocaleString", 0, |vm, t, _, _| {
        let d = this_plain_date(vm, t)?;
        let s = d.to_ixdtf_string(DisplayCalendar::Auto);
        Ok(vm.new_string(&s))
    });
}

fn plain_date_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    require_new(vm, nt, "PlainDate")?;
    let y = int_arg(vm, arg(a, 0))?;
    let m = int_arg(vm, arg(a, 1))?;
    let d = int_arg(vm, arg(a, 2))?;
    let cal = calendar_ctor_arg(vm, arg(a, 3))?;
    let r = PlainDate::try_new(clamp_i32(y), clamp_u8(m), clamp_u8(d), cal).js(vm)?;
    let fallback = vm.realm.temporal_plain_date_proto;
    construct(vm, nt, fallback, TemporalValue::PlainDate(r))
}

/// ToTemporalDate(item, options).
pub(crate) fn to_plain_date(vm: &mut Vm, item: Value, options: Value) -> JsResult<PlainDate> {
    if item.is_object() {
        let direct = match temporal_of(vm, item) {
            Some(TemporalValue::PlainDate(d)) => Some(d.clone()),
            Some(TemporalValue::PlainDateTime(d)) => Some(d.to_plain_date()),
            Some(TemporalValue::ZonedDateTime(z)) => Some(z.to_plain_date()),
            _ => None,
        };
        if let Some(d) = direct {
            overflow_from_options(vm, options)?;
            return Ok(d);
        }
        let cal = calendar_with_iso_default(vm, item)?;
        let f = prepare_fields(vm, item, &cal, F_DATE, 0, false)?;
        let overflow = overflow_from_options(vm, options)?;
        let cf = f.calendar_fields(vm)?;
        return PlainDate::from_partial(
            PartialDate {
                calendar_fields: cf,
                calendar: cal,
            },
            overflow,
        )
        .js(vm);
    }
    let s = require_string(vm, item)?;
    let parsed = temporal_rs::parsed_intermediates::ParsedDate::from_utf8(s.as_bytes()).js(vm)?;
    overflow_from_options(vm, options)?;
    PlainDate::from_parsed(parsed).js(vm)
}

fn add_sub(vm: &mut Vm, t: Value, a: &[Value], subtract: bool) -> JsResult<Value> {
    let d = this_plain_date(vm, t)?;
    let dur = super::duration::to_duration(vm, arg(a, 0))?;
    let overflow = overflow_from_options(vm, arg(a, 1))?;
    let r = if subtract {
        d.subtract(&dur, overflow)
    } else {
        d.add(&dur, overflow)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::PlainDate(r)))
}

fn diff(vm: &mut Vm, t: Value, a: &[Value], since: bool) -> JsResult<Value> {
    let d = this_plain_date(vm, t)?;
    let other = to_plain_date(vm, arg(a, 0), Value::UNDEFINED)?;
    let s = get_difference_settings(vm, arg(a, 1))?;
    let r = if since {
        d.since(&other, s)
    } else {
        d.until(&other, s)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::Duration(r)))
}
