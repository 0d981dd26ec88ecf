using System.Globalization;
using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;
using ECarto.Sources.Colleges;
using ECarto.Sources.Effectifs;
using ECarto.Sources.Inventaire;
using ECarto.Sources.Ips;
using ECarto.Search;
using ECarto.Territories;
using Microsoft.AspNetCore.Http;

namespace ECarto.Api;

/// <summary>
/// The establishment API: one school's fiche, and the search. Called by the Functions and by the local
/// host alike; returns the HTTP result to send.
/// </summary>
public sealed class EstablishmentHandlers(SchoolIndexProvider indexes, SchoolCatalogProvider catalogs, SchoolFiches fiches, SearchOptions options, TerritoryDirectoryProvider directories)
{
    public const int MaxQueryLength = 200;
    public const int MaxPage = 10_000;

    /// <summary>
    /// GET /api/etablissements/{uai}. No storage read: the school from its version's fiches in memory
    /// (<see cref="SchoolFiches"/>, one table read for a version without snapshot), its commune's
    /// fixed-network figures from the version's territory headers, the sources' dates loaded with the version.
    /// </summary>
    public async Task<IResult> GetAsync(HttpRequest request, string? uai, CancellationToken cancellationToken)
    {
        var normalized = Uai.Normalize(uai);
        if (normalized is null)
        {
            return Problems.BadRequest("uai",
                $"« {Truncate(uai, 40)} » n'est pas un UAI : un UAI compte sept chiffres suivis d'une lettre, par exemple 0310036W.");
        }
        var index = await indexes.GetAsync(cancellationToken);
        if (index.DataVersion is not { } version) return Problems.Loading();
        if (HttpCaching.IsFresh(request, version) && index.Find(normalized) is not null) return HttpCaching.NotModified(version);
        var (school, fiches) = await FindAsync(index, normalized, cancellationToken);
        if (school is null && index.Find(normalized) is not null)
        {
            // Known to the index but gone from its version (a version without snapshot whose table was
            // replaced meanwhile): a newer version was published.
            indexes.Invalidate();
            index = await indexes.GetAsync(cancellationToken);
            (school, fiches) = await FindAsync(index, normalized, cancellationToken);
        }
        if (school is null || fiches is null)
        {
            return Problems.NotFound($"Aucun établissement d'UAI {normalized} dans les données publiées (version {index.DataVersion}).");
        }
        version = fiches.Version;
        var state = SchoolState.Slug(school.State);
        var directory = await directories.GetAsync(version, cancellationToken);
        var commune = school.CommuneCode is { } code ? directory.Header(TerritoryLevel.Commune, code) : null;
        return HttpCaching.Versioned(Results.Json(new
        {
            school,
            state = new { code = state, label = SchoolState.Label(state), open = SchoolState.IsOpen(state) },
            observatory = school.Types.Any(SchoolScope.IsObservatoryType),
            sources = SourcesOf(school, commune, fiches.Sources),
            indicators = Indicators.SchoolIndicators.For(school, commune),
            dataVersion = version,
        }), version);
    }

    private async Task<(School? School, SchoolFichesOfVersion? Fiches)> FindAsync(SchoolIndex index, string uai, CancellationToken cancellationToken)
    {
        if (index.Find(uai) is not { } summary || index.DataVersion is not { } version) return (null, null);
        var ofVersion = await fiches.GetAsync(version, cancellationToken);
        return (await ofVersion.FindAsync(summary.DepartementCode, uai, cancellationToken), ofVersion);
    }

    /// <summary>
    /// GET /api/etablissements?q=&amp;page=&amp;pageSize= and the filters of <see cref="SchoolFilters"/> (type,
    /// secteur, ep, territoire, etat, sans4g, inventaire, arcep30Max) — without type nor etat, the
    /// observatory's schools open today; an explicit type or etat reaches the others. The answer has the
    /// facet counts of every closed filter, and a suggestion of a filter to relax when nothing is found.
    /// An answer is fixed for a version: kept once made (<see cref="SchoolCatalog.Answer"/>), then sent as it is.
    /// </summary>
    public async Task<IResult> SearchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var q = query["q"].ToString().Trim();
        if (q.Length > MaxQueryLength)
        {
            return Problems.BadRequest("q", $"La recherche dépasse {MaxQueryLength} caractères : raccourcissez-la.");
        }
        if (!TryReadInt(query, "page", 1, 1, MaxPage, out var page, out var pageProblem)) return pageProblem!;
        if (!TryReadInt(query, "pageSize", options.DefaultPageSize, 1, options.MaxPageSize, out var pageSize, out var sizeProblem)) return sizeProblem!;

