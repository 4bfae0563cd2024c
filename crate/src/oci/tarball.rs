//! The image tarball `docker save` writes since Docker 25, which `docker load` reads in both image stores: an OCI
//! image layout (`index.json`, `oci-layout`, `blobs/sha256/…`) for the containerd store, and the legacy
//! `manifest.json` (plus `repositories`) for the classic store, in one tar (image-format.md, "One tarball, both
//! layouts").
//!
//! This module knows nothing of the image store: an image is its config bytes, its layer [`Blob`]s and its tags.
//! Layers are uncompressed (`application/vnd.oci.image.layer.v1.tar`), so a layer's digest is its diff ID. Layer
//! blobs are streamed: each is written by [`Blob::write_to`] straight after its tar header (the size is known up
//! front) and checked while it passes (exactly `size` bytes, hashing to its digest — unless the blob vouches for its
//! digest, see [`Blob::digest_is_trusted`]); nothing buffers a whole layer.
//!
//! Entries, in this order: `blobs/`, `blobs/sha256/` (directories, 0755), every blob once sorted by digest (configs,
//! layers and manifests; shared layers are written once), `index.json`, `manifest.json`, `oci-layout`, and
//! `repositories` when some tagged image has layers. Headers are ustar, filled field by field: mtime 0, uid/gid 0,
//! empty user and group names, files 0644.

use super::{
    blob_path, image_name_annotations, index_bytes, legacy_manifest_bytes, manifest_bytes, media_types,
    oci_layout_bytes, Descriptor, Digest, Index, LegacyManifestEntry, Manifest, Reference, Sha256Writer, BLOBS_DIR,
    BLOBS_SHA256_DIR, INDEX_FILE, MANIFEST_FILE, OCI_LAYOUT_FILE, REPOSITORIES_FILE,
};
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::io::{self, Write};
use tar::{EntryType, Header};

/// Content that can be written into the tarball as `blobs/sha256/<hex>`: its digest and size are known before it
/// is written, so it can be streamed.
pub trait Blob {
    /// The sha256 of the bytes `write_to` writes (for an uncompressed layer, its diff ID).
    fn digest(&self) -> &Digest;
    /// The number of bytes `write_to` writes.
    fn size(&self) -> u64;
    /// Writes the content; returns the number of bytes written.
    fn write_to(&self, out: &mut dyn Write) -> io::Result<u64>;
    /// Whether [`Blob::digest`] was computed from exactly the bytes `write_to` writes, of content that cannot have
    /// changed since (the store's layers: an immutable tree snapshot through a deterministic tar writer, or tar bytes
    /// kept as they are). The writer then only counts the bytes on their way instead of hashing them a second time:
    /// hashing is most of the work of an export. By default false, and the bytes are hashed and checked.
    fn digest_is_trusted(&self) -> bool {
        false
    }
}

/// A blob held in memory (configs and manifests, and tests' layers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BytesBlob {
    digest: Digest,
    bytes: Vec<u8>,
}

impl BytesBlob {
    pub fn new(bytes: Vec<u8>) -> BytesBlob {
        BytesBlob { digest: Digest::sha256(&bytes), bytes }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl Blob for BytesBlob {
    fn digest(&self) -> &Digest {
        &self.digest
    }

    fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    fn write_to(&self, out: &mut dyn Write) -> io::Result<u64> {
        out.write_all(&self.bytes)?;
        Ok(self.bytes.len() as u64)
    }
}

/// One image to put in a tarball.
#[derive(Clone)]
pub struct TarballImage<'a> {
    /// The exact config bytes (their digest is the classic store's image ID).
    pub config_bytes: &'a [u8],
    /// sha256 of `config_bytes`; checked.
    pub config_digest: Digest,
    /// The layer blobs, base first, uncompressed: each digest must equal the matching `diff_ids` entry.
    pub layers: Vec<&'a dyn Blob>,
    /// The config's `rootfs.diff_ids`, one per layer.
    pub diff_ids: Vec<Digest>,
    /// The names to load the image under; each needs a tag. None: the image loads untagged.
    pub repo_tags: Vec<Reference>,
}

impl TarballImage<'_> {
    /// The OCI manifest written for this image and its digest (the image ID the containerd store shows).
    pub fn manifest(&self) -> (Vec<u8>, Digest) {
        let manifest = Manifest::new(
            Descriptor::new(media_types::OCI_CONFIG, self.config_digest.clone(), self.config_bytes.len() as u64),
            self.layers.iter().map(|l| Descriptor::new(media_types::OCI_LAYER, l.digest().clone(), l.size())).collect(),
        );
        let bytes = manifest_bytes(&manifest);
        let digest = Digest::sha256(&bytes);
        (bytes, digest)
    }

