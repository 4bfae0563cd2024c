//! The step engine. A `Build` runs one planned step at a time the way the classic builder does — temporary
//! container, command, diff of its writable layer, commit into a layer and an image — checks the cache first, and
//! keeps a snapshot before every step so a student can step back. Everything it does is reported as events.

use super::base::{self, scratch_config, scratch_parent};
use super::container::{Process, ProcessSpec};
use super::context::BuildContext;
use super::copy::{self, CopyOutcome};
use super::events::{BaseSource, BuildEvent, CacheMiss, FileChange};
use super::metadata::{self as meta, command_vector, nop_created_by, nop_created_by_single};
use super::plan::{find_stage, Plan, PlannedStep};
use crate::diagnostics::Diagnostic;
use crate::dockerfile::expand::Lexer;
use crate::dockerfile::instructions::{ArgDecl, CommandLine, Run};
use crate::dockerfile::{self, go_quote_list, Command, Dockerfile, Instruction};
use crate::images::{Arch, Minibox};
use crate::layer::Change;
use crate::oci::{self, Digest, History, ImageConfig};
use crate::shell;
use crate::store::{CacheEntry, Image, ImageStore, Layer};
use crate::vfs::{Fs, Limits, Meta};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The proxy ARGs Docker predefines: usable with `--build-arg` without an ARG line, and kept out of history.
const PREDEFINED_ARGS: [&str; 10] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// What `docker build` is asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The Dockerfile's path in the context (`-f`).
    pub dockerfile: String,
    pub tags: Vec<String>,
    pub build_args: BTreeMap<String, String>,
    pub target: Option<String>,
    pub arch: Arch,
    pub no_cache: bool,
    /// Every timestamp the build writes (history, config, tar entries).
    pub source_date_epoch: u64,
    pub fs_limits: Limits,
    pub shell_limits: shell::Limits,
    /// The real multi-call binaries the catalog's images carry, so that exported images run (see
    /// [`crate::images::minibox`]); without them their programs are text placeholders.
    pub minibox: Minibox,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            dockerfile: "Dockerfile".into(),
            tags: Vec::new(),
            build_args: BTreeMap::new(),
            target: None,
            arch: Arch::Amd64,
            no_cache: false,
            source_date_epoch: 0,
            fs_limits: Limits::default(),
            shell_limits: shell::Limits::default(),
            minibox: Minibox::none(),
        }
    }
}

/// Why a build could not start.
#[derive(Clone, Debug)]
pub enum BuildSetupError {
    /// The Dockerfile has errors; nothing ran.
    Dockerfile { text: String, diagnostics: Vec<Diagnostic> },
    /// Something else: no Dockerfile in the context, a bad tag, an unknown target.
    Invalid(String),
}

impl std::fmt::Display for BuildSetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildSetupError::Dockerfile { diagnostics, .. } => {
                let first = diagnostics.iter().find(|d| d.is_error()).map(|d| d.message.as_str()).unwrap_or("");
                write!(f, "failed to parse the Dockerfile: {first}")
            }
            BuildSetupError::Invalid(message) => f.write_str(message),
        }
    }
}

/// The state of one stage while its steps run.
#[derive(Clone, Debug)]
struct StageState {
    index: usize,
    /// The last committed image of the stage (None only for `FROM scratch` before its first commit).
    image: Option<Arc<Image>>,
    config: ImageConfig,
    fs: Fs,
    layers: Vec<Arc<crate::store::Layer>>,
    /// ARGs declared in the stage: name → value (None when declared without a value).
    args: BTreeMap<String, Option<String>>,
    /// CMD was set in this stage (ENTRYPOINT then keeps it).
    cmd_set: bool,
}

/// Everything that changes as steps run; cloned into a snapshot before each step.
#[derive(Clone, Debug)]
struct Progress {
    next: usize,
    /// The final image of each finished stage.
    finished_stages: Vec<Option<Arc<Image>>>,
    current: Option<StageState>,
    /// The first step that missed the cache; later steps are invalidated by it.
    first_miss: Option<usize>,
    consumed_args: BTreeSet<String>,
    outcome: Option<Result<Digest, String>>,
    events: usize,
}

/// A build in progress.
pub struct Build {
    dockerfile: Dockerfile,
    context: BuildContext,
    options: BuildOptions,
    plan: Plan,
    lexer: Lexer,
    progress: Progress,
    snapshots: Vec<(Progress, ImageStore)>,
    events: Vec<BuildEvent>,
}

/// A step that failed: the message Docker would print and the exit code of the command, if one ran.
struct StepFailure {
    message: String,
    exit_code: Option<i32>,
}

