//! Shell builtins: the special ones POSIX defines (`export`, `set`, `eval`, `exit`, `.` …), whose assignments
//! persist, and the regular ones a shell must run itself because they change its state (`cd`, `read`, `local`,
//! `umask` …). `echo`, `printf`, `test`, `true`, `false` and `pwd` are builtins too, sharing the applets' code.

use super::applets::{self, Cx};
use super::arith;
use super::interp::{shell_quote, Flow, Interp, Opts, Var, R};
use super::lexer::is_name;
use super::lookup::Found;
use super::system::System;
use crate::vfs::Fs;

const SPECIAL: [&str; 17] = [
    ":", ".", "source", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift",
    "times", "trap", "unset", "local",
];

const REGULAR: [&str; 23] = [
    "cd", "pwd", "echo", "printf", "test", "[", "[[", "true", "false", "read", "command", "type", "umask", "wait",
    "alias", "unalias", "hash", "getopts", "let", "ulimit", "jobs", "kill", "builtin",
];

const KEYWORDS: [&str; 16] =
    ["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in", "{", "}", "!"];

pub fn is_special(name: &str) -> bool {
    SPECIAL.contains(&name)
}

pub fn is_builtin(name: &str) -> bool {
    SPECIAL.contains(&name) || REGULAR.contains(&name)
}

/// `set -e` / `set +e` and the other one-letter options `sh` also takes on its command line (`sh -eux`); false for a
/// letter that is not one of them.
pub fn set_letter_option(opts: &mut Opts, letter: char, on: bool) -> bool {
    match letter {
        'e' => opts.errexit = on,
        'u' => opts.nounset = on,
        'x' => opts.xtrace = on,
        'f' => opts.noglob = on,
        'v' => opts.verbose = on,
        'C' => opts.noclobber = on,
        _ => return false,
    }
    true
}

/// `set -o NAME` / `set +o NAME`; false for an unknown name.
pub fn set_named_option(opts: &mut Opts, name: &str, on: bool) -> bool {
    match name {
        "errexit" => opts.errexit = on,
        "nounset" => opts.nounset = on,
        "xtrace" => opts.xtrace = on,
        "pipefail" => opts.pipefail = on,
        "noglob" => opts.noglob = on,
        "noclobber" => opts.noclobber = on,
        "verbose" => opts.verbose = on,
        "posix"
        | "allexport"
        | "notify"
        | "noexec"
        | "ignoreeof"
        | "monitor"
        | "vi"
        | "emacs"
        | "nolog"
        | "hashall"
        | "interactive-comments"
        | "braceexpand"
        | "histexpand"
        | "history" => {}
        _ => return false,
    }
    true
}

fn option_table(opts: &Opts) -> Vec<(&'static str, bool)> {
    vec![
        ("errexit", opts.errexit),
        ("noglob", opts.noglob),
        ("noclobber", opts.noclobber),
        ("nounset", opts.nounset),
        ("pipefail", opts.pipefail),
        ("verbose", opts.verbose),
        ("xtrace", opts.xtrace),
    ]
}

