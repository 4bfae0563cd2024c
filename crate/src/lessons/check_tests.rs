//! Every check kind evaluated against a real playground, passing and failing, with what it says it found; and
//! checks that name things that are not there, or are not valid, fail without panicking.

use super::*;
use crate::playground::{CheckResult, PageState, Playground};

/// A check from its kind-specific fields (as JSON), with `says` and `hint`.
fn check(fields: serde_json::Value) -> Check {
    let mut value = fields;
    value["says"] = serde_json::json!({ "ko": "묻는 것", "en": "what it asks" });
    value["hint"] = serde_json::json!({ "ko": "힌트", "en": "a hint" });
    serde_json::from_value(value).expect("a check")
}

fn lesson(checks: Vec<Check>) -> Lesson {
    Lesson {
        id: "test".into(),
        order: 1,
        mode: Mode::Build,
        title: Text::new("제목", "title"),
        teaches: TextList { ko: vec!["하나".into()], en: vec!["one".into()] },
        ideas: Vec::new(),
        starter: Setup::default(),
        solution: Setup::default(),
        checks,
        prose: Text::new("본문", "prose"),
    }
}

fn evaluate(pg: &Playground, page: &PageState, fields: serde_json::Value) -> CheckResult {
    let mut results = pg.check_lesson(&lesson(vec![check(fields)]), page);
    assert_eq!(results.len(), 1);
    let result = results.remove(0);
    assert!(!result.found.en.is_empty() && !result.found.ko.is_empty(), "{result:?}");
    assert_eq!(result.says.en, "what it asks");
    assert_eq!(result.hint.en, "a hint");
    result
}

fn passes(pg: &Playground, page: &PageState, fields: serde_json::Value) -> String {
    let result = evaluate(pg, page, fields.clone());
    assert!(result.passed, "{fields} should pass: {}", result.found.en);
    result.found.en
}

fn fails(pg: &Playground, page: &PageState, fields: serde_json::Value) -> String {
    let result = evaluate(pg, page, fields.clone());
    assert!(!result.passed, "{fields} should fail: {}", result.found.en);
    result.found.en
}

const HELLO: &str = "FROM alpine\nRUN echo hello > /hello.txt\nWORKDIR /app\nENV GREETING=hi\nEXPOSE 8080\n\
                     CMD [\"cat\", \"/hello.txt\"]\n";

/// A playground after building [`HELLO`] as `hello:1.0`.
fn built() -> (Playground, PageState) {
    let mut pg = Playground::new();
    let mut page = PageState { dockerfile: HELLO.into(), tag: "hello:1.0".into(), exported: Vec::new() };
    pg.apply(&Action::Build, &mut page).unwrap();
    (pg, page)
}

fn type_lines(pg: &mut Playground, page: &mut PageState, text: &str) -> String {
    pg.apply(&Action::Type(text.into()), page).unwrap()
}

#[test]
fn build_passes_after_a_finished_build_and_fails_before_or_after_a_failed_one() {
    let mut pg = Playground::new();
    let mut page = PageState { dockerfile: HELLO.into(), ..PageState::default() };
    let found = fails(&pg, &page, serde_json::json!({ "kind": "build" }));
    assert_eq!(found, "nothing has been built yet");
    pg.apply(&Action::Build, &mut page).unwrap();
    assert!(passes(&pg, &page, serde_json::json!({ "kind": "build" })).starts_with("the last build finished: image "));
    page.dockerfile = "FROM alpine\nRUN exit 3\n".into();
    pg.apply(&Action::Build, &mut page).unwrap();
    let found = fails(&pg, &page, serde_json::json!({ "kind": "build" }));
    assert!(found.starts_with("the last build failed: "), "{found}");
    page.dockerfile = "FROM alpine\nBOGUS x\n".into();
    pg.apply(&Action::Build, &mut page).unwrap();
    let found = fails(&pg, &page, serde_json::json!({ "kind": "build" }));
    assert!(found.starts_with("the last build could not start: "), "{found}");
}

