using System.Globalization;
using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Territories;
using Microsoft.Extensions.Logging;

namespace ECarto.Search;

/// <summary>A value of a filter with the number of results choosing it would leave, the other filters kept.</summary>
public sealed record FacetValue(string Valeur, string Libelle, int Nombre);

/// <summary>A commune's position for the offline geocoder.</summary>
public sealed record CommunePosition(string Name, string DepartementCode, double Latitude, double Longitude, int Schools, IReadOnlyList<string> PostalCodes);

/// <summary>A school near a point, with its distance in metres (rounded) and its position.</summary>
public sealed record NearbySchool(SchoolSummary School, int DistanceMetres, double Latitude, double Longitude);

/// <summary>A page of a filtered search, its facets, and what to relax when nothing is found.</summary>
public sealed record SelectionPage(
    SchoolSelection Selection,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyList<SchoolSummary> Results,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets,
    string? Suggestion);

/// <summary>
/// The schools of a data version with what their filters read that the schools alone do not hold (their
/// commune's broadband figures, the territories): built once per version, shared by every request.
/// Evaluates a <see cref="SchoolSelection"/>: its results in the search's order, its facet counts.
/// </summary>
public sealed class SchoolCatalog
{
    private readonly double?[] _eligible30;

    public SchoolCatalog(SchoolIndex index, TerritoryDirectory directory)
    {
        Index = index;
        Directory = directory;
        _eligible30 = new double?[index.Count];
        for (var i = 0; i < index.Count; i++)
        {
            _eligible30[i] = index.EntryAt(i).Summary.CommuneCode is { } code && directory.Header(TerritoryLevel.Commune, code) is { Premises: > 0 } commune
                && commune.EligibleAtLeast30Mbps is { } eligible
                ? 100.0 * eligible / commune.Premises.Value
                : null;
        }
        TypeValues = index.Types.Select(t => (t.Slug, t.Label))
            .Concat([(SchoolScope.LyceeGt, IndicatorCatalogue.TypeGroupLabel(SchoolScope.LyceeGt)), (SchoolScope.LyceePro, IndicatorCatalogue.TypeGroupLabel(SchoolScope.LyceePro))])
            .DistinctBy(t => t.Item1, StringComparer.Ordinal)
            .ToList();
        CommunePositions = Enumerable.Range(0, index.Count)
            .Select(index.EntryAt)
            .Where(e => e.Summary.CommuneCode is not null && e.Facts.Latitude is not null && e.Facts.Longitude is not null)
            .GroupBy(e => e.Summary.CommuneCode!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new CommunePosition(
                directory.Header(TerritoryLevel.Commune, g.Key)?.Name ?? g.First().Summary.CommuneName ?? g.Key,
                g.First().Summary.DepartementCode,
                g.Average(e => e.Facts.Latitude!.Value),
                g.Average(e => e.Facts.Longitude!.Value),
                g.Count(),
                index.PostalCodesByCommune.GetValueOrDefault(g.Key) ?? []), StringComparer.Ordinal);
        StateValues = SchoolState.All.Concat(index.States.Select(s => s.Slug)).Distinct(StringComparer.Ordinal).Select(s => (s, SchoolState.Label(s))).ToList();
    }

    public SchoolIndex Index { get; }

    public TerritoryDirectory Directory { get; }

    public string Version => Index.DataVersion!;

    internal IReadOnlyList<(string Value, string Label)> TypeValues { get; }

    internal IReadOnlyList<(string Value, string Label)> StateValues { get; }

    /// <summary>Each commune's position: the mean of its schools' coordinates (what the offline geocoder answers).</summary>
    public IReadOnlyDictionary<string, CommunePosition> CommunePositions { get; }

