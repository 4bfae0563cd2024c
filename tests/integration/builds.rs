//! Golden builds: each `tests/data/builds/<case>/` holds a context (`context/`, with its Dockerfile), optional
//! `args` (docker build flags), an optional `rebuild/` overlay for a second build in the same session (the cache),
//! and `expected/` files: the classic log, the layers with their changes, and the digests and config. Run with
//! `UPDATE_EXPECT=1` to accept deliberate changes; review the diff. Also checked here: two builds of every case give
//! identical digests, the context's insertion order changes nothing, and the CLI prints the same log.

use layerlab::build::context::BuildContext;
use layerlab::build::engine::{Build, BuildOptions};
use layerlab::build::events::BuildEvent;
use layerlab::build::progress::{json_line, ClassicLog};
use layerlab::images::Arch;
use layerlab::oci;
use layerlab::store::{Image, ImageStore};
use layerlab_cli::minibox_dir::{self, Found};
use layerlab_tests::{check_golden, data_dir, run_cli};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data_dir().join("builds"))
        .expect("tests/data/builds")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("context").is_dir())
        .collect();
    dirs.sort();
    dirs
}

pub(crate) fn case_args(case: &Path) -> Vec<String> {
    std::fs::read_to_string(case.join("args")).unwrap_or_default().split_whitespace().map(str::to_string).collect()
}

pub(crate) fn options(args: &[String]) -> BuildOptions {
    let mut options = BuildOptions::default();
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let mut value = || iter.next().cloned().expect("flag value");
        match flag.as_str() {
            "-t" => options.tags.push(value()),
            "--build-arg" => {
                let kv = value();
                let (k, v) = kv.split_once('=').expect("K=V");
                options.build_args.insert(k.into(), v.into());
            }
            "--target" => options.target = Some(value()),
            "--platform" => options.arch = if value().ends_with("arm64") { Arch::Arm64 } else { Arch::Amd64 },
            "--no-cache" => options.no_cache = true,
            other => panic!("unknown flag {other} in args"),
        }
    }
    options
}

/// Runs a whole build; returns the classic log and the final image.
fn build(context: BuildContext, args: &[String], store: &mut ImageStore) -> (String, Option<Arc<Image>>) {
    let (log, image, _) = build_explained(context, args, store);
    (log, image)
}

/// Like `build`, also returning the cache decisions (hits and misses with their reasons) as JSON lines.
fn build_explained(
    context: BuildContext,
    args: &[String],
    store: &mut ImageStore,
) -> (String, Option<Arc<Image>>, String) {
    build_with_options(context, options(args), store)
}

fn build_with_options(
    context: BuildContext,
    options: BuildOptions,
    store: &mut ImageStore,
) -> (String, Option<Arc<Image>>, String) {
    let mut log = String::new();
    let mut cache = String::new();
    let mut classic = ClassicLog::default();
    let mut build = match Build::new(context, options) {
        Ok(build) => build,
        Err(e) => return (format!("setup error: {e}\n"), None, String::new()),
    };
    build.run_to_end(store);
    for event in build.events() {
        classic.render(event, &mut log);
        if matches!(event, BuildEvent::CacheHit { .. } | BuildEvent::CacheMissed { .. }) {
            cache.push_str(&json_line(event));
            cache.push('\n');
        }
    }
    let image = match build.outcome() {
        Some(Ok(id)) => store.get(id),
        _ => None,
    };
    (log, image, cache)
}

/// The layers the Dockerfile added on top of its base, with every change, and the image's identifiers and config.
fn describe(image: &Image, base_layers: usize) -> (String, String) {
    let mut layers = String::new();
    for (index, layer) in image.layers.iter().enumerate().skip(base_layers) {
        layers.push_str(&format!("layer {} {} {} bytes\n", index + 1, layer.diff_id, layer.size));
        for change in &layer.changes {
            let kind = match change.kind {
                layerlab::layer::ChangeKind::Added => 'A',
                layerlab::layer::ChangeKind::Modified => 'C',
                layerlab::layer::ChangeKind::Deleted => 'D',
            };
            layers.push_str(&format!("  {kind} {} ({} bytes)\n", change.path, change.size));
        }
    }
    let (_, manifest) = image.manifest();
    let mut digests = format!("image id (classic store): {}\nimage id (containerd store): {manifest}\n", image.id);
    let diff_ids: Vec<oci::Digest> = image.layers.iter().map(|l| l.diff_id.clone()).collect();
    for (n, (diff, chain)) in diff_ids.iter().zip(oci::chain_ids(&diff_ids)).enumerate() {
        digests.push_str(&format!("layer {}: diff_id {diff} chain_id {chain}\n", n + 1));
    }
    let config: serde_json::Value = serde_json::from_slice(&image.config_bytes).expect("config is JSON");
    digests.push_str(&serde_json::to_string_pretty(&config).expect("pretty"));
    digests.push('\n');
    (layers, digests)
}

