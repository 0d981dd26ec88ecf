using ECarto.Search;

namespace ECarto.Api;

/// <summary>What a route answers with on success.</summary>
public enum ApiContent
{
    Json,
    Pdf,
    Xlsx,
}

/// <summary>A query parameter of a route, described for the OpenAPI document (in French).</summary>
public sealed record ApiParameter(string Name, string Description, string Type = "string", bool Required = false, double? Minimum = null, double? Maximum = null);

/// <summary>One route of <see cref="ApiRoutes"/>, described for the OpenAPI document (in French).</summary>
public sealed record ApiOperation(
    string Route,
    string OperationId,
    string Tag,
    string Summary,
    string Description,
    IReadOnlyList<ApiParameter> Query,
    ApiContent Content = ApiContent.Json,
    bool Versioned = true);

/// <summary>
/// Every route of <see cref="ApiRoutes"/> with its description: the OpenAPI document is generated from this
/// list (<see cref="OpenApiDocument"/>), and a test checks that it names exactly the routes of the built
/// functions.metadata, so that a route added without its description fails the build's tests.
/// </summary>
public static class ApiCatalog
{
    /// <summary>The path parameters, the same on every route that has them.</summary>
    public static readonly IReadOnlyDictionary<string, string> PathParameters = new Dictionary<string, string>
    {
        ["uai"] = "Identifiant de l'établissement (UAI, 7 chiffres et une lettre, par exemple 0310036W).",
        ["niveau"] = "Niveau de territoire : commune, departement, academie, region ou france.",
        ["code"] = "Code du territoire (INSEE pour une commune, par exemple 31555 ; 31 ou 2A pour un département ; FR pour la France).",
    };

    private static readonly ApiParameter Page = new("page", "Numéro de page, à partir de 1.", "integer", Minimum: 1, Maximum: EstablishmentHandlers.MaxPage);
    private static readonly ApiParameter PageSize = new("pageSize",
        "Résultats par page (20 par défaut, 100 au plus). Une page de 50 résultats ou plus compte dans la limite de débit.", "integer", Minimum: 1, Maximum: 100);

    private static readonly IReadOnlyList<ApiParameter> Filters =
    [
        new(SchoolFilters.Type, "Type d'établissement (ecole, college, lycee, lycee-gt, lycee-pro…)."),
        new(SchoolFilters.Sector, "Secteur : public ou prive."),
        new(SchoolFilters.PriorityEducation, "Éducation prioritaire : rep, rep-plus ou hors."),
        new(SchoolFilters.Territory, "Territoire sous la forme niveau:code (par exemple departement:31)."),
        new(SchoolFilters.State, "État : ouvert ou ferme."),
        new(SchoolFilters.Without4G, "Sans couverture 4G : true ou false."),
        new(SchoolFilters.Inventory, "Inventaire numérique : renseigne ou non-renseigne."),
        new(SchoolFilters.Arcep30Max, "Part maximale (en %) de locaux éligibles à 30 Mbit/s ou plus."),
    ];

    private static readonly ApiParameter Q = new("q", "Texte recherché (nom, commune, UAI) ; sans accents ni casse.");

    public static readonly IReadOnlyList<ApiOperation> Operations =
    [
        new(ApiRoutes.Establishment, "GetEtablissement", "Établissements", "Fiche d'un établissement",
            "L'établissement, sa commune et ses indicateurs, avec les sources et leurs dates.", []),
        new(ApiRoutes.Establishments, "SearchEtablissements", "Établissements", "Recherche d'établissements",
            "Les établissements correspondant au texte et aux filtres, par pages.", [Q, .. Filters, Page, PageSize]),
        new(ApiRoutes.NearbyEstablishments, "ListEtablissementsProches", "Établissements", "Établissements proches d'un point",
            "Les établissements autour d'une position, du plus proche au plus lointain.",
            [
                new("lat", "Latitude en degrés (WGS 84).", "number", true, -90, 90),
                new("lon", "Longitude en degrés (WGS 84).", "number", true, -180, 180),
                new("rayon", "Rayon de recherche en mètres.", "integer", Minimum: 1),
                new(SchoolFilters.Type, "Type d'établissement."),
                Page, PageSize,
            ]),
        new(ApiRoutes.Geocoding, "Geocoder", "Établissements", "Géocodage d'une adresse",
            "La position d'une adresse, d'une commune ou d'un code postal.",
            [new("adresse", "Adresse, commune ou code postal (par exemple « Albi » ou « 31000 »).", Required: true)], Versioned: false),
        new(ApiRoutes.Suggestions, "Suggerer", "Recherche", "Suggestions de la barre de recherche",
            "Territoires et établissements dont le nom commence par le texte, groupés.",
            [Q, new("limit", "Suggestions par groupe.", "integer", Minimum: 1), new(SchoolFilters.Territory, "Restreindre à un territoire (niveau:code).")]),
        new(ApiRoutes.Indicators, "ListIndicateurs", "Observatoire", "Catalogue des indicateurs",
            "Les indicateurs, leurs définitions, unités et sources.", []),
        new(ApiRoutes.Territory, "GetTerritoire", "Observatoire", "Fiche d'un territoire",
            "Les indicateurs d'un territoire, ses répartitions et sa comparaison aux territoires parents.", []),
        new(ApiRoutes.Territories, "ListTerritoires", "Observatoire", "Territoires d'un niveau",
            "Les territoires d'un niveau, avec quelques chiffres clés.",
            [new("parent", "Ne garder que les territoires d'un parent (niveau:code).")]),
        new(ApiRoutes.TerritorySchools, "ListEtablissementsDuTerritoire", "Observatoire", "Établissements d'un territoire",
            "Les établissements d'un territoire, par pages.",
            [new("type", "Groupe de types d'établissement."), new("secteur", "Secteur : public ou prive."), Page, PageSize]),
        new(ApiRoutes.EstablishmentFichePdf, "GetFicheEtablissementPdf", "Exports", "Fiche PDF d'un établissement",
            "La fiche de l'établissement en PDF. Compte dans la limite de débit.", [], ApiContent.Pdf),
        new(ApiRoutes.TerritoryFichePdf, "GetFicheTerritoirePdf", "Exports", "Fiche PDF d'un territoire",
            "La fiche du territoire en PDF. Compte dans la limite de débit.", [], ApiContent.Pdf),
        new(ApiRoutes.EstablishmentsXlsx, "ExportEtablissementsXlsx", "Exports", "Export Excel d'une recherche",
            "Tous les résultats d'une recherche (mêmes paramètres que la recherche) en classeur Excel. Compte dans la limite de débit.",
            [Q, .. Filters], ApiContent.Xlsx),
        new(ApiRoutes.TerritoryXlsx, "ExportTerritoireXlsx", "Exports", "Export Excel d'un territoire",
            "Les chiffres, répartitions et comparaisons du territoire, et ses établissements, en classeur Excel. Compte dans la limite de débit.",
            [], ApiContent.Xlsx),
        new(ApiRoutes.IngestionRuns, "ListIngestionExecutions", "Administration", "Exécutions de l'ingestion",
            "Les dernières exécutions de l'ingestion et les versions publiées. Fermé (404) sauf configuration Admin.",
            [new("source", "Ne garder qu'une source."), new("count", "Nombre d'exécutions (1 à 500, 50 par défaut).", "integer", Minimum: 1, Maximum: 500)],
            Versioned: false),
        new(ApiRoutes.OpenApi, "GetOpenApi", "Documentation", "Ce document OpenAPI",
            "La description de l'API, générée depuis son code.", [], Versioned: false),
    ];
}
