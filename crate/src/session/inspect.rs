//! `docker inspect` (images and containers, as Docker's JSON with its field order and four-space indent; `--format`
//! evaluates a Go template over that JSON, see `template.rs`), `docker logs`, and `docker system df` (every layer
//! counted once, however many images share it).

use super::command::{flag, option, parse_flags};
use super::table::{human_size_precision, render};
use super::{Container, ContainerState, Outcome, Session};
use crate::oci::{self, ContainerConfig, Digest};
use crate::store::Image;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ImageJson<'a> {
    id: String,
    repo_tags: Vec<String>,
    repo_digests: Vec<String>,
    parent: String,
    comment: String,
    created: String,
    docker_version: &'a str,
    author: String,
    config: &'a ContainerConfig,
    architecture: &'a str,
    os: &'a str,
    size: u64,
    #[serde(rename = "RootFS")]
    root_fs: RootFsJson,
    metadata: Metadata,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RootFsJson {
    r#type: &'static str,
    layers: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Metadata {
    last_tag_time: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ContainerJson<'a> {
    id: &'a str,
    created: String,
    path: String,
    args: Vec<String>,
    state: StateJson,
    image: String,
    name: String,
    config: ContainerConfigJson<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StateJson {
    status: &'static str,
    running: bool,
    exit_code: i32,
    started_at: String,
    finished_at: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ContainerConfigJson<'a> {
    hostname: &'a str,
    tty: bool,
    open_stdin: bool,
    env: &'a [String],
    cmd: &'a [String],
    image: &'a str,
    working_dir: &'a str,
    entrypoint: Option<&'a [String]>,
}

/// Docker's `json.MarshalIndent(v, "", "    ")`.
fn pretty<T: Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    if value.serialize(&mut serializer).is_err() {
        return "[]".to_string();
    }
    String::from_utf8(out).unwrap_or_default()
}

const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

impl Session {
    fn image_json(&self, image: &Image) -> String {
        let json = ImageJson {
            id: image.id.to_string(),
            repo_tags: self.store.tags_of(&image.id),
            repo_digests: self.repo_digests.get(&image.id).cloned().unwrap_or_default(),
            parent: image.parent.as_ref().map(Digest::to_string).unwrap_or_default(),
            comment: image.config.history.last().and_then(|h| h.comment.clone()).unwrap_or_default(),
            created: image.config.created.clone().unwrap_or_else(|| ZERO_TIME.to_string()),
            docker_version: "",
            author: image.config.author.clone().unwrap_or_default(),
            config: &image.config.config,
            architecture: &image.config.architecture,
            os: &image.config.os,
            size: image.size(),
            root_fs: RootFsJson {
                r#type: "layers",
                layers: image.layers.iter().map(|l| l.diff_id.to_string()).collect(),
            },
            metadata: Metadata { last_tag_time: ZERO_TIME.to_string() },
        };
        pretty(&json)
    }

    fn container_json(&self, c: &Container) -> String {
        let (status, running, exit_code, started, finished) = match c.state {
            ContainerState::Created => ("created", false, 0, ZERO_TIME.to_string(), ZERO_TIME.to_string()),
            ContainerState::Running { since } => ("running", true, 0, oci::rfc3339(since), ZERO_TIME.to_string()),
            ContainerState::Exited { code, at } => ("exited", false, code, oci::rfc3339(c.created), oci::rfc3339(at)),
        };
        let argv: Vec<String> = c.entrypoint.iter().chain(c.cmd.iter()).cloned().collect();
        let json = ContainerJson {
            id: &c.id,
            created: oci::rfc3339(c.created),
            path: argv.first().cloned().unwrap_or_default(),
            args: argv.iter().skip(1).cloned().collect(),
            state: StateJson { status, running, exit_code, started_at: started, finished_at: finished },
            image: c.image.to_string(),
            name: format!("/{}", c.name),
            config: ContainerConfigJson {
                hostname: c.short_id(),
                tty: c.tty,
                open_stdin: c.interactive,
                env: &c.env,
                cmd: &c.cmd,
                image: &c.image_ref,
                working_dir: &c.working_dir,
                entrypoint: (!c.entrypoint.is_empty()).then_some(c.entrypoint.as_slice()),
            },
        };
        pretty(&json)
    }

    /// `docker inspect NAME|ID...` (containers first, as Docker looks them up) and `docker image inspect`.
    pub(super) fn inspect(&mut self, args: &[String], images_only: bool) -> Outcome {
        let specs = [option(Some('f'), "format"), flag(Some('s'), "size"), option(None, "type")];
        let parsed = match parse_flags(args, &specs, true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker inspect --help'."), 1),
        };
        if parsed.args.is_empty() {
            return Outcome::fail("\"docker inspect\" requires at least 1 argument.\nSee 'docker inspect --help'.", 1);
        }
        // `--format json` is the plain output.
        let format = parsed.last("format").filter(|f| !f.is_empty() && *f != "json");
        if let Some(format) = format {
            // Docker parses the template before it looks anything up; a bad one is a usage error (64).
            if let Err(e) = super::template::check(format) {
                return Outcome::fail(format!("template parsing error: {e}"), 64);
            }
        }
        let mut objects = Vec::new();
        let mut errors = Vec::new();
        for key in &parsed.args {
            let container = if images_only { None } else { self.find_container(key) };
            if let Some(i) = container {
                objects.push(self.container_json(&self.containers[i]));
            } else if let Some(image) = self.store.resolve(key) {
                objects.push(self.image_json(&image));
            } else {
                let what = if images_only { "image" } else { "object" };
                errors.push(format!("Error: No such {what}: {key}"));
            }
        }
        let mut outcome = Outcome { exit_code: i32::from(!errors.is_empty()), ..Outcome::default() };
        if let Some(format) = format {
            // Each object's result and a line break; the errors after them, as Docker's inspector flushes its buffer
            // (a lone line break when nothing was printed) before it reports.
            let mut text = String::new();
            let mut template_errors = Vec::new();
            for object in &objects {
                match super::template::parse_json(object).and_then(|json| super::template::render(format, &json)) {
                    Ok(result) => {
                        text.push_str(&result);
                        text.push('\n');
                    }
                    Err(e) => template_errors.push(format!("template parsing error: {e}")),
                }
            }
            if text.is_empty() {
                text.push('\n');
            }
            outcome.out(text);
            for error in template_errors.iter().chain(&errors) {
                outcome.err(format!("{error}\n"));
                outcome.exit_code = 1;
            }
            return outcome;
        }
        // An array of the objects, each indented one level, as Docker prints it.
        let mut text = String::from("[");
        for (i, object) in objects.iter().enumerate() {
            text.push_str(if i == 0 { "\n" } else { ",\n" });
            for line in object.lines() {
                text.push_str("    ");
                text.push_str(line);
                text.push('\n');
            }
            text.pop();
        }
        text.push_str(if objects.is_empty() { "]\n" } else { "\n]\n" });
        outcome.out(text);
        for error in errors {
            outcome.err(format!("{error}\n"));
        }
        outcome
    }

    /// `docker logs CONTAINER`: what its command printed (a `-d` container's output is only seen here).
    pub(super) fn logs(&mut self, args: &[String]) -> Outcome {
        let parsed = match parse_flags(args, &[flag(Some('f'), "follow"), flag(Some('t'), "timestamps")], true) {
            Ok(p) => p,
            Err(e) => return Outcome::fail(format!("{e}\nSee 'docker logs --help'."), 1),
        };
        let [key] = parsed.args.as_slice() else {
            return Outcome::fail("\"docker logs\" requires exactly 1 argument.\nSee 'docker logs --help'.", 1);
        };
        let Some(i) = self.find_container(key) else {
            return Outcome::fail(format!("Error response from daemon: No such container: {key}"), 1);
        };
        let mut outcome = Outcome::default();
        for chunk in &self.containers[i].logs {
            outcome.push(chunk.stream, chunk.text.clone());
        }
        outcome
    }

    /// `docker system df`: images (each layer once), containers (their writable layers), no volumes, and no
    /// BuildKit cache (the classic builder's cache is its intermediate images, counted with the images).
    pub(super) fn system(&mut self, args: &[String]) -> Outcome {
        match args.first().map(String::as_str) {
            Some("df") if args.len() == 1 => {}
            Some("df") => return Outcome::fail("layerlab: `docker system df -v` is not simulated yet", 1),
            Some(other) => return super::not_simulated(&format!("system {other}")),
            None => return Outcome::fail("Usage:  docker system COMMAND\n\nManage Docker", 1),
        }
        let in_use: BTreeSet<&Digest> = self.containers.iter().map(|c| &c.image).collect();
        let mut all_layers: BTreeSet<Digest> = BTreeSet::new();
        let mut used_layers: BTreeSet<Digest> = BTreeSet::new();
        let mut total = 0u64;
        let mut used = 0u64;
        let mut images = 0;
        for image in self.store.images() {
            images += 1;
            let active = in_use.contains(&image.id);
            for (chain, layer) in oci::chain_ids(&image.config.rootfs.diff_ids).into_iter().zip(&image.layers) {
                if all_layers.insert(chain.clone()) {
                    total += layer.size;
                }
                if active && used_layers.insert(chain) {
                    used += layer.size;
                }
            }
        }
        let mut container_total = 0u64;
        let mut container_reclaimable = 0u64;
        for c in &self.containers {
            let size = self.store.get(&c.image).map_or(0, |image| {
                crate::layer::diff(&image.fs, &c.fs)
                    .iter()
                    .filter(|ch| ch.kind != crate::layer::ChangeKind::Deleted)
                    .map(|ch| ch.size)
                    .sum()
            });
            container_total += size;
            if !matches!(c.state, ContainerState::Running { .. }) {
                container_reclaimable += size;
            }
        }
        let running = self.containers.iter().filter(|c| matches!(c.state, ContainerState::Running { .. })).count();
        let reclaimable = |part: u64, whole: u64| match part.saturating_mul(100).checked_div(whole) {
            Some(percent) => format!("{} ({percent}%)", human_size_precision(part, 4)),
            None => human_size_precision(part, 4),
        };
        let rows = vec![
            vec![
                "Images".to_string(),
                images.to_string(),
                in_use.iter().filter(|id| self.store.get(id).is_some()).count().to_string(),
                human_size_precision(total, 4),
                reclaimable(total - used, total),
            ],
            vec![
                "Containers".to_string(),
                self.containers.len().to_string(),
                running.to_string(),
                human_size_precision(container_total, 4),
                reclaimable(container_reclaimable, container_total),
            ],
            vec!["Local Volumes".into(), "0".into(), "0".into(), "0B".into(), "0B".into()],
            vec!["Build Cache".into(), "0".into(), "0".into(), "0B".into(), "0B".into()],
        ];
        let mut outcome = Outcome::default();
        outcome.out(render(&["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"], &rows));
        outcome
    }
}
