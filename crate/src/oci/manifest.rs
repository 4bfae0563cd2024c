//! Descriptors, image manifests and image indexes (OCI image-spec `descriptor.md`, `manifest.md`, `image-index.md`),
//! their media types, and Docker's v2 equivalents, which have the same shape and are read for import.
//!
//! Writing is deterministic compact JSON in the spec's field order: a descriptor is `mediaType`, `digest`, `size`,
//! `annotations`, `platform`; a manifest is `schemaVersion`, `mediaType`, `config`, `layers`; an index is
//! `schemaVersion`, `mediaType`, `manifests`, `annotations`.

use super::{from_json_object, null_as_default, to_json_bytes, Digest, OciError, OciErrorKind, Platform, Reference};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod media_types {
    //! Media types layerlab writes (OCI) and reads (OCI, and Docker's distribution v2 ones on import).

    pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
    pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
    pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
    /// An uncompressed layer: its digest is its diff ID. What layerlab writes.
    pub const OCI_LAYER: &str = "application/vnd.oci.image.layer.v1.tar";
    pub const OCI_LAYER_GZIP: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
    pub const OCI_LAYER_ZSTD: &str = "application/vnd.oci.image.layer.v1.tar+zstd";
    pub const OCI_LAYER_NONDISTRIBUTABLE: &str = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    pub const OCI_LAYER_NONDISTRIBUTABLE_GZIP: &str = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    pub const OCI_LAYER_NONDISTRIBUTABLE_ZSTD: &str = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    /// The `{}` blob of artifact manifests (attestations in a BuildKit index use it).
    pub const OCI_EMPTY: &str = "application/vnd.oci.empty.v1+json";

    pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
    pub const DOCKER_MANIFEST_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
    pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
    pub const DOCKER_LAYER: &str = "application/vnd.docker.image.rootfs.diff.tar";
    pub const DOCKER_LAYER_GZIP: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    pub const DOCKER_LAYER_FOREIGN_GZIP: &str = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
}

use media_types as mt;

/// The annotation containerd (Docker 29+'s image store) names an image by: the fully qualified reference.
pub const ANNOTATION_CONTAINERD_IMAGE_NAME: &str = "io.containerd.image.name";
/// The OCI annotation naming a manifest in an image layout: the tag.
pub const ANNOTATION_REF_NAME: &str = "org.opencontainers.image.ref.name";

/// How a layer blob is compressed; its diff ID is the digest after decompression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LayerCompression {
    None,
    Gzip,
    Zstd,
}

/// The compression of a layer media type, or `None` if `media_type` is not a layer type.
pub fn layer_compression(media_type: &str) -> Option<LayerCompression> {
    match media_type {
        mt::OCI_LAYER | mt::OCI_LAYER_NONDISTRIBUTABLE | mt::DOCKER_LAYER => Some(LayerCompression::None),
        mt::OCI_LAYER_GZIP
        | mt::OCI_LAYER_NONDISTRIBUTABLE_GZIP
        | mt::DOCKER_LAYER_GZIP
        | mt::DOCKER_LAYER_FOREIGN_GZIP => Some(LayerCompression::Gzip),
        mt::OCI_LAYER_ZSTD | mt::OCI_LAYER_NONDISTRIBUTABLE_ZSTD => Some(LayerCompression::Zstd),
        _ => None,
    }
}

/// An image manifest, OCI or Docker v2.
pub fn is_manifest_media_type(media_type: &str) -> bool {
    matches!(media_type, mt::OCI_MANIFEST | mt::DOCKER_MANIFEST)
}

/// An image index or Docker manifest list.
pub fn is_index_media_type(media_type: &str) -> bool {
    matches!(media_type, mt::OCI_INDEX | mt::DOCKER_MANIFEST_LIST)
}

/// An image config, OCI or Docker.
pub fn is_config_media_type(media_type: &str) -> bool {
    matches!(media_type, mt::OCI_CONFIG | mt::DOCKER_CONFIG)
}

/// Points at a blob: what it is, its digest and its size in bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Descriptor {
    #[serde(rename = "mediaType")]
    pub media_type: String,
    pub digest: Digest,
    pub size: u64,
    /// Left out when `None` (and, by the `*_bytes` writers, when empty).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "null_as_default")]
    pub annotations: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "null_as_default")]
    pub platform: Option<Platform>,
}

