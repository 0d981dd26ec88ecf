using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

    /// <summary>
    /// An answer's JSON as the JSON of <c>Results.Json</c> would be (the host's <c>JsonOptions</c>, else
    /// ASP.NET Core's web defaults), serialised once to be kept with <see cref="Precompress"/>.
    /// </summary>
    public static byte[] Serialize(HttpRequest request, object value) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(),
            (request.HttpContext.RequestServices?.GetService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()?.Value ?? DefaultJsonOptions).SerializerOptions);

    private static readonly Microsoft.AspNetCore.Http.Json.JsonOptions DefaultJsonOptions = new();

    /// <summary>
    /// JSON kept compressed: its length (4 bytes, little-endian) then its Brotli (quality 5, window 22), a
    /// fraction of the JSON, decoded in microseconds. What <see cref="Precompressed"/> serves.
    /// </summary>
    public static byte[] Precompress(ReadOnlySpan<byte> json, int quality = 5)
    {
        var buffer = new byte[4 + BrotliEncoder.GetMaxCompressedLength(json.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, json.Length);
        if (!BrotliEncoder.TryCompress(json, buffer.AsSpan(4), out var written, quality, window: 22)) throw new InvalidOperationException("Brotli");
        return buffer[..(4 + written)];
    }

    /// <summary>The JSON length of bytes made by <see cref="Precompress"/>.</summary>
    public static int PrecompressedLength(byte[] stored) => BinaryPrimitives.ReadInt32LittleEndian(stored);

    /// <summary>Decodes bytes made by <see cref="Precompress"/> into <paramref name="json"/> (at least <see cref="PrecompressedLength"/> long).</summary>
    public static ReadOnlySpan<byte> Decompress(byte[] stored, Span<byte> json)
    {
        var length = PrecompressedLength(stored);
        if (!BrotliDecoder.TryDecompress(stored.AsSpan(4), json, out var written) || written != length) throw new InvalidDataException("Brotli");
        return json[..length];
    }

    /// <summary>
    /// A version's JSON answer kept as <see cref="Precompress"/> made it, with its ETag and Cache-Control: its
    /// Brotli bytes as they are to a client that accepts <c>br</c> (a browser, a CDN), else the JSON decoded
    /// into a pooled buffer (the host may then gzip it). Nothing is serialised per request.
    /// </summary>
    public static IResult Precompressed(byte[] stored, string dataVersion) => new VersionedResult(new PrecompressedJson(stored), dataVersion);

    /// <summary>Whether <c>Accept-Encoding</c> accepts Brotli (<c>br</c> or <c>*</c> with a quality above 0); a malformed header accepts nothing.</summary>
    public static bool AcceptsBrotli(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var encodings) || encodings is null) return false;
        var brotli = encodings.FirstOrDefault(e => e.Value.Equals("br", StringComparison.OrdinalIgnoreCase))
            ?? encodings.FirstOrDefault(e => e.Value.Equals("*", StringComparison.Ordinal));
        return brotli is not null && (brotli.Quality ?? 1) > 0;
    }

    private sealed class PrecompressedJson(byte[] stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            if (AcceptsBrotli(httpContext.Request))
            {
                response.Headers.ContentEncoding = "br";
                response.ContentLength = stored.Length - 4;
                await response.Body.WriteAsync(stored.AsMemory(4), httpContext.RequestAborted);
                return;
            }
            var length = PrecompressedLength(stored);
            var json = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                Decompress(stored, json);
                response.ContentLength = length;
                await response.Body.WriteAsync(json.AsMemory(0, length), httpContext.RequestAborted);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(json);
            }
        }
    }

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
