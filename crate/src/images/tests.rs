//! Tests of the catalog and the package indexes: every image builds soundly for both architectures, looks like the
//! real one where students can see it, and its package databases agree with its files.

use super::packages::{
    self, apk_index, apk_index_cache, apt_index, apt_lists, installed_packages, npm_registry, pip_index, resolve,
    resolve_with_recommends, InstallDirs, Manager, Package, PackageIndex, SIZE_SCALE,
};
use super::tree::{normalize, parent};
use super::*;
use std::collections::{BTreeMap, BTreeSet};

/// One reference per catalog image (its first tag).
fn every_reference() -> Vec<String> {
    list()
        .iter()
        .map(|s| match s.tags.first() {
            Some(tag) => format!("{}:{tag}", s.repository),
            None => s.repository.to_string(),
        })
        .collect()
}

fn image(reference: &str, arch: Arch) -> CatalogImage {
    lookup(reference, arch).unwrap_or_else(|| panic!("{reference} is not in the catalog"))
}

/// The image's file tree after applying every layer.
fn merged(image: &CatalogImage) -> BTreeMap<String, FileSpec> {
    let mut tree = BTreeMap::new();
    for layer in &image.layers {
        for spec in &layer.files {
            tree.insert(spec.path().to_string(), spec.clone());
        }
    }
    tree
}

/// Follows symbolic links (in any component) like the kernel would; None when the path does not resolve.
fn resolve_path<'t>(tree: &'t BTreeMap<String, FileSpec>, path: &str) -> Option<&'t FileSpec> {
    let mut pending: Vec<String> =
        normalize(path).split('/').filter(|p| !p.is_empty()).map(str::to_string).rev().collect();
    let mut current = String::new();
    let mut hops = 0;
    while let Some(part) = pending.pop() {
        let candidate = format!("{current}/{part}");
        match tree.get(&candidate) {
            Some(FileSpec::Symlink { target, .. }) => {
                hops += 1;
                if hops > 40 {
                    return None;
                }
                let base = if target.starts_with('/') { String::new() } else { current.clone() };
                let joined = normalize(&format!("{base}/{target}"));
                for p in joined.split('/').filter(|p| !p.is_empty()).rev() {
                    pending.push(p.to_string());
                }
                current = String::new();
            }
            Some(_) => current = candidate,
            None => return None,
        }
    }
    tree.get(&current)
}

fn content<'t>(tree: &'t BTreeMap<String, FileSpec>, path: &str) -> &'t [u8] {
    match resolve_path(tree, path) {
        Some(FileSpec::File { content, .. }) => content,
        other => panic!("{path} is not a file: {other:?}"),
    }
}

fn text(tree: &BTreeMap<String, FileSpec>, path: &str) -> String {
    String::from_utf8_lossy(content(tree, path)).into_owned()
}

#[test]
fn every_entry_builds_for_both_arches_with_sound_layers() {
    for reference in every_reference() {
        for arch in Arch::ALL {
            let image = image(&reference, arch);
            assert_eq!(image.arch, arch);
            let mut kinds: BTreeMap<String, &FileSpec> = BTreeMap::new();
            for (number, layer) in image.layers.iter().enumerate() {
                let mut seen = BTreeSet::new();
                for spec in &layer.files {
                    let path = spec.path();
                    let context = format!("{reference} {arch} layer {number}: {path}");
                    assert!(path.starts_with('/') && path != "/", "{context}: not absolute");
                    assert_eq!(normalize(path), path, "{context}: not normalised");
                    assert!(!path.contains('{') && !path.contains('}'), "{context}: unexpanded placeholder");
                    assert!(seen.insert(path), "{context}: duplicate in the layer");
                    let dir = parent(path).unwrap_or("/");
                    if dir != "/" {
                        assert!(
                            matches!(kinds.get(dir), Some(FileSpec::Dir { .. })),
                            "{context}: parent {dir} is not a directory before it"
                        );
                    }
                    if let FileSpec::Symlink { target, .. } = spec {
                        assert!(!target.is_empty(), "{context}: empty symlink");
                    }
                    kinds.insert(path.to_string(), spec);
                }
            }
            let non_empty: Vec<&HistorySpec> = image.history.iter().filter(|h| !h.empty_layer).collect();
            assert_eq!(non_empty.len(), image.layers.len(), "{reference}: history and layers disagree");
            for (history, layer) in non_empty.iter().zip(&image.layers) {
                assert_eq!(history.created_by, layer.created_by, "{reference}");
            }
        }
    }
}

#[test]
fn layer_counts_follow_the_real_images() {
    let expected = [
        ("scratch", 0),
        ("alpine", 1),
        ("busybox", 1),
        ("ubuntu:20.04", 1),
        ("ubuntu:22.04", 1),
        ("ubuntu", 1),
        ("debian:bookworm-slim", 1),
        ("node:14", 9),
        ("node:14-alpine", 4),
        ("node:20", 8),
        ("node:20-alpine", 4),
        ("nginx", 7),
        ("nginx:alpine", 8),
        ("python:3.12-slim", 4),
    ];
    for (reference, layers) in expected {
        assert_eq!(image(reference, Arch::Amd64).layers.len(), layers, "{reference}");
    }
}

