//! The playground session as the page drives it: start, step, back, reset, rebuild with the cache, and the views.

use super::*;
use crate::build::events::CacheMiss;

fn options(dockerfile: &str, tags: &[&str]) -> StartOptions {
    StartOptions {
        dockerfile: dockerfile.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        build_args: BTreeMap::new(),
        target: None,
        platform: None,
        no_cache: false,
        source_date_epoch: 0,
    }
}

const RUN_FILE: &str = "FROM alpine\nRUN echo hi > /x && rm /etc/issue\nCMD [\"cat\", \"/x\"]\n";

#[test]
fn a_step_shows_the_temporary_container_then_its_layer() {
    let mut pg = Playground::new();
    let view = pg.start(options(RUN_FILE, &["demo"]));
    assert_eq!(view.phase, "ready");
    assert_eq!((view.steps_done, view.total_steps), (0, 3));
    assert!(view.steps.iter().all(|s| s.status == "pending"));
    assert!(view.container.is_none() && view.image.is_none());

    let view = pg.step();
    assert_eq!(view.phase, "running");
    assert_eq!(view.current, Some(1));
    let base = view.steps[0].base.as_ref().expect("FROM reports its base");
    assert_eq!(base.canonical, "docker.io/library/alpine:latest");
    let image = view.image.as_ref().expect("after FROM the build is at the base image");
    assert_eq!(image.id, base.image_id);
    assert!(
        image.layers.iter().all(|l| l.shared_with.contains(&"alpine:latest".to_string()))
            || image.tags.contains(&"alpine:latest".to_string())
    );

    let view = pg.step();
    let container = view.container.as_ref().expect("RUN runs in a temporary container");
    assert_eq!(container.step, 2);
    assert_eq!(container.command, ["/bin/sh", "-c", "echo hi > /x && rm /etc/issue"]);
    assert_eq!(container.image_id, base.image_id, "the container starts from the previous image");
    let kinds: Vec<(&str, &str)> = container.changes.iter().map(|c| (c.path.as_str(), c.kind)).collect();
    assert!(kinds.contains(&("/x", "added")), "{kinds:?}");
    assert!(kinds.contains(&("/etc/issue", "deleted")), "{kinds:?}");
    let Some(view::Committed::Layer { diff_id, .. }) = &container.committed else { panic!("RUN commits a layer") };
    assert!(container.removed);
    let image = view.image.as_ref().unwrap();
    assert_eq!(Some(&image.id), container.image_id_after.as_ref());
    let top = image.layers.last().unwrap();
    assert_eq!(&top.diff_id, diff_id);
    assert_eq!(top.step, Some(2));
    assert!(top.shared_with.is_empty(), "a new layer is this image's own");
    assert!(image.layers[0].shared_with.contains(&"alpine:latest".to_string()), "{:?}", image.layers[0]);

    let view = pg.step();
    assert_eq!(view.steps[2].status, "run");
    assert!(view.steps[2].empty_layer, "CMD commits config only");
    assert_eq!(view.phase, "finished", "the last step's call also finishes the build");
    assert!(view.outcome.is_some());
}

#[test]
fn the_last_step_finishes_and_tags_and_the_logs_match_the_renderers() {
    let mut pg = Playground::new();
    pg.start(options(RUN_FILE, &["demo"]));
    let view = pg.run_to_end();
    assert_eq!(view.phase, "finished");
    let Some(view::Outcome::Built { image_id, tags, short_id, .. }) = &view.outcome else {
        panic!("{:?}", view.outcome)
    };
    assert_eq!(tags, &["demo:latest"]);
    assert_eq!(short_id.len(), 12);
    assert!(view.logs.classic.starts_with("Sending build context to Docker daemon"));
    assert!(view.logs.classic.ends_with(&format!("Successfully built {short_id}\nSuccessfully tagged demo:latest\n")));
    assert!(view.logs.classic_stderr.is_empty());
    assert!(view.logs.plain.contains("naming to docker.io/library/demo:latest"), "{}", view.logs.plain);
    assert_eq!(view.image.as_ref().map(|i| &i.id), Some(image_id));
    let listed: Vec<&[String]> = view.images.iter().map(|i| i.tags.as_slice()).collect();
    assert!(listed.contains(&&["demo:latest".to_string()][..]) && listed.contains(&&["alpine:latest".to_string()][..]));
    assert_eq!(view.images.len(), 2, "intermediate images are not listed: {listed:?}");
}

