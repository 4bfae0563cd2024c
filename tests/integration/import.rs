//! Importing `docker save` tarballs (`layerlab::store::import`): layerlab's own exports, the legacy layout Docker 20.10
//! writes, OCI layouts with uncompressed, gzip and zstd layers and a multi-platform index, builds FROM an imported
//! image, the CLI's `--load`; the hostile corpus in `tests/data/hostile/` (each `<case>.tar`, made by the generator
//! below, is refused with exactly the message in `<case>.expected`; `UPDATE_EXPECT=1` rewrites both); and, when a
//! Docker engine answers at DOCKER_HOST (always under CI=true), real `docker save` output.

use layerlab::build::context::BuildContext;
use layerlab::build::engine::{Build, BuildOptions};
use layerlab::images::Arch;
use layerlab::layer::ChangeKind;
use layerlab::oci::{self, Digest};
use layerlab::store::export::export_bytes;
use layerlab::store::import::{import_archive, ImportLimits, ImportSummary};
use layerlab::store::ImageStore;
use layerlab::vfs::Limits;
use layerlab_tests::{data_dir, run_cli};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use tar::{EntryType, Header};

// ----- archives built by hand -----

/// A tar entry with every header field set here, so that names and links can be what no tar writer would write.
fn entry(name: &[u8], kind: EntryType, link: Option<&[u8]>, data: &[u8]) -> Vec<u8> {
    let mut header = Header::new_gnu();
    let len = name.len().min(100);
    header.as_old_mut().name[..len].copy_from_slice(&name[..len]);
    if let Some(link) = link {
        let len = link.len().min(100);
        header.as_old_mut().linkname[..len].copy_from_slice(&link[..len]);
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

fn file(name: &str, data: &[u8]) -> Vec<u8> {
    entry(name.as_bytes(), EntryType::Regular, None, data)
}

fn dir(name: &str) -> Vec<u8> {
    entry(name.as_bytes(), EntryType::Directory, None, b"")
}

fn symlink(name: &str, target: &str) -> Vec<u8> {
    entry(name.as_bytes(), EntryType::Symlink, Some(target.as_bytes()), b"")
}

fn hardlink(name: &str, target: &str) -> Vec<u8> {
    entry(name.as_bytes(), EntryType::Link, Some(target.as_bytes()), b"")
}

fn tar(entries: &[Vec<u8>]) -> Vec<u8> {
    let mut out = entries.concat();
    out.extend_from_slice(&[0; 1024]);
    out
}

fn gzip(payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    out.extend(miniz_oxide::deflate::compress_to_vec(payload, 9));
    out.extend_from_slice(&[0; 8]);
    out
}

fn zstd(payload: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(payload, ruzstd::encoding::CompressionLevel::Fastest)
}

#[derive(Clone, Copy, PartialEq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

/// An image to put in an archive: its uncompressed layers, the config made for them, and its tags.
#[derive(Clone)]
struct TestImage {
    layers: Vec<Vec<u8>>,
    config: Vec<u8>,
    tags: Vec<String>,
}

impl TestImage {
    fn new(arch: &str, layers: Vec<Vec<u8>>, tags: &[&str]) -> TestImage {
        let diff_ids: Vec<String> = layers.iter().map(|l| format!("\"{}\"", Digest::sha256(l))).collect();
        let history: Vec<String> = (0..layers.len())
            .map(|i| {
                format!(r#"{{"created":"2024-01-0{}T00:00:00.123456789Z","created_by":"COPY layer{i} /"}}"#, i + 1)
            })
            .collect();
        // Spacing, field order and fields layerlab does not know, as a real engine writes them: the bytes must stay.
        let config = format!(
            r#"{{"architecture":"{arch}","config":{{"Env":["PATH=/usr/bin:/bin"],"Cmd":["/hello"],"ArgsEscaped":true}},"container_config":{{"Hostname":""}},"created":"2024-01-01T00:00:00.123456789Z","docker_version":"20.10.24","history":[{}],"os":"linux","rootfs":{{"type":"layers","diff_ids":[{}]}}}}"#,
            history.join(","),
            diff_ids.join(",")
        );
        TestImage { layers, config: config.into_bytes(), tags: tags.iter().map(|t| t.to_string()).collect() }
    }

    fn id(&self) -> Digest {
        Digest::sha256(&self.config)
    }

    fn diff_ids(&self) -> Vec<Digest> {
        self.layers.iter().map(|l| Digest::sha256(l)).collect()
    }
}

fn base_layer() -> Vec<u8> {
    tar(&[
        dir("etc/"),
        file("etc/hello", b"hello from an imported layer\n"),
        file("hello", b"#!/bin/sh\necho hi\n"),
        symlink("etc/greeting", "hello"),
    ])
}

fn second_layer() -> Vec<u8> {
    tar(&[dir("etc/"), file("etc/.wh.greeting", b""), file("etc/motd", b"second layer\n"), dir("srv/")])
}

fn two_layer_image(tags: &[&str]) -> TestImage {
    TestImage::new("amd64", vec![base_layer(), second_layer()], tags)
}

/// What Docker 20.10's `docker save` writes: `<config hex>.json`, one `<v1 id>/` directory per layer with
/// `VERSION`, `json` and `layer.tar`, `manifest.json` and `repositories`.
fn legacy_archive(images: &[TestImage]) -> Vec<u8> {
    let mut members: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut manifest = Vec::new();
    for image in images {
        let mut layer_paths = Vec::new();
        for (i, layer) in image.layers.iter().enumerate() {
            let v1 = Digest::sha256(format!("{} {i}", image.id()).as_bytes()).hex().to_string();
            members.insert(format!("{v1}/"), Vec::new());
            members.insert(format!("{v1}/VERSION"), b"1.0".to_vec());
            members.insert(format!("{v1}/json"), format!(r#"{{"id":"{v1}"}}"#).into_bytes());
            members.insert(format!("{v1}/layer.tar"), layer.clone());
            layer_paths.push(format!("\"{v1}/layer.tar\""));
        }
        members.insert(format!("{}.json", image.id().hex()), image.config.clone());
        let tags: Vec<String> = image.tags.iter().map(|t| format!("\"{t}\"")).collect();
        let tags = if tags.is_empty() { "null".to_string() } else { format!("[{}]", tags.join(",")) };
        manifest.push(format!(
            r#"{{"Config":"{}.json","RepoTags":{tags},"Layers":[{}]}}"#,
            image.id().hex(),
            layer_paths.join(",")
        ));
    }
    members.insert("manifest.json".into(), format!("[{}]", manifest.join(",")).into_bytes());
    members.insert("repositories".into(), b"{}".to_vec());
    tar(&members
        .iter()
        .map(|(name, data)| if name.ends_with('/') { dir(name) } else { file(name, data) })
        .collect::<Vec<_>>())
}

fn layer_media_type(compression: Compression) -> &'static str {
    match compression {
        Compression::None => oci::media_types::OCI_LAYER,
        Compression::Gzip => oci::media_types::OCI_LAYER_GZIP,
        Compression::Zstd => oci::media_types::OCI_LAYER_ZSTD,
    }
}

fn compress(data: &[u8], compression: Compression) -> Vec<u8> {
    match compression {
        Compression::None => data.to_vec(),
        Compression::Gzip => gzip(data),
        Compression::Zstd => zstd(data),
    }
}

fn descriptor(media_type: &str, bytes: &[u8]) -> String {
    format!(r#"{{"mediaType":"{media_type}","digest":"{}","size":{}}}"#, Digest::sha256(bytes), bytes.len())
}

/// An image's manifest (layers compressed as asked) and the blobs it needs, added to `blobs`.
fn oci_manifest(image: &TestImage, compression: Compression, blobs: &mut BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut layers = Vec::new();
    for layer in &image.layers {
        let blob = compress(layer, compression);
        layers.push(descriptor(layer_media_type(compression), &blob));
        blobs.insert(Digest::sha256(&blob).hex().to_string(), blob);
    }
    blobs.insert(image.id().hex().to_string(), image.config.clone());
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"{}","config":{},"layers":[{}]}}"#,
        oci::media_types::OCI_MANIFEST,
        descriptor(oci::media_types::OCI_CONFIG, &image.config),
        layers.join(",")
    );
    blobs.insert(Digest::sha256(manifest.as_bytes()).hex().to_string(), manifest.clone().into_bytes());
    manifest.into_bytes()
}

/// The annotations Docker 25+ puts on an index entry for `tag`.
fn name_annotations(tag: &str) -> String {
    let reference = oci::Reference::parse(tag).unwrap();
    format!(
        r#","annotations":{{"io.containerd.image.name":"{}","org.opencontainers.image.ref.name":"{}"}}"#,
        reference.fully_qualified(),
        reference.tag().unwrap()
    )
}

/// An OCI layout (Docker 25+ without the legacy `manifest.json`): one index entry per tag.
fn oci_archive(images: &[TestImage], compression: Compression) -> Vec<u8> {
    let mut blobs = BTreeMap::new();
    let mut entries = Vec::new();
    for image in images {
        let manifest = oci_manifest(image, compression, &mut blobs);
        let plain = descriptor(oci::media_types::OCI_MANIFEST, &manifest);
        if image.tags.is_empty() {
            entries.push(plain.clone());
        }
        for tag in &image.tags {
            entries.push(format!("{}{}}}", &plain[..plain.len() - 1], name_annotations(tag)));
        }
    }
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"{}","manifests":[{}]}}"#,
        oci::media_types::OCI_INDEX,
        entries.join(",")
    );
    layout_archive(&blobs, &index, &[])
}