fn base_layer_count(context: &BuildContext, args: &[String]) -> usize {
    // The base of the final stage, built alone in a fresh store.
    let mut store = ImageStore::new();
    let Ok(probe) = Build::new(context.clone(), options(args)) else { return 0 };
    let plan = probe.plan();
    let base = &plan.stages[plan.target].base;
    if plan.stages.iter().any(|s| s.name.as_deref() == Some(base.as_str())) {
        return 0;
    }
    match layerlab::build::base::resolve(&mut store, base, options(args).arch, Default::default(), &Default::default())
    {
        Ok(found) => found.image.layers.len(),
        Err(_) => 0,
    }
}

#[test]
fn golden_builds() {
    let cases = cases();
    assert!(cases.len() >= 11, "expected the golden build cases, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let args = case_args(case);
        let context = layerlab_cli::context_dir::read(&case.join("context")).expect("read context");
        let mut store = ImageStore::new();
        let (log, image) = build(context.clone(), &args, &mut store);
        let expected = case.join("expected");
        std::fs::create_dir_all(&expected).expect("expected dir");
        let mut check = |name: &str, actual: &str| {
            if let Some(diff) = check_golden(&expected.join(name), actual) {
                failures.push(format!("{}: {diff}", case.display()));
            }
        };
        check("classic.log", &log);
        if let Some(image) = &image {
            let (layers, digests) = describe(image, base_layer_count(&context, &args));
            check("layers.txt", &layers);
            check("digests.txt", &digests);
        }
        let rebuild = case.join("rebuild");
        if rebuild.is_dir() {
            let mut second = context.clone();
            let overlay = layerlab_cli::context_dir::read(&rebuild).expect("read rebuild overlay");
            for (path, entry) in overlay.entries() {
                if let layerlab::build::context::ContextEntry::File { data, mode } = entry {
                    second.add_file(path, data.clone(), *mode).expect("overlay file");
                }
            }
            let (log, _, cache) = build_explained(second, &args, &mut store);
            check("rebuild.log", &log);
            check("rebuild-cache.jsonl", &cache);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn builds_are_deterministic_whatever_the_context_order() {
    for case in cases() {
        let args = case_args(&case);
        let context = layerlab_cli::context_dir::read(&case.join("context")).expect("read context");
        let mut reversed = BuildContext::new();
        let entries: Vec<_> = context.entries().map(|(p, e)| (p.to_string(), e.clone())).collect();
        for (path, entry) in entries.into_iter().rev() {
            match entry {
                layerlab::build::context::ContextEntry::File { data, mode } => reversed.add_file(&path, data, mode),
                layerlab::build::context::ContextEntry::Dir { mode } => reversed.add_dir(&path, mode),
                layerlab::build::context::ContextEntry::Symlink { target } => reversed.add_symlink(&path, &target),
            }
            .expect("add");
        }
        let (mut store_a, mut store_b) = (ImageStore::new(), ImageStore::new());
        let (log_a, a) = build(context, &args, &mut store_a);
        let (log_b, b) = build(reversed, &args, &mut store_b);
        assert_eq!(log_a, log_b, "{}: logs differ", case.display());
        let ids = |i: &Option<Arc<Image>>| i.as_ref().map(|i| (i.id.clone(), i.manifest().1));
        assert_eq!(ids(&a), ids(&b), "{}: digests differ", case.display());
        // The tarballs two separate builds export are the same bytes.
        if let (Some(a), Some(b)) = (&a, &b) {
            let export = |store: &ImageStore, image: &Image| {
                let mut refs = store.tags_of(&image.id);
                if refs.is_empty() {
                    refs.push(image.id.to_string());
                }
                layerlab::store::export::export_bytes(store, &refs).expect("export").0
            };
            let (bytes_a, bytes_b) = (export(&store_a, a), export(&store_b, b));
            assert!(bytes_a == bytes_b, "{}: exported tarballs differ", case.display());
        }
    }
}

#[test]
fn the_cli_prints_the_same_log() {
    for case in cases() {
        let args = case_args(&case);
        let context = layerlab_cli::context_dir::read(&case.join("context")).expect("read context");
        // The CLI gives the build the minibox binaries it finds (cargo xtask test builds them); so does the library.
        let mut options = options(&args);
        if let Ok(Found::Binary(minibox, _)) = minibox_dir::find(None, options.arch) {
            options.minibox = minibox;
        }
        let (log, image, _) = build_with_options(context, options, &mut ImageStore::new());
        let mut argv: Vec<String> = vec!["build".into()];
        argv.extend(args.iter().cloned());
        argv.push(case.join("context").display().to_string());
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let (code, out, err) = run_cli(&argv);
        assert_eq!(code, if image.is_some() { 0 } else { 1 }, "{}: {err}", case.display());
        assert_eq!(out + &err, log, "{}", case.display());
    }
}

#[test]
fn cleaning_apt_lists_in_the_same_run_makes_a_smaller_layer() {
    let size = |case: &str| {
        let context = layerlab_cli::context_dir::read(&data_dir().join("builds").join(case).join("context")).unwrap();
        let (log, image) = build(context, &[], &mut ImageStore::new());
        let image = image.unwrap_or_else(|| panic!("{case} failed:\n{log}"));
        image.layers.last().map(|l| l.size).unwrap_or(0)
    };
    let kept = size("apt-lists-kept");
    let cleaned = size("apt-lists-cleaned");
    assert!(kept > cleaned + 1_000_000, "kept {kept} bytes, cleaned {cleaned} bytes");
}
