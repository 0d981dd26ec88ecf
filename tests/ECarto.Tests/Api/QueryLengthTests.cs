using System.Text.Json;
using ECarto.Api;
using Microsoft.AspNetCore.Http;

namespace ECarto.Tests.Api;

/// <summary>
/// An over-long <c>q</c> is refused with a 400 problem naming it, by the search and by the suggestions,
/// before any data is read; a query of exactly the limit goes on (here to the 503 of a platform with no
/// published version yet, on a real but empty Azurite).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueryLengthTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TestPlatform _platform = null!;

    public Task InitializeAsync()
    {
        _platform = new TestPlatform(azurite.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private async Task<(int Status, JsonElement Body)> GetAsync(string route, string q)
    {
        var context = new DefaultHttpContext { RequestServices = _platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = QueryString.Create("q", q);
        context.Response.Body = new MemoryStream();
        var result = route == "recherche"
            ? await _platform.Get<SuggestionHandlers>().SuggestAsync(context.Request, CancellationToken.None)
            : await _platform.Get<EstablishmentHandlers>().SearchAsync(context.Request, CancellationToken.None);
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var body = context.Response.Body.Length == 0 ? default : (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone();
        return (context.Response.StatusCode, body);
    }

    [Theory]
    [InlineData("recherche")]
    [InlineData("etablissements")]
    public async Task A_query_one_character_over_the_limit_is_a_400_naming_q(string route)
    {
        var (status, body) = await GetAsync(route, "collège " + new string('a', EstablishmentHandlers.MaxQueryLength - 7));

        Assert.Equal(400, status);
        Assert.Equal("q", body.GetProperty("parameter").GetString());
        Assert.Contains("200 caractères", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("recherche")]
    [InlineData("etablissements")]
    public async Task A_query_of_exactly_the_limit_surrounded_by_spaces_is_not_refused(string route)
    {
        var (status, _) = await GetAsync(route, "  " + new string('a', EstablishmentHandlers.MaxQueryLength) + "  ");

        // Nothing is published on this platform: the query reached the data, which answers « loading ».
        Assert.Equal(503, status);
    }
}
