// Calls to the eCarto API. Every answer is JSON; a 503 while the first version is being made carries
// Retry-After, and a problem body (RFC 9457) says what was wrong otherwise.

export class LoadingError extends Error {
  constructor(retryAfter) { super("Chargement des données…"); this.retryAfter = retryAfter; }
}

export class NotFoundError extends Error {}

export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
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
