using Azure.Data.Tables;
using ECarto.Storage;

namespace ECarto.Ingestion;

/// <summary>
/// What the last good run of a source left: the hash and HTTP validators of its file (to skip an
/// unchanged one), where its raw copy and its validated rows (staged) are, and the run that made them;
/// where the file was read (<c>Location</c>: for a production source, the URL its publisher's API
/// designated) and the date the publisher gave it (<c>PublishedAt</c>); how many rows that run accepted
/// (<c>Accepted</c>; null in states written before it was recorded), the yardstick of the next file.
/// </summary>
public sealed record SourceState(
    string Source,
    string Hash,
    string? ETag,
    DateTimeOffset? LastModified,
    string RawBlob,
    string StagedBlob,
    string SourceDate,
    string RunId,
    int StagedCount,
    string? Location = null,
    DateTimeOffset? PublishedAt = null,
    int? Accepted = null);

/// <summary>The source states, in the <c>versions</c> table (partition « sources »).</summary>
public sealed class SourceStates(ECartoStorage storage)
{
    private const string Partition = "sources";

    public async Task<SourceState?> GetAsync(string source, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.VersionsTable, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, source, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? FromEntity(e) : null;
    }

    public async Task<IReadOnlyDictionary<string, SourceState>> AllAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.VersionsTable, cancellationToken);
        var states = new Dictionary<string, SourceState>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            states[e.RowKey] = FromEntity(e);
        }
        return states;
    }

    public async Task SaveAsync(SourceState state, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.VersionsTable, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Partition, state.Source)
        {
            ["Hash"] = state.Hash,
            ["ETag"] = state.ETag,
            ["LastModified"] = state.LastModified,
            ["RawBlob"] = state.RawBlob,
            ["StagedBlob"] = state.StagedBlob,
            ["SourceDate"] = state.SourceDate,
            ["RunId"] = state.RunId,
            ["StagedCount"] = state.StagedCount,
            ["Location"] = state.Location,
            ["PublishedAt"] = state.PublishedAt,
            ["Accepted"] = state.Accepted,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    private static SourceState FromEntity(TableEntity e) => new(
        e.RowKey,
        e.GetString("Hash") ?? "",
        e.GetString("ETag"),
        e.GetDateTimeOffset("LastModified"),
        e.GetString("RawBlob") ?? "",
        e.GetString("StagedBlob") ?? "",
        e.GetString("SourceDate") ?? "",
        e.GetString("RunId") ?? "",
        e.GetInt32("StagedCount") ?? 0,
        e.GetString("Location"),
        e.GetDateTimeOffset("PublishedAt"),
        e.GetInt32("Accepted"));
}
