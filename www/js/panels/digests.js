// The digests that name the current image, in the order they are computed: each layer's diff_id → its chain ID →
// the config digest (the image ID of Docker's classic store) → the manifest digest (the image ID of the containerd
// image store, Docker 29+). Short by default, full on request, copyable; each explained (title + a visible toggle).
// Values that changed since the previous render flash, so a student sees them recomputed.

import { h, fill, shortId, copyText, humanSize, memo, reconcile } from "./dom.js";
import { makeFrame, emptyState, infoToggle, layerSteps, imageLineage } from "./common.js";

export function createDigests(section) {
  const frame = makeFrame(section, "digests");
  const open = new Set();
  const ui = { full: false, config: false };
  const rowsMemo = memo();
  const blocks = memo();
  let previous = new Map();
  let lastState = null;
  let toolsSig = null;

  function render(state) {
    lastState = state;
    const { t, view, sel, selStep } = state;
    const lang = t("panels.langTag");
    frame.title(t("panels.digests.title"), t("panels.digests.lead"));
    const image = view && view.image;
    if (!image) {
      toolsSig = null;
      frame.tools.replaceChildren();
      reconcile(frame.body, [blocks.get(`empty|${lang}`, () => emptyState(t("panels.digests.emptyTitle"), t("panels.digests.empty"), chainPicture(t)))]);
      blocks.done();
      previous = new Map();
      return;
    }
    if (toolsSig !== `${lang}|${ui.full}`) {
      toolsSig = `${lang}|${ui.full}`;
      fill(frame.tools, h("button", {
        type: "button",
        class: ["pl-btn", "pl-btn--small", ui.full ? "pl-btn--on" : ""],
        "aria-pressed": ui.full ? "true" : "false",
        text: t("panels.digests.showFull"),
        onclick: () => { ui.full = !ui.full; render(lastState); },
      }));
    }
    const now = new Map();
    // a value flashes when it differs from what this place showed in the previous render
    const changed = (role, digest) => {
      now.set(role, digest);
      return previous.has(role) && previous.get(role) !== digest;
    };
    // dim what came after the selected step, when that step is part of this image's history at all
    const limit = selStep && imageLineage(view).has(selStep.stage) ? sel : null;

    // 1: layers
    const stepOf = layerSteps(image);
    const rows = image.layers.map((l) => {
      const step = stepOf[l.index];
      const fromBuild = step !== null && step !== undefined;
      const flags = {
        selected: fromBuild && step === sel,
        later: limit !== null && fromBuild && step > limit,
        diff: changed(`diff-${l.index}`, l.diff_id),
        chain: changed(`chain-${l.index}`, l.chain_id),
      };
      const sig = `${lang}|${ui.full}|${l.index}|${l.size}|${l.diff_id}|${l.chain_id}|${JSON.stringify(flags)}`;
      return rowsMemo.get(sig, () => h("tr", { class: [flags.selected ? "pl-row--selected" : "", flags.later ? "pl-row--later" : ""] },
        h("th", { scope: "row", class: "pl-digests__layer" }, t("panels.layers.layerN", { n: l.index + 1 }),
          h("span", { class: "pl-muted pl-digests__size", text: ` ${humanSize(l.size)}` })),
        h("td", null, digestValue(t, l.diff_id, t("panels.digests.diffId"), ui.full, flags.diff)),
        h("td", { class: "pl-digests__arrow", "aria-hidden": "true", text: "→" }),
        h("td", null, digestValue(t, l.chain_id, t("panels.digests.chainId"), ui.full, flags.chain),
          l.index === 0 ? h("span", { class: "pl-muted pl-digests__eq", text: t("panels.digests.firstChain") }) : null)));
    });
    rowsMemo.done();
    const layersCard = blocks.get(`layers|${lang}`, () => {
      const diffInfo = infoToggle(t, "diff", t("panels.digests.diffIdInfo"), open);
      const chainInfo = infoToggle(t, "chain", t("panels.digests.chainIdInfo"), open);
      return h("li", { class: "pl-chain__step" },
        h("h3", { class: "pl-chain__title" }, h("span", { class: "pl-num", "aria-hidden": "true", text: "1" }), t("panels.digests.layersTitle")),
        h("div", { class: "pl-tablewrap" },
          h("table", { class: "pl-table pl-digests__table" },
            h("caption", { class: "pl-sr", text: t("panels.digests.layersCaption") }),
            h("thead", null, h("tr", null,
              h("th", { scope: "col", text: t("panels.digests.colLayer") }),
              h("th", { scope: "col" }, t("panels.digests.diffId"), " ", diffInfo.button),
              h("td", { "aria-hidden": "true" }),
              h("th", { scope: "col" }, t("panels.digests.chainId"), " ", chainInfo.button))),
            h("tbody", null))),
        diffInfo.note, chainInfo.note);
    });
    reconcile(layersCard.querySelector("tbody"), rows);

    // 2: config → image ID
    const history = image.history || [];
    const imageChanged = changed("image", image.id);
    const configCard = blocks.get(`config|${lang}|${ui.full}|${image.id}|${imageChanged}|${image.layers.length}|${history.length}`, () => {
      const configInfo = infoToggle(t, "config", t("panels.digests.configInfo"), open);
      return h("li", { class: "pl-chain__step" },
        h("h3", { class: "pl-chain__title" }, h("span", { class: "pl-num", "aria-hidden": "true", text: "2" }),
          t("panels.digests.configTitle"), " ", configInfo.button),
        h("p", { class: "pl-chain__value" }, digestValue(t, image.id, t("panels.digests.imageId"), ui.full, imageChanged),
          h("span", { class: "pl-muted", text: ` ${t("panels.digests.classicShort", { short: shortId(image.id) })}` })),
        configInfo.note,
        h("p", { class: "pl-note", text: t("panels.digests.configHolds", { layers: image.layers.length, history: history.length }) }),
        configDetails(t, image.config, ui));
    });

    // 3: manifest
    const manifest = image.manifest_digest || "";
    const manifestChanged = manifest ? changed("manifest", manifest) : false;
    const manifestCard = blocks.get(`manifest|${lang}|${ui.full}|${manifest}|${manifestChanged}`, () => {
      const manifestInfo = infoToggle(t, "manifest", t("panels.digests.manifestInfo"), open);
      return h("li", { class: "pl-chain__step" },
        h("h3", { class: "pl-chain__title" }, h("span", { class: "pl-num", "aria-hidden": "true", text: "3" }),
          t("panels.digests.manifestTitle"), " ", manifestInfo.button),
        manifest
          ? h("p", { class: "pl-chain__value" }, digestValue(t, manifest, t("panels.digests.manifest"), ui.full, manifestChanged),
            h("span", { class: "pl-muted", text: ` ${t("panels.digests.containerdShort", { short: shortId(manifest) })}` }))
          : h("p", { class: "pl-muted", text: t("panels.digests.noManifest") }),
        manifestInfo.note);
    });

    const chain = blocks.get("chain", () => h("ol", { class: "pl-chain" }));
    reconcile(chain, [layersCard, configCard, manifestCard]);
    const parts = [
      blocks.get(`one|${lang}`, () => h("p", { class: "pl-callout pl-callout--key", text: t("panels.digests.oneLine") })),
      chain,
    ];
    if (limit !== null && limit !== view.current) {
      parts.push(blocks.get(`sel|${lang}|${limit}`, () => h("p", { class: "pl-note", text: t("panels.digests.selectedNote", { n: limit }) })));
    }
    reconcile(frame.body, parts);
    blocks.done();
    previous = now;
  }

  return {
    render,
    clear() {
      previous = new Map();
      rowsMemo.reset();
      blocks.reset();
      toolsSig = null;
      frame.body.replaceChildren();
    },
  };
}

