//! Temporal (TC39 proposal, stage 3): the `Temporal` namespace and the glue
//! shared by its types. Calendar and time-zone arithmetic come from the
//! `temporal_rs` crate (with its compiled-in tz database, so no host files are
//! read); this module does the JavaScript side: property-bag reads in spec
//! order, option parsing, conversions and error mapping.
//!
//! Each Temporal object is an `ObjectKind::Temporal(Box<TemporalValue>)`.

pub mod duration;
pub mod instant;
pub mod now;
pub mod plain_date;
pub mod plain_date_time;
pub mod plain_month_day;
pub mod plain_time;
pub mod plain_year_month;
pub mod zoned_date_time;

use crate::object::{JsObject, NativeFn, ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{ObjId, Value};
use crate::{JsResult, Vm};
use std::str::FromStr;
use temporal_rs::error::ErrorKind;
use temporal_rs::fields::CalendarFields;
use temporal_rs::options::{
    DifferenceSettings, DisplayCalendar, DisplayOffset, DisplayTimeZone, Overflow, RoundingIncrement, RoundingMode,
    RoundingOptions, ToStringRoundingOptions, Unit,
};
use temporal_rs::parsers::Precision;
use temporal_rs::partial::PartialTime;
use temporal_rs::{
    Calendar, Duration, Instant, MonthCode, PlainDate, PlainDateTime, PlainMonthDay, PlainTime,
    PlainYearMonth, TemporalError, TimeZone, TinyAsciiStr, UtcOffset, ZonedDateTime,
};

/// The internal slots of a Temporal object.
#[derive(Clone, Debug)]
pub enum TemporalValue {
    Instant(Instant),
    PlainDate(PlainDate),
    PlainTime(PlainTime),
    PlainDateTime(PlainDateTime),
    PlainYearMonth(PlainYearMonth),
    PlainMonthDay(PlainMonthDay),
    ZonedDateTime(ZonedDateTime),
    Duration(Duration),
}

pub fn init(vm: &mut Vm) {
    let temporal = vm.new_object();
    let tag = vm.realm.sym.to_string_tag;
    let s = vm.new_string("Temporal");
    vm.put(temporal, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    duration::init(vm, temporal);
    instant::init(vm, temporal);
    plain_date::init(vm, temporal);
    plain_date_time::init(vm, temporal);
    plain_month_day::init(vm, temporal);
    plain_time::init(vm, temporal);
    plain_year_month::init(vm, temporal);
    zoned_date_time::init(vm, temporal);
    now::init(vm, temporal);
    vm.define_global("Temporal", Value::object(temporal));
}

// ----- objects ---------------------------------------------------------------------

/// The Temporal slots of `v`, if it is a Temporal object.
pub(crate) fn temporal_of(vm: &Vm, v: Value) -> Option<&TemporalValue> {
    match &vm.obj(v.as_object()?).kind {
        ObjectKind::Temporal(t) => Some(t),
        _ => None,
    }
}

macro_rules! slot_reader {
    ($name:ident, $variant:ident, $ty:ty, $label:literal) => {
        pub(crate) fn $name(vm: &mut Vm, v: Value) -> JsResult<$ty> {
            match temporal_of(vm, v) {
                Some(TemporalValue::$variant(x)) => Ok(x.clone()),
                _ => vm.throw_type(concat!("receiver is not a Temporal.", $label)),
            }
        }
    };
}
slot_reader!(this_instant, Instant, Instant, "Instant");
slot_reader!(this_plain_date, PlainDate, PlainDate, "PlainDate");
slot_reader!(this_plain_time, PlainTime, PlainTime, "PlainTime");
slot_reader!(
    this_plain_date_time,
    PlainDateTime,
    PlainDateTime,
    "PlainDateTime"
);
slot_reader!(
    this_plain_year_month,
    PlainYearMonth,
    PlainYearMonth,
    "PlainYearMonth"
);
slot_reader!(
    this_plain_month_day,
    PlainMonthDay,
    PlainMonthDay,
    "PlainMonthDay"
);
slot_reader!(
    this_zoned_date_time,
    ZonedDateTime,
    ZonedDateTime,
    "ZonedDateTime"
);
slot_reader!(this_duration, Duration, Duration, "Duration");

/// Allocates a Temporal object with the given prototype.
pub(crate) fn create_with_proto(vm: &mut Vm, t: TemporalValue, proto: Value) -> Value {
    Value::object(vm.alloc(JsObject::new(proto, ObjectKind::Temporal(Box::new(t)))))
}

/// Allocates a Temporal object with its intrinsic prototype.
pub(crate) fn wrap(vm: &mut Vm, t: TemporalValue) -> Value {
    let r = &vm.realm;
    let proto = match &t {
        TemporalValue::Instant(_) => r.temporal_instant_proto,
        TemporalValue::PlainDate(_) => r.temporal_plain_date_proto,
        TemporalValue::PlainTime(_) => r.temporal_plain_time_proto,
        TemporalValue::PlainDateTime(_) => r.temporal_plain_date_time_proto,
        TemporalValue::PlainYearMonth(_) => r.temporal_plain_year_month_proto,
        TemporalValue::PlainMonthDay(_) => r.temporal_plain_month_day_proto,
        TemporalValue::ZonedDateTime(_) => r.temporal_zoned_date_time_proto,
        TemporalValue::Duration(_) => r.temporal_duration_proto,
    };
    create_with_proto(vm, t, Value::object(proto))
}

/// Constructor epilogue: `new` is required; allocates from newTarget's prototype.
pub(crate) fn construct(
    vm: &mut Vm,
    new_target: Value,
    fallback: ObjId,
    t: TemporalValue,
) -> JsResult<Value> {
    let proto = vm.proto_from_ctor(new_target, fallback)?;
    Ok(create_with_proto(vm, t, proto))
}

pub(crate) fn require_new(vm: &mut Vm, new_target: Value, name: &str) -> JsResult<()> {
    if new_target.is_undefined() {
        return vm.throw_type(&format!("Constructor Temporal.{name} requires 'new'"));
    }
    Ok(())
}

/// Creates the prototype and constructor of a Temporal type and links them
/// into the namespace object.
pub(crate) fn new_type(
    vm: &mut Vm,
    ns: ObjId,
    name: &str,
    length: u32,
    ctor: NativeFn,
) -> (ObjId, ObjId) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_object_with_proto(op);
    let c = vm.new_constructor(name, length, ctor, proto);
    let tag = vm.realm.sym.to_string_tag;
    let s = vm.new_string(&format!("Temporal.{name}"));
    vm.put(proto, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.put_str(ns, name, Value::object(c), attrs::HIDDEN);
    vm.define_method(proto, "valueOf", 0, |vm, _, _, _| {
        vm.throw_type(
            "Temporal objects cannot be converted to primitives; use compare() or equals()",
        )
    });
    (proto, c)
}

// ----- errors ----------------------------------------------------------------------

/// Maps a `temporal_rs` error to the JavaScript error the spec requires.
pub(crate) fn throw_err(vm: &mut Vm, e: TemporalError) -> Value {
    let kind = e.kind();
    let msg = e.into_message();
    match kind {
        ErrorKind::Type => vm.type_error(msg),
        _ => vm.range_error(msg),
    }
}

pub(crate) trait OrThrow<T> {
    fn js(self, vm: &mut Vm) -> JsResult<T>;
}

impl<T> OrThrow<T> for Result<T, TemporalError> {
    fn js(self, vm: &mut Vm) -> JsResult<T> {
        self.map_err(|e| throw_err(vm, e))
    }
}

// ----- numbers -----------------------------------------------------------------------

/// ToIntegerWithTruncation: ToNumber, RangeError for NaN/±∞, truncate.
pub(crate) fn to_integer_with_truncation(vm: &mut Vm, v: Value) -> JsResult<f64> {
    let n = vm.to_number(v)?;
    if !n.is_finite() {
        return vm.throw_range("value must be a finite number");
    }
    Ok(n.trunc() + 0.0)
}

/// ToPositiveIntegerWithTruncation.
pub(crate) fn to_positive_integer_with_truncation(vm: &mut Vm, v: Value) -> JsResult<f64> {
    let n = to_integer_with_truncation(vm, v)?;
    if n <= 0.0 {
        return vm.throw_range("value must be a positive integer");
    }
    Ok(n)
}

/// ToIntegerIfIntegral: RangeError unless an integral Number.
pub(crate) fn to_integer_if_integral(vm: &mut Vm, v: Value) -> JsResult<f64> {
    let n = vm.to_number(v)?;
    if !n.is_finite() || n.trunc() != n {
        return vm.throw_range("value must be an integer");
    }
    Ok(n + 0.0)
}

pub(crate) fn clamp_i32(n: f64) -> i32 {
    n.clamp(i32::MIN as f64, i32::MAX as f64) as i32
}

/// A Number value for an integer from temporal_rs.
pub(crate) fn num<T: Into<f64>>(n: T) -> Value {
    Value::number(n.into())
}

pub(crate) fn new_bigint_i128(vm: &mut Vm, n: i128) -> Value {
    vm.new_bigint(num_bigint::BigInt::from(n))
}

// ----- options -----------------------------------------------------------------------

/// GetOptionsObject: undefined → none; objects pass; anything else is a TypeError.
pub(crate) fn get_options_object(vm: &mut Vm, v: Value) -> JsResult<Option<ObjId>> {
    if v.is_undefined() {
        return Ok(None);
    }
    match v.as_object() {
        Some(o) => Ok(Some(o)),
        None => vm.throw_type("options must be an object or undefined"),
    }
}

/// Get(options, name) then ToString, or None when absent/undefined.
pub(crate) fn get_string_option(
    vm: &mut Vm,
    opts: Option<ObjId>,
    name: &str,
) -> JsResult<Option<String>> {
    let Some(o) = opts else { return Ok(None) };
    let v = vm.get_str(Value::object(o), name)?;
    if v.is_undefined() {
        return Ok(None);
    }
    Ok(Some(vm.to_rust_string(v)?))
}

/// A string-valued option parsed with `FromStr` (RangeError for other values).
pub(crate) fn get_enum_option<T: FromStr>(
    vm: &mut Vm,
    opts: Option<ObjId>,
    name: &str,
) -> JsResult<Option<T>> {
    match get_string_option(vm, opts, name)? {
        None => Ok(None),
        Some(s) => match s.parse::<T>() {
            Ok(t) => Ok(Some(t)),
            Err(_) => vm.throw_range(&format!("{s} is not a valid value for {name}")),
        },
    }
}

pub(crate) fn get_overflow(vm: &mut Vm, opts: Option<ObjId>) -> JsResult<Option<Overflow>> {
    get_enum_option(vm, opts, "overflow")
}

/// GetOptionsObject + GetTemporalOverflowOption.
pub(crate) fn overflow_from_options(vm: &mut Vm, options: Value) -> JsResult<Option<Overflow>> {
    let o = get_options_object(vm, options)?;
    get_overflow(vm, o)
}

pub(crate) fn get_calendar_name_option(
    vm: &mut Vm,
    opts: Option<ObjId>,
) -> JsResult<DisplayCalendar> {
    Ok(get_enum_option(vm, opts, "calendarName")?.unwrap_or(DisplayCalendar::Auto))
}

/// A unit-valued option (`largestUnit`, `smallestUnit`, `unit`).
pub(crate) fn get_unit_option(
    vm: &mut Vm,
    opts: Option<ObjId>,
    name: &str,
    allow_auto: bool,
) -> JsResult<Option<Unit>> {
    let u: Option<Unit> = get_enum_option(vm, opts, name)?;
    if u == Some(Unit::Auto) && !allow_auto {
        return vm.throw_range(&format!("auto is not a valid value for {name}"));
    }
    Ok(u)
}

pub(crate) fn get_rounding_increment(
    vm: &mut Vm,
    opts: Option<ObjId>,
) -> JsResult<Option<RoundingIncrement>> {
    let Some(o) = opts else { return Ok(None) };
    let v = vm.get_str(Value::object(o), "roundingIncrement")?;
    if v.is_undefined() {
        return Ok(None);
    }
    let n = to_integer_with_truncation(vm, v)?;
    if !(1.0..=1e9).contains(&n) {
        return vm.throw_range("roundingIncrement must be between 1 and 1e9");
    }
    RoundingIncrement::try_new(n as u32).js(vm).map(Some)
}

pub(crate) fn get_rounding_mode(
    vm: &mut Vm,
    opts: Option<ObjId>,
) -> JsResult<Option<RoundingMode>> {
    get_enum_option(vm, opts, "roundingMode")
}

/// GetDifferenceSettings's option reads (largestUnit, roundingIncrement,
/// roundingMode, smallestUnit); unit-group validation is temporal_rs's.
pub(crate) fn get_difference_settings(vm: &mut Vm, options: Value) -> JsResult<DifferenceSettings> {
    let o = get_options_object(vm, options)?;
    let largest_unit = get_unit_option(vm, o, "largestUnit", true)?;
    let increment = get_rounding_increment(vm, o)?;
    let rounding_mode = get_rounding_mode(vm, o)?;
    let smallest_unit = get_unit_option(vm, o, "smallestUnit", false)?;
    let mut s = DifferenceSettings::default();
    s.largest_unit = largest_unit;
    s.smallest_unit = smallest_unit;
    s.rounding_mode = rounding_mode;
    s.increment = increment;
    Ok(s)
}

/// The `roundTo` argument of `round()`: a string is shorthand for
/// `{ smallestUnit }`; reads roundingIncrement, roundingMode, smallestUnit.
pub(crate) fn get_round_to(vm: &mut Vm, round_to: Value) -> JsResult<RoundingOptions> {
    let o = round_to_object(vm, round_to)?;
    let increment = get_rounding_increment(vm, Some(o))?;
    let rounding_mode = get_rounding_mode(vm, Some(o))?;
    let smallest_unit = get_unit_option(vm, Some(o), "smallestUnit", false)?;
    if smallest_unit.is_none() {
        return vm.throw_range("smallestUnit is required");
    }
    let mut r = RoundingOptions::default();
    r.smallest_unit = smallest_unit;
    r.rounding_mode = rounding_mode;
    r.increment = increment;
    Ok(r)
}

/// The options object for `round(roundTo)` / `total(totalOf)`, wrapping a
/// string as `{ [key]: string }`.
pub(crate) fn round_to_object_keyed(vm: &mut Vm, round_to: Value, key: &str) -> JsResult<ObjId> {
    if round_to.is_undefined() {
        return vm.throw_type("options argument is required");
    }
    if round_to.is_string() {
        let o = vm.new_object_with_proto(Value::NULL);
        vm.root(Value::object(o));
        vm.put_str(o, key, round_to, attrs::DEFAULT);
        return Ok(o);
    }
    match get_options_object(vm, round_to)? {
        Some(o) => Ok(o),
        None => vm.throw_type("options argument is required"),
    }
}

pub(crate) fn round_to_object(vm: &mut Vm, round_to: Value) -> JsResult<ObjId> {
    round_to_object_keyed(vm, round_to, "smallestUnit")
}

/// toString options with fractionalSecondDigits/roundingMode/smallestUnit
/// (GetTemporalFractionalSecondDigitsOption et al.), read after `before`.
pub(crate) fn get_fractional_second_digits(
    vm: &mut Vm,
    opts: Option<ObjId>,
) -> JsResult<Precision> {
    let Some(o) = opts else {
        return Ok(Precision::Auto);
    };
    let v = vm.get_str(Value::object(o), "fractionalSecondDigits")?;
    if v.is_undefined() {
        return Ok(Precision::Auto);
    }
    if !v.is_number() {
        let s = vm.to_rust_string(v)?;
        if s != "auto" {
            return vm.throw_range(&format!(
                "{s} is not a valid value for fractionalSecondDigits"
            ));
        }
        return Ok(Precision::Auto);
    }
    let n = v.as_number().unwrap_or(f64::NAN);
    if !n.is_finite() {
        return vm.throw_range("fractionalSecondDigits must be finite");
    }
    let d = n.floor();
    if !(0.0..=9.0).contains(&d) {
        return vm.throw_range("fractionalSecondDigits must be between 0 and 9");
    }
    Ok(Precision::Digit(d as u8))
}

/// The rounding half of a toString options bag: fractionalSecondDigits,
/// roundingMode, then smallestUnit (other options interleave by the caller).
pub(crate) struct ToStringParts {
    pub precision: Precision,
    pub mode: Option<RoundingMode>,
}

pub(crate) fn to_string_rounding(
    parts: ToStringParts,
    smallest: Option<Unit>,
) -> ToStringRoundingOptions {
    ToStringRoundingOptions {
        precision: parts.precision,
        smallest_unit: smallest,
        rounding_mode: parts.mode,
    }
}

/// Reads a toString `smallestUnit` (validated later by `check_to_string_unit`,
/// after every option has been read).
pub(crate) fn get_to_string_smallest_unit(
    vm: &mut Vm,
    opts: Option<ObjId>,
) -> JsResult<Option<Unit>> {
    get_enum_option(vm, opts, "smallestUnit")
}

pub(crate) fn check_to_string_unit(vm: &mut Vm, u: Option<Unit>) -> JsResult<Option<Unit>> {
    if let Some(u) = u {
        if !matches!(
            u,
            Unit::Minute | Unit::Second | Unit::Millisecond | Unit::Microsecond | Unit::Nanosecond
        ) {
            return vm.throw_range("smallestUnit must be a time unit smaller than hour");
        }
    }
    Ok(u)
}

// ----- calendars and time zones ------------------------------------------------------------

/// The calendar of a Temporal object that has one.
pub(crate) fn calendar_slot(vm: &Vm, v: Value) -> Option<Calendar> {
    Some(match temporal_of(vm, v)? {
        TemporalValue::PlainDate(d) => d.calendar().clone(),
        TemporalValue::PlainDateTime(d) => d.calendar().clone(),
        TemporalValue::PlainYearMonth(d) => d.calendar().clone(),
        TemporalValue::PlainMonthDay(d) => d.calendar().clone(),
        TemporalValue::ZonedDateTime(d) => d.calendar().clone(),
        _ => return None,
    })
}

/// ToTemporalCalendarIdentifier.
pub(crate) fn to_calendar(vm: &mut Vm, v: Value) -> JsResult<Calendar> {
    if let Some(c) = calendar_slot(vm, v) {
        return Ok(c);
    }
    if !v.is_string() {
        return vm.throw_type("calendar must be a string");
    }
    let s = vm.string_lossy(v);
    parse_calendar(vm, &s)
}

pub(crate) fn parse_calendar(vm: &mut Vm, s: &str) -> JsResult<Calendar> {
    let id: &[u8] = match temporal_rs::parsers::parse_allowed_calendar_formats(s.as_bytes()) {
        Some([]) => b"iso8601",
        Some(a) => a,
        None => s.as_bytes(),
    };
    if id.is_empty() || !id.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-') {
        return vm.throw_range(&format!("unknown calendar {s}"));
    }
    Calendar::try_from_utf8(id).js(vm)
}

/// GetTemporalCalendarIdentifierWithISODefault(item).
pub(crate) fn calendar_with_iso_default(vm: &mut Vm, item: Value) -> JsResult<Calendar> {
    if let Some(c) = calendar_slot(vm, item) {
        return Ok(c);
    }
    let c = vm.get_str(item, "calendar")?;
    if c.is_undefined() {
        return Ok(Calendar::default());
    }
    to_calendar(vm, c)
}

/// ToTemporalTimeZoneIdentifier.
pub(crate) fn to_time_zone(vm: &mut Vm, v: Value) -> JsResult<TimeZone> {
    if let Some(TemporalValue::ZonedDateTime(z)) = temporal_of(vm, v) {
        return Ok(*z.time_zone());
    }
    if !v.is_string() {
        return vm.throw_type("time zone must be a string");
    }
    let s = vm.string_lossy(v);
    TimeZone::try_from_str(&s).js(vm)
}

pub(crate) fn time_zone_id(vm: &mut Vm, tz: &TimeZone) -> JsResult<Value> {
    let s = tz.identifier().js(vm)?;
    Ok(vm.new_string(&s))
}

/// IsPartialTemporalObject: an object that is not a Temporal value and has
/// no `calendar` / `timeZone` properties.
pub(crate) fn check_partial_object(vm: &mut Vm, v: Value) -> JsResult<()> {
    if !v.is_object() {
        return vm.throw_type("argument must be an object");
    }
    if temporal_of(vm, v)
        .is_some_and(|t| !matches!(t, TemporalValue::Duration(_) | TemporalValue::Instant(_)))
    {
        return vm.throw_type("argument must be a plain object, not a Temporal object");
    }
    let c = vm.get_str(v, "calendar")?;
    if !c.is_undefined() {
        return vm.throw_type("argument must not have a calendar property");
    }
    let t = vm.get_str(v, "timeZone")?;
    if !t.is_undefined() {
        return vm.throw_type("argument must not have a timeZone property");
    }
    Ok(())
}

/// The argument as a string for parsing (TypeError unless a String).
pub(crate) fn require_string(vm: &mut Vm, v: Value) -> JsResult<String> {
    if !v.is_string() {
        return vm.throw_type("argument must be a string or an object");
    }
    Ok(vm.string_lossy(v))
}

// ----- property bags -----------------------------------------------------------------------

pub(crate) const F_YEAR: u32 = 1;
pub(crate) const F_MONTH: u32 = 2;
pub(crate) const F_MONTH_CODE: u32 = 4;
pub(crate) const F_DAY: u32 = 8;
pub(crate) const F_TIME: u32 = 16;
pub(crate) const F_OFFSET: u32 = 32;
pub(crate) const F_TIME_ZONE: u32 = 64;
pub(crate) const F_DATE: u32 = F_YEAR | F_MONTH | F_MONTH_CODE | F_DAY;

/// Fields read from a property bag (PrepareCalendarFields).
#[derive(Default)]
pub(crate) struct Fields {
    pub year: Option<f64>,
    pub month: Option<f64>,
    pub month_code: Option<MonthCode>,
    pub day: Option<f64>,
    pub era: Option<String>,
    pub era_year: Option<f64>,
    pub hour: Option<f64>,
    pub minute: Option<f64>,
    pub second: Option<f64>,
    pub millisecond: Option<f64>,
    pub microsecond: Option<f64>,
    pub nanosecond: Option<f64>,
    pub offset: Option<UtcOffset>,
    pub time_zone: Option<TimeZone>,
    pub any: bool,
}

/// Whether `calendar` has eras (and so reads `era` / `eraYear`).
pub(crate) fn calendar_has_eras(c: &Calendar) -> bool {
    !matches!(c.identifier(), "iso8601" | "chinese" | "dangi")
}

/// PrepareCalendarFields: reads the fields in `mask` from `bag` in
/// alphabetical order, converting each right after its Get. `required`
/// fields throw a TypeError when undefined; `partial` requires at least one.
pub(crate) fn prepare_fields(
    vm: &mut Vm,
    bag: Value,
    cal: &Calendar,
    mask: u32,
    required: u32,
    partial: bool,
) -> JsResult<Fields> {
    let mut f = Fields::default();
    let eras = calendar_has_eras(cal) && mask & F_YEAR != 0;
    let time = mask & F_TIME != 0;
    // Alphabetical: day, era, eraYear, hour, microsecond, millisecond, minute,
    // month, monthCode, nanosecond, offset, second, timeZone, year.
    if mask & F_DAY != 0 {
        f.day = read_num(vm, bag, "day", &mut f.any, true)?;
    }
    if eras {
        let v = vm.get_str(bag, "era")?;
        if !v.is_undefined() {
            f.any = true;
            f.era = Some(vm.to_rust_string(v)?);
        }
        f.era_year = read_num(vm, bag, "eraYear", &mut f.any, false)?;
    }
    if time {
        f.hour = read_num(vm, bag, "hour", &mut f.any, false)?;
        f.microsecond = read_num(vm, bag, "microsecond", &mut f.any, false)?;
        f.millisecond = read_num(vm, bag, "millisecond", &mut f.any, false)?;
        f.minute = read_num(vm, bag, "minute", &mut f.any, false)?;
    }
    if mask & F_MONTH != 0 {
        f.month = read_num(vm, bag, "month", &mut f.any, true)?;
    }
    if mask & F_MONTH_CODE != 0 {
        let v = vm.get_str(bag, "monthCode")?;
        if !v.is_undefined() {
            f.any = true;
            let p = vm.to_primitive(v, "string")?;
            if !p.is_string() {
                return vm.throw_type("monthCode must be a string");
            }
            let s = vm.string_lossy(p);
            f.month_code = Some(MonthCode::try_from_utf8(s.as_bytes()).js(vm)?);
        }
    }
    if time {
        f.nanosecond = read_num(vm, bag, "nanosecond", &mut f.any, false)?;
    }
    if mask & F_OFFSET != 0 {
        let v = vm.get_str(bag, "offset")?;
        if !v.is_undefined() {
            f.any = true;
            let p = vm.to_primitive(v, "string")?;
            if !p.is_string() {
                return vm.throw_type("offset must be a string");
            }
            let s = vm.string_lossy(p);
            f.offset = Some(UtcOffset::from_utf8(s.as_bytes()).js(vm)?);
        }
    }
    if time {
        f.second = read_num(vm, bag, "second", &mut f.any, false)?;
    }
    if mask & F_TIME_ZONE != 0 {
        let v = vm.get_str(bag, "timeZone")?;
        if v.is_undefined() {
            if required & F_TIME_ZONE != 0 {
                return vm.throw_type("timeZone is required");
            }
        } else {
            f.any = true;
            f.time_zone = Some(to_time_zone(vm, v)?);
        }
    }
    if mask & F_YEAR != 0 {
        f.year = read_num(vm, bag, "year", &mut f.any, false)?;
    }
    if partial && !f.any {
        return vm.throw_type("object must have at least one recognised property");
    }
    Ok(f)
}

fn read_num(
    vm: &mut Vm,
    bag: Value,
    name: &str,
    any: &mut bool,
    positive: bool,
) -> JsResult<Option<f64>> {
    let v = vm.get_str(bag, name)?;
    if v.is_undefined() {
        return Ok(None);
    }
    *any = true;
    let n = if positive {
        to_positive_integer_with_truncation(vm, v)?
    } else {
        to_integer_with_truncation(vm, v)?
    };
    Ok(Some(n))
}

/// A field value narrowed to the library's integer type: out-of-range values
/// clamp (`constrain`) or throw (`reject`) as the spec's regulation would.
fn narrow(vm: &mut Vm, v: Option<f64>, max: f64, reject: bool) -> JsResult<Option<f64>> {
    match v {
        Some(n) if n < 0.0 => {
            if reject {
                vm.throw_range("time field out of range")
            } else {
                Ok(Some(0.0))
            }
        }
        Some(n) if n > max => Ok(Some(max)),
        other => Ok(other),
    }
}

impl Fields {
    pub(crate) fn calendar_fields(&self, vm: &mut Vm) -> JsResult<CalendarFields> {
        let era = match &self.era {
            Some(e) => match TinyAsciiStr::<19>::try_from_str(e) {
                Ok(t) => Some(t),
                Err(_) => return vm.throw_range(&format!("invalid era {e}")),
            },
            None => None,
        };
        Ok(CalendarFields {
            year: self.year.map(clamp_i32),
            month: self.month.map(|m| m.min(255.0) as u8),
            month_code: self.month_code,
            day: self.day.map(|d| d.min(255.0) as u8),
            era,
            era_year: self.era_year.map(clamp_i32),
        })
    }

    pub(crate) fn partial_time(
        &self,
        vm: &mut Vm,
        overflow: Option<Overflow>,
    ) -> JsResult<PartialTime> {
        let reject = overflow == Some(Overflow::Reject);
        let h = narrow(vm, self.hour, 255.0, reject)?;
        let mi = narrow(vm, self.minute, 255.0, reject)?;
        let s = narrow(vm, self.second, 255.0, reject)?;
        let ms = narrow(vm, self.millisecond, 65535.0, reject)?;
        let us = narrow(vm, self.microsecond, 65535.0, reject)?;
        let ns = narrow(vm, self.nanosecond, 65535.0, reject)?;
        Ok(PartialTime {
            hour: h.map(|v| v as u8),
            minute: mi.map(|v| v as u8),
            second: s.map(|v| v as u8),
            millisecond: ms.map(|v| v as u16),
            microsecond: us.map(|v| v as u16),
            nanosecond: ns.map(|v| v as u16),
        })
    }
}

/// ToTemporalTimeRecord(bag): the six time fields, alphabetical; at least one.
pub(crate) fn to_time_record(vm: &mut Vm, bag: Value) -> JsResult<Fields> {
    prepare_fields(vm, bag, &Calendar::default(), F_TIME, 0, true)
}

/// The calendar getters shared by PlainDate, PlainDateTime and ZonedDateTime.
macro_rules! date_getters {
    ($vm:expr, $proto:expr, $this:ident) => {
        $crate::builtins::temporal::getters(
            $vm,
            $proto,
            &[
                ("calendarId", |vm, t, _, _| {
                    let d = $this(vm, t)?;
                    Ok(vm.new_string(d.calendar().identifier()))
                }),
                ("era", |vm, t, _, _| {
                    let d = $this(vm, t)?;
                    Ok(opt_era(vm, d.era()))
                }),
                ("eraYear", |vm, t, _, _| {
                    Ok(opt_num($this(vm, t)?.era_year()))
                }),
                ("year", |vm, t, _, _| Ok(num($this(vm, t)?.year()))),
                ("month", |vm, t, _, _| Ok(num($this(vm, t)?.month()))),
                ("monthCode", |vm, t, _, _| {
                    let d = $this(vm, t)?;
                    Ok(vm.new_string(d.month_code().as_str()))
                }),
                ("day", |vm, t, _, _| Ok(num($this(vm, t)?.day()))),
                ("dayOfWeek", |vm, t, _, _| {
                    Ok(num($this(vm, t)?.day_of_week()))
                }),
                ("dayOfYear", |vm, t, _, _| {
                    Ok(num($this(vm, t)?.day_of_year()))
                }),
                ("weekOfYear", |vm, t, _, _| {
                    Ok(opt_num($this(vm, t)?.week_of_year()))
                }),
                ("yearOfWeek", |vm, t, _, _| {
                    Ok(opt_num($this(vm, t)?.year_of_week()))
                }),
                ("daysInWeek", |vm, t, _, _| {
                    Ok(num($this(vm, t)?.days_in_week()))
                }),
                ("daysInMonth", |vm, t, _, _| {
                    Ok(num($this(vm, t)?.days_in_month()))
                }),
                ("daysInYear", |vm, t, _, _| {
                    Ok(num($this(vm, t)?.days_in_year()))
                }),
                ("monthsInYear", |vm, t, _, _| {
                    Ok(num($this(vm, t)?.months_in_year()))
                }),
                ("inLeapYear", |vm, t, _, _| {
                    Ok(Value::bool($this(vm, t)?.in_leap_year()))
                }),
            ],
        )
    };
}
pub(crate) use date_getters;

/// The time getters shared by PlainTime, PlainDateTime and ZonedDateTime.
macro_rules! time_getters {
    ($vm:expr, $proto:expr, $this:ident) => {
        $crate::builtins::temporal::getters(
            $vm,
            $proto,
            &[
                ("hour", |vm, t, _, _| Ok(num($this(vm, t)?.hour()))),
                ("minute", |vm, t, _, _| Ok(num($this(vm, t)?.minute()))),
                ("second", |vm, t, _, _| Ok(num($this(vm, t)?.second()))),
                ("millisecond", |vm, t, _, _| {
                    Ok(num($this(vm, t)?.millisecond()))
                }),
                ("microsecond", |vm, t, _, _| {
                    Ok(num($this(vm, t)?.microsecond()))
                }),
                ("nanosecond", |vm, t, _, _| {
                    Ok(num($this(vm, t)?.nanosecond()))
                }),
            ],
        )
    };
}
pub(crate) use time_getters;

/// The `calendar` constructor argument: undefined → ISO, else a calendar
/// identifier string (not an ISO string, not an object).
pub(crate) fn calendar_ctor_arg(vm: &mut Vm, v: Value) -> JsResult<Calendar> {
    if v.is_undefined() {
        return Ok(Calendar::default());
    }
    if !v.is_string() {
        return vm.throw_type("calendar must be a string");
    }
    let s = vm.string_lossy(v);
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return vm.throw_range(&format!("unknown calendar {s}"));
    }
    Calendar::try_from_utf8(s.as_bytes()).js(vm)
}

