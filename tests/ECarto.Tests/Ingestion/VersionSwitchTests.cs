using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;
using ECarto.Ingestion;
using ECarto.Storage;
using ECarto.Tests.Shared;

namespace ECarto.Tests.Ingestion;

/// <summary>
/// The switch of the served version: one write holding the served and the previous version, conditioned
/// on what the publisher read; a publisher that lost its lease never switches. On a real Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class VersionSwitchTests(AzuriteFixture azurite)
{
    private static PublishedVersion Version(string id) =>
        new(id, DateTimeOffset.Parse("2026-11-30T10:00:00Z"), new Dictionary<string, string> { ["annuaire"] = "run-" + id });

    [Fact]
    public async Task One_row_holds_the_served_and_the_previous_version_and_a_stale_switch_writes_nothing()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var versions = platform.Get<DataVersions>();
        await versions.PublishAsync(Version("v1"));
        var readByB = await versions.ServedAsync();
        await versions.PublishAsync(Version("v2"));

        // The one row the API reads holds both: nothing else is needed to know the previous version.
        var table = await platform.Get<ECartoStorage>().TableAsync(StorageNames.VersionsTable);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"published"}"))) rows.Add(row);
        var current = Assert.Single(rows);
        Assert.Equal("v2", current.GetString("Version"));
        Assert.Equal("v1", current.GetString("PreviousVersion"));
        Assert.Equal("run-v1", (await versions.PreviousAsync())!.Sources["annuaire"]);

        // A publisher that read the row before v2 was switched in cannot switch from that state.
        await Assert.ThrowsAsync<VersionSwitchConflictException>(() => versions.PublishAsync(Version("v3"), readByB));
        var served = await versions.ServedAsync();
        Assert.Equal("v2", served.Current!.Version);
        Assert.Equal("v1", served.Previous!.Version);

        // Nor can two first publications both succeed.
        await using var empty = new TestPlatform(azurite.ConnectionString);
        var nothing = await empty.Get<DataVersions>().ServedAsync();
        await empty.Get<DataVersions>().PublishAsync(Version("v1"), nothing);
        await Assert.ThrowsAsync<VersionSwitchConflictException>(() => empty.Get<DataVersions>().PublishAsync(Version("v9"), nothing));
        Assert.Equal("v1", (await empty.Get<DataVersions>().CurrentAsync())!.Version);
    }

    [Fact]
    public async Task Rows_of_the_two_row_layout_are_read_and_replaced_by_the_next_switch()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        // As an existing .azurite/ store holds them: « current » and « previous », each a row of its own.
        var table = await platform.Get<ECartoStorage>().TableAsync(StorageNames.VersionsTable);
        foreach (var (row, id) in new[] { ("current", "v2"), ("previous", "v1") })
        {
            await table.AddEntityAsync(new TableEntity("published", row)
            {
                ["Version"] = id, ["PublishedAt"] = DateTimeOffset.UtcNow, ["SourcesJson"] = "{\"annuaire\":\"r\"}", ["Layout"] = PublishedVersion.CurrentLayout,
            });
        }
        var versions = platform.Get<DataVersions>();
        Assert.Equal("v2", (await versions.CurrentAsync())!.Version);
        Assert.Equal("v1", (await versions.PreviousAsync())!.Version);

        await versions.PublishAsync(Version("v3"));

        Assert.Equal("v3", (await versions.CurrentAsync())!.Version);
        Assert.Equal("v2", (await versions.PreviousAsync())!.Version);
    }

    [Fact]
    public async Task A_publisher_that_lost_its_lease_to_another_publisher_aborts_and_leaves_the_other_ones_version_served()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var before = (await platform.Get<DataVersions>().CurrentAsync())!.Version;

        var newer = Path.Combine(Path.GetTempPath(), $"annuaire-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(newer, (await File.ReadAllTextAsync(TestData.AnnuairePath)).Replace("Lycée général Pierre de Fermat", "Lycée Pierre-de-Fermat (nouveau nom)", StringComparison.Ordinal));
        var release = Path.Combine(Path.GetTempPath(), $"release-{Guid.NewGuid():N}");
        try
        {
            // Publisher A: another process, held by the fault-injection hook once its tables are written.
            await using var a = LocalHostProcess.Start(["ingest", "annuaire"], new Dictionary<string, string>
            {
                ["Storage__ConnectionString"] = azurite.ConnectionString,
                ["Storage__Prefix"] = platform.Prefix,
                ["Sources__annuaire__Location"] = newer,
                ["Ingestion__HoldPublishUntilFile"] = release,
            });
            var versionOfA = await HeldVersionAsync(a, release);

            // A loses its lease (broken, as when it expires during a long pause), and publisher B, this
            // process, takes it and publishes.
            var snapshots = await platform.Get<ECartoStorage>().ContainerAsync(StorageNames.SnapshotsContainer);
            await snapshots.GetBlobClient("locks/publication").GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
            var versionOfB = (await platform.Get<Publisher>().PublishAsync())!.Version;
            Assert.NotEqual(before, versionOfB);

            File.WriteAllText(release, "");
            await a.WaitForExitAsync();

            var served = await platform.Get<DataVersions>().ServedAsync();
            Assert.Equal(versionOfB, served.Current!.Version);
            Assert.Equal(before, served.Previous!.Version);
            var runOfA = (await platform.RunsAsync(Publisher.RunName)).Single(r => r.GetString("Note") == versionOfA);
            Assert.Equal(RunStatus.Failed, runOfA.GetString("Status"));
            Assert.Contains("Bail de publication perdu", runOfA.GetString("Error"));
            Assert.NotEqual(0, a.ExitCode);
        }
        finally
        {
            foreach (var file in new[] { newer, release, release + ".held" }) File.Delete(file);
        }
    }

    /// <summary>The version a held publication has written, once the hook says it holds.</summary>
    internal static async Task<string> HeldVersionAsync(LocalHostProcess process, string release)
    {
        // A deadline only against a hung child; the kill point itself is the hook, not a time.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!File.Exists(release + ".held"))
        {
            Assert.False(process.HasExited, $"the ingestion ended before its publication held:\n{process.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"the publication never held:\n{process.Output}");
            await Task.Delay(50);
        }
        return await File.ReadAllTextAsync(release + ".held");
    }
}
