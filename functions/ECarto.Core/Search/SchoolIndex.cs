using ECarto.Establishments;
using ECarto.Text;

namespace ECarto.Search;

/// <summary>What a result list shows of a school.</summary>
public sealed record SchoolSummary(
    string Uai,
    string Name,
    IReadOnlyList<string> Types,
    string? Sector,
    string? CommuneCode,
    string? CommuneName,
    string DepartementCode,
    string? DepartementName,
    string? AcademieName,
    string State,
    string StateLabel);

/// <summary>A page of results, with the total count of matches.</summary>
public sealed record SearchPage(string Query, string? Type, string? State, int Total, int Page, int PageSize, IReadOnlyList<SchoolSummary> Results, string? DataVersion);

/// <summary>
/// A school type offered as a filter: its slug (« college »), its label (« Collège »), its count, and
/// whether it is one of the observatory's types (école, collège, lycée, EREA), listed by default.
/// </summary>
public sealed record SchoolTypeOption(string Slug, string Label, int Count, bool Observatory);

/// <summary>An administrative state offered as a filter (« fermeture-prevue », « fermeture prévue »).</summary>
public sealed record SchoolStateOption(string Slug, string Label, int Count);

/// <summary>
/// The in-memory search index of establishments: by name (every site's), commune or UAI, insensitive to
/// case and accents. Built once per data version; the whole of France (~66,000) fits easily.
/// </summary>
public sealed class SchoolIndex
{
    private readonly Entry[] _entries;
    private readonly Dictionary<string, Entry> _byUai;
    private readonly Dictionary<string, int> _positions;
    private readonly TextIndex _text;

    // What the default scope and the type and state filters read, one flat array per question: a query
    // matching tens of thousands of schools tests them without reaching each entry's objects.
    private readonly bool[] _listed;
    private readonly bool[] _open;
    private readonly bool[] _observatory;
    private readonly Dictionary<string, bool[]> _byType = new(StringComparer.Ordinal);

    /// <param name="Observatory">One of its types is an observatory type (école, collège, lycée, EREA).</param>
    internal sealed record Entry(SchoolSummary Summary, string NameKey, TextFields Text, string[] TypeSlugs, bool Observatory, string[] PostalCodes)
    {
        /// <summary>Its type slugs and breakdown groups (« lycee-gt », « lycee-pro »): what the type filter accepts.</summary>
        public string[] Groups { get; init; } = [];

        /// <summary>What the filters of <see cref="SchoolSelection"/> read, one value (or none) per filter.</summary>
        public SchoolFacts Facts { get; init; } = SchoolFacts.None;
    }

    public SchoolIndex(IEnumerable<School> schools, string? dataVersion) : this(EntriesOf(schools), dataVersion)
    {
    }

    private static List<Entry> EntriesOf(IEnumerable<School> schools)
    {
        var builder = new Builder();
        foreach (var school in schools) builder.Add(school);
        return builder.Entries;
    }

    /// <summary>
    /// Builds an index one school at a time: a version's snapshot is read line by line and each school is
    /// dropped once its entry is made, instead of the whole of France held as <see cref="School"/> objects
    /// (about 300 MB at national size) while the index is built.
    /// </summary>
    public sealed class Builder
    {
        private readonly List<Entry> _entries = [];

        // Each school arrives with its own copies of the same commune, département, académie and type names:
        // one instance of each is kept (about 73,000 schools share a few thousand of them).
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<string>> _types = new(StringComparer.Ordinal);

        internal List<Entry> Entries => _entries;

        public void Add(School school) => _entries.Add(EntryOf(school with
        {
            Types = SharedTypes(school.Types),
            Sector = Shared(school.Sector),
            PostalCode = Shared(school.PostalCode),
            CommuneCode = Shared(school.CommuneCode),
            CommuneName = Shared(school.CommuneName),
            CommuneDelegueeName = Shared(school.CommuneDelegueeName),
            DepartementCode = Shared(school.DepartementCode)!,
            DepartementName = Shared(school.DepartementName),
            AcademieName = Shared(school.AcademieName),
            PriorityEducation = Shared(school.PriorityEducation),
        }));

        private IReadOnlyList<string> SharedTypes(IReadOnlyList<string> types)
        {
            var key = string.Join('\n', types);
            if (_types.TryGetValue(key, out var kept)) return kept;
            return _types[key] = types.Select(t => Shared(t)!).ToArray();
        }

        private string? Shared(string? value)
        {
            if (value is null) return null;
            if (_strings.TryGetValue(value, out var kept)) return kept;
            _strings[value] = value;
            return value;
        }

        public SchoolIndex Build(string? dataVersion) => new(_entries, dataVersion);
    }

