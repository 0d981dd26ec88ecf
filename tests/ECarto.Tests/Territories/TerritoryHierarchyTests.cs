using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;
using ECarto.Territories;

namespace ECarto.Tests.Territories;

/// <summary>
/// The territories built at publish, on a small hand-made référentiel with expectations computed by hand (the
/// fast counterpart of <see cref="TerritoryAggregationTests"/>, which checks the same sums on the national files):
/// Arcep lines of a former commune summed into today's, a measure counted only where a commune has both of its
/// figures, the counted schools, the lycée groups of each département, the parents of each level, an académie
/// whose départements lie in two régions, and names missing from the référentiel.
/// </summary>
public class TerritoryHierarchyTests
{
    private static readonly SourceAttribution Annuaire = SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26");

    internal static School School(string uai, string? commune, string type, LyceeVoies? voies = null, string? nature = null, string? state = null, int? pupils = null) => new()
    {
        Uai = uai, Name = uai, Types = [type], Sector = "Public", CommuneCode = commune, DepartementCode = commune?[..2] ?? "31",
        Voies = voies, NatureCode = nature, State = state, Pupils = pupils, Sites = [], Source = Annuaire,
    };

    private static CogCommune Commune(string code, string name, string departement, string region, int? population = null, params string[] former) => new()
    {
        Code = code, Name = name, Kind = CommuneKind.Current, DepartementCode = departement, RegionCode = region, Population = population, FormerCodes = former,
    };

    private static DepartementAcademie Academie(string departement, string code, string name, string region) => new()
    {
        DepartementCode = departement, AcademieCode = code, AcademieName = name, RegionCode = region,
    };

    private static readonly CommuneReferential Referential = new(
        [
            Commune("31555", "Toulouse", "31", "76", 504_078, "31999"),
            Commune("31001", "Une", "31", "76"),
            Commune("32013", "Auch", "32", "76"),
            // Ariège put in a région of its own here, so that the académie of Toulouse spans two régions.
            Commune("09122", "Foix", "09", "84"),
            Commune("11069", "Carcassonne", "11", "76"),
            Commune("97701", "Saint-Barthélemy", "977", "977"),
            Commune("2B033", "Bastia", "2B", "94"),
        ],
        [
            new CogDepartement("31", "Haute-Garonne", "76", null), new CogDepartement("32", "Gers", "76", null), new CogDepartement("09", "Ariège", "84", null),
            new CogDepartement("11", "Aude", "76", null), new CogDepartement("977", "Saint-Barthélemy", "977", null),
        ],
        [new CogRegion("76", "Occitanie", null), new CogRegion("84", "Auvergne-Rhône-Alpes", null)],
        [
            Academie("31", "16", "Toulouse", "76"), Academie("32", "16", "Toulouse", "76"), Academie("09", "16", "Toulouse", "76"),
            Academie("11", "11", "Montpellier", "76"), Academie("977", "32", "Guadeloupe", "01"),
        ]);

    private static BroadbandEligibility Line(string commune, int premises, int? e8, int? e30, string? scope = "all") => new()
    {
        CommuneCode = commune, Premises = premises, Scope = scope, EligibleAtLeast8Mbps = e8, EligibleAtLeast30Mbps = e30, EligibleAtLeast100Mbps = e30, EligibleAtLeast1Gbps = 0,
    };

    private static FtthCommune Ftth(string commune, int? premises) => new() { CommuneCode = commune, Quarter = "T4 2024", FtthPremises = premises, Quarters = [] };

    // Built for each test (see Indicators.AggregationRulesTests): a static list would credit the aggregation to the
    // first test only in the mutation tests' coverage.
    internal static List<Territory> Build() => TerritoryAggregation.Build(Referential,
        [
            // Toulouse: two lycées généraux (voies), a lycée professionnel (nature), an école; a closed école and a
            // service are not counted, nor a school whose commune is a former code or unknown.
            School("0311119Z", "31555", "Lycée", new LyceeVoies(true, false, false)),
            School("0311111A", "31555", "Lycée", new LyceeVoies(false, true, false)),
            School("0311112B", "31555", "Lycée", nature: "320"),
            School("0311113C", "31555", "École", pupils: 200),
            School("0311114D", "31555", "École", state: "Fermé"),
            School("0311115E", "31555", "Service Administratif"),
            School("0311116F", "31999", "École"),
            School("0311117G", null, "École"),
            // Auch: a collège; Foix: an école; Carcassonne: a lycée polyvalent; Saint-Barthélemy: an école.
            School("0320001H", "32013", "Collège"),
            School("0090001J", "09122", "École"),
            School("0110001K", "11069", "Lycée", new LyceeVoies(true, true, true)),
            School("9770001L", "97701", "École"),
        ],
        [
            Line("31555", 1_000, 900, 800),
            Line("31999", 100, 100, 50, scope: null), // the former commune, merged into Toulouse
            Line("31555", 77, 77, 77, scope: "pro"), // another scope: not the premises of the commune
            Line("31001", 10, 5, null), // no figure at 30 Mbit/s
            Line("00000", 5_000, 5_000, 5_000), // no commune of the COG
            Line("32013", 40, 40, 20),
            Line("09122", 30, 30, 30),
        ],
        [Ftth("31555", 600), Ftth("31001", null), Ftth("32013", 10)]);

