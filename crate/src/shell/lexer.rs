//! Tokens of the shell language: operators, newlines and words with their quoting and expansions already structured
//! into [`WordPart`]s, plus here-document bodies (read when the lexer passes the newline that ends their line).
//! Command substitutions are parsed on the spot by a nested [`Parser`], as dash does.

use super::ast::{HereDoc, Param, ParamExp, ParamOp, ReplaceMode, Word, WordPart};
use super::parser::Parser;
use crate::diagnostics::Span;
use std::collections::VecDeque;

/// How deeply constructs may nest (compound commands, substitutions, `${…}` words) before parsing gives up: this
/// bounds the recursion of the parser and, later, of the interpreter.
pub const MAX_NESTING: usize = 48;

/// A syntax error, worded like dash's (`Syntax error: end of file unexpected (expecting "fi")`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// 1-based line of the script where the error was noticed.
    pub line: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Semi,
    DSemi,
    Amp,
    AndIf,
    OrIf,
    Pipe,
    LParen,
    RParen,
    Less,
    Great,
    DGreat,
    DLess,
    DLessDash,
    /// `<<<` (here-string, bash and busybox ash)
    TLess,
    LessAnd,
    GreatAnd,
    LessGreat,
    Clobber,
    AndGreat,
    AndDGreat,
}

