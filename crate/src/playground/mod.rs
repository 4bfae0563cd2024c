//! The browser playground's session as plain Rust: a build context, an image store that lives across builds (so a
//! rebuild hits the cache), the build being stepped through, and the views the page draws — all as JSON-ready
//! values. `wasm.rs` only forwards to it, so everything the page sees is tested natively. Knows nothing of
//! JavaScript; docs/boundary.md describes the JSON.

mod host;
mod lessons;
mod terminal;
mod tree;
mod view;

pub use crate::editor::{parse_report, ParseReport};
pub use lessons::{CheckResult, PageState, RunOutput};
pub use terminal::{TerminalOutcome, TerminalView};
pub use tree::{Tree, TreeEntry};
pub use view::View;

use crate::build::context::BuildContext;
use crate::build::engine::{Build, BuildOptions, BuildSetupError};
use crate::diagnostics::{locate, LocatedDiagnostic};
use crate::images::{Arch, Minibox};
use crate::oci::Digest;
use crate::session::{Session, SessionOptions};
use crate::store::export::{self, ExportError};
use crate::store::import::{import_archive, ImportLimits};
use crate::store::ImageStore;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the page asks to build (`start`). Only `dockerfile` is required.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartOptions {
    pub dockerfile: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub build_args: BTreeMap<String, String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub no_cache: bool,
    #[serde(default)]
    pub source_date_epoch: u64,
}

/// A build that could not start: the Dockerfile's diagnostics, or another reason.
#[derive(Clone, Debug, Serialize)]
pub struct SetupError {
    pub message: String,
    pub diagnostics: Vec<LocatedDiagnostic>,
}

/// The result of loading a `docker save` tarball.
#[derive(Clone, Debug, Serialize)]
pub struct LoadResult {
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub images: Vec<LoadedImage>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LoadedImage {
    pub id: String,
    pub tags: Vec<String>,
    pub layers: usize,
}

/// What an export wrote and how to use it.
#[derive(Clone, Debug, Serialize)]
pub struct ExportSummary {
    pub file_name: String,
    pub bytes: u64,
    pub images: Vec<ExportedImage>,
    pub commands: Vec<String>,
    /// The build had the real minibox binary for its platform, so the image's programs run in a real engine.
    pub minibox: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExportedImage {
    pub repo_tags: Vec<String>,
    pub classic_id: String,
    pub containerd_id: String,
    pub image_id: String,
    pub manifest_digest: String,
}

/// A user mistake the page shows as it is (a bad context path, an unknown image).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaygroundError(pub String);

impl std::fmt::Display for PlaygroundError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One page's session. Its images live in the terminal's simulated Docker ([`Session`]): what the Build button
/// builds, `docker images` lists, and what `docker commit` makes, the build panels can show.
pub struct Playground {
    session: Session,
    /// The files the terminal's `docker build`, `save` and `load` reach (shared with the session's host).
    files: host::SharedFiles,
    minibox: Minibox,
    context: BuildContext,
    build: Option<Build>,
    /// The tags and platform of the build in `build`, for export.
    started: Option<StartOptions>,
    setup_error: Option<SetupError>,
    /// The image the terminal's last `docker commit` made.
    last_commit: Option<String>,
}

impl Default for Playground {
    fn default() -> Self {
        Playground::new()
    }
}

impl Playground {
    pub fn new() -> Playground {
        let files = host::SharedFiles::default();
        Playground {
            session: new_session(&files, Minibox::none()),
            files,
            minibox: Minibox::none(),
            context: BuildContext::new(),
            build: None,
            started: None,
            setup_error: None,
            last_commit: None,
        }
    }

    /// Adds a real minibox binary (see [`crate::images::minibox`]); builds that start afterwards put it into the
    /// catalog's images, so their exports run in a real engine.
    pub fn add_minibox(&mut self, elf: &[u8]) -> Result<Arch, PlaygroundError> {
        let arch = self.minibox.add(elf).map_err(PlaygroundError)?;
        self.session.set_minibox(self.minibox.clone());
        Ok(arch)
    }

    /// `docker load`: a `docker save` tarball into the store. The store is unchanged when it fails.
    pub fn load_archive(&mut self, bytes: &[u8]) -> LoadResult {
        let limits = ImportLimits { arch: self.platform(), ..ImportLimits::default() };
        match import_archive(self.session.store_mut(), bytes, &limits) {
            Ok(summary) => LoadResult {
                ok: true,
                error: None,
                images: summary
                    .images
                    .iter()
                    .map(|i| LoadedImage { id: i.id.to_string(), tags: i.tags.clone(), layers: i.layers })
                    .collect(),
            },
            Err(error) => LoadResult { ok: false, error: Some(error.to_string()), images: Vec::new() },
        }
    }

