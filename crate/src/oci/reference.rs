//! Image references (`alpine`, `lee20h/hello:1.0`, `localhost:5000/x@sha256:…`), read and normalised the way the
//! Docker CLI does (distribution/reference's `ParseNormalizedNamed`): a missing registry is `docker.io`, a
//! one-part Docker Hub name is under `library/`, a missing tag is `latest` unless a digest pins the image.
//! Errors carry Docker's wording plus a plain explanation for students.
//!
//! Grammar (from distribution/reference):
//! ```text
//! reference   := name [ ":" tag ] [ "@" digest ]
//! name        := [domain "/"] path-component ["/" path-component]*      (at most 255 characters in total)
//! domain      := (domain-component ["." domain-component]* | "[" ipv6 "]") [":" port]
//! path-component := [a-z0-9]+ ((("." | "_" | "__" | "-"+) [a-z0-9]+))*
//! tag         := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
//! ```

use super::Digest;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The registry of a reference that names none.
pub const DEFAULT_DOMAIN: &str = "docker.io";
/// The tag of a reference that names neither tag nor digest.
pub const DEFAULT_TAG: &str = "latest";

const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
const OFFICIAL_REPO_PREFIX: &str = "library/";
const NAME_TOTAL_LENGTH_MAX: usize = 255;
const TAG_LENGTH_MAX: usize = 128;

/// A normalised image reference: registry domain, repository path, and a tag, a digest, or both.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<Digest>,
}

/// Which rule a reference broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReferenceErrorKind {
    /// Does not fit the grammar (an empty name, a bad character, a bad tag, an empty path component…).
    InvalidFormat,
    /// The repository path has capital letters.
    Uppercase,
    /// The name (registry and path) is longer than 255 characters.
    NameTooLong,
    /// The part after `@` is not a usable digest.
    InvalidDigest,
    /// 64 hex characters: that is an image ID, not a name.
    HexIdentifier,
}

/// Why a reference was refused: `message` is what Docker prints, `reason` explains it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceError {
    pub kind: ReferenceErrorKind,
    /// The text that was parsed.
    pub input: String,
    /// Docker's wording, e.g. `invalid reference format: repository name (library/Alpine) must be lowercase`.
    pub message: String,
    /// What exactly is wrong, in plain words.
    pub reason: String,
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReferenceError {}

impl Reference {
    /// Reads and normalises a reference as `docker build -t`, `docker pull` or `FROM` would.
    pub fn parse(text: &str) -> Result<Reference, ReferenceError> {
        let fail = |kind: ReferenceErrorKind, message: String, reason: String| {
            Err(ReferenceError { kind, input: text.to_string(), message, reason })
        };
        let invalid = |reason: String| fail(ReferenceErrorKind::InvalidFormat, INVALID_FORMAT.to_string(), reason);

        if text.is_empty() {
            return invalid("the reference is empty".to_string());
        }
        if text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return fail(
                ReferenceErrorKind::HexIdentifier,
                format!("invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"),
                "64 hex characters look like an image ID; a repository name cannot be one".to_string(),
            );
        }
        let (name_and_tag, digest_text) = match text.split_once('@') {
            Some((left, right)) => (left, Some(right)),
            None => (text, None),
        };
        // A ':' after the last '/' starts the tag; one before it belongs to a registry port.
        let (name, tag) = match name_and_tag.rfind(':') {
            Some(colon) if !name_and_tag[colon..].contains('/') => {
                (&name_and_tag[..colon], Some(&name_and_tag[colon + 1..]))
            }
            _ => (name_and_tag, None),
        };
        let (domain, path) = split_domain(name);

