using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Sources;
using ECarto.Sources.Cog;
using ECarto.Territories;

namespace ECarto.Tests.Ingestion;

/// <summary>Every real source ingested once into Azurite, then the published version checked against the raw files.</summary>
public sealed class PublishedEverything(AzuriteFixture azurite) : IAsyncLifetime
{
    public TestPlatform Platform { get; private set; } = null!;
    public IReadOnlyList<IngestionRun> Runs { get; private set; } = [];
    public Dictionary<string, School> Schools { get; private set; } = [];
    public string Version { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Platform = new TestPlatform(azurite.ConnectionString);
        Runs = await Platform.Get<IngestionJobs>().RunAllAsync();
        Schools = (await Platform.PublishedSchoolsAsync()).ToDictionary(s => s.Uai);
        Version = (await Platform.Get<DataVersions>().CurrentAsync())!.Version;
    }

    public async Task DisposeAsync() => await Platform.DisposeAsync();

    public Task<Territory?> TerritoryAsync(string level, string code) => Platform.Get<TerritoryStore>().GetAsync(Version, level, code);
}

[Collection(AzuriteCollection.Name)]
public class CompositionTests(PublishedEverything published) : IClassFixture<PublishedEverything>
{
    private static string[] Lines(string relative) => File.ReadAllLines(Path.Combine(TestData.Root, "data", relative));

    [Fact]
    public void Every_source_ran_and_read_equals_accepted_plus_rejected()
    {
        Assert.Equal(SourceCatalog.All.Select(s => s.Id).Order(), published.Runs.Select(r => r.Source).Order());
        Assert.All(published.Runs, r =>
        {
            Assert.Equal(RunStatus.Succeeded, r.Status);
            Assert.Equal(r.Read, r.Accepted + r.Rejected);
        });
        // The one known bad line: the last mobile site, with « #N/A » coordinates.
        var mobile = published.Runs.Single(r => r.Source == "arcep-mobile");
        Assert.Equal(Lines("arcep-mobile/2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv").Length - 1, mobile.Read);
        Assert.Equal(1, mobile.Rejected);
    }

    [Fact]
    public void A_commune_merged_since_the_annuaire_is_mapped_to_todays_commune_keeping_the_source_code()
    {
        var (header, rows) = TestData.AnnuaireRaw();
        var code = Array.IndexOf(header, "Code_commune");
        var uai = Array.IndexOf(header, "Identifiant_de_l_etablissement");
        var school = rows.First(r => r[code] == "12076")[uai];

        Assert.Equal("12076", published.Schools[school].CommuneCodeInSource);
        Assert.Equal("12218", published.Schools[school].CommuneCode);
        Assert.All(published.Schools.Values.Where(s => s.CommuneCodeInSource is null), s => Assert.DoesNotContain(s.CommuneCode, new[] { "12076", "32260", "46217" }));
    }

