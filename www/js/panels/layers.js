// The image as a stack of transparent films (the course's OHP picture): bottom = the base image's layers, one sheet per
// layer with its instruction, size and diff_id, thin zero-size markers for metadata-only history entries, shared
// layers marked. The list is the accessible structure and the picture at once: top of the stack first.

import { h, shortId, humanSize, groupDigits, instructionOf, ellipsis, hueOf, memo, reconcile } from "./dom.js";
import { makeFrame, emptyState, numberedSteps, stageOf, layerSteps, imageLineage } from "./common.js";

const RUN_COLLAPSE = 3; // more config-only base entries than this in a row fold into one line

export function createLayers(section) {
  const frame = makeFrame(section, "layers");
  const openRuns = new Set();
  const sheets = memo(); // films and markers, kept between renders when unchanged
  const blocks = memo();
  const stack = h("ol", { class: "pl-stack" });
  const top = h("p", { class: "pl-stack__end", "aria-hidden": "true" });
  const bottom = h("p", { class: "pl-stack__end pl-stack__end--bottom", "aria-hidden": "true" });
  const wrap = h("div", { class: "pl-stackwrap" }, top, stack, bottom);

  function render(state) {
    const { t, view, sel, selStep } = state;
    const lang = t("panels.langTag");
    frame.title(t("panels.layers.title"), t("panels.layers.lead"));
    const image = view && view.image;
    if (!image) {
      reconcile(frame.body, [blocks.get(`empty|${lang}`, () => emptyState(t("panels.layers.emptyTitle"), t("panels.layers.empty"), emptyPicture(t)))]);
      blocks.done();
      return;
    }
    const steps = numberedSteps(view);
    const currentStep = steps.find((s) => s.number === view.current) || null;
    const imageStage = currentStep ? currentStep.stage : null;
    const otherStage = selStep && imageStage !== null && !imageLineage(view).has(selStep.stage);
    const limit = selStep && !otherStage ? sel : null; // layers from steps after this are "later"
    // the base image under everything: follow FROM <stage> down to a FROM of a real image
    const lineage = imageLineage(view);
    const rootFrom = steps.find((s) => s.base && lineage.has(s.stage) && !(s.base.source && s.base.source.kind === "stage"));
    const baseName = rootFrom ? rootFrom.base.reference : null;

    const parts = [];
    const listed = (view.images || []).find((i) => i.id === image.id);
    parts.push(blocks.get(`summary|${lang}|${image.id}|${image.size}|${JSON.stringify(image.tags)}|${JSON.stringify(listed && listed.tags)}|${(image.history || []).length}`,
      () => summary(t, view, image)));
    if (otherStage) {
      parts.push(blocks.get(`other|${lang}|${selStep.number}|${view.steps_done}`, () => otherStageNote(t, view, selStep)));
    } else if (limit !== null && limit !== view.current) {
      parts.push(blocks.get(`at|${lang}|${limit}`, () => h("p", { class: "pl-callout", text: t("panels.layers.atStep", { n: limit }) })));
    }

    const maxSize = Math.max(1, ...image.layers.map((l) => l.size || 0));
    const history = image.history && image.history.length ? image.history
      : image.layers.map((l) => ({ created_by: l.created_by, empty_layer: false, layer: l.index, step: l.step }));
    const seenLayers = new Set();
    const rows = [];
    const stepOf = layerSteps(image); // a cached step's layer names its step only in the history
    const makeFilm = (raw) => {
      const layer = raw.step === stepOf[raw.index] ? raw : { ...raw, step: stepOf[raw.index] };
      const ratio = Math.max(0.04, Math.log10(1 + (layer.size || 0)) / Math.log10(1 + maxSize)).toFixed(3);
      const fromBuild = layer.step !== null && layer.step !== undefined;
      const flags = { selected: fromBuild && layer.step === sel, later: limit !== null && fromBuild && layer.step > limit ? limit : null };
      const sig = `film|${lang}|${JSON.stringify(layer)}|${ratio}|${JSON.stringify(flags)}|${baseName}`;
      return sheets.get(sig, () => film(t, layer, ratio, flags, baseName));
    };
    // history runs bottom → top; the stack is shown top first
    let run = [];
    const flush = () => {
      if (!run.length) return;
      if (run.length > RUN_COLLAPSE && run.every((e) => e.step === null || e.step === undefined)) {
        const entries = run;
        rows.push(sheets.get(`run|${lang}|${JSON.stringify(entries)}`, () => metaRun(t, entries, openRuns)));
      } else {
        for (const e of run) {
          const later = limit !== null && e.step !== null && e.step !== undefined && e.step > limit;
          rows.push(sheets.get(`meta|${lang}|${JSON.stringify(e)}|${later}`, () => metaMarker(t, e, later)));
        }
      }
      run = [];
    };
    for (let i = history.length - 1; i >= 0; i -= 1) {
      const entry = history[i];
      if (entry.empty_layer || entry.layer === null || entry.layer === undefined) {
        run.push(entry);
        continue;
      }
      flush();
      const layer = image.layers[entry.layer];
      if (!layer) continue;
      seenLayers.add(layer.index);
      rows.push(makeFilm(layer));
    }
    flush();
    for (const layer of image.layers.slice().reverse()) {
      if (!seenLayers.has(layer.index)) rows.push(makeFilm(layer));
    }
    reconcile(stack, rows);
    sheets.done();
    if (top.textContent !== t("panels.layers.top")) {
      top.textContent = t("panels.layers.top");
      bottom.textContent = t("panels.layers.bottom");
      stack.setAttribute("aria-label", t("panels.layers.listLabel"));
    }
    parts.push(wrap);
    parts.push(blocks.get(`note|${lang}`, () => h("p", { class: "pl-note", text: t("panels.layers.note") })));
    reconcile(frame.body, parts);
    blocks.done();
  }

  return {
    render,
    clear() {
      openRuns.clear();
      sheets.reset();
      blocks.reset();
      stack.replaceChildren();
      frame.body.replaceChildren();
    },
  };
}

