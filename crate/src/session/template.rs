//! `docker inspect --format`: the part of Go's `text/template` students use, evaluated over the JSON `docker inspect`
//! prints — the way Docker itself falls back to evaluating a template over the raw JSON — with Go's formatting of
//! values: a string as it is, a list as `[a b]`, a map as `map[k:v]`, `json` as compact JSON in the order inspect
//! prints the keys.
//!
//! The subset: text; actions with `{{-`/`-}}` trimming; fields (`.Config.Cmd`), `.`, `$` and range variables;
//! string, number and boolean literals; pipelines with `|` and parentheses; `if`/`else if`/`else`, `range` (with
//! `$i, $e :=` and `else`), `with`, `end`; the functions `json`, `len`, `index`, `print`, `printf` (`%s %v %d %q`),
//! `println`, `join`, `split`, `upper`, `lower`, `title`, `not`, `and`, `or`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`.
//! Anything else — a function Go or Docker has but this does not, a field Docker shows but layerlab's inspect does
//! not, a whole object Go would print as a struct — is an error saying it is not supported by this simulation, never
//! a guess. Templates and data are bounded: nesting, output size and work are limited.

use std::fmt::Write as _;

/// An ordered JSON value (the order inspect prints, which `json` keeps).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number's text, as Go's `json.Number` keeps it.
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

const MAX_DEPTH: usize = 64;
const MAX_OUTPUT: usize = 1 << 20;

/// Parses JSON (what inspect printed) keeping the keys' order.
pub fn parse_json(text: &str) -> Result<Json, String> {
    let mut parser = JsonParser { bytes: text.as_bytes(), text, pos: 0 };
    let value = parser.value(0)?;
    parser.skip_ws();
    if parser.pos != parser.bytes.len() {
        return Err("trailing characters after JSON".to_string());
    }
    Ok(value)
}

struct JsonParser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl JsonParser<'_> {
    fn skip_ws(&mut self) {
        while self.bytes.get(self.pos).is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH * 2 {
            return Err("JSON nested too deeply".to_string());
        }
        self.skip_ws();
        match self.bytes.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                let mut fields = Vec::new();
                if self.eat(b'}') {
                    return Ok(Json::Obj(fields));
                }
                loop {
                    self.skip_ws();
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return Err("expected ':' in JSON".to_string());
                    }
                    fields.push((key, self.value(depth + 1)?));
                    if self.eat(b',') {
                        continue;
                    }
                    if self.eat(b'}') {
                        return Ok(Json::Obj(fields));
                    }
                    return Err("expected ',' or '}' in JSON".to_string());
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b',') {
                        continue;
                    }
                    if self.eat(b']') {
                        return Ok(Json::Arr(items));
                    }
                    return Err("expected ',' or ']' in JSON".to_string());
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') if self.text[self.pos..].starts_with("true") => {
                self.pos += 4;
                Ok(Json::Bool(true))
            }
            Some(b'f') if self.text[self.pos..].starts_with("false") => {
                self.pos += 5;
                Ok(Json::Bool(false))
            }
            Some(b'n') if self.text[self.pos..].starts_with("null") => {
                self.pos += 4;
                Ok(Json::Null)
            }
            Some(b) if *b == b'-' || b.is_ascii_digit() => {
                let start = self.pos;
                while self.bytes.get(self.pos).is_some_and(|b| b"+-.eE".contains(b) || b.is_ascii_digit()) {
                    self.pos += 1;
                }
                Ok(Json::Num(self.text[start..self.pos].to_string()))
            }
            _ => Err("unexpected character in JSON".to_string()),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err("expected a JSON string".to_string());
        }
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(c) = rest.chars().next() else { return Err("unterminated JSON string".to_string()) };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(e) = self.text[self.pos..].chars().next() else {
                        return Err("unterminated JSON string".to_string());
                    };
                    self.pos += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' => {
                            let unit = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&unit) && self.text[self.pos..].starts_with("\\u") {
                                self.pos += 2;
                                let low = self.hex4()?;
                                char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3ff))
                            } else {
                                char::from_u32(unit)
                            };
                            out.push(c.unwrap_or('\u{fffd}'));
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.text.get(self.pos..self.pos + 4).ok_or("bad \\u escape in JSON")?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| "bad \\u escape in JSON".to_string())
    }
}

/// Compact JSON as Go's encoder writes it with HTML escaping off.
pub fn to_json(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Num(n) => out.push_str(n),
        Json::Str(s) => quote_json(s, out),
        Json::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                to_json(item, out);
            }
            out.push(']');
        }
        Json::Obj(fields) => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                quote_json(key, out);
                out.push(':');
                to_json(item, out);
            }
            out.push('}');
        }
    }
}

