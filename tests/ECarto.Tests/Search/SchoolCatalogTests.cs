using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Search;
using ECarto.Territories;
using ECarto.Text;

namespace ECarto.Tests.Search;

/// <summary>
/// The filtered search and « proches » of <see cref="SchoolCatalog"/> over the real sample (built in memory,
/// no storage involved), checked against what they mean, computed the slow way: a scan of every school for
/// « proches », the totals of each facet value chosen, and the other search engine (<see cref="SchoolIndex.Search"/>).
/// </summary>
public class SchoolCatalogTests
{
    private static readonly Lazy<SchoolCatalog> Catalog = new(() =>
        new SchoolCatalog(new SchoolIndex(SearchCorpus.Schools, "v1"), new TerritoryDirectory("v1", SearchCorpus.Territories, [])));

    /// <summary>
    /// The old « proches »: every school of the sample scanned, the open ones of the type (by default the
    /// observatory's) within the radius, nearest first then in the index's order (name folded, then UAI).
    /// </summary>
    private static List<(string Uai, int Distance)> BruteForceNearby(double latitude, double longitude, int radius, string? type) =>
        SearchCorpus.Schools
            .Where(s => s.Latitude is not null && s.Longitude is not null && SchoolState.IsOpen(SchoolState.Slug(s.State)))
            .Where(s => type is null
                ? s.Types.Any(SchoolScope.IsObservatoryType)
                : s.Types.Select(FrenchText.Slug).Concat(SchoolScope.Groups(s)).Contains(type, StringComparer.Ordinal))
            .Select(s => (School: s, Distance: MobileSiteIndex.DistanceMeters(latitude, longitude, s.Latitude!.Value, s.Longitude!.Value)))
            .Where(p => p.Distance <= radius)
            .OrderBy(p => p.Distance)
            .ThenBy(p => FrenchText.Fold(p.School.Name), StringComparer.Ordinal)
            .ThenBy(p => p.School.Uai, StringComparer.Ordinal)
            .Select(p => (p.School.Uai, (int)Math.Round(p.Distance)))
            .ToList();

    public static TheoryData<double, double, int, string?> Places => new()
    {
        // Toulouse (Capitole), Montpellier (Comédie), at several radii up to the 50 km cap.
        { 43.6045, 1.4440, 2_000, null },
        { 43.6045, 1.4440, 50_000, null },
        { 43.6045, 1.4440, 12_345, "college" },
        { 43.6108, 3.8767, 5_000, null },
        { 43.6108, 3.8767, 50_000, "lycee" },
        // Exactly on a corner of the grid's cells (0.05°), and just beside it.
        { 43.60, 1.45, 3_000, null },
        { 43.6499999, 1.4000001, 7_500, "ecole" },
        // A rural point (Lozère), a radius crossing many cells, and one too small to find anything.
        { 44.5180, 3.5000, 50_000, null },
        { 44.5180, 3.5000, 1, null },
        // Far from every school of the sample (Lille): nothing.
        { 50.6292, 3.0573, 50_000, null },
    };

