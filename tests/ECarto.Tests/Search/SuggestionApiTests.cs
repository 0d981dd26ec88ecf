using System.Text.Json;
using ECarto.Api;
using ECarto.Functions.Search;
using ECarto.Tests.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace ECarto.Tests.Search;

/// <summary>GET /api/recherche through its function, on every real source published into Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public class SuggestionApiTests(PublishedEverything published) : IClassFixture<PublishedEverything>
{
    private SearchFunctions Functions => new(published.Platform.Get<SuggestionHandlers>());

    private async Task<(int Status, HttpResponse Response, JsonElement Body)> GetAsync(string query, string? ifNoneMatch = null)
    {
        var context = new DefaultHttpContext { RequestServices = published.Platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        if (ifNoneMatch is not null) context.Request.Headers.IfNoneMatch = ifNoneMatch;
        context.Response.Body = new MemoryStream();
        var result = await Functions.Rechercher(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var body = context.Response.Body.Length == 0 ? default : (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone();
        return (context.Response.StatusCode, context.Response, body);
    }

    private static JsonElement Group(JsonElement body, string niveau) =>
        body.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("niveau").GetString() == niveau);

    [Fact]
    public async Task Suggests_territories_and_schools_grouped_with_their_pages_and_the_version_etag()
    {
        var (status, response, body) = await GetAsync("?q=montpelier&limit=3");
        Assert.Equal(200, status);
        var etag = response.Headers.ETag.ToString();
        Assert.StartsWith("\"v", etag);
        Assert.Equal(HttpCaching.CacheControl, response.Headers.CacheControl.ToString());
        Assert.Equal(["commune", "departement", "academie", "region", "etablissement"],
            body.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("niveau").GetString()));
        var commune = Group(body, "commune").GetProperty("items")[0];
        Assert.Equal("34172", commune.GetProperty("code").GetString());
        Assert.Equal("/territoire/commune/34172", commune.GetProperty("url").GetString());
        Assert.Contains(commune.GetProperty("postalCodes").EnumerateArray(), p => p.GetString() == "34000");
        Assert.Equal("Académie de Montpellier", Group(body, "academie").GetProperty("items")[0].GetProperty("label").GetString());
        var schools = Group(body, "etablissement");
        Assert.Equal(3, schools.GetProperty("items").GetArrayLength());
        Assert.True(schools.GetProperty("total").GetInt32() > 3);
        Assert.StartsWith("/etablissement/", schools.GetProperty("items")[0].GetProperty("url").GetString());

        var (again, _, _) = await GetAsync("?q=montpelier&limit=3", etag);
        Assert.Equal(304, again);
    }

    [Fact]
    public async Task A_departement_number_and_a_misspelled_school_come_first()
    {
        var (_, _, body) = await GetAsync("?q=31");
        Assert.Equal("Haute-Garonne", Group(body, "departement").GetProperty("items")[0].GetProperty("label").GetString());
        var (_, _, school) = await GetAsync("?q=lycee%20piere%20de%20fermta");
        Assert.Equal("0310036W", Group(school, "etablissement").GetProperty("items")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_chosen_territory_is_checked_and_its_schools_come_first()
    {
        // Ten « Ecole élémentaire Jean Moulin »: those of the Aude (0110…) come first by UAI, those of the Pyrénées-Orientales last.
        var (_, _, anywhere) = await GetAsync("?q=ecole%20elementaire%20jean%20moulin&limit=1");
        Assert.StartsWith("11", Group(anywhere, "etablissement").GetProperty("items")[0].GetProperty("communeCode").GetString());
        var (status, _, body) = await GetAsync("?q=ecole%20elementaire%20jean%20moulin&territoire=departement:66&limit=1");
        Assert.Equal(200, status);
        Assert.StartsWith("66", Group(body, "etablissement").GetProperty("items")[0].GetProperty("communeCode").GetString());
    }

    [Theory]
    [InlineData("?q=a&limit=0", "limit")]
    [InlineData("?q=a&limit=21", "limit")]
    [InlineData("?q=a&limit=x", "limit")]
    [InlineData("?q=a&territoire=31", "territoire")]
    [InlineData("?q=a&territoire=canton:31", "territoire")]
    [InlineData("?q=a&territoire=departement:99", "territoire")]
    public async Task A_bad_parameter_is_a_400_problem_naming_it(string query, string parameter)
    {
        var (status, response, body) = await GetAsync(query);
        Assert.Equal(400, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
        Assert.Empty(response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task A_query_over_the_limit_is_a_400()
    {
        var (status, _, body) = await GetAsync("?q=" + new string('a', EstablishmentHandlers.MaxQueryLength + 1));
        Assert.Equal(400, status);
        Assert.Equal("q", body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task The_establishment_search_is_tolerant_too()
    {
        var handlers = published.Platform.Get<EstablishmentHandlers>();
        var context = new DefaultHttpContext { RequestServices = published.Platform.Services };
        context.Request.QueryString = new QueryString("?q=siomne%20veil");
        context.Response.Body = new MemoryStream();
        await (await handlers.SearchAsync(context.Request, CancellationToken.None)).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var body = (await JsonDocument.ParseAsync(context.Response.Body)).RootElement;
        Assert.Equal(200, context.Response.StatusCode);
        Assert.True(body.GetProperty("total").GetInt32() > 0);
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.Contains("veil", r.GetProperty("name").GetString(), StringComparison.OrdinalIgnoreCase));
    }
}