fn quote_json(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ----- the template -----

#[derive(Clone, Debug)]
enum Node {
    Text(String),
    Action(Pipeline),
    If { cond: Pipeline, then: Vec<Node>, otherwise: Vec<Node> },
    Range { vars: Vec<String>, over: Pipeline, body: Vec<Node>, otherwise: Vec<Node> },
    With { value: Pipeline, body: Vec<Node>, otherwise: Vec<Node> },
}

#[derive(Clone, Debug)]
struct Pipeline {
    /// Where the action starts (for messages): byte offset in the template.
    pos: usize,
    /// The text of the action, for `at <…>` in messages.
    text: String,
    commands: Vec<Vec<Arg>>,
}

#[derive(Clone, Debug)]
enum Arg {
    /// `.A.B` (empty: `.`).
    Field(Vec<String>),
    /// `$name.A.B` (`$` alone: the root).
    Var(String, Vec<String>),
    Str(String),
    Num(String),
    Bool(bool),
    Nil,
    Func(String),
    Sub(Box<Pipeline>),
}

/// Docker's template functions and Go's built-ins that this evaluator does not implement.
const UNSUPPORTED_FUNCTIONS: &[&str] = &[
    "pad", "truncate", "html", "js", "urlquery", "slice", "call", "printf_", "template", "define", "block", "break",
    "continue",
];

const FUNCTIONS: &[&str] = &[
    "json", "len", "index", "print", "printf", "println", "join", "split", "upper", "lower", "title", "not", "and",
    "or", "eq", "ne", "lt", "le", "gt", "ge",
];

/// The lexed pieces of a template: text, and actions (their inner text and where it starts).
enum Piece {
    Text(String),
    Action(String, usize),
}

fn pieces(template: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = template[rest..].find("{{").map(|i| i + rest) {
        let mut text = template[rest..open].to_string();
        let mut inner_start = open + 2;
        if template[inner_start..].starts_with("- ") || template[inner_start..].starts_with("-\t") {
            text.truncate(text.trim_end().len());
            inner_start += 1;
        }
        let Some(close) = template[inner_start..].find("}}").map(|i| i + inner_start) else {
            return Err(format!("template: :{}: unclosed action", line_of(template, open)));
        };
        let mut inner_end = close;
        let mut trim_after = false;
        if template[..close].ends_with(" -") || template[..close].ends_with("\t-") {
            inner_end -= 1;
            trim_after = true;
        }
        if !text.is_empty() {
            out.push(Piece::Text(text));
        }
        out.push(Piece::Action(template[inner_start..inner_end.max(inner_start)].to_string(), inner_start));
        rest = close + 2;
        if trim_after {
            let skipped = template[rest..].len() - template[rest..].trim_start().len();
            rest += skipped;
        }
    }
    if rest < template.len() {
        out.push(Piece::Text(template[rest..].to_string()));
    }
    Ok(out)
}

fn line_of(template: &str, pos: usize) -> usize {
    template.as_bytes()[..pos.min(template.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// `line:column` of a position, as Go's messages give it (the column counts bytes from 0).
fn place(template: &str, pos: usize) -> String {
    let pos = pos.min(template.len());
    let line_start = template[..pos].rfind('\n').map_or(0, |i| i + 1);
    format!("{}:{}", line_of(template, pos), pos - line_start)
}

struct Tokens {
    chars: Vec<(usize, char)>,
    i: usize,
    base: usize,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Field(Vec<String>),
    Var(String, Vec<String>),
    Str(String),
    Num(String),
    Ident(String),
    Pipe,
    Open,
    Close,
    Comma,
    Declare,
}

impl Tokens {
    fn all(mut self) -> Result<Vec<(usize, Tok)>, String> {
        let mut out = Vec::new();
        while let Some(&(at, c)) = self.chars.get(self.i) {
            let pos = self.base + at;
            match c {
                c if c.is_whitespace() => self.i += 1,
                '|' => {
                    self.i += 1;
                    out.push((pos, Tok::Pipe));
                }
                '(' => {
                    self.i += 1;
                    out.push((pos, Tok::Open));
                }
                ')' => {
                    self.i += 1;
                    out.push((pos, Tok::Close));
                }
                ',' => {
                    self.i += 1;
                    out.push((pos, Tok::Comma));
                }
                ':' if self.peek(1) == Some('=') => {
                    self.i += 2;
                    out.push((pos, Tok::Declare));
                }
                '.' => {
                    self.i += 1;
                    if self.peek(0).is_some_and(|c| c.is_ascii_digit()) {
                        let number = self.word();
                        out.push((pos, Tok::Num(format!(".{number}"))));
                    } else {
                        out.push((pos, Tok::Field(self.fields(true))));
                    }
                }
                '$' => {
                    self.i += 1;
                    let name = self.word();
                    out.push((pos, Tok::Var(name, self.fields(false))));
                }
                '"' => out.push((pos, Tok::Str(self.quoted()?))),
                '`' => {
                    self.i += 1;
                    let mut text = String::new();
                    loop {
                        match self.chars.get(self.i) {
                            Some((_, '`')) => {
                                self.i += 1;
                                break;
                            }
                            Some((_, c)) => {
                                text.push(*c);
                                self.i += 1;
                            }
                            None => return Err("unterminated raw quoted string".to_string()),
                        }
                    }
                    out.push((pos, Tok::Str(text)));
                }
                c if c.is_ascii_digit() || c == '-' || c == '+' => out.push((pos, Tok::Num(self.word()))),
                c if c.is_alphabetic() || c == '_' => out.push((pos, Tok::Ident(self.word()))),
                other => return Err(format!("unexpected \"{other}\" in command")),
            }
        }
        Ok(out)
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i + ahead).map(|(_, c)| *c)
    }

    /// A name or a number (`-1`, `2.5`).
    fn word(&mut self) -> String {
        let mut word = String::new();
        if let Some(sign @ ('-' | '+')) = self.peek(0) {
            word.push(sign);
            self.i += 1;
        }
        while let Some(c) = self.peek(0) {
            let digits = !word.is_empty() && word.trim_start_matches(['-', '+']).chars().all(|d| d.is_ascii_digit());
            let decimal_point = c == '.' && digits && self.peek(1).is_some_and(|n| n.is_ascii_digit());
            if c.is_alphanumeric() || c == '_' || decimal_point {
                word.push(c);
                self.i += 1;
            } else {
                break;
            }
        }
        word
    }

    /// `A.B.C` after a `.` (or `.A.B` after a variable name).
    fn fields(&mut self, after_dot: bool) -> Vec<String> {
        let mut fields = Vec::new();
        if after_dot {
            let name = self.word_plain();
            if name.is_empty() {
                return fields;
            }
            fields.push(name);
        }
        while self.peek(0) == Some('.') && self.peek(1).is_some_and(|c| c.is_alphanumeric() || c == '_') {
            self.i += 1;
            fields.push(self.word_plain());
        }
        fields
    }

    fn word_plain(&mut self) -> String {
        let mut word = String::new();
        while let Some(c) = self.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
            word.push(c);
            self.i += 1;
        }
        word
    }

    fn quoted(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut text = String::new();
        loop {
            let Some((_, c)) = self.chars.get(self.i).copied() else {
                return Err("unterminated quoted string".to_string());
            };
            self.i += 1;
            match c {
                '"' => return Ok(text),
                '\\' => {
                    let Some((_, e)) = self.chars.get(self.i).copied() else {
                        return Err("unterminated quoted string".to_string());
                    };
                    self.i += 1;
                    text.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        other => other,
                    });
                }
                c => text.push(c),
            }
        }
    }
}

