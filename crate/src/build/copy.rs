//! COPY and ADD: which sources they name (context files with wildcards, another stage's or image's files,
//! heredocs), where the files land (a file, into a directory, a directory's contents), with which owner and mode,
//! and ADD's extraction of local tar archives. The result is a new tree; the engine diffs and commits it.

use super::context::{BuildContext, ContextEntry};
use super::dockerignore::glob_segment;
use crate::dockerfile::expand::Lexer;
use crate::dockerfile::instructions::Copy;
use crate::layer::{self, Change};
use crate::vfs::{Fs, Meta, Node};
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct CopyRequest<'a> {
    pub copy: &'a Copy,
    pub is_add: bool,
    pub lexer: &'a Lexer,
    pub env: &'a BTreeMap<String, String>,
    pub context: &'a BuildContext,
    /// `--from`: the other stage's or image's tree; None copies from the context.
    pub source_fs: Option<&'a Fs>,
    pub dest_fs: &'a Fs,
    pub working_dir: &'a str,
}

pub struct CopyOutcome {
    pub fs: Fs,
    pub changes: Vec<Change>,
    /// Each copied source file and a fingerprint of its contents, to name the files that changed on a cache miss.
    pub files: Vec<(String, u64)>,
    /// The destination as the history records it.
    pub dest: String,
    /// `file`, `dir` or `multi`, as in the classic builder's `COPY file:<hash> in /app/`.
    pub source_kind: &'static str,
}

/// One thing to copy, resolved.
enum Source {
    /// A file or symlink: where it comes from (for messages and fingerprints), its final name, and its node.
    Entry { origin: String, name: String, node: Arc<Node> },
    /// A directory whose contents are copied.
    Dir { nodes: Vec<(String, Arc<Node>)> },
}

/// A fast 64-bit fingerprint of file contents (not cryptographic: it only names changed files in explanations;
/// cache decisions use the layer digest). Four independent lanes over 32-byte blocks, so it costs a small fraction
/// of the SHA-256 pass over the same bytes.
pub fn fingerprint(data: &[u8]) -> u64 {
    const K: [u64; 4] = [0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x85EB_CA77_C2B2_AE63];
    let mut lanes = K.map(|k| (data.len() as u64).wrapping_mul(k));
    let mut blocks = data.chunks_exact(32);
    for block in &mut blocks {
        for (lane, (word, k)) in lanes.iter_mut().zip(block.chunks_exact(8).zip(K)) {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(word);
            *lane = (*lane ^ u64::from_le_bytes(bytes)).wrapping_mul(k).rotate_left(29);
        }
    }
    let mut hash = lanes.iter().fold(0u64, |acc, lane| (acc ^ lane).wrapping_mul(K[0]).rotate_left(31));
    for &byte in blocks.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(K[1]).rotate_left(29);
    }
    hash ^ (hash >> 32)
}

fn expand(request: &CopyRequest, word: &str) -> Result<String, String> {
    request.lexer.expand_word(word, request.env).map(|e| e.value).map_err(|e| e.message)
}

