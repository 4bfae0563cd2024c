// Beside the terminal, what Docker holds after each line: a container as its image's read-only layers under its own
// writable layer, which fills with the files its commands add (A), change (C) and delete (D); the last
// `docker commit`, which froze such a writable layer into a new read-only layer on top of the same shared layers; and
// every container with its state. Drawn from the core's TerminalView (docs/boundary.md), as text nodes only.

import { h, fill, shortId, humanSize, groupDigits, instructionOf, ellipsis } from "./dom.js";
import { makeFrame, emptyState, imageLabel } from "./common.js";
import { changeList } from "./container.js";

const MAX_CHANGES = 200;

/** mount: the section; options: { t, onShowImages() } → { render(terminalView, buildView) }. */
export function createTerminalSide(section, { onShowImages }) {
  const frame = makeFrame(section, "terminal-side");
  let chosen = null; // the container ID the user picked; null: the attached one, else the newest

  function render(t, term, view) {
    frame.title(t("panels.term.title"), t("panels.term.lead"));
    const containers = (term && term.containers) || [];
    if (!containers.length && !(term && term.commit)) {
      fill(frame.body, emptyState(t("panels.term.emptyTitle"), t("panels.term.empty")));
      return;
    }
    const shownId = [chosen, term.attached].find((id) => id && containers.some((c) => c.id === id))
      || (containers[0] && containers[0].id);
    const shown = containers.find((c) => c.id === shownId);
    fill(
      frame.body,
      shown ? containerCard(t, shown, view, shown.id === term.attached) : null,
      term.commit ? commitCard(t, term.commit, view) : null,
      containers.length > 1 ? containerList(t, containers, shownId, (id) => {
        chosen = id;
        render(t, term, view);
      }) : null,
      h("p", { class: "pl-note" },
        h("button", { type: "button", class: "pl-link", onclick: onShowImages, text: t("panels.term.seeImages") })),
    );
  }

  return { render };
}

function stateText(t, c) {
  if (c.state === "running") return t("panels.term.running");
  if (c.state === "exited") return t("panels.term.exited", { code: c.exit_code ?? 0 });
  return t("panels.term.created");
}

function containerCard(t, c, view, attached) {
  const counts = { added: 0, modified: 0, deleted: 0 };
  for (const ch of c.changes) counts[ch.kind] = (counts[ch.kind] || 0) + 1;
  const omitted = c.changes.length - Math.min(c.changes.length, MAX_CHANGES) + (c.changes_omitted || 0);
  return h(
    "article",
    { class: "pl-card pl-term-card", dataset: { testid: "terminal-container" } },
    h("h3", { class: "pl-card__title" },
      t("panels.term.container", { name: c.name }), " ",
      h("code", { class: "pl-id", text: c.short_id }), " ",
      h("span", { class: ["pl-chip", `pl-chip--${c.state}`], text: stateText(t, c) })),
    h("p", { class: "pl-story__line" },
      attached ? t("panels.term.attachedTo", { image: c.image }) : t("panels.term.from", { image: c.image }),
      " ", h("code", { text: ellipsis(c.command, 60) })),
    h("div", { class: "pl-rw", dataset: { testid: "terminal-writable" } },
      h("p", { class: "pl-rw__label" },
        h("span", { class: "pl-rw__name", text: t("panels.container.rwLayer") }),
        h("span", { class: "pl-rw__sum", text: `${t("panels.container.changeSummary", counts)} · ${humanSize(c.writable_bytes)}` })),
      c.changes.length === 0
        ? h("p", { class: "pl-muted", text: t("panels.term.noChanges") })
        : changeList(t, c.changes.slice(0, MAX_CHANGES)),
      omitted > 0 ? h("p", { class: "pl-more", text: t("panels.more", { n: omitted }) }) : null),
    layerStack(t, c.layers, view, { label: t("panels.term.imageLayers", { image: c.image }) }),
    h("p", { class: "pl-note", text: t(c.state === "running" ? "panels.term.noteRunning" : "panels.term.noteStopped") }),
  );
}

function commitCard(t, commit, view) {
  const name = commit.tags && commit.tags.length ? commit.tags[0] : shortId(commit.image_id);
  const parent = commit.parent_id ? imageLabel(view || {}, commit.parent_id) : null;
  return h(
    "article",
    { class: "pl-card pl-term-card pl-term-commit", dataset: { testid: "terminal-commit" } },
    h("h3", { class: "pl-card__title" },
      commit.container ? t("panels.term.commitTitle", { name: commit.container, image: name })
        : t("panels.term.commitTitleGone", { image: name })),
    h("p", { class: "pl-story__line", text: t("panels.term.commitLead") }),
    h("div", { class: "pl-ro pl-term-new" },
      h("span", { class: "pl-ro__name", text: t("panels.term.newLayer") }),
      h("code", { class: "pl-id", title: commit.layer.diff_id, text: shortId(commit.layer.diff_id) }),
      h("span", { class: "pl-ro__size", title: t("panels.bytes", { n: groupDigits(commit.layer.size) }), text: humanSize(commit.layer.size) })),
    commit.changes.length ? changeList(t, commit.changes.slice(0, MAX_CHANGES)) : null,
    layerStack(t, commit.layers, view, {
      label: t("panels.term.commitLayers", { image: name }),
      newTop: true,
      sharedWith: parent,
    }),
    h("p", { class: "pl-story__line" }, t("panels.term.imageId"), " ", h("code", { class: "pl-id", title: commit.image_id, text: shortId(commit.image_id) })),
  );
}

/** The image's layers, top first (as they stack), each a read-only sheet. */
function layerStack(t, layers, view, { label, newTop = false, sharedWith = null }) {
  const rows = layers.map((layer, index) => ({ layer, index })).reverse();
  return h("div", { class: "pl-term-stack" },
    h("p", { class: "pl-rw__label" }, h("span", { class: "pl-rw__name", text: label }),
      h("span", { class: "pl-rw__sum", text: t("panels.term.readOnly", { n: layers.length }) })),
    h("ol", { class: "pl-term-layers", reversed: true },
      rows.map(({ layer, index }) => {
        const isNew = newTop && index === layers.length - 1;
        return h("li", { class: ["pl-ro", isNew ? "pl-term-new" : null] },
          h("span", { class: "pl-ro__name", text: ellipsis(instructionOf(layer.created_by), 70) || t("panels.term.layer", { n: index + 1 }) }),
          h("code", { class: "pl-id", title: layer.diff_id, text: shortId(layer.diff_id) }),
          !isNew && sharedWith ? h("span", { class: "pl-chip", text: t("panels.term.sharedWith", { image: sharedWith }) }) : null,
          h("span", { class: "pl-ro__size", text: humanSize(layer.size) }));
      })));
}

function containerList(t, containers, shownId, choose) {
  return h("div", { class: "pl-term-list" },
    h("p", { class: "pl-rw__label" }, h("span", { class: "pl-rw__name", text: t("panels.term.all", { n: containers.length }) })),
    h("ul", { class: "pl-term-rows" }, containers.map((c) => h("li", null,
      h("button", {
        type: "button",
        class: ["pl-term-row", c.id === shownId ? "pl-term-row--on" : null],
        "aria-pressed": String(c.id === shownId),
        onclick: () => choose(c.id),
      },
      h("span", { class: "pl-term-row__name", text: c.name }),
      h("span", { class: "pl-muted", text: c.image }),
      h("span", { text: stateText(t, c) }),
      h("span", { class: "pl-muted", text: t("panels.term.changes", { n: c.changes.length + (c.changes_omitted || 0) }) }))))));
}
