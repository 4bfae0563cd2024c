//! Shell patterns (`*`, `?`, `[...]` with ranges, negation and `[:class:]`), as `case`, `${VAR#pat}` and pathname
//! expansion use them. Patterns arrive as text where `\x` is a literal `x` (the expander escapes quoted characters).
//! Matching simulates an automaton over the pattern, tracking sets of positions: no backtracking, so one attempt
//! costs at most `O(pattern × text)` whatever the input.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    tokens: Vec<Token>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Lit(char),
    Any,
    Star,
    Class(Class),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    negated: bool,
    items: Vec<Item>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Item {
    Char(char),
    Range(char, char),
    Named(Named),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    Alpha,
    Digit,
    Alnum,
    Upper,
    Lower,
    Space,
    Blank,
    Punct,
    Print,
    Graph,
    Cntrl,
    Xdigit,
}

impl Named {
    pub fn from_name(name: &str) -> Option<Named> {
        Some(match name {
            "alpha" => Named::Alpha,
            "digit" => Named::Digit,
            "alnum" => Named::Alnum,
            "upper" => Named::Upper,
            "lower" => Named::Lower,
            "space" => Named::Space,
            "blank" => Named::Blank,
            "punct" => Named::Punct,
            "print" => Named::Print,
            "graph" => Named::Graph,
            "cntrl" => Named::Cntrl,
            "xdigit" => Named::Xdigit,
            _ => return None,
        })
    }

    pub fn contains(self, c: char) -> bool {
        match self {
            Named::Alpha => c.is_alphabetic(),
            Named::Digit => c.is_ascii_digit(),
            Named::Alnum => c.is_alphanumeric(),
            Named::Upper => c.is_uppercase(),
            Named::Lower => c.is_lowercase(),
            Named::Space => c.is_whitespace(),
            Named::Blank => c == ' ' || c == '\t',
            Named::Punct => c.is_ascii_punctuation(),
            Named::Print => !c.is_control(),
            Named::Graph => !c.is_control() && !c.is_whitespace(),
            Named::Cntrl => c.is_control(),
            Named::Xdigit => c.is_ascii_hexdigit(),
        }
    }
}

impl Class {
    pub fn matches(&self, c: char) -> bool {
        let hit = self.items.iter().any(|item| match *item {
            Item::Char(x) => x == c,
            Item::Range(lo, hi) => lo <= c && c <= hi,
            Item::Named(named) => named.contains(c),
        });
        hit != self.negated
    }
}

/// Parses a bracket expression starting just after `[`; returns the class and the number of chars consumed
/// (including the closing `]`), or `None` when there is no closing bracket (then `[` is a literal).
fn parse_class(chars: &[char]) -> Option<(Class, usize)> {
    let mut i = 0;
    let mut negated = false;
    if matches!(chars.first(), Some('!' | '^')) {
        negated = true;
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Class { negated, items }, i + 1));
        }
        first = false;
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest = &chars[i + 2..];
            if let Some(end) = rest.windows(2).position(|w| w == [':', ']']) {
                let name: String = rest[..end].iter().collect();
                if let Some(named) = Named::from_name(&name) {
                    items.push(Item::Named(named));
                    i += 2 + end + 2;
                    continue;
                }
            }
        }
        let (lo, used) = if c == '\\' { (*chars.get(i + 1)?, 2) } else { (c, 1) };
        i += used;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&n| n != ']') {
            let n = *chars.get(i + 1)?;
            let (hi, used) = if n == '\\' { (*chars.get(i + 2)?, 3) } else { (n, 2) };
            i += used;
            items.push(Item::Range(lo, hi));
        } else {
            items.push(Item::Char(lo));
        }
    }
}

/// Whether `pat` contains an unescaped `*`, `?` or a bracket expression (so it needs matching at all).
pub fn has_magic(pat: &str) -> bool {
    let chars: Vec<char> = pat.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '*' | '?' => return true,
            '[' if parse_class(&chars[i + 1..]).is_some() => return true,
            _ => i += 1,
        }
    }
    false
}