#[test]
fn image_names_an_image_or_says_which_there_are() {
    let (pg, page) = built();
    assert!(passes(&pg, &page, serde_json::json!({ "kind": "image", "image": "hello:1.0" }))
        .starts_with("hello:1.0 is image "));
    let found = fails(&pg, &page, serde_json::json!({ "kind": "image", "image": "hello:2.0" }));
    assert!(found.starts_with("there is no image named hello:2.0 (the tagged images: "), "{found}");
    assert!(found.contains("hello:1.0"), "{found}");
}

#[test]
fn file_looks_for_a_path_its_text_or_its_absence() {
    let (pg, page) = built();
    let file = |extra: serde_json::Value| {
        let mut fields = serde_json::json!({ "kind": "file", "image": "hello:1.0", "path": "/hello.txt" });
        for (key, value) in extra.as_object().unwrap() {
            fields[key] = value.clone();
        }
        fields
    };
    passes(&pg, &page, file(serde_json::json!({})));
    passes(&pg, &page, file(serde_json::json!({ "contains": "hello" })));
    let found = fails(&pg, &page, file(serde_json::json!({ "contains": "goodbye" })));
    assert_eq!(found, "/hello.txt in hello:1.0 holds \"hello\\n\", without \"goodbye\"");
    let found = fails(&pg, &page, file(serde_json::json!({ "absent": true })));
    assert_eq!(found, "/hello.txt is in hello:1.0");
    passes(&pg, &page, file(serde_json::json!({ "path": "/nope", "absent": true })));
    let found = fails(&pg, &page, file(serde_json::json!({ "path": "/nope" })));
    assert_eq!(found, "hello:1.0 has no /nope");
    let found = fails(&pg, &page, file(serde_json::json!({ "path": "/etc", "contains": "x" })));
    assert!(found.starts_with("/etc in hello:1.0 is not a file"), "{found}");
    fails(&pg, &page, file(serde_json::json!({ "image": "missing" })));
}

#[test]
fn layers_counts_non_empty_layers_alone_or_relative_to_another_image() {
    let (pg, page) = built();
    // alpine's one layer, the RUN's, and WORKDIR's (it made /app); ENV, EXPOSE and CMD add none.
    assert_eq!(
        passes(&pg, &page, serde_json::json!({ "kind": "layers", "image": "hello:1.0", "count": 3 })),
        "hello:1.0 has 3 layers"
    );
    let found = fails(&pg, &page, serde_json::json!({ "kind": "layers", "image": "hello:1.0", "count": 2 }));
    assert_eq!(found, "hello:1.0 has 3 layers, not 2");
    passes(&pg, &page, serde_json::json!({ "kind": "layers", "image": "hello:1.0", "max": 3 }));
    fails(&pg, &page, serde_json::json!({ "kind": "layers", "image": "hello:1.0", "min": 5 }));
    let found = passes(
        &pg,
        &page,
        serde_json::json!({ "kind": "layers", "image": "hello:1.0", "relative_to": "alpine", "count": 2 }),
    );
    assert_eq!(found, "hello:1.0 has 3 layers; alpine has 1, so 2 more");
    let found = fails(
        &pg,
        &page,
        serde_json::json!({ "kind": "layers", "image": "hello:1.0", "relative_to": "alpine", "count": 1 }),
    );
    assert_eq!(found, "hello:1.0 has 3 layers; alpine has 1, so 2 more, not 1 more");
    let found = fails(
        &pg,
        &page,
        serde_json::json!({ "kind": "layers", "image": "alpine", "relative_to": "hello:1.0", "min": 0 }),
    );
    assert_eq!(found, "alpine has 1 layer; hello:1.0 has 3, so 2 fewer, not at least the same number");
    passes(
        &pg,
        &page,
        serde_json::json!({ "kind": "layers", "image": "alpine", "relative_to": "hello:1.0", "count": -2 }),
    );
    fails(&pg, &page, serde_json::json!({ "kind": "layers", "image": "hello:1.0", "relative_to": "nope", "count": 1 }));
}

