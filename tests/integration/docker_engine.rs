//! Exported images in a real Docker engine: every golden build is made with the minibox binaries, exported,
//! `docker load`ed, and `docker image inspect` must show the image ID the CLI prints and the same config (Cmd,
//! Entrypoint, Env, WorkingDir, User, ExposedPorts, Labels), layers (diff_ids) and history; then `docker run --rm
//! --network none` must print what `expected/run.txt` says (the command is the case's `run` file, a JSON array, or
//! the image's own CMD). `cargo xtask test` starts a private engine, builds minibox and sets DOCKER_HOST and
//! LAYERLAB_MINIBOX_DIR; without them these tests skip, except under CI=true where they fail.

use layerlab::build::engine::{Build, BuildOptions};
use layerlab::images::Arch;
use layerlab::oci::Digest;
use layerlab::store::ImageStore;
use layerlab_tests::{check_golden, data_dir, minibox};
use std::process::Command;

fn docker(host: &str, args: &[&str]) -> Result<String, String> {
    let output = Command::new("docker").arg("--host").arg(host).args(args).output().map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!("docker {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr)))
    }
}

/// `docker run --rm --network none IMAGE ARGS…`, written down as the golden `run.txt` shows it: the command, its
/// stdout, its stderr (if any) and its exit status.
fn docker_run(host: &str, image: &str, args: &[String]) -> String {
    let output = Command::new("docker")
        .arg("--host")
        .arg(host)
        .args(["run", "--rm", "--network", "none", image])
        .args(args)
        .output()
        .expect("docker run");
    let quoted: Vec<String> = args
        .iter()
        .map(|a| if a.contains([' ', '"', '\'', ';']) { format!("'{}'", a.replace('\'', "'\\''")) } else { a.clone() })
        .collect();
    let mut shown = format!("$ docker run --rm --network none IMAGE {}\n", quoted.join(" ")).replace(" \n", "\n");
    shown.push_str(&String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !stderr.is_empty() {
        shown.push_str("stderr:\n");
        shown.push_str(&stderr);
    }
    shown.push_str(&format!("exit status {}\n", output.status.code().unwrap_or(-1)));
    shown
}

#[test]
fn exported_golden_images_load_with_the_same_ids_config_and_layers_and_run() {
    let Some(host) = layerlab_tests::docker_host() else { return };
    let Some(minibox) = minibox(Arch::Amd64) else { return };
    let mut failures = Vec::new();
    let dir = std::env::temp_dir().join(format!("layerlab-docker-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut cases: Vec<_> = std::fs::read_dir(data_dir().join("builds")).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    let mut loaded = 0;
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let context = layerlab_cli::context_dir::read(&case.join("context")).unwrap();
        let tag = format!("layerlab-test/{name}:golden");
        let options = BuildOptions {
            tags: vec![tag.clone()],
            arch: Arch::Amd64,
            minibox: minibox.clone(),
            ..BuildOptions::default()
        };
        let mut store = ImageStore::new();
        let mut build = Build::new(context, options).unwrap();
        build.run_to_end(&mut store);
        let Some(Ok(id)) = build.outcome().cloned() else { continue };
        let image = store.get(&id).unwrap();
        let tarball = dir.join(format!("{name}.tar"));
        let (bytes, _) = layerlab::store::export::export_bytes(&store, std::slice::from_ref(&tag)).unwrap();
        std::fs::write(&tarball, bytes).unwrap();
        let output =
            docker(&host, &["load", "-i", tarball.to_str().unwrap()]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(output.contains(&format!("Loaded image: {tag}")), "{name}: {output}");
        let inspect = docker(&host, &["image", "inspect", &tag]).unwrap();
        let inspect: serde_json::Value = serde_json::from_str(&inspect).unwrap();
        let inspect = &inspect[0];
        assert_eq!(inspect["Id"], id.to_string(), "{name}: docker shows another image ID");
        let ours: serde_json::Value = serde_json::from_slice(&image.config_bytes).unwrap();
        for field in ["Cmd", "Entrypoint", "Env", "WorkingDir", "User", "ExposedPorts", "Labels"] {
            let theirs = &inspect["Config"][field];
            let mine = &ours["config"][field];
            let same = theirs == mine
                || (mine.is_null() && (theirs.is_null() || theirs == "" || theirs == &serde_json::json!({})));
            assert!(same, "{name}: Config.{field}: docker {theirs} vs layerlab {mine}");
        }
        let layers: Vec<String> = image.layers.iter().map(|l| l.diff_id.to_string()).collect();
        assert_eq!(inspect["RootFS"]["Layers"], serde_json::json!(layers), "{name}: layers");
        assert_eq!(inspect["Architecture"], "amd64");
        let history = docker(&host, &["history", "--no-trunc", "-q", &tag]).unwrap();
        assert_eq!(history.lines().count(), image.config.history.len(), "{name}: history entries");
        let args: Vec<String> = match std::fs::read_to_string(case.join("run")) {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}/run: {e}")),
            Err(_) => Vec::new(),
        };
        let ran = docker_run(&host, &tag, &args);
        failures.extend(check_golden(&case.join("expected").join("run.txt"), &ran));
        docker(&host, &["image", "rm", &tag]).unwrap();
        loaded += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(loaded >= 10, "only {loaded} golden images were loaded");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Builds `dockerfile` (in an otherwise empty context) with the minibox binaries for `arch`.
fn build_image(
    dockerfile: &str,
    tags: &[&str],
    arch: Arch,
    minibox: layerlab::images::Minibox,
) -> (ImageStore, Digest) {
    let mut context = layerlab::build::context::BuildContext::new();
    context.add_file("Dockerfile", dockerfile.as_bytes().to_vec(), 0o644).unwrap();
    let options =
        BuildOptions { tags: tags.iter().map(|t| t.to_string()).collect(), arch, minibox, ..BuildOptions::default() };
    let mut store = ImageStore::new();
    let mut build = Build::new(context, options).unwrap();
    build.run_to_end(&mut store);
    let id = match build.outcome() {
        Some(Ok(id)) => id.clone(),
        other => panic!("the build failed: {other:?}"),
    };
    (store, id)
}

#[test]
fn an_arm64_export_carries_arm64_programs_and_loads_as_arm64() {
    let Some(host) = layerlab_tests::docker_host() else { return };
    let Some(minibox) = minibox(Arch::Arm64) else { return };
    let tag = "layerlab-test/arm64:golden";
    let (store, id) =
        build_image("FROM alpine\nRUN echo hi > /hi\nCMD [\"cat\", \"/hi\"]\n", &[tag], Arch::Arm64, minibox);
    let image = store.get(&id).unwrap();
    let busybox = image.fs.read("/bin/busybox").unwrap();
    assert!(layerlab::images::minibox::is_minibox(&busybox), "/bin/busybox is not minibox");
    assert_eq!(u16::from_le_bytes([busybox[18], busybox[19]]), 183, "/bin/busybox is not an AArch64 executable");
    let (bytes, _) = layerlab::store::export::export_bytes(&store, &[tag.to_string()]).unwrap();
    let tarball = std::env::temp_dir().join(format!("layerlab-arm64-{}.tar", std::process::id()));
    std::fs::write(&tarball, bytes).unwrap();
    let output = docker(&host, &["load", "-i", tarball.to_str().unwrap()]).unwrap();
    let _ = std::fs::remove_file(&tarball);
    assert!(output.contains(&format!("Loaded image: {tag}")), "{output}");
    let inspect =
        docker(&host, &["image", "inspect", "--format", "{{.Id}} {{.Os}}/{{.Architecture}}/{{.Variant}}", tag])
            .unwrap();
    assert_eq!(inspect.trim(), format!("{id} linux/arm64/v8"));
    docker(&host, &["image", "rm", tag]).unwrap();
}

#[test]
fn a_multi_tag_export_loads_every_tag_and_the_cli_prints_the_id_docker_shows() {
    let Some(host) = layerlab_tests::docker_host() else { return };
    if minibox(Arch::Amd64).is_none() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("layerlab-multitag-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("context")).unwrap();
    std::fs::write(
        dir.join("context").join("Dockerfile"),
        "FROM busybox\nENV WHO=students\nCMD echo \"hello, $WHO\"\n",
    )
    .unwrap();
    let tarball = dir.join("image.tar");
    let (code, out, err) = layerlab_tests::run_cli(&[
        "build",
        "-t",
        "layerlab-test/multi:one",
        "-t",
        "layerlab-test/multi:two",
        "--export",
        tarball.to_str().unwrap(),
        dir.join("context").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let printed = out
        .lines()
        .find_map(|l| l.strip_prefix("After loading, docker images shows IMAGE ID "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the CLI printed no image ID:\n{out}"))
        .to_string();
    let loaded = docker(&host, &["load", "-i", tarball.to_str().unwrap()]).unwrap();
    for tag in ["layerlab-test/multi:one", "layerlab-test/multi:two"] {
        assert!(loaded.contains(&format!("Loaded image: {tag}")), "{loaded}");
        let shown = docker(&host, &["images", "--format", "{{.ID}}", tag]).unwrap();
        assert_eq!(shown.trim(), printed, "{tag}: docker images shows another ID than the CLI printed");
        let ran = Command::new("docker")
            .args(["--host", &host, "run", "--rm", "--network", "none", tag])
            .output()
            .expect("docker run");
        assert_eq!(String::from_utf8_lossy(&ran.stdout), "hello, students\n", "{tag}");
    }
    docker(&host, &["image", "rm", "layerlab-test/multi:one", "layerlab-test/multi:two"]).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The course's other way to make an image: a container changed by hand and `docker commit`ed, saved by
/// `layerlab session`'s `docker save`, then loaded and run by the real engine like a built image.
#[test]
fn a_committed_image_from_a_session_loads_and_runs_in_the_engine() {
    let Some(host) = layerlab_tests::docker_host() else { return };
    let Some(_) = minibox(Arch::Amd64) else { return };
    let minibox_dir = std::env::var("LAYERLAB_MINIBOX_DIR").expect("LAYERLAB_MINIBOX_DIR names the minibox binaries");
    let dir = std::env::temp_dir().join(format!("layerlab-docker-commit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("script");
    std::fs::write(
        &script,
        "docker run -it --name c alpine sh\n\
         echo \"committed, not built\" > /hello.txt\n\
         exit\n\
         docker commit -c 'CMD [\"cat\", \"/hello.txt\"]' c layerlab-test/commit:1\n\
         docker save -o commit.tar layerlab-test/commit:1\n",
    )
    .unwrap();
    let files = dir.display().to_string();
    let (code, out, err) = layerlab_tests::run_cli(&[
        "session",
        "--minibox",
        &minibox_dir,
        "--files",
        &files,
        &script.display().to_string(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let id = out
        .lines()
        .skip_while(|l| !l.starts_with("$ docker commit"))
        .nth(1)
        .and_then(|l| l.strip_prefix("sha256:"))
        .unwrap_or_else(|| panic!("docker commit printed no image ID:\n{out}"))
        .to_string();
    docker(&host, &["load", "-i", &dir.join("commit.tar").display().to_string()]).unwrap();
    let inspected = docker(&host, &["image", "inspect", "--format", "{{.Id}}", "layerlab-test/commit:1"]).unwrap();
    assert_eq!(inspected.trim(), format!("sha256:{id}"), "the engine names the image as the session did");
    let run = docker_run(&host, "layerlab-test/commit:1", &[]);
    assert_eq!(run, "$ docker run --rm --network none IMAGE\ncommitted, not built\nexit status 0\n");
    let _ = docker(&host, &["rmi", "layerlab-test/commit:1"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every lesson's final image in the real engine: the image of the solution's last build (exported as the page's
/// download button exports it) or, when the solution built nothing, the image its last `output` check names (saved
/// by `docker save` in the lesson's terminal). Loaded and run — with the `output` check's arguments when one names
/// that image, else with its own command — it must print what the simulation printed, with the same exit status:
/// for the `output` check, what the check saw; otherwise what `docker run --rm IMAGE` did in the simulation (exit 0
/// for a working image; a lesson's image may also fail on purpose, as `FROM scratch` without `cat` does, and must
/// then fail the same way). The one accepted difference is labelled: a program the simulation only imitates (apt's
/// `curl`) is not in an exported image, and minibox says so (`simulated by layerlab`); such lessons are listed.
/// A terminal lesson without a build or an `output` check runs the last image its checks name (08: the committed
/// ubuntu:git) with its own command; a lesson whose checks name no image at all is skipped (the test prints them).
#[test]
fn every_lessons_final_image_runs_in_the_engine_as_in_the_simulation() {
    use layerlab::lessons::CheckKind;
    use layerlab_cli::lessons_cmd::{do_lesson, lesson_files, minibox_binaries, read_lesson};
    let Some(host) = layerlab_tests::docker_host() else { return };
    if minibox(Arch::Amd64).is_none() {
        return;
    }
    let binaries = minibox_binaries(None).expect("minibox loads");
    assert!(!binaries.is_empty(), "the minibox binaries were found but not loaded");
    let dir = std::env::temp_dir().join(format!("layerlab-docker-lessons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = lesson_files(&layerlab_tests::repo_root().join("lessons")).unwrap();
    assert!(!files.is_empty(), "lessons/ holds no lessons");
    let (mut ran, mut skipped, mut simulated_only, mut failures) = (0, Vec::new(), Vec::new(), Vec::new());
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let lesson = read_lesson(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut done = do_lesson(&lesson, true, &binaries).unwrap_or_else(|e| panic!("{name}: {e}"));
        let outputs: Vec<_> = lesson.checks.iter().filter(|c| c.kind == CheckKind::Output).collect();
        // The image, the tarball, the reference the engine knows it by, and the output check that ran it.
        let (tarball, reference, check) = if let Ok((bytes, summary)) = done.playground.export() {
            let image = &summary.images[0];
            let reference = image.repo_tags.first().cloned().unwrap_or_else(|| image.image_id.clone());
            let check = outputs.iter().rev().find(|c| {
                done.playground.image_id(c.image.as_deref().unwrap_or_default()).as_ref() == Some(&image.image_id)
            });
            (bytes, reference, check.copied())
        } else if let Some(reference) = outputs
            .last()
            .and_then(|c| c.image.clone())
            // A terminal lesson without an output check: the last image its checks name (ubuntu:git, alpine …).
            .or_else(|| {
                lesson
                    .checks
                    .iter()
                    .rev()
                    .find_map(|c| c.image.clone().filter(|i| done.playground.image_id(i).is_some()))
            })
        {
            let check = outputs.last().filter(|c| c.image.as_deref() == Some(reference.as_str()));
            let mut page = done.page.clone();
            let save = format!("docker save -o lesson.tar {reference}");
            let printed = done.playground.apply(&layerlab::lessons::Action::Type(save), &mut page).unwrap();
            let bytes = done.playground.saved_file("lesson.tar").unwrap_or_else(|| panic!("{name}: {printed}"));
            (bytes, reference, check.copied())
        } else {
            skipped.push(name);
            continue;
        };
        let file = dir.join(format!("{name}.tar"));
        std::fs::write(&file, &tarball).unwrap();
        let loaded = docker(&host, &["load", "-i", file.to_str().unwrap()]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let args: Vec<String> = check.and_then(|c| c.args.clone()).unwrap_or_default();
        let real = Command::new("docker")
            .args(["--host", &host, "run", "--rm", "--network", "none", &reference])
            .args(&args)
            .output()
            .expect("docker run");
        let real_stdout = String::from_utf8_lossy(&real.stdout).into_owned();
        let real_code = real.status.code().unwrap_or(-1);
        let real_stderr = String::from_utf8_lossy(&real.stderr).into_owned();
        let simulated_ref = check.and_then(|c| c.image.clone()).unwrap_or_else(|| reference.clone());
        let simulated = done.playground.run_in_copy(&simulated_ref, &args).unwrap();
        if (real_stdout.as_str(), real_code) == (simulated.stdout.as_str(), simulated.exit_code) {
            // The engine did what the simulation did.
        } else if real_stderr.contains("simulated by layerlab") {
            simulated_only.push(format!("{name} ({})", real_stderr.trim()));
        } else {
            failures.push(format!(
                "{name}: docker run {reference} {args:?}\n  the engine: exit {real_code}, stdout {real_stdout:?}, \
                 stderr {real_stderr:?}\n  simulated:  exit {}, stdout {:?}, stderr {:?}",
                simulated.exit_code, simulated.stdout, simulated.stderr
            ));
        }
        // Loaded by tag, or by ID when the image had none.
        let loaded_refs: Vec<&str> = loaded
            .lines()
            .filter_map(|l| l.strip_prefix("Loaded image: ").or_else(|| l.strip_prefix("Loaded image ID: ")))
            .collect();
        let _ = docker(&host, &[&["image", "rm"][..], &loaded_refs].concat());
        ran += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(skipped.is_empty() || ran > 0, "every lesson was skipped: {skipped:?}");
    eprintln!(
        "{ran} lesson images ran in the engine; their commands are simulated-only programs: {simulated_only:?}; \
         skipped (no image named): {skipped:?}"
    );
}
