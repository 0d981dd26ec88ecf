// A territory's fiche (/territoire/{niveau}/{code}): headline figures per component, the breakdown by
// school type and sector, a chart comparing it with its parents and France, the coverage of each
// source, its schools, and the territories above and below it.
import { showTerritoryMap } from "./map.js";
import { getJson, indicatorCatalogue } from "./api.js";
import { $, el, link, number, percent, plural, levelLabels, territoryPath, schoolPath, clear, componentHeading, componentId } from "./dom.js";
import { pageFailed, pageReady, setBreadcrumb } from "./page.js";
import { drawComparison, formatValue } from "./chart.js";
import { sourceCitation } from "./sources.js";

// The breakdown keys the API uses, and how the page names them (plural: « Collèges : 57 % »).
const groupLabels = {
  ecole: "Écoles", college: "Collèges", lycee: "Lycées", "lycee-gt": "Lycées généraux et technologiques",
  "lycee-pro": "Lycées professionnels", erea: "EREA", public: "Public", prive: "Privé",
};
// The API serves the breakdowns' labels (typeGroups, sectors); the table above is the fallback.
const groupLabel = (key, data) => {
  const served = data && [...(data.typeGroups || []), ...(data.sectors || [])].find((g) => g.id === key);
  return (served && served.label) || groupLabels[key] || key;
};

const childLevel = { france: "region", region: "academie", academie: "departement", departement: "commune" };
const childTitle = { region: "Ses régions", academie: "Ses académies", departement: "Ses départements", commune: "Ses communes" };
const allChildrenTitle = { region: "Toutes ses régions", academie: "Toutes ses académies", departement: "Tous ses départements", commune: "Toutes ses communes" };
// The indicators the chart compares: the fixed network, 4G, equipment, ENT.
const chartIndicators = ["arcep-eligibles-30", "arcep-ftth", "reseau-4g", "fibre", "eleves-par-terminal", "imprimante-3d", "ent"];

const page = $("territoire");
let current = 0;
let shown = null; // { data, catalogue } of the page on screen, for the chart's selector and resizes

export async function showTerritory(level, code) {
  const request = ++current;
  try {
    const [data, catalogue] = await Promise.all([
      getJson(`/api/territoires/${encodeURIComponent(level)}/${encodeURIComponent(code)}`),
      indicatorCatalogue(),
    ]);
    if (request !== current) return;
    render(data, catalogue);
    pageReady(data.territory.level === "france" ? "France" : data.territory.name);
  } catch (error) {
    if (request !== current) return;
    page.hidden = true;
    pageFailed(error, () => showTerritory(level, code), `Impossible d'ouvrir le territoire ${level} ${code}`);
  }
}

function render(data, catalogue) {
  const t = data.territory;
  page.hidden = false;
  showTerritoryMap(t);
  shown = { data, catalogue };
  const title = t.level === "academie" ? `Académie de ${t.name}` : t.name;
  $("territoire-nom").textContent = title;
  $("territoire-pdf").href = `/api/territoires/${t.level}/${encodeURIComponent(t.code)}/fiche.pdf`;
  $("territoire-xlsx").href = `/api/territoires/${t.level}/${encodeURIComponent(t.code)}/export.xlsx`;
  const parents = (t.parents || []).filter((p) => p.level !== "france");
  $("territoire-sous-titre").textContent = [
    t.level === "france" ? "Toute la France" : `${levelLabels[t.level]} ${t.code}`,
    ...parents.map((p) => p.level === "academie" ? `académie de ${p.name}` : `${levelLabels[p.level].toLowerCase()} ${p.name}`),
    t.population ? `${number(t.population)} habitants` : null,
  ].filter(Boolean).join(" · ");
  setBreadcrumb([
    ...[...(t.parents || [])].reverse().map((p) => ({ label: p.level === "academie" ? `Académie de ${p.name}` : p.name, href: territoryPath(p.level, p.code) })),
    { label: title, href: territoryPath(t.level, t.code) },
  ]);

  const headline = clear($("territoire-chiffres"));
  const addFigure = (label, value) => {
    const figure = el("div");
    figure.append(el("dt", null, label), el("dd", null, value));
    headline.append(figure);
  };
  addFigure("Établissements de l'observatoire", number(t.schools));
  for (const [type, count] of Object.entries(t.schoolsByType || {})) addFigure(type, number(count));

  $("territoire-demo").hidden = !data.indicators.some((i) => i.all && i.all.isDemonstration);
  renderEssentials(data);
  renderCoverage(data, catalogue);
  renderComparisonSelector(data);
  renderChart();
  renderIndicators(data, catalogue);
  schoolList.open(t);
  renderChildren(t);
  renderSources(data, catalogue);
}

