using System.Text;
using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Annuaire;

namespace ECarto.Tests.Sources;

public class AnnuaireReaderTests
{
    private static async Task<List<RowResult<AnnuaireLine>>> ReadAsync(Stream stream)
    {
        using var reader = await SourceText.OpenAsync(stream);
        var rows = new List<RowResult<AnnuaireLine>>();
        await foreach (var row in AnnuaireReader.ReadAsync(reader)) rows.Add(row);
        return rows;
    }

    private static Task<List<RowResult<AnnuaireLine>>> ReadTextAsync(string text, Encoding? encoding = null) =>
        ReadAsync(new MemoryStream((encoding ?? new UTF8Encoding(false)).GetBytes(text)));

    /// <summary>The real header and the real line of the lycée Pierre de Fermat, as a template for variants.</summary>
    private static (string Header, string Fermat) RealHeaderAndFermat()
    {
        var lines = File.ReadLines(TestData.AnnuairePath).ToList();
        return (lines[0].TrimStart('\uFEFF'), lines.First(l => l.StartsWith("0310036W;", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_sample_file_has_no_quoted_separator_so_the_raw_split_of_the_tests_is_sound()
    {
        var (header, rows) = TestData.AnnuaireRaw();
        Assert.Equal(72, header.Length);
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
    }

    [Fact]
    public async Task Reads_every_line_of_the_real_file_with_its_line_number()
    {
        await using var file = File.OpenRead(TestData.AnnuairePath);
        var rows = await ReadAsync(file);
        var (_, raw) = TestData.AnnuaireRaw();

        Assert.Equal(raw.Count, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        Assert.Equal(Enumerable.Range(2, raw.Count), rows.Select(r => r.Line));

        var fermat = rows.Single(r => r.Value!.Uai == "0310036W").Value!;
        Assert.Equal("Lycée général Pierre de Fermat", fermat.Name);
        Assert.Equal("Lycée", fermat.Type);
        Assert.Equal("31", fermat.DepartementCode);
        Assert.Equal("Toulouse", fermat.CommuneName);
        Assert.Equal("31555", fermat.CommuneCode);
        Assert.Equal(43.6032751508944, fermat.Latitude!.Value, 10);
        Assert.Equal("Parvis des Jacobins, BP 91021", fermat.Address);
    }

    [Fact]
    public async Task Merges_multi_line_uais_into_one_establishment_keeping_every_line()
    {
        await using var file = File.OpenRead(TestData.AnnuairePath);
        var merged = new AnnuaireSchools(SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26"));
        foreach (var row in await ReadAsync(file)) Assert.Null(merged.Add(row.Line, row.Value!));
        var schools = merged.Schools().ToDictionary(s => s.Uai);
        var (header, raw) = TestData.AnnuaireRaw();

        Assert.Equal(raw.Select(r => r[0]).Distinct().Count(), schools.Count);
        var cite = schools["0342266D"];
        Assert.Equal(["Collège", "Lycée"], cite.Types);
        Assert.Equal(2, cite.Sites.Count);
        Assert.Contains(cite.Sites, s => s.Name == "Cité scolaire Françoise Combes (lycée)");
        var annexe = schools["0311631E"];
        Assert.Equal(["6 boulevard Michelet", "17 rue Larrey"], annexe.Sites.Select(s => s.Address));
    }

    [Fact]
    public async Task Reads_a_windows_1252_file_as_well_as_utf8()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var (header, fermat) = RealHeaderAndFermat();
        var rows = await ReadTextAsync(header + "\n" + fermat + "\n", Encoding.GetEncoding(1252));
        var line = Assert.Single(rows).Value!;
        Assert.Equal("Lycée général Pierre de Fermat", line.Name);
        Assert.Equal("Haute-Garonne", line.DepartementName);
    }

    [Fact]
    public async Task Reads_a_windows_1252_file_whose_first_accent_comes_after_the_first_64_KB()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var lines = File.ReadLines(TestData.AnnuairePath).Where(l => l.Length > 0).ToList();
        lines[0] = lines[0].TrimStart('\uFEFF');
        // The real lines, the first 400 (≈ 200 KB) stripped of every accent: the first byte that is not
        // ASCII, hence not UTF-8, comes well after the first 64 KB.
        static string Ascii(string line) => new(line.Normalize(NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .Select(c => c < 128 ? c : '-').ToArray());
        const int Folded = 400;
        var text = string.Join('\n', lines.Select((l, i) => i <= Folded ? Ascii(l) : l)) + "\n";
        var bytes = Encoding.GetEncoding(1252).GetBytes(text);
        Assert.True(Array.FindIndex(bytes, b => b >= 128) > 64 * 1024);
        var path = Path.Combine(Path.GetTempPath(), $"ecarto-annuaire-1252-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllBytesAsync(path, bytes);
            await using var file = File.OpenRead(path);
            var rows = await ReadAsync(file);

            await using var original = File.OpenRead(TestData.AnnuairePath);
            var expected = await ReadAsync(original);
            Assert.Equal(expected.Count, rows.Count);
            Assert.All(rows.Zip(expected).Skip(Folded), pair => Assert.Equal(pair.Second.Value!.Name, pair.First.Value!.Name));
            Assert.Contains(rows.Skip(Folded), r => r.Value!.Name.Contains('é'));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_missing_required_column_fails_the_file_naming_the_column()
    {
        var (header, fermat) = RealHeaderAndFermat();
        var without = string.Join(';', header.Split(';').Select(h => h == "Nom_etablissement" ? "Autre_colonne" : h));
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync(without + "\n" + fermat));
        Assert.Contains("Nom_etablissement", error.Message);
    }

    [Fact]
    public async Task Missing_optional_columns_and_other_header_spellings_are_tolerated()
    {
        var text = "numero_uai,Nom de l'établissement,CODE_DEPARTEMENT,Code_commune\n0310036w,Lycée Fermat,031,31555\n";
        var line = Assert.Single(await ReadTextAsync(text)).Value!;
        Assert.Equal("0310036W", line.Uai);
        Assert.Equal("31", line.DepartementCode);
        Assert.Null(line.Latitude);
        Assert.Null(line.Type);
    }

    [Theory]
    [InlineData("0310036W", "031003W", "UAI « 031003W » invalide")]
    [InlineData("43.6032751508944;1.4398952901892104;", "48.0;-30.0;", "hors de France")]
    [InlineData("43.6032751508944;1.4398952901892104;", "quarante;1.4;", "coordonnées illisibles")]
    [InlineData(";31068;31555;", ";31068;3155X;", "code commune « 3155X » invalide")]
    public async Task A_bad_row_is_rejected_with_its_line_number_and_reason(string find, string replace, string reason)
    {
        var (header, fermat) = RealHeaderAndFermat();
        var bad = fermat.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(fermat, bad);
        var other = fermat.Replace("0310036W", "0310037X", StringComparison.Ordinal);
        var rows = await ReadTextAsync($"{header}\n{other}\n{bad}\n");

        Assert.True(rows[0].IsAccepted);
        Assert.False(rows[1].IsAccepted);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains(reason, rows[1].Rejection);
    }

    [Fact]
    public async Task A_truncated_last_line_is_rejected_not_read_as_blanks()
    {
        var (header, fermat) = RealHeaderAndFermat();
        var rows = await ReadTextAsync($"{header}\n{fermat}\n{fermat[..60]}");
        Assert.True(rows[0].IsAccepted);
        Assert.Contains("ligne incomplète", rows[1].Rejection);
        Assert.Equal(3, rows[1].Line);
    }

    [Fact]
    public async Task Not_communicated_markers_are_missing_values_not_zeros()
    {
        var (header, fermat) = RealHeaderAndFermat();
        var columns = header.Split(';');
        var fields = fermat.Split(';');
        fields[Array.IndexOf(columns, "Nombre_d_eleves")] = "N.C.";
        var line = Assert.Single(await ReadTextAsync($"{header}\n{string.Join(';', fields)}\n")).Value!;
        Assert.Null(line.Pupils);
    }

    [Fact]
    public async Task A_repeated_uai_not_flagged_multi_line_is_a_duplicate_but_a_flagged_one_is_a_site()
    {
        var (header, fermat) = RealHeaderAndFermat();
        var merged = new AnnuaireSchools(SourceAttribution.For(SourceCatalog.Annuaire, "x"));
        var rows = await ReadTextAsync($"{header}\n{fermat}\n{fermat.Replace("Parvis des Jacobins", "Autre adresse", StringComparison.Ordinal)}\n{fermat}\n");
        var reasons = rows.Select(r => merged.Add(r.Line, r.Value!)).ToList();

        Assert.Null(reasons[0]);
        Assert.Contains("aucune de ses lignes n'est marquée multi-sites (colonne multi_uai à 0)", reasons[1]);
        Assert.Contains("doublon exact de la ligne 2", reasons[2]);
        Assert.Equal(1, merged.SchoolCount);
        Assert.Equal([3, 4], merged.Rejected.Select(r => r.Line));
    }

    [Fact]
    public async Task Text_that_looks_like_a_formula_is_kept_as_text()
    {
        var (header, fermat) = RealHeaderAndFermat();
        var rows = await ReadTextAsync($"{header}\n{fermat.Replace("Lycée général Pierre de Fermat", "=HYPERLINK(\"http://x\")", StringComparison.Ordinal)}\n");
        Assert.Equal("=HYPERLINK(\"http://x\")", Assert.Single(rows).Value!.Name);
    }

    [Fact]
    public async Task An_empty_file_is_a_format_error()
    {
        await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync(""));
    }

    [Theory]
    [InlineData("031", "31")]
    [InlineData("009", "09")]
    [InlineData("02A", "2A")]
    [InlineData("971", "971")]
    [InlineData("", null)]
    [InlineData("0#1", null)]
    public void Departement_codes_become_cog_codes(string men, string? cog) => Assert.Equal(cog, SourceValues.DepartementCode(men));
}
