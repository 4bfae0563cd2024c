//! The applets: the programs of a small busybox that the simulated shell implements itself (`ls`, `cp`, `sed`,
//! `tar`, `adduser` …), one file per family. Each applet gets a [`Cx`] — its argv, stdin/stdout/stderr through the
//! shell's file descriptors, and the [`System`] — and returns an exit status. Messages follow coreutils' wording
//! (`ls: cannot access 'x': No such file or directory`).

pub mod checksums;
pub mod echo;
pub mod files;
pub mod info;
pub mod network;
pub mod packages;
pub mod tar;
pub mod test;
pub mod text;
pub mod users;

use super::interp::{special_device, Device, Interp, R};
use super::lookup::basename;
use super::system::{ErrorKind, SysError, System};
use std::sync::Arc;

/// What an applet is: a function of its context to an exit status.
pub type Applet = fn(&mut Cx) -> R<i32>;

/// The applets this shell implements, in the contract's order (plus `ash` and `[[`).
pub const APPLETS: &[&str] = &[
    "sh",
    "bash",
    "ash",
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
    "chgrp",
    "pwd",
    "env",
    "true",
    "false",
    "test",
    "[",
    "[[",
    "sed",
    "grep",
    "egrep",
    "fgrep",
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
    "adduser",
    "addgroup",
    "useradd",
    "groupadd",
    "apk",
    "apt-get",
    "apt",
    "dpkg",
    "npm",
    "pip",
    "pip3",
    "curl",
    "wget",
    "seq",
    "readlink",
    "realpath",
    "mktemp",
    "xargs",
    "find",
    "yes",
    "du",
    "stat",
    "printenv",
    "expr",
    "sha256sum",
    "sha512sum",
];

/// Whether `name` is an applet of the simulated shell (a program images may point at with
/// `#!/layerlab/applet NAME`).
pub fn is_simulated_applet(name: &str) -> bool {
    APPLETS.contains(&name) || matches!(name, "busybox" | "dash")
}

pub fn find(name: &str) -> Option<Applet> {
    Some(match name {
        "echo" => echo::echo,
        "printf" => echo::printf,
        "true" => |_| Ok(0),
        "false" => |_| Ok(1),
        "test" | "[" | "[[" => test::test,
        "pwd" => files::pwd,
        "cat" => files::cat,
        "ls" => files::ls,
        "mkdir" => files::mkdir,
        "rmdir" => files::rmdir,
        "touch" => files::touch,
        "cp" => files::cp,
        "mv" => files::mv,
        "rm" => files::rm,
        "ln" => files::ln,
        "chmod" => files::chmod,
        "chown" | "chgrp" => files::chown,
        "readlink" | "realpath" => files::readlink,
        "mktemp" => files::mktemp,
        "find" => files::find,
        "du" => files::du,
        "stat" => files::stat,
        "printenv" => info::printenv,
        "expr" => info::expr,
        "sha256sum" | "sha512sum" => checksums::shasum,
        "env" => info::env,
        "basename" => info::basename,
        "dirname" => info::dirname,
        "hostname" => info::hostname,
        "date" => info::date,
        "uname" => info::uname,
        "sleep" => info::sleep,
        "which" => info::which,
        "seq" => info::seq,
        "xargs" => info::xargs,
        "yes" => info::yes,
        "sed" => text::sed::sed,
        "grep" | "egrep" | "fgrep" => text::grep::grep,
        "head" => text::head,
        "tail" => text::tail,
        "wc" => text::wc,
        "tee" => text::tee,
        "sort" => text::sort,
        "uniq" => text::uniq,
        "cut" => text::cut,
        "tr" => text::tr,
        "tar" => tar::tar,
        "id" => users::id,
        "whoami" => users::whoami,
        "adduser" => users::adduser,
        "addgroup" => users::addgroup,
        "useradd" => users::useradd,
        "groupadd" => users::groupadd,
        "curl" => network::curl,
        "apk" => packages::apk::apk,
        "apt-get" | "apt" => packages::apt::apt_get,
        "dpkg" => packages::apt::dpkg,
        "npm" => packages::npm::npm,
        "pip" | "pip3" => packages::pip::pip,
        "wget" => network::wget,
        _ => return None,
    })
}

/// An applet's view of the world.
pub struct Cx<'a> {
    pub sh: &'a mut Interp,
    pub sys: &'a mut dyn System,
    pub argv: &'a [String],
}

