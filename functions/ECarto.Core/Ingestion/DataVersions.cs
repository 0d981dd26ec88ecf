using Azure.Data.Tables;
using ECarto.Storage;

namespace ECarto.Ingestion;

/// <summary>The data version the API serves, in the <c>versions</c> table (one row, switched at publish).</summary>
public sealed record PublishedVersion(string Version, DateTimeOffset PublishedAt, string Sources);

public sealed class DataVersions(ECartoStorage storage)
{
    private const string Partition = "published";
    private const string Current = "current";

    public async Task<PublishedVersion?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.VersionsTable, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Current, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } entity) return null;
        return new PublishedVersion(
            entity.GetString("Version") ?? "",
            entity.GetDateTimeOffset("PublishedAt") ?? DateTimeOffset.MinValue,
            entity.GetString("Sources") ?? "");
    }

    public async Task PublishAsync(PublishedVersion version, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.VersionsTable, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Partition, Current)
        {
            ["Version"] = version.Version,
            ["PublishedAt"] = version.PublishedAt,
            ["Sources"] = version.Sources,
        }, TableUpdateMode.Replace, cancellationToken);
    }
}
