using ECarto.Establishments;

namespace ECarto.Indicators;

/// <summary>
/// One indicator aggregated over a group of schools (a territory's, or its écoles, or its public schools).
/// <see cref="Schools"/> counted, of which <see cref="Known"/> with a value and <see cref="NotCommunicated"/>
/// « N.C. »; <see cref="Value"/> per the indicator's rule (a share in %, a ratio, a sum, a mean, a count);
/// <see cref="Numerator"/> and <see cref="Denominator"/> for a share or a ratio; <see cref="Bands"/> the
/// schools in each band; <see cref="Demonstration"/> the known values that come from a demonstration inventory.
/// </summary>
public sealed record AggregateValue
{
    public int Schools { get; init; }
    public int Known { get; init; }
    public int NotCommunicated => Schools - Known;

    /// <summary>The share (%) of the schools whose value is « N.C. » (« n'ont pas communiqué »); null without schools.</summary>
    public double? NotCommunicatedShare => Schools > 0 ? 100.0 * NotCommunicated / Schools : null;
    public double? Value { get; init; }
    public double? Numerator { get; init; }
    public double? Denominator { get; init; }
    public IReadOnlyDictionary<string, int>? Bands { get; init; }
    public int Demonstration { get; init; }
    public bool IsDemonstration => Demonstration > 0;
}

/// <summary>
/// An indicator of a territory: overall, by school type group (<see cref="IndicatorCatalogue.TypeGroups"/>: école,
/// collège, lycée, lycée général et technologique, lycée professionnel, EREA) and by sector (public, privé).
/// </summary>
public sealed record IndicatorAggregate(string Id, AggregateValue All, IReadOnlyDictionary<string, AggregateValue>? ByType = null, IReadOnlyDictionary<string, AggregateValue>? BySector = null);

/// <summary>What a source covers in a territory: the schools it gives a figure for, by type, and how many are demonstration.</summary>
public sealed record SourceCoverage(string SourceId, int Schools, IReadOnlyDictionary<string, int> ByType, int Demonstration = 0);

/// <summary>
/// Accumulates the schools of a territory indicator by indicator (every rule of the catalogue) and the
/// coverage of each source; merges into a parent's; produces the stored figures. Only the schools of
/// <see cref="SchoolScope.IsCounted"/> are to be added.
/// </summary>
public sealed class IndicatorAccumulator
{
    private static readonly IReadOnlyList<Indicator> Catalogue = IndicatorCatalogue.All;
    private static readonly int Groups = 1 + IndicatorCatalogue.TypeGroups.Count + IndicatorCatalogue.SectorGroups.Count;
    private static readonly int PremisesMeasures = Enum.GetValues<PremisesMeasure>().Length;

    private struct Cell
    {
        public int Schools, Known, Demonstration, Positive;
        public double Sum, Denominator;
        public int[]? Bands;
    }

    private readonly Cell[] _cells = new Cell[Groups * Catalogue.Count];
    private readonly long[] _premisesEligible = new long[PremisesMeasures];
    private readonly long[] _premises = new long[PremisesMeasures];
    private readonly bool[] _premisesKnown = new bool[PremisesMeasures];
    private readonly Dictionary<string, (int Schools, Dictionary<string, int> ByType, int Demonstration)> _coverage = new(StringComparer.Ordinal);

    /// <summary>Per département of the schools added, the type groups its listing sources list in full (a bit per <see cref="IndicatorCatalogue.TypeGroups"/>).</summary>
    private readonly Dictionary<string, int> _listedByDepartement = new(StringComparer.Ordinal);

    private static int Mask(IEnumerable<string> groups) => groups.Aggregate(0, (mask, g) => mask | 1 << IndicatorCatalogue.TypeGroups.ToList().IndexOf(g));

    private static readonly Dictionary<string, int> ListedMasks = new(StringComparer.Ordinal);

    /// <summary>The mask of the types a listing source lists in full (computed once per source).</summary>
    private static int ListedMask(string? sourceId)
    {
        lock (ListedMasks)
        {
            var key = sourceId ?? "";
            return ListedMasks.TryGetValue(key, out var mask) ? mask : ListedMasks[key] = Mask(IndicatorCatalogue.ListedTypes(sourceId));
        }
    }

