using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ECarto.Api;
using ECarto.LocalHost;
using ECarto.Tests.Ingestion;
using Microsoft.AspNetCore.Builder;

namespace ECarto.Tests.Serving;

/// <summary>The local host, on every real source published into Azurite, serving its GET routes over HTTP.</summary>
public sealed class ServedHost(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly PublishedEverything published = new(azurite);
    private WebApplication? _app;

    public HttpClient Client { get; } = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });

    public PublishedEverything Published => published;

    public async Task InitializeAsync()
    {
        await published.InitializeAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _app = LocalHostApp.Build([], c =>
        {
            c["Storage:ConnectionString"] = published.Platform.Configuration["Storage:ConnectionString"];
            c["Storage:Prefix"] = published.Platform.Prefix;
            c["LocalHost:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            c["LocalHost:Schedule"] = "false";
        });
        await _app.StartAsync();
        Client.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Client.Timeout = TimeSpan.FromMinutes(2);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await published.DisposeAsync();
    }
}

/// <summary>
/// Every GET route of the API carries the version's ETag and a Cache-Control fit for a CDN, and answers a
/// request that holds that ETag with a 304 without a body; JSON is compressed (Brotli, gzip) on the local host.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class HttpCachingTests(ServedHost host) : IClassFixture<ServedHost>
{
    private string Uai => host.Published.Schools.Values.Where(s => s.CommuneCode == "31555").Select(s => s.Uai).Order(StringComparer.Ordinal).First();

    /// <summary>
    /// Every GET route of <see cref="ApiRoutes"/> with valid parameters, but the admin one and the OpenAPI
    /// document (the same for every data version: cached an hour, tested with the document).
    /// </summary>
    private IEnumerable<string> Urls() =>
    [
        $"/api/etablissements/{Uai}",
        "/api/etablissements?q=college",
        "/api/etablissements?q=fermat&type=college",
        "/api/etablissements/proches?lat=43.6045&lon=1.4440&rayon=2000",
        "/api/geocodage?adresse=Toulouse",
        "/api/recherche?q=toul",
        "/api/indicateurs",
        "/api/territoires/departement/31",
        "/api/territoires/commune/31555",
        "/api/territoires/departement",
        "/api/territoires/departement/31/etablissements",
        $"/api/etablissements/{Uai}/fiche.pdf",
        "/api/territoires/departement/31/fiche.pdf",
        "/api/exports/etablissements.xlsx?q=fermat",
        "/api/territoires/commune/31555/export.xlsx",
    ];

    [Fact]
    public async Task Every_GET_route_sends_the_version_ETag_and_a_CDN_Cache_Control_and_answers_its_If_None_Match_with_a_304()
    {
        var etag = HttpCaching.ETagOf(host.Published.Version);
        var routes = typeof(ApiRoutes).GetFields().Where(f => f.IsLiteral && f.Name is not (nameof(ApiRoutes.Prefix) or nameof(ApiRoutes.IngestionRuns) or nameof(ApiRoutes.OpenApi)))
            .Select(f => (string)f.GetRawConstantValue()!).ToList();
        // Each route is exercised by one of the URLs (the placeholders matched by any segment).
        foreach (var route in routes)
        {
            var pattern = "^/api/" + System.Text.RegularExpressions.Regex.Replace(route, "\\{[a-z]+\\}", "[^/?]+") + "(\\?|$)";
            Assert.True(Urls().Any(u => System.Text.RegularExpressions.Regex.IsMatch(u, pattern)), $"route {route} not exercised");
        }
        foreach (var url in Urls())
        {
            using var first = await host.Client.GetAsync(url);
            Assert.True(first.StatusCode == HttpStatusCode.OK, $"{url}: {first.StatusCode}");
            Assert.Equal(etag, first.Headers.ETag?.ToString());
            Assert.Equal(HttpCaching.CacheControl, first.Headers.CacheControl?.ToString());
            Assert.Contains("public", HttpCaching.CacheControl);
            Assert.NotEmpty(await first.Content.ReadAsByteArrayAsync());

            using var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.TryAddWithoutValidation("If-None-Match", etag);
            using var revalidated = await host.Client.SendAsync(again);
            Assert.True(revalidated.StatusCode == HttpStatusCode.NotModified, $"{url}: {revalidated.StatusCode}");
            Assert.Equal(etag, revalidated.Headers.ETag?.ToString());
            Assert.Equal(HttpCaching.CacheControl, revalidated.Headers.CacheControl?.ToString());
            Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());

            // Another version's tag is not fresh: the full answer again.
            using var stale = new HttpRequestMessage(HttpMethod.Get, url);
            stale.Headers.TryAddWithoutValidation("If-None-Match", "\"v20000101000000000\"");
            using var full = await host.Client.SendAsync(stale);
            Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        }
    }

    /// <summary>
    /// An answer made per request is gzipped (Brotli per request costs a 4 MB window each: a third of the search's
    /// throughput at national size); a client that accepts only Brotli gets it plain. A kept answer (a territory's
    /// fiche) is sent in its kept Brotli.
    /// </summary>
    [Theory]
    [InlineData("/api/etablissements?q=college&pageSize=100", "gzip", "gzip")]
    [InlineData("/api/etablissements?q=college&pageSize=100", "gzip, deflate, br, zstd", "gzip")]
    [InlineData("/api/etablissements?q=college&pageSize=100", "br", null)]
    [InlineData("/api/territoires/departement/31", "gzip, deflate, br, zstd", "br")]
    [InlineData("/api/territoires/departement/31", "gzip", "gzip")]
    public async Task JSON_is_compressed_in_gzip_or_in_its_kept_Brotli_when_the_client_accepts_it(string url, string accepted, string? encoding)
    {
        using var plain = await host.Client.GetAsync(url);
        var identity = await plain.Content.ReadAsByteArrayAsync();
        Assert.Empty(plain.Content.Headers.ContentEncoding);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", accepted);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        if (encoding is null)
        {
            Assert.Empty(response.Content.Headers.ContentEncoding);
            Assert.Equal(identity, await response.Content.ReadAsByteArrayAsync());
            return;
        }
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length * 3 < identity.Length, $"{compressed.Length} compressed bytes for {identity.Length}");
        await using var decoder = encoding == "br"
            ? (Stream)new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded);
        Assert.Equal(identity, decoded.ToArray());
    }

    [Fact]
    public async Task A_PDF_is_not_compressed_again()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/etablissements/{Uai}/fiche.pdf");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }
}
