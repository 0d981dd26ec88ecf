using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ECarto.Api;

/// <summary>
/// HTTP caching of the answers of a published data version. Everything a GET serves is fixed for a
/// version, so the version is the ETag: a browser or a CDN that already holds the answer revalidates it
/// with <c>If-None-Match</c> and gets a 304 without a body, and no storage or index is read for it.
/// </summary>
public static class HttpCaching
{
    /// <summary>
    /// Public (a CDN may keep it), one minute fresh; for one more minute a cache may still answer it while
    /// it revalidates in the background (a 304 when the version has not changed). A new version therefore
    /// reaches a reader at most 2 minutes after an instance serves it, and an instance serves it at most
    /// <see cref="Search.SearchOptions.VersionCheckInterval"/> (30 s) after its publication.
    /// </summary>
    public const string CacheControl = "public, max-age=60, stale-while-revalidate=60";

    /// <summary>The strong ETag of a data version: <c>"v20261130085224510"</c>.</summary>
    public static string ETagOf(string dataVersion) => $"\"{dataVersion}\"";

    /// <summary>Whether the request's <c>If-None-Match</c> names this version (or <c>*</c>).</summary>
    public static bool IsFresh(HttpRequest request, string dataVersion)
    {
        var etag = new EntityTagHeaderValue(ETagOf(dataVersion));
        // Weak comparison, as RFC 9110 asks for If-None-Match (a CDN may have weakened the tag when compressing).
        return request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));
    }

    /// <summary>304 Not Modified for a request that already holds this version's answer.</summary>
    public static IResult NotModified(string dataVersion) => new VersionedResult(Results.StatusCode(StatusCodes.Status304NotModified), dataVersion);

    /// <summary>The answer of a version, sent with its ETag and Cache-Control.</summary>
    public static IResult Versioned(IResult result, string dataVersion) => new VersionedResult(result, dataVersion);

    private sealed class VersionedResult(IResult inner, string dataVersion) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ETag = ETagOf(dataVersion);
            httpContext.Response.Headers.CacheControl = CacheControl;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
