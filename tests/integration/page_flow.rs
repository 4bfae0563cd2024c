//! The playground as a student uses it, in headless Chromium: type the course's hello Dockerfile, step through it
//! (a temporary container appears, then a layer), build, compare the image ID and the exported tarball with the
//! CLI's for the same input, reload and find the work still there, switch language, and check that markup typed
//! into the Dockerfile stays text. Skips without `cargo xtask test`'s browser, except under CI=true.

use layerlab_tests::run_cli;
use layerlab_tests::webdriver::{by_testid, decode_base64, keys, Browser, Element};
use std::path::PathBuf;
use std::time::Duration;

const HELLO: &str = "FROM alpine\nCMD [\"echo\", \"Hello\"]\n";
const TAG: &str = "lee20h/hello";
const WAIT: Duration = Duration::from_secs(20);

fn open(browser: &Browser, site: &str) {
    browser.goto(site).unwrap();
    browser
        .wait_until_script("return document.documentElement.dataset.ready === \"1\"", WAIT)
        .unwrap_or_else(|e| panic!("the page never became ready: {e}"));
}

/// Replaces the editor's text by typing, as a student would.
fn type_dockerfile(browser: &Browser, text: &str) {
    let editor = browser.find(&by_testid("dockerfile-editor")).unwrap();
    editor.click().unwrap();
    editor.send_keys(&format!("{}a{}{}", keys::CONTROL, keys::NULL, keys::BACKSPACE)).unwrap();
    editor.send_keys(text).unwrap();
    let value = editor.property("value").unwrap();
    assert_eq!(value.as_str(), Some(text), "the editor holds what was typed");
}

fn set_tag(browser: &Browser, tag: &str) {
    let input = browser.find(&by_testid("tag-input")).unwrap();
    input.click().unwrap();
    input.send_keys(&format!("{}a{}{}", keys::CONTROL, keys::NULL, keys::BACKSPACE)).unwrap();
    input.send_keys(tag).unwrap();
}

/// Types a line into the terminal and waits until its screen shows `until`.
fn type_in_terminal(browser: &Browser, input: &Element, line: &str, until: &str) {
    input.send_keys(&format!("{line}{}", keys::ENTER)).unwrap();
    wait(
        browser,
        until,
        &format!(
            "return document.querySelector('.terminal-screen').textContent.includes({})",
            serde_json::to_string(until).unwrap()
        ),
    );
}

fn count(browser: &Browser, testid: &str) -> usize {
    browser.find_all(&by_testid(testid)).unwrap().len()
}

fn wait(browser: &Browser, what: &str, script: &str) {
    browser.wait_until_script(script, WAIT).unwrap_or_else(|e| {
        let shot = browser.save_screenshot(&format!("page-flow-{}", what.replace(' ', "-")));
        panic!("waiting for {what}: {e}\n  screenshot: {shot:?}")
    });
}

