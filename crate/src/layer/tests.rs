//! Tests of layers: diffs, tar bytes and order, round trips, whiteouts, and hostile tars.

use std::sync::Arc;

use sha2::{Digest, Sha256};
use tar::{EntryType, Header};

use super::*;
use crate::vfs::{Fs, Limits, Meta, NodeKind};

const OPTS: LayerOptions = LayerOptions { mtime: 1_700_000_000 };

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn lower() -> Fs {
    let mut fs = Fs::new();
    fs.mkdir_all("/etc/apk", Meta::DIR).unwrap();
    fs.mkdir_all("/usr/lib", Meta::DIR).unwrap();
    fs.mkdir_all("/var/cache/apk", Meta::DIR).unwrap();
    fs.mkdir_all("/app/src", Meta::DIR).unwrap();
    fs.write("/etc/hostname", &b"box\n"[..], Meta::FILE).unwrap();
    fs.write("/etc/apk/world", &b"busybox\n"[..], Meta::FILE).unwrap();
    fs.write("/usr/lib/libc.so", vec![7u8; 3000], Meta::EXECUTABLE).unwrap();
    fs.write("/var/cache/apk/a.apk", vec![1u8; 100], Meta::FILE).unwrap();
    fs.write("/var/cache/apk/b.apk", vec![2u8; 50], Meta::FILE).unwrap();
    fs.write("/app/src/main.c", &b"int main;"[..], Meta::FILE).unwrap();
    fs.write("/app/README", &b"hi"[..], Meta::FILE).unwrap();
    fs.symlink("/usr/lib/libc.so", "/usr/lib/libc.so.1", Meta::SYMLINK).unwrap();
    fs
}

/// (kind, path, size, opaque) for compact assertions.
fn summary(changes: &[Change]) -> Vec<(ChangeKind, &str, u64, bool)> {
    changes.iter().map(|c| (c.kind, c.path.as_str(), c.size, c.opaque)).collect()
}

/// Names and types of a tar's entries, read back with the `tar` crate.
fn entries(tar: &[u8]) -> Vec<(String, EntryType)> {
    let mut archive = tar::Archive::new(tar);
    archive
        .entries()
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (String::from_utf8(entry.path_bytes().into_owned()).unwrap(), entry.header().entry_type())
        })
        .collect()
}

fn names(tar: &[u8]) -> Vec<String> {
    entries(tar).into_iter().map(|(name, _)| name).collect()
}

/// `lower` with the layer of `lower → upper` applied must be `upper`.
fn assert_layer_reproduces(lower: &Fs, upper: &Fs) -> Vec<u8> {
    let changes = diff(lower, upper);
    let tar = layer_tar(upper, &changes, &OPTS);
    let mut applied = lower.clone();
    apply_tar(&mut applied, &tar).unwrap();
    assert_eq!(&applied, upper, "changes: {changes:?}\nentries: {:?}", names(&tar));
    assert_eq!((applied.total_bytes(), applied.node_count()), (upper.total_bytes(), upper.node_count()));
    tar
}

// ----- tar bytes -----

#[test]
fn empty_layer_has_dockers_empty_diff_id() {
    let tar = layer_tar(&lower(), &[], &OPTS);
    assert_eq!(tar, vec![0u8; 1024]);
    assert_eq!(
        format!("sha256:{}", sha256_hex(&tar)),
        "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
    );
    assert_eq!(full_tar(&Fs::new(), &OPTS), tar);
    let mut out = Vec::new();
    assert_eq!(write_layer_tar(&Fs::new(), &[], &OPTS, &mut out).unwrap(), 1024);
}

