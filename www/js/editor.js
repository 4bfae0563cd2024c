// A code editor without a framework: a real, transparent <textarea> (so typing, IME, undo, selection, screen readers
// and WebDriver all work as usual) over a <pre> that shows the same text highlighted. The highlighted copy is built
// from DOM nodes and textContent only, so markup typed by the user always stays text.
//
// Both layers sit in one scroll container and are the same size (the <pre> sets it, the textarea fills it and never
// scrolls by itself), so they cannot drift apart. Lines do not wrap. Tab moves the focus on, as everywhere else on
// the page (keyboard-only users must be able to leave the editor); indent with spaces.

const INSTRUCTIONS = new Set([
  "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
  "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
]);
const EXEC_FORM = new Set(["CMD", "ENTRYPOINT", "RUN", "SHELL", "COPY", "ADD", "VOLUME", "HEALTHCHECK", "ONBUILD"]);
const DIRECTIVES = new Set(["syntax", "escape", "check"]);

let editorCount = 0;

/**
 * Splits `text` into highlighting tokens `[start, end, className]` (UTF-16 offsets, sorted, not overlapping).
 * This is only for colour: the core's parser decides what the Dockerfile means.
 */
export function tokenize(text, mode) {
  if (mode === "dockerfile") return tokenizeDockerfile(text);
  if (mode === "dockerignore") return tokenizeIgnore(text);
  return [];
}

function tokenizeIgnore(text) {
  const tokens = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    const lead = line.length - line.trimStart().length;
    if (line.trimStart().startsWith("#")) tokens.push([offset + lead, offset + line.length, "tok-comment"]);
    else if (line.trimStart().startsWith("!")) tokens.push([offset + lead, offset + lead + 1, "tok-operator"]);
    offset += line.length + 1;
  }
  return tokens;
}

function tokenizeDockerfile(text) {
  const tokens = [];
  const lines = text.split("\n");
  let offset = 0;
  let escape = "\\";
  let directivesAllowed = true;
  let continuing = false; // the previous line ended with the escape character
  let keyword = null; // the keyword of the instruction being continued
  const heredocs = []; // pending terminators: { word, chomp }
  let inHeredocs = false;

  for (const line of lines) {
    const start = offset;
    offset += line.length + 1;
    if (inHeredocs && heredocs.length) {
      const doc = heredocs[0];
      const candidate = doc.chomp ? line.replace(/^\t+/, "") : line;
      if (candidate === doc.word) {
        tokens.push([start, start + line.length, "tok-heredoc-delim"]);
        heredocs.shift();
        if (!heredocs.length) inHeredocs = false;
      } else if (line.length) {
        tokens.push([start, start + line.length, "tok-heredoc"]);
      }
      continue;
    }
    const trimmed = line.trimStart();
    const lead = line.length - trimmed.length;
    if (directivesAllowed) {
      const m = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/.exec(trimmed);
      if (m && DIRECTIVES.has(m[1].toLowerCase())) {
        tokens.push([start + lead, start + line.length, "tok-directive"]);
        if (m[1].toLowerCase() === "escape" && (m[2] === "`" || m[2] === "\\")) escape = m[2];
        continue;
      }
      directivesAllowed = false;
    }
    if (trimmed.startsWith("#")) {
      tokens.push([start + lead, start + line.length, "tok-comment"]);
      continue;
    }
    if (!trimmed.length) continue;

    let pos = lead;
    if (!continuing) {
      const m = /^[A-Za-z]+/.exec(trimmed);
      keyword = m ? m[0].toUpperCase() : null;
      if (m && INSTRUCTIONS.has(keyword)) {
        tokens.push([start + lead, start + lead + m[0].length, "tok-keyword"]);
        pos = lead + m[0].length;
        if (keyword === "ONBUILD") {
          const inner = /^(\s+)([A-Za-z]+)/.exec(line.slice(pos));
          if (inner && INSTRUCTIONS.has(inner[2].toUpperCase())) {
            const s = pos + inner[1].length;
            tokens.push([start + s, start + s + inner[2].length, "tok-keyword"]);
            pos = s + inner[2].length;
            keyword = inner[2].toUpperCase();
          }
        }
      } else {
        keyword = null;
      }
    }
    const body = line.slice(pos);
    const endsWithEscape = body.trimEnd().endsWith(escape) && !body.trimEnd().endsWith(escape + escape);
    tokenizeArguments(body, start + pos, keyword, !continuing, escape, tokens, heredocs);
    continuing = endsWithEscape;
    if (!continuing && heredocs.length) inHeredocs = true;
  }
  return tokens;
}

