using ECarto.Establishments;
using ECarto.Search;
using ECarto.Sources;
using ECarto.Territories;

namespace ECarto.Tests.Search;

/// <summary>
/// The suggestions over a small hand-made set of territories and schools, where each case is chosen to tell two
/// rankings or two labels apart. Built for each test, not shared: Stryker credits code run once for a whole class
/// (a static corpus) to its first test only, which hid the faults of the index's construction from the others
/// (<see cref="SuggestionIndexTests"/> covers the real sample).
/// </summary>
public class SmallSuggestionIndexTests
{
    private static readonly SourceAttribution Annuaire = SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26");

    private static readonly TerritoryRef France = new(TerritoryLevel.France, TerritoryLevel.FranceCode, "France");
    private static readonly TerritoryRef Occitanie = new(TerritoryLevel.Region, "76", "Occitanie");
    private static readonly TerritoryRef AcademieToulouse = new(TerritoryLevel.Academie, "16", "Toulouse");
    private static readonly TerritoryRef AcademieMontpellier = new(TerritoryLevel.Academie, "11", "Montpellier");
    private static readonly TerritoryRef HauteGaronne = new(TerritoryLevel.Departement, "31", "Haute-Garonne");
    private static readonly TerritoryRef Aude = new(TerritoryLevel.Departement, "11", "Aude");

    private static Territory Territory(TerritoryRef self, int? population = null, params TerritoryRef[] parents) => new()
    {
        Level = self.Level, Code = self.Code, Name = self.Name, Population = population, Parents = parents,
    };

    private static Territory Commune(string code, string name, int? population, TerritoryRef? departement) => new()
    {
        Level = TerritoryLevel.Commune, Code = code, Name = name, Population = population,
        // Parents nearest first: the académie comes after the département, so « the first parent » is not enough.
        Parents = departement is null ? [] : [departement, departement == Aude ? AcademieMontpellier : AcademieToulouse, Occitanie, France],
    };

    private static School School(string uai, string name, string commune, string communeName, string? postalCode, params string[] sitePostalCodes) => new()
    {
        Uai = uai, Name = name, Types = ["Collège"], Sector = "Public", CommuneCode = commune, CommuneName = communeName, PostalCode = postalCode,
        DepartementCode = commune[..2], Source = Annuaire,
        Sites = sitePostalCodes.Select(p => new SchoolSite(name, "Collège", null, p, commune, communeName, null, null)).ToList(),
    };

    private static SuggestionIndex Build(params Territory[] extraCommunes)
    {
        List<Territory> territories =
        [
            Territory(new TerritoryRef(TerritoryLevel.France, TerritoryLevel.FranceCode, "France"), 68_000_000),
            Territory(Occitanie, 6_000_000, France),
            Territory(AcademieToulouse, 3_000_000, Occitanie, France),
            Territory(AcademieMontpellier, 2_800_000, Occitanie, France),
            Territory(HauteGaronne, 1_400_000, AcademieToulouse, Occitanie, France),
            Territory(Aude, 370_000, AcademieMontpellier, Occitanie, France),
            Commune("31555", "Toulouse", 500_000, HauteGaronne),
            Commune("31069", "Blagnac", 25_000, HauteGaronne),
            Commune("11069", "Carcassonne", 46_000, Aude),
            .. extraCommunes,
        ];
        var schools = new[]
        {
            // Toulouse's postal codes come from two schools, one of them with a second site elsewhere in the commune.
            School("0310001A", "Lycée Pierre de Fermat", "31555", "Toulouse", "31300", "31400"),
            School("0310002B", "Collège Jean Jaurès", "31555", "Toulouse", "31000"),
            // An empty postal code is not a postal code.
            School("0310003C", "Collège des Ailes", "31069", "Blagnac", ""),
        };
        return new SuggestionIndex(new SchoolIndex(schools, "v1"), territories);
    }

    private static SuggestionGroup Group(SuggestionIndex index, string query, string niveau, int limit = 10) =>
        index.Suggest(query, limit).Single(g => g.Niveau == niveau);

    private static List<string> Codes(SuggestionIndex index, string query, string niveau, int limit = 10) =>
        Group(index, query, niveau, limit).Items.Select(i => i.Code).ToList();

    [Fact]
    public void The_groups_have_french_labels_in_the_order_of_the_box()
    {
        var groups = Build().Suggest("toulouse", 5);
        Assert.Equal(["Communes", "Départements", "Académies", "Régions", "Établissements"], groups.Select(g => g.Label));
        Assert.Equal(SuggestionIndex.Groups.Select(g => g.Label), groups.Select(g => g.Label));
    }

    [Fact]
    public void France_is_not_suggested_only_communes_departements_academies_and_regions_are()
    {
        var index = Build();
        Assert.Equal(8, index.TerritoryCount);
        Assert.All(index.Suggest("france", 10).Take(4), g => Assert.Empty(g.Items));
    }

