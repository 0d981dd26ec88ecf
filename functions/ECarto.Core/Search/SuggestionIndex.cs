using ECarto.Establishments;
using ECarto.Territories;
using ECarto.Text;

namespace ECarto.Search;

/// <summary>
/// One suggestion: a territory (level and code) or an establishment (UAI), its label and the path of its
/// page on the site.
/// </summary>
public sealed record Suggestion
{
    /// <summary>commune, departement, academie, region, france, or etablissement.</summary>
    public required string Niveau { get; init; }

    /// <summary>The territory's code, or the establishment's UAI.</summary>
    public required string Code { get; init; }

    public required string Label { get; init; }

    /// <summary>What tells homonyms apart: the département of a commune, the commune of a school.</summary>
    public string? Detail { get; init; }

    /// <summary>The site's page: <c>/territoire/{niveau}/{code}</c> or <c>/etablissement/{uai}</c>.</summary>
    public required string Url { get; init; }

    public int? Population { get; init; }

    /// <summary>A commune's postal codes (from its schools' addresses).</summary>
    public IReadOnlyList<string>? PostalCodes { get; init; }

    /// <summary>A school's types, commune name and INSEE code.</summary>
    public IReadOnlyList<string>? Types { get; init; }
    public string? CommuneName { get; init; }
    public string? CommuneCode { get; init; }
}

/// <summary>The suggestions of one kind, the best first, and how many matched in all.</summary>
public sealed record SuggestionGroup(string Niveau, string Label, int Total, IReadOnlyList<Suggestion> Items);

/// <summary>
/// One search over territories (communes, départements, académies, régions) and establishments, for the
/// suggestions of the search box. Same matching as <see cref="SchoolIndex.Search"/> (<see cref="TextIndex"/>).
/// Ranking within a group: an exact code (INSEE, département number, UAI) first, then matches without a
/// typo before those with one, then the best match (names before other words, a name starting with the
/// query, an exact name), then the larger territory (population), then — for schools — those of the chosen
/// territory, then alphabetical order.
/// </summary>
public sealed class SuggestionIndex
{
    /// <summary>The groups in the order the box shows them.</summary>
    public static readonly IReadOnlyList<(string Niveau, string Label)> Groups =
    [
        (TerritoryLevel.Commune, "Communes"),
        (TerritoryLevel.Departement, "Départements"),
        (TerritoryLevel.Academie, "Académies"),
        (TerritoryLevel.Region, "Régions"),
        (Etablissement, "Établissements"),
    ];

    public const string Etablissement = "etablissement";

    private readonly SchoolIndex _schools;
    private readonly Suggestion[] _territories;
    private readonly TextIndex _text;
    private readonly int[] _groups;
    private readonly Dictionary<string, List<int>> _byCode = new(StringComparer.Ordinal);

    public SuggestionIndex(SchoolIndex schools, IEnumerable<Territory> territories)
    {
        _schools = schools;
        var listed = territories
            .Where(t => t.Level is TerritoryLevel.Commune or TerritoryLevel.Departement or TerritoryLevel.Academie or TerritoryLevel.Region)
            .OrderBy(t => FrenchText.Fold(t.Name), StringComparer.Ordinal)
            .ThenBy(t => t.Code, StringComparer.Ordinal)
            .ToList();
        _territories = listed.Select(t => ToSuggestion(t, schools)).ToArray();
        _groups = _territories.Select(t => LevelGroup(t.Niveau)).ToArray();
        _text = new TextIndex(listed.Select((t, i) => new TextFields([t.Name], OtherWords(t, _territories[i]))).ToList());
        for (var i = 0; i < _territories.Length; i++)
        {
            var key = _territories[i].Code.ToLowerInvariant();
            if (!_byCode.TryGetValue(key, out var list)) _byCode[key] = list = [];
            list.Add(i);
        }
    }

    public string? DataVersion => _schools.DataVersion;

    /// <summary>The school index it searches the establishments in.</summary>
    public SchoolIndex Schools => _schools;

    public int TerritoryCount => _territories.Length;

