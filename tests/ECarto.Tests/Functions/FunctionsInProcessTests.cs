using System.Text.Json;
using ECarto.Api;
using ECarto.Functions.Establishments;
using ECarto.Functions.Ingestion;
using ECarto.Ingestion;
using ECarto.Storage;
using ECarto.Tests.Ingestion;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Tests.Functions;

/// <summary>The function methods called in-process: HTTP with a real HttpContext, the timer with a TimerInfo.</summary>
[Collection(AzuriteCollection.Name)]
public class FunctionsInProcessTests(AzuriteFixture azurite, PublishedEverything published) : IClassFixture<PublishedEverything>
{
    // Every source ingested once for the class (a fixture): the tests read it, the timer test only adds a run.
    private readonly TestPlatform _platform = published.Platform;

    private EstablishmentFunctions Functions => new(_platform.Get<EstablishmentHandlers>());

    private HttpContext NewContext(string query = "")
    {
        var context = new DefaultHttpContext { RequestServices = _platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<(int Status, string ContentType, JsonElement Body)> ExecuteAsync(IActionResult result, HttpContext context)
    {
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var body = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, context.Response.ContentType ?? "", body.RootElement);
    }

    [Fact]
    public async Task Get_returns_the_school_with_its_commune()
    {
        var context = NewContext();
        var (status, type, body) = await ExecuteAsync(await Functions.GetEtablissement(context.Request, "0310036W"), context);

        Assert.Equal(200, status);
        Assert.StartsWith("application/json", type);
        var school = body.GetProperty("school");
        Assert.Equal("Lycée général Pierre de Fermat", school.GetProperty("name").GetString());
        Assert.Equal("Toulouse", school.GetProperty("communeName").GetString());
        Assert.Equal("Toulouse", school.GetProperty("academieName").GetString());
        var sources = body.GetProperty("sources").EnumerateArray().ToList();
        Assert.Contains(sources, s => s.GetProperty("id").GetString() == "annuaire" && s.GetProperty("date").GetString() == "2024-11-26");
        Assert.Contains(sources, s => s.GetProperty("id").GetString() == "effectifs");
        Assert.Contains(sources, s => s.GetProperty("id").GetString() == "inventaire" && s.GetProperty("demonstration").GetBoolean());
    }

    [Theory]
    [InlineData("12")]
    [InlineData("0310036")]
    [InlineData("031003WW")]
    [InlineData("<script>")]
    public async Task A_malformed_uai_is_a_400_problem(string uai)
    {
        var context = NewContext();
        var (status, type, body) = await ExecuteAsync(await Functions.GetEtablissement(context.Request, uai), context);

        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", type);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Contains("sept chiffres", body.GetProperty("detail").GetString());
        Assert.Equal("uai", body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task An_unknown_uai_is_a_404_problem()
    {
        var context = NewContext();
        var (status, type, body) = await ExecuteAsync(await Functions.GetEtablissement(context.Request, "0000000A"), context);

        Assert.Equal(404, status);
        Assert.StartsWith("application/problem+json", type);
        Assert.Contains("0000000A", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Search_is_paged_with_the_total_count()
    {
        var context = NewContext("?q=pierre%20de%20fermat&page=1");
        var (status, _, body) = await ExecuteAsync(await Functions.SearchEtablissements(context.Request), context);

        Assert.Equal(200, status);
        Assert.Equal(2, body.GetProperty("total").GetInt32());
        Assert.Contains(body.GetProperty("results").EnumerateArray(), r => r.GetProperty("uai").GetString() == "0310036W");
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?page=abc", "page")]
    [InlineData("?pageSize=1000", "pageSize")]
    [InlineData("?type=universite", "type")]
    [InlineData("?etat=demoli", "etat")]
    public async Task Search_with_a_bad_parameter_is_a_400_problem_naming_it(string query, string parameter)
    {
        var context = NewContext(query);
        var (status, _, body) = await ExecuteAsync(await Functions.SearchEtablissements(context.Request), context);

        Assert.Equal(400, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("fiche", "")]
    [InlineData("search", "?q=fermat&type=lycee")]
    public async Task A_version_answer_carries_its_etag_and_a_repeat_reader_gets_a_304(string route, string query)
    {
        Task<IActionResult> Call(HttpContext c) => route == "fiche" ? Functions.GetEtablissement(c.Request, "0310036W") : Functions.SearchEtablissements(c.Request);
        var first = NewContext(query);
        var (status, _, _) = await ExecuteAsync(await Call(first), first);
        var etag = first.Response.Headers.ETag.ToString();
        Assert.Equal(200, status);
        Assert.Equal($"\"{published.Version}\"", etag);
        Assert.Equal("public, max-age=60, stale-while-revalidate=60", first.Response.Headers.CacheControl.ToString());

        var repeat = NewContext(query);
        repeat.Request.Headers.IfNoneMatch = etag;
        await (await Call(repeat)).ExecuteResultAsync(new ActionContext(repeat, new RouteData(), new ActionDescriptor()));
        Assert.Equal(304, repeat.Response.StatusCode);
        Assert.Equal(0, repeat.Response.Body.Length);
        Assert.Equal(etag, repeat.Response.Headers.ETag.ToString());

        // An answer of another version (or a weakened tag of this one, as a CDN sends it) is judged fairly.
        var stale = NewContext(query);
        stale.Request.Headers.IfNoneMatch = "\"v19990101000000000\"";
        var (staleStatus, _, _) = await ExecuteAsync(await Call(stale), stale);
        Assert.Equal(200, staleStatus);
        var weak = NewContext(query);
        weak.Request.Headers.IfNoneMatch = "W/" + etag;
        await (await Call(weak)).ExecuteResultAsync(new ActionContext(weak, new RouteData(), new ActionDescriptor()));
        Assert.Equal(304, weak.Response.StatusCode);
    }

    [Fact]
    public async Task A_bad_request_is_never_answered_304()
    {
        var context = NewContext("?page=0");
        context.Request.Headers.IfNoneMatch = $"\"{published.Version}\"";
        var (status, _, _) = await ExecuteAsync(await Functions.SearchEtablissements(context.Request), context);
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Before_the_first_publication_search_and_fiche_answer_503_with_retry_after()
    {
        await using var empty = new TestPlatform(azurite.ConnectionString);
        var functions = new EstablishmentFunctions(empty.Get<EstablishmentHandlers>());
        foreach (var call in new Func<HttpContext, Task<IActionResult>>[]
        {
            c => functions.SearchEtablissements(c.Request),
            c => functions.GetEtablissement(c.Request, "0310036W"),
        })
        {
            var context = NewContext("?q=fermat");
            context.RequestServices = empty.Services;
            var (status, type, body) = await ExecuteAsync(await call(context), context);
            Assert.Equal(503, status);
            Assert.Equal("application/problem+json", type);
            Assert.Equal(Problems.LoadingRetryAfterSeconds.ToString(), context.Response.Headers.RetryAfter.ToString());
            Assert.Contains("chargement", body.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_fiche_gives_the_state_and_the_search_its_state_filter()
    {
        var context = NewContext();
        var (_, _, fiche) = await ExecuteAsync(await Functions.GetEtablissement(context.Request, "0310036W"), context);
        Assert.Equal("ouvert", fiche.GetProperty("state").GetProperty("code").GetString());
        Assert.True(fiche.GetProperty("observatory").GetBoolean());

        var searchContext = NewContext("?etat=ouvert&type=service-administratif");
        var (status, _, body) = await ExecuteAsync(await Functions.SearchEtablissements(searchContext.Request), searchContext);
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("total").GetInt32() > 100);
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.Equal("ouvert", r.GetProperty("state").GetString()));
        Assert.Contains(body.GetProperty("etats").EnumerateArray(), e => e.GetProperty("slug").GetString() == "ouvert");
        Assert.Contains(body.GetProperty("types").EnumerateArray(), t => t.GetProperty("slug").GetString() == "service-administratif" && !t.GetProperty("observatory").GetBoolean());
    }

    [Fact]
    public async Task The_timer_runs_the_annuaire_ingestion_and_records_it()
    {
        var before = await _platform.RunsAsync("annuaire");
        await new IngestionFunctions(_platform.Get<IngestionJobs>()).IngestAnnuaire(new TimerInfo(), CancellationToken.None);

        var after = await _platform.RunsAsync("annuaire");
        Assert.Equal(before.Count + 1, after.Count);
        // The sample file has not changed since the first run: the timer's run is skipped, and says why.
        Assert.Equal(RunStatus.Skipped, after[0].GetString("Status"));
        Assert.Contains("contenu identique", after[0].GetString("Note"));
    }

    [Fact]
    public async Task The_admin_endpoint_is_closed_unless_configured()
    {
        var context = NewContext();
        var closed = new IngestionAdminFunctions(_platform.Get<IngestionAdminHandlers>());
        var (status, _, body) = await ExecuteAsync(await closed.ListIngestionRuns(context.Request), context);
        Assert.Equal(404, status);
        Assert.Contains("ECARTO_ADMIN_ENABLED", body.GetProperty("detail").GetString());

        await using var open = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["ECARTO_ADMIN_ENABLED"] = "true",
            ["Storage:Prefix"] = _platform.Prefix,
        }, deleteOnDispose: false);
        var openContext = NewContext();
        openContext.RequestServices = open.Services;
        var (openStatus, _, runs) = await ExecuteAsync(await new IngestionAdminFunctions(open.Get<IngestionAdminHandlers>()).ListIngestionRuns(openContext.Request), openContext);
        Assert.Equal(200, openStatus);
        Assert.Contains(runs.GetProperty("runs").EnumerateArray(), r => r.GetProperty("source").GetString() == "annuaire" && r.GetProperty("status").GetString() == "succeeded");
        Assert.Contains(runs.GetProperty("runs").EnumerateArray(), r => r.GetProperty("source").GetString() == "publication");
        Assert.StartsWith("v", runs.GetProperty("current").GetProperty("version").GetString());

        // An unknown source is a 400 that lists the known ones (a typo must not look like « no run »).
        var typoContext = NewContext("?source=anuaire");
        typoContext.RequestServices = open.Services;
        var (typoStatus, _, typo) = await ExecuteAsync(await new IngestionAdminFunctions(open.Get<IngestionAdminHandlers>()).ListIngestionRuns(typoContext.Request), typoContext);
        Assert.Equal(400, typoStatus);
        Assert.Equal("source", typo.GetProperty("parameter").GetString());
        Assert.Contains("annuaire, cog", typo.GetProperty("detail").GetString());
        Assert.Contains("publication", typo.GetProperty("detail").GetString());
        var knownContext = NewContext("?source=publication");
        knownContext.RequestServices = open.Services;
        var (knownStatus, _, _) = await ExecuteAsync(await new IngestionAdminFunctions(open.Get<IngestionAdminHandlers>()).ListIngestionRuns(knownContext.Request), knownContext);
        Assert.Equal(200, knownStatus);
    }
}
