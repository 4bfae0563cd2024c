//! The image configuration (`application/vnd.oci.image.config.v1+json`): what a container of the image runs, how
//! its layers stack up (`rootfs.diff_ids`), and how it was built (`history`). Its exact bytes are hashed into the
//! image ID of Docker's classic store, so [`config_bytes`] is deterministic.
//!
//! Field order when writing:
//! - top level: `architecture`, `author`, `config`, `created`, `history`, `os`, `rootfs`, `variant` — sorted by
//!   name, as BuildKit writes it (it patches the config as a sorted map) and as `docker pull` delivers it;
//! - `config`: `User`, `ExposedPorts`, `Env`, `Entrypoint`, `Cmd`, `Volumes`, `WorkingDir`, `Labels`, `StopSignal`,
//!   `Healthcheck`, `OnBuild`, `Shell` — the Go struct order of Docker's `DockerOCIImageConfig`;
//! - `Healthcheck`: `Test`, `Interval`, `Timeout`, `StartPeriod`, `StartInterval`, `Retries`;
//! - `rootfs`: `type`, `diff_ids`; `history` entries: `created`, `created_by`, `author`, `comment`, `empty_layer`.
//!
//! Empty fields are left out (`Env: []`, `WorkingDir: ""`, `empty_layer: false`, `created: ""` — an empty `created`
//! is a load error in Docker). `Entrypoint`, `Cmd` and `Shell` are `Option`s: `None` is "not set" and is left out,
//! `Some([])` is "set to nothing" and is written as `[]`. `config` and `rootfs.diff_ids` are always written.

use super::{
    from_json_object, is_false, is_zero, none_or_empty, null_as_default, to_json_bytes, Digest, OciError, OciErrorKind,
};
use serde::de::{self, IgnoredAny};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// The `PATH` a `FROM scratch` image starts with (Docker adds it when a config has no `PATH`).
pub const DEFAULT_PATH_ENV: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The image configuration. `Default` is an empty `linux/amd64` image with no layers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageConfig {
    pub architecture: String,
    #[serde(default, skip_serializing_if = "none_or_empty", deserialize_with = "null_as_default")]
    pub author: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub config: ContainerConfig,
    /// RFC 3339 (see [`super::rfc3339`]). Kept as text so an imported `…20.894140623Z` survives unchanged.
    #[serde(default, skip_serializing_if = "none_or_empty", deserialize_with = "null_as_default")]
    pub created: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "null_as_default")]
    pub history: Vec<History>,
    pub os: String,
    pub rootfs: RootFs,
    #[serde(default, skip_serializing_if = "none_or_empty", deserialize_with = "null_as_default")]
    pub variant: Option<String>,
}

impl Default for ImageConfig {
    fn default() -> ImageConfig {
        ImageConfig {
            architecture: "amd64".to_string(),
            author: None,
            config: ContainerConfig::default(),
            created: None,
            history: Vec::new(),
            os: "linux".to_string(),
            rootfs: RootFs::default(),
            variant: None,
        }
    }
}

