//! Lessons as data: the types of a lesson file (docs/lessons.md — front matter, actions, checks, prose), their
//! validation, and (with the `lesson-files` feature) `parse`, which reads a file and reports mistakes with a line and
//! column. The page gets the same values as JSON (`layerlab lessons json`), so it needs no TOML parser; the checks
//! are evaluated against a playground by `playground::Playground::check_lesson`.

mod check;
#[cfg(all(test, feature = "engine"))]
mod check_tests;
#[cfg(any(test, feature = "lesson-files"))]
mod parse;
#[cfg(test)]
mod parse_tests;
mod validate;

pub use check::{expose_key, Bound, Check, CheckKind, CheckSpec, ConfigWant, ContainerWant, SizeLimit, SpecError};
#[cfg(any(test, feature = "lesson-files"))]
pub use parse::parse;
pub use validate::{PathPart, Problem};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text in both of the page's languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub ko: String,
    pub en: String,
}

impl Text {
    pub fn new(ko: impl Into<String>, en: impl Into<String>) -> Text {
        Text { ko: ko.into(), en: en.into() }
    }
}

/// Lines in both languages (`teaches`: one line per idea).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextList {
    pub ko: Vec<String>,
    pub en: Vec<String>,
}

/// Where the student works: the editor and its Build button, or the Terminal tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Build,
    Terminal,
}

/// One lesson. Serialised (JSON for the page) with every default filled in: the starter's and the solution's `do`
/// are always there, and the checks are `checks` (the file's `[[check]]` tables).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub id: String,
    pub order: u32,
    pub mode: Mode,
    pub title: Text,
    pub teaches: TextList,
    #[serde(default)]
    pub ideas: Vec<String>,
    pub starter: Setup,
    pub solution: Setup,
    pub checks: Vec<Check>,
    /// The Markdown after the front matter, as written (without the `<!-- ko -->` / `<!-- en -->` markers and the
    /// blank lines around each part).
    pub prose: Text,
}

/// What the playground holds when the lesson opens (the starter), or what the solution changes over it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setup {
    /// The tag field (for the solution: replaces the starter's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The editor's Dockerfile (for the solution: replaces the starter's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dockerfile: Option<String>,
    /// Build-context files, path → text (for the solution: merged over the starter's).
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// What is done, in order: when the lesson opens (the starter), or what the student does (the solution).
    #[serde(rename = "do", default)]
    pub actions: Vec<Action>,
}

/// One thing the page (or the test harness) does — a table with one key in the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawAction", into = "RawAction")]
pub enum Action {
    /// `{ build = true }`: presses Build (the editor's Dockerfile, the context, the tag field).
    Build,
    /// `{ type = "…" }`: types each line into the terminal (blank lines are answers, Enter for `[Y/n]`).
    Type(String),
    /// `{ write = "src/app.js", content = "…" }`: writes a build-context file.
    Write { path: String, content: String },
    /// `{ dockerfile = "…" }`: replaces the editor's Dockerfile.
    Dockerfile(String),
    /// `{ tag = "app:2" }`: sets the tag field.
    Tag(String),
    /// `{ export = true }`: downloads the last build's image.
    Export,
}

impl Action {
    /// The key the file uses for it.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Build => "build",
            Action::Type(_) => "type",
            Action::Write { .. } => "write",
            Action::Dockerfile(_) => "dockerfile",
            Action::Tag(_) => "tag",
            Action::Export => "export",
        }
    }

    /// The lines a `type` action types: its text split at line breaks, without the empty piece after a final one
    /// (TOML's multi-line strings end with a line break).
    pub fn typed_lines(text: &str) -> Vec<&str> {
        let text = text.strip_suffix('\n').unwrap_or(text);
        text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line)).collect()
    }
}

/// An action as written: every key optional, exactly one of them set (`write` with its `content`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAction {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    build: Option<bool>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    write: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dockerfile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    export: Option<bool>,
}

const ACTION_FORMS: &str = "`{ build = true }`, `{ type = \"…\" }`, `{ write = \"PATH\", content = \"…\" }`, \
                            `{ dockerfile = \"…\" }`, `{ tag = \"…\" }` or `{ export = true }`";

impl TryFrom<RawAction> for Action {
    type Error = String;

    fn try_from(raw: RawAction) -> Result<Action, String> {
        let RawAction { build, type_, write, content, dockerfile, tag, export } = raw;
        let set =
            [build.is_some(), type_.is_some(), write.is_some(), dockerfile.is_some(), tag.is_some(), export.is_some()]
                .iter()
                .filter(|set| **set)
                .count();
        if set != 1 {
            return Err(format!("an action is a table with one key: {ACTION_FORMS}"));
        }
        if content.is_some() && write.is_none() {
            return Err("`content` belongs to a `write` action: `{ write = \"PATH\", content = \"…\" }`".into());
        }
        Ok(match (build, type_, write, dockerfile, tag, export) {
            (Some(true), ..) => Action::Build,
            (Some(false), ..) => return Err("write `{ build = true }` to press Build (there is no `false`)".into()),
            (_, Some(text), ..) => Action::Type(text),
            (_, _, Some(path), ..) => match content {
                Some(content) => Action::Write { path, content },
                None => {
                    return Err("a `write` action needs its `content`: `{ write = \"PATH\", content = \"…\" }`".into())
                }
            },
            (_, _, _, Some(text), ..) => Action::Dockerfile(text),
            (_, _, _, _, Some(tag), _) => Action::Tag(tag),
            (.., Some(true)) => Action::Export,
            (.., Some(false)) => return Err("write `{ export = true }` to export (there is no `false`)".into()),
            _ => return Err(format!("an action is a table with one key: {ACTION_FORMS}")),
        })
    }
}

impl From<Action> for RawAction {
    fn from(action: Action) -> RawAction {
        let mut raw = RawAction::default();
        match action {
            Action::Build => raw.build = Some(true),
            Action::Type(text) => raw.type_ = Some(text),
            Action::Write { path, content } => {
                raw.write = Some(path);
                raw.content = Some(content);
            }
            Action::Dockerfile(text) => raw.dockerfile = Some(text),
            Action::Tag(tag) => raw.tag = Some(tag),
            Action::Export => raw.export = Some(true),
        }
        raw
    }
}

/// A mistake in a lesson file, where it is: 1-based line and column (counted in characters) in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for LessonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for LessonError {}

/// Puts lessons in their path's order and refuses two with the same `id` or the same `order` (each named by the
/// string given with it, a file name for instance).
pub fn in_order(mut lessons: Vec<(String, Lesson)>) -> Result<Vec<Lesson>, String> {
    lessons.sort_by(|(a_name, a), (b_name, b)| (a.order, a_name).cmp(&(b.order, b_name)));
    for pair in lessons.windows(2) {
        let [(a_name, a), (b_name, b)] = pair else { continue };
        if a.order == b.order {
            return Err(format!("{a_name} and {b_name} both have order = {}", a.order));
        }
    }
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, lesson) in &lessons {
        if let Some(other) = ids.insert(&lesson.id, name) {
            return Err(format!("{other} and {name} both have id = {:?}", lesson.id));
        }
    }
    Ok(lessons.into_iter().map(|(_, lesson)| lesson).collect())
}