        if path.chars().any(char::is_uppercase) {
            return fail(
                ReferenceErrorKind::Uppercase,
                format!("{INVALID_FORMAT}: repository name ({path}) must be lowercase"),
                format!("repository names are lower case only: {:?}", path.to_lowercase()),
            );
        }
        if !valid_domain(domain) {
            return invalid(format!("{domain:?} is not a valid registry host[:port]"));
        }
        if let Some(bad) = path.split('/').find(|component| !valid_path_component(component)) {
            return invalid(if bad.is_empty() {
                "the repository name has an empty part (nothing between two '/', or at an end)".to_string()
            } else {
                format!(
                    "{bad:?} is not a valid repository name part: use a-z, 0-9, and single '.', '_' or '__', \
                     or dashes between them"
                )
            });
        }
        if let Some(tag) = tag {
            if let Err(reason) = check_tag(tag) {
                return invalid(reason);
            }
        }
        let digest = match digest_text {
            None => None,
            Some(digest_text) => match check_digest(digest_text) {
                Ok(digest) => Some(digest),
                Err((kind, message, reason)) => return fail(kind, message, reason),
            },
        };
        let total = domain.len() + 1 + path.len();
        if total > NAME_TOTAL_LENGTH_MAX {
            return fail(
                ReferenceErrorKind::NameTooLong,
                format!("repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"),
                format!("the full name {domain}/… has {total} characters"),
            );
        }
        let tag = match (tag, &digest) {
            (Some(tag), _) => Some(tag.to_string()),
            (None, Some(_)) => None,
            (None, None) => Some(DEFAULT_TAG.to_string()),
        };
        Ok(Reference { domain: domain.to_string(), path, tag, digest })
    }

    /// The registry: `docker.io`, `localhost:5000`, `ghcr.io`.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The repository path inside the registry: `library/alpine`, `lee20h/hello`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Registry and path: `docker.io/library/alpine`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.domain, self.path)
    }

    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    pub fn digest(&self) -> Option<&Digest> {
        self.digest.as_ref()
    }

    /// Whether the image lives on Docker Hub.
    pub fn is_docker_hub(&self) -> bool {
        self.domain == DEFAULT_DOMAIN
    }

    /// The name as Docker prints it: `alpine`, `lee20h/hello`, `localhost:5000/x`.
    pub fn familiar_name(&self) -> String {
        if self.domain != DEFAULT_DOMAIN {
            return self.name();
        }
        match self.path.strip_prefix(OFFICIAL_REPO_PREFIX) {
            Some(official) if !official.contains('/') => official.to_string(),
            _ => self.path.clone(),
        }
    }

    /// The whole reference as Docker prints it: `alpine:latest`, `lee20h/hello:1.0`, `alpine@sha256:…`.
    pub fn familiar(&self) -> String {
        self.with_suffix(self.familiar_name())
    }

    /// The whole reference with registry and path spelled out: `docker.io/library/alpine:latest`.
    pub fn fully_qualified(&self) -> String {
        self.with_suffix(self.name())
    }

    /// `familiar_name:tag`, the form of `RepoTags` in `manifest.json` and of `docker images`; `None` without a tag.
    pub fn repo_tag(&self) -> Option<String> {
        Some(format!("{}:{}", self.familiar_name(), self.tag.as_deref()?))
    }

    /// The same repository with another tag (and no digest).
    pub fn with_tag(&self, tag: &str) -> Result<Reference, ReferenceError> {
        check_tag(tag).map_err(|reason| ReferenceError {
            kind: ReferenceErrorKind::InvalidFormat,
            input: tag.to_string(),
            message: INVALID_FORMAT.to_string(),
            reason,
        })?;
        Ok(Reference { tag: Some(tag.to_string()), digest: None, ..self.clone() })
    }

    /// The same reference pinned to `digest`.
    pub fn with_digest(&self, digest: Digest) -> Reference {
        Reference { digest: Some(digest), ..self.clone() }
    }

    fn with_suffix(&self, mut out: String) -> String {
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest.as_str());
        }
        out
    }
}

const INVALID_FORMAT: &str = "invalid reference format";

/// distribution/reference's `splitDockerDomain`: the first part is a registry if it has a '.' or ':', is
/// `localhost`, or has capitals (repository paths cannot); Docker Hub's official images live under `library/`.
fn split_domain(name: &str) -> (&str, String) {
    let (domain, remainder) = match name.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':']) || first == "localhost" || first.chars().any(char::is_uppercase) =>
        {
            (first, rest)
        }
        _ => (DEFAULT_DOMAIN, name),
    };
    let domain = if domain == LEGACY_DEFAULT_DOMAIN { DEFAULT_DOMAIN } else { domain };
    if domain == DEFAULT_DOMAIN && !remainder.contains('/') {
        (domain, format!("{OFFICIAL_REPO_PREFIX}{remainder}"))
    } else {
        (domain, remainder.to_string())
    }
}

