//! The web playground end to end, in headless Chromium through ChromeDriver (tests/webdriver.rs): the page as
//! `cargo xtask build` leaves `www/`, served over HTTP as `cargo xtask serve` serves it. `cargo xtask test` starts
//! the driver and the server and sets LAYERLAB_WEBDRIVER and LAYERLAB_SITE_URL; without them these tests skip,
//! except under CI=true where they fail.

use layerlab_tests::webdriver::{by_testid, Browser};
use std::time::Duration;

/// The page sets `data-ready="1"` on `<html>` once the core is loaded and the controls work.
const PAGE_READY: &str = "return document.documentElement.dataset.ready === \"1\"";

/// Opens the playground and waits until it says it is ready (the core is fetched, compiled and started first).
fn open_playground(browser: &Browser, site: &str) {
    browser.goto(site).unwrap();
    if let Err(error) = browser.wait_until_script(PAGE_READY, Duration::from_secs(20)) {
        let screenshot = browser.save_screenshot("playground-not-ready").map(|path| path.display().to_string());
        panic!("{error}\n  screenshot: {}", screenshot.unwrap_or_else(|error| error));
    }
}

#[test]
fn the_playground_loads_and_shows_its_controls() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open_playground(&browser, &site);

    assert!(!browser.title().unwrap().trim().is_empty(), "the page has no title");
    let heading = browser.find("h1").and_then(|heading| heading.text()).unwrap();
    assert!(!heading.trim().is_empty(), "the page's heading is empty");
    for testid in ["dockerfile-editor", "build-all", "step", "back", "reset", "tag-input", "export"] {
        let found = browser.find_all(&by_testid(testid)).unwrap();
        assert!(!found.is_empty(), "no element with data-testid=\"{testid}\"");
    }
}
