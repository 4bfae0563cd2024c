//! layerlab's core: everything the playground, the CLI and the tests share. Pure: no IO, no clock, no randomness;
//! inputs arrive as values and results leave as values (see ARCHITECTURE.md for the invariants).

pub mod build;
pub mod diagnostics;
pub mod dockerfile;
pub mod images;
pub mod layer;
pub mod oci;
pub mod playground;
pub mod shell;
pub mod store;
pub mod vfs;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
