//! The lessons: every file in `lessons/` parses, its solution passes every check and its starter fails at least one
//! (done in a fresh playground, as `layerlab lessons check` does); the same for the fixtures in
//! `tests/data/lessons/`; `layerlab lessons json` prints them all in order; and the CLI's report and its
//! `FILE:LINE:COLUMN` for a broken file.

use layerlab::lessons::Lesson;
use layerlab_cli::lessons_cmd::{do_lesson, lesson_files, minibox_binaries, read_lesson};
use layerlab_tests::{data_dir, repo_root, run_cli};
use std::path::Path;

/// Checks every lesson file in `dir` (there must be at least `at_least`), and returns how many there were.
fn check_lessons_in(dir: &Path, at_least: usize) -> usize {
    let files = lesson_files(dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        files.len() >= at_least,
        "{} holds {} lesson files; expected at least {at_least} (the test must not pass on an empty directory)",
        dir.display(),
        files.len()
    );
    let minibox = minibox_binaries(None).expect("the minibox binaries, when named, load");
    let mut failures = Vec::new();
    for path in &files {
        let name = path.display();
        let lesson = match read_lesson(path) {
            Ok(lesson) => lesson,
            Err(message) => {
                failures.push(message);
                continue;
            }
        };
        match do_lesson(&lesson, true, &minibox) {
            Err(message) => failures.push(format!("{name}: {message}")),
            Ok(done) => {
                for result in done.playground.check_lesson(&lesson, &done.page).iter().filter(|r| !r.passed) {
                    failures.push(format!(
                        "{name}: the solution fails check {} ({}): {}\n    found: {}\n    log:\n{}",
                        result.index + 1,
                        result.kind.as_str(),
                        result.says.en,
                        result.found.en,
                        indent(&done.log)
                    ));
                }
            }
        }
        match do_lesson(&lesson, false, &minibox) {
            Err(message) => failures.push(format!("{name}: {message}")),
            Ok(done) => {
                let results = done.playground.check_lesson(&lesson, &done.page);
                if results.iter().all(|r| r.passed) {
                    failures.push(format!("{name}: the starter already passes every check"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    files.len()
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("      | {line}\n")).collect()
}

#[test]
fn every_lesson_parses_its_solution_passes_and_its_starter_does_not() {
    // lessons/ must exist and hold lessons: an empty or missing directory fails rather than passes.
    check_lessons_in(&repo_root().join("lessons"), 1);
}

#[test]
fn the_fixture_lessons_pass_the_same_way() {
    check_lessons_in(&data_dir().join("lessons"), 2);
}

#[test]
fn lessons_json_is_every_lesson_in_order_with_its_defaults() {
    let dir = repo_root().join("lessons");
    let files = lesson_files(&dir).unwrap();
    let (code, out, err) = run_cli(&["lessons", "json", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let lessons: Vec<Lesson> = serde_json::from_str(&out).expect("a JSON array of lessons");
    assert_eq!(lessons.len(), files.len());
    assert!(lessons.windows(2).all(|w| w[0].order < w[1].order), "sorted by order");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    for lesson in value.as_array().unwrap() {
        // The page finds every default filled in.
        assert!(lesson["starter"]["do"].is_array() && lesson["solution"]["do"].is_array(), "{}", lesson["id"]);
        assert!(lesson["checks"].as_array().is_some_and(|c| !c.is_empty()), "{}", lesson["id"]);
        assert!(lesson["prose"]["ko"].is_string() && lesson["prose"]["en"].is_string());
    }
}

#[test]
fn lessons_json_refuses_duplicate_ids_and_orders() {
    let dir = std::env::temp_dir().join(format!("layerlab-lessons-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = std::fs::read_to_string(data_dir().join("lessons").join("01-build-fixture.md")).unwrap();
    std::fs::write(dir.join("01-a.md"), &fixture).unwrap();
    std::fs::write(dir.join("02-b.md"), fixture.replace("order = 1", "order = 2")).unwrap();
    std::fs::write(dir.join("README.md"), "# not a lesson\n").unwrap();
    let (code, _, err) = run_cli(&["lessons", "json", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("both have id = \"build-fixture\""), "{err}");
    std::fs::write(dir.join("02-b.md"), fixture.replace("id = \"build-fixture\"", "id = \"other\"")).unwrap();
    let (code, _, err) = run_cli(&["lessons", "json", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("both have order = 1"), "{err}");
    std::fs::write(dir.join("02-b.md"), fixture.replace("order = 1", "order = 2").replace("build-fixture", "b"))
        .unwrap();
    let (code, out, err) = run_cli(&["lessons", "json", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(serde_json::from_str::<Vec<Lesson>>(&out).unwrap().len(), 2, "README.md is not a lesson");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_cli_reports_each_check_and_exits_0_when_all_pass() {
    let fixtures = data_dir().join("lessons");
    let build = fixtures.join("01-build-fixture.md");
    let terminal = fixtures.join("02-terminal-fixture.md");
    let (code, out, err) = run_cli(&["lessons", "check", build.to_str().unwrap(), terminal.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(&format!("{}: build-fixture (the solution)\n", build.display())), "{out}");
    assert!(out.contains("  ✓ 1. the build finishes\n"), "{out}");
    assert!(out.contains("  ✓ 8. note:1 prints the note\n"), "{out}");
    assert!(out.contains("  9 of 9 checks passed\n") && out.contains("  8 of 8 checks passed\n"), "{out}");
    assert!(!out.contains('✗'), "{out}");

    // The starter: failures with what was found and the hint, and success because at least one check fails.
    let (code, out, err) = run_cli(&["lessons", "check", "--starter", build.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(
            "  ✗ 1. the build finishes\n      found: nothing has been built yet\n      hint: read the build log\n"
        ),
        "{out}"
    );
    assert!(out.contains("  the starter fails 9 of 9 checks, as it should\n"), "{out}");
}

#[test]
fn the_cli_fails_when_a_check_fails_or_a_starter_passes() {
    let dir = std::env::temp_dir().join(format!("layerlab-lessons-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = std::fs::read_to_string(data_dir().join("lessons").join("01-build-fixture.md")).unwrap();
    // The solution no longer builds twice: step 2 ran, not cached.
    let once = dir.join("once.md");
    std::fs::write(&once, fixture.replace("do = [ { build = true }, { build = true },", "do = [ { build = true },"))
        .unwrap();
    let (code, out, _) = run_cli(&["lessons", "check", once.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("  ✗ 6. in the second build, step 2 comes from the cache\n      found: step 2 (COPY greeting.txt /srv/greeting.txt) ran (it did not come from the cache)\n      hint: build once more\n"),
        "{out}"
    );
    assert!(out.contains("  8 of 9 checks passed\n"), "{out}");
    // A starter that already does everything.
    let solved = dir.join("solved.md");
    let solved_text = fixture.replacen("tag = \"fixture:1\"\ndockerfile = \"\"\"\nFROM alpine\n\"\"\"", "tag = \"fixture:1\"\ndockerfile = \"\"\"\nFROM alpine\nCOPY greeting.txt /srv/greeting.txt\nCMD [\"cat\", \"/srv/greeting.txt\"]\n\"\"\"\ndo = [ { build = true }, { build = true }, { export = true } ]", 1);
    assert_ne!(solved_text, fixture);
    std::fs::write(&solved, solved_text).unwrap();
    let (code, _, err) = run_cli(&["lessons", "check", "--starter", solved.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("the starter already passes every check"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_lesson_is_reported_at_its_file_line_and_column() {
    let broken = data_dir().join("lessons").join("broken").join("two-bounds.md");
    let (code, out, err) = run_cli(&["lessons", "check", broken.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        err,
        format!(
            "{}:17:7: check[1].max: a `layers` check takes only one of `count`, `min` or `max`\n",
            broken.display()
        )
    );
    let (code, _, err) = run_cli(&["lessons", "json", broken.parent().unwrap().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.starts_with(&format!("{}:17:7: ", broken.display())), "{err}");
}
