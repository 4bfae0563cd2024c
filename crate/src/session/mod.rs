//! A simulated Docker for a terminal: one [`Session`] holds images (the [`ImageStore`], layers shared), containers
//! with their writable layers, and a clock value, and runs typed command lines — `docker run`, `exec`, `stop`,
//! `commit`, `images`, `tag`, `rmi`, `pull`, `push`, `history`, `ps`, `rm`, `diff`, `inspect`, `search` … — with
//! Docker's flags, tables and error texts. After `docker run -it IMAGE bash` (or `docker exec -it`) the lines go to
//! that container's shell until `exit`. Containers keep running as long as their main process would (see
//! `lifecycle.rs`); the clock, which the caller moves, decides when they exit.
//!
//! Pure like the rest of the core: no IO, no clock (the caller passes the time and advances it), no randomness
//! (container IDs and names are derived from a counter). Every command is bounded; errors are output, never panics.
//!
//! A terminal drives it line by line:
//!
//! ```
//! use layerlab::session::Session;
//!
//! let mut session = Session::new(1_735_689_600); // the clock: seconds since 1970, from the caller
//! assert_eq!(session.prompt(), "$ ");
//! session.execute("docker run -it --name git ubuntu:latest bash");
//! let id = session.containers()[0].short_id().to_string();
//! assert_eq!(session.prompt(), format!("root@{id}:/# ")); // lines now go to the container's shell
//! assert_eq!(session.execute("echo hi > /greeting").exit_code, 0);
//! session.execute("exit");
//! session.advance_clock(60);
//! let commit = session.execute("docker commit git greeting:1");
//! assert!(commit.stdout().starts_with("sha256:"));
//! assert!(session.execute("docker images").stdout().contains("greeting     1 "));
//! ```

mod build_cmd;
mod command;
mod complete;
mod containers;
mod images_cmd;
mod inspect;
mod lifecycle;
mod registry;
pub mod table;
mod template;
#[cfg(test)]
mod tests;

pub use build_cmd::SessionHost;
pub use containers::{Container, ContainerState};
pub use registry::{Registry, Repository};

use crate::build::container::Process;
use crate::images::{Arch, Minibox};
use crate::shell::{self, Output, Stream};
use crate::store::ImageStore;
use crate::vfs::Limits;

/// What one command line printed, in order, and its exit code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The output chunks in the order a terminal shows them (pull progress on stderr before a container's stdout).
    pub output: Vec<Output>,
    pub exit_code: i32,
}

impl Outcome {
    pub fn stdout(&self) -> String {
        self.stream(Stream::Stdout)
    }

    pub fn stderr(&self) -> String {
        self.stream(Stream::Stderr)
    }

    /// Everything, interleaved as printed.
    pub fn text(&self) -> String {
        self.output.iter().map(|o| o.text.as_str()).collect()
    }

    fn stream(&self, stream: Stream) -> String {
        self.output.iter().filter(|o| o.stream == stream).map(|o| o.text.as_str()).collect()
    }

    pub(crate) fn out(&mut self, text: impl Into<String>) {
        self.push(Stream::Stdout, text.into());
    }

    pub(crate) fn err(&mut self, text: impl Into<String>) {
        self.push(Stream::Stderr, text.into());
    }

    fn push(&mut self, stream: Stream, text: String) {
        if text.is_empty() {
            return;
        }
        match self.output.last_mut() {
            Some(last) if last.stream == stream => last.text.push_str(&text),
            _ => self.output.push(Output { stream, text }),
        }
    }

    /// An error as the docker CLI prints it: the text on stderr and the exit code.
    pub(crate) fn fail(text: impl Into<String>, exit_code: i32) -> Outcome {
        let mut outcome = Outcome { exit_code, ..Outcome::default() };
        let mut text = text.into();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        outcome.err(text);
        outcome
    }
}

