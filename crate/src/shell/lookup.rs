//! Finding and starting commands: functions, builtins, then a PATH search in the file tree, following the
//! convention of simulated images — `#!/layerlab/applet NAME` runs a built-in applet (busybox picks it from argv[0]),
//! `#!INTERP` runs the interpreter with the script as argument, a text file without `#!` runs as a shell script,
//! and a minibox binary (see [`crate::images::minibox`]) runs as the busybox applet.
//! Also the `sh`/`bash` applet itself and the exec form of RUN (no shell at all).

use super::applets::{self, Cx};
use super::builtins;
use super::interp::{CommandProblem, Flow, Interp, R};
use super::system::{ErrorKind, System};
use super::DEFAULT_PATH;

/// What a PATH search found.
pub enum Found {
    Path(String),
    /// A file by that name exists but is not executable.
    Denied,
    Missing,
}

/// The last component of a path (`/bin/ls` → `ls`).
pub fn basename(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "" } else { "/" };
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// How many `#!` interpreters may chain (Linux allows a handful).
const MAX_INTERPRETER_HOPS: u32 = 4;

impl Interp {
    /// Runs `argv` as a command: a function (unless `skip_functions`), a builtin, or a program from PATH.
    pub fn run_command(&mut self, sys: &mut dyn System, argv: &[String], skip_functions: bool) -> R<i32> {
        let Some(name) = argv.first() else { return Ok(0) };
        if !skip_functions {
            if let Some(body) = self.st.functions.get(name).cloned() {
                return self.call_function(sys, body, argv);
            }
        }
        if builtins::is_builtin(name) {
            return self.run_builtin(sys, argv);
        }
        self.run_external(sys, argv)
    }

    /// Runs a program found through PATH (or given as a path).
    pub fn run_external(&mut self, sys: &mut dyn System, argv: &[String]) -> R<i32> {
        let Some(name) = argv.first() else { return Ok(0) };
        if name.is_empty() {
            self.command_error("", CommandProblem::NotFound)?;
            return Ok(127);
        }
        let path = if name.contains('/') {
            self.abs(name)
        } else {
            match self.find_in_path(sys, name) {
                Found::Path(path) => path,
                Found::Denied => {
                    self.command_error(name, CommandProblem::Denied)?;
                    return Ok(126);
                }
                Found::Missing => {
                    self.command_error(name, CommandProblem::NotFound)?;
                    return Ok(127);
                }
            }
        };
        self.exec_path(sys, &path, argv, 0)
    }

    pub fn path_var(&self) -> String {
        self.get_var("PATH").unwrap_or(DEFAULT_PATH).to_string()
    }

    /// Searches PATH for an executable regular file called `name`.
    pub fn find_in_path(&self, sys: &mut dyn System, name: &str) -> Found {
        let mut denied = false;
        for dir in self.path_var().split(':') {
            let dir = if dir.is_empty() { "." } else { dir };
            let candidate = self.abs(&format!("{}/{name}", dir.trim_end_matches('/')));
            let candidate = if candidate.starts_with("//") { candidate[1..].to_string() } else { candidate };
            if let Ok(stat) = sys.stat(&candidate) {
                if stat.is_file() {
                    if stat.mode & 0o111 != 0 {
                        return Found::Path(crate::vfs::Fs::normalize("/", &candidate));
                    }
                    denied = true;
                }
            }
        }
        if denied {
            Found::Denied
        } else {
            Found::Missing
        }
    }

