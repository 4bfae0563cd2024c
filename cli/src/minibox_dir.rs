//! Finding the minibox binaries the catalog's images carry (so that exported images run in a real engine): the
//! `--minibox DIR` option, else `LAYERLAB_MINIBOX_DIR`, else a `minibox/` directory beside the executable or one
//! level up (`target/minibox/` when the CLI runs from `target/release/`, where `cargo xtask minibox` puts them).
//! A directory holds `minibox-amd64` and `minibox-arm64`.

use layerlab::images::{Arch, Minibox};
use std::io;
use std::path::{Path, PathBuf};

/// The environment variable naming the directory of minibox binaries.
pub const ENV: &str = "LAYERLAB_MINIBOX_DIR";

/// The file name of the binary for `arch` in a minibox directory.
pub fn file_name(arch: Arch) -> String {
    format!("minibox-{}", arch.as_str())
}

/// What the search found for one architecture.
pub enum Found {
    /// The binary, loaded, and where it came from.
    Binary(Minibox, PathBuf),
    /// Nothing in the default places (the places looked at): catalog images keep text placeholders.
    Nothing(Vec<PathBuf>),
}

/// Loads the binary for `arch`. A directory named explicitly (option or environment) must hold it; the default
/// places are optional.
pub fn find(explicit: Option<&Path>, arch: Arch) -> io::Result<Found> {
    let named =
        explicit.map(Path::to_path_buf).or_else(|| std::env::var_os(ENV).filter(|v| !v.is_empty()).map(Into::into));
    if let Some(dir) = named {
        let path = dir.join(file_name(arch));
        return load(&path, arch).map(|minibox| Found::Binary(minibox, path));
    }
    let mut looked = Vec::new();
    if let Some(exe_dir) = std::env::current_exe().ok().and_then(|exe| exe.parent().map(Path::to_path_buf)) {
        for dir in [exe_dir.join("minibox"), exe_dir.join("..").join("minibox")] {
            let path = dir.join(file_name(arch));
            if path.is_file() {
                return load(&path, arch).map(|minibox| Found::Binary(minibox, path));
            }
            looked.push(path);
        }
    }
    Ok(Found::Nothing(looked))
}

fn load(path: &Path, arch: Arch) -> io::Result<Minibox> {
    let bytes =
        std::fs::read(path).map_err(|e| io::Error::new(e.kind(), format!("minibox {}: {e}", path.display())))?;
    let mut minibox = Minibox::none();
    let found = minibox
        .add(&bytes)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("minibox {}: {e}", path.display())))?;
    if found != arch {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("minibox {}: built for {}, not {}", path.display(), found.as_str(), arch.as_str()),
        ));
    }
    Ok(minibox)
}
