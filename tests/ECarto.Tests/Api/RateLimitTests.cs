using ECarto.Api;
using Microsoft.AspNetCore.Http;

namespace ECarto.Tests.Api;

/// <summary>Exports and large pages are limited per client (first hop of X-Forwarded-For), with a 429, Retry-After and a problem body.</summary>
[Collection(AzuriteCollection.Name)]
public class RateLimitTests(AzuriteFixture azurite)
{
    private static HttpRequestMessage Get(string route, string client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Add("X-Forwarded-For", client + ", 10.0.0.1");
        return request;
    }

    [Fact]
    public async Task Expensive_requests_beyond_the_limit_get_429_per_client_and_cheap_ones_never()
    {
        await using var host = await ApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = "t" + Guid.NewGuid().ToString("N")[..10],
            ["Api:RateLimit:PermitLimit"] = "3",
            ["Api:RateLimit:Window"] = "00:01:00",
        });
        string[] expensive = ["/api/etablissements/0310036W/fiche.pdf", "/api/exports/etablissements.xlsx?q=lycee", "/api/etablissements?q=a&pageSize=100"];
        foreach (var route in expensive)
        {
            Assert.NotEqual(429, (await ApiHost.ReadAsync(await host.Client.SendAsync(Get(route, "203.0.113.7")))).Status);
        }
        foreach (var route in expensive.Append("/api/territoires/departement/31/fiche.pdf"))
        {
            var (status, retryAfter, title, type) = await ApiHost.ReadAsync(await host.Client.SendAsync(Get(route, "203.0.113.7")));
            Assert.Equal(429, status);
            Assert.InRange(retryAfter ?? 0, 1, 60);
            Assert.Equal("application/problem+json", type);
            Assert.Equal("Trop de requêtes", title);
        }
        // Another client, and the same client's ordinary requests, pass.
        Assert.NotEqual(429, (await ApiHost.ReadAsync(await host.Client.SendAsync(Get(expensive[0], "198.51.100.9")))).Status);
        foreach (var route in new[] { "/api/etablissements/0310036W", "/api/etablissements?q=a&pageSize=20", "/api/indicateurs" })
        {
            Assert.NotEqual(429, (await ApiHost.ReadAsync(await host.Client.SendAsync(Get(route, "203.0.113.7")))).Status);
        }
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7:4711, 10.0.0.1", "203.0.113.7")]
    [InlineData(" 2001:db8::1 , 10.0.0.1", "2001:db8::1")]
    [InlineData("[2001:db8::1]:443", "2001:db8::1")]
    [InlineData("not an address", "127.0.0.1")]
    [InlineData("", "127.0.0.1")]
    public void The_client_is_the_first_hop_of_x_forwarded_for_when_it_is_an_address(string forwarded, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        if (forwarded.Length > 0) context.Request.Headers["X-Forwarded-For"] = forwarded;
        Assert.Equal(expected, ApiGuard.ClientKey(context));
    }
}