// The original eCarto's fiche read as sentences, component by component; each says its N.C. share and « démo ».
function renderEssentials(data) {
  const box = clear(page.querySelector(".essentials"));
  const find = (id) => data.indicators.find((i) => i.id === id);
  const sentence = (id, make) => {
    const indicator = find(id);
    if (!indicator || !indicator.all) return null;
    const v = indicator.all;
    const text = v.value === null || v.value === undefined ? null : make(v.value, v);
    if (!text) return null;
    const li = el("li", null, text);
    li.dataset.indicator = id;
    const nc = ncText(v);
    if (nc) li.append(el("span", "nc inline", ` (${nc})`));
    if (v.isDemonstration) li.append(el("span", "badge demo-badge", "démo"));
    return li;
  };
  // The premises of the territory's communes by potential speed, from the cumulative Arcep shares.
  const potential = () => {
    const shares = ["arcep-eligibles-8", "arcep-eligibles-30", "arcep-eligibles-100", "arcep-eligibles-1g"].map((id) => find(id)?.all?.value);
    if (shares.some((x) => x === null || x === undefined)) return null;
    const [s8, s30, s100, s1g] = shares;
    const bands = [["moins de 8 Mbit/s", 100 - s8], ["8 à 30 Mbit/s", s8 - s30], ["30 à 100 Mbit/s", s30 - s100], ["100 Mbit/s à 1 Gbit/s", s100 - s1g], ["1 Gbit/s ou plus", s1g]];
    const li = el("li", null, `Débit potentiel des locaux des communes : ${bands.map(([label, share]) => `${label} : ${percent(Math.max(0, share))}`).join(" ; ")}`);
    li.dataset.indicator = "debit-potentiel";
    return li;
  };
  const groups = [
    ["Connectivité", [
      potential(),
      sentence("fibre", (n) => `${plural(n, "établissement a", "établissements ont")} accès à internet par la fibre optique`),
      sentence("reseau-4g", (x) => `${percent(x)} des établissements ont un site 4G à moins de 2 km`),
    ]],
    ["Équipement", [
      sentence("eleves-par-terminal", (x) => `1 terminal pour ${number(x, 1)} élèves`),
      sentence("eleves-par-terminal-mobile", (x) => `1 terminal mobile pour ${number(x, 1)} élèves`),
      sentence("imprimante-3d", (x) => `${percent(x)} des établissements ont au moins une imprimante 3D`),
    ]],
    ["Services et ressources", [sentence("ent", (x) => `${percent(x)} des établissements ont un ENT`)]],
    ["Expérimentations", [
      sentence("efran", (n) => `${plural(n, "établissement e-FRAN", "établissements e-FRAN")}`),
      sentence("profan", (n) => `${plural(n, "établissement PRO-FAN", "établissements PRO-FAN")}`),
      sentence("college-lab", (n) => `${plural(n, "collège lab", "collèges lab")}`),
    ]],
  ];
  for (const [title, items] of groups) {
    const kept = items.filter(Boolean);
    if (!kept.length) continue;
    const card = el("section", "essential");
    card.dataset.component = componentId(title) || "";
    card.append(componentHeading("h3", componentId(title), title));
    const ul = el("ul");
    ul.append(...kept);
    card.append(ul);
    box.append(card);
  }
}

function sourcesById(catalogue) {
  const map = new Map();
  for (const indicator of catalogue.indicators) for (const s of indicator.sources || []) map.set(s.id, s);
  return map;
}

const sourceNames = { annuaire: "Annuaire de l'éducation" };

function renderCoverage(data, catalogue) {
  const box = clear(page.querySelector(".coverage-body"));
  const sources = sourcesById(catalogue);
  const total = data.territory.schools;
  box.append(el("p", null,
    `Chaque chiffre n'est calculé que sur les établissements que sa source couvre ; les autres sont comptés « N.C. » (non communiqué). ` +
    `Sur ${plural(total, "établissement")} de l'observatoire dans ce territoire :`));
  const ul = el("ul");
  for (const c of data.coverage || []) {
    const source = sources.get(c.sourceId);
    const name = sourceNames[c.sourceId] || (source ? sourceCitation(source) : c.sourceId);
    const types = Object.entries(c.byType || {}).map(([type, count]) => `${number(count)} ${type === "EREA" ? type : type.toLowerCase()}${count > 1 && !type.endsWith("s") && type !== "EREA" ? "s" : ""}`).join(", ");
    const li = el("li");
    li.dataset.source = c.sourceId;
    li.append(el("strong", null, name), ` : ${plural(c.schools, "établissement")} couvert${c.schools > 1 ? "s" : ""}${types ? ` (${types})` : ""}`);
    if (c.demonstration > 0) li.append(el("span", "badge demo-badge", `${number(c.demonstration)} en démonstration`));
    ul.append(li);
  }
  box.append(ul);
  box.append(el("p", "help", "Les chiffres de réseau fixe (Arcep) portent sur tous les locaux des communes du territoire, et couvrent toute la France."));
}

