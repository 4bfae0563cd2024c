// The page's entry point: starts the core (in a worker), restores the work, wires the editor, the context, the
// controls and the panels together, and decides when a build must start again. The core is the only authority on
// what a build does; this module only sends it the user's input and shows the View it answers.

import { loadDictionaries, t, getLanguage, setLanguage, onLanguageChange, translateDocument } from "./i18n.js";
import { core } from "./boot.js";
import { createEditor } from "./editor.js";
import { createContextPanel, contextFile } from "./context.js";
import { createControls, SPEEDS } from "./controls.js";
import { createExporter, copyText } from "./export.js";
import { EXAMPLES, DEFAULT_EXAMPLE, findExample } from "./examples.js";
import { fillIcons } from "./icons.js";
import { createTerminal } from "./terminal.js";
import { createLessons } from "./lessons.js";
import {
  loadState, saveState, isFirstVisit, onSaveError, keptPaths, textToBytes, bytesToBase64,
  base64ToBytes, encodeShare, decodeShare, SHARE_FILE_LIMIT, SHARE_TOTAL_LIMIT,
} from "./store.js";

const $ = (id) => document.getElementById(id);
const PARSE_DELAY_MS = 120;
const FINAL_PHASES = new Set(["empty", "finished", "failed", "setup_error"]);
const TABS = ["files", "digests", "images", "cache", "log", "terminal"];

// The core's worker was started by boot.js (it compiles the wasm while the page sets itself up).
core.setHandlers({
  onCrash: (message) => handleCrash(message),
  onRestart: (result) => handleRestart(result),
});
const panelsModule = import("./panels/index.js").catch((error) => {
  console.error("layerlab: the panels failed to load", error);
  return null;
});

let editor;
let context;
let controls;
let exporter;
let panels = null;

let view = null; // the last View from the core
let selectedStep = null; // null = the latest
let startedKey = null; // what the running build was started with (options + context version)
let startedTags = [];
let contextVersion = 0;
let sentContextVersion = -1;
let setupDiagnostics = null; // { text, list } from the last setup_error
let parsed = { text: null, instructions: [], diagnostics: [] };
let animation = null;
let coreReady = false;
let queue = Promise.resolve();
let queued = 0;
const miniboxes = {};
const archives = []; // { name, file } of the docker save tarballs loaded, loaded again after "Forget cache"

// ---- notices ------------------------------------------------------------------------------------------------------

const ICONS = { info: "ℹ", success: "✔", warning: "⚠", error: "✖" };

/**
 * Shows a notice. actions: [{ label, run }]. opts: { detail, node, sticky, timeout }.
 * Returns { close }.
 */
function notify(kind, message, actions = [], opts = {}) {
  const box = $("notices");
  if (opts.group) {
    for (const old of box.querySelectorAll(`[data-group="${opts.group}"]`)) old.remove();
  }
  const notice = document.createElement("div");
  if (opts.group) notice.dataset.group = opts.group;
  notice.className = `notice notice-${kind}`;
  if (kind === "error") notice.setAttribute("role", "alert");
  const icon = document.createElement("span");
  icon.className = "notice-icon";
  icon.setAttribute("aria-hidden", "true");
  icon.textContent = ICONS[kind] || ICONS.info;
  if (opts.testid) notice.dataset.testid = opts.testid;
  const body = document.createElement("div");
  body.className = "notice-body";
  const kindText = document.createElement("span");
  kindText.className = "visually-hidden";
  kindText.textContent = `${t(`notice.${kind}`)}: `;
  const text = document.createElement("p");
  text.className = "notice-text";
  text.append(kindText, message);
  body.append(text);
  if (opts.detail) {
    const detail = document.createElement("p");
    detail.className = "notice-detail";
    detail.textContent = opts.detail;
    body.append(detail);
  }
  if (opts.node) body.append(opts.node);
  const close = () => {
    clearTimeout(timer);
    notice.remove();
  };
  const buttons = document.createElement("div");
  buttons.className = "notice-actions";
  for (const action of actions) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button-small";
    button.textContent = action.label;
    button.addEventListener("click", () => {
      close();
      action.run();
    });
    buttons.append(button);
  }
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.className = "button button-icon button-quiet notice-close";
  dismiss.textContent = "✕";
  dismiss.setAttribute("aria-label", t("common.dismiss"));
  dismiss.addEventListener("click", close);
  buttons.append(dismiss);
  notice.append(icon, body, buttons);
  box.append(notice);
  while (box.children.length > 4) box.firstElementChild.remove();
  const timeout = opts.sticky || kind === "error" ? 0 : opts.timeout || (actions.length ? 20000 : 7000);
  let timer = timeout ? setTimeout(close, timeout) : 0;
  notice.addEventListener("focusin", () => clearTimeout(timer));
  return { close };
}

