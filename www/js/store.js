// Persistence of the page's work and UI state (localStorage key "layerlab.v1") and share links (URL fragment).
// Knows nothing of the DOM or the core: it stores plain values and encodes/decodes share payloads.

const KEY = "layerlab.v1";
const SAVE_DELAY_MS = 250;

/** Files bigger than this are kept for the session only (localStorage holds a few MB per origin). */
export const KEEP_FILE_LIMIT = 256 * 1024;
/** All kept files together (base64 grows binary files by a third). */
export const KEEP_TOTAL_LIMIT = 2 * 1024 * 1024;
/** Share links carry only small text files. */
export const SHARE_FILE_LIMIT = 16 * 1024;
export const SHARE_TOTAL_LIMIT = 64 * 1024;

let cache = null;
let pending = null;
let timer = 0;
const listeners = new Set();

function readRaw() {
  try {
    const text = localStorage.getItem(KEY);
    if (!text) return {};
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** The saved state (an object; empty on a first visit or when storage is unavailable). */
export function loadState() {
  if (!cache) cache = readRaw();
  return cache;
}

/** True when nothing was saved before (a first visit). */
export function isFirstVisit() {
  return Object.keys(loadState()).length === 0;
}

/** Merges `patch` into the saved state; written shortly after (or at once with `flush`). */
export function saveState(patch) {
  cache = { ...loadState(), ...patch };
  pending = cache;
  clearTimeout(timer);
  timer = setTimeout(flush, SAVE_DELAY_MS);
}

/** Writes pending changes now. Returns false (and tells listeners) when the browser refused them. */
export function flush() {
  clearTimeout(timer);
  if (!pending) return true;
  const value = pending;
  pending = null;
  try {
    localStorage.setItem(KEY, JSON.stringify(value));
    return true;
  } catch (error) {
    for (const fn of listeners) fn(error);
    return false;
  }
}

/** `fn(error)` is called when a save fails (quota exceeded, storage disabled). */
export function onSaveError(fn) {
  listeners.add(fn);
}

addEventListener("pagehide", flush);
addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") flush();
});

// ---- bytes and text ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

export function textToBytes(text) {
  return encoder.encode(text);
}

/** The bytes as text when they are UTF-8 without NUL bytes, else null (a binary file). */
export function bytesToText(bytes) {
  if (bytes.length > 0 && bytes.indexOf(0) !== -1) return null;
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
}

export function bytesToBase64(bytes) {
  let out = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(out);
}

export function base64ToBytes(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function toBase64Url(bytes) {
  return bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  let b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  while (b64.length % 4) b64 += "=";
  return base64ToBytes(b64);
}

async function pipeThrough(bytes, stream) {
  const response = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

// ---- share links --------------------------------------------------------------------------------------------------

/**
 * Encodes a share payload as the fragment value: base64url of the JSON, compressed with deflate-raw when the
 * browser has CompressionStream. The reader tells the two apart by trying JSON first.
 */
export async function encodeShare(payload) {
  const json = textToBytes(JSON.stringify(payload));
  if (typeof CompressionStream === "function") {
    try {
      const packed = await pipeThrough(json, new CompressionStream("deflate-raw"));
      if (packed.length < json.length) return toBase64Url(packed);
    } catch {
      // fall back to plain JSON
    }
  }
  return toBase64Url(json);
}

/** Decodes a fragment value made by `encodeShare`. Throws when it is not one. */
export async function decodeShare(value) {
  const bytes = fromBase64Url(value);
  const plain = bytesToText(bytes);
  if (plain !== null && plain.trimStart().startsWith("{")) {
    try {
      return checkShare(JSON.parse(plain));
    } catch {
      // not plain JSON after all: try compressed
    }
  }
  if (typeof DecompressionStream !== "function") throw new Error("this browser cannot read compressed links");
  const unpacked = await pipeThrough(bytes, new DecompressionStream("deflate-raw"));
  return checkShare(JSON.parse(new TextDecoder().decode(unpacked)));
}

function checkShare(value) {
  if (!value || typeof value !== "object" || typeof value.dockerfile !== "string") {
    throw new Error("the link holds no Dockerfile");
  }
  const files = Array.isArray(value.files) ? value.files : [];
  return {
    dockerfile: value.dockerfile,
    files: files
      .filter((f) => f && typeof f.path === "string" && typeof f.text === "string")
      .map((f) => ({ path: f.path, text: f.text, mode: Number.isInteger(f.mode) ? f.mode : 0o644 })),
    tags: typeof value.tags === "string" ? value.tags : undefined,
    platform: typeof value.platform === "string" ? value.platform : undefined,
    buildArgs: typeof value.buildArgs === "string" ? value.buildArgs : undefined,
    target: typeof value.target === "string" ? value.target : undefined,
    noCache: typeof value.noCache === "boolean" ? value.noCache : undefined,
  };
}

/**
 * Which context files are kept in localStorage: text and binary files up to KEEP_FILE_LIMIT each, in list order,
 * until KEEP_TOTAL_LIMIT. Returns a Set of paths.
 */
export function keptPaths(files) {
  const kept = new Set();
  let total = 0;
  for (const file of files) {
    const size = typeof file.text === "string" ? file.text.length : file.bytes ? Math.ceil((file.bytes.length * 4) / 3) : Infinity;
    if (size > KEEP_FILE_LIMIT || total + size > KEEP_TOTAL_LIMIT) continue;
    total += size;
    kept.add(file.path);
  }
  return kept;
}