function digestValue(t, digest, label, full, changed) {
  const code = h("code", {
    class: ["pl-digest", full ? "pl-digest--full" : "", changed ? "pl-flash" : ""],
    title: digest,
    text: full ? digest : shortId(digest),
  });
  const copy = h("button", {
    type: "button",
    class: "pl-copy",
    "aria-label": t("panels.digests.copy", { what: label }),
    title: t("panels.digests.copy", { what: label }),
    text: t("panels.copy"),
    onclick: async () => {
      const ok = await copyText(digest, code);
      copy.textContent = ok ? t("panels.copied") : t("panels.copySelect");
      setTimeout(() => { copy.textContent = t("panels.copy"); }, 1500);
    },
  });
  return h("span", { class: "pl-digestwrap" }, code, copy);
}

function configDetails(t, config, ui) {
  if (!config) return null;
  const details = h("details", { class: "pl-config" },
    h("summary", { text: t("panels.digests.configJson") }));
  const pre = h("pre", { class: "pl-pre pl-config__json", tabindex: "0" });
  details.appendChild(h("p", { class: "pl-note", text: t("panels.digests.configJsonNote") }));
  details.appendChild(pre);
  const fillJson = () => { if (!pre.firstChild) pre.textContent = JSON.stringify(config, null, 2); };
  details.open = ui.config;
  if (ui.config) fillJson();
  details.addEventListener("toggle", () => { ui.config = details.open; if (details.open) fillJson(); });
  return details;
}

function chainPicture(t) {
  return h("ol", { class: "pl-preview pl-preview--chain", "aria-label": t("panels.digests.previewLabel") },
    ["diffId", "chainId", "imageId", "manifest"].map((k, i) => h("li", { class: "pl-preview__item" },
      h("span", { class: "pl-num", "aria-hidden": "true", text: String(i + 1) }),
      h("span", { text: t(`panels.digests.${k}`) }))));
}
