//! Shared helpers for the integration tests: where the repository, the test data and the peer corpora are, and the
//! outside things some tests need (minibox, a Docker engine, a browser with the playground served).

pub mod webdriver;

use std::path::PathBuf;

/// The repository root (the workspace that holds this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// `tests/data/`.
pub fn data_dir() -> PathBuf {
    repo_root().join("tests").join("data")
}

/// The shared peer-test corpora (`../shared/peer-tests/` beside the checkout). Absent outside CI: the caller skips
/// and says so. Under `CI=true` their absence fails the test, because CI must measure against them.
pub fn peer_tests_dir() -> Option<PathBuf> {
    let dir = repo_root().parent().map(|p| p.join("shared").join("peer-tests"));
    match dir {
        Some(dir) if dir.is_dir() => Some(dir),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but the peer corpora are missing: expected ../shared/peer-tests beside the checkout"
            );
            eprintln!("skipped: ../shared/peer-tests is not beside the checkout");
            None
        }
    }
}

/// Runs the CLI in-process and returns (exit code, stdout, stderr).
pub fn run_cli(args: &[&str]) -> (i32, String, String) {
    let mut argv: Vec<std::ffi::OsString> = vec!["layerlab".into()];
    argv.extend(args.iter().map(std::ffi::OsString::from));
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = layerlab_cli::run(argv, &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

/// Compares `actual` with the golden file at `path`; with `UPDATE_EXPECT=1` in the environment, rewrites the file
/// instead. Returns a message describing the difference, or None when they match.
pub fn check_golden(path: &std::path::Path, actual: &str) -> Option<String> {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, actual).expect("write golden file");
        return None;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    Some(format!(
        "{} differs (run with UPDATE_EXPECT=1 to accept the new output)\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    ))
}

/// The minibox binary for `arch`, found as the CLI finds it (`cargo xtask test` builds the binaries and sets
/// `LAYERLAB_MINIBOX_DIR`). Absent: the caller skips and says so — except under `CI=true`, where that fails.
pub fn minibox(arch: layerlab::images::Arch) -> Option<layerlab::images::Minibox> {
    use layerlab_cli::minibox_dir::{find, Found};
    match find(None, arch) {
        Ok(Found::Binary(minibox, _)) => Some(minibox),
        other => {
            let why = match other {
                Err(error) => error.to_string(),
                _ => format!("none found (set {} or run `cargo xtask minibox`)", layerlab_cli::minibox_dir::ENV),
            };
            assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but no minibox for {arch:?}: {why}");
            eprintln!("skipped: no minibox binary for {arch:?}: {why}");
            None
        }
    }
}

/// The Docker engine the tests may use (`DOCKER_HOST`, which `cargo xtask test` points at its private engine), if it
/// answers. Absent: the caller skips and says so — except under `CI=true`, where that fails.
pub fn docker_host() -> Option<String> {
    let host = std::env::var("DOCKER_HOST").ok().filter(|h| !h.is_empty());
    let reachable = host.as_ref().is_some_and(|h| {
        std::process::Command::new("docker").args(["--host", h, "version"]).output().is_ok_and(|o| o.status.success())
    });
    if reachable {
        return host;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but no Docker engine answers at DOCKER_HOST={host:?}: run the tests with `cargo xtask test`"
    );
    eprintln!("skipped: no Docker engine (run `cargo xtask test`, which starts one)");
    None
}

/// A headless Chromium for the end-to-end tests and the playground's address (ending in `/`), from
/// `LAYERLAB_WEBDRIVER` and `LAYERLAB_SITE_URL` (`cargo xtask test` starts ChromeDriver, serves `www/` and sets
/// both). Absent: the caller skips and says so — except under `CI=true`, where that fails. Set but unusable: a
/// failure, since the tests were meant to run.
pub fn browser() -> Option<(webdriver::Browser, String)> {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let (Some(driver), Some(site)) = (var("LAYERLAB_WEBDRIVER"), var("LAYERLAB_SITE_URL")) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but LAYERLAB_WEBDRIVER and LAYERLAB_SITE_URL are not both set: run the tests with `cargo xtask \
             test`, which starts ChromeDriver and serves www/"
        );
        eprintln!("skipped: no browser (run `cargo xtask test`, which starts ChromeDriver and serves www/)");
        return None;
    };
    let browser = webdriver::Browser::start(&driver)
        .unwrap_or_else(|error| panic!("LAYERLAB_WEBDRIVER={driver}: could not start a browser: {error}"));
    let site = if site.ends_with('/') { site } else { format!("{site}/") };
    Some((browser, site))
}
