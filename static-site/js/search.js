// The search view (/): one box, the type and state filters, paged results. Its state lives in the URL
// (?q=…&type=…&etat=…&page=…) so that a link reopens the same results.
import { getJson, LoadingError } from "./api.js";
import { $, el, link, number } from "./dom.js";

const form = $("search-form"), input = $("q"), typeSelect = $("type"), stateSelect = $("etat");
const list = $("results"), status = $("status"), pager = $("pager"), box = $("suggestions");
const state = { q: "", type: "", etat: "", filters: {}, page: 1, pageCount: 0, results: [], requestId: 0 };
// The refining filters (the search's SchoolSelection): each a select or input with data-filter, its name the API's parameter.
const filterInputs = [...document.querySelectorAll("#search-form [data-filter]")];
const filterLabels = { sans4g: { true: "sans site 4G à 2 km", false: "avec un site 4G à 2 km" }, inventaire: { renseigne: "renseigné", "non-renseigne": "non renseigné" } };
const suggestions = { items: [], active: -1, requestId: 0 };
let debounce = 0, loadingTimer = 0, navigate = () => {};

function showLoading(error, retry) {
  document.body.classList.add("loading");
  status.replaceChildren(el("span", "spinner"), el("span", null,
    `Chargement des données… La première publication des données est en cours ; nouvel essai dans ${error.retryAfter} s.`));
  clearTimeout(loadingTimer);
  loadingTimer = setTimeout(retry, error.retryAfter * 1000);
}

function selectionParams() {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.type) params.set("type", state.type);
  if (state.etat) params.set("etat", state.etat);
  for (const [name, value] of Object.entries(state.filters)) if (value) params.set(name, value);
  return params;
}

// Typing replaces the address; choosing a filter or a page pushes a new one, so that Back steps back.
let pushNext = false;
function syncUrl() {
  if (location.pathname !== "/") return; // the user has left the search view meanwhile
  const params = selectionParams();
  if (state.page > 1) params.set("page", String(state.page));
  const query = params.toString();
  const url = query ? `/?${query}` : "/";
  if (url === location.pathname + location.search) { pushNext = false; return; }
  if (pushNext) history.pushState(null, "", url); else history.replaceState(null, "", url);
  pushNext = false;
}

// Each filter's values with the number of results they would leave (the answer's facets).
function fillFacets(facets) {
  for (const input of filterInputs) {
    if (input.tagName === "INPUT" && facets && facets[input.name]) {
      // An open filter (territoire): its facet's values, with their counts, as the field's suggestions.
      let choices = document.getElementById(`${input.id}-facettes`);
      if (!choices) {
        choices = el("datalist");
        choices.id = `${input.id}-facettes`;
        input.after(choices);
        input.setAttribute("list", choices.id);
      }
      choices.replaceChildren(...facets[input.name].map((f) => {
        const option = el("option", null, `${f.libelle} (${number(f.nombre)})`);
        option.value = f.valeur;
        return option;
      }));
      continue;
    }
    if (input.tagName !== "SELECT" || !facets || !facets[input.name]) continue;
    const keep = input.options[0];
    input.replaceChildren(keep, ...facets[input.name].map((f) => {
      const option = el("option", null, `${(filterLabels[input.name] || {})[f.valeur] || f.libelle} (${number(f.nombre)})`);
      option.value = f.valeur;
      return option;
    }));
    input.value = state.filters[input.name] || "";
  }
}

// The observatory's types first; the annuaire's other entries (services, CIO, médico-social, type not
// given) only through this explicit choice: they are never listed nor counted by default.
function fillTypes(types) {
  if (typeSelect.options.length > 1 || !types) return;
  const option = (t) => {
    const node = el("option", null, `${t.label} (${number(t.count)})`);
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
    const node = el("option", null, `${s.label} (${number(s.count)})`);
    node.value = s.code || s.slug;
    stateSelect.append(node);
  }
  stateSelect.value = state.etat;
}