    private readonly List<Territory> _territories = Build();

    private Territory Get(string level, string code) => _territories.Single(t => t.Level == level && t.Code == code);

    private static IEnumerable<string> Chain(Territory t) => t.Parents.Select(p => $"{p.Level}:{p.Code}:{p.Name}");

    [Fact]
    public void A_commune_sums_its_own_lines_and_those_of_its_former_code_and_ignores_other_scopes()
    {
        var toulouse = Get(TerritoryLevel.Commune, "31555");
        Assert.Equal((1_100L, 1_000L, 850L, 0L), (toulouse.Premises!.Value, toulouse.EligibleAtLeast8Mbps!.Value, toulouse.EligibleAtLeast30Mbps!.Value, toulouse.EligibleAtLeast1Gbps!.Value));
        Assert.Equal(["31999"], toulouse.MergedCodes);
        Assert.Empty(Get(TerritoryLevel.Commune, "31001").MergedCodes);
        Assert.Equal((600L, "T4 2024"), (toulouse.FtthPremises!.Value, toulouse.FtthQuarter));
        Assert.Equal(504_078, toulouse.Population);
        Assert.Equal("Toulouse", toulouse.Name);
        Assert.Equal(100.0 * 850 / 1_100, toulouse.Indicators.Single(i => i.Id == "arcep-eligibles-30").All.Value!.Value, 10);
        Assert.Equal(100.0 * 600 / 1_100, toulouse.Indicators.Single(i => i.Id == "arcep-ftth").All.Value!.Value, 10);
        // No line for Carcassonne: its figures are unknown, not zero.
        var carcassonne = Get(TerritoryLevel.Commune, "11069");
        Assert.Equal(((long?)null, (long?)null, (long?)null, (string?)null), (carcassonne.Premises, carcassonne.EligibleAtLeast30Mbps, carcassonne.FtthPremises, carcassonne.FtthQuarter));
        Assert.Null(carcassonne.Indicators.Single(i => i.Id == "arcep-eligibles-30").All.Value);
    }

    [Fact]
    public void A_measure_counts_only_the_premises_of_the_communes_that_have_it()
    {
        var une = Get(TerritoryLevel.Commune, "31001");
        Assert.Equal((10L, 5L, (long?)null, (long?)null), (une.Premises!.Value, une.EligibleAtLeast8Mbps!.Value, une.EligibleAtLeast30Mbps, une.FtthPremises));
        Assert.Equal("T4 2024", une.FtthQuarter);
        var departement = Get(TerritoryLevel.Departement, "31");
        Assert.Equal((1_110L, 1_005L, 850L, 600L), (departement.Premises!.Value, departement.EligibleAtLeast8Mbps!.Value, departement.EligibleAtLeast30Mbps!.Value, departement.FtthPremises!.Value));
        var at30 = departement.Indicators.Single(i => i.Id == "arcep-eligibles-30").All;
        Assert.Equal((850.0, 1_100.0), (at30.Numerator, at30.Denominator)); // not over Une's 10 premises
        var at8 = departement.Indicators.Single(i => i.Id == "arcep-eligibles-8").All;
        Assert.Equal((1_005.0, 1_110.0), (at8.Numerator, at8.Denominator));
        Assert.Equal("T4 2024", departement.FtthQuarter);
        var region = Get(TerritoryLevel.Region, "76"); // Haute-Garonne, Gers, Aude
        Assert.Equal((1_150L, 870L, 610L, "T4 2024"), (region.Premises!.Value, region.EligibleAtLeast30Mbps!.Value, region.FtthPremises!.Value, region.FtthQuarter));
        var france = Get(TerritoryLevel.France, TerritoryLevel.FranceCode);
        Assert.Equal((1_180L, 900L, 610L, "T4 2024"), (france.Premises!.Value, france.EligibleAtLeast30Mbps!.Value, france.FtthPremises!.Value, france.FtthQuarter));
    }

    [Fact]
    public void Only_the_open_schools_of_the_observatory_in_a_current_commune_are_counted_at_every_level()
    {
        var toulouse = Get(TerritoryLevel.Commune, "31555");
        Assert.Equal(4, toulouse.Schools);
        Assert.Equal(new Dictionary<string, int> { ["Lycée"] = 3, ["École"] = 1 }, toulouse.SchoolsByType);
        Assert.Equal(4, Get(TerritoryLevel.Departement, "31").Schools);
        Assert.Equal(0, Get(TerritoryLevel.Commune, "31001").Schools);
        Assert.Equal(new Dictionary<string, int> { ["Lycée"] = 4, ["École"] = 1, ["Collège"] = 1 }, Get(TerritoryLevel.Region, "76").SchoolsByType);
        Assert.Equal(6, Get(TerritoryLevel.Academie, "16").Schools); // Haute-Garonne, Gers and Ariège
        Assert.Equal(8, Get(TerritoryLevel.France, TerritoryLevel.FranceCode).Schools);
        Assert.Equal(200, Get(TerritoryLevel.Departement, "31").Indicators.Single(i => i.Id == "eleves").All.Value);
    }

