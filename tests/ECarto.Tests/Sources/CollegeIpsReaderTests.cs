using System.Globalization;
using ECarto.Sources;
using ECarto.Sources.Ips;

namespace ECarto.Tests.Sources;

public class CollegeIpsReaderTests
{
    private static string SamplePath => ReaderTestKit.SamplePath(IpsSource.Definition);

    private const string Header = "Rentrée scolaire;UAI;IPS;Ecart-type de l'IPS";

    private static Task<List<RowResult<CollegeIps>>> ReadTextAsync(string text, System.Text.Encoding? encoding = null) =>
        ReaderTestKit.ReadTextAsync<CollegeIps>(text, CollegeIpsReader.ReadAsync, encoding);

    [Fact]
    public async Task Reads_every_row_of_the_real_file()
    {
        var rows = await ReaderTestKit.ReadFileAsync<CollegeIps>(SamplePath, CollegeIpsReader.ReadAsync);
        var raw = ReaderTestKit.RawLines(SamplePath);
        var data = raw.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();

        Assert.Equal(Header, raw[0]);
        Assert.Equal(6973, data.Count);
        Assert.Equal(data.Count, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        Assert.Equal(Enumerable.Range(2, data.Count), rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.Equal(2023, r.Value!.Rentree));
        Assert.Equal(data.Min(r => double.Parse(r[2], CultureInfo.InvariantCulture)), rows.Min(r => r.Value!.Ips));
        Assert.Equal(data.Max(r => double.Parse(r[2], CultureInfo.InvariantCulture)), rows.Max(r => r.Value!.Ips));

        var first = rows[0].Value!;
        Assert.Equal(("0010026Y", 111.1, 32.8), (first.Uai, first.Ips, first.IpsStandardDeviation!.Value));
        var toulouse = rows.Single(r => r.Value!.Uai == "0311093V").Value!;
        Assert.Equal(111.0, toulouse.Ips);
        Assert.Equal(39.6, toulouse.IpsStandardDeviation);
    }

    [Fact]
    public async Task Reads_the_explore_export_layout_with_a_school_year_and_decimal_commas()
    {
        const string text =
            "rentree_scolaire;academie;code_du_departement;departement;uai;nom_de_l_etablissment;code_insee_de_la_commune;nom_de_la_commune;secteur;ips;ecart_type_de_l_ips\n" +
            "2023-2024;TOULOUSE;031;HAUTE-GARONNE;0311093V;COLLEGE PIERRE DE FERMAT;31555;TOULOUSE;public;111,0;39,6\n";
        var line = Assert.Single(await ReadTextAsync(text)).Value!;
        Assert.Equal(2023, line.Rentree);
        Assert.Equal(111.0, line.Ips);
        Assert.Equal(39.6, line.IpsStandardDeviation);
        Assert.Equal("31555", line.CommuneCode);
        Assert.Equal("COLLEGE PIERRE DE FERMAT", line.Name);
    }

    [Theory]
    [InlineData("2023;0010026Y;250;32.8", "hors de l'intervalle plausible 40–200")]
    [InlineData("2023;0010026Y;12;32.8", "hors de l'intervalle plausible 40–200")]
    [InlineData("2023;0010026Y;N.C.;32.8", "IPS non communiqué")]
    [InlineData("2023;0010026Y;abc;32.8", "IPS « abc »")]
    [InlineData("2023;0010026Y;111.1;-2", "écart-type de l'IPS « -2 »")]
    [InlineData("2023;001002Y;111.1;32.8", "UAI « 001002Y » invalide")]
    [InlineData("vingt;0010026Y;111.1;32.8", "rentrée scolaire « vingt » invalide")]
    public async Task A_bad_row_is_rejected_with_its_line_and_reason(string line, string reason)
    {
        var rows = await ReadTextAsync($"{Header}\n2023;0010035H;78.1;30.4\n{line}\n");
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains(reason, rows[1].Rejection);
    }

    [Fact]
    public async Task A_standard_deviation_not_communicated_is_null_not_zero()
    {
        var line = Assert.Single(await ReadTextAsync($"{Header}\n2023;0010026Y;111.1;N.C.\n")).Value!;
        Assert.Null(line.IpsStandardDeviation);
    }

    [Fact]
    public async Task The_same_uai_twice_in_a_rentree_is_a_duplicate()
    {
        var rows = await ReadTextAsync($"{Header}\n2023;0010026Y;111.1;32.8\n2022;0010026Y;110.0;32.0\n2023;0010026Y;99.0;30.0\n");
        Assert.True(rows[0].IsAccepted);
        Assert.True(rows[1].IsAccepted);
        Assert.Equal("doublon de la ligne 2 (0010026Y)", rows[2].Rejection);
    }

    [Fact]
    public async Task A_missing_required_column_fails_the_file_naming_the_column()
    {
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync("Rentrée scolaire;UAI;Indice;Ecart-type\n2023;0010026Y;111.1;32.8\n"));
        Assert.Contains("IPS", error.Message);
    }

    [Fact]
    public async Task A_truncated_last_line_is_rejected()
    {
        var rows = await ReadTextAsync($"{Header}\n2023;0010026Y;111.1;32.8\n2023;0010035H;78");
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains("ligne incomplète", rows[1].Rejection);
    }

    [Fact]
    public async Task Reads_a_windows_1252_header_through_accent_folding()
    {
        var rows = await ReadTextAsync($"{Header}\n2023;0010026Y;111.1;32.8\n", ReaderTestKit.Windows1252);
        var line = Assert.Single(rows).Value!;
        Assert.Equal((2023, 32.8), (line.Rentree!.Value, line.IpsStandardDeviation!.Value));
    }

    [Fact]
    public async Task Text_that_looks_like_a_formula_is_kept_as_text()
    {
        const string text = "uai;ips;nom_de_l_etablissement\n0010026Y;111.1;=cmd|' /C calc'!A0\n";
        Assert.Equal("=cmd|' /C calc'!A0", Assert.Single(await ReadTextAsync(text)).Value!.Name);
    }
}
