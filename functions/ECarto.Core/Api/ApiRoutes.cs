namespace ECarto.Api;

/// <summary>
/// The HTTP routes, shared by the Functions (relative to the host's "api" prefix) and the local host.
/// A test checks the built functions.metadata against what the local host serves.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public const string Establishment = "etablissements/{uai}";
    public const string Establishments = "etablissements";

    /// <summary>The schools around a point, nearest first; an address to a position.</summary>
    public const string NearbyEstablishments = "etablissements/proches";
    public const string Geocoding = "geocodage";

    /// <summary>The search box's suggestions over territories and establishments.</summary>
    public const string Suggestions = "recherche";

    /// <summary>The indicator catalogue.</summary>
    public const string Indicators = "indicateurs";

    /// <summary>A territory's fiche, the territories of a level, a territory's schools.</summary>
    public const string Territory = "territoires/{niveau}/{code}";
    public const string Territories = "territoires/{niveau}";
    public const string TerritorySchools = "territoires/{niveau}/{code}/etablissements";

    /// <summary>The fiches as PDF, made from the same answers as the pages.</summary>
    public const string EstablishmentFichePdf = "etablissements/{uai}/fiche.pdf";
    public const string TerritoryFichePdf = "territoires/{niveau}/{code}/fiche.pdf";

    /// <summary>The Excel exports: a search's selection (same parameters as the search), a territory with its schools.</summary>
    public const string EstablishmentsXlsx = "exports/etablissements.xlsx";
    public const string TerritoryXlsx = "territoires/{niveau}/{code}/export.xlsx";

    /// <summary>Ingestion runs (admin, closed unless configured). Not under "admin/": the Functions host keeps that for itself.</summary>
    public const string IngestionRuns = "ingestion/executions";

    /// <summary>The OpenAPI document of every route, generated from <see cref="ApiCatalog"/>.</summary>
    public const string OpenApi = "openapi.json";

    /// <summary>Route as served by a plain ASP.NET Core host: "/api/...".</summary>
    public static string Served(string route) => $"/{Prefix}/{route}";
}
