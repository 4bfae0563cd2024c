//! `apt-get`/`apt` (update, install, remove/purge, autoremove, clean, upgrade) and `dpkg` (`-l`, `-s`, `-L`,
//! `--print-architecture`) for Debian and Ubuntu trees. `apt-get update` writes `/var/lib/apt/lists/*`; `install`
//! without a prior update fails like the real one; without `-y` it asks, finds no terminal, and aborts.

use super::{honest_line, install_specs, installed, platform, read_text, remove_specs, wrap_list, write_text};
use crate::images::packages::{
    self, apt_index, apt_lists, dpkg_info_list, dpkg_status_entry, InstallDirs, Package, PackageIndex, SIZE_SCALE,
};
use crate::images::{Arch, Distro, FileSpec, OsFamily};
use crate::shell::applets::Cx;
use crate::shell::interp::R;
use std::collections::BTreeSet;

const STATUS: &str = "/var/lib/dpkg/status";
const LISTS: &str = "/var/lib/apt/lists";
const EXTENDED: &str = "/var/lib/apt/extended_states";

/// apt's SizeToStr: `590 k`, `6200 k`, `30.5 M` (the caller appends `B`).
fn size_to_str(bytes: u64) -> String {
    let units = ['\0', 'k', 'M', 'G', 'T'];
    let mut size = bytes as f64;
    for (i, unit) in units.iter().enumerate() {
        let unit_text = if *unit == '\0' { String::new() } else { unit.to_string() };
        if size < 100.0 && i != 0 {
            return format!("{size:.1} {unit_text}");
        }
        if size < 10_000.0 {
            return format!("{size:.0} {unit_text}");
        }
        size /= 1000.0;
    }
    format!("{size:.0} P")
}

fn lists_present(cx: &mut Cx) -> bool {
    cx.sys.read_dir(LISTS).is_ok_and(|entries| entries.iter().any(|e| e.name.contains("_Packages")))
}

/// `(url, suite, what, real bytes)` of each list file, for the `Get:` lines of `apt-get update`.
fn list_sources(specs: &[FileSpec]) -> Vec<(String, String, String, u64)> {
    let mut out = Vec::new();
    for spec in specs {
        let FileSpec::File { path, content, .. } = spec else { continue };
        let name = path.rsplit('/').next().unwrap_or("");
        let Some((mirror, rest)) = name.split_once("_dists_") else { continue };
        let url = match mirror.split_once('_') {
            Some((host, dir)) => format!("http://{host}/{dir}"),
            None => format!("http://{mirror}"),
        };
        let Some((suite, file)) = rest.split_once('_') else { continue };
        let what = if file == "InRelease" {
            "InRelease".to_string()
        } else {
            // main_binary-amd64_Packages.lz4 → main amd64 Packages
            let mut parts = file.split('_');
            let component = parts.next().unwrap_or("main");
            let arch = parts.next().unwrap_or("").trim_start_matches("binary-");
            format!("{component} {arch} Packages")
        };
        out.push((url, suite.to_string(), what, content.len() as u64 * SIZE_SCALE));
    }
    out
}

fn read_status(cx: &mut Cx) -> Vec<(String, String)> {
    let text = read_text(cx, STATUS).unwrap_or_default();
    text.split("\n\n")
        .filter(|s| !s.trim().is_empty())
        .filter_map(|stanza| {
            let name = stanza.lines().find_map(|l| l.strip_prefix("Package: "))?.trim().to_string();
            Some((name, format!("{}\n\n", stanza.trim_matches('\n'))))
        })
        .collect()
}

fn write_status(cx: &mut Cx, mut stanzas: Vec<(String, String)>) -> Result<(), String> {
    stanzas.sort_by(|a, b| a.0.cmp(&b.0));
    stanzas.dedup_by(|a, b| a.0 == b.0);
    let text: String = stanzas.into_iter().map(|(_, s)| s).collect();
    write_text(cx, STATUS, &text, 0o644)
}

