//! Temporal.PlainYearMonth.

use super::*;
use temporal_rs::fields::YearMonthCalendarFields;
use temporal_rs::partial::PartialYearMonth;

pub fn init(vm: &mut Vm, ns: ObjId) {
    let (proto, ctor) = new_type(vm, ns, "PlainYearMonth", 2, plain_year_month_ctor);
    vm.realm.temporal_plain_year_month_proto = proto;
    vm.define_method(ctor, "from", 1, |vm, _, a, _| {
        let d = to_plain_year_month(vm, arg(a, 0), arg(a, 1))?;
        Ok(wrap(vm, TemporalValue::PlainYearMonth(d)))
    });
    vm.define_method(ctor, "compare", 2, |vm, _, a, _| {
        let one = to_plain_year_month(vm, arg(a, 0), Value::UNDEFINED)?;
        let two = to_plain_year_month(vm, arg(a, 1), Value::UNDEFINED)?;
        Ok(compare_result(one.compare_iso(&two)))
    });
    getters(
        vm,
        proto,
        &[
            ("calendarId", |vm, t, _, _| {
                let d = this_plain_year_month(vm, t)?;
                Ok(vm.new_string(d.calendar().identifier()))
            }),
            ("era", |vm, t, _, _| {
                let d = this_plain_year_month(vm, t)?;
                Ok(opt_era(vm, d.era()))
            }),
            ("eraYear", |vm, t, _, _| {
                Ok(opt_num(this_plain_year_month(vm, t)?.era_year()))
            }),
            ("year", |vm, t, _, _| {
                Ok(num(this_plain_year_month(vm, t)?.year()))
            }),
            ("month", |vm, t, _, _| {
                Ok(num(this_plain_year_month(vm, t)?.month()))
            }),
            ("monthCode", |vm, t, _, _| {
                let d = this_plain_year_month(vm, t)?;
                Ok(vm.new_string(d.month_code().as_str()))
            }),
            ("daysInYear", |vm, t, _, _| {
                Ok(num(this_plain_year_month(vm, t)?.days_in_year()))
            }),
            ("daysInMonth", |vm, t, _, _| {
                Ok(num(this_plain_year_month(vm, t)?.days_in_month()))
            }),
            ("monthsInYear", |vm, t, _, _| {
                Ok(num(this_plain_year_month(vm, t)?.months_in_year()))
            }),
            ("inLeapYear", |vm, t, _, _| {
                Ok(Value::bool(this_plain_year_month(vm, t)?.in_leap_year()))
            }),
        ],
    );
    vm.define_method(proto, "with", 1, |vm, t, a, _| {
        let d = this_plain_year_month(vm, t)?;
        let like = arg(a, 0);
        check_partial_object(vm, like)?;
        let f = prepare_fields(
            vm,
            like,
            d.calendar(),
            F_YEAR | F_MONTH | F_MONTH_CODE,
            0,
            true,
        )?;
        let overflow = overflow_from_options(vm, arg(a, 1))?;
        let cf = f.calendar_fields(vm)?;
        let r = d.with(YearMonthCalendarFields::from(cf), overflow).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainYearMonth(r)))
    });
    vm.define_method(proto, "add", 1, |vm, t, a, _| add_sub(vm, t, a, false));
    vm.define_method(proto, "subtract", 1, |vm, t, a, _| add_sub(vm, t, a, true));
    vm.define_method(proto, "until", 1, |vm, t, a, _| diff(vm, t, a, false));
    vm.define_method(proto, "since", 1, |vm, t, a, _| diff(vm, t, a, true));
    vm.define_method(proto, "equals", 1, |vm, t, a, _| {
        let d = this_plain_year_month(vm, t)?;
        let o = to_plain_year_month(vm, arg(a, 0), Value::UNDEFINED)?;
        Ok(Value::bool(
            d.compare_iso(&o) == std::cmp::Ordering::Equal
                && d.calendar().identifier() == o.calendar().identifier(),
        ))
    });
    vm.define_method(proto, "toString", 0, |vm, t, a, _| {
        let d = this_plain_year_month(vm, t)?;
        let dc = display_calendar_from(vm, arg(a, 0))?;
        let s = d.to_ixdtf_string(dc);
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toJSON", 0, |vm, t, _, _| {
        let d = this_plain_year_month(vm, t)?;
        let s = d.to_ixdtf_string(DisplayCalendar::Auto);
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toLocaleString", 0, |vm, t, _, _| {
        let d = this_plain_year_month(vm, t)?;
        let s = d.to_ixdtf_string(DisplayCalendar::Auto);
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toPlainDate", 1, |vm, t, a, _| {
        let d = this_plain_year_month(vm, t)?;
        let item = arg(a, 0);
        if !item.is_object() {
            return vm.throw_type("toPlainDate requires an object with a day property");
        }
        let f = prepare_fields(vm, item, d.calendar(), F_DAY, 0, false)?;
        let cf = f.calendar_fields(vm)?;
        if cf.day.is_none() {
            return vm.throw_type("day is required");
        }
        let r = d.to_plain_date(Some(cf)).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainDate(r)))
    });
}

