//! The session's image store: images (their layers shared between images, never copied), tags, and the build
//! cache. A layer keeps what it needs to write its tar again (a file-tree snapshot and the change list, or the
//! original bytes of an imported layer) rather than the tar itself, so memory stays near one copy of the files.

use crate::layer::{self, Change, LayerOptions};
use crate::oci::{self, Digest, ImageConfig};
use crate::vfs::Fs;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;
pub mod export;
pub mod import;

/// Where a layer's tar comes from.
#[derive(Clone, Debug)]
enum LayerSource {
    /// Written from a snapshot of the tree after the step and the changes the step made.
    Snapshot { upper: Fs, mtime: u64 },
    /// An imported layer, kept byte for byte.
    Bytes(Arc<[u8]>),
}

/// One read-only layer.
#[derive(Clone, Debug)]
pub struct Layer {
    pub diff_id: Digest,
    /// Bytes of the uncompressed tar.
    pub size: u64,
    /// What the layer adds, changes and deletes.
    pub changes: Vec<Change>,
    source: LayerSource,
}

impl Layer {
    /// The layer between two trees: computes the changes and hashes the tar while writing it nowhere.
    pub fn from_diff(lower: &Fs, upper: &Fs, mtime: u64) -> Layer {
        let changes = layer::diff(lower, upper);
        Layer::from_changes(upper, changes, mtime)
    }

    pub fn from_changes(upper: &Fs, changes: Vec<Change>, mtime: u64) -> Layer {
        let mut hasher = oci::Sha256Writer::new(io::sink());
        // Writing to a sink cannot fail; the digest is of exactly the bytes `write_tar` will produce later.
        let _ = layer::write_layer_tar(upper, &changes, &LayerOptions { mtime }, &mut hasher);
        let (diff_id, size, _) = hasher.finish();
        Layer { diff_id, size, changes, source: LayerSource::Snapshot { upper: upper.clone(), mtime } }
    }

    /// A layer from tar bytes as they are (imported images): the diff_id is their digest.
    pub fn from_bytes(bytes: Arc<[u8]>, changes: Vec<Change>) -> Layer {
        Layer { diff_id: Digest::sha256(&bytes), size: bytes.len() as u64, changes, source: LayerSource::Bytes(bytes) }
    }

    /// Writes the layer's tar; the bytes hash to `diff_id`.
    pub fn write_tar(&self, out: &mut dyn Write) -> io::Result<u64> {
        match &self.source {
            LayerSource::Snapshot { upper, mtime } => {
                layer::write_layer_tar(upper, &self.changes, &LayerOptions { mtime: *mtime }, out)
            }
            LayerSource::Bytes(bytes) => {
                out.write_all(bytes)?;
                Ok(bytes.len() as u64)
            }
        }
    }

    pub fn tar_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(usize::try_from(self.size).unwrap_or(0));
        let _ = self.write_tar(&mut out);
        out
    }
}

/// An image: its config (whose digest is the image ID), its layers, and the file tree they add up to.
#[derive(Clone, Debug)]
pub struct Image {
    pub id: Digest,
    pub config: ImageConfig,
    pub config_bytes: Arc<[u8]>,
    pub layers: Vec<Arc<Layer>>,
    /// The merged tree of all layers, for containers, COPY --from and the file browser.
    pub fs: Fs,
    /// The image this one was built on (classic builder's parent chain), for `docker history` and the UI.
    pub parent: Option<Digest>,
}

impl Image {
    pub fn new(config: ImageConfig, layers: Vec<Arc<Layer>>, fs: Fs, parent: Option<Digest>) -> Image {
        let bytes: Arc<[u8]> = oci::config_bytes(&config).into();
        Image { id: Digest::sha256(&bytes), config, config_bytes: bytes, layers, fs, parent }
    }

    /// An image whose config arrives as bytes (an import): they are kept exactly as they are, so the image ID — their
    /// digest — stays the one Docker shows. `config` must be what the bytes say.
    pub fn with_config_bytes(
        config: ImageConfig,
        config_bytes: Arc<[u8]>,
        layers: Vec<Arc<Layer>>,
        fs: Fs,
        parent: Option<Digest>,
    ) -> Image {
        Image { id: Digest::sha256(&config_bytes), config, config_bytes, layers, fs, parent }
    }

    /// The OCI manifest of the image (uncompressed layers) and its digest: the ID the containerd store shows.
    pub fn manifest(&self) -> (Vec<u8>, Digest) {
        let manifest = oci::Manifest::new(
            oci::Descriptor::new(oci::media_types::OCI_CONFIG, self.id.clone(), self.config_bytes.len() as u64),
            self.layers
                .iter()
                .map(|l| oci::Descriptor::new(oci::media_types::OCI_LAYER, l.diff_id.clone(), l.size))
                .collect(),
        );
        let bytes = oci::manifest_bytes(&manifest);
        let digest = Digest::sha256(&bytes);
        (bytes, digest)
    }

