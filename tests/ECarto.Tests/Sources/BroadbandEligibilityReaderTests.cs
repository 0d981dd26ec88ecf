using ECarto.Sources;
using ECarto.Sources.Arcep;

namespace ECarto.Tests.Sources;

public class BroadbandEligibilityReaderTests
{
    private static string SamplePath => ReaderTestKit.SamplePath(ArcepFixeSource.Definition);

    private const string Header = "code_insee;nom_com;code_dep;code_reg;nbr;type;inel_hd;elig_hd05;elig_hd3;elig_bhd8;elig_thd30;elig_thd100;elig_thd1g;date";
    private const string Couvrelles = "02230;Couvrelles;02;32;94;all;0;94;94;94;94;88;88;2022-12-31";
    private const string Seltz = "67463;Seltz;67;44;1760;all;0;1760;1760;1760;1760;1725;1667;2022-12-31";

    private static Task<List<RowResult<BroadbandEligibility>>> ReadTextAsync(string text, System.Text.Encoding? encoding = null) =>
        ReaderTestKit.ReadTextAsync<BroadbandEligibility>(text, BroadbandEligibilityReader.ReadAsync, encoding);

    [Fact]
    public async Task Reads_every_commune_of_the_real_file()
    {
        var rows = await ReaderTestKit.ReadFileAsync<BroadbandEligibility>(SamplePath, BroadbandEligibilityReader.ReadAsync);
        var raw = ReaderTestKit.RawLines(SamplePath);
        var data = raw.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();

        Assert.Equal(Header, raw[0]);
        Assert.Equal(34957, data.Count);
        Assert.Equal(data.Count, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        Assert.Equal(Enumerable.Range(2, data.Count), rows.Select(r => r.Line));
        Assert.Equal(data.Select(r => r[0]).Distinct().Count(), rows.Select(r => r.Value!.CommuneCode).Distinct().Count());
        Assert.Equal(data.Sum(r => long.Parse(r[4])), rows.Sum(r => (long)r.Value!.Premises));
        Assert.Equal(data.Sum(r => long.Parse(r[12])), rows.Sum(r => (long)r.Value!.EligibleAtLeast1Gbps!.Value));
        Assert.All(rows, r => Assert.Equal(new DateOnly(2022, 12, 31), r.Value!.Date));

        var toulouse = rows.Single(r => r.Value!.CommuneCode == "31555").Value!;
        Assert.Equal(340090, toulouse.Premises);
        Assert.Equal(340089, toulouse.EligibleAtLeast30Mbps);
        Assert.Equal(320540, toulouse.EligibleAtLeast100Mbps);
        Assert.Equal(319077, toulouse.EligibleAtLeast1Gbps);
        Assert.Equal("all", toulouse.Scope);
        Assert.Equal("2B", rows.Single(r => r.Value!.CommuneCode == "2B173").Value!.DepartementCode);
    }

    [Theory]
    [InlineData("02230;Couvrelles;02;32;94;all;0;95;94;94;94;88;88;2022-12-31", "95 locaux éligibles à 0,5 Mbit/s pour 94 locaux")]
    [InlineData("02230;Couvrelles;02;32;94;all;0;94;94;94;80;88;88;2022-12-31", "88 locaux éligibles à 100 Mbit/s, plus qu'à 30 Mbit/s (80)")]
    [InlineData("02230;Couvrelles;02;32;94;all;0;94;94;94;94;88;90;2022-12-31", "90 locaux éligibles à 1 Gbit/s, plus qu'à 100 Mbit/s (88)")]
    [InlineData("02230;Couvrelles;02;32;94;all;100;94;94;94;94;88;88;2022-12-31", "100 locaux inéligibles pour 94 locaux")]
    [InlineData("02230;Couvrelles;02;32;;all;0;94;94;94;94;88;88;2022-12-31", "nombre de locaux absent")]
    [InlineData("02230;Couvrelles;02;32;94;all;0;94;94;9x;94;88;88;2022-12-31", "valeur « 9x » de la colonne elig_bhd8")]
    [InlineData("0223;Couvrelles;02;32;94;all;0;94;94;94;94;88;88;2022-12-31", "code commune « 0223 » invalide")]
    [InlineData("02230;Couvrelles;02;32;94;all;0;94;94;94;94;88;88;31/12/2022", "date « 31/12/2022 » illisible")]
    public async Task A_row_breaking_the_counts_is_rejected_with_its_reason(string line, string reason)
    {
        var rows = await ReadTextAsync($"{Header}\n{Seltz}\n{line}\n");
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains(reason, rows[1].Rejection);
    }

    [Fact]
    public async Task A_count_not_communicated_is_null_and_the_order_check_skips_it()
    {
        var line = Assert.Single(await ReadTextAsync($"{Header}\n02230;Couvrelles;02;32;94;all;N.C.;94;94;94;N.C.;88;88;2022-12-31\n")).Value!;
        Assert.Null(line.EligibleAtLeast30Mbps);
        Assert.Null(line.Ineligible);
        Assert.Equal(88, line.EligibleAtLeast100Mbps);
    }

    [Fact]
    public async Task The_same_commune_twice_is_a_duplicate()
    {
        var rows = await ReadTextAsync($"{Header}\n{Couvrelles}\n{Seltz}\n{Couvrelles.Replace(";94;all;", ";95;all;")}\n");
        Assert.True(rows[0].IsAccepted && rows[1].IsAccepted);
        Assert.Equal(4, rows[2].Line);
        Assert.Equal("doublon de la ligne 2 (commune 02230)", rows[2].Rejection);
    }

    [Fact]
    public async Task A_missing_required_column_fails_the_file_naming_the_column()
    {
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync($"{Header.Replace("elig_thd30", "thd30")}\n{Couvrelles}\n"));
        Assert.Contains("elig_thd30", error.Message);
    }

    [Fact]
    public async Task A_truncated_last_line_is_rejected()
    {
        var rows = await ReadTextAsync($"{Header}\n{Couvrelles}\n{Seltz[..30]}");
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains("ligne incomplète", rows[1].Rejection);
    }

    [Fact]
    public async Task Reads_a_windows_1252_file_and_keeps_formula_like_text_as_text()
    {
        var text = $"{Header}\n97701;Saint-Barthélemy;977;977;6000;all;0;6000;6000;5000;4000;3000;2000;2022-12-31\n{Couvrelles.Replace("Couvrelles", "=cmd|' /C calc'!A0")}\n";
        var rows = await ReadTextAsync(text, ReaderTestKit.Windows1252);
        Assert.Equal("Saint-Barthélemy", rows[0].Value!.CommuneName);
        Assert.Equal("=cmd|' /C calc'!A0", rows[1].Value!.CommuneName);
    }
}
