//! `cargo xtask serve [--port N]`: build the playground as `cargo xtask build` does, then serve `www/` on
//! http://127.0.0.1:N/ until Ctrl-C. Every request reads the file again, so after a change to `www/` a reload shows
//! it; after a change to the Rust core, run `cargo xtask build` (or restart this) to rebuild `www/pkg/`.

use crate::error::Result;
use crate::{setup, site, static_server};

pub fn run(port: u16) -> Result<()> {
    setup::ensure(&site::requirements()?)?;
    site::build()?;
    if !site::www_dir().join("index.html").is_file() {
        eprintln!("warning: there is no www/index.html yet, so the playground's address shows `not found`");
    }
    static_server::serve(&site::www_dir(), port)
}
