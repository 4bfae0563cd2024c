//! `cargo xtask`: the one entry point for people and CI — set-up, build, serve, test. Plain std, so it builds fast on
//! a fresh machine. This file only dispatches; `cargo xtask help` lists the commands.

mod args;
mod bench_export;
mod browser_tools;
mod chromedriver;
mod command;
mod docker;
mod error;
mod fuzz;
mod minibox;
mod serve;
mod setup;
mod site;
mod static_server;
mod steps;
mod test;

use std::io::Write;
use std::process::ExitCode;

use args::Task;
use error::Result;

fn main() -> ExitCode {
    let task = match args::parse_os(std::env::args_os().skip(1)) {
        Ok(task) => task,
        Err(mistake) => {
            eprintln!("error: {mistake}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    match run(task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nerror: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(task: Task) -> Result<()> {
    match task {
        Task::Test { cargo_test_args } => test::run(&cargo_test_args),
        Task::Build => site::run(),
        Task::Serve { port } => serve::run(port),
        Task::Fmt => command::run(command::cargo().args(["fmt", "--all"])),
        Task::Minibox => setup::ensure(&minibox::requirements()).and_then(|()| minibox::build().map(drop)),
        Task::Bench { cargo_bench_args } => {
            command::run(command::cargo().args(["bench", "-p", "layerlab"]).args(&cargo_bench_args))
        }
        Task::BenchExport { mib } => bench_export::run(mib),
        Task::BenchWeb => browser_tools::run("bench-web"),
        Task::Screenshots => browser_tools::run("screenshots"),
        Task::Fuzz { target, seconds } => fuzz::run(target.as_deref(), seconds),
        Task::Help => {
            // Not `println!`, which panics when stdout is closed early (`cargo xtask help | head -1`).
            let _ = writeln!(std::io::stdout(), "{}", args::USAGE);
            Ok(())
        }
    }
}
