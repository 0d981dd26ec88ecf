using System.Text.Json;
using CsCheck;
using ECarto.Api;
using ECarto.Tests.Ingestion;

namespace ECarto.Tests.Api;

/// <summary>
/// Random and hostile values (CsCheck) for every path and query parameter of the routes the search's own
/// property tests do not cover (fiche, territories, exports, nearby, geocoding, indicators, admin, the
/// OpenAPI document), through the local host's whole pipeline, with odd headers (huge If-None-Match, bad
/// Accept-Encoding): never a 5xx, only the documented answers, and a 400 names one of the parameters.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostileInputTests(PublishedEverything published) : IClassFixture<PublishedEverything>, IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = published.Platform.Configuration["Storage:ConnectionString"],
        ["Storage:Prefix"] = published.Platform.Prefix,
        [IngestionAdminHandlers.EnabledSetting] = "true",
        // The rate limit has its own tests: here, every request reaches its handler.
        ["Api:RateLimit:PermitLimit"] = "1000000",
        // Input handling, not timing: the first requests build the indexes, slowly on a shared CI machine.
        ["Api:RequestTimeout"] = "00:05:00",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly Gen<string> Hostile = Gen.OneOf(
        "", " ", "'", "\"", "%", "%%", "%2F", "..", "../..", "/", "\\", "--", "é", "Œuvre", "\u0301", "ß", "🙂", "\t", "\u200b",
        "0310036W", "0310036w", "0310036", "9999999Z", "commune", "departement", "academie", "region", "france", "FR", "Departement",
        "31", "2A", "2a", "2B", "976", "31555", "00000", "16", "76", "departement:31", "commune:31555", ":", "x:y:z",
        "-1", "0", "1", "20", "100", "101", "500", "501", "2147483648", "-2147483649", "1e3", "0x10", "NaN", "Infinity", "-0", "1,5", "43.6", "1.44",
        "91", "-181", "90", "180", "true", "false", "null", "<script>alert(1)</script>", "' OR 1=1 --", "PartitionKey eq 'x'", "${jndi:x}",
        new string('a', 300), new string('9', 40), "ecole", "college", "lycee", "public", "prive", "annuaire", "publication");

    private static readonly Gen<string> Text = Gen.Frequency(
        (2, Gen.String),
        (5, Hostile),
        (1, Gen.Char.Array[0, 120].Select(chars => new string(chars))),
        (1, Gen.Select(Hostile, Hostile, (a, b) => a + b)));

    /// <summary>A query value, or the parameter left out.</summary>
    private static readonly Gen<string?> Optional = Gen.Frequency((1, Gen.Const((string?)null)), (3, Text.Select(t => (string?)t)));

    private static readonly Gen<(string Name, string Value)[]> OddHeaders = Gen.Frequency(
        (4, Gen.Const(Array.Empty<(string, string)>())),
        (1, Gen.OneOf(
            Gen.Int[1, 8_000].Select(n => new[] { ("If-None-Match", new string('x', n)) }),
            Gen.Int[1, 300].Select(n => new[] { ("If-None-Match", string.Join(", ", Enumerable.Range(0, n).Select(i => $"W/\"v{i}\""))) }),
            Gen.OneOf("*", "\"\"", "W/", "\"unterminated", "\"v1\", *", ",,,").Select(v => new[] { ("If-None-Match", v) }),
            Gen.OneOf("br;q=abc", "gzip;q=2, br;q=-1", "*;q=0", "identity;q=0", "zstd, deflate, compress", ";;;", "gzip, gzip, gzip", new string(',', 2_000), "br;q=0.5;q=0.1")
                .Select(v => new[] { ("Accept-Encoding", v) }),
            Gen.OneOf("text/html", "application/xml", "*/*;q=abc", "").Select(v => new[] { ("Accept", v) }),
            Gen.OneOf("203.0.113.7", "not an ip", "::1, 1.2.3.4", new string('9', 500)).Select(v => new[] { ("X-Forwarded-For", v) }))));

    /// <summary>As a client would send it: UTF-8 (a lone surrogate becomes U+FFFD), percent-encoded.</summary>
    private static string Escape(string value) => Uri.EscapeDataString(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(value)));

    private static string Segment(string value) => Escape(value);

    /// <summary>The body as text, decoded as a browser would when the host compressed it for an odd Accept-Encoding.</summary>
    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        await using var raw = await response.Content.ReadAsStreamAsync();
        Stream decoded = response.Content.Headers.ContentEncoding.LastOrDefault() switch
        {
            "gzip" => new System.IO.Compression.GZipStream(raw, System.IO.Compression.CompressionMode.Decompress),
            "br" => new System.IO.Compression.BrotliStream(raw, System.IO.Compression.CompressionMode.Decompress),
            _ => raw,
        };
        await using (decoded)
        {
            using var reader = new StreamReader(decoded, System.Text.Encoding.UTF8);
            return await reader.ReadToEndAsync();
        }
    }

    /// <summary>Sends the request and checks it was answered as documented; returns the status.</summary>
    private async Task<int> CheckAsync(string path, (string Name, string? Value)[] query, (string Name, string Value)[] headers, string[] pathParameters)
    {
        var queryString = string.Join("&", query.Where(p => p.Value is not null).Select(p => $"{Escape(p.Name)}={Escape(p.Value!)}"));
        var uri = path + (queryString.Length > 0 ? "?" + queryString : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await _host.Client.SendAsync(request);
        var status = (int)response.StatusCode;
        var body = await BodyAsync(response);
        var described = $"{status} for {uri} {string.Join(" ", headers.Select(h => $"{h.Name}: {(h.Value.Length > 60 ? h.Value[..60] + "…" : h.Value)}"))}: {(body.Length > 300 ? body[..300] : body)}";
        // Never a server error, and no storage failure either: the storage is up.
        Assert.True(status is 200 or 304 or 400 or 404, described);
        if (response.Content.Headers.ContentType?.MediaType == OpenApiDocument.ProblemType)
        {
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()), described);
            if (status == 400 && problem.RootElement.TryGetProperty("parameter", out var parameter))
            {
                Assert.Contains(parameter.GetString(), query.Select(p => p.Name).Concat(pathParameters));
            }
        }
        else if (status is 400 or 404)
        {
            // Only the server or the router answer without a problem body: a path that is no route, or a request Kestrel refused.
            Assert.DoesNotContain("\"type\"", body);
        }
        return status;
    }

    private static readonly Gen<string> Level = Gen.Frequency((3, Gen.OneOf("commune", "departement", "academie", "region", "france")), (2, Text));

    private static readonly Gen<string> Code = Gen.Frequency((3, Gen.OneOf("31555", "31", "2A", "16", "76", "FR", "81004", "34172")), (2, Text));

    [Fact]
    public async Task The_fiche_and_its_pdf_answer_as_documented_for_any_uai()
    {
        var uai = Gen.Frequency((1, Gen.Const("0310036W")), (4, Text));
        await Gen.Select(uai, OddHeaders, Gen.Int[0, 9]).SampleAsync(async (value, headers, pdf) =>
        {
            var path = ApiRoutes.Served(pdf == 0 ? ApiRoutes.EstablishmentFichePdf : ApiRoutes.Establishment).Replace("{uai}", Segment(value));
            await CheckAsync(path, [], headers, ["uai"]);
        }, iter: 600, threads: 2);
    }

    [Fact]
    public async Task The_territory_routes_answer_as_documented_for_any_level_code_and_filters()
    {
        string[] routes = [ApiRoutes.Territory, ApiRoutes.Territories, ApiRoutes.TerritorySchools, ApiRoutes.TerritoryFichePdf, ApiRoutes.TerritoryXlsx];
        var which = Gen.Frequency((6, Gen.Int[0, 2]), (1, Gen.Int[3, 4]));
        await Gen.Select(which, Level, Code, Gen.Select(Optional, Optional, Optional, Optional, Optional), OddHeaders).SampleAsync(async (route, level, code, query, headers) =>
        {
            var path = ApiRoutes.Served(routes[route]).Replace("{niveau}", Segment(level)).Replace("{code}", Segment(code));
            (string, string?)[] parameters = routes[route] switch
            {
                ApiRoutes.Territories => [("parent", query.Item1)],
                ApiRoutes.TerritorySchools => [("type", query.Item2), ("secteur", query.Item3), ("page", query.Item4), ("pageSize", query.Item5)],
                _ => [],
            };
            // An empty code makes the path another route's (the territories of a level, which asks for its parent).
            await CheckAsync(path, parameters, headers, ["niveau", "code", "parent"]);
        }, iter: 1_200, threads: 2);
    }

    [Fact]
    public async Task The_nearby_route_answers_as_documented_for_any_position_and_paging()
    {
        var coordinate = Gen.Frequency((2, Gen.Double[-200, 200].Select(d => (string?)d.ToString(System.Globalization.CultureInfo.InvariantCulture))), (1, Optional));
        await Gen.Select(coordinate, coordinate, Gen.Select(Optional, Optional, Optional, Optional), OddHeaders).SampleAsync(async (lat, lon, rest, headers) =>
        {
            await CheckAsync(ApiRoutes.Served(ApiRoutes.NearbyEstablishments),
                [("lat", lat), ("lon", lon), ("rayon", rest.Item1), ("type", rest.Item2), ("page", rest.Item3), ("pageSize", rest.Item4)], headers, []);
        }, iter: 1_000, threads: 2);
    }

    [Fact]
    public async Task Geocoding_indicators_admin_and_the_document_answer_as_documented()
    {
        await Gen.Select(Gen.Int[0, 3], Optional, Optional, OddHeaders).SampleAsync(async (route, first, second, headers) =>
        {
            var (path, parameters) = route switch
            {
                0 => (ApiRoutes.Served(ApiRoutes.Geocoding), new (string, string?)[] { ("adresse", first) }),
                1 => (ApiRoutes.Served(ApiRoutes.Indicators), [("q", first)]),
                2 => (ApiRoutes.Served(ApiRoutes.IngestionRuns), [("source", first), ("count", second)]),
                _ => (ApiRoutes.Served(ApiRoutes.OpenApi), [("x", first)]),
            };
            await CheckAsync(path, parameters, headers, []);
        }, iter: 1_000, threads: 2);
    }

    [Fact]
    public async Task The_selection_export_answers_as_documented_for_any_search()
    {
        var filter = Gen.Frequency((2, Gen.Const((string?)null)), (1, Optional));
        await Gen.Select(Optional, Gen.Select(filter, filter, filter, filter), OddHeaders).SampleAsync(async (q, filters, headers) =>
        {
            await CheckAsync(ApiRoutes.Served(ApiRoutes.EstablishmentsXlsx),
                [("q", q), ("type", filters.Item1), ("secteur", filters.Item2), ("territoire", filters.Item3), ("etat", filters.Item4)], headers, []);
        }, iter: 60, threads: 2);
    }
}
