//! `cargo xtask`: placeholder while it is being written.
fn main() {}
