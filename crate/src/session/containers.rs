//! Containers: each one an image plus its own writable layer (an [`Fs`] that starts as the image's tree and shares
//! it until written), and `docker run`, `create`, `start`, `ps`, `rm`, `diff` and `commit` over them. How a container
//! keeps running (and `stop`, `kill`, `exec`) is in `lifecycle.rs`.

use super::command::{flag, option, parse_flags, FlagSpec};
use super::table::{ago, ellipsis, human_duration, render};
use super::{Attached, Outcome, Session};
use crate::build::container::{Process, ProcessSpec};
use crate::build::engine::shell_arch;
use crate::layer::ChangeKind;
use crate::oci::{self, Digest, History};
use crate::shell;
use crate::store::{Image, Layer};
use crate::vfs::Fs;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerState {
    Created,
    Running { since: u64 },
    Exited { code: i32, at: u64 },
}

/// One container.
#[derive(Clone, Debug)]
pub struct Container {
    /// 64 hex digits (no `sha256:`), derived from the session's counter.
    pub id: String,
    pub name: String,
    pub image: Digest,
    /// The image as the user named it (`ubuntu:latest`), for `docker ps`.
    pub image_ref: String,
    /// The writable layer over the image: the image's tree plus whatever the container changed.
    pub fs: Fs,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// `KEY=value`, the image's ENV then `-e`.
    pub env: Vec<String>,
    pub working_dir: String,
    /// The image's USER.
    pub user: String,
    pub created: u64,
    pub state: ContainerState,
    /// `--rm`.
    pub auto_remove: bool,
    /// `-t` and `-i`, for `docker inspect`.
    pub tty: bool,
    pub interactive: bool,
    /// What its command printed when it ran without a terminal attached (`docker logs`).
    pub logs: Vec<crate::shell::Output>,
}

impl Container {
    pub fn short_id(&self) -> &str {
        self.id.get(..12).unwrap_or(&self.id)
    }

    /// The command line `docker ps` shows.
    pub fn command_line(&self) -> String {
        self.argv().join(" ")
    }

    /// The main process's argv: the entrypoint, then the command.
    pub fn argv(&self) -> Vec<String> {
        self.entrypoint.iter().chain(self.cmd.iter()).cloned().collect()
    }
}

/// How a container's main process meets the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Launch {
    /// `-it` with a shell: the terminal's lines go to it until `exit`; a program that asks questions is answered.
    Attach,
    /// `docker run` without `-d`, `docker start -a`: its output is shown.
    Foreground,
    /// `docker run -d`, `docker start`: it runs on its own; its output goes to the logs.
    Background,
}

/// Whether `argv` starts a shell that reads its commands from the terminal (`bash`, `sh -l`; not `sh -c …`).
pub(super) fn is_shell(argv: &[String]) -> bool {
    let program = argv.first().map(|a| shell::basename(a)).unwrap_or_default();
    matches!(program, "sh" | "bash" | "ash" | "dash") && shell::sh_reads_stdin(argv)
}

/// Docker names containers `adjective_scientist` at random; here the names come from a counter, so they repeat
/// from run to run (a transcript stays the same).
const ADJECTIVES: [&str; 12] = [
    "admiring", "brave", "clever", "dreamy", "eager", "focused", "gifted", "happy", "jolly", "keen", "lucid", "modest",
];
const SCIENTISTS: [&str; 12] = [
    "babbage", "curie", "darwin", "euler", "franklin", "galileo", "hopper", "lovelace", "noether", "ritchie",
    "thompson", "turing",
];

const RUN_FLAGS: &[FlagSpec] = &[
    flag(Some('i'), "interactive"),
    flag(Some('t'), "tty"),
    flag(Some('d'), "detach"),
    flag(None, "rm"),
    option(None, "name"),
    option(Some('e'), "env"),
    option(Some('w'), "workdir"),
    option(None, "entrypoint"),
    option(Some('u'), "user"),
    option(Some('p'), "publish"),
    flag(Some('P'), "publish-all"),
    option(Some('v'), "volume"),
];

fn usage_error(command: &str, message: &str) -> Outcome {
    Outcome::fail(format!("{message}\nSee 'docker {command} --help'."), 125)
}

impl Session {
    pub(super) fn find_container(&self, key: &str) -> Option<usize> {
        if key.is_empty() {
            return None;
        }
        let key = key.strip_prefix('/').unwrap_or(key);
        if let Some(i) = self.containers.iter().position(|c| c.id == key || c.name == key) {
            return Some(i);
        }
        let mut found = self.containers.iter().enumerate().filter(|(_, c)| c.id.starts_with(key));
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }

