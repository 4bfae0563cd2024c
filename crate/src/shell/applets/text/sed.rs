//! `sed`: a stream editor in GNU's dialect. Addresses (`N`, `$`, `/re/`, `\%re%`, `first~step`, `addr,+N`, ranges,
//! `!`), commands `s y d D p P n N q Q = a i c h H g G x b t T : { } r w l`, `-n -e -f -i[SUFFIX] -E/-r -s`.
//! Regular expressions come from the Pike-VM engine, so no script can make sed take exponential time.

use crate::shell::applets::Cx;
use crate::shell::interp::R;
use crate::shell::regex::Regex;

/// How big the pattern and hold spaces may grow together (`G` and `s/x/&&/g` can double them per command).
const MAX_SPACE: usize = 16 << 20;

#[derive(Clone, Debug)]
enum Addr {
    Line(usize),
    Last,
    Re(Option<usize>),
    Step(usize, usize),
    /// `addr1,+N`
    Plus(usize),
}

#[derive(Clone, Debug)]
enum Repl {
    Lit(String),
    Whole,
    Group(usize),
    Case(char),
}

#[derive(Clone, Debug)]
enum Cmd {
    Block(usize),
    EndBlock,
    Subst { re: Option<usize>, repl: Vec<Repl>, global: bool, nth: usize, print: bool, write: Option<String> },
    Translate(Vec<(char, char)>),
    Delete,
    DeleteFirst,
    Print,
    PrintFirst,
    Next,
    AppendNext,
    Quit(i32, bool),
    LineNo,
    Append(String),
    Insert(String),
    Change(String),
    Hold,
    HoldAppend,
    Get,
    GetAppend,
    Exchange,
    Branch(String),
    BranchIf(String, bool),
    Label,
    ReadFile(String),
    WriteFile(String),
    List,
    Comment,
}

#[derive(Clone, Debug)]
struct Command {
    a1: Option<Addr>,
    a2: Option<Addr>,
    negate: bool,
    cmd: Cmd,
}

struct Script {
    commands: Vec<Command>,
    regexes: Vec<Regex>,
    labels: Vec<(String, usize)>,
}

struct ScriptParser<'a> {
    chars: Vec<char>,
    pos: usize,
    extended: bool,
    regexes: &'a mut Vec<Regex>,
    last_regex: Option<usize>,
}

