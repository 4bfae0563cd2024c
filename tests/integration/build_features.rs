//! Engine features beyond the golden cases: platforms, ONBUILD triggers, SHELL, ADD of a local tar archive, tags
//! that move (leaving `<none>:<none>`), `--target`, `--iidfile`, and the JSON progress stream.

use layerlab::build::context::BuildContext;
use layerlab::build::engine::{Build, BuildOptions};
use layerlab::build::events::BuildEvent;
use layerlab::images::Arch;
use layerlab::store::{Image, ImageStore};
use layerlab_tests::run_cli;
use std::sync::Arc;

fn context(dockerfile: &str) -> BuildContext {
    let mut context = BuildContext::new();
    context.add_file("Dockerfile", dockerfile.as_bytes().to_vec(), 0o644).unwrap();
    context
}

fn build_in(store: &mut ImageStore, context: BuildContext, options: BuildOptions) -> (Arc<Image>, Vec<BuildEvent>) {
    let mut build = Build::new(context, options).expect("build starts");
    build.run_to_end(store);
    let events = build.events().to_vec();
    match build.outcome() {
        Some(Ok(id)) => (store.get(id).expect("image stored"), events),
        other => panic!("build failed: {other:?}\n{events:#?}"),
    }
}

fn text(image: &Image, path: &str) -> String {
    String::from_utf8_lossy(&image.fs.read(path).unwrap_or_else(|e| panic!("{path}: {e}"))).into_owned()
}

#[test]
fn arm64_builds_say_so_in_config_and_uname() {
    let mut store = ImageStore::new();
    let options = BuildOptions { arch: Arch::Arm64, ..BuildOptions::default() };
    let (image, _) = build_in(&mut store, context("FROM alpine\nRUN uname -m > /arch\n"), options);
    assert_eq!(image.config.architecture, "arm64");
    assert_eq!(text(&image, "/arch"), "aarch64\n");
    let (amd, _) =
        build_in(&mut ImageStore::new(), context("FROM alpine\nRUN uname -m > /arch\n"), BuildOptions::default());
    assert_eq!(text(&amd, "/arch"), "x86_64\n");
    assert_ne!(image.id, amd.id);
}

#[test]
fn onbuild_triggers_run_in_the_child_build() {
    let mut store = ImageStore::new();
    let parent = context("FROM alpine\nONBUILD RUN echo triggered > /onbuild.txt\n");
    let options = BuildOptions { tags: vec!["base-with-trigger".into()], ..BuildOptions::default() };
    let (base, _) = build_in(&mut store, parent, options);
    assert_eq!(base.config.config.on_build, ["RUN echo triggered > /onbuild.txt"]);
    assert!(base.fs.read("/onbuild.txt").is_err());
    let (child, events) = build_in(&mut store, context("FROM base-with-trigger\n"), BuildOptions::default());
    assert!(events.iter().any(|e| matches!(e, BuildEvent::TriggersRunning { count: 1, .. })));
    assert_eq!(text(&child, "/onbuild.txt"), "triggered\n");
    assert!(child.config.config.on_build.is_empty(), "triggers are not inherited by grandchildren");
}

#[test]
fn shell_changes_the_shell_of_later_runs_and_history() {
    let dockerfile = "FROM alpine\nSHELL [\"/bin/sh\", \"-e\", \"-c\"]\nRUN echo $0 > /which\nCMD echo hi\n";
    let (image, _) = build_in(&mut ImageStore::new(), context(dockerfile), BuildOptions::default());
    assert_eq!(image.config.config.shell.as_deref(), Some(&["/bin/sh".to_string(), "-e".into(), "-c".into()][..]));
    assert_eq!(
        image.config.config.cmd.as_deref(),
        Some(&["/bin/sh".to_string(), "-e".into(), "-c".into(), "echo hi".into()][..])
    );
    let created_by: Vec<&str> = image.config.history.iter().filter_map(|h| h.created_by.as_deref()).collect();
    assert!(created_by.contains(&"/bin/sh -e -c echo $0 > /which"), "{created_by:?}");
}

#[test]
fn add_extracts_a_local_tar_and_copy_does_not() {
    let mut archive = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_ustar();
    header.set_path("app/hello.txt").unwrap();
    header.set_size(6);
    header.set_mode(0o644);
    header.set_cksum();
    archive.append(&header, &b"hello\n"[..]).unwrap();
    let bytes = archive.into_inner().unwrap();
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    gz.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(&bytes, 6));
    gz.extend_from_slice(&[0; 8]);
    let mut ctx = context("FROM alpine\nADD site.tar /srv/\nADD site.tar.gz /gz/\nCOPY site.tar /copied.tar\n");
    ctx.add_file("site.tar", bytes.clone(), 0o644).unwrap();
    ctx.add_file("site.tar.gz", gz, 0o644).unwrap();
    let (image, _) = build_in(&mut ImageStore::new(), ctx, BuildOptions::default());
    assert_eq!(text(&image, "/srv/app/hello.txt"), "hello\n");
    assert_eq!(text(&image, "/gz/app/hello.txt"), "hello\n");
    assert_eq!(&*image.fs.read("/copied.tar").unwrap(), bytes.as_slice());
}

