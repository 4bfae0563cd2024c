//! `tar`: create (`c`), extract (`x`) and list (`t`) archives in the file tree, in the classic bundled form
//! (`tar czf out.tgz dir`) or with dashes and long options; `-C`, `-v`, `-O`, `-k`, `--exclude`,
//! `--strip-components`. Archives are read and written with the `tar` crate, every header field set by hand (no
//! host metadata). There is no compressor in the simulation: `z`/`j`/`J` write a plain tar and say so.

use super::users::{group_names, user_names};
use super::{files::mode_string, Cx};
use crate::shell::interp::R;
use crate::shell::pattern::Pattern;
use crate::shell::system::FileType;
use crate::vfs::Fs;
use std::io::Read;

#[derive(Default)]
struct TarOptions {
    mode: Option<char>,
    file: Option<String>,
    dir: Option<String>,
    verbose: bool,
    compress: Option<char>,
    to_stdout: bool,
    keep_old: bool,
    strip: usize,
    excludes: Vec<String>,
    no_same_owner: bool,
    members: Vec<String>,
}

fn parse(args: &[String]) -> Result<TarOptions, String> {
    let mut o = TarOptions::default();
    let mut pending: Vec<char> = Vec::new();
    let mut i = 0;
    let mut first = true;
    while let Some(arg) = args.get(i) {
        i += 1;
        let bundle: Option<&str> = if let Some(long) = arg.strip_prefix("--") {
            let (key, value) = match long.split_once('=') {
                Some((k, v)) => (k, Some(v.to_string())),
                None => (long, None),
            };
            let take = |i: &mut usize| -> Result<String, String> {
                match value.clone() {
                    Some(v) => Ok(v),
                    None => {
                        *i += 1;
                        args.get(*i - 1).cloned().ok_or_else(|| format!("option '--{key}' requires an argument"))
                    }
                }
            };
            match key {
                "create" => o.mode = Some('c'),
                "extract" | "get" => o.mode = Some('x'),
                "list" => o.mode = Some('t'),
                "file" => o.file = Some(take(&mut i)?),
                "directory" => o.dir = Some(take(&mut i)?),
                "verbose" => o.verbose = true,
                "gzip" | "gunzip" => o.compress = Some('z'),
                "bzip2" => o.compress = Some('j'),
                "xz" => o.compress = Some('J'),
                "to-stdout" => o.to_stdout = true,
                "keep-old-files" | "skip-old-files" => o.keep_old = true,
                "exclude" => o.excludes.push(take(&mut i)?),
                "strip-components" => {
                    let v = take(&mut i)?;
                    o.strip = v.parse().map_err(|_| format!("invalid number of elements: '{v}'"))?;
                }
                "no-same-owner" => o.no_same_owner = true,
                "same-owner"
                | "numeric-owner"
                | "preserve-permissions"
                | "same-permissions"
                | "overwrite"
                | "no-same-permissions"
                | "owner"
                | "group"
                | "mode"
                | "mtime"
                | "sort"
                | "no-recursion" => {
                    if value.is_none() && matches!(key, "owner" | "group" | "mode" | "mtime" | "sort") {
                        take(&mut i)?;
                    }
                }
                _ => return Err(format!("unrecognized option '--{key}'")),
            }
            first = false;
            continue;
        } else if let Some(short) = arg.strip_prefix('-') {
            if short.is_empty() {
                o.members.push(arg.clone());
                continue;
            }
            Some(short)
        } else if first {
            Some(arg.as_str())
        } else {
            None
        };
        first = false;
        let Some(bundle) = bundle else {
            o.members.push(arg.clone());
            continue;
        };
        for c in bundle.chars() {
            match c {
                'c' | 'x' | 't' => {
                    if o.mode.is_some_and(|m| m != c) {
                        return Err(
                            "You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option"
                                .to_string(),
                        );
                    }
                    o.mode = Some(c);
                }
                'v' => o.verbose = true,
                'z' | 'j' | 'J' => o.compress = Some(c),
                'O' => o.to_stdout = true,
                'k' => o.keep_old = true,
                'f' | 'C' => pending.push(c),
                'p' | 'o' | 'h' | 'P' | 'm' | 'a' | 'S' | 'w' | 'B' => {}
                other => return Err(format!("invalid option -- '{other}'")),
            }
        }
        for c in pending.drain(..) {
            let Some(value) = args.get(i).cloned() else { return Err(format!("option requires an argument -- '{c}'")) };
            i += 1;
            if c == 'f' {
                o.file = Some(value);
            } else {
                o.dir = Some(value);
            }
        }
    }
    Ok(o)
}

