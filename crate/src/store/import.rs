//! `docker load`: a `docker save` tarball read into the store — the legacy layout (`manifest.json` with
//! `<id>/layer.tar` or `blobs/sha256/…` paths, as Docker up to 24 writes it) and the OCI layout of Docker 25+
//! (`oci-layout`, `index.json`, `blobs/sha256/`, a multi-platform index picked by architecture); layers
//! uncompressed, gzip or zstd.
//!
//! The archive is untrusted. Every name is checked (relative, no `..`, UTF-8, no duplicates), links must stay inside
//! the archive, every blob must match its descriptor and every layer its `rootfs.diff_ids` entry, and every size is
//! bounded by [`ImportLimits`] before it is allocated. Errors say where: the archive member, the image, the layer, the
//! entry inside the layer. Nothing reaches the store until all of it has been read: a refused archive leaves the
//! store unchanged.
//!
//! An imported image keeps its config bytes and its uncompressed layer tars byte for byte, so its image ID and diff_ids
//! stay the ones Docker shows, and an export writes the same layers again.

use super::{Image, ImageStore, Layer, LayerSource};
use crate::images::Arch;
use crate::layer::{self, gzip, zstd};
use crate::oci::{self, Descriptor, Digest, ImageConfig, Reference};
use crate::vfs::{Fs, Limits};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Bounds on what one import may read and build. The defaults suit a browser tab (wasm32 has 4 GiB of address space,
/// and an imported layer lives in memory twice: as its tar and as files in the tree).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportLimits {
    /// The platform picked from a multi-platform image index. Default amd64.
    pub arch: Arch,
    /// Members of the outer archive (a `docker save` of one image has about three per layer). Default 10,000.
    pub max_archive_entries: u64,
    /// Bytes of one JSON document (`manifest.json`, `index.json`, a manifest, a config). Default 4 MiB.
    pub max_metadata_bytes: u64,
    /// Uncompressed layer bytes of the whole import, all images together (the bound on decompression too).
    /// Default 1 GiB, the tree's own default byte limit.
    pub max_layer_bytes: u64,
    /// Entries of one layer tar, whiteouts included. Default 1,000,000, the tree's default node limit.
    pub max_layer_entries: u64,
    /// The limits of each imported image's file tree (and of builds on top of it).
    pub fs: Limits,
}

impl Default for ImportLimits {
    fn default() -> ImportLimits {
        ImportLimits {
            arch: Arch::Amd64,
            max_archive_entries: 10_000,
            max_metadata_bytes: 4 << 20,
            max_layer_bytes: 1 << 30,
            max_layer_entries: 1_000_000,
            fs: Limits::DEFAULT,
        }
    }
}

/// What an import added to the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    /// In the order the archive lists them; an image listed twice (under two names) appears once.
    pub images: Vec<ImportedImage>,
}

/// One imported image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedImage {
    /// The image ID: the digest of the config bytes, as they were in the archive.
    pub id: Digest,
    /// Familiar `name:tag` forms (`hello:latest`), as `docker load` prints them; empty for an untagged image.
    pub tags: Vec<String>,
    pub layers: usize,
}

/// Why an archive was refused. `location` goes from the outside in (`manifest.json`, `image 1 (hello:latest)`,
/// `layer 2 of 3 (…)`); the message says what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub location: Vec<String>,
    pub message: String,
}