fn layout_archive(blobs: &BTreeMap<String, Vec<u8>>, index: &str, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut members = vec![dir("blobs/"), dir("blobs/sha256/")];
    members.extend(blobs.iter().map(|(hex, data)| file(&format!("blobs/sha256/{hex}"), data)));
    members.push(file("index.json", index.as_bytes()));
    members.push(file("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#));
    members.extend_from_slice(extra);
    tar(&members)
}

/// A multi-platform image: an index of one manifest per architecture (and an attestation-like entry), named `tag`.
fn multi_platform_archive(images: &[(&str, TestImage)], tag: &str) -> Vec<u8> {
    let mut blobs = BTreeMap::new();
    let mut manifests = Vec::new();
    for (arch, image) in images {
        let manifest = oci_manifest(image, Compression::Gzip, &mut blobs);
        let plain = descriptor(oci::media_types::OCI_MANIFEST, &manifest);
        manifests
            .push(format!(r#"{},"platform":{{"architecture":"{arch}","os":"linux"}}}}"#, &plain[..plain.len() - 1]));
    }
    let unknown = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}"#;
    manifests.push(format!(
        r#"{},"platform":{{"architecture":"unknown","os":"unknown"}}}}"#,
        &descriptor(oci::media_types::OCI_MANIFEST, unknown)
            [..descriptor(oci::media_types::OCI_MANIFEST, unknown).len() - 1]
    ));
    let inner = format!(
        r#"{{"schemaVersion":2,"mediaType":"{}","manifests":[{}]}}"#,
        oci::media_types::OCI_INDEX,
        manifests.join(",")
    );
    blobs.insert(Digest::sha256(inner.as_bytes()).hex().to_string(), inner.clone().into_bytes());
    let plain = descriptor(oci::media_types::OCI_INDEX, inner.as_bytes());
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"{}","manifests":[{}{}}}]}}"#,
        oci::media_types::OCI_INDEX,
        &plain[..plain.len() - 1],
        name_annotations(tag)
    );
    layout_archive(&blobs, &index, &[])
}

