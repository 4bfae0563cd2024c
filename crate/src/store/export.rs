//! `docker save`: the store's images as the tarball `docker load` reads (written by [`crate::oci::tarball`]), and the
//! numbers to print after it — the image ID each image store will show once the tarball is loaded.
//!
//! References resolve as Docker 25+'s `docker save` resolves them: `hello:1.0` is that tag; a name without a tag
//! (`hello`) is every tag of that repository (or, if it has none, an image ID prefix); an ID (`sha256:…`, or at
//! least 4 hex characters of it) exports the image untagged. References naming the same image merge their tags.
//! Images are written in the order they are first named.

use super::{Image, ImageStore, Layer};
use crate::oci::{tarball, Digest, Reference};
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

impl tarball::Blob for Layer {
    /// Layers are written uncompressed: the blob digest is the diff ID.
    fn digest(&self) -> &Digest {
        &self.diff_id
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn write_to(&self, out: &mut dyn Write) -> io::Result<u64> {
        self.write_tar(out)
    }

    /// The diff ID was hashed from the bytes `write_tar` writes: a snapshot's tar (an immutable tree and change list
    /// through a deterministic writer) or kept tar bytes. Hashing them again on export would double its cost.
    fn digest_is_trusted(&self) -> bool {
        matches!(self.source, super::LayerSource::Snapshot { .. } | super::LayerSource::Bytes(_))
    }
}

/// Why an export failed.
#[derive(Debug)]
pub enum ExportError {
    /// No reference given.
    NothingToExport,
    /// A reference that names no image in the store (the text as given).
    NoSuchImage(String),
    /// Writing failed (the output is incomplete).
    Io(io::Error),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::NothingToExport => f.write_str("nothing to save: name at least one image"),
            ExportError::NoSuchImage(reference) => write!(f, "No such image: {reference}"),
            ExportError::Io(error) => write!(f, "failed to write the image tarball: {error}"),
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::Io(error) => Some(error),
            _ => None,
        }
    }
}

impl From<io::Error> for ExportError {
    fn from(error: io::Error) -> Self {
        ExportError::Io(error)
    }
}

/// One image of an export, with the names it is saved under.
#[derive(Clone, Debug)]
pub struct ExportImage {
    pub image: Arc<Image>,
    /// Tags in the order named; empty when only named by ID (it loads untagged).
    pub tags: Vec<Reference>,
}

/// What the CLI prints about one exported image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedImage {
    /// `hello:latest`, as in `manifest.json`'s RepoTags and `docker images`.
    pub repo_tags: Vec<String>,
    /// The config digest: the image ID of the classic store (Docker 20.10–28).
    pub config_digest: Digest,
    /// The manifest digest: the image ID of the containerd store (fresh Docker 29+).
    pub manifest_digest: Digest,
}

impl ExportedImage {
    /// The 12 hex characters `docker images` shows after `docker load` into the classic store.
    pub fn classic_id(&self) -> &str {
        self.config_digest.short()
    }

    /// The 12 hex characters `docker images` shows after `docker load` into the containerd store.
    pub fn containerd_id(&self) -> &str {
        self.manifest_digest.short()
    }
}

/// The result of an export: each image's IDs and the tarball's size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportSummary {
    pub images: Vec<ExportedImage>,
    /// Bytes of the tarball.
    pub bytes: u64,
}

/// The images `refs` name, resolved and merged, ready to write.
#[derive(Clone, Debug)]
pub struct Export {
    pub images: Vec<ExportImage>,
}

impl Export {
    fn tarball_images(&self) -> Vec<tarball::TarballImage<'_>> {
        self.images
            .iter()
            .map(|e| tarball::TarballImage {
                config_bytes: &e.image.config_bytes,
                config_digest: e.image.id.clone(),
                layers: e.image.layers.iter().map(|l| &**l as &dyn tarball::Blob).collect(),
                diff_ids: e.image.layers.iter().map(|l| l.diff_id.clone()).collect(),
                repo_tags: e.tags.clone(),
            })
            .collect()
    }

    /// The exact size of the tarball, without writing it.
    pub fn size(&self) -> Result<u64, ExportError> {
        Ok(tarball::image_tarball_size(&self.tarball_images())?)
    }

    /// Each image's tags and IDs, and the tarball's size.
    pub fn summary(&self) -> Result<ExportSummary, ExportError> {
        let images = self
            .tarball_images()
            .iter()
            .map(|t| ExportedImage {
                repo_tags: t.repo_tags.iter().map(Reference::familiar).collect(),
                config_digest: t.config_digest.clone(),
                manifest_digest: t.manifest().1,
            })
            .collect();
        Ok(ExportSummary { images, bytes: self.size()? })
    }

    /// Writes the tarball to `out`, streaming each layer.
    pub fn write(&self, out: &mut dyn Write) -> Result<ExportSummary, ExportError> {
        let mut summary = self.summary()?;
        summary.bytes = tarball::write_image_tarball(&self.tarball_images(), out)?;
        Ok(summary)
    }

    /// The tarball as bytes (the browser's download).
    pub fn to_bytes(&self) -> Result<(Vec<u8>, ExportSummary), ExportError> {
        let summary = self.summary()?;
        let mut out = Vec::with_capacity(usize::try_from(summary.bytes).unwrap_or(0));
        let summary = self.write(&mut out)?;
        Ok((out, summary))
    }
}