impl Interp {
    pub fn run_builtin(&mut self, sys: &mut dyn System, argv: &[String]) -> R<i32> {
        let args = &argv[1..];
        match argv[0].as_str() {
            "wait" => self.builtin_wait(),
            ":" | "true" | "hash" => Ok(0),
            "false" => Ok(1),
            "echo" | "printf" | "test" | "[" | "[[" | "pwd" => match applets::find(&argv[0]) {
                Some(applet) => applet(&mut Cx { sh: self, sys, argv }),
                None => Ok(127),
            },
            "exit" => self.builtin_exit(args),
            "return" => {
                let status = match args.first() {
                    Some(n) => match n.parse::<i64>() {
                        Ok(n) => (n & 0xff) as i32,
                        Err(_) => {
                            self.error(&format!("return: Illegal number: {n}"))?;
                            2
                        }
                    },
                    None => self.st.status,
                };
                if self.st.function_depth == 0 && self.st.source_depth == 0 {
                    return Err(Flow::Exit(status));
                }
                Err(Flow::Return(status))
            }
            "break" | "continue" => {
                let n = match args.first().map(|a| a.parse::<u32>()) {
                    None => 1,
                    Some(Ok(n)) if n > 0 => n,
                    Some(_) => {
                        let msg = format!("{}: Illegal number: {}", argv[0], args[0]);
                        self.error(&msg)?;
                        return Err(Flow::Exit(2));
                    }
                };
                if self.st.loop_depth == 0 {
                    return Ok(0);
                }
                let n = n.min(self.st.loop_depth);
                Err(if argv[0] == "break" { Flow::Break(n) } else { Flow::Continue(n) })
            }
            "export" | "readonly" => self.builtin_export(argv),
            "unset" => self.builtin_unset(args),
            "set" => self.builtin_set(args),
            "shift" => {
                let n = match args.first().map(|a| a.parse::<usize>()) {
                    None => 1,
                    Some(Ok(n)) => n,
                    Some(Err(_)) => {
                        self.error(&format!("shift: Illegal number: {}", args[0]))?;
                        return Ok(2);
                    }
                };
                if n > self.st.positional.len() {
                    self.error("shift: can't shift that many")?;
                    return Ok(1);
                }
                self.st.positional.drain(..n);
                Ok(0)
            }
            "eval" => {
                if args.is_empty() {
                    return Ok(0);
                }
                let text = args.join(" ");
                self.eval_string(sys, &text)
            }
            "." | "source" => self.builtin_source(sys, argv),
            "exec" => {
                if args.is_empty() {
                    return Ok(0);
                }
                self.exec_builtin(sys, args)
            }
            "trap" => self.builtin_trap(args),
            "times" => {
                self.write_fd(1, b"0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n")?;
                Ok(0)
            }
            "local" => self.builtin_local(args),
            "cd" => self.builtin_cd(sys, args),
            "read" => self.builtin_read(args),
            "command" => self.builtin_command(sys, args),
            "type" => {
                let mut status = 0;
                for name in args {
                    let line = match self.describe_command(sys, name) {
                        Some(text) => format!("{name} is {text}\n"),
                        None => {
                            status = 127;
                            format!("{name}: not found\n")
                        }
                    };
                    self.write_fd(1, line.as_bytes())?;
                }
                Ok(status)
            }
            "umask" => self.builtin_umask(args),
            "alias" => self.builtin_alias(args),
            "unalias" => {
                for name in args {
                    if name == "-a" {
                        self.st.aliases.clear();
                    } else if self.st.aliases.remove(name).is_none() {
                        self.error(&format!("unalias: {name} not found"))?;
                        return Ok(1);
                    }
                }
                Ok(0)
            }
            "getopts" => self.builtin_getopts(args),
            "let" => {
                let mut last = 0;
                for expr in args {
                    let mut env = LetVars(self);
                    match arith::evaluate(expr, &mut env) {
                        Ok(v) => last = v,
                        Err(message) => {
                            self.error(&format!("let: {message}"))?;
                            return Ok(2);
                        }
                    }
                }
                Ok(i32::from(last == 0))
            }
            "ulimit" => {
                self.write_fd(1, b"unlimited\n")?;
                Ok(0)
            }
            "jobs" => Ok(0),
            "kill" => {
                self.error("kill: layerlab runs every command in the foreground; there is nothing to kill")?;
                Ok(1)
            }
            "builtin" => {
                if args.is_empty() {
                    return Ok(0);
                }
                if !is_builtin(&args[0]) {
                    self.error(&format!("builtin: {}: not a shell builtin", args[0]))?;
                    return Ok(1);
                }
                self.run_builtin(sys, args)
            }
            other => {
                self.error(&format!("{other}: not found"))?;
                Ok(127)
            }
        }
    }

