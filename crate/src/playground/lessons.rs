//! Lessons in the playground: performing a lesson's actions natively (what the page does through its UI, for the
//! test harness and the CLI), and evaluating its checks against the real state — the last build and its steps, the
//! store's images, the terminal's lines, containers and registry, and what only the page knows ([`PageState`]: the
//! editor's text, the tag field, the exports downloaded). A check never changes anything (`output` runs its
//! container in a throwaway session over a copy of the store) and never panics: whatever is missing is a failed
//! check that says what it found, in both languages.

use super::{Playground, PlaygroundError, StartOptions, View};
use crate::lessons::{Action, Bound, CheckKind, CheckSpec, ConfigWant, ContainerWant, Lesson, Setup, SizeLimit, Text};
use crate::oci::{self, Digest};
use crate::session::table::human_size;
use crate::session::{ContainerState, Session, SessionOptions};
use crate::store::Image;
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
use std::sync::Arc;

/// What only the page knows: the editor's Dockerfile, the tag field, and the image IDs of the exports downloaded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageState {
    pub dockerfile: String,
    /// As typed: one or more tags, separated by spaces or commas.
    pub tag: String,
    /// `sha256:…` image IDs (a bare hex ID is accepted too).
    pub exported: Vec<String>,
}

impl PageState {
    /// The tags the tag field names (the page splits it the same way).
    pub fn tags(&self) -> Vec<String> {
        self.tag.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).map(String::from).collect()
    }
}

/// One check's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// The check's position in the lesson, from 0.
    pub index: usize,
    pub kind: CheckKind,
    pub passed: bool,
    /// What the core found, passed or not.
    pub found: Text,
    pub says: Text,
    pub hint: Text,
}

/// What `docker run --rm IMAGE ARGS…` printed in a throwaway session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOutput {
    pub stdout: String,
    pub stderr: String,
    /// Both streams, interleaved as a terminal shows them.
    pub text: String,
    pub exit_code: i32,
}

/// The most bytes of found text quoted from a file or a program's output.
const QUOTE_BYTES: usize = 240;

impl Playground {
    /// Opens a lesson as the page does: a fresh Docker and context, the starter's Dockerfile, tag and files, then the
    /// starter's actions. What the actions printed is added to `log`.
    pub fn open_lesson(&mut self, lesson: &Lesson, log: &mut String) -> Result<PageState, PlaygroundError> {
        self.forget();
        self.clear_context();
        let mut page = PageState::default();
        self.apply_setup("starter", &lesson.starter, &mut page, log)?;
        Ok(page)
    }

    /// Does what the lesson's solution does, over the state `open_lesson` left: its Dockerfile and tag replace the
    /// starter's, its files are added, then its actions run.
    pub fn solve_lesson(
        &mut self,
        lesson: &Lesson,
        page: &mut PageState,
        log: &mut String,
    ) -> Result<(), PlaygroundError> {
        self.apply_setup("solution", &lesson.solution, page, log)
    }

    fn apply_setup(
        &mut self,
        name: &str,
        setup: &Setup,
        page: &mut PageState,
        log: &mut String,
    ) -> Result<(), PlaygroundError> {
        if let Some(dockerfile) = &setup.dockerfile {
            self.apply(&Action::Dockerfile(dockerfile.clone()), page)?;
        }
        if let Some(tag) = &setup.tag {
            page.tag = tag.clone();
        }
        for (path, content) in &setup.files {
            self.add_context_file(path, content.as_bytes(), 0o644)
                .map_err(|e| PlaygroundError(format!("{name}.files: {e}")))?;
        }
        for (index, action) in setup.actions.iter().enumerate() {
            let printed = self
                .apply(action, page)
                .map_err(|e| PlaygroundError(format!("{name}.do[{}] ({}): {e}", index + 1, action.name())))?;
            log.push_str(&printed);
        }
        Ok(())
    }

