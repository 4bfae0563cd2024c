//! Text filters: `head`, `tail`, `wc`, `tee`, `sort`, `uniq`, `cut` and `tr` here; `sed` and `grep`, which need the
//! regular-expression engine, in their own files.

pub mod grep;
pub mod sed;

use super::{lines, parse_or_fail, Cx};
use crate::shell::interp::R;
use std::cmp::Ordering;

/// `-5` (and `+5` for tail) as `-n 5`: the historical forms head and tail still accept.
fn legacy_count(args: &[String], plus_ok: bool) -> Vec<String> {
    let mut out = Vec::with_capacity(args.len());
    for (i, arg) in args.iter().enumerate() {
        let after_option = i > 0 && matches!(args[i - 1].as_str(), "-n" | "-c" | "--lines" | "--bytes");
        let digits = if after_option {
            None
        } else {
            arg.strip_prefix('-').or_else(|| if plus_ok && i == 0 { arg.strip_prefix('+') } else { None })
        };
        match digits {
            Some(d) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) => {
                out.push("-n".to_string());
                out.push(if arg.starts_with('+') { format!("+{d}") } else { d.to_string() });
            }
            _ => out.push(arg.clone()),
        }
    }
    out
}

/// A count with an optional sign and a size suffix (`10`, `+3`, `-2`, `1k`).
fn parse_count(s: &str) -> Option<(char, u64)> {
    let (sign, digits) = match s.chars().next() {
        Some(c @ ('+' | '-')) => (c, &s[1..]),
        _ => (' ', s),
    };
    let (number, multiplier) = match digits.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        None => (digits, 1u64),
        Some((i, _)) => {
            let m = match &digits[i..] {
                "b" => 512,
                "k" | "K" | "KiB" => 1024,
                "kB" => 1000,
                "M" | "MiB" => 1 << 20,
                "MB" => 1_000_000,
                "G" | "GiB" => 1 << 30,
                _ => return None,
            };
            (&digits[..i], m)
        }
    };
    Some((sign, number.parse::<u64>().ok()?.saturating_mul(multiplier)))
}

fn with_args(cx: &mut Cx, args: Vec<String>, spec: &str, longs: &[(&str, char)]) -> R<Result<super::Parsed, i32>> {
    match super::getopt(&args, spec, longs) {
        Ok(p) => Ok(Ok(p)),
        Err(message) => {
            cx.warn(&message)?;
            Ok(Err(1))
        }
    }
}