    /// The tags, each with a tag and without a digest, deduplicated in order.
    fn tagged_references(&self) -> io::Result<Vec<Reference>> {
        let mut out: Vec<Reference> = Vec::new();
        for reference in &self.repo_tags {
            let Some(tag) = reference.tag() else {
                return Err(invalid_input(format!(
                    "cannot save {} under a name without a tag: the loaded image's RepoTags entries need one",
                    reference.familiar()
                )));
            };
            let tagged = reference.with_tag(tag).map_err(|e| invalid_input(e.to_string()))?;
            if !out.contains(&tagged) {
                out.push(tagged);
            }
        }
        Ok(out)
    }

    /// Refuses an image whose parts disagree, before anything is written.
    fn check(&self) -> io::Result<()> {
        let actual = Digest::sha256(self.config_bytes);
        if actual != self.config_digest {
            return Err(invalid_input(format!("image config {}: its bytes have digest {actual}", self.config_digest)));
        }
        if self.layers.len() != self.diff_ids.len() {
            return Err(invalid_input(format!(
                "image {}: {} layers but {} diff_ids; loaders need one layer per diff_id",
                self.config_digest,
                self.layers.len(),
                self.diff_ids.len()
            )));
        }
        for (layer, diff_id) in self.layers.iter().zip(&self.diff_ids) {
            if layer.digest() != diff_id {
                return Err(invalid_input(format!(
                    "image {}: layer {} is written uncompressed, so its digest must equal its diff_id {diff_id}",
                    self.config_digest,
                    layer.digest()
                )));
            }
        }
        Ok(())
    }
}

/// Where a blob's bytes come from.
enum Source<'a> {
    Memory(Vec<u8>),
    Stream(&'a dyn Blob),
}

impl Source<'_> {
    fn size(&self) -> u64 {
        match self {
            Source::Memory(bytes) => bytes.len() as u64,
            Source::Stream(blob) => blob.size(),
        }
    }
}

/// Everything to write, decided before the first byte goes out.
struct Plan<'a> {
    blobs: BTreeMap<Digest, Source<'a>>,
    files: Vec<(&'static str, Vec<u8>)>,
}

fn plan<'a>(images: &[TarballImage<'a>]) -> io::Result<Plan<'a>> {
    let mut blobs: BTreeMap<Digest, Source<'a>> = BTreeMap::new();
    let mut descriptors: Vec<Descriptor> = Vec::new();
    let mut legacy: Vec<LegacyManifestEntry> = Vec::new();
    let mut repositories: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut tag_owner: BTreeMap<String, Digest> = BTreeMap::new();

    for image in images {
        image.check()?;
        let references = image.tagged_references()?;
        let (manifest, manifest_digest) = image.manifest();
        let manifest_descriptor =
            Descriptor::new(media_types::OCI_MANIFEST, manifest_digest.clone(), manifest.len() as u64);

        blobs.entry(image.config_digest.clone()).or_insert_with(|| Source::Memory(image.config_bytes.to_vec()));
        for layer in &image.layers {
            if let Entry::Vacant(slot) = blobs.entry(layer.digest().clone()) {
                slot.insert(Source::Stream(*layer));
            }
        }
        blobs.entry(manifest_digest.clone()).or_insert(Source::Memory(manifest));

        let mut repo_tags = Vec::new();
        for reference in &references {
            let repo_tag = reference.familiar();
            if let Some(other) = tag_owner.insert(repo_tag.clone(), manifest_digest.clone()) {
                if other != manifest_digest {
                    return Err(invalid_input(format!("{repo_tag} names two different images")));
                }
            }
            let mut descriptor = manifest_descriptor.clone();
            descriptor.annotations = Some(image_name_annotations(reference));
            descriptors.push(descriptor);
            if let (Some(tag), Some(top)) = (reference.tag(), image.diff_ids.last()) {
                repositories.entry(reference.familiar_name()).or_default().insert(tag.to_string(), top.hex().into());
            }
            repo_tags.push(repo_tag);
        }
        if references.is_empty() {
            descriptors.push(manifest_descriptor);
        }
        legacy.push(LegacyManifestEntry {
            config: blob_path(&image.config_digest),
            repo_tags,
            layers: image.layers.iter().map(|l| blob_path(l.digest())).collect(),
        });
    }

    let mut files = vec![
        (INDEX_FILE, index_bytes(&Index::new(descriptors))),
        (MANIFEST_FILE, legacy_manifest_bytes(&legacy)),
        (OCI_LAYOUT_FILE, oci_layout_bytes()),
    ];
    if !repositories.is_empty() {
        files.push((REPOSITORIES_FILE, serde_json::to_vec(&repositories).map_err(io::Error::other)?));
    }
    Ok(Plan { blobs, files })
}

