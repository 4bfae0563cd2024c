//! Containers that keep running: `docker run -d`, `start`, `stop`, `kill`, `restart`, `attach` and `exec`.
//!
//! The simulation cannot keep a process alive beside the terminal, so a container's main process runs at once, in
//! virtual time, and the session remembers where it got to. The rule that decides whether a container is `Up`:
//!
//! - **It runs until it waits for good.** The shell runs the command with [`Waits`]: `sleep` counts virtual time
//!   instead of passing none, and the run stops where the real process would wait with no end in sight — a `sleep`
//!   that ends more than an hour after the start (`sleep infinity`, `sleep 99999`, a loop that sleeps forever),
//!   `tail -f`, reading a standard input that stays open with nothing in it (`-i` or `-t`: `docker run -dit ubuntu
//!   bash`, `docker run -di alpine cat`), or starting a program that serves until stopped (see [`server`]: `nginx -g
//!   'daemon off;'`, `python -m http.server`, `node FILE` whose code calls `.listen(`, `npm start`, `httpd -f`,
//!   `redis-server`…). A loop that never sleeps runs into the shell's step budget, and counts as running for good
//!   too. Such a container is `Up` until it is stopped.
//! - **Otherwise it ends, when its virtual time is up.** A command that finishes after sleeping 30 s in all is `Up`
//!   for the first 30 s of the session's clock and `Exited (code)` after; one that sleeps not at all exits at once.
//!   What it printed reaches `docker logs` as the clock passes the moment it was printed. Its file changes are
//!   applied when it starts (a simplification: `docker diff` sees them at once).
//!
//! A container started in the foreground (`docker run` without `-d`, `docker start -a`) shows all of its output at
//! once; when its process would wait for good the terminal cannot stay attached, so the prompt comes back with a
//! note and the container keeps running.
//!
//! Stopping (`docker stop`: the stop signal, then SIGKILL after the grace period, 10 s by default) gives the exit
//! codes Docker shows: programs that shut down on the signal exit 0 (nginx, whose image's STOPSIGNAL is SIGQUIT;
//! httpd, redis, databases, gunicorn, uvicorn); a process that installs no handler ignores SIGTERM as PID 1 (`sleep`,
//! `tail`, `cat`, a shell, `node`, `npm`, `python`) and is killed: 137. A shell with a `TERM` trap runs it when it
//! can (at once in `wait` or `read`; after a short `sleep`), and exits with the trap's `exit` status. A process that
//! ends by itself within the grace period exits with its own status. The grace period passes instantly: the session's
//! clock is the caller's. `docker kill` is SIGKILL: 137.

use super::command::{flag, option, parse_flags};
use super::containers::{program_exists, Container, ContainerState, Launch};
use super::{Attached, Outcome, Session};
use crate::build::container::Process;
use crate::shell::{self, Output, Stream, System, WaitKind, Waiting};
use std::collections::VecDeque;

/// Virtual time a container's main process may sleep before it counts as one that does not end: an hour.
pub(super) const HORIZON_MS: u64 = 3_600_000;

/// `docker stop`'s grace period before SIGKILL, in seconds.
const GRACE: u64 = 10;

/// The main process of a running container and what the simulation knows of its future.
pub(super) struct MainProcess {
    pub process: Process,
    /// The session's clock when it started.
    pub started: u64,
    /// Output not yet in the container's logs: milliseconds after the start it was printed, and the chunk.
    pub pending: VecDeque<(u64, Output)>,
    /// How it ends by itself: milliseconds after the start, and its exit status. `None`: it waits for good.
    pub ends: Option<(u64, i32)>,
    /// What it waits on, when it does.
    pub waiting: Option<Waiting>,
}

/// A main process's run, ready to be shown or kept.
pub(super) struct MainRun {
    /// What it printed, each chunk with the milliseconds after the start it was printed at.
    pub chunks: Vec<(u64, Output)>,
    pub ends: Option<(u64, i32)>,
    pub waiting: Option<Waiting>,
}

impl MainRun {
    /// Reads a run of the shell with [`Waits`](shell::Waits): output up to where the process began to wait, stamped
    /// with virtual times.
    pub fn new(result: shell::Outcome) -> MainRun {
        let mut output: Vec<(Stream, String)> = result.output.iter().map(|o| (o.stream, o.text.clone())).collect();
        let mut waiting = result.waiting;
        // A loop that never sleeps, or one that prints without end, runs for good: the budget only stops the
        // simulation, so its message is not the container's output.
        let busy = result
            .limit
            .as_ref()
            .filter(|l| matches!(l.kind, shell::LimitKind::Steps | shell::LimitKind::Output) && waiting.is_none());
        if let Some(limit) = busy {
            if output.last().is_some_and(|(s, t)| *s == Stream::Stderr && t.trim_end() == limit.message) {
                output.pop();
            }
            let written = output.iter().map(|(_, t)| t.len() as u64).sum();
            waiting = Some(Waiting {
                kind: WaitKind::Sleep { ms: u64::MAX },
                output_bytes: written,
                at_ms: result.elapsed_ms,
                term_trap: None,
                interruptible: false,
            });
        }
        if let Some(wait) = &waiting {
            output = super::output_until(&output, usize::try_from(wait.output_bytes).unwrap_or(usize::MAX));
        }
        let chunks = stamp(&output, &result.timeline);
        let ends = if waiting.is_some() { None } else { Some((result.elapsed_ms, result.status)) };
        MainRun { chunks, ends, waiting }
    }
}

