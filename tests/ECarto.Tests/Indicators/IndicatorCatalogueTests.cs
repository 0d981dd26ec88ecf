using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Colleges;
using ECarto.Sources.Inventaire;

namespace ECarto.Tests.Indicators;

/// <summary>
/// What the catalogue tells users (labels, definitions, units, sources: the API, the site and the exports
/// show them as they are) and how each indicator reads a school, on its boundaries.
/// </summary>
public class IndicatorCatalogueTests
{
    private static readonly SourceAttribution Annuaire = SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26");

    private static School School(InventaireRecord? inventory = null, string[]? types = null, int? sites4G = null, string? priority = null,
        SourceAttribution? source = null, double? ips = null) => new()
    {
        Uai = "0310001A", Name = "Test", Types = types ?? ["École"], Sector = "Public", CommuneCode = "31555", DepartementCode = "31",
        Inventory = inventory, Ips = ips, PriorityEducation = priority,
        Mobile = sites4G is { } n ? new MobileSitesNearby(2_000, n, n, n > 0 ? ["Orange"] : [], [], "2018-01") : null,
        Sites = [], Source = source ?? Annuaire,
    };

    private static InventaireRecord Inventory(int? devices = null, int? mobile = null, int? boards = null, int? projectors = null, int? printers = null,
        string? access = null, bool? ent = null, int? resources = null, bool? efran = null, bool? profan = null, bool? lab = null, int? pupils = null) => new()
    {
        Uai = "0310001A", ObservationDate = new DateOnly(2025, 1, 15), Source = "test", IsDemonstration = false,
        Pupils = pupils, Devices = devices, MobileDevices = mobile, InteractiveBoards = boards, Projectors = projectors, Printers3D = printers,
        AccessType = access, HasEnt = ent, DigitalResources = resources, EFran = efran, ProFan = profan, CollegeLab = lab,
    };

    private static IndicatorReading? Read(string id, School school) => IndicatorCatalogue.Find(id)!.Read!(school);