/// Parses a template into nodes.
fn parse(template: &str) -> Result<Vec<Node>, String> {
    let mut stack: Vec<(Frame, Vec<Node>)> = vec![(Frame::Root, Vec::new())];
    for piece in pieces(template)? {
        let (text, pos) = match piece {
            Piece::Text(text) => {
                if let Some((_, nodes)) = stack.last_mut() {
                    nodes.push(Node::Text(text));
                }
                continue;
            }
            Piece::Action(text, pos) => (text, pos),
        };
        let line = line_of(template, pos);
        let trimmed = text.trim();
        if trimmed.starts_with("/*") {
            continue; // a comment
        }
        let tokens = Tokens { chars: text.char_indices().collect(), i: 0, base: pos }
            .all()
            .map_err(|e| format!("template: :{line}: {e}"))?;
        let keyword = match tokens.first() {
            Some((_, Tok::Ident(word))) => word.as_str(),
            _ => "",
        };
        match keyword {
            "if" | "range" | "with" => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("template: :{line}: nested too deeply"));
                }
                let (vars, rest) = declared(&tokens[1..]);
                let pipeline = pipeline(rest, &text, pos, line)?;
                let frame = match keyword {
                    "if" => Frame::If(pipeline, None),
                    "range" => Frame::Range(vars, pipeline, None),
                    _ => Frame::With(pipeline, None),
                };
                stack.push((frame, Vec::new()));
            }
            "else" => {
                let Some((frame, body)) = stack.pop() else { continue };
                let chained_if = matches!(tokens.get(1), Some((_, Tok::Ident(w))) if w == "if");
                let unexpected = || format!("template: :{line}: unexpected {{{{else}}}}");
                let (frame, is_if) = match frame {
                    Frame::If(cond, None) => (Frame::If(cond, Some(body)), true),
                    Frame::ElseIf(inner) => match *inner {
                        Frame::If(cond, None) => (Frame::ElseIf(Box::new(Frame::If(cond, Some(body)))), true),
                        _ => return Err(unexpected()),
                    },
                    Frame::Range(vars, over, None) => (Frame::Range(vars, over, Some(body)), false),
                    Frame::With(value, None) => (Frame::With(value, Some(body)), false),
                    _ => return Err(unexpected()),
                };
                stack.push((frame, Vec::new()));
                if chained_if {
                    // `else if C`: an `if` inside the else branch, closed by the same `end`.
                    if !is_if || stack.len() > MAX_DEPTH {
                        return Err(unexpected());
                    }
                    let cond = pipeline(&tokens[2..], &text, pos, line)?;
                    stack.push((Frame::ElseIf(Box::new(Frame::If(cond, None))), Vec::new()));
                }
            }
            "end" => loop {
                let Some((frame, nodes)) = stack.pop() else {
                    return Err(format!("template: :{line}: unexpected {{{{end}}}}"));
                };
                let chained = matches!(frame, Frame::ElseIf(_));
                let node = match frame {
                    Frame::Root => return Err(format!("template: :{line}: unexpected {{{{end}}}}")),
                    Frame::If(cond, None) => Node::If { cond, then: nodes, otherwise: Vec::new() },
                    Frame::If(cond, Some(then)) => Node::If { cond, then, otherwise: nodes },
                    Frame::Range(vars, over, None) => Node::Range { vars, over, body: nodes, otherwise: Vec::new() },
                    Frame::Range(vars, over, Some(body)) => Node::Range { vars, over, body, otherwise: nodes },
                    Frame::With(value, None) => Node::With { value, body: nodes, otherwise: Vec::new() },
                    Frame::With(value, Some(body)) => Node::With { value, body, otherwise: nodes },
                    Frame::ElseIf(inner) => match *inner {
                        Frame::If(cond, None) => Node::If { cond, then: nodes, otherwise: Vec::new() },
                        Frame::If(cond, Some(then)) => Node::If { cond, then, otherwise: nodes },
                        _ => return Err(format!("template: :{line}: unexpected {{{{end}}}}")),
                    },
                };
                if let Some((_, parent)) = stack.last_mut() {
                    parent.push(node);
                }
                if !chained {
                    break;
                }
            },
            "define" | "template" | "block" | "break" | "continue" => {
                return Err(format!("template: :{line}: {{{{{keyword}}}}} is not supported by this simulation"));
            }
            _ => {
                let p = pipeline(&tokens, &text, pos, line)?;
                if let Some((_, nodes)) = stack.last_mut() {
                    nodes.push(Node::Action(p));
                }
            }
        }
    }
    match stack.pop() {
        Some((Frame::Root, nodes)) if stack.is_empty() => Ok(nodes),
        _ => Err(format!("template: :{}: unexpected EOF", line_of(template, template.len()))),
    }
}

/// An open block while parsing.
enum Frame {
    Root,
    If(Pipeline, Option<Vec<Node>>),
    Range(Vec<String>, Pipeline, Option<Vec<Node>>),
    With(Pipeline, Option<Vec<Node>>),
    /// The `if` of an `else if`, ended by its outer block's `end`.
    ElseIf(Box<Frame>),
}

/// `$i, $e :=` at the start of a range: the variable names and the rest.
fn declared(tokens: &[(usize, Tok)]) -> (Vec<String>, &[(usize, Tok)]) {
    let Some(at) = tokens.iter().position(|(_, t)| *t == Tok::Declare) else { return (Vec::new(), tokens) };
    let vars: Vec<String> = tokens[..at]
        .iter()
        .filter_map(|(_, t)| match t {
            Tok::Var(name, fields) if fields.is_empty() => Some(name.clone()),
            _ => None,
        })
        .collect();
    (vars, &tokens[at + 1..])
}

