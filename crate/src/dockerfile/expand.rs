//! Word expansion for Dockerfile instructions: `$VAR`, `${VAR:-word}`, `${VAR#pat}`, `${VAR/pat/repl}`, quotes and
//! escapes, with the semantics of BuildKit's shell lexer (`frontend/dockerfile/shell/lex.go`, v0.13+), which is not
//! quite a POSIX shell. Pure string work: knows nothing of instructions, builds or files.
//!
//! Where BuildKit and bash disagree this module follows BuildKit; the places are listed on [`Lexer`]. Nesting of
//! `${...}` is bounded ([`MAX_DEPTH`]) and pattern matching is a non-backtracking automaton, so no input makes it
//! panic, overflow the stack or take more than `O(pattern × value)` per match attempt.

mod glob;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::hash::BuildHasher;

/// How deeply `${...}` expansions may nest (counting every `${` that is open at once) before expansion fails.
pub const MAX_DEPTH: usize = 64;

/// The largest expansion result, in bytes. Nested `${V//pattern/replacement}` can multiply the size at every level
/// (exponential in the input), so results past this bound are refused instead of filling memory.
pub const MAX_EXPANSION_BYTES: usize = 1 << 20;

/// Environment lookups for expansion. Implemented for slices of "K=V" strings and for BTreeMap<String,String>.
///
/// For lists of `K=V` strings the last entry for a key wins and an entry without `=` defines the key with an empty
/// value (BuildKit's `EnvsFromSlice`). Lookups are case-sensitive (BuildKit on Unix).
pub trait Env {
    fn get(&self, name: &str) -> Option<&str>;
}

fn lookup_pairs<'a, S: AsRef<str>>(items: &'a [S], name: &str) -> Option<&'a str> {
    items.iter().rev().find_map(|item| {
        let item = item.as_ref();
        let (key, value) = item.split_once('=').unwrap_or((item, ""));
        (key == name).then_some(value)
    })
}

impl<S: AsRef<str>> Env for [S] {
    fn get(&self, name: &str) -> Option<&str> {
        lookup_pairs(self, name)
    }
}

impl<S: AsRef<str>, const N: usize> Env for [S; N] {
    fn get(&self, name: &str) -> Option<&str> {
        lookup_pairs(self, name)
    }
}

impl<S: AsRef<str>> Env for Vec<S> {
    fn get(&self, name: &str) -> Option<&str> {
        lookup_pairs(self, name)
    }
}

impl Env for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(String::as_str)
    }
}

impl<H: BuildHasher> Env for HashMap<String, String, H> {
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(String::as_str)
    }
}

impl<E: Env + ?Sized> Env for &E {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }
}

/// BuildKit's word lexer (`shell.Lex`): the escape character of the Dockerfile plus four switches.
///
/// Semantics, including the places where BuildKit differs from bash (BuildKit is followed in each):
/// - Single quotes are literal. Inside double quotes only `"`, `$` and the escape character can be escaped; any other
///   escape stays (`"a\tb"` is `a\tb`). Outside quotes the escape character takes the next character literally and a
///   trailing lone escape is dropped.
/// - `$1`, `$10`, `$@`, `$*`, `$#`, `$?`, `$-`, `$$`, `$!`, `$0` are looked up like any name (so normally empty).
///   All digits after `$` form the name (`$10` is one name, bash reads `${1}0`). Names may contain Unicode letters.
/// - The word of every modifier (`${V:-word}`, `${V:+word}` …) is expanded eagerly, whether it is used or not: its
///   variables are recorded as matched/unmatched and its errors are reported (`${SET:-${UNSET:?}}` fails).
/// - Only `-`, `+`, `?` take the `:` form; `${V:#p}`, `${V:%p}`, `${V:=w}`, `${V=w}`, `${#V}`, `${V:1}` are errors.
/// - Patterns are matched after the word is expanded, so quoting inside a pattern does not make `*` literal (only a
///   `\` does, and `\` is the pattern escape even when the Dockerfile escape is `` ` ``). `*` and `?` do not match a
///   newline (BuildKit compiles patterns to Go regular expressions). `[` and `]` are literal: there are no bracket
///   expressions (`[abc]`, `[!x]`), as in BuildKit.
/// - `${V/pat/repl}` needs both slashes (`${V/pat}` is an error). An empty pattern matches the empty string (so
///   `${V/''/x}` prepends `x`, `${V//''/x}` puts `x` between every character). In `${V//pat/repl}` the replacement
///   goes through Go's `Regexp.Expand`: `$$` is `$`, `$0`/`${0}` is the matched text and other `$name` are empty.
///   The pattern and the replacement keep their escape characters (`${V/a/\}}` gives `\}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexer {
    /// The escape character (`\`, or `` ` `` after `# escape=``).
    pub escape: char,
    /// Keep quote characters in the result (used for heredocs).
    pub raw_quotes: bool,
    /// Keep escape characters in the result (used for heredocs).
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as they were written (`$X`, `${X}`, `${X:-w}` with `w` expanded).
    pub skip_unset_env: bool,
}

/// The result of expanding one word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    pub value: String,
    /// variable names referenced that were set
    pub matched: BTreeSet<String>,
    /// names referenced but unset (BuildKit's "unmatched", used by the UndefinedVar lint)
    pub unmatched: BTreeSet<String>,
}

/// The result of expanding and splitting a word, with the variables it referenced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordsExpansion {
    pub words: Vec<String>,
    pub matched: BTreeSet<String>,
    pub unmatched: BTreeSet<String>,
}

/// Why a word could not be expanded. `message` is BuildKit's text without its `failed to process "…": ` prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    pub message: String,
    /// byte offset in the input word where the problem is (for a caret)
    pub offset: usize,
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpandError {}

impl Default for Lexer {
    fn default() -> Lexer {
        Lexer::new('\\')
    }
}

impl Lexer {
    /// A lexer with the given escape character and all switches off.
    pub fn new(escape: char) -> Lexer {
        Lexer { escape, raw_quotes: false, raw_escapes: false, skip_process_quotes: false, skip_unset_env: false }
    }

