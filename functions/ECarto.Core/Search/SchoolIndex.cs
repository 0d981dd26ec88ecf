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

    /// <param name="Observatory">One of its types is an observatory type (école, collège, lycée, EREA).</param>
    private sealed record Entry(SchoolSummary Summary, string NameKey, string Haystack, string[] TypeSlugs, bool Observatory);

    public SchoolIndex(IEnumerable<School> schools, string? dataVersion)
    {
        DataVersion = dataVersion;
        _entries = schools
            .Select(s => new Entry(
                new SchoolSummary(s.Uai, s.Name, s.Types, s.Sector, s.CommuneCode, s.CommuneName, s.DepartementCode, s.DepartementName, s.AcademieName,
                    SchoolState.Slug(s.State), SchoolState.Label(SchoolState.Slug(s.State))),
                FrenchText.Fold(s.Name),
                " " + string.Join(' ', s.Sites.Select(site => FrenchText.Fold(site.Name)).Append(FrenchText.Fold(s.Name))
                    .Append(FrenchText.Fold(s.CommuneName)).Append(s.CommuneCode ?? "").Append(s.PostalCode ?? "").Append(s.Uai.ToLowerInvariant())
                    .Distinct()) + " ",
                s.Types.Select(FrenchText.Slug).ToArray(),
                s.Types.Any(SchoolScope.IsObservatoryType)))
            .OrderBy(e => e.NameKey, StringComparer.Ordinal)
            .ThenBy(e => e.Summary.Uai, StringComparer.Ordinal)
            .ToArray();
        _byUai = _entries.ToDictionary(e => e.Summary.Uai, StringComparer.Ordinal);
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

    public string? DataVersion { get; }

    public int Count => _entries.Length;

    public IReadOnlyList<SchoolTypeOption> Types { get; }

    public SchoolSummary? Find(string uai) => _byUai.TryGetValue(uai, out var entry) ? entry.Summary : null;

    /// <summary>
    /// Every word of the query must start a word of the school's names, commune, postal code or UAI.
    /// Ranking: the exact UAI, then names starting with the query, then names containing it, then the rest;
    /// alphabetical within each group. Without a type and a state, only the observatory's schools open
    /// today are listed; a type or a state given explicitly reaches the others (a CIO, a closed school).
    /// An exact UAI is always found.
    /// </summary>
    public SearchPage Search(string query, string? typeSlug, int page, int pageSize, string? stateSlug = null)
    {
        var folded = FrenchText.Fold(query);
        var words = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool Selected(Entry e) =>
            ((typeSlug is null ? e.Observatory : e.TypeSlugs.Contains(typeSlug, StringComparer.Ordinal))
                && (stateSlug is null ? SchoolState.IsOpen(e.Summary.State) : e.Summary.State == stateSlug))
            || IsUai(e, folded);
        var matches = _entries
            .Where(Selected)
            .Where(e => words.All(w => e.Haystack.Contains(" " + w, StringComparison.Ordinal)))
            .Select(e => (Entry: e, Rank: Rank(e, folded)))
            .OrderBy(m => m.Rank)
            .Select(m => m.Entry.Summary)
            .ToList();
        var results = matches.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return new SearchPage(query, typeSlug, stateSlug, matches.Count, page, pageSize, results, DataVersion);
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

    private static bool IsUai(Entry entry, string folded) => string.Equals(entry.Summary.Uai, folded, StringComparison.OrdinalIgnoreCase);

    private static int Rank(Entry entry, string folded)
    {
        if (folded.Length == 0) return 3;
        if (string.Equals(entry.Summary.Uai, folded, StringComparison.OrdinalIgnoreCase)) return 0;
        if (entry.NameKey.StartsWith(folded, StringComparison.Ordinal)) return 1;
        if (entry.NameKey.Contains(folded, StringComparison.Ordinal)) return 2;
        return 3;
    }
}
