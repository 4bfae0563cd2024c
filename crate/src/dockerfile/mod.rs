//! The Dockerfile front end: parser directives, logical lines, heredocs, BuildKit's raw node tree, typed
//! instructions, and word expansion. Knows nothing of builds, file systems or images.

pub mod directives;
pub mod expand;
mod go_quote;
pub mod instructions;
mod json_args;
pub mod parser;
pub mod syntax;
mod words;

pub use directives::Directives;
pub use go_quote::{quote as go_quote, quote_list as go_quote_list};
pub use instructions::{Command, CommandLine, Dockerfile, Instruction, Stage};
pub use syntax::{Heredoc, Node, Word};

/// Parses and interprets a Dockerfile. Never fails: the result holds every instruction that could be read and
/// diagnostics for the rest, sorted by position.
pub fn parse(text: &str) -> Dockerfile {
    let raw = parser::parse_raw(text);
    let mut diagnostics = raw.diagnostics;
    let parser_refuses = diagnostics.iter().any(crate::diagnostics::Diagnostic::is_error);
    let mut dockerfile = instructions::interpret(&raw.directives, raw.nodes, &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    dockerfile.diagnostics = diagnostics;
    dockerfile.parser_refuses = parser_refuses;
    dockerfile
}

/// BuildKit's parse-tree dump (the format of its parser tests' `result` files) of a parsed Dockerfile.
pub fn buildkit_dump(dockerfile: &Dockerfile) -> String {
    syntax::dump(dockerfile.instructions.iter().map(|i| &i.node))
}
