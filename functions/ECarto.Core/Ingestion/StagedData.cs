using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ECarto.Storage;

namespace ECarto.Ingestion;

/// <summary>
/// A source's validated rows, kept as gzipped JSON lines in <c>snapshots/staged/{source}/{sha256}</c>
/// until a publish composes every source into a data version.
/// </summary>
public sealed class StagedData(ECartoStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string BlobName(string source, string sha256) => $"staged/{source}/{sha256}.jsonl.gz";

    public async Task<int> WriteAsync<T>(string blobName, IEnumerable<T> items, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        var blob = container.GetBlobClient(blobName);
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

    public async IAsyncEnumerable<T> ReadAsync<T>(string blobName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        await using var stream = await container.GetBlobClient(blobName).OpenReadAsync(cancellationToken: cancellationToken);
        await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            yield return JsonSerializer.Deserialize<T>(line, Json) ?? throw new InvalidDataException($"Ligne vide dans {blobName}");
        }
    }
}