impl Descriptor {
    /// Describes `bytes` as a blob of `media_type`.
    pub fn for_bytes(media_type: &str, bytes: &[u8]) -> Descriptor {
        Descriptor::new(media_type, Digest::sha256(bytes), bytes.len() as u64)
    }

    pub fn new(media_type: &str, digest: Digest, size: u64) -> Descriptor {
        Descriptor { media_type: media_type.to_string(), digest, size, annotations: None, platform: None }
    }

    /// The value of annotation `key`.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.as_ref()?.get(key).map(String::as_str)
    }

    /// The image name an index entry carries: containerd's full name, else the OCI ref name (a tag).
    pub fn image_name(&self) -> Option<&str> {
        self.annotation(ANNOTATION_CONTAINERD_IMAGE_NAME).or_else(|| self.annotation(ANNOTATION_REF_NAME))
    }

    /// Checks that `bytes` are what this descriptor says (size first: it is cheaper and explains more).
    pub fn verify(&self, bytes: &[u8]) -> Result<(), OciError> {
        if bytes.len() as u64 != self.size {
            return Err(OciError::new(
                OciErrorKind::Mismatch,
                format!("blob {}: size is {} bytes, the descriptor says {}", self.digest, bytes.len(), self.size),
            ));
        }
        let actual = Digest::sha256(bytes);
        if actual != self.digest {
            return Err(OciError::new(
                OciErrorKind::Mismatch,
                format!("blob {}: content has digest {actual}", self.digest),
            ));
        }
        Ok(())
    }

    /// This descriptor without empty annotation maps, so that writing is canonical.
    fn canonical(&self) -> Descriptor {
        let mut out = self.clone();
        if out.annotations.as_ref().is_some_and(BTreeMap::is_empty) {
            out.annotations = None;
        }
        out
    }
}

/// An image manifest: the config blob and the layer blobs, base first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    #[serde(rename = "schemaVersion")]
    pub schema_version: u32,
    /// OCI or Docker v2 manifest type; left out when empty (it is optional in OCI).
    #[serde(
        rename = "mediaType",
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub media_type: String,
    pub config: Descriptor,
    #[serde(default, deserialize_with = "null_as_default")]
    pub layers: Vec<Descriptor>,
}

impl Manifest {
    /// An OCI manifest for `config` and `layers`.
    pub fn new(config: Descriptor, layers: Vec<Descriptor>) -> Manifest {
        Manifest { schema_version: 2, media_type: mt::OCI_MANIFEST.to_string(), config, layers }
    }

    /// The compact, deterministic JSON (same as [`manifest_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        manifest_bytes(self)
    }

    fn canonical(&self) -> Manifest {
        Manifest {
            config: self.config.canonical(),
            layers: self.layers.iter().map(Descriptor::canonical).collect(),
            ..self.clone()
        }
    }
}

/// An image index (`index.json` of an image layout, or a multi-platform image): descriptors of manifests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    #[serde(rename = "schemaVersion")]
    pub schema_version: u32,
    #[serde(
        rename = "mediaType",
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub media_type: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub manifests: Vec<Descriptor>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "null_as_default")]
    pub annotations: Option<BTreeMap<String, String>>,
}

impl Index {
    /// An OCI index of `manifests`.
    pub fn new(manifests: Vec<Descriptor>) -> Index {
        Index { schema_version: 2, media_type: mt::OCI_INDEX.to_string(), manifests, annotations: None }
    }

    /// The `index.json` that names one image: its manifest's descriptor, annotated with `reference`'s names (see
    /// [`image_name_annotations`]).
    pub fn for_image(manifest: Descriptor, reference: &Reference) -> Index {
        let mut manifest = manifest;
        manifest.annotations.get_or_insert_with(BTreeMap::new).extend(image_name_annotations(reference));
        Index::new(vec![manifest])
    }

