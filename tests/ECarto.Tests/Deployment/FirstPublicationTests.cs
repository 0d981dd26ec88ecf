using ECarto.Functions.Ingestion;
using ECarto.Functions.Startup;
using ECarto.Ingestion;
using ECarto.Sources;
using Microsoft.Extensions.Logging;

namespace ECarto.Tests.Deployment;

/// <summary>
/// The function app's start path on a fresh deployment: two instances starting together on the same
/// (Azurite) storage ingest every source once and publish one version; a start after that ingests nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class FirstPublicationTests(AzuriteFixture azurite)
{
    private static FirstPublicationService StartPath(TestPlatform instance) =>
        new(instance.Get<FirstPublication>(), instance.Get<IngestionJobs>(), Telemetry(instance), instance.Configuration, instance.Get<ILogger<FirstPublicationService>>());

    private static IngestionTelemetry Telemetry(TestPlatform instance, ILogger<IngestionTelemetry>? logger = null) =>
        new(instance.Get<RunLog>(), instance.Get<DataVersions>(), logger ?? instance.Get<ILogger<IngestionTelemetry>>());

    /// <summary>Every run recorded, by source.</summary>
    private static async Task<Dictionary<string, int>> RunCountsAsync(TestPlatform platform)
    {
        var counts = new Dictionary<string, int>();
        foreach (var source in SourceCatalog.All) counts[source.Id] = (await platform.RunsAsync(source.Id)).Count;
        return counts;
    }

    [Fact]
    public async Task Two_instances_starting_on_empty_storage_ingest_each_source_once_and_publish_one_version()
    {
        await using var first = new TestPlatform(azurite.ConnectionString);
        // A second instance: its own services, the same storage.
        await using var second = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?> { ["Storage:Prefix"] = first.Prefix }, deleteOnDispose: false);
        Assert.Null(await first.Get<DataVersions>().CurrentAsync());

        var starts = new[] { StartPath(first), StartPath(second) };
        await Task.WhenAll(starts.Select(s => s.StartAsync(CancellationToken.None)));
        await Task.WhenAll(starts.Select(s => s.ExecuteTask!));

        var counts = await RunCountsAsync(first);
        Assert.All(SourceCatalog.All, source => Assert.Equal(1, counts[source.Id]));
        var current = await first.Get<DataVersions>().CurrentAsync();
        Assert.NotNull(current);
        Assert.Equal(SourceCatalog.All.Select(s => s.Id).Order(), current.Sources.Keys.Order());
        // One version only: nothing was published before it.
        Assert.Null(await first.Get<DataVersions>().PreviousAsync());
        foreach (var start in starts) start.Dispose();
    }

    [Fact]
    public async Task A_start_when_a_version_is_published_runs_nothing()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAllAsync();
        var before = await RunCountsAsync(platform);
        var version = (await platform.Get<DataVersions>().CurrentAsync())!.Version;

        Assert.Equal(FirstPublicationOutcome.AlreadyPublished, await platform.Get<FirstPublication>().RunAsync());
        using var start = StartPath(platform);
        await start.StartAsync(CancellationToken.None);
        await start.ExecuteTask!;

        Assert.Equal(before, await RunCountsAsync(platform));
        Assert.Equal(version, (await platform.Get<DataVersions>().CurrentAsync())!.Version);
    }

    [Fact]
    public async Task The_start_path_can_be_turned_off_by_its_app_setting()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?> { [FirstPublicationService.EnabledSetting] = "false" });
        using var start = StartPath(platform);
        await start.StartAsync(CancellationToken.None);
        await start.ExecuteTask!;

        Assert.Null(await platform.Get<DataVersions>().CurrentAsync());
        Assert.All((await RunCountsAsync(platform)).Values, count => Assert.Equal(0, count));
    }
}
