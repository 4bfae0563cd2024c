//! Reads a build context directory from disk into the core's `BuildContext` value: files with their permission
//! bits, directories, and symlinks as links. Names that are not UTF-8 are refused with the path shown.
//!
//! Each file is read straight into the shared buffer that the context, the build's file trees and the layer tar
//! writer all point at, so a context costs one copy of its bytes in memory (no intermediate `Vec` to copy from).

use layerlab::build::context::BuildContext;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

pub fn read(root: &Path) -> io::Result<BuildContext> {
    let meta = std::fs::metadata(root)
        .map_err(|e| io::Error::new(e.kind(), format!("unable to prepare context: {}: {e}", root.display())))?;
    if !meta.is_dir() {
        return Err(io::Error::other(format!("unable to prepare context: {} is not a directory", root.display())));
    }
    let mut context = BuildContext::new();
    let mut pending = vec![String::new()];
    while let Some(relative) = pending.pop() {
        let dir = root.join(&relative);
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?
            .collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return Err(io::Error::other(format!(
                    "{}: the file name is not valid UTF-8; rename it (layerlab keeps names as text)",
                    entry.path().display()
                )));
            };
            let path = if relative.is_empty() { name.to_string() } else { format!("{relative}/{name}") };
            let file_type = entry.file_type()?;
            let invalid = |e: layerlab::build::context::ContextError| io::Error::other(e.to_string());
            if file_type.is_symlink() {
                let target = std::fs::read_link(entry.path())?;
                context.add_symlink(&path, &target.to_string_lossy()).map_err(invalid)?;
            } else if file_type.is_dir() {
                context.add_dir(&path, mode_of(&entry.metadata()?)).map_err(invalid)?;
                pending.push(path);
            } else if file_type.is_file() {
                let data = read_shared(&entry.path())?;
                context.add_file(&path, data, mode_of(&entry.metadata()?)).map_err(invalid)?;
            }
        }
    }
    Ok(context)
}

/// A file's bytes in an `Arc<[u8]>` allocated at the file's size and read into in place. A file that changes size
/// while it is read is read again the ordinary way.
fn read_shared(path: &Path) -> io::Result<Arc<[u8]>> {
    let failed = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    let mut file = std::fs::File::open(path).map_err(failed)?;
    let len = file.metadata().map_err(failed)?.len();
    let Ok(len) = usize::try_from(len) else {
        return Err(io::Error::other(format!("{}: the file is too large for this machine's memory", path.display())));
    };
    // Collecting an exact-length iterator allocates the `Arc` once, at its final size.
    let mut data: Arc<[u8]> = std::iter::repeat_n(0u8, len).collect();
    let read_whole = match Arc::get_mut(&mut data) {
        Some(buffer) => match file.read_exact(buffer) {
            Ok(()) => file.read(&mut [0u8; 1]).map_err(failed)? == 0,
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => false,
            Err(e) => return Err(failed(e)),
        },
        None => false,
    };
    if read_whole {
        Ok(data)
    } else {
        Ok(std::fs::read(path).map_err(failed)?.into())
    }
}

#[cfg(unix)]
fn mode_of(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(meta: &std::fs::Metadata) -> u32 {
    if meta.is_dir() {
        0o755
    } else {
        0o644
    }
}
