//! `layerlab build`: reads a context directory, runs the simulated build, and prints the classic builder's log,
//! BuildKit's plain progress, or one JSON event per line.

use crate::{context_dir, minibox_dir};
use clap::{Args, ValueEnum};
use layerlab::build::engine::{Build, BuildOptions, BuildSetupError};
use layerlab::build::events::BuildEvent;
use layerlab::build::progress::{json_line, ClassicLog, PlainLog};
use layerlab::diagnostics::render_text;
use layerlab::images::{Arch, Minibox};
use layerlab::store::ImageStore;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Args)]
#[command(about = "Build an image from a Dockerfile, step by step, the way the classic builder does (simulated)")]
pub struct BuildArgs {
    /// Name of the Dockerfile (default: CONTEXT/Dockerfile).
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    file: Option<PathBuf>,
    /// Name and optionally a tag in the name:tag format (repeatable).
    #[arg(short = 't', long = "tag", value_name = "NAME[:TAG]")]
    tags: Vec<String>,
    /// Set a build-time variable (repeatable).
    #[arg(long = "build-arg", value_name = "KEY=VALUE")]
    build_args: Vec<String>,
    /// Build up to this stage; stages it does not need are skipped.
    #[arg(long)]
    target: Option<String>,
    /// The platform to build for.
    #[arg(long, default_value = "linux/amd64", value_parser = parse_platform)]
    platform: Arch,
    /// Do not use the cache when building the image.
    #[arg(long)]
    no_cache: bool,
    /// How to show the build: `classic` (the legacy builder's log, as the course shows it), `plain` (BuildKit's
    /// plain progress) or `json` (one event per line).
    #[arg(long, value_enum, default_value_t = Progress::Classic)]
    progress: Progress,
    /// Write the image ID (sha256:…) to the file.
    #[arg(long, value_name = "FILE")]
    iidfile: Option<PathBuf>,
    /// Write the built image as a tarball that `docker load` accepts (both the OCI layout and manifest.json).
    #[arg(long, value_name = "FILE.tar")]
    export: Option<PathBuf>,
    /// The time every timestamp in the image gets, in seconds since 1970 (default 0, for reproducible images).
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    source_date_epoch: u64,
    /// The directory holding the minibox binaries (minibox-amd64, minibox-arm64) that make the catalog's images
    /// runnable after export (default: $LAYERLAB_MINIBOX_DIR, or minibox/ beside the executable).
    #[arg(long, value_name = "DIR")]
    minibox: Option<PathBuf>,
    /// Load a `docker save` tarball into the image store before the build, so FROM can name its images
    /// (repeatable).
    #[arg(long = "load", value_name = "FILE.tar")]
    load: Vec<PathBuf>,
    /// The build context directory.
    context: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Progress {
    Classic,
    Plain,
    Json,
}

fn parse_platform(text: &str) -> Result<Arch, String> {
    match text {
        "linux/amd64" | "amd64" => Ok(Arch::Amd64),
        "linux/arm64" | "linux/arm64/v8" | "arm64" => Ok(Arch::Arm64),
        other => Err(format!("unsupported platform {other:?}: use linux/amd64 or linux/arm64")),
    }
}

pub fn run(args: &BuildArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    let mut build_args = BTreeMap::new();
    for kv in &args.build_args {
        match kv.split_once('=') {
            Some((k, v)) => build_args.insert(k.to_string(), v.to_string()),
            // `--build-arg NAME` takes the value from the environment, as docker does.
            None => build_args.insert(kv.clone(), std::env::var(kv).unwrap_or_default()),
        };
    }
    let context = context_dir::read(&args.context)?;
    let minibox = match minibox_dir::find(args.minibox.as_deref(), args.platform)? {
        minibox_dir::Found::Binary(minibox, _) => minibox,
        minibox_dir::Found::Nothing(looked) => {
            if args.export.is_some() {
                let looked: Vec<String> = looked.iter().map(|p| p.display().to_string()).collect();
                writeln!(
                    err,
                    "warning: no minibox binary for linux/{} (looked for {}): the simulated base images' programs \
                     stay text placeholders, so `docker run` of the exported image will fail. Build them with \
                     `cargo xtask minibox`, or name their directory with --minibox DIR or ${}.",
                    args.platform.as_str(),
                    if looked.is_empty() { "nothing".to_string() } else { looked.join(", ") },
                    minibox_dir::ENV
                )?;
            }
            Minibox::none()
        }
    };
    let options = BuildOptions {
        minibox,
        tags: args.tags.clone(),
        build_args,
        target: args.target.clone(),
        arch: args.platform,
        no_cache: args.no_cache,
        source_date_epoch: args.source_date_epoch,
        ..BuildOptions::default()
    };
    let (dockerfile_name, setup) = match &args.file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            (path.display().to_string(), Build::with_dockerfile(&text, context, options))
        }
        None => ("Dockerfile".to_string(), Build::new(context, options)),
    };
    let mut build = match setup {
        Ok(build) => build,
        Err(BuildSetupError::Dockerfile { text, diagnostics }) => {
            err.write_all(render_text(&dockerfile_name, &text, &diagnostics).as_bytes())?;
            writeln!(err, "layerlab: the Dockerfile has errors; nothing was built")?;
            return Ok(1);
        }
        Err(BuildSetupError::Invalid(message)) => {
            writeln!(err, "layerlab: {message}")?;
            return Ok(1);
        }
    };
    let mut store = ImageStore::new();
    // `--load`: each tarball goes into the store before the first step, printed as `docker load` prints it.
    let import_limits = layerlab::store::import::ImportLimits { arch: args.platform, ..Default::default() };
    for path in &args.load {
        let loaded = std::fs::read(path).map_err(|e| e.to_string()).and_then(|bytes| {
            layerlab::store::import::import_archive(&mut store, &bytes, &import_limits).map_err(|e| e.to_string())
        });
        match loaded {
            Ok(summary) => {
                for image in &summary.images {
                    if image.tags.is_empty() {
                        writeln!(out, "Loaded image ID: {}", image.id)?;
                    }
                    for tag in &image.tags {
                        writeln!(out, "Loaded image: {tag}")?;
                    }
                }
            }
            Err(message) => {
                writeln!(err, "error: {}: {message}", path.display())?;
                return Ok(1);
            }
        }
    }
    let mut classic = ClassicLog::default();
    let mut plain = PlainLog::default();
    let mut shown = 0;
    loop {
        for event in &build.events()[shown..] {
            let mut text = String::new();
            match args.progress {
                Progress::Classic => classic.render(event, &mut text),
                Progress::Plain => plain.render(event, &mut text),
                Progress::Json => {
                    text = json_line(event);
                    text.push('\n');
                }
            }
            // The classic builder prints a failure on stderr; everything else goes to stdout.
            let failed = matches!(event, BuildEvent::BuildFailed { .. });
            if failed && !matches!(args.progress, Progress::Json) {
                err.write_all(text.as_bytes())?;
            } else {
                out.write_all(text.as_bytes())?;
            }
        }
        shown = build.events().len();
        if build.is_finished() {
            break;
        }
        build.step(&mut store);
    }
    match build.outcome() {
        Some(Ok(id)) => {
            if let Some(path) = &args.iidfile {
                std::fs::write(path, id.to_string())
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            }
            if let Some(path) = &args.export {
                export(&store, id, path, out)?;
            }
            Ok(0)
        }
        _ => Ok(1),
    }
}

