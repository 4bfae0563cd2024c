//! The layerlab command line: argument parsing and output formatting over the core. The only IO it does is reading
//! the files named on the command line and writing to the streams it is given, so tests can run it in-process.

mod build_cmd;
pub mod context_dir;
mod expand_cmd;
pub mod lessons_cmd;
pub mod minibox_dir;
mod parse_cmd;
mod session_cmd;

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;

#[derive(Parser)]
#[command(
    name = "layerlab",
    version,
    about = "See what docker build does: parse, expand and build Dockerfiles step by step (simulated)",
    long_about = None,
)]
struct Cli {
    #[command(subcommand)]
    command: Commands,
}

#[derive(Subcommand)]
enum Commands {
    Build(build_cmd::BuildArgs),
    Parse(parse_cmd::ParseArgs),
    Expand(expand_cmd::ExpandArgs),
    Session(session_cmd::SessionArgs),
    Lessons(lessons_cmd::LessonsArgs),
}

/// Runs the CLI with `args` (including the program name) and returns the process exit code.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            let rendered = e.render().to_string();
            let stream: &mut dyn Write = if code == 0 { out } else { err };
            let _ = stream.write_all(rendered.as_bytes());
            return code;
        }
    };
    let result = match cli.command {
        Commands::Build(args) => build_cmd::run(&args, out, err),
        Commands::Parse(args) => parse_cmd::run(&args, out, err),
        Commands::Expand(args) => expand_cmd::run(&args, out, err),
        Commands::Session(args) => session_cmd::run(&args, out, err),
        Commands::Lessons(args) => lessons_cmd::run(&args, out, err),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "layerlab: {e}");
            1
        }
    }
}
