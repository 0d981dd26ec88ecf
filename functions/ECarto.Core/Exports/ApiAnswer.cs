using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ECarto.Exports;

/// <summary>
/// The body an API handler would send, read in process: an export renders exactly what the page is
/// given, so a PDF and its page cannot disagree.
/// </summary>
public sealed record ApiAnswer(int Status, JsonDocument? Body) : IDisposable
{
    public bool IsOk => Status == StatusCodes.Status200OK && Body is not null;

    public static async Task<ApiAnswer> ReadAsync(IResult result, HttpContext original)
    {
        var context = new DefaultHttpContext { RequestServices = original.RequestServices };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        body.Position = 0;
        var json = context.Response.StatusCode == StatusCodes.Status200OK ? await JsonDocument.ParseAsync(body) : null;
        return new ApiAnswer(context.Response.StatusCode, json);
    }

    public void Dispose() => Body?.Dispose();
}
