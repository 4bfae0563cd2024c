//! Exported images checked by the other OCI tools: every golden build is exported, then containerd's `ctr` imports
//! the tarball the way Docker's containerd image store does (same name, same manifest digest, layers unpacked to our
//! chain ID), `skopeo` reads it both as a docker-archive and as an oci-archive and copies it (verifying every digest
//! on the way), and `umoci` unpacks its OCI layout into a root file system that must equal the image's tree, whiteouts
//! applied. `cargo xtask test` installs the tools and sets LAYERLAB_CONTAINERD_ADDRESS to its engine's containerd;
//! without them these tests skip, except under CI=true where they fail.

use layerlab::build::engine::{Build, BuildOptions};
use layerlab::images::Arch;
use layerlab::layer::ChangeKind;
use layerlab::oci::{chain_id, Digest, Reference};
use layerlab::store::export::{export_bytes, ExportedImage};
use layerlab::store::{Image, ImageStore};
use layerlab::vfs::Node;
use layerlab_tests::data_dir;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// The containerd namespace the imports go to, apart from Docker's own (`moby`).
const NAMESPACE: &str = "layerlab";

/// The tag of every golden image; also its `org.opencontainers.image.ref.name` in the tarball's index.json.
const TAG: &str = "golden";

/// One golden build, exported.
struct Golden {
    name: String,
    /// `layerlab-test/<case>:golden`, as in `manifest.json`'s RepoTags.
    tag: String,
    image: Arc<Image>,
    /// What the exporter says it wrote: config and manifest digests.
    exported: ExportedImage,
    tarball: PathBuf,
}

impl Golden {
    fn fully_qualified(&self) -> String {
        Reference::parse(&self.tag).unwrap().fully_qualified()
    }

    fn diff_ids(&self) -> Vec<String> {
        self.image.layers.iter().map(|l| l.diff_id.to_string()).collect()
    }

    fn config(&self) -> Value {
        serde_json::from_slice(&self.image.config_bytes).unwrap()
    }
}

/// Builds every golden case that succeeds and writes its tarball into `dir`.
fn golden_tarballs(dir: &Path) -> Vec<Golden> {
    let mut cases: Vec<_> = std::fs::read_dir(data_dir().join("builds")).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    let mut golden = Vec::new();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let context = layerlab_cli::context_dir::read(&case.join("context")).unwrap();
        let tag = format!("layerlab-test/{name}:{TAG}");
        let options = BuildOptions { tags: vec![tag.clone()], arch: Arch::Amd64, ..BuildOptions::default() };
        let mut store = ImageStore::new();
        let mut build = Build::new(context, options).unwrap();
        build.run_to_end(&mut store);
        let Some(Ok(id)) = build.outcome().cloned() else { continue };
        let image = store.get(&id).unwrap();
        let (bytes, summary) = export_bytes(&store, std::slice::from_ref(&tag)).unwrap();
        let [exported] = <[ExportedImage; 1]>::try_from(summary.images).unwrap();
        assert_eq!(exported.config_digest, id, "{name}: the export names another config");
        assert_eq!(exported.manifest_digest, image.manifest().1, "{name}: the export names another manifest");
        let tarball = dir.join(format!("{name}.tar"));
        std::fs::write(&tarball, bytes).unwrap();
        golden.push(Golden { name, tag, image, exported, tarball });
    }
    assert!(golden.len() >= 10, "only {} golden images were built", golden.len());
    golden
}

/// A fresh scratch directory for one test.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlab-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `program` and returns its stdout, or a message with its stderr.
fn run(program: &str, args: &[&str]) -> Result<String, String> {
    let output = Command::new(program).args(args).output().map_err(|e| format!("{program}: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!("{program} {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim_end()))
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// Whether a test may go on: true if nothing is `missing`; otherwise it skips with a message, and under CI=true
/// fails.
fn can_run(test: &str, missing: &[String]) -> bool {
    if missing.is_empty() {
        return true;
    }
    let missing = missing.join("; ");
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {test} cannot run: {missing}. Run the tests with `cargo xtask test`, which installs skopeo, \
         umoci and containerd's ctr and starts an engine"
    );
    eprintln!("skipped {test}: {missing} (run `cargo xtask test`)");
    false
}

/// A missing-tool message for `program`, if `program --version` does not run.
fn missing_program(program: &str, package: &str) -> Option<String> {
    let runs = Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success());
    (!runs).then(|| format!("no `{program}` on PATH (Debian package {package})"))
}

