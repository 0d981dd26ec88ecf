using ECarto.Sources;
using ECarto.Sources.Arcep;

namespace ECarto.Tests.Sources;

public class FtthCommuneReaderTests
{
    private static string SamplePath => ReaderTestKit.SamplePath(ArcepThdSource.Definition);

    private const string Titles = "Réseaux en fibre optique jusqu'à l'abonné (FttH),,,,\nDéploiement par Commune,,,,\n,,,,\n,,,,\n";
    private const string Header = "Code commune,Champ,T3 2017,T4 2017,T1 2018";
    private const string Toulouse = "31555,Locaux Raccordables,203040,209641,218073\n31555,Catégorie,50,50,50\n";
    private const string SaintMartin = "97801,Locaux Raccordables,65,86,143\n97801,Catégorie,5,5,5\n";

    private static Task<List<RowResult<FtthCommune>>> ReadTextAsync(string text, System.Text.Encoding? encoding = null) =>
        ReaderTestKit.ReadTextAsync<FtthCommune>(text, FtthCommuneReader.ReadAsync, encoding);

    [Fact]
    public async Task Reads_every_commune_of_the_real_file_from_its_two_lines()
    {
        var rows = await ReaderTestKit.ReadFileAsync<FtthCommune>(SamplePath, FtthCommuneReader.ReadAsync);
        var raw = ReaderTestKit.RawLines(SamplePath);
        var headerIndex = Array.IndexOf(raw, Header);
        var data = raw.Skip(headerIndex + 1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();

        Assert.Equal(4, headerIndex);
        Assert.Equal(35361 * 2, data.Count);
        Assert.Equal(data.Count / 2, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        // One result per commune, on the line of its « Locaux Raccordables » line.
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => headerIndex + 2 + 2 * i), rows.Select(r => r.Line));
        Assert.All(rows, r => Assert.Equal("T1 2018", r.Value!.Quarter));

        var premises = data.Where(r => r[1] == "Locaux Raccordables").ToList();
        var classes = data.Where(r => r[1] == "Catégorie").ToList();
        Assert.Equal(premises.Sum(r => long.Parse(r[4])), rows.Sum(r => (long)r.Value!.FtthPremises!.Value));
        Assert.Equal(premises.Sum(r => long.Parse(r[2])), rows.Sum(r => (long)r.Value!.Quarters[0].Premises!.Value));
        foreach (var coverage in new[] { 0, 5, 10, 25, 50, 80 })
        {
            Assert.Equal(classes.Count(r => r[4] == coverage.ToString()), rows.Count(r => r.Value!.CoverageClass == coverage));
        }

        var toulouse = rows.Single(r => r.Value!.CommuneCode == "31555").Value!;
        Assert.Equal((218073, 50), (toulouse.FtthPremises!.Value, toulouse.CoverageClass!.Value));
        Assert.Equal(
            [new FtthQuarter("T3 2017", 203040, 50), new FtthQuarter("T4 2017", 209641, 50), new FtthQuarter("T1 2018", 218073, 50)],
            toulouse.Quarters);
        var paris = rows.Single(r => r.Value!.CommuneCode == "75056").Value!;
        Assert.Equal((1484108, 80), (paris.FtthPremises!.Value, paris.CoverageClass!.Value));
        Assert.Contains(rows, r => r.Value!.CommuneCode == "2A004");
    }

    [Fact]
    public async Task The_header_is_found_by_its_content_not_its_position()
    {
        var rows = await ReadTextAsync($"Titre\n\nAutre titre,,,,\nNote : données provisoires\n,,,,\n,,,,\n{Header}\n{Toulouse}");
        var line = Assert.Single(rows);
        Assert.Equal(8, line.Line);
        Assert.Equal(218073, line.Value!.FtthPremises);
    }

    [Fact]
    public async Task Quarter_columns_out_of_order_still_give_the_latest_quarter()
    {
        var rows = await ReadTextAsync($"Code commune,Champ,T1 2018,T3 2017\n31555,Locaux Raccordables,218073,203040\n31555,Catégorie,50,25\n");
        var commune = Assert.Single(rows).Value!;
        Assert.Equal("T1 2018", commune.Quarter);
        Assert.Equal((218073, 50), (commune.FtthPremises!.Value, commune.CoverageClass!.Value));
        Assert.Equal("T3 2017", commune.Quarters[0].Quarter);
    }

