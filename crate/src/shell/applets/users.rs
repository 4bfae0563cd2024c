//! Users and groups, read from and written to `/etc/passwd`, `/etc/group` and `/etc/shadow` like the real tools:
//! `id`, `whoami`, busybox's `adduser`/`addgroup` (Alpine; Debian's long options are understood too) and
//! shadow-utils' `useradd`/`groupadd` (Debian, Ubuntu). There is no user database beyond those files.

use super::{getopt, Cx};
use crate::shell::interp::R;
use crate::shell::system::System;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswdEntry {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub gecos: String,
    pub home: String,
    pub shell: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupEntry {
    pub name: String,
    pub gid: u32,
    pub members: Vec<String>,
}

/// Who a Dockerfile `USER` (or `docker run --user`) names, resolved through the tree's account files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSpec {
    pub uid: u32,
    pub gid: u32,
    /// The user name (the number itself for an unknown numeric uid).
    pub name: String,
    /// The home directory from /etc/passwd (`/` when there is none), what Docker puts in HOME.
    pub home: String,
}

/// Resolves `user`, `user:group`, `uid`, `uid:gid` like runc does: names must exist in /etc/passwd or /etc/group,
/// numbers need not (an unknown uid gets gid 0). Errors are worded like Docker's.
pub fn resolve_user(sys: &dyn System, spec: &str) -> Result<UserSpec, String> {
    let read = |path: &str| sys.read(path).ok().map(|d| String::from_utf8_lossy(&d).into_owned()).unwrap_or_default();
    let users = parse_passwd(&read("/etc/passwd"));
    let groups = parse_group(&read("/etc/group"));
    let (user, group) = match spec.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let entry = users
        .iter()
        .find(|e| e.name == user)
        .or_else(|| user.parse::<u32>().ok().and_then(|n| users.iter().find(|e| e.uid == n)));
    let mut resolved = match (entry, user.parse::<u32>()) {
        (Some(e), _) => UserSpec { uid: e.uid, gid: e.gid, name: e.name.clone(), home: e.home.clone() },
        (None, Ok(uid)) => UserSpec { uid, gid: 0, name: uid.to_string(), home: "/".to_string() },
        (None, Err(_)) => return Err(format!("unable to find user {user}: no matching entries in passwd file")),
    };
    if let Some(group) = group.filter(|g| !g.is_empty()) {
        resolved.gid = match groups.iter().find(|g| g.name == group) {
            Some(g) => g.gid,
            None => {
                group.parse().map_err(|_| format!("unable to find group {group}: no matching entries in group file"))?
            }
        };
    }
    Ok(resolved)
}

fn read_text(cx: &mut Cx, path: &str) -> Option<String> {
    cx.sys.read(path).ok().map(|d| String::from_utf8_lossy(&d).into_owned())
}

pub fn parse_passwd(text: &str) -> Vec<PasswdEntry> {
    text.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split(':').collect();
            if f.len() < 7 {
                return None;
            }
            Some(PasswdEntry {
                name: f[0].to_string(),
                uid: f[2].parse().ok()?,
                gid: f[3].parse().ok()?,
                gecos: f[4].to_string(),
                home: f[5].to_string(),
                shell: f[6].to_string(),
            })
        })
        .collect()
}

pub fn parse_group(text: &str) -> Vec<GroupEntry> {
    text.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split(':').collect();
            if f.len() < 3 {
                return None;
            }
            Some(GroupEntry {
                name: f[0].to_string(),
                gid: f[2].parse().ok()?,
                members: f
                    .get(3)
                    .map_or(Vec::new(), |m| m.split(',').filter(|s| !s.is_empty()).map(String::from).collect()),
            })
        })
        .collect()
}

pub fn passwd(cx: &mut Cx) -> Vec<PasswdEntry> {
    read_text(cx, "/etc/passwd").map_or(Vec::new(), |t| parse_passwd(&t))
}

pub fn groups(cx: &mut Cx) -> Vec<GroupEntry> {
    read_text(cx, "/etc/group").map_or(Vec::new(), |t| parse_group(&t))
}

