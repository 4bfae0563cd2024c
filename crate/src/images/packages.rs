//! The simulated package universes that `apk`, `apt-get`, `npm` and `pip` install from: real package names, plausible
//! versions, real-world installed sizes (catalog figures), dependency graphs (trimmed to the packages listed here),
//! and the files each package installs, generated at run time from compact tables.
//!
//! Size scale: a package's files are small placeholders plus ONE filler file (`.layerlab-payload`) of
//! deterministic printable bytes sized at 1/[`SIZE_SCALE`] of the real installed size. Layer sizes therefore keep
//! the real proportions (git on Ubuntu weighs more than git on Alpine; `rm -rf /var/lib/apt/lists/*` saves a lot)
//! while the browser's memory and the exported images stay small. Multiply a measured size by `SIZE_SCALE` to
//! compare it with the real world, and say that you did.
//!
//! The same module writes the package databases in their real formats (`/lib/apk/db/installed`,
//! `/var/lib/dpkg/status`, `/var/lib/dpkg/info/*.list`) and the index files `apt-get update` and `apk update`
//! leave behind, so the catalog's base images and the shell's package managers agree byte for byte.

mod apk_data;
mod apt_data;
mod npm_data;
mod pip_data;

use super::distro::{Arch, Distro, OsFamily};
use super::tree::{
    applet_file, base64, hex, join, json_escape, normalize, parent, placeholder, relative, simulated_program,
    version_line,
};
use super::FileSpec;
use sha2::{Digest as _, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Measured bytes are the real installed size divided by this (see the module documentation).
pub const SIZE_SCALE: u64 = 20;

/// The name of the filler file every installed package carries.
pub const PAYLOAD_FILE: &str = ".layerlab-payload";

/// Which package manager a package belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Manager {
    Apk,
    Apt,
    Npm,
    Pip,
}

impl Manager {
    pub fn name(self) -> &'static str {
        match self {
            Manager::Apk => "apk",
            Manager::Apt => "apt",
            Manager::Npm => "npm",
            Manager::Pip => "pip",
        }
    }
}

/// Where npm and pip put what they install (apk and apt packages have absolute paths and ignore this).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallDirs {
    /// The `node_modules` directory (`/app/node_modules`, or `/usr/local/lib/node_modules` for `npm install -g`).
    pub node_modules: String,
    /// Where npm links package executables (`/app/node_modules/.bin`, or `/usr/local/bin` for `-g`).
    pub npm_bin: String,
    /// pip's `site-packages` directory.
    pub site_packages: String,
    /// Where pip writes console scripts.
    pub script_bin: String,
}

impl Default for InstallDirs {
    /// Global npm installs and the python image's pip (`/usr/local/lib/python3.12/site-packages`).
    fn default() -> InstallDirs {
        InstallDirs {
            node_modules: "/usr/local/lib/node_modules".to_string(),
            npm_bin: "/usr/local/bin".to_string(),
            site_packages: "/usr/local/lib/python3.12/site-packages".to_string(),
            script_bin: "/usr/local/bin".to_string(),
        }
    }
}

impl InstallDirs {
    /// `npm install` inside the project directory `dir`.
    pub fn npm_project(dir: &str) -> InstallDirs {
        let node_modules = join(dir, "node_modules");
        InstallDirs { npm_bin: join(&node_modules, ".bin"), node_modules, ..InstallDirs::default() }
    }

    /// `pip install` into `site_packages`, console scripts into `script_bin`.
    pub fn pip(site_packages: &str, script_bin: &str) -> InstallDirs {
        InstallDirs {
            site_packages: normalize(site_packages),
            script_bin: normalize(script_bin),
            ..InstallDirs::default()
        }
    }
}

/// One package of an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    pub manager: Manager,
    pub name: String,
    /// The version as the manager writes it (`1:2.34.1-1ubuntu1.11`, `2.45.2-r0`, `4.21.1`).
    pub version: String,
    pub description: &'static str,
    /// The real installed size in KiB: a catalog figure, not a measurement.
    pub size_kb: u32,
    /// Dependencies by name; `a|b` means the first of the alternatives the index has.
    pub depends: Vec<String>,
    /// apt's Recommends (installed unless `--no-install-recommends`); empty elsewhere.
    pub recommends: Vec<String>,
    /// The package is the same for every architecture (`Architecture: all`, apk `noarch`).
    pub arch_independent: bool,
    pub arch: Arch,
    /// The release the package belongs to (None for npm and pip).
    pub distro: Option<Distro>,
    /// Executables the package provides (npm `bin`, pip console scripts).
    pub bins: Vec<String>,
    record: &'static str,
    dependency_ranges: Vec<String>,
}

impl Package {
    /// The upstream part of the version (no epoch, no distribution revision): what `--version` prints.
    pub fn upstream_version(&self) -> &str {
        let version = self.version.as_str();
        match self.manager {
            Manager::Apk => version.rsplit_once("-r").map(|(upstream, _)| upstream).unwrap_or(version),
            Manager::Apt => {
                let without_epoch = match version.split_once(':') {
                    Some((epoch, rest)) if epoch.chars().all(|c| c.is_ascii_digit()) => rest,
                    _ => version,
                };
                let upstream = without_epoch.rsplit_once('-').map(|(u, _)| u).unwrap_or(without_epoch);
                ["~dfsg", "+dfsg", ".dfsg", "~ds", "+ds"]
                    .iter()
                    .filter_map(|marker| upstream.find(marker))
                    .min()
                    .and_then(|cut| upstream.get(..cut))
                    .unwrap_or(upstream)
            }
            Manager::Npm | Manager::Pip => version,
        }
    }