    fn next_name(&self) -> String {
        let n = self.counter as usize;
        let base =
            format!("{}_{}", ADJECTIVES[n % ADJECTIVES.len()], SCIENTISTS[(n / ADJECTIVES.len()) % SCIENTISTS.len()]);
        if self.containers.iter().all(|c| c.name != base) {
            return base;
        }
        format!("{base}{n}")
    }

    /// `docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`, or `docker create` with `create_only`.
    pub(super) fn run(&mut self, args: &[String], create_only: bool) -> Outcome {
        let parsed = match parse_flags(args, RUN_FLAGS, false) {
            Ok(p) => p,
            Err(e) => return usage_error("run", &e),
        };
        let Some((reference, command)) = parsed.args.split_first() else {
            return usage_error("run", "\"docker run\" requires at least 1 argument.\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate and run a new container from an image");
        };
        if !parsed.all("volume").is_empty() {
            return Outcome::fail("layerlab: `docker run -v` (volumes and bind mounts) is not simulated yet", 125);
        }
        if let Some(user) = parsed.last("user") {
            if !user.is_empty() && user != "root" && user != "0" {
                return Outcome::fail(format!("layerlab: `docker run --user {user}` is not simulated yet"), 125);
            }
        }
        let name = match parsed.last("name") {
            Some(name) => {
                let valid = !name.is_empty()
                    && name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
                if !valid {
                    return usage_error(
                        "run",
                        &format!("docker: Error response from daemon: Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed."),
                    );
                }
                if let Some(other) = self.containers.iter().find(|c| c.name == name) {
                    return usage_error(
                        "run",
                        &format!(
                            "docker: Error response from daemon: Conflict. The container name \"/{name}\" is already in use by container \"{}\". You have to remove (or rename) that container to be able to reuse that name.",
                            other.id
                        ),
                    );
                }
                name.to_string()
            }
            None => self.next_name(),
        };
        if self.containers.len() >= self.options.max_containers {
            return Outcome::fail(
                format!(
                    "layerlab: this session already holds {} containers (its limit); remove some with `docker rm`",
                    self.containers.len()
                ),
                125,
            );
        }
        let mut outcome = Outcome::default();
        if !parsed.all("publish").is_empty() || parsed.has("publish-all") {
            outcome.err(
                "(layerlab: ports are not simulated: nothing on this machine reaches the container, and its server is \
                 simulated: it answers no requests)\n",
            );
        }
        let image = match self.store.resolve(reference) {
            Some(image) => image,
            None => {
                let familiar = match oci::Reference::parse(reference) {
                    Ok(r) => r.familiar(),
                    Err(e) => return usage_error("run", &format!("docker: {e}.")),
                };
                outcome.err(format!("Unable to find image '{familiar}' locally\n"));
                let pulled = self.pull_image(reference, false);
                let failed = pulled.exit_code != 0;
                for chunk in pulled.output {
                    // `docker run` prints the pull's progress on stderr.
                    if failed {
                        outcome.err(format!("docker: {}", chunk.text));
                    } else {
                        outcome.err(chunk.text);
                    }
                }
                if failed {
                    outcome.err("See 'docker run --help'.\n");
                    outcome.exit_code = 125;
                    return outcome;
                }
                match self.store.resolve(reference) {
                    Some(image) => image,
                    None => {
                        return Outcome::fail("docker: Error response from daemon: the pulled image is missing", 125)
                    }
                }
            }
        };
        let config = &image.config.config;
        let entrypoint: Vec<String> = match parsed.last("entrypoint") {
            Some("") => Vec::new(),
            Some(e) => vec![e.to_string()],
            None => config.entrypoint.clone().unwrap_or_default(),
        };
        let cmd: Vec<String> = if !command.is_empty() {
            command.to_vec()
        } else if parsed.last("entrypoint").is_some() {
            Vec::new()
        } else {
            config.cmd.clone().unwrap_or_default()
        };
        let argv: Vec<String> = entrypoint.iter().chain(cmd.iter()).cloned().collect();
        if argv.is_empty() {
            outcome.err("docker: Error response from daemon: no command specified.\nSee 'docker run --help'.\n");
            outcome.exit_code = 125;
            return outcome;
        }
        let mut env_list = config.env.clone();
        for entry in parsed.all("env") {
            // `-e NAME` copies the host's variable; the simulated host has none, so it is left out, as Docker does.
            if let Some((key, _)) = entry.split_once('=') {
                env_list.retain(|e| e.split_once('=').map(|(k, _)| k) != Some(key));
                env_list.push(entry.clone());
            }
        }
        let working_dir = parsed.last("workdir").map(str::to_string).unwrap_or_else(|| config.working_dir.clone());
        let tty = parsed.has("tty");
        let interactive = parsed.has("interactive");
        let id =
            Digest::sha256(format!("layerlab session container\n{}\n{}\n{name}", self.counter, image.id).as_bytes())
                .hex()
                .to_string();
        self.counter += 1;
        let container = Container {
            id,
            name,
            image: image.id.clone(),
            image_ref: reference.clone(),
            fs: image.fs.clone(),
            entrypoint,
            cmd,
            env: env_list,
            working_dir,
            created: self.clock,
            state: ContainerState::Created,
            auto_remove: parsed.has("rm"),
            user: config.user.clone(),
            tty,
            interactive,
            logs: Vec::new(),
        };
        if create_only {
            outcome.out(format!("{}\n", container.id));
            self.containers.push(container);
            return outcome;
        }
        let detach = parsed.has("detach");
        let launch = if detach {
            Launch::Background
        } else if interactive {
            Launch::Attach
        } else {
            Launch::Foreground
        };
        let id = container.id.clone();
        let started = self.start_container(container, None, launch, "docker: ");
        for chunk in started.output {
            outcome.push(chunk.stream, chunk.text);
        }
        if detach && started.exit_code == 0 {
            outcome.out(format!("{id}\n"));
        }
        outcome.exit_code = started.exit_code;
        outcome
    }

