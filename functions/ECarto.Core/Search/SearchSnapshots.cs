using Azure;
using ECarto.Establishments;
using ECarto.Storage;

namespace ECarto.Search;

/// <summary>
/// Every school of a data version in one blob, <c>snapshots/{version}/schools.jsonl.gz</c>, written by
/// the publish: an instance builds its search index from it in about a second, where reading the
/// <c>schools</c> table entity by entity takes several (a cold start on Azure pays it at its first request).
/// </summary>
public sealed class SearchSnapshots(ECartoStorage storage)
{
    public static string BlobName(string version) => $"{version}/schools.jsonl.gz";

    public async Task<int> WriteAsync(string version, IEnumerable<School> schools, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        return await JsonLinesBlob.WriteAsync(container.GetBlobClient(BlobName(version)), schools, cancellationToken);
    }

    /// <summary>The version's schools, or null when it has no snapshot (published before snapshots existed).</summary>
    public async Task<List<School>?> ReadAsync(string version, CancellationToken cancellationToken = default)
    {
        var schools = new List<School>();
        return await ReadEachAsync(version, schools.Add, cancellationToken) ? schools : null;
    }

    /// <summary>
    /// Gives each school of the version to <paramref name="each"/> as it is read, without keeping them;
    /// false when the version has no snapshot.
    /// </summary>
    public async Task<bool> ReadEachAsync(string version, Action<School> each, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        try
        {
            await foreach (var school in JsonLinesBlob.ReadAsync<School>(container.GetBlobClient(BlobName(version)), cancellationToken)) each(school);
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            return false;
        }
        return true;
    }

    /// <summary>The versions that have a snapshot.</summary>
    public async Task<IReadOnlyList<string>> VersionsAsync(CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        var versions = new List<string>();
        await foreach (var item in container.GetBlobsByHierarchyAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "/", "v", cancellationToken))
        {
            if (item.IsPrefix) versions.Add(item.Prefix.TrimEnd('/'));
        }
        return versions;
    }

    public async Task DeleteAsync(string version, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        await container.GetBlobClient(BlobName(version)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }
}
