//! `docker build`, `docker save` and `docker load` in a session: the commands that need files from outside. They ask
//! the caller's [`SessionHost`] — the core reads and writes nothing itself; the CLI reads directories and files, the
//! page hands over its context panel and offers a download. Builds run the engine over the session's own store (so
//! a build's images, its cache and the images `docker commit` made live side by side) and print the classic log.

use super::command::{flag, option, parse_flags};
use super::{Outcome, Session};
use crate::build::context::BuildContext;
use crate::build::engine::{Build, BuildOptions, BuildSetupError};
use crate::build::events::BuildEvent;
use crate::build::progress::ClassicLog;
use crate::store::{export, import};
use std::collections::BTreeMap;

/// The world outside a session, as far as docker commands reach it. Paths are as the user typed them; errors are
/// short texts the command prints after its own prefix. Every method has a default that refuses, so a host
/// implements only what it offers.
pub trait SessionHost {
    /// `docker build PATH`: the files of the context (`.`, `app`, `./web`).
    fn build_context(&mut self, path: &str) -> Result<BuildContext, String> {
        Err(format!("path {path:?} not found (this session reads no build contexts)"))
    }

    /// `docker load -i FILE`.
    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, String> {
        Err(format!("open {path}: this session reads no files"))
    }

    /// `docker save -o FILE`.
    fn write_file(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        let _ = bytes;
        Err(format!("open {path}: this session writes no files"))
    }
}

impl Session {
    /// Lets `docker build`, `save` and `load` reach files through `host`; without one they say they cannot.
    pub fn set_host(&mut self, host: Box<dyn SessionHost>) {
        self.host = Some(host);
    }

    /// `docker save -o FILE IMAGE...`: the tarball `docker load` accepts (the store's export), written by the host.
    pub(super) fn save(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse_flags(args, &[option(Some('o'), "output")], true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker save --help'."), 1),
        };
        if parsed.args.is_empty() {
            return Outcome::fail("\"docker save\" requires at least 1 argument.\nSee 'docker save --help'.", 1);
        }
        let Some(path) = parsed.last("output") else {
            return Outcome::fail("cowardly refusing to save to a terminal. Use the -o flag or redirect", 1);
        };
        for reference in &parsed.args {
            if self.store.resolve(reference).is_none() {
                return Outcome::fail(format!("Error response from daemon: No such image: {reference}"), 1);
            }
        }
        let bytes = match export::export_bytes(&self.store, &parsed.args) {
            Ok((bytes, _)) => bytes,
            Err(e) => return Outcome::fail(format!("Error response from daemon: {e}"), 1),
        };
        let Some(host) = self.host.as_mut() else {
            return Outcome::fail(format!("failed to save image: open {path}: this session writes no files"), 1);
        };
        match host.write_file(path, bytes) {
            Ok(()) => Outcome::default(),
            Err(e) => Outcome::fail(format!("failed to save image: {e}"), 1),
        }
    }

    /// `docker load -i FILE`: a `docker save` tarball (from here or from a real Docker) into the store.
    pub(super) fn load(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse_flags(args, &[option(Some('i'), "input"), flag(Some('q'), "quiet")], true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker load --help'."), 1),
        };
        let Some(path) = parsed.last("input") else {
            return Outcome::fail("requested load from stdin, but stdin is empty", 1);
        };
        let Some(host) = self.host.as_mut() else {
            return Outcome::fail(format!("open {path}: this session reads no files"), 1);
        };
        let bytes = match host.read_file(path) {
            Ok(bytes) => bytes,
            Err(e) => return Outcome::fail(e, 1),
        };
        let limits = import::ImportLimits { arch: self.options.arch, fs: self.options.fs_limits, ..Default::default() };
        match import::import_archive(&mut self.store, &bytes, &limits) {
            Ok(summary) => {
                let mut outcome = Outcome::default();
                for image in &summary.images {
                    if image.tags.is_empty() {
                        outcome.out(format!("Loaded image ID: {}\n", image.id));
                    }
                    for tag in &image.tags {
                        outcome.out(format!("Loaded image: {tag}\n"));
                    }
                }
                outcome
            }
            Err(e) => Outcome::fail(format!("Error response from daemon: {e}"), 1),
        }
    }