fn pipeline(tokens: &[(usize, Tok)], text: &str, pos: usize, line: usize) -> Result<Pipeline, String> {
    let mut i = 0;
    let p = pipeline_at(tokens, &mut i, text.trim(), pos, line, 0)?;
    if i < tokens.len() {
        return Err(format!("template: :{line}: unexpected {:?} in command", tokens[i].1));
    }
    Ok(p)
}

fn pipeline_at(
    tokens: &[(usize, Tok)],
    i: &mut usize,
    text: &str,
    pos: usize,
    line: usize,
    depth: usize,
) -> Result<Pipeline, String> {
    if depth > MAX_DEPTH {
        return Err(format!("template: :{line}: nested too deeply"));
    }
    let start = tokens.get(*i).map_or(pos, |(p, _)| *p);
    let mut commands = vec![Vec::new()];
    while let Some((at, tok)) = tokens.get(*i) {
        *i += 1;
        let arg = match tok {
            Tok::Pipe => {
                if commands.last().is_some_and(Vec::is_empty) {
                    return Err(format!("template: :{line}: missing command before '|'"));
                }
                commands.push(Vec::new());
                continue;
            }
            Tok::Close => {
                *i -= 1;
                break;
            }
            Tok::Open => {
                let inner = pipeline_at(tokens, i, text, *at, line, depth + 1)?;
                if tokens.get(*i).map(|(_, t)| t) != Some(&Tok::Close) {
                    return Err(format!("template: :{line}: unclosed left paren"));
                }
                *i += 1;
                Arg::Sub(Box::new(inner))
            }
            Tok::Field(fields) => Arg::Field(fields.clone()),
            Tok::Var(name, fields) => Arg::Var(name.clone(), fields.clone()),
            Tok::Str(s) => Arg::Str(s.clone()),
            Tok::Num(n) => Arg::Num(n.clone()),
            Tok::Ident(word) => match word.as_str() {
                "true" => Arg::Bool(true),
                "false" => Arg::Bool(false),
                "nil" => Arg::Nil,
                w if FUNCTIONS.contains(&w) => Arg::Func(w.to_string()),
                w if UNSUPPORTED_FUNCTIONS.contains(&w) => {
                    return Err(format!("template: :{line}: function \"{w}\" is not supported by this simulation"));
                }
                w => return Err(format!("template: :{line}: function \"{w}\" not defined")),
            },
            Tok::Comma | Tok::Declare => return Err(format!("template: :{line}: unexpected {tok:?} in command")),
        };
        if let Some(command) = commands.last_mut() {
            command.push(arg);
        }
    }
    if commands.iter().any(Vec::is_empty) {
        return Err(format!("template: :{line}: missing value for command"));
    }
    Ok(Pipeline { pos: start, text: text.to_string(), commands })
}

// ----- evaluation -----

/// A value during evaluation, with the name of the field it came from (which says whether Docker's Go type is a map,
/// a list, or a struct).
#[derive(Clone, Debug)]
struct Value {
    json: Json,
    field: Option<String>,
}

impl Value {
    fn plain(json: Json) -> Value {
        Value { json, field: None }
    }
}

/// Fields Docker's Go types declare as maps (printed `map[k:v]`, a missing key `<no value>`).
const MAP_FIELDS: &[&str] = &["Labels", "ExposedPorts", "Volumes", "Annotations", "Options", "DriverOpts"];
/// Fields Docker's Go types declare as lists (`null` prints `[]`).
const LIST_FIELDS: &[&str] =
    &["Entrypoint", "Cmd", "Env", "OnBuild", "Shell", "Args", "RepoTags", "RepoDigests", "Layers", "Mounts", "ExecIDs"];

/// The top-level fields of Docker's inspect objects (containers, then images) and of the parts students open; a field
/// among them that layerlab's inspect does not show is "not supported", anything else "no entry", as Docker says.
const DOCKER_FIELDS: &[&str] = &[
    "Id",
    "Created",
    "Path",
    "Args",
    "State",
    "Image",
    "ResolvConfPath",
    "HostnamePath",
    "HostsPath",
    "LogPath",
    "Name",
    "RestartCount",
    "Driver",
    "Platform",
    "MountLabel",
    "ProcessLabel",
    "AppArmorProfile",
    "ExecIDs",
    "HostConfig",
    "GraphDriver",
    "SizeRw",
    "SizeRootFs",
    "Mounts",
    "Config",
    "NetworkSettings",
    "RepoTags",
    "RepoDigests",
    "Parent",
    "Comment",
    "Container",
    "ContainerConfig",
    "DockerVersion",
    "Author",
    "Architecture",
    "Variant",
    "Os",
    "OsVersion",
    "Size",
    "VirtualSize",
    "RootFS",
    "Metadata",
    "Descriptor",
    "Manifests",
    "Status",
    "Running",
    "Paused",
    "Restarting",
    "OOMKilled",
    "Dead",
    "Pid",
    "ExitCode",
    "Error",
    "StartedAt",
    "FinishedAt",
    "Health",
    "Hostname",
    "Domainname",
    "User",
    "AttachStdin",
    "AttachStdout",
    "AttachStderr",
    "ExposedPorts",
    "Tty",
    "OpenStdin",
    "StdinOnce",
    "Env",
    "Cmd",
    "Healthcheck",
    "ArgsEscaped",
    "Volumes",
    "WorkingDir",
    "Entrypoint",
    "NetworkDisabled",
    "MacAddress",
    "OnBuild",
    "Labels",
    "StopSignal",
    "StopTimeout",
    "Shell",
    "Type",
    "Layers",
    "BaseLayer",
    "LastTagTime",
    "IPAddress",
    "Networks",
    "Ports",
    "Gateway",
    "MacAddress",
    "Data",
    "Name",
];

struct Eval<'a> {
    template: &'a str,
    root: Value,
    vars: Vec<(String, Value)>,
    out: String,
    steps: u64,
}

