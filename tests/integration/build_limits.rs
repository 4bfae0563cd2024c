//! Builds that push on the bounds: endless loops, floods of output, a full file system, symlink loops, `rm -rf /`,
//! a 100,000-file context, binary files, names that are not UTF-8. Each must stop (or succeed) with a clear message,
//! never hang or panic.

use layerlab::build::context::BuildContext;
use layerlab::build::engine::{Build, BuildOptions};
use layerlab::build::progress::ClassicLog;
use layerlab::store::ImageStore;
use layerlab::vfs::Limits;
use layerlab_tests::run_cli;

fn build_with(dockerfile: &str, mut context: BuildContext, options: BuildOptions) -> (bool, String) {
    context.add_file("Dockerfile", dockerfile.as_bytes().to_vec(), 0o644).expect("Dockerfile");
    let mut build = Build::new(context, options).expect("build starts");
    let mut store = ImageStore::new();
    build.run_to_end(&mut store);
    let mut log = String::new();
    let mut classic = ClassicLog::default();
    for event in build.events() {
        classic.render(event, &mut log);
    }
    (matches!(build.outcome(), Some(Ok(_))), log)
}

fn build(dockerfile: &str) -> (bool, String) {
    build_with(dockerfile, BuildContext::new(), BuildOptions::default())
}

#[test]
fn an_endless_loop_stops_at_the_step_limit() {
    let (ok, log) = build("FROM alpine\nRUN while true; do :; done\n");
    assert!(!ok);
    assert!(log.contains("step limit"), "{log}");
}

#[test]
fn a_flood_of_output_stops_at_a_named_bound() {
    let (ok, log) = build("FROM alpine\nRUN while true; do echo spam; done\n");
    assert!(!ok);
    let last = log.lines().last().unwrap_or("");
    assert!(last.contains("limit"), "{last}");
}

#[test]
fn filling_the_file_system_names_the_limit() {
    let options = BuildOptions { fs_limits: Limits { max_bytes: 1 << 20, ..Limits::default() }, ..Default::default() };
    let (ok, log) = build_with(
        "FROM alpine\nRUN set -e; echo 0123456789abcdef > /f; while true; do cat /f /f > /g; mv /g /f; done\n",
        BuildContext::new(),
        options,
    );
    assert!(!ok, "{log}");
    assert!(log.contains("layerlab limit"), "{log}");
}

#[test]
fn symlink_loops_and_rm_rf_root_fail_like_a_shell() {
    let (ok, log) = build("FROM alpine\nRUN ln -s /a /b && ln -s /b /a && cat /a\n");
    assert!(!ok);
    assert!(log.contains("Too many levels of symbolic links"), "{log}");
    let (ok, log) = build("FROM alpine\nRUN rm -rf /\n");
    assert!(!ok);
    assert!(log.contains("dangerous"), "{log}");
}

#[test]
fn a_hundred_thousand_file_context_builds() {
    let mut context = BuildContext::new();
    for n in 0..100_000 {
        context.add_file(&format!("files/{:03}/{n}.txt", n % 1000), format!("{n}\n").into_bytes(), 0o644).unwrap();
    }
    let (ok, log) = build_with("FROM scratch\nCOPY files /files/\n", context, BuildOptions::default());
    assert!(ok, "{log}");
    assert!(log.starts_with("Sending build context to Docker daemon  "), "{log}");
}

#[test]
fn binary_files_are_copied_byte_for_byte() {
    let mut context = BuildContext::new();
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    context.add_file("blob.bin", binary.clone(), 0o755).unwrap();
    let mut options = BuildOptions::default();
    options.tags.push("blob".into());
    let mut full = context.clone();
    full.add_file(
        "Dockerfile",
        b"FROM alpine\nCOPY blob.bin /blob.bin\nRUN cat /blob.bin > /copy.bin\n".to_vec(),
        0o644,
    )
    .unwrap();
    let mut store = ImageStore::new();
    let mut build = Build::new(full, options).unwrap();
    build.run_to_end(&mut store);
    let Some(Ok(id)) = build.outcome() else { panic!("{:?}", build.events().last()) };
    let image = store.get(id).unwrap();
    assert_eq!(&*image.fs.read("/blob.bin").unwrap(), binary.as_slice());
    assert_eq!(&*image.fs.read("/copy.bin").unwrap(), binary.as_slice());
}

#[cfg(unix)]
#[test]
fn a_context_name_that_is_not_utf8_is_refused_by_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = std::env::temp_dir().join(format!("layerlab-nonutf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("Dockerfile"), "FROM scratch\nCOPY . /\n").unwrap();
    std::fs::write(dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")), "x").unwrap();
    let (code, _, err) = run_cli(&["build", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("not valid UTF-8"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_base_images_and_network_use_say_why() {
    let (ok, log) = build("FROM definitely-not-an-image:1\n");
    assert!(!ok);
    assert!(log.contains("not in its catalog"), "{log}");
    let (ok, log) = build("FROM alpine\nRUN wget -q https://example.com/app.tar.gz -O /app.tar.gz\n");
    assert!(!ok);
    assert!(log.contains("no network"), "{log}");
    // In a pipe the shell's status is the last command's, as in Docker: the build goes on, but the log says why
    // nothing was downloaded.
    let (_, log) = build("FROM alpine\nRUN apk add --no-cache curl && curl -fsSL https://example.com/i.sh | sh\n");
    assert!(log.contains("no network"), "{log}");
    let (ok, log) = build("FROM alpine\nADD https://example.com/app.tar.gz /app/\n");
    assert!(!ok);
    assert!(log.contains("no network"), "{log}");
}

#[test]
fn stepping_back_restores_the_store_and_the_events() {
    let mut context = BuildContext::new();
    context.add_file("Dockerfile", b"FROM alpine\nRUN echo hi > /x\nCMD [\"cat\", \"/x\"]\n".to_vec(), 0o644).unwrap();
    let mut store = ImageStore::new();
    let mut build = Build::new(context, BuildOptions::default()).unwrap();
    build.step(&mut store);
    let after_from = (build.events().len(), store.images().count());
    build.step(&mut store);
    assert!(store.images().count() > after_from.1);
    assert!(build.back(&mut store));
    assert_eq!((build.events().len(), store.images().count()), after_from);
    build.run_to_end(&mut store);
    assert!(matches!(build.outcome(), Some(Ok(_))));
    while build.back(&mut store) {}
    assert_eq!(build.steps_done(), 0);
    assert_eq!(store.images().count(), 0);
}