/// What dpkg counts in "(Reading database ... N files and directories currently installed.)": the paths listed in
/// `/var/lib/dpkg/info/*.list`.
fn database_entries(cx: &mut Cx) -> usize {
    let Ok(entries) = cx.sys.read_dir("/var/lib/dpkg/info") else { return 0 };
    let mut paths = BTreeSet::new();
    for entry in entries.iter().filter(|e| e.name.ends_with(".list")) {
        if let Some(text) = read_text(cx, &format!("/var/lib/dpkg/info/{}", entry.name)) {
            paths.extend(text.lines().map(str::to_string));
        }
    }
    paths.len()
}

fn auto_installed(cx: &mut Cx) -> BTreeSet<String> {
    let text = read_text(cx, EXTENDED).unwrap_or_default();
    text.split("\n\n")
        .filter(|s| s.lines().any(|l| l.trim() == "Auto-Installed: 1"))
        .filter_map(|s| s.lines().find_map(|l| l.strip_prefix("Package: ")).map(|n| n.trim().to_string()))
        .collect()
}

fn write_auto(cx: &mut Cx, auto: &BTreeSet<String>, arch: Arch) -> Result<(), String> {
    let text: String =
        auto.iter().map(|n| format!("Package: {n}\nArchitecture: {}\nAuto-Installed: 1\n\n", arch.dpkg())).collect();
    write_text(cx, EXTENDED, &text, 0o644)
}

struct Options {
    yes: bool,
    quiet: bool,
    no_recommends: bool,
    purge: bool,
    auto_remove: bool,
}

fn header(cx: &mut Cx, quiet: bool) -> R<()> {
    if !quiet {
        cx.outs("Reading package lists...\nBuilding dependency tree...\nReading state information...\n")?;
    }
    Ok(())
}

pub fn apt_get(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let is_apt = cx.name() == "apt";
    let mut options = Options { yes: false, quiet: false, no_recommends: false, purge: false, auto_remove: false };
    let mut operands = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        match arg.as_str() {
            "-y" | "--yes" | "--assume-yes" | "-qy" | "-yq" | "-qqy" | "-yqq" => {
                options.yes = true;
                if arg.contains('q') {
                    options.quiet = true;
                }
            }
            "-q" | "-qq" | "--quiet" => options.quiet = true,
            "--no-install-recommends" => options.no_recommends = true,
            "--install-recommends" => options.no_recommends = false,
            "--purge" => options.purge = true,
            "--auto-remove" | "--autoremove" => options.auto_remove = true,
            "-o" | "-c" | "-t" | "--target-release" => i += 1,
            "-v" | "--version" => {
                cx.outs("apt 2.4.13 (amd64) (simulated by layerlab)\n")?;
                return Ok(0);
            }
            a if a.starts_with("-o") || a.starts_with("--option") => {}
            a if a.starts_with('-') => {
                if a.trim_start_matches('-').chars().all(|c| matches!(c, 'y' | 'q' | 'f' | 'm' | 'V' | 'u')) {
                    options.yes |= a.contains('y');
                    options.quiet |= a.contains('q');
                }
            }
            _ => operands.push(arg.clone()),
        }
    }
    let Some(command) = operands.first().cloned() else {
        cx.outs("apt 2.4.13 (simulated by layerlab)\nUsage: apt-get [options] command\n")?;
        return Ok(if is_apt { 1 } else { 0 });
    };
    let names: Vec<String> = operands[1..].to_vec();
    let (distro, arch) = platform(cx);
    let Some(distro) = distro.filter(|d| d.family() != OsFamily::Alpine) else {
        cx.errs("E: layerlab's apt needs a Debian or Ubuntu tree (no matching /etc/os-release here)\n")?;
        return Ok(100);
    };
    let changes = matches!(
        command.as_str(),
        "update"
            | "install"
            | "remove"
            | "purge"
            | "autoremove"
            | "upgrade"
            | "dist-upgrade"
            | "full-upgrade"
            | "clean"
    );
    if changes && cx.uid() != 0 {
        let (lock, what) = if command == "update" || command == "clean" {
            ("/var/lib/apt/lists/lock", "directory /var/lib/apt/lists/")
        } else {
            ("/var/lib/dpkg/lock-frontend", "dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?")
        };
        cx.errs(&format!(
            "E: Could not open lock file {lock} - open (13: Permission denied)\nE: Unable to lock the {what}\n"
        ))?;
        return Ok(100);
    }
    if is_apt && !options.quiet {
        cx.errs("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n")?;
    }
    let index = apt_index(distro, arch);
    match command.as_str() {
        "update" => update(cx, distro, arch, &options),
        "install" => install(cx, &index, arch, &options, &names),
        "remove" | "purge" => {
            let options = Options { purge: options.purge || command == "purge", ..options };
            remove(cx, &index, arch, &options, &names, false)
        }
        "autoremove" => remove(cx, &index, arch, &options, &[], true),
        "clean" | "autoclean" => {
            for dir in ["/var/cache/apt/archives", "/var/cache/apt/archives/partial"] {
                if let Ok(entries) = cx.sys.read_dir(dir) {
                    for entry in entries.iter().filter(|e| e.name.ends_with(".deb")) {
                        let _ = cx.sys.remove(&format!("{dir}/{}", entry.name), false);
                    }
                }
            }
            for name in ["pkgcache.bin", "srcpkgcache.bin"] {
                let _ = cx.sys.remove(&format!("/var/cache/apt/{name}"), false);
            }
            Ok(0)
        }
        "upgrade" | "dist-upgrade" | "full-upgrade" => {
            header(cx, options.quiet)?;
            cx.outs("Calculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")?;
            Ok(0)
        }
        "list" | "search" | "show" | "policy" | "source" | "build-dep" | "download" | "changelog" | "check" => {
            cx.errs(&format!("layerlab: `apt-get {command}` is not simulated\n"))?;
            Ok(100)
        }
        other => {
            cx.errs(&format!("E: Invalid operation {other}\n"))?;
            Ok(100)
        }
    }
}