    /// <summary>A commune's premises figure for a measure: eligible (or connectable) premises over premises, both known.</summary>
    public void AddPremises(PremisesMeasure measure, long eligible, long premises)
    {
        _premisesEligible[(int)measure] += eligible;
        _premises[(int)measure] += premises;
        _premisesKnown[(int)measure] = true;
    }

    /// <param name="communeKnows">Whether the school's commune has each premises measure (else its commune-level figure is N.C.).</param>
    public void Add(School school, IReadOnlyList<bool> communeKnows)
    {
        Span<int> groups = stackalloc int[Groups];
        var count = 0;
        groups[count++] = 0;
        var slugs = SchoolScope.Groups(school).ToHashSet(StringComparer.Ordinal);
        for (var t = 0; t < IndicatorCatalogue.TypeGroups.Count; t++) if (slugs.Contains(IndicatorCatalogue.TypeGroups[t])) groups[count++] = 1 + t;
        _listedByDepartement[school.DepartementCode] = _listedByDepartement.GetValueOrDefault(school.DepartementCode) | ListedMask(school.Source.SourceId);
        if (IndicatorCatalogue.SectorOf(school) is { } sector) groups[count++] = 1 + IndicatorCatalogue.TypeGroups.Count + IndicatorCatalogue.SectorGroups.ToList().IndexOf(sector);
        var demonstration = school.Inventory?.IsDemonstration == true;

        for (var i = 0; i < Catalogue.Count; i++)
        {
            var indicator = Catalogue[i];
            // An indicator about one type (the IPS of collèges) neither counts nor calls N.C. the other schools.
            if (indicator.AppliesTo is { } only && !slugs.Contains(only)) continue;
            IndicatorReading? reading;
            int band = -1;
            if (indicator.Premises is { } measure)
            {
                reading = communeKnows[(int)measure] ? new IndicatorReading(0) : null;
            }
            else
            {
                reading = indicator.Read!(school);
                if (reading is { Band: { } code } && indicator.Bands is { } bands)
                {
                    band = bands.Select(b => b.Code).ToList().IndexOf(code);
                    if (band < 0) reading = null; // a code outside the catalogue's bands is not a value
                }
            }
            for (var g = 0; g < count; g++)
            {
                ref var cell = ref _cells[groups[g] * Catalogue.Count + i];
                cell.Schools++;
                if (reading is null) continue;
                var r = reading.Value;
                cell.Known++;
                if (indicator.CanBeDemonstration && demonstration) cell.Demonstration++;
                if (r.Value > 0) cell.Positive++;
                cell.Sum += r.Value;
                cell.Denominator += r.Denominator;
                if (band >= 0) (cell.Bands ??= new int[indicator.Bands!.Count])[band]++;
            }
        }

        foreach (var source in IndicatorCatalogue.SourcesOf(school).Distinct(StringComparer.Ordinal))
        {
            var (schools, byType, demo) = _coverage.TryGetValue(source, out var c) ? c : (0, new Dictionary<string, int>(StringComparer.Ordinal), 0);
            foreach (var type in school.Types.Where(SchoolScope.IsObservatoryType)) byType[type] = byType.GetValueOrDefault(type) + 1;
            _coverage[source] = (schools + 1, byType, demo + (source == "inventaire" && demonstration ? 1 : 0));
        }
    }

    public void AddTo(IndicatorAccumulator other)
    {
        for (var c = 0; c < _cells.Length; c++)
        {
            ref var mine = ref _cells[c];
            ref var theirs = ref other._cells[c];
            theirs.Schools += mine.Schools;
            theirs.Known += mine.Known;
            theirs.Demonstration += mine.Demonstration;
            theirs.Positive += mine.Positive;
            theirs.Sum += mine.Sum;
            theirs.Denominator += mine.Denominator;
            if (mine.Bands is { } bands)
            {
                theirs.Bands ??= new int[bands.Length];
                for (var b = 0; b < bands.Length; b++) theirs.Bands[b] += bands[b];
            }
        }
        for (var m = 0; m < PremisesMeasures; m++)
        {
            if (!_premisesKnown[m]) continue;
            other.AddPremises((PremisesMeasure)m, _premisesEligible[m], _premises[m]);
        }
        foreach (var (source, (schools, byType, demo)) in _coverage)
        {
            var (s, t, d) = other._coverage.TryGetValue(source, out var c) ? c : (0, new Dictionary<string, int>(StringComparer.Ordinal), 0);
            foreach (var (type, n) in byType) t[type] = t.GetValueOrDefault(type) + n;
            other._coverage[source] = (s + schools, t, d + demo);
        }
        foreach (var (departement, mask) in _listedByDepartement)
        {
            other._listedByDepartement[departement] = other._listedByDepartement.GetValueOrDefault(departement) | mask;
        }
    }

