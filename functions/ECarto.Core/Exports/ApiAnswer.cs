using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.IO;

namespace ECarto.Exports;

/// <summary>
/// The body an API handler would send, read in process: an export renders exactly what the page is
/// given, so a PDF and its page cannot disagree.
/// </summary>
public sealed record ApiAnswer(int Status, JsonDocument? Body) : IDisposable
{
    /// <summary>
    /// The answer's bytes go through pooled blocks, and the document rents its own: a territory's fiche
    /// (up to 190 KB) read per Excel export would otherwise be two or three large-object arrays, which
    /// only a full collection frees.
    /// </summary>
    private static readonly RecyclableMemoryStreamManager Buffers = new(new RecyclableMemoryStreamManager.Options
    {
        // What the pool keeps between requests, at most: fifty concurrent exports of the largest fiche.
        MaximumSmallPoolFreeBytes = 16 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 16 * 1024 * 1024,
    });

    public bool IsOk => Status == StatusCodes.Status200OK && Body is not null;

    public static async Task<ApiAnswer> ReadAsync(IResult result, HttpContext original)
    {
        var context = new DefaultHttpContext { RequestServices = original.RequestServices };
        await using var body = Buffers.GetStream(nameof(ApiAnswer));
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        body.Position = 0;
        var json = context.Response.StatusCode == StatusCodes.Status200OK ? await JsonDocument.ParseAsync(body) : null;
        return new ApiAnswer(context.Response.StatusCode, json);
    }

    public void Dispose() => Body?.Dispose();
}
