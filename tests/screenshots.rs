//! `cargo xtask screenshots`: drives the playground in headless Chromium through the course's examples and saves the
//! main views as PNG files in docs/screenshots/ (the README shows them). Run it after a visible change to the page.

use layerlab_tests::webdriver::{by_testid, Browser};
use std::path::PathBuf;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

fn main() {
    let var =
        |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run `cargo xtask screenshots`"));
    let (driver, site) = (var("LAYERLAB_WEBDRIVER"), var("LAYERLAB_SITE_URL"));
    let out = layerlab_tests::repo_root().join("docs").join("screenshots");
    std::fs::create_dir_all(&out).expect("docs/screenshots");

    let browser = Browser::start(&driver).expect("start Chromium");
    browser.set_window_size(1440, 1000).unwrap();
    open(&browser, &site, "en");

    // 1. The hello image, stepped to its CMD: the temporary container and the layer stack.
    load_example(&browser, 0);
    click(&browser, "step");
    click(&browser, "step");
    wait(&browser, "document.querySelector('[data-testid=\"temp-container\"]') !== null");
    save(&browser, &out, "step-temporary-container.png");

    // 2. A multi-stage build, finished: the timeline with the stages and the image's layers.
    load_example_titled(&browser, "multi-stage");
    click(&browser, "build-all");
    wait(&browser, "/^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())");
    select_tab(&browser, "tab-digests");
    save(&browser, &out, "multistage-digests.png");

    // 3. A rebuild after an edit, in Korean: the cache's first miss and what it invalidated.
    open(&browser, &site, "ko");
    load_example_titled(&browser, "cache");
    click(&browser, "build-all");
    wait(&browser, "/^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())");
    // The student changes one instruction: that step misses the cache, and every step after it is invalidated.
    let editor = browser.find(&by_testid("dockerfile-editor")).unwrap();
    let text = editor
        .property("value")
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .replace("RUN npm install", "RUN npm install --omit=dev");
    browser.execute("const e = arguments[0]; e.value = arguments[1]; e.dispatchEvent(new Event('input', { bubbles: true })); return true", &[editor.to_arg(), text.into()]).unwrap();
    click(&browser, "build-all");
    wait(&browser, "/^[0-9a-f]{12}$/.test(document.querySelector('[data-testid=\"image-id\"]').textContent.trim())");
    std::thread::sleep(Duration::from_millis(500));
    select_tab(&browser, "tab-cache");
    save(&browser, &out, "rebuild-cache-ko.png");

    // 4. The file tree of the image with the layer each file comes from.
    select_tab(&browser, "tab-files");
    std::thread::sleep(Duration::from_millis(800));
    save(&browser, &out, "files-ko.png");

    // 5. A lesson in Korean, presented: the course's docker commit, four moves in, the terminal beside it.
    browser.goto(&format!("{site}#lesson=docker-commit&step=4")).unwrap();
    browser.refresh().unwrap();
    wait(&browser, "document.documentElement.dataset.ready === '1'");
    wait(&browser, "document.querySelector('.presenter-count') && document.querySelector('.presenter-count').textContent.startsWith('5/')");
    wait(&browser, "document.querySelector('[data-testid=\"terminal-writable\"]') !== null");
    std::thread::sleep(Duration::from_millis(500));
    save(&browser, &out, "lesson-commit-ko.png");

    // 6. The same in English, after the commit: the writable layer became ubuntu:git's top layer.
    open(&browser, &site, "en");
    browser.goto(&format!("{site}#lesson=docker-commit&step=6")).unwrap();
    browser.refresh().unwrap();
    wait(&browser, "document.documentElement.dataset.ready === '1'");
    wait(&browser, "document.querySelector('[data-testid=\"terminal-commit\"]') !== null");
    browser
        .execute("document.querySelector('[data-testid=\"terminal-commit\"]').scrollIntoView({ block: 'start' }); return true", &[])
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    save(&browser, &out, "terminal-commit.png");
    eprintln!("saved to {}", out.display());
}

fn open(browser: &Browser, site: &str, lang: &str) {
    browser.goto(site).unwrap();
    browser.execute("localStorage.clear(); return true", &[]).unwrap();
    browser.goto(site).unwrap();
    wait(browser, "document.documentElement.dataset.ready === '1'");
    let current = browser.execute("return document.documentElement.lang", &[]).unwrap();
    if current.as_str() != Some(lang) {
        browser.find(&by_testid("language")).unwrap().click().unwrap();
        wait(browser, &format!("document.documentElement.lang === '{lang}'"));
    }
    wait(browser, "window.__layerlabEngineReadyAt !== undefined");
}

fn load_example(browser: &Browser, index: usize) {
    browser
        .execute(
            "document.getElementById('examples-menu').open = true;
             document.querySelectorAll('#examples-list button')[arguments[0]].click(); return true",
            &[index.into()],
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
}

/// The example whose title contains `word` (in English or Korean titles alike, by position in the menu).
fn load_example_titled(browser: &Browser, word: &str) {
    let index = browser
        .execute(
            "const titles = [...document.querySelectorAll('#examples-list button')].map(b => b.textContent.toLowerCase());
             return titles.findIndex(t => t.includes(arguments[0]))",
            &[word.into()],
        )
        .unwrap()
        .as_i64()
        .unwrap_or(-1);
    let index = if index < 0 {
        // Titles are in the page's language: fall back to the English menu order.
        let order = ["hello", "node", "cache", "multi-stage"];
        order.iter().position(|w| *w == word).unwrap_or(0)
    } else {
        index as usize
    };
    load_example(browser, index);
}

fn click(browser: &Browser, testid: &str) {
    browser.find(&by_testid(testid)).unwrap().click().unwrap();
    std::thread::sleep(Duration::from_millis(250));
}

fn select_tab(browser: &Browser, id: &str) {
    browser.find(&format!("#{id}")).unwrap().click().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    browser
        .execute(
            "const column = document.getElementById('build-column');
             column.scrollTop = document.getElementById('detail-tablist').offsetTop - column.offsetTop - 8;
             window.scrollTo(0, 0); return true",
            &[],
        )
        .unwrap();
}

fn wait(browser: &Browser, condition: &str) {
    browser.wait_until_script(&format!("return {condition}"), WAIT).unwrap_or_else(|e| panic!("{condition}: {e}"));
}

fn save(browser: &Browser, dir: &std::path::Path, name: &str) {
    // No notices over the picture, and no focus ring.
    let _ = browser
        .execute("document.querySelectorAll('#notices .notice-close').forEach((b) => b.click()); return true", &[]);
    std::thread::sleep(Duration::from_millis(300));
    let _ = browser.execute("document.activeElement && document.activeElement.blur(); return true", &[]);
    let png = browser.screenshot().expect("screenshot");
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, png).expect("write screenshot");
    eprintln!("{}", path.display());
}
