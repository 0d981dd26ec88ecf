using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ECarto.Sources;

namespace ECarto.Ingestion;

/// <summary>A source file fetched for a run: a local file (ours, or the download's temporary copy) and its hash.</summary>
public sealed class FetchedSource : IDisposable
{
    public required string Path { get; init; }
    public required string Sha256 { get; init; }
    public required long Length { get; init; }
    public string? ETag { get; init; }
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>A temporary download, deleted when the run is over.</summary>
    public bool IsTemporary { get; init; }

    public void Dispose()
    {
        if (IsTemporary) File.Delete(Path);
    }
}

/// <summary>Why a fetch gave nothing to ingest; the run record says it.</summary>
public sealed class SourceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Fetches a source: over HTTP with conditional requests (ETag / Last-Modified), timeouts and retries
/// with backoff (the resilience handler of the named client), streamed to a temporary file while hashing
/// — never the whole file in memory; or a local file, hashed in place. An empty, truncated or HTML
/// answer is refused, so that the source keeps its last good data.
/// </summary>
public sealed class SourceFetcher(IHttpClientFactory httpClients, Microsoft.Extensions.Configuration.IConfiguration configuration)
{
    public const string HttpClientName = "sources";

    /// <summary>A download that receives nothing for this long is abandoned (the retry policy covers only the headers).</summary>
    private TimeSpan ReadTimeout => Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(configuration, "Sources:ReadTimeout", TimeSpan.FromSeconds(60));

    /// <summary>Null when the server says the file has not changed since <paramref name="previous"/>.</summary>
    public async Task<FetchedSource?> FetchAsync(string location, SourceState? previous, CancellationToken cancellationToken)
    {
        return SourceLocations.IsUrl(location)
            ? await DownloadAsync(new Uri(location), previous, cancellationToken)
            : await HashLocalAsync(location, cancellationToken);
    }

    private static async Task<FetchedSource> HashLocalAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new SourceUnavailableException($"Fichier source introuvable : {path}. Vérifiez les paramètres {SourceLocations.DataRootSetting} ou {SourceLocations.LocationSetting}.");
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var (hash, length, head) = await HashAsync(stream, null, cancellationToken);
        CheckContent(length, head, null);
        return new FetchedSource { Path = path, Sha256 = hash, Length = length, LastModified = File.GetLastWriteTimeUtc(path) };
    }

    private async Task<FetchedSource?> DownloadAsync(Uri url, SourceState? previous, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (previous?.ETag is { Length: > 0 } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }
        if (previous?.LastModified is { } lastModified) request.Headers.IfModifiedSince = lastModified;

        using (var response = await SendAsync(httpClients.CreateClient(HttpClientName), request, "Source injoignable", cancellationToken))
        {
            if (response.StatusCode == HttpStatusCode.NotModified) return null;
            if (!response.IsSuccessStatusCode)
            {
                throw new SourceUnavailableException($"La source a répondu {(int)response.StatusCode} {response.ReasonPhrase} ({url.Host}).");
            }
            var temporary = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ecarto-{Guid.NewGuid():N}.download");
            try
            {
                string hash;
                long length;
                byte[] head;
                await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
                await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    (hash, length, head) = await HashAsync(body, file, cancellationToken, ReadTimeout);
                }
                var expected = response.Content.Headers.ContentLength;
                if (expected is { } size && size != length)
                {
                    throw new SourceUnavailableException($"Téléchargement tronqué : {length} octets reçus sur {size} annoncés.");
                }
                CheckContent(length, head, response.Content.Headers.ContentType?.MediaType);
                return new FetchedSource
                {
                    Path = temporary, Sha256 = hash, Length = length, IsTemporary = true,
                    ETag = response.Headers.ETag?.ToString(),
                    LastModified = response.Content.Headers.LastModified,
                };
            }
            catch (Exception error)
            {
                File.Delete(temporary);
                if (error is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                {
                    throw new SourceUnavailableException($"Téléchargement interrompu : {error.Message}", error);
                }
                throw;
            }
        }
    }

    /// <summary>
    /// Sends a request through a resilient client, headers only; when the server cannot be reached even
    /// after the retries (connection refused, DNS, timeouts), says so in French after <paramref name="unreachable"/>.
    /// </summary>
    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string unreachable, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            var what = error is Polly.Timeout.TimeoutRejectedException or TimeoutException or TaskCanceledException ? "délai dépassé" : error.Message;
            throw new SourceUnavailableException($"{unreachable} ({request.RequestUri?.Host}) : {what}, malgré les nouvelles tentatives.", error);
        }
    }

    /// <summary>Hashes a stream (copying it when asked) and keeps its first bytes to check the content.</summary>
    private static async Task<(string Hash, long Length, byte[] Head)> HashAsync(Stream source, Stream? copy, CancellationToken cancellationToken, TimeSpan? readTimeout = null)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        var head = new MemoryStream();
        long length = 0;
        int read;
        while (true)
        {
            if (readTimeout is { } timeout) idle.CancelAfter(timeout);
            try
            {
                read = await source.ReadAsync(buffer, idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SourceUnavailableException($"Téléchargement bloqué : rien reçu depuis {readTimeout!.Value.TotalSeconds:F0} s après {length} octets.");
            }
            if (read == 0) break;
            sha.AppendData(buffer, 0, read);
            if (copy is not null) await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            if (head.Length < 512) head.Write(buffer, 0, (int)Math.Min(read, 512 - head.Length));
            length += read;
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), length, head.ToArray());
    }

    private static void CheckContent(long length, byte[] head, string? mediaType)
    {
        if (length == 0) throw new SourceUnavailableException("Fichier vide : la source n'a rien renvoyé.");
        var text = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (mediaType is "text/html" || text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceUnavailableException("La source a renvoyé une page HTML au lieu des données : page d'erreur ou de maintenance, " +
                $"ou page de présentation du jeu de données. Dans ce dernier cas, donner l'URL du fichier dans le paramètre {SourceLocations.LocationSetting}.");
        }
    }
}
