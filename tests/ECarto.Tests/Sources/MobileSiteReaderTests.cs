using System.Globalization;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Colleges;
using Xunit.Abstractions;

namespace ECarto.Tests.Sources;

public class MobileSiteReaderTests(ITestOutputHelper output)
{
    private static string SamplePath => ReaderTestKit.SamplePath(ArcepMobileSource.Definition);

    private const string Header = "Operateur;X;Y;2G;3G;4G";

    private static Task<List<RowResult<MobileSite>>> ReadTextAsync(string text, System.Text.Encoding? encoding = null) =>
        ReaderTestKit.ReadTextAsync<MobileSite>(text, MobileSiteReader.ReadAsync, encoding);

    /// <summary>Great-circle distance in metres (haversine), precise enough to compare positions a few metres apart.</summary>
    private static double Metres(double lat1, double lon1, double lat2, double lon2)
    {
        const double r = 6_371_000;
        double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * r * Math.Asin(Math.Sqrt(a));
    }

    [Fact]
    public async Task Reads_every_site_of_the_real_file_and_rejects_the_last_na_line()
    {
        // Durations are measured by the benchmark (tests/ECarto.Benchmarks, ReaderTimings), never here.
        var rows = await ReaderTestKit.ReadFileAsync<MobileSite>(SamplePath, MobileSiteReader.ReadAsync);

        var raw = ReaderTestKit.RawLines(SamplePath);
        var data = raw.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList();
        Assert.Equal(Header, raw[0]);
        Assert.Equal(77148, data.Count);
        Assert.Equal(data.Count, rows.Count);
        Assert.Equal(Enumerable.Range(2, data.Count), rows.Select(r => r.Line));

        var rejected = Assert.Single(rows, r => !r.IsAccepted);
        Assert.Equal(77149, rejected.Line);
        Assert.Equal("site 20815 : coordonnées X/Y absentes (vides ou « #N/A »)", rejected.Rejection);
        Assert.Equal("20815;#N/A;#N/A;0;1;0", raw[^1]);

        var sites = rows.Where(r => r.IsAccepted).Select(r => r.Value!).ToList();
        foreach (var (code, name) in MobileSiteReader.Operators)
        {
            Assert.Equal(data.Count(r => r[0] == code && r[1] != "#N/A"), sites.Count(s => s.OperatorCode == code));
            Assert.All(sites.Where(s => s.OperatorCode == code), s => Assert.Equal(name, s.OperatorName));
        }
        Assert.Equal(data.Count(r => r[5] == "1"), sites.Count(s => s.Has4G) + (raw[^1].EndsWith(";1", StringComparison.Ordinal) ? 1 : 0));
        Assert.Equal(data.Count(r => r[3] == "1"), sites.Count(s => s.Has2G));
        // Metropolitan France and Corsica only (the northernmost sites are off Calais, 51.1° N).
        Assert.All(sites, s => Assert.True(s.Latitude is > 41.3 and < 51.2 && s.Longitude is > -5.2 and < 9.6, $"{s.X} {s.Y}"));

        var first = sites[0];
        Assert.Equal(("20801", 102980d, 6847973d, true, true, false), (first.OperatorCode, first.X, first.Y, first.Has2G, first.Has3G, first.Has4G));
        // Westernmost site, in Finistère (Ouessant area): around 48.4° N, 5.1° W.
        Assert.InRange(first.Latitude, 48.3, 48.6);
        Assert.InRange(first.Longitude, -5.2, -4.9);

        // The same operator may publish two sites at one position: they are kept, not rejected.
        var repeated = data.Where(r => r[1] != "#N/A").GroupBy(r => (r[0], r[1], r[2])).Sum(g => g.Count() - 1);
        Assert.Equal(repeated, sites.GroupBy(s => (s.OperatorCode, s.X, s.Y)).Sum(g => g.Count() - 1));

        // The conversion alone, with the one reused transformation, gives what the reader gave.
        var sum = 0.0;
        foreach (var s in sites) sum += Lambert93.ToWgs84(s.X, s.Y).Latitude;
        Assert.Equal(sites.Sum(s => s.Latitude), sum, 6);
    }

    [Fact]
    public void Lambert93_converts_a_known_point_of_toulouse()
    {
        // Lycée Pierre de Fermat, Toulouse, as the annuaire publishes it in both systems.
        var (latitude, longitude) = Lambert93.ToWgs84(574007.1, 6279491.5);
        Assert.True(Metres(latitude, longitude, 43.6032751508944, 1.4398952901892104) < 1, $"{latitude} {longitude}");

        // The Capitole area: (574 600, 6 279 600) is about 43.604 N, 1.447 E.
        var (capLat, capLon) = Lambert93.ToWgs84(574600, 6279600);
        output.WriteLine($"(574 600, 6 279 600) → ({capLat.ToString(CultureInfo.InvariantCulture)}, {capLon.ToString(CultureInfo.InvariantCulture)})");
        Assert.Equal(43.604, capLat, 0.001);
        Assert.InRange(capLon, 1.44, 1.45);

        // The projection's origin: (700 000, 6 600 000) is 46.5 N, 3 E exactly.
        var (originLat, originLon) = Lambert93.ToWgs84(700000, 6600000);
        Assert.Equal(46.5, originLat, 9);
        Assert.Equal(3.0, originLon, 9);
    }

