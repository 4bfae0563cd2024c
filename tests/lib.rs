//! Shared helpers for the integration tests: where the repository, the test data and the peer corpora are.

use std::path::PathBuf;

/// The repository root (the workspace that holds this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// `tests/data/`.
pub fn data_dir() -> PathBuf {
    repo_root().join("tests").join("data")
}
