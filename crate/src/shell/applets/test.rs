//! `test`, `[` and `[[`: POSIX's rules for one to four arguments, then a grammar with `!`, `-a`, `-o` and
//! parentheses; file tests against the [`crate::shell::System`], string and integer comparisons. `[[` adds pattern
//! matching for `==`/`!=` and `=~` (extended regular expressions), as busybox ash does.

use super::Cx;
use crate::shell::interp::R;
use crate::shell::pattern::Pattern;
use crate::shell::regex::Regex;

const UNARY: [&str; 22] = [
    "-e", "-f", "-d", "-r", "-w", "-x", "-s", "-L", "-h", "-b", "-c", "-p", "-S", "-g", "-u", "-k", "-O", "-G", "-N",
    "-t", "-z", "-n",
];

const BINARY: [&str; 16] =
    ["=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef", "=~", "-a"];

const MAX_DEPTH: usize = 64;

struct Tester<'c, 'a> {
    cx: &'c mut Cx<'a>,
    args: Vec<String>,
    pos: usize,
    double: bool,
    depth: usize,
}

/// A test failed to parse or evaluate (exit status 2), with the message already printed.
struct Bad;

pub fn test(cx: &mut Cx) -> R<i32> {
    let name = cx.name();
    let mut args = cx.args().to_vec();
    let double = name == "[[";
    if name == "[" || double {
        let close = if double { "]]" } else { "]" };
        if args.last().map(String::as_str) != Some(close) {
            cx.warn(&format!("missing {close}"))?;
            return Ok(2);
        }
        args.pop();
    }
    let mut t = Tester { cx, args, pos: 0, double, depth: 0 };
    match t.run()? {
        Ok(true) => Ok(0),
        Ok(false) => Ok(1),
        Err(Bad) => Ok(2),
    }
}

impl Tester<'_, '_> {
    fn bad(&mut self, message: &str) -> R<Result<bool, Bad>> {
        self.cx.warn(message)?;
        Ok(Err(Bad))
    }

