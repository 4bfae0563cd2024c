//! The interpreter: shell state (variables, positional parameters, functions, options, working directory, file
//! descriptors) and the execution of the syntax tree — lists, and-or lists, pipelines, compound commands, simple
//! commands with their assignments and redirections, subshells and command substitutions, `set -e` with POSIX's
//! exceptions, and the step/depth budgets. Command lookup lives in `lookup.rs`, builtins in `builtins.rs`, word
//! expansion in `expand.rs`.

use super::ast::{AndOr, Command, Compound, Connector, HereDoc, List, Pipeline, RedirOp, Redirect, SimpleCommand};
use super::io::{default_fds, Fd, Fds, FileTarget, Io};
use super::parser::Parser;
use super::system::System;
use super::{
    Flavour, LimitHit, LimitKind, Outcome, Output, ShellConfig, Stream, WaitKind, Waiting, Waits, LIMIT_STATUS,
};
use crate::vfs::Fs;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How control leaves a command other than by finishing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// `exit`, `set -e`, a fatal expansion error: unwinds to the shell (or subshell) boundary.
    Exit(i32),
    /// `return` from a function or a sourced file.
    Return(i32),
    Break(u32),
    Continue(u32),
    /// A budget ran out: unwinds everything.
    Limit(LimitKind),
    /// The process reached something it would wait on for good (see [`Waits`]): unwinds everything, and the run's
    /// [`Outcome::waiting`] says what (the details are in [`Interp::wait`]).
    Wait,
}

pub type R<T> = Result<T, Flow>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    pub value: String,
    pub exported: bool,
    pub readonly: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Opts {
    pub errexit: bool,
    pub nounset: bool,
    pub xtrace: bool,
    pub pipefail: bool,
    pub noglob: bool,
    pub noclobber: bool,
    pub verbose: bool,
}

/// Everything a subshell copies and a child process partly inherits.
#[derive(Clone, Debug)]
pub struct State {
    pub vars: BTreeMap<String, Var>,
    pub positional: Vec<String>,
    /// `$0`, also the prefix of error messages.
    pub arg0: String,
    pub cwd: String,
    pub status: i32,
    pub opts: Opts,
    pub functions: BTreeMap<String, Arc<Command>>,
    pub aliases: BTreeMap<String, String>,
    pub traps: BTreeMap<String, String>,
    pub umask: u32,
    pub uid: u32,
    pub gid: u32,
    pub user_name: String,
    /// Saved values of `local` variables, one frame per function call.
    pub locals: Vec<Vec<(String, Option<Var>)>>,
    pub fds: Fds,
    /// Above zero while running a condition, a non-final part of `&&`/`||`, or a `!` pipeline: `set -e` is off.
    pub errexit_ignored: u32,
    pub loop_depth: u32,
    pub function_depth: u32,
    pub source_depth: u32,
    pub last_bg: Option<u32>,
    /// The status of the last command substitution of the current simple command (`x=$(false)` fails).
    pub subst_status: Option<i32>,
    /// Names given to `export` before they had a value: exported once set.
    pub pending_exports: std::collections::BTreeSet<String>,
    /// Position inside the current argument for `getopts` (grouped options like `-ab`).
    pub getopts_sub: usize,
    /// The shell whose messages this one imitates; `None` until a run decides it from `$0` and the system.
    pub flavour: Option<Flavour>,
    /// Reading commands from a terminal: bash leaves the line number out of its messages, and dash counts lines
    /// across everything typed.
    pub interactive: bool,
    /// Lines read so far by an interactive shell.
    pub lines_read: usize,
    /// Busybox ash names the line in its messages only when it runs a named script (`sh file`, `sh -c text name`).
    pub named_script: bool,
    /// The line of the command being run.
    pub lineno: usize,
}

pub struct Interp {
    pub st: State,
    pub io: Io,
    steps: u64,
    depth: u32,
    /// Rust-level recursion (compound commands inside functions inside substitutions…), bounded separately so that
    /// no script can overflow the stack.
    nest: u32,
    bg_pids: u32,
    /// How the process treats what it would wait on (a container's main process in a session); `None`: nothing
    /// waits (a RUN step, a program on a real system).
    pub waits: Option<Waits>,
    /// What the run is waiting on, once [`Flow::Wait`] unwinds.
    pub wait: Option<Waiting>,
    /// A `&` job that waits for good (the shell went on without it); `wait` then waits for it.
    pub background_wait: Option<Waiting>,
    /// Virtual milliseconds slept since the run started (only counted with a horizon in [`Waits`]).
    elapsed_ms: u64,
    /// (output bytes written before, milliseconds since the start) at the end of each sleep.
    timeline: Vec<(u64, u64)>,
}

/// Redirections in force for one command, to be undone afterwards.
pub struct Scope {
    saved: Vec<(usize, Fd)>,
    mark: u64,
}

impl Interp {
    pub fn new(config: ShellConfig) -> Interp {
        let mut vars = BTreeMap::new();
        for (name, value) in &config.env {
            vars.insert(name.clone(), Var { value: value.clone(), exported: true, readonly: false });
        }
        let mut set_default = |name: &str, value: &str, exported: bool| {
            vars.entry(name.to_string()).or_insert(Var { value: value.to_string(), exported, readonly: false });
        };
        set_default("IFS", " \t\n", false);
        set_default("PS1", "# ", false);
        set_default("PS2", "> ", false);
        set_default("PS4", "+ ", false);
        set_default("OPTIND", "1", false);
        set_default("SHLVL", "1", true);
        let cwd = Fs::normalize("/", &config.cwd);
        vars.insert("PWD".to_string(), Var { value: cwd.clone(), exported: true, readonly: false });
        let st = State {
            vars,
            positional: Vec::new(),
            arg0: config.argv0.clone(),
            cwd,
            status: 0,
            opts: Opts::default(),
            functions: BTreeMap::new(),
            aliases: BTreeMap::new(),
            traps: BTreeMap::new(),
            umask: 0o022,
            uid: config.uid,
            gid: config.gid,
            user_name: config.user_name.clone(),
            locals: Vec::new(),
            fds: default_fds(),
            errexit_ignored: 0,
            loop_depth: 0,
            function_depth: 0,
            source_depth: 0,
            last_bg: None,
            subst_status: None,
            pending_exports: Default::default(),
            getopts_sub: 0,
            flavour: None,
            interactive: false,
            lines_read: 0,
            named_script: false,
            lineno: 0,
        };
        Interp {
            st,
            io: Io::new(config.limits),
            steps: 0,
            depth: 0,
            nest: 0,
            bg_pids: 0,
            waits: None,
            wait: None,
            background_wait: None,
            elapsed_ms: 0,
            timeline: Vec::new(),
        }
    }

