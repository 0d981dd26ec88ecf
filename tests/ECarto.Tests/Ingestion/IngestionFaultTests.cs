using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ECarto.Ingestion;
using ECarto.Ingestion.Parsers;
using ECarto.Sources;
using ECarto.Sources.Ips;
using Microsoft.Extensions.Logging.Abstractions;

namespace ECarto.Tests.Ingestion;

/// <summary>
/// Faults that once left every test green (issue 15), each killed here from real files: the « no valid
/// line » guards of the annuaire and the COG parsers, and the « latest rentrée » choice of the IPS.
/// </summary>
public sealed class IngestionFaultTests
{
    private static IngestionProgress Progress(string source) => new(NullLogger.Instance, source, "lecture");

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>The real annuaire's header and first lines, with each line's UAI overwritten when <paramref name="breakUai"/>.</summary>
    private static string AnnuaireExcerpt(bool breakUai)
    {
        var lines = File.ReadLines(TestData.AnnuairePath, Encoding.UTF8).Take(31).ToList();
        return string.Join('\n', lines.Select((line, i) => i == 0 || !breakUai ? line : "PASUNUAI" + line[line.IndexOf(';')..])) + "\n";
    }

    [Fact]
    public async Task An_annuaire_whose_every_line_is_rejected_fails_as_not_being_the_annuaire()
    {
        // The same 30 real lines are accepted: what fails below is the guard, not a broken excerpt.
        var good = await new AnnuaireParser().ParseAsync(Utf8(AnnuaireExcerpt(breakUai: false)), "2024-11-26", Progress("annuaire"), CancellationToken.None);
        Assert.True(good.Accepted > 0);

        var error = await Assert.ThrowsAsync<SourceFormatException>(() =>
            new AnnuaireParser().ParseAsync(Utf8(AnnuaireExcerpt(breakUai: true)), "2024-11-26", Progress("annuaire"), CancellationToken.None));
        Assert.Contains("Aucune ligne valide", error.Message);
    }

    /// <summary>Real communes of the COG, keeping only <paramref name="count"/> of those whose type passes <paramref name="keep"/>.</summary>
    private static string CogExcerpt(Func<string?, bool> keep, int count)
    {
        var all = JsonNode.Parse(File.ReadAllText(Path.Combine(TestData.Root, "data", "referentiel-admin", "communes.json")))!.AsArray();
        var kept = new JsonArray(all.Where(c => keep((string?)c!["type"])).Take(count).Select(c => c!.DeepClone()).ToArray());
        return kept.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    [Fact]
    public async Task A_cog_file_without_any_current_commune_fails_instead_of_publishing_no_commune()
    {
        var current = await new CogParser().ParseAsync(Utf8(CogExcerpt(t => t == "commune-actuelle", 50)), "2025-01-01", Progress("cog"), CancellationToken.None);
        Assert.Equal(50, current.Accepted);

        // Delegated, associated communes and arrondissements only: every line is valid, none is a current commune.
        var formerOnly = CogExcerpt(t => t != "commune-actuelle", 200);
        var error = await Assert.ThrowsAsync<SourceFormatException>(() =>
            new CogParser().ParseAsync(Utf8(formerOnly), "2025-01-01", Progress("cog"), CancellationToken.None));
        Assert.Contains("Aucune commune actuelle", error.Message);
    }

    [Fact]
    public async Task The_ips_of_a_college_is_the_one_of_its_latest_rentree_whatever_the_order_of_the_lines()
    {
        var path = Path.Combine(TestData.Root, "data", IpsSource.Definition.SampleFile);
        var real = new List<CollegeIps>();
        using (var reader = new StreamReader(path))
        {
            await foreach (var row in CollegeIpsReader.ReadAsync(reader))
            {
                if (row.Value is { } value) real.Add(value);
                if (real.Count == 20) break;
            }
        }
        Assert.All(real, r => Assert.Equal(2023, r.Rentree));
        // The same collèges one and two rentrées earlier, with other values, before and after the real lines.
        var older = real.Select(r => r with { Rentree = 2022, Ips = r.Ips + 10 }).ToList();
        var oldest = real.Select(r => r with { Rentree = 2021, Ips = r.Ips - 10 }).ToList();
        var undated = real.Select(r => r with { Rentree = null, Ips = r.Ips + 20 }).ToList();

        foreach (var rows in new[] { older.Concat(real).Concat(oldest).Concat(undated), undated.Concat(oldest).Concat(real).Concat(older) })
        {
            var latest = Composition.LatestIpsByUai(rows);
            Assert.Equal(real.Count, latest.Count);
            Assert.All(real, r =>
            {
                Assert.Equal(2023, latest[r.Uai].Rentree);
                Assert.Equal(r.Ips, latest[r.Uai].Ips);
            });
        }
    }
}
