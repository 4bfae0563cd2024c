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

/// The page's own files (not the generated www/pkg/).
fn page_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            if path.file_name().and_then(|n| n.to_str()) != Some("pkg") {
                page_files(&path, out);
            }
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("js" | "html" | "css")) {
            out.push(path);
        }
    }
}

#[test]
fn the_page_never_builds_markup_from_text_and_forbids_inline_scripts() {
    let mut files = Vec::new();
    page_files(&repo_root().join("www"), &mut files);
    assert!(files.iter().any(|f| f.ends_with("index.html")), "www/index.html is missing");
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read page file");
        let name = file.strip_prefix(repo_root()).unwrap_or(file).display().to_string();
        for (number, line) in text.lines().enumerate() {
            // Markup from strings is how user text becomes markup; the page builds nodes and sets textContent.
            for banned in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                if line.contains(banned) {
                    problems.push(format!("{name}:{}: {banned}", number + 1));
                }
            }
            if name.ends_with(".html") {
                if line.contains("<script") && !line.contains(" src=") {
                    problems.push(format!("{name}:{}: an inline script", number + 1));
                }
                if line.contains(" style=") || line.contains(" onclick=") || line.contains(" onload=") {
                    problems.push(format!("{name}:{}: an inline style or handler", number + 1));
                }
            }
        }
    }
    let index = std::fs::read_to_string(repo_root().join("www/index.html")).expect("index.html");
    let csp = index
        .lines()
        .find(|l| l.contains("Content-Security-Policy"))
        .unwrap_or_else(|| panic!("www/index.html has no Content-Security-Policy"));
    assert!(csp.contains("script-src 'self'") && !csp.contains("'unsafe-inline'"), "{csp}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