function renderComparisonSelector(data) {
  const select = $("comparaison-type");
  const keys = new Set();
  for (const i of data.indicators) for (const key of Object.keys(i.byType || {})) keys.add(key);
  select.replaceChildren(el("option", null, "Tous les établissements"));
  select.options[0].value = "";
  for (const key of keys) {
    const option = el("option", null, groupLabel(key, data));
    option.value = key;
    select.append(option);
  }
}

function renderChart() {
  if (!shown) return;
  const { data, catalogue } = shown;
  const type = $("comparaison-type").value;
  const units = new Map(catalogue.indicators.map((i) => [i.id, i.unit]));
  const notes = new Set();
  const pick = (entry) => (type && entry.byType ? entry.byType[type] : entry.all) || null;
  const groups = chartIndicators
    .map((id) => data.indicators.find((i) => i.id === id))
    .filter(Boolean)
    .map((indicator) => {
      const mine = pick(indicator);
      // A count (« 429 établissements raccordés ») does not compare between territories of different sizes: its share does.
      const share = indicator.aggregation === "nombre";
      const valueOf = (v) => !v ? null : share ? (v.denominator ? (v.numerator / v.denominator) * 100 : null) : v.value;
      // A parent whose figure covers other school types than this one's is marked, and the note says what to compare.
      const unequal = (c) => c.comparable === false && !(type && (c.comparableTypes || []).includes(type));
      for (const c of indicator.comparison || []) if (unequal(c) && c.note) notes.add(`* ${c.note}`);
      return {
        label: share ? `${indicator.label} (part, en %)` : indicator.label,
        unit: share ? "%" : units.get(indicator.id) || indicator.unit,
        demonstration: !!(mine && mine.isDemonstration),
        series: [
          { name: data.territory.level === "france" ? "France" : data.territory.name, value: valueOf(mine), current: true },
          ...(indicator.comparison || []).map((c) => ({
            name: `${c.level === "academie" ? `Académie de ${c.name}` : c.name}${unequal(c) ? " *" : ""}`,
            value: valueOf(pick(c)),
          })),
        ],
      };
    });
  const note = $("comparaison-note");
  note.hidden = notes.size === 0;
  note.textContent = [...notes].join(" ");
  const who = type ? groupLabel(type, data).toLowerCase() : "tous les établissements";
  drawComparison($("territoire-graphique"), groups,
    `Comparaison, pour ${who}, de ${data.territory.level === "france" ? "la France" : data.territory.name} avec ${data.territory.parents.length ? "ses territoires parents et la France" : "elle-même"}. ` +
    "Les chiffres de réseau fixe portent sur les locaux des communes, tous établissements confondus.");
}

function cellText(value, indicator, catalogueEntry) {
  if (!value) return "—";
  if (indicator.aggregation === "tranches") {
    if (!value.known) return "N.C.";
    const labels = new Map(((catalogueEntry && catalogueEntry.bands) || []).map((b) => [b.code, b.label]));
    return Object.entries(value.bands || {}).map(([code, count]) => `${labels.get(code) || code} : ${percent((count / value.known) * 100)}`).join("\n");
  }
  if (value.value === null || value.value === undefined) return "N.C.";
  if (indicator.aggregation === "nombre") return number(value.value);
  if (indicator.aggregation === "ratio-de-sommes") return `1 pour ${number(value.value, 1)}`;
  return formatValue(value.value, indicator.unit);
}

function ncText(value) {
  if (!value || !value.schools || !value.notCommunicated) return null;
  const share = value.notCommunicatedShare ?? (value.notCommunicated / value.schools) * 100;
  return `N.C. : ${percent(share)}`;
}