pub fn user_names(cx: &mut Cx) -> BTreeMap<u32, String> {
    let mut map = BTreeMap::new();
    for entry in passwd(cx) {
        map.entry(entry.uid).or_insert(entry.name);
    }
    map
}

pub fn group_names(cx: &mut Cx) -> BTreeMap<u32, String> {
    let mut map = BTreeMap::new();
    for entry in groups(cx) {
        map.entry(entry.gid).or_insert(entry.name);
    }
    map
}

/// A user by name or number (a number not in the file is still a valid owner).
pub fn lookup_user(cx: &mut Cx, name: &str) -> Option<PasswdEntry> {
    let entries = passwd(cx);
    if let Some(entry) = entries.iter().find(|e| e.name == name) {
        return Some(entry.clone());
    }
    let uid: u32 = name.parse().ok()?;
    Some(entries.into_iter().find(|e| e.uid == uid).unwrap_or(PasswdEntry {
        name: name.to_string(),
        uid,
        gid: uid,
        gecos: String::new(),
        home: "/".to_string(),
        shell: "/bin/sh".to_string(),
    }))
}

pub fn lookup_group(cx: &mut Cx, name: &str) -> Option<u32> {
    groups(cx).iter().find(|g| g.name == name).map(|g| g.gid).or_else(|| name.parse().ok())
}

fn id_line(cx: &mut Cx, uid: u32, gid: u32, user: Option<&str>) -> String {
    let users = user_names(cx);
    let all_groups = groups(cx);
    let gname = |g: u32| all_groups.iter().find(|e| e.gid == g).map(|e| e.name.clone());
    let with_name = |n: u32, name: Option<String>| match name {
        Some(name) => format!("{n}({name})"),
        None => n.to_string(),
    };
    let mut line = format!("uid={} gid={}", with_name(uid, users.get(&uid).cloned()), with_name(gid, gname(gid)));
    let mut list = vec![gid];
    if let Some(user) = user {
        for g in &all_groups {
            if g.members.iter().any(|m| m == user) && !list.contains(&g.gid) {
                list.push(g.gid);
            }
        }
    }
    let shown: Vec<String> = list.iter().map(|&g| with_name(g, gname(g))).collect();
    line.push_str(&format!(" groups={}", shown.join(",")));
    line
}

pub fn id(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let opts = match getopt(&args, "ugGnrz", &[("user", 'u'), ("group", 'g'), ("groups", 'G'), ("name", 'n')]) {
        Ok(o) => o,
        Err(message) => return cx.fail(&message),
    };
    let (uid, gid, name) = match opts.operands.first() {
        Some(user) => match passwd(cx).into_iter().find(|e| &e.name == user || e.uid.to_string() == *user) {
            Some(e) => (e.uid, e.gid, Some(e.name)),
            None => return cx.fail(&format!("'{user}': no such user")),
        },
        None => {
            let uid = cx.uid();
            let gid = cx.gid();
            let name = user_names(cx).get(&uid).cloned();
            (uid, gid, name)
        }
    };
    let names = opts.has('n');
    let text = if opts.has('u') {
        if names {
            name.clone().unwrap_or_else(|| uid.to_string())
        } else {
            uid.to_string()
        }
    } else if opts.has('g') || opts.has('G') {
        let all = groups(cx);
        let mut list = vec![gid];
        if opts.has('G') {
            if let Some(user) = &name {
                list.extend(all.iter().filter(|g| g.members.contains(user) && g.gid != gid).map(|g| g.gid));
            }
        }
        let shown: Vec<String> = list
            .iter()
            .map(|g| {
                if names {
                    all.iter().find(|e| e.gid == *g).map_or_else(|| g.to_string(), |e| e.name.clone())
                } else {
                    g.to_string()
                }
            })
            .collect();
        shown.join(" ")
    } else {
        id_line(cx, uid, gid, name.as_deref())
    };
    cx.outs(&format!("{text}\n"))?;
    Ok(0)
}

