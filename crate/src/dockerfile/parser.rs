//! From Dockerfile text to BuildKit's raw tree: directives, comments, logical lines joined by the escape character,
//! empty continuation lines, heredoc bodies, and the per-instruction line parsers (JSON or shell form, key=value
//! lists, plain word lists). Never fails: problems become diagnostics and the tree holds what could be read.

use super::directives::{DirectiveScanner, Directives};
use super::expand::{Env, Lexer};
use super::json_args::{self, JsonArgs};
use super::syntax::{Heredoc, Node, Word};
use super::words::{extract_flags, parse_words, split_first, split_whitespace, RawWord};
use crate::diagnostics::{Diagnostic, Span};

/// The raw tree of a Dockerfile and what was wrong with it.
#[derive(Clone, Debug)]
pub struct RawParse {
    pub directives: Directives,
    pub nodes: Vec<Node>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses Dockerfile text into BuildKit's raw tree.
pub fn parse_raw(text: &str) -> RawParse {
    let mut parser = Parser {
        text,
        lines: Lines { text, pos: 0, number: 0 },
        directives: Directives::default(),
        scanner: DirectiveScanner::default(),
        diagnostics: Vec::new(),
    };
    let nodes = parser.run();
    RawParse { directives: parser.directives, nodes, diagnostics: parser.diagnostics }
}

/// The source's physical lines, each with its byte offset and its line break.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    /// 1-based number of the line most recently returned.
    number: usize,
}

impl<'a> Lines<'a> {
    fn next_line(&mut self) -> Option<(usize, &'a str)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let end = self.text[start..].find('\n').map_or(self.text.len(), |i| start + i + 1);
        self.pos = end;
        self.number += 1;
        Some((start, &self.text[start..end]))
    }
}

/// A logical line: physical pieces joined after removing continuation characters, with a map back to the source.
#[derive(Default)]
struct LogicalLine {
    text: String,
    /// (offset in `text`, offset in the source) where each piece starts.
    pieces: Vec<(usize, usize)>,
}

impl LogicalLine {
    fn push(&mut self, piece: &str, source_offset: usize) {
        self.pieces.push((self.text.len(), source_offset));
        self.text.push_str(piece);
    }

    /// Source offset of a position in the logical text (a start position: it belongs to the piece it begins).
    fn source_start(&self, logical: usize) -> usize {
        let i = self.pieces.partition_point(|&(l, _)| l <= logical).saturating_sub(1);
        self.pieces.get(i).map_or(0, |&(l, s)| s + (logical - l))
    }

    /// Source offset of an end position (it belongs to the piece it ends).
    fn source_end(&self, logical: usize) -> usize {
        let i = self.pieces.partition_point(|&(l, _)| l < logical).saturating_sub(1);
        self.pieces.get(i).map_or(0, |&(l, s)| s + logical.saturating_sub(l))
    }

    fn span(&self, start: usize, end: usize) -> Span {
        if start >= end {
            let at = self.source_start(start);
            return Span::new(at, at);
        }
        Span::new(self.source_start(start), self.source_end(end))
    }
}

struct Parser<'a> {
    text: &'a str,
    lines: Lines<'a>,
    directives: Directives,
    scanner: DirectiveScanner,
    diagnostics: Vec<Diagnostic>,
}