    /// A new process in `container`: its environment (plus `PATH`, `HOSTNAME` and, with a terminal, `TERM`), working
    /// directory and user, with `argv0` as `$0`.
    pub(super) fn spawn(&self, container: &mut Container, argv0: &str) -> Result<Process, String> {
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        env.insert("PATH".to_string(), crate::shell::DEFAULT_PATH.to_string());
        env.insert("HOSTNAME".to_string(), container.short_id().to_string());
        if container.tty {
            env.insert("TERM".to_string(), "xterm".to_string());
        }
        for entry in &container.env {
            if let Some((k, v)) = entry.split_once('=') {
                env.insert(k.to_string(), v.to_string());
            }
        }
        let spec = ProcessSpec {
            env,
            working_dir: container.working_dir.clone(),
            user: container.user.clone(),
            argv0: argv0.to_string(),
            limits: self.options.shell_limits,
            hostname: container.short_id().to_string(),
            arch: shell_arch(self.options.arch),
            now: i64::try_from(self.clock).unwrap_or(i64::MAX),
        };
        Process::start(&mut container.fs, spec)
    }

    /// Starts `container` (new, or taken out of `containers` at `slot`, where it goes back): attaches the terminal
    /// to its shell, or runs its main process in the foreground or the background (see `lifecycle.rs`). `prefix`
    /// starts error lines (`docker: ` for `docker run`).
    pub(super) fn start_container(
        &mut self,
        mut container: Container,
        slot: Option<usize>,
        launch: Launch,
        prefix: &str,
    ) -> Outcome {
        let mut outcome = Outcome::default();
        let argv = container.argv();
        let program = argv.first().map(|a| shell::basename(a).to_string()).unwrap_or_default();
        let put_back = |session: &mut Session, container: Container| match slot {
            Some(i) if i <= session.containers.len() => session.containers.insert(i, container),
            _ => session.containers.push(container),
        };
        if argv.is_empty() || !program_exists(&container, &argv[0]) {
            // Docker created the container; starting it fails.
            outcome.err(format!(
                "{prefix}Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"{}\": executable file not found in $PATH: unknown.\n",
                argv.first().map(String::as_str).unwrap_or_default()
            ));
            outcome.exit_code = 127;
            if slot.is_some() || !container.auto_remove {
                put_back(self, container);
            }
            return outcome;
        }
        let mut process = match self.spawn(&mut container, &argv[0]) {
            Ok(p) => p,
            Err(e) => {
                outcome
                    .err(format!("{prefix}Error response from daemon: unable to find user {}: {e}\n", container.user));
                outcome.exit_code = 126;
                put_back(self, container);
                return outcome;
            }
        };
        if launch == Launch::Attach && is_shell(&argv) {
            container.state = ContainerState::Running { since: self.clock };
            process.shell.set_interactive(true);
            let id = container.id.clone();
            let tty = container.tty;
            put_back(self, container);
            self.attached =
                Some(Attached { id, process, program, tty, question: None, exec: false, program_argv: None });
            return outcome;
        }
        if launch == Launch::Attach && container.tty {
            // One program with the terminal: it is attached while it asks its questions.
            container.state = ContainerState::Running { since: self.clock };
            let id = container.id.clone();
            put_back(self, container);
            self.attached = Some(Attached {
                id,
                process,
                program,
                tty: true,
                question: None,
                exec: false,
                program_argv: Some(argv),
            });
            return self.attached_line("");
        }
        self.run_main(container, process, slot, launch)
    }

