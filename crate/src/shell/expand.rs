//! Word expansion with sh semantics: tilde, parameters (`${VAR:-x}` and the other forms), command substitution,
//! arithmetic, field splitting on IFS for unquoted results, pathname expansion against the file tree, and quote
//! removal. `"$@"` keeps parameters as separate fields; an unquoted empty expansion disappears; `""` stays.

use super::arith::{self, ArithEnv};
use super::ast::{Param, ParamExp, ParamOp, ReplaceMode, Word, WordPart};
use super::interp::{Flow, Interp, R};
use super::pattern::{self, Pattern};
use super::system::System;

/// A field being built: its text after quote removal, and the same text as a pattern (quoted characters escaped)
/// for pathname expansion.
#[derive(Default)]
struct Field {
    text: String,
    pat: String,
    glob: bool,
    /// Something (even an empty quoted string) produced this field, so it exists.
    started: bool,
}

struct Fields {
    split: bool,
    ifs: Vec<char>,
    out: Vec<Field>,
    cur: Field,
    /// IFS white space was seen: the current field ends if anything follows.
    pending: bool,
    /// Bytes of text built so far (checked against the buffer budget while expanding).
    bytes: usize,
}

fn is_glob_char(c: char) -> bool {
    matches!(c, '*' | '?' | '[')
}

impl Fields {
    fn new(split: bool, ifs: &str) -> Fields {
        Fields { split, ifs: ifs.chars().collect(), out: Vec::new(), cur: Field::default(), pending: false, bytes: 0 }
    }

    fn end_field(&mut self) {
        let field = std::mem::take(&mut self.cur);
        self.out.push(field);
    }

    fn resolve_pending(&mut self) {
        if self.pending {
            self.pending = false;
            if self.cur.started {
                self.end_field();
            }
        }
    }

    fn push_char(&mut self, c: char, quoted: bool) {
        self.bytes += c.len_utf8();
        self.cur.started = true;
        self.cur.text.push(c);
        if quoted {
            if matches!(c, '\\' | '*' | '?' | '[' | ']') {
                self.cur.pat.push('\\');
            }
        } else if is_glob_char(c) {
            self.cur.glob = true;
        }
        self.cur.pat.push(c);
    }

    fn literal(&mut self, s: &str, quoted: bool) {
        self.resolve_pending();
        self.cur.started = true;
        for c in s.chars() {
            self.push_char(c, quoted);
        }
    }

    /// The result of an expansion: split on IFS unless quoted (or in a context that never splits).
    fn expanded(&mut self, s: &str, quoted: bool) {
        if quoted || !self.split {
            self.literal(s, quoted);
            return;
        }
        for c in s.chars() {
            if self.ifs.contains(&c) {
                if matches!(c, ' ' | '\t' | '\n') {
                    self.pending = true;
                } else {
                    // A non-white IFS character always ends a field, even an empty one.
                    self.pending = false;
                    self.end_field();
                }
            } else {
                self.resolve_pending();
                self.push_char(c, false);
            }
        }
        if self.pending {
            self.pending = false;
            if self.cur.started {
                self.end_field();
            }
        }
    }

    /// Marks the current field as existing (`""`).
    fn mark(&mut self) {
        self.resolve_pending();
        self.cur.started = true;
    }

    /// Between the parameters of `"$@"`.
    fn quoted_break(&mut self) {
        if self.split {
            self.end_field();
        } else {
            self.literal(" ", true);
        }
    }

    /// Between the parameters of an unquoted `$@` or `$*`.
    fn unquoted_break(&mut self) {
        if self.split {
            self.pending = true;
        } else {
            self.literal(" ", false);
        }
    }

    fn finish(mut self) -> Vec<Field> {
        if self.cur.started {
            self.end_field();
        }
        self.out
    }

    fn into_single(self) -> Field {
        let mut fields = self.finish();
        if fields.is_empty() {
            Field::default()
        } else {
            fields.swap_remove(0)
        }
    }
}

