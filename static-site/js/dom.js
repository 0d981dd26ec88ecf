// DOM and French formatting helpers. Every value from the data is written with textContent, never as HTML.

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** A link inside the site: the router turns its click into a page change without a reload. */
export function link(href, text, className) {
  const a = el("a", className, text);
  a.href = href;
  return a;
}

const narrow = "\u202f"; // narrow no-break space, before « % » in French typography

export function number(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  return value.toLocaleString("fr-FR", { maximumFractionDigits: digits });
}

export function percent(value) {
  if (value === null || value === undefined) return null;
  // 99.9999 is not 100 %: show one decimal unless the share is whole.
  const digits = Number.isInteger(value) ? 0 : 1;
  let text = value.toLocaleString("fr-FR", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (text === "100,0" && value < 100) text = "99,9";
  return `${text}${narrow}%`;
}

export function plural(count, singular, pluralForm) {
  return `${number(count)} ${count > 1 ? (pluralForm || `${singular}s`) : singular}`;
}

export const levelLabels = {
  commune: "Commune", departement: "Département", academie: "Académie", region: "Région", france: "France",
};

/** « académie de Toulouse », « département de la Haute-Garonne » would need grammar: keep « Académie : Toulouse ». */
export function territoryTitle(level, name) {
  if (level === "academie") return `Académie de ${name}`;
  return name;
}

export function territoryPath(level, code) {
  return level === "france" ? "/territoire/france" : `/territoire/${level}/${encodeURIComponent(code)}`;
}

export function schoolPath(uai) {
  return `/etablissement/${encodeURIComponent(uai)}`;
}

export function clear(node) { node.replaceChildren(); return node; }
