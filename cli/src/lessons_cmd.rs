//! `layerlab lessons`: `check FILE…` reads lesson files, does what each one's starter (and, unless `--starter`, its
//! solution) does in a fresh playground, and reports every check; `json DIR` prints every lesson in a directory as
//! the JSON array the page loads (`cargo xtask build` writes it to www/lessons.json). Mistakes in a file are printed
//! as `FILE:LINE:COLUMN: message`.

use crate::minibox_dir;
use clap::{Args, Subcommand};
use layerlab::images::Arch;
use layerlab::lessons::{self, Lesson};
use layerlab::playground::{CheckResult, PageState, Playground};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Args)]
#[command(about = "Check lesson files (lessons/NN-slug.md, docs/lessons.md) and print them as the page's JSON")]
pub struct LessonsArgs {
    #[command(subcommand)]
    command: LessonsCommand,
}

#[derive(Subcommand)]
enum LessonsCommand {
    Check(CheckArgs),
    Json(JsonArgs),
}

#[derive(Args)]
#[command(about = "Read each lesson, do what its starter and its solution do in a fresh playground, and report every \
                   check (exit 0 only if all pass)")]
struct CheckArgs {
    /// Do only what the starter does, and succeed if at least one check fails (a starter that already passes every
    /// check leaves the student nothing to do).
    #[arg(long)]
    starter: bool,
    /// Also print what the actions printed: build logs and the terminal's transcript.
    #[arg(short, long)]
    verbose: bool,
    /// The directory holding the minibox binaries (default: $LAYERLAB_MINIBOX_DIR, or minibox/ beside the
    /// executable); without them the checks run all the same.
    #[arg(long, value_name = "DIR")]
    minibox: Option<PathBuf>,
    /// The lesson files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Args)]
#[command(about = "Print every lesson in DIR (its *.md files but README.md) as a JSON array, in their `order`")]
struct JsonArgs {
    /// The lessons directory (lessons/).
    dir: PathBuf,
}

pub fn run(args: &LessonsArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    match &args.command {
        LessonsCommand::Check(args) => check(args, out, err),
        LessonsCommand::Json(args) => json(args, out, err),
    }
}

/// The lesson files of a directory: its `*.md` files but `README.md`, sorted by name.
pub fn lesson_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", dir.display())))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_file() && name.ends_with(".md") && !name.eq_ignore_ascii_case("README.md") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads and parses one lesson file; a mistake comes back as `FILE:LINE:COLUMN: message`.
pub fn read_lesson(path: &Path) -> Result<Lesson, String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: cannot read it: {e}", path.display()))?;
    let text = String::from_utf8(text).map_err(|_| format!("{}:1:1: the file is not UTF-8 text", path.display()))?;
    lessons::parse(&text).map_err(|e| format!("{}:{e}", path.display()))
}

/// A lesson done in a fresh playground: what the page holds afterwards, and what its actions printed.
pub struct Done {
    pub playground: Playground,
    pub page: PageState,
    pub log: String,
}

/// Opens `lesson` in a fresh playground (with `minibox`, the ELF binaries to add) and, if `solve`, does what its
/// solution does. An action that cannot be done is an error naming it (`solution.do[2] (export): …`).
pub fn do_lesson(lesson: &Lesson, solve: bool, minibox: &[Vec<u8>]) -> Result<Done, String> {
    let mut playground = Playground::new();
    for elf in minibox {
        playground.add_minibox(elf).map_err(|e| e.to_string())?;
    }
    let mut log = String::new();
    let mut page = playground.open_lesson(lesson, &mut log).map_err(|e| e.to_string())?;
    if solve {
        playground.solve_lesson(lesson, &mut page, &mut log).map_err(|e| e.to_string())?;
    }
    Ok(Done { playground, page, log })
}

/// The minibox binaries to give the playground: the one for amd64 if one is found, else none.
pub fn minibox_binaries(explicit: Option<&Path>) -> io::Result<Vec<Vec<u8>>> {
    match minibox_dir::find(explicit, Arch::Amd64)? {
        minibox_dir::Found::Binary(_, path) => Ok(vec![std::fs::read(&path)?]),
        minibox_dir::Found::Nothing(_) => Ok(Vec::new()),
    }
}

fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    let minibox = minibox_binaries(args.minibox.as_deref())?;
    let mut ok = true;
    for (number, path) in args.files.iter().enumerate() {
        if number > 0 {
            writeln!(out)?;
        }
        let lesson = match read_lesson(path) {
            Ok(lesson) => lesson,
            Err(message) => {
                writeln!(err, "{message}")?;
                ok = false;
                continue;
            }
        };
        let part = if args.starter { "the starter" } else { "the solution" };
        writeln!(out, "{}: {} ({part})", path.display(), lesson.id)?;
        let done = match do_lesson(&lesson, !args.starter, &minibox) {
            Ok(done) => done,
            Err(message) => {
                writeln!(err, "{}: {message}", path.display())?;
                ok = false;
                continue;
            }
        };
        if args.verbose {
            for line in done.log.lines() {
                writeln!(out, "  | {line}")?;
            }
        }
        let results = done.playground.check_lesson(&lesson, &done.page);
        report(&results, out)?;
        let passed = results.iter().filter(|r| r.passed).count();
        let total = results.len();
        if args.starter {
            if passed == total {
                writeln!(
                    err,
                    "{}: the starter already passes every check: the student would have nothing to do",
                    path.display()
                )?;
                ok = false;
            } else {
                writeln!(out, "  the starter fails {} of {total} checks, as it should", total - passed)?;
            }
        } else {
            writeln!(out, "  {passed} of {total} checks passed")?;
            ok &= passed == total;
        }
    }
    Ok(if ok { 0 } else { 1 })
}

/// ✓ or ✗ per check with what it asks; for a failure, what was found and the hint.
fn report(results: &[CheckResult], out: &mut dyn Write) -> io::Result<()> {
    for result in results {
        let mark = if result.passed { '✓' } else { '✗' };
        writeln!(out, "  {mark} {}. {}", result.index + 1, result.says.en)?;
        if !result.passed {
            writeln!(out, "      found: {}", result.found.en)?;
            writeln!(out, "      hint: {}", result.hint.en)?;
        }
    }
    Ok(())
}

fn json(args: &JsonArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    let mut lessons = Vec::new();
    let mut failed = false;
    for path in lesson_files(&args.dir)? {
        match read_lesson(&path) {
            Ok(lesson) => lessons.push((path.display().to_string(), lesson)),
            Err(message) => {
                writeln!(err, "{message}")?;
                failed = true;
            }
        }
    }
    if failed {
        return Ok(1);
    }
    let lessons = match lessons::in_order(lessons) {
        Ok(lessons) => lessons,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(1);
        }
    };
    let text = serde_json::to_string(&lessons).map_err(io::Error::other)?;
    writeln!(out, "{text}")?;
    Ok(0)
}