/// The containerd socket `ctr` talks to (the one the test engine's dockerd runs), if it answers.
fn containerd_address() -> Option<String> {
    let address = std::env::var("LAYERLAB_CONTAINERD_ADDRESS").ok().filter(|a| !a.is_empty());
    let mut missing: Vec<String> = missing_program("ctr", "containerd").into_iter().collect();
    if missing.is_empty() {
        match &address {
            None => missing.push("LAYERLAB_CONTAINERD_ADDRESS is not set".to_string()),
            Some(address) => {
                if let Err(error) = run("ctr", &["--address", address, "version"]) {
                    missing.push(format!("no containerd answers at LAYERLAB_CONTAINERD_ADDRESS={address}: {error}"));
                }
            }
        }
    }
    if can_run("the containerd import test", &missing) {
        address
    } else {
        None
    }
}

/// `ctr --address A -n layerlab ARGS…`.
fn ctr(address: &str, args: &[&str]) -> Result<String, String> {
    let mut all = vec!["--address", address, "--namespace", NAMESPACE];
    all.extend(args);
    run("ctr", &all)
}

/// The whitespace-separated columns of the line of a `ctr … ls`-style table whose first column is `first`.
fn table_row(table: &str, first: &str) -> Option<Vec<String>> {
    table
        .lines()
        .map(|line| line.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .find(|columns| columns.first().map(String::as_str) == Some(first))
}

#[test]
fn containerd_imports_every_golden_image_under_its_name_and_manifest_digest() {
    let Some(address) = containerd_address() else { return };
    let dir = scratch_dir("ctr-test");
    let golden = golden_tarballs(&dir);
    for image in &golden {
        let name = &image.name;
        let reference = image.fully_qualified();
        let manifest_digest = image.exported.manifest_digest.to_string();
        let _ = ctr(&address, &["images", "rm", &reference]);
        let output = ctr(&address, &["images", "import", "--platform", "linux/amd64", path_str(&image.tarball)])
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            output.contains(&format!("unpacking {reference} ({manifest_digest})")),
            "{name}: ctr did not import {reference} at {manifest_digest}:\n{output}"
        );

        let list = ctr(&address, &["images", "ls"]).unwrap();
        let row = table_row(&list, &reference).unwrap_or_else(|| panic!("{name}: {reference} not listed:\n{list}"));
        assert_eq!(row[1], "application/vnd.oci.image.manifest.v1+json", "{name}: {row:?}");
        assert_eq!(row[2], manifest_digest, "{name}: containerd lists another manifest digest");
        assert!(row.iter().any(|c| c == "linux/amd64"), "{name}: platform: {row:?}");

        // Every blob present (the config and each layer) and the layers unpacked into snapshots.
        let check = ctr(&address, &["images", "check"]).unwrap();
        let row = table_row(&check, &reference).unwrap_or_else(|| panic!("{name}: {reference} not checked:\n{check}"));
        let blobs = image.image.layers.len() + 1;
        let complete = format!("({blobs}/{blobs})");
        assert!(
            row.iter().any(|c| c == "complete") && row.contains(&complete),
            "{name}: expected complete {complete}: {row:?}"
        );
        assert_eq!(row.last().map(String::as_str), Some("true"), "{name}: not unpacked: {row:?}");

        // Unpacking checks each layer's digest against the config's diff_ids; the top snapshot is named by the
        // chain ID of all of them.
        let diff_ids: Vec<Digest> = image.image.layers.iter().map(|l| l.diff_id.clone()).collect();
        if let Some(chain) = chain_id(&diff_ids) {
            let snapshots = ctr(&address, &["snapshots", "ls"]).unwrap();
            assert!(
                table_row(&snapshots, chain.as_str()).is_some(),
                "{name}: no snapshot named by our chain ID {chain}:\n{snapshots}"
            );
        }

        let removed = ctr(&address, &["images", "rm", &reference]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(removed.contains(&reference), "{name}: {removed}");
        let left = ctr(&address, &["images", "ls", "--quiet"]).unwrap();
        assert!(!left.lines().any(|l| l == reference), "{name}: still listed after `images rm`");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn skopeo_reads_and_copies_and_umoci_unpacks_every_golden_image() {
    let missing: Vec<String> =
        [missing_program("skopeo", "skopeo"), missing_program("umoci", "umoci")].into_iter().flatten().collect();
    if !can_run("the skopeo and umoci tests", &missing) {
        return;
    }
    let dir = scratch_dir("skopeo-umoci-test");
    let golden = golden_tarballs(&dir);
    let mut deletions_checked = 0;
    for image in &golden {
        check_docker_archive(image, &dir);
        check_oci_archive(image, &dir);
        deletions_checked += check_umoci_unpack(image, &dir);
    }
    assert!(deletions_checked >= 1, "no golden image deletes a file: the whiteout case is gone");
    let _ = std::fs::remove_dir_all(&dir);
}

fn skopeo(args: &[&str]) -> Value {
    let output = run("skopeo", args).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&output).unwrap_or_else(|e| panic!("skopeo {}: not JSON ({e}): {output}", args.join(" ")))
}

/// The layer digests of a manifest as JSON.
fn manifest_layers(manifest: &Value) -> Vec<String> {
    manifest["layers"].as_array().unwrap().iter().map(|l| l["digest"].as_str().unwrap().to_string()).collect()
}

/// `docker-archive:`, which reads `manifest.json` as Docker's classic store does.
fn check_docker_archive(image: &Golden, dir: &Path) {
    let name = &image.name;
    let source = format!("docker-archive:{}:{}", path_str(&image.tarball), image.tag);
    // skopeo makes up a Docker manifest from manifest.json (and calls every layer gzip); its config and layer
    // digests are ours.
    let manifest = skopeo(&["inspect", "--raw", &source]);
    assert_eq!(manifest["config"]["digest"], image.exported.config_digest.to_string(), "{name}: config digest");
    assert_eq!(manifest_layers(&manifest), image.diff_ids(), "{name}: docker-archive layers");
    let sizes: Vec<u64> = manifest["layers"].as_array().unwrap().iter().map(|l| l["size"].as_u64().unwrap()).collect();
    let ours: Vec<u64> = image.image.layers.iter().map(|l| l.size).collect();
    assert_eq!(sizes, ours, "{name}: layer sizes");
    let config = run("skopeo", &["inspect", "--config", "--raw", &source]).unwrap();
    assert!(config.as_bytes() == &*image.image.config_bytes, "{name}: docker-archive config bytes differ:\n{config}");

    // The copy reads every blob against its digest. Converting to OCI rewrites the config (Go's field order), so
    // compare its contents, and keep the layers uncompressed so their digests stay the diff_ids.
    let copy = dir.join(format!("{name}-from-docker-archive"));
    let destination = format!("oci:{}:{TAG}", path_str(&copy));
    run("skopeo", &["copy", "--quiet", "--dest-oci-accept-uncompressed-layers", &source, &destination])
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let (copied_manifest, _) = read_oci_layout_manifest(&copy, name);
    assert_eq!(manifest_layers(&copied_manifest), image.diff_ids(), "{name}: layers after skopeo copy");
    let copied_config = read_blob_json(&copy, copied_manifest["config"]["digest"].as_str().unwrap());
    assert_eq!(copied_config, image.config(), "{name}: the config skopeo copied has other contents");
}

/// `oci-archive:FILE:golden`, which reads `index.json` as containerd does and finds the image by its ref name.
fn check_oci_archive(image: &Golden, dir: &Path) {
    let name = &image.name;
    let source = format!("oci-archive:{}:{TAG}", path_str(&image.tarball));
    let raw = run("skopeo", &["inspect", "--raw", &source]).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (manifest_bytes, manifest_digest) = image.image.manifest();
    assert!(raw.as_bytes() == manifest_bytes, "{name}: oci-archive manifest differs:\n{raw}");
    let inspect = skopeo(&["inspect", &source]);
    assert_eq!(inspect["Digest"], manifest_digest.to_string(), "{name}: manifest digest");
    assert_eq!(inspect["Layers"], json!(image.diff_ids()), "{name}: oci-archive layers");
    assert_eq!(inspect["Architecture"], "amd64", "{name}");
    let config = run("skopeo", &["inspect", "--config", "--raw", &source]).unwrap();
    assert!(config.as_bytes() == &*image.image.config_bytes, "{name}: oci-archive config bytes differ:\n{config}");

    // With the digests preserved the copy is our layout blob for blob: nothing to convert, everything verified.
    let copy = dir.join(format!("{name}-from-oci-archive"));
    let destination = format!("oci:{}:{TAG}", path_str(&copy));
    run(
        "skopeo",
        &["copy", "--quiet", "--preserve-digests", "--dest-oci-accept-uncompressed-layers", &source, &destination],
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    let (_, copied_digest) = read_oci_layout_manifest(&copy, name);
    assert_eq!(copied_digest, manifest_digest.to_string(), "{name}: skopeo copy changed the manifest");
    let blobs: BTreeSet<String> = std::fs::read_dir(copy.join("blobs").join("sha256"))
        .unwrap()
        .map(|e| format!("sha256:{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    let mut ours: BTreeSet<String> = image.diff_ids().into_iter().collect();
    ours.insert(manifest_digest.to_string());
    ours.insert(image.exported.config_digest.to_string());
    assert_eq!(blobs, ours, "{name}: blobs after skopeo copy");
}

/// The manifest an OCI layout's index.json names for the golden tag, and its digest.
fn read_oci_layout_manifest(layout: &Path, name: &str) -> (Value, String) {
    let index: Value = serde_json::from_slice(&std::fs::read(layout.join("index.json")).unwrap()).unwrap();
    let manifests = index["manifests"].as_array().unwrap();
    let descriptor = manifests
        .iter()
        .find(|m| m["annotations"]["org.opencontainers.image.ref.name"] == TAG)
        .unwrap_or_else(|| panic!("{name}: no manifest tagged {TAG} in {index}"));
    let digest = descriptor["digest"].as_str().unwrap().to_string();
    (read_blob_json(layout, &digest), digest)
}

fn read_blob_json(layout: &Path, digest: &str) -> Value {
    let hex = digest.strip_prefix("sha256:").unwrap();
    serde_json::from_slice(&std::fs::read(layout.join("blobs").join("sha256").join(hex)).unwrap()).unwrap()
}

/// `umoci unpack` of the tarball's own OCI layout (umoci verifies every blob it reads); the root file system must
/// be the image's tree, and the runtime config must run the image's command. Returns how many deleted paths were
/// checked to be absent.
fn check_umoci_unpack(image: &Golden, dir: &Path) -> usize {
    let name = &image.name;
    let layout = dir.join(format!("{name}-layout"));
    std::fs::create_dir_all(&layout).unwrap();
    tar::Archive::new(std::fs::File::open(&image.tarball).unwrap()).unpack(&layout).unwrap();
    let bundle = dir.join(format!("{name}-bundle"));
    let mut args = vec!["unpack"];
    // As root, umoci keeps owners; otherwise it needs --rootless (and owners cannot be compared).
    let root = run("id", &["-u"]).is_ok_and(|uid| uid.trim() == "0");
    if !root {
        args.push("--rootless");
    }
    let image_arg = format!("{}:{TAG}", path_str(&layout));
    args.extend(["--image", &image_arg, path_str(&bundle)]);
    run("umoci", &args).unwrap_or_else(|e| panic!("{name}: {e}"));

    let rootfs = bundle.join("rootfs");
    let ours = tree_of_image(&image.image, root);
    let theirs = tree_on_disk(&rootfs, root);
    let differences = tree_differences(&ours, &theirs);
    assert!(
        differences.is_empty(),
        "{name}: umoci's rootfs differs from layerlab's tree ({} differences):\n{}",
        differences.len(),
        differences.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );

    // Paths a later layer deleted (a whiteout) stay gone, unless yet another layer brought them back.
    let mut deletions = 0;
    for layer in &image.image.layers {
        for change in layer.changes.iter().filter(|c| c.kind == ChangeKind::Deleted) {
            if image.image.fs.exists(&change.path) {
                continue;
            }
            let on_disk = rootfs.join(change.path.trim_start_matches('/'));
            assert!(on_disk.symlink_metadata().is_err(), "{name}: {} was deleted but umoci unpacked it", change.path);
            deletions += 1;
        }
    }

    let runtime: Value = serde_json::from_slice(&std::fs::read(bundle.join("config.json")).unwrap()).unwrap();
    let config = &image.config()["config"];
    let command: Vec<Value> =
        [&config["Entrypoint"], &config["Cmd"]].into_iter().filter_map(Value::as_array).flatten().cloned().collect();
    assert_eq!(runtime["process"]["args"], Value::Array(command), "{name}: the command umoci would run");
    let cwd = config["WorkingDir"].as_str().filter(|w| !w.is_empty()).unwrap_or("/");
    assert_eq!(runtime["process"]["cwd"], cwd, "{name}: working directory");
    let env = runtime["process"]["env"].as_array().unwrap();
    for variable in config["Env"].as_array().into_iter().flatten() {
        assert!(env.contains(variable), "{name}: {variable} missing from the runtime env {env:?}");
    }
    deletions
}

/// One line per path: kind, mode, owner and contents (a digest for files, the target for symlinks).
type Tree = BTreeMap<String, String>;

fn describe(kind: &str, mode: u32, owner: Option<(u32, u32)>, contents: &str) -> String {
    let owner = owner.map(|(uid, gid)| format!(" {uid}:{gid}")).unwrap_or_default();
    format!("{kind} {mode:04o}{owner} {contents}")
}

fn tree_of_image(image: &Image, with_owners: bool) -> Tree {
    image
        .fs
        .walk()
        .into_iter()
        .map(|(path, node)| {
            let meta = node.meta();
            let owner = with_owners.then_some((meta.uid, meta.gid));
            let line = match &*node {
                Node::File { data, .. } => {
                    describe("file", meta.mode, owner, &format!("{} {}", data.len(), Digest::sha256(data)))
                }
                Node::Dir { .. } => describe("dir", meta.mode, owner, ""),
                // Linux shows every symlink as 0777, whatever mode the tar gave it.
                Node::Symlink { target, .. } => describe("symlink", 0o777, owner, target),
            };
            (path, line)
        })
        .collect()
}

fn tree_on_disk(root: &Path, with_owners: bool) -> Tree {
    let mut tree = Tree::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let metadata = path.symlink_metadata().unwrap();
            let mode = metadata.permissions().mode() & 0o7777;
            let owner = with_owners.then_some((metadata.uid(), metadata.gid()));
            let line = if metadata.is_dir() {
                stack.push(path.clone());
                describe("dir", mode, owner, "")
            } else if metadata.file_type().is_symlink() {
                describe("symlink", mode, owner, &std::fs::read_link(&path).unwrap().to_string_lossy())
            } else if metadata.is_file() {
                let data = std::fs::read(&path).unwrap();
                describe("file", mode, owner, &format!("{} {}", data.len(), Digest::sha256(&data)))
            } else {
                describe("special", mode, owner, &format!("{:?}", metadata.file_type()))
            };
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            tree.insert(format!("/{relative}"), line);
        }
    }
    tree
}

fn tree_differences(ours: &Tree, theirs: &Tree) -> Vec<String> {
    let paths: BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    paths
        .into_iter()
        .filter_map(|path| match (ours.get(path), theirs.get(path)) {
            (Some(a), Some(b)) if a == b => None,
            (Some(a), Some(b)) => Some(format!("{path}: layerlab {a}, unpacked {b}")),
            (Some(a), None) => Some(format!("{path}: missing (layerlab {a})")),
            (None, Some(b)) => Some(format!("{path}: extra ({b})")),
            (None, None) => None,
        })
        .collect()
}