    /// The bytes of the package's filler file (real installed size / [`SIZE_SCALE`]).
    pub fn payload_bytes(&self) -> u64 {
        u64::from(self.size_kb) * 1024 / SIZE_SCALE
    }

    /// Everything the package installs, including its filler file and the parent directories of every entry
    /// (as 0755 root directories: skip those that already exist), sorted by path.
    pub fn files(&self, dirs: &InstallDirs) -> Vec<FileSpec> {
        with_parents(self.entries(dirs, true))
    }

    /// The total bytes [`Package::files`] adds.
    pub fn installed_bytes(&self, dirs: &InstallDirs) -> u64 {
        self.entries(dirs, true).values().map(FileSpec::size).sum()
    }

    /// The package's own entries (no implied parents); base images leave out the filler.
    pub(crate) fn entries(&self, dirs: &InstallDirs, with_payload: bool) -> BTreeMap<String, FileSpec> {
        let mut out = BTreeMap::new();
        let upstream = self.upstream_version().to_string();
        let package_dir = join(&dirs.node_modules, &self.name);
        let dist_info = join(&dirs.site_packages, &format!("{}-{}.dist-info", dist_name(&self.name), self.version));
        let context = Ctx { distro: self.distro, arch: self.arch };
        let lookup = |name: &str| -> Option<String> {
            match name {
                "nm" => Some(dirs.node_modules.clone()),
                "npmbin" => Some(dirs.npm_bin.clone()),
                "site" => Some(dirs.site_packages.clone()),
                "bin" => Some(dirs.script_bin.clone()),
                "pkg" => Some(package_dir.clone()),
                "dist" => Some(dist_info.clone()),
                "ver" => Some(upstream.clone()),
                _ => context.fact(name),
            }
        };
        let owner = format!("{} package {} {}", self.manager.name(), self.name, self.version);
        let mut cwd = "/".to_string();
        for line in self.record.lines().map(str::trim) {
            if let Some(tokens) = line.strip_prefix("F ") {
                for token in tokens.split_whitespace() {
                    let Some(token) = context.condition(token) else { continue };
                    let token = substitute(token, &lookup);
                    self.expand_token(&token, &mut cwd, &upstream, &owner, &mut out);
                }
            } else if let Some(bin) = line.strip_prefix("B ") {
                for bin in bin.split_whitespace() {
                    self.expand_bin(bin, dirs, &package_dir, &upstream, &mut out);
                }
            }
        }
        match self.manager {
            Manager::Apt => {
                let path = format!("/usr/share/doc/{}/copyright", self.name);
                let text = format!(
                    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\
                     Upstream-Name: {}\nComment: placeholder written by layerlab (simulated); the real file names the \
                     authors and the licence.\n",
                    self.name
                );
                out.insert(path.clone(), file(&path, 0o644, text.into_bytes()));
            }
            Manager::Npm => {
                let path = join(&package_dir, "package.json");
                out.insert(path.clone(), file(&path, 0o644, self.package_json().into_bytes()));
                for name in ["README.md", "LICENSE"] {
                    let path = join(&package_dir, name);
                    out.insert(path.clone(), file(&path, 0o644, placeholder(&path, &owner)));
                }
            }
            Manager::Pip => {
                for (name, text) in [("METADATA", self.metadata()), ("INSTALLER", "pip\n".to_string())] {
                    let path = join(&dist_info, name);
                    out.insert(path.clone(), file(&path, 0o644, text.into_bytes()));
                }
            }
            Manager::Apk => {}
        }
        if with_payload {
            let path = match self.manager {
                Manager::Apk | Manager::Apt => format!("/usr/lib/{}/{PAYLOAD_FILE}", self.name),
                Manager::Npm => join(&package_dir, PAYLOAD_FILE),
                Manager::Pip => join(&dist_info, PAYLOAD_FILE),
            };
            out.insert(path.clone(), file(&path, 0o644, self.payload()));
        }
        if self.manager == Manager::Pip {
            let record_path = join(&dist_info, "RECORD");
            let mut lines: Vec<String> = out
                .values()
                .filter(|spec| !matches!(spec, FileSpec::Dir { .. }))
                .map(|spec| format!("{},,\n", relative(&dirs.site_packages, spec.path())))
                .collect();
            lines.push(format!("{},,\n", relative(&dirs.site_packages, &record_path)));
            lines.sort();
            out.insert(record_path.clone(), file(&record_path, 0o644, lines.concat().into_bytes()));
        }
        out
    }

