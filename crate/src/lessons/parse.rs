//! Reading a lesson file: the TOML front matter between two `+++` lines (through serde, unknown keys refused), then
//! the prose after `<!-- ko -->` and `<!-- en -->`. Every mistake — TOML syntax, a wrong or missing key, a check
//! whose fields do not fit its kind, a missing language — comes back with the line and column in the file: TOML's
//! byte spans are relative to the front matter, so they are moved by its offset before `diagnostics` counts lines.

use super::validate::{PathPart, Problem};
use super::{Action, Check, Lesson, LessonError, Mode, RawAction, Setup, Text, TextList};
use crate::diagnostics::LineIndex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The front matter as the file writes it (the checks are `[[check]]` tables; `do` may be left out).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    order: u32,
    mode: Mode,
    title: Text,
    teaches: TextList,
    #[serde(default)]
    ideas: Vec<String>,
    starter: FileSetup,
    solution: FileSetup,
    #[serde(rename = "check", default)]
    checks: Vec<Check>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSetup {
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    dockerfile: Option<String>,
    #[serde(default)]
    files: BTreeMap<String, String>,
    /// Read as written and made into actions afterwards, so that a malformed one is reported where it is (serde
    /// would place the error at the whole list).
    #[serde(rename = "do", default)]
    actions: Option<Vec<RawAction>>,
}

impl FileSetup {
    /// The setup with its actions, or the index of the first malformed action and what is wrong with it.
    fn into_setup(self, default_actions: Vec<Action>) -> Result<Setup, (usize, String)> {
        let actions = match self.actions {
            None => default_actions,
            Some(raw) => raw
                .into_iter()
                .enumerate()
                .map(|(index, raw)| Action::try_from(raw).map_err(|message| (index, message)))
                .collect::<Result<_, _>>()?,
        };
        Ok(Setup { tag: self.tag, dockerfile: self.dockerfile, files: self.files, actions })
    }
}

/// Reads a lesson file (docs/lessons.md) and checks it; the first mistake is returned with its line and column.
pub fn parse(text: &str) -> Result<Lesson, LessonError> {
    let file = File { text, lines: LineIndex::new(text) };
    let (front, body) = file.split()?;
    let front_text = &text[front.clone()];
    let table = DeTable::parse(front_text).map_err(|e| file.toml_error(&front, &e))?;
    let matter: FrontMatter = toml::from_str(front_text).map_err(|e| file.toml_error(&front, &e))?;
    let prose = file.prose(body)?;
    let problem_at = |path: Vec<PathPart>, message: String| {
        let problem = Problem { path, message };
        let offset = match locate(table.get_ref(), &problem.path) {
            Some(span) => front.start + span.start,
            None => front.start,
        };
        file.error_at(offset, format!("{}: {}", where_text(&problem), problem.message))
    };
    let setup = |name: &str, setup: FileSetup, default_actions: Vec<Action>| {
        setup
            .into_setup(default_actions)
            .map_err(|(index, message)| problem_at(vec![key(name), key("do"), PathPart::Index(index)], message))
    };
    let starter = setup("starter", matter.starter, Vec::new())?;
    let solution = setup("solution", matter.solution, vec![Action::Build])?;
    let lesson = Lesson {
        id: matter.id,
        order: matter.order,
        mode: matter.mode,
        title: matter.title,
        teaches: matter.teaches,
        ideas: matter.ideas,
        starter,
        solution,
        checks: matter.checks,
        prose,
    };
    match lesson.problems().into_iter().next() {
        None => Ok(lesson),
        Some(problem) => Err(problem_at(problem.path, problem.message)),
    }
}

fn key(name: &str) -> PathPart {
    PathPart::Key(name.to_string())
}

/// `check[2]` → `check 3`; `id` stays `id`: the path a message starts with.
fn where_text(problem: &Problem) -> String {
    let mut text = String::new();
    for part in &problem.path {
        match part {
            PathPart::Key(key) if text.is_empty() => text.push_str(key),
            PathPart::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            // People count checks and actions from 1.
            PathPart::Index(index) => text.push_str(&format!("[{}]", index + 1)),
        }
    }
    if text.is_empty() {
        "lesson".to_string()
    } else {
        text
    }
}

/// The span of the value at `path` in the front matter, or of the deepest part of it that is there.
fn locate(table: &DeTable<'_>, path: &[PathPart]) -> Option<Range<usize>> {
    let mut found: Option<Range<usize>> = None;
    let mut current: Option<&DeValue<'_>> = None;
    for (depth, part) in path.iter().enumerate() {
        let next: Option<&Spanned<DeValue<'_>>> = match (depth, current, part) {
            (0, _, PathPart::Key(key)) => lookup(table, key),
            (_, Some(DeValue::Table(inner)), PathPart::Key(key)) => lookup(inner, key),
            (_, Some(DeValue::Array(items)), PathPart::Index(index)) => items.get(*index),
            _ => None,
        };
        let Some(next) = next else { break };
        found = Some(next.span());
        current = Some(next.get_ref());
    }
    found
}

