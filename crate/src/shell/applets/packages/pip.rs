//! `pip`/`pip3`: `install` (names or `-r requirements.txt`; `--no-cache-dir`, `--user`, `-U`, `-q`,
//! `--break-system-packages`), `uninstall -y`, `list`, `freeze`, `show`, `--version`. Packages land in the
//! interpreter's site-packages; downloads are kept in `~/.cache/pip` unless `--no-cache-dir`. A Python whose
//! distribution marks it EXTERNALLY-MANAGED (PEP 668) refuses, as the real pip does.

use super::{honest_line, install_specs, platform, read_text, remove_specs};
use crate::images::packages::{self, pip_index, InstallDirs, Package, PAYLOAD_FILE};
use crate::images::{FileSpec, OsFamily};
use crate::shell::applets::Cx;
use crate::shell::interp::R;

/// Where this tree's Python keeps packages, where console scripts go, and the Python version.
struct Layout {
    site: String,
    bin: String,
    python: String,
    externally_managed: Option<String>,
}

fn newest_python(cx: &mut Cx, lib: &str, needs_site_packages: bool) -> Option<String> {
    let entries = cx.sys.read_dir(lib).ok()?;
    let mut versions: Vec<String> = entries
        .iter()
        .filter(|e| {
            e.stat.is_dir() && e.name.starts_with("python3.") && e.name[8..].bytes().all(|b| b.is_ascii_digit())
        })
        .map(|e| e.name.clone())
        .filter(|name| {
            !needs_site_packages || cx.sys.stat(&format!("{lib}/{name}/site-packages")).is_ok_and(|s| s.is_dir())
        })
        .collect();
    versions.sort_by_key(|v| v[8..].parse::<u32>().unwrap_or(0));
    versions.pop()
}

fn layout(cx: &mut Cx, user: bool) -> Option<Layout> {
    let (distro, _) = platform(cx);
    // The python image: /usr/local/lib/python3.X/site-packages. Otherwise the distribution's python in /usr/lib.
    let (python, site, bin, marker) = if let Some(python) = newest_python(cx, "/usr/local/lib", true) {
        let site = format!("/usr/local/lib/{python}/site-packages");
        let marker = format!("/usr/local/lib/{python}/EXTERNALLY-MANAGED");
        (python, site, "/usr/local/bin".to_string(), marker)
    } else {
        let python = newest_python(cx, "/usr/lib", false)?;
        let marker = format!("/usr/lib/{python}/EXTERNALLY-MANAGED");
        if distro.is_some_and(|d| d.family() == OsFamily::Alpine) {
            (python.clone(), format!("/usr/lib/{python}/site-packages"), "/usr/bin".to_string(), marker)
        } else {
            // Debian and Ubuntu: pip installs into /usr/local, beside the distribution's dist-packages.
            (python.clone(), format!("/usr/local/lib/{python}/dist-packages"), "/usr/local/bin".to_string(), marker)
        }
    };
    let externally_managed = cx.sys.stat(&marker).is_ok().then_some(marker);
    if user {
        let home = cx.getenv("HOME").unwrap_or_else(|| "/root".to_string());
        let home = home.trim_end_matches('/');
        return Some(Layout {
            site: format!("{home}/.local/lib/{python}/site-packages"),
            bin: format!("{home}/.local/bin"),
            python,
            externally_managed,
        });
    }
    Some(Layout { site, bin, python, externally_managed })
}

/// A requirement's project name (`flask==3.0.3`, `requests[socks]>=2`, `uvicorn ; python_version>"3.8"`).
fn requirement_name(line: &str) -> &str {
    let end = line.find(['=', '<', '>', '!', '~', ';', '[', ' ', '@', '(']).unwrap_or(line.len());
    line[..end].trim()
}

/// Reads a requirements file, following `-r other.txt` (a few levels deep).
fn read_requirements(cx: &mut Cx, file: &str, depth: usize, out: &mut Vec<String>) -> Result<(), String> {
    if depth > 8 {
        return Err(format!("{file}: requirements files include each other too deeply"));
    }
    let path = cx.abs(file);
    let text = match read_text(cx, &path) {
        Some(t) => t,
        None => return Err(format!("Could not open requirements file: [Errno 2] No such file or directory: '{file}'")),
    };
    for raw in text.lines() {
        let line = raw.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(inner) = line.strip_prefix("-r ").or_else(|| line.strip_prefix("--requirement ")) {
            let dir = crate::shell::applets::info::dir_name(file);
            let inner = inner.trim();
            let next = if inner.starts_with('/') { inner.to_string() } else { format!("{dir}/{inner}") };
            read_requirements(cx, &next, depth + 1, out)?;
            continue;
        }
        if line.starts_with('-') {
            // --index-url, --extra-index-url, -e …: nothing to fetch from in the playground.
            continue;
        }
        out.push(line.to_string());
    }
    Ok(())
}