#[test]
fn same_image_compares_ids() {
    let (mut pg, mut page) = built();
    type_lines(&mut pg, &mut page, "docker tag hello:1.0 hello:latest");
    let found = passes(&pg, &page, serde_json::json!({ "kind": "same_image", "image": "hello:1.0", "as": "hello" }));
    assert!(found.starts_with("hello:1.0 and hello are the same image ("), "{found}");
    let found = fails(&pg, &page, serde_json::json!({ "kind": "same_image", "image": "hello:1.0", "as": "alpine" }));
    assert!(found.contains(" but alpine is image "), "{found}");
}

#[test]
fn size_compares_with_bytes_or_another_image() {
    let (pg, page) = built();
    let found =
        passes(&pg, &page, serde_json::json!({ "kind": "size", "image": "hello:1.0", "below": 1_000_000_000u64 }));
    assert!(found.contains(" bytes), below 1GB"), "{found}");
    let found = fails(&pg, &page, serde_json::json!({ "kind": "size", "image": "hello:1.0", "below": 10 }));
    assert!(found.contains("not below 10B (10 bytes)"), "{found}");
    passes(&pg, &page, serde_json::json!({ "kind": "size", "image": "alpine", "smaller_than": "hello:1.0" }));
    let found =
        fails(&pg, &page, serde_json::json!({ "kind": "size", "image": "hello:1.0", "smaller_than": "alpine" }));
    assert!(found.contains("not smaller than alpine"), "{found}");
}

#[test]
fn cached_reads_the_last_builds_steps() {
    let mut pg = Playground::new();
    let mut page = PageState { dockerfile: HELLO.into(), tag: "hello:1.0".into(), exported: Vec::new() };
    fails(&pg, &page, serde_json::json!({ "kind": "cached", "step": 2 }));
    pg.apply(&Action::Build, &mut page).unwrap();
    let found = fails(&pg, &page, serde_json::json!({ "kind": "cached", "step": 2 }));
    assert_eq!(found, "step 2 (RUN echo hello > /hello.txt) ran (it did not come from the cache)");
    passes(&pg, &page, serde_json::json!({ "kind": "cached", "step": 2, "cached": false }));
    pg.apply(&Action::Build, &mut page).unwrap();
    let found = passes(&pg, &page, serde_json::json!({ "kind": "cached", "step": 2 }));
    assert_eq!(found, "step 2 (RUN echo hello > /hello.txt) came from the cache");
    fails(&pg, &page, serde_json::json!({ "kind": "cached", "step": 2, "cached": false }));
    let found = fails(&pg, &page, serde_json::json!({ "kind": "cached", "step": 99 }));
    assert_eq!(found, "the last build has 6 steps; there is no step 99");
}

#[test]
fn instruction_counts_the_editors_instructions() {
    let page = PageState {
        dockerfile: "FROM alpine\nRUN apk add git\nrun echo \\\n  done\nCOPY . /app\n".into(),
        ..PageState::default()
    };
    let pg = Playground::new();
    passes(&pg, &page, serde_json::json!({ "kind": "instruction", "keyword": "RUN" }));
    let found = passes(&pg, &page, serde_json::json!({ "kind": "instruction", "keyword": "run", "count": 2 }));
    assert_eq!(found, "the Dockerfile has 2 RUN instructions");
    let found = fails(&pg, &page, serde_json::json!({ "kind": "instruction", "keyword": "RUN", "max": 1 }));
    assert_eq!(found, "the Dockerfile has 2 RUN instructions, not at most 1");
    passes(&pg, &page, serde_json::json!({ "kind": "instruction", "keyword": "RUN", "contains": "done", "count": 1 }));
    let found = fails(&pg, &page, serde_json::json!({ "kind": "instruction", "keyword": "CMD" }));
    assert_eq!(found, "the Dockerfile has 0 CMD instructions, not at least 1");
    passes(&pg, &page, serde_json::json!({ "kind": "instruction", "keyword": "ENTRYPOINT", "count": 0 }));
}