fn fatal(cx: &mut Cx, message: &str) -> R<i32> {
    cx.warn(message)?;
    cx.warn("Error is not recoverable: exiting now")?;
    Ok(2)
}

fn compression_note(c: char) -> &'static str {
    match c {
        'j' => "bzip2",
        'J' => "xz",
        _ => "gzip",
    }
}

pub fn tar(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let o = match parse(&args) {
        Ok(o) => o,
        Err(message) => {
            cx.warn(&message)?;
            cx.errs("Try 'tar --help' or 'tar --usage' for more information.\n")?;
            return Ok(2);
        }
    };
    match o.mode {
        Some('c') => create(cx, &o),
        Some('x') | Some('t') => extract(cx, &o),
        _ => {
            cx.warn("You must specify one of the '-Acdtrux', '--delete' or '--test-label' options")?;
            cx.errs("Try 'tar --help' or 'tar --usage' for more information.\n")?;
            Ok(2)
        }
    }
}

fn create(cx: &mut Cx, o: &TarOptions) -> R<i32> {
    if o.members.is_empty() {
        return fatal(cx, "Cowardly refusing to create an empty archive");
    }
    if let Some(c) = o.compress {
        cx.warn(&format!(
            "layerlab: {} compression is not simulated; the archive is written uncompressed",
            compression_note(c)
        ))?;
    }
    let base = match &o.dir {
        Some(dir) => Fs::normalize(&cx.cwd(), dir),
        None => cx.cwd(),
    };
    let archive_path = o.file.as_ref().filter(|f| *f != "-").map(|f| Fs::normalize(&cx.cwd(), f));
    let users = user_names(cx);
    let groups = group_names(cx);
    let excludes: Vec<Pattern> = o.excludes.iter().map(|p| Pattern::parse(p)).collect();
    let now = cx.sys.now().max(0) as u64;
    let mut builder = tar::Builder::new(Vec::new());
    let mut status = 0;
    let mut warned_absolute = false;
    let mut listing = String::new();
    for member in &o.members {
        let abs = Fs::normalize(&base, member);
        let mut name = member.trim_end_matches('/').to_string();
        if name.starts_with('/') {
            if !warned_absolute {
                cx.warn("Removing leading `/' from member names")?;
                warned_absolute = true;
            }
            name = name.trim_start_matches('/').to_string();
        }
        if name.is_empty() {
            name = ".".to_string();
        }
        let Ok(top) = cx.sys.lstat(&abs) else {
            cx.warn(&format!("{member}: Cannot stat: No such file or directory"))?;
            status = 2;
            continue;
        };
        let mut stack = vec![(abs, name, top)];
        while let Some((path, name, stat)) = stack.pop() {
            cx.step()?;
            if archive_path.as_deref() == Some(path.as_str()) {
                continue;
            }
            let base_name = name.rsplit('/').next().unwrap_or(&name);
            if excludes.iter().any(|p| p.matches(base_name) || p.matches(&name)) {
                continue;
            }
            let mut header = tar::Header::new_gnu();
            header.set_mode(stat.mode);
            header.set_uid(u64::from(stat.uid));
            header.set_gid(u64::from(stat.gid));
            header.set_mtime(now);
            if let Some(u) = users.get(&stat.uid) {
                let _ = header.set_username(u);
            }
            if let Some(g) = groups.get(&stat.gid) {
                let _ = header.set_groupname(g);
            }
            let entry_name = if stat.is_dir() && name != "." {
                format!("{name}/")
            } else if stat.is_dir() {
                "./".to_string()
            } else {
                name.clone()
            };
            let result = match stat.kind {
                FileType::Dir => {
                    header.set_entry_type(tar::EntryType::Directory);
                    header.set_size(0);
                    let r = builder.append_data(&mut header, &entry_name, std::io::empty());
                    if let Ok(entries) = cx.sys.read_dir(&path) {
                        for entry in entries.into_iter().rev() {
                            let child_name =
                                if name == "." { entry.name.clone() } else { format!("{name}/{}", entry.name) };
                            stack.push((
                                format!("{}/{}", path.trim_end_matches('/'), entry.name),
                                child_name,
                                entry.stat,
                            ));
                        }
                    }
                    r
                }
                FileType::Symlink => {
                    header.set_entry_type(tar::EntryType::Symlink);
                    header.set_size(0);
                    let target = cx.sys.read_link(&path).unwrap_or_default();
                    builder.append_link(&mut header, &entry_name, &target)
                }
                FileType::File => {
                    cx.sh.flush_pending(cx.sys, &path);
                    match cx.sys.read(&path) {
                        Ok(data) => {
                            header.set_entry_type(tar::EntryType::Regular);
                            header.set_size(data.len() as u64);
                            builder.append_data(&mut header, &entry_name, &data[..])
                        }
                        Err(e) => {
                            cx.warn(&format!("{name}: Cannot open: {e}"))?;
                            status = 2;
                            continue;
                        }
                    }
                }
            };
            if let Err(e) = result {
                cx.warn(&format!("{name}: {e}"))?;
                status = 2;
                continue;
            }
            if o.verbose {
                listing.push_str(&entry_name);
                listing.push('\n');
            }
        }
    }
    let bytes = match builder.into_inner() {
        Ok(b) => b,
        Err(e) => return fatal(cx, &e.to_string()),
    };
    // Verbose names go to stdout, unless the archive does.
    let to_stdout = o.file.as_deref().is_none_or(|f| f == "-");
    if o.verbose {
        if to_stdout {
            cx.errs(&listing)?;
        } else {
            cx.outs(&listing)?;
        }
    }
    if to_stdout {
        cx.out(&bytes)?;
    } else if let Some(file) = &o.file {
        if let Err(e) = cx.write_file(file, &bytes, 0o666, false)? {
            return fatal(cx, &format!("{file}: Cannot open: {e}"));
        }
    }
    if status != 0 {
        cx.warn("Exiting with failure status due to previous errors")?;
    }
    Ok(status)
}