        if (await catalogs.GetAsync(cancellationToken) is not { } catalog) return Problems.Loading();
        var (selection, problem) = SchoolSelection.Parse(query, catalog);
        if (problem is not null) return problem;
        var version = catalog.Version;
        // Valid parameters only: a 400 is never cached as a 304.
        if (HttpCaching.IsFresh(request, version)) return HttpCaching.NotModified(version);
        if (catalog.Answer(selection!, page, pageSize) is not { } json)
        {
            json = HttpCaching.Serialize(request, Answer(catalog, selection!, page, pageSize));
            catalog.KeepAnswer(selection!, page, pageSize, json);
        }
        return HttpCaching.Versioned(Results.Bytes(json, "application/json; charset=utf-8"), version);
    }

    /// <summary>A search's answer: the selection, a page of results, the facets and what to relax when nothing is found.</summary>
    private static object Answer(SchoolCatalog catalog, SchoolSelection selection, int page, int pageSize)
    {
        var version = catalog.Version;
        var result = catalog.Search(selection, page, pageSize);
        return new
        {
            selection.Query,
            selection.Type,
            Etat = selection.State,
            Filtres = selection.Filters,
            result.Total,
            result.Page,
            result.PageSize,
            PageCount = (result.Total + pageSize - 1) / pageSize,
            result.Results,
            Facettes = result.Facets,
            result.Suggestion,
            DataVersion = version,
            Types = catalog.Index.Types,
            Etats = catalog.Index.States,
        };
    }

    /// <summary>« Source : producteur, jeu de données, date » of every source a figure of the fiche comes from.</summary>
    private static List<object> SourcesOf(School school, Territory? commune, IReadOnlyDictionary<string, SourceState> known)
    {
        var used = new List<SourceDefinition>
        {
            SourceCatalog.Find(school.Source.SourceId) ?? SourceCatalog.Annuaire,
        };
        if (school.CommuneCodeInSource is not null || school.ArrondissementCode is not null) used.Add(CogSource.Definition);
        if (school.PupilsRentree is not null) used.Add(EffectifsSource.Definition);
        if (school.Ips is not null) used.Add(IpsSource.Definition);
        if (school.Mobile is not null) used.Add(ArcepMobileSource.Definition);
        if (school.Inventory is not null) used.Add(InventaireSource.Definition);
        if (commune?.Premises is not null) used.Add(ArcepFixeSource.Definition);
        if (commune?.FtthPremises is not null) used.Add(ArcepThdSource.Definition);
        // A real inventory names its own producer and observation date (a collectivité's deposit), not the run's.
        var deposited = school.Inventory is { IsDemonstration: false } inventory ? inventory : null;
        return used.Select(s => (object)new
        {
            id = s.Id,
            producer = s.Id == InventaireSource.Definition.Id && deposited is not null ? deposited.Source : s.Producer,
            dataset = s.Dataset,
            licence = s.Licence,
            date = s.Id == InventaireSource.Definition.Id && deposited is not null
                ? deposited.ObservationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : known.TryGetValue(s.Id, out var state) ? state.SourceDate : null,
            demonstration = s.Id == InventaireSource.Definition.Id && school.Inventory?.IsDemonstration == true,
        }).ToList();
    }

    internal static bool TryReadInt(IQueryCollection query, string name, int fallback, int min, int max, out int value, out IResult? problem)
    {
        problem = null;
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max) return true;
        problem = Problems.BadRequest(name, $"« {name} » doit être un entier entre {min} et {max} (reçu « {Truncate(text, 20)} »).");
        return false;
    }

    internal static string Truncate(string? text, int length) =>
        text is null ? "" : text.Length <= length ? text : text[..length] + "…";
}
