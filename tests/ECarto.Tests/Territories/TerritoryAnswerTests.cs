using System.IO.Compression;
using System.Text.Json;
using ECarto.Api;
using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Search;
using ECarto.Storage;
using ECarto.Territories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace ECarto.Tests.Territories;

/// <summary>
/// A territory's fiche on a real Azurite: built at its first request of a version, then served from the
/// version's kept bytes (no storage read, no serialisation), Brotli as kept to a client that accepts it, and
/// built again for a new version once the instance's version check interval has passed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class TerritoryAnswerTests(AzuriteFixture azurite)
{
    /// <summary>One cold instance's handlers, on a clock the test moves (30 s between version checks).</summary>
    private static TerritoryHandlers Instance(TestPlatform platform, TimeProvider clock)
    {
        var options = new SearchOptions { VersionCheckInterval = TimeSpan.FromSeconds(30) };
        var indexes = new SchoolIndexProvider(platform.Get<SchoolStore>(), platform.Get<SearchSnapshots>(), platform.Get<DataVersions>(), options,
            NullLogger<SchoolIndexProvider>.Instance, clock);
        var directories = new TerritoryDirectoryProvider(platform.Get<TerritoryStore>(), NullLogger<TerritoryDirectoryProvider>.Instance);
        return new TerritoryHandlers(indexes, directories, platform.Get<TerritoryStore>(), options);
    }

    private static async Task<(int Status, byte[] Body, HttpResponse Response)> GetAsync(TestPlatform platform, TerritoryHandlers handlers, string level, string code, string? acceptEncoding = null)
    {
        var context = new DefaultHttpContext { RequestServices = platform.Services };
        context.Request.Method = "GET";
        if (acceptEncoding is not null) context.Request.Headers.AcceptEncoding = acceptEncoding;
        var body = new MemoryStream();
        context.Response.Body = body;
        await (await handlers.GetAsync(context.Request, level, code, CancellationToken.None)).ExecuteAsync(context);
        return (context.Response.StatusCode, body.ToArray(), context.Response);
    }

    private static string? VersionOf(byte[] body) => JsonDocument.Parse(body).RootElement.GetProperty("dataVersion").GetString();

    [Fact]
    public async Task A_territory_fiche_is_read_once_per_version_then_served_from_memory_and_a_new_version_is_served_after_the_check_interval()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        Assert.Empty(await platform.Get<IngestionJobs>().RunSourcesAsync(["annuaire", "cog"]));
        var first = (await platform.Get<DataVersions>().CurrentAsync())!.Version;
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-30T23:59:50Z"));
        var handlers = Instance(platform, clock);

        // A cold instance: the commune's figures are read from its version's table.
        var (status, commune, response) = await GetAsync(platform, handlers, TerritoryLevel.Commune, "31555");
        Assert.Equal(200, status);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal(HttpCaching.ETagOf(first), response.Headers.ETag.ToString());
        Assert.Equal(HttpCaching.CacheControl, response.Headers.CacheControl.ToString());
        Assert.Equal(commune.Length, response.ContentLength);
        var fiche = JsonDocument.Parse(commune).RootElement;
        Assert.Equal("Toulouse", fiche.GetProperty("territory").GetProperty("name").GetString());
        Assert.Equal(first, fiche.GetProperty("dataVersion").GetString());
        Assert.NotEmpty(fiche.GetProperty("indicators").EnumerateArray());
        var (_, departement, _) = await GetAsync(platform, handlers, TerritoryLevel.Departement, "31");

        // The second request reads nothing: the version's territories table is gone, the same answer is served.
        await platform.Get<ECartoStorage>().ExistingTable(TerritoryStore.TableFor(first)).DeleteAsync();
        var (againStatus, again, _) = await GetAsync(platform, handlers, TerritoryLevel.Commune, "31555");
        Assert.Equal(200, againStatus);
        Assert.Equal(commune, again);
        Assert.Equal(departement, (await GetAsync(platform, handlers, TerritoryLevel.Departement, "31")).Body);

        // A client that accepts Brotli gets the kept bytes as they are, the same JSON once decoded.
        var (brStatus, compressed, brResponse) = await GetAsync(platform, handlers, TerritoryLevel.Commune, "31555", "gzip, br");
        Assert.Equal(200, brStatus);
        Assert.Equal("br", brResponse.Headers.ContentEncoding.ToString());
        Assert.Equal("Accept-Encoding", brResponse.Headers.Vary.ToString());
        Assert.True(compressed.Length * 4 < commune.Length, $"{compressed.Length} compressed bytes for {commune.Length}");
        await using (var decoder = new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            using var decoded = new MemoryStream();
            await decoder.CopyToAsync(decoded);
            Assert.Equal(commune, decoded.ToArray());
        }
        // Brotli refused (q=0) or a malformed header: the JSON itself.
        Assert.Equal(commune, (await GetAsync(platform, handlers, TerritoryLevel.Commune, "31555", "br;q=0, gzip")).Body);
        Assert.Equal(commune, (await GetAsync(platform, handlers, TerritoryLevel.Commune, "31555", "br;q=\u00e9\u00e9, ,;;")).Body);

        // Another instance publishes: this one serves its version's answers until the interval has passed…
        var second = (await platform.Get<Publisher>().PublishAsync())!.Version;
        Assert.NotEqual(first, second);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(first, VersionOf((await GetAsync(platform, handlers, TerritoryLevel.Commune, "31555")).Body));

        // …then builds the new version's answer from its own table.
        clock.Advance(TimeSpan.FromSeconds(2));
        var (newStatus, renewed, newResponse) = await GetAsync(platform, handlers, TerritoryLevel.Commune, "31555");
        Assert.Equal(200, newStatus);
        Assert.Equal(second, VersionOf(renewed));
        Assert.Equal(HttpCaching.ETagOf(second), newResponse.Headers.ETag.ToString());
        Assert.Equal(second, VersionOf((await GetAsync(platform, handlers, TerritoryLevel.Departement, "31")).Body));
    }

    [Fact]
    public void The_kept_answers_of_a_version_stay_within_their_budget()
    {
        var directory = new TerritoryDirectory("v1", [], [], answerBudget: 1000);
        var small = HttpCaching.Precompress("{\"a\":1}"u8);
        directory.KeepAnswer(TerritoryLevel.Commune, "31555", small);
        Assert.Same(small, directory.Answer(TerritoryLevel.Commune, "31555"));
        Assert.Equal(small.Length, directory.AnswerBytes);

        // An answer past the budget is not kept: its next request builds it again.
        var large = new byte[1001];
        directory.KeepAnswer(TerritoryLevel.Commune, "31556", large);
        Assert.Null(directory.Answer(TerritoryLevel.Commune, "31556"));
        Assert.Equal(small.Length, directory.AnswerBytes);
    }
}