/// A constructor's integer argument (ToIntegerWithTruncation; undefined → 0
/// for optional ones), clamped into the library's type range.
pub(crate) fn int_arg(vm: &mut Vm, v: Value) -> JsResult<f64> {
    to_integer_with_truncation(vm, v)
}

pub(crate) fn int_arg_or_zero(vm: &mut Vm, v: Value) -> JsResult<f64> {
    if v.is_undefined() {
        return Ok(0.0);
    }
    to_integer_with_truncation(vm, v)
}

/// Narrows a constructor argument; negative values become the (invalid)
/// maximum so that validation rejects them.
pub(crate) fn clamp_u8(n: f64) -> u8 {
    if n < 0.0 {
        u8::MAX
    } else {
        n.min(255.0) as u8
    }
}

pub(crate) fn clamp_u16(n: f64) -> u16 {
    if n < 0.0 {
        u16::MAX
    } else {
        n.min(65535.0) as u16
    }
}

/// Reads the calendar-name option and returns the display mode.
pub(crate) fn display_calendar_from(vm: &mut Vm, options: Value) -> JsResult<DisplayCalendar> {
    let o = get_options_object(vm, options)?;
    get_calendar_name_option(vm, o)
}

// ----- shared prototype helpers --------------------------------------------------------------

/// Defines getters that all read a value through `f`.
pub(crate) fn getters(vm: &mut Vm, proto: ObjId, list: &[(&str, NativeFn)]) {
    for (name, f) in list {
        vm.define_getter(proto, name, *f);
    }
}

