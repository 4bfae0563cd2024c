//! Base images for FROM: the built-in catalog's simulated images turned into store images (their layers built from
//! the catalog's file specs, deterministically), or images already in the session's store.

use crate::images::{self, Arch, CatalogImage, FileSpec, Minibox};
use crate::oci::{self, ContainerConfig, Digest, History, ImageConfig, RootFs};
use crate::store::{Image, ImageStore, Layer};
use crate::vfs::{Fs, Limits, Meta};
use std::sync::Arc;

/// Catalog images carry a fixed creation time so that their IDs never change: 2024-06-01T00:00:00Z.
pub const CATALOG_EPOCH: u64 = 1_717_200_000;

/// A base image found for FROM, and where it came from.
pub struct Base {
    pub image: Arc<Image>,
    pub real_size_mb: Option<f64>,
    pub canonical: String,
}

/// Finds `reference` in the store, or else in the catalog (adding it to the store under its familiar tag, as a
/// pull would), with `minibox`'s binary for `arch` as its multi-call program when there is one.
pub fn resolve(
    store: &mut ImageStore,
    reference: &str,
    arch: Arch,
    limits: Limits,
    minibox: &Minibox,
) -> Result<Base, String> {
    let parsed = oci::Reference::parse(reference).map_err(|e| e.to_string())?;
    let canonical = parsed.to_string();
    if let Some(image) = store.resolve(reference) {
        if image.config.architecture == arch.as_str() || parsed.digest().is_some() {
            let real_size_mb = catalog_size(reference, arch);
            return Ok(Base { image, real_size_mb, canonical });
        }
    }
    let Some(entry) = images::lookup(reference, arch) else {
        let known: Vec<String> =
            images::list().iter().map(|s| format!("{}:{}", s.repository, s.tags.join("|"))).collect();
        return Err(format!(
            "pull access denied for {}: the playground has no network, and {reference:?} is not in its catalog of \
             simulated images ({}); build it here first, or load a real `docker save` tarball",
            parsed.familiar_name(),
            known.join(", ")
        ));
    };
    let image = catalog_image(&entry, limits, minibox.for_arch(arch).map(|b| &b[..]))?;
    let real_size_mb = Some(entry.real_size_mb);
    let stored = store.insert(image);
    store.tag(&parsed.familiar(), &stored.id);
    Ok(Base { image: stored, real_size_mb, canonical })
}

fn catalog_size(reference: &str, arch: Arch) -> Option<f64> {
    images::lookup(reference, arch).map(|e| e.real_size_mb)
}

/// Where the catalog's images keep their multi-call program.
const MULTICALL_PATHS: [&str; 2] = ["/bin/busybox", "/usr/bin/busybox"];

/// The interpreter every `#!/layerlab/applet NAME` file names; a link to the multi-call program when it is real.
pub const APPLET_INTERPRETER: &str = "/layerlab/applet";

