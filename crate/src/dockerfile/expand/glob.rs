//! Shell patterns for `${VAR#pat}`, `${VAR%pat}` and `${VAR/pat/repl}`: parsing, prefix/suffix trimming and
//! replacement. Matching simulates a small automaton over the pattern (no backtracking, no regex crate), so one match
//! attempt costs at most `O(pattern × value)` whatever the input.
//!
//! BuildKit translates these patterns to Go regular expressions, and the results here are the same: `*` is any run of
//! characters and `?` any one character, neither crossing a newline (Go's `.`); `\x` is a literal `x`; `[` and `]` are
//! literal characters (BuildKit escapes them, so there are no bracket expressions); `#`/`%` remove the shortest
//! prefix/suffix that matches, `##`/`%%` the longest; `/` and `//` replace the leftmost match, taking the longest one
//! at that position. One deliberate difference: an escape before any character is literal (BuildKit rejects `\` before
//! anything but `*`, `?`, `\`, `}` and `/`), and a trailing `\` is a literal backslash.

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `?`
    AnyChar,
    /// `*` (consecutive stars are merged).
    Star,
}

impl Token {
    /// Whether this token can consume `ch` (a star consumes it and stays where it is).
    fn matches(&self, ch: char) -> bool {
        match self {
            Token::Literal(c) => *c == ch,
            Token::AnyChar | Token::Star => ch != '\n',
        }
    }
}

/// Marks a state without a thread.
const DEAD: usize = usize::MAX;

/// A set of automaton states, each with the earliest start offset of a thread in it; `live` lists the occupied ones
/// so that a step costs as much as the live threads, not the whole pattern.
struct States {
    start: Vec<usize>,
    live: Vec<usize>,
}

impl States {
    fn new(len: usize) -> States {
        States { start: vec![DEAD; len], live: Vec::new() }
    }

    fn clear(&mut self) {
        for &at in &self.live {
            self.start[at] = DEAD;
        }
        self.live.clear();
    }
}

/// The automaton: states are positions in the token list (forwards or reversed), the last one accepting.
/// Each live state remembers the earliest start offset of a thread in it, which is all leftmost matching needs.
struct Matcher<'p> {
    tokens: Vec<&'p Token>,
}

impl Matcher<'_> {
    fn states(&self) -> States {
        States::new(self.tokens.len() + 1)
    }

    /// Adds state `at` (and the states after any stars from it) with `start`, unless already there with an earlier one.
    fn add(&self, set: &mut States, mut at: usize, start: usize) {
        loop {
            let old = set.start[at];
            if old <= start {
                return;
            }
            if old == DEAD {
                set.live.push(at);
            }
            set.start[at] = start;
            if self.tokens.get(at) == Some(&&Token::Star) {
                at += 1;
            } else {
                return;
            }
        }
    }

    /// Consumes `ch`, keeping only threads that started at or before `limit`. Returns whether any thread lives.
    fn step(&self, current: &States, ch: char, next: &mut States, limit: usize) -> bool {
        next.clear();
        for &at in &current.live {
            let start = current.start[at];
            let Some(token) = self.tokens.get(at) else { continue };
            if start > limit || !token.matches(ch) {
                continue;
            }
            let target = if **token == Token::Star { at } else { at + 1 };
            self.add(next, target, start);
        }
        !next.live.is_empty()
    }

    /// The byte length of the shortest (or longest) prefix of `chars` that matches the whole pattern.
    fn prefix_len(&self, chars: impl Iterator<Item = char>, longest: bool) -> Option<usize> {
        let accept = self.tokens.len();
        let mut current = self.states();
        let mut next = self.states();
        self.add(&mut current, 0, 0);
        let mut best = None;
        let mut len = 0;
        let mut chars = chars;
        loop {
            if current.start[accept] != DEAD {
                best = Some(len);
                if !longest {
                    break;
                }
            }
            let Some(ch) = chars.next() else { break };
            if !self.step(&current, ch, &mut next, DEAD - 1) {
                break;
            }
            std::mem::swap(&mut current, &mut next);
            len += ch.len_utf8();
        }
        best
    }

    /// The leftmost match starting at or after byte offset `from`, the longest one at that start.
    fn find(&self, value: &str, from: usize) -> Option<(usize, usize)> {
        let accept = self.tokens.len();
        let mut current = self.states();
        let mut next = self.states();
        let mut best: Option<(usize, usize)> = None;
        let mut pos = from;
        loop {
            if best.is_none() {
                self.add(&mut current, 0, pos);
            }
            let start = current.start[accept];
            if start != DEAD && best.is_none_or(|(best_start, _)| start <= best_start) {
                best = Some((start, pos));
            }
            let Some(ch) = value.get(pos..).and_then(|rest| rest.chars().next()) else { break };
            let limit = best.map_or(DEAD - 1, |(best_start, _)| best_start);
            let alive = self.step(&current, ch, &mut next, limit);
            std::mem::swap(&mut current, &mut next);
            pos += ch.len_utf8();
            if !alive && best.is_some() {
                break;
            }
        }
        best
    }
}

