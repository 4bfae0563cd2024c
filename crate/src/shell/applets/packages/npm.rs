//! `npm`: `install`/`i`/`add` (from package.json, or named packages saved into it; `-g`, `--omit=dev`,
//! `--production`), `ci` (needs a package-lock.json in sync), `run`/`start`/`test` (the package.json scripts, run by
//! the shell with `node_modules/.bin` on PATH), `cache clean --force`, `init -y`, `prune`, `-v`. Installs write
//! node_modules, package-lock.json and npm's cache in `~/.npm/_cacache` (the layer weight `npm cache clean` saves).

use super::{honest_line, install_specs, platform, read_text, write_text};
use crate::images::packages::{self, npm_registry, InstallDirs, Package, PackageIndex};
use crate::images::FileSpec;
use crate::shell::applets::Cx;
use crate::shell::interp::{Var, R};
use serde_json::Value;
use sha2::{Digest as _, Sha512};
use std::collections::BTreeMap;

/// The npm that the tree has (its package.json), or 10.8.2 (node:20's).
fn npm_version(cx: &mut Cx) -> String {
    for path in ["/usr/local/lib/node_modules/npm/package.json", "/usr/lib/node_modules/npm/package.json"] {
        if let Some(text) = read_text(cx, path) {
            if let Ok(json) = serde_json::from_str::<Value>(&text) {
                if let Some(v) = json.get("version").and_then(Value::as_str) {
                    return v.to_string();
                }
            }
        }
    }
    "10.8.2".to_string()
}

fn major(version: &str) -> u32 {
    version.split('.').next().and_then(|m| m.parse().ok()).unwrap_or(10)
}

/// `npm error …` (npm 7+) or `npm ERR! …` (npm 6) lines.
fn npm_error(cx: &mut Cx, version: &str, lines: &[&str]) -> R<()> {
    let prefix = if major(version) >= 10 { "npm error" } else { "npm ERR!" };
    let text: String =
        lines.iter().map(|l| if l.is_empty() { format!("{prefix}\n") } else { format!("{prefix} {l}\n") }).collect();
    cx.errs(&text)
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// A JSON object with string values, in the given order, indented as npm writes files.
fn object(entries: &[(String, String)], indent: usize) -> String {
    if entries.is_empty() {
        return "{}".to_string();
    }
    let pad = " ".repeat(indent + 2);
    let body: Vec<String> =
        entries.iter().map(|(k, v)| format!("{pad}{}: {}", json_string(k), json_string(v))).collect();
    format!("{{\n{}\n{}}}", body.join(",\n"), " ".repeat(indent))
}

fn string_map(value: Option<&Value>) -> Vec<(String, String)> {
    value
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("*").to_string())).collect())
        .unwrap_or_default()
}

fn integrity(package: &Package) -> String {
    let digest = Sha512::digest(format!("npm:{}@{}", package.name, package.version).as_bytes());
    let mut text = String::from("sha512-");
    text.push_str(&crate::shell::applets::base64(&digest));
    text
}

/// package-lock.json (lockfileVersion 3) for the project and what was installed.
fn lockfile(
    name: &str,
    version: &str,
    deps: &[(String, String)],
    dev: &[(String, String)],
    installed: &[&Package],
    dev_only: &[String],
) -> String {
    let mut text = format!("{{\n  \"name\": {},\n  \"version\": {},\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {{\n    \"\": {{\n      \"name\": {},\n      \"version\": {}", json_string(name), json_string(version), json_string(name), json_string(version));
    if !deps.is_empty() {
        text.push_str(&format!(",\n      \"dependencies\": {}", object(deps, 6)));
    }
    if !dev.is_empty() {
        text.push_str(&format!(",\n      \"devDependencies\": {}", object(dev, 6)));
    }
    text.push_str("\n    }");
    let mut sorted: Vec<&&Package> = installed.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for p in sorted {
        text.push_str(&format!(
            ",\n    \"node_modules/{}\": {{\n      \"version\": {},\n      \"resolved\": {},\n      \"integrity\": {}",
            p.name,
            json_string(&p.version),
            json_string(&format!(
                "https://registry.npmjs.org/{}/-/{}-{}.tgz",
                p.name,
                p.name.rsplit('/').next().unwrap_or(&p.name),
                p.version
            )),
            json_string(&integrity(p))
        ));
        if dev_only.contains(&p.name) {
            text.push_str(",\n      \"dev\": true");
        }
        text.push_str("\n    }");
    }
    text.push_str("\n  }\n}\n");
    text
}

