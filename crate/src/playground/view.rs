//! The page's picture of a build, folded from the engine's event stream and the store: the timeline of steps, the
//! temporary container of the step that just ran, the image as a stack of layers with their digests, the images and
//! tags in the store, the cache, and the logs (rendered by the same code as the CLI's, so they are byte-identical).

use super::SetupError;
use crate::build::engine::Build;
use crate::build::events::{BaseSource, BuildEvent, CacheMiss, FileChange};
use crate::build::progress::{ClassicLog, PlainLog};
use crate::oci::{chain_ids, Digest};
use crate::store::{Image, ImageStore};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The most output lines and changed files one step keeps in the view (the page shows fewer): a RUN printing 200,000
/// lines made a 26 MB view, and the page parses the view after every step. The logs keep everything.
pub const MAX_STEP_OUTPUT_LINES: usize = 1_000;
pub const MAX_STEP_CHANGES: usize = 5_000;

#[derive(Clone, Debug, Serialize)]
pub struct View {
    /// `empty`, `ready`, `running`, `finished`, `failed` or `setup_error`.
    pub phase: &'static str,
    pub setup_error: Option<SetupError>,
    pub steps_done: usize,
    pub total_steps: usize,
    pub stages: Vec<StageView>,
    pub steps: Vec<StepView>,
    /// The number of the last step that ran.
    pub current: Option<usize>,
    /// The last step's temporary container.
    pub container: Option<ContainerView>,
    /// The image the build is at.
    pub image: Option<ImageView>,
    pub images: Vec<ImageSummary>,
    pub cache: CacheView,
    pub logs: Logs,
    pub outcome: Option<Outcome>,
    pub warnings: Vec<WarningView>,
    /// Whether Back has a step to undo (false at the start, and after the terminal changed the images).
    pub can_back: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct StageView {
    pub index: usize,
    pub name: Option<String>,
    pub base: String,
    pub used: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepView {
    /// None for the instructions of a stage the target does not need.
    pub number: Option<usize>,
    pub total: usize,
    pub stage: usize,
    pub stage_name: Option<String>,
    pub stage_step: usize,
    pub stage_steps: usize,
    pub instruction: String,
    pub keyword: String,
    pub line: usize,
    /// `pending`, `run`, `cached`, `failed` or `skipped`.
    pub status: &'static str,
    pub cache: Option<CacheStatus>,
    pub base: Option<BaseView>,
    pub container: Option<ContainerView>,
    /// Output printed during the step (also in the container, when there is one): the first
    /// [`MAX_STEP_OUTPUT_LINES`], and how many more there were.
    pub output: Vec<OutputLine>,
    pub output_omitted: usize,
    /// Files the step changed (also in the container, when there is one; COPY and ADD have none): the first
    /// [`MAX_STEP_CHANGES`], and how many more there were.
    pub changes: Vec<FileChange>,
    pub changes_omitted: usize,
    pub layer: Option<LayerRef>,
    pub empty_layer: bool,
    pub image_id: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum CacheStatus {
    Hit { hit: bool, image_id: String },
    Miss { hit: bool, reason: CacheMiss },
}

#[derive(Clone, Debug, Serialize)]
pub struct BaseView {
    pub reference: String,
    pub canonical: String,
    pub image_id: String,
    pub layers: usize,
    pub source: BaseSource,
}

#[derive(Clone, Debug, Serialize)]
pub struct OutputLine {
    pub stream: &'static str,
    pub line: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LayerRef {
    pub diff_id: String,
    pub size: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ContainerView {
    pub step: usize,
    pub id: String,
    pub image_id: String,
    pub command: Vec<String>,
    pub output: Vec<OutputLine>,
    pub output_omitted: usize,
    pub changes: Vec<FileChange>,
    pub changes_omitted: usize,
    pub committed: Option<Committed>,
    pub image_id_after: Option<String>,
    pub removed: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Committed {
    Layer { diff_id: String, size: u64 },
    Config { empty_layer: bool },
}

#[derive(Clone, Debug, Serialize)]
pub struct ImageView {
    pub id: String,
    pub short_id: String,
    pub manifest_digest: String,
    pub size: u64,
    pub tags: Vec<String>,
    pub layers: Vec<LayerView>,
    pub history: Vec<HistoryView>,
    pub config: serde_json::Value,
}

#[derive(Clone, Debug, Serialize)]
pub struct LayerView {
    pub index: usize,
    pub diff_id: String,
    pub chain_id: String,
    pub size: u64,
    pub created_by: String,
    pub step: Option<usize>,
    pub shared_with: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HistoryView {
    pub created_by: String,
    pub empty_layer: bool,
    pub layer: Option<usize>,
    pub step: Option<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImageSummary {
    pub id: String,
    pub short_id: String,
    pub tags: Vec<String>,
    pub dangling: bool,
    pub size: u64,
    /// Chain IDs, bottom layer first: two images share a layer where these agree.
    pub layers: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct CacheView {
    pub hits: Vec<usize>,
    pub first_miss: Option<FirstMiss>,
    pub invalidated: Vec<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FirstMiss {
    pub step: usize,
    pub reason: CacheMiss,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Logs {
    /// What `layerlab build` prints on stdout, byte for byte.
    pub classic: String,
    /// What it prints on stderr (a failure).
    pub classic_stderr: String,
    pub plain: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Outcome {
    Built { ok: bool, image_id: String, short_id: String, manifest_digest: String, tags: Vec<String> },
    Failed { ok: bool, step: Option<usize>, message: String, exit_code: Option<i32> },
}

#[derive(Clone, Debug, Serialize)]
pub struct WarningView {
    pub step: Option<usize>,
    pub message: String,
}

fn short(id: &str) -> String {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    hex.get(..12).unwrap_or(hex).to_string()
}

pub(super) fn build_view(build: Option<&Build>, setup_error: Option<&SetupError>, store: &ImageStore) -> View {
    let images = image_summaries(store);
    let mut view = View {
        phase: "empty",
        setup_error: setup_error.cloned(),
        steps_done: 0,
        total_steps: 0,
        stages: Vec::new(),
        steps: Vec::new(),
        current: None,
        container: None,
        image: None,
        images,
        cache: CacheView::default(),
        logs: Logs::default(),
        outcome: None,
        warnings: Vec::new(),
        can_back: false,
    };
    if setup_error.is_some() {
        view.phase = "setup_error";
        return view;
    }
    let Some(build) = build else { return view };
    view.steps_done = build.steps_done();
    view.can_back = build.can_back();
    view.total_steps = build.total_steps();
    view.steps = planned_steps(build);
    fold_events(&mut view, build.events());
    view.phase = match build.outcome() {
        Some(Ok(_)) => "finished",
        Some(Err(_)) => "failed",
        None if view.current.is_some() => "running",
        None => "ready",
    };
    view.container = view.current.and_then(|n| view.steps.get(n - 1)).and_then(|s| s.container.clone());
    view.image =
        current_image_id(&view).and_then(|id| store.resolve(&id)).map(|image| image_view(&image, &view, store));
    view
}

/// Every step of the plan as pending, then the instructions of the stages the target skips.
fn planned_steps(build: &Build) -> Vec<StepView> {
    let dockerfile = build.dockerfile();
    let plan = build.plan();
    let total = plan.steps.len();
    let step = |instruction: usize, stage: usize, stage_step: usize, stage_steps: usize, number: Option<usize>| {
        let node = &dockerfile.instructions[instruction].node;
        StepView {
            number,
            total,
            stage,
            stage_name: plan.stages.get(stage).and_then(|s| s.name.clone()),
            stage_step,
            stage_steps,
            instruction: node.original.trim().to_string(),
            keyword: node.keyword.text.to_uppercase(),
            line: node.start_line,
            status: if number.is_some() { "pending" } else { "skipped" },
            cache: None,
            base: None,
            container: None,
            output: Vec::new(),
            output_omitted: 0,
            changes: Vec::new(),
            changes_omitted: 0,
            layer: None,
            empty_layer: false,
            image_id: None,
        }
    };
    let mut steps: Vec<StepView> = plan
        .steps
        .iter()
        .enumerate()
        .map(|(i, p)| step(p.instruction, p.stage, p.stage_step, p.stage_steps, Some(i + 1)))
        .collect();
    for stage in plan.stages.iter().filter(|s| !s.used) {
        if let Some(range) = dockerfile.stages.get(stage.index) {
            let count = range.end.saturating_sub(range.from);
            for (k, instruction) in (range.from..range.end).enumerate() {
                steps.push(step(instruction, stage.index, k + 1, count, None));
            }
        }
    }
    steps
}

fn fold_events(view: &mut View, events: &[BuildEvent]) {
    let mut classic = ClassicLog::default();
    let mut plain = PlainLog::default();
    for event in events {
        let mut text = String::new();
        classic.render(event, &mut text);
        if matches!(event, BuildEvent::BuildFailed { .. }) {
            view.logs.classic_stderr.push_str(&text);
        } else {
            view.logs.classic.push_str(&text);
        }
        plain.render(event, &mut view.logs.plain);
        apply(view, event);
    }
}

fn step_mut(view: &mut View, number: usize) -> Option<&mut StepView> {
    view.steps.get_mut(number.checked_sub(1)?).filter(|s| s.number == Some(number))
}

fn apply(view: &mut View, event: &BuildEvent) {
    match event {
        BuildEvent::BuildStarted { stages, .. } => {
            view.stages = stages
                .iter()
                .map(|s| StageView { index: s.index, name: s.name.clone(), base: s.base.clone(), used: s.used })
                .collect();
        }
        BuildEvent::StepStarted { step, .. } => {
            view.current = Some(*step);
            if let Some(s) = step_mut(view, *step) {
                s.status = "run";
            }
        }
        BuildEvent::BaseImage { step, reference, canonical, image_id, layers, source } => {
            if let Some(s) = step_mut(view, *step) {
                s.base = Some(BaseView {
                    reference: reference.clone(),
                    canonical: canonical.clone(),
                    image_id: image_id.clone(),
                    layers: *layers,
                    source: source.clone(),
                });
                s.image_id = Some(image_id.clone());
            }
        }
        BuildEvent::CacheHit { step, image_id } => {
            view.cache.hits.push(*step);
            if let Some(s) = step_mut(view, *step) {
                s.status = "cached";
                s.cache = Some(CacheStatus::Hit { hit: true, image_id: image_id.clone() });
                s.image_id = Some(image_id.clone());
            }
        }
        BuildEvent::CacheMissed { step, reason } => {
            if matches!(reason, CacheMiss::Invalidated { .. }) {
                view.cache.invalidated.push(*step);
            } else if view.cache.first_miss.is_none() {
                view.cache.first_miss = Some(FirstMiss { step: *step, reason: reason.clone() });
            }
            if let Some(s) = step_mut(view, *step) {
                s.cache = Some(CacheStatus::Miss { hit: false, reason: reason.clone() });
            }
        }
        BuildEvent::ContainerCreated { step, container_id, image_id, command } => {
            if let Some(s) = step_mut(view, *step) {
                s.container = Some(ContainerView {
                    step: *step,
                    id: container_id.clone(),
                    image_id: image_id.clone(),
                    command: command.clone(),
                    output: Vec::new(),
                    output_omitted: 0,
                    changes: Vec::new(),
                    changes_omitted: 0,
                    committed: None,
                    image_id_after: None,
                    removed: false,
                });
            }
        }
        BuildEvent::Output { step, stream, line } => {
            if let Some(s) = step_mut(view, *step) {
                let kept = s.output.len() < MAX_STEP_OUTPUT_LINES;
                let output = OutputLine { stream, line: line.clone() };
                if let Some(c) = &mut s.container {
                    if kept {
                        c.output.push(output.clone());
                    } else {
                        c.output_omitted += 1;
                    }
                }
                if kept {
                    s.output.push(output);
                } else {
                    s.output_omitted += 1;
                }
            }
        }
        BuildEvent::FilesChanged { step, changes } => {
            if let Some(s) = step_mut(view, *step) {
                let room = MAX_STEP_CHANGES.saturating_sub(s.changes.len());
                let omitted = changes.len().saturating_sub(room);
                if let Some(c) = &mut s.container {
                    c.changes.extend(changes.iter().take(room).cloned());
                    c.changes_omitted += omitted;
                }
                s.changes.extend(changes.iter().take(room).cloned());
                s.changes_omitted += omitted;
            }
        }
        BuildEvent::LayerCommitted { step, diff_id, size } => {
            if let Some(s) = step_mut(view, *step) {
                s.layer = Some(LayerRef { diff_id: diff_id.clone(), size: *size });
                if let Some(c) = &mut s.container {
                    c.committed = Some(Committed::Layer { diff_id: diff_id.clone(), size: *size });
                }
            }
        }
        BuildEvent::ConfigCommitted { step } => {
            if let Some(s) = step_mut(view, *step) {
                s.empty_layer = true;
                if let Some(c) = &mut s.container {
                    c.committed = Some(Committed::Config { empty_layer: true });
                }
            }
        }
        BuildEvent::ImageCreated { step, image_id, .. } => {
            if let Some(s) = step_mut(view, *step) {
                s.image_id = Some(image_id.clone());
                if let Some(c) = &mut s.container {
                    c.image_id_after = Some(image_id.clone());
                }
            }
        }
        BuildEvent::ContainerRemoved { step, .. } => {
            if let Some(c) = step_mut(view, *step).and_then(|s| s.container.as_mut()) {
                c.removed = true;
            }
        }
        BuildEvent::Warning { step, message } => {
            view.warnings.push(WarningView { step: *step, message: message.clone() });
        }
        BuildEvent::BuildFinished { image_id, manifest_digest, tags } => {
            view.outcome = Some(Outcome::Built {
                ok: true,
                image_id: image_id.clone(),
                short_id: short(image_id),
                manifest_digest: manifest_digest.clone(),
                tags: tags.clone(),
            });
        }
        BuildEvent::BuildFailed { step, message, exit_code } => {
            if let Some(s) = step.and_then(|n| step_mut(view, n)) {
                s.status = "failed";
            }
            view.outcome =
                Some(Outcome::Failed { ok: false, step: *step, message: message.clone(), exit_code: *exit_code });
        }
        BuildEvent::StageSkipped { .. } | BuildEvent::TriggersRunning { .. } | BuildEvent::TagMoved { .. } => {}
    }
}

/// The image the build is at: the final image once it is built, otherwise the last image of the current stage.
fn current_image_id(view: &View) -> Option<String> {
    if let Some(Outcome::Built { image_id, .. }) = &view.outcome {
        return Some(image_id.clone());
    }
    let current = view.current?;
    let stage = view.steps.get(current - 1)?.stage;
    view.steps[..current].iter().rev().take_while(|s| s.stage == stage).find_map(|s| s.image_id.clone())
}

fn image_view(image: &Arc<Image>, view: &View, store: &ImageStore) -> ImageView {
    let diff_ids: Vec<Digest> = image.layers.iter().map(|l| l.diff_id.clone()).collect();
    let chains = chain_ids(&diff_ids);
    // Which step made the image with N layers / N history entries (the steps of this build that led here).
    let mut step_by_layers: BTreeMap<usize, usize> = BTreeMap::new();
    let mut step_by_history: BTreeMap<usize, usize> = BTreeMap::new();
    // A step made a layer when its image has more layers than the one before it in the stage (a cached step too:
    // it reports no commit, but its image has the layer).
    let mut layers_before: BTreeMap<usize, usize> = BTreeMap::new();
    for step in &view.steps {
        let (Some(number), Some(id)) = (step.number, &step.image_id) else { continue };
        let Some(made) = store.resolve(id) else { continue };
        let count = made.layers.len();
        if step.base.is_some() {
            layers_before.insert(step.stage, count);
            continue;
        }
        let before = layers_before.insert(step.stage, count).unwrap_or(0);
        if count > before {
            let made_chains = chain_ids(&made.layers.iter().map(|l| l.diff_id.clone()).collect::<Vec<_>>());
            if chains.get(count - 1) == made_chains.last() {
                step_by_layers.insert(count - 1, number);
            }
        }
        let h = made.config.history.len();
        if h > 0 && image.config.history.get(h - 1) == made.config.history.last() {
            step_by_history.insert(h - 1, number);
        }
    }
    let others: Vec<(String, Vec<Digest>)> = store
        .images()
        .filter(|other| other.id != image.id && is_listed(store, other))
        .map(|other| {
            let tags = store.tags_of(&other.id);
            let name = tags.first().cloned().unwrap_or_else(|| other.id.short().to_string());
            (name, chain_ids(&other.layers.iter().map(|l| l.diff_id.clone()).collect::<Vec<_>>()))
        })
        .collect();
    let mut history = Vec::new();
    let mut layer_created_by: Vec<String> = vec![String::new(); image.layers.len()];
    let mut next_layer = 0;
    for (i, entry) in image.config.history.iter().enumerate() {
        let layer = if entry.empty_layer || next_layer >= image.layers.len() {
            None
        } else {
            next_layer += 1;
            Some(next_layer - 1)
        };
        let created_by = entry.created_by.clone().unwrap_or_default();
        if let Some(index) = layer {
            layer_created_by[index] = created_by.clone();
        }
        history.push(HistoryView {
            created_by,
            empty_layer: entry.empty_layer,
            layer,
            step: step_by_history.get(&i).copied(),
        });
    }
    let layers = image
        .layers
        .iter()
        .enumerate()
        .map(|(index, layer)| LayerView {
            index,
            diff_id: layer.diff_id.to_string(),
            chain_id: chains[index].to_string(),
            size: layer.size,
            created_by: layer_created_by[index].clone(),
            step: step_by_layers.get(&index).copied(),
            shared_with: others
                .iter()
                .filter(|(_, other)| other.get(index) == Some(&chains[index]))
                .map(|(name, _)| name.clone())
                .collect(),
        })
        .collect();
    let config = serde_json::from_slice(&image.config_bytes).unwrap_or(serde_json::Value::Null);
    ImageView {
        id: image.id.to_string(),
        short_id: image.id.short().to_string(),
        manifest_digest: image.manifest().1.to_string(),
        size: image.size(),
        tags: store.tags_of(&image.id),
        layers,
        history,
        config,
    }
}

/// `docker images` without `-a`: tagged images, and untagged ones no other image is built on (`<none>:<none>`).
fn is_listed(store: &ImageStore, image: &Image) -> bool {
    !store.tags_of(&image.id).is_empty() || !store.images().any(|other| other.parent.as_ref() == Some(&image.id))
}

fn image_summaries(store: &ImageStore) -> Vec<ImageSummary> {
    let parents: BTreeSet<&Digest> = store.images().filter_map(|i| i.parent.as_ref()).collect();
    store
        .images()
        .filter_map(|image| {
            let tags = store.tags_of(&image.id);
            if tags.is_empty() && parents.contains(&image.id) {
                return None;
            }
            Some(ImageSummary {
                id: image.id.to_string(),
                short_id: image.id.short().to_string(),
                dangling: tags.is_empty(),
                tags,
                size: image.size(),
                layers: chain_ids(&image.layers.iter().map(|l| l.diff_id.clone()).collect::<Vec<_>>())
                    .iter()
                    .map(|d| d.to_string())
                    .collect(),
            })
        })
        .collect()
}