struct Vars<'a>(&'a mut Interp);

impl ArithEnv for Vars<'_> {
    fn get_var(&self, name: &str) -> Option<String> {
        self.0.get_var(name).map(str::to_string)
    }

    fn set_var(&mut self, name: &str, value: i64) {
        let _ = self.0.set_var(name, &value.to_string());
    }
}

fn param_name(param: &Param) -> String {
    match param {
        Param::Named(name) => name.clone(),
        Param::Positional(n) => n.to_string(),
        Param::Special(c) => c.to_string(),
    }
}

impl Interp {
    fn charge(&mut self, bytes: usize) -> R<()> {
        self.io.charge(bytes).map_err(Flow::Limit)
    }

    fn ifs(&self) -> String {
        self.get_var("IFS").map_or_else(|| " \t\n".to_string(), str::to_string)
    }

    /// Expands command words into fields (splitting and globbing).
    pub fn expand_words(&mut self, sys: &mut dyn System, words: &[Word]) -> R<Vec<String>> {
        let mut out = Vec::with_capacity(words.len());
        for word in words {
            if let Some(lit) = word.literal() {
                if !lit.starts_with('~') && !lit.contains(is_glob_char) {
                    out.push(lit.to_string());
                    continue;
                }
            }
            self.step()?;
            let ifs = self.ifs();
            let mut fields = Fields::new(true, &ifs);
            self.expand_with_tilde(sys, &word.parts, &mut fields, false)?;
            let fields = fields.finish();
            self.charge(fields.iter().map(|f| f.text.len()).sum())?;
            for field in fields {
                if field.glob && !self.st.opts.noglob && pattern::has_magic(&field.pat) {
                    let matches = self.glob(sys, &field.pat)?;
                    if matches.is_empty() {
                        out.push(field.text);
                    } else {
                        out.extend(matches);
                    }
                } else {
                    out.push(field.text);
                }
            }
        }
        Ok(out)
    }

    /// One word to one string, without splitting or globbing (redirection targets, `case` words).
    pub fn expand_text(&mut self, sys: &mut dyn System, word: &Word) -> R<String> {
        if let Some(lit) = word.literal() {
            if !lit.starts_with('~') {
                return Ok(lit.to_string());
            }
        }
        let mut fields = Fields::new(false, "");
        self.expand_with_tilde(sys, &word.parts, &mut fields, false)?;
        let text = fields.into_single().text;
        self.charge(text.len())?;
        Ok(text)
    }

    /// The value of `NAME=value`: no splitting or globbing; `~` expands after `=` and after each `:`.
    pub fn expand_assignment(&mut self, sys: &mut dyn System, word: &Word) -> R<String> {
        if let Some(lit) = word.literal() {
            if !lit.contains('~') {
                return Ok(lit.to_string());
            }
        }
        let mut fields = Fields::new(false, "");
        self.expand_with_tilde(sys, &word.parts, &mut fields, true)?;
        let text = fields.into_single().text;
        self.charge(text.len())?;
        Ok(text)
    }

    /// A word as a pattern: quoted characters escaped, expansions and unquoted text live.
    pub fn expand_pattern(&mut self, sys: &mut dyn System, word: &Word) -> R<String> {
        let mut fields = Fields::new(false, "");
        self.expand_with_tilde(sys, &word.parts, &mut fields, false)?;
        Ok(fields.into_single().pat)
    }

    /// Evaluates an arithmetic expression against the shell's variables.
    pub fn arith_status(&mut self, text: &str) -> Result<i64, String> {
        arith::evaluate(text, &mut Vars(self))
    }

    /// An unquoted here-document body.
    pub fn expand_heredoc(&mut self, sys: &mut dyn System, parts: &[WordPart]) -> R<String> {
        let mut fields = Fields::new(false, "");
        self.expand_parts(sys, parts, true, &mut fields)?;
        let text = fields.into_single().text;
        self.charge(text.len())?;
        Ok(text)
    }

