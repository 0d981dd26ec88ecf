using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;
using ECarto.Sources.Colleges;
using ECarto.Sources.Inventaire;
using ECarto.Territories;

namespace ECarto.Tests.Indicators;

/// <summary>
/// The aggregation rules on their edges, on a second small hand-made territory with expectations computed by
/// hand: values that cannot be divided (no known value, zero terminals, zero premises), a territory without
/// schools, demonstration marks that stay on the inventory's figures, a mean over several collèges, a band code
/// outside the catalogue, and the comparison notes of a région that is only partly listed.
/// Occitanie: Haute-Garonne (31) described by the annuaire, with three communes (the third without schools),
/// and Aude (11) known only from the national collèges file.
/// </summary>
public class AggregationRulesTests
{
    private static readonly SourceAttribution Annuaire = SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26");
    private static readonly SourceAttribution Colleges = SourceAttribution.For(CollegesSource.Definition, "2024-11");

    private static School School(string uai, string commune, string type, string sector, InventaireRecord? inventory = null, int? pupils = null,
        double? ips = null, int? sites4G = null, string? priority = null, SourceAttribution? source = null) => new()
    {
        Uai = uai, Name = uai, Types = [type], Sector = sector, CommuneCode = commune, DepartementCode = commune[..2],
        Inventory = inventory, Pupils = pupils, Ips = ips, PriorityEducation = priority, Sites = [], Source = source ?? Annuaire,
        Mobile = sites4G is { } n ? new MobileSitesNearby(2_000, n, n, n > 0 ? ["Orange"] : [], [], "2018-01") : null,
    };

    private static InventaireRecord Inventory(string uai, bool demonstration, int? pupils = null, int? devices = null, string? wifi = null, bool? efran = null,
        string? access = null, bool? profan = null, bool? collegeLab = null, bool? ent = null) => new()
    {
        Uai = uai, ObservationDate = new DateOnly(2025, 1, 15), Source = "test", IsDemonstration = demonstration,
        Pupils = pupils, Devices = devices, Wifi = wifi, EFran = efran, AccessType = access, ProFan = profan, CollegeLab = collegeLab, HasEnt = ent,
    };

    private static readonly CommuneReferential Referential = new(
        [
            new CogCommune { Code = "31001", Name = "Une", Kind = CommuneKind.Current, DepartementCode = "31", RegionCode = "76" },
            new CogCommune { Code = "31002", Name = "Deux", Kind = CommuneKind.Current, DepartementCode = "31", RegionCode = "76" },
            new CogCommune { Code = "31003", Name = "Trois", Kind = CommuneKind.Current, DepartementCode = "31", RegionCode = "76" },
            new CogCommune { Code = "11001", Name = "Quatre", Kind = CommuneKind.Current, DepartementCode = "11", RegionCode = "76" },
        ],
        [new CogDepartement("31", "Haute-Garonne", "76", null), new CogDepartement("11", "Aude", "76", null)],
        [new CogRegion("76", "Occitanie", null)],
        [
            new DepartementAcademie { DepartementCode = "31", AcademieCode = "16", AcademieName = "Toulouse", RegionCode = "76" },
            new DepartementAcademie { DepartementCode = "11", AcademieCode = "11", AcademieName = "Montpellier", RegionCode = "76" },
        ]);

