//! The terminal tab's side of the playground: one typed line through the session (the same Docker the Build button
//! builds into), and the picture the page draws beside the terminal — the container it is in, as its image's
//! read-only layers under a writable layer that fills with the files its commands add, change and delete; every
//! container's writable layer; and the last `docker commit`, which turned such a layer into an image's new layer.

use super::view::MAX_STEP_CHANGES;
use super::Playground;
use crate::build::events::FileChange;
use crate::layer::{self, ChangeKind};
use crate::session::{Container, ContainerState};
use crate::shell::Stream;
use crate::store::Image;
use serde::Serialize;
use std::sync::Arc;

#[derive(Clone, Debug, Serialize)]
pub struct TerminalOutcome {
    pub output: Vec<OutputChunk>,
    pub exit_code: i32,
    pub prompt: String,
    pub awaiting_answer: bool,
    /// Tarballs `docker save -o` wrote during the line, for the page to offer as downloads.
    pub files: Vec<SavedFile>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OutputChunk {
    /// `stdout` or `stderr`.
    pub stream: &'static str,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SavedFile {
    pub name: String,
    pub bytes: u64,
}

/// What the panels beside the terminal show.
#[derive(Clone, Debug, Serialize)]
pub struct TerminalView {
    /// The ID of the container the terminal is in (its shell), if any.
    pub attached: Option<String>,
    /// Every container, newest first.
    pub containers: Vec<ContainerView>,
    /// The last `docker commit` of the session.
    pub commit: Option<CommitView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ContainerView {
    pub id: String,
    pub short_id: String,
    pub name: String,
    /// The image as the user named it (`ubuntu:latest`) and its ID.
    pub image: String,
    pub image_id: String,
    /// `created`, `running` or `exited`.
    pub state: &'static str,
    pub exit_code: Option<i32>,
    pub command: String,
    /// The image's layers, bottom first: read-only, shared with every container and image that uses them.
    pub layers: Vec<LayerRow>,
    /// The writable layer: what the container's commands added, changed and deleted (the first 5,000).
    pub changes: Vec<FileChange>,
    pub changes_omitted: usize,
    /// Bytes of the files added or changed.
    pub writable_bytes: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct LayerRow {
    pub diff_id: String,
    pub size: u64,
    pub created_by: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CommitView {
    /// The container the layer came from (its name), when it still exists.
    pub container: Option<String>,
    pub image_id: String,
    pub tags: Vec<String>,
    /// The image it was made from.
    pub parent_id: Option<String>,
    /// The new layer: the container's writable layer, now read-only.
    pub layer: LayerRow,
    pub changes: Vec<FileChange>,
    pub changes_omitted: usize,
    /// Layers of the new image, bottom first; all but the last are the parent's, shared.
    pub layers: Vec<LayerRow>,
}

impl Playground {
    /// Runs one typed line at `clock` (seconds since 1970; never moves the session's clock backwards).
    pub fn terminal_execute(&mut self, line: &str, clock: u64) -> TerminalOutcome {
        self.session.set_clock(clock.max(self.session.clock()));
        let was_attached = self.session.attached().is_some();
        let outcome = self.session.execute(line);
        if !was_attached && line.split_whitespace().next() == Some("docker") {
            // The store may have changed under the build being stepped through: Back restoring an older copy of it
            // would undo what the terminal did.
            if let Some(build) = &mut self.build {
                build.forget_history();
            }
        }
        if outcome.exit_code == 0 && is_commit(line) {
            let id = outcome.stdout().trim().to_string();
            if id.starts_with("sha256:") {
                self.last_commit = Some(id);
            }
        }
        TerminalOutcome {
            output: outcome
                .output
                .iter()
                .map(|chunk| OutputChunk {
                    stream: if chunk.stream == Stream::Stderr { "stderr" } else { "stdout" },
                    text: chunk.text.clone(),
                })
                .collect(),
            exit_code: outcome.exit_code,
            prompt: self.session.prompt(),
            awaiting_answer: self.session.awaiting_answer(),
            files: self.files.take_new().into_iter().map(|(name, bytes)| SavedFile { name, bytes }).collect(),
        }
    }

    /// The editor's text: the terminal's `docker build .` uses it as the context's Dockerfile (unless the context
    /// panel holds one). `start` sets it too.
    pub fn set_dockerfile(&mut self, text: &str) {
        self.files.set_dockerfile(text);
    }

    pub fn terminal_prompt(&self) -> String {
        self.session.prompt()
    }

    /// Tab completion of the last word of `line`.
    pub fn terminal_complete(&self, line: &str) -> Vec<String> {
        self.session.complete(line)
    }

    /// A tarball the terminal's `docker save -o NAME` wrote.
    pub fn saved_file(&self, name: &str) -> Option<Vec<u8>> {
        self.files.saved(name)
    }

    pub fn terminal_view(&self) -> TerminalView {
        let store = self.session.store();
        let containers: Vec<ContainerView> =
            self.session.containers().iter().rev().map(|c| container_view(c, store.get(&c.image))).collect();
        let commit = self.last_commit.as_deref().and_then(|id| store.resolve(id)).map(|image| {
            let parent = image.parent.as_ref().and_then(|p| store.get(p));
            let from = self
                .session
                .containers()
                .iter()
                .find(|c| Some(&c.image) == image.parent.as_ref() && layer::diff(&c.fs, &image.fs).is_empty());
            let rows = layer_rows(&image);
            let new_layer = image.layers.last();
            let (changes, changes_omitted) = new_layer.map_or((Vec::new(), 0), |l| change_list(&l.changes));
            CommitView {
                container: from.map(|c| c.name.clone()),
                image_id: image.id.to_string(),
                tags: store.tags_of(&image.id),
                parent_id: parent.map(|p| p.id.to_string()),
                layer: rows.last().cloned().unwrap_or(LayerRow {
                    diff_id: String::new(),
                    size: 0,
                    created_by: String::new(),
                }),
                changes,
                changes_omitted,
                layers: rows,
            }
        });
        TerminalView { attached: self.session.attached().map(|c| c.id.clone()), containers, commit }
    }
}

/// `docker commit …` or `docker container commit …`.
fn is_commit(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().take(3).collect();
    matches!(words.as_slice(), ["docker", "commit", ..] | ["docker", "container", "commit", ..])
}

fn container_view(container: &Container, image: Option<Arc<Image>>) -> ContainerView {
    let (state, exit_code) = match container.state {
        ContainerState::Created => ("created", None),
        ContainerState::Running { .. } => ("running", None),
        ContainerState::Exited { code, .. } => ("exited", Some(code)),
    };
    let (changes, changes_omitted, writable_bytes) = match &image {
        Some(image) => {
            let changes = layer::diff(&image.fs, &container.fs);
            let bytes =
                changes.iter().filter(|c| c.kind != ChangeKind::Deleted).map(|c| change_size(container, c)).sum();
            let (list, omitted) = change_list(&changes);
            (list, omitted, bytes)
        }
        None => (Vec::new(), 0, 0),
    };
    ContainerView {
        id: container.id.clone(),
        short_id: container.short_id().to_string(),
        name: container.name.clone(),
        image: container.image_ref.clone(),
        image_id: container.image.to_string(),
        state,
        exit_code,
        command: container.command_line(),
        layers: image.as_deref().map(layer_rows).unwrap_or_default(),
        changes,
        changes_omitted,
        writable_bytes,
    }
}

fn change_size(container: &Container, change: &layer::Change) -> u64 {
    container.fs.read(&change.path).map_or(0, |bytes| bytes.len() as u64)
}

fn change_list(changes: &[layer::Change]) -> (Vec<FileChange>, usize) {
    let list = changes.iter().take(MAX_STEP_CHANGES).map(FileChange::from).collect();
    (list, changes.len().saturating_sub(MAX_STEP_CHANGES))
}

/// The image's layers with the history entry that made each (empty-layer entries skipped).
fn layer_rows(image: &Image) -> Vec<LayerRow> {
    let mut made_by = image.config.history.iter().filter(|h| !h.empty_layer).map(|h| h.created_by.clone());
    image
        .layers
        .iter()
        .map(|layer| LayerRow {
            diff_id: layer.diff_id.to_string(),
            size: layer.size,
            created_by: made_by.next().flatten().unwrap_or_default(),
        })
        .collect()
}
