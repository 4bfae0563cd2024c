//! `cargo xtask test`: every check CI runs, in order, cheapest first — set-up, rustfmt, clippy on the host and on
//! wasm32, the playground's build, the core's wasm-bindgen tests in headless Chromium, then the whole test suite
//! with a private Docker engine, ChromeDriver and `www/` served for the end-to-end tests. The environment passes
//! through untouched, so `CI=true` reaches the tests, which then fail rather than skip when something they need (peer
//! corpora, Chromium, Docker) is missing.

use std::cell::Cell;
use std::io::Write;
use std::process::Command;

use crate::chromedriver::ChromeDriver;
use crate::command;
use crate::docker::DockerEngine;
use crate::error::{Error, Result};
use crate::minibox;
use crate::setup::{self, Requirement};
use crate::site;
use crate::static_server;
use crate::steps::{self, Step};

/// The core must also build for the browser.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What the test steps need installed: what the site build needs (the wasm32 target, wasm-bindgen-cli, which brings
/// `wasm-bindgen-test-runner`, binaryen, the musl targets of minibox), Debian's Docker engine for the tests that load
/// exported images into a real one (its `containerd` dependency brings `ctr`, which imports them into containerd's
/// store), `skopeo` and `umoci`, which check the same tarballs without a daemon, and Chromium with its ChromeDriver
/// for the tests in a browser.
fn requirements() -> Result<Vec<Requirement>> {
    let mut requirements = site::requirements()?;
    requirements.extend(
        ["docker.io", "containerd", "skopeo", "umoci", "chromium", "chromium-driver"].map(Requirement::apt_package),
    );
    Ok(requirements)
}

/// Starts a private Docker engine for the tests. Without one, the engine tests skip — except under `CI=true`, where
/// a missing engine is an error.
fn docker_engine() -> Result<Option<DockerEngine>> {
    match DockerEngine::start() {
        Ok(engine) => Ok(Some(engine)),
        Err(error) if std::env::var("CI").as_deref() == Ok("true") => Err(error),
        Err(error) => {
            eprintln!("warning: no Docker engine for the tests ({error}); they will skip");
            Ok(None)
        }
    }
}

/// Starts what the end-to-end browser tests talk to: `www/` on a static server and ChromeDriver. Without
/// ChromeDriver they skip — except under `CI=true`, where that is an error.
fn browser_for_tests() -> Result<Option<(String, ChromeDriver)>> {
    let site = static_server::spawn(&site::www_dir())?;
    let site_url = format!("http://{site}/");
    eprintln!("serving {} at {site_url} for the browser tests", site::www_dir().display());
    match ChromeDriver::start() {
        Ok(driver) => Ok(Some((site_url, driver))),
        Err(error) if std::env::var("CI").as_deref() == Ok("true") => Err(error),
        Err(error) => {
            eprintln!("warning: no ChromeDriver for the tests ({error}); the browser tests will skip");
            Ok(None)
        }
    }
}

/// `cargo test` of the core's `crate/tests/wasm.rs` on wasm32: cargo hands the test module to
/// `wasm-bindgen-test-runner`, which starts ChromeDriver (`CHROMEDRIVER`) and runs the tests in headless Chromium
/// with the capabilities in `crate/webdriver.json`.
fn wasm_tests_in_chromium() -> Result<Command> {
    let chromedriver = command::find_on_path("chromedriver")
        .ok_or_else(|| Error::new("there is no chromedriver on PATH (Debian package chromium-driver)"))?;
    let mut cargo = command::cargo();
    cargo.args(["test", "-p", "layerlab", "--target", WASM_TARGET, "--test", "wasm"]);
    cargo.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner");
    cargo.env("CHROMEDRIVER", chromedriver);
    // The runner reads `webdriver.json` from its working directory, which cargo makes the package's (crate/); naming
    // the file keeps that true if cargo ever changes its mind.
    cargo.env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", command::repo_root().join("crate").join("webdriver.json"));
    // The runner gives the whole suite 20 s by default; unoptimised wasm running whole builds on a busy CI machine
    // can need more.
    if std::env::var_os("WASM_BINDGEN_TEST_TIMEOUT").is_none() {
        cargo.env("WASM_BINDGEN_TEST_TIMEOUT", "300");
    }
    Ok(cargo)
}