/// Removes the backslash escapes of a pattern (what a pattern without magic stands for).
pub fn unescape(pat: &str) -> String {
    let mut out = String::with_capacity(pat.len());
    let mut chars = pat.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(next) => out.push(next),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

const DEAD: usize = usize::MAX;

impl Pattern {
    pub fn parse(pat: &str) -> Pattern {
        let chars: Vec<char> = pat.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '\\' => {
                    match chars.get(i + 1) {
                        Some(&next) => tokens.push(Token::Lit(next)),
                        None => tokens.push(Token::Lit('\\')),
                    }
                    i += 2;
                }
                '*' => {
                    if tokens.last() != Some(&Token::Star) {
                        tokens.push(Token::Star);
                    }
                    i += 1;
                }
                '?' => {
                    tokens.push(Token::Any);
                    i += 1;
                }
                '[' => match parse_class(&chars[i + 1..]) {
                    Some((class, used)) => {
                        tokens.push(Token::Class(class));
                        i += 1 + used;
                    }
                    None => {
                        tokens.push(Token::Lit('['));
                        i += 1;
                    }
                },
                _ => {
                    tokens.push(Token::Lit(c));
                    i += 1;
                }
            }
        }
        Pattern { tokens }
    }

    /// Whether the pattern starts with a literal `.` (globbing shows hidden files only then).
    pub fn starts_with_dot(&self) -> bool {
        self.tokens.first() == Some(&Token::Lit('.'))
    }

    fn reversed(&self) -> Pattern {
        Pattern { tokens: self.tokens.iter().rev().cloned().collect() }
    }

    fn step_ok(token: &Token, c: char) -> bool {
        match token {
            Token::Lit(l) => *l == c,
            Token::Any | Token::Star => true,
            Token::Class(class) => class.matches(c),
        }
    }

    /// Adds state `at` and everything reachable from it through stars.
    fn add(&self, set: &mut Vec<usize>, seen: &mut [bool], mut at: usize) {
        loop {
            if seen[at] {
                return;
            }
            seen[at] = true;
            set.push(at);
            if self.tokens.get(at) == Some(&Token::Star) {
                at += 1;
            } else {
                return;
            }
        }
    }

    /// The lengths (in chars) of the prefixes of `text` that the pattern matches, shortest first.
    fn prefix_lengths(&self, text: &[char], want_longest: bool) -> Option<usize> {
        let n = self.tokens.len();
        let mut seen = vec![false; n + 1];
        let mut set = Vec::new();
        self.add(&mut set, &mut seen, 0);
        let mut best = None;
        for (i, &c) in text.iter().enumerate() {
            if seen[n] {
                best = Some(i);
                if !want_longest {
                    return best;
                }
            }
            let mut next = Vec::new();
            let mut next_seen = vec![false; n + 1];
            for &state in &set {
                if let Some(token) = self.tokens.get(state) {
                    if Pattern::step_ok(token, c) {
                        let to = if *token == Token::Star { state } else { state + 1 };
                        self.add(&mut next, &mut next_seen, to);
                    }
                }
            }
            if next.is_empty() {
                return best;
            }
            set = next;
            seen = next_seen;
        }
        if seen[n] {
            best = Some(text.len());
        }
        best
    }

    pub fn matches(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        self.prefix_lengths(&chars, true) == Some(chars.len())
    }

    /// `${VAR#pat}` / `${VAR##pat}`: the text without the shortest/longest matching prefix.
    pub fn trim_prefix<'t>(&self, text: &'t str, longest: bool) -> &'t str {
        let chars: Vec<char> = text.chars().collect();
        match self.prefix_lengths(&chars, longest) {
            Some(len) => {
                let bytes: usize = chars[..len].iter().map(|c| c.len_utf8()).sum();
                &text[bytes..]
            }
            None => text,
        }
    }

    /// `${VAR%pat}` / `${VAR%%pat}`: the text without the shortest/longest matching suffix.
    pub fn trim_suffix<'t>(&self, text: &'t str, longest: bool) -> &'t str {
        let mut chars: Vec<char> = text.chars().collect();
        chars.reverse();
        match self.reversed().prefix_lengths(&chars, longest) {
            Some(len) => {
                let bytes: usize = chars[..len].iter().map(|c| c.len_utf8()).sum();
                &text[..text.len() - bytes]
            }
            None => text,
        }
    }

    /// The leftmost-longest match in `chars[from..]`, as a char range.
    pub fn find(&self, chars: &[char], from: usize) -> Option<(usize, usize)> {
        let n = self.tokens.len();
        // start[state] = earliest start of a thread in that state.
        let mut start = vec![DEAD; n + 1];
        let mut live: Vec<usize> = Vec::new();
        let mut best: Option<(usize, usize)> = None;
        let mut pos = from;
        loop {
            if best.is_none() && pos <= chars.len() {
                seed(self, &mut start, &mut live, 0, pos);
            }
            if start[n] != DEAD {
                let s = start[n];
                match best {
                    Some((bs, be)) if bs < s || (bs == s && be >= pos) => {}
                    _ => best = Some((s, pos)),
                }
            }
            if let Some((bs, _)) = best {
                live.retain(|&st| start[st] <= bs);
            }
            if pos >= chars.len() || live.is_empty() && best.is_some() {
                return best;
            }
            let c = chars[pos];
            let mut next_start = vec![DEAD; n + 1];
            let mut next_live = Vec::new();
            for &state in &live {
                let s = start[state];
                if let Some(token) = self.tokens.get(state) {
                    if Pattern::step_ok(token, c) {
                        let to = if *token == Token::Star { state } else { state + 1 };
                        seed(self, &mut next_start, &mut next_live, to, s);
                    }
                }
            }
            start = next_start;
            live = next_live;
            pos += 1;
        }
    }
}

