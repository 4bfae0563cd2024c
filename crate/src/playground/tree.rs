//! The file browser's data: an image's merged tree with, for every path, the layer that last added or changed it,
//! and one layer's changes (adds, changes, deletes — the whiteouts) as `docker diff` would list them.

use crate::layer::ChangeKind;
use crate::store::{Image, Layer};
use crate::vfs::Node;
use serde::Serialize;
use std::collections::HashMap;

/// The most entries a tree sends to the page; a bigger image is cut off and says so.
pub const MAX_ENTRIES: usize = 20_000;

#[derive(Clone, Debug, Serialize)]
pub struct Tree {
    pub image_id: String,
    pub layers: usize,
    pub truncated: bool,
    pub entries: Vec<TreeEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TreeEntry {
    pub path: String,
    /// `file`, `dir` or `symlink`.
    pub kind: &'static str,
    pub size: u64,
    pub mode: u32,
    pub target: Option<String>,
    /// The index of the layer that last added or changed the path.
    pub layer: Option<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChangeView {
    pub path: String,
    /// `added`, `modified` or `deleted`.
    pub kind: &'static str,
    pub size: u64,
}

fn kind_name(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "added",
        ChangeKind::Modified => "modified",
        ChangeKind::Deleted => "deleted",
    }
}

pub(super) fn tree(image: &Image, max_entries: usize) -> Tree {
    let mut origin: HashMap<&str, usize> = HashMap::new();
    for (index, layer) in image.layers.iter().enumerate() {
        for change in &layer.changes {
            if change.kind != ChangeKind::Deleted {
                origin.insert(change.path.as_str(), index);
            }
        }
    }
    let walked = image.fs.walk();
    let truncated = walked.len() > max_entries;
    let entries = walked
        .iter()
        .take(max_entries)
        .map(|(path, node)| {
            let (kind, size, target) = match node.as_ref() {
                Node::File { data, .. } => ("file", data.len() as u64, None),
                Node::Dir { .. } => ("dir", 0, None),
                Node::Symlink { target, .. } => ("symlink", target.len() as u64, Some(target.clone())),
            };
            TreeEntry {
                path: path.clone(),
                kind,
                size,
                mode: node.meta().mode,
                target,
                layer: origin.get(path.as_str()).copied(),
            }
        })
        .collect();
    Tree { image_id: image.id.to_string(), layers: image.layers.len(), truncated, entries }
}

pub(super) fn changes(layer: &Layer) -> Vec<ChangeView> {
    layer.changes.iter().map(|c| ChangeView { path: c.path.clone(), kind: kind_name(c.kind), size: c.size }).collect()
}