/// Runs every step; `cargo_test_args` (what followed `--`) go to `cargo test`. Ends with one line of test totals
/// over all test binaries (cargo's own output ends with the last binary's, often a doc-test run of 0 tests).
pub fn run(cargo_test_args: &[String]) -> Result<()> {
    eprintln!("{}", ci_note(std::env::var("CI").ok().as_deref()));
    let totals = Cell::new(None::<TestCounts>);
    let count = |line: &str| {
        if let Some(counts) = TestCounts::from_result_line(line) {
            totals.set(Some(totals.get().unwrap_or_default().add(counts)));
        }
    };
    let outcome = steps::run_all(vec![
        Step::new("set-up", || setup::ensure(&requirements()?)),
        Step::new("rustfmt", || {
            command::run(command::cargo().args(["fmt", "--all", "--", "--check"])).map_err(|error| {
                Error::new(format!("{error}; if rustfmt printed a diff, `cargo xtask fmt` applies it"))
            })
        }),
        Step::new("clippy (host)", || {
            command::run(command::cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
        }),
        Step::new("clippy (wasm32)", || {
            command::run(
                command::cargo()
                    .args(["clippy", "-p", "layerlab", "--target", WASM_TARGET])
                    .args(["--", "-D", "warnings"]),
            )?;
            // The editor's module: the core without its engine (its own target directory, as the site build).
            command::run(
                command::cargo()
                    .args(["clippy", "-p", "layerlab", "--lib", "--no-default-features", "--target", WASM_TARGET])
                    .arg("--target-dir")
                    .arg(command::target_dir().join("web-editor"))
                    .args(["--", "-D", "warnings"]),
            )
        }),
        Step::new("site (wasm, minibox)", site::build),
        Step::new("wasm tests (Chromium)", || command::run_watching_stdout(&mut wasm_tests_in_chromium()?, count)),
        Step::new("cargo test", || {
            // Both are stopped when this step ends, however it ends.
            let engine = docker_engine()?;
            let browser = browser_for_tests()?;
            let mut cargo_test = command::cargo();
            cargo_test.args(["test", "--workspace"]).args(cargo_test_args);
            cargo_test.env("LAYERLAB_MINIBOX_DIR", minibox::output_dir());
            if let Some(engine) = &engine {
                cargo_test.env("DOCKER_HOST", engine.host());
                cargo_test.env("LAYERLAB_CONTAINERD_ADDRESS", engine.containerd_address());
            }
            if let Some((site_url, driver)) = &browser {
                cargo_test.env("LAYERLAB_SITE_URL", site_url);
                cargo_test.env("LAYERLAB_WEBDRIVER", driver.url());
            }
            command::run_watching_stdout(&mut cargo_test, count)
        }),
    ]);
    if let Some(totals) = totals.get() {
        let TestCounts { passed, failed, ignored } = totals;
        let _ = writeln!(std::io::stdout(), "tests: {passed} passed, {failed} failed, {ignored} skipped");
    }
    outcome
}

/// The numbers on a libtest `test result:` line, or their sum over several.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct TestCounts {
    passed: u64,
    failed: u64,
    ignored: u64,
}

impl TestCounts {
    /// Reads `test result: ok. 26 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s`.
    fn from_result_line(line: &str) -> Option<TestCounts> {
        let (_outcome, counts) = line.strip_prefix("test result: ")?.split_once(". ")?;
        let mut result = TestCounts::default();
        for count in counts.split("; ") {
            let Some((number, what)) = count.split_once(' ') else { continue };
            let Ok(number) = number.parse() else { continue };
            match what {
                "passed" => result.passed = number,
                "failed" => result.failed = number,
                "ignored" => result.ignored = number,
                _ => {}
            }
        }
        Some(result)
    }

    fn add(self, other: TestCounts) -> TestCounts {
        TestCounts {
            passed: self.passed + other.passed,
            failed: self.failed + other.failed,
            ignored: self.ignored + other.ignored,
        }
    }
}

/// One line on what `CI` means for the tests that need things from outside the repository.
fn ci_note(ci: Option<&str>) -> &'static str {
    if ci == Some("true") {
        "CI=true: tests that need peer corpora, Chromium or Docker fail if those are missing"
    } else {
        "CI is not `true`: tests that need peer corpora, Chromium or Docker skip if those are missing (CI=true makes \
         them fail)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ci_true_means_ci() {
        assert!(ci_note(Some("true")).starts_with("CI=true"));
        assert!(ci_note(Some("1")).starts_with("CI is not `true`"));
        assert!(ci_note(None).starts_with("CI is not `true`"));
    }

    #[test]
    fn reads_libtest_result_lines() {
        let ok = "test result: ok. 26 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.00s";
        assert_eq!(TestCounts::from_result_line(ok), Some(TestCounts { passed: 26, failed: 0, ignored: 2 }));
        let failed = "test result: FAILED. 25 passed; 1 failed; 0 ignored; 0 measured; 3 filtered out; finished in 1s";
        let sum = TestCounts::from_result_line(failed).unwrap().add(TestCounts::from_result_line(ok).unwrap());
        assert_eq!(sum, TestCounts { passed: 51, failed: 1, ignored: 2 });
        assert_eq!(TestCounts::from_result_line("test parse::tests::empty ... ok"), None);
    }

    #[test]
    fn needs_the_site_build_docker_and_chromium() {
        let requirements = requirements().unwrap();
        let site = site::requirements().unwrap();
        assert_eq!(requirements[..site.len()], site);
        assert_eq!(
            requirements[site.len()..],
            [
                Requirement::apt_package("docker.io"),
                Requirement::apt_package("containerd"),
                Requirement::apt_package("skopeo"),
                Requirement::apt_package("umoci"),
                Requirement::apt_package("chromium"),
                Requirement::apt_package("chromium-driver"),
            ]
        );
    }

    #[test]
    fn the_wasm_tests_run_in_chromium_through_the_runner() {
        let Ok(cargo) = wasm_tests_in_chromium() else { return }; // no chromedriver here: nothing to check
        assert_eq!(command::display(&cargo), "cargo test -p layerlab --target wasm32-unknown-unknown --test wasm");
        let env: Vec<(String, String)> = cargo
            .get_envs()
            .filter_map(|(key, value)| Some((key.to_str()?.to_string(), value?.to_str()?.to_string())))
            .collect();
        let value = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        assert_eq!(value("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER"), Some("wasm-bindgen-test-runner"));
        assert!(value("CHROMEDRIVER").is_some_and(|path| path.ends_with("chromedriver")));
        assert!(value("WASM_BINDGEN_TEST_WEBDRIVER_JSON").is_some_and(|path| path.ends_with("crate/webdriver.json")));
    }
}
