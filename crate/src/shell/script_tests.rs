//! Table-driven tests: the scripts in `testdata/scripts.txt` with the stdout, stderr and status dash and busybox
//! give for them; plus the limits (endless loops, recursion, floods), non-root users, and a fuzz run proving that
//! no input makes the shell panic.

use super::testkit::{image, run, run_in};
use super::{LimitKind, Limits, Shell, ShellConfig, Stream, VfsSystem};

struct Case {
    name: String,
    script: String,
    stdout: String,
    stderr: String,
    status: i32,
}

fn cases() -> Vec<Case> {
    let text = include_str!("testdata/scripts.txt");
    let mut cases = Vec::new();
    let mut current: Option<Case> = None;
    // Which block the following lines belong to: 0 script, 1 stdout, 2 stderr.
    let mut block = 0;
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("### ") {
            cases.extend(current.take());
            current = Some(Case {
                name: name.trim().to_string(),
                script: String::new(),
                stdout: String::new(),
                stderr: String::new(),
                status: 0,
            });
            block = 0;
            continue;
        }
        let Some(case) = current.as_mut() else { continue };
        if let Some(rest) = line.strip_prefix(">>>") {
            block = 1;
            case.stdout.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        } else if let Some(rest) = line.strip_prefix("!!!") {
            block = 2;
            case.stderr.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        } else if let Some(rest) = line.strip_prefix("===") {
            case.status = rest.trim().parse().unwrap_or(-1);
            block = 3;
        } else {
            match block {
                0 => case.script.push_str(line),
                1 => case.stdout.push_str(line),
                2 => case.stderr.push_str(line),
                _ => {}
            }
        }
    }
    cases.extend(current);
    cases
}

