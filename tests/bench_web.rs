//! `cargo xtask bench-web`: the page's budgets measured in headless Chromium (tests/webdriver.rs), printed as a table
//! for docs/benchmarks.md — the first load's gzipped bytes (what the page fetched before it was ready, minibox
//! excluded), the time to ready, the render time of every step of the course's examples, and the longest main-thread
//! task while a 64 MiB context is built and exported. A measurement, not a test: nothing here fails on a slow machine.

use layerlab_tests::webdriver::{by_testid, keys, Browser};
use std::io::Write;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(120);

fn main() {
    let var =
        |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run `cargo xtask bench-web`"));
    let (driver, site) = (var("LAYERLAB_WEBDRIVER"), var("LAYERLAB_SITE_URL"));
    let www = std::path::PathBuf::from(var("LAYERLAB_WWW_DIR"));
    let mut out = std::io::stdout();

    let mut ready = Vec::new();
    // The first load: every file of the built site but the build engine's module and the minibox assets, which the
    // worker fetches only once the editor's module is running (ES modules are all imported at start, so this is
    // what a first visit downloads before the page is ready).
    let mut files = Vec::new();
    site_files(&www, &www, &mut files);
    let is_engine = |path: &str| path == "pkg/layerlab_bg.wasm" || path == "pkg/layerlab.js";
    let first_load: usize = files.iter().filter(|(p, _, _)| !is_engine(p)).map(|(_, _, gz)| gz).sum();
    let engine: usize = files.iter().filter(|(p, _, _)| is_engine(p)).map(|(_, _, gz)| gz).sum();
    let mut engine_ready = Vec::new();
    // Each load in a new browser, with an empty cache and empty storage: a first visit.
    for _ in 0..5 {
        let cold = Browser::start(&driver).expect("start Chromium");
        cold.goto(&site).unwrap();
        wait(&cold, "document.documentElement.dataset.ready === '1'");
        ready.push(cold.execute("return window.__layerlabReadyAt", &[]).unwrap().as_f64().unwrap_or(f64::NAN));
        wait(&cold, "window.__layerlabEngineReadyAt !== undefined");
        engine_ready
            .push(cold.execute("return window.__layerlabEngineReadyAt", &[]).unwrap().as_f64().unwrap_or(f64::NAN));
    }
    files.sort_by_key(|f| std::cmp::Reverse(f.2));
    writeln!(
        out,
        "first load: {} files, {:.1} KB gzipped (budget 300 KB); then the build engine: {:.1} KB gzipped; in all {:.1} KB",
        files.len() - 2,
        first_load as f64 / 1000.0,
        engine as f64 / 1000.0,
        (first_load + engine) as f64 / 1000.0
    )
    .unwrap();
    for (path, raw, gz) in &files {
        writeln!(out, "  {path:40} {:>9.1} KB raw {:>8.1} KB gz", *raw as f64 / 1000.0, *gz as f64 / 1000.0).unwrap();
    }
    ready.sort_by(f64::total_cmp);
    engine_ready.sort_by(f64::total_cmp);
    writeln!(
        out,
        "ready: median {:.0} ms, all {:?} ms (budget 300 ms)",
        ready[ready.len() / 2],
        ready.iter().map(|r| r.round()).collect::<Vec<_>>()
    )
    .unwrap();
    writeln!(
        out,
        "build engine ready: median {:.0} ms, all {:?} ms",
        engine_ready[engine_ready.len() / 2],
        engine_ready.iter().map(|r| r.round()).collect::<Vec<_>>()
    )
    .unwrap();

    let browser = Browser::start(&driver).expect("start Chromium");
    browser.goto(&site).unwrap();
    wait(&browser, "document.documentElement.dataset.ready === '1'");

    // Render time of every step of the course's examples.
    let examples = browser
        .execute("return document.querySelectorAll('#examples-list button').length", &[])
        .unwrap()
        .as_u64()
        .unwrap_or(0);
    let mut worst: (f64, String) = (0.0, String::new());
    for index in 0..examples {
        let id = browser
            .execute(
                "document.getElementById('examples-menu').open = true;
                 const button = document.querySelectorAll('#examples-list button')[arguments[0]];
                 button.click();
                 performance.clearMeasures('layerlab:render');
                 return button.querySelector('.menu-item-title').textContent",
                &[index.into()],
            )
            .unwrap();
        let id = id.as_str().unwrap_or("?").to_string();
        let mut steps = 0;
        loop {
            let before = measures(&browser);
            browser.find(&by_testid("step")).unwrap().click().unwrap();
            wait(&browser, &format!("performance.getEntriesByName('layerlab:render').length > {before}"));
            steps += 1;
            // Done when the image ID shows, or after as many steps as the timeline has rows (a failed build).
            let done = browser
                .execute(
                    "return /^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())
                        || arguments[0] >= document.querySelectorAll('[data-testid=\"step-item\"]').length",
                    &[steps.into()],
                )
                .unwrap();
            if done == true || steps > 40 {
                break;
            }
        }
        let durations = browser
            .execute("return performance.getEntriesByName('layerlab:render').map(e => e.duration)", &[])
            .unwrap();
        let max = durations.as_array().unwrap().iter().filter_map(|d| d.as_f64()).fold(0.0, f64::max);
        writeln!(out, "example {id}: {steps} steps, slowest render {max:.1} ms").unwrap();
        if max > worst.0 {
            worst = (max, id.to_string());
        }
    }
    writeln!(out, "slowest step render of all examples: {:.1} ms ({}) (budget 16 ms)", worst.0, worst.1).unwrap();

    // A 64 MiB context: the longest main-thread task while it is added, built and exported.
    browser.execute("localStorage.clear(); return true", &[]).unwrap();
    browser.goto(&site).unwrap();
    wait(&browser, "document.documentElement.dataset.ready === '1'");
    browser
        .execute(
            "const bytes = new Uint8Array(64 * 1024 * 1024);
             for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i & 255;
             window.__bigFile = new File([bytes], 'big.bin');
             return true",
            &[],
        )
        .unwrap();
    // Only now watch the main thread: making the test file above is the benchmark's work, not the page's.
    browser
        .execute(
            "window.__longest = 0; window.__tasks = 0;
             new PerformanceObserver((list) => { for (const e of list.getEntries()) {
               window.__tasks++; window.__longest = Math.max(window.__longest, e.duration); } })
               .observe({ type: 'longtask', buffered: false });
             const transfer = new DataTransfer();
             transfer.items.add(window.__bigFile);
             const input = document.querySelector('[data-testid=\"context-upload\"]');
             input.files = transfer.files;
             input.dispatchEvent(new Event('change', { bubbles: true }));
             return true",
            &[],
        )
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let editor = browser.find(&by_testid("dockerfile-editor")).unwrap();
    editor.click().unwrap();
    editor.send_keys(&format!("{}a{}{}", keys::CONTROL, keys::NULL, keys::BACKSPACE)).unwrap();
    editor.send_keys("FROM alpine\nCOPY big.bin /\n").unwrap();
    let started = std::time::Instant::now();
    browser.find(&by_testid("build-all")).unwrap().click().unwrap();
    wait(&browser, "/^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())");
    let built = started.elapsed();
    browser.find(&by_testid("export")).unwrap().click().unwrap();
    wait(
        &browser,
        "window.__layerlabLastExport instanceof Blob && window.__layerlabLastExport.size > 64 * 1024 * 1024",
    );
    let exported = started.elapsed();
    let longest = browser.execute("return [window.__longest, window.__tasks]", &[]).unwrap();
    writeln!(
        out,
        "64 MiB context: built in {:.2} s, exported at {:.2} s; longest main-thread task {:.0} ms over {} long tasks (budget 50 ms)",
        built.as_secs_f64(),
        exported.as_secs_f64(),
        longest[0].as_f64().unwrap_or(f64::NAN),
        longest[1]
    )
    .unwrap();
}

/// (path, raw bytes, gzip -9 bytes) of every file under `dir` but the minibox binaries.
fn site_files(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, usize, usize)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.strip_prefix(root).unwrap().display().to_string();
        if path.is_dir() {
            site_files(root, &path, out);
        } else if !name.contains("minibox") && !name.ends_with(".md") {
            let bytes = std::fs::read(&path).unwrap();
            // gzip's framing is 18 bytes around the deflate stream.
            let gz = miniz_oxide::deflate::compress_to_vec(&bytes, 9).len() + 18;
            out.push((name, bytes.len(), gz));
        }
    }
}

fn wait(browser: &Browser, condition: &str) {
    browser.wait_until_script(&format!("return {condition}"), WAIT).unwrap_or_else(|e| panic!("{condition}: {e}"));
}

fn measures(browser: &Browser) -> usize {
    browser.execute("return performance.getEntriesByName('layerlab:render').length", &[]).unwrap().as_u64().unwrap_or(0)
        as usize
}
