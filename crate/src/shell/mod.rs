//! The simulated POSIX shell that RUN executes: a `sh` interpreter (dash/busybox-ash flavoured) and the applets of a
//! small busybox (`ls`, `sed`, `tar`, `adduser`, `apk` …) over whatever [`System`] it is given — the in-memory tree
//! of a build step today, a real OS inside an exported image later.
//!
//! It knows nothing of Dockerfiles, layers or images: the build engine hands it a script (or an argv), a [`System`]
//! and a [`ShellConfig`], and gets an [`Outcome`] back. Every run is bounded ([`Limits`]): an endless loop, a
//! recursion or an output flood stops with a message naming the bound, never a hang or a crash.

mod applets;
mod arith;
pub mod ast;
mod builtins;
mod expand;
mod interp;
mod io;
pub mod lexer;
mod lookup;
pub mod parser;
mod pattern;
mod regex;
pub mod system;

#[cfg(test)]
mod script_tests;
#[cfg(test)]
mod testkit;

pub use applets::users::{resolve_user, UserSpec};
pub use applets::{is_simulated_applet, APPLETS};
pub use io::{InputSource, OutputSink};
pub use lookup::basename;
pub use lookup::sh_reads_stdin;
pub use system::{DirEntry, ErrorKind, FileStat, FileType, SysError, System, VfsSystem};

use std::collections::BTreeMap;

/// Bounds on one run. Hitting any of them stops everything at once with [`LimitHit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Commands, loop iterations and word expansions executed.
    pub max_steps: u64,
    /// Bytes written to the log (the shell's own stdout and stderr).
    pub max_output_bytes: u64,
    /// Nesting of function calls, subshells, command substitutions, `eval`, `.` and scripts run by the shell.
    pub max_depth: u32,
    /// Bytes passed through pipes, command substitutions, redirections to files and word expansions, summed over
    /// the run: bounds the memory a script can make the shell hold (a `x=$x$x` loop), not the log.
    pub max_buffer_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_steps: 1_000_000, max_output_bytes: 8 << 20, max_depth: 64, max_buffer_bytes: 64 << 20 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitKind {
    Steps,
    Output,
    Depth,
    Buffer,
}

/// Which bound stopped the run, and the message that was printed about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitHit {
    pub kind: LimitKind,
    pub message: String,
}

/// The exit status of a run stopped by a limit (what `timeout` uses).
pub const LIMIT_STATUS: i32 = 124;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// A chunk of output, in the order it was written (consecutive writes to one stream are merged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub stream: Stream,
    pub text: String,
}

/// What a run produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub status: i32,
    pub output: Vec<Output>,
    pub limit: Option<LimitHit>,
    /// The script ran `exit` (or `exec`): an interactive session should end.
    pub exited: bool,
    /// With [`Waits`]: the process did not end, it waits (on what, and from when). `status` means nothing then.
    pub waiting: Option<Waiting>,
    /// With a horizon in [`Waits`]: the virtual milliseconds the run slept.
    pub elapsed_ms: u64,
    /// With a horizon in [`Waits`]: at the end of each sleep, the output bytes written before it and the
    /// milliseconds since the start, so that a caller can show output as time passes.
    pub timeline: Vec<(u64, u64)>,
}

/// The shell whose messages the interpreter imitates. The simulated images share one multi-call program, so the name
/// it is called by and the distribution decide, as they do in the real images: `bash` is GNU bash, `sh` is dash on
/// Debian and Ubuntu and busybox ash elsewhere (Alpine, BusyBox).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flavour {
    /// busybox ash: `sh: foo: not found`.
    #[default]
    Ash,
    /// dash: `sh: 1: foo: not found` (the line number always).
    Dash,
    /// GNU bash: `bash: foo: command not found`.
    Bash,
}

impl Flavour {
    /// The flavour of a shell started as `arg0` (`/bin/sh`, `bash`) on `sys`.
    pub fn detect(arg0: &str, sys: &dyn System) -> Flavour {
        match lookup::basename(arg0) {
            "bash" | "rbash" => Flavour::Bash,
            "dash" => Flavour::Dash,
            "ash" | "busybox" => Flavour::Ash,
            _ if Flavour::debian_like(sys) => Flavour::Dash,
            _ => Flavour::Ash,
        }
    }

