// eCarto's single page: a small router over three views, each with its own deep link.
//   /                             search (?q=…&type=…&etat=…&page=…)
//   /etablissement/{uai}          a school's fiche
//   /territoire/{niveau}/{code}   a territory's fiche (/territoire/france for France)
//   /territoires/{niveau}         the régions, académies or départements, each a link
//   /carte?niveau=&indicateur=&territoire=   the map of France coloured by an indicator
// Links are real <a href>: the router turns a click into history.pushState, and the back button works.
import { $ } from "./dom.js";
import { setBreadcrumb, showNotFound, showView } from "./page.js";
import { initSearch, showSearch } from "./search.js";
import { showSchool } from "./school.js";
import { showTerritory } from "./territory.js";
import { showTerritoryList } from "./list.js";
import { initNearby } from "./nearby.js";
import { hideMap, showMap } from "./map.js";

function route() {
  const path = location.pathname.replace(/\/+$/, "") || "/";
  const params = new URLSearchParams(location.search);
  // Links shared before the fiches had their own address: /?uai=…
  if (path === "/" && params.get("uai")) {
    history.replaceState(null, "", `/etablissement/${encodeURIComponent(params.get("uai"))}`);
    return route();
  }
  hideMap();
  if (path === "/carte") {
    showView("map");
    setBreadcrumb([]);
    return showMap(params);
  }
  let match;
  if ((match = path.match(/^\/etablissement\/([^/]+)$/))) {
    showView("school");
    setBreadcrumb([]);
    return showSchool(decodeURIComponent(match[1]));
  }
  if ((match = path.match(/^\/territoires\/([a-z]+)$/))) {
    showView("list");
    setBreadcrumb([]);
    return showTerritoryList(match[1]);
  }
  if ((match = path.match(/^\/territoire\/([a-z]+)(?:\/([^/]+))?$/))) {
    showView("territory");
    setBreadcrumb([]);
    return showTerritory(match[1], match[2] ? decodeURIComponent(match[2]) : "FR");
  }
  if (path !== "/") {
    showNotFound(`L'adresse « ${path} » ne correspond à aucune page d'eCarto.`);
    return;
  }
  showView("search");
  setBreadcrumb([]);
  showSearch(params);
}

function navigate(href) {
  const target = new URL(href, location.href);
  if (target.pathname + target.search === location.pathname + location.search) return;
  history.pushState(null, "", target.pathname + target.search);
  window.scrollTo(0, 0);
  route();
  $("main").focus({ preventScroll: true });
}

// Same-site links change the view without reloading; a modified click (new tab) is left to the browser.
document.addEventListener("click", (event) => {
  const a = event.target.closest && event.target.closest("a[href]");
  if (!a || a.target || a.hasAttribute("download") || event.button !== 0
      || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/api/") || url.hash && url.pathname === location.pathname) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener("popstate", route);

initSearch(navigate);
initNearby();
route();