#[test]
fn lookups_normalise_references_like_docker() {
    let found = [
        ("alpine", "alpine", "latest"),
        ("alpine:3.20", "alpine", "3.20"),
        ("library/alpine", "alpine", "latest"),
        ("docker.io/library/alpine:latest", "alpine", "latest"),
        ("index.docker.io/library/node:14-alpine", "node", "14-alpine"),
        ("docker.io/node:20", "node", "20"),
        ("  ubuntu  ", "ubuntu", "latest"),
        ("ubuntu:jammy", "ubuntu", "jammy"),
        ("nginx:alpine", "nginx", "alpine"),
        ("python:3.12-slim", "python", "3.12-slim"),
        ("scratch", "scratch", ""),
    ];
    for (reference, repository, tag) in found {
        let image = image(reference, Arch::Amd64);
        assert_eq!((image.repository, image.tag), (repository, tag), "{reference}");
    }
    assert_eq!(image("ubuntu", Arch::Amd64).distro, Some(Distro::Noble));
    assert_eq!(image("node:14-alpine", Arch::Arm64).distro, Some(Distro::Alpine317));
    assert_eq!(image("alpine", Arch::Amd64).reference(), "alpine:latest");
    let missing = [
        "",
        "alpine:edge",
        "alpine:3.19",
        "foo",
        "myorg/alpine",
        "ghcr.io/library/alpine",
        "localhost:5000/alpine",
        "ALPINE",
        "alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d",
        "scratch:latest",
        "docker.io/library/scratch",
        "node:16",
        "alpine:",
        "alpine:la/test",
    ];
    for reference in missing {
        assert!(lookup(reference, Arch::Amd64).is_none(), "{reference} should not be in the catalog");
    }
}

#[test]
fn defaults_match_the_real_images() {
    let strings = |list: &[&str]| Some(list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    type Check<'a> = (&'a str, Option<&'a [&'a str]>, &'a [&'a str]);
    let checks: &[Check] = &[
        ("alpine", None, &["/bin/sh"]),
        ("busybox", None, &["sh"]),
        ("ubuntu:22.04", None, &["/bin/bash"]),
        ("debian:bookworm-slim", None, &["bash"]),
        ("node:14", Some(&["docker-entrypoint.sh"]), &["node"]),
        ("node:20-alpine", Some(&["docker-entrypoint.sh"]), &["node"]),
        ("nginx", Some(&["/docker-entrypoint.sh"]), &["nginx", "-g", "daemon off;"]),
        ("nginx:alpine", Some(&["/docker-entrypoint.sh"]), &["nginx", "-g", "daemon off;"]),
        ("python:3.12-slim", None, &["python3"]),
    ];
    for (reference, entrypoint, cmd) in checks {
        let defaults = image(reference, Arch::Amd64).defaults;
        assert_eq!(defaults.entrypoint, entrypoint.map(|e| e.iter().map(|s| s.to_string()).collect()), "{reference}");
        assert_eq!(defaults.cmd, strings(cmd), "{reference}");
        assert_eq!(defaults.labels.get(SIMULATED_LABEL).map(String::as_str), Some("true"), "{reference}");
        assert!(defaults.env_var("PATH").is_some_and(|p| p.contains("/usr/local/bin")), "{reference}");
    }
    let standard = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    assert_eq!(image("alpine", Arch::Amd64).defaults.env_var("PATH"), Some(standard));
    let ubuntu = image("ubuntu:22.04", Arch::Amd64).defaults;
    assert_eq!(ubuntu.labels.get("org.opencontainers.image.ref.name").map(String::as_str), Some("ubuntu"));
    assert_eq!(ubuntu.labels.get("org.opencontainers.image.version").map(String::as_str), Some("22.04"));
    let node = image("node:14", Arch::Amd64).defaults;
    assert_eq!(node.env_var("NODE_VERSION"), Some("14.21.3"));
    assert_eq!(node.env_var("YARN_VERSION"), Some("1.22.19"));
    assert_eq!(image("node:20", Arch::Amd64).defaults.env_var("NODE_VERSION"), Some("20.18.0"));
    let nginx = image("nginx", Arch::Amd64).defaults;
    assert_eq!(nginx.exposed_ports, vec!["80/tcp".to_string()]);
    assert_eq!(nginx.stop_signal.as_deref(), Some("SIGQUIT"));
    assert_eq!(nginx.env_var("NGINX_VERSION"), Some("1.27.2"));
    assert!(nginx.labels.contains_key("maintainer"));
    let python = image("python:3.12-slim", Arch::Amd64).defaults;
    assert_eq!(python.env_var("LANG"), Some("C.UTF-8"));
    assert_eq!(python.env_var("PYTHON_VERSION"), Some("3.12.7"));
    assert!(python.env_var("PATH").is_some_and(|p| p.starts_with("/usr/local/bin:")));
    let scratch = image("scratch", Arch::Amd64);
    assert!(scratch.layers.is_empty() && scratch.history.is_empty() && scratch.defaults.cmd.is_none());
}