impl ScriptParser<'_> {
    fn err(&self, message: &str) -> String {
        format!("-e expression #1, char {}: {message}", self.pos + 1)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        (self.pos > start).then(|| self.chars[start..self.pos].iter().collect::<String>().parse().unwrap_or(usize::MAX))
    }

    /// Reads up to an unescaped `delim`; `\delim` becomes `delim`, `\n` a newline, other escapes stay.
    fn delimited(&mut self, delim: char, what: &str) -> Result<String, String> {
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else { return Err(self.err(&format!("unterminated {what}"))) };
            self.pos += 1;
            if c == delim {
                return Ok(out);
            }
            if c == '\\' {
                let Some(e) = self.peek() else { return Err(self.err(&format!("unterminated {what}"))) };
                self.pos += 1;
                if e == delim {
                    out.push(delim);
                } else if e == 'n' {
                    out.push_str("\\n");
                } else {
                    out.push('\\');
                    out.push(e);
                }
            } else if c == '\n' && what != "`y' command" {
                return Err(self.err(&format!("unterminated {what}")));
            } else {
                out.push(c);
            }
        }
    }

    fn compile(&mut self, pattern: &str, icase: bool) -> Result<Option<usize>, String> {
        if pattern.is_empty() {
            return match self.last_regex {
                Some(i) => Ok(Some(i)),
                None => Err(self.err("no previous regular expression")),
            };
        }
        let re = Regex::new(pattern, self.extended, icase).map_err(|e| self.err(&e))?;
        self.regexes.push(re);
        self.last_regex = Some(self.regexes.len() - 1);
        Ok(self.last_regex)
    }

    fn address(&mut self) -> Result<Option<Addr>, String> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                let n = self.number().unwrap_or(0);
                if self.peek() == Some('~') {
                    self.pos += 1;
                    let step = self.number().unwrap_or(0);
                    return Ok(Some(Addr::Step(n, step)));
                }
                Ok(Some(Addr::Line(n)))
            }
            Some('$') => {
                self.pos += 1;
                Ok(Some(Addr::Last))
            }
            Some('/') | Some('\\') => {
                let delim = if self.peek() == Some('\\') {
                    self.pos += 1;
                    self.peek().ok_or_else(|| self.err("unexpected `,'"))?
                } else {
                    '/'
                };
                self.pos += 1;
                let pattern = self.delimited(delim, "address regex")?;
                let mut icase = false;
                while matches!(self.peek(), Some('I' | 'M')) {
                    icase |= self.peek() == Some('I');
                    self.pos += 1;
                }
                Ok(Some(Addr::Re(self.compile(&pattern, icase)?)))
            }
            _ => Ok(None),
        }
    }

    /// Text of `a`, `i`, `c`: GNU's one-line form (`a text`) or the classic `a\` + next line(s).
    fn text_arg(&mut self) -> String {
        self.skip_blanks();
        if self.peek() == Some('\\') {
            self.pos += 1;
            if self.peek() == Some('\n') {
                self.pos += 1;
            }
        }
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '\n' => break,
                '\\' => match self.peek() {
                    Some('\n') => {
                        self.pos += 1;
                        out.push('\n');
                    }
                    Some('t') => {
                        self.pos += 1;
                        out.push('\t');
                    }
                    Some(e) => {
                        self.pos += 1;
                        out.push(e);
                    }
                    None => {}
                },
                other => out.push(other),
            }
        }
        out
    }

    fn label(&mut self) -> String {
        self.skip_blanks();
        let start = self.pos;
        while self.peek().is_some_and(|c| c != '\n' && c != ';' && c != '}') {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect::<String>().trim().to_string()
    }

    fn filename(&mut self) -> String {
        self.skip_blanks();
        let start = self.pos;
        while self.peek().is_some_and(|c| c != '\n') {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    fn replacement(&self, text: &str) -> Vec<Repl> {
        let mut out = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars();
        let flush = |lit: &mut String, out: &mut Vec<Repl>| {
            if !lit.is_empty() {
                out.push(Repl::Lit(std::mem::take(lit)));
            }
        };
        while let Some(c) = chars.next() {
            match c {
                '&' => {
                    flush(&mut lit, &mut out);
                    out.push(Repl::Whole);
                }
                '\\' => match chars.next() {
                    Some(d @ '0'..='9') => {
                        flush(&mut lit, &mut out);
                        out.push(if d == '0' { Repl::Whole } else { Repl::Group(d as usize - '0' as usize) });
                    }
                    Some('n') => lit.push('\n'),
                    Some('t') => lit.push('\t'),
                    Some(k @ ('L' | 'U' | 'E' | 'l' | 'u')) => {
                        flush(&mut lit, &mut out);
                        out.push(Repl::Case(k));
                    }
                    Some('\n') => lit.push('\n'),
                    Some(other) => lit.push(other),
                    None => lit.push('\\'),
                },
                other => lit.push(other),
            }
        }
        flush(&mut lit, &mut out);
        out
    }

    fn parse(&mut self, commands: &mut Vec<Command>, labels: &mut Vec<(String, usize)>) -> Result<(), String> {
        let mut open_blocks: Vec<usize> = Vec::new();
        loop {
            while matches!(self.peek(), Some(' ' | '\t' | '\n' | ';')) {
                self.pos += 1;
            }
            if self.peek().is_none() {
                break;
            }
            if self.peek() == Some('#') {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.pos += 1;
                }
                continue;
            }
            let a1 = self.address()?;
            let mut a2 = None;
            if a1.is_some() && self.peek() == Some(',') {
                self.pos += 1;
                self.skip_blanks();
                if self.peek() == Some('+') {
                    self.pos += 1;
                    a2 = Some(Addr::Plus(self.number().ok_or_else(|| self.err("expected number after +"))?));
                } else {
                    a2 = Some(self.address()?.ok_or_else(|| self.err("unexpected `,'"))?);
                }
            }
            self.skip_blanks();
            let mut negate = false;
            while self.peek() == Some('!') {
                negate = true;
                self.pos += 1;
                self.skip_blanks();
            }
            let Some(c) = self.peek() else { return Err(self.err("missing command")) };
            self.pos += 1;
            let cmd = match c {
                '{' => {
                    open_blocks.push(commands.len());
                    Cmd::Block(0)
                }
                '}' => {
                    let Some(open) = open_blocks.pop() else { return Err(self.err("unexpected `}'")) };
                    let end = commands.len();
                    if let Some(cmd) = commands.get_mut(open) {
                        cmd.cmd = Cmd::Block(end + 1);
                    }
                    Cmd::EndBlock
                }
                's' => {
                    let delim = self.peek().ok_or_else(|| self.err("unterminated `s' command"))?;
                    if delim == '\n' || delim == '\\' {
                        return Err(self.err("unterminated `s' command"));
                    }
                    self.pos += 1;
                    let pattern = self.delimited(delim, "`s' command")?;
                    let repl_text = self.delimited(delim, "`s' command")?;
                    let mut global = false;
                    let mut nth = 1;
                    let mut print = false;
                    let mut icase = false;
                    let mut write = None;
                    loop {
                        match self.peek() {
                            Some('g') => global = true,
                            Some('p') => print = true,
                            Some('i' | 'I') => icase = true,
                            Some('m' | 'M' | 'e') => {}
                            Some('w') => {
                                self.pos += 1;
                                write = Some(self.filename());
                                break;
                            }
                            Some(d) if d.is_ascii_digit() => {
                                nth = self.number().unwrap_or(1).max(1);
                                continue;
                            }
                            Some(' ' | '\t' | '\n' | ';' | '}') | None => break,
                            Some(_) => return Err(self.err("unknown option to `s'")),
                        }
                        self.pos += 1;
                    }
                    let re = self.compile(&pattern, icase)?;
                    let repl = self.replacement(&repl_text);
                    Cmd::Subst { re, repl, global, nth, print, write }
                }
                'y' => {
                    let delim = self.peek().ok_or_else(|| self.err("unterminated `y' command"))?;
                    self.pos += 1;
                    let unescape = |s: String| s.replace("\\n", "\n").replace("\\\\", "\\");
                    let from: Vec<char> = unescape(self.delimited(delim, "`y' command")?).chars().collect();
                    let to: Vec<char> = unescape(self.delimited(delim, "`y' command")?).chars().collect();
                    if from.len() != to.len() {
                        return Err(self.err("strings for `y' command are different lengths"));
                    }
                    Cmd::Translate(from.into_iter().zip(to).collect())
                }
                'd' => Cmd::Delete,
                'D' => Cmd::DeleteFirst,
                'p' => Cmd::Print,
                'P' => Cmd::PrintFirst,
                'n' => Cmd::Next,
                'N' => Cmd::AppendNext,
                'q' | 'Q' => {
                    self.skip_blanks();
                    let code = self.number().unwrap_or(0) as i32;
                    Cmd::Quit(code, c == 'q')
                }
                '=' => Cmd::LineNo,
                'a' => Cmd::Append(self.text_arg()),
                'i' => Cmd::Insert(self.text_arg()),
                'c' => Cmd::Change(self.text_arg()),
                'h' => Cmd::Hold,
                'H' => Cmd::HoldAppend,
                'g' => Cmd::Get,
                'G' => Cmd::GetAppend,
                'x' => Cmd::Exchange,
                'l' => Cmd::List,
                'b' => Cmd::Branch(self.label()),
                't' => Cmd::BranchIf(self.label(), true),
                'T' => Cmd::BranchIf(self.label(), false),
                ':' => {
                    let name = self.label();
                    if name.is_empty() {
                        return Err(self.err("\":\" lacks a label"));
                    }
                    labels.push((name, commands.len()));
                    Cmd::Label
                }
                'r' => Cmd::ReadFile(self.filename()),
                'w' => Cmd::WriteFile(self.filename()),
                '#' => Cmd::Comment,
                other => return Err(self.err(&format!("unknown command: `{other}'"))),
            };
            commands.push(Command { a1, a2, negate, cmd });
            self.skip_blanks();
            match self.peek() {
                None | Some('\n' | ';' | '}' | '#') => {}
                Some(_) if matches!(commands.last().map(|c| &c.cmd), Some(Cmd::Block(_))) => {}
                Some(_) => return Err(self.err("extra characters after command")),
            }
        }
        if !open_blocks.is_empty() {
            return Err(self.err("unmatched `{'"));
        }
        Ok(())
    }
}

struct Input {
    lines: Vec<String>,
    /// Whether the last line ended with a newline.
    final_newline: bool,
    pos: usize,
}

impl Input {
    fn next(&mut self) -> Option<String> {
        let line = self.lines.get(self.pos).cloned();
        if line.is_some() {
            self.pos += 1;
        }
        line
    }

    fn is_last(&self) -> bool {
        self.pos >= self.lines.len()
    }
}

struct Run {
    out: String,
    quit: Option<i32>,
    /// Whether the last line written had a newline after it.
    missing_newline: bool,
}

/// Case conversion state of a replacement (`\U`, `\L`, `\u`, `\l`, `\E`).
fn apply_case(text: &str, mode: char, once: &mut Option<char>) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match once.take() {
            Some('u') => c.to_uppercase().collect::<String>(),
            Some('l') => c.to_lowercase().collect::<String>(),
            _ => match mode {
                'U' => c.to_uppercase().collect(),
                'L' => c.to_lowercase().collect(),
                _ => c.to_string(),
            },
        };
        out.push_str(&c);
    }
    out
}