fn trim_newline(line: &str) -> &str {
    line.trim_end_matches(['\r', '\n'])
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

impl Parser<'_> {
    fn run(&mut self) -> Vec<Node> {
        let mut nodes = Vec::new();
        let mut comments: Vec<String> = Vec::new();
        while let Some((mut offset, mut raw)) = self.lines.next_line() {
            if self.lines.number == 1 {
                if let Some(rest) = raw.strip_prefix('\u{feff}') {
                    offset += '\u{feff}'.len_utf8();
                    raw = rest;
                }
            }
            if is_comment(raw) {
                let comment = trim_newline(raw).trim_start()[1..].trim();
                if comment.is_empty() {
                    comments.clear();
                } else {
                    comments.push(comment.to_string());
                }
            }
            let line = trim_newline(raw);
            let left = line.trim_start();
            let left_offset = offset + (line.len() - left.len());
            self.scanner.feed(
                left,
                Span::new(left_offset, offset + line.len()),
                &mut self.directives,
                &mut self.diagnostics,
            );
            let content = if is_comment(left) { "" } else { left };
            let start_line = self.lines.number;
            let (content, mut end_of_line) = trim_continuation(content, self.directives.escape);
            if end_of_line && content.is_empty() {
                continue;
            }
            let mut logical = LogicalLine::default();
            logical.push(content, left_offset);
            let mut end_offset = offset + line.len();
            let mut empty_continuation: Option<Span> = None;
            while !end_of_line {
                let Some((offset, raw)) = self.lines.next_line() else { break };
                let line = trim_newline(raw);
                end_offset = offset + line.len();
                self.scanner.feed(line, Span::new(offset, end_offset), &mut self.directives, &mut self.diagnostics);
                if is_comment(line) {
                    continue;
                }
                if line.trim_start().is_empty() {
                    empty_continuation.get_or_insert(Span::new(offset, end_offset));
                    continue;
                }
                let (piece, eol) = trim_continuation(line, self.directives.escape);
                end_of_line = eol;
                logical.push(piece, offset);
            }
            let mut node = self.node_from_line(&logical, 0);
            node.start_line = start_line;
            node.comments = std::mem::take(&mut comments);
            if let Some(span) = empty_continuation {
                self.diagnostics.push(Diagnostic::warning(
                    "no-empty-continuation",
                    span,
                    "empty continuation line: a blank line inside a multi-line instruction is ignored, and Docker \
                     plans to make it an error; remove it or end the instruction before it",
                ));
            }
            if can_contain_heredoc(&node) && logical.text.contains("<<") {
                end_offset = self.read_heredocs(&mut node, &logical).unwrap_or(end_offset);
            }
            node.end_line = self.lines.number;
            node.span = Span::new(node.keyword.span.start, end_offset.max(node.keyword.span.start));
            nodes.push(node);
        }
        if nodes.is_empty() {
            let end = self.text.len();
            self.diagnostics.push(Diagnostic::error(
                "empty-dockerfile",
                Span::at(end),
                "the Dockerfile has no instructions: start with FROM and a base image, e.g. FROM alpine",
            ));
        }
        nodes
    }

    /// Builds one node from a logical line (or, for ONBUILD, from the part after the keyword at `base`).
    fn node_from_line(&mut self, logical: &LogicalLine, base: usize) -> Node {
        let text = &logical.text[base..];
        let trimmed_start = text.len() - text.trim_start().len();
        let body = text.trim();
        let (keyword, after_keyword) = split_first(body);
        let keyword_start = base + trimmed_start;
        let keyword =
            Word { text: keyword.to_string(), span: logical.span(keyword_start, keyword_start + keyword.len()) };
        let mut node = Node {
            keyword,
            flags: Vec::new(),
            args: Vec::new(),
            trigger: None,
            json: false,
            original: text.to_string(),
            args_span: Span::default(),
            heredocs: Vec::new(),
            span: Span::default(),
            start_line: 0,
            end_line: 0,
            comments: Vec::new(),
        };
        let args_base;
        let args_text;
        match after_keyword {
            None => {
                args_base = keyword_start + body.len();
                args_text = "";
            }
            Some(rest_at) => {
                let rest_start = keyword_start + rest_at;
                let rest = &body[rest_at..];
                let (flags, after_flags) = extract_flags(rest);
                node.flags = flags.into_iter().map(|f| to_word(logical, rest_start, f)).collect();
                let args = &rest[after_flags..];
                let trimmed = args.trim();
                args_base = rest_start + after_flags + (args.len() - args.trim_start().len());
                args_text = trimmed;
            }
        }
        node.args_span = logical.span(args_base, args_base + args_text.len());
        let keyword = node.keyword_lower();
        let at = |w: RawWord| to_word(logical, args_base, w);
        match keyword.as_str() {
            "add" | "copy" | "volume" => self.parse_json_or_list(&mut node, logical, args_base, args_text),
            "cmd" | "entrypoint" | "run" | "shell" => {
                self.parse_json_or_string(&mut node, logical, args_base, args_text)
            }
            "arg" => node.args = parse_words(args_text, self.directives.escape).into_iter().map(at).collect(),
            "env" | "label" => self.parse_key_values(&mut node, logical, args_base, args_text),
            "expose" | "from" => node.args = split_whitespace(args_text).into_iter().map(at).collect(),
            "maintainer" | "stopsignal" | "user" | "workdir" => {
                if !args_text.is_empty() {
                    node.args.push(at(RawWord { text: args_text.to_string(), range: 0..args_text.len() }));
                }
            }
            "healthcheck" => self.parse_healthcheck(&mut node, logical, args_base, args_text),
            "onbuild" => {
                if !args_text.is_empty() {
                    let trigger = self.node_from_line(logical, args_base);
                    node.trigger = Some(Box::new(trigger));
                }
            }
            // BuildKit keeps unknown instructions with one empty argument; the typed layer reports them.
            _ => node.args.push(Word { text: String::new(), span: node.args_span }),
        }
        node
    }

    /// CMD, ENTRYPOINT, RUN, SHELL: a JSON array of strings, or else the whole text as one shell-form string.
    fn parse_json_or_string(&mut self, node: &mut Node, logical: &LogicalLine, base: usize, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.parse_json(node, logical, base, text) {
            node.args.push(to_word(logical, base, RawWord { text: text.to_string(), range: 0..text.len() }));
        }
    }

    /// ADD, COPY, VOLUME: a JSON array of strings, or else white-space-separated words.
    fn parse_json_or_list(&mut self, node: &mut Node, logical: &LogicalLine, base: usize, text: &str) {
        if !self.parse_json(node, logical, base, text) {
            node.args = split_whitespace(text).into_iter().map(|w| to_word(logical, base, w)).collect();
        }
    }

    /// Tries the JSON form; returns whether the node's arguments were set from it.
    fn parse_json(&mut self, node: &mut Node, logical: &LogicalLine, base: usize, text: &str) -> bool {
        match json_args::parse(text) {
            JsonArgs::Strings(items) => {
                node.json = true;
                node.args =
                    items.into_iter().map(|(text, range)| to_word(logical, base, RawWord { text, range })).collect();
                true
            }
            JsonArgs::NotStrings(range) => {
                self.diagnostics.push(Diagnostic::error(
                    "json-not-strings",
                    logical.span(base + range.start, base + range.end),
                    "when using JSON array syntax, arrays must be comprised of strings only: put every item in \
                     double quotes, e.g. [\"echo\", \"1\"]",
                ));
                // Exec form with nothing usable in it: the error already stops any build.
                node.json = true;
                true
            }
            JsonArgs::NotJson { offset, reason } => {
                if text.starts_with('[') && text.trim_end().ends_with(']') {
                    let at = logical.span(base + offset, base + offset);
                    self.diagnostics.push(Diagnostic::warning(
                        "json-args-invalid",
                        at,
                        format!(
                            "this looks like the JSON (exec) form but is not valid JSON ({reason}), so Docker runs \
                             it as a shell command instead; JSON needs double quotes around every item"
                        ),
                    ));
                }
                false
            }
        }
    }

    /// ENV and LABEL: `key value` (legacy, one pair) or `key=value …`, each pair as key, value, separator.
    fn parse_key_values(&mut self, node: &mut Node, logical: &LogicalLine, base: usize, text: &str) {
        let instruction = node.keyword.text.to_uppercase();
        let words = parse_words(text, self.directives.escape);
        let Some(first) = words.first() else { return };
        if !first.text.contains('=') {
            let (key, rest) = split_first(text);
            let Some(value_at) = rest else {
                self.diagnostics.push(Diagnostic::error(
                    "missing-value",
                    logical.span(base, base + text.len()),
                    format!("{instruction} must have two arguments: write {instruction} {key}=value"),
                ));
                return;
            };
            let value = &text[value_at..];
            node.args.push(to_word(logical, base, RawWord { text: key.to_string(), range: 0..key.len() }));
            node.args.push(to_word(logical, base, RawWord { text: value.to_string(), range: value_at..text.len() }));
            node.args.push(Word { text: String::new(), span: logical.span(base + value_at, base + value_at) });
            return;
        }
        for word in words {
            let Some(eq) = word.text.find('=') else {
                self.diagnostics.push(Diagnostic::error(
                    "missing-equals",
                    logical.span(base + word.range.start, base + word.range.end),
                    format!(
                        "Syntax error - can't find = in {}. Must be of the form: name=value",
                        super::go_quote::quote(&word.text)
                    ),
                ));
                continue;
            };
            let start = word.range.start;
            let key = RawWord { text: word.text[..eq].to_string(), range: start..start + eq };
            let value = RawWord { text: word.text[eq + 1..].to_string(), range: start + eq + 1..word.range.end };
            node.args.push(to_word(logical, base, key));
            node.args.push(to_word(logical, base, value));
            node.args.push(Word { text: "=".into(), span: logical.span(base + start + eq, base + start + eq + 1) });
        }
    }

    /// HEALTHCHECK: its sub-command word, then CMD's arguments in JSON or shell form.
    fn parse_healthcheck(&mut self, node: &mut Node, logical: &LogicalLine, base: usize, text: &str) {
        let sep = text.find(char::is_whitespace).unwrap_or(text.len());
        if sep == 0 {
            return;
        }
        let next = text[sep..].find(|c: char| !c.is_whitespace()).map_or(text.len(), |n| sep + n);
        node.args.push(to_word(logical, base, RawWord { text: text[..sep].to_string(), range: 0..sep }));
        let mut rest = Node { args: Vec::new(), ..node.clone() };
        self.parse_json_or_string(&mut rest, logical, base + next, &text[next..]);
        node.json = rest.json;
        node.args.extend(rest.args);
    }

    /// Reads the bodies of the heredocs the instruction line opens, in order. Returns the source offset where the
    /// last body ended, or None when there were no heredocs.
    fn read_heredocs(&mut self, node: &mut Node, logical: &LogicalLine) -> Option<usize> {
        let mut read = Vec::new();
        let mut declared = heredocs_in_line(&logical.text);
        if declared.is_empty() {
            return None;
        }
        let mut search_from = 0;
        let mut end = None;
        for heredoc in &mut declared {
            let at = logical.text[search_from..].find("<<").map_or(search_from, |i| search_from + i);
            search_from = (at + 2).min(logical.text.len());
            heredoc.span = logical.span(at, at + 2 + heredoc.name.len());
            let mut body_start = None;
            let mut terminated = false;
            while let Some((offset, raw)) = self.lines.next_line() {
                body_start.get_or_insert(offset);
                end = Some(offset + trim_newline(raw).len());
                let candidate = trim_newline(raw);
                let candidate = if heredoc.chomp { candidate.trim_start_matches('\t') } else { candidate };
                if candidate == heredoc.name {
                    terminated = true;
                    break;
                }
                heredoc.content.push_str(raw);
            }
            let body_start = body_start.unwrap_or(self.text.len());
            heredoc.body_span = Span::new(body_start, end.unwrap_or(body_start));
            if !terminated {
                self.diagnostics.push(Diagnostic::error(
                    "unterminated-heredoc",
                    heredoc.span,
                    format!(
                        "unterminated heredoc: no line with just {} closes it before the end of the file",
                        heredoc.name
                    ),
                ));
                read.push(heredoc.clone());
                break;
            }
            read.push(heredoc.clone());
        }
        // An ONBUILD trigger owns the heredocs it declares.
        match node.trigger.as_deref_mut() {
            Some(trigger) => trigger.heredocs = read,
            None => node.heredocs = read,
        }
        end
    }
}

