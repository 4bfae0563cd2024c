//! The JSON (exec) form of instruction arguments, `["executable", "arg"]`, read the way BuildKit reads it: a
//! complete JSON value that must be an array of strings, or else the shell form. Written by hand rather than with a
//! JSON library so that the fallback rules and the error positions match Go's `encoding/json` exactly.

/// What the argument text turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum JsonArgs {
    /// A JSON array of strings: each string's value and its byte range in the input (quotes included).
    Strings(Vec<(String, std::ops::Range<usize>)>),
    /// Valid JSON array, but something in it is not a string: BuildKit refuses the instruction. The range is the
    /// offending element.
    NotStrings(std::ops::Range<usize>),
    /// Not JSON (or not an array): BuildKit treats the text as the shell form. The offset is where JSON reading
    /// failed, to explain the fallback when the text looked like JSON.
    NotJson { offset: usize, reason: &'static str },
}

/// Reads `text` (already trimmed of leading white space by the caller) as a JSON array of strings.
pub fn parse(text: &str) -> JsonArgs {
    let mut reader = Reader { bytes: text.as_bytes(), text, pos: 0, depth: 0 };
    if !text.starts_with('[') {
        return JsonArgs::NotJson { offset: 0, reason: "does not start with [" };
    }
    match reader.top_level_array() {
        Ok(result) => result,
        Err((offset, reason)) => JsonArgs::NotJson { offset, reason },
    }
}

/// Nesting deeper than this is refused as "not JSON"; Go's decoder refuses at 10000, which no Dockerfile needs.
const MAX_DEPTH: usize = 512;

type ReadResult<T> = Result<T, (usize, &'static str)>;

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Reader<'_> {
    fn top_level_array(&mut self) -> ReadResult<JsonArgs> {
        self.pos = 1;
        self.depth = 1;
        let mut strings = Vec::new();
        let mut not_string: Option<std::ops::Range<usize>> = None;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                let start = self.pos;
                if self.peek() == Some(b'"') {
                    let value = self.string()?;
                    strings.push((value, start..self.pos));
                } else {
                    self.value()?;
                    not_string.get_or_insert(start..self.pos);
                }
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err((self.pos, "unexpected end of JSON input")),
                    Some(_) => return Err((self.pos, "expected , or ] after array element")),
                }
            }
        }
        self.skip_ws();
        if self.pos != self.bytes.len() {
            return Err((self.pos, "unexpected text after the JSON array"));
        }
        Ok(match not_string {
            Some(range) => JsonArgs::NotStrings(range),
            None => JsonArgs::Strings(strings),
        })
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> ReadResult<()> {
        self.skip_ws();
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'[') => self.nested(b']', false),
            Some(b'{') => self.nested(b'}', true),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            None => Err((self.pos, "unexpected end of JSON input")),
            Some(_) => Err((self.pos, "invalid character looking for beginning of value")),
        }
    }

    fn nested(&mut self, close: u8, object: bool) -> ReadResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((self.pos, "JSON nested too deeply"));
        }
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.skip_ws();
            if object {
                if self.peek() != Some(b'"') {
                    return Err((self.pos, "expected a string key in JSON object"));
                }
                self.string()?;
                self.skip_ws();
                if self.peek() != Some(b':') {
                    return Err((self.pos, "expected : after object key"));
                }
                self.pos += 1;
            }
            self.value()?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                None => return Err((self.pos, "unexpected end of JSON input")),
                Some(_) => return Err((self.pos, "expected , or a closing bracket")),
            }
        }
    }

    fn literal(&mut self, word: &'static str) -> ReadResult<()> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(())
        } else {
            Err((self.pos, "invalid literal in JSON"))
        }
    }

    fn number(&mut self) -> ReadResult<()> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err((self.pos, "invalid number in JSON")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err((self.pos, "invalid number in JSON"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err((self.pos, "invalid number in JSON"));
            }
            self.digits();
        }
        debug_assert!(self.pos > start);
        Ok(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    /// Reads a string starting at the opening quote; returns its decoded value. Go replaces invalid surrogate
    /// escapes with U+FFFD rather than failing, and so does this.
    fn string(&mut self) -> ReadResult<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run_start..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.peek().ok_or((self.pos, "unexpected end of JSON input"))?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err((self.pos - 1, "invalid escape in JSON string")),
                    }
                }
                None => return Err((self.pos, "unterminated JSON string")),
                Some(_) => return Err((self.pos, "control character in JSON string")),
            }
        }
    }

    fn hex4(&mut self) -> ReadResult<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or((self.pos, "short \\u escape in JSON string"))?;
        let mut value = 0u32;
        for &d in digits {
            let nibble = (d as char).to_digit(16).ok_or((self.pos, "invalid \\u escape in JSON string"))?;
            value = value * 16 + nibble;
        }
        self.pos += 4;
        Ok(value)
    }

    fn unicode_escape(&mut self) -> ReadResult<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(combined).unwrap_or('\u{FFFD}'));
            }
            // Not a pair: Go emits U+FFFD for the lone half and reads the next escape on its own.
            self.pos = save;
            return Ok('\u{FFFD}');
        }
        Ok(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<String> {
        match parse(text) {
            JsonArgs::Strings(items) => items.into_iter().map(|(s, _)| s).collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn reads_string_arrays() {
        assert_eq!(strings(r#"["echo", "hi"]"#), ["echo", "hi"]);
        assert_eq!(strings("[ ]"), Vec::<String>::new());
        assert_eq!(strings(r#"[ "\/usr\\\"/bin/znc", "-f" ]  "#), ["/usr\\\"/bin/znc", "-f"]);
        assert_eq!(strings(r#"["\u00e9\ud83d\ude00\ud800x"]"#), ["é😀\u{FFFD}x"]);
    }

    #[test]
    fn non_strings_are_refused_but_bad_json_falls_back() {
        assert!(matches!(parse(r#"["echo", ["nested"]]"#), JsonArgs::NotStrings(r) if r == (9..19)));
        assert!(matches!(parse(r#"[1, {"a": null}]"#), JsonArgs::NotStrings(_)));
        assert!(matches!(parse(r#"["echo", "unterminated]"#), JsonArgs::NotJson { .. }));
        assert!(matches!(parse(r#"["a"] trailing"#), JsonArgs::NotJson { .. }));
        assert!(matches!(parse("['single']"), JsonArgs::NotJson { .. }));
        assert!(matches!(parse("[\"a\",]"), JsonArgs::NotJson { .. }));
        assert!(matches!(parse("[01]"), JsonArgs::NotJson { .. }));
        assert!(matches!(parse(&"[".repeat(100_000)), JsonArgs::NotJson { .. }));
    }
}