fn plain_year_month_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    require_new(vm, nt, "PlainYearMonth")?;
    let y = int_arg(vm, arg(a, 0))?;
    let m = int_arg(vm, arg(a, 1))?;
    let cal = calendar_ctor_arg(vm, arg(a, 2))?;
    let rd = arg(a, 3);
    let rd = if rd.is_undefined() {
        1.0
    } else {
        int_arg(vm, rd)?
    };
    let r = PlainYearMonth::try_new(clamp_i32(y), clamp_u8(m), Some(clamp_u8(rd)), cal).js(vm)?;
    let fallback = vm.realm.temporal_plain_year_month_proto;
    construct(vm, nt, fallback, TemporalValue::PlainYearMonth(r))
}

/// ToTemporalYearMonth(item, options).
pub(crate) fn to_plain_year_month(
    vm: &mut Vm,
    item: Value,
    options: Value,
) -> JsResult<PlainYearMonth> {
    if item.is_object() {
        if let Some(TemporalValue::PlainYearMonth(d)) = temporal_of(vm, item) {
            let d = d.clone();
            overflow_from_options(vm, options)?;
            return Ok(d);
        }
        let cal = calendar_with_iso_default(vm, item)?;
        let f = prepare_fields(vm, item, &cal, F_YEAR | F_MONTH | F_MONTH_CODE, 0, false)?;
        let overflow = overflow_from_options(vm, options)?;
        let cf = f.calendar_fields(vm)?;
        let p = PartialYearMonth {
            calendar_fields: YearMonthCalendarFields::from(cf),
            calendar: cal,
        };
        return PlainYearMonth::from_partial(p, overflow).js(vm);
    }
    let s = require_string(vm, item)?;
    let parsed =
        temporal_rs::parsed_intermediates::ParsedDate::year_month_from_utf8(s.as_bytes()).js(vm)?;
    overflow_from_options(vm, options)?;
    PlainYearMonth::from_parsed(parsed).js(vm)
}

fn add_sub(vm: &mut Vm, t: Value, a: &[Value], subtract: bool) -> JsResult<Value> {
    let d = this_plain_year_month(vm, t)?;
    let dur = super::duration::to_duration(vm, arg(a, 0))?;
    let overflow = overflow_from_options(vm, arg(a, 1))?.unwrap_or(Overflow::Constrain);
    let r = if subtract {
        d.subtract(&dur, overflow)
    } else {
        d.add(&dur, overflow)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::PlainYearMonth(r)))
}

fn diff(vm: &mut Vm, t: Value, a: &[Value], since: bool) -> JsResult<Value> {
    let d = this_plain_year_month(vm, t)?;
    let other = to_plain_year_month(vm, arg(a, 0), Value::UNDEFINED)?;
    let s = get_difference_settings(vm, arg(a, 1))?;
    let r = if since {
        d.since(&other, s)
    } else {
        d.until(&other, s)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::Duration(r)))
}
