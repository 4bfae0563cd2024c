// The build cache: which steps were reused, the first miss and why (in words), and the later steps it invalidated.
// A strip of one cell per step gives the overview; the list below says why for each step.

import { h, fill, shortId } from "./dom.js";
import { makeFrame, emptyState, missReason, numberedSteps, stepPrefix } from "./common.js";

export function createCache(section, { onSelectStep }) {
  const frame = makeFrame(section, "cache");
  let shownSig = null;

  function render(state) {
    const { t, view, sel } = state;
    frame.title(t("panels.cache.title"), t("panels.cache.lead"));
    const steps = numberedSteps(view);
    const sig = `${t("panels.langTag")}|${sel}|${view ? view.steps_done : ""}|${JSON.stringify(view && view.cache)}|${
      JSON.stringify(steps.map((s) => [s.number, s.status, s.instruction, s.cache, !!s.base]))}`;
    if (sig === shownSig) return;
    shownSig = sig;
    if (!view || !steps.length) {
      fill(frame.body, emptyState(t("panels.cache.emptyTitle"), t("panels.cache.empty")));
      return;
    }
    const cache = view.cache || { hits: [], first_miss: null, invalidated: [] };
    const hits = new Set(cache.hits || []);
    const invalid = new Set(cache.invalidated || []);
    const firstMiss = cache.first_miss;
    const info = (step) => cellInfo(t, step, hits, invalid, firstMiss);

    const strip = h("ol", { class: "pl-cachestrip", "aria-label": t("panels.cache.stripLabel") }, steps.map((s) => {
      const c = info(s);
      return h("li", { class: "pl-cachestrip__item" },
        h("button", {
          type: "button",
          class: ["pl-ccell", `pl-ccell--${c.kind}`, s.number === sel ? "pl-ccell--selected" : ""],
          "aria-current": s.number === sel ? "step" : null,
          "aria-label": `${stepPrefix(t, s)}${s.instruction} — ${c.label}`,
          title: `${stepPrefix(t, s)}${s.instruction} — ${c.label}`,
          disabled: s.status === "pending" ? true : null,
          onclick: () => onSelectStep(s.number),
        },
        h("span", { class: "pl-ccell__n", text: String(s.number) }),
        h("span", { class: "pl-ccell__icon", "aria-hidden": "true", text: c.icon }),
        h("span", { class: "pl-ccell__word", "aria-hidden": "true", text: c.short })));
    }));

    const story = [];
    const hitList = [...hits].sort((a, b) => a - b);
    const invalidList = [...invalid].sort((a, b) => a - b);
    if (hitList.length) {
      story.push(h("p", { class: "pl-cstory pl-cstory--hit" },
        h("span", { class: "pl-cstory__icon", "aria-hidden": "true", text: "↺" }),
        t(hitList.length === 1 ? "panels.cache.hitsOne" : "panels.cache.hits", { steps: listSteps(hitList) })));
    }
    if (firstMiss) {
      const kind = firstMiss.reason && firstMiss.reason.kind;
      story.push(h("p", { class: "pl-cstory pl-cstory--miss" },
        h("span", { class: "pl-cstory__icon", "aria-hidden": "true", text: "✕" }),
        kind === "no_entry" && !hitList.length ? t("panels.cache.firstBuild", { step: firstMiss.step })
          : kind === "disabled" ? t("panels.cache.disabled")
            : t("panels.cache.firstMiss", { step: firstMiss.step, reason: missReason(t, firstMiss.reason) })));
    }
    if (invalidList.length) {
      story.push(h("p", { class: "pl-cstory pl-cstory--invalid" },
        h("span", { class: "pl-cstory__icon", "aria-hidden": "true", text: "↓" }),
        t(invalidList.length === 1 ? "panels.cache.invalidatedOne" : "panels.cache.invalidated", { steps: listSteps(invalidList), step: firstMiss ? firstMiss.step : "?" })));
    }
    if (!story.length) {
      story.push(h("p", { class: "pl-muted", text: view.steps_done ? t("panels.cache.nothingYet") : t("panels.cache.notStarted") }));
    }

    const why = steps.filter((s) => s.cache).map((s) => {
      const c = info(s);
      return h("li", { class: ["pl-cwhy", `pl-cwhy--${c.kind}`, s.number === sel ? "pl-cwhy--selected" : ""] },
        h("span", { class: "pl-cwhy__status" }, h("span", { "aria-hidden": "true", text: `${c.icon} ` }), c.short),
        h("span", { class: "pl-cwhy__step" },
          h("span", { class: "pl-step__prefix", text: stepPrefix(t, s) }),
          h("span", { class: "pl-mono", text: s.instruction })),
        h("span", { class: "pl-cwhy__reason", text: s.cache.hit
          ? t("panels.cache.hitReason", { id: shortId(s.cache.image_id) })
          : missReason(t, s.cache.reason) }));
    });

    fill(frame.body, 
      strip,
      h("div", { class: "pl-cstories" }, story),
      why.length ? h("ul", { class: "pl-cwhys", "aria-label": t("panels.cache.whyLabel") }, why) : null,
      h("p", { class: "pl-note", text: t("panels.cache.keyNote") }),
    );
  }

  return { render, clear: () => { shownSig = null; frame.body.replaceChildren(); } };
}

function cellInfo(t, step, hits, invalid, firstMiss) {
  if (step.status === "pending") return { kind: "pending", icon: "○", short: t("panels.cache.cellPending"), label: t("panels.status.pending") };
  if (step.base) return { kind: "base", icon: "◆", short: t("panels.cache.cellBase"), label: t("panels.cache.baseLabel") };
  if (hits.has(step.number) || (step.cache && step.cache.hit)) return { kind: "hit", icon: "↺", short: t("panels.cache.cellHit"), label: t("panels.status.cached") };
  if (invalid.has(step.number) || (step.cache && step.cache.reason && step.cache.reason.kind === "invalidated")) {
    return { kind: "invalid", icon: "↓", short: t("panels.cache.cellInvalid"), label: missReason(t, step.cache ? step.cache.reason : null) };
  }
  if (step.cache && step.cache.hit === false) {
    const first = firstMiss && firstMiss.step === step.number;
    return { kind: first ? "miss" : "missplain", icon: "✕", short: t("panels.cache.cellMiss"), label: missReason(t, step.cache.reason) };
  }
  return { kind: "none", icon: "·", short: "", label: t("panels.cache.noCheck") };
}

function listSteps(numbers) {
  // 2, 3, 4, 7 → "2–4, 7"
  const out = [];
  let start = null;
  let prev = null;
  for (const n of numbers) {
    if (start === null) { start = n; prev = n; continue; }
    if (n === prev + 1) { prev = n; continue; }
    out.push(start === prev ? String(start) : `${start}–${prev}`);
    start = n;
    prev = n;
  }
  if (start !== null) out.push(start === prev ? String(start) : `${start}–${prev}`);
  return out.join(", ");
}
