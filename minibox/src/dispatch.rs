//! Multi-call dispatch: which applet argv asks for (argv[0]'s base name; argv[1] after `minibox`/`busybox`; the
//! NAME of `/layerlab/applet NAME SCRIPT…`), the shell's configuration from the process (environment, working
//! directory, user), and the [`layerlab::shell::Outcome`] written back to the real stdout and stderr.

use crate::real_system::{not_in_image_message, RealSystem, MULTICALL_PATH, SIMULATED_ONLY};
use layerlab::shell::{is_simulated_applet, resolve_user, sh_reads_stdin, Limits, Outcome, Shell, ShellConfig, Stream};
use std::collections::BTreeMap;
use std::io::{self, BufRead, IsTerminal, Read, Write};

/// Runs minibox with the process's argv and returns the exit status.
pub fn run(args: &[String]) -> i32 {
    let argv0 = args.first().map_or("minibox", String::as_str);
    let called = basename(argv0);
    let rest = args.get(1..).unwrap_or(&[]);
    match called {
        "minibox" | "busybox" => match rest.first() {
            None => run_multicall(&[]),
            Some(flag) if flag.starts_with("--") => run_multicall(rest),
            Some(name) => {
                let mut argv = vec![basename(name).to_string()];
                argv.extend(rest[1..].iter().cloned());
                dispatch(&argv)
            }
        },
        "applet" => applet_interpreter(rest),
        _ => {
            let mut argv = vec![called.to_string()];
            argv.extend(rest.iter().cloned());
            dispatch(&argv)
        }
    }
}

/// The last component of a path.
fn basename(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    trimmed.rsplit('/').next().filter(|s| !s.is_empty()).unwrap_or(path)
}

/// `#!/layerlab/applet NAME` made the kernel run `/layerlab/applet NAME SCRIPT ARGS…`.
fn applet_interpreter(rest: &[String]) -> i32 {
    let Some(name) = rest.first() else {
        eprintln!("usage: /layerlab/applet NAME [SCRIPT [ARGS...]]");
        return 2;
    };
    let script = rest.get(1);
    let name = match (name.as_str(), script) {
        ("busybox", Some(script)) => basename(script),
        (name, _) => name,
    };
    if !implemented(name) {
        eprintln!("{}", not_in_image_message(name));
        return 127;
    }
    let mut argv = vec![name.to_string()];
    argv.extend(rest.iter().skip(2).cloned());
    dispatch(&argv)
}

/// Whether minibox really does what `name` does (the simulated shell's applets, minus the ones that only pretend).
fn implemented(name: &str) -> bool {
    is_simulated_applet(name) && !SIMULATED_ONLY.contains(&name)
}

/// Runs applet `argv[0]` with its arguments.
fn dispatch(argv: &[String]) -> i32 {
    let name = argv[0].as_str();
    if SIMULATED_ONLY.contains(&name) {
        eprintln!("{}", not_in_image_message(name));
        return 127;
    }
    match name {
        "sh" | "bash" | "ash" | "dash" => run_sh(argv),
        _ => run_applet(argv),
    }
}

/// The shell's start: the process environment, working directory and user; bounds fit for a real container (no
/// step or output limit: output streams to the real stdout and stderr as it is written).
fn config(sys: &RealSystem, argv0: &str) -> ShellConfig {
    let env: BTreeMap<String, String> = std::env::vars_os()
        .map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned()))
        .collect();
    let cwd = std::env::current_dir().map_or_else(|_| "/".to_string(), |p| p.to_string_lossy().into_owned());
    let (uid, gid) = ids();
    let user_name = resolve_user(sys, &uid.to_string()).map_or_else(|_| uid.to_string(), |u| u.name);
    let limits =
        Limits { max_steps: u64::MAX, max_output_bytes: u64::MAX, max_buffer_bytes: 1 << 30, ..Limits::default() };
    ShellConfig { env, cwd, uid, gid, user_name, limits, argv0: argv0.to_string() }
}

/// A shell that writes its output to the real stdout and stderr as it goes (a container's log shows a loop's lines
/// as they come).
fn streaming_shell(sys: &RealSystem, argv0: &str, with_stdin: bool) -> Shell {
    let mut shell = Shell::new(config(sys, argv0));
    if with_stdin {
        // `echo hi | docker run -i IMAGE cat`: commands read the real stdin (all of it, when first asked).
        shell.attach_stdin(Box::new(|| {
            let mut data = Vec::new();
            let _ = io::stdin().lock().read_to_end(&mut data);
            data
        }));
    }
    shell.stream_output(Box::new(|stream, bytes| {
        // A closed pipe (`minibox yes | head`) is not an error worth reporting.
        let _ = match stream {
            Stream::Stdout => io::stdout().lock().write_all(bytes).and_then(|()| io::stdout().flush()),
            Stream::Stderr => io::stderr().lock().write_all(bytes),
        };
    }));
    shell
}

/// Effective uid and gid from `/proc/self/status` (0 when it cannot be read).
fn ids() -> (u32, u32) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |key: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .and_then(|rest| rest.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (field("Uid:"), field("Gid:"))
}

/// Runs an applet of the shell by name (`argv[0]`).
fn run_applet(argv: &[String]) -> i32 {
    run_multicall(argv)
}

/// Runs `busybox ARGS…` through the virtual busybox file: the shell's busybox picks the applet from `args[0]` (and
/// prints its usage or `--list` itself).
fn run_multicall(args: &[String]) -> i32 {
    let mut sys = RealSystem::new();
    let mut shell = streaming_shell(&sys, args.first().map_or("busybox", String::as_str), true);
    let mut full = vec![MULTICALL_PATH.to_string()];
    full.extend(args.iter().cloned());
    let outcome = shell.run_argv(&mut sys, &full);
    emit(&outcome);
    outcome.status
}

/// `sh`: the shell's own `sh` runs `-c SCRIPT`, a script file, or the script on stdin (the attached real stdin);
/// only with a terminal on stdin and no script does minibox start its prompt loop instead.
fn run_sh(argv: &[String]) -> i32 {
    if sh_reads_stdin(argv) && io::stdin().is_terminal() {
        return interactive(&argv[0]);
    }
    run_applet(argv)
}

/// A minimal interactive shell for a terminal: one line at a time, state kept between lines.
fn interactive(argv0: &str) -> i32 {
    let mut sys = RealSystem::new();
    // The prompt loop reads the terminal itself; its commands get no stdin of their own.
    let mut shell = streaming_shell(&sys, argv0, false);
    let stdin = io::stdin();
    let mut lines = stdin.lock();
    loop {
        let prompt = shell.var("PS1").unwrap_or("$ ").to_string();
        eprint!("{prompt}");
        let mut line = String::new();
        match lines.read_line(&mut line) {
            Ok(0) | Err(_) => {
                eprintln!();
                return shell.status();
            }
            Ok(_) => {}
        }
        let outcome = shell.run_script(&mut sys, &line);
        emit(&outcome);
        if outcome.exited {
            return outcome.status;
        }
    }
}

/// Writes what the run collected rather than streamed (nothing, unless the shell reported a bound) to the real
/// stdout and stderr, in order.
fn emit(outcome: &Outcome) {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    for chunk in &outcome.output {
        // A closed pipe (`minibox yes | head`) is not an error worth reporting.
        let _ = match chunk.stream {
            Stream::Stdout => out.write_all(chunk.text.as_bytes()).and_then(|()| out.flush()),
            Stream::Stderr => err.write_all(chunk.text.as_bytes()).and_then(|()| err.flush()),
        };
    }
}
