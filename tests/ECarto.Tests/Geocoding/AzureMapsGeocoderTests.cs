using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Core;
using ECarto.Geocoding;

namespace ECarto.Tests.Geocoding;

/// <summary>The Azure Maps client against a loopback HTTP server playing Azure Maps Search (no internet).</summary>
public class AzureMapsGeocoderTests
{
    /// <summary>
    /// An answer of « Get Search Address » (api-version 1.0) for « 1 place du Capitole, Toulouse », trimmed to
    /// the fields the client reads and a few around them, in the documented shape.
    /// </summary>
    private const string Recorded = """
        {"summary":{"query":"1 place du capitole toulouse","queryType":"NON_NEAR","queryTime":21,"numResults":1,"offset":0,"totalResults":1,"fuzzyLevel":1},
         "results":[{"type":"Point Address","id":"FR/PAD/p0/1234567","score":0.98,
           "address":{"streetNumber":"1","streetName":"Place du Capitole","municipality":"Toulouse","countrySecondarySubdivision":"Haute-Garonne",
             "countrySubdivision":"Occitanie","postalCode":"31000","countryCode":"FR","country":"France","countryCodeISO3":"FRA",
             "freeformAddress":"1 Place du Capitole, 31000 Toulouse","localName":"Toulouse"},
           "position":{"lat":43.60449,"lon":1.44353},
           "viewport":{"topLeftPoint":{"lat":43.60539,"lon":1.44229},"btmRightPoint":{"lat":43.60359,"lon":1.44477}}}]}
        """;

    private sealed class FixedToken : TokenCredential
    {
        public ConcurrentBag<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().Result;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes) Scopes.Add(scope);
            return ValueTask.FromResult(new AccessToken("token-of-the-managed-identity", DateTimeOffset.UtcNow.AddHours(1)));
        }
    }

    /// <summary>A one-route HTTP server on loopback: answers every request with a status and body, after a delay.</summary>
    private sealed class FakeAzureMaps : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public FakeAzureMaps(int status, string body, TimeSpan delay = default)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseUrl = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(BaseUrl.ToString());
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await _listener.GetContextAsync(); }
                    catch (Exception) { return; }
                    Requests.Add((context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"], context.Request.Headers["x-ms-client-id"]));
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            if (delay > TimeSpan.Zero) await Task.Delay(delay);
                            context.Response.StatusCode = status;
                            context.Response.ContentType = "application/json; charset=utf-8";
                            var bytes = Encoding.UTF8.GetBytes(body);
                            await context.Response.OutputStream.WriteAsync(bytes);
                            context.Response.Close();
                        }
                        catch (Exception)
                        {
                            // The client gave up (timeout): nothing to answer.
                        }
                    });
                }
            });
        }

        public Uri BaseUrl { get; }

        public ConcurrentBag<(string Url, string? Authorization, string? ClientId)> Requests { get; } = [];

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }

    private static AzureMapsGeocoder Client(FakeAzureMaps server, TokenCredential credential, TimeSpan? timeout = null) =>
        new(new HttpClient(), credential, new AzureMapsOptions { ClientId = "maps-account-client-id", Endpoint = server.BaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(10) });

    [Fact]
    public async Task Reads_the_recorded_answer_with_an_entra_token_and_the_client_id()
    {
        using var server = new FakeAzureMaps(200, Recorded);
        var credential = new FixedToken();
        var place = await Client(server, credential).GeocodeAsync("1 place du Capitole, Toulouse", CancellationToken.None);
        Assert.Equal(new GeocodedPlace(43.60449, 1.44353, "1 Place du Capitole, 31000 Toulouse", "azure-maps"), place);
        var (url, authorization, clientId) = Assert.Single(server.Requests);
        Assert.StartsWith("/search/address/json?api-version=1.0&countrySet=FR&language=fr-FR", url);
        Assert.Contains("query=1%20place%20du%20Capitole%2C%20Toulouse", url);
        Assert.Equal("Bearer token-of-the-managed-identity", authorization);
        Assert.Equal("maps-account-client-id", clientId);
        Assert.Equal(["https://atlas.microsoft.com/.default"], credential.Scopes);
    }

    [Fact]
    public async Task An_empty_answer_is_nothing_found()
    {
        using var server = new FakeAzureMaps(200, """{"summary":{"query":"zzzz","numResults":0,"totalResults":0},"results":[]}""");
        Assert.Null(await Client(server, new FixedToken()).GeocodeAsync("zzzz", CancellationToken.None));
    }

    [Fact]
    public async Task A_401_is_a_502_saying_access_was_refused()
    {
        using var server = new FakeAzureMaps(401, """{"error":{"code":"401 Unauthorized","message":"Authentication failed."}}""");
        var error = await Assert.ThrowsAsync<GeocodingException>(() => Client(server, new FixedToken()).GeocodeAsync("Albi", CancellationToken.None));
        Assert.Equal(502, error.Status);
        Assert.Contains("refusé l'accès (401)", error.Message);
    }

    [Fact]
    public async Task A_service_that_does_not_answer_in_time_is_a_503()
    {
        using var server = new FakeAzureMaps(200, Recorded, delay: TimeSpan.FromSeconds(20));
        var error = await Assert.ThrowsAsync<GeocodingException>(() =>
            Client(server, new FixedToken(), TimeSpan.FromMilliseconds(300)).GeocodeAsync("Albi", CancellationToken.None));
        Assert.Equal(503, error.Status);
        Assert.Contains("n'a pas répondu", error.Message);
    }

    [Fact]
    public async Task An_unreadable_answer_is_a_502()
    {
        using var server = new FakeAzureMaps(200, "<html>proxy</html>");
        var error = await Assert.ThrowsAsync<GeocodingException>(() => Client(server, new FixedToken()).GeocodeAsync("Albi", CancellationToken.None));
        Assert.Equal(502, error.Status);
    }
}
