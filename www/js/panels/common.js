// What several panels share: the panel frame (heading, one-line lead, body), teaching empty states, info toggles,
// the words for a step's status and for cache misses, and the arithmetic that maps a step to its image and layer.

import { h, newId, humanSize, shortId } from "./dom.js";

/**
 * Sets up a mount element once: a header with an h2 and a lead line, and a body the panel fills.
 * Returns `{ section, heading, lead, tools, body }`; call `frame.title(text, lead)` on every render.
 */
export function makeFrame(section, name) {
  const headingId = newId(`${name}-h`);
  const heading = h("h2", { class: "pl-title", id: headingId });
  const lead = h("p", { class: "pl-lead" });
  const tools = h("div", { class: "pl-tools" });
  const header = h("header", { class: "pl-head" }, h("div", { class: "pl-head__text" }, heading, lead), tools);
  const body = h("div", { class: "pl-body" });
  section.classList.add("pl-panel", `pl-panel--${name}`);
  section.setAttribute("aria-labelledby", headingId);
  section.replaceChildren(header, body);
  return {
    section,
    heading,
    lead,
    tools,
    body,
    title(text, leadText) {
      if (heading.textContent !== text) heading.textContent = text;
      if (lead.textContent !== (leadText || "")) lead.textContent = leadText || "";
      lead.hidden = !leadText;
    },
  };
}

/** A teaching empty state: a title, what will appear here and why. */
export function emptyState(title, text, extra) {
  return h(
    "div",
    { class: "pl-empty" },
    h("p", { class: "pl-empty__title", text: title }),
    h("p", { class: "pl-empty__text", text }),
    extra || null,
  );
}

/**
 * An explanation that shows on hover (title) and, for keyboard and touch users, behind a visible ⓘ toggle.
 * `open` is a Set of keys kept by the panel so a re-render keeps it open.
 */
export function infoToggle(t, key, text, open) {
  const id = newId("info");
  const isOpen = open.has(key);
  const note = h("p", { class: "pl-info__text", id, text });
  note.hidden = !isOpen;
  const button = h("button", {
    type: "button",
    class: "pl-info__btn",
    "aria-expanded": isOpen ? "true" : "false",
    "aria-controls": id,
    "aria-label": t("panels.info.toggle"),
    title: text,
    text: "i",
    onclick: () => {
      const now = note.hidden;
      note.hidden = !now;
      button.setAttribute("aria-expanded", now ? "true" : "false");
      if (now) open.add(key);
      else open.delete(key);
    },
  });
  return { button, note };
}

/** The `Step 2/5 : ` prefix exactly as the classic builder prints it (the instruction follows as text). */
export function stepPrefix(t, step) {
  if (step.number === null || step.number === undefined) return t("panels.step.unnumbered");
  return t("panels.step.prefix", { n: step.number, total: step.total });
}

/**
 * What a step's row says: `kind` (a CSS modifier), an icon, a label.
 * Icons are text glyphs next to words, so colour is never the only signal.
 */
export function stepStatus(t, step, view) {
  switch (step.status) {
    case "cached":
      return { kind: "cached", icon: "↺", label: t("panels.status.cached") };
    case "failed": {
      const code = view.outcome && view.outcome.ok === false && view.outcome.step === step.number
        ? view.outcome.exit_code : null;
      return {
        kind: "failed",
        icon: "✕",
        label: code === null || code === undefined ? t("panels.status.failed")
          : t("panels.status.failedCode", { code }),
      };
    }
    case "skipped":
      return { kind: "skipped", icon: "⤼", label: t("panels.status.skipped") };
    case "run":
      if (step.base) return { kind: "base", icon: "◆", label: t("panels.status.base") };
      if (step.layer) {
        return { kind: "layer", icon: "▰", label: t("panels.status.layer", { size: humanSize(step.layer.size) }) };
      }
      if (step.empty_layer) return { kind: "meta", icon: "◇", label: t("panels.status.meta") };
      return { kind: "layer", icon: "●", label: t("panels.status.run") };
    default:
      // After a failure the remaining steps will not run in this build: "not run", not "waiting".
      if (view && view.phase === "failed") return { kind: "pending", icon: "○", label: t("panels.status.notRun") };
      return { kind: "pending", icon: "○", label: t("panels.status.pending") };
  }
}

