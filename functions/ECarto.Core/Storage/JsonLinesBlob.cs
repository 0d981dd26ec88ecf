using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Storage.Blobs;

namespace ECarto.Storage;

/// <summary>Items as gzipped JSON lines in one blob, written and read as a stream (never the whole blob in memory).</summary>
public static class JsonLinesBlob
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> WriteAsync<T>(BlobClient blob, IEnumerable<T> items, CancellationToken cancellationToken)
    {
        var count = 0;
        await using (var stream = await blob.OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken))
        await using (var gzip = new GZipStream(stream, CompressionLevel.Fastest))
        {
            foreach (var item in items)
            {
                await JsonSerializer.SerializeAsync(gzip, item, Json, cancellationToken);
                gzip.WriteByte((byte)'\n');
                count++;
            }
        }
        return count;
    }

    public static async IAsyncEnumerable<T> ReadAsync<T>(BlobClient blob, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
        await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            yield return JsonSerializer.Deserialize<T>(line, Json) ?? throw new InvalidDataException($"Ligne vide dans {blob.Name}");
        }
    }

    /// <summary>Every line as its UTF-8 bytes, not deserialized: to keep items compactly and read one on demand (<see cref="Deserialize{T}"/>).</summary>
    public static async IAsyncEnumerable<byte[]> ReadLinesAsync(BlobClient blob, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
        await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0) yield return System.Text.Encoding.UTF8.GetBytes(line);
        }
    }

    /// <summary>One line of <see cref="ReadLinesAsync"/>, with the options it was written with.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> line) =>
        JsonSerializer.Deserialize<T>(line, Json) ?? throw new InvalidDataException("Ligne JSON vide.");
}