function summary(t, view, image) {
  const listed = (view.images || []).find((i) => i.id === image.id);
  const tags = image.tags && image.tags.length ? image.tags : listed && listed.tags ? listed.tags : [];
  const names = tags.length ? tags : [listed ? "<none>" : t("panels.layers.intermediate")];
  const empties = (image.history || []).filter((e) => e.empty_layer).length;
  return h("p", { class: "pl-summary" },
    names.map((n, i) => [i ? " " : "", h("code", { class: "pl-tag", text: n })]), " ",
    h("code", { class: "pl-id", title: image.id, text: image.short_id || shortId(image.id) }), " · ",
    h("span", { title: t("panels.bytes", { n: groupDigits(image.size) }), text: humanSize(image.size) }), " · ",
    t(image.layers.length === 1 ? "panels.layers.nLayersOne" : "panels.layers.nLayers", { n: image.layers.length }), " · ",
    t(empties === 1 ? "panels.layers.nEmptyOne" : "panels.layers.nEmpty", { n: empties }));
}

function film(t, layer, ratio, flags, baseName) {
  const fromBuild = layer.step !== null && layer.step !== undefined;
  const later = flags.later !== null;
  const selected = flags.selected;
  const label = t("panels.layers.layerN", { n: layer.index + 1 });
  const share = layer.shared_with || [];
  const instr = instructionOf(layer.created_by);
  return h(
    "li",
    {
      class: ["pl-film", fromBuild ? "pl-film--built" : "pl-film--base", selected ? "pl-film--selected" : "",
        later ? "pl-film--later" : "", share.length ? "pl-film--shared" : ""],
      "data-testid": "layer-item",
      dataset: { index: String(layer.index), step: fromBuild ? String(layer.step) : null },
      "aria-current": selected ? "true" : null,
      vars: { "--hue": hueOf(layer.chain_id || layer.diff_id), "--fill": ratio, "--depth": layer.index + 1 },
    },
    h("span", { class: "pl-film__label", text: label }),
    h("span", { class: "pl-film__main" },
      h("span", { class: "pl-film__instr", title: layer.created_by || "", text: ellipsis(instr, 90) }),
      h("span", { class: "pl-film__meta" },
        h("span", { class: "pl-film__size", title: t("panels.bytes", { n: groupDigits(layer.size) }), text: humanSize(layer.size) }),
        h("span", { class: "pl-film__digest" }, "diff_id ", h("code", { class: "pl-id", title: layer.diff_id, text: shortId(layer.diff_id) })),
        fromBuild
          ? h("span", { class: "pl-chip", text: t("panels.layers.fromStep", { n: layer.step }) })
          : h("span", { class: "pl-chip pl-chip--base", text: baseName ? t("panels.layers.fromBase", { name: baseName }) : t("panels.layers.base") }),
        share.length
          ? h("span", { class: "pl-chip pl-chip--shared", title: t("panels.layers.sharedTitle") },
            h("span", { "aria-hidden": "true", text: "⇄ " }),
            t("panels.layers.sharedWith", { names: share.slice(0, 3).join(", ") + (share.length > 3 ? ` ${t("panels.more", { n: share.length - 3 })}` : "") }))
          : null,
        later ? h("span", { class: "pl-chip pl-chip--later", text: t("panels.layers.later", { n: flags.later }) }) : null),
      h("span", { class: "pl-film__bar", "aria-hidden": "true" })),
  );
}

