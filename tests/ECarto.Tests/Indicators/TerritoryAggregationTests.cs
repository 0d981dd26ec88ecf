using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;
using ECarto.Sources.Inventaire;
using ECarto.Territories;

namespace ECarto.Tests.Indicators;

/// <summary>
/// Every aggregation rule on a small hand-made territory, with expectations computed by hand: two
/// communes of Haute-Garonne (académie de Toulouse) and one of Aude (académie de Montpellier), all in Occitanie.
/// </summary>
public class TerritoryAggregationTests
{
    private static readonly SourceAttribution Annuaire = SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26");

    private static School School(string uai, string commune, string[] types, string sector, InventaireRecord? inventory = null,
        int? pupils = null, int? sites4G = null, double? ips = null, string? state = null, string? priority = null) => new()
    {
        Uai = uai, Name = uai, Types = types, Sector = sector, CommuneCode = commune, DepartementCode = commune[..2],
        Inventory = inventory, Pupils = pupils, Ips = ips, State = state, PriorityEducation = priority,
        Mobile = sites4G is { } n ? new MobileSitesNearby(2_000, n, n, n > 0 ? ["Orange"] : [], [], "2018-01") : null,
        Sites = [], Source = Annuaire,
    };

    private static InventaireRecord Inventory(string uai, bool demonstration, int? pupils = null, int? devices = null, int? mobile = null,
        string? wifi = null, string? band = null, int? printers = null, bool? ent = null, bool? efran = null) => new()
    {
        Uai = uai, ObservationDate = new DateOnly(2025, 1, 15), Source = "test", IsDemonstration = demonstration,
        Pupils = pupils, Devices = devices, MobileDevices = mobile, Wifi = wifi, BandwidthBand = band, Printers3D = printers, HasEnt = ent, EFran = efran,
    };

    private static readonly CommuneReferential Referential = new(
        [
            new CogCommune { Code = "31001", Name = "Une", Kind = CommuneKind.Current, DepartementCode = "31", RegionCode = "76" },
            new CogCommune { Code = "31002", Name = "Deux", Kind = CommuneKind.Current, DepartementCode = "31", RegionCode = "76" },
            new CogCommune { Code = "11001", Name = "Trois", Kind = CommuneKind.Current, DepartementCode = "11", RegionCode = "76" },
        ],
        [new CogDepartement("31", "Haute-Garonne", "76", null), new CogDepartement("11", "Aude", "76", null)],
        [new CogRegion("76", "Occitanie", null)],
        [
            new DepartementAcademie { DepartementCode = "31", AcademieCode = "16", AcademieName = "Toulouse", RegionCode = "76" },
            new DepartementAcademie { DepartementCode = "11", AcademieCode = "11", AcademieName = "Montpellier", RegionCode = "76" },
        ]);

    private static BroadbandEligibility Eligibility(string commune, int premises, int e8, int e30, int e100, int e1g) => new()
    {
        CommuneCode = commune, Premises = premises, Scope = "all",
        EligibleAtLeast8Mbps = e8, EligibleAtLeast30Mbps = e30, EligibleAtLeast100Mbps = e100, EligibleAtLeast1Gbps = e1g,
    };

    // Built for each test, not once per class: Stryker credits code run by a static initializer to the first test
    // only, so the territory sums would be tried against that one test (the mutation tests' false survivors).
    private readonly List<Territory> _territories = TerritoryAggregation.Build(Referential,
        [
            // A: a real inventory. B: a demonstration one, no pupils. C: a cité scolaire, no inventory.
            School("0310001A", "31001", ["École"], "Public", Inventory("0310001A", false, 100, 10, 4, WifiCoverage.Partial, BandwidthBands.From10To100, 1, true, true), pupils: 100, sites4G: 2, priority: "REP"),
            School("0310002B", "31001", ["Collège"], "Privé", Inventory("0310002B", true, null, 20, 5, null, null, 0, false, false), ips: 95),
            School("0310003C", "31002", ["Collège", "Lycée"], "Public", pupils: 500, sites4G: 0),
            // Never counted: an administrative service, a closed école.
            School("0310004D", "31002", ["Service Administratif"], "Public", Inventory("0310004D", false, 1000, 1)),
            School("0110005E", "11001", ["École"], "Public", Inventory("0110005E", false, 1000, 1), state: "FERME"),
            School("0110006F", "11001", ["École"], "Public", Inventory("0110006F", false, 50, 25, null, WifiCoverage.AllRooms, BandwidthBands.Below2), pupils: 50),
        ],
        [Eligibility("31001", 100, 90, 80, 50, 40), Eligibility("31002", 50, 50, 10, 0, 0), Eligibility("11001", 200, 100, 100, 100, 20)],
        [new FtthCommune { CommuneCode = "31001", Quarter = "T1 2018", FtthPremises = 30, Quarters = [] }]);