const BLOCK: u64 = 512;
const NAME_FIELD: usize = 100;

/// Writes the tarball of `images` to `out`; returns the number of bytes written. Nothing is written if the images
/// are inconsistent (`InvalidInput`); a layer blob that writes other bytes than it announced is an `InvalidData`
/// error (the output is then incomplete).
pub fn write_image_tarball(images: &[TarballImage], out: &mut dyn Write) -> io::Result<u64> {
    let plan = plan(images)?;
    let mut out = Counter { out, written: 0 };
    write_header(&mut out, BLOBS_DIR, EntryType::Directory, 0o755, 0)?;
    write_header(&mut out, BLOBS_SHA256_DIR, EntryType::Directory, 0o755, 0)?;
    for (digest, source) in &plan.blobs {
        let size = source.size();
        write_header(&mut out, &blob_path(digest), EntryType::Regular, 0o644, size)?;
        match source {
            Source::Memory(bytes) => out.write_all(bytes)?,
            Source::Stream(blob) => stream_blob(*blob, &mut out)?,
        }
        pad(&mut out, size)?;
    }
    for (name, bytes) in &plan.files {
        write_header(&mut out, name, EntryType::Regular, 0o644, bytes.len() as u64)?;
        out.write_all(bytes)?;
        pad(&mut out, bytes.len() as u64)?;
    }
    out.write_all(&[0; 2 * BLOCK as usize])?;
    out.flush()?;
    Ok(out.written)
}

/// The tarball as bytes (for the browser's download).
pub fn image_tarball_bytes(images: &[TarballImage]) -> io::Result<Vec<u8>> {
    let size = image_tarball_size(images)?;
    let mut out = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    write_image_tarball(images, &mut out)?;
    Ok(out)
}

/// The exact number of bytes [`write_image_tarball`] writes, without writing or generating any layer.
pub fn image_tarball_size(images: &[TarballImage]) -> io::Result<u64> {
    let plan = plan(images)?;
    let entry = |size: u64| BLOCK.saturating_add(size.div_ceil(BLOCK).saturating_mul(BLOCK));
    let blobs = plan.blobs.values().fold(0u64, |sum, source| sum.saturating_add(entry(source.size())));
    let files = plan.files.iter().fold(0u64, |sum, (_, bytes)| sum.saturating_add(entry(bytes.len() as u64)));
    Ok((4 * BLOCK).saturating_add(blobs).saturating_add(files))
}

/// Streams one blob through a guard that refuses bytes beyond its size, hashing what passes unless the blob's digest
/// is trusted.
fn stream_blob(blob: &dyn Blob, out: &mut dyn Write) -> io::Result<()> {
    let size = blob.size();
    let mut guard = Bounded { out, remaining: size };
    let (claimed, digest) = if blob.digest_is_trusted() {
        (blob.write_to(&mut guard).map_err(|e| while_writing(blob, e))?, None)
    } else {
        let mut hashed = Sha256Writer::new(&mut guard);
        let claimed = blob.write_to(&mut hashed).map_err(|e| while_writing(blob, e))?;
        (claimed, Some(hashed.finish().0))
    };
    let written = size - guard.remaining;
    if written != size || claimed != written {
        return Err(invalid_data(format!(
            "blob {}: wrote {written} bytes (and reported {claimed}), but its size is {size}",
            blob.digest()
        )));
    }
    match digest {
        Some(digest) if &digest != blob.digest() => {
            Err(invalid_data(format!("blob {}: the bytes written have digest {digest}", blob.digest())))
        }
        _ => Ok(()),
    }
}