impl StepFailure {
    fn new(message: impl Into<String>) -> StepFailure {
        StepFailure { message: message.into(), exit_code: None }
    }
}

type StepResult = Result<(), StepFailure>;

/// The result of running a container's command: what to commit.
struct Committed {
    created_by: String,
    changes: Vec<Change>,
    fs: Fs,
    config: ImageConfig,
    files: Vec<(String, u64)>,
    /// The layer, when the step already had to compute it (COPY names its history entry after the digest).
    layer: Option<Layer>,
}

impl Build {
    /// Prepares a build: reads the Dockerfile from the context, parses it, plans the stages. Nothing runs yet.
    pub fn new(context: BuildContext, options: BuildOptions) -> Result<Build, BuildSetupError> {
        let Some(text) = context.text(&options.dockerfile).map(str::to_string) else {
            return Err(BuildSetupError::Invalid(format!(
                "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat {}: no such file \
                 or directory",
                options.dockerfile
            )));
        };
        Build::with_dockerfile(&text, context, options)
    }

    /// Like `new`, with the Dockerfile given as text (the browser's editor).
    pub fn with_dockerfile(text: &str, context: BuildContext, options: BuildOptions) -> Result<Build, BuildSetupError> {
        for tag in &options.tags {
            oci::Reference::parse(tag).map_err(|e| {
                BuildSetupError::Invalid(format!("invalid argument {tag:?} for \"-t, --tag\" flag: {e}"))
            })?;
        }
        let dockerfile = dockerfile::parse(text);
        if dockerfile.has_errors() {
            return Err(BuildSetupError::Dockerfile { text: text.to_string(), diagnostics: dockerfile.diagnostics });
        }
        let plan = Plan::new(&dockerfile, &options.build_args, options.target.as_deref(), options.arch.as_str())
            .map_err(|e| BuildSetupError::Invalid(e.0))?;
        let ignore = context.dockerignore();
        let sent = context.filtered(&ignore);
        let lexer = Lexer::new(dockerfile.directives.escape);
        let stages = plan.stages.len();
        let mut build = Build {
            dockerfile,
            context: sent,
            options,
            plan,
            lexer,
            progress: Progress {
                next: 0,
                finished_stages: vec![None; stages],
                current: None,
                first_miss: None,
                consumed_args: BTreeSet::new(),
                outcome: None,
                events: 0,
            },
            snapshots: Vec::new(),
            events: Vec::new(),
        };
        build.emit(BuildEvent::BuildStarted {
            context_bytes: build.context.transfer_size(),
            context_files: build.context.len(),
            dockerfile_bytes: text.len() as u64,
            steps: build.plan.steps.len(),
            stages: build.plan.stages.clone(),
            platform: format!("linux/{}", build.options.arch.as_str()),
        });
        let target = build.plan.target;
        for stage in build.plan.stages.clone().iter().filter(|s| !s.used && s.index <= target) {
            build.emit(BuildEvent::StageSkipped { stage: stage.index, name: stage.name.clone() });
        }
        Ok(build)
    }

    pub fn events(&self) -> &[BuildEvent] {
        &self.events
    }

