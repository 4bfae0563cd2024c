// The page's side of the core: runs www/js/core-worker.js, turns calls into messages and answers into promises,
// and survives a crash. A Rust panic traps the wasm instance for good, so on a crash the worker is ended, a new one
// is started and given again everything that made the session's state: the minibox binaries, the loaded archives,
// the context, every build since the page was opened (so the cache is the same) and the steps of the current one.
// The user's text never lives here; it stays in the page.

const STATE_METHODS = new Set([
  "addMinibox", "loadArchive", "setContext", "start", "step", "runToEnd", "back", "reset", "forget", "setDockerfile",
  "terminalExecute",
]);
const JSON_METHODS = new Set([
  "loadArchive", "start", "step", "runToEnd", "back", "reset", "forget", "view", "tree", "layerChanges",
  "exportSummary", "parse", "terminalExecute", "terminalComplete", "terminalView", "checkLesson",
]);
const MAX_REPLAY_ATTEMPTS = 3;

export class CoreError extends Error {
  constructor(message, { crashed = false } = {}) {
    super(message);
    this.name = crashed ? "CoreCrash" : "CoreError";
    this.crashed = crashed;
  }
}

/**
 * Starts the core. options: { workerUrl, onCrash(message), onRestart({ ok }) } (the callbacks can also be set later
 * with `setHandlers`). Every method returns a promise; JSON answers arrive parsed.
 */