/** A cache miss in words. */
export function missReason(t, reason) {
  if (!reason) return t("panels.miss.unknown");
  switch (reason.kind) {
    case "disabled":
      return t("panels.miss.disabled");
    case "no_entry":
      return t("panels.miss.noEntry");
    case "instruction_changed":
      return t("panels.miss.instruction", { previous: reason.previous || "" });
    case "files_changed": {
      const paths = reason.paths || [];
      const shown = paths.slice(0, 5).join(", ");
      const more = paths.length > 5 ? t("panels.more", { n: paths.length - 5 }) : "";
      return t("panels.miss.files", { paths: more ? `${shown} ${more}` : shown });
    }
    case "invalidated":
      return t("panels.miss.invalidated", { step: reason.by_step });
    default:
      return t("panels.miss.other", { kind: String(reason.kind) });
  }
}

/** Numbered steps only (skipped stages' instructions have number null). */
export function numberedSteps(view) {
  return (view && view.steps ? view.steps : []).filter((s) => s.number !== null && s.number !== undefined);
}

/** Whether a step has run (so it has something to show). */
export function hasRun(step) {
  return !!step && (step.status === "run" || step.status === "cached" || step.status === "failed");
}

/** The image a step left behind: its own image, the base for FROM, or the last image before a failed step. */
export function imageOfStep(view, step) {
  if (!step) return view && view.image ? view.image.id : null;
  if (step.image_id) return step.image_id;
  if (step.base && step.base.image_id) return step.base.image_id;
  const earlier = numberedSteps(view).filter((s) => s.stage === step.stage && s.number < step.number && s.image_id);
  return earlier.length ? earlier[earlier.length - 1].image_id : null;
}

/**
 * For each layer of an image, the step of this build that made it, or null for the base image's layers. A layer's
 * own `step` is missing when the step came from the cache; its history entry still names the step.
 */
export function layerSteps(image) {
  if (!image) return [];
  const fromHistory = new Map();
  for (const entry of image.history || []) {
    if (entry.layer !== null && entry.layer !== undefined && entry.step !== null && entry.step !== undefined) {
      fromHistory.set(entry.layer, entry.step);
    }
  }
  return image.layers.map((l) => (l.step !== null && l.step !== undefined ? l.step : fromHistory.get(l.index) ?? null));
}

/**
 * The index of the layer a step committed, inside the image that step produced: the stage's base layers plus one
 * per earlier layer-making step of the same stage. Null when the step made no layer or the base is unknown.
 */
export function layerIndexOfStep(view, step) {
  if (!step) return null;
  if (view.image) {
    const i = layerSteps(view.image).indexOf(step.number);
    if (i >= 0) return i;
  }
  if (!step.layer) return null;
  const steps = numberedSteps(view).filter((s) => s.stage === step.stage && s.number <= step.number);
  const from = steps.find((s) => s.base);
  if (!from) return null;
  const made = steps.filter((s) => s.layer).length;
  return from.base.layers + made - 1;
}

/**
 * The stages whose steps built view.image: the current step's stage and, through `FROM <earlier stage>`, the stages
 * it starts from. A step of another stage (a builder stage, say) made nothing that is in this image.
 */
export function imageLineage(view) {
  const steps = numberedSteps(view);
  const current = steps.find((s) => s.number === view.current);
  const stages = new Set();
  let stage = current ? current.stage : null;
  while (stage !== null && stage !== undefined && !stages.has(stage)) {
    stages.add(stage);
    const from = steps.find((s) => s.stage === stage && s.base);
    stage = from && from.base.source && from.base.source.kind === "stage" ? from.base.source.index : null;
  }
  return stages;
}

/** The stage record of a step (name, base), if any. */
export function stageOf(view, step) {
  return step && view.stages ? view.stages.find((s) => s.index === step.stage) || null : null;
}

/** "alpine:latest" for a reference, or the short ID. */
export function imageLabel(view, imageId) {
  const found = (view.images || []).find((i) => i.id === imageId);
  if (found && found.tags && found.tags.length) return found.tags[0];
  return shortId(imageId);
}