    [Theory]
    [MemberData(nameof(Places))]
    public void Nearby_finds_what_a_scan_of_every_school_finds_in_the_same_order(double latitude, double longitude, int radius, string? type)
    {
        var expected = BruteForceNearby(latitude, longitude, radius, type);
        var (total, all) = Catalog.Value.Nearby(latitude, longitude, radius, type, 1, Math.Max(1, expected.Count));
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, all.Select(r => (r.School.Uai, r.DistanceMetres)).ToList());
        // Pages are slices of the same order, the total counted in full.
        var (pageTotal, page) = Catalog.Value.Nearby(latitude, longitude, radius, type, 3, 7);
        Assert.Equal(expected.Count, pageTotal);
        Assert.Equal(expected.Skip(14).Take(7).ToList(), page.Select(r => (r.School.Uai, r.DistanceMetres)).ToList());
    }

    [Fact]
    public void Nearby_counts_a_school_exactly_at_the_radius()
    {
        // The distance from Toulouse's Capitole to a school, as the radius: that school is in (the bound is inclusive).
        var school = SearchCorpus.Schools.First(s => s.Uai == "0310036W");
        var distance = MobileSiteIndex.DistanceMeters(43.6045, 1.4440, school.Latitude!.Value, school.Longitude!.Value);
        var radius = (int)Math.Ceiling(distance);
        var expected = BruteForceNearby(43.6045, 1.4440, radius, null);
        var (total, results) = Catalog.Value.Nearby(43.6045, 1.4440, radius, null, 1, 1_000);
        Assert.Contains(expected, e => e.Uai == "0310036W");
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, results.Select(r => (r.School.Uai, r.DistanceMetres)).ToList());
    }

    private static readonly string[] Queries = ["", "jean", "ecole", "college", "lycee", "saint", "toulouse", "jules ferry", "siomne veil", "montpelier", "0310036W", "pasteur albi"];

    private static readonly string[] TerritoryValues =
    [
        "departement:31", "departement:34", "commune:31555", "region:76",
        .. SearchCorpus.Territories.Where(t => t.Level == TerritoryLevel.Academie).Take(2).Select(t => $"{t.Level}:{t.Code}"),
    ];

    /// <summary>Random selections of the real sample (fixed seed): a query and up to four filters.</summary>
    private static List<SchoolSelection> Selections(int count)
    {
        var random = new Random(20261130);
        var catalog = Catalog.Value;
        var types = catalog.Search(new SchoolSelection(), 1, 1).Facets[SchoolFilters.Type].Select(v => v.Valeur).ToList();
        string?[] sectors = [null, null, "public", "prive"];
        string?[] priority = [null, null, null, "rep", "rep-plus", "hors"];
        string?[] states = [null, null, null, SchoolState.Open, SchoolState.Closing, SchoolState.Closed];
        var selections = new List<SchoolSelection>();
        for (var i = 0; i < count; i++)
        {
            var filters = new Dictionary<string, string>(StringComparer.Ordinal);
            void Maybe(string parameter, string? value)
            {
                if (value is not null) filters[parameter] = value;
            }
            Maybe(SchoolFilters.Type, random.Next(3) == 0 ? types[random.Next(types.Count)] : null);
            Maybe(SchoolFilters.Sector, sectors[random.Next(sectors.Length)]);
            Maybe(SchoolFilters.PriorityEducation, priority[random.Next(priority.Length)]);
            Maybe(SchoolFilters.State, states[random.Next(states.Length)]);
            if (random.Next(3) == 0) filters[SchoolFilters.Territory] = TerritoryValues[random.Next(TerritoryValues.Length)];
            selections.Add(new SchoolSelection { Query = Queries[random.Next(Queries.Length)], Filters = filters });
        }
        return selections;
    }

    private static SchoolSelection With(SchoolSelection selection, string parameter, string value) =>
        selection with { Filters = new Dictionary<string, string>(selection.Filters, StringComparer.Ordinal) { [parameter] = value } };

    [Fact]
    public void Each_facet_count_is_the_total_choosing_its_value_gives()
    {
        var catalog = Catalog.Value;
        var checkedValues = 0;
        foreach (var selection in Selections(60))
        {
            var page = catalog.Search(selection, 1, 20);
            Assert.Equal(page.Total, catalog.All(selection).Count());
            foreach (var (parameter, values) in page.Facets)
            {
                foreach (var value in values)
                {
                    var chosen = catalog.Search(With(selection, parameter, value.Valeur), 1, 1);
                    Assert.True(value.Nombre == chosen.Total,
                        $"{Describe(selection)} : facette {parameter}={value.Valeur} {value.Nombre}, total en la choisissant {chosen.Total}");
                    checkedValues++;
                }
            }
        }
        Assert.True(checkedValues > 1_000, $"{checkedValues} valeurs vérifiées");
    }

    [Fact]
    public void Without_other_filters_it_lists_what_the_type_search_lists_in_the_same_order()
    {
        var catalog = Catalog.Value;
        var index = catalog.Index;
        string?[] types = [null, .. index.Types.Where(t => t.Count >= 20).Select(t => t.Slug)];
        foreach (var query in Queries)
        {
            foreach (var type in types)
            {
                // The type search lists an exact UAI whatever the type; a chosen type filters it like any school.
                if (type is not null && query == "0310036W") continue;
                var selection = type is null ? new SchoolSelection { Query = query } : With(new SchoolSelection { Query = query }, SchoolFilters.Type, type);
                // First pages (a bounded heap), then pages past the first 512 matches (all sorted once) and every match.
                foreach (var (page, size) in new[] { (1, 20), (2, 7), (30, 20), (2, 400), (1, 5_000) })
                {
                    var expected = index.Search(query, type, page, size);
                    var actual = catalog.Search(selection, page, size);
                    Assert.True(expected.Total == actual.Total, $"« {query} » {type} : {expected.Total} contre {actual.Total}");
                    Assert.Equal(expected.Results.Select(r => r.Uai), actual.Results.Select(r => r.Uai));
                }
            }
        }
    }

    [Fact]
    public void A_selection_without_result_says_which_filter_to_relax_with_its_total()
    {
        var catalog = Catalog.Value;
        // Fermat (Toulouse) is a public lycée: private, nothing; without the sector filter, its results.
        var selection = new SchoolSelection { Query = "pierre de fermat", Filters = new Dictionary<string, string> { [SchoolFilters.Sector] = "prive", [SchoolFilters.Territory] = "departement:31" } };
        var page = catalog.Search(selection, 1, 20);
        Assert.Equal(0, page.Total);
        var relaxed = catalog.Search(selection.Without(SchoolFilters.Sector), 1, 20).Total;
        Assert.True(relaxed > 0);
        Assert.Equal($"Aucun résultat : essayez sans le filtre secteur ({(relaxed == 1 ? "1 résultat" : $"{relaxed} résultats")}).", page.Suggestion);
    }

    private static string Describe(SchoolSelection s) => string.Join(' ', s.Filters.Select(f => $"{f.Key}={f.Value}").Prepend($"« {s.Query} »"));
}