/// Splits output at the moments the timeline names: `(bytes written before, milliseconds)` at the end of each sleep.
fn stamp(output: &[(Stream, String)], timeline: &[(u64, u64)]) -> Vec<(u64, Output)> {
    let time_at = |position: u64| -> u64 {
        match timeline.partition_point(|(bytes, _)| *bytes <= position) {
            0 => 0,
            i => timeline[i - 1].1,
        }
    };
    let mut chunks = Vec::new();
    let mut offset = 0u64;
    for (stream, text) in output {
        let len = text.len() as u64;
        let first = timeline.partition_point(|(bytes, _)| *bytes <= offset);
        let last = timeline.partition_point(|(bytes, _)| *bytes < offset + len);
        let mut from = 0usize;
        let cuts = timeline.get(first..last).unwrap_or(&[]).iter().map(|(bytes, _)| bytes - offset);
        for cut in cuts.chain(std::iter::once(len)) {
            let mut to = usize::try_from(cut).unwrap_or(text.len()).min(text.len());
            while to > from && !text.is_char_boundary(to) {
                to -= 1;
            }
            if to > from {
                let piece = Output { stream: *stream, text: text[from..to].to_string() };
                chunks.push((time_at(offset + from as u64), piece));
                from = to;
            }
        }
        offset += len;
    }
    chunks
}

/// Appends to a container's logs, merging with the last chunk of the same stream.
pub(super) fn push_log(logs: &mut Vec<Output>, chunk: Output) {
    match logs.last_mut() {
        Some(last) if last.stream == chunk.stream => last.text.push_str(&chunk.text),
        _ if chunk.text.is_empty() => {}
        _ => logs.push(chunk),
    }
}

/// A program that serves until it is stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Server {
    /// `nginx -g 'daemon off;'` (without it nginx goes to the background and the main process ends).
    Nginx,
    /// Apache's `httpd-foreground` and `httpd -DFOREGROUND`.
    Httpd,
    /// busybox `httpd -f`.
    BusyboxHttpd,
    /// `python -m http.server`.
    PythonHttp,
    /// A Python program that serves (`app.run(`, `serve_forever`), `flask run`.
    Python,
    /// `node FILE` whose code calls `.listen(` or `createServer(`.
    Node,
    /// `npm start`, `npm run dev|serve|start|watch` with that script in package.json.
    Npm,
    Gunicorn,
    Uvicorn,
    Redis,
    /// postgres, mysqld, mariadbd, mongod.
    Database,
    /// `nc -l`.
    Netcat,
}

/// Which server `argv` starts, if it starts one (run from `cwd`, reading program files through `sys`).
fn server(argv: &[String], cwd: &str, sys: &dyn System) -> Option<Server> {
    let program = shell::basename(argv.first()?);
    let args = &argv[1..];
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let read = |path: &str| -> Option<String> {
        let path =
            if path.starts_with('/') { path.to_string() } else { format!("{}/{path}", cwd.trim_end_matches('/')) };
        let data = sys.read(&path).ok()?;
        (data.len() <= 1 << 20).then(|| String::from_utf8_lossy(&data).into_owned())
    };
    match program {
        "nginx" | "nginx-debug" => {
            let foreground = args.windows(2).any(|w| w[0] == "-g" && w[1].replace(' ', "").contains("daemonoff"));
            let other = ["-v", "-V", "-t", "-T", "-h", "-?", "-s"].iter().any(|f| has(f));
            (foreground && !other).then_some(Server::Nginx)
        }
        "httpd-foreground" => Some(Server::Httpd),
        "httpd" | "apache2" if has("-DFOREGROUND") || args.windows(2).any(|w| w[0] == "-D" && w[1] == "FOREGROUND") => {
            Some(Server::Httpd)
        }
        "httpd" if args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('f')) => {
            Some(Server::BusyboxHttpd)
        }
        "redis-server" => (!has("--version") && !has("-v")).then_some(Server::Redis),
        "postgres" | "mysqld" | "mariadbd" | "mongod" => (!has("--version") && !has("-V")).then_some(Server::Database),
        "gunicorn" => (!has("--version")).then_some(Server::Gunicorn),
        "uvicorn" => (!has("--version")).then_some(Server::Uvicorn),
        "flask" => (args.first().map(String::as_str) == Some("run")).then_some(Server::Python),
        "nc" | "netcat" => {
            args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('l')).then_some(Server::Netcat)
        }
        p if p.starts_with("python") && !p.contains("config") => {
            let mut rest = args.iter().skip_while(|a| a.starts_with('-') && *a != "-m" && *a != "-c");
            match rest.next().map(String::as_str) {
                Some("-m") => match rest.next().map(String::as_str) {
                    Some("http.server") => Some(Server::PythonHttp),
                    Some("flask") if rest.next().is_some_and(|a| a == "run") => Some(Server::Python),
                    Some("uvicorn") => Some(Server::Uvicorn),
                    Some("gunicorn") => Some(Server::Gunicorn),
                    _ => None,
                },
                Some(file) if !file.starts_with('-') => {
                    let code = read(file)?;
                    ["serve_forever", "app.run(", ".run(host", "uvicorn.run(", "web.run_app(", ".listen("]
                        .iter()
                        .any(|call| code.contains(call))
                        .then_some(Server::Python)
                }
                _ => None,
            }
        }
        "node" | "nodejs" => {
            let file = args.iter().find(|a| !a.starts_with('-'))?;
            if args.iter().take_while(|a| *a != file).any(|a| matches!(a.as_str(), "-e" | "-p" | "--eval" | "--print"))
            {
                return None;
            }
            let code =
                read(file).or_else(|| read(&format!("{file}.js"))).or_else(|| read(&format!("{file}/index.js")))?;
            (code.contains(".listen(") || code.contains("createServer(")).then_some(Server::Node)
        }
        "npm" => {
            let script = match args {
                [start, ..] if start == "start" => "start",
                [run, name, ..] if run == "run" || run == "run-script" => name.as_str(),
                _ => return None,
            };
            if !matches!(script, "start" | "dev" | "serve" | "watch") {
                return None;
            }
            let manifest: serde_json::Value = serde_json::from_str(&read("package.json")?).ok()?;
            let defined = manifest.get("scripts").and_then(|s| s.get(script)).is_some_and(|s| s.is_string());
            // Without a start script npm starts `node server.js`.
            (defined || script == "start" && read("server.js").is_some()).then_some(Server::Npm)
        }
        _ => None,
    }
}