pub(crate) fn opt_era(vm: &mut Vm, e: Option<TinyAsciiStr<16>>) -> Value {
    match e {
        Some(e) => vm.new_string(e.as_str()),
        None => Value::UNDEFINED,
    }
}

pub(crate) fn opt_num<T: Into<f64>>(v: Option<T>) -> Value {
    match v {
        Some(n) => Value::number(n.into()),
        None => Value::UNDEFINED,
    }
}

pub(crate) fn compare_result(o: std::cmp::Ordering) -> Value {
    Value::int(o as i32)
}

pub(crate) fn arg(args: &[Value], i: usize) -> Value {
    super::arg(args, i)
}

// ----- serialisation (for heap snapshots) ---------------------------------------------------

impl TemporalValue {
    /// How `console.log` shows the value: `Temporal.PlainDate 2026-11-21`, the type
    /// and what the default `toString()` gives.
    pub fn display(&self) -> String {
        let auto = DisplayCalendar::Auto;
        let round = ToStringRoundingOptions::default();
        let (kind, text) = match self {
            TemporalValue::Instant(i) => ("Instant", i.to_ixdtf_string(None, round).unwrap_or_default()),
            TemporalValue::PlainDate(d) => ("PlainDate", d.to_ixdtf_string(auto)),
            TemporalValue::PlainTime(t) => ("PlainTime", t.to_ixdtf_string(round).unwrap_or_default()),
            TemporalValue::PlainDateTime(d) => ("PlainDateTime", d.to_ixdtf_string(round, auto).unwrap_or_default()),
            TemporalValue::PlainYearMonth(d) => ("PlainYearMonth", d.to_ixdtf_string(auto)),
            TemporalValue::PlainMonthDay(d) => ("PlainMonthDay", d.to_ixdtf_string(auto)),
            TemporalValue::ZonedDateTime(z) => (
                "ZonedDateTime",
                z.to_ixdtf_string(DisplayOffset::Auto, DisplayTimeZone::Auto, auto, round).unwrap_or_default(),
            ),
            TemporalValue::Duration(d) => ("Duration", d.as_temporal_string(round).unwrap_or_default()),
        };
        format!("Temporal.{kind} {text}")
    }

