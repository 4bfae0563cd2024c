//! RFC 3339 timestamps for `created` fields, computed from seconds since the Unix epoch with no clock: the time
//! always arrives as a value (`source_date_epoch`). Uses Howard Hinnant's civil-from-days algorithm (proleptic
//! Gregorian calendar, exact for every day).

/// The last second RFC 3339 can write with a four-digit year: 9999-12-31T23:59:59Z.
const MAX_EPOCH: u64 = 253_402_300_799;

const SECONDS_PER_DAY: u64 = 86_400;

/// `YYYY-MM-DDTHH:MM:SSZ` for `epoch_seconds` (UTC). Times after 9999-12-31T23:59:59Z are clamped to it, because
/// Docker's (Go's) parser accepts only four-digit years.
pub fn rfc3339(epoch_seconds: u64) -> String {
    let seconds = epoch_seconds.min(MAX_EPOCH);
    let days = seconds / SECONDS_PER_DAY;
    let in_day = seconds % SECONDS_PER_DAY;
    // At most 2_932_896 days: every conversion below is exact.
    let (year, month, day) = civil_from_days(i64::try_from(days).unwrap_or(0));
    let (hour, minute, second) = (in_day / 3600, in_day % 3600 / 60, in_day % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

/// Reads an RFC 3339 time as Go's `time.RFC3339Nano` does — `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` — and
/// returns whole seconds since the Unix epoch (the fraction is dropped; earlier than 1970 is negative).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = bytes.get(range)?;
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(digits.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let punctuation = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if !punctuation.iter().all(|&(at, want)| bytes.get(at) == Some(&want)) {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = bytes.get(19..)?;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        rest = fraction.get(digits..)?;
    }
    let offset = match rest {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = number_of(&[*h1, *h2])?;
            let minutes = number_of(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'+' {
                offset
            } else {
                -offset
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

fn number_of(digits: &[u8]) -> Option<i64> {
    digits.iter().try_fold(0i64, |n, d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 → (year, month 1–12, day 1–31).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097); // [0, 146096]
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365; // [0, 399]
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100); // [0, 365]
    let shifted_month = (5 * day_of_year + 2) / 153; // [0, 11], March first
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) → days since 1970-01-01; the inverse of [`civil_from_days`].
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_epochs() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (1, "1970-01-01T00:00:01Z"),
            (86_399, "1970-01-01T23:59:59Z"),
            (951_782_400, "2000-02-29T00:00:00Z"), // a leap day in a year divisible by 400
            (951_868_799, "2000-02-29T23:59:59Z"),
            (951_868_800, "2000-03-01T00:00:00Z"),
            (1_078_012_800, "2004-02-29T00:00:00Z"),
            (1_700_000_000, "2023-11-14T22:13:20Z"),
            (1_704_067_199, "2023-12-31T23:59:59Z"),
            (1_709_164_800, "2024-02-29T00:00:00Z"),
            (2_147_483_647, "2038-01-19T03:14:07Z"), // the last second of 32-bit time_t
            (2_147_483_648, "2038-01-19T03:14:08Z"),
            (4_107_542_400, "2100-03-01T00:00:00Z"), // 2100 is not a leap year: 28 Feb is followed by 1 Mar
            (4_107_542_399, "2100-02-28T23:59:59Z"),
            (MAX_EPOCH, "9999-12-31T23:59:59Z"),
            (MAX_EPOCH + 1, "9999-12-31T23:59:59Z"),
            (u64::MAX, "9999-12-31T23:59:59Z"),
        ];
        for (epoch, text) in cases {
            assert_eq!(rfc3339(epoch), text, "{epoch}");
            if epoch <= MAX_EPOCH {
                assert_eq!(parse_rfc3339(text), Some(epoch as i64), "{text}");
            }
        }
    }

    #[test]
    fn every_day_round_trips() {
        // Each day from 1970 to past 2400 converts both ways, and consecutive days are consecutive dates.
        let mut previous = (1969, 12, 31);
        for days in 0..160_000 {
            let date = civil_from_days(days);
            assert_eq!(days_from_civil(date.0, date.1, date.2), days);
            let expected_next = if previous.2 < days_in_month(previous.0, previous.1) {
                (previous.0, previous.1, previous.2 + 1)
            } else if previous.1 < 12 {
                (previous.0, previous.1 + 1, 1)
            } else {
                (previous.0 + 1, 1, 1)
            };
            assert_eq!(date, expected_next, "{days}");
            previous = date;
        }
    }

    #[test]
    fn parses_what_docker_writes() {
        assert_eq!(parse_rfc3339("2023-08-07T20:16:26.301149425Z"), Some(1_691_439_386));
        assert_eq!(parse_rfc3339("2023-11-14T23:13:20+01:00"), Some(1_700_000_000));
        assert_eq!(parse_rfc3339("2023-11-14T17:13:20-05:00"), Some(1_700_000_000));
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(parse_rfc3339("0001-01-01T00:00:00Z"), Some(-62_135_596_800));
        for bad in [
            "",
            "2023-11-14",
            "2023-11-14T22:13:20",
            "2023-11-14 22:13:20Z",
            "2023-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2023-11-31T00:00:00Z",
            "2023-11-14T24:00:00Z",
            "2023-11-14T22:60:00Z",
            "2023-11-14T22:13:60Z",
            "2023-11-14T22:13:20.Z",
            "2023-11-14T22:13:20+0100",
            "2023-11-14T22:13:20+25:00",
            "2023-11-14T22:13:20ZZ",
            "+023-11-14T22:13:20Z",
            "2023-11-14T22:13:2éZ",
            "２０２３-11-14T22:13:20Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad:?}");
        }
    }
}
