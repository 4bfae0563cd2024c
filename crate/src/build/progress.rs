//! Renderings of the build event stream as text: the classic builder's log (what the course shows, Docker ≤ 24
//! wording), BuildKit's `--progress=plain` log, and one JSON object per event. Each is a pure function of events.

use super::context::human_size;
use super::events::{BaseSource, BuildEvent};
use crate::oci::Reference;

/// `alpine` → `docker.io/library/alpine:latest`, as BuildKit names images.
fn qualified(name: &str) -> String {
    Reference::parse(name).map(|r| r.to_string()).unwrap_or_else(|_| name.to_string())
}

/// The legacy builder's output, line by line, as `docker build` printed it before BuildKit.
#[derive(Default)]
pub struct ClassicLog {
    pending_image: Option<String>,
    /// A temporary container is running for the current step (COPY and ADD commit without one).
    container_open: bool,
    tags: Vec<String>,
}

fn short(id: &str) -> &str {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    hex.get(..12).unwrap_or(hex)
}

impl ClassicLog {
    /// Appends the lines `event` produces to `out` (each ending in a line break).
    pub fn render(&mut self, event: &BuildEvent, out: &mut String) {
        let mut line = |text: &str| {
            out.push_str(text);
            out.push('\n');
        };
        match event {
            BuildEvent::BuildStarted { context_bytes, .. } => {
                line(&format!("Sending build context to Docker daemon  {}", human_size(*context_bytes)));
            }
            BuildEvent::StepStarted { step, total, instruction, .. } => {
                line(&format!("Step {step}/{total} : {instruction}"));
            }
            BuildEvent::BaseImage { image_id, .. } => line(&format!(" ---> {}", short(image_id))),
            BuildEvent::TriggersRunning { count, .. } => {
                line(&format!("# Executing {count} build trigger{}", if *count == 1 { "" } else { "s" }));
            }
            BuildEvent::CacheHit { image_id, .. } => {
                line(" ---> Using cache");
                line(&format!(" ---> {}", short(image_id)));
            }
            BuildEvent::ContainerCreated { container_id, .. } => {
                self.container_open = true;
                line(&format!(" ---> Running in {}", short(container_id)));
            }
            BuildEvent::Output { line: text, .. } => line(text),
            BuildEvent::ImageCreated { image_id, .. } if !self.container_open => {
                line(&format!(" ---> {}", short(image_id)));
            }
            BuildEvent::ImageCreated { image_id, .. } => self.pending_image = Some(image_id.clone()),
            BuildEvent::ContainerRemoved { container_id, .. } => {
                self.container_open = false;
                line(&format!("Removing intermediate container {}", short(container_id)));
                if let Some(id) = self.pending_image.take() {
                    line(&format!(" ---> {}", short(&id)));
                }
            }
            BuildEvent::Warning { message, .. } => line(&format!("[Warning] {message}")),
            BuildEvent::TagMoved { tag, .. } => self.tags.push(tag.clone()),
            BuildEvent::BuildFinished { image_id, .. } => {
                line(&format!("Successfully built {}", short(image_id)));
                for tag in self.tags.drain(..) {
                    line(&format!("Successfully tagged {tag}"));
                }
            }
            BuildEvent::BuildFailed { message, .. } => line(message),
            BuildEvent::StageSkipped { .. }
            | BuildEvent::CacheMissed { .. }
            | BuildEvent::FilesChanged { .. }
            | BuildEvent::LayerCommitted { .. }
            | BuildEvent::ConfigCommitted { .. } => {}
        }
    }
}

/// BuildKit's `--progress=plain`: numbered vertices, `#N DONE 0.0s`. The simulation takes no time, so durations
/// are shown as 0.0s rather than invented.
#[derive(Default)]
pub struct PlainLog {
    vertex: usize,
    /// The vertex of the running step, while it is open.
    open: Option<usize>,
    failed: bool,
    tags: Vec<String>,
    image_id: Option<String>,
    /// A FROM vertex waits for its base image, whose qualified name BuildKit shows.
    pending_from: Option<String>,
}

impl PlainLog {
    fn next(&mut self) -> usize {
        self.vertex += 1;
        self.vertex
    }

    fn close(&mut self, out: &mut String) {
        if let Some(n) = self.open.take() {
            out.push_str(&format!("#{n} DONE 0.0s\n\n"));
        }
    }

