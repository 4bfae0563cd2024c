//! [`System`]: everything the shell and its applets need from the world — files, the host name, the machine, the
//! time — behind one object-safe trait, so the same interpreter runs over the in-memory tree of a build
//! ([`VfsSystem`]) and, later, over a real OS inside an exported image. User and group names are not here: they come
//! from `/etc/passwd` and `/etc/group`, read through the trait like any file.

use crate::vfs::{Fs, FsError, FsErrorKind, Meta, NodeKind};
use std::fmt;
use std::sync::Arc;

/// What an operation failed with, named after the POSIX errno it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// ENOENT
    NotFound,
    /// ENOTDIR
    NotADirectory,
    /// EISDIR
    IsADirectory,
    /// EEXIST
    AlreadyExists,
    /// ENOTEMPTY
    DirectoryNotEmpty,
    /// ELOOP
    SymlinkLoop,
    /// EINVAL
    InvalidArgument,
    /// EACCES
    PermissionDenied,
    /// EPERM
    NotPermitted,
    /// ENOSPC / EFBIG
    NoSpace,
    /// ENOSYS and anything the system cannot do.
    Unsupported,
}

impl ErrorKind {
    /// strerror(3)'s text, as coreutils and busybox print it.
    pub fn strerror(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "No such file or directory",
            ErrorKind::NotADirectory => "Not a directory",
            ErrorKind::IsADirectory => "Is a directory",
            ErrorKind::AlreadyExists => "File exists",
            ErrorKind::DirectoryNotEmpty => "Directory not empty",
            ErrorKind::SymlinkLoop => "Too many levels of symbolic links",
            ErrorKind::InvalidArgument => "Invalid argument",
            ErrorKind::PermissionDenied => "Permission denied",
            ErrorKind::NotPermitted => "Operation not permitted",
            ErrorKind::NoSpace => "No space left on device",
            ErrorKind::Unsupported => "Function not implemented",
        }
    }
}

/// A failed operation: its kind and the text to print (strerror's, or a more precise one such as a layerlab limit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SysError {
    pub kind: ErrorKind,
    pub message: String,
}

impl SysError {
    pub fn new(kind: ErrorKind) -> SysError {
        SysError { kind, message: kind.strerror().to_string() }
    }
}