function renderIndicators(data, catalogue) {
  const box = clear(page.querySelector(".indicator-components"));
  const entries = new Map(catalogue.indicators.map((i) => [i.id, i]));
  const sources = sourcesById(catalogue);
  const typeKeys = [...new Set(data.indicators.flatMap((i) => Object.keys(i.byType || {})))];
  const sectorKeys = [...new Set(data.indicators.flatMap((i) => Object.keys(i.bySector || {})))];
  for (const component of data.components) {
    const indicators = data.indicators.filter((i) => i.component === component.id);
    if (!indicators.length) continue;
    const section = el("section", "indicator-component");
    section.id = `territoire-${component.id}`;
    section.dataset.component = component.id;
    section.append(componentHeading("h3", component.id, component.label));
    const table = el("table", "indicators");
    const head = el("tr");
    for (const text of ["Indicateur", "Ensemble", ...typeKeys.map((k) => groupLabel(k, data)), ...sectorKeys.map((k) => groupLabel(k, data))]) {
      const th = el("th", null, text); th.scope = "col"; head.append(th);
    }
    const thead = el("thead"); thead.append(head);
    const tbody = el("tbody");
    for (const indicator of indicators) {
      const entry = entries.get(indicator.id);
      const tr = el("tr");
      tr.dataset.indicator = indicator.id;
      const th = el("th");
      th.scope = "row";
      th.append(el("span", null, indicator.label));
      if (indicator.all && indicator.all.isDemonstration) th.append(el("span", "badge demo-badge", "démo"));
      if (entry && entry.unit && !["%", "tranche"].includes(entry.unit)) th.append(el("span", "unit", entry.unit));
      tr.append(th);
      const cells = [indicator.all, ...typeKeys.map((k) => indicator.byType && indicator.byType[k]), ...sectorKeys.map((k) => indicator.bySector && indicator.bySector[k])];
      const breakdowns = typeKeys.length + sectorKeys.length;
      cells.forEach((value, index) => {
        const td = el("td");
        if (index > 0 && !indicator.byType && !indicator.bySector) {
          // Commune figures (Arcep) are over premises, not schools: one cell says there is no breakdown.
          if (index > 1) return;
          td.colSpan = breakdowns;
          td.className = "no-breakdown";
          td.textContent = "Chiffre des locaux des communes : sans ventilation par type d'établissement ni par secteur";
          tr.append(td);
          return;
        }
        td.append(el("span", "value", cellText(value, indicator, entry)));
        const nc = ncText(value);
        if (nc) td.append(el("span", "nc", nc));
        tr.append(td);
      });
      tbody.append(tr);
    }
    table.append(thead, tbody);
    const scroll = el("div", "table-scroll");
    scroll.tabIndex = 0; // a scrollable region must be reachable by keyboard
    scroll.setAttribute("role", "region");
    scroll.setAttribute("aria-label", `${component.label} : tableau des indicateurs`);
    scroll.append(table);
    section.append(scroll);
    const cited = [...new Set(indicators.flatMap((i) => ((entries.get(i.id) || {}).sources || []).map((s) => s.id)))]
      .map((id) => sourceCitation(sources.get(id))).filter(Boolean);
    if (cited.length) section.append(el("p", "source", `Source : ${cited.join(" ; ")}.`));
    box.append(section);
  }
}

// The territory's schools, paged, with a type filter.
const schoolList = (() => {
  const select = $("etablissements-type"), list = $("etablissements-liste"), status = $("etablissements-statut");
  let territory = null, page = 1, pageCount = 1, request = 0;
  async function load() {
    const id = ++request;
    const params = new URLSearchParams({ page: String(page) });
    if (select.value) params.set("type", select.value);
    // The list as shown (this territory, this type) in Excel: the search's export of the same selection.
    const xlsx = $("etablissements-xlsx");
    xlsx.hidden = territory.level === "france";
    xlsx.href = `/api/exports/etablissements.xlsx?${new URLSearchParams([["territoire", `${territory.level}:${territory.code}`], ...(select.value ? [["type", select.value]] : [])])}`;
    status.textContent = "Chargement des établissements…";
    try {
      const data = await getJson(`/api/territoires/${territory.level}/${encodeURIComponent(territory.code)}/etablissements?${params}`);
      if (id !== request) return;
      pageCount = data.pageCount;
      status.textContent = data.total === 0 ? "Aucun établissement de ce type dans ce territoire."
        : `${plural(data.total, "établissement")}${data.pageCount > 1 ? ` — page ${data.page} sur ${data.pageCount}` : ""}`;
      list.replaceChildren(...data.results.map((school) => {
        const li = el("li");
        li.dataset.uai = school.uai;
        li.append(link(schoolPath(school.uai), school.name));
        for (const type of school.types) li.append(el("span", "badge", type));
        li.append(el("span", "meta", ` ${school.communeName || ""} · UAI ${school.uai}${school.sector ? ` · ${school.sector}` : ""}`));
        return li;
      }));
      $("etablissements-pages").hidden = data.pageCount <= 1;
      $("etablissements-page").textContent = `Page ${data.page} sur ${data.pageCount}`;
      $("etablissements-prec").disabled = data.page <= 1;
      $("etablissements-suiv").disabled = data.page >= data.pageCount;
    } catch (error) {
      if (id !== request) return;
      status.textContent = `La liste n'a pas pu être chargée : ${error.message}`;
    }
  }
  select.addEventListener("change", () => { page = 1; load(); });
  $("etablissements-prec").addEventListener("click", () => { if (page > 1) { page--; load(); } });
  $("etablissements-suiv").addEventListener("click", () => { if (page < pageCount) { page++; load(); } });
  return {
    open(t) {
      territory = t;
      page = 1;
      const keys = ["ecole", "college", "lycee", "lycee-gt", "lycee-pro", "erea"];
      const served = shown && shown.data.indicators.flatMap((i) => Object.keys(i.byType || {}));
      select.replaceChildren(el("option", null, "Tous les types"));
      select.options[0].value = "";
      for (const key of keys.filter((k) => !served || served.includes(k))) {
        const option = el("option", null, groupLabel(key, shown && shown.data));
        option.value = key;
        select.append(option);
      }
      load();
    },
  };
})();

