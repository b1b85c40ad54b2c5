//! Local time through a host that names its time zone: offsets with daylight-saving
//! history, and local times in a transition's gap or overlap resolved as the spec says.

use gannet::{Host, Isolate};

struct ZoneHost(&'static str);

impl Host for ZoneHost {
    fn local_time_zone(&mut self) -> Option<String> {
        Some(self.0.to_string())
    }
}

fn eval_in(zone: &'static str, src: &str) -> String {
    let mut iso = Isolate::new(ZoneHost(zone));
    iso.eval_to_string(src).unwrap_or_else(|e| format!("error: {e}"))
}

#[test]
fn offsets_follow_daylight_saving_time() {
    let src = "[new Date(2026, 0, 15).getTimezoneOffset(), new Date(2026, 6, 15).getTimezoneOffset()].join()";
    assert_eq!(eval_in("Europe/Paris", src), "-60,-120");
    assert_eq!(eval_in("America/New_York", src), "300,240");
    assert_eq!(eval_in("Australia/Sydney", src), "-660,-600");
    assert_eq!(eval_in("Asia/Kolkata", src), "-330,-330");
    assert_eq!(eval_in("UTC", src), "0,0");
    assert_eq!(eval_in("Not/AZone", src), "0,0");
}

#[test]
fn gaps_and_overlaps() {
    // 02:30 does not exist on the spring-forward day: read with the offset before (-5h).
    assert_eq!(eval_in("America/New_York", "new Date(2026, 2, 8, 2, 30).toISOString()"), "2026-03-08T07:30:00.000Z");
    // 02:30 happens twice on the fall-back day in Paris: the earlier instant (+2h).
    assert_eq!(eval_in("Europe/Paris", "new Date(2026, 9, 25, 2, 30).toISOString()"), "2026-10-25T00:30:00.000Z");
    assert_eq!(eval_in("Europe/Paris", "new Date(Date.UTC(2026, 6, 1, 10)).getHours()"), "12");
}

#[test]
fn temporal_now_uses_the_named_zone() {
    assert_eq!(eval_in("Europe/Paris", "Temporal.Now.timeZoneId()"), "Europe/Paris");
    assert_eq!(eval_in("UTC", "Temporal.Now.timeZoneId()"), "UTC");
}
