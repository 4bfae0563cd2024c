//! POSIX regular expressions for `grep`, `sed` and `[[ =~ ]]`: basic (BRE, with GNU's `\+ \? \|`) and extended
//! (ERE) syntax, bracket expressions with ranges and `[:classes:]`, anchors, `\< \> \b \B \w \s`, groups and
//! intervals. Matching is a Pike VM over a compiled program — a set of threads advanced in lock-step — so a search
//! costs at most `O(program × text)`: no pattern can make it exponential. Matches are leftmost-longest, as POSIX
//! asks; submatches follow the first thread to reach that longest end. Back-references (`\1` in a pattern) would
//! need backtracking and are refused.

use super::pattern::Named;

const MAX_PROGRAM: usize = 20_000;
const MAX_REPEAT: u32 = 255;
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug)]
struct Class {
    negated: bool,
    chars: Vec<char>,
    ranges: Vec<(char, char)>,
    named: Vec<Named>,
}

impl Class {
    fn contains(&self, c: char, icase: bool) -> bool {
        let test = |c: char| {
            self.chars.contains(&c)
                || self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
                || self.named.iter().any(|n| n.contains(c))
        };
        let hit = if icase { test(c) || c.to_lowercase().any(test) || c.to_uppercase().any(test) } else { test(c) };
        hit != self.negated
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Assertion {
    Start,
    End,
    WordBoundary,
    NotWordBoundary,
    WordStart,
    WordEnd,
}

#[derive(Clone, Debug)]
enum Node {
    Empty,
    Char(char),
    Any,
    Class(usize),
    Assert(Assertion),
    Group(Box<Node>, usize),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

#[derive(Clone, Copy, Debug)]
enum Inst {
    Char(char),
    Any,
    Class(usize),
    Assert(Assertion),
    Split(usize, usize),
    Jmp(usize),
    Save(usize),
    Match,
}

/// A compiled regular expression.
#[derive(Clone, Debug)]
pub struct Regex {
    prog: Vec<Inst>,
    classes: Vec<Class>,
    groups: usize,
    icase: bool,
}

/// Char ranges of the whole match (index 0) and of each group; `None` for a group that did not take part.
pub type Captures = Vec<Option<(usize, usize)>>;

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    extended: bool,
    groups: usize,
    classes: Vec<Class>,
    depth: usize,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek2(&self) -> Option<char> {
        self.chars.get(self.pos + 1).copied()
    }

    /// Whether the parser is at an alternation bar or a group end (where a BRE `$` is an anchor).
    fn at_branch_end(&self, offset: usize) -> bool {
        let at = self.pos + offset;
        match self.chars.get(at) {
            None => true,
            Some('\\') if !self.extended => matches!(self.chars.get(at + 1), Some(')') | Some('|')),
            Some(')' | '|') if self.extended => true,
            _ => false,
        }
    }

    fn alt(&mut self) -> Result<Node, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("Regular expression too big".to_string());
        }
        let mut branches = vec![self.concat()?];
        loop {
            let bar = if self.extended {
                self.peek() == Some('|')
            } else {
                self.peek() == Some('\\') && self.peek2() == Some('|')
            };
            if !bar {
                break;
            }
            self.pos += if self.extended { 1 } else { 2 };
            branches.push(self.concat()?);
        }
        self.depth -= 1;
        Ok(if branches.len() == 1 { branches.pop().unwrap_or(Node::Empty) } else { Node::Alt(branches) })
    }