    /// <summary>
    /// The type groups the data lists in full in this territory: those listed in each of its départements
    /// (every type where the annuaire lists schools; only the collèges where the national collèges file is
    /// the only list). Every group for a territory without schools.
    /// </summary>
    public IReadOnlyList<string> CompleteTypes()
    {
        var mask = _listedByDepartement.Values.Aggregate(Mask(IndicatorCatalogue.TypeGroups), (all, m) => all & m);
        return IndicatorCatalogue.TypeGroups.Where((_, index) => (mask & 1 << index) != 0).ToList();
    }

    /// <summary>Every indicator of the catalogue, in its order; a breakdown only for the groups that have schools.</summary>
    public IReadOnlyList<IndicatorAggregate> Indicators()
    {
        var result = new List<IndicatorAggregate>(Catalogue.Count);
        for (var i = 0; i < Catalogue.Count; i++)
        {
            var indicator = Catalogue[i];
            if (indicator.Premises is { } measure)
            {
                var cell = _cells[i];
                var m = (int)measure;
                double? eligible = _premisesKnown[m] ? _premisesEligible[m] : null;
                double? premises = _premisesKnown[m] ? _premises[m] : null;
                result.Add(new IndicatorAggregate(indicator.Id, new AggregateValue
                {
                    Schools = cell.Schools,
                    Known = cell.Known,
                    Numerator = eligible,
                    Denominator = premises,
                    Value = premises is > 0 ? 100.0 * eligible!.Value / premises.Value : null,
                }));
                continue;
            }
            Dictionary<string, AggregateValue>? Breakdown(IReadOnlyList<string> names, int offset)
            {
                var groups = new Dictionary<string, AggregateValue>(StringComparer.Ordinal);
                for (var g = 0; g < names.Count; g++)
                {
                    var cell = _cells[(offset + g) * Catalogue.Count + i];
                    if (cell.Schools > 0) groups[names[g]] = Value(indicator, cell);
                }
                return groups.Count == 0 ? null : groups;
            }
            result.Add(new IndicatorAggregate(indicator.Id, Value(indicator, _cells[i]),
                Breakdown(IndicatorCatalogue.TypeGroups, 1),
                Breakdown(IndicatorCatalogue.SectorGroups, 1 + IndicatorCatalogue.TypeGroups.Count)));
        }
        return result;
    }

    public IReadOnlyList<SourceCoverage> Coverage() => _coverage
        .OrderBy(c => c.Key, StringComparer.Ordinal)
        .Select(c => new SourceCoverage(c.Key, c.Value.Schools, new SortedDictionary<string, int>(c.Value.ByType, StringComparer.Ordinal), c.Value.Demonstration))
        .ToList();

    private static AggregateValue Value(Indicator indicator, Cell cell)
    {
        var value = indicator.Aggregation switch
        {
            AggregationRules.Count => cell.Positive,
            AggregationRules.Sum => cell.Known > 0 ? cell.Sum : (double?)null,
            AggregationRules.Share => cell.Known > 0 ? 100.0 * cell.Positive / cell.Known : null,
            AggregationRules.RatioOfSums => cell.Denominator > 0 ? cell.Sum / cell.Denominator : null,
            AggregationRules.Mean => cell.Known > 0 ? cell.Sum / cell.Known : null,
            _ => (double?)null,
        };
        var (numerator, denominator) = indicator.Aggregation switch
        {
            AggregationRules.Share or AggregationRules.Count => ((double?)cell.Positive, (double?)cell.Known),
            AggregationRules.RatioOfSums => (cell.Sum, cell.Denominator),
            _ => (null, null),
        };
        return new AggregateValue
        {
            Schools = cell.Schools,
            Known = cell.Known,
            Value = value,
            Numerator = numerator,
            Denominator = denominator,
            Demonstration = cell.Demonstration,
            Bands = indicator.Bands is { } bands
                ? bands.Select((b, index) => (b.Code, Count: cell.Bands?[index] ?? 0)).ToDictionary(b => b.Code, b => b.Count, StringComparer.Ordinal)
                : null,
        };
    }
}
