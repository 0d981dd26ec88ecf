using System.Text;
using System.Text.RegularExpressions;
using ECarto.Sources;
using ECarto.Sources.Cog;
using ECarto.Sources.Colleges;
using Xunit.Abstractions;

namespace ECarto.Tests.Sources;

public class CogReaderTests(ITestOutputHelper output)
{
    private static string Folder => Path.GetDirectoryName(ReaderTestKit.SamplePath(CogSource.Definition))!;

    private static string FilePath(string name) => Path.Combine(Folder, name);

    private static readonly Lazy<Task<CommuneReferential>> Referential = new(() => CommuneReferential.LoadAsync(Folder));

    private static async Task<List<RowResult<T>>> ReadJsonAsync<T>(Stream stream, Func<Stream, CancellationToken, IAsyncEnumerable<RowResult<T>>> read) where T : class
    {
        var rows = new List<RowResult<T>>();
        await foreach (var row in read(stream, CancellationToken.None)) rows.Add(row);
        return rows;
    }

    private static Task<List<RowResult<CogCommune>>> ReadCommunesAsync(string json, Encoding? encoding = null) =>
        ReadJsonAsync<CogCommune>(new MemoryStream((encoding ?? new UTF8Encoding(false)).GetBytes(json)), CogReader.ReadCommunesAsync);

    private static int Count(string text, string pattern) => Regex.Matches(text, pattern).Count;