    fn builtin_exit(&mut self, args: &[String]) -> R<i32> {
        let status = match args.first() {
            None => self.st.status,
            Some(n) => match n.trim().parse::<i64>() {
                Ok(n) => (n & 0xff) as i32,
                Err(_) => {
                    self.error(&format!("exit: Illegal number: {n}"))?;
                    2
                }
            },
        };
        Err(Flow::Exit(status))
    }

    fn builtin_export(&mut self, argv: &[String]) -> R<i32> {
        let readonly = argv[0] == "readonly";
        let args: Vec<&String> = argv[1..].iter().filter(|a| !a.starts_with('-')).collect();
        if args.is_empty() {
            let mut text = String::new();
            for (name, var) in &self.st.vars {
                if (readonly && var.readonly) || (!readonly && var.exported) {
                    text.push_str(&format!("{} {name}={}\n", argv[0], shell_quote_always(&var.value)));
                }
            }
            if !readonly {
                for name in &self.st.pending_exports {
                    text.push_str(&format!("export {name}\n"));
                }
            }
            self.write_fd(1, text.as_bytes())?;
            return Ok(0);
        }
        let mut status = 0;
        for arg in args {
            let (name, value) = match arg.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (arg.as_str(), None),
            };
            if !is_name(name) {
                self.error(&format!("{}: {name}: bad variable name", argv[0]))?;
                status = 2;
                continue;
            }
            if let Some(value) = value {
                if let Err(message) = self.set_var(name, value) {
                    self.error(&message)?;
                    status = 2;
                    continue;
                }
            }
            match self.st.vars.get_mut(name) {
                Some(var) => {
                    if readonly {
                        var.readonly = true;
                    } else {
                        var.exported = true;
                    }
                }
                None if readonly => {
                    self.st
                        .vars
                        .insert(name.to_string(), Var { value: String::new(), exported: false, readonly: true });
                }
                None => {
                    self.st.pending_exports.insert(name.to_string());
                }
            }
        }
        Ok(status)
    }

    fn builtin_unset(&mut self, args: &[String]) -> R<i32> {
        let mut functions = false;
        let mut status = 0;
        for arg in args {
            match arg.as_str() {
                "-f" => functions = true,
                "-v" => functions = false,
                name if functions => {
                    self.st.functions.remove(name);
                }
                name => {
                    if self.st.vars.get(name).is_some_and(|v| v.readonly) {
                        self.error(&format!("unset: {name}: is read only"))?;
                        status = 2;
                        continue;
                    }
                    self.st.vars.remove(name);
                    self.st.pending_exports.remove(name);
                }
            }
        }
        Ok(status)
    }

    fn builtin_set(&mut self, args: &[String]) -> R<i32> {
        if args.is_empty() {
            let text: String =
                self.st.vars.iter().map(|(name, var)| format!("{name}={}\n", shell_quote_always(&var.value))).collect();
            self.write_fd(1, text.as_bytes())?;
            return Ok(0);
        }
        let mut i = 0;
        while let Some(arg) = args.get(i) {
            if arg == "--" {
                self.st.positional = args[i + 1..].to_vec();
                return Ok(0);
            }
            let on = arg.starts_with('-');
            if !(on || arg.starts_with('+')) || arg.len() < 2 {
                break;
            }
            i += 1;
            for c in arg[1..].chars() {
                if set_letter_option(&mut self.st.opts, c, on) {
                    continue;
                }
                match c {
                    'a' | 'b' | 'h' | 'm' | 'n' | 'B' | 'H' | 'P' | 'T' | 'E' => {}
                    'o' => {
                        let Some(name) = args.get(i) else {
                            let table = option_table(&self.st.opts);
                            let text: String = if on {
                                table
                                    .iter()
                                    .map(|(n, v)| format!("{n:<16}{}\n", if *v { "on" } else { "off" }))
                                    .collect()
                            } else {
                                table
                                    .iter()
                                    .map(|(n, v)| format!("set {}o {n}\n", if *v { '-' } else { '+' }))
                                    .collect()
                            };
                            self.write_fd(1, text.as_bytes())?;
                            return Ok(0);
                        };
                        i += 1;
                        if !set_named_option(&mut self.st.opts, name, on) {
                            self.error(&format!("set: Illegal option -o {name}"))?;
                            return Ok(2);
                        }
                    }
                    other => {
                        self.error(&format!("set: Illegal option -{other}"))?;
                        return Ok(2);
                    }
                }
            }
        }
        if i < args.len() {
            self.st.positional = args[i..].to_vec();
        }
        Ok(0)
    }

    fn builtin_source(&mut self, sys: &mut dyn System, argv: &[String]) -> R<i32> {
        let Some(file) = argv.get(1) else {
            self.error(&format!("{}: filename argument required", argv[0]))?;
            return Ok(2);
        };
        let path = if file.contains('/') {
            Some(self.abs(file))
        } else {
            let mut found = None;
            for dir in self.path_var().split(':') {
                let candidate = self.abs(&format!("{}/{file}", if dir.is_empty() { "." } else { dir }));
                if sys.stat(&candidate).is_ok_and(|s| s.is_file()) {
                    found = Some(candidate);
                    break;
                }
            }
            found.or_else(|| Some(self.abs(file)))
        };
        let path = path.unwrap_or_default();
        self.flush_pending(sys, &path);
        let text = match sys.read(&path) {
            Ok(data) => String::from_utf8_lossy(&data).into_owned(),
            Err(e) => {
                self.error(&format!("{}: can't open '{file}': {e}", argv[0]))?;
                return Err(Flow::Exit(2));
            }
        };
        self.enter()?;
        self.st.source_depth += 1;
        let saved = (argv.len() > 2).then(|| std::mem::replace(&mut self.st.positional, argv[2..].to_vec()));
        let result = self.run_source(sys, &text);
        if let Some(positional) = saved {
            self.st.positional = positional;
        }
        self.st.source_depth = self.st.source_depth.saturating_sub(1);
        self.leave();
        match result {
            Err(Flow::Return(status)) => Ok(status),
            other => other,
        }
    }

    fn builtin_trap(&mut self, args: &[String]) -> R<i32> {
        if args.is_empty() {
            let text: String = self
                .st
                .traps
                .iter()
                .map(|(signal, action)| format!("trap -- {} {signal}\n", shell_quote_always(action)))
                .collect();
            self.write_fd(1, text.as_bytes())?;
            return Ok(0);
        }
        if args[0] == "-l" {
            self.write_fd(1, b" 1) HUP\n 2) INT\n 3) QUIT\n 9) KILL\n15) TERM\n")?;
            return Ok(0);
        }
        let (action, signals) = if args.len() == 1 || args[0].parse::<u32>().is_ok() {
            ("-", args)
        } else {
            (args[0].as_str(), &args[1..])
        };
        for signal in signals {
            let name = signal.trim_start_matches("SIG").to_ascii_uppercase();
            let name = if name == "0" { "EXIT".to_string() } else { name };
            if action == "-" {
                self.st.traps.remove(&name);
            } else {
                // Only EXIT ever fires: nothing sends signals to a simulated build.
                self.st.traps.insert(name, action.to_string());
            }
        }
        Ok(0)
    }

    fn builtin_local(&mut self, args: &[String]) -> R<i32> {
        if self.st.function_depth == 0 {
            self.error("local: not in a function")?;
            return Ok(2);
        }
        for arg in args {
            let (name, value) = match arg.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (arg.as_str(), None),
            };
            if !is_name(name) {
                self.error(&format!("local: {name}: bad variable name"))?;
                return Ok(2);
            }
            let old = self.st.vars.get(name).cloned();
            if let Some(frame) = self.st.locals.last_mut() {
                if !frame.iter().any(|(n, _)| n == name) {
                    frame.push((name.to_string(), old));
                }
            }
            if let Some(value) = value {
                if let Err(message) = self.set_var(name, value) {
                    self.error(&message)?;
                    return Ok(2);
                }
            }
        }
        Ok(0)
    }

    fn builtin_cd(&mut self, sys: &mut dyn System, args: &[String]) -> R<i32> {
        let args: Vec<&String> = args.iter().filter(|a| !matches!(a.as_str(), "-L" | "-P")).collect();
        let mut print = false;
        let target = match args.first().map(|s| s.as_str()) {
            None => match self.get_var("HOME") {
                Some(home) if !home.is_empty() => home.to_string(),
                _ => {
                    self.error("cd: HOME not set")?;
                    return Ok(1);
                }
            },
            Some("-") => match self.get_var("OLDPWD") {
                Some(old) => {
                    print = true;
                    old.to_string()
                }
                None => {
                    self.error("cd: OLDPWD not set")?;
                    return Ok(1);
                }
            },
            Some(dir) => dir.to_string(),
        };
        let new = Fs::normalize(&self.st.cwd, &target);
        match sys.stat(&new) {
            Ok(stat) if stat.is_dir() => {}
            Ok(_) => {
                self.error(&format!("cd: can't cd to {target}: Not a directory"))?;
                return Ok(2);
            }
            Err(e) => {
                self.error(&format!("cd: can't cd to {target}: {e}"))?;
                return Ok(2);
            }
        }
        let old = std::mem::replace(&mut self.st.cwd, new.clone());
        let _ = self.set_var("OLDPWD", &old);
        let _ = self.set_var("PWD", &new);
        if print {
            self.write_fd(1, format!("{new}\n").as_bytes())?;
        }
        Ok(0)
    }

    fn builtin_read(&mut self, args: &[String]) -> R<i32> {
        let mut raw = false;
        let mut delim = b'\n';
        let mut count: Option<usize> = None;
        let mut names = Vec::new();
        let mut i = 0;
        while let Some(arg) = args.get(i) {
            i += 1;
            if !names.is_empty() || !arg.starts_with('-') || arg == "-" {
                names.push(arg.clone());
                continue;
            }
            let mut chars = arg[1..].chars();
            while let Some(c) = chars.next() {
                let mut value = || -> String {
                    let rest: String = chars.by_ref().collect();
                    if rest.is_empty() {
                        let v = args.get(i).cloned().unwrap_or_default();
                        i += 1;
                        v
                    } else {
                        rest
                    }
                };
                match c {
                    'r' => raw = true,
                    's' => {}
                    'p' => {
                        let prompt = value();
                        self.write_fd(2, prompt.as_bytes())?;
                    }
                    't' => {
                        value();
                    }
                    'd' => delim = value().bytes().next().unwrap_or(0),
                    'n' => count = value().parse().ok(),
                    other => {
                        self.error(&format!("read: Illegal option -{other}"))?;
                        return Ok(2);
                    }
                }
            }
        }
        if names.is_empty() {
            names.push("REPLY".to_string());
        }
        let stdin = self.st.fds[0];
        let mut line = Vec::new();
        let mut eof = false;
        if let Some(n) = count {
            line = self.io.read_bytes(stdin, n);
            eof = line.len() < n;
            self.interruptible_input_wait()?;
        } else {
            loop {
                match self.io.read_until(stdin, delim) {
                    None => {
                        // The shell itself waits for a line (a signal's trap would run at once).
                        self.interruptible_input_wait()?;
                        eof = true;
                        break;
                    }
                    Some(mut chunk) => {
                        if chunk.last() == Some(&delim) {
                            chunk.pop();
                            let continued = !raw && chunk.last() == Some(&b'\\') && delim == b'\n';
                            if continued {
                                chunk.pop();
                                line.extend(chunk);
                                continue;
                            }
                            line.extend(chunk);
                        } else {
                            line.extend(chunk);
                            eof = true;
                        }
                        break;
                    }
                }
            }
        }
        let mut text = String::from_utf8_lossy(&line).into_owned();
        if !raw {
            let mut out = String::with_capacity(text.len());
            let mut chars = text.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                } else {
                    out.push(c);
                }
            }
            text = out;
        }
        let ifs: Vec<char> = self.get_var("IFS").unwrap_or(" \t\n").chars().collect();
        let values = split_for_read(&text, &ifs, names.len());
        for (i, name) in names.iter().enumerate() {
            let value = values.get(i).cloned().unwrap_or_default();
            if !is_name(name) {
                self.error(&format!("read: {name}: bad variable name"))?;
                return Ok(2);
            }
            if let Err(message) = self.set_var(name, &value) {
                self.error(&message)?;
                return Ok(2);
            }
        }
        Ok(i32::from(eof))
    }

    fn builtin_command(&mut self, sys: &mut dyn System, args: &[String]) -> R<i32> {
        let mut i = 0;
        let mut verbose = None;
        while let Some(arg) = args.get(i) {
            match arg.as_str() {
                "-v" => verbose = Some(false),
                "-V" => verbose = Some(true),
                "-p" => {}
                "--" => {
                    i += 1;
                    break;
                }
                _ => break,
            }
            i += 1;
        }
        let rest = &args[i.min(args.len())..];
        match verbose {
            None => {
                if rest.is_empty() {
                    return Ok(0);
                }
                self.run_command(sys, rest, true)
            }
            Some(long) => {
                let mut status = 0;
                for name in rest {
                    let line = if long {
                        self.describe_command(sys, name).map(|d| format!("{name} is {d}\n"))
                    } else if let Some(value) = self.st.aliases.get(name) {
                        Some(format!("alias {name}={}\n", shell_quote_always(value)))
                    } else if self.st.functions.contains_key(name)
                        || is_builtin(name)
                        || KEYWORDS.contains(&name.as_str())
                    {
                        Some(format!("{name}\n"))
                    } else if name.contains('/') {
                        let path = self.abs(name);
                        sys.stat(&path).is_ok_and(|s| s.is_file() && s.mode & 0o111 != 0).then(|| format!("{name}\n"))
                    } else {
                        match self.find_in_path(sys, name) {
                            Found::Path(path) => Some(format!("{path}\n")),
                            _ => None,
                        }
                    };
                    match line {
                        Some(line) => self.write_fd(1, line.as_bytes())?,
                        None => {
                            status = 1;
                            if long {
                                self.write_fd(2, format!("{name}: not found\n").as_bytes())?;
                            }
                        }
                    }
                }
                Ok(status)
            }
        }
    }

    /// What `type NAME` says after "NAME is ".
    fn describe_command(&mut self, sys: &mut dyn System, name: &str) -> Option<String> {
        if let Some(value) = self.st.aliases.get(name) {
            return Some(format!("an alias for {value}"));
        }
        if KEYWORDS.contains(&name) {
            return Some("a shell keyword".to_string());
        }
        if self.st.functions.contains_key(name) {
            return Some("a shell function".to_string());
        }
        if is_special(name) {
            return Some("a special shell builtin".to_string());
        }
        if is_builtin(name) {
            return Some("a shell builtin".to_string());
        }
        if name.contains('/') {
            let path = self.abs(name);
            return sys.stat(&path).is_ok_and(|s| s.is_file()).then(|| name.to_string());
        }
        match self.find_in_path(sys, name) {
            Found::Path(path) => Some(path),
            _ => None,
        }
    }

    fn builtin_umask(&mut self, args: &[String]) -> R<i32> {
        let symbolic = args.first().is_some_and(|a| a == "-S");
        let args: Vec<&String> = args.iter().filter(|a| a.as_str() != "-S").collect();
        let Some(mode) = args.first() else {
            let text = if symbolic {
                let allowed = !self.st.umask & 0o777;
                let part = |shift: u32| {
                    let bits = (allowed >> shift) & 7;
                    let mut s = String::new();
                    for (bit, c) in [(4, 'r'), (2, 'w'), (1, 'x')] {
                        if bits & bit != 0 {
                            s.push(c);
                        }
                    }
                    s
                };
                format!("u={},g={},o={}\n", part(6), part(3), part(0))
            } else {
                format!("{:04o}\n", self.st.umask)
            };
            self.write_fd(1, text.as_bytes())?;
            return Ok(0);
        };
        if let Ok(value) = u32::from_str_radix(mode, 8) {
            self.st.umask = value & 0o777;
            return Ok(0);
        }
        match applets::files::apply_symbolic_mode(!self.st.umask & 0o777, mode, false) {
            Some(allowed) => {
                self.st.umask = !allowed & 0o777;
                Ok(0)
            }
            None => {
                self.error(&format!("umask: Illegal mode: {mode}"))?;
                Ok(1)
            }
        }
    }

    fn builtin_alias(&mut self, args: &[String]) -> R<i32> {
        if args.is_empty() {
            let text: String =
                self.st.aliases.iter().map(|(name, value)| format!("{name}={}\n", shell_quote_always(value))).collect();
            self.write_fd(1, text.as_bytes())?;
            return Ok(0);
        }
        let mut status = 0;
        for arg in args {
            match arg.split_once('=') {
                Some((name, value)) => {
                    self.st.aliases.insert(name.to_string(), value.to_string());
                }
                None => match self.st.aliases.get(arg) {
                    Some(value) => {
                        let line = format!("{arg}={}\n", shell_quote_always(value));
                        self.write_fd(1, line.as_bytes())?;
                    }
                    None => {
                        self.error(&format!("alias: {arg} not found"))?;
                        status = 1;
                    }
                },
            }
        }
        Ok(status)
    }

    fn builtin_getopts(&mut self, args: &[String]) -> R<i32> {
        let (Some(optstring), Some(var)) = (args.first(), args.get(1)) else {
            self.error("getopts: usage: getopts optstring var [arg]")?;
            return Ok(2);
        };
        let params: Vec<String> = if args.len() > 2 { args[2..].to_vec() } else { self.st.positional.clone() };
        let silent = optstring.starts_with(':');
        let mut optind: usize = self.get_var("OPTIND").and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
        if optind == 1
            && self.st.getopts_sub > 0
            && params.first().is_none_or(|p| p.chars().count() <= self.st.getopts_sub)
        {
            self.st.getopts_sub = 0;
        }
        let finish = |sh: &mut Interp, optind: usize| -> R<i32> {
            sh.st.getopts_sub = 0;
            let _ = sh.set_var(var, "?");
            let _ = sh.set_var("OPTIND", &optind.to_string());
            Ok(1)
        };
        let Some(arg) = params.get(optind - 1).cloned() else { return finish(self, optind) };
        if self.st.getopts_sub == 0 {
            if arg == "--" {
                return finish(self, optind + 1);
            }
            if !arg.starts_with('-') || arg == "-" {
                return finish(self, optind);
            }
            self.st.getopts_sub = 1;
        }
        let chars: Vec<char> = arg.chars().collect();
        let Some(&c) = chars.get(self.st.getopts_sub) else { return finish(self, optind + 1) };
        self.st.getopts_sub += 1;
        let at_end = self.st.getopts_sub >= chars.len();
        let spec = optstring.trim_start_matches(':');
        let known = c != ':' && spec.contains(c);
        let takes_arg = known && spec.split(c).nth(1).is_some_and(|rest| rest.starts_with(':'));
        let mut result_var = c.to_string();
        if !known {
            if silent {
                let _ = self.set_var("OPTARG", &c.to_string());
            } else {
                self.error(&format!("Illegal option -{c}"))?;
                self.st.vars.remove("OPTARG");
            }
            result_var = "?".to_string();
            if at_end {
                optind += 1;
                self.st.getopts_sub = 0;
            }
        } else if takes_arg {
            if !at_end {
                let value: String = chars[self.st.getopts_sub..].iter().collect();
                let _ = self.set_var("OPTARG", &value);
                optind += 1;
            } else if let Some(value) = params.get(optind) {
                let _ = self.set_var("OPTARG", value);
                optind += 2;
            } else {
                if silent {
                    let _ = self.set_var("OPTARG", &c.to_string());
                    result_var = ":".to_string();
                } else {
                    self.error(&format!("No arg for -{c} option"))?;
                    result_var = "?".to_string();
                }
                optind += 1;
            }
            self.st.getopts_sub = 0;
        } else {
            self.st.vars.remove("OPTARG");
            if at_end {
                optind += 1;
                self.st.getopts_sub = 0;
            }
        }
        let _ = self.set_var(var, &result_var);
        let _ = self.set_var("OPTIND", &optind.to_string());
        Ok(0)
    }
}

