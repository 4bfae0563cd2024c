//! The POSIX sh grammar over the lexer's tokens: lists, and-or lists, pipelines, simple and compound commands,
//! function definitions and redirections. Like dash, a script is parsed one complete command (one line) at a time,
//! so earlier lines run before a syntax error further down is reported; errors use dash's wording.

use super::ast::{
    AndOr, Assign, CaseArm, Command, Compound, Connector, FunctionDef, HereDoc, List, Pipeline, RedirOp, Redirect,
    SimpleCommand, Word, WordPart,
};
use super::lexer::{heredoc_delimiter, is_name, Lexer, Op, ParseError, Tok, Token, MAX_NESTING};
use crate::diagnostics::Span;
use std::collections::VecDeque;

/// Reserved words that end a compound list; seeing one where a command should start is a syntax error.
const TERMINATORS: [&str; 8] = ["then", "else", "elif", "fi", "do", "done", "esac", "}"];

pub struct Parser<'s> {
    lx: Lexer<'s>,
    peeked: Option<Token>,
    last_end: usize,
}

/// Parses a whole script at once (used where the script is not run line by line: tests, `eval` bodies).
pub fn parse_script(src: &str) -> Result<List, ParseError> {
    Parser::parse_nested(src, 0, 1)
}

impl<'s> Parser<'s> {
    pub fn new(src: &'s str) -> Parser<'s> {
        Parser::starting_at_line(src, 1)
    }

    /// A parser whose first line is line `line` (an interactive shell counts the lines typed so far).
    pub fn starting_at_line(src: &'s str, line: usize) -> Parser<'s> {
        Parser { lx: Lexer::new(src, 0, line), peeked: None, last_end: 0 }
    }

    /// Parses `$(…)` starting at `pos` (just after the parenthesis); returns the list and the offset after `)`.
    pub fn parse_substitution(
        src: &'s str,
        pos: usize,
        depth: usize,
        line_base: usize,
    ) -> Result<(List, usize), ParseError> {
        let mut parser = Parser { lx: Lexer::at(src, pos, depth, line_base), peeked: None, last_end: pos };
        let mut list = parser.compound_list(true)?;
        let token = parser.next()?;
        if token.tok != Tok::Op(Op::RParen) {
            return Err(parser.unexpected(&token, Some(")")));
        }
        parser.fill_heredocs(&mut list);
        Ok((list, parser.lx.pos()))
    }

    /// Parses all of `text` as one list (backquote substitutions, `eval`, sourced files).
    pub fn parse_nested(text: &str, depth: usize, line_base: usize) -> Result<List, ParseError> {
        let mut parser = Parser { lx: Lexer::new(text, depth, line_base), peeked: None, last_end: 0 };
        let mut all = Vec::new();
        while let Some(list) = parser.next_command()? {
            all.extend(list);
        }
        Ok(all)
    }

    /// The next complete command (everything up to an unquoted newline), or `None` at the end of the script.
    pub fn next_command(&mut self) -> Result<Option<List>, ParseError> {
        loop {
            match self.peek()?.tok {
                Tok::Newline => {
                    self.next()?;
                }
                Tok::Eof => return Ok(None),
                _ => break,
            }
        }
        let mut list = Vec::new();
        loop {
            let mut and_or = self.and_or()?;
            let token = self.next()?;
            match token.tok {
                Tok::Op(Op::Semi) | Tok::Op(Op::Amp) => {
                    and_or.background = token.tok == Tok::Op(Op::Amp);
                    list.push(and_or);
                    if matches!(self.peek()?.tok, Tok::Newline | Tok::Eof) {
                        self.next()?;
                        break;
                    }
                }
                Tok::Newline | Tok::Eof => {
                    list.push(and_or);
                    break;
                }
                _ => return Err(self.unexpected(&token, None)),
            }
        }
        self.fill_heredocs(&mut list);
        Ok(Some(list))
    }

    /// Line of the next unread token (for error messages of the caller).
    pub fn line(&self) -> usize {
        self.lx.line_at(self.lx.pos())
    }

    fn peek(&mut self) -> Result<&Token, ParseError> {
        if self.peeked.is_none() {
            let token = self.lx.next_token()?;
            self.peeked = Some(token);
        }
        match &self.peeked {
            Some(token) => Ok(token),
            None => Err(self.lx.error("Syntax error: internal parser state")),
        }
    }

    fn next(&mut self) -> Result<Token, ParseError> {
        let token = match self.peeked.take() {
            Some(token) => token,
            None => self.lx.next_token()?,
        };
        if token.tok != Tok::Eof {
            self.last_end = token.span.end;
        }
        Ok(token)
    }

    fn peek_keyword(&mut self) -> Result<Option<String>, ParseError> {
        Ok(match &self.peek()?.tok {
            Tok::Word(word) => word.literal().map(str::to_string),
            _ => None,
        })
    }

    fn skip_newlines(&mut self) -> Result<(), ParseError> {
        while self.peek()?.tok == Tok::Newline {
            self.next()?;
        }
        Ok(())
    }

    fn describe(&self, token: &Token) -> String {
        match &token.tok {
            Tok::Word(word) => match word.literal() {
                Some(text) if TERMINATORS.contains(&text) || is_reserved(text) => format!("\"{text}\""),
                _ => "word".to_string(),
            },
            Tok::IoNumber(_) => "word".to_string(),
            Tok::Op(op) => format!("\"{}\"", op.text()),
            Tok::Newline => "newline".to_string(),
            Tok::Eof => "end of file".to_string(),
        }
    }

    fn unexpected(&self, token: &Token, expecting: Option<&str>) -> ParseError {
        let mut message = format!("Syntax error: {} unexpected", self.describe(token));
        if let Some(what) = expecting {
            message.push_str(&format!(" (expecting \"{what}\")"));
        }
        ParseError { message, line: self.lx.line_at(token.span.start) }
    }

    fn expect_keyword(&mut self, keyword: &str) -> Result<(), ParseError> {
        let token = self.next()?;
        match &token.tok {
            Tok::Word(word) if word.literal() == Some(keyword) => Ok(()),
            _ => Err(self.unexpected(&token, Some(keyword))),
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        if self.lx.depth() > MAX_NESTING {
            return Err(self.lx.error(format!("Syntax error: nested too deeply (more than {MAX_NESTING} levels)")));
        }
        Ok(())
    }

    /// A list inside a compound command: and-or lists separated by `;`, `&` or newlines, ending before a reserved
    /// terminator word, `)`, `;;` or the end of the text.
    fn compound_list(&mut self, allow_empty: bool) -> Result<List, ParseError> {
        let mut list = Vec::new();
        loop {
            self.skip_newlines()?;
            let token = self.peek()?;
            let stop = match &token.tok {
                Tok::Eof | Tok::Op(Op::RParen) | Tok::Op(Op::DSemi) => true,
                Tok::Word(word) => word.literal().is_some_and(|w| TERMINATORS.contains(&w)),
                _ => false,
            };
            if stop {
                break;
            }
            let mut and_or = self.and_or()?;
            match self.peek()?.tok {
                Tok::Op(Op::Semi) | Tok::Op(Op::Amp) => {
                    and_or.background = self.next()?.tok == Tok::Op(Op::Amp);
                    list.push(and_or);
                }
                Tok::Newline => {
                    self.next()?;
                    list.push(and_or);
                }
                _ => {
                    list.push(and_or);
                    break;
                }
            }
        }
        if list.is_empty() && !allow_empty {
            let token = self.peek()?.clone();
            return Err(self.unexpected(&token, None));
        }
        Ok(list)
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let connector = match self.peek()?.tok {
                Tok::Op(Op::AndIf) => Connector::And,
                Tok::Op(Op::OrIf) => Connector::Or,
                _ => break,
            };
            self.next()?;
            self.skip_newlines()?;
            rest.push((connector, self.pipeline()?));
        }
        Ok(AndOr { first, rest, background: false })
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let start = self.peek()?.span.start;
        let mut bang = false;
        while self.peek_keyword()?.as_deref() == Some("!") {
            self.next()?;
            bang = !bang;
        }
        let mut commands = vec![self.command()?];
        while self.peek()?.tok == Tok::Op(Op::Pipe) {
            self.next()?;
            self.skip_newlines()?;
            commands.push(self.command()?);
        }
        // A word right after a compound command (`{ a; } b`) cannot continue anything.
        let token = self.peek()?;
        if matches!(token.tok, Tok::Word(_)) {
            let token = token.clone();
            return Err(self.unexpected(&token, None));
        }
        Ok(Pipeline { bang, commands, span: Span::new(start, self.last_end.max(start)) })
    }

    fn command(&mut self) -> Result<Command, ParseError> {
        let token = self.peek()?.clone();
        match &token.tok {
            Tok::Op(Op::LParen) => {
                self.next()?;
                if self.peeked.is_none() {
                    if let Some(parts) = self.lx.try_arith_command()? {
                        return self.compound(Compound::Arith(parts));
                    }
                }
                let body = self.nested(|p| p.compound_list(false))?;
                let close = self.next()?;
                if close.tok != Tok::Op(Op::RParen) {
                    return Err(self.unexpected(&close, Some(")")));
                }
                self.compound(Compound::Subshell(body))
            }
            Tok::Word(word) => match word.literal() {
                Some("if") => {
                    self.next()?;
                    let compound = self.nested(Parser::if_rest)?;
                    self.compound(compound)
                }
                Some(kw @ ("while" | "until")) => {
                    let until = kw == "until";
                    self.next()?;
                    let compound = self.nested(|p| {
                        let cond = p.compound_list(false)?;
                        p.expect_keyword("do")?;
                        let body = p.compound_list(false)?;
                        p.expect_keyword("done")?;
                        Ok(Compound::Loop { until, cond, body })
                    })?;
                    self.compound(compound)
                }
                Some("for") => {
                    self.next()?;
                    let compound = self.nested(Parser::for_rest)?;
                    self.compound(compound)
                }
                Some("case") => {
                    self.next()?;
                    let compound = self.nested(Parser::case_rest)?;
                    self.compound(compound)
                }
                Some("{") => {
                    self.next()?;
                    let body = self.nested(|p| {
                        let body = p.compound_list(false)?;
                        p.expect_keyword("}")?;
                        Ok(body)
                    })?;
                    self.compound(Compound::Brace(body))
                }
                Some("function") => {
                    self.next()?;
                    let name_token = self.next()?;
                    let name = match &name_token.tok {
                        Tok::Word(w) => w.literal().map(str::to_string),
                        _ => None,
                    };
                    let Some(name) = name else { return Err(self.unexpected(&name_token, None)) };
                    if self.peek()?.tok == Tok::Op(Op::LParen) {
                        self.next()?;
                        let close = self.next()?;
                        if close.tok != Tok::Op(Op::RParen) {
                            return Err(self.unexpected(&close, Some(")")));
                        }
                    }
                    self.function_body(name, token.span.start)
                }
                Some(kw) if TERMINATORS.contains(&kw) || kw == "in" => Err(self.unexpected(&token, None)),
                _ => self.simple_command(),
            },
            Tok::IoNumber(_) => self.simple_command(),
            Tok::Op(op) if op.is_redirect() => self.simple_command(),
            _ => Err(self.unexpected(&token, None)),
        }
    }

    /// Runs `f` one nesting level deeper (bounded, so hostile input cannot exhaust the stack).
    fn nested<T>(&mut self, f: impl FnOnce(&mut Parser<'s>) -> Result<T, ParseError>) -> Result<T, ParseError> {
        self.enter()?;
        self.lx_depth(1);
        let result = f(self);
        self.lx_depth(-1);
        result
    }

    fn lx_depth(&mut self, delta: isize) {
        self.lx.adjust_depth(delta);
    }

    fn compound(&mut self, compound: Compound) -> Result<Command, ParseError> {
        let redirects = self.redirects()?;
        Ok(Command::Compound(Box::new(compound), redirects))
    }

    fn redirects(&mut self) -> Result<Vec<Redirect>, ParseError> {
        let mut redirects = Vec::new();
        loop {
            let fd = match self.peek()?.tok {
                Tok::IoNumber(fd) => {
                    self.next()?;
                    Some(fd)
                }
                Tok::Op(op) if op.is_redirect() => None,
                _ => return Ok(redirects),
            };
            redirects.push(self.redirect(fd)?);
        }
    }

    fn redirect(&mut self, fd: Option<u32>) -> Result<Redirect, ParseError> {
        let token = self.next()?;
        let op = match token.tok {
            Tok::Op(op) if op.is_redirect() => op,
            _ => return Err(self.unexpected(&token, None)),
        };
        let target_token = self.next()?;
        let Tok::Word(target) = target_token.tok else { return Err(self.unexpected(&target_token, None)) };
        let kind = match op {
            Op::Less => RedirOp::In,
            Op::Great | Op::Clobber => RedirOp::Out,
            Op::DGreat => RedirOp::Append,
            Op::LessGreat => RedirOp::ReadWrite,
            Op::LessAnd => RedirOp::DupIn,
            Op::GreatAnd => RedirOp::DupOut,
            Op::AndGreat => RedirOp::OutErr,
            Op::AndDGreat => RedirOp::AppendErr,
            Op::TLess => RedirOp::HereString,
            _ => RedirOp::HereDoc,
        };
        if kind == RedirOp::HereDoc {
            let raw = self.lx.src().get(target.span.start..target.span.end).unwrap_or("");
            let (delim, quoted) = heredoc_delimiter(raw);
            self.lx.push_heredoc(delim, op == Op::DLessDash, quoted);
        }
        Ok(Redirect { fd, op: kind, target, heredoc: None })
    }

    fn simple_command(&mut self) -> Result<Command, ParseError> {
        let start = self.peek()?.span.start;
        let mut cmd = SimpleCommand::default();
        loop {
            let token = self.peek()?;
            match &token.tok {
                Tok::Word(_) => {
                    let Tok::Word(word) = self.next()?.tok else { break };
                    if cmd.words.is_empty() {
                        if let Some(assign) = as_assignment(&word) {
                            cmd.assigns.push(assign);
                            continue;
                        }
                    }
                    cmd.words.push(word);
                    if cmd.words.len() == 1
                        && cmd.assigns.is_empty()
                        && cmd.redirects.is_empty()
                        && self.peek()?.tok == Tok::Op(Op::LParen)
                    {
                        return self.function_definition(cmd, start);
                    }
                }
                Tok::IoNumber(fd) => {
                    let fd = *fd;
                    self.next()?;
                    cmd.redirects.push(self.redirect(Some(fd))?);
                }
                Tok::Op(op) if op.is_redirect() => cmd.redirects.push(self.redirect(None)?),
                _ => break,
            }
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirects.is_empty() {
            let token = self.peek()?.clone();
            return Err(self.unexpected(&token, None));
        }
        cmd.span = Span::new(start, self.last_end.max(start));
        cmd.line = self.lx.line_at(start);
        Ok(Command::Simple(cmd))
    }

    fn function_definition(&mut self, cmd: SimpleCommand, start: usize) -> Result<Command, ParseError> {
        self.next()?; // (
        let close = self.next()?;
        if close.tok != Tok::Op(Op::RParen) {
            return Err(self.unexpected(&close, Some(")")));
        }
        let name = cmd.words.first().and_then(Word::literal).unwrap_or("").to_string();
        if !is_function_name(&name) {
            return Err(ParseError { message: "Syntax error: Bad function name".to_string(), line: self.line() });
        }
        self.function_body(name, start)
    }

    fn function_body(&mut self, name: String, start: usize) -> Result<Command, ParseError> {
        self.skip_newlines()?;
        let body = self.nested(Parser::command)?;
        let span = Span::new(start, self.last_end.max(start));
        Ok(Command::Function(Box::new(FunctionDef { name, body, span })))
    }

    fn if_rest(&mut self) -> Result<Compound, ParseError> {
        let mut branches = Vec::new();
        let mut otherwise = None;
        let cond = self.compound_list(false)?;
        self.expect_keyword("then")?;
        let body = self.compound_list(false)?;
        branches.push((cond, body));
        loop {
            let token = self.next()?;
            match &token.tok {
                Tok::Word(w) if w.literal() == Some("elif") => {
                    let cond = self.compound_list(false)?;
                    self.expect_keyword("then")?;
                    let body = self.compound_list(false)?;
                    branches.push((cond, body));
                }
                Tok::Word(w) if w.literal() == Some("else") => {
                    otherwise = Some(self.compound_list(false)?);
                    self.expect_keyword("fi")?;
                    break;
                }
                Tok::Word(w) if w.literal() == Some("fi") => break,
                _ => return Err(self.unexpected(&token, Some("fi"))),
            }
        }
        Ok(Compound::If { branches, otherwise })
    }

    fn for_rest(&mut self) -> Result<Compound, ParseError> {
        let token = self.next()?;
        let var = match &token.tok {
            Tok::Word(w) => w.literal().filter(|n| is_name(n)).map(str::to_string),
            _ => None,
        };
        let Some(var) = var else {
            return Err(ParseError {
                message: "Syntax error: Bad for loop variable".to_string(),
                line: self.lx.line_at(token.span.start),
            });
        };
        self.skip_newlines()?;
        let mut words = None;
        if self.peek_keyword()?.as_deref() == Some("in") {
            self.next()?;
            let mut list = Vec::new();
            loop {
                let token = self.next()?;
                match token.tok {
                    Tok::Word(w) => list.push(w),
                    Tok::Op(Op::Semi) | Tok::Newline => break,
                    _ => return Err(self.unexpected(&token, Some("do"))),
                }
            }
            words = Some(list);
        } else if self.peek()?.tok == Tok::Op(Op::Semi) {
            self.next()?;
        }
        self.skip_newlines()?;
        self.expect_keyword("do")?;
        let body = self.compound_list(false)?;
        self.expect_keyword("done")?;
        Ok(Compound::For { var, words, body })
    }

    fn case_rest(&mut self) -> Result<Compound, ParseError> {
        let token = self.next()?;
        let Tok::Word(word) = token.tok else { return Err(self.unexpected(&token, Some("word"))) };
        self.skip_newlines()?;
        self.expect_keyword("in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.peek_keyword()?.as_deref() == Some("esac") {
                self.next()?;
                break;
            }
            if self.peek()?.tok == Tok::Op(Op::LParen) {
                self.next()?;
            }
            let mut patterns = Vec::new();
            loop {
                let token = self.next()?;
                let Tok::Word(pattern) = token.tok else { return Err(self.unexpected(&token, Some(")"))) };
                patterns.push(pattern);
                let token = self.next()?;
                match token.tok {
                    Tok::Op(Op::Pipe) => continue,
                    Tok::Op(Op::RParen) => break,
                    _ => return Err(self.unexpected(&token, Some(")"))),
                }
            }
            let body = self.compound_list(true)?;
            arms.push(CaseArm { patterns, body });
            let token = self.next()?;
            match &token.tok {
                Tok::Op(Op::DSemi) => {}
                Tok::Word(w) if w.literal() == Some("esac") => break,
                _ => return Err(self.unexpected(&token, Some("esac"))),
            }
        }
        Ok(Compound::Case { word, arms })
    }

    fn fill_heredocs(&mut self, list: &mut List) {
        fill_list(list, &mut self.lx.bodies);
    }
}

fn is_reserved(word: &str) -> bool {
    matches!(word, "if" | "while" | "until" | "for" | "case" | "{" | "!" | "in" | "function")
}

fn is_function_name(name: &str) -> bool {
    !name.is_empty()
        && !name.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':' | b'+' | b'@'))
}

fn as_assignment(word: &Word) -> Option<Assign> {
    let WordPart::Lit(first) = word.parts.first()? else { return None };
    let eq = first.find('=')?;
    let name = &first[..eq];
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::with_capacity(word.parts.len());
    let rest = &first[eq + 1..];
    if !rest.is_empty() {
        parts.push(WordPart::Lit(rest.to_string()));
    }
    parts.extend(word.parts[1..].iter().cloned());
    let value = Word { parts, span: Span::new(word.span.start + eq + 1, word.span.end) };
    Some(Assign { name: name.to_string(), value })
}

fn fill_list(list: &mut List, bodies: &mut VecDeque<HereDoc>) {
    for and_or in list {
        fill_pipeline(&mut and_or.first, bodies);
        for (_, pipeline) in &mut and_or.rest {
            fill_pipeline(pipeline, bodies);
        }
    }
}

fn fill_pipeline(pipeline: &mut Pipeline, bodies: &mut VecDeque<HereDoc>) {
    for command in &mut pipeline.commands {
        fill_command(command, bodies);
    }
}

fn fill_redirects(redirects: &mut [Redirect], bodies: &mut VecDeque<HereDoc>) {
    for redirect in redirects {
        if redirect.op == RedirOp::HereDoc && redirect.heredoc.is_none() {
            redirect.heredoc = Some(bodies.pop_front().unwrap_or(HereDoc::Literal(String::new())));
        }
    }
}

fn fill_command(command: &mut Command, bodies: &mut VecDeque<HereDoc>) {
    match command {
        Command::Simple(simple) => fill_redirects(&mut simple.redirects, bodies),
        Command::Function(def) => fill_command(&mut def.body, bodies),
        Command::Compound(compound, redirects) => {
            match compound.as_mut() {
                Compound::Brace(list) | Compound::Subshell(list) => fill_list(list, bodies),
                Compound::If { branches, otherwise } => {
                    for (cond, body) in branches {
                        fill_list(cond, bodies);
                        fill_list(body, bodies);
                    }
                    if let Some(list) = otherwise {
                        fill_list(list, bodies);
                    }
                }
                Compound::For { body, .. } => fill_list(body, bodies),
                Compound::Loop { cond, body, .. } => {
                    fill_list(cond, bodies);
                    fill_list(body, bodies);
                }
                Compound::Case { arms, .. } => {
                    for arm in arms {
                        fill_list(&mut arm.body, bodies);
                    }
                }
                Compound::Arith(_) => {}
            }
            fill_redirects(redirects, bodies);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::ast::{Param, ParamOp};

    fn parse_err(src: &str) -> String {
        match parse_script(src) {
            Ok(list) => panic!("expected an error for {src:?}, got {list:?}"),
            Err(e) => format!("{}: {}", e.line, e.message),
        }
    }

    #[test]
    fn simple_commands_and_assignments() {
        let list = parse_script("A=1 B=2 echo hi >out 2>&1").unwrap();
        let Command::Simple(cmd) = &list[0].first.commands[0] else { panic!() };
        assert_eq!(cmd.assigns.len(), 2);
        assert_eq!(cmd.assigns[0].name, "A");
        assert_eq!(cmd.words.len(), 2);
        assert_eq!(cmd.redirects.len(), 2);
        assert_eq!(cmd.redirects[1].fd, Some(2));
        assert_eq!(cmd.redirects[1].op, RedirOp::DupOut);
    }

    #[test]
    fn words_keep_their_quoting() {
        let list = parse_script(r#"echo 'a b'"c $x"\d${y:-z}"#).unwrap();
        let Command::Simple(cmd) = &list[0].first.commands[0] else { panic!() };
        let parts = &cmd.words[1].parts;
        assert_eq!(parts[0], WordPart::Quoted("a b".into()));
        assert!(matches!(&parts[1], WordPart::DQuoted(inner) if inner.len() == 2));
        assert_eq!(parts[2], WordPart::Quoted("d".into()));
        let WordPart::Param(p) = &parts[3] else { panic!() };
        assert_eq!(p.param, Param::Named("y".into()));
        assert!(matches!(p.op, ParamOp::Default { colon: true, .. }));
    }

    #[test]
    fn heredocs_are_attached_in_order() {
        let list = parse_script("cat <<A; cat <<'B'\none $x\nA\ntwo $y\nB\necho after").unwrap();
        assert_eq!(list.len(), 3);
        let Command::Simple(first) = &list[0].first.commands[0] else { panic!() };
        assert!(matches!(&first.redirects[0].heredoc, Some(HereDoc::Expand(parts)) if parts.len() == 3));
        let Command::Simple(second) = &list[1].first.commands[0] else { panic!() };
        assert_eq!(second.redirects[0].heredoc, Some(HereDoc::Literal("two $y\n".into())));
    }

    #[test]
    fn compound_commands() {
        let src = "if a; then b; elif c; then d; else e; fi; for i in 1 2; do :; done; while x; do y; done\n\
                   case $v in a|b) one;; (c) two;; esac; { f; }; (g); h() { i; }";
        let list = parse_script(src).unwrap();
        assert_eq!(list.len(), 7);
        assert!(matches!(&list[6].first.commands[0], Command::Function(def) if def.name == "h"));
    }

    #[test]
    fn command_substitutions_nest() {
        let list = parse_script("echo $(echo $(echo `echo hi`)) $((1 + $(echo 2)))").unwrap();
        let Command::Simple(cmd) = &list[0].first.commands[0] else { panic!() };
        assert!(matches!(cmd.words[1].parts[0], WordPart::Subst(_)));
        assert!(matches!(cmd.words[2].parts[0], WordPart::Arith(_)));
    }

    #[test]
    fn syntax_errors_read_like_dash() {
        assert_eq!(parse_err("if true; then echo"), "1: Syntax error: end of file unexpected (expecting \"fi\")");
        assert_eq!(parse_err("echo )"), "1: Syntax error: \")\" unexpected");
        assert_eq!(parse_err("\n\nfi"), "3: Syntax error: \"fi\" unexpected");
        assert_eq!(parse_err("echo \"abc"), "1: Syntax error: Unterminated quoted string");
        assert_eq!(parse_err("while true; do echo; fi"), "1: Syntax error: \"fi\" unexpected (expecting \"done\")");
        assert_eq!(parse_err("&& x"), "1: Syntax error: \"&&\" unexpected");
        assert_eq!(parse_err("echo >"), "1: Syntax error: end of file unexpected");
        assert_eq!(parse_err("echo > ;"), "1: Syntax error: \";\" unexpected");
        assert_eq!(parse_err("for 1 in a; do :; done"), "1: Syntax error: Bad for loop variable");
        assert_eq!(parse_err("echo ${"), "1: Syntax error: Missing '}'");
        assert_eq!(parse_err("echo $(ls"), "1: Syntax error: end of file unexpected (expecting \")\")");
        assert_eq!(parse_err("{ echo; } x"), "1: Syntax error: word unexpected");
        assert_eq!(parse_err("if then fi"), "1: Syntax error: \"then\" unexpected");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "(".repeat(10_000);
        assert!(parse_script(&deep).is_err());
        let deep = "$(".repeat(10_000);
        assert!(parse_script(&deep).is_err());
        let deep = "${a:-".repeat(10_000);
        assert!(parse_script(&deep).is_err());
        let deep = "\"$(".repeat(10_000);
        assert!(parse_script(&deep).is_err());
        let deep = "if ".repeat(10_000);
        assert!(parse_script(&deep).is_err());
    }
}
