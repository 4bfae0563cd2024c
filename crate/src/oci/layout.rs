//! The names inside an image tarball (OCI `image-layout.md` plus Docker's legacy files): where blobs live, the
//! `oci-layout` marker, and `manifest.json`, the file Docker's classic image store reads (image-format.md, "One
//! tarball, both layouts"). Writing and reading whole tarballs is the exporter's and importer's job; this module
//! only names and encodes the small files.

use super::{from_json_object, null_as_default, to_json_bytes, Digest, OciError, OciErrorKind};
use serde::{Deserialize, Serialize};

pub const BLOBS_DIR: &str = "blobs/";
pub const BLOBS_SHA256_DIR: &str = "blobs/sha256/";
pub const INDEX_FILE: &str = "index.json";
/// Docker's legacy manifest, the only file the classic image store reads.
pub const MANIFEST_FILE: &str = "manifest.json";
pub const OCI_LAYOUT_FILE: &str = "oci-layout";
/// The only layout version containerd accepts.
pub const OCI_LAYOUT_VERSION: &str = "1.0.0";
/// Optional legacy `{"name":{"tag":"<top layer hex>"}}`.
pub const REPOSITORIES_FILE: &str = "repositories";

/// `blobs/sha256/<hex>`: where the blob with this digest lives in a layout.
pub fn blob_path(digest: &Digest) -> String {
    format!("{BLOBS_SHA256_DIR}{}", digest.hex())
}

/// The digest a `blobs/sha256/<hex>` path names (`None` for any other path).
pub fn digest_from_blob_path(path: &str) -> Option<Digest> {
    Digest::from_hex(path.strip_prefix(BLOBS_SHA256_DIR)?)
}

/// The content of `oci-layout`: `{"imageLayoutVersion":"1.0.0"}`.
pub fn oci_layout_bytes() -> Vec<u8> {
    format!("{{\"imageLayoutVersion\":\"{OCI_LAYOUT_VERSION}\"}}").into_bytes()
}

/// Checks an `oci-layout` file: JSON with `imageLayoutVersion` 1.0.0, as containerd requires.
pub fn parse_oci_layout(bytes: &[u8]) -> Result<(), OciError> {
    #[derive(Deserialize)]
    struct Layout {
        #[serde(rename = "imageLayoutVersion")]
        version: String,
    }
    let layout: Layout = from_json_object(bytes, OCI_LAYOUT_FILE)?;
    if layout.version != OCI_LAYOUT_VERSION {
        return Err(OciError::new(
            OciErrorKind::Version,
            format!(
                "{OCI_LAYOUT_FILE}: unsupported imageLayoutVersion {:?} (want {OCI_LAYOUT_VERSION})",
                layout.version
            ),
        ));
    }
    Ok(())
}

/// One image in Docker's `manifest.json` (a JSON array of these). Paths are relative to the tarball's root.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyManifestEntry {
    /// `blobs/sha256/<hex>` (Docker 25+) or `<hex>.json` (older Docker).
    #[serde(rename = "Config")]
    pub config: String,
    /// Familiar `name:tag` forms (`hello:latest`, `lee20h/hello:1.0`); each needs a tag. `null` reads as none.
    #[serde(rename = "RepoTags", default, deserialize_with = "null_as_default")]
    pub repo_tags: Vec<String>,
    /// Layer tar paths, base first, one per `rootfs.diff_ids` entry: `blobs/sha256/<hex>` or `<id>/layer.tar`.
    #[serde(rename = "Layers", default, deserialize_with = "null_as_default")]
    pub layers: Vec<String>,
}

impl LegacyManifestEntry {
    /// The config's digest, read from its path (both the current and the pre-25 `<hex>.json` form).
    pub fn config_digest(&self) -> Option<Digest> {
        digest_from_blob_path(&self.config).or_else(|| self.config.strip_suffix(".json").and_then(Digest::from_hex))
    }
}

/// `manifest.json` as compact JSON: `[{"Config":…,"RepoTags":[…],"Layers":[…]}]`.
pub fn legacy_manifest_bytes(entries: &[LegacyManifestEntry]) -> Vec<u8> {
    to_json_bytes(&entries)
}

