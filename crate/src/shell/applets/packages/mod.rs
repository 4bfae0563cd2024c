//! The simulated package managers — `apk`, `apt-get`/`apt`/`dpkg`, `npm`, `pip` — over the package universes of
//! [`crate::images::packages`]: they resolve dependencies, write each package's files into the tree, keep the real
//! databases (`/lib/apk/db/installed`, `/var/lib/dpkg/status`, `package-lock.json` …) and print what the real tools
//! print. Nothing is downloaded; every install says so in its first line.

pub mod apk;
pub mod apt;
pub mod npm;
pub mod pip;

use super::Cx;
use crate::images::packages::Package;
use crate::images::{Arch, Distro, FileSpec};
use crate::shell::interp::R;
use crate::shell::system::ErrorKind;

/// The first line of every install: what is simulated and where packages come from.
pub fn honest_line(cx: &mut Cx, tool: &str) -> R<()> {
    cx.outs(&format!("layerlab: simulated {tool} — nothing is downloaded; packages come from layerlab's catalog\n"))
}

/// The release the tree belongs to (from `/etc/os-release`) and the machine.
pub fn platform(cx: &mut Cx) -> (Option<Distro>, Arch) {
    let arch = Arch::parse(&cx.sys.arch()).unwrap_or(Arch::Amd64);
    let distro = ["/etc/os-release", "/usr/lib/os-release"]
        .iter()
        .find_map(|path| read_text(cx, path))
        .and_then(|text| Distro::from_os_release(&text));
    (distro, arch)
}

pub fn read_text(cx: &mut Cx, path: &str) -> Option<String> {
    cx.sh.flush_pending(cx.sys, path);
    cx.sys.read(path).ok().map(|data| String::from_utf8_lossy(&data).into_owned())
}

/// Writes a whole file, creating its parent directories.
pub fn write_text(cx: &mut Cx, path: &str, text: &str, mode: u32) -> Result<(), String> {
    make_parents(cx, path)?;
    cx.sys.write(path, text.as_bytes(), mode).map_err(|e| format!("{path}: {e}"))
}

fn make_parents(cx: &mut Cx, path: &str) -> Result<(), String> {
    let mut current = String::new();
    let comps: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    for comp in comps.iter().take(comps.len().saturating_sub(1)) {
        current.push('/');
        current.push_str(comp);
        match cx.sys.stat(&current) {
            Ok(stat) if stat.is_dir() => {}
            Ok(_) => return Err(format!("{current}: Not a directory")),
            Err(_) => cx.sys.mkdir(&current, 0o755).map_err(|e| format!("{current}: {e}"))?,
        }
    }
    Ok(())
}

/// Writes package entries into the tree (directories that exist are kept as they are).
pub fn install_specs(cx: &mut Cx, specs: &[FileSpec]) -> R<Result<(), String>> {
    for spec in specs {
        cx.step()?;
        let result = match spec {
            FileSpec::Dir { path, mode, uid, gid } => match cx.sys.lstat(path) {
                Ok(stat) if stat.is_dir() => Ok(()),
                Ok(_) => cx.sys.stat(path).map(|_| ()),
                Err(_) => make_parents(cx, path)
                    .map_err(|m| crate::shell::system::SysError { kind: ErrorKind::NotFound, message: m })
                    .and_then(|()| cx.sys.mkdir(path, *mode))
                    .and_then(|()| cx.sys.chmod(path, *mode))
                    .and_then(|()| cx.sys.chown(path, Some(*uid), Some(*gid))),
            },
            FileSpec::File { path, mode, uid, gid, content } => {
                if let Err(message) = make_parents(cx, path) {
                    return Ok(Err(message));
                }
                if cx.sys.lstat(path).is_ok_and(|s| s.is_symlink()) {
                    let _ = cx.sys.remove(path, false);
                }
                cx.sys
                    .write(path, content, *mode)
                    .and_then(|()| cx.sys.chmod(path, *mode))
                    .and_then(|()| cx.sys.chown(path, Some(*uid), Some(*gid)))
            }
            FileSpec::Symlink { path, target } => {
                if let Err(message) = make_parents(cx, path) {
                    return Ok(Err(message));
                }
                if let Ok(stat) = cx.sys.lstat(path) {
                    if stat.is_dir() {
                        continue;
                    }
                    let _ = cx.sys.remove(path, false);
                }
                cx.sys.symlink(target, path)
            }
        };
        if let Err(e) = result {
            return Ok(Err(format!("{}: {e}", spec.path())));
        }
    }
    Ok(Ok(()))
}

/// Removes what a package installed: its files and links, then those of its directories that are left empty.
pub fn remove_specs(cx: &mut Cx, specs: &[FileSpec]) -> R<()> {
    for spec in specs.iter().rev() {
        cx.step()?;
        match spec {
            FileSpec::Dir { path, .. } => {
                if cx.sys.read_dir(path).is_ok_and(|entries| entries.is_empty()) {
                    let _ = cx.sys.remove(path, false);
                }
            }
            _ => {
                let _ = cx.sys.remove(spec.path(), false);
            }
        }
    }
    Ok(())
}

/// Looks up installed `(name, version)` pairs in a package database text.
pub fn installed(database: &str) -> Vec<(String, String)> {
    crate::images::packages::installed_packages(database)
}

/// Names of packages, for messages.
pub fn names(packages: &[&Package]) -> Vec<String> {
    packages.iter().map(|p| p.name.clone()).collect()
}

/// Breaks a list of words into lines of at most 80 columns with a two-space indent (apt's package lists).
pub fn wrap_list(words: &[String]) -> String {
    let mut out = String::new();
    let mut line = String::from(" ");
    for word in words {
        if line.len() + 1 + word.len() > 79 && line.len() > 1 {
            out.push_str(&line);
            out.push('\n');
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(word);
    }
    if line.len() > 1 {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apt_style_lists_wrap_at_80_columns() {
        let words: Vec<String> = (0..30).map(|i| format!("package-{i}")).collect();
        let text = wrap_list(&words);
        assert!(text.lines().all(|l| l.len() <= 80 && l.starts_with("  ")));
        assert_eq!(text.split_whitespace().count(), 30);
    }
}
