using ECarto.Storage;

namespace ECarto.Ingestion;

/// <summary>
/// A source's validated rows, kept as gzipped JSON lines in <c>snapshots/staged/{source}/{sha256}</c>
/// until a publish composes every source into a data version.
/// </summary>
public sealed class StagedData(ECartoStorage storage)
{
    public static string BlobName(string source, string sha256) => $"staged/{source}/{sha256}.jsonl.gz";

    public async Task<int> WriteAsync<T>(string blobName, IEnumerable<T> items, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        return await JsonLinesBlob.WriteAsync(container.GetBlobClient(blobName), items, cancellationToken);
    }

    public async IAsyncEnumerable<T> ReadAsync<T>(string blobName, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        await foreach (var item in JsonLinesBlob.ReadAsync<T>(container.GetBlobClient(blobName), cancellationToken)) yield return item;
    }
}