    fn concat(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        let start = self.pos;
        while let Some(c) = self.peek() {
            if self.extended && (c == '|' || c == ')') {
                break;
            }
            if !self.extended && c == '\\' && matches!(self.peek2(), Some('|') | Some(')')) {
                break;
            }
            let at_start = self.pos == start;
            let atom = self.atom(at_start)?;
            let atom = self.quantifiers(atom)?;
            items.push(atom);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    fn quantifiers(&mut self, mut atom: Node) -> Result<Node, String> {
        loop {
            let (min, max) = match (self.peek(), self.peek2()) {
                (Some('*'), _) => {
                    self.pos += 1;
                    (0, None)
                }
                (Some('+'), _) if self.extended => {
                    self.pos += 1;
                    (1, None)
                }
                (Some('?'), _) if self.extended => {
                    self.pos += 1;
                    (0, Some(1))
                }
                (Some('\\'), Some('+')) if !self.extended => {
                    self.pos += 2;
                    (1, None)
                }
                (Some('\\'), Some('?')) if !self.extended => {
                    self.pos += 2;
                    (0, Some(1))
                }
                (Some('{'), _) if self.extended => {
                    let save = self.pos;
                    self.pos += 1;
                    match self.interval(false)? {
                        Some(bounds) => bounds,
                        None => {
                            self.pos = save;
                            return Ok(atom);
                        }
                    }
                }
                (Some('\\'), Some('{')) if !self.extended => {
                    self.pos += 2;
                    match self.interval(true)? {
                        Some(bounds) => bounds,
                        None => return Err("Invalid content of \\{\\}".to_string()),
                    }
                }
                _ => return Ok(atom),
            };
            if matches!(atom, Node::Assert(_)) {
                continue;
            }
            atom = Node::Repeat(Box::new(atom), min, max);
        }
    }

    /// After `{` (or `\{`): `m}`, `m,}`, `m,n}`. `None` when it is not an interval (ERE then reads `{` literally).
    fn interval(&mut self, bre: bool) -> Result<Option<(u32, Option<u32>)>, String> {
        let number = |p: &mut Parser| -> Option<u32> {
            let start = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            (p.pos > start).then(|| p.chars[start..p.pos].iter().collect::<String>().parse::<u32>().unwrap_or(u32::MAX))
        };
        let min = number(self);
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            number(self)
        } else {
            Some(min.unwrap_or(0))
        };
        let closed = if bre {
            let ok = self.peek() == Some('\\') && self.peek2() == Some('}');
            if ok {
                self.pos += 2;
            }
            ok
        } else {
            let ok = self.peek() == Some('}');
            if ok {
                self.pos += 1;
            }
            ok
        };
        let Some(min) = min else {
            return if bre { Err("Invalid content of \\{\\}".to_string()) } else { Ok(None) };
        };
        if !closed {
            return if bre { Err("Unmatched \\{".to_string()) } else { Ok(None) };
        }
        if min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT) {
            return Err("Regular expression too big".to_string());
        }
        if max.is_some_and(|m| m < min) {
            return Err("Invalid content of \\{\\}".to_string());
        }
        Ok(Some((min, max)))
    }

    fn atom(&mut self, at_start: bool) -> Result<Node, String> {
        let Some(c) = self.peek() else { return Ok(Node::Empty) };
        self.pos += 1;
        Ok(match c {
            '.' => Node::Any,
            '[' => Node::Class(self.class()?),
            '^' if self.extended || at_start => Node::Assert(Assertion::Start),
            '$' if self.extended || self.at_branch_end(0) => Node::Assert(Assertion::End),
            '*' if at_start => Node::Char('*'),
            '*' | '+' | '?' if self.extended => {
                if at_start {
                    Node::Char(c)
                } else {
                    return Err("Invalid preceding regular expression".to_string());
                }
            }
            '(' if self.extended => self.group()?,
            '\\' => {
                let Some(e) = self.peek() else { return Err("Trailing backslash".to_string()) };
                self.pos += 1;
                match e {
                    '(' if !self.extended => self.group()?,
                    '{' if !self.extended && at_start => Node::Char('{'),
                    '1'..='9' => {
                        return Err("back-references (\\1 in a pattern) are not supported by layerlab's regex engine"
                            .to_string())
                    }
                    'n' => Node::Char('\n'),
                    't' => Node::Char('\t'),
                    'w' | 'W' | 's' | 'S' => {
                        let named = if e.eq_ignore_ascii_case(&'w') { vec![Named::Alnum] } else { vec![Named::Space] };
                        let chars = if e.eq_ignore_ascii_case(&'w') { vec!['_'] } else { Vec::new() };
                        self.classes.push(Class { negated: e.is_uppercase(), chars, ranges: Vec::new(), named });
                        Node::Class(self.classes.len() - 1)
                    }
                    'b' => Node::Assert(Assertion::WordBoundary),
                    'B' => Node::Assert(Assertion::NotWordBoundary),
                    '<' => Node::Assert(Assertion::WordStart),
                    '>' => Node::Assert(Assertion::WordEnd),
                    '`' => Node::Assert(Assertion::Start),
                    '\'' => Node::Assert(Assertion::End),
                    other => Node::Char(other),
                }
            }
            other => Node::Char(other),
        })
    }

