// The temporary container of the selected step, told as a story in six stations: created from the previous image,
// runs the command, prints its output, fills its writable layer, is committed into a read-only layer (or only a
// history entry), and is removed. FROM shows the base image; COPY/ADD show that no container runs; a cache hit shows
// what was reused.

import { h, fill, shortId, humanSize, groupDigits, reducedMotion } from "./dom.js";
import {
  makeFrame, emptyState, stepPrefix, hasRun, layerIndexOfStep, imageLabel, missReason, stageOf,
} from "./common.js";

const MAX_LINES = 400;
const MAX_CHANGES = 200;

export function createContainer(section, { core }) {
  const frame = makeFrame(section, "container");
  const changesCache = new Map(); // `${imageId}#${index}` → Promise<[Change]>
  let shownKey = null;
  let shownSig = null;

  function render(state) {
    const { t, view, selStep } = state;
    const lang = t("panels.langTag");
    frame.title(t("panels.container.title"), t("panels.container.lead"));
    // the card depends on the selected step (and, for the base card, on the store's sizes); skip when unchanged
    const sig = `${lang}|${JSON.stringify(selStep)}|${selStep && selStep.base ? JSON.stringify(view.images) : ""}|${
      selStep && selStep.status === "failed" ? JSON.stringify(view.outcome) : ""}|${(view && view.stages || []).length}`;
    if (sig === shownSig && !state.fresh) return;
    shownSig = sig;
    if (!view || !selStep || !hasRun(selStep)) {
      shownKey = null;
      const pending = selStep && selStep.status === "pending";
      fill(frame.body, 
        emptyState(
          pending ? t("panels.container.pendingTitle", { n: selStep.number }) : t("panels.container.emptyTitle"),
          pending ? t("panels.container.pending") : t("panels.container.empty"),
          storyPreview(t),
        ),
      );
      return;
    }
    const step = selStep;
    const key = `${step.number}|${step.status}|${step.image_id || ""}`;
    const animate = state.fresh && !reducedMotion();
    shownKey = key;
    let card;
    if (step.base) card = baseCard(t, view, step);
    else if (step.status === "cached") card = cachedCard(t, view, step);
    else if (step.container) card = containerCard(t, view, step);
    else if (step.keyword !== "COPY" && step.keyword !== "ADD") card = plainCard(t, view, step);
    else card = copyCard(t, view, step, (imageId, index, done) => {
      const cacheKey = `${imageId}#${index}`;
      if (!changesCache.has(cacheKey)) {
        changesCache.set(cacheKey, Promise.resolve().then(() => core.layerChanges(imageId, index)));
      }
      changesCache.get(cacheKey).then(
        (changes) => { if (shownKey === key) done(changes, null); },
        (error) => { changesCache.delete(cacheKey); if (shownKey === key) done(null, error); },
      );
    });
    if (animate) card.classList.add("pl-anim");
    fill(frame.body, card);
  }

  return {
    render,
    clear() {
      changesCache.clear();
      shownKey = null;
      shownSig = null;
      frame.body.replaceChildren();
    },
  };
}

/** A compact picture of the six stations, for the empty state. */
function storyPreview(t) {
  const names = ["create", "run", "output", "diff", "commit", "remove"];
  return h("ol", { class: "pl-preview", "aria-label": t("panels.container.previewLabel") },
    names.map((n, i) => h("li", { class: "pl-preview__item" },
      h("span", { class: "pl-num", "aria-hidden": "true", text: String(i + 1) }),
      h("span", { text: t(`panels.story.${n}`) }))));
}

function cardHead(t, view, step, badge) {
  const stage = stageOf(view, step);
  return h(
    "div",
    { class: "pl-card__head" },
    h("p", { class: "pl-card__step" },
      h("span", { class: "pl-step__prefix", text: stepPrefix(t, step) }),
      h("span", { class: "pl-mono", text: step.instruction || "" })),
    h("p", { class: "pl-card__meta" },
      badge,
      stage && (view.stages || []).length > 1
        ? h("span", { class: "pl-chip", text: stage.name ? t("panels.container.stageNamed", { name: stage.name })
          : t("panels.container.stageN", { n: stage.index + 1 }) })
        : null),
  );
}