fn valid_domain(domain: &str) -> bool {
    let (host, port) = if domain.starts_with('[') {
        match domain.find(']') {
            Some(end) => (&domain[..=end], &domain[end + 1..]),
            None => return false,
        }
    } else {
        match domain.rfind(':') {
            Some(colon) => (&domain[..colon], &domain[colon..]),
            None => (domain, ""),
        }
    };
    let port_ok = port.is_empty()
        || port.strip_prefix(':').is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(ipv6) => !ipv6.is_empty() && ipv6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':'),
        None => host.split('.').all(valid_domain_component),
    };
    port_ok && host_ok
}

/// `[a-zA-Z0-9]` or `[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`.
fn valid_domain_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        _ => false,
    }
}

/// `[a-z0-9]+` runs joined by one separator each: `.`, `_`, `__`, or any number of `-`.
fn valid_path_component(component: &str) -> bool {
    let is_alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let is_separator = |b: &u8| matches!(b, b'.' | b'_' | b'-');
    let mut rest = component.as_bytes();
    loop {
        let alnum = rest.iter().take_while(|b| is_alnum(b)).count();
        if alnum == 0 {
            return false;
        }
        rest = &rest[alnum..];
        if rest.is_empty() {
            return true;
        }
        let separator_len = rest.iter().take_while(|b| is_separator(b)).count();
        let separator = &rest[..separator_len];
        let separator_ok =
            matches!(separator, b"." | b"_" | b"__") || (!separator.is_empty() && separator.iter().all(|b| *b == b'-'));
        if !separator_ok {
            return false;
        }
        rest = &rest[separator_len..];
    }
}

fn check_tag(tag: &str) -> Result<(), String> {
    let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let bytes = tag.as_bytes();
    match bytes.first() {
        None => Err("the tag after ':' is empty".to_string()),
        Some(first) if !word(first) => Err(format!("the tag {tag:?} must start with a letter, digit or '_'")),
        Some(_) if bytes.len() > TAG_LENGTH_MAX => {
            Err(format!("the tag has {} characters; at most {TAG_LENGTH_MAX} are allowed", tag.chars().count()))
        }
        Some(_) if !bytes.iter().all(|b| word(b) || matches!(b, b'.' | b'-')) => {
            Err(format!("the tag {tag:?} may only contain letters, digits, '_', '.' and '-'"))
        }
        Some(_) => Ok(()),
    }
}

/// The digest after '@', with go-digest's errors. Docker also knows sha384 and sha512; layerlab only sha256.
fn check_digest(text: &str) -> Result<Digest, (ReferenceErrorKind, String, String)> {
    if let Some(digest) = Digest::parse(text) {
        return Ok(digest);
    }
    let invalid_format = || {
        (
            ReferenceErrorKind::InvalidFormat,
            INVALID_FORMAT.to_string(),
            format!("{text:?} after '@' is not a digest such as sha256:<64 hex digits>"),
        )
    };
    // The grammar: algorithm ":" at least 32 hex digits; only then do go-digest's own checks apply.
    let Some((algorithm, hex)) = text.split_once(':') else { return Err(invalid_format()) };
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|part| {
        part.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) && part.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if !algorithm_ok || hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid_format());
    }
    let (message, reason) = if algorithm != "sha256" {
        ("unsupported digest algorithm", format!("layerlab knows sha256 digests only, not {algorithm}"))
    } else if hex.len() != 64 {
        ("invalid checksum digest length", format!("a sha256 digest has 64 hex digits, this one {}", hex.len()))
    } else {
        ("invalid checksum digest format", "the hex digits of a digest must be lower case".to_string())
    };
    Err((ReferenceErrorKind::InvalidDigest, message.to_string(), reason))
}

impl fmt::Display for Reference {
    /// The fully qualified form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fully_qualified())
    }
}

impl FromStr for Reference {
    type Err = ReferenceError;