/// Adds `name: range` to a section of package.json, keeping the rest of the text as it is.
fn save_dependency(text: &str, section: &str, name: &str, range: &str) -> String {
    let entry = format!("{}: {}", json_string(name), json_string(range));
    let key = format!("\"{section}\"");
    if let Some(at) = text.find(&key) {
        if let Some(open) = text[at..].find('{').map(|i| at + i) {
            let close = text[open..].find('}').map(|i| open + i).unwrap_or(text.len());
            let body = &text[open + 1..close];
            // Replace an existing entry for the name, else append.
            let existing = format!("{}:", json_string(name));
            if body.contains(&existing) {
                let mut lines: Vec<String> = body.lines().map(str::to_string).collect();
                for line in &mut lines {
                    if line.trim_start().starts_with(&existing) {
                        let comma = line.trim_end().ends_with(',');
                        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
                        *line = format!("{indent}{entry}{}", if comma { "," } else { "" });
                    }
                }
                return format!("{}{}{}", &text[..open + 1], lines.join("\n"), &text[close..]);
            }
            let trimmed = body.trim_end();
            let insertion = if trimmed.trim().is_empty() {
                format!("\n    {entry}\n  ")
            } else {
                format!("{trimmed},\n    {entry}\n  ")
            };
            return format!("{}{}{}", &text[..open + 1], insertion, &text[close..]);
        }
    }
    match text.rfind('}') {
        Some(end) => {
            let before = text[..end].trim_end();
            let comma = if before.ends_with('{') { "" } else { "," };
            format!("{before}{comma}\n  \"{section}\": {{\n    {entry}\n  }}\n}}\n")
        }
        None => format!("{{\n  \"{section}\": {{\n    {entry}\n  }}\n}}\n"),
    }
}

/// `(name, version range)` pairs, in package.json order.
type Deps = Vec<(String, String)>;

struct Project {
    dir: String,
    name: String,
    version: String,
    deps: Vec<(String, String)>,
    dev: Vec<(String, String)>,
    scripts: Vec<(String, String)>,
    text: String,
}

fn read_project(cx: &mut Cx, dir: &str) -> Result<Option<Project>, String> {
    let path = format!("{}/package.json", dir.trim_end_matches('/'));
    let Some(text) = read_text(cx, &path) else { return Ok(None) };
    let json: Value = serde_json::from_str(&text).map_err(|e| format!("JSON.parse Unexpected token in {path}: {e}"))?;
    let field = |k: &str| json.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let base = dir.trim_end_matches('/').rsplit('/').next().unwrap_or("app").to_string();
    Ok(Some(Project {
        dir: dir.to_string(),
        name: if field("name").is_empty() { base } else { field("name") },
        version: if field("version").is_empty() { "1.0.0".to_string() } else { field("version") },
        deps: string_map(json.get("dependencies")),
        dev: string_map(json.get("devDependencies")),
        scripts: string_map(json.get("scripts")),
        text,
    }))
}

struct Flags {
    global: bool,
    omit_dev: bool,
    save_dev: bool,
    quiet: bool,
    force: bool,
    yes: bool,
}

