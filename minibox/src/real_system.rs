//! [`RealSystem`]: layerlab's shell [`System`] over the real operating system (std::fs and std::os::unix), so the
//! interpreter the build simulates with runs for real inside an exported image.
//!
//! Two reads are rewritten so that the shell's command lookup (which runs `#!/layerlab/applet NAME` files itself and
//! cannot start real programs) finds minibox's own applets:
//! - the minibox executable itself (by device and inode, so every symlink to it counts) reads as
//!   `#!/layerlab/applet busybox`: the shell then picks the applet from argv[0], as busybox does;
//! - a `#!/layerlab/applet NAME` file whose NAME is only simulated (package managers, downloads) reads as a script
//!   that says so and exits 127.
//!
//! [`MULTICALL_PATH`] is a virtual file with the busybox stub, so minibox can start any applet through the shell's
//! public `run_argv`.

use layerlab::shell::{DirEntry, ErrorKind, FileStat, FileType, SysError, System};
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// A path no real file can have (nothing lives below `/proc/self/exe`): reads as `#!/layerlab/applet busybox`.
pub const MULTICALL_PATH: &str = "/proc/self/exe/busybox";

const BUSYBOX_STUB: &[u8] = b"#!/layerlab/applet busybox\n";

/// Applets of the simulated shell that only pretend (nothing is installed or downloaded): in an exported image
/// they say so instead of running.
pub const SIMULATED_ONLY: &[&str] = &["apk", "apt-get", "apt", "dpkg", "npm", "pip", "pip3", "curl", "wget"];

/// What minibox prints for a program the image does not really have.
pub fn not_in_image_message(name: &str) -> String {
    format!(
        "{name}: simulated by layerlab — it is not in this exported image; build FROM a real base image to get the \
         real {name}"
    )
}

/// The real OS as a [`System`].
pub struct RealSystem {
    /// Device and inode of the running executable.
    exe: Option<(u64, u64)>,
}

impl RealSystem {
    pub fn new() -> RealSystem {
        let exe = fs::metadata("/proc/self/exe")
            .or_else(|_| std::env::current_exe().and_then(fs::metadata))
            .ok()
            .map(|m| (m.dev(), m.ino()));
        RealSystem { exe }
    }

    fn is_self(&self, meta: &fs::Metadata) -> bool {
        self.exe == Some((meta.dev(), meta.ino()))
    }
}

impl Default for RealSystem {
    fn default() -> RealSystem {
        RealSystem::new()
    }
}

/// Maps an OS error to the shell's error kinds (errno values are the same on x86_64 and aarch64).
pub fn sys_error(e: &io::Error) -> SysError {
    let kind = match e.raw_os_error() {
        Some(2) => ErrorKind::NotFound,
        Some(20) => ErrorKind::NotADirectory,
        Some(21) => ErrorKind::IsADirectory,
        Some(17) => ErrorKind::AlreadyExists,
        Some(39) => ErrorKind::DirectoryNotEmpty,
        Some(40) => ErrorKind::SymlinkLoop,
        Some(22) => ErrorKind::InvalidArgument,
        Some(13) => ErrorKind::PermissionDenied,
        Some(1) => ErrorKind::NotPermitted,
        Some(28) | Some(27) => ErrorKind::NoSpace,
        Some(_) => {
            // Keep the OS's own text (`Read-only file system`) without Rust's ` (os error N)` suffix.
            let text = e.to_string();
            let message = text.split(" (os error").next().unwrap_or(&text).to_string();
            return SysError { kind: ErrorKind::Unsupported, message };
        }
        None => match e.kind() {
            io::ErrorKind::NotFound => ErrorKind::NotFound,
            io::ErrorKind::AlreadyExists => ErrorKind::AlreadyExists,
            io::ErrorKind::PermissionDenied => ErrorKind::PermissionDenied,
            io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => ErrorKind::InvalidArgument,
            _ => ErrorKind::Unsupported,
        },
    };
    SysError::new(kind)
}

fn convert(meta: &fs::Metadata) -> FileStat {
    let file_type = meta.file_type();
    let kind = if file_type.is_symlink() {
        FileType::Symlink
    } else if file_type.is_dir() {
        FileType::Dir
    } else {
        FileType::File
    };
    FileStat {
        kind,
        mode: meta.mode() & 0o7777,
        uid: meta.uid(),
        gid: meta.gid(),
        size: if kind == FileType::Dir { 0 } else { meta.size() },
        mtime: meta.mtime(),
    }
}

fn virtual_stat() -> FileStat {
    FileStat { kind: FileType::File, mode: 0o755, uid: 0, gid: 0, size: BUSYBOX_STUB.len() as u64, mtime: 0 }
}

/// The NAME of a `#!/layerlab/applet NAME` file, if `data` is one.
fn applet_name(data: &[u8]) -> Option<String> {
    let rest = data.strip_prefix(b"#!/layerlab/applet")?;
    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    Some(String::from_utf8_lossy(&rest[..end]).trim().to_string())
}

