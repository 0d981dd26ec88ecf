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

// The four components (and the context) keep one icon and one colour on every page: drawn here as inline SVG,
// coloured by style.css from data-component. Decorative: the heading next to it says the component's name.
const iconPaths = {
  connectivite: ["M2.5 9a14 14 0 0 1 19 0", "M5.5 12.5a9.5 9.5 0 0 1 13 0", "M8.5 16a5 5 0 0 1 7 0", "M12 19.5h.01"],
  equipement: ["M4.5 5.5h15a1 1 0 0 1 1 1v9h-17v-9a1 1 0 0 1 1-1z", "M2 18.5h20"],
  "services-et-ressources": ["M3 5h6a3 3 0 0 1 3 3v12a2.5 2.5 0 0 0-2.5-2.5H3z", "M21 5h-6a3 3 0 0 0-3 3v12a2.5 2.5 0 0 1 2.5-2.5H21z"],
  experimentations: ["M9 3h6", "M10 3v6.5L4.8 18.2A1.9 1.9 0 0 0 6.4 21h11.2a1.9 1.9 0 0 0 1.6-2.8L14 9.5V3", "M7 15h10"],
  contexte: ["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z", "M12 11v5.5", "M12 7.5h.01"],
};

const componentIds = {
  "Connectivité": "connectivite", "Équipement": "equipement", "Services et ressources": "services-et-ressources",
  "Expérimentations": "experimentations", "Contexte": "contexte",
};

/** The component id (« connectivite ») of a component's French name (« Connectivité »), when it is one of ours. */
export function componentId(label) { return componentIds[label] || null; }

/** The component's icon: an inline, decorative SVG; empty when the component is not known. */
export function componentIcon(id) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "component-icon");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  for (const d of iconPaths[id] || []) {
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

/** A component's heading: its icon then its name, in the component's colour. */
export function componentHeading(tag, id, label) {
  const heading = el(tag, "component-heading");
  heading.dataset.component = id || "";
  heading.append(componentIcon(id), el("span", null, label));
  return heading;
}
