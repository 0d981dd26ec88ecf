using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ECarto.LocalHost;
using Microsoft.AspNetCore.Builder;

namespace ECarto.Tests.Api;

/// <summary>The local host (the same pipeline as `dotnet run`) on a free loopback port, with the settings given.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiHost(WebApplication app, int port)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
    }

    public HttpClient Client { get; }

    public static async Task<ApiHost> StartAsync(IDictionary<string, string?> settings)
    {
        var port = FreePort();
        var app = LocalHostApp.Build([], configuration =>
        {
            configuration["LocalHost:Port"] = port.ToString();
            configuration["LocalHost:Schedule"] = "false";
            configuration["Search:VersionCheckInterval"] = "00:00:00";
            foreach (var (key, value) in settings) configuration[key] = value;
        });
        await app.StartAsync();
        return new ApiHost(app, port);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Status, Retry-After (seconds) and the problem body's title, if any.</summary>
    public static async Task<(int Status, int? RetryAfter, string? Title, string ContentType)> ReadAsync(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int?)delta.TotalSeconds : null;
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        string? title = null;
        if (type == "application/problem+json")
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            title = body.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
        }
        return ((int)response.StatusCode, retryAfter, title, type);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
