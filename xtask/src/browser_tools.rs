//! `cargo xtask bench-web` and `cargo xtask screenshots`: build the playground, serve it, start ChromeDriver, and
//! run the tests crate's program of that name against them (tests/bench_web.rs, tests/screenshots.rs), in release.

use crate::chromedriver::ChromeDriver;
use crate::error::Result;
use crate::setup::Requirement;
use crate::{command, setup, site, static_server};

pub fn run(program: &str) -> Result<()> {
    let mut requirements = site::requirements()?;
    requirements.extend(["chromium", "chromium-driver"].map(Requirement::apt_package));
    setup::ensure(&requirements)?;
    site::build()?;
    let site = static_server::spawn(&site::www_dir())?;
    let driver = ChromeDriver::start()?;
    command::run(
        command::cargo()
            .args(["run", "--release", "-q", "-p", "layerlab-tests", "--bin", program])
            .env("LAYERLAB_SITE_URL", format!("http://{site}/"))
            .env("LAYERLAB_WEBDRIVER", driver.url())
            .env("LAYERLAB_WWW_DIR", site::www_dir()),
    )
}
