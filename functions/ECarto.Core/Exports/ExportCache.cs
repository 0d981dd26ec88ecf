using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ECarto.Storage;

namespace ECarto.Exports;

/// <summary>
/// Exports made once per data version and kept in Blob Storage (<c>exports/{version}/…</c>): a second
/// request for the same file is a blob read. A version's files go with its version
/// (<see cref="RemoveVersionsExceptAsync"/>, called by the publisher's clean-up).
/// </summary>
public sealed class ExportCache(ECartoStorage storage)
{
    public static string Key(string version, string path) => $"{version}/{path}";

    /// <summary>The cached file, or null when it has not been made for this version yet.</summary>
    public async Task<byte[]?> TryReadAsync(string version, string path, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.ExportsContainer, cancellationToken);
        try
        {
            var content = await container.GetBlobClient(Key(version, path)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task WriteAsync(string version, string path, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.ExportsContainer, cancellationToken);
        // Two instances may make the same file at once: both write the same bytes, the last one wins.
        await container.GetBlobClient(Key(version, path)).UploadAsync(BinaryData.FromBytes(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
    }

    /// <summary>Removes the files of every version but <paramref name="kept"/>; returns the versions removed.</summary>
    public async Task<IReadOnlyList<string>> RemoveVersionsExceptAsync(IReadOnlyCollection<string?> kept, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.ExportsContainer, cancellationToken);
        var removed = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var version = blob.Name.Split('/', 2)[0];
            if (kept.Contains(version)) continue;
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            removed.Add(version);
        }
        return removed.ToList();
    }
}
