// The lessons' Markdown, the small part of it docs/lessons.md allows, turned into DOM nodes (never markup): ## and ###
// headings, paragraphs, - and 1. lists, fenced code blocks, `code`, **bold**, *emphasis* and [links](https://…).
// A fenced block whose info string ends with " try" gets a button from `tryButton(lang, text)`.

/**
 * text → DocumentFragment. options: { tryButton(lang, code) → Node | null, headingLevel (the level ## becomes) }.
 */
export function renderMarkdown(text, { tryButton = () => null, headingLevel = 3 } = {}) {
  const out = document.createDocumentFragment();
  const lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  let paragraph = [];
  let list = null; // { el, ordered }

  const flushParagraph = () => {
    if (paragraph.length) {
      const p = document.createElement("p");
      inline(p, paragraph.join(" "));
      out.append(p);
      paragraph = [];
    }
  };
  const closeList = () => {
    list = null;
  };

  while (i < lines.length) {
    const line = lines[i];
    const fence = line.match(/^```\s*([^`]*)$/);
    if (fence) {
      flushParagraph();
      closeList();
      const info = fence[1].trim();
      const body = [];
      i += 1;
      while (i < lines.length && !/^```\s*$/.test(lines[i])) body.push(lines[i++]);
      i += 1; // the closing fence (or the end)
      const code = body.join("\n");
      const lang = info.replace(/\s+try$/, "");
      const pre = document.createElement("pre");
      pre.className = "md-code";
      const el = document.createElement("code");
      if (lang) el.dataset.lang = lang;
      el.textContent = code;
      pre.append(el);
      const wrap = document.createElement("div");
      wrap.className = "md-block";
      wrap.append(pre);
      if (/\stry$/.test(info)) {
        const button = tryButton(lang, code);
        if (button) wrap.append(button);
      }
      out.append(wrap);
      continue;
    }
    const heading = line.match(/^(#{2,3})\s+(.*)$/);
    if (heading) {
      flushParagraph();
      closeList();
      const level = Math.min(6, headingLevel + heading[1].length - 2);
      const el = document.createElement(`h${level}`);
      el.className = "md-heading";
      inline(el, heading[2]);
      out.append(el);
      i += 1;
      continue;
    }
    const item = line.match(/^\s*(?:([-*])|(\d+)\.)\s+(.*)$/);
    if (item) {
      flushParagraph();
      const ordered = Boolean(item[2]);
      if (!list || list.ordered !== ordered) {
        list = { el: document.createElement(ordered ? "ol" : "ul"), ordered };
        list.el.className = "md-list";
        out.append(list.el);
      }
      const li = document.createElement("li");
      let textOfItem = item[3];
      // continuation lines (indented) belong to the item
      while (i + 1 < lines.length && /^\s{2,}\S/.test(lines[i + 1]) && !/^\s*(?:[-*]|\d+\.)\s+/.test(lines[i + 1])) {
        textOfItem += ` ${lines[i + 1].trim()}`;
        i += 1;
      }
      inline(li, textOfItem);
      list.el.append(li);
      i += 1;
      continue;
    }
    if (!line.trim()) {
      flushParagraph();
      closeList();
      i += 1;
      continue;
    }
    closeList();
    paragraph.push(line.trim());
    i += 1;
  }
  flushParagraph();
  return out;
}

/** One line of inline Markdown (`code`, **bold**, *emphasis*, links) → DocumentFragment. */
export function renderInline(text) {
  const out = document.createDocumentFragment();
  inline(out, String(text || ""));
  return out;
}

/** Appends `text`'s inline Markdown to `parent` as nodes. */
function inline(parent, text) {
  const pattern = /(`+)([\s\S]*?)\1|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) parent.append(text.slice(at, match.index));
    if (match[1]) {
      const code = document.createElement("code");
      code.textContent = match[2].trim();
      parent.append(code);
    } else if (match[3] !== undefined) {
      const strong = document.createElement("strong");
      inline(strong, match[3]);
      parent.append(strong);
    } else if (match[4] !== undefined) {
      const em = document.createElement("em");
      inline(em, match[4]);
      parent.append(em);
    } else if (/^https?:\/\//.test(match[6])) {
      const a = document.createElement("a");
      a.href = match[6];
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = match[5];
      parent.append(a);
    } else {
      parent.append(match[5]); // only web links are links
    }
    at = match.index + match[0].length;
  }
  if (at < text.length) parent.append(text.slice(at));
}
