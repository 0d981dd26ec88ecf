using System.Text.Json;
using ECarto.Api;
using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Search;
using ECarto.Territories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ECarto.Tests.Search;

/// <summary>
/// The fiche's stale-index retry (issue 15: removing it left every test green). An instance whose index
/// is still on a version whose tables are gone (two publications later, within its check interval) must
/// check the served version again and answer from it, not say « no such school ». The production
/// interval logic, driven by a clock the test holds still, on a real Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class FicheStaleIndexFaultTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_fiche_asked_of_an_index_whose_version_was_removed_is_read_from_the_served_version()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var first = (await platform.Get<DataVersions>().CurrentAsync())!.Version;
        var provider = new SchoolIndexProvider(platform.Get<SchoolStore>(), platform.Get<SearchSnapshots>(), platform.Get<DataVersions>(),
            new SearchOptions { VersionCheckInterval = TimeSpan.FromMinutes(5) }, NullLogger<SchoolIndexProvider>.Instance,
            new ManualClock(DateTimeOffset.Parse("2026-11-30T12:00:00Z")));
        Assert.Equal(first, (await provider.GetAsync()).DataVersion);

        // Two publications elsewhere: the first version's tables are removed, the clock has not moved.
        var publisher = platform.Get<Publisher>();
        await publisher.PublishAsync();
        var third = (await publisher.PublishAsync())!.Version;
        Assert.DoesNotContain(StorageNamesOf(first), await platform.Get<ECarto.Storage.ECartoStorage>().ListTablesAsync(ECarto.Storage.StorageNames.SchoolsTable));
        Assert.Equal(first, (await provider.GetAsync()).DataVersion);

        var handlers = new EstablishmentHandlers(provider, platform.Get<SchoolCatalogProvider>(), platform.Get<SchoolFiches>(),
            new SearchOptions(), platform.Get<TerritoryDirectoryProvider>());
        var result = await handlers.GetAsync(new DefaultHttpContext().Request, "0310036W", CancellationToken.None);

        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Contains(third, context.Response.Headers.ETag.ToString());
        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(third, body.RootElement.GetProperty("dataVersion").GetString());
        Assert.Equal("0310036W", body.RootElement.GetProperty("school").GetProperty("uai").GetString());
        Assert.Equal(third, (await provider.GetAsync()).DataVersion);
    }

    private static string StorageNamesOf(string version) => ECarto.Storage.StorageNames.SchoolsTable + version;
}
