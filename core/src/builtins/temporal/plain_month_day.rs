//! Temporal.PlainMonthDay.

use super::*;
use temporal_rs::partial::PartialDate;

pub fn init(vm: &mut Vm, ns: ObjId) {
    let (proto, ctor) = new_type(vm, ns, "PlainMonthDay", 2, plain_month_day_ctor);
    vm.realm.temporal_plain_month_day_proto = proto;
    vm.define_method(ctor, "from", 1, |vm, _, a, _| {
        let d = to_plain_month_day(vm, arg(a, 0), arg(a, 1))?;
        Ok(wrap(vm, TemporalValue::PlainMonthDay(d)))
    });
    getters(
        vm,
        proto,
        &[
            ("calendarId", |vm, t, _, _| {
                let d = this_plain_month_day(vm, t)?;
                Ok(vm.new_string(d.calendar().identifier()))
            }),
            ("monthCode", |vm, t, _, _| {
                let d = this_plain_month_day(vm, t)?;
                Ok(vm.new_string(d.month_code().as_str()))
            }),
            ("day", |vm, t, _, _| {
                Ok(num(this_plain_month_day(vm, t)?.day()))
            }),
        ],
    );
    vm.define_method(proto, "with", 1, |vm, t, a, _| {
        let d = this_plain_month_day(vm, t)?;
        let like = arg(a, 0);
        check_partial_object(vm, like)?;
        let f = prepare_fields(vm, like, d.calendar(), F_DATE, 0, true)?;
        let overflow = overflow_from_options(vm, arg(a, 1))?;
        let cf = f.calendar_fields(vm)?;
        let r = d.with(cf, overflow).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainMonthDay(r)))
    });
    vm.define_method(proto, "equals", 1, |vm, t, a, _| {
        let d = this_plain_month_day(vm, t)?;
        let o = to_plain_month_day(vm, arg(a, 0), Value::UNDEFINED)?;
        Ok(Value::bool(
            d.month_code() == o.month_code()
                && d.day() == o.day()
                && d.reference_year() == o.reference_year()
                && d.calendar().identifier() == o.calendar().identifier(),
        ))
    });
    vm.define_method(proto, "toString", 0, |vm, t, a, _| {
        let d = this_plain_month_day(vm, t)?;
        let dc = display_calendar_from(vm, arg(a, 0))?;
        let s = d.to_ixdtf_string(dc);
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toJSON", 0, |vm, t, _, _| {
        let d = this_plain_month_day(vm, t)?;
        let s = d.to_ixdtf_string(DisplayCalendar::Auto);
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toLocaleString", 0, |vm, t, _, _| {
        let d = this_plain_month_day(vm, t)?;
        let s = d.to_ixdtf_string(DisplayCalendar::Auto);
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toPlainDate", 1, |vm, t, a, _| {
        let d = this_plain_month_day(vm, t)?;
        let item = arg(a, 0);
        if !item.is_object() {
            return vm.throw_type("toPlainDate requires an object with a year property");
        }
        let f = prepare_fields(vm, item, d.calendar(), F_YEAR, 0, false)?;
        let cf = f.calendar_fields(vm)?;
        if cf.year.is_none() && cf.era_year.is_none() {
            return vm.throw_type("year is required");
        }
        let r = d.to_plain_date(Some(cf)).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainDate(r)))
    });
}

fn plain_month_day_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    require_new(vm, nt, "PlainMonthDay")?;
    let m = int_arg(vm, arg(a, 0))?;
    let d = int_arg(vm, arg(a, 1))?;
    let cal = calendar_ctor_arg(vm, arg(a, 2))?;
    let ry = arg(a, 3);
    let ry = if ry.is_undefined() {
        1972.0
    } else {
        int_arg(vm, ry)?
    };
    let r = PlainMonthDay::new_with_overflow(
        clamp_u8(m),
        clamp_u8(d),
        cal,
        Overflow::Reject,
        Some(clamp_i32(ry)),
    )
    .js(vm)?;
    let fallback = vm.realm.temporal_plain_month_day_proto;
    construct(vm, nt, fallback, TemporalValue::PlainMonthDay(r))
}

/// ToTemporalMonthDay(item, options).
pub(crate) fn to_plain_month_day(
    vm: &mut Vm,
    item: Value,
    options: Value,
) -> JsResult<PlainMonthDay> {
    if item.is_object() {
        if let Some(TemporalValue::PlainMonthDay(d)) = temporal_of(vm, item) {
            let d = d.clone();
            overflow_from_options(vm, options)?;
            return Ok(d);
        }
        let cal = calendar_with_iso_default(vm, item)?;
        let f = prepare_fields(vm, item, &cal, F_DATE, 0, false)?;
        let overflow = overflow_from_options(vm, options)?;
        let cf = f.calendar_fields(vm)?;
        return PlainMonthDay::from_partial(
            PartialDate {
                calendar_fields: cf,
                calendar: cal,
            },
            overflow,
        )
        .js(vm);
    }
    let s = require_string(vm, item)?;
    let parsed =
        temporal_rs::parsed_intermediates::ParsedDate::month_day_from_utf8(s.as_bytes()).js(vm)?;
    overflow_from_options(vm, options)?;
    PlainMonthDay::from_parsed(parsed).js(vm)
}
