//! Temporal.ZonedDateTime.

use super::*;
use temporal_rs::fields::ZonedDateTimeFields;
use temporal_rs::options::{Disambiguation, DisplayOffset, DisplayTimeZone, OffsetDisambiguation};
use temporal_rs::partial::PartialZonedDateTime;
use temporal_rs::provider::TransitionDirection;

pub fn init(vm: &mut Vm, ns: ObjId) {
    let (proto, ctor) = new_type(vm, ns, "ZonedDateTime", 2, zoned_date_time_ctor);
    vm.realm.temporal_zoned_date_time_proto = proto;
    vm.define_method(ctor, "from", 1, |vm, _, a, _| {
        let d = to_zoned_date_time(vm, arg(a, 0), arg(a, 1))?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(d)))
    });
    vm.define_method(ctor, "compare", 2, |vm, _, a, _| {
        let one = to_zoned_date_time(vm, arg(a, 0), Value::UNDEFINED)?;
        let two = to_zoned_date_time(vm, arg(a, 1), Value::UNDEFINED)?;
        Ok(compare_result(one.compare_instant(&two)))
    });
    date_getters!(vm, proto, this_zoned_date_time);
    time_getters!(vm, proto, this_zoned_date_time);
    getters(
        vm,
        proto,
        &[
            ("timeZoneId", |vm, t, _, _| {
                let z = this_zoned_date_time(vm, t)?;
                time_zone_id(vm, z.time_zone())
            }),
            ("epochMilliseconds", |vm, t, _, _| {
                Ok(num(this_zoned_date_time(vm, t)?.epoch_milliseconds() as f64))
            }),
            ("epochNanoseconds", |vm, t, _, _| {
                let z = this_zoned_date_time(vm, t)?;
                Ok(new_bigint_i128(vm, z.epoch_nanoseconds().as_i128()))
            }),
            ("hoursInDay", |vm, t, _, _| {
                let z = this_zoned_date_time(vm, t)?;
                Ok(Value::number(z.hours_in_day().js(vm)?))
            }),
            ("offsetNanoseconds", |vm, t, _, _| {
                Ok(num(this_zoned_date_time(vm, t)?.offset_nanoseconds() as f64))
            }),
            ("offset", |vm, t, _, _| {
                let z = this_zoned_date_time(vm, t)?;
                Ok(vm.new_string(&z.offset()))
            }),
        ],
    );
    vm.define_method(proto, "with", 1, |vm, t, a, _| {
        let z = this_zoned_date_time(vm, t)?;
        let like = arg(a, 0);
        check_partial_object(vm, like)?;
        let f = prepare_fields(vm, like, z.calendar(), F_DATE | F_TIME | F_OFFSET, 0, true)?;
        let o = get_options_object(vm, arg(a, 1))?;
        let dis: Option<Disambiguation> = get_enum_option(vm, o, "disambiguation")?;
        let off: Option<OffsetDisambiguation> = get_enum_option(vm, o, "offset")?;
        let overflow = get_overflow(vm, o)?;
        let fields = ZonedDateTimeFields {
            calendar_fields: f.calendar_fields(vm)?,
            time: f.partial_time(vm, overflow)?,
            offset: f.offset,
        };
        let r = z
            .with(
                fields,
                dis,
                Some(off.unwrap_or(OffsetDisambiguation::Prefer)),
                overflow,
            )
            .js(vm)?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(r)))
    });
    vm.define_method(proto, "withPlainTime", 0, |vm, t, a, _| {
        let z = this_zoned_date_time(vm, t)?;
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
        let r = z.with_plain_time(time).js(vm)?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(r)))
    });
    vm.define_method(proto, "withTimeZone", 1, |vm, t, a, _| {
        let z = this_zoned_date_time(vm, t)?;
        let tz = to_time_zone(vm, arg(a, 0))?;
        let r = z.with_timezone(tz).js(vm)?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(r)))
    });
    vm.define_method(proto, "withCalendar", 1, |vm, t, a, _| {
        let z = this_zoned_date_time(vm, t)?;
        let c = arg(a, 0);
        if c.is_undefined() {
            return vm.throw_type("calendar is required");
        }
        let cal = to_calendar(vm, c)?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(z.with_calendar(cal))))
    });
    vm.define_method(proto, "add", 1, |vm, t, a, _| add_sub(vm, t, a, false));
    vm.define_method(proto, "subtract", 1, |vm, t, a, _| add_sub(vm, t, a, true));
    vm.define_method(proto, "until", 1, |vm, t, a, _| diff(vm, t, a, false));
    vm.define_method(proto, "since", 1, |vm, t, a, _| diff(vm, t, a, true));
    vm.define_method(proto, "round", 1, |vm, t, a, _| {
        let z = this_zoned_date_time(vm, t)?;
        let opts = get_round_to(vm, arg(a, 0))?;
        let r = z.round(opts).js(vm)?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(r)))
    });
    vm.define_method(proto, "equals", 1, |vm, t, a, _| {
        let z = this_zoned_date_time(vm, t)?;
        let o = to_zoned_date_time(vm, arg(a, 0), Value::UNDEFINED)?;
        let same = z.equals(&o).js(vm)?;
        Ok(Value::bool(same))
    });
    vm.define_method(proto, "toString", 0, |vm, t, a, _| {
        let z = this_zoned_date_time(vm, t)?;
        let o = get_options_object(vm, arg(a, 0))?;
        let dc = get_calendar_name_option(vm, o)?;
        let precision = get_fractional_second_digits(vm, o)?;
        let doff: Option<DisplayOffset> = get_enum_option(vm, o, "offset")?;
        let mode = get_rounding_mode(vm, o)?;
        let smallest = get_to_string_smallest_unit(vm, o)?;
        let dtz: Option<DisplayTimeZone> = get_enum_option(vm, o, "timeZoneName")?;
        let smallest = check_to_string_unit(vm, smallest)?;
        let s = z
            .to_ixdtf_string(
                doff.unwrap_or(DisplayOffset::Auto),
                dtz.unwrap_or(DisplayTimeZone::Auto),
                dc,
                to_string_rounding(ToStringParts { precision, mode }, smallest),
            )
            .js(vm)?;
        Ok(vm.new_string(&s))
    });
    vm.define_method(proto, "toJSON", 0, |vm, t, _, _| default_string(vm, t));
    vm.define_method(proto, "toLocaleString", 0, |vm, t, _, _| {
        default_string(vm, t)
    });
    vm.define_method(proto, "startOfDay", 0, |vm, t, _, _| {
        let z = this_zoned_date_time(vm, t)?;
        let r = z.start_of_day().js(vm)?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(r)))
    });
    vm.define_method(proto, "getTimeZoneTransition", 1, |vm, t, a, _| {
        let z = this_zoned_date_time(vm, t)?;
        let o = round_to_object_keyed(vm, arg(a, 0), "direction")?;
        let dir = match get_string_option(vm, Some(o), "direction")?.as_deref() {
            Some("next") => TransitionDirection::Next,
            Some("previous") => TransitionDirection::Previous,
            Some(s) => return vm.throw_range(&format!("{s} is not a valid value for direction")),
            None => return vm.throw_range("direction is required"),
        };
        match z.get_time_zone_transition(dir).js(vm)? {
            Some(r) => Ok(wrap(vm, TemporalValue::ZonedDateTime(r))),
            None => Ok(Value::NULL),
        }
    });
    vm.define_method(proto, "toInstant", 0, |vm, t, _, _| {
        let z = this_zoned_date_time(vm, t)?;
        Ok(wrap(vm, TemporalValue::Instant(z.to_instant())))
    });
    vm.define_method(proto, "toPlainDate", 0, |vm, t, _, _| {
        let z = this_zoned_date_time(vm, t)?;
        Ok(wrap(vm, TemporalValue::PlainDate(z.to_plain_date())))
    });
    vm.define_method(proto, "toPlainTime", 0, |vm, t, _, _| {
        let z = this_zoned_date_time(vm, t)?;
        Ok(wrap(vm, TemporalValue::PlainTime(z.to_plain_time())))
    });
    vm.define_method(proto, "toPlainDateTime", 0, |vm, t, _, _| {
        let z = this_zoned_date_time(vm, t)?;
        Ok(wrap(
            vm,
            TemporalValue::PlainDateTime(z.to_plain_date_time()),
        ))
    });
}