    fn expand_token(
        &self,
        token: &str,
        cwd: &mut String,
        upstream: &str,
        owner: &str,
        out: &mut BTreeMap<String, FileSpec>,
    ) {
        let mut chars = token.chars();
        let Some(kind) = chars.next() else { return };
        let body = chars.as_str();
        let (left, value) = body.split_once('=').unwrap_or((body, ""));
        let mut fields = left.split(':');
        let raw_path = fields.next().unwrap_or("");
        let mode = fields.next().and_then(|m| u32::from_str_radix(m, 8).ok());
        let uid = fields.next().and_then(|v| v.parse().ok()).unwrap_or(0);
        let gid = fields.next().and_then(|v| v.parse().ok()).unwrap_or(0);
        let path = if raw_path.starts_with('/') { normalize(raw_path) } else { join(cwd, raw_path) };
        let name = path.rsplit('/').next().unwrap_or("").to_string();
        let spec = match kind {
            'c' => {
                *cwd = path;
                return;
            }
            'd' => FileSpec::Dir { path: path.clone(), mode: mode.unwrap_or(0o755), uid, gid },
            'f' => FileSpec::File {
                path: path.clone(),
                mode: mode.unwrap_or(0o644),
                uid,
                gid,
                content: placeholder(&path, owner),
            },
            'x' => {
                let content = simulated_program(&name, &version_line(&name, upstream));
                FileSpec::File { path: path.clone(), mode: mode.unwrap_or(0o755), uid, gid, content }
            }
            'a' => {
                let applet = if value.is_empty() { name.as_str() } else { value };
                FileSpec::File {
                    path: path.clone(),
                    mode: mode.unwrap_or(0o755),
                    uid,
                    gid,
                    content: applet_file(applet),
                }
            }
            'l' => FileSpec::Symlink { path: path.clone(), target: value.to_string() },
            'g' => {
                let content = super::rootfs::generated_file(value, self.distro, self.arch)
                    .unwrap_or_else(|| placeholder(&path, owner));
                FileSpec::File { path: path.clone(), mode: mode.unwrap_or(0o644), uid, gid, content }
            }
            'L' => {
                for applet in value.split(',').filter(|a| !a.is_empty()) {
                    let link = join(&path, applet);
                    out.insert(link.clone(), FileSpec::Symlink { path: link, target: "/bin/busybox".to_string() });
                }
                return;
            }
            _ => return,
        };
        out.insert(path, spec);
    }

    fn expand_bin(
        &self,
        bin: &str,
        dirs: &InstallDirs,
        package_dir: &str,
        upstream: &str,
        out: &mut BTreeMap<String, FileSpec>,
    ) {
        let (name, target) = bin.split_once('=').unwrap_or((bin, ""));
        let script = simulated_program(name, &version_line(name, upstream));
        match self.manager {
            Manager::Npm => {
                let rel = if target.is_empty() { format!("bin/{name}.js") } else { target.to_string() };
                let target_path = join(package_dir, &rel);
                let link_path = join(&dirs.npm_bin, name);
                let link_target = relative(&dirs.npm_bin, &target_path);
                out.insert(target_path.clone(), file(&target_path, 0o755, script));
                out.insert(link_path.clone(), FileSpec::Symlink { path: link_path, target: link_target });
            }
            _ => {
                let path = join(&dirs.script_bin, name);
                out.insert(path.clone(), file(&path, 0o755, script));
            }
        }
    }

    fn payload(&self) -> Vec<u8> {
        let len = usize::try_from(self.payload_bytes()).unwrap_or(0);
        let header = format!(
            "layerlab payload: {} package {} {} installs about {} KiB in the real world; this file stands in for it \
             at 1/{SIZE_SCALE} scale (simulated by layerlab).\n",
            self.manager.name(),
            self.name,
            self.version,
            self.size_kb
        );
        super::tree::filler(&format!("{}/{}/{}", self.manager.name(), self.name, self.version), &header, len)
    }

    fn package_json(&self) -> String {
        let mut text = format!(
            "{{\n  \"name\": \"{}\",\n  \"version\": \"{}\",\n  \"description\": \"{}\",\n  \"main\": \"index.js\",\n",
            json_escape(&self.name),
            json_escape(&self.version),
            json_escape(self.description)
        );
        let bins: Vec<String> = self
            .bins
            .iter()
            .map(|bin| {
                let (name, target) = bin.split_once('=').unwrap_or((bin, ""));
                let target = if target.is_empty() { format!("bin/{name}.js") } else { target.to_string() };
                format!("\"{}\": \"{}\"", json_escape(name), json_escape(&target))
            })
            .collect();
        if !bins.is_empty() {
            text.push_str(&format!("  \"bin\": {{ {} }},\n", bins.join(", ")));
        }
        let dependencies: Vec<String> = self
            .depends
            .iter()
            .zip(self.dependency_ranges.iter().chain(std::iter::repeat(&String::new())))
            .map(|(name, range)| {
                let range = if range.is_empty() { "*" } else { range };
                format!("    \"{}\": \"{}\"", json_escape(name), json_escape(range))
            })
            .collect();
        if !dependencies.is_empty() {
            text.push_str(&format!("  \"dependencies\": {{\n{}\n  }},\n", dependencies.join(",\n")));
        }
        text.push_str("  \"layerlab\": \"simulated by layerlab: files are placeholders\"\n}\n");
        text
    }

    fn metadata(&self) -> String {
        let mut text = format!(
            "Metadata-Version: 2.1\nName: {}\nVersion: {}\nSummary: {}\n",
            self.name, self.version, self.description
        );
        for dependency in &self.depends {
            text.push_str(&format!("Requires-Dist: {dependency}\n"));
        }
        text.push_str("\nSimulated by layerlab: the files of this distribution are placeholders.\n");
        text
    }
}

fn file(path: &str, mode: u32, content: Vec<u8>) -> FileSpec {
    FileSpec::File { path: path.to_string(), mode, uid: 0, gid: 0, content }
}

/// pip's dist-info directory name for a project.
fn dist_name(name: &str) -> String {
    name.to_ascii_lowercase().replace(['-', '.'], "_")
}

/// The entries plus every missing parent directory (0755 root), sorted by path.
fn with_parents(mut entries: BTreeMap<String, FileSpec>) -> Vec<FileSpec> {
    let mut parents = BTreeSet::new();
    for path in entries.keys() {
        let mut cursor = parent(path);
        while let Some(dir) = cursor {
            if dir == "/" || !parents.insert(dir.to_string()) {
                break;
            }
            cursor = parent(dir);
        }
    }
    for dir in parents {
        entries.entry(dir.clone()).or_insert(FileSpec::Dir { path: dir, mode: 0o755, uid: 0, gid: 0 });
    }
    entries.into_values().collect()
}