    [Fact]
    public void Colleges_of_the_whole_of_france_are_establishments_and_arrondissements_map_to_their_city()
    {
        var lines = Lines("annuaire/fr-en-adresse-et-geolocalisation_colleges_france_2024.csv");
        var header = lines[0].TrimStart('\uFEFF').Split(';');
        var uai = Array.IndexOf(header, "numero_uai");
        var commune = Array.FindIndex(header, h => h.StartsWith("code_commune", StringComparison.Ordinal));
        var colleges = lines.Skip(1).Select(l => l.Split(';')).ToList();
        var (_, annuaire) = TestData.AnnuaireRaw();
        var expected = annuaire.Select(r => r[0]).Concat(colleges.Select(c => c[uai])).Distinct().Count();

        Assert.Equal(expected, published.Schools.Count);
        var paris = colleges.First(c => c[commune].StartsWith("751", StringComparison.Ordinal) && c[commune] != "75056");
        var school = published.Schools[paris[uai]];
        Assert.Equal("75056", school.CommuneCode);
        Assert.Equal("Paris", school.CommuneName);
        Assert.Equal(paris[commune], school.ArrondissementCode);
        Assert.Contains("adresse et géolocalisation", school.Source.Dataset, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Lycees_get_their_pupils_from_the_latest_rentree_and_colleges_their_ips()
    {
        var fermat = published.Schools["0310036W"];
        Assert.True(fermat.Mobile!.Sites4G > 0);
        Assert.Equal(2_000, fermat.Mobile.RadiusMeters);
        // The Arcep sites file covers metropolitan France only: overseas schools get no figure, rather than a false zero.
        Assert.All(published.Schools.Values.Where(s => s.DepartementCode.Length == 3), s => Assert.Null(s.Mobile));
        Assert.Contains(published.Schools.Values, s => s.DepartementCode.Length == 3);
        Assert.Equal(957, fermat.Pupils);
        Assert.Equal(2021, fermat.PupilsRentree);

        var ipsLines = Lines("complements/ips_colleges_2023_france.csv");
        var header = ipsLines[0].TrimStart('\uFEFF').Split(';');
        var uaiColumn = Array.FindIndex(header, h => h.Contains("uai", StringComparison.OrdinalIgnoreCase));
        var college = ipsLines.Skip(1).Select(l => l.Split(';')[uaiColumn]).First(published.Schools.ContainsKey);
        Assert.NotNull(published.Schools[college].Ips);
        Assert.InRange(published.Schools[college].Ips!.Value, 40, 200);
        // An école has no IPS (the file is about collèges).
        var ecoles = published.Schools.Values.Where(s => s.Types.SequenceEqual(["École"])).ToList();
        Assert.NotEmpty(ecoles);
        Assert.All(ecoles, s => Assert.Null(s.Ips));
    }

    [Fact]
    public void A_demonstration_inventory_counts_the_pupils_the_fiche_shows()
    {
        // Lycées get their pupils from the effectifs file: the generated inventory must use the same number,
        // or the fiche would show two pupil counts and a wrong number of pupils per terminal.
        var lycees = published.Schools.Values.Where(s => s.PupilsRentree is not null && s.Inventory is not null).ToList();
        Assert.True(lycees.Count > 100, $"{lycees.Count} lycées avec effectifs et inventaire");
        Assert.All(lycees, s => Assert.Equal(s.Pupils, s.Inventory!.Pupils));
        Assert.Equal(957, published.Schools["0310036W"].Inventory!.Pupils);
        // Écoles take theirs from the annuaire, as the fiche does.
        Assert.All(published.Schools.Values.Where(s => s.Pupils is not null && s.PupilsRentree is null && s.Inventory is not null),
            s => Assert.Equal(s.Pupils, s.Inventory!.Pupils));
    }

    [Fact]
    public void A_demonstration_inventory_never_invents_pupils_and_its_pupils_per_terminal_is_nc_without_them()
    {
        // Every generated inventory carries exactly the pupils the sources give its school: none made up.
        var demonstration = published.Schools.Values.Where(s => s.Inventory is { IsDemonstration: true }).ToList();
        Assert.True(demonstration.Count > 5000);
        Assert.All(demonstration, s => Assert.Equal(s.Pupils, s.Inventory!.Pupils));
        // The collèges have no known pupils (the annuaire gives none): equipment, but no pupils per terminal.
        var unknown = demonstration.Where(s => s.Pupils is null && s.Types.Contains("Collège")).ToList();
        Assert.True(unknown.Count > 500, $"{unknown.Count} collèges sans effectif");
        Assert.All(unknown, s =>
        {
            Assert.NotNull(s.Inventory!.Devices);
            Assert.Null(s.Inventory.PupilsPerDevice);
        });
        // Where the pupils are known, the ratio is theirs.
        var fermat = published.Schools["0310036W"].Inventory!;
        Assert.Equal(Math.Round(957.0 / fermat.Devices!.Value, 1), fermat.PupilsPerDevice);
    }

    [Fact]
    public async Task Arcep_figures_of_merged_communes_are_summed_into_todays_commune_and_nothing_is_lost()
    {
        var lines = Lines("arcep-fixe/arcep_maconnexioninternet_communes_2022T4.csv").Skip(1).Select(l => l.Split(';')).ToList();
        var expectedPremises = lines.Sum(l => long.Parse(l[4]));

        var france = await published.TerritoryAsync(TerritoryLevel.France, "FR");
        Assert.Equal(expectedPremises, france!.Premises);

        // A commune that absorbed others carries their codes and the sum of their premises.
        var referential = await CommuneReferential.LoadAsync(Path.Combine(TestData.Root, "data", "referentiel-admin"));
        var notCurrent = lines.Where(l => !referential.IsCurrent(l[0])).ToList();
        Assert.Equal(92, notCurrent.Count);
        foreach (var sample in notCurrent.Take(5))
        {
            var target = referential.Resolve(sample[0])!.Code;
            var expected = lines.Where(l => referential.Resolve(l[0])?.Code == target).Sum(l => long.Parse(l[4]));
            var territory = await published.TerritoryAsync(TerritoryLevel.Commune, target);
            Assert.Contains(sample[0], territory!.MergedCodes);
            Assert.Equal(expected, territory.Premises);
        }
    }

    [Fact]
    public async Task Territories_count_the_schools_of_their_communes()
    {
        var toulouse = await published.TerritoryAsync(TerritoryLevel.Academie, "16");
        Assert.NotNull(toulouse);
        Assert.Equal(TestData.DistinctUaiByAcademieAndType()[("Toulouse", "Collège")], toulouse.SchoolsByType["Collège"]);
        var commune = await published.TerritoryAsync(TerritoryLevel.Commune, "31555");
        Assert.Equal("Toulouse", commune!.Name);
        // Schools only: the rectorat, the CIOs and the médico-social establishments of Toulouse are not counted.
        var (header, rows) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        string[] schoolTypes = ["Ecole", "Collège", "Lycée", "EREA"];
        var toulouseRows = rows.Where(r => r[Col("Code_commune")] == "31555").ToList();
        var expected = toulouseRows.Where(r => schoolTypes.Contains(r[Col("Type_etablissement")]))
            .Select(r => r[Col("Identifiant_de_l_etablissement")]).Distinct().ToList();
        var others = toulouseRows.Where(r => !schoolTypes.Contains(r[Col("Type_etablissement")]))
            .Select(r => r[Col("Identifiant_de_l_etablissement")]).Except(expected).Distinct().ToList();
        Assert.True(others.Count > 10, $"{others.Count} entrées hors écoles à Toulouse");
        var collegesOnlyFile = published.Schools.Values.Count(s => s.CommuneCode == "31555" && s.Source.SourceId == "colleges");
        Assert.Equal(expected.Count + collegesOnlyFile, commune.Schools);
        Assert.All(commune.SchoolsByType.Keys, type => Assert.Contains(type, new[] { "École", "Collège", "Lycée", "EREA" }));
    }

    [Fact]
    public async Task An_administrative_service_is_published_but_never_counted_as_a_school()
    {
        var (header, rows) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        var rectorat = rows.First(r => r[Col("libelle_nature")] == "RECTORAT");
        var uai = rectorat[Col("Identifiant_de_l_etablissement")];

        // Still there, reachable by its type...
        Assert.Equal(["Service Administratif"], published.Schools[uai].Types);
        // ...but France counts only écoles, collèges, lycées and EREA open today, each once (the collèges
        // file lists 13 collèges « A OUVRIR »: not counted yet).
        var france = await published.TerritoryAsync(TerritoryLevel.France, "FR");
        string[] schoolTypes = ["École", "Collège", "Lycée", "EREA"];
        var schools = published.Schools.Values.Where(s => s.Types.Any(schoolTypes.Contains) && s.State is null or "OUVERT" or "A FERMER").ToList();
        Assert.Equal(13, published.Schools.Values.Count(s => s.State == "A OUVRIR"));
        Assert.True(schools.Count < published.Schools.Count);
        Assert.Equal(schools.Count, france!.Schools);
        Assert.DoesNotContain("Service Administratif", france.SchoolsByType.Keys);
        Assert.DoesNotContain("Médico-social", france.SchoolsByType.Keys);
    }

    [Fact]
    public void A_college_whose_official_name_is_a_placeholder_is_named_after_its_patronym()
    {
        // The national collèges file names 9840401N « A COMPLETER », patronyme « DE MAKEMO ».
        var line = Lines("annuaire/fr-en-adresse-et-geolocalisation_colleges_france_2024.csv").Single(l => l.StartsWith("9840401N;", StringComparison.Ordinal));
        Assert.Contains(";A COMPLETER;", line);
        Assert.Equal("Collège de Makemo", published.Schools["9840401N"].Name);
        Assert.Equal("Collège de Makemo", published.Schools["9840401N"].Sites.Single().Name);
        Assert.DoesNotContain(published.Schools.Values, s => s.Name == "A COMPLETER");
    }

    [Fact]
    public void A_line_with_no_type_is_kept_with_the_type_non_renseigne()
    {
        var (header, rows) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        var untyped = rows.Where(r => r[Col("Type_etablissement")].Length == 0).Select(r => r[Col("Identifiant_de_l_etablissement")]).ToList();
        Assert.NotEmpty(untyped);
        Assert.All(untyped, uai => Assert.Equal(["non renseigné"], published.Schools[uai].Types));
    }

    [Theory]
    // Same code as today's commune nouvelle: the source still writes the name of the chef-lieu's commune déléguée.
    [InlineData("0320241N", "32365", "Cap d'Astarac", "Saint-Blancard")]
    [InlineData("0120029S", "12270", "Sévérac d'Aveyron", "Sévérac-le-Château")]
    [InlineData("0120028R", "12224", "Saint Geniez d'Olt et d'Aubrac", "Saint-Geniez-d'Olt")]
    // The source already writes today's name (or only lost its accents): no commune déléguée.
    [InlineData("0120919J", "12270", "Sévérac d'Aveyron", null)]
    [InlineData("0460568T", "46083", "Cressensac-Sarrazac", null)]
    public void A_school_shows_todays_commune_name_and_its_commune_deleguee(string uai, string code, string commune, string? deleguee)
    {
        var school = published.Schools[uai];
        Assert.Equal(code, school.CommuneCode);
        Assert.Equal(commune, school.CommuneName);
        Assert.Equal(deleguee, school.CommuneDelegueeName);
        Assert.Null(school.CommuneCodeInSource);
        // One commune, one name: every school of that code shows today's.
        Assert.All(published.Schools.Values.Where(s => s.CommuneCode == code), s => Assert.Equal(commune, s.CommuneName));
    }

    [Fact]
    public void A_name_that_lost_its_accents_in_the_source_is_shown_with_the_cog_spelling()
    {
        var (header, rows) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        var line = rows.First(r => r[Col("Nom_commune")] == "Puy-l'Evêque");
        var school = published.Schools[line[Col("Identifiant_de_l_etablissement")]];
        Assert.Equal("Puy-l'Évêque", school.CommuneName);
        Assert.Null(school.CommuneDelegueeName);
    }

    [Fact]
    public async Task A_merged_commune_lists_each_merged_code_once()
    {
        // Fleurigné (35112) is in both Arcep files; it joined La Chapelle-Fleurigné (35062).
        var commune = await published.TerritoryAsync(TerritoryLevel.Commune, "35062");
        Assert.Equal("La Chapelle-Fleurigné", commune!.Name);
        Assert.Equal(["35112"], commune.MergedCodes);
        foreach (var code in new[] { "12270", "12224", "32365", "46083" })
        {
            var territory = await published.TerritoryAsync(TerritoryLevel.Commune, code);
            Assert.Equal(territory!.MergedCodes.Distinct().Count(), territory.MergedCodes.Count);
        }
    }
}