#[test]
fn back_and_reset_restore_the_store() {
    let mut pg = Playground::new();
    pg.start(options(RUN_FILE, &["demo"]));
    pg.step();
    let after_from = pg.step();
    let made = after_from.steps[1].image_id.clone().unwrap();
    assert!(pg.tree(&made).is_ok());
    let view = pg.back();
    assert_eq!(view.steps_done, 1);
    assert_eq!(view.current, Some(1));
    assert_eq!(view.steps[1].status, "pending");
    assert!(pg.tree(&made).is_err(), "the image the undone step made is gone from the store");
    pg.run_to_end();
    let view = pg.reset();
    assert_eq!((view.phase, view.steps_done), ("ready", 0));
    assert!(view.images.is_empty(), "reset undoes the whole build, base pull included: {:?}", view.images);
}

#[test]
fn a_rebuild_hits_the_cache_and_a_change_misses_it() {
    let mut pg = Playground::new();
    pg.start(options(RUN_FILE, &["demo"]));
    let first = pg.run_to_end();
    pg.start(options(RUN_FILE, &["demo"]));
    let again = pg.run_to_end();
    assert_eq!(again.cache.hits, [2, 3]);
    assert!(again.cache.first_miss.is_none());
    assert_eq!(again.steps[1].status, "cached");
    let top = again.image.as_ref().unwrap().layers.last().unwrap();
    assert_eq!(top.step, Some(2), "a cached step still made its layer");
    assert_eq!(image_id(&first), image_id(&again));
    assert!(again.logs.classic.contains(" ---> Using cache\n"));

    let changed = RUN_FILE.replace("echo hi", "echo hello");
    pg.start(options(&changed, &["demo"]));
    let view = pg.run_to_end();
    let miss = view.cache.first_miss.as_ref().expect("the changed RUN misses");
    assert_eq!(miss.step, 2);
    assert!(matches!(&miss.reason, CacheMiss::InstructionChanged { previous } if previous.contains("echo hi")));
    assert_eq!(view.cache.invalidated, [3]);
    // The old image lost its tag: `<none>:<none>`.
    let dangling: Vec<&str> = view.images.iter().filter(|i| i.dangling).map(|i| i.id.as_str()).collect();
    assert_eq!(dangling, [image_id(&first).as_str()]);
}

fn image_id(view: &View) -> String {
    match &view.outcome {
        Some(view::Outcome::Built { image_id, .. }) => image_id.clone(),
        other => panic!("not built: {other:?}"),
    }
}

#[test]
fn a_dockerfile_with_errors_is_a_located_setup_error() {
    let mut pg = Playground::new();
    let view = pg.start(options("FROM alpine\nFORM x\n", &[]));
    assert_eq!(view.phase, "setup_error");
    let error = view.setup_error.as_ref().unwrap();
    let first = &error.diagnostics[0];
    assert_eq!((first.start.line, first.start.column), (2, 1));
    assert!(first.message.contains("FORM"), "{}", first.message);
    // Stepping does nothing and does not panic.
    assert_eq!(pg.step().phase, "setup_error");
    assert!(pg.export().is_err());
}

#[test]
fn bad_platforms_and_tags_are_setup_errors() {
    let mut pg = Playground::new();
    let mut o = options("FROM alpine\n", &[]);
    o.platform = Some("linux/s390x".into());
    assert!(pg.start(o).setup_error.unwrap().message.contains("linux/s390x"));
    let view = pg.start(options("FROM alpine\n", &["Bad Tag"]));
    assert!(view.setup_error.unwrap().message.contains("invalid argument"));
}

#[test]
fn a_failing_run_is_reported_on_the_step_and_in_stderr() {
    let mut pg = Playground::new();
    pg.start(options("FROM alpine\nRUN nosuchcommand\nCMD x\n", &[]));
    let view = pg.run_to_end();
    assert_eq!(view.phase, "failed");
    assert_eq!(view.steps[1].status, "failed");
    assert_eq!(view.steps[2].status, "pending");
    let Some(view::Outcome::Failed { step, exit_code, .. }) = &view.outcome else { panic!() };
    assert_eq!((*step, *exit_code), (Some(2), Some(127)));
    assert!(view.logs.classic_stderr.contains("returned a non-zero code: 127"), "{}", view.logs.classic_stderr);
    assert!(view.steps[1].output.iter().any(|o| o.line.contains("nosuchcommand: not found")));
}