    fn expand_with_tilde(
        &mut self,
        sys: &mut dyn System,
        parts: &[WordPart],
        fields: &mut Fields,
        assignment: bool,
    ) -> R<()> {
        let Some(WordPart::Lit(first)) = parts.first() else {
            return self.expand_parts(sys, parts, false, fields);
        };
        if !first.contains('~') {
            return self.expand_parts(sys, parts, false, fields);
        }
        // Tilde prefixes: at the start of the word, and after `:` in assignments.
        let mut rest = first.as_str();
        let mut at_start = true;
        loop {
            if rest.starts_with('~') && (at_start || assignment) {
                let end = rest.find(|c| c == '/' || (assignment && c == ':')).unwrap_or(rest.len());
                let complete = end < rest.len() || parts.len() == 1;
                if complete {
                    if let Some(home) = self.home_of(sys, &rest[1..end]) {
                        fields.literal(&home, true);
                        rest = &rest[end..];
                    }
                }
            }
            if !assignment {
                break;
            }
            match rest.find(':') {
                Some(i) => {
                    fields.literal(&rest[..=i], false);
                    rest = &rest[i + 1..];
                    at_start = false;
                }
                None => break,
            }
        }
        if !rest.is_empty() {
            fields.literal(rest, false);
        }
        self.expand_parts(sys, &parts[1..], false, fields)
    }