pub fn npm(cx: &mut Cx) -> R<i32> {
    let args = cx.args().to_vec();
    let version = npm_version(cx);
    let production_env = cx.getenv("NODE_ENV").is_some_and(|v| v == "production");
    let mut flags =
        Flags { global: false, omit_dev: production_env, save_dev: false, quiet: false, force: false, yes: false };
    let mut operands = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        match arg.as_str() {
            "-v" | "--version" if operands.is_empty() => {
                cx.outs(&format!("{version}\n"))?;
                return Ok(0);
            }
            "-g" | "--global" | "--location=global" => flags.global = true,
            "--production" | "--only=production" | "--only=prod" | "--omit=dev" => flags.omit_dev = true,
            "-D" | "--save-dev" => flags.save_dev = true,
            "-s" | "--silent" | "-q" | "--quiet" | "--loglevel=silent" | "--loglevel=error" => flags.quiet = true,
            "-f" | "--force" => flags.force = true,
            "-y" | "--yes" => flags.yes = true,
            "--prefix" | "-C" => {
                if let Some(dir) = args.get(i) {
                    i += 1;
                    operands.push(format!("--prefix={dir}"));
                }
            }
            "--" => {
                operands.extend(args[i..].iter().cloned());
                break;
            }
            a if a.starts_with('-') => {}
            _ => operands.push(arg.clone()),
        }
    }
    let prefix = operands.iter().find_map(|o| o.strip_prefix("--prefix=").map(str::to_string));
    operands.retain(|o| !o.starts_with("--prefix="));
    let cwd = prefix.map(|p| cx.abs(&p)).unwrap_or_else(|| cx.cwd());
    let Some(command) = operands.first().cloned() else {
        cx.outs(&format!("npm <command>\n\nUsage: (simulated by layerlab)\n\nnpm@{version}\n"))?;
        return Ok(1);
    };
    let rest: Vec<String> = operands[1..].to_vec();
    match command.as_str() {
        "install" | "i" | "add" | "isntall" | "in" => install(cx, &version, &cwd, &flags, &rest, false),
        "ci" | "clean-install" => install(cx, &version, &cwd, &flags, &rest, true),
        "run" | "run-script" | "rum" | "urn" => match rest.first() {
            Some(script) => run_script(cx, &version, &cwd, script, &rest[1..]),
            None => list_scripts(cx, &version, &cwd),
        },
        "start" | "test" | "t" | "tst" | "stop" | "restart" => {
            let script = if command.starts_with('t') { "test" } else { command.as_str() };
            run_script(cx, &version, &cwd, script, &rest)
        }
        "cache" => {
            if rest.first().is_some_and(|c| c == "clean" || c == "clear" || c == "rm") {
                if !flags.force {
                    npm_error(
                        cx,
                        &version,
                        &[
                            "As of npm@5, the npm cache self-heals from corruption issues",
                            "by treating integrity mismatches as cache misses.  As a result,",
                            "data extracted from the cache is guaranteed to be valid.  If you",
                            "want to make sure everything is consistent, use `npm cache verify`",
                            "instead.  Deleting the cache can only make npm go slower, and is",
                            "not likely to correct any problems you may be facing.",
                            "",
                            "On the other hand, if you're debugging an issue with the installer,",
                            "or race conditions that depend on the timing of writing to an empty",
                            "cache, you can use `npm install --cache /tmp/empty-cache` to use a",
                            "temporary cache instead of nuking the actual one.",
                            "",
                            "If you're sure you want to delete the entire cache, rerun this command",
                            "with --force.",
                        ],
                    )?;
                    return Ok(1);
                }
                let home = cx.getenv("HOME").unwrap_or_else(|| "/root".to_string());
                let _ = cx.sys.remove(&format!("{}/.npm/_cacache", home.trim_end_matches('/')), true);
                cx.errs("npm warn using --force Recommended protections disabled.\n")?;
                return Ok(0);
            }
            cx.errs("layerlab: only `npm cache clean --force` is simulated\n")?;
            Ok(1)
        }
        "init" | "create" => {
            let path = format!("{}/package.json", cwd.trim_end_matches('/'));
            if !flags.yes && !rest.iter().any(|r| r == "-y") {
                npm_error(
                    cx,
                    &version,
                    &["layerlab: `npm init` asks questions and a build has no terminal: use `npm init -y`"],
                )?;
                return Ok(1);
            }
            let name =
                cwd.trim_end_matches('/').rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("app").to_string();
            let text = format!(
                "{{\n  \"name\": {},\n  \"version\": \"1.0.0\",\n  \"main\": \"index.js\",\n  \"scripts\": {{\n    \"test\": \"echo \\\"Error: no test specified\\\" && exit 1\"\n  }},\n  \"keywords\": [],\n  \"author\": \"\",\n  \"license\": \"ISC\",\n  \"description\": \"\"\n}}\n",
                json_string(&name)
            );
            if let Err(message) = write_text(cx, &path, &text, 0o644) {
                npm_error(cx, &version, &[&message])?;
                return Ok(1);
            }
            cx.outs(&format!("Wrote to {path}:\n\n{text}\n\n"))?;
            Ok(0)
        }
        "prune" => {
            honest_line(cx, "npm")?;
            let project = match read_project(cx, &cwd) {
                Ok(Some(p)) => p,
                _ => return Ok(0),
            };
            let (_, arch) = platform(cx);
            let registry = npm_registry(arch);
            let keep = closure_names(&registry, &project.deps);
            let dirs = InstallDirs::npm_project(&cwd);
            let mut removed = 0;
            if let Ok(entries) = cx.sys.read_dir(&dirs.node_modules) {
                for entry in entries.iter().filter(|e| !e.name.starts_with('.')) {
                    if (flags.omit_dev || rest.iter().any(|r| r == "--production")) && !keep.contains(&entry.name) {
                        let _ = cx.sys.remove(&format!("{}/{}", dirs.node_modules, entry.name), true);
                        removed += 1;
                    }
                }
            }
            cx.outs(&format!(
                "\nremoved {removed} packages, and audited {} packages in 1s\n\nfound 0 vulnerabilities\n",
                keep.len() + 1
            ))?;
            Ok(0)
        }
        "config" | "set" | "get" => Ok(0),
        "ls" | "list" => {
            let project = read_project(cx, &cwd).ok().flatten();
            let mut text = match &project {
                Some(p) => format!("{}@{} {cwd}\n", p.name, p.version),
                None => format!("{cwd}\n"),
            };
            let dirs = InstallDirs::npm_project(&cwd);
            if let Ok(entries) = cx.sys.read_dir(&dirs.node_modules) {
                let top: Vec<String> = project
                    .map(|p| p.deps.iter().chain(p.dev.iter()).map(|(n, _)| n.clone()).collect())
                    .unwrap_or_default();
                let shown: Vec<&String> = top.iter().filter(|n| entries.iter().any(|e| &&e.name == n)).collect();
                for (k, name) in shown.iter().enumerate() {
                    let branch = if k + 1 == shown.len() { "└──" } else { "├──" };
                    let v = read_project(cx, &format!("{}/{name}", dirs.node_modules))
                        .ok()
                        .flatten()
                        .map(|p| p.version)
                        .unwrap_or_default();
                    text.push_str(&format!("{branch} {name}@{v}\n"));
                }
            }
            cx.outs(&text)?;
            Ok(0)
        }
        "audit" | "fund" | "outdated" | "update" | "publish" | "login" | "pack" | "exec" | "link" | "rebuild"
        | "uninstall" | "remove" | "rm" => {
            npm_error(cx, &version, &[&format!("layerlab: `npm {command}` is not simulated")])?;
            Ok(1)
        }
        other => {
            npm_error(
                cx,
                &version,
                &[
                    &format!("Unknown command: \"{other}\""),
                    "",
                    "To see a list of supported npm commands, run:",
                    "  npm help",
                ],
            )?;
            Ok(1)
        }
    }
}