#[test]
fn unused_stages_are_listed_as_skipped() {
    let mut pg = Playground::new();
    let mut o = options("FROM alpine AS unused\nRUN true\nFROM alpine AS app\nCMD x\n", &[]);
    o.target = Some("app".into());
    let view = pg.start(o);
    let statuses: Vec<(Option<usize>, &str)> = view.steps.iter().map(|s| (s.number, s.status)).collect();
    assert_eq!(statuses, [(Some(1), "pending"), (Some(2), "pending"), (None, "skipped"), (None, "skipped")]);
    assert_eq!(view.steps[2].instruction, "FROM alpine AS unused");
}

#[test]
fn the_tree_says_which_layer_each_file_comes_from() {
    let mut pg = Playground::new();
    pg.start(options(RUN_FILE, &["demo"]));
    let view = pg.run_to_end();
    let id = image_id(&view);
    let tree = pg.tree(&id).unwrap();
    let layers = view.image.as_ref().unwrap().layers.len();
    let x = tree.entries.iter().find(|e| e.path == "/x").unwrap();
    assert_eq!((x.kind, x.size, x.layer), ("file", 3, Some(layers - 1)));
    let os_release = tree.entries.iter().find(|e| e.path == "/etc/os-release").unwrap();
    assert_eq!(os_release.layer, Some(0));
    assert!(!tree.entries.iter().any(|e| e.path == "/etc/issue"), "deleted in the top layer");
    let changes = pg.layer_changes(&id, layers - 1).unwrap();
    assert!(changes.iter().any(|c| c.path == "/etc/issue" && c.kind == "deleted"));
    assert_eq!(&*pg.read_file(&id, "/x").unwrap(), b"hi\n");
    assert!(pg.read_file(&id, "/nope").unwrap_err().0.contains("/nope"));
    assert!(pg.tree("sha256:0000").is_err());
    assert!(pg.layer_changes(&id, 99).is_err());
}

#[test]
fn export_is_the_store_export_of_the_tags() {
    let mut pg = Playground::new();
    pg.start(options(RUN_FILE, &["lee20h/demo:1.0", "demo"]));
    assert!(pg.export().unwrap_err().0.contains("finish the build"));
    pg.run_to_end();
    let (bytes, summary) = pg.export().unwrap();
    let mut tags = vec!["lee20h/demo:1.0".to_string(), "demo:latest".to_string()];
    tags.sort();
    let (expected, _) = export::export_bytes(pg.session.store(), &tags).unwrap();
    assert!(bytes == expected, "the page's tarball is the store's export of the build's tags");
    assert_eq!(summary.bytes, bytes.len() as u64);
    assert_eq!(summary.file_name, "demo.tar");
    assert_eq!(summary.commands, ["docker load -i demo.tar", "docker run --rm demo"]);
    assert!(!summary.minibox);
    assert_eq!(pg.export_summary().unwrap().images[0].classic_id, summary.images[0].classic_id);
}

#[test]
fn forget_empties_the_store() {
    let mut pg = Playground::new();
    pg.start(options(RUN_FILE, &[]));
    pg.run_to_end();
    let view = pg.forget();
    assert_eq!(view.phase, "empty");
    assert!(view.images.is_empty());
    pg.start(options(RUN_FILE, &[]));
    assert!(pg.run_to_end().cache.hits.is_empty(), "no cache after forget");
}

#[test]
fn the_context_goes_into_the_build_and_bad_paths_are_refused() {
    let mut pg = Playground::new();
    pg.add_context_file("src/app.js", b"console.log(1)\n", 0o644).unwrap();
    pg.add_context_file(".dockerignore", b"secret\n", 0o644).unwrap();
    pg.add_context_file("secret", b"x", 0o600).unwrap();
    assert!(pg.add_context_file("../escape", b"x", 0o644).is_err());
    pg.start(options("FROM alpine\nCOPY . /app\n", &[]));
    let view = pg.run_to_end();
    let copy = &view.steps[1];
    assert!(copy.container.is_none(), "COPY commits without a container");
    let paths: Vec<&str> = copy.changes.iter().map(|c| c.path.as_str()).collect();
    assert!(paths.contains(&"/app/src/app.js") && paths.contains(&"/app/Dockerfile"), "{paths:?}");
    assert!(!paths.contains(&"/app/secret"), ".dockerignore applies: {paths:?}");
    pg.clear_context();
    pg.start(options("FROM alpine\nCOPY src /src\n", &[]));
    assert_eq!(pg.run_to_end().phase, "failed");
}

