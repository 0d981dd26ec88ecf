using Azure.Data.Tables;
using ECarto.Storage;

namespace ECarto.Ingestion;

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
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// A run id sorts newest first in a table (RowKeys sort ascending) and still reads as a date.
    /// </summary>
    public static string NewRunId(DateTimeOffset now) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{now:yyyyMMddTHHmmssZ}";
}