    [Fact]
    public async Task Lambert93_matches_the_ministry_positions_of_every_geolocated_college()
    {
        var rows = await ReaderTestKit.ReadFileAsync<CollegeLine>(ReaderTestKit.SamplePath(CollegesSource.Definition), CollegesReader.ReadAsync);
        var pairs = rows.Select(r => r.Value!)
            .Where(c => c.Crs == "EPSG:2154" && c.ProjectedX is not null && c.Latitude is not null)
            .ToList();
        var errors = pairs.Select(c =>
        {
            var (lat, lon) = Lambert93.ToWgs84(c.ProjectedX!.Value, c.ProjectedY!.Value);
            return Metres(lat, lon, c.Latitude!.Value, c.Longitude!.Value);
        }).ToList();
        output.WriteLine($"{pairs.Count} collèges en EPSG:2154 : écart max {errors.Max():0.000} m, moyen {errors.Average():0.000} m");
        Assert.True(pairs.Count > 7000);
        Assert.True(errors.Max() < 1.0, $"écart max {errors.Max()} m");
    }

    [Fact]
    public void Lambert93_matches_the_annuaire_origin_coordinates()
    {
        var (header, raw) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        var points = raw.Where(r => r[Col("epsg_origine")] == "EPSG:2154" && r[Col("latitude")].Length > 0).ToList();
        var max = points.Max(r =>
        {
            var (lat, lon) = Lambert93.ToWgs84(
                double.Parse(r[Col("coordX_origine")], CultureInfo.InvariantCulture), double.Parse(r[Col("coordY_origine")], CultureInfo.InvariantCulture));
            return Metres(lat, lon, double.Parse(r[Col("latitude")], CultureInfo.InvariantCulture), double.Parse(r[Col("longitude")], CultureInfo.InvariantCulture));
        });
        output.WriteLine($"{points.Count} établissements de l'annuaire : écart max {max:0.000} m");
        Assert.True(points.Count > 6000);
        Assert.True(max < 1.0, $"écart max {max} m");
    }

    [Theory]
    [InlineData("20801;51434;2410126;1;1;0", "hors du domaine Lambert-93")]
    [InlineData("20801;102980;quatre;1;1;0", "coordonnées illisibles")]
    [InlineData("20801;;6847973;1;1;0", "coordonnées X/Y absentes")]
    [InlineData("20801;1290000;7150000;1;1;0", "position hors de France")]
    [InlineData("20801;102980;6847973;1;2;0", "indicateur 3G « 2 » invalide")]
    [InlineData("20801;102980;6847973;1;1;", "indicateur 4G «  » invalide")]
    [InlineData("ORANGE;102980;6847973;1;1;0", "code opérateur « ORANGE » invalide")]
    public async Task A_bad_row_is_rejected_with_its_line_and_reason(string line, string reason)
    {
        var rows = await ReadTextAsync($"{Header}\n20810;103113;6848661;1;1;0\n{line}\n");
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains(reason, rows[1].Rejection);
    }

    [Fact]
    public async Task An_unknown_operator_code_is_kept_without_a_name()
    {
        var site = Assert.Single(await ReadTextAsync($"{Header}\n20888;103113;6848661;1;1;0\n")).Value!;
        Assert.Equal("20888", site.OperatorCode);
        Assert.Null(site.OperatorName);
    }

    [Fact]
    public async Task A_missing_required_column_fails_the_file_naming_the_column()
    {
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync("Operateur;X;Y;2G;3G\n20810;103113;6848661;1;1\n"));
        Assert.Contains("4G", error.Message);
    }

    [Fact]
    public async Task A_truncated_last_line_is_rejected()
    {
        var rows = await ReadTextAsync($"{Header}\n20810;103113;6848661;1;1;0\n20820;103114;68486");
        Assert.True(rows[0].IsAccepted);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains("ligne incomplète", rows[1].Rejection);
    }

    [Fact]
    public async Task Reads_a_windows_1252_header_and_rejects_formula_like_text_as_an_operator_code()
    {
        var rows = await ReadTextAsync($"Opérateur;X;Y;2G;3G;4G\n20810;103113;6848661;1;1;0\n=cmd|' /C calc'!A0;103113;6848661;1;1;0\n", ReaderTestKit.Windows1252);
        Assert.Equal("SFR", rows[0].Value!.OperatorName);
        Assert.Equal("code opérateur « =cmd|' /C calc'!A0 » invalide : code MCC-MNC à cinq chiffres attendu", rows[1].Rejection);
    }
}