    // Built for each test, not once per class: Stryker credits code run by a static initializer to the first test
    // only, so the territory sums would be tried against that one test (the mutation tests' false survivors).
    private readonly List<Territory> _territories = TerritoryAggregation.Build(Referential,
        [
            // Une: an école with a demonstration inventory, its own pupils and a 4G site; a public collège with a
            // demonstration inventory and an IPS; a private collège (also of a type the observatory does not
            // count) with an IPS and no inventory.
            School("0310001A", "31001", "École", "Public", Inventory("0310001A", true, 100, 20, efran: true, access: AccessTypes.Fibre, profan: true, ent: true), pupils: 100, sites4G: 3, priority: "Réseau ambition"),
            School("0310002B", "31001", "Collège", "Public", Inventory("0310002B", true, ent: true), ips: 90),
            School("0310003C", "31001", "Collège", "Privé", ips: 120) with { Types = ["Collège", "Autre"] },
            // Deux: an école with a real inventory, 300 pupils and no terminal, its wifi in the first band.
            School("0310004D", "31002", "École", "Public", Inventory("0310004D", false, 300, 0, WifiCoverage.None, efran: false, access: AccessTypes.Copper, profan: false, collegeLab: false, ent: false), pupils: 300),
            // Aude: one collège of the national collèges file.
            School("0110005E", "11001", "Collège", "Public", ips: 99, source: Colleges),
        ],
        [
            new BroadbandEligibility { CommuneCode = "31001", Premises = 100, Scope = "all", EligibleAtLeast8Mbps = 90, EligibleAtLeast30Mbps = 60, EligibleAtLeast100Mbps = 40, EligibleAtLeast1Gbps = 10 },
            new BroadbandEligibility { CommuneCode = "31003", Premises = 0, Scope = "all", EligibleAtLeast8Mbps = 0, EligibleAtLeast30Mbps = 0, EligibleAtLeast100Mbps = 0, EligibleAtLeast1Gbps = 0 },
        ],
        []);

    private Territory Get(string level, string code) => _territories.Single(t => t.Level == level && t.Code == code);

    private IndicatorAggregate Indicator(string level, string code, string id) => Get(level, code).Indicators.Single(i => i.Id == id);

    private Territory Region => Get(TerritoryLevel.Region, "76");

    [Fact]
    public void A_territorys_header_sums_the_schools_and_premises_of_its_communes()
    {
        var departement = Get(TerritoryLevel.Departement, "31");
        Assert.Equal(4, departement.Schools);
        Assert.Equal(2, departement.SchoolsByType["École"]);
        Assert.Equal(2, departement.SchoolsByType["Collège"]);
        // Une's 100 premises (60 at 30 Mbit/s), Deux without figures left out, Trois's 0 added: not replaced.
        Assert.Equal(100, departement.Premises);
        Assert.Equal(60, departement.EligibleAtLeast30Mbps);
        var region = Region;
        Assert.Equal(5, region.Schools);
        Assert.Equal(3, region.SchoolsByType["Collège"]);
        Assert.Equal(100, region.Premises); // Aude gives none
        Assert.Null(Get(TerritoryLevel.Departement, "11").Premises);
    }

    [Fact]
    public void A_share_or_a_mean_with_no_known_value_is_nc_not_a_number()
    {
        var mobile = Indicator(TerritoryLevel.Commune, "31002", "reseau-4g").All; // the école of Deux has no site list
        Assert.Equal((1, 0), (mobile.Schools, mobile.Known));
        Assert.Null(mobile.Value);
        Assert.Equal(100.0, mobile.NotCommunicatedShare);
        Assert.Null(Indicator(TerritoryLevel.Commune, "31002", "ressources-numeriques").All.Value);
        Assert.Null(Indicator(TerritoryLevel.Commune, "31002", "terminaux-mobiles").All.Value);
        Assert.Equal(100.0, Indicator(TerritoryLevel.Departement, "31", "reseau-4g").All.Value); // the one school that gives it
    }

    [Fact]
    public void A_ratio_over_zero_terminals_is_nc_and_its_pupils_still_count_where_terminals_are_known()
    {
        var deux = Indicator(TerritoryLevel.Commune, "31002", "eleves-par-terminal").All;
        Assert.Equal(1, deux.Known);
        Assert.Null(deux.Value);
        Assert.Equal((300.0, 0.0), (deux.Numerator, deux.Denominator));
        Assert.Equal(5.0, Indicator(TerritoryLevel.Commune, "31001", "eleves-par-terminal").All.Value); // 100 / 20
        var departement = Indicator(TerritoryLevel.Departement, "31", "eleves-par-terminal").All;
        Assert.Equal(20.0, departement.Value); // (100 + 300) / (20 + 0)
        Assert.Equal((400.0, 20.0), (departement.Numerator, departement.Denominator));
    }