/// Builds a catalog entry's layers and config. With `minibox` (the real multi-call binary for the entry's
/// architecture), the multi-call program is that binary and [`APPLET_INTERPRETER`] links to it.
pub fn catalog_image(entry: &CatalogImage, limits: Limits, minibox: Option<&[u8]>) -> Result<Image, String> {
    let mut fs = Fs::with_limits(limits);
    let mut layers = Vec::new();
    let placeholder = images::applet_file("busybox");
    for spec in &entry.layers {
        let before = fs.clone();
        for file in &spec.files {
            let real = match (file, minibox) {
                (FileSpec::File { path, mode, uid, gid, content }, Some(binary))
                    if MULTICALL_PATHS.contains(&path.as_str()) && *content == placeholder =>
                {
                    Some((
                        FileSpec::File {
                            path: path.clone(),
                            mode: *mode,
                            uid: *uid,
                            gid: *gid,
                            content: binary.to_vec(),
                        },
                        FileSpec::Symlink { path: APPLET_INTERPRETER.to_string(), target: path.clone() },
                    ))
                }
                _ => None,
            };
            let result = match real {
                Some((program, link)) => apply_spec(&mut fs, &program).and_then(|()| apply_spec(&mut fs, &link)),
                None => apply_spec(&mut fs, file),
            };
            result.map_err(|e| format!("catalog image {}: {e}", entry.repository))?;
        }
        layers.push(Arc::new(Layer::from_diff(&before, &fs, CATALOG_EPOCH)));
    }
    let created = oci::rfc3339(CATALOG_EPOCH);
    let history = entry
        .history
        .iter()
        .map(|h| History {
            created: Some(created.clone()),
            created_by: Some(h.created_by.to_string()),
            comment: None,
            author: None,
            empty_layer: h.empty_layer,
        })
        .collect();
    let defaults = &entry.defaults;
    let config = ImageConfig {
        architecture: entry.arch.as_str().to_string(),
        variant: (entry.arch == Arch::Arm64).then(|| "v8".to_string()),
        created: Some(created),
        history,
        rootfs: RootFs { diff_ids: layers.iter().map(|l| l.diff_id.clone()).collect(), ..RootFs::default() },
        config: ContainerConfig {
            user: defaults.user.clone(),
            env: defaults.env.clone(),
            cmd: defaults.cmd.clone(),
            entrypoint: defaults.entrypoint.clone(),
            working_dir: defaults.working_dir.clone(),
            stop_signal: defaults.stop_signal.clone().unwrap_or_default(),
            labels: defaults.labels.clone(),
            exposed_ports: defaults.exposed_ports.iter().map(|p| (p.clone(), Default::default())).collect(),
            ..ContainerConfig::default()
        },
        ..ImageConfig::default()
    };
    Ok(Image::new(config, layers, fs, None))
}

/// Writes one catalog file spec into a tree, creating parent directories as root-owned 0755.
pub fn apply_spec(fs: &mut Fs, spec: &FileSpec) -> Result<(), String> {
    let parent_meta = Meta { mode: 0o755, uid: 0, gid: 0 };
    let parent =
        |path: &str| path.rsplit_once('/').map(|(p, _)| if p.is_empty() { "/" } else { p }).unwrap_or("/").to_string();
    match spec {
        FileSpec::Dir { path, mode, uid, gid } => {
            let meta = Meta { mode: *mode, uid: *uid, gid: *gid };
            if fs.exists(path) {
                fs.set_meta(path, |m| *m = meta).map_err(|e| e.to_string())
            } else {
                fs.mkdir_all(&parent(path), parent_meta).map_err(|e| e.to_string())?;
                fs.mkdir(path, meta).map_err(|e| e.to_string())
            }
        }
        FileSpec::File { path, mode, uid, gid, content } => {
            fs.mkdir_all(&parent(path), parent_meta).map_err(|e| e.to_string())?;
            let meta = Meta { mode: *mode, uid: *uid, gid: *gid };
            fs.write(path, content.clone(), meta).map_err(|e| e.to_string())?;
            fs.set_meta(path, |m| *m = meta).map_err(|e| e.to_string())
        }
        FileSpec::Symlink { path, target } => {
            fs.mkdir_all(&parent(path), parent_meta).map_err(|e| e.to_string())?;
            if fs.get(path).is_some() {
                fs.remove(path, true).map_err(|e| e.to_string())?;
            }
            fs.symlink(target, path, Meta { mode: 0o777, uid: 0, gid: 0 }).map_err(|e| e.to_string())
        }
    }
}

/// The config `FROM scratch` starts from.
pub fn scratch_config(arch: Arch) -> ImageConfig {
    ImageConfig {
        architecture: arch.as_str().to_string(),
        variant: (arch == Arch::Arm64).then(|| "v8".to_string()),
        config: ContainerConfig { env: vec![oci::DEFAULT_PATH_ENV.to_string()], ..ContainerConfig::default() },
        ..ImageConfig::default()
    }
}

/// The parent key the cache uses for steps on `FROM scratch` (there is no parent image).
pub fn scratch_parent() -> Digest {
    Digest::sha256(b"layerlab: no parent (FROM scratch)")
}