    /// The compact, deterministic JSON (same as [`index_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        index_bytes(self)
    }

    fn canonical(&self) -> Index {
        Index {
            manifests: self.manifests.iter().map(Descriptor::canonical).collect(),
            annotations: self.annotations.clone().filter(|a| !a.is_empty()),
            ..self.clone()
        }
    }
}

/// The two names loaders look for on an index entry: `io.containerd.image.name` = the fully qualified reference
/// (`docker.io/library/hello:latest`; anything shorter and `docker run` cannot find the image in containerd's
/// store) and `org.opencontainers.image.ref.name` = the tag (left out for a reference without one).
pub fn image_name_annotations(reference: &Reference) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert(ANNOTATION_CONTAINERD_IMAGE_NAME.to_string(), reference.fully_qualified());
    if let Some(tag) = reference.tag() {
        out.insert(ANNOTATION_REF_NAME.to_string(), tag.to_string());
    }
    out
}

/// The manifest as compact JSON; its digest is the image ID in containerd's store and the repo digest.
pub fn manifest_bytes(manifest: &Manifest) -> Vec<u8> {
    to_json_bytes(&manifest.canonical())
}

/// The index as compact JSON.
pub fn index_bytes(index: &Index) -> Vec<u8> {
    to_json_bytes(&index.canonical())
}

/// Reads an image manifest, OCI or Docker v2 (schema 2). Refuses an index, a schema 1 manifest, and a config or
/// layer descriptor whose media type is not a config or a layer.
pub fn parse_manifest(bytes: &[u8]) -> Result<Manifest, OciError> {
    check_schema_version(bytes, "image manifest")?;
    let manifest: Manifest = from_json_object(bytes, "image manifest")?;
    if !manifest.media_type.is_empty() && !is_manifest_media_type(&manifest.media_type) {
        return Err(OciError::new(
            OciErrorKind::MediaType,
            format!("image manifest: media type {:?} is not an image manifest", manifest.media_type),
        ));
    }
    if !is_config_media_type(&manifest.config.media_type) {
        return Err(OciError::new(
            OciErrorKind::MediaType,
            format!("image manifest: config media type {:?} is not an image config", manifest.config.media_type),
        ));
    }
    if let Some(layer) = manifest.layers.iter().find(|l| layer_compression(&l.media_type).is_none()) {
        return Err(OciError::new(
            OciErrorKind::MediaType,
            format!("image manifest: layer {} has media type {:?}, not a layer", layer.digest, layer.media_type),
        ));
    }
    Ok(manifest)
}

/// Reads an image index or a Docker manifest list.
pub fn parse_index(bytes: &[u8]) -> Result<Index, OciError> {
    check_schema_version(bytes, "image index")?;
    let index: Index = from_json_object(bytes, "image index")?;
    if !index.media_type.is_empty() && !is_index_media_type(&index.media_type) {
        return Err(OciError::new(
            OciErrorKind::MediaType,
            format!("image index: media type {:?} is not an image index", index.media_type),
        ));
    }
    Ok(index)
}