fn import(archive: &[u8]) -> (ImageStore, ImportSummary) {
    let mut store = ImageStore::new();
    let summary = import_archive(&mut store, archive, &ImportLimits::default()).unwrap_or_else(|e| panic!("{e}"));
    (store, summary)
}

fn diff_ids_of(store: &ImageStore, reference: &str) -> Vec<Digest> {
    store.resolve(reference).unwrap().layers.iter().map(|l| l.diff_id.clone()).collect()
}

// ----- archives that import -----

#[test]
fn a_layerlab_export_imports_with_the_same_ids_and_exports_byte_identical() {
    let mut context = BuildContext::new();
    context
        .add_file(
            "Dockerfile",
            b"FROM alpine\nRUN echo built > /built.txt\nCOPY app.txt /app/\nCMD [\"cat\", \"/app/app.txt\"]\n".to_vec(),
            0o644,
        )
        .unwrap();
    context.add_file("app.txt", b"the app\n".to_vec(), 0o644).unwrap();
    let options = BuildOptions { tags: vec!["lee20h/hello:1.0".into()], ..BuildOptions::default() };
    let mut store = ImageStore::new();
    let mut build = Build::new(context, options).unwrap();
    build.run_to_end(&mut store);
    let Some(Ok(id)) = build.outcome().cloned() else { panic!("the build failed: {:?}", build.outcome()) };
    let built = store.get(&id).unwrap();
    let (tarball, _) = export_bytes(&store, &["lee20h/hello:1.0".to_string()]).unwrap();

    let (imported, summary) = import(&tarball);
    assert_eq!(summary.images.len(), 1);
    assert_eq!(summary.images[0].id, id);
    assert_eq!(summary.images[0].tags, ["lee20h/hello:1.0"]);
    assert_eq!(summary.images[0].layers, built.layers.len());
    let image = imported.resolve("lee20h/hello:1.0").unwrap();
    assert_eq!(image.id, id);
    assert_eq!(image.config_bytes, built.config_bytes);
    assert_eq!(diff_ids_of(&imported, "lee20h/hello:1.0"), diff_ids_of(&store, "lee20h/hello:1.0"));
    assert_eq!(image.fs, built.fs, "the imported tree is the built one");
    let (again, _) = export_bytes(&imported, &["lee20h/hello:1.0".to_string()]).unwrap();
    assert!(again == tarball, "the re-export differs from the export");
}

#[test]
fn the_legacy_layout_of_docker_20_imports() {
    let tagged = two_layer_image(&["lee20h/hello:latest", "hello:1.0"]);
    let untagged = TestImage::new("amd64", vec![base_layer()], &[]);
    let archive = legacy_archive(&[tagged.clone(), untagged.clone()]);
    let (store, summary) = import(&archive);
    assert_eq!(summary.images.len(), 2);
    assert_eq!(summary.images[0].id, tagged.id());
    assert_eq!(summary.images[0].tags, ["lee20h/hello:latest", "hello:1.0"]);
    assert_eq!(summary.images[1].id, untagged.id());
    assert!(summary.images[1].tags.is_empty());
    let image = store.resolve("hello:1.0").unwrap();
    assert_eq!(&image.config_bytes[..], &tagged.config[..], "config bytes kept as they were");
    assert_eq!(diff_ids_of(&store, "hello:1.0"), tagged.diff_ids());
    assert_eq!(store.resolve(untagged.id().as_str()).unwrap().layers.len(), 1);
    // The tree: the second layer's whiteout removed the symlink, its file is there.
    assert_eq!(&image.fs.read("/etc/motd").unwrap()[..], b"second layer\n");
    assert_eq!(&image.fs.read("/etc/hello").unwrap()[..], b"hello from an imported layer\n");
    assert!(image.fs.lstat("/etc/greeting").is_err());
    // Changes are what each layer tar contains.
    let changes: Vec<(ChangeKind, &str)> = image.layers[1].changes.iter().map(|c| (c.kind, c.path.as_str())).collect();
    assert_eq!(
        changes,
        [
            (ChangeKind::Modified, "/etc"),
            (ChangeKind::Deleted, "/etc/greeting"),
            (ChangeKind::Added, "/etc/motd"),
            (ChangeKind::Added, "/srv")
        ]
    );
    // Layers are kept byte for byte.
    assert_eq!(image.layers[0].tar_bytes(), base_layer());
}