fn substitute(re: &Regex, space: &str, repl: &[Repl], global: bool, nth: usize) -> Option<String> {
    let chars: Vec<char> = space.chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    let mut count = 0;
    let mut changed = false;
    let mut prev_end: Option<usize> = None;
    while pos <= chars.len() {
        let Some(caps) = re.find_at(&chars, pos) else { break };
        let Some((start, end)) = caps[0] else { break };
        if start == end && prev_end == Some(start) {
            // An empty match right after the previous match does not count (GNU).
            if let Some(&c) = chars.get(start) {
                out.push(c);
            }
            pos = start + 1;
            prev_end = None;
            continue;
        }
        prev_end = Some(end);
        count += 1;
        out.extend(&chars[pos..start]);
        if count >= nth {
            changed = true;
            let mut mode = 'E';
            let mut once = None;
            for piece in repl {
                let text: String = match piece {
                    Repl::Lit(s) => s.clone(),
                    Repl::Whole => chars[start..end].iter().collect(),
                    Repl::Group(g) => {
                        caps.get(*g).copied().flatten().map(|(s, e)| chars[s..e].iter().collect()).unwrap_or_default()
                    }
                    Repl::Case(k) => {
                        match k {
                            'u' | 'l' => once = Some(*k),
                            other => mode = *other,
                        }
                        continue;
                    }
                };
                out.push_str(&apply_case(&text, mode, &mut once));
            }
        } else {
            out.extend(&chars[start..end]);
        }
        if end == start {
            if let Some(&c) = chars.get(start) {
                out.push(c);
            }
            pos = start + 1;
        } else {
            pos = end;
        }
        if changed && !global {
            break;
        }
    }
    if !changed {
        return None;
    }
    if pos < chars.len() {
        out.extend(&chars[pos..]);
    }
    Some(out)
}

