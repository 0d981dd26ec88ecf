using ECarto.Establishments;
using ECarto.Search;
using ECarto.Sources;
using ECarto.Sources.Annuaire;

namespace ECarto.Tests.Search;

/// <summary>The search index over the real annuaire (built in memory, no storage involved).</summary>
public class SchoolIndexTests
{
    private static readonly Lazy<SchoolIndex> Index = new(() => new SchoolIndex(TestData.AnnuaireSchools(), "v1"));

    [Theory]
    [InlineData("Pierre de Fermat")]
    [InlineData("PIERRE DE FERMAT")]
    [InlineData("pierre-de-fermât")]
    [InlineData("fermat toulouse")]
    public void Finds_by_name_ignoring_case_accents_and_punctuation(string query)
    {
        var page = Index.Value.Search(query, null, 1, 20);
        Assert.Contains(page.Results, r => r.Uai == "0310036W");
        Assert.All(page.Results, r => Assert.Contains("Fermat", r.Name));
    }

    [Fact]
    public void Finds_by_uai_first()
    {
        var page = Index.Value.Search("0310036w", null, 1, 20);
        Assert.Equal("0310036W", page.Results[0].Uai);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public void Finds_by_commune_and_filters_by_type_with_the_total_count_across_pages()
    {
        var (header, rows) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        var albiColleges = rows.Where(r => r[Col("Nom_commune")] == "Albi" && r[Col("Type_etablissement")] == "Collège")
            .Select(r => r[Col("Identifiant_de_l_etablissement")]).ToHashSet();

        var first = Index.Value.Search("albi", "college", 1, 5);
        var all = Enumerable.Range(1, (first.Total + 4) / 5).SelectMany(p => Index.Value.Search("albi", "college", p, 5).Results).ToList();

        Assert.True(first.Total > 5, "the test needs more than one page");
        Assert.Equal(5, first.Results.Count);
        Assert.Equal(first.Total, all.Select(r => r.Uai).Distinct().Count());
        Assert.Subset(all.Select(r => r.Uai).ToHashSet(), albiColleges);
        Assert.All(all, r => Assert.Contains("Collège", r.Types));
        // A word of the commune or the name starts with the query (« Valence-d'Albigeois » does).
        Assert.All(all, r => Assert.Contains(
            ECarto.Text.FrenchText.Fold(r.CommuneName + " " + r.Name).Split(' '),
            word => word.StartsWith("albi", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_cite_scolaire_is_found_under_each_of_its_types_and_by_each_site_name()
    {
        Assert.Contains(Index.Value.Search("Françoise Combes", "lycee", 1, 20).Results, r => r.Uai == "0342266D");
        Assert.Contains(Index.Value.Search("Françoise Combes", "college", 1, 20).Results, r => r.Uai == "0342266D");
        Assert.Contains(Index.Value.Search("Collège Les Castors", null, 1, 20).Results, r => r.Uai == "0460054J");
    }

    [Fact]
    public void Words_match_word_starts_not_the_middle_of_words()
    {
        Assert.DoesNotContain(Index.Value.Search("ermat", null, 1, 50).Results, r => r.Uai == "0310036W");
    }
}