/// Sets the exact permission bits of a file minibox just created (the process umask must not apply twice).
fn set_mode(path: &str, mode: u32) -> Result<(), SysError> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode & 0o7777)).map_err(|e| sys_error(&e))
}

fn open_and_write(path: &str, data: &[u8], mode: u32, append: bool) -> Result<(), SysError> {
    let existed = fs::symlink_metadata(path).is_ok();
    let mut options = fs::OpenOptions::new();
    options.create(true).mode(mode & 0o777);
    if append {
        options.append(true);
    } else {
        options.write(true).truncate(true);
    }
    let mut file = options.open(path).map_err(|e| sys_error(&e))?;
    file.write_all(data).map_err(|e| sys_error(&e))?;
    if !existed {
        set_mode(path, mode)?;
    }
    Ok(())
}

impl System for RealSystem {
    fn stat(&self, path: &str) -> Result<FileStat, SysError> {
        if path == MULTICALL_PATH {
            return Ok(virtual_stat());
        }
        fs::metadata(path).map(|m| convert(&m)).map_err(|e| sys_error(&e))
    }

    fn lstat(&self, path: &str) -> Result<FileStat, SysError> {
        if path == MULTICALL_PATH {
            return Ok(virtual_stat());
        }
        fs::symlink_metadata(path).map(|m| convert(&m)).map_err(|e| sys_error(&e))
    }

    fn read(&self, path: &str) -> Result<Arc<[u8]>, SysError> {
        if path == MULTICALL_PATH {
            return Ok(Arc::from(BUSYBOX_STUB));
        }
        if fs::metadata(path).is_ok_and(|m| self.is_self(&m)) {
            return Ok(Arc::from(BUSYBOX_STUB));
        }
        let data = fs::read(path).map_err(|e| sys_error(&e))?;
        if let Some(name) = applet_name(&data) {
            if SIMULATED_ONLY.contains(&name.as_str()) {
                let script = format!("echo '{}' >&2\nexit 127\n", not_in_image_message(&name));
                return Ok(Arc::from(script.into_bytes()));
            }
        }
        Ok(Arc::from(data))
    }

    fn write(&mut self, path: &str, data: &[u8], mode: u32) -> Result<(), SysError> {
        open_and_write(path, data, mode, false)
    }

    fn append(&mut self, path: &str, data: &[u8], mode: u32) -> Result<(), SysError> {
        open_and_write(path, data, mode, true)
    }

    fn mkdir(&mut self, path: &str, mode: u32) -> Result<(), SysError> {
        fs::DirBuilder::new().mode(mode & 0o777).create(path).map_err(|e| sys_error(&e))?;
        set_mode(path, mode)
    }

    fn remove(&mut self, path: &str, recursive: bool) -> Result<(), SysError> {
        let meta = fs::symlink_metadata(path).map_err(|e| sys_error(&e))?;
        let result = if meta.is_dir() {
            if recursive {
                fs::remove_dir_all(path)
            } else {
                fs::remove_dir(path)
            }
        } else {
            fs::remove_file(path)
        };
        result.map_err(|e| sys_error(&e))
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), SysError> {
        fs::rename(from, to).map_err(|e| sys_error(&e))
    }

    fn symlink(&mut self, target: &str, link: &str) -> Result<(), SysError> {
        std::os::unix::fs::symlink(target, link).map_err(|e| sys_error(&e))
    }

    fn read_link(&self, path: &str) -> Result<String, SysError> {
        fs::read_link(path).map(|p| p.to_string_lossy().into_owned()).map_err(|e| sys_error(&e))
    }

    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, SysError> {
        let mut entries = Vec::new();
        for entry in fs::read_dir(path).map_err(|e| sys_error(&e))? {
            let entry = entry.map_err(|e| sys_error(&e))?;
            // An entry removed while listing is skipped, as ls does.
            let Ok(meta) = fs::symlink_metadata(entry.path()) else { continue };
            entries.push(DirEntry { name: entry.file_name().to_string_lossy().into_owned(), stat: convert(&meta) });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    fn chmod(&mut self, path: &str, mode: u32) -> Result<(), SysError> {
        set_mode(path, mode)
    }

    fn chown(&mut self, path: &str, uid: Option<u32>, gid: Option<u32>) -> Result<(), SysError> {
        std::os::unix::fs::chown(path, uid, gid).map_err(|e| sys_error(&e))
    }

    fn hostname(&self) -> String {
        ["/proc/sys/kernel/hostname", "/etc/hostname"]
            .iter()
            .filter_map(|path| fs::read_to_string(path).ok())
            .map(|text| text.trim().to_string())
            .find(|name| !name.is_empty())
            .unwrap_or_else(|| "localhost".to_string())
    }

    fn arch(&self) -> String {
        std::env::consts::ARCH.to_string()
    }

    fn now(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }

    /// Really sleeps (`sleep infinity` keeps a container running), a day at a time.
    fn sleep(&mut self, seconds: f64) {
        let mut left = seconds;
        while left > 0.0 {
            let step = left.min(86_400.0);
            std::thread::sleep(std::time::Duration::from_secs_f64(step));
            left -= step;
        }
    }
}