impl Pattern {
    /// Parses a pattern as BuildKit receives it: already expanded, escapes kept, `\` as the escape.
    pub fn parse(pattern: &str) -> Pattern {
        let chars: Vec<char> = pattern.chars().collect();
        let mut tokens = Vec::new();
        let mut at = 0;
        while let Some(&ch) = chars.get(at) {
            at += 1;
            let token = match ch {
                '*' => {
                    if tokens.last() == Some(&Token::Star) {
                        continue;
                    }
                    Token::Star
                }
                '?' => Token::AnyChar,
                '\\' => match chars.get(at) {
                    Some(&escaped) => {
                        at += 1;
                        Token::Literal(escaped)
                    }
                    None => Token::Literal('\\'),
                },
                ch => Token::Literal(ch),
            };
            tokens.push(token);
        }
        Pattern { tokens }
    }

    fn forwards(&self) -> Matcher<'_> {
        Matcher { tokens: self.tokens.iter().collect() }
    }

    fn backwards(&self) -> Matcher<'_> {
        Matcher { tokens: self.tokens.iter().rev().collect() }
    }

    /// `${VAR#pat}` (shortest) and `${VAR##pat}` (longest).
    pub fn trim_prefix<'v>(&self, value: &'v str, longest: bool) -> &'v str {
        match self.forwards().prefix_len(value.chars(), longest) {
            Some(len) => &value[len..],
            None => value,
        }
    }

    /// `${VAR%pat}` (shortest) and `${VAR%%pat}` (longest).
    pub fn trim_suffix<'v>(&self, value: &'v str, longest: bool) -> &'v str {
        match self.backwards().prefix_len(value.chars().rev(), longest) {
            Some(len) => &value[..value.len() - len],
            None => value,
        }
    }

    /// The leftmost-longest match in `value`, as byte offsets.
    pub fn find(&self, value: &str) -> Option<(usize, usize)> {
        self.forwards().find(value, 0)
    }

    /// `${VAR/pat/repl}`: the replacement is inserted as it is.
    pub fn replace_first(&self, value: &str, replacement: &str) -> String {
        match self.find(value) {
            Some((start, end)) => [&value[..start], replacement, &value[end..]].concat(),
            None => value.to_string(),
        }
    }

    /// `${VAR//pat/repl}`, with Go's `Regexp.ReplaceAllString` rules: an empty match right after a match is skipped,
    /// and the replacement is a template (`$$` is `$`, `$0` or `${0}` the matched text, any other `$name` empty).
    pub fn replace_all(&self, value: &str, template: &str) -> String {
        let matcher = self.forwards();
        let mut out = String::with_capacity(value.len());
        let mut last_end = 0;
        let mut search = 0;
        while search <= value.len() {
            let Some((start, end)) = matcher.find(value, search) else { break };
            out.push_str(&value[last_end..start]);
            if end > last_end || start == 0 {
                expand_template(&mut out, template, &value[start..end]);
            }
            last_end = end;
            let width = value[search..].chars().next().map_or(0, char::len_utf8);
            if search + width > end {
                search += width;
            } else if search + 1 > end {
                search += 1;
            } else {
                search = end;
            }
        }
        out.push_str(&value[last_end..]);
        out
    }
}