    /// Performs one action as the page would, and returns what it printed (the build's log, the terminal's
    /// transcript). An action that cannot be done (an export without a finished build, a bad context path) is an
    /// error; a build that fails or a command that fails is not — that is the state the checks then see.
    pub fn apply(&mut self, action: &Action, page: &mut PageState) -> Result<String, PlaygroundError> {
        match action {
            Action::Build => {
                self.start(StartOptions {
                    dockerfile: page.dockerfile.clone(),
                    tags: page.tags(),
                    build_args: Default::default(),
                    target: None,
                    platform: None,
                    no_cache: false,
                    source_date_epoch: 0,
                });
                let view = self.run_to_end();
                let mut printed = view.logs.classic.clone();
                printed.push_str(&view.logs.classic_stderr);
                if let Some(error) = &view.setup_error {
                    printed.push_str(&error.message);
                    printed.push('\n');
                }
                Ok(printed)
            }
            Action::Type(text) => {
                let mut printed = String::new();
                for line in Action::typed_lines(text) {
                    printed.push_str(&self.session.prompt());
                    printed.push_str(line);
                    printed.push('\n');
                    let clock = self.session.clock().saturating_add(1);
                    let outcome = self.terminal_execute(line, clock);
                    for chunk in outcome.output {
                        printed.push_str(&chunk.text);
                    }
                }
                Ok(printed)
            }
            Action::Write { path, content } => {
                self.add_context_file(path, content.as_bytes(), 0o644)?;
                Ok(String::new())
            }
            Action::Dockerfile(text) => {
                page.dockerfile = text.clone();
                self.files.set_dockerfile(text);
                Ok(String::new())
            }
            Action::Tag(tag) => {
                page.tag = tag.clone();
                Ok(String::new())
            }
            Action::Export => {
                let summary = self.export_summary()?;
                for image in &summary.images {
                    if !page.exported.contains(&image.image_id) {
                        page.exported.push(image.image_id.clone());
                    }
                }
                Ok(format!("exported {} ({} bytes)\n", summary.file_name, summary.bytes))
            }
        }
    }

    /// The ID (`sha256:…`) of the image a reference names, as the checks resolve it.
    pub fn image_id(&self, reference: &str) -> Option<String> {
        self.session.store().resolve(reference).map(|image| image.id.to_string())
    }

    /// `docker run --rm IMAGE ARGS…` in a throwaway session over a copy of the store (layers shared, not copied):
    /// nothing here changes. The image must be in the store (nothing is pulled).
    pub fn run_in_copy(&self, image: &str, args: &[String]) -> Result<RunOutput, PlaygroundError> {
        if self.session.store().resolve(image).is_none() {
            return Err(PlaygroundError(format!("No such image: {image}")));
        }
        let options =
            SessionOptions { minibox: self.minibox.clone(), build_epoch: Some(0), ..SessionOptions::default() };
        let mut copy = Session::with_store(self.session.store().clone(), self.session.clock(), options);
        let mut line = format!("docker run --rm {}", shell_quote(image));
        for arg in args {
            line.push(' ');
            line.push_str(&shell_quote(arg));
        }
        let outcome = copy.execute(&line);
        Ok(RunOutput {
            stdout: outcome.stdout(),
            stderr: outcome.stderr(),
            text: outcome.text(),
            exit_code: outcome.exit_code,
        })
    }

    /// Every check of the lesson against the playground and the page's state, in order.
    pub fn check_lesson(&self, lesson: &Lesson, page: &PageState) -> Vec<CheckResult> {
        let context = Context { playground: self, page, view: OnceCell::new() };
        lesson
            .checks
            .iter()
            .enumerate()
            .map(|(index, check)| {
                let (passed, found) = match check.spec() {
                    Ok(spec) => context.evaluate(spec),
                    Err(error) => (
                        false,
                        found(
                            format!("this check cannot be evaluated: {}", error.message),
                            format!("이 검사는 평가할 수 없습니다: {}", error.message),
                        ),
                    ),
                };
                CheckResult {
                    index,
                    kind: check.kind,
                    passed,
                    found,
                    says: check.says.clone(),
                    hint: check.hint.clone(),
                }
            })
            .collect()
    }
}

/// The found text as the page's `{ko, en}`, from English and Korean (the order the evaluation writes them in).
fn found(en: String, ko: String) -> Text {
    Text { ko, en }
}

/// A word for `docker run`'s command line: as it is when it needs no quotes, else in single quotes.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_=+./:,@%^".contains(c) || !c.is_ascii());
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `text` as a quoted string, cut after [`QUOTE_BYTES`] bytes.
fn quoted(text: &str) -> String {
    if text.len() <= QUOTE_BYTES {
        return format!("{text:?}");
    }
    let cut = (0..=QUOTE_BYTES).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    format!("{:?}…", &text[..cut])
}

