using ECarto.Establishments;
using ECarto.Search;
using ECarto.Sources.Cog;
using ECarto.Territories;

namespace ECarto.Tests.Search;

/// <summary>
/// The real sample as search sees it, built in memory once: the annuaire's schools (types as the
/// composition gives them), the territories of the real COG (data/referentiel-admin) aggregated as the
/// publication does, and the suggestion index over both.
/// </summary>
public static class SearchCorpus
{
    private static readonly Lazy<(List<School> Schools, CommuneReferential Referential, List<Territory> Territories, SuggestionIndex Index)> Built = new(() =>
    {
        var referential = CommuneReferential.LoadAsync(Path.Combine(TestData.Root, "data", "referentiel-admin")).GetAwaiter().GetResult();
        var schools = TestData.AnnuaireSchools().Select(s => s with { Types = SchoolScope.Types(s.Types) }).ToList();
        var territories = TerritoryAggregation.Build(referential, schools, [], []);
        var index = new SuggestionIndex(new SchoolIndex(schools, "v1"), territories);
        return (schools, referential, territories, index);
    });

    public static List<School> Schools => Built.Value.Schools;

    public static CommuneReferential Referential => Built.Value.Referential;

    public static List<Territory> Territories => Built.Value.Territories;

    public static SuggestionIndex Index => Built.Value.Index;
}
