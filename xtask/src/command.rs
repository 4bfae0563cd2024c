//! Running other programs (cargo, rustup, apt-get …): echo the command line, run it in the repository root, and turn a
//! failure to start or a non-zero exit into an `Error` that names the command.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use crate::error::{Context, Error, Result};

/// The repository root: xtask lives in `<root>/xtask`, so this holds wherever the user runs `cargo xtask` from.
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The cargo that runs us (so `cargo +nightly xtask` stays on nightly), or the one on `PATH`.
pub fn cargo() -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(program);
    command.current_dir(repo_root());
    command
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set (relative to the repository root), else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => repo_root().join(dir),
        None => repo_root().join("target"),
    }
}

/// A program found on `PATH`, run in the repository root.
pub fn program(name: &str) -> Command {
    let mut command = Command::new(name);
    command.current_dir(repo_root());
    command
}

/// The file `name` names on `PATH`, as a shell would find it; `None` when no directory on `PATH` has it.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

/// Runs `command` with the terminal's stdin, stdout and stderr, after printing it as `$ …` on stderr.
pub fn run(command: &mut Command) -> Result<()> {
    let line = display(command);
    eprintln!("$ {line}");
    let status = command.status().context(|| format!("could not start `{line}`"))?;
    succeeded(&line, status)
}

/// Like `run`, but stdout goes through us: each line is copied to our stdout as it arrives and handed to `on_line`.
pub fn run_watching_stdout(command: &mut Command, on_line: impl FnMut(&str)) -> Result<()> {
    let line = display(command);
    eprintln!("$ {line}");
    let mut child = command.stdout(Stdio::piped()).spawn().context(|| format!("could not start `{line}`"))?;
    let child_stdout = BufReader::new(child.stdout.take().expect("stdout was piped"));
    if let Err(error) = copy_lines(child_stdout, &mut std::io::stdout(), on_line) {
        let _ = child.wait();
        return Err(Error::new(format!("could not read the output of `{line}`: {error}")));
    }
    let status = child.wait().context(|| format!("could not wait for `{line}`"))?;
    succeeded(&line, status)
}

fn succeeded(line: &str, status: ExitStatus) -> Result<()> {
    if status.success() {
        Ok(())
    } else {
        Err(Error::new(format!("`{line}` failed ({status})")))
    }
}

/// Copies `from` to `to` line by line as lines arrive, handing each (without its line break) to `on_line`. A closed
/// `to` (`cargo xtask test | head`) does not stop the copy, so the command still runs to the end and reports.
fn copy_lines(mut from: impl BufRead, to: &mut impl Write, mut on_line: impl FnMut(&str)) -> std::io::Result<()> {
    let mut bytes = Vec::new();
    while from.read_until(b'\n', &mut bytes)? > 0 {
        let _ = to.write_all(&bytes).and_then(|()| to.flush());
        on_line(String::from_utf8_lossy(&bytes).trim_end());
        bytes.clear();
    }
    Ok(())
}

/// Runs `command` quietly and returns its stdout if it exits 0. `Ok(None)` if the program is not installed at all, so
/// callers can tell "missing" from "broken".
pub fn stdout_of(command: &mut Command) -> Result<Option<String>> {
    let line = display(command);
    let output = match command.stdin(Stdio::null()).stderr(Stdio::null()).output() {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(Error::new(format!("could not start `{line}`: {error}"))),
    };
    if output.status.success() {
        Ok(Some(String::from_utf8_lossy(&output.stdout).into_owned()))
    } else {
        Err(Error::new(format!("`{line}` failed ({})", output.status)))
    }
}

/// The command as a person would type it: `cargo clippy --workspace -- -D warnings`. The program is shown by its file
/// name only, since `CARGO` is usually a long toolchain path.
pub fn display(command: &Command) -> String {
    let program = Path::new(command.get_program()).file_name().unwrap_or(command.get_program());
    std::iter::once(program).chain(command.get_args()).map(quote).collect::<Vec<_>>().join(" ")
}

fn quote(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_=+./:,@%".contains(c));
    if plain {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Stops a server this process started: SIGTERM first, so it can shut down what it runs (dockerd its containerd,
/// chromedriver a browser a failed test left open); after `grace`, SIGKILL. Waits for it either way.
pub fn stop(child: &mut std::process::Child, grace: std::time::Duration) {
    let _ = std::process::Command::new("kill").arg(child.id().to_string()).status();
    let deadline = std::time::Instant::now() + grace;
    while std::time::Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_the_program_by_name_and_quotes_odd_words() {
        let mut command = Command::new("/home/me/.rustup/toolchains/stable/bin/cargo");
        command.args(["test", "--workspace", "--", "two words", "it's", ""]);
        assert_eq!(display(&command), r"cargo test --workspace -- 'two words' 'it'\''s' ''");
    }

    #[test]
    fn the_repo_root_holds_the_workspace_manifest() {
        assert!(repo_root().join("xtask").join("Cargo.toml").is_file());
        assert!(repo_root().join("Cargo.toml").is_file());
    }

    #[test]
    fn copies_every_line_and_hands_it_over() {
        let (mut copy, mut lines) = (Vec::new(), Vec::new());
        copy_lines(&b"one\ntwo\r\nthree"[..], &mut copy, |line| lines.push(line.to_string())).unwrap();
        assert_eq!(copy, b"one\ntwo\r\nthree");
        assert_eq!(lines, ["one", "two", "three"]);
    }

    #[test]
    fn watching_stdout_reports_the_exit_status() {
        let error = run_watching_stdout(Command::new("sh").args(["-c", "exit 3"]), |_| {}).unwrap_err();
        assert!(error.to_string().contains("exit status: 3"), "{error}");
    }

    #[test]
    fn finds_programs_on_the_path() {
        assert!(find_on_path("sh").is_some_and(|sh| sh.is_absolute() && sh.ends_with("sh")));
        assert_eq!(find_on_path("layerlab-xtask-no-such-program"), None);
    }

    #[test]
    fn a_missing_program_is_none_not_an_error() {
        let mut command = Command::new("layerlab-xtask-no-such-program");
        assert_eq!(stdout_of(&mut command), Ok(None));
    }
}
