using ECarto.Sources;
using ECarto.Sources.Arcep;

namespace ECarto.Tests.Sources;

public class ThdCommuneReaderTests
{
    private static string SamplePath => ReaderTestKit.SamplePath(ArcepThdSource.CommunesDefinition);

    private const string Titles = "Réseaux en fibre optique jusqu'à l'abonné (FttH),,,,,,,,,,,,\nInformations à l'échelle de la commune,,,,,,,,,,,,\n,,,,,,,,,,,,\n,,,,,,,,,,,,\n";
    private const string Header = "Code commune,Nom commune,Code région,Code département,Siren EPCI,Logements,Établissements,Zones très denses,Engagements L. 33-13,Intentions privées hors engagement L. 33-13,Commune rurale,Commune de montagne,OI 2018 T1";
    private const string Aast = "64001,Aast,75,64,200067296, 81    , -    , -    , -    , -    , 1    , -    ,";
    private const string Zuydcoote = "59668,Zuydcoote,32,59,245900428, 704    , 16    , -    ,FRTE , -    , -    , -    ,";

    private static Task<List<RowResult<ThdCommune>>> ReadTextAsync(string text, System.Text.Encoding? encoding = null) =>
        ReaderTestKit.ReadTextAsync<ThdCommune>(text, ThdCommuneReader.ReadAsync, encoding);

    /// <summary>« 1 362 182 » with no-break spaces, « - » → 0: the file's own rule, applied here without our reader.</summary>
    private static long RawNumber(string field)
    {
        var digits = new string(field.Where(char.IsAsciiDigit).ToArray());
        return field.Trim() == "-" ? 0 : long.Parse(digits);
    }

    [Fact]
    public async Task Reads_every_commune_of_the_real_file()
    {
        var rows = await ReaderTestKit.ReadFileAsync<ThdCommune>(SamplePath, ThdCommuneReader.ReadAsync);
        var raw = ReaderTestKit.RawLines(SamplePath);
        var headerIndex = Array.IndexOf(raw, Header);
        // The file has no quoted field (no name with a comma), so a raw split is sound.
        var data = raw.Skip(headerIndex + 1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();

        Assert.Equal(4, headerIndex);
        Assert.All(data, r => Assert.Equal(13, r.Length));
        Assert.Equal(35361, data.Count);
        Assert.Equal(data.Count, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        Assert.Equal(Enumerable.Range(headerIndex + 2, data.Count), rows.Select(r => r.Line));
        Assert.Equal(data.Sum(r => RawNumber(r[5])), rows.Sum(r => (long)r.Value!.Dwellings!.Value));
        Assert.Equal(data.Sum(r => RawNumber(r[6])), rows.Sum(r => (long)r.Value!.Establishments!.Value));
        Assert.Equal(data.Count(r => r[7].Trim() == "1"), rows.Count(r => r.Value!.VeryDenseZone == true));
        Assert.Equal(data.Count(r => r[10].Trim() == "1"), rows.Count(r => r.Value!.Rural == true));
        Assert.Equal(data.Count(r => r[12].Length > 0), rows.Count(r => r.Value!.FtthOperators is not null));

        var paris = rows.Single(r => r.Value!.CommuneCode == "75056").Value!;
        Assert.Equal((1362182, 149289), (paris.Dwellings!.Value, paris.Establishments!.Value));
        Assert.True(paris.VeryDenseZone);
        Assert.Equal("CO92-FREE-FRTE-SFR0-UPCF", paris.FtthOperators);
        Assert.Equal("200054781", paris.EpciSiren);

        var aast = rows.Single(r => r.Value!.CommuneCode == "64001").Value!;
        Assert.Equal((81, 0), (aast.Dwellings!.Value, aast.Establishments!.Value));
        Assert.Equal((false, true, 0), (aast.VeryDenseZone!.Value, aast.Rural!.Value, aast.MountainCode!.Value));
        Assert.Null(aast.L3313Commitments);
        Assert.Null(aast.FtthOperators);
        Assert.Equal("FRTE", rows.Single(r => r.Value!.CommuneCode == "59668").Value!.L3313Commitments);
    }

    [Fact]
    public async Task A_dash_is_zero_as_the_file_documents_but_a_blank_cell_stays_missing()
    {
        var rows = await ReadTextAsync($"{Titles}{Header}\n{Aast}\n64002,Abère,75,64,200067296,    ,    ,    ,    ,    ,    ,    ,\n");
        Assert.Equal(0, rows[0].Value!.Establishments);
        Assert.False(rows[0].Value!.PrivateIntentions);
        var blank = rows[1].Value!;
        Assert.Null(blank.Dwellings);
        Assert.Null(blank.Establishments);
        Assert.Null(blank.VeryDenseZone);
        Assert.Null(blank.MountainCode);
    }

    [Theory]
    [InlineData(" 81    ", " 8l    ", "logements « 8l »")]
    [InlineData(" 1    , -    ,", " 2    , -    ,", "commune rurale « 2 »")]
    [InlineData("200067296", "20006729", "SIREN de l'EPCI « 20006729 »")]
    [InlineData("64001,", "6400,", "code commune « 6400 » invalide")]
    public async Task A_bad_value_is_rejected_with_its_line_and_reason(string find, string replace, string reason)
    {
        var bad = Aast.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Aast, bad);
        var rows = await ReadTextAsync($"{Titles}{Header}\n{Zuydcoote}\n{bad}\n");
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(7, rows[1].Line);
        Assert.Contains(reason, rows[1].Rejection);
    }

    [Fact]
    public async Task The_same_commune_twice_is_a_duplicate()
    {
        var rows = await ReadTextAsync($"{Titles}{Header}\n{Aast}\n{Zuydcoote}\n{Aast}\n");
        Assert.Equal("doublon de la ligne 6 (commune 64001)", rows[2].Rejection);
        Assert.Equal(8, rows[2].Line);
    }

    [Fact]
    public async Task A_missing_required_column_fails_the_file_naming_the_column()
    {
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync($"{Titles}{Header.Replace("Logements", "Foyers")}\n{Aast}\n"));
        Assert.Contains("Logements", error.Message);
    }

    [Fact]
    public async Task A_truncated_last_line_is_rejected()
    {
        var rows = await ReadTextAsync($"{Titles}{Header}\n{Aast}\n{Zuydcoote[..40]}");
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(7, rows[1].Line);
        Assert.Contains("ligne incomplète", rows[1].Rejection);
    }

    [Fact]
    public async Task Reads_a_windows_1252_file_and_keeps_formula_like_text_as_text()
    {
        var rows = await ReadTextAsync($"{Titles}{Header}\n{Aast.Replace(",Aast,", ",=cmd|' /C calc'!A0,")}\n{Aast.Replace("64001,Aast", "64002,Abère")}\n", ReaderTestKit.Windows1252);
        Assert.Equal("=cmd|' /C calc'!A0", rows[0].Value!.CommuneName);
        Assert.Equal("Abère", rows[1].Value!.CommuneName);
    }
}
