//! The command line of `cargo xtask`: the usage text and a small parser from arguments to a `Task`. Parsing is pure,
//! so a user's mistake becomes a `UsageError` (printed with the usage, exit code 2), never a panic.

use std::fmt;

pub const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  test [-- ARGS]                  every check CI runs: set-up, rustfmt, clippy (host and wasm32), the site build,
                                  the core's tests in headless Chromium, cargo test (with a Docker engine and a
                                  browser); ARGS go to `cargo test` (e.g. `cargo xtask test -- parse -- --nocapture`)
  build                           build the playground into www/pkg/ (the core as wasm, its bindings, minibox)
  serve [--port N]                build the playground and serve www/ on http://127.0.0.1:N/ (default 8000)
  fmt                             format the whole workspace with rustfmt
  minibox                         build the static binaries exported images run (target/minibox/)
  bench [-- ARGS]                 `cargo bench -p layerlab`, with ARGS passed on
  bench-export [--mib N]          time `layerlab build --export` of an N MiB context (default 256) against
                                  sha256sum and docker build + docker save; fails when a target of issue 4 is missed
  bench-web                       measure the playground's budgets in headless Chromium (first load, time to ready,
                                  step renders, a 64 MiB context); results go in docs/benchmarks.md
  screenshots                     refresh docs/screenshots/ from the playground in headless Chromium
  fuzz [TARGET] [--seconds N]     list the fuzz targets, or run TARGET for N seconds (default 60)
  help                            show this text

CI runs `CI=true cargo xtask test` (.ci/run): tests that need something from outside then fail instead of skipping.";

/// What `cargo xtask` was asked to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Task {
    Test { cargo_test_args: Vec<String> },
    Build,
    Serve { port: u16 },
    Fmt,
    Minibox,
    Bench { cargo_bench_args: Vec<String> },
    BenchExport { mib: u64 },
    BenchWeb,
    Screenshots,
    Fuzz { target: Option<String>, seconds: u64 },
    Help,
}

/// A mistake on the command line, said in one line; the usage text follows it.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const DEFAULT_FUZZ_SECONDS: u64 = 60;
pub const DEFAULT_PORT: u16 = 8000;

/// Parses the process arguments after `cargo xtask`; they must be UTF-8.
pub fn parse_os(args: impl Iterator<Item = std::ffi::OsString>) -> Result<Task, UsageError> {
    let args = args
        .map(|arg| arg.into_string().map_err(|arg| UsageError(format!("argument {arg:?} is not valid UTF-8"))))
        .collect::<Result<Vec<_>, _>>()?;
    parse(&args)
}

/// Parses the arguments after `cargo xtask`.
pub fn parse(args: &[String]) -> Result<Task, UsageError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(UsageError("no command given".to_string()));
    };
    match command.as_str() {
        "test" => Ok(Task::Test { cargo_test_args: after_double_dash("test", rest)? }),
        "build" => no_arguments("build", rest).map(|()| Task::Build),
        "serve" => parse_serve(rest),
        "fmt" => no_arguments("fmt", rest).map(|()| Task::Fmt),
        "minibox" => no_arguments("minibox", rest).map(|()| Task::Minibox),
        "bench" => Ok(Task::Bench { cargo_bench_args: after_double_dash("bench", rest)? }),
        "bench-export" => parse_bench_export(rest),
        "bench-web" => no_arguments("bench-web", rest).map(|()| Task::BenchWeb),
        "screenshots" => no_arguments("screenshots", rest).map(|()| Task::Screenshots),
        "fuzz" => parse_fuzz(rest),
        "help" | "-h" | "--help" => Ok(Task::Help),
        other => Err(UsageError(format!("unknown command `{other}`"))),
    }
}

/// Everything after a leading `--`; anything else is a mistake (it was probably meant for cargo, after `--`).
fn after_double_dash(command: &str, rest: &[String]) -> Result<Vec<String>, UsageError> {
    match rest.split_first() {
        None => Ok(Vec::new()),
        Some((first, passed_on)) if first == "--" => Ok(passed_on.to_vec()),
        Some((first, _)) => {
            Err(UsageError(format!("unexpected `{first}` after `{command}`; arguments for cargo go after `--`")))
        }
    }
}

fn no_arguments(command: &str, rest: &[String]) -> Result<(), UsageError> {
    match rest.first() {
        None => Ok(()),
        Some(first) => Err(UsageError(format!("`{command}` takes no arguments, got `{first}`"))),
    }
}

fn parse_serve(rest: &[String]) -> Result<Task, UsageError> {
    let mut port = DEFAULT_PORT;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let value = match arg.as_str() {
            "--port" => rest.next().map(String::as_str),
            other => match other.strip_prefix("--port=") {
                Some(value) => Some(value),
                None => return Err(UsageError(format!("unknown argument `{arg}` for `serve`"))),
            },
        };
        let value = value.ok_or_else(|| UsageError("`--port` needs a number, e.g. `--port 8000`".into()))?;
        // Port 0 would make the OS pick one, and the URL printed before binding would be wrong.
        port = value
            .parse()
            .ok()
            .filter(|&port| port > 0)
            .ok_or_else(|| UsageError(format!("`--port` needs a port number from 1 to 65535, got `{value}`")))?;
    }
    Ok(Task::Serve { port })
}

