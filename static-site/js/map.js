// The map of France (/carte): régions, académies or départements coloured by an indicator of the
// catalogue (a choropleth with a legend of classes), the communes and the schools of a chosen
// département, and the same values as a sortable table (the accessible alternative). Leaflet and
// leaflet.markercluster are vendored in /vendor (no CDN) and loaded only when a map is shown; the
// contours are the site's own (/contours, simplified with mapshaper): no tile server, no internet.
//   /carte?niveau=departement&indicateur=arcep-eligibles-30&territoire=region:76
import { getJson, indicatorCatalogue } from "./api.js";
import { $, el, link, number, percent, schoolPath, territoryPath, clear } from "./dom.js";
import { pageFailed, pageReady, setBreadcrumb } from "./page.js";
import { formatValue as formatNumber } from "./chart.js";

const levels = { region: "Régions", academie: "Académies", departement: "Départements" };
const levelNames = { region: "région", academie: "académie", departement: "département", commune: "commune" };
// Eligibility at 30 Mbit/s is near 100 % everywhere in 2022: 100 Mbit/s tells the territories apart.
const defaultIndicator = "arcep-eligibles-100";
// Five classes, light to dark, of the site's accent (each step readable against the next).
export const palette = ["#e7eef8", "#b5cbe6", "#7fa3cf", "#3f6fae", "#123766"];
const missingColour = "#c8c8c8";
export const schoolTypes = [
  ["École", "ecole"], ["Collège", "college"], ["Lycée", "lycee"], ["EREA", "erea"],
];
// Metropolitan France: the first view; overseas territories are reached by the « Zoomer sur » list.
const metropole = [[41.3, -5.3], [51.2, 9.7]];

// ---- Loading Leaflet and the contours, once --------------------------------------------------------

let leaflet = null;
function addScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${src} n'a pas pu être chargé`));
    document.head.append(script);
  });
}
function addStyle(href) {
  if (document.querySelector(`link[href="${href}"]`)) return;
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = href;
  document.head.append(style);
}
export function loadLeaflet() {
  if (!leaflet) {
    addStyle("/vendor/leaflet/leaflet.css");
    addStyle("/vendor/leaflet.markercluster/MarkerCluster.css");
    addStyle("/vendor/leaflet.markercluster/MarkerCluster.Default.css");
    leaflet = addScript("/vendor/leaflet/leaflet.js")
      .then(() => addScript("/vendor/leaflet.markercluster/leaflet.markercluster.js"))
      .then(() => window.L)
      .catch((error) => { leaflet = null; throw error; });
  }
  return leaflet;
}

const contours = new Map();
/** A layer's contours: regions, academies, departements, or communes/31 (null when the site has none). */
export function loadContours(name) {
  if (!contours.has(name)) {
    contours.set(name, fetch(`/contours/${name}.json`).then((r) => {
      if (r.status === 404) return null;
      if (!r.ok) throw new Error(`contours ${name} : erreur ${r.status}`);
      return r.json();
    }).catch((error) => { contours.delete(name); throw error; }));
  }
  return contours.get(name);
}

// ---- Values, classes, formatting --------------------------------------------------------------------

/** The chart's French formatting (« 57,3 % », « 1 234,5 », « N.C. »), with the unit named when it is not a share. */
export function formatValue(value, indicator) {
  const text = formatNumber(value, indicator.unit);
  return value === null || value === undefined || indicator.unit === "%" ? text : `${text} ${indicator.unit}`;
}

/** Up to five classes of equal counts (quantiles), as [low, high] pairs, from the known values. */
export function classesOf(values) {
  const known = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (known.length === 0) return [];
  const count = Math.min(palette.length, new Set(known).size);
  const classes = [];
  for (let i = 0; i < count; i++) {
    const low = known[Math.floor(i * known.length / count)];
    const high = known[Math.min(known.length - 1, Math.floor((i + 1) * known.length / count) - 1)];
    if (classes.length && low <= classes[classes.length - 1][1]) classes[classes.length - 1][1] = Math.max(high, classes[classes.length - 1][1]);
    else classes.push([low, high]);
  }
  return classes;
}