function tokenizeArguments(body, base, keyword, first, escape, tokens, heredocs) {
  let i = 0;
  const n = body.length;
  let atWordStart = true;
  let flagsAllowed = first;
  // JSON exec form: the arguments (after flags) start with '['.
  const afterFlags = /^(\s*(--[A-Za-z-]+(=\S*)?\s+)*)\[/.exec(body);
  const json = first && keyword && EXEC_FORM.has(keyword) && afterFlags && /\]\s*$/.test(body.trimEnd());
  while (i < n) {
    const c = body[i];
    if (c === " " || c === "\t") {
      atWordStart = true;
      i++;
      continue;
    }
    if (atWordStart && flagsAllowed && body.startsWith("--", i)) {
      const m = /^--[A-Za-z0-9-]+(=\S*)?/.exec(body.slice(i));
      if (m) {
        tokens.push([base + i, base + i + m[0].length, "tok-flag"]);
        i += m[0].length;
        continue;
      }
    }
    if (atWordStart) flagsAllowed = flagsAllowed && body.startsWith("--", i);
    atWordStart = false;
    if (json && (c === "[" || c === "]" || c === ",")) {
      tokens.push([base + i, base + i + 1, "tok-punct"]);
      i++;
      atWordStart = c !== "]";
      continue;
    }
    if (c === '"' || c === "'") {
      const end = findQuoteEnd(body, i, c, json ? "\\" : escape);
      if (c === '"' && !json) pushStringWithVariables(body, i, end, base, tokens);
      else tokens.push([base + i, base + end, "tok-string"]);
      i = end;
      continue;
    }
    if (c === escape && i + 1 < n) {
      i += 2;
      continue;
    }
    if (c === "$" && !json) {
      const len = variableLength(body, i);
      if (len) {
        tokens.push([base + i, base + i + len, "tok-var"]);
        i += len;
        continue;
      }
    }
    if (c === "<" && body.startsWith("<<", i) && !json && (keyword === "RUN" || keyword === "COPY" || keyword === "ADD")) {
      const m = /^<<(-?)(["']?)([A-Za-z0-9_.-]+)\2/.exec(body.slice(i));
      if (m) {
        tokens.push([base + i, base + i + m[0].length, "tok-heredoc-delim"]);
        heredocs.push({ word: m[3], chomp: m[1] === "-" });
        i += m[0].length;
        continue;
      }
    }
    if (keyword === "HEALTHCHECK" && first && /^(CMD|NONE)(\s|$)/i.test(body.slice(i)) && !/\S/.test(body.slice(0, i).replace(/--\S+/g, ""))) {
      const len = /^(CMD|NONE)/i.exec(body.slice(i))[0].length;
      tokens.push([base + i, base + i + len, "tok-keyword"]);
      i += len;
      continue;
    }
    if (keyword === "FROM" && /^as(\s|$)/i.test(body.slice(i)) && /\s$/.test(body.slice(0, i))) {
      tokens.push([base + i, base + i + 2, "tok-operator"]);
      i += 2;
      continue;
    }
    i++;
  }
}

function findQuoteEnd(body, i, quote, escape) {
  let j = i + 1;
  while (j < body.length) {
    if (body[j] === escape && quote === '"' && j + 1 < body.length) {
      j += 2;
      continue;
    }
    if (body[j] === quote) return j + 1;
    j++;
  }
  return body.length;
}

function pushStringWithVariables(body, from, to, base, tokens) {
  let last = from;
  for (let j = from + 1; j < to - 1; j++) {
    if (body[j] === "\\") {
      j++;
      continue;
    }
    if (body[j] === "$") {
      const len = variableLength(body.slice(0, to), j);
      if (len) {
        if (j > last) tokens.push([base + last, base + j, "tok-string"]);
        tokens.push([base + j, base + j + len, "tok-var"]);
        last = j + len;
        j += len - 1;
      }
    }
  }
  if (to > last) tokens.push([base + last, base + to, "tok-string"]);
}

function variableLength(body, i) {
  if (body[i + 1] === "{") {
    const close = body.indexOf("}", i + 2);
    return close === -1 ? body.length - i : close + 1 - i;
  }
  const m = /^\$[A-Za-z_][A-Za-z0-9_]*/.exec(body.slice(i));
  return m ? m[0].length : 0;
}

// ---- the component -------------------------------------------------------------------------------------------------

/**
 * Creates an editor inside `mount`.
 *
 * options: { mode: "dockerfile" | "dockerignore" | "plain", label, testid, minLines, maxLines,
 *            onInput(text), onCaret(offset), t, showDiagnostics }
 */
export function createEditor(mount, options) {
  const id = ++editorCount;
  const t = options.t;
  let mode = options.mode || "plain";
  let diagnostics = [];
  let highlightRange = null;
  let lastRendered = null;

  const root = el("div", "editor");
  const scroller = el("div", "editor-scroll");
  const content = el("div", "editor-content");
  const gutter = el("div", "editor-gutter");
  gutter.setAttribute("aria-hidden", "true");
  const code = el("div", "editor-code");
  const lineMark = el("div", "editor-line-mark");
  lineMark.hidden = true;
  const pre = el("pre", "editor-highlight");
  pre.setAttribute("aria-hidden", "true");
  const textarea = document.createElement("textarea");
  textarea.className = "editor-input";
  textarea.id = `editor-${id}-input`;
  textarea.wrap = "off";
  textarea.spellcheck = false;
  textarea.setAttribute("autocapitalize", "off");
  textarea.setAttribute("autocomplete", "off");
  textarea.setAttribute("autocorrect", "off");
  textarea.setAttribute("translate", "no");
  if (options.testid) textarea.dataset.testid = options.testid;
  code.append(lineMark, pre, textarea);
  content.append(gutter, code);
  scroller.append(content);
  root.append(scroller);
  setLines(options.minLines || 6, options.maxLines || 24);

  const tooltip = el("div", "editor-tooltip");
  tooltip.setAttribute("role", "tooltip");
  tooltip.id = `editor-${id}-tooltip`;
  tooltip.hidden = true;

  const caretNote = el("p", "editor-caret-note");
  caretNote.id = `editor-${id}-caret`;
  caretNote.hidden = true;

  const problems = el("div", "editor-problems");
  const problemsSummary = el("p", "editor-problems-summary");
  problemsSummary.id = `editor-${id}-summary`;
  const problemsList = el("ul", "editor-problems-list");
  problems.append(problemsSummary, problemsList);
  if (options.showDiagnostics) {
    root.append(caretNote, problems);
    textarea.setAttribute("aria-describedby", `${problemsSummary.id} ${caretNote.id}`);
  }
  document.body.append(tooltip);
  mount.append(root);

  function setLines(min, max) {
    scroller.style.setProperty("--editor-min-lines", String(min));
    scroller.style.setProperty("--editor-max-lines", String(max));
  }

  function lineStarts(text) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    return starts;
  }

  function diagnosticRanges(text) {
    const starts = lineStarts(text);
    const ranges = [];
    diagnostics.forEach((d, index) => {
      if (!d || !d.start || !d.end) return;
      const sl = Math.min(Math.max(d.start.line, 1), starts.length) - 1;
      const el_ = Math.min(Math.max(d.end.line, 1), starts.length) - 1;
      const lineEnd = (l) => (l + 1 < starts.length ? starts[l + 1] - 1 : text.length);
      let a = Math.min(starts[sl] + (d.start.column_utf16 || 0), lineEnd(sl));
      let b = Math.min(starts[el_] + (d.end.column_utf16 || 0), text.length);
      if (b <= a) {
        // An empty span: underline the character it points at, or the one before at the end of a line.
        if (a < lineEnd(sl)) b = a + 1;
        else if (a > starts[sl]) a -= 1, b = a + 1;
      }
      if (b > a) ranges.push({ start: a, end: b, severity: d.severity === "error" ? "error" : "warning", index });
    });
    return ranges;
  }

  function render() {
    const text = textarea.value;
    const tokens = tokenize(text, mode);
    const ranges = diagnosticRanges(text);
    const cuts = new Set([0, text.length]);
    for (const [a, b] of tokens) cuts.add(a).add(b);
    for (const r of ranges) cuts.add(r.start).add(r.end);
    const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((x, y) => x - y);
    const frag = document.createDocumentFragment();
    let ti = 0;
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k];
      const b = points[k + 1];
      while (ti < tokens.length && tokens[ti][1] <= a) ti++;
      const tokenClass = ti < tokens.length && tokens[ti][0] <= a ? tokens[ti][2] : "";
      let diag = null;
      for (const r of ranges) {
        if (r.start <= a && r.end >= b && (!diag || r.severity === "error")) diag = r;
      }
      const piece = text.slice(a, b);
      if (!tokenClass && !diag) {
        frag.append(piece);
        continue;
      }
      const span = document.createElement("span");
      if (tokenClass) span.className = tokenClass;
      if (diag) {
        span.classList.add("diag", `diag-${diag.severity}`);
        span.dataset.diag = String(diag.index);
      }
      span.textContent = piece;
      frag.append(span);
    }
    // A trailing newline needs something after it to get a line box of its own.
    frag.append("\n ");
    pre.replaceChildren(frag);
    renderGutter(text);
    lastRendered = text;
  }

  function renderGutter(text) {
    const count = lineStarts(text).length;
    const byLine = new Map();
    diagnostics.forEach((d) => {
      if (!d || !d.start) return;
      const list = byLine.get(d.start.line) || [];
      list.push(d);
      byLine.set(d.start.line, list);
    });
    const frag = document.createDocumentFragment();
    for (let line = 1; line <= count; line++) {
      const row = el("div", "editor-gutter-line");
      const list = byLine.get(line);
      if (list) {
        const error = list.some((d) => d.severity === "error");
        const marker = el("span", `editor-marker editor-marker-${error ? "error" : "warning"}`);
        marker.textContent = error ? "✖" : "▲";
        marker.title = list.map(describe).join("\n");
        row.append(marker);
      }
      const number = el("span", "editor-line-number");
      number.textContent = String(line);
      row.append(number);
      frag.append(row);
    }
    gutter.replaceChildren(frag);
    scroller.style.setProperty("--editor-lines", String(count));
    scroller.style.setProperty("--editor-digits", String(Math.max(2, String(count).length)));
  }

  function describe(d) {
    const kind = d.severity === "error" ? t("editor.error") : t("editor.warning");
    return `${d.start.line}:${d.start.column} ${kind}: ${d.message}${d.code ? ` (${d.code})` : ""}`;
  }

  function renderProblems() {
    if (!options.showDiagnostics) return;
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.length - errors;
    problemsSummary.textContent =
      diagnostics.length === 0
        ? t("editor.noProblems")
        : t("editor.problemCount", {
          errors: t(errors === 1 ? "editor.errorsOne" : "editor.errorsMany", { n: errors }),
          warnings: t(warnings === 1 ? "editor.warningsOne" : "editor.warningsMany", { n: warnings }),
        });
    problemsSummary.classList.toggle("has-problems", diagnostics.length > 0);
    const frag = document.createDocumentFragment();
    for (const d of diagnostics) {
      const item = el("li", `editor-problem editor-problem-${d.severity === "error" ? "error" : "warning"}`);
      const button = el("button", "editor-problem-button");
      button.type = "button";
      const icon = el("span", "editor-problem-icon");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = d.severity === "error" ? "✖" : "▲";
      const kind = el("span", "editor-problem-kind");
      kind.textContent = d.severity === "error" ? t("editor.error") : t("editor.warning");
      const where = el("span", "editor-problem-where");
      where.textContent = `${d.start.line}:${d.start.column}`;
      const message = el("span", "editor-problem-message");
      message.textContent = d.message;
      button.append(icon, kind, where, message);
      if (d.code) {
        const codeEl = el("code", "editor-problem-code");
        codeEl.textContent = d.code;
        button.append(codeEl);
      }
      button.title = t("editor.goTo");
      button.addEventListener("click", () => revealDiagnostic(d));
      item.append(button);
      frag.append(item);
    }
    problemsList.replaceChildren(frag);
  }

  function offsetOf(line, col16) {
    const text = textarea.value;
    const starts = lineStarts(text);
    const l = Math.min(Math.max(line, 1), starts.length) - 1;
    return Math.min(starts[l] + (col16 || 0), text.length);
  }

  function revealDiagnostic(d) {
    const a = offsetOf(d.start.line, d.start.column_utf16);
    const b = Math.max(a, offsetOf(d.end.line, d.end.column_utf16));
    textarea.focus();
    textarea.setSelectionRange(a, b);
    scrollToLine(d.start.line);
    updateCaretNote();
  }

  function scrollToLine(line) {
    const row = gutter.children[line - 1];
    if (!row) return;
    const top = row.offsetTop;
    if (top < scroller.scrollTop || top + row.offsetHeight > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 3);
    }
  }

  function updateCaretNote() {
    if (!options.showDiagnostics) return;
    const text = textarea.value;
    if (text !== lastRendered) return;
    const at = textarea.selectionStart;
    const hit = diagnosticRanges(text).find((r) => r.start <= at && at <= r.end);
    if (hit && document.activeElement === textarea) {
      caretNote.textContent = describe(diagnostics[hit.index]);
      caretNote.className = `editor-caret-note editor-caret-note-${hit.severity}`;
      caretNote.hidden = false;
    } else {
      caretNote.hidden = true;
    }
  }

  // Hover: the textarea is on top, so find the underlined span beneath the pointer.
  let hoverFrame = 0;
  textarea.addEventListener("mousemove", (event) => {
    if (hoverFrame) return;
    hoverFrame = requestAnimationFrame(() => {
      hoverFrame = 0;
      const under = document.elementsFromPoint(event.clientX, event.clientY).find((n) => n.dataset && n.dataset.diag);
      if (!under) {
        tooltip.hidden = true;
        return;
      }
      const d = diagnostics[Number(under.dataset.diag)];
      if (!d) return;
      tooltip.textContent = describe(d);
      tooltip.className = `editor-tooltip editor-tooltip-${d.severity === "error" ? "error" : "warning"}`;
      tooltip.hidden = false;
      const rect = under.getBoundingClientRect();
      const width = tooltip.offsetWidth;
      tooltip.style.left = `${Math.max(8, Math.min(rect.left, innerWidth - width - 8))}px`;
      tooltip.style.top = `${rect.bottom + 6}px`;
    });
  });
  textarea.addEventListener("mouseleave", () => (tooltip.hidden = true));
  scroller.addEventListener("scroll", () => (tooltip.hidden = true), { passive: true });

  const onChange = () => {
    if (textarea.value === lastRendered) return;
    render();
    if (options.onInput) options.onInput(textarea.value);
  };
  // WebDriver's clear() may fire only "change"; typing fires "input".
  textarea.addEventListener("input", onChange);
  textarea.addEventListener("change", onChange);
  for (const type of ["keyup", "click", "focus", "select"]) textarea.addEventListener(type, updateCaretNote);
  textarea.addEventListener("blur", () => (caretNote.hidden = true));

  render();
  renderProblems();

  return {
    textarea,
    root,
    get value() {
      return textarea.value;
    },
    /** Replaces the text (a file opened, an example loaded). Does not call onInput: the caller knows. */
    setValue(text) {
      if (text === textarea.value) return;
      textarea.value = text;
      diagnostics = [];
      render();
      renderProblems();
      updateCaretNote();
    },
    /** Diagnostics for the current text (ignored when the text has changed since they were computed). */
    setDiagnostics(list, forText) {
      if (forText !== undefined && forText !== textarea.value) return;
      diagnostics = Array.isArray(list) ? list : [];
      render();
      renderProblems();
      updateCaretNote();
    },
    get diagnostics() {
      return diagnostics;
    },
    /** Marks lines `from`..`to` (1-based) as the current step's, or nothing with null. */
    markLines(range) {
      highlightRange = range;
      if (!range) {
        lineMark.hidden = true;
        return;
      }
      lineMark.hidden = false;
      lineMark.style.setProperty("--mark-from", String(range.from - 1));
      lineMark.style.setProperty("--mark-count", String(Math.max(1, range.to - range.from + 1)));
      if (range.reveal) scrollToLine(range.from);
    },
    setMode(next) {
      mode = next;
      render();
    },
    setReadOnly(flag) {
      textarea.readOnly = flag;
      root.classList.toggle("is-readonly", flag);
    },
    setLines,
    setLabel(label) {
      textarea.setAttribute("aria-label", label);
    },
    focus() {
      textarea.focus();
    },
    revealLine(line) {
      scrollToLine(line);
    },
    /** Re-renders texts that depend on the language. */
    relabel() {
      renderGutter(textarea.value);
      renderProblems();
      updateCaretNote();
    },
    destroy() {
      tooltip.remove();
      root.remove();
    },
    get markedLines() {
      return highlightRange;
    },
  };
}

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
