// What every view shares: which view shows, the breadcrumb, the page's status line and title.
import { $, el, link } from "./dom.js";
import { NotFoundError } from "./api.js";

const views = { search: $("search-view"), school: $("fiche"), territory: $("territoire"), list: $("liste"), notFound: $("introuvable") };
const pageStatus = $("page-status");
let loadingTimer = 0;

// The fiches and the lists show themselves once their data is drawn: an empty fiche filled in place would
// push the page down as it loads (a layout shift), and a deep link would flash the search first.
const shownWhenDrawn = new Set(["school", "territory", "list"]);

export function showView(name) {
  for (const [key, node] of Object.entries(views)) node.hidden = key !== name || shownWhenDrawn.has(key);
  pageStatus.replaceChildren();
  clearTimeout(loadingTimer);
}

/** The trail from France down to the page: items are { label, href }, the last one is the page itself. */
export function setBreadcrumb(items) {
  const nav = $("breadcrumb");
  nav.hidden = items.length === 0;
  const ol = nav.querySelector("ol");
  ol.replaceChildren(...items.map((item, i) => {
    const li = el("li");
    if (i < items.length - 1) { li.append(link(item.href, item.label)); return li; }
    const current = el("span", null, item.label);
    current.setAttribute("aria-current", "page");
    li.append(current);
    return li;
  }));
}

/** A view's load failed: while the first version is being made, say so and try again by itself. */
export function pageFailed(error, retry, what) {
  if (error.retryAfter) {
    pageStatus.replaceChildren(el("span", "spinner"), el("span", null,
      `Chargement des données… La première publication des données est en cours ; nouvel essai dans ${error.retryAfter} s.`));
    clearTimeout(loadingTimer);
    loadingTimer = setTimeout(retry, error.retryAfter * 1000);
    return;
  }
  if (error instanceof NotFoundError) { showNotFound(error.message); return; }
  pageMessage(`${what} : ${error.message}`);
}

/** The French 404 page, as static-site/404.html, for an unknown route, UAI or territory: says what was not found. */
export function showNotFound(detail) {
  showView("notFound");
  setBreadcrumb([]);
  $("introuvable-detail").textContent = detail;
  document.title = "Page introuvable — eCarto";
}

export function pageReady(title) {
  pageStatus.replaceChildren();
  document.title = `${title} — eCarto`;
}


/** A page that cannot be shown: say why, and offer the way back. */
export function pageMessage(text) {
  pageStatus.replaceChildren(el("span", null, `${text} `), link("/", "Revenir à la recherche"));
}