    fn group(&mut self) -> Result<Node, String> {
        self.groups += 1;
        let index = self.groups;
        let inner = self.alt()?;
        let closed = if self.extended {
            self.peek() == Some(')')
        } else {
            self.peek() == Some('\\') && self.peek2() == Some(')')
        };
        if !closed {
            return Err("Unmatched ( or \\(".to_string());
        }
        self.pos += if self.extended { 1 } else { 2 };
        Ok(Node::Group(Box::new(inner), index))
    }

    fn class(&mut self) -> Result<usize, String> {
        let unmatched = || "Unmatched [, [^, [:, [., or [=".to_string();
        let mut class = Class { negated: false, chars: Vec::new(), ranges: Vec::new(), named: Vec::new() };
        if self.peek() == Some('^') {
            class.negated = true;
            self.pos += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else { return Err(unmatched()) };
            if c == ']' && !first {
                self.pos += 1;
                break;
            }
            first = false;
            if c == '[' && matches!(self.peek2(), Some(':' | '=' | '.')) {
                let kind = self.peek2().unwrap_or(':');
                let rest = &self.chars[self.pos + 2..];
                let Some(end) = rest.windows(2).position(|w| w[0] == kind && w[1] == ']') else {
                    return Err(unmatched());
                };
                let name: String = rest[..end].iter().collect();
                self.pos += 2 + end + 2;
                match kind {
                    ':' => match Named::from_name(&name) {
                        Some(named) => class.named.push(named),
                        None => return Err("Invalid character class name".to_string()),
                    },
                    _ => class.chars.extend(name.chars()),
                }
                continue;
            }
            self.pos += 1;
            let lo = if c == '\\' {
                match self.peek() {
                    Some('n') => {
                        self.pos += 1;
                        '\n'
                    }
                    Some('t') => {
                        self.pos += 1;
                        '\t'
                    }
                    Some('\\') => {
                        self.pos += 1;
                        '\\'
                    }
                    Some(']') => {
                        self.pos += 1;
                        ']'
                    }
                    _ => '\\',
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.peek2().is_some_and(|n| n != ']') {
                self.pos += 1;
                let hi = self.peek().ok_or_else(unmatched)?;
                self.pos += 1;
                if hi < lo {
                    return Err("Invalid range end".to_string());
                }
                class.ranges.push((lo, hi));
            } else {
                class.chars.push(lo);
            }
        }
        self.classes.push(class);
        Ok(self.classes.len() - 1)
    }
}

struct Compiler {
    prog: Vec<Inst>,
}

impl Compiler {
    fn emit(&mut self, inst: Inst) -> Result<usize, String> {
        if self.prog.len() >= MAX_PROGRAM {
            return Err("Regular expression too big".to_string());
        }
        self.prog.push(inst);
        Ok(self.prog.len() - 1)
    }

    fn compile(&mut self, node: &Node, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH * 2 {
            return Err("Regular expression too big".to_string());
        }
        match node {
            Node::Empty => {}
            Node::Char(c) => {
                self.emit(Inst::Char(*c))?;
            }
            Node::Any => {
                self.emit(Inst::Any)?;
            }
            Node::Class(i) => {
                self.emit(Inst::Class(*i))?;
            }
            Node::Assert(a) => {
                self.emit(Inst::Assert(*a))?;
            }
            Node::Group(inner, index) => {
                self.emit(Inst::Save(index * 2))?;
                self.compile(inner, depth + 1)?;
                self.emit(Inst::Save(index * 2 + 1))?;
            }
            Node::Concat(items) => {
                for item in items {
                    self.compile(item, depth + 1)?;
                }
            }
            Node::Alt(branches) => {
                let mut jumps = Vec::new();
                for (i, branch) in branches.iter().enumerate() {
                    if i + 1 < branches.len() {
                        let split = self.emit(Inst::Split(0, 0))?;
                        self.compile(branch, depth + 1)?;
                        jumps.push(self.emit(Inst::Jmp(0))?);
                        let next = self.prog.len();
                        self.prog[split] = Inst::Split(split + 1, next);
                    } else {
                        self.compile(branch, depth + 1)?;
                    }
                }
                let end = self.prog.len();
                for j in jumps {
                    self.prog[j] = Inst::Jmp(end);
                }
            }
            Node::Repeat(inner, min, max) => {
                for _ in 0..*min {
                    self.compile(inner, depth + 1)?;
                }
                match max {
                    None => {
                        let split = self.emit(Inst::Split(0, 0))?;
                        self.compile(inner, depth + 1)?;
                        self.emit(Inst::Jmp(split))?;
                        let end = self.prog.len();
                        self.prog[split] = Inst::Split(split + 1, end);
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.emit(Inst::Split(0, 0))?);
                            self.compile(inner, depth + 1)?;
                        }
                        let end = self.prog.len();
                        for s in splits {
                            self.prog[s] = Inst::Split(s + 1, end);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// A thread list: program counters in priority order, each with its capture slots.
struct Threads {
    pcs: Vec<usize>,
    caps: Vec<Vec<usize>>,
    seen: Vec<bool>,
    visited: Vec<usize>,
}

impl Threads {
    fn new(n: usize) -> Threads {
        Threads { pcs: Vec::new(), caps: Vec::new(), seen: vec![false; n], visited: Vec::new() }
    }

    fn clear(&mut self) {
        for &pc in &self.visited {
            self.seen[pc] = false;
        }
        self.visited.clear();
        self.pcs.clear();
        self.caps.clear();
    }
}

const UNSET: usize = usize::MAX;

impl Regex {
    /// Compiles `pattern` (ERE when `extended`, else BRE); `icase` folds case.
    pub fn new(pattern: &str, extended: bool, icase: bool) -> Result<Regex, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut parser = Parser { chars: &chars, pos: 0, extended, groups: 0, classes: Vec::new(), depth: 0 };
        let node = parser.alt()?;
        if parser.pos < chars.len() {
            return Err("Unmatched ) or \\)".to_string());
        }
        let mut compiler = Compiler { prog: Vec::new() };
        compiler.emit(Inst::Save(0))?;
        compiler.compile(&node, 0)?;
        compiler.emit(Inst::Save(1))?;
        compiler.emit(Inst::Match)?;
        Ok(Regex { prog: compiler.prog, classes: parser.classes, groups: parser.groups, icase })
    }

    /// Number of capturing groups.
    pub fn groups(&self) -> usize {
        self.groups
    }

    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        self.find_at(&chars, 0).is_some()
    }

    fn class_has(&self, k: usize, c: char) -> bool {
        self.classes.get(k).is_some_and(|class| class.contains(c, self.icase))
    }

    fn char_eq(&self, pattern: char, c: char) -> bool {
        pattern == c || (self.icase && pattern.to_lowercase().eq(c.to_lowercase()))
    }

    fn assertion(a: Assertion, text: &[char], pos: usize) -> bool {
        let before = pos.checked_sub(1).and_then(|i| text.get(i)).is_some_and(|&c| is_word(c));
        let after = text.get(pos).is_some_and(|&c| is_word(c));
        match a {
            Assertion::Start => pos == 0,
            Assertion::End => pos == text.len(),
            Assertion::WordBoundary => before != after,
            Assertion::NotWordBoundary => before == after,
            Assertion::WordStart => !before && after,
            Assertion::WordEnd => before && !after,
        }
    }

    fn add(&self, list: &mut Threads, pc: usize, caps: Vec<usize>, pos: usize, text: &[char]) {
        let mut stack = vec![(pc, caps)];
        while let Some((pc, mut caps)) = stack.pop() {
            if pc >= self.prog.len() || list.seen[pc] {
                continue;
            }
            list.seen[pc] = true;
            list.visited.push(pc);
            match self.prog[pc] {
                Inst::Jmp(to) => stack.push((to, caps)),
                Inst::Split(a, b) => {
                    stack.push((b, caps.clone()));
                    stack.push((a, caps));
                }
                Inst::Save(slot) => {
                    if let Some(s) = caps.get_mut(slot) {
                        *s = pos;
                    }
                    stack.push((pc + 1, caps));
                }
                Inst::Assert(a) => {
                    if Regex::assertion(a, text, pos) {
                        stack.push((pc + 1, caps));
                    }
                }
                _ => {
                    list.pcs.push(pc);
                    list.caps.push(caps);
                }
            }
        }
    }

    /// The leftmost-longest match starting at or after `start` (char indexes into `text`).
    pub fn find_at(&self, text: &[char], start: usize) -> Option<Captures> {
        let slots = (self.groups + 1) * 2;
        let n = self.prog.len();
        let mut clist = Threads::new(n);
        let mut nlist = Threads::new(n);
        let mut best: Option<Vec<usize>> = None;
        let mut pos = start;
        loop {
            if best.is_none() && pos <= text.len() {
                self.add(&mut clist, 0, vec![UNSET; slots], pos, text);
            }
            if clist.pcs.is_empty() {
                if best.is_some() || pos >= text.len() {
                    break;
                }
                clist.clear();
                pos += 1;
                continue;
            }
            let best_start = best.as_ref().map(|b| b[0]);
            for i in 0..clist.pcs.len() {
                let pc = clist.pcs[i];
                let caps = &clist.caps[i];
                if best_start.is_some_and(|bs| caps[0] > bs) {
                    continue;
                }
                match self.prog[pc] {
                    Inst::Match => {
                        let better = match &best {
                            None => true,
                            Some(b) => caps[0] < b[0] || (caps[0] == b[0] && caps[1] > b[1]),
                        };
                        if better {
                            best = Some(caps.clone());
                        }
                    }
                    Inst::Char(p) if text.get(pos).is_some_and(|&c| self.char_eq(p, c)) => {
                        let caps = clist.caps[i].clone();
                        self.add(&mut nlist, pc + 1, caps, pos + 1, text);
                    }
                    Inst::Any if pos < text.len() => {
                        let caps = clist.caps[i].clone();
                        self.add(&mut nlist, pc + 1, caps, pos + 1, text);
                    }
                    Inst::Class(k) if text.get(pos).is_some_and(|&c| self.class_has(k, c)) => {
                        let caps = clist.caps[i].clone();
                        self.add(&mut nlist, pc + 1, caps, pos + 1, text);
                    }
                    _ => {}
                }
            }
            clist.clear();
            std::mem::swap(&mut clist, &mut nlist);
            if pos >= text.len() {
                break;
            }
            pos += 1;
        }
        best.map(|caps| {
            (0..=self.groups)
                .map(|g| {
                    let (s, e) = (caps[g * 2], caps[g * 2 + 1]);
                    (s != UNSET && e != UNSET && s <= e).then_some((s, e))
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(re: &str, ext: bool, text: &str) -> Option<(usize, usize)> {
        let chars: Vec<char> = text.chars().collect();
        Regex::new(re, ext, false).unwrap().find_at(&chars, 0).and_then(|c| c[0])
    }

    #[test]
    fn basic_and_extended() {
        assert_eq!(find("b*", false, "abbbc"), Some((0, 0)));
        assert_eq!(find("b\\+", false, "abbbc"), Some((1, 4)));
        assert_eq!(find("b+", true, "abbbc"), Some((1, 4)));
        assert_eq!(find("b+", false, "ab+c"), Some((1, 3)));
        assert_eq!(find("^a.c$", false, "abc"), Some((0, 3)));
        assert_eq!(find("a|ab", true, "abc"), Some((0, 2)));
        assert_eq!(find("x\\{2,3\\}", false, "axxxxb"), Some((1, 4)));
        assert_eq!(find("x{2}", true, "axxxxb"), Some((1, 3)));
        assert_eq!(find("[[:digit:]]+", true, "ab123c"), Some((2, 5)));
        assert_eq!(find("[^a-c]", false, "abcd"), Some((3, 4)));
        assert_eq!(find("\\<is\\>", false, "this is"), Some((5, 7)));
        assert_eq!(find("a{", true, "a{"), Some((0, 2)));
        assert_eq!(find("*a", false, "*a"), Some((0, 2)));
        assert_eq!(find("a$b", false, "a$b"), Some((0, 3)));
        assert_eq!(find("(ab)*c", true, "xababc"), Some((1, 6)));
        assert!(find("z", true, "abc").is_none());
    }

    #[test]
    fn captures() {
        let re = Regex::new("\\([a-z]*\\)=\\([0-9]*\\)", false, false).unwrap();
        let chars: Vec<char> = "key=42".chars().collect();
        let caps = re.find_at(&chars, 0).unwrap();
        assert_eq!(caps[1], Some((0, 3)));
        assert_eq!(caps[2], Some((4, 6)));
        let re = Regex::new("(a)|(b)", true, false).unwrap();
        let caps = re.find_at(&['b'], 0).unwrap();
        assert_eq!(caps[1], None);
        assert_eq!(caps[2], Some((0, 1)));
    }

    #[test]
    fn case_folding() {
        let re = Regex::new("hello", false, true).unwrap();
        assert!(re.is_match("Say HELLO"));
        let re = Regex::new("[a-c]x", false, true).unwrap();
        assert!(re.is_match("BX"));
    }

    #[test]
    fn errors() {
        assert!(Regex::new("\\(a", false, false).is_err());
        assert!(Regex::new("(a", true, false).is_err());
        assert!(Regex::new("[a", false, false).is_err());
        assert!(Regex::new("a\\{1", false, false).is_err());
        assert!(Regex::new("a{1,1000}", true, false).is_err());
        assert!(Regex::new("\\(a\\)\\1", false, false).is_err());
        assert!(Regex::new("[z-a]", false, false).is_err());
        assert!(Regex::new(&"(".repeat(1000), true, false).is_err());
        assert!(Regex::new(&"a{255}".repeat(100), true, false).is_err());
    }

    #[test]
    fn pathological_patterns_stay_linear() {
        // (a*)*b and (a|aa)*c explode in a backtracking engine; here they cost program × text.
        let text = "a".repeat(20_000);
        for (re, ext) in [("(a*)*b", true), ("(a|aa)*c", true), ("\\(a*\\)*b", false), ("(a+)+$x", true)] {
            assert!(!Regex::new(re, ext, false).unwrap().is_match(&text), "{re}");
        }
        let re = Regex::new(&format!("{}{}", "a?".repeat(30), "a".repeat(30)), true, false).unwrap();
        assert!(re.is_match(&"a".repeat(30)));
    }
}
