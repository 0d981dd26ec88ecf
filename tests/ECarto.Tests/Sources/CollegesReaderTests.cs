using ECarto.Sources;
using ECarto.Sources.Colleges;

namespace ECarto.Tests.Sources;

public class CollegesReaderTests
{
    private static string SamplePath => ReaderTestKit.SamplePath(CollegesSource.Definition);

    private static Task<List<RowResult<CollegeLine>>> ReadTextAsync(string text, System.Text.Encoding? encoding = null) =>
        ReaderTestKit.ReadTextAsync<CollegeLine>(text, CollegesReader.ReadAsync, encoding);

    /// <summary>The real header and the real line of the collège de Jastres (Aubenas), as a template for variants.</summary>
    private static (string Header, string Jastres) HeaderAndJastres()
    {
        var lines = ReaderTestKit.RawLines(SamplePath);
        return (lines[0], lines.First(l => l.StartsWith("0071245R;", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_sample_file_has_no_quoted_separator_so_the_raw_split_of_the_tests_is_sound()
    {
        var lines = ReaderTestKit.RawLines(SamplePath);
        Assert.All(lines, l => Assert.Equal(35, l.Split(';').Length));
    }

    [Fact]
    public async Task Reads_every_college_of_the_real_file()
    {
        var rows = await ReaderTestKit.ReadFileAsync<CollegeLine>(SamplePath, CollegesReader.ReadAsync);
        var raw = ReaderTestKit.RawLines(SamplePath);
        var header = raw[0].Split(';');
        var data = raw.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();

        Assert.Equal(7654, data.Count);
        Assert.Equal(data.Count, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        Assert.Equal(Enumerable.Range(2, data.Count), rows.Select(r => r.Line));

        // A collège just opened or to open may have no name yet: accepted, with a null name.
        Assert.Equal(data.Count(r => r[1].Length == 0), rows.Count(r => r.Value!.Name is null));
        Assert.Null(rows.Single(r => r.Value!.Uai == "0342580V").Value!.Name);

        var latitude = Array.IndexOf(header, "latitude");
        Assert.Equal(data.Count(r => r[latitude].Length > 0), rows.Count(r => r.Value!.Latitude is not null));
        var commune = Array.IndexOf(header, "code_commune");
        // Municipal arrondissements are kept as published: 751xx, 6938x, 132xx.
        Assert.Equal(data.Count(r => r[commune].StartsWith("751", StringComparison.Ordinal)), rows.Count(r => r.Value!.CommuneCode.StartsWith("751", StringComparison.Ordinal)));
        Assert.Contains(rows, r => r.Value!.CommuneCode.StartsWith("6938", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Value!.CommuneCode.StartsWith("132", StringComparison.Ordinal));

        var foucauld = rows.Single(r => r.Value!.Uai == "0071168G").Value!;
        Assert.Equal("Collège privé Charles de Foucauld", foucauld.Name);
        Assert.Equal("07129", foucauld.CommuneCode);
        Assert.Equal("Lamastre", foucauld.CommuneName);
        Assert.Equal("07", foucauld.DepartementCode);
        Assert.Equal("Privé", foucauld.Sector);
        Assert.Equal("CONTRAT D'ASSOCIATION TOUTES CLASSES", foucauld.PrivateContract);
        Assert.Equal(44.98511168476998, foucauld.Latitude!.Value, 12);
        Assert.Equal(4.584419934777967, foucauld.Longitude!.Value, 12);
        Assert.Equal(824876.1, foucauld.ProjectedX!.Value, 6);
        Assert.Equal("EPSG:2154", foucauld.Crs);
        Assert.Equal(new DateOnly(1973, 10, 25), foucauld.OpeningDate);
        Assert.Equal("Grenoble", foucauld.AcademieName);

        var jastres = rows.Single(r => r.Value!.Uai == "0071245R").Value!;
        Assert.Equal("Public", jastres.Sector);
        Assert.Null(jastres.PrivateContract);

        // Quotes inside fields (« Collège privé "Maison Jacques Sevin" ») do not shift the columns.
        var sevin = rows.Single(r => r.Value!.Uai == "0241357V").Value!;
        Assert.Equal("Collège privé \"Maison Jacques Sevin\"", sevin.Name);
        Assert.Contains("MAISON JACQUES SEVIN", sevin.Patronym);
        Assert.Equal(("Privé", "24061", 45.044996379499615), (sevin.Sector, sevin.CommuneCode, sevin.Latitude!.Value));

        // Overseas collèges without coordinates are accepted with null coordinates, not zeros.
        var rikitea = rows.Single(r => r.Value!.Uai == "9840419H").Value!;
        Assert.Null(rikitea.Latitude);
        Assert.Null(rikitea.ProjectedX);
        Assert.Equal("987", rikitea.DepartementCode);
    }

    [Fact]
    public async Task Reads_a_windows_1252_file_as_well_as_utf8()
    {
        var (header, jastres) = HeaderAndJastres();
        var rows = await ReadTextAsync($"{header}\n{jastres}\n", ReaderTestKit.Windows1252);
        var line = Assert.Single(rows).Value!;
        Assert.Equal("Collège de Jastres", line.Name);
        Assert.Equal("Ardèche", line.DepartementName);
    }

    [Fact]
    public async Task A_missing_required_column_fails_the_file_naming_the_column()
    {
        var (header, jastres) = HeaderAndJastres();
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync($"{header.Replace("code_commune", "commune_code_x")}\n{jastres}\n"));
        Assert.Contains("code_commune", error.Message);
    }

    [Fact]
    public async Task A_truncated_last_line_is_rejected_not_read_as_blanks()
    {
        var (header, jastres) = HeaderAndJastres();
        var rows = await ReadTextAsync($"{header}\n{jastres}\n{jastres.Replace("0071245R", "0071246S")[..120]}");
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains("ligne incomplète", rows[1].Rejection);
    }

    [Theory]
    [InlineData("44.617026299369925;4.3966506017913805;", "48.0;-30.0;", "hors de France")]
    [InlineData("44.617026299369925;4.3966506017913805;", "quarante;4.39;", "coordonnées illisibles")]
    [InlineData("44.617026299369925;4.3966506017913805;", ";4.39;", "coordonnées illisibles")]
    [InlineData("810801.8;6391861.4;", "810801.8;x;", "coordonnées projetées illisibles")]
    [InlineData(";07019;", ";26019;", "hors du département 07")]
    [InlineData(";07019;", ";0701;", "code commune « 0701 » invalide")]
    [InlineData("0071245R", "007124R", "UAI « 007124R » invalide")]
    [InlineData("1977-02-28", "28/02/1977", "date d'ouverture")]
    public async Task A_bad_row_is_rejected_with_its_line_number_and_reason(string find, string replace, string reason)
    {
        var (header, jastres) = HeaderAndJastres();
        var bad = jastres.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(jastres, bad);
        var rows = await ReadTextAsync($"{header}\n{jastres.Replace("0071245R", "0071246S")}\n{bad}\n");

        Assert.True(rows[0].IsAccepted);
        Assert.False(rows[1].IsAccepted);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains(reason, rows[1].Rejection);
    }

    [Fact]
    public async Task A_uai_seen_twice_is_a_duplicate_reported_with_the_first_line()
    {
        var (header, jastres) = HeaderAndJastres();
        var rows = await ReadTextAsync($"{header}\n{jastres}\n{jastres.Replace("Collège de Jastres", "Autre nom")}\n");
        Assert.True(rows[0].IsAccepted);
        Assert.Equal("doublon de la ligne 2 (0071245R)", rows[1].Rejection);
    }

    [Fact]
    public async Task Text_that_looks_like_a_formula_is_kept_as_text()
    {
        var (header, jastres) = HeaderAndJastres();
        const string formula = "=cmd|' /C calc'!A0";
        var rows = await ReadTextAsync($"{header}\n{jastres.Replace("Collège de Jastres", formula)}\n");
        Assert.Equal(formula, Assert.Single(rows).Value!.Name);
    }

    [Fact]
    public async Task Not_communicated_markers_are_missing_values()
    {
        var (header, jastres) = HeaderAndJastres();
        var fields = jastres.Split(';');
        var columns = header.Split(';');
        fields[Array.IndexOf(columns, "latitude")] = "N.C.";
        fields[Array.IndexOf(columns, "longitude")] = "-";
        // Without latitude/longitude the projected X/Y would locate the collège: not communicated either.
        fields[Array.IndexOf(columns, "coordonnee_x")] = "N.C.";
        fields[Array.IndexOf(columns, "coordonnee_y")] = "#N/A";
        fields[Array.IndexOf(columns, "libelle_commune")] = "N.C.";
        var line = Assert.Single(await ReadTextAsync($"{header}\n{string.Join(';', fields)}\n")).Value!;
        Assert.Null(line.Latitude);
        Assert.Null(line.Longitude);
        Assert.Null(line.ProjectedX);
        Assert.Null(line.CommuneName);
    }
}