#[test]
fn histories_read_like_the_real_ones() {
    let alpine = image("alpine", Arch::Arm64);
    let history: Vec<&str> = alpine.history.iter().map(|h| h.created_by.as_str()).collect();
    assert_eq!(history, ["ADD alpine-minirootfs-3.20.3-aarch64.tar.gz / # buildkit", "CMD [\"/bin/sh\"]"]);
    assert!(alpine.history.get(1).is_some_and(|h| h.empty_layer));
    let nginx = image("nginx", Arch::Amd64);
    let last = nginx.history.last().map(|h| h.created_by.as_str());
    assert_eq!(last, Some("CMD [\"nginx\" \"-g\" \"daemon off;\"]"));
    assert!(nginx.history.iter().any(|h| h.created_by == "EXPOSE map[80/tcp:{}]" && h.empty_layer));
    let ubuntu = image("ubuntu:20.04", Arch::Amd64);
    assert!(ubuntu.history.iter().any(|h| h.created_by.contains("LABEL org.opencontainers.image.version=20.04")));
    let debian = image("debian:bookworm-slim", Arch::Arm64);
    assert_eq!(debian.history.len(), 1);
    assert!(debian.history.first().is_some_and(|h| h.created_by.contains("--arch 'arm64'")));
    let node = image("node:14", Arch::Amd64);
    assert!(node.history.iter().any(|h| h.created_by == "/bin/sh -c #(nop)  ENV NODE_VERSION=14.21.3"));
    // The bullseye buildpack-deps gpg check changes nothing and still makes a layer.
    assert!(node.layers.iter().any(|l| l.files.is_empty()));
}

#[test]
fn building_an_entry_twice_gives_identical_specs() {
    for reference in every_reference() {
        for arch in Arch::ALL {
            assert_eq!(lookup(&reference, arch), lookup(&reference, arch), "{reference}");
        }
    }
    assert_eq!(apt_lists(Distro::Jammy, Arch::Amd64), apt_lists(Distro::Jammy, Arch::Amd64));
    assert_eq!(npm_registry(Arch::Amd64), npm_registry(Arch::Amd64));
}

#[test]
fn architectures_differ_only_in_their_facts() {
    for reference in every_reference() {
        let amd = image(&reference, Arch::Amd64);
        let arm = image(&reference, Arch::Arm64);
        assert_eq!(amd.layers.len(), arm.layers.len(), "{reference}");
        assert_eq!(amd.defaults, arm.defaults, "{reference}");
        for (a, b) in amd.layers.iter().zip(&arm.layers) {
            let difference = a.files.len().abs_diff(b.files.len());
            assert!(difference <= 2, "{reference}: {} vs {} entries", a.files.len(), b.files.len());
        }
    }
    let alpine_amd = merged(&image("alpine", Arch::Amd64));
    let alpine_arm = merged(&image("alpine", Arch::Arm64));
    assert_eq!(text(&alpine_amd, "/etc/apk/arch"), "x86_64\n");
    assert_eq!(text(&alpine_arm, "/etc/apk/arch"), "aarch64\n");
    assert!(text(&alpine_arm, "/lib/apk/db/installed").contains("A:aarch64\n"));
    let debian_arm = merged(&image("debian:bookworm-slim", Arch::Arm64));
    let status = text(&debian_arm, "/var/lib/dpkg/status");
    assert!(status.contains("Architecture: arm64\n") && !status.contains("Architecture: amd64"));
    assert!(status.contains("Architecture: all\n"));
    let ubuntu_arm = merged(&image("ubuntu:22.04", Arch::Arm64));
    assert!(text(&ubuntu_arm, "/etc/apt/sources.list").contains("ports.ubuntu.com/ubuntu-ports"));
}

#[test]
fn every_image_is_labelled_as_simulated_in_its_files() {
    for reference in every_reference().into_iter().filter(|r| r != "scratch") {
        let tree = merged(&image(&reference, Arch::Amd64));
        let os_release = text(&tree, "/etc/os-release");
        assert!(os_release.contains("LAYERLAB_NOTE=\"simulated by layerlab: files are placeholders\""), "{reference}");
        assert_eq!(Distro::from_os_release(&os_release), image(&reference, Arch::Amd64).distro, "{reference}");
    }
    let alpine = merged(&image("alpine", Arch::Amd64));
    assert!(text(&alpine, "/etc/os-release").contains("NAME=\"Alpine Linux\""));
    assert_eq!(text(&alpine, "/etc/alpine-release"), "3.20.3\n");
    let jammy = merged(&image("ubuntu:22.04", Arch::Amd64));
    assert!(text(&jammy, "/etc/os-release").contains("VERSION=\"22.04.5 LTS (Jammy Jellyfish)\""));
    assert_eq!(text(&jammy, "/etc/debian_version"), "bookworm/sid\n");
    for distro in Distro::ALL {
        assert_eq!(Distro::from_os_release(&distro.os_release()), Some(distro));
    }
}

