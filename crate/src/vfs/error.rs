//! Errors of file-tree operations, worded like coreutils (`PATH: No such file or directory`) so that the simulated
//! shell can print them after its own `cmd: ` prefix.

use std::fmt;

/// Which limit of [`super::Limits`] an operation would have exceeded, with its configured value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Total file bytes (`Limits::max_bytes`).
    Bytes(u64),
    /// Number of nodes (`Limits::max_nodes`).
    Nodes(u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FsErrorKind {
    NotFound,
    NotADirectory,
    IsADirectory,
    AlreadyExists,
    DirectoryNotEmpty,
    SymlinkLoop,
    /// A path or name the operation cannot take: moving a directory into itself, removing `.`, a NUL byte, …
    InvalidPath,
    LimitExceeded(Limit),
    PermissionDenied,
}

impl fmt::Display for FsErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FsErrorKind::NotFound => f.write_str("No such file or directory"),
            FsErrorKind::NotADirectory => f.write_str("Not a directory"),
            FsErrorKind::IsADirectory => f.write_str("Is a directory"),
            FsErrorKind::AlreadyExists => f.write_str("File exists"),
            FsErrorKind::DirectoryNotEmpty => f.write_str("Directory not empty"),
            FsErrorKind::SymlinkLoop => f.write_str("Too many levels of symbolic links"),
            FsErrorKind::InvalidPath => f.write_str("Invalid argument"),
            FsErrorKind::PermissionDenied => f.write_str("Permission denied"),
            // EFBIG and ENOSPC, with the playground's own limit named so nobody mistakes it for a Docker limit.
            FsErrorKind::LimitExceeded(Limit::Bytes(max)) => {
                write!(f, "File too large (layerlab limit: {} of files)", human_bytes(*max))
            }
            FsErrorKind::LimitExceeded(Limit::Nodes(max)) => {
                write!(f, "No space left on device (layerlab limit: {max} files and directories)")
            }
        }
    }
}

/// An operation failed on `path` (the path as the caller gave it, so that messages echo what the user typed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FsError {
    pub kind: FsErrorKind,
    pub path: String,
}

impl FsError {
    pub fn new(kind: FsErrorKind, path: impl Into<String>) -> FsError {
        FsError { kind, path: path.into() }
    }
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

impl std::error::Error for FsError {}

/// `1 GiB`, `512 MiB`, `64 KiB`, or `1234 bytes` when the value is not a whole number of a binary unit.
pub(crate) fn human_bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 4] = [(1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size && n.checked_rem(size) == Some(0) {
            return format!("{} {unit}", n / size);
        }
    }
    if n == 1 {
        "1 byte".to_owned()
    } else {
        format!("{n} bytes")
    }
}
