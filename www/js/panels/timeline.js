// The timeline: one row per step (`Step 2/5 : RUN …`) with its status as icon + word + colour, stage headers for
// multi-stage builds, the build's outcome, setup errors and warnings. A row is a button that selects the step.
// Rows are kept between renders when nothing about them changed, so a step costs the browser two or three rows.

import { h, fill, arrowKeys, shortId, memo, reconcile } from "./dom.js";
import { makeFrame, emptyState, stepPrefix, stepStatus, numberedSteps } from "./common.js";

export function createTimeline(section, { onSelectStep }) {
  const frame = makeFrame(section, "timeline");
  const list = h("ol", { class: "pl-steps" });
  arrowKeys(list, ".pl-step");
  const rows = memo();
  const blocks = memo();
  let toolsSig = null;

  list.addEventListener("click", (event) => {
    const button = event.target.closest(".pl-step");
    if (!button || button.getAttribute("aria-disabled") === "true") return;
    const n = Number(button.dataset.step);
    if (button.dataset.step && Number.isFinite(n)) onSelectStep(n);
  });

  function render(state) {
    const { t, view, sel } = state;
    const lang = t("panels.langTag");
    const steps = view ? view.steps || [] : [];
    const done = view ? view.steps_done || 0 : 0;
    const total = view ? view.total_steps || 0 : 0;
    frame.title(t("panels.timeline.title"), total ? t("panels.timeline.progress", { done, total }) : "");
    const parts = [];

    if (view && view.phase === "setup_error" && view.setup_error) {
      parts.push(blocks.get(`setup|${lang}|${JSON.stringify(view.setup_error)}`, () => setupError(t, view.setup_error)));
    }
    if (view && view.outcome) {
      parts.push(blocks.get(`outcome|${lang}|${JSON.stringify(view.outcome)}`, () => outcome(t, view)));
    }

    const current = view ? view.current : null;
    const follow = state.selectedStep !== null && state.selectedStep !== undefined && current !== null && sel !== current;
    const sigTools = `${lang}|${follow}`;
    if (sigTools !== toolsSig) {
      toolsSig = sigTools;
      fill(frame.tools, follow ? h("button", {
        type: "button",
        class: "pl-btn pl-btn--small",
        text: t("panels.timeline.followLatest"),
        onclick: () => onSelectStep(null),
      }) : null);
    }

    if (!view || (steps.length === 0 && view.phase !== "setup_error")) {
      parts.push(blocks.get(`empty|${lang}`, () => emptyState(t("panels.timeline.emptyTitle"), t("panels.timeline.empty"))));
      reconcile(frame.body, parts);
      blocks.done();
      return;
    }

    const nextPending = view.phase === "failed" ? null : numberedSteps(view).find((s) => s.status === "pending") || null;
    const multi = (view.stages || []).length > 1;
    const warningsByStep = new Map();
    for (const w of view.warnings || []) {
      if (w.step === null || w.step === undefined) continue;
      if (!warningsByStep.has(w.step)) warningsByStep.set(w.step, []);
      warningsByStep.get(w.step).push(w.message);
    }
    // the rows are kept or replaced: remember which one had keyboard focus and give it back afterwards
    const hadFocus = list.contains(document.activeElement);
    const focusedStep = hadFocus ? document.activeElement.dataset.step : null;
    const items = [];
    let stageShown = null;
    for (const step of steps) {
      if (multi && step.stage !== stageShown) {
        stageShown = step.stage;
        const stage = (view.stages || []).find((s) => s.index === step.stage) || { index: step.stage, name: null, base: "", used: true };
        items.push(rows.get(`stage|${lang}|${JSON.stringify(stage)}`, () => stageHeader(t, stage)));
      }
      const numbered = step.number !== null && step.number !== undefined;
      const warnings = numbered ? warningsByStep.get(step.number) || [] : [];
      const code = step.status === "failed" && view.outcome && view.outcome.ok === false && view.outcome.step === step.number
        ? view.outcome.exit_code : null;
      const flags = {
        selected: numbered && step.number === sel,
        current: numbered && step.number === current,
        next: step === nextPending,
      };
      const sig = `step|${lang}|${JSON.stringify([step.number, step.total, step.status, step.instruction, step.layer, step.empty_layer,
        !!step.base, step.image_id, step.cache && step.cache.image_id, code, flags, warnings])}`;
      items.push(rows.get(sig, () => stepRow(t, view, step, flags, warnings)));
    }
    reconcile(list, items);
    rows.done();
    parts.push(list);
    const global = (view.warnings || []).filter((w) => w.step === null || w.step === undefined);
    if (global.length) {
      parts.push(blocks.get(`warn|${lang}|${JSON.stringify(global)}`, () => h("ul", { class: "pl-warnings", "aria-label": t("panels.timeline.warnings") },
        global.map((w) => h("li", { class: "pl-warning" }, h("span", { "aria-hidden": "true", text: "⚠ " }), w.message)))));
    }
    reconcile(frame.body, parts);
    blocks.done();
    if (hadFocus && !list.contains(document.activeElement) && focusedStep !== undefined) {
      const again = [...list.querySelectorAll(".pl-step")].find((b) => b.dataset.step === focusedStep);
      if (again) again.focus({ preventScroll: true });
    }
    if (state.fresh) {
      // keep the step that just ran in sight, after the frame's layout rather than inside the render
      requestAnimationFrame(() => {
        const row = list.querySelector('.pl-step[aria-current="step"]');
        if (row) row.scrollIntoView({ block: "nearest" });
      });
    }
  }

  return {
    render,
    clear() {
      rows.reset();
      blocks.reset();
      toolsSig = null;
      list.replaceChildren();
      frame.body.replaceChildren();
    },
  };
}

