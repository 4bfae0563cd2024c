//! minibox end to end: the built binary runs scripts in a temporary directory over the real file system, with a PATH
//! of symlinks to itself (what an exported image has in /bin), and agrees with the core's simulated shell.

use layerlab::shell::{Shell, ShellConfig, VfsSystem, APPLETS};
use layerlab::vfs::Fs;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const MINIBOX: &str = env!("CARGO_BIN_EXE_minibox");

/// A fresh directory with `bin/` (every applet a symlink to minibox) and `work/` (the working directory).
struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root = std::env::temp_dir().join(format!("minibox-test-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("bin")).unwrap();
        fs::create_dir_all(root.join("work")).unwrap();
        for applet in APPLETS {
            std::os::unix::fs::symlink(MINIBOX, root.join("bin").join(applet)).unwrap();
        }
        Sandbox { root }
    }

    fn work(&self) -> PathBuf {
        self.root.join("work")
    }

    fn command(&self, program: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(self.work())
            .env_clear()
            .env("PATH", self.root.join("bin"))
            .env("HOME", &self.root)
            .stdin(Stdio::null());
        command
    }

    fn run(&self, program: &Path, args: &[&str]) -> Run {
        Run::from(self.command(program, args).output().unwrap())
    }

    /// `minibox sh -c SCRIPT`.
    fn sh(&self, script: &str) -> Run {
        self.run(Path::new(MINIBOX), &["sh", "-c", script])
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

#[derive(Debug, PartialEq, Eq)]
struct Run {
    stdout: String,
    stderr: String,
    status: i32,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            status: output.status.code().unwrap_or(-1),
        }
    }
}

fn ok(stdout: &str) -> Run {
    Run { stdout: stdout.to_string(), stderr: String::new(), status: 0 }
}

