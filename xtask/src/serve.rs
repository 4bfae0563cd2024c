//! `cargo xtask serve`: build what the playground needs and serve it on http://127.0.0.1. Until the web front end
//! exists (a later issue) it builds the command-line tool in release and says what can be used today.
//!
//! The web issue adds, after `build_cli`: `setup::ensure` for the wasm32 target and `Requirement::wasm_bindgen_cli`,
//! `cargo build --target wasm32-unknown-unknown --release -p layerlab`, `wasm-bindgen --target web --out-dir www/pkg`
//! on the result, and `static_server::serve(www/, port)`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::command;
use crate::error::Result;

pub fn run() -> Result<()> {
    let cli = build_cli()?;
    let _ = writeln!(std::io::stdout(), "{}", not_yet_message(&cli));
    Ok(())
}

/// Builds the `layerlab` binary in release and returns its path, relative to the repository root when it is inside.
fn build_cli() -> Result<PathBuf> {
    command::run(command::cargo().args(["build", "--release", "-p", "layerlab-cli"]))?;
    let root = command::repo_root();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir));
    let binary = target_dir.join("release").join("layerlab");
    Ok(binary.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(binary))
}

/// What a newcomer reads after `cargo xtask serve` while there is no web front end.
fn not_yet_message(cli: &Path) -> String {
    let cli = cli.display();
    format!(
        "\
The browser playground is not built yet: the web front end comes with a later issue, and then this
command will build it and serve it on http://127.0.0.1.

Today you can use the command-line tool, built just now at {cli}:

  {cli} build -t hello path/to/context
      builds the context's Dockerfile in the simulation and prints what docker build's classic builder prints
      (--progress plain for BuildKit's log, --progress json for every event: containers, files, layers, cache)
  {cli} parse path/to/Dockerfile
      checks it as docker build would, with compiler-style diagnostics (--format buildkit or json for the tree)
  {cli} expand --env NAME=world -- 'hello ${{NAME:-you}}'
      expands one word the way a Dockerfile instruction does (--words splits the result, one word a line)
  {cli} --help
      everything else"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_binary_and_what_is_missing() {
        let message = not_yet_message(Path::new("target/release/layerlab"));
        assert!(message.starts_with("The browser playground is not built yet"));
        assert!(message.contains("\n  target/release/layerlab parse path/to/Dockerfile\n"));
        assert!(message.contains("\n  target/release/layerlab build -t hello path/to/context\n"));
        assert!(message.contains("'hello ${NAME:-you}'"));
    }
}
