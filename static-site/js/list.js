// A level's territories (/territoires/{niveau}): the entry « territoire » and « académie » of the
// observatory, each territory a link to its page, with its schools and its fixed network.
import { getJson } from "./api.js";
import { $, el, link, number, percent, territoryPath, clear } from "./dom.js";
import { pageFailed, pageReady, setBreadcrumb, showNotFound } from "./page.js";

const titles = { region: "Les régions", academie: "Les académies", departement: "Les départements" };
let current = 0;

export async function showTerritoryList(level) {
  const request = ++current;
  const section = $("liste");
  if (!titles[level]) {
    section.hidden = true;
    showNotFound(`Aucune liste « ${level} » : seules les régions, les académies et les départements se listent ainsi ; une commune se trouve par la recherche.`);
    return;
  }
  try {
    const data = await getJson(`/api/territoires/${level}`);
    if (request !== current) return;
    section.hidden = false;
    $("liste-titre").textContent = titles[level];
    $("liste-aide").textContent = `${number(data.total)} territoires, chacun avec ses établissements de l'observatoire et la part des locaux de ses communes éligibles à 30 Mbit/s (Arcep).`;
    setBreadcrumb([{ label: "France", href: territoryPath("france") }, { label: titles[level], href: `/territoires/${level}` }]);
    const body = clear($("liste-table").querySelector("tbody"));
    const rows = [...data.territories].sort((a, b) => a.name.localeCompare(b.name, "fr"));
    for (const t of rows) {
      const tr = el("tr");
      tr.dataset.code = t.code;
      const name = el("th");
      name.scope = "row";
      name.append(link(territoryPath(t.level, t.code), t.level === "academie" ? `Académie de ${t.name}` : t.name));
      tr.append(name, el("td", null, t.code), el("td", "number", number(t.schools)), el("td", "number", t.arcepEligibles30 == null ? "N.C." : percent(t.arcepEligibles30)));
      body.append(tr);
    }
    pageReady(titles[level]);
  } catch (error) {
    if (request !== current) return;
    section.hidden = true;
    pageFailed(error, () => showTerritoryList(level), `Impossible de lister « ${level} »`);
  }
}
