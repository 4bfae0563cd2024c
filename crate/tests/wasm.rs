//! The JavaScript boundary, tested where it runs: compiled to wasm32 and run in headless Chromium by
//! wasm-bindgen-test (`cargo xtask test` sets up the runner and the driver). Values cross as the page receives them.
#![cfg(all(target_arch = "wasm32", feature = "engine"))]

use layerlab::wasm::{parse_dockerfile, version, Playground};
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

const HELLO: &str = "FROM alpine\nCMD [\"echo\", \"Hello\"]\n";

fn start(pg: &mut Playground, dockerfile: &str, tags: &[&str]) -> Value {
    let options = serde_json::json!({ "dockerfile": dockerfile, "tags": tags });
    json(&pg.start(&options.to_string()))
}

#[wasm_bindgen_test]
fn stepping_through_hello_in_the_browser() {
    let mut pg = Playground::new();
    let view = start(&mut pg, HELLO, &["lee20h/hello"]);
    assert_eq!(view["phase"], "ready");
    assert_eq!(view["total_steps"], 2);
    let view = json(&pg.step());
    assert_eq!(view["current"], 1);
    assert_eq!(view["steps"][0]["base"]["canonical"], "docker.io/library/alpine:latest");
    let view = json(&pg.step());
    assert_eq!(view["phase"], "finished");
    let container = &view["container"];
    assert_eq!(container["step"], 2);
    assert_eq!(container["removed"], true);
    assert_eq!(container["committed"]["empty_layer"], true);
    assert_eq!(view["outcome"]["tags"][0], "lee20h/hello:latest");
    let short = view["outcome"]["short_id"].as_str().unwrap();
    let log = view["logs"]["classic"].as_str().unwrap();
    assert!(log.starts_with("Sending build context to Docker daemon  2.048kB\nStep 1/2 : FROM alpine\n"), "{log}");
    assert!(log.ends_with(&format!("Successfully built {short}\nSuccessfully tagged lee20h/hello:latest\n")));
    // Back undoes the finish and the CMD step together (one call made both).
    let view = json(&pg.back());
    assert_eq!(view["steps_done"], 1);
    assert_eq!(view["outcome"], Value::Null);
}

#[wasm_bindgen_test]
fn the_same_input_gives_the_same_image_and_bytes_as_natively() {
    // The native half of this comparison is in the integration tests (the CLI's export of tests/data/builds/hello);
    // here: two sessions in the browser agree byte for byte, and the tarball is one the native reader accepts.
    let mut one = Playground::new();
    let mut two = Playground::new();
    start(&mut one, HELLO, &["hello"]);
    start(&mut two, HELLO, &["hello"]);
    let a = json(&one.run_to_end());
    let b = json(&two.run_to_end());
    assert_eq!(a["outcome"]["image_id"], b["outcome"]["image_id"]);
    let bytes = one.export().map_err(|_| "export failed").unwrap();
    assert!(bytes == two.export().map_err(|_| "export failed").unwrap());
    let mut store = layerlab::store::ImageStore::new();
    let loaded = layerlab::store::import::import_archive(&mut store, &bytes, &Default::default()).unwrap();
    assert_eq!(loaded.images[0].id.to_string(), a["outcome"]["image_id"].as_str().unwrap());
    let summary = json(&one.export_summary().map_err(|_| "summary failed").unwrap());
    assert_eq!(summary["bytes"].as_u64(), Some(bytes.len() as u64));
    assert_eq!(summary["commands"][0], "docker load -i hello.tar");
}

