//! The build's one event stream. Every view is a rendering of it: the classic log, BuildKit's plain log, the JSON
//! progress lines, and the browser's animation. Events carry facts, not wording.

use serde::Serialize;

/// A file the step changed in the container's writable layer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileChange {
    pub path: String,
    /// `added`, `modified` or `deleted` (a deletion becomes a whiteout in the layer).
    pub kind: &'static str,
    pub size: u64,
}

impl From<&crate::layer::Change> for FileChange {
    fn from(change: &crate::layer::Change) -> FileChange {
        use crate::layer::ChangeKind;
        FileChange {
            path: change.path.clone(),
            kind: match change.kind {
                ChangeKind::Added => "added",
                ChangeKind::Modified => "modified",
                ChangeKind::Deleted => "deleted",
            },
            size: change.size,
        }
    }
}

/// Why a step could not reuse the cache.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CacheMiss {
    /// `--no-cache`.
    Disabled,
    /// Nothing was built from this parent before.
    NoEntry,
    /// The same parent was built on with a different instruction before.
    InstructionChanged { previous: String },
    /// COPY/ADD of files whose contents changed since the cached build.
    FilesChanged { paths: Vec<String> },
    /// An earlier step missed, so this step's parent is new.
    Invalidated { by_step: usize },
}

/// Where a stage's base comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BaseSource {
    /// The built-in catalog of simulated images, with its real-world size figure (a labelled catalog number, not
    /// measured bytes).
    Catalog { real_size_mb: f64 },
    /// An image in this session's store (built, committed, pulled or loaded).
    Store,
    /// An earlier stage of this Dockerfile.
    Stage { index: usize },
    /// `FROM scratch`: no layers at all.
    Scratch,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StagePlan {
    pub index: usize,
    pub name: Option<String>,
    pub base: String,
    /// False when `--target` does not need the stage; it is skipped.
    pub used: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum BuildEvent {
    BuildStarted {
        /// What `Sending build context to Docker daemon` reports (after .dockerignore).
        context_bytes: u64,
        context_files: usize,
        dockerfile_bytes: u64,
        /// Steps that will run (instructions of the used stages).
        steps: usize,
        stages: Vec<StagePlan>,
        platform: String,
    },
    StageSkipped {
        stage: usize,
        name: Option<String>,
    },
    StepStarted {
        step: usize,
        total: usize,
        stage: usize,
        /// The instruction as written (continuations joined), as `Step N/M :` prints it.
        instruction: String,
        /// Upper-case keyword (`RUN`).
        keyword: String,
        /// 1-based source line of the instruction.
        line: usize,
        stage_name: Option<String>,
        /// Position within the stage (the FROM is 1) and the stage's length: BuildKit's `[build 2/4]`.
        stage_step: usize,
        stage_steps: usize,
    },
    BaseImage {
        step: usize,
        /// As written in FROM (`alpine`) and fully qualified (`docker.io/library/alpine:latest`).
        reference: String,
        canonical: String,
        image_id: String,
        layers: usize,
        source: BaseSource,
    },
    TriggersRunning {
        step: usize,
        count: usize,
    },
    CacheHit {
        step: usize,
        image_id: String,
    },
    CacheMissed {
        step: usize,
        reason: CacheMiss,
    },
    ContainerCreated {
        step: usize,
        container_id: String,
        image_id: String,
        command: Vec<String>,
    },
    Output {
        step: usize,
        stream: &'static str,
        line: String,
    },
    FilesChanged {
        step: usize,
        changes: Vec<FileChange>,
    },
    LayerCommitted {
        step: usize,
        diff_id: String,
        size: u64,
    },
    /// A metadata-only step: the commit adds a history entry but no layer.
    ConfigCommitted {
        step: usize,
    },
    ImageCreated {
        step: usize,
        image_id: String,
        created_by: String,
    },
    ContainerRemoved {
        step: usize,
        container_id: String,
    },
    Warning {
        step: Option<usize>,
        message: String,
    },
    TagMoved {
        tag: String,
        image_id: String,
        /// The image the tag pointed at before; if no other tag names it, it is now `<none>:<none>`.
        previous: Option<String>,
    },
    BuildFinished {
        image_id: String,
        /// The ID the containerd image store shows (the manifest digest).
        manifest_digest: String,
        tags: Vec<String>,
    },
    BuildFailed {
        step: Option<usize>,
        message: String,
        /// The exit code of the failed RUN, when a command failed.
        exit_code: Option<i32>,
    },
}
