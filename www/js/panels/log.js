// The build log, byte for byte: "Classic log" (what `docker build` with the classic builder — and `layerlab build` —
// prints: stdout, then stderr) and "BuildKit plain" (`--progress plain`). Each is one text node in a <pre>, with a
// copy button; tabs follow the ARIA tabs pattern (arrow keys move between them).

import { h, fill, newId, copyText, setText, setAttr } from "./dom.js";
import { makeFrame, emptyState } from "./common.js";

const TABS = ["classic", "plain"];

export function createLog(section) {
  const frame = makeFrame(section, "log");
  const ui = { tab: "classic" };
  const ids = { classic: newId("log-classic"), plain: newId("log-plain") };
  const tabIds = { classic: newId("tab-classic"), plain: newId("tab-plain") };
  const tabs = {};
  const panels = {};
  const pres = {};
  const shownTexts = {}; // what each <pre> holds (the log itself, or its head and tail when it is very long)
  const texts = { classic: null, plain: null };
  const stick = {};
  const shown = {};
  let scrollQueued = false;
  let lastState = null;

  const tablist = h("div", { class: "pl-tabs", role: "tablist" });
  for (const name of TABS) {
    tabs[name] = h("button", {
      type: "button",
      role: "tab",
      id: tabIds[name],
      class: "pl-tab",
      "aria-controls": ids[name],
      onclick: () => select(name, false),
    });
    tablist.appendChild(tabs[name]);
    pres[name] = h("pre", { class: "pl-pre pl-log", tabindex: "0" });
    pres[name].appendChild(document.createTextNode(""));
    // follow the end of the log unless the reader scrolled up (measured on scroll, never during a render)
    stick[name] = true;
    pres[name].addEventListener("scroll", () => {
      const pre = pres[name];
      stick[name] = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
    }, { passive: true });
    panels[name] = h("div", { role: "tabpanel", id: ids[name], class: "pl-tabpanel", "aria-labelledby": tabIds[name] });
  }
  tablist.addEventListener("keydown", (event) => {
    const i = TABS.indexOf(ui.tab);
    let next = null;
    if (event.key === "ArrowRight") next = TABS[(i + 1) % TABS.length];
    else if (event.key === "ArrowLeft") next = TABS[(i + TABS.length - 1) % TABS.length];
    else if (event.key === "Home") next = TABS[0];
    else if (event.key === "End") next = TABS[TABS.length - 1];
    if (next) {
      event.preventDefault();
      select(next, true);
    }
  });
  const copyButton = h("button", { type: "button", class: "pl-btn pl-btn--small pl-log__copy" });
  copyButton.addEventListener("click", async () => {
    const text = texts[ui.tab] || "";
    const ok = await copyText(text, pres[ui.tab]);
    const t = lastState.t;
    copyButton.textContent = ok ? t("panels.copied") : t("panels.copySelect");
    setTimeout(() => { copyButton.textContent = t("panels.log.copy"); }, 1500);
  });
  const note = h("p", { class: "pl-note pl-log__note" });
  const shell = h("div", { class: "pl-log__shell" }, h("div", { class: "pl-log__bar" }, tablist, copyButton), panels.classic, panels.plain, note);

  function select(name, focus) {
    ui.tab = name;
    if (lastState) render(lastState);
    if (focus) tabs[name].focus();
  }

  function render(state) {
    lastState = state;
    const { t, view } = state;
    frame.title(t("panels.log.title"), t("panels.log.lead"));
    setText(tabs.classic, t("panels.log.classic"));
    setText(tabs.plain, t("panels.log.plain"));
    setText(copyButton, t("panels.log.copy"));
    setAttr(copyButton, "aria-label", t("panels.log.copyLabel", { log: t(`panels.log.${ui.tab}`) }));
    setAttr(pres.classic, "aria-label", t("panels.log.classic"));
    setAttr(pres.plain, "aria-label", t("panels.log.plain"));
    const logs = view && view.logs ? view.logs : { classic: "", classic_stderr: "", plain: "" };
    const values = { classic: (logs.classic || "") + (logs.classic_stderr || ""), plain: logs.plain || "" };
    for (const name of TABS) {
      const on = ui.tab === name;
      setAttr(tabs[name], "aria-selected", on ? "true" : "false");
      if (tabs[name].tabIndex !== (on ? 0 : -1)) tabs[name].tabIndex = on ? 0 : -1;
      tabs[name].classList.toggle("pl-tab--on", on);
      if (panels[name].hidden !== !on) panels[name].hidden = !on;
      const pre = pres[name];
      if (values[name] !== texts[name]) {
        const old = shownTexts[name];
        const next = displayed(values[name], t);
        // a growing log is appended to, so the browser only lays out the new lines
        if (old && next.startsWith(old)) pre.firstChild.appendData(next.slice(old.length));
        else pre.firstChild.nodeValue = next;
        texts[name] = values[name];
        shownTexts[name] = next;
        if (stick[name] || state.fresh) {
          stick[name] = true;
          if (!scrollQueued) {
            // after the frame's layout, not inside the render
            scrollQueued = true;
            requestAnimationFrame(() => {
              scrollQueued = false;
              for (const n of TABS) if (stick[n] && !panels[n].hidden) pres[n].scrollTop = pres[n].scrollHeight;
            });
          }
        }
      }
      const showing = values[name] ? "pre" : `empty|${t("panels.langTag")}`;
      if (shown[name] !== showing) {
        shown[name] = showing;
        if (values[name]) fill(panels[name], pre);
        else fill(panels[name], emptyState(t("panels.log.emptyTitle"), t(name === "classic" ? "panels.log.emptyClassic" : "panels.log.emptyPlain")));
      }
    }
    if (copyButton.disabled !== !values[ui.tab]) copyButton.disabled = !values[ui.tab];
    setText(note, ui.tab === "classic" ? t("panels.log.classicNote") : t("panels.log.plainNote"));
    if (frame.body.firstChild !== shell) fill(frame.body, shell);
  }

  return {
    render,
    clear() {
      shown.classic = null;
      shown.plain = null;
      texts.classic = null;
      texts.plain = null;
      pres.classic.firstChild.nodeValue = "";
      pres.plain.firstChild.nodeValue = "";
    },
  };
}

/**
 * A log as the <pre> shows it: the log itself, or — past SHOWN_LIMIT characters, where laying out the text would
 * freeze the page for most of a second — its beginning and its end around a line that says how much is left out.
 * The Copy button always copies the whole log.
 */
const SHOWN_LIMIT = 200000;

function displayed(text, t) {
  if (text.length <= SHOWN_LIMIT) return text;
  const half = SHOWN_LIMIT / 2;
  const head = text.slice(0, text.lastIndexOf("\n", half) + 1 || half);
  const tailStart = text.indexOf("\n", text.length - half) + 1 || text.length - half;
  const left = tailStart - head.length;
  return `${head}\n… ${t("panels.log.omitted", { n: left.toLocaleString() })} …\n\n${text.slice(tailStart)}`;
}