fn parse_bench_export(rest: &[String]) -> Result<Task, UsageError> {
    let mut mib = crate::bench_export::DEFAULT_MIB;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let value = match arg.as_str() {
            "--mib" => rest.next().map(String::as_str),
            other => match other.strip_prefix("--mib=") {
                Some(value) => Some(value),
                None => return Err(UsageError(format!("unknown argument `{arg}` for `bench-export`"))),
            },
        };
        let value = value.ok_or_else(|| UsageError("`--mib` needs a number, e.g. `--mib 256`".into()))?;
        mib = value
            .parse()
            .ok()
            .filter(|&mib| mib > 0 && mib <= 1 << 20)
            .ok_or_else(|| UsageError(format!("`--mib` needs a whole number from 1 to 1048576, got `{value}`")))?;
    }
    Ok(Task::BenchExport { mib })
}

fn parse_fuzz(rest: &[String]) -> Result<Task, UsageError> {
    let mut target = None;
    let mut seconds = DEFAULT_FUZZ_SECONDS;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let value = match arg.strip_prefix("--seconds") {
            Some("") => rest.next().map(String::as_str),
            Some(equals_value) => equals_value.strip_prefix('='),
            None => None,
        };
        if arg.starts_with("--seconds") {
            let value = value.ok_or_else(|| UsageError("`--seconds` needs a number, e.g. `--seconds 60`".into()))?;
            seconds = value
                .parse()
                .ok()
                .filter(|&seconds| seconds > 0)
                .ok_or_else(|| UsageError(format!("`--seconds` needs a positive whole number, got `{value}`")))?;
        } else if arg.starts_with('-') {
            return Err(UsageError(format!("unknown option `{arg}` for `fuzz`")));
        } else if target.is_none() {
            target = Some(arg.clone());
        } else {
            return Err(UsageError(format!("`fuzz` takes one target, got a second: `{arg}`")));
        }
    }
    Ok(Task::Fuzz { target, seconds })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(line: &str) -> Result<Task, UsageError> {
        parse(&line.split_whitespace().map(String::from).collect::<Vec<_>>())
    }

    #[test]
    fn test_passes_on_what_follows_the_double_dash() {
        assert_eq!(parse_words("test"), Ok(Task::Test { cargo_test_args: vec![] }));
        let args = ["parse", "--", "--nocapture"].map(String::from).to_vec();
        assert_eq!(parse_words("test -- parse -- --nocapture"), Ok(Task::Test { cargo_test_args: args }));
        assert!(parse_words("test parse").unwrap_err().to_string().contains("after `--`"));
    }

    #[test]
    fn simple_commands() {
        assert_eq!(parse_words("build"), Ok(Task::Build));
        assert_eq!(parse_words("fmt"), Ok(Task::Fmt));
        assert_eq!(parse_words("help"), Ok(Task::Help));
        assert_eq!(parse_words("--help"), Ok(Task::Help));
        assert_eq!(parse_words("bench -- parse"), Ok(Task::Bench { cargo_bench_args: vec!["parse".to_string()] }));
        assert!(parse_words("build --release").is_err());
    }

    #[test]
    fn serve_takes_a_port() {
        assert_eq!(parse_words("serve"), Ok(Task::Serve { port: 8000 }));
        assert_eq!(parse_words("serve --port 8080"), Ok(Task::Serve { port: 8080 }));
        assert_eq!(parse_words("serve --port=9000"), Ok(Task::Serve { port: 9000 }));
        for mistake in ["serve --port", "serve --port 0", "serve --port 65536", "serve --port x", "serve 8000"] {
            assert!(parse_words(mistake).is_err(), "{mistake}");
        }
    }

    #[test]
    fn fuzz_takes_a_target_and_seconds() {
        assert_eq!(parse_words("fuzz"), Ok(Task::Fuzz { target: None, seconds: 60 }));
        let parse_target = Task::Fuzz { target: Some("parse".to_string()), seconds: 5 };
        assert_eq!(parse_words("fuzz parse --seconds 5"), Ok(parse_target));
        let equals = Task::Fuzz { target: Some("parse".to_string()), seconds: 7 };
        assert_eq!(parse_words("fuzz --seconds=7 parse"), Ok(equals));
        for mistake in ["fuzz --seconds", "fuzz --seconds x", "fuzz --seconds 0", "fuzz a b", "fuzz --jobs 2"] {
            assert!(parse_words(mistake).is_err(), "{mistake}");
        }
    }

    #[test]
    fn bench_export_takes_a_size_in_mib() {
        assert_eq!(parse_words("bench-export"), Ok(Task::BenchExport { mib: 256 }));
        assert_eq!(parse_words("bench-web"), Ok(Task::BenchWeb));
        assert_eq!(parse_words("screenshots"), Ok(Task::Screenshots));
        assert!(parse_words("screenshots now").is_err());
        assert_eq!(parse_words("bench-export --mib 16"), Ok(Task::BenchExport { mib: 16 }));
        assert_eq!(parse_words("bench-export --mib=64"), Ok(Task::BenchExport { mib: 64 }));
        for mistake in ["bench-export --mib", "bench-export --mib 0", "bench-export --mib x", "bench-export 16"] {
            assert!(parse_words(mistake).is_err(), "{mistake}");
        }
    }

    #[test]
    fn mistakes_are_errors_not_panics() {
        assert_eq!(parse_words(""), Err(UsageError("no command given".to_string())));
        assert_eq!(parse_words("tset"), Err(UsageError("unknown command `tset`".to_string())));
    }
}