    [Fact]
    public void A_departement_lists_its_lycees_generaux_et_technologiques_and_professionnels_in_order()
    {
        var groups = Get(TerritoryLevel.Departement, "31").LyceeGroups;
        Assert.Equal([SchoolScope.LyceeGt, SchoolScope.LyceePro], groups.Keys.Order());
        Assert.Equal(["0311111A", "0311119Z"], groups[SchoolScope.LyceeGt]);
        Assert.Equal(["0311112B"], groups[SchoolScope.LyceePro]);
        var aude = Get(TerritoryLevel.Departement, "11").LyceeGroups; // a lycée polyvalent is in both
        Assert.Equal(["0110001K"], aude[SchoolScope.LyceeGt]);
        Assert.Equal(["0110001K"], aude[SchoolScope.LyceePro]);
        Assert.Empty(Get(TerritoryLevel.Departement, "32").LyceeGroups);
        Assert.Empty(Get(TerritoryLevel.Commune, "31555").LyceeGroups); // a département's list only
    }

    [Fact]
    public void Each_level_has_its_parents_from_the_referentiel_nearest_first()
    {
        Assert.Equal(["departement:31:Haute-Garonne", "academie:16:Toulouse", "region:76:Occitanie", "france:FR:France"], Chain(Get(TerritoryLevel.Commune, "31555")));
        Assert.Equal("31", Get(TerritoryLevel.Commune, "31555").ParentCode);
        Assert.Equal(["academie:16:Toulouse", "region:84:Auvergne-Rhône-Alpes", "france:FR:France"], Chain(Get(TerritoryLevel.Departement, "09")));
        Assert.Equal("16", Get(TerritoryLevel.Departement, "09").ParentCode);
        Assert.Equal(["france:FR:France"], Chain(Get(TerritoryLevel.Region, "76")));
        Assert.Equal("FR", Get(TerritoryLevel.Region, "76").ParentCode);
        Assert.Empty(Get(TerritoryLevel.France, TerritoryLevel.FranceCode).Parents);
        Assert.Null(Get(TerritoryLevel.France, TerritoryLevel.FranceCode).ParentCode);
        Assert.Equal("France", Get(TerritoryLevel.France, TerritoryLevel.FranceCode).Name);
        Assert.Equal(["commune", "departement", "academie", "region", "france"], _territories.Select(t => t.Level).Distinct());
    }

    [Fact]
    public void An_academie_is_in_the_region_of_most_of_its_departements_and_totals_them()
    {
        // Ariège comes first, but Haute-Garonne and Gers are in Occitanie.
        var toulouse = Get(TerritoryLevel.Academie, "16");
        Assert.Equal(["region:76:Occitanie", "france:FR:France"], Chain(toulouse));
        Assert.Equal("Toulouse", toulouse.Name);
        Assert.Equal((1_180L, 900L), (toulouse.Premises!.Value, toulouse.EligibleAtLeast30Mbps!.Value));
        Assert.Equal(["academie:11:Montpellier", "region:76:Occitanie", "france:FR:France"], Chain(Get(TerritoryLevel.Departement, "11")));
        Assert.Equal(["11", "16", "32"], _territories.Where(t => t.Level == TerritoryLevel.Academie).Select(t => t.Code).Order());
        // A région's figures are its départements', whatever their académie: Ariège is not in Occitanie.
        Assert.Equal(6, Get(TerritoryLevel.Region, "76").Schools);
        Assert.Equal((1, 30L), (Get(TerritoryLevel.Region, "84").Schools, Get(TerritoryLevel.Region, "84").Premises!.Value));
    }

    [Fact]
    public void A_name_missing_from_the_referentiel_is_shown_as_its_code()
    {
        // Saint-Barthélemy's « région » (977) and Bastia's département (2B) are not in the référentiel's lists.
        Assert.Equal(["departement:977:Saint-Barthélemy", "academie:32:Guadeloupe", "region:977:977", "france:FR:France"], Chain(Get(TerritoryLevel.Commune, "97701")));
        Assert.Equal("977", Get(TerritoryLevel.Region, "977").Name);
        Assert.Equal(["region:977:977", "france:FR:France"], Chain(Get(TerritoryLevel.Academie, "32")));
        Assert.Equal(["departement:2B:2B", "region:94:94", "france:FR:France"], Chain(Get(TerritoryLevel.Commune, "2B033")));
        var bastia = Get(TerritoryLevel.Departement, "2B");
        Assert.Equal("2B", bastia.Name);
        Assert.Equal(["france:FR:France"], Chain(bastia));
    }
}
