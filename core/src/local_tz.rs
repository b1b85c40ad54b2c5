//! The local time zone, for Date's local time and `Temporal.Now`.
//!
//! A host that knows its IANA zone name (`Host::local_time_zone`) gets offsets with
//! the zone's full daylight-saving history from the time-zone data compiled into
//! temporal_rs. A host without one (the browser, a WASI guest without `TZ`) gives a
//! plain offset through `Host::local_tz_offset_minutes`, UTC by default.

use crate::Vm;
use temporal_rs::{TimeZone, ZonedDateTime};

/// What the host said about its zone, asked once per isolate.
#[derive(Clone, Copy)]
pub enum LocalZone {
    /// A named zone other than UTC, with the last lookup cached: Date methods
    /// ask for the same instant several times in a row.
    Named { tz: TimeZone, last: Option<(f64, f64)> },
    /// Offsets come from `Host::local_tz_offset_minutes` (UTC when named so).
    Host,
}

/// Nanoseconds range of a ZonedDateTime (the same ±10^8 days as Date).
const LIMIT_NS: i128 = 8_640_000_000_000_000_000_000;

fn zone(vm: &mut Vm) -> LocalZone {
    if let Some(z) = vm.local_zone {
        return z;
    }
    let z = match vm.host.local_time_zone() {
        Some(name) if !is_utc(&name) => match TimeZone::try_from_identifier_str(&name) {
            Ok(tz) => LocalZone::Named { tz, last: None },
            Err(_) => LocalZone::Host,
        },
        _ => LocalZone::Host,
    };
    vm.local_zone = Some(z);
    z
}

fn is_utc(name: &str) -> bool {
    matches!(name, "UTC" | "Etc/UTC" | "Etc/UCT" | "UCT" | "Etc/Universal" | "Universal" | "Zulu" | "Etc/Zulu" | "GMT" | "Etc/GMT")
}

/// Offset of local time from UTC, in minutes, at the UTC time `utc_ms`.
pub fn offset_minutes(vm: &mut Vm, utc_ms: f64) -> f64 {
    match zone(vm) {
        LocalZone::Named { tz, last } => {
            if let Some((t, off)) = last {
                if t == utc_ms {
                    return off;
                }
            }
            let ns = if utc_ms.is_finite() { (utc_ms.trunc() as i128).saturating_mul(1_000_000) } else { 0 };
            let ns = ns.clamp(-LIMIT_NS, LIMIT_NS);
            let off = ZonedDateTime::try_new_iso(ns, tz).map(|z| z.offset_nanoseconds() as f64 / 60e9).unwrap_or(0.0);
            vm.local_zone = Some(LocalZone::Named { tz, last: Some((utc_ms, off)) });
            off
        }
        LocalZone::Host => {
            let o = vm.host.local_tz_offset_minutes(utc_ms);
            if o.is_finite() {
                o
            } else {
                0.0
            }
        }
    }
}

/// The named local zone, if the host gave one other than UTC (`Temporal.Now.timeZoneId`).
pub fn named_zone(vm: &mut Vm) -> Option<TimeZone> {
    match zone(vm) {
        LocalZone::Named { tz, .. } => Some(tz),
        LocalZone::Host => None,
    }
}
