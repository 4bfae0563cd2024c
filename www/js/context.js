// The build-context panel: the files sent with the Dockerfile. Add, edit, rename, delete, upload (file picker or drag
// and drop anywhere on the page); a dropped `docker save` tarball becomes a base image in the core's store instead.
// Files are { path, mode, bytes: Uint8Array | null, blob: Blob | null, size, text: string | null } — see contextFile.

import { createEditor } from "./editor.js";
import { icon } from "./icons.js";
import { bytesToText, keptPaths, textToBytes } from "./store.js";

const ARCHIVE_NAME = /\.tar$/i;
/** Bigger files are sent to the build as they are but not shown in the editor (highlighting megabytes would stall). */
export const EDIT_LIMIT = 512 * 1024;

/** The text of a file's bytes for the editor: null for binary files and for files too big to edit here. */
export function editableText(bytes) {
  return bytes.length > EDIT_LIMIT ? null : bytesToText(bytes);
}

/**
 * A context file from bytes (Uint8Array) or, for big uploads, the File itself: its bytes are then read by the core's
 * worker, so megabytes are never copied on the page's thread.
 */
export function contextFile(path, data, mode = 0o644) {
  if (data instanceof Uint8Array) return { path, mode, bytes: data, blob: null, size: data.length, text: editableText(data) };
  return { path, mode, bytes: null, blob: data, size: data.size, text: null };
}

/**
 * options: { mount, t, getLanguage, onChange(files), loadArchive(file: Blob, name) → Promise<LoadResult>,
 *            onDockerfile(text, name), notify(kind, message, actions) }
 */