/// The CLI's build of the same Dockerfile and tag: (short image ID, exported tarball, the build's log on stdout).
fn cli_build(dockerfile: &str, tag: &str) -> (String, Vec<u8>, String) {
    let dir = std::env::temp_dir().join(format!("layerlab-page-flow-{}", std::process::id()));
    let context = dir.join("context");
    std::fs::create_dir_all(&context).unwrap();
    std::fs::write(context.join("Dockerfile"), dockerfile).unwrap();
    let tar = dir.join("cli.tar");
    let minibox = minibox_dir().display().to_string();
    let (code, out, err) = run_cli(&[
        "build",
        "--minibox",
        &minibox,
        "-t",
        tag,
        "--export",
        &tar.display().to_string(),
        &context.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let short = out
        .lines()
        .find_map(|l| l.strip_prefix("Successfully built "))
        .expect("the CLI says what it built")
        .to_string();
    let bytes = std::fs::read(&tar).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    // The log is what `docker build` prints; the CLI then says what it exported.
    let log = out[..out.find("Exported ").unwrap_or(out.len())].to_string();
    (short, bytes, log)
}

/// The minibox binaries the page itself fetches (`cargo xtask build` copies them into www/pkg/): the same input.
fn minibox_dir() -> PathBuf {
    let dir = layerlab_tests::repo_root().join("www").join("pkg");
    assert!(dir.join("minibox-amd64").is_file(), "{} has no minibox-amd64: run `cargo xtask build`", dir.display());
    dir
}

/// The bytes of the Blob the page handed to the download link (headless Chromium does not save downloads).
fn exported_bytes(browser: &Browser) -> Vec<u8> {
    let script = "const done = arguments[arguments.length - 1];
        const blob = window.__layerlabLastExport;
        if (!blob) { done(null); return; }
        blob.arrayBuffer().then((buffer) => {
            const bytes = new Uint8Array(buffer);
            let text = '';
            for (let i = 0; i < bytes.length; i += 0x8000) {
                text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
            }
            done(btoa(text));
        });";
    let answer = browser.execute_async(script, &[]).unwrap();
    let text = answer.as_str().expect("the page kept the exported Blob");
    decode_base64(text).unwrap()
}

#[test]
fn a_student_types_steps_builds_exports_and_reloads() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    type_dockerfile(&browser, HELLO);
    set_tag(&browser, TAG);

    // Step 1: FROM — the timeline lists both steps; no container yet.
    browser.find(&by_testid("step")).unwrap().click().unwrap();
    wait(
        &browser,
        "two steps in the timeline",
        "return document.querySelectorAll('[data-testid=\"step-item\"]').length === 2",
    );
    wait(
        &browser,
        "the base image's layers",
        "return document.querySelectorAll('[data-testid=\"layer-item\"]').length >= 1",
    );
    let base_layers = count(&browser, "layer-item");
    // Step 2: CMD — a temporary container appears; the commit adds a history entry and the build finishes.
    browser.find(&by_testid("step")).unwrap().click().unwrap();
    wait(
        &browser,
        "the temporary container",
        "return document.querySelector('[data-testid=\"temp-container\"]') !== null",
    );
    let container = browser.find(&by_testid("temp-container")).unwrap().text().unwrap();
    assert!(container.contains("echo"), "the container shows its command: {container}");
    assert_eq!(count(&browser, "layer-item"), base_layers, "CMD adds no layer, only a history entry");

    // Back, then Build all: the image ID is the CLI's.
    browser.find(&by_testid("back")).unwrap().click().unwrap();
    wait(
        &browser,
        "the step to be undone",
        "return (document.querySelector('[data-testid=\"image-id\"]').textContent || '').trim() === ''",
    );
    browser.find(&by_testid("build-all")).unwrap().click().unwrap();
    wait(
        &browser,
        "the image ID",
        "return /^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())",
    );
    let (cli_id, cli_tar, cli_log) = cli_build(HELLO, TAG);
    let page_id = browser.find(&by_testid("image-id")).unwrap().text().unwrap();
    assert_eq!(page_id.trim(), cli_id, "the page's image ID is the CLI's for the same Dockerfile and tag");

    // The log tab is "what Docker would print": byte for byte the CLI's log.
    let page_log = browser.execute("return document.querySelector('#log-panel pre.pl-log').textContent", &[]).unwrap();
    assert_eq!(page_log.as_str(), Some(cli_log.as_str()), "the page's classic log is the CLI's");

    // Export: the downloaded tarball is byte for byte the CLI's `--export`.
    browser.find(&by_testid("export")).unwrap().click().unwrap();
    wait(&browser, "the export", "return window.__layerlabLastExport instanceof Blob");
    let page_tar = exported_bytes(&browser);
    assert_eq!(page_tar.len(), cli_tar.len(), "the page's tarball has the CLI's size");
    assert!(page_tar == cli_tar, "the page's tarball differs from the CLI's");

    // Reload: the Dockerfile and the tag are still there.
    browser.refresh().unwrap();
    browser.wait_until_script("return document.documentElement.dataset.ready === \"1\"", WAIT).unwrap();
    let editor = browser.find(&by_testid("dockerfile-editor")).unwrap();
    assert_eq!(editor.property("value").unwrap().as_str(), Some(HELLO));
    let tag = browser.find(&by_testid("tag-input")).unwrap().property("value").unwrap();
    assert_eq!(tag.as_str(), Some(TAG));
}

#[test]
fn the_language_switch_changes_the_words_and_is_remembered() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    let lang = |b: &Browser| b.execute("return document.documentElement.lang", &[]).unwrap();
    let build_label = |b: &Browser| b.find(&by_testid("build-all")).unwrap().text().unwrap();
    let before = (lang(&browser), build_label(&browser));
    browser.find(&by_testid("language")).unwrap().click().unwrap();
    let other = if before.0 == "ko" { "en" } else { "ko" };
    wait(&browser, "the other language", &format!("return document.documentElement.lang === '{other}'"));
    let after = build_label(&browser);
    assert_ne!(after, before.1, "the Build button's label changes with the language");
    if other == "ko" {
        assert!(after.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)), "Korean label: {after}");
    }
    browser.refresh().unwrap();
    browser.wait_until_script("return document.documentElement.dataset.ready === \"1\"", WAIT).unwrap();
    assert_eq!(lang(&browser), other, "the choice survives a reload");
}

