//! The values a file tree is made of: nodes, their metadata, and the limits on their totals. Knows nothing of paths.
//!
//! Every traversal here is iterative: a tree may be deeper than the stack is tall (wasm32 has 1 MiB), and a panic or a
//! stack overflow in the browser kills the whole instance.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Owner, group and permission bits of a node (what `chmod` and `chown` change).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Meta {
    /// Permission bits including suid/sgid/sticky (`0o7777`); never the file-type bits.
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
}

impl Meta {
    /// `drwxr-xr-x root root`, what `mkdir` gives as root with umask 022.
    pub const DIR: Meta = Meta::root(0o755);
    /// `-rw-r--r-- root root`, what a new file gets as root with umask 022.
    pub const FILE: Meta = Meta::root(0o644);
    /// `-rwxr-xr-x root root`.
    pub const EXECUTABLE: Meta = Meta::root(0o755);
    /// `lrwxrwxrwx root root`: Linux ignores a symlink's own mode and always shows 0777.
    pub const SYMLINK: Meta = Meta::root(0o777);

    pub const fn new(mode: u32, uid: u32, gid: u32) -> Meta {
        Meta { mode: mode & 0o7777, uid, gid }
    }

    /// Owned by root:root (uid and gid 0).
    pub const fn root(mode: u32) -> Meta {
        Meta::new(mode, 0, 0)
    }

    /// The same owner with the file-type bits removed from `mode`.
    pub(crate) const fn masked(self) -> Meta {
        Meta::new(self.mode, self.uid, self.gid)
    }
}

/// What a node is, without its contents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    File,
    Dir,
    Symlink,
}

/// One node of the tree. Directories hold their children behind `Arc`, so a tree is shared between snapshots and a
/// change copies only the directories on the path from the root to the changed node.
///
/// Entry names are never empty, `.`, `..`, and never contain `/` or NUL; `Fs::insert_node` checks this for
/// subtrees built by hand.
#[derive(Clone)]
pub enum Node {
    File { meta: Meta, data: Arc<[u8]> },
    Dir { meta: Meta, entries: BTreeMap<String, Arc<Node>> },
    Symlink { meta: Meta, target: String },
}

impl Node {
    pub fn file(data: impl Into<Arc<[u8]>>, meta: Meta) -> Node {
        Node::File { meta: meta.masked(), data: data.into() }
    }

    pub fn empty_dir(meta: Meta) -> Node {
        Node::Dir { meta: meta.masked(), entries: BTreeMap::new() }
    }

    pub fn symlink(target: impl Into<String>, meta: Meta) -> Node {
        Node::Symlink { meta: meta.masked(), target: target.into() }
    }

    pub fn kind(&self) -> NodeKind {
        match self {
            Node::File { .. } => NodeKind::File,
            Node::Dir { .. } => NodeKind::Dir,
            Node::Symlink { .. } => NodeKind::Symlink,
        }
    }

    pub fn meta(&self) -> Meta {
        match self {
            Node::File { meta, .. } | Node::Dir { meta, .. } | Node::Symlink { meta, .. } => *meta,
        }
    }

    pub(crate) fn meta_mut(&mut self) -> &mut Meta {
        match self {
            Node::File { meta, .. } | Node::Dir { meta, .. } | Node::Symlink { meta, .. } => meta,
        }
    }

    /// File bytes for a file, the target's length for a symlink (what `ls -l` shows), 0 for a directory.
    pub fn size(&self) -> u64 {
        match self {
            Node::File { data, .. } => data.len() as u64,
            Node::Dir { .. } => 0,
            Node::Symlink { target, .. } => target.len() as u64,
        }
    }

    pub fn stat(&self) -> Stat {
        Stat { kind: self.kind(), meta: self.meta(), size: self.size() }
    }

    /// The children of a directory, `None` for anything else.
    pub fn entries(&self) -> Option<&BTreeMap<String, Arc<Node>>> {
        match self {
            Node::Dir { entries, .. } => Some(entries),
            _ => None,
        }
    }

    pub fn is_dir(&self) -> bool {
        matches!(self, Node::Dir { .. })
    }
}

