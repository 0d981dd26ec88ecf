using System.Text.RegularExpressions;
using ECarto.Indicators;
using ECarto.Search;
using ECarto.Territories;
using Microsoft.AspNetCore.Http;

namespace ECarto.Api;

/// <summary>
/// The territory API: a territory's fiche (identity, parents, coverage, every indicator with its
/// breakdowns, N.C. and comparison with its parents), the territories of a level, and a territory's
/// schools. Serving reads the figures stored at publish; it never recomputes them.
/// </summary>
public sealed partial class TerritoryHandlers(SchoolIndexProvider indexes, TerritoryDirectoryProvider directories, TerritoryStore store, SearchOptions options)
{
    /// <summary>What a code of each level looks like, and how the 400 says it.</summary>
    private static readonly Dictionary<string, (Regex Pattern, string Expected)> Codes = new(StringComparer.Ordinal)
    {
        [TerritoryLevel.Commune] = (CommuneCode(), "un code commune INSEE de cinq caractères, par exemple 31555, 2A004 ou 97411"),
        [TerritoryLevel.Departement] = (DepartementCode(), "un code de département : deux chiffres (31), 2A ou 2B, ou trois chiffres outre-mer (974)"),
        [TerritoryLevel.Academie] = (AcademieCode(), "un code d'académie de deux chiffres, par exemple 16 (Toulouse)"),
        [TerritoryLevel.Region] = (RegionCode(), "un code de région de deux chiffres (76), ou de trois pour une collectivité d'outre-mer (975)"),
        [TerritoryLevel.France] = (FranceCode(), "FR"),
    };

    [GeneratedRegex("^(?:[0-9]{5}|2[AB][0-9]{3})$")] private static partial Regex CommuneCode();
    [GeneratedRegex("^(?:[0-9]{2}|2[AB]|9[78][0-9])$")] private static partial Regex DepartementCode();
    [GeneratedRegex("^[0-9]{2}$")] private static partial Regex AcademieCode();
    [GeneratedRegex("^[0-9]{2,3}$")] private static partial Regex RegionCode();
    [GeneratedRegex("^FR$")] private static partial Regex FranceCode();

    private static readonly string Levels = string.Join(", ", TerritoryLevel.All);

    /// <summary>
    /// GET /api/territoires/{niveau}/{code}. The answer is fixed for a version: built at its first request
    /// (a commune's figures are one storage read), then served from the version's kept bytes
    /// (<see cref="TerritoryDirectory.Answer"/>), with no storage read nor serialisation.
    /// </summary>
    public async Task<IResult> GetAsync(HttpRequest request, string? level, string? code, CancellationToken cancellationToken)
    {
        if (Validate(level, code, out var normalized) is { } problem) return problem;
        var index = await indexes.GetAsync(cancellationToken);
        if (index.DataVersion is not { } version) return Problems.Loading();
        var directory = await directories.GetAsync(version, cancellationToken);
        if (directory.Header(level!, normalized) is null) return NotFound(level!, normalized, version);
        if (HttpCaching.IsFresh(request, version)) return HttpCaching.NotModified(version);
        if (directory.Answer(level!, normalized) is { } kept) return HttpCaching.Precompressed(kept, version);
        var territory = directory.Full(level!, normalized) ?? await store.GetAsync(version, level!, normalized, cancellationToken);
        if (territory is null) return NotFound(level!, normalized, version);
        var answer = HttpCaching.Precompress(HttpCaching.Serialize(request, Fiche(territory, directory, version)));
        directory.KeepAnswer(level!, normalized, answer);
        return HttpCaching.Precompressed(answer, version);
    }

    /// <summary>A territory's fiche: identity, coverage, every indicator with its breakdowns and its comparison with each parent.</summary>
    private static object Fiche(Territory territory, TerritoryDirectory directory, string version)
    {
        var parents = territory.Parents.Select(p => directory.Full(p.Level, p.Code)).OfType<Territory>().ToList();
        var indicators = territory.Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
        return new
        {
            territory = Identity(territory),
            territory.Coverage,
            territory.CompleteTypes,
            components = Components.All.Select(c => new { id = c.Id, label = c.Label }),
            typeGroups = IndicatorCatalogue.TypeGroupLabels.Select(g => new { id = g.Id, label = g.Label }),
            sectors = IndicatorCatalogue.SectorGroupLabels.Select(g => new { id = g.Id, label = g.Label }),
            indicators = IndicatorCatalogue.All.Where(i => indicators.ContainsKey(i.Id)).Select(i => new
            {
                i.Id,
                i.Label,
                i.Component,
                i.Unit,
                i.Aggregation,
                i.CanBeDemonstration,
                indicators[i.Id].All,
                indicators[i.Id].ByType,
                indicators[i.Id].BySector,
                // Each parent's own stored figure, like with like: a breakdown compares with the same breakdown,
                // and whether the overall figures do (else which breakdowns to compare, and why).
                Comparison = parents.Select(p => (Parent: p, Figure: p.Indicators.FirstOrDefault(x => x.Id == i.Id), Basis: IndicatorComparison.Compare(i, territory, p))).Select(c => new
                {
                    c.Parent.Level,
                    c.Parent.Code,
                    c.Parent.Name,
                    c.Figure?.All,
                    c.Figure?.ByType,
                    c.Figure?.BySector,
                    c.Basis.Comparable,
                    c.Basis.ComparableTypes,
                    c.Basis.Note,
                }),
            }),
            dataVersion = version,
        };
    }

