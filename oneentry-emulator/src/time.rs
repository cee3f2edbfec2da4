//! Timestamps in the form OneEntry writes them (`2026-06-06T11:38:21.644Z`).
//!
//! Written by hand from [`SystemTime`] because the emulator may not depend on a date crate;
//! the calendar conversion is Howard Hinnant's `civil_from_days`, exact for the whole
//! proleptic Gregorian calendar.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time as ISO-8601 UTC with milliseconds.
pub(crate) fn now_iso8601() -> String {
    format_iso8601(SystemTime::now())
}

/// Formats `time` as ISO-8601 UTC with milliseconds. Times before 1970 (a clock set far
/// back) are written as the epoch rather than failing: a request must never break on it.
pub(crate) fn format_iso8601(time: SystemTime) -> String {
    let since_epoch = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since_epoch.as_secs();
    let millis = since_epoch.subsec_millis();
    let days = secs / 86_400;
    let in_day = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        in_day / 3_600,
        in_day % 3_600 / 60,
        in_day % 60
    )
}

/// Year, month (1-12) and day (1-31) of the day `days` after 1970-01-01.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Shift the epoch to 0000-03-01 so that leap days fall at the end of a year.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(millis: u64) -> String {
        format_iso8601(UNIX_EPOCH + Duration::from_millis(millis))
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(at(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(at(1_745_494_429_101), "2025-04-24T11:33:49.101Z");
        assert_eq!(at(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(at(951_868_799_999), "2000-02-29T23:59:59.999Z");
        assert_eq!(at(4_107_542_400_000), "2100-03-01T00:00:00.000Z");
        assert_eq!(at(1_780_745_901_644), "2026-06-06T11:38:21.644Z");
    }

    #[test]
    fn times_before_the_epoch_do_not_fail() {
        let before = UNIX_EPOCH - Duration::from_secs(10);
        assert_eq!(format_iso8601(before), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn now_has_the_wire_shape() {
        let now = now_iso8601();
        assert_eq!(now.len(), 24, "{now}");
        assert!(now.ends_with('Z') && now.as_bytes()[10] == b'T', "{now}");
    }
}