#[test]
fn config_reads_the_images_config() {
    let (pg, page) = built();
    let config = |field: &str, value: serde_json::Value| {
        let mut fields = serde_json::json!({ "kind": "config", "image": "hello:1.0" });
        fields[field] = value;
        fields
    };
    passes(&pg, &page, config("cmd", serde_json::json!(["cat", "/hello.txt"])));
    let found = fails(&pg, &page, config("cmd", serde_json::json!(["cat", "/other"])));
    assert_eq!(found, "the CMD of hello:1.0 is [\"cat\",\"/hello.txt\"]");
    let found = fails(&pg, &page, config("entrypoint", serde_json::json!(["/bin/sh"])));
    assert_eq!(found, "the ENTRYPOINT of hello:1.0 is none");
    passes(&pg, &page, config("workdir", serde_json::json!("/app")));
    fails(&pg, &page, config("workdir", serde_json::json!("/srv")));
    passes(&pg, &page, config("user", serde_json::json!("root")));
    fails(&pg, &page, config("user", serde_json::json!("app")));
    passes(&pg, &page, config("env", serde_json::json!("GREETING=hi")));
    let found = fails(&pg, &page, config("env", serde_json::json!("GREETING=bye")));
    assert_eq!(found, "hello:1.0 has GREETING=hi in its Env");
    fails(&pg, &page, config("env", serde_json::json!("OTHER=1")));
    passes(&pg, &page, config("expose", serde_json::json!("8080/tcp")));
    passes(&pg, &page, config("expose", serde_json::json!("8080")));
    let found = fails(&pg, &page, config("expose", serde_json::json!("80")));
    assert_eq!(found, "the ExposedPorts of hello:1.0: 8080/tcp");
}

#[test]
fn command_matches_typed_words_whatever_the_spaces() {
    let mut pg = Playground::new();
    let mut page = PageState::default();
    let found = fails(&pg, &page, serde_json::json!({ "kind": "command", "prefix": "docker images" }));
    assert_eq!(found, "nothing has been typed in the terminal yet");
    type_lines(&mut pg, &mut page, "docker   images  -a\ndocker ps\n");
    let found = passes(&pg, &page, serde_json::json!({ "kind": "command", "prefix": "docker  images" }));
    assert_eq!(found, "you typed `docker   images  -a`");
    let found = fails(&pg, &page, serde_json::json!({ "kind": "command", "prefix": "docker tag" }));
    assert_eq!(found, "none of the 2 lines typed starts with `docker tag` (the last: `docker ps`)");
    // Words, not characters: `docker image` is not a prefix of `docker images`.
    fails(&pg, &page, serde_json::json!({ "kind": "command", "prefix": "docker image" }));
}

#[test]
fn container_reads_the_state_by_name() {
    let mut pg = Playground::new();
    let mut page = PageState::default();
    type_lines(&mut pg, &mut page, "docker run --name done alpine true\ndocker create --name new alpine\n");
    type_lines(&mut pg, &mut page, "docker run -it --name shell alpine sh\n");
    let container = |name: &str, state: &str| serde_json::json!({ "kind": "container", "name": name, "state": state });
    assert_eq!(passes(&pg, &page, container("done", "exited")), "container done is exited (code 0)");
    assert_eq!(fails(&pg, &page, container("done", "running")), "container done is exited (code 0)");
    passes(&pg, &page, container("new", "created"));
    passes(&pg, &page, container("shell", "running"));
    assert_eq!(passes(&pg, &page, container("gone", "absent")), "there is no container named gone");
    fails(&pg, &page, container("gone", "exited"));
    fails(&pg, &page, container("done", "absent"));
}

