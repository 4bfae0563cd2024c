//! Diagnostics: what went wrong, where (a byte span in the source), and how to show it — as a compiler-style text
//! block for terminals, or as line/column pairs (UTF-16 columns) for the browser editor.
//!
//! Spans are byte offsets into the text the user wrote. Conversion to line and column happens here, once, so that
//! no other module counts lines.

use serde::Serialize;
use std::fmt::Write as _;

/// A half-open byte range `start..end` into a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// An empty span at `offset`, for "something is missing here".
    pub const fn at(offset: usize) -> Span {
        Span { start: offset, end: offset }
    }

    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// BuildKit would refuse the input, or the build cannot go on.
    Error,
    /// BuildKit accepts it but says something (deprecations, lint rules).
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One thing to tell the user about their input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable kebab-case code such as `unknown-instruction`, for tests, docs and lesson checks.
    pub code: &'static str,
    /// A sentence a student can act on.
    pub message: String,
    pub span: Span,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, code, message: message.into(), span }
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, code, message: message.into(), span }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A position for people: 1-based line, 1-based column counted in Unicode scalar values (terminals) and 0-based
/// column counted in UTF-16 code units (the browser editor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
    pub column_utf16: usize,
}

/// Maps byte offsets of one text to lines and columns. Built once per text in O(n); each lookup is O(log lines).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset at which each line starts. Lines end at `\n`; a `\r` before it belongs to the line's text.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts, len: text.len() }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding `offset` (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of 0-based `line`, without its `\n` and without a `\r` before it.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    /// Line and columns of `offset`. An offset inside a multi-byte character is moved back to its start.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let before = &text[self.starts[line]..offset];
        LineCol {
            line: line + 1,
            column: before.chars().count() + 1,
            column_utf16: before.chars().map(char::len_utf16).sum(),
        }
    }
}

/// A diagnostic with its span resolved to lines and columns, as the CLI's JSON and the browser editor show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LocatedDiagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    pub start: LineCol,
    pub end: LineCol,
}

/// Resolves every diagnostic's span against `text`.
pub fn locate(text: &str, diagnostics: &[Diagnostic]) -> Vec<LocatedDiagnostic> {
    let index = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| LocatedDiagnostic {
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            span: d.span,
            start: index.line_col(text, d.span.start),
            end: index.line_col(text, d.span.end),
        })
        .collect()
}

/// Renders diagnostics the way compilers do:
///
/// ```text
/// Dockerfile:3:1: error[unknown-instruction]: unknown instruction: FORM (did you mean FROM?)
///   |
/// 3 | FORM alpine
///   | ^^^^
/// ```
pub fn render_text(file_name: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for diagnostic in diagnostics {
        render_one(&mut out, file_name, text, &index, diagnostic);
    }
    out
}

fn render_one(out: &mut String, file_name: &str, text: &str, index: &LineIndex, diagnostic: &Diagnostic) {
    let start = index.line_col(text, diagnostic.span.start);
    let _ = writeln!(
        out,
        "{file_name}:{}:{}: {}[{}]: {}",
        start.line,
        start.column,
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    );
    let line = start.line - 1;
    let line_span = index.line_span(text, line);
    let source_line = &text[line_span.start..line_span.end];
    let gutter = start.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{} | {}", start.line, printable(source_line));
    // The caret runs to the end of the span or of the line, whichever comes first; an empty span gets one caret.
    let span_end = diagnostic.span.end.clamp(diagnostic.span.start, line_span.end.max(diagnostic.span.start));
    let lead = display_width(&text[line_span.start..diagnostic.span.start.clamp(line_span.start, line_span.end)]);
    let width = display_width(text.get(diagnostic.span.start..span_end).unwrap_or("")).max(1);
    let _ = writeln!(out, "{pad} | {}{}", " ".repeat(lead), "^".repeat(width));
}

/// Tabs and other control characters would misalign the caret; show them as one visible character each.
fn printable(line: &str) -> String {
    line.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Terminal columns: wide (CJK, Hangul) characters take two. Good enough for carets under Korean text.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF |
        0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 |
        0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_utf16_for_the_editor() {
        let text = "FROM alpine\nLABEL k=\"한국어\" 😀x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let at = index.line_col(text, x);
        assert_eq!((at.line, at.column), (2, 16));
        // 😀 is two UTF-16 units, Hangul one each.
        assert_eq!(at.column_utf16, 16);
        assert_eq!(index.line_col(text, text.len()).line, 3);
    }

    #[test]
    fn line_span_drops_crlf() {
        let text = "a\r\nbc\r\n";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_span(text, 0).start..index.line_span(text, 0).end], "a");
        assert_eq!(&text[index.line_span(text, 1).start..index.line_span(text, 1).end], "bc");
    }

    #[test]
    fn renders_caret_under_span() {
        let text = "FROM alpine\nFORM x\n";
        let d = Diagnostic::error("unknown-instruction", Span::new(12, 16), "unknown instruction: FORM");
        let shown = render_text("Dockerfile", text, &[d]);
        assert_eq!(
            shown,
            "Dockerfile:2:1: error[unknown-instruction]: unknown instruction: FORM\n  |\n2 | FORM x\n  | ^^^^\n"
        );
    }
}
