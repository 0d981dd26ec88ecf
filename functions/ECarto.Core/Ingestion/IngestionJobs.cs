using ECarto.Search;
using ECarto.Sources;

namespace ECarto.Ingestion;

/// <summary>A source's ingestion job and the setting that holds its schedule.</summary>
public sealed record IngestionJob(SourceDefinition Source, Func<CancellationToken, Task<IngestionRun>> RunAsync);

/// <summary>
/// Every ingestion job, by source. The timer Functions run one each; the local host runs the same
/// jobs on the same schedules, and all of them when the storage holds no published data yet.
/// </summary>
public sealed class IngestionJobs(AnnuaireIngestion annuaire, DataVersions versions, SchoolIndexProvider index)
{
    public IReadOnlyList<IngestionJob> All =>
    [
        new(SourceCatalog.Annuaire, annuaire.RunAsync),
    ];

    public async Task<IngestionRun> RunAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        var job = All.FirstOrDefault(j => j.Source.Id == sourceId)
            ?? throw new ArgumentException($"Source inconnue : {sourceId}", nameof(sourceId));
        try
        {
            return await job.RunAsync(cancellationToken);
        }
        finally
        {
            index.Invalidate();
        }
    }

    /// <summary>Runs every job when no data version has been published yet; returns whether it did.</summary>
    public async Task<bool> EnsureDataAsync(CancellationToken cancellationToken = default)
    {
        if (await versions.CurrentAsync(cancellationToken) is not null) return false;
        foreach (var job in All)
        {
            await RunAsync(job.Source.Id, cancellationToken);
        }
        return true;
    }
}