    fn home_of(&mut self, sys: &mut dyn System, user: &str) -> Option<String> {
        if user.is_empty() {
            return self.get_var("HOME").map(str::to_string);
        }
        let passwd = sys.read("/etc/passwd").ok()?;
        let text = String::from_utf8_lossy(&passwd);
        text.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.first() == Some(&user) && fields.len() >= 6).then(|| fields[5].to_string())
        })
    }

    fn expand_parts(&mut self, sys: &mut dyn System, parts: &[WordPart], quoted: bool, f: &mut Fields) -> R<()> {
        for part in parts {
            if f.bytes as u64 > self.io.room() {
                return Err(Flow::Limit(super::LimitKind::Buffer));
            }
            match part {
                WordPart::Lit(s) => f.literal(s, quoted),
                WordPart::Quoted(s) => f.literal(s, true),
                WordPart::DQuoted(inner) => {
                    if inner.is_empty() {
                        f.mark();
                    } else {
                        self.expand_parts(sys, inner, true, f)?;
                    }
                }
                WordPart::Param(p) => self.expand_param(sys, p, quoted, f)?,
                WordPart::Subst(list) => {
                    let text = self.command_substitution(sys, list)?;
                    f.expanded(&text, quoted);
                }
                WordPart::Arith(inner) => {
                    let mut sub = Fields::new(false, "");
                    self.expand_parts(sys, inner, true, &mut sub)?;
                    let text = sub.into_single().text;
                    let value = match arith::evaluate(&text, &mut Vars(self)) {
                        Ok(value) => value,
                        Err(message) => {
                            self.error(&message)?;
                            return Err(Flow::Exit(2));
                        }
                    };
                    f.expanded(&value.to_string(), quoted);
                }
            }
        }
        Ok(())
    }

    /// The value of a parameter, `None` when unset. `$@`/`$*` count as unset when there are no parameters.
    fn param_value(&self, param: &Param) -> Option<String> {
        match param {
            Param::Named(name) => self.get_var(name).map(str::to_string),
            Param::Positional(0) => Some(self.st.arg0.clone()),
            Param::Positional(n) => self.st.positional.get(n - 1).cloned(),
            Param::Special(c) => match c {
                '@' | '*' => {
                    if self.st.positional.is_empty() {
                        None
                    } else {
                        let sep = if *c == '*' {
                            self.ifs().chars().next().map(String::from).unwrap_or_default()
                        } else {
                            " ".to_string()
                        };
                        Some(self.st.positional.join(&sep))
                    }
                }
                '#' => Some(self.st.positional.len().to_string()),
                '?' => Some(self.st.status.to_string()),
                '$' => Some("1".to_string()),
                '!' => self.st.last_bg.map(|pid| pid.to_string()),
                '-' => {
                    let o = self.st.opts;
                    let mut flags = String::new();
                    for (on, c) in
                        [(o.errexit, 'e'), (o.noglob, 'f'), (o.nounset, 'u'), (o.verbose, 'v'), (o.xtrace, 'x')]
                    {
                        if on {
                            flags.push(c);
                        }
                    }
                    Some(flags)
                }
                _ => None,
            },
        }
    }

    /// The value for a plain use; `set -u` makes an unset one fatal.
    fn required_value(&mut self, param: &Param) -> R<String> {
        match self.param_value(param) {
            Some(value) => Ok(value),
            None if self.st.opts.nounset && !matches!(param, Param::Special('@' | '*')) => {
                self.error(&format!("{}: parameter not set", param_name(param)))?;
                Err(Flow::Exit(2))
            }
            None => Ok(String::new()),
        }
    }

    fn push_list(&mut self, at: bool, quoted: bool, f: &mut Fields) {
        let params = self.st.positional.clone();
        if quoted && !at {
            let ifs = self.ifs();
            let sep = ifs.chars().next().map(String::from).unwrap_or_default();
            f.expanded(&params.join(&sep), true);
            return;
        }
        for (i, param) in params.iter().enumerate() {
            if i > 0 {
                if quoted {
                    f.quoted_break();
                } else {
                    f.unquoted_break();
                }
            }
            f.expanded(param, quoted);
        }
    }

    fn word_text(&mut self, sys: &mut dyn System, word: &Word) -> R<String> {
        let mut fields = Fields::new(false, "");
        self.expand_parts(sys, &word.parts, false, &mut fields)?;
        Ok(fields.into_single().text)
    }

    fn word_pattern(&mut self, sys: &mut dyn System, word: &Word) -> R<String> {
        let mut fields = Fields::new(false, "");
        self.expand_parts(sys, &word.parts, false, &mut fields)?;
        Ok(fields.into_single().pat)
    }

    fn arith_word(&mut self, sys: &mut dyn System, word: &Word) -> R<i64> {
        let text = self.word_text(sys, word)?;
        match arith::evaluate(&text, &mut Vars(self)) {
            Ok(value) => Ok(value),
            Err(message) => {
                self.error(&message)?;
                Err(Flow::Exit(2))
            }
        }
    }

    fn expand_param(&mut self, sys: &mut dyn System, p: &ParamExp, quoted: bool, f: &mut Fields) -> R<()> {
        let is_list = matches!(p.param, Param::Special('@' | '*'));
        match &p.op {
            ParamOp::Plain => {
                if is_list {
                    self.push_list(p.param == Param::Special('@'), quoted, f);
                } else {
                    let value = self.required_value(&p.param)?;
                    f.expanded(&value, quoted);
                }
            }
            ParamOp::Length => {
                let len =
                    if is_list { self.st.positional.len() } else { self.required_value(&p.param)?.chars().count() };
                f.expanded(&len.to_string(), quoted);
            }
            ParamOp::Default { colon, word } | ParamOp::Alt { colon, word } => {
                let value = self.param_value(&p.param);
                let set = value.as_ref().is_some_and(|v| !(*colon && v.is_empty()));
                let use_word = matches!(p.op, ParamOp::Default { .. }) != set;
                if use_word {
                    if quoted && word.parts.is_empty() {
                        f.mark();
                    }
                    self.expand_parts(sys, &word.parts, quoted, f)?;
                } else if matches!(p.op, ParamOp::Default { .. }) {
                    if is_list {
                        self.push_list(p.param == Param::Special('@'), quoted, f);
                    } else {
                        f.expanded(&value.unwrap_or_default(), quoted);
                    }
                } else if quoted {
                    f.mark();
                }
            }
            ParamOp::Assign { colon, word } => {
                let value = self.param_value(&p.param);
                let set = value.as_ref().is_some_and(|v| !(*colon && v.is_empty()));
                if set {
                    f.expanded(&value.unwrap_or_default(), quoted);
                } else {
                    let Param::Named(name) = &p.param else {
                        self.error(&format!("{}: bad variable name", param_name(&p.param)))?;
                        return Err(Flow::Exit(2));
                    };
                    let new = self.word_text(sys, word)?;
                    if let Err(message) = self.set_var(name, &new) {
                        self.error(&message)?;
                        return Err(Flow::Exit(2));
                    }
                    f.expanded(&new, quoted);
                }
            }
            ParamOp::Error { colon, word } => {
                let value = self.param_value(&p.param);
                let set = value.as_ref().is_some_and(|v| !(*colon && v.is_empty()));
                if set {
                    f.expanded(&value.unwrap_or_default(), quoted);
                } else {
                    let mut message = self.word_text(sys, word)?;
                    if message.is_empty() {
                        message = if *colon { "parameter null or not set" } else { "parameter not set" }.to_string();
                    }
                    self.error(&format!("{}: {message}", param_name(&p.param)))?;
                    return Err(Flow::Exit(2));
                }
            }
            ParamOp::TrimPrefix { longest, pattern } | ParamOp::TrimSuffix { longest, pattern } => {
                let value = self.required_value(&p.param)?;
                let pat = Pattern::parse(&self.word_pattern(sys, pattern)?);
                let result = if matches!(p.op, ParamOp::TrimPrefix { .. }) {
                    pat.trim_prefix(&value, *longest)
                } else {
                    pat.trim_suffix(&value, *longest)
                };
                f.expanded(result, quoted);
            }
            ParamOp::Replace { mode, pattern, with } => {
                let value = self.required_value(&p.param)?;
                let pat = self.word_pattern(sys, pattern)?;
                let with = self.word_text(sys, with)?;
                let result = replace(&value, &pat, &with, *mode);
                f.expanded(&result, quoted);
            }
            ParamOp::Substring { offset, length } => {
                let value = self.required_value(&p.param)?;
                let chars: Vec<char> = value.chars().collect();
                let len = chars.len() as i64;
                let mut start = self.arith_word(sys, offset)?;
                if start < 0 {
                    start = (len + start).max(0);
                }
                let start = start.min(len) as usize;
                let end = match length {
                    Some(length) => {
                        let n = self.arith_word(sys, length)?;
                        if n < 0 {
                            (len + n).max(start as i64) as usize
                        } else {
                            (start as i64).saturating_add(n).min(len) as usize
                        }
                    }
                    None => chars.len(),
                };
                let result: String = chars[start..end.max(start)].iter().collect();
                f.expanded(&result, quoted);
            }
        }
        Ok(())
    }

    /// Pathname expansion: the sorted paths matching `pat` (empty when nothing matches).
    fn glob(&mut self, sys: &mut dyn System, pat: &str) -> R<Vec<String>> {
        let absolute = pat.starts_with('/');
        let wants_dir = pat.ends_with('/');
        let comps: Vec<&str> = pat.split('/').filter(|c| !c.is_empty()).collect();
        // (shown path, absolute path)
        let mut paths: Vec<(String, String)> =
            vec![if absolute { ("/".to_string(), "/".to_string()) } else { (String::new(), self.st.cwd.clone()) }];
        for (i, comp) in comps.iter().enumerate() {
            let last = i + 1 == comps.len();
            let mut next = Vec::new();
            if !pattern::has_magic(comp) {
                let name = pattern::unescape(comp);
                for (shown, abs) in paths {
                    let shown = join_path(&shown, &name);
                    let abs = join_path(&abs, &name);
                    if !last || sys.lstat(&abs).is_ok() {
                        next.push((shown, abs));
                    }
                }
            } else {
                let pattern = Pattern::parse(comp);
                for (shown, abs) in paths {
                    self.step()?;
                    let Ok(entries) = sys.read_dir(&abs) else { continue };
                    for entry in entries {
                        if entry.name.starts_with('.') && !pattern.starts_with_dot() {
                            continue;
                        }
                        if pattern.matches(&entry.name) {
                            next.push((join_path(&shown, &entry.name), join_path(&abs, &entry.name)));
                        }
                    }
                }
            }
            paths = next;
            if paths.is_empty() {
                break;
            }
        }
        let mut out: Vec<String> = paths
            .into_iter()
            .filter(|(_, abs)| !wants_dir || sys.stat(abs).is_ok_and(|s| s.is_dir()))
            .map(|(shown, _)| if wants_dir { format!("{shown}/") } else { shown })
            .collect();
        out.sort();
        Ok(out)
    }
}