impl ImageConfig {
    /// The compact, deterministic JSON (same as [`config_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        config_bytes(self)
    }

    /// The image ID in Docker's classic store: the digest of [`config_bytes`].
    pub fn image_id(&self) -> Digest {
        Digest::sha256(&config_bytes(self))
    }

    /// `os`, `architecture` and `variant` as a platform.
    pub fn platform(&self) -> Platform {
        Platform {
            architecture: self.architecture.clone(),
            os: self.os.clone(),
            os_version: None,
            os_features: Vec::new(),
            variant: self.variant.clone().filter(|v| !v.is_empty()),
        }
    }

    /// Checks what `docker load` checks, so an export fails here rather than on the student's machine: architecture
    /// and os are set, `rootfs.type` is `layers`, every `created` is RFC 3339, and there are no more non-empty
    /// history entries than layers (Docker's rule; layerlab's own images keep the two counts equal).
    pub fn validate(&self) -> Result<(), OciError> {
        let invalid = |message: String| Err(OciError::new(OciErrorKind::Invalid, message));
        if self.architecture.is_empty() {
            return invalid("image config: architecture is empty".to_string());
        }
        if self.os.is_empty() {
            return invalid("image config: os is empty".to_string());
        }
        if self.rootfs.r#type != "layers" {
            return invalid(format!("image config: rootfs type {:?} is not \"layers\"", self.rootfs.r#type));
        }
        let times = self.created.iter().chain(self.history.iter().filter_map(|h| h.created.as_ref()));
        for created in times {
            if super::parse_rfc3339(created).is_none() {
                return invalid(format!("image config: created time {created:?} is not RFC 3339"));
            }
        }
        let with_layers = self.history.iter().filter(|h| !h.empty_layer).count();
        if with_layers > self.rootfs.diff_ids.len() {
            return invalid(format!(
                "image config: {with_layers} history entries make layers but there are only {} diff_ids",
                self.rootfs.diff_ids.len()
            ));
        }
        Ok(())
    }
}

/// What a container started from the image runs with (the config's `config` object, Docker's field names).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerConfig {
    #[serde(rename = "User", default, skip_serializing_if = "String::is_empty", deserialize_with = "null_as_default")]
    pub user: String,
    /// `"8080/tcp" → {}`.
    #[serde(
        rename = "ExposedPorts",
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub exposed_ports: BTreeMap<String, EmptyObject>,
    /// `"KEY=value"`, in the order the build set them.
    #[serde(rename = "Env", default, skip_serializing_if = "Vec::is_empty", deserialize_with = "null_as_default")]
    pub env: Vec<String>,
    #[serde(rename = "Entrypoint", default, skip_serializing_if = "Option::is_none", deserialize_with = "string_list")]
    pub entrypoint: Option<Vec<String>>,
    #[serde(rename = "Cmd", default, skip_serializing_if = "Option::is_none", deserialize_with = "string_list")]
    pub cmd: Option<Vec<String>>,
    /// `"/data" → {}`.
    #[serde(
        rename = "Volumes",
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub volumes: BTreeMap<String, EmptyObject>,
    #[serde(
        rename = "WorkingDir",
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub working_dir: String,
    #[serde(rename = "Labels", default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "labels")]
    pub labels: BTreeMap<String, String>,
    #[serde(
        rename = "StopSignal",
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub stop_signal: String,
    #[serde(
        rename = "Healthcheck",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "null_as_default"
    )]
    pub healthcheck: Option<Healthcheck>,
    #[serde(rename = "OnBuild", default, skip_serializing_if = "Vec::is_empty", deserialize_with = "null_as_default")]
    pub on_build: Vec<String>,
    #[serde(rename = "Shell", default, skip_serializing_if = "Option::is_none", deserialize_with = "string_list")]
    pub shell: Option<Vec<String>>,
}

/// `HEALTHCHECK`: durations are integer nanoseconds, as Go's `time.Duration` marshals; zero means "the default".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Healthcheck {
    /// `["NONE"]`, `["CMD", arg…]` or `["CMD-SHELL", command]`.
    #[serde(rename = "Test", default, skip_serializing_if = "Vec::is_empty", deserialize_with = "null_as_default")]
    pub test: Vec<String>,
    #[serde(rename = "Interval", default, skip_serializing_if = "is_zero", deserialize_with = "null_as_default")]
    pub interval: u64,
    #[serde(rename = "Timeout", default, skip_serializing_if = "is_zero", deserialize_with = "null_as_default")]
    pub timeout: u64,
    #[serde(rename = "StartPeriod", default, skip_serializing_if = "is_zero", deserialize_with = "null_as_default")]
    pub start_period: u64,
    #[serde(rename = "StartInterval", default, skip_serializing_if = "is_zero", deserialize_with = "null_as_default")]
    pub start_interval: u64,
    #[serde(rename = "Retries", default, skip_serializing_if = "is_zero", deserialize_with = "null_as_default")]
    pub retries: u64,
}