function stageHeader(t, stage) {
  const name = stage.name ? t("panels.timeline.stageNamed", { n: stage.index + 1, name: stage.name })
    : t("panels.timeline.stage", { n: stage.index + 1 });
  return h(
    "li",
    { class: ["pl-stage", stage.used ? "" : "pl-stage--unused"] },
    h("span", { class: "pl-stage__name", text: name }),
    h("span", { class: "pl-stage__base" }, t("panels.timeline.stageBase"), " ", h("code", { text: stage.base || "" })),
    stage.used ? null : h("span", { class: "pl-stage__note", text: t("panels.timeline.stageUnused") }),
  );
}

function stepRow(t, view, step, flags, warnings) {
  const status = stepStatus(t, step, view);
  const numbered = step.number !== null && step.number !== undefined;
  const canSelect = numbered && step.status !== "pending";
  const marks = [];
  if (flags.current) marks.push(h("span", { class: "pl-mark pl-mark--current", text: t("panels.timeline.current") }));
  if (flags.next) marks.push(h("span", { class: "pl-mark pl-mark--next", text: t("panels.timeline.next") }));
  const row = h(
    numbered ? "button" : "div",
    {
      type: numbered ? "button" : null,
      class: ["pl-step", `pl-step--${status.kind}`, flags.selected ? "pl-step--selected" : ""],
      "data-testid": "step-item",
      dataset: { step: numbered ? String(step.number) : null, status: step.status },
      "aria-current": flags.selected ? "step" : null,
      "aria-disabled": numbered && !canSelect ? "true" : null,
      title: canSelect ? t("panels.timeline.select") : numbered ? t("panels.timeline.notYet") : null,
    },
    h("span", { class: "pl-step__icon", "aria-hidden": "true", text: status.icon }),
    h(
      "span",
      { class: "pl-step__main" },
      h("span", { class: "pl-step__text" },
        h("span", { class: "pl-step__prefix", text: stepPrefix(t, step) }),
        h("span", { class: "pl-step__instr", text: step.instruction || "" })),
      h("span", { class: "pl-step__meta" },
        h("span", { class: "pl-status", text: status.label }),
        step.status === "cached" && step.cache && step.cache.image_id
          ? h("code", { class: "pl-step__id", title: step.cache.image_id, text: `→ ${shortId(step.cache.image_id)}` }) : null,
        step.status === "run" && step.image_id && !step.base
          ? h("code", { class: "pl-step__id", title: step.image_id, text: `→ ${shortId(step.image_id)}` }) : null,
        marks),
    ),
  );
  return h("li", { class: "pl-steps__item" }, row,
    warnings.map((w) => h("p", { class: "pl-step__warn" }, h("span", { "aria-hidden": "true", text: "⚠ " }), w)));
}

function setupError(t, err) {
  const diags = err.diagnostics || [];
  const shown = diags.slice(0, 50);
  return h(
    "div",
    { class: "pl-alert pl-alert--error", role: "alert" },
    h("p", { class: "pl-alert__title" }, h("span", { "aria-hidden": "true", text: "✕ " }), t("panels.timeline.setupError")),
    h("p", { class: "pl-alert__text", text: err.message || "" }),
    shown.length
      ? h("ul", { class: "pl-diags" }, shown.map((d) => h(
        "li",
        { class: `pl-diag pl-diag--${d.severity === "warning" ? "warning" : "error"}` },
        h("span", { class: "pl-diag__where", text: d.start ? t("panels.timeline.lineCol", { line: d.start.line, col: d.start.column }) : "" }),
        " ",
        h("span", { class: "pl-diag__msg", text: d.message }),
        d.code ? h("code", { class: "pl-diag__code", text: d.code }) : null,
      )))
      : null,
    diags.length > shown.length ? h("p", { class: "pl-more", text: t("panels.more", { n: diags.length - shown.length }) }) : null,
  );
}

function outcome(t, view) {
  const o = view.outcome;
  if (o.ok) {
    return h(
      "div",
      { class: "pl-alert pl-alert--ok", role: "status" },
      h("p", { class: "pl-alert__title" },
        h("span", { "aria-hidden": "true", text: "✓ " }),
        t("panels.timeline.built"), " ",
        h("code", { class: "pl-id", title: o.image_id, text: o.short_id || shortId(o.image_id) })),
      (o.tags || []).length
        ? h("p", { class: "pl-alert__text" }, t("panels.timeline.tagged"), " ",
          (o.tags || []).map((tag, i) => [i ? ", " : "", h("code", { text: tag })]))
        : null,
    );
  }
  return h(
    "div",
    { class: "pl-alert pl-alert--error", role: "alert" },
    h("p", { class: "pl-alert__title" },
      h("span", { "aria-hidden": "true", text: "✕ " }),
      t("panels.timeline.failed", { step: o.step })),
    h("p", { class: "pl-alert__text pl-mono", text: o.message || "" }),
    o.exit_code !== null && o.exit_code !== undefined
      ? h("p", { class: "pl-alert__hint", text: t("panels.timeline.exitCode", { code: o.exit_code }) }) : null,
  );
}
