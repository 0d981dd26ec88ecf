using System.Diagnostics;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;

namespace ECarto.Benchmarks;

/// <summary>
/// How long the readers take on the real files of data/: the mobile sites (read and converted from
/// Lambert-93), the conversion alone, and the communes referential. Durations are measured here, never
/// asserted in a test. Printed at the start of the benchmark, or alone with
/// <c>dotnet run -c Release --project tests/ECarto.Benchmarks -- readers</c>.
/// </summary>
public static class ReaderTimings
{
    public static async Task PrintAsync(string dataRoot, Action<string> say, CancellationToken cancellationToken)
    {
        var mobile = Path.Combine(dataRoot, ArcepMobileSource.Definition.SampleFile);
        var clock = Stopwatch.StartNew();
        var sites = new List<MobileSite>();
        await using (var stream = File.OpenRead(mobile))
        using (var reader = await SourceText.OpenAsync(stream, cancellationToken))
        {
            await foreach (var row in MobileSiteReader.ReadAsync(reader, cancellationToken))
            {
                if (row.Value is { } site) sites.Add(site);
            }
        }
        say($"Sites mobiles : {Fr.N(sites.Count)} lignes lues et converties de Lambert-93 en WGS84 en {clock.Elapsed.TotalMilliseconds:0} ms");

        clock.Restart();
        var sum = 0.0;
        foreach (var site in sites) sum += Lambert93.ToWgs84(site.X, site.Y).Latitude;
        say($"  conversions seules : {Fr.N(sites.Count)} en {clock.Elapsed.TotalMilliseconds:0.0} ms (somme des latitudes {sum:0})");

        clock.Restart();
        var referential = await CommuneReferential.LoadAsync(Path.GetDirectoryName(Path.Combine(dataRoot, CogSource.Definition.SampleFile))!, cancellationToken);
        say($"Référentiel des communes : {Fr.N(referential.CurrentCommunes.Count)} communes chargées en {clock.Elapsed.TotalMilliseconds:0} ms");
    }
}
