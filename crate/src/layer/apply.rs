//! Applying a layer tar onto a tree, as a container runtime stacks an image's layers: entries are written in order,
//! whiteouts delete from what is below, opaque markers hide it all. Hostile tars are refused, never followed: names
//! must be relative without `..`, and no entry may reach through a symbolic link (an extractor that followed one could
//! be steered anywhere). All of it happens on a copy, so a refused tar leaves the tree as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::sync::Arc;

use tar::{Archive, EntryType, Header};

use super::{ApplyStats, Change, ChangeKind, LayerError, OPAQUE_MARKER, WHITEOUT_PREFIX};
use crate::vfs::{Fs, FsError, FsErrorKind, Limit, Meta, Node};

/// Applies the layer `tar` onto `fs`: regular files, directories, symlinks; hard links become copies of their target,
/// which must be an earlier entry of the same tar; `.wh.NAME` deletes NAME, `.wh..wh..opq` empties its directory of
/// everything not written by this tar so far. Missing parent directories are created (0755 root:root), as Docker
/// does. Device and FIFO entries are skipped and counted. Refused, with the entry named: absolute names, `..`,
/// entries under a symlink or a non-directory, hard links to anything not earlier in the tar, names that are not
/// UTF-8, and anything past the tree's limits. On error `fs` is unchanged.
pub fn apply_tar(fs: &mut Fs, tar: &[u8]) -> Result<ApplyStats, LayerError> {
    // O(1): the work happens on a snapshot that replaces `fs` only when every entry went in.
    let mut work = fs.clone();
    let stats = apply_into(&mut work, tar, None)?;
    *fs = work;
    Ok(stats)
}

/// Applies an image layer as [`apply_tar`] does, more strictly (for imported images): a path may appear only once,
/// and a tar of more than `max_entries` entries is refused. Returns, besides the counts, the changes the tar makes
/// in its own order — `Added` for a path the tree did not have, `Modified` for one it had (an opaque marker sets
/// `opaque` on its directory), `Deleted` for each whiteout (with the bytes it hid). On error `fs` is unchanged.
pub fn apply_layer(fs: &mut Fs, tar: &[u8], max_entries: u64) -> Result<(ApplyStats, Vec<Change>), LayerError> {
    let mut work = fs.clone();
    let mut strict = Strict { lower: fs.clone(), max_entries, changes: Vec::new(), index: BTreeMap::new() };
    let stats = apply_into(&mut work, tar, Some(&mut strict))?;
    *fs = work;
    Ok((stats, strict.changes))
}

/// The extra state of [`apply_layer`]: the tree before the layer and the changes recorded so far.
struct Strict {
    lower: Fs,
    max_entries: u64,
    changes: Vec<Change>,
    /// Path → its position in `changes`, so an opaque marker finds its directory's entry.
    index: BTreeMap<String, usize>,
}

impl Strict {
    fn record(&mut self, change: Change) {
        self.index.insert(change.path.clone(), self.changes.len());
        self.changes.push(change);
    }

    /// `Added` or `Modified`, by whether the tree below the layer has `path`.
    fn kind_of(&self, path: &str) -> ChangeKind {
        if self.lower.get(path).is_some() {
            ChangeKind::Modified
        } else {
            ChangeKind::Added
        }
    }
}