    /// A lossless text form of the slots: a one-letter tag, then an IXDTF
    /// string with the calendar always shown (or the raw numbers for
    /// Instant, ZonedDateTime and Duration). `decode` reverses it.
    pub fn encode(&self) -> String {
        let always = DisplayCalendar::Always;
        match self {
            TemporalValue::Instant(i) => format!("I{}", i.as_i128()),
            TemporalValue::PlainDate(d) => format!("D{}", d.to_ixdtf_string(always)),
            TemporalValue::PlainTime(t) => {
                let (h, m, s, ms, us, ns) = plain_time::key(t);
                format!("T{h},{m},{s},{ms},{us},{ns}")
            }
            TemporalValue::PlainDateTime(d) => {
                format!(
                    "P{}",
                    d.to_ixdtf_string(ToStringRoundingOptions::default(), always)
                        .unwrap_or_default()
                )
            }
            TemporalValue::PlainYearMonth(d) => {
                format!(
                    "Y{}|{}",
                    d.epoch_ns_for_utc().as_i128().div_euclid(NS_PER_DAY),
                    d.calendar().identifier()
                )
            }
            TemporalValue::PlainMonthDay(d) => {
                format!(
                    "M{}|{}",
                    d.epoch_ns_for_utc().as_i128().div_euclid(NS_PER_DAY),
                    d.calendar().identifier()
                )
            }
            TemporalValue::ZonedDateTime(z) => format!(
                "Z{}|{}|{}",
                z.epoch_nanoseconds().as_i128(),
                z.time_zone().identifier().unwrap_or_default(),
                z.calendar().identifier()
            ),
            TemporalValue::Duration(d) => format!(
                "U{},{},{},{},{},{},{},{},{},{}",
                d.years(),
                d.months(),
                d.weeks(),
                d.days(),
                d.hours(),
                d.minutes(),
                d.seconds(),
                d.milliseconds(),
                d.microseconds(),
                d.nanoseconds()
            ),
        }
    }

