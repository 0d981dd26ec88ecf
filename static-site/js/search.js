// The search view (/): one box, the type and state filters, paged results. Its state lives in the URL
// (?q=…&type=…&etat=…&page=…) so that a link reopens the same results.
import { getJson, LoadingError } from "./api.js";
import { $, el, number } from "./dom.js";

const form = $("search-form"), input = $("q"), typeSelect = $("type"), stateSelect = $("etat");
const list = $("results"), status = $("status"), pager = $("pager");
const state = { q: "", type: "", etat: "", page: 1, pageCount: 0, results: [], active: -1, requestId: 0 };
let debounce = 0, loadingTimer = 0, navigate = () => {};

function showLoading(error, retry) {
  document.body.classList.add("loading");
  status.replaceChildren(el("span", "spinner"), el("span", null,
    `Chargement des données… La première publication des données est en cours ; nouvel essai dans ${error.retryAfter} s.`));
  clearTimeout(loadingTimer);
  loadingTimer = setTimeout(retry, error.retryAfter * 1000);
}

function syncUrl() {
  if (location.pathname !== "/") return; // the user has left the search view meanwhile
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.type) params.set("type", state.type);
  if (state.etat) params.set("etat", state.etat);
  if (state.page > 1) params.set("page", String(state.page));
  const query = params.toString();
  history.replaceState(null, "", query ? `/?${query}` : "/");
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
  const params = new URLSearchParams({ q: state.q, page: String(state.page) });
  if (state.type) params.set("type", state.type);
  if (state.etat) params.set("etat", state.etat);
  if (!document.body.classList.contains("loading")) status.textContent = "Recherche…";
  try {
    const data = await getJson(`/api/etablissements?${params}`);
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
  status.textContent = data.total === 0
    ? "Aucun établissement ne correspond. Essayez un autre nom, une commune ou un UAI."
    : `${number(data.total)} établissement${data.total > 1 ? "s" : ""}${data.query ? ` pour « ${data.query} »` : ""}`;
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

function openSchool(uai) { navigate(`/etablissement/${encodeURIComponent(uai)}`); }

/** Wires the form once; `go` is the router's navigation. */
export function initSearch(go) {
  navigate = go;
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
}

/** Shows the search view for /?q=…&type=…&etat=…&page=… */
export function showSearch(params) {
  state.q = params.get("q") || "";
  state.type = params.get("type") || "";
  state.etat = params.get("etat") || "";
  state.page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  input.value = state.q;
  typeSelect.value = state.type;
  stateSelect.value = state.etat;
  document.title = "eCarto — le numérique éducatif des établissements scolaires";
  search();
}
