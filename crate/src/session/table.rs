//! Docker's text output: tables laid out as its tabwriter does (minimum width 10, padding 3, the last column
//! unpadded), sizes as `docker images` prints them (`7.8MB`: decimal units, three significant digits), relative
//! times (`2 hours ago`) from the session's clock, and the `…` truncation of long cells.

/// Lays out rows as Docker's `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` does: every column but the last is as wide
/// as its widest cell plus 3, and at least 10. Widths count characters.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let mut widths = vec![0usize; columns];
    for (i, h) in header.iter().enumerate() {
        widths[i] = h.chars().count();
    }
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header_row: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header_row).chain(rows.iter()) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate().take(columns) {
            line.push_str(cell);
            if i + 1 < columns {
                let width = (widths[i] + 3).max(10);
                let pad = width.saturating_sub(cell.chars().count());
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

pub use crate::build::context::human_size_precision;

/// go-units' `HumanSizeWithPrecision(size, 3)`: decimal units, `%.3g` (`docker images`, `docker history`).
pub fn human_size(bytes: u64) -> String {
    human_size_precision(bytes, 3)
}

/// go-units' `HumanDuration`: how Docker says how long ago something was.
pub fn human_duration(seconds: u64) -> String {
    let minutes = seconds / 60;
    // Hours are rounded, as `d.Round(time.Hour)` does.
    let hours = (seconds + 1800) / 3600;
    if seconds < 1 {
        "Less than a second".to_string()
    } else if seconds == 1 {
        "1 second".to_string()
    } else if seconds < 60 {
        format!("{seconds} seconds")
    } else if minutes == 1 {
        "About a minute".to_string()
    } else if minutes < 60 {
        format!("{minutes} minutes")
    } else if hours == 1 {
        "About an hour".to_string()
    } else if hours < 48 {
        format!("{hours} hours")
    } else if hours < 24 * 7 * 2 {
        format!("{} days", hours / 24)
    } else if hours < 24 * 30 * 2 {
        format!("{} weeks", hours / 24 / 7)
    } else if hours < 24 * 365 * 2 {
        format!("{} months", hours / 24 / 30)
    } else {
        format!("{} years", seconds / 3600 / 24 / 365)
    }
}

/// `N … ago` from `then` to `now` (a time in the future reads as now).
pub fn ago(now: u64, then: u64) -> String {
    format!("{} ago", human_duration(now.saturating_sub(then)))
}

/// Docker's `Ellipsis`: at most `max` characters, the last one `…` when cut.
pub fn ellipsis(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_like_docker() {
        assert_eq!(human_size(0), "0B");
        assert_eq!(human_size(999), "999B");
        assert_eq!(human_size(7_812_345), "7.81MB");
        assert_eq!(human_size(7_800_000), "7.8MB");
        assert_eq!(human_size(77_861_000), "77.9MB");
        assert_eq!(human_size(187_000_000), "187MB");
        assert_eq!(human_size(1_234), "1.23kB");
        assert_eq!(human_size(99_960), "100kB");
        assert_eq!(human_size_precision(77_861_000, 4), "77.86MB");
        assert_eq!(human_size_precision(453_000, 4), "453kB");
        assert_eq!(human_size_precision(9_999_600, 4), "10MB");
    }

    #[test]
    fn durations_like_docker() {
        assert_eq!(ago(10, 10), "Less than a second ago");
        assert_eq!(ago(11, 10), "1 second ago");
        assert_eq!(ago(100, 10), "About a minute ago");
        assert_eq!(ago(3 * 3600, 0), "3 hours ago");
        assert_eq!(ago(5 * 86400, 0), "5 days ago");
        assert_eq!(ago(20 * 86400, 0), "2 weeks ago");
        assert_eq!(ago(200 * 86400, 0), "6 months ago");
        assert_eq!(ago(1_766_000_000, 0), "55 years ago");
        assert_eq!(ago(0, 50), "Less than a second ago");
    }

    #[test]
    fn tables_pad_to_ten_and_three() {
        let text = render(&["REPOSITORY", "TAG", "SIZE"], &[vec!["ubuntu".into(), "latest".into(), "1MB".into()]]);
        assert_eq!(text, "REPOSITORY   TAG       SIZE\nubuntu       latest    1MB\n");
        assert_eq!(ellipsis("abcdef", 4), "abc…");
        assert_eq!(ellipsis("abc", 4), "abc");
    }
}
