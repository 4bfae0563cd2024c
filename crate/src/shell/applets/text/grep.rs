//! `grep` (also `egrep`, `fgrep`): BRE by default, `-E` extended, `-F` fixed strings; `-i -v -c -n -q -l -L -r/-R
//! -h/-H -s -o -w -x -m -e -f -A/-B/-C`. Exit status 0 when something was selected, 1 when nothing, 2 on errors.

use crate::shell::applets::{lines, Cx};
use crate::shell::interp::R;
use crate::shell::regex::Regex;

/// Escapes a fixed string so the regex engine reads it literally.
fn escape_fixed(s: &str, extended: bool) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        let special = matches!(c, '\\' | '.' | '[' | ']' | '*' | '^' | '$')
            || (extended && matches!(c, '+' | '?' | '(' | ')' | '{' | '}' | '|'));
        if special {
            if c == '[' || c == ']' {
                out.push('[');
                out.push(c);
                out.push(']');
                continue;
            }
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[derive(Default)]
struct Options {
    invert: bool,
    count: bool,
    line_numbers: bool,
    quiet: bool,
    files_with: bool,
    files_without: bool,
    recursive: bool,
    no_names: bool,
    with_names: bool,
    silent: bool,
    only: bool,
    max: Option<usize>,
    after: usize,
    before: usize,
}

struct Matcher {
    regexes: Vec<Regex>,
    match_all: bool,
}

impl Matcher {
    /// The leftmost-longest match among all patterns, starting at `from`.
    fn find(&self, chars: &[char], from: usize) -> Option<(usize, usize)> {
        if self.match_all {
            return Some((from, from));
        }
        let mut best: Option<(usize, usize)> = None;
        for re in &self.regexes {
            if let Some((s, e)) = re.find_at(chars, from).and_then(|c| c[0]) {
                best = match best {
                    Some((bs, be)) if bs < s || (bs == s && be >= e) => Some((bs, be)),
                    _ => Some((s, e)),
                };
            }
        }
        best
    }
}

pub fn grep(cx: &mut Cx) -> R<i32> {
    let name = cx.name();
    let args = cx.args().to_vec();
    let mut extended = name == "egrep";
    let mut fixed = name == "fgrep";
    let mut icase = false;
    let mut word = false;
    let mut whole_line = false;
    let mut patterns: Vec<String> = Vec::new();
    let mut pattern_given = false;
    let mut o = Options::default();
    let mut operands = Vec::new();
    let mut i = 0;
    let mut only_operands = false;
    while let Some(arg) = args.get(i) {
        i += 1;
        if only_operands || !arg.starts_with('-') || arg == "-" {
            operands.push(arg.clone());
            continue;
        }
        if arg == "--" {
            only_operands = true;
            continue;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (key, value) = match long.split_once('=') {
                Some((k, v)) => (k, Some(v.to_string())),
                None => (long, None),
            };
            match key {
                "extended-regexp" => extended = true,
                "fixed-strings" => fixed = true,
                "basic-regexp" => extended = false,
                "ignore-case" => icase = true,
                "invert-match" => o.invert = true,
                "count" => o.count = true,
                "line-number" => o.line_numbers = true,
                "quiet" | "silent" => o.quiet = true,
                "files-with-matches" => o.files_with = true,
                "files-without-match" => o.files_without = true,
                "recursive" | "dereference-recursive" => o.recursive = true,
                "no-filename" => o.no_names = true,
                "with-filename" => o.with_names = true,
                "no-messages" => o.silent = true,
                "only-matching" => o.only = true,
                "word-regexp" => word = true,
                "line-regexp" => whole_line = true,
                "color" | "colour" | "binary-files" | "include" | "exclude" | "exclude-dir" | "null" => {}
                "regexp" => {
                    let v = match value {
                        Some(v) => v,
                        None => {
                            i += 1;
                            args.get(i - 1).cloned().unwrap_or_default()
                        }
                    };
                    patterns.extend(v.split('\n').map(str::to_string));
                    pattern_given = true;
                }
                "max-count" => o.max = value.and_then(|v| v.parse().ok()),
                _ => {
                    cx.warn(&format!("unrecognized option '--{key}'"))?;
                    return Ok(2);
                }
            }
            continue;
        }
        let chars: Vec<char> = arg[1..].chars().collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            j += 1;
            let value = |j: &mut usize, i: &mut usize| -> Option<String> {
                if *j < chars.len() {
                    let v: String = chars[*j..].iter().collect();
                    *j = chars.len();
                    Some(v)
                } else {
                    *i += 1;
                    args.get(*i - 1).cloned()
                }
            };
            match c {
                'E' => extended = true,
                'F' => fixed = true,
                'G' => extended = false,
                'i' | 'y' => icase = true,
                'v' => o.invert = true,
                'c' => o.count = true,
                'n' => o.line_numbers = true,
                'q' => o.quiet = true,
                'l' => o.files_with = true,
                'L' => o.files_without = true,
                'r' | 'R' => o.recursive = true,
                'h' => o.no_names = true,
                'H' => o.with_names = true,
                's' => o.silent = true,
                'o' => o.only = true,
                'w' => word = true,
                'x' => whole_line = true,
                'a' | 'I' | 'U' | 'z' | 'b' => {}
                'e' => {
                    let Some(v) = value(&mut j, &mut i) else { return missing(cx, 'e') };
                    patterns.extend(v.split('\n').map(str::to_string));
                    pattern_given = true;
                }
                'f' => {
                    let Some(v) = value(&mut j, &mut i) else { return missing(cx, 'f') };
                    match cx.read_input(&v) {
                        Ok(d) => patterns.extend(lines(&d)),
                        Err(e) => {
                            cx.warn(&format!("{v}: {e}"))?;
                            return Ok(2);
                        }
                    }
                    pattern_given = true;
                }
                'm' | 'A' | 'B' | 'C' => {
                    let Some(v) = value(&mut j, &mut i) else { return missing(cx, c) };
                    let Ok(n) = v.parse::<usize>() else {
                        cx.warn(&format!(
                            "invalid {} argument",
                            if c == 'm' { "max count" } else { "context length" }
                        ))?;
                        return Ok(2);
                    };
                    match c {
                        'm' => o.max = Some(n),
                        'A' => o.after = n,
                        'B' => o.before = n,
                        _ => {
                            o.after = n;
                            o.before = n;
                        }
                    }
                }
                d if d.is_ascii_digit() => {
                    let mut n = d.to_digit(10).unwrap_or(0) as usize;
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        n = n * 10 + chars[j].to_digit(10).unwrap_or(0) as usize;
                        j += 1;
                    }
                    o.after = n;
                    o.before = n;
                }
                other => {
                    cx.warn(&format!("invalid option -- '{other}'"))?;
                    cx.errs(&format!("Usage: {name} [OPTION]... PATTERNS [FILE]...\n"))?;
                    return Ok(2);
                }
            }
        }
    }
    if !pattern_given {
        if operands.is_empty() {
            cx.errs(&format!(
                "Usage: {name} [OPTION]... PATTERNS [FILE]...\nTry '{name} --help' for more information.\n"
            ))?;
            return Ok(2);
        }
        patterns.extend(operands.remove(0).split('\n').map(str::to_string));
    }
    let mut regexes = Vec::new();
    let mut match_all = false;
    for p in &patterns {
        let mut body = if fixed { escape_fixed(p, extended) } else { p.clone() };
        if body.is_empty() && !word && !whole_line {
            match_all = true;
            continue;
        }
        if whole_line {
            body = if extended { format!("^({body})$") } else { format!("^\\({body}\\)$") };
        } else if word {
            body = if extended { format!("\\<({body})\\>") } else { format!("\\<\\({body}\\)\\>") };
        }
        match Regex::new(&body, extended, icase) {
            Ok(re) => regexes.push(re),
            Err(e) => {
                cx.warn(&e)?;
                return Ok(2);
            }
        }
    }
    let matcher = Matcher { regexes, match_all };
    if operands.is_empty() {
        operands.push(if o.recursive { ".".to_string() } else { "-".to_string() });
    }
    // Expand directories for -r into files (sorted, depth first).
    let mut files: Vec<String> = Vec::new();
    let mut status = 1;
    let mut errors = false;
    for operand in &operands {
        let path = cx.abs(operand);
        let is_dir = operand != "-" && cx.sys.stat(&path).is_ok_and(|s| s.is_dir());
        if is_dir {
            if !o.recursive {
                if !o.silent {
                    cx.warn(&format!("{operand}: Is a directory"))?;
                }
                errors = true;
                continue;
            }
            let mut stack = vec![(path, operand.trim_end_matches('/').to_string())];
            while let Some((abs, shown)) = stack.pop() {
                cx.step()?;
                let Ok(entries) = cx.sys.read_dir(&abs) else { continue };
                let mut subdirs = Vec::new();
                for entry in entries {
                    let child_abs = format!("{}/{}", abs.trim_end_matches('/'), entry.name);
                    let child_shown =
                        if shown.is_empty() { entry.name.clone() } else { format!("{shown}/{}", entry.name) };
                    if entry.stat.is_dir() {
                        subdirs.push((child_abs, child_shown));
                    } else if entry.stat.is_file() {
                        files.push(child_shown);
                    }
                }
                subdirs.reverse();
                stack.extend(subdirs);
            }
        } else {
            files.push(operand.clone());
        }
    }
    let show_names = !o.no_names && (o.with_names || files.len() > 1 || o.recursive);
    let mut out = String::new();
    for file in &files {
        cx.step()?;
        let data = match cx.read_input(file) {
            Ok(d) => d,
            Err(e) => {
                if !o.silent {
                    cx.outs(&std::mem::take(&mut out))?;
                    cx.warn(&format!("{file}: {e}"))?;
                }
                errors = true;
                continue;
            }
        };
        let shown = if file == "-" { "(standard input)".to_string() } else { file.clone() };
        let binary = data.contains(&0);
        let all = lines(&data);
        let mut selected_count = 0usize;
        let mut last_printed: Option<usize> = None;
        let mut after_left = 0usize;
        for (n, line) in all.iter().enumerate() {
            let chars: Vec<char> = line.chars().collect();
            let hit = matcher.find(&chars, 0).is_some();
            if hit != o.invert {
                selected_count += 1;
                if o.quiet {
                    cx.outs(&out)?;
                    return Ok(0);
                }
                if o.files_with || o.files_without || o.count {
                    if o.max.is_some_and(|m| selected_count >= m) {
                        break;
                    }
                    continue;
                }
                if binary {
                    continue;
                }
                // Context before.
                let from = n.saturating_sub(o.before);
                let first_ctx = last_printed.map_or(from, |p| from.max(p + 1));
                if (o.before > 0 || o.after > 0) && last_printed.is_some_and(|p| first_ctx > p + 1) {
                    out.push_str("--\n");
                }
                for (k, ctx_line) in all.iter().enumerate().take(n).skip(first_ctx) {
                    push_line(&mut out, show_names, &shown, o.line_numbers, k + 1, '-', ctx_line);
                }
                if o.only {
                    if !o.invert {
                        let mut pos = 0;
                        while let Some((s, e)) = matcher.find(&chars, pos) {
                            if e > s {
                                let piece: String = chars[s..e].iter().collect();
                                push_line(&mut out, show_names, &shown, o.line_numbers, n + 1, ':', &piece);
                                pos = e;
                            } else {
                                pos = s + 1;
                            }
                            if pos > chars.len() {
                                break;
                            }
                        }
                    }
                } else {
                    push_line(&mut out, show_names, &shown, o.line_numbers, n + 1, ':', line);
                }
                last_printed = Some(n);
                after_left = o.after;
                if o.max.is_some_and(|m| selected_count >= m) {
                    // Trailing context still follows the last match.
                    for (k, ctx_line) in all.iter().enumerate().skip(n + 1).take(o.after) {
                        push_line(&mut out, show_names, &shown, o.line_numbers, k + 1, '-', ctx_line);
                    }
                    break;
                }
            } else if after_left > 0 && !binary && !o.count && !o.files_with && !o.files_without {
                after_left -= 1;
                push_line(&mut out, show_names, &shown, o.line_numbers, n + 1, '-', line);
                last_printed = Some(n);
            }
            if out.len() > 1 << 16 {
                cx.outs(&std::mem::take(&mut out))?;
            }
        }
        if selected_count > 0 {
            status = 0;
        }
        if o.count {
            if show_names {
                out.push_str(&format!("{shown}:{selected_count}\n"));
            } else {
                out.push_str(&format!("{selected_count}\n"));
            }
        } else if o.files_with {
            if selected_count > 0 {
                out.push_str(&format!("{shown}\n"));
            }
        } else if o.files_without {
            if selected_count == 0 {
                out.push_str(&format!("{shown}\n"));
            }
        } else if binary && selected_count > 0 {
            out.push_str(&format!("Binary file {shown} matches\n"));
        }
    }
    cx.outs(&out)?;
    if o.files_without {
        // -L succeeds when a file was listed (GNU grep 3.5+).
        return Ok(if errors && !o.quiet {
            2
        } else if out.is_empty() {
            1
        } else {
            0
        });
    }
    if errors && !(o.quiet && status == 0) {
        return Ok(2);
    }
    Ok(status)
}

fn missing(cx: &mut Cx, c: char) -> R<i32> {
    cx.warn(&format!("option requires an argument -- '{c}'"))?;
    Ok(2)
}

fn push_line(out: &mut String, names: bool, file: &str, numbers: bool, n: usize, sep: char, line: &str) {
    if names {
        out.push_str(file);
        out.push(sep);
    }
    if numbers {
        out.push_str(&n.to_string());
        out.push(sep);
    }
    out.push_str(line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_strings_are_literal() {
        let re = Regex::new(&escape_fixed("a.b[c]*", false), false, false).unwrap();
        assert!(re.is_match("xa.b[c]*y"));
        assert!(!re.is_match("axb[c]"));
        let re = Regex::new(&escape_fixed("(x|y)+", true), true, false).unwrap();
        assert!(re.is_match("(x|y)+"));
        assert!(!re.is_match("xx"));
    }
}