    /// `docker start [-a] [-i] CONTAINER...`: runs a created or exited container's command again over its
    /// writable layer (what it changed before is still there), in the background, or attached with `-a`/`-i`.
    pub(super) fn start(&mut self, args: &[String]) -> Outcome {
        let specs = [flag(Some('a'), "attach"), flag(Some('i'), "interactive")];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker start --help'."), 1),
        };
        if parsed.args.is_empty() {
            return Outcome::fail("\"docker start\" requires at least 1 argument.\nSee 'docker start --help'.", 1);
        }
        let attach = parsed.has("attach") || parsed.has("interactive");
        if attach && parsed.args.len() > 1 {
            return Outcome::fail("you cannot start and attach multiple containers at once", 1);
        }
        let launch = if parsed.has("interactive") {
            Launch::Attach
        } else if attach {
            Launch::Foreground
        } else {
            Launch::Background
        };
        let mut outcome = Outcome::default();
        for key in &parsed.args {
            let Some(i) = self.find_container(key) else {
                outcome.err(format!(
                    "Error response from daemon: No such container: {key}\nError: failed to start containers: {key}\n"
                ));
                outcome.exit_code = 1;
                continue;
            };
            if matches!(self.containers[i].state, ContainerState::Running { .. }) {
                if attach {
                    return self.attach_to(i);
                }
                outcome.out(format!("{key}\n"));
                continue;
            }
            let container = self.containers.remove(i);
            let started = self.start_container(container, Some(i), launch, "");
            if started.exit_code == 127 || started.exit_code == 126 {
                for chunk in started.output {
                    outcome.push(chunk.stream, chunk.text);
                }
                outcome.err(format!("Error: failed to start containers: {key}\n"));
                outcome.exit_code = 1;
                continue;
            }
            if attach {
                for chunk in started.output {
                    outcome.push(chunk.stream, chunk.text);
                }
                outcome.exit_code = started.exit_code;
            } else {
                outcome.out(format!("{key}\n"));
            }
        }
        outcome
    }

    /// `docker ps [-a] [-q]`.
    pub(super) fn ps(&mut self, args: &[String]) -> Outcome {
        let specs = [flag(Some('a'), "all"), flag(Some('q'), "quiet"), flag(None, "no-trunc")];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return usage_error("ps", &e),
        };
        if !parsed.args.is_empty() {
            return usage_error("ps", "\"docker ps\" accepts no arguments.");
        }
        let all = parsed.has("all");
        let no_trunc = parsed.has("no-trunc");
        let mut rows = Vec::new();
        let mut outcome = Outcome::default();
        // Newest first.
        for c in self.containers.iter().rev() {
            let running = matches!(c.state, ContainerState::Running { .. });
            if !all && !running {
                continue;
            }
            if parsed.has("quiet") {
                outcome.out(format!("{}\n", if no_trunc { c.id.as_str() } else { c.short_id() }));
                continue;
            }
            let image = match self.store.resolve(&c.image_ref) {
                Some(i) if i.id == c.image => c.image_ref.clone(),
                _ => c.image.short().to_string(),
            };
            let command = c.command_line();
            let command = if no_trunc { command } else { ellipsis(&command, 20) };
            let status = match c.state {
                ContainerState::Created => "Created".to_string(),
                ContainerState::Running { since } => format!("Up {}", human_duration(self.clock.saturating_sub(since))),
                ContainerState::Exited { code, at } => format!("Exited ({code}) {}", ago(self.clock, at)),
            };
            rows.push(vec![
                if no_trunc { c.id.clone() } else { c.short_id().to_string() },
                image,
                crate::dockerfile::go_quote(&command),
                ago(self.clock, c.created),
                status,
                String::new(),
                c.name.clone(),
            ]);
        }
        if !parsed.has("quiet") {
            outcome.out(render(&["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"], &rows));
        }
        outcome
    }

    /// `docker rm [-f] CONTAINER...`.
    pub(super) fn rm(&mut self, args: &[String]) -> Outcome {
        let specs = [flag(Some('f'), "force"), flag(Some('v'), "volumes")];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return usage_error("rm", &e),
        };
        if parsed.args.is_empty() {
            return usage_error("rm", "\"docker rm\" requires at least 1 argument.\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\nRemove one or more containers");
        }
        let mut outcome = Outcome::default();
        for key in &parsed.args {
            let Some(i) = self.find_container(key) else {
                outcome.err(format!("Error response from daemon: No such container: {key}\n"));
                outcome.exit_code = 1;
                continue;
            };
            let running = matches!(self.containers[i].state, ContainerState::Running { .. });
            if running && !parsed.has("force") {
                outcome.err(format!(
                    "Error response from daemon: cannot remove container \"/{}\": container is running: stop the container before removing or force remove\n",
                    self.containers[i].name
                ));
                outcome.exit_code = 1;
                continue;
            }
            let removed = self.containers.remove(i);
            self.kill_for_removal(&removed.id);
            if self.attached.as_ref().is_some_and(|a| a.id == removed.id) {
                self.attached = None;
            }
            outcome.out(format!("{key}\n"));
        }
        outcome
    }

    /// `docker diff CONTAINER`: what the writable layer changed, as `A`, `C` and `D` lines.
    pub(super) fn diff(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse_flags(args, &[], true) {
            Ok(p) => p,
            Err(e) => return usage_error("diff", &e),
        };
        let [key] = parsed.args.as_slice() else {
            return usage_error("diff", "\"docker diff\" requires exactly 1 argument.\nUsage:  docker diff CONTAINER\n\nInspect changes to files or directories on a container's filesystem");
        };
        let Some(i) = self.find_container(key) else {
            return Outcome::fail(format!("Error response from daemon: No such container: {key}"), 1);
        };
        let container = &self.containers[i];
        let Some(image) = self.store.get(&container.image) else {
            return Outcome::fail(format!("Error response from daemon: No such image: {}", container.image), 1);
        };
        // Like overlayfs, Docker lists every directory of the image on the way to a change as changed (`C /etc`
        // above `C /etc/profile`), since the change copied it up into the writable layer.
        let mut listed: BTreeMap<String, char> = BTreeMap::new();
        for change in crate::layer::diff(&image.fs, &container.fs) {
            let kind = match change.kind {
                ChangeKind::Added => 'A',
                ChangeKind::Modified => 'C',
                ChangeKind::Deleted => 'D',
            };
            let mut ancestor = change.path.as_str();
            while let Some((parent, _)) = ancestor.rsplit_once('/') {
                if parent.is_empty() {
                    break;
                }
                if image.fs.exists(parent) {
                    listed.entry(parent.to_string()).or_insert('C');
                }
                ancestor = parent;
            }
            listed.insert(change.path, kind);
        }
        let mut outcome = Outcome::default();
        for (path, kind) in listed {
            outcome.out(format!("{kind} {path}\n"));
        }
        outcome
    }

    /// `docker commit [-m MESSAGE] [-a AUTHOR] [-c 'CMD …'] CONTAINER [REPOSITORY[:TAG]]`: the image's layers plus one
    /// layer holding the container's changes.
    pub(super) fn commit(&mut self, args: &[String]) -> Outcome {
        let specs = [
            option(Some('m'), "message"),
            option(Some('a'), "author"),
            option(Some('c'), "change"),
            flag(Some('p'), "pause"),
        ];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return usage_error("commit", &e),
        };
        let (key, reference) = match parsed.args.as_slice() {
            [key] => (key, None),
            [key, reference] => (key, Some(reference)),
            _ => return usage_error("commit", "\"docker commit\" requires at least 1 and at most 2 arguments.\nUsage:  docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\nCreate a new image from a container's changes"),
        };
        let tag = match reference {
            None => None,
            Some(r) => match oci::Reference::parse(r) {
                Ok(parsed) if parsed.digest().is_none() => Some(parsed.familiar()),
                Ok(_) => {
                    return Outcome::fail(
                        "Error response from daemon: refusing to create a tag with a digest reference",
                        1,
                    )
                }
                Err(e) => return Outcome::fail(format!("Error response from daemon: {e}"), 1),
            },
        };
        let Some(i) = self.find_container(key) else {
            return Outcome::fail(format!("Error response from daemon: No such container: {key}"), 1);
        };
        let container = self.containers[i].clone();
        let Some(parent) = self.store.get(&container.image) else {
            return Outcome::fail(format!("Error response from daemon: No such image: {}", container.image), 1);
        };
        let mut config = parent.config.clone();
        config.config.env = container.env.clone();
        config.config.working_dir = container.working_dir.clone();
        config.config.cmd = (!container.cmd.is_empty()).then(|| container.cmd.clone());
        config.config.entrypoint = (!container.entrypoint.is_empty()).then(|| container.entrypoint.clone());
        for change in parsed.all("change") {
            if let Err(e) = apply_change(&mut config.config, change) {
                return Outcome::fail(format!("Error response from daemon: {e}"), 1);
            }
        }
        let author = parsed.last("author").filter(|a| !a.is_empty()).map(str::to_string);
        let comment = parsed.last("message").filter(|m| !m.is_empty()).map(str::to_string);
        let layer = Arc::new(Layer::from_diff(&parent.fs, &container.fs, self.clock));
        let created = oci::rfc3339(self.clock);
        config.author = author.clone();
        config.created = Some(created.clone());
        config.rootfs.diff_ids.push(layer.diff_id.clone());
        config.history.push(History {
            created: Some(created),
            created_by: Some(container.command_line()),
            author,
            comment,
            empty_layer: false,
        });
        let mut layers = parent.layers.clone();
        layers.push(layer);
        let image = self.store.insert(Image::new(config, layers, container.fs.clone(), Some(parent.id.clone())));
        if let Some(tag) = tag {
            self.store.tag(&tag, &image.id);
        }
        let mut outcome = Outcome::default();
        outcome.out(format!("{}\n", image.id));
        outcome
    }
}