    [Fact]
    public void Each_level_has_its_label_detail_url_and_postal_codes()
    {
        var index = Build();
        var commune = Group(index, "toulouse", "commune").Items.Single();
        Assert.Equal(("31555", "Toulouse", "Haute-Garonne (31)", "/territoire/commune/31555"), (commune.Code, commune.Label, commune.Detail, commune.Url));
        Assert.Equal(500_000, commune.Population);
        // From the schools' addresses and sites, sorted, without the empty one.
        Assert.Equal(["31000", "31300", "31400"], commune.PostalCodes!);

        var academie = Group(index, "toulouse", "academie").Items.Single();
        Assert.Equal(("16", "Académie de Toulouse", null, "/territoire/academie/16"), (academie.Code, academie.Label, academie.Detail, academie.Url));
        Assert.Null(academie.PostalCodes);

        var departement = Group(index, "haute garonne", "departement").Items.Single();
        Assert.Equal(("31", "Haute-Garonne", "31", "/territoire/departement/31"), (departement.Code, departement.Label, departement.Detail, departement.Url));
        Assert.Null(departement.PostalCodes);

        var region = Group(index, "occitanie", "region").Items.Single();
        Assert.Equal(("76", "Occitanie", null, "/territoire/region/76"), (region.Code, region.Label, region.Detail, region.Url));
    }

    [Fact]
    public void A_commune_without_schools_has_no_postal_codes_and_one_without_departement_shows_its_code()
    {
        var index = Build(Commune("99001", "Sans-Parent", 10, null));
        var orphan = Group(index, "sans parent", "commune").Items.Single();
        Assert.Equal("99001", orphan.Detail);
        Assert.NotNull(orphan.PostalCodes);
        Assert.Empty(orphan.PostalCodes);
        // Blagnac's one school has an empty postal code.
        Assert.Empty(Group(index, "blagnac", "commune").Items.Single().PostalCodes!);
    }

    [Theory]
    [InlineData("31400", "commune", "31555")] // a site's postal code
    [InlineData("31000", "commune", "31555")] // a school's postal code
    [InlineData("departement aude", "departement", "11")]
    [InlineData("academie montpellier", "academie", "11")]
    [InlineData("region occitanie", "region", "76")]
    public void A_territory_is_found_by_its_other_words(string query, string niveau, string code) =>
        Assert.Equal([code], Codes(Build(), query, niveau));

    [Fact]
    public void A_communes_departement_code_is_one_of_its_words()
    {
        // « 31 » is only the beginning of the larger commune's code, but the whole code of the other's département.
        var index = Build(Commune("31100", "Saint-Paul", 10, HauteGaronne), Commune("31999", "Saint-Paul", 90_000, Aude));
        Assert.Equal(["31100", "31999"], Codes(index, "31 saint paul", "commune"));
    }

    [Fact]
    public void An_exact_code_comes_before_a_larger_territory_with_the_same_word()
    {
        // Query « 31069 »: Blagnac's INSEE code, and the postal code of a school of larger Saint-Jean.
        var index = new SuggestionIndex(new SchoolIndex([School("0310009K", "École du Centre", "31488", "Saint-Jean", "31069")], "v1"),
            [Commune("31069", "Blagnac", 25_000, HauteGaronne), Commune("31488", "Saint-Jean", 900_000, HauteGaronne)]);
        Assert.Equal(["31069", "31488"], Codes(index, "31069", "commune"));
    }

    [Fact]
    public void Equal_matches_come_larger_first_then_by_name_then_by_code()
    {
        var index = Build(
            Commune("31100", "Saint-Paul", null, HauteGaronne),
            Commune("11100", "Saint-Paul", null, Aude),
            Commune("31200", "Saint-Jean", null, HauteGaronne),
            Commune("31300", "Saint-Yves", 2_000, HauteGaronne));
        Assert.Equal(["31300", "31200", "11100", "31100"], Codes(index, "saint", "commune"));
    }

    [Fact]
    public void A_match_with_a_typo_comes_after_the_exact_ones_and_counts_in_the_total()
    {
        // « lyon » is typed as is; « Lion », one letter away, is far larger but comes after.
        var index = Build(Commune("31700", "Lion", 900_000, HauteGaronne), Commune("31800", "Lyon", 10, HauteGaronne));
        var group = Group(index, "lyon", "commune");
        Assert.Equal(["31800", "31700"], group.Items.Select(i => i.Code));
        Assert.Equal(2, group.Total);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" - ")]
    public void A_query_without_words_suggests_no_school(string query)
    {
        var schools = Group(Build(), query, SuggestionIndex.Etablissement);
        Assert.Equal(0, schools.Total);
        Assert.Empty(schools.Items);
    }

    [Fact]
    public void A_uai_suggests_its_school_with_its_commune()
    {
        var school = Group(Build(), "0310002b", SuggestionIndex.Etablissement).Items[0];
        Assert.Equal(("0310002B", "Collège Jean Jaurès", "Toulouse", "/etablissement/0310002B"), (school.Code, school.Label, school.Detail, school.Url));
        Assert.Equal(("31555", "Toulouse"), (school.CommuneCode, school.CommuneName));
        Assert.Equal(["Collège"], school.Types!);
    }
}