    /// Total bytes of the layers.
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|l| l.size).sum()
    }
}

/// A build-cache entry: building `instruction` on `parent` produced `image`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheEntry {
    pub image: Digest,
    /// The instruction as written, to explain a later miss ("this line changed").
    pub instruction: String,
    /// For COPY/ADD: each copied file and a fingerprint of its contents, to name the files that changed.
    pub files: Vec<(String, u64)>,
}

/// Images, tags and the build cache of one session.
#[derive(Clone, Debug, Default)]
pub struct ImageStore {
    images: BTreeMap<Digest, Arc<Image>>,
    /// Familiar references (`hello:latest`, `lee20h/hello:1.0`) → image ID.
    tags: BTreeMap<String, Digest>,
    /// (parent image ID, history `created_by`) → entry.
    cache: BTreeMap<(Digest, String), CacheEntry>,
}

impl ImageStore {
    pub fn new() -> ImageStore {
        ImageStore::default()
    }

    /// Adds an image (an identical one already stored is kept) and returns the stored one. Each of its layers that the
    /// store already holds (same diff ID: the same tar) is replaced by the stored one, so images pulled, built and
    /// loaded separately share their common layers as Docker's layer store does.
    pub fn insert(&mut self, mut image: Image) -> Arc<Image> {
        if let Some(stored) = self.images.get(&image.id) {
            return stored.clone();
        }
        for layer in &mut image.layers {
            let known = self.images.values().find_map(|i| i.layers.iter().find(|l| l.diff_id == layer.diff_id));
            if let Some(known) = known {
                *layer = known.clone();
            }
        }
        self.images.entry(image.id.clone()).or_insert_with(|| Arc::new(image)).clone()
    }

    pub fn get(&self, id: &Digest) -> Option<Arc<Image>> {
        self.images.get(id).cloned()
    }

    pub fn images(&self) -> impl Iterator<Item = &Arc<Image>> {
        self.images.values()
    }

    /// Finds an image by tag (`alpine`, `hello:1.0`, `docker.io/library/hello:latest`) or by ID (full, `sha256:`
    /// prefixed, or an unambiguous hex prefix of at least 4 characters).
    pub fn resolve(&self, reference: &str) -> Option<Arc<Image>> {
        if let Ok(parsed) = oci::Reference::parse(reference) {
            if let Some(id) = self.tags.get(&parsed.familiar()) {
                return self.get(id);
            }
        }
        let hex = reference.strip_prefix("sha256:").unwrap_or(reference);
        if hex.len() >= 4 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            let mut found = self.images.iter().filter(|(id, _)| id.hex().starts_with(hex));
            if let (Some((_, image)), None) = (found.next(), found.next()) {
                return Some(image.clone());
            }
        }
        None
    }

    /// Removes an image, every tag naming it and the cache entries that produce it (`docker rmi`); returns it.
    pub fn remove(&mut self, id: &Digest) -> Option<Arc<Image>> {
        let removed = self.images.remove(id)?;
        self.tags.retain(|_, v| v != id);
        self.cache.retain(|(parent, _), entry| entry.image != *id && parent != id);
        Some(removed)
    }

    /// Points `tag` at `id`; returns the image it pointed at before, if another.
    pub fn tag(&mut self, tag: &str, id: &Digest) -> Option<Digest> {
        let familiar = oci::Reference::parse(tag).map(|r| r.familiar()).unwrap_or_else(|_| tag.to_string());
        let previous = self.tags.insert(familiar, id.clone());
        previous.filter(|p| p != id)
    }

    pub fn untag(&mut self, tag: &str) -> Option<Digest> {
        let familiar = oci::Reference::parse(tag).map(|r| r.familiar()).unwrap_or_else(|_| tag.to_string());
        self.tags.remove(&familiar)
    }

    /// The tags naming `id`, sorted.
    pub fn tags_of(&self, id: &Digest) -> Vec<String> {
        self.tags.iter().filter(|(_, v)| *v == id).map(|(k, _)| k.clone()).collect()
    }

    pub fn tags(&self) -> impl Iterator<Item = (&str, &Digest)> {
        self.tags.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn cache_get(&self, parent: &Digest, created_by: &str) -> Option<&CacheEntry> {
        self.cache.get(&(parent.clone(), created_by.to_string())).filter(|e| self.images.contains_key(&e.image))
    }

    pub fn cache_put(&mut self, parent: &Digest, created_by: &str, entry: CacheEntry) {
        self.cache.insert((parent.clone(), created_by.to_string()), entry);
    }

    /// Every cache entry built on `parent`, to explain a miss.
    pub fn cache_children<'a>(&'a self, parent: &'a Digest) -> impl Iterator<Item = (&'a str, &'a CacheEntry)> + 'a {
        self.cache.iter().filter(move |((p, _), _)| p == parent).map(|((_, created_by), e)| (created_by.as_str(), e))
    }
}