/// The facts `{name}` placeholders expand to.
#[derive(Clone, Copy, Debug)]
struct Ctx {
    distro: Option<Distro>,
    arch: Arch,
}

impl Ctx {
    fn fact(&self, name: &str) -> Option<String> {
        let value = match name {
            "triplet" => self.arch.gnu_triplet(),
            "march" => self.arch.uname_machine(),
            "dpkgarch" => self.arch.dpkg(),
            "nodearch" => self.arch.node(),
            "ldso" => match self.arch {
                Arch::Amd64 => "/usr/lib64/ld-linux-x86-64.so.2",
                Arch::Arm64 => "/usr/lib/ld-linux-aarch64.so.1",
            },
            _ => return self.distro.and_then(|d| d.fact(name)).map(str::to_string),
        };
        Some(value.to_string())
    }

    /// Strips a `[cond,cond]` prefix when one of the conditions (a distro key or an arch) holds; None when none do.
    fn condition<'t>(&self, token: &'t str) -> Option<&'t str> {
        let Some(rest) = token.strip_prefix('[') else { return Some(token) };
        let (conditions, token) = rest.split_once(']')?;
        conditions
            .split(',')
            .any(|c| c == self.arch.oci() || self.distro.is_some_and(|d| d.key() == c))
            .then_some(token)
    }
}

/// Replaces `{name}` placeholders; unknown ones stay as written.
fn substitute(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        match after.find('}') {
            Some(close) => {
                let name = after.get(1..close).unwrap_or("");
                match lookup(name) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(after.get(..=close).unwrap_or("")),
                }
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A package universe for one manager (and release, and architecture).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageIndex {
    manager: Manager,
    distro: Option<Distro>,
    arch: Arch,
    /// Sorted by lookup key.
    packages: Vec<Package>,
}

impl PackageIndex {
    pub fn manager(&self) -> Manager {
        self.manager
    }

    pub fn distro(&self) -> Option<Distro> {
        self.distro
    }

    pub fn arch(&self) -> Arch {
        self.arch
    }

    /// Every package, sorted by name.
    pub fn packages(&self) -> &[Package] {
        &self.packages
    }

    pub fn len(&self) -> usize {
        self.packages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.packages.is_empty()
    }

    /// Looks a package up by name (pip names compare the way pip does: case-insensitive, `-_.` alike).
    pub fn get(&self, name: &str) -> Option<&Package> {
        self.position(name).and_then(|i| self.packages.get(i))
    }

    fn key(&self, name: &str) -> String {
        match self.manager {
            Manager::Pip => pip_key(name),
            _ => name.to_string(),
        }
    }

    fn position(&self, name: &str) -> Option<usize> {
        let key = self.key(name);
        self.packages.binary_search_by(|p| self.key(&p.name).cmp(&key)).ok()
    }

    /// The first alternative of `a|b|c` the index has.
    fn choose(&self, dependency: &str) -> Option<usize> {
        dependency.split('|').map(str::trim).find_map(|alternative| self.position(alternative))
    }

    fn build(manager: Manager, distro: Option<Distro>, arch: Arch, mut packages: Vec<Package>) -> PackageIndex {
        let mut index = PackageIndex { manager, distro, arch, packages: Vec::new() };
        packages.sort_by_key(|p| index.key(&p.name));
        packages.dedup_by(|a, b| index.key(&a.name) == index.key(&b.name));
        index.packages = packages;
        if manager == Manager::Npm {
            let ranges: Vec<Vec<String>> = index
                .packages
                .iter()
                .map(|p| {
                    p.depends
                        .iter()
                        .map(|d| index.get(d).map(|dep| format!("^{}", dep.version)).unwrap_or_default())
                        .collect()
                })
                .collect();
            for (package, ranges) in index.packages.iter_mut().zip(ranges) {
                package.dependency_ranges = ranges;
            }
        }
        index
    }
}

/// pip's name normalisation (PEP 503).
fn pip_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            separator = true;
        } else {
            if separator && !key.is_empty() {
                key.push('-');
            }
            separator = false;
            key.push(c.to_ascii_lowercase());
        }
    }
    key
}

/// The apk universe of an Alpine release (empty for other distributions).
pub fn apk_index(distro: Distro, arch: Arch) -> PackageIndex {
    let packages = if distro.family() == OsFamily::Alpine {
        parse_table(apk_data::TABLE, Manager::Apk, Some(distro), arch, distro.column())
    } else {
        Vec::new()
    };
    PackageIndex::build(Manager::Apk, Some(distro), arch, packages)
}

/// The apt universe of an Ubuntu or Debian release (empty for Alpine).
pub fn apt_index(distro: Distro, arch: Arch) -> PackageIndex {
    let packages = if distro.family() == OsFamily::Alpine {
        Vec::new()
    } else {
        parse_table(apt_data::TABLE, Manager::Apt, Some(distro), arch, distro.column())
    };
    PackageIndex::build(Manager::Apt, Some(distro), arch, packages)
}

/// The npm registry (one version per package; optional platform packages follow `arch`).
pub fn npm_registry(arch: Arch) -> PackageIndex {
    PackageIndex::build(Manager::Npm, None, arch, parse_table(npm_data::TABLE, Manager::Npm, None, arch, 0))
}

/// The Python package index.
pub fn pip_index(arch: Arch) -> PackageIndex {
    PackageIndex::build(Manager::Pip, None, arch, parse_table(pip_data::TABLE, Manager::Pip, None, arch, 0))
}