    [Fact]
    public async Task A_commune_with_only_one_of_its_two_lines_is_rejected_and_its_neighbours_are_not()
    {
        var text = $"{Titles}{Header}\n{Toulouse}01001,Locaux Raccordables,0,0,0\n{SaintMartin}01002,Catégorie,0,0,0\n";
        var rows = await ReadTextAsync(text);

        Assert.Equal(4, rows.Count);
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(8, rows[1].Line);
        Assert.Equal("commune 01001 : ligne « Catégorie » absente, une seule des deux lignes de la commune", rows[1].Rejection);
        Assert.Equal("97801", rows[2].Value!.CommuneCode);
        Assert.Equal(11, rows[3].Line);
        Assert.Contains("ligne « Locaux Raccordables » absente", rows[3].Rejection);
    }

    [Fact]
    public async Task A_truncated_last_line_rejects_its_commune()
    {
        var text = $"{Titles}{Header}\n{Toulouse}{SaintMartin[..^6]}";
        var rows = await ReadTextAsync(text);
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(8, rows[1].Line);
        Assert.Contains("commune 97801 : ligne 9 incomplète", rows[1].Rejection);
    }

    [Fact]
    public async Task The_same_commune_twice_is_a_duplicate()
    {
        var rows = await ReadTextAsync($"{Header}\n{Toulouse}{SaintMartin}{Toulouse}");
        Assert.Equal(3, rows.Count);
        Assert.Equal(6, rows[2].Line);
        Assert.Equal("doublon de la ligne 2 (commune 31555)", rows[2].Rejection);
    }

    [Theory]
    [InlineData("31555,Catégorie,50,50,30", "catégorie de couverture « 30 » (T1 2018) inconnue")]
    [InlineData("31555,Catégorie,50,50,-1", "valeur « -1 » (T1 2018)")]
    [InlineData("31555,Catégorie,50,cinquante,50", "valeur « cinquante » (T4 2017)")]
    [InlineData("31555,Autre champ,50,50,50", "champ « Autre champ » inconnu")]
    [InlineData("3155,Catégorie,50,50,50", "code commune « 3155 » invalide")]
    public async Task A_bad_value_is_rejected_with_its_reason(string classLine, string reason)
    {
        var rows = await ReadTextAsync($"{Header}\n31555,Locaux Raccordables,203040,209641,218073\n{classLine}\n");
        Assert.Contains(rows, r => r.Rejection?.Contains(reason, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(rows, r => r.IsAccepted);
    }

    [Fact]
    public async Task A_missing_value_is_null_not_zero()
    {
        var commune = Assert.Single(await ReadTextAsync($"{Header}\n31555,Locaux Raccordables,203040,,N.C.\n31555,Catégorie,50,50,\n")).Value!;
        Assert.Null(commune.FtthPremises);
        Assert.Null(commune.CoverageClass);
        Assert.Null(commune.Quarters[1].Premises);
        Assert.Equal(203040, commune.Quarters[0].Premises);
    }

    [Fact]
    public async Task A_file_without_the_header_or_its_champ_column_fails_naming_what_is_missing()
    {
        var noHeader = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync($"{Titles}{Toulouse}"));
        Assert.Contains("Code commune", noHeader.Message);
        var noField = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync($"{Titles}Code commune,Type,T1 2018\n31555,Catégorie,50\n"));
        Assert.Contains("Champ", noField.Message);
        var noQuarter = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync($"Code commune,Champ,Valeur\n31555,Catégorie,50\n"));
        Assert.Contains("trimestre", noQuarter.Message);
    }

    [Fact]
    public async Task Reads_a_windows_1252_file_and_a_semicolon_separated_one()
    {
        var latin = await ReadTextAsync($"{Titles}{Header}\n{Toulouse}", ReaderTestKit.Windows1252);
        Assert.Equal(50, Assert.Single(latin).Value!.CoverageClass);
        var semicolons = await ReadTextAsync($"{Titles}{Header}\n{Toulouse}".Replace(',', ';'));
        Assert.Equal(218073, Assert.Single(semicolons).Value!.FtthPremises);
    }

    [Fact]
    public async Task Text_that_looks_like_a_formula_is_not_a_commune()
    {
        var rows = await ReadTextAsync($"{Header}\n=cmd|' /C calc'!A0,Catégorie,0,0,0\n{Toulouse}");
        Assert.Equal("code commune « =cmd|' /C calc'!A0 » invalide", rows[0].Rejection);
        Assert.True(rows[1].IsAccepted);
    }
}