function metaMarker(t, entry, later) {
  const instr = instructionOf(entry.created_by);
  return h(
    "li",
    { class: ["pl-meta", later ? "pl-meta--later" : ""], title: entry.created_by || "" },
    h("span", { class: "pl-meta__size", text: "0 B" }),
    h("span", { class: "pl-meta__text", text: t("panels.layers.meta", { instr: ellipsis(instr, 70) }) }),
    entry.step !== null && entry.step !== undefined ? h("span", { class: "pl-chip", text: t("panels.layers.fromStep", { n: entry.step }) }) : null,
  );
}

function metaRun(t, run, openRuns) {
  const key = run.map((e) => e.created_by).join("\n");
  const details = h("details", { class: "pl-meta-run" },
    h("summary", { text: t("panels.layers.metaRun", { n: run.length }) }),
    h("ul", { class: "pl-meta-run__list" }, run.map((e) => h("li", { class: "pl-meta", title: e.created_by || "" },
      h("span", { class: "pl-meta__size", text: "0 B" }),
      h("span", { class: "pl-meta__text", text: ellipsis(instructionOf(e.created_by), 70) })))));
  details.open = openRuns.has(key);
  details.addEventListener("toggle", () => {
    if (details.open) openRuns.add(key);
    else openRuns.delete(key);
  });
  return h("li", { class: "pl-meta pl-meta--run" }, details);
}

function otherStageNote(t, view, selStep) {
  const stage = stageOf(view, selStep);
  const name = stage && stage.name ? stage.name : String(selStep.stage + 1);
  const own = numberedSteps(view).filter((s) => s.stage === selStep.stage && s.number <= selStep.number && (s.layer || s.base));
  return h("div", { class: "pl-callout" },
    h("p", { text: t("panels.layers.otherStage", { n: selStep.number, stage: name }) }),
    h("ul", { class: "pl-mini-stack" }, own.slice().reverse().map((s) => h("li", { class: "pl-mini-stack__item" },
      h("span", { class: "pl-mono", text: ellipsis(s.instruction, 60) }),
      " ",
      s.base
        ? h("span", { class: "pl-muted", text: t("panels.layers.baseLayers", { n: s.base.layers }) })
        : [h("span", { class: "pl-muted", text: humanSize(s.layer.size) }), " ",
          h("code", { class: "pl-id", title: s.layer.diff_id, text: shortId(s.layer.diff_id) })]))));
}

function emptyPicture(t) {
  return h("div", { class: "pl-empty-stack", "aria-hidden": "true" },
    h("span", { class: "pl-empty-stack__film", text: t("panels.layers.demoTop") }),
    h("span", { class: "pl-empty-stack__film", text: t("panels.layers.demoMid") }),
    h("span", { class: "pl-empty-stack__film", text: t("panels.layers.demoBase") }));
}