#[test]
fn headers_are_filled_by_hand() {
    let mut fs = Fs::new();
    fs.mkdir("/d", Meta::new(0o2775, 10, 20)).unwrap();
    fs.write("/d/f", &b"hello"[..], Meta::new(0o4755, 3_000_000, 65534)).unwrap();
    fs.symlink("f", "/d/l", Meta::SYMLINK).unwrap();
    let tar = full_tar(&fs, &OPTS);
    assert_eq!(tar.len() % 512, 0);
    let mut archive = tar::Archive::new(&tar[..]);
    let mut seen = Vec::new();
    for entry in archive.entries().unwrap() {
        let entry = entry.unwrap();
        let h = entry.header();
        assert!(h.as_gnu().is_some());
        assert_eq!(h.mtime().unwrap(), OPTS.mtime);
        assert_eq!(h.username_bytes(), Some(&b""[..]));
        assert_eq!(h.groupname_bytes(), Some(&b""[..]));
        seen.push((
            String::from_utf8(entry.path_bytes().into_owned()).unwrap(),
            h.entry_type(),
            h.mode().unwrap(),
            h.uid().unwrap(),
            h.gid().unwrap(),
            h.size().unwrap(),
            entry.link_name_bytes().map(|l| String::from_utf8(l.into_owned()).unwrap()),
        ));
    }
    assert_eq!(
        seen,
        [
            ("d/".to_owned(), EntryType::Directory, 0o2775, 10, 20, 0, None),
            ("d/f".to_owned(), EntryType::Regular, 0o4755, 3_000_000, 65534, 5, None),
            ("d/l".to_owned(), EntryType::Symlink, 0o777, 0, 0, 0, Some("f".to_owned())),
        ]
    );
    // Same tree, another mtime: other bytes.
    assert_ne!(full_tar(&fs, &LayerOptions { mtime: 0 }), tar);
}

#[test]
fn tar_bytes_do_not_depend_on_insertion_order() {
    let ops: Vec<(&str, Option<&[u8]>)> = vec![
        ("/b", None),
        ("/b/z", Some(b"z")),
        ("/a", None),
        ("/a/y", Some(b"yy")),
        ("/a/x", None),
        ("/a/x/deep", Some(b"d")),
        ("/a-b", Some(b"dash")),
        ("/é", Some(b"accent")),
    ];
    let build = |order: &mut dyn Iterator<Item = &(&str, Option<&[u8]>)>| {
        let mut fs = Fs::new();
        for (path, data) in order {
            match data {
                None => fs.mkdir_all(path, Meta::DIR).unwrap(),
                Some(data) => {
                    fs.mkdir_all(&Fs::normalize(path, ".."), Meta::DIR).unwrap();
                    fs.write(path, *data, Meta::FILE).unwrap();
                }
            }
        }
        fs
    };
    let one = build(&mut ops.iter());
    let two = build(&mut ops.iter().rev());
    assert_eq!(one, two);
    assert_eq!(full_tar(&one, &OPTS), full_tar(&two, &OPTS));
    let base = Fs::new();
    assert_eq!(layer_tar(&one, &diff(&base, &one), &OPTS), layer_tar(&two, &diff(&base, &two), &OPTS));
    // The same changes listed in another order give the same tar too.
    let mut changes = diff(&base, &one);
    let forward = layer_tar(&one, &changes, &OPTS);
    changes.reverse();
    assert_eq!(layer_tar(&one, &changes, &OPTS), forward);
    assert_eq!(names(&forward), ["a/", "a/x/", "a/x/deep", "a/y", "a-b", "b/", "b/z", "é"]);
}

#[test]
fn full_tar_equals_the_layer_of_everything_added() {
    let fs = lower();
    let changes = diff(&Fs::new(), &fs);
    assert!(changes.iter().all(|c| c.kind == ChangeKind::Added));
    assert_eq!(changes.len() as u64, fs.node_count());
    assert_eq!(layer_tar(&fs, &changes, &OPTS), full_tar(&fs, &OPTS));
}

