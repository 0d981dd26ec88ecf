using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ECarto.Tests;

/// <summary>
/// A real HTTP server on loopback that publishes source files as an open-data portal does (ETag,
/// Last-Modified, 304), and misbehaves on demand: 500, too slow, HTML page, empty body, cut transfer.
/// </summary>
public sealed class LoopbackSourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _files = new();

    public ConcurrentDictionary<string, int> Requests { get; } = new();
    public ConcurrentBag<string> ConditionalRequests { get; } = [];

    private LoopbackSourceServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public string Url(string path) => $"{BaseUrl}/{path}";

    public void Publish(string name, string path) => _files[name] = path;

    public static async Task<LoopbackSourceServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackSourceServer(app);
        app.Use(async (context, next) =>
        {
            server.Requests.AddOrUpdate(context.Request.Path, 1, (_, n) => n + 1);
            await next();
        });
        app.MapGet("/files/{name}", async (string name, HttpContext context) =>
        {
            if (!server._files.TryGetValue(name, out var path)) return Results.NotFound();
            var bytes = await File.ReadAllBytesAsync(path);
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"";
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                server.ConditionalRequests.Add(name);
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }
            context.Response.Headers.ETag = etag;
            context.Response.Headers.LastModified = new DateTimeOffset(2024, 11, 26, 0, 0, 0, TimeSpan.Zero).ToString("R");
            return Results.Bytes(bytes, "text/csv; charset=utf-8");
        });
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return Results.Text("trop tard");
        });
        app.MapGet("/html", () => Results.Content("<!DOCTYPE html><html><body>Maintenance en cours</body></html>", "text/html"));
        app.MapGet("/empty", () => Results.Bytes([], "text/csv"));
        app.MapGet("/truncated/{name}", async (string name, HttpContext context) =>
        {
            var bytes = await File.ReadAllBytesAsync(server._files[name]);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await context.Response.Body.FlushAsync();
            context.Abort();
        });
        app.MapGet("/stall/{name}", async (string name, HttpContext context, CancellationToken ct) =>
        {
            var bytes = await File.ReadAllBytesAsync(server._files[name]);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), ct);
            await context.Response.Body.FlushAsync(ct);
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