fn seed(p: &Pattern, start: &mut [usize], live: &mut Vec<usize>, mut at: usize, s: usize) {
    loop {
        if start[at] <= s {
            return;
        }
        if start[at] == DEAD {
            live.push(at);
        }
        start[at] = s;
        if p.tokens.get(at) == Some(&Token::Star) {
            at += 1;
        } else {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Pattern::parse(p).matches(t)
    }

    #[test]
    fn basic_matching() {
        assert!(m("*", ""));
        assert!(m("*.txt", "a.txt"));
        assert!(!m("*.txt", "a.txt.bak"));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(m("[abc]x", "bx"));
        assert!(m("[!abc]x", "dx"));
        assert!(!m("[!abc]x", "ax"));
        assert!(m("[a-z]*[0-9]", "hello5"));
        assert!(m("[[:digit:]][[:alpha:]]", "1a"));
        assert!(m("\\*", "*"));
        assert!(!m("\\*", "a"));
        assert!(m("[", "["));
        assert!(m("[]]", "]"));
        assert!(m("a*b*c", "aXXbYYc"));
    }

    #[test]
    fn trimming() {
        let p = Pattern::parse("*/");
        assert_eq!(p.trim_prefix("a/b/c", false), "b/c");
        assert_eq!(p.trim_prefix("a/b/c", true), "c");
        let p = Pattern::parse(".*");
        assert_eq!(p.trim_suffix("f.tar.gz", false), "f.tar");
        assert_eq!(p.trim_suffix("f.tar.gz", true), "f");
        assert_eq!(Pattern::parse("x").trim_suffix("abc", true), "abc");
    }

    #[test]
    fn find_is_leftmost_longest() {
        let chars: Vec<char> = "xxabcabc".chars().collect();
        assert_eq!(Pattern::parse("a*c").find(&chars, 0), Some((2, 8)));
        assert_eq!(Pattern::parse("b").find(&chars, 0), Some((3, 4)));
        assert_eq!(Pattern::parse("z").find(&chars, 0), None);
        assert_eq!(Pattern::parse("*").find(&chars, 0), Some((0, 8)));
    }

    #[test]
    fn pathological_patterns_are_fast() {
        let text = "a".repeat(5000);
        let pat = "*a".repeat(200) + "b";
        assert!(!m(&pat, &text));
        assert_eq!(Pattern::parse(&pat).find(&text.chars().collect::<Vec<_>>(), 0), None);
    }
}