fn apply_into(fs: &mut Fs, tar: &[u8], mut strict: Option<&mut Strict>) -> Result<ApplyStats, LayerError> {
    let mut stats = ApplyStats::default();
    // Paths this tar has written so far (an opaque marker keeps them; a hard link may point at them).
    let mut unpacked: BTreeSet<String> = BTreeSet::new();
    let mut archive = Archive::new(tar);
    let entries = archive.entries().map_err(|err| LayerError::archive(err.to_string()))?;
    for entry in entries {
        let mut entry = entry.map_err(|err| LayerError::archive(format!("cannot read the next entry: {err}")))?;
        stats.entries += 1;
        if let Some(strict) = strict.as_deref() {
            if stats.entries > strict.max_entries {
                return Err(LayerError::archive(format!("more than {} entries (layerlab limit)", strict.max_entries)));
            }
        }
        let shown = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let fail = |message: String| LayerError::entry(&shown, message);
        let fs_fail = |err: FsError| LayerError::entry(&shown, err.to_string());
        // Entries that write nothing are skipped before their names are looked at (GNU tar names its PAX global
        // headers `/tmp/GlobalHead.…`).
        let kind = entry.header().entry_type();
        if matches!(kind, EntryType::Char | EntryType::Block | EntryType::Fifo) {
            stats.skipped_devices += 1;
            continue;
        }
        if kind.is_gnu_sparse() {
            return Err(fail("GNU sparse files are not supported".to_owned()));
        }
        if !(kind.is_file() || kind.is_contiguous() || kind.is_dir() || kind.is_symlink() || kind.is_hard_link()) {
            stats.skipped_other += 1;
            continue;
        }
        // Old (V7) tars mark a directory only by the trailing `/` of a regular entry's name.
        let is_dir = kind.is_dir() || (kind.is_file() && entry.path_bytes().ends_with(b"/"));
        let comps = {
            let name_bytes = entry.path_bytes();
            let name = std::str::from_utf8(&name_bytes).map_err(|_| fail("the name is not UTF-8".to_owned()))?;
            components(name).map_err(fail)?
        };
        let meta = header_meta(entry.header()).map_err(fail)?;

        let Some((name, dirs)) = comps.split_last() else {
            // `./`: the root directory itself.
            if !is_dir {
                return Err(fail("an entry for the root directory must be a directory".to_owned()));
            }
            fs.set_meta("/", |m| *m = meta).map_err(fs_fail)?;
            stats.dirs += 1;
            continue;
        };
        let path = join(&comps);
        let dir_path = join(dirs);

        check_parents(fs, dirs).map_err(fail)?;
        fs.mkdir_all(&dir_path, Meta::DIR).map_err(fs_fail)?;

        if name == OPAQUE_MARKER {
            stats.opaque_dirs += 1;
            if let Some(strict) = strict.as_deref_mut() {
                match strict.index.get(&dir_path).and_then(|&at| strict.changes.get_mut(at)) {
                    Some(change) => change.opaque = change.kind == ChangeKind::Modified,
                    None if dir_path == "/" => {}
                    None => {
                        let kind = strict.kind_of(&dir_path);
                        strict.record(Change {
                            opaque: kind == ChangeKind::Modified,
                            ..Change::new(&*dir_path, kind, 0)
                        });
                    }
                }
            }
            let hidden: Vec<String> = match fs.get(&dir_path).and_then(|dir| dir.entries()) {
                Some(entries) => entries
                    .keys()
                    .map(|child| child_path(&dir_path, child))
                    .filter(|child| !unpacked.contains(child))
                    .collect(),
                None => Vec::new(),
            };
            for child in hidden {
                fs.remove(&child, true).map_err(fs_fail)?;
            }
            continue;
        }
        if let Some(hidden) = name.strip_prefix(WHITEOUT_PREFIX) {
            if hidden.is_empty() || hidden == "." || hidden == ".." {
                return Err(fail(format!("'{name}' is not a whiteout for a valid name")));
            }
            stats.whiteouts += 1;
            let hidden = child_path(&dir_path, hidden);
            let before = fs.total_bytes();
            if fs.get(&hidden).is_some() {
                fs.remove(&hidden, true).map_err(fs_fail)?;
            }
            if let Some(strict) = strict.as_deref_mut() {
                let bytes = before.saturating_sub(fs.total_bytes());
                strict.record(Change::new(hidden, ChangeKind::Deleted, bytes));
            }
            continue;
        }

        if strict.is_some() && unpacked.contains(&path) {
            return Err(fail("the path appears twice in the layer".to_owned()));
        }
        let existing = fs.get(&path).map(|node| node.is_dir());
        if is_dir {
            match existing {
                Some(true) => fs.set_meta(&path, |m| *m = meta).map_err(fs_fail)?,
                Some(false) => {
                    fs.remove(&path, true).map_err(fs_fail)?;
                    fs.mkdir(&path, meta).map_err(fs_fail)?;
                }
                None => fs.mkdir(&path, meta).map_err(fs_fail)?,
            }
            stats.dirs += 1;
        } else if kind.is_hard_link() {
            let node = hard_link_target(fs, &entry, &unpacked).map_err(fail)?;
            let target_is_self = fs.get(&path).is_some_and(|here| Arc::ptr_eq(here, &node));
            if !target_is_self {
                if existing.is_some() {
                    fs.remove(&path, true).map_err(fs_fail)?;
                }
                fs.insert_node(&path, node).map_err(fs_fail)?;
            }
            stats.hardlinks += 1;
        } else if kind.is_symlink() {
            let target = match entry.link_name_bytes() {
                Some(bytes) => String::from_utf8(bytes.into_owned())
                    .map_err(|_| fail("the symlink target is not UTF-8".to_owned()))?,
                None => String::new(),
            };
            if target.is_empty() {
                return Err(fail("a symlink without a target".to_owned()));
            }
            if existing.is_some() {
                fs.remove(&path, true).map_err(fs_fail)?;
            }
            fs.symlink(&target, &path, meta).map_err(fs_fail)?;
            stats.symlinks += 1;
        } else {
            // A regular file (or a contiguous one, which is the same thing to a reader).
            if existing.is_some() {
                fs.remove(&path, true).map_err(fs_fail)?;
            }
            let size = entry.size();
            let limits = fs.limits();
            // Refuse before reading (and allocating) contents that could not fit.
            if size > limits.max_bytes.saturating_sub(fs.total_bytes()) {
                let err = FsError::new(FsErrorKind::LimitExceeded(Limit::Bytes(limits.max_bytes)), path.as_str());
                return Err(fs_fail(err));
            }
            let capacity = usize::try_from(size.min(tar.len() as u64)).unwrap_or(0);
            let mut data = Vec::with_capacity(capacity);
            entry.read_to_end(&mut data).map_err(|err| fail(format!("cannot read the contents: {err}")))?;
            if data.len() as u64 != size {
                return Err(fail(format!("the contents end after {} of {size} bytes", data.len())));
            }
            fs.write(&path, data, meta).map_err(fs_fail)?;
            stats.files += 1;
            stats.bytes += size;
        }
        if let Some(strict) = strict.as_deref_mut() {
            let size = fs.get(&path).map_or(0, |node| node.size());
            let kind = strict.kind_of(&path);
            strict.record(Change::new(&*path, kind, size));
        }
        unpacked.insert(path);
    }
    Ok(stats)
}

