// Calls to the eCarto API. Every answer is JSON; a 503 while the first version is being made carries
// Retry-After, and a problem body (RFC 9457) says what was wrong otherwise.
//
// Where the API is: config.json, next to index.html, gives its origin ({ "apiBaseUrl": "" } means the
// site's own origin, as locally or behind a Static Web App linked backend). The deployment writes it
// (infra/hooks/write-site-config.sh) when the site calls the function app directly.
//
// When the API cannot be reached (network error, or a 5xx other than the 503 of the first
// publication), the call is not failed: a message with a « Réessayer » button shows in the page, and
// the call waits for it (or for the browser to come back online), so every view resumes where it was.

export class LoadingError extends Error {
  constructor(retryAfter) { super("Chargement des données…"); this.retryAfter = retryAfter; }
}

export class NotFoundError extends Error {}

let apiBase = "";
const configured = fetch("/config.json", { headers: { Accept: "application/json" } })
  .then((response) => (response.ok ? response.json() : {}))
  .then((config) => {
    const base = config && typeof config.apiBaseUrl === "string" ? config.apiBaseUrl.trim().replace(/\/+$/, "") : "";
    // Only an absolute http(s) origin is taken; anything else keeps the site's own origin.
    apiBase = /^https?:\/\/[^/?#\s]+$/i.test(base) ? base : "";
  })
  .catch(() => { apiBase = ""; });

/** The absolute address of an API path ("/api/..."), once config.json is read. */
export async function apiUrl(path) {
  await configured;
  return `${apiBase}${path}`;
}

// Download links (PDF, xlsx) are plain <a href="/api/..."> set by the views: when the API lives on
// another origin, point them there just before the browser follows them.
document.addEventListener("click", (event) => {
  const anchor = event.target instanceof Element ? event.target.closest("a[href^='/api/']") : null;
  if (anchor && apiBase) anchor.href = `${apiBase}${anchor.getAttribute("href")}`;
}, true);

export class UnreachableError extends Error {}

const unreachableText = "Le service de données d'eCarto ne répond pas pour le moment. Vérifiez votre connexion, puis réessayez.";
let waiting = null;

/** Shows the « unreachable » notice once, and resolves when the user asks to try again. */
function waitForRetry() {
  if (waiting) return waiting;
  waiting = new Promise((resolve) => {
    const notice = document.createElement("div");
    notice.id = "api-injoignable";
    notice.className = "state-note";
    notice.setAttribute("role", "alert");
    const text = document.createElement("p");
    text.textContent = unreachableText;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Réessayer";
    notice.append(text, button);
    const retry = () => {
      window.removeEventListener("online", retry);
      notice.remove();
      waiting = null;
      resolve();
    };
    button.addEventListener("click", retry);
    window.addEventListener("online", retry);
    const main = document.getElementById("main") || document.body;
    const status = document.getElementById("page-status");
    if (status && status.parentNode === main) status.after(notice); else main.prepend(notice);
    button.focus({ preventScroll: true });
  });
  return waiting;
}

async function fetchOnce(path) {
  let response;
  try {
    response = await fetch(await apiUrl(path), { headers: { Accept: "application/json" } });
  } catch {
    throw new UnreachableError(unreachableText);
  }
  if (response.status >= 500 && response.status !== 503) throw new UnreachableError(unreachableText);
  return response;
}

export async function getJson(path) {
  let response;
  for (;;) {
    try {
      response = await fetchOnce(path);
      break;
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error;
      await waitForRetry();
    }
  }
  const body = await response.json().catch(() => null);
  if (response.status === 503) {
    const seconds = parseInt(response.headers.get("Retry-After") || "5", 10);
    throw new LoadingError(Math.min(Math.max(Number.isFinite(seconds) ? seconds : 5, 1), 60));
  }
  if (!response.ok) {
    const detail = body && (body.detail || body.title);
    const ErrorType = response.status === 404 ? NotFoundError : Error;
    throw new ErrorType(detail || `Erreur ${response.status}`);
  }
  return body;
}

// The indicator catalogue is the same for a whole data version: fetched once per page load.
let catalogue = null;
export function indicatorCatalogue() {
  if (!catalogue) catalogue = getJson("/api/indicateurs").catch((error) => { catalogue = null; throw error; });
  return catalogue;
}
