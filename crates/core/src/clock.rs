//! Time as the vendor shows it: Asia/Shanghai wall-clock, `yyyy-MM-dd HH:mm:ss`.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;

pub fn now_millis() -> i64 {
    Utc::now().timestamp_millis()
}

/// `2025-11-23 09:30:00` for unix milliseconds.
pub fn format_millis(ms: i64) -> String {
    shanghai(ms).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// As [`format_millis`], or `""` for no time (the vendor's answer for a time not yet set).
pub fn format_opt(ms: Option<i64>) -> String {
    ms.map(format_millis).unwrap_or_default()
}

/// The Shanghai calendar day of an instant, formatted with `fmt` (e.g. `%Y%m%d`).
pub fn day(ms: i64, fmt: &str) -> String {
    shanghai(ms).format(fmt).to_string()
}

fn shanghai(ms: i64) -> DateTime<chrono_tz::Tz> {
    Shanghai
        .timestamp_millis_opt(ms)
        .single()
        .unwrap_or_else(|| Shanghai.timestamp_millis_opt(0).unwrap())
}

/// Parses `yyyy-MM-dd HH:mm:ss` (single-digit month/day/hour accepted, as the docs' own
/// examples use them) in Asia/Shanghai to unix milliseconds.
pub fn parse_datetime(s: &str) -> Option<i64> {
    let t = NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
    Shanghai
        .from_local_datetime(&t)
        .single()
        .map(|d| d.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_round_trip() {
        let ms = parse_datetime("2025-11-23 00:00:00").unwrap();
        assert_eq!(ms, 1_763_827_200_000);
        assert_eq!(format_millis(ms), "2025-11-23 00:00:00");
        assert_eq!(day(ms - 1, "%Y%m%d"), "20251122");
        assert!(parse_datetime("2023-1-1 00:00:00").is_some());
        assert!(parse_datetime("2023/01/01 00:00:00").is_none());
    }
}