/// Structural equality (kinds, metadata, contents, names), comparing shared subtrees by pointer first.
impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        let mut stack: Vec<(&Node, &Node)> = vec![(self, other)];
        while let Some((a, b)) = stack.pop() {
            match (a, b) {
                (Node::File { meta: ma, data: da }, Node::File { meta: mb, data: db }) => {
                    if ma != mb || (!Arc::ptr_eq(da, db) && da[..] != db[..]) {
                        return false;
                    }
                }
                (Node::Symlink { meta: ma, target: ta }, Node::Symlink { meta: mb, target: tb }) => {
                    if ma != mb || ta != tb {
                        return false;
                    }
                }
                (Node::Dir { meta: ma, entries: ea }, Node::Dir { meta: mb, entries: eb }) => {
                    if ma != mb || ea.len() != eb.len() {
                        return false;
                    }
                    for ((na, ca), (nb, cb)) in ea.iter().zip(eb) {
                        if na != nb {
                            return false;
                        }
                        if !Arc::ptr_eq(ca, cb) {
                            stack.push((ca, cb));
                        }
                    }
                }
                _ => return false,
            }
        }
        true
    }
}

impl Eq for Node {}

/// Shallow on purpose: a directory shows its entry names, not their subtrees (a derived `Debug` would recurse).
impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::File { meta, data } => f
                .debug_struct("File")
                .field("meta", meta)
                .field("data", &String::from_utf8_lossy(&data[..data.len().min(64)]))
                .field("len", &data.len())
                .finish(),
            Node::Dir { meta, entries } => {
                f.debug_struct("Dir").field("meta", meta).field("entries", &entries.keys().collect::<Vec<_>>()).finish()
            }
            Node::Symlink { meta, target } => {
                f.debug_struct("Symlink").field("meta", meta).field("target", target).finish()
            }
        }
    }
}

/// What `stat`/`lstat` report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stat {
    pub kind: NodeKind,
    pub meta: Meta,
    /// File bytes; a symlink's target length; 0 for a directory.
    pub size: u64,
}

/// Bounds on a tree, checked before every change that could grow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Total bytes of file contents (symlink targets and names are not counted). Default 1 GiB.
    pub max_bytes: u64,
    /// Files, directories and symlinks, not counting `/`. Default 1,000,000.
    pub max_nodes: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits { max_bytes: 1 << 30, max_nodes: 1_000_000 };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// File bytes and node count of a subtree (the node itself included).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    pub bytes: u64,
    pub nodes: u64,
}

impl Totals {
    pub const ZERO: Totals = Totals { bytes: 0, nodes: 0 };
}

/// Bytes and nodes of `node` and everything below it. O(size of the subtree).
pub(crate) fn subtree_totals(node: &Node) -> Totals {
    let mut totals = Totals::ZERO;
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        totals.nodes += 1;
        match node {
            Node::File { data, .. } => totals.bytes = totals.bytes.saturating_add(data.len() as u64),
            Node::Dir { entries, .. } => stack.extend(entries.values().map(|child| &**child)),
            Node::Symlink { .. } => {}
        }
    }
    totals
}

/// Like [`subtree_totals`], and checks every entry name and symlink target on the way: `None` if a name could never
/// come from a path (empty, `.`, `..`, containing `/` or NUL) or a target contains NUL.
pub(crate) fn checked_subtree_totals(node: &Node) -> Option<Totals> {
    let mut totals = Totals::ZERO;
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        totals.nodes += 1;
        match node {
            Node::File { data, .. } => totals.bytes = totals.bytes.saturating_add(data.len() as u64),
            Node::Dir { entries, .. } => {
                for (name, child) in entries {
                    if !valid_name(name) {
                        return None;
                    }
                    stack.push(child);
                }
            }
            Node::Symlink { target, .. } => {
                if target.contains('\0') {
                    return None;
                }
            }
        }
    }
    Some(totals)
}

/// A name that can appear as a directory entry.
pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\0'])
}

/// Drops a subtree without recursion: the nodes this was the last owner of are taken apart one at a time, shared ones
/// are only released. A derived drop of a deep chain of directories would overflow the stack.
pub(crate) fn drop_tree(node: Arc<Node>) {
    drop_all(vec![node]);
}

/// [`drop_tree`] for the children of a directory.
pub(crate) fn drop_entries(entries: BTreeMap<String, Arc<Node>>) {
    drop_all(entries.into_values().collect());
}

fn drop_all(mut stack: Vec<Arc<Node>>) {
    while let Some(node) = stack.pop() {
        if let Ok(Node::Dir { entries, .. }) = Arc::try_unwrap(node) {
            stack.extend(entries.into_values());
        }
    }
}