/// The components of an entry name, refusing absolute names and `..`. `./` prefixes and empty components are fine.
fn components(name: &str) -> Result<Vec<String>, String> {
    if name.starts_with('/') {
        return Err("absolute names are not allowed in a layer".to_owned());
    }
    let mut comps = Vec::new();
    for comp in name.split('/') {
        match comp {
            "" | "." => {}
            ".." => return Err("'..' is not allowed in a layer entry's name".to_owned()),
            comp if comp.contains('\0') => return Err("the name contains a NUL byte".to_owned()),
            comp => comps.push(comp.to_owned()),
        }
    }
    Ok(comps)
}

/// The parent directories of an entry must be real directories where they exist: an entry under a symlink could be
/// steered elsewhere, and one under a file has nowhere to go.
fn check_parents(fs: &Fs, dirs: &[String]) -> Result<(), String> {
    let mut node: &Node = fs.root();
    for (i, comp) in dirs.iter().enumerate() {
        let Some(child) = node.entries().and_then(|entries| entries.get(comp)) else { return Ok(()) };
        match &**child {
            Node::Dir { .. } => node = child,
            Node::Symlink { .. } => {
                return Err(format!(
                    "its parent {} is a symbolic link; layers may not write through links",
                    join(&dirs[..=i])
                ));
            }
            Node::File { .. } => return Err(format!("its parent {} is not a directory", join(&dirs[..=i]))),
        }
    }
    Ok(())
}

/// The node a hard-link entry points at: an earlier entry of this tar, still there, not a directory.
fn hard_link_target<R: Read>(
    fs: &Fs,
    entry: &tar::Entry<'_, R>,
    unpacked: &BTreeSet<String>,
) -> Result<Arc<Node>, String> {
    let Some(bytes) = entry.link_name_bytes() else { return Err("a hard link without a target".to_owned()) };
    let target = std::str::from_utf8(&bytes).map_err(|_| "the hard link target is not UTF-8".to_owned())?;
    let comps = components(target).map_err(|err| format!("hard link target '{target}': {err}"))?;
    let path = join(&comps);
    if comps.is_empty() || !unpacked.contains(&path) {
        return Err(format!("hard link to '{target}', which is not an earlier entry of this tar"));
    }
    if let Some((_, dirs)) = comps.split_last() {
        check_parents(fs, dirs).map_err(|err| format!("hard link target '{target}': {err}"))?;
    }
    match fs.get(&path) {
        Some(node) if node.is_dir() => Err(format!("hard link to the directory '{target}'")),
        Some(node) => Ok(node.clone()),
        None => Err(format!("hard link to '{target}', which an earlier entry removed")),
    }
}

/// A numeric header field that is all NUL or space bytes means 0, as GNU tar and Python's tarfile read it; anything
/// else that is not a number is an error.
fn numeric(field: &[u8], value: std::io::Result<u64>, name: &str) -> Result<u64, String> {
    match value {
        Ok(value) => Ok(value),
        Err(_) if field.iter().all(|&b| b == 0 || b == b' ') => Ok(0),
        Err(err) => Err(format!("bad {name} field: {err}")),
    }
}

fn header_meta(header: &Header) -> Result<Meta, String> {
    let raw = header.as_old();
    let mode = numeric(&raw.mode, header.mode().map(u64::from), "mode")?;
    let mode = u32::try_from(mode).map_err(|_| format!("mode {mode:o} is out of range"))?;
    let uid = numeric(&raw.uid, header.uid(), "uid")?;
    let gid = numeric(&raw.gid, header.gid(), "gid")?;
    let uid = u32::try_from(uid).map_err(|_| format!("uid {uid} is out of range"))?;
    let gid = u32::try_from(gid).map_err(|_| format!("gid {gid} is out of range"))?;
    Ok(Meta::new(mode, uid, gid))
}

fn join(comps: &[String]) -> String {
    let mut out = String::new();
    for comp in comps {
        out.push('/');
        out.push_str(comp);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

fn child_path(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}