    /// Parses the output of `encode`.
    pub fn decode(s: &str) -> Option<TemporalValue> {
        let tag = s.chars().next()?;
        let rest = s.get(1..)?;
        Some(match tag {
            'I' => TemporalValue::Instant(Instant::try_new(rest.parse().ok()?).ok()?),
            'D' => TemporalValue::PlainDate(PlainDate::from_utf8(rest.as_bytes()).ok()?),
            'T' => {
                let n: Vec<u16> = rest
                    .split(',')
                    .map(|x| x.parse().ok())
                    .collect::<Option<_>>()?;
                let [h, m, s, ms, us, ns] = n.as_slice() else {
                    return None;
                };
                let small = |v: u16| u8::try_from(v).ok();
                TemporalValue::PlainTime(
                    PlainTime::try_new(small(*h)?, small(*m)?, small(*s)?, *ms, *us, *ns).ok()?,
                )
            }
            'P' => TemporalValue::PlainDateTime(PlainDateTime::from_utf8(rest.as_bytes()).ok()?),
            'Y' | 'M' => {
                let (days, cal) = rest.split_once('|')?;
                let (y, m, d) = civil_from_days(days.parse().ok()?);
                let cal = Calendar::try_from_utf8(cal.as_bytes()).ok()?;
                let (m, d) = (u8::try_from(m).ok()?, u8::try_from(d).ok()?);
                if tag == 'Y' {
                    TemporalValue::PlainYearMonth(
                        PlainYearMonth::try_new(i32::try_from(y).ok()?, m, Some(d), cal).ok()?,
                    )
                } else {
                    let y = Some(i32::try_from(y).ok()?);
                    TemporalValue::PlainMonthDay(
                        PlainMonthDay::new_with_overflow(m, d, cal, Overflow::Reject, y).ok()?,
                    )
                }
            }
            'Z' => {
                let mut it = rest.splitn(3, '|');
                let ns: i128 = it.next()?.parse().ok()?;
                let tz = TimeZone::try_from_identifier_str(it.next()?).ok()?;
                let cal = Calendar::try_from_utf8(it.next()?.as_bytes()).ok()?;
                TemporalValue::ZonedDateTime(ZonedDateTime::try_new(ns, tz, cal).ok()?)
            }
            'U' => {
                let n: Vec<i128> = rest
                    .split(',')
                    .map(|x| x.parse().ok())
                    .collect::<Option<_>>()?;
                let [y, mo, w, d, h, mi, s, ms, us, ns] = n.as_slice() else {
                    return None;
                };
                let i = |v: i128| i64::try_from(v).ok();
                TemporalValue::Duration(
                    Duration::new(
                        i(*y)?,
                        i(*mo)?,
                        i(*w)?,
                        i(*d)?,
                        i(*h)?,
                        i(*mi)?,
                        i(*s)?,
                        i(*ms)?,
                        *us,
                        *ns,
                    )
                    .ok()?,
                )
            }
            _ => return None,
        })
    }
}

