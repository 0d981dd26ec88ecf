// A school's fiche (/etablissement/{uai}): identity, then the four components and its context, each
// figure with its source and date; the commune's fixed network is labelled as the commune's figure.
import { getJson } from "./api.js";
import { $, el, link, number, percent, schoolPath, territoryPath, clear, componentHeading } from "./dom.js";
import { pageFailed, pageReady, setBreadcrumb } from "./page.js";
import { sourceCitation } from "./sources.js";

const fiche = $("fiche");
let current = 0;

function row(dl, label, value) {
  if (value === null || value === undefined || value === "" || value === false) return;
  const dd = el("dd");
  if (value instanceof Node) dd.append(value); else dd.textContent = value;
  dl.append(el("dt", null, label), dd);
}

function territoryLink(level, code, text) {
  return code ? link(territoryPath(level, code), text) : el("span", null, text);
}

function fragment(...parts) {
  const span = el("span");
  span.append(...parts.filter((p) => p !== null && p !== undefined && p !== ""));
  return span;
}

export async function showSchool(uai) {
  const request = ++current;
  try {
    const data = await getJson(`/api/etablissements/${encodeURIComponent(uai)}`);
    if (request !== current) return;
    render(data);
    pageReady(data.school.name);
  } catch (error) {
    if (request !== current) return;
    fiche.hidden = true;
    pageFailed(error, () => showSchool(uai), `Impossible d'ouvrir la fiche ${uai}`);
  }
}

function render({ school, sources, state: schoolState, indicators, dataVersion }) {
  fiche.hidden = false;
  $("fiche-name").textContent = school.name;
  $("fiche-pdf").href = `/api/etablissements/${encodeURIComponent(school.uai)}/fiche.pdf`;
  setBreadcrumb([
    { label: "France", href: territoryPath("france") },
    school.regionCode && { label: school.regionName, href: territoryPath("region", school.regionCode) },
    school.academieCode && { label: `Académie de ${school.academieName}`, href: territoryPath("academie", school.academieCode) },
    school.departementCode && { label: school.departementName, href: territoryPath("departement", school.departementCode) },
    school.communeCode && { label: school.communeName, href: territoryPath("commune", school.communeCode) },
    { label: school.name, href: schoolPath(school.uai) },
  ].filter(Boolean));

  const stateNote = $("fiche-state");
  stateNote.hidden = !schoolState || schoolState.code === "ouvert";
  if (schoolState) {
    stateNote.textContent = schoolState.code === "fermeture-prevue"
      ? "Fermeture prévue : l'établissement est encore ouvert, mais sa fermeture est annoncée dans l'annuaire de l'éducation."
      : `État administratif : ${schoolState.label}.${schoolState.open ? "" : " Cet établissement n'est compté dans aucun chiffre de l'observatoire."}`;
  }
  $("fiche-subtitle").textContent = [school.types.join(", "), school.sector && `secteur ${school.sector.toLowerCase()}`].filter(Boolean).join(" — ");

  const dl = clear($("fiche-identity"));
  row(dl, "UAI", school.uai);
  row(dl, "Type", school.types.join(", "));
  row(dl, "Secteur", school.sector);
  row(dl, "Adresse", [school.address, [school.postalCode, school.communeName].filter(Boolean).join(" ")].filter(Boolean).join(", "));
  row(dl, "Commune", school.communeName && fragment(
    territoryLink("commune", school.communeCode, `${school.communeName} (${school.communeCode})`),
    school.communeDelegueeName ? `, commune déléguée ${school.communeDelegueeName}` : null));
  row(dl, "État", schoolState && schoolState.label);
  row(dl, "Département", school.departementName && territoryLink("departement", school.departementCode, `${school.departementName} (${school.departementCode})`));
  row(dl, "Académie", school.academieName && territoryLink("academie", school.academieCode, school.academieName));
  row(dl, "Région", school.regionName && territoryLink("region", school.regionCode, school.regionName));
  row(dl, "Coordonnées", school.latitude != null && school.longitude != null && `latitude ${number(school.latitude, 5)} ; longitude ${number(school.longitude, 5)} (WGS 84)`);
  row(dl, "Ancien code commune", school.communeCodeInSource && `${school.communeCodeInSource}, dans la source (commune fusionnée depuis dans ${school.communeName})`);
  row(dl, "Arrondissement", school.arrondissementCode);
  row(dl, "Site web", school.website);

  const sites = clear($("fiche-sites"));
  if (school.sites && school.sites.length > 1) {
    sites.append(el("h2", null, `${school.sites.length} implantations sous cet UAI`));
    const ul = el("ul");
    for (const site of school.sites) ul.append(el("li", null, [site.name, site.type, site.address, site.communeName].filter(Boolean).join(" — ")));
    sites.append(ul);
  }

  const byId = new Map((sources || []).map((s) => [s.id, s]));
  const anyDemo = (indicators || []).some((c) => c.indicators.some((i) => i.isDemonstration));
  $("fiche-demo").hidden = !anyDemo;
  const box = clear($("fiche-components"));
  for (const component of indicators || []) box.append(renderComponent(component, school, byId));

  const list = clear($("fiche-source"));
  list.append(el("strong", null, "Sources"));
  const ul = el("ul");
  for (const s of sources || []) {
    ul.append(el("li", null, `${s.producer}, ${s.dataset}${s.date ? `, ${s.date}` : ""} (${s.licence})${s.demonstration ? " — données de démonstration" : ""}`));
  }
  list.append(ul);
  if (dataVersion) list.append(el("p", null, `Version des données : ${dataVersion}.`));
}