/// Bounds and machine of a session.
#[derive(Clone, Debug)]
pub struct SessionOptions {
    pub arch: Arch,
    /// Each container's tree (and each image's).
    pub fs_limits: Limits,
    /// Each command a container's shell runs.
    pub shell_limits: shell::Limits,
    /// The most containers a session keeps (created, running or exited).
    pub max_containers: usize,
    /// The most images its store holds; commands that would add one more refuse.
    pub max_images: usize,
    /// The real multi-call binaries for catalog images, as in builds (exports then run in a real engine).
    pub minibox: Minibox,
    /// The time `docker build` stamps its images with (like `SOURCE_DATE_EPOCH`). None: the session's clock when it
    /// was created. It stays fixed while the clock moves because COPY's history names its layer's digest, which holds
    /// the files' mtimes: a moving time would defeat the cache on every rebuild.
    pub build_epoch: Option<u64>,
}

impl Default for SessionOptions {
    fn default() -> SessionOptions {
        SessionOptions {
            arch: Arch::Amd64,
            fs_limits: Limits::default(),
            shell_limits: shell::Limits::default(),
            max_containers: 1000,
            max_images: 2000,
            minibox: Minibox::none(),
            build_epoch: None,
        }
    }
}

/// The container a terminal is attached to (`docker run -it … bash`, `docker exec -it … sh`) and its shell.
struct Attached {
    /// The container's ID.
    id: String,
    process: Process,
    /// The program the prompt imitates (`bash`, `sh`).
    program: String,
    /// `-t`: the terminal shows a prompt.
    tty: bool,
    /// A program asked a question and waits for the next line (see [`Session::awaiting_answer`]).
    question: Option<Question>,
    /// `docker exec`: leaving the shell leaves the container running.
    exec: bool,
    /// Not a shell but one program (`docker run -it ubuntu apt-get install git`): the terminal stays with it while it
    /// asks questions, and the container's main process ends with it.
    program_argv: Option<Vec<String>>,
}

/// A line whose program read the terminal before anything was typed (`apt-get install git`: `Do you want to continue?
/// [Y/n] `, even with its output sent to /dev/null). The shell cannot stop in the middle of a command, so the line's
/// effects are undone, what it printed until it read is shown, and when the answer arrives the line runs again from
/// the same start with the answers as its stdin; what it prints up to the read is the same again, and only the rest
/// is shown.
struct Question {
    line: String,
    checkpoint: shell::Checkpoint,
    fs: crate::vfs::Fs,
    /// Bytes of output already shown (everything up to the read).
    shown: usize,
    answers: Vec<String>,
}

/// The most answers one line may wait for.
const MAX_ANSWERS: usize = 16;

/// What one interactive line printed, and where a program read the empty terminal, if one did.
struct InteractiveRun {
    result: shell::Outcome,
    output: Vec<(Stream, String)>,
    asked_at: Option<usize>,
}

/// Runs `line` (or, for an attached program, its `argv`) in the attached container with `answers` as the terminal's
/// input so far. A program that reads the terminal when nothing was typed waits for the next line: the shell notices
/// the read itself (see [`shell::Waits::stdin_open`]), so a question printed to /dev/null waits too, and a line that
/// merely ends without a line break does not.
fn run_interactive(
    process: &mut Process,
    fs: &mut crate::vfs::Fs,
    line: &str,
    argv: Option<&[String]>,
    answers: &[String],
) -> InteractiveRun {
    let input: Vec<u8> = answers.concat().into_bytes();
    // An attached program is the container's main process: what it would wait on for good counts as well.
    let waits = shell::Waits {
        horizon_ms: argv.map(|_| lifecycle::HORIZON_MS),
        stdin_open: true,
        is_server: argv.map(|_| lifecycle::is_server as shell::IsServer),
    };
    process.shell.set_waits(Some(waits));
    process.shell.attach_stdin(Box::new(move || input.clone()));
    let result = match argv {
        Some(argv) => process.run_argv(fs, argv),
        None => process.run_script(fs, line),
    };
    process.shell.set_waits(None);
    // No stdin for whatever runs next in this process until a line gives it one.
    process.shell.attach_stdin(Box::new(Vec::new));
    let output = result.output.iter().map(|chunk| (chunk.stream, chunk.text.clone())).collect();
    let asked_at = match &result.waiting {
        Some(w) if w.kind == shell::WaitKind::Input => Some(usize::try_from(w.output_bytes).unwrap_or(usize::MAX)),
        _ => None,
    };
    InteractiveRun { result, output, asked_at }
}

