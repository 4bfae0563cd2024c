//! `apk` (Alpine's apk-tools 2.14): `add` (with `--no-cache`, `-U`, `--virtual`), `del`, `update`, `upgrade`,
//! `info`, `search`, `cache clean`. It keeps `/etc/apk/world` and `/lib/apk/db/installed`, and leaves the index in
//! `/var/cache/apk` unless `--no-cache` — the difference a student sees in the layer size.

use super::{honest_line, install_specs, installed, platform, read_text, remove_specs, write_text};
use crate::images::packages::{self, apk_index, apk_index_cache, InstallDirs, PackageIndex};
use crate::images::{Arch, Distro, OsFamily};
use crate::shell::applets::Cx;
use crate::shell::interp::R;
use std::collections::{BTreeMap, BTreeSet};

const DB: &str = "/lib/apk/db/installed";
const WORLD: &str = "/etc/apk/world";
const REPOSITORIES: [&str; 2] = ["main", "community"];

struct Options {
    no_cache: bool,
    update: bool,
    quiet: bool,
    virtual_name: Option<String>,
}

/// A package name without a version constraint (`curl=8.1.0-r0`, `python3>3.10`).
fn bare_name(spec: &str) -> &str {
    spec.split(['=', '<', '>', '~']).next().unwrap_or(spec)
}

fn release(distro: Distro) -> &'static str {
    if distro == Distro::Alpine317 {
        "v3.17"
    } else {
        "v3.20"
    }
}

/// Installed stanzas by name: (version, dependencies of virtual packages, the stanza text).
fn read_db(cx: &mut Cx) -> Vec<(String, String, String)> {
    let text = read_text(cx, DB).unwrap_or_default();
    text.split("\n\n")
        .filter(|s| !s.trim().is_empty())
        .filter_map(|stanza| {
            let pairs = installed(&format!("{stanza}\n\n"));
            let (name, _) = pairs.first()?.clone();
            Some((name, stanza.trim_matches('\n').to_string(), stanza_deps(stanza)))
        })
        .map(|(name, stanza, deps)| (name, deps, stanza))
        .collect()
}

fn stanza_deps(stanza: &str) -> String {
    stanza.lines().find_map(|l| l.strip_prefix("D:")).unwrap_or("").to_string()
}

fn write_db(cx: &mut Cx, stanzas: &[String]) -> Result<(), String> {
    let mut text = String::new();
    for stanza in stanzas {
        text.push_str(stanza.trim_matches('\n'));
        text.push_str("\n\n");
    }
    write_text(cx, DB, &text, 0o644)
}

fn read_world(cx: &mut Cx) -> Vec<String> {
    read_text(cx, WORLD).unwrap_or_default().split_whitespace().map(str::to_string).collect()
}

fn write_world(cx: &mut Cx, world: &BTreeSet<String>) -> Result<(), String> {
    let text: String = world.iter().map(|w| format!("{w}\n")).collect();
    write_text(cx, WORLD, &text, 0o644)
}

/// Every package the world needs: real packages' dependencies from the index, virtual ones' from their stanza.
fn closure(index: &PackageIndex, world: &[String], virtuals: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = world.iter().map(|w| bare_name(w).to_string()).collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(deps) = virtuals.get(&name) {
            stack.extend(deps.split_whitespace().map(|d| bare_name(d).to_string()));
        } else if let Some(package) = index.get(&name) {
            for dep in &package.depends {
                if let Some(choice) = dep.split('|').map(str::trim).find(|alt| index.get(alt).is_some()) {
                    stack.push(choice.to_string());
                }
            }
        }
    }
    seen
}

fn ok_line(cx: &mut Cx, index: &PackageIndex) -> R<()> {
    let db = read_db(cx);
    let kib: u64 = db.iter().filter_map(|(name, _, _)| index.get(name)).map(|p| u64::from(p.size_kb)).sum();
    let mib = kib.div_ceil(1024);
    cx.outs(&format!("OK: {mib} MiB in {} packages\n", db.len()))
}

