using CsCheck;
using ECarto.Api;
using ECarto.Search;
using ECarto.Tests.Ingestion;
using Microsoft.AspNetCore.Http;

namespace ECarto.Tests.Search;

/// <summary>
/// Random and hostile values for every parameter of the search routes (CsCheck): never a 5xx, never an
/// exception, and a 400 always names its parameter.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class SearchPropertyTests(PublishedEverything published) : IClassFixture<PublishedEverything>
{
    private static readonly Gen<string> Hostile = Gen.OneOf(
        "", " ", "'", "\"", "%", "%%", "--", "é", "Œuvre", "\u0000", "\u0301", "ß", "🙂", "2A", "2a", "31", "0310036W", "0310036w",
        "departement:", ":", "departement:31", "departement:2a", "commune:2A004", "france", "france:FR", "academie:16", "région:76",
        "region:", "commune:99999", "x:y:z", new string('a', 201), new string(' ', 300), "-1", "0", "1", "20", "21", "999999999999",
        "1e3", "0x10", "ecole", "e", "st", "lgt", "l'", "saint-", "montpelier", "siomne veil", "\t\n", "<script>", "' OR 1=1 --",
        "PartitionKey eq 'x'");

    private static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.String),
        (3, Hostile),
        (1, Gen.Char.Array[0, 260].Select(chars => new string(chars))),
        (2, Gen.Select(Hostile, Hostile, (a, b) => a + " " + b)));

    private static readonly Gen<string?> Optional = Gen.Frequency((1, Gen.Const((string?)null)), (3, Text.Select(t => (string?)t)));

    [Fact]
    public void Suggestions_never_throw_on_any_query()
    {
        var index = SearchCorpus.Index;
        Gen.Select(Text, Gen.Int[1, 20]).Sample((query, limit) =>
        {
            var groups = index.Suggest(query, limit);
            Assert.All(groups, g => Assert.True(g.Items.Count <= limit && g.Total >= g.Items.Count));
        }, iter: 3_000);
    }

    [Fact]
    public async Task The_suggestion_route_answers_200_or_a_400_naming_a_parameter()
    {
        var handlers = published.Platform.Get<SuggestionHandlers>();
        await Gen.Select(Optional, Optional, Optional).SampleAsync(async (q, limit, territoire) =>
        {
            var status = await CallAsync(c => handlers.SuggestAsync(c.Request, CancellationToken.None), ("q", q), ("limit", limit), ("territoire", territoire));
            Assert.True(status is 200 or 400, $"{status} for q={q} limit={limit} territoire={territoire}");
        }, iter: 1_500);
    }

    [Fact]
    public async Task The_establishment_search_answers_200_or_a_400_naming_a_parameter()
    {
        var handlers = published.Platform.Get<EstablishmentHandlers>();
        await Gen.Select(Optional, Optional, Optional, Gen.Select(Optional, Optional)).SampleAsync(async (q, type, etat, paging) =>
        {
            var status = await CallAsync(c => handlers.SearchAsync(c.Request, CancellationToken.None),
                ("q", q), ("type", type), ("etat", etat), ("page", paging.Item1), ("pageSize", paging.Item2));
            Assert.True(status is 200 or 400, $"{status} for q={q} type={type} etat={etat} page={paging.Item1} pageSize={paging.Item2}");
        }, iter: 1_500);
    }

    private static readonly Gen<string?> FilterValue = Gen.Frequency(
        (2, Gen.Const((string?)null)),
        (2, Gen.OneOf<string?>("college", "ecole", "lycee", "lycee-gt", "lycee-pro", "Collège", "public", "prive", "Privé", "rep", "rep-plus", "REP+", "hors",
            "departement:31", "commune:31555", "academie:16", "region:76", "france", "ouvert", "ferme", "true", "false", "renseigne", "non-renseigne",
            "50", "100", "1", "0", "101")),
        (1, Optional));

    [Fact]
    public async Task The_filtered_search_answers_200_or_a_400_naming_a_parameter()
    {
        var handlers = published.Platform.Get<EstablishmentHandlers>();
        var filters = Gen.Select(FilterValue, FilterValue, FilterValue, FilterValue, FilterValue, FilterValue, FilterValue, FilterValue);
        await Gen.Select(Optional, filters, Gen.Int[0, 3]).SampleAsync(async (q, f, twice) =>
        {
            var parameters = new List<(string, string?)>
            {
                ("q", q), ("type", f.Item1), ("secteur", f.Item2), ("ep", f.Item3), ("territoire", f.Item4),
                ("etat", f.Item5), ("sans4g", f.Item6), ("inventaire", f.Item7), ("arcep30Max", f.Item8),
            };
            // Sometimes a filter given twice: contradictory, a 400.
            if (twice > 0 && parameters[twice].Item2 is { } again) parameters.Add((parameters[twice].Item1, again));
            var status = await CallAsync(c => handlers.SearchAsync(c.Request, CancellationToken.None), [.. parameters]);
            Assert.True(status is 200 or 400, $"{status} for {string.Join("&", parameters.Select(p => $"{p.Item1}={p.Item2}"))}");
        }, iter: 1_000);
    }

    [Fact]
    public async Task A_selection_of_words_type_and_state_ranks_as_the_plain_search()
    {
        var catalog = (await published.Platform.Get<SchoolCatalogProvider>().GetAsync())!;
        var type = Gen.OneOf<string?>(null, "college", "ecole", "lycee", "erea", "information-et-orientation");
        var state = Gen.OneOf<string?>(null, "ouvert", "ferme", "fermeture-prevue");
        var words = Gen.Frequency((3, Gen.OneOf("", "jean", "montpellier", "lycee", "ecole jean moulin", "siomne veil", "st", "college albi", "fermat")), (1, Text));
        Gen.Select(words, type, state, Gen.Int[1, 3]).Sample((q, t, e, page) =>
        {
            if (ECarto.Establishments.Uai.Normalize(q.Trim()) is not null) return; // an exact UAI bypasses a plain search's filters
            var filters = new Dictionary<string, string>();
            if (t is not null) filters["type"] = t;
            if (e is not null) filters["etat"] = e;
            var selected = catalog.Search(new SchoolSelection { Query = q.Trim(), Filters = filters }, page, 20);
            var plain = catalog.Index.Search(q.Trim(), t, page, 20, e);
            Assert.Equal(plain.Total, selected.Total);
            Assert.Equal(plain.Results.Select(r => r.Uai), selected.Results.Select(r => r.Uai));
        }, iter: 400);
    }

    private async Task<int> CallAsync(Func<HttpContext, Task<IResult>> handler, params (string Name, string? Value)[] parameters)
    {
        var context = new DefaultHttpContext { RequestServices = published.Platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = QueryString.Create(parameters.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));
        context.Response.Body = new MemoryStream();
        await (await handler(context)).ExecuteAsync(context);
        if (context.Response.StatusCode == 400)
        {
            context.Response.Body.Position = 0;
            using var body = await System.Text.Json.JsonDocument.ParseAsync(context.Response.Body);
            Assert.Contains(body.RootElement.GetProperty("parameter").GetString(), parameters.Select(p => p.Name));
        }
        return context.Response.StatusCode;
    }
}