fn join_path(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else if base.ends_with('/') {
        format!("{base}{name}")
    } else {
        format!("{base}/{name}")
    }
}

/// `${VAR/pat/with}` and its `//`, `/#`, `/%` forms.
fn replace(value: &str, pat: &str, with: &str, mode: ReplaceMode) -> String {
    let pattern = Pattern::parse(pat);
    let chars: Vec<char> = value.chars().collect();
    match mode {
        ReplaceMode::Prefix => {
            let rest = pattern.trim_prefix(value, true);
            if rest.len() == value.len() && !pattern.matches("") {
                value.to_string()
            } else {
                format!("{with}{rest}")
            }
        }
        ReplaceMode::Suffix => {
            let rest = pattern.trim_suffix(value, true);
            if rest.len() == value.len() && !pattern.matches("") {
                value.to_string()
            } else {
                format!("{rest}{with}")
            }
        }
        ReplaceMode::First | ReplaceMode::All => {
            if pat.is_empty() {
                return value.to_string();
            }
            let mut out = String::new();
            let mut pos = 0;
            while pos <= chars.len() {
                match pattern.find(&chars, pos) {
                    Some((start, end)) => {
                        out.extend(&chars[pos..start]);
                        out.push_str(with);
                        if end == start {
                            if let Some(&c) = chars.get(start) {
                                out.push(c);
                            }
                            pos = start + 1;
                        } else {
                            pos = end;
                        }
                        if mode == ReplaceMode::First {
                            break;
                        }
                    }
                    None => break,
                }
            }
            if pos < chars.len() {
                out.extend(&chars[pos..]);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(value: &str, ifs: &str) -> Vec<String> {
        let mut f = Fields::new(true, ifs);
        f.expanded(value, false);
        f.finish().into_iter().map(|field| field.text).collect()
    }

    #[test]
    fn field_splitting_follows_posix() {
        assert_eq!(split("  a  b  ", " \t\n"), vec!["a", "b"]);
        assert_eq!(split("a::b", ":"), vec!["a", "", "b"]);
        assert_eq!(split("a:", ":"), vec!["a"]);
        assert_eq!(split(":a", ":"), vec!["", "a"]);
        assert_eq!(split("a : b", " :"), vec!["a", "b"]);
        assert_eq!(split(" :a", " :"), vec!["", "a"]);
        assert_eq!(split("a b", ""), vec!["a b"]);
        assert!(split("   ", " ").is_empty());
    }

    #[test]
    fn quoted_text_is_escaped_in_patterns() {
        let mut f = Fields::new(false, "");
        f.literal("*", true);
        f.literal("*", false);
        let field = f.into_single();
        assert_eq!(field.text, "**");
        assert_eq!(field.pat, "\\**");
    }

    #[test]
    fn replacements() {
        assert_eq!(replace("a-b-c", "-", "+", ReplaceMode::First), "a+b-c");
        assert_eq!(replace("a-b-c", "-", "+", ReplaceMode::All), "a+b+c");
        assert_eq!(replace("abc", "a", "X", ReplaceMode::Prefix), "Xbc");
        assert_eq!(replace("abc", "b", "X", ReplaceMode::Prefix), "abc");
        assert_eq!(replace("abc", "c", "X", ReplaceMode::Suffix), "abX");
        assert_eq!(replace("aaa", "a*", "X", ReplaceMode::All), "X");
    }
}