/// Resolves `refs` (tags, repository names, image IDs) to the images to save. Fails on the first unknown one.
pub fn export(store: &ImageStore, refs: &[String]) -> Result<Export, ExportError> {
    if refs.is_empty() {
        return Err(ExportError::NothingToExport);
    }
    let mut images: Vec<ExportImage> = Vec::new();
    for text in refs {
        for (image, tag) in resolve(store, text)? {
            let at = match images.iter().position(|e| e.image.id == image.id) {
                Some(at) => at,
                None => {
                    images.push(ExportImage { image, tags: Vec::new() });
                    images.len() - 1
                }
            };
            if let (Some(entry), Some(tag)) = (images.get_mut(at), tag) {
                if !entry.tags.contains(&tag) {
                    entry.tags.push(tag);
                }
            }
        }
    }
    Ok(Export { images })
}

/// `docker save -o`: resolves `refs` and writes the tarball to `out`.
pub fn write_export(store: &ImageStore, refs: &[String], out: &mut dyn Write) -> Result<ExportSummary, ExportError> {
    export(store, refs)?.write(out)
}

/// Resolves `refs` and returns the tarball's bytes.
pub fn export_bytes(store: &ImageStore, refs: &[String]) -> Result<(Vec<u8>, ExportSummary), ExportError> {
    export(store, refs)?.to_bytes()
}

/// An image and the tag it was named by (`None` when named by ID).
type Named = (Arc<Image>, Option<Reference>);

/// The images one reference names.
fn resolve(store: &ImageStore, text: &str) -> Result<Vec<Named>, ExportError> {
    if let Ok(reference) = Reference::parse(text) {
        if reference.digest().is_none() {
            if is_name_only(text) {
                let name = reference.familiar_name();
                let mut found = Vec::new();
                for (tag, id) in store.tags() {
                    let Ok(tagged) = Reference::parse(tag) else { continue };
                    if tagged.familiar_name() == name {
                        if let Some(image) = store.get(id) {
                            found.push((image, Some(tagged)));
                        }
                    }
                }
                if !found.is_empty() {
                    return Ok(found);
                }
            } else if let Some(image) =
                store.tags().find(|(tag, _)| *tag == reference.familiar()).and_then(|(_, id)| store.get(id))
            {
                return Ok(vec![(image, Some(reference))]);
            }
        }
    }
    match find_by_id(store, text) {
        Some(image) => Ok(vec![(image, None)]),
        None => Err(ExportError::NoSuchImage(text.to_string())),
    }
}

/// A reference without a tag or digest: `hello`, `localhost:5000/team/app`.
fn is_name_only(text: &str) -> bool {
    !text.contains('@') && !text.rsplit('/').next().unwrap_or(text).contains(':')
}

