//! BuildKit's raw parse tree: one node per instruction, its words not yet interpreted, with the source spans that
//! the typed layer and the editor need. Also BuildKit's `Dump` of that tree, which its parser tests compare against.

use super::go_quote::{quote, quote_list};
use crate::diagnostics::Span;
use serde::Serialize;

/// A piece of source text as the parser found it (quotes and escapes still in it), and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

/// A here-document attached to an instruction (`RUN <<EOF` … `EOF`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The delimiter with quotes removed (`EOF` for `<<"EOF"`).
    pub name: String,
    /// False when any part of the delimiter was quoted: the body is then taken literally, without expansion.
    pub expand: bool,
    /// `<<-`: leading tabs are removed from the body lines and the delimiter line.
    pub chomp: bool,
    /// The file descriptor before `<<` (`3<<EOF`), 0 when none was written.
    pub file_descriptor: u32,
    /// The body, each line with its line break, without the closing delimiter line.
    pub content: String,
    /// The `<<NAME` text on the instruction line.
    pub span: Span,
    /// From the first body line to the end of the delimiter line.
    pub body_span: Span,
}

/// One instruction of the raw tree (BuildKit's `parser.Node` at the top level).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The instruction keyword as written (`run`, `RUN`, or an unknown word).
    pub keyword: Word,
    /// Builder flags as BuildKit extracted them (`--from=build`), quotes removed.
    pub flags: Vec<Word>,
    /// The argument words (BuildKit's `Next` chain). For ENV and LABEL: key, value, separator, repeated.
    /// For HEALTHCHECK: the sub-command (`CMD`/`NONE`) first.
    pub args: Vec<Word>,
    /// ONBUILD's trigger instruction.
    pub trigger: Option<Box<Node>>,
    /// The arguments were a JSON array (exec form).
    pub json: bool,
    /// The whole logical line after joining continuation lines (BuildKit's `Original`), as `Step N/M :` prints it.
    pub original: String,
    /// Where the argument text (after the flags) starts and ends.
    pub args_span: Span,
    pub heredocs: Vec<Heredoc>,
    /// From the keyword to the end of the last line of the instruction (continuations and heredoc bodies included).
    pub span: Span,
    /// 1-based first and last source lines.
    pub start_line: usize,
    pub end_line: usize,
    /// The comment lines right before the instruction.
    pub comments: Vec<String>,
}

impl Node {
    pub fn keyword_lower(&self) -> String {
        self.keyword.text.to_lowercase()
    }

    /// BuildKit's `Node.Dump()` for one top-level instruction, without the surrounding parentheses.
    pub fn dump(&self) -> String {
        let mut out = self.keyword_lower();
        if !self.flags.is_empty() {
            let flags: Vec<String> = self.flags.iter().map(|f| f.text.clone()).collect();
            out.push(' ');
            out.push_str(&quote_list(&flags));
        }
        if let Some(trigger) = &self.trigger {
            out.push_str(" (");
            out.push_str(&trigger.dump());
            out.push(')');
        }
        for arg in &self.args {
            out.push(' ');
            out.push_str(&quote(&arg.text));
        }
        out
    }
}

/// BuildKit's dump of a whole tree: one parenthesised line per instruction, ending with a line break.
pub fn dump<'a>(nodes: impl IntoIterator<Item = &'a Node>) -> String {
    let mut out = String::new();
    for node in nodes {
        out.push('(');
        out.push_str(&node.dump());
        out.push_str(")\n");
    }
    out
}
