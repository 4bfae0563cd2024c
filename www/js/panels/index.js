// The build panels: the visualisations of the core's View (docs/boundary.md). main.js calls `render(view,
// selectedStep)` after every core call that returns a View and on a language change; each panel finds its mount
// element by id, renders its own heading, and keeps its own UI state (open tab, expanded folders…) across renders.

import { createTimeline } from "./timeline.js";
import { createContainer } from "./container.js";
import { createLayers } from "./layers.js";
import { createFiles } from "./files.js";
import { createDigests } from "./digests.js";
import { createImages } from "./images.js";
import { createCache } from "./cache.js";
import { createLog } from "./log.js";
import { numberedSteps } from "./common.js";

const PANELS = [
  ["timeline-panel", createTimeline],
  ["container-panel", createContainer],
  ["layers-panel", createLayers],
  ["files-panel", createFiles],
  ["digests-panel", createDigests],
  ["images-panel", createImages],
  ["cache-panel", createCache],
  ["log-panel", createLog],
];

/**
 * @param {{ t: (key: string, params?: object) => string, core: object, onSelectStep: (n: number|null) => void }} deps
 * @returns {{ render(view: object|null, selectedStep: number|null): void, clear(): void }}
 */
export function createPanels({ t, core, onSelectStep }) {
  const deps = { t, core, onSelectStep: (n) => onSelectStep(n) };
  const mounted = new Map(); // id → panel
  let previous = { current: null, done: 0, view: null };

  function panelsNow() {
    for (const [id, create] of PANELS) {
      if (mounted.has(id)) continue;
      const section = document.getElementById(id);
      if (section) mounted.set(id, create(section, deps));
    }
    return mounted;
  }

  function render(view, selectedStep) {
    const steps = numberedSteps(view);
    let sel = selectedStep === undefined || selectedStep === null ? (view ? view.current : null) : selectedStep;
    if (sel !== null && sel !== undefined && !steps.some((s) => s.number === sel)) sel = view ? view.current : null;
    if (sel === undefined) sel = null;
    const selStep = sel === null ? null : steps.find((s) => s.number === sel) || null;
    const current = view ? view.current : null;
    const done = view ? view.steps_done || 0 : 0;
    // a new step arrived (Step or Build) and the user is watching the latest one: the container card animates
    const fresh = !!view && previous.view !== null && current !== null && current !== undefined && done > previous.done
      && current !== previous.current && (sel === current);
    const state = { t, core, view, sel, selStep, selectedStep: selectedStep ?? null, fresh };
    for (const [id, panel] of panelsNow()) {
      const section = document.getElementById(id);
      if (section) for (const old of section.querySelectorAll(":scope > .pl-error--render")) old.remove();
      try {
        panel.render(state);
      } catch (error) {
        // one broken panel must not take the others down
        console.error(`panel ${id} failed to render`, error);
        if (section) {
          const p = document.createElement("p");
          p.className = "pl-error pl-error--render";
          p.setAttribute("role", "alert");
          p.textContent = t("panels.renderFailed", { message: String(error && error.message ? error.message : error) });
          section.appendChild(p);
        }
      }
    }
    previous = { current, done, view };
  }

  /** Forgets everything the panels hold (trees, open files, caches) and shows their empty states. */
  function clear() {
    for (const panel of mounted.values()) panel.clear();
    previous = { current: null, done: 0, view: null };
    render(null, null);
  }

  return { render, clear };
}