#[test]
fn full_tar_round_trips() {
    let mut fs = lower();
    fs.mkdir_all("/empty/dir", Meta::new(0o700, 1, 2)).unwrap();
    fs.write("/empty-file", &b""[..], Meta::new(0o600, 1000, 1000)).unwrap();
    fs.write("/데이터 🐳", &b"unicode"[..], Meta::FILE).unwrap();
    fs.write("/back\\slash", &b"kept as is"[..], Meta::FILE).unwrap();
    fs.symlink("../../nowhere", "/dangling", Meta::SYMLINK).unwrap();
    let tar = full_tar(&fs, &OPTS);
    let mut copy = Fs::new();
    let stats = apply_tar(&mut copy, &tar).unwrap();
    assert_eq!(copy, fs);
    assert_eq!((copy.total_bytes(), copy.node_count()), (fs.total_bytes(), fs.node_count()));
    assert_eq!(stats.entries, fs.node_count());
    assert_eq!(stats.symlinks, 2);
    assert_eq!(stats.bytes, fs.total_bytes());
    assert!(names(&tar).contains(&"back\\slash".to_owned()));
}

#[test]
fn long_names_and_targets_round_trip() {
    let dir = format!("/{}", ["long-directory-name-for-testing"; 5].join("/"));
    let file = format!("{dir}/{}.txt", "f".repeat(120));
    let target = format!("../{}", "t".repeat(150));
    assert!(file.len() > 100 && target.len() > 100);
    let mut fs = Fs::new();
    fs.mkdir_all(&dir, Meta::DIR).unwrap();
    fs.write(&file, &b"long"[..], Meta::FILE).unwrap();
    fs.symlink(&target, &format!("{dir}/link"), Meta::SYMLINK).unwrap();
    let tar = full_tar(&fs, &OPTS);
    // GNU long-name and long-link records, never a Path round trip through the host.
    let raw = String::from_utf8_lossy(&tar);
    assert!(raw.contains("././@LongLink"));
    let listed = names(&tar);
    assert!(listed.contains(&file[1..].to_owned()), "{listed:?}");
    assert!(listed.contains(&format!("{}/", &dir[1..])));
    let mut copy = Fs::new();
    apply_tar(&mut copy, &tar).unwrap();
    assert_eq!(copy, fs);
    assert_eq!(copy.read_link(&format!("{dir}/link")).unwrap(), target);
}

// ----- diff -----

#[test]
fn diff_of_a_snapshot_is_empty() {
    let fs = lower();
    assert!(diff(&fs, &fs.clone()).is_empty());
    // Copied along a path but equal: still nothing.
    let mut same = fs.clone();
    same.write("/etc/hostname", &b"box\n"[..], Meta::FILE).unwrap();
    assert!(diff(&fs, &same).is_empty());
}

#[test]
fn diff_add_modify_delete() {
    let base = lower();
    let mut next = base.clone();
    next.write("/etc/hostname", &b"new-name\n"[..], Meta::FILE).unwrap();
    next.write("/etc/motd", &b"welcome"[..], Meta::FILE).unwrap();
    next.remove("/var/cache/apk/a.apk", false).unwrap();
    next.set_meta("/app/README", |m| m.mode = 0o600).unwrap();
    next.mkdir_all("/srv/data", Meta::DIR).unwrap();
    next.write("/srv/data/x", vec![0u8; 42], Meta::FILE).unwrap();
    let changes = diff(&base, &next);
    assert_eq!(
        summary(&changes),
        [
            (ChangeKind::Modified, "/app/README", 2, false),
            (ChangeKind::Modified, "/etc", 0, false),
            (ChangeKind::Modified, "/etc/hostname", 9, false),
            (ChangeKind::Added, "/etc/motd", 7, false),
            (ChangeKind::Added, "/srv", 0, false),
            (ChangeKind::Added, "/srv/data", 0, false),
            (ChangeKind::Added, "/srv/data/x", 42, false),
            (ChangeKind::Modified, "/var/cache/apk", 0, false),
            (ChangeKind::Deleted, "/var/cache/apk/a.apk", 100, false),
        ]
    );
    let tar = assert_layer_reproduces(&base, &next);
    // Unchanged parents of changes are in the tar (as Docker writes them) but were not listed as changes.
    assert_eq!(
        names(&tar),
        [
            "app/",
            "app/README",
            "etc/",
            "etc/hostname",
            "etc/motd",
            "srv/",
            "srv/data/",
            "srv/data/x",
            "var/",
            "var/cache/",
            "var/cache/apk/",
            "var/cache/apk/.wh.a.apk",
        ]
    );
}

