//! File applets: `pwd`, `cat`, `ls`, `mkdir`, `rmdir`, `touch`, `cp`, `mv`, `rm`, `ln`, `chmod`, `chown`/`chgrp`,
//! `readlink`/`realpath`, `mktemp` and `find`. Tree walks use explicit stacks (a tree can be deeper than the stack
//! is tall) and count shell steps, so they stay within the run's budget.

use super::users::{group_names, lookup_group, lookup_user, user_names};
use super::{parse_or_fail, Cx};
use crate::shell::interp::R;
use crate::shell::lookup::basename;
use crate::shell::pattern::Pattern;
use crate::shell::system::{ErrorKind, FileStat, FileType, SysError};
use crate::vfs::Fs;
use std::collections::BTreeMap;

pub fn pwd(cx: &mut Cx) -> R<i32> {
    let cwd = cx.cwd();
    cx.outs(&format!("{cwd}\n"))?;
    Ok(0)
}

pub fn cat(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(cx, "nbsEAeuvT", &[("number", 'n'), ("number-nonblank", 'b')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let files = if opts.operands.is_empty() { vec!["-".to_string()] } else { opts.operands.clone() };
    let number = opts.has('n') || opts.has('b');
    let mut line_no = 0usize;
    let mut status = 0;
    let mut last_blank = false;
    for file in &files {
        cx.step()?;
        let data = match cx.read_input(file) {
            Ok(d) => d,
            Err(e) => {
                cx.warn(&format!("{file}: {e}"))?;
                status = 1;
                continue;
            }
        };
        if !number && !opts.has('s') && !opts.has('E') && !opts.has('A') && !opts.has('e') {
            cx.out(&data)?;
            continue;
        }
        let mut out = Vec::with_capacity(data.len() + data.len() / 8);
        for piece in data.split_inclusive(|&b| b == b'\n') {
            let blank = piece == b"\n";
            if opts.has('s') && blank && last_blank {
                continue;
            }
            last_blank = blank;
            if opts.has('n') && !(opts.has('b') && blank) || opts.has('b') && !blank {
                line_no += 1;
                out.extend(format!("{line_no:6}\t").into_bytes());
            }
            if (opts.has('E') || opts.has('A') || opts.has('e')) && piece.ends_with(b"\n") {
                out.extend_from_slice(&piece[..piece.len() - 1]);
                out.extend_from_slice(b"$\n");
            } else {
                out.extend_from_slice(piece);
            }
        }
        cx.out(&out)?;
    }
    Ok(status)
}

/// `drwxr-xr-x` from a stat.
pub fn mode_string(stat: &FileStat) -> String {
    let mut s = String::with_capacity(10);
    s.push(match stat.kind {
        FileType::Dir => 'd',
        FileType::Symlink => 'l',
        FileType::File => '-',
    });
    let m = stat.mode;
    let triple = |shift: u32, special: u32, special_char: char| -> String {
        let bits = (m >> shift) & 7;
        let x = bits & 1 != 0;
        let s = m & special != 0;
        let mut out = String::new();
        out.push(if bits & 4 != 0 { 'r' } else { '-' });
        out.push(if bits & 2 != 0 { 'w' } else { '-' });
        out.push(match (x, s) {
            (true, true) => special_char,
            (false, true) => special_char.to_ascii_uppercase(),
            (true, false) => 'x',
            (false, false) => '-',
        });
        out
    };
    s.push_str(&triple(6, 0o4000, 's'));
    s.push_str(&triple(3, 0o2000, 's'));
    s.push_str(&triple(0, 0o1000, 't'));
    s
}

/// `4.0K`, `12M`, `512` as `ls -h` and `du -h` print sizes.
pub fn human(size: u64) -> String {
    if size < 1024 {
        return size.to_string();
    }
    let units = ['K', 'M', 'G', 'T', 'P'];
    let mut value = size as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value < 10.0 {
        format!("{:.1}{}", (value * 10.0).ceil() / 10.0, units[unit])
    } else {
        format!("{}{}", value.ceil() as u64, units[unit])
    }
}

struct LsOptions {
    long: bool,
    all: bool,
    almost_all: bool,
    recursive: bool,
    human: bool,
    directory: bool,
    numeric: bool,
    reverse: bool,
    by_size: bool,
    classify: bool,
    slash: bool,
}

struct LsEntry {
    name: String,
    path: String,
    stat: FileStat,
}

pub fn ls(cx: &mut Cx) -> R<i32> {
    let parsed = match parse_or_fail(
        cx,
        "laA1RhdnrtSFpCxgoiQUcuLH",
        &[("all", 'a'), ("almost-all", 'A'), ("recursive", 'R'), ("human-readable", 'h'), ("directory", 'd')],
    )? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let opts = LsOptions {
        long: parsed.has('l') || parsed.has('n') || parsed.has('g') || parsed.has('o'),
        all: parsed.has('a'),
        almost_all: parsed.has('A'),
        recursive: parsed.has('R'),
        human: parsed.has('h'),
        directory: parsed.has('d'),
        numeric: parsed.has('n'),
        reverse: parsed.has('r'),
        by_size: parsed.has('S'),
        classify: parsed.has('F'),
        slash: parsed.has('p'),
    };
    let operands = if parsed.operands.is_empty() { vec![".".to_string()] } else { parsed.operands.clone() };
    let users = user_names(cx);
    let groups = group_names(cx);
    let mut status = 0;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for operand in &operands {
        let path = cx.abs(operand);
        let lstat = cx.sys.lstat(&path);
        let stat = match cx.sys.stat(&path) {
            Ok(s) => Ok(s),
            Err(e) => match lstat {
                Ok(l) if l.is_symlink() => Ok(l),
                _ => Err(e),
            },
        };
        match stat {
            Err(e) => {
                cx.warn(&format!("cannot access '{operand}': {e}"))?;
                status = 2;
            }
            Ok(stat) => {
                let link_stat = lstat.unwrap_or(stat);
                if stat.is_dir() && !opts.directory && !(opts.long && link_stat.is_symlink() && !operand.ends_with('/'))
                {
                    dirs.push((operand.clone(), path));
                } else {
                    let shown = if opts.long { link_stat } else { stat };
                    files.push(LsEntry { name: operand.clone(), path, stat: shown });
                }
            }
        }
    }
    sort_entries(&mut files, &opts);
    let mut out = String::new();
    print_entries(cx, &files, &opts, &users, &groups, &mut out);
    let show_headers = operands.len() > 1 || opts.recursive;
    let mut first = files.is_empty();
    let mut queue: Vec<(String, String)> = dirs;
    queue.sort();
    if opts.reverse {
        queue.reverse();
    }
    // Depth-first, in order: a stack of directories still to list.
    queue.reverse();
    while let Some((shown, path)) = queue.pop() {
        cx.step()?;
        if !first {
            out.push('\n');
        }
        first = false;
        if show_headers {
            out.push_str(&format!("{shown}:\n"));
        }
        let entries = match cx.sys.read_dir(&path) {
            Ok(entries) => entries,
            Err(e) => {
                cx.outs(&std::mem::take(&mut out))?;
                cx.warn(&format!("cannot open directory '{shown}': {e}"))?;
                status = 2;
                continue;
            }
        };
        let mut list = Vec::new();
        if opts.all {
            for dot in [".", ".."] {
                let p = format!("{path}/{dot}");
                if let Ok(stat) = cx.sys.stat(&p) {
                    list.push(LsEntry { name: dot.to_string(), path: p, stat });
                }
            }
        }
        for entry in entries {
            if entry.name.starts_with('.') && !opts.all && !opts.almost_all {
                continue;
            }
            let p = format!("{}/{}", path.trim_end_matches('/'), entry.name);
            list.push(LsEntry { name: entry.name, path: p, stat: entry.stat });
        }
        sort_entries(&mut list, &opts);
        if opts.long {
            let blocks: u64 = list.iter().map(|e| blocks_of(&e.stat)).sum();
            out.push_str(&format!("total {blocks}\n"));
        }
        print_entries(cx, &list, &opts, &users, &groups, &mut out);
        if opts.recursive {
            let mut subdirs: Vec<(String, String)> = list
                .iter()
                .filter(|e| e.stat.is_dir() && e.name != "." && e.name != "..")
                .map(|e| (format!("{}/{}", shown.trim_end_matches('/'), e.name), e.path.clone()))
                .collect();
            subdirs.reverse();
            queue.extend(subdirs);
        }
        if out.len() > 1 << 16 {
            cx.outs(&std::mem::take(&mut out))?;
        }
    }
    cx.outs(&out)?;
    Ok(status)
}

fn blocks_of(stat: &FileStat) -> u64 {
    match stat.kind {
        FileType::Dir => 4,
        FileType::Symlink => 0,
        FileType::File => stat.size.div_ceil(4096) * 4,
    }
}

fn sort_entries(list: &mut [LsEntry], opts: &LsOptions) {
    if opts.by_size {
        list.sort_by(|a, b| b.stat.size.cmp(&a.stat.size).then_with(|| a.name.cmp(&b.name)));
    } else {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    if opts.reverse {
        list.reverse();
    }
}

fn print_entries(
    cx: &mut Cx,
    list: &[LsEntry],
    opts: &LsOptions,
    users: &BTreeMap<u32, String>,
    groups: &BTreeMap<u32, String>,
    out: &mut String,
) {
    for entry in list {
        let mut name = entry.name.clone();
        if opts.classify || opts.slash {
            match entry.stat.kind {
                FileType::Dir => name.push('/'),
                FileType::Symlink if opts.classify && !opts.long => name.push('@'),
                FileType::File if opts.classify && entry.stat.mode & 0o111 != 0 => name.push('*'),
                _ => {}
            }
        }
        if !opts.long {
            out.push_str(&name);
            out.push('\n');
            continue;
        }
        let owner = if opts.numeric { None } else { users.get(&entry.stat.uid).cloned() };
        let owner = owner.unwrap_or_else(|| entry.stat.uid.to_string());
        let group = if opts.numeric { None } else { groups.get(&entry.stat.gid).cloned() };
        let group = group.unwrap_or_else(|| entry.stat.gid.to_string());
        let size = if entry.stat.is_dir() { 4096 } else { entry.stat.size };
        let size = if opts.human { human(size) } else { size.to_string() };
        let date = ls_date(entry.stat.mtime, cx.sys.now());
        let mut line = format!(
            "{:<10} {:>4} {:<8.8} {:<8.8} {:>9} {} {}",
            mode_string(&entry.stat),
            1,
            owner,
            group,
            size,
            date,
            name
        );
        if entry.stat.is_symlink() {
            if let Ok(target) = cx.sys.read_link(&entry.path) {
                line.push_str(" -> ");
                line.push_str(&target);
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
}

/// `Jan  1 00:00` for recent times, `Jan  1  2020` for older ones (as `ls -l` prints).
fn ls_date(mtime: i64, now: i64) -> String {
    let c = super::info::civil(mtime);
    let month = super::info::MONTHS[(c.month - 1) as usize % 12];
    if (now - mtime).abs() < 182 * 86400 {
        format!("{month} {:>2} {:02}:{:02}", c.day, c.hour, c.minute)
    } else {
        format!("{month} {:>2}  {}", c.day, c.year)
    }
}

fn parse_mode_octal(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    u32::from_str_radix(s, 8).ok().filter(|m| *m <= 0o7777)
}

/// Applies a symbolic mode (`u+x,go-w,a=r`, `+X`, `g=u`) to `mode`; `None` when it does not parse. Without a
/// `who`, bits set in `umask` are left alone (as chmod does).
pub fn apply_symbolic_mode(mode: u32, spec: &str, is_dir: bool) -> Option<u32> {
    apply_symbolic_mode_masked(mode, spec, is_dir, 0)
}

pub fn apply_symbolic_mode_masked(mut mode: u32, spec: &str, is_dir: bool, umask: u32) -> Option<u32> {
    if let Some(m) = parse_mode_octal(spec) {
        return Some(m);
    }
    for clause in spec.split(',') {
        let chars: Vec<char> = clause.chars().collect();
        let mut i = 0;
        let mut who = 0u32;
        while let Some(&c) = chars.get(i) {
            match c {
                'u' => who |= 0o4700,
                'g' => who |= 0o2070,
                'o' => who |= 0o1007,
                'a' => who |= 0o7777,
                _ => break,
            }
            i += 1;
        }
        let implicit = who == 0;
        if implicit {
            who = 0o7777 & !umask;
        }
        if i >= chars.len() {
            return None;
        }
        while i < chars.len() {
            let op = chars[i];
            if !matches!(op, '+' | '-' | '=') {
                return None;
            }
            i += 1;
            let mut bits = 0u32;
            while let Some(&c) = chars.get(i) {
                match c {
                    'r' => bits |= 0o444,
                    'w' => bits |= 0o222,
                    'x' => bits |= 0o111,
                    'X' => {
                        if is_dir || mode & 0o111 != 0 {
                            bits |= 0o111;
                        }
                    }
                    's' => bits |= 0o6000,
                    't' => bits |= 0o1000,
                    'u' => {
                        let u = (mode >> 6) & 7;
                        bits |= u << 6 | u << 3 | u;
                    }
                    'g' => {
                        let g = (mode >> 3) & 7;
                        bits |= g << 6 | g << 3 | g;
                    }
                    'o' => {
                        let o = mode & 7;
                        bits |= o << 6 | o << 3 | o;
                    }
                    '+' | '-' | '=' => break,
                    _ => return None,
                }
                i += 1;
            }
            let bits = bits & who;
            match op {
                '+' => mode |= bits,
                '-' => mode &= !bits,
                _ => {
                    let clear = if implicit { 0o7777 } else { who };
                    mode = (mode & !clear) | bits;
                }
            }
        }
    }
    Some(mode & 0o7777)
}

pub fn mkdir(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(cx, "pm:v", &[("parents", 'p'), ("mode=", 'm'), ("verbose", 'v')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    if opts.operands.is_empty() {
        return cx.fail("missing operand");
    }
    let default_mode = 0o777 & !cx.umask();
    let mode = match opts.value('m') {
        Some(spec) => match apply_symbolic_mode(0o777, spec, true) {
            Some(m) => m,
            None => return cx.fail(&format!("invalid mode '{spec}'")),
        },
        None => default_mode,
    };
    let mut status = 0;
    for dir in &opts.operands {
        cx.step()?;
        let path = cx.abs(dir);
        if opts.has('p') {
            let normal = Fs::normalize("/", &path);
            let mut current = String::new();
            let comps: Vec<&str> = normal.split('/').filter(|c| !c.is_empty()).collect();
            for (i, comp) in comps.iter().enumerate() {
                current.push('/');
                current.push_str(comp);
                let last = i + 1 == comps.len();
                match cx.sys.stat(&current) {
                    Ok(stat) if stat.is_dir() => continue,
                    Ok(_) => {
                        cx.warn(&format!("cannot create directory '{dir}': Not a directory"))?;
                        status = 1;
                        break;
                    }
                    Err(_) => {
                        let m = if last { mode } else { default_mode | 0o300 };
                        if let Err(e) = cx.sys.mkdir(&current, m) {
                            cx.warn(&format!("cannot create directory '{dir}': {e}"))?;
                            status = 1;
                            break;
                        }
                        if last && opts.value('m').is_some() {
                            let _ = cx.sys.chmod(&current, mode);
                        }
                        if opts.has('v') {
                            cx.outs(&format!("mkdir: created directory '{current}'\n"))?;
                        }
                    }
                }
            }
        } else {
            match cx.sys.mkdir(&path, mode) {
                Ok(()) => {
                    if opts.value('m').is_some() {
                        let _ = cx.sys.chmod(&path, mode);
                    }
                    if opts.has('v') {
                        cx.outs(&format!("mkdir: created directory '{dir}'\n"))?;
                    }
                }
                Err(e) => {
                    cx.warn(&format!("cannot create directory '{dir}': {e}"))?;
                    status = 1;
                }
            }
        }
    }
    Ok(status)
}

pub fn rmdir(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(cx, "pv", &[("parents", 'p'), ("ignore-fail-on-non-empty", 'i')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    if opts.operands.is_empty() {
        return cx.fail("missing operand");
    }
    let mut status = 0;
    for dir in &opts.operands {
        let mut target = dir.trim_end_matches('/').to_string();
        loop {
            cx.step()?;
            let path = cx.abs(&target);
            let result = match cx.sys.lstat(&path) {
                Ok(stat) if !stat.is_dir() => Err(SysError::new(ErrorKind::NotADirectory)),
                Ok(_) => cx.sys.remove(&path, false),
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                if !(opts.has('i') && e.kind == ErrorKind::DirectoryNotEmpty) {
                    cx.warn(&format!("failed to remove '{target}': {e}"))?;
                    status = 1;
                }
                break;
            }
            if !opts.has('p') {
                break;
            }
            match target.rfind('/') {
                Some(0) | None => break,
                Some(i) => target.truncate(i),
            }
        }
    }
    Ok(status)
}

pub fn touch(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(cx, "acmd:t:r:h", &[("no-create", 'c'), ("date=", 'd'), ("reference=", 'r')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    if opts.operands.is_empty() {
        return cx.fail("missing file operand");
    }
    let mut status = 0;
    for file in &opts.operands {
        cx.step()?;
        let path = cx.abs(file);
        if cx.sys.stat(&path).is_ok() || opts.has('c') {
            // The tree keeps no timestamps: an existing file stays as it is.
            continue;
        }
        let mode = 0o666 & !cx.umask();
        if let Err(e) = cx.sys.write(&path, b"", mode) {
            cx.warn(&format!("cannot touch '{file}': {e}"))?;
            status = 1;
        }
    }
    Ok(status)
}

fn join(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

struct CopyOptions {
    recursive: bool,
    preserve: bool,
    no_clobber: bool,
    follow: bool,
    verbose: bool,
}

/// Copies `src` (a path as typed) to the absolute `dst`; returns false after printing an error.
fn copy_tree(cx: &mut Cx, src: &str, dst: &str, shown_dst: &str, o: &CopyOptions) -> R<bool> {
    let src_abs = cx.abs(src);
    let top = if o.follow || !o.recursive { cx.sys.stat(&src_abs) } else { cx.sys.lstat(&src_abs) };
    let top = match top {
        Ok(s) => s,
        Err(e) => {
            cx.warn(&format!("cannot stat '{src}': {e}"))?;
            return Ok(false);
        }
    };
    if top.is_dir() && !o.recursive {
        cx.warn(&format!("-r not specified; omitting directory '{src}'"))?;
        return Ok(false);
    }
    let src_norm = Fs::normalize("/", &src_abs);
    let dst_norm = Fs::normalize("/", dst);
    if src_norm == dst_norm {
        cx.warn(&format!("'{src}' and '{shown_dst}' are the same file"))?;
        return Ok(false);
    }
    if top.is_dir() && (dst_norm.starts_with(&format!("{src_norm}/")) || src_norm == "/") {
        cx.warn(&format!("cannot copy a directory, '{src}', into itself, '{shown_dst}'"))?;
        return Ok(false);
    }
    let mut ok = true;
    // (source, destination, stat of source)
    let mut stack = vec![(src_norm.clone(), dst_norm.clone(), top)];
    while let Some((from, to, stat)) = stack.pop() {
        cx.step()?;
        let umask = cx.umask();
        let mode = if o.preserve { stat.mode } else { stat.mode & !umask };
        let result = match stat.kind {
            FileType::Dir => {
                let made = match cx.sys.stat(&to) {
                    Ok(existing) if existing.is_dir() => Ok(()),
                    Ok(_) => Err(SysError::new(ErrorKind::AlreadyExists)),
                    Err(_) => cx.sys.mkdir(&to, mode | 0o700),
                };
                if made.is_ok() {
                    match cx.sys.read_dir(&from) {
                        Ok(entries) => {
                            for entry in entries.into_iter().rev() {
                                let child_from = join(&from, &entry.name);
                                let child_stat =
                                    if o.follow { cx.sys.stat(&child_from).unwrap_or(entry.stat) } else { entry.stat };
                                stack.push((child_from, join(&to, &entry.name), child_stat));
                            }
                        }
                        Err(e) => {
                            cx.warn(&format!("cannot access '{from}': {e}"))?;
                            ok = false;
                        }
                    }
                    // Set the final mode after the children exist (a read-only directory must stay writable).
                    let _ = cx.sys.chmod(&to, mode);
                }
                made
            }
            FileType::Symlink => match cx.sys.read_link(&from) {
                Ok(target) => {
                    if cx.sys.lstat(&to).is_ok() {
                        let _ = cx.sys.remove(&to, false);
                    }
                    cx.sys.symlink(&target, &to)
                }
                Err(e) => Err(e),
            },
            FileType::File => {
                if o.no_clobber && cx.sys.lstat(&to).is_ok() {
                    continue;
                }
                cx.sh.flush_pending(cx.sys, &from);
                match cx.sys.read(&from) {
                    Ok(data) => {
                        let existed = cx.sys.stat(&to).is_ok();
                        let written = cx.sys.write(&to, &data, mode);
                        if written.is_ok() && (o.preserve || !existed) {
                            let _ = cx.sys.chmod(&to, mode);
                        }
                        written
                    }
                    Err(e) => Err(e),
                }
            }
        };
        match result {
            Ok(()) => {
                if o.preserve {
                    let _ = cx.sys.chown(&to, Some(stat.uid), Some(stat.gid));
                }
                if o.verbose {
                    cx.outs(&format!("'{from}' -> '{to}'\n"))?;
                }
            }
            Err(e) => {
                let shown = if to == dst_norm { shown_dst.to_string() } else { to.clone() };
                cx.warn(&format!("cannot create '{shown}': {e}"))?;
                ok = false;
            }
        }
    }
    Ok(ok)
}

/// Splits operands into sources and a destination; the destination is where each source goes.
/// (source as typed, destination path, destination as shown), or the exit status after an error.
type Targets = Result<Vec<(String, String, String)>, i32>;

fn targets(cx: &mut Cx, operands: &[String], no_target_dir: bool) -> R<Targets> {
    if operands.is_empty() {
        return Ok(Err(cx.fail("missing file operand")?));
    }
    if operands.len() == 1 {
        let line = format!("missing destination file operand after '{}'", operands[0]);
        return Ok(Err(cx.fail(&line)?));
    }
    let (sources, dest) = operands.split_at(operands.len() - 1);
    let dest = &dest[0];
    let dest_abs = cx.abs(dest);
    let dest_is_dir = !no_target_dir && cx.sys.stat(&dest_abs).is_ok_and(|s| s.is_dir());
    if sources.len() > 1 && !dest_is_dir {
        return Ok(Err(cx.fail(&format!("target '{dest}' is not a directory"))?));
    }
    Ok(Ok(sources
        .iter()
        .map(|src| {
            if dest_is_dir {
                let name = basename(src).to_string();
                (src.clone(), join(&dest_abs, &name), join(dest, &name))
            } else {
                (src.clone(), dest_abs.clone(), dest.clone())
            }
        })
        .collect()))
}

pub fn cp(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(
        cx,
        "rRapfinvLPdHTu",
        &[
            ("recursive", 'r'),
            ("archive", 'a'),
            ("force", 'f'),
            ("no-clobber", 'n'),
            ("verbose", 'v'),
            ("dereference", 'L'),
            ("no-dereference", 'P'),
            ("preserve", 'p'),
            ("no-target-directory", 'T'),
        ],
    )? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let copy = CopyOptions {
        recursive: opts.has('r') || opts.has('R') || opts.has('a'),
        preserve: opts.has('p') || opts.has('a'),
        no_clobber: opts.has('n'),
        follow: opts.has('L'),
        verbose: opts.has('v'),
    };
    let list = match targets(cx, &opts.operands, opts.has('T'))? {
        Ok(list) => list,
        Err(status) => return Ok(status),
    };
    let mut status = 0;
    for (src, dst, shown) in list {
        if !copy_tree(cx, &src, &dst, &shown, &copy)? {
            status = 1;
        }
    }
    Ok(status)
}

pub fn mv(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(cx, "finvTu", &[("force", 'f'), ("no-clobber", 'n'), ("verbose", 'v')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let list = match targets(cx, &opts.operands, opts.has('T'))? {
        Ok(list) => list,
        Err(status) => return Ok(status),
    };
    let mut status = 0;
    for (src, dst, shown) in list {
        cx.step()?;
        let src_abs = cx.abs(&src);
        if let Err(e) = cx.sys.lstat(&src_abs) {
            cx.warn(&format!("cannot stat '{src}': {e}"))?;
            status = 1;
            continue;
        }
        if opts.has('n') && cx.sys.lstat(&dst).is_ok() {
            continue;
        }
        let from = Fs::normalize("/", &src_abs);
        let to = Fs::normalize("/", &dst);
        if to.starts_with(&format!("{from}/")) {
            cx.warn(&format!("cannot move '{src}' to a subdirectory of itself, '{shown}'"))?;
            status = 1;
            continue;
        }
        cx.sh.flush_pending(cx.sys, &from);
        match cx.sys.rename(&src_abs, &dst) {
            Ok(()) => {
                if opts.has('v') {
                    cx.outs(&format!("renamed '{src}' -> '{shown}'\n"))?;
                }
            }
            Err(e) => {
                cx.warn(&format!("cannot move '{src}' to '{shown}': {e}"))?;
                status = 1;
            }
        }
    }
    Ok(status)
}

pub fn rm(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(
        cx,
        "rRfivdI",
        &[
            ("recursive", 'r'),
            ("force", 'f'),
            ("verbose", 'v'),
            ("dir", 'd'),
            ("no-preserve-root", 'N'),
            ("preserve-root", 'p'),
        ],
    )? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let recursive = opts.has('r') || opts.has('R');
    let force = opts.has('f');
    if opts.operands.is_empty() {
        if force {
            return Ok(0);
        }
        return cx.fail("missing operand");
    }
    let mut status = 0;
    for file in &opts.operands {
        cx.step()?;
        let path = cx.abs(file);
        let normal = Fs::normalize("/", &path);
        if recursive && normal == "/" && !opts.has('N') {
            cx.warn("it is dangerous to operate recursively on '/'")?;
            cx.warn("use --no-preserve-root to override this failsafe")?;
            status = 1;
            continue;
        }
        let last = file.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        if last == "." || last == ".." {
            cx.warn(&format!("refusing to remove '.' or '..' directory: skipping '{file}'"))?;
            status = 1;
            continue;
        }
        let stat = match cx.sys.lstat(&path) {
            Ok(s) => s,
            Err(e) => {
                if !(force && e.kind == ErrorKind::NotFound) {
                    cx.warn(&format!("cannot remove '{file}': {e}"))?;
                    status = 1;
                }
                continue;
            }
        };
        if stat.is_dir() && !recursive && !opts.has('d') {
            cx.warn(&format!("cannot remove '{file}': Is a directory"))?;
            status = 1;
            continue;
        }
        match cx.sys.remove(&path, recursive) {
            Ok(()) => {
                if opts.has('v') {
                    let what = if stat.is_dir() { "removed directory" } else { "removed" };
                    cx.outs(&format!("{what} '{file}'\n"))?;
                }
            }
            Err(e) => {
                cx.warn(&format!("cannot remove '{file}': {e}"))?;
                status = 1;
            }
        }
    }
    Ok(status)
}

pub fn ln(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(
        cx,
        "sfnvTrL",
        &[("symbolic", 's'), ("force", 'f'), ("no-dereference", 'n'), ("verbose", 'v'), ("relative", 'r')],
    )? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let mut operands = opts.operands.clone();
    if operands.len() == 1 {
        operands.push(".".to_string());
    }
    if operands.is_empty() {
        return cx.fail("missing file operand");
    }
    let (sources, dest) = operands.split_at(operands.len() - 1);
    let dest = dest[0].clone();
    let dest_abs = cx.abs(&dest);
    let dest_is_dir = !opts.has('T')
        && if opts.has('n') {
            cx.sys.lstat(&dest_abs).is_ok_and(|s| s.is_dir())
        } else {
            cx.sys.stat(&dest_abs).is_ok_and(|s| s.is_dir())
        };
    if sources.len() > 1 && !dest_is_dir {
        return cx.fail(&format!("target '{dest}' is not a directory"));
    }
    let mut status = 0;
    for src in sources {
        cx.step()?;
        let (link, shown) = if dest_is_dir {
            let name = basename(src).to_string();
            (join(&dest_abs, &name), join(&dest, &name))
        } else {
            (dest_abs.clone(), dest.clone())
        };
        let kind = if opts.has('s') { "symbolic link" } else { "hard link" };
        if cx.sys.lstat(&link).is_ok() {
            if opts.has('f') {
                if cx.sys.lstat(&link).is_ok_and(|s| s.is_dir()) {
                    cx.warn(&format!("'{shown}': cannot overwrite directory"))?;
                    status = 1;
                    continue;
                }
                let _ = cx.sys.remove(&link, false);
            } else {
                cx.warn(&format!("failed to create {kind} '{shown}': File exists"))?;
                status = 1;
                continue;
            }
        }
        let result = if opts.has('s') {
            cx.sys.symlink(src, &link)
        } else {
            // The tree has no hard links: a hard link becomes a copy (same contents, mode and owner).
            let from = cx.abs(src);
            match cx.sys.stat(&from) {
                Ok(stat) if stat.is_dir() => {
                    cx.warn(&format!("'{src}': hard link not allowed for directory"))?;
                    status = 1;
                    continue;
                }
                Ok(stat) => match cx.sys.read(&from) {
                    Ok(data) => cx.sys.write(&link, &data, stat.mode).and_then(|()| {
                        let _ = cx.sys.chmod(&link, stat.mode);
                        cx.sys.chown(&link, Some(stat.uid), Some(stat.gid)).or(Ok(()))
                    }),
                    Err(e) => Err(e),
                },
                Err(e) => {
                    cx.warn(&format!("failed to access '{src}': {e}"))?;
                    status = 1;
                    continue;
                }
            }
        };
        match result {
            Ok(()) => {
                if opts.has('v') {
                    let arrow = if opts.has('s') { "->" } else { "=>" };
                    cx.outs(&format!("'{shown}' {arrow} '{src}'\n"))?;
                }
            }
            Err(e) => {
                cx.warn(&format!("failed to create {kind} '{shown}': {e}"))?;
                status = 1;
            }
        }
    }
    Ok(status)
}

/// Visits `path` and, with `recursive`, everything below it (symlinks not followed below the top).
fn walk(cx: &mut Cx, path: &str, recursive: bool) -> R<Vec<(String, FileStat)>> {
    let mut out = Vec::new();
    let Ok(top) = cx.sys.stat(path) else { return Ok(out) };
    let mut stack = vec![(path.to_string(), top)];
    while let Some((p, stat)) = stack.pop() {
        cx.step()?;
        if recursive && stat.is_dir() {
            if let Ok(entries) = cx.sys.read_dir(&p) {
                for entry in entries.into_iter().rev() {
                    if !entry.stat.is_symlink() {
                        stack.push((join(&p, &entry.name), entry.stat));
                    }
                }
            }
        }
        out.push((p, stat));
    }
    Ok(out)
}

pub fn chmod(cx: &mut Cx) -> R<i32> {
    // Modes such as `-x` or `-w` look like options: take them out first.
    let args = cx.args().to_vec();
    let mut recursive = false;
    let mut verbose = false;
    let mut rest = Vec::new();
    let mut mode_spec: Option<String> = None;
    for arg in args {
        match arg.as_str() {
            "-R" | "--recursive" => recursive = true,
            "-v" | "-c" | "--verbose" | "--changes" => verbose = true,
            "-f" | "--silent" | "--quiet" => {}
            _ if mode_spec.is_none() => mode_spec = Some(arg),
            _ => rest.push(arg),
        }
    }
    let Some(spec) = mode_spec else { return cx.fail("missing operand") };
    if rest.is_empty() {
        return cx.fail(&format!("missing operand after '{spec}'"));
    }
    if apply_symbolic_mode(0o644, &spec, false).is_none() {
        return cx.fail(&format!("invalid mode: '{spec}'"));
    }
    let umask = cx.umask();
    let mut status = 0;
    for file in &rest {
        let path = cx.abs(file);
        if let Err(e) = cx.sys.stat(&path) {
            cx.warn(&format!("cannot access '{file}': {e}"))?;
            status = 1;
            continue;
        }
        for (p, stat) in walk(cx, &path, recursive)? {
            let Some(mode) = apply_symbolic_mode_masked(stat.mode, &spec, stat.is_dir(), umask) else { continue };
            match cx.sys.chmod(&p, mode) {
                Ok(()) => {
                    if verbose && mode != stat.mode {
                        cx.outs(&format!("mode of '{p}' changed to {mode:04o}\n"))?;
                    }
                }
                Err(e) => {
                    cx.warn(&format!("changing permissions of '{file}': {e}"))?;
                    status = 1;
                }
            }
        }
    }
    Ok(status)
}

pub fn chown(cx: &mut Cx) -> R<i32> {
    let is_chgrp = cx.name() == "chgrp";
    let opts = match parse_or_fail(cx, "RhvfcHLP", &[("recursive", 'R'), ("no-dereference", 'h'), ("verbose", 'v')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let Some((spec, files)) = opts.operands.split_first() else { return cx.fail("missing operand") };
    if files.is_empty() {
        return cx.fail(&format!("missing operand after '{spec}'"));
    }
    let (user, group) = if is_chgrp {
        (None, Some(spec.as_str()))
    } else {
        match spec.split_once([':', '.']) {
            Some((u, g)) => ((!u.is_empty()).then_some(u), Some(g)),
            None => (Some(spec.as_str()), None),
        }
    };
    let mut uid = None;
    let mut gid = None;
    if let Some(u) = user {
        match lookup_user(cx, u) {
            Some(entry) => {
                uid = Some(entry.uid);
                // `user:` means the user's login group.
                if group == Some("") {
                    gid = Some(entry.gid);
                }
            }
            None => return cx.fail(&format!("invalid user: '{spec}'")),
        }
    }
    if let Some(g) = group.filter(|g| !g.is_empty()) {
        match lookup_group(cx, g) {
            Some(id) => gid = Some(id),
            None => return cx.fail(&format!("invalid group: '{spec}'")),
        }
    }
    let mut status = 0;
    for file in files {
        let path = cx.abs(file);
        if let Err(e) = cx.sys.lstat(&path) {
            cx.warn(&format!("cannot access '{file}': {e}"))?;
            status = 1;
            continue;
        }
        for (p, _) in walk(cx, &path, opts.has('R'))? {
            if let Err(e) = cx.sys.chown(&p, uid, gid) {
                let what = if is_chgrp { "group" } else { "ownership" };
                cx.warn(&format!("changing {what} of '{file}': {e}"))?;
                status = 1;
                break;
            }
        }
    }
    Ok(status)
}

/// Resolves every symlink in `path`; with `must_exist`, fails when something is missing.
fn canonicalize(cx: &mut Cx, path: &str, must_exist: bool) -> Result<String, SysError> {
    let mut pending: Vec<String> =
        Fs::normalize("/", path).split('/').filter(|c| !c.is_empty()).map(String::from).collect();
    pending.reverse();
    let mut done: Vec<String> = Vec::new();
    let mut hops = 0;
    while let Some(comp) = pending.pop() {
        match comp.as_str() {
            "." => continue,
            ".." => {
                done.pop();
                continue;
            }
            _ => {}
        }
        let candidate = format!(
            "/{}",
            [done.join("/"), comp.clone()].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join("/")
        );
        match cx.sys.lstat(&candidate) {
            Ok(stat) if stat.is_symlink() => {
                hops += 1;
                if hops > 40 {
                    return Err(SysError::new(ErrorKind::SymlinkLoop));
                }
                let target = cx.sys.read_link(&candidate)?;
                if target.starts_with('/') {
                    done.clear();
                }
                for part in target.split('/').filter(|c| !c.is_empty()).rev() {
                    pending.push(part.to_string());
                }
            }
            Ok(_) => done.push(comp),
            Err(e) => {
                if must_exist || !pending.is_empty() {
                    return Err(e);
                }
                done.push(comp);
            }
        }
    }
    Ok(format!("/{}", done.join("/")))
}

pub fn readlink(cx: &mut Cx) -> R<i32> {
    let realpath = cx.name() == "realpath";
    let opts = match parse_or_fail(cx, "femnqsvz", &[("canonicalize", 'f'), ("canonicalize-existing", 'e')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    if opts.operands.is_empty() {
        return cx.fail("missing operand");
    }
    let mut status = 0;
    for file in &opts.operands {
        let path = cx.abs(file);
        if realpath || opts.has('f') || opts.has('e') || opts.has('m') {
            let must_exist = opts.has('e') || (realpath && !opts.has('m'));
            match canonicalize(cx, &path, must_exist) {
                Ok(p) => cx.outs(&format!("{p}\n"))?,
                Err(e) => {
                    if realpath {
                        cx.warn(&format!("{file}: {e}"))?;
                    }
                    status = 1;
                }
            }
        } else {
            match cx.sys.read_link(&path) {
                Ok(target) => cx.outs(&format!("{target}\n"))?,
                Err(_) => status = 1,
            }
        }
    }
    Ok(status)
}

pub fn mktemp(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(cx, "dqup:t", &[("directory", 'd'), ("tmpdir=", 'p'), ("quiet", 'q')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let template = opts.operands.first().cloned().unwrap_or_else(|| "tmp.XXXXXXXXXX".to_string());
    let xs = template.chars().rev().take_while(|&c| c == 'X').count();
    if xs < 3 {
        return cx.fail(&format!("too few X's in template '{template}'"));
    }
    let dir = if template.contains('/') && opts.value('p').is_none() && !opts.has('t') {
        String::new()
    } else {
        opts.value('p').map(str::to_string).or_else(|| cx.getenv("TMPDIR")).unwrap_or_else(|| "/tmp".to_string())
    };
    let stem = &template[..template.len() - xs];
    // Names are deterministic (the core has no randomness): the first free one in a fixed sequence.
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for attempt in 0u64..1000 {
        let mut n = attempt.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) ^ 0x5DEE_CE66;
        let suffix: String = (0..xs)
            .map(|_| {
                let c = ALPHABET[(n % ALPHABET.len() as u64) as usize] as char;
                n = n / ALPHABET.len() as u64 + 0x2545_F491;
                c
            })
            .collect();
        let name = format!("{stem}{suffix}");
        let shown = if dir.is_empty() { name } else { join(&dir, &name) };
        let path = cx.abs(&shown);
        if cx.sys.lstat(&path).is_ok() {
            continue;
        }
        let result = if opts.has('d') { cx.sys.mkdir(&path, 0o700) } else { cx.sys.write(&path, b"", 0o600) };
        return match result {
            Ok(()) => {
                cx.outs(&format!("{shown}\n"))?;
                Ok(0)
            }
            Err(e) => cx.fail(&format!(
                "failed to create {} via template '{template}': {e}",
                if opts.has('d') { "directory" } else { "file" }
            )),
        };
    }
    cx.fail(&format!("failed to create file via template '{template}': File exists"))
}

#[derive(Debug, Clone)]
enum FindExpr {
    True,
    Name(Pattern, bool),
    Path(Pattern),
    Type(char),
    Perm(u32, char),
    User(u32),
    Empty,
    Print,
    Delete,
    Exec(Vec<String>, bool),
    Prune,
    /// `-quit`: stop at once (after the actions before it on this file).
    Quit,
    Not(Box<FindExpr>),
    And(Box<FindExpr>, Box<FindExpr>),
    Or(Box<FindExpr>, Box<FindExpr>),
}

struct FindParser<'a> {
    args: &'a [String],
    pos: usize,
    depth: usize,
    has_action: bool,
    maxdepth: Option<usize>,
    mindepth: usize,
    users: BTreeMap<String, u32>,
}

impl FindParser<'_> {
    fn or(&mut self) -> Result<FindExpr, String> {
        let mut left = self.and()?;
        while self.args.get(self.pos).is_some_and(|a| a == "-o" || a == "-or") {
            self.pos += 1;
            let right = self.and()?;
            left = FindExpr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<FindExpr, String> {
        let mut left = self.not()?;
        loop {
            match self.args.get(self.pos).map(String::as_str) {
                None | Some("-o" | "-or" | ")") => return Ok(left),
                Some("-a" | "-and") => self.pos += 1,
                _ => {}
            }
            let right = self.not()?;
            left = FindExpr::And(Box::new(left), Box::new(right));
        }
    }

    fn not(&mut self) -> Result<FindExpr, String> {
        self.depth += 1;
        if self.depth > 64 {
            return Err("expression too complex".to_string());
        }
        let result = if self.args.get(self.pos).is_some_and(|a| a == "!" || a == "-not") {
            self.pos += 1;
            self.not().map(|e| FindExpr::Not(Box::new(e)))
        } else {
            self.primary()
        };
        self.depth -= 1;
        result
    }

    fn value(&mut self, what: &str) -> Result<String, String> {
        let v = self.args.get(self.pos).cloned().ok_or_else(|| format!("missing argument to '{what}'"))?;
        self.pos += 1;
        Ok(v)
    }

    fn primary(&mut self) -> Result<FindExpr, String> {
        let Some(arg) = self.args.get(self.pos).cloned() else { return Err("expected an expression".to_string()) };
        self.pos += 1;
        Ok(match arg.as_str() {
            "(" => {
                let e = self.or()?;
                if self.args.get(self.pos).map(String::as_str) != Some(")") {
                    return Err("missing ')'".to_string());
                }
                self.pos += 1;
                e
            }
            "-name" => FindExpr::Name(Pattern::parse(&self.value(&arg)?), false),
            "-iname" => FindExpr::Name(Pattern::parse(&self.value(&arg)?.to_lowercase()), true),
            "-path" | "-wholename" => FindExpr::Path(Pattern::parse(&self.value(&arg)?)),
            "-type" => {
                let t = self.value(&arg)?;
                match t.as_str() {
                    "f" | "d" | "l" => FindExpr::Type(t.chars().next().unwrap_or('f')),
                    "b" | "c" | "p" | "s" => FindExpr::Not(Box::new(FindExpr::True)),
                    _ => return Err(format!("Unknown argument to -type: {t}")),
                }
            }
            "-perm" => {
                let p = self.value(&arg)?;
                let (kind, digits) = match p.chars().next() {
                    Some(c @ ('-' | '/' | '+')) => (c, &p[1..]),
                    _ => ('=', p.as_str()),
                };
                let mode = apply_symbolic_mode(0, digits, false).ok_or_else(|| format!("invalid mode '{p}'"))?;
                FindExpr::Perm(mode, kind)
            }
            "-user" | "-uid" => {
                let u = self.value(&arg)?;
                let uid = u
                    .parse()
                    .ok()
                    .or_else(|| self.users.get(&u).copied())
                    .ok_or_else(|| format!("'{u}' is not the name of a known user"))?;
                FindExpr::User(uid)
            }
            "-empty" => FindExpr::Empty,
            "-print" | "-print0" => {
                self.has_action = true;
                FindExpr::Print
            }
            "-delete" => {
                self.has_action = true;
                FindExpr::Delete
            }
            "-prune" => FindExpr::Prune,
            "-quit" => FindExpr::Quit,
            "-true" => FindExpr::True,
            "-false" => FindExpr::Not(Box::new(FindExpr::True)),
            "-maxdepth" | "-mindepth" => {
                let v = self.value(&arg)?;
                let n: usize = v
                    .parse()
                    .map_err(|_| format!("Expected a positive decimal integer argument to {arg}, but got '{v}'"))?;
                if arg == "-maxdepth" {
                    self.maxdepth = Some(n);
                } else {
                    self.mindepth = n;
                }
                FindExpr::True
            }
            "-xdev" | "-mount" | "-depth" | "-follow" | "-noleaf" => FindExpr::True,
            "-exec" | "-execdir" | "-ok" => {
                self.has_action = true;
                let mut cmd = Vec::new();
                loop {
                    let Some(word) = self.args.get(self.pos).cloned() else {
                        return Err(format!("missing argument to '{arg}'"));
                    };
                    self.pos += 1;
                    if word == ";" {
                        break FindExpr::Exec(cmd, false);
                    }
                    if word == "+" && cmd.last().is_some_and(|w| w == "{}") {
                        break FindExpr::Exec(cmd, true);
                    }
                    cmd.push(word);
                }
            }
            other => return Err(format!("unknown predicate '{other}'")),
        })
    }
}

struct FindRun {
    batch: Vec<(Vec<String>, Vec<String>)>,
    status: i32,
    prune: bool,
    quit: bool,
}

fn find_eval(cx: &mut Cx, e: &FindExpr, path: &str, shown: &str, stat: &FileStat, run: &mut FindRun) -> R<bool> {
    Ok(match e {
        FindExpr::True => true,
        FindExpr::Name(p, icase) => {
            let name = basename(shown);
            if *icase {
                p.matches(&name.to_lowercase())
            } else {
                p.matches(name)
            }
        }
        FindExpr::Path(p) => p.matches(shown),
        FindExpr::Type(t) => match t {
            'd' => stat.is_dir(),
            'l' => stat.is_symlink(),
            _ => stat.is_file(),
        },
        FindExpr::Perm(mode, kind) => match kind {
            '-' => stat.mode & mode == *mode,
            '/' | '+' => *mode == 0 || stat.mode & mode != 0,
            _ => stat.mode & 0o7777 == *mode,
        },
        FindExpr::User(uid) => stat.uid == *uid,
        FindExpr::Empty => {
            if stat.is_dir() {
                cx.sys.read_dir(path).is_ok_and(|e| e.is_empty())
            } else {
                stat.is_file() && stat.size == 0
            }
        }
        FindExpr::Print => {
            cx.outs(&format!("{shown}\n"))?;
            true
        }
        FindExpr::Delete => {
            if let Err(e) = cx.sys.remove(path, false) {
                cx.warn(&format!("cannot delete '{shown}': {e}"))?;
                run.status = 1;
            }
            true
        }
        FindExpr::Prune => {
            run.prune = true;
            true
        }
        FindExpr::Quit => {
            run.quit = true;
            true
        }
        FindExpr::Exec(cmd, batch) => {
            if *batch {
                let template: Vec<String> = cmd[..cmd.len() - 1].to_vec();
                match run.batch.iter_mut().find(|(t, _)| *t == template) {
                    Some((_, paths)) => paths.push(shown.to_string()),
                    None => run.batch.push((template, vec![shown.to_string()])),
                }
                true
            } else {
                let argv: Vec<String> = cmd.iter().map(|w| w.replace("{}", shown)).collect();
                if argv.is_empty() {
                    return Ok(false);
                }
                cx.run(&argv)? == 0
            }
        }
        FindExpr::Not(inner) => !find_eval(cx, inner, path, shown, stat, run)?,
        FindExpr::And(a, b) => find_eval(cx, a, path, shown, stat, run)? && find_eval(cx, b, path, shown, stat, run)?,
        FindExpr::Or(a, b) => find_eval(cx, a, path, shown, stat, run)? || find_eval(cx, b, path, shown, stat, run)?,
    })
}

fn uses_delete(e: &FindExpr) -> bool {
    match e {
        FindExpr::Delete => true,
        FindExpr::Not(inner) => uses_delete(inner),
        FindExpr::And(a, b) | FindExpr::Or(a, b) => uses_delete(a) || uses_delete(b),
        _ => false,
    }
}

pub fn find(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let split =
        args.iter().position(|a| a.starts_with('-') && a.len() > 1 || a == "(" || a == "!").unwrap_or(args.len());
    let (paths, expr_args) = args.split_at(split);
    let paths: Vec<String> = if paths.is_empty() { vec![".".to_string()] } else { paths.to_vec() };
    let users: BTreeMap<String, u32> = user_names(cx).into_iter().map(|(k, v)| (v, k)).collect();
    let mut parser =
        FindParser { args: expr_args, pos: 0, depth: 0, has_action: false, maxdepth: None, mindepth: 0, users };
    let expr = if expr_args.is_empty() {
        FindExpr::True
    } else {
        match parser.or() {
            Ok(e) if parser.pos == expr_args.len() => e,
            Ok(_) => return cx.fail(&format!("paths must precede expression: '{}'", expr_args[parser.pos])),
            Err(message) => return cx.fail(&message),
        }
    };
    let expr = if parser.has_action { expr } else { FindExpr::And(Box::new(expr), Box::new(FindExpr::Print)) };
    // -delete implies -depth: children before their directory.
    let depth_first = uses_delete(&expr);
    let mut run = FindRun { batch: Vec::new(), status: 0, prune: false, quit: false };
    for start in &paths {
        if run.quit {
            break;
        }
        let abs = cx.abs(start);
        let stat = match cx.sys.lstat(&abs) {
            Ok(s) => s,
            Err(e) => {
                cx.warn(&format!("'{start}': {e}"))?;
                run.status = 1;
                continue;
            }
        };
        // (absolute, shown, stat, depth, children already pushed)
        let mut stack = vec![(abs, start.clone(), stat, 0usize, false)];
        while let Some((path, shown, stat, depth, expanded)) = stack.pop() {
            cx.step()?;
            let within = parser.maxdepth.is_none_or(|m| depth <= m);
            if depth_first && stat.is_dir() && !expanded {
                stack.push((path.clone(), shown.clone(), stat, depth, true));
                if parser.maxdepth.is_none_or(|m| depth < m) {
                    if let Ok(entries) = cx.sys.read_dir(&path) {
                        for entry in entries.into_iter().rev() {
                            stack.push((
                                join(&path, &entry.name),
                                join(&shown, &entry.name),
                                entry.stat,
                                depth + 1,
                                false,
                            ));
                        }
                    }
                }
                continue;
            }
            run.prune = false;
            if within && depth >= parser.mindepth {
                find_eval(cx, &expr, &path, &shown, &stat, &mut run)?;
                if run.quit {
                    break;
                }
            }
            if !depth_first && stat.is_dir() && !run.prune && parser.maxdepth.is_none_or(|m| depth < m) {
                match cx.sys.read_dir(&path) {
                    Ok(entries) => {
                        for entry in entries.into_iter().rev() {
                            stack.push((
                                join(&path, &entry.name),
                                join(&shown, &entry.name),
                                entry.stat,
                                depth + 1,
                                false,
                            ));
                        }
                    }
                    Err(e) => {
                        cx.warn(&format!("'{shown}': {e}"))?;
                        run.status = 1;
                    }
                }
            }
        }
    }
    for (template, paths) in std::mem::take(&mut run.batch) {
        let mut argv = template;
        argv.extend(paths);
        if cx.run(&argv)? != 0 {
            run.status = 1;
        }
    }
    Ok(run.status)
}

/// Disk usage of a node as du counts it on ext4: 4 KiB blocks, a directory one block, a fast symlink none.
fn usage_kib(stat: &FileStat, apparent: bool) -> u64 {
    if apparent {
        return if stat.is_dir() { 4096 } else { stat.size };
    }
    match stat.kind {
        FileType::Dir => 4,
        FileType::Symlink => 0,
        FileType::File => stat.size.div_ceil(4096) * 4,
    }
}

pub fn du(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(
        cx,
        "sahckmbd:xLP",
        &[
            ("summarize", 's'),
            ("all", 'a'),
            ("human-readable", 'h'),
            ("total", 'c'),
            ("bytes", 'b'),
            ("apparent-size", 'A'),
            ("max-depth=", 'd'),
        ],
    )? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    let apparent = opts.has('b') || opts.has('A');
    let max_depth: Option<usize> = match opts.value('d') {
        Some(d) => match d.parse() {
            Ok(n) => Some(n),
            Err(_) => return cx.fail(&format!("invalid maximum depth '{d}'")),
        },
        None => None,
    };
    let show = |units: u64| -> String {
        // `units` is KiB, or bytes with -b.
        if opts.has('h') {
            human(if apparent { units } else { units * 1024 })
        } else if opts.has('b') {
            units.to_string()
        } else if opts.has('m') {
            (if apparent { units.div_ceil(1 << 20) } else { units.div_ceil(1024) }).to_string()
        } else if apparent {
            units.div_ceil(1024).to_string()
        } else {
            units.to_string()
        }
    };
    let operands = if opts.operands.is_empty() { vec![".".to_string()] } else { opts.operands.clone() };
    let mut out = String::new();
    let mut grand = 0u64;
    let mut status = 0;
    for operand in &operands {
        let path = cx.abs(operand);
        let top = match cx.sys.lstat(&path) {
            Ok(s) => s,
            Err(e) => {
                cx.warn(&format!("cannot access '{operand}': {e}"))?;
                status = 1;
                continue;
            }
        };
        // Post-order walk: (absolute, shown, stat, depth, children pushed); totals accumulate on a parallel stack.
        let mut stack = vec![(path, operand.trim_end_matches('/').to_string(), top, 0usize, false)];
        let mut totals: Vec<u64> = vec![0];
        let mut total = 0;
        while let Some((abs, shown, stat, depth, expanded)) = stack.pop() {
            cx.step()?;
            let shown = if shown.is_empty() { "/".to_string() } else { shown };
            if stat.is_dir() && !expanded {
                stack.push((abs.clone(), shown.clone(), stat, depth, true));
                totals.push(usage_kib(&stat, apparent));
                if let Ok(entries) = cx.sys.read_dir(&abs) {
                    for entry in entries.into_iter().rev() {
                        let child_abs = format!("{}/{}", abs.trim_end_matches('/'), entry.name);
                        let child_shown = format!("{}/{}", shown.trim_end_matches('/'), entry.name);
                        stack.push((child_abs, child_shown, entry.stat, depth + 1, false));
                    }
                }
                continue;
            }
            let size = if stat.is_dir() { totals.pop().unwrap_or(0) } else { usage_kib(&stat, apparent) };
            if let Some(parent) = totals.last_mut() {
                *parent += size;
            }
            let printable = !opts.has('s') && max_depth.is_none_or(|m| depth <= m);
            if depth == 0 || (printable && (stat.is_dir() || opts.has('a'))) {
                out.push_str(&format!("{}\t{shown}\n", show(size)));
            }
            if depth == 0 {
                total = size;
            }
        }
        grand += total;
        if out.len() > 1 << 16 {
            cx.outs(&std::mem::take(&mut out))?;
        }
    }
    if opts.has('c') {
        out.push_str(&format!("{}\ttotal\n", show(grand)));
    }
    cx.outs(&out)?;
    Ok(status)
}

pub fn stat(cx: &mut Cx) -> R<i32> {
    let opts = match parse_or_fail(cx, "c:Lft", &[("format=", 'c'), ("dereference", 'L'), ("printf=", 'p')])? {
        Ok(o) => o,
        Err(status) => return Ok(status),
    };
    if opts.operands.is_empty() {
        return cx.fail("missing operand");
    }
    let users = user_names(cx);
    let groups = group_names(cx);
    let mut status = 0;
    for file in &opts.operands {
        let path = cx.abs(file);
        let result = if opts.has('L') { cx.sys.stat(&path) } else { cx.sys.lstat(&path) };
        let st = match result {
            Ok(s) => s,
            Err(e) => {
                cx.warn(&format!("cannot statx '{file}': {e}"))?;
                status = 1;
                continue;
            }
        };
        let kind = match st.kind {
            FileType::Dir => "directory",
            FileType::Symlink => "symbolic link",
            FileType::File if st.size == 0 => "regular empty file",
            FileType::File => "regular file",
        };
        let user = users.get(&st.uid).cloned().unwrap_or_else(|| "UNKNOWN".to_string());
        let group = groups.get(&st.gid).cloned().unwrap_or_else(|| "UNKNOWN".to_string());
        let size = if st.is_dir() { 4096 } else { st.size };
        let blocks = usage_kib(&st, false) * 2;
        let time = super::info::strftime("%Y-%m-%d %H:%M:%S.000000000 +0000", st.mtime);
        let name = if st.is_symlink() {
            format!("{file} -> {}", cx.sys.read_link(&path).unwrap_or_default())
        } else {
            file.clone()
        };
        let text = match opts.value('c').or(opts.value('p')) {
            Some(format) => {
                let mut out = String::new();
                let mut chars = format.chars();
                while let Some(c) = chars.next() {
                    if c != '%' {
                        out.push(c);
                        continue;
                    }
                    let piece = match chars.next() {
                        Some('n') => file.clone(),
                        Some('N') => format!("'{}'", name.replace(" -> ", "' -> '")),
                        Some('s') => size.to_string(),
                        Some('a') => format!("{:o}", st.mode),
                        Some('A') => mode_string(&st),
                        Some('u') => st.uid.to_string(),
                        Some('U') => user.clone(),
                        Some('g') => st.gid.to_string(),
                        Some('G') => group.clone(),
                        Some('F') => kind.to_string(),
                        Some('h') => "1".to_string(),
                        Some('b') => blocks.to_string(),
                        Some('B') => "512".to_string(),
                        Some('i') => "0".to_string(),
                        Some('y' | 'z' | 'x') => time.clone(),
                        Some('Y' | 'Z' | 'X') => st.mtime.to_string(),
                        Some('%') => "%".to_string(),
                        Some(other) => format!("?{other}"),
                        None => "%".to_string(),
                    };
                    out.push_str(&piece);
                }
                out.push('\n');
                out
            }
            None => format!(
                "  File: {name}\n  Size: {size:<10}\tBlocks: {blocks:<10} IO Block: 4096   {kind}\n\
                 Device: 0,0\tInode: 0           Links: 1\n\
                 Access: ({:04o}/{})  Uid: ({:>5}/{:>8})   Gid: ({:>5}/{:>8})\n\
                 Access: {time}\nModify: {time}\nChange: {time}\n Birth: -\n",
                st.mode,
                mode_string(&st),
                st.uid,
                user,
                st.gid,
                group
            ),
        };
        cx.outs(&text)?;
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbolic_modes() {
        assert_eq!(apply_symbolic_mode(0o644, "u+x", false), Some(0o744));
        assert_eq!(apply_symbolic_mode(0o777, "go-w", false), Some(0o755));
        assert_eq!(apply_symbolic_mode(0o777, "a=r", false), Some(0o444));
        assert_eq!(apply_symbolic_mode(0o644, "+x", false), Some(0o755));
        assert_eq!(apply_symbolic_mode(0o644, "755", false), Some(0o755));
        assert_eq!(apply_symbolic_mode(0o600, "g=u", false), Some(0o660));
        assert_eq!(apply_symbolic_mode(0o644, "a+X", false), Some(0o644));
        assert_eq!(apply_symbolic_mode(0o644, "a+X", true), Some(0o755));
        assert_eq!(apply_symbolic_mode(0o755, "u+s,o-rx", false), Some(0o4750));
        assert_eq!(apply_symbolic_mode(0o644, "q+x", false), None);
        assert_eq!(apply_symbolic_mode_masked(0o644, "+w", false, 0o022), Some(0o644));
    }

    #[test]
    fn mode_strings() {
        let stat = |kind, mode| FileStat { kind, mode, uid: 0, gid: 0, size: 0, mtime: 0 };
        assert_eq!(mode_string(&stat(FileType::Dir, 0o755)), "drwxr-xr-x");
        assert_eq!(mode_string(&stat(FileType::File, 0o4755)), "-rwsr-xr-x");
        assert_eq!(mode_string(&stat(FileType::Dir, 0o1777)), "drwxrwxrwt");
        assert_eq!(mode_string(&stat(FileType::File, 0o2644)), "-rw-r-Sr--");
        assert_eq!(human(4096), "4.0K");
        assert_eq!(human(512), "512");
        assert_eq!(human(3 * 1024 * 1024), "3.0M");
    }
}