/// Packages that are not in a distribution's archive but in a vendor repository (nginx.org's), for the catalog.
pub(crate) fn vendor_packages(table: &'static str, manager: Manager, distro: Distro, arch: Arch) -> PackageIndex {
    PackageIndex::build(manager, Some(distro), arch, parse_table(table, manager, Some(distro), arch, 0))
}

/// Reads a package table: records of lines `P name size [+all] description`, `V version…` (one per column, `-` when
/// absent), `D deps`, `R recommends`, `B bins`, `F file tokens`. Malformed records are skipped (tests keep the
/// tables well-formed).
fn parse_table(
    table: &'static str,
    manager: Manager,
    distro: Option<Distro>,
    arch: Arch,
    column: usize,
) -> Vec<Package> {
    let context = Ctx { distro, arch };
    let lookup = |name: &str| context.fact(name);
    let mut packages = Vec::new();
    for record in records(table) {
        let mut lines = record.lines().map(str::trim);
        let Some(header) = lines.next().and_then(|l| l.strip_prefix("P ")) else { continue };
        let mut words = header.splitn(3, ' ');
        let (Some(name), Some(size)) = (words.next(), words.next()) else { continue };
        let mut description = words.next().unwrap_or("");
        let mut arch_independent = false;
        if let Some(rest) = description.strip_prefix("+all ") {
            arch_independent = true;
            description = rest;
        }
        let mut version = None;
        let mut depends = Vec::new();
        let mut recommends = Vec::new();
        let mut bins = Vec::new();
        for line in lines {
            if let Some(versions) = line.strip_prefix("V ") {
                version = versions.split_whitespace().nth(column).filter(|v| *v != "-");
            } else if let Some(deps) = line.strip_prefix("D ") {
                depends.extend(
                    deps.split_whitespace().filter_map(|d| context.condition(d)).map(|d| substitute(d, &lookup)),
                );
            } else if let Some(recs) = line.strip_prefix("R ") {
                recommends.extend(
                    recs.split_whitespace().filter_map(|d| context.condition(d)).map(|d| substitute(d, &lookup)),
                );
            } else if let Some(names) = line.strip_prefix("B ") {
                bins.extend(names.split_whitespace().map(str::to_string));
            }
        }
        let (Some(version), Ok(size_kb)) = (version, size.parse::<u32>()) else { continue };
        packages.push(Package {
            manager,
            name: substitute(name, &lookup),
            version: version.to_string(),
            description,
            size_kb,
            depends,
            recommends,
            arch_independent,
            arch,
            distro,
            bins,
            record,
            dependency_ranges: Vec::new(),
        });
    }
    packages
}

/// Splits a table into records, each starting at a `P ` line.
fn records(table: &'static str) -> Vec<&'static str> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in table.split_inclusive('\n') {
        if line.trim_start().starts_with("P ") {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(table.len());
    starts.windows(2).filter_map(|w| table.get(w.first().copied()?..w.get(1).copied()?)).collect()
}

/// A requested package the index does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownPackage {
    pub name: String,
    /// Close names from the index (by edit distance, or containing the name as a word), best first, at most 3.
    pub suggestions: Vec<String>,
}

impl fmt::Display for UnknownPackage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unable to locate package {}", self.name)?;
        if !self.suggestions.is_empty() {
            write!(f, " (did you mean {}?)", self.suggestions.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownPackage {}

/// The packages to install for `names`, dependencies first, without duplicates, in a deterministic order; cycles
/// are safe. Already installed packages are included: the caller skips them.
pub fn resolve<'a>(index: &'a PackageIndex, names: &[&str]) -> Result<Vec<&'a Package>, UnknownPackage> {
    resolve_inner(index, names, false)
}

/// Like [`resolve`], also following apt's Recommends (what `apt-get install` does without
/// `--no-install-recommends`).
pub fn resolve_with_recommends<'a>(
    index: &'a PackageIndex,
    names: &[&str],
) -> Result<Vec<&'a Package>, UnknownPackage> {
    resolve_inner(index, names, true)
}

fn resolve_inner<'a>(
    index: &'a PackageIndex,
    names: &[&str],
    recommends: bool,
) -> Result<Vec<&'a Package>, UnknownPackage> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Visiting,
        Done,
    }
    let mut state = vec![State::New; index.packages.len()];
    let mut order = Vec::new();
    for name in names {
        let Some(root) = index.position(name) else {
            return Err(UnknownPackage { name: name.to_string(), suggestions: suggestions(index, name) });
        };
        if state.get(root).copied() != Some(State::New) {
            continue;
        }
        if let Some(s) = state.get_mut(root) {
            *s = State::Visiting;
        }
        // Iterative depth-first search: (package, next dependency to look at).
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((current, next)) = stack.last_mut() {
            let Some(package) = index.packages.get(*current) else { break };
            let dependencies =
                package.depends.iter().chain(package.recommends.iter().filter(|_| recommends)).nth(*next);
            match dependencies {
                Some(dependency) => {
                    *next += 1;
                    let Some(target) = index.choose(dependency) else {
                        return Err(UnknownPackage { name: dependency.clone(), suggestions: Vec::new() });
                    };
                    if state.get(target).copied() == Some(State::New) {
                        if let Some(s) = state.get_mut(target) {
                            *s = State::Visiting;
                        }
                        stack.push((target, 0));
                    }
                }
                None => {
                    let finished = *current;
                    stack.pop();
                    if let Some(s) = state.get_mut(finished) {
                        *s = State::Done;
                    }
                    if let Some(package) = index.packages.get(finished) {
                        order.push(package);
                    }
                }
            }
        }
    }
    Ok(order)
}

