//! Deterministic layer tars: the same tree and changes give the same bytes on every platform, whatever order the
//! tree was built in. Every header field is set here by hand (the `tar` crate's metadata helpers read the host and do
//! not exist on wasm32), and names are copied as bytes rather than through `Path`, whose handling differs between
//! targets (on wasm32 the crate turns `\` into `/`). Names longer than the 100-byte header field use GNU long-name
//! (`L`) and long-link (`K`) records, which Docker, containerd and GNU tar read.

use std::collections::BTreeMap;
use std::io::{self, Write};

use tar::{EntryType, Header};

use super::{Change, ChangeKind, LayerOptions, OPAQUE_MARKER, WHITEOUT_PREFIX};
use crate::vfs::{Fs, Meta, Node};

/// Writes the layer tar for `changes` against `upper` (usually from [`super::diff`]): each added or modified path
/// with its parent directories, a whiteout for each deletion, an opaque marker for each opaque directory, in this
/// module's entry order, then the two zero blocks. Returns the bytes written.
///
/// Changes that do not fit `upper` are skipped rather than failing: an added or modified path that is not there, a
/// deletion inside a directory that is itself gone or no longer a directory (the deletion above covers it), and `/`.
pub fn write_layer_tar(upper: &Fs, changes: &[Change], opts: &LayerOptions, out: &mut dyn Write) -> io::Result<u64> {
    let plan = plan(upper, changes);
    let mut tar = TarWriter { out, written: 0, mtime: opts.mtime };
    for (key, item) in &plan {
        tar.item(key, item)?;
    }
    tar.finish()
}

/// [`write_layer_tar`] into memory.
pub fn layer_tar(upper: &Fs, changes: &[Change], opts: &LayerOptions) -> Vec<u8> {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail, and write_layer_tar has no errors of its own.
    let _ = write_layer_tar(upper, changes, opts, &mut buf);
    buf
}

/// The whole tree as one layer (what a base image's single layer is): every path but `/`, in the same order and
/// with the same bytes as [`layer_tar`] of the tree with every path `Added`.
pub fn write_full_tar(fs: &Fs, opts: &LayerOptions, out: &mut dyn Write) -> io::Result<u64> {
    let mut tar = TarWriter { out, written: 0, mtime: opts.mtime };
    for (path, node) in fs.walk() {
        tar.node(path.trim_start_matches('/'), &node)?;
    }
    tar.finish()
}

/// [`write_full_tar`] into memory.
pub fn full_tar(fs: &Fs, opts: &LayerOptions) -> Vec<u8> {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_full_tar(fs, opts, &mut buf);
    buf
}

/// Position of an entry among its siblings: the opaque marker, then whiteouts, then the entries themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Opaque,
    Whiteout,
    Entry,
}

/// Sort key of a tar entry: its components, each with its rank (only the last can be other than `Entry`).
type Key = Vec<(Rank, String)>;

enum Item<'a> {
    Node(&'a Node),
    Whiteout,
    Opaque(Meta),
}

fn plan<'a>(upper: &'a Fs, changes: &[Change]) -> BTreeMap<Key, Item<'a>> {
    let mut plan: BTreeMap<Key, Item<'a>> = BTreeMap::new();
    for change in changes {
        let comps = vfs_components(&change.path);
        let Some((name, dirs)) = comps.split_last() else { continue };
        // The directories leading to the change, which must all be directories in `upper`.
        let mut chain: Vec<&'a Node> = Vec::with_capacity(dirs.len());
        let mut dir: &'a Node = upper.root();
        for comp in dirs {
            match dir.entries().and_then(|entries| entries.get(comp)) {
                Some(child) if child.is_dir() => {
                    chain.push(child);
                    dir = child;
                }
                _ => break,
            }
        }
        if chain.len() != dirs.len() {
            continue;
        }
        let mut key: Key = dirs.iter().map(|comp| (Rank::Entry, comp.clone())).collect();
        match change.kind {
            ChangeKind::Deleted => {
                key.push((Rank::Whiteout, name.clone()));
                plan.insert(key, Item::Whiteout);
            }
            ChangeKind::Added | ChangeKind::Modified => {
                let Some(node) = dir.entries().and_then(|entries| entries.get(name)) else { continue };
                key.push((Rank::Entry, name.clone()));
                if change.opaque && node.is_dir() {
                    let mut marker = key.clone();
                    marker.push((Rank::Opaque, OPAQUE_MARKER.to_owned()));
                    plan.insert(marker, Item::Opaque(node.meta()));
                }
                plan.insert(key, Item::Node(node));
            }
        }
        // Parent directories, nearest first; once one is planned, so are all above it.
        for depth in (1..=dirs.len()).rev() {
            let key: Key = dirs[..depth].iter().map(|comp| (Rank::Entry, comp.clone())).collect();
            if plan.contains_key(&key) {
                break;
            }
            if let Some(node) = chain.get(depth - 1) {
                plan.insert(key, Item::Node(node));
            }
        }
    }
    plan
}

