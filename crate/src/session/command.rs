//! Reading a typed command line: splitting it into words with the shell's quotes (what the terminal's shell does
//! before `docker` sees the words), and parsing docker's flags (short flags that combine, `--long=value`,
//! `--long value`, flags after positionals or not) into values. Errors are Docker's texts, as data.

use std::collections::BTreeMap;

/// The longest line a session reads; longer ones are refused before any work.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Splits a line into words the way `sh` would for a simple command: white space separates, `'…'` keeps
/// everything, `"…"` keeps all but `\"`, `\\`, `\$` and `` \` `` escapes, a backslash outside quotes escapes the next
/// character. No expansion happens (the host shell's variables are not simulated). An unclosed quote is an error.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => current.push(c),
                        None => return Err("unterminated quoted string".to_string()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => current.push(c),
                            Some(c) => {
                                current.push('\\');
                                current.push(c);
                            }
                            None => return Err("unterminated quoted string".to_string()),
                        },
                        Some(c) => current.push(c),
                        None => return Err("unterminated quoted string".to_string()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    current.push(c);
                }
            }
            c => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

/// Whether an image reference as typed names a tag or a digest (`ubuntu:git`, `x@sha256:…`), rather than leaving
/// Docker to add `:latest` (`localhost:5000/web` names neither: that colon is the registry's port).
pub fn names_tag_or_digest(reference: &str) -> bool {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    reference.contains('@') || last.contains(':')
}

/// One flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct FlagSpec {
    pub short: Option<char>,
    pub long: &'static str,
    pub takes_value: bool,
}

pub const fn flag(short: Option<char>, long: &'static str) -> FlagSpec {
    FlagSpec { short, long, takes_value: false }
}

pub const fn option(short: Option<char>, long: &'static str) -> FlagSpec {
    FlagSpec { short, long, takes_value: true }
}

/// Parsed flags (by long name, every value in order) and the positional arguments.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub flags: BTreeMap<&'static str, Vec<String>>,
    pub args: Vec<String>,
}

impl Parsed {
    pub fn has(&self, long: &str) -> bool {
        self.flags.get(long).is_some_and(|v| v.last().map(String::as_str) != Some("false"))
    }

    pub fn last(&self, long: &str) -> Option<&str> {
        self.flags.get(long).and_then(|v| v.last()).map(String::as_str)
    }

    pub fn all(&self, long: &str) -> &[String] {
        self.flags.get(long).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Parses `words` (after the subcommand) against `specs`. With `interspersed` false, the first positional ends the
/// flags (`docker run IMAGE COMMAND -x`: `-x` belongs to the command). `--` ends the flags too.
pub fn parse_flags(words: &[String], specs: &[FlagSpec], interspersed: bool) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            parsed.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(spec) = specs.iter().find(|s| s.long == name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            let value = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None => {
                        let Some(v) = words.get(i) else {
                            return Err(format!("flag needs an argument: --{name}"));
                        };
                        i += 1;
                        v.clone()
                    }
                }
            } else {
                inline.unwrap_or_else(|| "true".to_string())
            };
            parsed.flags.entry(spec.long).or_default().push(value);
        } else if word.len() > 1 && word.starts_with('-') {
            let shorts: Vec<char> = word.chars().skip(1).collect();
            let mut j = 0;
            while j < shorts.len() {
                let c = shorts[j];
                j += 1;
                let Some(spec) = specs.iter().find(|s| s.short == Some(c)) else {
                    return Err(format!("unknown shorthand flag: '{c}' in {word}"));
                };
                if spec.takes_value {
                    let rest: String = shorts[j..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest.strip_prefix('=').map(str::to_string).unwrap_or(rest)
                    } else {
                        let Some(v) = words.get(i) else {
                            return Err(format!("flag needs an argument: '{c}' in -{c}"));
                        };
                        i += 1;
                        v.clone()
                    };
                    parsed.flags.entry(spec.long).or_default().push(value);
                    break;
                }
                parsed.flags.entry(spec.long).or_default().push("true".to_string());
            }
        } else {
            parsed.args.push(word.clone());
            if !interspersed {
                parsed.args.extend(words[i..].iter().cloned());
                break;
            }
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split_words(line).unwrap()
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            words("docker commit -m 'add git' git ubuntu:git"),
            ["docker", "commit", "-m", "add git", "git", "ubuntu:git"]
        );
        assert_eq!(words(r#"echo "a \"b\" $c" d\ e ''"#), ["echo", r#"a "b" $c"#, "d e", ""]);
        assert!(split_words("echo 'open").is_err());
        assert!(split_words("echo \"open").is_err());
        assert!(words("   ").is_empty());
    }

    #[test]
    fn explicit_tags() {
        assert!(names_tag_or_digest("ubuntu:git"));
        assert!(names_tag_or_digest("localhost:5000/web:1"));
        assert!(!names_tag_or_digest("localhost:5000/web"));
        assert!(!names_tag_or_digest("student/web"));
    }

    #[test]
    fn flags_combine_and_stop_at_the_image() {
        let specs =
            [flag(Some('i'), "interactive"), flag(Some('t'), "tty"), option(Some('e'), "env"), option(None, "name")];
        let argv = words("-it --name=git -e A=1 -eB=2 ubuntu bash -c 'ls -l'");
        let parsed = parse_flags(&argv, &specs, false).unwrap();
        assert!(parsed.has("interactive") && parsed.has("tty"));
        assert_eq!(parsed.last("name"), Some("git"));
        assert_eq!(parsed.all("env"), ["A=1", "B=2"]);
        assert_eq!(parsed.args, ["ubuntu", "bash", "-c", "ls -l"]);
        assert_eq!(parse_flags(&words("-x"), &specs, false).unwrap_err(), "unknown shorthand flag: 'x' in -x");
        assert_eq!(parse_flags(&words("--nope"), &specs, true).unwrap_err(), "unknown flag: --nope");
        assert_eq!(parse_flags(&words("--name"), &specs, true).unwrap_err(), "flag needs an argument: --name");
        let interspersed = parse_flags(&words("a -t b"), &specs, true).unwrap();
        assert_eq!(interspersed.args, ["a", "b"]);
        assert!(interspersed.has("tty"));
    }
}