struct LetVars<'a>(&'a mut Interp);

impl arith::ArithEnv for LetVars<'_> {
    fn get_var(&self, name: &str) -> Option<String> {
        self.0.get_var(name).map(str::to_string)
    }

    fn set_var(&mut self, name: &str, value: i64) {
        let _ = self.0.set_var(name, &value.to_string());
    }
}

/// `set`'s and `export -p`'s quoting: always single quotes.
fn shell_quote_always(s: &str) -> String {
    let quoted = shell_quote(s);
    if quoted.starts_with('\'') {
        quoted
    } else {
        format!("'{quoted}'")
    }
}

/// `read`'s field splitting: `n` fields, the last one taking the rest of the line.
fn split_for_read(text: &str, ifs: &[char], n: usize) -> Vec<String> {
    let is_ws = |c: char| ifs.contains(&c) && matches!(c, ' ' | '\t' | '\n');
    let is_delim = |c: char| ifs.contains(&c);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() && is_ws(chars[i]) {
        i += 1;
    }
    while out.len() + 1 < n && i < chars.len() {
        let start = i;
        while i < chars.len() && !is_delim(chars[i]) {
            i += 1;
        }
        out.push(chars[start..i].iter().collect());
        // Skip the delimiter: white space, at most one other IFS character, white space.
        while i < chars.len() && is_ws(chars[i]) {
            i += 1;
        }
        if i < chars.len() && is_delim(chars[i]) && !is_ws(chars[i]) {
            i += 1;
            while i < chars.len() && is_ws(chars[i]) {
                i += 1;
            }
        }
    }
    let mut end = chars.len();
    while end > i && is_ws(chars[end - 1]) {
        end -= 1;
    }
    if i < end || out.is_empty() {
        out.push(chars[i..end.max(i)].iter().collect());
    }
    out
}

