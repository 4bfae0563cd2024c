// The store's images as `docker images` lists them (REPOSITORY, TAG, IMAGE ID, SIZE), `<none>:<none>` rows for
// images a rebuild left without a name, and a small picture of which layers (by chain ID) images share.

import { h, fill, shortId, dockerSize, groupDigits, hueOf } from "./dom.js";
import { makeFrame, emptyState } from "./common.js";

const MAX_IMAGES = 60;
const MAX_CELLS = 40;

export function createImages(section) {
  const frame = makeFrame(section, "images");
  let shownSig = null;

  function render(state) {
    const { t, view } = state;
    frame.title(t("panels.images.title"), t("panels.images.lead"));
    const bases = view ? (view.steps || []).filter((s) => s.base).map((s) => s.base.image_id).join() : "";
    const sig = `${t("panels.langTag")}|${JSON.stringify(view && view.images)}|${view && view.outcome ? view.outcome.image_id : ""}|${bases}`;
    if (sig === shownSig) return;
    shownSig = sig;
    const images = view && view.images ? view.images : [];
    if (!images.length) {
      fill(frame.body, emptyState(t("panels.images.emptyTitle"), t("panels.images.empty"), dockerImagesHeader()));
      return;
    }
    const builtId = view.outcome && view.outcome.ok ? view.outcome.image_id : null;
    // base images: what the FROM steps used (the store does not say where an image came from)
    const baseIds = new Set((view.steps || []).filter((s) => s.base && s.base.image_id).map((s) => s.base.image_id));
    const shown = images.slice(0, MAX_IMAGES);
    const rows = [];
    for (const img of shown) {
      const tags = img.tags && img.tags.length ? img.tags : [null];
      for (const tag of tags) rows.push(row(t, img, tag, builtId, baseIds));
    }
    const dangling = images.filter((i) => i.dangling);
    const parts = [
      h("div", { class: "pl-tablewrap" },
        h("table", { class: "pl-table pl-images" },
          h("caption", { class: "pl-sr", text: t("panels.images.caption") }),
          h("thead", null, h("tr", null,
            ["REPOSITORY", "TAG", "IMAGE ID", "SIZE"].map((c) => h("th", { scope: "col", text: c })))),
          h("tbody", null, rows))),
    ];
    if (images.length > shown.length) parts.push(h("p", { class: "pl-more", text: t("panels.more", { n: images.length - shown.length }) }));
    if (dangling.length) {
      // two ways to lose a name: the last image of an earlier stage never had one; a rebuild moved a tag away
      const lastOfStage = new Map();
      for (const s of view.steps || []) if (s.number !== null && s.number !== undefined && s.image_id) lastOfStage.set(s.stage, s.image_id);
      const finalStage = (view.steps || []).filter((s) => s.number !== null && s.number !== undefined).reduce((m, s) => Math.max(m, s.stage), -1);
      const stageLeftovers = new Set([...lastOfStage].filter(([stage]) => stage !== finalStage).map(([, id]) => id));
      const fromStage = dangling.filter((i) => stageLeftovers.has(i.id));
      const other = dangling.filter((i) => !stageLeftovers.has(i.id));
      parts.push(h("div", { class: "pl-callout", role: "note" },
        h("p", null, h("strong", { text: "<none>:<none> " }), t("panels.images.danglingWhat")),
        fromStage.length ? h("p", { text: t("panels.images.danglingStage", { ids: fromStage.map((i) => i.short_id || shortId(i.id)).join(", ") }) }) : null,
        other.length ? h("p", { text: t("panels.images.danglingRebuild", { ids: other.map((i) => i.short_id || shortId(i.id)).join(", ") }) }) : null,
        h("p", { text: t("panels.images.danglingPrune") })));
    }
    const tagged = shown.filter((i) => i.tags && i.tags.length);
    if (tagged.length) {
      // the tags as what they are: names pointing at image IDs
      parts.push(h("ul", { class: "pl-tagmap", "aria-label": t("panels.images.tagMapLabel") },
        tagged.flatMap((img) => img.tags.map((tag) => h("li", { class: "pl-tagmap__item" },
          h("code", { class: "pl-tag", text: tag }),
          h("span", { class: "pl-tagmap__arrow", "aria-hidden": "true", text: " → " }),
          h("span", { class: "pl-sr", text: ` ${t("panels.images.pointsAt")} ` }),
          h("code", { class: "pl-id", title: img.id, text: img.short_id || shortId(img.id) }))))));
    }
    parts.push(h("p", { class: "pl-note", text: t("panels.images.tagNote") }));
    parts.push(sharing(t, shown));
    fill(frame.body, ...parts);
  }

  return { render, clear: () => { shownSig = null; frame.body.replaceChildren(); } };
}