/// The names a set of dependencies pulls in (themselves and everything below).
fn closure_names(registry: &PackageIndex, deps: &[(String, String)]) -> Vec<String> {
    let names: Vec<&str> = deps.iter().map(|(n, _)| n.as_str()).filter(|n| registry.get(n).is_some()).collect();
    packages::resolve(registry, &names)
        .map(|list| list.into_iter().map(|p| p.name.clone()).collect())
        .unwrap_or_default()
}

fn not_found(cx: &mut Cx, version: &str, name: &str) -> R<i32> {
    let url = format!("https://registry.npmjs.org/{}", name.replace('/', "%2f"));
    npm_error(
        cx,
        version,
        &[
            "code E404",
            &format!("404 Not Found - GET {url} - Not found"),
            "404",
            &format!("404  '{name}@*' is not in this registry."),
            "404",
            "404 Note that you can also install from a",
            "404 tarball, folder, http url, or git url.",
        ],
    )?;
    Ok(1)
}

fn install(cx: &mut Cx, version: &str, cwd: &str, flags: &Flags, names: &[String], ci: bool) -> R<i32> {
    if cx.uid() != 0 && flags.global {
        npm_error(
            cx,
            version,
            &[
                "code EACCES",
                "syscall mkdir",
                "path /usr/local/lib/node_modules",
                "errno -13",
                "Error: EACCES: permission denied, mkdir '/usr/local/lib/node_modules'",
            ],
        )?;
        return Ok(243);
    }
    honest_line(cx, "npm")?;
    let (_, arch) = platform(cx);
    let registry = npm_registry(arch);
    let project = match read_project(cx, cwd) {
        Ok(p) => p,
        Err(message) => {
            npm_error(cx, version, &["code EJSONPARSE", &message])?;
            return Ok(1);
        }
    };
    let package_json = format!("{}/package.json", cwd.trim_end_matches('/'));
    if ci {
        let Some(project) = &project else {
            npm_error(cx, version, &["code ENOENT", "syscall open", &format!("path {package_json}"), "errno -2", &format!("enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{package_json}'")])?;
            return Ok(254);
        };
        let lock_path = format!("{}/package-lock.json", cwd.trim_end_matches('/'));
        let lock = read_text(cx, &lock_path)
            .or_else(|| read_text(cx, &format!("{}/npm-shrinkwrap.json", cwd.trim_end_matches('/'))));
        let Some(lock) = lock else {
            npm_error(
                cx,
                version,
                &[
                    "code EUSAGE",
                    "",
                    "The `npm ci` command can only install with an existing package-lock.json or",
                    "npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or",
                    "later to generate a package-lock.json file, then try again.",
                    "",
                    "Clean install a project",
                    "",
                    "Usage:",
                    "npm ci",
                ],
            )?;
            return Ok(1);
        };
        let locked: Vec<String> = serde_json::from_str::<Value>(&lock)
            .ok()
            .and_then(|v| v.get("packages").and_then(Value::as_object).cloned())
            .map(|m| m.keys().filter_map(|k| k.strip_prefix("node_modules/")).map(str::to_string).collect())
            .unwrap_or_default();
        let missing: Vec<String> = project
            .deps
            .iter()
            .chain(project.dev.iter())
            .filter(|(n, _)| !locked.contains(n))
            .map(|(n, r)| format!("Missing: {n}@{r} from lock file"))
            .collect();
        if !missing.is_empty() {
            let mut lines = vec!["code EUSAGE", "", "`npm ci` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` before continuing.", ""];
            lines.extend(missing.iter().map(String::as_str));
            npm_error(cx, version, &lines)?;
            return Ok(1);
        }
        // A clean install starts from nothing.
        let _ = cx.sys.remove(&format!("{}/node_modules", cwd.trim_end_matches('/')), true);
    }
    let explicit: Vec<(String, String)> = names
        .iter()
        .map(|spec| {
            // express@4.18.2, @types/node@20
            let (name, range) = match spec.rfind('@') {
                Some(at) if at > 0 => (spec[..at].to_string(), spec[at + 1..].to_string()),
                _ => (spec.clone(), String::new()),
            };
            (name, range)
        })
        .collect();
    if explicit.is_empty() && project.is_none() {
        npm_error(cx, version, &["code ENOENT", "syscall open", &format!("path {package_json}"), "errno -2", &format!("enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{package_json}'"), "enoent This is related to npm not being able to find a file."])?;
        return Ok(254);
    }
    for (name, _) in &explicit {
        if registry.get(name).is_none() {
            return not_found(cx, version, name);
        }
    }
    let (top, dev_top): (Deps, Deps) = if !explicit.is_empty() {
        (explicit.clone(), Vec::new())
    } else {
        let p = project.as_ref();
        (
            p.map(|p| p.deps.clone()).unwrap_or_default(),
            if flags.omit_dev { Vec::new() } else { p.map(|p| p.dev.clone()).unwrap_or_default() },
        )
    };
    // Keep what package.json already lists when a package is added by name.
    let mut wanted: Vec<(String, String)> = top.clone();
    wanted.extend(dev_top.iter().cloned());
    if !explicit.is_empty() && !flags.global {
        if let Some(p) = &project {
            for (n, r) in p.deps.iter().chain(if flags.omit_dev { [].iter() } else { p.dev.iter() }) {
                if !wanted.iter().any(|(w, _)| w == n) {
                    wanted.push((n.clone(), r.clone()));
                }
            }
        }
    }
    for (name, _) in &wanted {
        if registry.get(name).is_none() {
            return not_found(cx, version, name);
        }
    }
    let names_only: Vec<&str> = wanted.iter().map(|(n, _)| n.as_str()).collect();
    let resolved = match packages::resolve(&registry, &names_only) {
        Ok(r) => r,
        Err(unknown) => return not_found(cx, version, &unknown.name),
    };
    let dirs = if flags.global { InstallDirs::default() } else { InstallDirs::npm_project(cwd) };
    let mut added = 0;
    let home = cx.getenv("HOME").unwrap_or_else(|| "/root".to_string());
    for package in &resolved {
        let marker = format!("{}/{}/package.json", dirs.node_modules, package.name);
        let present = read_project(cx, &format!("{}/{}", dirs.node_modules, package.name))
            .ok()
            .flatten()
            .is_some_and(|p| p.version == package.version && cx.sys.stat(&marker).is_ok());
        if present {
            continue;
        }
        let specs = package.files(&dirs);
        if let Err(message) = install_specs(cx, &specs)? {
            npm_error(cx, version, &["code ENOSPC", &message])?;
            return Ok(1);
        }
        // npm keeps every tarball it fetched in its cache.
        let payload: Vec<u8> = specs
            .iter()
            .find_map(|s| match s {
                FileSpec::File { path, content, .. } if path.ends_with(packages::PAYLOAD_FILE) => {
                    Some(content[..content.len() / 3].to_vec())
                }
                _ => None,
            })
            .unwrap_or_default();
        let hex: String = integrity(package).bytes().take(40).map(|b| format!("{b:02x}")).collect();
        let cache = format!(
            "{}/.npm/_cacache/content-v2/sha512/{}/{}/{}",
            home.trim_end_matches('/'),
            &hex[..2],
            &hex[2..4],
            &hex[4..]
        );
        let cache_spec = FileSpec::File { path: cache, mode: 0o644, uid: cx.uid(), gid: cx.gid(), content: payload };
        let _ = install_specs(cx, &[cache_spec])?;
        added += 1;
    }
    if !flags.global {
        // package.json: save what was named; package-lock.json: everything.
        let mut text = project.as_ref().map(|p| p.text.clone()).unwrap_or_else(|| "{\n}\n".to_string());
        for (name, range) in &explicit {
            if let Some(p) = registry.get(name) {
                let range =
                    if range.is_empty() || range == "latest" { format!("^{}", p.version) } else { range.clone() };
                let section = if flags.save_dev { "devDependencies" } else { "dependencies" };
                text = save_dependency(&text, section, name, &range);
            }
        }
        if !explicit.is_empty() {
            if let Err(message) = write_text(cx, &package_json, &text, 0o644) {
                npm_error(cx, version, &[&message])?;
                return Ok(1);
            }
        }
        let project = read_project(cx, cwd).ok().flatten();
        let (name, pversion, deps, dev) = match &project {
            Some(p) => (p.name.clone(), p.version.clone(), p.deps.clone(), p.dev.clone()),
            None => ("app".to_string(), "1.0.0".to_string(), Vec::new(), Vec::new()),
        };
        let prod = closure_names(&registry, &deps);
        let dev_only: Vec<String> = resolved.iter().map(|p| p.name.clone()).filter(|n| !prod.contains(n)).collect();
        let lock = lockfile(&name, &pversion, &deps, &dev, &resolved, &dev_only);
        let lock_path = format!("{}/package-lock.json", cwd.trim_end_matches('/'));
        if !ci {
            let _ = write_text(cx, &lock_path, &lock, 0o644);
        }
        if major(version) >= 7 {
            let hidden = lock.replacen("\"requires\": true,\n", "", 1);
            let _ = write_text(cx, &format!("{}/.package-lock.json", dirs.node_modules), &hidden, 0o644);
        }
    }
    if flags.quiet {
        return Ok(0);
    }
    let audited = resolved.len() + usize::from(!flags.global);
    let text = if major(version) >= 7 {
        if added == 0 {
            format!("\nup to date, audited {audited} packages in 1s\n\nfound 0 vulnerabilities\n")
        } else {
            format!(
                "\nadded {added} package{}, and audited {audited} packages in 2s\n\nfound 0 vulnerabilities\n",
                if added == 1 { "" } else { "s" }
            )
        }
    } else if added == 0 {
        "up to date in 0.9s\nfound 0 vulnerabilities\n".to_string()
    } else {
        format!(
            "added {added} package{} and audited {audited} packages in 1.8s\nfound 0 vulnerabilities\n",
            if added == 1 { "" } else { "s" }
        )
    };
    cx.outs(&text)?;
    Ok(0)
}