pub fn head(cx: &mut Cx) -> R<i32> {
    let args = legacy_count(cx.args(), false);
    let opts = match with_args(cx, args, "n:c:qv", &[("lines=", 'n'), ("bytes=", 'c'), ("quiet", 'q')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let files = if opts.operands.is_empty() { vec!["-".to_string()] } else { opts.operands.clone() };
    let (by_bytes, spec) = match (opts.value('c'), opts.value('n')) {
        (Some(c), _) => (true, c.to_string()),
        (None, Some(n)) => (false, n.to_string()),
        (None, None) => (false, "10".to_string()),
    };
    let Some((sign, count)) = parse_count(&spec) else {
        return cx.fail(&format!("invalid number of {}: '{spec}'", if by_bytes { "bytes" } else { "lines" }));
    };
    let headers = (files.len() > 1 && !opts.has('q')) || opts.has('v');
    let mut status = 0;
    for (i, file) in files.iter().enumerate() {
        let data = match cx.read_input(file) {
            Ok(d) => d,
            Err(e) => {
                cx.warn(&format!("cannot open '{file}' for reading: {e}"))?;
                status = 1;
                continue;
            }
        };
        if headers {
            let name = if file == "-" { "standard input" } else { file };
            cx.outs(&format!("{}==> {name} <==\n", if i > 0 { "\n" } else { "" }))?;
        }
        let count = usize::try_from(count).unwrap_or(usize::MAX);
        let end = if by_bytes {
            if sign == '-' {
                data.len().saturating_sub(count)
            } else {
                count.min(data.len())
            }
        } else {
            let ends: Vec<usize> = data.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1).collect();
            if sign == '-' {
                let total = ends.len() + usize::from(!data.is_empty() && !data.ends_with(b"\n"));
                let keep = total.saturating_sub(count);
                if keep == 0 {
                    0
                } else {
                    ends.get(keep - 1).copied().unwrap_or(data.len())
                }
            } else if count == 0 {
                0
            } else {
                ends.get(count - 1).copied().unwrap_or(data.len())
            }
        };
        cx.out(&data[..end])?;
    }
    Ok(status)
}

pub fn tail(cx: &mut Cx) -> R<i32> {
    let args = legacy_count(cx.args(), true);
    let opts = match with_args(
        cx,
        args,
        "n:c:qvfFs:",
        &[("lines=", 'n'), ("bytes=", 'c'), ("follow", 'f'), ("quiet", 'q')],
    )? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let files = if opts.operands.is_empty() { vec!["-".to_string()] } else { opts.operands.clone() };
    let (by_bytes, spec) = match (opts.value('c'), opts.value('n')) {
        (Some(c), _) => (true, c.to_string()),
        (None, Some(n)) => (false, n.to_string()),
        (None, None) => (false, "10".to_string()),
    };
    let Some((sign, count)) = parse_count(&spec) else {
        return cx.fail(&format!("invalid number of {}: '{spec}'", if by_bytes { "bytes" } else { "lines" }));
    };
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    let headers = (files.len() > 1 && !opts.has('q')) || opts.has('v');
    let mut status = 0;
    let mut followed = opts.has('F');
    for (i, file) in files.iter().enumerate() {
        let data = match cx.read_input(file) {
            Ok(d) => d,
            Err(e) => {
                cx.warn(&format!("cannot open '{file}' for reading: {e}"))?;
                status = 1;
                continue;
            }
        };
        if headers {
            let name = if file == "-" { "standard input" } else { file };
            cx.outs(&format!("{}==> {name} <==\n", if i > 0 { "\n" } else { "" }))?;
        }
        let start = if by_bytes {
            if sign == '+' {
                count.saturating_sub(1).min(data.len())
            } else {
                data.len().saturating_sub(count)
            }
        } else {
            let mut starts: Vec<usize> = vec![0];
            for (i, &b) in data.iter().enumerate() {
                if b == b'\n' && i + 1 < data.len() {
                    starts.push(i + 1);
                }
            }
            if data.is_empty() {
                starts.clear();
            }
            if sign == '+' {
                starts.get(count.saturating_sub(1)).copied().unwrap_or(data.len())
            } else if count == 0 {
                data.len()
            } else {
                starts.get(starts.len().saturating_sub(count)).copied().unwrap_or(0)
            }
        };
        cx.out(&data[start..])?;
        followed |= file != "-";
    }
    if followed && (opts.has('f') || opts.has('F')) {
        // It follows the files for good (a pipe is not followed): a container's main process waits here.
        cx.sh.follow_forever(crate::shell::WaitKind::Follow)?;
    }
    Ok(status)
}

pub fn wc(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(cx, "lwcmL", &[("lines", 'l'), ("words", 'w'), ("bytes", 'c'), ("chars", 'm')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let mut which: Vec<char> = ['l', 'w', 'm', 'c', 'L'].into_iter().filter(|c| opts.has(*c)).collect();
    if which.is_empty() {
        which = vec!['l', 'w', 'c'];
    }
    let files = if opts.operands.is_empty() { vec!["-".to_string()] } else { opts.operands.clone() };
    let mut rows: Vec<(Vec<u64>, Option<String>)> = Vec::new();
    let mut totals = vec![0u64; which.len()];
    let mut status = 0;
    for file in &files {
        let data = match cx.read_input(file) {
            Ok(d) => d,
            Err(e) => {
                cx.warn(&format!("{file}: {e}"))?;
                status = 1;
                continue;
            }
        };
        let text = String::from_utf8_lossy(&data);
        let counts: Vec<u64> = which
            .iter()
            .map(|c| match c {
                'l' => data.iter().filter(|&&b| b == b'\n').count() as u64,
                'w' => text.split_whitespace().count() as u64,
                'm' => text.chars().count() as u64,
                'c' => data.len() as u64,
                _ => text.lines().map(|l| l.chars().count() as u64).max().unwrap_or(0),
            })
            .collect();
        for (t, c) in totals.iter_mut().zip(&counts) {
            *t += c;
        }
        rows.push((counts, (file != "-" || !opts.operands.is_empty()).then(|| file.clone())));
    }
    if files.len() > 1 {
        rows.push((totals, Some("total".to_string())));
    }
    let single = which.len() == 1 && rows.len() == 1;
    let width = if single {
        0
    } else if opts.operands.is_empty() {
        7
    } else {
        rows.iter().flat_map(|(c, _)| c.iter()).map(|n| n.to_string().len()).max().unwrap_or(1)
    };
    let mut out = String::new();
    for (counts, name) in rows {
        let cols: Vec<String> = counts.iter().map(|n| format!("{n:>width$}")).collect();
        out.push_str(&cols.join(" "));
        if let Some(name) = name {
            out.push(' ');
            out.push_str(&name);
        }
        out.push('\n');
    }
    cx.outs(&out)?;
    Ok(status)
}

pub fn tee(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(cx, "aip", &[("append", 'a'), ("ignore-interrupts", 'i')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let data = cx.stdin();
    let mut status = 0;
    for file in &opts.operands {
        if let Err(e) = cx.write_file(file, &data, 0o666, opts.has('a'))? {
            cx.warn(&format!("{file}: {e}"))?;
            status = 1;
        }
    }
    cx.out(&data)?;
    Ok(status)
}

#[derive(Clone)]
struct SortKey {
    start_field: usize,
    start_char: usize,
    end_field: Option<usize>,
    numeric: bool,
    reverse: bool,
    fold: bool,
    blanks: bool,
}

/// `2`, `2,3`, `2.3,2.5n`, `1nr`
fn parse_key(spec: &str, global: &SortKey) -> Option<SortKey> {
    let (start, end) = match spec.split_once(',') {
        Some((s, e)) => (s, Some(e)),
        None => (spec, None),
    };
    let split = |part: &str| -> Option<(usize, usize, String)> {
        let digits_end = part.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(part.len());
        let (pos, flags) = part.split_at(digits_end);
        let (field, ch) = match pos.split_once('.') {
            Some((f, c)) => (f.parse().ok()?, c.parse().ok()?),
            None => (pos.parse().ok()?, 0),
        };
        Some((field, ch, flags.to_string()))
    };
    let (start_field, start_char, mut flags) = split(start)?;
    if start_field == 0 {
        return None;
    }
    let end_field = match end {
        Some(e) => {
            let (f, _, more) = split(e)?;
            flags.push_str(&more);
            Some(f)
        }
        None => None,
    };
    let mut key = SortKey { start_field, start_char, end_field, ..global.clone() };
    if !flags.is_empty() {
        key.numeric = flags.contains('n') || flags.contains('g') || flags.contains('h');
        key.reverse = flags.contains('r');
        key.fold = flags.contains('f');
        key.blanks = flags.contains('b');
    }
    Some(key)
}

fn fields_of(line: &str, sep: Option<char>) -> Vec<&str> {
    match sep {
        Some(c) => line.split(c).collect(),
        None => {
            // Blank-separated fields keep their leading blanks, as sort does.
            let mut fields = Vec::new();
            let bytes = line.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let start = i;
                while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                    i += 1;
                }
                while i < bytes.len() && bytes[i] != b' ' && bytes[i] != b'\t' {
                    i += 1;
                }
                fields.push(&line[start..i]);
            }
            fields
        }
    }
}

fn key_text(line: &str, key: &SortKey, sep: Option<char>) -> String {
    let fields = fields_of(line, sep);
    let start = key.start_field - 1;
    let end = key.end_field.unwrap_or(fields.len()).max(key.start_field);
    let joined = fields
        .get(start..end.min(fields.len()))
        .map(|f| f.join(&sep.map(String::from).unwrap_or_default()))
        .unwrap_or_default();
    let text: String = if key.start_char > 1 { joined.chars().skip(key.start_char - 1).collect() } else { joined };
    if key.blanks || key.numeric {
        text.trim_start().to_string()
    } else {
        text
    }
}

fn numeric_prefix(s: &str) -> f64 {
    let s = s.trim_start();
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')) {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    s[..end].parse().unwrap_or(0.0)
}

fn compare_key(a: &str, b: &str, key: &SortKey) -> Ordering {
    let ord = if key.numeric {
        numeric_prefix(a).partial_cmp(&numeric_prefix(b)).unwrap_or(Ordering::Equal)
    } else if key.fold {
        a.to_uppercase().cmp(&b.to_uppercase())
    } else {
        a.cmp(b)
    };
    if key.reverse {
        ord.reverse()
    } else {
        ord
    }
}

pub fn sort(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(
        cx,
        "rnuk:t:fbo:sghVcmzd",
        &[
            ("reverse", 'r'),
            ("numeric-sort", 'n'),
            ("unique", 'u'),
            ("key=", 'k'),
            ("field-separator=", 't'),
            ("ignore-case", 'f'),
            ("output=", 'o'),
            ("stable", 's'),
            ("version-sort", 'V'),
            ("human-numeric-sort", 'h'),
        ],
    )? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let global = SortKey {
        start_field: 1,
        start_char: 0,
        end_field: None,
        numeric: opts.has('n') || opts.has('g') || opts.has('h'),
        reverse: opts.has('r'),
        fold: opts.has('f'),
        blanks: opts.has('b'),
    };
    let sep = match opts.value('t') {
        Some(t) if t.chars().count() == 1 => t.chars().next(),
        Some("\\t") => Some('\t'),
        Some(t) => return cx.fail(&format!("multi-character tab '{t}'")),
        None => None,
    };
    let mut keys = Vec::new();
    for spec in opts.values('k') {
        match parse_key(spec, &global) {
            Some(k) => keys.push(k),
            None => return cx.fail(&format!("invalid number at field start: invalid count at start of '{spec}'")),
        }
    }
    let files = if opts.operands.is_empty() { vec!["-".to_string()] } else { opts.operands.clone() };
    let mut all = Vec::new();
    for file in &files {
        match cx.read_input(file) {
            Ok(d) => all.extend(lines(&d)),
            Err(e) => {
                cx.warn(&format!("cannot read: {file}: {e}"))?;
                return Ok(2);
            }
        }
    }
    let compare = |a: &String, b: &String| -> Ordering {
        if keys.is_empty() {
            let (ka, kb) = if global.blanks || global.numeric {
                (a.trim_start(), b.trim_start())
            } else {
                (a.as_str(), b.as_str())
            };
            let ord = compare_key(ka, kb, &global);
            if ord != Ordering::Equal || opts.has('s') || opts.has('u') {
                return ord;
            }
        } else {
            for key in &keys {
                let ord = compare_key(&key_text(a, key, sep), &key_text(b, key, sep), key);
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            if opts.has('s') || opts.has('u') {
                return Ordering::Equal;
            }
        }
        // Last resort: the whole line, byte by byte (reversed with -r).
        let ord = a.cmp(b);
        if global.reverse {
            ord.reverse()
        } else {
            ord
        }
    };
    all.sort_by(compare);
    if opts.has('u') {
        all.dedup_by(|a, b| compare(a, b) == Ordering::Equal);
    }
    let mut out = String::with_capacity(all.iter().map(|l| l.len() + 1).sum());
    for line in &all {
        out.push_str(line);
        out.push('\n');
    }
    match opts.value('o') {
        Some(file) => {
            let file = file.to_string();
            if let Err(e) = cx.write_file(&file, out.as_bytes(), 0o666, false)? {
                return cx.fail(&format!("open failed: {file}: {e}"));
            }
        }
        None => cx.outs(&out)?,
    }
    Ok(0)
}

pub fn uniq(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(
        cx,
        "cduif:s:w:",
        &[("count", 'c'), ("repeated", 'd'), ("unique", 'u'), ("ignore-case", 'i'), ("skip-fields=", 'f')],
    )? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let input = opts.operands.first().cloned().unwrap_or_else(|| "-".to_string());
    let data = match cx.read_input(&input) {
        Ok(d) => d,
        Err(e) => return cx.fail(&format!("{input}: {e}")),
    };
    let skip_fields: usize = opts.value('f').and_then(|v| v.parse().ok()).unwrap_or(0);
    let skip_chars: usize = opts.value('s').and_then(|v| v.parse().ok()).unwrap_or(0);
    let width: Option<usize> = opts.value('w').and_then(|v| v.parse().ok());
    let key = |line: &str| -> String {
        let mut rest = line;
        for _ in 0..skip_fields {
            rest = rest.trim_start_matches([' ', '\t']);
            rest = rest.trim_start_matches(|c| c != ' ' && c != '\t');
        }
        let mut k: String = rest.chars().skip(skip_chars).collect();
        if let Some(w) = width {
            k = k.chars().take(w).collect();
        }
        if opts.has('i') {
            k.to_lowercase()
        } else {
            k
        }
    };
    let all = lines(&data);
    let mut out = String::new();
    let mut i = 0;
    while i < all.len() {
        let k = key(&all[i]);
        let mut j = i + 1;
        while j < all.len() && key(&all[j]) == k {
            j += 1;
        }
        let n = j - i;
        let show = (!opts.has('d') || n > 1) && (!opts.has('u') || n == 1);
        if show {
            if opts.has('c') {
                out.push_str(&format!("{n:>7} "));
            }
            out.push_str(&all[i]);
            out.push('\n');
        }
        i = j;
    }
    match opts.operands.get(1) {
        Some(file) => {
            let file = file.clone();
            if let Err(e) = cx.write_file(&file, out.as_bytes(), 0o666, false)? {
                return cx.fail(&format!("{file}: {e}"));
            }
        }
        None => cx.outs(&out)?,
    }
    Ok(0)
}

/// A cut list (`1,3-5,7-`) as ranges of 1-based positions.
fn parse_list(spec: &str) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (
                if a.is_empty() { 1 } else { a.parse().ok()? },
                if b.is_empty() { usize::MAX } else { b.parse().ok()? },
            ),
            None => {
                let n = part.parse().ok()?;
                (n, n)
            }
        };
        if a == 0 || b < a {
            return None;
        }
        out.push((a, b));
    }
    Some(out)
}

pub fn cut(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(
        cx,
        "d:f:c:b:sn",
        &[
            ("delimiter=", 'd'),
            ("fields=", 'f'),
            ("characters=", 'c'),
            ("bytes=", 'b'),
            ("only-delimited", 's'),
            ("complement", 'C'),
            ("output-delimiter=", 'o'),
        ],
    )? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let (mode, spec) = match (opts.value('f'), opts.value('c').or(opts.value('b'))) {
        (Some(f), None) => ('f', f.to_string()),
        (None, Some(c)) => ('c', c.to_string()),
        (Some(_), Some(_)) => return cx.fail("only one type of list may be specified"),
        (None, None) => return cx.fail("you must specify a list of bytes, characters, or fields"),
    };
    let Some(ranges) = parse_list(&spec) else { return cx.fail(&format!("invalid field value '{spec}'")) };
    let delim = match opts.value('d') {
        Some(d) if d.chars().count() == 1 => d.chars().next().unwrap_or('\t'),
        Some("") => return cx.fail("the delimiter must be a single character"),
        Some(_) => return cx.fail("the delimiter must be a single character"),
        None => '\t',
    };
    let out_delim = opts.value('o').map_or_else(|| delim.to_string(), str::to_string);
    let complement = opts.has('C');
    let selected = |i: usize| ranges.iter().any(|&(a, b)| a <= i && i <= b) != complement;
    let files = if opts.operands.is_empty() { vec!["-".to_string()] } else { opts.operands.clone() };
    let mut out = String::new();
    let mut status = 0;
    for file in &files {
        let data = match cx.read_input(file) {
            Ok(d) => d,
            Err(e) => {
                cx.warn(&format!("{file}: {e}"))?;
                status = 1;
                continue;
            }
        };
        for line in lines(&data) {
            if mode == 'c' {
                let picked: String =
                    line.chars().enumerate().filter(|(i, _)| selected(i + 1)).map(|(_, c)| c).collect();
                out.push_str(&picked);
            } else if !line.contains(delim) {
                if opts.has('s') {
                    continue;
                }
                out.push_str(&line);
            } else {
                let picked: Vec<&str> =
                    line.split(delim).enumerate().filter(|(i, _)| selected(i + 1)).map(|(_, f)| f).collect();
                out.push_str(&picked.join(&out_delim));
            }
            out.push('\n');
        }
    }
    cx.outs(&out)?;
    Ok(status)
}

/// Expands a `tr` set (`a-z`, `[:digit:]`, `\n`, `\101`) to its bytes.
fn tr_set(spec: &str) -> Result<Vec<u8>, String> {
    let bytes = spec.as_bytes();
    let mut items: Vec<u8> = Vec::new();
    let mut i = 0;
    let unescape = |i: &mut usize| -> u8 {
        let b = bytes[*i];
        *i += 1;
        if b != b'\\' || *i >= bytes.len() {
            return b;
        }
        let e = bytes[*i];
        *i += 1;
        match e {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'v' => 11,
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                let mut n = 1;
                while n < 3 && *i < bytes.len() && (b'0'..=b'7').contains(&bytes[*i]) {
                    v = v * 8 + u32::from(bytes[*i] - b'0');
                    *i += 1;
                    n += 1;
                }
                (v & 0xff) as u8
            }
            other => other,
        }
    };
    while i < bytes.len() {
        if bytes[i] == b'[' && bytes.get(i + 1) == Some(&b':') {
            if let Some(end) = spec[i + 2..].find(":]") {
                let name = &spec[i + 2..i + 2 + end];
                let named = crate::shell::pattern::Named::from_name(name)
                    .ok_or_else(|| format!("invalid character class '{name}'"))?;
                items.extend((0u8..=127).filter(|&b| named.contains(b as char)));
                i += 2 + end + 2;
                continue;
            }
        }
        let lo = unescape(&mut i);
        if i + 1 < bytes.len() && bytes[i] == b'-' {
            i += 1;
            let hi = unescape(&mut i);
            if hi < lo {
                return Err(format!(
                    "range-endpoints of '{}-{}' are in reverse collating sequence order",
                    lo as char, hi as char
                ));
            }
            items.extend(lo..=hi);
        } else {
            items.push(lo);
        }
    }
    Ok(items)
}