pub fn perform(request: CopyRequest) -> Result<CopyOutcome, String> {
    let keyword = if request.is_add { "ADD" } else { "COPY" };
    let dest_raw = expand(&request, &request.copy.dest.text)?;
    let base = if request.working_dir.is_empty() { "/" } else { request.working_dir };
    let dest_is_dir_syntax = dest_raw.ends_with('/') || dest_raw == "." || dest_raw.ends_with("/.");
    let dest = Fs::normalize(base, &dest_raw);
    let owner = match &request.copy.chown {
        Some(word) => Some(resolve_owner(request.dest_fs, &expand(&request, &word.text)?)?),
        None => None,
    };
    let chmod = match &request.copy.chmod {
        Some(word) => {
            let text = expand(&request, &word.text)?;
            Some(u32::from_str_radix(&text, 8).ok().filter(|m| *m <= 0o7777).ok_or_else(|| {
                format!("invalid chmod parameter {text:?}: write the mode in octal, e.g. --chmod=755")
            })?)
        }
        None => None,
    };
    let mut sources = Vec::new();
    let mut files = Vec::new();
    for word in &request.copy.sources {
        if let Some(heredoc) = heredoc_source(&word.text, &request.copy.heredocs) {
            let content = if heredoc.expand {
                let mut lexer = Lexer::new(request.lexer.escape);
                lexer.skip_process_quotes = true;
                lexer.raw_escapes = true;
                lexer.expand_word(&heredoc.content, request.env).map(|e| e.value).map_err(|e| e.message)?
            } else {
                heredoc.content.clone()
            };
            files.push((format!("<<{}", heredoc.name), fingerprint(content.as_bytes())));
            let node =
                Arc::new(Node::File { meta: Meta { mode: 0o644, uid: 0, gid: 0 }, data: content.into_bytes().into() });
            sources.push(Source::Entry { origin: heredoc.name.clone(), name: heredoc.name.clone(), node });
            continue;
        }
        let pattern = expand(&request, &word.text)?;
        if request.is_add
            && (pattern.starts_with("http://") || pattern.starts_with("https://") || pattern.starts_with("git@"))
        {
            return Err(format!(
                "ADD failed: cannot download {pattern}: the playground has no network. Put the file in the build \
                 context and ADD or COPY it from there"
            ));
        }
        let found = match request.source_fs {
            Some(fs) => sources_from_fs(fs, &pattern)?,
            None => sources_from_context(request.context, &pattern)?,
        };
        if found.is_empty() {
            return Err(match request.source_fs {
                None => format!(
                    "{keyword} failed: file not found in build context or excluded by .dockerignore: stat {pattern}: \
                     file does not exist"
                ),
                Some(_) => format!("{keyword} failed: stat {pattern}: file does not exist in the source image"),
            });
        }
        for source in &found {
            match source {
                Source::Entry { origin, node, .. } => files.push((origin.clone(), node_fingerprint(node))),
                Source::Dir { nodes, .. } => {
                    files.extend(nodes.iter().map(|(p, n)| (p.clone(), node_fingerprint(n))));
                }
            }
        }
        sources.extend(found);
    }
    let source_kind = match sources.as_slice() {
        [Source::Entry { .. }] => "file",
        [Source::Dir { .. }] => "dir",
        _ => "multi",
    };
    let many = sources.len() > 1;
    if many && !dest_is_dir_syntax {
        return Err(format!(
            "When using {keyword} with more than one source file, the destination must be a directory and end with \
             a /"
        ));
    }
    let mut fs = request.dest_fs.clone();
    let apply_owner = |mut meta: Meta| {
        if let Some((uid, gid)) = owner {
            meta.uid = uid;
            meta.gid = gid;
        }
        if let Some(mode) = chmod {
            meta.mode = mode;
        }
        meta
    };
    let dir_meta = apply_owner(Meta { mode: 0o755, uid: 0, gid: 0 });
    let err = |e: crate::vfs::FsError| format!("{keyword} failed: {e}");
    let into_dir = many
        || dest_is_dir_syntax
        || matches!(sources.as_slice(), [Source::Dir { .. }])
        || fs.stat(&dest).is_ok_and(|s| s.kind == crate::vfs::NodeKind::Dir);
    let parent_meta = Meta { mode: 0o755, uid: 0, gid: 0 };
    if into_dir {
        fs.mkdir_all(&dest, parent_meta).map_err(err)?;
        if owner.is_some() || chmod.is_some() {
            let _ = fs.set_meta(&dest, |m| *m = dir_meta);
        }
    } else if let Some((parent, _)) = dest.rsplit_once('/') {
        fs.mkdir_all(if parent.is_empty() { "/" } else { parent }, parent_meta).map_err(err)?;
    }
    for source in sources {
        match source {
            Source::Entry { name, node, origin } => {
                let target = if into_dir { join(&dest, &name) } else { dest.clone() };
                if request.is_add && request.source_fs.is_none() {
                    if let Node::File { data, .. } = node.as_ref() {
                        if let Some(result) = extract_archive(&mut fs, &dest, data, &origin) {
                            result?;
                            continue;
                        }
                    }
                }
                place(&mut fs, &target, &node, &apply_owner).map_err(err)?;
            }
            Source::Dir { nodes, .. } => {
                for (relative, node) in nodes {
                    let target = join(&dest, &relative);
                    if let Some((parent, _)) = target.rsplit_once('/') {
                        fs.mkdir_all(if parent.is_empty() { "/" } else { parent }, dir_meta).map_err(err)?;
                    }
                    place(&mut fs, &target, &node, &apply_owner).map_err(err)?;
                }
            }
        }
    }
    let changes = layer::diff(request.dest_fs, &fs);
    let shown_dest = if into_dir && !dest.ends_with('/') { format!("{dest}/") } else { dest.clone() };
    Ok(CopyOutcome { fs, changes, files, dest: shown_dest, source_kind })
}