/// Reads `manifest.json`. Refuses paths that are absolute or climb out of the tarball with `..`.
pub fn parse_legacy_manifest(bytes: &[u8]) -> Result<Vec<LegacyManifestEntry>, OciError> {
    let entries: Vec<LegacyManifestEntry> =
        serde_json::from_slice(bytes).map_err(|e| OciError::json(MANIFEST_FILE, &e))?;
    for entry in &entries {
        for path in std::iter::once(&entry.config).chain(&entry.layers) {
            if path.is_empty() || path.starts_with('/') || path.split('/').any(|part| part == "..") {
                return Err(OciError::new(
                    OciErrorKind::Invalid,
                    format!("{MANIFEST_FILE}: path {path:?} is not a path inside the archive"),
                ));
            }
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oci::EMPTY_LAYER_DIFF_ID;

    #[test]
    fn blob_paths() {
        let d = Digest::parse(EMPTY_LAYER_DIFF_ID).unwrap();
        let path = blob_path(&d);
        assert_eq!(path, "blobs/sha256/5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");
        assert_eq!(digest_from_blob_path(&path), Some(d));
        for bad in ["blobs/sha256/", "blobs/sha512/5f70", "sha256/5f70", "index.json", "blobs/sha256/../x"] {
            assert_eq!(digest_from_blob_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn oci_layout_file() {
        assert_eq!(oci_layout_bytes(), br#"{"imageLayoutVersion":"1.0.0"}"#);
        parse_oci_layout(&oci_layout_bytes()).unwrap();
        parse_oci_layout(br#"{ "imageLayoutVersion": "1.0.0", "extra": 1 }"#).unwrap();
        assert_eq!(parse_oci_layout(br#"{"imageLayoutVersion":"1.1.0"}"#).unwrap_err().kind, OciErrorKind::Version);
        assert_eq!(parse_oci_layout(b"{}").unwrap_err().kind, OciErrorKind::Json);
    }

    #[test]
    fn legacy_manifest_round_trip() {
        let config = Digest::sha256(b"config");
        let layer = Digest::parse(EMPTY_LAYER_DIFF_ID).unwrap();
        let entries = vec![LegacyManifestEntry {
            config: blob_path(&config),
            repo_tags: vec!["hello:latest".to_string()],
            layers: vec![blob_path(&layer)],
        }];
        let text = String::from_utf8(legacy_manifest_bytes(&entries)).unwrap();
        assert_eq!(
            text,
            format!(
                r#"[{{"Config":"blobs/sha256/{}","RepoTags":["hello:latest"],"Layers":["blobs/sha256/{}"]}}]"#,
                config.hex(),
                layer.hex()
            )
        );
        let parsed = parse_legacy_manifest(text.as_bytes()).unwrap();
        assert_eq!(parsed, entries);
        assert_eq!(parsed[0].config_digest(), Some(config));
    }

    #[test]
    fn reads_what_docker_20_saves() {
        let text = r#"[{"Config":"a24bb4013296f61e89ba57005a7b3e52274d8edd3ae2077d04395f806b63d83e.json","RepoTags":null,"Layers":["e2eb06d8af8218cfec8210147357a68b7e13f7c485b991c288c2d01dc228bb68/layer.tar"]},
          {"Config":"blobs/sha256/a24bb4013296f61e89ba57005a7b3e52274d8edd3ae2077d04395f806b63d83e","RepoTags":["alpine:latest","alpine:3.18"],"Layers":[],"LayerSources":{}}]"#;
        let entries = parse_legacy_manifest(text.as_bytes()).unwrap();
        assert_eq!(entries.len(), 2);
        assert!(entries[0].repo_tags.is_empty());
        assert_eq!(entries[0].config_digest(), entries[1].config_digest());
        assert_eq!(entries[0].config_digest().map(|d| d.short().to_string()).as_deref(), Some("a24bb4013296"));
        assert_eq!(entries[1].repo_tags, ["alpine:latest", "alpine:3.18"]);
    }

    #[test]
    fn refuses_escaping_paths() {
        for bad in [
            r#"[{"Config":"/etc/passwd","Layers":[]}]"#,
            r#"[{"Config":"x.json","Layers":["../../layer.tar"]}]"#,
            r#"[{"Config":"x.json","Layers":["a/../../b"]}]"#,
            r#"[{"Config":"","Layers":[]}]"#,
        ] {
            assert_eq!(parse_legacy_manifest(bad.as_bytes()).unwrap_err().kind, OciErrorKind::Invalid, "{bad}");
        }
        assert_eq!(parse_legacy_manifest(br#"{"Config":"x"}"#).unwrap_err().kind, OciErrorKind::Json);
        assert_eq!(parse_legacy_manifest(br#"[{"RepoTags":[]}]"#).unwrap_err().kind, OciErrorKind::Json);
    }
}