/// A blob's write error, naming the blob (the guard's own `InvalidData` already says what went wrong).
fn while_writing(blob: &dyn Blob, error: io::Error) -> io::Error {
    if error.kind() == io::ErrorKind::InvalidData {
        error
    } else {
        io::Error::new(error.kind(), format!("writing blob {}: {error}", blob.digest()))
    }
}

/// A writer that accepts at most `remaining` bytes: a blob cannot write past its tar entry.
struct Bounded<'a> {
    out: &'a mut dyn Write,
    remaining: u64,
}

impl Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.len() as u64 > self.remaining {
            return Err(invalid_data(format!(
                "a blob wrote more bytes than its size ({} more than the {} left)",
                buf.len() as u64 - self.remaining,
                self.remaining
            )));
        }
        let written = self.out.write(buf)?;
        let written = written.min(buf.len());
        self.remaining -= written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Counts what reaches the output.
struct Counter<'a> {
    out: &'a mut dyn Write,
    written: u64,
}

impl Write for Counter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.out.write(buf)?.min(buf.len());
        self.written = self.written.saturating_add(written as u64);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A ustar header with every field set by hand (no file-system metadata), checksum last.
fn write_header(out: &mut dyn Write, name: &str, kind: EntryType, mode: u32, size: u64) -> io::Result<()> {
    if name.len() > NAME_FIELD {
        return Err(invalid_input(format!("tar entry name too long: {name}")));
    }
    let mut header = Header::new_ustar();
    let field = &mut header.as_old_mut().name;
    for (to, from) in field.iter_mut().zip(name.as_bytes()) {
        *to = *from;
    }
    header.set_mode(mode);
    header.set_uid(0);
    header.set_gid(0);
    header.set_size(size);
    header.set_mtime(0);
    header.set_entry_type(kind);
    if let Some(ustar) = header.as_ustar_mut() {
        ustar.uname = [0; 32];
        ustar.gname = [0; 32];
        ustar.set_device_major(0);
        ustar.set_device_minor(0);
    }
    header.set_cksum();
    out.write_all(header.as_bytes())
}

/// Zeros up to the next 512-byte boundary after `size` bytes of content.
fn pad(out: &mut dyn Write, size: u64) -> io::Result<()> {
    let tail = size % BLOCK;
    if tail == 0 {
        return Ok(());
    }
    let zeros = [0u8; BLOCK as usize];
    out.write_all(zeros.get(..(BLOCK - tail) as usize).unwrap_or(&zeros))
}

fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