    fn run(&mut self) -> R<Result<bool, Bad>> {
        let n = self.args.len();
        let a = self.args.clone();
        let is_unary = |s: &str| UNARY.contains(&s);
        let is_binary = |s: &str| BINARY.contains(&s) && s != "-a";
        match n {
            0 => return Ok(Ok(false)),
            1 => return Ok(Ok(!a[0].is_empty())),
            2 => {
                if a[0] == "!" {
                    return Ok(Ok(a[1].is_empty()));
                }
                if is_unary(&a[0]) {
                    return self.unary(&a[0], &a[1]);
                }
                return self.bad(&format!("{}: unexpected operator", a[0]));
            }
            3 => {
                if is_binary(&a[1]) || a[1] == "-a" || a[1] == "-o" {
                    if a[1] == "-a" {
                        return Ok(Ok(!a[0].is_empty() && !a[2].is_empty()));
                    }
                    if a[1] == "-o" {
                        return Ok(Ok(!a[0].is_empty() || !a[2].is_empty()));
                    }
                    return self.binary(&a[0], &a[1], &a[2]);
                }
                if a[0] == "!" {
                    self.args = a[1..].to_vec();
                    return Ok(self.run()?.map(|b| !b));
                }
                if a[0] == "(" && a[2] == ")" {
                    return Ok(Ok(!a[1].is_empty()));
                }
            }
            4 => {
                if a[0] == "!" {
                    self.args = a[1..].to_vec();
                    return Ok(self.run()?.map(|b| !b));
                }
                if a[0] == "(" && a[3] == ")" {
                    self.args = a[1..3].to_vec();
                    return self.run();
                }
            }
            _ => {}
        }
        let result = self.or()?;
        if result.is_ok() && self.pos < self.args.len() {
            let extra = self.args[self.pos].clone();
            return self.bad(&format!("{extra}: unexpected operator"));
        }
        Ok(result)
    }

    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(String::as_str)
    }

    fn or(&mut self) -> R<Result<bool, Bad>> {
        let mut value = match self.and()? {
            Ok(v) => v,
            Err(bad) => return Ok(Err(bad)),
        };
        while self.peek() == Some("-o") {
            self.pos += 1;
            match self.and()? {
                Ok(v) => value = value || v,
                Err(bad) => return Ok(Err(bad)),
            }
        }
        Ok(Ok(value))
    }

    fn and(&mut self) -> R<Result<bool, Bad>> {
        let mut value = match self.not()? {
            Ok(v) => v,
            Err(bad) => return Ok(Err(bad)),
        };
        while self.peek() == Some("-a") {
            self.pos += 1;
            match self.not()? {
                Ok(v) => value = value && v,
                Err(bad) => return Ok(Err(bad)),
            }
        }
        Ok(Ok(value))
    }

    fn not(&mut self) -> R<Result<bool, Bad>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.bad("expression too complex");
        }
        let result = if self.peek() == Some("!") {
            self.pos += 1;
            self.not()?.map(|v| !v)
        } else {
            self.primary()?
        };
        self.depth -= 1;
        Ok(result)
    }

    fn primary(&mut self) -> R<Result<bool, Bad>> {
        let Some(first) = self.peek().map(str::to_string) else {
            return self.bad("argument expected");
        };
        if first == "(" {
            self.pos += 1;
            let value = self.or()?;
            if self.peek() != Some(")") {
                return self.bad("closing paren expected");
            }
            self.pos += 1;
            return Ok(value);
        }
        if UNARY.contains(&first.as_str()) {
            if let Some(operand) = self.args.get(self.pos + 1).cloned() {
                self.pos += 2;
                return self.unary(&first, &operand);
            }
        }
        if let (Some(op), Some(rhs)) = (self.args.get(self.pos + 1).cloned(), self.args.get(self.pos + 2).cloned()) {
            if BINARY.contains(&op.as_str()) && op != "-a" {
                self.pos += 3;
                return self.binary(&first, &op, &rhs);
            }
        }
        self.pos += 1;
        Ok(Ok(!first.is_empty()))
    }

    fn unary(&mut self, op: &str, operand: &str) -> R<Result<bool, Bad>> {
        let value = match op {
            "-z" => operand.is_empty(),
            "-n" => !operand.is_empty(),
            "-t" => false,
            _ => {
                if operand.is_empty() {
                    return Ok(Ok(false));
                }
                let path = self.cx.abs(operand);
                let uid = self.cx.uid();
                let gid = self.cx.gid();
                match op {
                    "-L" | "-h" => self.cx.sys.lstat(&path).is_ok_and(|s| s.is_symlink()),
                    _ => match self.cx.sys.stat(&path) {
                        Err(_) => false,
                        Ok(stat) => match op {
                            "-e" => true,
                            "-f" => stat.is_file(),
                            "-d" => stat.is_dir(),
                            "-s" => stat.size > 0,
                            "-b" | "-c" | "-p" | "-S" => false,
                            "-g" => stat.mode & 0o2000 != 0,
                            "-u" => stat.mode & 0o4000 != 0,
                            "-k" => stat.mode & 0o1000 != 0,
                            "-O" => stat.uid == uid,
                            "-G" => stat.gid == gid,
                            "-N" => false,
                            "-r" | "-w" | "-x" => {
                                let want = match op {
                                    "-r" => 4,
                                    "-w" => 2,
                                    _ => 1,
                                };
                                if uid == 0 {
                                    want != 1 || stat.mode & 0o111 != 0 || stat.is_dir()
                                } else {
                                    let bits = if stat.uid == uid {
                                        stat.mode >> 6
                                    } else if stat.gid == gid {
                                        stat.mode >> 3
                                    } else {
                                        stat.mode
                                    };
                                    bits & want != 0
                                }
                            }
                            _ => false,
                        },
                    },
                }
            }
        };
        Ok(Ok(value))
    }

    fn number(&mut self, s: &str) -> R<Result<i64, Bad>> {
        match s.trim().parse::<i64>() {
            Ok(n) => Ok(Ok(n)),
            Err(_) => {
                self.cx.warn(&format!("{s}: bad number"))?;
                Ok(Err(Bad))
            }
        }
    }

    fn binary(&mut self, lhs: &str, op: &str, rhs: &str) -> R<Result<bool, Bad>> {
        let value = match op {
            "=" | "==" if self.double => Pattern::parse(rhs).matches(lhs),
            "!=" if self.double => !Pattern::parse(rhs).matches(lhs),
            "=" | "==" => lhs == rhs,
            "!=" => lhs != rhs,
            "<" => lhs < rhs,
            ">" => lhs > rhs,
            "=~" => match Regex::new(rhs, true, false) {
                Ok(re) => re.is_match(lhs),
                Err(e) => return self.bad(&format!("{rhs}: {e}")),
            },
            "-nt" | "-ot" => false,
            "-ef" => {
                let a = crate::vfs::Fs::normalize(&self.cx.cwd(), lhs);
                let b = crate::vfs::Fs::normalize(&self.cx.cwd(), rhs);
                a == b && self.cx.sys.stat(&a).is_ok()
            }
            _ => {
                let a = match self.number(lhs)? {
                    Ok(n) => n,
                    Err(bad) => return Ok(Err(bad)),
                };
                let b = match self.number(rhs)? {
                    Ok(n) => n,
                    Err(bad) => return Ok(Err(bad)),
                };
                match op {
                    "-eq" => a == b,
                    "-ne" => a != b,
                    "-lt" => a < b,
                    "-le" => a <= b,
                    "-gt" => a > b,
                    _ => a >= b,
                }
            }
        };
        Ok(Ok(value))
    }
}

#[cfg(test)]
mod tests {
    use crate::shell::testkit::run;

    #[test]
    fn posix_argument_counts() {
        for (script, status) in [
            ("test", 1),
            ("test ''", 1),
            ("test x", 0),
            ("test -n", 0),
            ("test ! x", 1),
            ("test x = x", 0),
            ("test -a = -a", 0),
            ("test ! x = y", 0),
            ("test '(' x ')' && test '(' ! '' ')'", 0),
            ("test x -a '' -o y", 0),
            ("test 1 -eq 1 -a ! 2 -lt 1", 0),
            ("[ -d /etc -a -f /etc/passwd ]", 0),
            ("[ x -gt 1 ]", 2),
            ("[ '(' x ]", 2),
        ] {
            assert_eq!(run(script).status, status, "{script}");
        }
    }
}
