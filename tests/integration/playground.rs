//! The browser's session (`layerlab::playground`, what wasm.rs forwards to) against the CLI and the goldens, for
//! every case in tests/data/builds: the page's classic log is byte for byte what `layerlab build` prints, its export
//! is byte for byte what `layerlab build --export` writes, and a rebuild in the same session shows the golden cache
//! log. The browser end-to-end tests then only need to show that the page passes the same input through.

use super::builds::{case_args, cases, options as build_options};
use layerlab::build::context::ContextEntry;
use layerlab::playground::{Playground, StartOptions};
use layerlab_cli::minibox_dir::{self, Found};
use layerlab_tests::{data_dir, run_cli};
use std::path::{Path, PathBuf};

/// The case's `args` file as start options: the flags the CLI gets, read as the golden builds read them.
fn start_options(case: &Path, dockerfile: String) -> (StartOptions, Vec<String>) {
    let args = case_args(case);
    let build = build_options(&args);
    let options = StartOptions {
        dockerfile,
        tags: build.tags,
        build_args: build.build_args,
        target: build.target,
        platform: Some(format!("linux/{}", build.arch.as_str())),
        no_cache: build.no_cache,
        source_date_epoch: build.source_date_epoch,
    };
    (options, args)
}

/// Puts a context directory into the session the way the page does: every file but the Dockerfile, whose text goes
/// in the options.
fn load_context(pg: &mut Playground, dir: &Path) -> String {
    let context = layerlab_cli::context_dir::read(dir).expect("read context");
    let mut dockerfile = String::new();
    for (path, entry) in context.entries() {
        match entry {
            ContextEntry::File { data, .. } if path == "Dockerfile" => {
                dockerfile = String::from_utf8(data.to_vec()).expect("UTF-8 Dockerfile");
            }
            ContextEntry::File { data, mode } => pg.add_context_file(path, data, *mode).expect("context file"),
            // The page's session adds parent directories (0755) for every file, as a directory on disk has them.
            ContextEntry::Dir { mode: 0o755 } => {}
            other => panic!("{}: the page's context holds files only, not {other:?}", dir.display()),
        }
    }
    dockerfile
}