    /// <summary>What the index keeps of a school.</summary>
    private static Entry EntryOf(School s) => new Entry(
        new SchoolSummary(s.Uai, s.Name, s.Types, s.Sector, s.CommuneCode, s.CommuneName, s.DepartementCode, s.DepartementName, s.AcademieName,
            SchoolState.Slug(s.State), SchoolState.Label(SchoolState.Slug(s.State))),
        FrenchText.Fold(s.Name),
        new TextFields(
            s.Sites.Select(site => site.Name).Prepend(s.Name).Distinct(StringComparer.Ordinal).ToList(),
            new[] { s.CommuneName, s.CommuneDelegueeName, s.CommuneCode, s.PostalCode, s.Uai }
                .Concat(s.Sites.Select(site => site.PostalCode)).OfType<string>().Distinct(StringComparer.Ordinal).ToList()),
        s.Types.Select(FrenchText.Slug).ToArray(),
        s.Types.Any(SchoolScope.IsObservatoryType),
        s.Sites.Select(site => site.PostalCode).Prepend(s.PostalCode).OfType<string>().Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToArray())
    {
        Groups = s.Types.Select(FrenchText.Slug).Concat(SchoolScope.Groups(s)).Distinct(StringComparer.Ordinal).ToArray(),
        Facts = SchoolFacts.Of(s),
    };