impl Cx<'_> {
    /// The applet's name as called (`[` for `[`, `ls` for `/bin/ls`).
    pub fn name(&self) -> String {
        basename(self.argv.first().map_or("", String::as_str)).to_string()
    }

    pub fn args(&self) -> &[String] {
        self.argv.get(1..).unwrap_or(&[])
    }

    pub fn out(&mut self, bytes: &[u8]) -> R<()> {
        self.sh.write_fd(1, bytes)
    }

    pub fn outs(&mut self, text: &str) -> R<()> {
        self.sh.write_fd(1, text.as_bytes())
    }

    pub fn errs(&mut self, text: &str) -> R<()> {
        self.sh.write_fd(2, text.as_bytes())
    }

    /// `name: message` on stderr.
    pub fn warn(&mut self, message: &str) -> R<()> {
        let line = format!("{}: {message}\n", self.name());
        self.sh.write_fd(2, line.as_bytes())
    }

    /// `name: message` on stderr, exit status 1.
    pub fn fail(&mut self, message: &str) -> R<i32> {
        self.warn(message)?;
        Ok(1)
    }

    /// All of stdin.
    pub fn stdin(&mut self) -> Vec<u8> {
        let fd = self.sh.st.fds[0];
        self.sh.io.read_all(fd)
    }

    pub fn abs(&self, path: &str) -> String {
        self.sh.abs(path)
    }

    pub fn cwd(&self) -> String {
        self.sh.st.cwd.clone()
    }

    pub fn getenv(&self, name: &str) -> Option<String> {
        self.sh.get_var(name).map(str::to_string)
    }

    pub fn step(&mut self) -> R<()> {
        self.sh.step()
    }

    pub fn umask(&self) -> u32 {
        self.sh.st.umask
    }

    pub fn uid(&self) -> u32 {
        self.sh.st.uid
    }

    pub fn gid(&self) -> u32 {
        self.sh.st.gid
    }

    /// Reads a file the way a program would: `/dev/null` and friends work, and what open redirections have
    /// buffered for it is written out first.
    pub fn read_file(&mut self, path: &str) -> Result<Arc<[u8]>, SysError> {
        match special_device(path) {
            Some(Device::Null) => return Ok(Arc::from(Vec::new())),
            Some(Device::Data(data)) => return Ok(Arc::from(data)),
            Some(Device::Fd(n)) => {
                let fd = self.sh.st.fds.get(n).copied().unwrap_or(super::io::Fd::Closed);
                return Ok(Arc::from(self.sh.io.read_all(fd)));
            }
            Some(Device::Tty) => {
                return Err(SysError { kind: ErrorKind::NotFound, message: "No such device or address".into() })
            }
            None => {}
        }
        let abs = self.abs(path);
        self.sh.flush_pending(self.sys, &abs);
        self.sys.read(&abs)
    }

    /// Like [`Cx::read_file`], with `-` meaning stdin.
    pub fn read_input(&mut self, path: &str) -> Result<Arc<[u8]>, SysError> {
        if path == "-" {
            return Ok(Arc::from(self.stdin()));
        }
        self.read_file(path)
    }

    /// Writes a whole file (creating it with `mode` minus the umask); `/dev/null` swallows, `/dev/stdout` prints.
    pub fn write_file(&mut self, path: &str, data: &[u8], mode: u32, append: bool) -> R<Result<(), SysError>> {
        match special_device(path) {
            Some(Device::Null) | Some(Device::Data(_)) => return Ok(Ok(())),
            Some(Device::Fd(n)) => {
                self.sh.write_fd(n, data)?;
                return Ok(Ok(()));
            }
            Some(Device::Tty) => {
                return Ok(Err(SysError { kind: ErrorKind::NotFound, message: "No such device or address".into() }))
            }
            None => {}
        }
        let abs = self.abs(path);
        self.sh.flush_pending(self.sys, &abs);
        let mode = mode & !self.umask();
        Ok(if append { self.sys.append(&abs, data, mode) } else { self.sys.write(&abs, data, mode) })
    }

    /// Runs another program (for `env`, `xargs`, `find -exec`): a PATH lookup, as execvp does; functions and
    /// builtins are not visible to programs.
    pub fn run(&mut self, argv: &[String]) -> R<i32> {
        self.sh.run_external(self.sys, argv)
    }
}

/// Parsed command-line options: flags in order, values of options that take one, and operands.
#[derive(Debug, Default)]
pub struct Parsed {
    pub flags: Vec<char>,
    pub values: Vec<(char, String)>,
    pub operands: Vec<String>,
}

