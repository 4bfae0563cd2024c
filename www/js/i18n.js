// The page's two languages. Dictionaries come from strings/app.js (the shell) and strings/panels.js (the panels),
// each `export default { ko: {...}, en: {...} }`. `t(key, params)` looks a key up in the current language, then in
// English, then returns the key itself; `{name}` in a string is replaced by `params.name`.

import { loadState, saveState } from "./store.js";

const LANGUAGES = ["ko", "en"];
const dictionaries = { ko: {}, en: {} };
const listeners = new Set();
let language = initialLanguage();

function initialLanguage() {
  const saved = loadState().language;
  if (LANGUAGES.includes(saved)) return saved;
  const preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (base === "ko") return "ko";
    if (base === "en") return "en";
  }
  return "en";
}

function merge(source) {
  if (!source || typeof source !== "object") return;
  for (const lang of LANGUAGES) {
    if (source[lang] && typeof source[lang] === "object") Object.assign(dictionaries[lang], source[lang]);
  }
}

/**
 * Loads both dictionaries. The panels' file is loaded on its own, so a missing or broken one leaves the shell's
 * strings working (the panels then show keys, which is visible and harmless).
 */
export async function loadDictionaries() {
  const results = await Promise.allSettled([import("./strings/app.js"), import("./strings/panels.js")]);
  for (const result of results) {
    if (result.status === "fulfilled") merge(result.value.default);
    else console.warn("layerlab: a string table failed to load", result.reason);
  }
  document.documentElement.lang = language;
}

export function t(key, params) {
  let text = dictionaries[language][key];
  if (text === undefined) text = dictionaries.en[key];
  if (text === undefined) return key;
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (whole, name) =>
      Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
    );
  }
  return text;
}

export function getLanguage() {
  return language;
}

export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang) || lang === language) return;
  language = lang;
  document.documentElement.lang = lang;
  saveState({ language: lang });
  for (const fn of listeners) {
    try {
      fn(lang);
    } catch (error) {
      console.error(error);
    }
  }
}

/** `fn(lang)` runs after every change of language. Returns a function that removes it. */
export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Fills the static markup: `data-i18n` sets textContent, `data-i18n-title`, `data-i18n-aria-label` and
 * `data-i18n-placeholder` set those attributes. Called at start and after a language change.
 */
export function translateDocument(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
}
