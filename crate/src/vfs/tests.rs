//! Tests of the file tree: paths, symlinks, errors, limits, totals and snapshot sharing.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::*;

fn kind_of(result: Result<impl Sized, FsError>) -> FsErrorKind {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(err) => err.kind,
    }
}

fn text(fs: &Fs, path: &str) -> String {
    String::from_utf8(fs.read(path).unwrap().to_vec()).unwrap()
}

/// Totals recounted from scratch, to check the ones the `Fs` keeps.
fn recount(fs: &Fs) -> (u64, u64) {
    let walk = fs.walk();
    let bytes =
        walk.iter().map(|(_, node)| if let Node::File { data, .. } = &**node { data.len() as u64 } else { 0 }).sum();
    (bytes, walk.len() as u64)
}

fn assert_totals(fs: &Fs) {
    assert_eq!((fs.total_bytes(), fs.node_count()), recount(fs));
}

fn sample() -> Fs {
    let mut fs = Fs::new();
    fs.mkdir_all("/etc/apk", Meta::DIR).unwrap();
    fs.mkdir_all("/usr/bin", Meta::DIR).unwrap();
    fs.write("/etc/hostname", &b"box\n"[..], Meta::FILE).unwrap();
    fs.write("/etc/apk/world", &b"busybox\n"[..], Meta::FILE).unwrap();
    fs.write("/usr/bin/tool", &b"#!/bin/sh\n"[..], Meta::EXECUTABLE).unwrap();
    fs.symlink("usr/bin", "/bin", Meta::SYMLINK).unwrap();
    fs
}

// ----- paths -----

#[test]
fn normalize_is_lexical_and_never_leaves_root() {
    assert_eq!(Fs::normalize("/", "/../../etc"), "/etc");
    assert_eq!(Fs::normalize("/a/b", "../c"), "/a/c");
    assert_eq!(Fs::normalize("/a", "./x//y/."), "/a/x/y");
    assert_eq!(Fs::normalize("/a", "/b/"), "/b");
    assert_eq!(Fs::normalize("/a", ""), "/a");
    assert_eq!(Fs::normalize("/", ""), "/");
    assert_eq!(Fs::normalize("/a/b", "../../../../.."), "/");
    assert_eq!(Fs::normalize("rel/dir", "x"), "/rel/dir/x");
    assert_eq!(Fs::normalize("/", "..."), "/...");
    assert_eq!(Fs::normalize("/", "a/../../b/./c/.."), "/b");
    assert_eq!(Fs::normalize("/", "////"), "/");
    assert_eq!(Fs::normalize("/srv", "데이터/파일.txt"), "/srv/데이터/파일.txt");
}

#[test]
fn escape_attempts_stay_inside_the_tree() {
    let mut fs = sample();
    fs.write("/../../../etc/passwd", &b"root:x:0:0\n"[..], Meta::FILE).unwrap();
    assert_eq!(text(&fs, "/etc/passwd"), "root:x:0:0\n");
    assert_eq!(text(&fs, "../../etc/../etc/passwd"), "root:x:0:0\n");
    // A symlink pointing far above the root ends at the root of this tree.
    fs.symlink("../../../../../../etc", "/usr/up", Meta::SYMLINK).unwrap();
    assert_eq!(text(&fs, "/usr/up/passwd"), "root:x:0:0\n");
    fs.symlink("/../../etc/passwd", "/abs", Meta::SYMLINK).unwrap();
    assert_eq!(text(&fs, "/abs"), "root:x:0:0\n");
    assert_totals(&fs);
}

#[test]
fn non_ascii_names() {
    let mut fs = Fs::new();
    fs.mkdir("/데이터", Meta::DIR).unwrap();
    fs.write("/데이터/파일 🐳.txt", &b"ok"[..], Meta::FILE).unwrap();
    fs.symlink("데이터/파일 🐳.txt", "/링크", Meta::SYMLINK).unwrap();
    assert_eq!(text(&fs, "/링크"), "ok");
    let names: Vec<String> = fs.read_dir("/데이터").unwrap().into_iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["파일 🐳.txt"]);
}

