using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Sources;
using ECarto.Sources.Cog;
using ECarto.Sources.Colleges;
using ECarto.Sources.Inventaire;
using ECarto.Territories;

namespace ECarto.Tests.Indicators;

/// <summary>
/// The lycée général et technologique / lycée professionnel breakdown, the N.C. share and the comparison
/// basis, on a small hand-made France with expectations computed by hand: Haute-Garonne described by the
/// annuaire (every type), Paris known only from the national collèges file (collèges only).
/// </summary>
public class LyceeGroupsAndComparisonTests
{
    private static readonly SourceAttribution Annuaire = SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26");
    private static readonly SourceAttribution Colleges = SourceAttribution.For(CollegesSource.Definition, "2024-11");

    private static School School(string uai, string commune, string type, int? devices, LyceeVoies? voies = null, string? nature = null,
        SourceAttribution? source = null, double? ips = null, string? access = null) => new()
    {
        Uai = uai, Name = uai, Types = [type], Sector = "Public", CommuneCode = commune, DepartementCode = commune[..2],
        Voies = voies, NatureCode = nature, Ips = ips, Sites = [], Source = source ?? Annuaire,
        Inventory = devices is null && access is null ? null : new InventaireRecord
        {
            Uai = uai, ObservationDate = new DateOnly(2025, 1, 15), Source = "test", IsDemonstration = false, Devices = devices, AccessType = access,
        },
    };

    private static readonly CommuneReferential Referential = new(
        [
            new CogCommune { Code = "31001", Name = "Une", Kind = CommuneKind.Current, DepartementCode = "31", RegionCode = "76" },
            new CogCommune { Code = "75056", Name = "Paris", Kind = CommuneKind.Current, DepartementCode = "75", RegionCode = "11" },
        ],
        [new CogDepartement("31", "Haute-Garonne", "76", null), new CogDepartement("75", "Paris", "11", null)],
        [new CogRegion("76", "Occitanie", null), new CogRegion("11", "Île-de-France", null)],
        [
            new DepartementAcademie { DepartementCode = "31", AcademieCode = "16", AcademieName = "Toulouse", RegionCode = "76" },
            new DepartementAcademie { DepartementCode = "75", AcademieCode = "01", AcademieName = "Paris", RegionCode = "11" },
        ]);

    // Built for each test, not once per class: Stryker credits code run by a static initializer to the first test
    // only, so the territory sums would be tried against that one test (the mutation tests' false survivors).
    private readonly List<Territory> _territories = TerritoryAggregation.Build(Referential,
        [
            School("0310001A", "31001", "École", 10, access: AccessTypes.Copper),
            School("0310002B", "31001", "Collège", 20, ips: 100, access: AccessTypes.Fibre),
            // A lycée polyvalent (every voie), a lycée professionnel, a lycée général whose voies the file does not
            // give (its nature, 302, says it), a lycée with no voie at all (post-bac only) and no inventory.
            School("0310003C", "31001", "Lycée", 30, new LyceeVoies(true, true, true), access: AccessTypes.Fibre),
            School("0310004D", "31001", "Lycée", 40, new LyceeVoies(false, false, true)),
            School("0310005E", "31001", "Lycée", 50, nature: "302", access: AccessTypes.Satellite),
            School("0310006F", "31001", "Lycée", null, new LyceeVoies(false, false, false), "400"),
            School("0750001G", "75056", "Collège", 60, source: Colleges, ips: 110, access: AccessTypes.Fibre),
        ],
        [], []);

    private Territory Get(string level, string code) => _territories.Single(t => t.Level == level && t.Code == code);

    private IndicatorAggregate Indicator(string level, string code, string id) => Get(level, code).Indicators.Single(i => i.Id == id);

    private static Indicator Catalogue(string id) => IndicatorCatalogue.Find(id)!;