impl ImportError {
    fn new(location: &[String], message: impl Into<String>) -> ImportError {
        ImportError { location: location.to_vec(), message: message.into() }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.location {
            write!(f, "{part}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImportError {}

/// Reads `archive` (a `docker save` tarball) and adds its images and tags to `store`. On error the store is
/// unchanged.
pub fn import_archive(
    store: &mut ImageStore,
    archive: &[u8],
    limits: &ImportLimits,
) -> Result<ImportSummary, ImportError> {
    let members = Members::read(archive, limits)?;
    let mut importer = Importer {
        members,
        limits: *limits,
        budget: limits.max_layer_bytes,
        uncompressed: BTreeMap::new(),
        trees: BTreeMap::new(),
        images: Vec::new(),
    };
    if importer.members.contains(oci::OCI_LAYOUT_FILE) {
        importer.oci_layout()?;
    } else if importer.members.contains(oci::MANIFEST_FILE) {
        importer.legacy_layout()?;
    } else if importer.members.contains(oci::INDEX_FILE) {
        return Err(ImportError::new(&[], "index.json without oci-layout: not an OCI image layout"));
    } else if importer.members.contains(oci::REPOSITORIES_FILE) {
        return Err(ImportError::new(
            &[],
            "only a `repositories` file and no manifest.json: the format of docker save before Docker 1.10 is not \
             supported",
        ));
    } else {
        return Err(ImportError::new(
            &[],
            "not a docker save archive: it has neither manifest.json nor oci-layout and index.json",
        ));
    }
    // Everything was read and checked; only now does the store change.
    let mut summary = ImportSummary { images: Vec::new() };
    for pending in importer.images {
        let layers = pending.layers.len();
        let image = Image::with_config_bytes(pending.config, pending.config_bytes, pending.layers, pending.fs, None);
        let stored = store.insert(image);
        for tag in &pending.tags {
            store.tag(tag, &stored.id);
        }
        summary.images.push(ImportedImage { id: stored.id.clone(), tags: pending.tags, layers });
    }
    Ok(summary)
}

/// A member of the outer archive, links resolved to what they point at where that can be done up front.
#[derive(Clone, Debug)]
enum Member {
    /// A regular file (or a hard link to an earlier one): its bytes in the archive and the name that owns them.
    File {
        start: usize,
        len: usize,
        owner: String,
    },
    Dir,
    /// A symbolic link; the target is already resolved to a member name inside the archive.
    Symlink {
        target: String,
    },
}

/// The outer archive's members by normalised name.
struct Members<'a> {
    archive: &'a [u8],
    members: BTreeMap<String, Member>,
}

/// Symbolic links followed in one lookup.
const MAX_LINK_HOPS: usize = 16;

impl<'a> Members<'a> {
    fn read(archive: &'a [u8], limits: &ImportLimits) -> Result<Members<'a>, ImportError> {
        let mut members = BTreeMap::new();
        let mut tar = tar::Archive::new(archive);
        let entries = tar.entries().map_err(|e| ImportError::new(&[], format!("not a tar archive: {e}")))?;
        let mut count = 0u64;
        for entry in entries {
            count += 1;
            let at = [format!("archive member #{count}")];
            if count > limits.max_archive_entries {
                return Err(ImportError::new(
                    &[],
                    format!("the archive has more than {} members (layerlab limit)", limits.max_archive_entries),
                ));
            }
            let entry = entry.map_err(|e| {
                if count == 1 {
                    ImportError::new(&[], format!("not a tar archive: its first header cannot be read ({})", brief(&e)))
                } else {
                    ImportError::new(&at, format!("the member's header cannot be read ({})", brief(&e)))
                }
            })?;
            let raw_name = entry.path_bytes().into_owned();
            let shown = String::from_utf8_lossy(&raw_name).into_owned();
            let Ok(name) = std::str::from_utf8(&raw_name) else {
                return Err(ImportError::new(&at, format!("the name {shown:?} is not UTF-8")));
            };
            let at = [format!("archive member '{shown}'")];
            let kind = entry.header().entry_type();
            if kind == tar::EntryType::XGlobalHeader {
                continue;
            }
            let name = normalise(name).map_err(|message| ImportError::new(&at, message))?;
            let member = if kind.is_dir() || (kind.is_file() && shown.ends_with('/')) {
                Member::Dir
            } else if kind.is_file() || kind.is_contiguous() {
                let start = usize::try_from(entry.raw_file_position()).unwrap_or(usize::MAX);
                let len = usize::try_from(entry.size()).unwrap_or(usize::MAX);
                let available = archive.len().saturating_sub(start);
                if len > available {
                    return Err(ImportError::new(
                        &at,
                        format!("the member is truncated: the archive ends after {available} of its {len} bytes"),
                    ));
                }
                Member::File { start, len, owner: name.clone() }
            } else if kind.is_symlink() || kind.is_hard_link() {
                let target = match entry.link_name_bytes() {
                    Some(bytes) => String::from_utf8(bytes.into_owned())
                        .map_err(|_| ImportError::new(&at, "the link target is not UTF-8"))?,
                    None => String::new(),
                };
                if kind.is_symlink() {
                    let resolved = resolve_symlink(&name, &target).map_err(|message| ImportError::new(&at, message))?;
                    Member::Symlink { target: resolved }
                } else {
                    let resolved = normalise(&target)
                        .map_err(|message| ImportError::new(&at, format!("hard link target {target:?}: {message}")))?;
                    match members.get(&resolved) {
                        Some(file @ Member::File { .. }) => file.clone(),
                        _ => {
                            return Err(ImportError::new(
                                &at,
                                format!("hard link to {target:?}, which is not an earlier file of the archive"),
                            ))
                        }
                    }
                }
            } else {
                return Err(ImportError::new(
                    &at,
                    format!("a {kind:?} entry: a docker save archive holds only files, directories and links"),
                ));
            };
            if name.is_empty() {
                if matches!(member, Member::Dir) {
                    continue;
                }
                return Err(ImportError::new(&at, "an entry for the archive's root must be a directory"));
            }
            if members.insert(name, member).is_some() {
                return Err(ImportError::new(&at, "the name appears twice in the archive"));
            }
        }
        Ok(Members { archive, members })
    }

    fn contains(&self, name: &str) -> bool {
        self.members.contains_key(name)
    }

    /// The bytes of the file `name` (symbolic links followed) and the name of the member that holds them.
    fn file(&self, name: &str) -> Result<(&'a [u8], String), String> {
        let mut current = normalise(name)?;
        for _ in 0..=MAX_LINK_HOPS {
            match self.members.get(&current) {
                None if current == name => return Err(format!("'{name}' is not in the archive")),
                None => return Err(format!("'{name}' leads to '{current}', which is not in the archive")),
                Some(Member::Dir) => return Err(format!("'{current}' is a directory, not a file")),
                Some(Member::Symlink { target }) => current = target.clone(),
                Some(Member::File { start, len, owner }) => {
                    let bytes = self
                        .archive
                        .get(*start..start.saturating_add(*len))
                        .ok_or_else(|| format!("'{current}' is truncated"))?;
                    return Ok((bytes, owner.clone()));
                }
            }
        }
        Err(format!("'{name}': too many levels of symbolic links"))
    }
}

/// `16 MiB`, `1 GiB`, or `N bytes` when not a whole number of MiB.
fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 {
        format!("{} GiB", bytes >> 30)
    } else if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// The start of an error from the tar reader, which may quote a whole damaged header.
fn brief(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// An archive name as a plain relative path: `./` prefixes, empty components and a trailing `/` dropped; absolute
/// names and `..` refused. The root is the empty string.
fn normalise(name: &str) -> Result<String, String> {
    if name.starts_with('/') {
        return Err(format!("the absolute name {name:?} is not allowed in an image archive"));
    }
    let mut parts = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(format!("the name {name:?} climbs out of the archive with '..'")),
            part => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

/// Where the symlink `name` → `target` leads, as a member name; refused if that is outside the archive.
fn resolve_symlink(name: &str, target: &str) -> Result<String, String> {
    let outside = || format!("symbolic link to {target:?}, which points outside the archive");
    if target.is_empty() || target.starts_with('/') {
        return Err(outside());
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or_else(outside)?;
            }
            part => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

/// An image read and checked, waiting for the store.
struct Pending {
    config: ImageConfig,
    config_bytes: Arc<[u8]>,
    id: Digest,
    layers: Vec<Arc<Layer>>,
    fs: Fs,
    tags: Vec<String>,
}

struct Importer<'a> {
    members: Members<'a>,
    limits: ImportLimits,
    /// Uncompressed layer bytes still allowed.
    budget: u64,
    /// Decompressed layers by the archive member that holds them (a layer shared by two images is read once).
    uncompressed: BTreeMap<String, Arc<[u8]>>,
    /// Chain ID → the tree after that stack of layers and its top layer, so images sharing a base share its tree.
    trees: BTreeMap<Digest, (Fs, Arc<Layer>)>,
    images: Vec<Pending>,
}

impl<'a> Importer<'a> {
    /// A small JSON document of the archive, bounded by `max_metadata_bytes`.
    fn metadata(&self, at: &[String], name: &str) -> Result<(&'a [u8], String), ImportError> {
        let (bytes, owner) = self.members.file(name).map_err(|message| ImportError::new(at, message))?;
        if bytes.len() as u64 > self.limits.max_metadata_bytes {
            return Err(ImportError::new(
                at,
                format!(
                    "'{name}' has {} bytes, more than the {} a metadata file may have (layerlab limit)",
                    bytes.len(),
                    self.limits.max_metadata_bytes
                ),
            ));
        }
        Ok((bytes, owner))
    }

    /// Docker 25+: `oci-layout`, `index.json`, manifests and blobs under `blobs/sha256/`.
    fn oci_layout(&mut self) -> Result<(), ImportError> {
        let layout_at = [oci::OCI_LAYOUT_FILE.to_owned()];
        let (layout, _) = self.metadata(&layout_at, oci::OCI_LAYOUT_FILE)?;
        oci::parse_oci_layout(layout).map_err(|e| ImportError::new(&[], e.to_string()))?;
        let index_at = [oci::INDEX_FILE.to_owned()];
        let (index, _) = self.metadata(&index_at, oci::INDEX_FILE)?;
        let index = oci::parse_index(index).map_err(|e| ImportError::new(&index_at, e.to_string()))?;
        if index.manifests.is_empty() {
            return Err(ImportError::new(&index_at, "the index lists no images"));
        }
        for (i, descriptor) in index.manifests.iter().enumerate() {
            let tags = index_tags(descriptor).map_err(|message| {
                ImportError::new(&[oci::INDEX_FILE.to_owned(), format!("manifests[{i}]")], message)
            })?;
            let label = match tags.first() {
                Some(tag) => format!("manifests[{i}] ({tag})"),
                None => format!("manifests[{i}]"),
            };
            let at = vec![oci::INDEX_FILE.to_owned(), label];
            let manifest = if oci::is_manifest_media_type(&descriptor.media_type) {
                descriptor.clone()
            } else if oci::is_index_media_type(&descriptor.media_type) {
                self.pick_platform(&at, descriptor)?
            } else {
                return Err(ImportError::new(
                    &at,
                    format!("media type {:?} is neither an image manifest nor an image index", descriptor.media_type),
                ));
            };
            let pending = self.oci_image(&at, &manifest, tags)?;
            self.add(pending);
        }
        Ok(())
    }

    /// The manifest for `limits.arch` in a multi-platform index (attestations and other platforms skipped).
    fn pick_platform(&self, at: &[String], descriptor: &Descriptor) -> Result<Descriptor, ImportError> {
        let bytes = self.blob(at, descriptor, true)?;
        let index = oci::parse_index(bytes).map_err(|e| ImportError::new(at, e.to_string()))?;
        let arch = self.limits.arch.oci();
        let mut seen = Vec::new();
        for candidate in &index.manifests {
            let platform = candidate.platform.as_ref().map(|p| p.to_string());
            seen.push(platform.clone().unwrap_or_else(|| "no platform".to_owned()));
            let fits = candidate.platform.as_ref().is_some_and(|p| p.os == "linux" && p.architecture == arch);
            if fits && oci::is_manifest_media_type(&candidate.media_type) {
                return Ok(candidate.clone());
            }
        }
        Err(ImportError::new(
            at,
            format!(
                "the image index {} has no linux/{arch} image (it has: {})",
                descriptor.digest,
                if seen.is_empty() { "nothing".to_owned() } else { seen.join(", ") }
            ),
        ))
    }

    /// A blob of the layout, checked against its descriptor; `metadata` bounds its size first.
    fn blob(&self, at: &[String], descriptor: &Descriptor, metadata: bool) -> Result<&'a [u8], ImportError> {
        let path = oci::blob_path(&descriptor.digest);
        let (bytes, _) = if metadata {
            self.metadata(at, &path)?
        } else {
            self.members.file(&path).map_err(|message| ImportError::new(at, message))?
        };
        let blob_at = [at, &[format!("blob '{path}'")]].concat();
        descriptor.verify(bytes).map_err(|e| ImportError::new(&blob_at, mismatch_message(&e.message)))?;
        Ok(bytes)
    }

    fn oci_image(&mut self, at: &[String], manifest: &Descriptor, tags: Vec<String>) -> Result<Pending, ImportError> {
        let bytes = self.blob(at, manifest, true)?;
        let manifest_at = [at, &[format!("manifest {}", manifest.digest)]].concat();
        let manifest = oci::parse_manifest(bytes).map_err(|e| ImportError::new(&manifest_at, e.to_string()))?;
        let config_at = [&manifest_at[..], &[format!("config {}", manifest.config.digest)]].concat();
        let config_bytes = self.blob(&config_at, &manifest.config, true)?;
        let config = read_config(&config_at, config_bytes, manifest.layers.len())?;
        let config_bytes: Arc<[u8]> = config_bytes.into();
        let mut fs = Fs::with_limits(self.limits.fs);
        let mut layers = Vec::new();
        let count = manifest.layers.len();
        for (i, descriptor) in manifest.layers.iter().enumerate() {
            let layer_at =
                [&manifest_at[..], &[format!("layer {} of {count} ({})", i + 1, descriptor.digest)]].concat();
            let stored = self.blob(&layer_at, descriptor, false)?;
            let key = oci::blob_path(&descriptor.digest);
            layers.push(self.layer(&layer_at, &key, stored, &config.rootfs.diff_ids[..=i], &mut fs)?);
        }
        let id = Digest::sha256(&config_bytes);
        Ok(Pending { config, config_bytes, id, layers, fs, tags })
    }

    /// Docker up to 24 (and Docker 25+'s second copy): `manifest.json` naming configs and layer tars by path.
    fn legacy_layout(&mut self) -> Result<(), ImportError> {
        let manifest_at = [oci::MANIFEST_FILE.to_owned()];
        let (bytes, _) = self.metadata(&manifest_at, oci::MANIFEST_FILE)?;
        let entries = oci::parse_legacy_manifest(bytes).map_err(|e| ImportError::new(&[], e.to_string()))?;
        if entries.is_empty() {
            return Err(ImportError::new(&manifest_at, "the manifest lists no images"));
        }
        for (i, entry) in entries.iter().enumerate() {
            let label = match entry.repo_tags.first() {
                Some(tag) => format!("image {} ({tag})", i + 1),
                None => format!("image {}", i + 1),
            };
            let at = vec![oci::MANIFEST_FILE.to_owned(), label];
            let mut tags = Vec::new();
            for tag in &entry.repo_tags {
                let familiar = Reference::parse(tag).ok().and_then(|r| r.repo_tag()).ok_or_else(|| {
                    ImportError::new(&at, format!("RepoTags entry {tag:?} is not a name:tag reference"))
                })?;
                if !tags.contains(&familiar) {
                    tags.push(familiar);
                }
            }
            let config_at = [&at[..], &[format!("config '{}'", entry.config)]].concat();
            let (config_bytes, _) = self.metadata(&config_at, &entry.config)?;
            if let Some(named) = entry.config_digest() {
                let actual = Digest::sha256(config_bytes);
                if actual != named {
                    return Err(ImportError::new(
                        &config_at,
                        format!("the content has digest {actual}, but its name says {named}"),
                    ));
                }
            }
            let config = read_config(&config_at, config_bytes, entry.layers.len())?;
            let config_bytes: Arc<[u8]> = config_bytes.into();
            let mut fs = Fs::with_limits(self.limits.fs);
            let mut layers = Vec::new();
            let count = entry.layers.len();
            for (l, path) in entry.layers.iter().enumerate() {
                let layer_at = [&at[..], &[format!("layer {} of {count} ('{path}')", l + 1)]].concat();
                let (stored, owner) = self.members.file(path).map_err(|message| ImportError::new(&at, message))?;
                if let Some(named) = oci::digest_from_blob_path(&normalise(path).unwrap_or_default()) {
                    let actual = Digest::sha256(stored);
                    if actual != named {
                        return Err(ImportError::new(
                            &layer_at,
                            format!("the blob has digest {actual}, but its name says {named}"),
                        ));
                    }
                }
                layers.push(self.layer(&layer_at, &owner, stored, &config.rootfs.diff_ids[..=l], &mut fs)?);
            }
            let id = Digest::sha256(&config_bytes);
            self.add(Pending { config, config_bytes, id, layers, fs, tags });
        }
        Ok(())
    }

    /// One layer: decompressed within the budget, checked against its diff_id (the last of `diff_ids`), applied onto
    /// `fs`. A stack of layers seen before (same chain ID) is not applied again.
    fn layer(
        &mut self,
        at: &[String],
        key: &str,
        stored: &[u8],
        diff_ids: &[Digest],
        fs: &mut Fs,
    ) -> Result<Arc<Layer>, ImportError> {
        let Some(chain_id) = oci::chain_id(diff_ids) else {
            return Err(ImportError::new(at, "no diff_id for this layer"));
        };
        if let Some((tree, layer)) = self.trees.get(&chain_id) {
            *fs = tree.clone();
            return Ok(layer.clone());
        }
        let bytes = match self.uncompressed.get(key) {
            Some(bytes) => bytes.clone(),
            None => {
                let limit = usize::try_from(self.budget).unwrap_or(usize::MAX);
                let too_big = || {
                    let max = size_text(self.limits.max_layer_bytes);
                    format!("the uncompressed layers add up to more than {max} (layerlab limit)")
                };
                // The decompressors stop at `limit` and say so with their own wording; this one names the import's
                // total, which is what the user can change.
                let decompressed = |what: &str, result: Result<Vec<u8>, String>| match result {
                    Ok(bytes) => Ok(Arc::<[u8]>::from(bytes)),
                    Err(e) if e.contains("(layerlab limit)") => {
                        Err(ImportError::new(at, format!("{what}: {}", too_big())))
                    }
                    Err(e) => Err(ImportError::new(at, format!("{what}: {e}"))),
                };
                let bytes: Arc<[u8]> = if gzip::is_gzip(stored) {
                    decompressed("gzip", gzip::decompress(stored, limit))?
                } else if zstd::is_zstd(stored) {
                    decompressed("zstd", zstd::decompress(stored, limit))?
                } else if stored.len() > limit {
                    return Err(ImportError::new(at, too_big()));
                } else {
                    stored.into()
                };
                self.budget = self.budget.saturating_sub(bytes.len() as u64);
                self.uncompressed.insert(key.to_owned(), bytes.clone());
                bytes
            }
        };
        let diff_id = Digest::sha256(&bytes);
        let expected = diff_ids.last().unwrap_or(&chain_id);
        if &diff_id != expected {
            return Err(ImportError::new(
                at,
                format!(
                    "the uncompressed layer has digest {diff_id}, but the config's rootfs.diff_ids[{}] says {expected}",
                    diff_ids.len() - 1
                ),
            ));
        }
        let (_, changes) = layer::apply_layer(fs, &bytes, self.limits.max_layer_entries)
            .map_err(|e| ImportError::new(at, e.to_string()))?;
        let size = bytes.len() as u64;
        let layer = Arc::new(Layer { diff_id, size, changes, source: LayerSource::Bytes(bytes) });
        self.trees.insert(chain_id, (fs.clone(), layer.clone()));
        Ok(layer)
    }

    /// Adds an image; one already read (the same config, listed again under another name) only gains the tags.
    fn add(&mut self, pending: Pending) {
        if let Some(known) = self.images.iter_mut().find(|p| p.id == pending.id) {
            for tag in pending.tags {
                if !known.tags.contains(&tag) {
                    known.tags.push(tag);
                }
            }
            return;
        }
        self.images.push(pending);
    }
}

/// Reads and checks a config: what `docker load` checks, and one diff_id per layer.
fn read_config(at: &[String], bytes: &[u8], layers: usize) -> Result<ImageConfig, ImportError> {
    let config = oci::parse_config(bytes).map_err(|e| ImportError::new(at, e.to_string()))?;
    config.validate().map_err(|e| ImportError::new(at, e.to_string()))?;
    if config.rootfs.diff_ids.len() != layers {
        return Err(ImportError::new(
            at,
            format!(
                "the manifest lists {layers} layers, but the config's rootfs.diff_ids has {}",
                config.rootfs.diff_ids.len()
            ),
        ));
    }
    Ok(config)
}

/// The familiar `name:tag` an index entry names (containerd's full name first, else an OCI ref name that is a whole
/// reference); a bare tag in `org.opencontainers.image.ref.name` names no repository and is left out, as is a
/// name without a tag.
fn index_tags(descriptor: &Descriptor) -> Result<Vec<String>, String> {
    let name = match descriptor.annotation(oci::ANNOTATION_CONTAINERD_IMAGE_NAME) {
        Some(name) => name,
        None => match descriptor.annotation(oci::ANNOTATION_REF_NAME) {
            Some(name) if name.contains(['/', ':', '@']) => name,
            _ => return Ok(Vec::new()),
        },
    };
    let reference = Reference::parse(name).map_err(|e| format!("the image name {name:?} is not a reference: {e}"))?;
    Ok(reference.repo_tag().into_iter().collect())
}

/// The descriptor check's message, without the blob digest the location already shows.
fn mismatch_message(message: &str) -> String {
    match message.split_once(": ") {
        Some((head, rest)) if head.starts_with("blob ") => format!("the descriptor does not match: {rest}"),
        _ => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_and_links_kept_inside() {
        assert_eq!(normalise("./blobs//sha256/ab/").unwrap(), "blobs/sha256/ab");
        assert_eq!(normalise("./").unwrap(), "");
        assert!(normalise("a/../../b").is_err());
        assert!(normalise("/etc").is_err());
        assert_eq!(resolve_symlink("abc/layer.tar", "../def/layer.tar").unwrap(), "def/layer.tar");
        assert_eq!(resolve_symlink("layer.tar", "./x").unwrap(), "x");
        assert!(resolve_symlink("abc/layer.tar", "../../x").is_err());
        assert!(resolve_symlink("abc/layer.tar", "/x").is_err());
        assert!(resolve_symlink("abc/layer.tar", "").is_err());
    }

    #[test]
    fn an_empty_or_damaged_archive_is_refused_and_the_store_unchanged() {
        let mut store = ImageStore::new();
        let limits = ImportLimits::default();
        for (input, message) in [
            (&b""[..], "not a docker save archive: it has neither manifest.json nor oci-layout and index.json"),
            (&[0u8; 1024][..], "not a docker save archive: it has neither manifest.json nor oci-layout and index.json"),
        ] {
            assert_eq!(import_archive(&mut store, input, &limits).unwrap_err().to_string(), message);
        }
        let garbage = [0x41u8; 600];
        let error = import_archive(&mut store, &garbage, &limits).unwrap_err().to_string();
        assert!(error.starts_with("not a tar archive: its first header cannot be read"), "{error}");
        assert_eq!(store.images().count(), 0);
    }
}
