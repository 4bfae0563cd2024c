//! The build context: the files `docker build` sends to the builder, as values (the CLI reads a directory, the
//! browser holds what the student typed or dropped). Paths are normalised so nothing can name a place outside it.

use super::dockerignore::DockerIgnore;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One entry of the context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextEntry {
    File { data: Arc<[u8]>, mode: u32 },
    Dir { mode: u32 },
    Symlink { target: String },
}

/// Why a path cannot be part of a context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ContextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Files keyed by their path relative to the context root (`src/app.js`), in sorted order, so that the order in
/// which they were added never matters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildContext {
    entries: BTreeMap<String, ContextEntry>,
}

impl BuildContext {
    pub fn new() -> BuildContext {
        BuildContext::default()
    }

    /// Adds a file; missing parent directories are implied. The path must stay inside the context.
    pub fn add_file(&mut self, path: &str, data: impl Into<Arc<[u8]>>, mode: u32) -> Result<(), ContextError> {
        let key = relative_key(path)?;
        self.entries.insert(key, ContextEntry::File { data: data.into(), mode: mode & 0o7777 });
        Ok(())
    }

    pub fn add_dir(&mut self, path: &str, mode: u32) -> Result<(), ContextError> {
        let key = relative_key(path)?;
        self.entries.insert(key, ContextEntry::Dir { mode: mode & 0o7777 });
        Ok(())
    }

    pub fn add_symlink(&mut self, path: &str, target: &str) -> Result<(), ContextError> {
        let key = relative_key(path)?;
        self.entries.insert(key, ContextEntry::Symlink { target: target.to_string() });
        Ok(())
    }

    pub fn get(&self, path: &str) -> Option<&ContextEntry> {
        relative_key(path).ok().and_then(|key| self.entries.get(&key))
    }

    /// The text of a file in the context (the Dockerfile, .dockerignore), if it is UTF-8.
    pub fn text(&self, path: &str) -> Option<&str> {
        match self.get(path)? {
            ContextEntry::File { data, .. } => std::str::from_utf8(data).ok(),
            _ => None,
        }
    }

    /// Every entry, sorted by path.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &ContextEntry)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `.dockerignore` of this context (empty when there is none).
    pub fn dockerignore(&self) -> DockerIgnore {
        self.text(".dockerignore").map(DockerIgnore::parse).unwrap_or_default()
    }

    /// The context as the builder receives it: without ignored entries.
    pub fn filtered(&self, ignore: &DockerIgnore) -> BuildContext {
        if ignore.is_empty() {
            return self.clone();
        }
        let entries =
            self.entries.iter().filter(|(path, _)| !ignore.is_ignored(path)).map(|(k, v)| (k.clone(), v.clone()));
        BuildContext { entries: entries.collect() }
    }

    /// The byte count `Sending build context to Docker daemon` reports: Docker sends a tar of the context, so this
    /// counts 512-byte headers, contents padded to 512 bytes, and the two end blocks.
    pub fn transfer_size(&self) -> u64 {
        let mut total = 1024;
        for entry in self.entries.values() {
            total += 512;
            if let ContextEntry::File { data, .. } = entry {
                total += (data.len() as u64).div_ceil(512) * 512;
            }
        }
        total
    }
}

/// `a/./b/`, `/a/b`, `a//b` → `a/b`. `..` that would leave the context is refused.
fn relative_key(path: &str) -> Result<String, ContextError> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(ContextError {
                        path: path.to_string(),
                        message: "the path leaves the build context (too many ..)".into(),
                    });
                }
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return Err(ContextError { path: path.to_string(), message: "names the context root, not a file".into() });
    }
    Ok(parts.join("/"))
}

/// Docker's `units.HumanSize`: decimal units with four significant digits (`2.048kB`, `7.8MB`, `512B`).
pub fn human_size(bytes: u64) -> String {
    human_size_precision(bytes, 4)
}

/// go-units' `HumanSizeWithPrecision`: decimal units and `%.{precision}g` (`docker images` uses 3: `7.81MB`).
pub fn human_size_precision(bytes: u64, precision: usize) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit < UNITS.len() - 1 {
        size /= 1000.0;
        unit += 1;
    }
    format!("{}{}", format_g(size, precision.clamp(1, 6) as i32), UNITS[unit])
}

/// Go's `%.{precision}g` for values in [0, 1000): significant digits, trailing zeros removed.
fn format_g(value: f64, precision: i32) -> String {
    if value == 0.0 {
        return "0".into();
    }
    let exponent = value.abs().log10().floor() as i32;
    let decimals = (precision - 1 - exponent).max(0) as usize;
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes_match_docker() {
        assert_eq!(human_size(0), "0B");
        assert_eq!(human_size(512), "512B");
        assert_eq!(human_size(2048), "2.048kB");
        assert_eq!(human_size(1500), "1.5kB");
        assert_eq!(human_size(123_456), "123.5kB");
        assert_eq!(human_size(7_800_000), "7.8MB");
        assert_eq!(human_size(912_000_000), "912MB");
        assert_eq!(human_size(1_100_000_000), "1.1GB");
    }

    #[test]
    fn paths_are_normalised_and_cannot_escape() {
        let mut context = BuildContext::new();
        context.add_file("./src//app.js", b"x".to_vec(), 0o644).unwrap();
        context.add_file("/package.json", b"{}".to_vec(), 0o644).unwrap();
        assert!(context.get("src/app.js").is_some());
        assert!(context.add_file("../etc/passwd", b"".to_vec(), 0o644).is_err());
        assert!(context.add_file("a/../../b", b"".to_vec(), 0o644).is_err());
        assert!(context.add_file(".", b"".to_vec(), 0o644).is_err());
        let paths: Vec<&str> = context.entries().map(|(p, _)| p).collect();
        assert_eq!(paths, ["package.json", "src/app.js"]);
    }

    #[test]
    fn insertion_order_does_not_matter_and_ignore_filters() {
        let mut a = BuildContext::new();
        let mut b = BuildContext::new();
        for (path, body) in [("x", "1"), ("node_modules/m/i.js", "2"), (".dockerignore", "node_modules\n")] {
            a.add_file(path, body.as_bytes().to_vec(), 0o644).unwrap();
        }
        for (path, body) in [(".dockerignore", "node_modules\n"), ("node_modules/m/i.js", "2"), ("x", "1")] {
            b.add_file(path, body.as_bytes().to_vec(), 0o644).unwrap();
        }
        assert_eq!(a, b);
        let sent = a.filtered(&a.dockerignore());
        assert_eq!(sent.len(), 2);
        assert_eq!(sent.transfer_size(), 1024 + 2 * 1024);
    }
}