    /// execve(2) of the file at `path`, with `argv[0]` as the name shown in errors.
    pub fn exec_path(&mut self, sys: &mut dyn System, path: &str, argv: &[String], hops: u32) -> R<i32> {
        let shown = argv.first().cloned().unwrap_or_default();
        let stat = match sys.stat(path) {
            Ok(stat) => stat,
            Err(e) if e.kind == ErrorKind::NotFound || e.kind == ErrorKind::NotADirectory => {
                self.command_error(&shown, CommandProblem::NotFound)?;
                return Ok(127);
            }
            Err(e) => {
                self.error(&format!("{shown}: {e}"))?;
                return Ok(126);
            }
        };
        if stat.is_dir() || stat.mode & 0o111 == 0 {
            self.command_error(&shown, CommandProblem::Denied)?;
            return Ok(126);
        }
        if let Some(is_server) = self.waits.and_then(|w| w.is_server) {
            if is_server(argv, &self.st.cwd, sys) {
                // It serves until stopped: the process waits here for good.
                self.start_waiting(super::WaitKind::Server(argv.to_vec()))?;
            }
        }
        self.flush_pending(sys, path);
        let data = match sys.read(path) {
            Ok(data) => data,
            Err(e) => {
                self.error(&format!("{shown}: {e}"))?;
                return Ok(126);
            }
        };
        if let Some(rest) = data.strip_prefix(b"#!") {
            let line_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let line = String::from_utf8_lossy(&rest[..line_end]).trim().to_string();
            if let Some(applet) = line.strip_prefix("/layerlab/applet") {
                let applet = applet.trim().to_string();
                return self.run_applet_file(sys, &applet, argv);
            }
            let mut words = line.splitn(2, [' ', '\t']);
            let interpreter = words.next().unwrap_or("").to_string();
            let interpreter_arg = words.next().map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
            if !interpreter.is_empty() {
                if hops >= MAX_INTERPRETER_HOPS {
                    self.error(&format!("{shown}: Too many levels of symbolic links"))?;
                    return Ok(126);
                }
                let interpreter_path = self.abs(&interpreter);
                if !sys.stat(&interpreter_path).is_ok_and(|s| s.is_file()) {
                    self.command_error(&shown, CommandProblem::NotFound)?;
                    return Ok(127);
                }
                let mut next = vec![interpreter.clone()];
                next.extend(interpreter_arg);
                next.push(if shown.contains('/') { shown.clone() } else { path.to_string() });
                next.extend(argv.iter().skip(1).cloned());
                return self.exec_path(sys, &interpreter_path, &next, hops + 1);
            }
        }
        if crate::images::minibox::is_minibox(&data) {
            // layerlab's own multi-call binary, as exported images carry it: the shell runs it as its busybox.
            return self.run_applet_file(sys, "busybox", argv);
        }
        let head = &data[..data.len().min(512)];
        if head.starts_with(b"\x7fELF") || head.contains(&0) {
            self.error(&format!(
                "{shown}: cannot execute binary file (layerlab simulates commands; it cannot run real programs)"
            ))?;
            return Ok(126);
        }
        // No `#!`: the shell runs it as a script (what execve's ENOEXEC leads to).
        let text = String::from_utf8_lossy(&data).into_owned();
        let state = self.child_state(&shown, argv.get(1..).unwrap_or(&[]).to_vec());
        self.run_child(sys, state, |sh, sys| sh.run_source(sys, &text))
    }

    /// A file saying `#!/layerlab/applet NAME`: runs the applet (`busybox` picks one from argv[0] or argv[1]).
    fn run_applet_file(&mut self, sys: &mut dyn System, applet: &str, argv: &[String]) -> R<i32> {
        if applet != "busybox" {
            return self.run_applet(sys, applet, argv);
        }
        let called = basename(argv.first().map_or("busybox", String::as_str)).to_string();
        if called != "busybox" {
            return self.run_applet(sys, &called, argv);
        }
        match argv.get(1) {
            None => {
                let mut text = String::from(
                    "BusyBox v1.36.1 (layerlab simulation) multi-call binary.\n\
                     Usage: busybox [function [arguments]...]\n\nCurrently defined functions:\n",
                );
                text.push('\t');
                text.push_str(&applets::APPLETS.join(", "));
                text.push('\n');
                self.write_fd(1, text.as_bytes())?;
                Ok(0)
            }
            Some(name) if name == "--list" => {
                let text: String = applets::APPLETS.iter().map(|a| format!("{a}\n")).collect();
                self.write_fd(1, text.as_bytes())?;
                Ok(0)
            }
            Some(name) => {
                let name = basename(name).to_string();
                self.run_applet(sys, &name, &argv[1..])
            }
        }
    }

