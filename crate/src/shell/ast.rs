//! The syntax tree of a shell script, as the parser builds it and the interpreter walks it. Every word keeps its byte
//! span in the text it was read from; the tree owns its strings, so functions outlive the script that defined them.

use crate::diagnostics::Span;

/// A list of and-or lists separated by `;`, `&` or newlines (a script body, a compound command's body).
pub type List = Vec<AndOr>;

/// `a && b || c`, optionally followed by `&` (which the simulation runs in the foreground).
#[derive(Clone, Debug, PartialEq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
    pub background: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// `[!] cmd | cmd | …`
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    pub bang: bool,
    pub commands: Vec<Command>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Simple(SimpleCommand),
    Compound(Box<Compound>, Vec<Redirect>),
    Function(Box<FunctionDef>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub name: String,
    /// A compound command with its redirections.
    pub body: Command,
    pub span: Span,
}

/// Assignments, words and redirections, in the order they were written (order matters only within each group).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SimpleCommand {
    pub assigns: Vec<Assign>,
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    pub span: Span,
    /// The line it starts on (1-based; dash and bash name it in their error messages).
    pub line: usize,
}

/// `NAME=value`
#[derive(Clone, Debug, PartialEq)]
pub struct Assign {
    pub name: String,
    pub value: Word,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Compound {
    Brace(List),
    Subshell(List),
    If {
        branches: Vec<(List, List)>,
        otherwise: Option<List>,
    },
    For {
        var: String,
        words: Option<Vec<Word>>,
        body: List,
    },
    Loop {
        until: bool,
        cond: List,
        body: List,
    },
    Case {
        word: Word,
        arms: Vec<CaseArm>,
    },
    /// `(( expression ))` (bash, busybox ash): status 0 when the value is not zero.
    Arith(Vec<WordPart>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct CaseArm {
    pub patterns: Vec<Word>,
    pub body: List,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Redirect {
    /// The file descriptor written before the operator (`2>`), if any.
    pub fd: Option<u32>,
    pub op: RedirOp,
    /// The file name, the descriptor to duplicate, or the here-document delimiter.
    pub target: Word,
    /// The here-document body, filled in once the parser has read it.
    pub heredoc: Option<HereDoc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirOp {
    /// `<`
    In,
    /// `>` and `>|`
    Out,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupIn,
    /// `>&`
    DupOut,
    /// `<<` and `<<-`
    HereDoc,
    /// `<<<`
    HereString,
    /// `&>` (bash: stdout and stderr to a file)
    OutErr,
    /// `&>>`
    AppendErr,
}

/// A here-document body: literal when the delimiter was quoted, otherwise subject to `$`, `` ` `` and `\` expansion.
#[derive(Clone, Debug, PartialEq)]
pub enum HereDoc {
    Literal(String),
    Expand(Vec<WordPart>),
}

/// A word before expansion.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Word {
    pub parts: Vec<WordPart>,
    pub span: Span,
}

impl Word {
    /// The word's text when it is a plain unquoted literal (how reserved words and names are recognised).
    pub fn literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [WordPart::Lit(text)] => Some(text),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum WordPart {
    /// Unquoted text: glob characters and a leading `~` are live.
    Lit(String),
    /// Text from single quotes, a backslash escape, or literal text inside double quotes.
    Quoted(String),
    /// `"…"`: its parts are expanded but never split or globbed.
    DQuoted(Vec<WordPart>),
    Param(Box<ParamExp>),
    /// `$(…)` or `` `…` ``
    Subst(Box<List>),
    /// `$((…))`: the parts are expanded to text, then evaluated.
    Arith(Vec<WordPart>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParamExp {
    pub param: Param,
    pub op: ParamOp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Param {
    Named(String),
    /// `$0`, `$1`, `${10}`
    Positional(usize),
    /// `$@ $* $# $? $- $$ $!`
    Special(char),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplaceMode {
    First,
    All,
    Prefix,
    Suffix,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamOp {
    Plain,
    /// `${#VAR}`
    Length,
    /// `${VAR-w}` / `${VAR:-w}`
    Default {
        colon: bool,
        word: Word,
    },
    /// `${VAR=w}` / `${VAR:=w}`
    Assign {
        colon: bool,
        word: Word,
    },
    /// `${VAR?w}` / `${VAR:?w}`
    Error {
        colon: bool,
        word: Word,
    },
    /// `${VAR+w}` / `${VAR:+w}`
    Alt {
        colon: bool,
        word: Word,
    },
    /// `${VAR#p}` / `${VAR##p}`
    TrimPrefix {
        longest: bool,
        pattern: Word,
    },
    /// `${VAR%p}` / `${VAR%%p}`
    TrimSuffix {
        longest: bool,
        pattern: Word,
    },
    /// `${VAR/p/r}` and friends (busybox ash and bash)
    Replace {
        mode: ReplaceMode,
        pattern: Word,
        with: Word,
    },
    /// `${VAR:off}` / `${VAR:off:len}` (busybox ash and bash)
    Substring {
        offset: Word,
        length: Option<Word>,
    },
}
