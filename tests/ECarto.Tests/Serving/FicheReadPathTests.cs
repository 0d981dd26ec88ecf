using System.Text.Json;
using ECarto.Api;
using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Search;
using ECarto.Storage;
using ECarto.Territories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace ECarto.Tests.Serving;

/// <summary>
/// The fiche's read path on a real Azurite: what is fixed for a version (the schools, the source dates) is
/// read once per instance per version, never per request; and an instance serves a version published
/// elsewhere once its version check interval has passed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class FicheReadPathTests(AzuriteFixture azurite)
{
    /// <summary>One instance's handlers and its search catalogues, on a clock the test moves (30 s between version checks).</summary>
    private static (EstablishmentHandlers Handlers, SchoolCatalogProvider Catalogs) Instance(TestPlatform platform, TimeProvider clock)
    {
        var options = new SearchOptions { VersionCheckInterval = TimeSpan.FromSeconds(30) };
        var indexes = new SchoolIndexProvider(platform.Get<SchoolStore>(), platform.Get<SearchSnapshots>(), platform.Get<DataVersions>(), options,
            NullLogger<SchoolIndexProvider>.Instance, clock);
        var directories = new TerritoryDirectoryProvider(platform.Get<TerritoryStore>(), NullLogger<TerritoryDirectoryProvider>.Instance);
        var catalogs = new SchoolCatalogProvider(indexes, directories, NullLogger<SchoolCatalogProvider>.Instance);
        var handlers = new EstablishmentHandlers(indexes, catalogs,
            new SchoolFiches(platform.Get<ECartoStorage>(), platform.Get<SchoolStore>(), new VersionSourceStates(platform.Get<SourceStates>()), NullLogger<SchoolFiches>.Instance),
            options, directories);
        return (handlers, catalogs);
    }

    private static async Task<(int Status, JsonElement Body)> FicheAsync(TestPlatform platform, EstablishmentHandlers handlers, string uai)
    {
        var context = new DefaultHttpContext { RequestServices = platform.Services };
        context.Request.Method = "GET";
        context.Response.Body = new MemoryStream();
        await (await handlers.GetAsync(context.Request, uai, CancellationToken.None)).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, context.Response.Body.Length == 0 ? default : (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone());
    }

    private static string? AnnuaireDate(JsonElement fiche) =>
        fiche.GetProperty("sources").EnumerateArray().First(s => s.GetProperty("id").GetString() == "annuaire").GetProperty("date").GetString();

    [Fact]
    public async Task A_fiche_reads_nothing_from_storage_and_a_new_version_is_served_once_the_check_interval_has_passed()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var first = (await platform.Get<DataVersions>().CurrentAsync())!.Version;
        var school = (await platform.PublishedSchoolsAsync()).Where(s => s.CommuneCode is not null).OrderBy(s => s.Uai, StringComparer.Ordinal).First();
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-30T23:59:50Z"));
        var (handlers, _) = Instance(platform, clock);

        var (status, fiche) = await FicheAsync(platform, handlers, school.Uai);
        Assert.Equal(200, status);
        Assert.Equal(first, fiche.GetProperty("dataVersion").GetString());
        Assert.Equal(school.Name, fiche.GetProperty("school").GetProperty("name").GetString());
        var annuaireDate = AnnuaireDate(fiche);
        Assert.NotNull(annuaireDate);

        // What the fiche reads of its version is in memory: its schools table and the source states can
        // change or vanish, the fiche does not read them again.
        var states = platform.Get<SourceStates>();
        var annuaire = (await states.GetAsync("annuaire"))!;
        await states.SaveAsync(annuaire with { SourceDate = "1999-01-01" });
        await platform.Get<ECartoStorage>().ExistingTable(SchoolStore.TableFor(first)).DeleteAsync();
        (status, fiche) = await FicheAsync(platform, handlers, school.Uai);
        Assert.Equal(200, status);
        Assert.Equal(school.Name, fiche.GetProperty("school").GetProperty("name").GetString());
        Assert.Equal(annuaireDate, AnnuaireDate(fiche));

        // Another instance publishes: this one keeps serving its version until the interval has passed…
        var second = (await platform.Get<Publisher>().PublishAsync())!.Version;
        Assert.NotEqual(first, second);
        clock.Advance(TimeSpan.FromSeconds(29));
        (_, fiche) = await FicheAsync(platform, handlers, school.Uai);
        Assert.Equal(first, fiche.GetProperty("dataVersion").GetString());

        // …then serves the new one, its schools and the source states read again with it.
        clock.Advance(TimeSpan.FromSeconds(2));
        (status, fiche) = await FicheAsync(platform, handlers, school.Uai);
        Assert.Equal(200, status);
        Assert.Equal(second, fiche.GetProperty("dataVersion").GetString());
        Assert.Equal("1999-01-01", AnnuaireDate(fiche));

        // A third publication, by the same rule: at most one interval late.
        var third = (await platform.Get<Publisher>().PublishAsync())!.Version;
        clock.Advance(TimeSpan.FromSeconds(31));
        (_, fiche) = await FicheAsync(platform, handlers, school.Uai);
        Assert.Equal(third, fiche.GetProperty("dataVersion").GetString());
    }

    private static async Task<(int Status, byte[] Body)> SearchAsync(TestPlatform platform, EstablishmentHandlers handlers, string query)
    {
        var context = new DefaultHttpContext { RequestServices = platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        using var body = new MemoryStream();
        context.Response.Body = body;
        await (await handlers.SearchAsync(context.Request, CancellationToken.None)).ExecuteAsync(context);
        return (context.Response.StatusCode, body.ToArray());
    }

    [Fact]
    public async Task A_search_is_answered_once_per_version_then_kept_and_each_page_or_filter_is_its_own_answer()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var first = (await platform.Get<DataVersions>().CurrentAsync())!.Version;
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-01T00:00:00Z"));
        var (handlers, catalogs) = Instance(platform, clock);

        var (status, answer) = await SearchAsync(platform, handlers, "?q=college");
        Assert.Equal(200, status);
        var catalog = (await catalogs.GetAsync())!;
        Assert.Equal(answer.Length, catalog.AnswerBytes);
        Assert.Equal(first, JsonDocument.Parse(answer).RootElement.GetProperty("dataVersion").GetString());

        // The same search again: the kept answer, byte for byte, and nothing more kept.
        Assert.Equal(answer, (await SearchAsync(platform, handlers, "?q=college")).Body);
        Assert.Equal(answer.Length, catalog.AnswerBytes);

        // Another page, another filter: answers of their own, kept beside it.
        var page2 = (await SearchAsync(platform, handlers, "?q=college&page=2")).Body;
        Assert.Equal(2, JsonDocument.Parse(page2).RootElement.GetProperty("page").GetInt32());
        var publicOnly = (await SearchAsync(platform, handlers, "?q=college&secteur=public")).Body;
        var total = JsonDocument.Parse(answer).RootElement.GetProperty("total").GetInt32();
        Assert.True(JsonDocument.Parse(publicOnly).RootElement.GetProperty("total").GetInt32() < total);
        Assert.Equal(answer.Length + page2.Length + publicOnly.Length, catalog.AnswerBytes);
        Assert.Equal(answer, (await SearchAsync(platform, handlers, "?q=college")).Body);

        // Past the first pages, an answer is given but not kept.
        var kept = catalog.AnswerBytes;
        var deep = (await SearchAsync(platform, handlers, $"?q=college&page={SchoolCatalog.KeptPages + 1}&pageSize=10")).Body;
        Assert.Equal(10, JsonDocument.Parse(deep).RootElement.GetProperty("results").GetArrayLength());
        Assert.Equal(kept, catalog.AnswerBytes);
        var last = (await SearchAsync(platform, handlers, $"?q=college&page={SchoolCatalog.KeptPages}&pageSize=10")).Body;
        Assert.Equal(kept + last.Length, catalog.AnswerBytes);

        // A new version: its own answers, none of the previous version's.
        var second = (await platform.Get<Publisher>().PublishAsync())!.Version;
        clock.Advance(TimeSpan.FromSeconds(31));
        var renewed = (await SearchAsync(platform, handlers, "?q=college")).Body;
        Assert.Equal(second, JsonDocument.Parse(renewed).RootElement.GetProperty("dataVersion").GetString());
        Assert.Equal(total, JsonDocument.Parse(renewed).RootElement.GetProperty("total").GetInt32());
        Assert.Equal(renewed.Length, (await catalogs.GetAsync())!.AnswerBytes);
    }

    [Fact]
    public async Task A_version_without_snapshot_serves_its_fiches_from_its_table_one_read_each()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var version = (await platform.Get<DataVersions>().CurrentAsync())!.Version;
        await platform.Get<SearchSnapshots>().DeleteAsync(version);
        var school = (await platform.PublishedSchoolsAsync()).OrderBy(s => s.Uai, StringComparer.Ordinal).First();

        var fiches = await new SchoolFiches(platform.Get<ECartoStorage>(), platform.Get<SchoolStore>(), new VersionSourceStates(platform.Get<SourceStates>()),
            NullLogger<SchoolFiches>.Instance).GetAsync(version);
        Assert.False(fiches.InMemory);
        Assert.Equal(school.Name, (await fiches.FindAsync(school.DepartementCode, school.Uai))!.Name);
        Assert.Null(await fiches.FindAsync(school.DepartementCode, "0000000A"));
    }
}