    /// Runs a built-in applet by name.
    pub fn run_applet(&mut self, sys: &mut dyn System, name: &str, argv: &[String]) -> R<i32> {
        if matches!(name, "sh" | "bash" | "ash" | "dash") {
            return self.run_sh(sys, argv);
        }
        match applets::find(name) {
            Some(applet) => {
                let mut cx = Cx { sh: self, sys, argv };
                applet(&mut cx)
            }
            None => {
                let line = format!("{name}: applet not found (layerlab simulates only some busybox applets)\n");
                self.write_fd(2, line.as_bytes())?;
                Ok(127)
            }
        }
    }

    /// The exec form (`RUN ["prog", "arg"]`): no shell, so no builtins or functions; errors look like Docker's.
    pub fn run_exec_form(&mut self, sys: &mut dyn System, argv: &[String]) -> R<i32> {
        let name = &argv[0];
        let path = if name.contains('/') {
            let path = self.abs(name);
            if sys.stat(&path).is_err() {
                let line = format!("exec: \"{name}\": stat {name}: no such file or directory\n");
                self.write_fd(2, line.as_bytes())?;
                return Ok(127);
            }
            path
        } else {
            match self.find_in_path(sys, name) {
                Found::Path(path) => path,
                Found::Denied => {
                    let line = format!("exec: \"{name}\": permission denied\n");
                    self.write_fd(2, line.as_bytes())?;
                    return Ok(126);
                }
                Found::Missing => {
                    let line = format!("exec: \"{name}\": executable file not found in $PATH\n");
                    self.write_fd(2, line.as_bytes())?;
                    return Ok(127);
                }
            }
        };
        self.exec_path(sys, &path, argv, 0)
    }

    /// `sh [-eux…] [-c script [arg0 [args…]] | file [args…] | -s]`, also as `bash`.
    pub fn run_sh(&mut self, sys: &mut dyn System, argv: &[String]) -> R<i32> {
        let me = argv.first().cloned().unwrap_or_else(|| "sh".to_string());
        let ShArgs { opts, command_mode, read_stdin, operands: i } = match parse_sh_args(argv) {
            Ok(args) => args,
            Err(ShArgsStop::Version) => {
                let text = format!(
                    "{}: layerlab's simulated POSIX shell (busybox ash flavour), not GNU bash\n",
                    basename(&me)
                );
                self.write_fd(1, text.as_bytes())?;
                return Ok(0);
            }
            Err(ShArgsStop::Invalid(message)) => {
                self.write_fd(2, format!("{me}: {message}\n").as_bytes())?;
                return Ok(2);
            }
        };
        let rest = argv.get(i..).unwrap_or(&[]);
        if command_mode {
            let Some(script) = rest.first().cloned() else {
                let line = format!("{me}: -c requires an argument\n");
                self.write_fd(2, line.as_bytes())?;
                return Ok(2);
            };
            let arg0 = rest.get(1).cloned().unwrap_or_else(|| me.clone());
            let positional = rest.get(2..).unwrap_or(&[]).to_vec();
            let mut state = self.child_state(&arg0, positional);
            state.opts = opts;
            state.flavour = Some(super::Flavour::detect(&me, sys));
            state.named_script = rest.len() > 1;
            return self.run_child(sys, state, |sh, sys| sh.run_source(sys, &script));
        }
        if !read_stdin {
            if let Some(file) = rest.first() {
                let path = self.abs(file);
                self.flush_pending(sys, &path);
                let text = match sys.read(&path) {
                    Ok(data) => String::from_utf8_lossy(&data).into_owned(),
                    Err(e) => {
                        let line = format!("{me}: can't open '{file}': {e}\n");
                        self.write_fd(2, line.as_bytes())?;
                        return Ok(127);
                    }
                };
                let mut state = self.child_state(file, rest[1..].to_vec());
                state.opts = opts;
                state.flavour = Some(super::Flavour::detect(&me, sys));
                state.named_script = true;
                return self.run_child(sys, state, |sh, sys| sh.run_source(sys, &text));
            }
        }
        let stdin = self.st.fds[0];
        let text = String::from_utf8_lossy(&self.io.read_all(stdin)).into_owned();
        let mut state = self.child_state(&me, rest.to_vec());
        state.opts = opts;
        state.flavour = Some(super::Flavour::detect(&me, sys));
        self.run_child(sys, state, |sh, sys| sh.run_source(sys, &text))
    }