impl Op {
    pub fn text(self) -> &'static str {
        match self {
            Op::Semi => ";",
            Op::DSemi => ";;",
            Op::Amp => "&",
            Op::AndIf => "&&",
            Op::OrIf => "||",
            Op::Pipe => "|",
            Op::LParen => "(",
            Op::RParen => ")",
            Op::Less => "<",
            Op::Great => ">",
            Op::DGreat => ">>",
            Op::DLess => "<<",
            Op::DLessDash => "<<-",
            Op::TLess => "<<<",
            Op::LessAnd => "<&",
            Op::GreatAnd => ">&",
            Op::LessGreat => "<>",
            Op::Clobber => ">|",
            Op::AndGreat => "&>",
            Op::AndDGreat => "&>>",
        }
    }

    pub fn is_redirect(self) -> bool {
        matches!(
            self,
            Op::Less
                | Op::Great
                | Op::DGreat
                | Op::DLess
                | Op::DLessDash
                | Op::TLess
                | Op::LessAnd
                | Op::GreatAnd
                | Op::LessGreat
                | Op::Clobber
                | Op::AndGreat
                | Op::AndDGreat
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Word(Word),
    /// Digits directly before a redirection operator (`2>`).
    IoNumber(u32),
    Op(Op),
    Newline,
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

struct PendingHeredoc {
    delim: String,
    strip_tabs: bool,
    quoted: bool,
}

/// Where a run of word characters is being read; decides what ends it and which quotes are live.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// An ordinary word: ends at a blank or an operator character.
    Word,
    /// Inside `"…"`.
    DQuote,
    /// The word of `${VAR…word}`; `stop` is an extra terminator (`/` in `${v/p/r}`, `:` in `${v:o:l}`).
    Brace { dquoted: bool, stop: Option<char> },
    /// A here-document body: only `$`, `` ` `` and `\` are special.
    Heredoc,
    /// Inside `$((…))`: like a here-document, and parentheses nest.
    Arith,
}

pub struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    depth: usize,
    line_base: usize,
    pending: Vec<PendingHeredoc>,
    /// Bodies read but not yet attached to their redirections, in source order.
    pub bodies: VecDeque<HereDoc>,
    /// The last position [`Lexer::line_at`] counted to and the newlines before it, so that numbering every command
    /// of a long script stays linear.
    line_cache: std::cell::Cell<(usize, usize)>,
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

/// Whether `s` is a valid variable name.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

fn push_text(parts: &mut Vec<WordPart>, quoted: bool, text: &str) {
    match (parts.last_mut(), quoted) {
        (Some(WordPart::Lit(last)), false) | (Some(WordPart::Quoted(last)), true) => last.push_str(text),
        _ => parts.push(if quoted { WordPart::Quoted(text.to_string()) } else { WordPart::Lit(text.to_string()) }),
    }
}

fn push_char(parts: &mut Vec<WordPart>, quoted: bool, c: char) {
    let mut buf = [0u8; 4];
    push_text(parts, quoted, c.encode_utf8(&mut buf));
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s str, depth: usize, line_base: usize) -> Lexer<'s> {
        Lexer::at(src, 0, depth, line_base)
    }

    /// A lexer that starts reading `src` at byte `pos` (for `$(…)`, which shares its parent's text).
    pub fn at(src: &'s str, pos: usize, depth: usize, line_base: usize) -> Lexer<'s> {
        Lexer {
            src,
            pos,
            depth,
            line_base,
            pending: Vec::new(),
            bodies: VecDeque::new(),
            line_cache: std::cell::Cell::new((0, 0)),
        }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn src(&self) -> &'s str {
        self.src
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    pub fn adjust_depth(&mut self, delta: isize) {
        self.depth = self.depth.saturating_add_signed(delta);
    }

    pub fn line_at(&self, pos: usize) -> usize {
        let end = pos.min(self.src.len());
        let (from, mut newlines) = self.line_cache.get();
        let from = if from <= end {
            from
        } else {
            newlines = 0;
            0
        };
        newlines += self.src.as_bytes()[from..end].iter().filter(|&&b| b == b'\n').count();
        self.line_cache.set((end, newlines));
        self.line_base + newlines
    }

    pub fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError { message: message.into(), line: self.line_at(self.pos) }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|rest| rest.chars().next())
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.src.get(self.pos + offset..).and_then(|rest| rest.chars().next())
    }

    fn starts_with(&self, s: &str) -> bool {
        self.src.get(self.pos..).is_some_and(|rest| rest.starts_with(s))
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// After the first `(` of `((`: reads an arithmetic command up to `))`, or leaves everything as it was (then
    /// it is a subshell in a subshell, `( (a) )`).
    pub fn try_arith_command(&mut self) -> Result<Option<Vec<WordPart>>, ParseError> {
        if self.peek() != Some('(') {
            return Ok(None);
        }
        let save = self.pos;
        self.pos += 1;
        self.check_depth()?;
        self.depth += 1;
        let parts = self.scan_parts(Ctx::Arith);
        self.depth -= 1;
        match parts {
            Ok(parts) if self.starts_with("))") => {
                self.pos += 2;
                Ok(Some(parts))
            }
            _ => {
                self.pos = save;
                Ok(None)
            }
        }
    }

    /// Registers a here-document whose body starts after the next newline.
    pub fn push_heredoc(&mut self, delim: String, strip_tabs: bool, quoted: bool) {
        self.pending.push(PendingHeredoc { delim, strip_tabs, quoted });
    }

    pub fn next_token(&mut self) -> Result<Token, ParseError> {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => self.pos += 1,
                Some('\\') if self.peek_at(1) == Some('\n') => self.pos += 2,
                Some('#') => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.pos += c.len_utf8();
                    }
                }
                _ => break,
            }
        }
        let start = self.pos;
        let Some(c) = self.peek() else {
            self.read_heredocs()?;
            return Ok(Token { tok: Tok::Eof, span: Span::at(start) });
        };
        if c == '\n' {
            self.pos += 1;
            self.read_heredocs()?;
            return Ok(Token { tok: Tok::Newline, span: Span::new(start, start + 1) });
        }
        if let Some(op) = self.operator() {
            return Ok(Token { tok: Tok::Op(op), span: Span::new(start, self.pos) });
        }
        let parts = self.scan_parts(Ctx::Word)?;
        let span = Span::new(start, self.pos);
        if let [WordPart::Lit(text)] = parts.as_slice() {
            if text.bytes().all(|b| b.is_ascii_digit()) && matches!(self.peek(), Some('<' | '>')) {
                if let Ok(fd) = text.parse::<u32>() {
                    return Ok(Token { tok: Tok::IoNumber(fd), span });
                }
            }
        }
        Ok(Token { tok: Tok::Word(Word { parts, span }), span })
    }

    fn operator(&mut self) -> Option<Op> {
        const OPS: [(&str, Op); 20] = [
            ("<<<", Op::TLess),
            ("&>>", Op::AndDGreat),
            ("<<-", Op::DLessDash),
            ("&&", Op::AndIf),
            ("&>", Op::AndGreat),
            ("||", Op::OrIf),
            (";;", Op::DSemi),
            ("<<", Op::DLess),
            ("<&", Op::LessAnd),
            ("<>", Op::LessGreat),
            (">>", Op::DGreat),
            (">&", Op::GreatAnd),
            (">|", Op::Clobber),
            ("&", Op::Amp),
            ("|", Op::Pipe),
            (";", Op::Semi),
            ("(", Op::LParen),
            (")", Op::RParen),
            ("<", Op::Less),
            (">", Op::Great),
        ];
        for (text, op) in OPS {
            if self.starts_with(text) {
                self.pos += text.len();
                return Some(op);
            }
        }
        None
    }

    fn read_heredocs(&mut self) -> Result<(), ParseError> {
        let pending = std::mem::take(&mut self.pending);
        for doc in pending {
            let body_line = self.line_at(self.pos);
            let mut body = String::new();
            while let Some(rest) = self.src.get(self.pos..) {
                if rest.is_empty() {
                    break;
                }
                let (line, advance) = match rest.find('\n') {
                    Some(i) => (&rest[..i], i + 1),
                    None => (rest, rest.len()),
                };
                self.pos += advance;
                let line = if doc.strip_tabs { line.trim_start_matches('\t') } else { line };
                if line == doc.delim || line.strip_suffix('\r') == Some(doc.delim.as_str()) {
                    break;
                }
                body.push_str(line);
                body.push('\n');
            }
            let parsed = if doc.quoted {
                HereDoc::Literal(body)
            } else {
                let mut sub = Lexer::new(&body, self.depth + 1, body_line);
                HereDoc::Expand(sub.scan_parts(Ctx::Heredoc)?)
            };
            self.bodies.push_back(parsed);
        }
        Ok(())
    }

    fn check_depth(&self) -> Result<(), ParseError> {
        if self.depth > MAX_NESTING {
            Err(self.error(format!("Syntax error: nested too deeply (more than {MAX_NESTING} levels)")))
        } else {
            Ok(())
        }
    }

    fn unterminated(&self) -> ParseError {
        self.error("Syntax error: Unterminated quoted string")
    }

    /// Reads word characters in `ctx` until its terminator (which is left unread).
    fn scan_parts(&mut self, ctx: Ctx) -> Result<Vec<WordPart>, ParseError> {
        self.check_depth()?;
        let mut parts = Vec::new();
        let mut paren_depth = 0usize;
        let quoted_text = matches!(ctx, Ctx::DQuote | Ctx::Heredoc | Ctx::Brace { dquoted: true, .. });
        loop {
            let Some(c) = self.peek() else {
                return match ctx {
                    Ctx::DQuote => Err(self.unterminated()),
                    Ctx::Brace { .. } => Err(self.error("Syntax error: Missing '}'")),
                    Ctx::Arith => Err(self.error("Syntax error: end of file unexpected (expecting \"))\")")),
                    _ => Ok(parts),
                };
            };
            match ctx {
                Ctx::Word => {
                    if matches!(c, ' ' | '\t' | '\n' | '\r' | ';' | '&' | '|' | '(' | ')' | '<' | '>') {
                        return Ok(parts);
                    }
                }
                Ctx::DQuote => {
                    if c == '"' {
                        return Ok(parts);
                    }
                }
                Ctx::Brace { stop, .. } => {
                    if c == '}' || Some(c) == stop {
                        return Ok(parts);
                    }
                }
                Ctx::Heredoc => {}
                Ctx::Arith => {
                    if c == ')' {
                        if paren_depth == 0 {
                            return Ok(parts);
                        }
                        paren_depth -= 1;
                    } else if c == '(' {
                        paren_depth += 1;
                    }
                }
            }
            match c {
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        None => push_char(&mut parts, quoted_text, '\\'),
                        Some('\n') => self.pos += 1,
                        Some(next) => {
                            let escapes = match ctx {
                                Ctx::Word | Ctx::Brace { dquoted: false, .. } => true,
                                Ctx::DQuote | Ctx::Brace { dquoted: true, .. } => {
                                    matches!(next, '$' | '`' | '"' | '\\') || (next == '}' && ctx != Ctx::DQuote)
                                }
                                Ctx::Heredoc | Ctx::Arith => matches!(next, '$' | '`' | '\\'),
                            };
                            if escapes {
                                self.pos += next.len_utf8();
                                push_char(&mut parts, true, next);
                            } else {
                                push_char(&mut parts, true, '\\');
                            }
                        }
                    }
                }
                '\'' if matches!(ctx, Ctx::Word | Ctx::Brace { dquoted: false, .. }) => {
                    self.pos += 1;
                    let rest = self.src.get(self.pos..).unwrap_or("");
                    let Some(end) = rest.find('\'') else {
                        self.pos = self.src.len();
                        return Err(self.unterminated());
                    };
                    parts.push(WordPart::Quoted(rest[..end].to_string()));
                    self.pos += end + 1;
                }
                '"' if matches!(ctx, Ctx::Word | Ctx::Brace { .. }) => {
                    self.pos += 1;
                    self.depth += 1;
                    let inner = self.scan_parts(Ctx::DQuote);
                    self.depth -= 1;
                    let inner = inner?;
                    if self.bump() != Some('"') {
                        return Err(self.unterminated());
                    }
                    parts.push(WordPart::DQuoted(inner));
                }
                '$' => {
                    let ansi_ok = matches!(ctx, Ctx::Word | Ctx::Brace { dquoted: false, .. });
                    match self.scan_dollar(ansi_ok, quoted_text)? {
                        Some(part) => parts.push(part),
                        None => push_char(&mut parts, quoted_text, '$'),
                    }
                }
                '`' => {
                    self.pos += 1;
                    parts.push(self.scan_backquote(ctx == Ctx::DQuote)?);
                }
                _ => {
                    self.pos += c.len_utf8();
                    push_char(&mut parts, quoted_text, c);
                }
            }
        }
    }

    /// After a `$`: the expansion it starts, or `None` when it is a literal dollar sign.
    fn scan_dollar(&mut self, ansi_ok: bool, in_dquote: bool) -> Result<Option<WordPart>, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else { return Ok(None) };
        match c {
            '(' => {
                if self.peek_at(1) == Some('(') {
                    self.pos += 2;
                    self.depth += 1;
                    let arith = self.scan_parts(Ctx::Arith);
                    self.depth -= 1;
                    if let Ok(parts) = arith {
                        if self.starts_with("))") {
                            self.pos += 2;
                            return Ok(Some(WordPart::Arith(parts)));
                        }
                    }
                    // `$( (subshell) … )`: not arithmetic after all.
                    self.pos = start + 1;
                }
                self.pos += 1;
                self.check_depth()?;
                let (list, end) = Parser::parse_substitution(self.src, self.pos, self.depth + 1, self.line_base)?;
                self.pos = end;
                Ok(Some(WordPart::Subst(Box::new(list))))
            }
            '{' => {
                self.pos += 1;
                self.check_depth()?;
                self.depth += 1;
                let result = self.scan_braced(in_dquote);
                self.depth -= 1;
                result.map(Some)
            }
            '\'' if ansi_ok => {
                self.pos += 1;
                Ok(Some(WordPart::Quoted(self.scan_ansi_c()?)))
            }
            c if is_name_start(c) => {
                let name_start = self.pos;
                while self.peek().is_some_and(is_name_char) {
                    self.pos += 1;
                }
                let name = self.src[name_start..self.pos].to_string();
                Ok(Some(param(Param::Named(name), ParamOp::Plain)))
            }
            c if c.is_ascii_digit() => {
                self.pos += 1;
                Ok(Some(param(Param::Positional(c as usize - '0' as usize), ParamOp::Plain)))
            }
            '@' | '*' | '#' | '?' | '-' | '$' | '!' => {
                self.pos += 1;
                Ok(Some(param(Param::Special(c), ParamOp::Plain)))
            }
            _ => Ok(None),
        }
    }

    fn scan_param_name(&mut self) -> Option<Param> {
        let c = self.peek()?;
        if is_name_start(c) {
            let start = self.pos;
            while self.peek().is_some_and(is_name_char) {
                self.pos += 1;
            }
            return Some(Param::Named(self.src[start..self.pos].to_string()));
        }
        if c.is_ascii_digit() {
            let start = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
            let n = self.src[start..self.pos].parse::<usize>().unwrap_or(usize::MAX);
            return Some(Param::Positional(n));
        }
        if matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!') {
            self.pos += 1;
            return Some(Param::Special(c));
        }
        None
    }

    fn bad_substitution(&self) -> ParseError {
        self.error("Syntax error: Bad substitution")
    }

    /// After `${`.
    fn scan_braced(&mut self, dquoted: bool) -> Result<WordPart, ParseError> {
        // `${#}` is the number of positional parameters; `${#NAME}` is a length.
        if self.peek() == Some('#') && !matches!(self.peek_at(1), Some('}') | None) {
            let save = self.pos;
            self.pos += 1;
            if let Some(p) = self.scan_param_name() {
                if self.peek() == Some('}') {
                    self.pos += 1;
                    return Ok(param(p, ParamOp::Length));
                }
            }
            self.pos = save;
        }
        let Some(p) = self.scan_param_name() else {
            return Err(if self.peek().is_none() {
                self.error("Syntax error: Missing '}'")
            } else {
                self.bad_substitution()
            });
        };
        let Some(c) = self.bump() else { return Err(self.error("Syntax error: Missing '}'")) };
        let word = |lx: &mut Lexer<'s>, stop: Option<char>| -> Result<Word, ParseError> {
            let start = lx.pos;
            let parts = lx.scan_parts(Ctx::Brace { dquoted, stop })?;
            Ok(Word { parts, span: Span::new(start, lx.pos) })
        };
        let op = match c {
            '}' => return Ok(param(p, ParamOp::Plain)),
            ':' if matches!(self.peek(), Some('-' | '=' | '?' | '+')) => {
                let kind = self.bump().unwrap_or('-');
                let w = word(self, None)?;
                colon_op(kind, true, w)
            }
            ':' => {
                let offset = word(self, Some(':'))?;
                let length = if self.peek() == Some(':') {
                    self.pos += 1;
                    Some(word(self, None)?)
                } else {
                    None
                };
                ParamOp::Substring { offset, length }
            }
            '-' | '=' | '?' | '+' => {
                let w = word(self, None)?;
                colon_op(c, false, w)
            }
            '#' | '%' => {
                let longest = self.peek() == Some(c);
                if longest {
                    self.pos += 1;
                }
                let pattern = word(self, None)?;
                if c == '#' {
                    ParamOp::TrimPrefix { longest, pattern }
                } else {
                    ParamOp::TrimSuffix { longest, pattern }
                }
            }
            '/' => {
                let mode = match self.peek() {
                    Some('/') => ReplaceMode::All,
                    Some('#') => ReplaceMode::Prefix,
                    Some('%') => ReplaceMode::Suffix,
                    _ => ReplaceMode::First,
                };
                if mode != ReplaceMode::First {
                    self.pos += 1;
                }
                let pattern = word(self, Some('/'))?;
                let with = if self.peek() == Some('/') {
                    self.pos += 1;
                    word(self, None)?
                } else {
                    Word::default()
                };
                ParamOp::Replace { mode, pattern, with }
            }
            _ => return Err(self.bad_substitution()),
        };
        if self.bump() != Some('}') {
            return Err(self.error("Syntax error: Missing '}'"));
        }
        Ok(param(p, op))
    }

    /// After `$'`: bash/busybox ANSI-C quoting.
    fn scan_ansi_c(&mut self) -> Result<String, ParseError> {
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else { return Err(self.unterminated()) };
            match c {
                '\'' => return Ok(out),
                '\\' => {
                    let Some(e) = self.bump() else { return Err(self.unterminated()) };
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'a' => out.push('\x07'),
                        'b' => out.push('\x08'),
                        'e' | 'E' => out.push('\x1b'),
                        'f' => out.push('\x0c'),
                        'v' => out.push('\x0b'),
                        '\\' | '\'' | '"' | '?' => out.push(e),
                        'x' => {
                            let mut value = 0u32;
                            let mut digits = 0;
                            while digits < 2 {
                                match self.peek().and_then(|d| d.to_digit(16)) {
                                    Some(d) => {
                                        value = value * 16 + d;
                                        self.pos += 1;
                                        digits += 1;
                                    }
                                    None => break,
                                }
                            }
                            if digits == 0 {
                                out.push_str("\\x");
                            } else {
                                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
                            }
                        }
                        '0'..='7' => {
                            let mut value = e as u32 - '0' as u32;
                            let mut digits = 1;
                            while digits < 3 {
                                match self.peek().and_then(|d| d.to_digit(8)) {
                                    Some(d) => {
                                        value = value * 8 + d;
                                        self.pos += 1;
                                        digits += 1;
                                    }
                                    None => break,
                                }
                            }
                            out.push(char::from_u32(value & 0xff).unwrap_or('\u{fffd}'));
                        }
                        other => {
                            out.push('\\');
                            out.push(other);
                        }
                    }
                }
                other => out.push(other),
            }
        }
    }

    /// After an opening backquote: the old-style command substitution.
    fn scan_backquote(&mut self, in_dquote: bool) -> Result<WordPart, ParseError> {
        self.check_depth()?;
        let start_line = self.line_at(self.pos);
        let mut text = String::new();
        loop {
            let Some(c) = self.bump() else { return Err(self.error("Syntax error: EOF in backquote substitution")) };
            match c {
                '`' => break,
                '\\' => match self.peek() {
                    Some(e @ ('$' | '`' | '\\')) => {
                        self.pos += 1;
                        text.push(e);
                    }
                    Some('"') if in_dquote => {
                        self.pos += 1;
                        text.push('"');
                    }
                    Some('\n') => self.pos += 1,
                    _ => text.push('\\'),
                },
                other => text.push(other),
            }
        }
        let list = Parser::parse_nested(&text, self.depth + 1, start_line)?;
        Ok(WordPart::Subst(Box::new(list)))
    }
}

