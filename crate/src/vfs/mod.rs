//! The in-memory file tree that images and containers are made of: a persistent tree of `Arc`'d nodes, so a snapshot
//! is an O(1) clone and a change copies only the directories from `/` down to the changed node.
//!
//! Paths are strings, normalised lexically (`.`/`..`/`//` resolved on the text, never above `/`), then walked with
//! symlinks followed inside this tree only (relative targets against the link's directory, absolute ones against this
//! tree's `/`; at most 40 of them per lookup). Nothing here knows the host, layers, images or the shell.
//!
//! Invariants: `bytes`/`nodes` always equal the totals of the tree (kept by every change, counted from the removed or
//! inserted subtree — O(depth) for a file, O(size) of a subtree that goes or comes); every change checks the limits
//! and everything else that can fail *before* it touches the tree, so an error leaves the `Fs` as it was.

mod error;
mod node;
mod path;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

pub use error::{FsError, FsErrorKind, Limit};
pub use node::{Limits, Meta, Node, NodeKind, Stat};

use node::{checked_subtree_totals, drop_entries, drop_tree, subtree_totals, valid_name, Totals};

/// Symlinks followed in one lookup before giving up with `SymlinkLoop` (Linux's MAXSYMLINKS).
pub const MAX_SYMLINK_HOPS: u32 = 40;

/// Longest symlink target accepted (Linux's PATH_MAX, including its NUL).
pub const MAX_SYMLINK_TARGET: usize = 4095;

/// A file tree. Cloning is O(1) and the clones share everything until one of them changes.
#[derive(Clone)]
pub struct Fs {
    root: Arc<Node>,
    /// File bytes in the tree.
    bytes: u64,
    /// Nodes in the tree, `/` not counted (so it equals `walk().len()`).
    nodes: u64,
    limits: Limits,
}

/// Where a path led: its physical components (no symlinks left in them), of which the last `missing` do not exist;
/// `node` is the node at `comps` when `missing == 0`, else the directory that would hold the first missing one.
struct Resolved<'a> {
    comps: Vec<String>,
    missing: usize,
    node: &'a Arc<Node>,
}

/// The directory that holds (or would hold) the last component of a path, and that component.
struct Parent<'a> {
    dir: Vec<String>,
    name: String,
    existing: Option<&'a Arc<Node>>,
}

impl Fs {
    /// Just `/` (0755 root:root), with the default limits.
    pub fn new() -> Fs {
        Fs::with_limits(Limits::default())
    }

