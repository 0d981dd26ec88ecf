using System.Globalization;
using ECarto.Api;
using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Territories;
using Microsoft.Extensions.Caching.Memory;
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
            var code = index.EntryAt(i).Summary.CommuneCode;
            if (code is null)
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

        // What the facets count, per school, in flat arrays; and where each filter's values are counted.
        _departementOf = new int[index.Count];
        _band = new byte[index.Count];
        _inDefaultScope = new bool[index.Count];
        for (var i = 0; i < index.Count; i++)
        {
            _departementOf[i] = _communeOf[i] >= 0 ? _communeDepartement[_communeOf[i]] : -1;
            var band = 0;
            while (band < Arcep30Bands.Count && !(_eligible30[i] is { } percent && percent < Arcep30Bands[band])) band++;
            _band[i] = (byte)band;
            _inDefaultScope[i] = _columns.All(c => c?.Default is not { } flags || flags[i]);
        }
        _latitudes = new double[index.Count];
        _longitudes = new double[index.Count];
        for (var i = 0; i < index.Count; i++)
        {
            var facts = index.EntryAt(i).Facts;
            (_latitudes[i], _longitudes[i]) = facts.Latitude is { } lat && facts.Longitude is { } lon ? (lat, lon) : (double.NaN, double.NaN);
        }
        _grid = new SchoolGrid(Enumerable.Range(0, index.Count)
            .Where(i => !double.IsNaN(_latitudes[i]) && !double.IsNaN(_longitudes[i]) && SchoolState.IsOpen(index.EntryAt(i).Summary.State))
            .Select(i => (i, _latitudes[i], _longitudes[i])));
        var filters = SchoolFilters.All;
        if (filters.Count > 32) throw new InvalidOperationException("Un masque de 32 bits ne suffit plus pour les filtres de la recherche.");
        _dimensions = new Dimension[filters.Count];
        _slotStart = new int[filters.Count];
        for (var f = 0; f < filters.Count; f++)
        {
            _slotStart[f] = _slotCount;
            (_dimensions[f], var slots) = _columns[f] is { } column ? (Dimension.Column, column.Words * 64)
                : filters[f].Parameter == SchoolFilters.Territory ? (Dimension.Departement, _departements.Count)
                : filters[f].Parameter == SchoolFilters.Arcep30Max ? (Dimension.Band, Arcep30Bands.Count)
                : (Dimension.None, 0);
            if (_dimensions[f] == Dimension.Departement) _departementSlot = _slotCount;
            if (_dimensions[f] == Dimension.Band) _bandSlot = _slotCount;
            _slotCount += slots;
        }

        // The closed filters' values of each school as one combination: schools share a few thousand of them
        // at most, so a pass counts a school once (its combination) and each combination's values are added
        // at the end, rather than every value of every school.
        _closed = Enumerable.Range(0, filters.Count).Where(f => _columns[f] is not null).ToArray();
        _comboWords = _closed.Sum(f => _columns[f]!.Words);
        var combos = new Dictionary<ulong[], int>(new MasksComparer());
        var comboMasks = new List<ulong>();
        _combo = new int[index.Count];
        var masks = new ulong[_comboWords];
        for (var i = 0; i < index.Count; i++)
        {
            var at = 0;
            foreach (var f in _closed)
            {
                var column = _columns[f]!;
                Array.Copy(column.Masks, i * column.Words, masks, at, column.Words);
                at += column.Words;
            }
            if (!combos.TryGetValue(masks, out var id))
            {
                combos[(ulong[])masks.Clone()] = id = combos.Count;
                comboMasks.AddRange(masks);
            }
            _combo[i] = id;
        }
        _comboCount = combos.Count;
        _comboMasks = [.. comboMasks];
    }

    private sealed class MasksComparer : IEqualityComparer<ulong[]>
    {
        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(ulong[] masks)
        {
            var hash = new HashCode();
            foreach (var mask in masks) hash.Add(mask);
            return hash.ToHashCode();
        }
    }

    /// <summary>The closed filters (in order), and each school's combination of their values (an index of <see cref="_comboMasks"/>).</summary>
    private readonly int[] _closed;
    private readonly int[] _combo;

    /// <summary>Each combination's masks, the closed filters' one after the other (<see cref="_comboWords"/> words per combination).</summary>
    private readonly ulong[] _comboMasks;
    private readonly int _comboWords;
    private readonly int _comboCount;

    /// <summary>Each school's coordinates (NaN when it has none), and the open ones in a grid: what <see cref="Nearby"/> reads.</summary>
    private readonly double[] _latitudes, _longitudes;
    private readonly SchoolGrid _grid;

    /// <summary>Each school's département (an index of <see cref="_departements"/>), -1 when none.</summary>
    private readonly int[] _departementOf;

    /// <summary>Each school's first band of <see cref="Arcep30Bands"/> its commune is below (their count when none).</summary>
    private readonly byte[] _band;

    /// <summary>Each school is in the default scope of every filter (the observatory's types, open today).</summary>
    private readonly bool[] _inDefaultScope;

    private readonly Dimension[] _dimensions;
    private readonly int[] _slotStart;
    private readonly int _slotCount;

    /// <summary>The first slot of the territory facet and of the broadband bands (-1: no such filter).</summary>
    private readonly int _departementSlot = -1, _bandSlot = -1;

    private readonly Column?[] _columns;
    private readonly int[] _communeOf;
    private readonly string[] _communeCodes;
    private readonly int[] _communeDepartement;
    private readonly List<(string Code, string Name)> _departements;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (bool[] Communes, bool[] Departements)> _territoryFlags = new(StringComparer.Ordinal);

    public SchoolIndex Index { get; }

    public TerritoryDirectory Directory { get; }

    public string Version => Index.DataVersion!;

    /// <summary>The most bytes of search answers kept for this version: ≈ 1,000 pages of 20 results.</summary>
    public const long AnswerBudget = 16L * 1024 * 1024;

    private readonly MemoryCache _answers =
        new(new MemoryCacheOptions { SizeLimit = AnswerBudget, TrackStatistics = true });

    /// <summary>
    /// The JSON of a search already answered for this version (the same selection, page and page size), or null.
    /// An answer is fixed for a version: the frequent searches (« college », a commune's name) are then served
    /// without searching nor serialising again.
    /// </summary>
    public byte[]? Answer(SchoolSelection selection, int page, int pageSize) =>
        page <= KeptPages && _answers.TryGetValue(AnswerKey(selection, page, pageSize), out byte[]? answer) ? answer : null;

    /// <summary>The pages whose answers are kept: the first ones, those people open again (the site's pages, a shared link).</summary>
    public const int KeptPages = 5;

    /// <summary>
    /// Keeps the JSON of a search's answer for this version, within <see cref="AnswerBudget"/>, if its page is
    /// among the first <see cref="KeptPages"/>. A deeper page is seldom asked twice: keeping it would push the
    /// frequent answers out, and turn each into garbage of the oldest generation when it leaves.
    /// </summary>
    public void KeepAnswer(SchoolSelection selection, int page, int pageSize, byte[] answer)
    {
        if (page > KeptPages) return;
        _answers.Set(AnswerKey(selection, page, pageSize), answer, new MemoryCacheEntryOptions { Size = answer.Length });
    }

    /// <summary>The bytes of the search answers kept (the cache's own count).</summary>
    public long AnswerBytes => _answers.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    /// <summary>What makes two searches the same: the normalised words, every filter (in a fixed order), the page and its size.</summary>
    private static string AnswerKey(SchoolSelection selection, int page, int pageSize) =>
        string.Join('\u001f', [
            selection.Query,
            page.ToString(CultureInfo.InvariantCulture),
            pageSize.ToString(CultureInfo.InvariantCulture),
            .. selection.Filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"),
        ]);

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
        var typeCheck = CheckOf(IndexOf(SchoolFilters.Type), type);
        var take = (int)Math.Min((long)page * pageSize, Index.Count);
        // The farthest of the best « take » on top (distance, then position), replaced by anything nearer.
        var best = new PriorityQueue<int, (double Distance, int Position)>(Math.Min(take, 1_024) + 1, FarthestFirst);
        var total = 0;
        void Consider(int position)
        {
            if (typeCheck is { } check && !check.Passes(this, position, false)) return;
            var distance = MobileSiteIndex.DistanceMeters(latitude, longitude, _latitudes[position], _longitudes[position]);
            if (!(distance <= radiusMeters)) return;
            total++;
            if (best.Count < take) best.Enqueue(position, (distance, position));
            else if (take > 0 && best.TryPeek(out _, out var farthest) && FarthestFirst.Compare((distance, position), farthest) > 0)
            {
                best.EnqueueDequeue(position, (distance, position));
            }
        }
        if (_grid.Cells(latitude, longitude, radiusMeters) is { } cells)
        {
            foreach (var cell in cells)
            {
                foreach (var position in cell) Consider(position);
            }
        }
        else
        {
            foreach (var position in _grid.All) Consider(position);
        }
        var ordered = new List<(int Position, double Distance)>(best.Count);
        while (best.TryDequeue(out var position, out var key)) ordered.Add((position, key.Distance));
        ordered.Reverse();
        var results = ordered.Skip((page - 1) * pageSize)
            .Select(f => new NearbySchool(Index.SummaryAt(f.Position), (int)Math.Round(f.Distance), _latitudes[f.Position], _longitudes[f.Position]))
            .ToList();
        return (total, results);
    }

    /// <summary>Nearest first, then by position (the search's order): reversed, so that a heap's top is the farthest.</summary>
    private static readonly IComparer<(double Distance, int Position)> FarthestFirst = Comparer<(double Distance, int Position)>.Create((a, b) =>
        a.Distance != b.Distance ? b.Distance.CompareTo(a.Distance) : b.Position.CompareTo(a.Position));

    /// <summary>The share (%) of its commune's premises eligible at 30 Mbit/s or more; null when the commune has no figure.</summary>
    internal double? Eligible30Percent(int position) => _eligible30[position];

    /// <summary>A page of the selection's results (best first, as <see cref="SchoolIndex.Search"/> ranks), with its facets.</summary>
    public SelectionPage Search(SchoolSelection selection, int page, int pageSize)
    {
        // Only the matches up to this page are ranked; the total counts them all.
        var evaluation = Evaluate(selection, facets: true, (int)Math.Min((long)(page - 1) * pageSize, Index.Count), pageSize);
        var results = evaluation.Members.Select(Index.SummaryAt).ToList();
        return new SelectionPage(selection, evaluation.Total, page, pageSize, results, evaluation.Facets, evaluation.Suggestion);
    }

    /// <summary>Every school of the selection, in the search's order (not only a page): what an export lists.</summary>
    public IEnumerable<SchoolSummary> All(SchoolSelection selection) => Evaluate(selection, facets: false, 0, Index.Count).Members.Select(Index.SummaryAt);

    /// <summary>
    /// The values of the <see cref="SchoolFilters.Arcep30Max"/> facet: « less than n % of the commune's
    /// premises eligible at 30 Mbit/s », each counted as choosing it would.
    /// </summary>
    public static readonly IReadOnlyList<int> Arcep30Bands = [10, 25, 50, 75, 100];

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

    private enum CheckKind { Default, Bit, Commune, Below, Never, Other }

    /// <summary>
    /// One filter's test for one query, on flat arrays: no delegate, nothing allocated per school. Only the
    /// filters that can leave a school out get one (a filter not given, without a default scope, keeps all).
    /// </summary>
    private readonly struct Check
    {
        /// <summary>The filter's bit in a school's mask of failed filters.</summary>
        public readonly uint Bit;
        private readonly CheckKind _kind;
        private readonly bool[]? _flags;
        private readonly ulong[]? _masks;
        private readonly int _words, _word;
        private readonly ulong _mask;
        private readonly double _max;
        private readonly Func<int, bool, bool>? _other;

        private Check(int filter, CheckKind kind, bool[]? flags = null, ulong[]? masks = null, int words = 0, int bit = 0, double max = 0, Func<int, bool, bool>? other = null)
        {
            Bit = 1u << filter;
            _kind = kind;
            _flags = flags;
            _masks = masks;
            _words = words;
            _word = bit >> 6;
            _mask = 1UL << (bit & 63);
            _max = max;
            _other = other;
        }

        /// <summary>The default scope (a filter not given): the flagged schools, and the query's exact UAI.</summary>
        public static Check Default(int filter, bool[] flags) => new(filter, CheckKind.Default, flags);

        /// <summary>A closed filter's value: bit <paramref name="bit"/> of each school's mask.</summary>
        public static Check OfBit(int filter, ulong[] masks, int words, int bit) => new(filter, CheckKind.Bit, masks: masks, words: words, bit: bit);

        /// <summary>The schools of the flagged communes (a territory).</summary>
        public static Check Commune(int filter, bool[] communes) => new(filter, CheckKind.Commune, communes);

        /// <summary>The schools whose commune has less than <paramref name="max"/> % of premises eligible at 30 Mbit/s.</summary>
        public static Check Below(int filter, double max) => new(filter, CheckKind.Below, max: max);

        public static Check Never(int filter) => new(filter, CheckKind.Never);

        public static Check Other(int filter, Func<int, bool, bool> test) => new(filter, CheckKind.Other, other: test);

        public bool Passes(SchoolCatalog catalog, int position, bool exact) => _kind switch
        {
            CheckKind.Default => exact || _flags![position],
            CheckKind.Bit => (_masks![position * _words + _word] & _mask) != 0,
            CheckKind.Commune => catalog._communeOf[position] is var c and >= 0 && _flags![c],
            CheckKind.Below => catalog._eligible30[position] is { } percent && percent < _max,
            CheckKind.Never => false,
            _ => _other!(position, exact),
        };
    }

    /// <summary>What a filter's facet counts per school: the values of a closed filter, the département, the 30 Mbit/s band.</summary>
    private enum Dimension { None, Column, Departement, Band }

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

    /// <summary>The test of a filter with its value (null: not given) for one query; null when it keeps every school.</summary>
    private Check? CheckOf(int f, string? value)
    {
        var filter = SchoolFilters.All[f];
        if (_columns[f] is { } column)
        {
            if (value is null) return column.Default is { } flags ? Check.Default(f, flags) : null;
            return column.Positions.TryGetValue(value, out var bit) ? Check.OfBit(f, column.Masks, column.Words, bit) : Check.Never(f);
        }
        if (value is null) return null;
        return filter.Parameter switch
        {
            SchoolFilters.Territory when TerritoryReference.Parse(value) is { Level: not TerritoryLevel.France } => Check.Commune(f, TerritoryFlags(value).Communes),
            SchoolFilters.Territory => null,
            SchoolFilters.Arcep30Max => Check.Below(f, int.Parse(value, CultureInfo.InvariantCulture)),
            _ => Check.Other(f, filter.Test(this, value)),
        };
    }

    /// <param name="Members">The members asked (from a rank, at most a number), best first.</param>
    /// <param name="Total">How many members in all.</param>
    private sealed record Evaluation(List<int> Members, int Total, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets, string? Suggestion);

    /// <summary>
    /// The best <c>limit</c> matches added, score first then position. A bounded heap for the first pages; past
    /// <see cref="HeapLimit"/>, every match as one sortable 64-bit key in a pooled array, sorted once: a deep
    /// page (or an export) would otherwise pay a heap of thousands of entries, slower than one primitive sort.
    /// </summary>
    private sealed class Best(int limit) : IDisposable
    {
        public const int HeapLimit = 512;

        private static readonly IComparer<TextMatch> Worst = Comparer<TextMatch>.Create((a, b) =>
            a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Doc.CompareTo(a.Doc));
        private readonly PriorityQueue<TextMatch, TextMatch>? _heap = limit <= HeapLimit ? new(limit + 1, Worst) : null;
        private ulong[]? _keys = limit > HeapLimit ? System.Buffers.ArrayPool<ulong>.Shared.Rent(1_024) : null;

        public int Count { get; private set; }

        /// <summary>The worst of the heap once it is full: what a match must beat (compared inline, most matches do not).</summary>
        private TextMatch _worst;

        public void Add(TextMatch match)
        {
            if (_keys is not null)
            {
                if (Count == _keys.Length)
                {
                    var larger = System.Buffers.ArrayPool<ulong>.Shared.Rent(2 * Count);
                    _keys.CopyTo(larger, 0);
                    System.Buffers.ArrayPool<ulong>.Shared.Return(_keys);
                    _keys = larger;
                }
                _keys[Count++] = Key(match);
                return;
            }
            Count++;
            if (limit <= 0) return;
            if (_heap!.Count < limit)
            {
                _heap.Enqueue(match, match);
                if (_heap.Count == limit) _worst = _heap.Peek();
            }
            else if (match.Score > _worst.Score || (match.Score == _worst.Score && match.Doc < _worst.Doc))
            {
                _heap.EnqueueDequeue(match, match);
                _worst = _heap.Peek();
            }
        }

        /// <summary>Adds to <paramref name="ordered"/> the positions of the best matches from rank <paramref name="skip"/> on, until it holds <paramref name="take"/>.</summary>
        public void AddTo(List<int> ordered, int skip, int take)
        {
            if (_keys is not null)
            {
                var keys = _keys.AsSpan(0, Count);
                keys.Sort();
                for (var i = skip; i < keys.Length && ordered.Count < take; i++) ordered.Add((int)(uint)keys[i]);
                return;
            }
            var sorted = new int[_heap!.Count];
            for (var i = sorted.Length - 1; i >= 0; i--) sorted[i] = _heap.Dequeue().Doc;
            for (var i = skip; i < sorted.Length && ordered.Count < take; i++) ordered.Add(sorted[i]);
        }

        /// <summary>
        /// Ascending keys in the search's order: the score's bits made unsigned (its sign bit flipped) then
        /// inverted, the best first; then the position, the smaller first.
        /// </summary>
        private static ulong Key(TextMatch match) => ((ulong)~((uint)match.Score ^ 0x8000_0000u) << 32) | (uint)match.Doc;

        public void Dispose()
        {
            if (_keys is not null) System.Buffers.ArrayPool<ulong>.Shared.Return(_keys);
            _keys = null;
        }
    }

    /// <summary>
    /// Adds one to the counts of the facet values of filter <paramref name="f"/> a school has: at
    /// <c>counts[offset + slot]</c>, the slots of <see cref="_slotStart"/>.
    /// </summary>
    private void Count(int f, int position, int[] counts, int offset)
    {
        switch (_dimensions[f])
        {
            case Dimension.Column:
                var column = _columns[f]!;
                var words = column.Words;
                var at = offset + _slotStart[f];
                for (var w = 0; w < words; w++)
                {
                    var mask = column.Masks[position * words + w];
                    while (mask != 0)
                    {
                        counts[at + w * 64 + System.Numerics.BitOperations.TrailingZeroCount(mask)]++;
                        mask &= mask - 1;
                    }
                }
                break;
            case Dimension.Departement:
                if (_departementOf[position] is var d and >= 0) counts[offset + _slotStart[f] + d]++;
                break;
            case Dimension.Band:
                // Counted in its first band only; the bands are summed up when the facet is read.
                if (_band[position] is var b && b < Arcep30Bands.Count) counts[offset + _slotStart[f] + b]++;
                break;
        }
    }

    /// <summary>
    /// One evaluation of a selection: ONE pass over the query's candidates tests each filter once per school
    /// (a mask of the filters it fails), keeps the best members in a bounded heap, and counts the facets the
    /// « disjunctive » way: a school failing no filter counts for every facet, a school failing only filter
    /// D counts for D's facet (what choosing another value of D would leave), any other school for none.
    /// Counts are kept by kind of match (0: the exact UAI, 1: without a typo, 2: with one), as typos only
    /// count when nothing matches without.
    /// </summary>
    private sealed class Evaluator : IDisposable
    {
        private readonly SchoolCatalog _catalog;
        private readonly Check[] _checks;
        private readonly uint _given;
        private readonly bool _facets;
        private readonly int _slots;

        /// <summary>The facet counts, by kind then slot: <c>[kind * slots + slot]</c> (pooled).</summary>
        public readonly int[] Counts;

        /// <summary>The schools failing no filter, by kind then combination of closed values: <c>[kind * combinations + combination]</c> (pooled).</summary>
        public readonly int[] ComboCounts;

        public readonly int[] Members = new int[3];

        /// <summary>In the default scope of every filter (what « without the filters » would leave), by kind.</summary>
        public readonly int[] Unfiltered = new int[3];

        /// <summary>What each given filter, removed, would leave: <c>[filter * 3 + kind]</c>.</summary>
        public readonly int[] Relaxed;

        public readonly Best Strict, Fuzzy;
        public bool ExactIn;

        public Evaluator(SchoolCatalog catalog, Check[] checks, uint given, bool facets, int limit)
        {
            _catalog = catalog;
            _checks = checks;
            _given = given;
            _facets = facets;
            _slots = catalog._slotCount;
            Counts = System.Buffers.ArrayPool<int>.Shared.Rent(3 * _slots);
            Array.Clear(Counts, 0, 3 * _slots);
            ComboCounts = System.Buffers.ArrayPool<int>.Shared.Rent(3 * catalog._comboCount);
            Array.Clear(ComboCounts, 0, 3 * catalog._comboCount);
            Relaxed = new int[3 * SchoolFilters.All.Count];
            Strict = new Best(limit);
            Fuzzy = new Best(limit);
        }

        public int Slot(int slot) => Total(Counts[slot], Counts[_slots + slot], Counts[2 * _slots + slot]);

        public static int Total(int exact, int strict, int fuzzy) => exact + (strict > 0 ? strict : fuzzy);

        public void Visit(int position, int kind, TextMatch match)
        {
            var exact = kind == 0;
            uint fail = 0;
            foreach (ref readonly var check in _checks.AsSpan())
            {
                if (!check.Passes(_catalog, position, exact)) fail |= check.Bit;
            }
            if (fail == 0)
            {
                Members[kind]++;
                if (exact) ExactIn = true;
                else (kind == 1 ? Strict : Fuzzy).Add(match);
            }
            if (!_facets) return;
            if (exact || _catalog._inDefaultScope[position]) Unfiltered[kind]++;
            var offset = kind * _slots;
            if (fail == 0)
            {
                // Every facet: the closed ones by combination (added up in CountCombinations), the others now.
                ComboCounts[kind * _catalog._comboCount + _catalog._combo[position]]++;
                if (_catalog._departementOf[position] is var d and >= 0 && _catalog._departementSlot >= 0) Counts[offset + _catalog._departementSlot + d]++;
                if (_catalog._band[position] is var b && b < Arcep30Bands.Count && _catalog._bandSlot >= 0) Counts[offset + _catalog._bandSlot + b]++;
                if (_given != 0) Relax(_given, position, kind, exact);
            }
            else if ((fail & (fail - 1)) == 0)
            {
                _catalog.Count(System.Numerics.BitOperations.TrailingZeroCount(fail), position, Counts, offset);
                if ((_given & fail) != 0) Relax(fail, position, kind, exact);
            }
        }

        /// <summary>Counts the school for each of these given filters it would pass without it (in its default scope).</summary>
        private void Relax(uint filters, int position, int kind, bool exact)
        {
            while (filters != 0)
            {
                var f = System.Numerics.BitOperations.TrailingZeroCount(filters);
                filters &= filters - 1;
                if (exact || _catalog._columns[f]?.Default is not { } flags || flags[position]) Relaxed[f * 3 + kind]++;
            }
        }

        /// <summary>Adds each combination's count to the counts of its closed values.</summary>
        public void CountCombinations()
        {
            var catalog = _catalog;
            for (var kind = 0; kind < 3; kind++)
            {
                for (var c = 0; c < catalog._comboCount; c++)
                {
                    var n = ComboCounts[kind * catalog._comboCount + c];
                    if (n == 0) continue;
                    var at = c * catalog._comboWords;
                    foreach (var f in catalog._closed)
                    {
                        var words = catalog._columns[f]!.Words;
                        var slot = kind * _slots + catalog._slotStart[f];
                        for (var w = 0; w < words; w++)
                        {
                            var mask = catalog._comboMasks[at++];
                            while (mask != 0)
                            {
                                Counts[slot + w * 64 + System.Numerics.BitOperations.TrailingZeroCount(mask)] += n;
                                mask &= mask - 1;
                            }
                        }
                    }
                }
            }
        }

        public void Dispose()
        {
            System.Buffers.ArrayPool<int>.Shared.Return(Counts);
            System.Buffers.ArrayPool<int>.Shared.Return(ComboCounts);
            Strict.Dispose();
            Fuzzy.Dispose();
        }
    }

    /// <summary>Hands the text index's matches to an <see cref="Evaluator"/>, without a delegate per school.</summary>
    private readonly struct Sink(Evaluator evaluator) : IMatchSink
    {
        public int Group(int doc) => 0;

        public void Add(int group, TextMatch match) => evaluator.Visit(match.Doc, match.Fuzzy ? 2 : 1, match);
    }

    /// <summary>Evaluates a selection: its total and facets, and its members from rank <paramref name="skip"/> on (at most <paramref name="take"/>).</summary>
    private Evaluation Evaluate(SchoolSelection selection, bool facets, int skip, int take)
    {
        var filters = SchoolFilters.All;
        var checks = new List<Check>(filters.Count);
        uint given = 0;
        for (var f = 0; f < filters.Count; f++)
        {
            var value = selection.ValueOf(filters[f].Parameter);
            if (value is not null) given |= 1u << f;
            if (CheckOf(f, value) is { } check) checks.Add(check);
        }
        using var evaluator = new Evaluator(this, [.. checks], given, facets, (int)Math.Min((long)skip + take, Index.Count));
        var sink = new Sink(evaluator);
        var exact = Index.VisitCandidates(selection.Query, ref sink);
        if (exact >= 0) evaluator.Visit(exact, 0, default);

        // The exact UAI first, then the matches without a typo (or, when there are none, with one).
        var listed = evaluator.Strict.Count > 0 ? evaluator.Strict : evaluator.Fuzzy;
        var first = evaluator.ExactIn ? 1 : 0;
        var ordered = new List<int>(Math.Max(0, Math.Min(take, first + listed.Count - skip)));
        if (evaluator.ExactIn && skip == 0 && take > 0) ordered.Add(exact);
        listed.AddTo(ordered, Math.Max(0, skip - first), take);
        var total = Evaluator.Total(evaluator.Members[0], evaluator.Members[1], evaluator.Members[2]);
        if (!facets) return new Evaluation(ordered, total, new Dictionary<string, IReadOnlyList<FacetValue>>(), null);

        evaluator.CountCombinations();
        var facetList = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        for (var f = 0; f < filters.Count; f++)
        {
            var start = _slotStart[f];
            switch (_dimensions[f])
            {
                case Dimension.Column:
                    var values = _columns[f]!.Values;
                    var list = new List<FacetValue>(values.Count);
                    for (var v = 0; v < values.Count; v++) list.Add(new FacetValue(values[v].Value, values[v].Label, evaluator.Slot(start + v)));
                    facetList[filters[f].Parameter] = list;
                    break;
                case Dimension.Departement:
                    facetList[filters[f].Parameter] = TerritoryFacet(selection.ValueOf(SchoolFilters.Territory), d => evaluator.Slot(start + d));
                    break;
                case Dimension.Band:
                    // A school below band b is below every wider band: the counts of the first bands add up.
                    var bands = new List<FacetValue>(Arcep30Bands.Count);
                    var (exactBelow, strictBelow, fuzzyBelow) = (0, 0, 0);
                    for (var b = 0; b < Arcep30Bands.Count; b++)
                    {
                        exactBelow += evaluator.Counts[start + b];
                        strictBelow += evaluator.Counts[_slotCount + start + b];
                        fuzzyBelow += evaluator.Counts[2 * _slotCount + start + b];
                        bands.Add(new FacetValue(Arcep30Bands[b].ToString(CultureInfo.InvariantCulture), $"Moins de {Arcep30Bands[b]} % de locaux éligibles à 30 Mbit/s",
                            Evaluator.Total(exactBelow, strictBelow, fuzzyBelow)));
                    }
                    facetList[filters[f].Parameter] = bands;
                    break;
            }
        }
        string? suggestion = null;
        if (total == 0)
        {
            int Relaxed(int f) => Evaluator.Total(evaluator.Relaxed[f * 3], evaluator.Relaxed[f * 3 + 1], evaluator.Relaxed[f * 3 + 2]);
            var best = Enumerable.Range(0, filters.Count).Where(f => (given & (1u << f)) != 0).OrderByDescending(Relaxed).FirstOrDefault(-1);
            var unfiltered = Evaluator.Total(evaluator.Unfiltered[0], evaluator.Unfiltered[1], evaluator.Unfiltered[2]);
            suggestion = best >= 0 && Relaxed(best) > 0
                ? $"Aucun résultat : essayez sans le filtre {filters[best].Label} ({Results(Relaxed(best))})."
                : given != 0 && unfiltered > 0
                    ? $"Aucun résultat : essayez sans les filtres ({Results(unfiltered)})."
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
    private List<FacetValue> TerritoryFacet(string? chosen, Func<int, int> total)
    {
        var covered = chosen is null || TerritoryReference.Parse(chosen) is not { Level: not TerritoryLevel.France } ? null : TerritoryFlags(chosen).Departements;
        var values = new List<FacetValue>();
        for (var d = 0; d < _departements.Count; d++)
        {
            if (total(d) is var count && (count == 0 || (covered is not null && !covered[d]))) continue;
            var (code, name) = _departements[d];
            values.Add(new FacetValue($"{TerritoryLevel.Departement}:{code}", $"{name} ({code})", count));
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
