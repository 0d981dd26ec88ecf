using ECarto.Establishments;
using ECarto.Search;
using ECarto.Text;
using ECarto.Sources;
using ECarto.Sources.Annuaire;

namespace ECarto.Tests.Search;

/// <summary>The search index over the real annuaire (built in memory, no storage involved).</summary>
public class SchoolIndexTests
{
    // Types as the composition gives them (« École », « non renseigné » for a line without a type).
    private static readonly Lazy<SchoolIndex> Index = new(() =>
        new SchoolIndex(TestData.AnnuaireSchools().Select(s => s with { Types = SchoolScope.Types(s.Types) }), "v1"));

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

    [Fact]
    public void The_default_listing_holds_only_the_observatorys_schools()
    {
        var (header, rows) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        string[] schoolTypes = ["Ecole", "Collège", "Lycée", "EREA"];
        var schools = rows.Where(r => schoolTypes.Contains(r[Col("Type_etablissement")])).Select(r => r[Col("Identifiant_de_l_etablissement")]).ToHashSet();

        var page = Index.Value.Search("", null, 1, 100);
        Assert.Equal(schools.Count, page.Total);
        Assert.All(page.Results, r => Assert.Contains(r.Uai, schools));
        // What the home page used to open on: a médico-social establishment and a line with no type.
        Assert.DoesNotContain(Index.Value.Search("", null, 1, 100).Results, r => r.Name.StartsWith("A.C.E.E.M.M", StringComparison.Ordinal) || r.Name.StartsWith("A COMPLETER", StringComparison.Ordinal));
    }

    [Fact]
    public void Other_entries_are_reached_by_an_explicit_type_and_by_their_uai()
    {
        var (header, rows) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        var cios = rows.Where(r => r[Col("Type_etablissement")] == "Information et orientation").Select(r => r[Col("Identifiant_de_l_etablissement")]).ToHashSet();
        var untyped = rows.Where(r => r[Col("Type_etablissement")].Length == 0).Select(r => r[Col("Identifiant_de_l_etablissement")]).ToHashSet();

        Assert.DoesNotContain(Index.Value.Search("cio", null, 1, 100).Results, r => cios.Contains(r.Uai));
        Assert.Equal(cios.Count, Index.Value.Search("", "information-et-orientation", 1, 100).Total);
        Assert.Equal(untyped.Count, Index.Value.Search("", "non-renseigne", 1, 100).Total);
        var cio = cios.First();
        Assert.Equal(cio, Index.Value.Search(cio, null, 1, 20).Results.Single().Uai);

        var observatory = Index.Value.Types.Where(t => t.Observatory).Select(t => t.Slug).ToList();
        Assert.Equal(["college", "ecole", "erea", "lycee"], observatory.Order());
        Assert.Contains(Index.Value.Types, t => t.Slug == "non-renseigne" && !t.Observatory);
        Assert.Equal("École", Index.Value.Types.Single(t => t.Slug == "ecole").Label);
    }

    [Fact]
    public void An_establishment_due_to_close_is_listed_as_such_and_a_closed_one_only_on_demand()
    {
        // The sample annuaire lists only open establishments: two of its real lines are given the states of
        // older vintages (« A FERMER », « FERME »), everything else unchanged.
        var schools = TestData.AnnuaireSchools();
        var closing = schools.First(s => s.Types.SequenceEqual(["Ecole"]));
        var closed = schools.First(s => s.Types.SequenceEqual(["Collège"]));
        var index = new SchoolIndex(schools.Select(s =>
            s.Uai == closing.Uai ? s with { State = "A FERMER" } : s.Uai == closed.Uai ? s with { State = "FERME" } : s), "v1");

        var listed = index.Search(closing.Name, null, 1, 100).Results.Single(r => r.Uai == closing.Uai);
        Assert.Equal("fermeture-prevue", listed.State);
        Assert.Equal("fermeture prévue", listed.StateLabel);
        Assert.Equal(closing.Uai, index.Search("", null, 1, 100, "fermeture-prevue").Results.Single().Uai);

        Assert.DoesNotContain(index.Search(closed.Name, null, 1, 100).Results, r => r.Uai == closed.Uai);
        Assert.DoesNotContain(index.Search(closed.Name, "college", 1, 100).Results, r => r.Uai == closed.Uai);
        var onDemand = index.Search("", null, 1, 100, "ferme").Results.Single();
        Assert.Equal((closed.Uai, "fermé"), (onDemand.Uai, onDemand.StateLabel));
        Assert.Equal(["ouvert", "fermeture-prevue", "ferme"], index.States.Select(s => s.Slug));
    }

    [Fact]
    public async Task A_real_a_fermer_line_is_shown_as_fermeture_prevue_listed_and_counted()
    {
        // The 2026 annuaire of Bourgogne-Franche-Comté (real lines, Sources/Vintages): 0700585F is « A FERMER ».
        var merged = new AnnuaireSchools(SourceAttribution.For(SourceCatalog.Annuaire, "2026-05-27"));
        await using var stream = File.OpenRead(Sources.VintageReaderTests.Vintage("annuaire_2026-05_bourgogne-franche-comte_tableur.csv"));
        using var reader = await SourceText.OpenAsync(stream);
        await foreach (var row in AnnuaireReader.ReadAsync(reader)) if (row.Value is { } line) merged.Add(row.Line, line);
        var schools = merged.Schools().Select(s => s with { Types = SchoolScope.Types(s.Types) }).ToList();
        var closing = schools.Single(s => s.Uai == "0700585F");
        Assert.Equal("A FERMER", closing.State);
        Assert.True(SchoolScope.IsCounted(closing));

        var index = new SchoolIndex(schools, "v1");
        var listed = index.Search("", null, 1, 100).Results.Single(r => r.Uai == "0700585F");
        Assert.Equal(("fermeture-prevue", "fermeture prévue"), (listed.State, listed.StateLabel));
        Assert.Contains(index.States, o => o.Slug == "fermeture-prevue" && o.Label == "fermeture prévue" && o.Count == 1);
    }

    [Fact]
    public void A_word_of_the_name_ranks_before_the_same_word_as_the_commune()
    {
        // « toulouse » matches a few names (Belbèze les Toulouse, Toulouse-Lautrec…) and hundreds of schools of
        // the commune: the names compete with the communes, and win, whatever the alphabet says.
        var page = Index.Value.Search("toulouse", null, 1, 20);
        bool InName(SchoolSummary s) => SearchText.Words(s.Name).Contains("toulouse");
        var named = page.Results.TakeWhile(InName).Count();
        Assert.True(named >= 2, $"{named} noms en tête : {string.Join(" ; ", page.Results.Take(5).Select(r => r.Name))}");
        Assert.Contains(page.Results, r => !InName(r) && r.CommuneName == "Toulouse");
        Assert.DoesNotContain(page.Results.Skip(named), InName);
    }
}