#[test]
fn nul_in_a_name_is_refused() {
    let mut fs = Fs::new();
    assert_eq!(kind_of(fs.write("/a\0b", &b""[..], Meta::FILE)), FsErrorKind::InvalidPath);
    assert_eq!(kind_of(fs.mkdir("/a\0b", Meta::DIR)), FsErrorKind::InvalidPath);
    assert_eq!(kind_of(fs.symlink("x\0", "/l", Meta::SYMLINK)), FsErrorKind::InvalidPath);
    assert_eq!(fs.node_count(), 0);
}

// ----- basic operations -----

#[test]
fn new_tree_is_just_root() {
    let fs = Fs::new();
    assert_eq!(fs.stat("/").unwrap(), Stat { kind: NodeKind::Dir, meta: Meta::root(0o755), size: 0 });
    assert_eq!((fs.total_bytes(), fs.node_count()), (0, 0));
    assert!(fs.walk().is_empty());
    assert_eq!(fs.limits(), Limits { max_bytes: 1 << 30, max_nodes: 1_000_000 });
    assert!(fs.exists("/") && !fs.exists("/x"));
}

#[test]
fn write_read_append_stat() {
    let mut fs = sample();
    assert_eq!(text(&fs, "/etc/hostname"), "box\n");
    fs.append("/etc/hostname", b"more\n", Meta::FILE).unwrap();
    assert_eq!(text(&fs, "/etc/hostname"), "box\nmore\n");
    fs.append("/etc/new", b"x", Meta::root(0o600)).unwrap();
    assert_eq!(fs.stat("/etc/new").unwrap(), Stat { kind: NodeKind::File, meta: Meta::root(0o600), size: 1 });
    // Replacing contents keeps the existing metadata.
    fs.set_meta("/etc/new", |m| m.uid = 1000).unwrap();
    fs.write("/etc/new", &b"longer"[..], Meta::FILE).unwrap();
    assert_eq!(fs.stat("/etc/new").unwrap(), Stat { kind: NodeKind::File, meta: Meta::new(0o600, 1000, 0), size: 6 });
    let names: Vec<String> = fs.read_dir("/etc").unwrap().into_iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["apk", "hostname", "new"]);
    assert_eq!(
        fs.read_dir("/").unwrap()[0],
        ("bin".to_owned(), Stat { kind: NodeKind::Symlink, meta: Meta::SYMLINK, size: 7 })
    );
    assert_totals(&fs);
}

#[test]
fn error_kinds_and_coreutils_wording() {
    let mut fs = sample();
    let cases: Vec<(Result<(), FsError>, &str)> = vec![
        (fs.read("/nope").map(drop), "/nope: No such file or directory"),
        (fs.read("/etc").map(drop), "/etc: Is a directory"),
        (fs.read("/etc/hostname/x").map(drop), "/etc/hostname/x: Not a directory"),
        (fs.clone().mkdir("/etc", Meta::DIR), "/etc: File exists"),
        (fs.clone().remove("/etc", false), "/etc: Directory not empty"),
        (fs.clone().mkdir("/missing/dir", Meta::DIR), "/missing/dir: No such file or directory"),
        (fs.clone().write("/etc", &b""[..], Meta::FILE), "/etc: Is a directory"),
        (fs.clone().write("/etc/hostname/x", &b""[..], Meta::FILE), "/etc/hostname/x: Not a directory"),
        (fs.clone().remove("/", false), "/: Permission denied"),
        (fs.read_link("/etc").map(drop), "/etc: Invalid argument"),
        (fs.read_dir("/etc/hostname").map(drop), "/etc/hostname: Not a directory"),
    ];
    for (result, message) in cases {
        assert_eq!(result.unwrap_err().to_string(), message);
    }
    fs.symlink("loop", "/loop", Meta::SYMLINK).unwrap();
    assert_eq!(fs.stat("/loop").unwrap_err().to_string(), "/loop: Too many levels of symbolic links");
    let err = FsError::new(FsErrorKind::LimitExceeded(Limit::Bytes(1 << 30)), "/big");
    assert_eq!(err.to_string(), "/big: File too large (layerlab limit: 1 GiB of files)");
    let err = FsError::new(FsErrorKind::LimitExceeded(Limit::Nodes(1_000_000)), "/f");
    assert_eq!(err.to_string(), "/f: No space left on device (layerlab limit: 1000000 files and directories)");
    let err = FsError::new(FsErrorKind::LimitExceeded(Limit::Bytes(1000)), "/f");
    assert_eq!(err.to_string(), "/f: File too large (layerlab limit: 1000 bytes of files)");
    assert_eq!(FsErrorKind::NotFound.to_string(), "No such file or directory");
}