    /// Expands one word (no splitting): what ENV/LABEL/WORKDIR/USER/ARG values... use.
    pub fn expand_word(&self, word: &str, env: &dyn Env) -> Result<Expansion, ExpandError> {
        let mut run = Run::new(self, word, env);
        let value = run.process_stop_on(None, self.raw_escapes, None)?;
        Ok(Expansion { value, matched: run.matched, unmatched: run.unmatched })
    }

    /// Expands and splits into words on unquoted whitespace: what FROM/COPY/ADD/EXPOSE/VOLUME... use.
    ///
    /// Whitespace that comes from an unquoted variable splits too (`$V` with `V="a b"` gives two words, `"$V"` one).
    /// Like BuildKit, a word that ends up empty is dropped even when it was quoted: `""` gives no word at all.
    pub fn expand_words(&self, word: &str, env: &dyn Env) -> Result<Vec<String>, ExpandError> {
        self.expand_words_with_matches(word, env).map(|expansion| expansion.words)
    }

    /// [`Lexer::expand_words`], also reporting which variables were referenced.
    pub fn expand_words_with_matches(&self, word: &str, env: &dyn Env) -> Result<WordsExpansion, ExpandError> {
        let mut run = Run::new(self, word, env);
        let mut words = Words::default();
        run.process_stop_on(None, self.raw_escapes, Some(&mut words))?;
        Ok(WordsExpansion { words: words.finish(), matched: run.matched, unmatched: run.unmatched })
    }
}

/// BuildKit's `wordsStruct`: accumulates words, splitting on whitespace added with `add_char`.
#[derive(Default)]
struct Words {
    words: Vec<String>,
    word: String,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, ch: char) {
        if ch.is_whitespace() {
            if self.in_word && !self.word.is_empty() {
                self.words.push(std::mem::take(&mut self.word));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(ch);
        }
    }

    fn add_raw_char(&mut self, ch: char) {
        self.word.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        s.chars().for_each(|ch| self.add_char(ch));
    }

    fn add_raw_string(&mut self, s: &str) {
        self.word.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.word.is_empty() {
            self.words.push(self.word);
        }
        self.words
    }
}

/// One expansion in progress (BuildKit's `shellWord`): the scanner position plus what has been looked up.
struct Run<'a> {
    lexer: &'a Lexer,
    src: &'a str,
    pos: usize,
    env: &'a dyn Env,
    /// The current raw-escapes setting; modifier words and patterns change it while they are read.
    raw_escapes: bool,
    depth: usize,
    /// Set once MAX_DEPTH is exceeded, so that no outer level rewrites that error.
    too_deep: bool,
    matched: BTreeSet<String>,
    unmatched: BTreeSet<String>,
}

fn fail<T>(message: impl Into<String>, offset: usize) -> Result<T, ExpandError> {
    Err(ExpandError { message: message.into(), offset })
}

fn too_large() -> String {
    format!("expansion result is larger than {} MiB (layerlab limit)", MAX_EXPANSION_BYTES >> 20)
}

