// Small line icons as SVG built with createElementNS (no markup strings, no icon font, nothing to download), so
// they look the same everywhere, including machines without emoji fonts.

const NS = "http://www.w3.org/2000/svg";

const PATHS = {
  build: ["M5 5l7 7-7 7z", "M12 5l7 7-7 7z"],
  step: ["M7 5l10 7-10 7z"],
  back: ["M17 5L7 12l10 7z", "M5 5v14"],
  reset: ["M4 12a8 8 0 1 0 2.6-5.9", "M4 4v5h5"],
  pause: ["M8 5v14", "M16 5v14"],
  forget: ["M4 7h16", "M9 7V4h6v3", "M6 7l1 13h10l1-13", "M10 11v6", "M14 11v6"],
  export: ["M12 4v11", "M7 10l5 5 5-5", "M5 19h14"],
  share: ["M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1", "M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"],
  large: ["M3 18l4.5-12L12 18", "M4.7 14h5.6", "M14 18l3-8 3 8", "M15 15.5h4"],
  file: ["M6 3h8l4 4v14H6z", "M14 3v4h4"],
  dockerfile: ["M6 3h8l4 4v14H6z", "M14 3v4h4", "M9 12h6", "M9 16h6"],
  ignore: ["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M5.6 5.6l12.8 12.8"],
  binary: ["M6 3h8l4 4v14H6z", "M9 11v4", "M12.5 11h2v4h-2z"],
  rename: ["M4 20h4L19 9l-4-4L4 16z", "M13 7l4 4"],
  delete: ["M4 7h16", "M9 7V4h6v3", "M6 7l1 13h10l1-13"],
  close: ["M6 6l12 12", "M18 6L6 18"],
  help: ["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6", "M12 17h.01"],
  examples: ["M4 5h7v14H4z", "M13 5h7v14h-7z"],
  lessons: ["M3 9l9-4 9 4-9 4z", "M7 11v5c3 2 7 2 10 0v-5"],
  upload: ["M12 20V9", "M7 14l5-5 5 5", "M5 4h14"],
  plus: ["M12 5v14", "M5 12h14"],
  image: ["M12 3l8 4-8 4-8-4z", "M4 12l8 4 8-4", "M4 17l8 4 8-4"],
};

/** An SVG icon (aria-hidden: the button's text or aria-label names it). */
export function icon(name) {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "1em");
  svg.setAttribute("height", "1em");
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "2");
  svg.setAttribute("stroke-linecap", "round");
  svg.setAttribute("stroke-linejoin", "round");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.classList.add("svg-icon");
  for (const d of PATHS[name] || []) {
    const path = document.createElementNS(NS, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

/** Fills every `[data-icon]` element below `root` with its icon. */
export function fillIcons(root = document) {
  for (const node of root.querySelectorAll("[data-icon]")) node.replaceChildren(icon(node.dataset.icon));
}