function colourOf(value, classes) {
  if (value === null || value === undefined) return missingColour;
  const index = classes.findIndex(([, high]) => value <= high);
  const i = index < 0 ? classes.length - 1 : index;
  // Fewer than five classes: spread them over the palette, lightest to darkest.
  return palette[classes.length === 1 ? palette.length - 1 : Math.round(i * (palette.length - 1) / (classes.length - 1))];
}

function legend(node, classes, indicator, demonstration) {
  clear(node);
  node.append(el("p", "legend-title", indicator.label));
  const ul = el("ul");
  classes.forEach(([low, high], i) => {
    const li = el("li");
    const swatch = el("span", "swatch");
    swatch.dataset.colour = String(classes.length === 1 ? palette.length - 1 : Math.round(i * (palette.length - 1) / (classes.length - 1)));
    li.append(swatch, el("span", null, low === high ? formatValue(low, indicator) : `${formatValue(low, indicator)} à ${formatValue(high, indicator)}`));
    ul.append(li);
  });
  const none = el("li");
  const grey = el("span", "swatch");
  grey.dataset.colour = "nc";
  none.append(grey, el("span", null, "N.C. (non communiqué)"));
  ul.append(none);
  node.append(ul);
  if (demonstration) node.append(el("p", "legend-demo", "Données de démonstration"));
}

function tooltipContent(name, figure, indicator) {
  const box = el("div", "map-tooltip");
  box.append(el("strong", null, name));
  box.append(el("div", null, `${indicator.label} : ${formatValue(figure?.value, indicator)}`));
  if (figure && figure.schools > 0 && indicator.aggregation !== "part-des-locaux-des-communes") {
    box.append(el("div", null, `Couverture : ${number(figure.known)} établissements sur ${number(figure.schools)} (${percent(figure.coverage)})`));
  }
  if (figure && figure.demonstration > 0) box.append(el("div", "tooltip-demo", "Données de démonstration"));
  return box;
}

function territoryLabel(level, name) {
  return level === "academie" ? `Académie de ${name}` : name;
}

// ---- A choropleth on a Leaflet map (the map page and the territory page's small map) --------------

/**
 * Draws `features` coloured by `rows` (an API list with `indicateur`) on `map`, replacing `previous`;
 * a click opens the territory's page with `navigate`. Returns { layer, classes, bounds }.
 */
export function drawChoropleth(L, map, previous, features, rows, indicator, navigate) {
  if (previous) previous.remove();
  const byCode = new Map(rows.map((t) => [t.code, t]));
  const shown = features.filter((f) => byCode.has(f.properties.code));
  const classes = classesOf(rows.map((t) => t.indicateur?.value));
  const layer = L.geoJSON({ type: "FeatureCollection", features: shown }, {
    style: (f) => ({
      color: "#fff", weight: 1, fillOpacity: .85,
      fillColor: colourOf(byCode.get(f.properties.code).indicateur?.value, classes),
    }),
    onEachFeature: (f, shape) => {
      const t = byCode.get(f.properties.code);
      shape.bindTooltip(tooltipContent(territoryLabel(t.level, t.name), t.indicateur, indicator), { sticky: true });
      shape.on("click", () => navigate(territoryPath(t.level, t.code)));
      shape.on("add", () => { const path = shape.getElement(); if (path) path.dataset.code = t.code; });
      shape.on("mouseover", () => shape.setStyle({ weight: 3, color: "#161616" }));
      shape.on("mouseout", () => shape.setStyle({ weight: 1, color: "#fff" }));
    },
  }).addTo(map);
  return { layer, classes, bounds: shown.length ? layer.getBounds() : null };
}

