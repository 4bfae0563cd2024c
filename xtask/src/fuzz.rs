//! `cargo xtask fuzz [TARGET] [--seconds N]`: installs cargo-fuzz if missing, then lists the fuzz targets in `fuzz/`
//! or runs one of them with libFuzzer for N seconds. cargo-fuzz needs the nightly toolchain (sanitizer flags).

use std::process::Command;

use crate::command;
use crate::error::{Error, Result};
use crate::setup::{self, Requirement};

pub fn run(target: Option<&str>, seconds: u64) -> Result<()> {
    let fuzz_dir = command::repo_root().join("fuzz");
    if !fuzz_dir.join("Cargo.toml").is_file() {
        return Err(Error::new(format!("there are no fuzz targets yet: {} has no Cargo.toml", fuzz_dir.display())));
    }
    setup::ensure(&[Requirement::cargo_install("cargo-fuzz", "cargo-fuzz")])?;
    if !has_nightly()? {
        return Err(Error::new("cargo fuzz needs the nightly toolchain: `rustup toolchain install nightly`"));
    }
    let mut cargo = nightly_cargo();
    cargo.current_dir(&fuzz_dir);
    match target {
        None => {
            eprintln!("fuzz targets (run one with `cargo xtask fuzz TARGET [--seconds N]`):");
            command::run(cargo.args(["fuzz", "list"]))
        }
        Some(target) => command::run(cargo.args(["fuzz", "run", target, "--", &format!("-max_total_time={seconds}")])),
    }
}

/// Whether rustup has a nightly toolchain (`rustup toolchain list` prints `nightly-x86_64-…`, maybe `(default)`).
fn has_nightly() -> Result<bool> {
    let toolchains = command::stdout_of(command::program("rustup").args(["toolchain", "list"]))?
        .ok_or_else(|| Error::new("cargo fuzz needs rustup's nightly toolchain, and rustup is not installed"))?;
    Ok(toolchains.lines().any(|line| line.starts_with("nightly")))
}

/// `cargo +nightly`, through rustup's proxy: the toolchain's own cargo (what `CARGO` names) does not take `+nightly`.
fn nightly_cargo() -> Command {
    let mut cargo = command::program("cargo");
    cargo.arg("+nightly");
    cargo
}
