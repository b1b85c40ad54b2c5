//! Temporal.Now: the current instant from the host clock (`Host::now_ms`) and the
//! system time zone from `local_tz.rs`: the host's named zone, else UTC or the
//! host's fixed offset.

use super::*;
use temporal_rs::host::{HostClock, HostHooks, HostTimeZone};
use temporal_rs::now::Now;
use temporal_rs::provider::TimeZoneProvider;
use temporal_rs::unix_time::EpochNanoseconds;
use temporal_rs::TemporalResult;

struct Clock {
    ns: i128,
    zone: Option<TimeZone>,
    offset_minutes: i16,
}

impl HostClock for Clock {
    fn get_host_epoch_nanoseconds(&self) -> TemporalResult<EpochNanoseconds> {
        Ok(EpochNanoseconds(self.ns))
    }
}

impl HostTimeZone for Clock {
    fn get_host_time_zone(&self, _: &(impl TimeZoneProvider + ?Sized)) -> TemporalResult<TimeZone> {
        if let Some(tz) = self.zone {
            return Ok(tz);
        }
        if self.offset_minutes == 0 {
            return TimeZone::try_from_identifier_str("UTC");
        }
        Ok(TimeZone::from(UtcOffset::from_minutes(self.offset_minutes)))
    }
}

impl HostHooks for Clock {}

fn clock(vm: &mut Vm) -> Now<Clock> {
    let ms = vm.host.now_ms();
    let ms = if ms.is_finite() { ms } else { 0.0 };
    let zone = crate::local_tz::named_zone(vm);
    let off = crate::local_tz::offset_minutes(vm, ms).clamp(-1439.0, 1439.0) as i16;
    Now::new(Clock {
        ns: (ms.floor() as i128) * 1_000_000,
        zone,
        offset_minutes: off,
    })
}

/// The optional time-zone argument of the `Now` functions.
fn tz_arg(vm: &mut Vm, v: Value) -> JsResult<Option<TimeZone>> {
    if v.is_undefined() {
        return Ok(None);
    }
    to_time_zone(vm, v).map(Some)
}

pub fn init(vm: &mut Vm, ns: ObjId) {
    let now = vm.new_object();
    let tag = vm.realm.sym.to_string_tag;
    let s = vm.new_string("Temporal.Now");
    vm.put(now, PropKey::Sym(tag), s, attrs::CONFIGURABLE);
    vm.put_str(ns, "Now", Value::object(now), attrs::HIDDEN);
    vm.define_method(now, "instant", 0, |vm, _, _, _| {
        let i = clock(vm).instant().js(vm)?;
        Ok(wrap(vm, TemporalValue::Instant(i)))
    });
    vm.define_method(now, "timeZoneId", 0, |vm, _, _, _| {
        let tz = clock(vm).time_zone().js(vm)?;
        time_zone_id(vm, &tz)
    });
    vm.define_method(now, "zonedDateTimeISO", 0, |vm, _, a, _| {
        let tz = tz_arg(vm, arg(a, 0))?;
        let r = clock(vm).zoned_date_time_iso(tz).js(vm)?;
        Ok(wrap(vm, TemporalValue::ZonedDateTime(r)))
    });
    vm.define_method(now, "plainDateTimeISO", 0, |vm, _, a, _| {
        let tz = tz_arg(vm, arg(a, 0))?;
        let r = clock(vm).plain_date_time_iso(tz).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainDateTime(r)))
    });
    vm.define_method(now, "plainDateISO", 0, |vm, _, a, _| {
        let tz = tz_arg(vm, arg(a, 0))?;
        let r = clock(vm).plain_date_iso(tz).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainDate(r)))
    });
    vm.define_method(now, "plainTimeISO", 0, |vm, _, a, _| {
        let tz = tz_arg(vm, arg(a, 0))?;
        let r = clock(vm).plain_time_iso(tz).js(vm)?;
        Ok(wrap(vm, TemporalValue::PlainTime(r)))
    });
}