#[test]
fn minibox_bytes_must_be_an_elf_binary() {
    let mut pg = Playground::new();
    assert!(pg.add_minibox(b"not an elf").is_err());
}

#[test]
fn a_load_of_garbage_is_an_error_value() {
    let mut pg = Playground::new();
    let result = pg.load_archive(b"not a tarball");
    assert!(!result.ok);
    assert!(result.error.is_some());
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["ok"], false);
}

#[test]
fn parse_reports_diagnostics_and_instruction_lines() {
    let report = parse_report("FROM alpine\nRUN echo a \\\n  b\nFORM x\n");
    let lines: Vec<(&str, usize, usize)> =
        report.instructions.iter().map(|i| (i.keyword.as_str(), i.line, i.end_line)).collect();
    assert_eq!(lines, [("FROM", 1, 1), ("RUN", 2, 3), ("FORM", 4, 4)]);
    assert_eq!(report.diagnostics[0].start.line, 4);
}

#[test]
fn the_view_serialises_with_the_documented_field_names() {
    let mut pg = Playground::new();
    pg.start(options(RUN_FILE, &["demo"]));
    pg.step();
    let json = serde_json::to_value(pg.step()).unwrap();
    for key in ["phase", "steps_done", "total_steps", "stages", "steps", "current", "container", "image", "images"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["container"]["committed"]["size"].as_u64(), json["steps"][1]["layer"]["size"].as_u64());
    assert_eq!(json["steps"][0]["cache"], serde_json::Value::Null);
    assert_eq!(json["steps"][1]["cache"]["hit"], false);
    assert_eq!(json["steps"][1]["cache"]["reason"]["kind"], "no_entry");
    assert_eq!(json["steps"][0]["base"]["source"]["kind"], "catalog");
    assert!(json["image"]["layers"][0]["chain_id"].as_str().unwrap().starts_with("sha256:"));
    assert!(json["image"]["config"]["rootfs"]["diff_ids"].is_array());
}

#[test]
fn a_step_keeps_a_bounded_amount_of_output_in_the_view_and_all_of_it_in_the_log() {
    let mut pg = Playground::new();
    pg.start(options("FROM alpine\nRUN seq 1 5000\n", &[]));
    let view = pg.run_to_end();
    let step = &view.steps[1];
    assert_eq!(step.output.len(), view::MAX_STEP_OUTPUT_LINES);
    assert_eq!(step.output_omitted, 5000 - view::MAX_STEP_OUTPUT_LINES);
    assert_eq!(step.output[0].line, "1");
    let container = step.container.as_ref().unwrap();
    assert_eq!((container.output.len(), container.output_omitted), (step.output.len(), step.output_omitted));
    assert!(view.logs.classic.contains("\n4999\n5000\n"), "the log keeps every line");
}

/// The text a terminal line printed.
fn typed(pg: &mut Playground, line: &str) -> (String, i32) {
    let outcome = pg.terminal_execute(line, 1_735_689_600);
    (outcome.output.iter().map(|o| o.text.as_str()).collect(), outcome.exit_code)
}

#[test]
fn the_terminal_and_the_build_button_share_one_docker() {
    let mut pg = Playground::new();
    pg.start(options(RUN_FILE, &["demo:1"]));
    let built = pg.run_to_end();
    let Some(view::Outcome::Built { short_id, .. }) = &built.outcome else { panic!("built") };
    let (images, code) = typed(&mut pg, "docker images");
    assert_eq!(code, 0);
    assert!(images.lines().any(|l| l.starts_with("demo ") && l.contains(short_id.as_str())), "{images}");

    // `docker build .` in the terminal: the context panel with the editor's Dockerfile, and the Build button's cache.
    let (log, code) = typed(&mut pg, "docker build -t demo:2 .");
    assert_eq!(code, 0, "{log}");
    assert!(log.contains(" ---> Using cache"), "{log}");
    assert!(log.contains(&format!("Successfully built {short_id}")), "{log}");

    // A container's commit shows up in the build panels' images, sharing the built image's layers.
    typed(&mut pg, "docker run --name c demo:1 sh -c 'echo more > /more'");
    let (id, code) = typed(&mut pg, "docker commit c demo:more");
    assert_eq!(code, 0, "{id}");
    let view = pg.view();
    let committed = view.images.iter().find(|i| i.tags == ["demo:more"]).expect("the commit is listed");
    let demo = view.images.iter().find(|i| i.tags.contains(&"demo:1".to_string())).unwrap();
    assert_eq!(committed.layers.len(), demo.layers.len() + 1);
    assert_eq!(committed.layers[..demo.layers.len()], demo.layers[..], "shared, not copied");

    let terminal = pg.terminal_view();
    let commit = terminal.commit.expect("the last commit");
    assert_eq!(commit.container.as_deref(), Some("c"));
    assert_eq!(commit.image_id, id.trim());
    assert_eq!(commit.changes.iter().map(|c| (c.path.as_str(), c.kind)).collect::<Vec<_>>(), [("/more", "added")]);
    assert_eq!(commit.layers.len(), demo.layers.len() + 1);
    assert_eq!(terminal.containers[0].name, "c");
    assert_eq!(terminal.containers[0].state, "exited");
    assert_eq!(terminal.containers[0].writable_bytes, 5);
}