const MAX_STEPS: u64 = 1_000_000;

/// Checks that `template` parses (Docker does before it looks anything up).
pub fn check(template: &str) -> Result<(), String> {
    parse(template).map(|_| ())
}

/// Renders `template` over `json` (one inspected object, as inspect prints it).
pub fn render(template: &str, json: &Json) -> Result<String, String> {
    let nodes = parse(template)?;
    let root = Value::plain(json.clone());
    let mut eval =
        Eval { template, root: root.clone(), vars: vec![("".to_string(), root.clone())], out: String::new(), steps: 0 };
    eval.nodes(&nodes, &root, 0)?;
    Ok(eval.out)
}

impl Eval<'_> {
    fn fail(&self, pipeline: &Pipeline, message: &str) -> String {
        format!("template: :{}: executing \"\" at <{}>: {message}", place(self.template, pipeline.pos), pipeline.text)
    }

    fn nodes(&mut self, nodes: &[Node], dot: &Value, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("template: nested too deeply".to_string());
        }
        for node in nodes {
            self.steps += 1;
            if self.steps > MAX_STEPS || self.out.len() > MAX_OUTPUT {
                return Err("template: the output is too long (layerlab limit)".to_string());
            }
            match node {
                Node::Text(text) => self.out.push_str(text),
                Node::Action(pipeline) => {
                    let value = self.pipeline(pipeline, dot)?;
                    let text = self.print(pipeline, &value)?;
                    self.out.push_str(&text);
                }
                Node::If { cond, then, otherwise } => {
                    let value = self.pipeline(cond, dot)?;
                    let branch = if truth(&value.json) { then } else { otherwise };
                    self.nodes(branch, dot, depth + 1)?;
                }
                Node::With { value, body, otherwise } => {
                    let value = self.pipeline(value, dot)?;
                    if truth(&value.json) {
                        self.nodes(body, &value, depth + 1)?;
                    } else {
                        self.nodes(otherwise, dot, depth + 1)?;
                    }
                }
                Node::Range { vars, over, body, otherwise } => {
                    let value = self.pipeline(over, dot)?;
                    let items: Vec<(Json, Value)> = match &value.json {
                        Json::Arr(items) => items
                            .iter()
                            .enumerate()
                            .map(|(i, item)| (Json::Num(i.to_string()), Value::plain(item.clone())))
                            .collect(),
                        Json::Obj(fields) => {
                            let mut fields = fields.clone();
                            fields.sort_by(|a, b| a.0.cmp(&b.0));
                            fields.into_iter().map(|(k, v)| (Json::Str(k), Value { json: v, field: None })).collect()
                        }
                        Json::Null => Vec::new(),
                        Json::Num(n) => {
                            let count: usize = n.parse().map_err(|_| self.fail(over, "range can't iterate over it"))?;
                            (0..count.min(MAX_STEPS as usize))
                                .map(|i| (Json::Num(i.to_string()), Value::plain(Json::Num(i.to_string()))))
                                .collect()
                        }
                        _ => return Err(self.fail(over, "range can't iterate over it")),
                    };
                    if items.is_empty() {
                        self.nodes(otherwise, dot, depth + 1)?;
                    }
                    let saved = self.vars.len();
                    for (key, item) in items {
                        self.vars.truncate(saved);
                        match vars.as_slice() {
                            [one] => self.vars.push((one.clone(), item.clone())),
                            [k, v, ..] => {
                                self.vars.push((k.clone(), Value::plain(key)));
                                self.vars.push((v.clone(), item.clone()));
                            }
                            [] => {}
                        }
                        self.nodes(body, &item, depth + 1)?;
                    }
                    self.vars.truncate(saved);
                }
            }
        }
        Ok(())
    }

    fn pipeline(&mut self, pipeline: &Pipeline, dot: &Value) -> Result<Value, String> {
        let mut piped: Option<Value> = None;
        for command in &pipeline.commands {
            piped = Some(self.command(pipeline, command, dot, piped)?);
        }
        piped.ok_or_else(|| self.fail(pipeline, "missing value for command"))
    }

    fn command(
        &mut self,
        pipeline: &Pipeline,
        args: &[Arg],
        dot: &Value,
        piped: Option<Value>,
    ) -> Result<Value, String> {
        let Some(first) = args.first() else { return Err(self.fail(pipeline, "empty command")) };
        if let Arg::Func(name) = first {
            let mut values = Vec::new();
            for arg in &args[1..] {
                values.push(self.arg(pipeline, arg, dot)?);
            }
            values.extend(piped);
            return self.call(pipeline, name, values);
        }
        if args.len() > 1 || piped.is_some() {
            return Err(self.fail(pipeline, "can't give argument to non-function"));
        }
        self.arg(pipeline, first, dot)
    }

    fn arg(&mut self, pipeline: &Pipeline, arg: &Arg, dot: &Value) -> Result<Value, String> {
        match arg {
            Arg::Field(fields) => self.fields(pipeline, dot.clone(), fields),
            Arg::Var(name, fields) => {
                let base = if name.is_empty() {
                    self.root.clone()
                } else {
                    match self.vars.iter().rev().find(|(n, _)| n == name) {
                        Some((_, v)) => v.clone(),
                        None => {
                            return Err(format!(
                                "template: :{}: undefined variable: ${name}",
                                line_of(self.template, pipeline.pos)
                            ))
                        }
                    }
                };
                self.fields(pipeline, base, fields)
            }
            Arg::Str(s) => Ok(Value::plain(Json::Str(s.clone()))),
            Arg::Num(n) => Ok(Value::plain(Json::Num(n.clone()))),
            Arg::Bool(b) => Ok(Value::plain(Json::Bool(*b))),
            Arg::Nil => Err(self.fail(pipeline, "nil is not a command")),
            Arg::Func(name) => self.call(pipeline, name, Vec::new()),
            Arg::Sub(inner) => self.pipeline(inner, dot),
        }
    }

    fn fields(&self, pipeline: &Pipeline, mut value: Value, fields: &[String]) -> Result<Value, String> {
        for name in fields {
            let next = match &value.json {
                Json::Obj(entries) => match entries.iter().find(|(k, _)| k == name) {
                    Some((_, v)) => Value { json: v.clone(), field: Some(name.clone()) },
                    None if value.field.as_deref().is_some_and(|f| MAP_FIELDS.contains(&f)) => {
                        // A map without that key: text/template prints `<no value>`.
                        Value::plain(Json::Str("<no value>".to_string()))
                    }
                    None if DOCKER_FIELDS.contains(&name.as_str()) => {
                        return Err(self.fail(
                            pipeline,
                            &format!(
                                "field {name} is not supported by this simulation (layerlab's `docker inspect` shows \
                                 only some of Docker's fields; run it without --format to see them)"
                            ),
                        ))
                    }
                    None => return Err(self.fail(pipeline, &format!("map has no entry for key \"{name}\""))),
                },
                Json::Null => return Err(self.fail(pipeline, &format!("nil pointer evaluating interface {{}}.{name}"))),
                _ => return Err(self.fail(pipeline, &format!("can't evaluate field {name} in a non-object value"))),
            };
            value = next;
        }
        Ok(value)
    }

    fn call(&mut self, pipeline: &Pipeline, name: &str, args: Vec<Value>) -> Result<Value, String> {
        let want = |n: usize| -> Result<(), String> {
            if args.len() == n {
                Ok(())
            } else {
                Err(self.fail(
                    pipeline,
                    &format!("error calling {name}: wrong number of args for {name}: want {n} got {}", args.len()),
                ))
            }
        };
        let text = |v: &Value| -> Result<String, String> {
            match &v.json {
                Json::Str(s) => Ok(s.clone()),
                _ => Err(self.fail(pipeline, &format!("error calling {name}: wrong type for value; expected string"))),
            }
        };
        Ok(Value::plain(match name {
            "json" => {
                want(1)?;
                let mut out = String::new();
                to_json(&args[0].json, &mut out);
                Json::Str(out)
            }
            "len" => {
                want(1)?;
                let n = match &args[0].json {
                    Json::Arr(items) => items.len(),
                    Json::Obj(fields) => fields.len(),
                    Json::Str(s) => s.len(),
                    Json::Null => 0,
                    _ => return Err(self.fail(pipeline, "error calling len: len of type number or bool")),
                };
                Json::Num(n.to_string())
            }
            "index" => {
                let Some((first, keys)) = args.split_first() else {
                    return Err(self.fail(pipeline, "error calling index: index of untyped nil"));
                };
                let mut current = first.json.clone();
                for key in keys {
                    current = match (&current, &key.json) {
                        (Json::Arr(items), Json::Num(n)) => {
                            let i: usize = n.parse().map_err(|_| self.fail(pipeline, &format!("error calling index: cannot index slice/array with {n}")))?;
                            items.get(i).cloned().ok_or_else(|| self.fail(pipeline, &format!("error calling index: index out of range: {i}")))?
                        }
                        (Json::Obj(fields), Json::Str(k)) => match fields.iter().find(|(name, _)| name == k) {
                            Some((_, v)) => v.clone(),
                            None => return Err(self.fail(pipeline, &format!("index of key \"{k}\", which inspect does not show, is not supported by this simulation"))),
                        },
                        (Json::Str(s), Json::Num(n)) => {
                            let i: usize = n.parse().map_err(|_| self.fail(pipeline, "error calling index: bad index"))?;
                            let byte = s.as_bytes().get(i).ok_or_else(|| self.fail(pipeline, &format!("error calling index: index out of range: {i}")))?;
                            Json::Num(byte.to_string())
                        }
                        _ => return Err(self.fail(pipeline, "error calling index: can't index item of this type")),
                    };
                }
                current
            }
            "print" | "println" => {
                let mut out = String::new();
                for (i, arg) in args.iter().enumerate() {
                    let is_string = matches!(arg.json, Json::Str(_));
                    let previous_string = i > 0 && matches!(args[i - 1].json, Json::Str(_));
                    if i > 0 && (name == "println" || !is_string && !previous_string) {
                        out.push(' ');
                    }
                    out.push_str(&self.print(pipeline, arg)?);
                }
                if name == "println" {
                    out.push('\n');
                }
                Json::Str(out)
            }
            "printf" => {
                let Some((format, rest)) = args.split_first() else {
                    return Err(self.fail(pipeline, "error calling printf: missing format"));
                };
                let format = text(format)?;
                let mut out = String::new();
                let mut rest = rest.iter();
                let mut chars = format.chars();
                while let Some(c) = chars.next() {
                    if c != '%' {
                        out.push(c);
                        continue;
                    }
                    match chars.next() {
                        Some('%') => out.push('%'),
                        Some(verb @ ('s' | 'v' | 'd' | 'q')) => match rest.next() {
                            Some(arg) => {
                                let shown = self.print(pipeline, arg)?;
                                match verb {
                                    'q' => out.push_str(&crate::dockerfile::go_quote(&shown)),
                                    'd' if !matches!(arg.json, Json::Num(_)) => out.push_str(&format!("%!d({shown})")),
                                    _ => out.push_str(&shown),
                                }
                            }
                            None => out.push_str(&format!("%!{verb}(MISSING)")),
                        },
                        Some(other) => {
                            return Err(self
                                .fail(pipeline, &format!("printf verb %{other} is not supported by this simulation")))
                        }
                        None => out.push_str("%!(NOVERB)"),
                    }
                }
                Json::Str(out)
            }
            "join" => {
                want(2)?;
                let sep = text(&args[1])?;
                let Json::Arr(items) = &args[0].json else {
                    return Err(self.fail(pipeline, "error calling join: wrong type for value; expected []string"));
                };
                let mut parts = Vec::new();
                for item in items {
                    match item {
                        Json::Str(s) => parts.push(s.clone()),
                        _ => {
                            return Err(
                                self.fail(pipeline, "error calling join: wrong type for value; expected []string")
                            )
                        }
                    }
                }
                Json::Str(parts.join(&sep))
            }
            "split" => {
                want(2)?;
                let (s, sep) = (text(&args[0])?, text(&args[1])?);
                let parts: Vec<Json> = if sep.is_empty() {
                    s.chars().map(|c| Json::Str(c.to_string())).collect()
                } else {
                    s.split(sep.as_str()).map(|p| Json::Str(p.to_string())).collect()
                };
                Json::Arr(parts)
            }
            "upper" => {
                want(1)?;
                Json::Str(text(&args[0])?.to_uppercase())
            }
            "lower" => {
                want(1)?;
                Json::Str(text(&args[0])?.to_lowercase())
            }
            "title" => {
                want(1)?;
                let s = text(&args[0])?;
                let mut out = String::new();
                let mut start = true;
                for c in s.chars() {
                    if start && c.is_alphabetic() {
                        out.extend(c.to_uppercase());
                    } else {
                        out.push(c);
                    }
                    start = !c.is_alphanumeric() && c != '\'';
                }
                Json::Str(out)
            }
            "not" => {
                want(1)?;
                Json::Bool(!truth(&args[0].json))
            }
            "and" | "or" => {
                let Some(mut result) = args.first().cloned() else {
                    return Err(self.fail(pipeline, &format!("error calling {name}: missing arguments")));
                };
                for arg in &args {
                    result = arg.clone();
                    if truth(&arg.json) != (name == "and") {
                        break;
                    }
                }
                return Ok(result);
            }
            "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
                if args.len() < 2 {
                    return Err(self.fail(pipeline, &format!("error calling {name}: missing argument for comparison")));
                }
                let a = &args[0].json;
                let verdict = if name == "eq" {
                    args[1..].iter().any(|b| compare(a, &b.json) == Some(std::cmp::Ordering::Equal))
                } else {
                    want(2)?;
                    let Some(order) = compare(a, &args[1].json) else {
                        return Err(
                            self.fail(pipeline, &format!("error calling {name}: incompatible types for comparison"))
                        );
                    };
                    match name {
                        "ne" => order != std::cmp::Ordering::Equal,
                        "lt" => order == std::cmp::Ordering::Less,
                        "le" => order != std::cmp::Ordering::Greater,
                        "gt" => order == std::cmp::Ordering::Greater,
                        _ => order != std::cmp::Ordering::Less,
                    }
                };
                Json::Bool(verdict)
            }
            other => {
                return Err(self.fail(pipeline, &format!("function \"{other}\" is not supported by this simulation")))
            }
        }))
    }

    /// Go's `fmt.Print` of a value (what an action writes).
    fn print(&self, pipeline: &Pipeline, value: &Value) -> Result<String, String> {
        let field = value.field.as_deref();
        Ok(match &value.json {
            Json::Null if field.is_some_and(|f| LIST_FIELDS.contains(&f)) => "[]".to_string(),
            Json::Null if field.is_some_and(|f| MAP_FIELDS.contains(&f)) => "map[]".to_string(),
            Json::Obj(_) if !field.is_some_and(|f| MAP_FIELDS.contains(&f)) => {
                return Err(self.fail(
                    pipeline,
                    "printing a whole object is not supported by this simulation (Go would print Docker's struct, \
                     with fields layerlab's inspect does not have); name a field, or use {{json …}}",
                ))
            }
            json => go_value(json),
        })
    }
}

