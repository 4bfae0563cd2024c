//! Splitting an instruction's argument text into words the way BuildKit's line parsers do, before any expansion:
//! builder flags (`--from=build`), quote-aware words (ENV, LABEL, ARG) and plain white-space-separated lists.
//! Every word keeps its byte range in the argument text so diagnostics can point at it.

use std::ops::Range;

/// A word and where it is in the text it was split from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawWord {
    pub text: String,
    pub range: Range<usize>,
}

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]+` — ASCII only, and no newline.
pub fn is_line_space(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// Splits on runs of [`is_line_space`], dropping empty pieces at either end (the text is trimmed by callers).
pub fn split_whitespace(text: &str) -> Vec<RawWord> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_line_space(c), start) {
            (true, Some(s)) => {
                words.push(RawWord { text: text[s..i].to_string(), range: s..i });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(RawWord { text: text[s..].to_string(), range: s..text.len() });
    }
    words
}

/// The first piece of `text` up to a run of [`is_line_space`], and the offset of what follows the run.
pub fn split_first(text: &str) -> (&str, Option<usize>) {
    match text.find(is_line_space) {
        None => (text, None),
        Some(end) => {
            let rest = text[end..].find(|c| !is_line_space(c)).map_or(text.len(), |n| end + n);
            (&text[..end], Some(rest))
        }
    }
}

/// Leading `--flag` words of an instruction (BuildKit's `extractBuilderFlags`). Returns the flags (quotes and
/// escapes removed, as BuildKit does) and the offset where the remaining arguments start. A lone `--` ends the
/// flags and is dropped.
pub fn extract_flags(line: &str) -> (Vec<RawWord>, usize) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote(char),
    }
    let mut flags = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = 0;
    let mut blank_ok = false;
    let mut chars = line.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        match phase {
            Phase::Spaces => {
                if c.is_whitespace() {
                    continue;
                }
                if c != '-' || !line[pos + 1..].starts_with('-') {
                    return (flags, pos);
                }
                phase = Phase::Word;
                word_start = pos;
                word.push(c);
            }
            Phase::Word => {
                if c.is_whitespace() {
                    if word == "--" {
                        return (flags, pos);
                    }
                    if blank_ok || !word.is_empty() {
                        flags.push(RawWord { text: std::mem::take(&mut word), range: word_start..pos });
                    }
                    word.clear();
                    blank_ok = false;
                    phase = Phase::Spaces;
                } else if c == '\'' || c == '"' {
                    phase = Phase::Quote(c);
                    blank_ok = true;
                } else if c == '\\' {
                    // A backslash takes the next character literally; at the very end it is dropped.
                    if let Some((_, next)) = chars.next() {
                        word.push(next);
                    }
                } else {
                    word.push(c);
                }
            }
            Phase::Quote(quote) => {
                if c == quote {
                    phase = Phase::Word;
                } else if c == '\\' {
                    match chars.next() {
                        Some((_, next)) => word.push(next),
                        None => phase = Phase::Word,
                    }
                } else {
                    word.push(c);
                }
            }
        }
    }
    if phase != Phase::Spaces && word != "--" && (blank_ok || !word.is_empty()) {
        flags.push(RawWord { text: word, range: word_start..line.len() });
    }
    (flags, line.len())
}

/// Quote-aware words (BuildKit's `parseWords`): splits on unquoted white space, keeps quotes and escapes in the
/// words (expansion removes them later). `escape` is the Dockerfile's escape character.
pub fn parse_words(rest: &str, escape: char) -> Vec<RawWord> {
    #[derive(PartialEq, Clone, Copy)]
    enum Phase {
        Spaces,
        Word,
        Quote(char),
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut word_start = 0;
    let mut blank_ok = false;
    let mut chars = rest.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        if phase == Phase::Spaces {
            if c.is_whitespace() {
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        match phase {
            // `Spaces` became `Word` just above.
            Phase::Spaces | Phase::Word => {
                if c.is_whitespace() {
                    if blank_ok || !word.is_empty() {
                        words.push(RawWord { text: std::mem::take(&mut word), range: word_start..pos });
                    }
                    word.clear();
                    blank_ok = false;
                    phase = Phase::Spaces;
                    continue;
                }
                if c == '\'' || c == '"' {
                    phase = Phase::Quote(c);
                    blank_ok = true;
                }
                if c == escape {
                    match chars.next() {
                        // An escape at the very end of the text is dropped.
                        None => continue,
                        // Unquoted, the escape and the character after it are both kept, even a quote.
                        Some((_, next)) => {
                            word.push(c);
                            word.push(next);
                            continue;
                        }
                    }
                }
                word.push(c);
            }
            Phase::Quote(quote) => {
                if c == quote {
                    phase = Phase::Word;
                }
                // The escape character is special inside double quotes only.
                if c == escape && quote != '\'' {
                    match chars.next() {
                        None => {
                            phase = Phase::Word;
                            continue;
                        }
                        Some((_, next)) => {
                            word.push(c);
                            word.push(next);
                            continue;
                        }
                    }
                }
                word.push(c);
            }
        }
    }
    if phase != Phase::Spaces && (blank_ok || !word.is_empty()) {
        words.push(RawWord { text: word, range: word_start..rest.len() });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: &[RawWord]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn flags_stop_at_first_non_flag_and_at_double_dash() {
        let line = "--user=me --doit=true foo /tmp/";
        let (flags, rest) = extract_flags(line);
        assert_eq!(texts(&flags), ["--user=me", "--doit=true"]);
        assert_eq!(&line[rest..], "foo /tmp/");
        assert_eq!(flags[1].range, 10..21);
        let (flags, rest) = extract_flags("--doit=true -- foo");
        assert_eq!(texts(&flags), ["--doit=true"]);
        assert_eq!(rest, 14);
        let (flags, _) = extract_flags("--mount=type=cache,target=\"/a b\" x");
        assert_eq!(texts(&flags), ["--mount=type=cache,target=/a b"]);
        let (flags, rest) = extract_flags("--doit");
        assert_eq!((texts(&flags), rest), (vec!["--doit"], 6));
        let (flags, rest) = extract_flags("-x --y");
        assert_eq!((flags.len(), rest), (0, 0));
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        let words = parse_words(r#"name="value value1" b=c\ d  'e\'f'"#, '\\');
        assert_eq!(texts(&words), [r#"name="value value1""#, r"b=c\ d", r"'e\'f'"]);
        assert_eq!(words[1].range, 20..26);
        assert_eq!(texts(&parse_words("a\\", '\\')), ["a"]);
        assert_eq!(texts(&parse_words("\"\"", '\\')), ["\"\""]);
    }

    #[test]
    fn whitespace_split_is_ascii_only() {
        assert_eq!(texts(&split_whitespace(" a\tb\u{a0}c  d ")), ["a", "b\u{a0}c", "d"]);
        assert_eq!(split_first("RUN  echo"), ("RUN", Some(5)));
        assert_eq!(split_first("RUN"), ("RUN", None));
    }
}