#[test]
fn oci_layouts_with_gzip_and_zstd_layers_import() {
    for compression in [Compression::None, Compression::Gzip, Compression::Zstd] {
        let image = two_layer_image(&["hello:oci"]);
        let archive = oci_archive(std::slice::from_ref(&image), compression);
        let (store, summary) = import(&archive);
        assert_eq!(summary.images[0].id, image.id());
        assert_eq!(summary.images[0].tags, ["hello:oci"]);
        assert_eq!(diff_ids_of(&store, "hello:oci"), image.diff_ids());
        let stored = store.resolve("hello:oci").unwrap();
        assert_eq!(stored.layers[1].tar_bytes(), second_layer(), "uncompressed bytes kept");
        assert_eq!(&stored.fs.read("/hello").unwrap()[..], b"#!/bin/sh\necho hi\n");
    }
}

#[test]
fn a_multi_platform_index_gives_the_asked_architecture() {
    let amd = TestImage::new("amd64", vec![base_layer()], &[]);
    let arm = TestImage::new("arm64", vec![second_layer()], &[]);
    let archive = multi_platform_archive(&[("amd64", amd.clone()), ("arm64", arm.clone())], "multi:1");
    let (_, summary) = import(&archive);
    assert_eq!((summary.images[0].id.clone(), summary.images[0].tags.clone()), (amd.id(), vec!["multi:1".into()]));
    let mut store = ImageStore::new();
    let limits = ImportLimits { arch: Arch::Arm64, ..ImportLimits::default() };
    let summary = import_archive(&mut store, &archive, &limits).unwrap();
    assert_eq!(summary.images[0].id, arm.id());
    let only_amd = multi_platform_archive(&[("amd64", amd)], "multi:1");
    let error = import_archive(&mut store, &only_amd, &limits).unwrap_err().to_string();
    assert!(error.starts_with("index.json: manifests[0] (multi:1): the image index sha256:"), "{error}");
    assert!(error.ends_with("has no linux/arm64 image (it has: linux/amd64, unknown/unknown)"), "{error}");
}

/// FROM an imported image, then COPY: the exported image starts with the imported layers, unchanged.
fn build_on(store: &mut ImageStore, base: &str, tag: &str) -> Digest {
    let mut context = BuildContext::new();
    let dockerfile = format!("FROM {base}\nCOPY added.txt /srv/added.txt\n");
    context.add_file("Dockerfile", dockerfile.into_bytes(), 0o644).unwrap();
    context.add_file("added.txt", b"added by layerlab\n".to_vec(), 0o644).unwrap();
    let options = BuildOptions { tags: vec![tag.into()], ..BuildOptions::default() };
    let mut build = Build::new(context, options).unwrap();
    build.run_to_end(store);
    match build.outcome() {
        Some(Ok(id)) => id.clone(),
        other => panic!("the build on {base} failed: {other:?}\n{:?}", build.events()),
    }
}

#[test]
fn a_build_from_an_imported_image_keeps_its_layers() {
    let image = two_layer_image(&["imported:base"]);
    let (mut store, _) = import(&legacy_archive(std::slice::from_ref(&image)));
    let id = build_on(&mut store, "imported:base", "on-top:1");
    let built = store.get(&id).unwrap();
    assert_eq!(&built.fs.read("/srv/added.txt").unwrap()[..], b"added by layerlab\n");
    let (tarball, _) = export_bytes(&store, &["on-top:1".to_string()]).unwrap();
    let (reimported, _) = import(&tarball);
    let diff_ids = diff_ids_of(&reimported, "on-top:1");
    assert_eq!(diff_ids.len(), 3);
    assert_eq!(diff_ids[..2], image.diff_ids()[..], "the imported layers come first, unchanged");
    let exported = reimported.resolve("on-top:1").unwrap();
    assert_eq!(exported.layers[0].tar_bytes(), base_layer());
}