/// The layers, as diff IDs (digests of the uncompressed tars), base first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootFs {
    /// Always `"layers"`.
    pub r#type: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub diff_ids: Vec<Digest>,
}

impl Default for RootFs {
    fn default() -> RootFs {
        RootFs { r#type: "layers".to_string(), diff_ids: Vec::new() }
    }
}

/// One build step. Entries with `empty_layer` made no layer; the others match `rootfs.diff_ids` in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    #[serde(default, skip_serializing_if = "none_or_empty", deserialize_with = "null_as_default")]
    pub created: Option<String>,
    #[serde(default, skip_serializing_if = "none_or_empty", deserialize_with = "null_as_default")]
    pub created_by: Option<String>,
    #[serde(default, skip_serializing_if = "none_or_empty", deserialize_with = "null_as_default")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "none_or_empty", deserialize_with = "null_as_default")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "is_false", deserialize_with = "null_as_default")]
    pub empty_layer: bool,
}

/// Where an image runs: `linux/amd64`, `linux/arm64/v8`. Used in descriptors of an index.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Platform {
    pub architecture: String,
    pub os: String,
    #[serde(
        rename = "os.version",
        default,
        skip_serializing_if = "none_or_empty",
        deserialize_with = "null_as_default"
    )]
    pub os_version: Option<String>,
    #[serde(
        rename = "os.features",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub os_features: Vec<String>,
    #[serde(default, skip_serializing_if = "none_or_empty", deserialize_with = "null_as_default")]
    pub variant: Option<String>,
}

impl Platform {
    pub fn new(os: &str, architecture: &str) -> Platform {
        Platform { architecture: architecture.to_string(), os: os.to_string(), ..Platform::default() }
    }

    /// Reads `os/arch[/variant]`, as `docker build --platform` takes it.
    pub fn parse(text: &str) -> Option<Platform> {
        let mut parts = text.split('/');
        let os = parts.next().filter(|s| !s.is_empty())?;
        let architecture = parts.next().filter(|s| !s.is_empty())?;
        let variant = match parts.next() {
            None => None,
            Some(v) if !v.is_empty() => Some(v.to_string()),
            Some(_) => return None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Platform { variant, ..Platform::new(os, architecture) })
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        match self.variant.as_deref() {
            Some(variant) if !variant.is_empty() => write!(f, "/{variant}"),
            _ => Ok(()),
        }
    }
}

/// The `{}` that Go writes for a `struct{}` value in `ExposedPorts` and `Volumes`. Reading accepts any value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EmptyObject {}

impl Serialize for EmptyObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        serializer.serialize_map(Some(0))?.end()
    }
}

impl<'de> Deserialize<'de> for EmptyObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EmptyObject, D::Error> {
        IgnoredAny::deserialize(deserializer)?;
        Ok(EmptyObject {})
    }
}

/// Docker's `StrSlice`: a list of strings, or one string (meaning a one-element list), or `null` (not set).
fn string_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<String>>, D::Error> {
    struct Visitor;
    impl<'de> de::Visitor<'de> for Visitor {
        type Value = Option<Vec<String>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of strings, a string or null")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            Ok(Some(vec![value.to_string()]))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                out.push(item);
            }
            Ok(Some(out))
        }
    }
    deserializer.deserialize_any(Visitor)
}

/// Labels, where Go would read a `null` value as `""`.
fn labels<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error> {
    let map = Option::<BTreeMap<String, Option<String>>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(map.into_iter().map(|(k, v)| (k, v.unwrap_or_default())).collect())
}

/// The config as compact JSON with the fixed field order described in the module documentation. The image ID of
/// Docker's classic store is the sha256 of exactly these bytes.
pub fn config_bytes(cfg: &ImageConfig) -> Vec<u8> {
    to_json_bytes(cfg)
}