fn list_scripts(cx: &mut Cx, version: &str, cwd: &str) -> R<i32> {
    match read_project(cx, cwd) {
        Ok(Some(project)) => {
            let mut text = format!("Scripts available in {}@{} via `npm run-script`:\n", project.name, project.version);
            for (name, cmd) in &project.scripts {
                text.push_str(&format!("  {name}\n    {cmd}\n"));
            }
            cx.outs(&text)?;
            Ok(0)
        }
        _ => {
            npm_error(cx, version, &["code ENOENT", &format!("enoent Could not read package.json in {cwd}")])?;
            Ok(254)
        }
    }
}

/// Runs a package.json script (and its pre/post scripts) with `sh -c`, `node_modules/.bin` first on PATH.
fn run_script(cx: &mut Cx, version: &str, cwd: &str, script: &str, extra: &[String]) -> R<i32> {
    let project = match read_project(cx, cwd) {
        Ok(Some(p)) => p,
        _ => {
            let path = format!("{}/package.json", cwd.trim_end_matches('/'));
            npm_error(
                cx,
                version,
                &[
                    "code ENOENT",
                    "syscall open",
                    &format!("path {path}"),
                    "errno -2",
                    &format!(
                        "enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{path}'"
                    ),
                ],
            )?;
            return Ok(254);
        }
    };
    let scripts: BTreeMap<String, String> = project.scripts.iter().cloned().collect();
    let body = match scripts.get(script) {
        Some(body) => body.clone(),
        None if script == "start" && cx.sys.stat(&format!("{}/server.js", cwd.trim_end_matches('/'))).is_ok() => {
            "node server.js".to_string()
        }
        None => {
            npm_error(
                cx,
                version,
                &[&format!("Missing script: \"{script}\""), "", "To see a list of scripts, run:", "  npm run"],
            )?;
            return Ok(1);
        }
    };
    let mut order = Vec::new();
    if let Some(pre) = scripts.get(&format!("pre{script}")) {
        order.push((format!("pre{script}"), pre.clone()));
    }
    let mut main = body;
    if !extra.is_empty() {
        main.push(' ');
        main.push_str(&extra.iter().map(|a| crate::shell::interp::shell_quote(a)).collect::<Vec<_>>().join(" "));
    }
    order.push((script.to_string(), main));
    if let Some(post) = scripts.get(&format!("post{script}")) {
        order.push((format!("post{script}"), post.clone()));
    }
    let saved_vars = cx.sh.st.vars.clone();
    let saved_cwd = std::mem::replace(&mut cx.sh.st.cwd, project.dir.clone());
    let path = cx.getenv("PATH").unwrap_or_else(|| crate::shell::DEFAULT_PATH.to_string());
    let bin = format!("{}/node_modules/.bin", project.dir.trim_end_matches('/'));
    let mut status = 0;
    for (event, command) in order {
        cx.outs(&format!("\n> {}@{} {event}\n> {command}\n\n", project.name, project.version))?;
        for (k, v) in [
            ("PATH", format!("{bin}:{path}")),
            ("npm_lifecycle_event", event.clone()),
            ("npm_package_name", project.name.clone()),
            ("npm_package_version", project.version.clone()),
            ("INIT_CWD", saved_cwd.clone()),
        ] {
            cx.sh.st.vars.insert(k.to_string(), Var { value: v, exported: true, readonly: false });
        }
        let argv = vec!["sh".to_string(), "-c".to_string(), command];
        status = match cx.sh.run_sh(cx.sys, &argv) {
            Ok(s) => s,
            Err(flow) => {
                cx.sh.st.vars = saved_vars;
                cx.sh.st.cwd = saved_cwd;
                return Err(flow);
            }
        };
        if status != 0 {
            break;
        }
    }
    cx.sh.st.vars = saved_vars;
    cx.sh.st.cwd = saved_cwd;
    if status != 0 {
        npm_error(
            cx,
            version,
            &[
                &format!("Lifecycle script `{script}` failed with error:"),
                &format!("code {status}"),
                &format!("path {cwd}"),
                &format!("workspace {}@{}", project.name, project.version),
                &format!("location {cwd}"),
                "command failed",
            ],
        )?;
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_dependencies_keeps_the_file() {
        let text = "{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"a\": \"^1.0.0\"\n  }\n}\n";
        let out = save_dependency(text, "dependencies", "express", "^4.21.1");
        assert_eq!(out, "{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"a\": \"^1.0.0\",\n    \"express\": \"^4.21.1\"\n  }\n}\n");
        let out = save_dependency("{\n  \"name\": \"app\"\n}\n", "dependencies", "x", "^1");
        assert_eq!(out, "{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"x\": \"^1\"\n  }\n}\n");
        let out = save_dependency(text, "dependencies", "a", "^2.0.0");
        assert!(out.contains("\"a\": \"^2.0.0\""));
        let parsed: Value = serde_json::from_str(&save_dependency("{}", "devDependencies", "y", "1")).unwrap();
        assert_eq!(parsed["devDependencies"]["y"], "1");
    }
}
