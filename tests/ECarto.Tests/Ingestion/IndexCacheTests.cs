using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Search;
using Microsoft.Extensions.Logging.Abstractions;

namespace ECarto.Tests.Ingestion;

/// <summary>
/// The production index cache: it serves its index for <see cref="SearchOptions.VersionCheckInterval"/>,
/// then checks the served version and rebuilds on a new one. Driven by a clock the test moves, on a real Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class IndexCacheTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_version_published_elsewhere_is_served_once_the_check_interval_has_passed()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var first = (await platform.Get<DataVersions>().CurrentAsync())!.Version;
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-30T23:59:50Z"));
        var provider = new SchoolIndexProvider(platform.Get<SchoolStore>(), platform.Get<SearchSnapshots>(), platform.Get<DataVersions>(),
            new SearchOptions { VersionCheckInterval = TimeSpan.FromSeconds(30) }, NullLogger<SchoolIndexProvider>.Instance, clock);
        Assert.Equal(first, (await provider.GetAsync()).DataVersion);

        // Another instance publishes: this one does not know until its interval has passed.
        var second = (await platform.Get<Publisher>().PublishAsync())!.Version;
        Assert.NotEqual(first, second);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(first, (await provider.GetAsync()).DataVersion);

        clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await provider.GetAsync();
        Assert.Equal(second, fresh.DataVersion);
        Assert.Equal(6237, fresh.Count);

        // Checked again from then on: a third version waits for the next interval.
        var third = (await platform.Get<Publisher>().PublishAsync())!.Version;
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(second, (await provider.GetAsync()).DataVersion);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(third, (await provider.GetAsync()).DataVersion);
    }
}