fn default_string(vm: &mut Vm, t: Value) -> JsResult<Value> {
    let z = this_zoned_date_time(vm, t)?;
    let s = z
        .to_ixdtf_string(
            DisplayOffset::Auto,
            DisplayTimeZone::Auto,
            DisplayCalendar::Auto,
            ToStringRoundingOptions::default(),
        )
        .js(vm)?;
    Ok(vm.new_string(&s))
}

fn zoned_date_time_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    require_new(vm, nt, "ZonedDateTime")?;
    let n = super::instant::epoch_ns_arg(vm, arg(a, 0))?;
    if !(-8_640_000_000_000_000_000_000i128..=8_640_000_000_000_000_000_000i128).contains(&n) {
        return vm.throw_range("epochNanoseconds out of range");
    }
    let tzv = arg(a, 1);
    if !tzv.is_string() {
        return vm.throw_type("time zone must be a string");
    }
    let s = vm.string_lossy(tzv);
    let tz = TimeZone::try_from_identifier_str(&s).js(vm)?;
    let cal = calendar_ctor_arg(vm, arg(a, 2))?;
    let z = ZonedDateTime::try_new(n, tz, cal).js(vm)?;
    let fallback = vm.realm.temporal_zoned_date_time_proto;
    construct(vm, nt, fallback, TemporalValue::ZonedDateTime(z))
}