#[test]
fn scripts_behave_like_dash_and_busybox() {
    let cases = cases();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let script = case.script.strip_suffix('\n').unwrap_or(&case.script);
        let out = run(script);
        let (stdout, stderr) = (out.stdout(), out.stderr());
        if stdout != case.stdout || stderr != case.stderr || out.status != case.status {
            failures.push(format!(
                "--- {}\n{script}\n  stdout: {stdout:?}\n  wanted: {:?}\n  stderr: {stderr:?}\n  wanted: {:?}\n  status: {} wanted {}",
                case.name, case.stdout, case.stderr, out.status, case.status
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn an_endless_loop_hits_the_step_limit_quickly() {
    let out = run("while true; do :; done");
    assert_eq!(out.status, super::LIMIT_STATUS);
    assert_eq!(out.limit.as_ref().map(|l| l.kind), Some(LimitKind::Steps));
    assert_eq!(out.stderr(), "layerlab: step limit reached (1,000,000 shell steps): is there an endless loop?\n");
}

#[test]
fn endless_recursion_hits_the_depth_limit() {
    for script in [
        "f() { f; }; f",
        "f() { echo $(f); }; f",
        "f() { (f); }; f",
        "f() { eval f; }; f",
        "echo 'sh /tmp/r' > /tmp/r; sh /tmp/r",
    ] {
        let out = run(script);
        assert_eq!(out.limit.as_ref().map(|l| l.kind), Some(LimitKind::Depth), "{script}");
        assert!(out.stderr().contains("nesting limit reached (64 levels"), "{script}: {}", out.stderr());
    }
}

#[test]
fn deep_nesting_inside_recursion_does_not_overflow_the_stack() {
    // Every construct that recurses in the interpreter, nested as deep as the parser allows, inside a recursion as
    // deep as the depth limit allows: run on a 1 MiB stack (what wasm32 has).
    let braces = format!("f() {{ {} f; {} }}; f", "{ ".repeat(45), "}; ".repeat(45));
    let ifs = format!("f() {{ {} f {}; }}; f", "if true; then ".repeat(40), "; fi".repeat(40));
    let subshells = format!("f() {{ {} f {}; }}; f", "( ".repeat(40), ") ".repeat(40));
    let mixed = "f() { if true; then while true; do { ( echo $(f) ); break; }; done; fi; }; f".to_string();
    for script in [braces, ifs, subshells, mixed] {
        let shown = script.clone();
        let handle = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let out = run(&script);
                (out.limit.as_ref().map(|l| l.kind), out.stderr())
            })
            .expect("thread");
        let (limit, stderr) = handle.join().expect("no stack overflow");
        assert_eq!(limit, Some(LimitKind::Depth), "{shown}: {stderr}");
    }
}

#[test]
fn output_floods_hit_the_output_limit() {
    for script in [
        "x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; x=$x$x$x$x$x$x$x$x; x=$x$x$x$x; while :; do echo $x; done",
        "yes",
    ] {
        let out = run(script);
        assert_eq!(out.limit.as_ref().map(|l| l.kind), Some(LimitKind::Output), "{script}");
        assert_eq!(out.status, super::LIMIT_STATUS);
        let total: usize = out.output.iter().filter(|o| o.stream == Stream::Stdout).map(|o| o.text.len()).sum();
        assert_eq!(total, 8 << 20);
        assert!(out.stderr().ends_with("layerlab: output limit reached (8 MiB of output): the rest was cut off\n"));
    }
}

#[test]
fn data_through_pipes_is_bounded_too() {
    let config =
        ShellConfig { limits: Limits { max_buffer_bytes: 1 << 20, ..Limits::default() }, ..ShellConfig::default() };
    let mut fs = image();
    let mut shell = Shell::new(config);
    let mut sys = VfsSystem::new(&mut fs);
    let out =
        shell.run_script(&mut sys, "echo x > /tmp/f; while :; do cat /tmp/f /tmp/f > /tmp/g; mv /tmp/g /tmp/f; done");
    assert_eq!(out.limit.map(|l| l.kind), Some(LimitKind::Buffer));
}

#[test]
fn memory_amplification_hits_the_data_limit() {
    // A string that doubles every iteration would reach gigabytes in thirty steps.
    let config =
        ShellConfig { limits: Limits { max_buffer_bytes: 4 << 20, ..Limits::default() }, ..ShellConfig::default() };
    for script in ["x=a; while :; do x=$x$x; done", "x=abcdefgh; while :; do x=$x$x$x$x$x$x$x$x; done"] {
        let mut fs = image();
        let mut shell = Shell::new(config.clone());
        let mut sys = VfsSystem::new(&mut fs);
        let out = shell.run_script(&mut sys, script);
        assert_eq!(out.limit.as_ref().map(|l| l.kind), Some(LimitKind::Buffer), "{script}");
        assert!(out.stderr().contains("layerlab: data limit reached (4 MiB"), "{}", out.stderr());
    }
    // sed's spaces are capped on their own.
    let out = run("echo a | sed \"$(printf 'h;G;%.0s' $(seq 40))\"; echo $?");
    assert_eq!(out.stdout(), "1\n");
    assert!(out.stderr().starts_with("sed: pattern and hold space exceed 16 MiB"));
}

#[test]
fn state_persists_across_runs() {
    let mut fs = image();
    let mut shell = Shell::new(ShellConfig::default());
    let mut sys = VfsSystem::new(&mut fs);
    shell.run_script(&mut sys, "export GREETING=hi; cd /tmp; f() { echo \"f says $1\"; }; x=kept");
    let out = shell.run_script(&mut sys, "f $GREETING; pwd; echo $x");
    assert_eq!(out.stdout(), "f says hi\n/tmp\nkept\n");
    assert_eq!(shell.cwd(), "/tmp");
    assert_eq!(shell.env().get("GREETING").map(String::as_str), Some("hi"));
    assert_eq!(shell.var("x"), Some("kept"));
    let out = shell.run_script(&mut sys, "exit 3");
    assert!(out.exited);
    assert_eq!(out.status, 3);
}

#[test]
fn exec_form_runs_without_a_shell() {
    let mut fs = image();
    let mut shell = Shell::new(ShellConfig::default());
    let mut sys = VfsSystem::new(&mut fs);
    let argv = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let out = shell.run_argv(&mut sys, &argv(&["echo", "$HOME", "*"]));
    assert_eq!(out.stdout(), "$HOME *\n");
    let out = shell.run_argv(&mut sys, &argv(&["/bin/sh", "-c", "echo $((6*7))"]));
    assert_eq!(out.stdout(), "42\n");
    let out = shell.run_argv(&mut sys, &argv(&["cd", "/tmp"]));
    assert_eq!(out.status, 127);
    assert_eq!(out.stderr(), "exec: \"cd\": executable file not found in $PATH\n");
    let out = shell.run_argv(&mut sys, &argv(&["/no/such"]));
    assert_eq!(out.stderr(), "exec: \"/no/such\": stat /no/such: no such file or directory\n");
    let mut empty = crate::vfs::Fs::new();
    let mut sys = VfsSystem::new(&mut empty);
    let out = shell.run_argv(&mut sys, &argv(&["/bin/sh", "-c", "echo hi"]));
    assert_eq!(out.status, 127, "FROM scratch has no /bin/sh");
}

#[test]
fn a_non_root_user_meets_permissions() {
    let mut fs = image();
    run_in(&mut fs, "adduser -D app");
    let config = ShellConfig {
        uid: 1000,
        gid: 1000,
        user_name: "app".to_string(),
        cwd: "/home/app".to_string(),
        ..ShellConfig::default()
    };
    let mut shell = Shell::new(config);
    let mut sys = VfsSystem { uid: 1000, gid: 1000, ..VfsSystem::new(&mut fs) };
    let out = shell.run_script(
        &mut sys,
        "whoami; id; touch mine && ls -l mine; echo x > /etc/hosts; touch /usr/x; cat /etc/shadow; adduser -D other; echo $?",
    );
    assert_eq!(
        out.stdout(),
        "app\nuid=1000(app) gid=1000(app) groups=1000(app)\n\
         -rw-r--r--    1 app      app              0 Jan  1 00:00 mine\n1\n"
    );
    assert_eq!(
        out.stderr(),
        "sh: can't create /etc/hosts: Permission denied\n\
         touch: cannot touch '/usr/x': Permission denied\n\
         cat: /etc/shadow: Permission denied\n\
         adduser: Permission denied (you must be root)\n"
    );
}

#[test]
fn output_lines_are_split_for_the_log() {
    let out = run("printf 'a\\nb'; echo c >&2; echo d; printf 'partial'");
    assert_eq!(
        out.lines(),
        vec![
            (Stream::Stdout, "a".to_string()),
            (Stream::Stderr, "c".to_string()),
            (Stream::Stdout, "bd".to_string()),
            (Stream::Stdout, "partial".to_string()),
        ]
    );
}

/// A small deterministic PRNG (xorshift64*), so the fuzz inputs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn random_scripts_never_panic() {
    const PIECES: &[&str] = &[
        "echo ",
        "$(",
        ")",
        "${",
        "}",
        "$((",
        "))",
        "'",
        "\"",
        "`",
        "\\",
        "|",
        "||",
        "&&",
        ";",
        ";;",
        "&",
        "(",
        ")",
        "{",
        "}",
        "<",
        ">",
        ">>",
        "<<",
        "<<-",
        "2>&1",
        ">&",
        "EOF\n",
        "\n",
        " ",
        "if ",
        "then ",
        "else ",
        "fi",
        "for ",
        "in ",
        "do ",
        "done",
        "while ",
        "case ",
        "esac",
        "x=",
        "$x",
        "$@",
        "$#",
        "$?",
        "${x:-",
        "${#x}",
        "${x%%",
        "${x/",
        "${x:1:",
        "*",
        "?",
        "[",
        "]",
        "!",
        "~",
        "#",
        "f() ",
        "f ",
        "ls -laR ",
        "cat -n ",
        "sed ",
        "s/a*/b/g ",
        "-n '1~2p' ",
        "'/x/,+3d' ",
        "y/ab/ba/ ",
        "grep ",
        "-E ",
        "-ovnc ",
        "(a|b)*c",
        "\\(a\\)*",
        "[[:alpha:]]{2,5}",
        "tar ",
        "cf ",
        "xf ",
        "- ",
        "rm -rf ",
        "/tmp",
        "/etc/passwd",
        "printf ",
        "'%*.*d %s %b %5x' ",
        "read ",
        "set -eux ",
        "exit ",
        "test ",
        "-f ",
        "[ ",
        " ]",
        "eval ",
        "sh -c ",
        "trap ",
        "1",
        "0",
        "-1",
        "a",
        "\t",
        "cd ",
        "..",
        "$'\\x41'",
        "head -c ",
        "tail -n +",
        "cut -d: -f2- ",
        "tr -s ",
        "tr -d a-z ",
        "sort -k2n ",
        "uniq -c ",
        "wc ",
        "seq ",
        "date +%s%j ",
        "find . -name '*' ",
        "-exec echo {} \\; ",
        "xargs ",
        "ln -sf ",
        "chmod -R u+x ",
        "chown -R 1:1 ",
        "mkdir -p ",
        "touch ",
        "cp -a ",
        "mv ",
        "adduser -D ",
        "addgroup ",
        "id ",
        "apk add ",
        "apt-get install -y ",
        "npm install ",
        "pip install ",
        "getopts ab: o ",
        "local ",
        "shift ",
        "read -r ",
        "IFS=: ",
        "readonly ",
        "export ",
        "unset ",
        "alias ",
        "command -v ",
        "type ",
        "umask ",
        ". ",
        "busybox ",
        "yes | head -1 ",
        "printf '%s\\n' ",
        "$(( 2 ** 62 * 4 ))",
        "$((1/0))",
        "${x?}",
        "${1+\"$@\"}",
    ];
    let mut rng = Rng(0x1234_5678_9ABC_DEF1);
    let limits = Limits { max_steps: 20_000, max_output_bytes: 1 << 16, max_depth: 16, max_buffer_bytes: 1 << 20 };
    let mut fs = image();
    let rounds: usize = std::env::var("LAYERLAB_FUZZ_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3000);
    for round in 0..rounds {
        let mut script = String::new();
        let pieces = 1 + (rng.next() % 24) as usize;
        for _ in 0..pieces {
            if rng.next() % 8 == 0 {
                // Raw bytes, including invalid UTF-8 turned into replacement characters.
                let bytes: Vec<u8> = (0..(rng.next() % 6)).map(|_| rng.next() as u8).collect();
                script.push_str(&String::from_utf8_lossy(&bytes));
            } else {
                script.push_str(PIECES[(rng.next() % PIECES.len() as u64) as usize]);
            }
        }
        // A fresh tree now and then, so destructive scripts do not make the rest trivial.
        if round % 100 == 0 {
            fs = image();
        }
        let config = ShellConfig { limits, ..ShellConfig::default() };
        let mut shell = Shell::new(config);
        let mut sys = VfsSystem::new(&mut fs);
        let out = shell.run_script(&mut sys, &script);
        assert!(out.status >= 0 && out.status <= 255, "{script:?} -> {}", out.status);
    }
}

#[test]
fn random_command_lines_never_panic() {
    // Well-formed command lines from a vocabulary of commands and arguments, so that the applets themselves get
    // random option combinations (the other fuzz test mostly exercises the parser).
    const COMMANDS: &[&str] = &[
        "echo",
        "printf",
        "cat",
        "ls",
        "mkdir",
        "rmdir",
        "touch",
        "cp",
        "mv",
        "rm",
        "ln",
        "chmod",
        "chown",
        "pwd",
        "env",
        "test",
        "[",
        "sed",
        "grep",
        "head",
        "tail",
        "wc",
        "tee",
        "sort",
        "uniq",
        "cut",
        "tr",
        "basename",
        "dirname",
        "tar",
        "id",
        "whoami",
        "hostname",
        "date",
        "uname",
        "sleep",
        "which",
        "seq",
        "xargs",
        "find",
        "mktemp",
        "readlink",
        "realpath",
        "adduser",
        "addgroup",
        "useradd",
        "groupadd",
        "apk",
        "apt-get",
        "dpkg",
        "npm",
        "pip",
        "curl",
        "wget",
        "sh -c",
        "eval",
        "set",
        "read",
        "cd",
        "export",
        "getopts",
        "umask",
        "alias",
        "type",
        "command -v",
        "trap",
        "shift",
        "busybox",
        "egrep",
        "fgrep",
        "chgrp",
        "[[",
        "yes",
        "ash -c",
    ];
    const ARGS: &[&str] = &[
        "-n",
        "-e",
        "-r",
        "-f",
        "-R",
        "-p",
        "-m",
        "-a",
        "-l",
        "-h",
        "-s",
        "-v",
        "-i",
        "-c",
        "-o",
        "-x",
        "-w",
        "-q",
        "-k2",
        "-t:",
        "-d:",
        "-f1-3",
        "-c2-",
        "-n+2",
        "-1",
        "755",
        "u+x,go-w",
        "a=r",
        "+X",
        "0",
        "1",
        "-1",
        "+2",
        "99999999999999999999",
        "/tmp",
        "/tmp/x",
        "/tmp/x/y",
        "/etc/passwd",
        "/",
        ".",
        "..",
        "a",
        "b c",
        "*",
        "/tmp/*",
        "%s",
        "%d",
        "%*d",
        "%-5.3s",
        "%b",
        "%c%%",
        "s/a/b/g",
        "s/\\(a\\)*/\\1/2",
        "1~2p",
        "$!N",
        "/a/,/b/d",
        "-E",
        "(a|b)*c",
        "a{2,3}",
        "[[:digit:]]+",
        "--",
        "x=1",
        "$x",
        "$(echo a)",
        "@0",
        "+%F %T %j",
        "cf",
        "xf",
        "tf",
        "czf",
        "-C",
        "-",
        "-u",
        "0:0",
        "nobody",
        "root:root",
        "-D",
        "-S",
        "-G",
        "wheel",
        "-g",
        "2000",
        "add",
        "del",
        "install",
        "-y",
        "update",
        "curl",
        "flask",
        "express",
        "http://x.io",
        "-name",
        "'*'",
        "-type",
        "d",
        "-delete",
        "-maxdepth",
        "1",
        "=",
        "!=",
        "-eq",
        "-lt",
        "-z",
        "-o",
        "(",
        ")",
        "!",
        "]",
        "]]",
        "'a b'",
        "\"$@\"",
        "${x:-y}",
        "$((3*4))",
        "ab:",
        "o",
        "EXIT",
        "'echo bye'",
        "077",
        "u=rwx",
        "ll='ls -l'",
    ];
    const GLUE: &[&str] = &["; ", " | ", " && ", " || ", "\n", " > /tmp/out; ", " 2>&1 | "];
    let mut rng = Rng(0x0DDB_1A5E_5BAD_5EED);
    let limits = Limits { max_steps: 20_000, max_output_bytes: 1 << 16, max_depth: 16, max_buffer_bytes: 1 << 20 };
    let rounds: usize = std::env::var("LAYERLAB_FUZZ_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(2000);
    let mut fs = image();
    for round in 0..rounds {
        let mut script = String::new();
        for k in 0..(1 + rng.next() % 5) {
            if k > 0 {
                script.push_str(GLUE[(rng.next() % GLUE.len() as u64) as usize]);
            }
            script.push_str(COMMANDS[(rng.next() % COMMANDS.len() as u64) as usize]);
            for _ in 0..(rng.next() % 6) {
                script.push(' ');
                script.push_str(ARGS[(rng.next() % ARGS.len() as u64) as usize]);
            }
        }
        if round % 7 == 0 {
            script = format!("f() {{ {script}; }}; for i in 1 2; do f $i; done");
        }
        if round % 200 == 0 {
            fs = image();
        }
        let config = ShellConfig { limits, ..ShellConfig::default() };
        let mut shell = Shell::new(config);
        let mut sys = VfsSystem::new(&mut fs);
        let out = shell.run_script(&mut sys, &script);
        assert!(out.status >= 0 && out.status <= 255, "{script:?} -> {}", out.status);
    }
}

#[test]
fn an_attached_stdin_is_read_once_and_only_when_asked() {
    use std::cell::Cell;
    use std::rc::Rc;
    let calls = Rc::new(Cell::new(0));
    let mut fs = image();
    let mut sys = VfsSystem::new(&mut fs);
    let mut shell = Shell::new(ShellConfig::default());
    let counter = Rc::clone(&calls);
    shell.attach_stdin(Box::new(move || {
        counter.set(counter.get() + 1);
        b"first\nsecond\nthird\n".to_vec()
    }));
    assert_eq!(shell.run_script(&mut sys, "echo no input read").stdout(), "no input read\n");
    assert_eq!(calls.get(), 0);
    let out = shell.run_script(&mut sys, "read a; echo \"a=$a\"; cat </dev/null; read b; echo \"b=$b\"");
    assert_eq!(out.stdout(), "a=first\nb=second\n");
    // Later runs go on where the earlier ones stopped, as one process's stdin would.
    assert_eq!(shell.run_script(&mut sys, "cat").stdout(), "third\n");
    assert_eq!(calls.get(), 1);
    // Without an attached stdin, fd 0 is /dev/null.
    assert_eq!(Shell::new(ShellConfig::default()).run_script(&mut sys, "cat; echo end").stdout(), "end\n");
}

#[test]
fn streamed_output_arrives_in_order_and_is_not_collected() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let seen: Rc<RefCell<Vec<(Stream, String)>>> = Rc::default();
    let mut fs = image();
    let mut sys = VfsSystem::new(&mut fs);
    let mut shell = Shell::new(ShellConfig::default());
    let sink = Rc::clone(&seen);
    shell.stream_output(Box::new(move |stream, bytes| {
        sink.borrow_mut().push((stream, String::from_utf8_lossy(bytes).into_owned()));
    }));
    let out = shell.run_script(&mut sys, "echo one; echo two >&2; x=$(echo captured); echo \"$x\" | cat");
    assert_eq!(out.status, 0);
    assert!(out.output.is_empty(), "{:?}", out.output);
    let seen = seen.borrow();
    let expected = [(Stream::Stdout, "one\n"), (Stream::Stderr, "two\n"), (Stream::Stdout, "captured\n")];
    assert_eq!(seen.iter().map(|(s, t)| (*s, t.as_str())).collect::<Vec<_>>(), expected);
}

/// A shell started as `argv0` over `fs` (messages take the flavour that name and the tree's os-release give).
fn shell_named(argv0: &str) -> Shell {
    Shell::new(ShellConfig { argv0: argv0.to_string(), ..ShellConfig::default() })
}

fn debian_like() -> crate::vfs::Fs {
    let mut fs = image();
    fs.write(
        "/etc/os-release",
        b"PRETTY_NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\n".to_vec(),
        crate::vfs::Meta::FILE,
    )
    .unwrap();
    fs
}

#[test]
fn a_missing_program_is_reported_in_the_running_shells_words() {
    let argv = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let mut fs = debian_like();
    let mut sys = VfsSystem::new(&mut fs);
    // RUN's `/bin/sh -c` on Debian and Ubuntu is dash: the line number, always.
    let out = shell_named("/bin/sh").run_argv(&mut sys, &argv(&["/bin/sh", "-c", "true\nnosuch --version"]));
    assert_eq!((out.status, out.stderr()), (127, "/bin/sh: 2: nosuch: not found\n".to_string()));
    let out = shell_named("bash").run_argv(&mut sys, &argv(&["bash", "-c", "nosuch"]));
    assert_eq!((out.status, out.stderr()), (127, "bash: line 1: nosuch: command not found\n".to_string()));
    let out = shell_named("bash").run_argv(&mut sys, &argv(&["bash", "-c", "./nosuch"]));
    assert_eq!(out.stderr(), "bash: line 1: ./nosuch: No such file or directory\n");
    // At a prompt: bash without the line; dash counting the lines typed so far.
    let mut bash = shell_named("/bin/bash");
    bash.set_interactive(true);
    assert_eq!(bash.run_script(&mut sys, "nosuch").stderr(), "bash: nosuch: command not found\n");
    assert_eq!(bash.flavour(), Some(super::Flavour::Bash));
    let mut dash = shell_named("sh");
    dash.set_interactive(true);
    dash.run_script(&mut sys, "echo one");
    assert_eq!(dash.run_script(&mut sys, "echo two\nnosuch").stderr(), "sh: 3: nosuch: not found\n");
    drop(sys);
    // busybox ash elsewhere: no line, except in a named script.
    let mut fs = image();
    let mut sys = VfsSystem::new(&mut fs);
    let out = shell_named("/bin/sh").run_argv(&mut sys, &argv(&["/bin/sh", "-c", "nosuch"]));
    assert_eq!(out.stderr(), "/bin/sh: nosuch: not found\n");
    super::System::write(&mut sys, "/tmp/s.sh", b"true\nnosuch\n", 0o755).unwrap();
    let out = shell_named("sh").run_argv(&mut sys, &argv(&["sh", "/tmp/s.sh"]));
    assert_eq!(out.stderr(), "/tmp/s.sh: line 2: nosuch: not found\n");
    let out = shell_named("sh").run_script(&mut sys, "/tmp/missing");
    assert_eq!(out.stderr(), "sh: /tmp/missing: not found\n");
}

fn waits(horizon_ms: Option<u64>, stdin_open: bool) -> super::Waits {
    fn servers(argv: &[String], _cwd: &str, _sys: &dyn super::System) -> bool {
        argv.first().is_some_and(|a| a == "httpd")
    }
    super::Waits { horizon_ms, stdin_open, is_server: Some(servers) }
}

#[test]
fn with_waits_a_run_stops_where_its_process_would_wait() {
    use super::WaitKind;
    let mut fs = image();
    fs.write("/usr/bin/httpd", b"#!/bin/sh\necho served\n".to_vec(), crate::vfs::Meta::EXECUTABLE).unwrap();
    let mut sys = VfsSystem::new(&mut fs);
    let mut shell = Shell::new(ShellConfig::default());
    shell.set_waits(Some(waits(Some(60_000), false)));
    // Sleeps add up; output is placed in time; the run ends when the sleeps are done.
    let out = shell.run_script(&mut sys, "echo a; sleep 2; echo b; sleep 1.5; echo c");
    assert_eq!((out.stdout(), out.waiting.clone()), ("a\nb\nc\n".to_string(), None));
    assert_eq!((out.elapsed_ms, out.timeline.clone()), (3500, vec![(2, 2000), (4, 3500)]));
    // Past the horizon, `sleep infinity`, `tail -f`, a server: it waits there, and nothing after runs.
    for (script, kind) in [
        ("echo x; sleep 61; echo never", WaitKind::Sleep { ms: 61_000 }),
        ("echo x; sleep infinity; echo never", WaitKind::Sleep { ms: u64::MAX }),
        ("echo x; tail -f /etc/group > /dev/null; echo never", WaitKind::Follow),
        ("echo x; httpd -f; echo never", WaitKind::Server(vec!["httpd".to_string(), "-f".to_string()])),
    ] {
        let out = shell.run_script(&mut sys, script);
        assert_eq!(out.stdout(), "x\n", "{script}");
        let waiting = out.waiting.unwrap_or_else(|| panic!("{script} waits"));
        assert_eq!((waiting.kind, waiting.output_bytes), (kind, 2), "{script}");
    }
    let out = shell.run_script(&mut sys, "while true; do sleep 1; done");
    assert_eq!(out.waiting.map(|w| (w.kind, w.at_ms)), Some((WaitKind::Sleep { ms: 1000 }, 60_000)));
    // A trap for TERM is noted, and where the shell itself waits (`wait`, `read`) it could run at once.
    let out = shell.run_script(&mut sys, "trap 'exit 3' TERM; sleep infinity & echo started; wait; echo never");
    let waiting = out.waiting.clone().expect("wait waits for the job");
    assert_eq!(
        (out.stdout(), waiting.term_trap.as_deref(), waiting.interruptible),
        ("started\n".into(), Some("exit 3"), true)
    );
    // Reading an open stdin with nothing in it waits; what the program printed after it is not its output.
    shell.set_waits(Some(waits(None, true)));
    shell.attach_stdin(Box::new(Vec::new));
    let out = shell.run_script(&mut sys, "printf 'Continue? '; cat; echo after");
    let waiting = out.waiting.expect("cat waits for input");
    assert_eq!((waiting.kind, waiting.output_bytes), (WaitKind::Input, 10));
    shell.attach_stdin(Box::new(|| b"y\n".to_vec()));
    let out = shell.run_script(&mut sys, "read answer > /dev/null; echo \"got $answer\"");
    assert_eq!((out.stdout(), out.waiting), ("got y\n".to_string(), None));
    // Without waits, everything returns at once, as in a RUN step.
    shell.set_waits(None);
    let out = shell.run_script(&mut sys, "sleep infinity; tail -f /etc/group > /dev/null; httpd -f; echo done");
    assert_eq!((out.stdout(), out.waiting), ("served\ndone\n".to_string(), None));
}

mod package_managers {
    use super::super::testkit::{catalog, run_catalog};

    const HONEST: &str = "layerlab: simulated";

    #[test]
    fn apk_add_installs_files_and_records_them() {
        let (mut fs, config) = catalog("alpine");
        let out = run_catalog(&mut fs, &config, "apk add --no-cache curl");
        assert_eq!(out.status, 0, "{}", out.stderr());
        let stdout = out.stdout();
        let lines: Vec<&str> = stdout.lines().collect();
        assert!(lines[0].starts_with(HONEST) && lines[0].contains("apk"));
        assert_eq!(lines[1], "fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz");
        assert!(lines.iter().any(|l| l.starts_with('(') && l.contains("Installing curl (")));
        assert!(lines.last().is_some_and(|l| l.starts_with("OK: ") && l.ends_with(" packages")));
        assert!(fs.exists("/usr/bin/curl"));
        let world = String::from_utf8_lossy(&fs.read("/etc/apk/world").unwrap()).into_owned();
        assert!(world.lines().any(|l| l == "curl"));
        let db = String::from_utf8_lossy(&fs.read("/lib/apk/db/installed").unwrap()).into_owned();
        assert!(db.contains("\nP:curl\n"));
        // --no-cache leaves no index behind; without it the index stays in the layer.
        assert!(fs.read_dir("/var/cache/apk").unwrap().is_empty());
        let before = fs.total_bytes();
        let out = run_catalog(&mut fs, &config, "apk add jq");
        assert_eq!(out.status, 0, "{}", out.stderr());
        assert!(fs.read_dir("/var/cache/apk").unwrap().iter().any(|(name, _)| name.starts_with("APKINDEX.")));
        assert!(fs.total_bytes() > before);
    }

    #[test]
    fn apk_del_purges_what_only_it_needed() {
        let (mut fs, config) = catalog("alpine");
        let start = fs.total_bytes();
        let out =
            run_catalog(&mut fs, &config, "apk add --no-cache --virtual .build-deps gcc make && apk del .build-deps");
        assert_eq!(out.status, 0, "{}", out.stderr());
        assert!(out.stdout().contains("Installing .build-deps ("));
        assert!(out.stdout().contains("Purging gcc ("));
        assert!(!fs.exists("/usr/bin/gcc"));
        assert_eq!(fs.total_bytes(), start, "everything the virtual package pulled in is gone again");
        let out = run_catalog(&mut fs, &config, "apk add --no-cache nosuchpkg");
        assert_eq!(out.status, 1);
        assert_eq!(
            out.stderr(),
            "ERROR: unable to select packages:\n  nosuchpkg (no such package):\n    required by: world[nosuchpkg]\n"
        );
    }

    #[test]
    fn apt_get_needs_an_update_then_installs() {
        let (mut fs, config) = catalog("ubuntu:22.04");
        let out = run_catalog(&mut fs, &config, "apt-get install -y git");
        assert_eq!(out.status, 100);
        assert_eq!(out.stderr(), "E: Unable to locate package git\n");
        let before_update = fs.total_bytes();
        let out = run_catalog(&mut fs, &config, "apt-get update");
        assert_eq!(out.status, 0);
        assert!(out.stdout().contains("Get:1 http://archive.ubuntu.com/ubuntu jammy InRelease ["));
        assert!(out.stdout().ends_with("Reading package lists...\n"));
        let lists = fs.total_bytes() - before_update;
        assert!(lists > 1 << 20, "the lists weigh something ({lists} bytes)");
        // No -y: apt asks, there is no terminal, it aborts.
        let out = run_catalog(&mut fs, &config, "apt-get install curl");
        assert_eq!(out.status, 1);
        assert!(out.stdout().ends_with("Do you want to continue? [Y/n] Abort.\n"));
        assert!(!fs.exists("/usr/bin/curl"));
        let out = run_catalog(&mut fs, &config, "apt-get install -y --no-install-recommends curl");
        assert_eq!(out.status, 0, "{}", out.stderr());
        assert!(out.stdout().contains("The following NEW packages will be installed:\n"));
        assert!(out.stdout().contains("Setting up curl (7.81.0-1ubuntu1.18) ...\n"));
        assert!(fs.exists("/usr/bin/curl"));
        let status = String::from_utf8_lossy(&fs.read("/var/lib/dpkg/status").unwrap()).into_owned();
        assert!(status.contains("Package: curl\nStatus: install ok installed\n"));
        // The teaching point: removing the lists shrinks the layer by their weight.
        let before = fs.total_bytes();
        let out = run_catalog(&mut fs, &config, "apt-get clean && rm -rf /var/lib/apt/lists/*");
        assert_eq!(out.status, 0);
        assert!(before - fs.total_bytes() >= lists - 4096);
        let out = run_catalog(&mut fs, &config, "apt-get purge -y curl && dpkg -s curl");
        assert_eq!(out.status, 1);
        assert!(out.stdout().contains("Removing curl (7.81.0-1ubuntu1.18) ...\n"));
        assert!(!fs.exists("/usr/bin/curl"));
    }

    #[test]
    fn npm_install_and_ci() {
        let (mut fs, config) = catalog("node:20-alpine");
        let setup = "mkdir -p /app && cd /app && printf '{\\n  \"name\": \"web\",\\n  \"version\": \"1.0.0\",\\n  \"scripts\": {\"build\": \"echo built $npm_package_name\"},\\n  \"dependencies\": {\\n    \"express\": \"^4.18.0\"\\n  }\\n}\\n' > package.json";
        let out = run_catalog(&mut fs, &config, &format!("{setup} && npm ci"));
        assert_eq!(out.status, 1);
        assert!(out.stderr().starts_with("npm error code EUSAGE\n"));
        let out = run_catalog(&mut fs, &config, "cd /app && npm install && npm run build");
        assert_eq!(out.status, 0, "{}", out.stderr());
        assert!(out.stdout().contains("\nadded "));
        assert!(out.stdout().contains("\n> web@1.0.0 build\n> echo built $npm_package_name\n\nbuilt web\n"));
        assert!(fs.exists("/app/node_modules/express/package.json"));
        assert!(fs.exists("/app/package-lock.json"));
        assert!(fs.exists("/root/.npm/_cacache"));
        let out =
            run_catalog(&mut fs, &config, "cd /app && rm -rf node_modules && npm ci && npm install left-pad-nope");
        assert_eq!(out.status, 1);
        assert!(fs.exists("/app/node_modules/express/package.json"));
        assert!(out.stderr().contains("npm error 404 Not Found - GET https://registry.npmjs.org/left-pad-nope"));
        let out = run_catalog(&mut fs, &config, "npm cache clean --force && ls /root/.npm");
        assert_eq!(out.status, 0);
        assert!(!fs.exists("/root/.npm/_cacache"));
    }

    #[test]
    fn pip_installs_and_respects_pep_668() {
        let (mut fs, config) = catalog("python:3.12-slim");
        let out = run_catalog(&mut fs, &config, "pip install --no-cache-dir flask && pip freeze");
        assert_eq!(out.status, 0, "{}", out.stderr());
        assert!(out.stdout().contains("Collecting flask\n"));
        assert!(out.stdout().contains("Successfully installed "));
        assert!(out.stdout().contains("flask==3.0.3\n"));
        assert!(fs.exists("/usr/local/lib/python3.12/site-packages/flask-3.0.3.dist-info/METADATA"));
        assert!(!fs.exists("/root/.cache/pip"));
        let out = run_catalog(&mut fs, &config, "pip install nosuchpkg");
        assert_eq!(out.status, 1);
        assert!(out.stderr().ends_with("ERROR: No matching distribution found for nosuchpkg\n"));
        let (mut fs, config) = catalog("debian:12-slim");
        let out = run_catalog(
            &mut fs,
            &config,
            "apt-get update -qq && apt-get install -y -qq python3-pip && pip install flask",
        );
        assert_eq!(out.status, 1);
        assert!(out.stderr().starts_with("error: externally-managed-environment\n"));
        let out = run_catalog(&mut fs, &config, "pip install --break-system-packages flask");
        assert_eq!(out.status, 0, "{}", out.stderr());
    }

    #[test]
    fn the_shell_runs_in_every_catalog_image() {
        for summary in crate::images::list() {
            let reference = match summary.tags.first() {
                Some(tag) => format!("{}:{tag}", summary.repository),
                None => summary.repository.to_string(),
            };
            let (mut fs, config) = catalog(&reference);
            let out = run_catalog(&mut fs, &config, "echo hi; ls / > /dev/null; id -u");
            if summary.repository == "scratch" {
                assert_eq!(out.status, 127, "scratch has no /bin/sh");
                continue;
            }
            assert_eq!((out.status, out.stdout()), (0, "hi\n0\n".to_string()), "{reference}: {}", out.stderr());
        }
    }
}