    // ----- public entry points -----

    pub fn run_script(&mut self, sys: &mut dyn System, script: &str) -> Outcome {
        self.begin(sys);
        let result = if self.st.interactive {
            // Every line typed counts, so dash's messages name the line of the session.
            let first = self.st.lines_read + 1;
            self.st.lines_read = self.st.lines_read.saturating_add(script.split('\n').count());
            self.run_source_from(sys, script, first)
        } else {
            self.run_source(sys, script)
        };
        self.finish(sys, result)
    }

    pub fn run_argv(&mut self, sys: &mut dyn System, argv: &[String]) -> Outcome {
        self.begin(sys);
        let result = if argv.is_empty() { Ok(0) } else { self.run_exec_form(sys, argv) };
        self.finish(sys, result)
    }

    pub fn exported_env(&self) -> BTreeMap<String, String> {
        self.st.vars.iter().filter(|(_, v)| v.exported).map(|(k, v)| (k.clone(), v.value.clone())).collect()
    }

    pub fn var(&self, name: &str) -> Option<&str> {
        self.st.vars.get(name).map(|v| v.value.as_str())
    }

    pub fn cwd(&self) -> &str {
        &self.st.cwd
    }

    pub fn status(&self) -> i32 {
        self.st.status
    }

    fn begin(&mut self, sys: &mut dyn System) {
        if self.st.flavour.is_none() {
            self.st.flavour = Some(Flavour::detect(&self.st.arg0, sys));
        }
        self.io.stdin_waits = self.waits.is_some_and(|w| w.stdin_open);
        self.wait = None;
        self.background_wait = None;
        self.elapsed_ms = 0;
        self.timeline.clear();
        self.io.reset();
        self.steps = 0;
        self.depth = 0;
        self.nest = 0;
        self.st.fds = default_fds();
        self.st.fds[0] = self.io.stdin_fd();
        self.st.errexit_ignored = 0;
        self.st.loop_depth = 0;
        self.st.function_depth = 0;
        self.st.source_depth = 0;
        self.st.locals.clear();
    }

    fn finish(&mut self, sys: &mut dyn System, mut result: R<i32>) -> Outcome {
        if result.is_ok() && self.io.waited.is_some() {
            // The last command read a stdin nobody writes to: it is still waiting there.
            result = self.waiting_for_input();
        }
        let mut exited = false;
        let mut limit = None;
        let mut waiting = false;
        let mut status = match result {
            Ok(status) => status,
            Err(Flow::Exit(status)) => {
                exited = true;
                status
            }
            Err(Flow::Return(status)) => status,
            Err(Flow::Break(_)) | Err(Flow::Continue(_)) => self.st.status,
            Err(Flow::Limit(kind)) => {
                limit = Some(kind);
                LIMIT_STATUS
            }
            Err(Flow::Wait) => {
                waiting = true;
                0
            }
        };
        if limit.is_none() && !waiting {
            if let Some(action) = self.st.traps.remove("EXIT") {
                self.st.status = status;
                match self.eval_string(sys, &action) {
                    Err(Flow::Limit(kind)) => {
                        limit = Some(kind);
                        status = LIMIT_STATUS;
                    }
                    Err(Flow::Exit(s)) => status = s,
                    _ => {}
                }
            }
        }
        self.st.fds = default_fds();
        self.st.fds[0] = self.io.stdin_fd();
        let pending = self.io.close_since(0, &self.st.fds);
        self.flush_files(sys, pending);
        self.st.status = status;
        let limit = limit.map(|kind| {
            let message = self.limit_message(kind);
            let line = format!("{message}\n");
            self.io.output.push((Stream::Stderr, line.into_bytes()));
            LimitHit { kind, message }
        });
        let output = std::mem::take(&mut self.io.output)
            .into_iter()
            .map(|(stream, bytes)| Output { stream, text: String::from_utf8_lossy(&bytes).into_owned() })
            .collect();
        self.io.waited = None;
        let waiting = if waiting { self.wait.take() } else { None };
        Outcome {
            status,
            output,
            limit,
            exited,
            waiting,
            elapsed_ms: self.elapsed_ms,
            timeline: std::mem::take(&mut self.timeline),
        }
    }

    // ----- waiting (a container's main process) -----

    /// Starts waiting on `kind`: the run unwinds with [`Flow::Wait`].
    pub fn start_waiting(&mut self, kind: WaitKind) -> R<()> {
        let term_trap = ["TERM", "SIGTERM", "15"].iter().find_map(|name| self.st.traps.get(*name)).cloned();
        self.wait = Some(Waiting {
            kind,
            output_bytes: self.io.written(),
            at_ms: self.elapsed_ms,
            term_trap: term_trap.filter(|action| !action.is_empty()),
            interruptible: false,
        });
        Err(Flow::Wait)
    }

    /// A program read a stdin that stays open with nothing in it (noted by the I/O layer when it happened).
    pub fn waiting_for_input(&mut self) -> R<i32> {
        let at = self.io.waited.take().unwrap_or_else(|| self.io.written());
        let result = self.start_waiting(WaitKind::Input);
        if let Some(wait) = self.wait.as_mut() {
            wait.output_bytes = at;
        }
        result.map(|()| 0)
    }