pub fn whoami(cx: &mut Cx) -> R<i32> {
    let uid = cx.uid();
    match user_names(cx).get(&uid).cloned() {
        Some(name) => {
            cx.outs(&format!("{name}\n"))?;
            Ok(0)
        }
        None => cx.fail(&format!("cannot find name for user ID {uid}")),
    }
}

/// Appends a line to a system file (creating it if needed), failing like the tools do without root.
fn append_line(cx: &mut Cx, path: &str, line: &str, mode: u32) -> Result<(), String> {
    let mut text = read_text(cx, path).unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    cx.sys.write(path, text.as_bytes(), mode).map_err(|e| format!("{path}: {e}"))
}

/// Adds `user` to the member list of `group` in /etc/group.
fn add_member(cx: &mut Cx, group: &str, user: &str) -> Result<bool, String> {
    let text = read_text(cx, "/etc/group").unwrap_or_default();
    let mut found = false;
    let mut out = String::new();
    for line in text.lines() {
        let mut f: Vec<String> = line.split(':').map(String::from).collect();
        if f.first().map(String::as_str) == Some(group) && f.len() >= 3 {
            found = true;
            while f.len() < 4 {
                f.push(String::new());
            }
            let mut members: Vec<String> = f[3].split(',').filter(|s| !s.is_empty()).map(String::from).collect();
            if !members.iter().any(|m| m == user) {
                members.push(user.to_string());
            }
            f[3] = members.join(",");
            out.push_str(&f.join(":"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    if !found {
        return Ok(false);
    }
    cx.sys.write("/etc/group", out.as_bytes(), 0o644).map_err(|e| format!("/etc/group: {e}"))?;
    if let Some(shadow) = read_text(cx, "/etc/gshadow") {
        let mut out = String::new();
        for line in shadow.lines() {
            let mut f: Vec<String> = line.split(':').map(String::from).collect();
            if f.first().map(String::as_str) == Some(group) && f.len() >= 4 {
                let mut members: Vec<String> = f[3].split(',').filter(|s| !s.is_empty()).map(String::from).collect();
                if !members.iter().any(|m| m == user) {
                    members.push(user.to_string());
                }
                f[3] = members.join(",");
                out.push_str(&f.join(":"));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        let _ = cx.sys.write("/etc/gshadow", out.as_bytes(), 0o640);
    }
    Ok(true)
}

/// The first free id counting up from `from` (to `to`), or down when `down`.
fn free_id(used: &[u32], from: u32, to: u32, down: bool) -> Option<u32> {
    if down {
        (to..=from).rev().find(|id| !used.contains(id))
    } else {
        (from..=to).find(|id| !used.contains(id))
    }
}

struct NewUser {
    name: String,
    uid: Option<u32>,
    /// Primary group by name (must exist) — or `None` to create one named after the user.
    group: Option<String>,
    gecos: String,
    home: String,
    shell: String,
    system: bool,
    create_home: bool,
    create_group: bool,
    locked_password: bool,
    supplementary: Vec<String>,
}

/// Creates the user's entries and home directory; returns (uid, gid, created group name) or an error message
/// and exit status.
/// (uid, gid, name of a group created for the user), or a message and an exit status.
type Created = Result<(u32, u32, Option<String>), (String, i32)>;

fn create_user(cx: &mut Cx, u: &NewUser, down_for_system: bool) -> R<Created> {
    if cx.uid() != 0 {
        return Ok(Err(("Permission denied (you must be root)".to_string(), 1)));
    }
    let users = passwd(cx);
    let all_groups = groups(cx);
    if users.iter().any(|e| e.name == u.name) {
        return Ok(Err((format!("user '{}' in use", u.name), 1)));
    }
    let used_uids: Vec<u32> = users.iter().map(|e| e.uid).collect();
    let used_gids: Vec<u32> = all_groups.iter().map(|g| g.gid).collect();
    let uid = match u.uid {
        Some(uid) => uid,
        None => {
            let found = if u.system {
                if down_for_system {
                    free_id(&used_uids, 999, 100, true)
                } else {
                    free_id(&used_uids, 100, 999, false)
                }
            } else {
                free_id(&used_uids, 1000, 60000, false)
            };
            match found {
                Some(id) => id,
                None => return Ok(Err(("no free user id".to_string(), 1))),
            }
        }
    };
    let mut created_group = None;
    let gid = match &u.group {
        Some(g) => match all_groups.iter().find(|e| &e.name == g || e.gid.to_string() == *g) {
            Some(e) => e.gid,
            None => match g.parse::<u32>() {
                Ok(n) if !u.create_group => n,
                _ => return Ok(Err((format!("group '{g}' does not exist"), 6))),
            },
        },
        None if u.create_group => {
            if all_groups.iter().any(|g| g.name == u.name) {
                return Ok(Err((format!("group '{}' in use", u.name), 9)));
            }
            let gid = if used_gids.contains(&uid) {
                free_id(&used_gids, if u.system { 100 } else { 1000 }, 60000, false).unwrap_or(uid)
            } else {
                uid
            };
            if let Err(message) = append_line(cx, "/etc/group", &format!("{}:x:{gid}:", u.name), 0o644) {
                return Ok(Err((message, 1)));
            }
            if cx.sys.stat("/etc/gshadow").is_ok() {
                let _ = append_line(cx, "/etc/gshadow", &format!("{}:!::", u.name), 0o640);
            }
            created_group = Some(u.name.clone());
            gid
        }
        None => 65534,
    };
    let line = format!("{}:x:{uid}:{gid}:{}:{}:{}", u.name, u.gecos, u.home, u.shell);
    if let Err(message) = append_line(cx, "/etc/passwd", &line, 0o644) {
        return Ok(Err((message, 1)));
    }
    let days = cx.sys.now().max(0) / 86400;
    let password = if u.locked_password { "!" } else { "*" };
    let shadow = format!("{}:{password}:{days}:0:99999:7:::", u.name);
    let _ = append_line(cx, "/etc/shadow", &shadow, 0o640);
    for group in &u.supplementary {
        match add_member(cx, group, &u.name) {
            Ok(true) => {}
            Ok(false) => return Ok(Err((format!("group '{group}' does not exist"), 6))),
            Err(message) => return Ok(Err((message, 1))),
        }
    }
    if u.create_home && cx.sys.stat(&u.home).is_err() {
        let mut current = String::new();
        for comp in u.home.split('/').filter(|c| !c.is_empty()) {
            current.push('/');
            current.push_str(comp);
            if cx.sys.stat(&current).is_err() {
                let _ = cx.sys.mkdir(&current, 0o755);
            }
        }
        copy_skel(cx, &u.home, uid, gid)?;
        let _ = cx.sys.chown(&u.home, Some(uid), Some(gid));
    }
    Ok(Ok((uid, gid, created_group)))
}

/// Copies /etc/skel into a new home directory, owned by the new user.
fn copy_skel(cx: &mut Cx, home: &str, uid: u32, gid: u32) -> R<()> {
    let mut stack = vec![("/etc/skel".to_string(), home.to_string())];
    while let Some((from, to)) = stack.pop() {
        cx.step()?;
        let Ok(entries) = cx.sys.read_dir(&from) else { continue };
        for entry in entries {
            let src = format!("{from}/{}", entry.name);
            let dst = format!("{to}/{}", entry.name);
            if entry.stat.is_dir() {
                let _ = cx.sys.mkdir(&dst, entry.stat.mode);
                stack.push((src, dst.clone()));
            } else if entry.stat.is_file() {
                if let Ok(data) = cx.sys.read(&src) {
                    let _ = cx.sys.write(&dst, &data, entry.stat.mode);
                }
            } else if let Ok(target) = cx.sys.read_link(&src) {
                let _ = cx.sys.symlink(&target, &dst);
            }
            let _ = cx.sys.chown(&dst, Some(uid), Some(gid));
        }
    }
    Ok(())
}

fn create_group(
    cx: &mut Cx,
    name: &str,
    gid: Option<u32>,
    system: bool,
    down_for_system: bool,
) -> Result<u32, (String, i32)> {
    if cx.uid() != 0 {
        return Err(("Permission denied (you must be root)".to_string(), 1));
    }
    let all = groups(cx);
    if all.iter().any(|g| g.name == name) {
        return Err((format!("group '{name}' in use"), 9));
    }
    let used: Vec<u32> = all.iter().map(|g| g.gid).collect();
    let gid = match gid {
        Some(g) => {
            if used.contains(&g) {
                return Err((format!("GID '{g}' already exists"), 4));
            }
            g
        }
        None => {
            let found = if system {
                if down_for_system {
                    free_id(&used, 999, 100, true)
                } else {
                    free_id(&used, 100, 999, false)
                }
            } else {
                free_id(&used, 1000, 60000, false)
            };
            found.ok_or_else(|| ("no free group id".to_string(), 4))?
        }
    };
    append_line(cx, "/etc/group", &format!("{name}:x:{gid}:"), 0o644).map_err(|m| (m, 10))?;
    if cx.sys.stat("/etc/gshadow").is_ok() {
        let _ = append_line(cx, "/etc/gshadow", &format!("{name}:!::"), 0o640);
    }
    Ok(gid)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name.len() <= 32
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'$'))
}

/// Debian's adduser (a Perl script) takes long options; busybox's takes short ones.
fn debian_style(args: &[String]) -> bool {
    args.iter().any(|a| a.starts_with("--"))
}

pub fn adduser(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    if debian_style(&args) {
        return adduser_debian(cx, &args);
    }
    let opts = match getopt(&args, "h:g:s:G:SDHu:k:", &[]) {
        Ok(o) => o,
        Err(message) => return cx.fail(&message),
    };
    let Some(name) = opts.operands.first().cloned() else {
        return cx.fail("usage: adduser [-h DIR] [-g GECOS] [-s SHELL] [-G GRP] [-S] [-D] [-H] [-u UID] USER [GROUP]");
    };
    if let Some(group) = opts.operands.get(1) {
        // `adduser USER GROUP`: add an existing user to an existing group.
        if !passwd(cx).iter().any(|e| e.name == name) {
            return cx.fail(&format!("unknown user {name}"));
        }
        return match add_member(cx, group, &name) {
            Ok(true) => Ok(0),
            Ok(false) => cx.fail(&format!("unknown group {group}")),
            Err(message) => cx.fail(&message),
        };
    }
    if !valid_name(&name) {
        return cx.fail(&format!("invalid user name '{name}'"));
    }
    let system = opts.has('S');
    let uid = match opts.value('u').map(|u| u.parse::<u32>()) {
        None => None,
        Some(Ok(u)) => Some(u),
        Some(Err(_)) => return cx.fail(&format!("invalid number '{}'", opts.value('u').unwrap_or(""))),
    };
    let group = opts.value('G').map(str::to_string);
    let nogroup = system && group.is_none();
    let user = NewUser {
        name: name.clone(),
        uid,
        group: if nogroup { Some("nogroup".to_string()) } else { group },
        gecos: opts.value('g').unwrap_or("Linux User,,,").to_string(),
        home: opts.value('h').map_or_else(|| format!("/home/{name}"), str::to_string),
        shell: opts
            .value('s')
            .map_or_else(|| if system { "/sbin/nologin" } else { "/bin/sh" }.to_string(), str::to_string),
        system,
        create_home: !opts.has('H'),
        create_group: !nogroup && opts.value('G').is_none(),
        locked_password: true,
        supplementary: Vec::new(),
    };
    let user = if nogroup && !groups(cx).iter().any(|g| g.name == "nogroup") {
        NewUser { group: Some("65533".to_string()), ..user }
    } else {
        user
    };
    match create_user(cx, &user, false)? {
        Ok(_) => {}
        Err((message, _)) => return cx.fail(&message),
    }
    if !opts.has('D') && !system {
        // busybox runs passwd next, which needs a terminal; a build has none.
        cx.outs(&format!("Changing password for {name}\nNew password: \n"))?;
        cx.errs("passwd: no terminal to read a password from (use adduser -D in a Dockerfile)\n")?;
        cx.errs(&format!("passwd: password for {name} is unchanged\n"))?;
        return Ok(1);
    }
    Ok(0)
}

fn adduser_debian(cx: &mut Cx, args: &[String]) -> R<i32> {
    let opts = match getopt(
        args,
        "qD",
        &[
            ("disabled-password", 'p'),
            ("disabled-login", 'l'),
            ("gecos=", 'g'),
            ("comment=", 'g'),
            ("home=", 'h'),
            ("shell=", 's'),
            ("uid=", 'u'),
            ("gid=", 'G'),
            ("ingroup=", 'i'),
            ("system", 'S'),
            ("group", 'R'),
            ("no-create-home", 'H'),
            ("quiet", 'q'),
            ("force-badname", 'f'),
            ("allow-bad-names", 'f'),
        ],
    ) {
        Ok(o) => o,
        Err(message) => return cx.fail(&message),
    };
    let Some(name) = opts.operands.first().cloned() else { return cx.fail("Only one or two names allowed.") };
    let quiet = opts.has('q');
    if opts.has('R') {
        return match create_group(cx, &name, opts.value('G').and_then(|g| g.parse().ok()), opts.has('S'), true) {
            Ok(gid) => {
                if !quiet {
                    cx.outs(&format!("Adding group `{name}' (GID {gid}) ...\nDone.\n"))?;
                }
                Ok(0)
            }
            Err((message, _)) => cx.fail(&message),
        };
    }
    if let Some(group) = opts.operands.get(1) {
        if !passwd(cx).iter().any(|e| e.name == name) {
            return cx.fail(&format!("The user `{name}' does not exist."));
        }
        return match add_member(cx, group, &name) {
            Ok(true) => {
                if !quiet {
                    cx.outs(&format!("Adding user `{name}' to group `{group}' ...\nDone.\n"))?;
                }
                Ok(0)
            }
            Ok(false) => cx.fail(&format!("The group `{group}' does not exist.")),
            Err(message) => cx.fail(&message),
        };
    }
    let system = opts.has('S');
    let group = opts.value('i').map(str::to_string).or_else(|| opts.value('G').map(str::to_string));
    let user = NewUser {
        name: name.clone(),
        uid: opts.value('u').and_then(|u| u.parse().ok()),
        group: group.clone().or_else(|| system.then(|| "nogroup".to_string())),
        gecos: opts.value('g').unwrap_or("").to_string(),
        home: opts
            .value('h')
            .map_or_else(|| if system { "/nonexistent".to_string() } else { format!("/home/{name}") }, str::to_string),
        shell: opts
            .value('s')
            .map_or_else(|| if system { "/usr/sbin/nologin" } else { "/bin/bash" }.to_string(), str::to_string),
        system,
        create_home: !opts.has('H') && !system,
        create_group: group.is_none() && !system,
        locked_password: true,
        supplementary: Vec::new(),
    };
    let (uid, gid, created) = match create_user(cx, &user, true)? {
        Ok(r) => r,
        Err((message, _)) => return cx.fail(&message),
    };
    if !quiet {
        let mut text = String::new();
        if system {
            text.push_str(&format!("Adding system user `{name}' (UID {uid}) ...\n"));
        } else {
            text.push_str(&format!("Adding user `{name}' ...\n"));
        }
        if let Some(g) = &created {
            text.push_str(&format!("Adding new group `{g}' ({gid}) ...\n"));
        }
        let gname = group_names(cx).get(&gid).cloned().unwrap_or_else(|| gid.to_string());
        text.push_str(&format!("Adding new user `{name}' ({uid}) with group `{gname}' ...\n"));
        if user.create_home {
            text.push_str(&format!(
                "Creating home directory `{}' ...\nCopying files from `/etc/skel' ...\n",
                user.home
            ));
        }
        cx.outs(&text)?;
    }
    if !opts.has('p') && !opts.has('l') && !system {
        cx.outs("New password: ")?;
        cx.errs("passwd: Authentication token manipulation error (no terminal in a build: use --disabled-password)\npasswd: password unchanged\n")?;
        return Ok(1);
    }
    Ok(0)
}

pub fn addgroup(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    if debian_style(&args) {
        let opts = match getopt(&args, "q", &[("system", 'S'), ("gid=", 'g'), ("quiet", 'q')]) {
            Ok(o) => o,
            Err(message) => return cx.fail(&message),
        };
        let Some(name) = opts.operands.first().cloned() else { return cx.fail("Only one or two names allowed.") };
        return match create_group(cx, &name, opts.value('g').and_then(|g| g.parse().ok()), opts.has('S'), true) {
            Ok(gid) => {
                if !opts.has('q') {
                    let what = if opts.has('S') { "system group" } else { "group" };
                    cx.outs(&format!("Adding {what} `{name}' (GID {gid}) ...\nDone.\n"))?;
                }
                Ok(0)
            }
            Err((message, _)) => cx.fail(&message),
        };
    }
    let opts = match getopt(&args, "g:S", &[]) {
        Ok(o) => o,
        Err(message) => return cx.fail(&message),
    };
    match opts.operands.as_slice() {
        [user, group] => {
            if !passwd(cx).iter().any(|e| &e.name == user) {
                return cx.fail(&format!("unknown user {user}"));
            }
            match add_member(cx, group, user) {
                Ok(true) => Ok(0),
                Ok(false) => cx.fail(&format!("unknown group {group}")),
                Err(message) => cx.fail(&message),
            }
        }
        [name] => {
            if !valid_name(name) {
                return cx.fail(&format!("invalid group name '{name}'"));
            }
            let gid = match opts.value('g').map(|g| g.parse::<u32>()) {
                None => None,
                Some(Ok(g)) => Some(g),
                Some(Err(_)) => return cx.fail(&format!("invalid number '{}'", opts.value('g').unwrap_or(""))),
            };
            match create_group(cx, name, gid, opts.has('S'), false) {
                Ok(_) => Ok(0),
                Err((message, _)) => cx.fail(&message),
            }
        }
        _ => cx.fail("usage: addgroup [-g GID] [-S] [USER] GROUP"),
    }
}

pub fn useradd(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let opts = match getopt(
        &args,
        "mMu:g:G:s:rd:c:NUolp:e:f:k:K:b:",
        &[
            ("create-home", 'm'),
            ("no-create-home", 'M'),
            ("uid=", 'u'),
            ("gid=", 'g'),
            ("groups=", 'G'),
            ("shell=", 's'),
            ("system", 'r'),
            ("home-dir=", 'd'),
            ("comment=", 'c'),
            ("no-user-group", 'N'),
            ("user-group", 'U'),
            ("non-unique", 'o'),
            ("no-log-init", 'l'),
            ("password=", 'p'),
        ],
    ) {
        Ok(o) => o,
        Err(message) => {
            cx.warn(&message)?;
            return Ok(2);
        }
    };
    let Some(name) = opts.operands.first().cloned() else {
        cx.errs("Usage: useradd [options] LOGIN\n")?;
        return Ok(2);
    };
    if !valid_name(&name) {
        cx.warn(&format!("invalid user name '{name}'"))?;
        return Ok(3);
    }
    if passwd(cx).iter().any(|e| e.name == name) {
        cx.warn(&format!("user '{name}' already exists"))?;
        return Ok(9);
    }
    let uid = match opts.value('u').map(|u| u.parse::<u32>()) {
        None => None,
        Some(Ok(u)) => Some(u),
        Some(Err(_)) => {
            cx.warn(&format!("invalid user ID '{}'", opts.value('u').unwrap_or("")))?;
            return Ok(3);
        }
    };
    let group = opts.value('g').map(str::to_string);
    if let Some(g) = &group {
        if lookup_group(cx, g).is_none()
            || (g.parse::<u32>().is_ok() && !groups(cx).iter().any(|e| e.gid.to_string() == *g))
        {
            cx.warn(&format!("group '{g}' does not exist"))?;
            return Ok(6);
        }
    }
    let supplementary: Vec<String> =
        opts.value('G').map_or(Vec::new(), |g| g.split(',').filter(|s| !s.is_empty()).map(String::from).collect());
    for g in &supplementary {
        if !groups(cx).iter().any(|e| &e.name == g) {
            cx.warn(&format!("group '{g}' does not exist"))?;
            return Ok(6);
        }
    }
    if group.is_none() && !opts.has('N') && groups(cx).iter().any(|g| g.name == name) {
        cx.warn(&format!("group {name} exists - if you want to add this user to that group, use -g."))?;
        return Ok(9);
    }
    let user = NewUser {
        name: name.clone(),
        uid,
        group: group.clone().or_else(|| opts.has('N').then(|| "100".to_string())),
        gecos: opts.value('c').unwrap_or("").to_string(),
        home: opts.value('d').map_or_else(|| format!("/home/{name}"), str::to_string),
        shell: opts.value('s').unwrap_or("/bin/sh").to_string(),
        system: opts.has('r'),
        create_home: opts.has('m') && !opts.has('M'),
        create_group: group.is_none() && !opts.has('N'),
        locked_password: true,
        supplementary,
    };
    match create_user(cx, &user, true)? {
        Ok(_) => Ok(0),
        Err((message, status)) => {
            cx.warn(&message)?;
            Ok(if status == 1 { 1 } else { status })
        }
    }
}

pub fn groupadd(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let opts = match getopt(&args, "g:rfoK:p:", &[("gid=", 'g'), ("system", 'r'), ("force", 'f'), ("non-unique", 'o')])
    {
        Ok(o) => o,
        Err(message) => {
            cx.warn(&message)?;
            return Ok(2);
        }
    };
    let Some(name) = opts.operands.first().cloned() else {
        cx.errs("Usage: groupadd [options] GROUP\n")?;
        return Ok(2);
    };
    if groups(cx).iter().any(|g| g.name == name) {
        if opts.has('f') {
            return Ok(0);
        }
        cx.warn(&format!("group '{name}' already exists"))?;
        return Ok(9);
    }
    let gid = match opts.value('g').map(|g| g.parse::<u32>()) {
        None => None,
        Some(Ok(g)) => Some(g),
        Some(Err(_)) => {
            cx.warn(&format!("invalid group ID '{}'", opts.value('g').unwrap_or("")))?;
            return Ok(3);
        }
    };
    match create_group(cx, &name, gid, opts.has('r'), true) {
        Ok(_) => Ok(0),
        Err((message, status)) => {
            cx.warn(&message)?;
            Ok(status)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_passwd_and_group() {
        let users = parse_passwd("root:x:0:0:root:/root:/bin/ash\nbad line\napp:x:1000:1000::/home/app:/bin/sh\n");
        assert_eq!(users.len(), 2);
        assert_eq!(users[1].home, "/home/app");
        let groups = parse_group("root:x:0:root\nwheel:x:10:root,app\nempty:x:5:\n");
        assert_eq!(groups[1].members, vec!["root", "app"]);
        assert!(groups[2].members.is_empty());
        assert_eq!(free_id(&[1000, 1001], 1000, 2000, false), Some(1002));
        assert_eq!(free_id(&[999], 999, 100, true), Some(998));
    }

    #[test]
    fn user_specs_resolve_like_docker() {
        let mut fs = crate::shell::testkit::image();
        crate::shell::testkit::run_in(&mut fs, "adduser -D -u 1001 app");
        let sys = crate::shell::VfsSystem::new(&mut fs);
        let app = resolve_user(&sys, "app").unwrap();
        assert_eq!((app.uid, app.gid, app.home.as_str()), (1001, 1001, "/home/app"));
        assert_eq!(resolve_user(&sys, "app:wheel").unwrap().gid, 10);
        assert_eq!(resolve_user(&sys, "1001").unwrap().name, "app");
        assert_eq!(
            resolve_user(&sys, "4242").unwrap(),
            UserSpec { uid: 4242, gid: 0, name: "4242".into(), home: "/".into() }
        );
        assert_eq!(resolve_user(&sys, "4242:99").unwrap().gid, 99);
        assert_eq!(
            resolve_user(&sys, "ghost").unwrap_err(),
            "unable to find user ghost: no matching entries in passwd file"
        );
        assert!(resolve_user(&sys, "app:ghosts").is_err());
    }
}
