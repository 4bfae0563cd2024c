// The core in a module Web Worker: a long build never freezes the page, and a Rust panic (which traps the wasm
// instance) kills only this worker. Messages: { id, method, args } in, { id, ok, result } or
// { id, ok: false, error, crashed } out. Byte arrays go back as transferred ArrayBuffers.

// Two modules of the same core: the editor's (the Dockerfile parser, small) first, so the page is usable at once;
// then the engine's (everything, several times bigger), before the first build. Each wasm download starts beside
// the import of its JS glue, not after it.
const editorResponse = fetch(new URL("../pkg/layerlab_editor_bg.wasm", import.meta.url));
const editorGlue = import("../pkg/layerlab_editor.js");

let editor = null; // the editor's glue: parse_dockerfile, version
let core = null; // the engine's glue: Playground, parse_dockerfile, version, panic_for_tests
let playground = null;
let panicMessage = null;

// The core calls this (if it exists) with the panic message before the instance traps.
self.__layerlabPanic = (message) => {
  panicMessage = String(message);
};

const ready = (async () => {
  editor = await editorGlue;
  await editor.default({ module_or_path: editorResponse });
  return editor.version();
})();

const engineReady = ready.then(async () => {
  const engineResponse = fetch(new URL("../pkg/layerlab_bg.wasm", import.meta.url));
  core = await import("../pkg/layerlab.js");
  await core.default({ module_or_path: engineResponse });
  playground = new core.Playground();
  return core.version();
});

// Methods the editor's module answers; every other one waits for the engine.
const EDITOR_METHODS = new Set(["init", "parse"]);

const methods = {
  init: () => ready,
  engine: () => engineReady,
  addMinibox: (bytes) => playground.add_minibox(bytes),
  loadArchive: async (data) => playground.load_archive(await bytesOf(data)),
  async setContext(files) {
    const contents = [];
    for (const file of files) contents.push(file.bytes || (await bytesOf(file.blob)));
    playground.clear_context();
    const errors = [];
    for (const [i, file] of files.entries()) {
      const answer = JSON.parse(playground.add_context_file(file.path, contents[i], file.mode));
      if (answer && answer.error) errors.push({ path: file.path, error: answer.error });
    }
    return errors;
  },
  start: (options) => playground.start(options),
  step: () => playground.step(),
  runToEnd: () => playground.run_to_end(),
  back: () => playground.back(),
  reset: () => playground.reset(),
  forget: () => playground.forget(),
  view: () => playground.view(),
  tree: (id) => playground.tree(id),
  layerChanges: (id, index) => playground.layer_changes(id, index),
  readFile: (id, path) => playground.read_file(id, path),
  exportImage: () => playground.export(),
  exportBlob: () => new Blob([playground.export()], { type: "application/x-tar" }),
  exportSummary: () => playground.export_summary(),
  parse: (text) => editor.parse_dockerfile(text),
  resources: () => performance.getEntriesByType("resource").map((entry) => entry.name),
  // The terminal: the same simulated Docker the Build button builds into; the page gives the time with each line.
  setDockerfile: (text) => playground.set_dockerfile(text),
  terminalExecute: (line, clock) => playground.terminal_execute(line, clock),
  terminalPrompt: () => playground.terminal_prompt(),
  terminalComplete: (line) => playground.terminal_complete(line),
  terminalView: () => playground.terminal_view(),
  savedFile: (name) => new Blob([playground.saved_file(name)], { type: "application/x-tar" }),
  checkLesson: (lesson, page) => playground.check_lesson(lesson, page),
  panicForTests: () => core.panic_for_tests(),
};

/** Bytes of a Uint8Array or a Blob (big files are handed over as Blobs and read here, off the page's thread). */
async function bytesOf(data) {
  return data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

function messageOf(error) {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

// One message at a time: a method that awaits (reading a Blob) must finish before the next one starts.
let chain = Promise.resolve();
self.onmessage = (event) => {
  chain = chain.then(() => handle(event.data));
};

async function handle({ id, method, args }) {
  try {
    await (EDITOR_METHODS.has(method) ? ready : engineReady);
    const fn = methods[method];
    if (!fn) throw new Error(`unknown method ${method}`);
    const result = await fn(...(args || []));
    const transfer = result instanceof Uint8Array ? [result.buffer] : [];
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (error) {
    const crashed = panicMessage !== null || error instanceof WebAssembly.RuntimeError;
    const message = panicMessage !== null ? panicMessage : messageOf(error);
    self.postMessage({ id, ok: false, error: message, crashed });
  }
}