impl Interp {
    /// `wait`: the simulation runs `&` jobs in the foreground, so they are done, unless one waits for good (a server,
    /// `sleep infinity &`): then the shell waits for it too, and a signal's trap would run at once.
    fn builtin_wait(&mut self) -> R<i32> {
        if let Some(mut job) = self.background_wait.take() {
            job.interruptible = true;
            job.output_bytes = self.io.written();
            self.wait = Some(job);
            return Err(super::interp::Flow::Wait);
        }
        Ok(0)
    }

    /// `read` found an open stdin with nothing in it: the shell waits, and can run a trap meanwhile.
    fn interruptible_input_wait(&mut self) -> R<()> {
        if self.io.waited.is_some() {
            let result = self.waiting_for_input();
            if let Some(wait) = self.wait.as_mut() {
                wait.interruptible = true;
            }
            result?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_splitting() {
        let ifs: Vec<char> = " \t\n".chars().collect();
        assert_eq!(split_for_read("  a  b  c  ", &ifs, 2), vec!["a", "b  c"]);
        assert_eq!(split_for_read("a", &ifs, 3), vec!["a"]);
        assert_eq!(split_for_read("a b c", &ifs, 1), vec!["a b c"]);
        let ifs: Vec<char> = ":".chars().collect();
        assert_eq!(split_for_read("root:x:0", &ifs, 3), vec!["root", "x", "0"]);
        assert_eq!(split_for_read("a::b", &ifs, 3), vec!["a", "", "b"]);
    }
}