fn update(cx: &mut Cx, distro: Distro, arch: Arch, options: &Options) -> R<i32> {
    honest_line(cx, "apt-get")?;
    let specs = apt_lists(distro, arch);
    let sources = list_sources(&specs);
    let mut total = 0u64;
    if !options.quiet {
        for (k, (url, suite, what, bytes)) in sources.iter().enumerate() {
            total += bytes;
            let size = size_to_str(*bytes);
            let line = if what == "InRelease" {
                format!("Get:{} {url} {suite} InRelease [{size}B]\n", k + 1)
            } else {
                let mut parts = what.split(' ');
                let component = parts.next().unwrap_or("main");
                let arch = parts.next().unwrap_or("");
                format!("Get:{} {url} {suite}/{component} {arch} Packages [{size}B]\n", k + 1)
            };
            cx.outs(&line)?;
        }
        cx.outs(&format!("Fetched {}B in 2s ({}B/s)\n", size_to_str(total), size_to_str(total / 2)))?;
    }
    if let Err(message) = install_specs(cx, &specs)? {
        cx.errs(&format!("E: {message}\n"))?;
        return Ok(100);
    }
    if !options.quiet {
        cx.outs("Reading package lists...\n")?;
    }
    Ok(0)
}

fn install(cx: &mut Cx, index: &PackageIndex, arch: Arch, options: &Options, names: &[String]) -> R<i32> {
    honest_line(cx, "apt-get")?;
    header(cx, options.quiet)?;
    let status = read_status(cx);
    let installed_names: BTreeSet<String> = status.iter().map(|(n, _)| n.clone()).collect();
    // Without lists, only what is installed is known.
    if !lists_present(cx) {
        for name in names {
            if !installed_names.contains(name.as_str()) {
                cx.errs(&format!("E: Unable to locate package {name}\n"))?;
                return Ok(100);
            }
        }
    }
    let wanted: Vec<&str> = names.iter().map(|n| n.split(['=', ':']).next().unwrap_or(n)).collect();
    for name in &wanted {
        if index.get(name).is_none() {
            cx.errs(&format!("E: Unable to locate package {name}\n"))?;
            return Ok(100);
        }
    }
    let resolved = if options.no_recommends {
        packages::resolve(index, &wanted)
    } else {
        packages::resolve_with_recommends(index, &wanted)
    };
    let resolved = match resolved {
        Ok(r) => r,
        Err(unknown) => {
            cx.errs(&format!(
                "Some packages could not be installed. This may mean that you have\nrequested an impossible situation.\n\
                 E: Unable to correct problems, you have held broken packages. ({} is missing)\n",
                unknown.name
            ))?;
            return Ok(100);
        }
    };
    let mut text = String::new();
    for name in &wanted {
        if installed_names.contains(*name) {
            if let Some(p) = index.get(name) {
                text.push_str(&format!("{} is already the newest version ({}).\n", p.name, p.version));
            }
        }
    }
    let new: Vec<&Package> = resolved.into_iter().filter(|p| !installed_names.contains(&p.name)).collect();
    let additional: Vec<String> =
        new.iter().filter(|p| !wanted.contains(&p.name.as_str())).map(|p| p.name.clone()).collect();
    if !additional.is_empty() {
        let mut sorted = additional.clone();
        sorted.sort();
        text.push_str("The following additional packages will be installed:\n");
        text.push_str(&wrap_list(&sorted));
    }
    if options.no_recommends {
        let mut recommended: Vec<String> = new
            .iter()
            .flat_map(|p| p.recommends.iter())
            .filter_map(|r| r.split('|').next().map(str::trim))
            .filter(|r| !installed_names.contains(*r) && !new.iter().any(|p| p.name == *r))
            .map(str::to_string)
            .collect();
        recommended.sort();
        recommended.dedup();
        if !recommended.is_empty() {
            text.push_str("Recommended packages:\n");
            text.push_str(&wrap_list(&recommended));
        }
    }
    let mut all_new = super::names(&new);
    all_new.sort();
    if !new.is_empty() {
        text.push_str("The following NEW packages will be installed:\n");
        text.push_str(&wrap_list(&all_new));
    }
    text.push_str(&format!("0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.\n", new.len()));
    if new.is_empty() {
        if !options.quiet {
            cx.outs(&text)?;
        }
        return Ok(0);
    }
    let archive_bytes: u64 = new.iter().map(|p| u64::from(p.size_kb) * 1024 / 3).sum();
    let installed_bytes: u64 = new.iter().map(|p| u64::from(p.size_kb) * 1024).sum();
    text.push_str(&format!("Need to get {}B of archives.\n", size_to_str(archive_bytes)));
    text.push_str(&format!(
        "After this operation, {}B of additional disk space will be used.\n",
        size_to_str(installed_bytes)
    ));
    if !options.yes {
        // apt asks and reads the answer from stdin: a terminal's line (Enter or y: go on), or nothing at all (a
        // build's /dev/null, no `-i`): abort.
        text.push_str("Do you want to continue? [Y/n] ");
        cx.outs(&text)?;
        let answer = cx.stdin();
        let line = String::from_utf8_lossy(&answer);
        let line = line.lines().next().unwrap_or("").trim().to_ascii_lowercase();
        if answer.is_empty() || !(line.is_empty() || line == "y" || line == "yes") {
            cx.outs("Abort.\n")?;
            return Ok(1);
        }
    } else if !options.quiet {
        cx.outs(&text)?;
    }
    let (distro, _) = platform(cx);
    let (url, suite) = match distro {
        Some(d) if d.family() == OsFamily::Ubuntu => ("http://archive.ubuntu.com/ubuntu", d.key().to_string()),
        Some(d) => ("http://deb.debian.org/debian", d.key().to_string()),
        None => ("http://deb.debian.org/debian", "stable".to_string()),
    };
    let mut out = String::new();
    if !options.quiet {
        for (k, p) in new.iter().enumerate() {
            let a = if p.arch_independent { "all" } else { arch.dpkg() };
            out.push_str(&format!(
                "Get:{} {url} {suite}/main {a} {} {a} {} [{}B]\n",
                k + 1,
                p.name,
                p.version,
                size_to_str(u64::from(p.size_kb) * 1024 / 3)
            ));
        }
        out.push_str("debconf: delaying package configuration, since apt-utils is not installed\n");
        out.push_str(&format!("Fetched {}B in 1s ({}B/s)\n", size_to_str(archive_bytes), size_to_str(archive_bytes)));
        let entries = database_entries(cx);
        for (k, p) in new.iter().enumerate() {
            let a = if p.arch_independent { "all" } else { arch.dpkg() };
            out.push_str(&format!("Selecting previously unselected package {}.\n", p.name));
            if k == 0 {
                out.push_str(&format!("(Reading database ... {entries} files and directories currently installed.)\n"));
            }
            let file_version = p.version.replace(':', "%3a");
            out.push_str(&format!("Preparing to unpack .../{k:02}-{}_{file_version}_{a}.deb ...\n", p.name));
            out.push_str(&format!("Unpacking {} ({}) ...\n", p.name, p.version));
        }
        cx.outs(&std::mem::take(&mut out))?;
    }
    let mut stanzas = status;
    let mut auto = auto_installed(cx);
    for p in &new {
        let mut specs = p.files(&InstallDirs::default());
        specs.push(dpkg_info_list(p));
        if let Err(message) = install_specs(cx, &specs)? {
            cx.errs(&format!("dpkg: error processing archive {}: {message}\nE: Sub-process /usr/bin/dpkg returned an error code (1)\n", p.name))?;
            let _ = write_status(cx, stanzas);
            return Ok(100);
        }
        stanzas.push((p.name.clone(), dpkg_status_entry(p)));
        if !wanted.contains(&p.name.as_str()) {
            auto.insert(p.name.clone());
        }
    }
    for name in &wanted {
        auto.remove(*name);
    }
    if let Err(message) = write_status(cx, stanzas).and_then(|()| write_auto(cx, &auto, arch)) {
        cx.errs(&format!("E: {message}\n"))?;
        return Ok(100);
    }
    if !options.quiet {
        for p in &new {
            out.push_str(&format!("Setting up {} ({}) ...\n", p.name, p.version));
        }
        if let Some(libc) = index.get("libc-bin") {
            out.push_str(&format!("Processing triggers for libc-bin ({}) ...\n", libc.version));
        }
        cx.outs(&out)?;
    }
    Ok(0)
}

