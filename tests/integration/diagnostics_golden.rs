//! Golden diagnostics: every `tests/data/diagnostics/*.Dockerfile` rendered by `layerlab parse --format text`,
//! compared with the `.txt` beside it. `UPDATE_EXPECT=1 cargo test` rewrites the expectations after a deliberate
//! change; review the diff before committing it.

use layerlab_tests::{check_golden, data_dir, run_cli};

#[test]
fn diagnostics_render_like_a_compiler() {
    let dir = data_dir().join("diagnostics");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data/diagnostics")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "expected the golden cases, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        // Run from the data directory so that the file name in the output is short and machine-independent.
        let name = case.file_name().unwrap().to_str().unwrap();
        let (code, out, err) = run_cli(&["parse", "--format", "text", case.to_str().unwrap()]);
        let shown = out.replace(case.to_str().unwrap(), name);
        let err = err.replace(case.to_str().unwrap(), name);
        let actual = format!("{shown}--- stderr\n{err}--- exit {code}\n");
        if let Some(diff) = check_golden(&case.with_extension("txt"), &actual) {
            failures.push(diff);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