    [Fact]
    public void A_mean_is_over_every_known_value_at_every_level()
    {
        Assert.Equal(105.0, Indicator(TerritoryLevel.Departement, "31", "ips").All.Value); // (90 + 120) / 2
        Assert.Equal(99.0, Indicator(TerritoryLevel.Departement, "11", "ips").All.Value);
        var region = Indicator(TerritoryLevel.Region, "76", "ips");
        Assert.Equal(103.0, region.All.Value); // (90 + 120 + 99) / 3
        Assert.Equal((3, 3), (region.All.Schools, region.All.Known));
        Assert.Equal(90.0 + 99, region.BySector!["public"].Value!.Value * 2, 10);
        Assert.Equal(120.0, region.BySector["prive"].Value);
        Assert.Null(region.All.Numerator);
        Assert.Null(region.All.Denominator);
    }

    [Fact]
    public void A_sum_has_no_numerator_and_a_count_gives_its_yes_over_its_known()
    {
        var terminals = Indicator(TerritoryLevel.Departement, "31", "terminaux").All;
        Assert.Equal(20.0, terminals.Value); // 20 + 0; the collèges declare none
        Assert.Equal((2, 4), (terminals.Known, terminals.Schools));
        Assert.Null(terminals.Numerator);
        Assert.Null(terminals.Denominator);
        var efran = Indicator(TerritoryLevel.Region, "76", "efran").All;
        Assert.Equal(1.0, efran.Value);
        Assert.Equal((1.0, 2.0), (efran.Numerator, efran.Denominator));
    }

    [Fact]
    public void A_yes_no_of_the_inventory_counts_or_shares_its_yes_over_the_schools_that_answered()
    {
        // Fibre: Une's école on fibre, Deux's on copper; the collèges declare no access.
        var fibre = Indicator(TerritoryLevel.Departement, "31", "fibre").All;
        Assert.Equal((1.0, 1.0, 2.0, 4), (fibre.Value, fibre.Numerator, fibre.Denominator, fibre.Schools));
        var profan = Indicator(TerritoryLevel.Region, "76", "profan").All;
        Assert.Equal((1.0, 1.0, 2.0), (profan.Value, profan.Numerator, profan.Denominator));
        // Only Deux's école answers « collège lab », and says no: a count of zero over one, not N.C.
        var lab = Indicator(TerritoryLevel.Departement, "31", "college-lab").All;
        Assert.Equal((0.0, 0.0, 1.0, 1), (lab.Value, lab.Numerator, lab.Denominator, lab.Known));
        // A share is its yes over its answers: two ENT of three.
        var ent = Indicator(TerritoryLevel.Departement, "31", "ent").All;
        Assert.Equal((2.0, 3.0), (ent.Numerator, ent.Denominator));
        Assert.Equal(200.0 / 3, ent.Value!.Value, 10);
        var access = Indicator(TerritoryLevel.Departement, "31", "type-acces").All.Bands!;
        Assert.Equal((1, 1, 0), (access[AccessTypes.Fibre], access[AccessTypes.Copper], access[AccessTypes.Radio]));
    }