    [Fact]
    public void A_lycee_counts_as_general_and_technological_or_professional_from_its_voies_else_its_nature_a_polyvalent_one_in_both()
    {
        var terminals = Indicator(TerritoryLevel.Departement, "31", "terminaux").ByType!;
        Assert.Equal((4, 120.0), (terminals["lycee"].Schools, terminals["lycee"].Value!.Value));
        Assert.Equal((2, 80.0), (terminals[SchoolScope.LyceeGt].Schools, terminals[SchoolScope.LyceeGt].Value!.Value)); // C and E
        Assert.Equal((2, 70.0), (terminals[SchoolScope.LyceePro].Schools, terminals[SchoolScope.LyceePro].Value!.Value)); // C and D
        Assert.Equal(["college", "ecole", "lycee", "lycee-gt", "lycee-pro"], terminals.Keys.Order());
        Assert.Equal(["0310003C", "0310005E"], Get(TerritoryLevel.Departement, "31").LyceeGroups[SchoolScope.LyceeGt]);
        Assert.Equal(["0310003C", "0310004D"], Get(TerritoryLevel.Departement, "31").LyceeGroups[SchoolScope.LyceePro]);
        Assert.Equal("Lycées professionnels", IndicatorCatalogue.TypeGroupLabel(SchoolScope.LyceePro));
    }

    [Fact]
    public void The_nc_share_is_given_overall_and_per_type()
    {
        var terminals = Indicator(TerritoryLevel.Departement, "31", "terminaux");
        Assert.Equal(100.0 / 6, terminals.All.NotCommunicatedShare!.Value, 10); // F of six schools
        Assert.Equal(25.0, terminals.ByType!["lycee"].NotCommunicatedShare);
        Assert.Equal(0.0, terminals.ByType["ecole"].NotCommunicatedShare);
        var access = Indicator(TerritoryLevel.Departement, "31", "type-acces");
        Assert.Equal(50.0, access.ByType!["lycee"].NotCommunicatedShare); // D and F declare no access type
    }

    [Fact]
    public void Fibre_schools_are_counted_and_access_types_are_in_bands()
    {
        var fibre = Indicator(TerritoryLevel.Departement, "31", "fibre").All;
        Assert.Equal((2.0, 4, 2), (fibre.Value!.Value, fibre.Known, fibre.NotCommunicated)); // B and C of A, B, C, E
        Assert.Equal(3.0, Indicator(TerritoryLevel.France, "FR", "fibre").All.Value);
        var bands = Indicator(TerritoryLevel.Departement, "31", "type-acces").All.Bands!;
        Assert.Equal((2, 1, 1, 0), (bands[AccessTypes.Fibre], bands[AccessTypes.Copper], bands[AccessTypes.Satellite], bands[AccessTypes.Radio]));
    }

    [Fact]
    public void A_territory_knows_which_types_it_lists_in_full()
    {
        Assert.Equal(IndicatorCatalogue.TypeGroups, Get(TerritoryLevel.Departement, "31").CompleteTypes);
        Assert.Equal(IndicatorCatalogue.TypeGroups, Get(TerritoryLevel.Region, "76").CompleteTypes);
        Assert.Equal(["college"], Get(TerritoryLevel.Departement, "75").CompleteTypes);
        Assert.Equal(["college"], Get(TerritoryLevel.France, "FR").CompleteTypes);
    }

    [Fact]
    public void A_comparison_with_a_territory_known_only_for_its_colleges_says_so_and_names_the_breakdown_to_compare()
    {
        var basis = IndicatorComparison.Compare(Catalogue("terminaux"), Get(TerritoryLevel.Departement, "31"), Get(TerritoryLevel.France, "FR"));
        Assert.False(basis.Comparable);
        Assert.Equal(["college"], basis.ComparableTypes);
        Assert.Equal("Pour la France, seuls les collèges sont connus en entier : comparer les collèges (byType.college).", basis.Note);
        // Paris has only collèges, but France's figure mixes in the écoles and lycées of Haute-Garonne.
        Assert.False(IndicatorComparison.Compare(Catalogue("terminaux"), Get(TerritoryLevel.Departement, "75"), Get(TerritoryLevel.France, "FR")).Comparable);
    }

    [Fact]
    public void Figures_over_types_listed_in_full_on_both_sides_compare_like_with_like()
    {
        var region = IndicatorComparison.Compare(Catalogue("terminaux"), Get(TerritoryLevel.Departement, "31"), Get(TerritoryLevel.Region, "76"));
        Assert.True(region.Comparable);
        Assert.Null(region.Note);
        // The IPS is about collèges only, which France lists in full.
        Assert.True(IndicatorComparison.Compare(Catalogue("ips"), Get(TerritoryLevel.Departement, "31"), Get(TerritoryLevel.France, "FR")).Comparable);
        // A commune's figure (Arcep premises) covers the whole country.
        Assert.True(IndicatorComparison.Compare(Catalogue("arcep-eligibles-30"), Get(TerritoryLevel.Departement, "31"), Get(TerritoryLevel.France, "FR")).Comparable);
    }
}
