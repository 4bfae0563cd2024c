// The file tree of the image at the selected step, fetched lazily (only while the panel is visible) and cached by
// image ID: per file the layer it comes from, size, symlink target; a file's content on click (text as text, binary
// as a hex dump, at most 64 KB). A per-layer mode lists what one layer adds, changes and deletes (whiteouts).

import { h, fill, shortId, humanSize, groupDigits, instructionOf, ellipsis, hueOf, arrowKeys, newId } from "./dom.js";
import { makeFrame, emptyState, hasRun, imageOfStep, layerIndexOfStep, numberedSteps, layerSteps } from "./common.js";

const MAX_CHILDREN = 300;
const MAX_VIEW = 64 * 1024;
const HEX_BYTES = 512;
const MAX_LAYER_CHANGES = 500;

export function createFiles(section, { core }) {
  const frame = makeFrame(section, "files");
  const trees = new Map(); // imageId → { promise, tree, index, error }
  const layerChanges = new Map(); // `${imageId}#${n}` → { promise, changes, error }
  const expanded = new Set(["/"]);
  const ui = { mode: "tree", onlyBuild: false, layer: null, layerImage: null, file: null, content: null, pendingPath: null };
  let visible = false;
  let checkQueued = false;
  let lastState = null;

  // "Visible" means shown at all: the shell may put this panel in a tab (hidden) — a hidden element has no size, so a
  // ResizeObserver tells when it is opened (an IntersectionObserver would also wait for it to be scrolled to).
  if (typeof ResizeObserver === "function") {
    const ro = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      const now = box.width > 0 || box.height > 0;
      if (now !== visible) {
        visible = now;
        // render in the next frame: changing the observed element inside the callback would loop
        if (visible) requestAnimationFrame(() => { if (visible && lastState) render(lastState); });
      }
    });
    ro.observe(section);
  } else {
    visible = true;
  }

  let version = 0; // bumped by every change of UI state or arriving data
  let shownSig = null;
  let shownImage = null; // the image whose tree the body shows

  function rerender() {
    version += 1;
    if (lastState) render(lastState);
  }

  function loadTree(imageId) {
    let rec = trees.get(imageId);
    if (!rec) {
      rec = { promise: null, tree: null, index: null, error: null };
      trees.set(imageId, rec);
      rec.promise = Promise.resolve()
        .then(() => core.tree(imageId))
        .then((tree) => { rec.tree = tree; rec.index = indexTree(tree); }, (error) => { rec.error = error; })
        .then(() => { if (lastState && currentImage(lastState) === imageId) rerender(); });
    }
    return rec;
  }

  function loadLayer(imageId, n) {
    const key = `${imageId}#${n}`;
    let rec = layerChanges.get(key);
    if (!rec) {
      rec = { changes: null, error: null };
      layerChanges.set(key, rec);
      Promise.resolve()
        .then(() => core.layerChanges(imageId, n))
        .then((changes) => { rec.changes = changes; }, (error) => { rec.error = error; })
        .then(() => rerender());
    }
    return rec;
  }

  function openFile(imageId, entry) {
    ui.file = { imageId, path: entry.path, entry };
    ui.content = { loading: true };
    rerender();
    Promise.resolve()
      .then(() => core.readFile(imageId, entry.path))
      .then((bytes) => {
        if (ui.file && ui.file.path === entry.path && ui.file.imageId === imageId) ui.content = { bytes };
      }, (error) => {
        if (ui.file && ui.file.path === entry.path && ui.file.imageId === imageId) ui.content = { error };
      })
      .then(() => {
        rerender();
        const viewer = section.querySelector(".pl-viewer");
        if (viewer) viewer.focus({ preventScroll: false });
      });
  }

  function render(state) {
    lastState = state;
    const { t, view, selStep } = state;
    const lang = t("panels.langTag");
    frame.title(t("panels.files.title"), t("panels.files.lead"));
    const imageId = currentImage(state);
    const sig = `${lang}|${imageId}|${state.sel}|${version}|${visible}|${view ? view.image && view.image.id : ""}`;
    if (sig === shownSig) return;
    shownSig = sig;
    if (!view || !imageId) {
      shownImage = null;
      frame.tools.replaceChildren();
      fill(frame.body, emptyState(t("panels.files.emptyTitle"), t("panels.files.empty")));
      return;
    }
    if (ui.file && ui.file.imageId !== imageId) {
      // follow the open file into the new image once its tree is there
      ui.pendingPath = ui.file.path;
      ui.file = null;
      ui.content = null;
    }
    fill(frame.tools, modeTabs(t));
    if (!visible && !checkQueued) {
      // the observer may not have reported yet: look once, after the frame's layout
      checkQueued = true;
      requestAnimationFrame(() => {
        checkQueued = false;
        if (!visible && isShown(section)) {
          visible = true;
          rerender();
        }
      });
    }
    if (!visible) {
      shownImage = null;
      fill(frame.body, h("p", { class: "pl-muted", text: t("panels.files.waiting") }));
      return;
    }
    const rec = loadTree(imageId);
    if (!rec.tree && !rec.error && shownImage) {
      // keep the previous image's tree on screen, dimmed, until this one arrives
      frame.body.classList.add("pl-stale");
      frame.body.setAttribute("aria-busy", "true");
      return;
    }
    frame.body.classList.remove("pl-stale");
    frame.body.removeAttribute("aria-busy");
    const parts = [imageLine(t, view, selStep, imageId)];
    if (rec.error) {
      shownImage = null;
      parts.push(h("p", { class: "pl-error", role: "alert", text: t("panels.loadFailed", { message: String(rec.error.message || rec.error) }) }));
      fill(frame.body, ...parts);
      return;
    }
    if (!rec.tree) {
      parts.push(h("p", { class: "pl-muted", "aria-live": "polite", text: t("panels.loading") }));
      fill(frame.body, ...parts);
      return;
    }
    if (ui.pendingPath) {
      const entry = rec.index.byPath.get(ui.pendingPath);
      ui.pendingPath = null;
      if (entry && entry.kind === "file") {
        openFile(imageId, entry);
        return;
      }
    }
    shownImage = imageId;
    const layerInfo = layersOf(view, imageId, rec.tree.layers, selStep);
    if (ui.mode === "tree") parts.push(...treeMode(t, view, imageId, rec, layerInfo, selStep));
    else parts.push(...layerMode(t, imageId, rec, layerInfo, selStep));
    if (ui.file) parts.push(viewer(t, ui.file, ui.content, layerInfo));
    const hadFocus = section.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    fill(frame.body, ...parts);
    if (hadFocus) {
      const again = [...section.querySelectorAll("[data-focus-key]")].find((el) => el.dataset.focusKey === hadFocus);
      if (again) again.focus({ preventScroll: true });
    }
  }

  function modeTabs(t) {
    const make = (mode, label) => h("button", {
      type: "button",
      class: ["pl-seg__btn", ui.mode === mode ? "pl-seg__btn--on" : ""],
      "aria-pressed": ui.mode === mode ? "true" : "false",
      dataset: { focusKey: `mode-${mode}` },
      text: label,
      onclick: () => { ui.mode = mode; rerender(); },
    });
    return h("div", { class: "pl-seg", role: "group", "aria-label": t("panels.files.modeLabel") },
      make("tree", t("panels.files.modeTree")), make("layer", t("panels.files.modeLayer")));
  }

  function treeMode(t, view, imageId, rec, layerInfo, selStep) {
    const { index, tree } = rec;
    const stepLayer = selStep && rec.tree ? stepLayerIn(view, selStep, imageId) : null;
    const filter = ui.onlyBuild && layerInfo.baseCount > 0 ? includedSet(index, layerInfo.baseCount) : null;
    const checkId = newId("only");
    const controls = h("div", { class: "pl-files__controls" },
      h("label", { class: "pl-check", for: checkId },
        h("input", {
          type: "checkbox",
          id: checkId,
          checked: ui.onlyBuild,
          dataset: { focusKey: "only-build" },
          onchange: (e) => { ui.onlyBuild = e.target.checked; rerender(); },
        }),
        " ", t("panels.files.onlyBuild")),
      h("span", { class: "pl-muted", text: t("panels.files.count", { n: groupDigits(tree.entries.length) }) }));
    const treeBox = h("ul", { class: "pl-tree", role: "list", "aria-label": t("panels.files.treeLabel") });
    arrowKeys(treeBox, ".pl-node__btn");
    treeBox.addEventListener("keydown", (event) => {
      const btn = event.target.closest(".pl-node__btn--dir");
      if (!btn) return;
      const path = btn.dataset.path;
      if (event.key === "ArrowRight" && !expanded.has(path)) { expanded.add(path); event.preventDefault(); rerender(); }
      if (event.key === "ArrowLeft" && expanded.has(path)) { expanded.delete(path); event.preventDefault(); rerender(); }
    });
    fillDir(t, treeBox, "/", index, filter, layerInfo, stepLayer, imageId, 0);
    const parts = [controls];
    if (tree.truncated) parts.push(h("p", { class: "pl-note", text: t("panels.files.truncated", { n: groupDigits(tree.entries.length) }) }));
    if (stepLayer !== null) parts.push(h("p", { class: "pl-note", text: t("panels.files.stepHint", { n: stepLayer + 1 }) }));
    parts.push(treeBox);
    return parts;
  }

  function fillDir(t, ul, dir, index, filter, layerInfo, stepLayer, imageId, depth) {
    const children = (index.children.get(dir) || []).filter((e) => !filter || filter.has(e.path));
    const shown = children.slice(0, MAX_CHILDREN);
    for (const entry of shown) {
      const li = h("li", { class: "pl-node" });
      const name = entry.path === "/" ? "/" : entry.path.slice(entry.path.lastIndexOf("/") + 1);
      const badge = entry.layer !== null && entry.layer !== undefined ? layerBadge(t, entry.layer, layerInfo, stepLayer) : null;
      if (entry.kind === "dir") {
        const open = expanded.has(entry.path);
        li.appendChild(h("button", {
          type: "button",
          class: "pl-node__btn pl-node__btn--dir",
          "aria-expanded": open ? "true" : "false",
          dataset: { path: entry.path, focusKey: `p:${entry.path}` },
          onclick: () => { if (expanded.has(entry.path)) expanded.delete(entry.path); else expanded.add(entry.path); rerender(); },
        },
        h("span", { class: "pl-node__twisty", "aria-hidden": "true", text: open ? "▾" : "▸" }),
        h("span", { class: "pl-node__name", text: `${name}/` }),
        badge));
        if (open) {
          const sub = h("ul", { class: "pl-tree__sub", role: "list" });
          fillDir(t, sub, entry.path, index, filter, layerInfo, stepLayer, imageId, depth + 1);
          li.appendChild(sub);
        }
      } else if (entry.kind === "symlink") {
        li.appendChild(h("span", { class: "pl-node__row pl-node__row--link" },
          h("span", { class: "pl-node__twisty", "aria-hidden": "true", text: "↪" }),
          h("span", { class: "pl-node__name", text: name }),
          h("span", { class: "pl-node__target" }, h("span", { "aria-hidden": "true", text: "→ " }),
            h("span", { class: "pl-sr", text: t("panels.files.linksTo") }), entry.target || ""),
          badge));
      } else {
        const isOpen = ui.file && ui.file.path === entry.path;
        li.appendChild(h("button", {
          type: "button",
          class: ["pl-node__btn", "pl-node__btn--file", isOpen ? "pl-node__btn--open" : "",
            stepLayer !== null && entry.layer === stepLayer ? "pl-node__btn--step" : ""],
          dataset: { path: entry.path, focusKey: `p:${entry.path}` },
          "aria-pressed": isOpen ? "true" : "false",
          title: t("panels.files.openTitle"),
          onclick: () => openFile(imageId, entry),
        },
        h("span", { class: "pl-node__twisty", "aria-hidden": "true", text: "·" }),
        h("span", { class: "pl-node__name", text: name }),
        h("span", { class: "pl-node__size", title: t("panels.bytes", { n: groupDigits(entry.size) }), text: humanSize(entry.size) }),
        badge));
      }
      ul.appendChild(li);
    }
    if (children.length > shown.length) {
      ul.appendChild(h("li", { class: "pl-more", text: t("panels.more", { n: children.length - shown.length }) }));
    }
    if (children.length === 0 && depth > 0) ul.appendChild(h("li", { class: "pl-muted pl-node", text: t("panels.files.emptyDir") }));
  }

  function layerMode(t, imageId, rec, layerInfo, selStep) {
    const count = rec.tree.layers;
    if (ui.layer === null || ui.layer >= count || ui.layerImage !== imageId) {
      const own = stepLayerIn(lastState.view, selStep, imageId);
      ui.layer = own !== null ? own : count - 1;
      ui.layerImage = imageId;
    }
    const selectId = newId("layer");
    const select = h("select", {
      id: selectId,
      class: "pl-select",
      dataset: { focusKey: "layer-select" },
      onchange: (e) => { ui.layer = Number(e.target.value); rerender(); },
    });
    for (let i = count - 1; i >= 0; i -= 1) {
      const info = layerInfo.layers[i];
      const label = info ? `${t("panels.layers.layerN", { n: i + 1 })} — ${ellipsis(instructionOf(info.created_by), 60)} (${humanSize(info.size)})`
        : t("panels.layers.layerN", { n: i + 1 });
      const opt = h("option", { value: String(i), text: label });
      if (i === ui.layer) opt.selected = true;
      select.appendChild(opt);
    }
    const parts = [h("p", { class: "pl-files__controls pl-files__controls--layer" }, h("label", { for: selectId, text: t("panels.files.pickLayer") }), " ", select)];
    const lrec = loadLayer(imageId, ui.layer);
    if (lrec.error) {
      parts.push(h("p", { class: "pl-error", text: t("panels.loadFailed", { message: String(lrec.error.message || lrec.error) }) }));
    } else if (!lrec.changes) {
      parts.push(h("p", { class: "pl-muted", text: t("panels.loading") }));
    } else {
      const changes = lrec.changes;
      const counts = { added: 0, modified: 0, deleted: 0 };
      for (const c of changes) counts[c.kind] = (counts[c.kind] || 0) + 1;
      parts.push(h("p", { class: "pl-summary", text: t("panels.container.changeSummary", counts) }));
      const shown = changes.slice(0, MAX_LAYER_CHANGES);
      const byPath = new Map(rec.tree.entries.map((e) => [e.path, e]));
      const list = h("ul", { class: "pl-changes" }, shown.map((c) => {
        const letter = c.kind === "added" ? "A" : c.kind === "deleted" ? "D" : "C";
        const entry = byPath.get(c.path);
        const canOpen = c.kind !== "deleted" && entry && entry.kind === "file";
        return h("li", { class: ["pl-change", `pl-change--${c.kind}`] },
          h("span", { class: "pl-badge", title: t(`panels.change.${c.kind}`), "aria-label": t(`panels.change.${c.kind}`), text: letter }),
          canOpen
            ? h("button", { type: "button", class: "pl-linkbtn pl-change__path", dataset: { focusKey: `c:${c.path}` }, text: c.path, onclick: () => openFile(imageId, entry) })
            : h("span", { class: "pl-change__path", text: c.path }),
          c.kind === "deleted" ? h("code", { class: "pl-change__wh", title: t("panels.files.whiteoutTitle"), text: whiteoutName(c.path) }) : null,
          c.size > 0 ? h("span", { class: "pl-change__size", text: humanSize(c.size) }) : null);
      }));
      arrowKeys(list, "button");
      parts.push(changes.length ? list : h("p", { class: "pl-muted", text: t("panels.files.layerEmpty") }));
      if (changes.length > shown.length) parts.push(h("p", { class: "pl-more", text: t("panels.more", { n: changes.length - shown.length }) }));
      if (counts.deleted) parts.push(h("p", { class: "pl-note pl-note--key", text: t("panels.files.whiteoutNote") }));
    }
    parts.push(h("p", { class: "pl-note", text: t("panels.files.layerNote") }));
    return parts;
  }

  function viewer(t, file, content, layerInfo) {
    const e = file.entry;
    const close = h("button", {
      type: "button",
      class: "pl-btn pl-btn--small",
      text: t("panels.files.close"),
      dataset: { focusKey: "viewer-close" },
      onclick: () => {
        const path = file.path;
        ui.file = null;
        ui.content = null;
        rerender();
        const back = [...section.querySelectorAll(".pl-node__btn")].find((b) => b.dataset.path === path);
        if (back) back.focus();
      },
    });
    const head = h("div", { class: "pl-viewer__head" },
      h("p", { class: "pl-viewer__path", text: file.path }),
      h("p", { class: "pl-viewer__meta" },
        h("span", { text: humanSize(e.size) }), " · ",
        h("code", { text: modeString(e.mode) }),
        e.layer !== null && e.layer !== undefined ? [" · ", t("panels.files.fromLayer", { n: e.layer + 1 })] : null),
      close);
    let body;
    if (!content || content.loading) body = h("p", { class: "pl-muted", text: t("panels.loading") });
    else if (content.error) body = h("p", { class: "pl-error", text: t("panels.loadFailed", { message: String(content.error.message || content.error) }) });
    else body = contentBody(t, content.bytes);
    return h("div", { class: "pl-viewer", role: "region", tabindex: "-1", "aria-label": t("panels.files.viewerLabel", { path: file.path }) }, head, body);
  }

  return {
    render,
    clear() {
      trees.clear();
      layerChanges.clear();
      expanded.clear();
      expanded.add("/");
      ui.file = null;
      ui.content = null;
      ui.layer = null;
      ui.pendingPath = null;
      lastState = null;
      shownSig = null;
      shownImage = null;
      frame.body.replaceChildren();
    },
  };
}