// ---- the work: Dockerfile, context, options ----------------------------------------------------------------------

function parseTags(text) {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

function parseBuildArgs(text) {
  const args = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    args[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return args;
}

function buildOptions() {
  const target = $("target-input").value.trim();
  return {
    dockerfile: editor.value,
    tags: parseTags($("tag-input").value),
    build_args: parseBuildArgs($("build-args-input").value),
    target: target || null,
    platform: $("platform-select").value,
    no_cache: $("no-cache-input").checked,
    source_date_epoch: 0,
  };
}

function currentKey() {
  return `${JSON.stringify(buildOptions())}#${contextVersion}`;
}

function snapshotWork() {
  return {
    dockerfile: editor.value,
    files: context.files.map((f) => ({ ...f })),
    tags: $("tag-input").value,
    platform: $("platform-select").value,
    noCache: $("no-cache-input").checked,
    buildArgs: $("build-args-input").value,
    target: $("target-input").value,
  };
}

function isEmptyWork(work) {
  return !work.dockerfile.trim() && work.files.length === 0;
}

function sameWork(a, b) {
  if (a.dockerfile !== b.dockerfile || a.files.length !== b.files.length) return false;
  return a.files.every((f, i) => f.path === b.files[i].path && f.text === b.files[i].text && f.text !== null);
}

/** Puts a work (an example, a share link, an undo) into the page. Fields left undefined keep their value. */
function applyWork(work) {
  if (work.tags !== undefined) $("tag-input").value = work.tags;
  if (work.platform !== undefined && ["linux/amd64", "linux/arm64"].includes(work.platform)) {
    $("platform-select").value = work.platform;
  }
  if (work.noCache !== undefined) $("no-cache-input").checked = work.noCache;
  if (work.buildArgs !== undefined) {
    $("build-args-input").value = work.buildArgs;
    if (work.buildArgs) $("more-options").open = true;
  }
  if (work.target !== undefined) $("target-input").value = work.target;
  context.setFiles(
    (work.files || []).map((f) => {
      if (f.blob) return { ...f };
      const file = contextFile(f.path, f.bytes || textToBytes(f.text || ""), f.mode || 0o644);
      if (typeof f.text === "string") file.text = f.text;
      return file;
    }),
  );
  contextChanged();
  editor.setValue(work.dockerfile);
  dockerfileChanged();
  optionsChanged();
}

function replaceWork(work, messageKey, params) {
  const previous = snapshotWork();
  applyWork(work);
  const actions = !isEmptyWork(previous) && !sameWork(previous, snapshotWork())
    ? [{ label: t("common.undo"), run: () => {
      applyWork(previous);
      notify("info", t("work.restored"), [], { group: "work" });
    } }]
    : [];
  notify("info", t(messageKey, params), actions, { timeout: actions.length ? 30000 : 7000, group: "work" });
}

const base64Cache = new WeakMap(); // bytes → base64, so saving after every keystroke does not encode again

function base64Of(bytes) {
  let value = base64Cache.get(bytes);
  if (value === undefined) {
    value = bytesToBase64(bytes);
    base64Cache.set(bytes, value);
  }
  return value;
}

function saveWork() {
  const files = context.files;
  const kept = keptPaths(files);
  saveState({
    dockerfile: editor.value,
    files: files
      .filter((f) => kept.has(f.path))
      .map((f) => (f.text !== null ? { path: f.path, mode: f.mode, text: f.text } : { path: f.path, mode: f.mode, base64: base64Of(f.bytes) })),
    notKept: files.filter((f) => !kept.has(f.path)).map((f) => f.path),
    tags: $("tag-input").value,
    platform: $("platform-select").value,
    noCache: $("no-cache-input").checked,
    buildArgs: $("build-args-input").value,
    target: $("target-input").value,
  });
}

function savedWork(state) {
  if (typeof state.dockerfile !== "string") return null;
  const files = [];
  for (const f of Array.isArray(state.files) ? state.files : []) {
    if (!f || typeof f.path !== "string") continue;
    try {
      if (typeof f.text === "string") files.push({ path: f.path, mode: f.mode || 0o644, text: f.text });
      else if (typeof f.base64 === "string") files.push({ path: f.path, mode: f.mode || 0o644, bytes: base64ToBytes(f.base64) });
    } catch {
      // a damaged entry: skip it
    }
  }
  return {
    dockerfile: state.dockerfile,
    files,
    tags: typeof state.tags === "string" ? state.tags : "hello",
    platform: state.platform,
    noCache: Boolean(state.noCache),
    buildArgs: typeof state.buildArgs === "string" ? state.buildArgs : "",
    target: typeof state.target === "string" ? state.target : "",
  };
}

function exampleWork(example) {
  return {
    dockerfile: example.dockerfile,
    files: example.files.map((f) => ({ path: f.path, text: f.text, mode: 0o644 })),
    tags: example.tags,
    buildArgs: example.buildArgs,
    target: "",
    noCache: false,
  };
}

// ---- reacting to edits --------------------------------------------------------------------------------------------

let parseTimer = 0;
let parseSeq = 0;

function dockerfileChanged() {
  setupDiagnostics = null;
  clearTimeout(parseTimer);
  parseTimer = setTimeout(parseNow, PARSE_DELAY_MS);
  saveWork();
  updateCommandPreview();
  updateHint();
}

async function parseNow() {
  if (!coreReady) return;
  const text = editor.value;
  const seq = ++parseSeq;
  try {
    const result = await core.parse(text);
    if (seq !== parseSeq) return;
    parsed = { text, instructions: result.instructions || [], diagnostics: result.diagnostics || [] };
    showDiagnostics(text, result.diagnostics || []);
    markEditorLines(false);
  } catch (error) {
    if (!error.crashed) console.warn("layerlab: parse failed", error);
  }
}

function showDiagnostics(text, list) {
  let all = list;
  if (setupDiagnostics && setupDiagnostics.text === text) {
    const seen = new Set(list.map((d) => `${d.code}@${d.span && d.span.start}-${d.span && d.span.end}`));
    all = list.concat(setupDiagnostics.list.filter((d) => !seen.has(`${d.code}@${d.span && d.span.start}-${d.span && d.span.end}`)));
  }
  editor.setDiagnostics(all, text);
}

function contextChanged() {
  contextVersion++;
  saveWork();
  updateHint();
}

function optionsChanged() {
  saveWork();
  updateCommandPreview();
  updateHint();
  ensureMinibox($("platform-select").value);
}

function updateCommandPreview() {
  const o = buildOptions();
  const parts = ["docker", "build"];
  for (const tag of o.tags) parts.push("-t", shellWord(tag));
  if (o.platform !== "linux/amd64") parts.push("--platform", o.platform);
  if (o.no_cache) parts.push("--no-cache");
  for (const [k, v] of Object.entries(o.build_args)) parts.push("--build-arg", shellWord(`${k}=${v}`));
  if (o.target) parts.push("--target", shellWord(o.target));
  parts.push(".");
  $("command-preview").textContent = `$ ${parts.join(" ")}`;
}

function shellWord(word) {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

// ---- the core ---------------------------------------------------------------------------------------------------

function contextFiles() {
  return context.files.map((f) => (f.bytes ? { path: f.path, bytes: f.bytes, mode: f.mode } : { path: f.path, blob: f.blob, mode: f.mode }));
}

function ensureMinibox(platform) {
  const arch = String(platform).endsWith("arm64") ? "arm64" : "amd64";
  if (!coreReady) return Promise.resolve(false);
  if (!miniboxes[arch]) {
    miniboxes[arch] = (async () => {
      try {
        const response = await fetch(`pkg/minibox-${arch}`);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const bytes = new Uint8Array(await response.arrayBuffer());
        await core.addMinibox(bytes);
        return true;
      } catch (error) {
        notify("warning", t("minibox.missing", { arch }), [], { detail: String(error.message || error), sticky: true });
        return false;
      }
    })();
  }
  return miniboxes[arch];
}

/** Runs core actions one after another; a click while one runs waits its turn (a few at most). */
function enqueue(fn) {
  if (queued >= 4) return queue;
  queued++;
  queue = queue
    .then(fn)
    .catch(handleError)
    .finally(() => {
      queued--;
      updateControls();
    });
  updateControls();
  return queue;
}

function handleError(error) {
  if (error && error.crashed) return; // the crash notice says it
  console.error(error);
  notify("error", t("error.core"), [], { detail: String((error && error.message) || error) });
}

/** Starts a build when there is none to continue. Returns false when the Dockerfile cannot be built. */
async function ensureStarted() {
  const key = currentKey();
  if (view && !FINAL_PHASES.has(view.phase) && key === startedKey) return true;
  const options = buildOptions();
  await ensureMinibox(options.platform);
  if (sentContextVersion !== contextVersion) {
    const version = contextVersion;
    const refused = await core.setContext(contextFiles());
    sentContextVersion = version;
    for (const r of refused || []) notify("warning", t("context.refused", { path: r.path }), [], { detail: r.error });
  }
  const next = await core.start(options);
  startedKey = key;
  startedTags = options.tags;
  show(next);
  if (next.phase === "setup_error") {
    setupDiagnostics = { text: options.dockerfile, list: (next.setup_error && next.setup_error.diagnostics) || [] };
    showDiagnostics(options.dockerfile, parsed.text === options.dockerfile ? parsed.diagnostics : []);
    return false;
  }
  return true;
}

function show(next) {
  view = next;
  selectedStep = null;
  renderAll(true);
}

function stopAnimation() {
  if (animation) {
    animation.cancelled = true;
    if (animation.wake) animation.wake();
  }
}

const actions = {
  build() {
    if (animation) {
      stopAnimation();
      return;
    }
    enqueue(async () => {
      if (!(await ensureStarted())) return;
      const delay = SPEEDS[controls.speed] || 0;
      if (!delay) {
        show(await core.runToEnd());
        return;
      }
      const token = { cancelled: false, wake: null };
      animation = token;
      updateControls();
      try {
        while (!token.cancelled) {
          const next = await core.step();
          show(next);
          if (FINAL_PHASES.has(next.phase)) break;
          await new Promise((resolve) => {
            token.wake = resolve;
            setTimeout(resolve, SPEEDS[controls.speed] || 0);
          });
        }
      } finally {
        if (animation === token) animation = null;
        updateControls();
      }
    });
  },
  step() {
    stopAnimation();
    enqueue(async () => {
      // A fresh start only prepares the build; Step then runs its first step at once.
      if (!(await ensureStarted())) return;
      show(await core.step());
    });
  },
  back() {
    stopAnimation();
    enqueue(async () => {
      if (!view || !view.steps_done) return;
      show(await core.back());
    });
  },
  reset() {
    stopAnimation();
    enqueue(async () => {
      if (!view || view.phase === "empty") return;
      show(await core.reset());
    });
  },
  forget() {
    stopAnimation();
    enqueue(async () => {
      let next = await core.forget();
      startedKey = null;
      if (archives.length) {
        for (const archive of archives) await core.loadArchive(archive.file);
        next = await core.view();
      }
      show(next);
      if (terminal) {
        terminal.refresh();
        await refreshTerminalSide();
      }
      notify("info", t(archives.length ? "controls.forgottenKeptImages" : "controls.forgotten"), [], { group: "forget" });
    });
  },
  export() {
    enqueue(async () => {
      if (!canExport()) return;
      try {
        await exporter.run(startedTags);
      } catch (error) {
        if (error.crashed) return;
        notify("error", t("export.failed"), [], { detail: String(error.message || error) });
      }
    });
  },
  instructor() {
    setInstructor(!document.documentElement.classList.contains("instructor"));
  },
  language() {
    setLanguage(getLanguage() === "ko" ? "en" : "ko");
  },
  help() {
    controls.openHelp();
  },
};

function canExport() {
  return Boolean(view && view.phase === "finished" && view.outcome && view.outcome.ok);
}

// ---- showing the view ----------------------------------------------------------------------------------------------

function renderPanels() {
  if (!panels) return;
  performance.mark("layerlab:render:start");
  try {
    if (view) panels.render(view, selectedStep);
    else panels.clear();
  } catch (error) {
    console.error("layerlab: a panel failed to render", error);
  }
  performance.mark("layerlab:render:end");
  performance.measure("layerlab:render", "layerlab:render:start", "layerlab:render:end");
  performance.clearMarks("layerlab:render:start");
  performance.clearMarks("layerlab:render:end");
}

function renderAll(reveal) {
  renderPanels();
  updateStatus();
  updateHint();
  updateImageId();
  updateControls();
  markEditorLines(reveal);
}

function updateControls() {
  if (!controls) return;
  const busyPhase = view && !FINAL_PHASES.has(view.phase);
  controls.update({
    ready: coreReady,
    canBack: Boolean(view && view.can_back),
    canReset: Boolean(view && (busyPhase || view.phase === "finished" || view.phase === "failed")),
    canForget: coreReady,
    canExport: canExport(),
    animating: Boolean(animation),
  });
}

function stepByNumber(n) {
  return view && view.steps ? view.steps.find((s) => s.number === n) || null : null;
}

function updateStatus() {
  const node = $("build-status");
  let text;
  node.className = "status";
  if (!coreReady) text = t("status.loading");
  else if (!view || view.phase === "empty") text = t("status.empty");
  else if (view.phase === "setup_error") {
    node.classList.add("status-error");
    text = `✖ ${t("status.setupError", { message: (view.setup_error && view.setup_error.message) || "" })}`;
  } else if (view.phase === "ready") text = t("status.ready", { total: view.total_steps });
  else if (view.phase === "running") {
    const step = stepByNumber(view.current);
    const key = step && step.status === "cached" ? "status.stepCached" : "status.step";
    text = t(key, { n: view.current, total: view.total_steps, instruction: step ? step.instruction : "" });
  } else if (view.phase === "finished" && view.outcome && view.outcome.ok) {
    node.classList.add("status-ok");
    const hits = (view.cache && view.cache.hits && view.cache.hits.length) || 0;
    text = `✔ ${t("status.finished", { id: view.outcome.short_id, tags: (view.outcome.tags || []).join(", ") || "<none>:<none>" })}`;
    if (hits) text += ` ${t("status.cacheHits", { n: hits })}`;
  } else if (view.phase === "failed" || (view.outcome && !view.outcome.ok)) {
    node.classList.add("status-error");
    const o = view.outcome || {};
    text = `✖ ${t("status.failed", { n: o.step != null ? o.step : "?", message: o.message || "" })}`;
  } else text = view.phase;
  if (node.textContent !== text) node.textContent = text;
  node.title = text;
}

function updateHint() {
  let hint = $("build-hint");
  if (!hint) return;
  const changed = coreReady && view && !FINAL_PHASES.has(view.phase) && startedKey && currentKey() !== startedKey;
  const finishedChanged = coreReady && view && view.phase === "finished" && startedKey && currentKey() !== startedKey;
  hint.hidden = !(changed || finishedChanged);
  hint.textContent = changed ? `↻ ${t("status.changed")}` : `↻ ${t("status.changedAfter")}`;
}

function updateImageId() {
  const node = $("image-id");
  const ok = view && view.phase === "finished" && view.outcome && view.outcome.ok;
  const text = ok ? view.outcome.short_id : "";
  if (node.textContent !== text) node.textContent = text;
  if (ok) {
    node.title = view.outcome.image_id;
    node.classList.remove("is-empty");
  } else {
    node.removeAttribute("title");
    node.classList.add("is-empty");
  }
}

function markEditorLines(reveal) {
  if (!editor) return;
  const n = selectedStep !== null ? selectedStep : view && view.current;
  const step = n ? stepByNumber(n) : null;
  if (!step || !step.line || !view || view.phase === "empty" || view.phase === "setup_error") {
    editor.markLines(null);
    return;
  }
  const instruction = parsed.text === editor.value ? parsed.instructions.find((i) => i.line === step.line) : null;
  const to = instruction && instruction.end_line ? instruction.end_line : step.line;
  editor.markLines({ from: step.line, to, reveal: reveal && document.activeElement !== editor.textarea });
}

function onSelectStep(n) {
  selectedStep = n === undefined ? null : n;
  renderPanels();
  markEditorLines(true);
}

// ---- crash --------------------------------------------------------------------------------------------------------

let crashNotice = null;

function handleCrash(message) {
  stopAnimation();
  if (crashNotice) crashNotice.close();
  crashNotice = notify("error", t("crash.notice"), [], { detail: message, sticky: true, testid: "crash-notice" });
  document.documentElement.dataset.crashed = "1";
}

function handleRestart(result) {
  enqueue(async () => {
    const next = await core.view();
    view = next;
    renderAll(false);
    parseNow();
    notify(result.ok ? "success" : "warning", t(result.ok ? "crash.restored" : "crash.notRestored"));
    document.documentElement.dataset.crashed = "0";
    document.documentElement.dataset.restarts = String(Number(document.documentElement.dataset.restarts || 0) + 1);
  });
}

// ---- header: examples, share, language, instructor, tabs -----------------------------------------------------------

function renderExamples() {
  const list = $("examples-list");
  const lang = getLanguage();
  const frag = document.createDocumentFragment();
  for (const example of EXAMPLES) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "menu-item";
    const title = document.createElement("span");
    title.className = "menu-item-title";
    title.textContent = example.title[lang] || example.title.en;
    const description = document.createElement("span");
    description.className = "menu-item-description";
    description.textContent = example.description[lang] || example.description.en;
    button.append(title, description);
    button.addEventListener("click", () => {
      $("examples-menu").open = false;
      replaceWork(exampleWork(example), "examples.loaded", { title: title.textContent });
      editor.focus();
    });
    item.append(button);
    frag.append(item);
  }
  list.replaceChildren(frag);
}

async function shareLink() {
  const files = [];
  const left = [];
  let total = editor.value.length;
  for (const f of context.files) {
    if (f.text !== null && f.text.length <= SHARE_FILE_LIMIT && total + f.text.length <= SHARE_TOTAL_LIMIT) {
      files.push({ path: f.path, text: f.text, mode: f.mode });
      total += f.text.length;
    } else {
      left.push(f.path);
    }
  }
  const payload = {
    v: 1,
    dockerfile: editor.value,
    files,
    tags: $("tag-input").value,
    platform: $("platform-select").value,
    noCache: $("no-cache-input").checked,
    buildArgs: $("build-args-input").value,
    target: $("target-input").value,
  };
  const value = await encodeShare(payload);
  const url = `${location.href.split("#")[0]}#share=${value}`;
  const copied = await copyText(url);
  const input = document.createElement("input");
  input.type = "text";
  input.readOnly = true;
  input.value = url;
  input.className = "notice-link";
  input.setAttribute("aria-label", t("share.linkLabel"));
  input.addEventListener("focus", () => input.select());
  const message = copied ? t("share.copied") : t("share.copyThis");
  notify(copied ? "success" : "info", message, [], {
    node: input,
    detail: left.length ? t("share.leftOut", { files: left.join(", ") }) : t("share.size", { n: url.length }),
    timeout: 20000,
  });
}

async function openShareFromHash() {
  if (!location.hash.startsWith("#share=")) return false;
  const value = location.hash.slice("#share=".length);
  history.replaceState(null, "", location.href.split("#")[0]);
  try {
    const shared = await decodeShare(value);
    replaceWork(shared, "share.loaded", {});
    return true;
  } catch (error) {
    notify("error", t("share.broken"), [], { detail: String(error.message || error) });
    return false;
  }
}

function setInstructor(on) {
  document.documentElement.classList.toggle("instructor", on);
  $("instructor-toggle").setAttribute("aria-pressed", String(on));
  saveState({ instructor: on });
}

function updateLanguageButtons() {
  const lang = getLanguage();
  for (const option of document.querySelectorAll(".lang-option")) {
    option.classList.toggle("is-current", option.dataset.lang === lang);
  }
  const button = $("language-button");
  button.setAttribute("aria-label", t("app.languageSwitch"));
  button.title = `${t("app.languageSwitch")} (Alt+L)`;
}

let terminal = null; // made when its tab is first opened (the core must be there)
let lessons = null;
let markPageReady = () => {};
const pageReady = new Promise((resolve) => {
  markPageReady = resolve;
});
const exportedIds = []; // image IDs of the exports downloaded in this page (a lesson may ask for one)

/** The terminal, opened (and scrolled into view) if it is not yet: lessons type into it. */
function openTerminal() {
  const panel = $("tabpanel-terminal");
  const wasHidden = panel.hidden;
  selectTab("terminal", false);
  if (wasHidden || !lessons || lessons.presenting()) panel.scrollIntoView({ block: "start", behavior: "instant" });
  return terminal;
}

/** The lessons' hands on the page (www/js/lessons.js). */
function lessonHost() {
  return {
    snapshotWork,
    applyWork,
    pageState: () => ({ dockerfile: editor.value, tag: $("tag-input").value, exported: exportedIds.slice() }),
    build: () => enqueue(async () => {
      if (!(await ensureStarted())) return;
      show(await core.runToEnd());
    }),
    stepBuild: () => enqueue(async () => {
      if (!(await ensureStarted())) return;
      show(await core.step());
    }).then(() => view),
    backBuild: () => enqueue(async () => {
      if (view && view.can_back) show(await core.back());
    }).then(() => view),
    async typeLine(line) {
      await pageReady;
      const term = openTerminal();
      if (term) await term.type(line);
    },
    async showTerminal() {
      await pageReady;
      openTerminal();
    },
    forget: () => enqueue(async () => {
      show(await core.forget());
      if (terminal) {
        terminal.clear();
        terminal.refresh();
        await refreshTerminalSide();
      }
    }),
    putInEditor(text) {
      replaceWork({ ...snapshotWork(), dockerfile: text }, "lessons.putInEditor", {});
      $("dockerfile-input").focus();
    },
    show(open) {
      $("lesson-column").hidden = !open;
      $("workspace").classList.toggle("has-lesson", open);
      $("lessons-button").setAttribute("aria-expanded", String(open));
    },
  };
}
let terminalSide = null;
let terminalView = null; // the core's TerminalView after the last line

/** What a terminal line may read: the context panel's files and the editor's Dockerfile (`docker build .`). */
async function beforeTerminalLine(line) {
  await ensureMinibox($("platform-select").value);
  if (!/^\s*docker\b/.test(line)) return;
  if (sentContextVersion !== contextVersion) {
    const version = contextVersion;
    await core.setContext(contextFiles());
    sentContextVersion = version;
  }
  await core.setDockerfile(editor.value);
}

/** After a line: the images (Build's panels share them) and the picture beside the terminal. */
async function refreshTerminalSide() {
  if (!terminalSide) return;
  const [next, term] = await Promise.all([core.view(), core.terminalView()]);
  view = next;
  terminalView = term;
  renderPanels();
  updateControls();
  terminalSide.render(t, terminalView, view);
}

function selectTab(name, focus) {
  if (!TABS.includes(name)) name = "log";
  if (name === "terminal" && !terminal && coreReady) {
    // The panel beside the terminal shares the build panels' modules, which load after the page is ready.
    import("./panels/terminal-side.js").then(({ createTerminalSide }) => {
      terminalSide = createTerminalSide($("terminal-side"), { onShowImages: () => selectTab("images", true) });
      refreshTerminalSide().catch(handleError);
    }).catch(handleError);
    terminal = createTerminal({
      mount: $("terminal-panel"),
      core,
      t,
      beforeLine: beforeTerminalLine,
      afterLine: () => refreshTerminalSide().catch(handleError),
    });
  }
  for (const tab of document.querySelectorAll("#detail-tablist [role=tab]")) {
    const on = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !on;
    if (on && focus) tab.focus();
  }
  saveState({ tab: name });
}

function setupTabs(initial) {
  const tabs = [...document.querySelectorAll("#detail-tablist [role=tab]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab.dataset.tab, false));
    tab.addEventListener("keydown", (event) => {
      const i = tabs.indexOf(tab);
      let next = null;
      if (event.key === "ArrowRight") next = tabs[(i + 1) % tabs.length];
      else if (event.key === "ArrowLeft") next = tabs[(i - 1 + tabs.length) % tabs.length];
      else if (event.key === "Home") next = tabs[0];
      else if (event.key === "End") next = tabs[tabs.length - 1];
      if (next && !event.altKey) {
        event.preventDefault();
        selectTab(next.dataset.tab, true);
      }
    });
  }
  selectTab(initial, false);
}

function relabelAll() {
  translateDocument();
  updateLanguageButtons();
  renderExamples();
  editor.setLabel(t("editor.label"));
  editor.relabel();
  context.relabel();
  controls.relabel();
  exporter.relabel();
  if (terminal) terminal.relabel();
  if (lessons) lessons.relabel();
  if (terminalSide && terminalView) terminalSide.render(t, terminalView, view);
  updateStatus();
  updateHint();
  renderPanels();
}

// ---- start ----------------------------------------------------------------------------------------------------------

async function main() {
  await loadDictionaries();
  fillIcons();
  const state = loadState();
  if (state.instructor) setInstructor(true);

  editor = createEditor($("dockerfile-editor-mount"), {
    mode: "dockerfile",
    t,
    testid: "dockerfile-editor",
    minLines: 8,
    maxLines: 22,
    showDiagnostics: true,
    onInput: dockerfileChanged,
  });
  editor.textarea.id = "dockerfile-input";
  editor.textarea.setAttribute("aria-label", t("editor.label"));

  context = createContextPanel({
    mount: $("context-mount"),
    t,
    getLanguage,
    onChange: contextChanged,
    notify,
    onDockerfile(text, name) {
      replaceWork({ ...snapshotWork(), dockerfile: text }, "context.dockerfileLoaded", { name });
    },
    async loadArchive(file, name) {
      try {
        const result = await core.loadArchive(file);
        if (result && result.ok) archives.push({ name, file });
        const next = await core.view();
        view = next;
        renderAll(false);
        return result;
      } catch (error) {
        return { ok: false, error: String(error.message || error), name };
      }
    },
  });

  controls = createControls({
    t,
    actions,
    onSpeedChange(speed) {
      saveState({ speed });
      controls.setSpeed(speed);
    },
  });
  controls.setSpeed(state.speed || "instant");

  exporter = createExporter({
    core,
    t,
    dialog: $("export-dialog"),
    body: $("export-body"),
    notify,
    onExported(summary) {
      for (const image of (summary && summary.images) || []) exportedIds.push(image.image_id);
    },
  });
  lessons = createLessons({ mount: $("lesson-mount"), t, getLanguage, core, notify, host: lessonHost() });
  $("lessons-button").addEventListener("click", () => lessons.toggle());

  const saved = savedWork(state);
  if (saved && !isFirstVisit()) {
    applyWork(saved);
    if (Array.isArray(state.notKept) && state.notKept.length) {
      notify("warning", t("work.notKept", { files: state.notKept.join(", ") }));
    }
  } else {
    applyWork(exampleWork(findExample(DEFAULT_EXAMPLE)));
  }
  await openShareFromHash();
  addEventListener("hashchange", () => {
    openShareFromHash();
    lessons.handleHash();
  });

  for (const id of ["tag-input", "build-args-input", "target-input"]) $(id).addEventListener("input", optionsChanged);
  for (const id of ["platform-select", "no-cache-input"]) $(id).addEventListener("change", optionsChanged);
  $("tag-input").addEventListener("change", optionsChanged);
  $("command-copy").addEventListener("click", async () => {
    const ok = await copyText($("command-preview").textContent.replace(/^\$ /, ""));
    $("command-copy").textContent = ok ? `✔ ${t("common.copied")}` : t("common.copyFailed");
    setTimeout(() => ($("command-copy").textContent = t("common.copy")), 1600);
  });
  $("share-button").addEventListener("click", () => shareLink().catch(handleError));
  $("instructor-toggle").addEventListener("click", actions.instructor);
  $("help-button").addEventListener("click", actions.help);
  $("language-button").addEventListener("click", actions.language);
  const menu = $("examples-menu");
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
  setupTabs(state.tab);
  onLanguageChange(relabelAll);
  onSaveError(() => {
    if (!onSaveError.told) notify("warning", t("work.saveFailed"));
    onSaveError.told = true;
  });
  relabelAll();
  updateControls();
  updateStatus();

  // Now wait for the core and the panels.
  let version;
  try {
    version = await core.ready;
  } catch (error) {
    notify("error", t("error.coreLoad"), [], { detail: String(error.message || error), sticky: true });
    $("build-status").textContent = t("status.coreMissing");
    return;
  }
  $("core-version").textContent = `layerlab ${version}`;
  window.__layerlabCore = core;
  const module = await panelsModule;
  if (module && typeof module.createPanels === "function") {
    try {
      panels = module.createPanels({ t, core, onSelectStep });
    } catch (error) {
      console.error("layerlab: createPanels failed", error);
    }
  }
  if (!panels) notify("warning", t("error.panels"));
  coreReady = true;
  markPageReady();
  const openTab = document.querySelector("#detail-tablist [aria-selected=true]");
  if (openTab && openTab.dataset.tab === "terminal") selectTab("terminal", false);
  renderAll(false);
  // Ready: the editor's module answers; the build engine (the bigger module) is still arriving in the worker, and
  // the first Build or Step waits for it.
  document.documentElement.dataset.ready = "1";
  window.__layerlabReadyAt = performance.now();
  keepForOffline();
  parseNow();
  core
    .view()
    .then((engineView) => {
      window.__layerlabEngineReadyAt = performance.now();
      if (!view) view = engineView;
      renderAll(false);
    })
    .catch(handleError);
  ensureMinibox($("platform-select").value);
  lessons.handleHash().catch(handleError);
}

/**
 * Registers www/sw.js, which keeps the page's files so the playground also opens without a network, and hands it
 * every file this first visit already fetched (before the service worker existed): the page's and the worker's.
 */
async function keepForOffline() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  try {
    await navigator.serviceWorker.register("sw.js");
    const registration = await navigator.serviceWorker.ready;
    const urls = new Set([location.href.split("#")[0]]);
    for (const entry of performance.getEntriesByType("resource")) urls.add(entry.name);
    for (const url of await core.resources()) urls.add(url);
    // The minibox binaries fetched at ready: their fetches began before the service worker existed and may still
    // be running (a resource entry appears only when its fetch ends), so name them outright.
    await Promise.allSettled(Object.values(miniboxes));
    for (const arch of Object.keys(miniboxes)) urls.add(new URL(`pkg/minibox-${arch}`, location.href).href);
    registration.active.postMessage({ keep: [...urls].filter((url) => new URL(url).origin === location.origin) });
  } catch (error) {
    console.warn("layerlab: no offline copy of the page", error);
  }
}

main().catch((error) => {
  console.error(error);
  notify("error", t("error.start"), [], { detail: String(error.message || error), sticky: true });
});
