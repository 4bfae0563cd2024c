//! Session transcripts: `tests/data/sessions/<case>/script` replayed through `layerlab session` must print
//! `expected` (`UPDATE_EXPECT=1` rewrites it), and an image made by `docker commit` exports to a tarball that the
//! store's importer (`docker load`) accepts with the same image ID and layers.

use layerlab::session::Session;
use layerlab::store::{export::export_bytes, import::import_archive, import::ImportLimits, ImageStore};
use layerlab_tests::{check_golden, data_dir, run_cli};

#[test]
fn transcripts_match_expected() {
    let root = data_dir().join("sessions");
    let mut cases: Vec<_> =
        std::fs::read_dir(&root).expect("tests/data/sessions").flatten().map(|e| e.path()).collect();
    cases.sort();
    assert!(cases.len() >= 5, "the session cases are missing from {}", root.display());
    let mut failures = Vec::new();
    for case in cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
        // `docker save -o` writes here, not into the test data.
        let files = std::env::temp_dir().join(format!("layerlab-session-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&files).unwrap();
        let script = case.join("script");
        let args = ["session", "--files", files.to_str().expect("UTF-8 path"), script.to_str().expect("UTF-8 path")];
        let (code, out, err) = run_cli(&args);
        assert_eq!(code, 0, "{}: {err}", case.display());
        assert!(err.is_empty(), "{}: {err}", case.display());
        // Same script, same transcript.
        let (_, again, _) = run_cli(&args);
        assert_eq!(out, again, "{}: a second run printed something else", case.display());
        if let Some(diff) = check_golden(&case.join("expected"), &out) {
            failures.push(diff);
        }
        if name == "save_load" {
            // The file `docker save` wrote is a tarball the importer accepts, holding the committed image.
            let bytes = std::fs::read(files.join("notes.tar")).expect("docker save wrote notes.tar");
            let mut store = ImageStore::new();
            let summary = import_archive(&mut store, &bytes, &ImportLimits::default()).expect("notes.tar loads");
            assert_eq!(summary.images.len(), 1);
            assert_eq!(summary.images[0].tags, ["notes:1"]);
            assert!(out.contains("Loaded image: notes:1\n"), "{out}");
            let image = store.resolve("notes:1").expect("notes:1");
            assert_eq!(image.fs.read("/note.txt").expect("the file").as_ref(), b"saved\n");
        }
        std::fs::remove_dir_all(&files).ok();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_clock_moves_relative_times() {
    let dir = std::env::temp_dir().join(format!("layerlab-session-clock-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("script");
    std::fs::write(&script, "docker run --name a alpine true\ndocker ps -a\n").unwrap();
    let (_, slow, _) = run_cli(&["session", "--tick", "7200", script.to_str().unwrap()]);
    let (_, fast, _) = run_cli(&["session", "--tick", "3", script.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(slow.contains("2 hours ago"), "{slow}");
    assert!(fast.contains("3 seconds ago"), "{fast}");
}

#[test]
fn committed_image_round_trips_through_docker_load() {
    let mut session = Session::new(1_735_689_600);
    for line in [
        "docker run -it --name git ubuntu:latest bash",
        "apt-get update",
        "apt-get install -y git",
        "exit",
        "docker commit -m 'git installed' git ubuntu:git",
    ] {
        session.advance_clock(1);
        let outcome = session.execute(line);
        assert_eq!(outcome.exit_code, 0, "{line}: {}", outcome.text());
    }
    let committed = session.store().resolve("ubuntu:git").expect("ubuntu:git");
    let (tarball, _) = export_bytes(session.store(), &["ubuntu:git".to_string()]).expect("export");
    let mut loaded = ImageStore::new();
    let summary = import_archive(&mut loaded, &tarball, &ImportLimits::default()).expect("docker load accepts it");
    assert_eq!(summary.images.len(), 1);
    assert_eq!(summary.images[0].id, committed.id);
    assert_eq!(summary.images[0].tags, ["ubuntu:git"]);
    let image = loaded.resolve("ubuntu:git").expect("tagged after load");
    let diff_ids = |i: &layerlab::store::Image| i.layers.iter().map(|l| l.diff_id.clone()).collect::<Vec<_>>();
    assert_eq!(diff_ids(&image), diff_ids(&committed));
    assert!(image.fs.exists("/usr/bin/git"));
    assert_eq!(image.config.history.last().and_then(|h| h.comment.as_deref()), Some("git installed"));
    // A second load of the same bytes into a session that has the base shares its layers.
    let again = import_archive(&mut loaded, &tarball, &ImportLimits::default()).expect("again");
    assert_eq!(again.images[0].id, committed.id);
}
