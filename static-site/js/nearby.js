// « Autour d'un lieu »: the schools nearest to an address (geocoded by the API: Azure Maps, or offline from
// the communes we hold) or to the browser's position, nearest first with their distance.
import { getJson } from "./api.js";
import { $, el, link, number, schoolPath } from "./dom.js";
import { showNearbyMap } from "./map.js";

const form = $("autour"), status = $("autour-statut"), list = $("autour-liste");
let request = 0;

function distance(metres) {
  return metres < 1000 ? `${number(metres)} m` : `${number(metres / 1000, 1)} km`;
}

async function around(lat, lon, place) {
  const id = ++request;
  status.textContent = `Recherche des établissements autour de ${place}…`;
  status.scrollIntoView({ block: "nearest" });
  try {
    const data = await getJson(`/api/etablissements/proches?${new URLSearchParams({ lat: String(lat), lon: String(lon), rayon: "10000", pageSize: "20" })}`);
    if (id !== request) return;
    status.textContent = data.total === 0
      ? `Aucun établissement à moins de 10 km de ${place}.`
      : `${number(data.total)} établissement${data.total > 1 ? "s" : ""} à moins de 10 km de ${place}, du plus proche au plus lointain${data.total > data.results.length ? ` (les ${data.results.length} plus proches)` : ""} :`;
    list.replaceChildren(...data.results.map((school) => {
      const li = el("li");
      li.dataset.uai = school.uai;
      const name = el("div", "name");
      name.append(link(schoolPath(school.uai), school.name));
      for (const type of school.types) name.append(el("span", "badge", type));
      li.append(name, el("div", "meta", `${distance(school.distanceMetres)} · ${school.communeName || ""} · UAI ${school.uai}`));
      return li;
    }));
    // The same schools on a small map, numbered as in the list (the map is a convenience: the list stands without it).
    showNearbyMap(list, { lat, lon, label: place }, data.results.map((school) => ({ ...school, distanceText: distance(school.distanceMetres) })))
      .catch(() => {});
  } catch (error) {
    if (id !== request) return;
    list.replaceChildren();
    showNearbyMap(list, null, []);
    status.textContent = `La recherche autour de ${place} a échoué : ${error.message}`;
  }
}

export function initNearby() {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const address = $("adresse").value.trim();
    if (!address) { status.textContent = "Tapez une adresse, une commune ou un code postal."; return; }
    const id = ++request;
    status.textContent = "Localisation de l'adresse…";
    try {
      const place = await getJson(`/api/geocodage?${new URLSearchParams({ adresse: address })}`);
      if (id !== request) return;
      await around(place.lat, place.lon, place.label || address);
    } catch (error) {
      if (id !== request) return;
      list.replaceChildren();
      status.textContent = `Adresse introuvable : ${error.message}`;
    }
  });
  $("autour-de-moi").addEventListener("click", () => {
    if (!navigator.geolocation) { status.textContent = "Ce navigateur ne donne pas sa position : tapez plutôt une adresse."; return; }
    status.textContent = "Demande de votre position au navigateur…";
    navigator.geolocation.getCurrentPosition(
      (position) => around(position.coords.latitude, position.coords.longitude, "votre position"),
      (error) => {
        status.textContent = error.code === error.PERMISSION_DENIED
          ? "Vous n'avez pas autorisé l'accès à votre position : tapez plutôt une adresse, une commune ou un code postal."
          : "Votre position n'a pas pu être déterminée : tapez plutôt une adresse.";
      },
      { timeout: 10000, maximumAge: 600000 });
  });
}