    /// <summary>
    /// The schools within <paramref name="radiusMeters"/> of a point, nearest first (then by name), with their
    /// distance (haversine); of one type (a <see cref="SchoolFilters.Type"/> value) or, by default, the
    /// observatory's; open today.
    /// </summary>
    public (int Total, IReadOnlyList<NearbySchool> Page) Nearby(double latitude, double longitude, int radiusMeters, string? type, int page, int pageSize)
    {
        var typeTest = SchoolFilters.All.Single(f => f.Parameter == SchoolFilters.Type).Test(this, type);
        var found = new List<(int Position, double Distance)>();
        for (var i = 0; i < Index.Count; i++)
        {
            var entry = Index.EntryAt(i);
            if (entry.Facts.Latitude is not { } lat || entry.Facts.Longitude is not { } lon || !SchoolState.IsOpen(entry.Summary.State) || !typeTest(i, false)) continue;
            var distance = MobileSiteIndex.DistanceMeters(latitude, longitude, lat, lon);
            if (distance <= radiusMeters) found.Add((i, distance));
        }
        var results = found.OrderBy(f => f.Distance).ThenBy(f => f.Position)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(f => new NearbySchool(Index.SummaryAt(f.Position), (int)Math.Round(f.Distance), Index.EntryAt(f.Position).Facts.Latitude!.Value, Index.EntryAt(f.Position).Facts.Longitude!.Value))
            .ToList();
        return (found.Count, results);
    }

    /// <summary>The share (%) of its commune's premises eligible at 30 Mbit/s or more; null when the commune has no figure.</summary>
    internal double? Eligible30Percent(int position) => _eligible30[position];

    /// <summary>A page of the selection's results (best first, as <see cref="SchoolIndex.Search"/> ranks), with its facets.</summary>
    public SelectionPage Search(SchoolSelection selection, int page, int pageSize)
    {
        var evaluation = Evaluate(selection, facets: true);
        var results = evaluation.Members.Skip((page - 1) * pageSize).Take(pageSize).Select(Index.SummaryAt).ToList();
        return new SelectionPage(selection, evaluation.Members.Count, page, pageSize, results, evaluation.Facets, evaluation.Suggestion);
    }

    /// <summary>Every school of the selection, in the search's order (not only a page): what an export lists.</summary>
    public IEnumerable<SchoolSummary> All(SchoolSelection selection) => Evaluate(selection, facets: false).Members.Select(Index.SummaryAt);

    /// <summary>Counts of the matches of one kind: the exact UAI, without a typo, with one. Typos only count when nothing matches without.</summary>
    private struct Tally
    {
        public int Exact, Strict, Fuzzy;

        public void Add(int kind)
        {
            if (kind == 0) Exact++;
            else if (kind == 1) Strict++;
            else Fuzzy++;
        }

        public readonly int Total => Exact + (Strict > 0 ? Strict : Fuzzy);
    }

    private sealed record Evaluation(List<int> Members, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets, string? Suggestion);