/// Whether `program` names an executable in the container (a path, or a name found in its PATH).
pub(super) fn program_exists(container: &Container, program: &str) -> bool {
    if program.contains('/') {
        let cwd = if container.working_dir.is_empty() { "/" } else { container.working_dir.as_str() };
        return container.fs.exists(&Fs::normalize(cwd, program));
    }
    let path =
        container.env.iter().find_map(|e| e.strip_prefix("PATH=")).unwrap_or(crate::shell::DEFAULT_PATH).to_string();
    path.split(':').filter(|d| !d.is_empty()).any(|dir| container.fs.exists(&format!("{dir}/{program}")))
}

/// `docker commit -c`: the Dockerfile instructions commit accepts, applied to the new image's config.
fn apply_change(config: &mut oci::ContainerConfig, change: &str) -> Result<(), String> {
    let text = change.trim();
    let (keyword, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let rest = rest.trim();
    let list = |rest: &str| -> Vec<String> {
        match serde_json::from_str::<Vec<String>>(rest) {
            Ok(list) => list,
            Err(_) => vec!["/bin/sh".to_string(), "-c".to_string(), rest.to_string()],
        }
    };
    match keyword.to_ascii_uppercase().as_str() {
        "CMD" => config.cmd = Some(list(rest)),
        "ENTRYPOINT" => config.entrypoint = Some(list(rest)),
        "WORKDIR" => config.working_dir = rest.to_string(),
        "USER" => config.user = rest.to_string(),
        "ENV" => {
            let Some((k, v)) = rest.split_once('=').or_else(|| rest.split_once(' ')) else {
                return Err(format!("ENV must have two arguments: {text}"));
            };
            config.env.retain(|e| e.split_once('=').map(|(key, _)| key) != Some(k));
            config.env.push(format!("{k}={}", v.trim()));
        }
        "LABEL" => {
            let Some((k, v)) = rest.split_once('=') else {
                return Err(format!("LABEL must have two arguments: {text}"));
            };
            config.labels.insert(k.to_string(), v.trim_matches('"').to_string());
        }
        "EXPOSE" => {
            let port = if rest.contains('/') { rest.to_string() } else { format!("{rest}/tcp") };
            config.exposed_ports.insert(port, Default::default());
        }
        other => return Err(format!("{other} is not a valid change command")),
    }
    Ok(())
}