    /// `exec cmd args`: runs the program and ends the shell with its status.
    pub fn exec_builtin(&mut self, sys: &mut dyn System, argv: &[String]) -> R<i32> {
        let status = self.run_external(sys, argv)?;
        Err(Flow::Exit(status))
    }
}

/// What `sh`'s options ask for, and where its operands start.
struct ShArgs {
    opts: super::interp::Opts,
    command_mode: bool,
    read_stdin: bool,
    operands: usize,
}

/// Why `sh`'s options end the run before it starts.
enum ShArgsStop {
    Version,
    /// The message after `sh: ` (`-q: invalid option`).
    Invalid(String),
}

fn parse_sh_args(argv: &[String]) -> Result<ShArgs, ShArgsStop> {
    let mut opts = super::interp::Opts::default();
    let mut command_mode = false;
    let mut read_stdin = false;
    let mut i = 1;
    while let Some(arg) = argv.get(i) {
        match arg.as_str() {
            "--" | "-" => {
                i += 1;
                break;
            }
            "--version" => return Err(ShArgsStop::Version),
            "--login" | "--noprofile" | "--norc" | "--posix" | "--noediting" => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let on = arg.starts_with('-');
        if !(on || arg.starts_with('+')) || arg.len() < 2 {
            break;
        }
        i += 1;
        for c in arg[1..].chars() {
            if builtins::set_letter_option(&mut opts, c, on) {
                continue;
            }
            match c {
                'c' => command_mode = true,
                's' => read_stdin = true,
                'i' | 'l' | 'm' | 'p' | 'h' | 'a' | 'b' | 'n' => {}
                'o' => {
                    let name = argv.get(i).cloned().unwrap_or_default();
                    i += 1;
                    if !builtins::set_named_option(&mut opts, &name, on) {
                        return Err(ShArgsStop::Invalid(format!("{name}: bad option")));
                    }
                }
                other => return Err(ShArgsStop::Invalid(format!("-{other}: invalid option"))),
            }
        }
    }
    Ok(ShArgs { opts, command_mode, read_stdin, operands: i.min(argv.len()) })
}

/// Whether `sh ARGS…` reads its script from standard input (no `-c`, and `-s` or no script file): minibox starts
/// its prompt loop for that case when stdin is a terminal.
pub fn sh_reads_stdin(argv: &[String]) -> bool {
    match parse_sh_args(argv) {
        Ok(args) => !args.command_mode && (args.read_stdin || args.operands >= argv.len()),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_sh_invocations_read_stdin() {
        let argv = |words: &str| words.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        for reads in ["sh", "sh -e", "sh -s a b", "sh -o errexit", "sh --", "sh -x -"] {
            assert!(sh_reads_stdin(&argv(reads)), "{reads}");
        }
        for runs in ["sh -c true", "sh script.sh", "sh -e script.sh a", "sh --version", "sh -q", "sh -o nosuch"] {
            assert!(!sh_reads_stdin(&argv(runs)), "{runs}");
        }
    }

    #[test]
    fn basenames() {
        assert_eq!(basename("/bin/ls"), "ls");
        assert_eq!(basename("ls"), "ls");
        assert_eq!(basename("/usr/bin/"), "bin");
        assert_eq!(basename("/"), "/");
        assert_eq!(basename(""), "");
    }
}