export function createContextPanel(options) {
  const { mount, t } = options;
  let files = [];
  let selected = null;
  let renaming = null;
  let creating = false;
  const loaded = []; // { name, result }

  const actions = div("context-actions");
  const newButton = button("button button-small", "plus");
  const uploadButton = button("button button-small", "upload");
  const ignoreButton = button("button button-small", "ignore");
  const archiveButton = button("button button-small", "image");
  const fileInput = document.createElement("input");
  fileInput.type = "file";
  fileInput.multiple = true;
  fileInput.hidden = true;
  fileInput.id = "context-upload";
  fileInput.dataset.testid = "context-upload";
  const archiveInput = document.createElement("input");
  archiveInput.type = "file";
  archiveInput.accept = ".tar,application/x-tar";
  archiveInput.hidden = true;
  archiveInput.id = "archive-upload";
  actions.append(newButton, uploadButton, ignoreButton, archiveButton, fileInput, archiveInput);

  const dropHint = el("p", "context-drop-hint");
  const list = el("ul", "context-list");
  list.setAttribute("aria-labelledby", "context-heading");
  const createRow = div("context-create");
  createRow.hidden = true;

  const fileView = div("context-file-view");
  const fileHeader = div("context-file-header");
  const fileTitle = el("h3", "context-file-title");
  fileTitle.id = "context-file-title";
  const execLabel = el("label", "context-exec");
  const execInput = document.createElement("input");
  execInput.type = "checkbox";
  const execText = el("span");
  execLabel.append(execInput, execText);
  fileHeader.append(fileTitle, execLabel);
  const binaryNote = el("p", "context-binary-note");
  const editorMount = div("context-editor-mount");
  fileView.append(fileHeader, binaryNote, editorMount);
  fileView.hidden = true;

  const loadedBox = div("context-loaded");
  const loadedTitle = el("h3", "context-loaded-title");
  const loadedList = el("ul", "context-loaded-list");
  loadedBox.append(loadedTitle, loadedList);
  loadedBox.hidden = true;

  mount.append(actions, dropHint, createRow, list, fileView, loadedBox);

  const editor = createEditor(editorMount, {
    mode: "plain",
    t,
    testid: "context-file-editor",
    minLines: 4,
    maxLines: 16,
    onInput(text) {
      const file = current();
      if (!file || file.text === null) return;
      file.text = text;
      file.bytes = textToBytes(text);
      file.size = file.bytes.length;
      renderList();
      changed();
    },
  });
  editor.textarea.setAttribute("aria-labelledby", fileTitle.id);

  function current() {
    return files.find((f) => f.path === selected) || null;
  }

  function changed() {
    options.onChange(files);
  }

  // ---- paths ------------------------------------------------------------------------------------------------------

  function normalise(raw) {
    let path = String(raw).trim().replace(/^(\.\/)+/, "");
    path = path.replace(/\/{2,}/g, "/");
    return path;
  }

  /** Null when `path` can be used, else the message saying why not. */
  function problemWith(path, ignore) {
    if (!path) return t("context.errorEmpty");
    if (path.startsWith("/")) return t("context.errorAbsolute");
    if (path.endsWith("/")) return t("context.errorDirectory");
    if (path.split("/").some((part) => part === ".." || part === ".")) return t("context.errorDots");
    if (path === "Dockerfile") return t("context.errorDockerfile");
    if (files.some((f) => f.path === path && f.path !== ignore)) return t("context.errorExists", { path });
    if (files.some((f) => f.path !== ignore && (f.path.startsWith(path + "/") || path.startsWith(f.path + "/")))) {
      return t("context.errorConflict", { path });
    }
    return null;
  }

  function sortFiles() {
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  function addFile(path, data, mode = 0o644) {
    const file = contextFile(path, data, mode);
    const index = files.findIndex((f) => f.path === path);
    if (index !== -1) {
      file.mode = files[index].mode;
      files[index] = file;
    } else {
      files.push(file);
      sortFiles();
    }
    select(path);
    changed();
  }

  // ---- rendering --------------------------------------------------------------------------------------------------

  function sizeText(n) {
    if (n < 1024) return t("common.bytes", { n });
    if (n < 1024 * 1024) return t("common.kib", { n: (n / 1024).toFixed(1) });
    return t("common.mib", { n: (n / 1024 / 1024).toFixed(1) });
  }

  function renderList() {
    const kept = keptPaths(files);
    const frag = document.createDocumentFragment();

    const dockerfileRow = el("li", "context-item context-item-dockerfile");
    const dfName = el("span", "context-name");
    const dfIcon = el("span", "context-icon");
    dfIcon.setAttribute("aria-hidden", "true");
    dfIcon.append(icon("dockerfile"));
    const dfPath = el("span", "context-path");
    dfPath.textContent = "Dockerfile";
    dfName.append(dfIcon, dfPath);
    const dfMeta = el("span", "context-meta");
    dfMeta.textContent = t("context.dockerfileRow");
    dockerfileRow.append(dfName, dfMeta);
    frag.append(dockerfileRow);

    for (const file of files) {
      const item = el("li", "context-item");
      if (file.path === selected) item.classList.add("is-selected");
      if (renaming === file.path) {
        item.append(pathForm(file.path, (path) => rename(file.path, path), () => {
          renaming = null;
          renderList();
        }, "context.renameLabel"));
        frag.append(item);
        continue;
      }
      const open = el("button", "context-name");
      open.type = "button";
      open.setAttribute("aria-pressed", String(file.path === selected));
      const icon_ = el("span", "context-icon");
      icon_.setAttribute("aria-hidden", "true");
      icon_.append(icon(file.path === ".dockerignore" ? "ignore" : file.text === null ? "binary" : "file"));
      const path = el("span", "context-path");
      path.textContent = file.path;
      open.append(icon_, path);
      open.title = t("context.open", { path: file.path });
      open.addEventListener("click", () => select(file.path === selected ? null : file.path));

      const meta = el("span", "context-meta");
      const parts = [];
      if (file.text !== null) parts.push(sizeText(file.size));
      else if (file.size > EDIT_LIMIT) parts.push(t("context.large", { size: sizeText(file.size) }));
      else parts.push(t("context.binary", { n: file.size }));
      if (file.mode & 0o111) parts.push(t("context.executableShort"));
      meta.textContent = parts.join(" · ");
      if (!kept.has(file.path)) {
        const badge = el("span", "badge badge-warning");
        badge.textContent = t("context.notKept");
        badge.title = t("context.notKeptHint");
        meta.append(" ", badge);
      }

      const renameButton = el("button", "button button-icon button-quiet");
      renameButton.type = "button";
      renameButton.append(icon("rename"));
      renameButton.setAttribute("aria-label", t("context.rename", { path: file.path }));
      renameButton.title = t("context.rename", { path: file.path });
      renameButton.addEventListener("click", () => {
        renaming = file.path;
        renderList();
      });
      const deleteButton = el("button", "button button-icon button-quiet button-danger");
      deleteButton.type = "button";
      deleteButton.append(icon("delete"));
      deleteButton.setAttribute("aria-label", t("context.delete", { path: file.path }));
      deleteButton.title = t("context.delete", { path: file.path });
      deleteButton.addEventListener("click", () => remove(file.path));
      const tools = el("span", "context-tools");
      tools.append(renameButton, deleteButton);
      item.append(open, meta, tools);
      frag.append(item);
    }
    if (!files.length) {
      const empty = el("li", "context-empty");
      empty.textContent = t("context.empty");
      frag.append(empty);
    }
    list.replaceChildren(frag);
    ignoreButton.hidden = files.some((f) => f.path === ".dockerignore");
    if (renaming) {
      const input = list.querySelector("input");
      if (input) {
        input.focus();
        const slash = input.value.lastIndexOf("/") + 1;
        const dot = input.value.lastIndexOf(".");
        input.setSelectionRange(slash, dot > slash ? dot : input.value.length);
      }
    }
  }

  function pathForm(initial, onSubmit, onCancel, labelKey) {
    const form = el("div", "path-form");
    const label = el("label", "path-form-label");
    const caption = el("span", "visually-hidden");
    caption.textContent = t(labelKey);
    const input = document.createElement("input");
    input.type = "text";
    input.value = initial;
    input.spellcheck = false;
    input.setAttribute("autocapitalize", "off");
    input.autocomplete = "off";
    label.append(caption, input);
    const error = el("span", "path-form-error");
    error.setAttribute("role", "alert");
    const ok = el("button", "button button-small button-primary");
    ok.type = "button";
    ok.textContent = t("common.ok");
    const cancel = el("button", "button button-small button-quiet");
    cancel.type = "button";
    cancel.textContent = t("common.cancel");
    let done = false;
    const submit = () => {
      const message = onSubmit(normalise(input.value));
      if (message) {
        error.textContent = `✖ ${message}`;
        input.setAttribute("aria-invalid", "true");
        input.focus();
      } else {
        done = true;
      }
    };
    ok.addEventListener("click", submit);
    cancel.addEventListener("click", () => {
      done = true;
      onCancel();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        submit();
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        done = true;
        onCancel();
      }
    });
    form.append(label, ok, cancel, error);
    form.addEventListener("focusout", (event) => {
      if (!done && !form.contains(event.relatedTarget) && event.relatedTarget !== null) onCancel();
    });
    return form;
  }

  function renderFile() {
    const file = current();
    if (!file) {
      fileView.hidden = true;
      return;
    }
    fileView.hidden = false;
    fileTitle.textContent = t("context.editing", { path: file.path });
    execInput.checked = Boolean(file.mode & 0o111);
    execText.textContent = t("context.executable");
    if (file.text === null) {
      binaryNote.hidden = false;
      binaryNote.textContent = file.size > EDIT_LIMIT
        ? t("context.largeNote", { size: sizeText(file.size) })
        : t("context.binaryNote", { n: file.size });
      editorMount.hidden = true;
    } else {
      binaryNote.hidden = true;
      editorMount.hidden = false;
      editor.setMode(file.path === ".dockerignore" || file.path.endsWith("/.dockerignore") ? "dockerignore" : "plain");
      editor.setValue(file.text);
    }
  }

  function renderLoaded() {
    loadedBox.hidden = loaded.length === 0;
    loadedTitle.textContent = t("context.loadedTitle");
    const frag = document.createDocumentFragment();
    for (const entry of loaded) {
      const item = el("li", entry.result.ok ? "context-loaded-ok" : "context-loaded-error");
      if (entry.result.ok) {
        const names = entry.result.images.flatMap((im) => (im.tags.length ? im.tags : [im.id.slice(7, 19)]));
        item.textContent = `✔ ${t("context.loadedImage", { tags: names.join(", ") || "<none>" })}`;
        item.title = entry.name;
      } else {
        item.textContent = `✖ ${t("context.loadFailed", { name: entry.name, error: entry.result.error })}`;
      }
      frag.append(item);
    }
    const note = el("li", "context-loaded-note");
    note.textContent = t("context.loadedNote");
    frag.append(note);
    loadedList.replaceChildren(frag);
  }

  function relabel() {
    newButton.lastChild.textContent = t("context.new");
    uploadButton.lastChild.textContent = t("context.upload");
    ignoreButton.lastChild.textContent = t("context.createIgnore");
    archiveButton.lastChild.textContent = t("context.loadArchive");
    archiveButton.title = t("context.loadArchiveHint");
    uploadButton.title = t("context.uploadHint");
    dropHint.textContent = t("context.dropHint");
    editor.setLabel(t("context.editorLabel"));
    renderCreate();
    renderList();
    renderFile();
    renderLoaded();
    editor.relabel();
  }

  function renderCreate() {
    createRow.hidden = !creating;
    if (!creating) {
      createRow.replaceChildren();
      return;
    }
    const form = pathForm("", (path) => {
      const problem = problemWith(path, null);
      if (problem) return problem;
      creating = false;
      renderCreate();
      addFile(path, new Uint8Array(0));
      editor.focus();
      return null;
    }, () => {
      creating = false;
      renderCreate();
      newButton.focus();
    }, "context.newLabel");
    const caption = el("span", "path-form-caption");
    caption.textContent = t("context.newLabel");
    createRow.replaceChildren(caption, form);
    const input = form.querySelector("input");
    input.placeholder = "src/app.js";
    input.focus();
  }

  // ---- actions ----------------------------------------------------------------------------------------------------

  function select(path) {
    selected = path;
    renderList();
    renderFile();
  }

  function rename(from, to) {
    if (to === from) {
      renaming = null;
      renderList();
      return null;
    }
    const problem = problemWith(to, from);
    if (problem) return problem;
    const file = files.find((f) => f.path === from);
    file.path = to;
    sortFiles();
    renaming = null;
    if (selected === from) selected = to;
    renderList();
    renderFile();
    changed();
    const button_ = [...list.querySelectorAll(".context-path")].find((n) => n.textContent === to);
    if (button_) button_.parentElement.focus();
    return null;
  }

  function remove(path) {
    const index = files.findIndex((f) => f.path === path);
    if (index === -1) return;
    const [file] = files.splice(index, 1);
    if (selected === path) selected = null;
    renderList();
    renderFile();
    changed();
    options.notify("info", t("context.deleted", { path }), [
      {
        label: t("common.undo"),
        run() {
          if (!files.some((f) => f.path === file.path)) {
            files.push(file);
            sortFiles();
            select(file.path);
            changed();
          }
        },
      },
    ]);
    const next = list.querySelector(".context-name") || newButton;
    next.focus();
  }

  async function importFiles(fileList, { forceArchive = false } = {}) {
    for (const file of fileList) {
      if (forceArchive || ARCHIVE_NAME.test(file.name)) {
        const result = await options.loadArchive(file, file.name);
        if (result.ok || forceArchive) {
          loaded.push({ name: file.name, result });
          renderLoaded();
        }
        if (result.ok) {
          const names = result.images.flatMap((im) => (im.tags.length ? im.tags : [im.id.slice(7, 19)]));
          options.notify("success", t("context.loadedImage", { tags: names.join(", ") || "<none>" }));
          continue;
        }
        if (forceArchive) {
          options.notify("error", t("context.loadFailed", { name: file.name, error: result.error }));
          continue;
        }
        options.notify("info", t("context.notAnArchive", { name: file.name }), [], { detail: result.error });
      }
      let data = file; // big files stay Files: the worker reads them
      if (file.size <= EDIT_LIMIT) {
        try {
          data = new Uint8Array(await file.arrayBuffer());
        } catch (error) {
          options.notify("error", t("context.readFailed", { name: file.name, error: error.message }));
          continue;
        }
      }
      if (data instanceof Uint8Array && (/^dockerfile$/i.test(file.name) || /\.dockerfile$/i.test(file.name))) {
        const text = bytesToText(data);
        if (text !== null) {
          options.onDockerfile(text, file.name);
          continue;
        }
      }
      let path = normalise(file.name);
      if (problemWith(path, path)) path = `files/${path}`;
      const problem = problemWith(path, path);
      if (problem) {
        options.notify("error", problem);
        continue;
      }
      addFile(path, data);
    }
  }

  newButton.addEventListener("click", () => {
    creating = true;
    renderCreate();
  });
  uploadButton.addEventListener("click", () => fileInput.click());
  archiveButton.addEventListener("click", () => archiveInput.click());
  fileInput.addEventListener("change", () => {
    importFiles([...fileInput.files]);
    fileInput.value = "";
  });
  archiveInput.addEventListener("change", () => {
    importFiles([...archiveInput.files], { forceArchive: true });
    archiveInput.value = "";
  });
  ignoreButton.addEventListener("click", () => {
    if (files.some((f) => f.path === ".dockerignore")) return;
    addFile(".dockerignore", textToBytes(t("context.ignoreTemplate")));
    editor.focus();
  });
  execInput.addEventListener("change", () => {
    const file = current();
    if (!file) return;
    file.mode = execInput.checked ? 0o755 : 0o644;
    renderList();
    changed();
  });

  // Drag and drop anywhere on the page: never let the browser navigate away to a dropped file.
  let dragDepth = 0;
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");
  document.addEventListener("dragenter", (event) => {
    if (!hasFiles(event)) return;
    dragDepth++;
    document.documentElement.classList.add("is-dragging-files");
  });
  document.addEventListener("dragleave", (event) => {
    if (!hasFiles(event)) return;
    dragDepth = Math.max(0, dragDepth - 1);
    if (!dragDepth) document.documentElement.classList.remove("is-dragging-files");
  });
  document.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  });
  document.addEventListener("drop", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragDepth = 0;
    document.documentElement.classList.remove("is-dragging-files");
    importFiles([...event.dataTransfer.files]);
  });

  return {
    get files() {
      return files;
    },
    /** Replaces every file (an example, a share link, the saved work). */
    setFiles(next) {
      files = next.map((f) => ({ ...f }));
      sortFiles();
      selected = null;
      renaming = null;
      renderList();
      renderFile();
    },
    importFiles,
    relabel,
    select,
  };
}

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

function div(className) {
  return el("div", className);
}

function button(className, iconName) {
  const node = el("button", className);
  node.type = "button";
  const mark = el("span", "icon");
  mark.setAttribute("aria-hidden", "true");
  mark.append(icon(iconName));
  node.append(mark, el("span", "label"));
  return node;
}