fn lookup<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    table.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| v)
}

/// One file's text and its lines.
struct File<'t> {
    text: &'t str,
    lines: LineIndex,
}

impl File<'_> {
    fn error_at(&self, offset: usize, message: impl Into<String>) -> LessonError {
        let at = self.lines.line_col(self.text, offset);
        LessonError { line: at.line, column: at.column, message: message.into() }
    }

    /// A TOML error, its span moved from the front matter into the file.
    fn toml_error(&self, front: &Range<usize>, error: &toml::de::Error) -> LessonError {
        let offset = front.start + error.span().map_or(0, |span| span.start);
        let message = error.message().trim_end().replace('\n', " ");
        self.error_at(offset.min(front.end), message)
    }

    /// The byte ranges of the front matter (between the `+++` lines) and of the body after it.
    fn split(&self) -> Result<(Range<usize>, Range<usize>), LessonError> {
        let text = self.text;
        let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        let mut lines = line_ranges(text, start);
        let Some(first) = lines.next() else {
            return Err(self.error_at(start, "the file is empty: a lesson starts with a `+++` line"));
        };
        if text[first.clone()].trim_end() != "+++" {
            return Err(self.error_at(
                first.start,
                "a lesson starts with a `+++` line, then its TOML front matter, then another `+++` line",
            ));
        }
        let front_start = line_end(text, first.end);
        for line in lines {
            if text[line.clone()].trim_end() == "+++" {
                return Ok((front_start..line.start, line_end(text, line.end)..text.len()));
            }
        }
        Err(self.error_at(first.start, "the front matter that starts here has no closing `+++` line"))
    }

    /// The prose: `<!-- ko -->`, the Korean text, `<!-- en -->`, the English text; nothing but blank lines before.
    fn prose(&self, body: Range<usize>) -> Result<Text, LessonError> {
        let text = self.text;
        let mut ko: Option<Range<usize>> = None;
        let mut en: Option<Range<usize>> = None;
        for line in line_ranges(text, body.start) {
            let content = text[line.clone()].trim();
            let marker = match content {
                "<!-- ko -->" => "ko",
                "<!-- en -->" => "en",
                _ => {
                    if ko.is_none() && !content.is_empty() {
                        return Err(self.error_at(
                            line.start,
                            "the prose starts with a `<!-- ko -->` line (then the Korean text, then `<!-- en -->` \
                             and the English text)",
                        ));
                    }
                    continue;
                }
            };
            match (marker, &ko, &en) {
                ("ko", None, _) => ko = Some(line.clone()),
                ("en", Some(_), None) => en = Some(line.clone()),
                ("en", None, _) => {
                    return Err(self.error_at(line.start, "`<!-- en -->` comes after `<!-- ko -->` and the Korean text"))
                }
                _ => return Err(self.error_at(line.start, format!("a second `<!-- {marker} -->` marker"))),
            }
        }
        let Some(ko) = ko else {
            return Err(self.error_at(
                body.start,
                "the prose is missing: `<!-- ko -->`, the Korean text, `<!-- en -->`, \
                                                  the English text",
            ));
        };
        let Some(en) = en else {
            return Err(self.error_at(ko.start, "`<!-- en -->` and the English text are missing after the Korean text"));
        };
        let korean = trim_blank_lines(&text[line_end(text, ko.end)..en.start]);
        let english = trim_blank_lines(&text[line_end(text, en.end)..]);
        if korean.is_empty() {
            return Err(self.error_at(ko.start, "the Korean text after `<!-- ko -->` is empty"));
        }
        if english.is_empty() {
            return Err(self.error_at(en.start, "the English text after `<!-- en -->` is empty"));
        }
        Ok(Text { ko: korean, en: english })
    }
}

/// The ranges of the lines from `start` on, without their line breaks.
fn line_ranges(text: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = start;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = at..end;
        at = end + 1;
        Some(line)
    })
}

/// The offset after the line break that ends the line ending at `end` (or `end` at the end of the text).
fn line_end(text: &str, end: usize) -> usize {
    if text[end..].starts_with('\n') {
        end + 1
    } else {
        end
    }
}

/// The text without the blank lines before and after it, and without trailing white space; the rest as written.
fn trim_blank_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => {
            let mut out = lines[first..=last].join("\n");
            out.truncate(out.trim_end().len());
            out.push('\n');
            out
        }
        _ => String::new(),
    }
}