struct Member {
    name: String,
    kind: tar::EntryType,
    mode: u32,
    uid: u32,
    gid: u32,
    mtime: u64,
    size: u64,
    link: Option<String>,
    data: Vec<u8>,
    uname: String,
    gname: String,
}

fn read_members(data: &[u8]) -> Result<Vec<Member>, String> {
    let mut archive = tar::Archive::new(data);
    let entries = archive.entries().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for entry in entries {
        let mut entry = entry.map_err(|_| "This does not look like a tar archive".to_string())?;
        let header = entry.header().clone();
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let link = entry.link_name_bytes().map(|l| String::from_utf8_lossy(&l).into_owned());
        let mut content = Vec::new();
        entry.read_to_end(&mut content).map_err(|e| e.to_string())?;
        out.push(Member {
            name,
            kind: header.entry_type(),
            mode: header.mode().unwrap_or(0o644) & 0o7777,
            uid: header.uid().unwrap_or(0).min(u64::from(u32::MAX)) as u32,
            gid: header.gid().unwrap_or(0).min(u64::from(u32::MAX)) as u32,
            mtime: header.mtime().unwrap_or(0),
            size: content.len() as u64,
            link,
            data: content,
            uname: header.username().ok().flatten().unwrap_or("").to_string(),
            gname: header.groupname().ok().flatten().unwrap_or("").to_string(),
        });
    }
    Ok(out)
}

