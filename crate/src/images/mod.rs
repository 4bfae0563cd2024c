//! The built-in catalog of simulated base images (`FROM alpine`, `FROM node:14` …) and the package universes the
//! simulated package managers install from. Data only: no engine logic, no file tree, no shell.
//!
//! Everything here is generated at run time from compact `&'static` tables, deterministically: the same reference
//! and architecture always give the same file specs in the same order. The trees are plausible, not real: programs
//! layerlab does not execute are small `#!/bin/sh` stand-ins that say so, applets are `#!/layerlab/applet NAME`
//! files (see notes/issue3-interfaces.md, "Executables in simulated images"), and every image carries the label
//! `org.layerlab.simulated=true` and a `LAYERLAB_NOTE` line in its `/etc/os-release`.
//!
//! Sizes: `CatalogImage::real_size_mb` and `Package::size_kb` are figures from the real world (labelled catalog
//! figures, never measured). Measured bytes come only from the files; package installs carry one filler file each,
//! sized at 1/[`packages::SIZE_SCALE`] of the real installed size, so layer sizes keep their real proportions.
//! Base-image layers carry no filler: their weight is the catalog figure.
//!
//! The catalog is a snapshot of autumn 2024 (alpine 3.20.3, nginx 1.27.2, node 20.18.0, python 3.12.7, ubuntu
//! 24.04.1); node:14 and node:14-alpine are their final builds (February 2023, Debian 11 and Alpine 3.17).

mod catalog;
mod distro;
pub mod minibox;
pub mod packages;
mod reference;
mod rootfs;
mod tree;

#[cfg(test)]
mod tests;

pub use catalog::{list, lookup};
pub use distro::{Arch, Distro, OsFamily};
pub use minibox::Minibox;
pub use reference::{parse_reference, Reference};
pub use tree::{applet_file, simulated_program};

use std::collections::BTreeMap;

/// The label every catalog image carries, so that an exported image says it came out of the playground.
pub const SIMULATED_LABEL: &str = "org.layerlab.simulated";

/// One entry of a layer: what the build engine writes into its file tree. Paths are absolute and normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileSpec {
    /// A directory with its permission bits (incl. setgid/sticky) and owner.
    Dir { path: String, mode: u32, uid: u32, gid: u32 },
    /// A regular file with its permission bits (incl. setuid), owner and bytes.
    File { path: String, mode: u32, uid: u32, gid: u32, content: Vec<u8> },
    /// A symbolic link (mode 0777, owned by root, as Docker stores them).
    Symlink { path: String, target: String },
}

impl FileSpec {
    /// The absolute path of the entry.
    pub fn path(&self) -> &str {
        match self {
            FileSpec::Dir { path, .. } | FileSpec::File { path, .. } | FileSpec::Symlink { path, .. } => path,
        }
    }

    /// Bytes the entry adds to a layer's file data: file contents, symlink target lengths, 0 for directories.
    pub fn size(&self) -> u64 {
        match self {
            FileSpec::Dir { .. } => 0,
            FileSpec::File { content, .. } => content.len() as u64,
            FileSpec::Symlink { target, .. } => target.len() as u64,
        }
    }
}

/// One base-image layer: the history text that created it and the entries it adds or replaces (sorted by path, so
/// parents come before their children; parents not listed exist in an earlier layer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerSpec {
    pub created_by: String,
    pub files: Vec<FileSpec>,
}

/// One step of the image history as `docker history` shows it. Exactly one non-empty entry per layer, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistorySpec {
    pub created_by: String,
    pub empty_layer: bool,
    /// The tool comment some images carry (e.g. "debuerreotype 0.15").
    pub comment: Option<&'static str>,
}

/// The container defaults of an image (its config), in plain Rust types; the engine maps them onto the OCI config.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageDefaults {
    /// `KEY=value` entries, in the image's order.
    pub env: Vec<String>,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    /// `80/tcp` style keys.
    pub exposed_ports: Vec<String>,
    /// Empty when unset.
    pub working_dir: String,
    pub stop_signal: Option<String>,
    pub labels: BTreeMap<String, String>,
    /// Empty when unset (root).
    pub user: String,
    pub shell: Option<Vec<String>>,
}

impl ImageDefaults {
    /// The value of an environment variable, if set.
    pub fn env_var(&self, key: &str) -> Option<&str> {
        self.env.iter().find_map(|entry| entry.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))
    }
}

/// A catalog image, built for one architecture.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogImage {
    /// `alpine`, `node`, … (Docker Hub's official images, `docker.io/library/` implied).
    pub repository: &'static str,
    /// The tag that was asked for (`latest` when none was); empty for `scratch`.
    pub tag: &'static str,
    /// Every tag that names this same image.
    pub tags: &'static [&'static str],
    pub arch: Arch,
    pub os_family: OsFamily,
    /// The distribution whose package index the image's package manager uses (None: busybox, scratch).
    pub distro: Option<Distro>,
    pub layers: Vec<LayerSpec>,
    pub defaults: ImageDefaults,
    pub history: Vec<HistorySpec>,
    /// The real image's size in MB as Docker reports it: a labelled catalog figure, never a measurement.
    pub real_size_mb: f64,
    pub description_en: &'static str,
    pub description_ko: &'static str,
}

impl CatalogImage {
    /// `repository:tag` (just `scratch` for scratch).
    pub fn reference(&self) -> String {
        if self.tag.is_empty() {
            self.repository.to_string()
        } else {
            format!("{}:{}", self.repository, self.tag)
        }
    }
}

/// One line of the catalog listing, for the UI and for the "not in the playground's catalog" message.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogSummary {
    pub repository: &'static str,
    pub tags: &'static [&'static str],
    pub os_family: OsFamily,
    /// Labelled catalog figure (see [`CatalogImage::real_size_mb`]).
    pub real_size_mb: f64,
    pub description_en: &'static str,
    pub description_ko: &'static str,
}
