//! OCI and Docker image vocabulary: digests, the image config, manifests and indexes, the tarball layout's names,
//! image references and RFC 3339 time — one submodule per spec document, named as in oci-spec-rs.
//!
//! This module knows nothing of builds, file trees or layers' contents: it names bytes and describes them. Writing
//! JSON is deterministic (fixed field order, `BTreeMap`s, compact), because the bytes are hashed into IDs. Reading
//! is lenient where Docker is (unknown fields ignored, `null` for an empty list) so real `docker save` output can be
//! imported; it never panics.

mod config;
mod digest;
mod layout;
mod manifest;
mod reference;
pub mod tarball;
mod time;

pub use config::{
    config_bytes, parse_config, ContainerConfig, EmptyObject, Healthcheck, History, ImageConfig, Platform, RootFs,
    DEFAULT_PATH_ENV,
};
pub use digest::{chain_id, chain_ids, Digest, Sha256Writer, EMPTY_DIGEST, EMPTY_LAYER_DIFF_ID};
pub use layout::{
    blob_path, digest_from_blob_path, legacy_manifest_bytes, oci_layout_bytes, parse_legacy_manifest, parse_oci_layout,
    LegacyManifestEntry, BLOBS_DIR, BLOBS_SHA256_DIR, INDEX_FILE, MANIFEST_FILE, OCI_LAYOUT_FILE, OCI_LAYOUT_VERSION,
    REPOSITORIES_FILE,
};
pub use manifest::{
    image_name_annotations, index_bytes, is_config_media_type, is_index_media_type, is_manifest_media_type,
    layer_compression, manifest_bytes, media_types, parse_index, parse_manifest, Descriptor, Index, LayerCompression,
    Manifest, ANNOTATION_CONTAINERD_IMAGE_NAME, ANNOTATION_REF_NAME,
};
pub use reference::{Reference, ReferenceError, ReferenceErrorKind, DEFAULT_DOMAIN, DEFAULT_TAG};
pub use tarball::{image_tarball_bytes, image_tarball_size, write_image_tarball, Blob, BytesBlob, TarballImage};
pub use time::{parse_rfc3339, rfc3339};

use std::fmt;

/// What kind of problem an [`OciError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OciErrorKind {
    /// Not JSON, or JSON of the wrong shape (a missing required field, a string where a number belongs).
    Json,
    /// A digest that is not `sha256:<64 lowercase hex>`.
    Digest,
    /// A `schemaVersion` other than 2, an `imageLayoutVersion` other than 1.0.0.
    Version,
    /// A media type that does not belong where it was found.
    MediaType,
    /// Bytes whose digest or size differs from their descriptor.
    Mismatch,
    /// Well-formed, but a loader would refuse it (see the message).
    Invalid,
}

/// A problem reading or checking image metadata. The message says what and where, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OciError {
    pub kind: OciErrorKind,
    pub message: String,
}

impl OciError {
    pub fn new(kind: OciErrorKind, message: impl Into<String>) -> OciError {
        OciError { kind, message: message.into() }
    }

    pub(crate) fn json(what: &str, error: &serde_json::Error) -> OciError {
        OciError::new(OciErrorKind::Json, format!("invalid {what}: {error}"))
    }
}

impl fmt::Display for OciError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OciError {}

/// Serialises a value whose every field is a string, number, bool, sequence or string-keyed map: that cannot fail,
/// so the empty fallback is unreachable (and keeps the function free of panics).
fn to_json_bytes<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// Reads a JSON document that must be an object. serde's derived structs also accept an array of field values,
/// which no Docker file is; refusing it up front gives a clearer message.
fn from_json_object<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8], what: &str) -> Result<T, OciError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        return Err(OciError::new(OciErrorKind::Json, format!("invalid {what}: expected a JSON object")));
    }
    serde_json::from_slice(bytes).map_err(|e| OciError::json(what, &e))
}

/// Go's JSON reader leaves a field at its zero value when the document says `null`; Docker writes `"OnBuild":null`,
/// `"Labels":null` and the like. Read `null` (and a missing field, with `#[serde(default)]`) as `T::default()`.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    use serde::Deserialize as _;
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

fn none_or_empty(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(str::is_empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every prefix and every one-byte corruption of well-formed documents goes through every reader: each returns
    /// a value or an error, none panics.
    #[test]
    fn readers_never_panic_on_damaged_input() {
        let layer = Descriptor::for_bytes(media_types::OCI_LAYER, &[0; 1024]);
        let config = ImageConfig {
            created: Some(rfc3339(1_700_000_000)),
            config: ContainerConfig { cmd: Some(vec!["sh".to_string()]), ..ContainerConfig::default() },
            rootfs: RootFs { diff_ids: vec![layer.digest.clone()], ..RootFs::default() },
            history: vec![History { created_by: Some("COPY . /".to_string()), ..History::default() }],
            ..ImageConfig::default()
        };
        let manifest =
            Manifest::new(Descriptor::for_bytes(media_types::OCI_CONFIG, &config_bytes(&config)), vec![layer]);
        let reference = Reference::parse("localhost:5000/lee20h/hello:1.0").unwrap();
        let index =
            Index::for_image(Descriptor::for_bytes(media_types::OCI_MANIFEST, &manifest_bytes(&manifest)), &reference);
        let legacy = vec![LegacyManifestEntry {
            config: blob_path(&manifest.config.digest),
            repo_tags: reference.repo_tag().into_iter().collect(),
            layers: vec![blob_path(&manifest.layers[0].digest)],
        }];
        let documents = [
            config_bytes(&config),
            manifest_bytes(&manifest),
            index_bytes(&index),
            legacy_manifest_bytes(&legacy),
            oci_layout_bytes(),
            format!("{}@{EMPTY_LAYER_DIFF_ID}", reference.fully_qualified()).into_bytes(),
            rfc3339(1_700_000_000).into_bytes(),
        ];
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for document in &documents {
            for end in 0..=document.len() {
                inputs.push(document[..end].to_vec());
            }
            for at in 0..document.len() {
                for replacement in [b'"', b'{', b']', b':', b'/', b'@', b'A', 0xff] {
                    let mut damaged = document.clone();
                    damaged[at] = replacement;
                    inputs.push(damaged);
                }
            }
        }
        let mut parsed = 0;
        for input in &inputs {
            parsed += usize::from(parse_config(input).is_ok());
            parsed += usize::from(parse_manifest(input).is_ok());
            parsed += usize::from(parse_index(input).is_ok());
            parsed += usize::from(parse_legacy_manifest(input).is_ok());
            parsed += usize::from(parse_oci_layout(input).is_ok());
            let text = String::from_utf8_lossy(input);
            parsed += usize::from(Reference::parse(&text).is_ok());
            parsed += usize::from(parse_rfc3339(&text).is_some());
            parsed += usize::from(Digest::parse(&text).is_some());
            parsed += usize::from(digest_from_blob_path(&text).is_some());
        }
        assert!(parsed > documents.len(), "the undamaged documents parse");
    }
}