/// [`Waits::is_server`](shell::Waits): whether `argv`, run in `cwd`, starts a program that serves until stopped.
pub(super) fn is_server(argv: &[String], cwd: &str, sys: &dyn System) -> bool {
    server(argv, cwd, sys).is_some()
}

/// How a server takes `docker stop`: the exit status when it shuts down on the stop signal, `None` when, as PID 1
/// without a handler, it ignores SIGTERM and is killed after the grace period.
fn stop_status(argv: &[String]) -> Option<i32> {
    let kind = match shell::basename(argv.first().map(String::as_str).unwrap_or_default()) {
        "nginx" | "nginx-debug" => Server::Nginx,
        "httpd-foreground" | "apache2" => Server::Httpd,
        "httpd" if argv.iter().any(|a| a.contains("FOREGROUND")) => Server::Httpd,
        "redis-server" => Server::Redis,
        "postgres" | "mysqld" | "mariadbd" | "mongod" => Server::Database,
        "gunicorn" => Server::Gunicorn,
        "uvicorn" => Server::Uvicorn,
        p if p.starts_with("python") && argv.iter().any(|a| a == "gunicorn") => Server::Gunicorn,
        p if p.starts_with("python") && argv.iter().any(|a| a == "uvicorn") => Server::Uvicorn,
        _ => return None,
    };
    match kind {
        Server::Nginx | Server::Httpd | Server::Redis | Server::Database | Server::Gunicorn | Server::Uvicorn => {
            Some(0)
        }
        _ => None,
    }
}

/// What a server prints as it starts, where the real program's words are known and do not depend on the host: nginx's
/// first notices on stderr, `python -m http.server`'s line (only when Python's output is unbuffered: with no terminal
/// it waits in a buffer and `docker logs` shows nothing), npm's banner. Others print nothing here (the simulation does
/// not run JavaScript or Python).
fn server_banner(argv: &[String], env: &[String], at: u64) -> Vec<(Stream, String)> {
    let var = |name: &str| env.iter().rev().find_map(|e| e.strip_prefix(name)?.strip_prefix('=')).map(str::to_string);
    let program = shell::basename(argv.first().map(String::as_str).unwrap_or_default());
    let mut lines = Vec::new();
    if program.starts_with("nginx") {
        let time = crate::oci::rfc3339(at).replace('-', "/").replace('T', " ").replace('Z', "");
        let mut text = format!("{time} [notice] 1#1: using the \"epoll\" event method\n");
        if let Some(version) = var("NGINX_VERSION") {
            text.push_str(&format!("{time} [notice] 1#1: nginx/{version}\n"));
        }
        text.push_str(&format!("{time} [notice] 1#1: start worker processes\n"));
        lines.push((Stream::Stderr, text));
    } else if program.starts_with("python") && argv.windows(2).any(|w| w[0] == "-m" && w[1] == "http.server") {
        let unbuffered = var("PYTHONUNBUFFERED").is_some_and(|v| !v.is_empty())
            || argv.iter().skip(1).take_while(|a| *a != "-m").any(|a| a.starts_with('-') && a.contains('u'));
        if unbuffered {
            let after = argv.iter().skip_while(|a| *a != "http.server").skip(1);
            let port = after.filter_map(|a| a.parse::<u16>().ok()).next().unwrap_or(8000);
            lines.push((Stream::Stdout, format!("Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...\n")));
        }
    }
    lines
}