#[test]
fn diff_nested_delete_is_one_change_at_the_top() {
    let base = lower();
    let mut next = base.clone();
    next.remove("/var", true).unwrap();
    next.remove("/usr/lib/libc.so.1", false).unwrap();
    assert_eq!(
        summary(&diff(&base, &next)),
        [
            (ChangeKind::Modified, "/usr/lib", 0, false),
            (ChangeKind::Deleted, "/usr/lib/libc.so.1", 0, false),
            (ChangeKind::Deleted, "/var", 150, false),
        ]
    );
    let tar = assert_layer_reproduces(&base, &next);
    assert_eq!(names(&tar), [".wh.var", "usr/", "usr/lib/", "usr/lib/.wh.libc.so.1"]);
}

#[test]
fn diff_type_and_meta_changes() {
    let base = lower();
    let mut next = base.clone();
    // file → directory with contents
    next.remove("/etc/hostname", false).unwrap();
    next.mkdir("/etc/hostname", Meta::DIR).unwrap();
    next.write("/etc/hostname/inner", &b"i"[..], Meta::FILE).unwrap();
    // directory → file
    next.remove("/app", true).unwrap();
    next.write("/app", &b"now a file"[..], Meta::FILE).unwrap();
    // symlink retargeted; directory chmod
    next.remove("/usr/lib/libc.so.1", false).unwrap();
    next.symlink("libc.so", "/usr/lib/libc.so.1", Meta::SYMLINK).unwrap();
    next.set_meta("/var/cache", |m| *m = Meta::new(0o1777, 0, 0)).unwrap();
    assert_eq!(
        summary(&diff(&base, &next)),
        [
            (ChangeKind::Modified, "/app", 10, false),
            (ChangeKind::Modified, "/etc/hostname", 0, false),
            (ChangeKind::Added, "/etc/hostname/inner", 1, false),
            (ChangeKind::Modified, "/usr/lib/libc.so.1", 7, false),
            (ChangeKind::Modified, "/var/cache", 0, false),
        ]
    );
    assert_layer_reproduces(&base, &next);
}

#[test]
fn recreated_directory_is_opaque() {
    let base = lower();
    let mut next = base.clone();
    next.remove("/app", true).unwrap();
    next.mkdir("/app", Meta::DIR).unwrap();
    next.write("/app/new.txt", &b"fresh"[..], Meta::FILE).unwrap();
    let changes = diff(&base, &next);
    assert_eq!(
        summary(&changes),
        [(ChangeKind::Modified, "/app", 0, true), (ChangeKind::Added, "/app/new.txt", 5, false)]
    );
    let tar = assert_layer_reproduces(&base, &next);
    assert_eq!(names(&tar), ["app/", "app/.wh..wh..opq", "app/new.txt"]);
    // The marker carries the directory's permissions and owner, and is an empty regular file.
    let (_, kind) = entries(&tar)[1].clone();
    assert_eq!(kind, EntryType::Regular);
}

#[test]
fn renames_and_emptied_directories_use_whiteouts() {
    let base = lower();
    // A rename inside a directory keeps the node: whiteout + new entry, as overlayfs records it.
    let mut moved = base.clone();
    moved.remove("/app/README", false).unwrap();
    moved.rename("/app/src/main.c", "/app/src/prog.c").unwrap();
    let changes = diff(&base, &moved);
    assert!(changes.iter().all(|c| !c.opaque), "{changes:?}");
    let tar = assert_layer_reproduces(&base, &moved);
    assert_eq!(names(&tar), ["app/", "app/.wh.README", "app/src/", "app/src/.wh.main.c", "app/src/prog.c"]);
    // `rm -rf dir/*`: one whiteout per entry (the classic lesson on why deleting does not shrink an image).
    let mut emptied = base.clone();
    emptied.remove("/var/cache/apk/a.apk", false).unwrap();
    emptied.remove("/var/cache/apk/b.apk", false).unwrap();
    let tar = assert_layer_reproduces(&base, &emptied);
    assert_eq!(
        names(&tar),
        ["var/", "var/cache/", "var/cache/apk/", "var/cache/apk/.wh.a.apk", "var/cache/apk/.wh.b.apk"]
    );
}