    /// `sleep`: instant in the simulation, but with a horizon in [`Waits`] the virtual time adds up, and a sleep
    /// that ends past the horizon (`sleep infinity`, a loop that sleeps forever) is where the process waits.
    pub fn sleep(&mut self, sys: &mut dyn System, seconds: f64) -> R<()> {
        let horizon = self.waits.and_then(|w| w.horizon_ms);
        let Some(horizon) = horizon else {
            sys.sleep(seconds);
            return Ok(());
        };
        let ms = if seconds.is_finite() { (seconds * 1000.0).clamp(0.0, u64::MAX as f64) as u64 } else { u64::MAX };
        let end = self.elapsed_ms.saturating_add(ms);
        if end > horizon {
            return self.start_waiting(WaitKind::Sleep { ms });
        }
        sys.sleep(seconds);
        self.elapsed_ms = end;
        let written = self.io.written();
        let room = self.timeline.len() < MAX_TIMELINE;
        match self.timeline.last_mut() {
            Some(last) if last.0 == written => last.1 = end,
            _ if room => self.timeline.push((written, end)),
            _ => {}
        }
        Ok(())
    }

    /// `tail -f` and the like: with [`Waits`], the process waits here for good; without, the program returns.
    pub fn follow_forever(&mut self, kind: WaitKind) -> R<()> {
        if self.waits.is_some() {
            return self.start_waiting(kind);
        }
        Ok(())
    }

    fn limit_message(&self, kind: LimitKind) -> String {
        let limits = self.io.limits;
        match kind {
            LimitKind::Steps => format!(
                "layerlab: step limit reached ({} shell steps): is there an endless loop?",
                group_thousands(limits.max_steps)
            ),
            LimitKind::Output => format!(
                "layerlab: output limit reached ({} of output): the rest was cut off",
                human_size(limits.max_output_bytes)
            ),
            LimitKind::Depth => format!(
                "layerlab: nesting limit reached ({} levels of functions, subshells, substitutions and eval): \
                 is there an endless recursion?",
                limits.max_depth
            ),
            LimitKind::Buffer => format!(
                "layerlab: data limit reached ({} through pipes, substitutions, redirections and expansions)",
                human_size(limits.max_buffer_bytes)
            ),
        }
    }

    // ----- budgets -----

    pub fn step(&mut self) -> R<()> {
        if self.io.waited.is_some() {
            self.waiting_for_input()?;
        }
        self.steps += 1;
        if self.steps > self.io.limits.max_steps {
            return Err(Flow::Limit(LimitKind::Steps));
        }
        Ok(())
    }