#[test]
fn markup_typed_by_the_user_stays_text() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    let probe = "<img src=x onerror=\"window.__xss=1\">";
    let dockerfile = format!("FROM alpine\nRUN echo '{probe}' > /probe.html && cat /probe.html\nLABEL x=\"{probe}\"\n");
    type_dockerfile(&browser, &dockerfile);
    browser.find(&by_testid("build-all")).unwrap().click().unwrap();
    wait(
        &browser,
        "the build",
        "return /^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())",
    );
    let state = browser
        .execute(
            "return { xss: window.__xss === 1, imgs: document.querySelectorAll('img[src=\"x\"]').length,
                      text: document.body.innerText.includes('<img src=x onerror=') }",
            &[],
        )
        .unwrap();
    assert_eq!(state["xss"], false, "the probe's handler ran");
    assert_eq!(state["imgs"], 0, "the probe became an element");
    assert_eq!(state["text"], true, "the probe is shown as text somewhere (the output or the log)");
}

#[test]
fn a_crash_of_the_core_is_reported_and_the_work_survives() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    type_dockerfile(&browser, HELLO);
    browser.find(&by_testid("step")).unwrap().click().unwrap();
    wait(&browser, "the first step", "return document.querySelectorAll('[data-testid=\"step-item\"]').length === 2");
    // The page exposes the core's deliberate panic for this test only through its client object.
    browser.execute("window.__layerlabCore.crashForTests(); return true", &[]).unwrap();
    wait(&browser, "the crash notice", "return document.querySelector('[data-testid=\"crash-notice\"]') !== null");
    let editor = browser.find(&by_testid("dockerfile-editor")).unwrap();
    assert_eq!(editor.property("value").unwrap().as_str(), Some(HELLO), "the user's text is intact");
    // The restarted core still builds.
    browser.find(&by_testid("build-all")).unwrap().click().unwrap();
    wait(
        &browser,
        "a build after the restart",
        "return /^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())",
    );
}

#[test]
fn the_keyboard_alone_steps_backs_and_builds() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    type_dockerfile(&browser, HELLO);
    let editor = browser.find(&by_testid("dockerfile-editor")).unwrap();
    // Alt+→ steps (also while typing in the editor), Alt+← steps back, Ctrl+Enter builds.
    editor.send_keys(&format!("{}{}{}", keys::ALT, keys::ARROW_RIGHT, keys::NULL)).unwrap();
    wait(
        &browser,
        "a step from the keyboard",
        "return document.querySelectorAll('[data-testid=\"step-item\"]').length === 2",
    );
    wait(
        &browser,
        "the base image's layers",
        "return document.querySelectorAll('[data-testid=\"layer-item\"]').length >= 1",
    );
    editor.send_keys(&format!("{}{}{}", keys::ALT, keys::ARROW_LEFT, keys::NULL)).unwrap();
    wait(&browser, "the step undone", "return document.querySelectorAll('[data-testid=\"layer-item\"]').length === 0");
    editor.send_keys(&format!("{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL)).unwrap();
    wait(
        &browser,
        "a build from the keyboard",
        "return /^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())",
    );
    let value = editor.property("value").unwrap();
    assert_eq!(value.as_str(), Some(HELLO), "the shortcuts typed nothing into the editor");
}

#[test]
fn a_dropped_docker_save_tarball_becomes_a_base_image() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    // A real image tarball (the CLI's export, which `docker load` accepts) of an image with a file in it.
    let (_, tar, _) = cli_build("FROM alpine\nRUN echo from-the-tarball > /base.txt\n", "course/base:1.0");
    open(&browser, &site);
    let encoded = encode_base64(&tar);
    browser
        .execute(
            "const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
             const transfer = new DataTransfer();
             transfer.items.add(new File([bytes], 'base.tar', { type: 'application/x-tar' }));
             for (const type of ['dragenter', 'dragover', 'drop']) {
               document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
             }
             return true",
            &[encoded.into()],
        )
        .unwrap();
    wait(&browser, "the tarball to load", "return document.body.innerText.includes('course/base:1.0')");
    type_dockerfile(&browser, "FROM course/base:1.0\nRUN cat /base.txt\n");
    browser.find(&by_testid("build-all")).unwrap().click().unwrap();
    wait(
        &browser,
        "the build on the loaded image",
        "return /^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())",
    );
    let view = browser
        .execute_async("const done = arguments[arguments.length - 1]; window.__layerlabCore.view().then(done);", &[])
        .unwrap();
    assert_eq!(
        view["steps"][0]["base"]["source"]["kind"], "store",
        "FROM found the loaded image: {}",
        view["steps"][0]
    );
    let output: Vec<&str> =
        view["steps"][1]["output"].as_array().unwrap().iter().filter_map(|o| o["line"].as_str()).collect();
    assert_eq!(output, ["from-the-tarball"], "RUN sees the loaded image's file");
}

