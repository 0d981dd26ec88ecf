using ECarto.Sources;
using ECarto.Sources.Effectifs;

namespace ECarto.Tests.Sources;

public class LyceeEnrolmentReaderTests
{
    private static string SamplePath => ReaderTestKit.SamplePath(EffectifsSource.Definition);

    private static Task<List<RowResult<LyceeEnrolment>>> ReadTextAsync(string text, System.Text.Encoding? encoding = null) =>
        ReaderTestKit.ReadTextAsync<LyceeEnrolment>(text, LyceeEnrolmentReader.ReadAsync, encoding);

    /// <summary>The real header and the lycée Pierre de Fermat's line for 2021.</summary>
    private static (string Header, string Fermat2021) HeaderAndFermat()
    {
        var lines = ReaderTestKit.RawLines(SamplePath);
        return (lines[0], lines.First(l => l.StartsWith("2021;", StringComparison.Ordinal) && l.Contains(";0310036W;", StringComparison.Ordinal)));
    }

    private static LyceeEnrolment Enrolment(string uai, int rentree, int? pupils) => new() { Uai = uai, Rentree = rentree, Pupils = pupils };

    [Fact]
    public async Task Reads_every_row_of_the_real_file()
    {
        var rows = await ReaderTestKit.ReadFileAsync<LyceeEnrolment>(SamplePath, LyceeEnrolmentReader.ReadAsync);
        var raw = ReaderTestKit.RawLines(SamplePath);
        var data = raw.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();

        Assert.Equal(7506, data.Count);
        Assert.Equal(data.Count, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        Assert.Equal(Enumerable.Range(2, data.Count), rows.Select(r => r.Line));
        foreach (var year in new[] { 2019, 2020, 2021 })
        {
            Assert.Equal(data.Count(r => r[0] == year.ToString()), rows.Count(r => r.Value!.Rentree == year));
        }
        Assert.Equal(data.Sum(r => long.Parse(r[9])), rows.Sum(r => (long)r.Value!.Pupils!.Value));

        var fermat = rows.Select(r => r.Value!).Where(v => v.Uai == "0310036W").OrderBy(v => v.Rentree).ToList();
        Assert.Equal([939, 945, 957], fermat.Select(f => f.Pupils));
        Assert.Equal("LYCEE GENERAL PIERRE DE FERMAT", fermat[0].Name);
        Assert.Equal("PUBLIC", fermat[0].Sector);
        Assert.Equal("TOULOUSE", fermat[0].AcademieName);
    }

    [Fact]
    public async Task The_latest_rentree_per_uai_is_kept()
    {
        var rows = await ReaderTestKit.ReadFileAsync<LyceeEnrolment>(SamplePath, LyceeEnrolmentReader.ReadAsync);
        var raw = ReaderTestKit.RawLines(SamplePath).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();
        var values = rows.Select(r => r.Value!).ToList();

        var latest = LyceeEnrolmentReader.LatestByUai(values);
        Assert.Equal(raw.Select(r => r[5]).Distinct().Count(), latest.Count);
        Assert.Equal(2021, latest["0310036W"].Rentree);
        Assert.Equal(957, latest["0310036W"].Pupils);
        // Every kept record is its UAI's maximum rentrée in the raw file.
        var maxByUai = raw.GroupBy(r => r[5]).ToDictionary(g => g.Key, g => g.Max(r => int.Parse(r[0])));
        Assert.All(latest, kv => Assert.Equal(maxByUai[kv.Key], kv.Value.Rentree));
        // Pure: the order of the input does not change the result.
        var reversed = LyceeEnrolmentReader.LatestByUai(Enumerable.Reverse(values));
        Assert.Equal(latest.OrderBy(kv => kv.Key), reversed.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void A_rentree_without_a_count_does_not_hide_the_previous_known_count()
    {
        var latest = LyceeEnrolmentReader.LatestByUai(
        [
            Enrolment("0310036W", 2020, 945), Enrolment("0310036W", 2021, null), Enrolment("0310036W", 2019, 939),
            Enrolment("0311586F", 2021, null),
        ]);
        Assert.Equal((2020, 945), (latest["0310036W"].Rentree, latest["0310036W"].Pupils));
        Assert.Null(latest["0311586F"].Pupils);
        Assert.Empty(LyceeEnrolmentReader.LatestByUai([]));
    }

    [Fact]
    public async Task The_same_uai_and_rentree_twice_is_a_duplicate_but_another_rentree_is_not()
    {
        var (header, fermat) = HeaderAndFermat();
        var rows = await ReadTextAsync($"{header}\n{fermat}\n{fermat.Replace("2021;", "2020;")}\n{fermat}\n");
        Assert.True(rows[0].IsAccepted);
        Assert.True(rows[1].IsAccepted);
        Assert.Equal(4, rows[2].Line);
        Assert.Equal("doublon de la ligne 2 (0310036W, rentrée 2021)", rows[2].Rejection);
    }

    [Fact]
    public async Task A_missing_required_column_fails_the_file_naming_the_column()
    {
        var (header, fermat) = HeaderAndFermat();
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync($"{header.Replace("nombre_d_eleves", "eleves")}\n{fermat}\n"));
        Assert.Contains("nombre_d_eleves", error.Message);
    }

    [Fact]
    public async Task A_truncated_last_line_is_rejected()
    {
        var (header, fermat) = HeaderAndFermat();
        var rows = await ReadTextAsync($"{header}\n{fermat}\n{fermat.Replace("2021;", "2020;")[..200]}");
        Assert.True(rows[0].IsAccepted);
        Assert.Contains("ligne incomplète", rows[1].Rejection);
        Assert.Equal(3, rows[1].Line);
    }

    [Theory]
    [InlineData("N.C.")]
    [InlineData("")]
    [InlineData("-")]
    public async Task A_count_not_communicated_is_null_not_zero(string marker)
    {
        var (header, fermat) = HeaderAndFermat();
        var fields = fermat.Split(';');
        fields[9] = marker;
        var line = Assert.Single(await ReadTextAsync($"{header}\n{string.Join(';', fields)}\n")).Value!;
        Assert.Null(line.Pupils);
    }

    [Theory]
    [InlineData(0, "21", "rentrée scolaire « 21 » invalide")]
    [InlineData(0, "1850", "rentrée scolaire « 1850 » invalide")]
    [InlineData(5, "031003W", "UAI « 031003W » invalide")]
    [InlineData(9, "-3", "nombre d'élèves « -3 »")]
    [InlineData(9, "12.5", "nombre d'élèves « 12.5 »")]
    [InlineData(9, "20000", "hors de l'intervalle 0–10000")]
    public async Task A_bad_row_is_rejected_with_its_reason(int column, string value, string reason)
    {
        var (header, fermat) = HeaderAndFermat();
        var fields = fermat.Split(';');
        fields[column] = value;
        var row = Assert.Single(await ReadTextAsync($"{header}\n{string.Join(';', fields)}\n"));
        Assert.Equal(2, row.Line);
        Assert.Contains(reason, row.Rejection);
    }

    [Fact]
    public async Task A_rentree_written_as_a_school_year_is_its_first_year()
    {
        var (header, fermat) = HeaderAndFermat();
        var line = Assert.Single(await ReadTextAsync($"{header}\n{fermat.Replace("2021;", "2021-2022;")}\n")).Value!;
        Assert.Equal(2021, line.Rentree);
    }

    [Fact]
    public async Task Reads_a_windows_1252_file_and_keeps_formula_like_text_as_text()
    {
        var (header, fermat) = HeaderAndFermat();
        var text = $"{header}\n{fermat.Replace("PIERRE DE FERMAT", "=cmd|' /C calc'!A0").Replace("LYCEE GENERAL", "LYCÉE GÉNÉRAL")}\n";
        var line = Assert.Single(await ReadTextAsync(text, ReaderTestKit.Windows1252)).Value!;
        Assert.Equal("LYCÉE GÉNÉRAL =cmd|' /C calc'!A0", line.Name);
    }
}
