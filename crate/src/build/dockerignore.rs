//! `.dockerignore`: which context files the builder never sees. Patterns follow Docker's pattern matcher: Go
//! `filepath.Match` segments (`*`, `?`, `[…]`, `\`), `**` for any number of directories, `!` to re-include, the last
//! matching pattern wins, and a pattern that matches a directory also matches everything below it.

/// One pattern line, cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pattern {
    segments: Vec<String>,
    exclusion: bool,
    /// 1-based line in the .dockerignore, for explanations ("ignored by line 3: node_modules").
    line: usize,
    text: String,
}

/// A parsed `.dockerignore`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DockerIgnore {
    patterns: Vec<Pattern>,
}

/// Why a path is (not) in the context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoreMatch {
    pub ignored: bool,
    /// The deciding pattern line and its text.
    pub line: usize,
    pub pattern: String,
}

impl DockerIgnore {
    pub fn parse(text: &str) -> DockerIgnore {
        let mut patterns = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (exclusion, body) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let cleaned = clean(body);
            if cleaned.is_empty() {
                continue;
            }
            let segments = cleaned.split('/').map(str::to_string).collect();
            patterns.push(Pattern { segments, exclusion, line: index + 1, text: line.to_string() });
        }
        DockerIgnore { patterns }
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether `path` (relative to the context root, `/`-separated) is excluded from the context.
    pub fn is_ignored(&self, path: &str) -> bool {
        self.explain(path).is_some_and(|m| m.ignored)
    }

    /// The last pattern that decides about `path`, or None when no pattern mentions it.
    pub fn explain(&self, path: &str) -> Option<IgnoreMatch> {
        let cleaned = clean(path);
        let parts: Vec<&str> = cleaned.split('/').filter(|p| !p.is_empty()).collect();
        let mut decision = None;
        for pattern in &self.patterns {
            // A pattern matches the path itself or any of its parent directories.
            let matched = (1..=parts.len()).any(|n| match_segments(&pattern.segments, &parts[..n]));
            if matched {
                decision = Some(IgnoreMatch {
                    ignored: !pattern.exclusion,
                    line: pattern.line,
                    pattern: pattern.text.clone(),
                });
            }
        }
        decision
    }
}

/// Go's `filepath.Clean` for `/`-separated relative patterns, with a leading `/` dropped (patterns are relative to
/// the context root) and `..` never climbing above it.
fn clean(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.join("/")
}

/// Matches pattern segments against path segments, `**` standing for zero or more segments. Dynamic programming
/// over (pattern, path) positions, so `**/**/**` cannot blow up.
fn match_segments(pattern: &[String], path: &[&str]) -> bool {
    let (p, n) = (pattern.len(), path.len());
    // reach[i][j]: pattern[..i] matches path[..j].
    let mut reach = vec![vec![false; n + 1]; p + 1];
    reach[0][0] = true;
    for i in 1..=p {
        let segment = pattern[i - 1].as_str();
        for j in 0..=n {
            reach[i][j] = if segment == "**" {
                reach[i - 1][j] || (j > 0 && reach[i][j - 1])
            } else {
                j > 0 && reach[i - 1][j - 1] && glob_segment(segment, path[j - 1])
            };
        }
    }
    reach[p][n]
}