fn fetch_lines(cx: &mut Cx, distro: Distro, arch: Arch, write_cache: bool) -> R<Result<(), String>> {
    for repository in REPOSITORIES {
        cx.outs(&format!(
            "fetch https://dl-cdn.alpinelinux.org/alpine/{}/{repository}/{}/APKINDEX.tar.gz\n",
            release(distro),
            arch.uname_machine()
        ))?;
    }
    if write_cache {
        let specs = apk_index_cache(distro, arch);
        return install_specs(cx, &specs);
    }
    Ok(Ok(()))
}

fn cache_present(cx: &mut Cx) -> bool {
    cx.sys.read_dir("/var/cache/apk").is_ok_and(|entries| entries.iter().any(|e| e.name.starts_with("APKINDEX.")))
}

pub fn apk(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let mut options = Options { no_cache: false, update: false, quiet: false, virtual_name: None };
    let mut operands = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        match arg.as_str() {
            "--no-cache" => options.no_cache = true,
            "-U" | "--update-cache" => options.update = true,
            "-q" | "--quiet" => options.quiet = true,
            "-t" | "--virtual" => {
                options.virtual_name = args.get(i).cloned();
                i += 1;
            }
            "-X" | "--repository" | "--root" | "-p" | "--arch" | "--keys-dir" | "--repositories-file" => i += 1,
            "-V" | "--version" => {
                cx.outs("apk-tools 2.14.4, compiled for x86_64 (simulated by layerlab).\n")?;
                return Ok(0);
            }
            a if a.starts_with("--virtual=") => options.virtual_name = Some(a["--virtual=".len()..].to_string()),
            a if a.starts_with('-') => {}
            _ => operands.push(arg.clone()),
        }
    }
    let Some(command) = operands.first().cloned() else {
        cx.outs("apk-tools 2.14.4 (simulated by layerlab)\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n")?;
        return Ok(1);
    };
    let names: Vec<String> = operands[1..].to_vec();
    let (distro, arch) = platform(cx);
    let Some(distro) = distro.filter(|d| d.family() == OsFamily::Alpine) else {
        cx.errs("ERROR: layerlab's apk needs an Alpine tree (no Alpine /etc/os-release here)\n")?;
        return Ok(1);
    };
    let index = apk_index(distro, arch);
    let changes = matches!(command.as_str(), "add" | "del" | "delete" | "update" | "upgrade" | "fix");
    if changes && cx.uid() != 0 {
        cx.errs("ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n")?;
        return Ok(99);
    }
    match command.as_str() {
        "add" => add(cx, &index, distro, arch, &options, &names),
        "del" | "delete" => del(cx, &index, &names),
        "update" => {
            honest_line(cx, "apk")?;
            if let Err(message) = fetch_lines(cx, distro, arch, !options.no_cache)? {
                return cx.fail(&message);
            }
            for repository in REPOSITORIES {
                cx.outs(&format!(
                    "{}-{} [https://dl-cdn.alpinelinux.org/alpine/{}/{repository}]\n",
                    release(distro),
                    if repository == "main" { "1-g2f6c0b4e5b5" } else { "2-g35a2f2b54df" },
                    release(distro)
                ))?;
            }
            cx.outs(&format!("OK: {} distinct packages available\n", index.len()))?;
            Ok(0)
        }
        "upgrade" | "fix" => {
            honest_line(cx, "apk")?;
            if options.update || options.no_cache || !cache_present(cx) {
                if let Err(message) = fetch_lines(cx, distro, arch, !options.no_cache)? {
                    return cx.fail(&message);
                }
            }
            ok_line(cx, &index)?;
            Ok(0)
        }
        "info" | "list" => {
            let db = read_db(cx);
            let verbose = args.iter().any(|a| a == "-v" || a == "-vv" || a == "--installed" || a == "-I");
            if names.is_empty() || command == "list" {
                let text: String = db
                    .iter()
                    .map(|(name, _, stanza)| {
                        let version =
                            installed(&format!("{stanza}\n\n")).first().map(|p| p.1.clone()).unwrap_or_default();
                        if verbose || command == "list" {
                            format!("{name}-{version}\n")
                        } else {
                            format!("{name}\n")
                        }
                    })
                    .collect();
                cx.outs(&text)?;
                return Ok(0);
            }
            let mut status = 0;
            for name in &names {
                let is_installed = db.iter().any(|(n, _, _)| n == name);
                if args.iter().any(|a| a == "-e" || a == "--installed") {
                    if is_installed {
                        cx.outs(&format!("{name}\n"))?;
                    } else {
                        status = 1;
                    }
                    continue;
                }
                match index.get(name) {
                    Some(p) => cx.outs(&format!(
                        "{}-{} description:\n{}\n\n{}-{} webpage:\nhttps://pkgs.alpinelinux.org/package/{}\n\n{}-{} installed size:\n{} KiB\n\n",
                        p.name, p.version, p.description, p.name, p.version, p.name, p.name, p.version, p.size_kb
                    ))?,
                    None => status = 1,
                }
            }
            Ok(status)
        }
        "search" => {
            let text: String = index
                .packages()
                .iter()
                .filter(|p| names.iter().all(|n| p.name.contains(n.as_str())))
                .map(|p| format!("{}-{}\n", p.name, p.version))
                .collect();
            cx.outs(&text)?;
            Ok(0)
        }
        "cache" => {
            if names.first().is_some_and(|n| n == "clean" || n == "purge") {
                if let Ok(entries) = cx.sys.read_dir("/var/cache/apk") {
                    for entry in entries {
                        let _ = cx.sys.remove(&format!("/var/cache/apk/{}", entry.name), true);
                    }
                }
                return Ok(0);
            }
            cx.errs("ERROR: Package cache is not enabled.\n")?;
            Ok(1)
        }
        "version" | "stats" | "policy" | "dot" | "audit" | "verify" | "manifest" => {
            cx.errs(&format!("layerlab: `apk {command}` is not simulated\n"))?;
            Ok(1)
        }
        other => {
            cx.errs(&format!("apk-tools 2.14.4 (simulated by layerlab)\n\nERROR: '{other}' is not an apk command. See 'apk --help'.\n"))?;
            Ok(1)
        }
    }
}