impl Parsed {
    pub fn has(&self, c: char) -> bool {
        self.flags.contains(&c)
    }

    pub fn value(&self, c: char) -> Option<&str> {
        self.values.iter().rev().find(|(k, _)| *k == c).map(|(_, v)| v.as_str())
    }

    pub fn values(&self, c: char) -> Vec<&str> {
        self.values.iter().filter(|(k, _)| *k == c).map(|(_, v)| v.as_str()).collect()
    }
}

/// getopt with GNU permutation: `spec` lists short options (`n:` takes a value); `longs` maps long options to
/// short ones (a name ending in `=` takes a value). Everything after `--` is an operand.
pub fn getopt(args: &[String], spec: &str, longs: &[(&str, char)]) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let takes_value = |c: char| spec.find(c).is_some_and(|i| spec[i + c.len_utf8()..].starts_with(':'));
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        if arg == "--" {
            parsed.operands.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (long, None),
            };
            let found = longs.iter().find(|(l, _)| l.trim_end_matches('=') == name);
            let Some((l, c)) = found else { return Err(format!("unrecognized option '--{name}'")) };
            if l.ends_with('=') {
                let value = match inline {
                    Some(v) => v,
                    None => {
                        let Some(v) = args.get(i) else {
                            return Err(format!("option '--{name}' requires an argument"));
                        };
                        i += 1;
                        v.clone()
                    }
                };
                parsed.values.push((*c, value));
            } else {
                parsed.flags.push(*c);
            }
            continue;
        }
        if arg.len() < 2 || !arg.starts_with('-') {
            parsed.operands.push(arg.clone());
            continue;
        }
        let body: Vec<char> = arg[1..].chars().collect();
        let mut j = 0;
        while j < body.len() {
            let c = body[j];
            j += 1;
            if !spec.contains(c) || c == ':' {
                return Err(format!("invalid option -- '{c}'"));
            }
            if takes_value(c) {
                let value = if j < body.len() {
                    let v: String = body[j..].iter().collect();
                    j = body.len();
                    v
                } else {
                    let Some(v) = args.get(i) else { return Err(format!("option requires an argument -- '{c}'")) };
                    i += 1;
                    v.clone()
                };
                parsed.values.push((c, value));
            } else {
                parsed.flags.push(c);
            }
        }
    }
    Ok(parsed)
}

/// Parses options or prints the error the way the applet would (`name: invalid option -- 'z'`) and fails.
pub fn parse_or_fail(cx: &mut Cx, spec: &str, longs: &[(&str, char)]) -> R<Result<Parsed, i32>> {
    let args = cx.args().to_vec();
    match getopt(&args, spec, longs) {
        Ok(parsed) => Ok(Ok(parsed)),
        Err(message) => {
            cx.warn(&message)?;
            let line = format!("Try '{} --help' for more information.\n", cx.name());
            cx.errs(&line)?;
            Ok(Err(if cx.name() == "ls" { 2 } else { 1 }))
        }
    }
}

/// Standard base64 with padding (apk checksums, npm integrity strings).
pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Lines of a text (the last one without a newline included); the text is decoded leniently.
pub fn lines(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut out: Vec<String> = text.split('\n').map(str::to_string).collect();
    if text.ends_with('\n') || text.is_empty() {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn getopt_permutes_and_takes_values() {
        let p = getopt(&s(&["-la", "x", "-n5", "--", "-y"]), "lan:", &[]).unwrap();
        assert_eq!(p.flags, vec!['l', 'a']);
        assert_eq!(p.value('n'), Some("5"));
        assert_eq!(p.operands, s(&["x", "-y"]));
        let p = getopt(&s(&["--recursive", "--mode=755", "d"]), "rm:", &[("recursive", 'r'), ("mode=", 'm')]).unwrap();
        assert!(p.has('r'));
        assert_eq!(p.value('m'), Some("755"));
        assert_eq!(getopt(&s(&["-z"]), "a", &[]).unwrap_err(), "invalid option -- 'z'");
        assert!(getopt(&s(&["-n"]), "n:", &[]).is_err());
    }

    #[test]
    fn lines_keep_a_final_partial_line() {
        assert_eq!(lines(b"a\nb\n"), vec!["a", "b"]);
        assert_eq!(lines(b"a\nb"), vec!["a", "b"]);
        assert!(lines(b"").is_empty());
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(lines(b"\n"), vec![""]);
    }
}