export function createCore(createOptions = {}) {
  const options = { ...createOptions };
  const workerUrl = options.workerUrl || new URL("./core-worker.js", import.meta.url);
  let worker = null;
  let nextId = 1;
  const pending = new Map();
  let journal = []; // [{ method, args }] of calls that changed the core's state
  let ready = null;
  let version = null;
  let generation = 0;

  function spawn() {
    generation++;
    const mine = generation;
    worker = new Worker(workerUrl, { type: "module", name: "layerlab-core" });
    worker.onmessage = (event) => {
      const { id, ok, result, error, crashed } = event.data;
      const call = pending.get(id);
      if (!call) return;
      pending.delete(id);
      if (ok) call.resolve(result);
      else call.reject(new CoreError(error, { crashed }));
      if (crashed && mine === generation) crash(error);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const message = event.message || "the core's worker failed to start (is www/pkg built?)";
      failAll(new CoreError(message, { crashed: true }));
      if (mine === generation && version !== null) crash(message);
    };
    worker.onmessageerror = () => failAll(new CoreError("a message from the core could not be read"));
  }

  function failAll(error) {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  }

  function post(method, args, transfer) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ id, method, args }, transfer || []);
      } catch (error) {
        pending.delete(id);
        reject(error);
      }
    });
  }

  /** Copies byte arrays (the journal keeps the originals for a replay) and lists the copies' buffers. */
  function prepare(method, args) {
    const transfer = [];
    const copy = (bytes) => {
      const c = bytes.slice();
      transfer.push(c.buffer);
      return c;
    };
    // A Blob (a big uploaded File) crosses as a reference: the worker reads its bytes off the page's thread.
    const pass = (data) => (data instanceof Uint8Array ? copy(data) : data);
    if (method === "addMinibox" || method === "loadArchive") return { args: [pass(args[0])], transfer };
    if (method === "setContext") {
      return {
        args: [args[0].map((f) => (f.bytes ? { path: f.path, mode: f.mode, bytes: copy(f.bytes) } : { path: f.path, mode: f.mode, blob: f.blob }))],
        transfer,
      };
    }
    return { args, transfer };
  }

  async function send(method, args) {
    const prepared = prepare(method, args);
    const raw = await post(method, prepared.args, prepared.transfer);
    return JSON_METHODS.has(method) && typeof raw === "string" ? JSON.parse(raw) : raw;
  }

  function record(method, args) {
    if (!STATE_METHODS.has(method)) return;
    const last = journal[journal.length - 1];
    if ((method === "setContext" || method === "setDockerfile") && last && last.method === method) {
      journal[journal.length - 1] = { method, args };
      return;
    }
    if (method === "back" && last && last.method === "step") {
      journal.pop();
      return;
    }
    if (method === "reset") {
      // The build in progress is undone: its steps need no replay, only its start.
      let i = journal.length - 1;
      while (i >= 0 && journal[i].method !== "start") i--;
      // A docker line typed after the start ended Back's history in the core (docs/boundary.md): replay as it was.
      if (journal.slice(i + 1).some((e) => e.method === "terminalExecute")) {
        journal.push({ method, args });
        return;
      }
      if (i >= 0) journal = journal.slice(0, i + 1).concat(journal.slice(i + 1).filter((e) => !isBuildOp(e)));
      return;
    }
    journal.push({ method, args });
  }

  const isBuildOp = (e) => e.method === "step" || e.method === "back" || e.method === "runToEnd";

  let restarting = null;

  function crash(message) {
    if (restarting) return;
    try {
      worker.terminate();
    } catch {
      // already gone
    }
    if (options.onCrash) options.onCrash(message);
    restarting = restart().finally(() => {
      restarting = null;
    });
    ready = restarting.then(() => version);
  }

  async function restart() {
    let entries = journal.slice();
    for (let attempt = 1; attempt <= MAX_REPLAY_ATTEMPTS; attempt++) {
      spawn();
      try {
        await post("init", []);
        for (const entry of entries) {
          const prepared = prepare(entry.method, entry.args);
          await post(entry.method, prepared.args, prepared.transfer);
        }
        journal = entries;
        if (options.onRestart) options.onRestart({ ok: true, attempts: attempt });
        return;
      } catch (error) {
        // The replay itself crashed: leave out the last thing that changed the state and try again.
        try {
          worker.terminate();
        } catch {
          // already gone
        }
        console.warn("layerlab: replay after a crash failed", error);
        entries = entries.slice(0, -1);
      }
    }
    spawn();
    await post("init", []).catch(() => {});
    journal = [];
    if (options.onRestart) options.onRestart({ ok: false });
  }

  spawn();
  ready = post("init", []).then((v) => {
    version = v;
    return v;
  });

  async function call(method, ...args) {
    await ready;
    if (restarting) await restarting;
    const result = await send(method, args);
    record(method, args);
    return result;
  }

  return {
    /** Sets `onCrash(message)` and `onRestart({ ok })`. */
    setHandlers({ onCrash, onRestart }) {
      if (onCrash) options.onCrash = onCrash;
      if (onRestart) options.onRestart = onRestart;
    },
    /** Resolves with the core's version once the worker has loaded the wasm. */
    get ready() {
      return ready;
    },
    addMinibox: (bytes) => call("addMinibox", bytes),
    loadArchive: (bytes) => call("loadArchive", bytes),
    /** files: [{ path, bytes: Uint8Array, mode }] (or { path, blob, mode }) → [{ path, error }] for refused files. */
    setContext: (files) => call("setContext", files),
    start: (opts) => call("start", typeof opts === "string" ? opts : JSON.stringify(opts)),
    step: () => call("step"),
    runToEnd: () => call("runToEnd"),
    back: () => call("back"),
    reset: () => call("reset"),
    forget: () => call("forget"),
    view: () => call("view"),
    tree: (id) => call("tree", id),
    layerChanges: (id, index) => call("layerChanges", id, index),
    readFile: (id, path) => call("readFile", id, path),
    exportImage: () => call("exportImage"),
    /** The same tarball as a Blob made in the worker (no copy of the bytes on the page's thread). */
    exportBlob: () => call("exportBlob"),
    exportSummary: () => call("exportSummary"),
    parse: (text) => call("parse", text),
    /** The URLs the worker fetched (the core's modules), once the engine is loaded: the offline copy keeps them. */
    resources: () => call("resources"),
    /** The editor's text, for the terminal's `docker build .`. */
    setDockerfile: (text) => call("setDockerfile", text),
    /** The terminal: one typed line (with the time, seconds since 1970) → TerminalOutcome (docs/boundary.md). */
    terminalExecute: (line) => call("terminalExecute", line, Date.now() / 1000),
    terminalPrompt: () => call("terminalPrompt"),
    terminalComplete: (line) => call("terminalComplete", line),
    /** → TerminalView: the containers and their writable layers, the last commit. */
    terminalView: () => call("terminalView"),
    /** A tarball the terminal's `docker save -o NAME` wrote, as a Blob made in the worker. */
    savedFile: (name) => call("savedFile", name),
    /** A lesson's checks (lesson and page state as JSON strings) → [CheckResult] (docs/boundary.md). */
    checkLesson: (lesson, page) => call("checkLesson", lesson, page),
    /** Makes the core panic (the tests use it to prove the page recovers). */
    panicForTests: () => call("panicForTests"),
    /** The same, without a rejected promise to handle (for tests that call it from WebDriver). */
    crashForTests() {
      call("panicForTests").catch(() => {});
    },
  };
}