/// `fmt.Sprint` of a JSON value as Go decodes it (`interface{}`): lists `[a b]`, maps `map[k:v]` in key order.
fn go_value(json: &Json) -> String {
    match json {
        Json::Null => "<nil>".to_string(),
        Json::Bool(b) => b.to_string(),
        Json::Num(n) | Json::Str(n) => n.clone(),
        Json::Arr(items) => format!("[{}]", items.iter().map(go_value).collect::<Vec<_>>().join(" ")),
        Json::Obj(fields) if fields.is_empty() => "map[]".to_string(),
        Json::Obj(fields) => {
            let mut sorted: Vec<&(String, Json)> = fields.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            let shown: Vec<String> = sorted
                .iter()
                .map(|(k, v)| match v {
                    Json::Obj(inner) if inner.is_empty() => format!("{k}:{{}}"),
                    v => format!("{k}:{}", go_value(v)),
                })
                .collect();
            format!("map[{}]", shown.join(" "))
        }
    }
}

/// text/template's truth: false, 0, nil, and empty strings, lists and maps are false.
fn truth(json: &Json) -> bool {
    match json {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Num(n) => !n.parse::<f64>().is_ok_and(|f| f == 0.0),
        Json::Str(s) => !s.is_empty(),
        Json::Arr(items) => !items.is_empty(),
        Json::Obj(fields) => !fields.is_empty(),
    }
}