/** Schools as points coloured by type, clustered when dense; each opens its fiche (click or Entrée). */
export function drawSchools(L, map, previous, points, navigate) {
  if (previous) previous.remove();
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45, disableClusteringAtZoom: 15 });
  for (const p of points) {
    const type = (schoolTypes.find(([label]) => label === p.type) || ["", "autre"])[1];
    const marker = L.marker([p.latitude, p.longitude], {
      icon: L.divIcon({ className: `school-dot school-${type}`, iconSize: [14, 14], html: "" }),
      title: p.name, alt: p.name, keyboard: true,
    });
    marker.bindTooltip(el("span", null, `${p.name} (${p.type})`));
    marker.on("click", () => navigate(schoolPath(p.uai)));
    marker.on("add", () => {
      const icon = marker.getElement();
      if (icon && !icon.dataset.uai) {
        icon.dataset.uai = p.uai;
        icon.setAttribute("role", "link");
        icon.addEventListener("keydown", (event) => { if (event.key === "Enter") navigate(schoolPath(p.uai)); });
      }
    });
    cluster.addLayer(marker);
  }
  return cluster.addTo(map);
}

export function schoolsLegend() {
  const ul = el("ul", "school-legend");
  ul.setAttribute("aria-label", "Établissements, par type");
  for (const [label, type] of schoolTypes) {
    const li = el("li");
    li.append(el("span", `school-dot school-${type}`), el("span", null, label));
    ul.append(li);
  }
  return ul;
}

/** Fits the map to `bounds`, and again whenever its box changes size (a phone turned, a window resized). */
export function fitTo(map, bounds, options = {}) {
  map.ecartoFit = { bounds, options };
  map.fitBounds(bounds, options);
}

export function newMap(L, container) {
  const map = L.map(container, {
    zoomSnap: 0.25, minZoom: 2, maxZoom: 17, attributionControl: true, preferCanvas: false,
    zoomControl: true,
  });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Contours : IGN Admin Express, Éducation nationale · Leaflet");
  fitTo(map, metropole);
  let timer = 0;
  new ResizeObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!container.offsetWidth) return;
      map.invalidateSize();
      if (map.ecartoFit) map.fitBounds(map.ecartoFit.bounds, map.ecartoFit.options);
    }, 100);
  }).observe(container);
  return map;
}

// ---- The map page ---------------------------------------------------------------------------------