/// Reads a config as Docker, BuildKit or a registry wrote it. Unknown fields (`container_config`, `docker_version`,
/// `moby.buildkit.buildinfo.v1`, `ArgsEscaped`, …) are ignored and `null`s read as empty, so re-encoding a parsed
/// config usually gives different bytes: an importer keeps the original blob to keep the image ID.
/// `architecture`, `os` and `rootfs` are required.
pub fn parse_config(bytes: &[u8]) -> Result<ImageConfig, OciError> {
    from_json_object(bytes, "image config")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oci::EMPTY_LAYER_DIFF_ID;

    fn sample() -> ImageConfig {
        let layer = Digest::sha256(b"layer");
        ImageConfig {
            created: Some("2023-11-14T22:13:20Z".to_string()),
            config: ContainerConfig {
                user: "app".to_string(),
                exposed_ports: [("8080/tcp".to_string(), EmptyObject {})].into(),
                env: vec![DEFAULT_PATH_ENV.to_string(), "GREETING=hello world".to_string()],
                entrypoint: None,
                cmd: Some(vec!["echo".to_string(), "Hello".to_string()]),
                volumes: [("/data".to_string(), EmptyObject {})].into(),
                working_dir: "/app".to_string(),
                labels: [("org.layerlab.simulated".to_string(), "true".to_string())].into(),
                stop_signal: "SIGTERM".to_string(),
                healthcheck: Some(Healthcheck {
                    test: vec!["CMD-SHELL".to_string(), "true".to_string()],
                    interval: 30_000_000_000,
                    timeout: 0,
                    start_period: 5_000_000_000,
                    start_interval: 0,
                    retries: 3,
                }),
                on_build: vec!["RUN echo child".to_string()],
                shell: Some(vec!["/bin/sh".to_string(), "-c".to_string()]),
            },
            rootfs: RootFs { diff_ids: vec![layer], ..RootFs::default() },
            history: vec![
                History {
                    created: Some("2023-11-14T22:13:20Z".to_string()),
                    created_by: Some("COPY a.txt /app/ # buildkit".to_string()),
                    comment: Some("buildkit.dockerfile.v0".to_string()),
                    ..History::default()
                },
                History {
                    created: Some("2023-11-14T22:13:20Z".to_string()),
                    created_by: Some("CMD [\"echo\" \"Hello\"]".to_string()),
                    comment: Some("buildkit.dockerfile.v0".to_string()),
                    empty_layer: true,
                    ..History::default()
                },
            ],
            ..ImageConfig::default()
        }
    }

    #[test]
    fn config_bytes_are_compact_and_in_the_documented_order() {
        let text = String::from_utf8(config_bytes(&sample())).unwrap();
        let expected = concat!(
            r#"{"architecture":"amd64","config":{"User":"app","ExposedPorts":{"8080/tcp":{}},"#,
            r#""Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","GREETING=hello world"],"#,
            r#""Cmd":["echo","Hello"],"Volumes":{"/data":{}},"WorkingDir":"/app","#,
            r#""Labels":{"org.layerlab.simulated":"true"},"StopSignal":"SIGTERM","#,
            r#""Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":30000000000,"StartPeriod":5000000000,"Retries":3},"#,
            r#""OnBuild":["RUN echo child"],"Shell":["/bin/sh","-c"]},"created":"2023-11-14T22:13:20Z","#,
            r#""history":[{"created":"2023-11-14T22:13:20Z","created_by":"COPY a.txt /app/ # buildkit","#,
            r#""comment":"buildkit.dockerfile.v0"},{"created":"2023-11-14T22:13:20Z","#,
            r#""created_by":"CMD [\"echo\" \"Hello\"]","comment":"buildkit.dockerfile.v0","empty_layer":true}],"#,
            r#""os":"linux","rootfs":{"type":"layers","diff_ids":["#,
            r#""LAYER"]}}"#,
        )
        .replace("LAYER", Digest::sha256(b"layer").as_str());
        assert_eq!(text, expected);
        assert_eq!(config_bytes(&sample()), config_bytes(&sample().clone()));
        assert_eq!(sample().image_id(), Digest::sha256(expected.as_bytes()));
    }

    #[test]
    fn minimal_config_and_empty_fields() {
        let text = String::from_utf8(config_bytes(&ImageConfig::default())).unwrap();
        assert_eq!(
            text,
            r#"{"architecture":"amd64","config":{},"os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#
        );
        let cfg = ImageConfig {
            author: Some(String::new()),
            created: Some(String::new()),
            variant: Some("v8".to_string()),
            architecture: "arm64".to_string(),
            config: ContainerConfig { entrypoint: Some(Vec::new()), ..ContainerConfig::default() },
            ..ImageConfig::default()
        };
        let text = String::from_utf8(config_bytes(&cfg)).unwrap();
        assert_eq!(
            text,
            r#"{"architecture":"arm64","config":{"Entrypoint":[]},"os":"linux","rootfs":{"type":"layers","diff_ids":[]},"variant":"v8"}"#
        );
        assert_eq!(cfg.platform().to_string(), "linux/arm64/v8");
    }

    #[test]
    fn config_bytes_round_trip_through_parse_config() {
        for cfg in [sample(), ImageConfig::default()] {
            let bytes = config_bytes(&cfg);
            let parsed = parse_config(&bytes).unwrap();
            assert_eq!(parsed, cfg);
            assert_eq!(config_bytes(&parsed), bytes);
        }
        // Set-to-nothing survives the trip, distinct from unset.
        let cleared = ImageConfig {
            config: ContainerConfig { cmd: Some(Vec::new()), ..ContainerConfig::default() },
            ..ImageConfig::default()
        };
        assert_eq!(parse_config(&config_bytes(&cleared)).unwrap(), cleared);
    }

    /// What `docker save alpine:3.18` (classic builder image, Docker 20.10) has as its config blob.
    const ALPINE_CLASSIC: &str = r##"{"architecture":"amd64","config":{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["/bin/sh"],"Image":"sha256:39dfd593e04b939e16d3a426af525cad29b8fc7410b06f4dbad8528b45e1e5a9","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null},"container":"ba09fe2c8f99faad95871d467a22c96f4bc8166bd01ce0a7c28dd5472697bfd1","container_config":{"Hostname":"ba09fe2c8f99","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["/bin/sh","-c","#(nop) ","CMD [\"/bin/sh\"]"],"Image":"sha256:39dfd593e04b939e16d3a426af525cad29b8fc7410b06f4dbad8528b45e1e5a9","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{}},"created":"2023-08-07T20:16:26.301149425Z","docker_version":"20.10.23","history":[{"created":"2023-08-07T20:16:26.15564648Z","created_by":"/bin/sh -c #(nop) ADD file:32ff5e7a78b890996ee4681cc0a26185d3e9acdb4eb1e2aaccb2411f922fed6b in / "},{"created":"2023-08-07T20:16:26.301149425Z","created_by":"/bin/sh -c #(nop)  CMD [\"/bin/sh\"]","empty_layer":true}],"os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:4693057ce2364720d39e57e85a5b8e0bd9ac3573716237736d6470ec5b7b7230"]}}"##;

    /// A BuildKit-built image as `docker save` (Docker 25+) stores it: OCI config with buildinfo and ArgsEscaped.
    const BUILDKIT_OCI: &str = r##"{"architecture":"arm64","config":{"ExposedPorts":{"80/tcp":{}},"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","NGINX_VERSION=1.25.3"],"Entrypoint":["/docker-entrypoint.sh"],"Cmd":["nginx","-g","daemon off;"],"Labels":{"maintainer":"NGINX Docker Maintainers <docker-maint@nginx.com>"},"StopSignal":"SIGQUIT","ArgsEscaped":true,"OnBuild":null},"created":"2023-11-01T05:16:27Z","history":[{"created":"2023-11-01T05:16:27Z","created_by":"ADD alpine-minirootfs-3.18.4-aarch64.tar.gz / # buildkit","comment":"buildkit.dockerfile.v0"},{"created":"2023-11-01T05:16:27Z","created_by":"CMD [\"/bin/sh\"]","comment":"buildkit.dockerfile.v0","empty_layer":true},{"created":"2023-11-01T05:16:27Z","created_by":"STOPSIGNAL SIGQUIT","comment":"buildkit.dockerfile.v0","empty_layer":true}],"moby.buildkit.buildinfo.v1":"eyJmcm9udGVuZCI6ImRvY2tlcmZpbGUudjAifQ==","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"]},"variant":"v8"}"##;

    #[test]
    fn parses_a_config_from_docker_save_classic() {
        let cfg = parse_config(ALPINE_CLASSIC.as_bytes()).unwrap();
        assert_eq!(cfg.architecture, "amd64");
        assert_eq!(cfg.os, "linux");
        assert_eq!(cfg.created.as_deref(), Some("2023-08-07T20:16:26.301149425Z"));
        assert_eq!(cfg.config.env, [DEFAULT_PATH_ENV]);
        assert_eq!(cfg.config.cmd, Some(vec!["/bin/sh".to_string()]));
        assert_eq!(cfg.config.entrypoint, None);
        assert!(cfg.config.volumes.is_empty() && cfg.config.labels.is_empty() && cfg.config.on_build.is_empty());
        assert_eq!(cfg.history.len(), 2);
        assert!(cfg.history[0].created_by.as_deref().unwrap().starts_with("/bin/sh -c #(nop) ADD file:"));
        assert!(!cfg.history[0].empty_layer && cfg.history[1].empty_layer);
        assert_eq!(cfg.rootfs.diff_ids.len(), 1);
        assert_eq!(cfg.rootfs.diff_ids[0].short(), "4693057ce236");
        cfg.validate().unwrap();
        // Re-encoding drops Docker's extra fields and nulls, and is stable from then on.
        let again = config_bytes(&cfg);
        assert_ne!(again, ALPINE_CLASSIC.as_bytes());
        assert_eq!(parse_config(&again).unwrap(), cfg);
    }

    #[test]
    fn parses_a_buildkit_oci_config() {
        let cfg = parse_config(BUILDKIT_OCI.as_bytes()).unwrap();
        assert_eq!(cfg.platform().to_string(), "linux/arm64/v8");
        assert_eq!(cfg.config.entrypoint, Some(vec!["/docker-entrypoint.sh".to_string()]));
        assert_eq!(cfg.config.cmd.as_ref().map(Vec::len), Some(3));
        assert_eq!(cfg.config.exposed_ports.keys().collect::<Vec<_>>(), ["80/tcp"]);
        assert_eq!(cfg.config.stop_signal, "SIGQUIT");
        assert_eq!(cfg.rootfs.diff_ids[0].as_str(), EMPTY_LAYER_DIFF_ID);
        assert_eq!(cfg.history.iter().filter(|h| h.empty_layer).count(), 2);
        cfg.validate().unwrap();
    }

    #[test]
    fn parse_accepts_docker_quirks() {
        let text = r#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":null},
            "config":{"Cmd":"echo hi","Entrypoint":null,"Env":null,"Labels":{"a":null},"ExposedPorts":{"80/tcp":null},
            "Healthcheck":{"Test":["NONE"],"Interval":null}},"history":null,"author":null,"created":null}"#;
        let cfg = parse_config(text.as_bytes()).unwrap();
        assert_eq!(cfg.config.cmd, Some(vec!["echo hi".to_string()]));
        assert_eq!(cfg.config.labels.get("a").map(String::as_str), Some(""));
        assert!(cfg.config.exposed_ports.contains_key("80/tcp"));
        assert_eq!(cfg.config.healthcheck.as_ref().map(|h| h.test.clone()), Some(vec!["NONE".to_string()]));
        assert!(cfg.rootfs.diff_ids.is_empty() && cfg.history.is_empty() && cfg.created.is_none());
        let missing_config = r#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;
        assert_eq!(parse_config(missing_config.as_bytes()).unwrap(), ImageConfig::default());
    }

    #[test]
    fn parse_errors_are_messages_not_panics() {
        let deep = format!("{{\"x\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let cases: Vec<(&[u8], &str)> = vec![
            (b"", "EOF"),
            (b" []", "expected a JSON object"),
            (b"\"x\"", "expected a JSON object"),
            (b"{\"os\":\"linux\",\"architecture\":\"amd64\"}", "missing field `rootfs`"),
            (br#"{"os":"linux","architecture":"amd64","rootfs":{"type":"layers","diff_ids":["sha256:AB"]}}"#, "digest"),
            (br#"{"os":"linux","architecture":"amd64","rootfs":{"type":"layers"},"config":{"Cmd":[1]}}"#, "invalid"),
            (br#"{"os":"linux","architecture":"amd64","rootfs":{"type":"layers"},"config":{"Healthcheck":{"Retries":-1}}}"#, "invalid"),
            (b"\xff\xfe", "expected a JSON object"),
            (b"{\xff}", "key must be a string"),
            // serde_json skips unknown values without recursing, so depth costs no stack.
            (deep.as_bytes(), "missing field `architecture`"),
        ];
        let deep_port = format!(
            r#"{{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers"}},"config":{{"ExposedPorts":{{"80/tcp":{}{}}}}}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(parse_config(deep_port.as_bytes()).unwrap().config.exposed_ports.contains_key("80/tcp"));
        for (input, needle) in cases {
            let error = parse_config(input).unwrap_err();
            assert_eq!(error.kind, OciErrorKind::Json);
            assert!(error.message.starts_with("invalid image config: "), "{error}");
            assert!(error.message.contains(needle), "{error} (wanted {needle})");
        }
    }

    #[test]
    fn validate_checks_what_docker_load_checks() {
        sample().validate().unwrap();
        let mut cfg = sample();
        cfg.created = Some("yesterday".to_string());
        assert!(cfg.validate().unwrap_err().message.contains("RFC 3339"));
        let mut cfg = sample();
        cfg.history[1].empty_layer = false;
        assert!(cfg.validate().unwrap_err().message.contains("2 history entries make layers"));
        let mut cfg = sample();
        cfg.rootfs.r#type = "tarballs".to_string();
        assert!(cfg.validate().is_err());
        let cfg = ImageConfig { architecture: String::new(), ..ImageConfig::default() };
        assert!(cfg.validate().is_err());
    }

    #[test]
    fn platforms() {
        assert_eq!(Platform::parse("linux/amd64"), Some(Platform::new("linux", "amd64")));
        let arm = Platform::parse("linux/arm64/v8").unwrap();
        assert_eq!(arm.variant.as_deref(), Some("v8"));
        assert_eq!(arm.to_string(), "linux/arm64/v8");
        for bad in ["", "linux", "linux/", "/amd64", "linux/arm64/", "linux/arm/v7/x"] {
            assert_eq!(Platform::parse(bad), None, "{bad}");
        }
        let json = serde_json::to_string(&arm).unwrap();
        assert_eq!(json, r#"{"architecture":"arm64","os":"linux","variant":"v8"}"#);
        let windows: Platform =
            serde_json::from_str(r#"{"architecture":"amd64","os":"windows","os.version":"10.0.17763.1"}"#).unwrap();
        assert_eq!(windows.os_version.as_deref(), Some("10.0.17763.1"));
    }
}
