//! `cargo xtask minibox`: builds the static multi-call binary that exported images carry, for both architectures
//! (musl, the size-optimised `minibox` profile; aarch64 linked with the toolchain's own `rust-lld`, so no cross gcc
//! is needed), and copies them to `target/minibox/minibox-{amd64,arm64}`, where the CLI, the tests and the web
//! playground pick them up.

use crate::command;
use crate::error::{Error, Result};
use crate::setup::Requirement;
use std::path::PathBuf;

/// The Rust targets minibox is built for, with the name the images use for their architecture.
pub const TARGETS: [(&str, &str); 2] =
    [("x86_64-unknown-linux-musl", "amd64"), ("aarch64-unknown-linux-musl", "arm64")];

/// What building minibox needs installed.
pub fn requirements() -> Vec<Requirement> {
    TARGETS.iter().map(|(target, _)| Requirement::rustup_target(target)).collect()
}

/// The directory the binaries are copied to (`LAYERLAB_MINIBOX_DIR` for the CLI and the tests).
pub fn output_dir() -> PathBuf {
    command::target_dir().join("minibox")
}

/// Builds both binaries and copies them to [`output_dir`]; returns that directory.
pub fn build() -> Result<PathBuf> {
    let out = output_dir();
    std::fs::create_dir_all(&out).map_err(|e| Error::new(format!("{}: {e}", out.display())))?;
    for (target, arch) in TARGETS {
        let mut cargo = command::cargo();
        cargo.args(["build", "-p", "minibox", "--profile", "minibox", "--target", target]);
        if target.starts_with("aarch64") {
            cargo.env("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER", "rust-lld");
        }
        command::run(&mut cargo)?;
        let built = command::target_dir().join(target).join("minibox").join("minibox");
        let copy = out.join(format!("minibox-{arch}"));
        std::fs::copy(&built, &copy)
            .map_err(|e| Error::new(format!("copying {} to {}: {e}", built.display(), copy.display())))?;
        let size = std::fs::metadata(&copy).map(|m| m.len()).unwrap_or(0);
        eprintln!("minibox for linux/{arch}: {} ({size} bytes)", copy.display());
    }
    Ok(out)
}