    private Territory Get(string level, string code) => _territories.Single(t => t.Level == level && t.Code == code);

    private IndicatorAggregate Indicator(string level, string code, string id) => Get(level, code).Indicators.Single(i => i.Id == id);

    [Fact]
    public void Every_territory_carries_every_indicator_of_the_catalogue_in_its_order()
    {
        Assert.All(_territories, t => Assert.Equal(IndicatorCatalogue.All.Select(i => i.Id), t.Indicators.Select(i => i.Id)));
        Assert.Equal(IndicatorCatalogue.All.Count, IndicatorCatalogue.All.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public void Only_open_schools_of_the_observatory_are_counted()
    {
        Assert.Equal(3, Get(TerritoryLevel.Departement, "31").Schools);
        Assert.Equal(1, Get(TerritoryLevel.Departement, "11").Schools);
        Assert.Equal(4, Get(TerritoryLevel.France, "FR").Schools);
        Assert.Equal(4, Indicator(TerritoryLevel.France, "FR", "terminaux").All.Schools);
    }

    [Fact]
    public void A_sum_counts_known_values_and_says_how_many_are_nc_and_demonstration()
    {
        var terminals = Indicator(TerritoryLevel.Departement, "31", "terminaux").All;
        Assert.Equal(30, terminals.Value);
        Assert.Equal(2, terminals.Known);
        Assert.Equal(1, terminals.NotCommunicated);
        Assert.Equal(1, terminals.Demonstration);
        Assert.True(terminals.IsDemonstration);
        Assert.Equal(55, Indicator(TerritoryLevel.France, "FR", "terminaux").All.Value);
        // Pupils come from the annuaire or the effectifs file: never a demonstration.
        var pupils = Indicator(TerritoryLevel.Departement, "31", "eleves").All;
        Assert.Equal(600, pupils.Value);
        Assert.False(pupils.IsDemonstration);
        // A commune of real inventories only is not flagged.
        Assert.False(Indicator(TerritoryLevel.Departement, "11", "terminaux").All.IsDemonstration);
    }

    [Fact]
    public void A_ratio_is_the_sum_of_numerators_over_the_sum_of_denominators_where_both_are_known()
    {
        var dep = Indicator(TerritoryLevel.Departement, "31", "eleves-par-terminal").All;
        Assert.Equal(10.0, dep.Value);
        Assert.Equal(1, dep.Known);
        Assert.Equal(2, dep.NotCommunicated);
        Assert.False(dep.IsDemonstration); // B's terminals are not counted: its pupils are unknown
        var france = Indicator(TerritoryLevel.France, "FR", "eleves-par-terminal").All;
        Assert.Equal(150.0 / 35, france.Value!.Value, 10);
        Assert.Equal(150, france.Numerator);
        Assert.Equal(35, france.Denominator);
    }

    [Fact]
    public void A_share_is_over_the_known_values_and_a_count_counts_yes()
    {
        var printers = Indicator(TerritoryLevel.Departement, "31", "imprimante-3d").All;
        Assert.Equal(50.0, printers.Value);
        Assert.Equal((1, 2), (printers.Numerator, printers.Denominator));
        var mobile = Indicator(TerritoryLevel.Departement, "31", "reseau-4g").All;
        Assert.Equal(50.0, mobile.Value);
        Assert.Equal(1, mobile.NotCommunicated);
        var efran = Indicator(TerritoryLevel.Departement, "31", "efran").All;
        Assert.Equal(1, efran.Value);
        Assert.Equal(2, efran.Known);
        Assert.Equal(0, Indicator(TerritoryLevel.Departement, "11", "efran").All.Value);
    }

    [Fact]
    public void Bands_count_the_schools_in_each_band_and_leave_nc_out()
    {
        var wifi = Indicator(TerritoryLevel.Departement, "31", "wifi").All;
        Assert.Equal(new Dictionary<string, int> { ["aucun"] = 0, ["partiel"] = 1, ["toutes_salles"] = 0 }, wifi.Bands);
        Assert.Equal(2, wifi.NotCommunicated);
        var band = Indicator(TerritoryLevel.France, "FR", "debit-mesure").All;
        Assert.Equal(1, band.Bands!["10_a_100"]);
        Assert.Equal(1, band.Bands["moins_de_2"]);
        Assert.Equal(2, band.Known);
        var priority = Indicator(TerritoryLevel.Departement, "31", "education-prioritaire").All;
        Assert.Equal(new Dictionary<string, int> { ["REP+"] = 0, ["REP"] = 1, ["hors"] = 2 }, priority.Bands);
    }

    [Fact]
    public void An_indicator_about_colleges_counts_only_colleges_and_a_mean_is_over_known_values()
    {
        var ips = Indicator(TerritoryLevel.Departement, "31", "ips").All;
        Assert.Equal(2, ips.Schools); // B and the cité scolaire C
        Assert.Equal(95, ips.Value);
        Assert.Equal(1, ips.NotCommunicated);
        Assert.Null(Indicator(TerritoryLevel.Departement, "31", "ips").ByType!.GetValueOrDefault("ecole"));
    }

    [Fact]
    public void Breakdowns_by_type_count_a_cite_scolaire_in_each_of_its_types_and_by_sector()
    {
        var terminals = Indicator(TerritoryLevel.Departement, "31", "terminaux");
        Assert.Equal(["college", "ecole", "lycee"], terminals.ByType!.Keys.Order());
        Assert.Equal(10, terminals.ByType["ecole"].Value);
        Assert.Equal((2, 1, 20.0), (terminals.ByType["college"].Schools, terminals.ByType["college"].Known, terminals.ByType["college"].Value!.Value));
        Assert.Equal((1, 0), (terminals.ByType["lycee"].Schools, terminals.ByType["lycee"].Known));
        Assert.Null(terminals.ByType["lycee"].Value);
        Assert.Equal(10, terminals.BySector!["public"].Value);
        Assert.Equal(1, terminals.BySector["public"].NotCommunicated);
        Assert.Equal(20, terminals.BySector["prive"].Value);
        Assert.Equal(1, terminals.BySector["prive"].Demonstration);
    }

    [Fact]
    public void Commune_figures_aggregate_exactly_from_premises_and_are_not_broken_down()
    {
        var dep = Indicator(TerritoryLevel.Departement, "31", "arcep-eligibles-30");
        Assert.Equal(100.0 * 90 / 150, dep.All.Value!.Value, 10);
        Assert.Equal((90, 150), (dep.All.Numerator, dep.All.Denominator));
        Assert.Null(dep.ByType);
        Assert.Equal(100.0 * 190 / 350, Indicator(TerritoryLevel.France, "FR", "arcep-eligibles-30").All.Value!.Value, 10);
        Assert.Equal(100.0 * 60 / 350, Indicator(TerritoryLevel.France, "FR", "arcep-eligibles-1g").All.Value!.Value, 10);
        // FttH comes from another file: over the premises of the communes that have both figures only.
        var ftth = Indicator(TerritoryLevel.France, "FR", "arcep-ftth").All;
        Assert.Equal(30.0, ftth.Value);
        Assert.Equal(2, ftth.Known); // A and B, in 31001
        Assert.Equal(2, ftth.NotCommunicated); // C and F
        Assert.Equal(0, Indicator(TerritoryLevel.France, "FR", "arcep-eligibles-8").All.NotCommunicated);
    }

    [Fact]
    public void Coverage_says_per_source_which_types_and_how_many_schools()
    {
        var coverage = Get(TerritoryLevel.Departement, "31").Coverage.ToDictionary(c => c.SourceId);
        Assert.Equal(["annuaire", "arcep-mobile", "inventaire", "ips"], coverage.Keys.Order());
        Assert.Equal(3, coverage["annuaire"].Schools);
        Assert.Equal(new Dictionary<string, int> { ["Collège"] = 2, ["Lycée"] = 1, ["École"] = 1 }, coverage["annuaire"].ByType);
        Assert.Equal((2, 1), (coverage["inventaire"].Schools, coverage["inventaire"].Demonstration));
        Assert.Equal(2, coverage["arcep-mobile"].Schools);
        Assert.Equal(new Dictionary<string, int> { ["Collège"] = 1 }, coverage["ips"].ByType);
        Assert.Equal(3, Get(TerritoryLevel.France, "FR").Coverage.Single(c => c.SourceId == "inventaire").Schools);
    }

    [Fact]
    public void Parents_follow_the_referential_commune_departement_academie_region_france()
    {
        Assert.Equal(["departement:31", "academie:16", "region:76", "france:FR"], Get(TerritoryLevel.Commune, "31001").Parents.Select(p => $"{p.Level}:{p.Code}"));
        Assert.Equal(["academie:11", "region:76", "france:FR"], Get(TerritoryLevel.Departement, "11").Parents.Select(p => $"{p.Level}:{p.Code}"));
        Assert.Equal(["region:76", "france:FR"], Get(TerritoryLevel.Academie, "16").Parents.Select(p => $"{p.Level}:{p.Code}"));
        Assert.Equal("Toulouse", Get(TerritoryLevel.Commune, "31001").Parents[1].Name);
        Assert.Empty(Get(TerritoryLevel.France, "FR").Parents);
        Assert.Equal(3, Get(TerritoryLevel.Academie, "16").Schools);
    }
}