fn extract(cx: &mut Cx, o: &TarOptions) -> R<i32> {
    let data: Vec<u8> = match o.file.as_deref() {
        None | Some("-") => cx.stdin(),
        Some(file) => match cx.read_file(file) {
            Ok(d) => d.to_vec(),
            Err(e) => return fatal(cx, &format!("{file}: Cannot open: {e}")),
        },
    };
    if data.starts_with(&[0x1f, 0x8b]) || data.starts_with(b"BZh") || data.starts_with(&[0xfd, b'7', b'z', b'X', b'Z'])
    {
        return fatal(cx, "layerlab: this archive is really compressed, and the simulation has no decompressor");
    }
    let members = match read_members(&data) {
        Ok(m) => m,
        Err(message) => return fatal(cx, &message),
    };
    let listing = o.mode == Some('t');
    let base = match &o.dir {
        Some(dir) => {
            let base = Fs::normalize(&cx.cwd(), dir);
            if !listing && !cx.sys.stat(&base).is_ok_and(|s| s.is_dir()) {
                return fatal(cx, &format!("{dir}: Cannot open: No such file or directory"));
            }
            base
        }
        None => cx.cwd(),
    };
    let wanted = |name: &str| -> bool {
        o.members.is_empty()
            || o.members.iter().any(|m| {
                let m = m.trim_end_matches('/');
                name.trim_end_matches('/') == m || name.starts_with(&format!("{m}/"))
            })
    };
    let is_root = cx.uid() == 0;
    let umask = cx.umask();
    let mut status = 0;
    let mut out = String::new();
    let mut seen_members = vec![false; o.members.len()];
    let mut warned_absolute = false;
    for member in &members {
        cx.step()?;
        let mut name = member.name.clone();
        if name.starts_with('/') {
            if !warned_absolute && !listing {
                cx.warn("Removing leading `/' from member names")?;
                warned_absolute = true;
            }
            name = name.trim_start_matches('/').to_string();
        }
        if !wanted(&name) {
            continue;
        }
        for (k, m) in o.members.iter().enumerate() {
            let m = m.trim_end_matches('/');
            if name.trim_end_matches('/') == m || name.starts_with(&format!("{m}/")) {
                seen_members[k] = true;
            }
        }
        if listing {
            if o.verbose {
                let kind = match member.kind {
                    tar::EntryType::Directory => FileType::Dir,
                    tar::EntryType::Symlink => FileType::Symlink,
                    _ => FileType::File,
                };
                let stat = crate::shell::system::FileStat {
                    kind,
                    mode: member.mode,
                    uid: member.uid,
                    gid: member.gid,
                    size: member.size,
                    mtime: 0,
                };
                let owner = if member.uname.is_empty() { member.uid.to_string() } else { member.uname.clone() };
                let group = if member.gname.is_empty() { member.gid.to_string() } else { member.gname.clone() };
                let date = super::info::strftime("%Y-%m-%d %H:%M", member.mtime as i64);
                let mut line = format!("{} {owner}/{group} {:>8} {date} {name}", mode_string(&stat), member.size);
                if let Some(link) = &member.link {
                    if member.kind == tar::EntryType::Symlink {
                        line.push_str(&format!(" -> {link}"));
                    } else if member.kind == tar::EntryType::Link {
                        line.push_str(&format!(" link to {link}"));
                    }
                }
                out.push_str(&line);
            } else {
                out.push_str(&name);
            }
            out.push('\n');
            continue;
        }
        // Strip leading components; members with nothing left are skipped.
        let comps: Vec<&str> = name.split('/').filter(|c| !c.is_empty() && *c != ".").collect();
        if comps.contains(&"..") {
            cx.warn(&format!("{name}: Member name contains '..'"))?;
            status = 2;
            continue;
        }
        if comps.len() <= o.strip {
            continue;
        }
        let rel = comps[o.strip..].join("/");
        if o.verbose {
            out.push_str(&name);
            out.push('\n');
        }
        if o.to_stdout {
            if member.kind.is_file() {
                cx.outs(&std::mem::take(&mut out))?;
                cx.out(&member.data)?;
            }
            continue;
        }
        let target = format!("{}/{rel}", base.trim_end_matches('/'));
        // Parents that the archive does not list are created as needed.
        let mut parent = base.trim_end_matches('/').to_string();
        if let Some((dirs, _)) = rel.rsplit_once('/') {
            for comp in dirs.split('/') {
                parent = format!("{parent}/{comp}");
                if cx.sys.stat(&parent).is_err() {
                    let _ = cx.sys.mkdir(&parent, 0o755 & !umask);
                }
            }
        }
        let mode = if is_root { member.mode } else { member.mode & !umask };
        let exists = cx.sys.lstat(&target).is_ok();
        if o.keep_old && exists && member.kind != tar::EntryType::Directory {
            cx.warn(&format!("{name}: Cannot open: File exists"))?;
            status = 2;
            continue;
        }
        let result = match member.kind {
            tar::EntryType::Directory => {
                if cx.sys.stat(&target).is_ok_and(|s| s.is_dir()) {
                    cx.sys.chmod(&target, mode)
                } else {
                    if exists {
                        let _ = cx.sys.remove(&target, false);
                    }
                    cx.sys.mkdir(&target, mode).and_then(|()| cx.sys.chmod(&target, mode))
                }
            }
            tar::EntryType::Symlink => {
                if exists {
                    let _ = cx.sys.remove(&target, false);
                }
                cx.sys.symlink(member.link.as_deref().unwrap_or(""), &target)
            }
            tar::EntryType::Link => {
                // A hard link becomes a copy of the member it names.
                let link = member.link.clone().unwrap_or_default();
                let link_rel: Vec<&str> = link.split('/').filter(|c| !c.is_empty() && *c != ".").collect();
                let from = format!(
                    "{}/{}",
                    base.trim_end_matches('/'),
                    link_rel.get(o.strip..).map(|c| c.join("/")).unwrap_or_default()
                );
                match cx.sys.read(&from) {
                    Ok(bytes) => cx.sys.write(&target, &bytes, mode).and_then(|()| cx.sys.chmod(&target, mode)),
                    Err(e) => Err(e),
                }
            }
            kind if kind.is_file() || kind == tar::EntryType::Continuous => {
                if exists && cx.sys.lstat(&target).is_ok_and(|s| !s.is_file()) {
                    let _ = cx.sys.remove(&target, true);
                }
                cx.sys.write(&target, &member.data, mode).and_then(|()| cx.sys.chmod(&target, mode))
            }
            _ => continue,
        };
        match result {
            Ok(()) => {
                if is_root && !o.no_same_owner && member.kind != tar::EntryType::Symlink {
                    let _ = cx.sys.chown(&target, Some(member.uid), Some(member.gid));
                }
            }
            Err(e) => {
                cx.warn(&format!("{name}: Cannot open: {e}"))?;
                status = 2;
            }
        }
        if out.len() > 1 << 16 {
            cx.outs(&std::mem::take(&mut out))?;
        }
    }
    cx.outs(&out)?;
    for (k, seen) in seen_members.iter().enumerate() {
        if !seen {
            cx.warn(&format!("{}: Not found in archive", o.members[k]))?;
            status = 2;
        }
    }
    if status != 0 {
        cx.warn("Exiting with failure status due to previous errors")?;
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn option_forms() {
        let o = parse(&s(&["czf", "out.tgz", "dir"])).unwrap();
        assert_eq!(o.mode, Some('c'));
        assert_eq!(o.compress, Some('z'));
        assert_eq!(o.file.as_deref(), Some("out.tgz"));
        assert_eq!(o.members, s(&["dir"]));
        let o = parse(&s(&["-xvf", "a.tar", "-C", "/tmp", "--strip-components=1"])).unwrap();
        assert_eq!(o.mode, Some('x'));
        assert_eq!(o.dir.as_deref(), Some("/tmp"));
        assert_eq!(o.strip, 1);
        assert!(parse(&s(&["-cx"])).is_err());
        assert!(parse(&s(&["-f"])).is_err());
    }
}
