//! BuildKit's own parser and expansion corpora, run through `layerlab parse` and `layerlab expand` exactly as a user
//! would run them. Every case must pass.

use layerlab_tests::{peer_tests_dir, run_cli};
use std::path::PathBuf;

fn case_dirs(group: &str) -> Option<Vec<PathBuf>> {
    let root = peer_tests_dir()?.join("buildkit").join(group);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.join("Dockerfile").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no cases in {}", root.display());
    Some(dirs)
}

#[test]
fn parser_cases_dump_exactly_like_buildkit() {
    let Some(dirs) = case_dirs("parser") else { return };
    let mut failures = Vec::new();
    for dir in &dirs {
        let file = dir.join("Dockerfile");
        let expected = std::fs::read_to_string(dir.join("result")).expect("result file");
        let (code, out, err) = run_cli(&["parse", "--format", "buildkit", file.to_str().unwrap()]);
        if code != 0 || out != expected {
            failures.push(format!(
                "{}: exit {code}\n--- expected\n{expected}--- actual\n{out}--- stderr\n{err}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), dirs.len(), failures.join("\n"));
}

#[test]
fn parser_negative_cases_are_refused_with_a_message() {
    let Some(dirs) = case_dirs("parser-negative") else { return };
    for dir in &dirs {
        let file = dir.join("Dockerfile");
        for format in ["buildkit", "text", "json"] {
            let (code, out, err) = run_cli(&["parse", "--format", format, file.to_str().unwrap()]);
            assert_eq!(code, 1, "{} (--format {format}) was accepted", dir.display());
            assert!(err.contains("layerlab: "), "{}: no message on stderr: {err}", dir.display());
            // The text and json formats print diagnostics as their output; buildkit prints them on stderr.
            let shown = err + &out;
            assert!(shown.contains("error"), "{}: no diagnostic: {shown}", dir.display());
        }
    }
}

#[test]
fn env_var_cases_expand_like_buildkit() {
    let Some(root) = peer_tests_dir() else { return };
    let corpus = std::fs::read_to_string(root.join("buildkit").join("envVarTest")).expect("envVarTest");
    let env = ["--env", "PWD=/home", "--env", "SHELL=bash", "--env", "KOREAN=한국어", "--env", "NULL="];
    let mut failures = Vec::new();
    let mut count = 0;
    for line in corpus.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.splitn(3, '|').map(str::trim).collect();
        let [platform, input, expected] = fields[..] else { panic!("bad corpus line {line:?}") };
        if platform == "W" {
            continue;
        }
        count += 1;
        let mut args: Vec<&str> = vec!["expand"];
        args.extend(env);
        args.extend(["--", input]);
        let (code, out, err) = run_cli(&args);
        let ok = if expected == "error" {
            code == 1 && !err.is_empty()
        } else {
            code == 0 && out == format!("{expected}\n")
        };
        if !ok {
            failures.push(format!("{input:?}: expected {expected:?}, got exit {code} out {out:?} err {err:?}"));
        }
    }
    assert!(count > 100, "only {count} cases read");
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n"));
}