    /// <summary>
    /// GET /api/territoires/{niveau}?parent=&amp;indicateur= — the territories of a level, with a few headline
    /// figures; with <c>indicateur</c>, each one's value of that indicator, its coverage and its demonstration
    /// values (what the map colours).
    /// </summary>
    public async Task<IResult> ListAsync(HttpRequest request, string? level, CancellationToken cancellationToken)
    {
        if (level is null || !Codes.ContainsKey(level)) return Problems.BadRequest("niveau", $"Niveau « {EstablishmentHandlers.Truncate(level, 20)} » inconnu. Valeurs possibles : {Levels}.");
        var indicatorText = request.Query["indicateur"].ToString().Trim();
        Indicator? indicator = null;
        if (indicatorText.Length > 0)
        {
            indicator = IndicatorCatalogue.All.FirstOrDefault(i => i.Id == indicatorText);
            if (indicator is null)
            {
                return Problems.BadRequest("indicateur",
                    $"Indicateur « {EstablishmentHandlers.Truncate(indicatorText, 40)} » inconnu. Les indicateurs sont listés par /api/indicateurs : {string.Join(", ", IndicatorCatalogue.All.Where(TerritoryMap.IsMappable).Select(i => i.Id))}.");
            }
            if (!TerritoryMap.IsMappable(indicator))
            {
                return Problems.BadRequest("indicateur",
                    $"L'indicateur « {indicator.Id} » se lit par tranches, sans valeur unique par territoire : il ne se cartographie pas. Choisissez un autre indicateur de /api/indicateurs.");
            }
        }
        var parentText = request.Query["parent"].ToString().Trim();
        (string Level, string Code)? parent = null;
        if (parentText.Length > 0)
        {
            var parts = parentText.Split(':', 2);
            if (parts.Length != 2 || !Codes.ContainsKey(parts[0]) || Validate(parts[0], parts[1], out var parentCode) is not null)
            {
                return Problems.BadRequest("parent",
                    $"« parent » doit être un niveau et un code séparés par « : », par exemple departement:31 ou academie:16 (reçu « {EstablishmentHandlers.Truncate(parentText, 30)} »).");
            }
            parent = (parts[0], parentCode);
        }
        else if (level == TerritoryLevel.Commune)
        {
            return Problems.BadRequest("parent", "Les communes se listent par territoire : précisez « parent », par exemple parent=departement:31.");
        }
        var index = await indexes.GetAsync(cancellationToken);
        if (index.DataVersion is not { } version) return Problems.Loading();
        var directory = await directories.GetAsync(version, cancellationToken);
        if (parent is { } p && directory.Header(p.Level, p.Code) is null) return NotFound(p.Level, p.Code, version);
        if (HttpCaching.IsFresh(request, version)) return HttpCaching.NotModified(version);
        var members = directory.OfLevel(level)
            .Where(t => parent is not { } q || t.Parents.Any(x => x.Level == q.Level && x.Code == q.Code))
            .OrderBy(t => t.Code, StringComparer.Ordinal)
            .ToList();
        var values = indicator is null ? null : await TerritoryMap.ValuesAsync(members, indicator.Id, directory, store, cancellationToken);
        var territories = members
            .Select(t => new
            {
                t.Level,
                t.Code,
                t.Name,
                t.ParentCode,
                t.Population,
                t.Schools,
                t.SchoolsByType,
                // The headline connectivity figure, exact from the premises counts.
                ArcepEligibles30 = t.Premises is > 0 && t.EligibleAtLeast30Mbps is { } e ? 100.0 * e / t.Premises.Value : (double?)null,
                Indicateur = values?.GetValueOrDefault(t.Code),
            })
            .ToList();
        return HttpCaching.Versioned(Results.Json(new
        {
            level,
            parent = parentText.Length == 0 ? null : parentText,
            indicateur = indicator is null ? null : new { indicator.Id, indicator.Label, indicator.Unit, indicator.Aggregation, indicator.Component, indicator.CanBeDemonstration },
            // True when any value shown comes, even in part, from the demonstration inventory.
            demonstration = values?.Values.Any(v => v.Demonstration > 0) ?? false,
            total = territories.Count,
            territories,
            dataVersion = version,
        }), version);
    }

    /// <summary>The most schools <c>vue=points</c> gives at once (a région's; France is refused).</summary>
    public const int MaxPoints = 20_000;

