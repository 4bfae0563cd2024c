//! Layers: what changed between two file trees ([`diff`]), that change set as a deterministic layer tar with
//! whiteouts ([`write_layer_tar`], [`layer_tar`], [`full_tar`]), and a layer tar applied onto a tree ([`apply_tar`]).
//! Knows file trees and the tar format; nothing of images, digests or builds.
//!
//! Tar entry order (the same for every writer here, so equal trees give equal bytes): a tree walk from `/` in which
//! every directory comes before its contents and a directory's whole subtree before its next sibling; within one
//! directory the opaque marker `.wh..wh..opq` comes first, then the whiteouts `.wh.NAME` ordered by NAME, then the
//! entries themselves ordered by name (byte order). This is `tar --sort=name` order with whiteouts moved ahead of
//! their siblings, so a loader that applies entries in order hides lower files before it writes new ones.

mod apply;
mod diff;
pub mod gzip;
mod write;
pub mod zstd;

#[cfg(test)]
mod tests;

use std::fmt;

pub use apply::{apply_layer, apply_tar};
pub use diff::diff;
pub use write::{full_tar, layer_tar, write_full_tar, write_layer_tar};

/// The whiteout prefix: an empty file `dir/.wh.NAME` in a layer deletes `dir/NAME` of the layers below.
pub const WHITEOUT_PREFIX: &str = ".wh.";
/// The opaque marker: `dir/.wh..wh..opq` hides everything the layers below have in `dir`.
pub const OPAQUE_MARKER: &str = ".wh..wh..opq";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
}

/// One changed path, as `docker diff` would list it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Change {
    /// Absolute and normalised, e.g. `/etc/passwd`.
    pub path: String,
    pub kind: ChangeKind,
    /// File bytes: the new size of an added or modified file (a symlink: its target's length; a directory: 0); for a
    /// deletion, the bytes of everything deleted there.
    pub size: u64,
    /// Only on a `Modified` directory: it replaces the lower directory wholesale, so its layer entry carries the
    /// opaque marker and the lower contents are not listed one by one as `Deleted`.
    pub opaque: bool,
}

impl Change {
    pub fn new(path: impl Into<String>, kind: ChangeKind, size: u64) -> Change {
        Change { path: path.into(), kind, size, opaque: false }
    }
}

/// Fixed values for the tar headers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LayerOptions {
    /// Every entry's mtime: the build's `SOURCE_DATE_EPOCH` (default 0).
    pub mtime: u64,
}

/// What [`apply_tar`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ApplyStats {
    /// Entries read (whiteouts and skipped ones included, long-name headers not).
    pub entries: u64,
    pub dirs: u64,
    pub files: u64,
    pub symlinks: u64,
    /// Hard links, each materialised as a copy of its target.
    pub hardlinks: u64,
    pub whiteouts: u64,
    pub opaque_dirs: u64,
    /// Character and block devices and FIFOs: a simulated tree has no use for them, so they are left out.
    pub skipped_devices: u64,
    /// Entries of other types (PAX global headers, vendor types) that carry no file.
    pub skipped_other: u64,
    /// File bytes written.
    pub bytes: u64,
}

/// Why a layer tar could not be applied. The tree it was applied to is left unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerError {
    /// The entry's name as it appears in the tar, when the problem is with one entry.
    pub entry: Option<String>,
    pub message: String,
}

impl LayerError {
    fn archive(message: impl Into<String>) -> LayerError {
        LayerError { entry: None, message: message.into() }
    }

    fn entry(entry: &str, message: impl Into<String>) -> LayerError {
        LayerError { entry: Some(entry.to_owned()), message: message.into() }
    }
}

impl fmt::Display for LayerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.entry {
            Some(entry) => write!(f, "layer tar entry '{entry}': {}", self.message),
            None => write!(f, "layer tar: {}", self.message),
        }
    }
}

impl std::error::Error for LayerError {}