/// The heredoc a source word such as `<<EOF`, `<<-EOF` or `<<"EOF"` names, if any.
fn heredoc_source<'h>(
    word: &str,
    heredocs: &'h [crate::dockerfile::Heredoc],
) -> Option<&'h crate::dockerfile::Heredoc> {
    let name = word.strip_prefix("<<")?.trim_start_matches('-').trim_matches(['"', '\'']);
    heredocs.iter().find(|h| h.name == name)
}

fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

fn node_fingerprint(node: &Node) -> u64 {
    match node {
        Node::File { data, meta } => fingerprint(data) ^ u64::from(meta.mode),
        Node::Symlink { target, .. } => fingerprint(target.as_bytes()).rotate_left(1),
        Node::Dir { meta, .. } => u64::from(meta.mode),
    }
}

/// Writes one node (a file, a symlink, or a directory with its subtree) at `target`, with owner and mode applied.
fn place(
    fs: &mut Fs,
    target: &str,
    node: &Arc<Node>,
    meta_for: &dyn Fn(Meta) -> Meta,
) -> Result<(), crate::vfs::FsError> {
    let adjusted = adjust(node, meta_for);
    if let Ok(stat) = fs.lstat(target) {
        let both_dirs = stat.kind == crate::vfs::NodeKind::Dir && matches!(adjusted.as_ref(), Node::Dir { .. });
        if !both_dirs {
            fs.remove(target, true)?;
        } else {
            // Merge into the existing directory, as Docker does.
            if let Node::Dir { entries, meta } = adjusted.as_ref() {
                let meta = *meta;
                fs.set_meta(target, |m| *m = meta)?;
                for (name, child) in entries {
                    place(fs, &join(target, name), child, &|m| m)?;
                }
            }
            return Ok(());
        }
    }
    fs.insert_node(target, adjusted)
}

/// Applies --chown/--chmod to a node and its subtree (cheaply: untouched when neither was given).
fn adjust(node: &Arc<Node>, meta_for: &dyn Fn(Meta) -> Meta) -> Arc<Node> {
    match node.as_ref() {
        Node::File { meta, data } => {
            let new = meta_for(*meta);
            if new == *meta {
                node.clone()
            } else {
                Arc::new(Node::File { meta: new, data: data.clone() })
            }
        }
        Node::Symlink { meta, target } => {
            let mut new = meta_for(*meta);
            new.mode = meta.mode;
            Arc::new(Node::Symlink { meta: new, target: target.clone() })
        }
        Node::Dir { meta, entries } => {
            let new = meta_for(*meta);
            let entries = entries.iter().map(|(k, v)| (k.clone(), adjust(v, meta_for))).collect();
            Arc::new(Node::Dir { meta: new, entries })
        }
    }
}