impl<'a> Run<'a> {
    fn new(lexer: &'a Lexer, src: &'a str, env: &'a dyn Env) -> Run<'a> {
        // Go's text/scanner skips a byte order mark at the very start of its input.
        let pos = if src.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
        Run {
            lexer,
            src,
            pos,
            env,
            raw_escapes: lexer.raw_escapes,
            depth: 0,
            too_deep: false,
            matched: BTreeSet::new(),
            unmatched: BTreeSet::new(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    fn get_env(&mut self, name: &str) -> Option<String> {
        match self.env.get(name) {
            Some(value) => {
                self.matched.insert(name.to_string());
                Some(value.to_string())
            }
            None => {
                self.unmatched.insert(name.to_string());
                None
            }
        }
    }

    /// Reads until `stop` (consumed) or the end of input, expanding as it goes. `raw_escapes` applies while reading.
    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        words: Option<&mut Words>,
    ) -> Result<String, ExpandError> {
        let saved = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let result = self.stop_on(stop, words);
        self.raw_escapes = saved;
        result
    }

    fn stop_on(&mut self, stop: Option<char>, mut words: Option<&mut Words>) -> Result<String, ExpandError> {
        let mut result = String::new();
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.next();
                return Ok(result);
            }
            let quote = !self.lexer.skip_process_quotes && (ch == '\'' || ch == '"');
            if ch == '$' || quote {
                let part = match ch {
                    '$' => self.process_dollar()?,
                    '\'' => self.process_single_quote()?,
                    _ => self.process_double_quote()?,
                };
                if let Some(words) = words.as_deref_mut() {
                    // Expansions split on whitespace, quoted text does not.
                    if ch == '$' {
                        words.add_string(&part);
                    } else {
                        words.add_raw_string(&part);
                    }
                }
                result.push_str(&part);
                if result.len() > MAX_EXPANSION_BYTES {
                    return fail(too_large(), self.pos);
                }
                continue;
            }
            self.next();
            if ch == self.lexer.escape {
                if self.raw_escapes {
                    result.push(ch);
                    if let Some(words) = words.as_deref_mut() {
                        words.add_raw_char(ch);
                    }
                }
                // The escape takes the next character literally; a lone escape at the end is dropped.
                let Some(escaped) = self.next() else { break };
                result.push(escaped);
                if let Some(words) = words.as_deref_mut() {
                    words.add_raw_char(escaped);
                }
            } else {
                result.push(ch);
                if let Some(words) = words.as_deref_mut() {
                    words.add_char(ch);
                }
            }
        }
        match stop {
            Some(stop) => fail(format!("unexpected end of statement while looking for matching {stop}"), self.pos),
            None => Ok(result),
        }
    }

    fn process_single_quote(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        let mut result = String::new();
        self.next();
        if self.lexer.raw_quotes {
            result.push('\'');
        }
        loop {
            match self.next() {
                None => return fail("unexpected end of statement while looking for matching single-quote", start),
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    fn process_double_quote(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        let mut result = String::new();
        self.next();
        if self.lexer.raw_quotes {
            result.push('"');
        }
        loop {
            match self.peek() {
                None => return fail("unexpected end of statement while looking for matching double-quote", start),
                Some('"') => {
                    self.next();
                    if self.lexer.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                    if result.len() > MAX_EXPANSION_BYTES {
                        return fail(too_large(), self.pos);
                    }
                }
                Some(mut ch) => {
                    self.next();
                    if ch == self.lexer.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            // An escape right before the end: dropped (the missing quote is reported next).
                            None => continue,
                            Some(next) if next == '"' || next == '$' || next == self.lexer.escape => {
                                self.next();
                                ch = next;
                            }
                            // Any other escape stays as it is.
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    /// Reads a variable name: a run of digits, one special parameter character, or letters, digits and `_`.
    fn process_name(&mut self) -> &'a str {
        let src = self.src;
        let start = self.pos;
        if let Some(ch) = self.peek() {
            if is_go_digit(ch) {
                while self.peek().is_some_and(is_go_digit) {
                    self.next();
                }
                return &src[start..self.pos];
            }
            if matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.next();
                return &src[start..self.pos];
            }
        }
        while self.peek().is_some_and(|ch| is_go_letter(ch) || is_go_digit(ch) || ch == '_') {
            self.next();
        }
        &src[start..self.pos]
    }

    fn process_dollar(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        self.next();
        if self.peek() != Some('{') {
            // $name, or a lone `$` when no name follows.
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            return Ok(match self.get_env(name) {
                Some(value) => value,
                None if self.lexer.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }
        self.next();
        match self.peek() {
            None => return fail("syntax error: missing '}'", start),
            Some('{' | '}' | ':') => return fail("syntax error: bad substitution", start),
            Some(_) => {}
        }
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            return fail(format!("expansion nested more than {MAX_DEPTH} levels deep"), start);
        }
        self.depth += 1;
        let result = self.process_braced(start);
        self.depth -= 1;
        result
    }

    /// Reads a `${...}` after its `${`; `start` is the offset of its `$`.
    fn process_braced(&mut self, start: usize) -> Result<String, ExpandError> {
        let name = self.process_name();
        let modifier_at = self.pos;
        let Some(first) = self.next() else { return fail("syntax error: missing '}'", start) };
        match first {
            '}' => {
                return Ok(match self.get_env(name) {
                    Some(value) => value,
                    None if self.lexer.skip_unset_env => format!("${{{name}}}"),
                    None => String::new(),
                });
            }
            '/' => return self.process_replace(name, start),
            _ => {}
        }
        let mut modifier = first.to_string();
        let mut op = first;
        let null_is_unset = first == ':';
        if null_is_unset {
            let Some(second) = self.next() else { return fail("syntax error: missing '}'", start) };
            op = second;
            modifier.push(second);
        } else if !matches!(op, '+' | '-' | '?' | '#' | '%') {
            return fail(format!("unsupported modifier ({modifier}) in substitution"), modifier_at);
        }
        // Patterns keep their escapes so that `\*` stays a literal star for the matcher.
        let pattern = op == '#' || op == '%';
        if null_is_unset && pattern {
            return fail(format!("unsupported modifier ({modifier}) in substitution"), modifier_at);
        }
        let word = self.modifier_word('}', pattern, "syntax error: missing '}'", start)?;

        let value = self.get_env(name);
        if value.is_none() && self.lexer.skip_unset_env {
            return Ok(format!("${{{name}{modifier}{word}}}"));
        }
        let unset = match &value {
            None => true,
            Some(value) => null_is_unset && value.is_empty(),
        };
        match op {
            '-' => Ok(if unset { word } else { value.unwrap_or_default() }),
            '+' => Ok(if unset { String::new() } else { word }),
            '?' => match value {
                Some(value) if !unset => Ok(value),
                _ => {
                    let message = match (&word, value.is_none()) {
                        (word, _) if !word.is_empty() => word.as_str(),
                        (_, true) => "is not allowed to be unset",
                        (_, false) => "is not allowed to be empty",
                    };
                    fail(format!("{name}: {message}"), start)
                }
            },
            '#' | '%' => {
                // `#`/`%` remove the shortest match, `##`/`%%` the longest.
                let (longest, pattern) = match word.strip_prefix(op) {
                    Some(rest) => (true, rest),
                    None => (false, word.as_str()),
                };
                let value = value.unwrap_or_default();
                let pattern = glob::Pattern::parse(pattern);
                Ok(if op == '#' {
                    pattern.trim_prefix(&value, longest).to_string()
                } else {
                    pattern.trim_suffix(&value, longest).to_string()
                })
            }
            _ => fail(format!("unsupported modifier ({modifier}) in substitution"), modifier_at),
        }
    }

    /// `${name/pattern/replacement}` and `${name//pattern/replacement}`, after the first `/`.
    fn process_replace(&mut self, name: &str, start: usize) -> Result<String, ExpandError> {
        let all = self.peek() == Some('/');
        if all {
            self.next();
        }
        let pattern = self.modifier_word('/', true, "syntax error: missing '/' in ${}", start)?;
        let replacement = self.modifier_word('}', true, "syntax error: missing '}'", start)?;
        let Some(value) = self.get_env(name) else {
            if self.lexer.skip_unset_env {
                let slashes = if all { "//" } else { "/" };
                return Ok(format!("${{{name}{slashes}{pattern}/{replacement}}}"));
            }
            return Ok(String::new());
        };
        // At most one replacement per position of the value (an empty pattern matches everywhere).
        let bound = value.len().saturating_add((value.len() + 1).saturating_mul(replacement.len()));
        if bound > MAX_EXPANSION_BYTES {
            return fail(too_large(), start);
        }
        let pattern = glob::Pattern::parse(&pattern);
        Ok(if all { pattern.replace_all(&value, &replacement) } else { pattern.replace_first(&value, &replacement) })
    }

    /// Reads the word of a modifier up to `stop`. Running out of input is reported as `missing`, at the `$`.
    fn modifier_word(
        &mut self,
        stop: char,
        raw_escapes: bool,
        missing: &str,
        start: usize,
    ) -> Result<String, ExpandError> {
        self.process_stop_on(Some(stop), raw_escapes, None).or_else(|err| {
            if self.peek().is_none() && !self.too_deep {
                fail(missing, start)
            } else {
                Err(err)
            }
        })
    }
}

/// Go's `unicode.IsLetter` (general category L). Rust has no general-category API; `is_alphabetic` also accepts
/// letter numbers (excluded here, they are numeric) and "other alphabetic" combining marks (accepted, a known
/// difference for names written with, e.g., Devanagari vowel signs).
fn is_go_letter(ch: char) -> bool {
    if ch.is_ascii() {
        ch.is_ascii_alphabetic()
    } else {
        ch.is_alphabetic() && !ch.is_numeric()
    }
}

/// Go's `unicode.IsDigit` (general category Nd, Unicode 15.0 as in Go 1.21+).
fn is_go_digit(ch: char) -> bool {
    const ND: &[(u32, u32)] = &[
        (0x660, 0x669),
        (0x6F0, 0x6F9),
        (0x7C0, 0x7C9),
        (0x966, 0x96F),
        (0x9E6, 0x9EF),
        (0xA66, 0xA6F),
        (0xAE6, 0xAEF),
        (0xB66, 0xB6F),
        (0xBE6, 0xBEF),
        (0xC66, 0xC6F),
        (0xCE6, 0xCEF),
        (0xD66, 0xD6F),
        (0xDE6, 0xDEF),
        (0xE50, 0xE59),
        (0xED0, 0xED9),
        (0xF20, 0xF29),
        (0x1040, 0x1049),
        (0x1090, 0x1099),
        (0x17E0, 0x17E9),
        (0x1810, 0x1819),
        (0x1946, 0x194F),
        (0x19D0, 0x19D9),
        (0x1A80, 0x1A89),
        (0x1A90, 0x1A99),
        (0x1B50, 0x1B59),
        (0x1BB0, 0x1BB9),
        (0x1C40, 0x1C49),
        (0x1C50, 0x1C59),
        (0xA620, 0xA629),
        (0xA8D0, 0xA8D9),
        (0xA900, 0xA909),
        (0xA9D0, 0xA9D9),
        (0xA9F0, 0xA9F9),
        (0xAA50, 0xAA59),
        (0xABF0, 0xABF9),
        (0xFF10, 0xFF19),
        (0x104A0, 0x104A9),
        (0x10D30, 0x10D39),
        (0x11066, 0x1106F),
        (0x110F0, 0x110F9),
        (0x11136, 0x1113F),
        (0x111D0, 0x111D9),
        (0x112F0, 0x112F9),
        (0x11450, 0x11459),
        (0x114D0, 0x114D9),
        (0x11650, 0x11659),
        (0x116C0, 0x116C9),
        (0x11730, 0x11739),
        (0x118E0, 0x118E9),
        (0x11950, 0x11959),
        (0x11C50, 0x11C59),
        (0x11D50, 0x11D59),
        (0x11DA0, 0x11DA9),
        (0x11F50, 0x11F59),
        (0x16A60, 0x16A69),
        (0x16AC0, 0x16AC9),
        (0x16B50, 0x16B59),
        (0x1D7CE, 0x1D7FF),
        (0x1E140, 0x1E149),
        (0x1E2F0, 0x1E2F9),
        (0x1E4F0, 0x1E4F9),
        (0x1E950, 0x1E959),
        (0x1FBF0, 0x1FBF9),
    ];
    if ch.is_ascii() {
        return ch.is_ascii_digit();
    }
    let cp = u32::from(ch);
    let i = ND.partition_point(|&(_, hi)| hi < cp);
    ND.get(i).is_some_and(|&(lo, _)| lo <= cp)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CORPUS_ENV: [&str; 4] = ["PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="];

    fn expand(input: &str) -> Result<String, ExpandError> {
        Lexer::new('\\').expand_word(input, &CORPUS_ENV).map(|expansion| expansion.value)
    }

    fn ok(input: &str) -> String {
        expand(input).unwrap_or_else(|err| panic!("{input:?} failed: {err:?}"))
    }

    fn err(input: &str) -> ExpandError {
        match expand(input) {
            Ok(value) => panic!("{input:?} should fail, gave {value:?}"),
            Err(err) => err,
        }
    }

    fn split(input: &str, env: &dyn Env) -> Vec<String> {
        Lexer::new('\\').expand_words(input, env).unwrap_or_else(|err| panic!("{input:?} failed: {err:?}"))
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(ok(r#"'a b'"c d"e\ f"#), "a bc de f");
        assert_eq!(ok(r#""a\"b\$c\\d\e""#), r#"a"b$c\d\e"#);
        assert_eq!(ok(r#"'a\'"#), r"a\");
        assert_eq!(ok(r#""it's""#), "it's");
        assert_eq!(ok(r#"'say "hi"'"#), r#"say "hi""#);
        assert_eq!(ok(r"a\"), "a");
        assert_eq!(ok(r"\"), "");
        assert_eq!(ok(""), "");
        assert_eq!(ok(r"\$PWD\\"), r"$PWD\");
        assert_eq!(err(r#""$PWD\""#).message, "unexpected end of statement while looking for matching double-quote");
        assert_eq!(err("'abc").message, "unexpected end of statement while looking for matching single-quote");
    }

    #[test]
    fn backtick_escape() {
        let lexer = Lexer::new('`');
        let run = |input: &str| lexer.expand_word(input, &CORPUS_ENV).map(|expansion| expansion.value);
        assert_eq!(run("abc`tdef").unwrap(), "abctdef");
        assert_eq!(run(r"C:\Users\$SHELL").unwrap(), r"C:\Users\bash");
        assert_eq!(run("`$PWD").unwrap(), "$PWD");
        assert_eq!(run("``").unwrap(), "`");
        assert_eq!(run(r#""a`"b`$c``d`e\f""#).unwrap(), r#"a"b$c`d`e\f"#);
        assert_eq!(run("trailing`").unwrap(), "trailing");
        assert_eq!(run("${XXX:-a`}b}").unwrap(), "a}b");
        // The pattern escape stays `\` whatever the Dockerfile escape is.
        assert_eq!(run(r"${SHELL%\h}").unwrap(), "bas");
        assert!(run("\"abc`\"").is_err());
    }

    #[test]
    fn raw_modes() {
        let mut lexer = Lexer::new('\\');
        lexer.raw_quotes = true;
        let run = |lexer: &Lexer, input: &str| lexer.expand_word(input, &CORPUS_ENV).unwrap().value;
        assert_eq!(run(&lexer, r#"'a $PWD'"b $PWD"c"#), r#"'a $PWD'"b /home"c"#);
        assert_eq!(run(&lexer, r#"a\"b"#), r#"a"b"#);
        assert_eq!(lexer.expand_words(r#"x "a b" 'c d'"#, &CORPUS_ENV).unwrap(), ["x", "\"a b\"", "'c d'"]);

        let mut lexer = Lexer::new('\\');
        lexer.raw_escapes = true;
        assert_eq!(run(&lexer, r"a\b\$PWD\\"), r"a\b\$PWD\\");
        assert_eq!(run(&lexer, r"trailing\"), r"trailing\");
        assert_eq!(run(&lexer, r#""q\"q\$PWD""#), r#"q\"q\$PWD"#);
        // BuildKit writes the escape twice when it escapes nothing inside double quotes.
        assert_eq!(run(&lexer, r#""a\tb""#), r"a\\tb");
        // Modifier words other than patterns never keep escapes.
        assert_eq!(run(&lexer, r"${XXX:-a\b}"), "ab");
        assert_eq!(lexer.expand_words(r"a\ b c", &CORPUS_ENV).unwrap(), [r"a\ b", "c"]);

        let mut lexer = Lexer::new('\\');
        lexer.skip_process_quotes = true;
        assert_eq!(run(&lexer, r#"'$PWD' "$PWD""#), r#"'/home' "/home""#);
        assert_eq!(run(&lexer, "it's"), "it's");
        assert_eq!(run(&lexer, r"\'x"), "'x");
        assert_eq!(lexer.expand_words(r#""a b""#, &CORPUS_ENV).unwrap(), ["\"a", "b\""]);
    }

    #[test]
    fn dollar_forms() {
        assert_eq!(ok("$"), "$");
        assert_eq!(ok("a$"), "a$");
        assert_eq!(ok("$ x"), "$ x");
        assert_eq!(ok("$/x"), "$/x");
        assert_eq!(ok("$(cmd)"), "$(cmd)");
        assert_eq!(ok(r#""$""#), "$");
        assert_eq!(ok("$PWD/x"), "/home/x");
        assert_eq!(ok("$PWD_x"), "");
        assert_eq!(ok("${PWD}_x"), "/home_x");
        assert_eq!(ok("$1x $10x ${1} ${10}"), "x x  ");
        assert_eq!(ok("[$@|$*|$#|$?|$-|$$|$!|$0]"), "[|||||||]");
        assert_eq!(ok("${@}${#}${?}${$}${!}${0}${-}"), "");
        assert_eq!(ok("$KOREAN!"), "한국어!");
        assert_eq!(ok("${KOREAN}"), "한국어");
        let env = ["이름=값", "Ωmega=Ω", "X١=arabic-digit"];
        let lexer = Lexer::new('\\');
        assert_eq!(lexer.expand_word("$이름.$Ωmega.$X١", &env).unwrap().value, "값.Ω.arabic-digit");
        // Superscript two is a number but not a digit (Go's unicode.IsDigit): it ends the name.
        assert_eq!(lexer.expand_word("$X²", &["X=1"]).unwrap().value, "1²");
        for bad in ["${}", "${:}", "${:-x}", "${{x}}", "${", "a${", "${PWD", "${PWD:", "${PWD:-x", "${.}", "${a.b}"] {
            assert!(expand(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn default_and_alternative_values() {
        // set, empty, unset
        assert_eq!(ok("[${PWD-d}|${NULL-d}|${XXX-d}]"), "[/home||d]");
        assert_eq!(ok("[${PWD:-d}|${NULL:-d}|${XXX:-d}]"), "[/home|d|d]");
        assert_eq!(ok("[${PWD+a}|${NULL+a}|${XXX+a}]"), "[a|a|]");
        assert_eq!(ok("[${PWD:+a}|${NULL:+a}|${XXX:+a}]"), "[a||]");
        assert_eq!(ok("${XXX:-}"), "");
        assert_eq!(ok("${XXX:-a b  c}"), "a b  c");
        assert_eq!(ok("${XXX:-'a}b'}"), "a}b");
        assert_eq!(ok(r#"${XXX:-"$PWD}"}"#), "/home}");
        assert_eq!(ok(r"${XXX:-a\}b}"), "a}b");
        assert_eq!(ok("${XXX:-${YYY:-${SHELL}}}"), "bash");
        assert_eq!(ok(r#""${XXX:-"in"}""#), "in");
        assert_eq!(ok("${XXX:-$}"), "$");
        assert_eq!(ok("${XXX-:}"), ":");
    }

    #[test]
    fn required_values() {
        assert_eq!(ok("[${PWD?}|${NULL?}|${PWD:?}]"), "[/home||/home]");
        assert_eq!(err("${XXX?}").message, "XXX: is not allowed to be unset");
        assert_eq!(err("${XXX:?}").message, "XXX: is not allowed to be unset");
        assert_eq!(err("${NULL:?}").message, "NULL: is not allowed to be empty");
        assert_eq!(err("${XXX?set XXX first}").message, "XXX: set XXX first");
        assert_eq!(err("${NULL:?must be given $SHELL}").message, "NULL: must be given bash");
        // Modifier words are expanded even when not used, so their errors surface.
        assert_eq!(err("${PWD:-${XXX:?}}").message, "XXX: is not allowed to be unset");
        assert_eq!(err("ab${XXX?}").offset, 2);
    }

    #[test]
    fn unsupported_modifiers() {
        for input in
            ["${XXX:YYY}", "${PWD:=x}", "${PWD=x}", "${#PWD}", "${PWD:1}", "${PWD:#x}", "${PWD:%x}", "${PWD:/a/b}"]
        {
            let error = err(input);
            assert!(error.message.starts_with("unsupported modifier"), "{input:?}: {error:?}");
        }
        assert_eq!(err("${XXX:YYY}").message, "unsupported modifier (:Y) in substitution");
        assert_eq!(err("${XXX:YYY}").offset, 5);
        assert_eq!(err("${PWD=x}").message, "unsupported modifier (=) in substitution");
    }

    #[test]
    fn prefix_and_suffix_removal() {
        let env = [
            "str=foobarbaz",
            "file=archive.tar.gz",
            "path=/usr/local/bin",
            "star=a***yyy*",
            "v=v1.2.3",
            "tag=[vV]1.2.3",
            "cls=a[!v]b[[:digit:]].c",
        ];
        let lexer = Lexer::new('\\');
        let run = |input: &str| lexer.expand_word(input, &env).unwrap().value;
        assert_eq!(run("${str#f*b}"), "arbaz");
        assert_eq!(run("${str##f*b}"), "az");
        assert_eq!(run("${str%b*}"), "foobar");
        assert_eq!(run("${str%%b*}"), "foo");
        assert_eq!(run("${file%.*}"), "archive.tar");
        assert_eq!(run("${file%%.*}"), "archive");
        assert_eq!(run("${file#*.}"), "tar.gz");
        assert_eq!(run("${file##*.}"), "gz");
        assert_eq!(run("${path##*/}"), "bin");
        assert_eq!(run("${path%/*}"), "/usr/local");
        assert_eq!(run("${str#}"), "foobarbaz");
        assert_eq!(run("${str#x}"), "foobarbaz");
        assert_eq!(run("${str#???}"), "barbaz");
        assert_eq!(run(r"${star%%\**\*}"), "a");
        assert_eq!(run(r"${star%\**\*}"), "a**");
        // Brackets are literal, as in BuildKit: no bracket expressions.
        assert_eq!(run("${tag#[vV]}"), "1.2.3");
        assert_eq!(run("${v#[vV]}"), "v1.2.3");
        assert_eq!(run("${cls%%[!v]*}"), "a");
        assert_eq!(run("${v%%[!v]*}"), "v1.2.3");
        assert_eq!(run("${cls##*[[:digit:]].}"), "c");
        assert_eq!(run("${v##*[[:digit:]].}"), "v1.2.3");
        assert_eq!(run("${unset#x}"), "");
        // The pattern is expanded first, so variables and quotes take part (quoting does not make `*` literal).
        assert_eq!(lexer.expand_word("${str#$str}", &env).unwrap().value, "");
        assert_eq!(run(r#"${str#"f"*"b"}"#), "arbaz");
        assert_eq!(run("${str#'#'}"), "foobarbaz");
        assert_eq!(run(r"${str%\}}"), "foobarbaz");
        let expansion = lexer.expand_word("${str#$pre}", &env).unwrap();
        assert_eq!(expansion.value, "foobarbaz");
        assert_eq!(expansion.matched, BTreeSet::from(["str".to_string()]));
        assert_eq!(expansion.unmatched, BTreeSet::from(["pre".to_string()]));
    }

    #[test]
    fn replacement() {
        let env = ["str=foobarbaz", "path=/usr/local/bin", "k=한국어한국어", "empty=", "br=[ab]a[ab]b[!o]o"];
        let lexer = Lexer::new('\\');
        let run = |input: &str| lexer.expand_word(input, &env).unwrap().value;
        assert_eq!(run("${str/ba/fo}"), "fooforbaz");
        assert_eq!(run("${str//ba/fo}"), "fooforfoz");
        assert_eq!(run("${str/o/}"), "fobarbaz");
        assert_eq!(run("${str//o/}"), "fbarbaz");
        assert_eq!(run("${str/b*/X}"), "fooX");
        assert_eq!(run("${str//b?/<>}"), "foo<>r<>z");
        assert_eq!(run("${br//[ab]/_}"), "_a_b[!o]o");
        assert_eq!(run("${br//[!o]/.}"), "[ab]a[ab]b.o");
        assert_eq!(run("${str//[ab]/_}"), "foobarbaz");
        assert_eq!(run("${str//[!o]/.}"), "foobarbaz");
        assert_eq!(run("${str/x/y}"), "foobarbaz");
        assert_eq!(run(r"${path//\//:}"), ":usr:local:bin");
        assert_eq!(run("${path/\\/usr/}"), "/local/bin");
        assert_eq!(run("${k//국/-}"), "한-어한-어");
        assert_eq!(run("${k/어*/!}"), "한국!");
        assert_eq!(run("${str//o/$str}"), "ffoobarbazfoobarbazbarbaz");
        assert_eq!(run("${empty/x/y}|${unset/x/y}"), "|");
        assert_eq!(run("${str//''/-}"), "-f-o-o-b-a-r-b-a-z-");
        // Go's template rules in the replace-all replacement only.
        assert_eq!(run(r"${str//o/<\$0>}"), r"f<\o><\o>barbaz");
        assert_eq!(run(r"${str/o/<\$0>}"), r"f<\$0>obarbaz");
        assert_eq!(run(r"${str/o/\}}"), r"f\}obarbaz");
        assert!(lexer.expand_word("${str/x}", &env).is_err());
        assert!(lexer.expand_word("${str/x/y", &env).is_err());
        assert_eq!(lexer.expand_word("a${str/x}", &env).unwrap_err().message, "syntax error: missing '/' in ${}");
    }

    #[test]
    fn skip_unset_env() {
        let mut lexer = Lexer::new('\\');
        lexer.skip_unset_env = true;
        let run = |input: &str| lexer.expand_word(input, &CORPUS_ENV).unwrap().value;
        assert_eq!(run("$XXX|${XXX}|$PWD|${NULL}|$1"), "$XXX|${XXX}|/home||$1");
        assert_eq!(run("${XXX:-$PWD}"), "${XXX:-/home}");
        assert_eq!(run("${XXX:?oops}"), "${XXX:?oops}");
        assert_eq!(run("${XXX#*.}"), "${XXX#*.}");
        assert_eq!(run("${XXX/a/b}|${XXX//a/b}"), "${XXX/a/b}|${XXX//a/b}");
        assert_eq!(run("${PWD:-x}|${NULL:-x}"), "/home|x");
        assert_eq!(run("$"), "$");
    }

    #[test]
    fn matched_and_unmatched() {
        let env = ["FOO=xxx", "BAR="];
        let lexer = Lexer::new('\\');
        let check = |input: &str, value: &str, matched: &[&str], unmatched: &[&str]| {
            let expansion = lexer.expand_word(input, &env).unwrap();
            assert_eq!(expansion.value, value, "{input:?}");
            assert_eq!(expansion.matched, matched.iter().map(|s| s.to_string()).collect(), "{input:?}");
            assert_eq!(expansion.unmatched, unmatched.iter().map(|s| s.to_string()).collect(), "{input:?}");
        };
        check("x", "x", &[], &[]);
        check("x ${UNUSED}", "x ", &[], &["UNUSED"]);
        check("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", "xxx  ccc", &["BAR", "FOO"], &["BAZ"]);
        check("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", "xxx bbb ccc", &["BAR", "FOO"], &["BAZ"]);
        check("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", "aaa bbb ", &["BAR", "FOO"], &["BAZ"]);
        check("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", "aaa  ", &["BAR", "FOO"], &["BAZ"]);
        check("${FOO:-$NOPE}", "xxx", &["FOO"], &["NOPE"]);
        check("'$QUOTED' \\$ESCAPED $1", "$QUOTED $ESCAPED ", &[], &["1"]);
        check("${FOO//x/$BAR}", "", &["BAR", "FOO"], &[]);
        let words = lexer.expand_words_with_matches("$FOO $NOPE", &env).unwrap();
        assert_eq!(words.words, ["xxx"]);
        assert_eq!(words.unmatched, BTreeSet::from(["NOPE".to_string()]));
    }

    #[test]
    fn word_splitting() {
        // BuildKit's wordsTest, with its cumulative ENV lines.
        let mut env = vec!["hi=hi".to_string()];
        assert_eq!(split("hello", &env), ["hello"]);
        assert_eq!(split("hello${hi}bye", &env), ["hellohibye"]);
        assert_eq!(split("hello${nope}bye", &env), ["hellobye"]);
        env.push("space=abc  def".into());
        assert_eq!(split("hello${space}bye", &env), ["helloabc", "defbye"]);
        assert_eq!(split(r#"hello"${space}"bye"#, &env), ["helloabc  defbye"]);
        assert_eq!(split(r#"hello "${space}"bye"#, &env), ["hello", "abc  defbye"]);
        env.push("leading=  ab c".into());
        assert_eq!(split("hello${leading}def", &env), ["hello", "ab", "cdef"]);
        assert_eq!(split(r#"hello"${leading}" def"#, &env), ["hello  ab c", "def"]);
        assert_eq!(split(r#"hello"${leading}""#, &env), ["hello  ab c"]);
        assert_eq!(split("hello${leading}", &env), ["hello", "ab", "c"]);
        env.push("trailing=ab c   ".into());
        assert_eq!(split("hello${trailing}", &env), ["helloab", "c"]);
        assert_eq!(split("hello${trailing}d", &env), ["helloab", "c", "d"]);
        assert_eq!(split(r#"hello"${trailing}"d"#, &env), ["helloab c   d"]);
        assert_eq!(split(r#"hel"lo${trailing}""#, &env), ["helloab c   "]);
        assert_eq!(split(r#"hello" there  ""#, &env), ["hello there  "]);
        assert_eq!(split("hello there     ", &env), ["hello", "there"]);
        assert_eq!(split(r"hello\ there", &env), ["hello there"]);
        assert!(Lexer::new('\\').expand_words(r#"hello" there"#, &env).is_err());
        assert_eq!(split(r#"hello\" there"#, &env), ["hello\"", "there"]);
        assert_eq!(split(r#"hello"\\there""#, &env), [r"hello\there"]);
        assert_eq!(split(r#"hello"\there""#, &env), [r"hello\there"]);
        assert_eq!(split(r"hello'\\there'", &env), [r"hello\\there"]);
        assert_eq!(split(r"hello'\there'", &env), [r"hello\there"]);
        assert_eq!(split("hello'$there'", &env), ["hello$there"]);
    }

    #[test]
    fn word_splitting_edges() {
        let env = ["V=a b", "E=", "T=\tx\n"];
        assert_eq!(split("", &env), Vec::<String>::new());
        assert_eq!(split("  \t ", &env), Vec::<String>::new());
        assert_eq!(split("\t a \n b\u{3000}c ", &env), ["a", "b", "c"]);
        assert_eq!(split("$V", &env), ["a", "b"]);
        assert_eq!(split(r#""$V""#, &env), ["a b"]);
        assert_eq!(split("'$V'", &env), ["$V"]);
        assert_eq!(split("${X:-$V}", &env), ["a", "b"]);
        assert_eq!(split(r#"${X:-"$V"}"#, &env), ["a", "b"], "the result of an unquoted ${{}} splits");
        assert_eq!(split("x$T", &env), ["x", "x"]);
        // Empty words are dropped, quoted or not (unlike a POSIX shell).
        assert_eq!(split(r#""""#, &env), Vec::<String>::new());
        assert_eq!(split(r#"a "" b ''"#, &env), ["a", "b"]);
        assert_eq!(split(r#"a "$E" b"#, &env), ["a", "b"]);
        assert_eq!(split(r#"a""b"#, &env), ["ab"]);
        assert_eq!(split(r#""a""" b"#, &env), ["a", "b"]);
        assert_eq!(split(r"a\  b", &env), ["a ", "b"]);
        assert_eq!(split("한 국어", &env), ["한", "국어"]);
    }

    #[test]
    fn exponential_replacement_is_refused() {
        // Each level replaces every position of /home with the level below: 6^depth bytes without the bound.
        let mut word = "x".to_string();
        for _ in 0..12 {
            word = format!("${{PWD//?/{word}}}");
        }
        let error = Lexer::new('\\').expand_word(&word, &["PWD=/home"]).unwrap_err();
        assert!(error.message.contains("larger than 1 MiB"), "{error:?}");
        let repeated =
            format!("\"{}\"", "${PWD//?/${PWD//?/${PWD//?/${PWD//?/${PWD//?/${PWD//?/xxxxxxxx}}}}}}".repeat(40));
        assert!(Lexer::new('\\').expand_word(&repeated, &["PWD=/home"]).is_err());
    }

    #[test]
    fn error_offsets() {
        let offset = |input: &str| err(input).offset;
        assert_eq!(offset("he'llo"), 2);
        assert_eq!(offset(r#"ab "cd"#), 3);
        assert_eq!(offset("한'x"), 3);
        assert_eq!(offset("he${}"), 2);
        assert_eq!(offset("he${PWD"), 2);
        assert_eq!(offset("he${.}"), 4);
        assert_eq!(offset("x${PWD:=1}"), 6);
        assert_eq!(offset("${PWD:-${}}"), 7);
        assert_eq!(offset("x${PWD:-${XXX:?}}"), 8);
        assert_eq!(offset("${PWD:-abc"), 0);
        assert_eq!(err("he${}").to_string(), "syntax error: bad substitution");
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |depth: usize| format!("{}x{}", "${A:-".repeat(depth), "}".repeat(depth));
        assert_eq!(ok(&nested(MAX_DEPTH)), "x");
        let error = err(&nested(MAX_DEPTH + 1));
        assert!(error.message.contains("nested"), "{error:?}");
        assert_eq!(error.offset, 5 * MAX_DEPTH);
        let error = err(&nested(100_000));
        assert!(error.message.contains("nested"), "{error:?}");
        // Unterminated deep nesting still reports the depth, not a missing brace.
        assert!(err(&"${A:-".repeat(1000)).message.contains("nested"));
        let quoted = format!("{}x{}", "\"${A:-".repeat(MAX_DEPTH + 1), "}\"".repeat(MAX_DEPTH + 1));
        assert!(err(&quoted).message.contains("nested"));
    }

    #[test]
    fn environment_sources() {
        let lexer = Lexer::new('\\');
        let map = BTreeMap::from([("A".to_string(), "1".to_string())]);
        assert_eq!(lexer.expand_word("$A", &map).unwrap().value, "1");
        let hash: HashMap<String, String> = map.clone().into_iter().collect();
        assert_eq!(lexer.expand_word("$A", &hash).unwrap().value, "1");
        let list = vec!["A=1".to_string(), "B".to_string(), "A=2=3".to_string()];
        let expansion = lexer.expand_word("$A|${B-unset}|${C-unset}", &list).unwrap();
        assert_eq!(expansion.value, "2=3||unset");
        let slice: &[String] = &list;
        assert_eq!(lexer.expand_word("$A", &slice).unwrap().value, "2=3");
        assert_eq!(lexer.expand_word("$a", &slice).unwrap().value, "");
    }

    #[test]
    fn byte_order_mark_at_the_start_is_skipped() {
        assert_eq!(ok("\u{FEFF}$SHELL"), "bash");
        assert_eq!(ok("a\u{FEFF}"), "a\u{FEFF}");
        assert_eq!(err("\u{FEFF}'x").offset, 3);
    }

    #[test]
    fn large_inputs_are_linear() {
        let input = "$PWD ${SHELL:-x} \"${XXX:-$KOREAN}\" 'q' \\$ ".repeat(20_000);
        let words = split(&input, &CORPUS_ENV);
        assert_eq!(words.len(), 100_000);
        assert_eq!(ok(&input).len(), "/home bash 한국어 q $ ".len() * 20_000);
        let value = "ab".repeat(50_000);
        let env = [format!("V={value}")];
        let lexer = Lexer::new('\\');
        assert_eq!(lexer.expand_word("${V//a/}", &env).unwrap().value, "b".repeat(50_000));
        assert_eq!(lexer.expand_word("${V%%b*}", &env).unwrap().value, "a");
        assert_eq!(lexer.expand_word("${V#*b}", &env).unwrap().value.len(), 99_998);
    }

    /// A fixed pseudo-random walk over inputs built from the characters that matter: nothing may panic.
    #[test]
    fn never_panics() {
        const PIECES: &[&str] = &[
            "$", "{", "}", ":", "-", "+", "?", "#", "%", "/", "*", "[", "]", "!", "^", "'", "\"", "\\", "`", " ", "\n",
            "a", "PWD", "NULL", "한", "é", "\u{FEFF}", "0", "1", "=", "@",
        ];
        let lexers = {
            let mut lexers = Vec::new();
            for bits in 0..32u32 {
                let mut lexer = Lexer::new(if bits & 1 == 0 { '\\' } else { '`' });
                lexer.raw_quotes = bits & 2 != 0;
                lexer.raw_escapes = bits & 4 != 0;
                lexer.skip_process_quotes = bits & 8 != 0;
                lexer.skip_unset_env = bits & 16 != 0;
                lexers.push(lexer);
            }
            lexers
        };
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut random = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..20_000 {
            let len = (random() % 24) as usize;
            let input: String = (0..len).map(|_| PIECES[(random() % PIECES.len() as u64) as usize]).collect();
            let lexer = &lexers[round % lexers.len()];
            let single = lexer.expand_word(&input, &CORPUS_ENV);
            let split = lexer.expand_words(&input, &CORPUS_ENV);
            assert_eq!(single.is_ok(), split.is_ok(), "{input:?}");
            if let Err(error) = single {
                assert!(error.offset <= input.len() && input.is_char_boundary(error.offset), "{input:?}: {error:?}");
            }
        }
    }
}
