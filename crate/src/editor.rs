//! What the Dockerfile editor shows as the user types: the parser's diagnostics located for a text area (lines,
//! columns, UTF-16 columns) and the lines each instruction spans. Needs only the parser, so the page's small first
//! module (the `engine` feature off) carries it without the build engine.

use crate::diagnostics::{locate, LocatedDiagnostic};
use serde::Serialize;

/// The editor's view of a Dockerfile: diagnostics located for the text area, and where instructions are.
#[derive(Clone, Debug, Serialize)]
pub struct ParseReport {
    pub diagnostics: Vec<LocatedDiagnostic>,
    pub instructions: Vec<InstructionLines>,
}

#[derive(Clone, Debug, Serialize)]
pub struct InstructionLines {
    pub keyword: String,
    pub line: usize,
    pub end_line: usize,
}

/// Parses `text` for the editor. Never fails (invariant 2).
pub fn parse_report(text: &str) -> ParseReport {
    let dockerfile = crate::dockerfile::parse(text);
    ParseReport {
        diagnostics: locate(text, &dockerfile.diagnostics),
        instructions: dockerfile
            .instructions
            .iter()
            .map(|i| InstructionLines {
                keyword: i.node.keyword.text.to_uppercase(),
                line: i.node.start_line,
                end_line: i.node.end_line,
            })
            .collect(),
    }
}
