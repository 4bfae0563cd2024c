//! Parser directives: the `# syntax=`, `# escape=` and `# check=` comments that may open a Dockerfile. They are
//! recognised only before the first line that is not one (a blank line, another comment, an instruction).

use crate::diagnostics::{Diagnostic, Span};
use serde::Serialize;

/// The directives in effect for a Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Directives {
    /// `# syntax=docker/dockerfile:1` — recorded and shown; the playground always uses its own front end.
    pub syntax: Option<String>,
    /// The escape character: `\` (default) or `` ` `` (for Windows paths).
    pub escape: char,
    /// `# check=skip=RuleA,RuleB;error=true`.
    pub check: CheckDirective,
}

impl Default for Directives {
    fn default() -> Self {
        Directives { syntax: None, escape: '\\', check: CheckDirective::default() }
    }
}

/// The `check` directive: which lint rules to skip and whether warnings fail the build.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CheckDirective {
    pub skip_all: bool,
    /// Rule names as written (BuildKit's CamelCase names, e.g. `JSONArgsRecommended`).
    pub skip: Vec<String>,
    pub error: bool,
}

impl CheckDirective {
    pub fn skips(&self, rule: &str) -> bool {
        self.skip_all || self.skip.iter().any(|s| s.eq_ignore_ascii_case(rule))
    }
}

/// Feeds lines to the directive recogniser until the first non-directive line.
#[derive(Debug, Default)]
pub struct DirectiveScanner {
    done: bool,
    seen: Vec<String>,
}

impl DirectiveScanner {
    /// Looks at one line (without its line break). `span` is the line's position in the source, for diagnostics.
    pub fn feed(&mut self, line: &str, span: Span, directives: &mut Directives, diagnostics: &mut Vec<Diagnostic>) {
        if self.done {
            return;
        }
        let Some((name, value)) = match_directive(line) else {
            self.done = true;
            return;
        };
        let name = name.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            self.done = true;
            return;
        }
        if self.seen.contains(&name) {
            diagnostics.push(Diagnostic::error(
                "duplicate-directive",
                span,
                format!("only one {name} parser directive can be used"),
            ));
            return;
        }
        self.seen.push(name.clone());
        match name.as_str() {
            "escape" => match value {
                "\\" => directives.escape = '\\',
                "`" => directives.escape = '`',
                other => diagnostics.push(Diagnostic::error(
                    "invalid-escape",
                    span,
                    format!("invalid escape token '{other}' does not match ` or \\"),
                )),
            },
            "syntax" => directives.syntax = Some(value.to_string()),
            _ => directives.check = parse_check(value, span, diagnostics),
        }
    }
}

/// BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, with `\s` being ASCII white space.
fn match_directive(line: &str) -> Option<(&str, &str)> {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r');
    let rest = line.strip_prefix('#')?.trim_start_matches(is_space);
    let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let name = &rest[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let value = rest[name_len..].trim_start_matches(is_space).strip_prefix('=')?;
    let value = value.trim_matches(is_space);
    if value.is_empty() {
        return None;
    }
    Some((name, value))
}

fn parse_check(value: &str, span: Span, diagnostics: &mut Vec<Diagnostic>) -> CheckDirective {
    let mut check = CheckDirective::default();
    for part in value.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, val) = part.split_once('=').unwrap_or((part, ""));
        match key.trim().to_ascii_lowercase().as_str() {
            "skip" => {
                for rule in val.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                    if rule.eq_ignore_ascii_case("all") {
                        check.skip_all = true;
                    } else {
                        check.skip.push(rule.to_string());
                    }
                }
            }
            "error" => match val.trim() {
                "true" => check.error = true,
                "false" => check.error = false,
                other => diagnostics.push(Diagnostic::warning(
                    "invalid-check-directive",
                    span,
                    format!("expected true or false for error in the check directive, not {other:?}"),
                )),
            },
            "experimental" => {}
            other => diagnostics.push(Diagnostic::warning(
                "invalid-check-directive",
                span,
                format!("unknown key {other:?} in the check directive (expected skip, error or experimental)"),
            )),
        }
    }
    check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_directives_only_at_the_top() {
        let mut scanner = DirectiveScanner::default();
        let mut d = Directives::default();
        let mut diags = Vec::new();
        scanner.feed("#escape = `", Span::default(), &mut d, &mut diags);
        scanner.feed("# syntax=docker/dockerfile:1", Span::default(), &mut d, &mut diags);
        scanner.feed(
            "# check=skip=JSONArgsRecommended,StageNameCasing;error=true",
            Span::default(),
            &mut d,
            &mut diags,
        );
        scanner.feed("", Span::default(), &mut d, &mut diags);
        scanner.feed("# escape=\\", Span::default(), &mut d, &mut diags);
        assert_eq!(d.escape, '`');
        assert_eq!(d.syntax.as_deref(), Some("docker/dockerfile:1"));
        assert!(d.check.error && d.check.skips("stagenamecasing") && !d.check.skips("Other"));
        assert!(diags.is_empty());
    }

    #[test]
    fn duplicate_and_invalid_escape_are_errors() {
        let mut scanner = DirectiveScanner::default();
        let mut d = Directives::default();
        let mut diags = Vec::new();
        scanner.feed("# escape=x", Span::default(), &mut d, &mut diags);
        scanner.feed("# escape=`", Span::default(), &mut d, &mut diags);
        assert_eq!(d.escape, '\\');
        assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), ["invalid-escape", "duplicate-directive"]);
    }

    #[test]
    fn unknown_directive_ends_the_directive_block() {
        let mut scanner = DirectiveScanner::default();
        let mut d = Directives::default();
        let mut diags = Vec::new();
        scanner.feed("# foo=bar", Span::default(), &mut d, &mut diags);
        scanner.feed("# escape=`", Span::default(), &mut d, &mut diags);
        assert_eq!(d.escape, '\\');
        assert_eq!(match_directive("#1a=b"), None);
        assert_eq!(match_directive("# a ="), None);
    }
}