    /// Whether /etc/os-release names Debian, Ubuntu or a derivative (whose `/bin/sh` is dash).
    pub fn debian_like(sys: &dyn System) -> bool {
        let Ok(release) = sys.read("/etc/os-release") else { return false };
        String::from_utf8_lossy(&release).lines().any(|line| {
            let line = line.replace('"', "");
            matches!(line.as_str(), "ID=debian" | "ID=ubuntu")
                || line.strip_prefix("ID_LIKE=").is_some_and(|like| like.split(' ').any(|id| id == "debian"))
        })
    }
}

/// What a process waits on (see [`Waits`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitKind {
    /// It read a standard input that stays open with nothing in it: a terminal nobody types into, `docker run -i`.
    Input,
    /// A `sleep` that ends past the horizon (`sleep infinity`, `sleep 99999`): how long that sleep is.
    Sleep { ms: u64 },
    /// `tail -f`: it follows a file for good.
    Follow,
    /// A program that serves until it is stopped (a web server, a database): its argv.
    Server(Vec<String>),
}

/// Where a run stopped because its process would wait there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub kind: WaitKind,
    /// Bytes of stdout and stderr the process had written when it began to wait; anything after (a program that went
    /// on once its read came back empty) is not part of its output.
    pub output_bytes: u64,
    /// Virtual milliseconds since the start.
    pub at_ms: u64,
    /// The `TERM` trap of the shell that waits, if it set one: what `docker stop` makes it run.
    pub term_trap: Option<String>,
    /// The shell itself waits (the `wait` and `read` builtins), so a signal's trap runs at once; otherwise the trap
    /// runs only once the foreground program it waits for ends (a `sleep`, a server).
    pub interruptible: bool,
}

/// Whether an argv, run in a working directory on a system, starts a program that serves until stopped.
pub type IsServer = fn(&[String], &str, &dyn System) -> bool;

/// How a run treats what its process would wait on, for a session's containers: instead of returning at once (as a
/// RUN step's program does), the run stops there and says so in [`Outcome::waiting`].
#[derive(Clone, Copy, Debug)]
pub struct Waits {
    /// Virtual milliseconds the process may sleep before it counts as waiting for good; `None`: sleeping is instant
    /// and never waits (a line typed at a prompt).
    pub horizon_ms: Option<u64>,
    /// Standard input is open but nothing is in it (a terminal, `-i`): a program that reads it waits.
    pub stdin_open: bool,
    /// Programs that serve until stopped (`nginx -g 'daemon off;'`), given the argv, the working directory and the
    /// system: starting one is where the process waits.
    pub is_server: Option<IsServer>,
}

impl Outcome {
    /// Everything written to one stream, concatenated.
    pub fn text(&self, stream: Stream) -> String {
        self.output.iter().filter(|o| o.stream == stream).map(|o| o.text.as_str()).collect()
    }

    pub fn stdout(&self) -> String {
        self.text(Stream::Stdout)
    }

    pub fn stderr(&self) -> String {
        self.text(Stream::Stderr)
    }

    /// The output as log lines, in order, each tagged with its stream. A line split across several writes of the
    /// same stream is joined; a final line without a newline is kept.
    pub fn lines(&self) -> Vec<(Stream, String)> {
        let mut lines = Vec::new();
        let mut partial: BTreeMap<Stream, String> = BTreeMap::new();
        for chunk in &self.output {
            let buf = partial.entry(chunk.stream).or_default();
            for piece in chunk.text.split_inclusive('\n') {
                buf.push_str(piece);
                if buf.ends_with('\n') {
                    buf.pop();
                    lines.push((chunk.stream, std::mem::take(buf)));
                }
            }
        }
        for (stream, rest) in partial {
            if !rest.is_empty() {
                lines.push((stream, rest));
            }
        }
        lines
    }
}