/** "Image 0023252c5711 (after step 4) · 7 layers". */
function imageLine(t, view, selStep, imageId) {
  const listed = (view.images || []).find((i) => i.id === imageId);
  const name = listed && listed.tags && listed.tags.length ? listed.tags[0] : null;
  return h("p", { class: "pl-summary" },
    t("panels.files.imageAt"), " ",
    h("code", { class: "pl-id", title: imageId, text: shortId(imageId) }),
    name ? [" ", h("code", { class: "pl-tag", text: name })] : null,
    selStep ? ` · ${t("panels.files.afterStep", { n: selStep.number })}` : null);
}

/** Shown at all (not display:none, not inside a hidden tab). */
function isShown(el) {
  return typeof el.checkVisibility === "function" ? el.checkVisibility() : el.getClientRects().length > 0;
}

function currentImage(state) {
  const { view, selStep } = state;
  if (!view) return null;
  if (selStep) return hasRun(selStep) ? imageOfStep(view, selStep) : null;
  return view.image ? view.image.id : null;
}

/** Children by directory, dirs first, then by name; missing parent directories are made up. */
function indexTree(tree) {
  const children = new Map();
  const byPath = new Map();
  const add = (entry) => {
    byPath.set(entry.path, entry);
    const parent = parentOf(entry.path);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(entry);
  };
  for (const entry of tree.entries || []) {
    if (entry.path === "/" || byPath.has(entry.path)) continue;
    let p = parentOf(entry.path);
    const missing = [];
    while (p !== "/" && !byPath.has(p)) {
      missing.push(p);
      p = parentOf(p);
    }
    for (const m of missing.reverse()) add({ path: m, kind: "dir", size: 0, mode: 0o755, target: null, layer: null });
    add(entry);
  }
  for (const list of children.values()) {
    list.sort((a, b) => (a.kind === "dir") !== (b.kind === "dir") ? (a.kind === "dir" ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }
  return { children, byPath };
}

function parentOf(path) {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** Paths from layers at or above `firstLayer`, and every directory above them. */
function includedSet(index, firstLayer) {
  const set = new Set();
  for (const entry of index.byPath.values()) {
    if (entry.layer === null || entry.layer === undefined || entry.layer < firstLayer) continue;
    let p = entry.path;
    while (p !== "/" && !set.has(p)) {
      set.add(p);
      p = parentOf(p);
    }
  }
  return set;
}

/** Per layer index: created_by, size, hue — from view.image when it is this image, else from the steps. */
function layersOf(view, imageId, count, selStep) {
  const layers = [];
  let baseCount = 0;
  if (view.image && view.image.id === imageId) {
    for (const l of view.image.layers) layers[l.index] = l;
    const stepOf = layerSteps(view.image);
    const firstBuilt = stepOf.findIndex((n) => n !== null && n !== undefined);
    baseCount = firstBuilt < 0 ? stepOf.length : firstBuilt;
  } else if (selStep) {
    const steps = numberedSteps(view).filter((s) => s.stage === selStep.stage && s.number <= selStep.number);
    const from = steps.find((s) => s.base);
    baseCount = from ? from.base.layers : 0;
    let i = baseCount;
    for (const s of steps) {
      if (s.layer) {
        layers[i] = { index: i, created_by: s.instruction, size: s.layer.size, diff_id: s.layer.diff_id, step: s.number };
        i += 1;
      }
    }
  }
  if (baseCount > count) baseCount = 0;
  return { layers, baseCount, count };
}

function stepLayerIn(view, step, imageId) {
  if (!step || !step.layer) return null;
  if (imageOfStep(view, step) !== imageId) return null;
  return layerIndexOfStep(view, step);
}

function layerBadge(t, layer, layerInfo, stepLayer) {
  const info = layerInfo.layers[layer];
  const hue = info && (info.chain_id || info.diff_id) ? hueOf(info.chain_id || info.diff_id) : (layer * 67) % 360;
  const title = info ? t("panels.files.layerTitle", { n: layer + 1, instr: ellipsis(instructionOf(info.created_by), 80) })
    : t("panels.files.layerTitleBare", { n: layer + 1 });
  return h("span", {
    class: ["pl-lbadge", layer === stepLayer ? "pl-lbadge--step" : "", layer < layerInfo.baseCount ? "pl-lbadge--base" : ""],
    title,
    vars: { "--hue": hue },
  }, h("span", { class: "pl-sr", text: `${t("panels.files.layerTitleBare", { n: layer + 1 })} ` }),
  h("span", { "aria-hidden": "true", text: `L${layer + 1}` }));
}

function whiteoutName(path) {
  const i = path.lastIndexOf("/");
  return `${path.slice(0, i + 1)}.wh.${path.slice(i + 1)}`;
}

function modeString(mode) {
  const m = Number(mode) || 0;
  const bits = "rwxrwxrwx";
  let s = "";
  for (let i = 0; i < 9; i += 1) s += m & (1 << (8 - i)) ? bits[i] : "-";
  return `${s} (${(m & 0o7777).toString(8).padStart(4, "0")})`;
}

/** Text (UTF-8, no NUL in the first 8 KB) in a <pre> via textContent; anything else as a hex dump. */
function contentBody(t, bytes) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes || []);
  const cut = data.length > MAX_VIEW;
  const slice = cut ? data.subarray(0, MAX_VIEW) : data;
  let text = null;
  if (!slice.subarray(0, 8192).includes(0)) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(slice, { stream: cut });
    } catch {
      text = null;
    }
  }
  const notes = [];
  if (data.length === 0) return h("p", { class: "pl-muted", text: t("panels.files.emptyFile") });
  if (text !== null) {
    const pre = h("pre", { class: "pl-pre pl-viewer__text", tabindex: "0" });
    pre.textContent = text;
    if (cut) notes.push(h("p", { class: "pl-more", text: t("panels.files.capped", { shown: humanSize(MAX_VIEW), size: humanSize(data.length) }) }));
    return h("div", null, pre, notes);
  }
  const pre = h("pre", { class: "pl-pre pl-hex", tabindex: "0" });
  pre.textContent = hexDump(data.subarray(0, HEX_BYTES));
  return h("div", null,
    h("p", { class: "pl-note", text: t("panels.files.binary", { size: humanSize(data.length), n: Math.min(HEX_BYTES, data.length) }) }),
    pre);
}

/** `hexdump -C` layout. */
export function hexDump(bytes) {
  const lines = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    let hex = "";
    let ascii = "";
    for (let i = 0; i < 16; i += 1) {
      if (i === 8) hex += " ";
      if (i < row.length) {
        hex += `${row[i].toString(16).padStart(2, "0")} `;
        ascii += row[i] >= 0x20 && row[i] < 0x7f ? String.fromCharCode(row[i]) : ".";
      } else {
        hex += "   ";
      }
    }
    lines.push(`${off.toString(16).padStart(8, "0")}  ${hex} |${ascii}|`);
  }
  return lines.join("\n");
}

