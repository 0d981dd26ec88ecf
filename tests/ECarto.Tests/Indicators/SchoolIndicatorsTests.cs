using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Sources;
using ECarto.Sources.Inventaire;
using ECarto.Territories;

namespace ECarto.Tests.Indicators;

/// <summary>A school's fiche as the catalogue reads it: values, « oui »/« non », bands, N.C., demonstration marks and its commune's figures.</summary>
public class SchoolIndicatorsTests
{
    private static readonly School Ecole = new()
    {
        Uai = "0310001A", Name = "École Test", Types = ["École"], Sector = "Public", CommuneCode = "31555", DepartementCode = "31",
        Pupils = 220, PriorityEducation = "REP", Sites = [], Source = SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26"),
        Inventory = new InventaireRecord
        {
            Uai = "0310001A", ObservationDate = new DateOnly(2025, 1, 15), Source = "test", IsDemonstration = true,
            Pupils = 220, Devices = 30, Printers3D = 0, HasEnt = true, Wifi = WifiCoverage.Partial,
        },
    };

    private static readonly Territory Commune = new()
    {
        Level = TerritoryLevel.Commune, Code = "31555", Name = "Toulouse",
        Premises = 400, EligibleAtLeast8Mbps = 400, EligibleAtLeast30Mbps = 300, EligibleAtLeast100Mbps = 100, EligibleAtLeast1Gbps = 50, FtthPremises = 200,
    };

    private static Dictionary<string, SchoolIndicator> Fiche(School school, Territory? commune) =>
        SchoolIndicators.For(school, commune).SelectMany(c => c.Indicators).ToDictionary(i => i.Id);

    [Fact]
    public void The_fiche_lists_the_components_in_order_with_the_indicators_that_apply_to_the_school()
    {
        var components = SchoolIndicators.For(Ecole, Commune);
        Assert.Equal(Components.All.Select(c => (c.Id, c.Label)), components.Select(c => (c.Id, c.Label)));
        var ids = components.SelectMany(c => c.Indicators).Select(i => i.Id).ToList();
        Assert.Equal(IndicatorCatalogue.All.Where(i => i.Id != "ips").Select(i => i.Id).Order(), ids.Order());
        Assert.Contains("ips", Fiche(Ecole with { Types = ["Collège"], Ips = 101.2 }, Commune).Keys);
        Assert.All(components, c => Assert.All(c.Indicators, i => Assert.Equal(c.Id, IndicatorCatalogue.Find(i.Id)!.Component)));
    }

    [Fact]
    public void Values_yes_no_bands_and_nc_are_read_as_the_user_sees_them()
    {
        var fiche = Fiche(Ecole, Commune);
        Assert.Equal((30.0, (bool?)null, false), (fiche["terminaux"].Value, fiche["terminaux"].Yes, fiche["terminaux"].NotCommunicated));
        Assert.Equal(7.3, fiche["eleves-par-terminal"].Value); // 220 / 30, rounded to one decimal
        Assert.Equal((true, (double?)null), (fiche["ent"].Yes, fiche["ent"].Value));
        Assert.Equal(false, fiche["imprimante-3d"].Yes);
        Assert.False(fiche["imprimante-3d"].NotCommunicated);
        Assert.Equal((WifiCoverage.Partial, "partiel", (double?)null), (fiche["wifi"].Band, fiche["wifi"].BandLabel, fiche["wifi"].Value));
        Assert.Equal(("REP", false), (fiche["education-prioritaire"].Band, fiche["education-prioritaire"].IsDemonstration));
        Assert.Equal(220, fiche["eleves"].Value);
        // Unknown figures are N.C., never a zero.
        foreach (var id in new[] { "terminaux-mobiles", "debit-mesure", "efran", "reseau-4g" })
        {
            Assert.True(fiche[id].NotCommunicated, id);
            Assert.Equal(((double?)null, (bool?)null, (string?)null), (fiche[id].Value, fiche[id].Yes, fiche[id].Band));
        }
    }

    [Fact]
    public void Only_known_figures_of_a_demonstration_inventory_are_marked_as_demonstration()
    {
        var fiche = Fiche(Ecole, Commune);
        Assert.True(fiche["terminaux"].IsDemonstration);
        Assert.True(fiche["wifi"].IsDemonstration);
        Assert.False(fiche["terminaux-mobiles"].IsDemonstration); // N.C.
        Assert.False(fiche["eleves"].IsDemonstration); // the annuaire's
        var real = Fiche(Ecole with { Inventory = Ecole.Inventory! with { IsDemonstration = false } }, Commune);
        Assert.False(real["terminaux"].IsDemonstration);
        Assert.Equal(["inventaire"], fiche["terminaux"].Sources);
    }

    [Fact]
    public void A_band_the_catalogue_does_not_know_is_nc_on_the_fiche()
    {
        var fiche = Fiche(Ecole with { PriorityEducation = "Réseau ambition", Inventory = Ecole.Inventory! with { Wifi = "salle des maîtres" } }, Commune);
        foreach (var id in new[] { "education-prioritaire", "wifi" })
        {
            Assert.True(fiche[id].NotCommunicated, id);
            Assert.Equal(((string?)null, (string?)null, false), (fiche[id].Band, fiche[id].BandLabel, fiche[id].IsDemonstration));
        }
        Assert.Equal(("REP+", "REP+"), (Fiche(Ecole with { PriorityEducation = "REP+" }, Commune)["education-prioritaire"].Band, Fiche(Ecole with { PriorityEducation = "REP+" }, Commune)["education-prioritaire"].BandLabel));
    }

    [Fact]
    public void A_ratio_with_no_terminal_is_nc_not_a_division_by_zero()
    {
        var fiche = Fiche(Ecole with { Inventory = Ecole.Inventory! with { Devices = 0 } }, Commune);
        Assert.True(fiche["eleves-par-terminal"].NotCommunicated);
        Assert.Null(fiche["eleves-par-terminal"].Value);
    }

    [Fact]
    public void Commune_figures_are_shares_of_the_communes_premises_and_nc_without_them()
    {
        var fiche = Fiche(Ecole, Commune);
        Assert.All(fiche.Values.Where(i => i.Id.StartsWith("arcep-")), i => Assert.Equal("commune", i.Scope));
        Assert.Equal(100.0, fiche["arcep-eligibles-8"].Value);
        Assert.Equal(75.0, fiche["arcep-eligibles-30"].Value);
        Assert.Equal(25.0, fiche["arcep-eligibles-100"].Value);
        Assert.Equal(12.5, fiche["arcep-eligibles-1g"].Value);
        Assert.Equal(50.0, fiche["arcep-ftth"].Value);
        Assert.All(fiche.Values.Where(i => i.Id.StartsWith("arcep-")), i => Assert.False(i.NotCommunicated));
        Assert.Equal("etablissement", fiche["terminaux"].Scope);

        Assert.All(Fiche(Ecole, null).Values.Where(i => i.Id.StartsWith("arcep-")), i => Assert.True(i.NotCommunicated && i.Value is null, i.Id));
        Assert.All(Fiche(Ecole, Commune with { Premises = 0 }).Values.Where(i => i.Id.StartsWith("arcep-")), i => Assert.True(i.NotCommunicated, i.Id));
        Assert.True(Fiche(Ecole, Commune with { FtthPremises = null })["arcep-ftth"].NotCommunicated);
    }
}