#[test]
fn the_cli_loads_tarballs_before_the_build() {
    let dir = std::env::temp_dir().join(format!("layerlab-import-cli-{}", std::process::id()));
    let context = dir.join("context");
    std::fs::create_dir_all(&context).unwrap();
    std::fs::write(context.join("Dockerfile"), "FROM imported:base\nCOPY added.txt /srv/\n").unwrap();
    std::fs::write(context.join("added.txt"), "added\n").unwrap();
    let image = two_layer_image(&["imported:base"]);
    let tagged = dir.join("tagged.tar");
    std::fs::write(&tagged, legacy_archive(std::slice::from_ref(&image))).unwrap();
    let untagged_image = TestImage::new("amd64", vec![second_layer()], &[]);
    let untagged = dir.join("untagged.tar");
    std::fs::write(&untagged, oci_archive(std::slice::from_ref(&untagged_image), Compression::Gzip)).unwrap();
    let export = dir.join("out.tar");
    let (code, out, err) = run_cli(&[
        "build",
        "--load",
        tagged.to_str().unwrap(),
        "--load",
        untagged.to_str().unwrap(),
        "-t",
        "cli:built",
        "--export",
        export.to_str().unwrap(),
        context.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let loaded = format!("Loaded image: imported:base\nLoaded image ID: {}\n", untagged_image.id());
    assert!(out.starts_with(&loaded), "{out}");
    assert!(out.contains("Step 1/2 : FROM imported:base\n"), "{out}");
    let (store, _) = import(&std::fs::read(&export).unwrap());
    assert_eq!(diff_ids_of(&store, "cli:built")[..2], image.diff_ids()[..]);

    let hostile = dir.join("hostile.tar");
    std::fs::write(&hostile, tar(&[file("../evil", b"x")])).unwrap();
    let (code, out, err) = run_cli(&["build", "--load", hostile.to_str().unwrap(), context.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "error: {}: archive member '../evil': the name \"../evil\" climbs out of the archive with '..'\n",
            hostile.display()
        )
    );
    let missing = dir.join("missing.tar");
    let (code, _, err) = run_cli(&["build", "--load", missing.to_str().unwrap(), context.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.starts_with(&format!("error: {}: ", missing.display())), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ----- the hostile corpus -----

/// The limits the corpus is refused under: small, so that a bomb or an entry flood stays a small file.
fn corpus_limits() -> ImportLimits {
    ImportLimits {
        max_archive_entries: 1_000,
        max_metadata_bytes: 64 << 10,
        max_layer_bytes: 16 << 20,
        max_layer_entries: 1_000,
        fs: Limits { max_bytes: 8 << 20, max_nodes: 5_000 },
        ..ImportLimits::default()
    }
}

/// A legacy archive of one image whose only layer is `layer` (the config's diff_id matches it).
fn legacy_with_layer(layer: Vec<u8>) -> Vec<u8> {
    legacy_archive(&[TestImage::new("amd64", vec![layer], &["hostile:latest"])])
}

/// A legacy archive with `extra` members added after the good ones.
fn legacy_plus(extra: &[Vec<u8>]) -> Vec<u8> {
    let mut archive = legacy_archive(&[two_layer_image(&["hostile:latest"])]);
    archive.truncate(archive.len() - 1024);
    for member in extra {
        archive.extend_from_slice(member);
    }
    archive.extend_from_slice(&[0; 1024]);
    archive
}

/// A legacy archive whose `manifest.json` is `manifest` (`{config}` and `{layer}` replaced by the good paths).
fn legacy_manifest(manifest: &str) -> Vec<u8> {
    let image = TestImage::new("amd64", vec![base_layer()], &[]);
    let layer_path = format!("{}/layer.tar", Digest::sha256(b"v1").hex());
    let config_path = format!("{}.json", image.id().hex());
    let manifest = manifest.replace("{config}", &config_path).replace("{layer}", &layer_path);
    tar(&[
        file(&config_path, &image.config),
        file(&layer_path, &image.layers[0]),
        file("manifest.json", manifest.as_bytes()),
    ])
}

/// An OCI layout of one image (uncompressed layers) whose blobs pass through `edit` before the archive is made.
fn oci_edited(edit: impl FnOnce(&TestImage, &mut BTreeMap<String, Vec<u8>>) -> String) -> Vec<u8> {
    let image = TestImage::new("amd64", vec![base_layer()], &["hostile:oci"]);
    let mut blobs = BTreeMap::new();
    let manifest = oci_manifest(&image, Compression::None, &mut blobs);
    let _ = manifest;
    let index = edit(&image, &mut blobs);
    layout_archive(&blobs, &index, &[])
}

fn index_of(manifest_descriptor: &str) -> String {
    format!(r#"{{"schemaVersion":2,"manifests":[{manifest_descriptor}]}}"#)
}

/// Every hostile archive of the corpus, by case name, made the same way every time.
fn hostile_cases() -> Vec<(&'static str, Vec<u8>)> {
    let many_files: Vec<Vec<u8>> = (0..1_001).map(|i| file(&format!("f{i:04}"), b"")).collect();
    let mut truncated = legacy_archive(&[two_layer_image(&["hostile:latest"])]);
    let layer_at = truncated.windows(9).position(|w| w == b"layer.tar").unwrap();
    truncated.truncate(layer_at + 512 + 700);
    vec![
        ("member-dotdot", legacy_plus(&[file("../evil", b"x")])),
        ("member-absolute", legacy_plus(&[file("/etc/passwd", b"x")])),
        ("member-non-utf8", legacy_plus(&[entry(b"caf\xe9.txt", EntryType::Regular, None, b"x")])),
        ("member-duplicate", legacy_plus(&[file("manifest.json", b"[]")])),
        ("member-symlink-escape", legacy_plus(&[symlink("abc/layer.tar", "../../etc/passwd")])),
        ("member-symlink-absolute", legacy_plus(&[symlink("abc/layer.tar", "/etc/passwd")])),
        ("member-hardlink-escape", legacy_plus(&[hardlink("abc/layer.tar", "../etc/shadow")])),
        (
            "member-hardlink-forward",
            legacy_plus(&[hardlink("abc/layer.tar", "zzz/later.tar"), file("zzz/later.tar", b"")]),
        ),
        ("member-device", legacy_plus(&[entry(b"dev/sda", EntryType::Block, None, b"")])),
        ("member-truncated", truncated),
        ("not-an-image", tar(&[file("README", b"just a tarball\n")])),
        (
            "not-a-tar",
            b"PK\x03\x04 this is a zip file, not a tar archive, and docker load would not take it either".repeat(8),
        ),
        ("index-without-layout", tar(&[file("index.json", br#"{"schemaVersion":2,"manifests":[]}"#)])),
        (
            "manifest-outside",
            legacy_manifest(r#"[{"Config":"{config}","RepoTags":null,"Layers":["../../layer.tar"]}]"#),
        ),
        ("manifest-absolute", legacy_manifest(r#"[{"Config":"/etc/passwd","RepoTags":null,"Layers":["{layer}"]}]"#)),
        (
            "manifest-missing-layer",
            legacy_manifest(r#"[{"Config":"{config}","RepoTags":null,"Layers":["0000/layer.tar"]}]"#),
        ),
        (
            "manifest-layer-count",
            legacy_manifest(r#"[{"Config":"{config}","RepoTags":null,"Layers":["{layer}","{layer}"]}]"#),
        ),
        (
            "manifest-bad-tag",
            legacy_manifest(r#"[{"Config":"{config}","RepoTags":["Hostile/UPPER"],"Layers":["{layer}"]}]"#),
        ),
        ("manifest-not-json", legacy_manifest("[{\"Config\":")),
        ("config-digest-mismatch", {
            let image = TestImage::new("amd64", vec![base_layer()], &[]);
            let other = TestImage::new("arm64", vec![base_layer()], &[]);
            let layer_path = format!("{}/layer.tar", Digest::sha256(b"v1").hex());
            let manifest = format!(r#"[{{"Config":"{}.json","Layers":["{layer_path}"]}}]"#, image.id().hex());
            tar(&[
                file(&format!("{}.json", image.id().hex()), &other.config),
                file(&layer_path, &image.layers[0]),
                file("manifest.json", manifest.as_bytes()),
            ])
        }),
        ("diff-id-mismatch", {
            let image = TestImage::new("amd64", vec![base_layer()], &["hostile:latest"]);
            let mut archive = legacy_archive(&[image]);
            let at = archive.windows(12).position(|w| w == b"hello from a").unwrap();
            archive[at] = b'H';
            archive
        }),
        (
            "blob-digest-mismatch",
            oci_edited(|image, blobs| {
                // Same size, one byte changed: only the digest tells.
                if let Some(layer) = blobs.get_mut(image.diff_ids()[0].hex()) {
                    layer[600] ^= 1;
                }
                let manifest = blobs.iter().find(|(_, b)| b.starts_with(b"{\"schemaVersion\"")).unwrap().1.clone();
                index_of(&descriptor(oci::media_types::OCI_MANIFEST, &manifest))
            }),
        ),
        (
            "blob-size-mismatch",
            oci_edited(|_, blobs| {
                let manifest = blobs.iter().find(|(_, b)| b.starts_with(b"{\"schemaVersion\"")).unwrap().1.clone();
                let d = descriptor(oci::media_types::OCI_MANIFEST, &manifest);
                index_of(&d.replace(&format!("\"size\":{}", manifest.len()), "\"size\":7"))
            }),
        ),
        (
            "blob-missing",
            oci_edited(|image, blobs| {
                blobs.remove(image.id().hex());
                let manifest = blobs.iter().find(|(_, b)| b.starts_with(b"{\"schemaVersion\"")).unwrap().1.clone();
                index_of(&descriptor(oci::media_types::OCI_MANIFEST, &manifest))
            }),
        ),
        (
            "index-bad-media-type",
            oci_edited(|_, blobs| {
                let manifest = blobs.iter().find(|(_, b)| b.starts_with(b"{\"schemaVersion\"")).unwrap().1.clone();
                index_of(&descriptor("application/vnd.oci.image.layer.v1.tar", &manifest))
            }),
        ),
        (
            "index-no-platform",
            multi_platform_archive(&[("arm64", TestImage::new("arm64", vec![base_layer()], &[]))], "arm:only"),
        ),
        ("oci-layout-version", {
            let mut archive = oci_archive(&[two_layer_image(&["hostile:oci"])], Compression::None);
            let at = archive.windows(5).position(|w| w == b"1.0.0").unwrap();
            archive[at] = b'2';
            // The member's checksum covers only its header, so the archive still reads.
            archive
        }),
        (
            "gzip-bomb",
            oci_archive(&[TestImage::new("amd64", vec![vec![0; 32 << 20]], &["bomb:gzip"])], Compression::Gzip),
        ),
        (
            "zstd-bomb",
            oci_archive(&[TestImage::new("amd64", vec![vec![0; 32 << 20]], &["bomb:zstd"])], Compression::Zstd),
        ),
        ("gzip-damaged", {
            let image = TestImage::new("amd64", vec![base_layer()], &["damaged:gzip"]);
            let mut blobs = BTreeMap::new();
            let layer = gzip(&image.layers[0]);
            let damaged = layer[..layer.len() / 2].to_vec();
            let manifest = format!(
                r#"{{"schemaVersion":2,"config":{},"layers":[{}]}}"#,
                descriptor(oci::media_types::OCI_CONFIG, &image.config),
                descriptor(oci::media_types::OCI_LAYER_GZIP, &damaged)
            );
            blobs.insert(Digest::sha256(&damaged).hex().to_string(), damaged);
            blobs.insert(image.id().hex().to_string(), image.config.clone());
            blobs.insert(Digest::sha256(manifest.as_bytes()).hex().to_string(), manifest.clone().into_bytes());
            layout_archive(&blobs, &index_of(&descriptor(oci::media_types::OCI_MANIFEST, manifest.as_bytes())), &[])
        }),
        ("layer-dotdot", legacy_with_layer(tar(&[file("../../etc/passwd", b"root::0:0::/:/bin/sh\n")]))),
        ("layer-absolute", legacy_with_layer(tar(&[file("/etc/passwd", b"root::0:0::/:/bin/sh\n")]))),
        ("layer-non-utf8", legacy_with_layer(tar(&[entry(b"etc/caf\xe9", EntryType::Regular, None, b"x")]))),
        ("layer-duplicate", legacy_with_layer(tar(&[file("etc/passwd", b"one"), file("etc/passwd", b"two")]))),
        (
            "layer-symlink-escape",
            legacy_with_layer(tar(&[symlink("escape", "../../../../etc"), file("escape/passwd", b"x")])),
        ),
        ("layer-hardlink-escape", legacy_with_layer(tar(&[hardlink("shadow", "../../etc/shadow")]))),
        ("layer-hardlink-forward", legacy_with_layer(tar(&[hardlink("early", "late"), file("late", b"x")]))),
        (
            "layer-too-many-entries",
            oci_archive(&[TestImage::new("amd64", vec![tar(&many_files)], &["flood:layer"])], Compression::Gzip),
        ),
        (
            "layer-too-big-for-the-tree",
            oci_archive(
                &[TestImage::new("amd64", vec![tar(&[file("big", &vec![7; 12 << 20])])], &["big:file"])],
                Compression::Zstd,
            ),
        ),
    ]
}

/// The store a hostile import is tried on: one good image already in it, which must stay as it was.
fn store_with_one_image() -> ImageStore {
    let (store, _) = import(&legacy_archive(&[two_layer_image(&["already:here"])]));
    store
}

fn store_state(store: &ImageStore) -> (Vec<Digest>, Vec<(String, Digest)>) {
    (store.images().map(|i| i.id.clone()).collect(), store.tags().map(|(t, d)| (t.to_string(), d.clone())).collect())
}

#[test]
fn hostile_archives_are_refused_with_their_own_message_and_change_nothing() {
    let dir = data_dir().join("hostile");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let cases = hostile_cases();
    let mut failures = Vec::new();
    let mut messages: BTreeMap<String, &str> = BTreeMap::new();
    for (name, generated) in &cases {
        let path = dir.join(format!("{name}.tar"));
        if update {
            std::fs::write(&path, generated).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        if &committed != generated {
            failures.push(format!("{}: differs from its generator (run with UPDATE_EXPECT=1)", path.display()));
            continue;
        }
        let mut store = store_with_one_image();
        let before = store_state(&store);
        let message = match import_archive(&mut store, &committed, &corpus_limits()) {
            Ok(summary) => {
                failures.push(format!("{name}: was imported: {summary:?}"));
                continue;
            }
            Err(error) => error.to_string(),
        };
        assert_eq!(store_state(&store), before, "{name}: the store changed");
        if let Some(other) = messages.insert(message.clone(), name) {
            failures.push(format!("{name} and {other} give the same message: {message}"));
        }
        if let Some(diff) = layerlab_tests::check_golden(&path.with_extension("expected"), &format!("{message}\n")) {
            failures.push(diff);
        }
    }
    // No file in the corpus without a case (a renamed case leaves its old files behind).
    let known: Vec<String> = cases.iter().flat_map(|(n, _)| [format!("{n}.tar"), format!("{n}.expected")]).collect();
    for file in std::fs::read_dir(&dir).unwrap() {
        let file = file.unwrap().file_name().to_string_lossy().into_owned();
        if !known.contains(&file) {
            failures.push(format!("tests/data/hostile/{file} belongs to no case"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_hundred_thousand_members_are_refused_quickly_under_the_default_limits() {
    let mut archive = Vec::with_capacity(100_001 * 512);
    let one = file("x", b"");
    for i in 0..100_000u32 {
        let mut member = one.clone();
        let name = format!("f{i:06}");
        member[..name.len()].copy_from_slice(name.as_bytes());
        let mut header = Header::from_byte_slice(&member[..512]).clone();
        header.set_cksum();
        member[..512].copy_from_slice(header.as_bytes());
        archive.extend(member);
    }
    archive.extend_from_slice(&[0; 1024]);
    let mut store = ImageStore::new();
    let started = std::time::Instant::now();
    let error = import_archive(&mut store, &archive, &ImportLimits::default()).unwrap_err();
    assert_eq!(error.to_string(), "the archive has more than 10000 members (layerlab limit)");
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
    assert_eq!(store.images().count(), 0);
}

#[test]
fn a_hundred_thousand_entry_layer_stops_at_the_tree_limit() {
    let files: Vec<Vec<u8>> = (0..100_000).map(|i| file(&format!("d{}/f{i}", i % 100), b"")).collect();
    let archive = oci_archive(&[TestImage::new("amd64", vec![tar(&files)], &["flood:big"])], Compression::None);
    let limits = ImportLimits { fs: Limits { max_nodes: 50_000, ..Limits::DEFAULT }, ..ImportLimits::default() };
    let mut store = ImageStore::new();
    let started = std::time::Instant::now();
    let error = import_archive(&mut store, &archive, &limits).unwrap_err().to_string();
    assert!(error.starts_with("index.json: manifests[0] (flood:big): manifest sha256:"), "{error}");
    assert!(
        error.contains("layer tar entry 'd")
            && error.ends_with("No space left on device (layerlab limit: 50000 files and directories)"),
        "{error}"
    );
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
    assert_eq!(store.images().count(), 0);
}

// ----- a real Docker engine -----

fn docker(host: &str, args: &[&str]) -> String {
    let output = Command::new("docker").arg("--host").arg(host).args(args).output().unwrap();
    assert!(output.status.success(), "docker {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn docker_with_env(host: &str, env: &[(&str, &str)], args: &[&str]) -> String {
    let output = Command::new("docker").arg("--host").arg(host).envs(env.iter().copied()).args(args).output().unwrap();
    assert!(output.status.success(), "docker {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn inspect(host: &str, reference: &str) -> serde_json::Value {
    let text = docker(host, &["image", "inspect", reference]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value[0].clone()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlab-import-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn docker_save_of_a_loaded_layerlab_export_imports_with_the_same_ids() {
    let Some(host) = layerlab_tests::docker_host() else { return };
    let dir = temp_dir("engine-roundtrip");
    let mut store = ImageStore::new();
    let image = two_layer_image(&["layerlab-import/base:1"]);
    import_archive(&mut store, &legacy_archive(std::slice::from_ref(&image)), &ImportLimits::default()).unwrap();
    let id = build_on(&mut store, "layerlab-import/base:1", "layerlab-import/saved:1");
    let (tarball, _) = export_bytes(&store, &["layerlab-import/saved:1".to_string()]).unwrap();
    let exported = dir.join("export.tar");
    std::fs::write(&exported, tarball).unwrap();
    docker(&host, &["load", "-i", exported.to_str().unwrap()]);
    let saved = dir.join("saved.tar");
    docker(&host, &["save", "-o", saved.to_str().unwrap(), "layerlab-import/saved:1"]);
    let (imported, summary) = import(&std::fs::read(&saved).unwrap());
    assert_eq!(summary.images.len(), 1);
    assert_eq!(summary.images[0].id, id, "docker save keeps the config bytes");
    assert_eq!(summary.images[0].tags, ["layerlab-import/saved:1"]);
    assert_eq!(diff_ids_of(&imported, "layerlab-import/saved:1"), diff_ids_of(&store, "layerlab-import/saved:1"));
    let shown = inspect(&host, "layerlab-import/saved:1");
    assert_eq!(shown["Id"], id.to_string());
    docker(&host, &["image", "rm", "layerlab-import/saved:1"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_image_docker_built_imports_and_a_layerlab_build_on_it_loads_back() {
    let Some(host) = layerlab_tests::docker_host() else { return };
    let dir = temp_dir("engine-built");
    let context = dir.join("context");
    std::fs::create_dir_all(&context).unwrap();
    std::fs::write(context.join("Dockerfile"), "FROM scratch\nCOPY hello.txt /etc/hello\nCOPY hello.txt /hello\n")
        .unwrap();
    std::fs::write(context.join("hello.txt"), "hello from the engine\n").unwrap();
    let tag = "layerlab-import/engine-built:1";
    docker_with_env(&host, &[("DOCKER_BUILDKIT", "0")], &["build", "-q", "-t", tag, context.to_str().unwrap()]);
    let engine = inspect(&host, tag);
    let saved = dir.join("engine.tar");
    docker(&host, &["save", "-o", saved.to_str().unwrap(), tag]);
    let (mut store, summary) = import(&std::fs::read(&saved).unwrap());
    assert_eq!(summary.images[0].tags, [tag]);
    assert_eq!(summary.images[0].id.to_string(), engine["Id"].as_str().unwrap());
    let layers: Vec<String> = diff_ids_of(&store, tag).iter().map(|d| d.to_string()).collect();
    assert_eq!(serde_json::json!(layers), engine["RootFS"]["Layers"]);
    let on_top = "layerlab-import/on-engine-built:1";
    build_on(&mut store, tag, on_top);
    let (tarball, _) = export_bytes(&store, &[on_top.to_string()]).unwrap();
    let exported = dir.join("on-top.tar");
    std::fs::write(&exported, tarball).unwrap();
    docker(&host, &["image", "rm", tag]);
    docker(&host, &["load", "-i", exported.to_str().unwrap()]);
    let loaded = inspect(&host, on_top);
    assert_eq!(loaded["RootFS"]["Layers"][0], engine["RootFS"]["Layers"][0], "the first layer's diff_id is unchanged");
    assert_eq!(loaded["RootFS"]["Layers"][1], engine["RootFS"]["Layers"][1]);
    docker(&host, &["image", "rm", on_top]);
    let _ = std::fs::remove_dir_all(&dir);
}