/// Go's `filepath.Match` for one path segment: `*`, `?`, `[…]` with ranges and `^`/`!` negation, `\` escapes.
/// Iterative with a single backtrack point for `*` (the classic linear-time wildcard algorithm).
pub fn glob_segment(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < name.len() {
        if pi < pattern.len() {
            match pattern[pi] {
                '*' => {
                    star = Some((pi, ni));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = match_class(&pattern, pi, name[ni]) {
                        if matched {
                            pi = next;
                            ni += 1;
                            continue;
                        }
                    } else if name[ni] == '[' {
                        // An unterminated class is a literal `[` here (Go reports ErrBadPattern: no match).
                        return false;
                    }
                }
                '\\' if pi + 1 < pattern.len() && pattern[pi + 1] == name[ni] => {
                    pi += 2;
                    ni += 1;
                    continue;
                }
                '\\' if pi + 1 < pattern.len() => {}
                c if c == name[ni] => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((star_pi, star_ni)) => {
                pi = star_pi + 1;
                ni = star_ni + 1;
                star = Some((star_pi, star_ni + 1));
            }
            None => return false,
        }
    }
    pattern[pi..].iter().all(|&c| c == '*')
}

/// Reads a `[…]` class starting at `start`; returns whether `c` is in it and the index after `]`, or None when the
/// class never closes.
fn match_class(pattern: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negated = matches!(pattern.get(i), Some('^' | '!'));
    if negated {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let lo = *pattern.get(i)?;
        if lo == ']' && !first {
            return Some((matched != negated, i + 1));
        }
        first = false;
        let (lo, after_lo) = if lo == '\\' { (*pattern.get(i + 1)?, i + 2) } else { (lo, i + 1) };
        i = after_lo;
        if pattern.get(i) == Some(&'-') && pattern.get(i + 1).is_some_and(|&h| h != ']') {
            let hi = *pattern.get(i + 1)?;
            let (hi, after_hi) = if hi == '\\' { (*pattern.get(i + 2)?, i + 3) } else { (hi, i + 2) };
            i = after_hi;
            if lo <= c && c <= hi {
                matched = true;
            }
        } else if lo == c {
            matched = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_match_like_go() {
        assert!(glob_segment("*.md", "README.md"));
        assert!(!glob_segment("*.md", "README.mdx"));
        assert!(glob_segment("a?c", "abc"));
        assert!(glob_segment("[a-c]x", "bx"));
        assert!(!glob_segment("[!a-c]x", "bx"));
        assert!(glob_segment("[^a-c]x", "dx"));
        assert!(glob_segment(r"\*", "*"));
        assert!(!glob_segment(r"\*", "a"));
        assert!(glob_segment("*a*a*a*a*a*b", &format!("{}b", "a".repeat(5000))));
        assert!(!glob_segment("*a*a*a*a*a*b", &"a".repeat(5000)));
    }

    #[test]
    fn last_pattern_wins_and_parents_match() {
        let ignore =
            DockerIgnore::parse("# comment\nnode_modules\n*.log\n!important.log\n/build/\ndocs/**/*.md\n**/.git\n");
        assert!(ignore.is_ignored("node_modules"));
        assert!(ignore.is_ignored("node_modules/express/index.js"));
        assert!(ignore.is_ignored("debug.log"));
        assert!(!ignore.is_ignored("important.log"));
        assert!(!ignore.is_ignored("src/debug.log"), "*.log only matches at the root");
        assert!(ignore.is_ignored("build/app.js"));
        assert!(ignore.is_ignored("docs/a/b/c.md"));
        assert!(ignore.is_ignored("docs/c.md"), "** matches zero directories");
        assert!(ignore.is_ignored("x/y/.git/HEAD"));
        assert!(!ignore.is_ignored("src/main.rs"));
        let why = ignore.explain("important.log").unwrap();
        assert_eq!((why.ignored, why.line, why.pattern.as_str()), (false, 4, "!important.log"));
    }

    #[test]
    fn reinclude_inside_an_ignored_directory() {
        let ignore = DockerIgnore::parse("*\n!src\n!package.json\nsrc/*.test.js\n");
        assert!(ignore.is_ignored("README.md"));
        assert!(!ignore.is_ignored("package.json"));
        assert!(!ignore.is_ignored("src/app.js"));
        assert!(ignore.is_ignored("src/app.test.js"));
    }

    #[test]
    fn many_double_stars_stay_fast() {
        let ignore = DockerIgnore::parse(&"**/".repeat(200));
        let deep = vec!["d"; 500].join("/");
        assert!(ignore.is_ignored(&deep));
    }
}