    [Fact]
    public void Demonstration_marks_count_only_the_known_figures_of_the_inventory_and_its_coverage()
    {
        var departement = Get(TerritoryLevel.Departement, "31");
        Assert.Equal(1, Indicator(TerritoryLevel.Departement, "31", "terminaux").All.Demonstration); // B's inventory gives no terminal
        Assert.Equal(1, Indicator(TerritoryLevel.Departement, "31", "efran").All.Demonstration);
        // The pupils and the IPS of schools with a demonstration inventory are not from it.
        Assert.Equal((0, false), (Indicator(TerritoryLevel.Departement, "31", "eleves").All.Demonstration, Indicator(TerritoryLevel.Departement, "31", "eleves").All.IsDemonstration));
        Assert.Equal(0, Indicator(TerritoryLevel.Departement, "31", "ips").All.Demonstration);
        Assert.Equal(["annuaire", "arcep-mobile", "inventaire", "ips"], departement.Coverage.Select(c => c.SourceId)); // in the order of their ids
        var coverage = departement.Coverage.ToDictionary(c => c.SourceId);
        Assert.Equal(["Collège", "École"], coverage["annuaire"].ByType.Keys); // the observatory's types only, in order
        Assert.Equal([2, 2], coverage["annuaire"].ByType.Values);
        Assert.Equal((3, 2), (coverage["inventaire"].Schools, coverage["inventaire"].Demonstration));
        Assert.Equal(0, coverage["annuaire"].Demonstration);
        Assert.Equal(0, coverage["ips"].Demonstration);
        var france = Get(TerritoryLevel.France, "FR").Coverage.ToDictionary(c => c.SourceId);
        Assert.Equal((3, 2), (france["inventaire"].Schools, france["inventaire"].Demonstration));
        Assert.Equal(new Dictionary<string, int> { ["Collège"] = 1 }, france["colleges"].ByType);
        Assert.Equal(new Dictionary<string, int> { ["Collège"] = 3 }, france["ips"].ByType);
    }

    [Fact]
    public void A_band_code_outside_the_catalogue_is_nc_and_the_first_band_is_counted()
    {
        var priority = Indicator(TerritoryLevel.Commune, "31001", "education-prioritaire").All;
        Assert.Equal((3, 2), (priority.Schools, priority.Known)); // « Réseau ambition » is no band of the catalogue
        Assert.Equal(new Dictionary<string, int> { ["REP+"] = 0, ["REP"] = 0, ["hors"] = 2 }, priority.Bands);
        var wifi = Indicator(TerritoryLevel.Departement, "31", "wifi").All;
        Assert.Equal(new Dictionary<string, int> { ["aucun"] = 1, ["partiel"] = 0, ["toutes_salles"] = 0 }, wifi.Bands);
        Assert.Equal(1, wifi.Known);
        Assert.Equal(new Dictionary<string, int> { ["aucun"] = 1, ["partiel"] = 0, ["toutes_salles"] = 0 }, Indicator(TerritoryLevel.France, "FR", "wifi").All.Bands);
        // The collège of the collèges file is no school of the annuaire: its priority education is N.C.
        var aude = Indicator(TerritoryLevel.Departement, "11", "education-prioritaire").All;
        Assert.Equal((1, 0), (aude.Schools, aude.Known));
        Assert.Equal(new Dictionary<string, int> { ["REP+"] = 0, ["REP"] = 0, ["hors"] = 0 }, aude.Bands);
    }

    [Fact]
    public void A_commune_without_schools_has_no_share_of_nc_no_breakdown_and_lists_every_type()
    {
        var trois = Get(TerritoryLevel.Commune, "31003");
        Assert.Equal(0, trois.Schools);
        Assert.Empty(trois.Coverage);
        Assert.Equal(IndicatorCatalogue.TypeGroups, trois.CompleteTypes);
        Assert.All(trois.Indicators, i =>
        {
            Assert.Equal(0, i.All.Schools);
            Assert.Null(i.All.NotCommunicatedShare);
            Assert.Null(i.ByType);
            Assert.Null(i.BySector);
        });
        // A count of no school is zero; every other figure is N.C.
        Assert.All(trois.Indicators, i => Assert.Equal(IndicatorCatalogue.Find(i.Id)!.Aggregation == AggregationRules.Count ? 0.0 : null, i.All.Value));
    }