function station(i, kind, title, ...body) {
  return h(
    "li",
    { class: ["pl-story__item", `pl-story__item--${kind}`], vars: { "--i": i } },
    h("span", { class: "pl-num", "aria-hidden": "true", text: String(i + 1) }),
    h("div", { class: "pl-story__body" }, h("h3", { class: "pl-story__title", text: title }), ...body),
  );
}

function idCode(digest, extraClass) {
  return h("code", { class: ["pl-id", extraClass || ""], title: digest, text: shortId(digest) });
}

function containerCard(t, view, step) {
  const c = step.container;
  const command = c.command || [];
  const nop = command.length === 1 && /#\(nop\)/.test(command[0]);
  const failed = step.status === "failed";
  const items = [];

  const origin = imageLabelOrStep(t, view, step, c.image_id);
  items.push(station(0, "create", t("panels.story.create"),
    h("p", { class: "pl-story__line" },
      t("panels.container.createdFrom"), " ", idCode(c.image_id),
      origin ? [" ", h("span", { class: "pl-muted", text: `(${origin})` })] : null),
    h("p", { class: "pl-story__line" },
      t("panels.container.containerId"), " ", idCode(c.id, "pl-id--ctr")),
    h("p", { class: "pl-note", text: t("panels.container.createNote") })));

  items.push(station(1, "run", t("panels.story.run"),
    h("p", { class: "pl-argv", "aria-label": t("panels.container.argvLabel") },
      command.map((arg, i) => h("code", { class: "pl-argv__arg", title: `argv[${i}]`, text: arg }))),
    h("p", { class: "pl-note", text: nop ? t("panels.container.nopNote") : t("panels.container.runNote") })));

  const lines = c.output || [];
  const outBody = [];
  if (lines.length === 0 && !failed) {
    outBody.push(h("p", { class: "pl-muted", text: t("panels.container.noOutput") }));
  } else {
    const shown = lines.slice(0, MAX_LINES);
    outBody.push(h(
      "div",
      { class: "pl-output", tabindex: "0", role: "region", "aria-label": t("panels.container.outputLabel") },
      shown.map((l) => h(
        "div",
        { class: ["pl-line", l.stream === "stderr" ? "pl-line--stderr" : ""] },
        l.stream === "stderr" ? h("span", { class: "pl-line__tag", text: t("panels.container.stderr") }) : null,
        h("span", { class: "pl-line__text", text: l.line === "" ? "\u00a0" : l.line }),
      )),
      failed && view.outcome && view.outcome.ok === false && view.outcome.step === step.number
        ? h("div", { class: "pl-line pl-line--exit" },
          h("span", { class: "pl-line__text", text: `→ ${t("panels.container.exitCode", { code: view.outcome.exit_code })}` }))
        : null,
    ));
    // The core keeps the first lines of a very long output (`output_omitted` says how many more there were).
    const more = lines.length - shown.length + (c.output_omitted || 0);
    if (more > 0) outBody.push(h("p", { class: "pl-more", text: t("panels.more", { n: more }) }));
  }
  items.push(station(2, "output", t("panels.story.output"), ...outBody));

  items.push(station(3, "diff", t("panels.story.diff"), writableLayer(t, c.changes || [], failed, c.changes_omitted || 0)));

  items.push(station(4, "commit", t("panels.story.commit"), commitBody(t, view, step, c)));

  items.push(station(5, "remove", t("panels.story.remove"),
    c.removed
      ? h("p", { class: "pl-story__line pl-removed" },
        t("panels.container.removed"), " ", h("code", { class: "pl-id pl-id--gone", title: c.id, text: shortId(c.id) }))
      : h("p", { class: "pl-story__line", text: failed ? t("panels.container.keptFailed") : t("panels.container.notRemoved") }),
    c.removed ? h("p", { class: "pl-note", text: t("panels.container.removeNote") }) : null));

  return h(
    "article",
    { class: ["pl-card", "pl-ctr", failed ? "pl-ctr--failed" : ""], "data-testid": "temp-container",
      "aria-label": t("panels.container.cardLabel", { id: shortId(c.id) }) },
    cardHead(t, view, step, h("span", { class: "pl-chip pl-chip--ctr", text: t("panels.container.tempBadge") })),
    h("ol", { class: "pl-story" }, items),
  );
}