#[test]
fn errors_name_the_path_as_given() {
    let fs = sample();
    assert_eq!(fs.stat("etc/../nope").unwrap_err().path, "etc/../nope");
    assert_eq!(fs.read("/bin/missing").unwrap_err().path, "/bin/missing");
}

#[test]
fn trailing_slash_wants_a_directory() {
    let mut fs = sample();
    assert_eq!(kind_of(fs.stat("/etc/hostname/")), FsErrorKind::NotADirectory);
    assert_eq!(fs.lstat("/bin/").unwrap().kind, NodeKind::Dir, "a trailing slash follows the link");
    assert_eq!(fs.lstat("/bin").unwrap().kind, NodeKind::Symlink);
    assert_eq!(kind_of(fs.write("/newfile/", &b""[..], Meta::FILE)), FsErrorKind::IsADirectory);
    assert_eq!(kind_of(fs.write("/etc/hostname/", &b""[..], Meta::FILE)), FsErrorKind::NotADirectory);
    fs.mkdir("/made/", Meta::DIR).unwrap();
    assert!(fs.stat("/made").unwrap().kind == NodeKind::Dir);
}

#[test]
fn mkdir_all_behaves_like_mkdir_p() {
    let mut fs = sample();
    fs.mkdir_all("/a/b/c", Meta::root(0o700)).unwrap();
    assert_eq!(fs.stat("/a/b").unwrap().meta, Meta::root(0o700));
    fs.mkdir_all("/a/b/c", Meta::DIR).unwrap();
    fs.mkdir_all("/", Meta::DIR).unwrap();
    // Through a symlinked directory.
    fs.mkdir_all("/bin/sub/dir", Meta::DIR).unwrap();
    assert!(fs.stat("/usr/bin/sub/dir").is_ok());
    assert_eq!(kind_of(fs.mkdir_all("/etc/hostname", Meta::DIR)), FsErrorKind::AlreadyExists);
    assert_eq!(kind_of(fs.mkdir_all("/etc/hostname/x", Meta::DIR)), FsErrorKind::NotADirectory);
    assert_totals(&fs);
}

#[test]
fn set_meta_follows_symlinks_and_masks_type_bits() {
    let mut fs = sample();
    fs.set_meta("/bin/tool", |m| *m = Meta::new(0o100_4755, 5, 6)).unwrap();
    assert_eq!(fs.stat("/usr/bin/tool").unwrap().meta, Meta::new(0o4755, 5, 6));
    assert_eq!(fs.lstat("/bin").unwrap().meta, Meta::SYMLINK);
    fs.set_meta("/", |m| m.mode = 0o700).unwrap();
    assert_eq!(fs.stat("/").unwrap().meta.mode, 0o700);
    assert_eq!(kind_of(fs.set_meta("/nope", |_| {})), FsErrorKind::NotFound);
}