fn list_line(space: &str) -> String {
    let mut out = String::new();
    for b in space.bytes() {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            7 => out.push_str("\\a"),
            8 => out.push_str("\\b"),
            12 => out.push_str("\\f"),
            13 => out.push_str("\\r"),
            11 => out.push_str("\\v"),
            32..=126 => out.push(b as char),
            other => out.push_str(&format!("\\{other:03o}")),
        }
    }
    out.push('$');
    out
}

struct Editor<'s> {
    script: &'s Script,
    quiet: bool,
    /// Per command: is its range active, and where does it end (for `addr,+N` and line ends).
    active: Vec<bool>,
    range_end: Vec<usize>,
    hold: String,
    line_no: usize,
}

impl Editor<'_> {
    fn matches_addr(&self, addr: &Addr, space: &str, last: bool) -> bool {
        match addr {
            Addr::Line(n) => self.line_no == *n,
            Addr::Last => last,
            Addr::Re(i) => i.and_then(|i| self.script.regexes.get(i)).is_some_and(|re| re.is_match(space)),
            Addr::Step(first, step) => {
                if *step == 0 {
                    self.line_no == *first
                } else {
                    self.line_no >= *first && (self.line_no - first) % step == 0
                }
            }
            Addr::Plus(_) => false,
        }
    }

    fn selected(&mut self, i: usize, space: &str, last: bool) -> bool {
        let cmd = &self.script.commands[i];
        let hit = match (&cmd.a1, &cmd.a2) {
            (None, _) => true,
            (Some(a1), None) => self.matches_addr(a1, space, last),
            (Some(a1), Some(a2)) => {
                if self.active[i] {
                    let done = match a2 {
                        Addr::Line(n) => self.line_no >= *n,
                        Addr::Plus(_) => self.line_no >= self.range_end[i],
                        other => self.matches_addr(other, space, last),
                    };
                    if done {
                        self.active[i] = false;
                    }
                    true
                } else if self.matches_addr(a1, space, last) {
                    match a2 {
                        Addr::Line(n) if *n <= self.line_no => {}
                        Addr::Plus(n) => {
                            self.range_end[i] = self.line_no + n;
                            self.active[i] = *n > 0;
                        }
                        _ => self.active[i] = true,
                    }
                    true
                } else {
                    false
                }
            }
        };
        hit != cmd.negate
    }

    /// Runs the script over one input stream; `Ok(Some(code))` when `q`/`Q` stopped it.
    fn run(&mut self, cx: &mut Cx, input: &mut Input, run: &mut Run, last_stream: bool) -> R<Result<(), String>> {
        let emit = |run: &mut Run, text: &str| {
            run.out.push_str(text);
            run.out.push('\n');
        };
        'cycle: while let Some(line) = input.next() {
            cx.step()?;
            self.line_no += 1;
            let mut space = line;
            let mut appended: Vec<String> = Vec::new();
            let mut substituted = false;
            let mut pc = 0;
            let mut autoprint = !self.quiet;
            let commands = &self.script.commands;
            while pc < commands.len() {
                let last = input.is_last() && last_stream;
                if !self.selected(pc, &space, last) {
                    pc = match commands[pc].cmd {
                        Cmd::Block(end) => end,
                        _ => pc + 1,
                    };
                    continue;
                }
                match &commands[pc].cmd {
                    Cmd::Block(_) | Cmd::EndBlock | Cmd::Label | Cmd::Comment => {}
                    Cmd::Subst { re, repl, global, nth, print, write } => {
                        let Some(re) = re.and_then(|i| self.script.regexes.get(i)) else {
                            pc += 1;
                            continue;
                        };
                        if let Some(new) = substitute(re, &space, repl, *global, *nth) {
                            space = new;
                            substituted = true;
                            if *print {
                                emit(run, &space);
                            }
                            if let Some(file) = write {
                                let data = format!("{space}\n");
                                let _ = cx.write_file(file, data.as_bytes(), 0o666, true)?;
                            }
                        }
                    }
                    Cmd::Translate(map) => {
                        space =
                            space.chars().map(|c| map.iter().find(|(f, _)| *f == c).map_or(c, |(_, t)| *t)).collect();
                    }
                    Cmd::Delete => {
                        for text in appended.drain(..) {
                            emit(run, &text);
                        }
                        continue 'cycle;
                    }
                    Cmd::DeleteFirst => {
                        match space.find('\n') {
                            Some(i) => {
                                space = space[i + 1..].to_string();
                                // Restart the cycle without reading a new line.
                                pc = 0;
                                continue;
                            }
                            None => continue 'cycle,
                        }
                    }
                    Cmd::Print => emit(run, &space),
                    Cmd::PrintFirst => {
                        let first = space.split('\n').next().unwrap_or("").to_string();
                        emit(run, &first);
                    }
                    Cmd::Next => {
                        if autoprint {
                            emit(run, &space);
                        }
                        for text in appended.drain(..) {
                            emit(run, &text);
                        }
                        match input.next() {
                            Some(next) => {
                                self.line_no += 1;
                                space = next;
                            }
                            None => {
                                autoprint = false;
                                break;
                            }
                        }
                    }
                    Cmd::AppendNext => match input.next() {
                        Some(next) => {
                            self.line_no += 1;
                            space.push('\n');
                            space.push_str(&next);
                        }
                        None => break,
                    },
                    Cmd::Quit(code, print) => {
                        if *print && autoprint {
                            emit(run, &space);
                        }
                        for text in appended.drain(..) {
                            emit(run, &text);
                        }
                        run.quit = Some(*code);
                        return Ok(Ok(()));
                    }
                    Cmd::LineNo => emit(run, &self.line_no.to_string()),
                    Cmd::Append(text) => appended.push(text.clone()),
                    Cmd::Insert(text) => emit(run, text),
                    Cmd::Change(text) => {
                        // In a range, the text replaces the whole range: print it at its end only.
                        if commands[pc].a2.is_none() || !self.active[pc] || commands[pc].negate {
                            emit(run, text);
                        }
                        for text in appended.drain(..) {
                            emit(run, &text);
                        }
                        continue 'cycle;
                    }
                    Cmd::Hold => self.hold = space.clone(),
                    Cmd::HoldAppend => {
                        self.hold.push('\n');
                        self.hold.push_str(&space);
                    }
                    Cmd::Get => space = self.hold.clone(),
                    Cmd::GetAppend => {
                        space.push('\n');
                        space.push_str(&self.hold);
                    }
                    Cmd::Exchange => std::mem::swap(&mut space, &mut self.hold),
                    Cmd::List => emit(run, &list_line(&space)),
                    Cmd::Branch(label) | Cmd::BranchIf(label, _) => {
                        let take = match &commands[pc].cmd {
                            Cmd::BranchIf(_, when) => {
                                let t = substituted == *when;
                                substituted = false;
                                t
                            }
                            _ => true,
                        };
                        if take {
                            cx.step()?;
                            if label.is_empty() {
                                pc = commands.len();
                            } else {
                                match self.script.labels.iter().find(|(l, _)| l == label) {
                                    Some((_, at)) => pc = *at,
                                    None => {
                                        return Ok(Err(format!(
                                            "-e expression #1, char 0: can't find label for jump to `{label}'"
                                        )))
                                    }
                                }
                            }
                            continue;
                        }
                    }
                    Cmd::ReadFile(file) => {
                        if let Ok(data) = cx.read_file(file) {
                            let text = String::from_utf8_lossy(&data);
                            appended.push(text.strip_suffix('\n').unwrap_or(&text).to_string());
                        }
                    }
                    Cmd::WriteFile(file) => {
                        let data = format!("{space}\n");
                        let _ = cx.write_file(file, data.as_bytes(), 0o666, true)?;
                    }
                }
                if space.len() + self.hold.len() > MAX_SPACE {
                    return Ok(Err(format!(
                        "pattern and hold space exceed {} MiB (a layerlab limit): does the script grow them endlessly?",
                        MAX_SPACE >> 20
                    )));
                }
                pc += 1;
            }
            if autoprint {
                emit(run, &space);
            }
            for text in appended.drain(..) {
                emit(run, &text);
            }
            if run.out.len() > 1 << 16 {
                cx.outs(&std::mem::take(&mut run.out))?;
            }
        }
        run.missing_newline = !input.final_newline;
        Ok(Ok(()))
    }
}