/** "the image of step 3" / "alpine": where the container's image came from (null when only its ID is known). */
function imageLabelOrStep(t, view, step, imageId) {
  const before = (view.steps || []).filter((s) => s.number !== null && s.number < step.number
    && (s.image_id === imageId || (s.base && s.base.image_id === imageId)));
  const last = before[before.length - 1];
  if (last && last.base) return last.base.reference;
  if (last) return t("panels.container.imageOfStep", { n: last.number });
  const label = imageLabel(view, imageId);
  return label === shortId(imageId) ? null : label;
}

function writableLayer(t, changes, failed, omitted = 0) {
  const counts = { added: 0, modified: 0, deleted: 0 };
  for (const ch of changes) counts[ch.kind] = (counts[ch.kind] || 0) + 1;
  const shown = changes.slice(0, MAX_CHANGES);
  return h(
    "div",
    { class: "pl-rw" },
    h("p", { class: "pl-rw__label" },
      h("span", { class: "pl-rw__name", text: t("panels.container.rwLayer") }),
      h("span", { class: "pl-rw__sum", text: t("panels.container.changeSummary", counts) })),
    changes.length === 0
      ? h("p", { class: "pl-muted", text: failed ? t("panels.container.noChangesFailed") : t("panels.container.noChanges") })
      : changeList(t, shown),
    changes.length - shown.length + omitted > 0
      ? h("p", { class: "pl-more", text: t("panels.more", { n: changes.length - shown.length + omitted }) })
      : null,
    h("p", { class: "pl-note", text: t("panels.container.diffNote") }),
  );
}

/** A `docker diff`-style list: A/C/D badge (letter and word), path as text, size. */
export function changeList(t, changes) {
  return h("ul", { class: "pl-changes" }, changes.map((ch, j) => {
    const letter = ch.kind === "added" ? "A" : ch.kind === "deleted" ? "D" : "C";
    return h(
      "li",
      { class: ["pl-change", `pl-change--${ch.kind}`], vars: { "--j": Math.min(j, 24) } },
      h("span", { class: "pl-badge", title: t(`panels.change.${ch.kind}`), "aria-label": t(`panels.change.${ch.kind}`), text: letter }),
      h("span", { class: "pl-change__path", text: ch.path }),
      ch.size > 0 ? h("span", { class: "pl-change__size", title: t("panels.bytes", { n: groupDigits(ch.size) }), text: humanSize(ch.size) }) : null,
    );
  }));
}

function commitBody(t, view, step, c) {
  const committed = c.committed;
  if (!committed) {
    return h("p", { class: "pl-story__line", text: step.status === "failed" ? t("panels.container.notCommittedFailed") : t("panels.container.notCommitted") });
  }
  const index = layerIndexOfStep(view, step);
  const after = c.image_id_after || step.image_id;
  if (committed.empty_layer) {
    return h("div", null,
      h("div", { class: "pl-ro pl-ro--meta" },
        h("span", { class: "pl-ro__name", text: t("panels.container.metaOnly") }),
        h("span", { class: "pl-ro__size", text: "0 B" })),
      h("p", { class: "pl-note", text: t("panels.container.metaNote") }),
      after ? h("p", { class: "pl-story__line" }, t("panels.container.newImage"), " ", idCode(after)) : null);
  }
  return h("div", null,
    h("div", { class: "pl-ro" },
      h("span", { class: "pl-ro__name", text: index !== null ? t("panels.container.roLayerN", { n: index + 1 }) : t("panels.container.roLayer") }),
      h("span", { class: "pl-ro__digest" }, "diff_id ", idCode(committed.diff_id)),
      h("span", { class: "pl-ro__size", title: t("panels.bytes", { n: groupDigits(committed.size) }), text: humanSize(committed.size) })),
    h("p", { class: "pl-note", text: t("panels.container.commitNote") }),
    after ? h("p", { class: "pl-story__line" }, t("panels.container.newImage"), " ", idCode(after)) : null);
}