#[test]
fn a_rebuild_that_moves_a_tag_leaves_the_old_image_dangling() {
    let mut store = ImageStore::new();
    let options = BuildOptions { tags: vec!["app:1.0".into()], ..BuildOptions::default() };
    let (first, _) = build_in(&mut store, context("FROM alpine\nCMD [\"echo\", \"one\"]\n"), options.clone());
    let (second, events) = build_in(&mut store, context("FROM alpine\nCMD [\"echo\", \"two\"]\n"), options);
    let moved = events.iter().find_map(|e| match e {
        BuildEvent::TagMoved { tag, previous, .. } => Some((tag.clone(), previous.clone())),
        _ => None,
    });
    assert_eq!(moved, Some(("app:1.0".to_string(), Some(first.id.to_string()))));
    assert!(store.tags_of(&first.id).is_empty(), "the old image is now <none>:<none>");
    assert_eq!(store.tags_of(&second.id), ["app:1.0"]);
    assert!(store.get(&first.id).is_some(), "the old image is still there");
}

#[test]
fn target_stops_at_the_named_stage_and_skips_unused_ones() {
    let dockerfile =
        "FROM alpine AS one\nRUN echo 1 > /one\nFROM alpine AS two\nRUN echo 2 > /two\nFROM two\nRUN echo 3\n";
    let options = BuildOptions { target: Some("two".into()), ..BuildOptions::default() };
    let (image, events) = build_in(&mut ImageStore::new(), context(dockerfile), options);
    assert_eq!(text(&image, "/two"), "2\n");
    assert!(image.fs.read("/one").is_err());
    assert!(events.iter().any(|e| matches!(e, BuildEvent::StageSkipped { stage: 0, .. })));
    let steps = events.iter().filter(|e| matches!(e, BuildEvent::StepStarted { .. })).count();
    assert_eq!(steps, 2);
}

#[test]
fn the_cli_writes_the_iidfile_and_json_progress() {
    let dir = std::env::temp_dir().join(format!("layerlab-iid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("Dockerfile"), "FROM alpine\nCMD [\"echo\", \"Hello\"]\n").unwrap();
    let iid = dir.join("iid");
    let (code, out, err) = run_cli(&[
        "build",
        "--progress",
        "json",
        "--iidfile",
        iid.to_str().unwrap(),
        "-t",
        "hello",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&iid).unwrap();
    assert!(written.starts_with("sha256:") && written.len() == 71, "{written}");
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(last["event"], "build_finished");
    assert_eq!(last["image_id"], written.as_str());
    for line in out.lines() {
        let _: serde_json::Value = serde_json::from_str(line).expect("every line is one JSON event");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn copy_chown_and_chmod_set_owner_and_mode() {
    let dockerfile = "FROM node:20-alpine\nCOPY --chown=node:node --chmod=750 run.sh /app/run.sh\nCOPY --chown=1234:5678 run.sh /n\n";
    let mut ctx = context(dockerfile);
    ctx.add_file("run.sh", b"#!/bin/sh\necho run\n".to_vec(), 0o644).unwrap();
    let (image, _) = build_in(&mut ImageStore::new(), ctx, BuildOptions::default());
    let stat = image.fs.stat("/app/run.sh").unwrap();
    assert_eq!((stat.meta.uid, stat.meta.gid, stat.meta.mode), (1000, 1000, 0o750));
    let stat = image.fs.stat("/n").unwrap();
    assert_eq!((stat.meta.uid, stat.meta.gid, stat.meta.mode), (1234, 5678, 0o644));
    let mut bad = context("FROM alpine\nCOPY --chown=nobody-here run.sh /x\n");
    bad.add_file("run.sh", b"x".to_vec(), 0o644).unwrap();
    let mut build = Build::new(bad, BuildOptions::default()).unwrap();
    build.run_to_end(&mut ImageStore::new());
    let Some(Err(message)) = build.outcome() else { panic!("an unknown user must fail the COPY") };
    assert!(message.contains("no such user: nobody-here"), "{message}");
}

#[test]
fn proxy_args_reach_run_without_an_arg_line_and_stay_out_of_history() {
    let mut options = BuildOptions::default();
    options.build_args.insert("HTTP_PROXY".into(), "http://proxy:3128".into());
    options.build_args.insert("VERSION".into(), "2".into());
    let dockerfile = "FROM alpine\nARG VERSION=1\nRUN echo \"$HTTP_PROXY v$VERSION\" > /seen\n";
    let (image, events) = build_in(&mut ImageStore::new(), context(dockerfile), options);
    assert_eq!(text(&image, "/seen"), "http://proxy:3128 v2\n");
    let run = image.config.history.last().and_then(|h| h.created_by.clone()).unwrap();
    assert_eq!(run, "|1 VERSION=2 /bin/sh -c echo \"$HTTP_PROXY v$VERSION\" > /seen");
    assert!(!events.iter().any(|e| matches!(e, BuildEvent::Warning { .. })), "both args were consumed");
}