#[test]
fn whiteouts_sort_before_their_siblings() {
    let mut base = Fs::new();
    for name in ["-dash", "a", "zeta"] {
        base.write(&format!("/{name}"), &b"x"[..], Meta::FILE).unwrap();
    }
    base.mkdir("/d", Meta::DIR).unwrap();
    base.write("/d/old", &b""[..], Meta::FILE).unwrap();
    base.write("/d/stays", &b""[..], Meta::FILE).unwrap();
    let mut next = base.clone();
    next.remove("/zeta", false).unwrap();
    next.write("/-dash", &b"changed"[..], Meta::FILE).unwrap();
    next.write("/!bang", &b"new"[..], Meta::FILE).unwrap();
    next.remove("/d/old", false).unwrap();
    next.write("/d/-new", &b""[..], Meta::FILE).unwrap();
    let tar = assert_layer_reproduces(&base, &next);
    // `-` and `!` sort before `.` in bytes; whiteouts still come first within their directory.
    assert_eq!(names(&tar), [".wh.zeta", "!bang", "-dash", "d/", "d/.wh.old", "d/-new"]);
}

#[test]
fn layer_tar_skips_changes_that_do_not_fit_the_tree() {
    let fs = lower();
    let changes = vec![
        Change::new("/", ChangeKind::Modified, 0),
        Change::new("/missing", ChangeKind::Added, 0),
        Change::new("/gone/dir/file", ChangeKind::Deleted, 0),
        Change::new("/etc/hostname/under-a-file", ChangeKind::Deleted, 0),
        Change::new("etc/../etc/hostname", ChangeKind::Modified, 4),
    ];
    assert_eq!(names(&layer_tar(&fs, &changes, &OPTS)), ["etc/", "etc/hostname"]);
}

// ----- apply -----

/// A tar entry built by hand, to make tars this crate's writer never would.
fn raw_entry(name: &[u8], kind: EntryType, link: Option<&[u8]>, data: &[u8]) -> Vec<u8> {
    let mut header = Header::new_gnu();
    header.as_old_mut().name[..name.len()].copy_from_slice(name);
    if let Some(link) = link {
        header.as_old_mut().linkname[..link.len()].copy_from_slice(link);
    }
    header.set_mode(if kind == EntryType::Directory { 0o755 } else { 0o644 });
    header.set_uid(0);
    header.set_gid(0);
    header.set_mtime(0);
    header.set_size(data.len() as u64);
    header.set_entry_type(kind);
    header.set_cksum();
    let mut out = header.as_bytes().to_vec();
    out.extend_from_slice(data);
    out.resize(out.len().div_ceil(512) * 512, 0);
    out
}

fn raw_tar(entries: &[Vec<u8>]) -> Vec<u8> {
    let mut out: Vec<u8> = entries.concat();
    out.extend_from_slice(&[0; 1024]);
    out
}

fn file(name: &str, data: &str) -> Vec<u8> {
    raw_entry(name.as_bytes(), EntryType::Regular, None, data.as_bytes())
}

fn dir(name: &str) -> Vec<u8> {
    raw_entry(name.as_bytes(), EntryType::Directory, None, b"")
}

fn link(name: &str, kind: EntryType, target: &str) -> Vec<u8> {
    raw_entry(name.as_bytes(), kind, Some(target.as_bytes()), b"")
}