    pub fn with_limits(limits: Limits) -> Fs {
        Fs { root: Arc::new(Node::empty_dir(Meta::DIR)), bytes: 0, nodes: 0, limits }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Bytes of file contents in the tree.
    pub fn total_bytes(&self) -> u64 {
        self.bytes
    }

    /// Files, directories and symlinks in the tree, not counting `/`.
    pub fn node_count(&self) -> u64 {
        self.nodes
    }

    /// The root directory, for code that walks the tree itself (diffs, tar writers).
    pub fn root(&self) -> &Arc<Node> {
        &self.root
    }

    /// `path` made absolute against `cwd` and normalised lexically: `.` and `..` resolved on the text, `..` at `/`
    /// stays at `/`, repeated `/` collapsed, no trailing `/`. Never looks at a tree.
    pub fn normalize(cwd: &str, path: &str) -> String {
        path::normalize(cwd, path)
    }

    /// Follows symlinks, the last one included.
    pub fn stat(&self, path: &str) -> Result<Stat, FsError> {
        Ok(self.existing(path, true)?.stat())
    }

    /// Does not follow a symlink in the last component.
    pub fn lstat(&self, path: &str) -> Result<Stat, FsError> {
        Ok(self.existing(path, false)?.stat())
    }

    /// Whether `stat` would succeed (a dangling symlink does not exist, as with `test -e`).
    pub fn exists(&self, path: &str) -> bool {
        self.stat(path).is_ok()
    }

    /// The contents of a file (symlinks followed). Shares the bytes with the tree.
    pub fn read(&self, path: &str) -> Result<Arc<[u8]>, FsError> {
        match &**self.existing(path, true)? {
            Node::File { data, .. } => Ok(data.clone()),
            _ => Err(FsError::new(FsErrorKind::IsADirectory, path)),
        }
    }

    /// A symlink's target as stored. Anything else is `InvalidPath` (EINVAL, as readlink(2)).
    pub fn read_link(&self, path: &str) -> Result<String, FsError> {
        match &**self.existing(path, false)? {
            Node::Symlink { target, .. } => Ok(target.clone()),
            _ => Err(FsError::new(FsErrorKind::InvalidPath, path)),
        }
    }

    /// Creates a file or replaces its contents, keeping the metadata of a file that exists. A symlink in the last
    /// component is followed (a dangling one creates its target, as `echo > link` does). The parent must exist.
    pub fn write(&mut self, path: &str, data: impl Into<Arc<[u8]>>, meta_if_new: Meta) -> Result<(), FsError> {
        let data: Arc<[u8]> = data.into();
        let (comps, old) = self.file_target(path)?;
        let new_len = data.len() as u64;
        let meta = match &old {
            Some((meta, _)) => *meta,
            None => meta_if_new.masked(),
        };
        self.put_file(path, &comps, old.map(|(_, old)| old.len() as u64), new_len, || Node::File { meta, data })
    }

    /// Appends to a file, creating it like `write` if needed (`>>`).
    pub fn append(&mut self, path: &str, data: &[u8], meta_if_new: Meta) -> Result<(), FsError> {
        let (comps, old) = self.file_target(path)?;
        let old_len = old.as_ref().map(|(_, old)| old.len() as u64);
        let new_len = old_len.unwrap_or(0).saturating_add(data.len() as u64);
        let (meta, old_data) = match old {
            Some((meta, old)) => (meta, Some(old)),
            None => (meta_if_new.masked(), None),
        };
        // The limit is checked by put_file before this allocates the grown contents.
        self.put_file(path, &comps, old_len, new_len, move || {
            let mut bytes = Vec::with_capacity(old_data.as_ref().map_or(0, |old| old.len()) + data.len());
            if let Some(old) = old_data {
                bytes.extend_from_slice(&old);
            }
            bytes.extend_from_slice(data);
            Node::File { meta, data: bytes.into() }
        })
    }

    /// Creates one directory; its parent must exist, and nothing (not even a dangling symlink) may be at `path`.
    pub fn mkdir(&mut self, path: &str, meta: Meta) -> Result<(), FsError> {
        let Some(parent) = self.parent(path)? else {
            return Err(FsError::new(FsErrorKind::AlreadyExists, path));
        };
        if parent.existing.is_some() {
            return Err(FsError::new(FsErrorKind::AlreadyExists, path));
        }
        let Parent { dir, name, .. } = parent;
        check_name(&name, path)?;
        self.check_limits(path, Totals::ZERO, Totals { bytes: 0, nodes: 1 })?;
        self.place(path, &dir, name, Arc::new(Node::empty_dir(meta)))
    }

    /// `mkdir -p`: creates what is missing along `path` (all with `meta`); fine if it is already a directory (or a
    /// symlink to one). Checks the node limit for all of them before creating any.
    pub fn mkdir_all(&mut self, path: &str, meta: Meta) -> Result<(), FsError> {
        let resolved = self.resolve(path, true)?;
        if resolved.missing == 0 {
            return if resolved.node.is_dir() { Ok(()) } else { Err(FsError::new(FsErrorKind::AlreadyExists, path)) };
        }
        let Resolved { mut comps, missing, .. } = resolved;
        let new = comps.split_off(comps.len() - missing);
        for name in &new {
            check_name(name, path)?;
        }
        self.check_limits(path, Totals::ZERO, Totals { bytes: 0, nodes: missing as u64 })?;
        // Build the missing chain bottom-up, then hang it in place with one walk from the root.
        let mut names = new.into_iter().rev();
        let mut chain = Node::empty_dir(meta);
        let mut top = names.next().unwrap_or_default();
        for name in names {
            let mut entries = BTreeMap::new();
            entries.insert(top, Arc::new(chain));
            chain = Node::Dir { meta: meta.masked(), entries };
            top = name;
        }
        self.place(path, &comps, top, Arc::new(chain))?;
        // place counted one node; the rest of the chain came with it.
        self.nodes = self.nodes.saturating_add(missing as u64 - 1);
        Ok(())
    }

    /// Creates a symlink at `link` pointing to `target` (stored as given; it need not exist).
    pub fn symlink(&mut self, target: &str, link: &str, meta: Meta) -> Result<(), FsError> {
        let Some(parent) = self.parent(link)? else {
            return Err(FsError::new(FsErrorKind::AlreadyExists, link));
        };
        if parent.existing.is_some() {
            return Err(FsError::new(FsErrorKind::AlreadyExists, link));
        }
        if target.is_empty() {
            return Err(FsError::new(FsErrorKind::NotFound, link));
        }
        if target.contains('\0') || target.len() > MAX_SYMLINK_TARGET {
            return Err(FsError::new(FsErrorKind::InvalidPath, link));
        }
        let Parent { dir, name, .. } = parent;
        check_name(&name, link)?;
        self.check_limits(link, Totals::ZERO, Totals { bytes: 0, nodes: 1 })?;
        self.place(link, &dir, name, Arc::new(Node::symlink(target, meta)))
    }

    /// Removes the node at `path` (a symlink itself, not its target). A non-empty directory needs `recursive`.
    /// `/` is refused with `PermissionDenied` unless `recursive`, which empties it and keeps it.
    /// A path whose last component is `.` or `..` is refused with `InvalidPath`, as rmdir(2) does.
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        if path::ends_in_dot(path) {
            return Err(FsError::new(FsErrorKind::InvalidPath, path));
        }
        let Some(parent) = self.parent(path)? else {
            if !recursive {
                return Err(FsError::new(FsErrorKind::PermissionDenied, path));
            }
            if let Node::Dir { entries, .. } = Arc::make_mut(&mut self.root) {
                drop_entries(std::mem::take(entries));
            }
            self.bytes = 0;
            self.nodes = 0;
            return Ok(());
        };
        let Some(node) = parent.existing else {
            return Err(FsError::new(FsErrorKind::NotFound, path));
        };
        if !recursive && node.entries().is_some_and(|entries| !entries.is_empty()) {
            return Err(FsError::new(FsErrorKind::DirectoryNotEmpty, path));
        }
        let removed = subtree_totals(node);
        let Parent { dir, name, .. } = parent;
        let old = self.entries_mut(&dir).and_then(|entries| entries.remove(&name));
        if let Some(old) = old {
            self.sub_totals(removed);
            drop_tree(old);
        }
        Ok(())
    }