fn encode_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn a_share_link_carries_the_dockerfile_to_another_browser() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    let dockerfile = "FROM alpine\nRUN echo shared <b>as text</b>\n";
    type_dockerfile(&browser, dockerfile);
    browser.find("#share-button").unwrap().click().unwrap();
    wait(&browser, "the share link", "return document.querySelector('#notices input') !== null");
    let link = browser.execute("return document.querySelector('#notices input').value", &[]).unwrap();
    let link = link.as_str().expect("the link is shown").to_string();
    assert!(link.starts_with(&site) && link.contains("#share="), "{link}");
    drop(browser);
    // A fresh browser (no local storage) opens the link and finds the Dockerfile.
    let Some((other, _)) = layerlab_tests::browser() else { return };
    other.goto(&link).unwrap();
    other.wait_until_script("return document.documentElement.dataset.ready === \"1\"", WAIT).unwrap();
    wait(
        &other,
        "the shared Dockerfile",
        &format!(
            "return document.querySelector('[data-testid=\"dockerfile-editor\"]').value === {}",
            serde_json::to_string(dockerfile).unwrap()
        ),
    );
}

#[test]
fn once_loaded_the_playground_opens_and_builds_offline() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    // The service worker keeps every file the first visit fetched (the core's modules and minibox too).
    wait(
        &browser,
        "the offline copy",
        "return caches.open('layerlab-v1').then((cache) => cache.keys()).then((keys) => {
             const names = keys.map((request) => new URL(request.url).pathname);
             return ['/pkg/layerlab_bg.wasm', '/pkg/layerlab_editor_bg.wasm', '/pkg/minibox-amd64', '/js/main.js']
               .every((name) => names.includes(name)) && names.some((name) => name === '/' || name === '/index.html');
           })",
    );
    browser.set_offline(true).unwrap();
    browser.refresh().unwrap();
    browser.wait_until_script("return document.documentElement.dataset.ready === \"1\"", WAIT).unwrap();
    type_dockerfile(&browser, HELLO);
    browser.find(&by_testid("build-all")).unwrap().click().unwrap();
    wait(
        &browser,
        "a build offline",
        "return /^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())",
    );
    let online = browser.execute("return navigator.onLine", &[]).unwrap();
    browser.set_offline(false).unwrap();
    assert_eq!(online, false, "the browser really was offline");
}