// Beyond this many children, the list shows the largest and folds the rest.
const manyChildren = 30, shownChildren = 12;

function childItem(child) {
  const li = el("li");
  li.append(link(territoryPath(child.level, child.code), child.level === "academie" ? `Académie de ${child.name}` : child.name));
  const figures = [plural(child.schools, "établissement")];
  if (child.arcepEligibles30 != null) figures.push(`≥ 30 Mbit/s : ${percent(child.arcepEligibles30)}`);
  li.append(el("span", "meta", ` ${figures.join(" · ")}`));
  return li;
}

async function renderChildren(t) {
  const section = $("territoire-enfants");
  const level = childLevel[t.level];
  section.hidden = true;
  if (!level) return;
  const parent = t.level === "france" ? "" : `?parent=${t.level}:${encodeURIComponent(t.code)}`;
  try {
    const data = await getJson(`/api/territoires/${level}${parent}`);
    if (!shown || shown.data.territory.code !== t.code || shown.data.territory.level !== t.level) return;
    // A commune without a school of the observatory has nothing to show: list the others.
    const items = data.territories.filter((c) => level !== "commune" || c.schools > 0);
    section.querySelector("h2").textContent = `${childTitle[level]} (${number(items.length)})`;
    const ul = clear(section.querySelector("ul.children"));
    ul.classList.toggle("many", items.length > manyChildren);
    const all = section.querySelector("details.children-all");
    if (items.length <= manyChildren) {
      for (const child of items) ul.append(childItem(child));
      all.hidden = true;
      $("enfants-principaux").hidden = true;
    } else {
      // A département's hundreds of communes would make the page endless: the ones with the most
      // schools first, the whole list (alphabetical, as served) folded below.
      const largest = [...items].sort((a, b) => b.schools - a.schools || a.name.localeCompare(b.name, "fr")).slice(0, shownChildren);
      for (const child of largest) ul.append(childItem(child));
      const p = $("enfants-principaux");
      p.textContent = `Les ${number(shownChildren)} qui comptent le plus d'établissements :`;
      p.hidden = false;
      all.hidden = false;
      all.open = false;
      all.querySelector("summary").textContent = `${allChildrenTitle[level]} (${number(items.length)}, par ordre alphabétique)`;
      const full = clear(all.querySelector("ul"));
      for (const child of items) full.append(childItem(child));
    }
    section.hidden = items.length === 0;
  } catch {
    section.hidden = true; // the list is a convenience: the page stands without it
  }
}

function renderSources(data, catalogue) {
  const box = clear($("territoire-source"));
  box.append(el("strong", null, "Sources"));
  const ul = el("ul");
  for (const s of sourcesById(catalogue).values()) {
    ul.append(el("li", null, `${s.producer}, ${s.dataset}${s.date ? `, ${s.date}` : ""} (${s.licence})`));
  }
  box.append(ul);
  if (data.dataVersion) box.append(el("p", null, `Version des données : ${data.dataVersion}. Les chiffres sont calculés une fois, à la publication de cette version.`));
}

$("comparaison-type").addEventListener("change", renderChart);
let resizeTimer = 0;
window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { if (!page.hidden) renderChart(); }, 150); });
