using System.Globalization;
using ECarto.Api;
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

        // The communes holding schools, and the département each is in (as the territory filter reads it).
        var communeIds = new Dictionary<string, int>(StringComparer.Ordinal);
        _communeOf = new int[index.Count];
        for (var i = 0; i < index.Count; i++)
        {
            if (index.EntryAt(i).Summary.CommuneCode is not { } code)
            {
                _communeOf[i] = -1;
                continue;
            }
            if (!communeIds.TryGetValue(code, out var id)) communeIds[code] = id = communeIds.Count;
            _communeOf[i] = id;
        }
        _communeCodes = new string[communeIds.Count];
        foreach (var (code, id) in communeIds) _communeCodes[id] = code;
        _communeDepartement = new int[_communeCodes.Length];
        Array.Fill(_communeDepartement, -1);
        _departements = directory.OfLevel(TerritoryLevel.Departement).OrderBy(d => d.Code, StringComparer.Ordinal).Select(d => (d.Code, d.Name)).ToList();
        for (var d = 0; d < _departements.Count; d++)
        {
            foreach (var commune in directory.CommunesOf(TerritoryLevel.Departement, _departements[d].Code))
            {
                if (communeIds.TryGetValue(commune, out var id)) _communeDepartement[id] = d;
            }
        }
        _columns = BuildColumns();
    }

    private readonly Column?[] _columns;
    private readonly int[] _communeOf;
    private readonly string[] _communeCodes;
    private readonly int[] _communeDepartement;
    private readonly List<(string Code, string Name)> _departements;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (bool[] Communes, bool[] Departements)> _territoryFlags = new(StringComparer.Ordinal);

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
        // Only the first pages are kept in order (a bounded heap); the total counts them all.
        var evaluation = Evaluate(selection, facets: true, (int)Math.Min((long)page * pageSize, Index.Count));
        var results = evaluation.Members.Skip((page - 1) * pageSize).Take(pageSize).Select(Index.SummaryAt).ToList();
        return new SelectionPage(selection, evaluation.Total, page, pageSize, results, evaluation.Facets, evaluation.Suggestion);
    }

    /// <summary>Every school of the selection, in the search's order (not only a page): what an export lists.</summary>
    public IEnumerable<SchoolSummary> All(SchoolSelection selection) => Evaluate(selection, facets: false, Index.Count).Members.Select(Index.SummaryAt);

    /// <summary>
    /// The values of the <see cref="SchoolFilters.Arcep30Max"/> facet: « less than n % of the commune's
    /// premises eligible at 30 Mbit/s », each counted as choosing it would.
    /// </summary>
    public static readonly IReadOnlyList<int> Arcep30Bands = [10, 25, 50, 75, 100];

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

    /// <summary>
    /// What a closed filter reads of every entry, computed once: bit v of an entry's mask says it has the
    /// filter's value v (<c>Words</c> 64-bit words per entry), and whether it is in the default scope.
    /// </summary>
    private sealed class Column
    {
        public required IReadOnlyList<(string Value, string Label)> Values { get; init; }
        public required Dictionary<string, int> Positions { get; init; }
        public required int Words { get; init; }
        public required ulong[] Masks { get; init; }
        public bool[]? Default { get; init; }
    }

    private enum PassKind { All, Default, Bit, Commune, Below, Other }

    /// <summary>One filter's test for one query, on flat arrays: no delegate, nothing allocated per school.</summary>
    private readonly struct Pass(PassKind kind, bool[]? flags = null, ulong[]? masks = null, int words = 0, int bit = 0, double max = 0, Func<int, bool, bool>? other = null)
    {
        public PassKind Kind => kind;

        public bool Test(SchoolCatalog catalog, int position, bool exact) => kind switch
        {
            PassKind.All => true,
            PassKind.Default => exact || flags![position],
            PassKind.Bit => (masks![position * words + (bit >> 6)] & (1UL << (bit & 63))) != 0,
            PassKind.Commune => catalog._communeOf[position] is var c and >= 0 && flags![c],
            PassKind.Below => catalog._eligible30[position] is { } percent && percent < max,
            _ => other!(position, exact),
        };
    }

    private Column?[] BuildColumns()
    {
        var filters = SchoolFilters.All;
        var columns = new Column?[filters.Count];
        for (var f = 0; f < filters.Count; f++)
        {
            var filter = filters[f];
            if (!filter.IsClosed) continue;
            var values = filter.Values!(this);
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var v = 0; v < values.Count; v++) positions.TryAdd(values[v].Value, v);
            var words = Math.Max(1, (values.Count + 63) / 64);
            var masks = new ulong[Index.Count * words];
            var byDefault = filter.ByDefault is null ? null : new bool[Index.Count];
            for (var i = 0; i < Index.Count; i++)
            {
                var entry = Index.EntryAt(i);
                foreach (var value in filter.ValuesOf(entry))
                {
                    if (positions.TryGetValue(value, out var v)) masks[i * words + (v >> 6)] |= 1UL << (v & 63);
                }
                if (byDefault is not null) byDefault[i] = filter.ByDefault!(entry);
            }
            columns[f] = new Column { Values = values, Positions = positions, Words = words, Masks = masks, Default = byDefault };
        }
        return columns;
    }

    /// <summary>The communes of a territory filter's value, as flags over <see cref="_communeCodes"/>, and the départements they are in.</summary>
    private (bool[] Communes, bool[] Departements) TerritoryFlags(string value)
    {
        if (_territoryFlags.TryGetValue(value, out var cached)) return cached;
        var communes = new bool[_communeCodes.Length];
        var departements = new bool[_departements.Count];
        if (TerritoryReference.Parse(value) is { } territory)
        {
            var all = territory.Level == TerritoryLevel.France;
            var set = all ? null : Directory.CommunesOf(territory.Level, territory.Code);
            for (var c = 0; c < _communeCodes.Length; c++)
            {
                if (!all && !set!.Contains(_communeCodes[c])) continue;
                communes[c] = true;
                if (_communeDepartement[c] >= 0) departements[_communeDepartement[c]] = true;
            }
        }
        // Territories are a few thousand: keep each one's flags (a few tens of kilobytes) for the next query.
        if (_territoryFlags.Count < 2_000) _territoryFlags[value] = (communes, departements);
        return (communes, departements);
    }

    private Pass PassOf(int f, string? value)
    {
        var filter = SchoolFilters.All[f];
        if (_columns[f] is { } column)
        {
            if (value is null) return column.Default is { } flags ? new Pass(PassKind.Default, flags) : new Pass(PassKind.All);
            return column.Positions.TryGetValue(value, out var bit)
                ? new Pass(PassKind.Bit, masks: column.Masks, words: column.Words, bit: bit)
                : new Pass(PassKind.Other, other: (_, _) => false);
        }
        if (value is null) return new Pass(PassKind.All);
        return filter.Parameter switch
        {
            SchoolFilters.Territory when TerritoryReference.Parse(value) is { Level: not TerritoryLevel.France } => new Pass(PassKind.Commune, TerritoryFlags(value).Communes),
            SchoolFilters.Territory => new Pass(PassKind.All),
            SchoolFilters.Arcep30Max => new Pass(PassKind.Below, max: int.Parse(value, CultureInfo.InvariantCulture)),
            _ => new Pass(PassKind.Other, other: filter.Test(this, value)),
        };
    }

    /// <param name="Members">The first members (as many as asked), best first.</param>
    /// <param name="Total">How many members in all.</param>
    private sealed record Evaluation(List<int> Members, int Total, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets, string? Suggestion);

    /// <summary>The best <c>take</c> matches added, score first then position: a bounded heap, or a list when all are kept.</summary>
    private sealed class Best(int take)
    {
        private static readonly Comparison<TextMatch> Order = (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Doc.CompareTo(b.Doc);
        private static readonly IComparer<TextMatch> Worst = Comparer<TextMatch>.Create((a, b) => Order(b, a));
        private readonly PriorityQueue<TextMatch, TextMatch>? _heap = take <= 4_096 ? new(take + 1, Worst) : null;
        private readonly List<TextMatch>? _all = take > 4_096 ? [] : null;

        public int Count { get; private set; }

        public void Add(TextMatch match)
        {
            Count++;
            if (_all is not null)
            {
                _all.Add(match);
                return;
            }
            if (take <= 0) return;
            if (_heap!.Count < take) _heap.Enqueue(match, match);
            else if (Order(match, _heap.Peek()) < 0) _heap.EnqueueDequeue(match, match);
        }

        public List<TextMatch> Sorted()
        {
            if (_all is not null)
            {
                _all.Sort(Order);
                return _all;
            }
            var list = new List<TextMatch>(_heap!.Count);
            while (_heap.Count > 0) list.Add(_heap.Dequeue());
            list.Reverse();
            return list;
        }
    }

    private Evaluation Evaluate(SchoolSelection selection, bool facets, int take)
    {
        var filters = SchoolFilters.All;
        var tests = new Pass[filters.Count];
        var defaults = new Pass[filters.Count];
        var given = new bool[filters.Count];
        for (var f = 0; f < filters.Count; f++)
        {
            var value = selection.ValueOf(filters[f].Parameter);
            given[f] = value is not null;
            tests[f] = PassOf(f, value);
            defaults[f] = PassOf(f, null);
        }
        var territoryFilter = IndexOf(SchoolFilters.Territory);
        var arcepFilter = IndexOf(SchoolFilters.Arcep30Max);
        // Facet counts, by filter then value, three kinds each (Tally).
        var facetTallies = new Tally[filters.Count][];
        for (var f = 0; f < filters.Count; f++)
        {
            facetTallies[f] = _columns[f] is { } column ? new Tally[column.Values.Count]
                : f == territoryFilter ? new Tally[_departements.Count]
                : f == arcepFilter ? new Tally[Arcep30Bands.Count]
                : [];
        }
        var relaxed = new Tally[filters.Count];
        var unfiltered = new Tally();
        var members = new Tally();
        var exactIn = false;
        var strict = new Best(take);
        var fuzzy = new Best(take);
        var passes = new bool[filters.Count];

        void Visit(int position, int kind, TextMatch match)
        {
            var isExact = kind == 0;
            var failed = 0;
            var lastFailed = -1;
            for (var f = 0; f < tests.Length; f++)
            {
                passes[f] = tests[f].Test(this, position, isExact);
                if (!passes[f])
                {
                    failed++;
                    lastFailed = f;
                }
            }
            if (failed == 0)
            {
                members.Add(kind);
                if (isExact) exactIn = true;
                else (kind == 1 ? strict : fuzzy).Add(match);
            }
            if (!facets) return;
            var inScope = true;
            for (var f = 0; f < defaults.Length && inScope; f++) inScope = defaults[f].Test(this, position, isExact);
            if (inScope) unfiltered.Add(kind);
            if (failed > 1) return;
            // Every other filter passes: what each filter would leave with each of its values, or without it.
            for (var f = 0; f < filters.Count; f++)
            {
                if (failed == 1 && f != lastFailed) continue;
                var tally = facetTallies[f];
                if (_columns[f] is { } column)
                {
                    for (var w = 0; w < column.Words; w++)
                    {
                        var mask = column.Masks[position * column.Words + w];
                        while (mask != 0)
                        {
                            tally[w * 64 + System.Numerics.BitOperations.TrailingZeroCount(mask)].Add(kind);
                            mask &= mask - 1;
                        }
                    }
                }
                else if (f == territoryFilter)
                {
                    if (_communeOf[position] is var c and >= 0 && _communeDepartement[c] is var d and >= 0) tally[d].Add(kind);
                }
                else if (f == arcepFilter && _eligible30[position] is { } percent)
                {
                    for (var b = 0; b < Arcep30Bands.Count; b++)
                    {
                        if (percent < Arcep30Bands[b]) tally[b].Add(kind);
                    }
                }
                if (given[f] && defaults[f].Test(this, position, isExact)) relaxed[f].Add(kind);
            }
        }
        var exact = Index.VisitCandidates(selection.Query, match => Visit(match.Doc, match.Fuzzy ? 2 : 1, match));
        if (exact >= 0) Visit(exact, 0, default);

        var listed = (strict.Count > 0 ? strict : fuzzy).Sorted();
        var ordered = new List<int>(listed.Count + 1);
        if (exactIn) ordered.Add(exact);
        foreach (var match in listed) ordered.Add(match.Doc);
        var total = members.Total;
        if (!facets) return new Evaluation(ordered, total, new Dictionary<string, IReadOnlyList<FacetValue>>(), null);

        var facetList = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        for (var f = 0; f < filters.Count; f++)
        {
            var tally = facetTallies[f];
            if (_columns[f] is { } column)
            {
                facetList[filters[f].Parameter] = column.Values.Select((v, i) => new FacetValue(v.Value, v.Label, tally[i].Total)).ToList();
            }
            else if (f == territoryFilter)
            {
                facetList[filters[f].Parameter] = TerritoryFacet(selection.ValueOf(SchoolFilters.Territory), tally);
            }
            else if (f == arcepFilter)
            {
                facetList[filters[f].Parameter] = Arcep30Bands
                    .Select((band, b) => new FacetValue(band.ToString(CultureInfo.InvariantCulture), $"Moins de {band} % de locaux éligibles à 30 Mbit/s", tally[b].Total))
                    .ToList();
            }
        }
        string? suggestion = null;
        if (total == 0)
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
        return new Evaluation(ordered, total, facetList, suggestion);
    }

    private static int IndexOf(string parameter)
    {
        for (var f = 0; f < SchoolFilters.All.Count; f++)
        {
            if (SchoolFilters.All[f].Parameter == parameter) return f;
        }
        return -1;
    }

    /// <summary>
    /// The territory facet: the départements holding results, each with the total <c>territoire=departement:NN</c>
    /// would give (the other filters kept), most results first; when a territory is chosen, only the
    /// départements it covers (a région's or an académie's départements, a commune's own).
    /// </summary>
    private List<FacetValue> TerritoryFacet(string? chosen, Tally[] tally)
    {
        var covered = chosen is null || TerritoryReference.Parse(chosen) is not { Level: not TerritoryLevel.France } ? null : TerritoryFlags(chosen).Departements;
        var values = new List<FacetValue>();
        for (var d = 0; d < _departements.Count; d++)
        {
            if (tally[d].Total == 0 || (covered is not null && !covered[d])) continue;
            var (code, name) = _departements[d];
            values.Add(new FacetValue($"{TerritoryLevel.Departement}:{code}", $"{name} ({code})", tally[d].Total));
        }
        values.Sort((a, b) => a.Nombre != b.Nombre ? b.Nombre.CompareTo(a.Nombre) : string.CompareOrdinal(a.Valeur, b.Valeur));
        return values;
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