    /// rename(2): moves the node at `from` (not following a final symlink) to `to`, replacing a file or an empty
    /// directory there (a directory only by a directory, a non-directory only by a non-directory). Moving a directory
    /// into itself is `InvalidPath`, as is renaming `/` or a path ending in `.` or `..`.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        if path::ends_in_dot(from) {
            return Err(FsError::new(FsErrorKind::InvalidPath, from));
        }
        if path::ends_in_dot(to) {
            return Err(FsError::new(FsErrorKind::InvalidPath, to));
        }
        let Some(src) = self.parent(from)? else {
            return Err(FsError::new(FsErrorKind::InvalidPath, from));
        };
        let Some(src_node) = src.existing else {
            return Err(FsError::new(FsErrorKind::NotFound, from));
        };
        let Some(dst) = self.parent(to)? else {
            return Err(FsError::new(FsErrorKind::InvalidPath, to));
        };
        check_name(&dst.name, to)?;
        let same = src.dir == dst.dir && src.name == dst.name;
        if same {
            return Ok(());
        }
        // The destination's parent lies inside the source: the source is a directory being moved into itself.
        if dst.dir.len() > src.dir.len() && dst.dir.starts_with(&src.dir) && dst.dir[src.dir.len()] == src.name {
            return Err(FsError::new(FsErrorKind::InvalidPath, to));
        }
        let replaced = match (src_node.is_dir(), dst.existing) {
            (_, None) => Totals::ZERO,
            (true, Some(existing)) => match existing.entries() {
                None => return Err(FsError::new(FsErrorKind::NotADirectory, to)),
                Some(entries) if !entries.is_empty() => {
                    return Err(FsError::new(FsErrorKind::DirectoryNotEmpty, to));
                }
                Some(_) => Totals { bytes: 0, nodes: 1 },
            },
            (false, Some(existing)) => {
                if existing.is_dir() {
                    return Err(FsError::new(FsErrorKind::IsADirectory, to));
                }
                Totals { bytes: existing.size_if_file(), nodes: 1 }
            }
        };
        let (Parent { dir: src_dir, name: src_name, .. }, Parent { dir: dst_dir, name: dst_name, .. }) = (src, dst);
        let Some(moved) = self.entries_mut(&src_dir).and_then(|entries| entries.remove(&src_name)) else {
            return Err(FsError::new(FsErrorKind::NotFound, from));
        };
        let old = match self.entries_mut(&dst_dir) {
            Some(entries) => entries.insert(dst_name, moved),
            None => {
                // Cannot happen (the destination's parent was checked above and is not inside the source); put the
                // node back rather than lose it.
                if let Some(entries) = self.entries_mut(&src_dir) {
                    entries.insert(src_name, moved);
                }
                return Err(FsError::new(FsErrorKind::NotFound, to));
            }
        };
        if let Some(old) = old {
            self.sub_totals(replaced);
            drop_tree(old);
        }
        Ok(())
    }

    /// Changes owner/mode of the node at `path` (symlinks followed). File-type bits in the new mode are dropped.
    pub fn set_meta(&mut self, path: &str, f: impl FnOnce(&mut Meta)) -> Result<(), FsError> {
        let resolved = self.resolve(path, true)?;
        if resolved.missing > 0 {
            return Err(FsError::new(FsErrorKind::NotFound, path));
        }
        let comps = resolved.comps;
        let Some(node) = self.node_mut(&comps) else {
            return Err(FsError::new(FsErrorKind::NotFound, path));
        };
        let meta = node.meta_mut();
        f(meta);
        *meta = meta.masked();
        Ok(())
    }

    /// The entries of a directory (symlinks followed to it), sorted by name, each `lstat`ed.
    pub fn read_dir(&self, path: &str) -> Result<Vec<(String, Stat)>, FsError> {
        match &**self.existing(path, true)? {
            Node::Dir { entries, .. } => Ok(entries.iter().map(|(name, node)| (name.clone(), node.stat())).collect()),
            _ => Err(FsError::new(FsErrorKind::NotADirectory, path)),
        }
    }

    /// The node at `path` without following a final symlink (parents are followed), or `None`.
    pub fn get(&self, path: &str) -> Option<&Arc<Node>> {
        match self.parent(path) {
            Ok(Some(parent)) => parent.existing,
            Ok(None) => Some(&self.root),
            Err(_) => None,
        }
    }

    /// Places a subtree at `path` (`cp -r`, `COPY`), replacing whatever is there (a final symlink is replaced, not
    /// followed). Its parent must exist. `path` `/` replaces the whole tree and needs a directory. The subtree is
    /// shared, not copied; its names are checked and its totals counted, O(size of the subtree).
    pub fn insert_node(&mut self, path: &str, node: Arc<Node>) -> Result<(), FsError> {
        let Some(added) = checked_subtree_totals(&node) else {
            return Err(FsError::new(FsErrorKind::InvalidPath, path));
        };
        let Some(parent) = self.parent(path)? else {
            if !node.is_dir() {
                return Err(FsError::new(FsErrorKind::IsADirectory, path));
            }
            // The root is not counted as a node.
            let added = Totals { bytes: added.bytes, nodes: added.nodes - 1 };
            self.check_limits(path, Totals { bytes: self.bytes, nodes: self.nodes }, added)?;
            let old = std::mem::replace(&mut self.root, node);
            drop_tree(old);
            self.bytes = added.bytes;
            self.nodes = added.nodes;
            return Ok(());
        };
        let replaced = parent.existing.map_or(Totals::ZERO, |existing| subtree_totals(existing));
        self.check_limits(path, replaced, added)?;
        let Parent { dir, name, .. } = parent;
        check_name(&name, path)?;
        let Some(entries) = self.entries_mut(&dir) else {
            return Err(FsError::new(FsErrorKind::NotFound, path));
        };
        let old = entries.insert(name, node);
        if let Some(old) = old {
            self.sub_totals(replaced);
            drop_tree(old);
        }
        self.add_totals(added);
        Ok(())
    }

    /// Every path but `/` with its node, in tree order: parents before children and siblings by name (byte order),
    /// each directory's subtree before its next sibling — the order of `tar --sort=name`.
    pub fn walk(&self) -> Vec<(String, Arc<Node>)> {
        let mut out = Vec::with_capacity(usize::try_from(self.nodes).unwrap_or(0));
        let Some(root) = self.root.entries() else { return out };
        let mut stack = vec![(String::new(), root.iter())];
        while let Some((prefix, iter)) = stack.last_mut() {
            let Some((name, node)) = iter.next() else {
                stack.pop();
                continue;
            };
            let path = format!("{prefix}/{name}");
            out.push((path.clone(), node.clone()));
            if let Some(entries) = node.entries() {
                stack.push((path, entries.iter()));
            }
        }
        out
    }

    // ----- lookups -----

    /// Walks `path` from `/`, following symlinks in every component but the last, and in the last too if
    /// `follow_last` (or if the path ends in `/`, which also requires a directory).
    fn resolve(&self, path: &str, follow_last: bool) -> Result<Resolved<'_>, FsError> {
        let wants_dir = path::wants_dir(path);
        let follow_last = follow_last || wants_dir;
        let mut comps = path::lexical(path);
        let mut hops = 0;
        'restart: loop {
            let mut node = &self.root;
            let mut i = 0;
            while i < comps.len() {
                let Node::Dir { entries, .. } = &**node else {
                    return Err(FsError::new(FsErrorKind::NotADirectory, path));
                };
                let Some(child) = entries.get(&comps[i]) else {
                    return Ok(Resolved { missing: comps.len() - i, comps, node });
                };
                if let Node::Symlink { target, .. } = &**child {
                    if i + 1 < comps.len() || follow_last {
                        hops += 1;
                        if hops > MAX_SYMLINK_HOPS {
                            return Err(FsError::new(FsErrorKind::SymlinkLoop, path));
                        }
                        if target.is_empty() {
                            return Err(FsError::new(FsErrorKind::NotFound, path));
                        }
                        // Relative targets start from the link's directory, which is comps[..i] (already physical);
                        // absolute ones from this tree's root. `..` in the target stops at the root.
                        let mut next = if target.starts_with('/') { Vec::new() } else { comps[..i].to_vec() };
                        path::push_lexical(&mut next, target);
                        next.extend(comps.drain(i + 1..));
                        comps = next;
                        continue 'restart;
                    }
                }
                node = child;
                i += 1;
            }
            if wants_dir && !node.is_dir() {
                return Err(FsError::new(FsErrorKind::NotADirectory, path));
            }
            return Ok(Resolved { comps, missing: 0, node });
        }
    }

    /// The node `path` names, which must exist.
    fn existing(&self, path: &str, follow_last: bool) -> Result<&Arc<Node>, FsError> {
        let resolved = self.resolve(path, follow_last)?;
        if resolved.missing > 0 {
            return Err(FsError::new(FsErrorKind::NotFound, path));
        }
        Ok(resolved.node)
    }

    /// The directory holding `path`'s last component (resolved through symlinks; it must exist) and that component,
    /// with what is there now (not followed). `None` for `/`.
    fn parent(&self, path: &str) -> Result<Option<Parent<'_>>, FsError> {
        let mut comps = path::lexical(path);
        let Some(name) = comps.pop() else { return Ok(None) };
        let resolved = self.resolve(&path::join(&comps), true).map_err(|err| FsError::new(err.kind, path))?;
        if resolved.missing > 0 {
            return Err(FsError::new(FsErrorKind::NotFound, path));
        }
        let Node::Dir { entries, .. } = &**resolved.node else {
            return Err(FsError::new(FsErrorKind::NotADirectory, path));
        };
        let existing = entries.get(&name);
        Ok(Some(Parent { dir: resolved.comps, name, existing }))
    }

    /// Where a file write lands (symlinks followed), with the metadata and contents of a file already there.
    #[allow(clippy::type_complexity)]
    fn file_target(&self, path: &str) -> Result<(Vec<String>, Option<(Meta, Arc<[u8]>)>), FsError> {
        let resolved = self.resolve(path, true)?;
        if path::wants_dir(path) {
            return Err(FsError::new(FsErrorKind::IsADirectory, path));
        }
        match resolved.missing {
            0 => match &**resolved.node {
                Node::File { meta, data } => Ok((resolved.comps, Some((*meta, data.clone())))),
                _ => Err(FsError::new(FsErrorKind::IsADirectory, path)),
            },
            1 => {
                let name = resolved.comps.last().map(String::as_str).unwrap_or_default();
                check_name(name, path)?;
                Ok((resolved.comps, None))
            }
            _ => Err(FsError::new(FsErrorKind::NotFound, path)),
        }
    }

    // ----- changes (all callers have validated everything before calling these) -----

    /// Writes the file built by `make` at physical `comps`, replacing a file of `old_len` bytes if any.
    fn put_file(
        &mut self,
        path: &str,
        comps: &[String],
        old_len: Option<u64>,
        new_len: u64,
        make: impl FnOnce() -> Node,
    ) -> Result<(), FsError> {
        let (removed, added) = match old_len {
            Some(old_len) => (Totals { bytes: old_len, nodes: 1 }, Totals { bytes: new_len, nodes: 1 }),
            None => (Totals::ZERO, Totals { bytes: new_len, nodes: 1 }),
        };
        self.check_limits(path, removed, added)?;
        let Some((name, dir)) = comps.split_last() else {
            return Err(FsError::new(FsErrorKind::IsADirectory, path));
        };
        let Some(entries) = self.entries_mut(dir) else {
            return Err(FsError::new(FsErrorKind::NotFound, path));
        };
        entries.insert(name.clone(), Arc::new(make()));
        self.sub_totals(removed);
        self.add_totals(added);
        Ok(())
    }

    /// Adds a new single node (counted as one) under the physical directory `dir`.
    fn place(&mut self, path: &str, dir: &[String], name: String, node: Arc<Node>) -> Result<(), FsError> {
        let bytes = node.size_if_file();
        let Some(entries) = self.entries_mut(dir) else {
            return Err(FsError::new(FsErrorKind::NotFound, path));
        };
        entries.insert(name, node);
        self.add_totals(Totals { bytes, nodes: 1 });
        Ok(())
    }

    /// The entries of the directory at physical `comps`, made unique (copied if shared) from the root down.
    fn entries_mut(&mut self, comps: &[String]) -> Option<&mut BTreeMap<String, Arc<Node>>> {
        match self.node_mut(comps)? {
            Node::Dir { entries, .. } => Some(entries),
            _ => None,
        }
    }

    /// The node at physical `comps` (no symlinks followed), made unique from the root down.
    fn node_mut(&mut self, comps: &[String]) -> Option<&mut Node> {
        let mut cur = &mut self.root;
        for comp in comps {
            cur = match Arc::make_mut(cur) {
                Node::Dir { entries, .. } => entries.get_mut(comp)?,
                _ => return None,
            };
        }
        Some(Arc::make_mut(cur))
    }

    fn check_limits(&self, path: &str, removed: Totals, added: Totals) -> Result<(), FsError> {
        let bytes = self.bytes.saturating_sub(removed.bytes).saturating_add(added.bytes);
        if added.bytes > removed.bytes && bytes > self.limits.max_bytes {
            return Err(FsError::new(FsErrorKind::LimitExceeded(Limit::Bytes(self.limits.max_bytes)), path));
        }
        let nodes = self.nodes.saturating_sub(removed.nodes).saturating_add(added.nodes);
        if added.nodes > removed.nodes && nodes > self.limits.max_nodes {
            return Err(FsError::new(FsErrorKind::LimitExceeded(Limit::Nodes(self.limits.max_nodes)), path));
        }
        Ok(())
    }

    fn add_totals(&mut self, totals: Totals) {
        self.bytes = self.bytes.saturating_add(totals.bytes);
        self.nodes = self.nodes.saturating_add(totals.nodes);
    }

    fn sub_totals(&mut self, totals: Totals) {
        self.bytes = self.bytes.saturating_sub(totals.bytes);
        self.nodes = self.nodes.saturating_sub(totals.nodes);
    }
}

impl Node {
    fn size_if_file(&self) -> u64 {
        match self {
            Node::File { data, .. } => data.len() as u64,
            _ => 0,
        }
    }
}

fn check_name(name: &str, path: &str) -> Result<(), FsError> {
    if valid_name(name) {
        Ok(())
    } else {
        Err(FsError::new(FsErrorKind::InvalidPath, path))
    }
}

impl Default for Fs {
    fn default() -> Fs {
        Fs::new()
    }
}

/// Equal trees (kinds, names, metadata, contents); the limits are not compared.
impl PartialEq for Fs {
    fn eq(&self, other: &Fs) -> bool {
        Arc::ptr_eq(&self.root, &other.root) || *self.root == *other.root
    }
}

impl Eq for Fs {}

impl fmt::Debug for Fs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fs")
            .field("bytes", &self.bytes)
            .field("nodes", &self.nodes)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// Takes the tree apart without recursion when this was its last owner (see `drop_tree`).
impl Drop for Fs {
    fn drop(&mut self) {
        if let Some(Node::Dir { entries, .. }) = Arc::get_mut(&mut self.root) {
            drop_entries(std::mem::take(entries));
        }
    }
}