    pub fn enter(&mut self) -> R<()> {
        if self.depth >= self.io.limits.max_depth {
            return Err(Flow::Limit(LimitKind::Depth));
        }
        self.depth += 1;
        Ok(())
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Bounds the interpreter's own recursion: a few frames per level, whatever mixes of constructs a script uses.
    fn nest_in(&mut self) -> R<()> {
        let max = self.io.limits.max_depth.saturating_mul(4).clamp(16, 256);
        if self.nest >= max {
            return Err(Flow::Limit(LimitKind::Depth));
        }
        self.nest += 1;
        Ok(())
    }

    fn nest_out(&mut self) {
        self.nest = self.nest.saturating_sub(1);
    }

    // ----- output helpers -----

    pub fn write_fd(&mut self, fd: usize, bytes: &[u8]) -> R<()> {
        let target = self.st.fds.get(fd).copied().unwrap_or(Fd::Closed);
        self.io.write(target, bytes).map_err(Flow::Limit)
    }

    /// `sh: message` on stderr.
    pub fn error(&mut self, message: &str) -> R<()> {
        let line = format!("{}: {message}\n", self.st.arg0);
        self.write_fd(2, line.as_bytes())
    }

    /// A command that cannot be run, in the words of the shell imitated: `sh: foo: not found` (busybox ash),
    /// `sh: 1: foo: not found` (dash), `bash: foo: command not found` (bash at a prompt; `bash: line 1: …` running
    /// a script). `path_given`: the name has a `/` (bash then says the file is missing).
    pub fn command_error(&mut self, name: &str, problem: CommandProblem) -> R<()> {
        let flavour = self.st.flavour.unwrap_or_default();
        let what = match (problem, flavour) {
            (CommandProblem::NotFound, Flavour::Bash) if name.contains('/') => "No such file or directory",
            (CommandProblem::NotFound, Flavour::Bash) => "command not found",
            (CommandProblem::NotFound, _) => "not found",
            (CommandProblem::Denied, _) => "Permission denied",
        };
        let arg0 = &self.st.arg0;
        let line = self.st.lineno.max(1);
        let text = match flavour {
            Flavour::Dash => format!("{arg0}: {line}: {name}: {what}\n"),
            Flavour::Bash if self.st.interactive => {
                format!("{}: {name}: {what}\n", super::lookup::basename(arg0))
            }
            Flavour::Bash => format!("{arg0}: line {line}: {name}: {what}\n"),
            Flavour::Ash if self.st.named_script => format!("{arg0}: line {line}: {name}: {what}\n"),
            Flavour::Ash => format!("{arg0}: {name}: {what}\n"),
        };
        self.write_fd(2, text.as_bytes())
    }

    /// Makes `path` absolute against the working directory, keeping a trailing slash.
    pub fn abs(&self, path: &str) -> String {
        absolute(&self.st.cwd, path)
    }

    // ----- running source text -----

    /// Parses and runs `src` one complete command at a time, as dash does.
    pub fn run_source(&mut self, sys: &mut dyn System, src: &str) -> R<i32> {
        self.run_source_from(sys, src, 1)
    }

    /// [`Interp::run_source`] with `src`'s first line numbered `first`.
    fn run_source_from(&mut self, sys: &mut dyn System, src: &str, first: usize) -> R<i32> {
        let mut parser = Parser::starting_at_line(src, first);
        let mut status = 0;
        loop {
            match parser.next_command() {
                Ok(None) => break,
                Ok(Some(list)) => {
                    status = self.exec_list(sys, &list)?;
                }
                Err(e) => {
                    self.error(&format!("{}: {}", e.line, e.message))?;
                    self.st.status = 2;
                    return Err(Flow::Exit(2));
                }
            }
        }
        Ok(status)
    }

    /// `eval` and traps: runs `text` in the current shell, one nesting level deeper.
    pub fn eval_string(&mut self, sys: &mut dyn System, text: &str) -> R<i32> {
        self.enter()?;
        let result = self.run_source(sys, text);
        self.leave();
        result
    }

    // ----- lists -----

    pub fn exec_list(&mut self, sys: &mut dyn System, list: &List) -> R<i32> {
        let mut status = 0;
        for and_or in list {
            status = match self.exec_and_or(sys, and_or) {
                Err(Flow::Wait) if and_or.background => {
                    // The job goes on waiting in the background; the shell carries on without it.
                    self.io.waited = None;
                    let job = self.wait.take();
                    if self.background_wait.is_none() {
                        self.background_wait = job;
                    }
                    0
                }
                other => other?,
            };
            if and_or.background {
                self.bg_pids += 1;
                self.st.last_bg = Some(self.bg_pids + 100);
                status = 0;
                self.st.status = 0;
            }
        }
        Ok(status)
    }

    fn exec_and_or(&mut self, sys: &mut dyn System, and_or: &AndOr) -> R<i32> {
        let tested = !and_or.rest.is_empty();
        let mut status = self.exec_pipeline_tested(sys, &and_or.first, tested)?;
        for (i, (connector, pipeline)) in and_or.rest.iter().enumerate() {
            let run = match connector {
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if run {
                let last = i + 1 == and_or.rest.len();
                status = self.exec_pipeline_tested(sys, pipeline, !last)?;
            }
        }
        Ok(status)
    }

    fn exec_pipeline_tested(&mut self, sys: &mut dyn System, pipeline: &Pipeline, tested: bool) -> R<i32> {
        if tested {
            self.st.errexit_ignored += 1;
        }
        let result = self.exec_pipeline(sys, pipeline);
        if tested {
            self.st.errexit_ignored = self.st.errexit_ignored.saturating_sub(1);
        }
        result
    }

    fn exec_pipeline(&mut self, sys: &mut dyn System, pipeline: &Pipeline) -> R<i32> {
        if pipeline.bang {
            self.st.errexit_ignored += 1;
        }
        let result = match pipeline.commands.as_slice() {
            [single] => self.exec_command(sys, single),
            commands => self.exec_multi(sys, commands),
        };
        if pipeline.bang {
            self.st.errexit_ignored = self.st.errexit_ignored.saturating_sub(1);
        }
        let mut status = result?;
        if pipeline.bang {
            status = i32::from(status == 0);
        }
        self.st.status = status;
        if !pipeline.bang && status != 0 && self.st.opts.errexit && self.st.errexit_ignored == 0 {
            let checked = match pipeline.commands.as_slice() {
                [Command::Simple(_)] => true,
                [Command::Compound(compound, _)] => matches!(**compound, Compound::Subshell(_)),
                [Command::Function(_)] => false,
                _ => true,
            };
            if checked {
                return Err(Flow::Exit(status));
            }
        }
        Ok(status)
    }

    fn exec_multi(&mut self, sys: &mut dyn System, commands: &[Command]) -> R<i32> {
        let mut input: Option<Vec<u8>> = None;
        let mut statuses = Vec::with_capacity(commands.len());
        for (i, command) in commands.iter().enumerate() {
            let last = i + 1 == commands.len();
            self.enter()?;
            let mark = self.io.mark();
            let saved = self.st.clone();
            if let Some(data) = input.take() {
                self.st.fds[0] = self.io.open_source(Arc::from(data));
            }
            let sink = if last {
                None
            } else {
                let sink = self.io.open_sink(None);
                self.st.fds[1] = sink;
                Some(sink)
            };
            let result = self.exec_command(sys, command);
            if let Some(sink) = sink {
                input = Some(self.io.take_sink(sink));
            }
            self.st = saved;
            self.close_scope(sys, mark);
            self.leave();
            statuses.push(subshell_status(result)?);
        }
        let last = statuses.last().copied().unwrap_or(0);
        if self.st.opts.pipefail {
            return Ok(statuses.iter().rev().find(|&&s| s != 0).copied().unwrap_or(0));
        }
        Ok(last)
    }

    pub fn exec_command(&mut self, sys: &mut dyn System, command: &Command) -> R<i32> {
        match command {
            Command::Simple(simple) => self.exec_simple(sys, simple),
            Command::Compound(compound, redirects) => {
                self.nest_in()?;
                let result = if redirects.is_empty() {
                    self.exec_compound(sys, compound)
                } else {
                    let mut scope = self.scope();
                    match self.apply_redirects(sys, redirects, &mut scope) {
                        Ok(true) => {
                            let result = self.exec_compound(sys, compound);
                            self.end_scope(sys, scope);
                            result
                        }
                        Ok(false) => {
                            self.end_scope(sys, scope);
                            Ok(1)
                        }
                        Err(flow) => {
                            self.end_scope(sys, scope);
                            Err(flow)
                        }
                    }
                };
                self.nest_out();
                result
            }
            Command::Function(def) => {
                self.st.functions.insert(def.name.clone(), Arc::new(def.body.clone()));
                Ok(0)
            }
        }
    }

    fn exec_compound(&mut self, sys: &mut dyn System, compound: &Compound) -> R<i32> {
        match compound {
            Compound::Brace(list) => self.exec_list(sys, list),
            Compound::Subshell(list) => self.subshell(sys, |sh, sys| sh.exec_list(sys, list)),
            Compound::If { branches, otherwise } => {
                for (cond, body) in branches {
                    if self.exec_condition(sys, cond)? == 0 {
                        return self.exec_list(sys, body);
                    }
                }
                match otherwise {
                    Some(list) => self.exec_list(sys, list),
                    None => Ok(0),
                }
            }
            Compound::Loop { until, cond, body } => {
                self.st.loop_depth += 1;
                let result = self.exec_loop(sys, *until, cond, body);
                self.st.loop_depth = self.st.loop_depth.saturating_sub(1);
                result
            }
            Compound::For { var, words, body } => {
                let items = match words {
                    Some(words) => self.expand_words(sys, words)?,
                    None => self.st.positional.clone(),
                };
                self.st.loop_depth += 1;
                let result = self.exec_for(sys, var, &items, body);
                self.st.loop_depth = self.st.loop_depth.saturating_sub(1);
                result
            }
            Compound::Arith(parts) => {
                let text = self.expand_heredoc(sys, parts)?;
                match self.arith_status(&text) {
                    Ok(value) => Ok(i32::from(value == 0)),
                    Err(message) => {
                        self.error(&format!("(( {text} )): {message}"))?;
                        Ok(1)
                    }
                }
            }
            Compound::Case { word, arms } => {
                let text = self.expand_text(sys, word)?;
                for arm in arms {
                    for pattern in &arm.patterns {
                        let pat = self.expand_pattern(sys, pattern)?;
                        if super::pattern::Pattern::parse(&pat).matches(&text) {
                            return self.exec_list(sys, &arm.body);
                        }
                    }
                }
                Ok(0)
            }
        }
    }

    fn exec_condition(&mut self, sys: &mut dyn System, cond: &List) -> R<i32> {
        self.st.errexit_ignored += 1;
        let result = self.exec_list(sys, cond);
        self.st.errexit_ignored = self.st.errexit_ignored.saturating_sub(1);
        result
    }

    fn exec_loop(&mut self, sys: &mut dyn System, until: bool, cond: &List, body: &List) -> R<i32> {
        let mut status = 0;
        loop {
            self.step()?;
            let c = match self.exec_condition(sys, cond) {
                Ok(c) => c,
                Err(Flow::Break(n)) => return if n > 1 { Err(Flow::Break(n - 1)) } else { Ok(status) },
                Err(Flow::Continue(n)) if n > 1 => return Err(Flow::Continue(n - 1)),
                Err(Flow::Continue(_)) => continue,
                Err(other) => return Err(other),
            };
            if (c == 0) == until {
                break;
            }
            match self.exec_list(sys, body) {
                Ok(s) => status = s,
                Err(Flow::Break(n)) => return if n > 1 { Err(Flow::Break(n - 1)) } else { Ok(status) },
                Err(Flow::Continue(n)) if n > 1 => return Err(Flow::Continue(n - 1)),
                Err(Flow::Continue(_)) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(status)
    }

    fn exec_for(&mut self, sys: &mut dyn System, var: &str, items: &[String], body: &List) -> R<i32> {
        let mut status = 0;
        for item in items {
            self.step()?;
            if let Err(message) = self.set_var(var, item) {
                self.error(&message)?;
                return Err(Flow::Exit(2));
            }
            match self.exec_list(sys, body) {
                Ok(s) => status = s,
                Err(Flow::Break(n)) => return if n > 1 { Err(Flow::Break(n - 1)) } else { Ok(status) },
                Err(Flow::Continue(n)) if n > 1 => return Err(Flow::Continue(n - 1)),
                Err(Flow::Continue(_)) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(status)
    }

    /// Runs `f` in a subshell: state changes are undone afterwards, `exit` leaves only the subshell.
    pub fn subshell(&mut self, sys: &mut dyn System, f: impl FnOnce(&mut Interp, &mut dyn System) -> R<i32>) -> R<i32> {
        self.enter()?;
        let mark = self.io.mark();
        let saved = self.st.clone();
        let result = f(self, sys);
        self.st = saved;
        self.close_scope(sys, mark);
        self.leave();
        subshell_status(result)
    }

    /// `$(…)`: runs the list in a subshell with stdout captured; trailing newlines are removed.
    pub fn command_substitution(&mut self, sys: &mut dyn System, list: &List) -> R<String> {
        self.step()?;
        self.enter()?;
        let mark = self.io.mark();
        let saved = self.st.clone();
        let sink = self.io.open_sink(None);
        self.st.fds[1] = sink;
        self.st.errexit_ignored = 0;
        let result = self.exec_list(sys, list);
        let bytes = self.io.take_sink(sink);
        self.st = saved;
        self.close_scope(sys, mark);
        self.leave();
        let status = subshell_status(result)?;
        self.st.subst_status = Some(status);
        let mut text = String::from_utf8_lossy(&bytes).into_owned();
        while text.ends_with('\n') {
            text.pop();
        }
        Ok(text)
    }

    // ----- simple commands -----

    fn exec_simple(&mut self, sys: &mut dyn System, cmd: &SimpleCommand) -> R<i32> {
        self.step()?;
        self.st.lineno = cmd.line;
        self.st.subst_status = None;
        let argv = self.expand_words(sys, &cmd.words)?;
        let mut assigns = Vec::with_capacity(cmd.assigns.len());
        for assign in &cmd.assigns {
            let value = self.expand_assignment(sys, &assign.value)?;
            assigns.push((assign.name.clone(), value));
        }
        if self.st.opts.xtrace {
            self.trace(&assigns, &argv)?;
        }
        if argv.is_empty() {
            for (name, value) in &assigns {
                if let Err(message) = self.set_var(name, value) {
                    self.error(&message)?;
                    return Err(Flow::Exit(2));
                }
            }
            let status = self.st.subst_status.unwrap_or(0);
            if cmd.redirects.is_empty() {
                return Ok(status);
            }
            let mut scope = self.scope();
            let ok = self.apply_redirects(sys, &cmd.redirects, &mut scope);
            self.end_scope(sys, scope);
            return Ok(if ok? { status } else { 1 });
        }
        let argv = self.expand_alias(sys, argv)?;
        let special = super::builtins::is_special(&argv[0]);
        // Assignments before a special builtin stay; before anything else they last for that command only.
        let mut restore = Vec::new();
        for (name, value) in &assigns {
            if special {
                if let Err(message) = self.set_var(name, value) {
                    self.error(&message)?;
                    return Err(Flow::Exit(2));
                }
            } else {
                restore.push((name.clone(), self.st.vars.get(name).cloned()));
                if let Err(message) = self.set_var(name, value) {
                    self.error(&message)?;
                    return Ok(1);
                }
                if let Some(var) = self.st.vars.get_mut(name) {
                    var.exported = true;
                }
            }
        }
        let result = if cmd.redirects.is_empty() {
            self.run_command(sys, &argv, false)
        } else if argv[0] == "exec" && argv.len() == 1 {
            // `exec >file`: the redirections stay for the rest of the shell.
            let mut scope = self.scope();
            let ok = self.apply_redirects(sys, &cmd.redirects, &mut scope);
            ok.map(|ok| if ok { 0 } else { 1 })
        } else {
            let mut scope = self.scope();
            match self.apply_redirects(sys, &cmd.redirects, &mut scope) {
                Ok(true) => {
                    let result = self.run_command(sys, &argv, false);
                    self.end_scope(sys, scope);
                    result
                }
                Ok(false) => {
                    self.end_scope(sys, scope);
                    Ok(1)
                }
                Err(flow) => {
                    self.end_scope(sys, scope);
                    Err(flow)
                }
            }
        };
        for (name, old) in restore.into_iter().rev() {
            match old {
                Some(var) => {
                    self.st.vars.insert(name, var);
                }
                None => {
                    self.st.vars.remove(&name);
                }
            }
        }
        result
    }

    fn trace(&mut self, assigns: &[(String, String)], argv: &[String]) -> R<()> {
        let ps4 = self.var("PS4").unwrap_or("+ ").to_string();
        let mut line = ps4;
        let mut first = true;
        for (name, value) in assigns {
            if !first {
                line.push(' ');
            }
            first = false;
            line.push_str(name);
            line.push('=');
            line.push_str(&shell_quote(value));
        }
        for arg in argv {
            if !first {
                line.push(' ');
            }
            first = false;
            line.push_str(&shell_quote(arg));
        }
        line.push('\n');
        self.write_fd(2, line.as_bytes())
    }

    /// Replaces an alias in command position by its value (simple word lists only, which covers `alias ll='ls -l'`).
    fn expand_alias(&mut self, sys: &mut dyn System, argv: Vec<String>) -> R<Vec<String>> {
        let Some(value) = self.st.aliases.get(&argv[0]).cloned() else { return Ok(argv) };
        let Ok(list) = super::parser::parse_script(&value) else { return Ok(argv) };
        let [and_or] = list.as_slice() else { return Ok(argv) };
        if !and_or.rest.is_empty() || and_or.first.commands.len() != 1 || and_or.first.bang {
            return Ok(argv);
        }
        let Some(Command::Simple(simple)) = and_or.first.commands.first() else { return Ok(argv) };
        if !simple.assigns.is_empty() || !simple.redirects.is_empty() || simple.words.is_empty() {
            return Ok(argv);
        }
        let mut words = self.expand_words(sys, &simple.words)?;
        if words.first() == argv.first() {
            // `alias ls='ls --color'`: do not expand again.
            words.extend(argv.into_iter().skip(1));
            return Ok(words);
        }
        words.extend(argv.into_iter().skip(1));
        Ok(words)
    }

    /// Calls a shell function with `argv[1..]` as positional parameters.
    pub fn call_function(&mut self, sys: &mut dyn System, body: Arc<Command>, argv: &[String]) -> R<i32> {
        self.enter()?;
        let positional = std::mem::replace(&mut self.st.positional, argv.get(1..).unwrap_or(&[]).to_vec());
        let loop_depth = std::mem::replace(&mut self.st.loop_depth, 0);
        self.st.locals.push(Vec::new());
        self.st.function_depth += 1;
        let result = self.exec_command(sys, &body);
        self.st.function_depth = self.st.function_depth.saturating_sub(1);
        if let Some(frame) = self.st.locals.pop() {
            for (name, old) in frame.into_iter().rev() {
                match old {
                    Some(var) => {
                        self.st.vars.insert(name, var);
                    }
                    None => {
                        self.st.vars.remove(&name);
                    }
                }
            }
        }
        self.st.loop_depth = loop_depth;
        self.st.positional = positional;
        self.leave();
        match result {
            Err(Flow::Return(status)) => Ok(status),
            other => other,
        }
    }

    // ----- variables -----

    /// Sets a variable, keeping its export flag; `Err` carries the message for a read-only variable.
    pub fn set_var(&mut self, name: &str, value: &str) -> Result<(), String> {
        match self.st.vars.get_mut(name) {
            Some(var) if var.readonly => Err(format!("{name}: is read only")),
            Some(var) => {
                var.value.clear();
                var.value.push_str(value);
                Ok(())
            }
            None => {
                let exported = self.st.pending_exports.remove(name);
                self.st.vars.insert(name.to_string(), Var { value: value.to_string(), exported, readonly: false });
                Ok(())
            }
        }
    }

    pub fn get_var(&self, name: &str) -> Option<&str> {
        self.st.vars.get(name).map(|v| v.value.as_str())
    }

    // ----- redirections -----

    pub fn scope(&self) -> Scope {
        Scope { saved: Vec::new(), mark: self.io.mark() }
    }

    /// Applies redirections; `Ok(false)` when one failed (the message is printed; the command must not run).
    pub fn apply_redirects(&mut self, sys: &mut dyn System, redirects: &[Redirect], scope: &mut Scope) -> R<bool> {
        for redirect in redirects {
            if !self.apply_redirect(sys, redirect, scope)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn set_fd(&mut self, fd: usize, target: Fd, scope: &mut Scope) {
        if let Some(slot) = self.st.fds.get_mut(fd) {
            scope.saved.push((fd, *slot));
            *slot = target;
        }
    }

    fn apply_redirect(&mut self, sys: &mut dyn System, redirect: &Redirect, scope: &mut Scope) -> R<bool> {
        let default_fd = match redirect.op {
            RedirOp::In | RedirOp::DupIn | RedirOp::HereDoc | RedirOp::HereString | RedirOp::ReadWrite => 0,
            _ => 1,
        };
        let fd = redirect.fd.map_or(default_fd, |fd| fd as usize);
        if fd >= self.st.fds.len() {
            self.error(&format!("{fd}: Bad file descriptor"))?;
            return Ok(false);
        }
        if redirect.op == RedirOp::HereDoc {
            let body = match &redirect.heredoc {
                Some(HereDoc::Literal(text)) => text.clone(),
                Some(HereDoc::Expand(parts)) => self.expand_heredoc(sys, parts)?,
                None => String::new(),
            };
            let source = self.io.open_source(Arc::from(body.into_bytes()));
            self.set_fd(fd, source, scope);
            return Ok(true);
        }
        let target = self.expand_text(sys, &redirect.target)?;
        match redirect.op {
            RedirOp::HereString => {
                let source = self.io.open_source(Arc::from(format!("{target}\n").into_bytes()));
                self.set_fd(fd, source, scope);
                Ok(true)
            }
            RedirOp::DupIn | RedirOp::DupOut => {
                if target == "-" {
                    self.set_fd(fd, Fd::Closed, scope);
                    return Ok(true);
                }
                if let Ok(from) = target.parse::<usize>() {
                    let source = self.st.fds.get(from).copied().unwrap_or(Fd::Closed);
                    if source == Fd::Closed {
                        self.error(&format!("{target}: Bad file descriptor"))?;
                        return Ok(false);
                    }
                    self.set_fd(fd, source, scope);
                    return Ok(true);
                }
                if redirect.op == RedirOp::DupIn {
                    self.error(&format!("{target}: Bad file descriptor"))?;
                    return Ok(false);
                }
                // `>&file` is bash's `&>file`.
                let Some(sink) = self.open_output(sys, &target, false)? else { return Ok(false) };
                self.set_fd(1, sink, scope);
                self.set_fd(2, sink, scope);
                Ok(true)
            }
            RedirOp::In | RedirOp::ReadWrite => {
                let Some(source) = self.open_input(sys, &target, redirect.op == RedirOp::ReadWrite)? else {
                    return Ok(false);
                };
                self.set_fd(fd, source, scope);
                Ok(true)
            }
            RedirOp::Out | RedirOp::Append => {
                let Some(sink) = self.open_output(sys, &target, redirect.op == RedirOp::Append)? else {
                    return Ok(false);
                };
                self.set_fd(fd, sink, scope);
                Ok(true)
            }
            RedirOp::OutErr | RedirOp::AppendErr => {
                let Some(sink) = self.open_output(sys, &target, redirect.op == RedirOp::AppendErr)? else {
                    return Ok(false);
                };
                self.set_fd(1, sink, scope);
                self.set_fd(2, sink, scope);
                Ok(true)
            }
            RedirOp::HereDoc => Ok(true),
        }
    }

    fn open_input(&mut self, sys: &mut dyn System, target: &str, create: bool) -> R<Option<Fd>> {
        match special_device(target) {
            Some(Device::Null) => return Ok(Some(Fd::Null)),
            Some(Device::Fd(n)) => return Ok(Some(self.st.fds.get(n).copied().unwrap_or(Fd::Closed))),
            Some(Device::Data(data)) => return Ok(Some(self.io.open_source(Arc::from(data)))),
            Some(Device::Tty) => {
                self.error(&format!("can't open '{target}': No such device or address"))?;
                return Ok(None);
            }
            None => {}
        }
        let path = self.abs(target);
        self.flush_pending(sys, &path);
        match sys.read(&path) {
            Ok(data) => Ok(Some(self.io.open_source(data))),
            Err(e) if create && e.kind == super::system::ErrorKind::NotFound => {
                let mode = 0o666 & !self.st.umask;
                match sys.write(&path, b"", mode) {
                    Ok(()) => Ok(Some(self.io.open_source(Arc::from(Vec::new())))),
                    Err(e) => {
                        self.error(&format!("can't create {target}: {e}"))?;
                        Ok(None)
                    }
                }
            }
            Err(e) => {
                self.error(&format!("can't open '{target}': {e}"))?;
                Ok(None)
            }
        }
    }

    fn open_output(&mut self, sys: &mut dyn System, target: &str, append: bool) -> R<Option<Fd>> {
        match special_device(target) {
            Some(Device::Null) | Some(Device::Data(_)) => return Ok(Some(Fd::Null)),
            Some(Device::Fd(n)) => return Ok(Some(self.st.fds.get(n).copied().unwrap_or(Fd::Closed))),
            Some(Device::Tty) => {
                self.error(&format!("can't create {target}: No such device or address"))?;
                return Ok(None);
            }
            None => {}
        }
        if target.is_empty() {
            self.error("can't create : No such file or directory")?;
            return Ok(None);
        }
        let path = self.abs(target);
        let mode = 0o666 & !self.st.umask;
        if let Ok(stat) = sys.stat(&path) {
            if stat.is_dir() {
                self.error(&format!("can't create {target}: Is a directory"))?;
                return Ok(None);
            }
        }
        self.flush_pending(sys, &path);
        let opened = if append { sys.append(&path, b"", mode) } else { sys.write(&path, b"", mode) };
        match opened {
            Ok(()) => Ok(Some(self.io.open_sink(Some(FileTarget { path: Fs::normalize("/", &path), mode })))),
            Err(e) => {
                self.error(&format!("can't create {target}: {e}"))?;
                Ok(None)
            }
        }
    }

    pub fn end_scope(&mut self, sys: &mut dyn System, scope: Scope) {
        for (fd, old) in scope.saved.into_iter().rev() {
            if let Some(slot) = self.st.fds.get_mut(fd) {
                *slot = old;
            }
        }
        self.close_scope(sys, scope.mark);
    }

    /// Closes the buffers opened after `mark` that no descriptor refers to any more, writing files out.
    pub fn close_scope(&mut self, sys: &mut dyn System, mark: u64) {
        let pending = self.io.close_since(mark, &self.st.fds);
        self.flush_files(sys, pending);
    }

    fn flush_files(&mut self, sys: &mut dyn System, pending: Vec<(FileTarget, Vec<u8>)>) {
        for (file, bytes) in pending {
            if bytes.is_empty() {
                continue;
            }
            if let Err(e) = sys.append(&file.path, &bytes, file.mode) {
                let line = format!("{}: write error: {}: {e}\n", self.st.arg0, file.path);
                let _ = self.io.write(self.st.fds[2], line.as_bytes());
            }
        }
    }

    /// Writes out what open redirections have buffered for `path`, before something reads it.
    pub fn flush_pending(&mut self, sys: &mut dyn System, path: &str) {
        let normal = Fs::normalize("/", path);
        let pending = self.io.take_pending(&normal);
        self.flush_files(sys, pending);
    }

    // ----- child shells -----

    /// The state a new `sh` process starts with: the environment (exported variables), working directory, user,
    /// umask and file descriptors; nothing else.
    pub fn child_state(&self, arg0: &str, positional: Vec<String>) -> State {
        let mut vars: BTreeMap<String, Var> = self
            .st
            .vars
            .iter()
            .filter(|(_, v)| v.exported)
            .map(|(k, v)| (k.clone(), Var { value: v.value.clone(), exported: true, readonly: false }))
            .collect();
        for (name, value) in [("IFS", " \t\n"), ("PS1", "# "), ("PS2", "> "), ("PS4", "+ "), ("OPTIND", "1")] {
            vars.insert(name.to_string(), Var { value: value.to_string(), exported: false, readonly: false });
        }
        State {
            vars,
            positional,
            arg0: arg0.to_string(),
            cwd: self.st.cwd.clone(),
            status: 0,
            opts: Opts::default(),
            functions: BTreeMap::new(),
            aliases: BTreeMap::new(),
            traps: BTreeMap::new(),
            umask: self.st.umask,
            uid: self.st.uid,
            gid: self.st.gid,
            user_name: self.st.user_name.clone(),
            locals: Vec::new(),
            fds: self.st.fds,
            errexit_ignored: 0,
            loop_depth: 0,
            function_depth: 0,
            source_depth: 0,
            last_bg: None,
            subst_status: None,
            pending_exports: Default::default(),
            getopts_sub: 0,
            flavour: self.st.flavour,
            interactive: false,
            lines_read: 0,
            named_script: false,
            lineno: 0,
        }
    }

    /// Runs `f` as a separate shell process with `state`; returns its exit status.
    pub fn run_child(
        &mut self,
        sys: &mut dyn System,
        state: State,
        f: impl FnOnce(&mut Interp, &mut dyn System) -> R<i32>,
    ) -> R<i32> {
        self.enter()?;
        let mark = self.io.mark();
        let saved = std::mem::replace(&mut self.st, state);
        let mut result = f(self, sys);
        if !matches!(result, Err(Flow::Limit(_) | Flow::Wait)) {
            if let Some(action) = self.st.traps.remove("EXIT") {
                if let Ok(s) | Err(Flow::Exit(s)) = result {
                    self.st.status = s;
                }
                if let Err(Flow::Limit(kind)) = self.eval_string(sys, &action) {
                    result = Err(Flow::Limit(kind));
                }
            }
        }
        self.st = saved;
        self.close_scope(sys, mark);
        self.leave();
        subshell_status(result)
    }
}

/// A subshell's or child's result as its exit status; only a limit keeps unwinding.
fn subshell_status(result: R<i32>) -> R<i32> {
    match result {
        Ok(status) | Err(Flow::Exit(status)) | Err(Flow::Return(status)) => Ok(status),
        Err(Flow::Break(_)) | Err(Flow::Continue(_)) => Ok(0),
        Err(Flow::Limit(kind)) => Err(Flow::Limit(kind)),
        Err(Flow::Wait) => Err(Flow::Wait),
    }
}

/// Why a command could not be run (see [`Interp::command_error`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandProblem {
    NotFound,
    Denied,
}

/// The most sleeps a run's timeline records (a loop that sleeps a million times keeps the first ones).
const MAX_TIMELINE: usize = 10_000;

/// `path` made absolute against `cwd` (lexically; a trailing slash is kept, it means "a directory").
pub fn absolute(cwd: &str, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    if cwd.ends_with('/') {
        format!("{cwd}{path}")
    } else {
        format!("{cwd}/{path}")
    }
}

/// Paths that are not files in the tree: Docker mounts /dev at run time, images do not contain it.
pub enum Device {
    Null,
    Tty,
    /// `/dev/stdin`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`.
    Fd(usize),
    /// `/dev/zero`, `/dev/urandom`: a finite, deterministic stand-in.
    Data(Vec<u8>),
}

/// How many bytes `/dev/zero` and `/dev/urandom` yield (they are endless on a real system).
pub const DEVICE_BYTES: usize = 64 * 1024;

pub fn special_device(path: &str) -> Option<Device> {
    Some(match path {
        "/dev/null" => Device::Null,
        "/dev/tty" | "/dev/console" => Device::Tty,
        "/dev/stdin" => Device::Fd(0),
        "/dev/stdout" => Device::Fd(1),
        "/dev/stderr" => Device::Fd(2),
        "/dev/zero" => Device::Data(vec![0; DEVICE_BYTES]),
        "/dev/urandom" | "/dev/random" => Device::Data(pseudo_random_bytes(DEVICE_BYTES)),
        _ => {
            let n = path.strip_prefix("/dev/fd/")?.parse::<usize>().ok()?;
            Device::Fd(n)
        }
    })
}

/// Deterministic bytes (xorshift): the core has no randomness, and the same build must give the same layer.
pub fn pseudo_random_bytes(n: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(n);
    out
}

/// Quotes a word for `set -x` and `set`/`export -p` output, as dash does: only when needed, with single quotes.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'_' | b'.' | b'/' | b':' | b'=' | b'@' | b'%' | b'+' | b',' | b'-')
        })
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// `1,000,000`
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `8 MiB`, `256 MiB`, `1000 bytes`
pub fn human_size(n: u64) -> String {
    for (size, unit) in [(1u64 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")] {
        if n >= size && n % size == 0 {
            return format!("{} {unit}", n / size);
        }
    }
    format!("{n} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(shell_quote("plain/path-1.0"), "plain/path-1.0");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(group_thousands(1_000_000), "1,000,000");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(human_size(8 << 20), "8 MiB");
        assert_eq!(absolute("/tmp", "x/"), "/tmp/x/");
        assert_eq!(absolute("/", "x"), "/x");
        assert_eq!(absolute("/tmp", "/abs"), "/abs");
        assert_eq!(pseudo_random_bytes(16), pseudo_random_bytes(16));
        assert!(matches!(special_device("/dev/fd/3"), Some(Device::Fd(3))));
        assert!(special_device("/dev/sda").is_none());
    }
}
