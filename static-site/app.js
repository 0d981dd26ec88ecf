// eCarto search page. Every value from the data is written with textContent, never as HTML.
(() => {
  "use strict";

  const api = "api/etablissements";
  const $ = (id) => document.getElementById(id);
  const form = $("search-form"), input = $("q"), typeSelect = $("type"), stateSelect = $("etat");
  const list = $("results"), status = $("status"), pager = $("pager");
  const fiche = $("fiche");
  const state = { q: "", type: "", etat: "", page: 1, pageCount: 0, results: [], active: -1, requestId: 0 };
  let debounce = 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // While the first data version is being made the API answers 503 with Retry-After: say so, and ask again.
  class LoadingError extends Error {
    constructor(retryAfter) { super("Chargement des données…"); this.retryAfter = retryAfter; }
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (response.status === 503) {
      const seconds = parseInt(response.headers.get("Retry-After") || "5", 10);
      throw new LoadingError(Math.min(Math.max(Number.isFinite(seconds) ? seconds : 5, 1), 60));
    }
    if (!response.ok) {
      const detail = body && (body.detail || body.title);
      throw new Error(detail || `Erreur ${response.status}`);
    }
    return body;
  }

  let loadingTimer = 0;
  function showLoading(error, retry) {
    document.body.classList.add("loading");
    status.replaceChildren(el("span", "spinner"), el("span", null,
      `Chargement des données… La première publication des données est en cours ; nouvel essai dans ${error.retryAfter} s.`));
    clearTimeout(loadingTimer);
    loadingTimer = setTimeout(retry, error.retryAfter * 1000);
  }

  function syncUrl(uai) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.type) params.set("type", state.type);
    if (state.etat) params.set("etat", state.etat);
    if (state.page > 1) params.set("page", String(state.page));
    if (uai) params.set("uai", uai);
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  // The observatory's types first; the annuaire's other entries (services, CIO, médico-social, type not
  // given) only through this explicit choice: they are never listed nor counted by default.
  function fillTypes(types) {
    if (typeSelect.options.length > 1 || !types) return;
    const option = (t) => {
      const node = el("option", null, `${t.label} (${t.count.toLocaleString("fr-FR")})`);
      node.value = t.slug;
      return node;
    };
    const others = types.filter((t) => !t.observatory);
    typeSelect.append(...types.filter((t) => t.observatory).map(option));
    if (others.length) {
      const group = el("optgroup");
      group.label = "Hors observatoire (services, orientation, médico-social…)";
      group.append(...others.map(option));
      typeSelect.append(group);
    }
    typeSelect.value = state.type;
  }

  function fillStates(states) {
    if (stateSelect.options.length > 1 || !states) return;
    for (const s of states) {
      const node = el("option", null, `${s.label} (${s.count.toLocaleString("fr-FR")})`);
      node.value = s.code || s.slug;
      stateSelect.append(node);
    }
    stateSelect.value = state.etat;
  }

  async function search() {
    const id = ++state.requestId;
    const params = new URLSearchParams({ q: state.q, page: String(state.page) });
    if (state.type) params.set("type", state.type);
    if (state.etat) params.set("etat", state.etat);
    if (!document.body.classList.contains("loading")) status.textContent = "Recherche…";
    try {
      const data = await getJson(`${api}?${params}`);
      if (id !== state.requestId) return; // a newer search has started
      document.body.classList.remove("loading");
      fillTypes(data.types);
      fillStates(data.etats);
      state.results = data.results;
      state.pageCount = data.pageCount;
      state.active = -1;
      renderResults(data);
      if (data.dataVersion) $("data-version").textContent = `Version des données : ${data.dataVersion.split("-").pop()}.`;
      syncUrl();
    } catch (error) {
      if (id !== state.requestId) return;
      state.results = [];
      list.replaceChildren();
      pager.hidden = true;
      if (error instanceof LoadingError) { showLoading(error, search); return; }
      status.textContent = `La recherche a échoué : ${error.message}`;
    }
  }

  function renderResults(data) {
    const count = data.total.toLocaleString("fr-FR");
    status.textContent = data.total === 0
      ? "Aucun établissement ne correspond. Essayez un autre nom, une commune ou un UAI."
      : `${count} établissement${data.total > 1 ? "s" : ""}${data.query ? ` pour « ${data.query} »` : ""}`;
    list.replaceChildren(...data.results.map((school, i) => {
      const item = el("li");
      item.id = `result-${i}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.uai = school.uai;
      const name = el("div", "name", school.name);
      for (const type of school.types) name.append(el("span", "badge", type));
      if (school.state && school.state !== "ouvert") name.append(el("span", `badge state state-${school.state}`, school.stateLabel));
      item.append(name);
      const place = [school.communeName, school.departementName && `${school.departementName} (${school.departementCode})`, school.academieName && `académie de ${school.academieName}`]
        .filter(Boolean).join(" · ");
      item.append(el("div", "meta", `${place} · UAI ${school.uai}${school.sector ? ` · ${school.sector}` : ""}`));
      item.addEventListener("click", () => openSchool(school.uai));
      return item;
    }));
    input.setAttribute("aria-expanded", data.results.length > 0 ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
    pager.hidden = data.pageCount <= 1;
    $("page-info").textContent = `Page ${data.page} sur ${data.pageCount}`;
    $("prev").disabled = data.page <= 1;
    $("next").disabled = data.page >= data.pageCount;
  }

  function setActive(index) {
    const items = list.querySelectorAll("li");
    if (items.length === 0) return;
    state.active = (index + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute("aria-selected", i === state.active ? "true" : "false"));
    const current = items[state.active];
    input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }

  function row(dl, label, value) {
    if (value === null || value === undefined || value === "" || value === false) return;
    dl.append(el("dt", null, label), el("dd", null, value));
  }

  async function openSchool(uai) {
    try {
      const { school, sources, state: schoolState } = await getJson(`${api}/${encodeURIComponent(uai)}`);
      $("fiche-name").textContent = school.name;
      const stateNote = $("fiche-state");
      stateNote.hidden = !schoolState || schoolState.code === "ouvert";
      if (schoolState) {
        stateNote.textContent = schoolState.code === "fermeture-prevue"
          ? "Fermeture prévue : l'établissement est encore ouvert, mais sa fermeture est annoncée dans l'annuaire de l'éducation."
          : `État administratif : ${schoolState.label}.${schoolState.open ? "" : " Cet établissement n'est compté dans aucun chiffre de l'observatoire."}`;
      }
      $("fiche-subtitle").textContent = [school.types.join(", "), school.sector && `secteur ${school.sector.toLowerCase()}`].filter(Boolean).join(" — ");
      const dl = $("fiche-identity");
      dl.replaceChildren();
      row(dl, "UAI", school.uai);
      row(dl, "Type", school.types.join(", "));
      row(dl, "Secteur", school.sector);
      row(dl, "Adresse", [school.address, [school.postalCode, school.communeName].filter(Boolean).join(" ")].filter(Boolean).join(", "));
      row(dl, "Commune", school.communeName && `${school.communeName} (${school.communeCode})${school.communeDelegueeName ? `, commune déléguée ${school.communeDelegueeName}` : ""}`);
      row(dl, "État", schoolState && schoolState.label);
      row(dl, "Département", school.departementName && `${school.departementName} (${school.departementCode})`);
      row(dl, "Académie", school.academieName);
      row(dl, "Région", school.regionName);
      row(dl, "Coordonnées", school.latitude != null && school.longitude != null && `${school.latitude.toFixed(5)}, ${school.longitude.toFixed(5)} (WGS 84)`);
      row(dl, school.pupilsRentree ? `Élèves (rentrée ${school.pupilsRentree})` : "Élèves", school.pupils != null && school.pupils.toLocaleString("fr-FR"));
      row(dl, school.ipsRentree ? `IPS (rentrée ${school.ipsRentree})` : "Indice de position sociale", school.ips != null && school.ips.toLocaleString("fr-FR", { maximumFractionDigits: 1 }));
      row(dl, "Ancien code commune", school.communeCodeInSource && `${school.communeCodeInSource}, dans la source (commune fusionnée depuis dans ${school.communeName})`);
      row(dl, "Arrondissement", school.arrondissementCode);
      row(dl, "Éducation prioritaire", school.priorityEducation);
      row(dl, school.mobile && `Réseau mobile (sites Arcep à moins de ${school.mobile.radiusMeters / 1000} km, ${school.mobile.sourceDate})`,
        school.mobile && `${school.mobile.sites4G} site${school.mobile.sites4G > 1 ? "s" : ""} 4G${school.mobile.operators4G.length ? ` — ${school.mobile.operators4G.join(", ")}` : ""}`);
      row(dl, "Site web", school.website);
      const sites = $("fiche-sites");
      sites.replaceChildren();
      if (school.sites.length > 1) {
        sites.append(el("h3", null, `${school.sites.length} implantations sous cet UAI`));
        const ul = el("ul");
        for (const site of school.sites) {
          ul.append(el("li", null, [site.name, site.type, site.address, site.communeName].filter(Boolean).join(" — ")));
        }
        sites.append(ul);
      }
      renderInventory(school.inventory);
      const list = $("fiche-source");
      list.replaceChildren(el("strong", null, "Sources"));
      const ul = el("ul");
      for (const s of sources || []) {
        ul.append(el("li", null, `${s.producer}, ${s.dataset}${s.date ? `, ${s.date}` : ""} (${s.licence})${s.demonstration ? " — données de démonstration" : ""}`));
      }
      list.append(ul);
      fiche.hidden = false;
      fiche.focus();
      syncUrl(school.uai);
    } catch (error) {
      if (error instanceof LoadingError) { showLoading(error, () => openSchool(uai)); return; }
      status.textContent = `Impossible d'ouvrir la fiche ${uai} : ${error.message}`;
    }
  }

  const bandLabels = { moins_de_2: "moins de 2 Mbit/s", "2_a_10": "2 à 10 Mbit/s", "10_a_100": "10 à 100 Mbit/s", "100_et_plus": "100 Mbit/s ou plus" };
  const wifiLabels = { aucun: "aucun", partiel: "partiel", toutes_salles: "toutes les salles" };
  const yesNo = (value) => value === true ? "oui" : value === false ? "non" : null;
  const number = (value) => value === null || value === undefined ? null : value.toLocaleString("fr-FR");

  function renderInventory(inv) {
    const box = $("fiche-inventory");
    box.hidden = !inv;
    if (!inv) return;
    $("fiche-demo").hidden = !inv.isDemonstration;
    const fill = (id, rows) => {
      const dl = $(id);
      dl.replaceChildren();
      for (const [label, value] of rows) row(dl, label, value);
      if (!dl.children.length) row(dl, "—", "non renseigné");
    };
    // A ratio needs real pupils: without them it is « N.C. », never an invented figure.
    const perPupils = !inv.devices ? null : inv.pupilsPerDevice != null
      ? `${inv.pupilsPerDevice.toLocaleString("fr-FR", { maximumFractionDigits: 1 })} élèves par terminal`
      : "N.C. (effectif inconnu)";
    fill("inv-connectivite", [
      ["Débit mesuré", inv.bandwidthBand && `${bandLabels[inv.bandwidthBand] || inv.bandwidthBand}${inv.measuredBandwidthMbps != null ? ` (${number(inv.measuredBandwidthMbps)} Mbit/s)` : ""}`],
      ["Wifi", inv.wifi && (wifiLabels[inv.wifi] || inv.wifi)],
      ["Salles connectées", inv.connectedRoomsPercent != null && `${inv.connectedRoomsPercent} %`],
    ]);
    fill("inv-equipement", [
      ["Terminaux", number(inv.devices)],
      ["dont mobiles", number(inv.mobileDevices)],
      ["Élèves par terminal", perPupils],
      ["Tableaux interactifs", number(inv.interactiveBoards)],
      ["Vidéoprojecteurs", number(inv.projectors)],
      ["Imprimantes 3D", number(inv.printers3D)],
    ]);
    fill("inv-services", [
      ["ENT", yesNo(inv.hasEnt) && `${yesNo(inv.hasEnt)}${inv.entName ? ` (${inv.entName})` : ""}`],
      ["Ressources numériques", number(inv.digitalResources)],
    ]);
    fill("inv-experimentations", [
      ["e-FRAN", yesNo(inv.eFran)],
      ["PRO-FAN", yesNo(inv.proFan)],
      ["Collège lab", yesNo(inv.collegeLab)],
    ]);
    $("inv-source").textContent = `Inventaire numérique observé le ${inv.observationDate} — source : ${inv.source}.`;
  }

  input.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => { state.q = input.value.trim(); state.page = 1; search(); }, 250);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); setActive(state.active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); setActive(state.active - 1); }
    else if (event.key === "Enter" && state.active >= 0) { event.preventDefault(); openSchool(state.results[state.active].uai); }
    else if (event.key === "Escape") { input.value = ""; state.q = ""; state.page = 1; search(); }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(debounce);
    state.q = input.value.trim();
    state.page = 1;
    search();
  });
  typeSelect.addEventListener("change", () => { state.type = typeSelect.value; state.page = 1; search(); });
  stateSelect.addEventListener("change", () => { state.etat = stateSelect.value; state.page = 1; search(); });
  $("prev").addEventListener("click", () => { if (state.page > 1) { state.page--; search(); } });
  $("next").addEventListener("click", () => { if (state.page < state.pageCount) { state.page++; search(); } });

  // Restore a shared link: ?q=…&type=…&page=…&uai=…
  const params = new URLSearchParams(location.search);
  state.q = params.get("q") || "";
  state.type = params.get("type") || "";
  state.etat = params.get("etat") || "";
  state.page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  input.value = state.q;
  search();
  if (params.get("uai")) openSchool(params.get("uai"));
})();