/// Names close to `name`: small edit distance, or containing it as a `-`-separated word (`pip` → `python3-pip`).
fn suggestions(index: &PackageIndex, name: &str) -> Vec<String> {
    let wanted = index.key(name);
    let length = wanted.chars().count();
    if length == 0 || length > 64 {
        return Vec::new();
    }
    let limit = match length {
        0..=3 => 1,
        4..=6 => 2,
        _ => 3,
    };
    let mut scored: Vec<(usize, &str)> = index
        .packages
        .iter()
        .filter_map(|p| {
            let key = index.key(&p.name);
            let distance = edit_distance(&wanted, &key);
            if distance <= limit {
                Some((distance, p.name.as_str()))
            } else if key.split(['-', '.']).any(|word| word == wanted) {
                Some((limit + 1, p.name.as_str()))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, name)| name.to_string()).collect()
}

/// Edit distance with adjacent transpositions (optimal string alignment), over characters; inputs are short.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    // rows[i * width + j] = distance between a[..i] and b[..j]
    let mut rows = vec![0usize; (a.len() + 1) * width];
    let get = |rows: &Vec<usize>, i: usize, j: usize| rows.get(i * width + j).copied().unwrap_or(usize::MAX / 2);
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            let value = if i == 0 {
                j
            } else if j == 0 {
                i
            } else {
                let same = a.get(i - 1) == b.get(j - 1);
                let mut best = (get(&rows, i - 1, j) + 1)
                    .min(get(&rows, i, j - 1) + 1)
                    .min(get(&rows, i - 1, j - 1) + usize::from(!same));
                if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                    best = best.min(get(&rows, i - 2, j - 2) + 1);
                }
                best
            };
            if let Some(cell) = rows.get_mut(i * width + j) {
                *cell = value;
            }
        }
    }
    get(&rows, a.len(), b.len())
}

/// The real-world sizes (KiB) of the files `apt-get update` writes, per mirror layout.
const UBUNTU_LISTS: &[(&str, &str, u32)] = &[
    ("", "InRelease", 265),
    ("", "main_binary-{arch}_Packages.lz4", 1790),
    ("", "restricted_binary-{arch}_Packages.lz4", 165),
    ("", "universe_binary-{arch}_Packages.lz4", 17500),
    ("", "multiverse_binary-{arch}_Packages.lz4", 270),
    ("-updates", "InRelease", 128),
    ("-updates", "main_binary-{arch}_Packages.lz4", 2600),
    ("-updates", "restricted_binary-{arch}_Packages.lz4", 3300),
    ("-updates", "universe_binary-{arch}_Packages.lz4", 1500),
    ("-updates", "multiverse_binary-{arch}_Packages.lz4", 55),
    ("-backports", "InRelease", 127),
    ("-backports", "main_binary-{arch}_Packages.lz4", 80),
    ("-backports", "universe_binary-{arch}_Packages.lz4", 33),
    ("-security", "InRelease", 129),
    ("-security", "main_binary-{arch}_Packages.lz4", 2350),
    ("-security", "restricted_binary-{arch}_Packages.lz4", 3200),
    ("-security", "universe_binary-{arch}_Packages.lz4", 1200),
    ("-security", "multiverse_binary-{arch}_Packages.lz4", 45),
];

const DEBIAN_LISTS: &[(&str, &str, u32)] = &[
    ("", "InRelease", 151),
    ("", "main_binary-{arch}_Packages.lz4", 14000),
    ("-updates", "InRelease", 55),
    ("-updates", "main_binary-{arch}_Packages.lz4", 30),
    ("-security", "InRelease", 48),
    ("-security", "main_binary-{arch}_Packages.lz4", 420),
];

/// What `apt-get update` writes into `/var/lib/apt/lists/` (directory entries first), with deterministic content at
/// 1/[`SIZE_SCALE`] of the real sizes. Empty for Alpine.
pub fn apt_lists(distro: Distro, arch: Arch) -> Vec<FileSpec> {
    let (table, ports) = match distro.family() {
        OsFamily::Ubuntu => (UBUNTU_LISTS, arch == Arch::Arm64),
        OsFamily::Debian => (DEBIAN_LISTS, false),
        _ => return Vec::new(),
    };
    let codename = distro.key();
    let root = "/var/lib/apt/lists";
    let mut out = vec![
        FileSpec::Dir { path: root.to_string(), mode: 0o755, uid: 0, gid: 0 },
        FileSpec::Dir { path: format!("{root}/auxfiles"), mode: 0o755, uid: 0, gid: 0 },
        FileSpec::File { path: format!("{root}/lock"), mode: 0o640, uid: 0, gid: 0, content: Vec::new() },
        FileSpec::Dir { path: format!("{root}/partial"), mode: 0o700, uid: distro.apt_uid(), gid: 0 },
    ];
    for (suite, file_name, real_kb) in table {
        let mirror = match (distro.family(), ports, *suite) {
            (OsFamily::Ubuntu, true, _) => "ports.ubuntu.com_ubuntu-ports",
            (OsFamily::Ubuntu, false, "-security") => "security.ubuntu.com_ubuntu",
            (OsFamily::Ubuntu, false, _) => "archive.ubuntu.com_ubuntu",
            (_, _, "-security") => "deb.debian.org_debian-security",
            _ => "deb.debian.org_debian",
        };
        let file_name = file_name.replace("{arch}", arch.dpkg());
        let name = format!("{mirror}_dists_{codename}{suite}_{file_name}");
        let len = usize::try_from(u64::from(*real_kb) * 1024 / SIZE_SCALE).unwrap_or(0);
        let header = format!(
            "layerlab: stands in for {name}, about {real_kb} KiB after a real `apt-get update`, here at 1/{SIZE_SCALE} \
             scale (simulated by layerlab).\n"
        );
        let content = super::tree::filler(&name, &header, len);
        out.push(FileSpec::File { path: format!("{root}/{name}"), mode: 0o644, uid: 0, gid: 0, content });
    }
    out
}

