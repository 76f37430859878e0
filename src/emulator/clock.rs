//! Timestamps in the invite pages' format, `yyyy-MM-dd HH:mm:ss` (UTC, no zone shown), and in
//! the key pages' ISO 8601 with an offset, `yyyy-MM-ddTHH:mm:ss+00:00`.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, formatted.
pub(crate) fn now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format_timestamp(seconds)
}

/// Now, in ISO 8601 with the `+00:00` offset the key pages show.
pub(crate) fn now_iso() -> String {
    iso_from_timestamp(&now())
}

/// A timestamp of [`format_timestamp`] in ISO 8601 with the `+00:00` offset.
fn iso_from_timestamp(timestamp: &str) -> String {
    format!("{}+00:00", timestamp.replacen(' ', "T", 1))
}

/// Seconds since the Unix epoch, formatted.
pub(crate) fn format_timestamp(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let rest = unix_seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_docs() {
        assert_eq!(format_timestamp(0), "1970-01-01 00:00:00");
        assert_eq!(format_timestamp(1_547_464_658), "2019-01-14 11:17:38");
        assert_eq!(format_timestamp(951_782_400), "2000-02-29 00:00:00");
        assert_eq!(format_timestamp(4_107_542_399), "2100-02-28 23:59:59");
        assert_eq!(now().len(), "yyyy-MM-dd HH:mm:ss".len());
    }

    #[test]
    fn iso_timestamps_carry_the_offset_the_key_pages_show() {
        let iso = iso_from_timestamp(&format_timestamp(1_533_684_478));
        assert_eq!(iso, "2018-08-07T23:27:58+00:00");
        assert_eq!(now_iso().len(), "yyyy-MM-ddTHH:mm:ss+00:00".len());
    }
}