/// Checks `schemaVersion` first, so that a schema 1 manifest gets a clear message rather than "missing field".
fn check_schema_version(bytes: &[u8], what: &str) -> Result<(), OciError> {
    #[derive(Deserialize)]
    struct Versioned {
        #[serde(rename = "schemaVersion")]
        schema_version: Option<u64>,
    }
    let versioned: Versioned = from_json_object(bytes, what)?;
    match versioned.schema_version {
        Some(2) => Ok(()),
        Some(other) => Err(OciError::new(OciErrorKind::Version, format!("{what}: unsupported schemaVersion {other}"))),
        None => Err(OciError::new(OciErrorKind::Version, format!("{what}: no schemaVersion"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oci::EMPTY_LAYER_DIFF_ID;

    fn layer() -> Descriptor {
        Descriptor::new(mt::OCI_LAYER, Digest::parse(EMPTY_LAYER_DIFF_ID).unwrap(), 1024)
    }

    fn config() -> Descriptor {
        Descriptor::for_bytes(mt::OCI_CONFIG, b"{}")
    }

    #[test]
    fn manifest_bytes_are_compact_and_ordered() {
        let manifest = Manifest::new(config(), vec![layer()]);
        let text = String::from_utf8(manifest_bytes(&manifest)).unwrap();
        let expected = format!(
            concat!(
                r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","#,
                r#""config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":2}},"#,
                r#""layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{}","size":1024}}]}}"#
            ),
            Digest::sha256(b"{}"),
            EMPTY_LAYER_DIFF_ID
        );
        assert_eq!(text, expected);
        assert_eq!(manifest.to_bytes(), text.as_bytes());
        assert_eq!(parse_manifest(text.as_bytes()).unwrap(), manifest);
    }

    #[test]
    fn empty_annotations_are_left_out() {
        let mut with_empty = Manifest::new(config(), vec![layer()]);
        with_empty.config.annotations = Some(BTreeMap::new());
        assert_eq!(manifest_bytes(&with_empty), manifest_bytes(&Manifest::new(config(), vec![layer()])));
        let mut index = Index::new(vec![layer()]);
        index.annotations = Some(BTreeMap::new());
        index.manifests[0].annotations = Some(BTreeMap::new());
        assert_eq!(index_bytes(&index), index_bytes(&Index::new(vec![layer()])));
    }

    #[test]
    fn index_names_the_image_for_both_stores() {
        let manifest = Descriptor::for_bytes(mt::OCI_MANIFEST, b"manifest");
        let reference = Reference::parse("hello").unwrap();
        let index = Index::for_image(manifest.clone(), &reference);
        let text = String::from_utf8(index_bytes(&index)).unwrap();
        let expected = format!(
            concat!(
                r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"#,
                r#""mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":8,"#,
                r#""annotations":{{"io.containerd.image.name":"docker.io/library/hello:latest","#,
                r#""org.opencontainers.image.ref.name":"latest"}}}}]}}"#
            ),
            manifest.digest
        );
        assert_eq!(text, expected);
        let parsed = parse_index(text.as_bytes()).unwrap();
        assert_eq!(parsed, index);
        assert_eq!(parsed.manifests[0].image_name(), Some("docker.io/library/hello:latest"));

        let pinned = Reference::parse(&format!("registry.example:5000/team/app@{}", manifest.digest)).unwrap();
        let names = image_name_annotations(&pinned);
        assert_eq!(names.len(), 1);
        assert_eq!(
            names[ANNOTATION_CONTAINERD_IMAGE_NAME],
            format!("registry.example:5000/team/app@{}", manifest.digest)
        );
    }

    #[test]
    fn reads_docker_v2_manifests_and_lists() {
        let docker = r#"{
           "schemaVersion": 2,
           "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
           "config": {
              "mediaType": "application/vnd.docker.container.image.v1+json",
              "size": 1472,
              "digest": "sha256:c1aabb73d2339c5ebaa3681de2e9d9c18d57485045a4e311d9f8004bec208d67"
           },
           "layers": [
              {
                 "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                 "size": 3401967,
                 "digest": "sha256:31e352740f534f9ad170f75378a84fe453d6156e40700b882d737a8f4a6988a3",
                 "urls": ["https://example.invalid/x"]
              }
           ]
        }"#;
        let manifest = parse_manifest(docker.as_bytes()).unwrap();
        assert_eq!(manifest.media_type, mt::DOCKER_MANIFEST);
        assert_eq!(manifest.config.size, 1472);
        assert_eq!(layer_compression(&manifest.layers[0].media_type), Some(LayerCompression::Gzip));

        let list = r#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json",
          "manifests":[
            {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":528,
             "digest":"sha256:c1aabb73d2339c5ebaa3681de2e9d9c18d57485045a4e311d9f8004bec208d67",
             "platform":{"architecture":"amd64","os":"linux"}},
            {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":528,
             "digest":"sha256:31e352740f534f9ad170f75378a84fe453d6156e40700b882d737a8f4a6988a3",
             "platform":{"architecture":"arm64","os":"linux","variant":"v8","features":["sse4"]}},
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":566,
             "digest":"sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef",
             "annotations":{"vnd.docker.reference.type":"attestation-manifest"},
             "platform":{"architecture":"unknown","os":"unknown"}}
          ]}"#;
        let index = parse_index(list.as_bytes()).unwrap();
        let platforms: Vec<String> =
            index.manifests.iter().filter_map(|m| m.platform.as_ref()).map(ToString::to_string).collect();
        assert_eq!(platforms, ["linux/amd64", "linux/arm64/v8", "unknown/unknown"]);
        assert_eq!(index.manifests[2].annotation("vnd.docker.reference.type"), Some("attestation-manifest"));
    }

    #[test]
    fn parse_refuses_the_wrong_document() {
        let manifest = String::from_utf8(manifest_bytes(&Manifest::new(config(), vec![layer()]))).unwrap();
        let index = String::from_utf8(index_bytes(&Index::new(vec![layer()]))).unwrap();
        let schema1 = r#"{"schemaVersion":1,"name":"library/alpine","tag":"latest","fsLayers":[]}"#;
        let bad_layer = manifest.replace(mt::OCI_LAYER, "text/plain");
        let bad_config = manifest.replace(mt::OCI_CONFIG, mt::OCI_EMPTY);
        let cases: Vec<(Result<(), OciError>, OciErrorKind, &str)> = vec![
            (parse_manifest(index.as_bytes()).map(drop), OciErrorKind::Json, "missing field `config`"),
            (parse_index(manifest.as_bytes()).map(drop), OciErrorKind::MediaType, "not an image index"),
            (parse_manifest(schema1.as_bytes()).map(drop), OciErrorKind::Version, "unsupported schemaVersion 1"),
            (parse_index(b"{}").map(drop), OciErrorKind::Version, "no schemaVersion"),
            (parse_manifest(bad_layer.as_bytes()).map(drop), OciErrorKind::MediaType, "not a layer"),
            (parse_manifest(bad_config.as_bytes()).map(drop), OciErrorKind::MediaType, "not an image config"),
            (parse_manifest(b"not json").map(drop), OciErrorKind::Json, "invalid image manifest"),
            (parse_index(br#"{"schemaVersion":"2"}"#).map(drop), OciErrorKind::Json, "invalid type"),
            (parse_index(b"[2, \"x\", []]").map(drop), OciErrorKind::Json, "expected a JSON object"),
        ];
        for (result, kind, needle) in cases {
            let error = result.unwrap_err();
            assert_eq!(error.kind, kind, "{error}");
            assert!(error.message.contains(needle), "{error} (wanted {needle})");
        }
        let index_with_manifest_type = index.replace(mt::OCI_INDEX, mt::OCI_MANIFEST);
        assert!(parse_index(index_with_manifest_type.as_bytes()).is_err());
    }

    #[test]
    fn verify_checks_size_and_digest() {
        let d = Descriptor::for_bytes(mt::OCI_CONFIG, b"{\"a\":1}");
        d.verify(b"{\"a\":1}").unwrap();
        let error = d.verify(b"{\"a\":2}").unwrap_err();
        assert_eq!(error.kind, OciErrorKind::Mismatch);
        assert!(error.message.contains("content has digest"), "{error}");
        assert!(d.verify(b"{}").unwrap_err().message.contains("size is 2 bytes, the descriptor says 7"));
    }

    #[test]
    fn media_type_families() {
        assert!(is_manifest_media_type(mt::OCI_MANIFEST) && is_manifest_media_type(mt::DOCKER_MANIFEST));
        assert!(is_index_media_type(mt::OCI_INDEX) && is_index_media_type(mt::DOCKER_MANIFEST_LIST));
        assert!(is_config_media_type(mt::OCI_CONFIG) && is_config_media_type(mt::DOCKER_CONFIG));
        assert!(!is_manifest_media_type(mt::OCI_INDEX) && !is_config_media_type(mt::OCI_EMPTY));
        assert_eq!(layer_compression(mt::OCI_LAYER), Some(LayerCompression::None));
        assert_eq!(layer_compression(mt::DOCKER_LAYER), Some(LayerCompression::None));
        assert_eq!(layer_compression(mt::OCI_LAYER_ZSTD), Some(LayerCompression::Zstd));
        assert_eq!(layer_compression(mt::DOCKER_LAYER_FOREIGN_GZIP), Some(LayerCompression::Gzip));
        assert_eq!(layer_compression(mt::OCI_CONFIG), None);
    }
}