#[test]
fn output_runs_the_image_in_a_copy_and_changes_nothing() {
    let (mut pg, mut page) = built();
    type_lines(&mut pg, &mut page, "docker ps -a");
    let before = (pg.terminal_view().containers.len(), pg.view().images.len());
    let found = passes(&pg, &page, serde_json::json!({ "kind": "output", "image": "hello:1.0", "contains": "hello" }));
    assert_eq!(found, "`docker run --rm hello:1.0` printed \"hello\\n\"");
    let found = passes(
        &pg,
        &page,
        serde_json::json!({ "kind": "output", "image": "hello:1.0", "contains": "a b", "args": ["echo", "a b"] }),
    );
    assert_eq!(found, "`docker run --rm hello:1.0 echo 'a b'` printed \"a b\\n\"");
    let found = fails(&pg, &page, serde_json::json!({ "kind": "output", "image": "hello:1.0", "contains": "bye" }));
    assert_eq!(found, "`docker run --rm hello:1.0` printed \"hello\\n\", without \"bye\"");
    let found = fails(
        &pg,
        &page,
        serde_json::json!({ "kind": "output", "image": "hello:1.0", "contains": "x", "args": ["sh", "-c", "exit 4"] }),
    );
    assert!(found.contains("exited with code 4"), "{found}");
    fails(&pg, &page, serde_json::json!({ "kind": "output", "image": "ubuntu", "contains": "x" }));
    assert_eq!((pg.terminal_view().containers.len(), pg.view().images.len()), before, "a check changed the state");
    // The check's `docker run` is not a line the student typed.
    fails(&pg, &page, serde_json::json!({ "kind": "command", "prefix": "docker run" }));
}

#[test]
fn shares_compares_the_first_layers() {
    let (pg, page) = built();
    let found = passes(&pg, &page, serde_json::json!({ "kind": "shares", "image": "hello:1.0", "with": "alpine" }));
    assert_eq!(found, "the first 1 layer of hello:1.0 are those of alpine");
    let found = fails(&pg, &page, serde_json::json!({ "kind": "shares", "image": "alpine", "with": "hello:1.0" }));
    assert_eq!(found, "alpine has 1 layer, fewer than the 3 of hello:1.0");
    let mut pg = pg;
    let mut page = page;
    type_lines(&mut pg, &mut page, "docker pull busybox");
    let found = fails(&pg, &page, serde_json::json!({ "kind": "shares", "image": "hello:1.0", "with": "busybox" }));
    assert!(found.starts_with("layer 1 of hello:1.0 is "), "{found}");
}

#[test]
fn pushed_asks_the_simulated_registry() {
    let (mut pg, mut page) = built();
    let found = fails(&pg, &page, serde_json::json!({ "kind": "pushed", "image": "student/hello:1.0" }));
    assert_eq!(found, "nothing has been pushed yet");
    type_lines(&mut pg, &mut page, "docker tag hello:1.0 student/hello:1.0\ndocker push student/hello:1.0");
    let found = passes(&pg, &page, serde_json::json!({ "kind": "pushed", "image": "student/hello:1.0" }));
    assert!(found.starts_with("the registry holds student/hello:1.0 (image "), "{found}");
    let found = fails(&pg, &page, serde_json::json!({ "kind": "pushed", "image": "student/hello:2.0" }));
    assert_eq!(found, "the registry does not hold student/hello:2.0 (pushed: student/hello:1.0)");
    fails(&pg, &page, serde_json::json!({ "kind": "pushed", "image": "Not A Reference" }));
}

#[test]
fn exported_reads_the_pages_downloads() {
    let (mut pg, mut page) = built();
    let found = fails(&pg, &page, serde_json::json!({ "kind": "exported" }));
    assert_eq!(found, "nothing has been exported yet");
    fails(&pg, &page, serde_json::json!({ "kind": "exported", "image": "hello:1.0" }));
    pg.apply(&Action::Export, &mut page).unwrap();
    assert_eq!(page.exported.len(), 1);
    assert!(page.exported[0].starts_with("sha256:"));
    assert_eq!(passes(&pg, &page, serde_json::json!({ "kind": "exported" })), "1 image was exported");
    passes(&pg, &page, serde_json::json!({ "kind": "exported", "image": "hello:1.0" }));
    let found = fails(&pg, &page, serde_json::json!({ "kind": "exported", "image": "alpine" }));
    assert!(found.starts_with("the exports hold "), "{found}");
    // A bare hex ID from the page is the same export.
    page.exported = vec![page.exported[0].trim_start_matches("sha256:").to_string()];
    passes(&pg, &page, serde_json::json!({ "kind": "exported", "image": "hello:1.0" }));
}