fn param(param: Param, op: ParamOp) -> WordPart {
    WordPart::Param(Box::new(ParamExp { param, op }))
}

fn colon_op(kind: char, colon: bool, word: Word) -> ParamOp {
    match kind {
        '=' => ParamOp::Assign { colon, word },
        '?' => ParamOp::Error { colon, word },
        '+' => ParamOp::Alt { colon, word },
        _ => ParamOp::Default { colon, word },
    }
}

/// The delimiter of a here-document as written (quotes removed) and whether any part of it was quoted.
pub fn heredoc_delimiter(raw: &str) -> (String, bool) {
    let mut out = String::new();
    let mut quoted = false;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => quoted = true,
            '\\' => {
                quoted = true;
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            other => out.push(other),
        }
    }
    (out, quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Vec<Tok> {
        let mut lx = Lexer::new(src, 0, 1);
        let mut out = Vec::new();
        loop {
            let token = lx.next_token().unwrap();
            if token.tok == Tok::Eof {
                return out;
            }
            out.push(token.tok);
        }
    }

    #[test]
    fn operators_and_io_numbers() {
        let toks = tokens("a 2>&1 >>f <<<s &>x;;&&||| # comment\n");
        assert!(matches!(toks[0], Tok::Word(_)));
        assert_eq!(toks[1], Tok::IoNumber(2));
        assert_eq!(toks[2], Tok::Op(Op::GreatAnd));
        assert_eq!(toks[4], Tok::Op(Op::DGreat));
        assert_eq!(toks[6], Tok::Op(Op::TLess));
        assert_eq!(toks[8], Tok::Op(Op::AndGreat));
        assert_eq!(&toks[10..13], &[Tok::Op(Op::DSemi), Tok::Op(Op::AndIf), Tok::Op(Op::OrIf)]);
        assert_eq!(toks[13], Tok::Op(Op::Pipe));
        assert_eq!(toks[14], Tok::Newline);
    }

    #[test]
    fn words_and_continuations() {
        let toks = tokens("ec\\\nho a\\ b '$x' \"$y\"");
        let Tok::Word(first) = &toks[0] else { panic!() };
        assert_eq!(first.literal(), Some("echo"));
        let Tok::Word(second) = &toks[1] else { panic!() };
        assert_eq!(
            second.parts,
            vec![WordPart::Lit("a".into()), WordPart::Quoted(" ".into()), WordPart::Lit("b".into())]
        );
        assert_eq!(toks.len(), 4);
    }

    #[test]
    fn heredoc_delimiters() {
        assert_eq!(heredoc_delimiter("EOF"), ("EOF".to_string(), false));
        assert_eq!(heredoc_delimiter("'EOF'"), ("EOF".to_string(), true));
        assert_eq!(heredoc_delimiter("\"E\"OF"), ("EOF".to_string(), true));
        assert_eq!(heredoc_delimiter("\\EOF"), ("EOF".to_string(), true));
        assert!(is_name("_a1") && !is_name("1a") && !is_name(""));
    }
}