async function search() {
  const id = ++state.requestId;
  const params = selectionParams();
  params.set("page", String(state.page));
  if (!document.body.classList.contains("loading")) status.textContent = "Recherche…";
  try {
    const data = await getJson(`/api/etablissements?${params}`);
    if (id !== state.requestId) return; // a newer search has started
    document.body.classList.remove("loading");
    fillTypes(data.types);
    fillStates(data.etats);
    fillFacets(data.facettes);
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
  status.textContent = data.total === 0
    ? (data.suggestion || "Aucun établissement ne correspond. Essayez un autre nom, une commune ou un UAI.")
    : `${number(data.total)} établissement${data.total > 1 ? "s" : ""}${data.query ? ` pour « ${data.query} »` : ""}`;
  list.replaceChildren(...data.results.map((school) => {
    const item = el("li");
    item.dataset.uai = school.uai;
    const name = el("div", "name");
    name.append(link(`/etablissement/${encodeURIComponent(school.uai)}`, school.name));
    for (const type of school.types) name.append(el("span", "badge", type));
    if (school.state && school.state !== "ouvert") name.append(el("span", `badge state state-${school.state}`, school.stateLabel));
    item.append(name);
    const place = [school.communeName, school.departementName && `${school.departementName} (${school.departementCode})`, school.academieName && `académie de ${school.academieName}`]
      .filter(Boolean).join(" · ");
    item.append(el("div", "meta", `${place} · UAI ${school.uai}${school.sector ? ` · ${school.sector}` : ""}`));
    // The whole row opens the fiche, not only its link.
    item.addEventListener("click", (event) => { if (!event.target.closest("a")) openSchool(school.uai); });
    return item;
  }));
  // The same selection as an Excel file: the query and the filters, every page.
  const exportLink = $("results-xlsx");
  const selection = selectionParams();
  exportLink.href = `/api/exports/etablissements.xlsx${selection.toString() ? `?${selection}` : ""}`;
  exportLink.hidden = data.total === 0;
  exportLink.textContent = `Exporter (Excel, ${number(data.total)} établissement${data.total > 1 ? "s" : ""})`;
  pager.hidden = data.pageCount <= 1;
  $("page-info").textContent = `Page ${data.page} sur ${data.pageCount}`;
  $("prev").disabled = data.page <= 1;
  $("next").disabled = data.page >= data.pageCount;
}

// The suggestions while typing: territories and establishments, grouped, each opening its page.
async function suggest(q) {
  const id = ++suggestions.requestId;
  if (!q) { closeSuggestions(); return; }
  try {
    const data = await getJson(`/api/recherche?${new URLSearchParams({ q, limit: "5" })}`);
    if (id !== suggestions.requestId || document.activeElement !== input) return;
    // A typed code (« 31 », « 0310036W », « 34172 ») names one thing: its group comes first.
    const exact = (g) => g.items.some((item) => item.code && item.code.toLowerCase() === q.toLowerCase());
    const groups = data.groups.filter((g) => g.items.length > 0);
    renderSuggestions([...groups.filter(exact), ...groups.filter((g) => !exact(g))]);
  } catch {
    if (id === suggestions.requestId) closeSuggestions(); // suggestions are a help: the search below still answers
  }
}

function renderSuggestions(groups) {
  suggestions.items = [];
  suggestions.active = -1;
  box.replaceChildren(...groups.map((group) => {
    const section = el("div", "suggestion-group");
    section.setAttribute("role", "group");
    const title = el("div", "suggestion-title", group.total > group.items.length ? `${group.label} (${number(group.total)})` : group.label);
    title.id = `suggestions-${group.niveau}`;
    title.setAttribute("role", "presentation");
    section.setAttribute("aria-labelledby", title.id);
    section.append(title);
    for (const item of group.items) {
      const option = el("div", "suggestion");
      option.id = `suggestion-${suggestions.items.length}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.url = item.url;
      option.dataset.niveau = item.niveau;
      option.append(el("span", "label", item.label));
      const detail = [item.detail, item.niveau === "commune" && item.code ? `INSEE ${item.code}` : null, item.postalCodes && item.postalCodes.length ? item.postalCodes.slice(0, 3).join(", ") : null]
        .filter(Boolean).join(" · ");
      if (detail) option.append(el("span", "detail", detail));
      // mousedown, not click: the input's blur must not close the list first.
      option.addEventListener("mousedown", (event) => { event.preventDefault(); choose(suggestions.items.indexOf(option)); });
      suggestions.items.push(option);
      section.append(option);
    }
    return section;
  }));
  box.hidden = suggestions.items.length === 0;
  input.setAttribute("aria-expanded", box.hidden ? "false" : "true");
  input.removeAttribute("aria-activedescendant");
}

function closeSuggestions() {
  suggestions.requestId++;
  box.hidden = true;
  suggestions.items = [];
  suggestions.active = -1;
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
}

function setActive(index) {
  const items = suggestions.items;
  if (items.length === 0) return;
  suggestions.active = (index + items.length) % items.length;
  items.forEach((item, i) => item.setAttribute("aria-selected", i === suggestions.active ? "true" : "false"));
  const current = items[suggestions.active];
  input.setAttribute("aria-activedescendant", current.id);
  current.scrollIntoView({ block: "nearest" });
}

function choose(index) {
  const option = suggestions.items[index];
  if (!option) return;
  closeSuggestions();
  navigate(option.dataset.url);
}

function openSchool(uai) { navigate(`/etablissement/${encodeURIComponent(uai)}`); }

/** Wires the form once; `go` is the router's navigation. */
export function initSearch(go) {
  navigate = go;
  input.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      state.q = input.value.trim();
      state.page = 1;
      suggest(state.q);
      search();
    }, 200);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); setActive(suggestions.active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); setActive(suggestions.active - 1); }
    else if (event.key === "Enter" && suggestions.active >= 0) { event.preventDefault(); choose(suggestions.active); }
    else if (event.key === "Escape") {
      event.preventDefault();
      if (!box.hidden) { closeSuggestions(); return; }
      input.value = ""; state.q = ""; state.page = 1; search();
    }
  });
  input.addEventListener("blur", () => setTimeout(closeSuggestions, 150));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    pushNext = true;
    clearTimeout(debounce);
    closeSuggestions();
    state.q = input.value.trim();
    state.page = 1;
    search();
  });
  typeSelect.addEventListener("change", () => { state.type = typeSelect.value; state.page = 1; pushNext = true; search(); });
  stateSelect.addEventListener("change", () => { state.etat = stateSelect.value; state.page = 1; pushNext = true; search(); });
  for (const input of filterInputs) {
    input.addEventListener("change", () => { state.filters[input.name] = input.value.trim(); state.page = 1; pushNext = true; search(); });
  }
  $("prev").addEventListener("click", () => { if (state.page > 1) { state.page--; pushNext = true; search(); } });
  $("next").addEventListener("click", () => { if (state.page < state.pageCount) { state.page++; pushNext = true; search(); } });
}

/** Shows the search view for /?q=…&type=…&etat=…&page=… */
export function showSearch(params) {
  state.q = params.get("q") || "";
  state.type = params.get("type") || "";
  state.etat = params.get("etat") || "";
  state.page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  state.filters = {};
  for (const f of filterInputs) {
    state.filters[f.name] = params.get(f.name) || "";
    if (f.tagName === "INPUT") f.value = state.filters[f.name];
    else if (state.filters[f.name] && ![...f.options].some((o) => o.value === state.filters[f.name])) {
      const option = el("option", null, state.filters[f.name]); // until the facets name it
      option.value = state.filters[f.name];
      f.append(option);
    }
    f.value = state.filters[f.name];
  }
  if (Object.values(state.filters).some(Boolean)) $("filtres").open = true;
  input.value = state.q;
  typeSelect.value = state.type;
  stateSelect.value = state.etat;
  document.title = "eCarto — le numérique éducatif des établissements scolaires";
  search();
}