/// The index files `apk update` (or `apk add` without `--no-cache`) leaves in `/var/cache/apk/`, at
/// 1/[`SIZE_SCALE`] of their real sizes. Empty for other distributions.
pub fn apk_index_cache(distro: Distro, arch: Arch) -> Vec<FileSpec> {
    let Some(release) = distro.fact("release").filter(|_| distro.family() == OsFamily::Alpine) else {
        return Vec::new();
    };
    let mut out = vec![FileSpec::Dir { path: "/var/cache/apk".to_string(), mode: 0o755, uid: 0, gid: 0 }];
    for (repository, real_kb) in [("main", 575u64), ("community", 1650)] {
        let url = format!("https://dl-cdn.alpinelinux.org/alpine/{release}/{repository}");
        let tag = hex(Sha256::digest(format!("{url}/{}", arch.uname_machine()).as_bytes()).get(..4).unwrap_or(&[]));
        let name = format!("APKINDEX.{tag}.tar.gz");
        let header = format!(
            "layerlab: stands in for the {repository} index of {url} (about {real_kb} KiB), at 1/{SIZE_SCALE} scale \
             (simulated by layerlab).\n"
        );
        let len = usize::try_from(real_kb * 1024 / SIZE_SCALE).unwrap_or(0);
        let content = super::tree::filler(&name, &header, len);
        out.push(FileSpec::File { path: format!("/var/cache/apk/{name}"), mode: 0o644, uid: 0, gid: 0, content });
    }
    out
}

/// apk's `Q1…` checksum form (base64 of a 20-byte digest; layerlab uses the first 20 bytes of SHA-256).
fn apk_checksum(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("Q1{}", base64(digest.get(..20).unwrap_or(&[])))
}

/// One package's stanza of `/lib/apk/db/installed`, in apk's format (ends with a blank line).
pub fn apk_installed_entry(package: &Package) -> String {
    apk_entry(package, true)
}

/// The stanza, listing the filler file or not (base images are installed without it).
pub(crate) fn apk_entry(package: &Package, with_payload: bool) -> String {
    let arch = if package.arch_independent { "noarch" } else { package.arch.uname_machine() };
    let installed = u64::from(package.size_kb) * 1024;
    let mut text = format!(
        "C:{}\nP:{}\nV:{}\nA:{arch}\nS:{}\nI:{installed}\nT:{}\nU:https://pkgs.alpinelinux.org/package/{}\nL:custom\no:{}\n",
        apk_checksum(format!("{}-{}-{arch}", package.name, package.version).as_bytes()),
        package.name,
        package.version,
        installed / 3,
        package.description,
        package.name,
        package.name,
    );
    if let Some(distro) = package.distro {
        text.push_str(&format!("m:{}\n", distro.maintainer()));
    }
    if !package.depends.is_empty() {
        text.push_str(&format!("D:{}\n", package.depends.join(" ")));
    }
    // Entries grouped by directory: F: directory, then R: files with their a: owner:group:mode and Z: checksum.
    let entries = package.entries(&InstallDirs::default(), with_payload);
    let mut directories: BTreeMap<String, Vec<&FileSpec>> = BTreeMap::new();
    for spec in entries.values() {
        match spec {
            FileSpec::Dir { path, .. } => {
                directories.entry(path.clone()).or_default();
            }
            _ => {
                let dir = parent(spec.path()).unwrap_or("/").to_string();
                directories.entry(dir).or_default().push(spec);
            }
        }
    }
    for (dir, files) in directories {
        text.push_str(&format!("F:{}\n", dir.trim_start_matches('/')));
        if let Some(FileSpec::Dir { mode, uid, gid, .. }) = entries.get(&dir) {
            if (*mode, *uid, *gid) != (0o755, 0, 0) {
                text.push_str(&format!("M:{uid}:{gid}:{:o}\n", mode));
            }
        }
        for spec in files {
            let name = spec.path().rsplit('/').next().unwrap_or("");
            text.push_str(&format!("R:{name}\n"));
            match spec {
                FileSpec::File { mode, uid, gid, content, .. } => {
                    if (*mode, *uid, *gid) != (0o644, 0, 0) {
                        text.push_str(&format!("a:{uid}:{gid}:{:o}\n", mode));
                    }
                    text.push_str(&format!("Z:{}\n", apk_checksum(content)));
                }
                FileSpec::Symlink { target, .. } => {
                    text.push_str(&format!("a:0:0:777\nZ:{}\n", apk_checksum(target.as_bytes())));
                }
                FileSpec::Dir { .. } => {}
            }
        }
    }
    text.push('\n');
    text
}

/// `/lib/apk/db/installed` for packages in installation order.
pub fn apk_installed_db(packages: &[&Package]) -> String {
    packages.iter().map(|p| apk_entry(p, true)).collect()
}