/// The npm banner of `npm start` (`\n> app@1.0.0 start\n> node server.js\n\n`; npm 6, with node 14, adds the
/// directory), read from the package.json in `cwd`.
fn npm_banner(argv: &[String], env: &[String], cwd: &str, sys: &dyn System) -> Option<String> {
    if shell::basename(argv.first()?) != "npm" {
        return None;
    }
    let script = match argv.get(1).map(String::as_str) {
        Some("start") => "start".to_string(),
        Some("run" | "run-script") => argv.get(2)?.clone(),
        _ => return None,
    };
    let path = format!("{}/package.json", cwd.trim_end_matches('/'));
    let manifest: serde_json::Value = serde_json::from_slice(&sys.read(&path).ok()?).ok()?;
    let command = match manifest.get("scripts").and_then(|s| s.get(&script)).and_then(|s| s.as_str()) {
        Some(command) => command.to_string(),
        None if script == "start" => "node server.js".to_string(),
        None => return None,
    };
    let id = match (manifest.get("name").and_then(|n| n.as_str()), manifest.get("version").and_then(|v| v.as_str())) {
        (Some(name), Some(version)) => format!("{name}@{version} "),
        (Some(name), None) => format!("{name} "),
        _ => String::new(),
    };
    let node = env.iter().find_map(|e| e.strip_prefix("NODE_VERSION=")).unwrap_or("20");
    let old_npm = node.split('.').next().and_then(|m| m.parse::<u32>().ok()).is_some_and(|major| major <= 14);
    Some(if old_npm {
        format!("\n> {id}{script} {cwd}\n> {command}\n\n")
    } else {
        format!("\n> {id}{script}\n> {command}\n\n")
    })
}

/// What the terminal says when a container's main process in the foreground would not end.
pub(super) fn keeps_running_note(waiting: &Waiting, name: &str) -> String {
    format!(
        "(layerlab: the container's main process does not end ({}), so a real terminal would stay attached to it until \
         Ctrl-C; here the prompt comes back and the container keeps running: `docker ps`, `docker logs {name}`, \
         `docker stop {name}`; `docker run -d` starts it in the background)\n",
        waits_on(waiting)
    )
}

/// What a server prints as it starts (see [`server_banner`] and [`npm_banner`]), for a process that waits on one.
pub(super) fn startup_output(
    waiting: &Waiting,
    env: &[String],
    started: u64,
    cwd: &str,
    sys: &dyn System,
) -> Vec<(Stream, String)> {
    let WaitKind::Server(argv) = &waiting.kind else { return Vec::new() };
    let mut lines = server_banner(argv, env, started.saturating_add(waiting.at_ms / 1000));
    lines.extend(npm_banner(argv, env, cwd, sys).map(|banner| (Stream::Stdout, banner)));
    lines
}

/// A few words on what a process waits on, for the notes.
fn waits_on(waiting: &Waiting) -> String {
    match &waiting.kind {
        WaitKind::Input => "it waits for input".to_string(),
        WaitKind::Sleep { ms: u64::MAX } => "it runs for good".to_string(),
        WaitKind::Sleep { .. } => "it sleeps for good".to_string(),
        WaitKind::Follow => "`tail -f` follows its file for good".to_string(),
        WaitKind::Server(argv) => format!("`{}` serves until it is stopped", shell_words(argv)),
    }
}

/// An argv as a shell line: words with spaces or quotes in single quotes.
fn shell_words(argv: &[String]) -> String {
    let word = |w: &String| -> String {
        if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@%+,".contains(c)) {
            w.clone()
        } else {
            format!("'{}'", w.replace('\'', "'\\''"))
        }
    };
    argv.iter().map(word).collect::<Vec<_>>().join(" ")
}

/// Which signal `docker kill -s` sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Signal {
    Kill,
    /// SIGTERM, SIGINT, SIGQUIT, SIGHUP: what a program may handle.
    Catchable,
}

fn parse_signal(name: &str) -> Option<Signal> {
    let upper = name.to_ascii_uppercase();
    match upper.strip_prefix("SIG").unwrap_or(&upper) {
        "KILL" | "9" => Some(Signal::Kill),
        "TERM" | "15" | "INT" | "2" | "QUIT" | "3" | "HUP" | "1" | "USR1" | "10" | "USR2" | "12" | "WINCH" | "28" => {
            Some(Signal::Catchable)
        }
        _ => None,
    }
}

