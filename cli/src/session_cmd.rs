//! `layerlab session [SCRIPT]`: replays docker command lines (a file, or stdin) in a simulated session and prints
//! the transcript a terminal would show — each line after its prompt, then what it printed.

use crate::{context_dir, minibox_dir};
use clap::Args;
use layerlab::build::context::BuildContext;
use layerlab::images::{Arch, Minibox};
use layerlab::session::{Session, SessionHost, SessionOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// 2025-01-01T00:00:00Z: the default session clock, so that relative times in a transcript never change.
pub const DEFAULT_CLOCK: u64 = 1_735_689_600;

#[derive(Args)]
#[command(about = "Replay docker commands (run, commit, images, tag, rmi, pull, history, ps, rm, diff, search) in a \
             simulated session and print the transcript; lines after `docker run -it … bash` go to the container's \
             shell until `exit`")]
pub struct SessionArgs {
    /// The session's clock at the start, in seconds since 1970 (relative times such as "2 seconds ago" are computed
    /// from it; nothing reads the real time).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_CLOCK)]
    clock: u64,
    /// Seconds the clock advances before each command.
    #[arg(long, value_name = "SECONDS", default_value_t = 1)]
    tick: u64,
    /// The directory holding the minibox binaries that make catalog images runnable after export. Only this flag
    /// is read (not $LAYERLAB_MINIBOX_DIR), so a transcript's image IDs do not depend on the environment.
    #[arg(long, value_name = "DIR")]
    minibox: Option<PathBuf>,
    /// Where `docker save -o FILE` writes and `docker load -i FILE` reads (default: the script's directory).
    #[arg(long, value_name = "DIR")]
    files: Option<PathBuf>,
    /// The commands, one per line (`-` or nothing: standard input). Blank lines are skipped, except as the answer
    /// to a program's question (apt-get's `[Y/n]`: Enter); `#` comments are copied into the transcript.
    script: Option<PathBuf>,
}

pub fn run(args: &SessionArgs, out: &mut dyn Write, _err: &mut dyn Write) -> io::Result<i32> {
    let script = match &args.script {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::read(path).map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))?
        }
        _ => {
            let mut bytes = Vec::new();
            io::stdin().lock().read_to_end(&mut bytes)?;
            bytes
        }
    };
    let Ok(script) = String::from_utf8(script) else {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "the script is not UTF-8 text"));
    };
    let minibox = match &args.minibox {
        Some(dir) => match minibox_dir::find(Some(dir), Arch::Amd64)? {
            minibox_dir::Found::Binary(minibox, _) => minibox,
            minibox_dir::Found::Nothing(_) => Minibox::none(),
        },
        None => Minibox::none(),
    };
    let mut session = Session::with_options(args.clock, SessionOptions { minibox, ..SessionOptions::default() });
    // `docker build PATH` reads PATH relative to the script's directory (or the current one, for stdin);
    // `docker save -o` and `docker load -i` use --files DIR, or the same directory.
    let base = match &args.script {
        Some(path) if path.as_os_str() != "-" => path.parent().map(Path::to_path_buf).unwrap_or_default(),
        _ => PathBuf::from("."),
    };
    let files = args.files.clone().unwrap_or_else(|| base.clone());
    session.set_host(Box::new(DiskHost { contexts: base, files }));
    out.write_all(transcript(&mut session, &script, args.tick).as_bytes())?;
    Ok(0)
}

/// The session's window on the disk: build contexts under one directory, saved and loaded tarballs under another.
struct DiskHost {
    contexts: PathBuf,
    files: PathBuf,
}

impl SessionHost for DiskHost {
    fn build_context(&mut self, path: &str) -> Result<BuildContext, String> {
        let dir = self.contexts.join(path);
        if !dir.exists() {
            return Err(format!("path {path:?} not found"));
        }
        context_dir::read(&dir).map_err(|e| {
            let text = e.to_string();
            text.strip_prefix("unable to prepare context: ").map(str::to_string).unwrap_or(text)
        })
    }

    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(self.files.join(path)).map_err(|e| format!("open {path}: {}", io_reason(&e)))
    }

    fn write_file(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        std::fs::write(self.files.join(path), bytes).map_err(|e| format!("open {path}: {}", io_reason(&e)))
    }
}

/// Go's wording of the common errors (`no such file or directory`), without Rust's `(os error 2)`.
fn io_reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Runs every line of `script` and returns the transcript.
pub fn transcript(session: &mut Session, script: &str, tick: u64) -> String {
    let mut text = String::new();
    for line in script.lines() {
        // The answer to a program's question (apt-get's `[Y/n]`) is the next line as it is, an empty one too.
        let answering = session.awaiting_answer();
        if line.trim().is_empty() && !answering {
            continue;
        }
        if line.trim_start().starts_with('#') && !answering {
            text.push_str(line);
            text.push('\n');
            continue;
        }
        session.advance_clock(tick);
        text.push_str(&session.prompt());
        text.push_str(line);
        text.push('\n');
        let outcome = session.execute(line);
        text.push_str(&outcome.text());
        // A question stays on its line: the answer is echoed after it.
        if !text.ends_with('\n') && !session.awaiting_answer() {
            text.push('\n');
        }
    }
    text
}