#[test]
fn executables_follow_the_convention() {
    for reference in every_reference().into_iter().filter(|r| r != "scratch") {
        let tree = merged(&image(&reference, Arch::Amd64));
        assert_eq!(content(&tree, "/bin/busybox"), b"#!/layerlab/applet busybox\n", "{reference}");
        assert_eq!(content(&tree, "/bin/sh"), b"#!/layerlab/applet busybox\n", "{reference}");
        for (path, spec) in &tree {
            if let FileSpec::File { mode, content, .. } = spec {
                let in_bin = path.contains("/bin/") || path.contains("/sbin/");
                if in_bin && mode & 0o111 != 0 {
                    assert!(content.starts_with(b"#!"), "{reference}: {path} is executable but not a script");
                }
                if content.starts_with(b"#!/layerlab/applet ") {
                    assert_eq!(mode & 0o755, 0o755, "{reference}: {path}");
                    assert!(content.ends_with(b"\n") && content.len() < 64, "{reference}: {path}");
                }
            }
        }
    }
    let alpine = merged(&image("alpine", Arch::Amd64));
    assert_eq!(content(&alpine, "/sbin/apk"), b"#!/layerlab/applet apk\n");
    assert_eq!(content(&alpine, "/usr/bin/wc"), b"#!/layerlab/applet busybox\n");
    assert!(resolve_path(&alpine, "/usr/bin/git").is_none());
    for reference in ["debian:bookworm-slim", "ubuntu", "ubuntu:20.04"] {
        let tree = merged(&image(reference, Arch::Amd64));
        assert_eq!(content(&tree, "/usr/bin/apt-get"), b"#!/layerlab/applet apt-get\n", "{reference}");
        assert_eq!(content(&tree, "/usr/bin/apt"), b"#!/layerlab/applet apt\n", "{reference}");
        assert_eq!(content(&tree, "/usr/bin/dpkg"), b"#!/layerlab/applet dpkg\n", "{reference}");
        assert_eq!(content(&tree, "/bin/bash"), b"#!/layerlab/applet busybox\n", "{reference}");
        assert_eq!(content(&tree, "/bin/ls"), b"#!/layerlab/applet busybox\n", "{reference}");
        assert!(matches!(tree.get("/usr/bin/passwd"), Some(FileSpec::File { mode: 0o4755, .. })), "{reference}");
    }
    for (reference, version) in [("node:14", "v14.21.3"), ("node:14-alpine", "v14.21.3"), ("node:20", "v20.18.0")] {
        let tree = merged(&image(reference, Arch::Arm64));
        let node = text(&tree, "/usr/local/bin/node");
        assert!(node.starts_with("#!/bin/sh\n") && node.contains(&format!("echo '{version}'")), "{reference}");
        assert!(node.contains("node: simulated by layerlab \u{2014} this image was built in a playground"));
        assert_eq!(content(&tree, "/usr/local/bin/npm"), b"#!/layerlab/applet npm\n", "{reference}");
        assert!(text(&tree, "/usr/local/bin/docker-entrypoint.sh").contains("exec \"$@\""), "{reference}");
        assert!(text(&tree, "/usr/local/bin/yarn").starts_with("#!/bin/sh"), "{reference}");
        assert!(text(&tree, "/etc/passwd").contains("node:x:1000:1000:"), "{reference}");
        assert!(matches!(tree.get("/home/node"), Some(FileSpec::Dir { uid: 1000, gid: 1000, .. })), "{reference}");
    }
    for reference in ["nginx", "nginx:alpine"] {
        let tree = merged(&image(reference, Arch::Amd64));
        assert!(text(&tree, "/usr/share/nginx/html/index.html").contains("<h1>Welcome to nginx!</h1>"));
        assert!(text(&tree, "/etc/nginx/nginx.conf").contains("include /etc/nginx/conf.d/*.conf;"));
        assert!(text(&tree, "/usr/sbin/nginx").contains("nginx version: nginx/1.27.2"), "{reference}");
        assert!(text(&tree, "/docker-entrypoint.sh").contains("Configuration complete; ready for start up"));
        let log = tree.get("/var/log/nginx/access.log");
        assert!(matches!(log, Some(FileSpec::Symlink { target, .. }) if target == "/dev/stdout"), "{reference}");
        assert!(text(&tree, "/etc/passwd").contains("nginx:x:101:101:"), "{reference}");
    }
    let python = merged(&image("python:3.12-slim", Arch::Amd64));
    assert!(text(&python, "/usr/local/bin/python3").contains("echo 'Python 3.12.7'"));
    assert!(text(&python, "/usr/local/bin/python").contains("echo 'Python 3.12.7'"));
    assert_eq!(content(&python, "/usr/local/bin/pip"), b"#!/layerlab/applet pip3\n");
    assert!(
        text(&python, "/usr/local/lib/python3.12/site-packages/pip-24.2.dist-info/METADATA").contains("Version: 24.2")
    );
}