impl Session {
    /// Brings the containers up to the clock: running ones whose process has ended by now exit (and `--rm` ones go),
    /// and what their processes printed by now reaches their logs.
    pub(super) fn settle(&mut self) {
        let now = self.clock;
        let mut ended = Vec::new();
        for container in &mut self.containers {
            if !matches!(container.state, ContainerState::Running { .. }) {
                continue;
            }
            let Some(main) = self.mains.get_mut(&container.id) else { continue };
            let elapsed_ms = now.saturating_sub(main.started).saturating_mul(1000);
            while main.pending.front().is_some_and(|(t, _)| *t <= elapsed_ms) {
                if let Some((_, chunk)) = main.pending.pop_front() {
                    push_log(&mut container.logs, chunk);
                }
            }
            if let Some((t, code)) = main.ends {
                if t <= elapsed_ms {
                    container.state =
                        ContainerState::Exited { code, at: main.started.saturating_add(t.div_ceil(1000)) };
                    ended.push(container.id.clone());
                }
            }
        }
        for id in ended {
            self.mains.remove(&id);
            self.forget_if_auto_removed(&id);
        }
    }

    /// Removes an exited `--rm` container.
    fn forget_if_auto_removed(&mut self, id: &str) {
        let remove = self
            .containers
            .iter()
            .any(|c| c.id == id && c.auto_remove && matches!(c.state, ContainerState::Exited { .. }))
            && self.attached.as_ref().is_none_or(|a| a.id != id);
        if remove {
            self.containers.retain(|c| c.id != id);
        }
    }

    /// Runs a container's main process (with `process` started over its tree) the way a container runs: in the
    /// background, or in the foreground with its output shown. Returns what the terminal shows.
    pub(super) fn run_main(
        &mut self,
        mut container: Container,
        mut process: Process,
        slot: Option<usize>,
        launch: Launch,
    ) -> Outcome {
        let argv = container.argv();
        let stdin_open = container.interactive || container.tty;
        process.shell.set_waits(Some(shell::Waits {
            horizon_ms: Some(HORIZON_MS),
            stdin_open,
            is_server: Some(is_server),
        }));
        if stdin_open {
            process.shell.attach_stdin(Box::new(Vec::new));
        }
        let result = process.run_argv(&mut container.fs, &argv);
        process.shell.set_waits(None);
        let mut run = MainRun::new(result);
        if let Some(waiting) = &run.waiting {
            let cwd = if container.working_dir.is_empty() { "/".to_string() } else { container.working_dir.clone() };
            let env = container.env.clone();
            let system = process.system(&mut container.fs);
            for (stream, text) in startup_output(waiting, &env, self.clock, &cwd, &system) {
                run.chunks.push((waiting.at_ms, Output { stream, text }));
            }
        }
        let mut outcome = Outcome::default();
        let started = self.clock;
        container.state = ContainerState::Running { since: started };
        let id = container.id.clone();
        let name = container.name.clone();
        match launch {
            Launch::Background => {
                let main = MainProcess {
                    process,
                    started,
                    pending: run.chunks.into_iter().collect(),
                    ends: run.ends,
                    waiting: run.waiting,
                };
                self.mains.insert(id.clone(), main);
            }
            Launch::Foreground | Launch::Attach => {
                for (_, chunk) in run.chunks {
                    outcome.push(chunk.stream, chunk.text.clone());
                    push_log(&mut container.logs, chunk);
                }
                match &run.waiting {
                    Some(waiting) => {
                        outcome.err(keeps_running_note(waiting, &name));
                        let main = MainProcess {
                            process,
                            started,
                            pending: VecDeque::new(),
                            ends: None,
                            waiting: run.waiting,
                        };
                        self.mains.insert(id.clone(), main);
                    }
                    None => {
                        let status = run.ends.map_or(0, |(_, status)| status);
                        container.state = ContainerState::Exited { code: status, at: started };
                        outcome.exit_code = status;
                    }
                }
            }
        }
        match slot {
            Some(i) if i <= self.containers.len() => self.containers.insert(i, container),
            _ => self.containers.push(container),
        }
        self.settle();
        self.forget_if_auto_removed(&id);
        outcome
    }

    /// Stops a running container as `docker stop` does after `grace` seconds (or a signal other than SIGKILL with
    /// `grace` None: what `docker kill -s` sends, which a program may ignore). Returns the exit status, or `None` when
    /// the container ignored the signal and runs on.
    fn stop_running(&mut self, index: usize, signal: Signal, grace: Option<u64>) -> Option<i32> {
        let id = self.containers.get(index)?.id.clone();
        let Some(mut main) = self.mains.remove(&id) else {
            // Running without a main process here: the terminal's own shell, which cannot receive docker commands.
            return Some(137);
        };
        let elapsed_ms = self.clock.saturating_sub(main.started).saturating_mul(1000);
        let mut logs = Vec::new();
        let status = 'status: {
            if signal == Signal::Kill {
                break 'status Some(137);
            }
            let window = grace.unwrap_or(0).saturating_mul(1000);
            if let Some((t, status)) = main.ends {
                if t <= elapsed_ms.saturating_add(window) {
                    // It ignores the signal and ends by itself before SIGKILL comes: what it printed until then counts.
                    logs.extend(main.pending.iter().filter(|(at, _)| *at <= t).map(|(_, c)| c.clone()));
                    break 'status Some(status);
                }
            }
            let Some(waiting) = main.waiting.clone() else { break 'status grace.map(|_| 137) };
            if let WaitKind::Server(argv) = &waiting.kind {
                if let Some(status) = stop_status(argv) {
                    break 'status Some(status);
                }
            }
            let trap_runs = waiting.interruptible
                || matches!(waiting.kind, WaitKind::Sleep { ms } if ms <= window && grace.is_some());
            if let (Some(action), true) = (waiting.term_trap.as_ref(), trap_runs) {
                let container = &mut self.containers[index];
                let result = main.process.run_script(&mut container.fs, action);
                logs.extend(result.output.iter().cloned());
                if result.exited {
                    break 'status Some(result.status);
                }
            }
            grace.map(|_| 137)
        };
        let container = &mut self.containers[index];
        for chunk in logs {
            push_log(&mut container.logs, chunk);
        }
        match status {
            Some(code) => {
                container.state = ContainerState::Exited { code, at: self.clock };
                Some(code)
            }
            None => {
                self.mains.insert(id, main);
                None
            }
        }
    }

