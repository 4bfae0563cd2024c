//! Fuzz target: any bytes as a Dockerfile. Parsing, the BuildKit dump, diagnostics rendering and line/column
//! lookup must never panic, and every span must lie inside the text on character boundaries.
#![no_main]

use layerlab::diagnostics::{locate, render_text};
use layerlab::dockerfile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = dockerfile::parse(&text);
    let _ = dockerfile::buildkit_dump(&parsed);
    for d in &parsed.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
    }
    for instruction in &parsed.instructions {
        let span = instruction.node.span;
        assert!(span.start <= span.end && span.end <= text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
    let _ = render_text("Dockerfile", &text, &parsed.diagnostics);
    let _ = locate(&text, &parsed.diagnostics);
});
