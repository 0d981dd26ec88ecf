using System.Diagnostics;
using Azure.Data.Tables;
using ECarto.Storage;

namespace ECarto.Benchmarks;

/// <summary>One table of a published version, read back whole.</summary>
public sealed record VersionTable(string Name, IReadOnlyList<TableEntity> Entities);

/// <summary>Reads a published version's tables back, and writes the same entities again, batched or one by one.</summary>
public static class VersionTables
{
    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>
    /// Every table of <paramref name="version"/> (names ending with the version id: <c>schools{v}</c>,
    /// <c>territories{v}</c>, and whatever else the publish wrote), its entities stripped of the
    /// service's own properties (ETag, Timestamp) so they can be written anew.
    /// </summary>
    public static async Task<List<VersionTable>> ReadAsync(ECartoStorage storage, string version, CancellationToken cancellationToken)
    {
        var result = new List<VersionTable>();
        foreach (var name in (await storage.ListTablesAsync("", cancellationToken)).Where(n => n.EndsWith(version, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var table = await storage.TableAsync(name, cancellationToken);
            var entities = new List<TableEntity>();
            await foreach (var entity in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                var copy = new TableEntity(entity.PartitionKey, entity.RowKey);
                foreach (var (key, value) in entity)
                {
                    if (!SystemProperties.Contains(key)) copy[key] = value;
                }
                entities.Add(copy);
            }
            result.Add(new VersionTable(name, entities));
        }
        return result;
    }

    /// <summary>The same entities through the publish's writer (TableBatchWriter): transactions of 100, partitions in parallel.</summary>
    public static async Task<int> WriteBatchedAsync(ECartoStorage target, IEnumerable<VersionTable> tables, int maxParallelism, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var source in tables)
        {
            var table = await target.TableAsync(source.Name, cancellationToken);
            written += await TableBatchWriter.UpsertAsync(table, source.Entities, maxParallelism, cancellationToken);
        }
        return written;
    }

    /// <summary>
    /// Like TableBatchWriter (same grouping, transactions of 100, partitions in parallel) but with another
    /// action: to measure, for instance, inserts (<see cref="TableTransactionActionType.Add"/>) into the
    /// fresh tables of a version instead of upserts.
    /// </summary>
    public static async Task<int> WriteBatchedAsync(ECartoStorage target, IEnumerable<VersionTable> tables, int maxParallelism, TableTransactionActionType action, CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var source in tables)
        {
            var table = await target.TableAsync(source.Name, cancellationToken);
            var batches = source.Entities
                .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
                .SelectMany(partition => partition.Chunk(TableBatchWriter.MaxBatchSize))
                .ToList();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken }, async (batch, ct) =>
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(action, e)), ct);
                Interlocked.Add(ref written, batch.Length);
            });
        }
        return written;
    }

    /// <summary>The baseline: one <c>UpsertEntityAsync</c> per entity, in order, no batch, no parallelism.</summary>
    public static async Task<(int Written, TimeSpan Elapsed)> WriteOneByOneAsync(ECartoStorage target, IEnumerable<(string Table, TableEntity Entity)> entities, CancellationToken cancellationToken)
    {
        var clients = new Dictionary<string, TableClient>(StringComparer.Ordinal);
        var written = 0;
        var clock = Stopwatch.StartNew();
        foreach (var (name, entity) in entities)
        {
            if (!clients.TryGetValue(name, out var table)) clients[name] = table = await target.TableAsync(name, cancellationToken);
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            written++;
        }
        return (written, clock.Elapsed);
    }
}