#[test]
fn an_attached_containers_writable_layer_fills_as_commands_run() {
    let mut pg = Playground::new();
    typed(&mut pg, "docker run -it --name w alpine sh");
    let view = pg.terminal_view();
    let id = view.attached.clone().expect("the terminal is in the container");
    assert_eq!(view.containers[0].id, id);
    assert_eq!(view.containers[0].state, "running");
    assert!(view.containers[0].changes.is_empty());
    assert!(!view.containers[0].layers.is_empty(), "the image's read-only layers are below");
    typed(&mut pg, "echo hello > /notes.txt");
    typed(&mut pg, "rm /etc/issue");
    let view = pg.terminal_view();
    let changes: Vec<(&str, &str)> = view.containers[0].changes.iter().map(|c| (c.path.as_str(), c.kind)).collect();
    assert!(changes.contains(&("/notes.txt", "added")), "{changes:?}");
    assert!(changes.contains(&("/etc/issue", "deleted")), "{changes:?}");
    assert_eq!(view.containers[0].writable_bytes, 6);
    typed(&mut pg, "exit");
    assert!(pg.terminal_view().attached.is_none());
}

#[test]
fn a_docker_line_during_a_build_ends_its_back_history() {
    let mut pg = Playground::new();
    pg.start(options(RUN_FILE, &["demo"]));
    assert!(pg.step().can_back);
    typed(&mut pg, "docker tag alpine mine:1");
    let view = pg.view();
    assert!(!view.can_back, "Back would restore a store without mine:1");
    let after = pg.back();
    assert_eq!(after.steps_done, view.steps_done, "Back does nothing now");
    assert!(typed(&mut pg, "docker images").0.contains("mine "), "the terminal's tag stays");
    // Stepping on works, and can be undone again.
    assert!(pg.step().can_back);
}

#[test]
fn save_offers_a_download_and_load_reads_it_back() {
    let mut pg = Playground::new();
    pg.start(options(RUN_FILE, &["demo"]));
    pg.run_to_end();
    let outcome = pg.terminal_execute("docker save -o demo.tar demo", 1);
    assert_eq!(outcome.exit_code, 0);
    assert_eq!(outcome.files.len(), 1);
    assert_eq!(outcome.files[0].name, "demo.tar");
    let bytes = pg.saved_file("demo.tar").expect("kept");
    assert_eq!(bytes.len() as u64, outcome.files[0].bytes);
    let (exported, _) = pg.export().unwrap();
    assert_eq!(bytes, exported, "docker save of the built image is the export");
    assert!(pg.terminal_execute("docker images", 2).files.is_empty(), "offered once");
    typed(&mut pg, "docker rmi demo");
    let (loaded, code) = typed(&mut pg, "docker load -i demo.tar");
    assert_eq!(code, 0, "{loaded}");
    assert!(loaded.contains("Loaded image: demo:latest"), "{loaded}");
    let (missing, code) = typed(&mut pg, "docker load -i nothing.tar");
    assert_eq!(code, 1);
    assert!(missing.contains("no such file"), "{missing}");
}

#[test]
fn forget_starts_the_terminal_over_too() {
    let mut pg = Playground::new();
    typed(&mut pg, "docker run --name x alpine true");
    assert_eq!(pg.terminal_view().containers.len(), 1);
    pg.forget();
    assert!(pg.terminal_view().containers.is_empty());
    assert!(pg.view().images.is_empty());
}
