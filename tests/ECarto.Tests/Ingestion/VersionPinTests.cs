using ECarto.Ingestion;
using ECarto.Tests.Shared;

namespace ECarto.Tests.Ingestion;

/// <summary>
/// A lasting rollback: the previous version served again and pinned in one write, so that later runs
/// and publications do not switch away from it until it is unpinned. On a real Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class VersionPinTests(AzuriteFixture azurite)
{
    private static PublishedVersion Version(string id) =>
        new(id, DateTimeOffset.Parse("2026-11-30T10:00:00Z"), new Dictionary<string, string> { ["annuaire"] = "run-" + id });

    [Fact]
    public async Task Rolling_back_pins_the_previous_version_until_it_is_unpinned()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var versions = platform.Get<DataVersions>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => versions.RollBackAndPinAsync());
        await versions.PublishAsync(Version("v1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => versions.RollBackAndPinAsync());
        await versions.PublishAsync(Version("v2"));

        var rolledBack = await versions.RollBackAndPinAsync();
        Assert.Equal("v1", rolledBack.Current!.Version);
        Assert.Equal("run-v1", rolledBack.Current.Sources["annuaire"]);
        // The bad version stays the previous one (its tables are kept), and the row says it is pinned.
        Assert.Equal("v2", rolledBack.Previous!.Version);
        Assert.True(rolledBack.Pinned);

        // A publication does not switch away from a pinned version, and writes nothing.
        await Assert.ThrowsAsync<VersionPinnedException>(() => versions.PublishAsync(Version("v3")));
        var still = await versions.ServedAsync();
        Assert.Equal(("v1", "v2", true), (still.Current!.Version, still.Previous!.Version, still.Pinned));
        Assert.Equal(rolledBack.ETag, still.ETag);

        // A switch prepared before the pin (read before it) cannot land either: the pin changed the row.
        var unpinned = await versions.UnpinAsync();
        Assert.False(unpinned.Pinned);
        Assert.Equal(("v1", "v2"), (unpinned.Current!.Version, unpinned.Previous!.Version));
        await versions.PinAsync();
        await Assert.ThrowsAsync<VersionSwitchConflictException>(() => versions.PublishAsync(Version("v3"), unpinned));
        Assert.Equal("v1", (await versions.CurrentAsync())!.Version);

        await versions.UnpinAsync();
        await versions.PublishAsync(Version("v3"));
        var after = await versions.ServedAsync();
        Assert.Equal(("v3", "v1", false), (after.Current!.Version, after.Previous!.Version, after.Pinned));
    }

    [Fact]
    public async Task While_the_served_version_is_pinned_the_publisher_does_not_switch_and_does_once_unpinned()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var versions = platform.Get<DataVersions>();
        var first = (await versions.CurrentAsync())!.Version;
        var publisher = platform.Get<Publisher>();
        var publications = (await platform.RunsAsync(Publisher.RunName)).Count;

        var pinned = await versions.PinAsync();
        Assert.True(pinned.Pinned);
        // Even a forced publication (as after a source run with new data) leaves the pinned version served.
        Assert.Equal(first, (await publisher.PublishAsync())!.Version);
        var served = await versions.ServedAsync();
        Assert.Equal(first, served.Current!.Version);
        Assert.True(served.Pinned);
        Assert.Equal(publications, (await platform.RunsAsync(Publisher.RunName)).Count);

        await versions.UnpinAsync();
        var next = (await publisher.PublishAsync())!.Version;
        Assert.NotEqual(first, next);
        Assert.Equal(first, (await versions.PreviousAsync())!.Version);
    }
}