/// The part of `output` after its first `skip` bytes.
fn output_after(output: &[(Stream, String)], mut skip: usize) -> Vec<(Stream, String)> {
    let mut rest = Vec::new();
    for (stream, text) in output {
        if skip >= text.len() {
            skip -= text.len();
            continue;
        }
        let from = (skip..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        rest.push((*stream, text[from..].to_string()));
        skip = 0;
    }
    rest
}

/// The first `keep` bytes of `output`.
fn output_until(output: &[(Stream, String)], mut keep: usize) -> Vec<(Stream, String)> {
    let mut head = Vec::new();
    for (stream, text) in output {
        if keep == 0 {
            break;
        }
        let take = (0..=keep.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        head.push((*stream, text[..take].to_string()));
        keep -= take.min(keep);
        if take < text.len() {
            break;
        }
    }
    head
}

/// A terminal session: images, containers, the clock.
pub struct Session {
    store: ImageStore,
    /// In creation order.
    containers: Vec<Container>,
    /// Repo digests of pulled images (`ubuntu@sha256:…`), by image.
    repo_digests: std::collections::BTreeMap<crate::oci::Digest, Vec<String>>,
    clock: u64,
    /// Containers ever created: the seed of IDs and names.
    counter: u64,
    attached: Option<Attached>,
    options: SessionOptions,
    host: Option<Box<dyn SessionHost>>,
    registry: Registry,
    /// The lines typed, oldest first (at most [`MAX_TYPED`]): lessons check which commands were used.
    typed: std::collections::VecDeque<String>,
    /// The main processes of running containers, by container ID (see `lifecycle.rs`).
    mains: std::collections::BTreeMap<String, lifecycle::MainProcess>,
    /// Compressed layer blobs as a registry stores them: digest and size by diff ID (see `registry.rs`).
    blobs: std::collections::BTreeMap<crate::oci::Digest, (crate::oci::Digest, u64)>,
}

/// The most typed lines a session remembers.
const MAX_TYPED: usize = 10_000;

impl Session {
    /// A session whose clock reads `clock` (seconds since the epoch).
    pub fn new(clock: u64) -> Session {
        Session::with_options(clock, SessionOptions::default())
    }

    pub fn with_options(clock: u64, mut options: SessionOptions) -> Session {
        options.build_epoch.get_or_insert(clock);
        Session {
            store: ImageStore::new(),
            containers: Vec::new(),
            repo_digests: Default::default(),
            clock,
            counter: 0,
            attached: None,
            options,
            host: None,
            registry: Registry::default(),
            typed: Default::default(),
            mains: Default::default(),
            blobs: Default::default(),
        }
    }

    /// A session over an existing store (images built or loaded before).
    pub fn with_store(store: ImageStore, clock: u64, options: SessionOptions) -> Session {
        Session { store, ..Session::with_options(clock, options) }
    }

    pub fn store(&self) -> &ImageStore {
        &self.store
    }

    /// The store, for a caller that builds into it too (the page's Build button and its terminal share one).
    pub fn store_mut(&mut self) -> &mut ImageStore {
        &mut self.store
    }

    /// The real multi-call binaries catalog images get from now on (see [`SessionOptions::minibox`]).
    pub fn set_minibox(&mut self, minibox: Minibox) {
        self.options.minibox = minibox;
    }

    /// The lines typed so far, oldest first (the most recent 10,000), on the host and in containers alike.
    pub fn typed(&self) -> impl Iterator<Item = &str> {
        self.typed.iter().map(String::as_str)
    }

    pub fn containers(&self) -> &[Container] {
        &self.containers
    }

    pub fn clock(&self) -> u64 {
        self.clock
    }

    /// Sets the clock; containers whose processes have ended by then exit.
    pub fn set_clock(&mut self, clock: u64) {
        self.clock = clock;
        self.settle();
    }

    pub fn advance_clock(&mut self, seconds: u64) {
        self.clock = self.clock.saturating_add(seconds);
        self.settle();
    }

    /// The container the terminal is attached to, if any.
    pub fn attached(&self) -> Option<&Container> {
        let id = &self.attached.as_ref()?.id;
        self.containers.iter().find(|c| &c.id == id)
    }

    /// What the terminal shows before the next line: `$ ` on the host, the container shell's prompt when attached
    /// with a terminal (`root@2b3c4d5e6f7a:/# `), nothing when attached without one (`-i` alone).
    pub fn prompt(&self) -> String {
        let Some(attached) = &self.attached else { return "$ ".to_string() };
        if attached.question.is_some() {
            return String::new(); // the program's question is the prompt
        }
        if !attached.tty {
            return String::new();
        }
        let shell = &attached.process.shell;
        let sign = if attached.process.uid == 0 { '#' } else { '$' };
        let cwd = shell.cwd().to_string();
        if attached.program == "bash" {
            let home = shell.var("HOME").unwrap_or("");
            let shown = match cwd.strip_prefix(home) {
                Some(rest) if !home.is_empty() && home != "/" && (rest.is_empty() || rest.starts_with('/')) => {
                    format!("~{rest}")
                }
                _ => cwd,
            };
            let user = shell.var("USER").map(str::to_string).unwrap_or_else(|| {
                if attached.process.uid == 0 {
                    "root".to_string()
                } else {
                    "I have no name!".to_string()
                }
            });
            format!("{user}@{}:{shown}{sign} ", attached.process.hostname)
        } else if attached.program == "ash" || attached.program == "sh" && self.attached_is_busybox() {
            format!("{cwd} {sign} ")
        } else {
            format!("{sign} ")
        }
    }

    /// Whether the attached container's `sh` is busybox's ash (prompt `/ # `) rather than Debian's and Ubuntu's dash
    /// (`# `). The simulated images share one multi-call program, so the distribution decides, as in the real ones.
    fn attached_is_busybox(&self) -> bool {
        self.attached().is_some_and(|c| {
            let release = c.fs.read("/etc/os-release").map(|b| String::from_utf8_lossy(&b).into_owned());
            let release = release.unwrap_or_default();
            !release.lines().any(|l| l == "ID=ubuntu" || l == "ID=debian")
        })
    }

    /// Whether a program in the attached container asked a question and the next line is its answer (an empty line
    /// too: Enter takes the default).
    pub fn awaiting_answer(&self) -> bool {
        self.attached.as_ref().is_some_and(|a| a.question.is_some())
    }

    /// Runs one line: a docker command on the host, or — while attached — a line for the container's shell.
    pub fn execute(&mut self, line: &str) -> Outcome {
        if line.len() > command::MAX_LINE_BYTES {
            return Outcome::fail(format!("layerlab: line too long ({} bytes; at most 65536)", line.len()), 1);
        }
        if self.typed.len() == MAX_TYPED {
            self.typed.pop_front();
        }
        self.typed.push_back(line.to_string());
        self.settle();
        if self.attached.is_some() {
            return self.attached_line(line);
        }
        let words = match command::split_words(line) {
            Ok(words) => words,
            Err(e) => return Outcome::fail(format!("sh: syntax error: {e}"), 2),
        };
        let Some(first) = words.first() else { return Outcome::default() };
        if first.starts_with('#') {
            return Outcome::default();
        }
        if first != "docker" {
            return Outcome::fail(
                format!(
                    "sh: {first}: not found (this terminal simulates docker commands; run a shell in a container with \
                     `docker run -it ubuntu bash`)"
                ),
                127,
            );
        }
        self.docker(&words[1..])
    }

    /// Refuses a command that would add images when the store is full (`max_images`).
    pub(crate) fn image_budget(&self) -> Result<(), Outcome> {
        let count = self.store.images().count();
        if count >= self.options.max_images {
            return Err(Outcome::fail(
                format!(
                    "layerlab: this session already holds {count} images (its limit); remove some with `docker rmi`"
                ),
                1,
            ));
        }
        Ok(())
    }

    /// `docker ARGS…`.
    fn docker(&mut self, args: &[String]) -> Outcome {
        let Some(sub) = args.first() else {
            return Outcome::fail(format!("Usage:  docker [OPTIONS] COMMAND\n\nlayerlab simulates: {SIMULATED}"), 0);
        };
        let rest = &args[1..];
        // `docker image ls`, `docker container rm` …: the management commands name the same operations.
        let (name, rest) = match (sub.as_str(), rest.first().map(String::as_str)) {
            ("image", Some(op)) => (
                match op {
                    "ls" | "list" => "images",
                    "rm" | "remove" => "rmi",
                    "tag" | "pull" | "history" | "push" | "inspect" | "save" | "load" | "build" | "prune" => op,
                    _ => return not_simulated(&format!("image {op}")),
                },
                &rest[1..],
            ),
            ("container", Some(op)) => (
                match op {
                    "ls" | "list" | "ps" => "ps",
                    "rm" | "remove" => "rm",
                    "run" | "commit" | "diff" | "create" | "start" | "exec" | "inspect" | "stop" | "kill" | "logs"
                    | "restart" | "attach" => op,
                    _ => return not_simulated(&format!("container {op}")),
                },
                &rest[1..],
            ),
            (other, _) => (other, rest),
        };
        // Pulls check it themselves (`docker run` pulls only a missing image).
        if matches!(name, "build" | "commit" | "load") {
            if let Err(refused) = self.image_budget() {
                return refused;
            }
        }
        match name {
            "build" => self.build(rest),
            "run" => self.run(rest, false),
            "create" => self.run(rest, true),
            "start" => self.start(rest),
            "exec" => self.exec(rest),
            "stop" => self.stop(rest),
            "kill" => self.kill(rest),
            "restart" => self.restart(rest),
            "attach" => self.attach(rest),
            "ps" => self.ps(rest),
            "rm" => self.rm(rest),
            "diff" => self.diff(rest),
            "commit" => self.commit(rest),
            "images" => self.images(rest),
            "tag" => self.tag(rest),
            "rmi" => self.rmi(rest),
            "pull" => self.pull(rest),
            "push" => self.push(rest),
            "history" => self.history(rest),
            "inspect" => self.inspect(rest, sub == "image"),
            "logs" => self.logs(rest),
            "system" => self.system(rest),
            "save" => self.save(rest),
            "load" => self.load(rest),
            "search" => self.search(rest),
            "login" => Outcome::fail(
                "layerlab: `docker login` is refused: this terminal is a simulation and nothing you type here leaves it \
                 (no network; its registry lives in this session), so there is nothing to log in to and no password \
                 to give. `docker push NAME/IMAGE` works without it.",
                1,
            ),
            other if DOCKER_COMMANDS.contains(&other) => not_simulated(other),
            other => Outcome::fail(format!("docker: '{other}' is not a docker command.\nSee 'docker --help'"), 1),
        }
    }

    /// A line typed into the attached container's shell (or the answer to a question a program in it asked).
    fn attached_line(&mut self, line: &str) -> Outcome {
        let Some(attached) = self.attached.as_mut() else { return Outcome::default() };
        let Some(container) = self.containers.iter_mut().find(|c| c.id == attached.id) else {
            self.attached = None;
            return Outcome::default();
        };
        if attached.exec && !matches!(container.state, ContainerState::Running { .. }) {
            // The container stopped under the `docker exec`, which ended with it.
            self.attached = None;
            return Outcome::fail(
                "(layerlab: the container stopped, and the `docker exec` shell ended with it; you are back on the host)",
                137,
            );
        }
        attached.process.now = i64::try_from(self.clock).unwrap_or(i64::MAX);
        let (result, output) = if !attached.tty {
            let result = attached.process.run_script(&mut container.fs, line);
            let output = result.output.iter().map(|chunk| (chunk.stream, chunk.text.clone())).collect();
            (result, output)
        } else {
            // A terminal: the line runs from this start, once more for every answer it waits for.
            let (script, checkpoint, fs, shown, answers) = match attached.question.take() {
                Some(mut question) => {
                    question.answers.push(format!("{line}\n"));
                    (question.line, question.checkpoint, question.fs, question.shown, question.answers)
                }
                None => (line.to_string(), attached.process.shell.checkpoint(), container.fs.clone(), 0, Vec::new()),
            };
            attached.process.shell.restore(checkpoint.clone());
            container.fs = fs.clone();
            let argv = attached.program_argv.clone();
            let run = run_interactive(&mut attached.process, &mut container.fs, &script, argv.as_deref(), &answers);
            if let (Some(asked_at), true) = (run.asked_at, answers.len() < MAX_ANSWERS) {
                // Wait for the answer: show what was printed up to the question, undo the rest.
                attached.process.shell.restore(checkpoint.clone());
                container.fs = fs.clone();
                let mut outcome = Outcome::default();
                for (stream, text) in output_after(&output_until(&run.output, asked_at), shown) {
                    outcome.push(stream, text);
                }
                attached.question = Some(Question { line: script, checkpoint, fs, shown: asked_at, answers });
                return outcome;
            }
            let output = match &run.result.waiting {
                Some(w) => output_until(&run.output, usize::try_from(w.output_bytes).unwrap_or(usize::MAX)),
                None => run.output,
            };
            (run.result, output_after(&output, shown))
        };
        let mut outcome = Outcome { exit_code: result.status, ..Outcome::default() };
        for (stream, text) in output {
            outcome.push(stream, text);
        }
        let attached_program = attached.program_argv.is_some();
        if let (true, Some(waiting)) = (attached_program, result.waiting.clone()) {
            // The attached program waits for good (a server, `sleep infinity`): it goes on in the background.
            let id = container.id.clone();
            let name = container.name.clone();
            outcome.exit_code = 0;
            let cwd = if container.working_dir.is_empty() { "/".to_string() } else { container.working_dir.clone() };
            let env = container.env.clone();
            let Some(attached) = self.attached.take() else { return outcome };
            let Some(container) = self.containers.iter_mut().find(|c| c.id == id) else { return outcome };
            let lines = {
                let system = attached.process.system(&mut container.fs);
                lifecycle::startup_output(&waiting, &env, self.clock, &cwd, &system)
            };
            for (stream, text) in lines {
                lifecycle::push_log(&mut container.logs, shell::Output { stream, text: text.clone() });
                outcome.push(stream, text);
            }
            outcome.err(lifecycle::keeps_running_note(&waiting, &name));
            if !attached.exec {
                let main = lifecycle::MainProcess {
                    process: attached.process,
                    started: self.clock,
                    pending: Default::default(),
                    ends: None,
                    waiting: Some(waiting),
                };
                self.mains.insert(id, main);
            }
            return outcome;
        }
        if result.exited || attached_program {
            if attached.program == "bash" && attached.tty && !attached_program {
                outcome.out("exit\n");
            }
            let id = container.id.clone();
            if !attached.exec {
                container.state = ContainerState::Exited { code: result.status, at: self.clock };
            }
            let remove = container.auto_remove && !attached.exec;
            self.attached = None;
            if remove {
                self.containers.retain(|c| c.id != id);
            }
        }
        outcome
    }
}

/// The docker commands a session simulates, for the messages about the others.
const SIMULATED: &str =
    "build, run, create, start, stop, restart, kill, attach, exec, ps, rm, diff, commit, logs, inspect, images, tag, \
     rmi, pull, push, history, search, save, load, system df";

/// Every `docker` subcommand of Docker 27, so that a real one not simulated here is told apart from a typo.
const DOCKER_COMMANDS: &[&str] = &[
    "attach",
    "build",
    "builder",
    "buildx",
    "checkpoint",
    "compose",
    "config",
    "container",
    "context",
    "cp",
    "create",
    "events",
    "exec",
    "export",
    "image",
    "import",
    "info",
    "init",
    "inspect",
    "kill",
    "load",
    "logout",
    "logs",
    "manifest",
    "network",
    "node",
    "pause",
    "plugin",
    "port",
    "push",
    "rename",
    "restart",
    "save",
    "scout",
    "secret",
    "service",
    "stack",
    "start",
    "stats",
    "stop",
    "swarm",
    "system",
    "top",
    "trust",
    "unpause",
    "update",
    "version",
    "volume",
    "wait",
];

pub(super) fn not_simulated(what: &str) -> Outcome {
    Outcome::fail(format!("layerlab does not simulate `docker {what}` yet (simulated: {SIMULATED})"), 1)
}