#[test]
fn the_terminal_runs_the_courses_commit_flow() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    browser.find(&by_testid("terminal-tab")).unwrap().click().unwrap();
    let input = browser.wait_for(&by_testid("terminal-input"), WAIT).unwrap();
    let screen = "return document.querySelector('.terminal-screen').textContent";
    let typed = |line: &str, until: &str| type_in_terminal(&browser, &input, line, until);
    // The course: a container, git installed by hand (apt asks, Enter answers), the container committed.
    typed("docker run -it --name git ubuntu:latest bash", "Status: Downloaded newer image for ubuntu:latest");
    typed("apt-get update", "Reading package lists...");
    typed("apt-get install git", "Do you want to continue? [Y/n] ");
    typed("", "Setting up git");
    // Beside the terminal, the container's writable layer holds what apt-get wrote, over ubuntu's read-only layer.
    wait(
        &browser,
        "git in the writable layer",
        "const w = document.querySelector('[data-testid=\"terminal-writable\"]'); \
         return !!w && w.textContent.includes('/usr/bin/git')",
    );
    typed("exit", "exit\n");
    typed("docker commit git ubuntu:git", "sha256:");
    // The commit: that layer, now read-only, on top of the layers ubuntu:git shares with ubuntu:latest.
    wait(
        &browser,
        "the commit card",
        "const c = document.querySelector('[data-testid=\"terminal-commit\"]'); \
         return !!c && c.textContent.includes('ubuntu:git') && c.textContent.includes('ubuntu:latest') \
         && c.textContent.includes('/usr/bin/git')",
    );
    // Tab completes as far as the candidates agree (`image` and `images`), then the only one left.
    input.send_keys(&format!("docker ima{}", keys::TAB)).unwrap();
    wait(
        &browser,
        "completion",
        "return document.querySelector('[data-testid=\"terminal-input\"]').value === 'docker image'",
    );
    input.send_keys(&format!("s{}", keys::TAB)).unwrap();
    wait(
        &browser,
        "completion",
        "return document.querySelector('[data-testid=\"terminal-input\"]').value === 'docker images '",
    );
    typed("", "REPOSITORY   TAG");
    let text = browser.execute(screen, &[]).unwrap();
    let text = text.as_str().unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("ubuntu ")).collect();
    assert_eq!(rows.len(), 2, "ubuntu:git and ubuntu:latest are listed:\n{text}");
    assert!(rows[0].split_whitespace().nth(1) == Some("git"), "{rows:?}");
}

#[test]
fn the_terminal_sees_what_build_built_and_saves_it_as_the_export() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    type_dockerfile(&browser, "FROM alpine\nRUN echo shared > /shared.txt\nCMD [\"cat\", \"/shared.txt\"]\n");
    set_tag(&browser, "shared/demo:1");
    browser.find(&by_testid("build-all")).unwrap().click().unwrap();
    wait(
        &browser,
        "the build",
        "return /^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())",
    );
    let id =
        browser.execute("return document.querySelector('[data-testid=\"image-id\"]').textContent.trim()", &[]).unwrap();
    let id = id.as_str().unwrap().to_string();
    browser.find(&by_testid("terminal-tab")).unwrap().click().unwrap();
    let input = browser.wait_for(&by_testid("terminal-input"), WAIT).unwrap();
    let typed = |line: &str, until: &str| type_in_terminal(&browser, &input, line, until);
    // One Docker: the Build button's image is listed, and `docker build .` (the editor's Dockerfile) hits its cache.
    typed("docker images", &format!("shared/demo   1         {id}"));
    typed("docker build -t shared/demo:2 .", &format!("Successfully built {id}"));
    let text = browser.execute("return document.querySelector('.terminal-screen').textContent", &[]).unwrap();
    assert!(text.as_str().unwrap().contains(" ---> Using cache"), "{text}");
    // `docker save` offers the tarball; its bytes are the Export button's for the same image and tags.
    typed("docker rmi shared/demo:2", "Untagged: shared/demo:2");
    typed("docker save -o demo.tar shared/demo:1", "$ docker save -o demo.tar shared/demo:1");
    let button = browser.wait_for(&by_testid("terminal-download"), WAIT).unwrap();
    browser
        .execute(
            "window.__saved = null; const original = URL.createObjectURL; \
             URL.createObjectURL = (blob) => { window.__saved = blob; return original(blob); }; return true",
            &[],
        )
        .unwrap();
    button.click().unwrap();
    let saved = browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const wait = () => window.__saved ? window.__saved.arrayBuffer().then((b) => { \
               const bytes = new Uint8Array(b); let s = ''; \
               for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192)); \
               done(btoa(s)); }) : setTimeout(wait, 50); wait();",
            &[],
        )
        .unwrap();
    let saved = decode_base64(saved.as_str().unwrap()).unwrap();
    let (_, exported, _) =
        cli_build("FROM alpine\nRUN echo shared > /shared.txt\nCMD [\"cat\", \"/shared.txt\"]\n", "shared/demo:1");
    assert_eq!(saved.len(), exported.len());
    assert!(saved == exported, "docker save in the page writes the CLI's export, byte for byte");
}