fn to_word(logical: &LogicalLine, base: usize, word: RawWord) -> Word {
    Word { span: logical.span(base + word.range.start, base + word.range.end), text: word.text }
}

/// Removes a continuation character from a line: the escape character as the last non-blank character, unless it is
/// itself escaped (`C:\\` ends a line; BuildKit's trailing-backslash case). Returns the remaining text and whether
/// the logical line ends here.
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let run = trimmed.len() - trimmed.trim_end_matches(escape).len();
    let escapes = run / escape.len_utf8();
    if escapes % 2 == 1 {
        (&trimmed[..trimmed.len() - escape.len_utf8()], false)
    } else {
        (line, true)
    }
}

/// RUN, COPY and ADD (also as ONBUILD triggers) take heredocs, unless written in JSON form.
fn can_contain_heredoc(node: &Node) -> bool {
    let node = node.trigger.as_deref().unwrap_or(node);
    matches!(node.keyword_lower().as_str(), "run" | "copy" | "add") && !node.json
}

struct NoEnv;

impl Env for NoEnv {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

/// The heredocs an instruction line declares, in order (BuildKit's `heredocsFromLine`): the line is split into
/// words keeping quotes and escapes, and every word shaped like `[fd]<<[-]NAME` opens one.
fn heredocs_in_line(line: &str) -> Vec<Heredoc> {
    let mut lexer = Lexer::new('\\');
    lexer.raw_quotes = true;
    lexer.raw_escapes = true;
    let Ok(words) = lexer.expand_words(line, &NoEnv) else { return Vec::new() };
    words.iter().filter_map(|w| parse_heredoc_word(w)).collect()
}

/// One word `^(\d*)<<(-?)([^<]*)$` as a heredoc declaration, or None.
fn parse_heredoc_word(word: &str) -> Option<Heredoc> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let mut lexer = Lexer::new('\\');
    lexer.skip_unset_env = true;
    let words = lexer.expand_words(rest, &NoEnv).ok()?;
    let [name] = words.as_slice() else { return None };
    lexer.raw_quotes = true;
    let raw = lexer.expand_words(rest, &NoEnv).ok()?;
    let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    let expand = raw.len() == 1 && quotes(name) == quotes(&raw[0]);
    Some(Heredoc {
        name: name.clone(),
        expand,
        chomp,
        file_descriptor: word[..digits].parse().unwrap_or(0),
        content: String::new(),
        span: Span::default(),
        body_span: Span::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::syntax::dump;
    use super::*;

    fn dumped(text: &str) -> String {
        dump(&parse_raw(text).nodes)
    }

    #[test]
    fn joins_continuations_and_skips_comments_inside() {
        let text = "FROM x\nRUN echo hello \\\n# comment\n\n  world\n";
        let parsed = parse_raw(text);
        assert_eq!(dump(&parsed.nodes), "(from \"x\")\n(run \"echo hello   world\")\n");
        let run = &parsed.nodes[1];
        assert_eq!((run.start_line, run.end_line), (2, 5));
        assert_eq!(&text[run.span.start..run.span.end], "RUN echo hello \\\n# comment\n\n  world");
        assert_eq!(parsed.diagnostics[0].code, "no-empty-continuation");
        // The word "world" maps back to its place on line 5.
        let world = text.find("world").unwrap();
        assert_eq!(run.args[0].span, Span::new(text.find("echo").unwrap(), world + 5));
    }

    #[test]
    fn flags_and_json() {
        assert_eq!(
            dumped("COPY --from=build -- a b\nCMD --doit [ \"a\" ]\n"),
            "(copy [\"--from=build\"] \"a\" \"b\")\n(cmd [\"--doit\"] \"a\")\n"
        );
        let parsed = parse_raw("CMD [\"a\", 1]\n");
        assert_eq!(parsed.diagnostics[0].code, "json-not-strings");
        assert_eq!(parsed.diagnostics[0].span, Span::new(10, 11));
    }

    #[test]
    fn heredocs_attach_bodies() {
        let text = "FROM x\nRUN <<EOF bash\necho hi\nEOF\nCOPY <<-\"A\" <<B /dst/\n\tone\n\tA\ntwo\nB\nRUN x\n";
        let parsed = parse_raw(text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let run = &parsed.nodes[1];
        assert_eq!(run.heredocs[0].name, "EOF");
        assert_eq!(run.heredocs[0].content, "echo hi\n");
        assert!(run.heredocs[0].expand);
        assert_eq!((run.start_line, run.end_line), (2, 4));
        let copy = &parsed.nodes[2];
        assert_eq!(copy.heredocs.len(), 2);
        assert!(copy.heredocs[0].chomp && !copy.heredocs[0].expand);
        assert_eq!(copy.heredocs[0].content, "\tone\n");
        assert_eq!(copy.heredocs[1].content, "two\n");
        assert_eq!(parsed.nodes[3].start_line, 10);
    }

    #[test]
    fn unterminated_heredoc_is_a_diagnostic() {
        let parsed = parse_raw("FROM x\nRUN <<EOF\necho hi\n");
        assert_eq!(parsed.diagnostics[0].code, "unterminated-heredoc");
        assert_eq!(parsed.diagnostics[0].span, Span::new(11, 16));
    }

    #[test]
    fn onbuild_nests_and_escape_directive_applies() {
        assert_eq!(dumped("ONBUILD RUN [\"a\"]\nONBUILD\n"), "(onbuild (run \"a\"))\n(onbuild)\n");
        assert_eq!(dumped("# escape=`\nENV A `\n\\b\n"), "(env \"A\" \"\\\\b\" \"\")\n");
    }

    #[test]
    fn never_fails() {
        for text in [
            "",
            "\n\n",
            "\\",
            "RUN \\",
            "ENV",
            "ENV a",
            "HEALTHCHECK",
            "ONBUILD ONBUILD",
            "\u{feff}FROM x",
            "RUN <<",
            "COPY <<EOF",
        ] {
            let _ = parse_raw(text);
        }
        assert_eq!(parse_raw("").diagnostics[0].code, "empty-dockerfile");
    }
}
