// Export: the finished build's image tarball as a download, and what to type to run it with a real Docker.

/** `hello` → `hello.tar`, `lee20h/hello:1.0` → `lee20h-hello-1.0.tar`, none → `image.tar`. */
export function fileNameFor(tags) {
  const first = (tags || []).find((tag) => tag && tag.trim());
  if (!first) return "image.tar";
  return `${first.trim().replace(/[/:]/g, "-")}.tar`;
}

/** Copies `text`; falls back to a hidden textarea where the Clipboard API is missing or refused. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

/** A code line with a copy button. */
export function copyableCode(text, t, { label } = {}) {
  const row = document.createElement("div");
  row.className = "copy-row";
  const code = document.createElement("code");
  code.className = "copy-code";
  code.textContent = text;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button-small button-quiet copy-button";
  button.textContent = t("common.copy");
  button.setAttribute("aria-label", `${t("common.copy")}: ${label || text}`);
  button.addEventListener("click", async () => {
    const ok = await copyText(text);
    button.textContent = ok ? `✔ ${t("common.copied")}` : t("common.copyFailed");
    setTimeout(() => (button.textContent = t("common.copy")), 1600);
  });
  row.append(code, button);
  return row;
}

/**
 * options: { core, t, dialog, body, notify }
 * `run(tags)` downloads the tarball and opens the dialog with the commands.
 */
export function createExporter({ core, t, dialog, body, onExported = () => {} }) {
  let lastSummary = null;
  let lastUrl = null;
  let lastName = null;

  function render() {
    const s = lastSummary;
    if (!s) return;
    const frag = document.createDocumentFragment();
    const intro = el("p", "export-intro");
    intro.textContent = t("export.downloaded", { name: lastName, size: formatBytes(s.bytes || 0) });
    frag.append(intro);
    if (lastUrl) {
      const again = document.createElement("a");
      again.className = "button button-small";
      again.href = lastUrl;
      again.download = lastName;
      again.textContent = t("export.downloadAgain");
      frag.append(again);
    }

    const stepsTitle = el("h3", "export-subtitle");
    stepsTitle.textContent = t("export.commandsTitle");
    frag.append(stepsTitle);
    const commands = el("ol", "export-commands");
    for (const command of s.commands || []) {
      const item = el("li");
      item.append(copyableCode(command, t));
      commands.append(item);
    }
    frag.append(commands);

    const idsTitle = el("h3", "export-subtitle");
    idsTitle.textContent = t("export.idsTitle");
    frag.append(idsTitle);
    for (const image of s.images || []) {
      const table = el("dl", "export-ids");
      const add = (term, value, hint) => {
        if (!value) return;
        const dt = el("dt");
        dt.textContent = term;
        const dd = el("dd");
        const code = el("code");
        code.textContent = value;
        if (hint) code.title = hint;
        dd.append(code);
        table.append(dt, dd);
      };
      add(t("export.repoTags"), (image.repo_tags || []).join(", ") || "<none>:<none>");
      add(t("export.classicId"), image.classic_id, image.image_id);
      add(t("export.containerdId"), image.containerd_id, image.manifest_digest);
      add(t("export.fullId"), image.image_id);
      add(t("export.manifestDigest"), image.manifest_digest);
      frag.append(table);
    }
    const storeNote = el("p", "export-note");
    storeNote.textContent = t("export.storeNote");
    frag.append(storeNote);
    const created = el("p", "export-note");
    created.textContent = t("export.createdNote");
    frag.append(created);
    if (s.minibox === false) {
      const warn = el("p", "export-warning");
      warn.textContent = `⚠ ${t("export.noMinibox")}`;
      frag.append(warn);
    }
    body.replaceChildren(frag);
  }

  return {
    async run(tags) {
      // The Blob is made in the worker: a big image is never copied on the page's thread.
      const [blob, summary] = await Promise.all([core.exportBlob(), core.exportSummary()]);
      const name = summary && summary.file_name ? summary.file_name : fileNameFor(tags);
      window.__layerlabLastExport = blob;
      onExported(summary);
      if (lastUrl) URL.revokeObjectURL(lastUrl);
      lastUrl = URL.createObjectURL(blob);
      lastName = name;
      lastSummary = { ...summary, bytes: summary && summary.bytes ? summary.bytes : blob.size };
      const link = document.createElement("a");
      link.href = lastUrl;
      link.download = name;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      render();
      if (!dialog.open) dialog.showModal();
    },
    relabel: render,
  };
}

export function formatBytes(n) {
  if (n < 1000) return `${n} B`;
  if (n < 1000 * 1000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1000 / 1000).toFixed(1)} MB`;
}

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
