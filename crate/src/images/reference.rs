//! Image references as `FROM` takes them (`alpine`, `alpine:3.20`, `library/alpine`,
//! `docker.io/library/alpine:latest`), reduced to an official-image repository and a tag. Anything that cannot name a
//! Docker Hub official image (another registry or namespace, a digest, upper case) is not in the catalog.

/// A reference to an official image on Docker Hub.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The repository without `docker.io/library/`.
    pub repository: String,
    /// The tag; `latest` when none was written.
    pub tag: String,
}

/// Reads a reference the way Docker normalises it. Returns None for references that do not name a Docker Hub
/// official image by tag.
pub fn parse_reference(text: &str) -> Option<Reference> {
    let text = text.trim();
    if text.is_empty() || text.len() > 255 || text.contains('@') {
        return None;
    }
    // The last path component may carry the tag; a ':' before the last '/' belongs to a registry host.
    let (name, tag) = match text.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (text, "latest"),
    };
    if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
        return None;
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    if parts.len() > 1 {
        if let Some(first) = parts.first() {
            if matches!(*first, "docker.io" | "index.docker.io" | "registry-1.docker.io") {
                parts.remove(0);
            } else if first.contains('.') || first.contains(':') || *first == "localhost" {
                return None;
            }
        }
    }
    let repository = match parts.as_slice() {
        [name] => *name,
        ["library", name] => *name,
        _ => return None,
    };
    let valid = !repository.is_empty()
        && repository.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'));
    valid.then(|| Reference { repository: repository.to_string(), tag: tag.to_string() })
}