/// `words` as a JSON-style array, the way a Dockerfile's exec form writes it.
fn exec_form(words: &[String]) -> String {
    serde_json::to_string(words).unwrap_or_default()
}

/// One evaluation: the playground, the page, and the build's view (made once, if a check needs it).
struct Context<'a> {
    playground: &'a Playground,
    page: &'a PageState,
    view: OnceCell<View>,
}

/// A check's verdict: whether it passed, and what was found.
type Verdict = (bool, Text);

impl Context<'_> {
    fn view(&self) -> &View {
        self.view.get_or_init(|| self.playground.view())
    }

    fn image(&self, reference: &str) -> Result<Arc<Image>, Verdict> {
        self.playground.session.store().resolve(reference).ok_or_else(|| (false, self.no_image(reference)))
    }

    /// "There is no image named …", with the names there are.
    fn no_image(&self, reference: &str) -> Text {
        let store = self.playground.session.store();
        let mut names: Vec<&str> = store.tags().map(|(tag, _)| tag).collect();
        let more = names.len().saturating_sub(8);
        names.truncate(8);
        let mut list = names.join(", ");
        if more > 0 {
            list.push_str(&format!(" and {more} more"));
        }
        if names.is_empty() {
            found(
                format!("there is no image named {reference} (no image has a tag yet)"),
                format!("이름이 {reference}인 이미지가 없습니다 (아직 태그가 붙은 이미지가 없습니다)"),
            )
        } else {
            found(
                format!("there is no image named {reference} (the tagged images: {list})"),
                format!("이름이 {reference}인 이미지가 없습니다 (태그가 있는 이미지: {list})"),
            )
        }
    }

    fn evaluate(&self, spec: CheckSpec<'_>) -> Verdict {
        let result = match spec {
            CheckSpec::Build => Ok(self.build()),
            CheckSpec::Image { image } => self.image_check(image),
            CheckSpec::File { image, path, contains, absent } => self.file(image, path, contains, absent),
            CheckSpec::Layers { image, bound, relative_to } => self.layers(image, bound, relative_to),
            CheckSpec::SameImage { image, other } => self.same_image(image, other),
            CheckSpec::Size { image, limit } => self.size(image, limit),
            CheckSpec::Cached { step, cached } => Ok(self.cached(step, cached)),
            CheckSpec::Instruction { keyword, bound, contains } => Ok(self.instruction(keyword, bound, contains)),
            CheckSpec::Config { image, want } => self.config(image, want),
            CheckSpec::Command { prefix } => Ok(self.command(prefix)),
            CheckSpec::Container { name, state } => Ok(self.container(name, state)),
            CheckSpec::Output { image, contains, args } => self.output(image, contains, args),
            CheckSpec::Shares { image, with } => self.shares(image, with),
            CheckSpec::Pushed { image } => Ok(self.pushed(image)),
            CheckSpec::Exported { image } => self.exported(image),
        };
        result.unwrap_or_else(|verdict| verdict)
    }

    fn build(&self) -> Verdict {
        let playground = self.playground;
        if let Some(error) = &playground.setup_error {
            let message = error.message.trim();
            return (
                false,
                found(
                    format!("the last build could not start: {message}"),
                    format!("마지막 빌드를 시작하지 못했습니다: {message}"),
                ),
            );
        }
        let Some(build) = &playground.build else {
            return (false, found("nothing has been built yet".into(), "아직 빌드한 적이 없습니다".into()));
        };
        match build.outcome() {
            Some(Ok(id)) => {
                let tags = playground.session.store().tags_of(id);
                let named = if tags.is_empty() { String::new() } else { format!(" ({})", tags.join(", ")) };
                (
                    true,
                    found(
                        format!("the last build finished: image {}{named}", id.short()),
                        format!("마지막 빌드가 끝났습니다: 이미지 {}{named}", id.short()),
                    ),
                )
            }
            Some(Err(message)) => {
                let message = message.trim();
                (
                    false,
                    found(
                        format!("the last build failed: {message}"),
                        format!("마지막 빌드가 실패했습니다: {message}"),
                    ),
                )
            }
            None => {
                let (done, total) = (build.steps_done(), build.total_steps());
                (
                    false,
                    found(
                        format!("the last build has not finished: {done} of {total} steps done"),
                        format!("마지막 빌드가 아직 끝나지 않았습니다: {total}단계 중 {done}단계까지 실행했습니다"),
                    ),
                )
            }
        }
    }

    fn image_check(&self, reference: &str) -> Result<Verdict, Verdict> {
        let image = self.image(reference)?;
        let short = image.id.short();
        Ok((true, found(format!("{reference} is image {short}"), format!("{reference}: 이미지 {short}"))))
    }

    fn file(&self, reference: &str, path: &str, contains: Option<&str>, absent: bool) -> Result<Verdict, Verdict> {
        let image = self.image(reference)?;
        let exists = image.fs.exists(path);
        if absent {
            return Ok(if exists {
                (false, found(format!("{path} is in {reference}"), format!("{reference} 안에 {path} 경로가 있습니다")))
            } else {
                (true, found(format!("{reference} has no {path}"), format!("{reference} 안에 {path} 경로가 없습니다")))
            });
        }
        if !exists {
            return Ok((
                false,
                found(format!("{reference} has no {path}"), format!("{reference} 안에 {path} 경로가 없습니다")),
            ));
        }
        let Some(wanted) = contains else {
            return Ok((
                true,
                found(format!("{path} is in {reference}"), format!("{reference} 안에 {path} 경로가 있습니다")),
            ));
        };
        let bytes = match image.fs.read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                return Ok((
                    false,
                    found(
                        format!("{path} in {reference} is not a file ({error})"),
                        format!("{reference}의 {path} 경로는 파일이 아닙니다 ({error})"),
                    ),
                ))
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let shown = quoted(&text);
        Ok(if text.contains(wanted) {
            (
                true,
                found(
                    format!("{path} in {reference} holds {wanted:?}"),
                    format!("{reference}의 {path} 파일에 {wanted:?} 문자열이 있습니다"),
                ),
            )
        } else {
            (
                false,
                found(
                    format!("{path} in {reference} holds {shown}, without {wanted:?}"),
                    format!("{reference}의 {path} 파일 내용: {shown} — {wanted:?} 문자열이 없습니다"),
                ),
            )
        })
    }

    fn layers(&self, reference: &str, bound: Bound, relative_to: Option<&str>) -> Result<Verdict, Verdict> {
        let image = self.image(reference)?;
        let count = image.layers.len() as i64;
        let Some(other_ref) = relative_to else {
            let passed = bound.holds(count);
            let mut en = format!("{reference} has {count} {}", plural(count, "layer", "layers"));
            let mut ko = format!("{reference}의 레이어는 {count}개입니다");
            if !passed {
                en.push_str(&format!(", not {}", bound_en(bound)));
                ko.push_str(&format!(" (기대한 수: {})", bound_ko(bound)));
            }
            return Ok((passed, found(en, ko)));
        };
        let other = self.image(other_ref)?;
        let other_count = other.layers.len() as i64;
        let difference = count - other_count;
        let passed = bound.holds(difference);
        let mut en = format!(
            "{reference} has {count} {}; {other_ref} has {other_count}, so {}",
            plural(count, "layer", "layers"),
            difference_en(difference)
        );
        let mut ko = format!(
            "{reference}의 레이어는 {count}개, {other_ref}의 레이어는 {other_count}개로 {}",
            difference_ko(difference)
        );
        if !passed {
            en.push_str(&format!(", not {}", relative_bound_en(bound)));
            ko.push_str(&format!(" (기대한 차이: {})", relative_bound_ko(bound)));
        }
        Ok((passed, found(en, ko)))
    }

    fn same_image(&self, reference: &str, other_ref: &str) -> Result<Verdict, Verdict> {
        let image = self.image(reference)?;
        let other = self.image(other_ref)?;
        let (a, b) = (image.id.short(), other.id.short());
        Ok(if image.id == other.id {
            (
                true,
                found(
                    format!("{reference} and {other_ref} are the same image ({a})"),
                    format!("{reference}, {other_ref}: 같은 이미지입니다 ({a})"),
                ),
            )
        } else {
            (
                false,
                found(
                    format!("{reference} is image {a} but {other_ref} is image {b}"),
                    format!("{reference}: 이미지 {a}, {other_ref}: 이미지 {b} — 서로 다른 이미지입니다"),
                ),
            )
        })
    }

    fn size(&self, reference: &str, limit: SizeLimit<'_>) -> Result<Verdict, Verdict> {
        let image = self.image(reference)?;
        let size = image.size();
        let shown = human_size(size);
        Ok(match limit {
            SizeLimit::Below(below) => {
                let passed = size < below;
                let limit = human_size(below);
                let (en, ko) = if passed {
                    (
                        format!("{reference} is {shown} ({size} bytes), below {limit}"),
                        format!("{reference}의 크기는 {shown}({size}바이트)로 {limit}보다 작습니다"),
                    )
                } else {
                    (
                        format!("{reference} is {shown} ({size} bytes), not below {limit} ({below} bytes)"),
                        format!(
                            "{reference}의 크기는 {shown}({size}바이트)로 {limit}({below}바이트)보다 작지 않습니다"
                        ),
                    )
                };
                (passed, found(en, ko))
            }
            SizeLimit::SmallerThan(other_ref) => {
                let other = self.image(other_ref)?;
                let other_size = other.size();
                let other_shown = human_size(other_size);
                let passed = size < other_size;
                let (en, ko) = if passed {
                    (
                        format!("{reference} is {shown}, smaller than {other_ref} ({other_shown})"),
                        format!("{reference}의 크기는 {shown}로 {other_ref}({other_shown})보다 작습니다"),
                    )
                } else {
                    (
                        format!(
                            "{reference} is {shown} ({size} bytes), not smaller than {other_ref} ({other_shown}, \
                             {other_size} bytes)"
                        ),
                        format!(
                            "{reference}의 크기는 {shown}({size}바이트)로 {other_ref}({other_shown}, {other_size}바이트)\
                             보다 작지 않습니다"
                        ),
                    )
                };
                (passed, found(en, ko))
            }
        })
    }

    fn cached(&self, step: u64, cached: bool) -> Verdict {
        if self.playground.build.is_none() {
            return (false, found("nothing has been built yet".into(), "아직 빌드한 적이 없습니다".into()));
        }
        let view = self.view();
        let Some(found_step) = view.steps.iter().find(|s| s.number.is_some_and(|n| n as u64 == step)) else {
            let total = view.total_steps;
            return (
                false,
                found(
                    format!(
                        "the last build has {total} {}; there is no step {step}",
                        plural(total as i64, "step", "steps")
                    ),
                    format!("마지막 빌드는 {total}단계로, {step}단계가 없습니다"),
                ),
            );
        };
        let instruction = &found_step.instruction;
        let (passed, en, ko) = match found_step.status {
            "cached" => (cached, "came from the cache", "캐시에서 가져왔습니다"),
            "run" => (!cached, "ran (it did not come from the cache)", "실행되었습니다 (캐시를 쓰지 않음)"),
            "failed" => (false, "failed", "실패했습니다"),
            _ => (false, "has not run yet", "아직 실행되지 않았습니다"),
        };
        (passed, found(format!("step {step} ({instruction}) {en}"), format!("{step}단계({instruction})는 {ko}")))
    }

    fn instruction(&self, keyword: &str, bound: Bound, contains: Option<&str>) -> Verdict {
        let text = &self.page.dockerfile;
        let dockerfile = crate::dockerfile::parse(text);
        let count = dockerfile
            .instructions
            .iter()
            .filter(|i| i.node.keyword.text.eq_ignore_ascii_case(keyword))
            .filter(|i| {
                contains.is_none_or(|wanted| {
                    text.get(i.node.span.start..i.node.span.end).unwrap_or(&i.node.original).contains(wanted)
                })
            })
            .count() as i64;
        let keyword = keyword.to_ascii_uppercase();
        let passed = bound.holds(count);
        let (mut en, mut ko) = match contains {
            None => (
                format!("the Dockerfile has {count} {keyword} {}", plural(count, "instruction", "instructions")),
                format!("Dockerfile에 {keyword} 명령어가 {count}개 있습니다"),
            ),
            Some(wanted) => (
                format!(
                    "the Dockerfile has {count} {keyword} {} with {wanted:?}",
                    plural(count, "instruction", "instructions")
                ),
                format!("Dockerfile에 {wanted:?} 문자열을 포함한 {keyword} 명령어가 {count}개 있습니다"),
            ),
        };
        if !passed {
            en.push_str(&format!(", not {}", bound_en(bound)));
            ko.push_str(&format!(" (기대한 수: {})", bound_ko(bound)));
        }
        (passed, found(en, ko))
    }

    fn config(&self, reference: &str, want: ConfigWant<'_>) -> Result<Verdict, Verdict> {
        let image = self.image(reference)?;
        let config = &image.config.config;
        let describe = |value: Option<&Vec<String>>| value.map_or_else(|| "none".to_string(), |v| exec_form(v));
        let (passed, en, ko) = match want {
            ConfigWant::Cmd(cmd) => {
                let passed = config.cmd.as_deref() == Some(cmd);
                let has = describe(config.cmd.as_ref());
                (passed, format!("the CMD of {reference} is {has}"), format!("{reference}의 CMD: {has}"))
            }
            ConfigWant::Entrypoint(entrypoint) => {
                let passed = config.entrypoint.as_deref() == Some(entrypoint);
                let has = describe(config.entrypoint.as_ref());
                (passed, format!("the ENTRYPOINT of {reference} is {has}"), format!("{reference}의 ENTRYPOINT: {has}"))
            }
            ConfigWant::Workdir(dir) => {
                let has = if config.working_dir.is_empty() { "/ (not set)" } else { config.working_dir.as_str() };
                let passed = config.working_dir == dir || (dir == "/" && config.working_dir.is_empty());
                (passed, format!("the WORKDIR of {reference} is {has}"), format!("{reference}의 WORKDIR: {has}"))
            }
            ConfigWant::User(user) => {
                let has = if config.user.is_empty() { "root (not set)" } else { config.user.as_str() };
                let passed = config.user == user || (user == "root" && config.user.is_empty());
                (passed, format!("the USER of {reference} is {has}"), format!("{reference}의 USER: {has}"))
            }
            ConfigWant::Env(env) => {
                let passed = config.env.iter().any(|e| e == env);
                let key = env.split_once('=').map_or(env, |(key, _)| key);
                let prefix = format!("{key}=");
                let has = config.env.iter().find(|e| e.starts_with(&prefix));
                match has {
                    Some(has) => {
                        (passed, format!("{reference} has {has} in its Env"), format!("{reference}의 Env: {has}"))
                    }
                    None => (
                        false,
                        format!("{reference} has no {key} in its Env"),
                        format!("{reference}의 Env에 {key} 변수가 없습니다"),
                    ),
                }
            }
            ConfigWant::Expose(port) => {
                let key = crate::lessons::expose_key(port).unwrap_or_else(|| port.to_string());
                let passed = config.exposed_ports.contains_key(&key);
                let ports: Vec<&str> = config.exposed_ports.keys().map(String::as_str).collect();
                let has = if ports.is_empty() { "none".to_string() } else { ports.join(", ") };
                let has_ko = if ports.is_empty() { "없음".to_string() } else { ports.join(", ") };
                (
                    passed,
                    format!("the ExposedPorts of {reference}: {has}"),
                    format!("{reference}의 ExposedPorts: {has_ko}"),
                )
            }
        };
        Ok((passed, found(en, ko)))
    }

    fn command(&self, prefix: &str) -> Verdict {
        let wanted: Vec<&str> = prefix.split_whitespace().collect();
        let typed: Vec<&str> = self.playground.session.typed().collect();
        if let Some(line) =
            typed.iter().rev().find(|line| line.split_whitespace().take(wanted.len()).eq(wanted.iter().copied()))
        {
            let line = line.trim();
            return (true, found(format!("you typed `{line}`"), format!("입력한 줄: `{line}`")));
        }
        let prefix = wanted.join(" ");
        match typed.iter().rev().find(|line| !line.trim().is_empty()) {
            None => (
                false,
                found(
                    "nothing has been typed in the terminal yet".into(),
                    "아직 터미널에 아무것도 입력하지 않았습니다".into(),
                ),
            ),
            Some(last) => {
                let last = last.trim();
                let n = typed.len();
                (
                    false,
                    found(
                        format!(
                            "none of the {n} {} typed starts with `{prefix}` (the last: `{last}`)",
                            plural(n as i64, "line", "lines")
                        ),
                        format!("입력한 {n}줄 중 `{prefix}`(으)로 시작하는 줄이 없습니다 (마지막 줄: `{last}`)"),
                    ),
                )
            }
        }
    }

    fn container(&self, name: &str, want: ContainerWant) -> Verdict {
        let containers = self.playground.session.containers();
        let wanted_name = name.trim_start_matches('/');
        let container = containers.iter().find(|c| c.name == wanted_name).or_else(|| {
            let mut by_id = containers.iter().filter(|c| wanted_name.len() >= 4 && c.id.starts_with(wanted_name));
            match (by_id.next(), by_id.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        });
        let Some(container) = container else {
            let passed = want == ContainerWant::Absent;
            return (
                passed,
                found(format!("there is no container named {name}"), format!("{name} 컨테이너가 없습니다")),
            );
        };
        let (state, en, ko) = match container.state {
            ContainerState::Created => {
                (ContainerWant::Created, "created (not started)".to_string(), "생성됨 (시작 전)".to_string())
            }
            ContainerState::Running { .. } => (ContainerWant::Running, "running".to_string(), "실행 중".to_string()),
            ContainerState::Exited { code, .. } => {
                (ContainerWant::Exited, format!("exited (code {code})"), format!("종료됨 (종료 코드 {code})"))
            }
        };
        (state == want, found(format!("container {name} is {en}"), format!("{name} 컨테이너: {ko}")))
    }

    fn output(&self, reference: &str, contains: &str, args: &[String]) -> Result<Verdict, Verdict> {
        self.image(reference)?;
        let mut command = format!("docker run --rm {reference}");
        for arg in args {
            command.push(' ');
            command.push_str(&shell_quote(arg));
        }
        let run = match self.playground.run_in_copy(reference, args) {
            Ok(run) => run,
            Err(error) => {
                return Ok((false, found(format!("`{command}` failed: {error}"), format!("`{command}` 실패: {error}"))))
            }
        };
        let passed = run.text.contains(contains);
        let shown = quoted(&run.text);
        let (mut en, mut ko) = if run.text.is_empty() {
            (format!("`{command}` printed nothing"), format!("`{command}`의 출력이 없습니다"))
        } else {
            (format!("`{command}` printed {shown}"), format!("`{command}`의 출력: {shown}"))
        };
        if run.exit_code != 0 {
            en.push_str(&format!(" and exited with code {}", run.exit_code));
            ko.push_str(&format!(" (종료 코드 {})", run.exit_code));
        }
        if !passed {
            en.push_str(&format!(", without {contains:?}"));
            ko.push_str(&format!(" — {contains:?} 문자열이 없습니다"));
        }
        Ok((passed, found(en, ko)))
    }

    fn shares(&self, reference: &str, with: &str) -> Result<Verdict, Verdict> {
        let image = self.image(reference)?;
        let base = self.image(with)?;
        let n = base.layers.len();
        if image.layers.len() < n {
            let count = image.layers.len();
            return Ok((
                false,
                found(
                    format!(
                        "{reference} has {count} {}, fewer than the {n} of {with}",
                        plural(count as i64, "layer", "layers")
                    ),
                    format!("{reference}의 레이어는 {count}개로, {with}의 레이어 {n}개보다 적습니다"),
                ),
            ));
        }
        let differs = image.layers.iter().zip(base.layers.iter()).position(|(a, b)| a.diff_id != b.diff_id);
        Ok(match differs {
            None => (
                true,
                found(
                    format!("the first {n} {} of {reference} are those of {with}", plural(n as i64, "layer", "layers")),
                    format!("{reference}의 처음 {n}개 레이어는 {with}의 레이어와 같습니다 (공유됨)"),
                ),
            ),
            Some(index) => {
                let (ours, theirs) =
                    (short_digest(&image.layers[index].diff_id), short_digest(&base.layers[index].diff_id));
                let layer = index + 1;
                (
                    false,
                    found(
                        format!("layer {layer} of {reference} is {ours}, but layer {layer} of {with} is {theirs}"),
                        format!("{reference}의 {layer}번째 레이어는 {ours}, {with}의 {layer}번째 레이어는 {theirs}로 다릅니다"),
                    ),
                )
            }
        })
    }

    fn pushed(&self, reference: &str) -> Verdict {
        let registry = self.playground.session.registry();
        let parsed = match oci::Reference::parse(reference) {
            Ok(parsed) => parsed,
            Err(error) => {
                return (
                    false,
                    found(
                        format!("{reference} is not an image reference: {error}"),
                        format!("{reference}: 올바른 이미지 참조가 아닙니다: {error}"),
                    ),
                )
            }
        };
        if let Some(image) = registry.get(&parsed) {
            let short = image.id.short();
            return (
                true,
                found(
                    format!("the registry holds {reference} (image {short})"),
                    format!("레지스트리에 {reference} 이미지가 있습니다 (이미지 {short})"),
                ),
            );
        }
        let mut pushed: Vec<String> = Vec::new();
        for (name, repository) in &registry.repositories {
            let short_name = name.strip_prefix("docker.io/").unwrap_or(name);
            pushed.extend(repository.tags.keys().map(|tag| format!("{short_name}:{tag}")));
        }
        if pushed.is_empty() {
            (false, found("nothing has been pushed yet".into(), "아직 push한 이미지가 없습니다".into()))
        } else {
            let list = pushed.join(", ");
            (
                false,
                found(
                    format!("the registry does not hold {reference} (pushed: {list})"),
                    format!("레지스트리에 {reference} 이미지가 없습니다 (push된 것: {list})"),
                ),
            )
        }
    }

    fn exported(&self, reference: Option<&str>) -> Result<Verdict, Verdict> {
        let exported: Vec<&str> =
            self.page.exported.iter().map(|id| id.strip_prefix("sha256:").unwrap_or(id)).collect();
        let Some(reference) = reference else {
            return Ok(if exported.is_empty() {
                (false, found("nothing has been exported yet".into(), "아직 내보낸(export) 이미지가 없습니다".into()))
            } else {
                let n = exported.len();
                (
                    true,
                    found(
                        format!("{n} {} exported", plural(n as i64, "image was", "images were")),
                        format!("이미지 {n}개를 내보냈습니다"),
                    ),
                )
            });
        };
        let image = self.image(reference)?;
        let short = image.id.short();
        Ok(if exported.contains(&image.id.hex()) {
            (
                true,
                found(
                    format!("{reference} ({short}) was exported"),
                    format!("{reference}({short}) 이미지를 내보냈습니다"),
                ),
            )
        } else if exported.is_empty() {
            (false, found("nothing has been exported yet".into(), "아직 내보낸(export) 이미지가 없습니다".into()))
        } else {
            let list: Vec<&str> = exported.iter().map(|id| id.get(..12).unwrap_or(id)).collect();
            let list = list.join(", ");
            (
                false,
                found(
                    format!("the exports hold {list}, not {reference} ({short})"),
                    format!("내보낸 이미지: {list} — {reference}({short}) 이미지는 없습니다"),
                ),
            )
        })
    }
}