fn split_input(data: &[u8]) -> Input {
    let text = String::from_utf8_lossy(data);
    let final_newline = text.is_empty() || text.ends_with('\n');
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    if final_newline {
        lines.pop();
    }
    Input { lines, final_newline, pos: 0 }
}

pub fn sed(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let mut quiet = false;
    let mut extended = false;
    let mut in_place: Option<String> = None;
    let mut separate = false;
    let mut scripts: Vec<String> = Vec::new();
    let mut files = Vec::new();
    let mut i = 0;
    let mut only_operands = false;
    while let Some(arg) = args.get(i) {
        i += 1;
        if only_operands || !arg.starts_with('-') || arg == "-" {
            files.push(arg.clone());
            continue;
        }
        match arg.as_str() {
            "--" => only_operands = true,
            "-n" | "--quiet" | "--silent" => quiet = true,
            "-E" | "-r" | "--regexp-extended" => extended = true,
            "-s" | "--separate" => separate = true,
            "-u" | "--unbuffered" | "--posix" | "-z" => {}
            "-e" | "--expression" => match args.get(i) {
                Some(s) => {
                    scripts.push(s.clone());
                    i += 1;
                }
                None => return cx.fail("option requires an argument -- 'e'"),
            },
            "-f" | "--file" => match args.get(i) {
                Some(f) => {
                    i += 1;
                    match cx.read_input(f) {
                        Ok(d) => scripts.push(String::from_utf8_lossy(&d).trim_end_matches('\n').to_string()),
                        Err(e) => {
                            cx.warn(&format!("couldn't open file {f}: {e}"))?;
                            return Ok(1);
                        }
                    }
                }
                None => return cx.fail("option requires an argument -- 'f'"),
            },
            a if a.starts_with("--in-place") => {
                in_place = Some(a.strip_prefix("--in-place=").unwrap_or("").to_string())
            }
            a if a.starts_with("-i") => in_place = Some(a[2..].to_string()),
            a if a.starts_with("-e") => scripts.push(a[2..].to_string()),
            a if a.starts_with('-') && a[1..].chars().all(|c| matches!(c, 'n' | 'E' | 'r' | 's' | 'u')) => {
                for c in a[1..].chars() {
                    match c {
                        'n' => quiet = true,
                        'E' | 'r' => extended = true,
                        's' => separate = true,
                        _ => {}
                    }
                }
            }
            a if a.starts_with('-') && a[1..].starts_with('n') && a.contains('i') => {
                quiet = true;
                let rest = &a[a.find('i').unwrap_or(a.len())..];
                in_place = Some(rest[1..].to_string());
            }
            a => return cx.fail(&format!("invalid option -- '{}'", a.chars().nth(1).unwrap_or('-'))),
        }
    }
    if scripts.is_empty() {
        if files.is_empty() {
            cx.errs("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n")?;
            return Ok(1);
        }
        scripts.push(files.remove(0));
    }
    let text = scripts.join("\n");
    let mut regexes = Vec::new();
    let mut commands = Vec::new();
    let mut labels = Vec::new();
    let mut parser =
        ScriptParser { chars: text.chars().collect(), pos: 0, extended, regexes: &mut regexes, last_regex: None };
    if let Err(message) = parser.parse(&mut commands, &mut labels) {
        cx.warn(&message)?;
        return Ok(1);
    }
    for cmd in &commands {
        if let Cmd::Branch(label) | Cmd::BranchIf(label, _) = &cmd.cmd {
            if !label.is_empty() && !labels.iter().any(|(l, _)| l == label) {
                cx.warn(&format!(
                    "-e expression #1, char {}: can't find label for jump to `{label}'",
                    text.chars().count()
                ))?;
                return Ok(1);
            }
        }
    }
    let script = Script { commands, regexes, labels };
    let n = script.commands.len();
    let mut editor = Editor {
        script: &script,
        quiet,
        active: vec![false; n],
        range_end: vec![0; n],
        hold: String::new(),
        line_no: 0,
    };
    if in_place.is_some() && files.is_empty() {
        return cx.fail("no input files");
    }
    let mut status = 0;
    if let Some(suffix) = in_place {
        for file in &files {
            let path = cx.abs(file);
            let data = match cx.read_file(file) {
                Ok(d) => d,
                Err(e) => {
                    cx.warn(&format!("can't read {file}: {e}"))?;
                    status = 2;
                    continue;
                }
            };
            if cx.sys.stat(&path).is_ok_and(|s| !s.is_file()) {
                cx.warn(&format!("couldn't edit {file}: not a regular file"))?;
                status = 4;
                continue;
            }
            editor.line_no = 0;
            editor.active.iter_mut().for_each(|a| *a = false);
            let mut input = split_input(&data);
            let mut run = Run { out: String::new(), quit: None, missing_newline: false };
            if let Err(message) = editor.run(cx, &mut input, &mut run, true)? {
                cx.warn(&message)?;
                return Ok(1);
            }
            // A quit still writes what is left of the file (GNU copies the rest unchanged).
            if run.quit.is_some() {
                while let Some(line) = input.next() {
                    run.out.push_str(&line);
                    run.out.push('\n');
                }
            }
            if !input.final_newline && run.out.ends_with('\n') {
                run.out.pop();
            }
            if !suffix.is_empty() {
                let backup = if suffix.contains('*') { suffix.replace('*', file) } else { format!("{file}{suffix}") };
                if let Err(e) = cx.write_file(&backup, &data, 0o644, false)? {
                    cx.warn(&format!("couldn't open file {backup}: {e}"))?;
                }
            }
            if let Err(e) = cx.write_file(file, run.out.as_bytes(), 0o644, false)? {
                cx.warn(&format!("couldn't open file {file}: {e}"))?;
                status = 4;
            }
            if let Some(code) = run.quit {
                return Ok(code);
            }
        }
        return Ok(status);
    }
    let files = if files.is_empty() { vec!["-".to_string()] } else { files };
    let mut run = Run { out: String::new(), quit: None, missing_newline: false };
    let mut datas = Vec::new();
    for file in &files {
        match cx.read_input(file) {
            Ok(d) => datas.push(d),
            Err(e) => {
                cx.warn(&format!("can't read {file}: {e}"))?;
                status = 2;
            }
        }
    }
    if separate {
        let count = datas.len();
        for (k, data) in datas.into_iter().enumerate() {
            let mut input = split_input(&data);
            if let Err(message) = editor.run(cx, &mut input, &mut run, k + 1 == count)? {
                cx.warn(&message)?;
                return Ok(1);
            }
            if run.quit.is_some() {
                break;
            }
        }
    } else {
        let mut joined: Vec<u8> = Vec::new();
        for data in &datas {
            joined.extend_from_slice(data);
            if !data.is_empty() && !data.ends_with(b"\n") {
                joined.push(b'\n');
            }
        }
        if let Some(last) = datas.last() {
            if !last.is_empty() && !last.ends_with(b"\n") {
                joined.pop();
            }
        }
        let mut input = split_input(&joined);
        if let Err(message) = editor.run(cx, &mut input, &mut run, true)? {
            cx.warn(&message)?;
            return Ok(1);
        }
    }
    if run.missing_newline && run.out.ends_with('\n') {
        run.out.pop();
    }
    cx.outs(&run.out)?;
    Ok(run.quit.unwrap_or(status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitution() {
        let re = Regex::new("o", false, false).unwrap();
        let repl = vec![Repl::Lit("0".into())];
        assert_eq!(substitute(&re, "foo boo", &repl, true, 1).as_deref(), Some("f00 b00"));
        assert_eq!(substitute(&re, "foo boo", &repl, false, 2).as_deref(), Some("fo0 boo"));
        assert_eq!(substitute(&re, "xyz", &repl, true, 1), None);
        let re = Regex::new("x*", false, false).unwrap();
        assert_eq!(substitute(&re, "abc", &[Repl::Lit("-".into())], true, 1).as_deref(), Some("-a-b-c-"));
        let re = Regex::new("l*", false, false).unwrap();
        assert_eq!(substitute(&re, "hello", &[Repl::Lit("X".into())], true, 1).as_deref(), Some("XhXeXoX"));
        let re = Regex::new("\\([a-z]*\\) \\([a-z]*\\)", false, false).unwrap();
        let repl = vec![Repl::Group(2), Repl::Lit(" ".into()), Repl::Group(1)];
        assert_eq!(substitute(&re, "hello world", &repl, false, 1).as_deref(), Some("world hello"));
        let re = Regex::new("[a-z]*", false, false).unwrap();
        assert_eq!(substitute(&re, "ab", &[Repl::Case('U'), Repl::Whole], false, 1).as_deref(), Some("AB"));
    }
}