    [Fact]
    public void Premises_figures_are_nc_over_zero_premises_and_without_any_figure()
    {
        // Trois has a line with no premises: known, but no share.
        var trois = Indicator(TerritoryLevel.Commune, "31003", "arcep-eligibles-30").All;
        Assert.Equal((0.0, 0.0), (trois.Numerator, trois.Denominator));
        Assert.Null(trois.Value);
        // Deux and Aude have no line at all: neither premises nor eligible premises, not zeros.
        foreach (var (level, code) in new[] { (TerritoryLevel.Commune, "31002"), (TerritoryLevel.Departement, "11"), (TerritoryLevel.Academie, "11") })
        {
            var none = Indicator(level, code, "arcep-eligibles-30").All;
            Assert.Equal(((double?)null, (double?)null, (double?)null), (none.Numerator, none.Denominator, none.Value));
            Assert.Equal(none.Schools, none.NotCommunicated);
        }
        // Haute-Garonne and the région: the premises of Une and Trois; FttH comes from no file here.
        var region = Indicator(TerritoryLevel.Region, "76", "arcep-eligibles-30").All;
        Assert.Equal((60.0, 100.0, 60.0), (region.Numerator!.Value, region.Denominator!.Value, region.Value!.Value));
        Assert.Equal((5, 3), (region.Schools, region.Known)); // the schools of Une
        Assert.Equal(40.0, Indicator(TerritoryLevel.Departement, "31", "arcep-eligibles-100").All.Value);
        Assert.Equal(10.0, Indicator(TerritoryLevel.France, "FR", "arcep-eligibles-1g").All.Value);
        Assert.Null(Indicator(TerritoryLevel.France, "FR", "arcep-ftth").All.Numerator);
    }

    [Fact]
    public void A_region_partly_listed_says_which_of_its_types_are_known_in_full()
    {
        Assert.Equal(["college"], Region.CompleteTypes);
        Assert.Equal(["college"], Get(TerritoryLevel.Departement, "11").CompleteTypes);
        Assert.Equal(IndicatorCatalogue.TypeGroups, Get(TerritoryLevel.Departement, "31").CompleteTypes);

        var terminals = IndicatorComparison.Compare(IndicatorCatalogue.Find("terminaux")!, Region, Get(TerritoryLevel.Departement, "31"));
        Assert.False(terminals.Comparable);
        Assert.Equal(["college"], terminals.ComparableTypes);
        Assert.Equal("Pour Occitanie, seuls les collèges sont connus en entier : comparer les collèges (byType.college).", terminals.Note);
        // The same the other way round: the département's figure is complete, the région's is not.
        Assert.Equal(terminals.Note, IndicatorComparison.Compare(IndicatorCatalogue.Find("terminaux")!, Get(TerritoryLevel.Departement, "31"), Region).Note);
    }

    [Fact]
    public void A_figure_over_none_of_the_types_known_in_full_says_so_and_whether_a_breakdown_compares()
    {
        // The 4G sites are known for the école of Une only, and the écoles of the région are not all known.
        var mobile = IndicatorCatalogue.Find("reseau-4g")!;
        var departement = IndicatorComparison.Compare(mobile, Region, Get(TerritoryLevel.Departement, "31"));
        Assert.False(departement.Comparable);
        Assert.Equal("Pour Occitanie, aucun type d'établissement n'est connu en entier : comparer les collèges (byType.college).", departement.Note);
        // Deux has écoles only: no breakdown of both is complete on both sides.
        var commune = IndicatorComparison.Compare(mobile, Region, Get(TerritoryLevel.Commune, "31002"));
        Assert.False(commune.Comparable);
        Assert.Empty(commune.ComparableTypes);
        Assert.Equal("Pour Occitanie, aucun type d'établissement n'est connu en entier : aucune ventilation par type ne se compare à égalité.", commune.Note);
        // Both sides partly listed: each says so, the territory first.
        var france = IndicatorComparison.Compare(IndicatorCatalogue.Find("terminaux")!, Region, Get(TerritoryLevel.France, "FR"));
        Assert.Equal("Pour Occitanie, seuls les collèges sont connus en entier ; Pour la France, seuls les collèges sont connus en entier : comparer les collèges (byType.college).", france.Note);
        // The IPS is about collèges, listed in full everywhere.
        var ips = IndicatorComparison.Compare(IndicatorCatalogue.Find("ips")!, Region, Get(TerritoryLevel.Commune, "31001"));
        Assert.True(ips.Comparable);
        Assert.Null(ips.Note);
    }
}