/// One package's stanza of `/var/lib/dpkg/status` (ends with a blank line).
pub fn dpkg_status_entry(package: &Package) -> String {
    let arch = if package.arch_independent { "all" } else { package.arch.dpkg() };
    let maintainer = package.distro.map(Distro::maintainer).unwrap_or("layerlab");
    let mut text = format!(
        "Package: {}\nStatus: install ok installed\nPriority: optional\nInstalled-Size: {}\nMaintainer: {maintainer}\n\
         Architecture: {arch}\nVersion: {}\n",
        package.name, package.size_kb, package.version
    );
    let render = |list: &[String]| list.iter().map(|d| d.replace('|', " | ")).collect::<Vec<_>>().join(", ");
    if !package.depends.is_empty() {
        text.push_str(&format!("Depends: {}\n", render(&package.depends)));
    }
    if !package.recommends.is_empty() {
        text.push_str(&format!("Recommends: {}\n", render(&package.recommends)));
    }
    text.push_str(&format!(
        "Description: {}\n This package is simulated by layerlab: its files are placeholders.\n\n",
        package.description
    ));
    text
}

/// `/var/lib/dpkg/status`: the stanzas sorted by package name, as dpkg writes them.
pub fn dpkg_status(packages: &[&Package]) -> String {
    let mut sorted: Vec<&&Package> = packages.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    sorted.dedup_by(|a, b| a.name == b.name);
    sorted.into_iter().map(|p| dpkg_status_entry(p)).collect()
}

/// `/var/lib/dpkg/info/NAME.list`: every path the package owns, directories included, starting with `/.`.
pub fn dpkg_info_list(package: &Package) -> FileSpec {
    let mut text = String::from("/.\n");
    for spec in package.files(&InstallDirs::default()) {
        text.push_str(spec.path());
        text.push('\n');
    }
    FileSpec::File {
        path: format!("/var/lib/dpkg/info/{}.list", package.name),
        mode: 0o644,
        uid: 0,
        gid: 0,
        content: text.into_bytes(),
    }
}

/// Same as [`dpkg_info_list`] for a package installed without its filler (base images).
pub(crate) fn dpkg_info_list_base(package: &Package) -> FileSpec {
    let mut text = String::from("/.\n");
    for spec in with_parents(package.entries(&InstallDirs::default(), false)) {
        text.push_str(spec.path());
        text.push('\n');
    }
    FileSpec::File {
        path: format!("/var/lib/dpkg/info/{}.list", package.name),
        mode: 0o644,
        uid: 0,
        gid: 0,
        content: text.into_bytes(),
    }
}

/// Reads `(name, version)` pairs from `/lib/apk/db/installed` (`P:`/`V:` lines) or `/var/lib/dpkg/status`
/// (`Package:`/`Version:` of stanzas whose status is "install ok installed"), in file order.
pub fn installed_packages(database: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for stanza in database.split("\n\n") {
        let mut name = None;
        let mut version = None;
        let mut installed = true;
        for line in stanza.lines() {
            if let Some(value) = line.strip_prefix("P:").or_else(|| line.strip_prefix("Package: ")) {
                name = Some(value.trim());
            } else if let Some(value) = line.strip_prefix("V:").or_else(|| line.strip_prefix("Version: ")) {
                version = Some(value.trim());
            } else if let Some(value) = line.strip_prefix("Status: ") {
                installed = value.trim().ends_with(" installed");
            }
        }
        if let (Some(name), Some(version), true) = (name, version, installed) {
            out.push((name.to_string(), version.to_string()));
        }
    }
    out
}

/// A stable pseudo-digest for `ADD file:<hex> in /` history lines.
pub(crate) fn pseudo_digest(seed: &str) -> String {
    hex(&Sha256::digest(seed.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CYCLE: &str = r#"
P a 10 first
V 1.0
D b x|y
P b 10 second
V 1.0
D c
P c 10 third, which needs the first again
V 1.0
D a
P y 10 the alternative that exists
V 1.0
P broken 10 needs something absent
V 1.0
D nowhere
"#;

    fn cycle_index() -> PackageIndex {
        let packages = parse_table(CYCLE, Manager::Npm, None, Arch::Amd64, 0);
        PackageIndex::build(Manager::Npm, None, Arch::Amd64, packages)
    }

    #[test]
    fn cycles_resolve_once_each_dependencies_first() {
        let index = cycle_index();
        let names = |list: Vec<&Package>| list.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(resolve(&index, &["a"]).unwrap_or_default()), ["c", "b", "y", "a"]);
        assert_eq!(names(resolve(&index, &["c", "a"]).unwrap_or_default()), ["b", "y", "a", "c"]);
        let error = resolve(&index, &["broken"]).err();
        assert_eq!(error.map(|e| e.name), Some("nowhere".to_string()));
    }

    #[test]
    fn placeholders_and_conditions_expand() {
        let lookup = |name: &str| (name == "py").then(|| "3.12".to_string());
        assert_eq!(substitute("/usr/lib/python{py}/{unknown}", &lookup), "/usr/lib/python3.12/{unknown}");
        assert_eq!(substitute("open{", &lookup), "open{");
        let context = Ctx { distro: Some(Distro::Bookworm), arch: Arch::Arm64 };
        assert_eq!(context.condition("[noble,bookworm]f/x"), Some("f/x"));
        assert_eq!(context.condition("[amd64]f/x"), None);
        assert_eq!(context.condition("[arm64]f/x"), Some("f/x"));
        assert_eq!(context.condition("[unclosed"), None);
        assert_eq!(context.fact("ssl").as_deref(), Some("libssl3"));
        assert_eq!(context.fact("triplet").as_deref(), Some("aarch64-linux-gnu"));
    }

    #[test]
    fn names_compare_like_each_manager() {
        assert_eq!(pip_key("Python_Dateutil"), "python-dateutil");
        assert_eq!(pip_key("zope.interface"), "zope-interface");
        assert_eq!(pip_key("--weird__"), "weird");
        assert_eq!(edit_distance("gti", "git"), 1);
        assert_eq!(edit_distance("expresss", "express"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