/// `--chown=user:group` with names looked up in the destination image's /etc/passwd and /etc/group.
fn resolve_owner(fs: &Fs, spec: &str) -> Result<(u32, u32), String> {
    let (user, group) = match spec.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let table = |path: &str| fs.read(path).map(|d| String::from_utf8_lossy(&d).into_owned()).unwrap_or_default();
    let lookup = |text: &str, name: &str, gid_field: bool| -> Option<(u32, Option<u32>)> {
        text.lines().find_map(|line| {
            let f: Vec<&str> = line.split(':').collect();
            (f.len() >= 3 && f[0] == name)
                .then(|| (f[2].parse().ok(), if gid_field { f.get(3).and_then(|g| g.parse().ok()) } else { None }))
                .and_then(|(id, g)| id.map(|id| (id, g)))
        })
    };
    let passwd = table("/etc/passwd");
    let (uid, primary_gid) = match user.parse::<u32>() {
        Ok(uid) => (uid, None),
        Err(_) => lookup(&passwd, user, true)
            .ok_or_else(|| format!("unable to convert uid/gid chown string to host mapping: no such user: {user}"))?,
    };
    let gid = match group {
        None => primary_gid.unwrap_or(uid),
        Some(g) => match g.parse::<u32>() {
            Ok(gid) => gid,
            Err(_) => lookup(&table("/etc/group"), g, false)
                .map(|(gid, _)| gid)
                .ok_or_else(|| format!("unable to convert uid/gid chown string to host mapping: no such group: {g}"))?,
        },
    };
    Ok((uid, gid))
}

/// Context sources: a path, `.`, or a pattern with `*`, `?`, `[…]` per segment.
fn sources_from_context(context: &BuildContext, pattern: &str) -> Result<Vec<Source>, String> {
    let cleaned = Fs::normalize("/", pattern);
    let segments: Vec<&str> = cleaned.split('/').filter(|s| !s.is_empty()).collect();
    let has_wildcard = segments.iter().any(|s| s.contains(['*', '?', '[']));
    // Every path the context holds, directories implied by files included.
    let mut all: BTreeMap<String, Option<&ContextEntry>> = BTreeMap::new();
    for (path, entry) in context.entries() {
        let parts: Vec<&str> = path.split('/').collect();
        for n in 1..parts.len() {
            all.entry(parts[..n].join("/")).or_insert(None);
        }
        all.insert(path.to_string(), Some(entry));
    }
    let matches: Vec<String> = if segments.is_empty() {
        vec![String::new()]
    } else if has_wildcard {
        all.keys()
            .filter(|p| {
                let parts: Vec<&str> = p.split('/').collect();
                parts.len() == segments.len() && parts.iter().zip(&segments).all(|(p, s)| glob_segment(s, p))
            })
            .cloned()
            .collect()
    } else if all.contains_key(&segments.join("/")) {
        vec![segments.join("/")]
    } else {
        Vec::new()
    };
    let mut sources = Vec::new();
    for path in matches {
        let is_dir = path.is_empty() || matches!(all.get(&path), Some(None) | Some(Some(ContextEntry::Dir { .. })));
        if is_dir {
            let prefix = if path.is_empty() { String::new() } else { format!("{path}/") };
            let nodes = context
                .entries()
                .filter(|(p, _)| p.starts_with(&prefix))
                .map(|(p, e)| (p[prefix.len()..].to_string(), context_node(e)))
                .collect();
            sources.push(Source::Dir { nodes });
        } else if let Some(Some(entry)) = all.get(&path) {
            let name = path.rsplit('/').next().unwrap_or(&path).to_string();
            sources.push(Source::Entry { origin: path.clone(), name, node: context_node(entry) });
        }
    }
    Ok(sources)
}