fn vfs_components(path: &str) -> Vec<String> {
    let normalized = Fs::normalize("/", path);
    normalized.split('/').filter(|comp| !comp.is_empty()).map(str::to_owned).collect()
}

struct TarWriter<'w> {
    out: &'w mut dyn Write,
    written: u64,
    mtime: u64,
}

impl TarWriter<'_> {
    fn item(&mut self, key: &Key, item: &Item<'_>) -> io::Result<()> {
        let mut name = String::new();
        for (i, (rank, comp)) in key.iter().enumerate() {
            if i > 0 {
                name.push('/');
            }
            if *rank == Rank::Whiteout {
                name.push_str(WHITEOUT_PREFIX);
            }
            name.push_str(comp);
        }
        match item {
            Item::Node(node) => self.node(&name, node),
            // As moby's exporter writes them: an empty regular file, mode 0, owned by root.
            Item::Whiteout => self.entry(&name, EntryType::Regular, Meta::root(0), None, &[]),
            // Moby gives the marker the directory's permission bits and owner.
            Item::Opaque(meta) => {
                self.entry(&name, EntryType::Regular, Meta::new(meta.mode & 0o777, meta.uid, meta.gid), None, &[])
            }
        }
    }

    /// One tree node at `name` (relative, no trailing `/`).
    fn node(&mut self, name: &str, node: &Node) -> io::Result<()> {
        match node {
            Node::Dir { meta, .. } => self.entry(&format!("{name}/"), EntryType::Directory, *meta, None, &[]),
            Node::File { meta, data } => self.entry(name, EntryType::Regular, *meta, None, data),
            Node::Symlink { meta, target } => self.entry(name, EntryType::Symlink, *meta, Some(target), &[]),
        }
    }

    fn entry(&mut self, name: &str, kind: EntryType, meta: Meta, link: Option<&str>, data: &[u8]) -> io::Result<()> {
        let mut header = Header::new_gnu();
        if name.len() > NAME_FIELD {
            self.long_record(EntryType::GNULongName, name.as_bytes())?;
        }
        if let Some(link) = link.filter(|link| link.len() > NAME_FIELD) {
            self.long_record(EntryType::GNULongLink, link.as_bytes())?;
        }
        // A long name's first 100 bytes go in the header too, as GNU tar does; readers use the long record.
        copy_truncated(&mut header.as_old_mut().name, name.as_bytes());
        if let Some(link) = link {
            copy_truncated(&mut header.as_old_mut().linkname, link.as_bytes());
        }
        header.set_mode(meta.mode & 0o7777);
        header.set_uid(u64::from(meta.uid));
        header.set_gid(u64::from(meta.gid));
        header.set_size(data.len() as u64);
        header.set_mtime(self.mtime);
        header.set_entry_type(kind);
        fill_gnu_fields(&mut header);
        header.set_cksum();
        self.block(header.as_bytes())?;
        self.data(data)
    }

    /// A GNU `././@LongLink` record carrying a long name (`L`) or link target (`K`), NUL-terminated.
    fn long_record(&mut self, kind: EntryType, value: &[u8]) -> io::Result<()> {
        let mut header = Header::new_gnu();
        copy_truncated(&mut header.as_old_mut().name, b"././@LongLink");
        header.set_mode(0o644);
        header.set_uid(0);
        header.set_gid(0);
        header.set_size(value.len() as u64 + 1);
        header.set_mtime(0);
        header.set_entry_type(kind);
        fill_gnu_fields(&mut header);
        header.set_cksum();
        self.block(header.as_bytes())?;
        let mut data = Vec::with_capacity(value.len() + 1);
        data.extend_from_slice(value);
        data.push(0);
        self.data(&data)
    }

    fn block(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Contents padded with zeros to a whole block.
    fn data(&mut self, data: &[u8]) -> io::Result<()> {
        self.block(data)?;
        let tail = data.len() % BLOCK;
        if tail != 0 {
            self.block(&[0; BLOCK][..BLOCK - tail])?;
        }
        Ok(())
    }

    /// The end-of-archive marker (two zero blocks); returns the total bytes written.
    fn finish(&mut self) -> io::Result<u64> {
        self.block(&[0; 2 * BLOCK])?;
        Ok(self.written)
    }
}

const BLOCK: usize = 512;
const NAME_FIELD: usize = 100;

/// Copies as much of `value` as fits; the rest of the (zeroed) field stays NUL.
fn copy_truncated(field: &mut [u8], value: &[u8]) {
    let n = value.len().min(field.len());
    field[..n].copy_from_slice(&value[..n]);
}

/// The fields of a GNU header that `Header::new_gnu` leaves as zero bytes and that no entry here uses: empty
/// user/group names (ids only, as Docker's exporter) and device numbers written as octal zero. Access and change
/// times, sparse maps and the long-name offset stay zero bytes, which GNU tar reads as absent.
fn fill_gnu_fields(header: &mut Header) {
    if let Some(gnu) = header.as_gnu_mut() {
        gnu.uname = [0; 32];
        gnu.gname = [0; 32];
        gnu.set_device_major(0);
        gnu.set_device_minor(0);
    }
}
