//! Go's `strconv.Quote`, which BuildKit's parse-tree dump uses for every string. Needed only so that
//! `layerlab parse --format buildkit` prints byte-for-byte what BuildKit's test `result` files hold.

use std::fmt::Write as _;

/// Quotes `s` the way Go's `%q` / `strconv.Quote` does: printable characters as they are, the usual C escapes, and
/// `\xNN`, `\uNNNN` or `\UNNNNNNNN` for the rest.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Go's `%q` on a `[]string`: `["a" "b"]`.
pub fn quote_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(" "))
}

/// An approximation of Go's `unicode.IsPrint` (letters, marks, numbers, punctuation, symbols and the ASCII space)
/// that needs no Unicode tables: it rejects controls, white space other than U+0020, format characters and private
/// use. Unassigned code points are treated as printable, which only matters for text no one types.
fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0x180E |
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB |
        0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 |
        0xE0020..=0xE007F | 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(quote("echo \"hi\" \\ x"), r#""echo \"hi\" \\ x""#);
        assert_eq!(quote("a\tb\nc\u{7f}\u{1}"), r#""a\tb\nc\x7f\x01""#);
        assert_eq!(quote("한국어 é"), "\"한국어 é\"");
        assert_eq!(quote("\u{a0}\u{200b}\u{feff}"), r#""\u00a0\u200b\ufeff""#);
        assert_eq!(quote("\u{e0001}"), r#""\U000e0001""#);
        assert_eq!(quote_list(&["--a=1".into(), "--b".into()]), r#"["--a=1" "--b"]"#);
    }
}