    /// <summary>
    /// Up to <paramref name="limit"/> suggestions of each group. <paramref name="preferredCommunes"/> (the
    /// communes of a chosen territory) ranks first, among equal matches, the schools there.
    /// </summary>
    public IReadOnlyList<SuggestionGroup> Suggest(string query, int limit, IReadOnlySet<string>? preferredCommunes = null)
    {
        var exact = _byCode.GetValueOrDefault(query.Trim().ToLowerInvariant()) ?? [];
        var territories = _text.Match(query, Groups.Count - 1, doc => _groups[doc], limit, TerritoryOrder(exact));
        var groups = new List<SuggestionGroup>(Groups.Count);
        foreach (var (niveau, label) in Groups)
        {
            if (niveau == Etablissement)
            {
                var (total, schools) = SearchText.Words(query).Count == 0 && Uai.Normalize(query) is null
                    ? (0, [])
                    : _schools.Match(query, _schools.IsListed, limit,
                        preferredCommunes is null ? null : s => s.CommuneCode is { } c && preferredCommunes.Contains(c));
                groups.Add(new SuggestionGroup(niveau, label, total, schools.Select(_schools.SummaryAt).Select(ToSuggestion).ToList()));
                continue;
            }
            var g = LevelGroup(niveau);
            // Matches with a typo after those without, in the same list.
            var items = territories.Strict(g).Concat(territories.Fuzzy(g)).Take(limit).Select(m => _territories[m.Doc]).ToList();
            groups.Add(new SuggestionGroup(niveau, label, territories.StrictCount(g) + territories.FuzzyCount(g), items));
        }
        return groups;
    }

    private static int LevelGroup(string niveau) => niveau switch
    {
        TerritoryLevel.Commune => 0,
        TerritoryLevel.Departement => 1,
        TerritoryLevel.Academie => 2,
        TerritoryLevel.Region => 3,
        _ => -1,
    };

    /// <summary>Exact code first, then score, population, name (typos are ranked apart, after).</summary>
    private IComparer<TextMatch> TerritoryOrder(List<int> exact) => Comparer<TextMatch>.Create((a, b) =>
    {
        var order = exact.Contains(b.Doc).CompareTo(exact.Contains(a.Doc));
        if (order == 0) order = b.Score.CompareTo(a.Score);
        if (order == 0) order = (_territories[b.Doc].Population ?? 0).CompareTo(_territories[a.Doc].Population ?? 0);
        return order != 0 ? order : a.Doc.CompareTo(b.Doc);
    });

    private static Suggestion ToSuggestion(Territory t, SchoolIndex schools)
    {
        var departement = t.Parents.FirstOrDefault(p => p.Level == TerritoryLevel.Departement);
        return new Suggestion
        {
            Niveau = t.Level,
            Code = t.Code,
            Label = t.Level == TerritoryLevel.Academie ? $"Académie de {t.Name}" : t.Name,
            Detail = t.Level switch
            {
                TerritoryLevel.Commune => departement is null ? t.Code : $"{departement.Name} ({departement.Code})",
                TerritoryLevel.Departement => t.Code,
                _ => null,
            },
            Url = $"/territoire/{t.Level}/{t.Code}",
            Population = t.Population,
            PostalCodes = t.Level == TerritoryLevel.Commune ? schools.PostalCodesByCommune.GetValueOrDefault(t.Code) ?? [] : null,
        };
    }

    private static Suggestion ToSuggestion(SchoolSummary s) => new()
    {
        Niveau = Etablissement,
        Code = s.Uai,
        Label = s.Name,
        Detail = s.CommuneName,
        Url = $"/etablissement/{s.Uai}",
        Types = s.Types,
        CommuneName = s.CommuneName,
        CommuneCode = s.CommuneCode,
    };

    /// <summary>What else finds a territory: its code and postal codes, its kind (« académie de… »), a commune's département.</summary>
    private static List<string> OtherWords(Territory t, Suggestion suggestion)
    {
        var words = new List<string> { t.Code };
        switch (t.Level)
        {
            case TerritoryLevel.Commune:
                words.AddRange(suggestion.PostalCodes ?? []);
                if (t.Parents.FirstOrDefault(p => p.Level == TerritoryLevel.Departement) is { } d) words.Add(d.Code);
                break;
            case TerritoryLevel.Departement:
                words.Add("departement");
                break;
            case TerritoryLevel.Academie:
                words.Add("academie");
                break;
            case TerritoryLevel.Region:
                words.Add("region");
                break;
        }
        return words;
    }
}