/// Reads disambiguation, offset and overflow (in that order).
fn zdt_options(
    vm: &mut Vm,
    options: Value,
    offset_default: OffsetDisambiguation,
) -> JsResult<(Disambiguation, OffsetDisambiguation, Option<Overflow>)> {
    let o = get_options_object(vm, options)?;
    let dis: Option<Disambiguation> = get_enum_option(vm, o, "disambiguation")?;
    let off: Option<OffsetDisambiguation> = get_enum_option(vm, o, "offset")?;
    let overflow = get_overflow(vm, o)?;
    Ok((
        dis.unwrap_or(Disambiguation::Compatible),
        off.unwrap_or(offset_default),
        overflow,
    ))
}

/// ToTemporalZonedDateTime(item, options).
pub(crate) fn to_zoned_date_time(
    vm: &mut Vm,
    item: Value,
    options: Value,
) -> JsResult<ZonedDateTime> {
    if item.is_object() {
        if let Some(TemporalValue::ZonedDateTime(z)) = temporal_of(vm, item) {
            let z = z.clone();
            zdt_options(vm, options, OffsetDisambiguation::Reject)?;
            return Ok(z);
        }
        let cal = calendar_with_iso_default(vm, item)?;
        let f = prepare_fields(
            vm,
            item,
            &cal,
            F_DATE | F_TIME | F_OFFSET | F_TIME_ZONE,
            F_TIME_ZONE,
            false,
        )?;
        let (dis, off, overflow) = zdt_options(vm, options, OffsetDisambiguation::Reject)?;
        let cf = f.calendar_fields(vm)?;
        let time = f.partial_time(vm, overflow)?;
        let mut p = PartialZonedDateTime::new()
            .with_calendar_fields(cf)
            .with_time(time)
            .with_timezone(f.time_zone);
        p.fields.offset = f.offset;
        p.calendar = cal;
        return ZonedDateTime::from_partial(p, overflow, Some(dis), Some(off)).js(vm);
    }
    let s = require_string(vm, item)?;
    let parsed =
        temporal_rs::parsed_intermediates::ParsedZonedDateTime::from_utf8(s.as_bytes()).js(vm)?;
    let (dis, off, _) = zdt_options(vm, options, OffsetDisambiguation::Reject)?;
    ZonedDateTime::from_parsed(parsed, dis, off).js(vm)
}

fn add_sub(vm: &mut Vm, t: Value, a: &[Value], subtract: bool) -> JsResult<Value> {
    let z = this_zoned_date_time(vm, t)?;
    let dur = super::duration::to_duration(vm, arg(a, 0))?;
    let overflow = overflow_from_options(vm, arg(a, 1))?;
    let r = if subtract {
        z.subtract(&dur, overflow)
    } else {
        z.add(&dur, overflow)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::ZonedDateTime(r)))
}

fn diff(vm: &mut Vm, t: Value, a: &[Value], since: bool) -> JsResult<Value> {
    let z = this_zoned_date_time(vm, t)?;
    let other = to_zoned_date_time(vm, arg(a, 0), Value::UNDEFINED)?;
    let s = get_difference_settings(vm, arg(a, 1))?;
    let r = if since {
        z.since(&other, s)
    } else {
        z.until(&other, s)
    }
    .js(vm)?;
    Ok(wrap(vm, TemporalValue::Duration(r)))
}