/// Go's `Regexp.Expand` for a pattern without capture groups.
fn expand_template(out: &mut String, template: &str, matched: &str) {
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        rest = &rest[dollar + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let (braced, body) = match rest.strip_prefix('{') {
            Some(body) => (true, body),
            None => (false, rest),
        };
        let name_len = body
            .char_indices()
            .find(|&(_, ch)| !(super::is_go_letter(ch) || super::is_go_digit(ch) || ch == '_'))
            .map_or(body.len(), |(i, _)| i);
        let (name, after_name) = body.split_at(name_len);
        let after = if braced { after_name.strip_prefix('}') } else { Some(after_name) };
        match after {
            Some(after) if !name.is_empty() => {
                if name == "0" {
                    out.push_str(matched);
                }
                rest = after;
            }
            // Malformed: the `$` is plain text.
            _ => out.push('$'),
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefix(pattern: &str, value: &str, longest: bool) -> String {
        Pattern::parse(pattern).trim_prefix(value, longest).to_string()
    }

    fn suffix(pattern: &str, value: &str, longest: bool) -> String {
        Pattern::parse(pattern).trim_suffix(value, longest).to_string()
    }

    #[test]
    fn trims_shortest_and_longest() {
        assert_eq!(prefix("f*b", "foobarbaz", false), "arbaz");
        assert_eq!(prefix("f*b", "foobarbaz", true), "az");
        assert_eq!(suffix("b*", "foobarbaz", false), "foobar");
        assert_eq!(suffix("b*", "foobarbaz", true), "foo");
        assert_eq!(prefix("*", "xxx", false), "xxx");
        assert_eq!(prefix("*", "xxx", true), "");
        assert_eq!(prefix("?", "xxx", true), "xx");
        assert_eq!(prefix("*x", "xxx", false), "xx");
        assert_eq!(prefix("*x", "xxx", true), "");
        assert_eq!(prefix("y", "xxx", true), "xxx");
        assert_eq!(prefix("", "xxx", true), "xxx");
        assert_eq!(suffix("", "xxx", true), "xxx");
        assert_eq!(suffix(".*", "archive.tar.gz", false), "archive.tar");
        assert_eq!(suffix(".*", "archive.tar.gz", true), "archive");
        assert_eq!(prefix("*/", "/usr/local/bin", true), "bin");
        assert_eq!(prefix("*/", "/usr/local/bin", false), "usr/local/bin");
    }

    #[test]
    fn escapes_are_literal() {
        assert_eq!(suffix(r"\**\*", "a***yyy*", true), "a");
        assert_eq!(suffix(r"\**\*", "a***yyy*", false), "a**");
        assert_eq!(prefix(r"\?", "?x", false), "x");
        assert_eq!(prefix(r"\?", "ax", false), "ax");
        assert_eq!(prefix(r"\\", r"\x", false), "x");
        assert_eq!(prefix(r"\}", "}x", false), "x");
        assert_eq!(prefix("\\", "\\x", false), "x");
        assert_eq!(prefix(r"\[a]", "[a]x", false), "x");
    }

    #[test]
    fn stars_and_question_marks_stop_at_newlines() {
        assert_eq!(prefix("*", "ab\ncd", true), "\ncd");
        assert_eq!(prefix("a?c", "a\nc!", false), "a\nc!");
        assert_eq!(prefix("*z", "a\nz", true), "a\nz");
    }

    #[test]
    fn brackets_are_literal() {
        assert_eq!(prefix("[abc]", "[abc]x", false), "x");
        assert_eq!(prefix("[abc]", "bx", false), "bx");
        assert_eq!(prefix("[a-c]*", "cat", true), "cat");
        assert_eq!(prefix("[a-c]*", "[a-c]at", false), "at");
        assert_eq!(prefix("[!x]", "[!x]y", false), "y");
        assert_eq!(prefix("[!x]", "y", false), "y");
        assert_eq!(prefix("[^x]", "[^x]y", false), "y");
        assert_eq!(prefix("[]]", "[]]x", false), "x");
        assert_eq!(prefix("[]]", "]x", false), "]x");
        assert_eq!(prefix("[ab", "[abc", false), "c");
        assert_eq!(prefix("a]", "a]b", false), "b");
        assert_eq!(suffix("[[:digit:]]*", "v1.2.3", true), "v1.2.3");
        assert_eq!(suffix("[[:digit:]]*", "v[[:digit:]]1", true), "v");
        assert_eq!(prefix("?[?]", "x[y]z", false), "z");
        assert_eq!(Pattern::parse("[ab]").find("ab[ab]"), Some((2, 6)));
    }

    #[test]
    fn replaces_leftmost_longest() {
        let p = Pattern::parse("ba");
        assert_eq!(p.replace_first("foobarbaz", "fo"), "fooforbaz");
        assert_eq!(p.replace_all("foobarbaz", "fo"), "fooforfoz");
        let p = Pattern::parse("o*");
        assert_eq!(p.find("foobar"), Some((1, 6)));
        let p = Pattern::parse("a?c");
        assert_eq!(p.find("xxabcabc"), Some((2, 5)));
        assert_eq!(Pattern::parse("a?c").replace_all("abcadcaxc", "-"), "---");
        assert_eq!(Pattern::parse("b*d").find("abcbdxd"), Some((1, 7)));
        assert_eq!(Pattern::parse("x").find("abc"), None);
        assert_eq!(Pattern::parse("[0-9]").replace_all("a1[0-9]b[0-9][0-9]c9", "#"), "a1#b##c9");
    }

    #[test]
    fn replace_all_follows_go_for_empty_matches_and_templates() {
        assert_eq!(Pattern::parse("").replace_all("abc", "-"), "-a-b-c-");
        assert_eq!(Pattern::parse("").replace_first("abc", "-"), "-abc");
        assert_eq!(Pattern::parse("*").replace_all("abc", "-"), "-");
        assert_eq!(Pattern::parse("*").replace_all("", "-"), "-");
        assert_eq!(Pattern::parse("x*").replace_all("axbxc", "-"), "a-");
        assert_eq!(Pattern::parse("o").replace_all("foo", "<$0>"), "f<o><o>");
        assert_eq!(Pattern::parse("o").replace_all("foo", "${0}"), "foo");
        assert_eq!(Pattern::parse("o").replace_all("foo", "$$"), "f$$");
        assert_eq!(Pattern::parse("o").replace_all("foo", "$1x$name"), "f");
        assert_eq!(Pattern::parse("o").replace_all("foo", "$.${"), "f$.${$.${");
        assert_eq!(Pattern::parse("o").replace_first("foo", "$0"), "f$0o");
        assert_eq!(Pattern::parse("ö").replace_all("föö", "o"), "foo");
    }

    #[test]
    fn adversarial_patterns_stay_fast() {
        let value = "a".repeat(20_000);
        let pattern = format!("{}b", "*a".repeat(200));
        let p = Pattern::parse(&pattern);
        assert_eq!(p.trim_prefix(&value, true), value);
        assert_eq!(p.trim_suffix(&value, false), value);
        assert_eq!(p.find(&value), None);
        let brackets = "[[:".repeat(50_000);
        assert_eq!(Pattern::parse(&brackets).trim_prefix(&brackets, false), "");
        let many = "a\n".repeat(5_000);
        assert_eq!(Pattern::parse("a*").replace_all(&many, "b"), "b\n".repeat(5_000));
    }
}