    [Fact]
    public void Every_indicator_tells_users_its_label_definition_unit_component_and_known_sources()
    {
        var components = Components.All.Select(c => c.Id).ToHashSet();
        var sources = SourceCatalog.All.Select(s => s.Id).ToHashSet();
        Assert.All(IndicatorCatalogue.All, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.Id));
            Assert.True(i.Label.Length > 3, $"{i.Id} : libellé « {i.Label} »");
            Assert.True(i.Definition.Length > 20, $"{i.Id} : définition « {i.Definition} »");
            Assert.False(string.IsNullOrWhiteSpace(i.Unit), $"{i.Id} : unité");
            Assert.Contains(i.Component, components);
            Assert.NotEmpty(i.Sources);
            Assert.All(i.Sources, s => Assert.Contains(s, sources));
            Assert.All(i.Bands ?? [], b => Assert.True(b.Code.Length > 0 && b.Label.Length > 2, $"{i.Id} : tranche « {b.Code} » « {b.Label} »"));
            Assert.True((i.Read is null) != (i.Premises is null), $"{i.Id} : lu sur l'établissement ou sur sa commune, un seul des deux");
        });
        Assert.Equal(IndicatorCatalogue.All.Count, IndicatorCatalogue.All.Select(i => i.Label).Distinct().Count());
        Assert.All(Components.All, c => Assert.True(c.Label.Length > 3 && IndicatorCatalogue.All.Any(i => i.Component == c.Id), c.Id));
        Assert.Equal(["Écoles", "Collèges", "Lycées", "Lycées généraux et technologiques", "Lycées professionnels", "EREA"],
            IndicatorCatalogue.TypeGroups.Select(IndicatorCatalogue.TypeGroupLabel));
        Assert.Equal("inconnu", IndicatorCatalogue.TypeGroupLabel("inconnu"));
        Assert.Equal([("public", "Public"), ("prive", "Privé")], IndicatorCatalogue.SectorGroupLabels);
    }

    [Fact]
    public void A_commune_figure_tells_users_it_is_the_communes_and_not_the_schools()
    {
        Assert.All(IndicatorCatalogue.All.Where(i => i.Premises is not null), i =>
        {
            Assert.EndsWith("(commune)", i.Label);
            Assert.Equal("%", i.Unit); // a share of the commune's premises
            Assert.Contains("Chiffre de la commune de l'établissement (tous les locaux de la commune, pas l'établissement lui-même)", i.Definition);
            // What the figure measures comes first, in a sentence of its own.
            Assert.True(i.Definition.IndexOf(" Chiffre de la commune", StringComparison.Ordinal) > 20, $"{i.Id} : « {i.Definition} »");
        });
        Assert.All(IndicatorCatalogue.All.Where(i => i.Premises is null), i => Assert.DoesNotContain("Chiffre de la commune", i.Definition));
    }

    [Fact]
    public void Inventory_figures_read_their_own_field_and_nothing_without_an_inventory()
    {
        var school = School(Inventory(devices: 11, mobile: 7, boards: 3, projectors: 5, resources: 9, pupils: 220));
        Assert.Equal(11, Read("terminaux", school)!.Value.Value);
        Assert.Equal(7, Read("terminaux-mobiles", school)!.Value.Value);
        Assert.Equal(3, Read("tbi", school)!.Value.Value);
        Assert.Equal(5, Read("videoprojecteurs", school)!.Value.Value);
        Assert.Equal(9, Read("ressources-numeriques", school)!.Value.Value);
        Assert.Equal(new IndicatorReading(220, 11), Read("eleves-par-terminal", school));
        Assert.Equal(new IndicatorReading(220, 7), Read("eleves-par-terminal-mobile", school));
        // Without the pupils, no ratio; without an inventory, nothing at all.
        Assert.Null(Read("eleves-par-terminal", School(Inventory(devices: 11))));
        Assert.Null(Read("eleves-par-terminal-mobile", School(Inventory(pupils: 100, devices: 11))));
        Assert.All(IndicatorCatalogue.All.Where(i => i.CanBeDemonstration), i => Assert.Null(i.Read!(School())));
    }

    [Fact]
    public void Yes_no_figures_say_yes_only_for_yes_and_nc_when_unknown()
    {
        Assert.Equal(1, Read("imprimante-3d", School(Inventory(printers: 1)))!.Value.Value);
        Assert.Equal(0, Read("imprimante-3d", School(Inventory(printers: 0)))!.Value.Value);
        Assert.Null(Read("imprimante-3d", School(Inventory())));
        Assert.Equal(1, Read("fibre", School(Inventory(access: AccessTypes.Fibre)))!.Value.Value);
        Assert.Equal(0, Read("fibre", School(Inventory(access: AccessTypes.Copper)))!.Value.Value);
        Assert.Null(Read("fibre", School(Inventory())));
        Assert.Equal(1, Read("reseau-4g", School(sites4G: 1))!.Value.Value);
        Assert.Equal(0, Read("reseau-4g", School(sites4G: 0))!.Value.Value);
        Assert.Null(Read("reseau-4g", School()));
        foreach (var (id, yes, no) in new (string, InventaireRecord, InventaireRecord)[]
                 {
                     ("ent", Inventory(ent: true), Inventory(ent: false)), ("efran", Inventory(efran: true), Inventory(efran: false)),
                     ("profan", Inventory(profan: true), Inventory(profan: false)), ("college-lab", Inventory(lab: true), Inventory(lab: false)),
                 })
        {
            Assert.Equal(1, Read(id, School(yes))!.Value.Value);
            Assert.Equal(0, Read(id, School(no))!.Value.Value);
            Assert.Null(Read(id, School(Inventory())));
        }
    }

    [Fact]
    public void Priority_education_is_read_from_the_annuaire_only_and_blank_means_outside()
    {
        Assert.Equal("REP+", Read("education-prioritaire", School(priority: " REP+ "))!.Value.Band);
        Assert.Equal("hors", Read("education-prioritaire", School(priority: " "))!.Value.Band);
        Assert.Equal("hors", Read("education-prioritaire", School())!.Value.Band);
        Assert.Null(Read("education-prioritaire", School(priority: "REP", source: SourceAttribution.For(CollegesSource.Definition, "2024"))));
        Assert.Equal(104.5, Read("ips", School(types: ["Collège"], ips: 104.5))!.Value.Value);
    }

    [Fact]
    public void A_school_holds_figures_from_its_identity_source_and_from_each_source_that_gives_it_one()
    {
        Assert.Equal([SourceCatalog.Annuaire.Id], IndicatorCatalogue.SourcesOf(School()));
        var full = School(Inventory(devices: 1), types: ["Collège"], sites4G: 2, ips: 99) with { PupilsRentree = 2024 };
        Assert.Equal([SourceCatalog.Annuaire.Id, ECarto.Sources.Effectifs.EffectifsSource.Definition.Id, ECarto.Sources.Ips.IpsSource.Definition.Id, ArcepMobileSource.Definition.Id, "inventaire"],
            IndicatorCatalogue.SourcesOf(full));
        Assert.Equal(["college"], IndicatorCatalogue.ListedTypes(CollegesSource.Definition.Id));
        Assert.Equal(IndicatorCatalogue.TypeGroups, IndicatorCatalogue.ListedTypes(SourceCatalog.Annuaire.Id));
        Assert.Equal("prive", IndicatorCatalogue.SectorOf(School() with { Sector = "Privé" }));
        Assert.Null(IndicatorCatalogue.SectorOf(School() with { Sector = "" }));
    }
}