#[test]
fn an_export_without_a_finished_build_is_an_error_of_the_action() {
    let mut pg = Playground::new();
    let mut page = PageState::default();
    assert!(pg.apply(&Action::Export, &mut page).is_err());
    assert!(pg.apply(&Action::Write { path: "../x".into(), content: String::new() }, &mut page).is_err());
}

#[test]
fn invalid_checks_and_strange_names_fail_without_panicking() {
    let (pg, page) = built();
    // Fields that do not fit the kind (a lesson from JSON is not validated first).
    let result = evaluate(&pg, &page, serde_json::json!({ "kind": "layers", "image": "hello:1.0" }));
    assert!(!result.passed);
    assert!(result.found.en.starts_with("this check cannot be evaluated: "), "{}", result.found.en);
    for name in ["", ":", "sha256:", "a:b:c", "@", "UPPER", &"x".repeat(5000), "../../etc", "😀"] {
        for kind in ["image", "pushed", "exported"] {
            evaluate(&pg, &page, serde_json::json!({ "kind": kind, "image": name }));
        }
        evaluate(&pg, &page, serde_json::json!({ "kind": "file", "image": "hello:1.0", "path": name }));
        evaluate(&pg, &page, serde_json::json!({ "kind": "output", "image": name, "contains": "x" }));
        evaluate(&pg, &page, serde_json::json!({ "kind": "shares", "image": "hello:1.0", "with": name }));
        evaluate(&pg, &page, serde_json::json!({ "kind": "container", "name": name, "state": "running" }));
        evaluate(&pg, &page, serde_json::json!({ "kind": "instruction", "keyword": name }));
        evaluate(&pg, &page, serde_json::json!({ "kind": "command", "prefix": name }));
    }
    for step in [0u64, 1, u64::MAX] {
        evaluate(&pg, &page, serde_json::json!({ "kind": "cached", "step": step }));
    }
    for count in [i64::MIN, -1, 0, i64::MAX] {
        evaluate(&pg, &page, serde_json::json!({ "kind": "layers", "image": "hello:1.0", "count": count }));
        evaluate(
            &pg,
            &page,
            serde_json::json!({ "kind": "layers", "image": "hello:1.0", "relative_to": "alpine", "min": count }),
        );
    }
}

#[test]
fn results_carry_their_index_kind_says_and_hint() {
    let (pg, page) = built();
    let checks = vec![
        check(serde_json::json!({ "kind": "build" })),
        check(serde_json::json!({ "kind": "image", "image": "nope" })),
    ];
    let results = pg.check_lesson(&lesson(checks), &page);
    let json = serde_json::to_value(&results).unwrap();
    assert_eq!(json[0]["index"], 0);
    assert_eq!(json[0]["kind"], "build");
    assert_eq!(json[0]["passed"], true);
    assert_eq!(json[1]["index"], 1);
    assert_eq!(json[1]["kind"], "image");
    assert_eq!(json[1]["passed"], false);
    assert_eq!(json[1]["says"], serde_json::json!({ "ko": "묻는 것", "en": "what it asks" }));
    assert_eq!(json[1]["hint"], serde_json::json!({ "ko": "힌트", "en": "a hint" }));
    assert!(json[1]["found"]["ko"].as_str().unwrap().contains("nope"));
    let mut keys: Vec<&String> = json[1].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["found", "hint", "index", "kind", "passed", "says"]);
}