fn wheel_name(p: &Package) -> String {
    format!("{}-{}-py3-none-any.whl", p.name.replace('-', "_").to_lowercase(), p.version)
}

fn kb(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{:.0} kB", (bytes as f64 / 1000.0).max(1.0))
    }
}

/// The names of what is installed in `site`, read from its `*.dist-info` directories: (name, version).
fn installed_dists(cx: &mut Cx, site: &str) -> Vec<(String, String)> {
    let Ok(entries) = cx.sys.read_dir(site) else { return Vec::new() };
    let mut out = Vec::new();
    for entry in entries.iter().filter(|e| e.name.ends_with(".dist-info")) {
        let stem = entry.name.trim_end_matches(".dist-info");
        let metadata = read_text(cx, &format!("{site}/{}/METADATA", entry.name)).unwrap_or_default();
        let field = |key: &str| metadata.lines().find_map(|l| l.strip_prefix(key)).map(|v| v.trim().to_string());
        let (name, version) = match (field("Name:"), field("Version:")) {
            (Some(n), Some(v)) => (n, v),
            _ => match stem.rsplit_once('-') {
                Some((n, v)) => (n.to_string(), v.to_string()),
                None => continue,
            },
        };
        out.push((name, version));
    }
    out.sort_by_key(|(n, _)| n.to_lowercase());
    out
}