/// An image by ID: the full digest, or an unambiguous prefix of at least 4 hex characters (`sha256:` optional).
fn find_by_id(store: &ImageStore, text: &str) -> Option<Arc<Image>> {
    let hex = text.strip_prefix("sha256:").unwrap_or(text);
    if hex.len() < 4 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let mut found = store.images().filter(|image| image.id.hex().starts_with(hex));
    match (found.next(), found.next()) {
        (Some(image), None) => Some(image.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::context::BuildContext;
    use crate::build::engine::{Build, BuildOptions};
    use crate::oci::tarball::tests::entries;
    use crate::oci::{
        blob_path, digest_from_blob_path, parse_config, parse_index, parse_legacy_manifest, parse_manifest,
        ANNOTATION_CONTAINERD_IMAGE_NAME, ANNOTATION_REF_NAME,
    };
    use std::collections::BTreeSet;

    const HELLO: &str = "FROM alpine\nRUN echo hi > /x\nCMD [\"cat\",\"/x\"]\n";

    fn build(store: &mut ImageStore, dockerfile: &str, tags: &[&str]) -> Digest {
        let mut context = BuildContext::new();
        context.add_file("Dockerfile", dockerfile.as_bytes().to_vec(), 0o644).unwrap();
        let options = BuildOptions { tags: tags.iter().map(|t| t.to_string()).collect(), ..BuildOptions::default() };
        let mut build = Build::new(context, options).unwrap();
        build.run_to_end(store);
        build.outcome().unwrap().clone().unwrap()
    }

    fn refs(list: &[&str]) -> Vec<String> {
        list.iter().map(|r| r.to_string()).collect()
    }

    fn file<'a>(entries: &'a [(String, tar::EntryType, u32, Vec<u8>)], name: &str) -> &'a [u8] {
        &entries.iter().find(|e| e.0 == name).unwrap_or_else(|| panic!("no {name}")).3
    }

    /// Checks everything a loader checks: each blob is named by its digest, each descriptor matches its blob, the
    /// legacy manifest agrees with the config. Returns the blob names.
    fn check_tarball(bytes: &[u8]) -> Vec<String> {
        let entries = entries(bytes);
        let mut blobs = Vec::new();
        for (name, _, _, data) in &entries {
            if let Some(digest) = digest_from_blob_path(name) {
                assert_eq!(Digest::sha256(data), digest, "{name}");
                blobs.push(name.clone());
            }
        }
        let blob = |digest: &Digest| file(&entries, &blob_path(digest));
        let index = parse_index(file(&entries, "index.json")).unwrap();
        for descriptor in &index.manifests {
            let manifest_bytes = blob(&descriptor.digest);
            descriptor.verify(manifest_bytes).unwrap();
            let manifest = parse_manifest(manifest_bytes).unwrap();
            manifest.config.verify(blob(&manifest.config.digest)).unwrap();
            let config = parse_config(blob(&manifest.config.digest)).unwrap();
            assert_eq!(manifest.layers.len(), config.rootfs.diff_ids.len());
            for (layer, diff_id) in manifest.layers.iter().zip(&config.rootfs.diff_ids) {
                assert_eq!(&layer.digest, diff_id);
                assert_eq!(layer.media_type, crate::oci::media_types::OCI_LAYER);
                layer.verify(blob(&layer.digest)).unwrap();
            }
        }
        for entry in parse_legacy_manifest(file(&entries, "manifest.json")).unwrap() {
            let config = parse_config(file(&entries, &entry.config)).unwrap();
            assert_eq!(entry.layers.len(), config.rootfs.diff_ids.len());
            for (path, diff_id) in entry.layers.iter().zip(&config.rootfs.diff_ids) {
                assert_eq!(path, &blob_path(diff_id));
                assert!(blobs.contains(path));
            }
        }
        let sorted: BTreeSet<&String> = blobs.iter().collect();
        assert_eq!(sorted.len(), blobs.len(), "each blob once");
        assert!(sorted.iter().copied().eq(blobs.iter()), "blobs sorted");
        blobs
    }

    #[test]
    fn export_hello_with_both_layouts() {
        let mut store = ImageStore::new();
        let id = build(&mut store, HELLO, &["hello:latest"]);
        let image = store.get(&id).unwrap();
        let (bytes, summary) = export_bytes(&store, &refs(&["hello"])).unwrap();
        assert_eq!(summary.bytes, bytes.len() as u64);
        let (manifest, manifest_digest) = image.manifest();
        assert_eq!(
            summary.images,
            [ExportedImage {
                repo_tags: vec!["hello:latest".into()],
                config_digest: id.clone(),
                manifest_digest: manifest_digest.clone()
            }]
        );
        assert_eq!(summary.images[0].classic_id(), &id.hex()[..12]);
        assert_eq!(summary.images[0].containerd_id(), &manifest_digest.hex()[..12]);

        let blobs = check_tarball(&bytes);
        assert_eq!(blobs.len(), image.layers.len() + 2);
        let entries = entries(&bytes);
        let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        let mut expected = vec!["blobs/", "blobs/sha256/"];
        expected.extend(blobs.iter().map(String::as_str));
        expected.extend(["index.json", "manifest.json", "oci-layout", "repositories"]);
        assert_eq!(names, expected);
        assert_eq!(file(&entries, &blob_path(&manifest_digest)), manifest);
        assert_eq!(file(&entries, &blob_path(&id)), &*image.config_bytes);
        assert_eq!(file(&entries, "oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#);

        let index = String::from_utf8(file(&entries, "index.json").to_vec()).unwrap();
        assert_eq!(
            index,
            format!(
                concat!(
                    r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"#,
                    r#""mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"#,
                    r#""annotations":{{"io.containerd.image.name":"docker.io/library/hello:latest","#,
                    r#""org.opencontainers.image.ref.name":"latest"}}}}]}}"#
                ),
                manifest_digest,
                manifest.len()
            )
        );
        let layers: Vec<String> = image.layers.iter().map(|l| format!("\"{}\"", blob_path(&l.diff_id))).collect();
        assert_eq!(
            String::from_utf8(file(&entries, "manifest.json").to_vec()).unwrap(),
            format!(
                r#"[{{"Config":"{}","RepoTags":["hello:latest"],"Layers":[{}]}}]"#,
                blob_path(&id),
                layers.join(",")
            )
        );
        let top = image.layers.last().unwrap().diff_id.hex();
        assert_eq!(file(&entries, "repositories"), format!(r#"{{"hello":{{"latest":"{top}"}}}}"#).as_bytes());
        assert!(image.layers.len() >= 2, "alpine's layer and the RUN layer");
    }

    #[test]
    fn export_is_deterministic_across_stores() {
        let mut store = ImageStore::new();
        build(&mut store, HELLO, &["hello:latest"]);
        let (first, _) = export_bytes(&store, &refs(&["hello:latest"])).unwrap();
        let (second, _) = export_bytes(&store, &refs(&["hello:latest"])).unwrap();
        assert_eq!(first, second);
        let mut fresh = ImageStore::new();
        build(&mut fresh, HELLO, &["hello:latest"]);
        let (third, _) = export_bytes(&fresh, &refs(&["hello:latest"])).unwrap();
        assert_eq!(first, third);
        let mut written = Vec::new();
        let summary = write_export(&fresh, &refs(&["hello:latest"]), &mut written).unwrap();
        assert_eq!(written, first);
        assert_eq!(summary.bytes, first.len() as u64);
    }

    #[test]
    fn export_two_tags_of_one_image() {
        let mut store = ImageStore::new();
        let id = build(&mut store, HELLO, &["hello:latest", "lee20h/hello:1.0"]);
        let (bytes, summary) =
            export_bytes(&store, &refs(&["hello:latest", &id.hex()[..12], "lee20h/hello:1.0"])).unwrap();
        assert_eq!(summary.images.len(), 1);
        assert_eq!(summary.images[0].repo_tags, ["hello:latest", "lee20h/hello:1.0"]);
        let blobs = check_tarball(&bytes);
        let image = store.get(&id).unwrap();
        assert_eq!(blobs.len(), image.layers.len() + 2, "one config, one manifest");
        let entries = entries(&bytes);
        let index = parse_index(file(&entries, "index.json")).unwrap();
        assert_eq!(index.manifests.len(), 2);
        assert_eq!(index.manifests[0].digest, index.manifests[1].digest);
        let names: Vec<(Option<&str>, Option<&str>)> = index
            .manifests
            .iter()
            .map(|m| (m.annotation(ANNOTATION_CONTAINERD_IMAGE_NAME), m.annotation(ANNOTATION_REF_NAME)))
            .collect();
        assert_eq!(
            names,
            [
                (Some("docker.io/library/hello:latest"), Some("latest")),
                (Some("docker.io/lee20h/hello:1.0"), Some("1.0"))
            ]
        );
        let legacy = parse_legacy_manifest(file(&entries, "manifest.json")).unwrap();
        assert_eq!(legacy.len(), 1);
        assert_eq!(legacy[0].repo_tags, ["hello:latest", "lee20h/hello:1.0"]);
        let top = image.layers.last().unwrap().diff_id.hex();
        assert_eq!(
            file(&entries, "repositories"),
            format!(r#"{{"hello":{{"latest":"{top}"}},"lee20h/hello":{{"1.0":"{top}"}}}}"#).as_bytes()
        );
    }

    #[test]
    fn export_two_images_share_base_layers() {
        let mut store = ImageStore::new();
        let hello = build(&mut store, HELLO, &["hello:latest"]);
        let bye = build(&mut store, "FROM alpine\nRUN echo bye > /y\n", &["bye:1"]);
        let (bytes, summary) = export_bytes(&store, &refs(&["bye:1", "hello"])).unwrap();
        let ids: Vec<&Digest> = summary.images.iter().map(|i| &i.config_digest).collect();
        assert_eq!(ids, [&bye, &hello], "in the order named");
        let (hello, bye) = (store.get(&hello).unwrap(), store.get(&bye).unwrap());
        let shared = hello.layers.iter().zip(&bye.layers).take_while(|(a, b)| a.diff_id == b.diff_id).count();
        assert!(shared >= 1, "both start from alpine");
        let blobs = check_tarball(&bytes);
        let layers: BTreeSet<&Digest> = hello.layers.iter().chain(&bye.layers).map(|l| &l.diff_id).collect();
        assert_eq!(blobs.len(), layers.len() + 4, "shared layers once, two configs, two manifests");
        let entries = entries(&bytes);
        assert_eq!(parse_index(file(&entries, "index.json")).unwrap().manifests.len(), 2);
        let legacy = parse_legacy_manifest(file(&entries, "manifest.json")).unwrap();
        let tags: Vec<&[String]> = legacy.iter().map(|e| e.repo_tags.as_slice()).collect();
        assert_eq!(tags, [&["bye:1".to_string()][..], &["hello:latest".to_string()][..]]);
    }

    #[test]
    fn export_by_id_is_untagged() {
        let mut store = ImageStore::new();
        let id = build(&mut store, HELLO, &["hello:latest"]);
        for reference in [id.to_string(), id.hex()[..12].to_string(), id.hex()[..4].to_string()] {
            let (bytes, summary) = export_bytes(&store, std::slice::from_ref(&reference)).unwrap();
            assert!(summary.images[0].repo_tags.is_empty(), "{reference}");
            check_tarball(&bytes);
            let entries = entries(&bytes);
            let index = parse_index(file(&entries, "index.json")).unwrap();
            assert_eq!(index.manifests.len(), 1);
            assert_eq!(index.manifests[0].annotations, None);
            assert!(!entries.iter().any(|e| e.0 == "repositories"));
        }
    }

    #[test]
    fn export_name_only_means_every_tag_of_the_repository() {
        let mut store = ImageStore::new();
        let one = build(&mut store, HELLO, &["hello:1"]);
        let two = build(&mut store, "FROM alpine\nRUN echo two > /x\n", &["hello:2"]);
        let summary = export(&store, &refs(&["hello"])).unwrap().summary().unwrap();
        let found: Vec<(&Digest, &[String])> =
            summary.images.iter().map(|i| (&i.config_digest, i.repo_tags.as_slice())).collect();
        assert_eq!(found, [(&one, &["hello:1".to_string()][..]), (&two, &["hello:2".to_string()][..])]);
        assert!(matches!(export(&store, &refs(&["hello:latest"])), Err(ExportError::NoSuchImage(_))));
    }

    #[test]
    fn export_errors() {
        let mut store = ImageStore::new();
        build(&mut store, HELLO, &["hello:latest"]);
        for bad in
            ["nope", "nope:1", "hello:2", "sha256:0000", "00000000", "abc", "", "UPPER", "hello@sha256:x", "../x"]
        {
            let error = export(&store, &refs(&["hello", bad])).unwrap_err();
            assert_eq!(error.to_string(), format!("No such image: {bad}"));
        }
        assert!(matches!(export(&store, &[]), Err(ExportError::NothingToExport)));

        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let error = write_export(&store, &refs(&["hello"]), &mut Full).unwrap_err();
        assert!(matches!(&error, ExportError::Io(e) if e.kind() == io::ErrorKind::StorageFull), "{error}");
    }

    /// Records the largest single write and the total.
    struct Recorder {
        largest: usize,
        total: u64,
    }

    impl Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.largest = self.largest.max(buf.len());
            self.total += buf.len() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn export_streams_layers() {
        let mut store = ImageStore::new();
        let big = "FROM alpine\nRUN i=0; while [ $i -lt 200 ]; do echo line $i >> /big; i=$((i+1)); done; \
                   cat /big /big /big /big /big /big /big /big > /big2\n";
        let id = build(&mut store, big, &["big:latest"]);
        let image = store.get(&id).unwrap();
        let largest_layer = image.layers.iter().map(|l| l.size).max().unwrap();
        assert!(largest_layer > 16 * 1024, "a layer of {largest_layer} bytes");
        let mut recorder = Recorder { largest: 0, total: 0 };
        let summary = write_export(&store, &refs(&["big"]), &mut recorder).unwrap();
        assert_eq!(recorder.total, summary.bytes);
        assert_eq!(summary.bytes, export(&store, &refs(&["big"])).unwrap().size().unwrap());
        assert!((recorder.largest as u64) < largest_layer, "largest write {} bytes", recorder.largest);
    }
}