#[test]
fn quoting_and_variables() {
    let sb = Sandbox::new();
    let run = sb.sh(r#"a='x  y'; echo "$a" '$a' $a "${UNSET:-dflt}" "${a#x}" ${#a}; echo "q\"q" 'it'\''s'"#);
    assert_eq!(run, ok("x  y $a x y dflt   y 4\nq\"q it's\n"));
}

#[test]
fn lists_and_pipes() {
    let sb = Sandbox::new();
    let run = sb.sh("true && echo and; false || echo or; false; echo $?; printf 'b\\na\\n' | sort | head -1");
    assert_eq!(run, ok("and\nor\n1\na\n"));
}

#[test]
fn positional_parameters_of_sh_c() {
    let sb = Sandbox::new();
    let run = sb.run(Path::new(MINIBOX), &["sh", "-c", r#"echo "$0|$1|$#|$*""#, "me", "a b", "c"]);
    assert_eq!(run, ok("me|a b|2|a b c\n"));
}

#[test]
fn exit_status_and_missing_commands() {
    let sb = Sandbox::new();
    assert_eq!(sb.sh("exit 3").status, 3);
    let run = sb.sh("no-such-command");
    assert_eq!(run.status, 127);
    assert!(run.stderr.contains("no-such-command: not found"), "{run:?}");
}

#[test]
fn redirections_write_real_files() {
    let sb = Sandbox::new();
    let run =
        sb.sh("echo one > out.txt; echo two >> out.txt; ls missing 2> err.txt; cat < out.txt; mkdir d; echo x >d/f");
    assert_eq!(run, ok("one\ntwo\n"));
    assert_eq!(fs::read_to_string(sb.work().join("out.txt")).unwrap(), "one\ntwo\n");
    assert!(fs::read_to_string(sb.work().join("err.txt")).unwrap().contains("missing"));
    assert_eq!(fs::read_to_string(sb.work().join("d/f")).unwrap(), "x\n");
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(sb.work().join("out.txt")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn file_applets_change_the_real_tree() {
    let sb = Sandbox::new();
    fs::write(sb.work().join("keep"), "k").unwrap();
    let run = sb.sh("mkdir -p a/b/c && touch a/b/c/t && cp keep copy && mv copy moved && rm keep && ls && ls a/b/c");
    assert_eq!(run, ok("a\nmoved\nt\n"));
    assert!(sb.work().join("a/b/c/t").is_file());
    assert_eq!(fs::read_to_string(sb.work().join("moved")).unwrap(), "k");
    assert!(!sb.work().join("keep").exists());
    let run = sb.sh("rm -r a && ls; cat moved; echo; cat nope");
    assert_eq!(run.stdout, "moved\nk\n");
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("cat: nope: No such file or directory"), "{run:?}");
    assert!(!sb.work().join("a").exists());
}

#[test]
fn info_applets_see_the_real_system() {
    let sb = Sandbox::new();
    let run = sb.sh("pwd; env; true; echo $?; false; echo $?; test -d . && [ 1 -lt 2 ] && echo tests; sleep 0");
    let expected = format!(
        "{work}\nHOME={home}\nPATH={bin}\nPWD={work}\nSHLVL=1\n0\n1\ntests\n",
        work = sb.work().display(),
        home = sb.root.display(),
        bin = sb.root.join("bin").display()
    );
    assert_eq!(run, ok(&expected));

    let status = fs::read_to_string("/proc/self/status").unwrap();
    let uid = status.lines().find_map(|l| l.strip_prefix("Uid:")).unwrap().split_whitespace().nth(1).unwrap();
    assert_eq!(sb.sh("id -u").stdout.trim(), uid);
    assert!(sb.sh("id").stdout.starts_with(&format!("uid={uid}(")));
    assert_eq!(sb.sh("whoami").status, 0);

    let host = fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    assert_eq!(sb.sh("hostname").stdout.trim(), host.trim());
    assert_eq!(sb.sh("uname -m").stdout.trim(), std::env::consts::ARCH);

    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let date: i64 = sb.sh("date +%s").stdout.trim().parse().unwrap();
    assert!((date - now).abs() < 60, "{date} vs {now}");
    assert!(sb.sh("date").stdout.contains("UTC"));
}

#[test]
fn printf_and_echo() {
    let sb = Sandbox::new();
    let run = sb.sh(r#"printf '%s=%d|%05.1f|%x\n' n 42 3.14159 255; echo -n no-newline; echo; echo a\\tb"#);
    assert_eq!(run, ok("n=42|003.1|ff\nno-newline\na\\tb\n"));
}

#[test]
fn multi_call_through_symlinks_and_argv1() {
    let sb = Sandbox::new();
    std::os::unix::fs::symlink(MINIBOX, sb.work().join("echo")).unwrap();
    assert_eq!(sb.run(&sb.work().join("echo"), &["hi", "there"]), ok("hi there\n"));
    assert_eq!(sb.run(Path::new(MINIBOX), &["echo", "hi"]), ok("hi\n"));
    let busybox = sb.work().join("busybox");
    std::os::unix::fs::symlink(MINIBOX, &busybox).unwrap();
    assert_eq!(sb.run(&busybox, &["basename", "/a/b"]), ok("b\n"));
    assert!(sb.run(&busybox, &["--list"]).stdout.lines().any(|l| l == "ls"));
}

#[test]
fn applet_interpreter_runs_or_refuses() {
    let sb = Sandbox::new();
    let applet = sb.work().join("applet");
    std::os::unix::fs::symlink(MINIBOX, &applet).unwrap();
    let run = sb.run(&applet, &["git", "x.sh"]);
    let message = "git: simulated by layerlab — it is not in this exported image; build FROM a real base image to \
                   get the real git\n";
    assert_eq!(run, Run { stdout: String::new(), stderr: message.to_string(), status: 127 });
    assert_eq!(sb.run(&applet, &["apk", "/sbin/apk", "add", "curl"]).status, 127);
    assert_eq!(sb.run(&applet, &["echo", "/bin/echo", "hi"]), ok("hi\n"));
    assert_eq!(sb.run(&applet, &["busybox", "/bin/basename", "/x/y"]), ok("y\n"));
}

#[test]
fn image_style_applet_files_in_path() {
    // What simulated images contain: text files naming the applet. The shell runs them; the simulated-only ones
    // (package managers) say they are not there.
    let sb = Sandbox::new();
    let bin = sb.root.join("img");
    fs::create_dir(&bin).unwrap();
    for (name, text) in [("lister", "#!/layerlab/applet ls\n"), ("apk", "#!/layerlab/applet apk\n")] {
        fs::write(bin.join(name), text).unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(bin.join(name), fs::Permissions::from_mode(0o755)).unwrap();
    }
    fs::write(sb.work().join("f"), "").unwrap();
    let script = format!("PATH={}:$PATH; lister; apk add curl; echo $?", bin.display());
    let run = sb.sh(&script);
    assert_eq!(run.stdout, "f\n127\n");
    assert!(run.stderr.starts_with("apk: simulated by layerlab"), "{run:?}");
}

#[test]
fn scripts_from_files_and_stdin() {
    let sb = Sandbox::new();
    fs::write(sb.work().join("s.sh"), "echo \"file $0 $1\"\n").unwrap();
    assert_eq!(sb.run(Path::new(MINIBOX), &["sh", "s.sh", "arg"]), ok("file s.sh arg\n"));
    let mut child = sb
        .command(Path::new(MINIBOX), &["sh", "-s", "x"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"echo \"stdin $1\"\nexit 4\n").unwrap();
    let run = Run::from(child.wait_with_output().unwrap());
    assert_eq!(run, Run { stdout: "stdin x\n".to_string(), stderr: String::new(), status: 4 });
}

#[test]
fn top_level_sleep_really_sleeps() {
    let sb = Sandbox::new();
    let start = std::time::Instant::now();
    assert_eq!(sb.run(Path::new(MINIBOX), &["sleep", "0.2"]).status, 0);
    assert!(start.elapsed() >= std::time::Duration::from_millis(200));
    assert_eq!(sb.run(Path::new(MINIBOX), &["sleep", "soon"]).status, 1);
}

/// The same pure-shell scripts (no files, no PATH) through minibox and through the core over an empty tree.
#[test]
fn semantics_are_shared_with_the_simulated_shell() {
    let scripts = [
        "x=3; y=$((x * 7 + 1)); echo $y",
        "for i in 1 2 3; do case $i in 2) continue;; esac; echo i=$i; done",
        "f() { local v=$1; echo \"f:$v:$#\"; return 5; }; f a b; echo $?",
        "set -- a 'b c' d; shift; echo \"$@\" $#; IFS=,; echo \"$*\"",
        "s=hello.tar.gz; echo ${s%%.*} ${s#*.} ${s%.gz} ${#s} ${u:=def} $u",
        "v=$(echo inner; echo two); echo \"[$v]\"; echo `echo back`",
        "while read l; do echo \"<$l>\"; done <<EOF\nhere $((1+1))\nEOF\nread a b <<'X'\none two three\nX\necho $b",
        "n=0; while [ $n -lt 3 ]; do n=$((n+1)); done; echo $n; until true; do :; done",
        "printf '%s-' a b c; echo; test abc = abc && echo same",
        "echo err >&2; false; echo $?; (exit 7); echo $?",
        "set -e; echo before; false; echo after",
        "unset_var_test=${nope-unset}; echo $unset_var_test; echo ${nope:+alt}.",
    ];
    let sb = Sandbox::new();
    for script in scripts {
        let mut fs = Fs::new();
        let mut sys = VfsSystem::new(&mut fs);
        let config = ShellConfig { argv0: "sh".to_string(), ..ShellConfig::default() };
        let outcome = Shell::new(config).run_script(&mut sys, script);
        let simulated = Run { stdout: outcome.stdout(), stderr: outcome.stderr(), status: outcome.status };
        assert_eq!(sb.sh(script), simulated, "{script}");
    }
}

#[test]
fn sleep_really_sleeps_and_output_streams_before_the_end() {
    let sb = Sandbox::new();
    let started = std::time::Instant::now();
    assert_eq!(sb.sh("sleep 0.3; echo done"), ok("done\n"));
    assert!(started.elapsed() >= std::time::Duration::from_millis(300), "sleep took {:?}", started.elapsed());
    // The first line must reach the pipe while the script still sleeps: a container's log shows a loop's lines as
    // they come, not when it ends.
    let mut child = sb.command(Path::new(MINIBOX), &["sh", "-c", "echo first; sleep 5; echo second"]);
    let mut child = child.stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    let started = std::time::Instant::now();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    assert_eq!(line, "first\n");
    assert!(started.elapsed() < std::time::Duration::from_secs(4), "the first line came after {:?}", started.elapsed());
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn commands_read_the_real_stdin() {
    let sb = Sandbox::new();
    let run = |args: &[&str], input: &str| {
        let mut child =
            sb.command(Path::new(MINIBOX), args).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
        Run::from(child.wait_with_output().unwrap())
    };
    assert_eq!(run(&["cat"], "one\ntwo\n"), ok("one\ntwo\n"));
    assert_eq!(run(&["wc", "-l"], "a\nb\nc\n").stdout.trim(), "3");
    let script = "read first; echo \"first=$first\"; cat | tr a-z A-Z; cat </dev/null";
    assert_eq!(run(&["sh", "-c", script], "x\ny\nz\n"), ok("first=x\nY\nZ\n"));
}