fn remove(
    cx: &mut Cx,
    index: &PackageIndex,
    arch: Arch,
    options: &Options,
    names: &[String],
    autoremove: bool,
) -> R<i32> {
    honest_line(cx, "apt-get")?;
    header(cx, options.quiet)?;
    let status = read_status(cx);
    let installed_names: BTreeSet<String> = status.iter().map(|(n, _)| n.clone()).collect();
    let mut targets: Vec<String> = Vec::new();
    for name in names {
        if index.get(name).is_none() && !installed_names.contains(name) {
            cx.errs(&format!("E: Unable to locate package {name}\n"))?;
            return Ok(100);
        }
        if installed_names.contains(name) {
            targets.push(name.clone());
        } else {
            cx.outs(&format!("Package '{name}' is not installed, so not removed\n"))?;
        }
    }
    let mut auto = auto_installed(cx);
    if autoremove || options.auto_remove {
        // Automatically installed packages nothing manual needs any more.
        let manual: Vec<String> =
            installed_names.iter().filter(|n| !auto.contains(*n) && !targets.contains(n)).cloned().collect();
        let manual_refs: Vec<&str> = manual.iter().filter(|n| index.get(n).is_some()).map(String::as_str).collect();
        let needed: BTreeSet<String> = packages::resolve_with_recommends(index, &manual_refs)
            .map(|list| list.into_iter().map(|p| p.name.clone()).collect())
            .unwrap_or_default();
        for name in &auto {
            if installed_names.contains(name) && !needed.contains(name) && !targets.contains(name) {
                targets.push(name.clone());
            }
        }
    }
    let mut text = String::new();
    if !targets.is_empty() {
        let mut shown: Vec<String> =
            targets.iter().map(|n| if options.purge { format!("{n}*") } else { n.clone() }).collect();
        shown.sort();
        text.push_str("The following packages will be REMOVED:\n");
        text.push_str(&wrap_list(&shown));
    }
    text.push_str(&format!("0 upgraded, 0 newly installed, {} to remove and 0 not upgraded.\n", targets.len()));
    if targets.is_empty() {
        cx.outs(&text)?;
        return Ok(0);
    }
    let freed: u64 = targets.iter().filter_map(|n| index.get(n)).map(|p| u64::from(p.size_kb) * 1024).sum();
    text.push_str(&format!("After this operation, {}B disk space will be freed.\n", size_to_str(freed)));
    let entries = database_entries(cx);
    text.push_str(&format!("(Reading database ... {entries} files and directories currently installed.)\n"));
    for name in &targets {
        let version = installed(&status.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone()).unwrap_or_default())
            .first()
            .map(|p| p.1.clone())
            .unwrap_or_default();
        text.push_str(&format!("Removing {name} ({version}) ...\n"));
        if let Some(p) = index.get(name) {
            let specs = p.files(&InstallDirs::default());
            remove_specs(cx, &specs)?;
        }
        let _ = cx.sys.remove(&format!("/var/lib/dpkg/info/{name}.list"), false);
        auto.remove(name);
    }
    if options.purge {
        for name in &targets {
            text.push_str(&format!("Purging configuration files for {name} ...\n"));
        }
    }
    cx.outs(&text)?;
    let stanzas: Vec<(String, String)> = status.into_iter().filter(|(n, _)| !targets.contains(n)).collect();
    if let Err(message) = write_status(cx, stanzas).and_then(|()| write_auto(cx, &auto, arch)) {
        cx.errs(&format!("E: {message}\n"))?;
        return Ok(100);
    }
    Ok(0)
}