#[test]
fn hostile_tars_are_refused_and_change_nothing() {
    let cases: Vec<(&str, Vec<Vec<u8>>, &str)> = vec![
        ("parent escape", vec![file("../evil", "x")], "'..'"),
        ("nested parent escape", vec![dir("a/"), file("a/../../evil", "x")], "'..'"),
        ("absolute", vec![file("/etc/passwd", "x")], "absolute"),
        (
            "symlinked parent",
            vec![link("escape", EntryType::Symlink, "../../../.."), file("escape/etc/passwd", "pwned")],
            "symbolic link",
        ),
        (
            "symlink to absolute root",
            vec![link("root", EntryType::Symlink, "/"), dir("root/etc/"), file("root/etc/passwd", "pwned")],
            "symbolic link",
        ),
        ("symlinked parent in the lower tree", vec![file("bin/evil", "x")], "symbolic link"),
        ("whiteout through a symlink", vec![file("bin/.wh.tool", "")], "symbolic link"),
        ("hard link forward reference", vec![link("early", EntryType::Link, "later"), file("later", "x")], "earlier"),
        ("hard link to the lower tree", vec![link("copy", EntryType::Link, "etc/hostname")], "earlier"),
        ("hard link to a directory", vec![dir("d/"), link("copy", EntryType::Link, "d")], "directory"),
        ("hard link escaping", vec![link("copy", EntryType::Link, "../etc/passwd")], "'..'"),
        ("whiteout of ..", vec![file("etc/.wh...", "")], "whiteout"),
        ("entry under a file", vec![file("etc/hostname/x", "")], "not a directory"),
        ("non-UTF-8 name", vec![raw_entry(b"bad\xff", EntryType::Regular, None, b"")], "UTF-8"),
        ("symlink without target", vec![raw_entry(b"l", EntryType::Symlink, None, b"")], "target"),
    ];
    let mut base = lower();
    base.symlink("usr", "/bin", Meta::SYMLINK).unwrap();
    for (what, parts, expected) in cases {
        let mut fs = base.clone();
        let err = apply_tar(&mut fs, &raw_tar(&parts)).expect_err(what);
        assert!(err.to_string().contains(expected), "{what}: {err}");
        assert!(err.entry.is_some(), "{what}: {err}");
        assert!(Arc::ptr_eq(fs.root(), base.root()), "{what}: the tree changed");
    }
    // Corrupt bytes are an archive error, not a panic.
    let mut fs = base.clone();
    let mut broken = raw_tar(&[file("a", "x")]);
    broken[100] ^= 0xff;
    assert!(apply_tar(&mut fs, &broken).is_err());
    let truncated = &raw_tar(&[file("a", &"x".repeat(2000))])[..900];
    assert!(apply_tar(&mut fs, truncated).is_err());
    assert!(Arc::ptr_eq(fs.root(), base.root()));
}

#[test]
fn hard_links_become_copies_and_devices_are_skipped() {
    let tar = raw_tar(&[
        dir("./bin/"),
        file("./bin/busybox", "multi-call"),
        link("./bin/sh", EntryType::Link, "bin/busybox"),
        link("bin/ls", EntryType::Link, "./bin/busybox"),
        raw_entry(b"dev/null", EntryType::Char, None, b""),
        raw_entry(b"dev/sda", EntryType::Block, None, b""),
        raw_entry(b"run/fifo", EntryType::Fifo, None, b""),
    ]);
    let mut fs = Fs::new();
    let stats = apply_tar(&mut fs, &tar).unwrap();
    assert_eq!(fs.read("/bin/sh").unwrap()[..], b"multi-call"[..]);
    assert_eq!(fs.read("/bin/ls").unwrap()[..], b"multi-call"[..]);
    assert_eq!(fs.lstat("/bin/sh").unwrap().kind, NodeKind::File);
    assert_eq!(
        stats,
        ApplyStats {
            entries: 7,
            dirs: 1,
            files: 1,
            hardlinks: 2,
            skipped_devices: 3,
            bytes: 10,
            ..ApplyStats::default()
        }
    );
    assert!(!fs.exists("/dev/null"));
    assert_eq!(fs.total_bytes(), 30);
}