fn add(cx: &mut Cx, index: &PackageIndex, distro: Distro, arch: Arch, options: &Options, names: &[String]) -> R<i32> {
    if names.is_empty() {
        cx.errs("ERROR: add: missing package name\n")?;
        return Ok(1);
    }
    honest_line(cx, "apk")?;
    if options.update || options.no_cache || !cache_present(cx) {
        if let Err(message) = fetch_lines(cx, distro, arch, !options.no_cache)? {
            return cx.fail(&message);
        }
    }
    let wanted: Vec<&str> = names.iter().map(|n| bare_name(n)).collect();
    let resolved = match packages::resolve(index, &wanted) {
        Ok(r) => r,
        Err(unknown) => {
            let mut text = String::from("ERROR: unable to select packages:\n");
            for name in wanted.iter().filter(|n| index.get(n).is_none()) {
                text.push_str(&format!("  {name} (no such package):\n    required by: world[{name}]\n"));
            }
            if !text.contains("(no such package)") {
                text.push_str(&format!("  {} (no such package):\n", unknown.name));
            }
            cx.errs(&text)?;
            return Ok(1);
        }
    };
    let db = read_db(cx);
    let have: BTreeSet<String> = db.iter().map(|(n, _, _)| n.clone()).collect();
    let new: Vec<_> = resolved.into_iter().filter(|p| !have.contains(&p.name)).collect();
    let virtual_stanza = options.virtual_name.as_ref().map(|vname| {
        let version = crate::shell::applets::info::strftime("%Y%m%d.%H%M%S", cx.sys.now());
        (
            vname.clone(),
            version.clone(),
            format!(
                "P:{vname}\nV:{version}\nA:noarch\nS:0\nI:0\nT:virtual meta package\nU:\nL:\nD:{}",
                names.join(" ")
            ),
        )
    });
    let total = new.len() + usize::from(virtual_stanza.is_some());
    let mut stanzas: Vec<String> = db.iter().map(|(_, _, s)| s.clone()).collect();
    for (k, package) in new.iter().enumerate() {
        if !options.quiet {
            cx.outs(&format!("({}/{total}) Installing {} ({})\n", k + 1, package.name, package.version))?;
        }
        let specs = package.files(&InstallDirs::default());
        if let Err(message) = install_specs(cx, &specs)? {
            cx.errs(&format!("ERROR: {}-{}: {message}\n", package.name, package.version))?;
            let _ = write_db(cx, &stanzas);
            return Ok(1);
        }
        stanzas.push(packages::apk_installed_entry(package));
    }
    let mut world: BTreeSet<String> = read_world(cx).into_iter().collect();
    if let Some((vname, version, stanza)) = &virtual_stanza {
        if !options.quiet {
            cx.outs(&format!("({total}/{total}) Installing {vname} ({version})\n"))?;
        }
        stanzas.retain(|s| !s.lines().any(|l| l == format!("P:{vname}")));
        stanzas.push(stanza.clone());
        world.insert(vname.clone());
    } else {
        world.extend(names.iter().cloned());
    }
    if !new.is_empty() && !options.quiet {
        if let Some((_, version)) = installed(&stanzas.join("\n\n")).into_iter().find(|(n, _)| n == "busybox") {
            cx.outs(&format!("Executing busybox-{version}.trigger\n"))?;
        }
        if let Some(ca) = new.iter().find(|p| p.name == "ca-certificates") {
            cx.outs(&format!("Executing ca-certificates-{}.trigger\n", ca.version))?;
        }
    }
    if let Err(message) = write_db(cx, &stanzas).and_then(|()| write_world(cx, &world)) {
        cx.errs(&format!("ERROR: {message}\n"))?;
        return Ok(1);
    }
    if !options.quiet {
        ok_line(cx, index)?;
    }
    Ok(0)
}