#[test]
fn the_page_session_prints_the_golden_logs_without_minibox() {
    let mut failures = Vec::new();
    for case in cases() {
        let mut pg = Playground::new();
        let dockerfile = load_context(&mut pg, &case.join("context"));
        let (options, _) = start_options(&case, dockerfile);
        pg.start(options.clone());
        let view = pg.run_to_end();
        let expected = std::fs::read_to_string(case.join("expected/classic.log")).expect("classic.log");
        if view.logs.classic.clone() + &view.logs.classic_stderr != expected {
            failures.push(format!(
                "{}: classic log differs:\n{}{}",
                case.display(),
                view.logs.classic,
                view.logs.classic_stderr
            ));
        }
        let rebuild = case.join("rebuild");
        if rebuild.is_dir() {
            let overlay = layerlab_cli::context_dir::read(&rebuild).expect("overlay");
            for (path, entry) in overlay.entries() {
                if let ContextEntry::File { data, mode } = entry {
                    pg.add_context_file(path, data, *mode).expect("overlay file");
                }
            }
            pg.start(options);
            let view = pg.run_to_end();
            let expected = std::fs::read_to_string(case.join("expected/rebuild.log")).expect("rebuild.log");
            if view.logs.classic != expected {
                failures.push(format!("{}: rebuild log differs:\n{}", case.display(), view.logs.classic));
            }
            if view.cache.hits.is_empty() {
                failures.push(format!("{}: the rebuild hit no cache", case.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_page_session_equals_the_cli_byte_for_byte() {
    let Some(minibox_path) = minibox_file() else { return };
    let minibox = std::fs::read(&minibox_path).expect("read minibox");
    let scratch = std::env::temp_dir().join(format!("layerlab-playground-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    for case in cases() {
        let mut pg = Playground::new();
        pg.add_minibox(&minibox).expect("minibox");
        let dockerfile = load_context(&mut pg, &case.join("context"));
        let (options, args) = start_options(&case, dockerfile);
        if options.platform.as_deref().is_some_and(|p| p.contains("arm64")) {
            continue; // the page adds the arm64 binary only for arm64 builds; every case here is amd64
        }
        pg.start(options);
        let view = pg.run_to_end();
        let tar = scratch.join("cli.tar");
        let _ = std::fs::remove_file(&tar);
        let mut argv: Vec<String> = vec!["build".into(), "--minibox".into()];
        argv.push(minibox_path.parent().unwrap().display().to_string());
        argv.extend(args.iter().cloned());
        let built = view.phase == "finished";
        if built {
            argv.extend(["--export".to_string(), tar.display().to_string()]);
        }
        argv.push(case.join("context").display().to_string());
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let (code, out, err) = run_cli(&argv);
        assert_eq!(code, if built { 0 } else { 1 }, "{}: {err}", case.display());
        assert_eq!(err, view.logs.classic_stderr, "{}: stderr", case.display());
        if !built {
            assert_eq!(out, view.logs.classic, "{}: stdout", case.display());
            continue;
        }
        // The CLI follows the log with what it exported and how to run it; the log itself is the page's.
        assert!(out.starts_with(&view.logs.classic), "{}:\nCLI:\n{out}\npage:\n{}", case.display(), view.logs.classic);
        assert!(out[view.logs.classic.len()..].starts_with("Exported "), "{}", case.display());
        let (bytes, summary) = pg.export().expect("export");
        let cli_bytes = std::fs::read(&tar).expect("CLI export");
        assert!(bytes == cli_bytes, "{}: the page's tarball differs from the CLI's", case.display());
        assert!(summary.minibox);
        assert!(out.contains(&format!("IMAGE ID {}", summary.images[0].classic_id)), "{}", case.display());
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// The amd64 minibox binary the CLI would find; required under CI (cargo xtask test builds it).
fn minibox_file() -> Option<PathBuf> {
    match minibox_dir::find(None, layerlab::images::Arch::Amd64) {
        Ok(Found::Binary(_, path)) => Some(path),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but no minibox binary was found: run the tests through `cargo xtask test`"
            );
            eprintln!("skipped: no minibox binary (cargo xtask minibox builds one)");
            None
        }
    }
}

#[test]
fn an_arm64_build_in_the_page_session_equals_the_cli_too() {
    let Some(amd64) = minibox_file() else { return };
    let dir = amd64.parent().unwrap().to_path_buf();
    let arm64 = dir.join("minibox-arm64");
    assert!(arm64.is_file(), "{} is missing", arm64.display());
    let case = data_dir().join("builds").join("hello");
    let mut pg = Playground::new();
    // The page adds the binary of the platform it builds for; both may be there.
    pg.add_minibox(&std::fs::read(&amd64).unwrap()).unwrap();
    pg.add_minibox(&std::fs::read(&arm64).unwrap()).unwrap();
    let dockerfile = load_context(&mut pg, &case.join("context"));
    let (mut options, _) = start_options(&case, dockerfile);
    options.platform = Some("linux/arm64".into());
    pg.start(options);
    assert_eq!(pg.run_to_end().phase, "finished");
    let (bytes, summary) = pg.export().unwrap();
    assert!(summary.minibox);
    let tar = std::env::temp_dir().join(format!("layerlab-playground-arm64-{}.tar", std::process::id()));
    let (code, _, err) = run_cli(&[
        "build",
        "--minibox",
        &dir.display().to_string(),
        "--platform",
        "linux/arm64",
        "-t",
        "lee20h/hello",
        "--export",
        &tar.display().to_string(),
        &case.join("context").display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let cli = std::fs::read(&tar).unwrap();
    let _ = std::fs::remove_file(&tar);
    assert!(bytes == cli, "the page's arm64 tarball differs from the CLI's");
}