impl fmt::Display for SysError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<FsError> for SysError {
    fn from(e: FsError) -> SysError {
        let kind = match e.kind {
            FsErrorKind::NotFound => ErrorKind::NotFound,
            FsErrorKind::NotADirectory => ErrorKind::NotADirectory,
            FsErrorKind::IsADirectory => ErrorKind::IsADirectory,
            FsErrorKind::AlreadyExists => ErrorKind::AlreadyExists,
            FsErrorKind::DirectoryNotEmpty => ErrorKind::DirectoryNotEmpty,
            FsErrorKind::SymlinkLoop => ErrorKind::SymlinkLoop,
            FsErrorKind::InvalidPath => ErrorKind::InvalidArgument,
            FsErrorKind::LimitExceeded(_) => ErrorKind::NoSpace,
            FsErrorKind::PermissionDenied => ErrorKind::PermissionDenied,
        };
        SysError { kind, message: e.kind.to_string() }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    File,
    Dir,
    Symlink,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStat {
    pub kind: FileType,
    /// Permission bits (`0o7777`), without the file type.
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    /// File bytes; a symlink's target length; 0 for a directory.
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: i64,
}

impl FileStat {
    pub fn is_dir(&self) -> bool {
        self.kind == FileType::Dir
    }

    pub fn is_file(&self) -> bool {
        self.kind == FileType::File
    }

    pub fn is_symlink(&self) -> bool {
        self.kind == FileType::Symlink
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    /// The entry itself (a symlink is not followed).
    pub stat: FileStat,
}

/// The world as the shell sees it. Paths are absolute (the shell resolves them against its working directory);
/// modes of new files and directories already have the umask applied; the system decides the owner.
pub trait System {
    /// Follows symlinks.
    fn stat(&self, path: &str) -> Result<FileStat, SysError>;
    /// Does not follow a final symlink.
    fn lstat(&self, path: &str) -> Result<FileStat, SysError>;
    fn read(&self, path: &str) -> Result<Arc<[u8]>, SysError>;
    /// Creates the file (with `mode`) or replaces its contents (keeping its mode).
    fn write(&mut self, path: &str, data: &[u8], mode: u32) -> Result<(), SysError>;
    /// Appends, creating the file with `mode` if needed.
    fn append(&mut self, path: &str, data: &[u8], mode: u32) -> Result<(), SysError>;
    fn mkdir(&mut self, path: &str, mode: u32) -> Result<(), SysError>;
    /// Removes a file, symlink or directory (a non-empty one only when `recursive`).
    fn remove(&mut self, path: &str, recursive: bool) -> Result<(), SysError>;
    fn rename(&mut self, from: &str, to: &str) -> Result<(), SysError>;
    fn symlink(&mut self, target: &str, link: &str) -> Result<(), SysError>;
    fn read_link(&self, path: &str) -> Result<String, SysError>;
    /// Entries sorted by name.
    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, SysError>;
    fn chmod(&mut self, path: &str, mode: u32) -> Result<(), SysError>;
    /// Changes owner and/or group (symlinks followed).
    fn chown(&mut self, path: &str, uid: Option<u32>, gid: Option<u32>) -> Result<(), SysError>;
    fn hostname(&self) -> String;
    /// The machine as `uname -m` prints it: `x86_64` or `aarch64`.
    fn arch(&self) -> String;
    /// Seconds since the epoch (the core has no clock: the caller decides).
    fn now(&self) -> i64;
    /// `sleep`: the simulation has no clock, so by default sleeping takes no time; a real system sleeps (possibly
    /// forever: `f64::INFINITY`).
    fn sleep(&mut self, _seconds: f64) {}
}

/// The in-memory file tree of a build step as a [`System`]. Files are created owned by `uid:gid`, and a non-root
/// user gets the permission checks a kernel would make (read, write, and write on the directory to create or remove).
pub struct VfsSystem<'a> {
    pub fs: &'a mut Fs,
    pub hostname: String,
    pub arch: String,
    pub now: i64,
    pub uid: u32,
    pub gid: u32,
}

impl<'a> VfsSystem<'a> {
    /// Root, host name `layerlab`, `x86_64`, time 0.
    pub fn new(fs: &'a mut Fs) -> VfsSystem<'a> {
        VfsSystem { fs, hostname: "layerlab".to_string(), arch: "x86_64".to_string(), now: 0, uid: 0, gid: 0 }
    }

    fn convert(&self, stat: crate::vfs::Stat) -> FileStat {
        let kind = match stat.kind {
            NodeKind::File => FileType::File,
            NodeKind::Dir => FileType::Dir,
            NodeKind::Symlink => FileType::Symlink,
        };
        FileStat {
            kind,
            mode: stat.meta.mode,
            uid: stat.meta.uid,
            gid: stat.meta.gid,
            size: stat.size,
            mtime: self.now,
        }
    }

    fn meta(&self, mode: u32) -> Meta {
        Meta::new(mode, self.uid, self.gid)
    }

    /// Whether the current user may access `path` (followed) with `want` (4 read, 2 write, 1 search).
    fn allowed(&self, path: &str, want: u32) -> Result<(), SysError> {
        if self.uid == 0 {
            return Ok(());
        }
        let stat = self.fs.stat(path)?;
        let bits = if stat.meta.uid == self.uid {
            stat.meta.mode >> 6
        } else if stat.meta.gid == self.gid {
            stat.meta.mode >> 3
        } else {
            stat.meta.mode
        };
        if bits & want == want {
            Ok(())
        } else {
            Err(SysError::new(ErrorKind::PermissionDenied))
        }
    }

    /// The directory that holds `path`'s last component must let us add or remove entries.
    fn dir_writable(&self, path: &str) -> Result<(), SysError> {
        if self.uid == 0 {
            return Ok(());
        }
        let normal = Fs::normalize("/", path);
        let parent = match normal.rfind('/') {
            Some(0) | None => "/".to_string(),
            Some(i) => normal[..i].to_string(),
        };
        match self.allowed(&parent, 3) {
            Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}

impl System for VfsSystem<'_> {
    fn stat(&self, path: &str) -> Result<FileStat, SysError> {
        Ok(self.convert(self.fs.stat(path)?))
    }

    fn lstat(&self, path: &str) -> Result<FileStat, SysError> {
        Ok(self.convert(self.fs.lstat(path)?))
    }

    fn read(&self, path: &str) -> Result<Arc<[u8]>, SysError> {
        let data = self.fs.read(path)?;
        self.allowed(path, 4)?;
        Ok(data)
    }

    fn write(&mut self, path: &str, data: &[u8], mode: u32) -> Result<(), SysError> {
        if self.fs.exists(path) {
            self.allowed(path, 2)?;
        } else {
            self.dir_writable(path)?;
        }
        Ok(self.fs.write(path, data.to_vec(), self.meta(mode))?)
    }

    fn append(&mut self, path: &str, data: &[u8], mode: u32) -> Result<(), SysError> {
        if self.fs.exists(path) {
            self.allowed(path, 2)?;
        } else {
            self.dir_writable(path)?;
        }
        Ok(self.fs.append(path, data, self.meta(mode))?)
    }

    fn mkdir(&mut self, path: &str, mode: u32) -> Result<(), SysError> {
        self.dir_writable(path)?;
        Ok(self.fs.mkdir(path, self.meta(mode))?)
    }

    fn remove(&mut self, path: &str, recursive: bool) -> Result<(), SysError> {
        self.dir_writable(path)?;
        Ok(self.fs.remove(path, recursive)?)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), SysError> {
        self.dir_writable(from)?;
        self.dir_writable(to)?;
        Ok(self.fs.rename(from, to)?)
    }

    fn symlink(&mut self, target: &str, link: &str) -> Result<(), SysError> {
        self.dir_writable(link)?;
        Ok(self.fs.symlink(target, link, Meta::new(0o777, self.uid, self.gid))?)
    }

    fn read_link(&self, path: &str) -> Result<String, SysError> {
        Ok(self.fs.read_link(path)?)
    }

    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, SysError> {
        let entries = self.fs.read_dir(path)?;
        self.allowed(path, 4)?;
        Ok(entries.into_iter().map(|(name, stat)| DirEntry { name, stat: self.convert(stat) }).collect())
    }

    fn chmod(&mut self, path: &str, mode: u32) -> Result<(), SysError> {
        if self.uid != 0 && self.fs.stat(path)?.meta.uid != self.uid {
            return Err(SysError::new(ErrorKind::NotPermitted));
        }
        Ok(self.fs.set_meta(path, |meta| meta.mode = mode & 0o7777)?)
    }

    fn chown(&mut self, path: &str, uid: Option<u32>, gid: Option<u32>) -> Result<(), SysError> {
        if self.uid != 0 {
            let stat = self.fs.stat(path)?;
            let same_owner = uid.is_none_or(|u| u == stat.meta.uid);
            let own_group = gid.is_none_or(|g| g == self.gid);
            if stat.meta.uid != self.uid || !same_owner || !own_group {
                return Err(SysError::new(ErrorKind::NotPermitted));
            }
        }
        Ok(self.fs.set_meta(path, |meta| {
            if let Some(uid) = uid {
                meta.uid = uid;
            }
            if let Some(gid) = gid {
                meta.gid = gid;
            }
        })?)
    }

    fn hostname(&self) -> String {
        self.hostname.clone()
    }

    fn arch(&self) -> String {
        self.arch.clone()
    }

    fn now(&self) -> i64 {
        self.now
    }

    /// Takes no time, but the clock the process sees moves on (whole seconds), so `sleep 5; date` reads 5 s later.
    fn sleep(&mut self, seconds: f64) {
        if seconds.is_finite() && seconds >= 1.0 {
            self.now = self.now.saturating_add(seconds.min(i64::MAX as f64) as i64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vfs_system_reads_writes_and_reports_errors() {
        let mut fs = Fs::new();
        let mut sys = VfsSystem::new(&mut fs);
        sys.mkdir("/tmp", 0o1777).unwrap();
        sys.write("/tmp/a", b"hi", 0o644).unwrap();
        sys.append("/tmp/a", b"!", 0o644).unwrap();
        assert_eq!(&*sys.read("/tmp/a").unwrap(), b"hi!");
        assert_eq!(sys.stat("/tmp/a").unwrap().size, 3);
        let err = sys.read("/nope").unwrap_err();
        assert_eq!(err.kind, ErrorKind::NotFound);
        assert_eq!(err.to_string(), "No such file or directory");
        sys.symlink("a", "/tmp/l").unwrap();
        assert!(sys.lstat("/tmp/l").unwrap().is_symlink());
        assert_eq!(sys.read_link("/tmp/l").unwrap(), "a");
        assert_eq!(sys.read_dir("/tmp").unwrap().len(), 2);
    }

    #[test]
    fn non_root_users_meet_permissions() {
        let mut fs = Fs::new();
        {
            let mut sys = VfsSystem::new(&mut fs);
            sys.mkdir("/etc", 0o755).unwrap();
            sys.write("/etc/shadow", b"secret", 0o640).unwrap();
            sys.mkdir("/home", 0o755).unwrap();
            sys.mkdir("/home/app", 0o755).unwrap();
            sys.chown("/home/app", Some(1000), Some(1000)).unwrap();
        }
        let mut sys = VfsSystem { uid: 1000, gid: 1000, ..VfsSystem::new(&mut fs) };
        assert_eq!(sys.read("/etc/shadow").unwrap_err().kind, ErrorKind::PermissionDenied);
        assert_eq!(sys.write("/etc/x", b"", 0o644).unwrap_err().kind, ErrorKind::PermissionDenied);
        sys.write("/home/app/x", b"mine", 0o644).unwrap();
        assert_eq!(sys.stat("/home/app/x").unwrap().uid, 1000);
        assert_eq!(sys.chown("/home/app/x", Some(0), None).unwrap_err().kind, ErrorKind::NotPermitted);
        assert_eq!(sys.remove("/etc/shadow", false).unwrap_err().kind, ErrorKind::PermissionDenied);
    }
}
