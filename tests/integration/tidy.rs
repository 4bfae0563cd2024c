//! Conventions the code base keeps, checked: every Rust module starts with a `//!` line saying what it is for, the
//! core reads no clock, disk or randomness, and wasm-bindgen appears only in the boundary module.

use layerlab_tests::repo_root;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !matches!(name, "target" | "pkg" | "corpus" | "artifacts" | "node_modules" | "data") {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

fn project_sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["crate", "cli", "xtask", "tests", "fuzz", "minibox"] {
        rust_files(&repo_root().join(dir), &mut files);
    }
    assert!(files.len() > 10, "found only {} Rust files", files.len());
    files
}

#[test]
fn every_module_says_what_it_is_for() {
    let missing: Vec<String> = project_sources()
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(missing.is_empty(), "modules without a leading //! line:\n{}", missing.join("\n"));
}

#[test]
fn the_core_does_no_io_and_keeps_wasm_bindgen_at_the_boundary() {
    let core = repo_root().join("crate").join("src");
    let mut files = Vec::new();
    rust_files(&core, &mut files);
    let mut problems = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let is_boundary = path.file_name().is_some_and(|n| n == "wasm.rs");
        let in_tests = text.find("#[cfg(test)]").unwrap_or(text.len());
        for (number, line) in text[..in_tests].lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for banned in ["SystemTime::now", "Instant::now", "std::fs", "std::net", "std::process", "rand::"] {
                if code.contains(banned) {
                    problems.push(format!("{}:{}: {banned}", path.display(), number + 1));
                }
            }
            if !is_boundary && code.contains("wasm_bindgen") {
                problems.push(format!("{}:{}: wasm_bindgen outside wasm.rs", path.display(), number + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