pub fn tr(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(cx, "dscCt", &[("delete", 'd'), ("squeeze-repeats", 's'), ("complement", 'c')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let complement = opts.has('c') || opts.has('C');
    let delete = opts.has('d');
    let squeeze = opts.has('s');
    let Some(first) = opts.operands.first() else { return cx.fail("missing operand") };
    let set1 = match tr_set(first) {
        Ok(s) => s,
        Err(message) => return cx.fail(&message),
    };
    let set2 = match opts.operands.get(1).map(|s| tr_set(s)) {
        Some(Ok(s)) => Some(s),
        Some(Err(message)) => return cx.fail(&message),
        None => None,
    };
    if !delete && !squeeze && set2.is_none() {
        return cx.fail(&format!("missing operand after '{first}'"));
    }
    let mut in_set1 = [false; 256];
    for &b in &set1 {
        in_set1[b as usize] = true;
    }
    if complement {
        for flag in in_set1.iter_mut() {
            *flag = !*flag;
        }
    }
    let mut map: [u8; 256] = std::array::from_fn(|i| i as u8);
    let translating = !delete && set2.as_ref().is_some_and(|s| !s.is_empty());
    if translating {
        let set2 = set2.clone().unwrap_or_default();
        let last = *set2.last().unwrap_or(&0);
        if complement {
            for b in 0..256usize {
                if in_set1[b] {
                    map[b] = last;
                }
            }
        } else {
            for (i, &b) in set1.iter().enumerate() {
                map[b as usize] = *set2.get(i).unwrap_or(&last);
            }
        }
    }
    let squeeze_set: [bool; 256] = {
        let mut s = [false; 256];
        let source: Vec<u8> = if delete || !translating {
            if delete {
                set2.clone().unwrap_or_default()
            } else {
                (0u8..=255).filter(|&b| in_set1[b as usize]).collect()
            }
        } else {
            set2.clone().unwrap_or_default()
        };
        for b in source {
            s[b as usize] = true;
        }
        s
    };
    let data = cx.stdin();
    let mut out = Vec::with_capacity(data.len());
    let mut last: Option<u8> = None;
    for &b in &data {
        if delete && in_set1[b as usize] {
            continue;
        }
        let c = if translating { map[b as usize] } else { b };
        if squeeze && squeeze_set[c as usize] && last == Some(c) {
            continue;
        }
        out.push(c);
        last = Some(c);
    }
    cx.out(&out)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tr_sets() {
        assert_eq!(tr_set("a-e").unwrap(), b"abcde");
        assert_eq!(tr_set("\\n\\t").unwrap(), b"\n\t");
        assert_eq!(tr_set("[:digit:]").unwrap(), b"0123456789");
        assert!(tr_set("z-a").is_err());
    }

    #[test]
    fn cut_lists_and_counts() {
        assert_eq!(parse_list("1,3-4,6-").unwrap(), vec![(1, 1), (3, 4), (6, usize::MAX)]);
        assert!(parse_list("0").is_none());
        assert_eq!(parse_count("+5"), Some(('+', 5)));
        assert_eq!(parse_count("2k"), Some((' ', 2048)));
        assert_eq!(parse_count("x"), None);
    }
}
