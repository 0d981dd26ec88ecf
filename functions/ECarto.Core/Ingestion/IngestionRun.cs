using Azure.Data.Tables;
using ECarto.Storage;

namespace ECarto.Ingestion;

/// <summary>The states of a run, as recorded.</summary>
public static class RunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Skipped = "skipped";
    public const string Failed = "failed";

    /// <summary>Found still « running » by a later run: its process died (killed, restarted).</summary>
    public const string Interrupted = "interrupted";
}

/// <summary>What one run of one source did: read = accepted + rejected.</summary>
public sealed record IngestionRun
{
    public required string Source { get; init; }
    public required string RunId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public required string Status { get; init; }
    public int Read { get; init; }
    public int Accepted { get; init; }
    public int Rejected { get; init; }
    public int Written { get; init; }
    public string? SourceDate { get; init; }
    public string? SourceLocation { get; init; }
    public string? RejectReport { get; init; }
    public string? Error { get; init; }
    public string? Hash { get; init; }
    public string? RawBlob { get; init; }

    /// <summary>
    /// When the file was resolved through its publisher's API: the API asked, what it designated, and the
    /// date it gives the file (<see cref="SourceLocation"/> is then the resolved URL).
    /// </summary>
    public string? ResolvedBy { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>Why nothing was ingested (unchanged file), when the run was skipped; what the deposits gave (inventaire).</summary>
    public string? Note { get; init; }

    /// <summary>Inventaire only: files found in the deposit container (<c>inventaires</c>).</summary>
    public int? DepositedFiles { get; init; }

    /// <summary>Inventaire only: deposited files read by this run (new, or replaced since the last one: their ETag changed).</summary>
    public int? DepositedFilesRead { get; init; }

    /// <summary>Inventaire only: rows of the files validated by this run (new content) that were accepted, and rejected.</summary>
    public int? DepositedRowsAccepted { get; init; }

    public int? DepositedRowsRejected { get; init; }

    public double DurationSeconds => ((EndedAt ?? DateTimeOffset.UtcNow) - StartedAt).TotalSeconds;
}

/// <summary>The <c>runs</c> table: PartitionKey = source id, RowKey = run id (newest first).</summary>
public sealed class RunLog(ECartoStorage storage)
{
    public async Task RecordAsync(IngestionRun run, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.RunsTable, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(run.Source, run.RunId)
        {
            ["StartedAt"] = run.StartedAt,
            ["EndedAt"] = run.EndedAt,
            ["Status"] = run.Status,
            ["Read"] = run.Read,
            ["Accepted"] = run.Accepted,
            ["Rejected"] = run.Rejected,
            ["Written"] = run.Written,
            ["DurationSeconds"] = run.DurationSeconds,
            ["SourceDate"] = run.SourceDate,
            ["SourceLocation"] = run.SourceLocation,
            ["RejectReport"] = run.RejectReport,
            ["Error"] = run.Error,
            ["Hash"] = run.Hash,
            ["RawBlob"] = run.RawBlob,
            ["Note"] = run.Note,
            ["ResolvedBy"] = run.ResolvedBy,
            ["PublishedAt"] = run.PublishedAt,
            ["DepositedFiles"] = run.DepositedFiles,
            ["DepositedFilesRead"] = run.DepositedFilesRead,
            ["DepositedRowsAccepted"] = run.DepositedRowsAccepted,
            ["DepositedRowsRejected"] = run.DepositedRowsRejected,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Marks the source's runs still « running » as interrupted: a source's runs never overlap (one timer
    /// each, a singleton), so one found running when a new one starts died with its process.
    /// </summary>
    public async Task<int> MarkInterruptedAsync(string source, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.RunsTable, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {source} and Status eq {RunStatus.Running}");
        var count = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entity["Status"] = RunStatus.Interrupted;
            entity["Error"] = "exécution interrompue (processus arrêté avant la fin) ; les données publiées n'ont pas changé";
            await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            count++;
        }
        return count;
    }

    /// <summary>The most recent runs, newest first, of every source or of one.</summary>
    public async Task<IReadOnlyList<TableEntity>> RecentAsync(string? source, int count, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.RunsTable, cancellationToken);
        var query = source is null
            ? table.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {source}"), cancellationToken: cancellationToken);
        var runs = new List<TableEntity>();
        await foreach (var entity in query) runs.Add(entity);
        return runs.OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(count).ToList();
    }

    /// <summary>
    /// A run id sorts newest first in a table (RowKeys sort ascending) and still reads as a date.
    /// </summary>
    public static string NewRunId(DateTimeOffset now) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{now:yyyyMMddTHHmmssZ}";
}