    /// `docker stop [-t SECONDS] CONTAINER...`.
    pub(super) fn stop(&mut self, args: &[String]) -> Outcome {
        self.stop_or_restart(args, false)
    }

    /// `docker restart [-t SECONDS] CONTAINER...`: stops a running container, then starts it in the background.
    pub(super) fn restart(&mut self, args: &[String]) -> Outcome {
        self.stop_or_restart(args, true)
    }

    fn stop_or_restart(&mut self, args: &[String], restart: bool) -> Outcome {
        let command = if restart { "restart" } else { "stop" };
        let specs = [option(Some('t'), "time"), option(Some('s'), "signal")];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker {command} --help'."), 125),
        };
        if parsed.args.is_empty() {
            return Outcome::fail(
                format!("\"docker {command}\" requires at least 1 argument.\nSee 'docker {command} --help'."),
                1,
            );
        }
        let grace = match parsed.last("time").map(str::parse::<i64>) {
            None => GRACE,
            Some(Ok(n)) if n < 0 => u64::MAX / 2000,
            Some(Ok(n)) => n.unsigned_abs(),
            Some(Err(_)) => {
                return Outcome::fail(
                    format!(
                        "invalid argument \"{}\" for \"-t, --time\" flag: strconv.ParseInt: parsing \"{}\": invalid \
                         syntax\nSee 'docker {command} --help'.",
                        parsed.last("time").unwrap_or_default(),
                        parsed.last("time").unwrap_or_default()
                    ),
                    125,
                )
            }
        };
        let mut outcome = Outcome::default();
        for key in &parsed.args {
            let Some(i) = self.find_container(key) else {
                outcome.err(format!("Error response from daemon: No such container: {key}\n"));
                outcome.exit_code = 1;
                continue;
            };
            let id = self.containers[i].id.clone();
            if matches!(self.containers[i].state, ContainerState::Running { .. }) {
                self.stop_running(i, Signal::Catchable, Some(grace));
            }
            if restart {
                if let Some(i) = self.find_container(&id) {
                    let container = self.containers.remove(i);
                    let started = self.start_container(container, Some(i), Launch::Background, "");
                    if started.exit_code != 0 {
                        for chunk in started.output {
                            outcome.push(chunk.stream, chunk.text);
                        }
                        outcome.err(format!("Error: failed to restart containers: {key}\n"));
                        outcome.exit_code = 1;
                        continue;
                    }
                }
            } else {
                self.forget_if_auto_removed(&id);
            }
            outcome.out(format!("{key}\n"));
        }
        outcome
    }

    /// `docker kill [-s SIGNAL] CONTAINER...`.
    pub(super) fn kill(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse_flags(args, &[option(Some('s'), "signal")], true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker kill --help'."), 125),
        };
        if parsed.args.is_empty() {
            return Outcome::fail("\"docker kill\" requires at least 1 argument.\nSee 'docker kill --help'.", 1);
        }
        let name = parsed.last("signal").unwrap_or("KILL");
        let Some(signal) = parse_signal(name) else {
            return Outcome::fail(format!("Error response from daemon: Invalid signal: {name}"), 1);
        };
        let mut outcome = Outcome::default();
        for key in &parsed.args {
            let Some(i) = self.find_container(key) else {
                outcome.err(format!("Error response from daemon: No such container: {key}\n"));
                outcome.exit_code = 1;
                continue;
            };
            let id = self.containers[i].id.clone();
            if !matches!(self.containers[i].state, ContainerState::Running { .. }) {
                outcome.err(format!(
                    "Error response from daemon: Cannot kill container: {key}: container {id} is not running\n"
                ));
                outcome.exit_code = 1;
                continue;
            }
            self.stop_running(i, signal, None);
            self.forget_if_auto_removed(&id);
            outcome.out(format!("{key}\n"));
        }
        outcome
    }

    /// Removes a running container's process (`docker rm -f`).
    pub(super) fn kill_for_removal(&mut self, id: &str) {
        self.mains.remove(id);
    }

    /// `docker attach CONTAINER` (and `docker start -ai` of a running one): the terminal joins the main process when
    /// it is a shell waiting at its prompt.
    pub(super) fn attach(&mut self, args: &[String]) -> Outcome {
        let specs = [flag(None, "no-stdin"), flag(None, "sig-proxy"), option(None, "detach-keys")];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker attach --help'."), 1),
        };
        let [key] = parsed.args.as_slice() else {
            return Outcome::fail("\"docker attach\" requires exactly 1 argument.\nSee 'docker attach --help'.", 1);
        };
        let Some(i) = self.find_container(key) else {
            return Outcome::fail(format!("Error response from daemon: No such container: {key}"), 1);
        };
        self.attach_to(i)
    }

    pub(super) fn attach_to(&mut self, index: usize) -> Outcome {
        let container = &self.containers[index];
        if !matches!(container.state, ContainerState::Running { .. }) {
            return Outcome::fail("You cannot attach to a stopped container, start it first", 1);
        }
        let id = container.id.clone();
        let name = container.name.clone();
        let tty = container.tty;
        let argv = container.argv();
        let program = argv.first().map(|a| shell::basename(a).to_string()).unwrap_or_default();
        let at_prompt = self.mains.get(&id).is_some_and(|m| {
            m.waiting.as_ref().is_some_and(|w| w.kind == WaitKind::Input) && super::containers::is_shell(&argv)
        });
        if !at_prompt || !container.interactive {
            let mut outcome = Outcome::default();
            outcome.err(format!(
                "(layerlab: a real `docker attach` would now show the container's output as it comes and wait until it \
                 ends or you press Ctrl-C; `docker logs {name}` shows what it printed so far)\n"
            ));
            return outcome;
        }
        let Some(mut main) = self.mains.remove(&id) else { return Outcome::default() };
        main.process.shell.set_interactive(true);
        self.attached =
            Some(Attached { id, process: main.process, program, tty, question: None, exec: false, program_argv: None });
        Outcome::default()
    }

    /// `docker exec [-it] [-e K=V] [-w DIR] CONTAINER COMMAND [ARG...]`: a new process in a running container.
    pub(super) fn exec(&mut self, args: &[String]) -> Outcome {
        let specs = [
            flag(Some('i'), "interactive"),
            flag(Some('t'), "tty"),
            option(Some('e'), "env"),
            option(Some('w'), "workdir"),
            flag(Some('d'), "detach"),
            option(Some('u'), "user"),
            flag(None, "privileged"),
        ];
        let parsed = match parse_flags(args, &specs, false) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker exec --help'."), 125),
        };
        let Some((key, argv)) = parsed.args.split_first().filter(|(_, argv)| !argv.is_empty()) else {
            return Outcome::fail(
                "\"docker exec\" requires at least 2 arguments.\nSee 'docker exec --help'.\n\nUsage:  docker exec \
                 [OPTIONS] CONTAINER COMMAND [ARG...]\n\nExecute a command in a running container",
                1,
            );
        };
        let Some(i) = self.find_container(key) else {
            return Outcome::fail(format!("Error response from daemon: No such container: {key}"), 1);
        };
        if !matches!(self.containers[i].state, ContainerState::Running { .. }) {
            return Outcome::fail(
                format!("Error response from daemon: container {} is not running", self.containers[i].id),
                1,
            );
        }
        if let Some(user) = parsed.last("user") {
            if !user.is_empty() && user != "root" && user != "0" {
                return Outcome::fail(format!("layerlab: `docker exec --user {user}` is not simulated yet"), 1);
            }
        }
        let tty = parsed.has("tty");
        let mut container = self.containers[i].clone();
        for entry in parsed.all("env") {
            if let Some((name, _)) = entry.split_once('=') {
                container.env.retain(|e| e.split_once('=').map(|(k, _)| k) != Some(name));
                container.env.push(entry.clone());
            }
        }
        if let Some(dir) = parsed.last("workdir") {
            container.working_dir = dir.to_string();
        }
        container.tty = tty;
        if !program_exists(&container, &argv[0]) {
            return Outcome::fail(
                format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{}\": \
                     executable file not found in $PATH: unknown",
                    argv[0]
                ),
                // What a real engine answers (unlike `docker run`'s 127 for the same mistake).
                126,
            );
        }
        let mut process = match self.spawn(&mut container, &argv[0]) {
            Ok(process) => process,
            Err(e) => return Outcome::fail(format!("Error response from daemon: unable to find user: {e}"), 126),
        };
        let id = container.id.clone();
        let program = shell::basename(&argv[0]).to_string();
        if parsed.has("interactive") && !parsed.has("detach") {
            let shell = super::containers::is_shell(argv);
            if shell || tty {
                self.containers[i].fs = container.fs;
                process.shell.set_interactive(shell);
                let program_argv = (!shell).then(|| argv.to_vec());
                self.attached = Some(Attached { id, process, program, tty, question: None, exec: true, program_argv });
                if shell {
                    return Outcome::default();
                }
                // One program with the terminal: it stays attached while it asks questions.
                return self.attached_line("");
            }
        }
        let result = process.run_argv(&mut container.fs, argv);
        self.containers[i].fs = container.fs;
        let mut outcome = Outcome::default();
        if parsed.has("detach") {
            return outcome;
        }
        for chunk in &result.output {
            outcome.push(chunk.stream, chunk.text.clone());
        }
        outcome.exit_code = result.status;
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vfs::Fs;

    fn out(stream: Stream, text: &str) -> (Stream, String) {
        (stream, text.to_string())
    }

    #[test]
    fn output_is_stamped_by_the_sleeps_before_it() {
        let output = [out(Stream::Stdout, "one\ntwo\n"), out(Stream::Stderr, "err\n"), out(Stream::Stdout, "three\n")];
        // "one\n" at 0, then a sleep of 1 s, "two\n", a sleep to 3 s, "err\nthree\n".
        let chunks = stamp(&output, &[(4, 1000), (8, 3000)]);
        let shown: Vec<(u64, &str)> = chunks.iter().map(|(t, o)| (*t, o.text.as_str())).collect();
        assert_eq!(shown, [(0, "one\n"), (1000, "two\n"), (3000, "err\n"), (3000, "three\n")]);
        assert!(stamp(&[], &[(0, 5)]).is_empty());
        // Cuts inside a character move to its start instead of splitting it.
        let chunks = stamp(&[out(Stream::Stdout, "é!")], &[(1, 10)]);
        assert_eq!(chunks.iter().map(|(_, o)| o.text.as_str()).collect::<String>(), "é!");
    }

    #[test]
    fn servers_are_recognised_by_their_command_lines() {
        let mut fs = Fs::new();
        let mut sys = shell::VfsSystem::new(&mut fs);
        sys.mkdir("/app", 0o755).unwrap();
        sys.write("/app/server.js", b"require('http').createServer(h).listen(3000)\n", 0o644).unwrap();
        sys.write("/app/hello.js", b"console.log('hi')\n", 0o644).unwrap();
        sys.write(
            "/app/package.json",
            br#"{"name":"app","version":"1.0.0","scripts":{"start":"node server.js"}}"#,
            0o644,
        )
        .unwrap();
        let argv = |line: &str| line.split(' ').map(str::to_string).collect::<Vec<_>>();
        let mut nginx = argv("nginx -g");
        nginx.push("daemon off;".to_string());
        for line in ["python3 -m http.server 8080", "python -u -m http.server", "redis-server", "httpd -f -p 80"] {
            assert!(server(&argv(line), "/app", &sys).is_some(), "{line}");
        }
        assert_eq!(server(&nginx, "/", &sys), Some(Server::Nginx));
        assert_eq!(server(&argv("node server.js"), "/app", &sys), Some(Server::Node));
        assert_eq!(server(&argv("npm start"), "/app", &sys), Some(Server::Npm));
        for line in [
            "nginx",
            "nginx -v",
            "node hello.js",
            "node missing.js",
            "node -e 1",
            "python3 x.py",
            "npm test",
            "sleep 1",
        ] {
            assert_eq!(server(&argv(line), "/app", &sys), None, "{line}");
        }
        assert!(is_server(&argv("node server.js"), "/app", &sys));
        assert!(!is_server(&argv("node server.js"), "/", &sys));
        assert_eq!(stop_status(&nginx), Some(0));
        assert_eq!(stop_status(&argv("node server.js")), None);
        let banner = npm_banner(&argv("npm start"), &["NODE_VERSION=20.18.0".into()], "/app", &sys).unwrap();
        assert_eq!(banner, "\n> app@1.0.0 start\n> node server.js\n\n");
        let old = npm_banner(&argv("npm start"), &["NODE_VERSION=14.21.3".into()], "/app", &sys).unwrap();
        assert_eq!(old, "\n> app@1.0.0 start /app\n> node server.js\n\n");
    }

    #[test]
    fn nginx_and_python_say_what_the_real_ones_say() {
        let mut nginx = vec!["nginx".to_string(), "-g".to_string(), "daemon off;".to_string()];
        let lines = server_banner(&nginx, &["NGINX_VERSION=1.27.2".into()], 1_735_689_601);
        assert_eq!(
            lines,
            [(
                Stream::Stderr,
                "2025/01/01 00:00:01 [notice] 1#1: using the \"epoll\" event method\n2025/01/01 00:00:01 [notice] \
                 1#1: nginx/1.27.2\n2025/01/01 00:00:01 [notice] 1#1: start worker processes\n"
                    .to_string()
            )]
        );
        nginx[0] = "python3".into();
        nginx[1] = "-m".into();
        nginx[2] = "http.server".into();
        assert!(server_banner(&nginx, &[], 0).is_empty(), "buffered: nothing reaches the logs");
        let shown = server_banner(&nginx, &["PYTHONUNBUFFERED=1".into()], 0);
        assert_eq!(shown[0].1, "Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...\n");
    }

    #[test]
    fn signals_by_name_and_number() {
        assert_eq!(parse_signal("KILL"), Some(Signal::Kill));
        assert_eq!(parse_signal("sigkill"), Some(Signal::Kill));
        assert_eq!(parse_signal("9"), Some(Signal::Kill));
        assert_eq!(parse_signal("SIGTERM"), Some(Signal::Catchable));
        assert_eq!(parse_signal("FOO"), None);
    }
}