pub fn pip(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let mut operands = Vec::new();
    let mut requirements = Vec::new();
    let mut no_cache = cx.getenv("PIP_NO_CACHE_DIR").is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
    let mut user = false;
    let mut quiet = false;
    let mut yes = false;
    let mut break_system = cx.getenv("PIP_BREAK_SYSTEM_PACKAGES").is_some_and(|v| v == "1" || v == "true");
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        match arg.as_str() {
            "-V" | "--version" if operands.is_empty() => {
                let python = layout(cx, false).map(|l| l.python).unwrap_or_else(|| "python3.12".to_string());
                cx.outs(&format!(
                    "pip 24.2 from /usr/local/lib/{python}/site-packages/pip ({}) (simulated by layerlab)\n",
                    python.replace("python", "python ")
                ))?;
                return Ok(0);
            }
            "-r" | "--requirement" => {
                if let Some(file) = args.get(i) {
                    requirements.push(file.clone());
                    i += 1;
                }
            }
            "--no-cache-dir" => no_cache = true,
            "--user" => user = true,
            "-q" | "--quiet" | "-qq" => quiet = true,
            "-y" | "--yes" => yes = true,
            "--break-system-packages" => break_system = true,
            "-i" | "--index-url" | "--extra-index-url" | "-c" | "--constraint" | "-t" | "--target" | "--prefix"
            | "-f" | "--find-links" | "--trusted-host" | "--root" => i += 1,
            a if a.starts_with("-r") && a.len() > 2 => requirements.push(a[2..].to_string()),
            a if a.starts_with('-') => {}
            _ => operands.push(arg.clone()),
        }
    }
    let Some(command) = operands.first().cloned() else {
        cx.outs("\nUsage:   \n  pip <command> [options]\n\n(simulated by layerlab)\n")?;
        return Ok(0);
    };
    let Some(layout) = layout(cx, user) else {
        cx.errs("layerlab: no Python installation found in this tree for pip to install into\n")?;
        return Ok(1);
    };
    let (_, arch) = platform(cx);
    let index = pip_index(arch);
    let dirs = InstallDirs::pip(&layout.site, &layout.bin);
    match command.as_str() {
        "install" => {
            let mut wanted: Vec<String> = operands[1..].to_vec();
            for file in &requirements {
                if let Err(message) = read_requirements(cx, file, 0, &mut wanted) {
                    cx.errs(&format!("ERROR: {message}\n"))?;
                    return Ok(1);
                }
            }
            if wanted.is_empty() {
                cx.errs("ERROR: You must give at least one requirement to install (see \"pip help install\")\n")?;
                return Ok(1);
            }
            if let Some(marker) = &layout.externally_managed {
                if !break_system && !user {
                    let manager = if marker.starts_with("/usr/lib") && cx.sys.stat("/sbin/apk").is_ok() {
                        "apk add\n    py3-xyz"
                    } else {
                        "apt install\n    python3-xyz"
                    };
                    cx.errs(&format!(
                        "error: externally-managed-environment\n\n× This environment is externally managed\n╰─> To install Python packages system-wide, try {manager}, where xyz is the package you are trying to\n    install.\n\n    If you wish to install a non-Debian-packaged Python package,\n    create a virtual environment using python3 -m venv path/to/venv.\n    Then use path/to/venv/bin/python and path/to/venv/bin/pip. Make\n    sure you have python3-full installed.\n\nnote: If you believe this is a mistake, please contact your Python installation or OS distribution provider. You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.\nhint: See PEP 668 for the detailed specification.\n"
                    ))?;
                    return Ok(1);
                }
            }
            if cx.uid() != 0 && !user {
                cx.errs(&format!("ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: '{}'\nConsider using the `--user` option or check the permissions.\n\n", layout.site))?;
                return Ok(1);
            }
            honest_line(cx, "pip")?;
            let names: Vec<&str> = wanted.iter().map(|w| requirement_name(w)).filter(|n| !n.is_empty()).collect();
            let mut out = String::new();
            for name in &names {
                if index.get(name).is_none() {
                    out.push_str(&format!("ERROR: Could not find a version that satisfies the requirement {name} (from versions: none)\nERROR: No matching distribution found for {name}\n"));
                    cx.errs(&out)?;
                    return Ok(1);
                }
            }
            let resolved = match packages::resolve(&index, &names) {
                Ok(r) => r,
                Err(unknown) => {
                    cx.errs(&format!("ERROR: Could not find a version that satisfies the requirement {} (from versions: none)\nERROR: No matching distribution found for {}\n", unknown.name, unknown.name))?;
                    return Ok(1);
                }
            };
            let present = installed_dists(cx, &layout.site);
            let is_present = |p: &Package| {
                present.iter().any(|(n, v)| index.get(n).is_some_and(|q| q.name == p.name) && *v == p.version)
            };
            // pip prints in the order it discovers requirements: the named ones first, then their dependencies.
            let mut discovery: Vec<&Package> = Vec::new();
            for name in &names {
                if let Some(p) = index.get(name) {
                    if !discovery.iter().any(|d| d.name == p.name) {
                        discovery.push(p);
                    }
                }
            }
            let mut k = 0;
            while k < discovery.len() {
                let current = discovery[k];
                for dep in &current.depends {
                    if let Some(p) = dep.split('|').find_map(|alt| index.get(alt.trim())) {
                        if !discovery.iter().any(|d| d.name == p.name) {
                            discovery.push(p);
                        }
                    }
                }
                k += 1;
            }
            let mut fresh: Vec<&Package> = Vec::new();
            for p in &discovery {
                if is_present(p) {
                    out.push_str(&format!(
                        "Requirement already satisfied: {} in {} ({})\n",
                        p.name, layout.site, p.version
                    ));
                    continue;
                }
                let requested = names.iter().any(|n| index.get(n).is_some_and(|q| q.name == p.name));
                if requested {
                    out.push_str(&format!("Collecting {}\n", p.name));
                } else {
                    let parent = discovery
                        .iter()
                        .find(|d| {
                            d.depends
                                .iter()
                                .any(|x| x.split('|').any(|a| index.get(a.trim()).is_some_and(|q| q.name == p.name)))
                        })
                        .map(|d| d.name.clone())
                        .unwrap_or_default();
                    out.push_str(&format!("Collecting {} (from {parent})\n", p.name));
                }
                let wheel = u64::from(p.size_kb) * 1024 / 3;
                out.push_str(&format!(
                    "  Downloading {}.metadata ({})\n",
                    wheel_name(p),
                    kb(wheel.min(9000) / 3 + 800)
                ));
                fresh.push(p);
            }
            for p in &fresh {
                out.push_str(&format!("Downloading {} ({})\n", wheel_name(p), kb(u64::from(p.size_kb) * 1024 / 3)));
            }
            if !quiet {
                cx.outs(&std::mem::take(&mut out))?;
            }
            let install_order: Vec<&&Package> = resolved.iter().filter(|p| !is_present(p)).collect();
            if install_order.is_empty() {
                return Ok(0);
            }
            let home = cx.getenv("HOME").unwrap_or_else(|| "/root".to_string());
            for p in &install_order {
                let specs = p.files(&dirs);
                if let Err(message) = install_specs(cx, &specs)? {
                    cx.errs(&format!("ERROR: Could not install packages due to an OSError: {message}\n"))?;
                    return Ok(1);
                }
                if !no_cache {
                    // pip keeps downloaded wheels in its HTTP cache.
                    let payload: Vec<u8> = specs
                        .iter()
                        .find_map(|s| match s {
                            FileSpec::File { path, content, .. } if path.ends_with(PAYLOAD_FILE) => {
                                Some(content[..content.len() / 3].to_vec())
                            }
                            _ => None,
                        })
                        .unwrap_or_default();
                    let digest = format!("{:032x}", sha_hex(&wheel_name(p)));
                    let path = format!(
                        "{}/.cache/pip/http-v2/{}/{}/{}/{}/{}/{digest}.body",
                        home.trim_end_matches('/'),
                        &digest[0..1],
                        &digest[1..2],
                        &digest[2..3],
                        &digest[3..4],
                        &digest[4..5]
                    );
                    let _ = install_specs(
                        cx,
                        &[FileSpec::File { path, mode: 0o600, uid: cx.uid(), gid: cx.gid(), content: payload }],
                    )?;
                }
            }
            if !quiet {
                let mut names_sorted: Vec<String> = install_order.iter().map(|p| p.name.clone()).collect();
                let shown: Vec<String> = install_order.iter().map(|p| p.name.clone()).collect();
                out.push_str(&format!("Installing collected packages: {}\n", shown.join(", ")));
                names_sorted.sort_by_key(|n| n.to_lowercase());
                let success: Vec<String> = names_sorted
                    .iter()
                    .filter_map(|n| index.get(n).map(|p| format!("{}-{}", p.name, p.version)))
                    .collect();
                out.push_str(&format!("Successfully installed {}\n", success.join(" ")));
                if cx.uid() == 0 && !user {
                    out.push_str("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager, possibly rendering your system unusable. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you know what you are doing and want to suppress this warning.\n");
                }
                cx.outs(&out)?;
            }
            Ok(0)
        }
        "uninstall" => {
            let mut status = 0;
            for name in &operands[1..] {
                let installed = installed_dists(cx, &layout.site);
                match index
                    .get(name)
                    .filter(|p| installed.iter().any(|(n, _)| index.get(n).is_some_and(|q| q.name == p.name)))
                {
                    Some(p) => {
                        if !yes {
                            cx.outs(&format!("Found existing installation: {} {}\nUninstalling {}-{}:\n  Would remove:\n    {}/{}\nProceed (Y/n)? \nERROR: no terminal to answer (use pip uninstall -y)\n", p.name, p.version, p.name, p.version, layout.site, p.name))?;
                            return Ok(1);
                        }
                        let specs = p.files(&dirs);
                        remove_specs(cx, &specs)?;
                        cx.outs(&format!("Found existing installation: {} {}\nUninstalling {}-{}:\n  Successfully uninstalled {}-{}\n", p.name, p.version, p.name, p.version, p.name, p.version))?;
                    }
                    None => {
                        cx.errs(&format!("WARNING: Skipping {name} as it is not installed.\n"))?;
                        status = 0;
                    }
                }
            }
            Ok(status)
        }
        "list" => {
            let installed = installed_dists(cx, &layout.site);
            let width = installed.iter().map(|(n, _)| n.len()).max().unwrap_or(7).max(7);
            let mut text = format!("{:<width$} Version\n{} -------\n", "Package", "-".repeat(width));
            for (name, version) in &installed {
                text.push_str(&format!("{name:<width$} {version}\n"));
            }
            cx.outs(&text)?;
            Ok(0)
        }
        "freeze" => {
            let text: String = installed_dists(cx, &layout.site)
                .iter()
                .filter(|(n, _)| n != "pip")
                .map(|(n, v)| format!("{n}=={v}\n"))
                .collect();
            cx.outs(&text)?;
            Ok(0)
        }
        "show" => {
            let installed = installed_dists(cx, &layout.site);
            let mut status = 0;
            for name in &operands[1..] {
                match installed.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    Some((n, v)) => {
                        let summary = index.get(n).map(|p| p.description).unwrap_or("");
                        cx.outs(&format!("Name: {n}\nVersion: {v}\nSummary: {summary}\nLocation: {}\n", layout.site))?;
                    }
                    None => {
                        cx.errs(&format!("WARNING: Package(s) not found: {name}\n"))?;
                        status = 1;
                    }
                }
            }
            Ok(status)
        }
        "cache" => {
            if operands.get(1).is_some_and(|c| c == "purge") {
                let home = cx.getenv("HOME").unwrap_or_else(|| "/root".to_string());
                let _ = cx.sys.remove(&format!("{}/.cache/pip", home.trim_end_matches('/')), true);
                cx.outs("Files removed: 0 (simulated cache emptied)\n")?;
                return Ok(0);
            }
            cx.errs("layerlab: only `pip cache purge` is simulated\n")?;
            Ok(1)
        }
        other => {
            cx.errs(&format!("ERROR: unknown command \"{other}\" (or not simulated by layerlab)\n"))?;
            Ok(1)
        }
    }
}

/// A short stable number for cache file names.
fn sha_hex(text: &str) -> u128 {
    use sha2::{Digest as _, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    u128::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_names() {
        assert_eq!(requirement_name("flask==3.0.3"), "flask");
        assert_eq!(requirement_name("requests[socks]>=2"), "requests");
        assert_eq!(requirement_name("uvicorn ; python_version > \"3.8\""), "uvicorn");
        assert_eq!(requirement_name("numpy"), "numpy");
    }
}
