// Small DOM and formatting helpers for the build panels. Everything is built with createElement and textContent:
// user text (file names, contents, commands, output) can never become markup.

/**
 * Creates an element. `props`: `class` (string or array), `text`, `dataset`, `vars` (CSS custom properties set
 * through the CSSOM, which a `style-src 'self'` policy allows), `on<event>` handlers; anything else is an attribute
 * (`true` → empty attribute, `null`/`false`/`undefined` → left out). Children: nodes, strings, arrays, null.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const key of Object.keys(props)) {
      const value = props[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
      } else if (key === "text") {
        el.textContent = String(value);
      } else if (key === "dataset") {
        for (const d of Object.keys(value)) if (value[d] !== null && value[d] !== undefined) el.dataset[d] = value[d];
      } else if (key === "vars") {
        for (const v of Object.keys(value)) el.style.setProperty(v, String(value[v]));
      } else if (key.startsWith("on") && typeof value === "function") {
        el.addEventListener(key.slice(2), value);
      } else {
        el.setAttribute(key, value === true ? "" : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

/** Replaces an element's children (same rules as `h`: null and false are skipped, never printed). */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * Makes `parent`'s children exactly `nodes`, touching as little as possible: nodes kept from the previous render stay
 * where they are (so the browser does not lay them out again), new ones are inserted, the rest removed.
 */
export function reconcile(parent, nodes) {
  let cur = parent.firstChild;
  for (const node of nodes) {
    if (node === null || node === undefined || node === false) continue;
    if (node === cur) {
      cur = cur.nextSibling;
      continue;
    }
    parent.insertBefore(node, cur);
  }
  while (cur) {
    const next = cur.nextSibling;
    parent.removeChild(cur);
    cur = next;
  }
}

/**
 * A memo of rendered nodes by signature: `get(sig, make)` returns the node made for the same signature in the
 * previous render (or makes one); call `done()` after a render to forget the nodes that were not asked for.
 */
export function memo() {
  let prev = new Map();
  let next = new Map();
  return {
    get(sig, make) {
      let node = next.has(sig) ? null : prev.get(sig);
      if (!node) node = make();
      next.set(sig, node);
      return node;
    },
    done() {
      prev = next;
      next = new Map();
    },
    reset() {
      prev = new Map();
      next = new Map();
    },
  };
}

/** Sets an element's text only when it differs (an equal assignment would still make the browser lay it out). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets an attribute only when it differs. */
export function setAttr(el, name, value) {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

/** Appends children (nodes, strings, numbers, nested arrays; null and false are skipped). */
export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

let uid = 0;
/** A document-unique id for aria-controls / aria-labelledby. */
export function newId(prefix) {
  uid += 1;
  return `pl-${prefix}-${uid}`;
}

/** `sha256:abc…` → the 12 hex digits `docker images` shows. */
export function shortId(digest) {
  if (!digest) return "";
  const s = String(digest);
  const hex = s.includes(":") ? s.slice(s.indexOf(":") + 1) : s;
  return hex.slice(0, 12);
}

/** Docker's units.HumanSizeWithPrecision(n, 3): base 1000, "%.3g" — `3.62MB`, `1.54kB`, `0B`. */
export function dockerSize(bytes) {
  const [num, unit] = sizeParts(bytes);
  return num + unit;
}

/** The same figure with a space, for prose: `3.62 MB`. */
export function humanSize(bytes) {
  const [num, unit] = sizeParts(bytes);
  return `${num} ${unit}`;
}

const UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];
function sizeParts(bytes) {
  let n = Number(bytes) || 0;
  let i = 0;
  while (n >= 1000 && i < UNITS.length - 1) {
    n /= 1000;
    i += 1;
  }
  // %g with precision 3: toPrecision, then drop trailing zeros (and a bare point)
  let s = n.toPrecision(3);
  if (s.includes("e")) s = String(Math.round(n));
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return [s, UNITS[i]];
}

/** 1536 → "1,536" (Korean groups digits the same way). */
const grouping = new Intl.NumberFormat("en-US");
export function groupDigits(n) {
  return grouping.format(Number(n || 0));
}

/**
 * A history `created_by` as the instruction a reader recognises: `/bin/sh -c #(nop)  CMD ["x"]` → `CMD ["x"]`,
 * `/bin/sh -c apk add git` → `RUN apk add git`, BuildKit's ` # buildkit` suffix dropped.
 */
export function instructionOf(createdBy) {
  let s = String(createdBy || "").trim();
  s = s.replace(/\s+#\s*buildkit$/, "");
  const nop = s.match(/^\/bin\/sh -c #\(nop\)\s+(.*)$/s);
  if (nop) return nop[1].trim();
  const sh = s.match(/^\/bin\/sh -c (.*)$/s);
  if (sh) return `RUN ${sh[1].trim()}`;
  return s;
}

/** Shortens to `max` characters with an ellipsis; collapses runs of white space. */
export function ellipsis(text, max) {
  const s = String(text || "").replace(/\s+/g, " ");
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Copies text to the clipboard; falls back to selecting it so Ctrl+C works. Resolves to true when copied. */
export async function copyText(text, selectEl) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (selectEl) {
      const range = document.createRange();
      range.selectNodeContents(selectEl);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
    return false;
  }
}

/** True when the user asked for less motion. */
export function reducedMotion() {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** A stable hue (0–359) for a digest, so the same layer gets the same colour everywhere. */
export function hueOf(digest) {
  const hex = shortId(digest);
  return parseInt(hex.slice(0, 6) || "0", 16) % 360;
}

/**
 * Arrow-key movement between the focusable items matching `selector` inside `container` (a roving list):
 * Up/Down (and Left/Right when `horizontal`), Home, End.
 */
export function arrowKeys(container, selector, { horizontal = false } = {}) {
  container.addEventListener("keydown", (event) => {
    const keys = horizontal ? ["ArrowLeft", "ArrowRight"] : ["ArrowUp", "ArrowDown"];
    const all = [...container.querySelectorAll(selector)];
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    let next = -1;
    if (event.key === keys[0]) next = Math.max(0, i - 1);
    else if (event.key === keys[1]) next = Math.min(all.length - 1, i + 1);
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = all.length - 1;
    if (next < 0) return;
    event.preventDefault();
    all[next].focus();
  });
}
