//! What a lesson must be beyond its types: a kebab-case id, both languages everywhere (titles, the lines it
//! teaches, every check's `says` and `hint`, the prose), checks whose fields fit their kind, actions and files with
//! usable paths. Each problem names the place in the file by its key path, which `parse` turns into a line and
//! column.

use super::{Action, Check, Lesson, Setup, Text, TextList};

/// One step of a key path: a table key or an array index (`check[2].count` is `[Key("check"), Index(2),
/// Key("count")]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    Key(String),
    Index(usize),
}

/// A mistake in a lesson and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: Vec<PathPart>,
    pub message: String,
}

impl Problem {
    fn at(path: &[PathPart], message: impl Into<String>) -> Problem {
        Problem { path: path.to_vec(), message: message.into() }
    }

    /// The path as a person reads it: `check[2].count`.
    pub fn path_text(&self) -> String {
        let mut text = String::new();
        for part in &self.path {
            match part {
                PathPart::Key(key) if text.is_empty() => text.push_str(key),
                PathPart::Key(key) => {
                    text.push('.');
                    text.push_str(key);
                }
                PathPart::Index(index) => text.push_str(&format!("[{index}]")),
            }
        }
        text
    }
}

fn key(name: &str) -> PathPart {
    PathPart::Key(name.to_string())
}

fn join(path: &[PathPart], part: PathPart) -> Vec<PathPart> {
    let mut path = path.to_vec();
    path.push(part);
    path
}

/// Whether `id` is lowercase kebab-case: `hello-image`, `layers-2`.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// A build-context path a lesson may name: relative, without `..`, `.` or empty parts, no NUL.
pub fn is_context_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\0')
        && !path.contains('\\')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

impl Lesson {
    /// Every problem, in the file's order of keys (the first is the one to report).
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if !is_kebab_case(&self.id) {
            problems.push(Problem::at(
                &[key("id")],
                format!("id {:?} is not lowercase kebab-case (like \"hello-image\")", self.id),
            ));
        }
        text(&mut problems, &[key("title")], &self.title);
        teaches(&mut problems, &self.teaches);
        for (index, idea) in self.ideas.iter().enumerate() {
            if idea.trim().is_empty() {
                problems.push(Problem::at(&[key("ideas"), PathPart::Index(index)], "an idea is empty"));
            }
        }
        setup(&mut problems, "starter", &self.starter);
        setup(&mut problems, "solution", &self.solution);
        if self.checks.is_empty() {
            problems.push(Problem::at(&[], "a lesson needs at least one [[check]]"));
        }
        for (index, check) in self.checks.iter().enumerate() {
            check_problems(&mut problems, &[key("check"), PathPart::Index(index)], check);
        }
        for (language, prose) in [("ko", &self.prose.ko), ("en", &self.prose.en)] {
            if prose.trim().is_empty() {
                problems.push(Problem::at(
                    &[key("prose"), key(language)],
                    format!("the {language} prose (after <!-- {language} -->) is empty"),
                ));
            }
        }
        problems
    }
}

fn text(problems: &mut Vec<Problem>, path: &[PathPart], text: &Text) {
    for (language, value) in [("ko", &text.ko), ("en", &text.en)] {
        if value.trim().is_empty() {
            problems.push(Problem::at(&join(path, key(language)), format!("the {language} text is empty")));
        }
    }
}

fn teaches(problems: &mut Vec<Problem>, teaches: &TextList) {
    let path = [key("teaches")];
    for (language, lines) in [("ko", &teaches.ko), ("en", &teaches.en)] {
        if lines.is_empty() {
            problems.push(Problem::at(&join(&path, key(language)), format!("`teaches.{language}` has no lines")));
        }
        for (index, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                let at = [key("teaches"), key(language), PathPart::Index(index)];
                problems.push(Problem::at(&at, "a line of `teaches` is empty"));
            }
        }
    }
    if teaches.ko.len() != teaches.en.len() {
        problems.push(Problem::at(
            &join(&path, key("en")),
            format!(
                "`teaches` has {} Korean lines and {} English ones: each idea needs both",
                teaches.ko.len(),
                teaches.en.len()
            ),
        ));
    }
}

fn setup(problems: &mut Vec<Problem>, name: &str, setup: &Setup) {
    let path = [key(name)];
    if setup.tag.as_deref().is_some_and(|tag| tag.trim().is_empty()) {
        problems.push(Problem::at(&join(&path, key("tag")), "`tag` is empty (leave it out for no tag)"));
    }
    for file in setup.files.keys() {
        if !is_context_path(file) {
            problems.push(Problem::at(
                &[key(name), key("files"), key(file)],
                format!("{file:?} is not a relative path inside the build context"),
            ));
        }
    }
    for (index, action) in setup.actions.iter().enumerate() {
        let at = [key(name), key("do"), PathPart::Index(index)];
        match action {
            Action::Type(text) if text.trim().is_empty() => {
                problems.push(Problem::at(&at, "a `type` action types nothing"));
            }
            Action::Write { path, .. } if !is_context_path(path) => {
                problems.push(Problem::at(&at, format!("{path:?} is not a relative path inside the build context")));
            }
            Action::Tag(tag) if tag.trim().is_empty() => {
                problems.push(Problem::at(&at, "a `tag` action sets an empty tag"));
            }
            _ => {}
        }
    }
}

fn check_problems(problems: &mut Vec<Problem>, path: &[PathPart], check: &Check) {
    if let Err(error) = check.spec() {
        let at = match error.field {
            Some(field) => join(path, key(field)),
            None => path.to_vec(),
        };
        problems.push(Problem::at(&at, error.message));
    }
    text(problems, &join(path, key("says")), &check.says);
    text(problems, &join(path, key("hint")), &check.hint);
}