#[test]
fn get_does_not_follow_the_last_component() {
    let fs = sample();
    assert_eq!(fs.get("/bin").unwrap().kind(), NodeKind::Symlink);
    assert_eq!(fs.get("/bin/tool").unwrap().kind(), NodeKind::File);
    assert!(fs.get("/").unwrap().is_dir());
    assert!(fs.get("/nope").is_none() && fs.get("/etc/hostname/x").is_none());
}

// ----- symlinks -----

#[test]
fn symlink_targets_resolve_relative_to_the_link() {
    let mut fs = sample();
    fs.mkdir_all("/opt/app/lib", Meta::DIR).unwrap();
    fs.write("/opt/app/lib/x.so", &b"so"[..], Meta::FILE).unwrap();
    fs.symlink("../lib/x.so", "/opt/app/lib/../link", Meta::SYMLINK).unwrap();
    assert_eq!(fs.read_link("/opt/app/link").unwrap(), "../lib/x.so");
    // The link lives in /opt/app, so ../lib/x.so is /opt/lib/x.so — which does not exist.
    assert_eq!(kind_of(fs.read("/opt/app/link")), FsErrorKind::NotFound);
    fs.symlink("lib/x.so", "/opt/app/ok", Meta::SYMLINK).unwrap();
    assert_eq!(text(&fs, "/opt/app/ok"), "so");
    // Relative to the link's real directory, even when reached through another link.
    fs.symlink("/opt/app", "/app", Meta::SYMLINK).unwrap();
    assert_eq!(text(&fs, "/app/ok"), "so");
    // Symlinks in the middle of a target.
    fs.symlink("../../bin/tool", "/opt/app/tool", Meta::SYMLINK).unwrap();
    assert_eq!(text(&fs, "/app/tool"), "#!/bin/sh\n");
}

#[test]
fn dangling_symlinks() {
    let mut fs = sample();
    fs.symlink("/nowhere/file", "/dangling", Meta::SYMLINK).unwrap();
    assert!(!fs.exists("/dangling"));
    assert_eq!(fs.lstat("/dangling").unwrap().kind, NodeKind::Symlink);
    assert_eq!(kind_of(fs.read("/dangling")), FsErrorKind::NotFound);
    // Writing through a dangling link needs the target's directory…
    assert_eq!(kind_of(fs.write("/dangling", &b"x"[..], Meta::FILE)), FsErrorKind::NotFound);
    // …and creates the target when it exists, like `echo > link`.
    fs.symlink("/etc/created", "/to-create", Meta::SYMLINK).unwrap();
    fs.write("/to-create", &b"made"[..], Meta::FILE).unwrap();
    assert_eq!(text(&fs, "/etc/created"), "made");
    assert_eq!(kind_of(fs.mkdir("/dangling", Meta::DIR)), FsErrorKind::AlreadyExists);
    assert_eq!(kind_of(fs.symlink("x", "/dangling", Meta::SYMLINK)), FsErrorKind::AlreadyExists);
    assert_eq!(kind_of(fs.symlink("", "/empty", Meta::SYMLINK)), FsErrorKind::NotFound);
    assert_totals(&fs);
}

#[test]
fn symlink_loops() {
    let mut fs = Fs::new();
    fs.symlink("b", "/a", Meta::SYMLINK).unwrap();
    fs.symlink("a", "/b", Meta::SYMLINK).unwrap();
    fs.symlink("self", "/self", Meta::SYMLINK).unwrap();
    fs.symlink("./self/x", "/deeper", Meta::SYMLINK).unwrap();
    for path in ["/a", "/b", "/self", "/a/x", "/deeper", "/self/"] {
        assert_eq!(kind_of(fs.stat(path)), FsErrorKind::SymlinkLoop, "{path}");
    }
    assert_eq!(kind_of(fs.write("/a", &b""[..], Meta::FILE)), FsErrorKind::SymlinkLoop);
    assert_eq!(kind_of(fs.mkdir("/self/x", Meta::DIR)), FsErrorKind::SymlinkLoop);
    // The links themselves are fine without following.
    assert_eq!(fs.lstat("/a").unwrap().kind, NodeKind::Symlink);
    fs.remove("/a", false).unwrap();
    assert_eq!(kind_of(fs.stat("/b")), FsErrorKind::NotFound);
}