fn del(cx: &mut Cx, index: &PackageIndex, names: &[String]) -> R<i32> {
    if names.is_empty() {
        cx.errs("ERROR: del: missing package name\n")?;
        return Ok(1);
    }
    honest_line(cx, "apk")?;
    let db = read_db(cx);
    let world_before = read_world(cx);
    let mut world_after: Vec<String> = world_before.clone();
    for name in names {
        if !world_before.iter().any(|w| bare_name(w) == name) {
            if db.iter().any(|(n, _, _)| n == name) {
                cx.errs(&format!("WARNING: {name} is not in the world file; it is kept as a dependency\n"))?;
            } else {
                cx.errs(&format!("ERROR: No such package: {name}\n"))?;
                return Ok(1);
            }
        }
        world_after.retain(|w| bare_name(w) != name);
    }
    let virtuals: BTreeMap<String, String> = db
        .iter()
        .filter(|(name, _, _)| index.get(name).is_none())
        .map(|(name, deps, _)| (name.clone(), deps.clone()))
        .collect();
    let before = closure(index, &world_before, &virtuals);
    let after = closure(index, &world_after, &virtuals);
    let purge: Vec<&(String, String, String)> =
        db.iter().filter(|(name, _, _)| before.contains(name) && !after.contains(name)).collect();
    let total = purge.len();
    for (k, (name, _, stanza)) in purge.iter().rev().enumerate() {
        let version = installed(&format!("{stanza}\n\n")).first().map(|p| p.1.clone()).unwrap_or_default();
        cx.outs(&format!("({}/{total}) Purging {name} ({version})\n", k + 1))?;
        if let Some(package) = index.get(name) {
            let specs = package.files(&InstallDirs::default());
            remove_specs(cx, &specs)?;
        }
    }
    let purged: BTreeSet<&String> = purge.iter().map(|(n, _, _)| n).collect();
    let stanzas: Vec<String> = db.iter().filter(|(n, _, _)| !purged.contains(n)).map(|(_, _, s)| s.clone()).collect();
    let world: BTreeSet<String> = world_after.into_iter().collect();
    if let Err(message) = write_db(cx, &stanzas).and_then(|()| write_world(cx, &world)) {
        cx.errs(&format!("ERROR: {message}\n"))?;
        return Ok(1);
    }
    ok_line(cx, index)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_closures() {
        assert_eq!(bare_name("curl=8.1.0-r0"), "curl");
        assert_eq!(bare_name("python3>3.10"), "python3");
        let index = apk_index(Distro::Alpine320, Arch::Amd64);
        let mut virtuals = BTreeMap::new();
        virtuals.insert(".deps".to_string(), "curl".to_string());
        let needed = closure(&index, &[".deps".to_string()], &virtuals);
        assert!(needed.contains("curl") && needed.contains("libcurl") && needed.contains(".deps"));
    }
}
