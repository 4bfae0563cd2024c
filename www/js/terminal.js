// The terminal tab: a simulated Docker the student types into (docker run -it ubuntu bash, apt-get install git,
// exit, docker commit git ubuntu:git, docker images …). Lines go to the core's Terminal (crate/src/session) through
// the worker; what comes back is shown as text nodes only. Enter runs a line, ↑/↓ walk the history, Tab completes
// commands, images and containers; copy and paste are the browser's own.

import { humanSize } from "./panels/dom.js";

const MAX_LINES_SHOWN = 4000; // older output is dropped from the screen (a long session stays light)

/**
 * options: { mount: Element, core, t, beforeLine(line) → Promise (sync what the line may read: the context and the
 * editor's Dockerfile), afterLine(answer) (refresh what a line may have changed) } → { focus(), relabel(), refresh() }.
 */
export function createTerminal({ mount, core, t, beforeLine = async () => {}, afterLine = () => {} }) {
  const screen = document.createElement("div");
  screen.className = "terminal-screen";
  screen.setAttribute("role", "log");
  screen.setAttribute("aria-live", "polite");
  screen.tabIndex = 0;
  const form = document.createElement("form");
  form.className = "terminal-line";
  const prompt = document.createElement("label");
  prompt.className = "terminal-prompt";
  prompt.htmlFor = "terminal-input";
  prompt.textContent = "$ ";
  const input = document.createElement("input");
  input.type = "text";
  input.id = "terminal-input";
  input.className = "terminal-input";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("autocapitalize", "off");
  input.dataset.testid = "terminal-input";
  form.append(prompt, input);
  const note = document.createElement("p");
  note.className = "terminal-note";
  mount.replaceChildren(note, screen, form);

  const history = [];
  let historyAt = 0;
  let busy = Promise.resolve();
  let shownLines = 0;

  function write(text, className) {
    if (!text) return;
    const span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    screen.append(span);
    shownLines += (text.match(/\n/g) || []).length;
    while (shownLines > MAX_LINES_SHOWN && screen.firstChild) {
      shownLines -= (screen.firstChild.textContent.match(/\n/g) || []).length;
      screen.firstChild.remove();
    }
    screen.scrollTop = screen.scrollHeight;
  }

  async function run(line) {
    write(`${prompt.textContent}${line}\n`, "terminal-echo");
    await beforeLine(line);
    const answer = await core.terminalExecute(line);
    for (const chunk of answer.output) write(chunk.text, chunk.stream === "stderr" ? "terminal-stderr" : "terminal-stdout");
    for (const file of answer.files || []) offerDownload(file);
    afterLine(answer);
    // A question (apt-get's [Y/n]) stays on its line; the typed answer follows it.
    if (answer.awaiting_answer) {
      const last = screen.lastChild;
      if (last && last.textContent.endsWith("\n") === false) {
        prompt.textContent = "";
        return;
      }
    } else if (screen.lastChild && !screen.lastChild.textContent.endsWith("\n")) {
      write("\n", "terminal-stdout");
    }
    prompt.textContent = answer.prompt;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const line = input.value;
    input.value = "";
    type(line);
  });

  /** Runs a line as if typed (the lessons' "Type in the terminal" and the presenter); resolves when it is done. */
  function type(line) {
    if (line.trim() && history[history.length - 1] !== line) history.push(line);
    historyAt = history.length;
    busy = busy.then(() => run(line)).catch((error) => write(`${error.message || error}\n`, "terminal-stderr"));
    return busy;
  }

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowUp" && historyAt > 0) {
      event.preventDefault();
      historyAt -= 1;
      input.value = history[historyAt];
    } else if (event.key === "ArrowDown" && historyAt < history.length) {
      event.preventDefault();
      historyAt += 1;
      input.value = history[historyAt] || "";
    } else if (event.key === "Tab" && !event.shiftKey && input.value.trim()) {
      // Tab completes while there is something to complete; on an empty line it moves the focus on as usual.
      event.preventDefault();
      complete();
    }
  });

  // `docker save -o NAME`: the tarball is offered as a download on its own line (and stays for `docker load -i`).
  function offerDownload(file) {
    if (screen.lastChild && !screen.lastChild.textContent.endsWith("\n")) write("\n", "terminal-stdout");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "terminal-download";
    button.dataset.testid = "terminal-download";
    button.textContent = t("terminal.download", { name: file.name, size: humanSize(file.bytes) });
    button.addEventListener("click", async () => {
      const blob = await core.savedFile(file.name);
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = file.name;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });
    screen.append(button);
    write("\n", "terminal-stdout");
  }

  async function complete() {
    const line = input.value;
    const candidates = await core.terminalComplete(line);
    if (!Array.isArray(candidates) || candidates.length === 0) return;
    const cut = /\s$/.test(line) ? line.length : line.search(/\S+$/);
    const current = line.slice(cut);
    if (candidates.length === 1) {
      input.value = `${line.slice(0, cut)}${candidates[0]} `;
      return;
    }
    let common = candidates[0];
    for (const c of candidates) while (!c.startsWith(common)) common = common.slice(0, -1);
    if (common.length > current.length) input.value = `${line.slice(0, cut)}${common}`;
    else write(`${candidates.join("  ")}\n`, "terminal-hint");
  }

  function relabel() {
    note.textContent = t("terminal.note");
    input.setAttribute("aria-label", t("terminal.inputLabel"));
    screen.setAttribute("aria-label", t("terminal.screenLabel"));
  }

  function refresh() {
    core.terminalPrompt().then((text) => {
      prompt.textContent = text;
    }).catch(() => {});
  }

  relabel();
  refresh();
  screen.addEventListener("click", () => {
    if (!window.getSelection() || window.getSelection().isCollapsed) input.focus();
  });
  /** Empties the screen (a fresh Docker after Forget, the presenter going back). */
  function clear() {
    screen.replaceChildren();
    shownLines = 0;
  }

  return { focus: () => input.focus(), relabel, refresh, type, clear };
}