#[test]
fn a_student_completes_the_hello_lesson_through_the_page() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    browser.find(&by_testid("lessons-button")).unwrap().click().unwrap();
    wait(&browser, "the lesson path", "return document.querySelectorAll('[data-testid=\"lesson-link\"]').length >= 12");
    // The first lesson opens; the path is folded under its summary.
    browser.find(".lesson-path summary").unwrap().click().unwrap();
    browser.find("[data-lesson=\"hello-image\"]").unwrap().click().unwrap();
    wait(
        &browser,
        "the hello lesson",
        "const t = document.querySelector('[data-testid=\"lesson-title\"]'); return !!t && t.textContent.startsWith('3.')",
    );
    // The starter is in the editor; checking it now fails and says why, with a hint.
    let starter = browser.find(&by_testid("dockerfile-editor")).unwrap().property("value").unwrap();
    assert_eq!(starter.as_str(), Some("FROM alpine\n\n"), "the lesson's starter Dockerfile");
    browser.find(&by_testid("lesson-check")).unwrap().click().unwrap();
    wait(
        &browser,
        "a failed check",
        "const r = document.querySelector('[data-testid=\"lesson-result\"]'); \
         return !!r && r.classList.contains('is-fail') && !!document.querySelector('.lesson-check__hint')",
    );
    // The student's work: the Dockerfile, the tag, Build, Export.
    type_dockerfile(&browser, "FROM alpine\nCMD [\"echo\", \"Hello\"]\n");
    set_tag(&browser, "hello:1.0");
    browser.find(&by_testid("build-all")).unwrap().click().unwrap();
    wait(
        &browser,
        "the build",
        "return /^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())",
    );
    browser.find(&by_testid("export")).unwrap().click().unwrap();
    wait(&browser, "the export", "return !!window.__layerlabLastExport");
    browser.execute("document.getElementById('export-dialog').close(); return true", &[]).unwrap();
    browser.find(&by_testid("lesson-check")).unwrap().click().unwrap();
    wait(
        &browser,
        "every check passing",
        "const r = document.querySelector('[data-testid=\"lesson-result\"]'); \
         return !!r && r.classList.contains('is-pass') \
         && [...document.querySelectorAll('[data-testid=\"lesson-check-item\"]')].every((c) => c.classList.contains('is-pass'))",
    );
    // Progress survives a reload: the lesson is open again and marked done in the path.
    browser.refresh().unwrap();
    wait(
        &browser,
        "the progress after a reload",
        "const l = document.querySelector('[data-lesson=\"hello-image\"] .lesson-mark'); \
         return document.documentElement.dataset.ready === '1' && !!l && l.textContent === '✓'",
    );
}

#[test]
fn an_instructor_link_opens_a_lesson_at_a_step_and_the_keyboard_steps_it() {
    let Some((browser, site)) = layerlab_tests::browser() else { return };
    open(&browser, &site);
    // The course's commit flow, three moves in: the container is running and apt's lists are there.
    browser.goto(&format!("{}#lesson=docker-commit&step=3", site.trim_end_matches('/'))).unwrap();
    browser.refresh().unwrap();
    wait(
        &browser,
        "the presenter at move 4",
        "const c = document.querySelector('.presenter-count'); return !!c && c.textContent.startsWith('4/')",
    );
    wait(
        &browser,
        "the lesson's lines in the terminal",
        "return document.querySelector('.terminal-screen').textContent.includes('Do you want to continue? [Y/n]')",
    );
    // PageDown answers apt's question (the next move), PageUp goes back by replaying from the start.
    browser.execute("document.body.focus(); return true", &[]).unwrap();
    let press = |key: char| {
        browser.find("body").unwrap().send_keys(&key.to_string()).unwrap();
    };
    press(keys::PAGE_DOWN);
    wait(&browser, "move 5", "return document.querySelector('.presenter-count').textContent.startsWith('5/')");
    wait(
        &browser,
        "git set up",
        "return document.querySelector('.terminal-screen').textContent.includes('Setting up git')",
    );
    press(keys::PAGE_UP);
    wait(&browser, "back at move 4", "return document.querySelector('.presenter-count').textContent.startsWith('4/')");
    wait(
        &browser,
        "the replay up to the question",
        "const s = document.querySelector('.terminal-screen').textContent; \
         return s.includes('[Y/n]') && !s.includes('Setting up git')",
    );
}
