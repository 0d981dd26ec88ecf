using System.Diagnostics;
using ECarto.Api;
using ECarto.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ECarto.Benchmarks;

/// <summary>
/// The PDF fiches on a published version (issue 11): each request through the export handler as the API
/// runs it, made (cache miss: the page's answer, the rendering, the blob write) then read again (cache hit).
/// Targets, warm: ≤ 100 ms for a school's fiche, ≤ 300 ms for a territory's.
/// </summary>
public static class ExportsBenchmark
{
    public static async Task RunAsync(IServiceProvider services, string version, Action<string> say, CancellationToken cancellationToken)
    {
        var exports = services.GetRequiredService<ExportHandlers>();
        var index = await services.GetRequiredService<SchoolIndexProvider>().GetAsync(cancellationToken);
        var random = new Random(20261130);
        var uais = index.Search("", null, 1, 100, null).Results.Select(r => r.Uai)
            .Concat(index.Search("college", null, 1, 100, null).Results.Select(r => r.Uai))
            .Distinct().OrderBy(_ => random.Next()).Take(60).ToList();
        string[][] territories =
        [
            ["france", "FR"], ["region", "76"], ["region", "11"], ["academie", "16"], ["academie", "01"], ["departement", "31"],
            ["departement", "75"], ["departement", "2A"], ["departement", "974"], ["commune", "31555"], ["commune", "34172"], ["commune", "75056"],
        ];

        async Task<(double Ms, int Status, long Bytes)> TimeAsync(Func<HttpRequest, Task<IResult>> call)
        {
            var context = new DefaultHttpContext { RequestServices = services };
            context.Response.Body = new MemoryStream();
            var watch = Stopwatch.StartNew();
            var result = await call(context.Request);
            await result.ExecuteAsync(context);
            watch.Stop();
            return (watch.Elapsed.TotalMilliseconds, context.Response.StatusCode, context.Response.Body.Length);
        }

        // Warm-up: the fonts, the territory directory, the JIT.
        foreach (var uai in uais.Take(10)) await TimeAsync(r => exports.SchoolFicheAsync(r, uai, cancellationToken));
        foreach (var t in territories.Take(3)) await TimeAsync(r => exports.TerritoryFicheAsync(r, t[0], t[1], cancellationToken));

        var schoolMiss = new List<double>();
        var schoolHit = new List<double>();
        long schoolBytes = 0;
        foreach (var uai in uais.Skip(10))
        {
            var miss = await TimeAsync(r => exports.SchoolFicheAsync(r, uai, cancellationToken));
            if (miss.Status != 200) continue;
            schoolMiss.Add(miss.Ms);
            schoolBytes = Math.Max(schoolBytes, miss.Bytes);
            schoolHit.Add((await TimeAsync(r => exports.SchoolFicheAsync(r, uai, cancellationToken))).Ms);
        }
        var territoryMiss = new List<double>();
        var territoryHit = new List<double>();
        long territoryBytes = 0;
        foreach (var t in territories.Skip(3))
        {
            var miss = await TimeAsync(r => exports.TerritoryFicheAsync(r, t[0], t[1], cancellationToken));
            if (miss.Status != 200) continue;
            territoryMiss.Add(miss.Ms);
            territoryBytes = Math.Max(territoryBytes, miss.Bytes);
            territoryHit.Add((await TimeAsync(r => exports.TerritoryFicheAsync(r, t[0], t[1], cancellationToken))).Ms);
        }

        static string Stats(List<double> ms) => ms.Count == 0 ? "aucune mesure"
            : $"médiane {Percentile(ms, 50):0.0} ms, p95 {Percentile(ms, 95):0.0} ms, max {ms.Max():0.0} ms ({ms.Count} fiches)";
        static double Percentile(List<double> values, double p)
        {
            var sorted = values.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
        static string Mark(List<double> ms, double target) => ms.Count > 0 && Percentile(ms, 95) <= target ? "✓" : "✗";

        say($"Version {version}, fiches faites puis relues dans le cache d'exports (Azurite) :");
        say($"  fiche établissement, fabriquée : {Stats(schoolMiss)} {Mark(schoolMiss, 100)} (objectif ≤ 100 ms)");
        say($"  fiche établissement, en cache  : {Stats(schoolHit)}");
        say($"  fiche territoire, fabriquée    : {Stats(territoryMiss)} {Mark(territoryMiss, 300)} (objectif ≤ 300 ms)");
        say($"  fiche territoire, en cache     : {Stats(territoryHit)}");
        say($"  taille : ≤ {schoolBytes / 1024} Kio (établissement), ≤ {territoryBytes / 1024} Kio (territoire)");
    }
}