    [Fact]
    public async Task Reads_every_commune_of_the_real_file()
    {
        await using var file = File.OpenRead(FilePath(CommuneReferential.CommunesFile));
        var rows = await ReadJsonAsync<CogCommune>(file, CogReader.ReadCommunesAsync);
        var text = await File.ReadAllTextAsync(FilePath(CommuneReferential.CommunesFile));

        Assert.Equal(Count(text, "\"code\":"), rows.Count);
        Assert.Equal(37590, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"élément {r.Line} : {r.Rejection}"));
        Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r.Line));
        var communes = rows.Select(r => r.Value!).ToList();
        Assert.Equal(Count(text, "\"type\":\"commune-actuelle\""), communes.Count(c => c.Kind == CommuneKind.Current));
        Assert.Equal(Count(text, "\"type\":\"arrondissement-municipal\""), communes.Count(c => c.Kind == CommuneKind.MunicipalArrondissement));
        Assert.Equal(Count(text, "\"type\":\"commune-deleguee\""), communes.Count(c => c.Kind == CommuneKind.DelegatedCommune));
        Assert.Equal(Count(text, "\"type\":\"commune-associee\""), communes.Count(c => c.Kind == CommuneKind.AssociatedCommune));
        Assert.Equal(Count(text, "\"anciensCodes\":"), communes.Count(c => c.FormerCodes.Count > 0));

        var toulouse = communes.Single(c => c.Code == "31555" && c.Kind == CommuneKind.Current);
        Assert.Equal(("Toulouse", "31", "76"), (toulouse.Name, toulouse.DepartementCode, toulouse.RegionCode));
        Assert.Contains("31000", toulouse.PostalCodes);
        Assert.True(toulouse.Population > 400_000);
        var paris5 = communes.Single(c => c.Code == "75105");
        Assert.Equal((CommuneKind.MunicipalArrondissement, "75056"), (paris5.Kind, paris5.ParentCode));
    }

    [Fact]
    public async Task Reads_the_departements_regions_and_academies()
    {
        await using var departementsFile = File.OpenRead(FilePath(CommuneReferential.DepartementsFile));
        var departements = await ReadJsonAsync<CogDepartement>(departementsFile, CogReader.ReadDepartementsAsync);
        await using var regionsFile = File.OpenRead(FilePath(CommuneReferential.RegionsFile));
        var regions = await ReadJsonAsync<CogRegion>(regionsFile, CogReader.ReadRegionsAsync);
        var academies = await ReaderTestKit.ReadFileAsync<DepartementAcademie>(FilePath(CommuneReferential.AcademiesFile), DepartementAcademieReader.ReadAsync);

        Assert.Equal(109, departements.Count);
        Assert.Equal(26, regions.Count);
        Assert.Equal(ReaderTestKit.RawLines(FilePath(CommuneReferential.AcademiesFile)).Length - 1, academies.Count);
        Assert.Equal(107, academies.Count);
        Assert.All(departements, r => Assert.True(r.IsAccepted, r.Rejection));
        Assert.All(regions, r => Assert.True(r.IsAccepted, r.Rejection));
        Assert.All(academies, r => Assert.True(r.IsAccepted, r.Rejection));
        Assert.Equal(new CogDepartement("2A", "Corse-du-Sud", "94", "2A004"), departements.Single(d => d.Value!.Code == "2A").Value);
        var haute = academies.Single(a => a.Value!.DepartementCode == "31").Value!;
        Assert.Equal(("16", "Toulouse", "76", "Occitanie"), (haute.AcademieCode, haute.AcademieName, haute.RegionCode, haute.RegionName));
    }

    [Fact]
    public async Task The_referential_loads_without_rejections_and_links_every_level()
    {
        // Its load time is measured by the benchmark (tests/ECarto.Benchmarks, ReaderTimings), never here.
        var referential = await CommuneReferential.LoadAsync(Folder);

        Assert.Empty(referential.Rejected);
        Assert.Equal(34969, referential.CurrentCommunes.Count);
        Assert.All(referential.CurrentCommunes, c =>
        {
            Assert.NotNull(referential.DepartementOf(c.Code));
            Assert.NotNull(referential.RegionOf(c.Code));
        });
        // Every département with communes has its académie, except the TAAF and Clipperton (no schools).
        var withoutAcademie = referential.CurrentCommunes.Select(c => c.DepartementCode!).Distinct().Where(d => referential.Academie(d) is null).Order();
        Assert.Equal(["984", "989"], withoutAcademie);
        Assert.Equal("Toulouse", referential.AcademieOf("31555")!.AcademieName);
        Assert.Equal("Corse", referential.Academie("02A")!.AcademieName);
        Assert.Equal("Guadeloupe", referential.AcademieOf("97701")!.AcademieName);
        Assert.Equal("Occitanie", referential.RegionOf("31555")!.Name);
        Assert.Equal("Haute-Garonne", referential.DepartementOf("31555")!.Name);
    }

    [Fact]
    public async Task The_derived_academies_file_agrees_with_the_colleges_it_was_derived_from()
    {
        var colleges = await ReaderTestKit.ReadFileAsync<CollegeLine>(ReaderTestKit.SamplePath(CollegesSource.Definition), CollegesReader.ReadAsync);
        var fromColleges = colleges.Select(r => r.Value!)
            .GroupBy(c => c.DepartementCode)
            .ToDictionary(g => g.Key, g => g.Select(c => (c.AcademieCode, c.AcademieName)).Distinct().ToList());
        var academies = await ReaderTestKit.ReadFileAsync<DepartementAcademie>(FilePath(CommuneReferential.AcademiesFile), DepartementAcademieReader.ReadAsync);

        Assert.All(fromColleges, kv => Assert.Single(kv.Value));
        Assert.Equal(fromColleges.Keys.Order(), academies.Select(a => a.Value!.DepartementCode).Order());
        Assert.All(academies.Select(a => a.Value!), a => Assert.Equal((a.AcademieCode, a.AcademieName), fromColleges[a.DepartementCode][0]));
    }

    [Theory]
    [InlineData("31555", "31555", CommuneLink.Current, null)]
    [InlineData("75105", "75056", CommuneLink.MunicipalArrondissement, "75105")]
    [InlineData("69381", "69123", CommuneLink.MunicipalArrondissement, "69381")]
    [InlineData("13201", "13055", CommuneLink.MunicipalArrondissement, "13201")]
    [InlineData("32260", "32365", CommuneLink.DelegatedCommune, null)]
    [InlineData("01120", "01262", CommuneLink.AssociatedCommune, null)]
    [InlineData("25549", "25060", CommuneLink.FormerCode, null)]
    [InlineData("01015", "01015", CommuneLink.Current, null)]
    [InlineData(" 2a004 ", "2A004", CommuneLink.Current, null)]
    [InlineData("1001", "01001", CommuneLink.Current, null)]
    public async Task Resolves_a_code_to_its_current_commune(string code, string current, CommuneLink link, string? arrondissement)
    {
        var referential = await Referential.Value;
        var resolved = referential.Resolve(code)!;
        Assert.Equal((current, link, arrondissement), (resolved.Code, resolved.Link, resolved.ArrondissementCode));
        Assert.Equal(referential.Name(current), resolved.Name);
        Assert.True(referential.IsCurrent(resolved.Code));
    }

    [Fact]
    public async Task Keeps_the_detail_of_an_arrondissement_and_returns_null_for_unknown_codes()
    {
        var referential = await Referential.Value;
        var paris5 = referential.Resolve("75105")!;
        Assert.Equal(("Paris", "Paris 5e Arrondissement"), (paris5.Name, paris5.SourceName));
        Assert.Equal(referential.Population("75056"), referential.Population("75105"));
        Assert.False(referential.IsCurrent("75105"));
        Assert.Null(referential.Resolve("99999"));
        Assert.Null(referential.Resolve("abc"));
        Assert.Null(referential.Resolve(null));
        Assert.Null(referential.Name("00000"));
    }

    [Fact]
    public async Task The_three_non_current_codes_of_the_occitanie_annuaire_resolve()
    {
        var referential = await Referential.Value;
        var (header, rows) = TestData.AnnuaireRaw();
        var column = Array.IndexOf(header, "Code_commune");
        var codes = rows.Select(r => r[column]).Where(c => c.Length > 0).ToList();
        var notCurrent = codes.Where(c => !referential.IsCurrent(c)).ToList();

        Assert.Equal(["12076", "32260", "46217"], notCurrent.Distinct().Order());
        Assert.Equal(4, notCurrent.Count); // 12076 (Cassuéjouls, now Argences en Aubrac) has two establishments
        Assert.All(notCurrent, c => Assert.Equal(CommuneLink.DelegatedCommune, referential.Resolve(c)!.Link));
        Assert.Equal(["12218", "32365", "46172"], notCurrent.Distinct().Order().Select(c => referential.Resolve(c)!.Code));
    }

    [Fact]
    public async Task The_92_non_current_codes_of_the_arcep_2022_file_all_resolve()
    {
        var referential = await Referential.Value;
        var codes = ReaderTestKit.RawLines(ReaderTestKit.DataPath("arcep-fixe/arcep_maconnexioninternet_communes_2022T4.csv"))
            .Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')[0]).ToList();
        var notCurrent = codes.Where(c => !referential.IsCurrent(c)).ToList();
        var resolved = notCurrent.Select(c => referential.Resolve(c)).ToList();

        Assert.Equal(92, notCurrent.Count);
        Assert.All(resolved, r => Assert.NotNull(r));
        Assert.Equal(78, resolved.Count(r => r!.Link == CommuneLink.DelegatedCommune));
        Assert.Equal(14, resolved.Count(r => r!.Link == CommuneLink.FormerCode));
        // The other way round: current communes the 2022 file does not have (created or merged since).
        var inFile = codes.ToHashSet();
        output.WriteLine($"{referential.CurrentCommunes.Count(c => !inFile.Contains(c.Code))} communes actuelles absentes du fichier Arcep 2022");
    }

    [Fact]
    public async Task A_bad_element_is_rejected_with_its_position_and_reason()
    {
        const string json = """
            [
              {"code":"31555","nom":"Toulouse","type":"commune-actuelle","departement":"31","region":"76","population":511684},
              {"code":"31556","type":"commune-actuelle"},
              {"code":"3155","nom":"X","type":"commune-actuelle"},
              {"code":"31557","nom":"X","type":"commune-fantome"},
              {"code":"31558","nom":"X","type":"commune-deleguee"},
              {"code":"31559","nom":"X","type":"commune-actuelle","population":"beaucoup"},
              {"code":"31560","nom":"X","type":"commune-actuelle","codesPostaux":"31000"},
              42,
              {"code":"31561","nom":"=cmd|' /C calc'!A0","type":"commune-actuelle"}
            ]
            """;
        var rows = await ReadCommunesAsync(json);
        Assert.Equal(9, rows.Count);
        Assert.True(rows[0].IsAccepted);
        Assert.Equal("commune 31556 : nom absent", rows[1].Rejection);
        Assert.Equal("élément 3 : code commune « 3155 » invalide", rows[2].Rejection);
        Assert.Equal("commune 31557 : type « commune-fantome » inconnu", rows[3].Rejection);
        Assert.Contains("commune de rattachement", rows[4].Rejection);
        Assert.Contains("population « beaucoup » invalide", rows[5].Rejection);
        Assert.Contains("codesPostaux", rows[6].Rejection);
        Assert.Equal("élément 8 : objet attendu, Number lu", rows[7].Rejection);
        Assert.Equal("=cmd|' /C calc'!A0", rows[8].Value!.Name);
        Assert.Equal(9, rows[8].Line);
    }

    [Fact]
    public async Task A_missing_population_is_null_not_zero()
    {
        var commune = Assert.Single(await ReadCommunesAsync("""[{"code":"01001","nom":"L'Abergement","type":"commune-actuelle"}]""")).Value!;
        Assert.Null(commune.Population);
        Assert.Empty(commune.PostalCodes);
    }

    [Fact]
    public async Task A_truncated_file_fails_after_its_complete_elements()
    {
        var text = await File.ReadAllTextAsync(FilePath(CommuneReferential.CommunesFile));
        var third = text.IndexOf("{\"code\":\"01004\"", StringComparison.Ordinal);
        Assert.True(third > 0);
        var rows = new List<RowResult<CogCommune>>();
        var error = await Assert.ThrowsAsync<SourceFormatException>(async () =>
        {
            await foreach (var row in CogReader.ReadCommunesAsync(new MemoryStream(Encoding.UTF8.GetBytes(text[..(third + 30)])))) rows.Add(row);
        });
        // The two complete elements were read; the cut third one fails the file.
        Assert.Contains("JSON illisible après l'élément 2", error.Message);
        Assert.Equal(["01001", "01002"], rows.Select(r => r.Value!.Code));
    }

    [Fact]
    public async Task A_windows_1252_file_fails_clearly_because_json_is_utf8()
    {
        var json = """[{"code":"01001","nom":"L'Abergement-Clémenciat","type":"commune-actuelle"}]""";
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => ReadCommunesAsync(json, ReaderTestKit.Windows1252));
        Assert.Contains("UTF-8", error.Message);
        output.WriteLine(error.Message);
        Assert.Equal("L'Abergement-Clémenciat", Assert.Single(await ReadCommunesAsync(json)).Value!.Name);
    }

    [Fact]
    public async Task An_empty_file_or_an_object_instead_of_an_array_is_a_format_error()
    {
        await Assert.ThrowsAsync<SourceFormatException>(() => ReadCommunesAsync("[]"));
        await Assert.ThrowsAsync<SourceFormatException>(() => ReadCommunesAsync("""{"code":"01001"}"""));
    }

    [Fact]
    public async Task The_academies_file_needs_its_academie_columns()
    {
        var error = await Assert.ThrowsAsync<SourceFormatException>(() =>
            ReaderTestKit.ReadTextAsync<DepartementAcademie>("code_departement_cog;libelle_academie\n31;Toulouse\n", DepartementAcademieReader.ReadAsync));
        Assert.Contains("code_academie", error.Message);
        var rows = await ReaderTestKit.ReadTextAsync<DepartementAcademie>(
            "code_departement_cog;code_academie;libelle_academie\n031;16;Toulouse\n31;16;Toulouse\n3#1;16;Toulouse\n", DepartementAcademieReader.ReadAsync);
        Assert.Equal("31", rows[0].Value!.DepartementCode);
        Assert.Equal("doublon de la ligne 2 (département 31)", rows[1].Rejection);
        Assert.Contains("code département « 3#1 » invalide", rows[2].Rejection);
    }
}