#[test]
fn account_files_have_real_owners_and_modes() {
    for reference in every_reference().into_iter().filter(|r| r != "scratch") {
        let tree = merged(&image(&reference, Arch::Amd64));
        assert!(text(&tree, "/etc/passwd").starts_with("root:x:0:0:root:/root:"), "{reference}");
        assert!(text(&tree, "/etc/group").starts_with("root:x:0:"), "{reference}");
        match tree.get("/etc/shadow") {
            Some(FileSpec::File { mode, uid: 0, content, .. }) => {
                assert_eq!(mode & 0o007, 0, "{reference}: /etc/shadow readable by others");
                assert!(content.starts_with(b"root:*:"), "{reference}");
            }
            other => panic!("{reference}: /etc/shadow {other:?}"),
        }
        assert!(matches!(tree.get("/root"), Some(FileSpec::Dir { mode: 0o700, .. })), "{reference}");
        assert!(matches!(resolve_path(&tree, "/tmp"), Some(FileSpec::Dir { mode: 0o1777, .. })), "{reference}");
    }
    let noble = merged(&image("ubuntu:24.04", Arch::Amd64));
    assert!(text(&noble, "/etc/passwd").contains("ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash"));
    assert!(text(&noble, "/etc/passwd").contains("_apt:x:42:65534"));
    assert!(text(&merged(&image("ubuntu:22.04", Arch::Amd64)), "/etc/passwd").contains("_apt:x:100:65534"));
}

/// Packages of an image's index (and nginx.org's, for the nginx images) keyed by name.
fn database_names(image: &CatalogImage, tree: &BTreeMap<String, FileSpec>) -> Vec<(String, String)> {
    let path = if image.os_family == OsFamily::Alpine { "/lib/apk/db/installed" } else { "/var/lib/dpkg/status" };
    installed_packages(&text(tree, path))
}

fn index_for(image: &CatalogImage) -> Option<PackageIndex> {
    let distro = image.distro?;
    Some(match image.os_family {
        OsFamily::Alpine => apk_index(distro, image.arch),
        _ => apt_index(distro, image.arch),
    })
}

#[test]
fn package_databases_list_exactly_the_packages_whose_files_are_present() {
    for reference in every_reference() {
        for arch in Arch::ALL {
            let image = image(&reference, arch);
            let Some(index) = index_for(&image) else { continue };
            let tree = merged(&image);
            let listed = database_names(&image, &tree);
            let names: BTreeSet<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names.len(), listed.len(), "{reference}: a package is listed twice");
            for package in index.packages() {
                // The nginx images install nginx.org's packages of the same names instead of the archive's.
                if image.repository == "nginx" && package.name.starts_with("nginx") {
                    continue;
                }
                let files: Vec<FileSpec> = package
                    .entries(&InstallDirs::default(), false)
                    .into_values()
                    .filter(|spec| !matches!(spec, FileSpec::Dir { .. }))
                    .collect();
                if files.is_empty() {
                    continue;
                }
                let present = files.iter().all(|spec| tree.get(spec.path()) == Some(spec));
                assert_eq!(
                    present,
                    names.contains(package.name.as_str()),
                    "{reference} {arch}: {} files present = {present}, listed = {}",
                    package.name,
                    !present
                );
            }
            for (name, version) in &listed {
                if name.starts_with("nginx") {
                    continue;
                }
                let package = index.get(name).unwrap_or_else(|| panic!("{reference}: {name} is not in the index"));
                assert_eq!(&package.version, version, "{reference}: {name}");
            }
            if image.os_family != OsFamily::Alpine {
                for (name, _) in &listed {
                    assert!(tree.contains_key(&format!("/var/lib/dpkg/info/{name}.list")), "{reference}: {name}.list");
                }
            }
        }
    }
}

#[test]
fn base_package_sets_are_closed_under_their_dependencies() {
    for reference in every_reference() {
        let image = image(&reference, Arch::Amd64);
        let Some(index) = index_for(&image) else { continue };
        let tree = merged(&image);
        let listed = database_names(&image, &tree);
        let names: Vec<&str> = listed
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| index.get(n).is_some() && !n.starts_with("nginx"))
            .collect();
        let closure = resolve(&index, &names).unwrap_or_else(|e| panic!("{reference}: {e}"));
        let missing: Vec<&str> =
            closure.iter().map(|p| p.name.as_str()).filter(|n| !listed.iter().any(|(l, _)| l == n)).collect();
        assert!(missing.is_empty(), "{reference}: installed packages depend on missing {missing:?}");
    }
}

fn every_index() -> Vec<PackageIndex> {
    let mut indexes = Vec::new();
    for arch in Arch::ALL {
        for distro in Distro::ALL {
            indexes.push(if distro.family() == OsFamily::Alpine {
                apk_index(distro, arch)
            } else {
                apt_index(distro, arch)
            });
        }
        indexes.push(npm_registry(arch));
        indexes.push(pip_index(arch));
    }
    indexes
}

#[test]
fn every_package_of_every_index_resolves_and_installs_sound_files() {
    for index in every_index() {
        assert!(index.len() > 30, "{:?} {:?} has only {} packages", index.manager(), index.distro(), index.len());
        let dirs = InstallDirs::npm_project("/app");
        for package in index.packages() {
            let context = format!("{:?} {:?} {}", index.manager(), index.distro(), package.name);
            assert!(!package.name.contains('{') && !package.version.is_empty(), "{context}");
            assert!(package.size_kb > 0 && !package.description.is_empty(), "{context}");
            let list =
                resolve_with_recommends(&index, &[package.name.as_str()]).unwrap_or_else(|e| panic!("{context}: {e}"));
            assert_eq!(list.last().map(|p| &p.name), Some(&package.name), "{context}: the package comes last");
            let files = package.files(&dirs);
            let mut seen = BTreeSet::new();
            for spec in &files {
                let path = spec.path();
                assert!(path.starts_with('/') && normalize(path) == path, "{context}: {path}");
                assert!(!path.contains('{'), "{context}: unexpanded {path}");
                assert!(seen.insert(path), "{context}: duplicate {path}");
                let dir = parent(path).unwrap_or("/");
                assert!(dir == "/" || seen.contains(dir), "{context}: {path} before its parent");
            }
            let payload = files.iter().find(|s| s.path().ends_with(packages::PAYLOAD_FILE));
            assert_eq!(payload.map(FileSpec::size), Some(package.payload_bytes()), "{context}");
        }
    }
}

