//! layerlab's core: everything the playground, the CLI and the tests share. Pure: no IO, no clock, no randomness;
//! inputs arrive as values and results leave as values (see ARCHITECTURE.md for the invariants).

//!
//! The `engine` feature (on by default) is everything but the Dockerfile front end: without it the crate is the
//! parser and the editor's view of it, which is what the page loads first (see `wasm.rs`).

#[cfg(feature = "engine")]
pub mod build;
pub mod diagnostics;
pub mod dockerfile;
pub mod editor;
#[cfg(feature = "engine")]
pub mod images;
#[cfg(feature = "engine")]
pub mod layer;
pub mod lessons;
#[cfg(feature = "engine")]
pub mod oci;
#[cfg(feature = "engine")]
pub mod playground;
#[cfg(feature = "engine")]
pub mod session;
#[cfg(feature = "engine")]
pub mod shell;
#[cfg(feature = "engine")]
pub mod store;
#[cfg(feature = "engine")]
pub mod vfs;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