#[test]
fn symlink_chains_stop_at_forty_hops() {
    let mut fs = Fs::new();
    fs.write("/target", &b"end"[..], Meta::FILE).unwrap();
    // /l1 -> /target, /l2 -> /l1, … : reading /lN follows N links.
    let mut prev = "/target".to_owned();
    for i in 1..=41 {
        let link = format!("/l{i}");
        fs.symlink(&prev, &link, Meta::SYMLINK).unwrap();
        prev = link;
    }
    assert_eq!(text(&fs, "/l40"), "end");
    assert_eq!(kind_of(fs.read("/l41")), FsErrorKind::SymlinkLoop);
    // Hops add up across the components of one path.
    fs.mkdir("/d", Meta::DIR).unwrap();
    fs.symlink("/l40", "/d/f", Meta::SYMLINK).unwrap();
    fs.symlink("/d", "/dl", Meta::SYMLINK).unwrap();
    assert_eq!(kind_of(fs.read("/dl/f")), FsErrorKind::SymlinkLoop);
}

// ----- remove and rename -----

#[test]
fn remove_files_dirs_links_and_root() {
    let mut fs = sample();
    fs.remove("/etc/hostname", false).unwrap();
    assert!(!fs.exists("/etc/hostname"));
    fs.mkdir("/empty", Meta::DIR).unwrap();
    fs.remove("/empty", false).unwrap();
    // A symlink is removed, not its target (even with a trailing slash on the parent path).
    fs.remove("/bin", false).unwrap();
    assert!(fs.exists("/usr/bin/tool"));
    fs.remove("/etc", true).unwrap();
    assert!(!fs.exists("/etc/apk/world"));
    assert_totals(&fs);
    assert_eq!(kind_of(fs.remove("/etc", true)), FsErrorKind::NotFound);
    assert_eq!(kind_of(fs.remove("/usr/.", true)), FsErrorKind::InvalidPath);
    assert_eq!(kind_of(fs.remove("/usr/bin/..", true)), FsErrorKind::InvalidPath);
    fs.set_meta("/", |m| m.mode = 0o711).unwrap();
    fs.remove("/", true).unwrap();
    assert_eq!((fs.total_bytes(), fs.node_count()), (0, 0));
    assert_eq!(fs.stat("/").unwrap().meta.mode, 0o711, "the root stays, with its metadata");
    assert!(fs.walk().is_empty());
}

#[test]
fn rename_moves_and_replaces_like_rename_2() {
    let mut fs = sample();
    fs.rename("/etc/hostname", "/etc/hostname.old").unwrap();
    assert_eq!(text(&fs, "/etc/hostname.old"), "box\n");
    fs.rename("/etc/apk", "/apk").unwrap();
    assert_eq!(text(&fs, "/apk/world"), "busybox\n");
    // Over an existing file: replaced, and its bytes leave the totals.
    fs.write("/x", &b"12345"[..], Meta::FILE).unwrap();
    fs.rename("/etc/hostname.old", "/x").unwrap();
    assert_eq!(text(&fs, "/x"), "box\n");
    assert_totals(&fs);
    // The link itself moves; it still resolves relative to its new place.
    fs.rename("/bin", "/etc/bin").unwrap();
    assert_eq!(fs.read_link("/etc/bin").unwrap(), "usr/bin");
    assert_eq!(kind_of(fs.stat("/etc/bin/tool")), FsErrorKind::NotFound);
    // Same path: nothing happens.
    fs.rename("/x", "/./x").unwrap();
    assert_eq!(text(&fs, "/x"), "box\n");
    // Over an empty directory, with a directory.
    fs.mkdir("/empty", Meta::DIR).unwrap();
    fs.rename("/apk", "/empty").unwrap();
    assert_eq!(text(&fs, "/empty/world"), "busybox\n");
    assert_totals(&fs);
}

