// The lessons beside the playground: the path with progress (kept across reloads), the open lesson's text in the
// page's language, its task as the checks the core evaluates (crate/src/lessons) with what was found and a hint when
// one fails, the reference solution behind a reveal, and a presenter that steps through the solution with the
// keyboard, forward and back. Each lesson keeps its own work (Dockerfile, files, tag), so switching loses nothing.
// Lessons come from lessons.json, which `cargo xtask build` writes from lessons/*.md.

import { renderMarkdown, renderInline } from "./markdown.js";
import { loadState, saveState } from "./store.js";

/**
 * options: { mount, t, getLanguage, core, notify, host } where host = { snapshotWork(), applyWork(work),
 * pageState(), build() → Promise, typeLine(line) → Promise, showTerminal() → Promise, stepBuild() → Promise<view>, backBuild() → Promise<view|null>,
 * forget() → Promise, putInEditor(text), show(open) } → { open(id, { step }), close(), toggle(), relabel(), handleHash() }.
 */
export function createLessons({ mount, t, getLanguage, core, notify, host }) {
  let lessons = null; // [Lesson] once fetched
  let loading = null;
  let currentId = null;
  let results = null; // the last check's results for the current lesson
  let presenter = null;
  const saved = loadState().lessons || {};
  const progress = {
    current: typeof saved.current === "string" ? saved.current : null,
    done: saved.done && typeof saved.done === "object" ? { ...saved.done } : {},
    work: saved.work && typeof saved.work === "object" ? { ...saved.work } : {},
  };

  const lang = () => (getLanguage() === "ko" ? "ko" : "en");
  const pick = (pair) => (pair ? pair[lang()] || pair.en || pair.ko || "" : "");
  const persist = () => saveState({ lessons: { current: currentId, done: progress.done, work: progress.work } });

  async function load() {
    if (lessons) return lessons;
    if (!loading) {
      loading = fetch(new URL("../lessons.json", import.meta.url))
        .then((response) => {
          if (!response.ok) throw new Error(`lessons.json: HTTP ${response.status}`);
          return response.json();
        })
        .then((list) => {
          lessons = Array.isArray(list) ? list.slice().sort((a, b) => a.order - b.order) : [];
          return lessons;
        })
        .catch((error) => {
          loading = null;
          throw error;
        });
    }
    return loading;
  }

  const lessonById = (id) => (lessons || []).find((l) => l.id === id) || null;

  function starterWork(lesson) {
    const starter = lesson.starter || {};
    const files = Object.entries(starter.files || {}).map(([path, text]) => ({ path, text, mode: 0o644 }));
    return { dockerfile: starter.dockerfile || "", files, tags: starter.tag || "" };
  }

  function textWork(work) {
    return {
      dockerfile: work.dockerfile,
      files: (work.files || []).filter((f) => typeof f.text === "string").map((f) => ({ path: f.path, text: f.text, mode: f.mode || 0o644 })),
      tags: work.tags,
    };
  }

  /** Runs actions (`build`, `type`, `write`, `dockerfile`, `tag`) as a student would. */
  async function perform(action) {
    if (action.build) await host.build();
    else if (typeof action.type === "string") for (const line of action.type.split("\n")) await host.typeLine(line);
    else if (typeof action.write === "string") {
      const work = host.snapshotWork();
      const files = work.files.filter((f) => f.path !== action.write);
      files.push({ path: action.write, text: action.content || "", mode: 0o644 });
      host.applyWork({ ...work, files });
    } else if (typeof action.dockerfile === "string") host.applyWork({ ...host.snapshotWork(), dockerfile: action.dockerfile });
    else if (typeof action.tag === "string") host.applyWork({ ...host.snapshotWork(), tags: action.tag });
  }

  async function open(id, { step = null, fresh = false } = {}) {
    try {
      await load();
    } catch (error) {
      notify("error", t("lessons.loadFailed"), [], { detail: String(error.message || error) });
      return;
    }
    const lesson = lessonById(id) || lessons[0];
    if (!lesson) return;
    if (currentId === lesson.id && !fresh && step === null) {
      host.show(true);
      render();
      return;
    }
    stopPresenting();
    // Keep the work of what was open (a lesson, or the free playground) before putting this lesson's in.
    progress.work[currentId || "__free"] = textWork(host.snapshotWork());
    currentId = lesson.id;
    results = null;
    const kept = !fresh && progress.work[lesson.id];
    host.applyWork(kept || starterWork(lesson));
    persist();
    host.show(true);
    render();
    if (lesson.mode === "terminal") host.showTerminal().catch(() => {});
    if (!kept || fresh) for (const action of (lesson.starter && lesson.starter.do) || []) await perform(action);
    if (step !== null) await present(step);
  }

  function close() {
    stopPresenting();
    if (currentId) {
      progress.work[currentId] = textWork(host.snapshotWork());
      const free = progress.work.__free;
      if (free) host.applyWork(free);
    }
    currentId = null;
    persist();
    host.show(false);
  }

  async function check() {
    const lesson = lessonById(currentId);
    if (!lesson) return;
    results = await core.checkLesson(JSON.stringify(lesson), JSON.stringify(host.pageState()));
    if (!Array.isArray(results)) {
      notify("error", t("lessons.checkFailed"), [], { detail: String((results && results.error) || results) });
      results = null;
      return;
    }
    if (results.length && results.every((r) => r.passed)) {
      progress.done[lesson.id] = true;
      persist();
    }
    render();
    const status = mount.querySelector(".lesson-result");
    if (status) status.focus();
  }

  // ---- the presenter: the solution's actions one by one, forward and back ---------------------------------------

  /** The solution as moves: each typed line, each build (stepped), each edit. */
  function movesOf(lesson) {
    const moves = [];
    const solution = lesson.solution || {};
    if (typeof solution.dockerfile === "string") moves.push({ dockerfile: solution.dockerfile });
    for (const [path, content] of Object.entries(solution.files || {})) moves.push({ write: path, content });
    const actions = solution.do && solution.do.length ? solution.do : [{ build: true }];
    for (const action of actions) {
      if (typeof action.type === "string") for (const line of action.type.split("\n")) moves.push({ type: line });
      else if (!action.export) moves.push(action);
    }
    return moves;
  }

  function describe(move) {
    if (move.build) return t("lessons.move.build");
    if (typeof move.type === "string") return `$ ${move.type || t("lessons.move.enter")}`;
    if (typeof move.write === "string") return t("lessons.move.write", { path: move.write });
    if (typeof move.dockerfile === "string") return t("lessons.move.dockerfile");
    if (typeof move.tag === "string") return t("lessons.move.tag", { tag: move.tag });
    return "";
  }

  /** Starts presenting the current lesson's solution, `steps` moves in. */
  async function present(steps = 0) {
    const lesson = lessonById(currentId);
    if (!lesson) return;
    presenter = { lesson, moves: movesOf(lesson), at: 0, building: false, busy: false };
    document.documentElement.classList.add("presenting");
    renderPresenter();
    for (let i = 0; i < steps; i++) await next();
  }

  function stopPresenting() {
    presenter = null;
    document.documentElement.classList.remove("presenting");
    const bar = document.getElementById("presenter-bar");
    if (bar) bar.hidden = true;
  }

  async function guarded(fn) {
    if (!presenter || presenter.busy) return;
    presenter.busy = true;
    try {
      await fn();
    } finally {
      if (presenter) presenter.busy = false;
      renderPresenter();
    }
  }

  /** One move forward; a build goes one instruction at a time. */
  function next() {
    return guarded(async () => {
      const p = presenter;
      if (p.building) {
        const view = await host.stepBuild();
        if (!view || ["finished", "failed", "setup_error"].includes(view.phase)) {
          p.building = false;
          p.at += 1;
        }
        return;
      }
      const move = p.moves[p.at];
      if (!move) return;
      if (move.build) {
        p.building = true;
        const view = await host.stepBuild();
        if (!view || ["finished", "failed", "setup_error"].includes(view.phase)) {
          p.building = false;
          p.at += 1;
        }
        return;
      }
      await perform(move);
      p.at += 1;
    });
  }

  /** One move back: a build step is undone in place; anything else is replayed from the lesson's start. */
  function back() {
    return guarded(async () => {
      const p = presenter;
      if (p.building) {
        const view = await host.backBuild();
        if (view && view.can_back) return;
        if (view && view.steps_done > 0) return;
      }
      const target = p.building ? p.at : Math.max(0, p.at - 1);
      p.building = false;
      await host.forget();
      host.applyWork(starterWork(p.lesson));
      for (const action of (p.lesson.starter && p.lesson.starter.do) || []) await perform(action);
      for (let i = 0; i < target; i++) await perform(p.moves[i]);
      p.at = target;
    });
  }

  function renderPresenter() {
    const bar = document.getElementById("presenter-bar");
    if (!bar) return;
    if (!presenter) {
      bar.hidden = true;
      return;
    }
    bar.hidden = false;
    const p = presenter;
    const move = p.moves[p.at];
    const text = bar.querySelector(".presenter-text");
    const count = bar.querySelector(".presenter-count");
    count.textContent = t("lessons.presenterCount", { n: Math.min(p.at + 1, p.moves.length), total: p.moves.length });
    text.textContent = p.building
      ? t("lessons.move.building")
      : move ? t("lessons.presenterNext", { what: describe(move) }) : t("lessons.presenterEnd");
    bar.querySelector("[data-presenter=back]").disabled = p.at === 0 && !p.building;
    bar.querySelector("[data-presenter=next]").disabled = !move && !p.building;
  }

  function setupPresenterBar() {
    const bar = document.getElementById("presenter-bar");
    if (!bar) return;
    bar.querySelector("[data-presenter=next]").addEventListener("click", () => next());
    bar.querySelector("[data-presenter=back]").addEventListener("click", () => back());
    bar.querySelector("[data-presenter=stop]").addEventListener("click", () => stopPresenting());
    document.addEventListener("keydown", (event) => {
      if (!presenter) return;
      const typing = event.target instanceof HTMLElement && event.target.matches("input, textarea, select, [contenteditable]");
      if (event.key === "PageDown" || (!typing && (event.key === "ArrowRight" || event.key === " "))) {
        event.preventDefault();
        next();
      } else if (event.key === "PageUp" || (!typing && event.key === "ArrowLeft")) {
        event.preventDefault();
        back();
      } else if (event.key === "Escape") {
        stopPresenting();
      }
    });
  }

  // ---- rendering ---------------------------------------------------------------------------------------------------

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
  }

  function tryButton(language, code) {
    if (language === "dockerfile") {
      return el("button", { type: "button", class: "button button-small", text: t("lessons.tryEditor"), onclick: () => host.putInEditor(`${code}\n`) });
    }
    if (language === "sh" || language === "bash" || language === "console") {
      return el("button", {
        type: "button",
        class: "button button-small",
        text: t("lessons.tryTerminal"),
        onclick: async () => {
          for (const line of code.split("\n")) if (line.trim() && !line.trim().startsWith("#")) await host.typeLine(line.replace(/^\$\s+/, ""));
        },
      });
    }
    return null;
  }

  function render() {
    if (!lessons) return;
    const lesson = lessonById(currentId);
    const doneCount = lessons.filter((l) => progress.done[l.id]).length;
    const path = el("details", { class: "lesson-path", open: !lesson },
      el("summary", { text: t("lessons.path", { done: doneCount, total: lessons.length }) }),
      el("ol", { class: "lesson-list" }, lessons.map((l) => el("li", {},
        el("button", {
          type: "button",
          class: `lesson-link${l.id === currentId ? " is-current" : ""}`,
          "aria-current": l.id === currentId ? "true" : null,
          "data-testid": "lesson-link",
          "data-lesson": l.id,
          onclick: () => open(l.id),
        },
        el("span", { class: "lesson-mark", "aria-hidden": "true", text: progress.done[l.id] ? "✓" : String(l.order) }),
        el("span", { text: pick(l.title) }),
        progress.done[l.id] ? el("span", { class: "visually-hidden", text: ` (${t("lessons.doneWord")})` }) : null)))));
    const head = el("div", { class: "lesson-head" },
      el("h2", { class: "lesson-heading", id: "lesson-heading", text: t("lessons.title") }),
      el("button", { type: "button", class: "button button-quiet button-small", "data-testid": "lesson-close", text: t("lessons.close"), onclick: close }));
    if (!lesson) {
      mount.replaceChildren(head, path);
      return;
    }
    const body = el("article", { class: "lesson", lang: lang() },
      el("h3", { class: "lesson-title", "data-testid": "lesson-title", text: `${lesson.order}. ${pick(lesson.title)}` }),
      el("ul", { class: "lesson-teaches" }, ((lesson.teaches && lesson.teaches[lang()]) || []).map((line) => el("li", {}, renderInline(line)))),
      el("div", { class: "lesson-prose" }, renderMarkdown(pick(lesson.prose), { tryButton, headingLevel: 4 })));
    const checks = lesson.checks || [];
    const task = el("section", { class: "lesson-task", "aria-labelledby": "lesson-task-h" },
      el("h4", { id: "lesson-task-h", text: t("lessons.task") }),
      el("ul", { class: "lesson-checks" }, checks.map((c, i) => {
        const r = results && results.find((x) => x.index === i);
        const state = !r ? "unknown" : r.passed ? "pass" : "fail";
        return el("li", { class: `lesson-check is-${state}`, "data-testid": "lesson-check-item" },
          el("span", { class: "lesson-check__mark", "aria-hidden": "true", text: state === "pass" ? "✓" : state === "fail" ? "✗" : "○" }),
          el("span", { class: "visually-hidden", text: state === "pass" ? t("lessons.passed") : state === "fail" ? t("lessons.failed") : "" }),
          el("span", { class: "lesson-check__says" }, renderInline(pick(c.says))),
          r && !r.passed ? el("p", { class: "lesson-check__found", text: pick(r.found) }) : null,
          r && !r.passed ? el("p", { class: "lesson-check__hint" }, `${t("lessons.hint")} `, renderInline(pick(c.hint))) : null);
      })),
      el("div", { class: "lesson-actions" },
        el("button", { type: "button", class: "button button-primary", "data-testid": "lesson-check", text: t("lessons.check"), onclick: () => check().catch((e) => notify("error", t("lessons.checkFailed"), [], { detail: String(e.message || e) })) }),
        el("button", { type: "button", class: "button", "data-testid": "lesson-present", text: t("lessons.present"), onclick: () => present(0) }),
        el("button", { type: "button", class: "button button-quiet", text: t("lessons.startOver"), onclick: () => open(lesson.id, { fresh: true }) })),
      results ? resultLine(lesson) : null);
    const solution = lesson.solution || {};
    const solutionTyped = (solution.do || []).filter((a) => typeof a.type === "string").map((a) => a.type).join("\n");
    const reveal = el("details", { class: "lesson-solution", "data-testid": "lesson-solution" },
      el("summary", { text: t("lessons.solution") }),
      typeof solution.dockerfile === "string" ? el("pre", { class: "md-code" }, el("code", { text: solution.dockerfile })) : null,
      Object.entries(solution.files || {}).map(([path, text]) => el("div", {}, el("p", { class: "lesson-file", text: path }), el("pre", { class: "md-code" }, el("code", { text })))),
      solutionTyped ? el("pre", { class: "md-code" }, el("code", { text: solutionTyped.split("\n").map((l) => `$ ${l}`).join("\n") })) : null);
    mount.replaceChildren(head, path, body, task, reveal);
  }

  function resultLine(lesson) {
    const passed = results.filter((r) => r.passed).length;
    const all = passed === results.length;
    const nextLesson = lessons.find((l) => l.order > lesson.order);
    return el("div", { class: `lesson-result ${all ? "is-pass" : "is-fail"}`, tabindex: "-1", role: "status", "data-testid": "lesson-result" },
      el("p", { text: all ? t("lessons.allPassed") : t("lessons.somePassed", { n: passed, total: results.length }) }),
      all && nextLesson ? el("button", { type: "button", class: "button", text: t("lessons.next", { title: pick(nextLesson.title) }), onclick: () => open(nextLesson.id) }) : null);
  }

  /** `#lesson=ID` or `#lesson=ID&step=N` (N moves of the solution, in the presenter). */
  async function handleHash() {
    const match = location.hash.match(/^#lesson=([a-z0-9-]+)(?:&step=(\d+))?$/);
    if (!match) return false;
    await open(match[1], { step: match[2] ? Number(match[2]) : null, fresh: Boolean(match[2]) });
    return true;
  }

  setupPresenterBar();
  if (progress.current && !location.hash.startsWith("#lesson=")) {
    load().then(() => {
      if (lessonById(progress.current)) {
        currentId = progress.current;
        host.show(true);
        render();
      }
    }).catch(() => {});
  }

  return {
    open,
    close,
    toggle() {
      if (currentId || !document.getElementById("lesson-column").hidden) close();
      else open(progress.current || (lessons && lessons[0] && lessons[0].id) || "what-is-an-image").catch(() => {});
    },
    relabel() {
      render();
      renderPresenter();
    },
    handleHash,
    current: () => currentId,
    presenting: () => presenter !== null,
  };
}