function cachedCard(t, view, step) {
  const reused = step.cache && step.cache.image_id ? step.cache.image_id : step.image_id;
  // a cache hit commits nothing, so the step has no `layer`; the image it reused shows which layer it stands for
  const index = layerIndexOfStep(view, step);
  const reusedLayer = step.layer || (index !== null && view.image && view.image.layers[index]) || null;
  return h(
    "article",
    { class: "pl-card pl-ctr pl-ctr--cached" },
    cardHead(t, view, step, h("span", { class: "pl-chip pl-chip--cached", text: `↺ ${t("panels.status.cached")}` })),
    h("p", { class: "pl-card__lead", text: t("panels.container.cachedLead") }),
    reused ? h("p", { class: "pl-story__line" }, t("panels.container.reused"), " ", idCode(reused)) : null,
    reusedLayer
      ? h("div", { class: "pl-ro" },
        h("span", { class: "pl-ro__name", text: index !== null ? t("panels.container.roLayerN", { n: index + 1 }) : t("panels.container.roLayer") }),
        h("span", { class: "pl-ro__digest" }, "diff_id ", idCode(reusedLayer.diff_id)),
        h("span", { class: "pl-ro__size", text: humanSize(reusedLayer.size) }))
      : null,
    h("p", { class: "pl-note", text: t("panels.container.cachedNote") }),
  );
}

function baseCard(t, view, step) {
  const b = step.base;
  const source = b.source || {};
  const inStore = (view.images || []).find((i) => i.id === b.image_id);
  const facts = [
    [t("panels.base.reference"), h("code", { text: b.reference })],
    [t("panels.base.canonical"), h("code", { text: b.canonical || b.reference })],
    [t("panels.base.imageId"), idCode(b.image_id)],
    [t("panels.base.layers"), String(b.layers)],
  ];
  if (inStore) facts.push([t("panels.base.measured"), h("span", { title: t("panels.bytes", { n: groupDigits(inStore.size) }), text: humanSize(inStore.size) })]);
  let sourceNote;
  if (source.kind === "catalog") {
    sourceNote = h("div", { class: "pl-real" },
      source.real_size_mb !== null && source.real_size_mb !== undefined
        ? h("p", { class: "pl-real__size", text: t("panels.base.realSize", { mb: source.real_size_mb }) }) : null,
      h("p", { class: "pl-note", text: t("panels.base.catalogNote") }));
  } else if (source.kind === "store") {
    sourceNote = h("p", { class: "pl-note", text: t("panels.base.storeNote") });
  } else if (source.kind === "stage") {
    const stage = (view.stages || []).find((s) => s.index === source.index);
    sourceNote = h("p", { class: "pl-note", text: t("panels.base.stageNote", {
      stage: stage && stage.name ? stage.name : String((source.index || 0) + 1) }) });
  } else if (source.kind === "scratch") {
    sourceNote = h("p", { class: "pl-note", text: t("panels.base.scratchNote") });
  } else {
    sourceNote = h("p", { class: "pl-note", text: t("panels.base.otherSource", { kind: String(source.kind || "") }) });
  }
  return h(
    "article",
    { class: "pl-card pl-ctr pl-ctr--base" },
    cardHead(t, view, step, h("span", { class: "pl-chip pl-chip--base", text: `◆ ${t("panels.status.base")}` })),
    h("p", { class: "pl-card__lead", text: t("panels.base.lead") }),
    h("dl", { class: "pl-facts" }, facts.map(([k, v]) => [h("dt", { text: k }), h("dd", null, v)])),
    sourceNote,
    h("p", { class: "pl-note", text: t("panels.base.noContainer") }),
  );
}