fn context_node(entry: &ContextEntry) -> Arc<Node> {
    Arc::new(match entry {
        ContextEntry::File { data, mode } => {
            Node::File { meta: Meta { mode: *mode, uid: 0, gid: 0 }, data: data.clone() }
        }
        ContextEntry::Dir { mode } => {
            Node::Dir { meta: Meta { mode: *mode, uid: 0, gid: 0 }, entries: BTreeMap::new() }
        }
        ContextEntry::Symlink { target } => {
            Node::Symlink { meta: Meta { mode: 0o777, uid: 0, gid: 0 }, target: target.clone() }
        }
    })
}

/// `--from` sources: absolute paths in the other tree, wildcards in the last segment.
fn sources_from_fs(fs: &Fs, pattern: &str) -> Result<Vec<Source>, String> {
    let path = Fs::normalize("/", pattern);
    let (parent, last) = path.rsplit_once('/').unwrap_or(("", &path));
    let parent = if parent.is_empty() { "/" } else { parent };
    let names: Vec<String> = if last.contains(['*', '?', '[']) {
        fs.read_dir(parent)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| glob_segment(last, n))
            .collect()
    } else {
        vec![last.to_string()]
    };
    let mut sources = Vec::new();
    for name in names {
        let full = if name.is_empty() { "/".to_string() } else { join(parent, &name) };
        let Ok(stat) = fs.stat(&full) else { continue };
        if stat.kind == crate::vfs::NodeKind::Dir {
            let prefix = if full == "/" { "/".to_string() } else { format!("{full}/") };
            let nodes: Vec<(String, Arc<Node>)> = match fs.get(&full).map(|n| n.as_ref()) {
                Some(Node::Dir { entries, .. }) => entries.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                _ => fs
                    .walk()
                    .into_iter()
                    .filter(|(p, _)| p.starts_with(&prefix))
                    .map(|(p, n)| (p[prefix.len()..].to_string(), n))
                    .collect(),
            };
            sources.push(Source::Dir { nodes });
        } else if let Some(node) = fs.get(&full) {
            sources.push(Source::Entry { origin: full.clone(), name, node: node.clone() });
        }
    }
    Ok(sources)
}

/// ADD's archive extraction: an uncompressed tar is unpacked into the destination. Returns None when the data is
/// not an archive (it is then copied as a file).
fn extract_archive(fs: &mut Fs, dest: &str, data: &[u8], origin: &str) -> Option<Result<(), String>> {
    let looks_like_tar = |d: &[u8]| d.len() >= 512 && d.get(257..262) == Some(b"ustar");
    let decompressed;
    let data = if layer::gzip::is_gzip(data) {
        let limit = usize::try_from(fs.limits().max_bytes.saturating_sub(fs.total_bytes())).unwrap_or(usize::MAX);
        match layer::gzip::decompress(data, limit) {
            Ok(bytes) if looks_like_tar(&bytes) => {
                decompressed = bytes;
                &decompressed[..]
            }
            // A gzip file that is not a tar is copied as it is, as Docker does.
            Ok(_) => return None,
            Err(e) => return Some(Err(format!("ADD failed: cannot extract {origin}: {e}"))),
        }
    } else if looks_like_tar(data) {
        data
    } else {
        return None;
    };
    let mut unpacked = Fs::with_limits(fs.limits());
    if let Err(e) = layer::apply_tar(&mut unpacked, data) {
        return Some(Err(format!("ADD failed: cannot extract {origin}: {e}")));
    }
    for (path, node) in unpacked.read_dir("/").unwrap_or_default().into_iter().filter_map(|(name, _)| {
        let full = format!("/{name}");
        unpacked.get(&full).cloned().map(|n| (name, n))
    }) {
        if let Err(e) = place(fs, &join(dest, &path), &node, &|m| m) {
            return Some(Err(format!("ADD failed: {e}")));
        }
    }
    Some(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_differ_on_any_change() {
        let a = fingerprint(b"hello world, this is a file");
        assert_ne!(a, fingerprint(b"hello world, this is a filE"));
        assert_ne!(a, fingerprint(b"hello world, this is a file "));
        assert_eq!(a, fingerprint(b"hello world, this is a file"));
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
    }
}
