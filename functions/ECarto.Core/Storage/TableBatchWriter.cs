using Azure.Data.Tables;

namespace ECarto.Storage;

/// <summary>
/// Writes entities with entity-group transactions: at most 100 entities, all of one partition, per
/// transaction; partitions are written in parallel.
/// </summary>
public static class TableBatchWriter
{
    public const int MaxBatchSize = 100;

    public static async Task<int> UpsertAsync(
        TableClient table,
        IEnumerable<ITableEntity> entities,
        int maxParallelism = 8,
        CancellationToken cancellationToken = default)
    {
        var batches = entities
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxBatchSize))
            .ToList();

        var written = 0;
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                var actions = batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
                await table.SubmitTransactionAsync(actions, ct);
                Interlocked.Add(ref written, batch.Length);
            });
        return written;
    }
}