    private Evaluation Evaluate(SchoolSelection selection, bool facets)
    {
        var filters = SchoolFilters.All;
        var tests = filters.Select(f => f.Test(this, selection.ValueOf(f.Parameter))).ToArray();
        var defaults = filters.Select(f => f.Test(this, null)).ToArray();
        var given = filters.Select(f => selection.ValueOf(f.Parameter) is not null).ToArray();
        var facetTallies = filters.Select(f => f.Values is null ? null : new Dictionary<string, Tally>(StringComparer.Ordinal)).ToArray();
        var relaxed = new Tally[filters.Count];
        var unfiltered = new Tally();
        var members = new Tally();
        var exactIn = false;
        var strict = new List<TextMatch>();
        var fuzzy = new List<TextMatch>();
        var passes = new bool[filters.Count];

        var (exact, matches) = Index.Candidates(selection.Query);
        void Visit(int position, int kind, TextMatch match)
        {
            var failed = 0;
            for (var f = 0; f < filters.Count; f++)
            {
                passes[f] = tests[f](position, kind == 0);
                if (!passes[f]) failed++;
            }
            if (failed == 0)
            {
                members.Add(kind);
                if (kind == 0) exactIn = true;
                else (kind == 1 ? strict : fuzzy).Add(match);
            }
            if (!facets) return;
            var inScope = true;
            for (var f = 0; f < filters.Count; f++) inScope &= defaults[f](position, kind == 0);
            if (inScope) unfiltered.Add(kind);
            for (var f = 0; f < filters.Count; f++)
            {
                if (failed > 1 || (failed == 1 && passes[f])) continue;
                // Every other filter passes: what this one would leave with each of its values, or without it.
                if (facetTallies[f] is { } tally)
                {
                    foreach (var value in filters[f].ValuesOf(Index.EntryAt(position)))
                    {
                        var count = tally.GetValueOrDefault(value);
                        count.Add(kind);
                        tally[value] = count;
                    }
                }
                if (given[f] && defaults[f](position, kind == 0)) relaxed[f].Add(kind);
            }
        }
        if (exact >= 0) Visit(exact, 0, default);
        foreach (var match in matches) Visit(match.Doc, match.Fuzzy ? 2 : 1, match);

        var listed = strict.Count > 0 ? strict : fuzzy;
        listed.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Doc.CompareTo(b.Doc));
        var ordered = new List<int>(listed.Count + 1);
        if (exactIn) ordered.Add(exact);
        ordered.AddRange(listed.Select(m => m.Doc));
        if (!facets) return new Evaluation(ordered, new Dictionary<string, IReadOnlyList<FacetValue>>(), null);

        var facetList = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        for (var f = 0; f < filters.Count; f++)
        {
            if (facetTallies[f] is not { } tally) continue;
            facetList[filters[f].Parameter] = filters[f].Values!(this)
                .Select(v => new FacetValue(v.Value, v.Label, tally.GetValueOrDefault(v.Value).Total))
                .ToList();
        }
        string? suggestion = null;
        if (ordered.Count == 0)
        {
            var best = Enumerable.Range(0, filters.Count).Where(f => given[f]).OrderByDescending(f => relaxed[f].Total).FirstOrDefault(-1);
            suggestion = best >= 0 && relaxed[best].Total > 0
                ? $"Aucun résultat : essayez sans le filtre {filters[best].Label} ({Results(relaxed[best].Total)})."
                : given.Any(g => g) && unfiltered.Total > 0
                    ? $"Aucun résultat : essayez sans les filtres ({Results(unfiltered.Total)})."
                    : selection.Query.Length > 0
                        ? $"Aucun résultat pour « {selection.Query} » : vérifiez l'orthographe, ou raccourcissez la recherche."
                        : "Aucun établissement dans les données publiées.";
        }
        return new Evaluation(ordered, facetList, suggestion);
    }

    private static string Results(int count) => count == 1 ? "1 résultat" : $"{count.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} résultats";
}

/// <summary>Keeps the <see cref="SchoolCatalog"/> of the served version, rebuilt when the school index changes.</summary>
public sealed class SchoolCatalogProvider(SchoolIndexProvider schools, TerritoryDirectoryProvider directories, ILogger<SchoolCatalogProvider> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SchoolCatalog? _catalog;

    /// <summary>The catalogue of the served version; null while no version is published.</summary>
    public async Task<SchoolCatalog?> GetAsync(CancellationToken cancellationToken = default)
    {
        var index = await schools.GetAsync(cancellationToken);
        if (index.DataVersion is not { } version) return null;
        if (_catalog is { } current && ReferenceEquals(current.Index, index)) return current;
        var directory = await directories.GetAsync(version, cancellationToken);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_catalog is { } again && ReferenceEquals(again.Index, index)) return again;
            _catalog = new SchoolCatalog(index, directory);
            logger.LogInformation("Filtres de recherche de la version {Version} prêts : {Count} établissements", version, index.Count);
            return _catalog;
        }
        finally
        {
            _lock.Release();
        }
    }
}