#[test]
fn rename_errors() {
    let mut fs = sample();
    fs.mkdir_all("/a/b/c", Meta::DIR).unwrap();
    let before = fs.clone();
    assert_eq!(kind_of(fs.rename("/a", "/a/b/c/a")), FsErrorKind::InvalidPath);
    assert_eq!(kind_of(fs.rename("/a", "/a/x")), FsErrorKind::InvalidPath);
    assert_eq!(kind_of(fs.rename("/a/b", "/usr")), FsErrorKind::DirectoryNotEmpty);
    assert_eq!(kind_of(fs.rename("/a", "/etc/hostname")), FsErrorKind::NotADirectory);
    assert_eq!(kind_of(fs.rename("/etc/hostname", "/a")), FsErrorKind::IsADirectory);
    assert_eq!(kind_of(fs.rename("/nope", "/x")), FsErrorKind::NotFound);
    assert_eq!(kind_of(fs.rename("/etc/hostname", "/nope/x")), FsErrorKind::NotFound);
    assert_eq!(kind_of(fs.rename("/", "/x")), FsErrorKind::InvalidPath);
    assert_eq!(kind_of(fs.rename("/a", "/")), FsErrorKind::InvalidPath);
    assert_eq!(kind_of(fs.rename("/a/..", "/x")), FsErrorKind::InvalidPath);
    // Into itself through a symlink to it.
    fs.symlink("/a/b", "/ab", Meta::SYMLINK).unwrap();
    assert_eq!(kind_of(fs.rename("/a", "/ab/c/moved")), FsErrorKind::InvalidPath);
    fs.remove("/ab", false).unwrap();
    assert_eq!(fs, before);
    assert_totals(&fs);
}

// ----- insert_node -----

#[test]
fn insert_node_counts_and_replaces_subtrees() {
    let mut fs = sample();
    let etc = fs.get("/etc").unwrap().clone();
    fs.insert_node("/etc-copy", etc.clone()).unwrap();
    assert_eq!(text(&fs, "/etc-copy/apk/world"), "busybox\n");
    assert!(Arc::ptr_eq(fs.get("/etc-copy").unwrap(), &etc), "shared, not copied");
    assert_totals(&fs);
    // Replacing a subtree subtracts it.
    fs.insert_node("/etc-copy", Arc::new(Node::file(&b"flat"[..], Meta::FILE))).unwrap();
    assert_totals(&fs);
    // Into itself: the old subtree is a value, so this is a copy, not a cycle.
    let usr = fs.get("/usr").unwrap().clone();
    fs.insert_node("/usr/bin/usr", usr).unwrap();
    assert_eq!(text(&fs, "/usr/bin/usr/bin/tool"), "#!/bin/sh\n");
    assert_totals(&fs);
    // A hand-built subtree with a bad name is refused.
    let mut entries = BTreeMap::new();
    entries.insert("a/b".to_owned(), Arc::new(Node::file(&b""[..], Meta::FILE)));
    let bad = Arc::new(Node::Dir { meta: Meta::DIR, entries });
    let before = fs.clone();
    assert_eq!(kind_of(fs.insert_node("/bad", bad)), FsErrorKind::InvalidPath);
    assert_eq!(fs, before);
    // The root: a whole new tree.
    fs.insert_node("/", etc).unwrap();
    assert_eq!(text(&fs, "/apk/world"), "busybox\n");
    assert_totals(&fs);
    assert_eq!(kind_of(fs.insert_node("/", Arc::new(Node::file(&b""[..], Meta::FILE)))), FsErrorKind::IsADirectory);
}

// ----- walk -----