const NS_PER_DAY: i128 = 86_400_000_000_000;

/// The proleptic Gregorian (year, month, day) of a day count from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn encode_round_trip() {
        let values = [
            TemporalValue::Instant(Instant::try_new(-8_640_000_000_000_000_000_000).unwrap()),
            TemporalValue::PlainDate(
                PlainDate::try_new(5784, 5, 1, Calendar::try_from_utf8(b"hebrew").unwrap())
                    .unwrap(),
            ),
            TemporalValue::PlainTime(PlainTime::try_new(23, 59, 59, 999, 999, 999).unwrap()),
            TemporalValue::PlainDateTime(
                PlainDateTime::try_new(-271821, 4, 20, 0, 0, 0, 0, 0, 1, Calendar::default())
                    .unwrap(),
            ),
            TemporalValue::PlainYearMonth(
                PlainYearMonth::try_new(
                    2024,
                    3,
                    Some(15),
                    Calendar::try_from_utf8(b"japanese").unwrap(),
                )
                .unwrap(),
            ),
            TemporalValue::PlainMonthDay(PlainMonthDay::from_utf8(b"--02-29").unwrap()),
            TemporalValue::PlainYearMonth(
                PlainYearMonth::try_new(-271821, 4, Some(1), Calendar::default()).unwrap(),
            ),
            TemporalValue::PlainMonthDay(
                PlainMonthDay::new_with_overflow(
                    5,
                    30,
                    Calendar::try_from_utf8(b"hebrew").unwrap(),
                    Overflow::Reject,
                    Some(1971),
                )
                .unwrap(),
            ),
            TemporalValue::ZonedDateTime(
                ZonedDateTime::try_new(
                    1,
                    TimeZone::try_from_identifier_str("America/New_York").unwrap(),
                    Calendar::default(),
                )
                .unwrap(),
            ),
            TemporalValue::Duration(
                Duration::new(-1, -2, -3, -4, -5, -6, -7, -8, -9_007_199_254_740_991, -10).unwrap(),
            ),
        ];
        for v in values {
            let e = v.encode();
            let d = TemporalValue::decode(&e).unwrap();
            assert_eq!(e, d.encode());
        }
    }
}
