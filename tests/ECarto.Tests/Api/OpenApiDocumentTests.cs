using System.Text.Json;
using System.Text.RegularExpressions;
using ECarto.Api;

namespace ECarto.Tests.Api;

/// <summary>
/// The OpenAPI document is generated from the code and names exactly the HTTP routes of the built
/// functions.metadata (the local host serves exactly those too: FunctionsMetadataTests), each with its
/// parameters, problem bodies and cache headers; the local host serves it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class OpenApiDocumentTests(AzuriteFixture azurite)
{
    private static List<string> MetadataRoutes()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(TestData.Root, "functions", "ECarto.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not built: {path}");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => $"{m.GetString()!.ToUpperInvariant()} /api/{b.GetProperty("route").GetString()}"))
            .Order()
            .ToList();
    }

    private static JsonElement Document() => JsonDocument.Parse(OpenApiDocument.Json).RootElement;

    [Fact]
    public void The_document_lists_exactly_the_http_routes_of_functions_metadata()
    {
        var documented = Document().GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => $"{method.Name.ToUpperInvariant()} {path.Name}"))
            .Order()
            .ToList();
        Assert.Equal(MetadataRoutes(), documented);
    }

    [Fact]
    public void Every_operation_has_its_parameters_problems_and_cache_headers_described_in_french()
    {
        var document = Document();
        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        var operationIds = new HashSet<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var operation = path.Value.GetProperty("get");
            Assert.True(operationIds.Add(operation.GetProperty("operationId").GetString()!), $"duplicate operationId on {path.Name}");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
            var parameters = operation.GetProperty("parameters").EnumerateArray().ToList();
            // Every {placeholder} of the path is a required path parameter, and nothing else is.
            var placeholders = Regex.Matches(path.Name, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).Order();
            Assert.Equal(placeholders, parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()).Order());
            Assert.All(parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString()), $"{path.Name} {p}"));

            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("200", out _));
            var unavailable = responses.GetProperty("503");
            Assert.Equal("#/components/headers/Retry-After", unavailable.GetProperty("headers").GetProperty("Retry-After").GetProperty("$ref").GetString());
            Assert.Equal("#/components/schemas/Problem", unavailable.GetProperty("content").GetProperty(OpenApiDocument.ProblemType).GetProperty("schema").GetProperty("$ref").GetString());
            if (path.Name.EndsWith(".pdf", StringComparison.Ordinal) || path.Name.EndsWith(".xlsx", StringComparison.Ordinal)) Assert.True(responses.TryGetProperty("429", out _), path.Name);
            if (parameters.Any(p => p.GetProperty("name").GetString() == "If-None-Match"))
            {
                Assert.True(responses.TryGetProperty("304", out _), path.Name);
                Assert.True(responses.GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _), path.Name);
            }
        }
        // Every versioned GET of the data is documented with its cache headers.
        Assert.True(document.GetProperty("paths").GetProperty(ApiRoutes.Served(ApiRoutes.Establishment)).GetProperty("get").GetProperty("responses").TryGetProperty("304", out _));
    }

    [Fact]
    public async Task The_local_host_serves_the_document_at_api_openapi_json()
    {
        await using var host = await ApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = "t" + Guid.NewGuid().ToString("N")[..10],
        });
        using var response = await host.Client.GetAsync(ApiRoutes.Served(ApiRoutes.OpenApi));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.CacheControl?.MaxAge);
        Assert.Equal(OpenApiDocument.Json, await response.Content.ReadAsStringAsync());
    }
}