    pub fn clear_context(&mut self) {
        self.context = BuildContext::new();
        self.files.set_context(self.context.clone());
    }

    /// Adds a file to the build context, and its parent directories (0755) as a directory on disk has them: they
    /// count in the context's size, so the log's `Sending build context` equals the CLI's for the same files.
    pub fn add_context_file(&mut self, path: &str, bytes: &[u8], mode: u32) -> Result<(), PlaygroundError> {
        let data: Arc<[u8]> = bytes.into();
        self.context.add_file(path, data, mode).map_err(|e| PlaygroundError(e.to_string()))?;
        let mut parent = path.trim_start_matches("./");
        while let Some((dir, _)) = parent.rsplit_once('/') {
            if !dir.is_empty() && self.context.get(dir).is_none() {
                self.context.add_dir(dir, 0o755).map_err(|e| PlaygroundError(e.to_string()))?;
            }
            parent = dir;
        }
        self.files.set_context(self.context.clone());
        Ok(())
    }

    /// Prepares a build of `options.dockerfile` with the context; nothing runs yet. The store (and so the cache)
    /// carries over from earlier builds.
    pub fn start(&mut self, options: StartOptions) -> View {
        self.files.set_dockerfile(&options.dockerfile);
        self.build = None;
        self.setup_error = None;
        let arch = match options.platform.as_deref().map(parse_platform).transpose() {
            Ok(arch) => arch.unwrap_or(Arch::Amd64),
            Err(message) => {
                self.setup_error = Some(SetupError { message, diagnostics: Vec::new() });
                self.started = Some(options);
                return self.view();
            }
        };
        let mut context = self.context.clone();
        let dockerfile_bytes: Arc<[u8]> = options.dockerfile.as_bytes().into();
        if let Err(error) = context.add_file("Dockerfile", dockerfile_bytes, 0o644) {
            self.setup_error = Some(SetupError { message: error.to_string(), diagnostics: Vec::new() });
            self.started = Some(options);
            return self.view();
        }
        let build_options = BuildOptions {
            dockerfile: "Dockerfile".into(),
            tags: options.tags.clone(),
            build_args: options.build_args.clone(),
            target: options.target.clone().filter(|t| !t.is_empty()),
            arch,
            no_cache: options.no_cache,
            source_date_epoch: options.source_date_epoch,
            minibox: self.minibox.clone(),
            ..BuildOptions::default()
        };
        match Build::with_dockerfile(&options.dockerfile, context, build_options) {
            Ok(build) => self.build = Some(build),
            Err(error) => {
                let diagnostics = match &error {
                    BuildSetupError::Dockerfile { text, diagnostics } => locate(text, diagnostics),
                    BuildSetupError::Invalid(_) => Vec::new(),
                };
                self.setup_error = Some(SetupError { message: error.to_string(), diagnostics });
            }
        }
        self.started = Some(options);
        self.view()
    }

    /// Runs one more step (or the finish after the last one).
    pub fn step(&mut self) -> View {
        if let Some(build) = &mut self.build {
            build.step(self.session.store_mut());
        }
        self.view()
    }

    pub fn run_to_end(&mut self) -> View {
        if let Some(build) = &mut self.build {
            build.run_to_end(self.session.store_mut());
        }
        self.view()
    }

    /// Undoes the last step; the store is restored as it was before it.
    pub fn back(&mut self) -> View {
        if let Some(build) = &mut self.build {
            build.back(self.session.store_mut());
        }
        self.view()
    }

    /// Undoes every step of the build in progress: the store is as it was when the build started.
    pub fn reset(&mut self) -> View {
        if let Some(build) = &mut self.build {
            while build.back(self.session.store_mut()) {}
        }
        self.view()
    }

    /// A fresh Docker: no images, tags or cache from earlier builds, no containers, nothing pushed; the terminal
    /// starts over too (its clock carries on). The build in progress is dropped.
    pub fn forget(&mut self) -> View {
        let clock = self.session.clock();
        self.session = new_session(&self.files, self.minibox.clone());
        self.session.set_clock(clock);
        self.last_commit = None;
        self.build = None;
        self.setup_error = None;
        self.view()
    }

    pub fn view(&self) -> View {
        view::build_view(self.build.as_ref(), self.setup_error.as_ref(), self.session.store())
    }

    /// The file tree of an image in the store, each path with the layer it comes from.
    pub fn tree(&self, image_id: &str) -> Result<Tree, PlaygroundError> {
        let image = self.image(image_id)?;
        Ok(tree::tree(&image, tree::MAX_ENTRIES))
    }

    /// What one layer of an image adds, changes and deletes.
    pub fn layer_changes(&self, image_id: &str, index: usize) -> Result<Vec<tree::ChangeView>, PlaygroundError> {
        let image = self.image(image_id)?;
        let layer = image.layers.get(index).ok_or_else(|| {
            PlaygroundError(format!(
                "image {} has {} layers; there is no layer {index}",
                image.id.short(),
                image.layers.len()
            ))
        })?;
        Ok(tree::changes(layer))
    }