    fn from_str(text: &str) -> Result<Reference, ReferenceError> {
        Reference::parse(text)
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.fully_qualified())
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Reference, D::Error> {
        let text = String::deserialize(deserializer)?;
        Reference::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

    #[test]
    fn normalisation_table() {
        let digest = format!("sha256:{HEX}");
        // input → (fully qualified, familiar)
        let cases: Vec<(String, String, String)> = [
            ("alpine", "docker.io/library/alpine:latest", "alpine:latest"),
            ("alpine:3.20", "docker.io/library/alpine:3.20", "alpine:3.20"),
            ("node:14-alpine", "docker.io/library/node:14-alpine", "node:14-alpine"),
            ("lee20h/hello", "docker.io/lee20h/hello:latest", "lee20h/hello:latest"),
            ("lee20h/hello:1.0", "docker.io/lee20h/hello:1.0", "lee20h/hello:1.0"),
            ("docker.io/alpine", "docker.io/library/alpine:latest", "alpine:latest"),
            ("docker.io/library/alpine:latest", "docker.io/library/alpine:latest", "alpine:latest"),
            ("index.docker.io/library/alpine", "docker.io/library/alpine:latest", "alpine:latest"),
            ("library/alpine", "docker.io/library/alpine:latest", "alpine:latest"),
            ("docker.io/library/a/b", "docker.io/library/a/b:latest", "library/a/b:latest"),
            ("localhost:5000/x:1", "localhost:5000/x:1", "localhost:5000/x:1"),
            ("localhost/x", "localhost/x:latest", "localhost/x:latest"),
            ("localhost:5000", "docker.io/library/localhost:5000", "localhost:5000"),
            ("ghcr.io/owner/repo:v1.2.3", "ghcr.io/owner/repo:v1.2.3", "ghcr.io/owner/repo:v1.2.3"),
            ("registry:5000/a/b/c", "registry:5000/a/b/c:latest", "registry:5000/a/b/c:latest"),
            ("myregistry/x", "docker.io/myregistry/x:latest", "myregistry/x:latest"),
            ("Registry/x", "Registry/x:latest", "Registry/x:latest"),
            ("[::1]:5000/x:tag", "[::1]:5000/x:tag", "[::1]:5000/x:tag"),
            (
                "a.b-c.d:1/e__f-g.h--i_j:_TAG.x-1",
                "a.b-c.d:1/e__f-g.h--i_j:_TAG.x-1",
                "a.b-c.d:1/e__f-g.h--i_j:_TAG.x-1",
            ),
            ("x:Latest", "docker.io/library/x:Latest", "x:Latest"),
        ]
        .into_iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .chain([
            (format!("alpine@{digest}"), format!("docker.io/library/alpine@{digest}"), format!("alpine@{digest}")),
            (
                format!("alpine:3.20@{digest}"),
                format!("docker.io/library/alpine:3.20@{digest}"),
                format!("alpine:3.20@{digest}"),
            ),
            (
                format!("localhost:5000/x@{digest}"),
                format!("localhost:5000/x@{digest}"),
                format!("localhost:5000/x@{digest}"),
            ),
            (
                format!("{}:{}", "a", "t".repeat(128)),
                format!("docker.io/library/a:{}", "t".repeat(128)),
                format!("a:{}", "t".repeat(128)),
            ),
        ])
        .collect();
        assert!(cases.len() >= 20);
        for (input, full, familiar) in &cases {
            let reference = Reference::parse(input).unwrap_or_else(|e| panic!("{input}: {e} ({})", e.reason));
            assert_eq!(&reference.fully_qualified(), full, "{input}");
            assert_eq!(&reference.to_string(), full, "{input}");
            assert_eq!(&reference.familiar(), familiar, "{input}");
            // Normalising is idempotent, from either form.
            assert_eq!(Reference::parse(full).unwrap(), reference, "{full}");
            assert_eq!(Reference::parse(familiar).unwrap(), reference, "{familiar}");
        }
    }

    #[test]
    fn parts() {
        let r = Reference::parse("lee20h/hello").unwrap();
        assert_eq!((r.domain(), r.path(), r.tag(), r.digest()), ("docker.io", "lee20h/hello", Some("latest"), None));
        assert_eq!(r.name(), "docker.io/lee20h/hello");
        assert_eq!(r.familiar_name(), "lee20h/hello");
        assert_eq!(r.repo_tag().as_deref(), Some("lee20h/hello:latest"));
        assert!(r.is_docker_hub());
        let alpine = Reference::parse("alpine").unwrap();
        assert_eq!(alpine.repo_tag().as_deref(), Some("alpine:latest"));
        assert_eq!(alpine.with_tag("3.20").unwrap().familiar(), "alpine:3.20");
        assert!(alpine.with_tag("-bad").is_err());
        let pinned = alpine.with_digest(Digest::parse(&format!("sha256:{HEX}")).unwrap());
        assert_eq!(pinned.familiar(), format!("alpine:latest@sha256:{HEX}"));
        assert_eq!(pinned.with_tag("edge").unwrap().familiar(), "alpine:edge");
        let by_digest = Reference::parse(&format!("alpine@sha256:{HEX}")).unwrap();
        assert_eq!(by_digest.tag(), None);
        assert_eq!(by_digest.repo_tag(), None);
        let local = Reference::parse("localhost:5000/x:1").unwrap();
        assert_eq!((local.domain(), local.path(), local.tag()), ("localhost:5000", "x", Some("1")));
        assert!(!local.is_docker_hub());
        assert_eq!("alpine".parse::<Reference>().unwrap(), alpine);
        assert_eq!(serde_json::to_string(&alpine).unwrap(), "\"docker.io/library/alpine:latest\"");
        assert_eq!(serde_json::from_str::<Reference>("\"alpine\"").unwrap(), alpine);
        assert!(serde_json::from_str::<Reference>("\"Alpine\"").is_err());
    }

    #[test]
    fn errors_table() {
        use ReferenceErrorKind::*;
        let long_name = "a".repeat(250);
        let cases: Vec<(String, ReferenceErrorKind, &str)> = [
            ("", InvalidFormat, "invalid reference format"),
            ("Alpine", Uppercase, "invalid reference format: repository name (library/Alpine) must be lowercase"),
            ("lee20h/Hello", Uppercase, "invalid reference format: repository name (lee20h/Hello) must be lowercase"),
            ("Example.com/X", Uppercase, "invalid reference format: repository name (X) must be lowercase"),
            ("alpine:", InvalidFormat, "invalid reference format"),
            (":latest", InvalidFormat, "invalid reference format"),
            ("alpine:-x", InvalidFormat, "invalid reference format"),
            ("alpine:a/b", InvalidFormat, "invalid reference format"),
            ("alpine:t+t", InvalidFormat, "invalid reference format"),
            ("a b", InvalidFormat, "invalid reference format"),
            ("alpine/", InvalidFormat, "invalid reference format"),
            ("/alpine", InvalidFormat, "invalid reference format"),
            ("a//b", InvalidFormat, "invalid reference format"),
            ("foo___bar", InvalidFormat, "invalid reference format"),
            ("foo..bar", InvalidFormat, "invalid reference format"),
            ("foo.-bar", InvalidFormat, "invalid reference format"),
            ("-foo", InvalidFormat, "invalid reference format"),
            ("foo-", InvalidFormat, "invalid reference format"),
            ("a:b:c", InvalidFormat, "invalid reference format"),
            ("example.com:port/x", InvalidFormat, "invalid reference format"),
            ("-bad.com/x", InvalidFormat, "invalid reference format"),
            ("[::1/x", InvalidFormat, "invalid reference format"),
            ("alpineé", InvalidFormat, "invalid reference format"),
            ("alpine@", InvalidFormat, "invalid reference format"),
            ("alpine@sha256:abc", InvalidFormat, "invalid reference format"),
            ("alpine@@sha256:abc", InvalidFormat, "invalid reference format"),
            (HEX, HexIdentifier, "cannot specify 64-byte hexadecimal strings"),
        ]
        .into_iter()
        .map(|(a, k, m)| (a.to_string(), k, m))
        .chain([
            (format!("alpine@sha256:{}", HEX.to_uppercase()), InvalidDigest, "invalid checksum digest format"),
            (format!("alpine@sha256:{}", &HEX[..40]), InvalidDigest, "invalid checksum digest length"),
            (format!("alpine@sha512:{HEX}{HEX}"), InvalidDigest, "unsupported digest algorithm"),
            (format!("alpine@sha256:{HEX}@sha256:{HEX}"), InvalidFormat, "invalid reference format"),
            (format!("a:{}", "t".repeat(129)), InvalidFormat, "invalid reference format"),
            (long_name.clone(), NameTooLong, "repository name must not be more than 255 characters"),
        ])
        .collect();
        for (input, kind, message) in cases {
            let error = Reference::parse(&input).unwrap_err();
            assert_eq!(error.kind, kind, "{input}: {error} ({})", error.reason);
            assert!(error.message.contains(message), "{input}: {error}");
            assert_eq!(error.to_string(), error.message);
            assert_eq!(error.input, input);
            assert!(!error.reason.is_empty(), "{input}");
        }
        // 246 + "docker.io/library/" = 264 > 255, but the same name on a short registry fits.
        assert!(Reference::parse(&format!("r.io/{}", "a".repeat(240))).is_ok());
    }
}