let page = null; // the page's nodes, built once
let state = null; // { L, map, areas, schools }
let current = 0;
/** Opens a page of the site through the router (app.js turns a same-site link's click into a page change). */
export function go(href) {
  const a = link(href, "");
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

function buildPage() {
  const section = el("section", "map-page");
  section.id = "carte";
  section.setAttribute("aria-labelledby", "carte-titre");
  const title = el("h1", null, "La carte");
  title.id = "carte-titre";
  const intro = el("p", "subtitle", "Chaque territoire coloré selon l'indicateur choisi. Survolez un territoire pour lire sa valeur, cliquez pour ouvrir sa page ; les mêmes valeurs sont dans le tableau sous la carte.");
  const form = el("form", "map-controls");
  form.id = "carte-choix";
  form.setAttribute("aria-label", "Ce que montre la carte");
  const field = (id, label, select) => {
    const box = el("div", "field");
    const l = el("label", null, label);
    l.htmlFor = id;
    select.id = id;
    box.append(l, select);
    return box;
  };
  const level = el("select");
  for (const [value, label] of Object.entries(levels)) { const o = el("option", null, label); o.value = value; level.append(o); }
  const indicator = el("select");
  const territory = el("select");
  const focus = field("carte-territoire", "Zoomer sur", territory);
  form.append(field("carte-niveau", "Territoires", level), field("carte-indicateur", "Indicateur", indicator), focus);
  form.querySelector("#carte-indicateur").parentElement.classList.add("grow");
  const demo = el("p", "demo");
  demo.id = "carte-demo";
  demo.setAttribute("role", "note");
  demo.hidden = true;
  demo.append(el("strong", null, "Données de démonstration."),
    " Cet indicateur agrège l'inventaire numérique de démonstration généré par eCarto, faute de source publique : ses valeurs ne décrivent pas les territoires réels.");
  const frame = el("div", "map-frame");
  const mapBox = el("div", "map");
  mapBox.id = "carte-map";
  mapBox.setAttribute("role", "region");
  mapBox.setAttribute("aria-label", "Carte (les mêmes valeurs sont dans le tableau qui suit)");
  const legendBox = el("div", "map-legend");
  legendBox.id = "carte-legende";
  frame.append(mapBox, legendBox);
  const status = el("p", "status");
  status.id = "carte-statut";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const tableSection = el("section", "map-table");
  tableSection.setAttribute("aria-labelledby", "carte-tableau-titre");
  const tableTitle = el("h2", null, "Les valeurs en tableau");
  tableTitle.id = "carte-tableau-titre";
  const scroll = el("div", "table-scroll");
  scroll.setAttribute("role", "region");
  scroll.setAttribute("aria-labelledby", "carte-tableau-titre");
  scroll.tabIndex = 0;
  const table = el("table", "map-values sortable");
  table.id = "carte-tableau";
  const caption = el("caption");
  const thead = el("thead");
  const tr = el("tr");
  for (const [key, label] of [["name", "Territoire"], ["value", "Valeur"], ["coverage", "Couverture"]]) {
    const th = el("th");
    th.scope = "col";
    th.dataset.key = key;
    const button = el("button", "sort", label);
    button.type = "button";
    button.addEventListener("click", () => sortTable(key));
    th.append(button);
    tr.append(th);
  }
  thead.append(tr);
  table.append(caption, thead, el("tbody"));
  scroll.append(table);
  const announce = el("p", "visually-hidden");
  announce.id = "carte-tri";
  announce.setAttribute("aria-live", "polite");
  tableSection.append(tableTitle, scroll, announce);
  section.append(title, intro, form, demo, status, frame, tableSection);
  $("main").append(section);
  const change = () => go(`/carte?${new URLSearchParams(Object.entries({
    niveau: level.value, indicateur: indicator.value, territoire: territory.value,
  }).filter(([, v]) => v))}`);
  level.addEventListener("change", () => { territory.value = ""; change(); });
  indicator.addEventListener("change", change);
  territory.addEventListener("change", change);
  form.addEventListener("submit", (event) => event.preventDefault());
  return { section, level, indicator, territory, demo, mapBox, legendBox, status, table, caption, announce, tableTitle };
}

export function hideMap() {
  if (page) page.section.hidden = true;
}

let tableRows = [];
let tableIndicator = null;
let sortState = { key: "name", direction: "ascending" };

function sortTable(key) {
  sortState = { key, direction: sortState.key === key && sortState.direction === "ascending" ? "descending" : "ascending" };
  renderTable();
  const label = { name: "nom", value: "valeur", coverage: "couverture" }[key];
  page.announce.textContent = `Tableau trié par ${label}, ordre ${sortState.direction === "ascending" ? "croissant" : "décroissant"}.`;
}

function renderTable() {
  const { key, direction } = sortState;
  const sign = direction === "ascending" ? 1 : -1;
  const valueOf = (t) => key === "name" ? t.name : key === "value" ? t.indicateur?.value : t.indicateur?.coverage;
  const rows = [...tableRows].sort((a, b) => {
    const x = valueOf(a), y = valueOf(b);
    if (x === y) return a.name.localeCompare(b.name, "fr");
    if (x === null || x === undefined) return 1; // N.C. last, whichever the direction
    if (y === null || y === undefined) return -1;
    return sign * (typeof x === "string" ? x.localeCompare(y, "fr") : x - y);
  });
  for (const th of page.table.querySelectorAll("th[data-key]")) {
    if (th.dataset.key === key) th.setAttribute("aria-sort", direction);
    else th.removeAttribute("aria-sort");
  }
  const body = clear(page.table.querySelector("tbody"));
  for (const t of rows) {
    const tr = el("tr");
    tr.dataset.code = t.code;
    const name = el("th");
    name.scope = "row";
    name.append(link(territoryPath(t.level, t.code), territoryLabel(t.level, t.name)));
    const value = el("td", "number", formatValue(t.indicateur?.value, tableIndicator));
    if (t.indicateur?.demonstration > 0) value.append(el("span", "badge demo-badge", "démo"));
    const coverage = t.indicateur && t.indicateur.schools > 0 && tableIndicator.aggregation !== "part-des-locaux-des-communes"
      ? `${percent(t.indicateur.coverage)} (${number(t.indicateur.known)} / ${number(t.indicateur.schools)})`
      : "—";
    tr.append(name, value, el("td", "number", coverage));
    body.append(tr);
  }
}

/** The territories the « Zoomer sur » list offers: every région, académie and département. */
let choices = null;
function territoryChoices() {
  if (!choices) {
    choices = Promise.all(Object.keys(levels).map((level) => getJson(`/api/territoires/${level}`)))
      .catch((error) => { choices = null; throw error; });
  }
  return choices;
}

export async function showMap(params) {
  const navigate = go;
  const request = ++current;
  if (!page) page = buildPage();
  page.section.hidden = false;
  const level = levels[params.get("niveau")] ? params.get("niveau") : "region";
  const focusText = params.get("territoire") || "";
  const focus = /^(region|academie|departement):[0-9AB]{2,3}$/.test(focusText) ? { level: focusText.split(":")[0], code: focusText.split(":")[1] } : null;
  try {
    const [catalogue, lists, L] = await Promise.all([indicatorCatalogue(), territoryChoices(), loadLeaflet()]);
    if (request !== current) return;
    const mappable = catalogue.indicators.filter((i) => i.aggregation !== "tranches");
    const indicator = mappable.find((i) => i.id === params.get("indicateur")) || mappable.find((i) => i.id === defaultIndicator) || mappable[0];
    fillSelects(catalogue, mappable, lists, level, indicator, focusText);
    // What is coloured: the level chosen over France; within a région or an académie, its départements;
    // within a département, its communes (when the site has their contours).
    let areaLevel = level, parent = "", contourName = { region: "regions", academie: "academies", departement: "departements" }[level];
    let focusName = null;
    if (focus) {
      const entry = lists.flatMap((l) => l.territories).find((t) => t.level === focus.level && t.code === focus.code);
      focusName = entry ? territoryLabel(entry.level, entry.name) : focusText;
      parent = `&parent=${focus.level}:${focus.code}`;
      if (focus.level === "departement") {
        areaLevel = "commune";
        contourName = `communes/${focus.code}`;
      } else {
        areaLevel = "departement";
        contourName = "departements";
      }
    }
    page.status.textContent = "Chargement de la carte…";
    let [rows, features] = await Promise.all([
      getJson(`/api/territoires/${areaLevel}?indicateur=${encodeURIComponent(indicator.id)}${parent}`),
      loadContours(contourName),
    ]);
    let noCommunes = false;
    if (!features && areaLevel === "commune") {
      // No commune contours for this département: colour the département itself.
      noCommunes = true;
      [rows, features] = await Promise.all([
        getJson(`/api/territoires/departement?indicateur=${encodeURIComponent(indicator.id)}`),
        loadContours("departements"),
      ]);
      rows = { ...rows, territories: rows.territories.filter((t) => t.code === focus.code) };
    }
    if (request !== current) return;
    if (!state) {
      state = { L, map: newMap(L, page.mapBox), areas: null, schools: null };
    }
    state.map.invalidateSize();
    const drawn = drawChoropleth(L, state.map, state.areas?.layer, features.features, rows.territories, indicator, navigate);
    state.areas = drawn;
    if (state.schools) { state.schools.remove(); state.schools = null; }
    let schoolsNote = "";
    if (focus && focus.level === "departement") {
      const points = await getJson(`/api/territoires/departement/${encodeURIComponent(focus.code)}/etablissements?vue=points`);
      if (request !== current) return;
      state.schools = drawSchools(L, state.map, null, points.points, navigate);
      schoolsNote = ` ${number(points.located)} établissements placés sur la carte (regroupés quand ils sont proches ; chacun ouvre sa fiche).`;
    }
    if (focus && drawn.bounds) fitTo(state.map, drawn.bounds, { padding: [10, 10] });
    else if (!focus) fitTo(state.map, metropole);
    legend(page.legendBox, drawn.classes, indicator, rows.demonstration);
    if (focus && focus.level === "departement") page.legendBox.append(schoolsLegend());
    page.demo.hidden = !rows.demonstration;
    tableRows = rows.territories;
    tableIndicator = indicator;
    renderTable();
    const what = focus
      ? `${areaLevel === "commune" && !noCommunes ? "Communes" : "Départements"} de ${focusName}`
      : levels[level];
    page.caption.textContent = `${what} : ${indicator.label}${rows.demonstration ? " (données de démonstration)" : ""}`;
    page.tableTitle.textContent = `Les valeurs en tableau (${number(rows.territories.length)})`;
    page.status.textContent = `${what} colorés selon « ${indicator.label} ».${noCommunes ? " Les contours des communes ne sont disponibles que pour l'Occitanie." : ""}${schoolsNote}`;
    page.section.dataset.ready = `${areaLevel}:${indicator.id}:${focus ? focusText : ""}`;
    setBreadcrumb(focus
      ? [{ label: "France", href: territoryPath("france") }, { label: "La carte", href: `/carte?indicateur=${indicator.id}` }, { label: focusName, href: territoryPath(focus.level, focus.code) }]
      : []);
    pageReady(focus ? `Carte : ${focusName}` : "La carte");
  } catch (error) {
    if (request !== current) return;
    page.status.textContent = "";
    pageFailed(error, () => showMap(params), "Impossible d'afficher la carte");
  }
}

function fillSelects(catalogue, mappable, lists, level, indicator, focusText) {
  page.level.value = level;
  if (page.indicator.options.length === 0) {
    for (const component of catalogue.components) {
      const group = el("optgroup");
      group.label = component.label;
      for (const i of mappable.filter((x) => x.component === component.id)) {
        const o = el("option", null, i.canBeDemonstration ? `${i.label} (démo)` : i.label);
        o.value = i.id;
        group.append(o);
      }
      if (group.children.length) page.indicator.append(group);
    }
  }
  page.indicator.value = indicator.id;
  if (page.territory.options.length === 0) {
    const all = el("option", null, "France entière");
    all.value = "";
    page.territory.append(all);
    for (const list of lists) {
      const group = el("optgroup");
      group.label = levels[list.level];
      for (const t of [...list.territories].sort((a, b) => a.name.localeCompare(b.name, "fr"))) {
        const o = el("option", null, territoryLabel(t.level, t.name));
        o.value = `${t.level}:${t.code}`;
        group.append(o);
      }
      page.territory.append(group);
    }
  }
  page.territory.value = focusText;
  if (page.territory.value !== focusText) page.territory.value = "";
}

// ---- The territory page's small map: its children coloured ----------------------------------------

const childLevels = { france: "region", region: "departement", academie: "departement", departement: "commune" };
const smallMapIndicator = defaultIndicator;
let small = null; // { section, box, legendBox, link, L, map, areas, schools }
let smallRequest = 0;

/** On a territory's page, before its children's list: its children coloured on a small map (nothing for a commune). */
export async function showTerritoryMap(t) {
  const request = ++smallRequest;
  const level = childLevels[t.level];
  if (small) small.section.hidden = true;
  if (!level) return;
  const contourName = level === "commune" ? `communes/${t.code}` : { region: "regions", departement: "departements" }[level];
  try {
    const parent = t.level === "france" ? "" : `&parent=${t.level}:${encodeURIComponent(t.code)}`;
    const [L, catalogue, features, rows] = await Promise.all([
      loadLeaflet(), indicatorCatalogue(), loadContours(contourName),
      getJson(`/api/territoires/${level}?indicateur=${smallMapIndicator}${parent}`),
    ]);
    if (request !== smallRequest || !features) return;
    const indicator = catalogue.indicators.find((i) => i.id === smallMapIndicator);
    if (!small) {
      const section = el("section", "territory-map");
      section.id = "territoire-carte";
      section.setAttribute("aria-labelledby", "territoire-carte-titre");
      const title = el("h2", null, "Sur la carte");
      title.id = "territoire-carte-titre";
      const help = el("p", "help");
      const frame = el("div", "map-frame");
      const box = el("div", "mini-map");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Carte des territoires (leur liste suit, avec leurs chiffres)");
      const legendBox = el("div", "map-legend");
      frame.append(box, legendBox);
      const more = link("/carte", "Ouvrir la carte");
      section.append(title, help, frame, el("p", null, ""));
      section.lastChild.append(more);
      $("territoire-enfants").before(section);
      small = { section, help, box, legendBox, more, L, map: null, areas: null };
    }
    small.section.hidden = false;
    const names = { region: "ses régions", departement: "ses départements", commune: "ses communes" };
    small.help.textContent = `${names[level][0].toUpperCase()}${names[level].slice(1)} (${number(rows.territories.length)}), colorés selon « ${indicator.label} » ; cliquez sur l'un d'eux pour ouvrir sa page.`;
    small.more.href = t.level === "france" ? "/carte?niveau=region" : `/carte?${new URLSearchParams({ niveau: "departement", territoire: `${t.level}:${t.code}` })}`;
    if (!small.map) small.map = newMap(L, small.box);
    small.map.invalidateSize();
    small.areas = drawChoropleth(L, small.map, small.areas?.layer, features.features, rows.territories, indicator, go);
    if (small.areas.bounds && t.level !== "france") fitTo(small.map, small.areas.bounds, { padding: [8, 8] });
    else fitTo(small.map, metropole);
    legend(small.legendBox, small.areas.classes, indicator, rows.demonstration);
    small.section.dataset.ready = `${t.level}:${t.code}`;
  } catch {
    if (small && request === smallRequest) small.section.hidden = true; // the page stands without its map
  }
}

// ---- « Autour d'un lieu »: the nearest schools on a small map ----------------------------------------

let nearbyMap = null; // { box, map, L, layer }

/** The place searched and the schools found around it, numbered as in the list; each opens its fiche. */
export async function showNearbyMap(after, place, schools) {
  if (nearbyMap) nearbyMap.box.hidden = true;
  if (schools.length === 0) return;
  const L = await loadLeaflet();
  if (!nearbyMap) {
    const box = el("div", "mini-map nearby-map");
    box.id = "autour-carte";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Carte des établissements trouvés (la liste suit, avec leurs distances)");
    after.before(box);
    nearbyMap = { box, map: null, layer: null };
  }
  nearbyMap.box.hidden = false;
  if (!nearbyMap.map) nearbyMap.map = newMap(L, nearbyMap.box);
  nearbyMap.map.invalidateSize();
  if (nearbyMap.layer) nearbyMap.layer.remove();
  if (nearbyMap.background) nearbyMap.background.remove();
  // Context under the points: the départements, and the communes of the nearest school's when the site has them.
  const departement = schools[0].departementCode;
  const [departements, communes] = await Promise.all([
    loadContours("departements"),
    /^[0-9AB]{2,3}$/.test(departement || "") ? loadContours(`communes/${departement}`).catch(() => null) : null,
  ]);
  const background = L.featureGroup();
  const outline = (weight) => ({ color: "#8a8a8a", weight, fillColor: "#fff", fillOpacity: 1, interactive: false });
  L.geoJSON(departements, { style: outline(1.5), interactive: false }).addTo(background);
  if (communes) L.geoJSON(communes, { style: outline(.5), interactive: false }).addTo(background);
  background.addTo(nearbyMap.map);
  nearbyMap.background = background;
  const layer = L.featureGroup();
  L.circleMarker([place.lat, place.lon], { radius: 8, color: "#161616", weight: 3, fillColor: "#fff", fillOpacity: 1 })
    .bindTooltip(el("span", null, place.label)).addTo(layer);
  schools.forEach((school, i) => {
    const marker = L.marker([school.latitude, school.longitude], {
      icon: L.divIcon({ className: "school-number", iconSize: [24, 24], html: "" }),
      title: `${i + 1}. ${school.name}`, alt: school.name, keyboard: false,
    });
    marker.on("add", () => { const icon = marker.getElement(); if (icon) { icon.textContent = String(i + 1); icon.dataset.uai = school.uai; } });
    marker.bindTooltip(el("span", null, `${i + 1}. ${school.name} (${school.distanceText})`));
    marker.on("click", () => go(schoolPath(school.uai)));
    marker.addTo(layer);
  });
  layer.addTo(nearbyMap.map);
  nearbyMap.layer = layer;
  fitTo(nearbyMap.map, layer.getBounds(), { padding: [20, 20], maxZoom: 15 });
}