    /// The bytes of a regular file in an image (symlinks followed).
    pub fn read_file(&self, image_id: &str, path: &str) -> Result<Arc<[u8]>, PlaygroundError> {
        let image = self.image(image_id)?;
        image.fs.read(path).map_err(|e| PlaygroundError(format!("{path}: {e}")))
    }

    /// The finished build's image as the tarball `layerlab build --export` writes, and what to tell the user.
    pub fn export(&self) -> Result<(Vec<u8>, ExportSummary), PlaygroundError> {
        let id = self.finished_image()?;
        let (refs, user_tags) = self.export_refs(&id);
        let (bytes, summary) = export::export_bytes(self.session.store(), &refs).map_err(export_error)?;
        Ok((bytes, self.summary(&user_tags, &id, summary)))
    }

    /// The summary of what `export` would write, without writing it.
    pub fn export_summary(&self) -> Result<ExportSummary, PlaygroundError> {
        let id = self.finished_image()?;
        let (refs, user_tags) = self.export_refs(&id);
        let summary = export::export(self.session.store(), &refs).and_then(|e| e.summary()).map_err(export_error)?;
        Ok(self.summary(&user_tags, &id, summary))
    }

    fn summary(&self, tags: &[String], id: &Digest, summary: export::ExportSummary) -> ExportSummary {
        // `hello:latest` → `hello.tar`, `lee20h/hello:1.0` → `lee20h-hello-1.0.tar`.
        let name =
            tags.first().map_or_else(|| format!("image-{}", id.short()), |t| short_tag(t).replace(['/', ':'], "-"));
        let file_name = format!("{name}.tar");
        let run = tags.first().map_or_else(|| id.short().to_string(), |t| short_tag(t).to_string());
        let arch = self.platform();
        ExportSummary {
            commands: vec![format!("docker load -i {file_name}"), format!("docker run --rm {run}")],
            file_name,
            bytes: summary.bytes,
            images: summary
                .images
                .iter()
                .map(|i| ExportedImage {
                    repo_tags: i.repo_tags.clone(),
                    classic_id: i.classic_id().to_string(),
                    containerd_id: i.containerd_id().to_string(),
                    image_id: i.config_digest.to_string(),
                    manifest_digest: i.manifest_digest.to_string(),
                })
                .collect(),
            minibox: self.minibox.for_arch(arch).is_some(),
        }
    }

    /// What the CLI exports for the same build: the image's tags, or its ID when it has none.
    fn export_refs(&self, id: &Digest) -> (Vec<String>, Vec<String>) {
        let tags = self.session.store().tags_of(id);
        if tags.is_empty() {
            (vec![id.to_string()], tags)
        } else {
            (tags.clone(), tags)
        }
    }

    fn finished_image(&self) -> Result<Digest, PlaygroundError> {
        match self.build.as_ref().and_then(|b| b.outcome()) {
            Some(Ok(id)) => Ok(id.clone()),
            Some(Err(_)) => Err(PlaygroundError("the build failed; there is no image to export".into())),
            None => Err(PlaygroundError("finish the build first: there is no image to export yet".into())),
        }
    }

    fn image(&self, image_id: &str) -> Result<Arc<crate::store::Image>, PlaygroundError> {
        self.session.store().resolve(image_id).ok_or_else(|| PlaygroundError(format!("No such image: {image_id}")))
    }

    fn platform(&self) -> Arch {
        self.started
            .as_ref()
            .and_then(|o| o.platform.as_deref())
            .and_then(|p| parse_platform(p).ok())
            .unwrap_or(Arch::Amd64)
    }
}

/// The terminal's Docker: builds stamped like the Build button's (time 0, as `layerlab build` does), so the two
/// share the cache and make the same image IDs.
fn new_session(files: &host::SharedFiles, minibox: Minibox) -> Session {
    let options = SessionOptions { minibox, build_epoch: Some(0), ..SessionOptions::default() };
    let mut session = Session::with_store(ImageStore::new(), 0, options);
    session.set_host(Box::new(files.host()));
    session
}

fn export_error(error: ExportError) -> PlaygroundError {
    PlaygroundError(error.to_string())
}

/// `hello:latest` → `hello`; other tags as they are.
fn short_tag(tag: &str) -> &str {
    tag.strip_suffix(":latest").unwrap_or(tag)
}

/// `linux/amd64` or `linux/arm64` (and the other spellings [`Arch::parse`] knows).
fn parse_platform(text: &str) -> Result<Arch, String> {
    Arch::parse(text).ok_or_else(|| format!("unsupported platform {text:?}: use linux/amd64 or linux/arm64"))
}

#[cfg(test)]
mod tests;