fn compare(a: &Json, b: &Json) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Json::Num(x), Json::Num(y)) => x.parse::<f64>().ok()?.partial_cmp(&y.parse::<f64>().ok()?),
        (Json::Str(x), Json::Str(y)) => Some(x.cmp(y)),
        (Json::Bool(x), Json::Bool(y)) if x == y => Some(std::cmp::Ordering::Equal),
        (Json::Bool(_), Json::Bool(_)) => Some(std::cmp::Ordering::Less),
        (Json::Null, Json::Null) => Some(std::cmp::Ordering::Equal),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMAGE: &str = r#"{
        "Id": "sha256:abc",
        "RepoTags": ["alpine:data", "mine:1"],
        "RepoDigests": [],
        "Created": "2025-01-01T00:00:03Z",
        "Config": {"Env": ["PATH=/bin", "A=1"], "Cmd": ["sh", "-c", "echo \"hi\" <b>"], "Labels": {"z": "1", "a": "2"}},
        "Size": 274432,
        "RootFS": {"Type": "layers", "Layers": ["sha256:l1", "sha256:l2"]},
        "State": {"Status": "running", "Running": true, "ExitCode": 0},
        "Entrypoint": null
    }"#;

    fn run(template: &str) -> Result<String, String> {
        render(template, &parse_json(IMAGE).unwrap())
    }

    #[test]
    fn the_templates_students_use() {
        assert_eq!(run("{{.Id}}").unwrap(), "sha256:abc");
        assert_eq!(run("{{.Config.Cmd}}").unwrap(), "[sh -c echo \"hi\" <b>]");
        assert_eq!(run("{{.Config.Env}}").unwrap(), "[PATH=/bin A=1]");
        assert_eq!(
            run("{{json .Config}}").unwrap(),
            r#"{"Env":["PATH=/bin","A=1"],"Cmd":["sh","-c","echo \"hi\" <b>"],"Labels":{"z":"1","a":"2"}}"#
        );
        assert_eq!(run("{{.RootFS.Layers}}").unwrap(), "[sha256:l1 sha256:l2]");
        assert_eq!(run("{{len .RootFS.Layers}}").unwrap(), "2");
        assert_eq!(run("{{.State.Status}}").unwrap(), "running");
        assert_eq!(run("{{.Created}} {{.Size}}").unwrap(), "2025-01-01T00:00:03Z 274432");
        assert_eq!(run("{{range .RootFS.Layers}}{{println .}}{{end}}").unwrap(), "sha256:l1\nsha256:l2\n");
        assert_eq!(run("{{index .RepoTags 0}}").unwrap(), "alpine:data");
        assert_eq!(run("{{.Config.Labels}}").unwrap(), "map[a:2 z:1]");
        assert_eq!(run("{{.Config.Labels.a}}|{{.Config.Labels.nope}}|").unwrap(), "2|<no value>|");
        assert_eq!(run("{{.Entrypoint}} {{json .Entrypoint}} {{.RepoDigests}}").unwrap(), "[] null []");
    }

    #[test]
    fn control_flow_functions_and_trimming() {
        assert_eq!(run("{{if .State.Running}}up{{else}}down{{end}}").unwrap(), "up");
        assert_eq!(run("{{if eq .State.Status \"exited\"}}x{{else if .State.Running}}r{{else}}?{{end}}").unwrap(), "r");
        assert_eq!(run("{{range $i, $l := .RootFS.Layers}}{{$i}}={{$l}};{{end}}").unwrap(), "0=sha256:l1;1=sha256:l2;");
        assert_eq!(run("{{range .RepoDigests}}x{{else}}none{{end}}").unwrap(), "none");
        assert_eq!(run("{{with .RootFS}}{{.Type}}{{end}}").unwrap(), "layers");
        assert_eq!(run("{{join .Config.Cmd \" \"}}").unwrap(), "sh -c echo \"hi\" <b>");
        assert_eq!(run("{{.Config.Env | json}}").unwrap(), r#"["PATH=/bin","A=1"]"#);
        assert_eq!(run("{{upper (index .RepoTags 1)}}").unwrap(), "MINE:1");
        assert_eq!(run("{{printf \"%s has %d layers\" .Id (len .RootFS.Layers)}}").unwrap(), "sha256:abc has 2 layers");
        assert_eq!(run("a  {{- .Id -}}  b").unwrap(), "asha256:abcb");
        assert_eq!(run("{{/* a comment */}}x").unwrap(), "x");
        assert_eq!(run("{{$.Id}}").unwrap(), "sha256:abc");
        assert_eq!(run("{{len .Id}}").unwrap(), "10");
    }

    #[test]
    fn what_is_not_supported_says_so() {
        let unsupported = |t: &str| {
            let e = run(t).unwrap_err();
            assert!(e.contains("not supported by this simulation"), "{t}: {e}");
        };
        unsupported("{{.NetworkSettings.IPAddress}}");
        unsupported("{{.State}}");
        unsupported("{{.}}");
        unsupported("{{pad .Id 1 1}}");
        unsupported("{{template \"x\"}}");
        unsupported("{{index .Config.Labels \"nope\"}}");
        unsupported("{{printf \"%x\" .Size}}");
        assert_eq!(
            run("{{.Foo}}").unwrap_err(),
            "template: :1:2: executing \"\" at <.Foo>: map has no entry for key \"Foo\""
        );
        assert_eq!(run("{{.Id").unwrap_err(), "template: :1: unclosed action");
        assert_eq!(run("{{frob .Id}}").unwrap_err(), "template: :1: function \"frob\" not defined");
        assert!(run("{{if .Id}}x").unwrap_err().contains("unexpected EOF"));
        assert!(run("{{end}}").unwrap_err().contains("unexpected {{end}}"));
        assert!(run("{{index .RepoTags 5}}").unwrap_err().contains("index out of range: 5"));
    }

    #[test]
    fn json_round_trips_in_order_and_nothing_panics() {
        let value = parse_json(IMAGE).unwrap();
        let mut compact = String::new();
        to_json(&value, &mut compact);
        assert_eq!(parse_json(&compact).unwrap(), value);
        assert_eq!(parse_json(r#""a\u00e9\ud83d\ude00\n""#).unwrap(), Json::Str("aé😀\n".to_string()));
        for bad in ["", "{", "[1,", "{\"a\"}", "\"\\u12", "nul", "[1] 2", &"[".repeat(500)] {
            assert!(parse_json(bad).is_err(), "{bad}");
        }
        for template in [
            "{{",
            "}}",
            "{{(}}",
            "{{)}}",
            "{{|}}",
            "{{.A|}}",
            "{{range}}",
            "{{else}}",
            "{{$x}}",
            "{{\"",
            "{{-}}",
            "{{ - }}",
            "{{range 99999999999}}{{end}}",
            &"{{if 1}}".repeat(100),
        ] {
            let _ = run(template);
        }
        let deep = format!("{}x{}", "{{if 1}}".repeat(60), "{{end}}".repeat(60));
        assert_eq!(run(&deep).unwrap(), "x");
    }
}
