//! Typed instructions from the raw tree, with the checks BuildKit makes before it builds (argument counts, flags,
//! instruction order, stage names) and its lint rules as warnings. Words stay unexpanded here: expansion needs the
//! ARG/ENV scope of a build, which the build engine owns.

use super::directives::Directives;
use super::syntax::{Heredoc, Node, Word};
use crate::diagnostics::{Diagnostic, Severity, Span};
use serde::Serialize;

/// One instruction: its raw node (text, spans, heredocs) and what it means.
#[derive(Clone, Debug, Serialize)]
pub struct Instruction {
    pub node: Node,
    pub command: Command,
}

/// The shell form (one string for `/bin/sh -c`) or the exec form (a JSON array).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "form", content = "value", rename_all = "lowercase")]
pub enum CommandLine {
    Shell(Word),
    Exec(Vec<Word>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    pub key: Word,
    pub value: Word,
    /// Written as `KEY value` rather than `KEY=value`.
    pub legacy: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArgDecl {
    pub name: Word,
    pub default: Option<Word>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct From {
    pub image: Word,
    pub stage_name: Option<Word>,
    pub platform: Option<Word>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Run {
    pub command: CommandLine,
    pub heredocs: Vec<Heredoc>,
    /// `--mount=…` values, parsed further by the build engine.
    pub mounts: Vec<Word>,
    pub network: Option<Word>,
    pub security: Option<Word>,
}

/// COPY and ADD.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Copy {
    pub sources: Vec<Word>,
    pub dest: Word,
    pub heredocs: Vec<Heredoc>,
    pub from: Option<Word>,
    pub chown: Option<Word>,
    pub chmod: Option<Word>,
    pub link: bool,
    pub parents: bool,
    pub exclude: Vec<Word>,
    pub keep_git_dir: bool,
    pub checksum: Option<Word>,
    pub unpack: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Healthcheck {
    /// None for `HEALTHCHECK NONE`.
    pub test: Option<CommandLine>,
    /// Durations in nanoseconds, as the image config stores them.
    pub interval: Option<u64>,
    pub timeout: Option<u64>,
    pub start_period: Option<u64>,
    pub start_interval: Option<u64>,
    pub retries: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Onbuild {
    /// The trigger as written after ONBUILD, stored in the image config.
    pub expression: String,
    pub trigger: Box<Instruction>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "instruction", rename_all = "UPPERCASE")]
pub enum Command {
    From(From),
    Run(Run),
    Cmd {
        command: Option<CommandLine>,
    },
    Entrypoint {
        command: Option<CommandLine>,
    },
    Shell {
        shell: Vec<Word>,
    },
    Label {
        pairs: Vec<KeyValue>,
    },
    Env {
        pairs: Vec<KeyValue>,
    },
    Maintainer {
        name: Word,
    },
    Expose {
        ports: Vec<Word>,
    },
    Add(Copy),
    Copy(Copy),
    Volume {
        paths: Vec<Word>,
    },
    User {
        user: Word,
    },
    Workdir {
        path: Word,
    },
    Arg {
        args: Vec<ArgDecl>,
    },
    Onbuild(Onbuild),
    Stopsignal {
        signal: Word,
    },
    Healthcheck(Healthcheck),
    /// Something that could not be read; an error diagnostic says why.
    Invalid,
}

/// A build stage: a FROM and the instructions after it.
#[derive(Clone, Debug, Serialize)]
pub struct Stage {
    /// Index of the FROM in [`Dockerfile::instructions`]; the stage's instructions follow it up to `end`.
    pub from: usize,
    pub end: usize,
    pub name: Option<String>,
}

/// A whole Dockerfile, understood as far as possible.
#[derive(Clone, Debug, Serialize)]
pub struct Dockerfile {
    pub directives: Directives,
    pub instructions: Vec<Instruction>,
    /// Indices of the ARGs before the first FROM.
    pub meta_args: Vec<usize>,
    pub stages: Vec<Stage>,
    pub diagnostics: Vec<Diagnostic>,
    /// BuildKit's parser itself (not only its instruction checks) refuses the text: what its parser tests call a
    /// negative case.
    pub parser_refuses: bool,
}

impl Dockerfile {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The instructions of the Dockerfile reference.
pub const KEYWORDS: [&str; 18] = [
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Interprets the raw tree. `diagnostics` receives errors and lint warnings; the check directive decides which
/// warnings are kept and whether they count as errors.
pub fn interpret(directives: &Directives, nodes: Vec<Node>, diagnostics: &mut Vec<Diagnostic>) -> Dockerfile {
    let mut lints = Vec::new();
    let mut out = Dockerfile {
        directives: directives.clone(),
        instructions: Vec::new(),
        meta_args: Vec::new(),
        stages: Vec::new(),
        diagnostics: Vec::new(),
        parser_refuses: false,
    };
    let mut stage_names: Vec<String> = Vec::new();
    let mut seen_in_stage: Vec<&'static str> = Vec::new();
    let mut workdir_absolute = false;
    casing_lint(&nodes, &mut lints);
    for node in nodes {
        let index = out.instructions.len();
        let command = command_from_node(&node, false, diagnostics, &mut lints);
        // A FROM starts a stage even when it has errors, so that what follows is not also reported as stage-less.
        if node.keyword_lower() == "from" {
            if let Some(stage) = out.stages.last_mut() {
                stage.end = index;
            }
            let stage_name = match &command {
                Command::From(from) => from.stage_name.clone(),
                _ => None,
            };
            let name = stage_name.as_ref().map(|w| w.text.to_lowercase());
            if let (Some(name), Some(word)) = (&name, &stage_name) {
                if stage_names.contains(name) {
                    lints.push(Diagnostic::warning(
                        "duplicate-stage-name",
                        word.span,
                        format!("stage name {name:?} is used twice: COPY --from and --target need unique names"),
                    ));
                }
                stage_names.push(name.clone());
            }
            out.stages.push(Stage { from: index, end: index + 1, name });
            seen_in_stage.clear();
            workdir_absolute = false;
            out.instructions.push(Instruction { node, command });
            continue;
        }
        match &command {
            Command::Arg { .. } if out.stages.is_empty() => out.meta_args.push(index),
            _ if out.stages.is_empty() => {
                diagnostics.push(Diagnostic::error(
                    "no-build-stage",
                    node.keyword.span,
                    format!(
                        "{} comes before the first FROM: every build stage starts with FROM (only ARG may come \
                         before it)",
                        node.keyword.text.to_uppercase()
                    ),
                ));
            }
            Command::Cmd { .. } | Command::Entrypoint { .. } | Command::Healthcheck(_) => {
                let name = match &command {
                    Command::Cmd { .. } => "CMD",
                    Command::Entrypoint { .. } => "ENTRYPOINT",
                    _ => "HEALTHCHECK",
                };
                if seen_in_stage.contains(&name) {
                    lints.push(Diagnostic::warning(
                        "multiple-instructions-disallowed",
                        node.keyword.span,
                        format!("several {name} instructions in one stage: only the last one takes effect"),
                    ));
                }
                seen_in_stage.push(name);
            }
            Command::Workdir { path } => {
                if path.text.starts_with('/') || path.text.starts_with('$') {
                    workdir_absolute = true;
                } else if !workdir_absolute {
                    lints.push(Diagnostic::warning(
                        "workdir-relative-path",
                        path.span,
                        format!(
                            "relative WORKDIR {:?} depends on the base image's working directory; use an absolute \
                             path",
                            path.text
                        ),
                    ));
                }
            }
            _ => {}
        }
        out.instructions.push(Instruction { node, command });
    }
    if let Some(stage) = out.stages.last_mut() {
        stage.end = out.instructions.len();
    }
    if out.stages.is_empty() && !out.instructions.is_empty() {
        let span = out.instructions.last().map_or(Span::default(), |i| Span::at(i.node.span.end));
        diagnostics.push(Diagnostic::error(
            "missing-from",
            span,
            "the Dockerfile has no FROM instruction: a build stage starts with FROM and a base image (or scratch)",
        ));
    }
    for mut lint in lints {
        if directives.check.skips(&lint.code.replace('-', "")) {
            continue;
        }
        if directives.check.error {
            lint.severity = Severity::Error;
        }
        diagnostics.push(lint);
    }
    out
}

/// Reads one node. `in_onbuild` refuses the triggers ONBUILD cannot hold.
fn command_from_node(
    node: &Node,
    in_onbuild: bool,
    errors: &mut Vec<Diagnostic>,
    lints: &mut Vec<Diagnostic>,
) -> Command {
    let keyword = node.keyword_lower();
    let upper = keyword.to_uppercase();
    let mut ctx = Ctx { node, name: &upper, errors, ok: true };
    let command = match keyword.as_str() {
        "from" => {
            if in_onbuild {
                ctx.error(node.keyword.span, "FROM isn't allowed as an ONBUILD trigger");
            }
            let flags = ctx.flags(&[("platform", FlagKind::String)]);
            from_command(&mut ctx, flags, lints)
        }
        "run" => {
            let flags = ctx.flags(&[
                ("mount", FlagKind::List),
                ("network", FlagKind::String),
                ("security", FlagKind::String),
                ("device", FlagKind::List),
            ]);
            ctx.at_least(1);
            if let Some(network) = flags.string("network") {
                if !matches!(network.text.as_str(), "default" | "none" | "host") {
                    ctx.error(
                        network.span,
                        format!("unsupported network mode: {} (use default, none or host)", network.text),
                    );
                }
            }
            if let Some(security) = flags.string("security") {
                if !matches!(security.text.as_str(), "sandbox" | "insecure") {
                    ctx.error(
                        security.span,
                        format!("unsupported security mode: {} (use sandbox or insecure)", security.text),
                    );
                }
            }
            Command::Run(Run {
                command: command_line(node).unwrap_or(CommandLine::Shell(empty_word(node))),
                heredocs: node.heredocs.clone(),
                mounts: flags.list("mount"),
                network: flags.string("network").cloned(),
                security: flags.string("security").cloned(),
            })
        }
        "cmd" | "entrypoint" => {
            ctx.flags(&[]);
            let command = command_line(node);
            // Text that starts with `[` but is not JSON gets a more specific warning from the parser.
            if let Some(CommandLine::Shell(text)) =
                command.as_ref().filter(|c| !matches!(c, CommandLine::Shell(t) if t.text.starts_with('[')))
            {
                lints.push(Diagnostic::warning(
                    "json-args-recommended",
                    text.span,
                    format!(
                        "{upper} in shell form runs through /bin/sh -c, so the program does not receive stop \
                         signals; prefer the JSON form, e.g. {upper} [\"executable\", \"arg\"]"
                    ),
                ));
            }
            if keyword == "cmd" {
                Command::Cmd { command }
            } else {
                Command::Entrypoint { command }
            }
        }
        "shell" => {
            ctx.flags(&[]);
            ctx.at_least(1);
            if !node.json && !node.args.is_empty() {
                ctx.error(
                    node.args_span,
                    "SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]",
                );
            }
            Command::Shell { shell: node.args.clone() }
        }
        "env" | "label" => {
            ctx.flags(&[]);
            ctx.at_least(1);
            let pairs = key_values(&mut ctx, lints);
            if keyword == "env" {
                Command::Env { pairs }
            } else {
                Command::Label { pairs }
            }
        }
        "maintainer" => {
            if in_onbuild {
                ctx.error(node.keyword.span, "MAINTAINER isn't allowed as an ONBUILD trigger");
            }
            ctx.flags(&[]);
            ctx.exactly_one();
            lints.push(Diagnostic::warning(
                "maintainer-deprecated",
                node.keyword.span,
                "MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors=\"name <email>\" instead",
            ));
            Command::Maintainer { name: node.args.first().cloned().unwrap_or_else(|| empty_word(node)) }
        }
        "expose" => {
            ctx.flags(&[]);
            ctx.at_least(1);
            for port in &node.args {
                expose_lints(port, lints);
            }
            Command::Expose { ports: node.args.clone() }
        }
        "add" | "copy" => copy_command(&mut ctx, keyword == "add"),
        "volume" => {
            ctx.flags(&[]);
            ctx.at_least(1);
            for path in &node.args {
                if path.text.trim().is_empty() {
                    ctx.error(path.span, "VOLUME specified can not be an empty string");
                }
            }
            Command::Volume { paths: node.args.clone() }
        }
        "user" | "workdir" | "stopsignal" => {
            ctx.flags(&[]);
            ctx.exactly_one();
            let word = node.args.first().cloned().unwrap_or_else(|| empty_word(node));
            match keyword.as_str() {
                "user" => Command::User { user: word },
                "workdir" => Command::Workdir { path: word },
                _ => Command::Stopsignal { signal: word },
            }
        }
        "arg" => {
            ctx.flags(&[]);
            ctx.at_least(1);
            let args = arg_decls(&mut ctx, lints);
            Command::Arg { args }
        }
        "onbuild" => {
            ctx.flags(&[]);
            match &node.trigger {
                None => {
                    ctx.error(
                        node.keyword.span,
                        "ONBUILD requires at least one argument: the instruction to run later",
                    );
                    Command::Invalid
                }
                Some(trigger) if trigger.keyword_lower() == "onbuild" => {
                    ctx.error(trigger.keyword.span, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                    Command::Invalid
                }
                Some(trigger) => {
                    let command = command_from_node(trigger, true, ctx.errors, lints);
                    Command::Onbuild(Onbuild {
                        expression: trigger.original.trim().to_string(),
                        trigger: Box::new(Instruction { node: (**trigger).clone(), command }),
                    })
                }
            }
        }
        "healthcheck" => healthcheck_command(&mut ctx),
        _ => {
            let suggestion = closest_keyword(&upper).map(|k| format!(" (did you mean {k}?)")).unwrap_or_default();
            ctx.error(node.keyword.span, format!("unknown instruction: {}{suggestion}", node.keyword.text));
            Command::Invalid
        }
    };
    if ctx.ok {
        command
    } else {
        Command::Invalid
    }
}

struct Ctx<'a> {
    node: &'a Node,
    name: &'a str,
    errors: &'a mut Vec<Diagnostic>,
    ok: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum FlagKind {
    String,
    Bool,
    List,
}

/// Parsed builder flags of one instruction.
#[derive(Default)]
struct Flags {
    values: Vec<(&'static str, Word)>,
}

impl Flags {
    fn string(&self, name: &str) -> Option<&Word> {
        self.values.iter().rev().find(|(n, _)| *n == name).map(|(_, w)| w)
    }

    fn list(&self, name: &str) -> Vec<Word> {
        self.values.iter().filter(|(n, _)| *n == name).map(|(_, w)| w.clone()).collect()
    }

    fn bool(&self, name: &str) -> bool {
        self.string(name).is_some_and(|w| w.text == "true")
    }
}

impl Ctx<'_> {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.ok = false;
        self.errors.push(Diagnostic::error(code_for(self.name), span, message));
    }

    /// Reports a missing argument, unless something was written that the parser already reported as unreadable.
    fn at_least(&mut self, n: usize) {
        let extent = self.node.keyword.span.cover(self.node.args_span);
        let already_reported =
            self.errors.iter().any(|d| d.is_error() && d.span.start >= extent.start && d.span.end <= extent.end);
        if self.node.args.len() < n && self.node.heredocs.is_empty() && !already_reported {
            let span = self.node.keyword.span;
            self.error(span, format!("{} requires at least one argument", self.name));
        }
    }

    fn exactly_one(&mut self) {
        if self.node.args.len() != 1 || self.node.args[0].text.is_empty() {
            let span = if self.node.args.is_empty() { self.node.keyword.span } else { self.node.args_span };
            self.error(span, format!("{} requires exactly one argument", self.name));
        }
    }

    /// Checks the node's flags against what the instruction accepts (BuildKit's BFlags).
    fn flags(&mut self, known: &[(&'static str, FlagKind)]) -> Flags {
        let mut flags = Flags::default();
        for flag in &self.node.flags {
            let body = flag.text.strip_prefix("--").unwrap_or(&flag.text);
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            let Some(&(known_name, kind)) = known.iter().find(|(n, _)| *n == name) else {
                let accepted: Vec<String> = known.iter().map(|(n, _)| format!("--{n}")).collect();
                let hint = if accepted.is_empty() {
                    format!("{} takes no flags", self.name)
                } else {
                    format!("{} accepts {}", self.name, accepted.join(", "))
                };
                self.error(flag.span, format!("unknown flag: {name} ({hint})"));
                continue;
            };
            let value = match (kind, value) {
                (FlagKind::Bool, None) => "true".to_string(),
                (FlagKind::Bool, Some(v)) if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") => {
                    v.to_ascii_lowercase()
                }
                (FlagKind::Bool, Some(v)) => {
                    self.error(flag.span, format!("expecting boolean value for flag {name}, not: {v}"));
                    continue;
                }
                (_, None) => {
                    self.error(flag.span, format!("missing a value on flag: {name} (write --{name}=value)"));
                    continue;
                }
                (_, Some(v)) => v.to_string(),
            };
            if kind != FlagKind::List && flags.values.iter().any(|(n, _)| *n == known_name) {
                self.error(flag.span, format!("Duplicate flag specified: {name}"));
                continue;
            }
            let value_start = flag.span.end.saturating_sub(value.len()).max(flag.span.start);
            flags.values.push((known_name, Word { text: value, span: Span::new(value_start, flag.span.end) }));
        }
        flags
    }
}

/// Diagnostic codes for instruction errors: `invalid-run`, `invalid-copy`, …, `unknown-instruction`.
fn code_for(name: &str) -> &'static str {
    match name {
        "FROM" => "invalid-from",
        "RUN" => "invalid-run",
        "CMD" => "invalid-cmd",
        "ENTRYPOINT" => "invalid-entrypoint",
        "SHELL" => "invalid-shell",
        "ENV" => "invalid-env",
        "LABEL" => "invalid-label",
        "MAINTAINER" => "invalid-maintainer",
        "EXPOSE" => "invalid-expose",
        "ADD" => "invalid-add",
        "COPY" => "invalid-copy",
        "VOLUME" => "invalid-volume",
        "USER" => "invalid-user",
        "WORKDIR" => "invalid-workdir",
        "ARG" => "invalid-arg",
        "ONBUILD" => "invalid-onbuild",
        "STOPSIGNAL" => "invalid-stopsignal",
        "HEALTHCHECK" => "invalid-healthcheck",
        _ => "unknown-instruction",
    }
}

fn empty_word(node: &Node) -> Word {
    Word { text: String::new(), span: Span::at(node.args_span.start) }
}

fn command_line(node: &Node) -> Option<CommandLine> {
    if node.json {
        Some(CommandLine::Exec(node.args.clone()))
    } else {
        node.args.first().map(|w| CommandLine::Shell(w.clone()))
    }
}

fn from_command(ctx: &mut Ctx, flags: Flags, lints: &mut Vec<Diagnostic>) -> Command {
    let args = &ctx.node.args;
    let platform = flags.string("platform").cloned();
    match args.len() {
        1 => Command::From(From { image: args[0].clone(), stage_name: None, platform }),
        3 if args[1].text.eq_ignore_ascii_case("as") => {
            let name = &args[2];
            let lower = name.text.to_lowercase();
            let valid = lower.starts_with(|c: char| c.is_ascii_lowercase())
                && lower.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
            if !valid {
                let message = format!(
                    "invalid name for build stage: {:?}, name can't start with a number or contain symbols",
                    name.text
                );
                ctx.error(name.span, message);
            } else if lower != name.text {
                lints.push(Diagnostic::warning(
                    "stage-name-casing",
                    name.span,
                    format!("stage name {:?} should be lowercase: stage names are matched as {lower:?}", name.text),
                ));
            }
            if matches!(lower.as_str(), "scratch" | "context") {
                lints.push(Diagnostic::warning(
                    "reserved-stage-name",
                    name.span,
                    format!("{lower:?} is a reserved name and cannot be used as a stage name"),
                ));
            }
            let keyword_upper = ctx.node.keyword.text.chars().all(|c| !c.is_lowercase());
            let as_upper = args[1].text.chars().all(|c| !c.is_lowercase());
            if keyword_upper != as_upper {
                lints.push(Diagnostic::warning(
                    "from-as-casing",
                    args[1].span,
                    "'as' and 'FROM' keywords' casing do not match: write FROM … AS … or from … as …",
                ));
            }
            Command::From(From { image: args[0].clone(), stage_name: Some(name.clone()), platform })
        }
        0 => {
            let span = ctx.node.keyword.span;
            ctx.error(span, "FROM requires a base image, e.g. FROM alpine:3.20 (or FROM scratch for an empty one)");
            Command::Invalid
        }
        _ => {
            let span = ctx.node.args_span;
            ctx.error(span, "FROM requires either one or three arguments: FROM image or FROM image AS name");
            Command::Invalid
        }
    }
}

fn key_values(ctx: &mut Ctx, lints: &mut Vec<Diagnostic>) -> Vec<KeyValue> {
    let mut pairs = Vec::new();
    for chunk in ctx.node.args.chunks(3) {
        let [key, value, sep] = chunk else { continue };
        let legacy = sep.text.is_empty();
        if key.text.is_empty() {
            let name = ctx.name;
            ctx.error(key.span.cover(value.span), format!("{name} names can not be blank"));
        }
        if legacy {
            lints.push(Diagnostic::warning(
                "legacy-key-value-format",
                key.span.cover(value.span),
                format!("\"{0} key=value\" should be used instead of legacy \"{0} key value\" format", ctx.name),
            ));
        }
        if ctx.name == "ENV" {
            secrets_lint(key, lints);
        }
        pairs.push(KeyValue { key: key.clone(), value: value.clone(), legacy });
    }
    pairs
}

fn arg_decls(ctx: &mut Ctx, lints: &mut Vec<Diagnostic>) -> Vec<ArgDecl> {
    let mut decls = Vec::new();
    for word in &ctx.node.args {
        let (name, default) = match word.text.split_once('=') {
            Some((name, value)) => {
                let value_start = word.span.start + name.len() + 1;
                let value_word =
                    Word { text: value.to_string(), span: Span::new(value_start.min(word.span.end), word.span.end) };
                (
                    Word { text: name.to_string(), span: Span::new(word.span.start, value_start.saturating_sub(1)) },
                    Some(value_word),
                )
            }
            None => (word.clone(), None),
        };
        if name.text.is_empty() {
            ctx.error(word.span, "ARG names can not be blank");
            continue;
        }
        secrets_lint(&name, lints);
        decls.push(ArgDecl { name, default });
    }
    decls
}

/// BuildKit's SecretsUsedInArgOrEnv: names that look like credentials end up in the image's history.
fn secrets_lint(key: &Word, lints: &mut Vec<Diagnostic>) {
    const SECRET_WORDS: [&str; 10] =
        ["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"];
    let lower = key.text.to_ascii_lowercase();
    if lower.split('_').any(|part| SECRET_WORDS.contains(&part)) {
        lints.push(Diagnostic::warning(
            "secrets-used-in-arg-or-env",
            key.span,
            format!(
                "{:?} looks like a secret: ARG and ENV values are stored in the image for anyone to read; use a \
                 secret mount (RUN --mount=type=secret) instead",
                key.text
            ),
        ));
    }
}

fn expose_lints(port: &Word, lints: &mut Vec<Diagnostic>) {
    if let Some((_, proto)) = port.text.split_once('/') {
        if proto != proto.to_ascii_lowercase() {
            lints.push(Diagnostic::warning(
                "expose-proto-casing",
                port.span,
                format!("protocol in EXPOSE {} should be lowercase", port.text),
            ));
        }
    }
    if port.text.contains(':') {
        lints.push(Diagnostic::warning(
            "expose-invalid-format",
            port.span,
            format!(
                "EXPOSE {} names an IP or a host port: EXPOSE only documents the container's port; map host ports \
                 with docker run -p",
                port.text
            ),
        ));
    }
}

fn copy_command(ctx: &mut Ctx, is_add: bool) -> Command {
    let flags = if is_add {
        ctx.flags(&[
            ("chown", FlagKind::String),
            ("chmod", FlagKind::String),
            ("link", FlagKind::Bool),
            ("keep-git-dir", FlagKind::Bool),
            ("checksum", FlagKind::String),
            ("exclude", FlagKind::List),
            ("unpack", FlagKind::Bool),
        ])
    } else {
        ctx.flags(&[
            ("chown", FlagKind::String),
            ("chmod", FlagKind::String),
            ("from", FlagKind::String),
            ("link", FlagKind::Bool),
            ("parents", FlagKind::Bool),
            ("exclude", FlagKind::List),
        ])
    };
    let args = &ctx.node.args;
    if args.len() < 2 {
        let span = if args.is_empty() { ctx.node.keyword.span } else { args[0].span };
        let name = ctx.name;
        ctx.error(
            span,
            format!(
                "{name} requires at least two arguments, but only {} provided: {name} SOURCE... DESTINATION",
                if args.is_empty() { "none was".to_string() } else { "one was".to_string() }
            ),
        );
        return Command::Invalid;
    }
    let (sources, dest) = args.split_at(args.len() - 1);
    let copy = Copy {
        sources: sources.to_vec(),
        dest: dest[0].clone(),
        heredocs: ctx.node.heredocs.clone(),
        from: flags.string("from").cloned(),
        chown: flags.string("chown").cloned(),
        chmod: flags.string("chmod").cloned(),
        link: flags.bool("link"),
        parents: flags.bool("parents"),
        exclude: flags.list("exclude"),
        keep_git_dir: flags.bool("keep-git-dir"),
        checksum: flags.string("checksum").cloned(),
        unpack: flags.string("unpack").map(|w| w.text == "true"),
    };
    if is_add {
        Command::Add(copy)
    } else {
        Command::Copy(copy)
    }
}

fn healthcheck_command(ctx: &mut Ctx) -> Command {
    let flags = ctx.flags(&[
        ("interval", FlagKind::String),
        ("timeout", FlagKind::String),
        ("start-period", FlagKind::String),
        ("start-interval", FlagKind::String),
        ("retries", FlagKind::String),
    ]);
    let node = ctx.node;
    let Some(kind) = node.args.first() else {
        ctx.error(node.keyword.span, "HEALTHCHECK requires an argument: HEALTHCHECK CMD command, or HEALTHCHECK NONE");
        return Command::Invalid;
    };
    let empty = Healthcheck {
        test: None,
        interval: None,
        timeout: None,
        start_period: None,
        start_interval: None,
        retries: None,
    };
    match kind.text.to_uppercase().as_str() {
        "NONE" => {
            if node.args.len() > 1 {
                ctx.error(node.args[1].span, "HEALTHCHECK NONE takes no arguments");
            }
            Command::Healthcheck(empty)
        }
        "CMD" => {
            let rest = &node.args[1..];
            if rest.is_empty() || (!node.json && rest[0].text.is_empty()) {
                ctx.error(kind.span, "Missing command after HEALTHCHECK CMD");
                return Command::Invalid;
            }
            let test = if node.json { CommandLine::Exec(rest.to_vec()) } else { CommandLine::Shell(rest[0].clone()) };
            let mut check = Healthcheck { test: Some(test), ..empty };
            for (name, slot) in [
                ("interval", &mut check.interval),
                ("timeout", &mut check.timeout),
                ("start-period", &mut check.start_period),
                ("start-interval", &mut check.start_interval),
            ] {
                if let Some(word) = flags.string(name) {
                    match parse_go_duration(&word.text) {
                        Some(0) => *slot = None,
                        Some(ns) if ns < 1_000_000 => {
                            ctx.error(word.span, format!("Interval {name:?} cannot be less than 1ms"))
                        }
                        Some(ns) => *slot = Some(ns),
                        None => ctx.error(
                            word.span,
                            format!("invalid duration for --{name}: {:?} (write e.g. 30s, 1m30s, 500ms)", word.text),
                        ),
                    }
                }
            }
            if let Some(word) = flags.string("retries") {
                match word.text.parse::<u32>() {
                    Ok(n) if n > 0 => check.retries = Some(n),
                    _ => ctx.error(word.span, "--retries must be a positive whole number"),
                }
            }
            Command::Healthcheck(check)
        }
        other => {
            ctx.error(kind.span, format!("Unknown type {other:?} in HEALTHCHECK (try CMD)"));
            Command::Invalid
        }
    }
}

/// Go's `time.ParseDuration` for the units Docker users write (`ns`, `us`/`µs`, `ms`, `s`, `m`, `h`), in
/// nanoseconds. Negative durations and overflow are refused.
pub fn parse_go_duration(text: &str) -> Option<u64> {
    if text == "0" {
        return Some(0);
    }
    let mut rest = text.strip_prefix('+').unwrap_or(text);
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if number_len == 0 {
            return None;
        }
        let value: f64 = rest[..number_len].parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += value * scale;
    }
    (total <= u64::MAX as f64 / 2.0).then_some(total.round() as u64)
}

/// The closest instruction keyword to a misspelt one, for "did you mean".
fn closest_keyword(word: &str) -> Option<&'static str> {
    KEYWORDS.iter().map(|k| (edit_distance(word, k), *k)).filter(|&(d, k)| d <= 2 && d < k.len()).min().map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// ConsistentInstructionCasing: keywords should be all upper or all lower case, and the same across the file.
fn casing_lint(nodes: &[Node], lints: &mut Vec<Diagnostic>) {
    let known = |n: &&Node| KEYWORDS.contains(&n.keyword.text.to_uppercase().as_str());
    let upper = nodes.iter().filter(known).filter(|n| n.keyword.text == n.keyword.text.to_uppercase()).count();
    let lower = nodes.iter().filter(known).filter(|n| n.keyword.text == n.keyword.text.to_lowercase()).count();
    let majority_upper = upper >= lower;
    for node in nodes.iter().filter(known) {
        let text = &node.keyword.text;
        let is_upper = *text == text.to_uppercase();
        let is_lower = *text == text.to_lowercase();
        if (majority_upper && !is_upper) || (!majority_upper && !is_lower) {
            let expected = if majority_upper { text.to_uppercase() } else { text.to_lowercase() };
            lints.push(Diagnostic::warning(
                "consistent-instruction-casing",
                node.keyword.span,
                format!("instruction {text:?} should match the casing of the others: write {expected}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_like_go() {
        assert_eq!(parse_go_duration("30s"), Some(30_000_000_000));
        assert_eq!(parse_go_duration("1m30s"), Some(90_000_000_000));
        assert_eq!(parse_go_duration("1.5h"), Some(5_400_000_000_000));
        assert_eq!(parse_go_duration("500ms"), Some(500_000_000));
        assert_eq!(parse_go_duration("10"), None);
        assert_eq!(parse_go_duration("-1s"), None);
        assert_eq!(parse_go_duration(""), None);
    }

    #[test]
    fn suggests_the_closest_keyword() {
        assert_eq!(closest_keyword("FORM"), Some("FROM"));
        assert_eq!(closest_keyword("COPPY"), Some("COPY"));
        assert_eq!(closest_keyword("XYZZYQ"), None);
    }
}
