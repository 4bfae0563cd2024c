//! The difference between two trees as a list of changes, found by walking both at once and skipping every subtree
//! the two share (`Arc::ptr_eq`): after a build step only the directories on the paths it touched differ.

use std::collections::btree_map;
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::iter::Peekable;
use std::sync::Arc;

use super::{Change, ChangeKind};
use crate::vfs::{Fs, Node};

type Entries = BTreeMap<String, Arc<Node>>;

static NO_ENTRIES: Entries = BTreeMap::new();

/// What changed from `lower` to `upper`, in the layer order of this module (parents before children, siblings by
/// name). A directory is `Modified` when its metadata changed or it gained or lost entries — merely containing a
/// change does not make it one. An added directory is listed with everything in it; a deleted one once, at its
/// top. A path whose type changed is `Modified` (what was below a replaced directory is not listed). `/` itself is
/// never listed: layer tars carry no entry for it.
///
/// A directory present in both whose lower entries are all gone, while it holds only new ones (no name and no
/// node in common, so not a rename inside it), is taken as deleted and recreated: it is `Modified` with `opaque`
/// set and the lower entries are not listed. A directory that was only emptied keeps one whiteout per entry.
pub fn diff(lower: &Fs, upper: &Fs) -> Vec<Change> {
    let mut out = Vec::new();
    if Arc::ptr_eq(lower.root(), upper.root()) {
        return out;
    }
    let (Some(lower_root), Some(upper_root)) = (lower.root().entries(), upper.root().entries()) else {
        return out;
    };
    let mut stack = vec![Frame::new(String::new(), lower_root, upper_root)];
    while let Some(frame) = stack.last_mut() {
        let Some(step) = frame.next() else {
            stack.pop();
            continue;
        };
        match step {
            Step::Deleted(path, node) => {
                out.push(Change::new(path, ChangeKind::Deleted, subtree_bytes(node)));
            }
            Step::Added(path, node) => {
                out.push(Change::new(path.clone(), ChangeKind::Added, node.size()));
                if let Some(entries) = node.entries() {
                    stack.push(Frame::new(path, &NO_ENTRIES, entries));
                }
            }
            Step::Both(path, lower, upper) => {
                if Arc::ptr_eq(lower, upper) {
                    continue;
                }
                match (&**lower, &**upper) {
                    (Node::Dir { meta: lm, entries: le }, Node::Dir { meta: um, entries: ue }) => {
                        let opaque = replaced(le, ue);
                        if opaque || lm != um || le.len() != ue.len() || !le.keys().eq(ue.keys()) {
                            out.push(Change { opaque, ..Change::new(path.clone(), ChangeKind::Modified, 0) });
                        }
                        stack.push(Frame::new(path, if opaque { &NO_ENTRIES } else { le }, ue));
                    }
                    (Node::File { meta: lm, data: ld }, Node::File { meta: um, data: ud }) => {
                        if lm != um || (!Arc::ptr_eq(ld, ud) && ld[..] != ud[..]) {
                            out.push(Change::new(path, ChangeKind::Modified, ud.len() as u64));
                        }
                    }
                    (Node::Symlink { meta: lm, target: lt }, Node::Symlink { meta: um, target: ut }) => {
                        if lm != um || lt != ut {
                            out.push(Change::new(path, ChangeKind::Modified, ut.len() as u64));
                        }
                    }
                    (_, upper) => {
                        // A type change: the new node replaces the old one (and whatever was below it).
                        out.push(Change::new(path.clone(), ChangeKind::Modified, upper.size()));
                        if let Some(entries) = upper.entries() {
                            stack.push(Frame::new(path, &NO_ENTRIES, entries));
                        }
                    }
                }
            }
        }
    }
    out
}

/// Two directories' entries merged by name.
struct Frame<'a> {
    path: String,
    lower: Peekable<btree_map::Iter<'a, String, Arc<Node>>>,
    upper: Peekable<btree_map::Iter<'a, String, Arc<Node>>>,
}

enum Step<'a> {
    Deleted(String, &'a Arc<Node>),
    Added(String, &'a Arc<Node>),
    Both(String, &'a Arc<Node>, &'a Arc<Node>),
}

impl<'a> Frame<'a> {
    fn new(path: String, lower: &'a Entries, upper: &'a Entries) -> Frame<'a> {
        Frame { path, lower: lower.iter().peekable(), upper: upper.iter().peekable() }
    }

    fn next(&mut self) -> Option<Step<'a>> {
        let order = match (self.lower.peek(), self.upper.peek()) {
            (None, None) => return None,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((l, _)), Some((u, _))) => l.cmp(u),
        };
        Some(match order {
            std::cmp::Ordering::Less => {
                let (name, node) = self.lower.next()?;
                Step::Deleted(self.child(name), node)
            }
            std::cmp::Ordering::Greater => {
                let (name, node) = self.upper.next()?;
                Step::Added(self.child(name), node)
            }
            std::cmp::Ordering::Equal => {
                let (name, lower) = self.lower.next()?;
                let (_, upper) = self.upper.next()?;
                Step::Both(self.child(name), lower, upper)
            }
        })
    }

    fn child(&self, name: &str) -> String {
        let mut path = String::with_capacity(self.path.len() + 1 + name.len());
        path.push_str(&self.path);
        path.push('/');
        path.push_str(name);
        path
    }
}

/// Whether `upper` looks like a new directory put where `lower` was: both non-empty, and sharing neither a name nor
/// a node (a node in common means entries were renamed inside the directory, which overlayfs records as whiteouts).
fn replaced(lower: &Entries, upper: &Entries) -> bool {
    if lower.is_empty() || upper.is_empty() {
        return false;
    }
    let (mut l, mut u) = (lower.keys().peekable(), upper.keys().peekable());
    while let (Some(a), Some(b)) = (l.peek(), u.peek()) {
        match a.cmp(b) {
            std::cmp::Ordering::Less => {
                l.next();
            }
            std::cmp::Ordering::Greater => {
                u.next();
            }
            std::cmp::Ordering::Equal => return false,
        }
    }
    let lower_nodes: BTreeSet<*const Node> = lower.values().map(Arc::as_ptr).collect();
    !upper.values().any(|node| lower_nodes.contains(&Arc::as_ptr(node)))
}

fn subtree_bytes(node: &Node) -> u64 {
    let mut bytes = 0u64;
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match node {
            Node::File { data, .. } => bytes = bytes.saturating_add(data.len() as u64),
            Node::Dir { entries, .. } => stack.extend(entries.values().map(|child| &**child)),
            Node::Symlink { .. } => {}
        }
    }
    bytes
}