#[wasm_bindgen_test]
fn the_editor_gets_located_diagnostics() {
    let report = json(&parse_dockerfile("FROM alpine\nFORM x\n"));
    let first = &report["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["start"]["line"], 2);
    assert_eq!(first["start"]["column_utf16"], 0);
    assert_eq!(report["instructions"][1]["keyword"], "FORM");
    // Half-typed and hostile input never throws.
    for text in ["", "FROM", "RUN <<EOF\n", "\u{feff}FROM \u{1F600}\\\n", "ARG ${", "COPY --from= x"] {
        json(&parse_dockerfile(text));
    }
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn mistakes_are_data_and_real_failures_are_exceptions() {
    let mut pg = Playground::new();
    let view = json(&pg.start("{not json"));
    assert_eq!(view["phase"], "setup_error");
    let view = start(&mut pg, "FROM alpine\nFORM x\n", &[]);
    assert_eq!(view["setup_error"]["diagnostics"][0]["start"]["line"], 2);
    assert!(json(&pg.add_context_file("../x", b"x", 0o644))["error"].is_string());
    assert_eq!(pg.add_context_file("ok.txt", b"x", 0o644), "null");
    assert!(pg.add_minibox(b"not an elf").is_err());
    assert!(pg.tree("sha256:0123").is_err());
    assert!(pg.export().is_err());
    let loaded = json(&pg.load_archive(b"garbage"));
    assert_eq!(loaded["ok"], false);
}

#[wasm_bindgen_test]
fn files_and_trees_cross_as_bytes_and_json() {
    let mut pg = Playground::new();
    pg.add_context_file("hello.txt", "안녕 <b>x</b>\n".as_bytes(), 0o644);
    let view = start(&mut pg, "FROM alpine\nCOPY hello.txt /\n", &[]);
    assert_eq!(view["phase"], "ready");
    let view = json(&pg.run_to_end());
    let id = view["outcome"]["image_id"].as_str().unwrap().to_string();
    let bytes = pg.read_file(&id, "/hello.txt").map_err(|_| "read failed").unwrap();
    assert_eq!(bytes, "안녕 <b>x</b>\n".as_bytes());
    let tree = json(&pg.tree(&id).map_err(|_| "tree failed").unwrap());
    let entry = tree["entries"].as_array().unwrap().iter().find(|e| e["path"] == "/hello.txt").unwrap().clone();
    assert_eq!(entry["layer"], 1);
    let changes = json(&pg.layer_changes(&id, 1).map_err(|_| "changes failed").unwrap());
    assert_eq!(changes[0]["path"], "/hello.txt");
    assert_eq!(changes[0]["kind"], "added");
}

#[wasm_bindgen_test]
fn the_terminal_runs_docker_commands_over_the_playgrounds_images() {
    let mut pg = Playground::new();
    assert_eq!(pg.terminal_prompt(), "$ ");
    let ran = json(&pg.terminal_execute("docker run -it --name c ubuntu:latest bash", 1_735_689_601.0));
    assert_eq!(ran["exit_code"], 0);
    assert!(ran["prompt"].as_str().unwrap().starts_with("root@"), "{ran}");
    json(&pg.terminal_execute("apt-get update", 1_735_689_602.0));
    let asked = json(&pg.terminal_execute("apt-get install git", 1_735_689_603.0));
    assert_eq!(asked["awaiting_answer"], true);
    assert_eq!(asked["prompt"], "");
    let answered = json(&pg.terminal_execute("", 1_735_689_604.0));
    assert_eq!(answered["awaiting_answer"], false);
    assert_eq!(answered["exit_code"], 0);
    let view = json(&pg.terminal_view());
    assert_eq!(view["containers"][0]["state"], "running");
    assert!(view["containers"][0]["changes"].as_array().unwrap().iter().any(|c| c["path"] == "/usr/bin/git"), "{view}");
    json(&pg.terminal_execute("exit", 1_735_689_605.0));
    let completions = json(&pg.terminal_complete("docker comm"));
    assert_eq!(completions, serde_json::json!(["commit"]));
    let committed = json(&pg.terminal_execute("docker commit c ubuntu:git", f64::NAN));
    assert!(committed["output"][0]["text"].as_str().unwrap().starts_with("sha256:"), "{committed}");
    let view = json(&pg.terminal_view());
    assert_eq!(view["commit"]["container"], "c");
    assert_eq!(view["commit"]["tags"], serde_json::json!(["ubuntu:git"]));
    // The Build button's view lists the committed image too: one Docker.
    let images = json(&pg.view())["images"].clone();
    assert!(images.as_array().unwrap().iter().any(|i| i["tags"] == serde_json::json!(["ubuntu:git"])), "{images}");
}

#[wasm_bindgen_test]
fn a_lessons_checks_run_over_the_page_state_and_bad_json_is_an_error_value() {
    let lesson = serde_json::json!({
        "id": "tiny", "order": 1, "mode": "build",
        "title": { "ko": "작은", "en": "tiny" }, "teaches": { "ko": [], "en": [] }, "ideas": [],
        "starter": { "files": {}, "do": [] }, "solution": { "files": {}, "do": [ { "build": true } ] },
        "checks": [
            { "kind": "output", "image": "tiny:1", "contains": "Hi",
              "says": { "ko": "Hi", "en": "prints Hi" }, "hint": { "ko": "CMD", "en": "CMD" } },
            { "kind": "instruction", "keyword": "CMD",
              "says": { "ko": "CMD", "en": "has a CMD" }, "hint": { "ko": "CMD", "en": "add CMD" } }
        ],
        "prose": { "ko": "", "en": "" }
    })
    .to_string();
    let mut pg = Playground::new();
    let page = r#"{"dockerfile":"FROM alpine\n","tag":"tiny:1","exported":[]}"#;
    let before = json(&pg.check_lesson(&lesson, page));
    assert_eq!(before[0]["passed"], false, "{before}");
    assert!(before[0]["found"]["en"].as_str().unwrap().contains("tiny:1"), "{before}");
    let dockerfile = "FROM alpine\nCMD [\"echo\", \"Hi\"]\n";
    start(&mut pg, dockerfile, &["tiny:1"]);
    json(&pg.run_to_end());
    let page = serde_json::json!({ "dockerfile": dockerfile, "tag": "tiny:1", "exported": [] }).to_string();
    let after = json(&pg.check_lesson(&lesson, &page));
    assert_eq!(after[0]["passed"], true, "{after}");
    assert_eq!(after[1]["passed"], true, "{after}");
    let bad = json(&pg.check_lesson("{", page.as_str()));
    assert!(bad["error"].as_str().unwrap().starts_with("bad lesson"), "{bad}");
}
