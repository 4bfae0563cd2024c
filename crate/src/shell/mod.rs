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
}