    private SchoolIndex(List<Entry> entries, string? dataVersion)
    {
        DataVersion = dataVersion;
        _entries = entries
            .OrderBy(e => e.NameKey, StringComparer.Ordinal)
            .ThenBy(e => e.Summary.Uai, StringComparer.Ordinal)
            .ToArray();
        _byUai = _entries.ToDictionary(e => e.Summary.Uai, StringComparer.Ordinal);
        _positions = _entries.Select((e, i) => (e.Summary.Uai, i)).ToDictionary(p => p.Uai, p => p.i, StringComparer.Ordinal);
        _text = new TextIndex(_entries.Select(e => e.Text).ToList());
        _open = _entries.Select(e => SchoolState.IsOpen(e.Summary.State)).ToArray();
        _observatory = _entries.Select(e => e.Observatory).ToArray();
        _listed = _entries.Select(IsListedByDefault).ToArray();
        for (var i = 0; i < _entries.Length; i++)
        {
            foreach (var slug in _entries[i].TypeSlugs)
            {
                if (!_byType.TryGetValue(slug, out var members)) _byType[slug] = members = new bool[_entries.Length];
                members[i] = true;
            }
        }
        PostalCodesByCommune = _entries
            .Where(e => e.Summary.CommuneCode is not null)
            .GroupBy(e => e.Summary.CommuneCode!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.SelectMany(e => e.PostalCodes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal);
        Types = _entries
            .SelectMany(e => e.Summary.Types)
            .GroupBy(t => t, StringComparer.Ordinal)
            .Select(g => new SchoolTypeOption(FrenchText.Slug(g.Key), g.Key, g.Count(), SchoolScope.IsObservatoryType(g.Key)))
            .OrderByDescending(t => t.Observatory)
            .ThenByDescending(t => t.Count)
            .ToList();
        States = _entries
            .GroupBy(e => e.Summary.State, StringComparer.Ordinal)
            .Select(g => new SchoolStateOption(g.Key, g.First().Summary.StateLabel, g.Count()))
            .OrderBy(o => SchoolState.Order(o.Slug))
            .ToList();
    }

    public IReadOnlyList<SchoolStateOption> States { get; }

    /// <summary>The postal codes of each commune, as its schools' addresses give them (the territories do not keep them).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> PostalCodesByCommune { get; }

    /// <summary>The observatory's schools open today: what a search lists by default.</summary>
    internal static bool IsListedByDefault(Entry entry) => entry.Observatory && SchoolState.IsOpen(entry.Summary.State);

    /// <summary><see cref="IsListedByDefault"/> of the entry at a position, precomputed.</summary>
    internal bool IsListed(int position) => _listed[position];

    public string? DataVersion { get; }

    public int Count => _entries.Length;

    public IReadOnlyList<SchoolTypeOption> Types { get; }

    internal SchoolSummary SummaryAt(int position) => _entries[position].Summary;

    internal Entry EntryAt(int position) => _entries[position];

    /// <summary>
    /// Gives <paramref name="sink"/> every entry the query's words match (group 0), with its score and whether
    /// it needed a typo, in no order; every entry (score 0, no typo), by name, for a query without words. The
    /// exact UAI is not visited: it is returned apart (-1 when none). Nothing the size of the matches is allocated.
    /// </summary>
    internal int VisitCandidates<TSink>(string query, ref TSink sink) where TSink : struct, IMatchSink
    {
        var uai = Uai.Normalize(query.Trim());
        var exact = uai is not null && _positions.TryGetValue(uai, out var position) ? position : -1;
        if (SearchText.Words(query).Count == 0)
        {
            for (var i = 0; i < _entries.Length; i++)
            {
                if (i != exact) sink.Add(0, new TextMatch(i, 0, false));
            }
            return exact;
        }
        var skipping = new SkipExact<TSink>(exact, sink);
        _text.Visit(query, ref skipping);
        sink = skipping.Inner;
        return exact;
    }

    /// <summary>Leaves the exact UAI out of a text visit (it is visited apart).</summary>
    private struct SkipExact<TSink>(int exact, TSink inner) : IMatchSink where TSink : struct, IMatchSink
    {
        public TSink Inner = inner;

        public readonly int Group(int doc) => doc == exact ? -1 : 0;

        public void Add(int group, TextMatch match) => Inner.Add(group, match);
    }

    public SchoolSummary? Find(string uai) => _byUai.TryGetValue(uai, out var entry) ? entry.Summary : null;

    /// <summary>
    /// Every word of the query (but « de », « publique »…) must match a word of the school's names,
    /// commune, postal code or UAI: exactly, as its beginning, or with a typo or two
    /// (<see cref="TextIndex"/>). Ranking: the exact UAI, then the best matches (names before communes,
    /// a name starting with the query first), alphabetical among equals. Matches with typos are only listed
    /// when nothing matches without one. Without a type and a state, only the observatory's schools open
    /// today are listed; a type or a state given explicitly reaches the others (a CIO, a closed school).
    /// An exact UAI is always found.
    /// </summary>
    public SearchPage Search(string query, string? typeSlug, int page, int pageSize, string? stateSlug = null)
    {
        var ofType = typeSlug is null ? _observatory : _byType.GetValueOrDefault(typeSlug);
        Func<int, bool> selected = ofType is null ? _ => false
            : stateSlug is null ? typeSlug is null ? IsListed : i => ofType[i] && _open[i]
            : i => ofType[i] && _entries[i].Summary.State == stateSlug;
        // An export asks for every match (page size int.MaxValue): never more than the index holds.
        var (total, top) = Match(query, selected, (int)Math.Min((long)page * pageSize, _entries.Length));
        var results = top.Skip((page - 1) * pageSize).Select(i => _entries[i].Summary).ToList();
        return new SearchPage(query, typeSlug, stateSlug, total, page, pageSize, results, DataVersion);
    }

    /// <summary>
    /// How many selected entries match the query, and the positions of the first <paramref name="take"/>,
    /// best first (see <see cref="Search"/>); every selected entry, by name, for an empty query. An exact UAI
    /// comes first whether selected or not. <paramref name="preferred"/> ranks first, among equal matches,
    /// the schools it accepts (those of a chosen territory).
    /// </summary>
    internal (int Total, List<int> Top) Match(string query, Func<int, bool> selected, int take, Func<SchoolSummary, bool>? preferred = null)
    {
        var uai = Uai.Normalize(query.Trim());
        var exact = uai is not null && _positions.TryGetValue(uai, out var position) ? position : -1;
        var total = 0;
        var top = new List<int>();
        if (exact >= 0)
        {
            top.Add(exact);
            total++;
        }
        if (SearchText.Words(query).Count == 0)
        {
            // Entries are sorted by name: the first ones selected are the page.
            for (var i = 0; i < _entries.Length; i++)
            {
                if (i == exact || !selected(i)) continue;
                if (top.Count < take) top.Add(i);
                total++;
            }
            return (total, top);
        }
        var comparer = Comparer<TextMatch>.Create((a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0) return byScore;
            if (preferred is not null)
            {
                var byPlace = (preferred(_entries[a.Doc].Summary) ? 0 : 1).CompareTo(preferred(_entries[b.Doc].Summary) ? 0 : 1);
                if (byPlace != 0) return byPlace;
            }
            return a.Doc.CompareTo(b.Doc);
        });
        var matches = _text.Match(query, 1, doc => doc != exact && selected(doc) ? 0 : -1, take - top.Count, comparer);
        // Typos only widen a search that finds nothing as typed.
        var strict = matches.StrictCount(0) > 0;
        top.AddRange((strict ? matches.Strict(0) : matches.Fuzzy(0)).Select(m => m.Doc));
        return (total + (strict ? matches.StrictCount(0) : matches.FuzzyCount(0)), top);
    }

    /// <summary>
    /// The schools a territory counts (the observatory's types, open today) in these communes, by name;
    /// optionally of one type (« college ») and one sector (« public », « prive »).
    /// </summary>
    public SearchPage InCommunes(IReadOnlySet<string> communes, string? typeSlug, string? sectorSlug, int page, int pageSize)
    {
        var matches = _entries
            .Where(e => e.Observatory && SchoolState.IsOpen(e.Summary.State) && e.Summary.CommuneCode is { } c && communes.Contains(c))
            .Where(e => typeSlug is null || e.TypeSlugs.Contains(typeSlug, StringComparer.Ordinal))
            .Where(e => sectorSlug is null || FrenchText.Slug(e.Summary.Sector) == sectorSlug)
            .Select(e => e.Summary)
            .ToList();
        return new SearchPage("", typeSlug, null, matches.Count, page, pageSize, matches.Skip((page - 1) * pageSize).Take(pageSize).ToList(), DataVersion);
    }
}
