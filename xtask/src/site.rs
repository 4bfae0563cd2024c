//! `cargo xtask build`: the web playground's generated files in `www/pkg/` — the core compiled twice to wasm32 with
//! the size-optimised `web` profile (the editor's module, the Dockerfile parser alone, which the page needs first; and
//! the engine's, everything, which arrives while the student reads the page), their JavaScript bindings from
//! `wasm-bindgen --target web`, and the minibox binaries the page hands to the core for exports; and
//! `www/lessons.json`, every lesson in `lessons/` as `layerlab lessons json` prints it — then the sizes a visitor
//! downloads. `serve` and `test` build the same way, through [`build`].
//!
//! No wasm-opt: binaryen's `-Oz` makes the module smaller as stored but *larger* gzipped (on the engine, 631 KB
//! against 591 KB without it, binaryen 132; Debian's binaryen 108 also broke wasm-bindgen's table export), and what
//! a visitor waits for is the gzipped bytes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::command;
use crate::error::{Context, Error, Result};
use crate::minibox;
use crate::setup::Requirement;
use crate::test::WASM_TARGET;

/// The cargo profile of the browser build (root `Cargo.toml`, `[profile.web]`).
const PROFILE: &str = "web";

/// What the site build needs installed: the wasm32 target, the `wasm-bindgen` that matches the pinned crate, and
/// the musl targets minibox is built for.
pub fn requirements() -> Result<Vec<Requirement>> {
    let mut requirements =
        vec![Requirement::rustup_target(WASM_TARGET), Requirement::wasm_bindgen_cli(&command::repo_root())?];
    requirements.extend(minibox::requirements());
    Ok(requirements)
}

/// The web front end, served as it is: `www/`.
pub fn www_dir() -> PathBuf {
    command::repo_root().join("www")
}

/// Where the generated files go: `www/pkg/` (git-ignored).
pub fn pkg_dir() -> PathBuf {
    www_dir().join("pkg")
}

/// `cargo xtask build`: set-up, the build, and what a visitor downloads.
pub fn run() -> Result<()> {
    crate::setup::ensure(&requirements()?)?;
    build()?;
    eprintln!("\n{}", first_load_summary());
    eprintln!("serve it with `cargo xtask serve`, then open http://127.0.0.1:{}/", crate::args::DEFAULT_PORT);
    Ok(())
}

/// The two modules of the core the page loads: (cargo features, the name of the bindings wasm-bindgen writes).
const MODULES: [(Module, &str); 2] = [(Module::Editor, "layerlab_editor"), (Module::Engine, "layerlab")];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Module {
    /// `--no-default-features`: the Dockerfile parser and the editor's report.
    Editor,
    /// The default features: everything.
    Engine,
}

/// The lessons the page loads: `www/lessons.json` (git-ignored), written by [`build`].
pub fn lessons_json_path() -> PathBuf {
    www_dir().join("lessons.json")
}

/// Builds everything in `www/pkg/`, and `www/lessons.json`. The requirements must be met already.
pub fn build() -> Result<()> {
    write_lessons_json()?;
    let pkg = pkg_dir();
    std::fs::create_dir_all(&pkg).context(|| format!("could not create {}", pkg.display()))?;
    // wasm-bindgen names the folder of the core's JavaScript snippets by a hash and never removes old ones.
    let snippets = pkg.join("snippets");
    if snippets.exists() {
        std::fs::remove_dir_all(&snippets).context(|| format!("could not remove {}", snippets.display()))?;
    }
    for (module, name) in MODULES {
        let wasm = build_core(module)?;
        command::run(
            command::program("wasm-bindgen")
                .args(["--target", "web", "--no-typescript", "--remove-name-section", "--remove-producers-section"])
                .args(["--out-name", name, "--out-dir"])
                .arg(&pkg)
                .arg(&wasm),
        )?;
    }
    let built = minibox::build()?;
    for (_, arch) in minibox::TARGETS {
        let name = format!("minibox-{arch}");
        let (from, to) = (built.join(&name), pkg.join(&name));
        std::fs::copy(&from, &to).context(|| format!("copying {} to {}", from.display(), to.display()))?;
    }
    Ok(())
}

/// `www/lessons.json`: the CLI reads every lesson in `lessons/` through the core's `lessons` module, so a mistake in
/// a lesson stops the build with its `FILE:LINE:COLUMN`.
fn write_lessons_json() -> Result<()> {
    let root = command::repo_root();
    let mut cargo = command::cargo();
    cargo.args(["run", "--quiet", "-p", "layerlab-cli", "--bin", "layerlab", "--", "lessons", "json"]);
    cargo.arg(root.join("lessons"));
    let line = command::display(&cargo);
    eprintln!("$ {line}");
    let output =
        cargo.stdin(Stdio::null()).stderr(Stdio::inherit()).output().context(|| format!("could not start `{line}`"))?;
    if !output.status.success() {
        return Err(Error::new(format!("`{line}` failed ({}): see the lesson mistakes above", output.status)));
    }
    let path = lessons_json_path();
    std::fs::write(&path, &output.stdout).context(|| format!("could not write {}", path.display()))
}

/// Where cargo builds one module: the engine in the usual target directory, the editor in its own, so switching
/// features does not rebuild the other each time.
fn module_target_dir(module: Module) -> PathBuf {
    match module {
        Module::Engine => command::target_dir(),
        Module::Editor => command::target_dir().join("web-editor"),
    }
}