function splitTag(tag) {
  // the tag is after the last colon that comes after the last slash (registry ports have colons too)
  const slash = tag.lastIndexOf("/");
  const colon = tag.lastIndexOf(":");
  if (colon > slash) return [tag.slice(0, colon), tag.slice(colon + 1)];
  return [tag, "latest"];
}

function row(t, img, tag, builtId, baseIds) {
  const [repo, version] = tag ? splitTag(tag) : ["<none>", "<none>"];
  const marks = [];
  const isBase = img.built_here === false || (img.built_here === undefined && baseIds.has(img.id));
  if (img.id === builtId) marks.push(h("span", { class: "pl-chip pl-chip--built", text: t("panels.images.thisBuild") }));
  if (isBase) marks.push(h("span", { class: "pl-chip pl-chip--base", text: t("panels.images.pulled") }));
  if (img.dangling) marks.push(h("span", { class: "pl-chip pl-chip--dangling", text: t("panels.images.dangling") }));
  return h("tr", { class: [img.dangling ? "pl-row--dangling" : "", img.id === builtId ? "pl-row--built" : ""] },
    h("td", { class: "pl-mono" }, repo, marks.length ? h("span", { class: "pl-images__marks" }, " ", marks) : null),
    h("td", { class: "pl-mono", text: version }),
    h("td", null, h("code", { class: "pl-id", title: img.id, text: img.short_id || shortId(img.id) })),
    h("td", { class: "pl-mono", title: t("panels.bytes", { n: groupDigits(img.size) }), text: dockerSize(img.size) }));
}

/** One row of squares per image, bottom layer first; a layer present in several images carries the same letter. */
function sharing(t, images) {
  const count = new Map();
  for (const img of images) for (const c of new Set(img.layers || [])) count.set(c, (count.get(c) || 0) + 1);
  const letters = new Map();
  const letterFor = (chain) => {
    if (!letters.has(chain)) {
      const n = letters.size;
      letters.set(chain, n < 26 ? String.fromCharCode(65 + n) : `${String.fromCharCode(65 + Math.floor(n / 26) - 1)}${String.fromCharCode(65 + (n % 26))}`);
    }
    return letters.get(chain);
  };
  const anyShared = [...count.values()].some((n) => n > 1);
  const rows = images.map((img) => {
    const name = img.tags && img.tags.length ? img.tags[0] : `<none> ${img.short_id || shortId(img.id)}`;
    const cells = (img.layers || []).slice(0, MAX_CELLS).map((chain, i) => {
      const shared = (count.get(chain) || 0) > 1;
      const letter = shared ? letterFor(chain) : "";
      const label = shared ? t("panels.images.cellShared", { n: i + 1, letter, chain: shortId(chain), count: count.get(chain) })
        : t("panels.images.cellOwn", { n: i + 1, chain: shortId(chain) });
      return h("li", { class: ["pl-cell", shared ? "pl-cell--shared" : ""], title: label, vars: { "--hue": hueOf(chain) } },
        h("span", { class: "pl-sr", text: label }),
        h("span", { "aria-hidden": "true", text: shared ? letter : "" }));
    });
    const more = (img.layers || []).length > MAX_CELLS ? h("li", { class: "pl-more", text: `+${img.layers.length - MAX_CELLS}` }) : null;
    return h("div", { class: "pl-share__row" },
      h("span", { class: "pl-share__name pl-mono", text: name }),
      h("ol", { class: "pl-cells", "aria-label": t("panels.images.cellsLabel", { name, n: (img.layers || []).length }) }, cells, more));
  });
  return h("div", { class: "pl-share", role: "group", "aria-label": t("panels.images.shareTitle") },
    h("h3", { class: "pl-subtitle", text: t("panels.images.shareTitle") }),
    h("p", { class: "pl-note", text: anyShared ? t("panels.images.shareLead") : t("panels.images.shareNone") }),
    rows);
}

function dockerImagesHeader() {
  return h("pre", { class: "pl-pre pl-pre--ghost", "aria-hidden": "true", text: "REPOSITORY   TAG       IMAGE ID       SIZE" });
}