#[test]
fn pax_headers_are_honoured_and_global_ones_skipped() {
    // A PAX global header named the way GNU tar names them (absolute) carries no file: skipped, not refused.
    let global = raw_entry(b"/tmp/GlobalHead.0.1", EntryType::XGlobalHeader, None, b"17 comment=hello\n");
    let mut fs = Fs::new();
    let stats = apply_tar(&mut fs, &raw_tar(&[global.clone(), file("ok", "fine")])).unwrap();
    assert_eq!((stats.skipped_other, stats.files), (1, 1));
    // A local PAX path is the entry's real name, and is checked like any other.
    let pax = raw_entry(b"PaxHeaders/ok", EntryType::XHeader, None, b"13 path=../x\n");
    let err = apply_tar(&mut fs, &raw_tar(&[pax, file("ok", "x")])).unwrap_err();
    assert!(err.to_string().contains("'..'"), "{err}");
    let pax = raw_entry(b"PaxHeaders/ok", EntryType::XHeader, None, b"16 path=renamed\n");
    apply_tar(&mut fs, &raw_tar(&[pax, file("ok", "x")])).unwrap();
    assert_eq!(fs.read("/renamed").unwrap()[..], b"x"[..]);
}

#[test]
fn apply_creates_parents_and_replaces_types() {
    let mut fs = lower();
    let tar = raw_tar(&[
        dir("./"),
        file("new/deep/file", "made"),
        dir("etc/hostname/"),
        raw_entry(b"v7-dir/", EntryType::Regular, None, b""),
        file("app", "file over a directory"),
        link("etc/apk", EntryType::Symlink, "/usr/lib"),
        file("var/.wh.nothing-here", ""),
    ]);
    let stats = apply_tar(&mut fs, &tar).unwrap();
    assert_eq!(fs.stat("/new/deep").unwrap().meta, Meta::DIR);
    assert_eq!(fs.stat("/etc/hostname").unwrap().kind, NodeKind::Dir);
    assert_eq!(fs.read("/app").unwrap()[..], b"file over a directory"[..]);
    assert_eq!(fs.read_link("/etc/apk").unwrap(), "/usr/lib");
    assert_eq!(fs.stat("/v7-dir").unwrap().kind, NodeKind::Dir);
    assert_eq!(stats.whiteouts, 1);
    assert_eq!(stats.dirs, 3);
    let (bytes, nodes) = fs
        .walk()
        .iter()
        .fold((0, 0), |(b, n), (_, node)| (b + node.stat().size * u64::from(node.kind() == NodeKind::File), n + 1));
    assert_eq!((fs.total_bytes(), fs.node_count()), (bytes, nodes));
}

#[test]
fn opaque_marker_keeps_what_this_tar_wrote_before_it() {
    // Another writer's order: the marker after a new child. The child stays, the lower contents go.
    let mut fs = lower();
    let tar = raw_tar(&[dir("app/"), file("app/first", "1"), file("app/.wh..wh..opq", ""), file("app/second", "2")]);
    let stats = apply_tar(&mut fs, &tar).unwrap();
    let listed: Vec<String> = fs.read_dir("/app").unwrap().into_iter().map(|(name, _)| name).collect();
    assert_eq!(listed, ["first", "second"]);
    assert_eq!(stats.opaque_dirs, 1);
}

#[test]
fn apply_respects_limits_and_leaves_the_tree_unchanged() {
    let mut small = Fs::with_limits(Limits { max_bytes: 100, max_nodes: 5 });
    small.write("/keep", &b"k"[..], Meta::FILE).unwrap();
    let before = small.clone();
    let too_big = raw_tar(&[file("a", "x"), file("big", &"y".repeat(200))]);
    let err = apply_tar(&mut small, &too_big).unwrap_err();
    assert_eq!(err.to_string(), "layer tar entry 'big': /big: File too large (layerlab limit: 100 bytes of files)");
    let too_many = raw_tar(&(0..10).map(|i| file(&format!("f{i}"), "")).collect::<Vec<_>>());
    let err = apply_tar(&mut small, &too_many).unwrap_err();
    assert!(err.to_string().contains("layerlab limit: 5 files and directories"), "{err}");
    assert!(Arc::ptr_eq(small.root(), before.root()));
    assert_eq!((small.total_bytes(), small.node_count()), (1, 1));
}

