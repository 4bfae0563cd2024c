// The toolbar (Build, Step, Back, Reset, Forget cache, speed, Export), its keyboard shortcuts and the help dialog.
// Shortcuts avoid what typing needs: Ctrl+Enter, F-keys and Alt combinations work in the editors too, except that
// on a Mac Option+letter types characters and Option+arrows move by word, so there those only work outside text
// fields (F9/F10/Shift+F10 always work).

import { icon } from "./icons.js";

export const SPEEDS = { instant: 0, fast: 350, normal: 900, slow: 1800 };
const SPEED_ORDER = ["instant", "fast", "normal", "slow"];
const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

const SHORTCUTS = [
  { action: "build", label: "controls.build", keys: [IS_MAC ? "⌘ Enter" : "Ctrl+Enter", "F9"] },
  { action: "step", label: "controls.step", keys: ["F10", "Alt+→"] },
  { action: "back", label: "controls.back", keys: ["Shift+F10", "Alt+←"] },
  { action: "reset", label: "controls.reset", keys: ["Alt+R"] },
  { action: "forget", label: "controls.forget", keys: ["Alt+Shift+R"] },
  { action: "speed", label: "controls.speedCycle", keys: ["Alt+S"] },
  { action: "export", label: "controls.export", keys: ["Alt+X"] },
  { action: "instructor", label: "instructor.button", keys: ["Alt+P"] },
  { action: "language", label: "app.language", keys: ["Alt+L"] },
  { action: "help", label: "help.title", keys: ["?"] },
];

function isTextField(node) {
  if (!node) return false;
  if (node.tagName === "TEXTAREA") return true;
  if (node.tagName === "INPUT") return !["checkbox", "radio", "button", "submit", "file", "range"].includes(node.type);
  return node.isContentEditable;
}

/** Maps a keydown to an action name, or null. */
function actionFor(event) {
  const typing = isTextField(event.target);
  const ctrl = IS_MAC ? event.metaKey : event.ctrlKey;
  if (event.key === "Enter" && ctrl && !event.altKey) return "build";
  if (event.key === "F9" && !event.altKey && !ctrl) return "build";
  if (event.key === "F10" && !event.altKey && !ctrl) return event.shiftKey ? "back" : "step";
  if (event.altKey && !event.ctrlKey && !event.metaKey && !(IS_MAC && typing)) {
    if (event.key === "ArrowRight" && !event.shiftKey) return "step";
    if (event.key === "ArrowLeft" && !event.shiftKey) return "back";
    if (event.code === "KeyR") return event.shiftKey ? "forget" : "reset";
    if (event.code === "KeyS" && !event.shiftKey) return "speed";
    if (event.code === "KeyX" && !event.shiftKey) return "export";
    if (event.code === "KeyP" && !event.shiftKey) return "instructor";
    if (event.code === "KeyL" && !event.shiftKey) return "language";
  }
  if (event.key === "?" && !typing && !event.altKey && !event.ctrlKey && !event.metaKey) return "help";
  return null;
}

/**
 * options: { t, actions: { build, step, back, reset, forget, export, speed, instructor, language, help },
 *            onSpeedChange(speed) }
 */
export function createControls(options) {
  const { t, actions } = options;
  const $ = (id) => document.getElementById(id);
  const buttons = {
    build: $("build-button"),
    step: $("step-button"),
    back: $("back-button"),
    reset: $("reset-button"),
    forget: $("forget-button"),
    export: $("export-button"),
  };
  const speedSelect = $("speed-select");
  const helpDialog = $("help-dialog");
  let animating = false;

  for (const [name, node] of Object.entries(buttons)) {
    node.addEventListener("click", () => actions[name]());
  }
  speedSelect.addEventListener("change", () => options.onSpeedChange(speedSelect.value));

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (helpDialog.open && event.key !== "?") return;
    const action = actionFor(event);
    if (!action) return;
    event.preventDefault();
    if (action === "speed") {
      const next = SPEED_ORDER[(SPEED_ORDER.indexOf(speedSelect.value) + 1) % SPEED_ORDER.length];
      speedSelect.value = next;
      options.onSpeedChange(next);
      return;
    }
    if (buttons[action] && buttons[action].disabled) return;
    actions[action]();
  });

  for (const dialog of document.querySelectorAll("dialog")) {
    dialog.addEventListener("click", (event) => {
      if (event.target.closest("[data-close]")) {
        dialog.close();
        return;
      }
      // A click on the backdrop (outside the box; its own padding also reports the dialog as the target).
      const box = dialog.getBoundingClientRect();
      const outside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
      if (event.target === dialog && outside && event.detail > 0) dialog.close();
    });
  }

  function keysFor(action) {
    const entry = SHORTCUTS.find((s) => s.action === action);
    return entry ? entry.keys : [];
  }

  function relabel() {
    for (const [name, node] of Object.entries(buttons)) {
      const keys = keysFor(name);
      let label = t(`controls.${name}`);
      if (name === "build" && animating) label = t("controls.stop");
      node.querySelector(".label").textContent = label;
      node.title = keys.length ? `${label} (${keys.join(", ")})` : label;
      if (keys.length) node.setAttribute("aria-keyshortcuts", keys.map(ariaKeys).join(" "));
    }
    buttons.forget.title = `${t("controls.forgetHint")} (${keysFor("forget").join(", ")})`;
    speedSelect.title = `${t("controls.speedHint")} (${keysFor("speed").join(", ")})`;
    const rows = document.createDocumentFragment();
    for (const entry of SHORTCUTS) {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = t(entry.label);
      const td = document.createElement("td");
      entry.keys.forEach((key, i) => {
        if (i) td.append(` ${t("help.or")} `);
        const kbd = document.createElement("kbd");
        kbd.textContent = key;
        td.append(kbd);
      });
      tr.append(th, td);
      rows.append(tr);
    }
    $("shortcut-rows").replaceChildren(rows);
    const help = $("help-button");
    help.title = `${t("help.tooltip")} (?)`;
  }

  function ariaKeys(key) {
    return key.replace("⌘ ", "Meta+").replace("→", "ArrowRight").replace("←", "ArrowLeft");
  }

  return {
    /** state: { ready, busy, canBack, canReset, canExport, canForget, animating } */
    update(state) {
      const wasAnimating = animating;
      animating = Boolean(state.animating);
      buttons.build.disabled = !state.ready;
      buttons.step.disabled = !state.ready;
      buttons.back.disabled = !state.ready || !state.canBack;
      buttons.reset.disabled = !state.ready || !state.canReset;
      buttons.forget.disabled = !state.ready || !state.canForget;
      buttons.export.disabled = !state.ready || !state.canExport;
      buttons.build.classList.toggle("is-animating", animating);
      if (wasAnimating !== animating) buttons.build.querySelector(".icon").replaceChildren(icon(animating ? "pause" : "build"));
      if (wasAnimating !== animating) relabel();
    },
    setSpeed(speed) {
      speedSelect.value = SPEEDS[speed] !== undefined ? speed : "instant";
    },
    get speed() {
      return speedSelect.value;
    },
    openHelp() {
      if (helpDialog.open) helpDialog.close();
      else helpDialog.showModal();
    },
    relabel,
  };
}
