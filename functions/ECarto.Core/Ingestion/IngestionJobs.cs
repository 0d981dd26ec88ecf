using ECarto.Ingestion.Parsers;
using ECarto.Search;
using ECarto.Sources;
using ECarto.Sources.Inventaire;

namespace ECarto.Ingestion;

/// <summary>A source's ingestion job: its parser, and the setting that holds its schedule.</summary>
public sealed record IngestionJob(SourceDefinition Source, SourceParser Parser);

/// <summary>A scheduled run failed; its run record says why, and the published data did not change.</summary>
public sealed class IngestionFailedException(IngestionRun run)
    : Exception($"Ingestion de « {run.Source} » en échec : {run.Error}")
{
    public IngestionRun Run { get; } = run;
}

/// <summary>
/// Every ingestion job, by source. The timer Functions run one each; the local host runs the same
/// jobs on the same schedules, and all of them when the storage holds no published data yet. After a
/// source's run, a new data version is published if any source has newer data than the served one.
/// </summary>
public sealed class IngestionJobs(IEnumerable<SourceParser> parsers, SourceRunner runner, InventoryIntake intake, Publisher publisher, DataVersions versions, SchoolIndexProvider index)
{
    public IReadOnlyList<IngestionJob> All { get; } = parsers.Select(p => new IngestionJob(p.Source, p)).ToList();

    /// <summary>Runs one source, then publishes if needed; throws when the source's run failed.</summary>
    public async Task<IngestionRun> RunAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        var job = All.FirstOrDefault(j => j.Source.Id == sourceId)
            ?? throw new ArgumentException($"Source inconnue : {sourceId}. Sources : {string.Join(", ", All.Select(j => j.Source.Id))}.", nameof(sourceId));
        var run = await RunJobAsync(job, cancellationToken);
        // Also after a failed or skipped run: an earlier run may have staged data that a killed publish never served.
        await PublishAsync(cancellationToken);
        if (run.Status == RunStatus.Failed) throw new IngestionFailedException(run);
        return run;
    }

    /// <summary>Runs every source, then publishes once; a failed source keeps its last good data.</summary>
    public Task<IReadOnlyList<IngestionRun>> RunAllAsync(CancellationToken cancellationToken = default) => RunThenPublishAsync(All, cancellationToken);

    private async Task<IReadOnlyList<IngestionRun>> RunThenPublishAsync(IEnumerable<IngestionJob> jobs, CancellationToken cancellationToken)
    {
        var runs = new List<IngestionRun>();
        foreach (var job in jobs) runs.Add(await RunJobAsync(job, cancellationToken));
        await PublishAsync(cancellationToken);
        return runs;
    }

    /// <summary>A source's run; the inventaire's also takes the files deposited by collectivités (<see cref="InventoryIntake"/>).</summary>
    private async Task<IngestionRun> RunJobAsync(IngestionJob job, CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync(job.Parser, cancellationToken);
        return job.Source.Id == InventaireSource.Definition.Id ? await intake.RunAsync(run, cancellationToken) : run;
    }

    /// <summary>
    /// Runs the sources named (all when none), then publishes; returns the failed runs. An unknown name is
    /// an error listing the known ones.
    /// </summary>
    public async Task<IReadOnlyList<IngestionRun>> RunSourcesAsync(IReadOnlyList<string> sources, CancellationToken cancellationToken = default)
    {
        var unknown = sources.Where(id => All.All(j => j.Source.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Source(s) inconnue(s) : {string.Join(", ", unknown)}. Sources : {string.Join(", ", All.Select(j => j.Source.Id))}.", nameof(sources));
        }
        var runs = await RunThenPublishAsync(All.Where(j => sources.Count == 0 || sources.Contains(j.Source.Id)), cancellationToken);
        return runs.Where(r => r.Status == RunStatus.Failed).ToList();
    }

    /// <summary>
    /// Runs every job when the served version lacks a source (nothing published yet, or a source added
    /// since) or has an older layout; returns whether it did. Unchanged sources are skipped by their hash.
    /// </summary>
    public async Task<bool> EnsureDataAsync(CancellationToken cancellationToken = default)
    {
        var current = await versions.CurrentAsync(cancellationToken);
        if (current is not null && current.IsCurrentLayout && All.All(j => current.Sources.ContainsKey(j.Source.Id))) return false;
        await RunAllAsync(cancellationToken);
        return true;
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishIfStaleAsync(cancellationToken);
        }
        finally
        {
            index.Invalidate();
        }
    }
}