#[test]
fn walk_is_tree_order() {
    let mut fs = Fs::new();
    for path in ["/a0", "/a-b", "/a"] {
        fs.mkdir(path, Meta::DIR).unwrap();
    }
    fs.write("/a/b", &b""[..], Meta::FILE).unwrap();
    fs.write("/B", &b""[..], Meta::FILE).unwrap();
    let paths: Vec<String> = fs.walk().into_iter().map(|(path, _)| path).collect();
    assert_eq!(paths, ["/B", "/a", "/a/b", "/a-b", "/a0"]);
}

// ----- limits -----

#[test]
fn byte_limit_is_checked_before_anything_changes() {
    let mut fs = Fs::with_limits(Limits { max_bytes: 10, max_nodes: 100 });
    fs.write("/a", &b"12345"[..], Meta::FILE).unwrap();
    let before = fs.clone();
    let err = fs.write("/b", &b"123456"[..], Meta::FILE).unwrap_err();
    assert_eq!(err.to_string(), "/b: File too large (layerlab limit: 10 bytes of files)");
    assert_eq!(kind_of(fs.append("/a", b"123456", Meta::FILE)), FsErrorKind::LimitExceeded(Limit::Bytes(10)));
    assert_eq!(fs, before);
    assert!(Arc::ptr_eq(fs.root(), before.root()), "not even copied");
    assert_eq!(fs.total_bytes(), 5);
    // Replacing a file only needs room for the difference.
    fs.write("/a", &b"1234567890"[..], Meta::FILE).unwrap();
    assert_eq!(fs.total_bytes(), 10);
    // Shrinking is always allowed.
    fs.write("/a", &b""[..], Meta::FILE).unwrap();
    assert_eq!(fs.total_bytes(), 0);
    // A subtree that would not fit.
    let mut big = Fs::new();
    big.write("/x", vec![0u8; 11], Meta::FILE).unwrap();
    assert_eq!(kind_of(fs.insert_node("/big", big.root().clone())), FsErrorKind::LimitExceeded(Limit::Bytes(10)));
    assert_totals(&fs);
}

#[test]
fn node_limit_is_checked_before_anything_changes() {
    let mut fs = Fs::with_limits(Limits { max_bytes: 1000, max_nodes: 4 });
    fs.mkdir_all("/a/b", Meta::DIR).unwrap();
    let before = fs.clone();
    // Three more would make five: none of them is created.
    let err = fs.mkdir_all("/a/b/c/d/e", Meta::DIR).unwrap_err();
    assert_eq!(err.kind, FsErrorKind::LimitExceeded(Limit::Nodes(4)));
    assert_eq!(err.to_string(), "/a/b/c/d/e: No space left on device (layerlab limit: 4 files and directories)");
    assert_eq!(fs, before);
    assert_eq!(fs.node_count(), 2);
    fs.mkdir_all("/a/b/c/d", Meta::DIR).unwrap();
    assert_eq!(kind_of(fs.write("/f", &b""[..], Meta::FILE)), FsErrorKind::LimitExceeded(Limit::Nodes(4)));
    assert_eq!(kind_of(fs.symlink("x", "/l", Meta::SYMLINK)), FsErrorKind::LimitExceeded(Limit::Nodes(4)));
    assert_eq!(kind_of(fs.mkdir("/m", Meta::DIR)), FsErrorKind::LimitExceeded(Limit::Nodes(4)));
    // Replacing one node with one node is fine at the limit.
    fs.remove("/a/b/c/d", false).unwrap();
    fs.write("/a/b/c/d", &b"f"[..], Meta::FILE).unwrap();
    fs.write("/a/b/c/d", &b"g"[..], Meta::FILE).unwrap();
    assert_totals(&fs);
}

// ----- sharing -----

