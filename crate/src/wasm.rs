//! The JavaScript boundary, and the only file that knows wasm-bindgen: it decodes what the page sends, calls
//! [`crate::playground`], and encodes the result — strings and bytes as themselves, structured results as JSON
//! (docs/boundary.md). User mistakes come back as data; an exception means a real failure and carries a message.
//!
//! Built twice by `cargo xtask build`: with the `engine` feature (`pkg/layerlab.js`: everything) and without it
//! (`pkg/layerlab_editor.js`: the parser for the editor, a fraction of the size, so the page is usable before the
//! engine has arrived).

#[cfg(feature = "engine")]
use crate::playground::{self, Playground as Session, StartOptions};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "export function report_panic(message) {
    const report = globalThis.__layerlabPanic;
    if (typeof report === 'function') { report(message); } else { console.error(message); }
}")]
extern "C" {
    fn report_panic(message: &str);
}

/// Runs when the module is instantiated: a panic traps the instance, so tell the page what happened first (the page
/// then starts a new instance with the user's text, which lives outside it).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| report_panic(&format!("layerlab core panicked: {info}"))));
}

fn json<T: Serialize>(value: &T) -> String {
    // Serialising the view types cannot fail (no maps with non-string keys, no custom serialisers that error).
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
}

#[cfg(feature = "engine")]
fn error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// The page's session: context, image store, and the build being stepped through.
#[cfg(feature = "engine")]
#[wasm_bindgen]
pub struct Playground {
    inner: Session,
}

#[cfg(feature = "engine")]
#[wasm_bindgen]
impl Playground {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Playground {
        Playground { inner: Session::new() }
    }

    /// A minibox binary (`pkg/minibox-amd64` or `-arm64`) → `"amd64"` or `"arm64"`.
    pub fn add_minibox(&mut self, bytes: &[u8]) -> Result<String, JsError> {
        self.inner.add_minibox(bytes).map(|arch| arch.as_str().to_string()).map_err(error)
    }

    /// A `docker save` tarball → JSON LoadResult.
    pub fn load_archive(&mut self, bytes: &[u8]) -> String {
        json(&self.inner.load_archive(bytes))
    }

    pub fn clear_context(&mut self) {
        self.inner.clear_context();
    }

    /// → `"null"`, or `{"error": "…"}` for a path the context cannot hold.
    pub fn add_context_file(&mut self, path: &str, bytes: &[u8], mode: u32) -> String {
        match self.inner.add_context_file(path, bytes, mode) {
            Ok(()) => "null".into(),
            Err(e) => json(&serde_json::json!({ "error": e.0 })),
        }
    }

    /// Options JSON → View JSON. Options that do not parse are a setup error in the view, not an exception.
    pub fn start(&mut self, options: &str) -> String {
        match serde_json::from_str::<StartOptions>(options) {
            Ok(options) => json(&self.inner.start(options)),
            Err(e) => {
                let mut view = self.inner.view();
                view.phase = "setup_error";
                view.setup_error =
                    Some(playground::SetupError { message: format!("bad build options: {e}"), diagnostics: vec![] });
                json(&view)
            }
        }
    }

    pub fn step(&mut self) -> String {
        json(&self.inner.step())
    }

    pub fn run_to_end(&mut self) -> String {
        json(&self.inner.run_to_end())
    }

    pub fn back(&mut self) -> String {
        json(&self.inner.back())
    }

    pub fn reset(&mut self) -> String {
        json(&self.inner.reset())
    }

    pub fn forget(&mut self) -> String {
        json(&self.inner.forget())
    }

    pub fn view(&self) -> String {
        json(&self.inner.view())
    }

    pub fn tree(&self, image_id: &str) -> Result<String, JsError> {
        self.inner.tree(image_id).map(|t| json(&t)).map_err(error)
    }

    pub fn layer_changes(&self, image_id: &str, index: usize) -> Result<String, JsError> {
        self.inner.layer_changes(image_id, index).map(|c| json(&c)).map_err(error)
    }

    pub fn read_file(&self, image_id: &str, path: &str) -> Result<Vec<u8>, JsError> {
        self.inner.read_file(image_id, path).map(|bytes| bytes.to_vec()).map_err(error)
    }

    /// The finished build's image tarball, byte-identical to `layerlab build --export`.
    pub fn export(&self) -> Result<Vec<u8>, JsError> {
        self.inner.export().map(|(bytes, _)| bytes).map_err(error)
    }

    pub fn export_summary(&self) -> Result<String, JsError> {
        self.inner.export_summary().map(|s| json(&s)).map_err(error)
    }

    /// The terminal (a simulated Docker over the same images): one typed line, with the time in seconds since 1970
    /// (the core reads no clock) → JSON TerminalOutcome.
    pub fn terminal_execute(&mut self, line: &str, clock: f64) -> String {
        json(&self.inner.terminal_execute(line, seconds(clock)))
    }

    /// The editor's text, for the terminal's `docker build .`.
    pub fn set_dockerfile(&mut self, text: &str) {
        self.inner.set_dockerfile(text);
    }

    pub fn terminal_prompt(&self) -> String {
        self.inner.terminal_prompt()
    }

    /// Tab completion of the last word of `line` → JSON array of candidates.
    pub fn terminal_complete(&self, line: &str) -> String {
        json(&self.inner.terminal_complete(line))
    }

    /// → JSON TerminalView: the containers, their writable layers, the last commit.
    pub fn terminal_view(&self) -> String {
        json(&self.inner.terminal_view())
    }

    /// A tarball the terminal's `docker save -o NAME` wrote.
    pub fn saved_file(&self, name: &str) -> Result<Vec<u8>, JsError> {
        self.inner.saved_file(name).ok_or_else(|| error(format!("no saved file {name:?}")))
    }

    /// A lesson (JSON, as in lessons.json) and what only the page knows (JSON PageState: the editor's text, the tag
    /// field, the exported image IDs) → JSON array of CheckResult, or `{"error": "…"}` when either does not parse.
    pub fn check_lesson(&self, lesson_json: &str, page_json: &str) -> String {
        let lesson = match serde_json::from_str::<crate::lessons::Lesson>(lesson_json) {
            Ok(lesson) => lesson,
            Err(e) => return json(&serde_json::json!({ "error": format!("bad lesson: {e}") })),
        };
        match serde_json::from_str::<playground::PageState>(page_json) {
            Ok(page) => json(&self.inner.check_lesson(&lesson, &page)),
            Err(e) => json(&serde_json::json!({ "error": format!("bad page state: {e}") })),
        }
    }
}

#[cfg(feature = "engine")]
impl Default for Playground {
    fn default() -> Self {
        Playground::new()
    }
}

/// Seconds since 1970 from JavaScript's number (negative, NaN or huge: 0 or the largest).
#[cfg(feature = "engine")]
fn seconds(clock: f64) -> u64 {
    if clock.is_finite() && clock > 0.0 {
        clock.min(u64::MAX as f64) as u64
    } else {
        0
    }
}

/// Dockerfile text → JSON Parse (diagnostics with lines and columns, instruction lines).
#[wasm_bindgen]
pub fn parse_dockerfile(text: &str) -> String {
    json(&crate::editor::parse_report(text))
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Panics inside the core, on purpose: the end-to-end tests use it to prove the page survives a dead instance.
#[cfg(feature = "engine")]
#[wasm_bindgen]
pub fn panic_for_tests() {
    panic!("panic_for_tests was called");
}