    pub fn render(&mut self, event: &BuildEvent, out: &mut String) {
        match event {
            BuildEvent::BuildStarted { context_bytes, dockerfile_bytes, stages, .. } => {
                out.push_str("#0 building with \"default\" instance using docker driver (simulated by layerlab)\n\n");
                let n = self.next();
                out.push_str(&format!("#{n} [internal] load build definition from Dockerfile\n"));
                out.push_str(&format!("#{n} transferring dockerfile: {dockerfile_bytes}B done\n#{n} DONE 0.0s\n\n"));
                let mut seen: Vec<&str> = Vec::new();
                for stage in stages.iter().filter(|s| s.used) {
                    let is_stage_ref = stages.iter().any(|other| other.name.as_deref() == Some(stage.base.as_str()));
                    if stage.base != "scratch" && !is_stage_ref && !seen.contains(&stage.base.as_str()) {
                        seen.push(&stage.base);
                        let n = self.next();
                        let name = qualified(&stage.base);
                        out.push_str(&format!("#{n} [internal] load metadata for {name}\n#{n} DONE 0.0s\n\n"));
                    }
                }
                let n = self.next();
                out.push_str(&format!("#{n} [internal] load .dockerignore\n#{n} transferring context: 2B done\n"));
                out.push_str(&format!("#{n} DONE 0.0s\n\n"));
                let n = self.next();
                out.push_str(&format!("#{n} [internal] load build context\n"));
                out.push_str(&format!(
                    "#{n} transferring context: {} done\n#{n} DONE 0.0s\n\n",
                    human_size(*context_bytes)
                ));
            }
            BuildEvent::StepStarted { instruction, keyword, stage_name, stage_step, stage_steps, .. } => {
                self.close(out);
                // BuildKit shows only the instructions that change the file system as vertices.
                let stage = stage_name.as_ref().map(|s| format!("{s} ")).unwrap_or_default();
                if keyword == "FROM" {
                    self.pending_from = Some(format!("[{stage}{stage_step}/{stage_steps}]"));
                } else if matches!(keyword.as_str(), "RUN" | "COPY" | "ADD" | "WORKDIR") {
                    let n = self.next();
                    out.push_str(&format!("#{n} [{stage}{stage_step}/{stage_steps}] {instruction}\n"));
                    self.open = Some(n);
                }
            }
            BuildEvent::BaseImage { canonical, source, .. } => {
                if let Some(label) = self.pending_from.take() {
                    let n = self.next();
                    out.push_str(&format!("#{n} {label} FROM {canonical}\n"));
                    if matches!(source, BaseSource::Catalog { .. } | BaseSource::Store) {
                        out.push_str(&format!("#{n} resolve {canonical} done\n"));
                    }
                    self.open = Some(n);
                }
            }
            BuildEvent::CacheHit { .. } => {
                if let Some(n) = self.open.take() {
                    out.push_str(&format!("#{n} CACHED\n\n"));
                }
            }
            BuildEvent::Output { line, .. } => {
                if let Some(n) = self.open {
                    out.push_str(&format!("#{n} 0.000 {line}\n"));
                }
            }
            BuildEvent::Warning { message, .. } => out.push_str(&format!("WARNING: {message}\n")),
            BuildEvent::TagMoved { tag, .. } => self.tags.push(tag.clone()),
            BuildEvent::BuildFailed { message, exit_code, .. } => {
                self.failed = true;
                if let Some(n) = self.open.take() {
                    let detail = match exit_code {
                        Some(code) => format!("process did not complete successfully: exit code: {code}"),
                        None => message.clone(),
                    };
                    out.push_str(&format!("#{n} ERROR: {detail}\n"));
                }
                out.push_str(&format!("ERROR: failed to solve: {message}\n"));
            }
            BuildEvent::ImageCreated { image_id, .. } => self.image_id = Some(image_id.clone()),
            BuildEvent::BuildFinished { image_id, .. } => {
                self.close(out);
                let n = self.next();
                out.push_str(&format!("#{n} exporting to image\n#{n} exporting layers done\n"));
                out.push_str(&format!("#{n} writing image {image_id} done\n"));
                for tag in self.tags.drain(..) {
                    out.push_str(&format!("#{n} naming to {} done\n", qualified(&tag)));
                }
                out.push_str(&format!("#{n} DONE 0.0s\n"));
            }
            _ => {}
        }
    }
}

/// One compact JSON object per event, for `--progress json` and for tools.
pub fn json_line(event: &BuildEvent) -> String {
    serde_json::to_string(event).unwrap_or_else(|e| format!("{{\"event\":\"error\",\"message\":{:?}}}", e.to_string()))
}
