using System.Globalization;
using System.Security.Cryptography;
using ECarto.Ingestion;
using ECarto.Sources.Ips;
using Microsoft.Extensions.Configuration;

namespace ECarto.Tests.Ingestion;

/// <summary>
/// A file that accepts no row, or far fewer rows than the last good run, fails its run and leaves the
/// source's last good data served, on the real IPS file and a real Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class ShrunkenFileTests(AzuriteFixture azurite)
{
    private static string IpsPath => Path.Combine(TestData.Root, "data", IpsSource.Definition.SampleFile);

    /// <summary>The IPS of the served version, by UAI.</summary>
    private static async Task<Dictionary<string, double>> PublishedIpsAsync(TestPlatform platform) =>
        (await platform.PublishedSchoolsAsync()).Where(s => s.Ips is not null).ToDictionary(s => s.Uai, s => s.Ips!.Value, StringComparer.Ordinal);

    /// <summary>The annuaire and the real IPS file, published: the last good data.</summary>
    private static async Task<(TestPlatform Platform, Dictionary<string, double> Ips)> PublishedWithIpsAsync(string connectionString)
    {
        var platform = new TestPlatform(connectionString);
        Assert.Empty(await platform.Get<IngestionJobs>().RunSourcesAsync(["annuaire", "ips"]));
        var ips = await PublishedIpsAsync(platform);
        Assert.True(ips.Count > 100, $"only {ips.Count} schools with an IPS");
        return (platform, ips);
    }

    /// <summary>Another platform on the same storage, reading the IPS from <paramref name="file"/>.</summary>
    private static TestPlatform SameStorage(TestPlatform platform, string file, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Storage:Prefix"] = platform.Prefix, ["Sources:ips:Location"] = file };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        return new TestPlatform(platform.Configuration["Storage:ConnectionString"]!, values, deleteOnDispose: false);
    }

    /// <summary>The real file's header and its first <paramref name="share"/> of data lines, cut at a line end.</summary>
    private static async Task<string> TruncatedIpsAsync(double share)
    {
        var lines = await File.ReadAllLinesAsync(IpsPath);
        var kept = (int)((lines.Length - 1) * share);
        var file = Path.Combine(Path.GetTempPath(), $"ips-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file, lines.Take(1 + kept));
        return file;
    }

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public async Task An_ips_file_whose_every_row_is_rejected_fails_and_the_served_version_keeps_the_previous_figures()
    {
        var (platform, before) = await PublishedWithIpsAsync(azurite.ConnectionString);
        await using var _ = platform;
        var served = (await platform.Get<DataVersions>().CurrentAsync())!;

        // The real file with its decimal points lost (an export gone wrong): every IPS becomes ten times too large.
        var lines = await File.ReadAllLinesAsync(IpsPath);
        var broken = lines.Take(1).Concat(lines.Skip(1).Select(line =>
        {
            var fields = line.Split(';');
            fields[2] = fields[2].Replace(".", "", StringComparison.Ordinal);
            return string.Join(';', fields);
        })).ToList();
        // Independently of the reader: no line of the broken file holds a plausible IPS (≤ 200).
        Assert.All(broken.Skip(1), line =>
        {
            var ips = line.Split(';')[2];
            Assert.True(ips.Length == 0 || double.Parse(ips, CultureInfo.InvariantCulture) > 200, line);
        });
        var file = Path.Combine(Path.GetTempPath(), $"ips-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file, broken);
        try
        {
            await using var failing = SameStorage(platform, file);
            var error = await Assert.ThrowsAsync<IngestionFailedException>(() => failing.Get<IngestionJobs>().RunAsync("ips"));

            Assert.Contains("Aucune ligne acceptée", error.Run.Error);
            Assert.Equal(lines.Length - 1, error.Run.Read);
            Assert.Equal(0, error.Run.Accepted);
            Assert.NotNull(error.Run.RejectReport);
            var record = (await platform.RunsAsync("ips"))[0];
            Assert.Equal(RunStatus.Failed, record.GetString("Status"));
            Assert.Equal(error.Run.Error, record.GetString("Error"));
            Assert.Equal(served.Version, (await platform.Get<DataVersions>().CurrentAsync())!.Version);
            Assert.Equal(before, await PublishedIpsAsync(platform));

            // A later publication (another source's run) still composes the last good IPS file.
            var next = await platform.Get<Publisher>().PublishAsync();
            Assert.NotEqual(served.Version, next!.Version);
            Assert.Equal(before, await PublishedIpsAsync(platform));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_truncated_ips_file_fails_and_an_operator_accepts_that_file_once_by_its_hash()
    {
        var (platform, before) = await PublishedWithIpsAsync(azurite.ConnectionString);
        await using var _ = platform;
        var served = (await platform.Get<DataVersions>().CurrentAsync())!;
        var truncated = await TruncatedIpsAsync(0.3);
        var smaller = await TruncatedIpsAsync(0.1);
        try
        {
            await using (var failing = SameStorage(platform, truncated))
            {
                var error = await Assert.ThrowsAsync<IngestionFailedException>(() => failing.Get<IngestionJobs>().RunAsync("ips"));
                Assert.Contains("moins de 50", error.Run.Error);
                Assert.Contains($"Sources__ips__AcceptSha256={Sha256(truncated)}", error.Run.Error);
                Assert.Equal(served.Version, (await platform.Get<DataVersions>().CurrentAsync())!.Version);
                Assert.Equal(before, await PublishedIpsAsync(platform));
            }

            // The operator accepts this very file: it is published, and becomes the last good run.
            var accept = new Dictionary<string, string?> { ["Sources:ips:AcceptSha256"] = Sha256(truncated) };
            await using (var accepted = SameStorage(platform, truncated, accept))
            {
                var run = await accepted.Get<IngestionJobs>().RunAsync("ips");
                Assert.Equal(RunStatus.Succeeded, run.Status);
                Assert.Contains("accepté par l'opérateur", run.Note);
            }
            var kept = File.ReadLines(truncated).Skip(1).Select(l => l.Split(';')[1]).ToHashSet(StringComparer.Ordinal);
            var after = await PublishedIpsAsync(platform);
            Assert.NotEmpty(after);
            Assert.True(after.Count < before.Count);
            Assert.All(after, pair => Assert.Contains(pair.Key, kept));

            // The acceptance was for that file only: a still smaller one, the setting unchanged, is refused.
            await using (var again = SameStorage(platform, smaller, accept))
            {
                var error = await Assert.ThrowsAsync<IngestionFailedException>(() => again.Get<IngestionJobs>().RunAsync("ips"));
                Assert.Contains($"Sources__ips__AcceptSha256={Sha256(smaller)}", error.Run.Error);
            }
            Assert.Equal(after, await PublishedIpsAsync(platform));
        }
        finally
        {
            File.Delete(truncated);
            File.Delete(smaller);
        }
    }

    [Fact]
    public async Task A_lower_minimum_share_for_the_source_lets_a_smaller_file_through()
    {
        var (platform, before) = await PublishedWithIpsAsync(azurite.ConnectionString);
        await using var _ = platform;
        var truncated = await TruncatedIpsAsync(0.3);
        try
        {
            await using var lenient = SameStorage(platform, truncated, new Dictionary<string, string?> { ["Sources:ips:MinimumShareOfLastRun"] = "0.2" });
            var run = await lenient.Get<IngestionJobs>().RunAsync("ips");

            Assert.Equal(RunStatus.Succeeded, run.Status);
            Assert.True((await PublishedIpsAsync(platform)).Count < before.Count);
        }
        finally
        {
            File.Delete(truncated);
        }
    }

    [Theory]
    [InlineData(null, null, 50, 100, null)]
    [InlineData(null, null, 49, 100, "moins de 50")]
    [InlineData("0.2", null, 20, 100, null)]
    [InlineData("0.2", null, 19, 100, "moins de 20")]
    [InlineData(null, "0.9", 89, 100, "moins de 90")]
    [InlineData("0", null, 1, 100, null)]
    [InlineData("0", null, 0, 100, "Aucune ligne acceptée")]
    public void The_minimum_share_is_read_per_source_as_an_app_setting_name_then_for_every_source(string? perSource, string? everySource, int accepted, int last, string? refusal)
    {
        // The names an Azure app setting can carry: « arcep_fixe » for the source « arcep-fixe ».
        var settings = new Dictionary<string, string?>();
        if (perSource is not null) settings["Sources:arcep_fixe:MinimumShareOfLastRun"] = perSource;
        if (everySource is not null) settings["Sources:MinimumShareOfLastRun"] = everySource;
        var rules = new AcceptanceRules(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var lastGood = new SourceState("arcep-fixe", "h", null, null, "raw", "staged", "2022-12-31", "run", last, Accepted: last);

        var reason = rules.Refusal("arcep-fixe", accepted + 5, accepted, lastGood, "abc");

        if (refusal is null) Assert.Null(reason);
        else Assert.Contains(refusal, reason);
        Assert.Equal("Sources__arcep_fixe__MinimumShareOfLastRun", AcceptanceRules.AppSettingName("arcep-fixe", "MinimumShareOfLastRun"));
    }
}