pub fn dpkg(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let (_, arch) = platform(cx);
    let status = read_status(cx);
    let Some(first) = args.first() else {
        cx.errs("dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\n")?;
        return Ok(2);
    };
    match first.as_str() {
        "--print-architecture" => {
            cx.outs(&format!("{}\n", arch.dpkg()))?;
            Ok(0)
        }
        "--version" => {
            cx.outs("Debian 'dpkg' package management program version 1.21.1 (amd64) (simulated by layerlab).\n")?;
            Ok(0)
        }
        "-l" | "--list" => {
            let mut text = String::from(
                "Desired=Unknown/Install/Remove/Purge/Hold\n\
                 | Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n\
                 |/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n\
                 ||/ Name                 Version                      Architecture Description\n\
                 +++-====================-============================-============-================================\n",
            );
            for (name, stanza) in &status {
                if args.len() > 1 && !args[1..].iter().any(|p| crate::shell::pattern::Pattern::parse(p).matches(name)) {
                    continue;
                }
                let field =
                    |key: &str| stanza.lines().find_map(|l| l.strip_prefix(key)).unwrap_or("").trim().to_string();
                text.push_str(&format!(
                    "ii  {:<20} {:<28} {:<12} {}\n",
                    name,
                    field("Version: "),
                    field("Architecture: "),
                    field("Description: ")
                ));
            }
            cx.outs(&text)?;
            Ok(0)
        }
        "-s" | "--status" | "-L" | "--listfiles" => {
            let mut code = 0;
            for name in &args[1..] {
                match status.iter().find(|(n, _)| n == name) {
                    Some((_, stanza)) if first == "-s" || first == "--status" => cx.outs(stanza)?,
                    Some(_) => match read_text(cx, &format!("/var/lib/dpkg/info/{name}.list")) {
                        Some(list) => cx.outs(&list)?,
                        None => {
                            cx.errs(&format!("dpkg-query: package '{name}' is not installed\n"))?;
                            code = 1;
                        }
                    },
                    None => {
                        cx.errs(&format!(
                            "dpkg-query: package '{name}' is not installed and no information is available\n"
                        ))?;
                        code = 1;
                    }
                }
            }
            Ok(code)
        }
        "-i" | "--install" => {
            cx.errs("dpkg: layerlab cannot install a real .deb archive (the simulation installs only catalog packages with apt-get)\n")?;
            Ok(1)
        }
        other => {
            cx.errs(&format!("dpkg: layerlab does not simulate `dpkg {other}`\n"))?;
            Ok(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apt_sizes() {
        assert_eq!(size_to_str(590_000), "590 k");
        assert_eq!(size_to_str(6_200_000), "6200 k");
        assert_eq!(size_to_str(30_500_000), "30.5 M");
        assert_eq!(size_to_str(512), "512 ");
    }
}