/// How a shell starts: its environment (all exported), working directory, user, bounds and `$0`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellConfig {
    pub env: BTreeMap<String, String>,
    pub cwd: String,
    pub uid: u32,
    pub gid: u32,
    pub user_name: String,
    pub limits: Limits,
    /// `$0` and the prefix of the shell's error messages (`/bin/sh: foo: not found`).
    pub argv0: String,
}

impl Default for ShellConfig {
    fn default() -> ShellConfig {
        let mut env = BTreeMap::new();
        env.insert("PATH".to_string(), DEFAULT_PATH.to_string());
        ShellConfig {
            env,
            cwd: "/".to_string(),
            uid: 0,
            gid: 0,
            user_name: "root".to_string(),
            limits: Limits::default(),
            argv0: "sh".to_string(),
        }
    }
}

/// Docker's default PATH for Linux containers.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// A saved [`Shell`] state (see [`Shell::checkpoint`]).
#[derive(Clone, Debug)]
pub struct Checkpoint(interp::State);

/// A shell whose state (variables, functions, working directory, options) persists across runs, as in an
/// interactive session.
pub struct Shell {
    interp: interp::Interp,
}

impl Shell {
    pub fn new(config: ShellConfig) -> Shell {
        Shell { interp: interp::Interp::new(config) }
    }

    /// Runs `script` like `sh -c script`.
    pub fn run_script(&mut self, sys: &mut dyn System, script: &str) -> Outcome {
        self.interp.run_script(sys, script)
    }

    /// Runs an argv without any shell parsing (the exec form of RUN/CMD): `argv[0]` is looked up in PATH.
    pub fn run_argv(&mut self, sys: &mut dyn System, argv: &[String]) -> Outcome {
        self.interp.run_argv(sys, argv)
    }

    /// The exported variables: the environment a command started now would get.
    pub fn env(&self) -> BTreeMap<String, String> {
        self.interp.exported_env()
    }

    /// A shell variable, exported or not.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.interp.var(name)
    }

    pub fn cwd(&self) -> &str {
        self.interp.cwd()
    }

    /// The exit status of the last command.
    pub fn status(&self) -> i32 {
        self.interp.status()
    }

    /// Sends the shell's own stdout and stderr to `sink` as they are written, instead of collecting them in the
    /// [`Outcome`] (whose output is then empty): what a real process does, for minibox.
    pub fn stream_output(&mut self, sink: OutputSink) {
        self.interp.io.stream_to = Some(sink);
    }

    /// Gives commands a standard input: `source` is called once, when a command first reads fd 0, and returns all
    /// of it (minibox reads the process's stdin). Without it, fd 0 is `/dev/null`, as Docker runs RUN.
    pub fn attach_stdin(&mut self, source: InputSource) {
        self.interp.io.set_stdin(source);
    }

    /// Collects the output in the [`Outcome`] again after [`Shell::stream_output`].
    pub fn collect_output(&mut self) {
        self.interp.io.stream_to = None;
    }

    /// What the shell carries from one line to the next (variables, functions, working directory, options), to run a
    /// line again from the same start ([`Shell::restore`]): a terminal's answer to a program's question arrives as
    /// the next line, and the program is run again with it.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.interp.st.clone())
    }

    pub fn restore(&mut self, checkpoint: Checkpoint) {
        self.interp.st = checkpoint.0;
    }

    /// Marks the shell as reading commands from a terminal, one line at a time ([`Shell::run_script`] per line):
    /// its messages take the interactive form (`bash: foo: command not found`; dash numbers the lines typed).
    pub fn set_interactive(&mut self, interactive: bool) {
        self.interp.st.interactive = interactive;
    }

    /// How runs from now on treat what the process would wait on (see [`Waits`]); `None`: nothing waits.
    pub fn set_waits(&mut self, waits: Option<Waits>) {
        self.interp.waits = waits;
    }

    /// The shell whose messages this one imitates (decided at the first run).
    pub fn flavour(&self) -> Option<Flavour> {
        self.interp.st.flavour
    }

    /// The action of the trap set for `signal` (`TERM`, `EXIT`), if any.
    pub fn trap(&self, signal: &str) -> Option<&str> {
        self.interp.st.traps.get(signal).map(String::as_str)
    }
}