    /// `docker build [-t NAME]… [-f FILE] [--build-arg K=V]… [--target STAGE] [--no-cache] PATH`.
    pub(super) fn build(&mut self, args: &[String]) -> Outcome {
        let specs = [
            option(Some('t'), "tag"),
            option(Some('f'), "file"),
            option(None, "build-arg"),
            option(None, "target"),
            flag(None, "no-cache"),
            flag(Some('q'), "quiet"),
            option(None, "progress"),
        ];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker build --help'."), 1),
        };
        let [path] = parsed.args.as_slice() else {
            return Outcome::fail(
                "\"docker build\" requires exactly 1 argument.\nSee 'docker build --help'.\n\nUsage:  docker build \
                 [OPTIONS] PATH | URL | -\n\nBuild an image from a Dockerfile",
                1,
            );
        };
        if let Some(progress) = parsed.last("progress") {
            if progress != "classic" && progress != "auto" {
                return Outcome::fail(
                    format!("layerlab: a session shows the classic builder's log; `--progress {progress}` is not simulated here"),
                    1,
                );
            }
        }
        let Some(host) = self.host.as_mut() else {
            return Outcome::fail(
                "layerlab: this session has no build contexts to read (`docker build` needs files; the CLI reads them \
                 from the script's directory)",
                1,
            );
        };
        let context = match host.build_context(path) {
            Ok(context) => context,
            Err(e) => return Outcome::fail(format!("unable to prepare context: {e}"), 1),
        };
        let mut build_args = BTreeMap::new();
        for kv in parsed.all("build-arg") {
            // `--build-arg NAME` takes the host's value; the simulated host has no variables.
            if let Some((k, v)) = kv.split_once('=') {
                build_args.insert(k.to_string(), v.to_string());
            }
        }
        let options = BuildOptions {
            dockerfile: parsed.last("file").unwrap_or("Dockerfile").to_string(),
            tags: parsed.all("tag").to_vec(),
            build_args,
            target: parsed.last("target").map(str::to_string),
            arch: self.options.arch,
            no_cache: parsed.has("no-cache"),
            // Fixed for the session (see `SessionOptions::build_epoch`), so rebuilds hit the cache.
            source_date_epoch: self.options.build_epoch.unwrap_or(0),
            fs_limits: self.options.fs_limits,
            shell_limits: self.options.shell_limits,
            minibox: self.options.minibox.clone(),
        };
        let mut build = match Build::new(context, options) {
            Ok(build) => build,
            Err(BuildSetupError::Dockerfile { diagnostics, .. }) => {
                let first = diagnostics.iter().find(|d| d.is_error()).map(|d| d.message.clone()).unwrap_or_default();
                return Outcome::fail(format!("failed to parse the Dockerfile: {first}"), 1);
            }
            Err(BuildSetupError::Invalid(message)) => return Outcome::fail(message, 1),
        };
        let mut log = ClassicLog::default();
        let mut outcome = Outcome::default();
        let mut shown = 0;
        let quiet = parsed.has("quiet");
        loop {
            for event in &build.events()[shown..] {
                let mut text = String::new();
                log.render(event, &mut text);
                if matches!(event, BuildEvent::BuildFailed { .. }) {
                    outcome.err(text);
                } else if !quiet {
                    outcome.out(text);
                }
            }
            shown = build.events().len();
            if build.is_finished() {
                break;
            }
            build.step(&mut self.store);
        }
        match build.outcome() {
            Some(Ok(id)) => {
                if quiet {
                    outcome.out(format!("{id}\n"));
                }
            }
            _ => outcome.exit_code = 1,
        }
        outcome
    }
}
