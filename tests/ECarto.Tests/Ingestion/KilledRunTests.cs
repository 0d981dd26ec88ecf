using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Storage;
using ECarto.Tests.Shared;

namespace ECarto.Tests.Ingestion;

/// <summary>
/// A run killed with SIGKILL in the middle of its publish, in a real process, on a real Azurite. The kill
/// point is deterministic: the publication is held by the fault-injection hook
/// (<see cref="PublicationFaults"/>) after its tables are written, before its switch.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class KilledRunTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_run_killed_mid_publish_leaves_the_previous_version_served_and_the_next_run_completes()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var before = (await platform.Get<DataVersions>().CurrentAsync())!;

        // A new vintage of the annuaire: the lycée Pierre de Fermat renamed.
        var newer = Path.Combine(Path.GetTempPath(), $"annuaire-{Guid.NewGuid():N}.csv");
        var release = Path.Combine(Path.GetTempPath(), $"release-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(newer, (await File.ReadAllTextAsync(TestData.AnnuairePath)).Replace("Lycée général Pierre de Fermat", "Lycée Pierre-de-Fermat (nouveau nom)", StringComparison.Ordinal));
        string killedVersion;
        try
        {
            var storage = platform.Get<ECartoStorage>();
            await using (var child = LocalHostProcess.Start(["ingest", "annuaire"], new Dictionary<string, string>
            {
                ["Storage__ConnectionString"] = azurite.ConnectionString,
                ["Storage__Prefix"] = platform.Prefix,
                ["Sources__annuaire__Location"] = newer,
                ["Ingestion__HoldPublishUntilFile"] = release,
            }))
            {
                // Killed once its version's tables are written, right before its switch (the release file never comes).
                killedVersion = await VersionSwitchTests.HeldVersionAsync(child, release);
                Assert.Contains(SchoolStore.TableFor(killedVersion), await storage.ListTablesAsync(StorageNames.SchoolsTable));
                await child.KillAsync();
            }

            var served = await platform.Get<DataVersions>().CurrentAsync();
            Assert.Equal(before.Version, served!.Version);
            var schools = await platform.PublishedSchoolsAsync();
            Assert.Equal(6237, schools.Count);
            Assert.Equal("Lycée général Pierre de Fermat", schools.Single(s => s.Uai == "0310036W").Name);
            // The source's own run had finished (its rows staged); its publication was cut short.
            Assert.Equal(RunStatus.Succeeded, (await platform.RunsAsync("annuaire"))[0].GetString("Status"));
            var killed = (await platform.RunsAsync(Publisher.RunName))[0];
            Assert.Equal(RunStatus.Running, killed.GetString("Status"));

            // The next run (same file) recovers: nothing to re-read, but the staged rows get published and
            // the cut publication is marked interrupted.
            await using var next = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?>
            {
                ["Storage:Prefix"] = platform.Prefix,
                ["Sources:annuaire:Location"] = newer,
            }, deleteOnDispose: false);
            var rerun = await next.Get<IngestionJobs>().RunAsync("annuaire");
            Assert.Equal(RunStatus.Skipped, rerun.Status);

            var after = await platform.Get<DataVersions>().CurrentAsync();
            Assert.NotEqual(before.Version, after!.Version);
            var renamed = await platform.PublishedSchoolsAsync();
            Assert.Equal(6237, renamed.Count);
            Assert.Equal("Lycée Pierre-de-Fermat (nouveau nom)", renamed.Single(s => s.Uai == "0310036W").Name);
            var runs = await platform.RunsAsync(Publisher.RunName);
            Assert.Equal(RunStatus.Succeeded, runs[0].GetString("Status"));
            Assert.Equal(RunStatus.Interrupted, runs.Single(r => r.RowKey == killed.RowKey).GetString("Status"));

            // The abandoned version's tables and search snapshot were removed by that successful run.
            Assert.Equal(killedVersion, killed.GetString("Note"));
            Assert.DoesNotContain(SchoolStore.TableFor(killedVersion), await storage.ListTablesAsync(StorageNames.SchoolsTable));
            Assert.DoesNotContain(StorageNames.TerritoriesTable + killedVersion, await storage.ListTablesAsync(StorageNames.TerritoriesTable));
            Assert.DoesNotContain(killedVersion, await platform.Get<ECarto.Search.SearchSnapshots>().VersionsAsync());
            Assert.Equal([before.Version, after.Version], (await storage.ListTablesAsync(StorageNames.SchoolsTable)).Select(t => t[StorageNames.SchoolsTable.Length..]).Order());
        }
        finally
        {
            foreach (var file in new[] { newer, release, release + ".held" }) File.Delete(file);
        }
    }
}

/// <summary>The publication lease: a second publisher (another instance) waits for the first.</summary>
[Collection(AzuriteCollection.Name)]
public class PublicationLeaseTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_publication_waits_while_another_instance_holds_the_lease()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var before = (await platform.Get<DataVersions>().CurrentAsync())!.Version;

        // Another instance's publication, as far as this process can tell: the lease is taken from outside.
        var other = await PublicationLease.AcquireAsync(platform.Get<ECartoStorage>(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        var publishing = platform.Get<Publisher>().PublishAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(publishing.IsCompleted);
        Assert.Equal(before, (await platform.Get<DataVersions>().CurrentAsync())!.Version);

        await other.DisposeAsync();
        var published = await publishing.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(before, published!.Version);
    }
}