/// Writes the image tarball (streaming, one layer at a time) and tells the user how to load and run it, with the
/// image ID each of Docker's image stores will show.
fn export(
    store: &ImageStore,
    id: &layerlab::oci::Digest,
    path: &std::path::Path,
    out: &mut dyn Write,
) -> io::Result<()> {
    let tags = store.tags_of(id);
    let refs = if tags.is_empty() { vec![id.to_string()] } else { tags.clone() };
    let file = std::fs::File::create(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    // Large writes: headers and small files go out together, layer contents pass straight through.
    let mut writer = io::BufWriter::with_capacity(1 << 20, file);
    let summary = layerlab::store::export::write_export(store, &refs, &mut writer)
        .map_err(|e| io::Error::other(format!("{}: {e}", path.display())))?;
    writer.flush()?;
    let shown = path.display();
    let what = if tags.is_empty() { "the untagged image".to_string() } else { tags.join(", ") };
    writeln!(out, "Exported {what} to {shown} ({})", layerlab::build::context::human_size(summary.bytes))?;
    for image in &summary.images {
        writeln!(out, "  docker load -i {shown}")?;
        let run = image.repo_tags.first().cloned().unwrap_or_else(|| image.classic_id().to_string());
        writeln!(out, "  docker run --rm {run}")?;
        writeln!(
            out,
            "After loading, docker images shows IMAGE ID {} (the classic image store, Docker up to 28)",
            image.classic_id()
        )?;
        writeln!(
            out,
            "  or {} (the containerd image store, the default on new Docker 29+ installs)",
            image.containerd_id()
        )?;
    }
    Ok(())
}