// ----- scale -----

#[test]
fn hundred_thousand_files_build_diff_and_tar_without_quadratic_work() {
    let mut fs = Fs::new();
    for d in 0..100 {
        fs.mkdir(&format!("/d{d:03}"), Meta::DIR).unwrap();
        for f in 0..1000 {
            fs.write(&format!("/d{d:03}/f{f:04}"), vec![(f % 251) as u8; 8], Meta::FILE).unwrap();
        }
    }
    assert_eq!(fs.node_count(), 100_100);
    assert_eq!(fs.total_bytes(), 800_000);
    let everything = diff(&Fs::new(), &fs);
    assert_eq!(everything.len(), 100_100);

    let mut next = fs.clone();
    next.write("/d007/f0001", &b"changed"[..], Meta::FILE).unwrap();
    next.remove("/d050/f0500", false).unwrap();
    next.write("/d099/new", &b"new"[..], Meta::FILE).unwrap();
    let changes = diff(&fs, &next);
    assert_eq!(
        summary(&changes),
        [
            (ChangeKind::Modified, "/d007/f0001", 7, false),
            (ChangeKind::Modified, "/d050", 0, false),
            (ChangeKind::Deleted, "/d050/f0500", 8, false),
            (ChangeKind::Modified, "/d099", 0, false),
            (ChangeKind::Added, "/d099/new", 3, false),
        ]
    );
    let layer = assert_layer_reproduces(&fs, &next);
    assert_eq!(names(&layer), ["d007/", "d007/f0001", "d050/", "d050/.wh.f0500", "d099/", "d099/new"]);

    let tar = full_tar(&fs, &OPTS);
    let mut copy = Fs::new();
    let stats = apply_tar(&mut copy, &tar).unwrap();
    assert_eq!(stats.files, 100_000);
    assert_eq!(copy, fs);
}

#[test]
fn apply_layer_lists_what_the_tar_contains_and_is_strict() {
    let mut fs = lower();
    let hidden_bytes = fs.read("/etc/hostname").map(|d| d.len() as u64).unwrap_or(0);
    let tar = raw_tar(&[
        dir("app/"),
        file("app/.wh..wh..opq", ""),
        file("app/new", "new"),
        file("etc/.wh.hostname", ""),
        link("etc/link", EntryType::Symlink, "passwd"),
        file("fresh", "abc"),
    ]);
    let (stats, changes) = apply_layer(&mut fs, &tar, 100).unwrap();
    assert_eq!(stats.entries, 6);
    assert_eq!(
        summary(&changes),
        [
            (ChangeKind::Modified, "/app", 0, true),
            (ChangeKind::Added, "/app/new", 3, false),
            (ChangeKind::Deleted, "/etc/hostname", hidden_bytes, false),
            (ChangeKind::Added, "/etc/link", 6, false),
            (ChangeKind::Added, "/fresh", 3, false),
        ]
    );
    // The same tar through apply_tar gives the same tree.
    let mut loose = lower();
    apply_tar(&mut loose, &tar).unwrap();
    assert_eq!(loose, fs);

    let before = lower();
    let mut strict = before.clone();
    let twice = raw_tar(&[file("a", "1"), file("a", "2")]);
    let err = apply_layer(&mut strict, &twice, 100).unwrap_err();
    assert_eq!(err.to_string(), "layer tar entry 'a': the path appears twice in the layer");
    let err = apply_layer(&mut strict, &raw_tar(&[file("a", "1"), file("b", "2"), file("c", "3")]), 2).unwrap_err();
    assert_eq!(err.to_string(), "layer tar: more than 2 entries (layerlab limit)");
    assert_eq!(strict, before);
    // apply_tar keeps Docker's rule for ADD archives: the later entry wins.
    apply_tar(&mut strict, &twice).unwrap();
    assert_eq!(&strict.read("/a").unwrap()[..], b"2");
}