#[test]
fn snapshots_are_isolated_and_share_what_did_not_change() {
    let base = sample();
    let mut next = base.clone();
    assert!(Arc::ptr_eq(base.root(), next.root()));
    next.write("/etc/hostname", &b"changed\n"[..], Meta::FILE).unwrap();
    next.remove("/usr/bin/tool", false).unwrap();
    next.rename("/etc/apk", "/apk").unwrap();
    next.set_meta("/", |m| m.mode = 0o700).unwrap();
    next.mkdir_all("/new/dir", Meta::DIR).unwrap();
    assert_eq!(text(&base, "/etc/hostname"), "box\n");
    assert_eq!(text(&base, "/usr/bin/tool"), "#!/bin/sh\n");
    assert_eq!(text(&base, "/etc/apk/world"), "busybox\n");
    assert_eq!(base.stat("/").unwrap().meta.mode, 0o755);
    assert!(!base.exists("/new"));
    assert_totals(&base);
    assert_totals(&next);
    assert_ne!(base, next);
    // The moved directory is the same node in both trees; only the paths to changes were copied.
    assert!(Arc::ptr_eq(base.get("/etc/apk").unwrap(), next.get("/apk").unwrap()));
    let mut third = next.clone();
    third.write("/new/dir/f", &b""[..], Meta::FILE).unwrap();
    assert!(Arc::ptr_eq(next.get("/etc").unwrap(), third.get("/etc").unwrap()));
    assert!(Arc::ptr_eq(next.get("/usr").unwrap(), third.get("/usr").unwrap()));
    assert!(!Arc::ptr_eq(next.get("/new").unwrap(), third.get("/new").unwrap()));
}

#[test]
fn equality_is_structural() {
    let mut a = Fs::new();
    a.write("/x", &b"1"[..], Meta::FILE).unwrap();
    a.mkdir("/d", Meta::DIR).unwrap();
    let mut b = Fs::new();
    b.mkdir("/d", Meta::DIR).unwrap();
    b.write("/x", vec![b'1'], Meta::FILE).unwrap();
    assert_eq!(a, b);
    b.set_meta("/x", |m| m.gid = 1).unwrap();
    assert_ne!(a, b);
}

#[test]
fn very_deep_trees_do_not_overflow_the_stack() {
    // Deeper than any recursive walk or drop could go on a 2 MiB test thread.
    let depth = 10_000;
    let path = "/d".repeat(depth);
    let mut fs = Fs::new();
    fs.mkdir_all(&path, Meta::DIR).unwrap();
    fs.write(&format!("{path}/f"), &b"deep"[..], Meta::FILE).unwrap();
    assert_eq!(fs.node_count(), depth as u64 + 1);
    assert_eq!(fs.walk().len(), depth + 1);
    let copy = fs.clone();
    assert_eq!(fs, copy);
    let mut other = copy.clone();
    other.write(&format!("{path}/f"), &b"DEEP"[..], Meta::FILE).unwrap();
    assert_ne!(fs, other);
    drop(copy);
    drop(other);
    fs.remove("/d", true).unwrap();
    assert_eq!(fs.node_count(), 0);
}

#[test]
fn totals_stay_exact_through_a_mix_of_operations() {
    let mut fs = Fs::new();
    for i in 0..50u32 {
        let dir = format!("/d{}", i % 7);
        fs.mkdir_all(&dir, Meta::DIR).unwrap();
        fs.write(&format!("{dir}/f{i}"), vec![0u8; i as usize], Meta::FILE).unwrap();
        if i % 3 == 0 {
            fs.append(&format!("{dir}/f{i}"), b"abc", Meta::FILE).unwrap();
        }
        if i % 5 == 0 {
            let _ = fs.rename(&format!("{dir}/f{i}"), &format!("/d{}/f{}", (i + 1) % 7, i / 2));
        }
        if i % 11 == 0 {
            fs.remove(&format!("/d{}", (i + 3) % 7), true).ok();
        }
        if i % 13 == 0 {
            let sub = fs.get("/d1").cloned();
            if let Some(sub) = sub {
                fs.insert_node(&format!("/copy{i}"), sub).unwrap();
            }
        }
        assert_totals(&fs);
    }
}