function renderComponent(component, school, sources) {
  const section = el("section", "component");
  section.id = `comp-${component.id}`;
  section.dataset.component = component.id;
  section.setAttribute("aria-labelledby", `comp-${component.id}-titre`);
  const title = componentHeading("h2", component.id, component.label);
  title.id = `comp-${component.id}-titre`;
  section.append(title);
  // The commune's fixed network (Arcep) describes every premises of the commune, not the school.
  const commune = component.indicators.filter((i) => i.scope === "commune");
  const own = component.indicators.filter((i) => i.scope !== "commune");
  if (commune.length) {
    section.append(el("h3", null, `Réseau fixe de la commune${school.communeName ? ` de ${school.communeName}` : ""}`));
    section.append(el("p", "help", "Part des locaux de toute la commune (Arcep) : ce n'est pas une mesure de l'établissement."));
    section.append(indicatorList(commune, school, sources));
    if (own.length) section.append(el("h3", null, "L'établissement"));
  }
  if (own.length) section.append(indicatorList(own, school, sources));
  return section;
}

function indicatorList(items, school, sources) {
  const dl = el("dl", "figures");
  for (const indicator of items) {
    const dd = el("dd");
    const value = el("span", indicator.notCommunicated ? "value nc" : "value", schoolValue(indicator, school));
    if (indicator.notCommunicated) value.title = "Non communiqué : la source ne donne pas ce chiffre pour cet établissement.";
    dd.append(value);
    if (indicator.isDemonstration) dd.append(el("span", "badge demo-badge", "démo"));
    const cite = indicator.sources.map((id) => sourceCitation(sources.get(id))).filter(Boolean).join(" ; ");
    if (cite) dd.append(el("span", "cite", cite));
    dl.append(el("dt", null, schoolLabel(indicator)), dd);
  }
  return dl;
}

// The catalogue's labels speak of territories (« Établissements avec un ENT »); a fiche speaks of one school.
function schoolLabel(indicator) {
  return indicator.label
    .replace(/^Établissements avec (un |une |au moins une )?/, (m, article) => article ? `${article[0].toUpperCase()}${article.slice(1)}` : "")
    .replace(/^Établissements /, "")
    .replace(/ \(commune\)$/, "");
}

function schoolValue(indicator, school) {
  if (indicator.notCommunicated) {
    // A ratio needs real pupils: without them it is « N.C. », never an invented figure.
    if (indicator.id.startsWith("eleves-par-terminal") && school.inventory && school.inventory.devices) return "N.C. (effectif inconnu)";
    return "N.C.";
  }
  if (indicator.id === "reseau-4g" && school.mobile) {
    const m = school.mobile;
    return `${indicator.yes ? "oui" : "non"} — ${m.sites4G} site${m.sites4G > 1 ? "s" : ""} 4G à moins de ${number(m.radiusMeters / 1000)} km${m.operators4G.length ? ` (${m.operators4G.join(", ")})` : ""}`;
  }
  if (indicator.band) return indicator.bandLabel || indicator.band;
  if (indicator.yes !== null && indicator.yes !== undefined) return indicator.yes ? "oui" : "non";
  if (indicator.unit === "%") return percent(indicator.value);
  if (indicator.id === "eleves" && school.pupilsRentree) return `${number(indicator.value)} (rentrée ${school.pupilsRentree})`;
  if (indicator.id === "ips" && school.ipsRentree) return `${number(indicator.value, 1)} (rentrée ${school.ipsRentree})`;
  return number(indicator.value, 1);
}