/** A step with neither a base nor a container nor files: a FROM that failed, or anything the engine ran otherwise. */
function plainCard(t, view, step) {
  const failed = step.status === "failed";
  const o = view.outcome && view.outcome.ok === false && view.outcome.step === step.number ? view.outcome : null;
  return h(
    "article",
    { class: ["pl-card", "pl-ctr", failed ? "pl-ctr--failed" : ""] },
    cardHead(t, view, step, null),
    h("p", { class: "pl-card__lead", text: failed
      ? t(step.keyword === "FROM" ? "panels.container.fromFailed" : "panels.container.stepFailed")
      : t("panels.container.noContainer") }),
    o ? h("p", { class: "pl-error pl-mono", text: o.message || "" }) : null,
  );
}

function copyCard(t, view, step, loadChanges) {
  const list = h("div", { class: "pl-rw pl-rw--copy", "aria-live": "polite" },
    h("p", { class: "pl-rw__label" }, h("span", { class: "pl-rw__name", text: t("panels.copy.files") })),
    h("p", { class: "pl-muted", text: step.layer ? t("panels.loading") : t("panels.copy.noLayer") }));
  const imageId = step.image_id;
  const index = layerIndexOfStep(view, step);
  const show = (changes, error) => {
      const label = list.firstChild;
      if (error) {
        fill(list, label, h("p", { class: "pl-error", text: t("panels.loadFailed", { message: String(error.message || error) }) }));
        return;
      }
      const shown = changes.slice(0, MAX_CHANGES);
      const counts = { added: 0, modified: 0, deleted: 0 };
      for (const ch of changes) counts[ch.kind] = (counts[ch.kind] || 0) + 1;
      label.appendChild(h("span", { class: "pl-rw__sum", text: t("panels.container.changeSummary", counts) }));
      fill(list, label,
        changes.length ? changeList(t, shown) : h("p", { class: "pl-muted", text: t("panels.container.noChanges") }),
        changes.length > shown.length ? h("p", { class: "pl-more", text: t("panels.more", { n: changes.length - shown.length }) }) : null);
  };
  // the View carries the step's changes; older cores only had them in the layer
  if (Array.isArray(step.changes) && (step.changes.length || !step.layer)) show(step.changes, null);
  else if (step.layer && imageId && index !== null) loadChanges(imageId, index, show);
  const keyword = step.keyword || "COPY";
  return h(
    "article",
    { class: "pl-card pl-ctr pl-ctr--copy" },
    cardHead(t, view, step, h("span", { class: "pl-chip pl-chip--copy", text: t("panels.copy.badge") })),
    h("p", { class: "pl-card__lead", text: t("panels.copy.lead", { keyword }) }),
    step.cache && step.cache.hit === false && step.cache.reason
      ? h("p", { class: "pl-note", text: t("panels.copy.cacheMiss", { reason: missReason(t, step.cache.reason) }) }) : null,
    list,
    step.layer
      ? h("div", { class: "pl-ro" },
        h("span", { class: "pl-ro__name", text: index !== null ? t("panels.container.roLayerN", { n: index + 1 }) : t("panels.container.roLayer") }),
        h("span", { class: "pl-ro__digest" }, "diff_id ", idCode(step.layer.diff_id)),
        h("span", { class: "pl-ro__size", title: t("panels.bytes", { n: groupDigits(step.layer.size) }), text: humanSize(step.layer.size) }))
      : null,
    step.image_id ? h("p", { class: "pl-story__line" }, t("panels.container.newImage"), " ", idCode(step.image_id)) : null,
  );
}
