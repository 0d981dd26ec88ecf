using ECarto.Search;
using ECarto.Territories;

namespace ECarto.Tests.Search;

/// <summary>The suggestions over the real sample's territories (real COG) and schools (real annuaire).</summary>
public class SuggestionIndexTests
{
    private static SuggestionGroup Group(string query, string niveau, int limit = 5) =>
        SearchCorpus.Index.Suggest(query, limit).Single(g => g.Niveau == niveau);

    private static string? First(string query, string niveau) => Group(query, niveau).Items.FirstOrDefault()?.Code;

    [Fact]
    public void Groups_come_in_a_fixed_order_with_labels_urls_and_totals()
    {
        var groups = SearchCorpus.Index.Suggest("montpellier", 5);
        Assert.Equal(["commune", "departement", "academie", "region", "etablissement"], groups.Select(g => g.Niveau));
        var commune = groups[0].Items[0];
        Assert.Equal(("34172", "Montpellier", "/territoire/commune/34172"), (commune.Code, commune.Label, commune.Url));
        Assert.Equal("Hérault (34)", commune.Detail);
        Assert.Contains("34000", commune.PostalCodes!);
        Assert.True(commune.Population > 250_000);
        var academie = groups[2].Items.Single();
        Assert.Equal(("11", "Académie de Montpellier", "/territoire/academie/11"), (academie.Code, academie.Label, academie.Url));
        var school = groups[4].Items[0];
        Assert.Equal($"/etablissement/{school.Code}", school.Url);
        Assert.Equal("Montpellier", school.CommuneName);
        Assert.True(groups[4].Total > 5 && groups[4].Items.Count == 5);
    }

    [Theory]
    [InlineData("siomne veil", "Simone Veil")]
    [InlineData("college simone veill", "Simone Veil")]
    [InlineData("Clg Pierre de Fermat", "Fermat")]
    [InlineData("lycee pierre de fermta", "Fermat")]
    public void Schools_are_found_through_typos_and_abbreviations(string query, string inName)
    {
        var items = Group(query, "etablissement").Items;
        Assert.NotEmpty(items);
        Assert.Contains(inName, items[0].Label, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("montpelier", "commune", "34172")]
    [InlineData("Montpellier", "commune", "34172")]
    [InlineData("toulouse", "commune", "31555")]
    [InlineData("tolouse", "commune", "31555")]
    [InlineData("paris", "commune", "75056")]
    [InlineData("31", "departement", "31")]
    [InlineData("2A", "departement", "2A")]
    [InlineData("haute garonne", "departement", "31")]
    [InlineData("Haute-Garonne", "departement", "31")]
    [InlineData("hte garonne", "departement", "31")]
    [InlineData("academie de montpellier", "academie", "11")]
    [InlineData("Montpellier", "academie", "11")]
    [InlineData("occitanie", "region", "76")]
    [InlineData("31555", "commune", "31555")]
    [InlineData("31000", "commune", "31555")]
    [InlineData("l'union", "commune", "31561")]
    [InlineData("l union", "commune", "31561")]
    [InlineData("lunion", "commune", "31561")]
    [InlineData("st orens de gameville", "commune", "31506")]
    public void Territories_are_found_by_name_code_and_forms(string query, string niveau, string code) =>
        Assert.Equal(code, First(query, niveau));

    [Fact]
    public void Larger_territories_come_before_small_homonyms()
    {
        // Four communes are named Saint-Denis: La Réunion's, Seine-Saint-Denis', then two villages.
        var homonyms = Group("saint denis", "commune", 20).Items.Where(i => i.Label == "Saint-Denis").Select(i => i.Code).ToList();
        Assert.Equal(["97411", "93066", "11339", "30247"], homonyms);
        // An exact name before longer names, however large (« Saint-Orens » before « Saint-Orens-de-Gameville »).
        Assert.Equal(["32399", "31506"], Group("saint-orens", "commune").Items.Select(i => i.Code).Take(2));
    }

    [Fact]
    public void An_exact_uai_comes_first_whatever_its_type()
    {
        var cio = SearchCorpus.Schools.First(s => s.Types.Contains("Information et orientation"));
        Assert.Equal(cio.Uai, First(cio.Uai.ToLowerInvariant(), "etablissement"));
    }

    [Fact]
    public void Schools_of_the_chosen_territory_come_first_among_equal_matches()
    {
        var anywhere = Group("ecole maternelle jean moulin", "etablissement", 20);
        var communes = SearchCorpus.Territories.Where(t => t.Level == TerritoryLevel.Commune && t.Parents.Any(p => p.Level == TerritoryLevel.Departement && p.Code == "11"))
            .Select(t => t.Code).ToHashSet();
        Assert.Contains(anywhere.Items, i => !communes.Contains(i.CommuneCode!));
        var preferred = SearchCorpus.Index.Suggest("ecole maternelle jean moulin", 20, communes).Single(g => g.Niveau == "etablissement");
        Assert.True(communes.Contains(preferred.Items[0].CommuneCode!), preferred.Items[0].Label);
        Assert.Equal(anywhere.Total, preferred.Total);
    }

    [Fact]
    public void Typos_only_widen_a_search_that_finds_nothing_as_typed()
    {
        // « simon » is a real word (a prefix of « simone »): no typo result mixed in.
        var items = Group("simon", "etablissement", 20).Items;
        Assert.All(items, i => Assert.Contains("simon", ECarto.Text.FrenchText.Fold(i.Label + " " + i.CommuneName)));
        Assert.Empty(Group("", "commune").Items);
        Assert.Empty(Group("zzzzzzzz", "etablissement").Items);
    }
}