fn short_digest(digest: &Digest) -> String {
    digest.hex().get(..12).unwrap_or(digest.hex()).to_string()
}

fn plural(n: i64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn bound_en(bound: Bound) -> String {
    match bound {
        Bound::Exactly(n) => n.to_string(),
        Bound::AtLeast(n) => format!("at least {n}"),
        Bound::AtMost(n) => format!("at most {n}"),
    }
}

fn bound_ko(bound: Bound) -> String {
    match bound {
        Bound::Exactly(n) => format!("{n}개"),
        Bound::AtLeast(n) => format!("{n}개 이상"),
        Bound::AtMost(n) => format!("{n}개 이하"),
    }
}

fn difference_en(difference: i64) -> String {
    match difference {
        0 => "the same number".to_string(),
        d if d > 0 => format!("{d} more"),
        d => format!("{} fewer", -d),
    }
}

fn difference_ko(difference: i64) -> String {
    match difference {
        0 => "개수가 같습니다".to_string(),
        d if d > 0 => format!("{d}개 더 많습니다"),
        d => format!("{}개 더 적습니다", -d),
    }
}

fn relative_bound_en(bound: Bound) -> String {
    match bound {
        Bound::Exactly(n) => difference_en(n),
        Bound::AtLeast(n) => format!("at least {}", difference_en(n)),
        Bound::AtMost(n) => format!("at most {}", difference_en(n)),
    }
}

fn relative_bound_ko(bound: Bound) -> String {
    let signed = |n: i64| if n >= 0 { format!("+{n}") } else { n.to_string() };
    match bound {
        Bound::Exactly(n) => format!("{}개", signed(n)),
        Bound::AtLeast(n) => format!("{}개 이상", signed(n)),
        Bound::AtMost(n) => format!("{}개 이하", signed(n)),
    }
}