    /// <summary>
    /// GET /api/territoires/{niveau}/{code}/etablissements?type=&amp;secteur=&amp;page=&amp;pageSize= ; with
    /// <c>vue=points</c>, every matching school at once as a point of the map (UAI, name, type, position).
    /// </summary>
    public async Task<IResult> SchoolsAsync(HttpRequest request, string? level, string? code, CancellationToken cancellationToken)
    {
        if (Validate(level, code, out var normalized) is { } problem) return problem;
        var query = request.Query;
        var view = query["vue"].ToString().Trim();
        if (view.Length > 0 && view != "points")
        {
            return Problems.BadRequest("vue", $"Vue « {EstablishmentHandlers.Truncate(view, 20)} » inconnue : « points » donne tous les établissements du territoire avec leur position ; sans « vue », la liste paginée.");
        }
        var points = view == "points";
        if (points && level == TerritoryLevel.France)
        {
            return Problems.BadRequest("vue", "Les points des établissements se demandent pour une région, une académie, un département ou une commune, pas pour la France entière.");
        }
        var type = query["type"].ToString().Trim();
        if (type.Length > 0 && !IndicatorCatalogue.TypeGroups.Contains(type))
        {
            return Problems.BadRequest("type", $"Type « {EstablishmentHandlers.Truncate(type, 30)} » inconnu. Valeurs possibles : {string.Join(", ", IndicatorCatalogue.TypeGroups)}.");
        }
        var sector = query["secteur"].ToString().Trim();
        if (sector.Length > 0 && !IndicatorCatalogue.SectorGroups.Contains(sector))
        {
            return Problems.BadRequest("secteur", $"Secteur « {EstablishmentHandlers.Truncate(sector, 30)} » inconnu. Valeurs possibles : {string.Join(", ", IndicatorCatalogue.SectorGroups)}.");
        }
        if (!EstablishmentHandlers.TryReadInt(query, "page", 1, 1, EstablishmentHandlers.MaxPage, out var page, out var pageProblem)) return pageProblem!;
        if (!EstablishmentHandlers.TryReadInt(query, "pageSize", options.DefaultPageSize, 1, options.MaxPageSize, out var pageSize, out var sizeProblem)) return sizeProblem!;
        var index = await indexes.GetAsync(cancellationToken);
        if (index.DataVersion is not { } version) return Problems.Loading();
        var directory = await directories.GetAsync(version, cancellationToken);
        if (directory.Header(level!, normalized) is not { } territory) return NotFound(level!, normalized, version);
        if (HttpCaching.IsFresh(request, version)) return HttpCaching.NotModified(version);
        var communes = level == TerritoryLevel.France
            ? directory.OfLevel(TerritoryLevel.Commune).Select(c => c.Code).ToHashSet(StringComparer.Ordinal)
            : directory.CommunesOf(level!, normalized);
        if (points) (page, pageSize) = (1, MaxPoints);
        var result = directory.LyceeGroup(type) is { } members
            ? InGroup(index.InCommunes(communes, "lycee", sector.Length == 0 ? null : sector, 1, int.MaxValue), type, members, page, pageSize)
            : index.InCommunes(communes, type.Length == 0 ? null : type, sector.Length == 0 ? null : sector, page, pageSize);
        if (points)
        {
            var located = TerritoryMap.Points(index, result.Results).ToList();
            return HttpCaching.Versioned(Results.Json(new
            {
                territory = Identity(territory),
                result.Type,
                Secteur = sector.Length == 0 ? null : sector,
                result.Total,
                // Schools without a position in the sources are counted in total, not drawn.
                Located = located.Count,
                Points = located,
                dataVersion = version,
            }), version);
        }
        return HttpCaching.Versioned(Results.Json(new
        {
            territory = Identity(territory),
            result.Type,
            Secteur = sector.Length == 0 ? null : sector,
            result.Total,
            result.Page,
            result.PageSize,
            PageCount = (result.Total + pageSize - 1) / pageSize,
            result.Results,
            dataVersion = version,
        }), version);
    }

    /// <summary>A page of the lycées of a type group (lycée général et technologique, professionnel) among all the lycées listed.</summary>
    private static SearchPage InGroup(SearchPage lycees, string type, IReadOnlySet<string> members, int page, int pageSize)
    {
        var matches = lycees.Results.Where(s => members.Contains(s.Uai)).ToList();
        return lycees with { Type = type, Total = matches.Count, Page = page, PageSize = pageSize, Results = matches.Skip((page - 1) * pageSize).Take(pageSize).ToList() };
    }

    private static object Identity(Territory t) => new { t.Level, t.Code, t.Name, t.Population, t.Parents, t.Schools, t.SchoolsByType, t.MergedCodes };

    private static IResult? Validate(string? level, string? code, out string normalized)
    {
        normalized = (code ?? "").Trim().ToUpperInvariant();
        if (level is null || !Codes.TryGetValue(level, out var rule))
        {
            return Problems.BadRequest("niveau", $"Niveau « {EstablishmentHandlers.Truncate(level, 20)} » inconnu. Valeurs possibles : {Levels}.");
        }
        return rule.Pattern.IsMatch(normalized)
            ? null
            : Problems.BadRequest("code", $"« {EstablishmentHandlers.Truncate(code, 20)} » n'est pas un code de {level} : attendu {rule.Expected}.");
    }

    private static IResult NotFound(string level, string code, string version) =>
        Problems.NotFound($"Aucun territoire {level} de code {code} dans les données publiées (version {version}).");
}