fn invalid_data(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::oci::{parse_index, parse_legacy_manifest, parse_manifest, ANNOTATION_CONTAINERD_IMAGE_NAME};
    use crate::oci::{ANNOTATION_REF_NAME, EMPTY_LAYER_DIFF_ID};
    use std::io::Read;

    /// The entries of a tarball: (path, type, mode, content).
    pub(crate) fn entries(tarball: &[u8]) -> Vec<(String, EntryType, u32, Vec<u8>)> {
        let mut archive = tar::Archive::new(tarball);
        let mut out = Vec::new();
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            let header = entry.header().clone();
            assert_eq!(header.mtime().unwrap(), 0);
            assert_eq!((header.uid().unwrap(), header.gid().unwrap()), (0, 0));
            assert_eq!(header.username_bytes(), Some(&b""[..]));
            assert_eq!(header.groupname_bytes(), Some(&b""[..]));
            assert!(header.as_ustar().is_some(), "ustar headers");
            let path = String::from_utf8(entry.path_bytes().to_vec()).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            out.push((path, header.entry_type(), header.mode().unwrap(), data));
        }
        out
    }

    fn layer(content: &[u8]) -> BytesBlob {
        let mut bytes = content.to_vec();
        bytes.resize(2048, 0);
        BytesBlob::new(bytes)
    }

    fn config(diff_ids: &[&Digest]) -> Vec<u8> {
        let ids: Vec<String> = diff_ids.iter().map(|d| format!("\"{d}\"")).collect();
        format!(
            r#"{{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":[{}]}}}}"#,
            ids.join(",")
        )
        .into_bytes()
    }

    fn image<'a>(config: &'a [u8], layers: &[&'a BytesBlob], tags: &[&str]) -> TarballImage<'a> {
        TarballImage {
            config_bytes: config,
            config_digest: Digest::sha256(config),
            layers: layers.iter().map(|l| *l as &dyn Blob).collect(),
            diff_ids: layers.iter().map(|l| l.digest().clone()).collect(),
            repo_tags: tags.iter().map(|t| Reference::parse(t).unwrap()).collect(),
        }
    }

    #[test]
    fn tarball_entries_in_order_with_both_layouts() {
        let base = layer(b"base");
        let top = layer(b"top");
        let config = config(&[base.digest(), top.digest()]);
        let images = [image(&config, &[&base, &top], &["hello"])];
        let bytes = image_tarball_bytes(&images).unwrap();
        assert_eq!(bytes.len() as u64, image_tarball_size(&images).unwrap());
        let (manifest, manifest_digest) = images[0].manifest();
        let entries = entries(&bytes);

        let mut blob_names: Vec<String> =
            [Digest::sha256(&config), base.digest().clone(), top.digest().clone(), manifest_digest.clone()]
                .iter()
                .map(blob_path)
                .collect();
        blob_names.sort();
        let mut expected = vec!["blobs/".to_string(), "blobs/sha256/".to_string()];
        expected.extend(blob_names);
        expected.extend(["index.json", "manifest.json", "oci-layout", "repositories"].map(String::from));
        let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(names, expected);
        assert_eq!((entries[0].1, entries[0].2), (EntryType::Directory, 0o755));
        assert_eq!((entries[1].1, entries[1].2), (EntryType::Directory, 0o755));
        for (name, kind, mode, data) in &entries[2..] {
            assert_eq!((*kind, *mode), (EntryType::Regular, 0o644), "{name}");
            if let Some(digest) = crate::oci::digest_from_blob_path(name) {
                assert_eq!(Digest::sha256(data), digest, "{name}");
            }
        }
        let file = |name: &str| entries.iter().find(|e| e.0 == name).unwrap().3.clone();
        assert_eq!(file("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#);
        assert_eq!(file(&blob_path(&manifest_digest)), manifest);
        assert_eq!(parse_manifest(&manifest).unwrap().layers.len(), 2);
        let index = parse_index(&file("index.json")).unwrap();
        assert_eq!(index.manifests.len(), 1);
        assert_eq!(index.manifests[0].digest, manifest_digest);
        assert_eq!(
            index.manifests[0].annotation(ANNOTATION_CONTAINERD_IMAGE_NAME),
            Some("docker.io/library/hello:latest")
        );
        assert_eq!(index.manifests[0].annotation(ANNOTATION_REF_NAME), Some("latest"));
        let legacy = parse_legacy_manifest(&file("manifest.json")).unwrap();
        assert_eq!(legacy[0].repo_tags, ["hello:latest"]);
        assert_eq!(legacy[0].layers, [blob_path(base.digest()), blob_path(top.digest())]);
        assert_eq!(file("repositories"), format!(r#"{{"hello":{{"latest":"{}"}}}}"#, top.digest().hex()).into_bytes());
    }

    #[test]
    fn tarball_untagged_image_has_no_annotations_and_no_repositories() {
        let config = config(&[]);
        let images = [image(&config, &[], &[])];
        let entries = entries(&image_tarball_bytes(&images).unwrap());
        let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(names.len(), 2 + 2 + 3, "{names:?}");
        assert!(!names.contains(&"repositories"));
        let index = parse_index(&entries.iter().find(|e| e.0 == "index.json").unwrap().3).unwrap();
        assert_eq!(index.manifests.len(), 1);
        assert_eq!(index.manifests[0].annotations, None);
        let legacy = entries.iter().find(|e| e.0 == "manifest.json").unwrap();
        assert!(parse_legacy_manifest(&legacy.3).unwrap()[0].repo_tags.is_empty());
    }

    #[test]
    fn tarball_refuses_inconsistent_images() {
        let base = layer(b"base");
        let config = config(&[base.digest()]);
        let mut wrong_config = image(&config, &[&base], &["hello"]);
        wrong_config.config_digest = Digest::parse(EMPTY_LAYER_DIFF_ID).unwrap();
        let mut missing_diff_id = image(&config, &[&base], &["hello"]);
        missing_diff_id.diff_ids.clear();
        let mut wrong_diff_id = image(&config, &[&base], &["hello"]);
        wrong_diff_id.diff_ids = vec![Digest::parse(EMPTY_LAYER_DIFF_ID).unwrap()];
        let mut digest_only = image(&config, &[&base], &[]);
        digest_only.repo_tags = vec![Reference::parse(&format!("hello@{EMPTY_LAYER_DIFF_ID}")).unwrap()];
        let other = config.iter().copied().chain(*b" ").collect::<Vec<u8>>();
        let two_images_one_tag = [image(&config, &[&base], &["hello"]), image(&other, &[&base], &["hello:latest"])];
        for images in [
            vec![wrong_config],
            vec![missing_diff_id],
            vec![wrong_diff_id],
            vec![digest_only],
            two_images_one_tag.to_vec(),
        ] {
            let mut out = Vec::new();
            let error = write_image_tarball(&images, &mut out).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidInput, "{error}");
            assert!(out.is_empty(), "nothing written before the check: {error}");
        }
    }

    /// A layer that announces one size and writes another (or other bytes).
    struct Liar {
        digest: Digest,
        announced: u64,
        bytes: Vec<u8>,
        trusted: bool,
    }

    impl Blob for Liar {
        fn digest(&self) -> &Digest {
            &self.digest
        }
        fn size(&self) -> u64 {
            self.announced
        }
        fn write_to(&self, out: &mut dyn Write) -> io::Result<u64> {
            out.write_all(&self.bytes)?;
            Ok(self.announced)
        }
        fn digest_is_trusted(&self) -> bool {
            self.trusted
        }
    }

    #[test]
    fn tarball_refuses_a_blob_that_lies_about_its_size_or_digest() {
        let honest = vec![7u8; 3000];
        let digest = Digest::sha256(&honest);
        let liar = |announced, bytes, trusted| Liar { digest: digest.clone(), announced, bytes, trusted };
        let liars = [
            liar(3000, vec![7; 2999], false),
            liar(3000, vec![7; 3001], false),
            liar(2000, honest.clone(), false),
            liar(3000, vec![8; 3000], false),
            // A blob that vouches for its digest is not hashed again, but its size is still checked.
            liar(3000, vec![7; 2999], true),
            liar(3000, vec![7; 3001], true),
            liar(2000, honest.clone(), true),
        ];
        for liar in &liars {
            let config = config(&[&digest]);
            let images = [TarballImage {
                config_bytes: &config,
                config_digest: Digest::sha256(&config),
                layers: vec![liar],
                diff_ids: vec![digest.clone()],
                repo_tags: vec![],
            }];
            let error = write_image_tarball(&images, &mut Vec::new()).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidData, "{error}");
            assert!(error.to_string().contains(digest.as_str()) || error.to_string().contains("more bytes"), "{error}");
        }
        for trusted in [false, true] {
            let honest = Liar { digest: digest.clone(), announced: 3000, bytes: honest.clone(), trusted };
            let config = config(&[&digest]);
            let images = [TarballImage {
                config_bytes: &config,
                config_digest: Digest::sha256(&config),
                layers: vec![&honest],
                diff_ids: vec![digest.clone()],
                repo_tags: vec![],
            }];
            let mut out = Vec::new();
            write_image_tarball(&images, &mut out).unwrap();
            let layer = entries(&out).into_iter().find(|e| e.0 == blob_path(&digest)).unwrap();
            assert_eq!(layer.3, vec![7; 3000]);
        }
    }

    #[test]
    fn tarball_passes_write_errors_on() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let base = layer(b"base");
        let config = config(&[base.digest()]);
        let error = write_image_tarball(&[image(&config, &[&base], &["hello"])], &mut Full).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
    }

    #[test]
    fn tarball_of_nothing_is_an_empty_layout() {
        let bytes = image_tarball_bytes(&[]).unwrap();
        let entries = entries(&bytes);
        let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(names, ["blobs/", "blobs/sha256/", "index.json", "manifest.json", "oci-layout"]);
        assert_eq!(entries[3].3, b"[]");
    }
}