#[test]
fn resolution_puts_dependencies_first_without_duplicates() {
    let jammy = apt_index(Distro::Jammy, Arch::Amd64);
    let git = resolve(&jammy, &["git"]).unwrap_or_default();
    let names: Vec<&str> = git.iter().map(|p| p.name.as_str()).collect();
    for expected in ["perl", "perl-modules-5.34", "libperl5.34", "libcurl3-gnutls", "git-man", "libc6"] {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    assert!(!names.contains(&"less"), "Recommends are not Depends");
    let position = |name: &str| names.iter().position(|n| *n == name);
    assert!(position("libc6") < position("git") && position("perl") < position("git"));
    assert_eq!(names.iter().collect::<BTreeSet<_>>().len(), names.len());
    let with_recommends = resolve_with_recommends(&jammy, &["git"]).unwrap_or_default();
    assert!(with_recommends.iter().any(|p| p.name == "openssh-client") && with_recommends.len() > git.len());
    // libc6 and libgcc-s1 depend on each other, as in Debian.
    let cycle = resolve(&jammy, &["libc6"]).unwrap_or_default();
    assert!(cycle.iter().any(|p| p.name == "libgcc-s1") && cycle.iter().any(|p| p.name == "libc6"));
    // Library names follow the release.
    let noble = apt_index(Distro::Noble, Arch::Amd64);
    let curl = resolve(&noble, &["curl"]).unwrap_or_default();
    assert!(curl.iter().any(|p| p.name == "libcurl4t64") && curl.iter().any(|p| p.name == "libssl3t64"));
    let focal = apt_index(Distro::Focal, Arch::Amd64);
    let python = resolve(&focal, &["python3"]).unwrap_or_default();
    assert!(python.iter().any(|p| p.name == "python3.8") && python.iter().any(|p| p.name == "mime-support"));
    // Requesting the same package twice, or its dependency too, changes nothing.
    let twice = resolve(&jammy, &["git", "perl", "git"]).unwrap_or_default();
    assert_eq!(twice.len(), git.len());
    // npm picks the platform package of the architecture.
    let npm = npm_registry(Arch::Arm64);
    let vite_arm = resolve(&npm, &["vite"]).unwrap_or_default();
    assert!(vite_arm.iter().any(|p| p.name == "@esbuild/linux-arm64"));
    assert!(!vite_arm.iter().any(|p| p.name == "@esbuild/linux-x64"));
}

#[test]
fn unknown_packages_come_with_suggestions() {
    let cases: &[(PackageIndex, &str, &str)] = &[
        (apt_index(Distro::Jammy, Arch::Amd64), "gti", "git"),
        (apt_index(Distro::Jammy, Arch::Amd64), "pip", "python3-pip"),
        (apt_index(Distro::Bookworm, Arch::Amd64), "build-essentials", "build-essential"),
        (apk_index(Distro::Alpine320, Arch::Amd64), "nodjs", "nodejs"),
        (apk_index(Distro::Alpine320, Arch::Amd64), "pip", "py3-pip"),
        (npm_registry(Arch::Amd64), "expresss", "express"),
        (pip_index(Arch::Amd64), "reqeusts", "requests"),
    ];
    for (index, wanted, suggestion) in cases {
        let error = resolve(index, &[wanted]).err().unwrap_or_else(|| panic!("{wanted} resolved"));
        assert_eq!(error.name, *wanted);
        assert!(error.suggestions.iter().any(|s| s == suggestion), "{wanted}: {:?}", error.suggestions);
        assert!(error.suggestions.len() <= 3);
        assert!(error.to_string().contains(wanted));
    }
    let none = resolve(&npm_registry(Arch::Amd64), &["zzzzzzzzzzzzzzzzzzzz"]).err().unwrap_or_else(|| panic!());
    assert!(none.suggestions.is_empty());
    // pip compares names the way pip does.
    let pip = pip_index(Arch::Amd64);
    assert!(resolve(&pip, &["Flask", "typing_extensions", "Python-Dateutil"]).is_ok());
}

fn installed_bytes(index: &PackageIndex, names: &[&str], recommends: bool) -> u64 {
    let list =
        if recommends { resolve_with_recommends(index, names) } else { resolve(index, names) }.unwrap_or_default();
    list.iter().map(|p| p.installed_bytes(&InstallDirs::default())).sum()
}

#[test]
fn sizes_keep_their_real_proportions() {
    let alpine = installed_bytes(&apk_index(Distro::Alpine320, Arch::Amd64), &["git"], false);
    let ubuntu = installed_bytes(&apt_index(Distro::Jammy, Arch::Amd64), &["git"], false);
    let ubuntu_recommends = installed_bytes(&apt_index(Distro::Jammy, Arch::Amd64), &["git"], true);
    assert!(ubuntu > alpine * 3 / 2, "git: ubuntu {ubuntu} vs alpine {alpine}");
    assert!(ubuntu_recommends > ubuntu);
    assert!(alpine > 14_000 * 1024 / SIZE_SCALE);
    let express = installed_bytes(&npm_registry(Arch::Amd64), &["express"], false);
    let typescript = installed_bytes(&npm_registry(Arch::Amd64), &["typescript"], false);
    assert!(typescript > express * 5);
    let pip = pip_index(Arch::Amd64);
    assert!(installed_bytes(&pip, &["pandas"], false) > installed_bytes(&pip, &["flask"], false) * 20);
    // The filler says what it is.
    let git = apk_index(Distro::Alpine320, Arch::Amd64).get("git").cloned();
    let files = git.map(|p| p.files(&InstallDirs::default())).unwrap_or_default();
    let payload = files.iter().find_map(|s| match s {
        FileSpec::File { path, content, .. } if path == "/usr/lib/git/.layerlab-payload" => Some(content.clone()),
        _ => None,
    });
    let payload = String::from_utf8(payload.unwrap_or_default()).unwrap_or_default();
    assert!(payload.starts_with("layerlab payload: apk package git 2.45.2-r0 installs about 14000 KiB"));
}

#[test]
fn apt_lists_and_apk_caches_are_sizable_and_removable() {
    for distro in [Distro::Focal, Distro::Jammy, Distro::Noble, Distro::Bullseye, Distro::Bookworm] {
        for arch in Arch::ALL {
            let lists = apt_lists(distro, arch);
            let total: u64 = lists.iter().map(FileSpec::size).sum();
            let minimum = if distro.family() == OsFamily::Ubuntu { 30_000 } else { 12_000 } * 1024 / SIZE_SCALE;
            assert!(total > minimum, "{distro} {arch}: {total} bytes");
            assert!(lists.iter().all(|s| s.path().starts_with("/var/lib/apt/lists")));
            let arch_name = format!("binary-{}_", arch.dpkg());
            assert!(lists.iter().any(|s| s.path().contains(&arch_name)), "{distro} {arch}");
        }
    }
    assert!(apt_lists(Distro::Alpine320, Arch::Amd64).is_empty());
    let cache = apk_index_cache(Distro::Alpine320, Arch::Amd64);
    assert!(cache.iter().filter(|s| s.path().starts_with("/var/cache/apk/APKINDEX.")).count() == 2);
    assert!(cache.iter().map(FileSpec::size).sum::<u64>() > 100_000);
    assert_ne!(cache, apk_index_cache(Distro::Alpine320, Arch::Arm64));
    assert!(apk_index_cache(Distro::Jammy, Arch::Amd64).is_empty());
}

#[test]
fn database_entries_use_the_real_formats() {
    let apk = apk_index(Distro::Alpine320, Arch::Amd64);
    let git = apk.get("git").map(packages::apk_installed_entry).unwrap_or_default();
    for line in ["P:git\n", "V:2.45.2-r0\n", "A:x86_64\n", "I:14336000\n", "F:usr/bin\n", "R:git\n", "a:0:0:755\n"] {
        assert!(git.contains(line), "{line:?} missing from\n{git}");
    }
    assert!(git.starts_with("C:Q1") && git.ends_with("\n\n"));
    assert!(git.contains("D:ca-certificates-bundle libcurl"));
    let apt = apt_index(Distro::Bookworm, Arch::Arm64);
    let git = apt.get("git").map(packages::dpkg_status_entry).unwrap_or_default();
    for line in
        ["Package: git\n", "Status: install ok installed\n", "Architecture: arm64\n", "Version: 1:2.39.5-0+deb12u1\n"]
    {
        assert!(git.contains(line), "{line:?} missing from\n{git}");
    }
    assert!(git.contains("Recommends: ca-certificates, less, openssh-client, patch\n"));
    let apt_package = apt.get("apt").map(packages::dpkg_status_entry).unwrap_or_default();
    assert!(apt_package.contains("ubuntu-keyring | debian-archive-keyring"));
    let list = apt.get("git").map(packages::dpkg_info_list);
    let Some(FileSpec::File { path, content, .. }) = list else { panic!("no list file") };
    assert_eq!(path, "/var/lib/dpkg/info/git.list");
    let content = String::from_utf8_lossy(&content).into_owned();
    assert!(content.starts_with("/.\n/etc\n") && content.contains("\n/usr\n/usr/bin\n/usr/bin/git\n"));
    let installed: Vec<&Package> = apt.packages().iter().take(3).collect();
    let status = packages::dpkg_status(&installed);
    let parsed = installed_packages(&status);
    assert_eq!(parsed.len(), 3);
    assert!(installed_packages("Package: x\nStatus: deinstall ok config-files\nVersion: 1\n\n").is_empty());
}

#[test]
fn package_files_land_where_each_manager_puts_them() {
    let npm = npm_registry(Arch::Amd64);
    let project = InstallDirs::npm_project("/app/");
    let nodemon = npm.get("nodemon").map(|p| p.files(&project)).unwrap_or_default();
    let paths: Vec<&str> = nodemon.iter().map(FileSpec::path).collect();
    assert!(paths.contains(&"/app/node_modules/nodemon/package.json"));
    assert!(nodemon.iter().any(|s| matches!(s, FileSpec::Symlink { path, target }
        if path == "/app/node_modules/.bin/nodemon" && target == "../nodemon/bin/nodemon.js")));
    let global = npm.get("typescript").map(|p| p.files(&InstallDirs::default())).unwrap_or_default();
    assert!(global.iter().any(|s| matches!(s, FileSpec::Symlink { path, target }
        if path == "/usr/local/bin/tsc" && target == "../lib/node_modules/typescript/bin/tsc")));
    let express = npm.get("express").map(|p| p.files(&project)).unwrap_or_default();
    let manifest = express.iter().find_map(|s| match s {
        FileSpec::File { path, content, .. } if path.ends_with("express/package.json") => {
            Some(String::from_utf8_lossy(content).into_owned())
        }
        _ => None,
    });
    let manifest = manifest.unwrap_or_default();
    assert!(manifest.contains("\"version\": \"4.21.1\"") && manifest.contains("\"body-parser\": \"^1.20.3\""));
    let pip = pip_index(Arch::Arm64);
    let flask = pip.get("flask").map(|p| p.files(&InstallDirs::default())).unwrap_or_default();
    let paths: Vec<&str> = flask.iter().map(FileSpec::path).collect();
    for expected in [
        "/usr/local/lib/python3.12/site-packages/flask/__init__.py",
        "/usr/local/lib/python3.12/site-packages/flask-3.0.3.dist-info/METADATA",
        "/usr/local/lib/python3.12/site-packages/flask-3.0.3.dist-info/RECORD",
        "/usr/local/bin/flask",
    ] {
        assert!(paths.contains(&expected), "{expected} missing from {paths:?}");
    }
    let markupsafe = pip.get("MarkupSafe").map(|p| p.files(&InstallDirs::default())).unwrap_or_default();
    assert!(markupsafe.iter().any(|s| s.path().ends_with("_speedups.cpython-312-aarch64-linux-gnu.so")));
    let apt = apt_index(Distro::Jammy, Arch::Amd64);
    let git = apt.get("git").map(|p| p.files(&InstallDirs::default())).unwrap_or_default();
    assert!(git.iter().any(|s| s.path() == "/usr/share/doc/git/copyright"));
    assert!(git.iter().any(|s| s.path() == "/usr/lib/git/.layerlab-payload"));
    let bookworm = apt_index(Distro::Bookworm, Arch::Amd64);
    let stdlib = bookworm.get("libpython3.11-stdlib").map(|p| p.files(&InstallDirs::default())).unwrap_or_default();
    assert!(stdlib.iter().any(|s| s.path() == "/usr/lib/python3.11/EXTERNALLY-MANAGED"));
    let jammy_stdlib = apt.get("libpython3.10-stdlib").map(|p| p.files(&InstallDirs::default())).unwrap_or_default();
    assert!(!jammy_stdlib.iter().any(|s| s.path().ends_with("EXTERNALLY-MANAGED")));
}

#[test]
fn versions_and_names_are_read_like_the_managers_do() {
    let apt = apt_index(Distro::Jammy, Arch::Amd64);
    let upstream = |index: &PackageIndex, name: &str| index.get(name).map(|p| p.upstream_version().to_string());
    assert_eq!(upstream(&apt, "git").as_deref(), Some("2.34.1"));
    assert_eq!(upstream(&apt, "nodejs").as_deref(), Some("12.22.9"));
    assert_eq!(upstream(&apt, "build-essential").as_deref(), Some("12.9ubuntu3"));
    assert_eq!(upstream(&apk_index(Distro::Alpine320, Arch::Amd64), "gcc").as_deref(), Some("13.2.1_git20240309"));
    assert_eq!(upstream(&pip_index(Arch::Amd64), "python-dateutil").as_deref(), Some("2.9.0.post0"));
    assert_eq!(apt.manager(), Manager::Apt);
    assert!(apk_index(Distro::Jammy, Arch::Amd64).is_empty() && apt_index(Distro::Alpine320, Arch::Amd64).is_empty());
}

#[test]
fn catalog_summaries_carry_labelled_sizes_and_descriptions() {
    let summaries = list();
    assert_eq!(summaries.len(), 14);
    for summary in &summaries {
        assert!(!summary.description_en.is_empty() && !summary.description_ko.is_empty(), "{}", summary.repository);
        assert!(summary.real_size_mb >= 0.0);
    }
    let size = |reference: &str| image(reference, Arch::Amd64).real_size_mb;
    assert!((size("node:14") - 912.0).abs() < 1.0 && (size("node:14-alpine") - 119.0).abs() < 1.0);
    assert!((size("alpine") - 7.8).abs() < 0.01 && (size("ubuntu:22.04") - 77.9).abs() < 0.01);
    assert!(size("nginx:alpine") < size("nginx"));
}
