using System.Diagnostics;
using System.Text.Json;
using ECarto.Sources;

namespace ECarto.Browser.Tests;

/// <summary>
/// Lighthouse 12.2.3 (node_modules, pinned in package.json) against the shared local host in Debian's
/// Chromium: the home and a territory page score ≥ 90 in performance and ≥ 95 in accessibility and best
/// practices, and keep within their weight budget. The JSON reports land in TestResults/lighthouse/.
/// </summary>
/// <remarks>
/// Desktop preset: the mobile preset multiplies the CPU time it measures by 4, and the CPU here is two cores
/// shared with the host, Azurite and other test assemblies, so its score would measure the machine's load
/// more than the page. The weight budgets below hold for every device.
/// </remarks>
[Collection(LocalHostCollection.Name)]
public sealed class LighthouseTests(LocalHostFixture host)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);
    private const int Runs = 3;

    /// <summary>
    /// Each page type's budget, in bytes transferred by the local host (which does not compress): everything,
    /// then the scripts alone; the fonts stay under <see cref="FontBudget"/>. A territory's page carries its
    /// API answer (≈ 280 KB of JSON for a département, compressed since the local host compresses), hence its
    /// larger total, and its small map of its communes: Leaflet (≈ 40 KB compressed), loaded only by the pages
    /// that show a map, hence its larger script budget.
    /// </summary>
    public static TheoryData<string, string, int, int> Pages() => new()
    {
        { "accueil", "/", 250_000, 100_000 },
        { "territoire", "/territoire/departement/31", 550_000, 160_000 },
    };

    private const int FontBudget = 80_000;

    [SkippableTheory]
    [MemberData(nameof(Pages))]
    public async Task The_page_scores_well_and_keeps_its_weight_budget(string name, string path, int totalBudget, int scriptBudget)
    {
        var root = RepositoryLayout.FindRoot()!;
        var lighthouse = Path.Combine(root, "node_modules", ".bin", "lighthouse");
        Skip.IfNot(File.Exists(Chromium.Path), $"{Chromium.Path} is not installed");
        Skip.IfNot(File.Exists(lighthouse), "node_modules/.bin/lighthouse is missing: run npm ci");
        var folder = Path.Combine(root, "TestResults", "lighthouse");
        Directory.CreateDirectory(folder);
        var report = Path.Combine(folder, $"{name}.json");
        File.Delete(report);

        // Lighthouse's advice for a noisy machine is several runs: up to three, the first that meets the bar counts.
        JsonDocument? json = null;
        var summary = "";
        for (var run = 1; run <= Runs; run++)
        {
            File.Delete(report);
            var (exitCode, output) = await RunAsync(lighthouse, root,
                host.Url + path, "--output=json", $"--output-path={report}", "--preset=desktop",
                "--only-categories=performance,accessibility,best-practices",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync",
                "--max-wait-for-load=90000", "--quiet");
            Assert.True(File.Exists(report), $"lighthouse a échoué ({exitCode}) sans rapport :\n{output}");
            json?.Dispose();
            json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            var lhr = json.RootElement;
            Assert.Equal("12.2.3", lhr.GetProperty("lighthouseVersion").GetString());
            // A runtime error (NO_NAVSTART, NO_FCP…) is Lighthouse failing to record its trace, not a verdict on the
            // page; Lighthouse itself says « run Lighthouse again », so it uses one of the runs, and fails the last one.
            if (lhr.TryGetProperty("runtimeError", out var error))
            {
                summary = $"{name} ({path}) : erreur de Lighthouse (essai {run}) : {error}";
                Console.WriteLine(summary);
                Assert.True(run < Runs, summary);
                continue;
            }
            Assert.True(exitCode == 0, $"lighthouse a échoué ({exitCode}) :\n{output}");
            int Score(string category) => (int)Math.Round(lhr.GetProperty("categories").GetProperty(category).GetProperty("score").GetDouble() * 100);
            var (performance, accessibility, practices) = (Score("performance"), Score("accessibility"), Score("best-practices"));
            summary = $"{name} ({path}) : performance {performance}, accessibilité {accessibility}, bonnes pratiques {practices} (essai {run})\n{FailingAudits(lhr)}";
            Console.WriteLine(summary);
            if (performance >= 90 && accessibility >= 95 && practices >= 95) break;
            Assert.True(run < Runs, summary);
        }
        using var kept = json!;

        var bytes = Weights(kept.RootElement);
        var weight = $"{name} : {bytes["total"]} octets en tout (budget {totalBudget}), {bytes["script"]} de scripts (budget {scriptBudget}), {bytes["font"]} de polices";
        Console.WriteLine(weight);
        await File.AppendAllTextAsync(Path.Combine(folder, "scores.txt"), $"{DateTime.UtcNow:O} {summary.Split('\n')[0]} ; {weight}\n");
        Assert.True(bytes["total"] <= totalBudget, weight);
        Assert.True(bytes["script"] <= scriptBudget, weight);
        Assert.True(bytes["font"] <= FontBudget, weight);
    }

    /// <summary>Transfer sizes by resource type, from the resource-summary audit.</summary>
    private static Dictionary<string, long> Weights(JsonElement lhr)
    {
        var items = lhr.GetProperty("audits").GetProperty("resource-summary").GetProperty("details").GetProperty("items");
        var weights = new Dictionary<string, long> { ["total"] = 0, ["script"] = 0, ["font"] = 0 };
        foreach (var item in items.EnumerateArray())
        {
            weights[item.GetProperty("resourceType").GetString()!] = (long)item.GetProperty("transferSize").GetDouble();
        }
        return weights;
    }

    private static string FailingAudits(JsonElement lhr)
    {
        var audits = lhr.GetProperty("audits");
        var lines = audits.EnumerateObject()
            .Where(a => a.Value.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number && s.GetDouble() < 0.9
                && a.Value.GetProperty("scoreDisplayMode").GetString() is "binary" or "numeric" or "metricSavings")
            .Select(a => $"  - {a.Name} ({a.Value.GetProperty("score").GetDouble():0.##}) : {a.Value.GetProperty("title").GetString()}"
                + (a.Value.TryGetProperty("displayValue", out var d) ? $" — {d.GetString()}" : ""));
        return string.Join("\n", lines);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["CHROME_PATH"] = Chromium.Path;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Timeout);
        try { await process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lighthouse n'a pas fini en {Timeout.TotalMinutes} min");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public void The_self_hosted_inter_fonts_are_those_of_fontsource_with_their_licence()
    {
        var root = RepositoryLayout.FindRoot()!;
        var fonts = Path.Combine(root, "static-site", "fonts");
        var source = Path.Combine(root, "node_modules", "@fontsource", "inter");
        var served = Directory.GetFiles(fonts, "*.woff2").Select(f => Path.GetFileName(f)).Order().ToList();
        var expected = new[] { "latin", "latin-ext" }.SelectMany(subset => new[] { 400, 600, 700 }.Select(weight => $"inter-{subset}-{weight}-normal.woff2")).Order().ToList();
        Assert.Equal(expected, served);
        Assert.Contains("SIL OPEN FONT LICENSE", File.ReadAllText(Path.Combine(fonts, "OFL.txt")), StringComparison.OrdinalIgnoreCase);
        // Every @font-face of the style sheet names a served file.
        var css = File.ReadAllText(Path.Combine(root, "static-site", "style.css"));
        foreach (var file in expected) Assert.Contains($"/fonts/{file}", css);
        if (!Directory.Exists(source)) return; // npm ci not run: the names and the licence are checked, not the bytes
        foreach (var file in expected)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(fonts, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(source, "files", file))), $"{file} differs from @fontsource/inter");
        }
    }
}
