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
/// It also plays the publishers' APIs: recorded answers served at their paths (<see cref="ServeJson"/>),
/// the hosts they name mirrored under this server (<see cref="Mirror"/>), and any answer on demand.
/// </summary>
public sealed class LoopbackSourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _files = new();
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _answers = new(StringComparer.Ordinal);

    /// <summary>Every request, path and query, in order.</summary>
    public ConcurrentQueue<string> Urls { get; } = new();

    public ConcurrentDictionary<string, int> Requests { get; } = new();
    public ConcurrentBag<string> ConditionalRequests { get; } = [];

    private LoopbackSourceServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public string Url(string path) => $"{BaseUrl}/{path}";

    public void Publish(string name, string path) => _files[name] = path;

    /// <summary>Where this server mirrors a public origin: <c>https://static.data.gouv.fr</c> → <c>{BaseUrl}/static.data.gouv.fr</c>.</summary>
    public string Mirror(string publicOrigin) => $"{BaseUrl}/{new Uri(publicOrigin).Host}";

    /// <summary>Serves a file at a path (where a publisher's resource points), with ETag and Last-Modified as /files/ does.</summary>
    public void ServeFile(string path, string file) => _answers[path] = context => FileAsync(path, file, context);

    /// <summary>Serves a recorded API answer at a path, the public origins it names rewritten to their mirror here.</summary>
    public void ServeJson(string path, string fixture, params string[] origins)
    {
        var text = File.ReadAllText(fixture);
        foreach (var origin in origins) text = text.Replace(origin, Mirror(origin), StringComparison.Ordinal);
        Serve(path, StatusCodes.Status200OK, "application/json; charset=utf-8", text);
    }

    /// <summary>Answers a path with this status, media type and body.</summary>
    public void Serve(string path, int status, string contentType, string body) => _answers[path] = context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    };

    private async Task FileAsync(string name, string path, HttpContext context) => await (await FileResultAsync(name, path, context)).ExecuteAsync(context);

    private async Task<IResult> FileResultAsync(string name, string path, HttpContext context)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"";
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            ConditionalRequests.Add(name);
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = new DateTimeOffset(2024, 11, 26, 0, 0, 0, TimeSpan.Zero).ToString("R");
        return Results.Bytes(bytes, "text/csv; charset=utf-8");
    }

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
            server.Urls.Enqueue(context.Request.Path + context.Request.QueryString);
            await next();
        });
        app.MapGet("/files/{name}", async (string name, HttpContext context) =>
            server._files.TryGetValue(name, out var path) ? await server.FileResultAsync(name, path, context) : Results.NotFound());
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
        // Any path, files included (the default fallback pattern leaves out paths ending in a file name).
        app.MapFallback("{**path}", async context =>
        {
            if (server._answers.TryGetValue(context.Request.Path.Value ?? "", out var answer)) await answer(context);
            else context.Response.StatusCode = StatusCodes.Status404NotFound;
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