/// Compiles the core for the browser and returns the module cargo wrote.
fn build_core(module: Module) -> Result<PathBuf> {
    let target_dir = module_target_dir(module);
    let mut cargo = command::cargo();
    cargo.args(["build", "-p", "layerlab", "--lib", "--target", WASM_TARGET, "--profile", PROFILE]);
    cargo.arg("--target-dir").arg(&target_dir);
    if module == Module::Editor {
        cargo.arg("--no-default-features");
    }
    command::run(&mut cargo)?;
    let wasm = target_dir.join(WASM_TARGET).join(PROFILE).join("layerlab.wasm");
    if !wasm.is_file() {
        return Err(Error::new(format!(
            "the wasm32 build made no {}: the core must be a `cdylib` (crate-type = [\"cdylib\", \"rlib\"] in \
             crate/Cargo.toml) and export its browser boundary from crate/src/wasm.rs",
            wasm.display()
        )));
    }
    Ok(wasm)
}

/// The files every visitor's browser fetches on the first load: the page, its styles and scripts, and the editor's
/// module with the snippets the bindings import. (The engine's module follows once the page is ready; minibox
/// before the first build.)
fn first_load_files() -> Vec<PathBuf> {
    let (www, pkg) = (www_dir(), pkg_dir());
    let mut files = vec![www.join("index.html")];
    for dir in [www.join("css"), www.join("js"), pkg.join("snippets")] {
        let mut found = Vec::new();
        files_under(&dir, &mut found);
        found.sort();
        files.extend(found);
    }
    files.push(pkg.join("layerlab_editor.js"));
    files.push(pkg.join("layerlab_editor_bg.wasm"));
    files
}

/// The engine's module, fetched once the page is ready.
fn engine_files() -> Vec<PathBuf> {
    vec![pkg_dir().join("layerlab.js"), pkg_dir().join("layerlab_bg.wasm")]
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for path in entries.filter_map(|entry| entry.ok()).map(|entry| entry.path()) {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// A table of the first-load files, then the engine's, with their sizes as stored and as `gzip -9` would send them,
/// and the totals.
fn first_load_summary() -> String {
    let root = command::repo_root();
    let row = |path: &PathBuf| {
        let shown = path.strip_prefix(&root).unwrap_or(path).display().to_string();
        let raw = std::fs::metadata(path).ok().map(|metadata| metadata.len());
        let gzipped = raw.and_then(|_| gzip_size(path));
        (shown, raw, gzipped)
    };
    let first: Vec<_> = first_load_files().iter().map(row).collect();
    let engine: Vec<_> = engine_files().iter().map(row).collect();
    let width = first.iter().chain(&engine).map(|(name, ..)| name.len()).max().unwrap_or(0).max("total".len());
    let mut text = String::new();
    for (title, rows) in [
        ("first load of the playground (as stored, and gzip -9):", &first),
        ("then, once the page is ready, the build engine:", &engine),
    ] {
        text.push_str(title);
        text.push('\n');
        let (mut total_raw, mut total_gzip) = (0, 0);
        for (name, raw, gzipped) in rows {
            total_raw += raw.unwrap_or(0);
            total_gzip += gzipped.unwrap_or(0);
            let (raw, gzipped) = match (raw, gzipped) {
                (None, _) => ("missing".to_string(), String::new()),
                (Some(raw), gzipped) => (kib(*raw), gzipped.map_or_else(|| "?".to_string(), kib)),
            };
            text.push_str(&format!("  {name:<width$}  {raw:>10}  {gzipped:>10}\n"));
        }
        text.push_str(&format!("  {:<width$}  {:>10}  {:>10}\n", "total", kib(total_raw), kib(total_gzip)));
    }
    text.trim_end().to_string()
}

/// How many bytes `gzip -9` makes of a file (xtask has no compressor of its own); `None` without gzip.
fn gzip_size(path: &Path) -> Option<u64> {
    let output = Command::new("gzip").args(["-9", "--no-name", "--stdout"]).arg(path).output().ok()?;
    output.status.success().then_some(output.stdout.len() as u64)
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_the_wasm_tools_and_what_minibox_needs() {
        let requirements = requirements().unwrap();
        assert_eq!(requirements[0], Requirement::rustup_target("wasm32-unknown-unknown"));
        assert!(
            matches!(&requirements[1], Requirement::CargoInstall { package, version: Some(_), .. }
                if package == "wasm-bindgen-cli"),
            "{:?}",
            requirements[1]
        );
        assert_eq!(requirements[2..], minibox::requirements());
    }

    #[test]
    fn the_first_load_is_the_page_its_styles_and_scripts_and_the_editor_module() {
        let files = first_load_files();
        assert_eq!(files.first(), Some(&www_dir().join("index.html")));
        assert!(files.ends_with(&[pkg_dir().join("layerlab_editor.js"), pkg_dir().join("layerlab_editor_bg.wasm")]));
        assert!(!files.iter().any(|file| engine_files().contains(file)));
        assert!(files.iter().all(|file| file.starts_with(www_dir())));
        assert!(!files.iter().any(|file| file.to_string_lossy().contains("minibox")));
    }

    #[test]
    fn sizes_in_kib() {
        assert_eq!(kib(0), "0.0 KiB");
        assert_eq!(kib(1536), "1.5 KiB");
    }

    #[test]
    fn gzip_counts_the_compressed_bytes() {
        let path = std::env::temp_dir().join(format!("layerlab-xtask-gzip-{}.txt", std::process::id()));
        std::fs::write(&path, "layerlab ".repeat(1000)).unwrap();
        let size = gzip_size(&path);
        let _ = std::fs::remove_file(&path);
        // gzip's 18 bytes of header and trailer plus a little: far below the 9,000 bytes it was given.
        assert!(size.is_some_and(|size| size > 18 && size < 200), "{size:?}");
    }
}
