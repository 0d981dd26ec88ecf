// The API reference: Scalar over the OpenAPI document the API generates from its code.
// No default fonts (they would come from Scalar's CDN) and no calls to Scalar's services.
globalThis.Scalar.createApiReference("#reference", {
  url: "/api/openapi.json",
  withDefaultFonts: false,
  hideClientButton: true,
  defaultOpenAllTags: true,
  telemetry: false,
  showDeveloperTools: "never",
  // French labels (Scalar's built-in locale), no AI agent nor MCP generator (Scalar's services), the document
  // downloadable as JSON only (it is what the API serves).
  localization: { locale: "fr" },
  agent: { disabled: true },
  mcp: { disabled: true },
  documentDownloadType: "json",
  metaData: { title: "Référence de l'API — eCarto" },
});