    pub fn dockerfile(&self) -> &Dockerfile {
        &self.dockerfile
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Steps done so far.
    pub fn steps_done(&self) -> usize {
        self.progress.next
    }

    pub fn total_steps(&self) -> usize {
        self.plan.steps.len()
    }

    pub fn is_finished(&self) -> bool {
        self.progress.outcome.is_some()
    }

    /// The final image ID once the build succeeded; the error message once it failed.
    pub fn outcome(&self) -> Option<&Result<Digest, String>> {
        self.progress.outcome.as_ref()
    }

    /// The file tree and config of the current stage after the last step (for the file browser).
    pub fn current_tree(&self) -> Option<(&Fs, &ImageConfig)> {
        self.progress.current.as_ref().map(|s| (&s.fs, &s.config))
    }

    /// Runs the next step (or finishes the build after the last one). Returns the events it produced.
    pub fn step(&mut self, store: &mut ImageStore) -> &[BuildEvent] {
        let start = self.events.len();
        if self.is_finished() {
            return &self.events[start..];
        }
        self.progress.events = self.events.len();
        self.snapshots.push((self.progress.clone(), store.clone()));
        if self.progress.next < self.plan.steps.len() {
            let planned = self.plan.steps[self.progress.next].clone();
            let step_number = self.progress.next + 1;
            match self.run_step(&planned, step_number, store) {
                Ok(()) => self.progress.next += 1,
                Err(failure) => {
                    self.emit(BuildEvent::BuildFailed {
                        step: Some(step_number),
                        message: failure.message.clone(),
                        exit_code: failure.exit_code,
                    });
                    self.progress.outcome = Some(Err(failure.message));
                }
            }
        }
        if self.progress.next == self.plan.steps.len() && self.progress.outcome.is_none() {
            self.finish(store);
        }
        &self.events[start..]
    }

    /// Runs every remaining step.
    pub fn run_to_end(&mut self, store: &mut ImageStore) {
        while !self.is_finished() {
            self.step(store);
        }
    }

    /// Drops the snapshots Back would restore: once something else has changed the store (a terminal sharing it),
    /// restoring an older copy would undo that too.
    pub fn forget_history(&mut self) {
        self.snapshots.clear();
    }

    /// Whether [`Build::back`] has a step to undo.
    pub fn can_back(&self) -> bool {
        !self.snapshots.is_empty()
    }

    /// Undoes the last step (or the finish), restoring the store as it was. Returns false at the start.
    pub fn back(&mut self, store: &mut ImageStore) -> bool {
        match self.snapshots.pop() {
            Some((progress, saved)) => {
                self.events.truncate(progress.events);
                self.progress = progress;
                *store = saved;
                true
            }
            None => false,
        }
    }

    fn emit(&mut self, event: BuildEvent) {
        self.events.push(event);
    }

    fn finish(&mut self, store: &mut ImageStore) {
        let Some(stage) = self.progress.current.clone() else {
            self.progress.outcome = Some(Err("nothing was built".into()));
            return;
        };
        let image = match &stage.image {
            Some(image) => image.clone(),
            // `FROM scratch` alone: commit the empty image.
            None => store.insert(Image::new(self.stamp(stage.config.clone()), Vec::new(), stage.fs.clone(), None)),
        };
        let unused: Vec<&String> = self
            .options
            .build_args
            .keys()
            .filter(|k| !self.progress.consumed_args.contains(*k) && !PREDEFINED_ARGS.contains(&k.as_str()))
            .collect();
        if !unused.is_empty() {
            let names: Vec<&str> = unused.iter().map(|s| s.as_str()).collect();
            self.emit(BuildEvent::Warning {
                step: None,
                message: format!("One or more build-args [{}] were not consumed", names.join(" ")),
            });
        }
        let mut tags = Vec::new();
        for tag in self.options.tags.clone() {
            let familiar = oci::Reference::parse(&tag).map(|r| r.familiar()).unwrap_or(tag);
            let previous = store.tag(&familiar, &image.id);
            self.emit(BuildEvent::TagMoved {
                tag: familiar.clone(),
                image_id: image.id.to_string(),
                previous: previous.map(|p| p.to_string()),
            });
            tags.push(familiar);
        }
        let (_, manifest_digest) = image.manifest();
        self.emit(BuildEvent::BuildFinished {
            image_id: image.id.to_string(),
            manifest_digest: manifest_digest.to_string(),
            tags,
        });
        self.progress.outcome = Some(Ok(image.id.clone()));
    }

    fn instruction(&self, index: usize) -> &Instruction {
        &self.dockerfile.instructions[index]
    }

    fn run_step(&mut self, planned: &PlannedStep, step: usize, store: &mut ImageStore) -> StepResult {
        let instruction = self.instruction(planned.instruction).clone();
        let stage_name = self.plan.stages[planned.stage].name.clone();
        self.emit(BuildEvent::StepStarted {
            step,
            total: self.plan.steps.len(),
            stage: planned.stage,
            instruction: instruction.node.original.trim().to_string(),
            keyword: instruction.node.keyword.text.to_uppercase(),
            line: instruction.node.start_line,
            stage_name,
            stage_step: planned.stage_step,
            stage_steps: planned.stage_steps,
        });
        if let Command::From(_) = &instruction.command {
            if let Some(previous) = self.progress.current.take() {
                let finished = previous.image.clone();
                self.progress.finished_stages[previous.index] = finished;
            }
            return self.run_from(planned.stage, step, store);
        }
        self.run_instruction(&instruction, step, store)
    }

    fn run_from(&mut self, stage_index: usize, step: usize, store: &mut ImageStore) -> StepResult {
        let reference = self.plan.stages[stage_index].base.clone();
        let arch = self.options.arch;
        let (image, source, canonical) = if reference.eq_ignore_ascii_case("scratch") {
            (None, BaseSource::Scratch, "scratch".to_string())
        } else if let Some(earlier) = find_stage(&self.plan.stages, &reference, stage_index) {
            let image = self.progress.finished_stages[earlier].clone();
            (image, BaseSource::Stage { index: earlier }, reference.clone())
        } else {
            let found = base::resolve(store, &reference, arch, self.options.fs_limits, &self.options.minibox)
                .map_err(StepFailure::new)?;
            let source = match found.real_size_mb {
                Some(real_size_mb) => BaseSource::Catalog { real_size_mb },
                None => BaseSource::Store,
            };
            (Some(found.image), source, found.canonical)
        };
        let (config, fs, layers) = match &image {
            Some(image) => (image.config.clone(), image.fs.clone(), image.layers.clone()),
            None => (scratch_config(arch), Fs::with_limits(self.options.fs_limits), Vec::new()),
        };
        let triggers = config.config.on_build.clone();
        self.emit(BuildEvent::BaseImage {
            step,
            reference: reference.clone(),
            canonical,
            image_id: image.as_ref().map(|i| i.id.to_string()).unwrap_or_default(),
            layers: layers.len(),
            source,
        });
        let mut config = config;
        config.config.on_build.clear();
        self.progress.current =
            Some(StageState { index: stage_index, image, config, fs, layers, args: BTreeMap::new(), cmd_set: false });
        if !triggers.is_empty() {
            self.emit(BuildEvent::TriggersRunning { step, count: triggers.len() });
            for trigger in triggers {
                let parsed = dockerfile::parse(&format!("FROM scratch\n{trigger}\n"));
                let Some(instruction) = parsed.instructions.get(1).cloned().filter(|_| !parsed.has_errors()) else {
                    return Err(StepFailure::new(format!("failed to process ONBUILD trigger {trigger:?}")));
                };
                self.run_instruction(&instruction, step, store)?;
            }
        }
        Ok(())
    }

    fn stage(&self) -> Result<&StageState, StepFailure> {
        self.progress.current.as_ref().ok_or_else(|| StepFailure::new("no build stage in current context"))
    }

    /// The variables instruction words are expanded with: the stage's ARGs with values, then its ENV.
    fn expansion_env(&self) -> BTreeMap<String, String> {
        let mut env = BTreeMap::new();
        if let Some(stage) = &self.progress.current {
            for (name, value) in &stage.args {
                if let Some(value) = value {
                    env.insert(name.clone(), value.clone());
                }
            }
            for entry in &stage.config.config.env {
                if let Some((k, v)) = entry.split_once('=') {
                    env.insert(k.to_string(), v.to_string());
                }
            }
        }
        env
    }

    fn expand(&self, word: &str) -> Result<String, StepFailure> {
        let env = self.expansion_env();
        self.lexer.expand_word(word, &env).map(|e| e.value).map_err(|e| StepFailure::new(e.message))
    }

    fn shell_of(config: &ImageConfig) -> Vec<String> {
        config.config.shell.clone().unwrap_or_else(|| vec!["/bin/sh".to_string(), "-c".to_string()])
    }

    /// Build args in scope with values, as the classic builder records them in RUN's history (`|1 V=1 …`).
    fn run_args(&self) -> Vec<(String, String)> {
        let Some(stage) = &self.progress.current else { return Vec::new() };
        stage
            .args
            .iter()
            .filter(|(name, _)| !PREDEFINED_ARGS.contains(&name.as_str()))
            .filter_map(|(name, value)| value.as_ref().map(|v| (name.clone(), v.clone())))
            .collect()
    }

    fn run_instruction(&mut self, instruction: &Instruction, step: usize, store: &mut ImageStore) -> StepResult {
        let stage = self.stage()?.clone();
        let shell = Build::shell_of(&stage.config);
        let mut config = stage.config.clone();
        let c = &mut config.config;
        let original = instruction.node.original.trim().to_string();
        match &instruction.command {
            Command::Run(run) => return self.run_run(run, &original, step, store),
            Command::Copy(copy) | Command::Add(copy) => {
                let is_add = matches!(instruction.command, Command::Add(_));
                return self.run_copy(copy, is_add, &original, step, store);
            }
            Command::Workdir { path } => {
                let expanded = self.expand(&path.text)?;
                let dir =
                    crate::vfs::Fs::normalize(if c.working_dir.is_empty() { "/" } else { &c.working_dir }, &expanded);
                c.working_dir = dir.clone();
                let mut fs = stage.fs.clone();
                if !fs.exists(&dir) {
                    fs.mkdir_all(&dir, Meta { mode: 0o755, uid: 0, gid: 0 })
                        .map_err(|e| StepFailure::new(e.to_string()))?;
                }
                let created_by = nop_created_by_single(&shell, &format!("WORKDIR {dir}"));
                let changes = crate::layer::diff(&stage.fs, &fs);
                return self.commit_container(step, &original, store, |_| {
                    Ok(Committed { created_by, changes, fs, config, files: Vec::new(), layer: None })
                });
            }
            Command::Arg { args } => return self.run_arg(args, &original, step, store),
            Command::Env { pairs } => {
                let expanded =
                    meta::expand_pairs(pairs, |w| self.expand(w).map_err(|e| e.message)).map_err(StepFailure::new)?;
                for (k, v) in &expanded {
                    meta::set_env(&mut c.env, k, v);
                }
                let description = meta::pairs_description("ENV", &expanded);
                return self.commit_metadata(step, &original, store, config, nop_created_by(&shell, &description));
            }
            Command::Label { pairs } => {
                let expanded =
                    meta::expand_pairs(pairs, |w| self.expand(w).map_err(|e| e.message)).map_err(StepFailure::new)?;
                for (k, v) in &expanded {
                    c.labels.insert(k.clone(), v.clone());
                }
                let description = meta::pairs_description("LABEL", &expanded);
                return self.commit_metadata(step, &original, store, config, nop_created_by(&shell, &description));
            }
            Command::Maintainer { name } => {
                config.author = Some(name.text.clone());
                let created_by = nop_created_by(&shell, &format!("MAINTAINER {}", name.text));
                return self.commit_metadata(step, &original, store, config, created_by);
            }
            _ => {}
        }
        let description = match &instruction.command {
            Command::Cmd { command } => {
                let argv = command.as_ref().map(|line| command_vector(line, &shell)).unwrap_or_default();
                c.cmd = Some(argv.clone());
                if let Some(state) = self.progress.current.as_mut() {
                    state.cmd_set = true;
                }
                format!("CMD {}", go_quote_list(&argv))
            }
            Command::Entrypoint { command } => {
                let argv = command.as_ref().map(|line| command_vector(line, &shell)).unwrap_or_default();
                c.entrypoint = Some(argv.clone());
                if !stage.cmd_set {
                    c.cmd = None;
                }
                format!("ENTRYPOINT {}", go_quote_list(&argv))
            }
            Command::Expose { ports } => {
                let mut all = Vec::new();
                for port in ports {
                    let expanded = self.expand(&port.text)?;
                    for key in meta::expose_ports(&expanded).map_err(StepFailure::new)? {
                        c.exposed_ports.insert(key.clone(), Default::default());
                        all.push(key);
                    }
                }
                all.sort();
                format!("EXPOSE {}", all.join(" "))
            }
            Command::Volume { paths } => {
                let mut added = Vec::new();
                for path in paths {
                    let expanded = self.expand(&path.text)?;
                    c.volumes.insert(expanded.clone(), Default::default());
                    added.push(expanded);
                }
                format!("VOLUME [{}]", added.join(" "))
            }
            Command::User { user } => {
                c.user = self.expand(&user.text)?;
                format!("USER {}", c.user)
            }
            Command::Stopsignal { signal } => {
                c.stop_signal = self.expand(&signal.text)?;
                format!("STOPSIGNAL {}", c.stop_signal)
            }
            Command::Healthcheck(check) => {
                let health = meta::healthcheck(check, &shell);
                let description = meta::healthcheck_description(&health);
                c.healthcheck = Some(health);
                description
            }
            Command::Shell { shell: words } => {
                let argv: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
                c.shell = Some(argv.clone());
                format!("SHELL [{}]", argv.join(" "))
            }
            Command::Onbuild(onbuild) => {
                c.on_build.push(onbuild.expression.clone());
                format!("ONBUILD {}", onbuild.expression)
            }
            other => return Err(StepFailure::new(format!("unexpected instruction {other:?}"))),
        };
        self.commit_metadata(step, &original, store, config, nop_created_by(&shell, &description))
    }

    fn run_arg(&mut self, args: &[ArgDecl], original: &str, step: usize, store: &mut ImageStore) -> StepResult {
        let stage = self.stage()?.clone();
        let shell = Build::shell_of(&stage.config);
        let mut declared = Vec::new();
        let mut values = Vec::new();
        for decl in args {
            let name = decl.name.text.clone();
            let default = match &decl.default {
                Some(word) => Some(self.expand(&word.text)?),
                None => None,
            };
            let automatic = super::plan::automatic_platform_args(self.options.arch.as_str());
            let value = self
                .options
                .build_args
                .get(&name)
                .cloned()
                .or_else(|| default.clone())
                .or_else(|| self.plan.meta_args.get(&name).cloned().flatten())
                .or_else(|| automatic.get(&name).cloned());
            if self.options.build_args.contains_key(&name) {
                self.progress.consumed_args.insert(name.clone());
            }
            declared.push(match &decl.default {
                Some(d) => format!("{name}={}", d.text),
                None => name.clone(),
            });
            values.push((name, value));
        }
        if let Some(state) = self.progress.current.as_mut() {
            for (name, value) in values {
                state.args.insert(name, value);
            }
        }
        let config = stage.config.clone();
        let created_by = nop_created_by(&shell, &format!("ARG {}", declared.join(" ")));
        self.commit_metadata(step, original, store, config, created_by)
    }

    /// A metadata-only step: a container that changes nothing, committed as an empty layer.
    fn commit_metadata(
        &mut self,
        step: usize,
        original: &str,
        store: &mut ImageStore,
        config: ImageConfig,
        created_by: String,
    ) -> StepResult {
        let fs = self.stage()?.fs.clone();
        self.commit_container(step, original, store, |_| {
            Ok(Committed { created_by, changes: Vec::new(), fs, config, files: Vec::new(), layer: None })
        })
    }

    fn container_id(parent: &Digest, step: usize, created_by: &str) -> Digest {
        Digest::sha256(format!("layerlab container\n{parent}\n{step}\n{created_by}").as_bytes())
    }

    /// Checks the cache for `created_by` on the current image; on a hit, moves to the cached image and returns true.
    fn try_cache(
        &mut self,
        step: usize,
        original: &str,
        created_by: &str,
        files: &[(String, u64)],
        store: &ImageStore,
    ) -> bool {
        let parent = self.parent_key();
        let reason = if self.options.no_cache {
            CacheMiss::Disabled
        } else if let Some(by_step) = self.progress.first_miss {
            CacheMiss::Invalidated { by_step }
        } else if let Some(entry) = store.cache_get(&parent, created_by) {
            if let Some(image) = store.get(&entry.image) {
                self.emit(BuildEvent::CacheHit { step, image_id: image.id.to_string() });
                self.adopt(image);
                return true;
            }
            CacheMiss::NoEntry
        } else {
            explain_miss(store, &parent, original, files)
        };
        if self.progress.first_miss.is_none() {
            self.progress.first_miss = Some(step);
        }
        self.emit(BuildEvent::CacheMissed { step, reason });
        false
    }

    fn parent_key(&self) -> Digest {
        self.progress
            .current
            .as_ref()
            .and_then(|s| s.image.as_ref())
            .map(|i| i.id.clone())
            .unwrap_or_else(scratch_parent)
    }

    fn adopt(&mut self, image: Arc<Image>) {
        if let Some(stage) = self.progress.current.as_mut() {
            stage.config = image.config.clone();
            stage.fs = image.fs.clone();
            stage.layers = image.layers.clone();
            stage.image = Some(image);
        }
    }

    /// Stamps the times the build writes.
    fn stamp(&self, mut config: ImageConfig) -> ImageConfig {
        config.created = Some(oci::rfc3339(self.options.source_date_epoch));
        config
    }

    /// The classic builder's step: cache check, temporary container, run, diff, commit, remove.
    fn commit_container(
        &mut self,
        step: usize,
        original: &str,
        store: &mut ImageStore,
        run: impl FnOnce(&mut Build) -> Result<Committed, StepFailure>,
    ) -> StepResult {
        // Metadata steps know their created_by before running; the closure computes it without side effects.
        let parent = self.parent_key();
        let probe = run(self)?;
        if self.try_cache(step, original, &probe.created_by, &probe.files, store) {
            return Ok(());
        }
        let container = Build::container_id(&parent, step, &probe.created_by);
        self.emit(BuildEvent::ContainerCreated {
            step,
            container_id: container.hex().to_string(),
            image_id: parent.to_string(),
            command: vec![probe.created_by.clone()],
        });
        self.commit(step, original, store, probe, Some(&container))
    }

    /// Turns a finished container into a layer (or an empty history entry) and an image.
    /// `container` is None for COPY and ADD, which the classic builder commits without starting a container.
    fn commit(
        &mut self,
        step: usize,
        original: &str,
        store: &mut ImageStore,
        done: Committed,
        container: Option<&Digest>,
    ) -> StepResult {
        let stage = self.stage()?.clone();
        let parent = stage.image.as_ref().map(|i| i.id.clone());
        let Committed { created_by, changes, fs, mut config, files, layer } = done;
        let mut layers = stage.layers.clone();
        let empty = changes.is_empty();
        if empty {
            self.emit(BuildEvent::ConfigCommitted { step });
        } else {
            self.emit(BuildEvent::FilesChanged { step, changes: changes.iter().map(FileChange::from).collect() });
            let layer = Arc::new(match layer {
                Some(layer) => layer,
                None => Layer::from_changes(&fs, changes, self.options.source_date_epoch),
            });
            self.emit(BuildEvent::LayerCommitted { step, diff_id: layer.diff_id.to_string(), size: layer.size });
            config.rootfs.diff_ids.push(layer.diff_id.clone());
            layers.push(layer);
        }
        config.history.push(History {
            created: Some(oci::rfc3339(self.options.source_date_epoch)),
            created_by: Some(created_by.clone()),
            author: None,
            comment: None,
            empty_layer: empty,
        });
        let config = self.stamp(config);
        let image = store.insert(Image::new(config, layers, fs, parent.clone()));
        store.cache_put(
            &parent.unwrap_or_else(scratch_parent),
            &created_by,
            CacheEntry { image: image.id.clone(), instruction: original.to_string(), files },
        );
        self.emit(BuildEvent::ImageCreated { step, image_id: image.id.to_string(), created_by });
        if let Some(container) = container {
            self.emit(BuildEvent::ContainerRemoved { step, container_id: container.hex().to_string() });
        }
        self.adopt(image);
        Ok(())
    }

    fn run_run(&mut self, run: &Run, original: &str, step: usize, store: &mut ImageStore) -> StepResult {
        let stage = self.stage()?.clone();
        let shell_argv = Build::shell_of(&stage.config);
        let (argv, shown) = match &run.command {
            CommandLine::Exec(words) => {
                let argv: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
                let shown = argv.join(" ");
                (argv, shown)
            }
            CommandLine::Shell(word) => {
                let script = script_with_heredocs(&word.text, &run.heredocs);
                let mut argv = shell_argv.clone();
                argv.push(script);
                let shown = argv.join(" ");
                (argv, shown)
            }
        };
        let args = self.run_args();
        let created_by = if args.is_empty() {
            shown.clone()
        } else {
            let pairs: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("|{} {} {shown}", pairs.len(), pairs.join(" "))
        };
        for (name, _) in &args {
            if self.options.build_args.contains_key(name) {
                self.progress.consumed_args.insert(name.clone());
            }
        }
        if self.try_cache(step, original, &created_by, &[], store) {
            return Ok(());
        }
        let parent = self.parent_key();
        let container = Build::container_id(&parent, step, &created_by);
        self.emit(BuildEvent::ContainerCreated {
            step,
            container_id: container.hex().to_string(),
            image_id: parent.to_string(),
            command: argv.clone(),
        });
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        // The predefined proxy args reach RUN from --build-arg without an ARG line, and stay out of history.
        for name in PREDEFINED_ARGS {
            if let Some(value) = self.options.build_args.get(name) {
                env.insert(name.to_string(), value.clone());
                self.progress.consumed_args.insert(name.to_string());
            }
        }
        for (k, v) in &args {
            env.insert(k.clone(), v.clone());
        }
        for entry in &stage.config.config.env {
            if let Some((k, v)) = entry.split_once('=') {
                env.insert(k.to_string(), v.to_string());
            }
        }
        let mut fs = stage.fs.clone();
        let mut process = Process::start(
            &mut fs,
            ProcessSpec {
                env,
                working_dir: stage.config.config.working_dir.clone(),
                user: stage.config.config.user.clone(),
                argv0: argv.first().cloned().unwrap_or_default(),
                limits: self.options.shell_limits,
                hostname: container.short().to_string(),
                arch: shell_arch(self.options.arch),
                now: i64::try_from(self.options.source_date_epoch).unwrap_or(i64::MAX),
            },
        )
        // Docker refuses to start the container when USER names nobody in the image.
        .map_err(StepFailure::new)?;
        let outcome = process.run_argv(&mut fs, &argv);
        for output in &outcome.output {
            for line in output.text.lines() {
                self.emit(BuildEvent::Output {
                    step,
                    stream: if output.stream == shell::Stream::Stderr { "stderr" } else { "stdout" },
                    line: line.to_string(),
                });
            }
        }
        if let Some(limit) = &outcome.limit {
            return Err(StepFailure { message: limit.message.clone(), exit_code: Some(outcome.status) });
        }
        if outcome.status != 0 {
            return Err(StepFailure {
                message: format!("The command '{shown}' returned a non-zero code: {}", outcome.status),
                exit_code: Some(outcome.status),
            });
        }
        let changes = crate::layer::diff(&stage.fs, &fs);
        let config = stage.config.clone();
        let committed = Committed { created_by, changes, fs, config, files: Vec::new(), layer: None };
        self.commit(step, original, store, committed, Some(&container))
    }

    fn run_copy(
        &mut self,
        copy: &crate::dockerfile::instructions::Copy,
        is_add: bool,
        original: &str,
        step: usize,
        store: &mut ImageStore,
    ) -> StepResult {
        let stage = self.stage()?.clone();
        let shell = Build::shell_of(&stage.config);
        let env = self.expansion_env();
        let source_fs = match &copy.from {
            None => None,
            Some(from) => {
                let name = self
                    .lexer
                    .expand_word(&from.text, &env)
                    .map(|e| e.value)
                    .map_err(|e| StepFailure::new(e.message))?;
                let image = match find_stage(&self.plan.stages, &name, stage.index) {
                    Some(index) => self.progress.finished_stages[index].clone().ok_or_else(|| {
                        StepFailure::new(format!("COPY --from={name}: that stage has not been built"))
                    })?,
                    None => {
                        base::resolve(store, &name, self.options.arch, self.options.fs_limits, &self.options.minibox)
                            .map_err(StepFailure::new)?
                            .image
                    }
                };
                Some(image.fs.clone())
            }
        };
        let outcome: CopyOutcome = copy::perform(copy::CopyRequest {
            copy,
            is_add,
            lexer: &self.lexer,
            env: &env,
            context: &self.context,
            source_fs: source_fs.as_ref(),
            dest_fs: &stage.fs,
            working_dir: &stage.config.config.working_dir,
        })
        .map_err(StepFailure::new)?;
        let keyword = if is_add { "ADD" } else { "COPY" };
        let chown = copy.chown.as_ref().map(|c| format!("--chown={} ", c.text)).unwrap_or_default();
        let layer_probe = Layer::from_changes(&outcome.fs, outcome.changes.clone(), self.options.source_date_epoch);
        let kind = outcome.source_kind;
        let created_by = nop_created_by_single(
            &shell,
            &format!("{keyword} {chown}{kind}:{} in {} ", layer_probe.diff_id.hex(), outcome.dest),
        );
        if self.try_cache(step, original, &created_by, &outcome.files, store) {
            return Ok(());
        }
        let config = stage.config.clone();
        let committed = Committed {
            created_by,
            changes: outcome.changes,
            fs: outcome.fs,
            config,
            files: outcome.files,
            layer: Some(layer_probe),
        };
        self.commit(step, original, store, committed, None)
    }
}

/// Explains a cache miss from what the cache holds for the same parent.
fn explain_miss(store: &ImageStore, parent: &Digest, original: &str, files: &[(String, u64)]) -> CacheMiss {
    let mut previous_instruction = None;
    for (_, entry) in store.cache_children(parent) {
        if entry.instruction == original {
            let before: BTreeMap<&str, u64> = entry.files.iter().map(|(p, h)| (p.as_str(), *h)).collect();
            let now: BTreeMap<&str, u64> = files.iter().map(|(p, h)| (p.as_str(), *h)).collect();
            let mut paths: Vec<String> =
                now.iter().filter(|(p, h)| before.get(*p) != Some(*h)).map(|(p, _)| p.to_string()).collect();
            paths.extend(before.keys().filter(|p| !now.contains_key(*p)).map(|p| p.to_string()));
            paths.sort();
            return CacheMiss::FilesChanged { paths };
        }
        previous_instruction.get_or_insert_with(|| entry.instruction.clone());
    }
    match previous_instruction {
        Some(previous) => CacheMiss::InstructionChanged { previous },
        None => CacheMiss::NoEntry,
    }
}

/// RUN with heredocs: `RUN <<EOF` alone runs the body as the script; otherwise the bodies follow the command line
/// as here-documents for the shell to read.
fn script_with_heredocs(command: &str, heredocs: &[crate::dockerfile::Heredoc]) -> String {
    if heredocs.is_empty() {
        return command.to_string();
    }
    let trimmed = command.trim();
    if heredocs.len() == 1 && trimmed.starts_with("<<") && !trimmed.contains(char::is_whitespace) {
        let body = &heredocs[0];
        return if body.chomp {
            body.content.lines().map(|l| l.trim_start_matches('\t')).collect::<Vec<_>>().join("\n") + "\n"
        } else {
            body.content.clone()
        };
    }
    let mut script = command.to_string();
    script.push('\n');
    for heredoc in heredocs {
        script.push_str(&heredoc.content);
        script.push_str(&heredoc.name);
        script.push('\n');
    }
    script
}

/// The machine name `uname -m` prints for `arch`.
pub fn shell_arch(arch: Arch) -> String {
    match arch {
        Arch::Amd64 => "x86_64".into(),
        Arch::Arm64 => "aarch64".into(),
    }
}
